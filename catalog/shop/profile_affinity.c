/*
 * profile_affinity.c: what a shopper's history says they like, read from
 * their events whenever it is asked for rather than kept in a table: a
 * history is at most HISTORY_ROWS events, read by the events_customer
 * index in well under a millisecond, and nothing derived can outlive the
 * events it came from (a withdrawal or "forget me" leaves no stale copy).
 * Also the bounded re-rank by it and the eco-friendly pick.
 */
#include "catalog/shop/profile.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "catalog/shop/profile_int.h"
#include "catalog/store/catalog_int.h"
#include "common/xalloc.h"

#define HISTORY_ROWS 500
#define MAX_SEARCHES 5
#define MAX_PER_KIND 5

/* ---- affinities ---- */

/* How much an event says about what the shopper likes. */
static double kind_weight(const char *kind)
{
	static const struct {
		const char *kind;
		double w;
	} weights[] = {
		{"purchase", 1.0}, {"add_to_cart", 0.6}, {"compare", 0.3},
		{"view", 0.3},     {"remove_from_cart", -0.3},
	};
	for (size_t i = 0; i < sizeof weights / sizeof weights[0]; i++)
		if (!strcmp(kind, weights[i].kind))
			return weights[i].w;
	return 0;
}

/* Lower bounds of the price bands, in cents. */
static const int64_t bands[] = {0, 1000, 2500, 5000, 10000, 25000, 50000, 100000};
#define N_BANDS (sizeof bands / sizeof bands[0])

static int64_t band_of(int64_t cents)
{
	int64_t b = 0;
	for (size_t i = 0; i < N_BANDS; i++)
		if (cents >= bands[i])
			b = bands[i];
	return b;
}

void profile_price_band(const char *value, int64_t *lo, int64_t *hi)
{
	*lo = value ? strtoll(value, NULL, 10) : 0;
	*hi = -1;
	for (size_t i = 0; i + 1 < N_BANDS; i++)
		if (bands[i] == *lo)
			*hi = bands[i + 1];
}

struct tally {
	enum profile_kind kind;
	char *value;
	double w;
};

struct tallies {
	struct tally *t;
	size_t n, cap;
	double total; /* every product event's weight, the shares' base */
};

static void tally_add(struct tallies *ts, enum profile_kind kind, const char *value, double w)
{
	if (!value || !*value)
		return;
	for (size_t i = 0; i < ts->n; i++)
		if (ts->t[i].kind == kind && !strcasecmp(ts->t[i].value, value)) {
			ts->t[i].w += w;
			return;
		}
	ts->t = xgrow(ts->t, &ts->cap, ts->n + 1, sizeof *ts->t);
	ts->t[ts->n++] = (struct tally){kind, xstrdup(value), w};
}

/* Does text hold word (a lowercase word or phrase) between word
 * boundaries, case ignored? */
static bool holds_word(const char *text, const char *word)
{
	size_t n = strlen(word);
	if (!text || !n)
		return false;
	for (const char *p = text; *p; p++) {
		if (strncasecmp(p, word, n))
			continue;
		bool left = p == text || !isalnum((unsigned char)p[-1]);
		bool right = !isalnum((unsigned char)p[n]);
		if (left && right)
			return true;
	}
	return false;
}

static const char *leaf(const char *path)
{
	const char *p = path ? strrchr(path, '>') : NULL;
	if (!p)
		return path;
	for (p++; *p == ' '; p++)
		;
	return p;
}

static int by_strength(const void *a, const void *b)
{
	const struct profile_affinity *x = a, *y = b;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	if (x->share != y->share)
		return x->share < y->share ? 1 : -1;
	return strcmp(x->value, y->value);
}

/* The shares of each kind's values, strongest first, at most MAX_PER_KIND
 * a kind. */
static void shares_of(struct tallies *ts, struct profile *out)
{
	struct profile_affinity *a = xcalloc(ts->n ? ts->n : 1, sizeof *a);
	size_t n = 0;
	for (size_t i = 0; i < ts->n; i++) {
		if (ts->t[i].w <= 0 || ts->total <= 0) {
			free(ts->t[i].value);
			continue;
		}
		double share = ts->t[i].w / ts->total;
		a[n++] = (struct profile_affinity){ts->t[i].kind, ts->t[i].value, share > 1 ? 1 : share};
	}
	free(ts->t);
	memset(ts, 0, sizeof *ts);
	if (n)
		qsort(a, n, sizeof *a, by_strength);
	/* keep the strongest few of each kind */
	size_t kept = 0, in_kind = 0;
	for (size_t i = 0; i < n; i++) {
		in_kind = i && a[i].kind == a[i - 1].kind ? in_kind + 1 : 0;
		if (in_kind < MAX_PER_KIND)
			a[kept++] = a[i];
		else
			free(a[i].value);
	}
	out->affinities = a;
	out->n_affinities = kept;
}

