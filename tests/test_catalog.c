/* Unit tests for catalog/catalog.c, schema.c and product.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog/store/catalog_int.h"
#include "catalog/store/product.h"
#include "catalog/store/schema.h"
#include "tests/catalog_fixture.h"

static void test_schema_is_current(void **state)
{
	catalog *c = *state;
	assert_int_equal(schema_version(c->db), schema_target_version());
	assert_int_equal(catalog_product_count(c), 0);
}

static void test_reopen_keeps_version(void **state)
{
	(void)state;
	char path[] = "/tmp/clerk-test-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	catalog *c = NULL;
	assert_int_equal(catalog_open(path, &c, NULL), 0);
	catalog_close(c);
	assert_int_equal(catalog_open(path, &c, NULL), 0);
	assert_int_equal(schema_version(c->db), schema_target_version());
	catalog_close(c);
	char *wal = NULL;
	unlink(path);
	wal = malloc(strlen(path) + 5);
	sprintf(wal, "%s-wal", path);
	unlink(wal);
	sprintf(wal, "%s-shm", path);
	unlink(wal);
	free(wal);
}

static void test_newer_schema_is_refused(void **state)
{
	(void)state;
	char path[] = "/tmp/clerk-test-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 999", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	catalog *c = NULL;
	char *err = NULL;
	assert_int_equal(catalog_open(path, &c, &err), -1);
	assert_null(c);
	assert_non_null(strstr(err, "newer"));
	free(err);
	unlink(path);
}

static void test_open_existing_needs_a_file(void **state)
{
	(void)state;
	char dir[] = "/tmp/clerk-test-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char *path = malloc(strlen(dir) + 16);
	sprintf(path, "%s/typo.db", dir);
	catalog *c = NULL;
	char *err = NULL;
	assert_int_equal(catalog_open_mode(path, CATALOG_EXISTING, &c, &err), -1);
	assert_null(c);
	assert_non_null(strstr(err, "typo.db does not exist"));
	free(err);
	assert_int_equal(access(path, F_OK), -1);
	assert_int_equal(catalog_open_mode(path, CATALOG_CREATE, &c, NULL), 0);
	assert_false(catalog_is_read_only(c));
	assert_int_equal(catalog_check_writable(c, "x", NULL), 0);
	catalog_close(c);
	assert_int_equal(catalog_open_mode(path, CATALOG_EXISTING, &c, NULL), 0);
	catalog_close(c);
	char cmd[256];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
	free(path);
}

static void test_not_a_clerk_database(void **state)
{
	(void)state;
	char path[] = "/tmp/clerk-test-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "just some text, long enough to be a header....\n", 48), 48);
	close(fd);
	catalog *c = NULL;
	char *err = NULL;
	assert_int_equal(catalog_open(path, &c, &err), -1);
	assert_null(c);
	assert_non_null(strstr(err, "is not a clerk database"));
	assert_non_null(strstr(err, path));
	free(err);
	unlink(path);
	/* another program's SQLite database is left alone */
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE TABLE notes (x)", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	err = NULL;
	assert_int_equal(catalog_open(path, &c, &err), -1);
	assert_non_null(strstr(err, "is not a clerk database"));
	free(err);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_schema", -1, &st, NULL),
	                 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 1);
	sqlite3_finalize(st);
	sqlite3_close(db);
	unlink(path);
}

static void test_put_product_with_category_path(void **state)
{
	catalog *c = *state;
	product_writer *w = product_writer_new(c, NULL);
	assert_non_null(w);
	struct product p = {.id = "sku-1", .name = "Trail Runner 2", .brand = "Aurora",
	                    .category = "Apparel > Shoes / Running", .features = "weight: 240 g; waterproof:yes",
	                    .price_cents = 12999, .has_price = true, .color = "blue"};
	assert_int_equal(product_writer_put(w, &p, false, NULL), 0);
	assert_int_equal(catalog_product_count(c), 1);
	assert_int_equal(scalar(c, "SELECT count(*) FROM categories"), 3);
	assert_int_equal(scalar(c, "SELECT depth FROM categories WHERE path = 'Apparel > Shoes > Running'"), 2);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes"), 3);
	assert_int_equal(scalar(c, "SELECT count(*) FROM product_fts WHERE product_fts MATCH 'runner'"), 1);

	char *err = NULL;
	assert_int_equal(product_writer_put(w, &p, false, &err), -1);
	assert_non_null(strstr(err, "duplicate id"));
	free(err);

	p.name = "Trail Walker";
	p.price_cents = 9999;
	assert_int_equal(product_writer_put(w, &p, true, NULL), 0);
	assert_int_equal(catalog_product_count(c), 1);
	assert_int_equal(scalar(c, "SELECT price_cents FROM products WHERE source_id = 'sku-1'"), 9999);
	assert_int_equal(scalar(c, "SELECT count(*) FROM product_fts WHERE product_fts MATCH 'runner'"), 0);
	assert_int_equal(scalar(c, "SELECT count(*) FROM product_fts WHERE product_fts MATCH 'walker'"), 1);
	product_writer_free(w);
}

static void test_split_category(void **state)
{
	(void)state;
	char *levels[8];
	size_t n = product_split_category(" Home | Kitchen>>  Knives ", levels, 8);
	assert_int_equal(n, 3);
	assert_string_equal(levels[0], "Home");
	assert_string_equal(levels[1], "Kitchen");
	assert_string_equal(levels[2], "Knives");
	for (size_t i = 0; i < n; i++)
		free(levels[i]);
}

/* A cached statement is prepared once, handed out reset and unbound, and
 * reset again when a caller forgot to hand it back. */
static void test_cached_statements(void **state)
{
	catalog *c = *state;
	static const char sql[] = "SELECT ?1 UNION ALL SELECT 2";
	char *err = NULL;
	sqlite3_stmt *st = catalog_cached(c, sql, &err);
	assert_non_null(st);
	sqlite3_bind_int(st, 1, 7);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 7);
	catalog_release(st);
	assert_false(sqlite3_stmt_busy(st));

	/* the same text, even from another buffer: the same statement */
	char copy[sizeof sql];
	memcpy(copy, sql, sizeof sql);
	assert_ptr_equal(catalog_cached(c, copy, &err), st);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_type(st, 0), SQLITE_NULL); /* unbound */
	/* not handed back, mid-way through its rows */
	assert_true(sqlite3_stmt_busy(st));
	assert_ptr_equal(catalog_cached(c, sql, &err), st);
	assert_false(sqlite3_stmt_busy(st));

	/* another text: another statement; bad SQL: an error */
	sqlite3_stmt *other = catalog_cached(c, "SELECT 3", &err);
	assert_non_null(other);
	assert_ptr_not_equal(other, st);
	assert_null(catalog_cached(c, "SELEC nothing", &err));
	assert_non_null(err);
	free(err);
	catalog_release(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_schema_is_current, open_memory, close_catalog),
		cmocka_unit_test(test_reopen_keeps_version),
		cmocka_unit_test(test_newer_schema_is_refused),
		cmocka_unit_test(test_open_existing_needs_a_file),
		cmocka_unit_test(test_not_a_clerk_database),
		cmocka_unit_test_setup_teardown(test_put_product_with_category_path, open_memory, close_catalog),
		cmocka_unit_test(test_split_category),
		cmocka_unit_test_setup_teardown(test_cached_statements, open_memory, close_catalog),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
