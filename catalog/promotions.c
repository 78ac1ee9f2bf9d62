/*
 * promotions.c: loading and listing promotions.
 */
#include "catalog/promotions.h"

#include <stdlib.h>
#include <string.h>

#include "catalog/catalog_int.h"
#include "catalog/csvrows.h"
#include "common/xalloc.h"

enum { P_CODE, P_DESC, P_KIND, P_VALUE, P_BRAND, P_CATEGORY, P_MIN, P_START, P_END, P_N };

static const char *const columns[P_N] = {"code",     "description", "kind",
                                         "value",    "brand",       "category",
                                         "min_total", "starts_at",  "ends_at"};

struct load {
	catalog *c;
	sqlite3_stmt *insert;
	int col[P_N];
};

static const char *field(const struct load *l, char **f, size_t n, int which)
{
	int k = l->col[which];
	return k >= 0 && (size_t)k < n && *f[k] ? f[k] : NULL;
}

static int row(void *ctx, char **f, size_t n, size_t line, char **err)
{
	struct load *l = ctx;
	if (line == 1) {
		for (int i = 0; i < P_N; i++)
			l->col[i] = csvrows_column(f, n, columns[i]);
		if (l->col[P_DESC] < 0 || l->col[P_KIND] < 0) {
			if (err)
				*err = xstrdup("promotions: the header needs description and kind");
			return -1;
		}
		return 0;
	}
	sqlite3_stmt *st = l->insert;
	sqlite3_reset(st);
	const char *min = field(l, f, n, P_MIN);
	const char *value = field(l, f, n, P_VALUE);
	catalog_bind_text(st, 1, field(l, f, n, P_CODE));
	catalog_bind_text(st, 2, field(l, f, n, P_DESC));
	catalog_bind_text(st, 3, field(l, f, n, P_KIND));
	sqlite3_bind_double(st, 4, value ? strtod(value, NULL) : 0);
	catalog_bind_text(st, 5, field(l, f, n, P_BRAND));
	catalog_bind_text(st, 6, field(l, f, n, P_CATEGORY));
	sqlite3_bind_int64(st, 7, min ? (int64_t)(strtod(min, NULL) * 100 + 0.5) : 0);
	catalog_bind_text(st, 8, field(l, f, n, P_START));
	catalog_bind_text(st, 9, field(l, f, n, P_END));
	if (sqlite3_step(st) != SQLITE_DONE) {
		char *what = xasprintf("promotions line %zu", line);
		catalog_fail(l->c, err, what);
		free(what);
		return -1;
	}
	return 0;
}

int promotions_import(catalog *c, const char *path, char **err)
{
	struct load l = {c, NULL, {0}};
	if (catalog_begin(c, err) < 0)
		return -1;
	/* A category may be named by its full path or by its last level. */
	l.insert = catalog_prepare(
	        c, "INSERT OR REPLACE INTO promotions (code, description, kind, value, brand_id,"
	           " category_id, min_total_cents, starts_at, ends_at) VALUES (?1, ?2, ?3, ?4,"
	           " (SELECT id FROM brands WHERE name = ?5),"
	           " (SELECT id FROM categories WHERE path = ?6 OR name = ?6 COLLATE NOCASE"
	           "  ORDER BY depth LIMIT 1), ?7, ?8, ?9)", err);
	int rc = l.insert ? csvrows_each(path, row, &l, err) : -1;
	sqlite3_finalize(l.insert);
	if (rc == 0)
		rc = catalog_commit(c, err);
	if (rc < 0)
		catalog_rollback(c);
	return rc;
}

static char *dup_col(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);
	return s ? xstrdup((const char *)s) : NULL;
}

int promotions_active(catalog *c, const char *date, struct promotion **out, size_t *n,
                      char **err)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = catalog_prepare(
	        c, "SELECT p.code, p.description, p.kind, p.value, b.name, cat.path,"
	           " p.min_total_cents, p.ends_at FROM promotions p"
	           " LEFT JOIN brands b ON b.id = p.brand_id"
	           " LEFT JOIN categories cat ON cat.id = p.category_id"
	           " WHERE (p.starts_at IS NULL OR substr(p.starts_at, 1, 10) <= ?1)"
	           " AND (p.ends_at IS NULL OR substr(p.ends_at, 1, 10) >= ?1)"
	           " ORDER BY p.ends_at IS NULL, p.ends_at, p.id", err);
	if (!st)
		return -1;
	catalog_bind_text(st, 1, date);
	size_t cap = 0;
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		*out = xgrow(*out, &cap, *n + 1, sizeof **out);
		struct promotion *p = &(*out)[(*n)++];
		p->code = dup_col(st, 0);
		p->description = dup_col(st, 1);
		p->kind = dup_col(st, 2);
		p->value = sqlite3_column_double(st, 3);
		p->brand = dup_col(st, 4);
		p->category = dup_col(st, 5);
		p->min_total_cents = sqlite3_column_int64(st, 6);
		p->ends_at = dup_col(st, 7);
	}
	sqlite3_finalize(st);
	if (step != SQLITE_DONE) {
		promotions_free(*out, *n);
		*out = NULL;
		*n = 0;
		return catalog_fail(c, err, "listing promotions");
	}
	return 0;
}

void promotions_free(struct promotion *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(p[i].code);
		free(p[i].description);
		free(p[i].kind);
		free(p[i].brand);
		free(p[i].category);
		free(p[i].ends_at);
	}
	free(p);
}
