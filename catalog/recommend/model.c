/*
 * model.c: co-occurrence counts, EASE's closed form and the neighbour lists,
 * then the cross-validated choice of their blend.
 *
 * Cost: counting pairs walks every pair of items that share a basket, once
 * per item (sum over baskets of size^2), with one dense accumulator of
 * n_items floats reused for every item. EASE is a dense Cholesky inverse of
 * an m x m Gram matrix (m = ease_items), about m^3 multiply-adds.
 */
#include "catalog/recommend/model.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"

static const double lambdas[] = {8, 16, 32, 64, 128, 256};
static const double dropouts[] = {0, 0.1};
#define N_LAMBDAS (sizeof lambdas / sizeof lambdas[0])
#define N_VARIANTS (N_LAMBDAS * (sizeof dropouts / sizeof dropouts[0]))
static const double cos_weights[] = {0, 0.05, 0.1, 0.25, 0.5, 1};
static const double alphas[] = {0.5, 0.8};
static const double pop_weights[] = {0, 0.03, 0.1, 0.2};

/* ---- two cores ---- */

/* Runs fn(ctx, task) for task 0..n-1 on up to MODEL_THREADS threads (the
 * calling one included), each task once. Tasks share nothing writable but
 * what their index gives them. A thread that cannot start leaves its share
 * to the others. */
#define MODEL_THREADS 2

struct parallel {
	void (*fn)(void *ctx, size_t task);
	void *ctx;
	size_t n;
	atomic_size_t next;
};

static void *parallel_worker(void *arg)
{
	struct parallel *pl = arg;
	for (size_t t; (t = atomic_fetch_add(&pl->next, 1)) < pl->n;)
		pl->fn(pl->ctx, t);
	return NULL;
}

static void parallel_for(size_t n, void (*fn)(void *ctx, size_t task), void *ctx)
{
	struct parallel pl = {.fn = fn, .ctx = ctx, .n = n};
	atomic_init(&pl.next, 0);
	pthread_t th[MODEL_THREADS - 1];
	int started[MODEL_THREADS - 1] = {0};
	for (int i = 0; i < MODEL_THREADS - 1 && n > 1; i++)
		started[i] = pthread_create(&th[i], NULL, parallel_worker, &pl) == 0;
	parallel_worker(&pl);
	for (int i = 0; i < MODEL_THREADS - 1; i++)
		if (started[i])
			pthread_join(th[i], NULL);
}

/* Also where model_tune()'s coordinate search starts, and that search is
 * local: with EASE's intercept carrying each item's base rate, the
 * popularity weight it needs is small and the L2 larger than without (as
 * found on validation folds inside the groceries training baskets). */
void model_params_default(struct model_params *p)
{
	*p = (struct model_params){
		.w_cos = 0.05, .w_ease = 1, .w_pop = 0.03, .alpha = 0.8, .lambda = 64, .dropout = 0,
		.k = 32, .k_frequent = 100, .k_negative = 100, .ease_items = 2000, .intercept = 1,
	};
}

/* ---- counting ---- */

/* Items to baskets: the transpose of b. */
struct postings {
	size_t *start;
	uint32_t *basket;
};

static void postings_build(const struct model_baskets *b, struct postings *t)
{
	t->start = xcalloc((size_t)b->n_items + 1, sizeof *t->start);
	for (size_t k = 0; k < b->start[b->n]; k++)
		t->start[b->items[k] + 1]++;
	for (uint32_t i = 0; i < b->n_items; i++)
		t->start[i + 1] += t->start[i];
	size_t *fill = xmalloc(((size_t)b->n_items + 1) * sizeof *fill);
	memcpy(fill, t->start, ((size_t)b->n_items + 1) * sizeof *fill);
	t->basket = xmalloc((b->start[b->n] ? b->start[b->n] : 1) * sizeof *t->basket);
	for (size_t x = 0; x < b->n; x++)
		for (size_t k = b->start[x]; k < b->start[x + 1]; k++)
			t->basket[fill[b->items[k]]++] = (uint32_t)x;
	free(fill);
}

static void postings_release(struct postings *t)
{
	free(t->start);
	free(t->basket);
}

static double weight_of(const struct model_baskets *b, size_t x)
{
	return b->weight ? b->weight[x] : 1.0;
}

static int bought(const struct model_baskets *b, size_t x)
{
	return b->bought ? b->bought[x] : 1;
}

/* Per item: weighted baskets (wn) and purchase baskets (count). */
static void count_items(const struct model_baskets *b, double *wn, uint32_t *count)
{
	for (size_t x = 0; x < b->n; x++)
		for (size_t k = b->start[x]; k < b->start[x + 1]; k++) {
			wn[b->items[k]] += weight_of(b, x);
			count[b->items[k]] += (uint32_t)bought(b, x);
		}
}

