/*
 * import_orders.c: order history, one row per order line, into orders and
 * order_items, with customers created as needed.
 *
 * Decisions: price is the unit price and an order's total is the sum of
 * quantity x price over its lines; the first line of an order gives its
 * customer, status and date. Statuses are the schema's six, with common
 * synonyms accepted in any case (see status_words: an order a shop calls
 * "completed" has reached the shopper, so delivered; "fulfilled" means it
 * left the warehouse, so shipped; "processing" is still pending; "refunded"
 * is returned). Dates are ISO 8601
 * ("2026-11-20", "2026-11-20 10:00", "2026-11-20T10:00:00+02:00") and are
 * stored in UTC as "YYYY-MM-DDTHH:MM:SSZ". An order id already in the
 * database before this import is a bad row, unless --replace, which
 * replaces that order's lines. A line whose product the catalog does not
 * have is a bad row: order history feeds the recommender and the order
 * look-ups, which need the product.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "catalog/store/catalog_int.h"
#include "catalog/import/import_orders.h"
#include "catalog/import/record.h"
#include "catalog/import/price.h"
#include "common/buf.h"
#include "common/xalloc.h"

static const struct {
	const char *word; /* normalized: letters only, lower case */
	const char *status;
} status_words[] = {
	{"pending", "pending"},     {"new", "pending"},          {"open", "pending"},
	{"processing", "pending"},  {"placed", "pending"},       {"onhold", "pending"},
	{"unpaid", "pending"},      {"awaitingpayment", "pending"},
	{"paid", "paid"},           {"confirmed", "paid"},       {"authorized", "paid"},
	{"shipped", "shipped"},     {"intransit", "shipped"},    {"dispatched", "shipped"},
	{"fulfilled", "shipped"},   {"sent", "shipped"},         {"outfordelivery", "shipped"},
	{"delivered", "delivered"}, {"completed", "delivered"},  {"complete", "delivered"},
	{"received", "delivered"},
	{"cancelled", "cancelled"}, {"canceled", "cancelled"},   {"voided", "cancelled"},
	{"void", "cancelled"},
	{"returned", "returned"},   {"refunded", "returned"},    {"returnedrefunded", "returned"},
};

const char *import_order_status(const char *s)
{
	char norm[32];
	size_t n = 0;
	for (; *s && n + 1 < sizeof norm; s++)
		if (isalpha((unsigned char)*s))
			norm[n++] = (char)tolower((unsigned char)*s);
	norm[n] = '\0';
	for (size_t i = 0; i < sizeof status_words / sizeof status_words[0]; i++)
		if (!strcmp(norm, status_words[i].word))
			return status_words[i].status;
	return NULL;
}

/* Reads exactly n digits. */
static int digits(const char **s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*s)[i]))
			return -1;
		v = v * 10 + ((*s)[i] - '0');
	}
	*s += n;
	*out = v;
	return 0;
}

int import_order_date(const char *s, char out[32])
{
	int y, mo, d, h = 0, mi = 0, sec = 0, off = 0;
	while (isspace((unsigned char)*s))
		s++;
	if (digits(&s, 4, &y) < 0 || *s++ != '-' || digits(&s, 2, &mo) < 0 || *s++ != '-' ||
	    digits(&s, 2, &d) < 0)
		return -1;
	if (*s == 'T' || *s == ' ') {
		s++;
		if (digits(&s, 2, &h) < 0 || *s++ != ':' || digits(&s, 2, &mi) < 0)
			return -1;
		if (*s == ':') {
			s++;
			if (digits(&s, 2, &sec) < 0)
				return -1;
			if (*s == '.') /* fractions of a second are dropped */
				while (isdigit((unsigned char)*++s))
					;
		}
		if (*s == ' ')
			s++;
		if (*s == 'Z') {
			s++;
		} else if (*s == '+' || *s == '-') {
			int sign = *s++ == '-' ? -1 : 1, oh, om = 0;
			if (digits(&s, 2, &oh) < 0)
				return -1;
			if (*s == ':')
				s++;
			if (isdigit((unsigned char)*s) && digits(&s, 2, &om) < 0)
				return -1;
			off = sign * (oh * 60 + om);
		}
	}
	while (isspace((unsigned char)*s))
		s++;
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (*s || y < 1970 || mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] ||
	    (mo == 2 && d == 29 && !leap) || h > 23 || mi > 59 || sec > 60)
		return -1;
	struct tm tm = {.tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d,
	                .tm_hour = h, .tm_min = mi, .tm_sec = sec};
	time_t t = timegm(&tm) - (time_t)off * 60;
	struct tm utc;
	gmtime_r(&t, &utc);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &utc);
	return 0;
}

