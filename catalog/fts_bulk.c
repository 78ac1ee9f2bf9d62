/*
 * fts_bulk.c: put off FTS5's merges during a bulk write, merge once at the
 * end.
 *
 * Measured on 1,000,000 generated products (bench/import.sh, both runs at
 * once on a shared machine): the writer thread's CPU went from 57.1 to
 * 53.4 s, the merge at the end taking 5.6 s of it, and the database from
 * 864 to 894 MB (the merged-away segments leave free pages). Searches then
 * read one segment instead of several.
 */
#include "catalog/fts_bulk.h"

#include "catalog/catalog_int.h"

/* FTS5's own defaults, used when the catalog never set a value. */
#define FTS5_AUTOMERGE_DEFAULT 4
#define FTS5_CRISISMERGE_DEFAULT 16
/* Level-0 segments allowed to pile up before FTS5 must merge them (a
 * million products make a few hundred). Half of FTS5's limit of 2000
 * segments in all, so that a merge always has room for its output. */
#define BULK_CRISISMERGE 1000

/* The stored value of an FTS5 setting, or fallback when none is stored. */
static int read_setting(catalog *c, const char *key, int fallback, int *out, char **err)
{
	sqlite3_stmt *st = catalog_prepare(c, "SELECT v FROM product_fts_config WHERE k = ?1", err);
	if (!st)
		return -1;
	catalog_bind_text(st, 1, key);
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
	catalog_bind_text(st, 1, key);
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

int fts_bulk_begin(catalog *c, struct fts_bulk *b, char **err)
{
	bool empty;
	b->active = false;
	if (catalog_is_empty(c, &empty, err) < 0)
		return -1;
	if (!empty)
		return 0;
	if (read_setting(c, "automerge", FTS5_AUTOMERGE_DEFAULT, &b->automerge, err) < 0 ||
	    read_setting(c, "crisismerge", FTS5_CRISISMERGE_DEFAULT, &b->crisismerge, err) < 0)
		return -1;
	if (write_setting(c, "automerge", 0, err) < 0 ||
	    write_setting(c, "crisismerge", BULK_CRISISMERGE, err) < 0)
		return -1;
	b->active = true;
	return 0;
}

int fts_bulk_finish(catalog *c, struct fts_bulk *b, char **err)
{
	if (!b->active)
		return 0;
	b->active = false;
	sqlite3_stmt *st =
		catalog_prepare(c, "INSERT INTO product_fts (product_fts) VALUES ('optimize')", err);
	if (!st)
		return -1;
	int step = sqlite3_step(st);
	sqlite3_finalize(st);
	if (step != SQLITE_DONE)
		return catalog_fail(c, err, "merging the search index");
	if (write_setting(c, "automerge", b->automerge, err) < 0 ||
	    write_setting(c, "crisismerge", b->crisismerge, err) < 0)
		return -1;
	return 0;
}
