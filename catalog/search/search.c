/*
 * search.c: from shopper text to ranked, filtered products.
 *
 * search_plan_build() turns text into groups of alternatives (see
 * search.h); search_run() runs the plan's expression through FTS5 with
 * clerk_rank (search_rank.c), joins the matching rowids to products for the
 * filters, and relaxes to any-word matching when all words together find
 * nothing.
 */
#include "catalog/search/search_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/store/attributes.h"
#include "catalog/store/index_language.h"
#include "common/buf.h"
#include "nlu/text/stopwords.h"
#include "common/xalloc.h"

/* Words shorter than this (in bytes) are never spelling-corrected. */
#define MIN_CORRECT_LEN 3
/* A known word this rare may still be a typo of a much more common one. */
#define RARE_DOCS 2

void search_query_init(struct search_query *q)
{
	memset(q, 0, sizeof *q);
	q->price_min = -1;
	q->price_max = -1;
	q->age_months = -1;
	q->limit = 10;
}

const char search_filter_sql[] =
	" AND (?2 IS NULL OR p.price_cents >= ?2)"
	" AND (?3 IS NULL OR p.price_cents <= ?3)"
	" AND (?4 IS NULL OR p.brand_id IN (SELECT id FROM brands WHERE name = ?4))"
	" AND (?5 IS NULL OR p.brand_id IS NULL"
	"      OR p.brand_id NOT IN (SELECT id FROM brands WHERE name = ?5))"
	" AND (?6 IS NULL OR p.category_id IN (SELECT d.id FROM categories a, categories d"
	"      WHERE (a.name = ?6 COLLATE NOCASE OR a.path = ?6)"
	"        AND (d.id = a.id OR substr(d.path, 1, length(a.path) + 3) = a.path || ' > '"
	"             COLLATE NOCASE)))"
	" AND (?7 IS NULL OR p.rating >= ?7)"
	" AND (?8 = 0 OR p.stock IS NULL OR p.stock > 0)"
	" AND (?17 IS NULL OR (NOT EXISTS (SELECT 1 FROM attributes a WHERE a.product_id = p.id"
	"      AND ((a.key = '" ATTR_AGE_FROM "' AND CAST(a.value AS INTEGER) > ?17)"
	"        OR (a.key = '" ATTR_AGE_TO "' AND CAST(a.value AS INTEGER) < ?17)))"
	"    AND (?18 = 0 OR EXISTS (SELECT 1 FROM attributes a WHERE a.product_id = p.id"
	"      AND a.key = '" ATTR_AGE_FROM "'))))";

static const char *const order_sql[SEARCH_N_SORTS] = {
	[SEARCH_SORT_RELEVANCE] = " ORDER BY score DESC, popularity DESC, id",
	[SEARCH_SORT_PRICE_ASC] = " ORDER BY price_cents IS NULL, price_cents, score DESC, id",
	[SEARCH_SORT_PRICE_DESC] =
		" ORDER BY price_cents IS NULL, price_cents DESC, score DESC, id",
	[SEARCH_SORT_RATING] =
		" ORDER BY rating IS NULL, rating DESC, review_count DESC, score DESC, id",
	[SEARCH_SORT_POPULARITY] = " ORDER BY popularity DESC, score DESC, id",
};

/* ?1 the MATCH expression, ?9 the phrases, ?13 the candidate
 * cap, ?14 the filter columns (search_facts.c), ?16 the categories' last
 * levels (search_rank.c). FTS5 is the outer loop
 * (CROSS JOIN): each matching rowid
 * is looked up in products and filtered there, never inside MATCH, and the
 * scan stops after ?13 candidates, which bounds the work of a query whose
 * words are in half the catalog. */
static const char match_sql[] =
	"WITH m AS MATERIALIZED (SELECT p.id AS id,"
	" clerk_rank(product_fts, ?9, ?16, p.category_id) AS score,"
	" p.price_cents AS price_cents, p.rating AS rating, p.review_count AS review_count,"
	" p.popularity AS popularity"
	" FROM product_fts CROSS JOIN products p ON p.id = product_fts.rowid"
	" WHERE product_fts MATCH ?1 AND clerk_in_set(?14, product_fts.rowid)";
static const char browse_sql[] =
	"WITH m AS MATERIALIZED (SELECT p.id AS id, 0.0 AS score,"
	" p.price_cents AS price_cents, p.rating AS rating, p.review_count AS review_count,"
	" p.popularity AS popularity FROM products p WHERE ?1 IS NULL";
/* The same over the products of the last match set (search_memo.c): ?1
 * their ids as a JSON array, ?14 the memo, which holds their scores. */
static const char memo_sql[] =
	"WITH m AS MATERIALIZED (SELECT p.id AS id, clerk_memo_score(?14, p.id) AS score,"
	" p.price_cents AS price_cents, p.rating AS rating, p.review_count AS review_count,"
	" p.popularity AS popularity"
	" FROM products p WHERE p.id IN (SELECT value FROM json_each(?1))";
static const char tail_sql[] = " LIMIT ?13) SELECT id, score, count(*) OVER () FROM m";
static const char limit_sql[] = " LIMIT ?11 OFFSET ?12";

void search_bind_filters(sqlite3_stmt *st, const struct search_query *q)
{
	if (q->price_min >= 0)
		sqlite3_bind_int64(st, 2, q->price_min);
	else
		sqlite3_bind_null(st, 2);
	if (q->price_max >= 0)
		sqlite3_bind_int64(st, 3, q->price_max);
	else
		sqlite3_bind_null(st, 3);
	catalog_bind_text(st, 4, q->brand && *q->brand ? q->brand : NULL);
	catalog_bind_text(st, 5, q->exclude_brand && *q->exclude_brand ? q->exclude_brand : NULL);
	catalog_bind_text(st, 6, q->category && *q->category ? q->category : NULL);
	if (q->min_rating > 0)
		sqlite3_bind_double(st, 7, q->min_rating);
	else
		sqlite3_bind_null(st, 7);
	sqlite3_bind_int(st, 8, q->in_stock ? 1 : 0);
	/* an age rules out the products made for other ages; with no words
	 * to search, the list is of those that say they suit it */
	if (q->age_months >= 0)
		sqlite3_bind_int(st, 17, q->age_months);
	else
		sqlite3_bind_null(st, 17);
	sqlite3_bind_int(st, 18, !q->text || !*q->text);
}

/* clerk_in_set(facts, rowid): may this product pass the filters? See
 * search_facts.c. */
static void in_set_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	const struct search_facts *f = sqlite3_value_pointer(argv[0], "clerk_facts");
	sqlite3_result_int(ctx, search_facts_pass(f, sqlite3_value_int64(argv[1])));
}

/* clerk_memo_score(memo, rowid): the score the memo's search gave it. */
static void memo_score_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	const struct search_memo *m = sqlite3_value_pointer(argv[0], "clerk_memo");
	double score = 0;
	search_memo_score(m, sqlite3_value_int64(argv[1]), &score);
	sqlite3_result_double(ctx, score);
}

searcher *search_new(catalog *c, const char *language, const lang *pack, char **err)
{
	searcher *s = xcalloc(1, sizeof *s);
	char *own = NULL;
	s->c = c;
	s->pack = pack;
	s->fits = lang_list(pack, "fits");
	s->claims = lang_list(pack, "claims");
	s->claim_negators = lang_list(pack, "claim_negators");
	s->claim_gap = lang_list(pack, "claim_gap");
	s->claim_free = lang_list(pack, "claim_free");
	/* Query words must be stemmed the way the index stemmed the products. */
	if (!language && index_language_get(c, &own, NULL, err) < 0)
		goto fail;
	s->tok = tokenizer_new(language ? language : own, err);
	free(own);
	if (!s->tok)
		goto fail;
	tokenizer_set_stopwords(s->tok, lang_list(pack, "query"));
	s->syn = synonyms_new(s->tok);
	synonyms_add_rules(s->syn, lang_list(pack, "synonyms"));
	if (search_rank_register(c->db, err) < 0)
		goto fail;
	s->facts = search_facts_new();
	s->memo = search_memo_new();
	s->leaves = search_leaves_new();
	if (sqlite3_create_function(c->db, "clerk_in_set", 2, SQLITE_UTF8, NULL, in_set_fn, NULL,
	                            NULL) != SQLITE_OK ||
	    sqlite3_create_function(c->db, "clerk_memo_score", 2, SQLITE_UTF8, NULL, memo_score_fn,
	                            NULL, NULL) != SQLITE_OK) {
		catalog_fail(c, err, "registering the search functions");
		goto fail;
	}
	/* Ranking reads index pages, sizes and product rows for up to
	 * SEARCH_CANDIDATES products a query: SQLite's default 2 MB page cache
	 * would send most of those reads back to the operating system. */
	sqlite3_exec(c->db, "PRAGMA cache_size = -24000", NULL, NULL, NULL);
	/* Reading index pages through a memory map instead of read() halves
	 * a typical query at a million products (bench/search_latency); the
	 * size is an upper bound that SQLite clamps to its compiled maximum. */
	sqlite3_exec(c->db, "PRAGMA mmap_size = 2147418112", NULL, NULL, NULL);
	if (sqlite3_exec(c->db,
	                 "CREATE VIRTUAL TABLE IF NOT EXISTS temp.clerk_vocab"
	                 " USING fts5vocab(main, product_fts, row)",
	                 NULL, NULL, NULL) != SQLITE_OK) {
		catalog_fail(c, err, "opening the search vocabulary");
		goto fail;
	}
	s->term_docs = catalog_prepare(c,
	                               "SELECT rowid, clerk_cols(product_fts) FROM product_fts"
	                               " WHERE product_fts MATCH ?1 LIMIT ?2",
	                               err);
	s->max_rowid = -1;
	s->df = df_cache_new();
	s->generation = catalog_prepare(
		c, "SELECT value FROM settings WHERE key = 'products_generation'", err);
	s->seen_generation = -1;
	s->ages_known = -1;
	s->name_of = catalog_prepare(c, "SELECT name FROM products WHERE id = ?1", err);
	s->hit_info = catalog_prepare(c, PRODUCT_VIEW_SELECT " WHERE p.id = ?1", err);;
	s->any_match = catalog_prepare(
		c, "SELECT rowid FROM product_fts WHERE product_fts MATCH ?1 LIMIT ?2", err);
	s->is_brand = catalog_prepare(c, "SELECT 1 FROM brands WHERE name = ?1", err);
	if (!s->term_docs || !s->generation || !s->name_of || !s->hit_info || !s->any_match ||
	    !s->is_brand)
		goto fail;
	return s;
fail:
	search_free(s);
	return NULL;
}

void search_set_dictionary(searcher *s, const dictionary *ordinary)
{
	s->ordinary = ordinary;
}

void search_free(searcher *s)
{
	if (!s)
		return;
	sqlite3_finalize(s->term_docs);
	sqlite3_finalize(s->generation);
	df_cache_free(s->df);
	sqlite3_finalize(s->hit_info);
	sqlite3_finalize(s->name_of);
	sqlite3_finalize(s->text_of);
	sqlite3_finalize(s->any_match);
	sqlite3_finalize(s->is_brand);
	search_facts_free(s->facts);
	search_memo_free(s->memo);
	search_leaves_free(s->leaves);
	for (int i = 0; i < SEARCH_N_SORTS; i++)
		sqlite3_finalize(s->memo_run[i]);
	for (int b = 0; b < 2; b++)
		for (int i = 0; i < SEARCH_N_SORTS; i++)
			sqlite3_finalize(s->run[b][i]);
	synonyms_free(s->syn);
	spell_free(s->dict);
	spell_free(s->words);
	spell_free(s->codes);
	spell_free(s->talk);
	tokenizer_free(s->tok);
	free(s);
}

/* ---- the plan ---- */

/* Synonym alternatives are marked by a leading SYN_MARK, so that ranking
 * can weigh them below the shopper's own word. */
#define SYN_MARK '~'

static const char *alt_terms(const char *alt)
{
	return alt + (*alt == SYN_MARK);
}

/* Forgets what was read of the products (their counts per term, their
 * filter columns) when they changed, here or in another process:
 * product_writer bumps settings' products_generation. A cart or an order
 * written meanwhile changes nothing here. */
static void products_sync(searcher *s)
{
	int64_t generation = 0;
	sqlite3_stmt *st = s->generation;
	sqlite3_reset(st);
	if (sqlite3_step(st) == SQLITE_ROW)
		generation = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (generation != s->seen_generation || s->c->product_changes != s->seen_changes) {
		df_cache_clear(s->df);
		s->max_rowid = -1;
		search_facts_forget(s->facts);
		search_memo_forget(s->memo);
		search_leaves_forget(s->leaves);
		s->ages_known = -1;
	}
	s->seen_generation = generation;
	s->seen_changes = s->c->product_changes;
}

/* Counts the products holding an alternative (terms space-separated, as
 * a phrase) up to cap, with the columns they hold it in. Asking FTS5 for
 * the first rows costs little whatever the term's frequency, and each
 * count is kept. 0 / -1. */
