/*
 * ask: what a question is about. The lexicon's [attribute.CONCEPT]
 * sections say which words name which property ("heavy", "weigh" ->
 * weight); a product's attribute belongs to a concept when its key holds
 * one of the concept's words, so "how heavy is it?" finds the catalog's
 * "net weight" whatever the catalog calls it. [comparative.less] and
 * [comparative.more] say which end wins a comparison ("lighter": the
 * smallest weight).
 */
#ifndef CLERK_ASK_H
#define CLERK_ASK_H

#include <stdbool.h>
#include <stddef.h>

#include "src/dialogue/dialogue_int.h"

/* The concept a word or phrase of text names ("weight"), or NULL; the
 * first in the text wins. Borrowed. */
const char *ask_concept(const dialogue *d, const char *text);
/* Does the word belong to the concept's words? */
bool ask_concept_word(const dialogue *d, const char *concept, const char *word);
/* -1 when the comparative wants the smallest value ("lighter"), +1 the
 * largest ("bigger"), 0 when it says neither. */
int ask_direction(const dialogue *d, const char *comparative);

/* The attributes of p (which has its details) that the words ask about,
 * or that belong to the concept: indexes into p->attrs, best first (a
 * key that is the question's words exactly before one that holds them),
 * every value of at most ASK_MAX_KEYS keys. Returns how many, at most max. */
#define ASK_MAX_KEYS 4
size_t ask_attrs(const dialogue *d, const struct product_view *p, char **words, size_t n,
                 const char *concept, size_t *idx, size_t max);

/* Is the attribute noise a shopper never decides by: a link, an image, a
 * code or id, a timestamp, an email address (by its key's words, the
 * lexicon's [lexicon.hidden_keys], or by the shape of its value)? */
bool ask_hidden(const dialogue *d, const char *key, const char *value);

/* The number a value starts with, and its unit (the rest, trimmed):
 * "280 g" -> 280, "g"; "6.1 inches" -> 6.1, "inches". false when the value
 * does not start with a number. unit gets at most size-1 bytes. */
bool ask_number(const char *value, double *num, char *unit, size_t size);

#endif
