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

/* Registers the tokenizer 'clerk' on db. 0, or -1 with *err (heap). */
int fts_tokenizer_register(sqlite3 *db, char **err);

#endif
