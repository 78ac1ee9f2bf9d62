/* Unit tests for catalog/mapping.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "catalog/import/mapping.h"

static void test_aliases(void **state)
{
	(void)state;
	char *err = NULL;
	struct mapping *m = mapping_new(false, PRESET_NONE, NULL, &err);
	assert_non_null(m);
	int rank, rank2;
	assert_int_equal(mapping_resolve(m, "Title", &rank), PF_NAME);
	assert_int_equal(mapping_resolve(m, "categories", &rank), PF_CATEGORY);
	assert_int_equal(mapping_resolve(m, "review_count", &rank), PF_REVIEW_COUNT);
	assert_int_equal(mapping_resolve(m, "Image URL", &rank), PF_IMAGE);
	assert_int_equal(mapping_resolve(m, "warranty", &rank), MAPPING_FEATURE);
	/* The canonical name beats an alias. */
	assert_int_equal(mapping_resolve(m, "name", &rank), PF_NAME);
	assert_int_equal(mapping_resolve(m, "product_name", &rank2), PF_NAME);
	assert_true(rank < rank2);
	/* Cached answers are the same. */
	assert_int_equal(mapping_resolve(m, "Title", &rank), PF_NAME);
	mapping_free(m);
}

static void test_explicit_map(void **state)
{
	(void)state;
	char *err = NULL;
	struct mapping *m = mapping_new(false, PRESET_NONE,
	                                "name=product_name,category=categoryPath.name", &err);
	assert_non_null(m);
	int rank;
	assert_int_equal(mapping_resolve(m, "product_name", &rank), PF_NAME);
	assert_int_equal(mapping_resolve(m, "categoryPath.name", &rank), PF_CATEGORY);
	/* A mapped field takes only its source. */
	assert_int_equal(mapping_resolve(m, "name", &rank), MAPPING_FEATURE);
	assert_int_equal(mapping_resolve(m, "categories", &rank), MAPPING_FEATURE);
	mapping_free(m);

	assert_null(mapping_new(false, PRESET_NONE, "colour=c", &err));
	assert_non_null(strstr(err, "unknown field \"colour\""));
	free(err);
	assert_null(mapping_new(false, PRESET_NONE, "name", &err));
	assert_non_null(strstr(err, "FIELD=SOURCE"));
	free(err);
}

static void test_presets(void **state)
{
	(void)state;
	char *err = NULL;
	int rank;
	struct mapping *m = mapping_new(false, PRESET_SHOPIFY, NULL, &err);
	assert_int_equal(mapping_resolve(m, "Handle", &rank), PF_ID);
	assert_int_equal(mapping_resolve(m, "Body (HTML)", &rank), PF_DESCRIPTION);
	assert_int_equal(mapping_resolve(m, "Variant Price", &rank), PF_PRICE);
	assert_int_equal(mapping_resolve(m, "Variant Grams", &rank), MAPPING_IGNORE);
	assert_int_equal(mapping_resolve(m, "SEO Title", &rank), MAPPING_IGNORE);
	mapping_free(m);
	m = mapping_new(false, PRESET_GMC, NULL, &err);
	assert_int_equal(mapping_resolve(m, "image_link", &rank), PF_IMAGE);
	assert_int_equal(mapping_resolve(m, "g:price", &rank), PF_PRICE);
	assert_int_equal(mapping_resolve(m, "product_type", &rank), PF_CATEGORY);
	assert_int_equal(mapping_resolve(m, "gtin", &rank), MAPPING_FEATURE);
	mapping_free(m);
	m = mapping_new(true, PRESET_NONE, NULL, &err);
	assert_int_equal(mapping_resolve(m, "Order Number", &rank), OF_ORDER_ID);
	assert_int_equal(mapping_resolve(m, "qty", &rank), OF_QUANTITY);
	assert_string_equal(mapping_field_name(m, OF_POSTCODE), "postcode");
	mapping_free(m);
}

static void test_normalize(void **state)
{
	(void)state;
	char out[16];
	mapping_normalize("G:Image_Link", out, sizeof out);
	assert_string_equal(out, "imagelink");
	mapping_normalize("a-very-long-column-name-indeed", out, sizeof out);
	assert_int_equal(strlen(out), 15);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_aliases),
		cmocka_unit_test(test_explicit_map),
		cmocka_unit_test(test_presets),
		cmocka_unit_test(test_normalize),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
