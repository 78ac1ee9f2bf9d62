/*
 * spell: spelling correction against a vocabulary with frequencies.
 *
 * Pure C (no SQLite): the catalog search fills it from the index's own
 * terms, the NLU may fill it with brand names. Words are compared as bytes
 * (fold them first, see nlu/token.h) with the optimal-string-alignment
 * Damerau-Levenshtein distance (insert, delete, substitute, swap adjacent),
 * up to 2. Lookups walk a BK-tree, so only a small part of the vocabulary
 * is compared. That distance is not quite a metric (a swap can break the
 * triangle inequality), so a lookup may miss a near word: 10 of the 6,872
 * near words of 3,000 random slips in the phones catalog's words; a window
 * one wider finds them all at twice the time, and was not taken.
 *
 * Choosing among candidates: a nearer word wins unless a farther one is
 * much more frequent (about 100 times per extra edit), and a candidate that
 * keeps the first letter is preferred (typos rarely hit it). Nearness is
 * keyboard-aware (spell_cost()): the slips fingers make (two letters
 * swapped, a key next to the right one, a letter doubled or a double
 * dropped) cost half an edit, so "tehc" is nearer "tech" than "teth".
 *
 * Ownership: spell_new() / spell_free(); words are copied in.
 */
#ifndef CLERK_SPELL_H
#define CLERK_SPELL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct spell spell;

spell *spell_new(void);
void spell_free(spell *s);

/* Adds word (len bytes) with its frequency; adding a word again adds to its
 * frequency. Words longer than 48 bytes are ignored. */
void spell_add(spell *s, const char *word, size_t len, uint64_t freq);

/* Number of distinct words. */
size_t spell_size(const spell *s);

/* Frequency of word, 0 when absent. */
uint64_t spell_freq(const spell *s, const char *word, size_t len);

struct spell_match {
	const char *word; /* borrowed from s; valid until spell_free */
	size_t len;
	int distance;
	uint64_t freq;
};

/* Finds the best word within max_distance (capped at 2) of word, other
 * than word itself. Returns true and fills *out when there is one. */
bool spell_correct(const spell *s, const char *word, size_t len, int max_distance,
                   struct spell_match *out);

/* The same among the words for which accept(ctx, word, len) is true. */
bool spell_correct_if(const spell *s, const char *word, size_t len, int max_distance,
                      bool (*accept)(void *ctx, const char *word, size_t len), void *ctx,
                      struct spell_match *out);

/* The best words within max_distance (capped at 2) of word, other than
 * word itself, best first as spell_correct() ranks them: at most max of
 * them into out. Returns how many. */
size_t spell_candidates(const spell *s, const char *word, size_t len, int max_distance,
                        struct spell_match *out, size_t max);
/* The keyboard-aware cost of the cheapest alignment of a and b (lower-case
 * ASCII on a QWERTY keyboard; other bytes cost whole edits): a swap of
 * neighbouring letters, a substitution by an adjacent key, or inserting or
 * deleting a letter beside the same letter costs 0.5, any other edit 1. At
 * most the optimal-string-alignment distance. */
double spell_cost(const char *a, size_t an, const char *b, size_t bn);

/* The optimal-string-alignment distance between a and b, or max + 1 when it
 * is larger than max. */
int spell_distance(const char *a, size_t an, const char *b, size_t bn, int max);

#endif
