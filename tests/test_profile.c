/* Unit tests for catalog/shop/profile.c: consent first, sign-in, affinities
 * with decay, the bounded re-rank, export and forget (no trace left, no
 * other customer touched), and the anonymous session's end. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "catalog/shop/cart.h"
#include "catalog/shop/events.h"
#include "catalog/shop/profile.h"
#include "catalog/store/product.h"
#include "common/buf.h"
#include "common/xalloc.h"
#include "tests/catalog_fixture.h"

#define ANN "cust-7731"
#define BOB "cust-8842"

static void put(catalog *c, const struct product *p)
{
	product_writer *w = product_writer_new(c, NULL);
	assert_non_null(w);
	assert_int_equal(catalog_begin(c, NULL), 0);
	assert_int_equal(product_writer_put(w, p, false, NULL), 0);
	assert_int_equal(catalog_commit(c, NULL), 0);
	product_writer_free(w);
}

static int setup(void **state)
{
	if (open_memory(state) < 0)
		return -1;
	catalog *c = *state;
	const struct product products[] = {
		{.id = "T1", .name = "Trail Runner", .brand = "Northridge",
		 .category = "Footwear > Trail", .color = "blue", .features = "waterproof:yes",
		 .price_cents = 12999, .has_price = true, .rating = 4.5, .has_rating = true},
		{.id = "T2", .name = "Mud Shoe", .brand = "Summitline", .category = "Footwear > Trail",
		 .color = "green", .price_cents = 8950, .has_price = true, .rating = 3.9,
		 .has_rating = true},
		{.id = "T3", .name = "Green Step Shoe", .brand = "Greenstep",
		 .category = "Footwear > Trail", .features = "upper:recycled polyester",
		 .price_cents = 9900, .has_price = true, .rating = 4.8, .has_rating = true},
		{.id = "J1", .name = "Shell Jacket", .brand = "Northridge",
		 .category = "Clothing > Jackets", .color = "blue",
		 .features = "certification:fair trade", .price_cents = 19900, .has_price = true},
		{.id = "B1", .name = "Steel Bottle", .brand = "Greenstep",
		 .category = "Accessories > Bottles", .features = "eco:yes", .price_cents = 2500,
		 .has_price = true},
		{.id = "S1", .name = "Sock", .brand = "Economy Basics",
		 .category = "Footwear > Trail", .features = "decor:stripes", .price_cents = 900,
		 .has_price = true, .rating = 5, .has_rating = true},
	};
	for (size_t i = 0; i < sizeof products / sizeof products[0]; i++)
		put(c, &products[i]);
	exec(c, "INSERT INTO customers (external_id, name, email, postcode) VALUES"
	        " ('" ANN "', 'Ann Smith', 'ann@example.com', 'OX1 2AB'),"
	        " ('" BOB "', 'Bob Jones', 'bob@example.org', '90210');"
	        "INSERT INTO orders (source_id, customer_id, status, placed_at, total_cents,"
	        " email, postcode, carrier, tracking) VALUES"
	        " ('70001', 1, 'delivered', '2026-10-01', 12999, 'ann@example.com', 'OX1 2AB', 'DPD', 'DP1'),"
	        " ('70002', 1, 'shipped', '2026-11-01', 19900, 'ann@example.com', 'OX1 2AB', 'DPD', 'DP2'),"
	        " ('70003', 1, 'delivered', '2026-09-01', 2500, 'ann@example.com', 'OX1 2AB', 'UPS', 'UP3'),"
	        " ('70004', NULL, 'paid', '2026-11-20', 8950, 'ANN@example.com', 'OX1 2AB', NULL, NULL),"
	        " ('70005', 2, 'delivered', '2026-11-02', 9900, 'bob@example.org', '90210', 'UPS', 'UP5');"
	        "INSERT INTO order_items (order_id, line, product_id, product_source_id, name,"
	        " quantity, price_cents) VALUES (1, 1, 1, 'T1', 'Trail Runner', 1, 12999),"
	        " (2, 1, 4, 'J1', 'Shell Jacket', 1, 19900), (5, 1, 3, 'T3', 'Green Step Shoe', 1, 9900);"
	        "INSERT INTO shipments (order_id, at, status, location) VALUES"
	        " (1, '2026-10-02', 'delivered', 'Oxford');");
	return 0;
}

static void consent(catalog *c, const char *who)
{
	assert_int_equal(profile_set_consent(c, who, true, NULL), 0);
}

static int64_t count(catalog *c, const char *sql)
{
	return scalar(c, sql);
}

static void test_no_events_without_consent(void **state)
{
	catalog *c = *state;
	/* a customer who never agreed: the event is kept without them (staff
	 * count it as an anonymous shopper's), never under their id */
	assert_int_equal(events_log(c, ANN, "s1", "view", "T1", NULL, NULL), 0);
	assert_int_equal(count(c, "SELECT count(*) FROM events WHERE customer_id IS NOT NULL"), 0);
	assert_int_equal(count(c, "SELECT count(*) FROM events"), 1);
	/* another writer (checkout's purchase events) is held to it by the table */
	exec(c, "INSERT INTO events (customer_id, kind, product_id) VALUES (1, 'purchase', 1)");
	assert_int_equal(count(c, "SELECT count(*) FROM events WHERE customer_id IS NOT NULL"), 0);
	/* an id that is no customer is not logged as the session's either */
	assert_int_equal(events_log(c, "ghost", "s1", "view", "T1", NULL, NULL), 0);
	assert_int_equal(count(c, "SELECT count(*) FROM events"), 2);
	/* anonymous: the session only */
	assert_int_equal(events_log(c, NULL, "s1", "view", "T1", NULL, NULL), 0);
	assert_int_equal(count(c, "SELECT count(*) FROM events WHERE customer_id IS NULL"), 3);
	/* refused, then granted */
	assert_int_equal(profile_set_consent(c, ANN, false, NULL), 0);
	assert_int_equal(events_log(c, ANN, "s1", "view", "T1", NULL, NULL), 0);
	assert_int_equal(count(c, "SELECT count(*) FROM events WHERE customer_id = 1"), 0);
	consent(c, ANN);
	assert_int_equal(events_log(c, ANN, "s1", "view", "T1", NULL, NULL), 0);
	exec(c, "INSERT INTO events (customer_id, kind, product_id) VALUES (1, 'purchase', 1)");
	assert_int_equal(count(c, "SELECT count(*) FROM events WHERE customer_id = 1"), 2);
	/* Bob's consent is his own */
	assert_int_equal(events_log(c, BOB, "s2", "view", "T1", NULL, NULL), 0);
	assert_int_equal(count(c, "SELECT count(*) FROM events WHERE customer_id = 2"), 0);
}

