/*
 * settings.c: get and set in the settings table.
 */
#include "catalog/store/catalog_int.h"
#include "catalog/store/settings.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "common/xalloc.h"

int settings_get(catalog *c, const char *key, char **out, char **err)
{
	*out = NULL;
	sqlite3_stmt *st = catalog_prepare(c, "SELECT value FROM settings WHERE key = ?1", err);
	int rc = -1;
	if (!st)
		goto cleanup;
	catalog_bind_text(st, 1, key);
	int step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		*out = xstrdup((const char *)sqlite3_column_text(st, 0));
	else if (step != SQLITE_DONE) {
		catalog_fail(c, err, "reading a setting");
		goto cleanup;
	}
	rc = 0;
cleanup:
	sqlite3_finalize(st);
	return rc;
}

static int run_one(catalog *c, const char *sql, const char *key, const char *value,
                   const char *what, char **err)
{
	sqlite3_stmt *st = catalog_prepare(c, sql, err);
	int rc = -1;
	if (!st)
		goto cleanup;
	catalog_bind_text(st, 1, key);
	if (value)
		catalog_bind_text(st, 2, value);
	if (sqlite3_step(st) != SQLITE_DONE) {
		catalog_fail(c, err, what);
		goto cleanup;
	}
	rc = 0;
cleanup:
	sqlite3_finalize(st);
	return rc;
}

int settings_set(catalog *c, const char *key, const char *value, char **err)
{
	return run_one(c,
	               "INSERT INTO settings(key, value) VALUES (?1, ?2) "
	               "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
	               key, value ? value : "", "saving a setting", err);
}

int settings_delete(catalog *c, const char *key, char **err)
{
	return run_one(c, "DELETE FROM settings WHERE key = ?1", key, NULL,
	               "deleting a setting", err);
}

int settings_get_int(catalog *c, const char *key, int64_t def, int64_t *out, char **err)
{
	char *v = NULL;
	*out = def;
	if (settings_get(c, key, &v, err) < 0)
		return -1;
	if (v) {
		char *end = NULL;
		errno = 0;
		long long n = strtoll(v, &end, 10);
		if (!errno && end != v && !*end)
			*out = n;
	}
	free(v);
	return 0;
}

int settings_set_int(catalog *c, const char *key, int64_t value, char **err)
{
	char text[32];
	snprintf(text, sizeof text, "%" PRId64, value);
	return settings_set(c, key, text, err);
}
