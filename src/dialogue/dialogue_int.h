/*
 * dialogue_int.h: private to src/dialogue*.c. The conversation state, the
 * turn being built, and the helpers the intent handlers share.
 *
 * One file per concern: dialogue.c (lifecycle, the intent table, dispatch,
 * reply building), dialogue_find.c (search, refine, show more, clarify,
 * explain), dialogue_product.c (product questions, compare, recommend),
 * dialogue_cart.c (cart and checkout), dialogue_orders.c (order status,
 * cancel, return with verification slots), dialogue_catalog.c (the search
 * and product details behind the handlers), dialogue_chat.c (greet, help,
 * promotions, hand-off and the other small intents), dialogue_words.c
 * (matching the shopper's words against the lexicon and product text).
 */
#ifndef CLERK_DIALOGUE_INT_H
#define CLERK_DIALOGUE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "catalog/search/search.h"
#include "common/buf.h"
#include "src/dialogue/dialogue.h"
#include "src/dialogue/orders.h"
#include "src/dialogue/replies.h"

#define DLG_PAGE 5          /* products shown a page */
#define DLG_MAX_SHOWN 16    /* the last shown list ordinals refer to */
#define DLG_MAX_VARS 48

/* What a search asks for; strings are heap (NULL = none). */
struct dlg_filters {
	char *words;      /* product words */
	double price_min; /* < 0 when none */
	double price_max;
	char *brand;
	char *not_brand;
	char *category;
	char *color;
	char *not_color;
	char *material;
	char *size;
	enum nlu_sort sort;
};

struct dlg_facet {
	char *value;
	size_t count;
};

/* One page of search results with what explains them. */
struct dlg_results {
	struct reply_product *items;
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
	bool relaxed;       /* no product had every word; these have some */
};

struct dlg_attr {
	char *key;
	char *value;
};

/* A product with the text questions are answered from. */
struct dlg_detail {
	struct reply_product p;
	char *description;
	char *features;
	struct dlg_attr *attrs;
	size_t n_attrs;
};

enum dlg_pending {
	PENDING_NONE,
	PENDING_CHECKOUT,      /* waiting for yes/no */
	PENDING_ORDER_ID,      /* waiting for an order number */
	PENDING_ORDER_VERIFY,  /* waiting for the email or postcode */
};

enum dlg_shown { SHOWN_SEARCH, SHOWN_RECOMMEND, SHOWN_CART };

enum dlg_order_action { ORDER_STATUS, ORDER_CANCEL, ORDER_RETURN };

struct searcher;
struct dlg_sample;
struct autocomplete;

struct dialogue {
	catalog *cat;
	struct searcher *search;
	struct autocomplete *complete; /* for front ends' completions (session.c); NULL until asked */
	nlu *nlu;
	replies *rp;
	struct order_backend *orders;     /* the caller's, or own_orders */
	struct order_backend *own_orders; /* the local store, when the caller gave none */
	char *customer;
	char *session;
	unsigned long seed;
	unsigned long turn;

	/* The last shown list: ordinals and pronouns resolve against it. */
	struct reply_product shown[DLG_MAX_SHOWN];
	char *shown_matched[DLG_MAX_SHOWN];
	char *shown_lifted[DLG_MAX_SHOWN];
	size_t n_shown;
	int focus;              /* index in shown of "it", or -1 */
	int compared[NLU_MAX_ORDINALS]; /* indexes of the last comparison */
	size_t n_compared;

	/* The search the shown list came from. */
	bool has_search;
	struct dlg_filters filters;
	size_t offset;
	size_t total;
	enum dlg_shown shown_from; /* where the shown list came from */
	struct dlg_sample *sample; /* the last first-page search, later pages come from it */

	int64_t cart_id;        /* 0 until the cart is first needed */

	enum dlg_pending pending;
	enum dlg_order_action order_action;
	char *order_ref;
	char *order_verify;     /* kept after a successful verification */
	int feedback_score;
	char *top_categories[4]; /* the catalog's biggest categories, for suggestions */
	size_t n_top_categories;
};

/* The turn being answered. */
struct turn {
	dialogue *d;
	const char *input;      /* the utterance as given */
	char *lower;            /* the utterance lowercased (ASCII), trimmed */
	struct reply *out;
	struct buf text;
	struct reply_var vars[DLG_MAX_VARS];
	char *owned[DLG_MAX_VARS]; /* heap values of vars, freed after the turn */
	size_t n_vars;
};

/* Handlers: one per intent, registered in the table in dialogue.c. */
typedef void (*dlg_handler)(struct turn *t);