static int count_alt(searcher *s, const char *alt, int64_t cap, struct df_count *out)
{
	const char *terms = alt_terms(alt);
	if (df_cache_count(s->df, terms, cap, out))
		return 0;
	memset(out, 0, sizeof *out);
	out->cap = cap;
	struct buf b;
	buf_init(&b);
	buf_addc(&b, '"');
	for (const char *c = terms; *c; c++) {
		if (*c == '"')
			buf_addc(&b, '"');
		buf_addc(&b, *c);
	}
	buf_addc(&b, '"');
	sqlite3_stmt *st = s->term_docs;
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, b.s, (int)b.len, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, cap);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		out->n++;
		out->last = sqlite3_column_int64(st, 0);
		out->own += (sqlite3_column_int(st, 1) & ~(1 << SEARCH_COL_CATEGORY)) != 0;
	}
	sqlite3_reset(st);
	buf_release(&b);
	if (rc != SQLITE_DONE)
		return -1;
	df_cache_put(s->df, terms, out);
	return 0;
}

/* How many products hold an alternative, counted up to cap; -1 on error. */
static int64_t alt_docs_upto(searcher *s, const char *alt, int64_t cap)
{
	struct df_count n;
	if (count_alt(s, alt, cap, &n) < 0)
		return -1;
	return n.n < cap ? n.n : cap;
}

/* The largest product id, for estimating counts past their cap. */
static int64_t max_rowid(searcher *s)
{
	if (s->max_rowid >= 0)
		return s->max_rowid;
	sqlite3_stmt *st = catalog_prepare(s->c, "SELECT coalesce(max(id), 0) FROM products", NULL);
	s->max_rowid = st && sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	return s->max_rowid;
}

/* How many products hold a term, overall and in their own text (outside
 * the category path), from its count up to SEARCH_DF_CAP. A count that
 * reached the cap is extended by the rowids it covered: the first
 * SEARCH_DF_CAP products holding "case" among the first 4,000 of a million
 * make about 500,000; a term in every product and one in a product in 500
 * then weigh apart, where counted both would weigh as SEARCH_DF_CAP. The
 * own-text share is that of the products counted. -1 on error. */
static int term_estimate(searcher *s, const char *term, double *docs, double *own)
{
	struct df_count n;
	if (count_alt(s, term, SEARCH_DF_CAP, &n) < 0)
		return -1;
	double d = (double)n.n;
	int64_t top = max_rowid(s);
	if (n.n >= n.cap && n.last > 0 && top > n.last)
		d *= (double)top / (double)n.last;
	*docs = d;
	*own = n.n ? d * (double)n.own / (double)n.n : 0;
	return 0;
}

/* For ranking: how many products hold each alternative, overall and in
 * their own text (term_estimate()). A phrase counts as its rarest word:
 * counting a phrase means matching positions, which costs far more, and
 * the bound is close for the short phrases that synonyms and compounds
 * make. -1 on error. */
static int group_docs(searcher *s, struct plan_group *g)
{
	size_t n = g->n_alts ? g->n_alts : 1;
	g->docs = xrealloc(g->docs, n * sizeof *g->docs);
	g->own_docs = xrealloc(g->own_docs, n * sizeof *g->own_docs);
	for (size_t a = 0; a < g->n_alts; a++) {
		char *terms = xstrdup(alt_terms(g->alts[a]));
		double min = -1, own = 0;
		for (char *save = NULL, *t = strtok_r(terms, " ", &save); t;
		     t = strtok_r(NULL, " ", &save)) {
			double d, o;
			if (term_estimate(s, t, &d, &o) < 0) {
				free(terms);
				return -1;
			}
			if (min < 0 || d < min) {
				min = d;
				own = o;
			}
		}
		free(terms);
		g->docs[a] = min > 0 ? min : 0;
		g->own_docs[a] = own;
	}
	return 0;
}

/* Enough to tell unknown (0) and rare (<= RARE_DOCS) words from the rest. */
static int64_t alt_docs(searcher *s, const char *alt)
{
	return alt_docs_upto(s, alt, RARE_DOCS + 1);
}

/* Counts the letter-only words of a text into the searcher's dictionary
 * of written words, and whole words mixing letters and digits ("tech21",
 * "s7") into its dictionary of codes. Words of asking are left out: a slip
 * in a product word is never "corrected" into one ("otter" is not "over"). */
static int add_surface(void *ctx, const struct token *t)
{
	searcher *s = ctx;
	if ((t->flags & TOKEN_MIXED) && !(t->flags & TOKEN_PART))
		spell_add(s->codes, t->surface, t->surface_len, 1);
	if (!(t->flags & (TOKEN_NUMBER | TOKEN_MIXED | TOKEN_STOP)) && t->surface_len >= 2 &&
	    !spell_freq(s->talk, t->surface, t->surface_len))
		spell_add(s->words, t->surface, t->surface_len, 1);
	return 0;
}

/* Words shoppers mean are mostly in names, brands and categories; their
 * written forms make better corrections than stems ("defender", where the
 * stem "defend" is three edits from "defnder"). At most this many names
 * are read, so that the first correction stays quick on a huge catalog. */
static int load_words(searcher *s, char **err)
{
	static const char sql[] =
		"SELECT name FROM (SELECT name FROM products LIMIT 50000)"
		" UNION ALL SELECT name FROM brands UNION ALL SELECT name FROM categories";
	sqlite3_stmt *st = catalog_prepare(s->c, sql, err);
	if (!st)
		return -1;
	s->words = spell_new();
	s->codes = spell_new();
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);
		if (t)
			tokenizer_run(s->tok, t, (size_t)sqlite3_column_bytes(st, 0), add_surface, s);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return catalog_fail(s->c, err, "reading words for spelling correction");
	return 0;
}

/* The index's terms (description words too) are read only from a catalog
 * up to this size: fts5vocab reads the whole index to count them. */
#define DICT_TERMS_MAX_PRODUCTS 50000

static void add_talk(const char *word, void *ctx)
{
	spell_add(ctx, word, strlen(word), 1);
}

/* The index's terms for spelling correction: letters only, so that model
 * codes and sizes are never "corrected" into one another. */
static int load_dict(searcher *s, char **err)
{
	if (s->dict)
		return 0;
	/* a failed load is tried again whole on the next query */
	spell_free(s->talk);
	spell_free(s->words);
	spell_free(s->codes);
	s->words = NULL;
	s->codes = NULL;
	/* the language of asking: stop words and shopping talk ([talk]: words
	 * about price and taste, comparatives; "thicker" is not a slip for
	 * "trucker"), never corrected into product words */
	struct stopwords sw;
	stopwords_init(&sw, s->pack);
	s->talk = spell_new();
	stopwords_each(&sw, add_talk, s->talk);
	const lexicon_list *talk = lang_list(s->pack, "talk");
	for (size_t i = 0; i < lexicon_list_size(talk); i++)
		add_talk(lexicon_list_at(talk, i), s->talk);
	if (load_words(s, err) < 0)
		return -1;
	s->dict = spell_new();
	if (catalog_product_count(s->c) > DICT_TERMS_MAX_PRODUCTS)
		return 0;
	sqlite3_stmt *st = catalog_prepare(s->c, "SELECT term, doc FROM temp.clerk_vocab", err);
	if (!st)
		return -1;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);
		size_t n = (size_t)sqlite3_column_bytes(st, 0);
		bool letters = n >= 2;
		for (size_t i = 0; i < n && letters; i++)
			letters = !((unsigned char)t[i] < 0x80 && !((t[i] >= 'a' && t[i] <= 'z')));
		if (letters && !spell_freq(s->talk, t, n))
			spell_add(s->dict, t, n, (uint64_t)sqlite3_column_int64(st, 1));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return catalog_fail(s->c, err, "reading the search vocabulary");
	return 0;
}

/* How a corrected stem reads to the shopper: the shopper's word with the
 * stem's part replaced ("batteri" for "batery" reads "battery"). */
static char *correction_display(const char *surface, const char *stem, const char *fixed,
                                size_t fixed_len)
{
	size_t common = 0;
	while (surface[common] && stem[common] && surface[common] == stem[common])
		common++;
	const char *stem_rest = stem + common;
	size_t rest_len = strlen(stem_rest);
	const char *suffix = surface + common;
	if (rest_len <= fixed_len && !memcmp(fixed + fixed_len - rest_len, stem_rest, rest_len)) {
		/* keep the shopper's ending only when it is a real ending of a
		 * word the stem came from, not the typo itself */
		if (common + 3 >= strlen(stem) || !*suffix)
			return xasprintf("%.*s%s", (int)(fixed_len - rest_len), fixed, suffix);
	}
	return xstrndup(fixed, fixed_len);
}

struct qword {
	char *surface;   /* folded word as typed (a compound joined) */
	char *stem;      /* its stem (a compound's joined form) */
	char *split;     /* a compound's part stems, space-separated, or NULL */
	size_t start, end;
	bool stop, alpha;
	bool glue; /* joins the next word: "type c" is "typec" (glue_designators()) */
	bool ends_name; /* a stop word one phrase with the word before (keep_name_ends()) */
	bool corrected; /* read as its spelling correction (correct_unknown_words()) */
};

static void qwords_release(struct qword *w, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(w[i].surface);
		free(w[i].stem);
		free(w[i].split);
	}
	free(w);
}

/* Groups the token list by word: a word is one token or a compound. */
static struct qword *to_words(const struct token_list *l, size_t *n_out)
{
	struct qword *w = xcalloc(l->n + 1, sizeof *w);
	size_t n = 0;
	for (size_t i = 0; i < l->n;) {
		const struct token_item *t = &l->items[i];
		struct qword *q = &w[n++];
		q->start = t->start;
		q->end = t->end;
		if (!(t->flags & TOKEN_PART)) {
			q->surface = xstrdup(t->surface);
			q->stem = xstrdup(t->text);
			q->stop = (t->flags & TOKEN_STOP) != 0;
			q->alpha = !(t->flags & (TOKEN_NUMBER | TOKEN_MIXED));
			i++;
			continue;
		}
		struct buf split;
		buf_init(&split);
		size_t word = t->word;
		for (; i < l->n && l->items[i].word == word; i++) {
			const struct token_item *u = &l->items[i];
			if (u->flags & TOKEN_WHOLE) {
				free(q->surface);
				free(q->stem);
				q->surface = xstrdup(u->surface);
				q->stem = xstrdup(u->text);
				continue;
			}
			if (split.len)
				buf_addc(&split, ' ');
			buf_adds(&split, u->text);
			if (u->end > q->end)
				q->end = u->end;
		}
		q->split = buf_detach(&split);
		if (!q->stem) { /* defensive: a compound always has a whole */
			q->stem = xstrdup(q->split);
			q->surface = xstrdup(q->split);
		}
	}
	*n_out = n;
	return w;
}

/* The words of text as the index reads them. */
static struct qword *text_words(searcher *s, const char *text, size_t *n)
{
	struct token_list l;
	token_list_init(&l);
	tokenizer_list(s->tok, text, strlen(text), &l);
	struct qword *w = to_words(&l, n);
	token_list_release(&l);
	return w;
}

static void group_add_alt(struct plan_group *g, const char *alt)
{
	for (size_t i = 0; i < g->n_alts; i++)
		if (!strcmp(alt_terms(g->alts[i]), alt_terms(alt)))
			return;
	g->alts = xrealloc(g->alts, (g->n_alts + 1) * sizeof *g->alts);
	g->alts[g->n_alts++] = xstrdup(alt);
}

static void group_add_synonym(struct plan_group *g, const char *surface)
{
	g->synonyms = xrealloc(g->synonyms, (g->n_synonyms + 1) * sizeof *g->synonyms);
	g->synonyms[g->n_synonyms++] = xstrdup(surface);
}

static void group_release(struct plan_group *g)
{
	for (size_t i = 0; i < g->n_alts; i++)
		free(g->alts[i]);
	free(g->alts);
	free(g->docs);
	free(g->own_docs);
	for (size_t i = 0; i < g->n_synonyms; i++)
		free(g->synonyms[i]);
	free(g->synonyms);
	free(g->display);
}

void search_plan_release(struct search_plan *p)
{
	for (size_t i = 0; i < p->n_groups; i++)
		group_release(&p->groups[i]);
	free(p->groups);
	for (size_t i = 0; i < p->n_unknown; i++)
		free(p->unknown[i]);
	free(p->unknown);
	free(p->corrected);
	memset(p, 0, sizeof *p);
}

/* Keeps only the alternatives the index knows; returns how many remain.
 * Synonym alternatives that survive are recorded for display. -1 on error. */
static int prune_alts(searcher *s, struct plan_group *g)
{
	size_t kept = 0;
	for (size_t i = 0; i < g->n_alts; i++) {
		int64_t d = alt_docs(s, g->alts[i]);
		if (d < 0)
			return -1;
		if (d == 0) {
			free(g->alts[i]);
			continue;
		}
		g->alts[kept++] = g->alts[i];
	}
	g->n_alts = kept;
	return (int)kept;
}

/* Drops the phrase alternatives of a group whose first alternative, one
 * word, is in SEARCH_DF_CAP products or more. A phrase costs a check of
 * positions in every product holding all its words, and a synonym's
 * phrase is made of common words ("charger": "power adapter", "s7":
 * "s 7"): at a million products that doubled the time of a filtered
 * search, for the 1% more products the phrases found beside the word's
 * own thousands. -1 on error. */
