/*
 * token: clerk's one tokenizer, shared by the catalog's full-text index
 * (catalog/fts_tokenizer.c), search queries (catalog/search.c) and the NLU.
 * Pure C on utf8proc and libstemmer: never includes SQLite or curses.
 *
 * Text is folded codepoint by codepoint (NFKC, Unicode case folding, marks
 * such as accents stripped, dashes and quotes lumped to ASCII), so byte
 * offsets of every token still point into the caller's text. Any bytes are
 * accepted: invalid UTF-8 is a separator; time is linear in the length.
 *
 * Words and compounds. Letters and digits make words. A word made of pieces
 * joined by '-', '/', '_', '&' or '.', or by a change between letters and
 * digits ("usb-c", "64gb", "a15", "sm-g930v", "at&t"), is a compound: it is
 * reported as its parts in order ("usb", "c"), with the whole joined form
 * ("usbc") right after the first part, flagged TOKEN_WHOLE, so an index that
 * stores both (the whole at the first part's position) matches "usb c",
 * "usbc" and "usb-c" alike. Decimals stay one token ("5.5"), thousands
 * separators are dropped ("2,500" -> "2500"), apostrophes inside words are
 * dropped ("men's" -> "mens").
 *
 * Stemming: with a language (a libstemmer name such as "english" or "en"),
 * every all-letter token is also stemmed with Snowball; `text` holds the
 * stem and `surface` the folded word. Without one, text == surface.
 *
 * Ownership: a tokenizer is made with tokenizer_new() and released with
 * tokenizer_free(); it is not thread-safe (it caches stems). Token text
 * passed to a callback lives only during the call.
 */
#ifndef CLERK_TOKEN_H
#define CLERK_TOKEN_H

#include <stdbool.h>
#include <stddef.h>

#include "nlu/text/lexicon.h"

typedef struct tokenizer tokenizer;

enum token_flag {
	TOKEN_PART = 1 << 0,   /* a piece of a compound word */
	TOKEN_WHOLE = 1 << 1,  /* the compound joined; follows its first part */
	TOKEN_NUMBER = 1 << 2, /* digits only (maybe with a decimal point) */
	TOKEN_STOP = 1 << 3,   /* a stop word (tokenizer_set_stopwords): "the", "for" */
	TOKEN_MIXED = 1 << 4,  /* a whole mixing letters and digits ("64gb") */
};

/* Longest token kept, in bytes; longer words are cut. */
#define TOKEN_MAX_BYTES 64

struct token {
	const char *text;   /* folded, and stemmed when the tokenizer stems */
	size_t len;
	const char *surface; /* folded, never stemmed */
	size_t surface_len;
	size_t start, end;  /* byte span of the source text */
	unsigned flags;     /* enum token_flag */
	size_t word;        /* ordinal of the word; a compound's tokens share it */
};

/* Returns nonzero to stop the run; that value is returned by tokenizer_run. */
typedef int (*token_fn)(void *ctx, const struct token *t);

/* language: a libstemmer algorithm name ("english", "en", "french", ...),
 * or NULL, "" or "none" for no stemming. Returns NULL with *err (heap) when
 * libstemmer does not know the language. */
tokenizer *tokenizer_new(const char *language, char **err);
void tokenizer_free(tokenizer *t);

/* True when the tokenizer stems. */
bool tokenizer_stems(const tokenizer *t);

/* Calls fn for each token of text[0..len) in order. */
int tokenizer_run(tokenizer *t, const char *text, size_t len, token_fn fn, void *ctx);

/* The stem of one folded word (the word itself when not stemming or when it
 * holds a digit). Heap string; the caller frees it. */
char *tokenizer_stem(tokenizer *t, const char *word, size_t len);

/* The stop words whose tokens are flagged TOKEN_STOP (when stemming):
 * borrowed, they must outlive the tokenizer; NULL (the default) for none.
 * Usually a language pack's [query] list (nlu/text/lang.h). The FTS5
 * index never needs them: it stores every word. */
void tokenizer_set_stopwords(tokenizer *t, const lexicon_list *stop);

/* True when the folded word is one of the tokenizer's stop words. */
bool tokenizer_is_stopword(const tokenizer *t, const char *word, size_t len);

/* Folds text the way tokens are folded, keeping every other character:
 * "Café–Crème" -> "cafe-creme". Heap string; the caller frees it. */
char *token_fold(const char *text, size_t len);

/* A copied token, for callers that want a list rather than a callback. */
struct token_item {
	char *text;
	char *surface;
	size_t start, end;
	unsigned flags;
	size_t word;
};

struct token_list {
	struct token_item *items;
	size_t n, cap;
};

void token_list_init(struct token_list *l);
void token_list_release(struct token_list *l);
/* Appends the tokens of text to l. */
void tokenizer_list(tokenizer *t, const char *text, size_t len, struct token_list *l);

#endif
