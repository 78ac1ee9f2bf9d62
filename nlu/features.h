/*
 * features: an utterance as a bag of hashed sparse features for the intent
 * classifier. Text is folded (case, accents, compatibility forms through
 * utf8proc), cut into words (apostrophes inside a word are dropped, so
 * "don't" and "dont" agree; digit runs become "0", so order numbers do not
 * each make a feature), and each word gives: itself, its Snowball English
 * stem, the bigram with the word before, the skip bigram with the word two
 * back, and its character 3- to 5-grams with boundary marks. Emoji and other symbols are one word each.
 *
 * A features struct is scratch space for one thread: the stemmer keeps
 * state, and the hash array is reused from call to call so that steady
 * classification does not allocate. Input is any bytes; invalid UTF-8 and
 * control characters separate words; work is linear in the length and stops
 * after FEATURES_MAX hashes.
 *
 * Pure C: no SQLite, no curses.
 */
#ifndef CLERK_FEATURES_H
#define CLERK_FEATURES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Bound on the hashes of one utterance: a 1 MB line is read up to here. */
#define FEATURES_MAX 65536

typedef struct features features;

features *features_new(void);
void features_free(features *f);

/* A word the vocabulary does not know (known() false for the hash of the
 * word) gives the feature "unknown word" in place of its word feature:
 * "ladders" then weighs, as every other thing training never named does, for
 * the intents whose rare words are many (search), while its stem, character
 * n-grams and word pairs are kept as they are. known NULL (the default):
 * every word is itself. known may also just watch the words go by (to count
 * them) and answer true. ctx is passed to known. */
void features_set_vocabulary(features *f, bool (*known)(void *ctx, uint64_t word), void *ctx);

/* Hashes the features of text into an array owned by f (valid until the
 * next call) and returns how many; *out points to them. Repeats are kept:
 * a word said twice counts twice. */
size_t features_extract(features *f, const char *text, size_t len, const uint64_t **out);

#endif