/* ---- EASE ---- */

struct ease {
	size_t m;
	int32_t *index; /* per item: its row in B, or -1 */
	float *B;       /* m x m, row i holds B(i, .) */
	float *bias;    /* m: the intercept's weight on each item (0 without one) */
	double mean_diag;
};

struct keyed {
	double key;
	uint32_t item;
};

static int keyed_desc(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	if (x->key != y->key)
		return x->key < y->key ? 1 : -1;
	return x->item < y->item ? -1 : x->item > y->item;
}

/* The items 0..n-1 ordered by key, largest first (heap array). */
static uint32_t *order_desc(const double *key, uint32_t n)
{
	struct keyed *k = xmalloc((n ? n : 1) * sizeof *k);
	for (uint32_t i = 0; i < n; i++)
		k[i] = (struct keyed){key[i], i};
	qsort(k, n, sizeof *k, keyed_desc);
	uint32_t *order = xmalloc((n ? n : 1) * sizeof *order);
	for (uint32_t i = 0; i < n; i++)
		order[i] = k[i].item;
	free(k);
	return order;
}

/* In place: the lower triangle of the SPD matrix a (n x n, row-major)
 * becomes its Cholesky factor L. -1 when a is not positive definite. The
 * updates run along rows so that the compiler vectorizes them. */
static int cholesky(double *a, size_t n)
{
	double *col = xmalloc((n ? n : 1) * sizeof *col);
	int rc = 0;
	for (size_t k = 0; k < n; k++) {
		double d = a[k * n + k];
		if (!(d > 0)) {
			rc = -1;
			break;
		}
		d = sqrt(d);
		a[k * n + k] = d;
		for (size_t i = k + 1; i < n; i++) {
			a[i * n + k] /= d;
			col[i] = a[i * n + k];
		}
		for (size_t i = k + 1; i < n; i++) {
			double f = col[i];
			double *row = a + i * n;
			for (size_t j = k + 1; j <= i; j++)
				row[j] -= f * col[j];
		}
	}
	free(col);
	return rc;
}

/* P = (L L')^-1 from the factor in the lower triangle of l; p is n x n,
 * filled whole. */
static void cholesky_inverse(const double *l, double *p, size_t n)
{
	/* inv(L), lower triangular, row by row: row i = (e_i - sum_k<i L(i,k) row k) / L(i,i) */
	double *li = xcalloc(n ? n * n : 1, sizeof *li);
	for (size_t i = 0; i < n; i++) {
		double *ri = li + i * n;
		ri[i] = 1;
		for (size_t k = 0; k < i; k++) {
			double f = l[i * n + k];
			const double *rk = li + k * n;
			for (size_t j = 0; j <= k; j++)
				ri[j] -= f * rk[j];
		}
		double d = l[i * n + i];
		for (size_t j = 0; j <= i; j++)
			ri[j] /= d;
	}
	/* P = inv(L)' inv(L) = sum over k of row_k' row_k */
	memset(p, 0, n * n * sizeof *p);
	for (size_t k = 0; k < n; k++) {
		const double *rk = li + k * n;
		for (size_t i = 0; i <= k; i++) {
			double f = rk[i];
			if (f == 0)
				continue;
			double *pi = p + i * n;
			for (size_t j = 0; j <= i; j++)
				pi[j] += f * rk[j];
		}
	}
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < i; j++)
			p[j * n + i] = p[i * n + j];
	free(li);
}

/* Fits B over the m most frequent items. lambda is relative to the mean
 * diagonal of the Gram matrix, so that a value tuned on a sample of the
 * baskets holds for all of them. With `intercept`, X gains a column of ones
 * (an item in every basket, unregularized and never a target): without it
 * the regression passes through the origin and a frequent item's base rate
 * has to be carried by its neighbours' weights; with it each item gets its
 * own least-squares bias, fitted jointly with B. */
