/*
 * stopwords: a language's words that carry no product meaning, for building
 * the search words of an utterance ("show me some wireless headphones" ->
 * "wireless headphones"). The words are data, the sections of the language
 * pack's stopwords.txt (nlu/text/lang.h); this module says how they are
 * read:
 *  - stopwords_is(): function words ("the", "some", "me", "is"), [stop].
 *  - stopwords_is_request(): words of asking and shopping talk ("show",
 *    "looking", "want", "buy", "please") that describe the request, not the
 *    product, [request].
 *  - stopwords_is_protected(): words that change a constraint ("not", "no",
 *    "without", "under", "more", "cheaper", "than", "only", "best"),
 *    [constraint]. They are never stop or request words, whatever those
 *    lists say, so callers may drop stop words without losing meaning.
 *  - stopwords_may_name(): function words that are also things sold ("can"),
 *    [noun_too].
 *
 * Words are folded (lower case, see nlu/text/normalize.h). A struct
 * stopwords borrows the pack's lists: the pack must outlive it. A pack
 * without the sections (or none) has no stop words.
 */
#ifndef CLERK_STOPWORDS_H
#define CLERK_STOPWORDS_H

#include <stdbool.h>

#include "nlu/text/lang.h"

struct stopwords {
	const lexicon_list *stop, *request, *protect, *noun_too;
};

/* Points sw at the lists of pack l (which may be NULL). */
void stopwords_init(struct stopwords *sw, const lang *l);

bool stopwords_is(const struct stopwords *sw, const char *word);
bool stopwords_is_request(const struct stopwords *sw, const char *word);
bool stopwords_is_protected(const struct stopwords *sw, const char *word);
/* Is word a function word that also names a thing sold ("can" of
 * "watering can"), [noun_too]? The caller decides whether it names one
 * where it stands. */
bool stopwords_may_name(const struct stopwords *sw, const char *word);

/* Is word a slip of a long function or request word, one edit from one of
 * six letters or more ("somthing", "pleese")? The caller decides that the
 * word is no word of its own (a dictionary's, a catalog's): then it reads
 * as that word. */
bool stopwords_near(const struct stopwords *sw, const char *word);

/* Calls fn with every word of the three lists (function, request and
 * protected words): the language of asking rather than of products. */
void stopwords_each(const struct stopwords *sw, void (*fn)(const char *word, void *ctx),
                    void *ctx);

#endif
