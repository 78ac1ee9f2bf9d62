/*
 * offers: personal promotions. Staff write the rules (the offer_rules
 * table: loyalty, a favourite category, a lapsed customer; schema.c has
 * the defaults); a customer who meets a rule is issued one code for it,
 * once ever, so an offer is never made twice. A code is unique across
 * every promotion code, belongs to its customer alone and is single-use:
 * checkout claims it (offers_claim()) before the order is placed.
 *
 * Codes are looked up like any promotion code (promotions_lookup() in
 * promotions.h, which knows their owner and whether they were used), so
 * the cart and checkout treat them the same way.
 *
 * Consent first: offers are personalization, so a customer who has not
 * granted consent (profile.h) is issued none.
 *
 * Errors: 0 / -1 with a heap message in *err, as in catalog.h.
 */
#ifndef CLERK_OFFERS_H
#define CLERK_OFFERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "catalog/store/catalog.h"

struct offer {
	char *code;
	char *description;   /* {category} filled in */
	char *kind;          /* percent, amount, shipping */
	double value;
	char *category;      /* the category path it covers, NULL for the whole store */
	int64_t min_total_cents;
	char *ends_at;       /* ISO date, the last day it runs */
	bool fresh;          /* issued by this call: never told before */
};

/* Issues the codes the customer's standing earns under the active rules
 * at time now (Unix), then lists the customer's codes that are neither
 * used nor ended, the fresh ones first. *out is a heap array released
 * with offers_free(). */
int offers_for(catalog *c, const char *customer, int64_t now, struct offer **out, size_t *n,
               char **err);
void offers_free(struct offer *o, size_t n);

enum offers_claim {
	OFFERS_CLAIMED,      /* the customer's own unused code, now marked used */
	OFFERS_NOT_PERSONAL, /* not a personal code (a store-wide one): nothing changed */
	OFFERS_USED,         /* a personal code used already, or not this customer's */
};

/* Claims code for customer at checkout, at time now. */
int offers_claim(catalog *c, const char *code, const char *customer, int64_t now,
                 enum offers_claim *out, char **err);
/* The order placed with a claimed code: its number goes on the code. */
int offers_attach(catalog *c, const char *code, const char *order_ref, char **err);
/* The order could not be placed: the claim is undone. */
int offers_release(catalog *c, const char *code, char **err);

#endif
