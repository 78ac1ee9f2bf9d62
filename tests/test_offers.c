/* Unit tests for catalog/shop/offers.c: rules in the database, codes
 * issued once per rule and customer, unique, owned and single-use, read
 * through promotions_lookup() like any code, and none without consent. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/shop/events.h"
#include "catalog/shop/offers.h"
#include "catalog/shop/profile.h"
#include "catalog/shop/promotions.h"
#include "catalog/store/product.h"
#include "tests/catalog_fixture.h"

/* 2026-12-05 12:00 UTC */
#define NOW 1796472000

static void put(catalog *c, const struct product *p)
{
	product_writer *w = product_writer_new(c, NULL);
	assert_non_null(w);
	assert_int_equal(catalog_begin(c, NULL), 0);
	assert_int_equal(product_writer_put(w, p, false, NULL), 0);
	assert_int_equal(catalog_commit(c, NULL), 0);
	product_writer_free(w);
}

/* loyal: 3 orders; lapsed: 1 order 120 days ago; fresh: 1 order last week;
 * fan: no orders, browses tents. Only the default rules. */
static int setup(void **state)
{
	if (open_memory(state) < 0)
		return -1;
	catalog *c = *state;
	put(c, &(struct product){.id = "C1", .name = "Dome Tent", .category = "Camping > Tents",
	                         .price_cents = 19900, .has_price = true});
	put(c, &(struct product){.id = "C2", .name = "Tunnel Tent", .category = "Camping > Tents",
	                         .price_cents = 29900, .has_price = true});
	put(c, &(struct product){.id = "K1", .name = "Stove", .category = "Camping > Stoves",
	                         .price_cents = 4900, .has_price = true});
	exec(c, "INSERT INTO customers (external_id) VALUES ('loyal'), ('lapsed'), ('fresh'), ('fan');"
	        "INSERT INTO orders (source_id, customer_id, status, placed_at, total_cents) VALUES"
	        " ('1', 1, 'delivered', '2026-10-01', 5000), ('2', 1, 'delivered', '2026-11-01', 5000),"
	        " ('3', 1, 'paid', '2026-12-01', 5000), ('4', 2, 'delivered', '2026-08-07', 9000),"
	        " ('5', 3, 'delivered', '2026-11-28', 9000), ('6', 3, 'cancelled', '2026-01-01', 9000);"
	        "INSERT INTO promotions (code, description, kind, value) VALUES"
	        " ('SAVE10', '10% off', 'percent', 10)");
	return 0;
}

static void consent_all(catalog *c)
{
	const char *who[] = {"loyal", "lapsed", "fresh", "fan"};
	for (size_t i = 0; i < 4; i++)
		assert_int_equal(profile_set_consent(c, who[i], true, NULL), 0);
}

static bool code_shape(const char *code)
{
	if (strlen(code) != 8)
		return false;
	for (int i = 0; i < 3; i++)
		if (!isupper((unsigned char)code[i]) || code[i] == 'I' || code[i] == 'O')
			return false;
	for (int i = 3; i < 8; i++)
		if (!isdigit((unsigned char)code[i]) || code[i] == '0' || code[i] == '1')
			return false;
	return true;
}

static void test_no_consent_no_offers(void **state)
{
	catalog *c = *state;
	struct offer *o = NULL;
	size_t n = 9;
	assert_int_equal(offers_for(c, "loyal", NOW, &o, &n, NULL), 0);
	assert_int_equal(n, 0);
	assert_int_equal(profile_set_consent(c, "loyal", false, NULL), 0);
	assert_int_equal(offers_for(c, "loyal", NOW, &o, &n, NULL), 0);
	assert_int_equal(n, 0);
	assert_int_equal(offers_for(c, NULL, NOW, &o, &n, NULL), 0);
	assert_int_equal(offers_for(c, "nobody", NOW, &o, &n, NULL), 0);
	assert_int_equal(n, 0);
	assert_int_equal(scalar(c, "SELECT count(*) FROM offers"), 0);
}

