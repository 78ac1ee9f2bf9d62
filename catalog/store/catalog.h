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

/* The schema version this build writes; older databases are migrated. */
#define CATALOG_SCHEMA_VERSION 2

/* Opens (creating when missing) the database at path and migrates it.
 * On success *out owns the connection; release it with catalog_close(). */
int catalog_open(const char *path, catalog **out, char **err);
void catalog_close(catalog *c);

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
