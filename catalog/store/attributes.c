/*
 * attributes.c: computing and reading attribute_keys.
 */
#include "catalog/store/attributes.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/store/catalog_int.h"
#include "common/buf.h"
#include "common/xalloc.h"
#include "nlu/text/fieldname.h"
#include "nlu/text/valueshape.h"

/* Values read to decide a key's kind: the first rows of the key, in
 * product order; enough to outvote a few "N/A". */
#define SAMPLE 1000

static const char *const kind_names[] = {
	[ATTR_TEXT] = "text", [ATTR_NUMBER] = "number", [ATTR_LIST] = "list",
	[ATTR_BOOL] = "bool", [ATTR_HIDDEN] = "hidden",
};

const char *attr_kind_name(enum attr_kind k)
{
	return (size_t)k < sizeof kind_names / sizeof kind_names[0] ? kind_names[k] : "text";
}

static enum attr_kind kind_by_name(const char *s)
{
	for (size_t i = 0; i < sizeof kind_names / sizeof kind_names[0]; i++)
		if (s && !strcmp(s, kind_names[i]))
			return (enum attr_kind)i;
	return ATTR_TEXT;
}

/* Dimensions counted per key; values in others count as measures of no
 * one dimension. */
#define DIMENSIONS 8

/* What a key's sampled values look like. */
struct tally {
	size_t n;
	size_t shapes[SHAPE_BOOL + 1];
	size_t bare;          /* plain numbers */
	size_t measured;      /* measures, in any dimension */
	struct dim_count {
		const char *dimension, *unit;
		size_t n;
	} dims[DIMENSIONS];
	size_t ndims;
};

static void count_value(struct tally *t, const struct measure_units *u, const char *v)
{
	size_t len = strlen(v);
	t->n++;
	t->shapes[valueshape_of(v, len)]++;
	struct measure m;
	if (!measure_parse(u, v, len, &m))
		return;
	if (!m.dimension) {
		t->bare++;
		return;
	}
	t->measured++;
	size_t d = 0;
	while (d < t->ndims && strcmp(t->dims[d].dimension, m.dimension))
		d++;
	if (d == t->ndims && t->ndims < DIMENSIONS)
		t->dims[t->ndims++] = (struct dim_count){m.dimension, m.unit, 0};
	if (d < t->ndims)
		t->dims[d].n++;
}

/* The dimension of four values in five or more, or -1: "net content" in
 * grams, litres and counts has none. */
static int main_dimension(const struct tally *t)
{
	for (size_t d = 0; d < t->ndims; d++)
		if (5 * t->dims[d].n >= 4 * t->n)
			return (int)d;
	return -1;
}

/* The kind of one key from its words, its tally and whether a product has
 * several values; *noise is set for hidden kinds. */
static enum attr_kind classify(const char *words, const struct tally *t, bool several,
                               const char **noise)
{
	*noise = NULL;
	switch (fieldname_noise(words)) {
	case FIELDNAME_PERSONAL:
		*noise = "personal";
		return ATTR_HIDDEN;
	case FIELDNAME_PHONE:
		if (2 * t->shapes[SHAPE_PHONE] > t->n) {
			*noise = "personal";
			return ATTR_HIDDEN;
		}
		break;
	case FIELDNAME_LINK:
		*noise = "link";
		return ATTR_HIDDEN;
	case FIELDNAME_CODE:
		*noise = "code";
		return ATTR_HIDDEN;
	case FIELDNAME_TIME:
		*noise = "time";
		return ATTR_HIDDEN;
	case FIELDNAME_INTERNAL:
		*noise = "internal";
		return ATTR_HIDDEN;
	case FIELDNAME_PLAIN:
		break;
	}
	const struct {
		size_t count;
		const char *noise;
	} by_value[] = {
		{t->shapes[SHAPE_URL] + t->shapes[SHAPE_FILE], "link"},
		{t->shapes[SHAPE_BARCODE] + t->shapes[SHAPE_UUID], "code"},
		{t->shapes[SHAPE_DATETIME], "time"},
		{t->shapes[SHAPE_EMAIL], "personal"},
	};
	size_t noisy = 0, most = 0;
	for (size_t i = 0; i < sizeof by_value / sizeof by_value[0]; i++) {
		noisy += by_value[i].count;
		if (by_value[i].count > by_value[most].count)
			most = i;
	}
	if (t->n && 2 * noisy > t->n) {
		*noise = by_value[most].noise;
		return ATTR_HIDDEN;
	}
	if (t->n && t->shapes[SHAPE_BOOL] == t->n)
		return ATTR_BOOL;
	bool numeric = t->n && 5 * (t->measured + t->bare) >= 4 * t->n;
	if (several)
		return ATTR_LIST;
	return numeric ? ATTR_NUMBER : ATTR_TEXT;
}

