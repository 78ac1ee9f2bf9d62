/* Unit tests for catalog/recommend: the item model (model.c), its build and
 * staleness (recommend_model.c), the kinds, rules and reasons of
 * recommend_run(), pins, and the affinity nudge. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/recommend/model.h"
#include "catalog/recommend/pins.h"
#include "catalog/recommend/recommend.h"
#include "catalog/recommend/recommend_model.h"
#include "common/xalloc.h"
#include "tests/catalog_fixture.h"

/* ---- model.c on plain baskets ---- */

/* Baskets from a string: "0 1 2|1 2|..." */
static void baskets(const char *spec, uint32_t n_items, struct model_baskets *b)
{
	memset(b, 0, sizeof *b);
	b->n_items = n_items;
	size_t cap_b = 0, cap_i = 0, ni = 0;
	b->start = xgrow(b->start, &cap_b, 1, sizeof *b->start);
	b->start[0] = 0;
	const char *s = spec;
	while (*s) {
		char *end;
		unsigned long v = strtoul(s, &end, 10);
		if (end != s) {
			b->items = xgrow(b->items, &cap_i, ni + 1, sizeof *b->items);
			b->items[ni++] = (uint32_t)v;
			s = end;
		}
		if (*s == '|' || !*s) {
			b->start = xgrow(b->start, &cap_b, b->n + 2, sizeof *b->start);
			b->start[++b->n] = ni;
			if (*s)
				s++;
		} else if (*s == ' ') {
			s++;
		}
	}
}

static void test_model_neighbours_follow_co_occurrence(void **state)
{
	(void)state;
	struct model_baskets b;
	/* 0 goes with 1 far more than with 2; 3 is alone */
	baskets("0 1|0 1|0 1|0 1|0 2|1 2|3|0 1 2|2 4|2 4", 5, &b);
	struct model_params p;
	model_params_default(&p);
	struct model m;
	model_fit(&b, &p, &m);
	assert_int_equal(m.n_items, 5);
	assert_int_equal(m.count[0], 6);
	assert_true(m.nb_start[1] > m.nb_start[0]);
	assert_int_equal(m.nb[m.nb_start[0]].item, 1);
	assert_int_equal(m.nb[m.nb_start[0]].together, 5);
	uint32_t seeds[] = {0}, out[3];
	float score[3];
	assert_int_equal(model_rank(&m, seeds, 1, 3, out, score), 3);
	assert_int_equal(out[0], 1);
	assert_true(score[0] >= score[1] && score[1] >= score[2]);
	for (int k = 0; k < 3; k++)
		assert_int_not_equal(out[k], 0); /* a seed never comes back */
	/* no seeds: the most bought first */
	assert_int_equal(model_rank(&m, NULL, 0, 1, out, NULL), 1);
	assert_int_equal(out[0], 0);
	double hit = model_hit_rate(&m, &b, 1);
	assert_true(hit > 0.3 && hit <= 1.0);
	model_release(&m);
	model_baskets_release(&b);
}

/* EASE's intercept: an item often bought with nothing that predicts it
 * gets its base rate as a prior, one explained by its neighbours less. */
static void test_model_intercept_carries_the_base_rate(void **state)
{
	(void)state;
	struct model_baskets b;
	baskets("0 1|0 1|0 1|0 1|3|3|3|2 3|0 2|1 2|3 4|0 1", 5, &b);
	struct model_params p;
	model_params_default(&p);
	p.w_cos = 0;
	p.w_pop = 0;
	p.intercept = 0;
	struct model m;
	model_fit(&b, &p, &m);
	for (uint32_t j = 0; j < m.n_items; j++)
		assert_true(m.prior[j] == 0);
	model_release(&m);
	p.intercept = 1;
	model_fit(&b, &p, &m);
	assert_true(m.prior[3] > 0);
	assert_true(m.prior[3] > m.prior[0]);
	model_release(&m);
	model_baskets_release(&b);
}

/* A frequent item keeps its negative (EASE) neighbours after its positive
 * ones, and only when asked to. */
