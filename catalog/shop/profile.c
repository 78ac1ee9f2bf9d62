/*
 * profile.c: sign-in, consent, affinities from events, and the export and
 * deletion of a customer's data.
 *
 * Affinities are read from the events whenever they are asked for rather
 * than kept in a table: a history is at most HISTORY_ROWS events, read by
 * the events_customer index in well under a millisecond, and nothing
 * derived can outlive the events it came from (a withdrawal or "forget
 * me" leaves no stale copy behind).
 */
#include "catalog/shop/profile.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "catalog/shop/cart.h"
#include "catalog/store/catalog_int.h"
#include "common/xalloc.h"

#define HISTORY_ROWS 500
#define MAX_SEARCHES 5
#define MAX_PER_KIND 5
/* verify_failures is keyed by what was quoted; a customer id gets this
 * prefix so it never meets an order number. */
#define SIGN_IN_KEY "customer "

static char *col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);
	return s ? xstrdup((const char *)s) : NULL;
}

/* Runs sql with ?1 bound to text1 (and ?2 to int2 when the statement has
 * it); *changes (may be NULL) receives the rows it changed. */
static int run1(catalog *c, const char *sql, const char *text1, int64_t int2, int64_t *changes,
                const char *what, char **err)
{
	sqlite3_stmt *st = catalog_prepare(c, sql, err);
	if (!st)
		return -1;
	catalog_bind_text(st, 1, text1);
	if (sqlite3_bind_parameter_count(st) >= 2)
		sqlite3_bind_int64(st, 2, int2);
	int step = sqlite3_step(st);
	sqlite3_finalize(st);
	if (step != SQLITE_DONE)
		return catalog_fail(c, err, what);
	if (changes)
		*changes = sqlite3_changes(c->db);
	return 0;
}

/* 1 and *id when the customer exists, 0 when not. */
static int customer_row(catalog *c, const char *customer, int64_t *id, char **err)
{
	return cart_customer_id(c, customer, 0, id, err);
}

/* ---- signing in ---- */

static int is_locked(catalog *c, const char *key, int64_t now, bool *locked, char **err)
{
	sqlite3_stmt *st = catalog_prepare(
	        c, "SELECT locked_until > ?2 FROM verify_failures WHERE order_ref = ?1", err);
	if (!st)
		return -1;
	catalog_bind_text(st, 1, key);
	sqlite3_bind_int64(st, 2, now);
	int step = sqlite3_step(st);
	*locked = step == SQLITE_ROW && sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return catalog_fail(c, err, "reading sign-in failures");
	return 0;
}

#define STR2(x) #x
#define STR(x) STR2(x)

