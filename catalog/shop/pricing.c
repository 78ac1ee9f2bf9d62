/*
 * pricing.c: price suggestions from elasticity and stock, and the staff
 * command that applies a price (see pricing.h).
 */
#include "catalog/shop/pricing.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "catalog/shop/staff_log.h"
#include "catalog/shop/stats.h"
#include "catalog/store/catalog_int.h"
#include "catalog/store/settings.h"
#include "common/xalloc.h"

#define WEEK (7 * 86400)
#define RECENT_WEEKS 8
#define MIN_STEP 0.01
#define DEFAULT_MIN_MARGIN 0.15
#define DEFAULT_MAX_CHANGE 0.10

/* ---- bounds ---- */

static int get_fraction(catalog *c, const char *key, double def, double *out, char **err)
{
	char *v = NULL;
	if (settings_get(c, key, &v, err) < 0)
		return -1;
	char *end = NULL;
	double d = v ? strtod(v, &end) : def;
	*out = v && end != v && !*end ? d : def;
	free(v);
	return 0;
}

int pricing_bounds_get(catalog *c, struct pricing_bounds *out, char **err)
{
	if (get_fraction(c, "pricing.min_margin", DEFAULT_MIN_MARGIN, &out->min_margin, err) < 0 ||
	    get_fraction(c, "pricing.max_change", DEFAULT_MAX_CHANGE, &out->max_change, err) < 0)
		return -1;
	return 0;
}

int pricing_bounds_set(catalog *c, const struct pricing_bounds *b, char **err)
{
	if (!(b->min_margin >= 0 && b->min_margin <= 0.95) ||
	    !(b->max_change > 0 && b->max_change <= 1)) {
		if (err)
			*err = xasprintf("the minimum margin must be 0 to 0.95 and the weekly change over "
			                 "0 and at most 1 (fractions: 0.15 is 15%%)");
		return -1;
	}
	char m[32], x[32];
	snprintf(m, sizeof m, "%.4f", b->min_margin);
	snprintf(x, sizeof x, "%.4f", b->max_change);
	if (catalog_begin(c, err) < 0)
		return -1;
	char *detail = xasprintf("min margin %s, max change %s a week", m, x);
	int rc = settings_set(c, "pricing.min_margin", m, err) < 0 ||
	                         settings_set(c, "pricing.max_change", x, err) < 0 ||
	                         staff_log_add(c, "price.bounds", NULL, detail, err) < 0
	                 ? -1
	                 : catalog_commit(c, err);
	free(detail);
	if (rc < 0)
		catalog_rollback(c);
	return rc;
}

int pricing_set_cost(catalog *c, const char *product, int64_t cost_cents, char **err)
{
	if (cost_cents < 0) {
		if (err)
			*err = xstrdup("a cost cannot be negative");
		return -1;
	}
	sqlite3_stmt *st = catalog_prepare(c, "UPDATE products SET cost_cents = ?2 WHERE source_id = ?1",
	                                   err);
	if (!st)
		return -1;
	catalog_bind_text(st, 1, product);
	sqlite3_bind_int64(st, 2, cost_cents);
	int step = sqlite3_step(st);
	sqlite3_finalize(st);
	if (step != SQLITE_DONE)
		return catalog_fail(c, err, "setting a cost");
	if (!sqlite3_changes(c->db)) {
		if (err)
			*err = xasprintf("no product %s", product);
		return -1;
	}
	return 0;
}

int64_t pricing_clamp(int64_t want, int64_t week_ago, int64_t cost, const struct pricing_bounds *b)
{
	double lo = (double)week_ago * (1 - b->max_change);
	double hi = (double)week_ago * (1 + b->max_change);
	double v = (double)want;
	if (cost >= 0 && b->min_margin < 1) {
		double floor_ = (double)cost / (1 - b->min_margin);
		if (floor_ > lo)
			lo = floor_;
	}
	if (v < lo)
		v = ceil(lo);
	if (v > hi)
		v = floor(hi);
	/* a floor above the ceiling (the margin asks more than a week allows):
	 * the highest step the week allows */
	if (v < lo)
		v = floor(hi);
	return (int64_t)llround(v);
}