static void test_consent_states(void **state)
{
	catalog *c = *state;
	enum profile_consent k;
	assert_int_equal(profile_consent(c, ANN, &k, NULL), 0);
	assert_int_equal(k, PROFILE_CONSENT_UNASKED);
	assert_int_equal(profile_consent(c, NULL, &k, NULL), 0);
	assert_int_equal(k, PROFILE_CONSENT_UNASKED);
	consent(c, ANN);
	assert_int_equal(profile_consent(c, ANN, &k, NULL), 0);
	assert_int_equal(k, PROFILE_CONSENT_GRANTED);
	assert_int_equal(events_log(c, ANN, "s1", "search", NULL, "tents", NULL), 0);
	assert_int_equal(events_log(c, ANN, "s1", "view", "T1", NULL, NULL), 0);
	/* withdrawal stops recording at once and keeps what was recorded */
	assert_int_equal(profile_set_consent(c, ANN, false, NULL), 0);
	assert_int_equal(profile_consent(c, ANN, &k, NULL), 0);
	assert_int_equal(k, PROFILE_CONSENT_REFUSED);
	assert_int_equal(events_log(c, ANN, "s1", "view", "T2", NULL, NULL), 0);
	assert_int_equal(count(c, "SELECT count(*) FROM events WHERE customer_id = 1"), 2);
	int64_t deleted = 0;
	assert_int_equal(profile_forget_history(c, ANN, &deleted, NULL), 0);
	assert_int_equal(deleted, 2);
	assert_int_equal(count(c, "SELECT count(*) FROM events WHERE customer_id IS NOT NULL"), 0);
	/* a new customer's consent creates the row */
	assert_int_equal(profile_set_consent(c, "new-1", true, NULL), 0);
	assert_int_equal(count(c, "SELECT count(*) FROM customers WHERE external_id = 'new-1'"), 1);
	assert_int_equal(profile_set_consent(c, NULL, true, NULL), -1);
}