void dlg_greet(struct turn *t);
void dlg_goodbye(struct turn *t);
void dlg_help(struct turn *t);
void dlg_thanks(struct turn *t);
void dlg_delivery(struct turn *t);
void dlg_promotions(struct turn *t);
void dlg_feedback(struct turn *t);
void dlg_human(struct turn *t);
void dlg_privacy(struct turn *t);
void dlg_out_of_scope(struct turn *t);
void dlg_search(struct turn *t);
void dlg_refine(struct turn *t);
void dlg_explain(struct turn *t);
void dlg_show_more(struct turn *t);
void dlg_question(struct turn *t);
void dlg_compare(struct turn *t);
void dlg_recommend(struct turn *t);
bool dlg_recommend_words(struct turn *t); /* dialogue_find.c */
void dlg_add(struct turn *t);
void dlg_remove(struct turn *t);
void dlg_view_cart(struct turn *t);
void dlg_checkout(struct turn *t);
void dlg_checkout_answer(struct turn *t, bool yes);
void dlg_order_status(struct turn *t);
void dlg_cancel_order(struct turn *t);
void dlg_return(struct turn *t);
void dlg_order_slot(struct turn *t);

/* Variables for the templates of this turn: set copies value (NULL allowed). */
void turn_var(struct turn *t, const char *name, const char *value);
void turn_varf(struct turn *t, const char *name, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));
/* Appends the rendered template key (a space or newline first when the text
 * is not empty; a key starting with '+' appends on a new line). */
void say(struct turn *t, const char *key);
/* Adds the suggestions of key whose variables are all known, up to 4. */
void suggest(struct turn *t, const char *key);
/* Sets the turn's error (shown to the shopper through the "error" reply). */
void turn_fail(struct turn *t, const char *err);

/* The shown list: replace it with products (copied). */
void shown_set(dialogue *d, const struct reply_product *p, size_t n, char **matched,
               char **lifted, enum dlg_shown from);
/* Copies products into the reply. */
void reply_show(struct turn *t, const struct reply_product *p, size_t n);
void reply_product_copy(struct reply_product *dst, const struct reply_product *src);
void reply_product_release(struct reply_product *p);

/* Resolves the turn's ordinals/pronouns to indexes in shown. Returns how
 * many (at most max); -1 when an ordinal is past the end of the list. */
int resolve_targets(struct turn *t, int *idx, size_t max, bool default_all);

/* Formats a price "$12.50" (or "12.50 EUR"). Heap. */
char *money(int64_t cents, const char *currency);

/* The lexicon: shopper phrases by meaning, in assets/replies (lexicon.*). */
bool lexicon_says(const dialogue *d, const char *lower, const char *key);
bool lexicon_is(const dialogue *d, const char *lower, const char *key);
bool lexicon_word(const dialogue *d, const char *word, const char *key);
/* Content words of s (lowercase, stopwords dropped): heap array of heap strings. */
char **content_words(const dialogue *d, const char *s, size_t *n);
void words_free(char **w, size_t n);
/* True when two words are the same word up to a plural or a short suffix. */
bool word_match(const char *a, const char *b);
/* How many of words occur in text (case ignored, word_match per word). */
size_t words_in_text(char **words, size_t n, const char *text);

/* Search adapter (dialogue_find.c over catalog/search.h). */
/* Does every one of the (lower-case, space-separated) words stand in the
 * name or the brand? */
bool words_in_name(const char *words, const char *name, const char *brand);
/* Do some products have every one of these words? A probe that leaves the
 * dialogue's last search as it was; r holds the best match (release it). */
bool dsearch_words_find(dialogue *d, const char *words, struct search_result *r);
int dsearch_run(dialogue *d, const struct dlg_filters *f, size_t offset, size_t limit,
                struct dlg_results *out, char **err);
void dlg_results_release(struct dlg_results *r);
/* The share of the last first-page search's sample (its products with
 * every word, when some have) whose category is the named one or lies
 * below it (0 without a sample). */
double dsearch_share_in(const dialogue *d, const char *category);

/* The share of that sample made by the brand (0 without a sample). */
double dsearch_brand_share(const dialogue *d, const char *brand);

/* Drops the first-page sample dsearch_run keeps for the next pages. */
void dsearch_forget(dialogue *d);
int dsearch_detail(dialogue *d, const char *id, struct dlg_detail *out, char **err);
void dlg_detail_release(struct dlg_detail *p);
void dlg_filters_release(struct dlg_filters *f);
void dlg_filters_copy(struct dlg_filters *dst, const struct dlg_filters *src);

/* Says that the remote order service failed (rc < 0 from a backend that is
 * remote), with err as the reason; false when the failure is another
 * kind, for the caller's usual error path. `key` is the template. */
bool dlg_order_unavailable(struct turn *t, const char *key, const char *err);

/* The cart id, opening the cart on first use. -1 with *err on failure. */
int dlg_cart(dialogue *d, int64_t *id, char **err);
/* Sets {var} to the count and {var}_noun to the lexicon's singular or
 * plural noun (word.item / word.items). */
void turn_count(struct turn *t, const char *var, long long n);
/* Fills the reply's cart_count and cart_total_cents. */
void dlg_cart_totals(struct turn *t);

#endif
