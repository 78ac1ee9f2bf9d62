/*
 * normalize: one utterance (any bytes) to a list of folded tokens that the
 * entity extractor and the intent features read.
 *
 * Words come from the tokenizer shared with catalog search (nlu/token.h),
 * so the NLU and the index fold text the same way; normalize() re-joins the
 * pieces nothing separated ("64" "gb" -> "64gb") and reads the gaps between
 * them ('#', '-', '$', sentence ends). Then, in one pass over the tokens
 * (time linear in the length):
 *  - UTF-8 aware case and accent folding (the tokenizer's, via utf8proc:
 *    "Café" -> "cafe"); invalid UTF-8 and control characters are
 *    separators, never errors;
 *  - contractions and chat spellings: "where's" -> "where is", "dont" ->
 *    "do not", "i'm" -> "i am", "samsung's" -> "samsung", "wanna" -> "want to";
 *  - numbers in digits and words: "$1,299.99" -> 1299.99 (money, USD),
 *    "fifty bucks" -> 50 (money), "twenty-five" -> 25, "1.2k" with a
 *    currency -> 1200, "2nd"/"second" -> ordinal 2, "64gb" -> 64 + "gb";
 *  - currency symbols and codes ($ € £ ¥ ₹, usd, eur, gbp, bucks, dollars)
 *    mark the number they belong to as money;
 *  - e-mail addresses stay one token.
 * Every token keeps the byte span it came from so callers can quote the
 * input verbatim ("ORD-12345", "Anna Freeman").
 * The words behind the contractions, chat spellings, currency words and
 * glued words are the language pack's (struct norm_words below); the
 * number words and the contraction endings ("n't", "'re") are English
 * grammar, in the code.
 *
 * Pure C: no SQLite, no curses. Ownership: a norm_text is embedded by the
 * caller, norm_text_init() before the first use, norm_text_release() to
 * free it; normalize() may be called again on the same norm_text.
 */
#ifndef CLERK_NORMALIZE_H
#define CLERK_NORMALIZE_H

#include <stdbool.h>
#include <stddef.h>

#include "nlu/text/lang.h"
#include "nlu/text/token.h"

enum norm_flag {
	NORM_NUMBER = 1u << 0,   /* the whole token is a number, in .number */
	NORM_NUMPFX = 1u << 1,   /* a number then letters: "64gb", "3x", "1.2k";
	                          * .number is the number, .text + .suffix the letters */
	NORM_MONEY = 1u << 2,    /* a number that is an amount of money */
	NORM_ORDINAL = 1u << 3,  /* "second", "2nd": position in .number */
	NORM_NUMWORD = 1u << 4,  /* the number was spelled in words */
	NORM_EMAIL = 1u << 5,    /* an e-mail address, lower-cased */
	NORM_HASH = 1u << 6,     /* a '#' right before it: "#10422" */
	NORM_HYPHEN = 1u << 7,   /* joined to the previous token by '-' alone */
	NORM_CAPITAL = 1u << 8,  /* starts with an upper-case letter in the input */
	NORM_UPPER = 1u << 9,    /* every letter upper-case, at least one letter */
	NORM_CURRENCY = 1u << 10, /* a currency word or code: "dollars", "usd" */
	NORM_SYMBOL = 1u << 11,  /* one of < > ~ % + & as its own token */
	NORM_DECIMAL = 1u << 12, /* the number had a decimal point */
	NORM_ALNUM = 1u << 13,   /* letters and digits mixed: "ord12345", "s23" */
	NORM_EXPANDED = 1u << 14, /* produced by expanding a contraction */
	NORM_SENTENCE = 1u << 15, /* first token after . ! ? or at the start */
	NORM_SLASH = 1u << 16,   /* joined to the previous token by '/' alone */
};

struct norm_token {
	const char *text;  /* folded, NUL-terminated; numbers as digits ("1299.99");
	                    * digit ids keep their leading zeros ("00123") */
	size_t len;        /* strlen(text) */
	size_t start, end; /* byte span in the input ([start, end)) */
	unsigned flags;    /* enum norm_flag */
	double number;     /* NUMBER, NUMPFX, ORDINAL */
	size_t suffix;     /* NUMPFX: offset in text where the letters start */
	char currency[4];  /* MONEY: "USD", "EUR", ... or "" when unknown */
};

struct norm_text {
	char *text;              /* the tokens joined by single spaces */
	struct norm_token *tok;
	size_t n;
	/* private */
	size_t cap;
	char *words;             /* token texts, NUL-separated */
	size_t words_len, words_cap;
	const struct norm_words *nw; /* during normalize() only */
};

/* The words of a language pack that normalizing reads: [contractions]
 * ("dont => do not"), [is_before_s] ("where's" is "where is"), [glue]
 * (words a missing space glues to what follows: "of299") and [currency]
 * ("bucks => USD"). Borrowed: the pack must outlive the struct. */
struct norm_words {
	const lexicon_list *contractions, *is_before_s, *glue, *currency;
	/* "ill", "id": contractions only before a word of verbs_after */
	const lexicon_list *contractions_before_verb, *verbs_after;
	/* "u", "hav": chat spellings of plain words (norm_spell_out()) */
	const lexicon_list *chat_forms;
};

/* What norm_spell_out() spells out. */
enum {
	NORM_SPELL_CHAT = 1,        /* chat spellings: "do u hav" -> "do you have" */
	NORM_SPELL_BEFORE_VERB = 2, /* "ill take it" -> "i will take it", "Id like"
	                               -> "i would like": real words ("ill", "id")
	                               read as contractions only before a verb */
};

/* text with the words of `what` (NORM_SPELL_*) spelled out, the rest as it
 * was. Heap string, or NULL when text has none. Normalizing does the other
 * contractions itself; these are read before the intent and the dialogue
 * read the words. */
char *norm_spell_out(const struct norm_words *nw, const char *text, unsigned what);

/* Points w at the lists of pack l (NULL: no such words). */
void norm_words_init(struct norm_words *w, const lang *l);

void norm_text_init(struct norm_text *t);
void norm_text_release(struct norm_text *t);

/* Normalizes len bytes of in (need not be NUL-terminated) into t,
 * replacing what t held, with tk (any language; stems are not used here)
 * and the words nw (NULL: none). Never fails (allocation failure exits). */
void normalize(tokenizer *tk, const struct norm_words *nw, const char *in, size_t len,
               struct norm_text *t);

/* The value of a cardinal number word ("two" -> 2, "twelve", "forty"; not
 * "second" nor "hundred"), in *value; false for any other word. */
bool norm_cardinal_word(const char *w, long *value);


#endif
