/*
 * resolve: one reading per turn. The NLU gives the intent and entities;
 * resolve_turn() grounds every reference against the state and the
 * catalog, once, into t->r (struct reading): ordinals and "it", "both",
 * "them" against the list in focus; superlatives over it ("the cheaper
 * one", "the lighter one", "the best rated"); products named by name in
 * the sentence, matched against the list, the cart and then the catalog
 * through the search index; a plain yes or no; the quantity asked for; and
 * what a question asks about. Handlers act on the reading and never read
 * the text again. A reference that resolves to nothing says so in
 * r.ref, so the handler can tell the shopper instead of acting on
 * something else.
 */
#ifndef CLERK_RESOLVE_H
#define CLERK_RESOLVE_H

#include <stdbool.h>

#include "src/dialogue/dialogue_int.h"

/* Fills t->r for a turn to be answered as intent (a static string). */
void resolve_turn(struct turn *t, const char *intent);
/* Is the turn a plain yes or no (the only reading a confirmation needs)? */
void resolve_answer(struct turn *t);
void reading_release(struct reading *r);
/* "lightest laptop", "the biggest monitor you sell": a search that asks
 * the most or least of a measure of a kind (not its price or rating, which
 * a search sorts by) is answered as "which is the lightest laptop": the
 * kind's products with a value, best first, become the list. true when
 * they were found (t->r holds them, read as "compare"); else t->r is left
 * empty and nothing has changed. */
bool resolve_kind_winner(struct turn *t);
/* Do two or more products of the list on screen hold every content word
 * of words in their name or category (a list of that kind)? */
bool resolve_list_holds(struct turn *t, const char *words);
/* The position in the list of the one product the turn picks by a size
 * it says ("the 2 litre one", "the 500g Greek Yogurt"): the only one
 * with an attribute of that size whose name holds the turn's other name
 * words; -1 when none or several. */
int resolve_variant_pick(struct turn *t);
/* Does the turn name a catalog product by its name ("tell me about the
 * Basil Pesto")? A probe that changes nothing. */
/* Does the turn name exactly one catalog product by its name ("what is
 * the abv of the ardbeg"), the words of the question aside? A probe. */
bool resolve_names_one(struct turn *t);
/* Do the turn's name words find exactly one product, all of them in its
 * name, brand, category or attributes ("and a wool beanie")? The probe
 * from_catalog() falls back on; nothing is kept. */
bool resolve_one_holds_words(struct turn *t);
/* Does the product in focus come in the colour and size the turn says
 * ("the pink one" of a thermometer sold in pink)? */
bool resolve_focus_variant(struct turn *t);
/* The variant of the product in focus the turn names by an option of its
 * own ("the deluxe one" of a hamper sold Standard or Deluxe), or NULL.
 * Heap. */
char *resolve_focus_variant_named(struct turn *t);
/* Is every word of w[0..n) a word of an option of variant ("Ground, 1
 * kg"), that option said without its space ("1kg"), or a word that leads
 * a request ("please")? */
bool resolve_words_name_variant(const dialogue *d, char **w, size_t n, const char *variant);

bool resolve_names_product(struct turn *t);

/* The same, with the words an intent reads as names ("add to basket":
 * "basket" is no name of an add). */
bool resolve_names_product_for(struct turn *t, const char *intent);

#endif
