/*
 * offers.c: evaluating the offer rules for one customer, issuing codes,
 * and claiming a code at checkout.
 */
#include "catalog/shop/offers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "catalog/shop/profile.h"
#include "catalog/store/catalog_int.h"
#include "common/xalloc.h"

/* An affinity rule waits for this many events: one look is no favourite. */
#define AFFINITY_MIN_EVENTS 3
#define CODE_TRIES 8

/* Three letters and five digits ("KXT48213"): the shape shoppers' codes
 * are read by, with no letter that looks like a digit. */
static int new_code(char out[9], char **err)
{
	static const char letters[] = "ABCDEFGHJKLMNPQRSTUVWXYZ";
	static const char digits[] = "23456789";
	if (sodium_init() < 0) {
		if (err)
			*err = xstrdup("libsodium could not start");
		return -1;
	}
	for (int i = 0; i < 3; i++)
		out[i] = letters[randombytes_uniform(sizeof letters - 1)];
	for (int i = 3; i < 8; i++)
		out[i] = digits[randombytes_uniform(sizeof digits - 1)];
	out[8] = '\0';
	return 0;
}

static void iso_date(int64_t t, char out[16])
{
	time_t tt = (time_t)t;
	strftime(out, 16, "%Y-%m-%d", gmtime(&tt));
}

/* What the customer's standing is, for the rules. */
struct standing {
	int64_t id;          /* customers.id */
	int64_t orders, spent_cents;
	int64_t last_order;  /* Unix time of the newest order, 0 when none */
	char *favourite;     /* the favourite category's leaf name, or NULL */
	double favourite_share;
	size_t events;
};

static int read_standing(catalog *c, const char *customer, int64_t now, struct standing *s,
                         char **err)
{
	memset(s, 0, sizeof *s);
	sqlite3_stmt *st = catalog_prepare(
	        c, "SELECT cu.id, count(o.id), coalesce(sum(o.total_cents), 0),"
	           " coalesce(max(unixepoch(o.placed_at)), 0) FROM customers cu"
	           " LEFT JOIN orders o ON o.customer_id = cu.id"
	           "  AND o.status NOT IN ('cancelled', 'returned')"
	           " WHERE cu.external_id = ?1 GROUP BY cu.id", err);
	if (!st)
		return -1;
	catalog_bind_text(st, 1, customer);
	int step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		s->id = sqlite3_column_int64(st, 0);
		s->orders = sqlite3_column_int64(st, 1);
		s->spent_cents = sqlite3_column_int64(st, 2);
		s->last_order = sqlite3_column_int64(st, 3);
	}
	sqlite3_finalize(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return catalog_fail(c, err, "reading the customer's standing");
	if (!s->id)
		return 0;
	struct profile p;
	if (profile_read(c, customer, NULL, now, NULL, 0, &p, err) < 0)
		return -1;
	const struct profile_affinity *top = profile_top(&p, PROFILE_CATEGORY);
	if (top) {
		s->favourite = xstrdup(top->value);
		s->favourite_share = top->share;
	}
	s->events = p.n_events;
	profile_release(&p);
	return 0;
}

struct rule {
	int64_t id;
	char *trigger;
	int64_t min_orders, min_spent_cents, lapsed_days;
	double min_affinity;
	char *kind;
	double value;
	int64_t min_total_cents, valid_days;
	char *description;
};

static bool earns(const struct rule *r, const struct standing *s, int64_t now)
{
	if (!strcmp(r->trigger, "loyalty"))
		return (r->min_orders > 0 && s->orders >= r->min_orders) ||
		       (r->min_spent_cents > 0 && s->spent_cents >= r->min_spent_cents);
	if (!strcmp(r->trigger, "lapsed"))
		return s->orders >= (r->min_orders > 0 ? r->min_orders : 1) && s->last_order > 0 &&
		       now - s->last_order >= r->lapsed_days * 86400;
	if (!strcmp(r->trigger, "affinity"))
		return s->favourite && s->events >= AFFINITY_MIN_EVENTS &&
		       s->favourite_share >= r->min_affinity;
	return false;
}

/* description with {category} replaced by category (heap). */
static char *fill(const char *description, const char *category)
{
	const char *at = strstr(description, "{category}");
	if (!at)
		return xstrdup(description);
	return xasprintf("%.*s%s%s", (int)(at - description), description,
	                 category ? category : "", at + strlen("{category}"));
}

/* Issues a code for rule r unless the customer has had one for it.
 * *issued is set when a code was issued. */