static void test_model_keeps_negative_neighbours(void **state)
{
	(void)state;
	struct model_baskets b;
	/* 1 and 2 each go with 0, but hardly ever together */
	baskets("0 1|0 1|0 1|0 2|0 2|0 2|1 2|1 3|2 3|0 1|0 2|3", 4, &b);
	struct model_params p;
	model_params_default(&p);
	p.w_cos = 0;
	struct model m;
	model_fit(&b, &p, &m);
	size_t negative = 0;
	for (uint32_t i = 0; i < m.n_items; i++)
		for (size_t r = m.nb_start[i]; r < m.nb_start[i + 1]; r++) {
			negative += m.nb[r].score < 0;
			if (r > m.nb_start[i] && m.nb[r - 1].score < 0)
				assert_true(m.nb[r].score < 0); /* positives first */
		}
	assert_true(negative > 0);
	model_release(&m);
	p.k_negative = 0;
	model_fit(&b, &p, &m);
	for (size_t r = 0; r < m.nb_start[m.n_items]; r++)
		assert_true(m.nb[r].score > 0);
	model_release(&m);
	model_baskets_release(&b);
}

static void test_model_tune_stays_in_bounds(void **state)
{
	(void)state;
	struct model_baskets b;
	baskets("0 1|0 1|0 1 3|0 2|1 2|2 3|2 3|0 1|1 3|0 1 2|2 3|0 1|3 4|3 4|0 4|1 2", 5, &b);
	struct model_params p;
	model_params_default(&p);
	double cv = model_tune(&b, 4, 0, 0, &p);
	assert_true(cv >= 0 && cv <= 1);
	assert_true(p.lambda > 0 && p.w_pop >= 0 && p.w_cos >= 0);
	/* EASE alone: cosine and popularity off */
	struct model_params e;
	model_params_default(&e);
	model_tune(&b, 4, 0, 1, &e);
	assert_true(e.w_cos == 0 && e.w_pop == 0 && e.w_ease == 1);
	struct model_baskets kept, held;
	model_split(&b, 4, 1, &kept, &held);
	assert_int_equal(kept.n + held.n, b.n);
	assert_int_equal(held.n, 4);
	model_baskets_release(&kept);
	model_baskets_release(&held);
	model_baskets_release(&b);
}

/* ---- the catalog ---- */

static const char fixture_sql[] =
        "INSERT INTO brands (id, name) VALUES (1, 'Alpine'), (2, 'Borealis'), (3, 'Cirrus');"
        "INSERT INTO categories (id, parent_id, name, path, depth) VALUES"
        " (1, NULL, 'Camping', 'Camping', 0), (2, 1, 'Tents', 'Camping > Tents', 1),"
        " (3, 1, 'Stoves', 'Camping > Stoves', 1), (4, 1, 'Bags', 'Camping > Bags', 1);"
        "INSERT INTO products (id, source_id, name, brand_id, category_id, price_cents, stock) VALUES"
        " (1, 'T1', 'Tent One', 1, 2, 20000, 5), (2, 'T2', 'Tent Two', 1, 2, 25000, 5),"
        " (3, 'T3', 'Tent Three', 2, 2, 15000, 5), (4, 'S1', 'Stove One', 1, 3, 5000, 5),"
        " (5, 'S2', 'Stove Two', 1, 3, 6000, 0), (6, 'S3', 'Stove Three', 1, 3, 4000, 5),"
        " (7, 'B1', 'Bag One', 1, 4, 9000, 5), (8, 'B2', 'Bag Two', 2, 4, 8000, 5),"
        " (9, 'B3', 'Bag Three', 3, 4, 7000, NULL), (10, 'N1', 'New Tent', 3, 2, 30000, 5);"
        "INSERT INTO customers (id, external_id) VALUES (1, 'c1'), (2, 'c2'), (3, 'c3');";

/* An order of the given product ids (one digit each) for customer (0: none). */
static void order(catalog *c, int id, int customer, const char *date, const char *products)
{
	char sql[512], who[16] = "NULL";
	if (customer)
		snprintf(who, sizeof who, "%d", customer);
	snprintf(sql, sizeof sql,
	         "INSERT INTO orders (id, source_id, customer_id, status, placed_at)"
	         " VALUES (%d, 'o%d', %s, 'delivered', '%sT10:00:00Z')", id, id, who, date);
	exec(c, sql);
	int line = 1;
	for (const char *p = products; *p; p++) {
		if (*p == ' ')
			continue;
		int pid = *p == '0' ? 10 : *p - '0';
		snprintf(sql, sizeof sql,
		         "INSERT INTO order_items (order_id, line, product_id, product_source_id, quantity,"
		         " price_cents) VALUES (%d, %d, %d, (SELECT source_id FROM products WHERE id = %d),"
		         " 1, 100)", id, line++, pid, pid);
		exec(c, sql);
	}
}

