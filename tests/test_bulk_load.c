/* Unit tests for catalog/bulk_load.c, through import_run() and directly: a
 * first import leaves the same indexes, consistent with their tables, one
 * full-text segment and the merge settings as they were; a later import,
 * or a failed one, changes none of them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog/store/catalog_int.h"
#include "catalog/import/bulk_load.h"
#include "catalog/import/import.h"
#include "common/buf.h"
#include "tests/catalog_fixture.h"

/* A stored FTS5 setting, or -1 when none is stored. */
static int64_t setting(catalog *c, const char *key)
{
	char sql[128];
	snprintf(sql, sizeof sql,
	         "SELECT coalesce((SELECT v FROM product_fts_config WHERE k = '%s'), -1)", key);
	return scalar(c, sql);
}

/* Segments of the index: each has its own segid in product_fts_idx. */
static int64_t segments(catalog *c)
{
	return scalar(c, "SELECT count(DISTINCT segid) FROM product_fts_idx");
}

/* The indexes of products and attributes with their SQL, one line each. */
static char *index_list(catalog *c)
{
	sqlite3_stmt *st = catalog_prepare(
		c, "SELECT group_concat(name || ': ' || sql, char(10)) FROM (SELECT name, sql"
		   " FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL"
		   " AND tbl_name IN ('products', 'attributes') ORDER BY name)", NULL);
	assert_non_null(st);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	char *s = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return s;
}

/* Every index holds exactly its table's rows. */
static void assert_consistent(catalog *c)
{
	sqlite3_stmt *st = catalog_prepare(c, "PRAGMA integrity_check", NULL);
	assert_non_null(st);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "ok");
	sqlite3_finalize(st);
}

/* A CSV of rows [first, first + n), the row `bad` (if in range) with a
 * rating out of range. Heap path; the caller unlinks and frees it. */
