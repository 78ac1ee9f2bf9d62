/*
 * orders.c: the local order store. Verification failures live in
 * verify_failures keyed by the quoted order number, so an order that does
 * not exist is rate limited exactly like one that does.
 */
#include "catalog/shop/orders.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "catalog/shop/cart.h"
#include "catalog/store/catalog_int.h"
#include "common/xalloc.h"

static char *col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);
	return s ? xstrdup((const char *)s) : NULL;
}

void order_release(struct order *o)
{
	if (!o)
		return;
	free(o->id);
	free(o->status);
	free(o->placed_at);
	free(o->currency);
	free(o->carrier);
	free(o->tracking);
	for (size_t i = 0; i < o->n_items; i++) {
		free(o->items[i].product);
		free(o->items[i].name);
	}
	free(o->items);
	for (size_t i = 0; i < o->n_events; i++) {
		free(o->events[i].at);
		free(o->events[i].status);
		free(o->events[i].location);
	}
	free(o->events);
	memset(o, 0, sizeof *o);
}

/* Postcodes compare without case and spaces ("sw1a 1aa" = "SW1A1AA"). */
static int same_postcode(const char *a, const char *b)
{
	for (;;) {
		while (*a == ' ' || *a == '-')
			a++;
		while (*b == ' ' || *b == '-')
			b++;
		if (!*a || !*b)
			return !*a && !*b;
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return 0;
		a++;
		b++;
	}
}

static int verified(const char *verify, const char *email, const char *postcode)
{
	if (!verify || !*verify)
		return 0;
	if (email && *email && !strcasecmp(verify, email))
		return 1;
	return postcode && *postcode && same_postcode(verify, postcode);
}

static int exec_ref(catalog *c, const char *sql, const char *ref, int64_t now, char **err)
{
	sqlite3_stmt *st = catalog_prepare(c, sql, err);
	if (!st)
		return -1;
	catalog_bind_text(st, 1, ref);
	sqlite3_bind_int64(st, 2, now);
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : catalog_fail(c, err, "recording a verification");
	sqlite3_finalize(st);
	return rc;
}

/* 1 when ref is locked at time now. */
static int is_locked(catalog *c, const char *ref, int64_t now, char **err)
{
	sqlite3_stmt *st = catalog_prepare(
	        c, "SELECT locked_until > ?2 FROM verify_failures WHERE order_ref = ?1", err);
	if (!st)
		return -1;
	catalog_bind_text(st, 1, ref);
	sqlite3_bind_int64(st, 2, now);
	int step = sqlite3_step(st);
	int rc = step == SQLITE_ROW ? sqlite3_column_int(st, 0)
	         : step == SQLITE_DONE ? 0
	                               : catalog_fail(c, err, "reading verification failures");
	sqlite3_finalize(st);
	return rc;
}

static int record_failure(catalog *c, const char *ref, int64_t now, char **err)
{
	/* A lock that has run out starts a fresh count. */
	static const char sql[] =
	        "INSERT INTO verify_failures (order_ref, failures, locked_until) VALUES (?1, 1, 0)"
	        " ON CONFLICT (order_ref) DO UPDATE SET"
	        "  failures = CASE WHEN locked_until != 0 AND locked_until <= ?2 THEN 1"
	        "             ELSE failures + 1 END,"
	        "  locked_until = CASE WHEN locked_until != 0 AND locked_until <= ?2 THEN 0"
	        "             WHEN failures + 1 >= " ORDERS_MAX_FAILURES_STR
	        "             THEN ?2 + " ORDERS_LOCK_SECONDS_STR " ELSE locked_until END";
	return exec_ref(c, sql, ref, now, err);
}