/* ---- suggestions ---- */

struct sold {
	int64_t id;      /* products.id */
	int64_t category;
	double *lnp, *lnq;
	size_t n, cap;
	double recent_units; /* over the last RECENT_WEEKS weeks */
};

struct pooled {
	int64_t category;
	struct stats_line fit;
	bool ok;
};

static void sold_add(struct sold *s, double price, double units)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 16;
		s->lnp = xrealloc(s->lnp, s->cap * sizeof *s->lnp);
		s->lnq = xrealloc(s->lnq, s->cap * sizeof *s->lnq);
	}
	s->lnp[s->n] = log(price);
	s->lnq[s->n] = log(units);
	s->n++;
}

/* Each sold product's weekly (log price, log units). */
static int read_weeks(catalog *c, const struct pricing_query *q, int64_t start, int64_t end,
                      struct sold **out, size_t *n, char **err)
{
	sqlite3_stmt *st = catalog_prepare(
	        c, "SELECT oi.product_id, p.category_id, (unixepoch(o.placed_at) - ?1) / 604800 AS w,"
	           " total(oi.quantity), total(oi.price_cents * oi.quantity)"
	           " FROM order_items oi JOIN orders o ON o.id = oi.order_id"
	           " JOIN products p ON p.id = oi.product_id"
	           " LEFT JOIN categories cat ON cat.id = p.category_id"
	           " WHERE o.status <> 'cancelled' AND unixepoch(o.placed_at) >= ?1"
	           " AND unixepoch(o.placed_at) < ?2"
	           " AND (?3 IS NULL OR cat.path = ?3 COLLATE NOCASE OR cat.name = ?3 COLLATE NOCASE"
	           "   OR cat.path LIKE ?3 || ' > %')"
	           " GROUP BY oi.product_id, w ORDER BY oi.product_id, w", err);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, start);
	sqlite3_bind_int64(st, 2, end);
	catalog_bind_text(st, 3, q->category);
	size_t cap = 0;
	int64_t weeks = (end - start) / WEEK;
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		if (!*n || (*out)[*n - 1].id != id) {
			*out = xgrow(*out, &cap, *n + 1, sizeof **out);
			struct sold *s = &(*out)[(*n)++];
			memset(s, 0, sizeof *s);
			s->id = id;
			s->category = sqlite3_column_int64(st, 1);
		}
		struct sold *s = &(*out)[*n - 1];
		int64_t w = sqlite3_column_int64(st, 2);
		double units = sqlite3_column_double(st, 3), cents = sqlite3_column_double(st, 4);
		if (units > 0 && cents > 0)
			sold_add(s, cents / units, units);
		if (w >= weeks - RECENT_WEEKS)
			s->recent_units += units;
	}
	sqlite3_finalize(st);
	return step == SQLITE_DONE ? 0 : catalog_fail(c, err, "reading sales by week");
}

static bool own_fit(const struct sold *s, struct stats_line *fit)
{
	return s->n >= PRICING_MIN_WEEKS && stats_line_fit(s->lnp, s->lnq, (int64_t)s->n, fit) &&
	       fit->slope_se > 0 && fabs(fit->slope / fit->slope_se) >= 2;
}

/* The category's slope over its products' centred logs. */
static struct pooled pool_category(const struct sold *all, size_t n, int64_t category)
{
	struct pooled p = {.category = category};
	size_t cap = 0, m = 0;
	double *x = NULL, *y = NULL;
	for (size_t i = 0; i < n; i++) {
		const struct sold *s = &all[i];
		if (s->category != category || s->n < 3)
			continue;
		double mx = 0, my = 0;
		for (size_t k = 0; k < s->n; k++) {
			mx += s->lnp[k];
			my += s->lnq[k];
		}
		mx /= (double)s->n;
		my /= (double)s->n;
		for (size_t k = 0; k < s->n; k++) {
			if (m + 1 > cap) {
				cap = cap ? cap * 2 : 64;
				x = xrealloc(x, cap * sizeof *x);
				y = xrealloc(y, cap * sizeof *y);
			}
			x[m] = s->lnp[k] - mx;
			y[m] = s->lnq[k] - my;
			m++;
		}
	}
	p.ok = m >= PRICING_MIN_WEEKS && stats_line_fit(x, y, (int64_t)m, &p.fit) &&
	       p.fit.slope_se > 0 && fabs(p.fit.slope / p.fit.slope_se) >= 2;
	free(x);
	free(y);
	return p;
}

