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
 * The words it reads by are data, the language pack's lists (nlu/text/
 * lang.h, assets/lang/README.md): gazetteers (places.txt), built-in colors
 * and materials (attributes.txt), cue words (cues.txt), price, sort,
 * comparative and size phrases (phrases.txt), the groups of [names]
 * (synonyms.txt) and the stop words. A pack without a list reads nothing
 * by it.
 *
 * Pure C: no SQLite, no curses. Ownership: entities_new() / entities_free();
 * the pack is borrowed (it must outlive the extractor), the vocabularies
 * are copied in. The strings of a filled nlu_entities
 * belong to it (nlu_entities_release()). Not thread-safe: it keeps a
 * stemmer; use one per thread.
 */
#ifndef CLERK_ENTITIES_H
#define CLERK_ENTITIES_H

#include <stdbool.h>
#include <stddef.h>

#include "nlu/text/dictionary.h"
#include "nlu/text/lang.h"
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

/* Further values of a key the utterance names more than once ("black or
 * red", "Northridge or Riverstone", "orders 50001 and 50004"), in the
 * order said; the first value is in the key's own field. */
#define NLU_MAX_MORE 4
struct nlu_more {
	char *v[NLU_MAX_MORE];
	size_t n;
};

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
	/* "around $100": the amount said (price_min and price_max hold the
	 * range a search uses for it); < 0 when absent */
	double price_around;
	char *date;          /* "March 3rd 2026" -> "2026-03-03"; no year: "--03-03" */
	char *date_relative; /* "last tuesday", "4 days ago", "friday" (from "by friday") */
	/* the age of the child the products are for, in months: "for a 4
	 * year old" (its words say nothing else), "a toddler" (the word stays
	 * a product word); < 0 when absent (nlu/text/ages.h) */
	int age_months;
	bool age_stage;    /* the age is a stage's ("toddler"), not a number said */
	struct nlu_more more_brands, more_not_brands, more_colors, more_not_colors,
	    more_order_ids;
	struct nlu_more more_without; /* "allergic to nuts and soy": "soy" */
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

/* An extractor reading the words of pack l (borrowed; NULL: no words). */
entities *entities_new(const lang *l);
void entities_free(entities *e);

/* Replaces the vocabularies (v may be NULL: built-in colors and materials
 * only). Earlier entries win ties, so pass the most common first. */
void entities_set_vocab(entities *e, const struct nlu_vocab *v);

/* Words of the dictionary (borrowed; may be NULL) are ordinary words:
 * never corrected into a vocabulary entry one edit away. */
void entities_set_dictionary(entities *e, const dictionary *d);

/* Whether a word is one of the catalog's own (its products' text holds
 * it): such a word is never read as the start of a brand ("micro" of
 * "Micro USB" is not Microsoft). Asked of two words with a space between,
 * whether products' names hold them together: an ordinal inside a name
 * ("the but first coffee print", "First Orchard") is no list position.
 * fn may be NULL: none is. */
typedef bool (*entities_known_fn)(void *ctx, const char *word);
void entities_set_known(entities *e, entities_known_fn fn, void *ctx);

/* Fills *out (which it first clears with nlu_entities_init) from the
 * tokens t of input in. */
void entities_extract(entities *e, const char *in, const struct norm_text *t,
                      struct nlu_entities *out);

/* The tokenizer the extractor stems with, for normalize(). Borrowed. */
tokenizer *entities_tokenizer(entities *e);

/* The pack's words for normalize(), as the extractor normalizes names.
 * Borrowed. */
const struct norm_words *entities_norm_words(const entities *e);

#endif
