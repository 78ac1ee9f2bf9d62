/*
 * catalog_fixture.h: the set-up shared by the cmocka tests of catalog/
 * modules: an in-memory catalog as the group state, and one-line SQL
 * helpers that fail the test on error. Include after cmocka.h.
 */
#ifndef CLERK_TESTS_CATALOG_FIXTURE_H
#define CLERK_TESTS_CATALOG_FIXTURE_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <sqlite3.h>

#include "catalog/store/catalog_int.h"

/* cmocka setup / teardown: *state is a fresh in-memory catalog. */
static inline int open_memory(void **state)
{
	catalog *c = NULL;
	char *err = NULL;
	if (catalog_open(":memory:", &c, &err) < 0) {
		fprintf(stderr, "%s\n", err);
		free(err);
		return -1;
	}
	*state = c;
	return 0;
}

static inline int close_catalog(void **state)
{
	catalog_close(*state);
	return 0;
}

/* Runs sql, which must succeed. */
static inline void exec(catalog *c, const char *sql)
{
	assert_int_equal(sqlite3_exec(c->db, sql, NULL, NULL, NULL), SQLITE_OK);
}

/* The first column of the one row sql yields. */
static inline int64_t scalar(catalog *c, const char *sql)
{
	sqlite3_stmt *st = catalog_prepare(c, sql, NULL);
	assert_non_null(st);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	int64_t v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

#endif
