/*
 * side_tables.c: one loader for every side table: a table names its
 * columns (the first n_required must be in the header) and the statement
 * that stores a row, which takes each column as text, NULL when empty,
 * in the order named; the SQL converts numbers itself.
 */
#include "catalog/import/side_tables.h"

#include <stdlib.h>

#include "catalog/import/csvrows.h"
#include "catalog/store/catalog_int.h"
#include "common/xalloc.h"

#define MAX_COLUMNS 9

struct side_table {
	const char *name;
	const char *const *columns;
	size_t n_columns;
	size_t n_required;
	const char *sql;
};

struct load {
	catalog *c;
	const struct side_table *table;
	sqlite3_stmt *insert;
	int col[MAX_COLUMNS];
};

static int row(void *ctx, char **f, size_t n, size_t line, char **err)
{
	struct load *l = ctx;
	const struct side_table *t = l->table;
	if (line == 1) {
		for (size_t i = 0; i < t->n_columns; i++) {
			l->col[i] = csvrows_column(f, n, t->columns[i]);
			if (i < t->n_required && l->col[i] < 0) {
				if (err)
					*err = xasprintf("%s: the header has no %s column", t->name,
					                 t->columns[i]);
				return -1;
			}
		}
		return 0;
	}
	sqlite3_reset(l->insert);
	for (size_t i = 0; i < t->n_columns; i++) {
		int k = l->col[i];
		catalog_bind_text(l->insert, (int)i + 1, k >= 0 && (size_t)k < n && *f[k] ? f[k] : NULL);
	}
	if (sqlite3_step(l->insert) != SQLITE_DONE) {
		char *what = xasprintf("%s line %zu", t->name, line);
		catalog_fail(l->c, err, what);
		free(what);
		return -1;
	}
	return 0;
}

static int load(catalog *c, const struct side_table *t, const char *path, char **err)
{
	struct load l = {.c = c, .table = t};
	if (catalog_begin(c, err) < 0)
		return -1;
	l.insert = catalog_prepare(c, t->sql, err);
	int rc = l.insert ? csvrows_each(path, row, &l, err) : -1;
	sqlite3_finalize(l.insert);
	if (rc == 0)
		rc = catalog_commit(c, err);
	if (rc < 0)
		catalog_rollback(c);
	return rc;
}

static const char *const shipment_columns[] = {"order_id", "at", "status", "location"};

static const struct side_table shipments = {
	"shipments", shipment_columns, 4, 3,
	"INSERT INTO shipments (order_id, at, status, location)"
	" SELECT id, ?2, ?3, ?4 FROM orders WHERE source_id = ?1"
	" AND ?2 IS NOT NULL AND ?3 IS NOT NULL",
};

/* description and kind are required: code may be empty (an automatic offer). */
static const char *const promotion_columns[] = {"description", "kind",      "code",
                                                "value",       "brand",     "category",
                                                "min_total",   "starts_at", "ends_at"};

/* A category may be named by its full path or by its last level. */
static const struct side_table promotions = {
	"promotions", promotion_columns, 9, 2,
	"INSERT OR REPLACE INTO promotions (code, description, kind, value, brand_id,"
	" category_id, min_total_cents, starts_at, ends_at) VALUES (?3, ?1, ?2,"
	" coalesce(CAST(?4 AS REAL), 0),"
	" (SELECT id FROM brands WHERE name = ?5),"
	" (SELECT id FROM categories WHERE path = ?6 OR name = ?6 COLLATE NOCASE"
	"  ORDER BY depth LIMIT 1),"
	" coalesce(CAST(round(CAST(?7 AS REAL) * 100) AS INTEGER), 0), ?8, ?9)",
};

int import_shipments(catalog *c, const char *path, char **err)
{
	return load(c, &shipments, path, err);
}

int import_promotions(catalog *c, const char *path, char **err)
{
	return load(c, &promotions, path, err);
}
