/*
 * turn: the reply being built for one utterance. Handlers write through
 * say() and suggest(), so every word the shopper reads comes from the
 * templates in the language pack (assets/lang/en/replies); the templates' {variables} are set for the
 * turn with turn_var().
 */
#ifndef CLERK_TURN_H
#define CLERK_TURN_H

#include "src/dialogue/dialogue_int.h"

/* Sets a template variable for this turn (value copied; NULL = unknown). */
void turn_var(struct turn *t, const char *name, const char *value);
void turn_varf(struct turn *t, const char *name, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));
/* Sets {var} to n and {var}_noun to the lexicon's "item"/"items" (var is
 * one of "items", "count", "total"). */
void turn_count(struct turn *t, const char *var, long long n);
/* Sets {price}-like variables: "$12.50", or "12.50 EUR". */
void turn_money(struct turn *t, const char *name, int64_t cents, const char *currency);

/* Appends a variant of the template key whose every variable is known (a
 * space first, or a newline when the key starts with '+'). */
void say(struct turn *t, const char *key);
/* The same, with the first variant whose every variable is known: for
 * templates listed from the fullest to the barest. */
void say_first(struct turn *t, const char *key);
/* say(), in the key's ".one" wording when n is 1 and the language has
 * one ("I only showed one product"). */
void say_count(struct turn *t, const char *key, long long n);
/* What a turn says when its products were not resolved: the keys for
 * words that named nothing (and its suggestions), for a list shown but
 * no product picked, and for no list at all. */
struct unresolved_keys {
	const char *not_found, *not_found_suggest;
	const char *which, *which_suggest;
	const char *none;
};
/* Says why the turn has no product to act on (a number past the list, a
 * name that names nothing, several that fit, none said); true when it did,
 * false when the reading has its products. */
bool turn_unresolved(struct turn *t, const struct unresolved_keys *k);
/* "I only showed 3 products; which one do you mean?" */
void say_out_of_range(struct turn *t);
/* Adds the suggestions of key whose variables are all known, up to 4. */
void suggest(struct turn *t, const char *key);
/* Records the turn's error (the reply then says so, and script mode
 * reports it). */
void turn_fail(struct turn *t, const char *err);

/* Copies products into the reply's product list. */
void turn_show(struct turn *t, const struct product_view *p, size_t n);
/* "which of them ...": the n products that answer shown, made the list in
 * focus and said with key (its {count} set), or none_key said when n is
 * 0; the products are released. */
void say_list_of(struct turn *t, struct product_view *items, size_t n, const char *key,
                 const char *none_key);

/* A price as the shopper reads it: "$12.50" (USD) or "12.50 EUR". Heap. */
char *money(int64_t cents, const char *currency);

#endif