static int issue(catalog *c, const struct rule *r, const struct standing *s, int64_t now,
                 bool *issued, char **err)
{
	*issued = false;
	sqlite3_stmt *st = NULL;
	int64_t category_id = 0;
	char *description = NULL;
	int rc = -1;
	if (!strcmp(r->trigger, "affinity")) {
		/* the favourite's leaf name; of several paths so named, the biggest */
		st = catalog_prepare(c, "SELECT k.id FROM categories k WHERE k.name = ?1 COLLATE NOCASE"
		                        " ORDER BY (SELECT count(*) FROM products p"
		                        "  WHERE p.category_id = k.id) DESC, k.id LIMIT 1", err);
		if (!st)
			goto cleanup;
		catalog_bind_text(st, 1, s->favourite);
		if (sqlite3_step(st) == SQLITE_ROW)
			category_id = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
		st = NULL;
		if (!category_id) {
			rc = 0;
			goto cleanup;
		}
	}
	description = fill(r->description, s->favourite);
	char ends[16];
	iso_date(now + (r->valid_days - 1) * 86400, ends);
	st = catalog_prepare(
	        c, "INSERT INTO offers (code, rule_id, customer_id, description, kind, value,"
	           " category_id, min_total_cents, issued_at, ends_at)"
	           " SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10"
	           " WHERE NOT EXISTS (SELECT 1 FROM offers WHERE rule_id = ?2 AND customer_id = ?3)"
	           " AND NOT EXISTS (SELECT 1 FROM promotions WHERE code = ?1 COLLATE NOCASE)"
	           " ON CONFLICT DO NOTHING", err);
	if (!st)
		goto cleanup;
	for (int tries = 0; tries < CODE_TRIES && !*issued; tries++) {
		char code[9];
		if (new_code(code, err) < 0)
			goto cleanup;
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 2, r->id);
		sqlite3_bind_int64(st, 3, s->id);
		catalog_bind_text(st, 4, description);
		catalog_bind_text(st, 5, r->kind);
		sqlite3_bind_double(st, 6, r->value);
		if (category_id)
			sqlite3_bind_int64(st, 7, category_id);
		else
			sqlite3_bind_null(st, 7);
		sqlite3_bind_int64(st, 8, r->min_total_cents);
		sqlite3_bind_int64(st, 9, now);
		catalog_bind_text(st, 10, ends);
		if (sqlite3_step(st) != SQLITE_DONE) {
			catalog_fail(c, err, "issuing an offer");
			goto cleanup;
		}
		if (sqlite3_changes(c->db)) {
			*issued = true;
			break;
		}
		/* nothing inserted: the customer has one already, or the code was taken */
		sqlite3_stmt *had = catalog_prepare(
		        c, "SELECT 1 FROM offers WHERE rule_id = ?1 AND customer_id = ?2", err);
		if (!had)
			goto cleanup;
		sqlite3_bind_int64(had, 1, r->id);
		sqlite3_bind_int64(had, 2, s->id);
		bool exists = sqlite3_step(had) == SQLITE_ROW;
		sqlite3_finalize(had);
		if (exists)
			break;
	}
	rc = 0;
cleanup:
	sqlite3_finalize(st);
	free(description);
	return rc;
}

static void rule_release(struct rule *r)
{
	free(r->trigger);
	free(r->kind);
	free(r->description);
}

/* Issues what the rules earn; *fresh counts the codes issued. */
static int issue_earned(catalog *c, const struct standing *s, int64_t now, size_t *fresh,
                        char **err)
{
	*fresh = 0;
	sqlite3_stmt *st = catalog_prepare(
	        c, "SELECT id, trigger, min_orders, min_spent_cents, lapsed_days, min_affinity,"
	           " kind, value, min_total_cents, valid_days, description FROM offer_rules"
	           " WHERE active = 1 AND id NOT IN (SELECT rule_id FROM offers"
	           "  WHERE customer_id = ?1 AND rule_id IS NOT NULL) ORDER BY id", err);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, s->id);
	int rc = 0, step;
	while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
		struct rule r = {
			.id = sqlite3_column_int64(st, 0), .trigger = catalog_column_dup(st, 1),
			.min_orders = sqlite3_column_int64(st, 2),
			.min_spent_cents = sqlite3_column_int64(st, 3),
			.lapsed_days = sqlite3_column_int64(st, 4),
			.min_affinity = sqlite3_column_double(st, 5), .kind = catalog_column_dup(st, 6),
			.value = sqlite3_column_double(st, 7),
			.min_total_cents = sqlite3_column_int64(st, 8),
			.valid_days = sqlite3_column_int64(st, 9), .description = catalog_column_dup(st, 10),
		};
		bool issued = false;
		if (earns(&r, s, now))
			rc = issue(c, &r, s, now, &issued, err);
		*fresh += issued;
		rule_release(&r);
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = catalog_fail(c, err, "reading the offer rules");
	sqlite3_finalize(st);
	return rc;
}

