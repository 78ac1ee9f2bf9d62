/*
 * dictionary: the words of a language as its dictionary spells them (a
 * system word list such as Debian's wamerican, one word a line), for one
 * question: is this an ordinary word? Spelling correction never turns an
 * ordinary word into a catalog word ("dad" is not a typo of "pad", nor
 * "wife" of "wifi").
 *
 * Ownership: dictionary_load() returns a heap object freed with
 * dictionary_free() (NULL is a no-op). Read-only after loading, so one
 * dictionary may be shared by threads.
 */
#ifndef CLERK_DICTIONARY_H
#define CLERK_DICTIONARY_H

#include <stdbool.h>
#include <stddef.h>

typedef struct dictionary dictionary;

/* Loads the word list at path: words are folded to lower case; entries
 * with an apostrophe ("dad's") and names (a capital first letter: "Miro",
 * "Dell") are skipped. NULL with *err (heap) when the
 * file cannot be read. */
dictionary *dictionary_load(const char *path, char **err);
void dictionary_free(dictionary *d);

/* Is word[0..len) (lower case) a word of the dictionary? false for NULL d. */
bool dictionary_has(const dictionary *d, const char *word, size_t len);

#endif
