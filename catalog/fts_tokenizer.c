/*
 * fts_tokenizer.c: the FTS5 tokenizer interface around nlu/token.
 */
#include "catalog/fts_tokenizer.h"

#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"
#include "nlu/token.h"

struct fts_tok {
	tokenizer *t;
};

struct emit_ctx {
	void *fts_ctx;
	int (*x_token)(void *, int, const char *, int, int, int);
};

static int fts_create(void *unused, const char **argv, int argc, Fts5Tokenizer **out)
{
	(void)unused;
	const char *language = argc > 0 ? argv[0] : "english";
	tokenizer *t = tokenizer_new(language, NULL);
	if (!t)
		return SQLITE_ERROR;
	struct fts_tok *f = xmalloc(sizeof *f);
	f->t = t;
	*out = (Fts5Tokenizer *)f;
	return SQLITE_OK;
}

static void fts_delete(Fts5Tokenizer *p)
{
	struct fts_tok *f = (struct fts_tok *)p;
	if (!f)
		return;
	tokenizer_free(f->t);
	free(f);
}

static int emit_document(void *ctx, const struct token *t)
{
	struct emit_ctx *e = ctx;
	int flags = (t->flags & TOKEN_WHOLE) ? FTS5_TOKEN_COLOCATED : 0;
	int rc = e->x_token(e->fts_ctx, flags, t->text, (int)t->len, (int)t->start, (int)t->end);
	return rc == SQLITE_OK ? 0 : rc;
}

/* Query terms come from catalog/search.c already tokenized: split on
 * spaces and pass each one through unchanged. */
static int tokenize_query(struct emit_ctx *e, const char *text, int len)
{
	int i = 0;
	while (i < len) {
		while (i < len && text[i] == ' ')
			i++;
		int start = i;
		while (i < len && text[i] != ' ')
			i++;
		if (i > start) {
			int rc = e->x_token(e->fts_ctx, 0, text + start, i - start, start, i);
			if (rc != SQLITE_OK)
				return rc;
		}
	}
	return SQLITE_OK;
}

static int fts_tokenize(Fts5Tokenizer *p, void *ctx, int flags, const char *text, int len,
                        int (*x_token)(void *, int, const char *, int, int, int))
{
	struct fts_tok *f = (struct fts_tok *)p;
	struct emit_ctx e = {ctx, x_token};
	if (len <= 0)
		return SQLITE_OK;
	if (flags & FTS5_TOKENIZE_QUERY)
		return tokenize_query(&e, text, len);
	return tokenizer_run(f->t, text, (size_t)len, emit_document, &e);
}

static fts5_api *get_api(sqlite3 *db)
{
	fts5_api *api = NULL;
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
	sqlite3_step(st);
	sqlite3_finalize(st);
	return api;
}

int fts_tokenizer_register(sqlite3 *db, char **err)
{
	static fts5_tokenizer methods = {fts_create, fts_delete, fts_tokenize};
	fts5_api *api = get_api(db);
	if (!api || api->iVersion < 2) {
		if (err)
			*err = xstrdup("this SQLite has no FTS5");
		return -1;
	}
	if (api->xCreateTokenizer(api, "clerk", NULL, &methods, NULL) != SQLITE_OK) {
		if (err)
			*err = xasprintf("registering the clerk tokenizer: %s", sqlite3_errmsg(db));
		return -1;
	}
	return 0;
}
