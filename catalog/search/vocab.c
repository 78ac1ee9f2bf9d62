/*
 * vocab.c: reading the vocabularies at a cost that does not grow with the
 * number of products.
 */
#include "catalog/search/vocab.h"

#include <stdlib.h>
#include <string.h>

#include "catalog/store/catalog_int.h"
#include "common/xalloc.h"

static int load_list(catalog *c, const char *sql, size_t limit, char ***out, size_t *n,
                     char **err)
{
	sqlite3_stmt *st = catalog_prepare(c, sql, err);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)limit);
	size_t cap = 0;
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const unsigned char *s = sqlite3_column_text(st, 0);
		if (!s || !*s)
			continue;
		*out = xgrow(*out, &cap, *n + 1, sizeof **out);
		(*out)[(*n)++] = xstrdup((const char *)s);
	}
	sqlite3_finalize(st);
	return step == SQLITE_DONE ? 0 : catalog_fail(c, err, "reading the vocabulary");
}

int vocab_load(catalog *c, size_t limit, struct vocab *v, char **err)
{
	memset(v, 0, sizeof *v);
	struct {
		const char *sql;
		char ***list;
		size_t *n;
	} lists[] = {
		/* Start-up reads these on every launch, so none may scan the
		 * products: brands and categories are small tables, and the
		 * distinct attribute values are walked one index seek each. */
		{"SELECT name FROM brands ORDER BY id LIMIT ?1", &v->brands, &v->n_brands},
		{"SELECT name FROM categories GROUP BY name COLLATE NOCASE"
		 " ORDER BY min(depth), min(id) LIMIT ?1",
		 &v->categories, &v->n_categories},
		{"WITH RECURSIVE c(v) AS (SELECT min(value) FROM attributes WHERE key = 'color'"
		 " UNION ALL SELECT (SELECT min(value) FROM attributes WHERE key = 'color'"
		 " AND value > c.v) FROM c WHERE c.v IS NOT NULL LIMIT ?1)"
		 " SELECT v FROM c WHERE v IS NOT NULL",
		 &v->colors, &v->n_colors},
		{"WITH RECURSIVE c(v) AS (SELECT min(value) FROM attributes WHERE key = 'material'"
		 " UNION ALL SELECT (SELECT min(value) FROM attributes WHERE key = 'material'"
		 " AND value > c.v) FROM c WHERE c.v IS NOT NULL LIMIT ?1)"
		 " SELECT v FROM c WHERE v IS NOT NULL",
		 &v->materials, &v->n_materials},
	};
	for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
		if (load_list(c, lists[i].sql, limit, lists[i].list, lists[i].n, err) < 0) {
			vocab_release(v);
			return -1;
		}
	}
	return 0;
}

static void free_list(char **l, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(l[i]);
	free(l);
}

void vocab_release(struct vocab *v)
{
	if (!v)
		return;
	free_list(v->brands, v->n_brands);
	free_list(v->categories, v->n_categories);
	free_list(v->colors, v->n_colors);
	free_list(v->materials, v->n_materials);
	memset(v, 0, sizeof *v);
}
