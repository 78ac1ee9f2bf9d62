/*
 * handlers: one function per intent, registered in dialogue.c's table,
 * grouped one file per family: find.c (search, refine, more, explain),
 * recommend.c, product.c (questions, comparisons, reviews), cart.c (cart
 * and checkout), order_flow.c (status, cancel, return), chat.c (the
 * small intents) and profile.c (signing in, consent, privacy). A handler
 * answers from the turn's reading (t->r) and the state; handlers never
 * call each other, except find.c's shared search that recommend.c stands
 * on. What several need of the shopper's profile is personal.c's.
 */
#ifndef CLERK_HANDLERS_H
#define CLERK_HANDLERS_H

#include <stdbool.h>

#include "src/dialogue/dialogue_int.h"
#include "src/dialogue/lookup.h"

typedef void (*dlg_handler)(struct turn *t);

/* find.c */
void dlg_search(struct turn *t);
void dlg_refine(struct turn *t);
void dlg_show_more(struct turn *t);
/* "something else?" of a search on screen: its next page, else the same
 * search beyond the budget without what was shown; false with no search
 * on screen. */
bool dlg_something_else(struct turn *t);
void dlg_explain(struct turn *t);
/* Where a frame's category and brand come from, for find_run() and
 * find_search():
 *  - FIND_GUESSED: this turn's words; checked against what the words find
 *    alone, and dropped from f when they would hide those;
 *  - FIND_GIVEN: given with the words (a recommendation's kind); when it
 *    holds nothing with the words, the words decide;
 *  - FIND_SETTLED: the conversation's kind; the search stays in it, and
 *    finding nothing there is the answer ("in black?" after desks never
 *    turns to a black desk lamp). */
enum find_origin { FIND_GUESSED, FIND_GIVEN, FIND_SETTLED };
/* Runs f as a new search frame and shows its first page under the
 * template key; returns how many products were shown (0: none, and
 * nothing was said when quiet_none). */
size_t find_run(struct turn *t, struct dlg_frame *f, const char *key, bool quiet_none,
                enum find_origin origin);
/* The search a frame makes (see enum find_origin): the first limit
 * products. No words are said. */
int find_search(dialogue *d, struct dlg_frame *f, enum find_origin origin, size_t limit,
                struct dlg_results *out, char **err);
/* Products of a kind ("case") for p, those naming it first, as the list
 * on screen; false (nothing said) when the catalog has none of the kind.
 * Without a kind: products of other kinds made for p (its accessories),
 * when there are two or more; false (nothing said) otherwise. */
bool find_for_product(struct turn *t, const struct product_view *p, const char *kind);
/* The frame the turn's own words and constraints make. */
void find_frame_of_turn(struct turn *t, struct dlg_frame *f);
/* Does a refinement say only a colour or size within the kind on screen
 * ("what about in black"), naming no kind of its own? */
bool find_refine_keeps_kind(struct turn *t);

/* recommend.c */
void dlg_recommend(struct turn *t);

/* product.c */
void dlg_question(struct turn *t);
/* "im 5'10 what size should i get": the sizes whose range in the size
 * guide of the product in focus holds the shopper's measure (sizing.c). */
void dlg_size_advice(struct turn *t);
/* Is the turn a size question with the shopper's own measure? */
bool sizing_asked(struct turn *t);
void dlg_compare(struct turn *t);
/* Does the turn weigh the prices of the variants of the product in
 * focus by an option it names ("is it cheaper in paperback", "the price
 * of the hardback and the paperback")? */
bool asks_variant_prices(struct turn *t);

/* "what about in black" of the product in focus, sold in black: that
 * variant's price and stock, and "add it" adds it. False (nothing said)
 * when no product is in focus or it has no variant in what was said. */
bool answer_focus_variant(struct turn *t);
/* Does the turn name an option of the product in focus ("the paperback",
 * "in blue")? */
bool names_variant_of_focus(struct turn *t);
/* Does the turn ask about the product in focus by words a classifier may
 * read as a search or out of scope: its wear or faults in a catalog that
 * gives conditions ("any scratches?"), an amount a line of its data
 * gives ("how many net carbs"), or more of it ("tell me more")? */
bool asks_of_focus(struct turn *t);
/* Does the text ask which of the list on screen say something ("which of
 * these are ...", "are any of them ...")? */
bool which_of_asked(const char *lower);

/* cart.c */
void dlg_add(struct turn *t);
void dlg_remove(struct turn *t);
void dlg_view_cart(struct turn *t);
void dlg_checkout(struct turn *t);
/* The answers to the cart's questions: yes/no to a checkout or to
 * emptying the cart, a guest's email or postcode. */
void cart_answer(struct turn *t);
/* The answer to "which one should I add?" (ASK_VARIANT): the variant it
 * names added, as many as were asked for; false (nothing said) when it
 * names none of the product's options. */
bool cart_variant_answer(struct turn *t);

/* order_flow.c */
void dlg_order_status(struct turn *t);
void dlg_cancel_order(struct turn *t);
void dlg_return(struct turn *t);
/* The answers to the order questions: an order number, the verification,
 * which items to return, yes/no to a cancel or return. */
void order_answer(struct turn *t);

/* chat.c */
void dlg_greet(struct turn *t);
void dlg_goodbye(struct turn *t);
void dlg_help(struct turn *t);
void dlg_thanks(struct turn *t);
void dlg_delivery(struct turn *t);
void dlg_promotions(struct turn *t);
void dlg_feedback(struct turn *t);
void dlg_human(struct turn *t);
void dlg_out_of_scope(struct turn *t);
void dlg_foreign(struct turn *t);
/* "what is the return policy?": how returns, cancellations or delivery
 * work, for the intent in d->policy_of. */
void dlg_policy(struct turn *t);

/* profile.c */
void dlg_sign_in(struct turn *t);
/* Does the turn sign in: a sign-in phrase ("I'm customer", "log in"), or
 * a customer word right before an id ("customer 1042 here")? */
bool profile_signs_in(const struct turn *t);
void dlg_privacy(struct turn *t);
/* Is the turn an answer to the sign-in's question (a customer number, an
 * email or postcode), rather than something else? */
bool profile_takes_answer(const struct turn *t);
/* The answers to the profile's questions: the customer number and its
 * check when signing in, yes or no to personalizing, to deleting the
 * history, to forgetting the customer. */
void profile_answer(struct turn *t);
/* The first turn of a returning customer's session: their waiting cart,
 * told once, with one product that goes with it. */
void profile_remind(struct turn *t);

#endif
