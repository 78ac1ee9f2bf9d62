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

#include <stdbool.h>
#include <stddef.h>

#include "nlu/text/normalize.h"

enum nlu_sort {
	NLU_SORT_NONE,
	NLU_SORT_PRICE_ASC,  /* "cheapest", "cheaper", "lowest price" */
	NLU_SORT_PRICE_DESC, /* "most expensive", "premium" */
	NLU_SORT_RATING,     /* "best rated", "top rated", "best" */
	NLU_SORT_POPULARITY, /* "most popular", "best selling" */
};

/* Ordinal references to the last shown list. */
#define NLU_ORDINAL_NONE 0
#define NLU_ORDINAL_LAST (-1) /* "the last one" */
#define NLU_ORDINAL_ALL (-2)  /* "both", "all of them", "these" */

#define NLU_MAX_ORDINALS 8

/* Entities start cleared with nlu_entities_init() (prices, amount and
 * rating < 0, strings NULL) and are freed by nlu_entities_release();
 * nlu_result_release() does both for a result. */
struct nlu_entities;
void nlu_entities_init(struct nlu_entities *e);
void nlu_entities_release(struct nlu_entities *e);

struct nlu_entities {
	double price_min;  /* < 0 when absent */
	double price_max;  /* < 0 when absent */
	char *brand;       /* canonical spelling from the vocabulary, or NULL */
	char *not_brand;   /* "not samsung" */
	char *category;    /* canonical category name from the vocabulary, or NULL */
	char *color;
	char *not_color;
	char *material;
	char *size;        /* "64gb", "size 10", "queen", "xl" */
	int quantity;      /* as said when quantity_said: may be 0, negative or huge */
	bool quantity_said;
	/* "the second one" -> {2}; "compare 1 and 3" -> {1,3}; "both" -> {ALL} */
	int ordinals[NLU_MAX_ORDINALS];
	size_t n_ordinals;
	char *order_id;
	char *email;
	char *postcode;
	enum nlu_sort sort;
	bool comparative_cheaper; /* "cheaper", "less expensive" */
	bool negation;     /* "not that one", "without a case" */
	char *without;     /* "without a case" -> "case" */
	char *product_words; /* the words left for a product search, normalized */

	/* Added after the agreement (nlu owns this header). */
	char *not_category; /* "not a case" when "case" names a category */
	char *invoice_id;  /* "bill #12588" -> "12588"; '#' dropped like order ids */
	char *person_name; /* "Mr. Smith", "Anna Freeman", verbatim */
	char *city;        /* a city named as a place to deliver to or order from */
	char *country;     /* likewise a country, canonical spelling ("Japan") */
	double amount;     /* money named without a bound ("a refund of $299"); < 0 absent */
	char currency[4];  /* ISO code of the amount or bound when one was named, or "" */
	double rating_min; /* "over 4 stars", "4 stars and up"; < 0 when absent */
	bool comparative_pricier; /* "more expensive", "pricier", "higher end" */
	char *comparative; /* the comparative named: "cheaper", "lighter", "bigger" */
	bool in_stock;     /* "in stock only", "available now" */
	bool quantity_set; /* "make that 3", "change it to 2": the new quantity */
};

struct nlu_vocab {
	const char *const *brands;
	size_t n_brands;
	const char *const *categories;
	size_t n_categories;
	const char *const *colors;
	size_t n_colors;
	const char *const *materials;
	size_t n_materials;
};

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
