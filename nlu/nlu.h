/*
 * nlu: text to meaning. nlu_analyze() turns one utterance into an intent
 * with a confidence and the entities it names.
 *
 * Pure C: nlu/ never includes SQLite or curses. The catalog's vocabularies
 * (brands, categories, colors, materials) are handed in by the caller with
 * nlu_set_vocab(); the intent model is loaded from a file.
 *
 * Ownership: an nlu_result is filled by nlu_analyze() and released with
 * nlu_result_release(); its strings belong to it.
 *
 * (Interface agreed before implementation: fields may be added; the names
 * below are used by the dialogue manager and script mode.)
 */
#ifndef CLERK_NLU_H
#define CLERK_NLU_H

#include <stdbool.h>
#include <stddef.h>

typedef struct nlu nlu;

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
	int quantity;      /* 0 when absent */
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
};

struct nlu_result {
	char *intent;      /* label from the model, e.g. "search"; "out_of_scope" */
	double confidence; /* 0..1, calibrated */
	struct nlu_entities entities;
	char *normalized;  /* the normalized utterance */
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

/* Loads the intent model at model_path. Returns NULL with *err set (heap)
 * when the file is missing, corrupt or of another version. model_path NULL
 * makes an nlu without a model: entities only, every intent out_of_scope
 * with confidence 0 (for tests and fuzzing). */
nlu *nlu_new(const char *model_path, char **err);
void nlu_free(nlu *n);

/* Copies the vocabularies; may be called again to replace them. Names are
 * matched by their words (brands as written, others by Snowball stem), in
 * part (a brand's first words, a category's last words) and with typos;
 * between equally good matches the earlier entry wins, so pass the most
 * common first. Built-in basic colors and materials are always known. */
void nlu_set_vocab(nlu *n, const struct nlu_vocab *v);

/* Analyzes text (any bytes: invalid UTF-8, control characters and very long
 * lines are handled, in time linear in the length). The intent model sees
 * the text as given (as in `clerk classify`); entities come from its
 * normalized tokens (nlu/normalize.h, nlu/entities.h). Never fails except
 * for allocation, which exits. An nlu is not thread-safe: one per thread. */
void nlu_analyze(nlu *n, const char *text, struct nlu_result *out);
void nlu_result_release(struct nlu_result *r);

#endif