/* One key's counts, gathered in one pass over the attribute rows. */
struct key_stats {
	char *key;
	int64_t rows, hidden, products;
	int64_t last_product; /* the product of the key's last row */
	struct tally t;       /* of its first SAMPLE rows */
};

struct key_table {
	struct key_stats *slots; /* open addressing; a power of two */
	size_t cap, n;
};

static uint64_t hash_key(const char *s)
{
	uint64_t h = 1469598103934665603u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

static struct key_stats *key_slot(struct key_table *kt, const char *key)
{
	if (2 * (kt->n + 1) > kt->cap) {
		struct key_table bigger = {xcalloc(kt->cap ? 2 * kt->cap : 64, sizeof *kt->slots),
		                           kt->cap ? 2 * kt->cap : 64, kt->n};
		for (size_t i = 0; i < kt->cap; i++) {
			if (!kt->slots[i].key)
				continue;
			size_t j = hash_key(kt->slots[i].key) & (bigger.cap - 1);
			while (bigger.slots[j].key)
				j = (j + 1) & (bigger.cap - 1);
			bigger.slots[j] = kt->slots[i];
		}
		free(kt->slots);
		*kt = bigger;
	}
	size_t j = hash_key(key) & (kt->cap - 1);
	while (kt->slots[j].key && strcmp(kt->slots[j].key, key))
		j = (j + 1) & (kt->cap - 1);
	struct key_stats *k = &kt->slots[j];
	if (!k->key) {
		k->key = xstrdup(key);
		k->last_product = -1;
		kt->n++;
	}
	return k;
}

/* Reads every attribute row once, in the table's order (by product, then
 * key), which is sequential on disk: a pass by key would look each row's
 * `hidden` up at random. A product's rows of one key are adjacent, so
 * counting products is counting changes of product. */
static int gather(catalog *c, const struct measure_units *u, struct key_table *kt, char **err)
{
	sqlite3_stmt *st = catalog_prepare(
		c, "SELECT product_id, key, value, hidden FROM attributes", err);
	if (!st)
		return -1;
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t product = sqlite3_column_int64(st, 0);
		struct key_stats *k = key_slot(kt, (const char *)sqlite3_column_text(st, 1));
		k->rows++;
		k->hidden += sqlite3_column_int(st, 3) != 0;
		if (product != k->last_product) {
			k->products++;
			k->last_product = product;
		}
		if (k->t.n < SAMPLE)
			count_value(&k->t, u, (const char *)sqlite3_column_text(st, 2));
	}
	sqlite3_finalize(st);
	if (step != SQLITE_DONE)
		return catalog_fail(c, err, "reading the attributes");
	return 0;
}

static int store_key(catalog *c, sqlite3_stmt *ins, const struct key_stats *k, struct buf *words,
                     char **err)
{
	buf_reset(words);
	fieldname_words(k->key, strlen(k->key), words);
	const char *noise;
	enum attr_kind kind = classify(words->s, &k->t, k->rows > k->products, &noise);
	/* Rows the importer hid for where they sat (an image's width): the
	 * key is theirs when most of its rows are. */
	if (kind != ATTR_HIDDEN && 2 * k->hidden > k->rows) {
		kind = ATTR_HIDDEN;
		noise = NULL;
	}
	int dim = kind == ATTR_HIDDEN ? -1 : main_dimension(&k->t);
	sqlite3_reset(ins);
	catalog_bind_text(ins, 1, k->key);
	catalog_bind_text(ins, 2, words->len ? words->s : k->key);
	catalog_bind_text(ins, 3, attr_kind_name(kind));
	catalog_bind_text(ins, 4, dim >= 0 ? k->t.dims[dim].unit : NULL);
	catalog_bind_text(ins, 5, dim >= 0 ? k->t.dims[dim].dimension : NULL);
	catalog_bind_text(ins, 6, noise);
	sqlite3_bind_int64(ins, 7, k->products);
	if (sqlite3_step(ins) != SQLITE_DONE)
		return catalog_fail(c, err, "storing an attribute key");
	return 0;
}

