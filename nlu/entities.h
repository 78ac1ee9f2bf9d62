/*
 * entities: the constraints and references an utterance names, read from
 * its normalized tokens (nlu/normalize.h) into a struct nlu_entities.
 *
 * What it finds: price bounds ("under 50", "between $20 and $40", "around
 * $50" = within 20%), quantities, sizes, ordinal references to the shown
 * list ("the second one", "first two", "compare 1 and 3", "both"),
 * superlatives and comparatives, order and invoice ids, e-mail addresses,
 * postcodes (US, UK, Canadian; any 4-6 digits next to "zip"/"postcode"),
 * negation ("not samsung", "without a case"), delivery places and person
 * names, and brands, categories, colors and materials from the vocabularies
 * handed in (multi-word names, plurals and other inflections by Snowball
 * stems, a few synonyms, typos by the spell module's distance, names split
 * or joined: "otter box" for OtterBox, "tshirts" for T-Shirts). What is
 * left is the product_words for a search.
 *
 * Every pass is a left-to-right scan with a bounded look-around, so time is
 * linear in the number of tokens.
 *
 * Pure C: no SQLite, no curses. Ownership: entities_new() / entities_free();
 * the vocabularies are copied in. The strings of a filled nlu_entities
 * belong to it (nlu_entities_release()). Not thread-safe: it keeps a
 * stemmer; use one per thread.
 */
#ifndef CLERK_ENTITIES_H
#define CLERK_ENTITIES_H

#include "nlu/nlu.h"
#include "nlu/text/normalize.h"

typedef struct entities entities;

entities *entities_new(void);
void entities_free(entities *e);

/* Replaces the vocabularies (v may be NULL: built-in colors and materials
 * only). Earlier entries win ties, so pass the most common first. */
void entities_set_vocab(entities *e, const struct nlu_vocab *v);

/* Fills *out (which it first clears with nlu_entities_init) from the
 * tokens t of input in. */
void entities_extract(entities *e, const char *in, const struct norm_text *t,
                      struct nlu_entities *out);

/* The tokenizer the extractor stems with, for normalize(). Borrowed. */
tokenizer *entities_tokenizer(entities *e);

#endif