static int verify_matches(catalog *c, const char *customer, const char *verify, bool *match,
                          char **err)
{
	/* Postcodes compare without case, spaces and dashes. */
#define NORM(x) "upper(replace(replace(" x ", ' ', ''), '-', ''))"
	sqlite3_stmt *st = catalog_prepare(
	        c, "SELECT 1 FROM customers cu WHERE cu.external_id = ?1 AND ("
	           " lower(cu.email) = lower(?2) OR " NORM("cu.postcode") " = " NORM("?2")
	           " OR EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = cu.id AND"
	           "  (lower(o.email) = lower(?2) OR " NORM("o.postcode") " = " NORM("?2") ")))",
	        err);
#undef NORM
	if (!st)
		return -1;
	catalog_bind_text(st, 1, customer);
	catalog_bind_text(st, 2, verify);
	int step = sqlite3_step(st);
	*match = step == SQLITE_ROW;
	sqlite3_finalize(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return catalog_fail(c, err, "checking a sign-in");
	return 0;
}

int profile_sign_in(catalog *c, const char *customer, const char *verify, int64_t now,
                    enum profile_sign_in *out, char **err)
{
	*out = PROFILE_NO_MATCH;
	char *key = xasprintf(SIGN_IN_KEY "%s", customer ? customer : "");
	int rc = -1;
	if (catalog_begin(c, err) < 0)
		goto done;
	bool locked = false, match = false;
	if (is_locked(c, key, now, &locked, err) < 0)
		goto cleanup;
	if (locked) {
		*out = PROFILE_LOCKED;
	} else {
		if (customer && verify && *verify && verify_matches(c, customer, verify, &match, err) < 0)
			goto cleanup;
		/* A lock that has run out starts a fresh count. */
		static const char failed[] =
		        "INSERT INTO verify_failures (order_ref, failures, locked_until)"
		        " VALUES (?1, 1, 0) ON CONFLICT (order_ref) DO UPDATE SET"
		        "  failures = CASE WHEN locked_until != 0 AND locked_until <= ?2 THEN 1"
		        "             ELSE failures + 1 END,"
		        "  locked_until = CASE WHEN locked_until != 0 AND locked_until <= ?2 THEN 0"
		        "             WHEN failures + 1 >= " STR(PROFILE_MAX_FAILURES)
		        "             THEN ?2 + " STR(PROFILE_LOCK_SECONDS) " ELSE locked_until END";
		if (run1(c, match ? "DELETE FROM verify_failures WHERE order_ref = ?1" : failed, key,
		         now, NULL, "recording a sign-in", err) < 0)
			goto cleanup;
		*out = match ? PROFILE_SIGNED_IN : PROFILE_NO_MATCH;
	}
	if (catalog_commit(c, err) < 0)
		goto done;
	rc = 0;
cleanup:
	if (rc < 0)
		catalog_rollback(c);
done:
	free(key);
	return rc;
}

int profile_adopt_session_cart(catalog *c, const char *customer, const char *session,
                               char **err)
{
	int64_t dst = 0;
	if (!session || cart_open(c, customer, NULL, &dst, err) < 0)
		return session ? -1 : 0;
	if (catalog_begin(c, err) < 0)
		return -1;
	static const char *const steps[] = {
		"INSERT INTO cart_items (cart_id, product_id, quantity, price_cents, added_at)"
		" SELECT ?2, ci.product_id, ci.quantity, ci.price_cents, ci.added_at"
		" FROM cart_items ci JOIN carts k ON k.id = ci.cart_id"
		" WHERE k.customer_id IS NULL AND k.session = ?1"
		" ON CONFLICT (cart_id, product_id) DO UPDATE SET"
		"  quantity = min(quantity + excluded.quantity, 1000000)",
		"UPDATE carts SET updated_at = unixepoch() WHERE id = ?2 AND EXISTS"
		" (SELECT 1 FROM carts WHERE customer_id IS NULL AND session = ?1)",
		"DELETE FROM carts WHERE customer_id IS NULL AND session = ?1",
	};
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		if (run1(c, steps[i], session, dst, NULL, "moving the cart to the customer", err) < 0) {
			catalog_rollback(c);
			return -1;
		}
	}
	return catalog_commit(c, err);
}

int profile_session_end(catalog *c, const char *session, char **err)
{
	if (!session)
		return 0;
	if (catalog_begin(c, err) < 0)
		return -1;
	if (run1(c, "DELETE FROM carts WHERE customer_id IS NULL AND session = ?1", session, 0,
	         NULL, "ending a session", err) < 0 ||
	    run1(c, "UPDATE events SET session = NULL WHERE customer_id IS NULL AND session = ?1",
	         session, 0, NULL, "ending a session", err) < 0) {
		catalog_rollback(c);
		return -1;
	}
	return catalog_commit(c, err);
}

/* ---- consent ---- */