static char *products_csv(size_t first, size_t n, size_t bad)
{
	struct buf b;
	buf_init(&b);
	buf_adds(&b, "id,name,description,rating,price,brand,category,features\n");
	for (size_t i = first; i < first + n; i++)
		buf_printf(&b,
		           "P%zu,Kettle %zu,A steel kettle of %zu liters with word%zu,%d,%zu.50,"
		           "Brand%zu,Kitchen > Kettles %zu,volume:%zu l; finish:steel\n",
		           i, i, i % 7, i, i == bad ? 9 : 4, i % 50, i % 5, i % 3, i % 7);
	char *path = strdup("/tmp/clerk-bulk-load-XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, b.s, b.len), (ssize_t)b.len);
	close(fd);
	buf_release(&b);
	return path;
}

static int import_csv(catalog *c, size_t first, size_t n, size_t bad, char **err)
{
	char *path = products_csv(first, n, bad);
	struct import_options o = {0};
	struct import_stats st;
	int rc = import_run(c, path, &o, &st, err);
	unlink(path);
	free(path);
	return rc;
}

static void test_first_import_merges_once(void **state)
{
	catalog *c = *state;
	/* A tiny in-memory hash makes FTS5 write a segment every few rows,
	 * so the usual mode would leave many. */
	exec(c, "INSERT INTO product_fts (product_fts, rank) VALUES ('hashsize', 2048)");
	char *before = index_list(c);
	assert_non_null(strstr(before, "attributes_key: CREATE INDEX"));
	char *err = NULL;
	assert_int_equal(import_csv(c, 0, 300, SIZE_MAX, &err), 0);
	char *after = index_list(c);
	assert_string_equal(after, before);
	free(after);
	assert_consistent(c);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes WHERE key = 'volume'"), 300);
	assert_int_equal(segments(c), 1);
	assert_int_equal(setting(c, "automerge"), 4);
	assert_int_equal(setting(c, "crisismerge"), 16);
	assert_int_equal(scalar(c, "SELECT count(*) FROM product_fts WHERE product_fts MATCH 'kettl'"),
	                 300);
	assert_int_equal(scalar(c, "SELECT count(*) FROM product_fts WHERE product_fts MATCH 'word299'"),
	                 1);

	/* The catalog has products now: the usual mode, merging as it goes. */
	int64_t root = scalar(c, "SELECT rootpage FROM sqlite_schema WHERE name = 'products_price'");
	assert_int_equal(import_csv(c, 300, 300, SIZE_MAX, &err), 0);
	assert_int_equal(scalar(c, "SELECT rootpage FROM sqlite_schema WHERE name = 'products_price'"),
	                 root);
	after = index_list(c);
	assert_string_equal(after, before);
	free(after);
	free(before);
	assert_consistent(c);
	assert_true(segments(c) > 1);
	assert_int_equal(setting(c, "automerge"), 4);
	assert_int_equal(scalar(c, "SELECT count(*) FROM product_fts WHERE product_fts MATCH 'kettl'"),
	                 600);
}

static void test_settings_come_back(void **state)
{
	catalog *c = *state;
	exec(c, "INSERT INTO product_fts (product_fts, rank) VALUES ('automerge', 8)");
	char *before = index_list(c);
	char *err = NULL;
	/* A failed import rolls the indexes and settings back with its rows. */
	assert_int_equal(import_csv(c, 0, 200, 150, &err), -1);
	assert_non_null(strstr(err, "rating"));
	free(err);
	err = NULL;
	char *after = index_list(c);
	assert_string_equal(after, before);
	free(after);
	free(before);
	assert_consistent(c);
	assert_int_equal(setting(c, "automerge"), 8);
	assert_int_equal(setting(c, "crisismerge"), -1);
	assert_int_equal(scalar(c, "SELECT count(*) FROM products"), 0);
	/* A good one puts back what the catalog had. */
	assert_int_equal(import_csv(c, 0, 200, SIZE_MAX, &err), 0);
	assert_int_equal(setting(c, "automerge"), 8);
	assert_int_equal(setting(c, "crisismerge"), 16);
}

/* After a failed first import, FTS5 on the same connection merges as
 * before: the settings it holds in memory roll back with the stored ones. */
static void test_rollback_restores_merging(void **state)
{
	catalog *c = *state;
	exec(c, "INSERT INTO product_fts (product_fts, rank) VALUES ('hashsize', 2048)");
	char *err = NULL;
	assert_int_equal(import_csv(c, 0, 200, 150, &err), -1);
	free(err);
	err = NULL;
	/* a product without index text makes the next import the usual kind */
	exec(c, "INSERT INTO products (source_id, name) VALUES ('X1', 'Mug')");
	assert_int_equal(import_csv(c, 0, 600, SIZE_MAX, &err), 0);
	int64_t merged = segments(c);
	/* what putting merges off would have left, for comparison */
	catalog *d = NULL;
	assert_int_equal(catalog_open(":memory:", &d, NULL), 0);
	exec(d, "INSERT INTO product_fts (product_fts, rank) VALUES ('hashsize', 2048)");
	exec(d, "INSERT INTO product_fts (product_fts, rank) VALUES ('automerge', 0)");
	exec(d, "INSERT INTO product_fts (product_fts, rank) VALUES ('crisismerge', 1000)");
	exec(d, "INSERT INTO products (source_id, name) VALUES ('X1', 'Mug')");
	assert_int_equal(import_csv(d, 0, 600, SIZE_MAX, &err), 0);
	int64_t unmerged = segments(d);
	catalog_close(d);
	assert_true(unmerged > 20);
	assert_true(merged * 2 < unmerged);
}

static void test_begin_and_finish(void **state)
{
	catalog *c = *state;
	char *err = NULL;
	struct bulk_load b;
	exec(c, "BEGIN");
	assert_int_equal(bulk_load_begin(c, &b, &err), 0);
	assert_true(b.active);
	assert_int_equal(setting(c, "automerge"), 0);
	assert_int_equal(setting(c, "crisismerge"), 1000);
	/* products_price, _brand, _category and attributes_key; not the
	 * unique source_id index, which finds duplicates during the import */
	assert_int_equal(b.n_index, 4);
	assert_int_equal(scalar(c, "SELECT count(*) FROM sqlite_schema WHERE type = 'index'"
	                           " AND name IN ('products_price', 'attributes_key')"),
	                 0);
	assert_int_equal(scalar(c, "SELECT count(*) FROM sqlite_schema WHERE type = 'index'"
	                           " AND tbl_name = 'products'"),
	                 1);
	assert_int_equal(bulk_load_finish(c, &b, &err), 0);
	assert_false(b.active);
	assert_int_equal(setting(c, "automerge"), 4);
	assert_int_equal(scalar(c, "SELECT count(*) FROM sqlite_schema WHERE type = 'index'"
	                           " AND name IN ('products_price', 'attributes_key')"),
	                 2);
	assert_int_equal(bulk_load_finish(c, &b, &err), 0); /* a second call: nothing to do */
	bulk_load_release(&b);
	exec(c, "INSERT INTO products (source_id, name) VALUES ('X1', 'Mug')");
	assert_int_equal(bulk_load_begin(c, &b, &err), 0);
	assert_false(b.active);
	assert_int_equal(b.n_index, 0);
	assert_int_equal(setting(c, "automerge"), 4);
	bulk_load_release(&b);
	exec(c, "COMMIT");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_first_import_merges_once, open_memory,
		                                close_catalog),
		cmocka_unit_test_setup_teardown(test_settings_come_back, open_memory, close_catalog),
		cmocka_unit_test_setup_teardown(test_rollback_restores_merging, open_memory,
		                                close_catalog),
		cmocka_unit_test_setup_teardown(test_begin_and_finish, open_memory, close_catalog),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
