/*
 * vocab.c: reading the vocabularies, most frequent first so a limit keeps
 * the words shoppers are likeliest to use.
 */
#include "catalog/vocab.h"

#include <stdlib.h>
#include <string.h>

#include "catalog/catalog_int.h"
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
		{"SELECT b.name FROM brands b JOIN products p ON p.brand_id = b.id"
		 " GROUP BY b.id ORDER BY count(*) DESC LIMIT ?1",
		 &v->brands, &v->n_brands},
		{"SELECT name FROM categories GROUP BY name COLLATE NOCASE"
		 " ORDER BY count(*) DESC, min(depth) LIMIT ?1",
		 &v->categories, &v->n_categories},
		{"SELECT value FROM attributes WHERE key = 'color' GROUP BY value COLLATE NOCASE"
		 " ORDER BY count(*) DESC LIMIT ?1",
		 &v->colors, &v->n_colors},
		{"SELECT value FROM attributes WHERE key = 'material' GROUP BY value COLLATE NOCASE"
		 " ORDER BY count(*) DESC LIMIT ?1",
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
