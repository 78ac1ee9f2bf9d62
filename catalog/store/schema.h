/*
 * schema.h: private to catalog/. Brings a database to the current schema.
 * Works on the bare connection, below catalog.c, which calls it when it
 * opens a database.
 */
#ifndef CLERK_SCHEMA_H
#define CLERK_SCHEMA_H

#include <sqlite3.h>

/* Runs the pending migrations, each in its own transaction. 0 / -1 with
 * *err (heap). */
int schema_migrate(sqlite3 *db, char **err);
/* The database's schema version, -1 when it cannot be read. */
int schema_version(sqlite3 *db);
/* The version the migrations lead to: what this build writes. */
int schema_target_version(void);

/* The statement that creates product_fts with the tokenizer 'clerk
 * language' (heap; the caller frees it), or NULL when language is not a
 * plain Snowball name (lowercase letters and '_'), so no other text can
 * reach the SQL. */
char *schema_fts_sql(const char *language);

#endif
