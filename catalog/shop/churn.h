/*
 * churn: which customers the store is losing, for staff. Each customer
 * with orders gets recency, frequency and monetary scores (1-5 by their
 * rank among all customers with orders, 5 the best), and is at risk when their
 * last order is overdue: a repeat customer later than CHURN_OVERDUE times
 * their own usual interval between orders, a one-order customer after the
 * lapsed rule's days (offer_rules; CHURN_LAPSED_DAYS without one). The
 * list is ranked by what is at stake: lateness times what they spent.
 *
 * Reads orders only (the store's own records, kept without consent);
 * cancelled and returned orders do not count. Forgotten customers' orders
 * have no customer and are not in it. Never writes.
 *
 * Errors: 0 / -1 with a heap message in *err, as in catalog.h.
 */
#ifndef CLERK_CHURN_H
#define CLERK_CHURN_H

#include <stddef.h>
#include <stdint.h>

#include "catalog/store/catalog.h"

#define CHURN_OVERDUE 1.5
#define CHURN_LAPSED_DAYS 90

enum churn_reason {
	CHURN_OVERDUE_REPEAT, /* a repeat customer later than usual */
	CHURN_LAPSED_SINGLE,  /* one order, long ago */
};

struct churn_customer {
	char *customer;         /* external id */
	int64_t orders;
	int64_t spent_cents;
	char *currency;         /* of their newest order */
	int64_t days_since;     /* since their last order */
	double usual_gap_days;  /* mean days between their orders; 0 with one order */
	int recency, frequency, monetary; /* scores 1..5 by rank */
	double risk;            /* lateness: days_since over what was expected, 1 = due */
	enum churn_reason reason;
	char *offer;            /* a suggested win-back: the lapsed rule's description, or NULL */
	double offer_value;     /* and its kind and value ("percent", 15) */
	char *offer_kind;
};

/* The customers at risk at time now (Unix), most at stake first, at most
 * limit (0: all). *out is a heap array released with churn_free(). */
int churn_list(catalog *c, int64_t now, size_t limit, struct churn_customer **out, size_t *n,
               char **err);
void churn_free(struct churn_customer *a, size_t n);

#endif