static int list_open(catalog *c, int64_t customer_id, int64_t now, int64_t issued_since,
                     struct offer **out, size_t *n, char **err)
{
	char today[16];
	iso_date(now, today);
	sqlite3_stmt *st = catalog_prepare(
	        c, "SELECT f.code, f.description, f.kind, f.value, k.path, f.min_total_cents,"
	           " f.ends_at, f.issued_at >= ?3 FROM offers f"
	           " LEFT JOIN categories k ON k.id = f.category_id"
	           " WHERE f.customer_id = ?1 AND f.redeemed_at IS NULL AND f.ends_at >= ?2"
	           " ORDER BY f.issued_at >= ?3 DESC, f.issued_at DESC, f.id DESC", err);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, customer_id);
	catalog_bind_text(st, 2, today);
	sqlite3_bind_int64(st, 3, issued_since);
	size_t cap = 0;
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		*out = xgrow(*out, &cap, *n + 1, sizeof **out);
		(*out)[(*n)++] = (struct offer){
			.code = catalog_column_dup(st, 0), .description = catalog_column_dup(st, 1), .kind = catalog_column_dup(st, 2),
			.value = sqlite3_column_double(st, 3), .category = catalog_column_dup(st, 4),
			.min_total_cents = sqlite3_column_int64(st, 5), .ends_at = catalog_column_dup(st, 6),
			.fresh = sqlite3_column_int(st, 7) != 0,
		};
	}
	sqlite3_finalize(st);
	if (step != SQLITE_DONE)
		return catalog_fail(c, err, "listing offers");
	return 0;
}

int offers_for(catalog *c, const char *customer, int64_t now, struct offer **out, size_t *n,
               char **err)
{
	*out = NULL;
	*n = 0;
	enum profile_consent consent;
	if (!customer || profile_consent(c, customer, &consent, err) < 0)
		return customer ? -1 : 0;
	if (consent != PROFILE_CONSENT_GRANTED)
		return 0;
	struct standing s;
	if (catalog_begin(c, err) < 0)
		return -1;
	int rc = read_standing(c, customer, now, &s, err);
	size_t fresh = 0;
	/* codes issued now are told as new: issued_at is this call's now */
	if (rc == 0 && s.id)
		rc = issue_earned(c, &s, now, &fresh, err);
	if (rc == 0 && s.id)
		rc = list_open(c, s.id, now, fresh ? now : INT64_MAX, out, n, err);
	free(s.favourite);
	if (rc < 0 || catalog_commit(c, err) < 0) {
		catalog_rollback(c);
		offers_free(*out, *n);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

void offers_free(struct offer *o, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(o[i].code);
		free(o[i].description);
		free(o[i].kind);
		free(o[i].category);
		free(o[i].ends_at);
	}
	free(o);
}

int offers_claim(catalog *c, const char *code, const char *customer, int64_t now,
                 enum offers_claim *out, char **err)
{
	*out = OFFERS_NOT_PERSONAL;
	sqlite3_stmt *st = catalog_prepare(
	        c, "UPDATE offers SET redeemed_at = ?3 WHERE code = ?1 COLLATE NOCASE"
	           " AND redeemed_at IS NULL"
	           " AND customer_id = (SELECT id FROM customers WHERE external_id = ?2)", err);
	if (!st)
		return -1;
	catalog_bind_text(st, 1, code);
	catalog_bind_text(st, 2, customer);
	sqlite3_bind_int64(st, 3, now);
	int step = sqlite3_step(st);
	sqlite3_finalize(st);
	if (step != SQLITE_DONE)
		return catalog_fail(c, err, "claiming an offer");
	if (sqlite3_changes(c->db)) {
		*out = OFFERS_CLAIMED;
		return 0;
	}
	st = catalog_prepare(c, "SELECT 1 FROM offers WHERE code = ?1 COLLATE NOCASE", err);
	if (!st)
		return -1;
	catalog_bind_text(st, 1, code);
	step = sqlite3_step(st);
	sqlite3_finalize(st);
	if (step == SQLITE_ROW)
		*out = OFFERS_USED;
	else if (step != SQLITE_DONE)
		return catalog_fail(c, err, "reading an offer");
	return 0;
}

static int set_on_code(catalog *c, const char *sql, const char *code, const char *text,
                       char **err)
{
	sqlite3_stmt *st = catalog_prepare(c, sql, err);
	if (!st)
		return -1;
	catalog_bind_text(st, 1, code);
	if (text)
		catalog_bind_text(st, 2, text);
	int step = sqlite3_step(st);
	sqlite3_finalize(st);
	return step == SQLITE_DONE ? 0 : catalog_fail(c, err, "updating an offer");
}

int offers_attach(catalog *c, const char *code, const char *order_ref, char **err)
{
	return set_on_code(c, "UPDATE offers SET order_ref = ?2 WHERE code = ?1 COLLATE NOCASE",
	                   code, order_ref, err);
}

int offers_release(catalog *c, const char *code, char **err)
{
	return set_on_code(c, "UPDATE offers SET redeemed_at = NULL, order_ref = NULL"
	                      " WHERE code = ?1 COLLATE NOCASE", code, NULL, err);
}
