/*
 * dialogue: the conversation core. dialogue_turn() takes one utterance and
 * returns a reply; the dialogue owns the conversation state: the list in
 * focus, the search frame, the cart, the order in focus and at most one
 * pending question (a slot to fill or a yes/no to confirm). Anything that
 * cannot be undone (checkout, cancelling or returning an order, emptying
 * the cart, forgetting a customer) happens only after a "yes" to a
 * question that says exactly what will happen.
 *
 * No terminal and no global state: both front ends (src/tui*.c and
 * src/script.c) and every test drive the same dialogue_turn(). The reply is
 * plain data for a front end to render.
 *
 * Ownership: a reply is filled by dialogue_turn() and released with
 * reply_release(); all its strings and arrays belong to it.
 */
#ifndef CLERK_DIALOGUE_H
#define CLERK_DIALOGUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "catalog/store/catalog.h"
#include "catalog/store/product_view.h"
#include "nlu/nlu.h"

typedef struct dialogue dialogue;


/* A side-by-side comparison: rows of attributes, one column a product. */
struct reply_compare {
	size_t n_cols;       /* products compared; their names head the columns */
	char **col_names;
	size_t n_rows;
	size_t n_fixed;      /* the first rows: price, brand, rating, stock, those
	                      * some compared product has */
	char **row_labels;   /* "price", "brand", "rating", "stock", attribute keys */
	char ***cells;       /* cells[row][col], "" when the product lacks it */
	bool *row_differs;   /* row_differs[row]: values are not all equal */
	char *verdict;       /* "Best value: ... because ..." */
};

struct reply {
	char *text;                    /* what clerk says; may hold newlines */
	struct product_view *products; /* what the reply shows, in order (summaries) */
	size_t n_products;
	struct reply_compare *compare; /* NULL when the reply has no comparison */
	char **suggestions;            /* 2-4 next turns for the shopper */
	size_t n_suggestions;
	struct nlu_result nlu;         /* the turn's intent, confidence, entities */
	char *error;                   /* NULL unless the turn failed */
	int cart_count;                /* items in the cart after the turn */
	int64_t cart_total_cents;
	bool end;                      /* the shopper said goodbye */
};

struct order_backend;

struct dialogue_options {
	catalog *cat;             /* borrowed; must outlive the dialogue */
	const char *assets_dir;   /* the bundled data: the language packs lang/ (required) */
	const char *model_path;   /* the intent model file (required) */
	struct order_backend *orders; /* borrowed; NULL for the orders in cat */
	const char *customer;     /* customer external id, or NULL */
	unsigned long seed;       /* chooses reply wording reproducibly */
	/* The word list of ordinary words, which spelling correction leaves
	 * alone (nlu/text/dictionary.h), loaded by dialogue_new() (tens of
	 * milliseconds: a front end that shows its prompt first calls
	 * dialogue_new() off its main thread); NULL: none. */
	const char *dictionary_path;
	const char *kiosk_payment; /* a kiosk: orders are collected at the counter and paid
	                              this way ("at the counter"); NULL elsewhere */
	const char *delivery;     /* the shop's delivery terms, said when asked about
	                             delivery ("Royal Mail Tracked 48, 3.49, free over
	                             30 ..."); NULL: the general answer */
	const char *returns;      /* the shop's returns terms ("30 days, unused"), said when
	                             asked how returns work; NULL: the general answer */
	const char *payment;      /* how the shop is paid ("cards and PayPal"), said when
	                             asked; NULL: that the shop has not said */
	const char *location;     /* where the shop is and when it is open, said when
	                             asked; NULL: that the shop has not said */
	bool no_personal_ranking; /* never re-rank search by a customer's affinities */
	bool shared_terminal;     /* a kiosk: no file of a shopper's data is written on it */
};

dialogue *dialogue_new(const struct dialogue_options *o, char **err);
void dialogue_free(dialogue *d);

/* One turn. Always fills *out (on failure out->error is set and out->text
 * says so to the shopper). */
void dialogue_turn(dialogue *d, const char *utterance, struct reply *out);
void reply_release(struct reply *r);

/* Forgets the conversation, cart and customer (kiosk idle reset): the
 * session ends (an anonymous one's cart is deleted) and a new one begins. */
void dialogue_reset(dialogue *d);

#endif
