/*
 * profile_int.h: private to catalog/shop/profile*.c: what the profile's
 * files share. Never included elsewhere.
 */
#ifndef CLERK_PROFILE_INT_H
#define CLERK_PROFILE_INT_H

#include <stdint.h>

#include <sqlite3.h>

#include "catalog/store/catalog.h"

/* verify_failures is keyed by what was quoted; a customer id gets this
 * prefix so it never meets an order number. */
#define PROFILE_SIGN_IN_KEY "customer "

#define PROFILE_STR2(x) #x
#define PROFILE_STR(x) PROFILE_STR2(x)

/* A column as a heap string, or NULL. */
char *profile_col_dup(sqlite3_stmt *st, int i);
/* Runs sql with ?1 bound to text1 (and ?2 to int2 when the statement has
 * it); *changes (may be NULL) receives the rows it changed. 0 / -1 with
 * *err ("what: SQLite's message"). */
int profile_run(catalog *c, const char *sql, const char *text1, int64_t int2, int64_t *changes,
                const char *what, char **err);

#endif
