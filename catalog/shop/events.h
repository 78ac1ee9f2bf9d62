/*
 * events: the shopper's actions (search, view, compare, add_to_cart,
 * remove_from_cart, purchase, feedback) logged with the time, for the
 * recommender and personalization. Logging never changes anything else.
 */
#ifndef CLERK_EVENTS_H
#define CLERK_EVENTS_H

#include "catalog/store/catalog.h"

/* Logs one event. customer (external id) or session names who; product is
 * a source id or NULL; detail is free text (the query, a rating) or NULL.
 * An unknown product is logged without one. 0 / -1 with *err. */
int events_log(catalog *c, const char *customer, const char *session, const char *kind,
               const char *product, const char *detail, char **err);

/* Records a hand-off to a person and gives its reference (heap, "H" and
 * digits) in *reference. message is what the shopper said, or NULL. */
int events_handoff(catalog *c, const char *customer, const char *session, const char *message,
                   char **reference, char **err);

/* Forgets a customer: events, carts, consent and the customer row itself
 * (orders stay, detached, for the store's accounts). 0 when there was no
 * such customer too. */
int events_forget_customer(catalog *c, const char *customer, char **err);

#endif
