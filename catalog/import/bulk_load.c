/*
 * bulk_load.c: drop secondary indexes and put off FTS5's merges during a
 * first import; build and merge each once at the end.
 *
 * Measured on 1,000,000 generated products (bench/import.sh, two builds
 * run at once on a shared machine): putting off the merges took the writer
 * thread's CPU from 57.1 to 53.4 s, the merge at the end taking 5.6 s of
 * it, and the database from 864 to 894 MB (the merged-away segments leave
 * free pages); searches then read one segment instead of several. Building
 * the four secondary indexes at the end took it from 50.2 to 43.6 s (and
 * the database to 890 MB).
 */
#include "catalog/import/bulk_load.h"

#include <stdlib.h>

#include "catalog/store/catalog_int.h"
#include "common/xalloc.h"

/* FTS5's own defaults, used when the catalog never set a value. */
#define FTS5_AUTOMERGE_DEFAULT 4
#define FTS5_CRISISMERGE_DEFAULT 16
/* Level-0 segments allowed to pile up before FTS5 must merge them (a
 * million products make a few hundred). Half of FTS5's limit of 2000
 * segments in all, so that a merge always has room for its output. */
#define BULK_CRISISMERGE 1000

/* The non-unique indexes made by CREATE INDEX on the tables an import
 * fills row by row; the indexes behind UNIQUE and PRIMARY KEY stay. */
#define BULK_INDEXES                                                              \
	"SELECT s.name, s.sql FROM sqlite_schema s"                               \
	" JOIN pragma_index_list(s.tbl_name) l ON l.name = s.name"                \
	" WHERE s.type = 'index' AND s.tbl_name IN ('products', 'attributes')"    \
	" AND l.\"unique\" = 0 AND l.origin = 'c' AND s.sql IS NOT NULL"           \
	" ORDER BY s.name"

static int exec(catalog *c, const char *sql, const char *what, char **err)
{
	if (sqlite3_exec(c->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return catalog_fail(c, err, what);
	return 0;
}

/* Binds a setting's name, a string constant: SQLITE_STATIC, so the bind
 * makes no copy and cannot fail for want of memory. Had it failed, the
 * key would be NULL, and an FTS5 command row whose command is NULL is an
 * ordinary insert: a document that is in no table (test_fault found it). */
static int bind_key(catalog *c, sqlite3_stmt *st, const char *key, char **err)
{
	if (sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC) != SQLITE_OK)
		return catalog_fail(c, err, "naming a setting of the search index");
	return 0;
}

/* The stored value of an FTS5 setting, or fallback when none is stored. */
static int read_setting(catalog *c, const char *key, int fallback, int *out, char **err)
{
	sqlite3_stmt *st = catalog_prepare(c, "SELECT v FROM product_fts_config WHERE k = ?1", err);
	if (!st)
		return -1;
	if (bind_key(c, st, key, err) < 0) {
		sqlite3_finalize(st);
		return -1;
	}
	int step = sqlite3_step(st);
	*out = step == SQLITE_ROW ? sqlite3_column_int(st, 0) : fallback;
	sqlite3_finalize(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return catalog_fail(c, err, "reading the search index's settings");
	return 0;
}

static int write_setting(catalog *c, const char *key, int value, char **err)
{
	sqlite3_stmt *st = catalog_prepare(
		c, "INSERT INTO product_fts (product_fts, rank) VALUES (?1, ?2)", err);
	if (!st)
		return -1;
	if (bind_key(c, st, key, err) < 0) {
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_bind_int(st, 2, value);
	int step = sqlite3_step(st);
	sqlite3_finalize(st);
	if (step != SQLITE_DONE)
		return catalog_fail(c, err, "changing the search index's settings");
	return 0;
}

static int catalog_is_empty(catalog *c, bool *empty, char **err)
{
	sqlite3_stmt *st = catalog_prepare(c, "SELECT NOT EXISTS (SELECT 1 FROM products)", err);
	if (!st)
		return -1;
	int step = sqlite3_step(st);
	*empty = step == SQLITE_ROW && sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (step != SQLITE_ROW)
		return catalog_fail(c, err, "counting the products");
	return 0;
}

/* Drops the indexes of BULK_INDEXES, keeping their SQL in b. The names are
 * read first: a table cannot be changed while a statement reads the
 * schema. */
static int drop_indexes(catalog *c, struct bulk_load *b, char **err)
{
	char **names = NULL;
	size_t cap = 0, n = 0;
	int rc = -1;
	sqlite3_stmt *st = catalog_prepare(c, BULK_INDEXES, err);
	if (!st)
		goto cleanup;
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		size_t cap_sql = cap;
		names = xgrow(names, &cap, n + 1, sizeof *names);
		b->index_sql = xgrow(b->index_sql, &cap_sql, n + 1, sizeof *b->index_sql);
		names[n] = xstrdup((const char *)sqlite3_column_text(st, 0));
		b->index_sql[n] = xstrdup((const char *)sqlite3_column_text(st, 1));
		n++;
		b->n_index = n;
	}
	if (step != SQLITE_DONE) {
		catalog_fail(c, err, "listing the indexes");
		goto cleanup;
	}
	for (size_t i = 0; i < n; i++) {
		/* sqlite3_exec() takes NULL for "" and does nothing: an
		 * index left in place would fail its CREATE at the end. */
		char *sql = sqlite3_mprintf("DROP INDEX \"%w\"", names[i]);
		int r = sql ? exec(c, sql, "dropping an index for the import", err)
		            : (*err = xstrdup("dropping an index for the import: out of memory"), -1);
		sqlite3_free(sql);
		if (r < 0)
			goto cleanup;
	}
	rc = 0;
cleanup:
	sqlite3_finalize(st);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

int bulk_load_begin(catalog *c, struct bulk_load *b, char **err)
{
	bool empty;
	*b = (struct bulk_load){0};
	if (catalog_is_empty(c, &empty, err) < 0)
		return -1;
	if (!empty)
		return 0;
	if (read_setting(c, "automerge", FTS5_AUTOMERGE_DEFAULT, &b->automerge, err) < 0 ||
	    read_setting(c, "crisismerge", FTS5_CRISISMERGE_DEFAULT, &b->crisismerge, err) < 0 ||
	    drop_indexes(c, b, err) < 0 || write_setting(c, "automerge", 0, err) < 0 ||
	    write_setting(c, "crisismerge", BULK_CRISISMERGE, err) < 0)
		return -1;
	b->active = true;
	return 0;
}

int bulk_load_finish(catalog *c, struct bulk_load *b, char **err)
{
	if (!b->active)
		return 0;
	b->active = false;
	for (size_t i = 0; i < b->n_index; i++)
		if (exec(c, b->index_sql[i], "building an index", err) < 0)
			return -1;
	if (exec(c, "INSERT INTO product_fts (product_fts) VALUES ('optimize')",
	         "merging the search index", err) < 0 ||
	    write_setting(c, "automerge", b->automerge, err) < 0 ||
	    write_setting(c, "crisismerge", b->crisismerge, err) < 0)
		return -1;
	return 0;
}

void bulk_load_release(struct bulk_load *b)
{
	for (size_t i = 0; i < b->n_index; i++)
		free(b->index_sql[i]);
	free(b->index_sql);
	*b = (struct bulk_load){0};
}