static void ease_fit(const struct model_baskets *b, const double *wn, size_t m, double lambda,
                     double dropout, int intercept, struct ease *e)
{
	memset(e, 0, sizeof *e);
	e->index = xmalloc(((size_t)b->n_items ? b->n_items : 1) * sizeof *e->index);
	for (uint32_t i = 0; i < b->n_items; i++)
		e->index[i] = -1;
	uint32_t *order = order_desc(wn, b->n_items);
	if (m > b->n_items)
		m = b->n_items;
	while (m && wn[order[m - 1]] <= 0)
		m--;
	e->m = m;
	if (!m) {
		free(order);
		return;
	}
	for (size_t r = 0; r < m; r++)
		e->index[order[r]] = (int32_t)r;
	free(order);
	/* the Gram matrix of [X 1]: n x n, the last row and column the ones' */
	size_t n = m + (intercept != 0);
	double *g = xcalloc(n * n, sizeof *g);
	uint32_t *rows = xmalloc(m * sizeof *rows);
	double baskets = 0;
	for (size_t x = 0; x < b->n; x++) {
		size_t nr = 0;
		for (size_t k = b->start[x]; k < b->start[x + 1] && nr < m; k++)
			if (e->index[b->items[k]] >= 0)
				rows[nr++] = (uint32_t)e->index[b->items[k]];
		double w = weight_of(b, x);
		baskets += w;
		for (size_t u = 0; u < nr; u++)
			for (size_t v = 0; v < nr; v++)
				g[(size_t)rows[u] * n + rows[v]] += w;
	}
	free(rows);
	double diag = 0;
	for (size_t i = 0; i < m; i++)
		diag += g[i * n + i];
	e->mean_diag = diag / (double)m;
	if (intercept) {
		for (size_t i = 0; i < m; i++)
			g[i * n + m] = g[m * n + i] = g[i * n + i];
		g[m * n + m] = baskets;
	}
	double reg = lambda * (e->mean_diag > 0 ? e->mean_diag : 1) / 100.0;
	for (size_t i = 0; i < m; i++)
		g[i * n + i] += reg + dropout * g[i * n + i];
	double *p = xmalloc(n * n * sizeof *p);
	e->B = xcalloc(m * m, sizeof *e->B);
	e->bias = xcalloc(m, sizeof *e->bias);
	if (cholesky(g, n) == 0) {
		cholesky_inverse(g, p, n);
		for (size_t i = 0; i < m; i++)
			for (size_t j = 0; j < m; j++)
				if (i != j)
					e->B[i * m + j] = (float)(-p[i * n + j] / p[j * n + j]);
		for (size_t j = 0; j < m && intercept; j++)
			e->bias[j] = (float)(-p[m * n + j] / p[j * n + j]);
	}
	free(p);
	free(g);
}

static void ease_release(struct ease *e)
{
	free(e->index);
	free(e->B);
	free(e->bias);
}

static float ease_at(const struct ease *e, uint32_t i, uint32_t j)
{
	if (!e->m || e->index[i] < 0 || e->index[j] < 0)
		return 0;
	return e->B[(size_t)e->index[i] * e->m + (size_t)e->index[j]];
}

static float ease_bias(const struct ease *e, uint32_t j)
{
	if (!e->m || e->index[j] < 0)
		return 0;
	return e->bias[e->index[j]];
}

/* ---- pairs ---- */

/* Every item's co-occurring items with their weighted count c(i,j), purchase
 * count and EASE weight, unscored: what the neighbour lists are chosen from
 * and what model_tune() rescores under each blend. */
struct pair {
	uint32_t item;
	float c;
	float ease;
	uint32_t together;
};

struct pairs {
	uint32_t n_items;
	size_t *start;
	struct pair *p;
	double *wn;
	uint32_t *count;
	float *score; /* s(i,j) of each pair under the blend being tried */
	float *prior; /* prior(j) under that blend */
};

/* Walks item i's co-occurring items into acc/tog, touched[] listing them. */
static size_t gather(const struct model_baskets *b, const struct postings *t, uint32_t i,
                     float *acc, uint32_t *tog, uint32_t *touched)
{
	size_t nt = 0;
	for (size_t q = t->start[i]; q < t->start[i + 1]; q++) {
		size_t x = t->basket[q];
		float w = (float)weight_of(b, x);
		int bt = bought(b, x);
		for (size_t k = b->start[x]; k < b->start[x + 1]; k++) {
			uint32_t j = b->items[k];
			if (j == i)
				continue;
			if (acc[j] == 0 && tog[j] == 0)
				touched[nt++] = j;
			acc[j] += w;
			tog[j] += (uint32_t)bt;
		}
	}
	return nt;
}

