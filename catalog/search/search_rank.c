/*
 * search_rank.c: clerk_rank, the FTS5 auxiliary function that scores a
 * match.
 *
 * Score = field-weighted bm25 (the formula of FTS5's own bm25(), summed over
 * phrases and columns) + a bonus per query group found in the product name
 * + a bonus per pair of consecutive query groups adjacent in the name or
 * in the category path (an exact phrase) + a bonus per query group in the
 * last level of the category path (the catalog's word for what the product
 * is) + a large bonus per group covered (half for a group only in the
 * description), so that products covering more of the query come first
 * whatever their bm25: in relaxed mode, the products holding more of the
 * words; with every word required, those holding them in their name,
 * brand, category or attributes before those holding some only in the
 * description ("iphone 6s plus battery case": the battery cases before
 * the iPhones whose description mentions a case and a battery). Also here: clerk_cols, which the term
 * counts of search.c use, and the table of the categories' last levels.
 *
 * The second argument describes each phrase of the MATCH expression, in
 * order (struct search_phrase): its query group (a phrase is one
 * alternative of a group), whether it is a synonym, whose bm25 counts for
 * half, and how many products hold it, overall and in their own text
 * (name, brand, attributes, description). The product's own text weighs a
 * word by the products whose own text holds it; the category path by all
 * products holding it anywhere. A word in thousands of category paths and
 * a few names ("clips" in "Cell Phone Cases & Clips") then says little
 * where only the category has it and much where the name does, and a word
 * in few category paths ("samsung" in "Samsung Galaxy Accessories") never
 * weighs more there than it does overall: a category is evidence about the
 * department, weak evidence about the product.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/search/search_int.h"
#include "common/xalloc.h"
#include "nlu/text/token.h"

#define N_COLS 5
#define MAX_PHRASES 255
#define K1 1.2
#define B 0.75
#define NAME_BONUS 2.5
#define ADJACENT_BONUS 2.0
#define COVER_BONUS 1000.0
/* Per query group found in the last level of the product's category path:
 * the catalog's own word for what the product is. */
#define KIND_BONUS 10.0
/* A group found only in the description covers half: a long description
 * mentions many words ("hold", "car", "something") that the product is
 * not about, and made phones outrank the car holders for "something to
 * hold my phone in the car". */
#define DESCRIPTION_COVER 0.5
#define DESCRIPTION_COL 4

/* name, brand, category, attrs, description (schema.c's column order) */
static const double col_weight[N_COLS] = {10.0, 4.0, 5.0, 2.0, 1.0};

/* Per-query data, computed on the first row and kept as FTS5 auxdata. */
struct rank_query {
	int n_phrases;
	double idf[MAX_PHRASES][N_COLS]; /* see the top of the file */
	double weight[MAX_PHRASES]; /* 1, or SYNONYM_WEIGHT */
	int group[MAX_PHRASES];
	int phrase_size[MAX_PHRASES];
	unsigned char gate[MAX_PHRASES]; /* selects products only: not scored */
	double avg_len[N_COLS];
	int tf[MAX_PHRASES][N_COLS]; /* scratch for one row */
};

#define SYNONYM_WEIGHT 0.5

/* The idf of each phrase comes from the document frequencies the caller
 * counted (search.c keeps them per term), not from FTS5: asking FTS5
 * costs a walk of each phrase's first rows on every query. */
static struct rank_query *query_data(const Fts5ExtensionApi *api, Fts5Context *fts,
                                     const struct search_phrase *ph, int n_ph, int *rc)
{
	struct rank_query *q = api->xGetAuxdata(fts, 0);
	if (q)
		return q;
	q = xcalloc(1, sizeof *q);
	q->n_phrases = api->xPhraseCount(fts);
	if (q->n_phrases > MAX_PHRASES)
		q->n_phrases = MAX_PHRASES;
	sqlite3_int64 rows = 0;
	*rc = api->xRowCount(fts, &rows);
	for (int c = 0; c < N_COLS && *rc == SQLITE_OK; c++) {
		sqlite3_int64 total = 0;
		*rc = api->xColumnTotalSize(fts, c, &total);
		q->avg_len[c] = rows > 0 ? (double)total / (double)rows : 1.0;
		if (q->avg_len[c] <= 0)
			q->avg_len[c] = 1.0;
	}
	for (int i = 0; i < q->n_phrases; i++) {
		for (int c = 0; c < N_COLS; c++) {
			/* a phrase the caller did not describe counts as common */
			double hits = i >= n_ph ? SEARCH_DF_CAP
			              : c == SEARCH_COL_CATEGORY ? ph[i].docs
			                                         : ph[i].own_docs;
			double idf = log(((double)rows - hits + 0.5) / (hits + 0.5));
			q->idf[i][c] = idf > 1e-6 ? idf : 1e-6;
		}
		q->weight[i] = i < n_ph && ph[i].synonym ? SYNONYM_WEIGHT : 1.0;
		q->group[i] = i < n_ph ? ph[i].group & 31 : 0;
		q->gate[i] = i < n_ph && ph[i].gate;
		q->phrase_size[i] = api->xPhraseSize(fts, i);
	}
	if (*rc != SQLITE_OK) {
		free(q);
		return NULL;
	}
	*rc = api->xSetAuxdata(fts, q, free);
	return *rc == SQLITE_OK ? q : NULL;
}