static int drop_costly_phrases(searcher *s, struct plan_group *g)
{
	if (g->n_alts < 2 || strchr(alt_terms(g->alts[0]), ' '))
		return 0;
	int64_t d = alt_docs_upto(s, g->alts[0], SEARCH_DF_CAP);
	if (d < SEARCH_DF_CAP)
		return d < 0 ? -1 : 0;
	size_t kept = 1;
	for (size_t i = 1; i < g->n_alts; i++) {
		if (strchr(alt_terms(g->alts[i]), ' ')) {
			free(g->alts[i]);
			continue;
		}
		g->alts[kept++] = g->alts[i];
	}
	g->n_alts = kept;
	return 0;
}

/* Tries to correct the single word w of group g. true when corrected. */
/* The digits of a word, in order, as a string (at most cap - 1). */
static void digits_of(const char *w, size_t len, char *out, size_t cap)
{
	size_t n = 0;
	for (size_t i = 0; i < len && n + 1 < cap; i++)
		if (w[i] >= '0' && w[i] <= '9')
			out[n++] = w[i];
	out[n] = '\0';
}

static bool same_digits(void *ctx, const char *word, size_t len)
{
	char d[64];
	digits_of(word, len, d, sizeof d);
	return !strcmp(d, ctx);
}

/* A model or brand written with digits ("tehc21") is corrected only among
 * the catalog's words with digits, and only in its letters: the digits are
 * what tells one model from the next ("s7" is never "s8"). The letters
 * must be MIN_CORRECT_LEN or more. true when corrected. */
static bool correct_code(searcher *s, struct plan_group *g, const struct qword *w)
{
	size_t len = strlen(w->surface), letters = 0;
	for (size_t i = 0; i < len; i++)
		letters += w->surface[i] >= 'a' && w->surface[i] <= 'z';
	if (letters < MIN_CORRECT_LEN)
		return false;
	char digits[64];
	digits_of(w->surface, len, digits, sizeof digits);
	if (!*digits)
		return false;
	struct spell_match m;
	if (!spell_correct_if(s->codes, w->surface, len, letters <= 5 ? 1 : 2, same_digits, digits,
	                      &m))
		return false;
	char *stem = tokenizer_stem(s->tok, m.word, m.len);
	if (alt_docs(s, stem) <= 0) {
		free(stem);
		return false;
	}
	group_add_alt(g, stem);
	free(stem);
	free(g->display);
	g->display = xstrndup(m.word, m.len);
	g->corrected = true;
	return true;
}

/* Is the word a brand's whole name ("Forge")? */
static bool names_brand(searcher *s, const char *word, size_t len)
{
	sqlite3_stmt *st = s->is_brand;
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, word, (int)len, SQLITE_TRANSIENT);
	bool is = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return is;
}

static bool correct_word(searcher *s, struct plan_group *g, const struct qword *w,
                         int64_t docs, char **err, int *failed)
{
	if (strlen(w->surface) < MIN_CORRECT_LEN)
		return false;
	if (load_dict(s, err) < 0) {
		*failed = 1;
		return false;
	}
	if (!w->alpha)
		return !docs && correct_code(s, g, w);
	struct spell_match m;
	size_t slen = strlen(w->surface);
	char *fixed = NULL;
	/* a word of asking is never corrected ("sale" is not "salt", even when
	 * a description has it once), and a slip in one ("cehap" for "cheap")
	 * is not a product word two edits away ("chip"): only as close a
	 * product word wins. The slip reads as the word of asking itself,
	 * searched when products hold it ("dipslay": display) and dropped
	 * otherwise. */
	if (spell_freq(s->talk, w->surface, slen) > 0)
		return false;
	/* An ordinary word of the language is a slip only when long, and one
	 * edit from a catalog word ("lightening": lightning), never two
	 * ("counters" is not "country"). */
	int reach = slen <= 5 ? 1 : 2;
	bool ordinary = dictionary_has(s->ordinary, w->surface, slen);
	if (ordinary) {
		/* a short word of the language is what it says: "big" is not
		 * "beige", however few products say "big" */
		if (slen <= 4)
			return false;
		reach = 1;
	}
	struct spell_match near;
	if (!docs && spell_correct(s->talk, w->surface, slen, 1, &m) &&
	    !spell_correct(s->words, w->surface, slen, m.distance, &near)) {
		char *word = xstrndup(m.word, m.len);
		struct stopwords sw;
		stopwords_init(&sw, s->pack);
		char *stem = stopwords_is(&sw, word) ? NULL : tokenizer_stem(s->tok, m.word, m.len);
		if (stem && alt_docs(s, stem) > 0) {
			fixed = stem;
			free(g->display);
			g->display = word;
			goto found;
		}
		free(stem);
		free(word);
		return false;
	}
	/* the written form first: its stem must be in the index; an
	 * ordinary word is no slip for a brand ("forget" is not "Forge") */
	if (spell_correct(s->words, w->surface, slen, reach, &m) &&
	    !(ordinary && names_brand(s, m.word, m.len))) {
		char *stem = tokenizer_stem(s->tok, m.word, m.len);
		int64_t d = alt_docs_upto(s, stem, 50 * (docs + 1));
		if (d > 0 && (docs == 0 || (m.distance == 1 && d >= docs * 50))) {
			fixed = stem;
			free(g->display);
			g->display = xstrndup(m.word, m.len);
		} else {
			free(stem);
		}
	}
	if (!fixed) {
		/* the stems are catalog words written otherwise: no place for a
		 * word of the language */
		if (ordinary)
			return false;
		size_t len = strlen(w->stem);
		if (!spell_correct(s->dict, w->stem, len, len <= 5 || reach == 1 ? 1 : 2, &m))
			return false;
		/* a rare but real word is only replaced by a far more common one */
		if (docs > 0 && (m.distance > 1 || m.freq < (uint64_t)docs * 50))
			return false;
		fixed = xstrndup(m.word, m.len);
		free(g->display);
		g->display = correction_display(w->surface, w->stem, m.word, m.len);
	}
found:
	group_add_alt(g, fixed);
	g->corrected = true;
	free(fixed);
	return true;
}

static void add_unknown(struct search_plan *p, const char *word)
{
	p->unknown = xrealloc(p->unknown, (p->n_unknown + 1) * sizeof *p->unknown);
	p->unknown[p->n_unknown++] = xstrdup(word);
}

/* "scarves" and "scarf", "knives" and "knife", "shelves" and "shelf" stem
 * apart: the other form is an alternative (pruned when no product says
 * it). */
static void add_f_plural(searcher *s, struct plan_group *g, const char *w)
{
	size_t n = strlen(w);
	char *forms[2] = {NULL, NULL};
	if (n > 4 && !strcmp(w + n - 3, "ves")) {
		forms[0] = xasprintf("%.*sf", (int)(n - 3), w);
		forms[1] = xasprintf("%.*sfe", (int)(n - 3), w);
	} else if (n > 3 && !strcmp(w + n - 2, "fe")) {
		forms[0] = xasprintf("%.*sves", (int)(n - 2), w);
	} else if (n > 3 && w[n - 1] == 'f' && w[n - 2] != 'f') {
		forms[0] = xasprintf("%.*sves", (int)(n - 1), w);
	}
	for (int i = 0; i < 2; i++) {
		if (!forms[i])
			continue;
		char *stem = tokenizer_stem(s->tok, forms[i], strlen(forms[i]));
		if (stem && *stem)
			group_add_alt(g, stem);
		free(stem);
		free(forms[i]);
	}
}

/* "lenses" stems to "lens" but "lens" to "len": a plural in "-ses" whose
 * singular ends in "s" may stem apart from it. The singular is an alternative when more
 * products hold it than the plural as said: the catalog writes the word
 * that way. "cases" (of "case") is no such plural: "cas" is rarer than
 * "case" wherever it is. own_docs: products holding g's first
 * alternative. 0, or -1 on error. */
static int add_s_plural(searcher *s, struct plan_group *g, const char *w, int64_t own_docs)
{
	size_t n = strlen(w);
	if (n < 6 || strcmp(w + n - 3, "ses"))
		return 0;
	char *stem = tokenizer_stem(s->tok, w, n - 2);
	int rc = 0;
	if (stem && *stem && strcmp(stem, g->alts[0])) {
		/* counted alike: past RARE_DOCS both to the same cap */
		int64_t docs = alt_docs(s, stem);
		if (docs > RARE_DOCS && own_docs > RARE_DOCS) {
			docs = alt_docs_upto(s, stem, SEARCH_DF_CAP);
			own_docs = alt_docs_upto(s, g->alts[0], SEARCH_DF_CAP);
		}
		if (docs < 0 || own_docs < 0)
			rc = -1;
		else if (docs > own_docs)
			group_add_alt(g, stem);
	}
	free(stem);
	return rc;
}

/* Builds the group for words[i..i+k) (k > 1 only for a synonym phrase);
 * required for a filter's group (the color), never merged with a query
 * word that says the same. */
static int build_group(searcher *s, struct search_plan *p, const struct qword *words, size_t k,
                       const struct synonym_alt *alts, size_t n_alts, const char *joined,
                       bool correct, bool required, char **err)
{
	struct plan_group g = {.required = required};
	struct buf display, own;
	buf_init(&display);
	buf_init(&own);
	for (size_t j = 0; j < k; j++) {
		if (j) {
			buf_addc(&display, ' ');
			buf_addc(&own, ' ');
		}
		buf_adds(&display, words[j].surface);
		buf_adds(&own, words[j].stem);
	}
	g.display = buf_detach(&display);
	for (size_t j = 0; j < k; j++)
		g.corrected |= words[j].corrected;
	g.start = words[0].start;
	g.end = words[k - 1].end;
	group_add_alt(&g, own.s);
	if (k == 1 && words[0].split)
		group_add_alt(&g, words[0].split);
	if (k == 1 && words[0].alpha)
		add_f_plural(s, &g, words[0].surface);
	if (joined)
		group_add_alt(&g, joined);
	buf_release(&own);
	for (size_t j = 0; j < n_alts; j++) {
		char *marked = xasprintf("%c%s", SYN_MARK, alts[j].terms);
		group_add_alt(&g, marked);
		free(marked);
	}
	/* how common the word itself is, before pruning */
	int64_t own_docs = alt_docs(s, g.alts[0]);
	if (own_docs < 0 ||
	    (k == 1 && words[0].alpha && add_s_plural(s, &g, words[0].surface, own_docs) < 0) ||
	    prune_alts(s, &g) < 0 || drop_costly_phrases(s, &g) < 0) {
		group_release(&g);
		return catalog_fail(s->c, err, "looking up a search term");
	}
	/* synonyms that survived, for "why these?" */
	for (size_t j = 0; j < n_alts; j++)
		for (size_t a = 0; a < g.n_alts; a++)
			if (g.alts[a][0] == SYN_MARK && !strcmp(alt_terms(g.alts[a]), alts[j].terms))
				group_add_synonym(&g, alts[j].surface);
	int failed = 0;
	if (correct && k == 1 && n_alts == 0 && own_docs <= RARE_DOCS && !words[0].corrected) {
		if (correct_word(s, &g, &words[0], own_docs, err, &failed)) {
			/* the misspelling itself, when it exists, only confuses ranking */
			for (size_t a = 0; a < g.n_alts; a++)
				if (!strcmp(g.alts[a], words[0].stem)) {
					free(g.alts[a]);
					g.alts[a] = g.alts[--g.n_alts];
					break;
				}
		}
	}
	if (failed) {
		group_release(&g);
		return -1;
	}
	if (g.n_alts > 0 && group_docs(s, &g) < 0) {
		group_release(&g);
		return catalog_fail(s->c, err, "counting a search term's products");
	}
	if (g.n_alts == 0) {
		add_unknown(p, g.display);
		p->dropped_any = true;
		group_release(&g);
		return 0;
	}
	/* a word said twice ("iphone 6 cases slim cases": the department and
	 * the need both say it) is one need, not twice the weight */
	bool again = p->n_groups == SEARCH_MAX_GROUPS;
	for (size_t i = 0; i < p->n_groups && !again; i++)
		again = p->groups[i].required == g.required && p->groups[i].n_alts == g.n_alts &&
		        !strcmp(p->groups[i].alts[0], g.alts[0]);
	if (again) {
		group_release(&g);
		return 0;
	}
	p->groups = xrealloc(p->groups, (p->n_groups + 1) * sizeof *p->groups);
	p->groups[p->n_groups++] = g;
	return 0;
}

/* "type c", "type a": a stop word before a one-letter or one-digit word
 * that the catalog writes joined to it ("Type-C", indexed as "typec")
 * is no stop word; the two are one group (joined_stem()). 0, or -1 on
 * error. */
static int glue_designators(searcher *s, struct qword *w, size_t n)
{
	for (size_t i = 0; i + 1 < n; i++) {
		const struct qword *next = &w[i + 1];
		if (!w[i].stop || next->stop || w[i].split || next->split ||
		    strlen(next->surface) != 1 || !isalnum((unsigned char)next->surface[0]))
			continue;
		char *joined = xasprintf("%s%s", w[i].surface, next->surface);
		char *stem = tokenizer_stem(s->tok, joined, strlen(joined));
		int64_t docs = alt_docs_upto(s, stem, 1);
		free(joined);
		free(stem);
		if (docs < 0)
			return -1;
		if (docs > 0) {
			w[i].stop = false;
			w[i].glue = true;
		}
	}
	return 0;
}

