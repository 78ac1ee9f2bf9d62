/*
 * promo: a promotion code on the shopper's cart. Which lines it covers
 * (its brand and category, when it names them), whether they reach its
 * minimum, and what it saves: a percentage or an amount off the lines it
 * covers, or free delivery. The cart view, checkout and the promotions
 * intent all read the code's effect from here, so they say the same.
 */
#ifndef CLERK_PROMO_H
#define CLERK_PROMO_H

#include <stdbool.h>
#include <stdint.h>

#include "catalog/shop/promotions.h"
#include "src/dialogue/dialogue_int.h"

struct promo_effect {
	enum promo_check check;
	struct promotion p;       /* filled unless PROMO_UNKNOWN */
	int64_t eligible_cents;   /* the cart lines it covers */
	int64_t total_cents;      /* the whole cart */
	bool reaches_minimum;     /* eligible_cents >= its minimum */
	int64_t saving_cents;     /* 0 for free delivery, or when it does not apply */
	bool free_delivery;
	bool applies;             /* valid, covers something, reaches the minimum */
};

/* The effect of code on the cart today. -1 with *err on a catalog error. */
int promo_effect(dialogue *d, const char *code, struct promo_effect *out, char **err);
void promo_effect_release(struct promo_effect *e);

/* A promotion code the text gives: a word with a letter and a digit, in
 * capitals, or after "code", "coupon", "voucher", "promo", "apply" or
 * "use", that the catalog holds as a code. Heap (the catalog's spelling),
 * or NULL. *asked (may be NULL) is set when a word after such a cue named
 * no code: the shopper gave one clerk does not know. */
char *promo_code_in(dialogue *d, const char *text, char **asked);

#endif