static void pairs_build(const struct model_baskets *b, const struct ease *e, struct pairs *out)
{
	struct postings t;
	postings_build(b, &t);
	size_t n = b->n_items;
	out->n_items = b->n_items;
	out->wn = xcalloc(n ? n : 1, sizeof *out->wn);
	out->count = xcalloc(n ? n : 1, sizeof *out->count);
	count_items(b, out->wn, out->count);
	out->start = xcalloc(n + 1, sizeof *out->start);
	out->p = NULL;
	out->score = NULL;
	out->prior = NULL;
	size_t cap = 0, np = 0;
	float *acc = xcalloc(n ? n : 1, sizeof *acc);
	uint32_t *tog = xcalloc(n ? n : 1, sizeof *tog);
	uint32_t *touched = xmalloc((n ? n : 1) * sizeof *touched);
	for (uint32_t i = 0; i < n; i++) {
		size_t nt = gather(b, &t, i, acc, tog, touched);
		out->p = xgrow(out->p, &cap, np + nt, sizeof *out->p);
		for (size_t q = 0; q < nt; q++) {
			uint32_t j = touched[q];
			out->p[np++] = (struct pair){j, acc[j], ease_at(e, i, j), tog[j]};
			acc[j] = 0;
			tog[j] = 0;
		}
		out->start[i + 1] = np;
	}
	free(acc);
	free(tog);
	free(touched);
	postings_release(&t);
}

static void pairs_release(struct pairs *ps)
{
	free(ps->score);
	free(ps->prior);
	free(ps->start);
	free(ps->p);
	free(ps->wn);
	free(ps->count);
}

/* n(i)^alpha and n(j)^(1-alpha) for every item, computed once per blend
 * rather than twice per pair. */
struct norms {
	float *from, *to;
};

static void norms_init(struct norms *nm, const double *wn, uint32_t n, double alpha)
{
	nm->from = xmalloc((n ? n : 1) * sizeof *nm->from);
	nm->to = xmalloc((n ? n : 1) * sizeof *nm->to);
	for (uint32_t i = 0; i < n; i++) {
		nm->from[i] = (float)pow(wn[i], alpha);
		nm->to[i] = (float)pow(wn[i], 1 - alpha);
	}
}

static void norms_release(struct norms *nm)
{
	free(nm->from);
	free(nm->to);
}

static float pair_score(const struct model_params *p, const struct norms *nm, uint32_t i,
                        const struct pair *q)
{
	float den = nm->from[i] * nm->to[q->item];
	float cos = den > 0 ? q->c / den : 0;
	return (float)(p->w_cos * cos + p->w_ease * q->ease);
}

/* ---- fitting ---- */

static int nb_desc(const void *a, const void *b)
{
	const struct model_neighbor *x = a, *y = b;
	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	return x->item < y->item ? -1 : x->item > y->item;
}

/* prior(j) for every item: its popularity and EASE's intercept. */
static void set_prior(float *prior, const uint32_t *count, uint32_t n, const struct ease *e,
                      const struct model_params *p)
{
	uint32_t top = 0;
	for (uint32_t j = 0; j < n; j++)
		if (count[j] > top)
			top = count[j];
	for (uint32_t j = 0; j < n; j++)
		prior[j] = (float)((top ? p->w_pop * count[j] / top : 0) +
		                   (p->w_ease > 0 ? p->w_ease * ease_bias(e, j) : 0));
}

/* Streams over the items: each one's co-occurring items are gathered,
 * scored and cut to its k best before the next, so that memory holds the
 * kept neighbours only, not every pair (hundreds of millions at 10M order
 * lines). The items are dealt to MODEL_THREADS workers, each with its own
 * accumulators and its own output, joined in item order at the end. */
struct fit_job {
	const struct model_baskets *b;
	const struct model_params *p;
	const struct ease *e;
	const struct postings *t;
	const struct norms *nm;
	size_t *len;                     /* per item: neighbours kept */
	struct model_neighbor *out[MODEL_THREADS];
	size_t n_out[MODEL_THREADS];
};

static void fit_worker(void *ctx, size_t w)
{
	struct fit_job *j = ctx;
	size_t n = j->b->n_items;
	float *acc = xcalloc(n ? n : 1, sizeof *acc);
	uint32_t *tog = xcalloc(n ? n : 1, sizeof *tog);
	uint32_t *touched = xmalloc((n ? n : 1) * sizeof *touched);
	struct model_neighbor *tmp = xmalloc((n ? n : 1) * sizeof *tmp);
	struct model_neighbor *out = NULL;
	size_t cap = 0, nn = 0;
	for (size_t i = w; i < n; i += MODEL_THREADS) {
		size_t nt = gather(j->b, j->t, (uint32_t)i, acc, tog, touched), kept = 0;
		for (size_t q = 0; q < nt; q++) {
			uint32_t x = touched[q];
			struct pair pr = {x, acc[x], ease_at(j->e, (uint32_t)i, x), tog[x]};
			float sc = pair_score(j->p, j->nm, (uint32_t)i, &pr);
			if (sc != 0)
				tmp[kept++] = (struct model_neighbor){x, sc, tog[x]};
			acc[x] = 0;
			tog[x] = 0;
		}
		qsort(tmp, kept, sizeof *tmp, nb_desc);
		/* the best k, then the most negative k_negative: only EASE gives
		 * negative scores, and only between frequent items, where they keep
		 * a popular item its prior would lift out of a basket it does not
		 * go with (as the tuning, which scores every pair, assumed) */
		int frequent = j->e->m && j->e->index[i] >= 0;
		size_t pos = 0;
		while (pos < kept && tmp[pos].score > 0)
			pos++;
		size_t k = frequent ? j->p->k_frequent : j->p->k;
		size_t kn = frequent ? j->p->k_negative : 0;
		size_t np = pos < k ? pos : k, nneg = kept - pos < kn ? kept - pos : kn;
		if (np + nneg) {
			out = xgrow(out, &cap, nn + np + nneg, sizeof *out);
			memcpy(out + nn, tmp, np * sizeof *tmp);
			memcpy(out + nn + np, tmp + kept - nneg, nneg * sizeof *tmp);
		}
		nn += np + nneg;
		j->len[i] = np + nneg;
	}
	j->out[w] = out;
	j->n_out[w] = nn;
	free(tmp);
	free(touched);
	free(tog);
	free(acc);
}