static void add_search(struct profile *out, const char *q)
{
	if (!q || !*q || out->n_searches >= MAX_SEARCHES)
		return;
	for (size_t i = 0; i < out->n_searches; i++)
		if (!strcasecmp(out->searches[i], q))
			return;
	out->searches = xrealloc(out->searches, (out->n_searches + 1) * sizeof *out->searches);
	out->searches[out->n_searches++] = xstrdup(q);
}

/* The first of words found, as a word, in text (borrowed), or NULL. */
static const char *eco_label(const char *text, const char *const *words, size_t n)
{
	for (size_t i = 0; text && i < n; i++)
		if (holds_word(text, words[i]))
			return words[i];
	return NULL;
}

/* The events, newest first, into tallies; with eco words, each event's
 * product brings its attributes along (one statement, not one a row). */
static int read_events(catalog *c, const char *customer, const char *session, int64_t now,
                       const char *const *eco, size_t n_eco, struct tallies *ts,
                       struct profile *out, char **err)
{
#define EVENTS_SELECT(attrs)                                                               \
	"SELECT e.kind, e.at, e.detail, p.id, b.name, cat.path, p.color, p.price_cents, "     \
	attrs " FROM events e LEFT JOIN products p ON p.id = e.product_id"                    \
	" LEFT JOIN brands b ON b.id = p.brand_id"                                            \
	" LEFT JOIN categories cat ON cat.id = p.category_id"
#define ATTRS "(SELECT group_concat(a.key || ': ' || a.value, ' | ') FROM attributes a" \
	" WHERE a.product_id = p.id)"
/* only what the shopper did: the events staff log of clerk's own doing
 * (turns, products shown or recommended) say nothing of a taste, and would
 * crowd the history out */
#define SHOPPER_KINDS " AND e.kind IN ('purchase','add_to_cart','remove_from_cart','compare'," \
	"'view','search')"
#define BY_CUSTOMER " WHERE e.customer_id = (SELECT id FROM customers WHERE external_id = ?1)" \
	SHOPPER_KINDS " ORDER BY e.at DESC, e.id DESC LIMIT ?2"
#define BY_SESSION " WHERE e.session = ?1 AND e.customer_id IS NULL" \
	SHOPPER_KINDS " ORDER BY e.at DESC, e.id DESC LIMIT ?2"
	const char *sql = customer ? (n_eco ? EVENTS_SELECT(ATTRS) BY_CUSTOMER
	                                    : EVENTS_SELECT("NULL") BY_CUSTOMER)
	                           : (n_eco ? EVENTS_SELECT(ATTRS) BY_SESSION
	                                    : EVENTS_SELECT("NULL") BY_SESSION);
#undef EVENTS_SELECT
#undef ATTRS
#undef BY_CUSTOMER
#undef BY_SESSION
#undef SHOPPER_KINDS
	sqlite3_stmt *st = catalog_cached(c, sql, err);
	if (!st)
		return -1;
	catalog_bind_text(st, 1, customer ? customer : session);
	sqlite3_bind_int(st, 2, HISTORY_ROWS);
	const double half_life = PROFILE_HALF_LIFE_DAYS * 86400.0;
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *kind = (const char *)sqlite3_column_text(st, 0);
		int64_t at = sqlite3_column_int64(st, 1);
		if (!out->n_events++)
			out->last_at = at;
		out->first_at = at;
		if (kind && !strcmp(kind, "search"))
			add_search(out, (const char *)sqlite3_column_text(st, 2));
		if (!kind || sqlite3_column_type(st, 3) == SQLITE_NULL)
			continue;
		double age = now > at ? (double)(now - at) : 0;
		double w = kind_weight(kind) * exp2(-age / half_life);
		if (w == 0)
			continue;
		if (w > 0)
			ts->total += w;
		tally_add(ts, PROFILE_BRAND, (const char *)sqlite3_column_text(st, 4), w);
		tally_add(ts, PROFILE_CATEGORY, leaf((const char *)sqlite3_column_text(st, 5)), w);
		tally_add(ts, PROFILE_COLOR, (const char *)sqlite3_column_text(st, 6), w);
		if (sqlite3_column_type(st, 7) != SQLITE_NULL) {
			char band[24];
			snprintf(band, sizeof band, "%lld",
			         (long long)band_of(sqlite3_column_int64(st, 7)));
			tally_add(ts, PROFILE_PRICE, band, w);
		}
		tally_add(ts, PROFILE_ECO,
		          eco_label((const char *)sqlite3_column_text(st, 8), eco, n_eco), w);
	}
	catalog_release(st);
	if (step != SQLITE_DONE)
		return catalog_fail(c, err, "reading the history");
	return 0;
}

