/*
 * kiosk: orders placed at a kiosk are handed over at the counter. Each
 * gets a pickup reference ("P" and digits, short enough to call out);
 * staff see the open ones, mark them paid or picked up, or cancel one with
 * a reason. The order's own status follows (paid; delivered when picked
 * up; cancelled), and every staff action is in the staff log.
 *
 * States: open -> paid -> picked_up, and open or paid -> cancelled.
 * Errors: 0 / -1 with a heap message in *err, as in catalog.h.
 */
#ifndef CLERK_KIOSK_H
#define CLERK_KIOSK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "catalog/store/catalog.h"

/* Makes order `order_ref` (the number shoppers quote) a kiosk order;
 * *pickup gets its pickup reference (heap). */
int kiosk_order_open(catalog *c, const char *order_ref, char **pickup, char **err);

struct kiosk_order {
	char *pickup;
	char *order;    /* the order number */
	char *state;    /* open, paid, picked_up, cancelled */
	int64_t total_cents;
	char *currency;
	int64_t items;  /* units */
	int64_t created_at;
	char *reason;   /* why it was cancelled, or NULL */
};

/* Kiosk orders not picked up or cancelled (all: every one), newest first,
 * at most limit. */
int kiosk_orders_list(catalog *c, bool all, size_t limit, struct kiosk_order **out, size_t *n,
                      char **err);
void kiosk_orders_free(struct kiosk_order *o, size_t n);

/* Moves the kiosk order with pickup reference (or order number) `ref` to
 * state "paid", "picked_up" or "cancelled" (reason required). A move the
 * states do not allow, or an unknown reference, is an error. */
int kiosk_order_set(catalog *c, const char *ref, const char *state, const char *reason,
                    char **err);

#endif
