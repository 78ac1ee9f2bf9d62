/*
 * orders: the local order store — lookup with verification, shipment
 * events, cancel and return (of chosen items) by the order's state rules,
 * placing an order, and the cache of a remote order service's answers.
 *
 * Verification: an order is told only to someone who gives the email or the
 * postcode on it. Failures are counted per quoted order number whether or
 * not such an order exists, and after ORDERS_MAX_FAILURES the number is
 * locked for ORDERS_LOCK_SECONDS; every refusal looks the same, so a caller
 * cannot learn whether an order exists.
 *
 * State rules: pending and paid orders can be cancelled; items of delivered
 * orders can be returned, each up to the quantity bought, and the order is
 * returned once every item is; nothing else changes state here.
 *
 * Idempotency: a place, cancel or return may carry the key of the shopper
 * action it belongs to. The first request with a key is done and recorded;
 * the same request again with that key gets the recorded answer with the
 * order as it now is, and is not done twice (a retry after a crash or a
 * lost answer); another request with that key is an error.
 *
 * Errors: -1 with a heap message in *err (the caller frees it); otherwise
 * one of enum orders_result.
 */
#ifndef CLERK_ORDERS_H
#define CLERK_ORDERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "catalog/store/catalog.h"

#define ORDERS_MAX_FAILURES 5
#define ORDERS_MAX_FAILURES_STR "5"
#define ORDERS_LOCK_SECONDS (15 * 60)
#define ORDERS_LOCK_SECONDS_STR "900"
/* Kept keys of actions with an unknown outcome are forgotten after this. */
#define ORDERS_PENDING_MAX_AGE (24 * 3600)
/* Cached answers older than this are dropped. */
#define ORDERS_CACHE_MAX_AGE (30 * 24 * 3600)

enum orders_result {
	ORDERS_OK = 0,
	ORDERS_NO_MATCH = 1,  /* no such order, or the verification does not match */
	ORDERS_LOCKED = 2,    /* too many failures; try later */
	ORDERS_FORBIDDEN = 3, /* the order's state does not allow the change */
	ORDERS_STALE = 4,     /* the order service failed; this is the last copy (as_of) */
};

struct order_item {
	char *product; /* source id */
	char *name;
	int64_t quantity;
	int64_t price_cents;
	int64_t returned; /* of quantity, how many were returned */
};

struct order_event {
	char *at;
	char *status;
	char *location; /* NULL when unknown */
};

struct order {
	char *id;        /* the order number shoppers quote */
	char *status;    /* pending, paid, shipped, delivered, cancelled, returned */
	char *placed_at;
	int64_t total_cents;
	char *currency;
	char *carrier;   /* NULL when unknown */
	char *tracking;
	struct order_item *items;
	size_t n_items;
	struct order_event *events; /* oldest first */
	size_t n_events;
	int64_t as_of;   /* for a cached copy, when it was fetched (Unix time); else 0 */
};

void order_release(struct order *o);

/* The six statuses; true when s is one of them. */
bool order_status_valid(const char *s);

/* A product and a quantity: a line of a new order, or of a return. */
struct order_line {
	const char *product; /* source id */
	int64_t quantity;
	const char *options; /* the colour and size chosen ("Light Blue, S"), or NULL */
};

struct order_placement {
	const char *customer; /* customer external id, or NULL */
	const char *email;    /* NULL: the customer's, when known */
	const char *postcode; /* likewise */
	const struct order_line *items;
	size_t n_items;
	const char *promotion;  /* a promotion code the shopper applied, or NULL */
	int64_t discount_cents; /* what it takes off the items' total (the local store) */
	/* The local cart the lines come from, or 0. The local store empties it
	 * (and logs the purchases) in the order's own transaction, so that a
	 * failure leaves the order and the cart both as they were; a remote
	 * service cannot, and its caller calls orders_cart_done(). */
	int64_t cart;
};

/* A change to an order the shopper verifies again. */
struct order_change {
	const char *ref;    /* the order number */
	const char *verify; /* its email or postcode */
	/* For a return, which products and how many; NULL: all not yet returned. */
	const struct order_line *items;
	size_t n_items;
	const char *reason; /* may be NULL */
};

/* Looks up order `ref`, told only when `verify` matches its email (case
 * ignored) or postcode (case and spaces ignored). now is the Unix time.
 * Fills *out on ORDERS_OK (release with order_release). */
int orders_lookup(catalog *c, const char *ref, const char *verify, int64_t now,
                  struct order *out, char **err);

/* Cancels (pending/paid) a verified order, or returns items of a delivered
 * one. key is the action's idempotency key, or NULL. On ORDERS_OK and
 * ORDERS_FORBIDDEN *out holds the order as it now is. A return of a product
 * the order does not have, or of more than were bought, is an error (-1);
 * of more than are left to return, ORDERS_FORBIDDEN. */
int orders_cancel(catalog *c, const struct order_change *ch, const char *key, int64_t now,
                  struct order *out, char **err);
int orders_return(catalog *c, const struct order_change *ch, const char *key, int64_t now,
                  struct order *out, char **err);

/* Creates a pending order of p's items at the catalog's prices, in one
 * transaction. key is the action's idempotency key, or NULL. Fills *out
 * with the new order. An order without items, a quantity under 1 or a
 * product the catalog does not have is an error. */
int orders_place(catalog *c, const struct order_placement *p, const char *key, int64_t now,
                 struct order *out, char **err);

/* After an order was placed from cart_id: logs a purchase event per line
 * (with the order number) and empties the cart, in one transaction. */
int orders_cart_done(catalog *c, int64_t cart_id, const char *customer, const char *order_id,
                     char **err);

/* The idempotency key of a shopper action whose outcome is not known yet,
 * kept across restarts so that its retry reuses it. `what` describes the
 * request in stable words (the same for a retry, another for another
 * request); it is kept only as a hash, since it may hold an email. *key
 * (heap) is the kept key, or a fresh one that is kept from now on. Keys
 * older than ORDERS_PENDING_MAX_AGE are forgotten. */
int orders_pending_key(catalog *c, const char *what, int64_t now, char **key, char **err);
/* The outcome of `what` is known: its key is forgotten. */
int orders_pending_done(catalog *c, const char *what, char **err);

/* The cache of order services' answers, for when a service fails: answer
 * is the text service (its base URL) gave for order ref, kept with a hash
 * of the verification that got it (never the verification itself). */
int orders_cache_put(catalog *c, const char *service, const char *ref, const char *verify,
                     const char *answer, int64_t now, char **err);
/* The cached answer of service for ref when verify matches the one that
 * got it: ORDERS_OK with *answer (heap) and *fetched_at; ORDERS_NO_MATCH
 * when there is none for that verification (counted like a failed
 * verification), or ORDERS_LOCKED. */
int orders_cache_get(catalog *c, const char *service, const char *ref, const char *verify,
                     int64_t now, char **answer, int64_t *fetched_at, char **err);

#endif