/* Orders that count for the customer's tier: not cancelled or returned. */
static int read_orders(catalog *c, const char *customer, struct profile *out, char **err)
{
	sqlite3_stmt *st = catalog_cached(
	        c, "SELECT count(*), coalesce(sum(o.total_cents), 0) FROM orders o"
	           " JOIN customers cu ON cu.id = o.customer_id WHERE cu.external_id = ?1"
	           " AND o.status NOT IN ('cancelled', 'returned')", err);
	if (!st)
		return -1;
	catalog_bind_text(st, 1, customer);
	int step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		out->orders = sqlite3_column_int64(st, 0);
		out->spent_cents = sqlite3_column_int64(st, 1);
	}
	catalog_release(st);
	if (step != SQLITE_ROW)
		return catalog_fail(c, err, "reading the customer's orders");
	out->tier = out->orders >= 6 || out->spent_cents >= 100000  ? 3
	            : out->orders >= 3 || out->spent_cents >= 25000 ? 2
	            : out->orders >= 1                               ? 1
	                                                             : 0;
	return 0;
}

int profile_read(catalog *c, const char *customer, const char *session, int64_t now,
                 const char *const *eco_words, size_t n_eco, struct profile *out, char **err)
{
	memset(out, 0, sizeof *out);
	if (!customer && !session)
		return 0;
	struct tallies ts = {0};
	struct catalog_read tx = catalog_read_begin(c);
	int rc = read_events(c, customer, session, now, eco_words, eco_words ? n_eco : 0, &ts, out,
	                     err);
	if (rc == 0 && customer)
		rc = read_orders(c, customer, out, err);
	catalog_read_end(c, tx);
	shares_of(&ts, out);
	if (rc < 0)
		profile_release(out);
	return rc;
}

void profile_release(struct profile *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n_affinities; i++)
		free(p->affinities[i].value);
	free(p->affinities);
	for (size_t i = 0; i < p->n_searches; i++)
		free(p->searches[i]);
	free(p->searches);
	memset(p, 0, sizeof *p);
}

const struct profile_affinity *profile_top(const struct profile *p, enum profile_kind kind)
{
	for (size_t i = 0; i < p->n_affinities; i++)
		if (p->affinities[i].kind == kind)
			return &p->affinities[i];
	return NULL;
}

