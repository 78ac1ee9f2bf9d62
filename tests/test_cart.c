/* Unit tests for catalog/cart.c: persistence, quantities, totals, errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog/shop/cart.h"
#include "catalog/store/catalog.h"
#include "catalog/store/product.h"

static void put(catalog *c, const char *id, const char *name, int64_t cents)
{
	product_writer *w = product_writer_new(c, NULL);
	assert_non_null(w);
	struct product p = {.id = id, .name = name, .price_cents = cents, .has_price = cents >= 0};
	assert_int_equal(catalog_begin(c, NULL), 0);
	assert_int_equal(product_writer_put(w, &p, false, NULL), 0);
	assert_int_equal(catalog_commit(c, NULL), 0);
	product_writer_free(w);
}

static int setup(void **state)
{
	catalog *c = NULL;
	if (catalog_open(":memory:", &c, NULL) < 0)
		return -1;
	put(c, "A1", "Alpha", 1050);
	put(c, "B2", "Beta", 299);
	put(c, "C3", "Gamma", -1);
	*state = c;
	return 0;
}

static int teardown(void **state)
{
	catalog_close(*state);
	return 0;
}

/* The colour and size chosen make lines of their own: one in mustard and
 * one in red are two lines, each set and removed apart. */
static void test_options(void **state)
{
	catalog *c = *state;
	int64_t cart = 0;
	assert_int_equal(cart_open(c, NULL, "sess-opt", &cart, NULL), 0);
	assert_int_equal(cart_add(c, cart, "A1", "Mustard", 1, NULL), 0);
	assert_int_equal(cart_add(c, cart, "A1", "Red", 1, NULL), 0);
	assert_int_equal(cart_add(c, cart, "A1", "Red", 2, NULL), 0); /* adds to its line */
	assert_int_equal(cart_add(c, cart, "B2", NULL, 1, NULL), 0);
	struct cart_contents cc;
	assert_int_equal(cart_list(c, cart, &cc, NULL), 0);
	assert_int_equal(cc.n, 3);
	assert_int_equal(cc.items, 5);
	size_t red = 0, mustard = 0, none = 0;
	for (size_t i = 0; i < cc.n; i++) {
		if (!cc.lines[i].options)
			none++;
		else if (!strcmp(cc.lines[i].options, "Red"))
			red += (size_t)cc.lines[i].quantity;
		else if (!strcmp(cc.lines[i].options, "Mustard"))
			mustard += (size_t)cc.lines[i].quantity;
	}
	assert_int_equal(red, 3);
	assert_int_equal(mustard, 1);
	assert_int_equal(none, 1);
	cart_contents_release(&cc);
	/* one line changes, the other stays */
	assert_int_equal(cart_set_quantity(c, cart, "A1", "Red", 0, NULL), 0);
	assert_int_equal(cart_set_quantity(c, cart, "A1", "Blue", 1, NULL), 1); /* no such line */
	assert_int_equal(cart_list(c, cart, &cc, NULL), 0);
	assert_int_equal(cc.n, 2);
	assert_int_equal(cc.items, 2);
	cart_contents_release(&cc);
	/* NULL: every line of the product */
	assert_int_equal(cart_add(c, cart, "A1", "Red", 1, NULL), 0);
	assert_int_equal(cart_set_quantity(c, cart, "A1", NULL, 0, NULL), 0);
	assert_int_equal(cart_list(c, cart, &cc, NULL), 0);
	assert_int_equal(cc.n, 1);
	assert_string_equal(cc.lines[0].product, "B2");
	cart_contents_release(&cc);
}

/* A variant's own price, kept by the import as "variant price", is what a
 * line in its options costs: the 3 qt is not charged at the 2 qt's price;
 * a line without options, or in options no variant has, costs the
 * product's price. */
