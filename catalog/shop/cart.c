/*
 * cart.c: persistent carts. Each public call that writes runs in its own
 * IMMEDIATE transaction, so concurrent clerks never interleave a change.
 */
#include "catalog/shop/cart.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "catalog/store/catalog_int.h"
#include "common/buf.h"
#include "common/xalloc.h"

int cart_customer_id(catalog *c, const char *customer, int create, int64_t *id, char **err)
{
	int rc = -1;
	sqlite3_stmt *st = catalog_cached(c, "SELECT id FROM customers WHERE external_id = ?1", err);
	if (!st)
		return -1;
	catalog_bind_text(st, 1, customer);
	int step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		rc = 1;
		goto cleanup;
	}
	if (step != SQLITE_DONE) {
		catalog_fail(c, err, "looking up a customer");
		goto cleanup;
	}
	if (!create) {
		rc = 0;
		goto cleanup;
	}
	catalog_release(st);
	st = catalog_cached(c, "INSERT INTO customers (external_id) VALUES (?1)", err);
	if (!st)
		return -1;
	catalog_bind_text(st, 1, customer);
	if (sqlite3_step(st) != SQLITE_DONE) {
		catalog_fail(c, err, "creating a customer");
		goto cleanup;
	}
	*id = sqlite3_last_insert_rowid(c->db);
	rc = 1;
cleanup:
	catalog_release(st);
	return rc;
}

static int find_cart(catalog *c, int64_t customer_id, const char *session, int64_t *cart_id,
                     char **err)
{
	sqlite3_stmt *st = catalog_cached(c,
	                       customer_id ? "SELECT id FROM carts WHERE customer_id = ?1 ORDER BY id LIMIT 1"
	                                   : "SELECT id FROM carts WHERE customer_id IS NULL AND session = ?2"
	                                     " ORDER BY id LIMIT 1",
	                       err);
	if (!st)
		return -1;
	if (customer_id)
		sqlite3_bind_int64(st, 1, customer_id);
	else
		catalog_bind_text(st, 2, session);
	int rc = 0;
	int step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		*cart_id = sqlite3_column_int64(st, 0);
		rc = 1;
	} else if (step != SQLITE_DONE) {
		rc = catalog_fail(c, err, "looking up a cart");
	}
	catalog_release(st);
	return rc;
}

int cart_open(catalog *c, const char *customer, const char *session, int64_t *cart_id,
              char **err)
{
	sqlite3_stmt *st = NULL;
	int rc = -1;
	if (!customer && !session) {
		if (err)
			*err = xstrdup("a cart needs a customer or a session");
		return -1;
	}
	if (catalog_begin(c, err) < 0)
		return -1;
	int64_t customer_id = 0;
	if (customer && cart_customer_id(c, customer, 1, &customer_id, err) < 0)
		goto cleanup;
	int found = find_cart(c, customer_id, session, cart_id, err);
	if (found < 0)
		goto cleanup;
	if (!found) {
		st = catalog_cached(c, "INSERT INTO carts (customer_id, session) VALUES (?1, ?2)", err);
		if (!st)
			goto cleanup;
		if (customer_id)
			sqlite3_bind_int64(st, 1, customer_id);
		catalog_bind_text(st, 2, session);
		if (sqlite3_step(st) != SQLITE_DONE) {
			catalog_fail(c, err, "creating a cart");
			goto cleanup;
		}
		*cart_id = sqlite3_last_insert_rowid(c->db);
	}
	if (catalog_commit(c, err) < 0)
		goto cleanup;
	rc = 0;
cleanup:
	catalog_release(st);
	if (rc < 0)
		catalog_rollback(c);
	return rc;
}

/* The product's internal id and price; 0 when there is no such product. */
static int product_lookup(catalog *c, const char *product, int64_t *id, int64_t *price,
                          int *has_price, char **err)
{
	sqlite3_stmt *st = catalog_cached(c, "SELECT id, price_cents FROM products WHERE source_id = ?1", err);
	if (!st)
		return -1;
	catalog_bind_text(st, 1, product);
	int rc = 0;
	int step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		*has_price = sqlite3_column_type(st, 1) != SQLITE_NULL;
		*price = sqlite3_column_int64(st, 1);
		rc = 1;
	} else if (step != SQLITE_DONE) {
		rc = catalog_fail(c, err, "looking up a product");
	}
	catalog_release(st);
	return rc;
}