static void test_rules(void **state)
{
	catalog *c = *state;
	consent_all(c);
	struct offer *o = NULL;
	size_t n = 0;
	/* loyalty: three orders that went through */
	assert_int_equal(offers_for(c, "loyal", NOW, &o, &n, NULL), 0);
	assert_int_equal(n, 1);
	assert_true(o[0].fresh);
	assert_true(code_shape(o[0].code));
	assert_string_equal(o[0].kind, "percent");
	assert_true(o[0].value == 10);
	assert_null(o[0].category);
	assert_string_equal(o[0].ends_at, "2027-01-03"); /* 30 days, today counted */
	char *code = strdup(o[0].code);
	offers_free(o, n);
	/* never offered twice: the same code, told as held */
	assert_int_equal(offers_for(c, "loyal", NOW + 86400, &o, &n, NULL), 0);
	assert_int_equal(n, 1);
	assert_false(o[0].fresh);
	assert_string_equal(o[0].code, code);
	offers_free(o, n);
	free(code);
	/* lapsed: one order 120 days ago; fresh: an order last week (the
	 * cancelled one does not count) */
	assert_int_equal(offers_for(c, "lapsed", NOW, &o, &n, NULL), 0);
	assert_int_equal(n, 1);
	assert_true(o[0].value == 15);
	offers_free(o, n);
	assert_int_equal(offers_for(c, "fresh", NOW, &o, &n, NULL), 0);
	assert_int_equal(n, 0);
	/* a favourite category: after three events in Tents */
	assert_int_equal(offers_for(c, "fan", NOW, &o, &n, NULL), 0);
	assert_int_equal(n, 0);
	assert_int_equal(events_log(c, "fan", "s", "view", "C1", NULL, NULL), 0);
	assert_int_equal(events_log(c, "fan", "s", "view", "C2", NULL, NULL), 0);
	assert_int_equal(events_log(c, "fan", "s", "add_to_cart", "C2", NULL, NULL), 0);
	assert_int_equal(offers_for(c, "fan", NOW, &o, &n, NULL), 0);
	assert_int_equal(n, 1);
	assert_string_equal(o[0].category, "Camping > Tents");
	assert_string_equal(o[0].description, "10% off Tents");
	offers_free(o, n);
	/* codes are unique */
	assert_int_equal(scalar(c, "SELECT count(DISTINCT code) FROM offers"),
	                 scalar(c, "SELECT count(*) FROM offers"));
}

static void test_inactive_and_ended(void **state)
{
	catalog *c = *state;
	consent_all(c);
	exec(c, "UPDATE offer_rules SET active = 0 WHERE trigger = 'loyalty'");
	struct offer *o = NULL;
	size_t n = 0;
	assert_int_equal(offers_for(c, "loyal", NOW, &o, &n, NULL), 0);
	assert_int_equal(n, 0);
	exec(c, "UPDATE offer_rules SET active = 1");
	assert_int_equal(offers_for(c, "loyal", NOW, &o, &n, NULL), 0);
	assert_int_equal(n, 1);
	offers_free(o, n);
	/* an ended code is not listed, and not issued again */
	assert_int_equal(offers_for(c, "loyal", NOW + 40 * 86400, &o, &n, NULL), 0);
	assert_int_equal(n, 0);
	assert_int_equal(scalar(c, "SELECT count(*) FROM offers"), 1);
}

static void test_lookup_and_claim(void **state)
{
	catalog *c = *state;
	consent_all(c);
	struct offer *o = NULL;
	size_t n = 0;
	assert_int_equal(offers_for(c, "loyal", NOW, &o, &n, NULL), 0);
	assert_int_equal(n, 1);
	char code[16];
	snprintf(code, sizeof code, "%s", o[0].code);
	offers_free(o, n);
	char lower[16];
	for (size_t i = 0; i <= strlen(code); i++)
		lower[i] = (char)tolower((unsigned char)code[i]);
	struct promotion p;
	enum promo_check check;
	/* the owner finds it, case ignored; nobody else does */
	assert_int_equal(promotions_lookup(c, lower, "loyal", "2026-12-05", &p, &check, NULL), 0);
	assert_int_equal(check, PROMO_VALID);
	assert_true(p.personal);
	assert_string_equal(p.code, code);
	promotion_release(&p);
	assert_int_equal(promotions_lookup(c, code, "lapsed", "2026-12-05", &p, &check, NULL), 0);
	assert_int_equal(check, PROMO_UNKNOWN);
	assert_int_equal(promotions_lookup(c, code, NULL, "2026-12-05", &p, &check, NULL), 0);
	assert_int_equal(check, PROMO_UNKNOWN);
	assert_int_equal(promotions_lookup(c, code, "loyal", "2027-02-01", &p, &check, NULL), 0);
	assert_int_equal(check, PROMO_ENDED);
	promotion_release(&p);
	/* the store's codes are everyone's */
	assert_int_equal(promotions_lookup(c, "save10", "lapsed", "2026-12-05", &p, &check, NULL), 0);
	assert_int_equal(check, PROMO_VALID);
	assert_false(p.personal);
	promotion_release(&p);
	/* single use: claimed once; another customer cannot claim it */
	enum offers_claim claim;
	assert_int_equal(offers_claim(c, code, "lapsed", NOW, &claim, NULL), 0);
	assert_int_equal(claim, OFFERS_USED);
	assert_int_equal(offers_claim(c, "SAVE10", "loyal", NOW, &claim, NULL), 0);
	assert_int_equal(claim, OFFERS_NOT_PERSONAL);
	assert_int_equal(offers_claim(c, lower, "loyal", NOW, &claim, NULL), 0);
	assert_int_equal(claim, OFFERS_CLAIMED);
	/* an order that failed gives it back */
	assert_int_equal(offers_release(c, code, NULL), 0);
	assert_int_equal(offers_claim(c, code, "loyal", NOW, &claim, NULL), 0);
	assert_int_equal(claim, OFFERS_CLAIMED);
	assert_int_equal(offers_attach(c, code, "100001", NULL), 0);
	assert_int_equal(offers_claim(c, code, "loyal", NOW, &claim, NULL), 0);
	assert_int_equal(claim, OFFERS_USED);
	assert_int_equal(scalar(c, "SELECT count(*) FROM offers WHERE order_ref = '100001'"
	                           " AND redeemed_at IS NOT NULL"), 1);
	assert_int_equal(promotions_lookup(c, code, "loyal", "2026-12-05", &p, &check, NULL), 0);
	assert_int_equal(check, PROMO_USED);
	promotion_release(&p);
	/* a used code is no longer listed, and the rule issues no other */
	assert_int_equal(offers_for(c, "loyal", NOW, &o, &n, NULL), 0);
	assert_int_equal(n, 0);
	assert_int_equal(scalar(c, "SELECT count(*) FROM offers"), 1);
}

