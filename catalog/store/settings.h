/*
 * settings: small named values kept in the catalog's settings table (the
 * kiosk's PIN hash and sign-in lockout state, and the like).
 *
 * Keys are plain strings chosen by the caller ("kiosk.pin_hash"); values are
 * text. Errors: 0 / -1 with a heap message in *err, as in catalog.h.
 */
#ifndef CLERK_SETTINGS_H
#define CLERK_SETTINGS_H

#include <stdint.h>

#include "catalog/store/catalog.h"

/* *out receives the value (heap; the caller frees it), or NULL when the key
 * is not set. Returns 0, or -1 on a database error. */
int settings_get(catalog *c, const char *key, char **out, char **err);
/* Inserts or replaces the value. */
int settings_set(catalog *c, const char *key, const char *value, char **err);
int settings_delete(catalog *c, const char *key, char **err);

/* Integer helpers: a missing or non-numeric value reads as def. */
int settings_get_int(catalog *c, const char *key, int64_t def, int64_t *out, char **err);
int settings_set_int(catalog *c, const char *key, int64_t value, char **err);

#endif
