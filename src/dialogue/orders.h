/*
 * orders: the order service the dialogue talks to, behind a struct of
 * function pointers so the local SQLite store, the store's HTTP order
 * service and a test fake are interchangeable. Every operation the
 * conversation needs is here: look up (with verification), place, cancel,
 * and return chosen items.
 *
 * Results: one of enum orders_result (catalog/shop/orders.h), or -1 with a
 * one-line heap message in *err that the shopper may hear ("the order
 * service did not answer within 5 s"). A lookup that does not verify and
 * one for an order that does not exist answer the same ORDERS_NO_MATCH.
 * When a remote service fails, lookup may answer ORDERS_STALE: *out is the
 * last copy it gave (out->as_of says when) and *err says why the service
 * failed; both are the caller's to free.
 *
 * Idempotency: place, cancel and return take the key of the shopper's
 * action (order_action_key()). The key is kept with the pending action until
 * the outcome is known, and the same key goes again with its retry (also
 * after a restart): the action is then done at most once. A key goes with
 * one request; another request with it is an error.
 *
 * A backend is used by one thread at a time.
 */
#ifndef CLERK_SRC_ORDERS_H
#define CLERK_SRC_ORDERS_H

#include <stdbool.h>
#include <stdint.h>

#include "catalog/shop/orders.h"
#include "catalog/store/catalog.h"

struct order_backend {
	void *ctx;
	bool remote; /* a service elsewhere: its failures are told as such */
	/* Fills *out on ORDERS_OK and ORDERS_STALE (release it with
	 * order_release). */
	int (*lookup)(void *ctx, const char *ref, const char *verify, struct order *out,
	              char **err);
	/* ORDERS_OK with *out the new order, ORDERS_FORBIDDEN when the store
	 * refuses it (*err says why), or -1. */
	int (*place)(void *ctx, const struct order_placement *p, const char *key,
	             struct order *out, char **err);
	/* ORDERS_OK, ORDERS_NO_MATCH, ORDERS_LOCKED or ORDERS_FORBIDDEN; on
	 * ORDERS_OK *out is the changed order, on ORDERS_FORBIDDEN the order as
	 * it is when the backend can tell (out->id is NULL otherwise). */
	int (*cancel)(void *ctx, const struct order_change *ch, const char *key,
	              struct order *out, char **err);
	int (*request_return)(void *ctx, const struct order_change *ch, const char *key,
	                      struct order *out, char **err);
	void (*free)(void *ctx);
};

/* The local store in c (borrowed). Free with order_backend_free. */
struct order_backend *orders_local_new(catalog *c);

struct orders_http_options {
	const char *url;          /* the service's base URL, http or https */
	const char *token;        /* bearer token, or NULL; never logged */
	long connect_timeout_ms;  /* 0: 2000 */
	long timeout_ms;          /* one request, start to end; 0: 5000 */
	int retries;              /* after a timeout, 408, 429 or 5xx; < 0: 2 */
	long deadline_ms;         /* no retry that could end later; 0: 12000 */
	const char *ca_file;      /* CA certificates for https, or NULL */
	const char *user_agent;   /* NULL: "clerk" */
	catalog *cache;           /* where answers are cached for failures (borrowed); may be NULL */
};

/* The store's order service (docs/order-api.md). NULL with *err when the
 * URL is not http(s), or a token would go to a plain-http host other than
 * this machine. Free with order_backend_free. */
struct order_backend *orders_http_new(const struct orders_http_options *o, char **err);

void order_backend_free(struct order_backend *b);

/* The idempotency key for the shopper action described by `what` (the
 * request in stable words: the same for its retry, other words for another
 * request): the one kept in c since a try whose outcome is not known, else
 * a fresh one, kept from now on, also across restarts. Heap; NULL with
 * *err. */
char *order_action_key(catalog *c, const char *what, char **err);
/* The backend answered the action `what`: its key will not be sent again. */
void order_action_done(catalog *c, const char *what);

#endif