static int setup(void **state)
{
	if (open_memory(state) < 0)
		return -1;
	catalog *c = *state;
	exec(c, fixture_sql);
	int id = 1;
	/* Tent One goes with Stove One (5, and c1's order), the out-of-stock Stove Two (4),
	 * Bag One (3), Stove Three (2), Bag Two and Bag Three (1 each) */
	for (int k = 0; k < 5; k++)
		order(c, id++, 0, "2026-03-01", "1 4");
	for (int k = 0; k < 4; k++)
		order(c, id++, 0, "2026-03-02", "1 5");
	for (int k = 0; k < 3; k++)
		order(c, id++, 0, "2026-03-03", "1 7");
	for (int k = 0; k < 2; k++)
		order(c, id++, 0, "2026-03-04", "1 6");
	order(c, id++, 0, "2026-03-05", "1 8");
	order(c, id++, 0, "2026-03-05", "1 9");
	order(c, id++, 0, "2026-03-06", "2 4 7");
	order(c, id++, 0, "2026-03-06", "3 8");
	/* c1 bought a tent and a stove, then (newest) a bag */
	order(c, 100, 1, "2026-04-01", "1 4");
	order(c, 101, 1, "2026-04-10", "7");
	/* c2 buys Stove Three again and again */
	order(c, 110, 2, "2026-01-01", "6");
	order(c, 111, 2, "2026-02-01", "6 8");
	order(c, 112, 2, "2026-03-01", "6");
	order(c, 113, 2, "2026-04-01", "9");
	/* lately everyone looks at Tent Three */
	exec(c, "INSERT INTO events (customer_id, session, kind, product_id, at) VALUES"
	        " (3, 's1', 'view', 3, 1775900000), (3, 's1', 'view', 2, 1775900100),"
	        " (3, 's1', 'add_to_cart', 3, 1775900200), (3, 's1', 'purchase', 3, 1775900250),"
	        " (NULL, 's2', 'view', 3, 1775900300),"
	        " (NULL, 's2', 'view', 2, 1775900400)");
	char *err = NULL;
	struct recommend_build_stats st;
	if (recommend_model_build(c, &st, &err) < 0) {
		fprintf(stderr, "%s\n", err);
		free(err);
		return -1;
	}
	return 0;
}

static struct recommendation *run(catalog *c, const char *customer, const char *with,
                                  enum recommend_mode mode, size_t limit, size_t *n)
{
	const char *ids[8];
	char buf[64];
	size_t nw = 0;
	snprintf(buf, sizeof buf, "%s", with ? with : "");
	for (char *t = strtok(buf, ","); t && nw < 8; t = strtok(NULL, ","))
		ids[nw++] = t;
	struct recommend_request q = {.customer = customer, .with = ids, .n_with = nw,
	                              .limit = limit, .mode = mode};
	struct recommendation *r = NULL;
	char *err = NULL;
	int rc = recommend_run(c, &q, &r, n, &err);
	if (rc < 0)
		fprintf(stderr, "%s\n", err);
	assert_int_equal(rc, 0);
	assert_null(err);
	return r;
}

static int position(const struct recommendation *r, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(r[i].p.id, id))
			return (int)i;
	return -1;
}

static void test_build_records_what_it_saw(void **state)
{
	catalog *c = *state;
	enum recommend_model_state s;
	assert_int_equal(recommend_model_state(c, &s, NULL), 0);
	assert_int_equal(s, RECOMMEND_MODEL_FRESH);
	assert_true(scalar(c, "SELECT count(*) FROM recommend_items") >= 9);
	assert_int_equal(scalar(c, "SELECT orders FROM recommend_items WHERE product_id = 1"), 17);
	assert_int_equal(scalar(c, "SELECT product_id FROM recommend_lists"
	                           " WHERE list = 'popular' AND category_id = 0 AND rank = 0"), 1);
	assert_int_equal(scalar(c, "SELECT product_id FROM recommend_lists"
	                           " WHERE list = 'popular' AND category_id = 3 AND rank = 0"), 4);
	/* a new order makes it stale; a refresh rebuilds it */
	order(c, 200, 0, "2026-05-01", "2 3");
	assert_int_equal(recommend_model_state(c, &s, NULL), 0);
	assert_int_equal(s, RECOMMEND_MODEL_STALE);
	bool built = false;
	assert_int_equal(recommend_model_refresh(c, &built, NULL), 0);
	assert_true(built);
	assert_int_equal(recommend_model_refresh(c, &built, NULL), 0);
	assert_false(built);
	exec(c, "DELETE FROM order_items WHERE order_id = 200; DELETE FROM orders WHERE id = 200");
	assert_int_equal(recommend_model_build(c, NULL, NULL), 0);
}

