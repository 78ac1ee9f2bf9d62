/*
 * orders_int.h: private to catalog/shop/orders*.c and order_*.c — loading
 * an order, the verification counters and the record of idempotent
 * actions, which lookup, changes, placing and the cache share.
 *
 * All of these run inside the caller's transaction and follow orders.h's
 * error convention.
 */
#ifndef CLERK_ORDERS_INT_H
#define CLERK_ORDERS_INT_H

#include <stdint.h>
#include <stdlib.h>

#include "catalog/shop/orders.h"
#include "catalog/store/catalog_int.h"

/* Hands msg (heap) to *err, or frees it when err is NULL; returns -1. */
static inline int orders_fail(char **err, char *msg)
{
	if (err)
		*err = msg;
	else
		free(msg);
	return -1;
}

/* Loads order ref, unverified, into *out; *oid gets its row id (may be
 * NULL). ORDERS_OK, ORDERS_NO_MATCH or -1. */
int orders_load(catalog *c, const char *ref, struct order *out, int64_t *oid, char **err);

/* Verification counters for the quoted number ref at time now. */
int orders_locked(catalog *c, const char *ref, int64_t now, char **err); /* 1, 0 or -1 */
int orders_failed(catalog *c, const char *ref, int64_t now, char **err);
int orders_verified(catalog *c, const char *ref, char **err); /* clears the count */

/* The answer recorded for idempotency key `key`: 1 with *result and *ref
 * (heap; may be NULL) when key was used for this same request, 0 when key
 * is new, -1 with *err when it was used for another request. */
int orders_action_find(catalog *c, const char *key, const char *request, int *result,
                       char **ref, char **err);
int orders_action_record(catalog *c, const char *key, const char *request, const char *ref,
                         int result, int64_t now, char **err);

/* "email@example.com" lowercased, a postcode lowercased without spaces and
 * dashes: the form a verification is compared and hashed in. Heap. */
char *orders_verify_normal(const char *verify);

#endif
