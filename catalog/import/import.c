/*
 * import.c: the import driver. Reads records from CSV, TSV, a JSON array or
 * JSON lines, maps them to products (or hands them to the order importer)
 * and writes them in one transaction.
 *
 * Decisions worth knowing (README and `clerk import --help` say them too):
 * - text must be valid UTF-8: a bad byte makes the row bad, naming the line
 *   and field; nothing is repaired silently;
 * - a CSV field is limited to 1 MiB, a row (CSV record or JSON element) to
 *   4 MiB and 4096 values; a row over a limit is bad, the file is read on;
 * - descriptions and names go through html_to_text(), so HTML from Shopify
 *   or any feed becomes plain text;
 * - a sale price, when given and valid, is the price; an availability word
 *   ("in stock", "out of stock", "preorder") sets the stock to 1 or 0 when no
 *   quantity is given;
 * - Shopify variant rows (same Handle, empty Title) fold into their product:
 *   the lowest variant price, the sum of the stock, option values (Color,
 *   Size, ...) as attributes;
 * - a CSV header with more ';' than ',' makes ';' the separator;
 * - a JSON file that is one object wrapping an array of records, as shop
 *   APIs answer ({"products": [...]}), is unwrapped (read whole, so within
 *   16 MiB and 262144 values);
 * - a value that does not fit a column only guessed by alias ("quantity":
 *   "12 pack") stays a feature; under the field's own name it fails the row;
 * - keys no field takes become attribute rows, named, paired with their
 *   units, hidden when they are links, codes or time stamps, dropped when
 *   they are personal data (attr_rows.h); JSON arrays of reviews go to the
 *   reviews table and name/value lists become attributes (review_json.h,
 *   json_pairs.h); e-mail addresses are cut out of every text;
 * - an Akeneo PIM export is read in one locale, channel and currency, its
 *   codes as words, and its variants fold into their product models
 *   (akeneo.h).
 */
#include "catalog/import/import.h"

#include <cjson/cJSON.h>
#include <pthread.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <strings.h>
#include <unistd.h>

#include "catalog/import/akeneo.h"
#include "catalog/import/attr_rows.h"
#include "catalog/import/bulk_load.h"
#include "catalog/import/ebay.h"
#include "catalog/store/catalog_int.h"
#include "catalog/import/csv.h"
#include "catalog/import/feed_state.h"
#include "catalog/store/fts_tokenizer.h"
#include "catalog/import/html.h"
#include "catalog/store/index_language.h"
#include "catalog/import/import_orders.h"
#include "catalog/import/record.h"
#include "catalog/import/json_pairs.h"
#include "catalog/import/jsonsplit.h"
#include "catalog/import/mapping.h"
#include "catalog/import/price.h"
#include "catalog/import/review_json.h"
#include "catalog/store/attributes.h"
#include "catalog/store/product.h"
#include "catalog/store/reviews.h"
#include "catalog/import/source.h"
#include "common/buf.h"
#include "common/sanitize.h"
#include "common/xalloc.h"
#include "nlu/text/valueshape.h"
#include "nlu/text/ages.h"
#include "nlu/text/language.h"
#include "nlu/text/token.h"

/* Page cache for the import's transaction, in KiB: fixed, so that an
 * import's memory does not grow with its source. Pages beyond it spill to
 * the database file (with the rollback journal, a new page is written
 * once and not journalled) and are read back from the operating system's
 * file cache. Caching a 1,000,000-product database whole took 1 GB for
 * no measurable gain in the writer's CPU time (bench/import.sh). */
#define IMPORT_CACHE_KIB (64 * 1024)
#define SHOPIFY_OPTIONS 3
/* Rows parsed ahead of the database writes (see struct pipeline), and the
 * memory they may hold: a ring of rows with megabyte descriptions, each
 * tokenized ahead, would otherwise hold most of a gigabyte. A slot whose
 * row took more than PIPELINE_SLOT_KEEP gives its memory back once
 * written. */
#define PIPELINE_SLOTS 64
#define PIPELINE_MAX_BYTES (16 * 1024 * 1024)
#define PIPELINE_SLOT_KEEP (256 * 1024)
/* Values in one JSON element; joining repeated keys is quadratic in it. */
#define JSON_MAX_VALUES 4096
/* Bytes of one JSON element (CSV_MAX_RECORD for CSV): a row's memory is a
 * few times its size, and a ring of rows is in flight. Only a wrapper
 * object, read whole, may be longer (up to JSONSPLIT_MAX). */
#define JSON_MAX_ROW (4 * 1024 * 1024)

/* A value quoted for a message: at most 40 bytes, cut on a character. */
static char *quote_value(const char *s)
{
	size_t n = strlen(s);
	if (n <= 40)
		return xasprintf("\"%s\"", s);
	size_t cut = 40;
	while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
		cut--;
	return xasprintf("\"%.*s...\"", (int)cut, s);
}

/* ---- reading records ---- */

struct flat {
	size_t key, val, len; /* offsets into store */
	int group;            /* the first entry with the same key */
};

struct reader {
	struct source *src;
	enum import_format format;
	struct csv_reader *csv;
	struct jsonsplit *js;
	char **header;
	size_t nheader;
	size_t ordinal;
	/* JSON flattening */
	struct buf path, store, joined;
	struct flat *flat;
	size_t nflat, flatcap;
	size_t *val_off;
	bool *val_joined;
	struct review_list reviews; /* taken out of the record being flattened */
	/* A file that is one object wrapping the records ({"products": [...]},
	 * as shop APIs answer) is read whole and unwrapped. */
	struct mapping *m;
	cJSON *wrapper;
	const cJSON *next_item;
	size_t item_index;
	/* JSON lines whose children follow them, each naming it in
	 * "__parentId" (Shopify's bulk operation output): bulk_record() */
	bool child_lines;
	/* the record read after the header to choose it (read_header()), handed
	 * out first when it is data */
	struct held_record {
		char **fields;
		size_t *lens, n, line;
		const char *problem;
		size_t problem_field;
		bool full;
	} after_header;
	/* the record handed out */
	const char **keys, **values;
	size_t *lens;
	size_t cap;
};

static void held_record_clear(struct held_record *h)
{
	for (size_t i = 0; i < h->n; i++)
		free(h->fields[i]);
	free(h->fields);
	free(h->lens);
	memset(h, 0, sizeof *h);
}

static void held_record_take(struct held_record *h, const struct csv_record *rec)
{
	held_record_clear(h);
	h->fields = xmalloc(rec->n * sizeof *h->fields);
	h->lens = xmalloc(rec->n * sizeof *h->lens);
	for (size_t i = 0; i < rec->n; i++) {
		h->fields[i] = xmalloc(rec->lens[i] + 1);
		memcpy(h->fields[i], rec->fields[i], rec->lens[i]);
		h->fields[i][rec->lens[i]] = '\0';
		h->lens[i] = rec->lens[i];
	}
	h->n = rec->n;
	h->line = rec->line;
	h->problem = rec->problem;
	h->problem_field = rec->problem_field;
	h->full = true;
}

static void reader_reserve(struct reader *rd, size_t n)
{
	if (n <= rd->cap)
		return;
	size_t cap = rd->cap;
	rd->keys = xgrow(rd->keys, &cap, n, sizeof *rd->keys);
	cap = rd->cap;
	rd->values = xgrow(rd->values, &cap, n, sizeof *rd->values);
	cap = rd->cap;
	rd->lens = xgrow(rd->lens, &cap, n, sizeof *rd->lens);
	cap = rd->cap;
	rd->val_off = xgrow(rd->val_off, &cap, n, sizeof *rd->val_off);
	cap = rd->cap;
	rd->val_joined = xgrow(rd->val_joined, &cap, n, sizeof *rd->val_joined);
	rd->cap = cap;
}

static void reader_free(struct reader *rd)
{
	cJSON_Delete(rd->wrapper);
	csv_reader_free(rd->csv);
	jsonsplit_free(rd->js);
	for (size_t i = 0; i < rd->nheader; i++)
		free(rd->header[i]);
	free(rd->header);
	held_record_clear(&rd->after_header);
	buf_release(&rd->path);
	buf_release(&rd->store);
	buf_release(&rd->joined);
	free(rd->flat);
	free(rd->keys);
	free(rd->values);
	free(rd->lens);
	free(rd->val_off);
	free(rd->val_joined);
	review_list_release(&rd->reviews);
}

/* Guesses the format from the first bytes and the name. */
static enum import_format guess_format(struct reader *rd, const char *spec,
                                       enum import_preset preset, char **err)
{
	const char *data;
	ssize_t n = source_peek(rd->src, &data, err);
	if (n < 0)
		return IMPORT_AUTO;
	ssize_t i = 0;
	if (n >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
		i = 3;
	while (i < n && isspace((unsigned char)data[i]))
		i++;
	if (i < n && data[i] == '[')
		return IMPORT_JSON;
	if (i < n && data[i] == '{')
		return IMPORT_JSONL;
	const char *dot = strrchr(spec, '.');
	if (dot && (!strcasecmp(dot, ".tsv") || !strcasecmp(dot, ".tab")))
		return IMPORT_TSV;
	/* Otherwise the first line decides: tabs and no commas is TSV. */
	size_t tabs = 0, commas = 0;
	for (; i < n && data[i] != '\n'; i++) {
		tabs += data[i] == '\t';
		commas += data[i] == ',';
	}
	if (tabs > commas || (preset == PRESET_GMC && tabs))
		return IMPORT_TSV;
	return IMPORT_CSV;
}

/* Spreadsheets in many locales write CSV with ';' (the ',' being their
 * decimal mark): a header line with more semicolons than commas says so. */
static char csv_separator(struct reader *rd, char **err)
{
	const char *data;
	ssize_t n = source_peek(rd->src, &data, err);
	size_t semicolons = 0, commas = 0;
	bool quoted = false;
	for (ssize_t i = 0; i < n && (quoted || data[i] != '\n'); i++) {
		quoted ^= data[i] == '"';
		semicolons += !quoted && data[i] == ';';
		commas += !quoted && data[i] == ',';
	}
	return semicolons > commas ? ';' : ',';
}

/* Do the n bytes at data hold the text s? */
static bool bytes_hold(const char *data, size_t n, const char *s)
{
	size_t len = strlen(s);
	for (const char *p = data; len <= n && (size_t)(p - data) <= n - len; p++) {
		p = memchr(p, s[0], n - len + 1 - (size_t)(p - data));
		if (!p)
			return false;
		if (!memcmp(p, s, len))
			return true;
	}
	return false;
}

static int reader_open(struct reader *rd, const char *spec, const struct import_options *o,
                       const struct feed_state *last, char **err)
{
	memset(rd, 0, sizeof *rd);
	review_list_init(&rd->reviews);
	buf_init(&rd->path);
	buf_init(&rd->store);
	buf_init(&rd->joined);
	const struct source_fetch fetch = {
	        .timeout = o->http_timeout,
	        .ca_file = o->ca_file,
	        .etag = last->etag,
	        .last_modified = last->last_modified,
	        .progress = o->progress,
	        .progress_ctx = o->progress_ctx,
	};
	if (source_open_fetch(spec, &fetch, &rd->src, err) < 0)
		return -1;
	if (source_unchanged(rd->src))
		return 0;
	rd->format = o->format;
	if (rd->format == IMPORT_AUTO) {
		*err = NULL;
		rd->format = guess_format(rd, spec, o->preset, err);
		if (rd->format == IMPORT_AUTO)
			return -1;
	}
	switch (rd->format) {
	case IMPORT_CSV:
	case IMPORT_TSV:
		rd->csv = csv_reader_new(source_input(rd->src),
		                         rd->format == IMPORT_TSV ? '\t' : csv_separator(rd, err));
		break;
	default:
		rd->js = jsonsplit_new(source_input(rd->src), rd->format == IMPORT_JSON);
		const char *data;
		ssize_t n = source_peek(rd->src, &data, err);
		rd->child_lines = rd->format == IMPORT_JSONL && n > 0 &&
		                  bytes_hold(data, (size_t)n, "\"__parentId\"");
		break;
	}
	return 0;
}

static int header_of(struct reader *rd, const struct csv_record *r, char **err);

static size_t filled_fields(const struct held_record *h)
{
	size_t n = 0;
	for (size_t i = 0; i < h->n; i++)
		n += *record_skip_ws(h->fields[i]) != '\0';
	return n;
}

/* Is every filled field of h a field's name as a program writes it
 * ("item_sku", "standard_price", "bullet_point1"), some with "_"? */
static bool names_fields(const struct held_record *h)
{
	size_t named = 0, joined = 0;
	for (size_t i = 0; i < h->n; i++) {
		const char *v = h->fields[i];
		if (!*v)
			continue;
		if (!islower((unsigned char)v[0]))
			return false;
		for (const char *c = v; *c; c++)
			if (!islower((unsigned char)*c) && !isdigit((unsigned char)*c) && *c != '_')
				return false;
		named++;
		joined += strchr(v, '_') != NULL;
	}
	return named >= 2 && joined * 2 >= named;
}

/* Rows that come before the header: a title, or an export's own
 * metadata ("TemplateType=fptcustom  Version=2023.0414", the first row of
 * an Amazon inventory file), have a few fields filled (at most
 * TITLE_FIELDS), fewer than half of the row after them, which is the
 * header; at most MAX_TITLE_ROWS are passed over. A header that leaves
 * many columns unnamed still names more than a title says. */
#define MAX_TITLE_ROWS 5
#define TITLE_FIELDS 4

/* Reads the header into rd. The record after it is read too, to tell a
 * title row from the header, and kept in rd->after_header for next_csv();
 * a second naming of the columns right after the header ("Seller SKU",
 * then "item_sku": Amazon's labels, then its field names) is no data and
 * is dropped. */
static int read_header(struct reader *rd, char **err)
{
	struct csv_record rec;
	int rc = csv_read(rd->csv, &rec, err);
	if (rc <= 0) {
		if (rc == 0)
			*err = xstrdup("the file is empty (no header line)");
		return -1;
	}
	struct held_record first = {0};
	for (int titles = 0; titles <= MAX_TITLE_ROWS; titles++) {
		held_record_take(&first, &rec);
		if ((rc = csv_read(rd->csv, &rec, err)) < 0) {
			held_record_clear(&first);
			return -1;
		}
		if (rc == 0) {
			held_record_clear(&rd->after_header);
			break;
		}
		held_record_take(&rd->after_header, &rec);
		if (first.problem || titles == MAX_TITLE_ROWS || filled_fields(&first) > TITLE_FIELDS ||
		    filled_fields(&first) * 2 >= filled_fields(&rd->after_header))
			break;
	}
	if (rd->after_header.full && !rd->after_header.problem && names_fields(&rd->after_header) &&
	    filled_fields(&rd->after_header) * 2 >= filled_fields(&first))
		held_record_clear(&rd->after_header);
	rec = (struct csv_record){.fields = (const char *const *)first.fields,
	                          .lens = first.lens,
	                          .n = first.n,
	                          .line = first.line,
	                          .problem = first.problem,
	                          .problem_field = first.problem_field};
	rc = header_of(rd, &rec, err);
	held_record_clear(&first);
	return rc;
}

static int header_of(struct reader *rd, const struct csv_record *r, char **err)
{
	struct csv_record rec = *r;
	if (rec.problem) {
		*err = xasprintf("line %zu (the header): %s", rec.line, rec.problem);
		return -1;
	}
	rd->header = xmalloc(rec.n * sizeof *rd->header);
	rd->nheader = rec.n;
	for (size_t i = 0; i < rec.n; i++) {
		if (record_invalid_utf8(rec.fields[i], rec.lens[i]) >= 0) {
			for (size_t k = 0; k < i; k++)
				free(rd->header[k]);
			rd->nheader = 0;
			*err = xasprintf("line %zu (the header), column %zu: invalid UTF-8",
			                 rec.line, i + 1);
			return -1;
		}
		/* Names are trimmed; an empty one gets its column number. */
		const char *s = rec.fields[i];
		size_t n = rec.lens[i];
		while (n && isspace((unsigned char)*s))
			s++, n--;
		while (n && isspace((unsigned char)s[n - 1]))
			n--;
		rd->header[i] = n ? xstrndup(s, n) : xasprintf("column %zu", i + 1);
	}
	return 0;
}

static int next_csv(struct reader *rd, struct record *r, const char *source, char **err)
{
	struct csv_record rec;
	int rc;
	struct held_record *kept = &rd->after_header;
	if (kept->full) {
		/* the record read with the header: handed out once, and its
		 * fields freed with the next record */
		rec = (struct csv_record){.fields = (const char *const *)kept->fields,
		                          .lens = kept->lens,
		                          .n = kept->n,
		                          .line = kept->line,
		                          .problem = kept->problem,
		                          .problem_field = kept->problem_field};
		kept->full = false;
		rc = 1;
	} else {
		held_record_clear(kept);
		rc = csv_read(rd->csv, &rec, err);
	}
	if (rc < 0) {
		char *inner = *err;
		*err = xasprintf("%s %s", source, inner);
		free(inner);
		return IMPORT_FATAL;
	}
	if (rc == 0)
		return 0;
	r->pos = rec.line;
	r->by_index = false;
	r->ordinal = rd->ordinal++;
	reader_reserve(rd, rec.n);
	size_t n = rec.n;
	if (n > rd->nheader) {
		/* Trailing empty fields are harmless; anything else is not. */
		size_t last = n;
		while (last > rd->nheader && rec.lens[last - 1] == 0)
			last--;
		if (last > rd->nheader) {
			r->n = 0;
			*err = record_where(source, r, NULL, "%zu fields, but the header names %zu",
			                    rec.n, rd->nheader);
			return IMPORT_BAD;
		}
		n = rd->nheader;
	}
	for (size_t i = 0; i < n; i++) {
		rd->keys[i] = rd->header[i];
		rd->values[i] = rec.fields[i];
		rd->lens[i] = rec.lens[i];
	}
	r->keys = rd->keys;
	r->values = rd->values;
	r->lens = rd->lens;
	r->n = n;
	if (rec.problem) {
		*err = record_where(source, r,
		                    rec.problem_field < rd->nheader ? rd->header[rec.problem_field]
		                                                    : NULL,
		                    "%s", rec.problem);
		return IMPORT_BAD;
	}
	return 1;
}

static void flat_add(struct reader *rd, const char *value, size_t len)
{
	rd->flat = xgrow(rd->flat, &rd->flatcap, rd->nflat + 1, sizeof *rd->flat);
	struct flat *f = &rd->flat[rd->nflat++];
	f->key = rd->store.len;
	buf_add(&rd->store, rd->path.s, rd->path.len + 1);
	f->val = rd->store.len;
	f->len = len;
	buf_add(&rd->store, value, len);
	buf_addc(&rd->store, '\0');
}

static void flatten_value(struct reader *rd, const cJSON *v);

/* One value of a name/value list, as if it were at path.name. */
static void flatten_pair(void *ctx, const char *name, const char *value, size_t len)
{
	struct reader *rd = ctx;
	size_t mark = rd->path.len;
	if (mark)
		buf_addc(&rd->path, '.');
	buf_adds(&rd->path, name);
	flat_add(rd, value, len);
	rd->path.len = mark;
	rd->path.s[mark] = '\0';
}

static void flatten_object(struct reader *rd, const cJSON *obj)
{
	for (const cJSON *child = obj->child; child; child = child->next) {
		size_t mark = rd->path.len;
		if (mark)
			buf_addc(&rd->path, '.');
		buf_adds(&rd->path, child->string ? child->string : "");
		flatten_value(rd, child);
		rd->path.len = mark;
		rd->path.s[mark] = '\0';
	}
}

static void flatten_value(struct reader *rd, const cJSON *v)
{
	char num[64];
	if (cJSON_IsString(v)) {
		flat_add(rd, v->valuestring, strlen(v->valuestring));
	} else if (cJSON_IsNumber(v)) {
		double d = v->valuedouble;
		/* the range first: converting a double out of it is undefined */
		if (d > -1e15 && d < 1e15 && d == (double)(long long)d)
			snprintf(num, sizeof num, "%lld", (long long)d);
		else
			snprintf(num, sizeof num, "%.15g", d);
		flat_add(rd, num, strlen(num));
	} else if (cJSON_IsBool(v)) {
		flat_add(rd, cJSON_IsTrue(v) ? "true" : "false", cJSON_IsTrue(v) ? 4 : 5);
	} else if (cJSON_IsObject(v)) {
		flatten_object(rd, v);
	} else if (cJSON_IsArray(v)) {
		/* Reviews and name/value lists would lose their shape here. */
		if (review_json_take(&rd->reviews, rd->path.s, v) ||
		    json_pairs_each(v, flatten_pair, rd))
			return;
		for (const cJSON *e = v->child; e; e = e->next)
			flatten_value(rd, e);
	}
}

/* Turns the flat entries into the record, joining the values of a
 * repeated key (values found in arrays) with RECORD_SEP. */
static void gather(struct reader *rd, struct record *r)
{
	reader_reserve(rd, rd->nflat);
	buf_reset(&rd->joined);
	size_t n = 0;
	for (size_t i = 0; i < rd->nflat; i++) {
		struct flat *f = &rd->flat[i];
		const char *key = rd->store.s + f->key;
		size_t g = 0;
		while (g < n && strcmp(rd->keys[g], key))
			g++;
		f->group = (int)g;
		if (g < n) {
			rd->val_joined[g] = true;
			continue;
		}
		rd->keys[n] = key;
		rd->val_off[n] = f->val;
		rd->lens[n] = f->len;
		rd->val_joined[n] = false;
		n++;
	}
	for (size_t g = 0; g < n; g++) {
		if (!rd->val_joined[g])
			continue;
		size_t off = rd->joined.len;
		for (size_t i = 0; i < rd->nflat; i++) {
			const struct flat *f = &rd->flat[i];
			if (f->group != (int)g)
				continue;
			if (rd->joined.len > off)
				buf_addc(&rd->joined, RECORD_SEP);
			buf_add(&rd->joined, rd->store.s + f->val, f->len);
		}
		rd->lens[g] = rd->joined.len - off;
		buf_addc(&rd->joined, '\0');
		rd->val_off[g] = off;
	}
	for (size_t i = 0; i < n; i++)
		rd->values[i] = (rd->val_joined[i] ? rd->joined.s : rd->store.s) + rd->val_off[i];
	r->keys = rd->keys;
	r->values = rd->values;
	r->lens = rd->lens;
	r->n = n;
}

static int flatten_record(struct reader *rd, const cJSON *obj, struct record *r,
                          const char *source, char **err)
{
	if (!cJSON_IsObject(obj)) {
		*err = record_where(source, r, NULL, "not a JSON object");
		return IMPORT_BAD;
	}
	buf_reset(&rd->path);
	buf_reset(&rd->store);
	rd->nflat = 0;
	review_list_reset(&rd->reviews);
	r->reviews = &rd->reviews;
	flatten_object(rd, obj);
	if (rd->nflat > JSON_MAX_VALUES) {
		*err = record_where(source, r, NULL, "more than %d values in one element",
		                    JSON_MAX_VALUES);
		return IMPORT_BAD;
	}
	gather(rd, r);
	return 1;
}

/* The array of records inside a wrapper object, or NULL when doc is a
 * record itself: a wrapper has no member that maps to a field and exactly
 * one array of objects. */
static const cJSON *wrapped_array(struct mapping *m, const cJSON *doc)
{
	const cJSON *found = NULL;
	for (const cJSON *k = doc->child; k; k = k->next) {
		int rank;
		if (cJSON_IsArray(k) && cJSON_IsObject(k->child)) {
			if (found)
				return NULL;
			found = k;
		} else if (k->string && mapping_resolve(m, k->string, &rank) >= 0) {
			return NULL;
		}
	}
	return found;
}

/* "SOURCE line L, column C: invalid JSON ...": where in the file cJSON
 * stopped reading the element (heap). */
static char *json_syntax_error(const char *source, const struct jsonsplit_element *e,
                               const char *stopped)
{
	size_t at = stopped && stopped >= e->text && stopped <= e->text + e->len
	                    ? (size_t)(stopped - e->text)
	                    : 0;
	size_t line = e->line, column = e->column;
	for (size_t i = 0; i < at; i++) {
		if (e->text[i] == '\n')
			line++, column = 1;
		else
			column++;
	}
	if (at >= e->len)
		return xasprintf("%s line %zu, column %zu: invalid JSON: the element ends too soon",
		                 source, line, column);
	unsigned char c = (unsigned char)e->text[at];
	if (c >= 0x20 && c < 0x7f)
		return xasprintf("%s line %zu, column %zu: invalid JSON at '%c'", source, line,
		                 column, c);
	return xasprintf("%s line %zu, column %zu: invalid JSON", source, line, column);
}

static int next_json(struct reader *rd, struct record *r, const char *source, char **err)
{
	r->n = 0;
	if (rd->wrapper) {
		const cJSON *item = rd->next_item;
		if (item) {
			rd->next_item = item->next;
			r->by_index = true;
			r->pos = r->ordinal = rd->item_index++;
			return flatten_record(rd, item, r, source, err);
		}
		cJSON_Delete(rd->wrapper);
		rd->wrapper = NULL;
	}
	struct jsonsplit_element e;
	int rc = jsonsplit_next(rd->js, &e, err);
	if (rc < 0) {
		char *inner = *err;
		*err = xasprintf("%s %s", source, inner);
		free(inner);
		return IMPORT_FATAL;
	}
	if (rc == 0)
		return 0;
	r->by_index = false;
	r->pos = e.line;
	r->ordinal = e.index;
	if (e.problem) {
		*err = record_where(source, r, NULL, "%s", e.problem);
		return IMPORT_BAD;
	}
	/* Only the first element of JSON lines may be a wrapper. */
	bool may_wrap = rd->format == IMPORT_JSONL && e.index == 0 && rd->m;
	if (e.len > JSON_MAX_ROW && !may_wrap)
		goto too_long;
	const char *stopped = NULL;
	cJSON *doc = cJSON_ParseWithLengthOpts(e.text, e.len, &stopped, false);
	if (!doc) {
		*err = json_syntax_error(source, &e, stopped);
		return IMPORT_BAD;
	}
	const cJSON *inner = NULL;
	if (may_wrap && cJSON_IsObject(doc))
		inner = wrapped_array(rd->m, doc);
	if (inner) {
		rd->wrapper = doc;
		rd->next_item = inner->child;
		rd->item_index = 0;
		return next_json(rd, r, source, err);
	}
	if (e.len > JSON_MAX_ROW) {
		cJSON_Delete(doc);
		goto too_long;
	}
	rc = flatten_record(rd, doc, r, source, err);
	cJSON_Delete(doc);
	return rc;
too_long:
	*err = record_where(source, r, NULL, "an element is longer than the 4 MiB limit");
	return IMPORT_BAD;
}

/* 1 a record, 0 the end, IMPORT_BAD, IMPORT_FATAL. */
static int reader_next(struct reader *rd, struct record *r, const char *source, char **err)
{
	r->reviews = NULL;
	return rd->csv ? next_csv(rd, r, source, err) : next_json(rd, r, source, err);
}

/* ---- products ---- */

/* How each text field is read: the separator for values found in arrays
 * (NULL: only the first) and whether HTML is turned into text. */
static const struct {
	int field;
	const char *sep;
	bool html;
} text_fields[] = {
	{PF_ID, NULL, false},          {PF_NAME, " ", true},
	{PF_BRAND, NULL, true},        {PF_CATEGORY, " > ", true},
	{PF_DESCRIPTION, "\n", true},  {PF_FEATURES, "; ", true},
	{PF_CURRENCY, NULL, false},    {PF_COLOR, ", ", false},
	{PF_MATERIAL, ", ", false},    {PF_URL, NULL, false},
	{PF_IMAGE, NULL, false},       {PF_TAGS, ", ", true},
};

/* Availability words and the stock they mean. */
static const struct {
	const char *word; /* normalized */
	int stock;
} availability_words[] = {
	/* -1: can be ordered, how many is not said (the stock stays unknown,
	 * which counts as in stock; "1" would read "1 left") */
	{"instock", -1}, {"available", -1}, {"yes", -1}, {"true", -1},
	{"limitedavailability", -1}, {"preorder", -1}, {"backorder", -1},
	{"outofstock", 0}, {"soldout", 0}, {"unavailable", 0}, {"no", 0}, {"false", 0},
	{"discontinued", 0}, {"1", -1}, {"0", 0}, /* WooCommerce's "In stock?" */
	{"unlimited", -1}, /* Squarespace's stock of what never runs out */
};

struct row {
	struct buf text[PF_COUNT];
	bool has[PF_COUNT];
	struct buf features;
	struct buf hidden; /* attributes kept out of sight (attr_rows.h) */
	struct review_list reviews;
	struct buf scratch;
	struct product p;
	char currency[4];
	size_t pos;
	bool by_index;
	bool unlisted; /* the shop does not list it: draft, archived, hidden */
	bool variant_price; /* Ecwid: the price is a variation's, the least so far */
	bool untaxed;  /* priced from a column without tax, none added */
	bool taxed;    /* priced from a column without tax, --tax added */
	int64_t was_cents; /* the price before a sale price, when has_was */
	bool has_was;
	bool variant_stock; /* a variant's stock has replaced the product's own */
	bool untracked; /* the shop does not count its stock (nor its variants') */
	bool uncounted; /* the stock column says a word for "can be ordered" */
	/* a discount off the price (Wix's discountMode / discountValue): a
	 * percent when percent, else an amount in cents; 0: none */
	bool percent;
	double discount;
	int64_t base_cents; /* a Wix product row's own price before discount: its
	                       variants' surcharges add to it (-1: none) */
	bool variant_uncounted; /* a variant's does: the product's stock is unknown */
	/* Shopify options: names from the product row, values joined by
	 * RECORD_SEP across its variants. */
	struct buf option_name[SHOPIFY_OPTIONS];
	struct buf option_values[SHOPIFY_OPTIONS];
};

static void row_init(struct row *w)
{
	memset(w, 0, sizeof *w);
	for (int f = 0; f < PF_COUNT; f++)
		buf_init(&w->text[f]);
	buf_init(&w->features);
	buf_init(&w->hidden);
	review_list_init(&w->reviews);
	buf_init(&w->scratch);
	for (int i = 0; i < SHOPIFY_OPTIONS; i++) {
		buf_init(&w->option_name[i]);
		buf_init(&w->option_values[i]);
	}
}

static void row_release(struct row *w)
{
	for (int f = 0; f < PF_COUNT; f++)
		buf_release(&w->text[f]);
	buf_release(&w->features);
	buf_release(&w->hidden);
	review_list_release(&w->reviews);
	buf_release(&w->scratch);
	for (int i = 0; i < SHOPIFY_OPTIONS; i++) {
		buf_release(&w->option_name[i]);
		buf_release(&w->option_values[i]);
	}
}

struct magento_parent {
	struct row row;
	char *variations; /* "sku=DF-5,size=5 lb|sku=DF-15,size=15 lb" */
	char *labels;     /* "dumbbell_weight=Weight,size=Size": the options' names */
};

/* What one variant costs and has (keep_variant()). */
struct variant_facts {
	int64_t price_cents, stock, was_cents;
	bool has_price, has_stock, has_was;
};

struct magento_child {
	char *sku;
	struct variant_facts v;
};

/* A sale price from a sheet of specials (OpenCart's), for a product. */
struct special {
	char *product;
	double price; /* as written: without tax when the products' prices are */
	long priority;
};

/* A product's attribute from a sheet of attributes. */
struct sheet_attr {
	char *product;
	char *key, *value;
};

/* A category of a sheet of categories, which products name by id. */
struct sheet_category {
	char *id, *parent, *name;
};

/* One variant of a file of variants (import_options.variants). */
struct combo {
	char *product;               /* the product's id */
	char *name[SHOPIFY_OPTIONS]; /* its options' names ("Color") and values ("Red") */
	char *value[SHOPIFY_OPTIONS];
	int64_t impact;              /* cents added to the product's price, as written */
	double impact_exact;         /* the same unrounded ("1.6667"), when a plain number */
	bool exact;
	int64_t stock;
	bool has_stock;
	/* a variation's own price and price before its sale (WooCommerce's
	 * REST API), instead of an impact on the product's */
	bool absolute, has_price;
	int64_t price, was;
};

struct import {
	catalog *c;
	const struct import_options *o;
	const char *source;
	struct mapping *m;
	struct resolved res;
	struct attr_rows *attrs;
	const lexicon_list *collections; /* the pack's [collections] */
	product_writer *writer;
	reviews_writer *reviews;
	struct order_importer *orders;
	struct row row, held; /* held: the Shopify product waiting for its variants */
	bool holding;
	enum import_preset preset; /* the options', or the one the header shows */
	/* A CSV column naming each variation's parent product (WooCommerce's
	 * "Parent", a "parent_id"), or -1: variations fold into the product
	 * held before them (parent_record()). */
	long parent_col;
	/* A CSV column saying a row is a variant of the product above it
	 * (BigCommerce's "Item Type: SKU"), or -1. */
	long kind_col;
	/* A feed's "item_group_id" column (Google Merchant's), or -1, and the
	 * group of the product held: a group's rows fold into one product
	 * (group_record()). */
	long group_col;
	char *group;
	/* the last row read was a part of the held composite product
	 * (lightspeed_record()) */
	bool part_of_held;
	/* Odoo: the variant read last, kept when the rows that go on it
	 * (more option values) have been read, under held.scratch's options */
	struct variant_facts pending;
	bool has_pending;
	/* The SKU column, or -1, and the held product's SKU: WooCommerce names
	 * a variation's parent by its SKU when it has one ("Parent: LOD-8"). */
	long sku_col;
	struct buf held_sku;
	/* JSON lines with children (bulk_record()), and the ids of the held
	 * product's children, "\n" after each */
	bool child_lines;
	struct buf held_children;
	/* the held product's own price and the price before its sale: a
	 * variant row that writes none costs that (BigCommerce's SKU rows) */
	struct variant_facts held_price;
	/* Magento: the "configurable_variations" column, or -1; configurable
	 * products held until every row is read, and the rows of their
	 * children ("Not Visible Individually"), which fold into them
	 * (magento_record()). */
	long variations_col;
	struct magento_parent *parents;
	size_t n_parents, cap_parents;
	struct magento_child *children;
	size_t n_children, cap_children;
	/* Akeneo's export: its columns, rows held back and product models */
	struct akeneo *akeneo;
	/* eBay's listing export: its records read through ebay_unpack() */
	struct ebay *ebay;
	/* the file of variants, sorted by product id */
	struct combo *combos;
	size_t n_combos;
	/* the other sheets (import_options.sheets): sale prices and
	 * attributes sorted by product id, categories by id */
	struct special *specials;
	size_t n_specials;
	struct sheet_attr *sheet_attrs;
	size_t n_sheet_attrs;
	struct sheet_category *categories;
	size_t n_categories;
	/* the last price column's name, and whether it says "without tax" */
	char *untaxed_key;
	bool untaxed_price;
	/* the highest product row id before the import: an id found at or
	 * below it was in the catalog already */
	int64_t prior_max;
	bool reader_csv; /* the source is CSV or TSV: --map names its columns */
	struct import_stats *stats;
};

static const char *key_of(const struct import *im, const struct record *r, int f)
{
	int i = im->res.chosen[f];
	return i >= 0 ? r->keys[i] : mapping_field_name(im->m, f);
}

/* Appends "key:value" for a column no field takes, keeping the feature
 * separators (; | newline) out of the value. */
static void add_feature(struct buf *out, const char *key, const char *value, size_t n)
{
	if (out->len)
		buf_adds(out, "; ");
	size_t start = out->len;
	buf_adds(out, key);
	buf_addc(out, ':');
	record_add_trimmed(out, value, n, ", ");
	for (char *p = out->s + start; *p; p++)
		if (*p == ';' || *p == '|' || *p == '\n' || *p == '\r' || *p == '\t')
			*p = *p == ';' || *p == '|' ? ',' : ' ';
}

static int bad_value(struct import *im, const struct record *r, struct row *w, int f,
                     const char *what, char **err)
{
	if (mapping_rank_is_guess(im->res.rank[f])) {
		/* A column only guessed to be this field keeps its value as a
		 * feature instead. */
		w->has[f] = false;
		add_feature(&w->features, key_of(im, r, f), w->text[f].s, w->text[f].len);
		return IMPORT_OK;
	}
	char *q = quote_value(w->text[f].s);
	*err = record_where(im->source, r, key_of(im, r, f), "%s is not %s", q, what);
	free(q);
	return IMPORT_BAD;
}

static int parse_availability(const char *s, int64_t *stock)
{
	char norm[64];
	/* schema.org writes it as a URL: "https://schema.org/InStock". */
	const char *slash = strrchr(s, '/');
	if (slash && slash[1])
		s = slash + 1;
	mapping_normalize(s, norm, sizeof norm);
	for (size_t i = 0; i < sizeof availability_words / sizeof availability_words[0]; i++)
		if (!strcmp(norm, availability_words[i].word)) {
			*stock = availability_words[i].stock;
			return 0;
		}
	return -1;
}

/* The numeric fields of the row; IMPORT_BAD names the first bad one. A
 * value that does not parse in a column only guessed to be the field
 * becomes a feature (bad_value() decides), and the field stays empty. */
#define CHECK(ok, f, what)                                                                 \
	do {                                                                               \
		if (w->has[f] && !(ok)) {                                                  \
			int rc_ = bad_value(im, r, w, f, what, err);                       \
			if (rc_ != IMPORT_OK)                                              \
				return rc_;                                                \
		}                                                                          \
	} while (0)

/* A rating written with a decimal comma ("4,7") or with its scale, as a
 * number of stars out of 5:
 * Shopify's rating metafield ({"scale_min":"1.0","scale_max":"5.0",
 * "value":"4.6"}), "4.6 out of 5", "9.2/10". Other text is left as it is
 * (and refused as a rating). */
static void rating_out_of_5(struct buf *text)
{
	double value = -1, scale = 5;
	char *s = text->s;
	if (!s || !text->len)
		return;
	while (isspace((unsigned char)*s))
		s++;
	/* "4,7": a decimal comma (a rating has no thousands) */
	char *comma = strchr(s, ',');
	if (comma && comma > s && isdigit((unsigned char)comma[-1]) && isdigit((unsigned char)comma[1]) &&
	    !strchr(comma + 1, ',') && !strchr(s, '.') && strspn(comma + 1, "0123456789") <= 2) {
		*comma = '.';
		return;
	}
	if (*s == '{') {
		cJSON *j = cJSON_ParseWithLength(s, text->len - (size_t)(s - text->s));
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, "value");
		const cJSON *m = cJSON_GetObjectItemCaseSensitive(j, "scale_max");
		if (cJSON_IsNumber(v))
			value = v->valuedouble;
		else if (cJSON_IsString(v))
			record_parse_double(v->valuestring, &value);
		if (cJSON_IsNumber(m))
			scale = m->valuedouble;
		else if (cJSON_IsString(m) && record_parse_double(m->valuestring, &scale) < 0)
			scale = -1;
		cJSON_Delete(j);
	} else {
		char *end;
		errno = 0;
		value = strtod(s, &end);
		if (errno || end == s)
			return;
		while (isspace((unsigned char)*end))
			end++;
		if (*end == '/')
			end++;
		else if (!strncasecmp(end, "out of", 6))
			end += 6;
		else
			return;
		char *stop;
		scale = strtod(end, &stop);
		while (isspace((unsigned char)*stop))
			stop++;
		if (stop == end || *stop)
			return;
	}
	if (!(value >= 0) || !(scale > 0) || value > scale)
		return;
	buf_reset(text);
	buf_printf(text, "%.2f", value * 5 / scale);
}