static void test_bought_together_first_with_a_reason(void **state)
{
	size_t n;
	struct recommendation *r = run(*state, NULL, "T1", RECOMMEND_ANY, 5, &n);
	assert_true(n >= 3);
	assert_string_equal(r[0].p.id, "S1");
	assert_string_equal(r[0].why, "bought together");
	assert_string_equal(r[0].reason, "bought_with");
	assert_string_equal(r[0].about, "Tent One");
	assert_int_equal(r[0].count, 6);
	assert_int_equal(position(r, n, "T1"), -1); /* never the basket */
	assert_int_equal(position(r, n, "S2"), -1); /* never out of stock */
	recommend_free(r, n);
}

static void test_two_of_a_brand_in_any_five(void **state)
{
	size_t n;
	struct recommendation *r = run(*state, NULL, "T1", RECOMMEND_ANY, 9, &n);
	catalog *c = *state;
	int64_t brand[16];
	for (size_t i = 0; i < n; i++) {
		char sql[128];
		snprintf(sql, sizeof sql, "SELECT coalesce(brand_id, 0) FROM products WHERE source_id = '%s'",
		         r[i].p.id);
		brand[i] = scalar(c, sql);
	}
	for (size_t i = 0; i < n; i++) {
		int same = 0;
		for (size_t k = i; k < n && k < i + 5; k++)
			same += brand[k] && brand[k] == brand[i];
		assert_true(same <= 2);
	}
	/* Alpine's Stove One leads, and Alpine is held to two of five */
	assert_string_equal(r[0].p.id, "S1");
	recommend_free(r, n);
}

static void test_for_you_leaves_out_what_was_just_bought(void **state)
{
	size_t n;
	struct recommendation *r = run(*state, "c1", NULL, RECOMMEND_ANY, 5, &n);
	assert_true(n > 0);
	assert_int_equal(position(r, n, "B1"), -1); /* the newest order */
	assert_int_equal(position(r, n, "T1"), -1); /* for you: nothing bought before */
	assert_int_equal(position(r, n, "S1"), -1); /* (the second line of an order too) */
	int fy = 0;
	for (size_t i = 0; i < n; i++)
		fy |= !strcmp(r[i].reason, "because_bought") && r[i].about;
	assert_true(fy);
	recommend_free(r, n);
}

static void test_buy_again_counts_repeats(void **state)
{
	size_t n;
	struct recommendation *r = run(*state, "c2", NULL, RECOMMEND_BUY_AGAIN, 5, &n);
	assert_true(n >= 2);
	assert_string_equal(r[0].p.id, "S3");
	assert_string_equal(r[0].why, "buy again");
	assert_string_equal(r[0].reason, "bought_before");
	assert_int_equal(r[0].count, 3);
	/* bought in the newest order, still offered again */
	assert_true(position(r, n, "B3") >= 0);
	recommend_free(r, n);
}

static void test_trending_from_recent_events(void **state)
{
	size_t n;
	struct recommendation *r = run(*state, NULL, NULL, RECOMMEND_TRENDING, 3, &n);
	assert_true(n >= 1);
	assert_string_equal(r[0].p.id, "T3");
	assert_string_equal(r[0].why, "trending");
	recommend_free(r, n);
}

static void test_cold_start_is_popular_in_the_category(void **state)
{
	size_t n;
	/* New Tent was never ordered: what sells among tents comes first */
	struct recommendation *r = run(*state, NULL, "N1", RECOMMEND_ANY, 3, &n);
	assert_true(n >= 1);
	assert_string_equal(r[0].p.id, "T1");
	assert_string_equal(r[0].reason, "popular");
	assert_string_equal(r[0].about, "Tents");
	recommend_free(r, n);
}

static void test_similar_stays_in_the_kind(void **state)
{
	size_t n;
	struct recommendation *r = run(*state, NULL, "T1", RECOMMEND_SIMILAR, 5, &n);
	assert_true(n >= 2);
	for (size_t i = 0; i < n; i++) {
		assert_true(r[i].p.id[0] == 'T' || r[i].p.id[0] == 'N');
		assert_string_equal(r[i].why, "similar");
	}
	recommend_free(r, n);
}

