/*
 * session: what a front end asks beside the conversation: one product's
 * details for a details pane, a completion of what the shopper is typing,
 * and the kiosk's staff screens (PIN sign-in, a customer's orders, hand-off
 * requests). Thin calls over the catalog of the dialogue, so that front
 * ends include no catalog header and run no catalog code of their own.
 *
 * Errors: 0 / -1 with a heap message in *err. The structs filled are the
 * catalog's own, released with the catalog's release functions named here.
 */
#ifndef CLERK_SESSION_H
#define CLERK_SESSION_H

#include <stdbool.h>
#include <stddef.h>

#include "catalog/search/search.h"
#include "catalog/shop/analytics.h"
#include "catalog/shop/handoffs.h"
#include "catalog/shop/kiosk.h"
#include "catalog/shop/staff.h"
#include "catalog/store/product_view.h"
#include "src/dialogue/dialogue.h"

/* A shopper's query read the way the dialogue reads a search: the NLU's
 * constraints (price, brand, rating, stock, sort, colour) and product
 * words, with a guessed category or brand kept only when the words' own
 * results lie in it. `clerk search` runs it, so the command and the
 * conversation understand a query the same way. */
struct session_query {
	struct search_query q; /* borrows the strings below */
	char *text, *brand, *exclude_brand, *category, *color;
	char *measure; /* "10 ft": products of that measure come first */
};
int session_read_query(dialogue *d, const char *text, struct session_query *out, char **err);
void session_query_release(struct session_query *q);
/* Runs a query on the dialogue's searcher (search_result_release()), with
 * the products of its measure first as the conversation lists them. */
int session_run_query(dialogue *d, const struct session_query *q, struct search_result *out,
                      char **err);

/* Builds what completions are drawn from (a walk over the catalog's
 * names: seconds at a million products), so a front end can do it on a
 * thread of its own before the first keystroke. */
int session_prepare_completion(dialogue *d, char **err);

/* The whole line to offer for what the shopper has typed, or NULL (also
 * before session_prepare_completion()). Heap; the caller frees it. */
char *session_complete(dialogue *d, const char *typed);

/* One product by its source id, with its details (product_view_release()
 * frees it); out->id is NULL when no product has that id. */
int session_details(dialogue *d, const char *id, struct product_view *out, char **err);

/* Staff sign-in with the kiosk's PIN; lockout_seconds after too many
 * failures. */
int session_staff_sign_in(dialogue *d, const char *pin, int lockout_seconds,
                          struct staff_signin *out, char **err);

/* A customer's orders by customer id, email or order number
 * (staff_orders_free() frees them). */
int session_staff_orders(dialogue *d, const char *who, size_t limit, struct staff_order **out,
                         size_t *n, char **err);

/* The staff report over [since, until) (analytics_report_release()). */
int session_staff_report(dialogue *d, int64_t since, int64_t until, struct analytics_report *out,
                         char **err);
/* Kiosk orders waiting at the counter (kiosk_orders_free()), and moving
 * one to "paid", "picked_up" or "cancelled" (with a reason). */
int session_kiosk_orders(dialogue *d, size_t limit, struct kiosk_order **out, size_t *n,
                         char **err);
int session_kiosk_order_set(dialogue *d, const char *ref, const char *state, const char *reason,
                            char **err);
/* Open hand-offs (handoffs_free()), and closing one with a note. */
int session_handoffs_open(dialogue *d, size_t limit, struct handoff **out, size_t *n, char **err);
int session_handoff_close(dialogue *d, const char *reference, const char *note, char **err);

#endif
