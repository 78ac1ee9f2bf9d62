/*
 * orders.c: the local order store — lookup, cancel and return of verified
 * orders. Verification failures live in verify_failures keyed by the quoted
 * order number, so an order that does not exist is rate limited exactly
 * like one that does. Idempotency keys live in order_actions with a
 * fingerprint of the request they came with.
 */
#include "catalog/shop/orders_int.h"

#include <ctype.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/buf.h"
#include "common/xalloc.h"

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

bool order_status_valid(const char *s)
{
	static const char *const statuses[] = {"pending",   "paid",      "shipped",
	                                       "delivered", "cancelled", "returned"};
	for (size_t i = 0; s && i < sizeof statuses / sizeof statuses[0]; i++)
		if (!strcmp(s, statuses[i]))
			return true;
	return false;
}

char *orders_verify_normal(const char *verify)
{
	struct buf b;
	buf_init(&b);
	bool email = strchr(verify, '@') != NULL;
	for (const char *p = verify; *p; p++) {
		if (*p == ' ' || (!email && *p == '-'))
			continue;
		buf_addc(&b, (char)tolower((unsigned char)*p));
	}
	return buf_detach(&b);
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

/* Does verify match the order's email, postcode or (a kiosk order's)
 * pickup reference, which only the shopper who placed it was shown? */
static int verified(const char *verify, const char *email, const char *postcode,
                    const char *pickup)
{
	if (!verify || !*verify)
		return 0;
	if (email && *email && !strcasecmp(verify, email))
		return 1;
	if (pickup && *pickup && same_postcode(verify, pickup))
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

int orders_locked(catalog *c, const char *ref, int64_t now, char **err)
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

int orders_failed(catalog *c, const char *ref, int64_t now, char **err)
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

int orders_verified(catalog *c, const char *ref, char **err)
{
	return exec_ref(c, "DELETE FROM verify_failures WHERE order_ref = ?1 AND ?2 IS NOT NULL",
	                ref, 0, err);
}

static int load_children(catalog *c, int64_t oid, struct order *o, char **err)
{
	sqlite3_stmt *st = catalog_prepare(
	        c, "SELECT product_source_id, name, quantity, price_cents, returned FROM order_items"
	           " WHERE order_id = ?1 ORDER BY line", err);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, oid);
	size_t cap = 0;
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		o->items = xgrow(o->items, &cap, o->n_items + 1, sizeof *o->items);
		struct order_item *it = &o->items[o->n_items++];
		it->product = catalog_column_dup(st, 0);
		it->name = catalog_column_dup(st, 1);
		it->quantity = sqlite3_column_int64(st, 2);
		it->price_cents = sqlite3_column_int64(st, 3);
		it->returned = sqlite3_column_int64(st, 4);
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
		ev->at = catalog_column_dup(st, 0);
		ev->status = catalog_column_dup(st, 1);
		ev->location = catalog_column_dup(st, 2);
	}
	sqlite3_finalize(st);
	if (step != SQLITE_DONE)
		return catalog_fail(c, err, "reading shipment events");
	return 0;
}

/* Loads order ref into *out when verify is NULL or matches its email,
 * postcode or kiosk pickup reference. Returns ORDERS_OK, ORDERS_NO_MATCH or -1; does not touch the
 * counters. */
static int load(catalog *c, const char *ref, bool check, const char *verify,
                struct order *out, int64_t *oid, char **err)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = catalog_prepare(
	        c, "SELECT o.id, o.source_id, o.status, o.placed_at, o.total_cents, o.currency,"
	           " o.carrier, o.tracking, o.email, o.postcode, k.pickup FROM orders o"
	           " LEFT JOIN kiosk_orders k ON k.order_id = o.id WHERE o.source_id = ?1", err);
	if (!st)
		return -1;
	catalog_bind_text(st, 1, ref);
	int step = sqlite3_step(st);
	int rc = ORDERS_NO_MATCH;
	int64_t id = 0;
	if (step == SQLITE_ROW) {
		if (!check || verified(verify, (const char *)sqlite3_column_text(st, 8),
		                       (const char *)sqlite3_column_text(st, 9),
		                       (const char *)sqlite3_column_text(st, 10))) {
			id = sqlite3_column_int64(st, 0);
			out->id = catalog_column_dup(st, 1);
			out->status = catalog_column_dup(st, 2);
			out->placed_at = catalog_column_dup(st, 3);
			out->total_cents = sqlite3_column_int64(st, 4);
			out->currency = catalog_column_dup(st, 5);
			out->carrier = catalog_column_dup(st, 6);
			out->tracking = catalog_column_dup(st, 7);
			rc = ORDERS_OK;
		}
	} else if (step != SQLITE_DONE) {
		rc = catalog_fail(c, err, "looking up an order");
	}
	sqlite3_finalize(st);
	if (rc == ORDERS_OK && load_children(c, id, out, err) < 0) {
		order_release(out);
		rc = -1;
	}
	if (oid)
		*oid = id;
	return rc;
}

int orders_load(catalog *c, const char *ref, struct order *out, int64_t *oid, char **err)
{
	return load(c, ref, false, NULL, out, oid, err);
}

