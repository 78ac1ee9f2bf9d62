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

/* One row kept per variant: "variant price: 3 qt=16999" is the options
 * "3 qt" and 16999. */
struct variant_row {
	char *opts;
	long long n;
};

#define VARIANT_ROWS 256

/* The rows of key kept for product pid, at most VARIANT_ROWS, in the
 * store's order, into *rows (heap; variant_rows_free()); how many. They
 * are read whole before any is used, so a caller may read others. */
static size_t variant_rows(catalog *c, int64_t pid, const char *key, struct variant_row **rows)
{
	*rows = NULL;
	sqlite3_stmt *st = catalog_cached(c,
	                                  "SELECT value FROM attributes WHERE product_id = ?1"
	                                  " AND key = ?2",
	                                  NULL);
	if (!st)
		return 0;
	sqlite3_bind_int64(st, 1, pid);
	catalog_bind_text(st, 2, key);
	size_t n = 0, cap = 0;
	while (n < VARIANT_ROWS && sqlite3_step(st) == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(st, 0);
		const char *eq = v ? strrchr(v, '=') : NULL;
		if (!eq)
			continue;
		*rows = xgrow(*rows, &cap, n + 1, sizeof **rows);
		(*rows)[n].opts = xstrndup(v, (size_t)(eq - v));
		(*rows)[n++].n = strtoll(eq + 1, NULL, 10);
	}
	catalog_release(st);
	return n;
}

static void variant_rows_free(struct variant_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(rows[i].opts);
	free(rows);
}

/* A price kept per variant ("variant price", "variant was price"): the
 * lowest positive one over the variants of product pid that have every
 * option chosen; false when none has it. (A stock is summed instead:
 * cart_variant_stock().) */
static bool variant_value(catalog *c, int64_t pid, const char *options, const char *key,
                          int64_t *out)
{
	if (!options || !*options)
		return false;
	struct variant_row *rows;
	size_t n = variant_rows(c, pid, key, &rows);
	bool found = false;
	for (size_t i = 0; i < n; i++) {
		long long v = rows[i].n;
		if (!options_within(options, rows[i].opts, strlen(rows[i].opts)) || v <= 0)
			continue;
		if (!found || v < *out)
			*out = v;
		found = true;
	}
	variant_rows_free(rows, n);
	return found;
}

static bool variant_price(catalog *c, int64_t pid, const char *options, int64_t *price)
{
	return variant_value(c, pid, options, "variant price", price);
}

/* variant_value() of product (a source id); -1 when none is known. */
static int64_t variant_of(catalog *c, const char *product, const char *options,
                          const char *key)
{
	int64_t pid = 0, price = 0, value = 0;
	int has_price = 0;
	if (!options || !*options || product_lookup(c, product, &pid, &price, &has_price, NULL) != 1)
		return -1;
	return variant_value(c, pid, options, key, &value) ? value : -1;
}

int64_t cart_variant_price(catalog *c, const char *product, const char *options)
{
	return variant_of(c, product, options, "variant price");
}

int64_t cart_variant_was_price(catalog *c, const char *product, const char *options)
{
	return variant_of(c, product, options, "variant was price");
}

int64_t cart_variant_stock(catalog *c, const char *product, const char *options)
{
	int64_t pid = 0, price = 0;
	int has_price = 0;
	if (!options || !*options || product_lookup(c, product, &pid, &price, &has_price, NULL) != 1)
		return -1;
	/* the sum of the stock rows in those options; a variant in them whose
	 * stock the shop does not count ("Unlimited": a price row, no stock
	 * row) makes it unknown: "Ground" of a coffee whose 250 g never runs
	 * out is not out of stock because its 1 kg is */
	struct variant_row *counted, *priced;
	size_t ns = variant_rows(c, pid, "variant stock", &counted);
	size_t n_counted = 0;
	int64_t stock = 0;
	for (size_t i = 0; i < ns; i++)
		if (options_within(options, counted[i].opts, strlen(counted[i].opts))) {
			stock += counted[i].n;
			n_counted++;
		}
	variant_rows_free(counted, ns);
	if (!n_counted)
		return -1;
	size_t np = variant_rows(c, pid, "variant price", &priced);
	size_t n_priced = 0;
	for (size_t i = 0; i < np; i++)
		n_priced += options_within(options, priced[i].opts, strlen(priced[i].opts));
	variant_rows_free(priced, np);
	return n_priced > n_counted ? -1 : stock;
}

/* The rows of key kept for product (a source id); 0 when it has none or
 * is no product. */
static size_t product_variant_rows(catalog *c, const char *product, const char *key,
                                   int64_t *pid, struct variant_row **rows)
{
	int64_t price = 0;
	int has_price = 0;
	*rows = NULL;
	if (product_lookup(c, product, pid, &price, &has_price, NULL) != 1)
		return 0;
	return variant_rows(c, *pid, key, rows);
}

size_t cart_variants_on_sale(catalog *c, const char *product, struct buf *out, int64_t *price,
                             int64_t *was)
{
	int64_t pid = 0;
	struct variant_row *rows;
	size_t n = product_variant_rows(c, product, "variant was price", &pid, &rows), on = 0;
	for (size_t i = 0; i < n; i++) {
		int64_t now = 0;
		if (!variant_price(c, pid, rows[i].opts, &now) || rows[i].n <= now)
			continue;
		if (on++ == 0) {
			*price = now;
			*was = rows[i].n;
		}
		if (out->len)
			buf_adds(out, ", ");
		buf_adds(out, rows[i].opts);
	}
	variant_rows_free(rows, n);
	return on;
}