void model_fit(const struct model_baskets *b, const struct model_params *p, struct model *m)
{
	size_t n = b->n_items;
	memset(m, 0, sizeof *m);
	m->n_items = b->n_items;
	m->p = *p;
	double *wn = xcalloc(n ? n : 1, sizeof *wn);
	m->count = xcalloc(n ? n : 1, sizeof *m->count);
	count_items(b, wn, m->count);
	struct ease e;
	ease_fit(b, wn, p->w_ease > 0 ? p->ease_items : 0, p->lambda, p->dropout, p->intercept, &e);
	m->prior = xmalloc((n ? n : 1) * sizeof *m->prior);
	set_prior(m->prior, m->count, m->n_items, &e, p);
	struct postings t;
	postings_build(b, &t);
	struct norms nm;
	norms_init(&nm, wn, b->n_items, p->alpha);
	struct fit_job job = {.b = b, .p = p, .e = &e, .t = &t, .nm = &nm};
	job.len = xcalloc(n ? n : 1, sizeof *job.len);
	parallel_for(MODEL_THREADS, fit_worker, &job);
	size_t total = 0;
	for (int w = 0; w < MODEL_THREADS; w++)
		total += job.n_out[w];
	m->nb = xmalloc((total ? total : 1) * sizeof *m->nb);
	m->nb_start = xcalloc(n + 1, sizeof *m->nb_start);
	size_t at[MODEL_THREADS] = {0};
	for (size_t i = 0; i < n; i++) {
		size_t w = i % MODEL_THREADS;
		if (job.len[i])
			memcpy(m->nb + m->nb_start[i], job.out[w] + at[w], job.len[i] * sizeof *m->nb);
		at[w] += job.len[i];
		m->nb_start[i + 1] = m->nb_start[i] + job.len[i];
	}
	for (int w = 0; w < MODEL_THREADS; w++)
		free(job.out[w]);
	free(job.len);
	postings_release(&t);
	norms_release(&nm);
	ease_release(&e);
	free(wn);
}

void model_release(struct model *m)
{
	free(m->count);
	free(m->prior);
	free(m->nb_start);
	free(m->nb);
	memset(m, 0, sizeof *m);
}

/* ---- ranking ---- */

struct scratch {
	float *score;
	uint8_t *seen;
	uint32_t *touched;
	uint32_t *by_count; /* items, most purchased first */
};

static void scratch_init(struct scratch *s, const uint32_t *count, uint32_t n)
{
	s->score = xcalloc(n ? n : 1, sizeof *s->score);
	s->seen = xcalloc(n ? n : 1, 1);
	s->touched = xmalloc((n ? n : 1) * sizeof *s->touched);
	double *key = xmalloc((n ? n : 1) * sizeof *key);
	for (uint32_t i = 0; i < n; i++)
		key[i] = count[i];
	s->by_count = order_desc(key, n);
	free(key);
}

static void scratch_release(struct scratch *s)
{
	free(s->score);
	free(s->seen);
	free(s->touched);
	free(s->by_count);
}

struct ranked {
	uint32_t item;
	float score;
	uint32_t count;
};

static int ranked_desc(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	return x->item < y->item ? -1 : x->item > y->item;
}

/* Scores of a seed set: either from the neighbour lists (nb) or, while
 * tuning, from the unpruned pairs as pairs_score() last scored them. */