/* The stem of words w[0] and w[1] written as one ("otter box":
 * "otterbox", "candy shell": "candyshell") when that is how the catalog
 * writes them: its products are at least as many as those of the rarer
 * word alone. Then the two words are one group, the phrase or the joined
 * word. NULL otherwise (heap). */
static char *joined_stem(searcher *s, const struct qword *w)
{
	if (w[0].glue) {
		char *joined = xasprintf("%s%s", w[0].surface, w[1].surface);
		char *glued = tokenizer_stem(s->tok, joined, strlen(joined));
		free(joined);
		return glued;
	}
	if (w[0].stop || w[1].stop || (!w[0].alpha && !w[1].alpha))
		return NULL;
	char *surface = xasprintf("%s%s", w[0].surface, w[1].surface);
	char *stem = tokenizer_stem(s->tok, surface, strlen(surface));
	free(surface);
	int64_t a = alt_docs_upto(s, w[0].stem, SEARCH_DF_CAP);
	int64_t b = alt_docs_upto(s, w[1].stem, SEARCH_DF_CAP);
	int64_t rarer = a < b ? a : b;
	int64_t j = alt_docs_upto(s, stem, rarer > 0 ? rarer : 1);
	if (j <= 0 || j < rarer) {
		free(stem);
		return NULL;
	}
	return stem;
}

/* The query's text with its corrected words, or NULL when none is. A
 * required group's words are not in the text (group_words()). */
static char *corrected_text(const char *text, size_t len, const struct search_plan *p)
{
	bool any = false;
	for (size_t i = 0; i < p->n_groups; i++)
		any = any || (p->groups[i].corrected && !p->groups[i].required);
	if (!any)
		return NULL;
	struct buf b;
	buf_init(&b);
	size_t at = 0;
	for (size_t i = 0; i < p->n_groups; i++) {
		const struct plan_group *g = &p->groups[i];
		if (!g->corrected || g->required)
			continue;
		buf_add(&b, text + at, g->start - at);
		buf_adds(&b, g->display);
		at = g->end;
	}
	buf_add(&b, text + at, len - at);
	return buf_detach(&b);
}

/* Cuts text to at most max bytes without splitting a UTF-8 sequence. */
static size_t cut_utf8(const char *text, size_t len, size_t max)
{
	if (len <= max)
		return len;
	size_t n = max;
	while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
		n--;
	return n;
}

/* Products holding group g: the sum of its alternatives' (an upper bound). */
static double group_weight_docs(const struct plan_group *g)
{
	double d = 0;
	for (size_t a = 0; a < g->n_alts; a++)
		d += g->docs ? g->docs[a] : SEARCH_DF_CAP;
	return d;
}

/* Whether the groups of p marked in keep match some product together:
 * 1 yes, 0 no, -1 on error. */
static int groups_match(searcher *s, const struct search_plan *p, const bool *keep)
{
	struct search_plan v = *p;
	v.groups = xcalloc(p->n_groups ? p->n_groups : 1, sizeof *v.groups);
	v.n_groups = 0;
	for (size_t i = 0; i < p->n_groups; i++)
		if (keep[i])
			v.groups[v.n_groups++] = p->groups[i]; /* borrowed */
	struct search_phrase *ph = NULL;
	size_t n_ph = 0;
	char *expr = search_plan_expr(&v, 0, &ph, &n_ph);
	int64_t n = expr ? search_count_upto(s, expr, 1) : 1;
	free(expr);
	free(ph);
	free(v.groups);
	return n < 0 ? -1 : n > 0;
}

/* The words a group of a plan of q was made of, as typed: a required
 * group's span is in q->must, the others' in q->text. */
static char *group_words(const struct search_query *q, const struct plan_group *g)
{
	const char *from = g->required ? q->must : q->text;
	return xstrndup(from + g->start, g->end - g->start);
}

/* How many near words a fruitless correction tries in its place. */
#define RECORRECT_TRIES 5

/* A correction that finds nothing with the shopper's other words may be
 * the wrong one of several near words ("galaxy noe 5 case": "neo" is
 * nearer than "note"): the best of the others that does is taken instead.
 * Group i is the correction, keep[i] true and keep marking the groups it
 * must match with. 1 when replaced, 0 when no other word does, -1 on
 * error. */
static int recorrect_in_context(searcher *s, struct search_plan *p, const bool *keep, size_t i,
                                const struct search_query *q)
{
	struct plan_group *g = &p->groups[i];
	char *typed = group_words(q, g);
	size_t n = 0;
	struct qword *w = text_words(s, typed, &n);
	free(typed);
	/* one word, not a slip in a word of asking ("cehap") */
	if (n != 1 || !w[0].alpha || w[0].split ||
	    spell_freq(s->talk, g->display, strlen(g->display)) > 0) {
		qwords_release(w, n);
		return 0;
	}
	size_t len = strlen(w[0].surface);
	int reach = len <= 5 || dictionary_has(s->ordinary, w[0].surface, len) ? 1 : 2;
	struct spell_match near[RECORRECT_TRIES];
	size_t n_near = spell_candidates(s->words, w[0].surface, len, reach, near, RECORRECT_TRIES);
	qwords_release(w, n);
	int rc = 0;
	for (size_t c = 0; c < n_near && rc == 0; c++) {
		char *stem = tokenizer_stem(s->tok, near[c].word, near[c].len);
		bool tried = false;
		for (size_t a = 0; a < g->n_alts && !tried; a++)
			tried = !strcmp(alt_terms(g->alts[a]), stem);
		if (tried) {
			free(stem);
			continue;
		}
		struct plan_group t = {
			.start = g->start, .end = g->end, .corrected = true, .required = g->required};
		group_add_alt(&t, stem);
		free(stem);
		if (group_docs(s, &t) < 0) {
			group_release(&t);
			return -1;
		}
		struct plan_group was = *g;
		*g = t;
		int m = groups_match(s, p, keep);
		if (m == 1) {
			g->display = xstrndup(near[c].word, near[c].len);
			group_release(&was);
			rc = 1;
		} else {
			*g = was;
			group_release(&t);
			rc = m < 0 ? -1 : 0;
		}
	}
	return rc;
}

/* A correction is a guess; a guess that finds nothing with the shopper's
 * other words ("posa" read as "pose" beside "accessories refill cards")
 * would only turn the search into any-word matching. When two or more
 * uncorrected words match together, each corrected word is kept only if
 * it still matches with them and the corrections kept before it, or
 * another near word does in its place (recorrect_in_context()); the
 * others are dropped as unknown words. One word alone is too little
 * context to overrule a correction ("bluettooth earpiece": the one
 * product that mentions an earpiece is a screen protector). 0 / -1 with
 * *err. */
static int drop_fruitless_corrections(searcher *s, struct search_plan *p,
                                      const struct search_query *q, char **err)
{
	size_t n_guesses = 0, n_own = 0;
	bool own_rare = false;
	for (size_t i = 0; i < p->n_groups; i++) {
		const struct plan_group *g = &p->groups[i];
		bool rare = group_weight_docs(g) < SEARCH_DF_CAP;
		n_guesses += g->corrected && rare;
		n_own += !g->corrected && !g->required;
		own_rare |= !g->corrected && rare;
	}
	/* Whether words match together costs a walk of the rarest one's
	 * products when they do not: only rare guesses are tried, and the
	 * shopper's own words only when one of them is rare. */
	if (n_guesses == 0 || n_own < 2 || !own_rare)
		return 0;
	bool *keep = xcalloc(p->n_groups, sizeof *keep);
	int rc = -1, m;
	for (size_t i = 0; i < p->n_groups; i++)
		keep[i] = true;
	if ((m = groups_match(s, p, keep)) != 0)
		goto done; /* all words match together, or an error */
	for (size_t i = 0; i < p->n_groups; i++)
		keep[i] = !p->groups[i].corrected;
	if ((m = groups_match(s, p, keep)) != 1)
		goto done; /* the shopper's own words fail too: relaxing decides */
	for (size_t i = 0; i < p->n_groups; i++) {
		if (!p->groups[i].corrected)
			continue;
		keep[i] = true;
		if (group_weight_docs(&p->groups[i]) >= SEARCH_DF_CAP)
			continue; /* a common word: kept untried */
		if ((m = groups_match(s, p, keep)) == 0)
			m = recorrect_in_context(s, p, keep, i, q);
		if (m < 0)
			goto done;
		keep[i] = m == 1;
	}
	size_t n = 0;
	for (size_t i = 0; i < p->n_groups; i++) {
		struct plan_group *g = &p->groups[i];
		if (keep[i]) {
			p->groups[n++] = *g;
			continue;
		}
		char *word = group_words(q, g);
		add_unknown(p, word);
		free(word);
		p->dropped_any = true;
		group_release(g);
	}
	p->n_groups = n;
	m = 0;
done:
	rc = m < 0 ? catalog_fail(s->c, err, "trying a spelling correction") : 0;
	free(keep);
	return rc;
}

static void add_quoted(struct buf *b, const char *alt);

/* ---- a slip into another real word ----
 *
 * "tie mate": every word is one the catalog knows, and no product holds
 * them together. A word one edit from a more common catalog word that
 * does hold with the others ("tile mate") is read as that word, the way a
 * typo would be. Only when the words match nothing together (tried after
 * a search found nothing, so no other search pays for it), and only the
 * slip that makes them match: "red mate" is never "bed mate" (red is the
 * more common word). */

#define SLIP_CANDIDATES 12
#define SLIP_TRIES 6

struct slips {
	char *word[SLIP_CANDIDATES];
	size_t n;
};

static bool collect_slip(void *ctx, const char *word, size_t len)
{
	struct slips *c = ctx;
	if (len < 3 || c->n >= SLIP_CANDIDATES)
		return false;
	for (size_t i = 0; i < len; i++)
		if (!islower((unsigned char)word[i]))
			return false;
	c->word[c->n++] = xstrndup(word, len);
	return false; /* keep walking: every candidate is collected */
}

static int by_freq_desc(const void *a, const void *b)
{
	const uint64_t *x = a, *y = b;
	return *x < *y ? 1 : *x > *y ? -1 : 0;
}

/* Does a product's name hold the stems a and b: right after one another
 * when beside ("tile mate", "power bank"), else anywhere in it? 1 yes, 0
 * no, -1 on error. */
static int name_holds(searcher *s, const char *a, const char *b, bool beside)
{
	struct buf e;
	buf_init(&e);
	buf_adds(&e, "{name} : ");
	if (beside) {
		char *phrase = xasprintf("%s %s", a, b);
		add_quoted(&e, phrase);
		free(phrase);
	} else {
		buf_addc(&e, '(');
		add_quoted(&e, a);
		buf_adds(&e, " AND ");
		add_quoted(&e, b);
		buf_addc(&e, ')');
	}
	int64_t n = search_count_upto(s, e.s, 1);
	buf_release(&e);
	return n < 0 ? -1 : n > 0;
}

/* Does a product's name hold stem right beside the word of the group
 * before or after group i ("tile" before "mate")? 1 yes, 0 no, -1 on
 * error. */
static int slip_beside(searcher *s, const struct search_plan *p, size_t i, const char *stem)
{
	for (int side = -1; side <= 1; side += 2) {
		if ((side < 0 && i == 0) || (side > 0 && i + 1 >= p->n_groups))
			continue;
		const struct plan_group *o = &p->groups[(size_t)((long)i + side)];
		if (o->required || o->n_alts == 0)
			continue;
		const char *other = alt_terms(o->alts[0]);
		int n = side < 0 ? name_holds(s, other, stem, true) : name_holds(s, stem, other, true);
		if (n != 0)
			return n;
	}
	return 0;
}

/* 1 when a word was read as another, 0 when none was, -1 with *err. */
static int correct_real_words(searcher *s, struct search_plan *p, char **err)
{
	size_t optional = 0;
	for (size_t i = 0; i < p->n_groups; i++)
		optional += !p->groups[i].required;
	if (optional < 2)
		return 0;
	if (load_dict(s, err) < 0)
		return -1;
	if (!s->words)
		return 0;
	bool *keep = xcalloc(p->n_groups, sizeof *keep);
	for (size_t i = 0; i < p->n_groups; i++)
		keep[i] = true;
	int m = groups_match(s, p, keep); /* 1 when filters, not the words, found nothing */
	bool fixed = false;
	for (size_t i = 0; m == 0 && i < p->n_groups; i++) {
		struct plan_group *g = &p->groups[i];
		const char *w = g->display;
		size_t len = w ? strlen(w) : 0;
		if (g->corrected || g->required || g->n_alts != 1 || len < 3 ||
		    strchr(g->alts[0], ' ') || spell_freq(s->talk, w, len) > 0)
			continue;
		bool alpha = true;
		for (size_t k = 0; k < len && alpha; k++)
			alpha = islower((unsigned char)w[k]);
		if (!alpha)
			continue;
		struct slips c = {.n = 0};
		struct spell_match sm;
		spell_correct_if(s->words, w, len, 1, collect_slip, &c, &sm);
		uint64_t own = spell_freq(s->words, w, len);
		/* the more common first; (freq, index) pairs sorted together */
		uint64_t order[SLIP_CANDIDATES][2];
		size_t n = 0;
		for (size_t k = 0; k < c.n; k++) {
			uint64_t f = spell_freq(s->words, c.word[k], strlen(c.word[k]));
			if (f > own) {
				order[n][0] = f;
				order[n++][1] = k;
			}
		}
		qsort(order, n, sizeof order[0], by_freq_desc);
		for (size_t k = 0; k < n && k < SLIP_TRIES && m == 0; k++) {
			const char *cand = c.word[order[k][1]];
			char *stem = tokenizer_stem(s->tok, cand, strlen(cand));
			struct plan_group saved = *g;
			struct plan_group trial = {0};
			trial.alts = &stem;
			trial.n_alts = 1;
			*g = trial;
			m = groups_match(s, p, keep);
			*g = saved;
			/* and a name says it beside a word next to it: "Tile Mate" */
			if (m == 1)
				m = slip_beside(s, p, i, stem);
			if (m == 1) {
				free(g->alts[0]);
				g->alts[0] = stem;
				free(g->display);
				g->display = xstrdup(cand);
				g->corrected = true;
				fixed = true;
				if (group_docs(s, g) < 0)
					m = -1;
			} else {
				free(stem);
			}
		}
		for (size_t k = 0; k < c.n; k++)
			free(c.word[k]);
	}
	free(keep);
	return m < 0 ? catalog_fail(s->c, err, "trying a slip into another word") : fixed;
}


