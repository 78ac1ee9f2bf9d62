/* Unit tests for catalog/details.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "catalog/store/details.h"
#include "catalog/store/product.h"

static void test_details_roundtrip(void **state)
{
	(void)state;
	catalog *c = NULL;
	assert_int_equal(catalog_open(":memory:", &c, NULL), 0);
	product_writer *w = product_writer_new(c, NULL);
	assert_non_null(w);
	struct product p = {
		.id = "sku-9", .name = "Trail Shoe", .brand = "Aurora", .category = "Shoes > Running",
		.description = "Light and grippy.", .features = "weight:250 g; drop:6 mm",
		.color = "blue", .price_cents = 12999, .has_price = true, .rating = 4.4,
		.has_rating = true, .review_count = 31,
	};
	assert_int_equal(catalog_begin(c, NULL), 0);
	assert_int_equal(product_writer_put(w, &p, false, NULL), 0);
	assert_int_equal(catalog_commit(c, NULL), 0);
	product_writer_free(w);

	struct product_details d;
	bool found = false;
	assert_int_equal(details_get(c, "sku-9", &d, &found, NULL), 0);
	assert_true(found);
	assert_string_equal(d.name, "Trail Shoe");
	assert_string_equal(d.brand, "Aurora");
	assert_non_null(strstr(d.category, "Running"));
	assert_string_equal(d.description, "Light and grippy.");
	assert_int_equal(d.price_cents, 12999);
	assert_true(d.has_rating);
	assert_false(d.has_stock);
	bool weight = false;
	for (size_t i = 0; i < d.n_attrs; i++)
		if (!strcmp(d.attr_keys[i], "weight") && !strcmp(d.attr_values[i], "250 g"))
			weight = true;
	assert_true(weight);
	details_release(&d);

	assert_int_equal(details_get(c, "nope", &d, &found, NULL), 0);
	assert_false(found);
	details_release(&d);
	catalog_close(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_details_roundtrip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