int profile_consent(catalog *c, const char *customer, enum profile_consent *out, char **err)
{
	*out = PROFILE_CONSENT_UNASKED;
	if (!customer)
		return 0;
	sqlite3_stmt *st = catalog_cached(
	        c, "SELECT k.granted FROM consent k JOIN customers cu ON cu.id = k.customer_id"
	           " WHERE cu.external_id = ?1 AND k.purpose = '" PROFILE_PURPOSE "'", err);
	if (!st)
		return -1;
	catalog_bind_text(st, 1, customer);
	int step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		*out = sqlite3_column_int(st, 0) ? PROFILE_CONSENT_GRANTED : PROFILE_CONSENT_REFUSED;
	catalog_release(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return catalog_fail(c, err, "reading consent");
	return 0;
}

int profile_set_consent(catalog *c, const char *customer, bool granted, char **err)
{
	if (!customer) {
		if (err)
			*err = xstrdup("consent needs a customer");
		return -1;
	}
	if (catalog_begin(c, err) < 0)
		return -1;
	int64_t id;
	if (cart_customer_id(c, customer, 1, &id, err) < 0)
		goto fail;
	sqlite3_stmt *st = catalog_prepare(
	        c, "INSERT INTO consent (customer_id, purpose, granted, at)"
	           " VALUES (?1, '" PROFILE_PURPOSE "', ?2, unixepoch())"
	           " ON CONFLICT (customer_id, purpose) DO UPDATE SET"
	           "  granted = excluded.granted, at = excluded.at", err);
	if (!st)
		goto fail;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, granted ? 1 : 0);
	int step = sqlite3_step(st);
	sqlite3_finalize(st);
	if (step != SQLITE_DONE) {
		catalog_fail(c, err, "recording consent");
		goto fail;
	}
	return catalog_commit(c, err);
fail:
	catalog_rollback(c);
	return -1;
}

int profile_forget_history(catalog *c, const char *customer, int64_t *deleted, char **err)
{
	*deleted = 0;
	return run1(c, "DELETE FROM events WHERE customer_id ="
	               " (SELECT id FROM customers WHERE external_id = ?1)",
	            customer, 0, deleted, "deleting the history", err);
}

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
#define BY_CUSTOMER " WHERE e.customer_id = (SELECT id FROM customers WHERE external_id = ?1)" \
	" ORDER BY e.at DESC, e.id DESC LIMIT ?2"
#define BY_SESSION " WHERE e.session = ?1 AND e.customer_id IS NULL" \
	" ORDER BY e.at DESC, e.id DESC LIMIT ?2"
	const char *sql = customer ? (n_eco ? EVENTS_SELECT(ATTRS) BY_CUSTOMER
	                                    : EVENTS_SELECT("NULL") BY_CUSTOMER)
	                           : (n_eco ? EVENTS_SELECT(ATTRS) BY_SESSION
	                                    : EVENTS_SELECT("NULL") BY_SESSION);
#undef EVENTS_SELECT
#undef ATTRS
#undef BY_CUSTOMER
#undef BY_SESSION
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

/* ---- what the history suggests ---- */

int profile_usual_carrier(catalog *c, const char *customer, char **carrier, int64_t *orders,
                          char **err)
{
	*carrier = NULL;
	*orders = 0;
	sqlite3_stmt *st = catalog_prepare(
	        c, "SELECT o.carrier, count(*) AS n, max(o.placed_at) AS last FROM orders o"
	           " JOIN customers cu ON cu.id = o.customer_id WHERE cu.external_id = ?1"
	           " AND o.carrier IS NOT NULL AND o.carrier != '' AND o.status != 'cancelled'"
	           " GROUP BY o.carrier COLLATE NOCASE ORDER BY n DESC, last DESC LIMIT 1", err);
	if (!st)
		return -1;
	catalog_bind_text(st, 1, customer);
	int step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		*carrier = col_dup(st, 0);
		*orders = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return catalog_fail(c, err, "reading the customer's carriers");
	return 0;
}

