/*
 * schema.h: private to catalog/. Brings a database to the current schema.
 */
#ifndef CLERK_SCHEMA_H
#define CLERK_SCHEMA_H

#include "catalog/store/catalog.h"

/* Runs the pending migrations, each in its own transaction. */
int schema_migrate(catalog *c, char **err);
/* The version the migrations lead to (== CATALOG_SCHEMA_VERSION). */
int schema_target_version(void);

/* The statement that creates product_fts with the tokenizer 'clerk
 * language' (heap; the caller frees it), or NULL when language is not a
 * plain Snowball name (lowercase letters and '_'), so no other text can
 * reach the SQL. */
char *schema_fts_sql(const char *language);

#endif
