/*
 * script.c: script mode. Input is read byte by byte into a bounded buffer
 * so a 1 MB line or a binary file costs no more memory than a short line.
 */
#include "src/cli/script.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/xalloc.h"
#include "common/sanitize.h"

/* Reads one line (without its newline) into b, keeping at most max bytes.
 * Returns 0 at EOF with nothing read, else 1; *cut is set when bytes were
 * dropped. */
static int read_line(FILE *in, struct buf *b, size_t max, bool *cut)
{
	buf_reset(b);
	*cut = false;
	int ch, any = 0;
	while ((ch = getc(in)) != EOF) {
		any = 1;
		if (ch == '\n')
			break;
		if (b->len >= max) {
			*cut = true;
			continue;
		}
		buf_addc(b, ch ? (char)ch : ' ');
	}
	if (b->len && b->s[b->len - 1] == '\r')
		b->s[--b->len] = '\0';
	/* A cut may split a UTF-8 sequence: drop the partial character. */
	if (*cut) {
		size_t i = b->len;
		while (i > 0 && ((unsigned char)b->s[i - 1] & 0xC0) == 0x80)
			i--;
		if (i > 0 && ((unsigned char)b->s[i - 1] & 0x80))
			i--;
		b->len = i;
		b->s[i] = '\0';
	}
	return any;
}

static cJSON *str_or_null(const char *s)
{
	if (!s)
		return cJSON_CreateNull();
	char *clean = sanitize_dup(s, 0);
	cJSON *j = cJSON_CreateString(clean);
	free(clean);
	return j;
}

static cJSON *num_or_null(double v, bool present)
{
	return present ? cJSON_CreateNumber(v) : cJSON_CreateNull();
}

static cJSON *entities_json(const struct nlu_entities *e)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "price_min", num_or_null(e->price_min, e->price_min >= 0));
	cJSON_AddItemToObject(o, "price_max", num_or_null(e->price_max, e->price_max >= 0));
	cJSON_AddItemToObject(o, "brand", str_or_null(e->brand));
	cJSON_AddItemToObject(o, "category", str_or_null(e->category));
	cJSON_AddItemToObject(o, "color", str_or_null(e->color));
	cJSON_AddItemToObject(o, "size", str_or_null(e->size));
	cJSON_AddItemToObject(o, "quantity", num_or_null(e->quantity, e->quantity_said));
	cJSON_AddItemToObject(o, "ordinal",
	                      num_or_null(e->n_ordinals ? e->ordinals[0] : 0, e->n_ordinals > 0));
	cJSON_AddItemToObject(o, "order_id", str_or_null(e->order_id));
	cJSON_AddItemToObject(o, "email", str_or_null(e->email));
	cJSON_AddItemToObject(o, "postcode", str_or_null(e->postcode));
	cJSON_AddItemToObject(o, "not_brand", str_or_null(e->not_brand));
	cJSON_AddItemToObject(o, "material", str_or_null(e->material));
	if (e->n_ordinals > 1) {
		cJSON *all = cJSON_AddArrayToObject(o, "ordinals");
		for (size_t i = 0; i < e->n_ordinals; i++)
			cJSON_AddItemToArray(all, cJSON_CreateNumber(e->ordinals[i]));
	}
	return o;
}

static cJSON *products_json(const struct reply *r)
{
	cJSON *a = cJSON_CreateArray();
	for (size_t i = 0; i < r->n_products; i++) {
		const struct product_view *p = &r->products[i];
		cJSON *o = cJSON_CreateObject();
		cJSON_AddItemToObject(o, "id", str_or_null(p->id));
		cJSON_AddItemToObject(o, "name", str_or_null(p->name));
		if (p->variant)
			cJSON_AddItemToObject(o, "variant", str_or_null(p->variant));
		cJSON_AddItemToObject(o, "price", num_or_null((double)p->price_cents / 100.0, p->has_price));
		if (p->price_from) /* the least of its variants' prices */
			cJSON_AddBoolToObject(o, "price_from", true);
		cJSON_AddItemToObject(o, "brand", str_or_null(p->brand));
		cJSON_AddItemToObject(o, "rating", num_or_null(p->rating, p->has_rating));
		cJSON_AddItemToObject(o, "stock", num_or_null((double)p->stock, p->has_stock));
		cJSON_AddItemToArray(a, o);
	}
	return a;
}

static cJSON *compare_json(const struct reply_compare *c)
{
	cJSON *o = cJSON_CreateObject();
	cJSON *cols = cJSON_AddArrayToObject(o, "columns");
	for (size_t j = 0; j < c->n_cols; j++)
		cJSON_AddItemToArray(cols, str_or_null(c->col_names[j]));
	cJSON *rows = cJSON_AddArrayToObject(o, "rows");
	for (size_t i = 0; i < c->n_rows; i++) {
		cJSON *row = cJSON_CreateObject();
		cJSON_AddItemToObject(row, "label", str_or_null(c->row_labels[i]));
		cJSON *cells = cJSON_AddArrayToObject(row, "cells");
		for (size_t j = 0; j < c->n_cols; j++)
			cJSON_AddItemToArray(cells, str_or_null(c->cells[i][j]));
		cJSON_AddBoolToObject(row, "differs", c->row_differs[i]);
		cJSON_AddItemToArray(rows, row);
	}
	cJSON_AddItemToObject(o, "verdict", str_or_null(c->verdict));
	return o;
}