static size_t rank_into(const struct model *m, const struct pairs *ps, struct scratch *s,
                        const uint32_t *seeds, size_t n_seeds, size_t limit, uint32_t *out,
                        float *score)
{
	size_t nt = 0;
	for (size_t q = 0; q < n_seeds; q++)
		s->seen[seeds[q]] = 1;
	for (size_t q = 0; q < n_seeds; q++) {
		uint32_t i = seeds[q];
		if (ps) {
			for (size_t r = ps->start[i]; r < ps->start[i + 1]; r++) {
				uint32_t j = ps->p[r].item;
				if (s->seen[j] == 1)
					continue;
				if (!s->seen[j]) {
					s->seen[j] = 2;
					s->touched[nt++] = j;
				}
				s->score[j] += ps->score[r];
			}
		} else {
			for (size_t r = m->nb_start[i]; r < m->nb_start[i + 1]; r++) {
				uint32_t j = m->nb[r].item;
				if (s->seen[j] == 1)
					continue;
				if (!s->seen[j]) {
					s->seen[j] = 2;
					s->touched[nt++] = j;
				}
				s->score[j] += m->nb[r].score;
			}
		}
	}
	/* the most purchased items compete too, on their prior alone */
	size_t want = limit + n_seeds, added = 0;
	for (uint32_t r = 0; r < m->n_items && added < want; r++) {
		uint32_t j = s->by_count[r];
		if (s->seen[j] == 1)
			continue;
		added++;
		if (!s->seen[j]) {
			s->seen[j] = 2;
			s->touched[nt++] = j;
		}
	}
	/* the best `limit` by insertion: limit is a page, the candidates many */
	struct ranked *rk = xmalloc((limit ? limit : 1) * sizeof *rk);
	size_t got = 0;
	const uint32_t *count = ps ? ps->count : m->count;
	const float *prior = ps ? ps->prior : m->prior;
	for (size_t q = 0; q < nt; q++) {
		uint32_t j = s->touched[q];
		struct ranked c = {j, s->score[j] + prior[j], count[j]};
		s->score[j] = 0;
		s->seen[j] = 0;
		if (got == limit && (!limit || ranked_desc(&c, &rk[got - 1]) >= 0))
			continue;
		size_t at = got < limit ? got++ : got - 1;
		while (at > 0 && ranked_desc(&c, &rk[at - 1]) < 0) {
			rk[at] = rk[at - 1];
			at--;
		}
		rk[at] = c;
	}
	for (size_t q = 0; q < n_seeds; q++)
		s->seen[seeds[q]] = 0;
	for (size_t q = 0; q < got; q++) {
		out[q] = rk[q].item;
		if (score)
			score[q] = rk[q].score;
	}
	free(rk);
	return got;
}

size_t model_rank(const struct model *m, const uint32_t *seeds, size_t n_seeds, size_t limit,
                  uint32_t *out, float *score)
{
	struct scratch s;
	scratch_init(&s, m->count, m->n_items);
	size_t got = rank_into(m, NULL, &s, seeds, n_seeds, limit, out, score);
	scratch_release(&s);
	return got;
}

static double hit_rate(const struct model *m, const struct pairs *ps, struct scratch *s,
                       const struct model_baskets *test, size_t at)
{
	size_t hits = 0, tries = 0;
	uint32_t *seeds = NULL, *out = xmalloc((at ? at : 1) * sizeof *out);
	size_t cap = 0;
	for (size_t x = 0; x < test->n; x++) {
		size_t len = test->start[x + 1] - test->start[x];
		if (len < 2)
			continue;
		seeds = xgrow(seeds, &cap, len, sizeof *seeds);
		for (size_t h = 0; h < len; h++) {
			uint32_t target = test->items[test->start[x] + h];
			size_t ns = 0;
			for (size_t k = 0; k < len; k++)
				if (k != h)
					seeds[ns++] = test->items[test->start[x] + k];
			size_t got = rank_into(m, ps, s, seeds, ns, at, out, NULL);
			for (size_t q = 0; q < got; q++)
				if (out[q] == target) {
					hits++;
					break;
				}
			tries++;
		}
	}
	free(seeds);
	free(out);
	return tries ? (double)hits / (double)tries : 0;
}

double model_hit_rate(const struct model *m, const struct model_baskets *test, size_t at)
{
	struct scratch s;
	scratch_init(&s, m->count, m->n_items);
	double h = hit_rate(m, NULL, &s, test, at);
	scratch_release(&s);
	return h;
}

/* ---- cross-validation ---- */

