/*
 * personal: what the conversation does with what it knows of the shopper,
 * shared by the handlers and the search below them: whether to
 * personalize at all, the re-ranking of a search, the one consent
 * question, and an eco-friendly alternative for those who care.
 *
 * Personalization needs a signed-in customer who agreed (the consent is
 * read once a session and kept in the dialogue, changed only through
 * personal_consent_set()); without it every function here leaves the
 * conversation as it would be for anyone.
 */
#ifndef CLERK_PERSONAL_H
#define CLERK_PERSONAL_H

#include <stdbool.h>
#include <stddef.h>

#include "catalog/search/search.h"
#include "catalog/shop/profile.h"
#include "src/dialogue/dialogue_int.h"

/* The signed-in customer's consent (read from the catalog once). */
enum profile_consent personal_consent(dialogue *d);
/* Records the shopper's answer in the catalog and the dialogue. -1 with
 * *err on failure. */
int personal_consent_set(dialogue *d, bool granted, char **err);
/* Forgets what was read about the customer (another one signed in). */
void personal_forget(dialogue *d);

/* The customer to personalize for: signed in and consented, else NULL. */
const char *personal_customer(dialogue *d);

/* Moves hits up by the customer's affinities, a few places at most; the
 * first hit (the best text match) stays first, and only a page in
 * relevance order is touched (sorted is false). */
void personal_rerank(dialogue *d, struct search_hit *hits, size_t n, bool sorted);

/* The lexicon's words that mark an eco label ("organic", "recycled"). */
const char *const *personal_eco_words(dialogue *d, size_t *n);

/* The consent question, asked once, at a signed-in customer's first
 * search when they have never answered it. true when it was asked. */
bool personal_ask_consent(struct turn *t);

/* After a page of products: when the customer's history shows they
 * choose eco-labelled products, the best rated eco-friendly one of the
 * first product's category is named. */
void personal_eco_nudge(struct turn *t, const struct product_view *shown, size_t n);

#endif
