/*
 * kiosk.c: kiosk orders at the counter.
 */
#include "catalog/shop/kiosk.h"

#include <stdlib.h>
#include <string.h>

#include "catalog/shop/staff_log.h"
#include "catalog/store/catalog_int.h"
#include "common/xalloc.h"

int kiosk_order_open(catalog *c, const char *order_ref, char **pickup, char **err)
{
	*pickup = NULL;
	/* A count and a letter: short enough to call out across the shop, and
	 * not the order number, which would tell every reader how many orders
	 * the shop takes. The letter makes a clash (after an order was
	 * deleted) rare, and a clash is tried again. */
	sqlite3_stmt *st = catalog_prepare(
	        c, "INSERT INTO kiosk_orders (order_id, pickup)"
	           " SELECT id, 'P' || ((SELECT count(*) FROM kiosk_orders) + 1001)"
	           " || substr('ABCDEFGHJKLMNPQRSTUVWXYZ', abs(random() % 24) + 1, 1)"
	           " FROM orders WHERE source_id = ?1 RETURNING pickup", err);
	if (!st)
		return -1;
	int step = SQLITE_CONSTRAINT;
	for (int tries = 0; tries < 8 && (step & 0xff) == SQLITE_CONSTRAINT; tries++) {
		sqlite3_reset(st);
		catalog_bind_text(st, 1, order_ref);
		step = sqlite3_step(st);
	}
	if (step == SQLITE_ROW)
		*pickup = xstrdup((const char *)sqlite3_column_text(st, 0));
	else if (step == SQLITE_DONE && err)
		*err = xasprintf("no order %s", order_ref);
	else
		catalog_fail(c, err, "recording a kiosk order");
	sqlite3_finalize(st);
	return *pickup ? 0 : -1;
}

static void fill_kiosk_order(sqlite3_stmt *st, void *row)
{
	struct kiosk_order *o = row;
	o->pickup = catalog_column_dup(st, 0);
	o->order = catalog_column_dup(st, 1);
	o->state = catalog_column_dup(st, 2);
	o->total_cents = sqlite3_column_int64(st, 3);
	o->currency = catalog_column_dup(st, 4);
	o->items = sqlite3_column_int64(st, 5);
	o->created_at = sqlite3_column_int64(st, 6);
	o->reason = catalog_column_dup(st, 7);
}

int kiosk_orders_list(catalog *c, bool all, size_t limit, struct kiosk_order **out, size_t *n,
                      char **err)
{
	void *rows;
	int rc = catalog_list_rows(
	        c, "SELECT k.pickup, o.source_id, k.state, o.total_cents, o.currency,"
	           " (SELECT coalesce(sum(quantity), 0) FROM order_items i WHERE i.order_id = o.id),"
	           " k.created_at, k.reason"
	           " FROM kiosk_orders k JOIN orders o ON o.id = k.order_id"
	           " WHERE ?1 OR k.state IN ('open', 'paid')"
	           " ORDER BY k.created_at DESC, k.rowid DESC LIMIT ?2",
	        all, limit, sizeof **out, fill_kiosk_order, &rows, n, "listing kiosk orders", err);
	*out = rows;
	if (rc < 0) {
		kiosk_orders_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

void kiosk_orders_free(struct kiosk_order *o, size_t n)
{
	for (size_t i = 0; o && i < n; i++) {
		free(o[i].pickup);
		free(o[i].order);
		free(o[i].state);
		free(o[i].currency);
		free(o[i].reason);
	}
	free(o);
}

/* The moves staff may make, and the order status each one sets. */
static const struct {
	const char *to;
	const char *from; /* space-separated states it may leave */
	const char *status;
} moves[] = {
	{"paid", "open", "paid"},
	{"picked_up", "open paid", "delivered"},
	{"cancelled", "open paid", "cancelled"},
};

int kiosk_order_set(catalog *c, const char *ref, const char *state, const char *reason,
                    char **err)
{
	size_t m = 0;
	while (m < sizeof moves / sizeof moves[0] && strcmp(moves[m].to, state ? state : ""))
		m++;
	if (m == sizeof moves / sizeof moves[0]) {
		if (err)
			*err = xasprintf("unknown kiosk order state '%s' (paid, picked_up, cancelled)",
			                 state ? state : "");
		return -1;
	}
	if (!strcmp(state, "cancelled") && (!reason || !*reason)) {
		if (err)
			*err = xstrdup("cancelling a kiosk order needs a reason");
		return -1;
	}
	sqlite3_stmt *st = NULL;
	char *pickup = NULL, *from = NULL;
	int64_t order_id = 0;
	if (catalog_begin(c, err) < 0)
		return -1;
	st = catalog_prepare(c, "SELECT k.order_id, k.pickup, k.state FROM kiosk_orders k"
	                        " JOIN orders o ON o.id = k.order_id"
	                        " WHERE k.pickup = upper(?1) OR o.source_id = ?1", err);
	if (!st)
		goto fail;
	catalog_bind_text(st, 1, ref);
	int step = sqlite3_step(st);
	if (step != SQLITE_ROW) {
		if (step == SQLITE_DONE) {
			if (err)
				*err = xasprintf("no kiosk order %s", ref);
		} else {
			catalog_fail(c, err, "reading a kiosk order");
		}
		goto fail;
	}
	order_id = sqlite3_column_int64(st, 0);
	pickup = catalog_column_dup(st, 1);
	from = catalog_column_dup(st, 2);
	sqlite3_finalize(st);
	st = NULL;
	/* is `from` one of the move's words? */
	bool allowed = false;
	for (const char *p = moves[m].from; *p;) {
		size_t len = strcspn(p, " ");
		allowed |= strlen(from) == len && !strncmp(p, from, len);
		p += len + (p[len] == ' ');
	}
	if (!allowed) {
		if (err)
			*err = xasprintf("kiosk order %s is %s: it cannot be marked %s", pickup, from,
			                 state);
		goto fail;
	}
	st = catalog_prepare(c, "UPDATE kiosk_orders SET state = ?2, reason = ?3,"
	                        " updated_at = unixepoch() WHERE order_id = ?1", err);
	if (!st)
		goto fail;
	sqlite3_bind_int64(st, 1, order_id);
	catalog_bind_text(st, 2, state);
	catalog_bind_text(st, 3, reason);
	step = sqlite3_step(st);
	sqlite3_finalize(st);
	st = catalog_prepare(c, "UPDATE orders SET status = ?2 WHERE id = ?1", err);
	if (step != SQLITE_DONE || !st) {
		if (step != SQLITE_DONE)
			catalog_fail(c, err, "updating a kiosk order");
		goto fail;
	}
	sqlite3_bind_int64(st, 1, order_id);
	catalog_bind_text(st, 2, moves[m].status);
	step = sqlite3_step(st);
	sqlite3_finalize(st);
	st = NULL;
	if (step != SQLITE_DONE) {
		catalog_fail(c, err, "updating the order of a kiosk order");
		goto fail;
	}
	char *action = xasprintf("kiosk.%s", state);
	int logged = staff_log_add(c, action, pickup, reason, err);
	free(action);
	if (logged < 0 || catalog_commit(c, err) < 0)
		goto fail;
	free(pickup);
	free(from);
	return 0;
fail:
	sqlite3_finalize(st);
	catalog_rollback(c);
	free(pickup);
	free(from);
	return -1;
}