static void test_variant_price(void **state)
{
	catalog *c = *state;
	product_writer *w = product_writer_new(c, NULL);
	assert_non_null(w);
	struct product p = {.id = "S1", .name = "Saucepan", .price_cents = 13999, .has_price = true,
	                    .hidden = "variant price:2 qt=13999; variant price:3 qt=16999;"
	                              " variant price:Red, 4 qt=19999"};
	assert_int_equal(catalog_begin(c, NULL), 0);
	assert_int_equal(product_writer_put(w, &p, false, NULL), 0);
	assert_int_equal(catalog_commit(c, NULL), 0);
	product_writer_free(w);
	assert_int_equal(cart_variant_price(c, "S1", "3 QT"), 16999);
	assert_int_equal(cart_variant_price(c, "S1", "4 qt"), 19999);
	assert_int_equal(cart_variant_price(c, "S1", "Red, 4 qt"), 19999);
	assert_int_equal(cart_variant_price(c, "S1", "9 qt"), -1);
	assert_int_equal(cart_variant_price(c, "S1", NULL), -1);
	assert_int_equal(cart_variant_stock(c, "S1", "2 qt"), -1); /* not kept */
	int64_t cart = 0;
	assert_int_equal(cart_open(c, NULL, "sess-variant", &cart, NULL), 0);
	assert_int_equal(cart_add(c, cart, "S1", "3 qt", 1, NULL), 0);
	assert_int_equal(cart_add(c, cart, "S1", NULL, 1, NULL), 0);
	assert_int_equal(cart_add(c, cart, "S1", "9 qt", 1, NULL), 0);
	struct cart_contents cc;
	assert_int_equal(cart_list(c, cart, &cc, NULL), 0);
	assert_int_equal(cc.total_cents, 16999 + 13999 + 13999);
	cart_contents_release(&cc);
}

/* A variant whose stock the shop does not count ("Unlimited": a price
 * kept, no stock) makes the stock of options it is in unknown, not the
 * sum of the others: "Ground" is not out of stock for its 1 kg alone. */
static void test_variant_stock_uncounted(void **state)
{
	catalog *c = *state;
	product_writer *w = product_writer_new(c, NULL);
	assert_non_null(w);
	struct product p = {.id = "K1", .name = "Coffee", .price_cents = 1400, .has_price = true,
	                    .hidden = "variant price:Ground, 250 g=1400; variant price:Ground, 1 kg=4500;"
	                              " variant stock:Ground, 1 kg=0"};
	assert_int_equal(catalog_begin(c, NULL), 0);
	assert_int_equal(product_writer_put(w, &p, false, NULL), 0);
	assert_int_equal(catalog_commit(c, NULL), 0);
	product_writer_free(w);
	assert_int_equal(cart_variant_stock(c, "K1", "Ground, 1 kg"), 0);
	assert_int_equal(cart_variant_stock(c, "K1", "1 kg"), 0);
	assert_int_equal(cart_variant_stock(c, "K1", "Ground"), -1);
	assert_int_equal(cart_variant_stock(c, "K1", "Ground, 250 g"), -1);
}

static void test_add_and_total(void **state)
{
	catalog *c = *state;
	int64_t cart = 0;
	assert_int_equal(cart_open(c, NULL, "sess-1", &cart, NULL), 0);
	assert_true(cart > 0);
	assert_int_equal(cart_add(c, cart, "A1", NULL, 2, NULL), 0);
	assert_int_equal(cart_add(c, cart, "B2", NULL, 1, NULL), 0);
	assert_int_equal(cart_add(c, cart, "A1", NULL, 1, NULL), 0); /* adds to the line */
	assert_int_equal(cart_add(c, cart, "C3", NULL, 1, NULL), 0); /* no price: counted, not totalled */
	struct cart_contents cc;
	assert_int_equal(cart_list(c, cart, &cc, NULL), 0);
	assert_int_equal(cc.n, 3);
	assert_string_equal(cc.lines[0].product, "A1");
	assert_int_equal(cc.lines[0].quantity, 3);
	assert_int_equal(cc.items, 5);
	assert_int_equal(cc.total_cents, 3 * 1050 + 299);
	assert_int_equal(cc.lines[2].price_cents, -1);
	cart_contents_release(&cc);
}

