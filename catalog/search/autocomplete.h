/*
 * autocomplete: prefix completion of what a shopper is typing, over the
 * catalog's brands, category names and the words of product names, for the
 * TUI's live suggestions.
 *
 * Owned by the search module (see catalog/search.h). The completions are
 * read once by autocomplete_new() into sorted arrays in memory, so a
 * keystroke is two binary searches and a short scan, with no SQL: well
 * under a millisecond at a million products. Words come from a sample of
 * 50,000 product names spread over the catalog (plus every brand and
 * category), which keeps start-up under a second and memory small on a
 * huge catalog; reopen it after an import to see new products.
 *
 * Each completion weighs what it stands for: a brand its products, a
 * category the products in and below it, a word the products with it in
 * their name or category path (from the sample, scaled to the catalog).
 * Past searches (the events table's 'search' rows) add to the words and
 * names they hold, never a completion of their own. So "hea" offers
 * "headphones" on a catalog of headphones, not a brand of three products.
 *
 * Matching folds case and accents like search (nlu/token): "cafe" completes
 * "Café Table". One word typed: brands, categories and words by weight. More
 * words: a whole brand or category the text begins comes first ("kate sp"
 * -> "kate spade new york"), then completions of the last word ("iphone 7
 * ca" -> "iphone 7 case"), heaviest first. A word typed in full is itself
 * a candidate: when it is the heaviest, the first suggestion is the text
 * as typed (a front end offers nothing then).
 *
 * Ownership: autocomplete_new() / autocomplete_free(); suggestions are heap
 * strings the caller frees with autocomplete_release().
 */
#ifndef CLERK_AUTOCOMPLETE_H
#define CLERK_AUTOCOMPLETE_H

#include <stddef.h>

#include "catalog/store/catalog.h"

typedef struct autocomplete autocomplete;

enum completion_kind { COMPLETION_BRAND, COMPLETION_CATEGORY, COMPLETION_WORD };

struct completion {
	char *text;                /* the whole suggested query text */
	enum completion_kind kind;
	double weight;             /* products it stands for, plus past searches */
};

autocomplete *autocomplete_new(catalog *c, char **err);
void autocomplete_free(autocomplete *a);

/* Fills out[0..max) with suggestions for typed; returns how many. Text
 * ending in a space (a finished word) gets brand and category completions
 * only. */
size_t autocomplete_suggest(autocomplete *a, const char *typed, struct completion *out,
                            size_t max);
void autocomplete_release(struct completion *out, size_t n);

#endif