static void test_sign_in(void **state)
{
	catalog *c = *state;
	enum profile_sign_in r;
	const int64_t now = 1800000000;
	assert_int_equal(profile_sign_in(c, ANN, "Ann@Example.com", now, &r, NULL), 0);
	assert_int_equal(r, PROFILE_SIGNED_IN);
	assert_int_equal(profile_sign_in(c, ANN, "ox1-2ab", now, &r, NULL), 0);
	assert_int_equal(r, PROFILE_SIGNED_IN);
	/* another customer's email does not open Ann's account, nor hers Bob's */
	assert_int_equal(profile_sign_in(c, ANN, "bob@example.org", now, &r, NULL), 0);
	assert_int_equal(r, PROFILE_NO_MATCH);
	assert_int_equal(profile_sign_in(c, BOB, "ann@example.com", now, &r, NULL), 0);
	assert_int_equal(r, PROFILE_NO_MATCH);
	/* no such customer answers the same */
	assert_int_equal(profile_sign_in(c, "ghost", "ann@example.com", now, &r, NULL), 0);
	assert_int_equal(r, PROFILE_NO_MATCH);
	assert_int_equal(profile_sign_in(c, ANN, "", now, &r, NULL), 0);
	assert_int_equal(r, PROFILE_NO_MATCH);
	/* ANN has 2 failures; three more lock her id, even for the right email */
	for (int i = 0; i < 3; i++)
		assert_int_equal(profile_sign_in(c, ANN, "wrong@x.org", now, &r, NULL), 0);
	assert_int_equal(r, PROFILE_NO_MATCH);
	assert_int_equal(profile_sign_in(c, ANN, "ann@example.com", now + 10, &r, NULL), 0);
	assert_int_equal(r, PROFILE_LOCKED);
	/* the lock runs out */
	assert_int_equal(profile_sign_in(c, ANN, "ann@example.com", now + PROFILE_LOCK_SECONDS + 1,
	                                 &r, NULL), 0);
	assert_int_equal(r, PROFILE_SIGNED_IN);
	/* a customer whose row has no email signs in with an order's */
	exec(c, "UPDATE customers SET email = NULL, postcode = NULL WHERE external_id = '" BOB "'");
	assert_int_equal(profile_sign_in(c, BOB, "90210", now, &r, NULL), 0);
	assert_int_equal(r, PROFILE_SIGNED_IN);
}

static const char *const eco[] = {"eco", "organic", "recycled", "fair trade"};

static const struct profile_affinity *find(const struct profile *p, enum profile_kind kind,
                                           const char *value)
{
	for (size_t i = 0; i < p->n_affinities; i++)
		if (p->affinities[i].kind == kind && !strcmp(p->affinities[i].value, value))
			return &p->affinities[i];
	return NULL;
}