bool cart_variant_range(catalog *c, const char *product, int64_t *lo, int64_t *hi)
{
	int64_t pid = 0;
	struct variant_row *rows;
	size_t n = product_variant_rows(c, product, "variant price", &pid, &rows);
	bool any = false;
	for (size_t i = 0; i < n; i++) {
		if (rows[i].n <= 0)
			continue;
		if (!any || rows[i].n < *lo)
			*lo = rows[i].n;
		if (!any || rows[i].n > *hi)
			*hi = rows[i].n;
		any = true;
	}
	variant_rows_free(rows, n);
	return any && *hi > *lo;
}

static int by_cents(const void *a, const void *b)
{
	const struct variant_row *x = a, *y = b;
	return x->n < y->n ? -1 : x->n > y->n;
}

#define VARIANTS_LISTED 24

size_t cart_variant_list_with(catalog *c, const char *product, const char *options,
                              struct buf *out, int64_t *lo, int64_t *hi)
{
	int64_t pid = 0;
	struct variant_row *rows;
	size_t n = product_variant_rows(c, product, "variant price", &pid, &rows);
	if (n > 1)
		qsort(rows, n, sizeof *rows, by_cents);
	size_t listed = 0;
	for (size_t i = 0; i < n && listed < VARIANTS_LISTED; i++) {
		if (!options_within(options, rows[i].opts, strlen(rows[i].opts)))
			continue;
		if (!listed || rows[i].n < *lo)
			*lo = rows[i].n;
		if (!listed || rows[i].n > *hi)
			*hi = rows[i].n;
		listed++;
	}
	/* each one's other options: "Single set or 3 sets" of "Regular
	 * Slinky 10-46" */
	size_t k = 0;
	for (size_t i = 0; i < n && k < listed; i++) {
		if (!options_within(options, rows[i].opts, strlen(rows[i].opts)))
			continue;
		if (k)
			buf_adds(out, k + 1 == listed ? " or " : ", ");
		/* its options but those chosen */
		size_t mark = out->len;
		for (const char *v = rows[i].opts; *v;) {
			while (*v == ' ' || *v == ',')
				v++;
			size_t vn = strcspn(v, ",");
			size_t vt = vn;
			while (vt && v[vt - 1] == ' ')
				vt--;
			char *one = xstrndup(v, vt);
			if (vt && !options_within(one, options, strlen(options))) {
				if (out->len > mark)
					buf_adds(out, ", ");
				buf_adds(out, one);
			}
			free(one);
			v += vn;
		}
		if (out->len == mark)
			buf_adds(out, rows[i].opts);
		k++;
	}
	variant_rows_free(rows, n);
	return listed;
}

size_t cart_variant_options(catalog *c, const char *product, char ***out)
{
	int64_t pid = 0;
	struct variant_row *rows;
	size_t n = product_variant_rows(c, product, "variant price", &pid, &rows);
	*out = xcalloc(n ? n : 1, sizeof **out);
	for (size_t i = 0; i < n; i++) {
		(*out)[i] = rows[i].opts; /* taken from the rows */
		rows[i].opts = NULL;
	}
	variant_rows_free(rows, n);
	return n;
}

size_t cart_variant_list(catalog *c, const char *product, struct buf *out)
{
	int64_t pid = 0;
	struct variant_row *rows;
	size_t n = product_variant_rows(c, product, "variant price", &pid, &rows);
	/* the first VARIANTS_LISTED, cheapest first: the order a shop lists
	 * sizes in, most often */
	size_t listed = n < VARIANTS_LISTED ? n : VARIANTS_LISTED;
	if (listed > 1)
		qsort(rows, listed, sizeof *rows, by_cents);
	/* variants of two or three options ("250g, Whole bean") are said
	 * option by option: "250g or 1kg; Whole bean, Espresso or Filter" */
	bool several = listed > 1;
	for (size_t i = 0; i < listed && several; i++)
		several = strchr(rows[i].opts, ',') != NULL;
	if (several) {
		for (size_t k = 0; k < 3; k++) {
			char *seen[VARIANTS_LISTED];
			size_t ns = 0;
			for (size_t i = 0; i < listed; i++) {
				const char *v = rows[i].opts;
				for (size_t skip = 0; skip < k && v; skip++) {
					v = strchr(v, ',');
					v = v ? v + 1 : NULL;
				}
				while (v && *v == ' ')
					v++;
				if (!v || !*v)
					continue;
				char *one = xstrndup(v, strcspn(v, ","));
				bool dup = false;
				for (size_t j = 0; j < ns && !dup; j++)
					dup = !strcasecmp(seen[j], one);
				if (dup)
					free(one);
				else
					seen[ns++] = one;
			}
			/* an option of one value ("One Size") is no choice */
			if (ns == 1) {
				free(seen[0]);
				continue;
			}
			if (ns && out->len)
				buf_adds(out, "; ");
			for (size_t j = 0; j < ns; j++) {
				if (j)
					buf_adds(out, j + 1 == ns ? " or " : ", ");
				buf_adds(out, seen[j]);
				free(seen[j]);
			}
		}
		variant_rows_free(rows, n);
		return listed;
	}
	for (size_t i = 0; i < listed; i++) {
		if (i)
			buf_adds(out, i + 1 == listed ? " or " : ", ");
		buf_adds(out, rows[i].opts);
	}
	variant_rows_free(rows, n);
	return listed;
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
