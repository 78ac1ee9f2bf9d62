/*
 * fts_tokenizer: the FTS5 tokenizer 'clerk', built on nlu/token, registered
 * on every connection by catalog_open().
 *
 * Private to catalog/. Document text is tokenized by nlu/token: folded,
 * stemmed with the language given as the tokenizer argument
 * (tokenize='clerk english'; 'clerk none' for no stemming), and compounds
 * stored as their parts with the joined form colocated with the first part,
 * so "usb-c" in a product matches the terms "usbc" and the phrase "usb c".
 *
 * Query text is NOT re-tokenized: catalog/search.c builds every MATCH
 * expression from terms that already came out of nlu/token (quoted, one
 * term per space), so in query mode the tokenizer hands FTS5 each
 * space-separated term verbatim. This keeps a corrected or synonym term
 * exactly as chosen, and makes FTS5 syntax in shopper text impossible.
 */
#ifndef CLERK_FTS_TOKENIZER_H
#define CLERK_FTS_TOKENIZER_H

#include <sqlite3.h>
#include <stddef.h>

#include "common/buf.h"
#include "nlu/text/token.h"

/* Registers the tokenizer 'clerk' on db. 0, or -1 with *err (heap). */
int fts_tokenizer_register(sqlite3 *db, char **err);

/*
 * Tokens made ahead of time. An import tokenizes a product's index texts on
 * its reader thread, while the writer thread is busy with SQLite, and
 * offers them to the tokenizer before writing the product: when FTS5 then
 * asks for the tokens of a text that was tokenized ahead, in the same
 * language, they are replayed instead of made again. Texts are compared
 * whole, so an offer can never change what is indexed, only who does the
 * work; a text not offered is tokenized as usual.
 *
 * A struct fts_tokens is owned by its caller (fts_tokens_init/release);
 * offering one lends it until the offer is withdrawn (NULL).
 */
#define FTS_TOKENS_TEXTS 8

struct fts_token_rec {
	size_t text, len; /* the token's bytes in store */
	int flags;        /* as handed to FTS5 */
	int start, end;
};

struct fts_tokens {
	char language[32];     /* the stemming language, as in 'clerk LANGUAGE' */
	struct buf store;      /* the texts, then the tokens' bytes */
	struct fts_text_rec {
		size_t text, len;  /* the text in store */
		size_t first, n;   /* its tokens in recs */
	} texts[FTS_TOKENS_TEXTS];
	size_t ntexts;
	struct fts_token_rec *recs;
	size_t nrecs, cap;
};

void fts_tokens_init(struct fts_tokens *ft);
void fts_tokens_release(struct fts_tokens *ft);
/* Empties ft for texts tokenized by a tokenizer of `language`. */
void fts_tokens_reset(struct fts_tokens *ft, const char *language);
/* Tokenizes text[0..len) with t (made for ft's language) into ft. Empty
 * texts, and texts past FTS_TOKENS_TEXTS, are left out. */
void fts_tokens_add(struct fts_tokens *ft, tokenizer *t, const char *text, size_t len);

/* The 'clerk' tokenizer's state shared by its instances on one connection:
 * NULL when db has no such tokenizer. Owned by the connection. */
struct fts_shared;
struct fts_shared *fts_tokenizer_shared(sqlite3 *db);
/* Offers ft (NULL withdraws the offer) to every 'clerk' tokenizer on the
 * connection of shared. */
void fts_tokenizer_offer(struct fts_shared *shared, const struct fts_tokens *ft);

#endif
