/*
 * orders: the local order store — lookup with verification, shipment
 * events, cancel and return by the order's state rules, and checkout that
 * turns a cart into an order.
 *
 * Verification: an order is told only to someone who gives the email or the
 * postcode on it. Failures are counted per quoted order number whether or
 * not such an order exists, and after ORDERS_MAX_FAILURES the number is
 * locked for ORDERS_LOCK_SECONDS; every refusal looks the same, so a caller
 * cannot learn whether an order exists.
 *
 * State rules: pending and paid orders can be cancelled; delivered orders
 * can be returned; nothing else changes state here.
 *
 * Errors: -1 with a heap message in *err (the caller frees it); otherwise
 * one of enum orders_result.
 */
#ifndef CLERK_ORDERS_H
#define CLERK_ORDERS_H

#include <stddef.h>
#include <stdint.h>

#include "catalog/store/catalog.h"

#define ORDERS_MAX_FAILURES 5
#define ORDERS_MAX_FAILURES_STR "5"
#define ORDERS_LOCK_SECONDS (15 * 60)
#define ORDERS_LOCK_SECONDS_STR "900"

enum orders_result {
	ORDERS_OK = 0,
	ORDERS_NO_MATCH = 1,  /* no such order, or the verification does not match */
	ORDERS_LOCKED = 2,    /* too many failures; try later */
	ORDERS_FORBIDDEN = 3, /* the order's state does not allow the change */
};

struct order_item {
	char *product; /* source id */
	char *name;
	int64_t quantity;
	int64_t price_cents;
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
};

void order_release(struct order *o);

/* Looks up order `ref`, told only when `verify` matches its email (case
 * ignored) or postcode (case and spaces ignored). now is the Unix time.
 * Fills *out on ORDERS_OK (release with order_release). */
int orders_lookup(catalog *c, const char *ref, const char *verify, int64_t now,
                  struct order *out, char **err);

/* Cancels (pending/paid) or returns (delivered) a verified order. On
 * ORDERS_OK and ORDERS_FORBIDDEN *out holds the order as it now is. */
int orders_cancel(catalog *c, const char *ref, const char *verify, int64_t now,
                  struct order *out, char **err);
int orders_return(catalog *c, const char *ref, const char *verify, int64_t now,
                  struct order *out, char **err);

/* Creates a pending order from the cart's lines, logs a purchase event per
 * line and empties the cart, all in one transaction. customer may be NULL.
 * *order_id receives the new order number (heap). An empty cart is an
 * error. */
int orders_checkout(catalog *c, int64_t cart_id, const char *customer, const char *email,
                    const char *postcode, char **order_id, char **err);

#endif