/* Fills the suggestion's product facts; false when it has no price. */
static int product_facts(catalog *c, int64_t id, int64_t week_start, struct price_suggestion *s,
                         int64_t *week_ago, char **err)
{
	sqlite3_stmt *st = catalog_prepare(
	        c, "SELECT source_id, name, price_cents, coalesce(cost_cents, -1), coalesce(stock, -1),"
	           " (SELECT old_cents FROM price_changes pc WHERE pc.product_id = p.id AND pc.at >= ?2"
	           "  ORDER BY pc.at, pc.id LIMIT 1)"
	           " FROM products p WHERE id = ?1 AND price_cents > 0", err);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, week_start);
	int step = sqlite3_step(st);
	int rc = 0;
	if (step == SQLITE_ROW) {
		s->product = catalog_column_dup(st, 0);
		s->name = catalog_column_dup(st, 1);
		s->price_cents = sqlite3_column_int64(st, 2);
		s->cost_cents = sqlite3_column_int64(st, 3);
		s->stock = sqlite3_column_int64(st, 4);
		*week_ago = sqlite3_column_type(st, 5) == SQLITE_NULL ? s->price_cents
		                                                     : sqlite3_column_int64(st, 5);
		rc = 1;
	} else if (step != SQLITE_DONE) {
		rc = catalog_fail(c, err, "reading a product's price");
	}
	sqlite3_finalize(st);
	return rc;
}

/* The price to aim for and why, before the bounds. */
static double target(const struct price_suggestion *s, const struct pricing_bounds *b,
                     const char **why)
{
	double p = (double)s->price_cents, e = s->elasticity, want = p;
	*why = NULL;
	if (!isnan(e) && e < -1 && s->cost_cents >= 0) {
		want = (double)s->cost_cents * e / (1 + e);
		*why = want < p ? "demand is elastic: a lower price earns more"
		                : "demand is elastic but the margin is thin: a higher price earns more";
	} else if (!isnan(e) && e >= -1 && e < 0) {
		want = p * (1 + b->max_change);
		*why = "demand is inelastic: a higher price loses few sales";
	}
	if (s->weeks_of_cover > PRICING_OVERSTOCK_WEEKS && want >= p) {
		want = p * (1 - b->max_change / 2);
		*why = "overstocked: a cut moves the stock";
	} else if (s->weeks_of_cover >= 0 && s->weeks_of_cover < PRICING_LOW_STOCK_WEEKS &&
	           want <= p) {
		want = p * (1 + b->max_change / 2);
		*why = "stock is running out: a rise slows it";
	}
	return want;
}

static int by_change(const void *a, const void *b)
{
	const struct price_suggestion *x = a, *y = b;
	double dx = fabs((double)(x->suggested_cents - x->price_cents)) / (double)x->price_cents;
	double dy = fabs((double)(y->suggested_cents - y->price_cents)) / (double)y->price_cents;
	return dx < dy ? 1 : dx > dy ? -1 : strcmp(x->product, y->product);
}

static void suggestion_release(struct price_suggestion *s)
{
	free(s->product);
	free(s->name);
	free(s->reason);
}