/* The JSON turn record of one reply (heap string, no newline). */
static char *script_json_record(int turn, const char *input, const struct reply *r)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "turn", turn);
	cJSON_AddItemToObject(o, "input", str_or_null(input ? input : ""));
	cJSON_AddItemToObject(o, "intent", str_or_null(r->nlu.intent ? r->nlu.intent : "out_of_scope"));
	cJSON_AddNumberToObject(o, "confidence", r->nlu.confidence);
	cJSON_AddItemToObject(o, "entities", entities_json(&r->nlu.entities));
	char *text = sanitize_dup(r->text ? r->text : "", SANITIZE_KEEP_NEWLINES);
	cJSON_AddStringToObject(o, "reply", text);
	free(text);
	cJSON_AddItemToObject(o, "products", products_json(r));
	cJSON *sugg = cJSON_AddArrayToObject(o, "suggestions");
	for (size_t i = 0; i < r->n_suggestions; i++)
		cJSON_AddItemToArray(sugg, str_or_null(r->suggestions[i]));
	if (r->compare)
		cJSON_AddItemToObject(o, "compare", compare_json(r->compare));
	cJSON *cart = cJSON_AddObjectToObject(o, "cart");
	cJSON_AddNumberToObject(cart, "items", r->cart_count);
	cJSON_AddNumberToObject(cart, "total", (double)r->cart_total_cents / 100.0);
	if (r->error)
		cJSON_AddItemToObject(o, "error", str_or_null(r->error));
	char *s = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	if (!s) {
		/* cJSON reports allocation failure as NULL; out-of-memory is fatal. */
		return xstrdup("{}");
	}
	char *copy = xstrdup(s);
	cJSON_free(s);
	return copy;
}

static void add_clean(struct buf *b, const char *s, unsigned flags)
{
	if (s)
		sanitize_append(b, s, strlen(s), flags);
}

static void price_text(struct buf *b, int64_t cents, const char *currency)
{
	if (!currency || !strcmp(currency, "USD"))
		buf_printf(b, "$%lld.%02lld", (long long)(cents / 100), (long long)(cents % 100));
	else {
		buf_printf(b, "%lld.%02lld ", (long long)(cents / 100), (long long)(cents % 100));
		add_clean(b, currency, 0);
	}
}

static void compare_text(struct buf *b, const struct reply_compare *c)
{
	buf_adds(b, "  |");
	for (size_t j = 0; j < c->n_cols; j++) {
		buf_addc(b, ' ');
		add_clean(b, c->col_names[j], 0);
		buf_adds(b, " |");
	}
	buf_addc(b, '\n');
	for (size_t i = 0; i < c->n_rows; i++) {
		buf_adds(b, c->row_differs[i] ? "* " : "  ");
		add_clean(b, c->row_labels[i], 0);
		buf_adds(b, ":");
		for (size_t j = 0; j < c->n_cols; j++) {
			buf_addc(b, ' ');
			add_clean(b, *c->cells[i][j] ? c->cells[i][j] : "-", 0);
			buf_adds(b, j + 1 < c->n_cols ? " |" : "");
		}
		buf_addc(b, '\n');
	}
	/* The verdict is part of the reply text already. */
}

static char *script_text_record(const struct reply *r)
{
	struct buf b;
	buf_init(&b);
	add_clean(&b, r->text ? r->text : "", SANITIZE_KEEP_NEWLINES);
	buf_addc(&b, '\n');
	if (r->compare)
		compare_text(&b, r->compare);
	for (size_t i = 0; i < r->n_products; i++) {
		const struct product_view *p = &r->products[i];
		buf_printf(&b, "%zu. ", i + 1);
		add_clean(&b, p->name, 0);
		if (p->variant) {
			buf_adds(&b, ", ");
			add_clean(&b, p->variant, 0);
		}
		if (p->brand) {
			buf_adds(&b, " | ");
			add_clean(&b, p->brand, 0);
		}
		if (p->has_price) {
			buf_adds(&b, p->price_from ? " | from " : " | ");
			price_text(&b, p->price_cents, p->currency);
		}
		if (p->has_rating)
			buf_printf(&b, " | rated %.1f", p->rating);
		if (p->has_stock)
			buf_adds(&b, p->stock > 0 ? " | in stock" : " | out of stock");
		buf_adds(&b, " | id ");
		add_clean(&b, p->id, 0);
		buf_addc(&b, '\n');
	}
	buf_addc(&b, '\n');
	return buf_detach(&b);
}

/* "clerk: turn N: CAUSE", one line, stripped of control characters. */
static void report_failure(FILE *errors, int turn, const char *cause)
{
	if (!errors)
		return;
	char *clean = sanitize_dup(cause, 0);
	fprintf(errors, "clerk: turn %d: %s\n", turn, clean);
	fflush(errors);
	free(clean);
}

int script_run(dialogue *d, FILE *in, FILE *out, FILE *errors, bool json)
{
	struct buf line;
	buf_init(&line);
	bool cut;
	int turn = 0, rc = 0, failed = 0;
	while (read_line(in, &line, SCRIPT_MAX_LINE, &cut)) {
		struct reply r;
		turn++;
		dialogue_turn(d, line.s, &r);
		if (r.error) {
			failed++;
			report_failure(errors, turn, r.error);
		}
		if (cut) {
			char *note = xasprintf("(Your message was longer than %d bytes; I read the "
			                       "beginning only.)\n%s",
			                       SCRIPT_MAX_LINE, r.text ? r.text : "");
			free(r.text);
			r.text = note;
		}
		char *rec = json ? script_json_record(turn, line.s, &r) : script_text_record(&r);
		if (fputs(rec, out) < 0 || (json && fputc('\n', out) < 0))
			rc = -1;
		free(rec);
		reply_release(&r);
		fflush(out);
		if (rc < 0)
			break;
	}
	buf_release(&line);
	return rc < 0 ? rc : failed;
}
