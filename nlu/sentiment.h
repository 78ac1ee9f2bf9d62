/*
 * sentiment: how a shopper feels in a line of feedback ("this is useless",
 * "great, thanks!"), scored by a lexicon of valences that the language
 * pack holds (assets/lang/<code>/sentiment.txt: [sentiment.words],
 * [sentiment.negators], [sentiment.boosters], [sentiment.contrast],
 * [sentiment.symbols], [sentiment.shorthand]).
 *
 * The model, in order: emoticons and emoji are read off the raw text;
 * the rest is folded and split into words, shorthand expanded ("gr8"),
 * stretched letters squeezed ("soooo"), phrases matched before their
 * words ("waste of money", "no complaints"); a word of no list that is one
 * edit from a lexicon word and no word of the dictionary is read as that
 * word ("terible"). Each sentiment word is scaled by the boosters before
 * it ("really terrible", "a bit slow": strength only, never sign) and
 * turned and weakened by a negator in the three words before it within
 * its clause ("not bad" is mildly positive, "not good" mildly negative).
 * After a contrast word ("but") the clause counts more and what came
 * before less; exclamation marks add strength. The sum s is squashed to
 * score = s / sqrt(s^2 + 15), in -1..1, and labelled by a threshold.
 *
 * Pure C on nlu/text: no SQLite, no curses, no global state. Ownership:
 * sentiment_new() / sentiment_free(); the sentiment borrows the pack's
 * lists and the dictionary, which must outlive it. Scoring reads only, so
 * one sentiment may be shared by threads.
 */
#ifndef CLERK_SENTIMENT_H
#define CLERK_SENTIMENT_H

#include <stddef.h>

#include "nlu/text/dictionary.h"
#include "nlu/text/lang.h"

typedef struct sentiment sentiment;

enum sentiment_label { SENTIMENT_NEGATIVE = -1, SENTIMENT_NEUTRAL = 0, SENTIMENT_POSITIVE = 1 };

/* |score| below this is neutral. */
#define SENTIMENT_THRESHOLD 0.2

struct sentiment_result {
	double score;              /* -1 (worst) .. 1 (best) */
	double sum;                /* the valences added up, before squashing */
	enum sentiment_label label;
	size_t hits;               /* sentiment words, phrases and symbols found */
};

/* Reads the lists of pack (borrowed). dict (borrowed, may be NULL) keeps
 * ordinary words from being read as misspellings; without it every word
 * one edit from a lexicon word of five letters or more is. NULL with *err
 * (heap) when the pack has no [sentiment.words]. */
sentiment *sentiment_new(const lang *pack, const dictionary *dict, char **err);
void sentiment_free(sentiment *s);

/* Scores one utterance (any bytes; UTF-8 expected). */
void sentiment_score(const sentiment *s, const char *text, struct sentiment_result *out);

/* "pos", "neg" or "neu". */
const char *sentiment_label_name(enum sentiment_label label);

#endif