int pricing_suggest(catalog *c, const struct pricing_query *q, struct price_suggestion **out,
                    size_t *n, char **err)
{
	*out = NULL;
	*n = 0;
	struct pricing_bounds b;
	struct sold *sold = NULL;
	size_t n_sold = 0, cap = 0, n_pool = 0, pool_cap = 0;
	struct pooled *pools = NULL;
	struct price_suggestion *rows = NULL;
	size_t count = 0;
	int rc = -1;
	struct catalog_read tx = catalog_read_begin(c);
	int64_t end = q->end ? q->end : (int64_t)time(NULL);
	int weeks = q->weeks > 0 ? q->weeks : 26;
	int64_t start = end - (int64_t)weeks * WEEK;
	if (pricing_bounds_get(c, &b, err) < 0 || read_weeks(c, q, start, end, &sold, &n_sold, err) < 0)
		goto cleanup;
	for (size_t i = 0; i < n_sold; i++) {
		struct price_suggestion s = {.elasticity = NAN, .weeks_of_cover = -1};
		int64_t week_ago = 0;
		int got = product_facts(c, sold[i].id, end - WEEK, &s, &week_ago, err);
		if (got < 0)
			goto cleanup;
		if (!got)
			continue;
		struct stats_line fit;
		if (own_fit(&sold[i], &fit)) {
			s.elasticity = fit.slope;
			s.elasticity_se = fit.slope_se;
			s.weeks = (int)sold[i].n;
		} else {
			size_t k = 0;
			while (k < n_pool && pools[k].category != sold[i].category)
				k++;
			if (k == n_pool) {
				pools = xgrow(pools, &pool_cap, n_pool + 1, sizeof *pools);
				pools[n_pool++] = pool_category(sold, n_sold, sold[i].category);
			}
			if (pools[k].ok) {
				s.elasticity = pools[k].fit.slope;
				s.elasticity_se = pools[k].fit.slope_se;
				s.pooled = true;
				s.weeks = (int)pools[k].fit.n;
			}
		}
		double weekly = sold[i].recent_units / RECENT_WEEKS;
		if (s.stock >= 0 && weekly > 0)
			s.weeks_of_cover = (double)s.stock / weekly;
		const char *why;
		double want = target(&s, &b, &why);
		s.suggested_cents = pricing_clamp((int64_t)llround(want), week_ago, s.cost_cents, &b);
		double step = fabs((double)(s.suggested_cents - s.price_cents)) / (double)s.price_cents;
		if (!why || step < MIN_STEP) {
			suggestion_release(&s);
			continue;
		}
		bool clamped = llabs(s.suggested_cents - (int64_t)llround(want)) > 1;
		s.reason = xasprintf("%s%s", why, clamped ? " (held to the bounds)" : "");
		rows = xgrow(rows, &cap, count + 1, sizeof *rows);
		rows[count++] = s;
	}
	qsort(rows, count, sizeof *rows, by_change);
	size_t limit = q->limit ? q->limit : 50;
	while (count > limit)
		suggestion_release(&rows[--count]);
	*out = rows;
	*n = count;
	rows = NULL;
	count = 0;
	rc = 0;
cleanup:
	catalog_read_end(c, tx);
	price_suggestions_free(rows, count);
	for (size_t i = 0; i < n_sold; i++) {
		free(sold[i].lnp);
		free(sold[i].lnq);
	}
	free(sold);
	free(pools);
	return rc;
}

void price_suggestions_free(struct price_suggestion *s, size_t n)
{
	for (size_t i = 0; s && i < n; i++)
		suggestion_release(&s[i]);
	free(s);
}

/* ---- applying ---- */