static void test_affinities(void **state)
{
	catalog *c = *state;
	consent(c, ANN);
	const int64_t now = (int64_t)time(NULL);
	assert_int_equal(events_log(c, ANN, "s1", "view", "T1", NULL, NULL), 0);
	assert_int_equal(events_log(c, ANN, "s1", "add_to_cart", "T1", NULL, NULL), 0);
	assert_int_equal(events_log(c, ANN, "s1", "view", "J1", NULL, NULL), 0);
	assert_int_equal(events_log(c, ANN, "s1", "search", NULL, "jackets", NULL), 0);
	assert_int_equal(events_log(c, ANN, "s1", "search", NULL, "trail shoes", NULL), 0);
	/* a year-old interest in Summitline weighs little, whatever its count */
	for (int i = 0; i < 3; i++)
		exec(c, "INSERT INTO events (customer_id, kind, product_id, at)"
		        " VALUES (1, 'purchase', 2, unixepoch() - 365 * 86400)");
	struct profile p;
	assert_int_equal(profile_read(c, ANN, NULL, now, eco, 4, &p, NULL), 0);
	assert_int_equal(p.n_events, 8);
	const struct profile_affinity *top = profile_top(&p, PROFILE_BRAND);
	assert_non_null(top);
	assert_string_equal(top->value, "Northridge");
	const struct profile_affinity *old = find(&p, PROFILE_BRAND, "Summitline");
	assert_non_null(old);
	assert_true(old->share < top->share / 2);
	assert_string_equal(profile_top(&p, PROFILE_CATEGORY)->value, "Trail");
	assert_string_equal(profile_top(&p, PROFILE_COLOR)->value, "blue");
	assert_non_null(find(&p, PROFILE_ECO, "fair trade"));
	assert_non_null(profile_top(&p, PROFILE_PRICE));
	int64_t lo, hi;
	profile_price_band(profile_top(&p, PROFILE_PRICE)->value, &lo, &hi);
	assert_true(lo <= 12999 && (hi < 0 || hi > 12999));
	for (size_t i = 0; i < p.n_affinities; i++)
		assert_true(p.affinities[i].share > 0 && p.affinities[i].share <= 1);
	assert_int_equal(p.n_searches, 2);
	assert_string_equal(p.searches[0], "trail shoes"); /* newest first */
	/* orders for the customer's own questions: cancelled and returned aside */
	assert_int_equal(p.orders, 3);
	assert_int_equal(p.spent_cents, 12999 + 19900 + 2500);
	assert_int_equal(p.tier, 2);
	profile_release(&p);
	/* without eco words there is no eco label; "eco" is a word, not a part
	 * of "economy" or "decor" */
	assert_int_equal(profile_read(c, ANN, NULL, now, NULL, 0, &p, NULL), 0);
	assert_null(profile_top(&p, PROFILE_ECO));
	profile_release(&p);
	/* Bob has no history: his profile is empty, not Ann's */
	assert_int_equal(profile_read(c, BOB, NULL, now, eco, 4, &p, NULL), 0);
	assert_int_equal(p.n_events, 0);
	assert_int_equal(p.n_affinities, 0);
	assert_int_equal(p.orders, 1);
	profile_release(&p);
}

static void test_eco_words_bounded(void **state)
{
	catalog *c = *state;
	consent(c, ANN);
	assert_int_equal(events_log(c, ANN, "s1", "purchase", "S1", NULL, NULL), 0);
	struct profile p;
	assert_int_equal(profile_read(c, ANN, NULL, (int64_t)time(NULL), eco, 4, &p, NULL), 0);
	assert_null(profile_top(&p, PROFILE_ECO)); /* "Economy Basics", "decor" */
	profile_release(&p);
	struct product_view v;
	char *label = NULL;
	assert_int_equal(profile_eco_pick(c, "Footwear > Trail", eco, 4, &v, &label, NULL), 0);
	assert_non_null(v.id);
	assert_string_equal(v.id, "T3");
	assert_string_equal(label, "recycled");
	product_view_release(&v);
	free(label);
	assert_int_equal(profile_eco_pick(c, "Footwear", eco, 4, &v, &label, NULL), 0);
	assert_string_equal(v.id, "T3"); /* a category holds its subcategories */
	product_view_release(&v);
	free(label);
	assert_int_equal(profile_eco_pick(c, "Clothing > Jackets", eco, 1, &v, &label, NULL), 0);
	assert_null(v.id); /* "eco" only: the jacket is fair trade */
	assert_null(label);
}

