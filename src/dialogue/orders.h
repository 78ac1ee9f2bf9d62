/*
 * orders: the order service the dialogue talks to, behind a struct of
 * function pointers so the local SQLite store, an HTTP order service and a
 * test fake are interchangeable.
 *
 * Every call returns one of enum orders_result (catalog/orders.h) or -1
 * with a heap message in *err. A lookup that does not verify and one for an
 * order that does not exist answer the same ORDERS_NO_MATCH.
 */
#ifndef CLERK_SRC_ORDERS_H
#define CLERK_SRC_ORDERS_H

#include <stdint.h>

#include "catalog/store/catalog.h"
#include "catalog/shop/orders.h"

struct order_backend {
	void *ctx;
	int (*lookup)(void *ctx, const char *ref, const char *verify, struct order *out,
	              char **err);
	int (*cancel)(void *ctx, const char *ref, const char *verify, struct order *out,
	              char **err);
	int (*request_return)(void *ctx, const char *ref, const char *verify, struct order *out,
	                      char **err);
	void (*free)(void *ctx);
};

/* The local store in c (borrowed). Free with order_backend_free. */
struct order_backend *orders_local_new(catalog *c);
void order_backend_free(struct order_backend *b);

#endif
