/*
 * search_rank.c: clerk_rank, the FTS5 auxiliary function that scores a
 * match.
 *
 * Score = field-weighted bm25 (the formula of FTS5's own bm25(), summed over
 * phrases and columns) + a bonus per query group found in the product name
 * + a bonus per pair of consecutive query groups adjacent in the name (an
 * exact phrase) + in relaxed mode a large bonus per group covered, so that
 * products covering more of the query come first whatever their bm25.
 *
 * The second argument maps each phrase of the MATCH expression, in order,
 * to its query group (a phrase is one alternative of a group) in the low
 * seven bits; the high bit marks a synonym, whose bm25 counts for half.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/search_int.h"
#include "common/xalloc.h"

#define N_COLS 5
#define MAX_PHRASES 255
#define K1 1.2
#define B 0.75
#define NAME_BONUS 2.5
#define ADJACENT_BONUS 2.0
#define COVER_BONUS 1000.0

/* name, brand, category, attrs, description (schema.c's column order) */
static const double col_weight[N_COLS] = {10.0, 4.0, 5.0, 2.0, 1.0};

/* Per-query data, computed on the first row and kept as FTS5 auxdata. */
struct rank_query {
	int n_phrases;
	double idf[MAX_PHRASES];
	double avg_len[N_COLS];
	int phrase_size[MAX_PHRASES];
	int tf[MAX_PHRASES][N_COLS]; /* scratch for one row */
};

/* Document frequencies are counted up to this many rows: counting every
 * row of a term in half of a million products would cost more than the
 * whole query may. A term that common gets the idf of this count, which
 * ranks the same within a result where every product holds it. */
#define DF_CAP 2000

static int count_row(const Fts5ExtensionApi *api, Fts5Context *fts, void *ctx)
{
	(void)api;
	(void)fts;
	sqlite3_int64 *n = ctx;
	return ++*n >= DF_CAP ? SQLITE_DONE : SQLITE_OK;
}

static struct rank_query *query_data(const Fts5ExtensionApi *api, Fts5Context *fts, int *rc)
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
	for (int i = 0; i < q->n_phrases && *rc == SQLITE_OK; i++) {
		sqlite3_int64 hits = 0;
		*rc = api->xQueryPhrase(fts, i, &hits, count_row);
		if (*rc == SQLITE_DONE)
			*rc = SQLITE_OK;
		double idf = log(((double)rows - (double)hits + 0.5) / ((double)hits + 0.5));
		q->idf[i] = idf > 1e-6 ? idf : 1e-6;
		q->phrase_size[i] = api->xPhraseSize(fts, i);
	}
	if (*rc != SQLITE_OK) {
		free(q);
		return NULL;
	}
	*rc = api->xSetAuxdata(fts, q, free);
	return *rc == SQLITE_OK ? q : NULL;
}

#define SYNONYM_WEIGHT 0.5

static int group_of(const unsigned char *groups, int n_groups_bytes, int phrase)
{
	return phrase < n_groups_bytes ? groups[phrase] & 0x7f : 0;
}

static double phrase_weight(const unsigned char *groups, int n_groups_bytes, int phrase)
{
	return phrase < n_groups_bytes && (groups[phrase] & 0x80) ? SYNONYM_WEIGHT : 1.0;
}

static void rank_fn(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
                    int argc, sqlite3_value **argv)
{
	int rc = SQLITE_OK;
	if (argc < 2) {
		sqlite3_result_error(ctx, "clerk_rank: wrong number of arguments", -1);
		return;
	}
	const unsigned char *groups = sqlite3_value_blob(argv[0]);
	int n_bytes = sqlite3_value_bytes(argv[0]);
	int relaxed = sqlite3_value_int(argv[1]);
	struct rank_query *q = query_data(api, fts, &rc);
	if (!q) {
		sqlite3_result_error_code(ctx, rc);
		return;
	}
	memset(q->tf, 0, sizeof q->tf);
	int n_inst = 0;
	if ((rc = api->xInstCount(fts, &n_inst)) != SQLITE_OK) {
		sqlite3_result_error_code(ctx, rc);
		return;
	}
	uint32_t covered = 0, in_name = 0;
	for (int i = 0; i < n_inst; i++) {
		int phrase, col, off;
		if (api->xInst(fts, i, &phrase, &col, &off) != SQLITE_OK || phrase >= q->n_phrases ||
		    col < 0 || col >= N_COLS)
			continue;
		q->tf[phrase][col]++;
		uint32_t bit = 1u << (group_of(groups, n_bytes, phrase) & 31);
		covered |= bit;
		if (col == 0)
			in_name |= bit;
	}
	double score = 0;
	for (int c = 0; c < N_COLS; c++) {
		int len = 0;
		api->xColumnSize(fts, c, &len);
		double norm = K1 * (1 - B + B * (double)len / q->avg_len[c]);
		for (int p = 0; p < q->n_phrases; p++) {
			double tf = q->tf[p][c];
			if (tf > 0)
				score += phrase_weight(groups, n_bytes, p) * q->idf[p] * col_weight[c] *
				         tf * (K1 + 1) / (tf + norm);
		}
	}
	/* consecutive groups adjacent in the name: an exact phrase */
	int adjacent = 0;
	uint32_t seen_pair = 0;
	for (int i = 0; i < n_inst; i++) {
		int p1, c1, o1;
		if (api->xInst(fts, i, &p1, &c1, &o1) != SQLITE_OK || c1 != 0 || p1 >= q->n_phrases)
			continue;
		int g1 = group_of(groups, n_bytes, p1);
		for (int j = 0; j < n_inst; j++) {
			int p2, c2, o2;
			if (api->xInst(fts, j, &p2, &c2, &o2) != SQLITE_OK || c2 != 0)
				continue;
			int g2 = group_of(groups, n_bytes, p2);
			if (g2 == g1 + 1 && o2 == o1 + q->phrase_size[p1] && !(seen_pair & (1u << (g1 & 31)))) {
				seen_pair |= 1u << (g1 & 31);
				adjacent++;
			}
		}
	}
	score += NAME_BONUS * __builtin_popcount(in_name) + ADJACENT_BONUS * adjacent;
	if (relaxed)
		score += COVER_BONUS * __builtin_popcount(covered);
	sqlite3_result_double(ctx, score);
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
	if (!api || api->xCreateFunction(api, "clerk_rank", NULL, rank_fn, NULL) != SQLITE_OK) {
		if (err)
			*err = xstrdup("cannot register the clerk_rank function");
		return -1;
	}
	return 0;
}