/* "watering can indoor": a stop word that also names a thing sold
 * ([noun_too]) and that products' names write right after the word before
 * it ("Watering Can") is no stop word there, and the two are one phrase.
 * 0, or -1 on error. */
static int keep_name_ends(searcher *s, struct qword *w, size_t n)
{
	const lexicon_list *nouns = lang_list(s->pack, "noun_too");
	for (size_t i = 1; i < n; i++) {
		if (!w[i].stop || w[i - 1].stop || !w[i].alpha || !w[i - 1].alpha || w[i].split ||
		    w[i - 1].split || !lexicon_list_has(nouns, w[i].surface, strlen(w[i].surface)))
			continue;
		int held = name_holds(s, w[i - 1].stem, w[i].stem, true);
		if (held < 0)
			return -1;
		w[i].stop = !held;
		w[i].ends_name = held;
	}
	return 0;
}

/* A rule of several words ("slim case, thin case") reads the words as one
 * phrase, or one of the rule's others. Where the catalog writes the words
 * apart ("Slim Armor Case") more often than the rule's phrases find
 * products, the rule would hide most of what the words find together: they
 * stay words. 1 when the rule holds them, 0 when not, -1 on error. */
static int rule_holds_words(searcher *s, const struct qword *w, size_t k,
                            const struct synonym_alt *alts, size_t n_alts)
{
	struct buf phrase, apart;
	buf_init(&phrase);
	buf_init(&apart);
	for (size_t j = 0; j < k; j++) {
		buf_printf(&phrase, "%s%s", j ? " " : "", w[j].stem);
		if (j)
			buf_adds(&apart, " AND ");
		add_quoted(&apart, w[j].stem);
	}
	int64_t found = alt_docs(s, phrase.s);
	for (size_t j = 0; j < n_alts && found >= 0; j++) {
		int64_t d = alt_docs(s, alts[j].terms);
		found = d < 0 ? -1 : found + d;
	}
	int64_t all = found < 0 ? -1 : search_count_upto(s, apart.s, 2 * found + 1);
	buf_release(&phrase);
	buf_release(&apart);
	if (all < 0)
		return -1;
	return all <= 2 * found;
}

/* How many near words a slip is tried as beside the word next to it. */
#define CONTEXT_TRIES 6

/* The stem of a word beside w[i] that products hold, or NULL. */
static const char *known_stem(searcher *s, const struct qword *w, int64_t *failed)
{
	if (w->stop || w->glue || w->ends_name)
		return NULL;
	if (w->corrected)
		return w->stem;
	int64_t d = alt_docs(s, w->stem);
	if (d < 0)
		*failed = -1;
	return d > 0 ? w->stem : NULL;
}

/* w is read as word (len bytes), whose stem is stem (taken). */
static void read_as(struct qword *w, const char *word, size_t len, char *stem)
{
	free(w->surface);
	free(w->stem);
	w->surface = xstrndup(word, len);
	w->stem = stem;
	w->corrected = true;
}

/* Products the rarer of two words may hold for a look at their names to
 * be asked: a look that finds nothing walks them all, and at a million
 * products two common words ("cases", "usb") would cost tens of
 * milliseconds. Past it the words vouch for nothing. */
#define CONTEXT_DOCS_MAX (SEARCH_DF_CAP - 1)

/* name_holds(), where the rarer of a and b is in few enough products for
 * a look at their names; 0 (they vouch for nothing) where it is not. */
static int name_holds_cheaply(searcher *s, const char *a, const char *b, bool beside)
{
	int64_t da = alt_docs_upto(s, a, SEARCH_DF_CAP);
	int64_t db = da < 0 ? -1 : alt_docs_upto(s, b, SEARCH_DF_CAP);
	if (da < 0 || db < 0)
		return -1;
	if ((da < db ? da : db) > CONTEXT_DOCS_MAX)
		return 0;
	return name_holds(s, a, b, beside);
}

/* Does a product's name hold stem with a word of the query beside w[i]
 * (or the one beyond it)? 1 yes, 0 no or too dear to know, -1 on error. */
static int name_holds_with_others(searcher *s, const struct qword *w, size_t n, size_t i,
                                  const char *stem)
{
	int64_t failed = 0;
	for (size_t j = i > 2 ? i - 2 : 0; j < n && j <= i + 2; j++) {
		const char *other = j != i ? known_stem(s, &w[j], &failed) : NULL;
		int with = other ? name_holds_cheaply(s, other, stem, false) : 0;
		if (with != 0)
			return with;
	}
	return failed < 0 ? -1 : 0;
}

static int by_distance(const void *a, const void *b)
{
	const struct spell_match *x = a, *y = b;
	return (x->distance > y->distance) - (x->distance < y->distance);
}

/* A word no product holds, read with the words around it. The nearest
 * catalog word, as correct_word() would find it, is taken when a product's
 * name holds it with another word of the query ("ipohne case": iPhone
 * cases, though names also write "phone case"; "moo z": the Moto Z).
 * Otherwise the nearest of the near words that a product's name writes
 * right after the word before it or right before the word after it is:
 * "power bak" is "power bank", not the more common "back"; "mofie power"
 * is "mophie power" (two edits), not "movie" (one). A word too short or
 * too ordinary for correct_word() to correct ("fat", "moo") is corrected
 * only so, and never into a brand. 1 when w[i] was read so, 0 when not
 * (correct_word() tries), -1 on a database error, -2 with *err. */
static int correct_by_neighbour(searcher *s, struct qword *w, size_t n, size_t i, char **err)
{
	size_t len = strlen(w[i].surface);
	if (len < MIN_CORRECT_LEN)
		return 0;
	if (load_dict(s, err) < 0)
		return -2;
	if (!s->words || spell_freq(s->talk, w[i].surface, len) > 0)
		return 0;
	int64_t failed = 0;
	const char *before = i > 0 ? known_stem(s, &w[i - 1], &failed) : NULL;
	const char *after = i + 1 < n ? known_stem(s, &w[i + 1], &failed) : NULL;
	if (failed < 0)
		return -1;
	if (!before && !after)
		return 0;
	bool ordinary = dictionary_has(s->ordinary, w[i].surface, len);
	struct spell_match near[CONTEXT_TRIES];
	size_t n_near = spell_candidates(s->words, w[i].surface, len,
	                                 len <= 5 || ordinary ? 1 : 2, near, 1);
	if (n_near == 1 && !(ordinary && names_brand(s, near[0].word, near[0].len))) {
		char *stem = tokenizer_stem(s->tok, near[0].word, near[0].len);
		int with = stem && *stem ? name_holds_with_others(s, w, n, i, stem) : 0;
		if (with == 1) {
			read_as(&w[i], near[0].word, near[0].len, stem);
			return 1;
		}
		free(stem);
		if (with < 0)
			return -1;
	}
	n_near = spell_candidates(s->words, w[i].surface, len, len >= 5 && !ordinary ? 2 : 1, near,
	                          CONTEXT_TRIES);
	qsort(near, n_near, sizeof near[0], by_distance);
	for (size_t c = 0; c < n_near; c++) {
		if (ordinary && names_brand(s, near[c].word, near[c].len))
			continue;
		char *stem = tokenizer_stem(s->tok, near[c].word, near[c].len);
		int held = 0;
		if (stem && *stem && before)
			held = name_holds_cheaply(s, before, stem, true);
		if (stem && *stem && after && held == 0)
			held = name_holds_cheaply(s, stem, after, true);
		if (held == 1) {
			read_as(&w[i], near[c].word, near[c].len, stem);
			return 1;
		}
		free(stem);
		if (held < 0)
			return -1;
	}
	return 0;
}

/* How many products hold a synonym of the one word stem ("couch": the
 * sofas), the first synonym that any does, counted up to cap; -1 on error. */
static int64_t synonym_docs_upto(searcher *s, const char *stem, int64_t cap)
{
	const struct synonym_alt *alts = NULL;
	size_t n_alts = 0;
	const char *one[1] = {stem};
	int64_t n = 0;
	if (synonyms_match(s->syn, one, 1, &alts, &n_alts) == 1)
		for (size_t i = 0; i < n_alts && n == 0; i++)
			n = alt_docs_upto(s, alts[i].terms, cap);
	return n;
}

/* A word that no product holds is read as its spelling correction before
 * the words are grouped, as if the shopper had typed it right: it then
 * joins the word beside it as the catalog writes them ("camdy shell":
 * "CandyShell") and brings its synonyms ("shockroof case": "shockproof",
 * "rugged"). Only a correction to one word is taken here; the rest are
 * left to build_group(). 0, or -1 with *err. */
static int correct_unknown_words(searcher *s, struct qword *w, size_t n, char **err)
{
	for (size_t i = 0; i < n; i++) {
		if (w[i].stop || !w[i].alpha || w[i].split || w[i].glue || w[i].ends_name)
			continue;
		int64_t docs = alt_docs(s, w[i].stem);
		/* a word the catalog writes otherwise is no slip: its synonyms
		 * find it ("ethiopian": Ethiopia) */
		if (docs == 0)
			docs = synonym_docs_upto(s, w[i].stem, 1);
		if (docs < 0)
			return catalog_fail(s->c, err, "looking up a search term");
		if (docs > 0)
			continue;
		int read = correct_by_neighbour(s, w, n, i, err);
		if (read == -2)
			return -1;
		if (read < 0)
			return catalog_fail(s->c, err, "reading a word by the word beside it");
		if (read)
			continue;
		struct plan_group g = {0};
		int failed = 0;
		bool fixed = correct_word(s, &g, &w[i], 0, err, &failed);
		if (failed) {
			group_release(&g);
			return -1;
		}
		if (fixed && g.n_alts == 1 && !strchr(g.alts[0], ' ') && g.display &&
		    !strchr(g.display, ' ')) {
			free(w[i].surface);
			free(w[i].stem);
			w[i].surface = g.display;
			w[i].stem = g.alts[0];
			w[i].corrected = true;
			g.display = NULL;
			g.n_alts = 0;
		}
		group_release(&g);
	}
	return 0;
}