int pricing_apply(catalog *c, const char *product, int64_t new_cents, const char *staff,
                  const char *reason, bool force, char **err)
{
	if (new_cents <= 0) {
		if (err)
			*err = xstrdup("a price must be above zero");
		return -1;
	}
	struct pricing_bounds b;
	if (pricing_bounds_get(c, &b, err) < 0 || catalog_begin(c, err) < 0)
		return -1;
	struct price_suggestion s = {0};
	int64_t week_ago = 0, id = 0;
	sqlite3_stmt *st = catalog_prepare(c, "SELECT id FROM products WHERE source_id = ?1", err);
	if (!st)
		goto fail;
	catalog_bind_text(st, 1, product);
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	st = NULL;
	int got = id ? product_facts(c, id, (int64_t)time(NULL) - WEEK, &s, &week_ago, err) : 0;
	if (got <= 0) {
		if (!got && err)
			*err = xasprintf("no product %s with a price", product);
		goto fail;
	}
	if (!force && pricing_clamp(new_cents, week_ago, s.cost_cents, &b) != new_cents) {
		if (err)
			*err = xasprintf("%.2f is outside the bounds for %s (a week ago %.2f, at most %.0f%% "
			                 "a week%s%s); --force applies it anyway",
			                 (double)new_cents / 100, product, (double)week_ago / 100,
			                 b.max_change * 100, s.cost_cents >= 0 ? ", margin at least " : "",
			                 s.cost_cents >= 0 ? "the minimum" : "");
		goto fail;
	}
	st = catalog_prepare(c, "UPDATE products SET price_cents = ?2 WHERE id = ?1", err);
	if (!st)
		goto fail;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, new_cents);
	int step = sqlite3_step(st);
	sqlite3_finalize(st);
	st = catalog_prepare(c, "INSERT INTO price_changes (product_id, old_cents, new_cents, staff,"
	                        " reason) VALUES (?1, ?2, ?3, ?4, ?5)", err);
	if (step != SQLITE_DONE || !st) {
		if (step != SQLITE_DONE)
			catalog_fail(c, err, "changing a price");
		goto fail;
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, s.price_cents);
	sqlite3_bind_int64(st, 3, new_cents);
	catalog_bind_text(st, 4, staff);
	catalog_bind_text(st, 5, reason);
	step = sqlite3_step(st);
	sqlite3_finalize(st);
	st = NULL;
	if (step != SQLITE_DONE) {
		catalog_fail(c, err, "logging a price change");
		goto fail;
	}
	char *detail = xasprintf("%.2f -> %.2f%s%s%s", (double)s.price_cents / 100,
	                         (double)new_cents / 100, force ? " (forced)" : "",
	                         reason ? ": " : "", reason ? reason : "");
	int logged = staff_log_add(c, "price.apply", product, detail, err);
	free(detail);
	catalog_products_changed(c);
	if (logged < 0 || catalog_commit(c, err) < 0)
		goto fail;
	suggestion_release(&s);
	return 0;
fail:
	sqlite3_finalize(st);
	catalog_rollback(c);
	suggestion_release(&s);
	return -1;
}

int pricing_changes(catalog *c, size_t limit, struct price_change **out, size_t *n, char **err)
{
	struct price_change *rows = NULL;
	size_t count = 0, cap = 0;
	int rc = -1;
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = catalog_prepare(
	        c, "SELECT p.source_id, p.name, pc.old_cents, pc.new_cents, pc.staff, pc.reason, pc.at"
	           " FROM price_changes pc JOIN products p ON p.id = pc.product_id"
	           " ORDER BY pc.at DESC, pc.id DESC LIMIT ?1", err);
	if (!st)
		goto cleanup;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)limit);
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		rows = xgrow(rows, &cap, count + 1, sizeof *rows);
		struct price_change *p = &rows[count++];
		p->product = catalog_column_dup(st, 0);
		p->name = catalog_column_dup(st, 1);
		p->old_cents = sqlite3_column_int64(st, 2);
		p->new_cents = sqlite3_column_int64(st, 3);
		p->staff = catalog_column_dup(st, 4);
		p->reason = catalog_column_dup(st, 5);
		p->at = sqlite3_column_int64(st, 6);
	}
	if (step != SQLITE_DONE) {
		catalog_fail(c, err, "reading price changes");
		goto cleanup;
	}
	*out = rows;
	*n = count;
	rows = NULL;
	rc = 0;
cleanup:
	price_changes_free(rows, count);
	sqlite3_finalize(st);
	return rc;
}

void price_changes_free(struct price_change *p, size_t n)
{
	for (size_t i = 0; p && i < n; i++) {
		free(p[i].product);
		free(p[i].name);
		free(p[i].staff);
		free(p[i].reason);
	}
	free(p);
}