/* Name and category instances kept per row for the adjacency bonus;
 * names and paths are short. */
#define MAX_NAME_INST 64

struct inst {
	int group, off, end;
};

/* Consecutive query groups adjacent in one column: an exact phrase, in the
 * name ("otterbox defender") or in the category path ("prepaid phones" in
 * "Prepaid Phones", not in "Prepaid Minutes"). Each pair counts once. */
static int adjacent_pairs(const struct inst *in, int n)
{
	int adjacent = 0;
	uint32_t seen_pair = 0;
	for (int i = 0; i < n; i++)
		for (int j = 0; j < n; j++) {
			int g1 = in[i].group;
			if (in[j].group == g1 + 1 && in[j].off == in[i].end &&
			    !(seen_pair & (1u << g1))) {
				seen_pair |= 1u << g1;
				adjacent++;
			}
		}
	return adjacent;
}

/* ---- the categories' last levels ---- */

struct search_leaves {
	uint8_t *positions; /* by category id: index positions of its last level */
	size_t n;
	bool loaded;
};

struct search_leaves *search_leaves_new(void)
{
	return xcalloc(1, sizeof(struct search_leaves));
}

void search_leaves_free(struct search_leaves *l)
{
	if (!l)
		return;
	free(l->positions);
	free(l);
}

void search_leaves_forget(struct search_leaves *l)
{
	if (l)
		l->loaded = false;
}

/* Counts the index positions of a text: every token but the joined form of
 * a compound, which FTS5 holds at its first part's position
 * (catalog/store/fts_tokenizer.c). */
static int count_position(void *ctx, const struct token *t)
{
	if (!(t->flags & TOKEN_WHOLE))
		(*(int *)ctx)++;
	return 0;
}

int search_leaves_load(searcher *s, char **err)
{
	struct search_leaves *l = s->leaves;
	if (l->loaded)
		return 0;
	sqlite3_stmt *st = catalog_prepare(s->c, "SELECT id, name FROM categories", err);
	if (!st)
		return -1;
	if (l->n)
		memset(l->positions, 0, l->n);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		const char *name = (const char *)sqlite3_column_text(st, 1);
		if (id <= 0 || id > INT32_MAX || !name)
			continue;
		if ((size_t)id >= l->n) {
			size_t n = (size_t)id * 2 + 16;
			l->positions = xrealloc(l->positions, n);
			memset(l->positions + l->n, 0, n - l->n);
			l->n = n;
		}
		int count = 0;
		tokenizer_run(s->tok, name, (size_t)sqlite3_column_bytes(st, 1), count_position, &count);
		l->positions[id] = (uint8_t)(count < 255 ? count : 255);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return catalog_fail(s->c, err, "reading the categories");
	l->loaded = true;
	return 0;
}

static int leaf_positions(const struct search_leaves *l, int64_t category)
{
	return category > 0 && (uint64_t)category < l->n ? l->positions[category] : 0;
}

