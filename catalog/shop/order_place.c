/*
 * order_place.c: placing an order in the local store from a list of
 * products, and what follows a checkout from a cart.
 */
#include "catalog/shop/orders_int.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "catalog/shop/cart.h"
#include "common/buf.h"
#include "common/xalloc.h"

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

/* The fingerprint of a placement: what must be the same for a key's retry. */
static char *place_request(const struct order_placement *p)
{
	struct buf b;
	buf_init(&b);
	buf_printf(&b, "place\n%s\n%s\n%s\n%s\n", p->customer ? p->customer : "",
	           p->email ? p->email : "", p->postcode ? p->postcode : "",
	           p->promotion ? p->promotion : "");
	for (size_t i = 0; i < p->n_items; i++)
		buf_printf(&b, "%s*%lld,", p->items[i].product, (long long)p->items[i].quantity);
	return buf_detach(&b);
}

static int step_done(catalog *c, sqlite3_stmt *st, const char *what, char **err)
{
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : catalog_fail(c, err, what);
	sqlite3_finalize(st);
	return rc;
}

/* Inserts the order row and its lines; *id gets the new number. */
static int insert_order(catalog *c, const struct order_placement *p, int64_t now, char **id,
                        char **err)
{
	int64_t customer_id = 0;
	if (p->customer && cart_customer_id(c, p->customer, 1, &customer_id, err) < 0)
		return -1;
	*id = next_order_number(c, err);
	if (!*id)
		return -1;
	char placed[32];
	time_t t = (time_t)now;
	struct tm tm;
	strftime(placed, sizeof placed, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&t, &tm));
	sqlite3_stmt *st = catalog_prepare(
	        c, "INSERT INTO orders (source_id, customer_id, status, placed_at, total_cents,"
	           " currency, email, postcode) VALUES (?1, ?2, 'pending', ?3, 0, 'USD',"
	           " coalesce(?4, (SELECT email FROM customers WHERE id = ?2)),"
	           " coalesce(?5, (SELECT postcode FROM customers WHERE id = ?2)))", err);
	if (!st)
		return -1;
	catalog_bind_text(st, 1, *id);
	if (customer_id)
		sqlite3_bind_int64(st, 2, customer_id);
	catalog_bind_text(st, 3, placed);
	catalog_bind_text(st, 4, p->email);
	catalog_bind_text(st, 5, p->postcode);
	if (step_done(c, st, "creating an order", err) < 0)
		return -1;
	int64_t oid = sqlite3_last_insert_rowid(c->db);
	st = catalog_prepare(c, "INSERT INTO order_items (order_id, line, product_id,"
	                        " product_source_id, name, quantity, price_cents)"
	                        " SELECT ?1, ?2, id, source_id,"
	                        " CASE WHEN ?5 IS NULL THEN name ELSE name || ' (' || ?5 || ')' END,"
	                        " ?4, coalesce(?6, price_cents, 0)"
	                        " FROM products WHERE source_id = ?3", err);
	if (!st)
		return -1;
	for (size_t i = 0; i < p->n_items; i++) {
		sqlite3_bind_int64(st, 1, oid);
		sqlite3_bind_int64(st, 2, (int64_t)i + 1);
		catalog_bind_text(st, 3, p->items[i].product);
		sqlite3_bind_int64(st, 4, p->items[i].quantity);
		if (p->items[i].options)
			catalog_bind_text(st, 5, p->items[i].options);
		else
			sqlite3_bind_null(st, 5);
		/* the variant's own price, when the import kept it */
		int64_t variant = cart_variant_price(c, p->items[i].product, p->items[i].options);
		if (variant >= 0)
			sqlite3_bind_int64(st, 6, variant);
		else
			sqlite3_bind_null(st, 6);
		if (sqlite3_step(st) != SQLITE_DONE) {
			catalog_fail(c, err, "storing order lines");
			sqlite3_finalize(st);
			return -1;
		}
		sqlite3_reset(st);
		if (sqlite3_changes(c->db) == 0) {
			sqlite3_finalize(st);
			return orders_fail(err, xasprintf("no product %s in the catalog", p->items[i].product));
		}
	}
	sqlite3_finalize(st);
	st = catalog_prepare(c, "UPDATE orders SET"
	                        " total_cents = max((SELECT sum(quantity * price_cents) FROM"
	                        "  order_items WHERE order_id = ?1) - ?2, 0),"
	                        " promotion = ?3, discount_cents = ?2,"
	                        " currency = coalesce((SELECT min(p.currency) FROM order_items oi"
	                        "  JOIN products p ON p.id = oi.product_id WHERE oi.order_id = ?1),"
	                        "  'USD') WHERE id = ?1", err);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, oid);
	sqlite3_bind_int64(st, 2, p->promotion && p->discount_cents > 0 ? p->discount_cents : 0);
	catalog_bind_text(st, 3, p->promotion);
	return step_done(c, st, "totalling an order", err);
}