static void test_rerank_bounded(void **state)
{
	catalog *c = *state;
	const char *ids[] = {"T2", "B1", "S1", "T3", "J1", "T1"};
	const char *orig[6];
	memcpy(orig, ids, sizeof ids);
	/* no history: nothing moves */
	assert_int_equal(profile_rerank(c, ANN, ids, 6, NULL), 0);
	assert_memory_equal(ids, orig, sizeof ids);
	assert_int_equal(profile_rerank(c, NULL, ids, 6, NULL), 0);
	assert_memory_equal(ids, orig, sizeof ids);
	consent(c, ANN);
	for (int i = 0; i < 4; i++)
		assert_int_equal(events_log(c, ANN, "s1", "purchase", "J1", NULL, NULL), 0);
	assert_int_equal(profile_rerank(c, ANN, ids, 6, NULL), 0);
	/* J1 and T1 (Northridge, blue) rise, by at most PROFILE_MAX_SHIFT */
	for (size_t i = 0; i < 6; i++) {
		size_t was = 0;
		while (strcmp(orig[was], ids[i]))
			was++;
		assert_true(was <= i + PROFILE_MAX_SHIFT);
	}
	size_t j1 = 0;
	while (strcmp(ids[j1], "J1"))
		j1++;
	assert_int_equal(j1, 4 - PROFILE_MAX_SHIFT);
	/* over views already read (a search's hits), the same order */
	struct profile p;
	assert_int_equal(profile_read(c, ANN, NULL, (int64_t)time(NULL), NULL, 0, &p, NULL), 0);
	struct product_view views[6];
	const struct product_view *v[6];
	for (size_t i = 0; i < 6; i++) {
		assert_int_equal(product_view_load(c, orig[i], true, &views[i], NULL), 0);
		v[i] = &views[i];
	}
	profile_rerank_views(&p, v, 6);
	for (size_t i = 0; i < 6; i++)
		assert_string_equal(v[i]->id, ids[i]);
	for (size_t i = 0; i < 6; i++)
		product_view_release(&views[i]);
	profile_release(&p);
	/* Bob's list is his own */
	memcpy(ids, orig, sizeof ids);
	assert_int_equal(profile_rerank(c, BOB, ids, 6, NULL), 0);
	assert_memory_equal(ids, orig, sizeof ids);
}

static void test_history_suggestions(void **state)
{
	catalog *c = *state;
	char *carrier = NULL;
	int64_t n = 0;
	assert_int_equal(profile_usual_carrier(c, ANN, &carrier, &n, NULL), 0);
	assert_string_equal(carrier, "DPD");
	assert_int_equal(n, 2);
	free(carrier);
	assert_int_equal(profile_usual_carrier(c, "ghost", &carrier, &n, NULL), 0);
	assert_null(carrier);
	/* a cart left before now is waiting; an empty one is not */
	int64_t cart;
	bool waiting = true;
	assert_int_equal(cart_open(c, ANN, NULL, &cart, NULL), 0);
	assert_int_equal(profile_cart_waiting(c, ANN, INT64_MAX, &waiting, NULL), 0);
	assert_false(waiting);
	assert_int_equal(cart_add(c, cart, "T1", NULL, 1, NULL), 0);
	assert_int_equal(profile_cart_waiting(c, ANN, INT64_MAX, &waiting, NULL), 0);
	assert_true(waiting);
	assert_int_equal(profile_cart_waiting(c, ANN, 1000, &waiting, NULL), 0);
	assert_false(waiting); /* changed after that time */
	assert_int_equal(profile_cart_waiting(c, BOB, INT64_MAX, &waiting, NULL), 0);
	assert_false(waiting);
	/* told once: not again until the cart changes */
	int64_t now = (int64_t)time(NULL);
	assert_int_equal(profile_cart_reminded(c, ANN, now + 5, NULL), 0);
	assert_int_equal(profile_cart_waiting(c, ANN, INT64_MAX, &waiting, NULL), 0);
	assert_false(waiting);
	exec(c, "UPDATE carts SET reminded_at = updated_at - 10");
	assert_int_equal(profile_cart_waiting(c, ANN, INT64_MAX, &waiting, NULL), 0);
	assert_true(waiting);
}

static void test_sessions(void **state)
{
	catalog *c = *state;
	int64_t anon, ann;
	assert_int_equal(cart_open(c, NULL, "sess-a", &anon, NULL), 0);
	assert_int_equal(cart_add(c, anon, "B1", NULL, 2, NULL), 0);
	assert_int_equal(cart_add(c, anon, "T1", NULL, 1, NULL), 0);
	assert_int_equal(cart_open(c, ANN, NULL, &ann, NULL), 0);
	assert_int_equal(cart_add(c, ann, "T1", NULL, 1, NULL), 0);
	assert_int_equal(events_log(c, NULL, "sess-a", "view", "B1", NULL, NULL), 0);
	/* signing in takes the anonymous cart along */
	assert_int_equal(profile_adopt_session_cart(c, ANN, "sess-a", NULL), 0);
	struct cart_contents cc;
	assert_int_equal(cart_list(c, ann, &cc, NULL), 0);
	assert_int_equal(cc.n, 2);
	assert_int_equal(cc.items, 4);
	cart_contents_release(&cc);
	assert_int_equal(count(c, "SELECT count(*) FROM carts WHERE session = 'sess-a'"
	                          " AND customer_id IS NULL"), 0);
	/* an anonymous session's end: its cart goes, its events stay unlinked */
	int64_t other;
	assert_int_equal(cart_open(c, NULL, "sess-b", &other, NULL), 0);
	assert_int_equal(cart_add(c, other, "B1", NULL, 1, NULL), 0);
	assert_int_equal(events_log(c, NULL, "sess-b", "view", "B1", NULL, NULL), 0);
	assert_int_equal(profile_session_end(c, "sess-b", NULL), 0);
	assert_int_equal(count(c, "SELECT count(*) FROM carts WHERE session = 'sess-b'"), 0);
	assert_int_equal(count(c, "SELECT count(*) FROM events WHERE session = 'sess-b'"), 0);
	assert_int_equal(count(c, "SELECT count(*) FROM events"), 2);
	assert_int_equal(count(c, "SELECT count(*) FROM cart_items WHERE cart_id = 2"), 2);
}