void model_split(const struct model_baskets *b, size_t folds, size_t fold,
                 struct model_baskets *kept, struct model_baskets *held)
{
	struct model_baskets *to[2] = {kept, held};
	for (int w = 0; w < 2; w++) {
		struct model_baskets *o = to[w];
		memset(o, 0, sizeof *o);
		o->n_items = b->n_items;
		size_t nb = 0, ni = 0;
		for (size_t x = 0; x < b->n; x++)
			if ((x % folds == fold) == (w == 1)) {
				nb++;
				ni += b->start[x + 1] - b->start[x];
			}
		o->start = xmalloc((nb + 1) * sizeof *o->start);
		o->items = xmalloc((ni ? ni : 1) * sizeof *o->items);
		if (b->weight)
			o->weight = xmalloc((nb ? nb : 1) * sizeof *o->weight);
		if (b->bought)
			o->bought = xmalloc(nb ? nb : 1);
		o->start[0] = 0;
		for (size_t x = 0; x < b->n; x++) {
			if ((x % folds == fold) != (w == 1))
				continue;
			size_t len = b->start[x + 1] - b->start[x];
			memcpy(o->items + o->start[o->n], b->items + b->start[x], len * sizeof *o->items);
			if (o->weight)
				o->weight[o->n] = b->weight[x];
			if (o->bought)
				o->bought[o->n] = b->bought[x];
			o->start[o->n + 1] = o->start[o->n] + len;
			o->n++;
		}
	}
}

void model_baskets_release(struct model_baskets *b)
{
	free(b->start);
	free(b->items);
	free(b->weight);
	free(b->bought);
	memset(b, 0, sizeof *b);
}

/* Only the purchase baskets of `held` are scored (co-view sessions are not
 * what the model predicts). */
static void keep_bought(struct model_baskets *held, size_t max_held)
{
	size_t n = 0, ni = 0;
	for (size_t x = 0; x < held->n && (!max_held || n < max_held); x++) {
		if (!bought(held, x))
			continue;
		size_t len = held->start[x + 1] - held->start[x];
		memmove(held->items + ni, held->items + held->start[x], len * sizeof *held->items);
		held->start[n] = ni;
		ni += len;
		n++;
	}
	held->start[n] = ni;
	held->n = n;
}

struct fold {
	struct model_baskets held;
	struct pairs ps;              /* co-occurrence, EASE left out */
	struct ease e[N_VARIANTS];    /* per (lambda, dropout) */
	struct model shell;           /* n_items and count only, for rank_into() */
	struct scratch s;
};

/* Scores every pair and item under p with EASE variant e, for rank_into(). */
static void pairs_score(struct pairs *ps, const struct ease *e, const struct model_params *p)
{
	size_t np = ps->start[ps->n_items];
	if (!ps->score)
		ps->score = xmalloc((np ? np : 1) * sizeof *ps->score);
	if (!ps->prior)
		ps->prior = xmalloc((ps->n_items ? ps->n_items : 1) * sizeof *ps->prior);
	set_prior(ps->prior, ps->count, ps->n_items, e, p);
	struct norms nm;
	norms_init(&nm, ps->wn, ps->n_items, p->alpha);
	for (uint32_t i = 0; i < ps->n_items; i++)
		for (size_t r = ps->start[i]; r < ps->start[i + 1]; r++) {
			struct pair q = ps->p[r];
			q.ease = p->w_ease > 0 ? ease_at(e, i, q.item) : 0;
			ps->score[r] = pair_score(p, &nm, i, &q);
		}
	norms_release(&nm);
}

struct hit_job {
	struct fold *f;
	size_t li;
	const struct model_params *p;
	double hit[16];
};

static void hit_worker(void *ctx, size_t k)
{
	struct hit_job *j = ctx;
	struct fold *f = &j->f[k];
	pairs_score(&f->ps, &f->e[j->li], j->p);
	f->shell.count = f->ps.count;
	j->hit[k] = hit_rate(&f->shell, &f->ps, &f->s, &f->held, 10);
}

/* The mean hit rate over the folds, each on its own core. */
static double mean_hit(struct fold *f, size_t nf, size_t li, const struct model_params *p)
{
	struct hit_job j = {.f = f, .li = li, .p = p};
	parallel_for(nf, hit_worker, &j);
	double sum = 0;
	for (size_t k = 0; k < nf; k++)
		sum += j.hit[k];
	return sum / (double)nf;
}

struct fold_job {
	const struct model_baskets *b;
	struct fold *f;
	size_t folds, max_held, ease_items;
	int intercept;
};