int search_plan_build(searcher *s, const struct search_query *q, struct search_plan *p,
                      char **err)
{
	memset(p, 0, sizeof *p);
	products_sync(s);
	const char *text = q->text ? q->text : "";
	size_t len = strlen(text);
	size_t cut = cut_utf8(text, len, SEARCH_MAX_QUERY);
	p->truncated = cut < len;
	len = cut;

	struct token_list l;
	token_list_init(&l);
	tokenizer_list(s->tok, text, len, &l);
	size_t n_words = 0;
	struct qword *words = to_words(&l, &n_words);
	token_list_release(&l);

	if (glue_designators(s, words, n_words) < 0 || keep_name_ends(s, words, n_words) < 0) {
		qwords_release(words, n_words);
		return catalog_fail(s->c, err, "counting a search word's products");
	}
	/* stop words go, unless nothing else is left */
	size_t content = 0;
	for (size_t i = 0; i < n_words; i++)
		content += !words[i].stop;
	size_t n = 0;
	for (size_t i = 0; i < n_words; i++) {
		if (content && words[i].stop) {
			free(words[i].surface);
			free(words[i].stem);
			free(words[i].split);
			continue;
		}
		words[n++] = words[i];
	}
	if (!q->no_correct && correct_unknown_words(s, words, n, err) < 0) {
		qwords_release(words, n);
		return -1;
	}

	int rc = 0;
	const char *stems[SYNONYMS_MAX_WORDS];
	for (size_t i = 0; i < n && rc == 0;) {
		size_t m = 0;
		while (m < SYNONYMS_MAX_WORDS && i + m < n && !words[i + m].split) {
			stems[m] = words[i + m].stem;
			m++;
		}
		const struct synonym_alt *alts = NULL;
		size_t n_alts = 0;
		if (i + 1 < n && words[i + 1].ends_name) {
			rc = build_group(s, p, &words[i], 2, NULL, 0, NULL, false, false, err);
			i += 2;
			continue;
		}
		size_t k = m ? synonyms_match(s->syn, stems, m, &alts, &n_alts) : 0;
		if (k >= 2) {
			int holds = rule_holds_words(s, &words[i], k, alts, n_alts);
			if (holds < 0) {
				rc = catalog_fail(s->c, err, "counting a search phrase's products");
				break;
			}
			if (!holds)
				k = 0;
		}
		/* two words the catalog writes as one ("candy shell": "CandyShell")
		 * are that word, whatever a synonym of the first alone says */
		char *joined = k < 2 && m >= 2 ? joined_stem(s, &words[i]) : NULL;
		if (joined) {
			n_alts = 0;
			k = 2;
		} else if (k == 0) {
			n_alts = 0;
			k = 1;
		}
		rc = build_group(s, p, &words[i], k, alts, n_alts, joined, !q->no_correct, false, err);
		free(joined);
		i += k;
	}
	if (rc == 0 && q->must && *q->must) {
		size_t mn = 0;
		struct qword *mw = text_words(s, q->must, &mn);
		size_t before = p->n_groups;
		for (size_t i = 0; i < mn && rc == 0; i++)
			if (!mw[i].stop)
				rc = build_group(s, p, &mw[i], 1, NULL, 0, NULL, !q->no_correct, true, err);
		if (rc == 0 && p->n_groups == before)
			p->impossible = true; /* words no product holds */
		qwords_release(mw, mn);
	}
	if (rc == 0 && q->color && *q->color) {
		size_t cn = 0;
		struct qword *cw = text_words(s, q->color, &cn);
		size_t before = p->n_groups;
		/* the colour as the shop may spell it: "gray" is "grey" */
		const char *stems[SYNONYMS_MAX_WORDS];
		const struct synonym_alt *alts = NULL;
		size_t n_alts = 0;
		for (size_t i = 0; i < cn && i < SYNONYMS_MAX_WORDS; i++)
			stems[i] = cw[i].stem;
		if (cn > 0 && cn <= SYNONYMS_MAX_WORDS &&
		    synonyms_match(s->syn, stems, cn, &alts, &n_alts) != cn) {
			alts = NULL;
			n_alts = 0;
		}
		if (cn > 0 && cn <= SYNONYMS_MAX_WORDS)
			rc = build_group(s, p, cw, cn, alts, n_alts, NULL, false, true, err);
		if (rc == 0 && p->n_groups > before) {
			p->groups[before].start = p->groups[before].end = len;
		} else if (rc == 0) {
			p->impossible = true; /* a color no product has */
		}
		qwords_release(cw, cn);
	}
	qwords_release(words, n);
	if (rc < 0) {
		search_plan_release(p);
		return -1;
	}
	if (drop_fruitless_corrections(s, p, q, err) < 0) {
		search_plan_release(p);
		return -1;
	}
	p->corrected = corrected_text(text, len, p);
	return 0;
}

static void add_quoted(struct buf *b, const char *alt)
{
	buf_addc(b, '"');
	for (const char *c = alt; *c; c++) {
		if (*c == '"')
			buf_addc(b, '"');
		buf_addc(b, *c);
	}
	buf_addc(b, '"');
}

/* Appends the groups with required == want (and, when only is not NULL,
 * only[i]), joined by sep; describes each phrase in *ph. Returns how many
 * groups it wrote. */
static size_t add_groups(struct buf *b, const struct search_plan *p, bool want, const char *sep,
                         const bool *only, struct search_phrase **ph, size_t *n_ph,
                         size_t *cap)
{
	size_t n = 0;
	for (size_t i = 0; i < p->n_groups; i++) {
		const struct plan_group *g = &p->groups[i];
		if (g->required != want || (only && !only[i]))
			continue;
		if (n++)
			buf_adds(b, sep);
		buf_addc(b, '(');
		for (size_t a = 0; a < g->n_alts; a++) {
			if (a)
				buf_adds(b, " OR ");
			add_quoted(b, alt_terms(g->alts[a]));
			*ph = xgrow(*ph, cap, *n_ph + 1, sizeof **ph);
			struct search_phrase *e = &(*ph)[(*n_ph)++];
			memset(e, 0, sizeof *e);
			e->group = (unsigned char)i;
			e->synonym = g->alts[a][0] == SYN_MARK;
			e->docs = g->docs ? (float)g->docs[a] : (float)SEARCH_DF_CAP;
			e->own_docs = g->own_docs ? (float)g->own_docs[a] : e->docs;
		}
		buf_addc(b, ')');
	}
	return n;
}

/* Marks in gate[] the rarest optional groups (see PLAN_GATED); false when
 * the gate would hold every optional group. *held: how many products the
 * gate's groups hold together (an upper bound). */
static bool choose_gate(const struct search_plan *p, bool *gate, double *held)
{
	size_t n_opt = 0;
	for (size_t i = 0; i < p->n_groups; i++) {
		gate[i] = false;
		n_opt += !p->groups[i].required;
	}
	double total = 0;
	for (size_t k = 0; k < n_opt; k++) {
		size_t best = p->n_groups;
		for (size_t i = 0; i < p->n_groups; i++)
			if (!p->groups[i].required && !gate[i] &&
			    (best == p->n_groups ||
			     group_weight_docs(&p->groups[i]) < group_weight_docs(&p->groups[best])))
				best = i;
		double d = group_weight_docs(&p->groups[best]);
		if (k >= 2 && total + d > SEARCH_CANDIDATES) {
			*held = total;
			return true;
		}
		gate[best] = true;
		total += d;
	}
	*held = total;
	return false;
}

/* Keeps only the rarest group of gate[]; its products. */
static double gate_rarest(const struct search_plan *p, bool *gate)
{
	size_t best = p->n_groups;
	for (size_t i = 0; i < p->n_groups; i++)
		if (gate[i] && (best == p->n_groups || group_weight_docs(&p->groups[i]) <
		                                           group_weight_docs(&p->groups[best])))
			best = i;
	for (size_t i = 0; i < p->n_groups; i++)
		gate[i] = i == best;
	return best < p->n_groups ? group_weight_docs(&p->groups[best]) : 0;
}

int search_plan_own_group(const struct search_plan *p, double *docs, double *own_docs)
{
	int best = -1;
	double best_own = 0;
	for (size_t i = 0; i < p->n_groups; i++) {
		const struct plan_group *g = &p->groups[i];
		if (g->required || !g->docs || !g->own_docs)
			continue;
		double own = 0, all = 0;
		for (size_t a = 0; a < g->n_alts; a++) {
			own += g->own_docs[a];
			all += g->docs[a];
		}
		if (best < 0 || own < best_own) {
			best = (int)i;
			best_own = own;
			*docs = all;
		}
	}
	if (best < 0 || best_own * 2 >= *docs)
		return -1;
	*own_docs = best_own;
	return best;
}

bool search_plan_gated(const struct search_plan *p)
{
	bool *gate = xcalloc(p->n_groups ? p->n_groups : 1, sizeof *gate);
	double held;
	bool gated = choose_gate(p, gate, &held);
	free(gate);
	return gated;
}

bool search_plan_gate_overflows(const struct search_plan *p)
{
	bool *gate = xcalloc(p->n_groups ? p->n_groups : 1, sizeof *gate);
	double held;
	bool gated = choose_gate(p, gate, &held);
	bool over = gated && held > SEARCH_CANDIDATES && gate_rarest(p, gate) <= SEARCH_CANDIDATES;
	free(gate);
	return over;
}

char *search_plan_expr(const struct search_plan *p, unsigned flags,
                       struct search_phrase **phrases, size_t *n_phrases)
{
	bool relaxed = flags & PLAN_RELAXED;
	*phrases = NULL;
	*n_phrases = 0;
	if (p->n_groups == 0)
		return NULL;
	struct buf opt, req, gate;
	buf_init(&opt);
	buf_init(&req);
	buf_init(&gate);
	struct search_phrase *ph = NULL;
	size_t n_ph = 0, cap = 0;
	/* phrases are numbered in the order they appear. The gate comes first:
	 * FTS5 steps through the first operand of an AND and seeks the others,
	 * so a sparse gate before a dense group (every product has "cell
	 * phone") reads a few products instead of stepping through the dense
	 * one (10 ms against 1.7 at a million products). */
	bool *in_gate = xcalloc(p->n_groups, sizeof *in_gate);
	double docs, own_docs;
	int own = !relaxed && (flags & PLAN_OWN_TEXT) ? search_plan_own_group(p, &docs, &own_docs)
	                                              : -1;
	if (own >= 0)
		in_gate[own] = true;
	double held;
	bool gated = relaxed && (flags & PLAN_GATED) && choose_gate(p, in_gate, &held);
	if (gated && (flags & PLAN_GATE_RAREST))
		gate_rarest(p, in_gate);
	if (own >= 0 || gated) {
		if (own >= 0)
			buf_adds(&gate, SEARCH_OWN_COLUMNS ": ");
		add_groups(&gate, p, false, " OR ", in_gate, &ph, &n_ph, &cap);
		for (size_t i = 0; i < n_ph; i++)
			ph[i].gate = 1;
	}
	free(in_gate);
	size_t n_opt = add_groups(&opt, p, false, relaxed ? " OR " : " AND ", NULL, &ph, &n_ph,
	                          &cap);
	size_t n_req = add_groups(&req, p, true, " AND ", NULL, &ph, &n_ph, &cap);
	struct buf e;
	buf_init(&e);
	if (gate.len)
		buf_printf(&e, "(%s)", gate.s);
	if (n_opt && gate.len && !relaxed) /* one flat AND: FTS5 nests a bracketed one */
		buf_printf(&e, " AND %s", opt.s);
	else if (n_opt)
		buf_printf(&e, "%s(%s)", e.len ? " AND " : "", opt.s);
	if (n_req)
		buf_printf(&e, "%s%s", e.len ? " AND " : "", req.s);
	buf_release(&opt);
	buf_release(&req);
	buf_release(&gate);
	*phrases = ph;
	*n_phrases = n_ph;
	if (flags & PLAN_NAMED) {
		char *named = xasprintf(SEARCH_NAMING_COLUMNS " : (%s)", e.s);
		buf_release(&e);
		return named;
	}
	return buf_detach(&e);
}

/* ---- running ---- */

enum run_kind { RUN_MATCH, RUN_BROWSE, RUN_MEMO };

static sqlite3_stmt *run_stmt(searcher *s, enum run_kind kind, enum search_sort sort,
                              char **err)
{
	if ((unsigned)sort >= SEARCH_N_SORTS)
		sort = SEARCH_SORT_RELEVANCE;
	sqlite3_stmt **slot = kind == RUN_MEMO ? &s->memo_run[sort]
	                                       : &s->run[kind == RUN_BROWSE][sort];
	if (*slot)
		return *slot;
	const char *order = order_sql[sort];
	if (kind == RUN_BROWSE && sort == SEARCH_SORT_RELEVANCE)
		order = order_sql[SEARCH_SORT_POPULARITY];
	static const char *const head[] = {
		[RUN_MATCH] = match_sql, [RUN_BROWSE] = browse_sql, [RUN_MEMO] = memo_sql};
	char *sql = xasprintf("%s%s%s%s%s", head[kind], search_filter_sql, tail_sql, order,
	                      limit_sql);
	*slot = catalog_prepare(s->c, sql, err);
	free(sql);
	return *slot;
}

static int fill_hit(searcher *s, struct search_hit *h, int64_t rowid, double score, char **err)
{
	sqlite3_stmt *st = s->hit_info;
	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, rowid);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return catalog_fail(s->c, err, "reading a search hit");
	}
	product_view_read(st, &h->p);
	h->score = score;
	sqlite3_reset(st);
	return 0;
}

/* Runs one statement; fills out->hits and out->total. */
/* ---- what the product is ----
 *
 * Accessory names say what they fit after "for": "Screen Protector for
 * Samsung Galaxy S7". A shopper who asks for "samsung galaxy s7" wants the
 * phone, whose name holds those words in the part that says what it is.
 * The best RERANK_WINDOW candidates by score are reordered with a bonus
 * per query group found in the parts of the name that say what it is (not
 * from a word of the pack's [fits], "for", "with", "compatible", to the
 * next " - "); bm25 sees the words but not their role. The window is wider
 * than a page, so that a page's order does not depend on its length, and
 * wide enough to reach the phones under the dozens of cases naming them
 * ("samsung galaxy s6": the first phone is about 40th by bm25); 100 rather
 * than 200 costs one query of the development sets and half the time. */
/* A list in order of price of fewer products named by the words than
 * this is one of the products that say them anywhere, when those are
 * this many times as many (search()). */
#define NAMED_FEW 3

#define RERANK_WINDOW 100
#define HEAD_BONUS 20.0

/* Whether name[from, to) holds a separator of a name's parts: a dash or
 * bar with spaces around it. */
static bool separated(const char *name, size_t from, size_t to)
{
	for (size_t i = from; i + 3 <= to; i++) {
		if (name[i] != ' ')
			continue;
		size_t mark = name[i + 1] == '-' || name[i + 1] == '|'   ? 1
		              : !strncmp(name + i + 1, "\xe2\x80\x93", 3) ? 3 /* en dash */
		              : !strncmp(name + i + 1, "\xe2\x80\x94", 3) ? 3 /* em dash */
		                                                          : 0;
		if (mark && i + 1 + mark < to && name[i + 1 + mark] == ' ')
			return true;
	}
	return false;
}

