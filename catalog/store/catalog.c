/*
 * catalog.c: opening the database, transactions and small shared helpers.
 */
#include "catalog/store/catalog_int.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "catalog/store/fts_tokenizer.h"
#include "catalog/store/schema.h"
#include "common/buf.h"
#include "common/xalloc.h"

/* How long a statement waits for another connection's lock before it
 * fails: a kiosk waits out a staff terminal's checkout or small import. */
#define CATALOG_BUSY_MS 10000

/* The sentence for an error that is about the file as a whole, or NULL.
 * Heap string. */
static char *file_problem(catalog *c, int code)
{
	switch (code & 0xff) {
	case SQLITE_READONLY:
		return xasprintf("%s can only be read (there is no permission to write it or its "
		                 "folder, or it is on read-only media), so nothing can be saved to it",
		                 c->path);
	case SQLITE_BUSY:
		return xasprintf("%s is busy: another clerk is writing to it (an import?); try "
		                 "again when it is done", c->path);
	case SQLITE_CORRUPT:
		return xasprintf("%s is damaged (%s); restore it from a backup or import the "
		                 "catalog again", c->path, sqlite3_errmsg(c->db));
	case SQLITE_NOTADB:
		return xasprintf("%s is not a clerk database", c->path);
	}
	return NULL;
}

int catalog_fail(catalog *c, char **err, const char *what)
{
	if (!err)
		return -1;
	if (!c || !c->db) {
		*err = xasprintf("%s: no database", what);
		return -1;
	}
	int code = sqlite3_extended_errcode(c->db);
	char *problem = file_problem(c, code);
	if (!problem)
		*err = xasprintf("%s: %s", what, sqlite3_errmsg(c->db));
	else if ((code & 0xff) == SQLITE_CORRUPT || (code & 0xff) == SQLITE_NOTADB)
		*err = problem, problem = NULL; /* what was being done does not matter */
	else
		*err = xasprintf("%s: %s", what, problem);
	free(problem);
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

int catalog_list_rows(catalog *c, const char *sql, bool all, size_t limit, size_t size,
                      void (*fill)(sqlite3_stmt *st, void *row), void **out, size_t *n,
                      const char *what, char **err)
{
	char *rows = NULL;
	size_t count = 0, cap = 0;
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = catalog_prepare(c, sql, err);
	if (!st)
		return -1;
	sqlite3_bind_int(st, 1, all);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)limit);
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		rows = xgrow(rows, &cap, count + 1, size);
		memset(rows + count * size, 0, size);
		fill(st, rows + count * size);
		count++;
	}
	sqlite3_finalize(st);
	*out = rows;
	*n = count;
	if (step != SQLITE_DONE)
		return catalog_fail(c, err, what);
	return 0;
}

