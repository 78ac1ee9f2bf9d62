/*
 * reviews.c: storing a product's reviews and summarizing them.
 */
#include "catalog/store/reviews.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/store/catalog_int.h"
#include "common/buf.h"
#include "common/xalloc.h"

#define STR_(x) #x
#define STR(x) STR_(x)

struct reviews_writer {
	catalog *c;
	sqlite3_stmt *del, *ins;
};

reviews_writer *reviews_writer_new(catalog *c, char **err)
{
	reviews_writer *w = xcalloc(1, sizeof *w);
	w->c = c;
	w->del = catalog_prepare(c, "DELETE FROM reviews WHERE product_id = ?1", err);
	w->ins = w->del ? catalog_prepare(c,
	                                  "INSERT INTO reviews (product_id, author, rating, title,"
	                                  " body, helpful, date) VALUES (?1,?2,?3,?4,?5,?6,?7)",
	                                  err)
	                : NULL;
	if (!w->ins) {
		reviews_writer_free(w);
		return NULL;
	}
	return w;
}

void reviews_writer_free(reviews_writer *w)
{
	if (!w)
		return;
	sqlite3_finalize(w->del);
	sqlite3_finalize(w->ins);
	free(w);
}

int reviews_writer_put(reviews_writer *w, int64_t product, const struct review *r, size_t n,
                       bool replace, char **err)
{
	if (replace) {
		sqlite3_reset(w->del);
		sqlite3_bind_int64(w->del, 1, product);
		if (sqlite3_step(w->del) != SQLITE_DONE)
			return catalog_fail(w->c, err, "replacing reviews");
	}
	for (size_t i = 0; i < n; i++) {
		sqlite3_stmt *st = w->ins;
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, product);
		catalog_bind_text(st, 2, r[i].author);
		if (r[i].has_rating)
			sqlite3_bind_double(st, 3, r[i].rating);
		else
			sqlite3_bind_null(st, 3);
		catalog_bind_text(st, 4, r[i].title);
		catalog_bind_text(st, 5, r[i].body);
		sqlite3_bind_int64(st, 6, r[i].helpful);
		catalog_bind_text(st, 7, r[i].date);
		if (sqlite3_step(st) != SQLITE_DONE)
			return catalog_fail(w->c, err, "storing a review");
	}
	return 0;
}

/* The end of the first sentence of s[0..n), or n. */
static size_t first_sentence(const char *s, size_t n)
{
	for (size_t i = 0; i + 1 < n; i++)
		if ((s[i] == '.' || s[i] == '!' || s[i] == '?') && isspace((unsigned char)s[i + 1]))
			return i + 1;
	return n;
}

/* body cut to at most REVIEW_QUOTE_MAX bytes, on a word, with "...". */
static char *cut(const char *s, size_t n)
{
	if (n <= REVIEW_QUOTE_MAX)
		return xstrndup(s, n);
	size_t at = REVIEW_QUOTE_MAX;
	while (at > 0 && !isspace((unsigned char)s[at]))
		at--;
	if (at == 0) {
		at = REVIEW_QUOTE_MAX;
		while (at > 0 && ((unsigned char)s[at] & 0xC0) == 0x80)
			at--; /* not inside a character */
	}
	while (at > 0 && (isspace((unsigned char)s[at - 1]) || s[at - 1] == ','))
		at--;
	return xasprintf("%.*s...", (int)at, s);
}

static char *quote_text(const char *title, const char *body)
{
	size_t n = body ? strlen(body) : 0;
	if (n && n <= REVIEW_QUOTE_MAX)
		return xstrdup(body);
	size_t first = n ? first_sentence(body, n) : 0;
	if (first && first <= REVIEW_QUOTE_MAX)
		return xstrndup(body, first);
	if (title && *title)
		return cut(title, strlen(title));
	return n ? cut(body, n) : NULL;
}

/* The step that ended the reading: SQLITE_ROW when max were read. */
static int read_quotes(sqlite3_stmt *st, struct review_summary *out, size_t max)
{
	size_t cap = 0;
	int step = SQLITE_ROW;
	while (out->n_quotes < max && (step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *author = (const char *)sqlite3_column_text(st, 0);
		char *text = quote_text((const char *)sqlite3_column_text(st, 1),
		                        (const char *)sqlite3_column_text(st, 2));
		if (!text)
			continue;
		out->quotes = xgrow(out->quotes, &cap, out->n_quotes + 1, sizeof *out->quotes);
		struct review_quote *q = &out->quotes[out->n_quotes++];
		/* An address as an author name would be personal data. */
		q->author = author && *author && !strchr(author, '@') ? xstrdup(author) : NULL;
		q->text = text;
		q->has_rating = sqlite3_column_type(st, 3) != SQLITE_NULL;
		q->rating = sqlite3_column_double(st, 3);
		q->helpful = sqlite3_column_int64(st, 4);
	}
	return step;
}

int reviews_summary(catalog *c, int64_t product, size_t max_quotes, struct review_summary *out,
                    char **err)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *totals = catalog_cached(
		c, "SELECT count(*), count(rating), avg(rating) FROM reviews WHERE product_id = ?1",
		err);
	if (!totals)
		return -1;
	sqlite3_bind_int64(totals, 1, product);
	int step = sqlite3_step(totals);
	if (step == SQLITE_ROW) {
		out->count = (size_t)sqlite3_column_int64(totals, 0);
		out->rated = (size_t)sqlite3_column_int64(totals, 1);
		out->average = sqlite3_column_double(totals, 2);
	}
	catalog_release(totals);
	if (step != SQLITE_ROW)
		return catalog_fail(c, err, "reading reviews");
	if (!max_quotes || !out->count)
		return 0;
	/* Short reviews first (they quote whole), then the most helpful. */
	sqlite3_stmt *quotes = catalog_cached(
		c,
		"SELECT author, title, body, rating, helpful FROM reviews WHERE product_id = ?1"
		" AND coalesce(body, title, '') <> ''"
		" ORDER BY length(coalesce(body, title)) > " STR(REVIEW_QUOTE_MAX) ", helpful DESC, id",
		err);
	if (!quotes)
		return -1;
	sqlite3_bind_int64(quotes, 1, product);
	step = read_quotes(quotes, out, max_quotes);
	catalog_release(quotes);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return catalog_fail(c, err, "reading reviews");
	return 0;
}

void review_summary_release(struct review_summary *s)
{
	for (size_t i = 0; i < s->n_quotes; i++) {
		free(s->quotes[i].author);
		free(s->quotes[i].text);
	}
	free(s->quotes);
	memset(s, 0, sizeof *s);
}