/* Every row of every table, as text: what `sqlite3 .dump` would show. */
static char *all_rows(catalog *c)
{
	struct buf b;
	buf_init(&b);
	sqlite3_stmt *t = catalog_prepare(c, "SELECT name FROM sqlite_master WHERE type = 'table'"
	                                     " AND name NOT LIKE 'product_fts%'", NULL);
	assert_non_null(t);
	while (sqlite3_step(t) == SQLITE_ROW) {
		char *sql = xasprintf("SELECT * FROM \"%s\"", sqlite3_column_text(t, 0));
		sqlite3_stmt *r = catalog_prepare(c, sql, NULL);
		assert_non_null(r);
		while (sqlite3_step(r) == SQLITE_ROW)
			for (int i = 0; i < sqlite3_column_count(r); i++)
				buf_printf(&b, "%s|", sqlite3_column_text(r, i) ? (const char *)sqlite3_column_text(r, i) : "");
		sqlite3_finalize(r);
		free(sql);
	}
	sqlite3_finalize(t);
	return buf_detach(&b);
}

static void fill_ann(catalog *c)
{
	consent(c, ANN);
	consent(c, BOB);
	assert_int_equal(events_log(c, ANN, "sess-ann", "view", "T1", NULL, NULL), 0);
	assert_int_equal(events_log(c, ANN, "sess-ann", "search", NULL, "ann's tents", NULL), 0);
	assert_int_equal(events_log(c, NULL, "sess-ann", "view", "T2", NULL, NULL), 0);
	assert_int_equal(events_log(c, BOB, "sess-bob", "view", "T3", NULL, NULL), 0);
	int64_t cart;
	assert_int_equal(cart_open(c, ANN, "sess-ann", &cart, NULL), 0);
	assert_int_equal(cart_add(c, cart, "T1", NULL, 1, NULL), 0);
	assert_int_equal(cart_open(c, BOB, "sess-bob", &cart, NULL), 0);
	assert_int_equal(cart_add(c, cart, "T3", NULL, 1, NULL), 0);
	char *ref = NULL;
	assert_int_equal(events_handoff(c, ANN, "sess-ann", "call me at ann@example.com", &ref, NULL), 0);
	free(ref);
	exec(c, "INSERT INTO offers (code, customer_id, description, kind, value, ends_at)"
	        " VALUES ('ANN12345', 1, '10% off', 'percent', 10, '2099-01-01'),"
	        " ('BOB12345', 2, '10% off', 'percent', 10, '2099-01-01');"
	        "INSERT INTO verify_failures (order_ref, failures) VALUES ('customer " ANN "', 2)");
	/* the order service's answers kept for her orders and naming her,
	 * and one of Bob's */
	exec(c, "INSERT INTO order_cache (service, order_ref, verify_hash, answer, fetched_at) VALUES"
	        " ('https://orders.example', '70001', 'h1', '{\"id\": \"70001\"}', 1),"
	        " ('https://orders.example', '90001', 'h2',"
	        "  '{\"id\": \"90001\", \"email\": \"ANN@example.com\"}', 1),"
	        " ('https://orders.example', '90002', 'h3', '{\"customer\": \"" ANN "\"}', 1),"
	        " ('https://orders.example', '90003', 'h4',"
	        "  '{\"id\": \"90003\", \"email\": \"bob@example.org\"}', 1)");
}