static int exec(catalog *c, const char *sql, char **err, const char *what)
{
	if (sqlite3_exec(c->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return catalog_fail(c, err, what);
	return 0;
}

/* The ways of opening a file, tried in this order: a file that cannot be
 * written is read; a read-only file in WAL mode whose folder cannot hold
 * the shared-memory file (read-only media) is read as immutable. */
enum how { HOW_WRITE, HOW_READ, HOW_IMMUTABLE };

/* "file:" URI for path with ?immutable=1 (heap). */
static char *immutable_uri(const char *path)
{
	struct buf u;
	buf_init(&u);
	buf_adds(&u, "file:");
	for (const char *p = path; *p; p++) {
		if (*p == '%' || *p == '?' || *p == '#')
			buf_printf(&u, "%%%02X", (unsigned char)*p);
		else
			buf_addc(&u, *p);
	}
	buf_adds(&u, "?immutable=1");
	return buf_detach(&u);
}

static bool is_special(const char *path)
{
	return !*path || !strcmp(path, ":memory:") || !strncmp(path, "file:", 5);
}

/* Puts the catalog in WAL mode, where readers never wait for a writer.
 * A first import that had the catalog alone runs with a rollback journal
 * (catalog/import); a clerk opening the catalog meanwhile cannot switch
 * (SQLite answers busy at once: waiting for the importer's lock while
 * holding a read lock the importer waits for would deadlock), and works
 * in that mode: its reads and writes wait for the import's lock like any
 * other. WAL comes back when a clerk next opens the catalog alone. */
static int enable_wal(catalog *c, char **err)
{
	if (sqlite3_exec(c->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL) == SQLITE_OK ||
	    (sqlite3_errcode(c->db) & 0xff) == SQLITE_BUSY)
		return 0;
	return catalog_fail(c, err, "enabling WAL");
}

/* Opens c->path the given way and reads the schema: 0, or the SQLite error
 * code with *err set. The read is where a file that is not a database, or a
 * WAL file that cannot be read here, shows itself. */
static int try_open(catalog *c, enum how how, bool create, char **err, int *version,
                    bool *has_tables, bool *is_clerk)
{
	sqlite3_close_v2(c->db);
	c->db = NULL;
	c->read_only = how != HOW_WRITE;
	int flags = SQLITE_OPEN_NOMUTEX |
	            (how == HOW_WRITE ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY);
	if (how == HOW_WRITE && create)
		flags |= SQLITE_OPEN_CREATE;
	char *uri = how == HOW_IMMUTABLE ? immutable_uri(c->path) : NULL;
	if (uri)
		flags |= SQLITE_OPEN_URI;
	int rc = sqlite3_open_v2(uri ? uri : c->path, &c->db, flags, NULL);
	free(uri);
	if (rc != SQLITE_OK) {
		if (err)
			*err = xasprintf("cannot open %s: %s", c->path,
			                 c->db ? sqlite3_errmsg(c->db) : "out of memory");
		return c->db ? sqlite3_extended_errcode(c->db) : SQLITE_NOMEM;
	}
	sqlite3_extended_result_codes(c->db, 1);
	sqlite3_busy_timeout(c->db, CATALOG_BUSY_MS);
	if (fts_tokenizer_register(c->db, err) < 0)
		return SQLITE_ERROR;
	sqlite3_stmt *st = NULL;
	rc = sqlite3_prepare_v2(c->db,
	                        "SELECT (SELECT user_version FROM pragma_user_version),"
	                        " (SELECT count(*) FROM sqlite_schema),"
	                        " EXISTS (SELECT 1 FROM sqlite_schema"
	                        "  WHERE type = 'table' AND name = 'products')",
	                        -1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*version = sqlite3_column_int(st, 0);
		*has_tables = sqlite3_column_int(st, 1) > 0;
		*is_clerk = sqlite3_column_int(st, 2);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_OK) {
		catalog_fail(c, err, "reading the catalog");
		return sqlite3_extended_errcode(c->db);
	}
	if ((how == HOW_WRITE && enable_wal(c, err) < 0) ||
	    exec(c, "PRAGMA foreign_keys = ON", err, "enabling foreign keys") < 0 ||
	    exec(c, "PRAGMA synchronous = NORMAL", err, "setting synchronous") < 0)
		return sqlite3_extended_errcode(c->db);
	return SQLITE_OK;
}

/* Errors that mean "not this way, try reading instead". */
static bool retry_reading(int code)
{
	code &= 0xff;
	return code == SQLITE_READONLY || code == SQLITE_CANTOPEN || code == SQLITE_PERM ||
	       code == SQLITE_AUTH;
}

int catalog_open_mode(const char *path, enum catalog_mode mode, catalog **out, char **err)
{
	catalog *c = xcalloc(1, sizeof *c);
	c->path = xstrdup(path);
	*out = NULL;
	struct stat st;
	bool exists = false;
	if (!is_special(path)) {
		if (stat(path, &st) == 0) {
			exists = true;
			if (S_ISDIR(st.st_mode)) {
				if (err)
					*err = xasprintf("%s is a folder, not a clerk database", path);
				goto fail;
			}
		} else if (errno != ENOENT || mode == CATALOG_EXISTING) {
			if (err && errno == ENOENT)
				*err = xasprintf("%s does not exist (clerk import --db %s SOURCE "
				                 "makes a catalog)", path, path);
			else if (err)
				*err = xasprintf("cannot open %s: %s", path, strerror(errno));
			goto fail;
		}
	}
	int version = 0;
	bool has_tables = false, is_clerk = false;
	enum how how = exists && access(path, W_OK) != 0 ? HOW_READ : HOW_WRITE;
	for (;;) {
		char *why = NULL;
		int code = try_open(c, how, mode == CATALOG_CREATE || !exists, &why, &version,
		                    &has_tables, &is_clerk);
		if (code == SQLITE_OK) {
			free(why);
			break;
		}
		if (!exists || how == HOW_IMMUTABLE || !retry_reading(code)) {
			if (err)
				*err = why;
			else
				free(why);
			goto fail;
		}
		free(why);
		how = (enum how)(how + 1);
	}
	if (version > schema_target_version()) {
		if (err)
			*err = xasprintf("%s: database schema version %d is newer than this clerk (%d)",
			                 path, version, schema_target_version());
		goto fail;
	}
	/* Another program's database, or an empty file opened read-only. */
	if ((version == 0 && has_tables) || (version > 0 && !is_clerk) ||
	    (version == 0 && c->read_only)) {
		if (err)
			*err = xasprintf("%s is not a clerk database", path);
		goto fail;
	}
	if (version < schema_target_version() && c->read_only) {
		if (err)
			*err = xasprintf("%s was made by an older clerk and can only be read here; "
			                 "open it once where it can be written to upgrade it", path);
		goto fail;
	}
	if (schema_migrate(c->db, err) < 0)
		goto fail;
	*out = c;
	return 0;
fail:
	catalog_close(c);
	return -1;
}

int catalog_open(const char *path, catalog **out, char **err)
{
	return catalog_open_mode(path, CATALOG_CREATE, out, err);
}

bool catalog_is_read_only(const catalog *c)
{
	return c->read_only;
}

int catalog_check_writable(catalog *c, const char *what, char **err)
{
	if (!c->read_only)
		return 0;
	if (err) {
		char *why = file_problem(c, SQLITE_READONLY);
		*err = xasprintf("%s: %s", what, why);
		free(why);
	}
	return -1;
}

const char *catalog_path(const catalog *c)
{
	return c->path;
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
