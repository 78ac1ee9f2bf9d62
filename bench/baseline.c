/*
 * baseline.c: the plain FTS5 yardstick (see baseline.h).
 */
#include "bench/baseline.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/store/catalog_int.h"
#include "common/buf.h"
#include "common/xalloc.h"

/* The baseline lives in its own table of the database it measures (only
 * bench databases have one), so a big one is built once and reused. */
int baseline_build(catalog *c, char **err)
{
	static const char create[] =
		"CREATE VIRTUAL TABLE IF NOT EXISTS baseline_fts USING fts5(name, brand, category,"
		"  description, tokenize='porter unicode61 remove_diacritics 2')";
	static const char fill[] =
		"DELETE FROM baseline_fts;"
		"INSERT INTO baseline_fts (rowid, name, brand, category, description)"
		"  SELECT p.id, p.name, coalesce(b.name, ''), coalesce(cat.path, ''), p.description"
		"  FROM products p LEFT JOIN brands b ON b.id = p.brand_id"
		"  LEFT JOIN categories cat ON cat.id = p.category_id;";
	if (sqlite3_exec(c->db, create, NULL, NULL, NULL) != SQLITE_OK)
		return catalog_fail(c, err, "creating the baseline index");
	sqlite3_stmt *st = catalog_prepare(
		c, "SELECT (SELECT count(*) FROM baseline_fts) = (SELECT count(*) FROM products)", err);
	if (!st)
		return -1;
	bool current = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (current)
		return 0;
	if (catalog_begin(c, err) < 0)
		return -1;
	if (sqlite3_exec(c->db, fill, NULL, NULL, NULL) != SQLITE_OK) {
		catalog_fail(c, err, "building the baseline index");
		catalog_rollback(c);
		return -1;
	}
	return catalog_commit(c, err);
}

/* The query's words, each quoted, ORed: what a plain FTS5 search does. */
static char *or_words(const char *text)
{
	struct buf b;
	buf_init(&b);
	const unsigned char *p = (const unsigned char *)text;
	while (*p) {
		while (*p && !(isalnum(*p) || *p >= 0x80))
			p++;
		const unsigned char *start = p;
		while (*p && (isalnum(*p) || *p >= 0x80))
			p++;
		if (p > start) {
			if (b.len)
				buf_adds(&b, " OR ");
			buf_addc(&b, '"');
			buf_add(&b, start, (size_t)(p - start));
			buf_addc(&b, '"');
		}
	}
	return buf_detach(&b);
}

int baseline_search(catalog *c, const char *text, size_t limit, int64_t *rowids, size_t *n,
                    char **err)
{
	*n = 0;
	char *expr = or_words(text);
	int rc = -1;
	sqlite3_stmt *st = NULL;
	if (!*expr) {
		rc = 0;
		goto cleanup;
	}
	st = catalog_prepare(c,
	                     "SELECT rowid FROM baseline_fts WHERE baseline_fts MATCH ?1"
	                     " ORDER BY rank LIMIT ?2",
	                     err);
	if (!st)
		goto cleanup;
	sqlite3_bind_text(st, 1, expr, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)limit);
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW && *n < limit)
		rowids[(*n)++] = sqlite3_column_int64(st, 0);
	if (step != SQLITE_DONE && step != SQLITE_ROW) {
		catalog_fail(c, err, "baseline search");
		goto cleanup;
	}
	rc = 0;
cleanup:
	sqlite3_finalize(st);
	free(expr);
	return rc;
}
