/*
 * stopwords: English words that carry no product meaning, for building the
 * search words of an utterance ("show me some wireless headphones" ->
 * "wireless headphones").
 *
 * Two lists, both fixed tables in the program:
 *  - stopwords_is(): function words ("the", "some", "me", "is").
 *  - stopwords_is_request(): words of asking and shopping talk ("show",
 *    "looking", "want", "buy", "please") that describe the request, not the
 *    product.
 * Neither list ever holds a word that carries intent or a constraint: "not",
 * "no", "without", "under", "over", "more", "less", "cheaper", "than",
 * "between", "only", "except", "best" are never stop words (the test suite
 * checks this), so callers may drop stop words without losing meaning.
 *
 * Words are folded (lower case, see nlu/normalize.h). Pure C, no state.
 */
#ifndef CLERK_STOPWORDS_H
#define CLERK_STOPWORDS_H

#include <stdbool.h>

bool stopwords_is(const char *word);
bool stopwords_is_request(const char *word);

/* True for the words the lists must never hold (negation, comparison,
 * price bounds); exported for the tests and for callers with their own
 * lists. */
bool stopwords_is_protected(const char *word);

/* Calls fn with every word of the three lists (function, request and
 * protected words): the language of asking rather than of products. */
void stopwords_each(void (*fn)(const char *word, void *ctx), void *ctx);

#endif