/* Is every option of chosen (", " between) one of the variant's? */
static bool options_within(const char *chosen, const char *variant, size_t vlen)
{
	for (const char *o = chosen; *o;) {
		while (*o == ' ' || *o == ',')
			o++;
		size_t on = strcspn(o, ",");
		while (on && o[on - 1] == ' ')
			on--;
		if (!on)
			break;
		bool in = false;
		for (const char *v = variant; v < variant + vlen && !in;) {
			while (v < variant + vlen && (*v == ' ' || *v == ','))
				v++;
			size_t vn = 0;
			while (v + vn < variant + vlen && v[vn] != ',')
				vn++;
			size_t vt = vn;
			while (vt && v[vt - 1] == ' ')
				vt--;
			in = vt == on && !strncasecmp(v, o, on);
			v += vn;
		}
		if (!in)
			return false;
		o += strcspn(o, ",");
	}
	return true;
}

/* A value kept per variant ("variant price: 3 qt=16999", "variant stock:
 * XL=0"): over the variants of product pid that have every option chosen,
 * the lowest (sum false) or the sum (sum true); false when none has it. */
static bool variant_value(catalog *c, int64_t pid, const char *options, const char *key,
                          bool sum, int64_t *out)
{
	if (!options || !*options)
		return false;
	sqlite3_stmt *st = catalog_cached(c,
	                                  "SELECT value FROM attributes WHERE product_id = ?1"
	                                  " AND key = ?2",
	                                  NULL);
	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, pid);
	catalog_bind_text(st, 2, key);
	bool found = false;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(st, 0);
		const char *eq = v ? strrchr(v, '=') : NULL;
		if (!eq || !options_within(options, v, (size_t)(eq - v)))
			continue;
		long long n = strtoll(eq + 1, NULL, 10);
		if (sum)
			*out = (found ? *out : 0) + n;
		else if (n > 0 && (!found || n < *out))
			*out = n;
		else if (n <= 0)
			continue;
		found = true;
	}
	catalog_release(st);
	return found;
}

static bool variant_price(catalog *c, int64_t pid, const char *options, int64_t *price)
{
	return variant_value(c, pid, options, "variant price", false, price);
}

int64_t cart_variant_price(catalog *c, const char *product, const char *options)
{
	int64_t pid = 0, price = 0;
	int has_price = 0;
	if (!options || !*options || product_lookup(c, product, &pid, &price, &has_price, NULL) != 1)
		return -1;
	return variant_price(c, pid, options, &price) ? price : -1;
}

int64_t cart_variant_was_price(catalog *c, const char *product, const char *options)
{
	int64_t pid = 0, price = 0, was = 0;
	int has_price = 0;
	if (!options || !*options || product_lookup(c, product, &pid, &price, &has_price, NULL) != 1)
		return -1;
	return variant_value(c, pid, options, "variant was price", false, &was) ? was : -1;
}

int64_t cart_variant_stock(catalog *c, const char *product, const char *options)
{
	int64_t pid = 0, price = 0, stock = 0;
	int has_price = 0;
	if (!options || !*options || product_lookup(c, product, &pid, &price, &has_price, NULL) != 1)
		return -1;
	return variant_value(c, pid, options, "variant stock", true, &stock) ? stock : -1;
}

size_t cart_variants_on_sale(catalog *c, const char *product, struct buf *out, int64_t *price,
                             int64_t *was)
{
	int64_t pid = 0, base = 0;
	int has_price = 0;
	if (product_lookup(c, product, &pid, &base, &has_price, NULL) != 1)
		return 0;
	sqlite3_stmt *st = catalog_prepare(c,
	                                   "SELECT value FROM attributes WHERE product_id = ?1"
	                                   " AND key = 'variant was price'",
	                                   NULL);
	if (!st)
		return 0;
	sqlite3_bind_int64(st, 1, pid);
	size_t n = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(st, 0);
		const char *eq = v ? strrchr(v, '=') : NULL;
		if (!eq)
			continue;
		char *opts = xstrndup(v, (size_t)(eq - v));
		long long before = strtoll(eq + 1, NULL, 10);
		int64_t now = 0;
		if (variant_price(c, pid, opts, &now) && before > now) {
			if (n++ == 0) {
				*price = now;
				*was = before;
			}
			if (out->len)
				buf_adds(out, ", ");
			buf_adds(out, opts);
		}
		free(opts);
	}
	sqlite3_finalize(st);
	return n;
}