static void test_export(void **state)
{
	catalog *c = *state;
	fill_ann(c);
	char *json = NULL;
	assert_int_equal(profile_export(c, ANN, 1800000000, &json, NULL), 0);
	assert_non_null(json);
	cJSON *root = cJSON_Parse(json);
	assert_non_null(root);
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(root, "customer"), "email")->valuestring,
	                    "ann@example.com");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(root, "events")), 2);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(root, "orders")), 4); /* guest order too */
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(root, "carts")), 1);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(root, "offers")), 1);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(root, "handoffs")), 1);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(root, "consent")), 1);
	assert_true(cJSON_GetArraySize(cJSON_GetObjectItem(root, "affinities")) > 0);
	cJSON *order = cJSON_GetArrayItem(cJSON_GetObjectItem(root, "orders"), 0);
	assert_true(cJSON_IsArray(cJSON_GetObjectItem(order, "items")));
	assert_string_equal(cJSON_GetObjectItem(root, "exported_at")->valuestring,
	                    "2027-01-15T08:00:00Z");
	cJSON_Delete(root);
	/* nothing of Bob's */
	assert_null(strstr(json, BOB));
	assert_null(strstr(json, "bob@example.org"));
	assert_null(strstr(json, "BOB12345"));
	free(json);
	assert_int_equal(profile_export(c, "ghost", 0, &json, NULL), 0);
	assert_null(json);
	/* to a file only its owner reads */
	char dir[] = "/tmp/clerk-export-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char *path = xasprintf("%s/ann.json", dir);
	char *written = NULL;
	assert_int_equal(profile_export_file(c, ANN, path, 0, &written, NULL), 0);
	assert_string_equal(written, path);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	unlink(path);
	free(written);
	/* the default place: $XDG_DATA_HOME/clerk/exports/ */
	char *old = getenv("XDG_DATA_HOME") ? xstrdup(getenv("XDG_DATA_HOME")) : NULL;
	setenv("XDG_DATA_HOME", dir, 1);
	assert_int_equal(profile_export_file(c, ANN, NULL, 1800000000, &written, NULL), 0);
	char *want = xasprintf("%s/clerk/exports/clerk-export-" ANN "-20270115T080000Z.json", dir);
	assert_string_equal(written, want);
	assert_int_equal(access(written, R_OK), 0);
	unlink(written);
	free(want);
	free(written);
	if (old)
		setenv("XDG_DATA_HOME", old, 1);
	else
		unsetenv("XDG_DATA_HOME");
	free(old);
	char *cmd = xasprintf("rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(path);
}

static void test_forget_leaves_no_trace(void **state)
{
	catalog *c = *state;
	fill_ann(c);
	char *before = all_rows(c);
	assert_non_null(strstr(before, ANN));
	assert_non_null(strstr(before, "ann@example.com"));
	free(before);
	struct profile_forgotten f;
	assert_int_equal(profile_forget(c, ANN, &f, NULL), 0);
	assert_true(f.found);
	assert_int_equal(f.events, 2);
	assert_int_equal(f.carts, 1);
	assert_int_equal(f.consents, 1);
	assert_int_equal(f.offers, 1);
	assert_int_equal(f.handoffs, 1);
	assert_int_equal(f.orders, 4);
	char *after = all_rows(c);
	assert_null(strstr(after, ANN));
	assert_null(strstr(after, "ann@example.com"));
	assert_null(strstr(after, "ANN@example.com"));
	assert_null(strstr(after, "OX1 2AB"));
	assert_null(strstr(after, "Ann Smith"));
	assert_null(strstr(after, "ann's tents"));
	assert_null(strstr(after, "sess-ann")); /* nothing links her session's events */
	/* the store's accounts keep the orders, detached */
	assert_int_equal(count(c, "SELECT count(*) FROM orders"), 5);
	assert_int_equal(count(c, "SELECT count(*) FROM orders WHERE source_id IN"
	                          " ('70001','70002','70003','70004') AND customer_id IS NULL"
	                          " AND email IS NULL AND postcode IS NULL AND tracking IS NULL"), 4);
	assert_int_equal(count(c, "SELECT count(*) FROM order_items"), 3);
	assert_int_equal(count(c, "SELECT count(*) FROM order_cache"), 1);
	/* Bob is untouched */
	assert_non_null(strstr(after, BOB));
	assert_non_null(strstr(after, "bob@example.org"));
	assert_non_null(strstr(after, "BOB12345"));
	assert_int_equal(count(c, "SELECT count(*) FROM events WHERE customer_id = 2"), 1);
	assert_int_equal(count(c, "SELECT count(*) FROM carts WHERE customer_id = 2"), 1);
	free(after);
	/* a second time there is no such customer */
	assert_int_equal(profile_forget(c, ANN, &f, NULL), 0);
	assert_false(f.found);
	assert_int_equal(profile_forget(c, NULL, &f, NULL), 0);
}

