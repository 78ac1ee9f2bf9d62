/*
 * staff: what kiosk staff reach after signing in, and the sign-in itself.
 *
 * The staff PIN is stored as a libsodium crypto_pwhash_str() string (salted,
 * Argon2id, a deliberately slow KDF) in the settings table, never in clear.
 * Sign-in failures are counted there too, so restarting clerk does not reset
 * them: STAFF_PIN_MAX_FAILURES wrong PINs in a row lock sign-in for a while.
 * Also: a customer's orders, read-only (hand-offs: handoffs.h).
 *
 * Errors: 0 / -1 with a heap message in *err, as in catalog.h. Arrays
 * returned through out-parameters are freed with the matching _free().
 */
#ifndef CLERK_STAFF_H
#define CLERK_STAFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "catalog/store/catalog.h"

#define STAFF_PIN_MIN_LEN 4
#define STAFF_PIN_MAX_LEN 64
#define STAFF_PIN_MAX_FAILURES 5

enum staff_pin_result {
	STAFF_PIN_OK,     /* signed in; the failure count is cleared */
	STAFF_PIN_WRONG,  /* wrong PIN; attempts_left more before the lock */
	STAFF_PIN_LOCKED, /* locked until locked_until (now, or already) */
	STAFF_PIN_UNSET,  /* no PIN has been set (clerk kiosk-pin) */
};

struct staff_signin {
	enum staff_pin_result result;
	int attempts_left;
	int64_t locked_until; /* unix time; meaningful with STAFF_PIN_LOCKED */
};

/* Whether pin may be a staff PIN (STAFF_PIN_MIN_LEN..MAX_LEN bytes, no
 * control characters): 0, or -1 with the rule in *err. */
int staff_pin_valid(const char *pin, char **err);
/* Hashes and stores pin (one staff_pin_valid() takes) and clears any
 * lockout. */
int staff_pin_set(catalog *c, const char *pin, char **err);
int staff_pin_is_set(catalog *c, bool *out, char **err);
/* Checks pin at time now (unix seconds); a lock lasts lockout_seconds. While
 * locked the PIN is not even verified. */
int staff_pin_check(catalog *c, const char *pin, int64_t now, int lockout_seconds,
                    struct staff_signin *out, char **err);

struct staff_order {
	char *id;        /* the order number shoppers quote */
	char *status;
	char *placed_at;
	int64_t total_cents;
	char *currency;
	int64_t items;   /* units over all lines */
	char *customer;  /* external id, or NULL */
};

/* Orders of the customer whose id or e-mail is `who`, or the order numbered
 * `who` or placed with that e-mail; newest first, at most limit. */
int staff_orders_find(catalog *c, const char *who, size_t limit,
                      struct staff_order **out, size_t *n, char **err);
void staff_orders_free(struct staff_order *o, size_t n);

#endif