/* Logs the cart's lines as the customer's purchases of order_id and
 * empties it, in the caller's transaction. */
static int cart_done(catalog *c, int64_t cart_id, const char *customer, const char *order_id,
                     char **err)
{
	int64_t customer_id = 0;
	if (customer && cart_customer_id(c, customer, 1, &customer_id, err) < 0)
		return -1;
	sqlite3_stmt *st = catalog_prepare(c, "INSERT INTO events (customer_id, kind, product_id, detail)"
	                                      " SELECT ?1, 'purchase', product_id, ?3 FROM cart_items"
	                                      " WHERE cart_id = ?2", err);
	if (!st)
		return -1;
	if (customer_id)
		sqlite3_bind_int64(st, 1, customer_id);
	sqlite3_bind_int64(st, 2, cart_id);
	catalog_bind_text(st, 3, order_id);
	if (step_done(c, st, "logging the purchase", err) < 0)
		return -1;
	st = catalog_prepare(c, "DELETE FROM cart_items WHERE cart_id = ?1", err);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, cart_id);
	return step_done(c, st, "emptying the cart", err);
}

int orders_place(catalog *c, const struct order_placement *p, const char *key, int64_t now,
                 struct order *out, char **err)
{
	memset(out, 0, sizeof *out);
	if (!p->n_items)
		return orders_fail(err, xstrdup("an order needs at least one item"));
	for (size_t i = 0; i < p->n_items; i++)
		if (!p->items[i].product || !*p->items[i].product || p->items[i].quantity < 1)
			return orders_fail(err, xasprintf("item %zu: a product and a quantity of at least 1",
			                           i + 1));
	if (catalog_begin(c, err) < 0)
		return -1;
	char *request = key ? place_request(p) : NULL;
	char *id = NULL;
	int rc = -1;
	int recorded = 0;
	int found = key ? orders_action_find(c, key, request, &recorded, &id, err) : 0;
	if (found < 0)
		goto cleanup;
	if (!found) {
		free(id);
		id = NULL;
		if (insert_order(c, p, now, &id, err) < 0)
			goto cleanup;
		if (key && orders_action_record(c, key, request, id, ORDERS_OK, now, err) < 0)
			goto cleanup;
		if (p->cart && cart_done(c, p->cart, p->customer, id, err) < 0)
			goto cleanup;
	}
	/* A retry with the key gets the order the first request placed. */
	rc = orders_load(c, id, out, NULL, err);
	if (rc == ORDERS_NO_MATCH)
		rc = orders_fail(err, xasprintf("order %s is gone", id));
cleanup:
	free(request);
	free(id);
	if (rc < 0 || catalog_commit(c, err) < 0) {
		catalog_rollback(c);
		order_release(out);
		return -1;
	}
	return rc;
}

int orders_cart_done(catalog *c, int64_t cart_id, const char *customer, const char *order_id,
                     char **err)
{
	if (catalog_begin(c, err) < 0)
		return -1;
	if (cart_done(c, cart_id, customer, order_id, err) < 0 || catalog_commit(c, err) < 0) {
		catalog_rollback(c);
		return -1;
	}
	return 0;
}