static void test_codes_avoid_promotions(void **state)
{
	catalog *c = *state;
	consent_all(c);
	/* many customers, each a fresh code: none repeats or takes a store code */
	for (int i = 0; i < 200; i++) {
		char sql[1024];
		snprintf(sql, sizeof sql,
		         "INSERT INTO customers (external_id) VALUES ('m%d');"
		         "INSERT INTO orders (source_id, customer_id, status, placed_at)"
		         " SELECT 'm%d-' || n, (SELECT id FROM customers WHERE external_id = 'm%d'),"
		         " 'delivered', '2026-11-0' || n"
		         " FROM (SELECT 1 AS n UNION ALL SELECT 2 UNION ALL SELECT 3)", i, i, i);
		exec(c, sql);
		char who[16];
		snprintf(who, sizeof who, "m%d", i);
		assert_int_equal(profile_set_consent(c, who, true, NULL), 0);
		struct offer *o = NULL;
		size_t n = 0;
		assert_int_equal(offers_for(c, who, NOW, &o, &n, NULL), 0);
		assert_int_equal(n, 1);
		assert_true(code_shape(o[0].code));
		offers_free(o, n);
	}
	assert_int_equal(scalar(c, "SELECT count(DISTINCT code) FROM offers"), 200);
	assert_int_equal(scalar(c, "SELECT count(*) FROM offers f JOIN promotions p"
	                           " ON p.code = f.code COLLATE NOCASE"), 0);
}

static void test_forget_takes_offers(void **state)
{
	catalog *c = *state;
	consent_all(c);
	struct offer *o = NULL;
	size_t n = 0;
	assert_int_equal(offers_for(c, "loyal", NOW, &o, &n, NULL), 0);
	char code[16];
	snprintf(code, sizeof code, "%s", o[0].code);
	offers_free(o, n);
	struct profile_forgotten f;
	assert_int_equal(profile_forget(c, "loyal", &f, NULL), 0);
	assert_int_equal(f.offers, 1);
	/* the code is gone for everyone: it did not become a store code */
	struct promotion p;
	enum promo_check check;
	assert_int_equal(promotions_lookup(c, code, NULL, "2026-12-05", &p, &check, NULL), 0);
	assert_int_equal(check, PROMO_UNKNOWN);
	assert_int_equal(scalar(c, "SELECT count(*) FROM offers"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_no_consent_no_offers, setup, close_catalog),
		cmocka_unit_test_setup_teardown(test_rules, setup, close_catalog),
		cmocka_unit_test_setup_teardown(test_inactive_and_ended, setup, close_catalog),
		cmocka_unit_test_setup_teardown(test_lookup_and_claim, setup, close_catalog),
		cmocka_unit_test_setup_teardown(test_codes_avoid_promotions, setup, close_catalog),
		cmocka_unit_test_setup_teardown(test_forget_takes_offers, setup, close_catalog),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