bool cart_variant_range(catalog *c, const char *product, int64_t *lo, int64_t *hi)
{
	sqlite3_stmt *st = catalog_cached(c,
	                                  "SELECT a.value FROM attributes a JOIN products p"
	                                  " ON p.id = a.product_id WHERE p.source_id = ?1"
	                                  " AND a.key = 'variant price'",
	                                  NULL);
	if (!st)
		return false;
	catalog_bind_text(st, 1, product);
	bool any = false;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(st, 0);
		const char *eq = v ? strrchr(v, '=') : NULL;
		long long cents = eq ? strtoll(eq + 1, NULL, 10) : 0;
		if (cents <= 0)
			continue;
		if (!any || cents < *lo)
			*lo = cents;
		if (!any || cents > *hi)
			*hi = cents;
		any = true;
	}
	catalog_release(st);
	return any && *hi > *lo;
}

struct variant_opt {
	char *opts;
	long long cents;
};

static int by_cents(const void *a, const void *b)
{
	const struct variant_opt *x = a, *y = b;
	return x->cents < y->cents ? -1 : x->cents > y->cents;
}

#define VARIANTS_LISTED 24

size_t cart_variant_list(catalog *c, const char *product, struct buf *out)
{
	sqlite3_stmt *st = catalog_cached(c,
	                                  "SELECT a.value FROM attributes a JOIN products p"
	                                  " ON p.id = a.product_id WHERE p.source_id = ?1"
	                                  " AND a.key = 'variant price'",
	                                  NULL);
	if (!st)
		return 0;
	catalog_bind_text(st, 1, product);
	struct variant_opt v[VARIANTS_LISTED];
	size_t n = 0;
	while (n < VARIANTS_LISTED && sqlite3_step(st) == SQLITE_ROW) {
		const char *s = (const char *)sqlite3_column_text(st, 0);
		const char *eq = s ? strrchr(s, '=') : NULL;
		if (!eq)
			continue;
		v[n].opts = xstrndup(s, (size_t)(eq - s));
		v[n++].cents = strtoll(eq + 1, NULL, 10);
	}
	catalog_release(st);
	/* cheapest first: the order a shop lists sizes in, most often */
	qsort(v, n, sizeof *v, by_cents);
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_adds(out, i + 1 == n ? " or " : ", ");
		buf_adds(out, v[i].opts);
		free(v[i].opts);
	}
	return n;
}

static int touch_cart(catalog *c, int64_t cart_id, char **err)
{
	sqlite3_stmt *st = catalog_cached(c, "UPDATE carts SET updated_at = unixepoch() WHERE id = ?1", err);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, cart_id);
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : catalog_fail(c, err, "updating a cart");
	catalog_release(st);
	return rc;
}

int cart_add(catalog *c, int64_t cart_id, const char *product, const char *options,
             int64_t quantity, char **err)
{
	sqlite3_stmt *st = NULL;
	int rc = -1;
	if (quantity <= 0 || quantity > 1000000) {
		if (err)
			*err = xstrdup("the quantity must be between 1 and 1000000");
		return -1;
	}
	if (catalog_begin(c, err) < 0)
		return -1;
	int64_t pid = 0, price = 0;
	int has_price = 0;
	int found = product_lookup(c, product, &pid, &price, &has_price, err);
	if (found < 0)
		goto cleanup;
	if (!found) {
		if (err)
			*err = xasprintf("no product with id \"%s\"", product);
		goto cleanup;
	}
	if (variant_price(c, pid, options, &price))
		has_price = 1;
	st = catalog_cached(c,
	         "INSERT INTO cart_items (cart_id, product_id, quantity, price_cents, options)"
	         " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (cart_id, product_id, options)"
	         " DO UPDATE SET quantity = min(quantity + excluded.quantity, 1000000)",
	         err);
	if (!st)
		goto cleanup;
	sqlite3_bind_int64(st, 1, cart_id);
	sqlite3_bind_int64(st, 2, pid);
	sqlite3_bind_int64(st, 3, quantity);
	if (has_price)
		sqlite3_bind_int64(st, 4, price);
	catalog_bind_text(st, 5, options ? options : "");
	if (sqlite3_step(st) != SQLITE_DONE) {
		catalog_fail(c, err, "adding to the cart");
		goto cleanup;
	}
	if (touch_cart(c, cart_id, err) < 0 || catalog_commit(c, err) < 0)
		goto cleanup;
	rc = 0;
cleanup:
	catalog_release(st);
	if (rc < 0)
		catalog_rollback(c);
	return rc;
}

