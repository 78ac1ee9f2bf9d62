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

/* Field spellings of unseen platforms, guessed by their shape. */
static void test_guessed_by_shape(void **state)
{
	(void)state;
	char *err = NULL;
	struct mapping *m = mapping_new(false, PRESET_NONE, NULL, &err);
	const struct {
		const char *key;
		int field;
	} cases[] = {
		/* name */
		{"title", PF_NAME}, {"productName", PF_NAME}, {"product_name", PF_NAME},
		{"display_name", PF_NAME}, {"productDisplayName", PF_NAME}, {"item.title", PF_NAME},
		/* brand */
		{"brandName", PF_BRAND}, {"manufacturer", PF_BRAND}, {"vendor", PF_BRAND},
		{"maker", PF_BRAND}, {"brand.name", PF_BRAND}, {"Mfr", PF_BRAND},
		/* id */
		{"sku", PF_ID}, {"product_code", PF_ID}, {"productId", PF_ID}, {"item_id", PF_ID},
		{"asin", PF_ID}, {"Item No.", PF_ID}, {"product.id", PF_ID},
		/* price, sale price, currency */
		{"pricing.listPrice", PF_PRICE}, {"pricing.price", PF_PRICE},
		{"unit_price.amount", PF_PRICE}, {"price.amount", PF_PRICE},
		{"price.value", PF_PRICE}, {"offers.price", PF_PRICE}, {"variants.price", PF_PRICE},
		{"regularPrice", PF_PRICE}, {"salePrice", PF_SALE_PRICE},
		{"pricing.salePrice", PF_SALE_PRICE}, {"currency", PF_CURRENCY},
		{"currencyCode", PF_CURRENCY}, {"unit_price.currency", PF_CURRENCY},
		{"pricing.currency", PF_CURRENCY}, {"priceCurrency", PF_CURRENCY},
		/* rating and review count */
		{"ratingSummary.average", PF_RATING}, {"avg_rating", PF_RATING},
		{"averageRating", PF_RATING}, {"stars", PF_RATING}, {"Avg. Stars", PF_RATING},
		{"aggregateRating.ratingValue", PF_RATING}, {"rating.value", PF_RATING},
		{"ratingSummary.count", PF_REVIEW_COUNT}, {"ratingSummary.reviewCount", PF_REVIEW_COUNT},
		{"aggregateRating.reviewCount", PF_REVIEW_COUNT}, {"num_reviews", PF_REVIEW_COUNT},
		{"# Reviews", PF_REVIEW_COUNT}, {"review_count", PF_REVIEW_COUNT},
		/* stock */
		{"inventory.quantity", PF_STOCK}, {"stock_level", PF_STOCK},
		{"qty_available", PF_STOCK}, {"Qty Available", PF_STOCK},
		{"inventory.available", PF_STOCK}, {"availability", PF_AVAILABILITY},
		{"inventory.status", PF_AVAILABILITY}, {"in_stock", PF_AVAILABILITY},
		/* category */
		{"categoryPath", PF_CATEGORY}, {"taxonomy", PF_CATEGORY}, {"department", PF_CATEGORY},
		{"Dept", PF_CATEGORY}, {"aisle", PF_CATEGORY}, {"category.name", PF_CATEGORY},
		{"google_product_category", PF_CATEGORY}, {"sub_category", PF_CATEGORY},
		/* description */
		{"longDescription", PF_DESCRIPTION}, {"shortDescription", PF_DESCRIPTION},
		{"body_html", PF_DESCRIPTION}, {"description_html", PF_DESCRIPTION},
		{"description.text", PF_DESCRIPTION},
		/* image and url */
		{"thumbnail_url", PF_IMAGE}, {"image.src", PF_IMAGE}, {"images.src", PF_IMAGE},
		{"Image URL", PF_IMAGE}, {"product_url", PF_URL},
		/* other platforms' spellings: WooCommerce, schema.org, marketplaces */
		{"ratings_total", PF_REVIEW_COUNT}, {"price_amount", PF_PRICE},
		{"average_rating", PF_RATING}, {"rating_count", PF_REVIEW_COUNT},
		{"stock_status", PF_AVAILABILITY}, {"regular_price", PF_PRICE},
		{"sale_price", PF_SALE_PRICE}, {"stock_quantity", PF_STOCK},
		{"offers.priceCurrency", PF_CURRENCY}, {"offers.availability", PF_AVAILABILITY},
		{"categories.name", PF_CATEGORY}, {"images.link", PF_IMAGE},
		{"feature_bullets", PF_FEATURES}, {"reviews.count", PF_REVIEW_COUNT},
		/* a currency in a price's name, an object named for its field
		 * though a word of it is another party's, a summary, a colour
		 * or material said with what it is of */
		{"pricing.list_price_usd", PF_PRICE}, {"price_eur", PF_PRICE},
		{"sale_price_gbp", PF_SALE_PRICE}, {"customer_rating.average", PF_RATING},
		{"customer_rating.count", PF_REVIEW_COUNT}, {"summary", PF_DESCRIPTION},
		{"finish_colour", PF_COLOR}, {"shell_material", PF_MATERIAL},
		{"Product Code/SKU", PF_ID}, {"browse_node", PF_CATEGORY},
		{"customer_reviews.stars", PF_RATING}, {"customer_reviews.count", PF_REVIEW_COUNT},
		/* not the product's: another party's, or a part of another object */
		{"shipping.price", MAPPING_FEATURE}, {"seller.name", MAPPING_FEATURE},
		{"shipping.amount", MAPPING_FEATURE}, {"categoryPath.id", MAPPING_FEATURE},
		{"variants.id", MAPPING_FEATURE}, {"variants.sku", MAPPING_FEATURE},
		{"images.alt", MAPPING_FEATURE}, {"brand.count", MAPPING_FEATURE},
		{"dimensions.width", MAPPING_FEATURE}, {"net_content.quantity", MAPPING_FEATURE},
		{"warrantyInformation", MAPPING_FEATURE}, {"reviews.author", MAPPING_FEATURE},
		{"author.name", MAPPING_FEATURE}, {"ean13", MAPPING_FEATURE},
		{"offers.url", MAPPING_FEATURE}, {"categories.slug", MAPPING_FEATURE},
		{"color_code", MAPPING_FEATURE}, {"brand_count", MAPPING_FEATURE},
		{"@type", MAPPING_FEATURE}, {"@id", MAPPING_FEATURE}, {"brand.@type", MAPPING_FEATURE},
		{"price_cents", MAPPING_FEATURE}, {"weight_usd", MAPPING_FEATURE},
		{"customer.name", MAPPING_FEATURE}, {"specs.frame_color", MAPPING_FEATURE},
		{"seller_rating.average", MAPPING_FEATURE}, {"seller_reviews.count", MAPPING_FEATURE},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int rank;
		int f = mapping_resolve(m, cases[i].key, &rank);
		if (f != cases[i].field)
			fail_msg("\"%s\" -> %s, want %s", cases[i].key, mapping_field_name(m, f),
			         mapping_field_name(m, cases[i].field));
	}
	/* Guesses rank below aliases: a flat "price" beats "variants.price". */
	int flat, nested;
	mapping_resolve(m, "price", &flat);
	mapping_resolve(m, "variants.price", &nested);
	assert_true(flat < nested);
	assert_true(mapping_rank_is_guess(nested));
	mapping_free(m);

	/* A field named by --map takes no guesses. */
	m = mapping_new(false, PRESET_NONE, "price=cost", &err);
	int rank;
	assert_int_equal(mapping_resolve(m, "pricing.listPrice", &rank), MAPPING_FEATURE);
	mapping_free(m);
	/* Orders are not guessed at. */
	m = mapping_new(true, PRESET_NONE, NULL, &err);
	assert_int_equal(mapping_resolve(m, "pricing.listPrice", &rank), MAPPING_FEATURE);
	mapping_free(m);
}

static void test_category_levels(void **state)
{
	(void)state;
	char *err = NULL;
	struct mapping *m = mapping_new(false, PRESET_NONE, NULL, &err);
	assert_true(mapping_category_level(m, "department") < mapping_category_level(m, "aisle"));
	assert_true(mapping_category_level(m, "Dept") < mapping_category_level(m, "category"));
	assert_true(mapping_category_level(m, "category") < mapping_category_level(m, "sub_category"));
	assert_true(mapping_category_level(m, "aisle") < mapping_category_level(m, "shelf"));
	assert_int_equal(mapping_category_level(m, "categoryPath"), -1);
	mapping_free(m);
	m = mapping_new(false, PRESET_NONE, "category=taxonomy", &err);
	assert_int_equal(mapping_category_level(m, "aisle"), -1);
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
		cmocka_unit_test(test_guessed_by_shape),
		cmocka_unit_test(test_category_levels),
		cmocka_unit_test(test_normalize),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