/* Whether each of terms (space-separated) is a token of l marked in own. */
static bool terms_in(const struct token_list *l, const bool *own, const char *terms)
{
	for (const char *t = terms; *t;) {
		size_t len = strcspn(t, " ");
		bool seen = false;
		for (size_t i = 0; i < l->n && !seen; i++)
			seen = own[i] && strlen(l->items[i].text) == len &&
			       !strncmp(l->items[i].text, t, len);
		if (!seen)
			return false;
		t += len;
		t += *t == ' ';
	}
	return true;
}

/* How many of the plan's groups have an alternative whose terms are all in
 * the parts of name that say what the product is: not the part from a word
 * of [fits] to the next separator, which says what it fits ("Case for
 * Galaxy S7 - Black": the case is black). */
static int groups_in_head(searcher *s, const struct search_plan *p, const char *name)
{
	if (!name)
		return 0;
	struct token_list l;
	token_list_init(&l);
	tokenizer_list(s->tok, name, strlen(name), &l);
	bool *own = xcalloc(l.n ? l.n : 1, sizeof *own);
	bool fits = false;
	for (size_t i = 0; i < l.n; i++) {
		if (fits && separated(name, l.items[i - 1].end, l.items[i].start))
			fits = false;
		else if (i > 0 && l.items[i].surface &&
		         lexicon_list_has(s->fits, l.items[i].surface, strlen(l.items[i].surface)))
			fits = true;
		own[i] = !fits;
	}
	int n = 0;
	for (size_t g = 0; g < p->n_groups; g++) {
		const struct plan_group *pg = &p->groups[g];
		bool found = false;
		for (size_t a = 0; a < pg->n_alts && !found; a++)
			found = terms_in(&l, own, alt_terms(pg->alts[a]));
		n += found;
	}
	free(own);
	token_list_release(&l);
	return n;
}

struct ranked {
	int64_t id;
	double score;
	size_t order; /* position by score alone: ties keep it */
};

static int by_score(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	return x->order < y->order ? -1 : x->order > y->order;
}

static void hit_release(struct search_hit *h)
{
	product_view_release(&h->p);
}

/* Reorders the candidates by what each product is (see above). Reads only
 * the names, which lie at the start of a product's row. -1 on error. */
static int rerank(searcher *s, const struct search_plan *p, struct ranked *r, size_t n,
                  char **err)
{
	sqlite3_stmt *st = s->name_of;
	for (size_t i = 0; i < n; i++) {
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, r[i].id);
		if (sqlite3_step(st) != SQLITE_ROW) {
			sqlite3_reset(st);
			return catalog_fail(s->c, err, "reading a product's name");
		}
		r[i].score += HEAD_BONUS * groups_in_head(s, p, (const char *)sqlite3_column_text(st, 0));
		r[i].order = i;
	}
	sqlite3_reset(st);
	if (n > 1)
		qsort(r, n, sizeof *r, by_score);
	return 0;
}

/* Keeps r[0..n), the candidates of a walk, as the memo. */
static void keep_memo(searcher *s, const struct search_query *q, const char *expr,
                      bool relaxed, const struct ranked *r, size_t n, bool complete)
{
	int64_t *ids = xcalloc(n ? n : 1, sizeof *ids);
	double *scores = xcalloc(n ? n : 1, sizeof *scores);
	for (size_t i = 0; i < n; i++) {
		ids[i] = r[i].id;
		scores[i] = r[i].score;
	}
	search_memo_keep(s->memo, expr, relaxed, q, ids, scores, n, complete);
	free(ids);
	free(scores);
}

/* Reads one statement's rows (id, score, total) into r, in its order;
 * with seen, only the ids not among r[0..seen) (a second walk adds to a
 * first). *total receives the statement's count. 0 / -1 with *err. */
static int read_walk(searcher *s, sqlite3_stmt *st, size_t seen, struct ranked **r, size_t *n,
                     size_t *cap, size_t *total, char **err)
{
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		*total = (size_t)sqlite3_column_int64(st, 2);
		bool dup = false;
		for (size_t i = 0; i < seen && !dup; i++)
			dup = (*r)[i].id == id;
		if (dup)
			continue;
		*r = xgrow(*r, cap, *n + 1, sizeof **r);
		(*r)[*n].id = id;
		(*r)[*n].score = sqlite3_column_double(st, 1);
		(*n)++;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : catalog_fail(s->c, err, "searching");
}

static void bind_match(searcher *s, sqlite3_stmt *st, const char *expr,
                       const struct search_phrase *groups, size_t n_groups)
{
	sqlite3_bind_text(st, 1, expr, -1, SQLITE_TRANSIENT);
	sqlite3_bind_blob(st, 9, groups, (int)(n_groups * sizeof *groups), SQLITE_TRANSIENT);
	sqlite3_bind_pointer(st, 14, s->facts, "clerk_facts", NULL);
	sqlite3_bind_pointer(st, 16, s->leaves, "clerk_leaves", NULL);
}

/* A walk over products whose own text holds a group looks at the columns
 * of each product holding the group anywhere (about 1,300 instructions
 * each) until it has found its products, and when the other words leave
 * few of those it looks at them all: 620M instructions for "cell phone
 * cases & clips galaxy s6 edge plus" at a million products, where 460,000
 * products hold "clips". Neither a rowid bound nor a lower limit stops it,
 * so the walk is made only for a group in at most this many products. */
#define OWN_WALK_ROWS 4000
/* It adds at most this many products: enough to fill the reranked head of
 * the list; each costs as much to rank as one of the first walk. */
#define OWN_WALK_PRODUCTS 50

/* The all-word walk reached SEARCH_CANDIDATES: adds to r[0..*n), sorted by
 * score, the products of a second walk over those whose own text holds the
 * group that narrows most there (PLAN_OWN_TEXT), in the same order. 0 / -1. */
static int add_own_walk(searcher *s, const struct search_query *q, const struct search_plan *plan,
                        sqlite3_stmt *st, struct ranked **r, size_t *n, size_t *cap, char **err)
{
	double docs = 0, own = 0;
	if (search_plan_own_group(plan, &docs, &own) < 0 || docs > OWN_WALK_ROWS)
		return 0;
	int64_t want = OWN_WALK_PRODUCTS;
	struct search_phrase *ph = NULL;
	size_t n_ph = 0;
	char *expr = search_plan_expr(plan, PLAN_OWN_TEXT, &ph, &n_ph);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	bind_match(s, st, expr, ph, n_ph);
	search_bind_filters(st, q);
	sqlite3_bind_int64(st, 11, want);
	sqlite3_bind_int64(st, 12, 0);
	sqlite3_bind_int64(st, 13, want);
	size_t first = *n, total = 0;
	int rc = read_walk(s, st, first, r, n, cap, &total, err);
	free(expr);
	free(ph);
	if (rc < 0 || *n == first)
		return rc;
	/* merge the two runs, each in score order; ties keep the first's */
	struct ranked *m = xcalloc(*n, sizeof *m);
	size_t i = 0, j = first, k = 0;
	while (i < first || j < *n)
		m[k++] = j >= *n || (i < first && (*r)[i].score >= (*r)[j].score) ? (*r)[i++]
		                                                                 : (*r)[j++];
	memcpy(*r, m, *n * sizeof *m);
	free(m);
	return 0;
}

/* Drops from r[0..window) the products whose text denies a claim of the
 * query (search_claims.c); *n and *total count them no more. */
static int drop_denied(searcher *s, const struct search_plan *plan, const char *query,
                       struct ranked *r, size_t *n, size_t window, size_t *total, char **err)
{
	const char *stems[SEARCH_MAX_CLAIMS];
	size_t n_claims = query ? search_claims_of(s, plan, query, stems, SEARCH_MAX_CLAIMS) : 0;
	if (!n_claims || !window)
		return 0; /* most queries claim nothing: nothing is read */
	int64_t *ids = xcalloc(window, sizeof *ids);
	bool *denied = xcalloc(window, sizeof *denied);
	for (size_t i = 0; i < window; i++)
		ids[i] = r[i].id;
	int rc = search_claims_denied(s, stems, n_claims, ids, window, denied, err);
	size_t kept = 0;
	for (size_t i = 0; rc == 0 && i < *n; i++)
		if (i >= window || !denied[i])
			r[kept++] = r[i];
	if (rc == 0) {
		*total -= *n - kept < *total ? *n - kept : *total;
		*n = kept;
	}
	free(ids);
	free(denied);
	return rc;
}

static int run_once(searcher *s, const struct search_query *q, const char *expr,
                    const struct search_phrase *groups, size_t n_groups, bool relaxed,
                    const struct search_plan *plan, struct search_result *out, char **err)
{
	/* the same words narrowed or reordered after a complete walk */
	bool memo = expr && search_memo_covers(s->memo, expr, relaxed, q);
	enum run_kind kind = !expr ? RUN_BROWSE : memo ? RUN_MEMO : RUN_MATCH;
	sqlite3_stmt *st = run_stmt(s, kind, q->sort, err);
	if (!st)
		return -1;
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (kind == RUN_MEMO) {
		sqlite3_bind_text(st, 1, search_memo_ids_json(s->memo), -1, free);
		sqlite3_bind_pointer(st, 14, s->memo, "clerk_memo", NULL);
	} else if (kind == RUN_MATCH) {
		bind_match(s, st, expr, groups, n_groups);
	}
	search_bind_filters(st, q);
	size_t limit = q->limit ? q->limit : 10;
	/* A word search reads all its candidates (at most SEARCH_CANDIDATES,
	 * already ranked and sorted by SQLite) and cuts the page here: a
	 * complete set is kept for the refinements after it. By relevance, the
	 * first RERANK_WINDOW (or the page, if longer) are reranked. */
	bool reorder = expr && plan && q->sort == SEARCH_SORT_RELEVANCE;
	size_t want = q->offset + limit > RERANK_WINDOW ? q->offset + limit : RERANK_WINDOW;
	sqlite3_bind_int64(st, 11, (sqlite3_int64)(expr ? SEARCH_CANDIDATES : limit));
	sqlite3_bind_int64(st, 12, (sqlite3_int64)(expr ? 0 : q->offset));
	sqlite3_bind_int64(st, 13, SEARCH_CANDIDATES);
	struct ranked *r = NULL;
	size_t n = 0, cap = 0;
	out->total = 0;
	if (read_walk(s, st, 0, &r, &n, &cap, &out->total, err) < 0 ||
	    (kind == RUN_MATCH && reorder && !relaxed && out->total >= SEARCH_CANDIDATES &&
	     add_own_walk(s, q, plan, st, &r, &n, &cap, err) < 0)) {
		free(r);
		return -1;
	}
	if (kind == RUN_MATCH)
		keep_memo(s, q, expr, relaxed, r, n, out->total < SEARCH_CANDIDATES);
	size_t from = 0, to = n;
	if (expr) {
		if ((reorder && rerank(s, plan, r, n < want ? n : want, err) < 0) ||
		    (plan && !q->keep_denied &&
		     drop_denied(s, plan, q->text, r, &n, n < want ? n : want, &out->total, err) < 0)) {
			free(r);
			return -1;
		}
		from = q->offset < n ? q->offset : n;
		to = from + limit < n ? from + limit : n;
	}
	out->hits = xcalloc(to > from ? to - from : 1, sizeof *out->hits);
	for (size_t i = from; i < to; i++) {
		if (fill_hit(s, &out->hits[i - from], r[i].id, r[i].score, err) < 0) {
			out->n_hits = i - from;
			free(r);
			return -1;
		}
	}
	out->n_hits = to - from;
	free(r);
	return 0;
}

static void hits_release(struct search_result *r)
{
	for (size_t i = 0; i < r->n_hits; i++)
		hit_release(&r->hits[i]);
	free(r->hits);
	r->hits = NULL;
	r->n_hits = 0;
	r->total = 0;
}

void search_result_release(struct search_result *r)
{
	hits_release(r);
	free(r->corrected);
	for (size_t i = 0; i < r->n_matched; i++)
		free(r->matched[i]);
	free(r->matched);
	for (size_t i = 0; i < r->n_unknown; i++)
		free(r->unknown[i]);
	free(r->unknown);
	memset(r, 0, sizeof *r);
}

static void add_matched(struct search_result *r, const char *word)
{
	for (size_t i = 0; i < r->n_matched; i++)
		if (!strcmp(r->matched[i], word))
			return;
	r->matched = xrealloc(r->matched, (r->n_matched + 1) * sizeof *r->matched);
	r->matched[r->n_matched++] = xstrdup(word);
}

/* Counts the products an expression matches, up to cap, without ranking:
 * cheap, since FTS5 stops reading after cap rowids. -1 on error. */
int64_t search_count_upto(searcher *s, const char *expr, int64_t cap)
{
	sqlite3_stmt *st = s->any_match;
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, expr, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, cap);
	int64_t n = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		n++;
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? n : -1;
}

