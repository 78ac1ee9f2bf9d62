/*
 * events: the shopper's actions (search, view, compare, add_to_cart,
 * remove_from_cart, purchase, feedback) logged with the time, for the
 * recommender and personalization. Logging never changes anything else.
 *
 * Consent first: an event that names a customer is stored only when the
 * customer has granted consent to personalize (catalog/shop/profile.h);
 * otherwise nothing is stored, and the call still succeeds. An anonymous
 * shopper's events carry only the session string. Forgetting a customer
 * is profile_forget().
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

#endif