/* A failure at the last step leaves everything as it was: one transaction. */
static void test_forget_is_one_transaction(void **state)
{
	catalog *c = *state;
	fill_ann(c);
	exec(c, "CREATE TRIGGER no_forget BEFORE DELETE ON customers"
	        " BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
	struct profile_forgotten f;
	char *err = NULL;
	assert_int_equal(profile_forget(c, ANN, &f, &err), -1);
	assert_non_null(err);
	assert_non_null(strstr(err, "injected failure"));
	free(err);
	assert_int_equal(count(c, "SELECT count(*) FROM events WHERE customer_id = 1"), 2);
	assert_int_equal(count(c, "SELECT count(*) FROM carts WHERE customer_id = 1"), 1);
	assert_int_equal(count(c, "SELECT count(*) FROM offers WHERE customer_id = 1"), 1);
	assert_int_equal(count(c, "SELECT count(*) FROM orders WHERE email = 'ann@example.com'"), 3);
	assert_int_equal(count(c, "SELECT count(*) FROM events WHERE session = 'sess-ann'"), 3);
	exec(c, "DROP TRIGGER no_forget");
	assert_int_equal(profile_forget(c, ANN, &f, NULL), 0);
	assert_true(f.found);
	/* an export that cannot be written says why and leaves no file */
	char *written = NULL;
	assert_int_equal(profile_export_file(c, BOB, "/nonexistent-dir/x.json", 0, &written, &err),
	                 -1);
	assert_null(written);
	assert_non_null(strstr(err, "/nonexistent-dir/x.json"));
	free(err);
}

/* The database file itself holds no copy once forgotten. */
static void test_forget_file_bytes(void **state)
{
	(void)state;
	char dir[] = "/tmp/clerk-forget-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char *path = xasprintf("%s/shop.db", dir);
	catalog *c = NULL;
	assert_int_equal(catalog_open(path, &c, NULL), 0);
	exec(c, "INSERT INTO customers (external_id, email) VALUES ('zed-4411', 'zed@unique.example');"
	        "INSERT INTO orders (source_id, customer_id, status, placed_at, email)"
	        " VALUES ('90001', 1, 'paid', '2026-01-01', 'zed@unique.example')");
	struct profile_forgotten f;
	assert_int_equal(profile_forget(c, "zed-4411", &f, NULL), 0);
	catalog_close(c);
	char *cmd = xasprintf("cat %s/shop.db* | grep -a -c -e zed@unique -e zed-4411", dir);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	int found = -1;
	assert_int_equal(fscanf(p, "%d", &found), 1);
	pclose(p);
	assert_int_equal(found, 0);
	free(cmd);
	cmd = xasprintf("rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_no_events_without_consent, setup, close_catalog),
		cmocka_unit_test_setup_teardown(test_consent_states, setup, close_catalog),
		cmocka_unit_test_setup_teardown(test_sign_in, setup, close_catalog),
		cmocka_unit_test_setup_teardown(test_affinities, setup, close_catalog),
		cmocka_unit_test_setup_teardown(test_eco_words_bounded, setup, close_catalog),
		cmocka_unit_test_setup_teardown(test_rerank_bounded, setup, close_catalog),
		cmocka_unit_test_setup_teardown(test_history_suggestions, setup, close_catalog),
		cmocka_unit_test_setup_teardown(test_sessions, setup, close_catalog),
		cmocka_unit_test_setup_teardown(test_export, setup, close_catalog),
		cmocka_unit_test_setup_teardown(test_forget_leaves_no_trace, setup, close_catalog),
		cmocka_unit_test_setup_teardown(test_forget_is_one_transaction, setup, close_catalog),
		cmocka_unit_test(test_forget_file_bytes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
