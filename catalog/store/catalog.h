/*
 * catalog: the store behind clerk, one SQLite database.
 *
 * Owns the connection, the schema and its migrations. Every SQL statement in
 * clerk lives under catalog/; other folders call the functions declared in
 * the catalog headers and never see SQL. The database runs in WAL mode with foreign
 * keys on; every multi-row write is one transaction.
 *
 * Errors: functions return 0 on success and -1 on failure, with a one-line
 * message in *err (heap string, the caller frees it) when err is not NULL.
 */
#ifndef CLERK_CATALOG_H
#define CLERK_CATALOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct catalog catalog;

/* How catalog_open_mode() treats the file. */
enum catalog_mode {
	CATALOG_CREATE,   /* a missing file becomes a new, empty catalog */
	CATALOG_EXISTING, /* a missing file is an error: the user mistyped a path */
};

/* Opens the database at path and migrates it. A file that exists but
 * cannot be written (permissions, read-only media) is opened read-only:
 * everything that reads works, and every write fails with a message that
 * says why (see catalog_is_read_only()). A file that is not a clerk
 * catalog, or is damaged, is refused with a message naming it. On success
 * *out owns the connection; release it with catalog_close(). */
int catalog_open_mode(const char *path, enum catalog_mode mode, catalog **out, char **err);
/* catalog_open_mode(path, CATALOG_CREATE, ...). */
int catalog_open(const char *path, catalog **out, char **err);
void catalog_close(catalog *c);

/* True when the catalog was opened read-only. */
bool catalog_is_read_only(const catalog *c);
/* 0 when c can be written; else -1 with "what: why not" in *err, so that a
 * feature that must write can say why before it starts. */
int catalog_check_writable(catalog *c, const char *what, char **err);
/* The path the catalog was opened with. */
const char *catalog_path(const catalog *c);

int catalog_schema_version(catalog *c);

/* Transactions. catalog_begin() starts an IMMEDIATE transaction. */
int catalog_begin(catalog *c, char **err);
int catalog_commit(catalog *c, char **err);
void catalog_rollback(catalog *c);

/* Number of products; -1 on error. */
int64_t catalog_product_count(catalog *c);

/* The default database path: $XDG_DATA_HOME/clerk/clerk.db, falling back to
 * ~/.local/share/clerk/clerk.db. Heap string; the caller frees it. */
char *catalog_default_path(void);

/* Creates the folders leading to path (like mkdir -p on its dirname). */
int catalog_make_parent_dirs(const char *path, char **err);

#endif