static int load_children(catalog *c, int64_t oid, struct order *o, char **err)
{
	sqlite3_stmt *st = catalog_prepare(
	        c, "SELECT product_source_id, name, quantity, price_cents FROM order_items"
	           " WHERE order_id = ?1 ORDER BY line", err);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, oid);
	size_t cap = 0;
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		o->items = xgrow(o->items, &cap, o->n_items + 1, sizeof *o->items);
		struct order_item *it = &o->items[o->n_items++];
		it->product = col_dup(st, 0);
		it->name = col_dup(st, 1);
		it->quantity = sqlite3_column_int64(st, 2);
		it->price_cents = sqlite3_column_int64(st, 3);
	}
	sqlite3_finalize(st);
	if (step != SQLITE_DONE)
		return catalog_fail(c, err, "reading order lines");
	st = catalog_prepare(c, "SELECT at, status, location FROM shipments WHERE order_id = ?1"
	                        " ORDER BY at, id", err);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, oid);
	cap = 0;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		o->events = xgrow(o->events, &cap, o->n_events + 1, sizeof *o->events);
		struct order_event *ev = &o->events[o->n_events++];
		ev->at = col_dup(st, 0);
		ev->status = col_dup(st, 1);
		ev->location = col_dup(st, 2);
	}
	sqlite3_finalize(st);
	if (step != SQLITE_DONE)
		return catalog_fail(c, err, "reading shipment events");
	return 0;
}

/* Loads order ref into *out when verify matches; *oid gets its row id.
 * Returns ORDERS_OK, ORDERS_NO_MATCH or -1; does not touch the counters. */
static int load_verified(catalog *c, const char *ref, const char *verify, struct order *out,
                         int64_t *oid, char **err)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = catalog_prepare(
	        c, "SELECT id, source_id, status, placed_at, total_cents, currency, carrier,"
	           " tracking, email, postcode FROM orders WHERE source_id = ?1", err);
	if (!st)
		return -1;
	catalog_bind_text(st, 1, ref);
	int step = sqlite3_step(st);
	int rc = ORDERS_NO_MATCH;
	if (step == SQLITE_ROW) {
		if (verified(verify, (const char *)sqlite3_column_text(st, 8),
		             (const char *)sqlite3_column_text(st, 9))) {
			*oid = sqlite3_column_int64(st, 0);
			out->id = col_dup(st, 1);
			out->status = col_dup(st, 2);
			out->placed_at = col_dup(st, 3);
			out->total_cents = sqlite3_column_int64(st, 4);
			out->currency = col_dup(st, 5);
			out->carrier = col_dup(st, 6);
			out->tracking = col_dup(st, 7);
			rc = ORDERS_OK;
		}
	} else if (step != SQLITE_DONE) {
		rc = catalog_fail(c, err, "looking up an order");
	}
	sqlite3_finalize(st);
	if (rc == ORDERS_OK && load_children(c, *oid, out, err) < 0) {
		order_release(out);
		rc = -1;
	}
	return rc;
}

/* The shared front half of lookup, cancel and return: lock check,
 * verification, failure counting; runs inside the caller's transaction. */
static int verify_and_load(catalog *c, const char *ref, const char *verify, int64_t now,
                           struct order *out, int64_t *oid, char **err)
{
	memset(out, 0, sizeof *out);
	if (!ref || !*ref)
		return ORDERS_NO_MATCH;
	int locked = is_locked(c, ref, now, err);
	if (locked)
		return locked < 0 ? -1 : ORDERS_LOCKED;
	int rc = load_verified(c, ref, verify, out, oid, err);
	if (rc == ORDERS_NO_MATCH && record_failure(c, ref, now, err) < 0)
		return -1;
	if (rc == ORDERS_OK &&
	    exec_ref(c, "DELETE FROM verify_failures WHERE order_ref = ?1 AND ?2 IS NOT NULL", ref,
	             now, err) < 0) {
		order_release(out);
		return -1;
	}
	return rc;
}