static void test_set_quantity_and_remove(void **state)
{
	catalog *c = *state;
	int64_t cart = 0;
	assert_int_equal(cart_open(c, NULL, "sess-2", &cart, NULL), 0);
	assert_int_equal(cart_add(c, cart, "A1", NULL, 1, NULL), 0);
	assert_int_equal(cart_set_quantity(c, cart, "A1", NULL, 4, NULL), 0);
	assert_int_equal(cart_set_quantity(c, cart, "B2", NULL, 4, NULL), 1); /* not in the cart */
	struct cart_contents cc;
	assert_int_equal(cart_list(c, cart, &cc, NULL), 0);
	assert_int_equal(cc.items, 4);
	cart_contents_release(&cc);
	assert_int_equal(cart_set_quantity(c, cart, "A1", NULL, 0, NULL), 0);
	assert_int_equal(cart_list(c, cart, &cc, NULL), 0);
	assert_int_equal(cc.n, 0);
	assert_int_equal(cc.total_cents, 0);
	cart_contents_release(&cc);
}

static void test_errors(void **state)
{
	catalog *c = *state;
	int64_t cart = 0;
	char *err = NULL;
	assert_int_equal(cart_open(c, NULL, NULL, &cart, &err), -1);
	assert_non_null(err);
	free(err);
	err = NULL;
	assert_int_equal(cart_open(c, NULL, "sess-3", &cart, NULL), 0);
	assert_int_equal(cart_add(c, cart, "nope", NULL, 1, &err), -1);
	assert_non_null(strstr(err, "nope"));
	free(err);
	err = NULL;
	assert_int_equal(cart_add(c, cart, "A1", NULL, 0, &err), -1);
	free(err);
	err = NULL;
	assert_int_equal(cart_add(c, cart, "A1", NULL, -3, &err), -1);
	free(err);
	struct cart_contents cc;
	assert_int_equal(cart_list(c, cart, &cc, NULL), 0);
	assert_int_equal(cc.n, 0); /* failed adds left nothing behind */
	cart_contents_release(&cc);
}

static void test_sessions_are_separate(void **state)
{
	catalog *c = *state;
	int64_t a = 0, b = 0, a2 = 0;
	assert_int_equal(cart_open(c, NULL, "sess-a", &a, NULL), 0);
	assert_int_equal(cart_open(c, NULL, "sess-b", &b, NULL), 0);
	assert_int_equal(cart_open(c, NULL, "sess-a", &a2, NULL), 0);
	assert_true(a != b);
	assert_int_equal(a, a2);
}

/* A customer's cart survives closing the database: a new process finds it. */
static void test_customer_cart_persists(void **state)
{
	(void)state;
	char path[] = "/tmp/clerk-cart-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	catalog *c = NULL;
	assert_int_equal(catalog_open(path, &c, NULL), 0);
	put(c, "A1", "Alpha", 1050);
	int64_t cart = 0;
	assert_int_equal(cart_open(c, "cust-9", NULL, &cart, NULL), 0);
	assert_int_equal(cart_add(c, cart, "A1", NULL, 2, NULL), 0);
	catalog_close(c);
	assert_int_equal(catalog_open(path, &c, NULL), 0);
	int64_t again = 0;
	assert_int_equal(cart_open(c, "cust-9", "other-session", &again, NULL), 0);
	assert_int_equal(again, cart);
	struct cart_contents cc;
	assert_int_equal(cart_list(c, again, &cc, NULL), 0);
	assert_int_equal(cc.items, 2);
	cart_contents_release(&cc);
	assert_int_equal(cart_clear(c, again, NULL), 0);
	assert_int_equal(cart_list(c, again, &cc, NULL), 0);
	assert_int_equal(cc.n, 0);
	cart_contents_release(&cc);
	catalog_close(c);
	char side[64];
	unlink(path);
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_add_and_total, setup, teardown),
		cmocka_unit_test_setup_teardown(test_options, setup, teardown),
		cmocka_unit_test_setup_teardown(test_variant_stock_uncounted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_variant_price, setup, teardown),
		cmocka_unit_test_setup_teardown(test_set_quantity_and_remove, setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sessions_are_separate, setup, teardown),
		cmocka_unit_test(test_customer_cart_persists),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