static void rank_fn(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
                    int argc, sqlite3_value **argv)
{
	int rc = SQLITE_OK;
	if (argc < 1) {
		sqlite3_result_error(ctx, "clerk_rank: wrong number of arguments", -1);
		return;
	}
	const struct search_phrase *ph = sqlite3_value_blob(argv[0]);
	int n_ph = sqlite3_value_bytes(argv[0]) / (int)sizeof *ph;
	const struct search_leaves *leaves =
		argc >= 3 ? sqlite3_value_pointer(argv[1], "clerk_leaves") : NULL;
	int leaf = leaves ? leaf_positions(leaves, sqlite3_value_int64(argv[2])) : 0;
	struct rank_query *q = query_data(api, fts, ph, n_ph, &rc);
	if (!q) {
		sqlite3_result_error_code(ctx, rc);
		return;
	}
	for (int p = 0; p < q->n_phrases; p++)
		memset(q->tf[p], 0, sizeof q->tf[p]);
	int n_inst = 0;
	if ((rc = api->xInstCount(fts, &n_inst)) != SQLITE_OK) {
		sqlite3_result_error_code(ctx, rc);
		return;
	}
	/* one pass over the instances: term frequencies, the groups found,
	 * and the instances in the name and the category path for the
	 * adjacency bonus */
	uint32_t covered = 0, in_name = 0, in_fields = 0;
	struct inst name[MAX_NAME_INST], cat[MAX_NAME_INST];
	int n_name = 0, n_cat = 0;
	for (int i = 0; i < n_inst; i++) {
		int phrase, col, off;
		if (api->xInst(fts, i, &phrase, &col, &off) != SQLITE_OK || phrase >= q->n_phrases ||
		    col < 0 || col >= N_COLS || q->gate[phrase])
			continue;
		q->tf[phrase][col]++;
		uint32_t bit = 1u << q->group[phrase];
		covered |= bit;
		if (col != DESCRIPTION_COL)
			in_fields |= bit;
		if (col == 0)
			in_name |= bit;
		struct inst *at = col == 0 ? name : col == SEARCH_COL_CATEGORY ? cat : NULL;
		int *n_at = col == 0 ? &n_name : &n_cat;
		if (at && *n_at < MAX_NAME_INST)
			at[(*n_at)++] = (struct inst){q->group[phrase], off, off + q->phrase_size[phrase]};
	}
	double score = 0;
	for (int c = 0; c < N_COLS; c++) {
		double norm = 0;
		for (int p = 0; p < q->n_phrases; p++) {
			double tf = q->tf[p][c];
			if (tf <= 0)
				continue;
			if (norm == 0) { /* the column's size, read only when needed */
				int len = 0;
				api->xColumnSize(fts, c, &len);
				norm = K1 * (1 - B + B * (double)len / q->avg_len[c]);
			}
			score += q->weight[p] * q->idf[p][c] * col_weight[c] * tf * (K1 + 1) / (tf + norm);
		}
	}
	score += NAME_BONUS * __builtin_popcount(in_name) +
	         ADJACENT_BONUS * (adjacent_pairs(name, n_name) + adjacent_pairs(cat, n_cat));
	if (leaf > 0 && n_cat > 0) {
		/* the last level is the last `leaf` positions of the path */
		int len = 0;
		api->xColumnSize(fts, SEARCH_COL_CATEGORY, &len);
		uint32_t in_leaf = 0;
		for (int i = 0; i < n_cat; i++)
			if (cat[i].off >= len - leaf)
				in_leaf |= 1u << cat[i].group;
		score += KIND_BONUS * __builtin_popcount(in_leaf);
	}
	score += COVER_BONUS * (__builtin_popcount(in_fields) +
	                        DESCRIPTION_COVER * __builtin_popcount(covered & ~in_fields));
	sqlite3_result_double(ctx, score);
}

/* clerk_cols(product_fts): the columns holding the first phrase of the
 * match, one bit each (1 << column), for counting a term's products per
 * column (search.c). */
static void cols_fn(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
                    int argc, sqlite3_value **argv)
{
	(void)argc;
	(void)argv;
	Fts5PhraseIter it;
	int col = -1, bits = 0;
	if (api->xPhraseCount(fts) > 0 && api->xPhraseFirstColumn(fts, 0, &it, &col) == SQLITE_OK)
		for (; col >= 0; api->xPhraseNextColumn(fts, &it, &col))
			if (col < 31)
				bits |= 1 << col;
	sqlite3_result_int(ctx, bits);
}

int search_rank_register(sqlite3 *db, char **err)
{
	fts5_api *api = NULL;
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
		sqlite3_step(st);
	}
	sqlite3_finalize(st);
	if (!api || api->xCreateFunction(api, "clerk_rank", NULL, rank_fn, NULL) != SQLITE_OK ||
	    api->xCreateFunction(api, "clerk_cols", NULL, cols_fn, NULL) != SQLITE_OK) {
		if (err)
			*err = xstrdup("cannot register the clerk_rank function");
		return -1;
	}
	return 0;
}