/* The shared front half of lookup, cancel and return: lock check,
 * verification, failure counting; runs inside the caller's transaction. */
static int verify_and_load(catalog *c, const char *ref, const char *verify, int64_t now,
                           struct order *out, int64_t *oid, char **err)
{
	memset(out, 0, sizeof *out);
	if (!ref || !*ref)
		return ORDERS_NO_MATCH;
	int locked = orders_locked(c, ref, now, err);
	if (locked)
		return locked < 0 ? -1 : ORDERS_LOCKED;
	int rc = load(c, ref, true, verify, out, oid, err);
	if (rc == ORDERS_NO_MATCH && orders_failed(c, ref, now, err) < 0)
		return -1;
	if (rc == ORDERS_OK && orders_verified(c, ref, err) < 0) {
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

/* --- idempotent actions --------------------------------------------------- */

/* A request is kept as its hash: enough to tell a key's retry from another
 * request, and no customer id or address lingers in order_actions. */
#define REQUEST_HASH_LEN (2 * crypto_generichash_BYTES)

static void request_hash(const char *request, char out[REQUEST_HASH_LEN + 1])
{
	unsigned char h[crypto_generichash_BYTES];
	crypto_generichash(h, sizeof h, (const unsigned char *)request, strlen(request), NULL, 0);
	sodium_bin2hex(out, REQUEST_HASH_LEN + 1, h, sizeof h);
}

int orders_action_find(catalog *c, const char *key, const char *request, int *result,
                       char **ref, char **err)
{
	*ref = NULL;
	sqlite3_stmt *st = catalog_prepare(
	        c, "SELECT request, order_ref, result FROM order_actions WHERE key = ?1", err);
	if (!st)
		return -1;
	catalog_bind_text(st, 1, key);
	int step = sqlite3_step(st);
	int rc = 0;
	char hash[REQUEST_HASH_LEN + 1];
	request_hash(request, hash);
	if (step == SQLITE_ROW) {
		const char *kept = (const char *)sqlite3_column_text(st, 0);
		/* rows kept before requests were hashed hold the text itself */
		if (strcmp(kept, hash) && strcmp(kept, request)) {
			rc = orders_fail(err, xstrdup("the idempotency key was already used for another request"));
		} else {
			*ref = catalog_column_dup(st, 1);
			*result = sqlite3_column_int(st, 2);
			rc = 1;
		}
	} else if (step != SQLITE_DONE) {
		rc = catalog_fail(c, err, "reading an order action");
	}
	sqlite3_finalize(st);
	return rc;
}

int orders_action_record(catalog *c, const char *key, const char *request, const char *ref,
                         int result, int64_t now, char **err)
{
	sqlite3_stmt *st = catalog_prepare(
	        c, "INSERT INTO order_actions (key, request, order_ref, result, at)"
	           " VALUES (?1, ?2, ?3, ?4, ?5)", err);
	if (!st)
		return -1;
	char hash[REQUEST_HASH_LEN + 1];
	request_hash(request, hash);
	catalog_bind_text(st, 1, key);
	catalog_bind_text(st, 2, hash);
	catalog_bind_text(st, 3, ref);
	sqlite3_bind_int(st, 4, result);
	sqlite3_bind_int64(st, 5, now);
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0
	                                         : catalog_fail(c, err, "recording an order action");
	sqlite3_finalize(st);
	return rc;
}

/* The fingerprint of a change: what must be the same for a key's retry. */
static char *change_request(const char *kind, const struct order_change *ch)
{
	struct buf b;
	buf_init(&b);
	char *verify = orders_verify_normal(ch->verify ? ch->verify : "");
	buf_printf(&b, "%s\n%s\n%s\n%s\n", kind, ch->ref, verify, ch->reason ? ch->reason : "");
	free(verify);
	if (!ch->items)
		buf_adds(&b, "*");
	for (size_t i = 0; ch->items && i < ch->n_items; i++)
		buf_printf(&b, "%s*%lld,", ch->items[i].product, (long long)ch->items[i].quantity);
	return buf_detach(&b);
}

/* --- cancel and return ---------------------------------------------------- */

typedef int (*change_fn)(catalog *c, int64_t oid, const struct order_change *ch,
                         struct order *o, char **err);

static int set_status(catalog *c, int64_t oid, struct order *o, const char *to, char **err)
{
	sqlite3_stmt *st = catalog_prepare(c, "UPDATE orders SET status = ?2 WHERE id = ?1", err);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, oid);
	catalog_bind_text(st, 2, to);
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : catalog_fail(c, err, "changing an order");
	sqlite3_finalize(st);
	if (rc == 0) {
		free(o->status);
		o->status = xstrdup(to);
	}
	return rc;
}

static int apply_cancel(catalog *c, int64_t oid, const struct order_change *ch,
                        struct order *o, char **err)
{
	(void)ch;
	if (strcmp(o->status, "pending") && strcmp(o->status, "paid"))
		return ORDERS_FORBIDDEN;
	return set_status(c, oid, o, "cancelled", err) < 0 ? -1 : ORDERS_OK;
}

/* How many of each of o's lines ch returns, in take[] (n_items long).
 * ORDERS_OK, ORDERS_FORBIDDEN (more than are left) or -1 (a product the
 * order lacks, a bad quantity, more than were bought). */
static int return_amounts(const struct order *o, const struct order_change *ch, int64_t *take,
                          char **err)
{
	if (!ch->items) {
		for (size_t i = 0; i < o->n_items; i++)
			take[i] = o->items[i].quantity - o->items[i].returned;
		return ORDERS_OK;
	}
	if (!ch->n_items)
		return orders_fail(err, xstrdup("a return needs at least one item"));
	for (size_t k = 0; k < ch->n_items; k++) {
		const struct order_line *l = &ch->items[k];
		int64_t bought = 0, left = 0;
		for (size_t i = 0; i < o->n_items; i++) {
			if (l->product && !strcmp(o->items[i].product, l->product)) {
				bought += o->items[i].quantity;
				left += o->items[i].quantity - o->items[i].returned - take[i];
			}
		}
		if (!bought)
			return orders_fail(err, xasprintf("order %s has no product %s", o->id,
			                           l->product ? l->product : ""));
		if (l->quantity < 1 || l->quantity > bought)
			return orders_fail(err, xasprintf("order %s has %lld of product %s, not %lld", o->id,
			                           (long long)bought, l->product, (long long)l->quantity));
		if (l->quantity > left)
			return ORDERS_FORBIDDEN;
		int64_t want = l->quantity;
		for (size_t i = 0; want && i < o->n_items; i++) {
			if (strcmp(o->items[i].product, l->product))
				continue;
			int64_t room = o->items[i].quantity - o->items[i].returned - take[i];
			int64_t n = want < room ? want : room;
			take[i] += n;
			want -= n;
		}
	}
	return ORDERS_OK;
}

static int apply_return(catalog *c, int64_t oid, const struct order_change *ch,
                        struct order *o, char **err)
{
	if (strcmp(o->status, "delivered"))
		return ORDERS_FORBIDDEN;
	int64_t *take = xcalloc(o->n_items ? o->n_items : 1, sizeof *take);
	sqlite3_stmt *st = NULL;
	int rc = return_amounts(o, ch, take, err);
	if (rc != ORDERS_OK)
		goto cleanup;
	/* Lines are loaded in line order; the n-th one is the n-th line. */
	st = catalog_prepare(c, "UPDATE order_items SET returned = returned + ?3"
	                        " WHERE order_id = ?1 AND line = (SELECT line FROM order_items"
	                        "  WHERE order_id = ?1 ORDER BY line LIMIT 1 OFFSET ?2)", err);
	if (!st) {
		rc = -1;
		goto cleanup;
	}
	bool all = true;
	for (size_t i = 0; i < o->n_items; i++) {
		if (take[i]) {
			sqlite3_bind_int64(st, 1, oid);
			sqlite3_bind_int64(st, 2, (int64_t)i);
			sqlite3_bind_int64(st, 3, take[i]);
			if (sqlite3_step(st) != SQLITE_DONE) {
				rc = catalog_fail(c, err, "recording a return");
				goto cleanup;
			}
			sqlite3_reset(st);
			o->items[i].returned += take[i];
		}
		all &= o->items[i].returned >= o->items[i].quantity;
	}
	if (all && set_status(c, oid, o, "returned", err) < 0)
		rc = -1;
cleanup:
	sqlite3_finalize(st);
	free(take);
	return rc;
}

static int change(catalog *c, const char *kind, const struct order_change *ch, const char *key,
                  int64_t now, change_fn apply, struct order *out, char **err)
{
	memset(out, 0, sizeof *out);
	if (catalog_begin(c, err) < 0)
		return -1;
	char *request = NULL, *ref = NULL;
	int64_t oid = 0;
	int rc = verify_and_load(c, ch->ref, ch->verify, now, out, &oid, err);
	if (rc != ORDERS_OK)
		goto done;
	if (key) {
		request = change_request(kind, ch);
		int recorded = ORDERS_OK;
		int found = orders_action_find(c, key, request, &recorded, &ref, err);
		if (found) {
			rc = found < 0 ? -1 : recorded; /* a retry: the order as it now is */
			goto done;
		}
	}
	rc = apply(c, oid, ch, out, err);
	if (rc >= 0 && key && orders_action_record(c, key, request, ch->ref, rc, now, err) < 0)
		rc = -1;
done:
	free(request);
	free(ref);
	if (rc < 0 || catalog_commit(c, err) < 0) {
		catalog_rollback(c);
		order_release(out);
		return -1;
	}
	return rc;
}

int orders_cancel(catalog *c, const struct order_change *ch, const char *key, int64_t now,
                  struct order *out, char **err)
{
	return change(c, "cancel", ch, key, now, apply_cancel, out, err);
}

int orders_return(catalog *c, const struct order_change *ch, const char *key, int64_t now,
                  struct order *out, char **err)
{
	return change(c, "return", ch, key, now, apply_return, out, err);
}