static void test_pins_come_first(void **state)
{
	catalog *c = *state;
	char *err = NULL;
	assert_int_equal(pins_add(c, "B3", "T1", NULL, 0, &err), 0);
	assert_int_equal(pins_add(c, "S3", NULL, NULL, 1, &err), 0);
	size_t n;
	struct recommendation *r = run(c, NULL, "T1", RECOMMEND_ANY, 5, &n);
	assert_string_equal(r[0].p.id, "B3");
	assert_string_equal(r[0].why, "picked");
	assert_string_equal(r[1].p.id, "S3");
	recommend_free(r, n);
	/* out of stock is out, pinned or not */
	assert_int_equal(pins_add(c, "S2", NULL, NULL, 0, &err), 0);
	r = run(c, NULL, "T2", RECOMMEND_ANY, 5, &n);
	assert_int_equal(position(r, n, "S2"), -1);
	recommend_free(r, n);
	struct pin *p;
	size_t np;
	assert_int_equal(pins_list(c, &p, &np, &err), 0);
	assert_int_equal(np, 3);
	pins_free(p, np);
	assert_int_equal(pins_add(c, "NOPE", NULL, NULL, 0, &err), -1);
	assert_string_equal(err, "no such product: NOPE");
	free(err);
	err = NULL;
	assert_int_equal(pins_add(c, "T1", NULL, "Camping > Nothing", 0, &err), -1);
	free(err);
	err = NULL;
	assert_int_equal(pins_remove(c, "B3", "T1", NULL, &err), 0);
	assert_int_equal(pins_remove(c, "S3", NULL, NULL, &err), 0);
	assert_int_equal(pins_remove(c, "S2", NULL, NULL, &err), 0);
	assert_int_equal(scalar(c, "SELECT count(*) FROM recommend_pins"), 0);
}

static void test_sql_failure_is_returned(void **state)
{
	catalog *c = *state;
	exec(c, "ALTER TABLE recommend_items RENAME TO gone");
	size_t n = 0;
	struct recommendation *r = NULL;
	char *err = NULL;
	const char *with[] = {"T1"};
	struct recommend_request q = {.with = with, .n_with = 1};
	assert_int_equal(recommend_run(c, &q, &r, &n, &err), -1);
	assert_null(r);
	assert_int_equal(n, 0);
	assert_non_null(err);
	free(err);
	err = NULL;
	assert_int_equal(recommend_model_build(c, NULL, &err), -1);
	assert_non_null(err);
	free(err);
	exec(c, "ALTER TABLE gone RENAME TO recommend_items");
}

static void test_no_model_counts_co_purchases_live(void **state)
{
	catalog *c = *state;
	exec(c, "DELETE FROM settings WHERE key = 'recommend.stamp'");
	size_t n;
	struct recommendation *r = run(c, NULL, "T1", RECOMMEND_ANY, 3, &n);
	assert_string_equal(r[0].p.id, "S1");
	assert_string_equal(r[0].reason, "bought_with");
	assert_string_equal(r[0].about, "Tent One");
	assert_int_equal(r[0].count, 6);
	recommend_free(r, n);
	assert_int_equal(recommend_model_build(c, NULL, NULL), 0);
}

int main(void)
{
	const struct CMUnitTest model_tests[] = {
		cmocka_unit_test(test_model_neighbours_follow_co_occurrence),
		cmocka_unit_test(test_model_intercept_carries_the_base_rate),
		cmocka_unit_test(test_model_keeps_negative_neighbours),
		cmocka_unit_test(test_model_tune_stays_in_bounds),
	};
	const struct CMUnitTest catalog_tests[] = {
		cmocka_unit_test(test_build_records_what_it_saw),
		cmocka_unit_test(test_bought_together_first_with_a_reason),
		cmocka_unit_test(test_two_of_a_brand_in_any_five),
		cmocka_unit_test(test_for_you_leaves_out_what_was_just_bought),
		cmocka_unit_test(test_buy_again_counts_repeats),
		cmocka_unit_test(test_trending_from_recent_events),
		cmocka_unit_test(test_cold_start_is_popular_in_the_category),
		cmocka_unit_test(test_similar_stays_in_the_kind),
		cmocka_unit_test(test_pins_come_first),
		cmocka_unit_test(test_sql_failure_is_returned),
		cmocka_unit_test(test_no_model_counts_co_purchases_live),
	};
	int failed = cmocka_run_group_tests_name("model", model_tests, NULL, NULL);
	return failed + cmocka_run_group_tests_name("recommend", catalog_tests, setup, close_catalog);
}