/* The day a date says, as days since 1970-01-01, or -1: "2024-12-31",
 * "2024-12-31 23:59:59", "2024-12-31T00:00", "12/31/2024", "12/31/24" (US
 * order, as Magento and WooCommerce write them). */
static long date_days(const char *s)
{
	int y = 0, m = 0, d = 0;
	char c;
	if (sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3 &&
	    (sscanf(s, "%2d/%2d/%4d%c", &m, &d, &y, &c) < 3))
		return -1;
	if (y < 100)
		y += 2000;
	if (y < 1970 || m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	/* days from civil (Howard Hinnant's algorithm) */
	y -= m <= 2;
	long era = y / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* Is the sale off today? A column that says when the sale price ends
 * (Magento's "special_price_to_date", WooCommerce's "Date sale price
 * ends", "sale_price_end_date", PrestaShop's "Discount to") with a day
 * before today, or when it starts with a day after it. */
static bool sale_ended(const struct record *r)
{
	static const char *const ends[] = {"specialpricetodate", "datesalepriceends",
	                                   "salepriceenddate", "saleenddate", "salepriceends",
	                                   "discountto"};
	static const char *const starts[] = {"specialpricefromdate", "datesalepricestarts",
	                                     "salepricestartdate", "salestartdate",
	                                     "discountfrom"};
	long today = (long)(time(NULL) / 86400);
	for (size_t i = 0; i < r->n; i++) {
		char norm[64];
		char first = (char)(r->keys[i][0] | 0x20);
		if ((first != 's' && first != 'd') || !*record_skip_ws(r->values[i]))
			continue; /* cheap: most keys are not one */
		mapping_normalize(r->keys[i], norm, sizeof norm);
		long day = -1;
		for (size_t k = 0; k < sizeof ends / sizeof ends[0]; k++)
			if (!strcmp(norm, ends[k]) && (day = date_days(record_skip_ws(r->values[i]))) >= 0 &&
			    day < today)
				return true;
		for (size_t k = 0; k < sizeof starts / sizeof starts[0]; k++)
			if (!strcmp(norm, starts[k]) &&
			    (day = date_days(record_skip_ws(r->values[i]))) > today)
				return true;
	}
	return false;
}

/* The first column of r from `from` on whose key normalizes to norm_key,
 * or -1. Keys whose first letter differs are passed over without
 * normalizing them: these look-ups run for every row of an import. */
static long record_col(const struct record *r, const char *norm_key, size_t from)
{
	for (size_t i = from; i < r->n; i++) {
		const char *k = r->keys[i];
		if ((k[0] == 'g' || k[0] == 'G') && k[1] == ':')
			k += 2; /* as mapping_normalize() reads it */
		while (*k && !isalnum((unsigned char)*k))
			k++;
		if (tolower((unsigned char)*k) != norm_key[0])
			continue;
		char norm[32];
		mapping_normalize(r->keys[i], norm, sizeof norm);
		if (!strcmp(norm, norm_key))
			return (long)i;
	}
	return -1;
}

/* The value of r's column named norm_key (normalized), or NULL. */
static const char *record_value_of(const struct record *r, const char *norm_key)
{
	long i = record_col(r, norm_key, 0);
	return i >= 0 ? r->values[i] : NULL;
}

/* cents less a discount: percent off, or an amount in cents. */
static int64_t discounted(int64_t cents, bool percent, double discount)
{
	double d = percent ? (double)cents * (100.0 - discount) / 100.0 : (double)cents - discount;
	return d > 0 ? (int64_t)(d + 0.5) : 0;
}

/* Does r say no in a column named norm_key (normalized)? */
static bool says_no(const struct record *r, const char *norm_key)
{
	static const char *const off[] = {"none", "no", "n", "0", "false", "off", NULL};
	for (long i = record_col(r, norm_key, 0); i >= 0; i = record_col(r, norm_key, (size_t)i + 1))
		if (mapping_value_in(r->values[i], strlen(r->values[i]), off))
			return true;
	return false;
}

/* Does r say that the shop does not count this product's stock ("Track
 * Inventory: none", "Manage stock?: 0")? */
static bool stock_untracked(const struct record *r)
{
	if (says_no(r, "trackinventory") || says_no(r, "managestock"))
		return true;
	/* Shopify: an empty "Variant Inventory Tracker" is a stock not
	 * counted, and an inventory policy of "continue" sells the variant
	 * when none is left */
	const char *tracker = record_value_of(r, "variantinventorytracker");
	if (tracker && !*record_skip_ws(tracker))
		return true;
	static const char *const sold_on[] = {"continue", NULL};
	static const char *const policy[] = {"inventorypolicy", "variantinventorypolicy"};
	for (size_t k = 0; k < sizeof policy / sizeof policy[0]; k++) {
		const char *v = record_value_of(r, policy[k]);
		if (v && mapping_value_in(v, strlen(v), sold_on))
			return true;
	}
	return false;
}

/* PrestaShop's "Available for order" 0 is a product shown but not sold
 * now: none to order. With none left, an "Out of stock action" of 1 takes
 * orders (0 refuses them, 2 does what the shop does by default, which the
 * file does not say): the product can be ordered, how soon its "Text when
 * backorder allowed" says ("Ships in 10 days"), kept as its availability,
 * as a feed's "backorder" is. */
static void backorder(const struct record *r, struct row *w)
{
	struct product *p = &w->p;
	if (says_no(r, "availablefororder")) {
		p->stock = 0;
		p->has_stock = true;
		return;
	}
	const char *action = record_value_of(r, "outofstockaction");
	if (!p->has_stock || p->stock > 0 || !action || strcmp(record_skip_ws(action), "1"))
		return;
	p->has_stock = false;
	const char *text = record_value_of(r, "textwhenbackorderallowed");
	if (!text || !*record_skip_ws(text))
		text = "backorder";
	add_feature(&w->features, "availability", text, strlen(text));
}

/* "Red:0" -> "Red": a value without its position. Heap. */
static char *without_position(const char *s, size_t len)
{
	size_t end = len;
	size_t d = end;
	while (d > 0 && isdigit((unsigned char)s[d - 1]))
		d--;
	if (d < end && d > 0 && s[d - 1] == ':')
		end = d - 1;
	while (end > 0 && isspace((unsigned char)s[end - 1]))
		end--;
	while (end > 0 && isspace((unsigned char)*s)) {
		s++;
		end--;
	}
	return xstrndup(s, end);
}

/* The percent one item of a tax spec gives ("20", "3=5.5") for the rule
 * (NULL: the row names none): true when it applies, *pct set. *is_default
 * says it is the spec's percent for every other rule. */
static bool tax_item(const char *item, size_t len, const char *rule, double *pct,
                     bool *is_default, bool *ok)
{
	const char *eq = memchr(item, '=', len);
	const char *num = eq ? eq + 1 : item;
	char buf[32];
	size_t nlen = (size_t)(item + len - num);
	*ok = nlen > 0 && nlen < sizeof buf;
	if (!*ok)
		return false;
	memcpy(buf, num, nlen);
	buf[nlen] = '\0';
	char *end = NULL;
	*pct = strtod(buf, &end);
	*ok = end != buf && !*end && *pct >= 0 && *pct <= 100 && (!eq || eq > item);
	*is_default = !eq;
	if (!*ok || !eq)
		return false;
	return rule && (size_t)(eq - item) == strlen(rule) && !strncmp(item, rule, (size_t)(eq - item));
}

bool import_tax_check(const char *spec, char **err)
{
	for (const char *p = spec; ; ) {
		size_t len = strcspn(p, ",");
		double pct;
		bool dflt, ok;
		tax_item(p, len, NULL, &pct, &dflt, &ok);
		if (!ok) {
			*err = xasprintf("--tax takes a percent (20) or percents by tax rule (1=20,3=5.5), "
			                 "not '%s'", spec);
			return false;
		}
		if (!p[len])
			return true;
		p += len + 1;
	}
}

/* The tax percent of the row r under the spec o->tax: its tax rule's, or
 * the spec's for every rule; 0 for a row whose rule is 0. */
static double tax_of(const struct import_options *o, const struct record *r)
{
	if (!o->tax)
		return 0;
	const char *rule = record_value_of(r, "taxrulesid");
	if (!rule)
		rule = record_value_of(r, "taxclassid"); /* OpenCart's */
	char *id = rule ? without_position(rule, strlen(rule)) : NULL;
	double found = -1, dflt = 0;
	if (!(id && !strcmp(id, "0")))
		for (const char *p = o->tax; found < 0;) {
			size_t len = strcspn(p, ",");
			double pct;
			bool is_default, ok;
			if (tax_item(p, len, id && *id ? id : NULL, &pct, &is_default, &ok))
				found = pct;
			else if (ok && is_default)
				dflt = pct;
			if (!p[len])
				break;
			p += len + 1;
		}
	bool none = id && !strcmp(id, "0");
	free(id);
	return none ? 0 : found >= 0 ? found : dflt;
}

/* mapping_price_without_tax() of the row's price column, read once per
 * column name: every row of a file asks it. */
static bool price_without_tax(struct import *im, const struct record *r)
{
	if (im->preset == PRESET_OPENCART || im->preset == PRESET_ODOO)
		return true; /* OpenCart and Odoo keep prices without tax */
	const char *key = key_of(im, r, PF_PRICE);
	if (!im->untaxed_key || strcmp(im->untaxed_key, key)) {
		free(im->untaxed_key);
		im->untaxed_key = xstrdup(key);
		im->untaxed_price = mapping_price_without_tax(key);
	}
	return im->untaxed_price;
}

/* Does s say the product has no set price: a price set at the till
 * (Square's "variable") or on request ("POA", "call for price")? Such a
 * product has no price, and that is no error. */
static bool price_is_unset(const char *s)
{
	static const char *const words[] = {
		"variable", "varies", "poa", "p.o.a.", "p.o.a", "price on application",
		"price on request", "on request", "call for price", "call for pricing",
		"ask for price", "tbc", "tba", "n/a", NULL,
	};
	return mapping_value_in(s, strlen(s), words);
}

static int64_t special_of(const struct import *im, const struct row *w, double tax);

/* The percent a row's own tax column says ("Customer Taxes": "20%",
 * "VAT 5%"), or 0. */
static double row_tax_percent(const struct record *r)
{
	const char *v = record_value_of(r, "customertaxes");
	if (!v)
		return 0;
	for (const char *p = v; *p; p++) {
		if (!isdigit((unsigned char)*p))
			continue;
		char *end = NULL;
		double pct = strtod(p, &end);
		while (end && *end == ' ')
			end++;
		if (end && *end == '%' && pct > 0 && pct < 100)
			return pct;
		while (isdigit((unsigned char)*p) || *p == '.')
			p++;
		if (!*p)
			break;
	}
	return 0;
}

/* Does the row's tax column name a tax, though no percent (a tax "Exempt",
 * "0%")? Then its price is as it should be. */
static bool row_says_tax(const struct record *r)
{
	const char *v = record_value_of(r, "customertaxes");
	return v && *record_skip_ws(v);
}

/* Does a description say the price is given on request? */
static bool price_asked_for(const char *text)
{
	static const char *const phrases[] = {"price on application", "price on request",
	                                      "call for price", "ask for price", "ask for a price",
	                                      "price upon request", "price upon application"};
	for (const char *t = text; *t; t++)
		for (size_t i = 0; i < sizeof phrases / sizeof phrases[0]; i++)
			if (!strncasecmp(t, phrases[i], strlen(phrases[i])))
				return true;
	return false;
}

/* The value of the key beside key in its object ("fractionDigits" beside
 * "prices.value.centAmount"), or NULL. */
static const char *sibling_value(const struct record *r, const char *key, const char *name)
{
	const char *dot = mapping_path_dot(key, strlen(key));
	size_t prefix = dot ? (size_t)(dot - key) + 1 : 0;
	char want[128], have[128];
	mapping_normalize(name, want, sizeof want);
	for (size_t i = 0; i < r->n; i++) {
		if (strncmp(r->keys[i], key, prefix) || mapping_path_dot(r->keys[i] + prefix,
		                                                          strlen(r->keys[i] + prefix)))
			continue;
		mapping_normalize(r->keys[i] + prefix, have, sizeof have);
		if (!strcmp(have, want))
			return r->values[i];
	}
	return NULL;
}

/* A price field given in the currency's minor unit ("centAmount": 6499,
 * "fractionDigits": 2 beside it) as the price it is ("64.99"), with the
 * currency its object names ("currencyCode") when the row says none. */
static void minor_units_price(struct import *im, const struct record *r, struct row *w, int f)
{
	if (!w->has[f])
		return;
	const char *key = key_of(im, r, f);
	if (!mapping_minor_units(key))
		return;
	int64_t amount;
	if (record_parse_int(w->text[f].s, &amount) < 0)
		return;
	int64_t digits = 2;
	const char *fd = sibling_value(r, key, "fractionDigits");
	if (fd && (record_parse_int(fd, &digits) < 0 || digits < 0 || digits > 6))
		digits = 2;
	int64_t scale = 1;
	for (int64_t i = 0; i < digits; i++)
		scale *= 10;
	const char *code = sibling_value(r, key, "currencyCode");
	if (!code)
		code = sibling_value(r, key, "currency");
	buf_reset(&w->text[f]);
	buf_printf(&w->text[f], "%s%lld.%0*lld", amount < 0 ? "-" : "",
	           (long long)(amount < 0 ? -amount : amount) / (long long)scale, (int)digits,
	           (long long)(amount < 0 ? -amount : amount) % (long long)scale);
	if (code && strlen(record_skip_ws(code)) == 3)
		buf_printf(&w->text[f], " %s", record_skip_ws(code));
}

static int numbers(struct import *im, const struct record *r, struct row *w, char **err)
{
	struct product *p = &w->p;
	minor_units_price(im, r, w, PF_PRICE);
	minor_units_price(im, r, w, PF_SALE_PRICE);
	if (w->has[PF_RATING])
		rating_out_of_5(&w->text[PF_RATING]);
	int64_t cents = 0, sale = 0;
	char cur[4] = "", sale_cur[4] = "";
	w->currency[0] = '\0';
	if (w->has[PF_PRICE] && price_is_unset(w->text[PF_PRICE].s))
		w->has[PF_PRICE] = false;
	CHECK(price_parse(w->text[PF_PRICE].s, &cents, cur) == 0, PF_PRICE, "a price");
	w->untaxed = w->taxed = false;
	if (w->has[PF_PRICE] && price_without_tax(im, r)) {
		double tax = tax_of(im->o, r);
		/* Odoo says each product's tax ("Customer Taxes": "20%") */
		if (!im->o->tax && im->preset == PRESET_ODOO)
			tax = row_tax_percent(r);
		/* added to the price as written, before it is rounded to cents
		 * (OpenCart's 2.0750 with 20% is 2.49, not 2.50) */
		double exact;
		w->taxed = im->o->tax != NULL || tax > 0;
		if (tax > 0 && record_parse_double(w->text[PF_PRICE].s, &exact) == 0 && exact >= 0)
			cents = (int64_t)(exact * (100.0 + tax) + 0.5);
		else if (tax > 0)
			cents = (int64_t)((double)cents * (100.0 + tax) / 100.0 + 0.5);
		else
			w->untaxed = !im->o->tax && !(im->preset == PRESET_ODOO && row_says_tax(r));
	}
	/* a price of 0 on a product whose description says the price is
	 * asked for ("Price on application - please ask in store") is no
	 * price */
	if (w->has[PF_PRICE] && cents == 0 && w->has[PF_DESCRIPTION] &&
	    price_asked_for(w->text[PF_DESCRIPTION].s))
		w->has[PF_PRICE] = false;
	if (w->has[PF_PRICE]) {
		p->price_cents = cents;
		p->has_price = true;
		memcpy(w->currency, cur, 4);
		if (!cur[0] && im->o->currency)
			snprintf(w->currency, sizeof w->currency, "%s", im->o->currency);
	}
	CHECK(price_parse(w->text[PF_SALE_PRICE].s, &sale, sale_cur) == 0, PF_SALE_PRICE,
	      "a price");
	/* the sale ended, or the shop has switched it off (Squarespace's
	 * "On Sale: No" beside a sale price) */
	if (w->has[PF_SALE_PRICE] && (sale_ended(r) || says_no(r, "onsale")))
		w->has[PF_SALE_PRICE] = false; /* the price is the price again */
	/* a sheet of specials (--with): the sale price, with the tax the
	 * price has */
	if (!w->has[PF_SALE_PRICE] && w->has[PF_PRICE]) {
		bool net = price_without_tax(im, r);
		int64_t special = special_of(im, w, net ? tax_of(im->o, r) : 0);
		if (special >= 0) {
			sale = special;
			w->has[PF_SALE_PRICE] = true;
		}
	}
	/* BigCommerce writes "0.00" for no sale price: no product is marked
	 * down to nothing */
	if (w->has[PF_SALE_PRICE] && sale == 0)
		w->has[PF_SALE_PRICE] = false;
	w->has_was = false;
	/* Wix: "PERCENT" 15 or "AMOUNT" 300 off the price; PrestaShop:
	 * "Discount percent" or "Discount amount", between two dates */
	w->discount = 0;
	const char *mode = record_value_of(r, "discountmode");
	const char *off = record_value_of(r, "discountvalue");
	const char *pct = record_value_of(r, "discountpercent");
	const char *amt = record_value_of(r, "discountamount");
	double amount = 0;
	if (!mode && pct && record_parse_double(pct, &amount) == 0 && amount > 0) {
		mode = "percent";
		off = pct;
	} else if (!mode && amt && record_parse_double(amt, &amount) == 0 && amount > 0) {
		mode = "amount";
		off = amt;
	}
	if (mode && off && record_parse_double(off, &amount) == 0 && amount > 0 && !sale_ended(r)) {
		w->percent = !strcasecmp(record_skip_ws(mode), "percent");
		w->discount = w->percent ? amount : amount * 100;
		if (p->has_price && !w->has[PF_SALE_PRICE]) {
			sale = discounted(cents, w->percent, w->discount);
			w->has[PF_SALE_PRICE] = sale < cents;
		}
	}
	if (w->has[PF_SALE_PRICE] && (!p->has_price || sale < p->price_cents)) {
		/* the price before the markdown stays, for "is it on sale?" */
		if (p->has_price) {
			w->was_cents = cents;
			w->has_was = true;
			char was[32];
			snprintf(was, sizeof was, "%lld.%02lld", (long long)(cents / 100),
			         (long long)(cents % 100));
			add_feature(&w->features, "was price", was, strlen(was));
		}
		p->price_cents = sale;
		p->has_price = true;
		if (sale_cur[0])
			memcpy(w->currency, sale_cur, 4);
	}
	CHECK(record_parse_double(w->text[PF_RATING].s, &p->rating) == 0 && p->rating >= 0 &&
	          p->rating <= 5,
	      PF_RATING, "a rating from 0 to 5");
	p->has_rating = w->has[PF_RATING];
	CHECK(record_parse_int(w->text[PF_REVIEW_COUNT].s, &p->review_count) == 0 &&
	          p->review_count >= 0,
	      PF_REVIEW_COUNT, "a count");
	if (!w->has[PF_REVIEW_COUNT])
		p->review_count = 0;
	bool counted = record_parse_int(w->text[PF_STOCK].s, &p->stock) == 0;
	CHECK(counted || parse_availability(w->text[PF_STOCK].s, &p->stock) == 0, PF_STOCK,
	      "a stock quantity");
	w->uncounted = w->has[PF_STOCK] && !counted && p->stock < 0;
	if (w->has[PF_STOCK] && !w->uncounted) {
		if (p->stock < 0)
			p->stock = 0; /* oversold counts as none left */
		p->has_stock = true;
	}
	/* a stock the shop does not count ("Track Inventory: none", "Manage
	 * stock?: 0"; a digital gift card) is no stock of 0 */
	w->untracked = stock_untracked(r);
	if (p->has_stock && !p->stock && w->untracked)
		p->has_stock = false;
	backorder(r, w);
	if (w->has[PF_AVAILABILITY]) {
		int64_t stock;
		if (parse_availability(w->text[PF_AVAILABILITY].s, &stock) == 0 && !p->has_stock &&
		    stock >= 0) {
			p->stock = stock;
			p->has_stock = true;
		}
		/* WooCommerce's "In stock?" says 1 or 0 */
		const char *said = record_skip_ws(w->text[PF_AVAILABILITY].s);
		const char *shown = !strcmp(said, "1") ? "in stock"
		                    : !strcmp(said, "0") ? "out of stock" : NULL;
		if (shown)
			add_feature(&w->features, "availability", shown, strlen(shown));
		else
			add_feature(&w->features, "availability", w->text[PF_AVAILABILITY].s,
			            w->text[PF_AVAILABILITY].len);
	}
	CHECK(record_parse_double(w->text[PF_POPULARITY].s, &p->popularity) == 0, PF_POPULARITY,
	      "a number");
	if (!w->has[PF_POPULARITY])
		p->popularity = 0;
	return IMPORT_OK;
}

#undef CHECK

/* Points the product's fields at the row's buffers. */
static void row_product(struct row *w)
{
	struct product *p = &w->p;
	const char **slots[PF_COUNT] = {
		[PF_ID] = &p->id, [PF_NAME] = &p->name, [PF_BRAND] = &p->brand,
		[PF_CATEGORY] = &p->category, [PF_DESCRIPTION] = &p->description,
		[PF_CURRENCY] = &p->currency, [PF_COLOR] = &p->color,
		[PF_MATERIAL] = &p->material, [PF_URL] = &p->url, [PF_IMAGE] = &p->image,
		[PF_TAGS] = &p->tags,
	};
	for (int f = 0; f < PF_COUNT; f++)
		if (slots[f])
			*slots[f] = w->has[f] ? w->text[f].s : NULL;
	p->features = w->features.len ? w->features.s : NULL;
	p->hidden = w->hidden.len ? w->hidden.s : NULL;
	if (!p->currency && w->currency[0])
		p->currency = w->currency;
}

/* E-mail addresses are personal data: never stored, whatever field of a
 * feed they turn up in. */
static void scrub_emails(struct buf *text, struct buf *scratch)
{
	if (!memchr(text->s, '@', text->len))
		return;
	buf_reset(scratch);
	if (!valueshape_scrub_emails(text->s, text->len, scratch))
		return;
	buf_reset(text);
	buf_add(text, scratch->s, scratch->len);
}

/* The record's reviews become the row's; they give the rating and the
 * review count when the catalog gives none. */
static void take_reviews(struct row *w, const struct record *r)
{
	review_list_reset(&w->reviews);
	if (!r->reviews || !r->reviews->n)
		return;
	review_list_swap(&w->reviews, r->reviews);
	double avg;
	if (!w->p.has_rating && review_list_average(&w->reviews, &avg)) {
		w->p.rating = avg;
		w->p.has_rating = true;
	}
	if (!w->has[PF_REVIEW_COUNT])
		w->p.review_count = (int64_t)w->reviews.n;
}

/* A shop platform's word for how a product row is kept, not what it is:
 * WooCommerce's "variable", Magento's "configurable", BigCommerce's "SKU"
 * in a Type column that the category was taken from. */
static bool platform_kind(const char *s)
{
	return s && mapping_platform_kind(s, strlen(s));
}

/* Removes escape sequences and control bytes from text (sanitize.h),
 * when it holds any. */
static void strip_escapes(struct buf *text, struct buf *scratch, bool newlines)
{
	bool control = false;
	for (size_t i = 0; i < text->len && !control; i++) {
		unsigned char c = (unsigned char)text->s[i];
		control = (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f ||
		          (c == 0xc2 && i + 1 < text->len && (unsigned char)text->s[i + 1] >= 0x80 &&
		           (unsigned char)text->s[i + 1] < 0xa0);
	}
	if (!control)
		return;
	buf_reset(scratch);
	sanitize_append(scratch, text->s, text->len, newlines ? SANITIZE_KEEP_NEWLINES : 0);
	buf_reset(text);
	buf_add(text, scratch->s, scratch->len);
}

/* WooCommerce writes a description's line breaks as the two characters
 * "\n" (and "\r"): they are breaks. */
static void unescape_newlines(struct buf *b)
{
	size_t o = 0;
	for (size_t i = 0; i < b->len; i++) {
		if (b->s[i] == '\\' && i + 1 < b->len && (b->s[i + 1] == 'n' || b->s[i + 1] == 'r')) {
			if (b->s[++i] == 'n')
				b->s[o++] = '\n';
			continue;
		}
		b->s[o++] = b->s[i];
	}
	b->len = o;
	if (b->s)
		b->s[o] = '\0';
}

/* Does path[0, n) have levels (a " > ")? */
static bool has_levels(const char *path, size_t n)
{
	for (size_t i = 0; i + 3 <= n; i++)
		if (!memcmp(path + i, " > ", 3))
			return true;
	return false;
}

/* Writes the levels of a category path as the store splits them ('>', '/',
 * '|') one way, " > ", so that paths can be told apart. */
static void level_separators(struct buf *c)
{
	bool written = !memchr(c->s, '/', c->len) && !memchr(c->s, '|', c->len);
	for (size_t i = 0; i < c->len && written; i++)
		if (c->s[i] == '>')
			written = i > 0 && c->s[i - 1] == ' ' && i + 1 < c->len && c->s[i + 1] == ' ' &&
			          (i < 2 || c->s[i - 2] != ' ') && (i + 2 >= c->len || c->s[i + 2] != ' ');
	if (written)
		return; /* the common case: nothing to rewrite */
	struct buf t;
	buf_init(&t);
	for (size_t i = 0; i < c->len; i++) {
		char ch = c->s[i];
		if (ch == '>' || ch == '/' || ch == '|') {
			while (t.len && t.s[t.len - 1] == ' ')
				t.s[--t.len] = '\0';
			buf_adds(&t, " > ");
			while (i + 1 < c->len && c->s[i + 1] == ' ')
				i++;
		} else {
			buf_addc(&t, ch);
		}
	}
	buf_reset(c);
	if (t.len)
		buf_add(c, t.s, t.len);
	buf_release(&t);
}

/* Magento's root category ("Default Category > Dogs > Food"): a level every
 * product of the shop shares, of no path's meaning; removed wherever a
 * path starts with it. */
static void drop_root_levels(struct buf *c)
{
	static const char root[] = "Default Category > ";
	size_t n = strlen(root), o = 0;
	for (size_t i = 0; i < c->len;) {
		bool start = i == 0 || c->s[i - 1] == ',' || (c->s[i - 1] == ' ' && i > 1 &&
		                                              c->s[i - 2] == ',');
		if (start && i + n <= c->len && !strncasecmp(c->s + i, root, n)) {
			i += n;
			continue;
		}
		c->s[o++] = c->s[i++];
	}
	c->len = o;
	if (c->s)
		c->s[o] = '\0';
}

/* PrestaShop lists every category a product is in, its tree's root
 * "Home" first ("Home,Games,Board games"): the root says nothing when
 * other categories follow. */
static void drop_root_items(struct buf *c)
{
	static const char *const roots[] = {"home", "root"};
	for (size_t k = 0; k < sizeof roots / sizeof roots[0]; k++) {
		size_t n = strlen(roots[k]);
		if (c->len > n + 1 && !strncasecmp(c->s, roots[k], n) && c->s[n] == ',') {
			size_t skip = n + 1 + (c->s[n + 1] == ' ');
			memmove(c->s, c->s + skip, c->len - skip + 1);
			c->len -= skip;
			return;
		}
	}
}

/* Is the path [a, a_end) of s a kind of [b, b_end): does its last level
 * end with the whole last level of b, after a space ("Red Wine", "Wine")? */
static size_t last_level(const char *s, size_t from, size_t end)
{
	for (size_t i = end; i > from; i--)
		if (i - from >= 3 && !memcmp(s + i - 3, " > ", 3))
			return i;
	return from;
}

static bool kind_of(const char *s, size_t a, size_t a_end, size_t b, size_t b_end)
{
	a = last_level(s, a, a_end);
	b = last_level(s, b, b_end);
	size_t n = b_end - b;
	return a_end - a > n + 1 && s[a_end - n - 1] == ' ' &&
	       !strncasecmp(s + a_end - n, s + b, n);
}

/* PrestaShop names a product's categories from its tree's top down
 * ("Toys,Building sets"): one level each, they are its path. */
static bool prestashop_path(struct buf *c, const size_t *starts, const size_t *ends, size_t n)
{
	if (n > 4)
		return false;
	for (size_t k = 0; k < n; k++)
		if (has_levels(c->s + starts[k], ends[k] - starts[k]))
			return false;
	struct buf path;
	buf_init(&path);
	for (size_t k = 0; k < n; k++)
		buf_printf(&path, "%s%.*s", k ? " > " : "", (int)(ends[k] - starts[k]), c->s + starts[k]);
	buf_reset(c);
	buf_add(c, path.s, path.len);
	buf_release(&path);
	return true;
}

/* Is a category no name but the shop's own ids ("d26b78dc5e07967e0f3f33c5
 * 70ad6742|82a82ef5...", as Shopware exports them; "59,60", as OpenCart
 * does)? Every word is a long run of hex digits, or there are only
 * numbers. */
static bool opaque_category(const char *s, size_t len)
{
	/* ids by number ("59,60"): a shop's categories named elsewhere */
	size_t digits = 0, other = 0;
	for (size_t i = 0; i < len; i++) {
		digits += isdigit((unsigned char)s[i]) != 0;
		other += isalpha((unsigned char)s[i]) != 0;
	}
	if (digits && !other)
		return true;
	size_t words = 0;
	for (size_t i = 0; i < len;) {
		if (!isalnum((unsigned char)s[i])) {
			i++;
			continue;
		}
		size_t run = 0, hex = 0;
		for (; i < len && isalnum((unsigned char)s[i]); i++, run++)
			hex += isxdigit((unsigned char)s[i]) != 0;
		if (run < 16 || hex < run)
			return false;
		words++;
	}
	return words > 0;
}

/* Is s[0, n), a category level, a shop's collection across its kinds of
 * product ("Sale", "New Arrivals", "Refurbished": collections, a pack's
 * [collections], folded), which a product is in beside the category that
 * says what it is? */
static bool collection_level(const lexicon_list *collections, const char *s, size_t n)
{
	if (!lexicon_list_size(collections))
		return false;
	char *folded = token_fold(s, n);
	size_t len = 0;
	/* trimmed, one space between words, as the lexicon writes them */
	for (const char *p = folded; *p; p++)
		if (*p != ' ' || (len && folded[len - 1] != ' '))
			folded[len++] = *p;
	while (len && folded[len - 1] == ' ')
		len--;
	bool is = lexicon_list_has(collections, folded, len);
	free(folded);
	return is;
}

/* "Cookware > Skillets, Cookware > Cast Iron, Gifts > Under $50" and
 * "Clothing, Clothing > Hoodies": a product in several categories, as
 * WooCommerce writes it. The comma ends a path when the path before it has
 * levels, or when it is the first level of one after it; otherwise it is
 * a name's ("Clothing, Shoes & Jewelry > Women"). The deepest path (the
 * first of the deepest) is the category, unless it is a shop's
 * collection ("Sale", "New Arrivals", "Refurbished":
 * collection_level()) and another path is not; the others' levels join the
 * tags, so their words still find the product. A ";" always ends a path
 * (BigCommerce: "Skincare/Serums;Best Sellers"), and so does a comma in an
 * export whose categories are a list of names (lists: Squarespace's "Wine,
 * Red Wine"). Of paths as deep, one whose last level ends with another's
 * ("Red Wine" after "Wine") is a kind of it, and the category; of one
 * level each, under it ("Wine > Red Wine"). */
static void one_category_path(struct row *w, enum import_preset preset,
                              const lexicon_list *collections)
{
	struct buf *c = &w->text[PF_CATEGORY];
	bool lists = preset == PRESET_SQUARESPACE || preset == PRESET_WIX ||
	             preset == PRESET_PRESTASHOP;
	level_separators(c);
	drop_root_levels(c);
	if (preset == PRESET_PRESTASHOP)
		drop_root_items(c);
	size_t starts[32], ends[32], n = 0;
	size_t from = 0;
	for (size_t i = 0; i + 1 < c->len && n + 1 < 32; i++) {
		/* BigCommerce: "Skincare/Serums;Best Sellers" */
		bool semicolon = c->s[i] == ';';
		if (c->s[i] != ',' && !semicolon)
			continue;
		/* Magento writes no space after the comma */
		size_t next = i + 1 + (c->s[i + 1] == ' ');
		bool ends_path = semicolon || lists || has_levels(c->s + from, i - from);
		/* the same first level later on */
		size_t lvl = i - from;
		for (size_t k = next; !ends_path && k + lvl <= c->len; k++)
			ends_path = (k == next || c->s[k - 1] == ',' ||
			             (c->s[k - 1] == ' ' && c->s[k - 2] == ',')) &&
			            !memcmp(c->s + k, c->s + from, lvl) && k + lvl + 3 <= c->len &&
			            !memcmp(c->s + k + lvl, " > ", 3);
		if (!ends_path)
			continue;
		starts[n] = from;
		ends[n++] = i;
		from = next;
	}
	if (!n)
		return;
	starts[n] = from;
	ends[n++] = c->len;
	if (preset == PRESET_PRESTASHOP && prestashop_path(c, starts, ends, n))
		return;
	size_t best = 0, best_levels = 0, parent = n;
	bool best_collection = true;
	for (size_t k = 0; k < n; k++) {
		size_t levels = 1;
		for (size_t i = starts[k]; i + 3 <= ends[k]; i++)
			levels += !memcmp(c->s + i, " > ", 3);
		/* a collection ("Sale", "New Arrivals > Laptops") is no kind of
		 * product: any other path wins over it, however deep */
		size_t top = starts[k];
		while (top < ends[k] && (top + 3 > ends[k] || memcmp(c->s + top, " > ", 3)))
			top++;
		bool collection = collection_level(collections, c->s + starts[k], top - starts[k]);
		if (collection != best_collection && best_levels) {
			if (collection)
				continue;
			best_levels = 0;
		}
		bool kind = levels == best_levels &&
		            kind_of(c->s, starts[k], ends[k], starts[best], ends[best]);
		if (levels > best_levels || kind) {
			parent = kind && levels == 1 ? best : n;
			best = k;
			best_levels = levels;
			best_collection = collection;
		}
	}
	struct buf *t = &w->text[PF_TAGS];
	for (size_t k = 0; k < n; k++) {
		if (k == best || k == parent)
			continue;
		if (t->len)
			buf_adds(t, ", ");
		for (size_t i = starts[k]; i < ends[k]; i++)
			if (i + 3 <= ends[k] && !memcmp(c->s + i, " > ", 3)) {
				buf_adds(t, ", ");
				i += 2;
			} else {
				buf_addc(t, c->s[i]);
			}
		w->has[PF_TAGS] = true;
	}
	/* a kind of another flat name is under it: "Wine > Red Wine" */
	struct buf path;
	buf_init(&path);
	if (parent < n)
		buf_printf(&path, "%.*s > ", (int)(ends[parent] - starts[parent]), c->s + starts[parent]);
	buf_add(&path, c->s + starts[best], ends[best] - starts[best]);
	buf_reset(c);
	buf_add(c, path.s, path.len);
	buf_release(&path);
}

/* Magento's "additional_attributes" packs a product's attributes into one
 * column: "brand=Purina,flavor=Chicken,size=15 lb"; BigCommerce's
 * "Product Custom Fields" the same with ";" between them ("Skin
 * Type=Oily,Combination;Vegan=Yes"). Unpacked into pairs of their own at
 * the end of a copy of r (x, whose arrays and strings are in the returned
 * block; NULL when r has none), they map like any column: the brand is
 * the brand. A piece without "=" goes on the value before it
 * ("flavor=Chicken, Rice"). */
static void *unpack_attributes(const struct record *r, struct record *x)
{
	long col = -1;
	for (size_t i = 0; i < r->n && col < 0; i++) {
		char norm[64];
		if ((r->keys[i][0] | 0x20) != 'a' && (r->keys[i][0] | 0x20) != 'p')
			continue; /* cheap: most keys are not it */
		mapping_normalize(r->keys[i], norm, sizeof norm);
		if ((!strcmp(norm, "additionalattributes") || !strcmp(norm, "productcustomfields")) &&
		    strchr(r->values[i], '='))
			col = (long)i;
	}
	if (col < 0)
		return NULL;
	const char *packed = r->values[col];
	size_t pieces = 1;
	for (const char *c = packed; *c; c++)
		pieces += *c == ',' || *c == ';';
	size_t n = r->n + pieces;
	/* one block: the three arrays, then the strings */
	size_t arrays = n * (2 * sizeof(char *) + sizeof(size_t));
	char *block = xcalloc(1, arrays + 2 * strlen(packed) + 2 * pieces + 16);
	const char **keys = (const char **)block;
	const char **values = keys + n;
	size_t *lens = (size_t *)(values + n);
	char *out = block + arrays;
	for (size_t i = 0; i < r->n; i++) {
		keys[i] = r->keys[i];
		values[i] = (long)i == col ? "" : r->values[i];
		lens[i] = (long)i == col ? 0 : r->lens[i];
	}
	size_t m = r->n;
	for (const char *p = packed; *p;) {
		size_t len = strcspn(p, ",;");
		const char *eq = memchr(p, '=', len);
		if (eq) {
			const char *k = record_skip_ws(p);
			size_t kl = (size_t)(eq - k);
			while (kl && isspace((unsigned char)k[kl - 1]))
				kl--;
			const char *v = record_skip_ws(eq + 1);
			size_t vl = (size_t)(p + len - v);
			while (vl && isspace((unsigned char)v[vl - 1]))
				vl--;
			if (kl && vl) {
				memcpy(out, k, kl);
				keys[m] = out;
				out += kl + 1;
				memcpy(out, v, vl);
				values[m] = out;
				lens[m++] = vl;
				out += vl + 1;
			}
		} else if (m > r->n && len) {
			/* a comma inside the value before: joined back */
			size_t prev = lens[m - 1];
			char *v = (char *)values[m - 1];
			if (v + prev + 1 == out) {
				out[-1] = ',';
				memcpy(out, p, len);
				lens[m - 1] = prev + 1 + len;
				out += len;
				*out++ = '\0';
			}
		}
		p += len;
		p += *p == ',' || *p == ';';
	}
	*x = *r;
	x->keys = keys;
	x->values = values;
	x->lens = lens;
	x->n = m;
	return block;
}

static int build_row_of(struct import *im, const struct record *r, struct row *w, char **err);

/* A Wix product that takes the buyer's own text ("customTextField1":
 * Message for the recipient, up to "customTextCharLimit1" characters):
 * a "personal text" feature that says so. */
static void wix_custom_text(const struct record *r, struct buf *features)
{
	for (int k = 1; k <= 2; k++) {
		char key[32];
		snprintf(key, sizeof key, "customtextfield%d", k);
		const char *prompt = record_value_of(r, key);
		prompt = prompt ? record_skip_ws(prompt) : "";
		if (!*prompt)
			continue;
		snprintf(key, sizeof key, "customtextcharlimit%d", k);
		const char *limit = record_value_of(r, key);
		int64_t n;
		char *text = limit && record_parse_int(limit, &n) == 0 && n > 0
		                     ? xasprintf("%s (up to %lld characters)", prompt, (long long)n)
		                     : xstrdup(prompt);
		add_feature(features, "personal text", text, strlen(text));
		free(text);
	}
}

/* Builds the row's product from a record. */
/* Wix's extra facts in two columns each: "additionalInfoTitle1": Weight,
 * "additionalInfoDescription1": "8.9 kg". A copy of r (x, its arrays in
 * the returned block; NULL when r has none) where each description is
 * keyed by its title and the title columns are empty, so that they map
 * like any column ("weight: 8.9 kg"); wix: an export of Wix's, whose own
 * bare "weight" is dropped. */
static void *unpack_info_pairs(const struct record *r, struct record *x, bool wix)
{
	static const char title[] = "additionalinfotitle", text[] = "additionalinfodescription";
	long titles[10];
	bool any = false;
	for (size_t k = 0; k < 10; k++)
		titles[k] = -1;
	for (size_t i = 0; i < r->n; i++) {
		char norm[64];
		if ((r->keys[i][0] | 0x20) != 'a')
			continue; /* cheap: most keys are not it */
		mapping_normalize(r->keys[i], norm, sizeof norm);
		size_t tl = strlen(title);
		if (!strncmp(norm, title, tl) && isdigit((unsigned char)norm[tl]) && !norm[tl + 1] &&
		    *record_skip_ws(r->values[i])) {
			titles[norm[tl] - '0'] = (long)i;
			any = true;
		}
	}
	if (!any && !wix)
		return NULL;
	size_t arrays = r->n * (2 * sizeof(char *) + sizeof(size_t));
	char *block = xcalloc(1, arrays);
	const char **keys = (const char **)block;
	const char **values = keys + r->n;
	size_t *lens = (size_t *)(values + r->n);
	for (size_t i = 0; i < r->n; i++) {
		keys[i] = r->keys[i];
		values[i] = r->values[i];
		lens[i] = r->lens[i];
		char norm[64];
		mapping_normalize(r->keys[i], norm, sizeof norm);
		size_t dl = strlen(text), tl = strlen(title);
		if (!strncmp(norm, text, dl) && isdigit((unsigned char)norm[dl]) && !norm[dl + 1] &&
		    titles[norm[dl] - '0'] >= 0) {
			keys[i] = record_skip_ws(r->values[titles[norm[dl] - '0']]);
			continue;
		}
		/* the title columns, and a column the shop's own fact names
		 * ("Weight": "8.9 kg" over the shipping weight "8.9") */
		bool named = !strncmp(norm, title, tl);
		for (size_t k = 0; k < 10 && !named; k++) {
			char t[64];
			if (titles[k] >= 0) {
				mapping_normalize(r->values[titles[k]], t, sizeof t);
				named = *t && !strcmp(t, norm);
			}
		}
		/* Wix's own "weight" is a shipping weight in a unit the export
		 * does not say: no fact */
		double bare;
		if (wix && !strcmp(norm, "weight") && record_parse_double(r->values[i], &bare) == 0)
			named = true;
		if (named) {
			values[i] = "";
			lens[i] = 0;
		}
	}
	*x = *r;
	x->keys = keys;
	x->values = values;
	x->lens = lens;
	return block;
}

static void add_option_value(struct buf *values, const char *v);
static void options_reset(struct row *w);
static void finish_options(struct row *w);
static void keep_variant(struct row *h, struct buf *opts, const struct variant_facts *v);
static bool header_has(const struct reader *rd, const char *const *want, size_t n);
static bool list_holds(const struct buf *list, const char *item);

/* The i-th ","-separated part of s up to its first ':' (names) or without
 * its position (values), or NULL. Heap. */
static char *part_of(const char *s, size_t i, bool name)
{
	for (size_t k = 0; s && *s; k++) {
		size_t len = strcspn(s, ",");
		if (k == i) {
			if (name) {
				size_t n = strcspn(s, ":,");
				return n ? without_position(s, n) : NULL;
			}
			return len ? without_position(s, len) : NULL;
		}
		s += len + (s[len] == ',');
	}
	return NULL;
}

static int by_product(const void *a, const void *b)
{
	return strcmp(((const struct combo *)a)->product, ((const struct combo *)b)->product);
}


static int by_special(const void *a, const void *b)
{
	return strcmp(((const struct special *)a)->product, ((const struct special *)b)->product);
}

static int by_sheet_attr(const void *a, const void *b)
{
	return strcmp(((const struct sheet_attr *)a)->product,
	              ((const struct sheet_attr *)b)->product);
}

static int by_category_id(const void *a, const void *b)
{
	return strcmp(((const struct sheet_category *)a)->id,
	              ((const struct sheet_category *)b)->id);
}

static void sheets_free(struct import *im)
{
	for (size_t i = 0; i < im->n_combos; i++) {
		free(im->combos[i].product);
		for (int k = 0; k < SHOPIFY_OPTIONS; k++) {
			free(im->combos[i].name[k]);
			free(im->combos[i].value[k]);
		}
	}
	free(im->combos);
	im->combos = NULL;
	im->n_combos = 0;
	for (size_t i = 0; i < im->n_specials; i++)
		free(im->specials[i].product);
	free(im->specials);
	for (size_t i = 0; i < im->n_sheet_attrs; i++) {
		free(im->sheet_attrs[i].product);
		free(im->sheet_attrs[i].key);
		free(im->sheet_attrs[i].value);
	}
	free(im->sheet_attrs);
	for (size_t i = 0; i < im->n_categories; i++) {
		free(im->categories[i].id);
		free(im->categories[i].parent);
		free(im->categories[i].name);
	}
	free(im->categories);
}

enum sheet_kind { SHEET_COMBINATIONS, SHEET_OPTIONS, SHEET_SPECIALS, SHEET_ATTRIBUTES,
	              SHEET_CATEGORIES, SHEET_VARIATIONS, SHEET_MODELS };

/* The trimmed value of a column, or NULL when empty or absent. Heap. */
static char *sheet_value(const struct record *r, const char *norm_key)
{
	const char *v = record_value_of(r, norm_key);
	if (!v || !*record_skip_ws(v))
		return NULL;
	v = record_skip_ws(v);
	size_t n = strlen(v);
	while (n && isspace((unsigned char)v[n - 1]))
		n--;
	return xstrndup(v, n);
}

/* Is a date of a special ("2026-11-20", "0000-00-00" for none) before
 * (side < 0) or after (side > 0) today, so that the special is not on? */
static bool outside_date(const char *date, const char *today, int side)
{
	if (!date || !isdigit((unsigned char)date[0]) || !strncmp(date, "0000", 4))
		return false;
	int c = strncmp(date, today, 10);
	return side < 0 ? c > 0 : c < 0;
}

/* One row of a sheet into im. */
static void sheet_row(struct import *im, enum sheet_kind kind, const struct record *r,
                      const char *today, size_t *cap)
{
	if (kind == SHEET_MODELS) {
		akeneo_add_model(im->akeneo, r);
		return;
	}
	char *id = sheet_value(r, kind == SHEET_CATEGORIES   ? "categoryid"
	                          : kind == SHEET_VARIATIONS ? "parentid"
	                                                     : "productid");
	if (!id)
		return;
	char cur[4];
	switch (kind) {
	case SHEET_VARIATIONS: {
		/* WooCommerce's REST API (GET /products/<id>/variations): the
		 * options ("attributes": [{"name": "Colour", "option": "Sage"}]),
		 * its own price, regular price and stock */
		const char *status = record_value_of(r, "status");
		if (!strcmp(id, "0") || (status && (strstr(status, "private") ||
		                                    strstr(status, "draft") || strstr(status, "trash"))))
			break; /* (a parent_id of 0 is none: a product) */
		if (im->n_combos == *cap) {
			*cap = *cap ? *cap * 2 : 64;
			im->combos = xrealloc(im->combos, *cap * sizeof *im->combos);
		}
		struct combo *c = &im->combos[im->n_combos];
		memset(c, 0, sizeof *c);
		int k = 0;
		for (size_t i = 0; i < r->n && k < SHOPIFY_OPTIONS; i++) {
			const char *v = record_skip_ws(r->values[i]);
			if (strncasecmp(r->keys[i], "attributes.", 11) || !r->keys[i][11] || !*v)
				continue;
			c->name[k] = xstrdup(r->keys[i] + 11);
			c->value[k++] = xstrdup(v);
		}
		if (!k)
			break;
		im->n_combos++;
		c->product = xstrdup(id);
		c->absolute = true;
		const char *sale = record_value_of(r, "saleprice");
		const char *regular = record_value_of(r, "regularprice");
		const char *price = record_value_of(r, "price");
		int64_t cents;
		if (sale && *record_skip_ws(sale) && price_parse(sale, &cents, cur) == 0)
			c->price = cents, c->has_price = true;
		else if (price && *record_skip_ws(price) && price_parse(price, &cents, cur) == 0)
			c->price = cents, c->has_price = true;
		else if (regular && *record_skip_ws(regular) && price_parse(regular, &cents, cur) == 0)
			c->price = cents, c->has_price = true;
		c->was = c->price;
		if (regular && *record_skip_ws(regular) && price_parse(regular, &cents, cur) == 0 &&
		    cents > c->price)
			c->was = cents;
		const char *qty = record_value_of(r, "stockquantity");
		const char *stock_status = record_value_of(r, "stockstatus");
		int64_t n;
		if (qty && record_parse_int(qty, &n) == 0) {
			c->stock = n < 0 ? 0 : n;
			c->has_stock = true;
		} else if (stock_status && strstr(stock_status, "outofstock")) {
			c->has_stock = true;
		}
		break;
	}
	case SHEET_COMBINATIONS:
	case SHEET_OPTIONS: {
		const char *attr = record_value_of(r, kind == SHEET_OPTIONS ? "option" : "attribute");
		const char *val = record_value_of(r, kind == SHEET_OPTIONS ? "optionvalue" : "value");
		if (!attr || !val)
			break;
		if (im->n_combos == *cap) {
			*cap = *cap ? *cap * 2 : 64;
			im->combos = xrealloc(im->combos, *cap * sizeof *im->combos);
		}
		struct combo *c = &im->combos[im->n_combos++];
		memset(c, 0, sizeof *c);
		c->product = without_position(id, strlen(id));
		if (kind == SHEET_OPTIONS) {
			/* OpenCart: one value of one option a row, its price
			 * "+" or "-" the product's */
			c->name[0] = xstrdup(record_skip_ws(attr));
			c->value[0] = xstrdup(record_skip_ws(val));
			const char *amount = record_value_of(r, "price");
			const char *sign = record_value_of(r, "priceprefix");
			if (amount && *record_skip_ws(amount) && price_parse(amount, &c->impact, cur) < 0)
				c->impact = 0;
			c->exact = amount && record_parse_double(amount, &c->impact_exact) == 0;
			if (sign && *record_skip_ws(sign) == '-') {
				c->impact = -c->impact;
				c->impact_exact = -c->impact_exact;
			}
		} else {
			for (int k = 0; k < SHOPIFY_OPTIONS; k++) {
				c->name[k] = part_of(attr, (size_t)k, true);
				c->value[k] = part_of(val, (size_t)k, false);
			}
			const char *impact = record_value_of(r, "impactonprice");
			if (impact && *record_skip_ws(impact) && price_parse(impact, &c->impact, cur) < 0)
				c->impact = 0;
			c->exact = impact && record_parse_double(impact, &c->impact_exact) == 0;
		}
		const char *qty = record_value_of(r, "quantity");
		int64_t n;
		c->has_stock = qty && record_parse_int(qty, &n) == 0;
		c->stock = c->has_stock ? (n < 0 ? 0 : n) : 0;
		break;
	}
	case SHEET_SPECIALS: {
		/* the shop's own price for every shopper, on today: not a
		 * trade group's ("Wholesale"), not one ended or to come */
		char *group = sheet_value(r, "customergroup");
		char *start = sheet_value(r, "datestart"), *end = sheet_value(r, "dateend");
		const char *price = record_value_of(r, "price");
		double v;
		long priority = 0;
		const char *pr = record_value_of(r, "priority");
		if (pr && *record_skip_ws(pr))
			priority = strtol(record_skip_ws(pr), NULL, 10);
		bool on = (!group || !strcasecmp(group, "default")) && price &&
		          record_parse_double(price, &v) == 0 && v >= 0 &&
		          !outside_date(start, today, -1) && !outside_date(end, today, 1);
		if (on) {
			if (im->n_specials == *cap) {
				*cap = *cap ? *cap * 2 : 64;
				im->specials = xrealloc(im->specials, *cap * sizeof *im->specials);
			}
			im->specials[im->n_specials++] = (struct special){xstrdup(id), v, priority};
		}
		free(group);
		free(start);
		free(end);
		break;
	}
	case SHEET_ATTRIBUTES: {
		char *key = sheet_value(r, "attribute");
		char *value = sheet_value(r, "text");
		if (key && value) {
			if (im->n_sheet_attrs == *cap) {
				*cap = *cap ? *cap * 2 : 64;
				im->sheet_attrs = xrealloc(im->sheet_attrs, *cap * sizeof *im->sheet_attrs);
			}
			im->sheet_attrs[im->n_sheet_attrs++] = (struct sheet_attr){xstrdup(id), key, value};
		} else {
			free(key);
			free(value);
		}
		break;
	}
	case SHEET_MODELS:
		break;
	case SHEET_CATEGORIES: {
		char *name = sheet_value(r, "name");
		if (!name)
			break;
		/* "Health &amp; Medicines", as the shop's database keeps it */
		struct buf text;
		buf_init(&text);
		html_to_text(name, strlen(name), &text);
		free(name);
		if (im->n_categories == *cap) {
			*cap = *cap ? *cap * 2 : 64;
			im->categories = xrealloc(im->categories, *cap * sizeof *im->categories);
		}
		im->categories[im->n_categories++] =
			(struct sheet_category){xstrdup(id), sheet_value(r, "parentid"), buf_detach(&text)};
		break;
	}
	}
	free(id);
}

/* The reader of Akeneo's export, made when the first of its sheets is
 * read: it picks the locale of the catalog's language. */
static struct akeneo *akeneo_of(struct import *im)
{
	if (!im->akeneo) {
		char *language = NULL, *ignored = NULL;
		const char *iso = index_language_get(im->c, &language, NULL, &ignored) == 0
		                          ? language_iso(language)
		                          : NULL;
		im->akeneo = akeneo_new(iso, im->o->currency);
		free(language);
		free(ignored);
	}
	return im->akeneo;
}

/* Reads one sheet of the export (import_options.sheets, .variants) into
 * im, as its header shows it to be. 0, or -1 with *err set. */
static int load_sheet(struct import *im, const char *path, char **err)
{
	struct reader rd;
	struct feed_state none = {0};
	struct import_options o = *im->o;
	o.format = IMPORT_AUTO;
	o.preset = PRESET_NONE;
	int rc = reader_open(&rd, path, &o, &none, err);
	if (rc == 0 && rd.csv)
		rc = read_header(&rd, err);
	/* JSON: WooCommerce's variations, each naming its "parent_id" */
	bool json = rc == 0 && !rd.csv;
	static const char *const combinations[] = {"productid", "attribute", "value"};
	static const char *const options[] = {"productid", "option", "optionvalue"};
	static const char *const specials[] = {"productid", "price", "datestart", "dateend"};
	static const char *const attributes[] = {"productid", "attribute", "text"};
	static const char *const categories[] = {"categoryid", "parentid", "name"};
	enum sheet_kind kind = json ? SHEET_VARIATIONS : SHEET_COMBINATIONS;
	if (rc == 0 && !json) {
		if (header_has(&rd, combinations, 3))
			kind = SHEET_COMBINATIONS;
		else if (header_has(&rd, options, 3))
			kind = SHEET_OPTIONS;
		else if (header_has(&rd, specials, 4))
			kind = SHEET_SPECIALS;
		else if (header_has(&rd, attributes, 3))
			kind = SHEET_ATTRIBUTES;
		else if (header_has(&rd, categories, 3))
			kind = SHEET_CATEGORIES;
		else if (akeneo_models_header((const char *const *)rd.header, rd.nheader))
			kind = SHEET_MODELS;
		else {
			*err = xasprintf("%s: not a sheet clerk reads (variants: Product ID, Attribute, "
			                 "Value or product_id, option, option_value, or WooCommerce's "
			                 "variations as JSON; sale prices: "
			                 "product_id, price, date_start, date_end; attributes: "
			                 "product_id, attribute, text; categories: category_id, "
			                 "parent_id, name; Akeneo's product models: code, "
			                 "family_variant)",
			                 path);
			rc = -1;
		}
	}
	if (rc == 0 && kind == SHEET_MODELS)
		akeneo_models_begin(akeneo_of(im), (const char *const *)rd.header, rd.nheader);
	char today[16];
	time_t now = time(NULL);
	strftime(today, sizeof today, "%Y-%m-%d", gmtime(&now));
	size_t cap = kind == SHEET_COMBINATIONS || kind == SHEET_OPTIONS ||
	                     kind == SHEET_VARIATIONS
	                 ? im->n_combos
	             : kind == SHEET_SPECIALS                            ? im->n_specials
	             : kind == SHEET_ATTRIBUTES                          ? im->n_sheet_attrs
	                                                                 : im->n_categories;
	size_t before = im->n_combos;
	struct record r;
	while (rc == 0) {
		char *msg = NULL;
		int got = reader_next(&rd, &r, path, &msg);
		if (got <= 0) {
			if (got < 0) {
				*err = msg;
				rc = -1;
			}
			break;
		}
		sheet_row(im, kind, &r, today, &cap);
	}
	if (rc == 0 && json && im->n_combos == before) {
		*err = xasprintf("%s: no variations in it (a JSON sheet is WooCommerce's variations,"
		                 " each with its parent_id and attributes)", path);
		rc = -1;
	}
	reader_free(&rd);
	source_free(rd.src);
	if (rc == 0 && im->n_combos)
		qsort(im->combos, im->n_combos, sizeof *im->combos, by_product);
	if (rc == 0 && im->n_specials)
		qsort(im->specials, im->n_specials, sizeof *im->specials, by_special);
	if (rc == 0 && im->n_sheet_attrs)
		qsort(im->sheet_attrs, im->n_sheet_attrs, sizeof *im->sheet_attrs, by_sheet_attr);
	if (rc == 0 && im->n_categories)
		qsort(im->categories, im->n_categories, sizeof *im->categories, by_category_id);
	return rc;
}

/* The sale price of the product w from the sheet of specials, in cents
 * with the tax its price has (tax percent), or -1: the one of least
 * priority, then price. */
static int64_t special_of(const struct import *im, const struct row *w, double tax)
{
	if (!im->n_specials || !w->has[PF_ID])
		return -1;
	struct special key = {.product = w->text[PF_ID].s};
	const struct special *c = bsearch(&key, im->specials, im->n_specials, sizeof *c, by_special);
	if (!c)
		return -1;
	while (c > im->specials && !strcmp(c[-1].product, key.product))
		c--;
	const struct special *best = NULL;
	for (; c < im->specials + im->n_specials && !strcmp(c->product, key.product); c++)
		if (!best || c->priority < best->priority ||
		    (c->priority == best->priority && c->price < best->price))
			best = c;
	return (int64_t)(best->price * (100.0 + tax) + 0.5);
}

/* The product's attributes from the sheet of attributes, as features. */
static void apply_sheet_attrs(const struct import *im, struct row *w)
{
	if (!im->n_sheet_attrs || !w->has[PF_ID])
		return;
	struct sheet_attr key = {.product = w->text[PF_ID].s};
	const struct sheet_attr *a =
		bsearch(&key, im->sheet_attrs, im->n_sheet_attrs, sizeof *a, by_sheet_attr);
	if (!a)
		return;
	while (a > im->sheet_attrs && !strcmp(a[-1].product, key.product))
		a--;
	for (; a < im->sheet_attrs + im->n_sheet_attrs && !strcmp(a->product, key.product); a++)
		add_feature(&w->features, a->key, a->value, strlen(a->value));
}

static const struct sheet_category *category_by_id(const struct import *im, const char *id)
{
	struct sheet_category key = {.id = (char *)id};
	return bsearch(&key, im->categories, im->n_categories, sizeof key, by_category_id);
}

/* Is category a an ancestor of category b? */
static bool category_above(const struct import *im, const char *a, const char *b)
{
	const struct sheet_category *c = category_by_id(im, b);
	for (int depth = 0; c && c->parent && depth < 32; depth++) {
		if (!strcmp(c->parent, a))
			return true;
		c = category_by_id(im, c->parent);
	}
	return false;
}

/* Categories named by id ("59,60") from the sheet of categories: the
 * path of each ("Health & Medicines > Pain Relief"), the ones above
 * another of the list left out, ", " between. */
static void name_categories(const struct import *im, struct row *w)
{
	struct buf *c = &w->text[PF_CATEGORY];
	if (!im->n_categories || !w->has[PF_CATEGORY] || strspn(c->s, "0123456789, ;|") != c->len)
		return;
	char *ids[32];
	size_t n = 0;
	char *copy = xstrdup(c->s);
	for (char *save = NULL, *t = strtok_r(copy, ", ;|", &save); t && n < 32;
	     t = strtok_r(NULL, ", ;|", &save))
		if (category_by_id(im, t))
			ids[n++] = t;
	struct buf out;
	buf_init(&out);
	for (size_t i = 0; i < n; i++) {
		bool above = false;
		for (size_t j = 0; j < n && !above; j++)
			above = j != i && category_above(im, ids[i], ids[j]);
		if (above)
			continue;
		const char *chain[32];
		size_t depth = 0;
		for (const struct sheet_category *k = category_by_id(im, ids[i]); k && depth < 32;
		     k = k->parent ? category_by_id(im, k->parent) : NULL)
			chain[depth++] = k->name;
		if (out.len)
			buf_adds(&out, ", ");
		for (size_t d = depth; d-- > 0;)
			buf_printf(&out, "%s%s", chain[d], d ? " > " : "");
	}
	free(copy);
	if (out.len) {
		buf_reset(c);
		buf_add(c, out.s, out.len);
	}
	buf_release(&out);
}

/* The product's variants from the file of variants: its options and,
 * hidden, what each costs (its price plus the variant's impact, with the
 * tax and the discount the product's price has) and has in stock; the
 * product's stock is theirs. */
static void apply_combinations(struct import *im, const struct record *r, struct row *w)
{
	if (!im->n_combos || !w->has[PF_ID])
		return;
	struct combo key = {.product = w->text[PF_ID].s};
	struct combo *c = bsearch(&key, im->combos, im->n_combos, sizeof *c, by_product);
	if (!c)
		return;
	while (c > im->combos && !strcmp(c[-1].product, key.product))
		c--;
	int64_t base = 0;
	char cur[4];
	bool priced = w->has[PF_PRICE] && price_parse(w->text[PF_PRICE].s, &base, cur) == 0;
	bool untaxed = priced && price_without_tax(im, r);
	double tax = untaxed ? tax_of(im->o, r) : 0;
	double base_exact = 0;
	bool exact_base = priced && record_parse_double(w->text[PF_PRICE].s, &base_exact) == 0;
	options_reset(w);
	int64_t stock = 0;
	bool counted = false;
	for (; c < im->combos + im->n_combos && !strcmp(c->product, key.product); c++) {
		buf_reset(&w->scratch);
		for (int k = 0; k < SHOPIFY_OPTIONS; k++) {
			if (!c->name[k] || !c->value[k] || !*c->value[k])
				continue;
			/* (WooCommerce's product lists its options itself) */
			if (!w->option_name[k].len && !c->absolute)
				buf_adds(&w->option_name[k], c->name[k]);
			if (!c->absolute)
				add_option_value(&w->option_values[k], c->value[k]);
			if (w->scratch.len)
				buf_adds(&w->scratch, ", ");
			buf_adds(&w->scratch, c->value[k]);
		}
		if (!w->scratch.len)
			continue;
		int64_t cents = base + c->impact;
		/* the tax on the unrounded prices, as the shop works it out */
		if (untaxed && tax > 0 && exact_base && c->exact)
			cents = (int64_t)((base_exact + c->impact_exact) * (100.0 + tax) + 0.5);
		else if (untaxed && tax > 0)
			cents = (int64_t)((double)cents * (100.0 + tax) / 100.0 + 0.5);
		int64_t was = cents;
		if (w->discount > 0)
			cents = discounted(cents, w->percent, w->discount);
		bool has_price = priced;
		if (c->absolute) { /* a variation's own prices */
			cents = c->price;
			was = c->was;
			has_price = c->has_price;
		}
		const struct variant_facts v = {.price_cents = cents, .stock = c->stock,
		                                .was_cents = was, .has_price = has_price,
		                                .has_stock = c->has_stock,
		                                .has_was = has_price && was > cents};
		keep_variant(w, &w->scratch, &v);
		stock += c->stock;
		counted |= c->has_stock;
		im->stats->variants++;
	}
	if (counted) {
		w->p.stock = stock;
		w->p.has_stock = true;
	}
	finish_options(w);
}

/* The end of a PrestaShop feature's value: the ":" before its position
 * (":2," or ":2" at the end), so that a value may hold a comma ("3 x AAA,
 * not included"); without a position, the next comma. */
static const char *feature_value_end(const char *v)
{
	for (const char *p = v; (p = strchr(p, ':')); p++) {
		const char *d = p + 1;
		while (isdigit((unsigned char)*d))
			d++;
		if (d > p + 1 && (*d == ',' || *d == '\0' || *d == ':'))
			return p;
	}
	return v + strcspn(v, ",");
}

/* Columns that each hold one line of the product's features, numbered:
 * "Bullet Point 1" .. "Bullet Point 5" (Amazon), "Feature 1", "Key
 * Feature 2", "Highlight 3". */
static bool bullet_column(const char *key)
{
	static const char *const bases[] = {"bulletpoint", "bullet", "feature", "keyfeature",
	                                    "highlight", "featurebullet"};
	char norm[48];
	mapping_normalize(key, norm, sizeof norm);
	size_t n = strlen(norm);
	while (n && isdigit((unsigned char)norm[n - 1]))
		n--;
	if (n == strlen(norm) || n == 0)
		return false;
	norm[n] = '\0';
	for (size_t i = 0; i < sizeof bases / sizeof bases[0]; i++)
		if (!strcmp(norm, bases[i]))
			return true;
	return false;
}

/* The numbered feature columns (bullet_column()) no field took are lines
 * of the features as they are, not facts named "bullet point 1"; they
 * leave res's unmapped columns. */
static void take_bullets(const struct record *r, struct resolved *res, struct buf *features)
{
	size_t kept = 0;
	for (size_t u = 0; u < res->nunmapped; u++) {
		size_t i = res->unmapped[u];
		if (!bullet_column(r->keys[i])) {
			res->unmapped[kept++] = i;
			continue;
		}
		size_t start = features->len;
		if (features->len)
			buf_adds(features, "; ");
		size_t at = features->len;
		record_add_trimmed(features, r->values[i], r->lens[i], ", ");
		if (features->len == at) { /* an empty cell */
			if (features->len != start) {
				features->len = start;
				features->s[start] = '\0';
			}
			continue;
		}
		for (char *p = features->s + at; *p; p++)
			if (*p == ';' || *p == '|' || *p == '\n' || *p == '\r' || *p == '\t')
				*p = *p == ';' || *p == '|' ? ',' : ' ';
	}
	res->nunmapped = kept;
}

/* The value of r's column named by one of names (normalized, first found
 * first), or "". */
static const char *value_named(const struct record *r, const char *const *names, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		const char *v = record_value_of(r, names[k]);
		if (v)
			return record_skip_ws(v);
	}
	return "";
}

/* Amazon's ages are a number of months in columns of their own ("Manufacturer
 * Minimum Age (months)", "mfg_minimum"; the unit in another column, months
 * unless it says years): they become an "ages" fact as a shop writes it
 * ("ages: 3 years and up", "ages: 18-36 months"), which keep_ages() reads. */
static void amazon_ages(const struct record *r, struct row *w)
{
	static const char *const min_names[] = {"mfgminimum", "manufacturerminimumagemonths",
	                                        "manufacturerminimumage"};
	static const char *const max_names[] = {"mfgmaximum", "manufacturermaximumagemonths",
	                                        "manufacturermaximumage"};
	static const char *const unit_names[] = {"mfgminimumunitofmeasure"};
	const char *lo = value_named(r, min_names, 3), *hi = value_named(r, max_names, 3);
	const char *unit = value_named(r, unit_names, 1);
	int per = !strncasecmp(unit, "year", 4) ? 12 : 1;
	char *end;
	long from = strtol(lo, &end, 10);
	if (end == lo || from < 0 || from > 1200)
		return;
	long to = strtol(hi, &end, 10);
	bool top = end != hi && to >= from && to <= 1200 && to * per < 18 * 12; /* "1200": no end */
	from *= per;
	to = top ? to * per : 0;
	bool years = from >= 24 && from % 12 == 0 && (!top || to % 12 == 0);
	long div = years ? 12 : 1;
	const char *u = years ? "years" : "months";
	char text[64];
	if (top)
		snprintf(text, sizeof text, "%ld-%ld %s", from / div, to / div, u);
	else
		snprintf(text, sizeof text, "%ld %s and up", from / div, u);
	add_feature(&w->features, "ages", text, strlen(text));
}

/* A category written as a page's address ("board-games", Amazon's item
 * type) reads as words ("Board games"). */
static void slug_words(struct buf *b)
{
	if (!b->len || strchr(b->s, ' ') || !strchr(b->s, '-'))
		return;
	for (size_t i = 0; i < b->len; i++)
		if (b->s[i] == '-' || b->s[i] == '_')
			b->s[i] = ' ';
	b->s[0] = (char)toupper((unsigned char)b->s[0]);
}

/* The ages the product suits, from a field named for them ("Age range:
 * 3+ years") or else its description ("Not suitable for children under
 * 3 years"), kept hidden in months for search's age filter
 * (ATTR_AGE_FROM, ATTR_AGE_TO). */
static void keep_ages(struct row *w)
{
	int from = -1, to = AGES_OPEN;
	bool found = false;
	for (const char *p = w->features.s ? w->features.s : ""; *p && !found;) {
		size_t len = strcspn(p, ";");
		const char *colon = memchr(p, ':', len);
		if (colon && ages_label(p, (size_t)(colon - p)))
			found = ages_in_text(colon + 1, len - (size_t)(colon + 1 - p), true, &from, &to);
		p += len;
		while (*p == ';' || *p == ' ')
			p++;
	}
	if (!found && w->has[PF_DESCRIPTION])
		found = ages_in_text(w->text[PF_DESCRIPTION].s, w->text[PF_DESCRIPTION].len, false,
		                     &from, &to);
	if (!found)
		return;
	char n[16];
	snprintf(n, sizeof n, "%d", from);
	attr_rows_add_pair(&w->hidden, ATTR_AGE_FROM, n, strlen(n));
	if (to != AGES_OPEN) {
		snprintf(n, sizeof n, "%d", to);
		attr_rows_add_pair(&w->hidden, ATTR_AGE_TO, n, strlen(n));
	}
}

/* PrestaShop's "Feature(Name:Value:Position)": "Players:2:1,Age
 * range:3-5 years:2" is players 2, age range 3-5 years. */
static void prestashop_features(const char *s, struct buf *out)
{
	while (*s) {
		const char *colon = strchr(s, ':');
		if (!colon || memchr(s, ',', (size_t)(colon - s)))
			break;
		const char *value = colon + 1, *end = feature_value_end(value);
		char *key = xstrndup(s, (size_t)(colon - s));
		if (*record_skip_ws(key) && end > value)
			add_feature(out, record_skip_ws(key), value, (size_t)(end - value));
		free(key);
		s = end + strcspn(end, ",");
		s += *s == ',';
	}
}

static int build_row(struct import *im, const struct record *r, struct row *w, char **err)
{
	struct record x;
	void *block = im->ebay ? ebay_unpack(im->ebay, r, &x) : unpack_attributes(r, &x);
	if (block && !im->ebay)
		im->res.unpacked_from = r->n;
	else if (!block)
		block = unpack_info_pairs(r, &x, im->preset == PRESET_WIX);
	int rc = build_row_of(im, block ? &x : r, w, err);
	free(block);
	return rc;
}

static int build_row_of(struct import *im, const struct record *r, struct row *w, char **err)
{
	struct resolved *res = &im->res;
	int rc = record_resolve(im->m, r, res, im->source, err);
	if (rc != IMPORT_OK)
		return rc;
	memset(&w->p, 0, sizeof w->p);
	w->unlisted = false;
	w->variant_stock = false;
	w->variant_uncounted = false;
	for (size_t i = 0; i < res->nlisting && !w->unlisted; i++) {
		size_t k = res->listing[i];
		w->unlisted = mapping_unlisted(r->keys[k], r->values[k], r->lens[k]);
	}
	w->pos = r->pos;
	w->by_index = r->by_index;
	for (int f = 0; f < PF_COUNT; f++) {
		buf_reset(&w->text[f]);
		w->has[f] = false;
	}
	buf_reset(&w->features);
	buf_reset(&w->hidden);
	for (size_t i = 0; i < sizeof text_fields / sizeof text_fields[0]; i++) {
		int f = text_fields[i].field;
		if (!text_fields[i].html) {
			w->has[f] = record_text(r, res, f, text_fields[i].sep, &w->text[f]);
			continue;
		}
		buf_reset(&w->scratch);
		if (record_text(r, res, f, text_fields[i].sep, &w->scratch)) {
			if (f == PF_DESCRIPTION)
				unescape_newlines(&w->scratch);
			html_to_text(w->scratch.s, w->scratch.len, &w->text[f]);
			w->has[f] = w->text[f].len > 0;
		}
	}
	static const int numeric[] = {PF_PRICE, PF_SALE_PRICE, PF_RATING, PF_REVIEW_COUNT,
	                              PF_STOCK, PF_AVAILABILITY, PF_POPULARITY};
	/* A number found in an array ("variants": [{"price": ...}, ...]) is
	 * its first. */
	for (size_t i = 0; i < sizeof numeric / sizeof numeric[0]; i++)
		w->has[numeric[i]] = record_text(r, res, numeric[i], NULL, &w->text[numeric[i]]);
	if (!w->has[PF_ID]) {
		buf_printf(&w->text[PF_ID], "%zu", r->ordinal);
		w->has[PF_ID] = true;
	}
	if (w->has[PF_FEATURES] && im->preset == PRESET_PRESTASHOP)
		prestashop_features(w->text[PF_FEATURES].s, &w->features);
	else if (w->has[PF_FEATURES])
		buf_add(&w->features, w->text[PF_FEATURES].s, w->text[PF_FEATURES].len);
	take_bullets(r, res, &w->features);
	attr_rows_build(im->attrs, r, res->unmapped, res->nunmapped, &w->features, &w->hidden);
	if (im->preset == PRESET_WIX)
		wix_custom_text(r, &w->features);
	apply_sheet_attrs(im, w);
	rc = numbers(im, r, w, err);
	if (rc != IMPORT_OK)
		return rc;
	apply_combinations(im, r, w);
	take_reviews(w, r);
	static const int free_text[] = {PF_NAME, PF_DESCRIPTION, PF_TAGS};
	for (size_t i = 0; i < sizeof free_text / sizeof free_text[0]; i++)
		scrub_emails(&w->text[free_text[i]], &w->scratch);
	/* terminal escapes are never shown, and must not glue themselves to
	 * the next word in the index ("\e[31mRed" found by "red") */
	static const int shown[] = {PF_NAME, PF_DESCRIPTION, PF_TAGS, PF_BRAND, PF_CATEGORY};
	for (size_t i = 0; i < sizeof shown / sizeof shown[0]; i++)
		strip_escapes(&w->text[shown[i]], &w->scratch, shown[i] == PF_DESCRIPTION);
	name_categories(im, w);
	if (w->has[PF_CATEGORY] && opaque_category(w->text[PF_CATEGORY].s, w->text[PF_CATEGORY].len))
		w->has[PF_CATEGORY] = false;
	if (w->has[PF_CATEGORY])
		one_category_path(w, im->preset, im->collections);
	/* several image links in one field (Squarespace's "Hosted Image
	 * URLs", PrestaShop's "Image URLs (x,y,z...)"): the first is the
	 * product's picture; a comma inside a link ("w_100,h_80") stays */
	if (w->has[PF_IMAGE]) {
		struct buf *img = &w->text[PF_IMAGE];
		size_t first = strcspn(img->s, " \t\r\n");
		const char *next = strstr(img->s, ",http");
		if (next && (size_t)(next - img->s) < first)
			first = (size_t)(next - img->s);
		if (first && first < img->len) {
			img->len = first;
			img->s[first] = '\0';
		}
	}
	if (w->has[PF_CATEGORY]) {
		/* "Kitchen > variable": a platform's row kind is no level */
		char *last = strrchr(w->text[PF_CATEGORY].s, '>');
		const char *leaf = last ? record_skip_ws(last + 1) : w->text[PF_CATEGORY].s;
		if (platform_kind(leaf)) {
			if (last && last > w->text[PF_CATEGORY].s) {
				w->text[PF_CATEGORY].len = (size_t)(last - w->text[PF_CATEGORY].s);
				while (w->text[PF_CATEGORY].len &&
				       w->text[PF_CATEGORY].s[w->text[PF_CATEGORY].len - 1] == ' ')
					w->text[PF_CATEGORY].len--;
				w->text[PF_CATEGORY].s[w->text[PF_CATEGORY].len] = '\0';
			} else {
				buf_reset(&w->text[PF_CATEGORY]);
				w->has[PF_CATEGORY] = false;
			}
		}
	}
	if (im->preset == PRESET_AMAZON) {
		amazon_ages(r, w);
		slug_words(&w->text[PF_CATEGORY]);
	}
	scrub_emails(&w->features, &w->scratch);
	keep_ages(w);
	row_product(w);
	return IMPORT_OK;
}

/* Was a product of this id in the catalog before this import (not only
 * an earlier row of the same file)? */
static bool in_catalog_before(const struct import *im, const char *id)
{
	if (!im->prior_max || !id)
		return false;
	sqlite3_stmt *st = catalog_prepare(im->c, "SELECT id FROM products WHERE source_id = ?", NULL);
	bool before = false;
	if (st) {
		sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
		before = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int64(st, 0) <= im->prior_max;
	}
	sqlite3_finalize(st);
	return before;
}

static int put_row(struct import *im, struct row *w, char **err)
{
	struct record where = {.pos = w->pos, .by_index = w->by_index};
	if (w->unlisted) {
		im->stats->unlisted++;
		return IMPORT_OK;
	}
	if (!w->p.name) {
		*err = record_where(im->source, &where, "name", "missing name");
		return IMPORT_BAD;
	}
	char *inner = NULL;
	if (product_writer_put(im->writer, &w->p, im->o->replace, &inner) == 0) {
		im->stats->imported++;
		im->stats->no_price += !w->p.has_price;
		im->stats->untaxed += w->untaxed;
		im->stats->taxed += w->taxed;
		im->stats->unnamed_currency += w->p.has_price && !(w->p.currency && *w->p.currency);
		if ((w->reviews.n || im->o->replace) &&
		    reviews_writer_put(im->reviews, product_writer_last_id(im->writer),
		                       w->reviews.items, w->reviews.n, im->o->replace, &inner) < 0) {
			*err = xasprintf("%s: %s", im->source, inner);
			free(inner);
			return IMPORT_FATAL;
		}
		return IMPORT_OK;
	}
	bool bad = product_writer_bad(im->writer);
	const char *hint = bad && !im->o->replace && !strncmp(inner, "duplicate id", 12) &&
	                           in_catalog_before(im, w->p.id)
	                       ? " (the catalog has it already: --replace updates it)"
	                       : "";
	*err = bad ? record_where(im->source, &where, "id", "%s%s", inner, hint)
	           : xasprintf("%s: %s", im->source, inner);
	free(inner);
	return bad ? IMPORT_BAD : IMPORT_FATAL;
}

/* ---- Shopify: variant rows fold into their product ---- */

/* Wix writes a colour option's value with its swatch: "#C0392B:Red". */
static const char *option_value_text(const char *v)
{
	if (v[0] != '#')
		return v;
	size_t hex = strspn(v + 1, "0123456789abcdefABCDEF");
	return (hex == 3 || hex == 6 || hex == 8) && v[1 + hex] == ':' && v[2 + hex] ? v + 2 + hex : v;
}

static void add_option_value(struct buf *values, const char *v)
{
	v = option_value_text(v);
	size_t n = strlen(v);
	for (const char *p = values->s; values->len && p < values->s + values->len;) {
		const char *end = memchr(p, RECORD_SEP, (size_t)(values->s + values->len - p));
		size_t len = end ? (size_t)(end - p) : (size_t)(values->s + values->len - p);
		if (len == n && !memcmp(p, v, n))
			return;
		p += len + 1;
	}
	if (values->len)
		buf_addc(values, RECORD_SEP);
	buf_add(values, v, n);
}

/* Which option a column is and whether it holds the option's name or a
 * value: Shopify's "Option1 Name", "Option1 Value", Squarespace's "Option
 * Name 1", "Option Value 1", Wix's "productOptionName1",
 * "productOptionDescription1" (normalized). k: 0 to SHOPIFY_OPTIONS - 1. */
static bool option_column(const char *norm, int *k, bool *name)
{
	/* Wix: "productOptionName1", "productOptionDescription1" */
	bool wix = !strncmp(norm, "productoption", 13);
	if (wix)
		norm += 7;
	if (strncmp(norm, "option", 6))
		return false;
	const char *p = norm + 6;
	static const char *const what[] = {"name", "value", "description"};
	for (int i = 0; i < 3; i++) {
		if (i == 2 && !wix)
			break;
		size_t n = strlen(what[i]);
		const char *digit = !strncmp(p, what[i], n) && p[n] && !p[n + 1] ? p + n /* Name 1 */
		                    : *p && !strcmp(p + 1, what[i])             ? p     /* 1 Name */
		                                                                : NULL;
		if (digit && *digit >= '1' && *digit <= '0' + SHOPIFY_OPTIONS) {
			*k = *digit - '1';
			*name = i == 0;
			return true;
		}
	}
	return false;
}

/* Reads each option's name and value (option_column()) from a record into
 * w: the names too when names, the values unless values is false (a Wix
 * product row lists every value of its variants, ";" between). */
static void read_options_of(const struct record *r, struct row *w, bool names, bool values);

static void read_options(const struct record *r, struct row *w, bool names)
{
	read_options_of(r, w, names, true);
}

static void read_options_of(const struct record *r, struct row *w, bool names, bool values)
{
	for (size_t i = 0; i < r->n; i++) {
		char norm[32];
		mapping_normalize(r->keys[i], norm, sizeof norm);
		int k;
		bool is_name;
		if (!option_column(norm, &k, &is_name))
			continue;
		const char *v = record_skip_ws(r->values[i]);
		if (!*v)
			continue;
		if (is_name && names) {
			buf_reset(&w->option_name[k]);
			record_add_trimmed(&w->option_name[k], v, strlen(v), " ");
		} else if (!is_name && values) {
			add_option_value(&w->option_values[k], v);
		}
	}
}

/* Turns the held product's options into attributes: color and material
 * fill those fields, every option becomes "name:value" features. */
static void finish_options(struct row *w)
{
	for (int k = 0; k < SHOPIFY_OPTIONS; k++) {
		struct buf *vals = &w->option_values[k];
		if (!w->option_name[k].len || !vals->len)
			continue;
		char norm[32];
		mapping_normalize(w->option_name[k].s, norm, sizeof norm);
		if (!strcmp(norm, "title") && !strcmp(vals->s, "Default Title"))
			continue; /* Shopify's placeholder for a product without options */
		int field = !strcmp(norm, "color") || !strcmp(norm, "colour") ? PF_COLOR
		            : !strcmp(norm, "material")                       ? PF_MATERIAL
		                                                              : -1;
		for (const char *p = vals->s; p < vals->s + vals->len;) {
			const char *end = memchr(p, RECORD_SEP, (size_t)(vals->s + vals->len - p));
			size_t len = end ? (size_t)(end - p) : (size_t)(vals->s + vals->len - p);
			if (field >= 0 && !w->has[field]) {
				buf_add(&w->text[field], p, len);
				w->has[field] = true;
			}
			add_feature(&w->features, w->option_name[k].s, p, len);
			p += len + 1;
		}
	}
	row_product(w);
}

static void keep_pending(struct import *im);

static int flush_held(struct import *im, char **err)
{
	keep_pending(im);
	if (!im->holding)
		return IMPORT_OK;
	im->holding = false;
	/* one variant that never runs out ("Unlimited"): the product can be
	 * ordered, its count is not said */
	if (im->held.variant_uncounted)
		im->held.p.has_stock = false;
	/* the price before a markdown of the variant whose price is the
	 * product's (bulk_record()) */
	if (im->child_lines && im->held.has_was) {
		char was[32];
		snprintf(was, sizeof was, "%lld.%02lld", (long long)(im->held.was_cents / 100),
		         (long long)(im->held.was_cents % 100));
		add_feature(&im->held.features, "was price", was, strlen(was));
		row_product(&im->held);
	}
	finish_options(&im->held);
	return put_row(im, &im->held, err);
}

static void swap_rows(struct row *a, struct row *b)
{
	struct row t = *a;
	*a = *b;
	*b = t;
}

static void options_reset(struct row *w)
{
	for (int k = 0; k < SHOPIFY_OPTIONS; k++) {
		buf_reset(&w->option_name[k]);
		buf_reset(&w->option_values[k]);
	}
}

/* The product row w becomes the one held for the variant rows after it;
 * the one held before is written. flush_held()'s result. */
static int hold_row(struct import *im, struct row *w, char **err)
{
	int rc = flush_held(im, err);
	swap_rows(w, &im->held);
	im->holding = true;
	options_reset(&im->held);
	return rc;
}

/* The option values a variant row says ("Option1 Value", WooCommerce's
 * "Attribute 1 value(s)"), ", " between, into out; false when none. */
static bool variant_options(const struct record *r, struct buf *out)
{
	buf_reset(out);
	for (size_t i = 0; i < r->n; i++) {
		char norm[32];
		mapping_normalize(r->keys[i], norm, sizeof norm);
		int k;
		bool is_name;
		bool option = option_column(norm, &k, &is_name) && !is_name;
		bool attribute = !strncmp(norm, "attribute", 9) && isdigit((unsigned char)norm[9]);
		if (attribute) {
			const char *rest = norm + 9;
			while (isdigit((unsigned char)*rest))
				rest++;
			attribute = !strcmp(rest, "value") || !strcmp(rest, "values");
		}
		const char *v = record_skip_ws(r->values[i]);
		if ((!option && !attribute) || !*v || !strcmp(v, "Default Title"))
			continue;
		if (out->len)
			buf_adds(out, ", ");
		v = option_value_text(v);
		record_add_trimmed(out, v, strlen(v), " ");
	}
	return out->len > 0;
}

/* Keeps what one variant costs and has in h, hidden, under its options
 * (opts: "3 qt"; its length is restored): "variant price: 3 qt=16999", so
 * that a cart line in those options costs what the shop asks for it, not
 * the product's lowest price; its stock ("is the XL in stock" is not the
 * product's total) and its price before a sale ("is the red one on sale"). */
static void keep_variant(struct row *h, struct buf *opts, const struct variant_facts *v)
{
	const struct {
		bool has;
		int64_t value;
		const char *key;
	} facts[] = {
		{v->has_price, v->price_cents, "variant price"},
		{v->has_stock, v->stock, "variant stock"},
		{v->has_was, v->was_cents, "variant was price"},
	};
	size_t named = opts->len;
	for (size_t i = 0; i < sizeof facts / sizeof facts[0]; i++) {
		if (!facts[i].has)
			continue;
		opts->len = named;
		buf_printf(opts, "=%lld", (long long)facts[i].value);
		attr_rows_add_pair(&h->hidden, facts[i].key, opts->s, opts->len);
	}
	opts->len = named;
	if (opts->s)
		opts->s[named] = '\0';
	h->p.hidden = h->hidden.s;
}

/* BigCommerce writes a SKU row's options in its name: "[RB]Size=30 ml /
 * 1 fl oz" or "[S]Shade=120 Warm Ivory,[RB]Size=30 ml". Their values go
 * into out (", " between) and, under their names, into h's options, as a
 * Shopify product's do; false when the name says none. */
/* Adds value to h's option called name (the slot of that name, matched
 * case-insensitively, or the first free one, which takes the name);
 * false when every slot holds another option. */
static bool add_named_option(struct row *h, const char *name, const char *value)
{
	int slot = 0;
	while (slot < SHOPIFY_OPTIONS && h->option_name[slot].len &&
	       strcasecmp(h->option_name[slot].s, record_skip_ws(name)))
		slot++;
	if (slot == SHOPIFY_OPTIONS)
		return false;
	if (!h->option_name[slot].len)
		record_add_trimmed(&h->option_name[slot], name, strlen(name), " ");
	add_option_value(&h->option_values[slot], record_skip_ws(value));
	return true;
}

static bool named_options(const char *name, struct row *h, struct buf *out)
{
	buf_reset(out);
	if (!name || *record_skip_ws(name) != '[')
		return false;
	for (const char *p = record_skip_ws(name); *p;) {
		/* one option runs to the next ",[" */
		const char *end = p;
		while (*end && !(end[0] == ',' && record_skip_ws(end + 1)[0] == '['))
			end++;
		const char *k = p;
		if (*k == '[') {
			const char *close = memchr(k, ']', (size_t)(end - k));
			k = close ? close + 1 : k;
		}
		const char *eq = memchr(k, '=', (size_t)(end - k));
		if (eq && eq > k && eq + 1 < end) {
			char *key = xstrndup(k, (size_t)(eq - k));
			char *val = xstrndup(eq + 1, (size_t)(end - eq - 1));
			add_named_option(h, key, val);
			if (out->len)
				buf_adds(out, ", ");
			record_add_trimmed(out, val, strlen(val), " ");
			free(key);
			free(val);
		}
		p = *end ? record_skip_ws(end + 1) : end;
	}
	return out->len > 0;
}

/* keep_variant() of the variant row w in its product h, under the options
 * in h->scratch (none: nothing is kept). */
static void keep_row_variant(struct row *h, const struct row *w)
{
	const struct variant_facts v = {
		.price_cents = w->p.price_cents, .stock = w->p.stock, .was_cents = w->was_cents,
		.has_price = w->p.has_price, .has_stock = w->p.has_stock, .has_was = w->has_was};
	if ((v.has_price || v.has_stock) && h->scratch.len)
		keep_variant(h, &h->scratch, &v);
}

/* The dimensions a variation theme may name, and the columns that hold
 * each (normalized). */
static const struct {
	const char *word, *name;
	const char *columns[3];
} theme_dimensions[] = {
	{"size", "Size", {"sizename", "size", NULL}},
	{"colo", "Colour", {"colorname", "colourname", "color"}},
	{"style", "Style", {"stylename", "style", NULL}},
	{"flavo", "Flavour", {"flavorname", "flavourname", "flavor"}},
	{"scent", "Scent", {"scentname", "scent", NULL}},
	{"pattern", "Pattern", {"patternname", "pattern", NULL}},
	{"material", "Material", {"materialtype", "material", NULL}},
};

/* A variation that says which of its columns make it one, in a theme
 * (Amazon's "variation_theme": "Color", "Size", "SizeColor"), has those
 * columns' values as its options: "Size" of "1000 Pieces". Fills h's
 * options and out ("1000 Pieces") as named_options() does; false when
 * the record names no theme or the theme's columns are empty. */
static bool theme_options(const struct record *r, struct row *h, struct buf *out)
{
	buf_reset(out);
	const char *theme = record_value_of(r, "variationtheme");
	if (!theme || !*record_skip_ws(theme))
		return false;
	char folded[64];
	mapping_normalize(theme, folded, sizeof folded);
	for (size_t d = 0; d < sizeof theme_dimensions / sizeof theme_dimensions[0]; d++) {
		if (!strstr(folded, theme_dimensions[d].word))
			continue;
		const char *value = "";
		for (size_t c = 0; c < 3 && theme_dimensions[d].columns[c] && !*value; c++) {
			const char *v = record_value_of(r, theme_dimensions[d].columns[c]);
			value = v ? record_skip_ws(v) : "";
		}
		if (!*value || !add_named_option(h, theme_dimensions[d].name, value))
			continue;
		if (out->len)
			buf_adds(out, ", ");
		record_add_trimmed(out, value, strlen(value), " ");
	}
	return out->len > 0;
}

/* keep_variant() of the variant row w, read from r, in its product h. */
static void keep_variant_row(struct row *h, const struct row *w, const struct record *r)
{
	bool named = variant_options(r, &h->scratch) || named_options(w->p.name, h, &h->scratch) ||
	             theme_options(r, h, &h->scratch);
	if (named)
		keep_row_variant(h, w);
}

/* A variant w folds into its product h: the lowest price, the stock of
 * all its variants. */
static void fold_variant(struct row *h, const struct row *w)
{
	h->variant_uncounted |= w->uncounted;
	if (w->p.has_price && (!h->p.has_price || w->p.price_cents < h->p.price_cents)) {
		h->p.price_cents = w->p.price_cents;
		h->p.has_price = true;
	}
	if (w->p.has_stock) {
		/* the variants' stock is the product's: a parent row that writes
		 * its own total too (BigCommerce's "Current Stock Level") is not
		 * counted again */
		bool first = !h->variant_stock;
		h->p.stock = (h->p.has_stock && !first ? h->p.stock : 0) + w->p.stock;
		h->p.has_stock = true;
		h->variant_stock = true;
	}
}

/* A Wix variant row costs its product's price plus its "surcharge", less
 * the product's discount. */
static void wix_variant_price(const struct row *h, struct row *w, const struct record *r)
{
	int64_t list = h->base_cents, extra = 0;
	char cur[4] = "";
	const char *surcharge = record_value_of(r, "surcharge");
	/* a surcharge may take off: "-25" for the $25 card of a $50 product */
	const char *sv = surcharge ? record_skip_ws(surcharge) : "";
	bool less = *sv == '-';
	if (*sv && price_parse(sv + less, &extra, cur) == 0)
		list += less ? -extra : extra;
	if (list < 0)
		list = 0;
	w->p.price_cents = h->discount > 0 ? discounted(list, h->percent, h->discount) : list;
	w->p.has_price = true;
	w->was_cents = list;
	w->has_was = w->p.price_cents < list;
}

/* A product that shows no picture of its own shows its first variant's
 * (Amazon puts the images on the children, Shopify on an image row). */
static void image_of_variant(struct row *h, const struct row *w)
{
	if (h->has[PF_IMAGE] || !w->has[PF_IMAGE])
		return;
	buf_reset(&h->text[PF_IMAGE]);
	buf_add(&h->text[PF_IMAGE], w->text[PF_IMAGE].s, w->text[PF_IMAGE].len);
	h->has[PF_IMAGE] = true;
	row_product(h);
}

static int shopify_record(struct import *im, const struct record *r, char **err)
{
	struct row *w = &im->row;
	int rc = build_row(im, r, w, err);
	if (rc != IMPORT_OK)
		return rc;
	struct row *h = &im->held;
	if (w->p.name) {
		rc = hold_row(im, w, err);
		if (im->preset == PRESET_WIX) {
			/* a Wix product row names the options and lists their
			 * values; its variants are the rows after it */
			read_options_of(r, h, true, false);
			h->base_cents = !h->p.has_price ? -1 : h->has_was ? h->was_cents : h->p.price_cents;
		} else {
			read_options(r, h, true);
			keep_variant_row(h, h, r);
			h->variant_stock = true; /* the product row is its first variant */
			h->variant_uncounted = h->uncounted;
		}
		row_product(h);
		return rc;
	}
	if (!im->holding || strcmp(w->p.id, h->p.id)) {
		*err = record_where(im->source, r, key_of(im, r, PF_NAME),
		                    "missing name (and not a variant of the product above)");
		return IMPORT_BAD;
	}
	/* A variant (or an extra image) of the held product. */
	if (im->preset == PRESET_WIX && !w->p.has_price && h->base_cents >= 0)
		wix_variant_price(h, w, r);
	read_options(r, h, false);
	keep_variant_row(h, w, r);
	fold_variant(h, w);
	im->stats->variants++;
	image_of_variant(h, w);
	return IMPORT_OK;
}

/* ---- variations that name their parent ----
 *
 * WooCommerce and other exports write a variable product's variations as
 * rows of their own after it, each naming it ("Parent: id:102"). A
 * variation of the product held folds into it: its lowest price and the
 * sum of the stock; the variation's own name ("Dutch Oven - Red") is no
 * product. A variation whose parent is not the one held stays a product. */

static bool parent_is(const char *parent, const char *id)
{
	parent = record_skip_ws(parent);
	if (!strncasecmp(parent, "id:", 3))
		parent = record_skip_ws(parent + 3);
	size_t n = strlen(parent);
	while (n && isspace((unsigned char)parent[n - 1]))
		n--;
	return n && strlen(id) == n && !strncmp(parent, id, n);
}

static int parent_record(struct import *im, const struct record *r, char **err)
{
	struct row *w = &im->row;
	const char *kind = im->kind_col >= 0 && (size_t)im->kind_col < r->n
	                           ? record_skip_ws(r->values[im->kind_col]) : "";
	/* BigCommerce's price rules ("[FIXED]26.00" for an option) are no
	 * product; its SKU rows carry their own prices */
	if (!strncasecmp(kind, "rule", 4)) {
		im->stats->rules++;
		return IMPORT_OK;
	}
	/* eBay's rows of what a part fits ("Relationship: Compatibility",
	 * "Make=Ford|Model=Focus") are no product */
	if (!strncasecmp(kind, "compatibility", 13))
		return IMPORT_OK;
	int rc = build_row(im, r, w, err);
	if (rc != IMPORT_OK)
		return rc;
	const char *parent = im->parent_col >= 0 && (size_t)im->parent_col < r->n
	                             ? r->values[im->parent_col] : "";
	bool child = *record_skip_ws(parent) || !strncasecmp(kind, "sku", 3) ||
	             !strncasecmp(kind, "variation", 9) || !strncasecmp(kind, "variant", 7);
	struct row *h = &im->held;
	/* nothing is held before the first parent: its variations, first, are
	 * products of their own */
	bool of_held = im->holding &&
	               (!*record_skip_ws(parent) || (h->p.id && parent_is(parent, h->p.id)) ||
	                (im->held_sku.len && parent_is(parent, im->held_sku.s)));
	if (!child || !im->holding || !of_held) {
		rc = flush_held(im, err);
		if (rc != IMPORT_OK)
			return rc;
		if (child)
			return put_row(im, w, err); /* a variation of no product held */
		swap_rows(w, h);
		im->holding = true;
		for (int k = 0; k < SHOPIFY_OPTIONS; k++) {
			buf_reset(&h->option_name[k]);
			buf_reset(&h->option_values[k]);
		}
		im->held_price = (struct variant_facts){.price_cents = h->p.price_cents,
		                                        .has_price = h->p.has_price,
		                                        .was_cents = h->was_cents,
		                                        .has_was = h->has_was};
		buf_reset(&im->held_sku);
		if (im->sku_col >= 0 && (size_t)im->sku_col < r->n)
			buf_adds(&im->held_sku, record_skip_ws(r->values[im->sku_col]));
		return IMPORT_OK;
	}
	if (h->untracked)
		w->p.has_stock = false; /* "0" of a variant of a product not counted */
	if (!w->p.has_price && im->held_price.has_price) {
		w->p.price_cents = im->held_price.price_cents;
		w->p.has_price = true;
		w->was_cents = im->held_price.was_cents;
		w->has_was = im->held_price.has_was;
	}
	keep_variant_row(h, w, r);
	fold_variant(h, w);
	im->stats->variants++;
	image_of_variant(h, w);
	return IMPORT_OK;
}

static void report(struct import *im, char *msg);

/* ---- Magento's configurable products ----
 *
 * A Magento 2 export writes a configurable product ("configurable_
 * variations": "sku=DF-5,size=5 lb|sku=DF-15,size=15 lb") and each of its
 * variations as a simple product of its own, "Not Visible Individually",
 * before or after it. The children are not the shop's listings; they fold
 * into their parent as a WooCommerce variation does: the lowest price, the
 * stock summed, each variation's price kept for its options, and the
 * options listed ("size: 5 lb, 15 lb"). So parents are held until every
 * row is read (magento_finish()). */

/* The value of the record's column whose normalized name is norm, or "". */
static const char *column_value(const struct record *r, const char *norm_key)
{
	for (size_t i = 0; i < r->n; i++) {
		char norm[64];
		mapping_normalize(r->keys[i], norm, sizeof norm);
		if (!strcmp(norm, norm_key))
			return record_skip_ws(r->values[i]);
	}
	return "";
}

/* Is r a variation of a configurable product: not visible on its own, in
 * the default store view, and listed otherwise? */
static bool magento_child(const struct import *im, const struct record *r)
{
	if (strncasecmp(column_value(r, "visibility"), "not visible individually", 24) ||
	    *column_value(r, "storeviewcode"))
		return false;
	const struct resolved *res = &im->res;
	for (size_t i = 0; i < res->nlisting; i++) {
		size_t k = res->listing[i];
		char norm[64];
		mapping_normalize(r->keys[k], norm, sizeof norm);
		if (strcmp(norm, "visibility") && mapping_unlisted(r->keys[k], r->values[k], r->lens[k]))
			return false;
	}
	return true;
}

static int magento_record(struct import *im, const struct record *r, char **err)
{
	struct row *w = &im->row;
	int rc = build_row(im, r, w, err);
	if (rc != IMPORT_OK)
		return rc;
	const char *vars = (size_t)im->variations_col < r->n
	                           ? record_skip_ws(r->values[im->variations_col]) : "";
	if (*vars && !w->unlisted) {
		im->parents = xgrow(im->parents, &im->cap_parents, im->n_parents + 1,
		                    sizeof *im->parents);
		struct magento_parent *mp = &im->parents[im->n_parents++];
		row_init(&mp->row);
		swap_rows(w, &mp->row);
		mp->variations = xstrdup(vars);
		mp->labels = xstrdup(column_value(r, "configurablevariationlabels"));
		return IMPORT_OK;
	}
	if (w->unlisted && w->p.id && magento_child(im, r)) {
		im->children = xgrow(im->children, &im->cap_children, im->n_children + 1,
		                     sizeof *im->children);
		im->children[im->n_children++] = (struct magento_child){
			.sku = xstrdup(w->p.id),
			.v = {.price_cents = w->p.price_cents, .stock = w->p.stock,
			      .was_cents = w->was_cents, .has_price = w->p.has_price,
			      .has_stock = w->p.has_stock, .has_was = w->has_was}};
		return IMPORT_OK;
	}
	return put_row(im, w, err);
}

static int by_child_sku(const void *a, const void *b)
{
	return strcmp(((const struct magento_child *)a)->sku, ((const struct magento_child *)b)->sku);
}

/* The name an option's code has in labels ("dumbbell_weight=Weight,
 * size=Size"), else the code with spaces for underscores ("grip size").
 * Heap. */
static char *option_label(const char *labels, const char *code)
{
	size_t n = strlen(code);
	for (const char *p = labels ? labels : ""; *p;) {
		p = record_skip_ws(p);
		size_t len = strcspn(p, ",");
		const char *eq = memchr(p, '=', len);
		if (eq && (size_t)(eq - p) == n && !strncasecmp(p, code, n)) {
			const char *v = record_skip_ws(eq + 1);
			size_t vl = (size_t)(p + len - v);
			while (vl && isspace((unsigned char)v[vl - 1]))
				vl--;
			if (vl)
				return xstrndup(v, vl);
		}
		p += len;
		if (*p == ',')
			p++;
	}
	char *name = xstrdup(code);
	for (char *c = name; *c; c++)
		if (*c == '_')
			*c = ' ';
	return name;
}

/* Folds the children one parent names into it. */
static void magento_fold(struct import *im, struct magento_parent *mp)
{
	struct row *h = &mp->row;
	/* option keys in order, and each key's values, ", " between */
	char *keys[SHOPIFY_OPTIONS] = {0};
	struct buf values[SHOPIFY_OPTIONS];
	for (int k = 0; k < SHOPIFY_OPTIONS; k++)
		buf_init(&values[k]);
	struct buf opts;
	buf_init(&opts);
	char *list = xstrdup(mp->variations), *save = NULL;
	for (char *v = strtok_r(list, "|", &save); v; v = strtok_r(NULL, "|", &save)) {
		const char *sku = NULL;
		buf_reset(&opts);
		char *psave = NULL;
		for (char *pair = strtok_r(v, ",", &psave); pair; pair = strtok_r(NULL, ",", &psave)) {
			char *eq = strchr(pair, '=');
			if (!eq)
				continue;
			*eq = '\0';
			const char *key = record_skip_ws(pair), *val = record_skip_ws(eq + 1);
			if (!strcasecmp(key, "sku")) {
				sku = val;
				continue;
			}
			if (!*val)
				continue;
			int k = 0;
			while (k < SHOPIFY_OPTIONS && keys[k] && strcasecmp(keys[k], key))
				k++;
			if (k == SHOPIFY_OPTIONS)
				continue;
			if (!keys[k])
				keys[k] = xstrdup(key);
			if (!list_holds(&values[k], val)) { /* "5 kg" is not in "2.5 kg" */
				if (values[k].len)
					buf_adds(&values[k], ", ");
				buf_adds(&values[k], val);
			}
			if (opts.len)
				buf_adds(&opts, ", ");
			buf_adds(&opts, val);
		}
		struct magento_child key = {.sku = (char *)sku};
		const struct magento_child *c =
			sku ? bsearch(&key, im->children, im->n_children, sizeof *im->children,
			              by_child_sku)
			    : NULL;
		if (!c)
			continue;
		if (opts.len)
			keep_variant(h, &opts, &c->v);
		struct row child;
		memset(&child, 0, sizeof child);
		child.p.price_cents = c->v.price_cents;
		child.p.has_price = c->v.has_price;
		child.p.stock = c->v.stock;
		child.p.has_stock = c->v.has_stock;
		im->stats->variants++;
		if (!h->p.has_stock && c->v.has_stock) { /* the parent's own 0 is no stock of its */
			h->p.stock = 0;
			h->p.has_stock = true;
		}
		fold_variant(h, &child);
	}
	for (int k = 0; k < SHOPIFY_OPTIONS && keys[k]; k++) {
		char *name = option_label(mp->labels, keys[k]);
		add_feature(&h->features, name, values[k].s, values[k].len);
		free(name);
		free(keys[k]);
	}
	for (int k = 0; k < SHOPIFY_OPTIONS; k++)
		buf_release(&values[k]);
	buf_release(&opts);
	free(list);
	row_product(h);
}

/* Writes the held configurable products with their children folded in. */
static int magento_finish(struct import *im, char **err)
{
	if (im->n_children > 1)
		qsort(im->children, im->n_children, sizeof *im->children, by_child_sku);
	int rc = IMPORT_OK;
	for (size_t i = 0; i < im->n_parents; i++) {
		struct magento_parent *mp = &im->parents[i];
		if (rc == IMPORT_OK || (rc == IMPORT_BAD && im->o->skip_bad)) {
			magento_fold(im, mp);
			char *msg = NULL;
			int one = put_row(im, &mp->row, &msg);
			if (one == IMPORT_BAD && im->o->skip_bad) {
				report(im, msg);
			} else if (one != IMPORT_OK) {
				rc = one;
				*err = msg;
			}
		}
	}
	return rc;
}

static void magento_release(struct import *im)
{
	for (size_t i = 0; i < im->n_parents; i++) {
		row_release(&im->parents[i].row);
		free(im->parents[i].variations);
		free(im->parents[i].labels);
	}
	free(im->parents);
	for (size_t i = 0; i < im->n_children; i++)
		free(im->children[i].sku);
	free(im->children);
	im->parents = NULL;
	im->children = NULL;
	im->n_parents = im->n_children = 0;
}

/* ---- the driver ---- */

/* The option slot named name in h, taken when none is; -1 when all are. */
static int option_slot(struct row *h, const char *name)
{
	for (int k = 0; k < SHOPIFY_OPTIONS; k++) {
		if (!h->option_name[k].len) {
			record_add_trimmed(&h->option_name[k], name, strlen(name), " ");
			return k;
		}
		if (!strcasecmp(h->option_name[k].s, name))
			return k;
	}
	return -1;
}

/* One option value v of a variant row: into h's option named name, and
 * after ", " into opts (the variant's options, keep_variant()). */
static void note_option(struct row *h, struct buf *opts, const char *name, const char *v)
{
	int k = option_slot(h, name);
	if (k >= 0)
		add_option_value(&h->option_values[k], v);
	if (opts->len)
		buf_adds(opts, ", ");
	record_add_trimmed(opts, v, strlen(v), " ");
}

/* An Ecwid export: a "product" row, then its "product_option" rows (one
 * value of one option each) and its "product_variation" rows (the
 * option values in "product_variation_option_NAME" columns, with the
 * variation's price, price before a sale and quantity). The variations'
 * stock is the product's; the least price its price. */
static int ecwid_record(struct import *im, const struct record *r, char **err)
{
	const char *type = record_skip_ws(record_value_of(r, "type") ? record_value_of(r, "type") : "");
	struct row *h = &im->held;
	if (!strcasecmp(type, "product_option") || !strcasecmp(type, "product_variation")) {
		const char *id = record_value_of(r, "productinternalid");
		if (!im->holding || !id || strcmp(record_skip_ws(id), h->p.id ? h->p.id : "")) {
			*err = record_where(im->source, r, "type", "%s row of no product above it", type);
			return IMPORT_BAD;
		}
		if (!strcasecmp(type, "product_option")) {
			const char *name = record_value_of(r, "productoptionname");
			const char *value = record_value_of(r, "productoptionvalue");
			int k = name && *record_skip_ws(name) ? option_slot(h, record_skip_ws(name)) : -1;
			if (k >= 0 && value && *record_skip_ws(value))
				add_option_value(&h->option_values[k], record_skip_ws(value));
			return IMPORT_OK;
		}
		buf_reset(&h->scratch);
		for (size_t i = 0; i < r->n; i++) {
			static const char prefix[] = "product_variation_option_";
			const char *v = record_skip_ws(r->values[i]);
			if (strncasecmp(r->keys[i], prefix, sizeof prefix - 1) || !*v)
				continue;
			note_option(h, &h->scratch, r->keys[i] + sizeof prefix - 1, v);
		}
		struct variant_facts v = {0};
		char cur[4];
		const char *price = record_value_of(r, "productvariationprice");
		const char *was = record_value_of(r, "productvariationcomparetoprice");
		const char *qty = record_value_of(r, "productvariationquantity");
		v.has_price = price && *record_skip_ws(price) && price_parse(price, &v.price_cents, cur) == 0;
		v.has_was = v.has_price && was && *record_skip_ws(was) &&
		            price_parse(was, &v.was_cents, cur) == 0 && v.was_cents > v.price_cents;
		v.has_stock = qty && record_parse_int(qty, &v.stock) == 0;
		if (v.has_stock && v.stock < 0)
			v.stock = 0;
		if (h->scratch.len)
			keep_variant(h, &h->scratch, &v);
		if (v.has_price && (!h->variant_price || v.price_cents < h->p.price_cents)) {
			h->p.price_cents = v.price_cents;
			h->p.has_price = true;
			h->variant_price = true;
		}
		if (v.has_stock) {
			h->p.stock = (h->variant_stock ? h->p.stock : 0) + v.stock;
			h->p.has_stock = true;
			h->variant_stock = true;
		}
		im->stats->variants++;
		row_product(h);
		return IMPORT_OK;
	}
	struct row *w = &im->row;
	int rc = build_row(im, r, w, err);
	if (rc != IMPORT_OK)
		return rc;
	rc = hold_row(im, w, err);
	h->variant_stock = false;
	h->variant_price = false;
	h->variant_uncounted = false;
	row_product(h);
	return rc;
}

/* The stock a row has at all the shop's locations: its columns named
 * prefix + LOCATION added up (Square's "Current Quantity LOCATION",
 * Lightspeed's "inventory_OUTLET"), the locations where it is not sold
 * (a "switch_prefix LOCATION" column saying N; none when NULL) left
 * out. False when no column says a count. */
static bool locations_stock(const struct record *r, const char *prefix, const char *switch_prefix,
                            int64_t *stock)
{
	size_t n_prefix = strlen(prefix);
	bool any = false;
	*stock = 0;
	for (size_t i = 0; i < r->n; i++) {
		if (strncasecmp(r->keys[i], prefix, n_prefix))
			continue;
		if (switch_prefix) {
			char *switch_key = xasprintf("%s%s", switch_prefix, r->keys[i] + n_prefix);
			char norm[128];
			mapping_normalize(switch_key, norm, sizeof norm);
			free(switch_key);
			if (says_no(r, norm))
				continue;
		}
		int64_t n;
		if (record_parse_int(r->values[i], &n) < 0)
			continue;
		*stock += n > 0 ? n : 0;
		any = true;
	}
	return any;
}

/* A Square variation without item options is named by its "Variation
 * Name" ("Hardback"; "Regular" is the one variation of an item without
 * any): it is the value of an option called so. */
static void square_variation(const struct record *r, struct row *h, struct buf *opts)
{
	const char *v = record_value_of(r, "variationname");
	v = v ? record_skip_ws(v) : "";
	if (!*v || !strcasecmp(v, "regular"))
		return;
	buf_reset(opts);
	note_option(h, opts, "Variation", v);
}

/* A Square item library export: a row per variation, each with its
 * item's name, the variations of one item one after another. The first
 * is the product; the others fold into it (its least price, the stock of
 * all), their options ("Option Name 1", or the variation's name) kept
 * with each one's price and stock. */
static int square_record(struct import *im, const struct record *r, char **err)
{
	struct row *w = &im->row;
	int rc = build_row(im, r, w, err);
	if (rc != IMPORT_OK)
		return rc;
	int64_t stock;
	if (locations_stock(r, "Current Quantity ", "Enabled ", &stock)) {
		w->p.stock = stock;
		w->p.has_stock = true;
	}
	struct row *h = &im->held;
	bool variant = im->holding && w->p.name && h->p.name && !strcmp(w->p.name, h->p.name);
	if (!variant) {
		rc = hold_row(im, w, err);
		read_options(r, h, true);
		h->variant_stock = h->p.has_stock;
		h->variant_uncounted = h->uncounted;
		w = h;
	} else if (w->unlisted) {
		return IMPORT_OK; /* an archived variation of a listed item */
	} else {
		read_options(r, h, false);
		im->stats->variants++;
	}
	if (!variant_options(r, &h->scratch))
		square_variation(r, h, &h->scratch);
	keep_row_variant(h, w);
	if (variant)
		fold_variant(h, w);
	row_product(h);
	return rc;
}

/* A Lightspeed Retail (X-Series) export: a row per variant, each with
 * its product's handle and name, the variants of one product one after
 * another, their options in "variant_option_one_name" and
 * "variant_option_one_value" (two, three). They fold into one product
 * named by the handle, each variant's options kept with its price and
 * stock. The price is without tax and "tax_value" is the tax on it; the
 * stock is the "inventory_OUTLET" columns added up. The rows after a
 * composite product (a gift set) name its parts in "composite_name" and
 * have no name of their own: what it includes. */
static int lightspeed_record(struct import *im, const struct record *r, char **err)
{
	static const char *const nth[] = {"one", "two", "three"};
	struct row *h = &im->held;
	const char *handle = record_value_of(r, "handle");
	handle = handle ? record_skip_ws(handle) : "";
	const char *name = record_value_of(r, "name");
	const char *part = record_value_of(r, "compositename");
	if ((!name || !*record_skip_ws(name)) && part && *record_skip_ws(part)) {
		if (!im->holding || !im->group || strcmp(im->group, handle)) {
			*err = record_where(im->source, r, "composite_name",
			                    "a part of no composite product above it");
			return IMPORT_BAD;
		}
		/* the parts, one after another, make one "includes" feature */
		part = record_skip_ws(part);
		if (im->part_of_held) {
			buf_adds(&h->features, ", ");
			record_add_trimmed(&h->features, part, strlen(part), " ");
		} else
			add_feature(&h->features, "includes", part, strlen(part));
		im->part_of_held = true;
		row_product(h);
		return IMPORT_OK;
	}
	im->part_of_held = false;
	struct row *w = &im->row;
	int rc = build_row(im, r, w, err);
	if (rc != IMPORT_OK)
		return rc;
	int64_t stock;
	if (!stock_untracked(r) && locations_stock(r, "inventory_", NULL, &stock)) {
		w->p.stock = stock;
		w->p.has_stock = true;
	}
	/* both to five places ("18.32500" and "3.66500"), added before the
	 * cents are rounded: 21.99 */
	const char *price = record_value_of(r, "retailprice");
	const char *tax = record_value_of(r, "taxvalue");
	double net, amount;
	if (w->p.has_price && price && tax && *record_skip_ws(tax) &&
	    record_parse_double(price, &net) == 0 && record_parse_double(tax, &amount) == 0 &&
	    amount > 0 && net >= 0)
		w->p.price_cents = (int64_t)((net + amount) * 100.0 + 0.5);
	bool variant = *handle && im->holding && im->group && !strcmp(im->group, handle);
	if (!variant) {
		rc = hold_row(im, w, err);
		free(im->group);
		im->group = *handle ? xstrdup(handle) : NULL;
		h->variant_stock = h->p.has_stock;
		h->variant_uncounted = h->uncounted;
		w = h;
	} else if (w->unlisted) {
		return IMPORT_OK; /* a variant switched off of a listed product */
	} else {
		im->stats->variants++;
	}
	buf_reset(&h->scratch);
	for (size_t k = 0; k < sizeof nth / sizeof nth[0]; k++) {
		char key[64];
		snprintf(key, sizeof key, "variantoption%sname", nth[k]);
		const char *option = record_value_of(r, key);
		snprintf(key, sizeof key, "variantoption%svalue", nth[k]);
		const char *v = record_value_of(r, key);
		option = option ? record_skip_ws(option) : "";
		v = v ? record_skip_ws(v) : "";
		if (*option && *v)
			note_option(h, &h->scratch, option, v);
	}
	keep_row_variant(h, w);
	if (variant)
		fold_variant(h, w);
	row_product(h);
	return rc;
}

/* Does a ", "-separated list hold item (trailing spaces aside)? */
static bool list_holds(const struct buf *list, const char *item)
{
	size_t n = strlen(item);
	while (n && item[n - 1] == ' ')
		n--;
	for (const char *p = list->s; list->len && p && *p;) {
		size_t len = strcspn(p, ",");
		if (len == n && !strncmp(p, item, n))
			return true;
		p += len;
		while (*p == ',' || *p == ' ')
			p++;
	}
	return false;
}

/* Odoo's "Variant Values" ("Color: Black, Size: Large") into h's options
 * and, ", " between, into h->scratch. */
static void odoo_options(struct row *h, const char *values)
{
	char *copy = xstrdup(values);
	char *save = NULL;
	for (char *part = strtok_r(copy, ",", &save); part; part = strtok_r(NULL, ",", &save)) {
		char *colon = strchr(part, ':');
		if (!colon)
			continue;
		*colon = '\0';
		char *option = part, *v = colon + 1;
		while (*option == ' ')
			option++;
		while (*v == ' ')
			v++;
		size_t n = strlen(v);
		while (n && v[n - 1] == ' ')
			v[--n] = '\0';
		if (*option && *v)
			note_option(h, &h->scratch, option, v);
	}
	free(copy);
}

/* An Odoo export: a row per variant, each with its product's name, the
 * variants of one product one after another, their options in "Variant
 * Values" ("Color: Black, Size: Large"); they fold into one product with
 * each variant's price and stock. A row with neither name nor reference
 * goes on the row above it (Odoo writes a second tag, or a second option
 * value, on a row of its own): its tags and options are the product's. */
static int odoo_record(struct import *im, const struct record *r, char **err)
{
	struct row *h = &im->held;
	const char *name = record_value_of(r, "name");
	const char *ref = record_value_of(r, "internalreference");
	bool named = (name && *record_skip_ws(name)) || (ref && *record_skip_ws(ref));
	if (!named) {
		if (!im->holding)
			return IMPORT_OK; /* nothing to go on: an empty row */
		const char *tag = record_value_of(r, "producttags");
		if (tag && *record_skip_ws(tag) && !list_holds(&h->text[PF_TAGS], record_skip_ws(tag))) {
			if (h->text[PF_TAGS].len)
				buf_adds(&h->text[PF_TAGS], ", ");
			record_add_trimmed(&h->text[PF_TAGS], tag, strlen(tag), " ");
			h->has[PF_TAGS] = true;
		}
		const char *values = record_value_of(r, "variantvalues");
		if (values && *record_skip_ws(values))
			odoo_options(h, values); /* the variant above's, too */
		row_product(h);
		return IMPORT_OK;
	}
	struct row *w = &im->row;
	int rc = build_row(im, r, w, err);
	if (rc != IMPORT_OK)
		return rc;
	keep_pending(im);
	bool variant = im->holding && w->p.name && h->p.name && !strcmp(w->p.name, h->p.name);
	if (!variant) {
		rc = hold_row(im, w, err);
		h->variant_stock = h->p.has_stock;
		h->variant_uncounted = h->uncounted;
		w = h;
	} else if (w->unlisted) {
		return IMPORT_OK;
	} else {
		im->stats->variants++;
	}
	const char *values = record_value_of(r, "variantvalues");
	buf_reset(&h->scratch);
	if (values && *record_skip_ws(values))
		odoo_options(h, values);
	im->pending = (struct variant_facts){
		.price_cents = w->p.price_cents, .stock = w->p.stock, .was_cents = w->was_cents,
		.has_price = w->p.has_price, .has_stock = w->p.has_stock, .has_was = w->has_was};
	im->has_pending = true;
	if (variant)
		fold_variant(h, w);
	row_product(h);
	return rc;
}

/* The Odoo variant read last, under its options (all its rows read). */
static void keep_pending(struct import *im)
{
	if (!im->has_pending)
		return;
	im->has_pending = false;
	struct row *h = &im->held;
	if ((im->pending.has_price || im->pending.has_stock) && h->scratch.len)
		keep_variant(h, &h->scratch, &im->pending);
	buf_reset(&h->scratch);
}

/* The name of a group's variants: the words their titles share from the
 * start ("Trail Tee - Red / M" and "Trail Tee - Blue / M" are "Trail
 * Tee"), when they share any; name is cut to them. */
static void shared_name(struct buf *name, const char *other)
{
	size_t n = 0, word = 0;
	while (n < name->len && other[n] && name->s[n] == other[n]) {
		n++;
		if (!isalnum((unsigned char)name->s[n]) || !isalnum((unsigned char)other[n]))
			word = n;
	}
	if (n == name->len && !isalnum((unsigned char)other[n]))
		word = n; /* one title is the other's start */
	while (word && strchr(" -/,|:(", name->s[word - 1]))
		word--;
	if (word >= 3 && word < name->len) {
		name->len = word;
		name->s[word] = '\0';
	}
}

/* A variant's options as a feed's own columns say them: color, size,
 * material, pattern (Google Merchant's names), into h's options and, ", "
 * between, into opts. */
static void group_options(const struct record *r, struct row *h, struct buf *opts)
{
	static const char *const kinds[][2] = {{"color", "Color"}, {"colour", "Color"},
	                                       {"size", "Size"},   {"material", "Material"},
	                                       {"pattern", "Pattern"}};
	buf_reset(opts);
	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
		const char *v = record_value_of(r, kinds[k][0]);
		v = v ? record_skip_ws(v) : "";
		if (*v)
			note_option(h, opts, kinds[k][1], v);
	}
}

/* A feed that writes each variant as a row of its own, the product's
 * group in "item_group_id" (Google Merchant's feeds and the shops that
 * write them): the rows of one group, one after another, fold into one
 * product, named by the words their titles share, with the id of the
 * group and each variant's options (its color, size, ...) with its price
 * and stock. A row without a group is a product of its own. */
static int group_record(struct import *im, const struct record *r, char **err)
{
	struct row *w = &im->row;
	int rc = build_row(im, r, w, err);
	if (rc != IMPORT_OK)
		return rc;
	const char *group = (size_t)im->group_col < r->n ? record_skip_ws(r->values[im->group_col]) : "";
	struct row *h = &im->held;
	bool variant = *group && im->holding && im->group && !strcmp(im->group, group);
	if (!variant) {
		rc = hold_row(im, w, err);
		free(im->group);
		im->group = *group ? xstrdup(group) : NULL;
		if (*group) {
			buf_reset(&h->text[PF_ID]);
			record_add_trimmed(&h->text[PF_ID], group, strlen(group), " ");
			h->has[PF_ID] = true;
		}
		h->variant_stock = h->p.has_stock;
		h->variant_uncounted = h->uncounted;
		w = h;
	} else if (w->unlisted) {
		return IMPORT_OK;
	} else {
		if (w->p.name && h->has[PF_NAME])
			shared_name(&h->text[PF_NAME], w->p.name);
		im->stats->variants++;
	}
	if (*group) {
		group_options(r, h, &h->scratch);
		keep_row_variant(h, w);
	}
	if (variant)
		fold_variant(h, w);
	row_product(h);
	return rc;
}

/* ---- Akeneo's product models ----
 *
 * An Akeneo export (akeneo.h) is read through its records as akeneo.c
 * rewrites them: a product row is written as it comes (after the rows
 * read ahead); a variant row, which names its product model in
 * "parent", is held until every row is read, and the variants of one top
 * model fold into one product, as Magento's and WooCommerce's do: the
 * model's record gives the product (the models sheet its name,
 * description and categories), each listed variant its options (the
 * attributes that tell the variants apart: "color: Dark grey"), its
 * price, price before a sale and stock (an availability that says none
 * are left); the least price is the product's. A disabled variant is no
 * option, and a model with none listed no product. */

static int akeneo_put(struct import *im, const struct record *r, char **err)
{
	int rc = build_row(im, r, &im->row, err);
	return rc != IMPORT_OK ? rc : put_row(im, &im->row, err);
}

/* Writes the rows read ahead that can be written now (a bad one
 * reported and passed over under --skip-bad). */
static int akeneo_write_ready(struct import *im, char **err)
{
	struct record x;
	while (akeneo_next_ready(im->akeneo, &x)) {
		char *msg = NULL;
		int rc = akeneo_put(im, &x, &msg);
		if (rc == IMPORT_BAD && im->o->skip_bad) {
			report(im, msg);
		} else if (rc != IMPORT_OK) {
			*err = msg;
			return rc;
		}
	}
	return IMPORT_OK;
}

static int akeneo_record(struct import *im, const struct record *r, char **err)
{
	if (akeneo_take(im->akeneo, r))
		return akeneo_write_ready(im, err);
	struct record x;
	akeneo_rewrite(im->akeneo, r, &x);
	return akeneo_put(im, &x, err);
}

/* One variant w of h, under its options names[k] = values[k]. */
static void akeneo_variant(struct import *im, struct row *h, const struct row *w,
                           const char *const *names, const char *const *values, size_t n)
{
	buf_reset(&h->scratch);
	for (size_t k = 0; k < n; k++)
		note_option(h, &h->scratch, names[k], values[k]);
	keep_row_variant(h, w);
	fold_variant(h, w);
	if (!h->currency[0] && w->currency[0])
		memcpy(h->currency, w->currency, sizeof h->currency);
	im->stats->variants++;
}

/* Folds the variants of the model akeneo_next_model() handed out into h;
 * IMPORT_OK with *listed the number folded. */
static int akeneo_fold(struct import *im, struct row *h, bool named, size_t *listed,
                       char **err)
{
	struct record v;
	const char *names[AKENEO_AXES], *values[AKENEO_AXES];
	size_t n;
	bool unknown = false; /* a variant whose stock is not said */
	*listed = 0;
	while (akeneo_next_variant(im->akeneo, &v, names, values, &n)) {
		struct row *w = &im->row;
		char *msg = NULL;
		int rc = build_row(im, &v, w, &msg);
		if (rc == IMPORT_BAD && im->o->skip_bad) {
			report(im, msg);
			continue;
		}
		if (rc != IMPORT_OK) {
			*err = msg;
			return rc;
		}
		if (w->unlisted) {
			im->stats->unlisted++;
			continue;
		}
		if (!named && w->p.name && h->has[PF_NAME])
			shared_name(&h->text[PF_NAME], w->p.name);
		akeneo_variant(im, h, w, names, values, n);
		unknown |= !w->p.has_stock;
		(*listed)++;
	}
	/* one variant to be had, though how many is not said: the product is */
	if (unknown)
		h->p.has_stock = false;
	finish_options(h);
	return IMPORT_OK;
}

/* Every row read: the rows read ahead, then each model's variants
 * folded into one product. */
static int akeneo_finish_all(struct import *im, char **err)
{
	if (!im->akeneo)
		return IMPORT_OK;
	akeneo_finish(im->akeneo);
	int rc = akeneo_write_ready(im, err);
	struct record base;
	bool named;
	struct row *h = &im->held;
	while (rc == IMPORT_OK && akeneo_next_model(im->akeneo, &base, &named)) {
		char *msg = NULL;
		size_t listed = 0;
		int one = build_row(im, &base, h, &msg);
		options_reset(h);
		if (one == IMPORT_OK)
			one = akeneo_fold(im, h, named, &listed, &msg);
		if (one == IMPORT_OK && listed)
			one = put_row(im, h, &msg);
		if (one == IMPORT_BAD && im->o->skip_bad) {
			report(im, msg);
		} else if (one != IMPORT_OK) {
			*err = msg;
			rc = one;
		}
	}
	return rc;
}

/* ---- JSON lines with children ----
 *
 * Shopify's bulk operations write a product as one line and each of its
 * variants and metafields as a line of its own after it, naming it in
 * "__parentId"; a variant's own children (its metafields, inventory
 * levels) name the variant. A variant folds into its product: its options
 * ("selectedOptions"), price, price before a sale and stock, as the CSV
 * export's variant rows do. A metafield ("namespace", "key", "value") is
 * an attribute of the product under its key. */

/* Does the list of ids (each followed by "\n") hold id? */
static bool ids_hold(const struct buf *ids, const char *id)
{
	size_t n = strlen(id);
	for (const char *p = ids->s; p && *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		if (len == n && !strncmp(p, id, n))
			return true;
		p += len + (nl != NULL);
	}
	return false;
}

/* A metafield's value as text: a list type's JSON array ("[\"a\",\"b\"]")
 * as "a, b", a measure's {"value": 2, "unit": "KILOGRAMS"} as "2
 * kilograms"; other text as it is. Into out. */
static void metafield_text(const char *v, struct buf *out)
{
	buf_reset(out);
	v = record_skip_ws(v);
	cJSON *j = *v == '[' || *v == '{' ? cJSON_Parse(v) : NULL;
	if (cJSON_IsArray(j)) {
		for (const cJSON *e = j->child; e; e = e->next) {
			if (!cJSON_IsString(e) && !cJSON_IsNumber(e))
				continue;
			if (out->len)
				buf_adds(out, ", ");
			if (cJSON_IsString(e))
				buf_adds(out, e->valuestring);
			else
				buf_printf(out, "%g", e->valuedouble);
		}
	} else if (cJSON_IsObject(j)) {
		const cJSON *value = cJSON_GetObjectItemCaseSensitive(j, "value");
		const cJSON *unit = cJSON_GetObjectItemCaseSensitive(j, "unit");
		if (cJSON_IsNumber(value))
			buf_printf(out, "%g", value->valuedouble);
		else if (cJSON_IsString(value))
			buf_adds(out, value->valuestring);
		if (out->len && cJSON_IsString(unit)) {
			buf_addc(out, ' ');
			for (const char *u = unit->valuestring; *u; u++)
				buf_addc(out, *u == '_' ? ' ' : (char)tolower((unsigned char)*u));
		}
	} else if (!j) {
		buf_adds(out, v);
	}
	cJSON_Delete(j);
}

static int bulk_record(struct import *im, const struct record *r, char **err)
{
	struct row *h = &im->held;
	const char *parent = record_value_of(r, "parentid");
	parent = parent ? record_skip_ws(parent) : "";
	const char *id = record_value_of(r, "id");
	id = id ? record_skip_ws(id) : "";
	if (!*parent) {
		/* the product's options ("options": [{"name", "values"}]) are
		 * its options, not attributes beside them */
		const char **keys = xcalloc(r->n + 1, sizeof *keys);
		const char **values = xcalloc(r->n + 1, sizeof *values);
		size_t *lens = xcalloc(r->n + 1, sizeof *lens);
		struct record pr = *r;
		pr.n = 0;
		for (size_t i = 0; i < r->n; i++) {
			if (!strncasecmp(r->keys[i], "options.", 8))
				continue;
			keys[pr.n] = r->keys[i];
			values[pr.n] = r->values[i];
			lens[pr.n++] = r->lens[i];
		}
		pr.keys = keys;
		pr.values = values;
		pr.lens = lens;
		struct row *w = &im->row;
		int rc = build_row(im, &pr, w, err);
		free(keys);
		free(values);
		free(lens);
		if (rc != IMPORT_OK)
			return rc;
		rc = hold_row(im, w, err);
		for (size_t i = 0; i < r->n; i++) {
			const char *name = r->keys[i] + 8;
			if (strncasecmp(r->keys[i], "options.", 8) || !*name || !strcasecmp(name, "Title"))
				continue;
			int k = option_slot(h, name);
			for (const char *v = r->values[i]; k >= 0 && *v;) {
				size_t len = strcspn(v, "\x1f");
				char *one = xstrndup(v, len);
				if (*record_skip_ws(one) && strcmp(one, "Default Title"))
					add_option_value(&h->option_values[k], record_skip_ws(one));
				free(one);
				v += len + (v[len] != '\0');
			}
		}
		free(im->group);
		im->group = xstrdup(id);
		buf_reset(&im->held_children);
		h->variant_stock = false;
		h->variant_price = false;
		h->variant_uncounted = false;
		row_product(h);
		return rc;
	}
	if (!im->holding || strcmp(parent, im->group ? im->group : "")) {
		if (im->holding && ids_hold(&im->held_children, parent))
			return IMPORT_OK; /* a variant's own child */
		*err = record_where(im->source, r, "__parentId",
		                    "a line of %s, which is not the product before it", parent);
		return IMPORT_BAD;
	}
	if (*id) {
		buf_adds(&im->held_children, id);
		buf_addc(&im->held_children, '\n');
	}
	const char *key = record_value_of(r, "key");
	const char *value = record_value_of(r, "value");
	if (key && value && record_value_of(r, "namespace")) {
		char *name = xstrdup(record_skip_ws(key));
		for (char *c = name; *c; c++)
			if (*c == '_' || *c == '-')
				*c = ' ';
		metafield_text(value, &h->scratch);
		if (*name && h->scratch.len && strncmp(h->scratch.s, "gid://", 6))
			add_feature(&h->features, name, h->scratch.s, h->scratch.len);
		free(name);
		buf_reset(&h->scratch);
		row_product(h);
		return IMPORT_OK;
	}
	struct row *w = &im->row;
	int rc = build_row(im, r, w, err);
	if (rc != IMPORT_OK)
		return rc;
	/* "compareAtPrice": the price before a markdown */
	const char *compare = record_value_of(r, "compareatprice");
	int64_t before;
	char cur[4];
	if (compare && w->p.has_price && !w->has_was && price_parse(compare, &before, cur) == 0 &&
	    before > w->p.price_cents) {
		w->was_cents = before;
		w->has_was = true;
	}
	buf_reset(&h->scratch);
	static const char prefix[] = "selectedOptions.";
	for (size_t i = 0; i < r->n; i++) {
		const char *v = record_skip_ws(r->values[i]);
		if (strncasecmp(r->keys[i], prefix, sizeof prefix - 1) || !*v ||
		    !strcmp(v, "Default Title"))
			continue;
		note_option(h, &h->scratch, r->keys[i] + sizeof prefix - 1, v);
	}
	if (h->untracked || w->untracked)
		w->p.has_stock = false;
	keep_row_variant(h, w);
	if (w->p.has_price && !h->variant_price) {
		/* the first variant's price is the product's, whatever the
		 * product line said */
		h->p.has_price = false;
		h->variant_price = true;
		h->has_was = false;
	}
	bool was = h->has_was;
	if (!h->currency[0] && w->currency[0])
		memcpy(h->currency, w->currency, sizeof h->currency);
	fold_variant(h, w);
	if (w->has_was && w->p.price_cents == h->p.price_cents) {
		h->was_cents = w->was_cents;
		h->has_was = true;
	} else {
		h->has_was = was && w->p.price_cents != h->p.price_cents;
	}
	im->stats->variants++;
	row_product(h);
	return IMPORT_OK;
}

static int product_record(struct import *im, const struct record *r, char **err)
{
	if (im->child_lines)
		return bulk_record(im, r, err);
	if (im->preset == PRESET_SHOPIFY || im->preset == PRESET_SQUARESPACE ||
	    im->preset == PRESET_WIX)
		return shopify_record(im, r, err);
	if (im->preset == PRESET_ECWID)
		return ecwid_record(im, r, err);
	if (im->preset == PRESET_SQUARE)
		return square_record(im, r, err);
	if (im->preset == PRESET_LIGHTSPEED)
		return lightspeed_record(im, r, err);
	if (im->preset == PRESET_ODOO)
		return odoo_record(im, r, err);
	if (im->preset == PRESET_AKENEO)
		return akeneo_record(im, r, err);
	if (im->group_col >= 0)
		return group_record(im, r, err);
	if (im->variations_col >= 0)
		return magento_record(im, r, err);
	if (im->parent_col >= 0 || im->kind_col >= 0)
		return parent_record(im, r, err);
	int rc = build_row(im, r, &im->row, err);
	if (rc != IMPORT_OK)
		return rc;
	return put_row(im, &im->row, err);
}

/* ---- a reader thread for plain product imports ----
 *
 * Parsing and building rows (CSV/JSON, mapping, HTML, prices) is about a
 * fifth of an import; SQLite and the full-text index are the rest and must
 * stay on one connection. So a second thread reads and builds rows into a
 * ring of slots while the caller's thread writes them, in order. Only the
 * reader thread touches the reader, the mapping and im->res; only the
 * writer touches the database. Shopify imports (rows fold into the one
 * before) and orders stay on one thread. */

#define SLOT_END 1

struct slot {
	struct row row;
	int rc;    /* IMPORT_OK, IMPORT_BAD, IMPORT_FATAL or SLOT_END */
	char *msg; /* for IMPORT_BAD and IMPORT_FATAL */
	struct fts_tokens tokens; /* the row's index texts, tokenized ahead */
	bool tokenized;           /* tokens holds them */
	size_t bytes; /* memory the row and its tokens hold */
};

/* A thread that waits for the ring sleeps until half of it is ready (free
 * slots for the reader, filled ones for the writer), not just one slot:
 * waking the other thread for every row cost two futex calls and two
 * context switches a row, about a tenth of a million-product import. */
struct pipeline {
	struct import *im;
	struct reader *rd;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t can_fill, can_take;
	size_t head, tail; /* slots filled and taken so far */
	size_t in_flight;  /* bytes of the slots filled and not yet taken */
	bool stop;         /* the writer wants no more rows */
	bool done;         /* the reader has filled its last slot */
	bool reader_waits, writer_waits;
	/* The reader also tokenizes each row's index texts, about a sixth of
	 * the writer's work otherwise (see fts_tokenizer.h): with this
	 * tokenizer, in the index's language, when that is known. */
	tokenizer *tok;
	char *language;
	struct fts_shared *fts;
	struct slot slots[PIPELINE_SLOTS];
};

static size_t row_bytes(const struct row *w)
{
	size_t n = w->features.cap + w->scratch.cap;
	for (int f = 0; f < PF_COUNT; f++)
		n += w->text[f].cap;
	for (int i = 0; i < SHOPIFY_OPTIONS; i++)
		n += w->option_name[i].cap + w->option_values[i].cap;
	return n;
}

/* Tokenizes the texts product_writer_put() will index for w; false when
 * the row is left to the writer. The category path is left to the writer:
 * it is short, and written as the catalog spells it. So is a row with over
 * PIPELINE_SLOT_KEEP bytes of text: its tokens, kept at 32 bytes each, would
 * take ten times its text, where FTS5 takes them one at a time. */
static bool tokenize_ahead(struct pipeline *pl, const struct row *w, struct fts_tokens *ft)
{
	const struct product *p = &w->p;
	if (row_bytes(w) > PIPELINE_SLOT_KEEP)
		return false;
	fts_tokens_reset(ft, pl->language);
	if (p->name)
		fts_tokens_add(ft, pl->tok, p->name, strlen(p->name));
	if (p->brand)
		fts_tokens_add(ft, pl->tok, p->brand, strlen(p->brand));
	char *attrs = product_attrs_text(p->features, p->color, p->material, p->tags);
	fts_tokens_add(ft, pl->tok, attrs, strlen(attrs));
	free(attrs);
	if (p->description)
		fts_tokens_add(ft, pl->tok, p->description, strlen(p->description));
	return true;
}

static size_t slot_bytes(const struct slot *s)
{
	return row_bytes(&s->row) + s->tokens.store.cap +
	       s->tokens.cap * sizeof *s->tokens.recs;
}

/* The ring is full, in slots or in bytes (called with the lock held). */
static bool ring_full(const struct pipeline *pl)
{
	return pl->head - pl->tail == PIPELINE_SLOTS ||
	       (pl->in_flight >= PIPELINE_MAX_BYTES && pl->head != pl->tail);
}

/* A waiting reader goes on once half the ring is free again. */
static bool ring_half_free(const struct pipeline *pl)
{
	return pl->head == pl->tail ||
	       (pl->head - pl->tail <= PIPELINE_SLOTS / 2 && pl->in_flight < PIPELINE_MAX_BYTES / 2);
}

/* A waiting writer goes on once half the ring is filled. */
static bool ring_half_filled(const struct pipeline *pl)
{
	return pl->head - pl->tail >= PIPELINE_SLOTS / 2 ||
	       pl->in_flight >= PIPELINE_MAX_BYTES / 2;
}

static void *pipeline_reader(void *arg)
{
	struct pipeline *pl = arg;
	for (;;) {
		pthread_mutex_lock(&pl->mu);
		if (ring_full(pl)) {
			pl->reader_waits = true;
			while (!ring_half_free(pl) && !pl->stop)
				pthread_cond_wait(&pl->can_fill, &pl->mu);
			pl->reader_waits = false;
		}
		bool stop = pl->stop;
		struct slot *s = &pl->slots[pl->head % PIPELINE_SLOTS];
		pthread_mutex_unlock(&pl->mu);
		if (stop)
			break;
		struct record r;
		s->msg = NULL;
		int rc = reader_next(pl->rd, &r, pl->im->source, &s->msg);
		if (rc == 1)
			rc = build_row(pl->im, &r, &s->row, &s->msg);
		else if (rc == 0)
			rc = SLOT_END;
		s->tokenized = rc == IMPORT_OK && pl->tok && tokenize_ahead(pl, &s->row, &s->tokens);
		s->rc = rc;
		s->bytes = slot_bytes(s);
		bool last = rc == SLOT_END || rc == IMPORT_FATAL;
		pthread_mutex_lock(&pl->mu);
		pl->head++;
		pl->in_flight += s->bytes;
		pl->done = last;
		if (pl->writer_waits && (last || ring_half_filled(pl)))
			pthread_cond_signal(&pl->can_take);
		pthread_mutex_unlock(&pl->mu);
		if (last)
			break;
	}
	return NULL;
}

static void report(struct import *im, char *msg);

static int run_pipeline(struct import *im, struct reader *rd, char **err)
{
	struct pipeline *pl = xcalloc(1, sizeof *pl);
	pl->im = im;
	pl->rd = rd;
	pthread_mutex_init(&pl->mu, NULL);
	pthread_cond_init(&pl->can_fill, NULL);
	pthread_cond_init(&pl->can_take, NULL);
	for (size_t i = 0; i < PIPELINE_SLOTS; i++) {
		row_init(&pl->slots[i].row);
		fts_tokens_init(&pl->slots[i].tokens);
	}
	/* Without the index's language or the shared tokenizer state, the
	 * writer tokenizes as usual. */
	char *ignored = NULL;
	pl->fts = fts_tokenizer_shared(im->c->db);
	if (pl->fts && index_language_get(im->c, &pl->language, NULL, &ignored) == 0)
		pl->tok = tokenizer_new(pl->language, NULL);
	free(ignored);
	int rc = IMPORT_OK;
	if (pthread_create(&pl->thread, NULL, pipeline_reader, pl) != 0) {
		*err = xstrdup("cannot start the reader thread");
		rc = IMPORT_FATAL;
		goto cleanup;
	}
	for (;;) {
		pthread_mutex_lock(&pl->mu);
		if (pl->head == pl->tail) {
			pl->writer_waits = true;
			while (!ring_half_filled(pl) && !pl->done)
				pthread_cond_wait(&pl->can_take, &pl->mu);
			pl->writer_waits = false;
		}
		struct slot *s = &pl->slots[pl->tail % PIPELINE_SLOTS];
		pthread_mutex_unlock(&pl->mu);
		char *msg = s->msg;
		s->msg = NULL;
		rc = s->rc;
		if (rc == IMPORT_OK) {
			fts_tokenizer_offer(pl->fts, s->tokenized ? &s->tokens : NULL);
			rc = put_row(im, &s->row, &msg);
			fts_tokenizer_offer(pl->fts, NULL);
		}
		size_t bytes = s->bytes;
		if (bytes > PIPELINE_SLOT_KEEP) {
			row_release(&s->row);
			row_init(&s->row);
			fts_tokens_release(&s->tokens);
			fts_tokens_init(&s->tokens);
		}
		pthread_mutex_lock(&pl->mu);
		pl->tail++;
		pl->in_flight -= bytes;
		if (pl->reader_waits && ring_half_free(pl))
			pthread_cond_signal(&pl->can_fill);
		pthread_mutex_unlock(&pl->mu);
		if (rc == SLOT_END) {
			rc = IMPORT_OK;
			break;
		}
		if (rc == IMPORT_OK)
			continue;
		if (rc == IMPORT_BAD && im->o->skip_bad) {
			report(im, msg);
			continue;
		}
		*err = msg;
		break;
	}
	pthread_mutex_lock(&pl->mu);
	pl->stop = true;
	pthread_cond_signal(&pl->can_fill);
	pthread_mutex_unlock(&pl->mu);
	pthread_join(pl->thread, NULL);
	/* Messages of rows read ahead but never taken. */
	for (size_t i = pl->tail; i < pl->head; i++)
		free(pl->slots[i % PIPELINE_SLOTS].msg);
cleanup:
	for (size_t i = 0; i < PIPELINE_SLOTS; i++) {
		row_release(&pl->slots[i].row);
		fts_tokens_release(&pl->slots[i].tokens);
	}
	tokenizer_free(pl->tok);
	free(pl->language);
	pthread_cond_destroy(&pl->can_take);
	pthread_cond_destroy(&pl->can_fill);
	pthread_mutex_destroy(&pl->mu);
	free(pl);
	return rc;
}

static void report(struct import *im, char *msg)
{
	im->stats->skipped++;
	if (im->o->report)
		im->o->report(im->o->report_ctx, msg);
	free(msg);
}

/* Does the header have every one of want (normalized names)? */
static bool header_has(const struct reader *rd, const char *const *want, size_t n)
{
	size_t found = 0;
	for (size_t k = 0; k < n; k++)
		for (size_t i = 0; i < rd->nheader; i++) {
			char norm[64];
			mapping_normalize(rd->header[i], norm, sizeof norm);
			if (!strcmp(norm, want[k])) {
				found++;
				break;
			}
		}
	return found == n;
}

/* Does the header have one of want (normalized names)? */
static bool header_has_any(const struct reader *rd, const char *const *want, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (header_has(rd, want + k, 1))
			return true;
	return false;
}

/* The platform export a header shows without --preset: Shopify's has
 * Handle, Title, Option1 Name and Variant Price, Squarespace's Product ID,
 * Variant ID, Title and Option Name 1, Wix's handleId, fieldType, name and
 * productOptionName1, PrestaShop's "Active (0/1)", "Name *", "Categories
 * (x,y,z...)" and "Tax rules ID", Ecwid's type and product_internal_id,
 * Square's Token, Item Name and Variation Name, Lightspeed's handle, name,
 * variant_option_one_name and retail_price, OpenCart's product_id, name,
 * model, tax_class_id, subtract and minimum, Magento's sku, store_view_code
 * and product_type, Akeneo's sku, enabled, family and columns of a locale
 * or currency (akeneo_products_header()), BigCommerce's Item Type, Product
 * ID, Product Name and "Allow Purchases?", eBay's start price with its
 * Action column, condition id or item specifics (ebay_header()), which
 * together no other export writes. */
static enum import_preset export_of_header(const struct reader *rd)
{
	static const char *const shopify[] = {"handle", "title", "option1name", "variantprice"};
	static const char *const squarespace[] = {"productid", "variantid", "title", "optionname1"};
	static const char *const wix[] = {"handleid", "fieldtype", "name", "productoptionname1"};
	static const char *const prestashop[] = {"active", "name", "categories", "taxrulesid"};
	static const char *const ecwid[] = {"type", "productinternalid", "productname", "productprice"};
	static const char *const square[] = {"token", "itemname", "variationname", "price"};
	static const char *const lightspeed[] = {"handle", "name", "variantoptiononename",
	                                         "retailprice"};
	static const char *const opencart[] = {"productid", "name", "model", "taxclassid",
	                                       "subtract", "minimum"};
	static const char *const odoo[] = {"internalreference", "name", "salesprice",
	                                   "productcategory"};
	/* Amazon's inventory file: the seller's SKU and the standard price,
	 * by their labels or their field names, with one more column no
	 * other export writes (a template may leave out "Update Delete") */
	static const char *const amazon_labels[] = {"sellersku", "standardprice"};
	static const char *const amazon_names[] = {"itemsku", "standardprice"};
	static const char *const amazon_own[] = {"updatedelete", "feedproducttype", "parentchild",
	                                         "parentage", "itemtypekeyword", "variationtheme",
	                                         "externalproductidtype", "productidtype",
	                                         "fulfillmentlatency"};
	static const char *const magento[] = {"sku", "storeviewcode", "producttype"};
	static const char *const bigcommerce[] = {"itemtype", "productid", "productname",
	                                          "allowpurchases"};
	if (akeneo_products_header((const char *const *)rd->header, rd->nheader))
		return PRESET_AKENEO;
	if (header_has(rd, shopify, sizeof shopify / sizeof shopify[0]))
		return PRESET_SHOPIFY;
	if (header_has(rd, squarespace, sizeof squarespace / sizeof squarespace[0]))
		return PRESET_SQUARESPACE;
	if (header_has(rd, wix, sizeof wix / sizeof wix[0]))
		return PRESET_WIX;
	if (header_has(rd, prestashop, sizeof prestashop / sizeof prestashop[0]))
		return PRESET_PRESTASHOP;
	if (header_has(rd, ecwid, sizeof ecwid / sizeof ecwid[0]))
		return PRESET_ECWID;
	if (header_has(rd, square, sizeof square / sizeof square[0]))
		return PRESET_SQUARE;
	if (header_has(rd, lightspeed, sizeof lightspeed / sizeof lightspeed[0]))
		return PRESET_LIGHTSPEED;
	if (header_has(rd, opencart, sizeof opencart / sizeof opencart[0]))
		return PRESET_OPENCART;
	if (header_has(rd, odoo, sizeof odoo / sizeof odoo[0]))
		return PRESET_ODOO;
	if ((header_has(rd, amazon_labels, sizeof amazon_labels / sizeof amazon_labels[0]) ||
	     header_has(rd, amazon_names, sizeof amazon_names / sizeof amazon_names[0])) &&
	    header_has_any(rd, amazon_own, sizeof amazon_own / sizeof amazon_own[0]))
		return PRESET_AMAZON;
	if (header_has(rd, magento, sizeof magento / sizeof magento[0]))
		return PRESET_MAGENTO;
	if (header_has(rd, bigcommerce, sizeof bigcommerce / sizeof bigcommerce[0]))
		return PRESET_BIGCOMMERCE;
	if (ebay_header((const char *const *)rd->header, rd->nheader))
		return PRESET_EBAY;
	return PRESET_NONE;
}

/* Does --map name a source the file has no column or key of? true with
 * the message in *err. */
static bool unseen_map(const struct import *im, char **err)
{
	const char *given = mapping_unseen(im->m);
	if (!given)
		return false;
	const char *source = strchr(given, '=') + 1;
	*err = xasprintf("--map %s: %s has no %s \"%s\"", given, im->source,
	                 im->reader_csv ? "column" : "key with a value", source);
	return true;
}

/* Runs every record through; IMPORT_OK or IMPORT_FATAL/IMPORT_BAD with
 * *err set. */
static int run_records(struct import *im, struct reader *rd, char **err)
{
	im->reader_csv = rd->csv != NULL;
	if (rd->csv && read_header(rd, err) < 0) {
		char *inner = *err;
		*err = xasprintf("%s %s", im->source, inner);
		free(inner);
		return IMPORT_FATAL;
	}
	/* another sheet of an export, given in the place of the products */
	static const struct {
		const char *what;
		const char *cols[4];
		size_t n;
	} sheets[] = {
		{"variants (PrestaShop combinations)", {"productid", "attribute", "value", "impactonprice"}, 4},
		{"variants (option values)", {"productid", "option", "optionvalue", "priceprefix"}, 4},
		{"sale prices", {"productid", "price", "datestart", "dateend"}, 4},
		{"attributes", {"productid", "attribute", "text"}, 3},
		{"categories", {"categoryid", "parentid", "name"}, 3},
		{"product models (Akeneo's)", {"code", "familyvariant"}, 2},
	};
	for (size_t i = 0; !im->orders && i < sizeof sheets / sizeof sheets[0]; i++)
		if (header_has(rd, sheets[i].cols, sheets[i].n)) {
			*err = xasprintf("%s is a sheet of %s: import it with its products, "
			                 "clerk import --with %s PRODUCTS.csv",
			                 im->source, sheets[i].what, im->source);
			return IMPORT_FATAL;
		}
	if (!im->orders && im->preset == PRESET_NONE) {
		im->preset = export_of_header(rd);
		mapping_set_preset(im->m, im->preset);
	}
	if (!im->orders && im->preset == PRESET_EBAY && rd->csv) {
		im->ebay = ebay_new((const char *const *)rd->header, rd->nheader, im->o->pack, im->m);
		attr_rows_set_key_prefix(im->attrs, EBAY_SPECIFIC_PREFIX);
	}
	/* a --map naming a column the file does not have would leave its
	 * field empty without a word: said before anything is read */
	for (size_t i = 0; rd->csv && i < rd->nheader; i++)
		mapping_note_key(im->m, rd->header[i]);
	if (rd->csv && unseen_map(im, err))
		return IMPORT_FATAL;
	if (!im->orders && im->preset == PRESET_AKENEO) {
		if (!rd->csv) {
			*err = xasprintf("%s: the akeneo preset reads Akeneo's CSV export", im->source);
			return IMPORT_FATAL;
		}
		akeneo_begin(akeneo_of(im), im->m, (const char *const *)rd->header, rd->nheader);
	}
	im->parent_col = im->kind_col = im->sku_col = im->variations_col = im->group_col = -1;
	for (size_t i = 0; !im->orders &&
	                   (im->preset == PRESET_NONE || im->preset == PRESET_GMC ||
	                    im->preset == PRESET_AMAZON || im->preset == PRESET_MAGENTO ||
	                    im->preset == PRESET_BIGCOMMERCE || im->preset == PRESET_EBAY) &&
	                   i < rd->nheader;
	     i++) {
		char norm[64];
		mapping_normalize(rd->header[i], norm, sizeof norm);
		if (!strcmp(norm, "itemgroupid"))
			im->group_col = (long)i;
		else if (im->preset == PRESET_GMC)
			continue;
		else if (!strcmp(norm, "parent") || !strcmp(norm, "parentid") ||
		    !strcmp(norm, "parentsku") || !strcmp(norm, "parentproduct"))
			im->parent_col = (long)i;
		else if (!strcmp(norm, "itemtype") && im->preset != PRESET_AMAZON)
			im->kind_col = (long)i; /* Amazon's is the product's kind */
		else if (!strcmp(norm, "relationship") && im->preset == PRESET_EBAY)
			im->kind_col = (long)i; /* eBay's "Variation" rows */
		else if (!strcmp(norm, "sku"))
			im->sku_col = (long)i;
		else if (!strcmp(norm, "configurablevariations"))
			im->variations_col = (long)i;
	}
	if (!im->orders && im->preset != PRESET_SHOPIFY && im->preset != PRESET_SQUARESPACE &&
	    im->preset != PRESET_WIX && im->preset != PRESET_ECWID && im->preset != PRESET_SQUARE &&
	    im->preset != PRESET_LIGHTSPEED && im->preset != PRESET_ODOO &&
	    im->preset != PRESET_AKENEO && im->parent_col < 0 && im->kind_col < 0 && im->variations_col < 0 && im->group_col < 0 &&
	    !rd->child_lines)
		return run_pipeline(im, rd, err);
	im->child_lines = !im->orders && rd->child_lines;
	struct record r;
	for (;;) {
		char *msg = NULL;
		int rc = reader_next(rd, &r, im->source, &msg);
		if (rc == 0)
			break;
		if (rc == 1 && im->orders) {
			rc = order_importer_add(im->orders, &r, im->source, &msg);
			im->stats->imported += rc == IMPORT_OK;
		} else if (rc == 1) {
			rc = product_record(im, &r, &msg);
		}
		if (rc == IMPORT_OK)
			continue;
		if (rc == IMPORT_BAD && im->o->skip_bad) {
			report(im, msg);
			continue;
		}
		*err = msg;
		return rc;
	}
	if (!im->orders) {
		char *msg = NULL;
		int rc = flush_held(im, &msg);
		if (rc == IMPORT_BAD && im->o->skip_bad)
			report(im, msg);
		else if (rc != IMPORT_OK) {
			*err = msg;
			return rc;
		}
		rc = magento_finish(im, err);
		if (rc != IMPORT_OK)
			return rc;
		rc = akeneo_finish_all(im, err);
		if (rc != IMPORT_OK)
			return rc;
	}
	return IMPORT_OK;
}

static void explain_io_error(catalog *c, char **err);

static int exec(catalog *c, const char *sql)
{
	return sqlite3_exec(c->db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

/* Sets the journal mode; true when the database now uses `mode`. */
static bool journal_mode(catalog *c, const char *mode)
{
	char sql[48];
	snprintf(sql, sizeof sql, "PRAGMA journal_mode = %s", mode);
	sqlite3_stmt *st = catalog_prepare(c, sql, NULL);
	bool ok = st && sqlite3_step(st) == SQLITE_ROW &&
	          !strcasecmp((const char *)sqlite3_column_text(st, 0), mode);
	sqlite3_finalize(st);
	return ok;
}

/* The options that shape what a feed imports to: under other ones a feed
 * is fetched whole even when it has not changed. */
static char *feed_options_of(const struct import_options *o)
{
	return xasprintf("orders=%d format=%d preset=%d map=%s", o->orders, (int)o->format,
	                 (int)o->preset, o->map ? o->map : "");
}

int import_run(catalog *c, const char *source, const struct import_options *o,
               struct import_stats *stats, char **err)
{
	struct import im = {.c = c, .o = o, .stats = stats};
	struct reader rd;
	struct bulk_load bulk = {0};
	bool in_tx = false;
	int rc = -1;
	int old_cache = 0;
	bool rollback_journal = false;
	char pragma[64];
	*stats = (struct import_stats){0};
	if (catalog_check_writable(c, "cannot import", err) < 0)
		return -1;
	row_init(&im.row);
	row_init(&im.held);
	buf_init(&im.held_sku);
	buf_init(&im.held_children);
	/* A feed imported before is fetched only when it has changed. */
	char *feed_options = feed_options_of(o);
	struct feed_state last = {0};
	bool feed = !strncasecmp(source, "http://", 7) || !strncasecmp(source, "https://", 8);
	if (feed && feed_state_load(c, source, feed_options, &last, err) < 0)
		goto cleanup_rows;
	if (o->variants && !o->orders && load_sheet(&im, o->variants, err) < 0)
		goto cleanup_rows;
	for (size_t i = 0; i < o->n_sheets && !o->orders; i++)
		if (load_sheet(&im, o->sheets[i], err) < 0)
			goto cleanup_rows;
	if (reader_open(&rd, source, o, &last, err) < 0) {
		reader_free(&rd);
		source_free(rd.src);
		goto cleanup_rows;
	}
	if (source_unchanged(rd.src)) {
		stats->unchanged = true;
		rc = 0;
		goto cleanup;
	}
	im.source = source_name(rd.src);
	im.preset = o->orders ? PRESET_NONE : o->preset;
	im.m = mapping_new(o->orders, o->preset, o->map, err);
	if (!im.m)
		goto cleanup;
	im.attrs = attr_rows_new(o->units);
	attr_rows_set_qualifiers(im.attrs, lang_list(o->pack, "measure_qualifiers"));
	attr_rows_set_unit_endings(im.attrs, lang_list(o->pack, "unit_name_endings"));
	im.collections = lang_list(o->pack, "collections");
	rd.m = im.m;
	sqlite3_stmt *st = catalog_prepare(c, "PRAGMA cache_size", NULL);
	if (st && sqlite3_step(st) == SQLITE_ROW)
		old_cache = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	st = o->orders ? NULL : catalog_prepare(c, "SELECT coalesce(max(id), 0) FROM products", NULL);
	if (st && sqlite3_step(st) == SQLITE_ROW)
		im.prior_max = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	snprintf(pragma, sizeof pragma, "PRAGMA cache_size = -%d", IMPORT_CACHE_KIB);
	exec(c, pragma);
	/* A bulk write is cheaper with a rollback journal: new pages are
	 * written once (WAL writes them twice, and every read of a spilled
	 * page searches the WAL index, which dominates a large import). The
	 * switch needs the database to ourselves; when another connection
	 * holds it, the import simply runs in WAL mode. Atomicity is the same
	 * either way, and catalog_open() puts WAL back should we die here. */
	rollback_journal = journal_mode(c, "delete");
	if (catalog_begin(c, err) < 0)
		goto cleanup;
	in_tx = true;
	if (o->orders) {
		im.orders = order_importer_new(c, im.m, o->replace, o->currency, err);
		if (!im.orders)
			goto cleanup;
	} else {
		if (bulk_load_begin(c, &bulk, err) < 0)
			goto cleanup;
		im.writer = product_writer_new(c, err);
		if (!im.writer)
			goto cleanup;
		im.reviews = reviews_writer_new(c, err);
		if (!im.reviews)
			goto cleanup;
	}
	if (run_records(&im, &rd, err) != IMPORT_OK) {
		explain_io_error(c, err);
		goto cleanup;
	}
	if (unseen_map(&im, err))
		goto cleanup;
	/* Statements must be finished before the commit. */
	product_writer_free(im.writer);
	im.writer = NULL;
	reviews_writer_free(im.reviews);
	im.reviews = NULL;
	order_importer_free(im.orders);
	im.orders = NULL;
	if (bulk_load_finish(c, &bulk, err) < 0) {
		explain_io_error(c, err);
		goto cleanup;
	}
	if (!o->orders && attr_keys_refresh(c, o->units, err) < 0) {
		explain_io_error(c, err);
		goto cleanup;
	}
	const struct feed_state now = {(char *)source_etag(rd.src),
	                               (char *)source_last_modified(rd.src)};
	if (feed && feed_state_save(c, source, feed_options, &now, err) < 0)
		goto cleanup;
	in_tx = false;
	if (catalog_commit(c, err) < 0) {
		explain_io_error(c, err);
		goto cleanup;
	}
	rc = 0;
cleanup:
	product_writer_free(im.writer);
	reviews_writer_free(im.reviews);
	order_importer_free(im.orders);
	if (in_tx)
		catalog_rollback(c);
	bulk_load_release(&bulk);
	if (rollback_journal)
		journal_mode(c, "wal");
	if (old_cache) {
		snprintf(pragma, sizeof pragma, "PRAGMA cache_size = %d", old_cache);
		exec(c, pragma);
	}
	mapping_free(im.m);
	attr_rows_free(im.attrs);
	free(im.res.unmapped);
	reader_free(&rd);
	source_free(rd.src);
cleanup_rows:
	feed_state_release(&last);
	free(feed_options);
	row_release(&im.row);
	row_release(&im.held);
	buf_release(&im.held_sku);
	buf_release(&im.held_children);
	magento_release(&im);
	akeneo_free(im.akeneo);
	ebay_free(im.ebay);
	sheets_free(&im);
	free(im.untaxed_key);
	free(im.group);
	if (rc < 0)
		stats->imported = 0;
	return rc;
}

/* SQLite says "disk I/O error" for a full disk or a file size limit;
 * users should hear what most likely happened. */
static void explain_io_error(catalog *c, char **err)
{
	int code = sqlite3_extended_errcode(c->db);
	if (!*err || (code != SQLITE_FULL && (code & 0xff) != SQLITE_IOERR))
		return;
	char *inner = *err;
	*err = xasprintf("%s (is the disk full, or a file size limit reached?)", inner);
	free(inner);
}
