/*
 * fts_tokenizer.c: the FTS5 tokenizer interface around nlu/token.
 */
#include "catalog/store/fts_tokenizer.h"

#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"
#include "nlu/text/token.h"

struct fts_shared {
	const struct fts_tokens *offer; /* see fts_tokenizer_offer() */
};

struct fts_tok {
	tokenizer *t;
	struct fts_shared *shared;
	char language[32];
};

struct emit_ctx {
	void *fts_ctx;
	int (*x_token)(void *, int, const char *, int, int, int);
};

static int fts_create(void *shared, const char **argv, int argc, Fts5Tokenizer **out)
{
	const char *language = argc > 0 ? argv[0] : "english";
	tokenizer *t = tokenizer_new(language, NULL);
	if (!t)
		return SQLITE_ERROR;
	struct fts_tok *f = xcalloc(1, sizeof *f);
	f->t = t;
	f->shared = shared;
	/* a name too long to compare is never matched by an offer */
	if (strlen(language) < sizeof f->language)
		strcpy(f->language, language);
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

/* The FTS5 flags of a document token: the joined form of a compound sits
 * at its first part's position. */
static int token_fts_flags(const struct token *t)
{
	return (t->flags & TOKEN_WHOLE) ? FTS5_TOKEN_COLOCATED : 0;
}

static int emit_document(void *ctx, const struct token *t)
{
	struct emit_ctx *e = ctx;
	int rc = e->x_token(e->fts_ctx, token_fts_flags(t), t->text, (int)t->len, (int)t->start,
	                    (int)t->end);
	return rc == SQLITE_OK ? 0 : rc;
}

/* ---- tokens made ahead ---- */

void fts_tokens_init(struct fts_tokens *ft)
{
	memset(ft, 0, sizeof *ft);
	buf_init(&ft->store);
}

void fts_tokens_release(struct fts_tokens *ft)
{
	buf_release(&ft->store);
	free(ft->recs);
	ft->recs = NULL;
	ft->nrecs = ft->cap = ft->ntexts = 0;
}

void fts_tokens_reset(struct fts_tokens *ft, const char *language)
{
	ft->language[0] = '\0';
	if (strlen(language) < sizeof ft->language)
		strcpy(ft->language, language);
	buf_reset(&ft->store);
	ft->ntexts = 0;
	ft->nrecs = 0;
}

static int record_token(void *ctx, const struct token *t)
{
	struct fts_tokens *ft = ctx;
	ft->recs = xgrow(ft->recs, &ft->cap, ft->nrecs + 1, sizeof *ft->recs);
	ft->recs[ft->nrecs++] = (struct fts_token_rec){ft->store.len, t->len, token_fts_flags(t),
	                                               (int)t->start, (int)t->end};
	buf_add(&ft->store, t->text, t->len);
	return 0;
}

void fts_tokens_add(struct fts_tokens *ft, tokenizer *t, const char *text, size_t len)
{
	if (len == 0 || ft->ntexts == FTS_TOKENS_TEXTS)
		return;
	struct fts_text_rec *r = &ft->texts[ft->ntexts++];
	r->text = ft->store.len;
	r->len = len;
	buf_add(&ft->store, text, len);
	r->first = ft->nrecs;
	tokenizer_run(t, text, len, record_token, ft);
	r->n = ft->nrecs - r->first;
}

/* The offered tokens of text[0..len), or NULL. */
static const struct fts_text_rec *offered(const struct fts_tok *f, const char *text, int len)
{
	const struct fts_tokens *ft = f->shared ? f->shared->offer : NULL;
	if (!ft || !f->language[0] || strcmp(ft->language, f->language))
		return NULL;
	for (size_t i = 0; i < ft->ntexts; i++) {
		const struct fts_text_rec *r = &ft->texts[i];
		if (r->len == (size_t)len && !memcmp(ft->store.s + r->text, text, r->len))
			return r;
	}
	return NULL;
}

static int replay(const struct fts_tokens *ft, const struct fts_text_rec *r, struct emit_ctx *e)
{
	for (size_t i = r->first; i < r->first + r->n; i++) {
		const struct fts_token_rec *k = &ft->recs[i];
		int rc = e->x_token(e->fts_ctx, k->flags, ft->store.s + k->text, (int)k->len, k->start,
		                    k->end);
		if (rc != SQLITE_OK)
			return rc;
	}
	return SQLITE_OK;
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
	const struct fts_text_rec *r = offered(f, text, len);
	if (r)
		return replay(f->shared->offer, r, &e);
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
	/* FTS5 frees the shared state with the connection. */
	struct fts_shared *shared = xcalloc(1, sizeof *shared);
	if (api->xCreateTokenizer(api, "clerk", shared, &methods, free) != SQLITE_OK) {
		if (err)
			*err = xasprintf("registering the clerk tokenizer: %s", sqlite3_errmsg(db));
		return -1;
	}
	return 0;
}

struct fts_shared *fts_tokenizer_shared(sqlite3 *db)
{
	fts5_api *api = get_api(db);
	void *shared = NULL;
	fts5_tokenizer methods;
	if (!api || api->xFindTokenizer(api, "clerk", &shared, &methods) != SQLITE_OK)
		return NULL;
	return shared;
}

void fts_tokenizer_offer(struct fts_shared *shared, const struct fts_tokens *ft)
{
	if (shared)
		shared->offer = ft;
}