int orders_lookup(catalog *c, const char *ref, const char *verify, int64_t now,
                  struct order *out, char **err)
{
	if (catalog_begin(c, err) < 0)
		return -1;
	int64_t oid = 0;
	int rc = verify_and_load(c, ref, verify, now, out, &oid, err);
	if (rc < 0 || catalog_commit(c, err) < 0) {
		catalog_rollback(c);
		order_release(out);
		return -1;
	}
	return rc;
}

struct transition {
	const char *from;
	const char *to;
};

static int change_state(catalog *c, const char *ref, const char *verify, int64_t now,
                        const struct transition *rules, struct order *out, char **err)
{
	if (catalog_begin(c, err) < 0)
		return -1;
	int64_t oid = 0;
	int rc = verify_and_load(c, ref, verify, now, out, &oid, err);
	if (rc != ORDERS_OK)
		goto done;
	const char *to = NULL;
	for (const struct transition *t = rules; t->from; t++)
		if (!strcmp(out->status, t->from))
			to = t->to;
	if (!to) {
		rc = ORDERS_FORBIDDEN;
		goto done;
	}
	sqlite3_stmt *st = catalog_prepare(c, "UPDATE orders SET status = ?2 WHERE id = ?1", err);
	if (!st) {
		rc = -1;
		goto done;
	}
	sqlite3_bind_int64(st, 1, oid);
	catalog_bind_text(st, 2, to);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = catalog_fail(c, err, "changing an order");
	sqlite3_finalize(st);
	if (rc == ORDERS_OK) {
		free(out->status);
		out->status = xstrdup(to);
	}
done:
	if (rc < 0 || catalog_commit(c, err) < 0) {
		catalog_rollback(c);
		order_release(out);
		return -1;
	}
	return rc;
}

int orders_cancel(catalog *c, const char *ref, const char *verify, int64_t now,
                  struct order *out, char **err)
{
	static const struct transition rules[] = {
	        {"pending", "cancelled"}, {"paid", "cancelled"}, {NULL, NULL}};
	return change_state(c, ref, verify, now, rules, out, err);
}

int orders_return(catalog *c, const char *ref, const char *verify, int64_t now,
                  struct order *out, char **err)
{
	static const struct transition rules[] = {{"delivered", "returned"}, {NULL, NULL}};
	return change_state(c, ref, verify, now, rules, out, err);
}

/* The next order number: one more than the largest numeric one, at least
 * 100001 so new orders never look like small imported ones. */
static char *next_order_number(catalog *c, char **err)
{
	sqlite3_stmt *st = catalog_prepare(
	        c, "SELECT max(max(CAST(source_id AS INTEGER)) + 1, 100001) FROM orders"
	           " WHERE source_id GLOB '[0-9]*' AND source_id NOT GLOB '*[^0-9]*'", err);
	if (!st)
		return NULL;
	char *id = NULL;
	if (sqlite3_step(st) == SQLITE_ROW)
		id = xasprintf("%lld", sqlite3_column_type(st, 0) == SQLITE_NULL
		                               ? 100001LL
		                               : (long long)sqlite3_column_int64(st, 0));
	else
		catalog_fail(c, err, "numbering an order");
	sqlite3_finalize(st);
	return id;
}

static int run_int(catalog *c, sqlite3_stmt *st, char **err, const char *what)
{
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : catalog_fail(c, err, what);
	sqlite3_finalize(st);
	return rc;
}