/* Runs the plan in one mode (flags from enum plan_expr_flags). A query
 * matching more than SEARCH_CANDIDATES products ranks the first ones the
 * index yields. (Ranking first the matches with the words in their name
 * was tried: finding those means reading the positions of every match,
 * which cost 10-30 ms at a million products, and the top ten were no
 * better: precision@10 0.900 against 0.934 without it on the 1M-product
 * bench catalog, 0.865 against 0.874 on the 3,291 products.) */
static int run_mode(searcher *s, const struct search_query *q, const struct search_plan *plan,
                    unsigned flags, struct search_result *out, char **err)
{
	struct search_phrase *groups = NULL;
	size_t n_phrases = 0;
	char *expr = search_plan_expr(plan, flags, &groups, &n_phrases);
	int rc = run_once(s, q, expr, groups, n_phrases, flags & PLAN_RELAXED, plan, out, err);
	if (rc == 0)
		out->total_capped = out->total >= SEARCH_CANDIDATES;
	free(expr);
	free(groups);
	return rc;
}

/* Moves hit h to out's page when it falls there (position *k of the
 * whole list), or frees it. */
static void page_hit(struct search_hit *h, size_t *k, size_t offset, size_t limit,
                     struct search_result *out)
{
	if (*k >= offset && out->n_hits < limit)
		out->hits[out->n_hits++] = *h;
	else
		hit_release(h);
	memset(h, 0, sizeof *h);
	(*k)++;
}

/* Merges the hits of b into a by score, best first, without duplicates;
 * b is left empty. */
static void merge_walks(struct search_result *a, struct search_result *b)
{
	if (!b->n_hits)
		return;
	struct search_hit *all = xcalloc(a->n_hits + b->n_hits, sizeof *all);
	size_t n = 0, i = 0, j = 0;
	while (i < a->n_hits || j < b->n_hits) {
		bool take_a = j >= b->n_hits || (i < a->n_hits && a->hits[i].score >= b->hits[j].score);
		struct search_hit *h = take_a ? &a->hits[i++] : &b->hits[j++];
		bool dup = false;
		for (size_t k = 0; k < n && !dup; k++)
			dup = all[k].p.rowid == h->p.rowid;
		if (dup)
			hit_release(h);
		else
			all[n++] = *h;
		memset(h, 0, sizeof *h);
	}
	size_t total = a->total > b->total ? a->total : b->total;
	bool capped = a->total_capped || b->total_capped;
	free(a->hits);
	a->hits = all;
	a->n_hits = n;
	a->total = total;
	a->total_capped = capped;
	hits_release(b);
}

/* Any-word matching, for words that all together found less than a page.
 * The products with every word come first, then the closest others. The
 * all-word matches are taken from their own search: the any-word walk
 * stops at SEARCH_CANDIDATES matches in index order, which need not reach
 * them ("htc 10 case": 6 cases, behind hundreds of products with "case").
 * The others come from a walk over the products holding one of the rarest
 * words (PLAN_GATED), which holds those covering all words but one; when
 * that leaves the page short, from a walk over any word. */
static int run_relaxed(searcher *s, const struct search_query *q, const struct search_plan *plan,
                       struct search_result *out, char **err)
{
	size_t limit = q->limit ? q->limit : 10;
	struct search_query whole = *q;
	whole.offset = 0;
	whole.limit = q->offset + limit;
	struct search_result walk[4]; /* all words, the gated walks, any word */
	memset(walk, 0, sizeof walk);
	int rc = -1;
	if (run_mode(s, &whole, plan, 0, &walk[0], err) < 0)
		goto done;
	whole.limit += walk[0].n_hits;
	bool gated = search_plan_gated(plan);
	if (run_mode(s, &whole, plan, PLAN_RELAXED | (gated ? PLAN_GATED : 0), &walk[1], err) < 0)
		goto done;
	size_t wide = walk[1].n_hits;
	for (size_t j = 0; j < walk[1].n_hits; j++)
		for (size_t i = 0; i < walk[0].n_hits; i++)
			wide -= walk[1].hits[j].p.rowid == walk[0].hits[i].p.rowid;
	if (gated && walk[0].n_hits + wide < whole.limit - walk[0].n_hits &&
	    run_mode(s, &whole, plan, PLAN_RELAXED, &walk[3], err) < 0)
		goto done;
	/* a gate holding more products than the walk reads stops at those
	 * first in the index: the rarest group's products are all read apart
	 * ("internal" of "internal batteries iphone 5s" before "batteries") */
	if (gated && search_plan_gate_overflows(plan) &&
	    run_mode(s, &whole, plan, PLAN_RELAXED | PLAN_GATED | PLAN_GATE_RAREST, &walk[2],
	             err) < 0)
		goto done;
	merge_walks(&walk[1], &walk[2]);
	/* all-word matches scored as the other relaxed hits when among them */
	for (size_t i = 0; i < walk[0].n_hits; i++)
		for (size_t w = 1; w < 4; w++)
			for (size_t j = 0; j < walk[w].n_hits; j++)
				if (walk[w].hits[j].p.rowid == walk[0].hits[i].p.rowid)
					walk[0].hits[i].score = walk[w].hits[j].score;
	out->hits = xcalloc(limit, sizeof *out->hits);
	out->n_hits = 0;
	size_t n_all = 0, n_taken = 0, k = 0;
	for (size_t w = 0; w < 4; w++)
		n_all += walk[w].n_hits;
	int64_t *taken = xcalloc(n_all ? n_all : 1, sizeof *taken);
	for (size_t w = 0; w < 4; w++) {
		for (size_t j = 0; j < walk[w].n_hits; j++) {
			struct search_hit *h = &walk[w].hits[j];
			bool dup = false;
			for (size_t i = 0; i < n_taken && !dup; i++)
				dup = taken[i] == h->p.rowid;
			if (dup) {
				hit_release(h);
				memset(h, 0, sizeof *h);
				continue;
			}
			taken[n_taken++] = h->p.rowid;
			page_hit(h, &k, q->offset, limit, out);
		}
	}
	free(taken);
	out->total = walk[0].total;
	for (size_t w = 1; w < 4; w++) {
		if (walk[w].total > out->total)
			out->total = walk[w].total;
		out->total_capped |= walk[w].total_capped;
	}
	out->total_exact = walk[0].total;
	out->relaxed = true;
	rc = 0;
done:
	for (size_t w = 0; w < 4; w++)
		hits_release(&walk[w]);
	return rc;
}

static bool has_filters(const struct search_query *q)
{
	return q->price_min >= 0 || q->price_max >= 0 || (q->brand && *q->brand) ||
	       (q->exclude_brand && *q->exclude_brand) || (q->category && *q->category) ||
	       q->min_rating > 0 || q->in_stock || q->age_months >= 0;
}

/* Relaxing is about the words: when all of them match products that the
 * filters then exclude, any-word matches would only be worse answers. */
static bool words_match_unfiltered(searcher *s, const struct search_query *q, const char *expr)
{
	if (!has_filters(q) || !expr)
		return false;
	return search_count_upto(s, expr, 1) > 0;
}

/* All words together found too little: fewer products than fill the page.
 * Any-word matching then ranks the all-word matches first (they cover the
 * most words) and fills the page with the closest others. With filters,
 * only when the words match nothing at all: when the filters exclude the
 * matches, products missing words would be worse answers, not closer ones. */
static bool should_relax(searcher *s, const struct search_query *q, const struct search_plan *p,
                         size_t optional, const struct search_result *out, char **expr,
                         struct search_phrase **groups)
{
	size_t page = q->offset + (q->limit ? q->limit : 10);
	if (q->no_relax || optional < 2 || out->total >= page)
		return false;
	if (!has_filters(q))
		return true;
	if (out->total > 0)
		return false;
	size_t n_phrases;
	*expr = search_plan_expr(p, 0, groups, &n_phrases);
	return !words_match_unfiltered(s, q, *expr);
}

/* Does any product say its ages? A catalog that says none (no toys, or
 * imported before ages were read) is searched as if no age were asked. */
static bool ages_known(searcher *s)
{
	if (s->ages_known < 0) {
		sqlite3_stmt *st = NULL;
		s->ages_known = 0;
		if (sqlite3_prepare_v2(s->c->db,
		                       "SELECT 1 FROM attributes WHERE key = '" ATTR_AGE_FROM "' LIMIT 1",
		                       -1, &st, NULL) == SQLITE_OK)
			s->ages_known = sqlite3_step(st) == SQLITE_ROW;
		sqlite3_finalize(st);
	}
	return s->ages_known > 0;
}

static int run_search(searcher *s, const struct search_query *q, struct search_result *out,
                      char **err)
{
	memset(out, 0, sizeof *out);
	struct search_query ageless;
	if (q->age_months >= 0) {
		products_sync(s);
		if (!ages_known(s)) {
			ageless = *q;
			ageless.age_months = -1;
			q = &ageless;
		}
	}
	struct search_plan plan;
	if (search_plan_build(s, q, &plan, err) < 0)
		return -1;
	int rc = -1;
	struct search_phrase *groups = NULL;
	char *expr = NULL;
	size_t optional = 0;
	for (size_t i = 0; i < plan.n_groups; i++)
		optional += !plan.groups[i].required;
	out->truncated = plan.truncated;
	if (plan.impossible || (plan.n_unknown > 0 && optional == 0)) {
		rc = 0; /* no word relates to the catalog */
		goto done;
	}
	bool nothing = false;
	if (search_leaves_load(s, err) < 0 || search_facts_prepare(s, q, &nothing, err) < 0)
		goto done;
	if (nothing) {
		rc = 0; /* a brand or category the catalog does not have */
		goto done;
	}
	/* "cheap phone case": a list in order of price, rating or popularity
	 * is of the products the words name, when there are some: a cable
	 * whose description mentions a phone case is no cheap phone case */
	bool ran = false;
	if (q->sort != SEARCH_SORT_RELEVANCE) {
		if (run_mode(s, q, &plan, PLAN_NAMED, out, err) < 0)
			goto done;
		/* ... unless the names hold them in only one or two products
		 * of many ("cheaper ones" of gift sets after "gift box": one
		 * product is named so, the others say it) */
		if (out->total > 0 && out->total < NAMED_FEW) {
			struct search_result all;
			memset(&all, 0, sizeof all);
			if (run_mode(s, q, &plan, 0, &all, err) < 0) {
				hits_release(&all);
				goto done;
			}
			if (all.total >= NAMED_FEW * out->total) {
				hits_release(out);
				out->hits = all.hits;
				out->n_hits = all.n_hits;
				out->total = all.total;
				out->total_capped = all.total_capped;
				ran = true;
			} else {
				hits_release(&all);
			}
		}
		if (out->total > 0 && !ran) {
			out->relaxed = plan.dropped_any;
			out->total_exact = out->total;
			rc = 0;
			goto done;
		}
		if (!ran)
			hits_release(out);
	}
	if (!ran && run_mode(s, q, &plan, 0, out, err) < 0)
		goto done;
	/* "tie mate": known words that match nothing together, one of them a
	 * slip for another word; tried only then, after the search */
	if (out->total == 0 && !q->no_correct) {
		int fixed = correct_real_words(s, &plan, err);
		if (fixed < 0)
			goto done;
		if (fixed) {
			hits_release(out);
			const char *text = q->text ? q->text : "";
			free(plan.corrected);
			plan.corrected =
				corrected_text(text, cut_utf8(text, strlen(text), SEARCH_MAX_QUERY), &plan);
			if (run_mode(s, q, &plan, 0, out, err) < 0)
				goto done;
		}
	}
	out->relaxed = plan.dropped_any;
	out->total_exact = out->total;
	if (should_relax(s, q, &plan, optional, out, &expr, &groups)) {
		hits_release(out);
		if (run_relaxed(s, q, &plan, out, err) < 0)
			goto done;
	}
	rc = 0;
done:
	search_facts_done(s);
	if (rc == 0) {
		out->corrected = plan.corrected;
		plan.corrected = NULL;
		for (size_t i = 0; i < plan.n_groups; i++) {
			add_matched(out, plan.groups[i].display);
			for (size_t j = 0; j < plan.groups[i].n_synonyms; j++)
				add_matched(out, plan.groups[i].synonyms[j]);
		}
		out->unknown = plan.unknown;
		out->n_unknown = plan.n_unknown;
		plan.unknown = NULL;
		plan.n_unknown = 0;
	} else {
		search_result_release(out);
	}
	free(expr);
	free(groups);
	search_plan_release(&plan);
	return rc;
}

int64_t search_word_products(searcher *s, const char *word, int64_t cap)
{
	char *stem = tokenizer_stem(s->tok, word, strlen(word));
	if (!stem || !*stem) {
		free(stem);
		return 0;
	}
	struct catalog_read tx = catalog_read_begin(s->c);
	products_sync(s);
	int64_t n = alt_docs_upto(s, stem, cap);
	if (n == 0)
		n = synonym_docs_upto(s, stem, cap);
	catalog_read_end(s->c, tx);
	free(stem);
	return n;
}

/* One read transaction for the whole search (catalog_read_begin()). */
int search_run(searcher *s, const struct search_query *q, struct search_result *out,
               char **err)
{
	struct catalog_read tx = catalog_read_begin(s->c);
	int rc = run_search(s, q, out, err);
	catalog_read_end(s->c, tx);
	return rc;
}
