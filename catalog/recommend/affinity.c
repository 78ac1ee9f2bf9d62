/*
 * affinity.c: the customer's brands, categories (with the ones above) and
 * price band, counted from orders and events with the weights the
 * recommender uses for history (a purchase 1, a cart 0.6, a view 0.3).
 */
#include "catalog/recommend/affinity.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/store/catalog_int.h"
#include "common/xalloc.h"

#define HISTORY_ROWS 300

struct tally {
	int64_t key;
	double weight;
};

struct leanings {
	struct tally *brand, *category;
	size_t n_brand, n_category, cap_brand, cap_category;
	double top_brand, top_category;
	double log_price_sum, price_weight; /* purchases only */
};

static void count(struct tally **t, size_t *n, size_t *cap, double *top, int64_t key, double w)
{
	if (!key)
		return;
	for (size_t i = 0; i < *n; i++)
		if ((*t)[i].key == key) {
			(*t)[i].weight += w;
			if ((*t)[i].weight > *top)
				*top = (*t)[i].weight;
			return;
		}
	*t = xgrow(*t, cap, *n + 1, sizeof **t);
	(*t)[(*n)++] = (struct tally){key, w};
	if (w > *top)
		*top = w;
}

static double share(const struct tally *t, size_t n, double top, int64_t key)
{
	if (!key || top <= 0)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (t[i].key == key)
			return t[i].weight / top;
	return 0;
}

static void leanings_release(struct leanings *l)
{
	free(l->brand);
	free(l->category);
}

static int leanings_read(catalog *c, const char *customer, struct leanings *l, char **err)
{
	memset(l, 0, sizeof *l);
	sqlite3_stmt *st = catalog_cached(
	        c, "SELECT coalesce(p.brand_id, 0), coalesce(p.category_id, 0),"
	           " coalesce(k.parent_id, 0), p.price_cents, h.w FROM ("
	           "  SELECT oi.product_id AS id, 1.0 AS w FROM customers cu"
	           "  JOIN orders o ON o.customer_id = cu.id JOIN order_items oi ON oi.order_id = o.id"
	           "  WHERE cu.external_id = ?1 AND o.status != 'cancelled'"
	           "  UNION ALL SELECT e.product_id, CASE e.kind WHEN 'purchase' THEN 1.0"
	           "  WHEN 'add_to_cart' THEN 0.6 ELSE 0.3 END FROM customers cu"
	           "  JOIN events e ON e.customer_id = cu.id WHERE cu.external_id = ?1"
	           "  AND e.kind IN ('purchase','add_to_cart','view','compare') LIMIT ?2) h"
	           " JOIN products p ON p.id = h.id LEFT JOIN categories k ON k.id = p.category_id",
	        err);
	if (!st)
		return -1;
	catalog_bind_text(st, 1, customer);
	sqlite3_bind_int(st, 2, HISTORY_ROWS);
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		double w = sqlite3_column_double(st, 4);
		count(&l->brand, &l->n_brand, &l->cap_brand, &l->top_brand,
		      sqlite3_column_int64(st, 0), w);
		count(&l->category, &l->n_category, &l->cap_category, &l->top_category,
		      sqlite3_column_int64(st, 1), w);
		count(&l->category, &l->n_category, &l->cap_category, &l->top_category,
		      sqlite3_column_int64(st, 2), 0.5 * w);
		int64_t price = sqlite3_column_int64(st, 3);
		if (w >= 1 && price > 0) {
			l->log_price_sum += log((double)price);
			l->price_weight += 1;
		}
	}
	catalog_release(st);
	if (step != SQLITE_DONE) {
		leanings_release(l);
		return catalog_fail(c, err, "reading the customer's history");
	}
	return 0;
}

int affinity_fit(catalog *c, const char *customer, const char *const *ids, size_t n,
                 double *fit, char **err)
{
	struct leanings l;
	for (size_t i = 0; i < n; i++)
		fit[i] = 0;
	if (!customer || !n)
		return 0;
	struct catalog_read tx = catalog_read_begin(c);
	sqlite3_stmt *row = NULL;
	int rc = -1;
	if (leanings_read(c, customer, &l, err) < 0)
		goto done;
	row = catalog_cached(c, "SELECT coalesce(p.brand_id, 0), coalesce(p.category_id, 0),"
	                        " coalesce(k.parent_id, 0), p.price_cents FROM products p"
	                        " LEFT JOIN categories k ON k.id = p.category_id"
	                        " WHERE p.source_id = ?1", err);
	if (!row)
		goto cleanup;
	double band = l.price_weight ? l.log_price_sum / l.price_weight : 0;
	for (size_t i = 0; i < n; i++) {
		sqlite3_reset(row);
		catalog_bind_text(row, 1, ids[i]);
		if (sqlite3_step(row) != SQLITE_ROW)
			continue;
		double brand = share(l.brand, l.n_brand, l.top_brand, sqlite3_column_int64(row, 0));
		double cat = share(l.category, l.n_category, l.top_category, sqlite3_column_int64(row, 1));
		double parent = share(l.category, l.n_category, l.top_category,
		                      sqlite3_column_int64(row, 2));
		if (parent > cat)
			cat = parent;
		int64_t price = sqlite3_column_int64(row, 3);
		double near = 0;
		if (l.price_weight && price > 0) {
			double d = fabs(log((double)price) - band);
			near = d >= 1 ? 0 : 1 - d; /* within a factor e of their usual price */
		}
		fit[i] = 0.4 * brand + 0.4 * cat + 0.2 * near;
	}
	rc = 0;
cleanup:
	catalog_release(row);
	leanings_release(&l);
done:
	catalog_read_end(c, tx);
	return rc;
}

struct placed {
	double key;
	size_t at;
	const char *id;
};

static int by_key(const void *a, const void *b)
{
	const struct placed *x = a, *y = b;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->at < y->at ? -1 : x->at > y->at;
}

int affinity_rerank(catalog *c, const char *customer, const char **ids, size_t n, char **err)
{
	if (!customer || n < 2)
		return 0;
	double *fit = xmalloc(n * sizeof *fit);
	if (affinity_fit(c, customer, ids, n, fit, err) < 0) {
		free(fit);
		return -1;
	}
	/* A product at place i goes to i - shift * fit: ahead of at most
	 * AFFINITY_MAX_SHIFT of those before it. */
	struct placed *p = xmalloc(n * sizeof *p);
	for (size_t i = 0; i < n; i++)
		p[i] = (struct placed){(double)i - AFFINITY_MAX_SHIFT * 0.999 * fit[i], i, ids[i]};
	qsort(p, n, sizeof *p, by_key);
	for (size_t i = 0; i < n; i++)
		ids[i] = p[i].id;
	free(p);
	free(fit);
	return 0;
}