int attr_keys_refresh(catalog *c, const struct measure_units *u, char **err)
{
	sqlite3_stmt *ins = NULL;
	struct key_table kt = {0};
	struct buf words;
	int rc = -1;
	buf_init(&words);
	if (sqlite3_exec(c->db, "DELETE FROM attribute_keys", NULL, NULL, NULL) != SQLITE_OK) {
		catalog_fail(c, err, "clearing the attribute keys");
		goto cleanup;
	}
	ins = catalog_prepare(c,
	                      "INSERT INTO attribute_keys (key, label, kind, unit, dimension, noise,"
	                      " products) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	                      err);
	if (!ins || gather(c, u, &kt, err) < 0)
		goto cleanup;
	for (size_t i = 0; i < kt.cap; i++)
		if (kt.slots[i].key && store_key(c, ins, &kt.slots[i], &words, err) < 0)
			goto cleanup;
	rc = 0;
cleanup:
	for (size_t i = 0; i < kt.cap; i++)
		free(kt.slots[i].key);
	free(kt.slots);
	sqlite3_finalize(ins);
	buf_release(&words);
	return rc;
}

int attr_keys_ensure(catalog *c, const struct measure_units *u, char **err)
{
	sqlite3_stmt *st = catalog_prepare(
		c,
		"SELECT EXISTS (SELECT 1 FROM attributes)"
		" AND NOT EXISTS (SELECT 1 FROM attribute_keys)",
		err);
	if (!st)
		return -1;
	int step = sqlite3_step(st);
	bool stale = step == SQLITE_ROW && sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (step != SQLITE_ROW)
		return catalog_fail(c, err, "reading the attribute keys");
	if (!stale)
		return 0;
	if (catalog_begin(c, err) < 0)
		return -1;
	if (attr_keys_refresh(c, u, err) < 0) {
		catalog_rollback(c);
		return -1;
	}
	return catalog_commit(c, err);
}

int attr_keys_load(catalog *c, struct attr_key **out, size_t *n, char **err)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = catalog_prepare(
		c,
		"SELECT key, label, kind, unit, dimension, noise, products FROM attribute_keys"
		" ORDER BY products DESC, key",
		err);
	if (!st)
		return -1;
	size_t cap = 0;
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		*out = xgrow(*out, &cap, *n + 1, sizeof **out);
		struct attr_key *k = &(*out)[(*n)++];
		k->key = catalog_column_dup(st, 0);
		k->label = catalog_column_dup(st, 1);
		k->kind = kind_by_name((const char *)sqlite3_column_text(st, 2));
		k->unit = catalog_column_dup(st, 3);
		k->dimension = catalog_column_dup(st, 4);
		k->noise = catalog_column_dup(st, 5);
		k->products = sqlite3_column_int64(st, 6);
	}
	sqlite3_finalize(st);
	if (step != SQLITE_DONE) {
		attr_keys_free(*out, *n);
		*out = NULL;
		*n = 0;
		return catalog_fail(c, err, "reading the attribute keys");
	}
	return 0;
}

void attr_keys_free(struct attr_key *keys, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(keys[i].key);
		free(keys[i].label);
		free(keys[i].unit);
		free(keys[i].dimension);
		free(keys[i].noise);
	}
	free(keys);
}

int attr_key_values(catalog *c, const char *key, size_t max, char ***out, size_t *n, char **err)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = catalog_prepare(
		c,
		"SELECT value FROM attributes WHERE key = ?1 AND hidden = 0"
		" GROUP BY value ORDER BY count(*) DESC, value LIMIT ?2",
		err);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)(max > INT64_MAX ? INT64_MAX : max));
	size_t cap = 0;
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		*out = xgrow(*out, &cap, *n + 1, sizeof **out);
		(*out)[(*n)++] = catalog_column_dup(st, 0);
	}
	sqlite3_finalize(st);
	if (step != SQLITE_DONE) {
		attr_values_free(*out, *n);
		*out = NULL;
		*n = 0;
		return catalog_fail(c, err, "reading the values of an attribute key");
	}
	return 0;
}

void attr_values_free(char **values, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(values[i]);
	free(values);
}