int profile_cart_waiting(catalog *c, const char *customer, int64_t before, bool *waiting,
                         char **err)
{
	*waiting = false;
	sqlite3_stmt *st = catalog_prepare(
	        c, "SELECT 1 FROM carts k JOIN customers cu ON cu.id = k.customer_id"
	           " WHERE cu.external_id = ?1 AND k.updated_at < ?2"
	           " AND (k.reminded_at IS NULL OR k.reminded_at < k.updated_at)"
	           " AND EXISTS (SELECT 1 FROM cart_items ci WHERE ci.cart_id = k.id)", err);
	if (!st)
		return -1;
	catalog_bind_text(st, 1, customer);
	sqlite3_bind_int64(st, 2, before);
	int step = sqlite3_step(st);
	*waiting = step == SQLITE_ROW;
	sqlite3_finalize(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return catalog_fail(c, err, "reading the customer's cart");
	return 0;
}

int profile_cart_reminded(catalog *c, const char *customer, int64_t now, char **err)
{
	return run1(c, "UPDATE carts SET reminded_at = ?2 WHERE customer_id ="
	               " (SELECT id FROM customers WHERE external_id = ?1)",
	            customer, now, NULL, "recording a cart reminder", err);
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
	           " LIMIT " STR(ECO_CANDIDATES), err);
	if (!st)
		return -1;
	catalog_bind_text(st, 1, category);
	char *id = NULL;
	const char *found = NULL;
	int step;
	while (!found && (step = sqlite3_step(st)) == SQLITE_ROW) {
		found = eco_label((const char *)sqlite3_column_text(st, 1), eco_words, n_eco);
		if (found)
			id = col_dup(st, 0);
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

/* ---- export ---- */

/* One statement builds the document from the tables (json() keeps the
 * nested documents JSON through the subqueries). Orders are the
 * customer's own and the guest orders placed with their email. */
#define THEIR_ORDERS                                                                       \
	"(o.customer_id = cu.id OR (o.customer_id IS NULL AND cu.email IS NOT NULL"           \
	" AND lower(o.email) = lower(cu.email)))"
static const char export_sql[] =
        "SELECT json_object("
        " 'customer', json_object('id', cu.external_id, 'name', cu.name, 'email', cu.email,"
        "  'postcode', cu.postcode, 'created_at', strftime('%Y-%m-%dT%H:%M:%SZ', cu.created_at, 'unixepoch')),"
        " 'consent', json((SELECT json_group_array(json_object('purpose', k.purpose,"
        "  'granted', json(CASE k.granted WHEN 1 THEN 'true' ELSE 'false' END),"
        "  'at', strftime('%Y-%m-%dT%H:%M:%SZ', k.at, 'unixepoch'))) FROM consent k WHERE k.customer_id = cu.id)),"
        " 'events', json((SELECT json_group_array(json_object('kind', e.kind,"
        "  'product', p.source_id, 'product_name', p.name, 'detail', e.detail,"
        "  'session', e.session, 'at', strftime('%Y-%m-%dT%H:%M:%SZ', e.at, 'unixepoch')))"
        "  FROM (SELECT * FROM events WHERE customer_id = cu.id ORDER BY at, id) e"
        "  LEFT JOIN products p ON p.id = e.product_id)),"
        " 'carts', json((SELECT json_group_array(json_object('updated_at',"
        "  strftime('%Y-%m-%dT%H:%M:%SZ', k.updated_at, 'unixepoch'), 'items', json((SELECT json_group_array("
        "  json_object('product', p.source_id, 'name', p.name, 'quantity', ci.quantity,"
        "  'price', ci.price_cents / 100.0, 'added_at', strftime('%Y-%m-%dT%H:%M:%SZ', ci.added_at, 'unixepoch')))"
        "  FROM cart_items ci JOIN products p ON p.id = ci.product_id"
        "  WHERE ci.cart_id = k.id)))) FROM carts k WHERE k.customer_id = cu.id)),"
        " 'orders', json((SELECT json_group_array(json_object('id', o.source_id,"
        "  'status', o.status, 'placed_at', o.placed_at, 'total', o.total_cents / 100.0,"
        "  'currency', o.currency, 'email', o.email, 'postcode', o.postcode,"
        "  'carrier', o.carrier, 'tracking', o.tracking,"
        "  'items', json((SELECT json_group_array(json_object('product', oi.product_source_id,"
        "   'name', oi.name, 'quantity', oi.quantity, 'price', oi.price_cents / 100.0))"
        "   FROM order_items oi WHERE oi.order_id = o.id)),"
        "  'shipments', json((SELECT json_group_array(json_object('at', s.at,"
        "   'status', s.status, 'location', s.location)) FROM shipments s"
        "   WHERE s.order_id = o.id))))"
        "  FROM orders o WHERE " THEIR_ORDERS ")),"
        " 'offers', json((SELECT json_group_array(json_object('code', f.code,"
        "  'description', f.description, 'kind', f.kind, 'value', f.value,"
        "  'issued_at', strftime('%Y-%m-%dT%H:%M:%SZ', f.issued_at, 'unixepoch'), 'ends_at', f.ends_at,"
        "  'redeemed_at', strftime('%Y-%m-%dT%H:%M:%SZ', f.redeemed_at, 'unixepoch'), 'order', f.order_ref))"
        "  FROM offers f WHERE f.customer_id = cu.id)),"
        " 'handoffs', json((SELECT json_group_array(json_object('reference', h.reference,"
        "  'message', h.message, 'at', strftime('%Y-%m-%dT%H:%M:%SZ', h.at, 'unixepoch')))"
        "  FROM handoffs h WHERE h.customer_id = cu.id))"
        ") FROM customers cu WHERE cu.external_id = ?1";

static const char *const kind_names[PROFILE_KINDS] = {
	[PROFILE_BRAND] = "brand", [PROFILE_CATEGORY] = "category", [PROFILE_COLOR] = "color",
	[PROFILE_PRICE] = "price_band", [PROFILE_ECO] = "eco",
};

int profile_export(catalog *c, const char *customer, int64_t now, char **json, char **err)
{
	*json = NULL;
	sqlite3_stmt *st = catalog_prepare(c, export_sql, err);
	if (!st)
		return -1;
	struct catalog_read tx = catalog_read_begin(c);
	catalog_bind_text(st, 1, customer);
	int step = sqlite3_step(st);
	char *doc = step == SQLITE_ROW ? col_dup(st, 0) : NULL;
	sqlite3_finalize(st);
	struct profile p = {0};
	int rc = step == SQLITE_ROW || step == SQLITE_DONE ? 0 : catalog_fail(c, err, "exporting");
	if (rc == 0 && doc)
		rc = profile_read(c, customer, NULL, now, NULL, 0, &p, err);
	catalog_read_end(c, tx);
	if (rc < 0 || !doc) {
		free(doc);
		return rc;
	}
	cJSON *root = cJSON_Parse(doc);
	free(doc);
	if (!root) {
		profile_release(&p);
		if (err)
			*err = xstrdup("exporting: the document did not parse");
		return -1;
	}
	/* what the history says, as personalization reads it */
	cJSON *aff = cJSON_AddArrayToObject(root, "affinities");
	for (size_t i = 0; i < p.n_affinities; i++) {
		cJSON *a = cJSON_CreateObject();
		cJSON_AddStringToObject(a, "kind", kind_names[p.affinities[i].kind]);
		cJSON_AddStringToObject(a, "value", p.affinities[i].value);
		cJSON_AddNumberToObject(a, "share", round(p.affinities[i].share * 1000) / 1000);
		cJSON_AddItemToArray(aff, a);
	}
	char when[32];
	time_t t = (time_t)now;
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", gmtime(&t));
	cJSON_AddStringToObject(root, "exported_at", when);
	char *text = cJSON_Print(root);
	cJSON_Delete(root);
	profile_release(&p);
	*json = xstrdup(text);
	cJSON_free(text);
	return 0;
}

/* $XDG_DATA_HOME/clerk/exports/clerk-export-ID-TIME.json, with only
 * letters, digits, '-' and '_' of the id in the name. */
static char *default_export_path(const char *customer, int64_t now)
{
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	char *base = xdg && *xdg ? xasprintf("%s/clerk/exports", xdg)
	             : home && *home ? xasprintf("%s/.local/share/clerk/exports", home)
	                             : xstrdup("clerk-exports");
	char *id = xstrdup(customer);
	for (char *p = id; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_')
			*p = '_';
	char stamp[32];
	time_t t = (time_t)now;
	strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", gmtime(&t));
	char *path = xasprintf("%s/clerk-export-%s-%s.json", base, id, stamp);
	free(base);
	free(id);
	return path;
}

int profile_export_file(catalog *c, const char *customer, const char *path, int64_t now,
                        char **written, char **err)
{
	*written = NULL;
	char *json = NULL;
	if (profile_export(c, customer, now, &json, err) < 0)
		return -1;
	if (!json)
		return 0;
	char *target = path ? xstrdup(path) : default_export_path(customer, now);
	int rc = -1;
	if (!path && catalog_make_parent_dirs(target, err) < 0)
		goto cleanup;
	/* personal data: readable by its owner only */
	int fd = open(target, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!f) {
		if (err)
			*err = xasprintf("cannot write %s: %s", target, strerror(errno));
		if (fd >= 0)
			close(fd);
		goto cleanup;
	}
	bool ok = fputs(json, f) >= 0 && fputc('\n', f) != EOF;
	ok = fclose(f) == 0 && ok;
	if (!ok) {
		if (err)
			*err = xasprintf("cannot write %s: %s", target, strerror(errno));
		goto cleanup;
	}
	*written = target;
	target = NULL;
	rc = 0;
cleanup:
	free(target);
	free(json);
	return rc;
}

/* ---- forgetting ---- */

int profile_forget(catalog *c, const char *customer, struct profile_forgotten *out, char **err)
{
	memset(out, 0, sizeof *out);
	if (!customer)
		return 0;
	/* What is deleted is overwritten, not left in free pages; the
	 * connection's own setting comes back afterwards. */
	sqlite3_stmt *sd = catalog_prepare(c, "PRAGMA secure_delete", NULL);
	int was_secure = sd && sqlite3_step(sd) == SQLITE_ROW ? sqlite3_column_int(sd, 0) : 0;
	sqlite3_finalize(sd);
	sqlite3_exec(c->db, "PRAGMA secure_delete = ON", NULL, NULL, NULL);
	int rc = -1;
	if (catalog_begin(c, err) < 0)
		goto done;
	int64_t id = 0;
	int found = customer_row(c, customer, &id, err);
	if (found < 0)
		goto cleanup;
	if (!found) {
		rc = catalog_commit(c, err);
		goto done;
	}
	out->found = true;
	int64_t guest_orders = 0;
#define CU "(SELECT id FROM customers WHERE external_id = ?1)"
	const struct {
		const char *sql;
		int64_t *count;
	} steps[] = {
		/* sessions they used no longer link anonymous events to them */
		{"UPDATE events SET session = NULL WHERE session IN"
		 " (SELECT session FROM carts WHERE customer_id = " CU
		 "  UNION SELECT session FROM handoffs WHERE customer_id = " CU ")", NULL},
		{"DELETE FROM events WHERE customer_id = " CU, &out->events},
		{"DELETE FROM carts WHERE customer_id = " CU, &out->carts},
		{"DELETE FROM consent WHERE customer_id = " CU, &out->consents},
		{"DELETE FROM offers WHERE customer_id = " CU, &out->offers},
		{"DELETE FROM handoffs WHERE customer_id = " CU, &out->handoffs},
		{"DELETE FROM verify_failures WHERE order_ref = '" SIGN_IN_KEY "' || ?1", NULL},
		/* The store keeps its accounts (the order, its lines and total):
		 * guest orders placed with their email first, while their own
		 * orders still say which emails those are. */
		{"UPDATE orders SET email = NULL, postcode = NULL, tracking = NULL"
		 " WHERE customer_id IS NULL AND lower(email) IN"
		 " (SELECT lower(email) FROM customers WHERE external_id = ?1 AND email IS NOT NULL"
		 "  UNION SELECT lower(email) FROM orders WHERE customer_id = " CU
		 "  AND email IS NOT NULL)", &guest_orders},
		{"UPDATE orders SET customer_id = NULL, email = NULL, postcode = NULL,"
		 " tracking = NULL WHERE customer_id = " CU, &out->orders},
		{"DELETE FROM customers WHERE external_id = ?1", NULL},
	};
#undef CU
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
		if (run1(c, steps[i].sql, customer, 0, steps[i].count, "forgetting a customer", err) < 0)
			goto cleanup;
	out->orders += guest_orders;
	if (catalog_commit(c, err) < 0)
		goto done;
	/* The log's frames still hold the old pages until a checkpoint; a
	 * reader in another process may keep it from finishing, which only
	 * delays it to the next one. */
	sqlite3_exec(c->db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
	rc = 0;
	goto done;
cleanup:
	catalog_rollback(c);
done:
	if (!was_secure)
		sqlite3_exec(c->db, "PRAGMA secure_delete = OFF", NULL, NULL, NULL);
	return rc;
}
