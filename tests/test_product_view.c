/* Unit tests for catalog/store/product_view.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "catalog/store/product_view.h"
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

	struct product_view d;
	assert_int_equal(product_view_load(c, "sku-9", true, &d, NULL), 0);
	assert_non_null(d.id);
	assert_true(d.has_details);
	assert_string_equal(d.name, "Trail Shoe");
	assert_string_equal(d.brand, "Aurora");
	assert_non_null(strstr(d.category, "Running"));
	assert_string_equal(d.description, "Light and grippy.");
	assert_int_equal(d.price_cents, 12999);
	assert_true(d.has_rating);
	assert_false(d.has_stock);
	bool weight = false;
	for (size_t i = 0; i < d.n_attrs; i++)
		if (!strcmp(d.attrs[i].key, "weight") && !strcmp(d.attrs[i].value, "250 g"))
			weight = true;
	assert_true(weight);
	/* a copy owns its strings: the original can go */
	struct product_view copy;
	product_view_copy(&copy, &d);
	int64_t rowid = d.rowid;
	product_view_release(&d);
	assert_string_equal(copy.name, "Trail Shoe");
	assert_int_equal(copy.n_attrs >= 2, 1);
	product_view_release(&copy);

	/* by rowid, the summary only */
	assert_int_equal(product_view_load_rowid(c, rowid, false, &d, NULL), 0);
	assert_string_equal(d.id, "sku-9");
	assert_false(d.has_details);
	assert_int_equal(d.n_attrs, 0);
	product_view_release(&d);

	/* no such product is not an error: the view is empty */
	assert_int_equal(product_view_load(c, "nope", true, &d, NULL), 0);
	assert_null(d.id);
	product_view_release(&d);
	product_view_release(NULL);
	catalog_close(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_details_roundtrip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
