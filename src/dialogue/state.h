/*
 * state: the conversation's state between turns, kept small and explicit
 * (struct dialogue in dialogue_int.h): the list in focus with its
 * positions, the search frame, the cart, the order in focus and the one
 * pending question. These functions are the only writers of it.
 */
#ifndef CLERK_STATE_H
#define CLERK_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "src/dialogue/dialogue_int.h"

/* Replaces the list in focus with copies of p (at most DLG_MAX_SHOWN);
 * matched and lifted (each may be NULL) explain each product. A list of
 * one is also the focus. */
void state_list_set(dialogue *d, const struct product_view *p, size_t n, char **matched,
                    char **lifted, enum dlg_list from);
void state_list_forget(dialogue *d);
/* Makes the turn's targets the focus: named ones not on the list become
 * the list, so "it" and "the first one" refer to them next. */
void state_focus_targets(dialogue *d, const struct reading *r);
/* The position of the product with that id in the list, or -1. */
int state_list_find(const dialogue *d, const char *id);
/* The variant of a product last answered about ("the pink one": "Pink"),
 * which "add it" then adds; the variant kept for product, or NULL. */
void state_variant_set(dialogue *d, const char *product, const char *variant);
const char *state_variant_of(const dialogue *d, const char *product);

/* Search frames. */
void frame_init(struct dlg_frame *f);
void frame_release(struct dlg_frame *f);
void frame_copy(struct dlg_frame *dst, const struct dlg_frame *src);
/* No words and no constraint (a sort alone is not a constraint). */
bool frame_empty(const struct dlg_frame *f);
/* Adds a value filter to f (key or value may be NULL, not both): what
 * an attribute of each product must say, or with exclude must not. True
 * when f changed. */
bool frame_add_value(struct dlg_frame *f, const char *key, const char *value, bool exclude);
/* Merges the constraints the entities name into f: a brand replaces the
 * brand and drops an excluded one, a price bound replaces that bound, and
 * so on. Words are not merged. True when any constraint changed. */
bool frame_merge(struct dlg_frame *f, const struct nlu_entities *e);
/* Makes f the frame the list in focus came from. */
void state_frame_set(dialogue *d, const struct dlg_frame *f);
void state_frame_forget(dialogue *d);

/* The shopper's cart, opened on first use. -1 with *err on failure. */
int state_cart(dialogue *d, int64_t *id, char **err);
/* Fills the reply's cart count and total. */
void state_cart_totals(dialogue *d, struct reply *out);

/* Asks a question: what it waits for and what the answer leads to. A
 * confirmation of an action gets a fresh idempotency key, kept with the
 * question so that a retry of the same yes reuses it. */
void state_ask(dialogue *d, enum dlg_ask ask, enum dlg_action action);
/* Drops the pending question and what it collected. */
void state_ask_clear(dialogue *d);

/* The order in focus: a new number forgets the old verification. */
void state_order_set(dialogue *d, const char *ref);
void state_order_verify(dialogue *d, const char *verify);
void state_order_forget(dialogue *d);

#endif