int orders_checkout(catalog *c, int64_t cart_id, const char *customer, const char *email,
                    const char *postcode, char **order_id, char **err)
{
	char *id = NULL;
	sqlite3_stmt *st = NULL;
	int rc = -1;
	*order_id = NULL;
	if (catalog_begin(c, err) < 0)
		return -1;
	int64_t customer_id = 0;
	if (customer && cart_customer_id(c, customer, 1, &customer_id, err) < 0)
		goto cleanup;
	st = catalog_prepare(c, "SELECT count(*), coalesce(sum(quantity * coalesce(price_cents, 0)), 0),"
	                        " (SELECT min(p.currency) FROM cart_items ci2 JOIN products p"
	                        "  ON p.id = ci2.product_id WHERE ci2.cart_id = ?1)"
	                        " FROM cart_items WHERE cart_id = ?1", err);
	if (!st)
		goto cleanup;
	sqlite3_bind_int64(st, 1, cart_id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		catalog_fail(c, err, "reading the cart");
		goto cleanup;
	}
	if (sqlite3_column_int64(st, 0) == 0) {
		if (err)
			*err = xstrdup("the cart is empty");
		goto cleanup;
	}
	int64_t total = sqlite3_column_int64(st, 1);
	char *currency = col_dup(st, 2);
	sqlite3_finalize(st);
	st = NULL;
	id = next_order_number(c, err);
	if (!id) {
		free(currency);
		goto cleanup;
	}
	char placed[32];
	time_t now = time(NULL);
	strftime(placed, sizeof placed, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	st = catalog_prepare(c, "INSERT INTO orders (source_id, customer_id, status, placed_at,"
	                        " total_cents, currency, email, postcode)"
	                        " VALUES (?1, ?2, 'pending', ?3, ?4, coalesce(?5, 'USD'), ?6, ?7)", err);
	if (!st) {
		free(currency);
		goto cleanup;
	}
	catalog_bind_text(st, 1, id);
	if (customer_id)
		sqlite3_bind_int64(st, 2, customer_id);
	catalog_bind_text(st, 3, placed);
	sqlite3_bind_int64(st, 4, total);
	catalog_bind_text(st, 5, currency);
	catalog_bind_text(st, 6, email);
	catalog_bind_text(st, 7, postcode);
	free(currency);
	int step = sqlite3_step(st);
	sqlite3_finalize(st);
	st = NULL;
	if (step != SQLITE_DONE) {
		catalog_fail(c, err, "creating an order");
		goto cleanup;
	}
	int64_t oid = sqlite3_last_insert_rowid(c->db);
	st = catalog_prepare(c, "INSERT INTO order_items (order_id, line, product_id,"
	                        " product_source_id, name, quantity, price_cents)"
	                        " SELECT ?1, row_number() OVER (ORDER BY ci.added_at, p.id), p.id,"
	                        " p.source_id, p.name, ci.quantity, coalesce(ci.price_cents, 0)"
	                        " FROM cart_items ci JOIN products p ON p.id = ci.product_id"
	                        " WHERE ci.cart_id = ?2", err);
	if (!st)
		goto cleanup;
	sqlite3_bind_int64(st, 1, oid);
	sqlite3_bind_int64(st, 2, cart_id);
	if (run_int(c, st, err, "storing order lines") < 0)
		goto st_done;
	st = catalog_prepare(c, "INSERT INTO events (customer_id, kind, product_id, detail)"
	                        " SELECT ?1, 'purchase', product_id, ?3 FROM cart_items"
	                        " WHERE cart_id = ?2", err);
	if (!st)
		goto cleanup;
	if (customer_id)
		sqlite3_bind_int64(st, 1, customer_id);
	sqlite3_bind_int64(st, 2, cart_id);
	catalog_bind_text(st, 3, id);
	if (run_int(c, st, err, "logging the purchase") < 0)
		goto st_done;
	st = catalog_prepare(c, "DELETE FROM cart_items WHERE cart_id = ?1", err);
	if (!st)
		goto cleanup;
	sqlite3_bind_int64(st, 1, cart_id);
	if (run_int(c, st, err, "emptying the cart") < 0)
		goto st_done;
	st = NULL;
	if (catalog_commit(c, err) < 0)
		goto cleanup;
	*order_id = id;
	id = NULL;
	rc = 0;
	goto cleanup;
st_done:
	st = NULL;
cleanup:
	sqlite3_finalize(st);
	free(id);
	if (rc < 0)
		catalog_rollback(c);
	return rc;
}
