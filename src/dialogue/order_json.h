/*
 * order_json: the JSON of the store's order service (docs/order-api.md),
 * read and written with cJSON.
 *
 * Reading is as strict as the API: an answer that is not a JSON object, or
 * misses a required field, or has a field of the wrong type or out of range
 * is invalid, and nothing of it is used; unknown fields are ignored. Text
 * stays as sent (front ends strip control characters when they show it).
 *
 * Pure: no I/O, no catalog. Errors: -1 with a one-line heap message in
 * *err naming the field ("items[2].quantity is not a whole number").
 */
#ifndef CLERK_ORDER_JSON_H
#define CLERK_ORDER_JSON_H

#include <stddef.h>

#include "catalog/shop/orders.h"

/* Limits on what an answer may hold. */
#define ORDER_JSON_MAX_TEXT 1024   /* bytes of one string */
#define ORDER_JSON_MAX_LINES 1000  /* items, and events */

/* Reads an order from text[0..len). Returns 0 with *out filled (release it
 * with order_release), or -1 with *err. */
int order_json_parse(const char *text, size_t len, struct order *out, char **err);

/* The "error" string of an error answer ({"error": "..."}), or NULL when
 * text is not one. Heap. */
char *order_json_error(const char *text, size_t len);

/* Request bodies. Heap strings. */
char *order_json_placement(const struct order_placement *p);
char *order_json_change(const struct order_change *ch);

#endif