struct order_importer {
	catalog *c;
	struct mapping *m;
	bool replace;
	char currency[4];         /* of prices that say none, or "" */
	int64_t max_before;       /* orders.id values above this were made by this import */
	struct resolved res;
	struct buf text[OF_COUNT];
	bool has[OF_COUNT];
	sqlite3_stmt *find_order, *delete_order, *insert_order, *update_order;
	sqlite3_stmt *find_customer, *insert_customer, *find_product, *next_line, *insert_item;
};

struct order_importer *order_importer_new(catalog *c, struct mapping *m, bool replace,
                                          const char *currency, char **err)
{
	struct order_importer *oi = xcalloc(1, sizeof *oi);
	oi->c = c;
	oi->m = m;
	oi->replace = replace;
	/* prices that say no currency are in the one named (--currency),
	 * else in the catalog's: a GBP shop's orders are in GBP */
	if (currency)
		snprintf(oi->currency, sizeof oi->currency, "%s", currency);
	else {
		sqlite3_stmt *st = catalog_prepare(c,
			"SELECT currency FROM products WHERE currency IS NOT NULL"
			" GROUP BY currency ORDER BY count(*) DESC LIMIT 1", NULL);
		if (st && sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
			snprintf(oi->currency, sizeof oi->currency, "%s",
			         (const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
	}
	for (int f = 0; f < OF_COUNT; f++)
		buf_init(&oi->text[f]);
	struct {
		sqlite3_stmt **st;
		const char *sql;
	} stmts[] = {
		{&oi->find_order, "SELECT id FROM orders WHERE source_id = ?1"},
		{&oi->delete_order, "DELETE FROM orders WHERE id = ?1"},
		{&oi->insert_order,
		 "INSERT INTO orders (source_id, customer_id, status, placed_at, currency, email,"
		 " postcode, carrier, tracking) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)"},
		{&oi->update_order,
		 "UPDATE orders SET total_cents = total_cents + ?2, email = coalesce(email, ?3),"
		 " postcode = coalesce(postcode, ?4), carrier = coalesce(carrier, ?5),"
		 " tracking = coalesce(tracking, ?6) WHERE id = ?1"},
		{&oi->find_customer, "SELECT id FROM customers WHERE external_id = ?1"},
		{&oi->insert_customer,
		 "INSERT INTO customers (external_id, email, postcode) VALUES (?1,?2,?3)"},
		{&oi->find_product, "SELECT id, name FROM products WHERE source_id = ?1"},
		{&oi->next_line,
		 "SELECT coalesce(max(line), 0) + 1 FROM order_items WHERE order_id = ?1"},
		{&oi->insert_item,
		 "INSERT INTO order_items (order_id, line, product_id, product_source_id, name,"
		 " quantity, price_cents) VALUES (?1,?2,?3,?4,?5,?6,?7)"},
	};
	for (size_t i = 0; i < sizeof stmts / sizeof stmts[0]; i++) {
		*stmts[i].st = catalog_prepare(c, stmts[i].sql, err);
		if (!*stmts[i].st) {
			order_importer_free(oi);
			return NULL;
		}
	}
	sqlite3_stmt *st = catalog_prepare(c, "SELECT coalesce(max(id), 0) FROM orders", err);
	if (!st || sqlite3_step(st) != SQLITE_ROW) {
		if (st)
			catalog_fail(c, err, "reading orders");
		sqlite3_finalize(st);
		order_importer_free(oi);
		return NULL;
	}
	oi->max_before = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return oi;
}

void order_importer_free(struct order_importer *oi)
{
	if (!oi)
		return;
	sqlite3_stmt *all[] = {oi->find_order, oi->delete_order, oi->insert_order,
	                       oi->update_order, oi->find_customer, oi->insert_customer,
	                       oi->find_product, oi->next_line, oi->insert_item};
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
		sqlite3_finalize(all[i]);
	for (int f = 0; f < OF_COUNT; f++)
		buf_release(&oi->text[f]);
	free(oi->res.unmapped);
	free(oi);
}

static const char *text_or_null(struct order_importer *oi, int f)
{
	return oi->has[f] ? oi->text[f].s : NULL;
}

/* Runs a statement that yields one integer (or none: *out untouched). */
static int step_id(struct order_importer *oi, sqlite3_stmt *st, int64_t *out, char **err,
                   const char *what)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	else if (rc != SQLITE_DONE)
		return catalog_fail(oi->c, err, what);
	sqlite3_reset(st);
	return 0;
}

static int64_t customer_id(struct order_importer *oi, char **err)
{
	if (!oi->has[OF_CUSTOMER])
		return 0;
	int64_t id = 0;
	sqlite3_stmt *st = oi->find_customer;
	catalog_bind_text(st, 1, oi->text[OF_CUSTOMER].s);
	if (step_id(oi, st, &id, err, "looking up a customer") < 0)
		return -1;
	if (id)
		return id;
	st = oi->insert_customer;
	catalog_bind_text(st, 1, oi->text[OF_CUSTOMER].s);
	catalog_bind_text(st, 2, text_or_null(oi, OF_EMAIL));
	catalog_bind_text(st, 3, text_or_null(oi, OF_POSTCODE));
	if (sqlite3_step(st) != SQLITE_DONE) {
		sqlite3_reset(st);
		return catalog_fail(oi->c, err, "storing a customer");
	}
	sqlite3_reset(st);
	return sqlite3_last_insert_rowid(oi->c->db);
}

/* The order's row id, creating the order on its first line. */
static int order_id(struct order_importer *oi, const char *status, const char *date,
                    const char *currency, const struct record *r, const char *source,
                    int64_t *out, char **err)
{
	int64_t id = 0;
	catalog_bind_text(oi->find_order, 1, oi->text[OF_ORDER_ID].s);
	if (step_id(oi, oi->find_order, &id, err, "looking up an order") < 0)
		return IMPORT_FATAL;
	if (id > oi->max_before) {
		*out = id;
		return IMPORT_OK;
	}
	if (id) {
		if (!oi->replace) {
			*err = record_where(source, r, "order_id",
			                    "order \"%s\" is already in the database (--replace "
			                    "replaces it)", oi->text[OF_ORDER_ID].s);
			return IMPORT_BAD;
		}
		sqlite3_bind_int64(oi->delete_order, 1, id);
		if (sqlite3_step(oi->delete_order) != SQLITE_DONE) {
			sqlite3_reset(oi->delete_order);
			catalog_fail(oi->c, err, "replacing an order");
			return IMPORT_FATAL;
		}
		sqlite3_reset(oi->delete_order);
	}
	int64_t customer = customer_id(oi, err);
	if (customer < 0)
		return IMPORT_FATAL;
	sqlite3_stmt *st = oi->insert_order;
	catalog_bind_text(st, 1, oi->text[OF_ORDER_ID].s);
	if (customer)
		sqlite3_bind_int64(st, 2, customer);
	else
		sqlite3_bind_null(st, 2);
	catalog_bind_text(st, 3, status);
	catalog_bind_text(st, 4, date);
	catalog_bind_text(st, 5, currency && *currency ? currency : "USD");
	catalog_bind_text(st, 6, text_or_null(oi, OF_EMAIL));
	catalog_bind_text(st, 7, text_or_null(oi, OF_POSTCODE));
	catalog_bind_text(st, 8, text_or_null(oi, OF_CARRIER));
	catalog_bind_text(st, 9, text_or_null(oi, OF_TRACKING));
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		catalog_fail(oi->c, err, "storing an order");
		return IMPORT_FATAL;
	}
	*out = sqlite3_last_insert_rowid(oi->c->db);
	return IMPORT_OK;
}

static int bad(const char *source, const struct record *r, const char *field,
               const char *value, const char *what, char **err)
{
	*err = record_where(source, r, field, "\"%s\" is not %s", value, what);
	return IMPORT_BAD;
}

/* The catalog's product for the line: IMPORT_OK with its row id and name
 * (heap) in *product and *name, IMPORT_BAD when the catalog has no such
 * product (an order line must name one), or IMPORT_FATAL. */
static int line_product(struct order_importer *oi, const struct record *r, const char *source,
                        int64_t *product, char **name, char **err)
{
	sqlite3_stmt *st = oi->find_product;
	catalog_bind_text(st, 1, oi->text[OF_PRODUCT].s);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*product = sqlite3_column_int64(st, 0);
		*name = xstrdup((const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return IMPORT_OK;
	if (rc != SQLITE_DONE) {
		catalog_fail(oi->c, err, "looking up a product");
		return IMPORT_FATAL;
	}
	*err = record_where(source, r, r->keys[oi->res.chosen[OF_PRODUCT]],
	                    "product \"%s\" is not in the catalog (import the products first)",
	                    oi->text[OF_PRODUCT].s);
	return IMPORT_BAD;
}

static int add_item(struct order_importer *oi, int64_t order, int64_t product,
                    const char *name, int64_t quantity, int64_t price, char **err)
{
	int64_t line = 1;
	sqlite3_stmt *st;
	int rc;
	sqlite3_bind_int64(oi->next_line, 1, order);
	if (step_id(oi, oi->next_line, &line, err, "numbering order lines") < 0)
		return -1;
	st = oi->insert_item;
	sqlite3_bind_int64(st, 1, order);
	sqlite3_bind_int64(st, 2, line);
	sqlite3_bind_int64(st, 3, product);
	catalog_bind_text(st, 4, oi->text[OF_PRODUCT].s);
	catalog_bind_text(st, 5, oi->has[OF_NAME] ? oi->text[OF_NAME].s : name);
	sqlite3_bind_int64(st, 6, quantity);
	sqlite3_bind_int64(st, 7, price);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return catalog_fail(oi->c, err, "storing an order line");
	st = oi->update_order;
	sqlite3_bind_int64(st, 1, order);
	sqlite3_bind_int64(st, 2, quantity * price);
	catalog_bind_text(st, 3, text_or_null(oi, OF_EMAIL));
	catalog_bind_text(st, 4, text_or_null(oi, OF_POSTCODE));
	catalog_bind_text(st, 5, text_or_null(oi, OF_CARRIER));
	catalog_bind_text(st, 6, text_or_null(oi, OF_TRACKING));
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return catalog_fail(oi->c, err, "updating an order total");
	return 0;
}

int order_importer_add(struct order_importer *oi, const struct record *r, const char *source,
                       char **err)
{
	int rc = record_resolve(oi->m, r, &oi->res, source, err);
	if (rc != IMPORT_OK)
		return rc;
	for (int f = 0; f < OF_COUNT; f++) {
		buf_reset(&oi->text[f]);
		oi->has[f] = record_text(r, &oi->res, f, ", ", &oi->text[f]);
	}
	static const int required[] = {OF_ORDER_ID, OF_PRODUCT, OF_QUANTITY, OF_PRICE, OF_DATE,
	                               OF_STATUS};
	for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
		if (!oi->has[required[i]]) {
			const char *name = mapping_field_name(oi->m, required[i]);
			*err = record_where(source, r, name, "missing %s", name);
			return IMPORT_BAD;
		}
	const char *const *keys = r->keys;
#define KEY(f) keys[oi->res.chosen[f]]
	int64_t quantity, price;
	char currency[4], date[32];
	if (record_parse_int(oi->text[OF_QUANTITY].s, &quantity) < 0 || quantity <= 0 ||
	    quantity > 1000000)
		return bad(source, r, KEY(OF_QUANTITY), oi->text[OF_QUANTITY].s,
		           "a quantity (a whole number above 0)", err);
	if (price_parse(oi->text[OF_PRICE].s, &price, currency) < 0)
		return bad(source, r, KEY(OF_PRICE), oi->text[OF_PRICE].s, "a price", err);
	if (import_order_date(oi->text[OF_DATE].s, date) < 0)
		return bad(source, r, KEY(OF_DATE), oi->text[OF_DATE].s,
		           "a date (YYYY-MM-DD, optionally with a time)", err);
	const char *status = import_order_status(oi->text[OF_STATUS].s);
	if (!status)
		return bad(source, r, KEY(OF_STATUS), oi->text[OF_STATUS].s,
		           "an order status (pending, paid, shipped, delivered, cancelled, returned)",
		           err);
#undef KEY
	if (oi->has[OF_CURRENCY])
		snprintf(currency, sizeof currency, "%s", oi->text[OF_CURRENCY].s);
	else if (!currency[0] && oi->currency[0])
		snprintf(currency, sizeof currency, "%s", oi->currency);
	/* The product first: a bad line must not leave an order behind. */
	int64_t order, product = 0;
	char *name = NULL;
	rc = line_product(oi, r, source, &product, &name, err);
	if (rc == IMPORT_OK)
		rc = order_id(oi, status, date, currency, r, source, &order, err);
	if (rc == IMPORT_OK && add_item(oi, order, product, name, quantity, price, err) < 0)
		rc = IMPORT_FATAL;
	free(name);
	return rc;
}
