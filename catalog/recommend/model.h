/*
 * model: the recommender's item-to-item model, fitted in memory from
 * baskets of dense item numbers (0..n_items-1). No SQL and no catalog here:
 * model_store.c reads the baskets from the catalog and writes the fitted
 * model back; bench/recommend.c fits it on plain baskets.
 *
 * The model scores an item j for a set of seed items S as
 *
 *     score(j) = sum over i in S of s(i,j)  +  prior(j)
 *     s(i,j)   = w_cos * c(i,j) / (n(i)^alpha n(j)^(1-alpha))   (co-occurrence)
 *              + w_ease * B(i,j)                                 (EASE)
 *     prior(j) = w_pop * n(j) / max n  +  w_ease * b(j)
 *
 * c(i,j) counts (weighted) baskets holding both, n(i) baskets holding i.
 * B is EASE (Steck, 2019): B = I - P diag(1/diag P), P = (X'X + lambda I)^-1,
 * with X given a column of ones so that each item j also gets an intercept
 * b(j) (its base rate, fitted jointly with B rather than left to the
 * popularity term), in closed form over the EASE_ITEMS most frequent items
 * only (a
 * dense inverse over all items of a large catalog is out of reach: cubic
 * time, quadratic memory); a pair outside them scores by co-occurrence
 * alone. Each item keeps its `k` best neighbours by s(i,j) (`k_frequent`
 * for those frequent items, whose lists matter most), among the items it
 * shares a basket with; a frequent item also keeps its `k_negative` most
 * negative ones (EASE's), which push down a popular item that does not go
 * with the basket. The weights, lambda and alpha are not guessed:
 * model_tune() picks them by their next-item hit rate on baskets held out of
 * the baskets it is given.
 *
 * model_fit() and model_tune() use two threads (the items, or the folds,
 * dealt between them); they return only when both are done.
 *
 * Ownership: model_fit() fills a struct model that model_release() frees.
 * Allocation failure exits (common/xalloc.h); nothing here fails otherwise.
 */
#ifndef CLERK_MODEL_H
#define CLERK_MODEL_H

#include <stddef.h>
#include <stdint.h>

/* Baskets in compressed rows: basket b holds items[start[b] .. start[b+1]),
 * distinct. weight[b] scales its counts (NULL: all 1); a basket whose
 * bought[b] is 0 (a browsing session's co-views) adds to c(i,j) but not to
 * the purchase counts that explanations quote (NULL: all bought). */
struct model_baskets {
	uint32_t n_items;
	size_t n;
	size_t *start;
	uint32_t *items;
	float *weight;
	uint8_t *bought;
};

struct model_params {
	double w_cos, w_ease, w_pop;
	double alpha;      /* 0.5 is plain cosine */
	double lambda;     /* EASE's L2 regularization, in hundredths of the mean item count */
	double dropout;    /* and more on frequent items: dropout x each item's count (DLAE) */
	size_t k;          /* neighbours kept per item */
	size_t k_frequent; /* ... per item among the ease_items most frequent */
	size_t k_negative; /* and its most negative (EASE) neighbours kept besides */
	size_t ease_items; /* EASE over at most this many of the most frequent items; 0: none */
	int intercept;     /* EASE with an intercept b(j) (0: plain EASE, b = 0) */
};

/* The defaults before tuning, and the grid model_tune() searches. */
void model_params_default(struct model_params *p);

struct model_neighbor {
	uint32_t item;
	float score;       /* s(i,j) */
	uint32_t together; /* purchase baskets holding both */
};

struct model {
	uint32_t n_items;
	struct model_params p;
	uint32_t *count;      /* per item: purchase baskets holding it */
	float *prior;         /* per item: prior(j) */
	size_t *nb_start;     /* n_items + 1 */
	struct model_neighbor *nb;
};

void model_fit(const struct model_baskets *b, const struct model_params *p, struct model *out);
void model_release(struct model *m);

/* The best `limit` items for the seeds (seeds themselves excluded), best
 * first, into out[] (and their scores into score[] when not NULL); returns
 * how many. */
size_t model_rank(const struct model *m, const uint32_t *seeds, size_t n_seeds, size_t limit,
                  uint32_t *out, float *score);

/* Next-item hit rate at `at` on test baskets: each item of each basket is
 * held out in turn and ranked from the others (a basket of one item has no
 * others and is left out). */
double model_hit_rate(const struct model *m, const struct model_baskets *test, size_t at);

/* Splits b into the baskets whose index leaves `fold` when divided by
 * `folds` (*held) and the rest (*kept); both share nothing with b. */
void model_split(const struct model_baskets *b, size_t folds, size_t fold,
                 struct model_baskets *kept, struct model_baskets *held);
void model_baskets_release(struct model_baskets *b);

/* Picks the parameters with the best hit rate at 10 by cross-validation
 * inside b: `folds` folds (at most max_held baskets of each scored; 0 for
 * all), each fitted on the others. *p holds the starting values and k and
 * ease_items and intercept, which stay as given; the rest is searched. Returns the best
 * mean hit rate. Set only_ease to tune EASE alone (w_cos = w_pop = 0). */
double model_tune(const struct model_baskets *b, size_t folds, size_t max_held, int only_ease,
                  struct model_params *p);

#endif