/* value's share relative to its kind's strongest: 1 for the favourite. */
static double relative(const struct profile *p, enum profile_kind kind, const char *value)
{
	const struct profile_affinity *top = profile_top(p, kind);
	if (!top || !value)
		return 0;
	for (size_t i = 0; i < p->n_affinities; i++)
		if (p->affinities[i].kind == kind && !strcasecmp(p->affinities[i].value, value))
			return p->affinities[i].share / top->share;
	return 0;
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

/* How well a product of that brand, category path, colour and price (-1:
 * none) fits the profile, 0..1. The favourite brand alone passes one
 * product (2.5 x 0.45), with the favourite kind too, two. */
static double fit_of_fields(const struct profile *p, const char *brand, const char *category,
                            const char *color, int64_t price)
{
	char band[24] = "";
	if (price >= 0)
		snprintf(band, sizeof band, "%lld", (long long)band_of(price));
	return 0.45 * relative(p, PROFILE_BRAND, brand) +
	       0.35 * relative(p, PROFILE_CATEGORY, leaf(category)) +
	       0.1 * relative(p, PROFILE_COLOR, color) +
	       0.1 * relative(p, PROFILE_PRICE, *band ? band : NULL);
}

/* How well product id fits the profile, 0..1. */
static int fit_of(catalog *c, const struct profile *p, const char *id, double *fit, char **err)
{
	*fit = 0;
	sqlite3_stmt *st = catalog_cached(
	        c, "SELECT b.name, cat.path, p.color, p.price_cents FROM products p"
	           " LEFT JOIN brands b ON b.id = p.brand_id"
	           " LEFT JOIN categories cat ON cat.id = p.category_id WHERE p.source_id = ?1",
	        err);
	if (!st)
		return -1;
	catalog_bind_text(st, 1, id);
	int step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		*fit = fit_of_fields(p, (const char *)sqlite3_column_text(st, 0),
		                     (const char *)sqlite3_column_text(st, 1),
		                     (const char *)sqlite3_column_text(st, 2),
		                     sqlite3_column_type(st, 3) == SQLITE_NULL
		                             ? -1
		                             : sqlite3_column_int64(st, 3));
	catalog_release(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return catalog_fail(c, err, "reading a product");
	return 0;
}

/* Sorts pl (n items, key set from each fit) into its nudged order. */
static void nudge(struct placed *pl, const double *fit, size_t n)
{
	/* at place i - (shift + 1/2) * fit: a perfect fit passes the
	 * PROFILE_MAX_SHIFT products before it and no more */
	for (size_t i = 0; i < n; i++)
		pl[i].key = (double)i - (PROFILE_MAX_SHIFT + 0.5) * fit[i];
	qsort(pl, n, sizeof *pl, by_key);
}

void profile_rerank_views(const struct profile *p, const struct product_view **v, size_t n)
{
	if (!p->n_affinities || n < 2)
		return;
	struct placed *pl = xmalloc(n * sizeof *pl);
	double *fit = xmalloc(n * sizeof *fit);
	for (size_t i = 0; i < n; i++) {
		fit[i] = fit_of_fields(p, v[i]->brand, v[i]->category, v[i]->color,
		                       v[i]->has_price ? v[i]->price_cents : -1);
		pl[i] = (struct placed){0, i, (const char *)v[i]};
	}
	nudge(pl, fit, n);
	for (size_t i = 0; i < n; i++)
		v[i] = (const struct product_view *)(const void *)pl[i].id;
	free(fit);
	free(pl);
}

int profile_rerank_by(catalog *c, const struct profile *p, const char **ids, size_t n,
                      char **err)
{
	if (!p->n_affinities || n < 2)
		return 0;
	struct placed *pl = xmalloc(n * sizeof *pl);
	double *fit = xmalloc(n * sizeof *fit);
	int rc = 0;
	struct catalog_read tx = catalog_read_begin(c);
	for (size_t i = 0; i < n && rc == 0; i++) {
		rc = fit_of(c, p, ids[i], &fit[i], err);
		pl[i] = (struct placed){0, i, ids[i]};
	}
	catalog_read_end(c, tx);
	if (rc == 0) {
		nudge(pl, fit, n);
		for (size_t i = 0; i < n; i++)
			ids[i] = pl[i].id;
	}
	free(fit);
	free(pl);
	return rc;
}

int profile_rerank(catalog *c, const char *customer, const char **ids, size_t n, char **err)
{
	if (!customer || n < 2)
		return 0;
	struct profile p;
	if (profile_read(c, customer, NULL, (int64_t)time(NULL), NULL, 0, &p, err) < 0)
		return -1;
	int rc = profile_rerank_by(c, &p, ids, n, err);
	profile_release(&p);
	return rc;
}

#define ECO_CANDIDATES 50

int profile_eco_pick(catalog *c, const char *category, const char *const *eco_words,
                     size_t n_eco, struct product_view *out, char **label, char **err)
{
	memset(out, 0, sizeof *out);
	*label = NULL;
	if (!category || !n_eco)
		return 0;
	sqlite3_stmt *st = catalog_prepare(
	        c, "SELECT p.source_id, (SELECT group_concat(a.key || ': ' || a.value, ' | ')"
	           "  FROM attributes a WHERE a.product_id = p.id) AS attrs"
	           " FROM products p JOIN categories cat ON cat.id = p.category_id"
	           " WHERE (cat.path = ?1 COLLATE NOCASE"
	           " OR lower(substr(cat.path, 1, length(?1) + 3)) = lower(?1 || ' > '))"
	           " AND coalesce(p.stock, 1) > 0 AND attrs IS NOT NULL"
	           " ORDER BY p.rating IS NULL, p.rating DESC, p.popularity DESC, p.id"
	           " LIMIT " PROFILE_STR(ECO_CANDIDATES), err);
	if (!st)
		return -1;
	catalog_bind_text(st, 1, category);
	char *id = NULL;
	const char *found = NULL;
	int step;
	while (!found && (step = sqlite3_step(st)) == SQLITE_ROW) {
		found = eco_label((const char *)sqlite3_column_text(st, 1), eco_words, n_eco);
		if (found)
			id = profile_col_dup(st, 0);
	}
	sqlite3_finalize(st);
	if (!found && step != SQLITE_DONE)
		return catalog_fail(c, err, "looking for an eco-friendly product");
	if (!found)
		return 0;
	int rc = product_view_load(c, id, false, out, err);
	free(id);
	if (rc == 0 && out->id)
		*label = xstrdup(found);
	return rc;
}
