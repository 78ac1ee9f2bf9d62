/*
 * search_claims.c: products whose own text denies what the query claims.
 *
 * A shop writes what a product is not: "Not vegan (fined with egg white)",
 * "Not suitable for vegetarians (animal rennet)", "not dishwasher safe",
 * "Vegan: No". The index holds those words like any other, so "vegan
 * wine" found the Chianti and "vegetarian cheese" the Comté. For the query
 * words of the language pack's [claims] (what a product is, is safe for or
 * is free of), the best candidates' text is read (name, tags, attributes,
 * description): a product that says the word only after a word of
 * [claim_negators] in the same clause ("not ... for vegetarians", at most
 * CLAIM_WINDOW words back, the words of [claim_gap] not counted), or with
 * "no" as its value ("Vegan: No"), and never plainly, is denied. A claim the
 * query itself negates or frees ("paraben free", "no nuts") is left alone:
 * there the denial is what the shopper wants.
 *
 * Only queries with a claim word read descriptions, and only the reranked
 * window of candidates (search.c), so other searches cost nothing more.
 */
#include "catalog/search/search_int.h"

#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"

/* How many words (gap words not counted) a negator reaches forward. */
#define CLAIM_WINDOW 3

struct claim_scan {
	const struct searcher *s;
	const char *text;
	const char *const *stems; /* the claims' stems */
	size_t n;
	bool *plain, *denied;     /* per claim */
	int since_negator;        /* counted words since the last negator, or -1 */
	size_t prev_end;
	const char *pending;      /* the claim word just read: "vegan" of "Vegan: No" */
	size_t pending_claim;
};

/* Does text[from, to) end a clause: a stop, a comma, a bracket, a line? */
static bool clause_break(const char *text, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++)
		if (strchr(".,;!?()[]\n|", text[i]))
			return true;
	return false;
}

static int scan_token(void *ctx, const struct token *t)
{
	struct claim_scan *sc = ctx;
	if (t->flags & TOKEN_WHOLE)
		return 0;
	bool broke = sc->prev_end && clause_break(sc->text, sc->prev_end, t->start);
	bool valued = sc->prev_end && memchr(sc->text + sc->prev_end, ':', t->start - sc->prev_end);
	sc->prev_end = t->end;
	/* "Vegan: No", "vegan = false": the value after the claim */
	if (sc->pending && valued && !broke &&
	    (lexicon_list_has(sc->s->claim_negators, t->surface, t->surface_len) ||
	     (t->surface_len == 5 && !memcmp(t->surface, "false", 5)))) {
		sc->plain[sc->pending_claim] = false;
		sc->denied[sc->pending_claim] = true;
	}
	sc->pending = NULL;
	if (broke)
		sc->since_negator = -1;
	if (lexicon_list_has(sc->s->claim_negators, t->surface, t->surface_len)) {
		sc->since_negator = 0;
		return 0;
	}
	for (size_t k = 0; k < sc->n; k++) {
		if (t->len != strlen(sc->stems[k]) || memcmp(t->text, sc->stems[k], t->len))
			continue;
		if (sc->since_negator >= 0 && sc->since_negator <= CLAIM_WINDOW) {
			sc->denied[k] = true;
		} else {
			/* said plainly, unless a value after it denies it */
			sc->plain[k] = true;
			sc->pending = t->surface;
			sc->pending_claim = k;
		}
	}
	if (sc->since_negator >= 0 && !lexicon_list_has(sc->s->claim_gap, t->surface, t->surface_len))
		sc->since_negator++;
	return 0;
}

size_t search_claims_of(const searcher *s, const struct search_plan *p, const char *text,
                        const char **stems, size_t max)
{
	size_t n = 0;
	for (size_t g = 0; g < p->n_groups && n < max; g++) {
		const struct plan_group *pg = &p->groups[g];
		if (!pg->display || !pg->n_alts || strchr(pg->alts[0], ' ') ||
		    !lexicon_list_has(s->claims, pg->display, strlen(pg->display)))
			continue;
		/* "paraben free", "no nuts", "non gmo": the query wants the denial */
		const struct plan_group *next = g + 1 < p->n_groups ? &p->groups[g + 1] : NULL;
		if (next && next->display &&
		    lexicon_list_has(s->claim_free, next->display, strlen(next->display)))
			continue;
		size_t before = pg->start;
		while (before && text[before - 1] == ' ')
			before--;
		size_t word = before;
		while (word && text[word - 1] != ' ')
			word--;
		if (before > word && lexicon_list_has(s->claim_negators, text + word, before - word))
			continue;
		stems[n++] = pg->alts[0];
	}
	return n;
}

int search_claims_denied(searcher *s, const char *const *stems, size_t n_claims,
                         const int64_t *ids, size_t n, bool *denied, char **err)
{
	for (size_t i = 0; i < n; i++)
		denied[i] = false;
	if (!n_claims || !n)
		return 0;
	if (n_claims > SEARCH_MAX_CLAIMS)
		n_claims = SEARCH_MAX_CLAIMS;
	if (!s->text_of) {
		s->text_of = catalog_prepare(s->c,
		                             "SELECT name, tags, features, description FROM products"
		                             " WHERE id = ?1",
		                             err);
		if (!s->text_of)
			return -1;
	}
	sqlite3_stmt *st = s->text_of;
	bool plain[SEARCH_MAX_CLAIMS], said_no[SEARCH_MAX_CLAIMS];
	for (size_t i = 0; i < n; i++) {
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, ids[i]);
		if (sqlite3_step(st) != SQLITE_ROW) {
			sqlite3_reset(st);
			return catalog_fail(s->c, err, "reading a product's text");
		}
		memset(plain, 0, sizeof plain);
		memset(said_no, 0, sizeof said_no);
		for (int col = 0; col < 4; col++) {
			const char *text = (const char *)sqlite3_column_text(st, col);
			if (!text)
				continue;
			struct claim_scan sc = {.s = s, .text = text, .stems = stems, .n = n_claims,
			                        .plain = plain, .denied = said_no, .since_negator = -1};
			tokenizer_run(s->tok, text, (size_t)sqlite3_column_bytes(st, col), scan_token, &sc);
		}
		for (size_t k = 0; k < n_claims && !denied[i]; k++)
			denied[i] = said_no[k] && !plain[k];
	}
	sqlite3_reset(st);
	return 0;
}
