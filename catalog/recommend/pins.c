/*
 * pins.c: the recommend_pins table. A pin's anchor and category are NULL
 * when absent; "IS" compares them, so a pin without either is found too.
 */
#include "catalog/recommend/pins.h"

#include <stdlib.h>

#include "catalog/store/catalog_int.h"
#include "common/xalloc.h"

/* Looks up a product by source id (or a category by path); 0 when absent. */
static int lookup(catalog *c, const char *sql, const char *what, const char *key, int64_t *out,
                  char **err)
{
	*out = 0;
	if (!key)
		return 0;
	sqlite3_stmt *st = catalog_prepare(c, sql, err);
	if (!st)
		return -1;
	catalog_bind_text(st, 1, key);
	int step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return catalog_fail(c, err, "looking up a pin");
	if (step == SQLITE_DONE && err)
		*err = xasprintf("no such %s: %s", what, key);
	return step == SQLITE_ROW ? 0 : -1;
}

static const char product_sql[] = "SELECT id FROM products WHERE source_id = ?1";
static const char category_sql[] = "SELECT id FROM categories WHERE path = ?1";

static int resolve(catalog *c, const char *product, const char *anchor, const char *category,
                   int64_t ids[3], char **err)
{
	if (lookup(c, product_sql, "product", product, &ids[0], err) < 0 ||
	    lookup(c, product_sql, "product", anchor, &ids[1], err) < 0 ||
	    lookup(c, category_sql, "category", category, &ids[2], err) < 0)
		return -1;
	return 0;
}

static void bind_opt(sqlite3_stmt *st, int idx, int64_t v)
{
	if (v)
		sqlite3_bind_int64(st, idx, v);
	else
		sqlite3_bind_null(st, idx);
}

static int change(catalog *c, const char *sql, const int64_t ids[3], int position, char **err)
{
	sqlite3_stmt *st = catalog_prepare(c, sql, err);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, ids[0]);
	bind_opt(st, 2, ids[1]);
	bind_opt(st, 3, ids[2]);
	sqlite3_bind_int(st, 4, position);
	int step = sqlite3_step(st);
	sqlite3_finalize(st);
	return step == SQLITE_DONE ? 0 : catalog_fail(c, err, "storing a pin");
}

int pins_add(catalog *c, const char *product, const char *anchor, const char *category,
             int position, char **err)
{
	int64_t ids[3];
	if (catalog_begin(c, err) < 0)
		return -1;
	if (resolve(c, product, anchor, category, ids, err) < 0 ||
	    change(c, "DELETE FROM recommend_pins WHERE product_id = ?1 AND anchor_product_id IS ?2"
	              " AND category_id IS ?3 AND ?4 = ?4", ids, position, err) < 0 ||
	    change(c, "INSERT INTO recommend_pins (product_id, anchor_product_id, category_id,"
	              " position) VALUES (?1, ?2, ?3, ?4)", ids, position, err) < 0) {
		catalog_rollback(c);
		return -1;
	}
	return catalog_commit(c, err);
}

int pins_remove(catalog *c, const char *product, const char *anchor, const char *category,
                char **err)
{
	int64_t ids[3];
	if (resolve(c, product, anchor, category, ids, err) < 0)
		return -1;
	return change(c, "DELETE FROM recommend_pins WHERE product_id = ?1 AND anchor_product_id IS ?2"
	                 " AND category_id IS ?3 AND ?4 = ?4", ids, 0, err);
}

static char *dup_or_null(sqlite3_stmt *st, int col)
{
	const unsigned char *s = sqlite3_column_text(st, col);
	return s ? xstrdup((const char *)s) : NULL;
}

int pins_list(catalog *c, struct pin **out, size_t *n, char **err)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = catalog_prepare(
	        c, "SELECT p.source_id, a.source_id, k.path, n.position FROM recommend_pins n"
	           " JOIN products p ON p.id = n.product_id"
	           " LEFT JOIN products a ON a.id = n.anchor_product_id"
	           " LEFT JOIN categories k ON k.id = n.category_id ORDER BY n.position, n.id", err);
	if (!st)
		return -1;
	size_t cap = 0;
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		*out = xgrow(*out, &cap, *n + 1, sizeof **out);
		(*out)[(*n)++] = (struct pin){dup_or_null(st, 0), dup_or_null(st, 1), dup_or_null(st, 2),
		                              sqlite3_column_int(st, 3)};
	}
	sqlite3_finalize(st);
	if (step != SQLITE_DONE) {
		pins_free(*out, *n);
		*out = NULL;
		*n = 0;
		return catalog_fail(c, err, "reading pins");
	}
	return 0;
}

void pins_free(struct pin *p, size_t n)
{
	if (!p)
		return;
	for (size_t i = 0; i < n; i++) {
		free(p[i].product);
		free(p[i].anchor);
		free(p[i].category);
	}
	free(p);
}