static void fold_worker(void *ctx, size_t k)
{
	struct fold_job *j = ctx;
	const struct model_baskets *b = j->b;
	struct fold *f = &j->f[k];
	struct model_baskets kept;
	model_split(b, j->folds, k, &kept, &f->held);
	keep_bought(&f->held, j->max_held);
	double *wn = xcalloc(b->n_items ? b->n_items : 1, sizeof *wn);
	uint32_t *count = xcalloc(b->n_items ? b->n_items : 1, sizeof *count);
	count_items(&kept, wn, count);
	struct ease none = {0};
	pairs_build(&kept, &none, &f->ps);
	for (size_t li = 0; li < N_VARIANTS; li++)
		ease_fit(&kept, wn, j->ease_items, lambdas[li % N_LAMBDAS], dropouts[li / N_LAMBDAS],
		         j->intercept, &f->e[li]);
	f->shell.n_items = b->n_items;
	scratch_init(&f->s, count, b->n_items);
	free(wn);
	free(count);
	model_baskets_release(&kept);
}

/* Field by field: the struct's padding is no part of the parameters
 * (memcmp read it uninitialised). */
static bool params_equal(const struct model_params *a, const struct model_params *b)
{
	return a->w_cos == b->w_cos && a->w_ease == b->w_ease && a->w_pop == b->w_pop &&
	       a->alpha == b->alpha && a->lambda == b->lambda && a->dropout == b->dropout &&
	       a->k == b->k && a->k_frequent == b->k_frequent && a->k_negative == b->k_negative &&
	       a->ease_items == b->ease_items && a->intercept == b->intercept;
}

double model_tune(const struct model_baskets *b, size_t folds, size_t max_held, int only_ease,
                  struct model_params *p)
{
	const size_t nl = N_VARIANTS;
	if (folds < 2)
		folds = 2;
	if (folds > 16)
		folds = 16;
	struct fold *f = xcalloc(folds, sizeof *f);
	struct fold_job fj = {.b = b, .f = f, .folds = folds, .max_held = max_held,
	                      .ease_items = p->ease_items, .intercept = p->intercept};
	parallel_for(folds, fold_worker, &fj);
	struct model_params best = *p;
	if (only_ease) {
		best.w_cos = 0;
		best.w_pop = 0;
		best.w_ease = 1;
	}
	if (!p->ease_items)
		best.w_ease = 0;
	size_t best_l = 0;
	for (size_t li = 0; li < nl; li++)
		if (lambdas[li % N_LAMBDAS] == best.lambda && dropouts[li / N_LAMBDAS] == best.dropout)
			best_l = li;
	best.lambda = lambdas[best_l % N_LAMBDAS];
	best.dropout = dropouts[best_l / N_LAMBDAS];
	double best_hit = mean_hit(f, folds, best_l, &best);
	/* Coordinate search: each parameter over its grid with the others
	 * held, round again while a round changed something (at most three). */
	struct model_params start = best;
	for (int round = 0; round < 3; round++) {
		if (round > 0 && params_equal(&start, &best))
			break;
		start = best;
		if (best.w_ease > 0)
			for (size_t li = 0; li < nl; li++) {
				if (li == best_l)
					continue;
				struct model_params t = best;
				t.lambda = lambdas[li % N_LAMBDAS];
				t.dropout = dropouts[li / N_LAMBDAS];
				double h = mean_hit(f, folds, li, &t);
				if (h > best_hit) {
					best_hit = h;
					best = t;
					best_l = li;
				}
			}
		if (only_ease)
			break;
		for (size_t q = 0; q < sizeof cos_weights / sizeof cos_weights[0]; q++) {
			struct model_params t = best;
			t.w_cos = cos_weights[q];
			if ((t.w_cos == 0 && t.w_ease == 0) || t.w_cos == best.w_cos)
				continue;
			double h = mean_hit(f, folds, best_l, &t);
			if (h > best_hit) {
				best_hit = h;
				best = t;
			}
		}
		for (size_t q = 0; q < sizeof alphas / sizeof alphas[0] && best.w_cos > 0; q++) {
			struct model_params t = best;
			t.alpha = alphas[q];
			if (t.alpha == best.alpha)
				continue;
			double h = mean_hit(f, folds, best_l, &t);
			if (h > best_hit) {
				best_hit = h;
				best = t;
			}
		}
		for (size_t q = 0; q < sizeof pop_weights / sizeof pop_weights[0]; q++) {
			struct model_params t = best;
			t.w_pop = pop_weights[q];
			if (t.w_pop == best.w_pop)
				continue;
			double h = mean_hit(f, folds, best_l, &t);
			if (h > best_hit) {
				best_hit = h;
				best = t;
			}
		}
	}
	for (size_t k = 0; k < folds; k++) {
		pairs_release(&f[k].ps);
		for (size_t li = 0; li < nl; li++)
			ease_release(&f[k].e[li]);
		scratch_release(&f[k].s);
		model_baskets_release(&f[k].held);
	}
	free(f);
	*p = best;
	return best_hit;
}
