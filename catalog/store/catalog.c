/*
 * catalog.c: opening the database, transactions and small shared helpers.
 */
#include "catalog/store/catalog_int.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "catalog/store/fts_tokenizer.h"
#include "catalog/store/schema.h"
#include "common/xalloc.h"

int catalog_fail(catalog *c, char **err, const char *what)
{
	if (err)
		*err = xasprintf("%s: %s", what, c && c->db ? sqlite3_errmsg(c->db) : "no database");
	return -1;
}

struct cached_stmt {
	const char *sql; /* the caller's text, compared by address first */
	sqlite3_stmt *st;
};

sqlite3_stmt *catalog_cached(catalog *c, const char *sql, char **err)
{
	for (size_t i = 0; i < c->n_cached; i++)
		if (c->cached[i].sql == sql || !strcmp(sqlite3_sql(c->cached[i].st), sql)) {
			catalog_release(c->cached[i].st); /* in case a caller forgot */
			return c->cached[i].st;
		}
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v3(c->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
		catalog_fail(c, err, "preparing a statement");
		sqlite3_finalize(st);
		return NULL;
	}
	c->cached = xgrow(c->cached, &c->cap_cached, c->n_cached + 1, sizeof *c->cached);
	c->cached[c->n_cached++] = (struct cached_stmt){sql, st};
	return st;
}

void catalog_release(sqlite3_stmt *st)
{
	if (!st)
		return;
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

struct catalog_read catalog_read_begin(catalog *c)
{
	struct catalog_read tx = {.outside = sqlite3_get_autocommit(c->db)};
	sqlite3_stmt *st = catalog_cached(c, "SAVEPOINT clerk_read", NULL);
	tx.held = st && sqlite3_step(st) == SQLITE_DONE;
	catalog_release(st);
	return tx;
}

void catalog_read_end(catalog *c, struct catalog_read tx)
{
	if (!tx.held)
		return;
	sqlite3_stmt *st = catalog_cached(c, "RELEASE clerk_read", NULL);
	if (st)
		sqlite3_step(st);
	catalog_release(st);
	/* never leave a read open: later reads would see this snapshot */
	if (tx.outside && !sqlite3_get_autocommit(c->db))
		sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
}

sqlite3_stmt *catalog_prepare(catalog *c, const char *sql, char **err)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) != SQLITE_OK) {
		catalog_fail(c, err, "preparing a statement");
		sqlite3_finalize(st);
		return NULL;
	}
	return st;
}

int catalog_bind_text(sqlite3_stmt *st, int idx, const char *s)
{
	if (!s)
		return sqlite3_bind_null(st, idx);
	return sqlite3_bind_text(st, idx, s, -1, SQLITE_TRANSIENT);
}

char *catalog_column_dup(sqlite3_stmt *st, int col)
{
	const unsigned char *s = sqlite3_column_text(st, col);
	return s ? xstrdup((const char *)s) : NULL;
}

static int exec(catalog *c, const char *sql, char **err, const char *what)
{
	if (sqlite3_exec(c->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return catalog_fail(c, err, what);
	return 0;
}

int catalog_open(const char *path, catalog **out, char **err)
{
	catalog *c = xcalloc(1, sizeof *c);
	c->path = xstrdup(path);
	*out = NULL;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
	if (sqlite3_open_v2(path, &c->db, flags, NULL) != SQLITE_OK) {
		if (err)
			*err = xasprintf("cannot open database %s: %s", path,
			                 c->db ? sqlite3_errmsg(c->db) : "out of memory");
		goto fail;
	}
	if (fts_tokenizer_register(c->db, err) < 0)
		goto fail;
	sqlite3_busy_timeout(c->db, 5000);
	sqlite3_extended_result_codes(c->db, 1);
	if (exec(c, "PRAGMA journal_mode = WAL", err, "enabling WAL") < 0 ||
	    exec(c, "PRAGMA foreign_keys = ON", err, "enabling foreign keys") < 0 ||
	    exec(c, "PRAGMA synchronous = NORMAL", err, "setting synchronous") < 0)
		goto fail;
	if (schema_migrate(c->db, err) < 0)
		goto fail;
	*out = c;
	return 0;
fail:
	catalog_close(c);
	return -1;
}

void catalog_close(catalog *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n_cached; i++)
		sqlite3_finalize(c->cached[i].st);
	free(c->cached);
	sqlite3_close_v2(c->db);
	free(c->path);
	free(c);
}

int catalog_begin(catalog *c, char **err)
{
	return exec(c, "BEGIN IMMEDIATE", err, "starting a transaction");
}

void catalog_products_changed(catalog *c)
{
	c->product_changes++;
	c->products_dirty = true;
}

int catalog_commit(catalog *c, char **err)
{
	/* Searchers in other processes learn from this that what they read
	 * of the products (search_facts.c, the term counts) is stale. */
	if (c->products_dirty && !sqlite3_get_autocommit(c->db) &&
	    exec(c,
	         "INSERT INTO settings (key, value) VALUES ('products_generation', '1')"
	         " ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1",
	         err, "recording the change of products") < 0) {
		catalog_rollback(c);
		return -1;
	}
	c->products_dirty = false;
	if (exec(c, "COMMIT", err, "committing") < 0) {
		catalog_rollback(c);
		return -1;
	}
	return 0;
}

void catalog_rollback(catalog *c)
{
	c->products_dirty = false;
	if (!sqlite3_get_autocommit(c->db))
		sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
}

int64_t catalog_product_count(catalog *c)
{
	sqlite3_stmt *st = catalog_prepare(c, "SELECT count(*) FROM products", NULL);
	int64_t n = -1;
	if (st && sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

char *catalog_default_path(void)
{
	const char *xdg = getenv("XDG_DATA_HOME");
	if (xdg && *xdg == '/')
		return xasprintf("%s/clerk/clerk.db", xdg);
	const char *home = getenv("HOME");
	if (!home || !*home)
		home = ".";
	return xasprintf("%s/.local/share/clerk/clerk.db", home);
}

int catalog_make_parent_dirs(const char *path, char **err)
{
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');
	if (!slash || slash == dir) {
		free(dir);
		return 0;
	}
	*slash = '\0';
	for (char *p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) < 0 && errno != EEXIST)
			goto fail;
		*p = '/';
	}
	if (mkdir(dir, 0700) < 0 && errno != EEXIST)
		goto fail;
	free(dir);
	return 0;
fail:
	if (err)
		*err = xasprintf("cannot create %s: %s", dir, strerror(errno));
	free(dir);
	return -1;
}
