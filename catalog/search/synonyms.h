/*
 * synonyms: query-time synonyms, the rules of the [synonyms] section of a
 * language pack's synonyms.txt (nlu/text/lang.h).
 *
 * Format, one rule a line:
 *   cellphone, mobile, cell phone      words or phrases that mean the same
 *   tempered glass => screen protector  one way: the left also finds the right
 * Entries are tokenized with the search tokenizer (so stemmed and folded the
 * way the index is) and matched against a query's words, longest first, up
 * to SYNONYMS_MAX_WORDS words.
 *
 * Ownership: synonyms_new() borrows the tokenizer, which must outlive the
 * table; synonyms_free() releases the rest. Strings handed out are borrowed.
 */
#ifndef CLERK_SYNONYMS_H
#define CLERK_SYNONYMS_H

#include <stddef.h>

#include "nlu/text/lexicon.h"
#include "nlu/text/token.h"

#define SYNONYMS_MAX_WORDS 4

typedef struct synonyms synonyms;

synonyms *synonyms_new(tokenizer *t);
void synonyms_free(synonyms *s);

/* Adds one line of the format above; blank and comment lines are ignored. */
void synonyms_add_line(synonyms *s, const char *line);
/* Adds every rule of a lexicon section (rules may be NULL: none). */
void synonyms_add_rules(synonyms *s, const lexicon_list *rules);

/* Number of entries (words or phrases) known. */
size_t synonyms_size(const synonyms *s);

struct synonym_alt {
	const char *terms;   /* stems, space-separated: "cell phone" */
	const char *surface; /* the entry as written, folded: "cell phone" */
};

/* Looks for the longest entry equal to stems[0..k) for k <= n. When found,
 * returns k and points *alts at its alternatives (the entry itself not
 * included), *n_alts their count; returns 0 otherwise. The array lives in s
 * until the next call. */
size_t synonyms_match(synonyms *s, const char *const *stems, size_t n,
                      const struct synonym_alt **alts, size_t *n_alts);

#endif