int cart_set_quantity(catalog *c, int64_t cart_id, const char *product, const char *options,
                      int64_t quantity, char **err)
{
	sqlite3_stmt *st = NULL;
	int rc = -1;
	if (quantity < 0 || quantity > 1000000) {
		if (err)
			*err = xstrdup("the quantity must be between 0 and 1000000");
		return -1;
	}
	if (catalog_begin(c, err) < 0)
		return -1;
	st = catalog_cached(c,
	         quantity == 0
	                 ? "DELETE FROM cart_items WHERE cart_id = ?1 AND product_id ="
	                   " (SELECT id FROM products WHERE source_id = ?2)"
	                   " AND (?4 IS NULL OR options = ?4)"
	                 : "UPDATE cart_items SET quantity = ?3 WHERE cart_id = ?1 AND product_id ="
	                   " (SELECT id FROM products WHERE source_id = ?2)"
	                   " AND (?4 IS NULL OR options = ?4)",
	         err);
	if (!st)
		goto cleanup;
	sqlite3_bind_int64(st, 1, cart_id);
	catalog_bind_text(st, 2, product);
	if (quantity)
		sqlite3_bind_int64(st, 3, quantity);
	if (options)
		catalog_bind_text(st, 4, options);
	else
		sqlite3_bind_null(st, 4);
	if (sqlite3_step(st) != SQLITE_DONE) {
		catalog_fail(c, err, "changing the cart");
		goto cleanup;
	}
	int changed = sqlite3_changes(c->db);
	if (touch_cart(c, cart_id, err) < 0 || catalog_commit(c, err) < 0)
		goto cleanup;
	rc = changed ? 0 : 1;
cleanup:
	catalog_release(st);
	if (rc < 0)
		catalog_rollback(c);
	return rc;
}

int cart_clear(catalog *c, int64_t cart_id, char **err)
{
	sqlite3_stmt *st = catalog_cached(c, "DELETE FROM cart_items WHERE cart_id = ?1", err);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, cart_id);
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : catalog_fail(c, err, "emptying the cart");
	catalog_release(st);
	return rc;
}

int cart_list(catalog *c, int64_t cart_id, struct cart_contents *out, char **err)
{
	memset(out, 0, sizeof *out);
	/* added_at has second resolution; the product id breaks ties. */
	sqlite3_stmt *st = catalog_cached(c,
	                       "SELECT p.source_id, p.name, p.currency, ci.quantity, ci.price_cents,"
	                       " ci.options FROM cart_items ci JOIN products p ON p.id = ci.product_id"
	                       " WHERE ci.cart_id = ?1 ORDER BY ci.added_at, p.id, ci.options",
	                       err);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, cart_id);
	size_t cap = 0;
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		out->lines = xgrow(out->lines, &cap, out->n + 1, sizeof *out->lines);
		struct cart_line *l = &out->lines[out->n++];
		l->product = xstrdup((const char *)sqlite3_column_text(st, 0));
		l->name = xstrdup((const char *)sqlite3_column_text(st, 1));
		l->currency = xstrdup((const char *)sqlite3_column_text(st, 2));
		l->quantity = sqlite3_column_int64(st, 3);
		l->price_cents = sqlite3_column_type(st, 4) == SQLITE_NULL
		                         ? -1
		                         : sqlite3_column_int64(st, 4);
		const char *options = (const char *)sqlite3_column_text(st, 5);
		l->options = options && *options ? xstrdup(options) : NULL;
		out->items += l->quantity;
		if (l->price_cents >= 0)
			out->total_cents += l->quantity * l->price_cents;
	}
	catalog_release(st);
	if (step != SQLITE_DONE) {
		cart_contents_release(out);
		return catalog_fail(c, err, "reading the cart");
	}
	return 0;
}

void cart_contents_release(struct cart_contents *cc)
{
	if (!cc)
		return;
	for (size_t i = 0; i < cc->n; i++) {
		free(cc->lines[i].product);
		free(cc->lines[i].name);
		free(cc->lines[i].currency);
		free(cc->lines[i].options);
	}
	free(cc->lines);
	memset(cc, 0, sizeof *cc);
}
