/*
 * lexicon: word lists kept as data, in the one format every list of clerk's
 * language packs uses (the .txt files of assets/lang/<code>/ and the
 * dialogue's lexicon):
 *
 *   # a comment line
 *   [section]
 *   one word or phrase a line
 *   a mapping => what it stands for
 *
 * Lines are trimmed and runs of spaces inside them become one space; blank
 * lines and lines whose first character is '#' are skipped. A section named
 * again (in the same file or another) goes on where it stopped, so a list
 * may be split over files. Entries keep their order and their case. An
 * entry "left => right" is looked up by its left side and carries the right
 * side as its value ("dont => do not"); sections whose entries are rules of
 * their own syntax (synonyms) read them verbatim.
 *
 * Membership is a hash look-up, O(length of the word), so a list can be
 * tested per token at no cost beyond hashing it.
 *
 * Pure C: no SQLite, no curses, no global state. Ownership: lexicon_new() /
 * lexicon_free(); the lists and strings handed out are borrowed from the
 * lexicon and live until it is freed. Loading is not thread-safe; reading a
 * loaded lexicon is.
 */
#ifndef CLERK_LEXICON_H
#define CLERK_LEXICON_H

#include <stdbool.h>
#include <stddef.h>

typedef struct lexicon lexicon;
/* The entries of one section. */
typedef struct lexicon_list lexicon_list;

lexicon *lexicon_new(void);
void lexicon_free(lexicon *lx);

/* Adds the sections of the file at path, or of every *.txt file directly
 * in the folder at path (in name order; subfolders are not read). 0, or -1
 * with a one-line message in *err (heap; the caller frees it): a file that
 * cannot be read, an entry before the first section ("FILE:LINE: ..."). On
 * error the lexicon holds what was read before it. */
int lexicon_load(lexicon *lx, const char *path, char **err);

/* The same for text in memory; origin names it in messages. */
int lexicon_parse(lexicon *lx, const char *text, size_t len, const char *origin, char **err);

/* The section's entries, or NULL when no file named the section. Every
 * lexicon_list_*() function takes NULL as an empty list. */
const lexicon_list *lexicon_get(const lexicon *lx, const char *section);

size_t lexicon_list_size(const lexicon_list *l);
/* Entry i as written (its left side for a mapping), NUL-terminated. */
const char *lexicon_list_at(const lexicon_list *l, size_t i);
/* The right side of mapping entry i, or NULL when the entry is no mapping. */
const char *lexicon_list_value(const lexicon_list *l, size_t i);

/* True when word[0..len) is an entry (its left side) of l. */
bool lexicon_list_has(const lexicon_list *l, const char *word, size_t len);
/* The index of the first entry equal to word[0..len), or -1. */
long lexicon_list_find(const lexicon_list *l, const char *word, size_t len);

#endif
