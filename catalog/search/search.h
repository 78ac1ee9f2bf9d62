/*
 * search: catalog search for the dialogue, the TUI and `clerk search`.
 *
 * Owns (catalog/search/: search*.c, synonyms.c, df_cache.c; autocomplete
 * has its own header): turning shopper text into an FTS5 query, ranking,
 * typo correction, synonyms, relaxation, filters.
 *
 * How a query runs. The text is tokenized by nlu/token (the tokenizer the
 * index uses), stop words dropped, multi-word synonyms merged (the
 * language pack's rules), two words the catalog writes as one joined, and
 * each remaining word becomes a group of alternatives (the word's stem, a
 * compound's joined and split forms, its synonyms); a word said twice is
 * one group. A word the index does not know is corrected against the
 * catalog's own words (one edit up to five letters, two above; swaps,
 * adjacent keys and doubled letters cost half an edit; a word with digits
 * only in its letters); a word that is still unknown is dropped, and so is
 * a rare correction that matches nothing with the shopper's other words.
 * All groups must match (AND);
 * when that finds fewer products than the page holds, any group may match
 * (relaxed): products are ranked by how many groups they cover, so the
 * all-word matches come first (total_exact of them) and the closest others
 * fill the page, read first among the products holding the rarest groups.
 * With filters, relaxing happens only when the words match nothing at all.
 * Ranking is field-weighted bm25 (name above brand and category above
 * attributes above description), a word weighing in the product's own text
 * by the products whose own text holds it and in the category path by all
 * that hold it, with bonuses for words found in the name, for query words
 * adjacent in the name or the category path, and for words in the last
 * level of the category path (what the product is).
 * Filters are never numeric ranges inside MATCH: each matching rowid is
 * first tested against the price, brand and category of every product,
 * held in memory (search_facts.c), then joined to `products` for the SQL
 * filters. At most
 * SEARCH_CANDIDATES matches are ranked, which bounds the time of a query
 * whose words are everywhere.
 *
 * Errors: 0 / -1 with a heap message in *err (the caller frees it).
 * Ownership: a searcher borrows its catalog (which must outlive it);
 * search_result_release() frees everything a result holds.
 */
#ifndef CLERK_SEARCH_H
#define CLERK_SEARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "catalog/store/catalog.h"
#include "catalog/store/product_view.h"
#include "nlu/text/dictionary.h"
#include "nlu/text/lang.h"

/* Longer query text is cut to this many bytes (result.truncated says so). */
#define SEARCH_MAX_QUERY 512
/* At most this many matching products (filters applied) are ranked; a
 * query matching more ranks the first ones found and reports total_capped. */
#define SEARCH_CANDIDATES 250
/* At most this many word groups of a query are used. */
#define SEARCH_MAX_GROUPS 16

enum search_sort {
	SEARCH_SORT_RELEVANCE,
	SEARCH_SORT_PRICE_ASC,
	SEARCH_SORT_PRICE_DESC,
	SEARCH_SORT_RATING,
	SEARCH_SORT_POPULARITY,
};

struct search_query {
	const char *text;          /* shopper words; NULL or "" browses by filters */
	int64_t price_min;         /* cents, inclusive; -1 = none */
	int64_t price_max;         /* cents, inclusive; -1 = none */
	const char *brand;         /* only this brand (case-insensitive), or NULL */
	const char *exclude_brand; /* never this brand, or NULL */
	const char *category;      /* a level name ("Cases") or a path; its subtree */
	double min_rating;         /* 0 = none */
	bool in_stock;             /* only products with stock > 0 (unknown stock passes) */
	const char *color;         /* a color word the product must carry, or NULL */
	const char *must;          /* words every result holds, even when the text's
	                            * words are relaxed ("case" of a case for a
	                            * phone named by the text), or NULL */
	enum search_sort sort;
	size_t offset;
	size_t limit;              /* 0 = 10 */
	bool no_correct;           /* do not correct spelling */
	bool no_relax;             /* never fall back to any-word matching */
	int age_months;            /* for a child this old: products whose age range
	                            * (ATTR_AGE_FROM, ATTR_AGE_TO) leaves it out are left
	                            * out, and a browse (no text) lists only products
	                            * that say they suit it; -1 = none */
	bool keep_denied;          /* a lookup by name: products whose own text denies
	                            * a claim of the words ("Not vegan") are kept */
};

/* Sets every field to "none": no text, no filters, relevance, limit 10. */
void search_query_init(struct search_query *q);

struct search_hit {
	struct product_view p; /* the product's summary */
	double score;          /* higher is better; comparable within one result */
};

struct search_result {
	struct search_hit *hits; /* in order */
	size_t n_hits;
	size_t total;            /* products matching, filters applied */
	bool total_capped;       /* more match: total is SEARCH_CANDIDATES, a lower bound */
	size_t total_exact;      /* of those, products matching every word; when
	                            relaxed, they are the first hits */
	char *corrected;         /* "did you mean" text, NULL when nothing corrected */
	char **matched;          /* the words that matched, after correction and
	                            synonyms ("charger", "mobile"), for "why these?" */
	size_t n_matched;
	char **unknown;          /* query words nothing in the catalog relates to */
	size_t n_unknown;
	bool relaxed;            /* any-word matching was used */
	bool truncated;          /* the query text was cut to SEARCH_MAX_QUERY */
};

typedef struct searcher searcher;

/* language: the stemming language of the index; NULL for the catalog's
 * own (catalog/index_language.h), which is what every caller wants unless
 * it tests another one.
 * pack: the language pack whose words search reads (nlu/text/lang.h): the
 * synonym rules of [synonyms], the stop words a query drops ([query]),
 * the words of asking never corrected into product words ([stop],
 * [request], [constraint], [talk]) and the words after which a product
 * name says what the product fits ([fits]). Borrowed: it must outlive the
 * searcher. NULL searches with no such words. */
searcher *search_new(catalog *c, const char *language, const lang *pack, char **err);
void search_free(searcher *s);

/* The language's ordinary words (nlu/text/dictionary.h): a query word that
 * is one is never corrected ("counters" is not a slip of "country" because
 * the catalog lacks it). Borrowed; NULL (the default) corrects by the
 * index alone. */
void search_set_dictionary(searcher *s, const dictionary *ordinary);

/* Runs q. *out is always initialized (empty on error). */
/* How many products hold word (folded and stemmed as the index is), or,
 * when none does, one of its synonyms ("couch": the sofas), counted up to
 * cap; -1 on error. */
int64_t search_word_products(searcher *s, const char *word, int64_t cap);

int search_run(searcher *s, const struct search_query *q, struct search_result *out,
               char **err);
void search_result_release(struct search_result *r);

#endif
