/*
 * lookup: the catalog as the dialogue reads it. A search frame runs as a
 * catalog search and comes back as a page of products with what explains
 * them (the words that matched, what lifted each) and facets counted over
 * the first results (brands, kinds, price range); single products come
 * with their details.
 *
 * The first page of a frame's search is kept (the "sample"): the next
 * page, asked for right after, is served from it without a second search.
 * Errors: 0 / -1 with a heap message in *err.
 */
#ifndef CLERK_LOOKUP_H
#define CLERK_LOOKUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "catalog/search/search.h"
#include "src/dialogue/dialogue_int.h"

struct dlg_facet {
	char *value;
	size_t count;
};

/* One page of search results with what explains them. */
struct dlg_results {
	struct product_view *items;
	char **matched;   /* per item: the words that matched, ", "-joined (heap, may be "") */
	char **lifted;    /* per item: what raised it ("rating 4.7", ...) (heap, may be "") */
	size_t n;
	size_t total;     /* all matches */
	bool capped;      /* more match than were counted: total is a lower bound */
	struct dlg_facet *brands;
	size_t n_brands;
	struct dlg_facet *categories;
	size_t n_categories;
	int64_t price_lo, price_hi;
	bool has_prices;
	char *did_you_mean; /* the corrected query, or NULL */
	bool relaxed;       /* any word could match: not every product has every word */
	size_t exact;       /* when relaxed, how many have every word (they come first) */
};

/* The catalog search f makes: *q borrows f's strings and the returned
 * text (heap; the caller frees it after the search). */
char *lookup_query(const struct dlg_frame *f, struct search_query *q);
/* Does words say any content word of name ("at&t" of "AT&T GoPhone")? */
bool lookup_any_word_said(const dialogue *d, const char *name, const char *words);
/* f's words as the search corrected them: corrected is the "did you mean"
 * text of f's search. NULL when it is not f's. Heap. */
char *lookup_corrected_words(const struct dlg_frame *f, const char *corrected);
/* The page [offset, offset + limit) of f's search. */
int lookup_search(dialogue *d, const struct dlg_frame *f, size_t offset, size_t limit,
                  struct dlg_results *out, char **err);
void lookup_results_release(struct dlg_results *r);
/* Drops the kept first page. */
void lookup_forget(dialogue *d);

/* How many of a search's first hits a list's facets are counted over. */
#define FACET_SAMPLE 60

/* "whole milk 2 litres", "10ft lightning cable": the hits with an
 * attribute of that measure, or a name that says it, first; the order kept
 * otherwise (among the first FACET_SAMPLE, what a page and its facets are
 * cut from). With q, the query r came from, products of its words beyond
 * the sample that have the measure come first too. */
void lookup_measure_first(dialogue *d, const char *measure, const struct search_query *q,
                          struct search_result *r);

/* Do some products have every one of these words? A probe that leaves the
 * kept page as it was; r holds the best matches, up to limit (release it
 * with search_result_release()). */
bool lookup_words_find(dialogue *d, const char *words, size_t limit, struct search_result *r);
/* Does f find a product with every word (and its filters)? */
/* Does text (a name, an attribute's value) carry a mark of the audience
 * ([audience_marks.X]: "men's", "kids")? */
bool lookup_audience_marked(const dialogue *d, const char *text, const char *audience);

bool lookup_finds_all(dialogue *d, const struct dlg_frame *f);

/* The words that some product of f's kind (its filters, its category)
 * holds, all of them together ("iphone 7 case" of "got iphone 7 case
 * protect best" among Cases); NULL when none. Heap. */
char *lookup_words_of_kind(dialogue *d, const struct dlg_frame *f, const char *words);

/* Do the words name products by their names, with every word? ("sourdough"
 * names "Sourdough Simple"; "cold weather" only stands in descriptions.) */
bool lookup_words_name_products(dialogue *d, const char *words);

/* Does a product's name say the words of phrase one after another ("but
 * first" of the "But First Coffee Print"), or one word as its plural or
 * singular ("mugs" of "Coffee Mug")? */
bool lookup_name_says(dialogue *d, const char *phrase);
/* Does any product of the catalog hold word? A words_keep_fn (kept and
 * ctx unused) for words_kept(): "the words some product holds". */
bool lookup_word_held(dialogue *d, const char *kept, const char *word, void *ctx);

/* Is word a kind of product: the last word of the name of one of the
 * products it finds ("Manchego Cheese", its part before a bracket, comma
 * or dash) or of the last level of its category ("Blue Cheese")? "cheese"
 * is; "nonstick" ("Nonstick Fry Pan") is not. */
bool lookup_word_is_kind(dialogue *d, const char *word);

/* The share of the kept page (its products with every word, when some
 * have) whose category is the named one or lies below it, and the share
 * made by the brand (0 without a kept page). */
double lookup_share_in(const dialogue *d, const char *category);
double lookup_brand_share(const dialogue *d, const char *brand);
/* Does a category path name the category (a level's name or a path) or
 * lie below it? Levels are " > "-joined ("Cell Phones > iPhone"); names
 * compare case-insensitively. */
bool lookup_path_under(const char *path, const char *category);
/* The category most of the kept page lies in (borrowed; valid until the
 * next search), with its share in *share; NULL without a kept page. */
const char *lookup_top_category(const dialogue *d, double *share);

/* Sets the variant of each product that shares its name with another of
 * the list: its colour, or the attribute whose value differs ("1 kg"). */
/* The stock of p in the options the search frame narrows to ("in red",
 * "size 43"), when the import kept its variants' stock; -1 when not. The
 * options it was counted in go to *options (heap; options may be NULL). */
int64_t lookup_frame_stock(dialogue *d, const struct product_view *p, char **options);
/* Each of the n products shows the stock of the frame's options
 * (lookup_frame_stock()), where it is known: a list "in red" says how
 * many red ones are left, not every colour's. */
void lookup_mark_frame_stock(dialogue *d, struct product_view *p, size_t n);
/* Marks the products of p[0..n) whose variants cost more than the price
 * shown (price_from: "from $11.00"). */
void lookup_mark_from_prices(dialogue *d, struct product_view *p, size_t n);
void lookup_mark_variants(dialogue *d, struct product_view *p, size_t n);

/* One product by its source id, with details when asked; no such product
 * is an error here. */
int lookup_product(dialogue *d, const char *id, bool details, struct product_view *out,
                   char **err);

#endif
