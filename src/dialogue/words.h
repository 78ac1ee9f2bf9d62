/*
 * words: the shopper's words. Which phrases mean "yes", "show more" or
 * "in stock?" is language, not code: it lives in the lexicon sections of
 * the reply templates (assets/lang/en/replies/lexicon.txt), and these functions
 * only match text against them. Matching is on lowercase text with word
 * boundaries.
 */
#ifndef CLERK_WORDS_H
#define CLERK_WORDS_H

#include <stdbool.h>
#include <stddef.h>

#include "src/dialogue/dialogue_int.h"

/* Is the whole of lower (punctuation aside) one of the section's phrases? */
bool words_is(const dialogue *d, const char *lower, const char *section);
/* Does one of the section's phrases occur in lower? */
bool words_says(const dialogue *d, const char *lower, const char *section);
/* Where phrase first stands in text as whole words ("one" in "the foam
 * one", not in "someone"), or NULL. */
const char *words_at(const char *text, const char *phrase);
/* The first of the section's phrases that occurs in lower (borrowed), or
 * NULL. */
const char *words_said(const dialogue *d, const char *lower, const char *section);
/* Does word occur in one of the section's phrases? */
bool words_in_section(const dialogue *d, const char *word, const char *section);
/* Is any word of text in the section (words_in_section())? */
bool words_any(const dialogue *d, const char *text, const char *section);

/* The content words of s (lowercase, the lexicon's stop words dropped):
 * a heap array of heap strings, freed with words_free(). */
char **words_content(const dialogue *d, const char *s, size_t *n);
/* The content words of the turn's product words: a function word right
 * after a content word stays where products' names say the two ("a
 * watering can for ...", words_note_name_ends()). */
char **words_product_content(const dialogue *d, const char *product_words, size_t *n);
/* Every word of s, lower case, as written (stop words kept; split at all
 * but letters, digits and apostrophes). Free with words_free(). */
char **words_split_plain(const char *s, size_t *n);
void words_free(char **w, size_t n);
/* w[0..n) joined by spaces (heap; "" when n is 0). */
char *words_join(char **w, size_t n);

/* Notes the pairs of a turn's product words whose second is a function
 * word that also names a thing ([noun_too]) and that names_say() finds in
 * products' names ("watering can"), so that the content words of the
 * frame keep it in later turns too. The WORDS_NAME_ENDS newest are kept. */
#define WORDS_NAME_ENDS 8
void words_note_name_ends(dialogue *d, const char *product_words,
                          bool (*names_say)(dialogue *d, const char *phrase));

/* The same word up to a plural or a short suffix ("case"/"cases"). */
bool words_match(const char *a, const char *b);
/* Is word a whole word of text, as it is or with an "s" or "es" more or
 * less ("men" in "Men's Coat", "boy" in "Boys Tee"; not "man" in "Maple
 * Manor", which words_match() would take)? Case ignored. */
bool words_form_in(const char *word, const char *text);
/* How many of words occur in text (case ignored, words_match per word). */
size_t words_in_text(char **words, size_t n, const char *text);
/* Does text hold every content word of words, a plural or a short suffix
 * apart ("chargers" in "USB Charger")? */
bool words_all_in(const dialogue *d, const char *words, const char *text);

/* Calls fn on each sentence of text (a line of its own too: a list item
 * of the HTML; "approx. 80 hours" is one sentence); fn's score picks the
 * best, the first of a tie unless a later one is a whole sentence (ends
 * with a stop) and it is not ("Seasoned and ready to cook" heads "...
 * comes pre-seasoned with oil."). Heap, or NULL when no sentence scores
 * above 0. */
char *words_best_sentence(const char *text, size_t (*fn)(const char *, void *), void *ctx);

/* text in lower case (ASCII letters), heap. */
char *words_lower(const char *text);

/* Does the name say the words of phrase one after another, each whole,
 * case and accents aside ("but first" in "But First Coffee Print")? */
bool words_run_in(const char *phrase, const char *name);

/* Does every one of the (lowercase, space-separated) words stand in the
 * name or the brand? */
bool words_in_name(const char *words, const char *name, const char *brand);

/* The content words of words without those of cut ("dresses medium"
 * without "medium"), or NULL when none is left; a function word stays
 * as words_product_content() keeps it. Heap. */
char *words_without(const dialogue *d, const char *words, const char *cut);

/* Does lower start with one of the section's phrases ("i'm a")? */
bool words_starts_with(const dialogue *d, const char *lower, const char *section);
/* Is the first word of lower a phrase of the section ("how" of "how do I
 * wash it" in [lexicon.open_asking])? */
bool words_first_is(const dialogue *d, const char *lower, const char *section);

/* Whether to keep word, given the words kept before it (NULL: none). */
typedef bool (*words_keep_fn)(dialogue *d, const char *kept, const char *word, void *ctx);
/* The content words of words that keep() keeps, joined by spaces, or NULL
 * when none is (a function word as words_product_content() keeps it).
 * Heap. */
char *words_kept(dialogue *d, const char *words, words_keep_fn keep, void *ctx);

/* text without spaces, lower case, into out (size bytes, always
 * terminated): "1 kg" and "1kg" alike. */
void words_squeeze(const char *text, char *out, size_t size);

/* The item of list (',' between) whose words hold word ("Empire Red" of
 * "Empire Red, Onyx Black" for "red"), trimmed; NULL when none. Heap. */
char *words_list_item(const char *list, const char *word);
/* Does the ", "-list all hold every item of the ", "-list some, case
 * aside ("Whole Bean, 1 kg" holds "1 kg")? */
bool words_list_holds(const char *all, const char *some);

/* Is w a count, in digits ("3") or a word ("three")? Its value in *v. */
bool words_number(const char *w, long *v);

#endif
