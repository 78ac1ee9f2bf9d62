/* Unit tests for nlu/text/fieldname.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "nlu/text/fieldname.h"

static void words_are(const char *key, const char *want)
{
	struct buf b;
	buf_init(&b);
	fieldname_words(key, strlen(key), &b);
	if (strcmp(b.s, want))
		fail_msg("\"%s\" -> \"%s\", want \"%s\"", key, b.s, want);
	buf_release(&b);
}

static void test_words(void **state)
{
	(void)state;
	words_are("warrantyInformation", "warranty information");
	words_are("warranty_information", "warranty information");
	words_are("Warranty Information", "warranty information");
	words_are("net_content", "net content");
	words_are("nutrition_per_100g", "nutrition per 100g");
	words_are("energy_kcal", "energy kcal");
	words_are("HTTPStatus", "http status");
	words_are("SKUCode", "sku code");
	words_are("ean13", "ean13");
	words_are("last_modified", "last modified");
	words_are("createdAt", "created at");
	words_are("g:image_link", "g image link");
	words_are("  Screen Size (in)  ", "screen size in");
	words_are("weightValue", "weight value");
	words_are("Battery (mAh)", "battery mah");
	words_are("Attribute 1 value(s)", "attribute 1 value");
	words_are("Size(s)", "size");
	words_are("energyKWh", "energy kwh");
	words_are("cpuMHz", "cpu mhz");
	words_are("iPhoneModel", "iphone model");
	words_are("productID", "product id");
	words_are("Größe", "größe");
	words_are("", "");
	words_are("__", "");
}

static enum fieldname_noise noise(const char *key)
{
	struct buf b;
	buf_init(&b);
	fieldname_words(key, strlen(key), &b);
	enum fieldname_noise k = fieldname_noise(b.s);
	buf_release(&b);
	return k;
}

static void test_noise(void **state)
{
	(void)state;
	assert_int_equal(noise("thumbnail_url"), FIELDNAME_LINK);
	assert_int_equal(noise("productUrl"), FIELDNAME_LINK);
	assert_int_equal(noise("href"), FIELDNAME_LINK);
	assert_int_equal(noise("ean13"), FIELDNAME_CODE);
	assert_int_equal(noise("gtin14"), FIELDNAME_CODE);
	assert_int_equal(noise("internal_ref"), FIELDNAME_CODE);
	assert_int_equal(noise("uuid"), FIELDNAME_CODE);
	assert_int_equal(noise("categoryId"), FIELDNAME_CODE);
	assert_int_equal(noise("sku"), FIELDNAME_CODE);
	assert_int_equal(noise("last_modified"), FIELDNAME_TIME);
	assert_int_equal(noise("updatedAt"), FIELDNAME_TIME);
	assert_int_equal(noise("created_at"), FIELDNAME_TIME);
	assert_int_equal(noise("Cost Price"), FIELDNAME_INTERNAL);
	assert_int_equal(noise("Cost per item"), FIELDNAME_INTERNAL);
	assert_int_equal(noise("wholesalePrice"), FIELDNAME_INTERNAL);
	assert_int_equal(noise("margin_pct"), FIELDNAME_INTERNAL);
	assert_int_equal(noise("reviewer_email"), FIELDNAME_PERSONAL);
	assert_int_equal(noise("authorEmail"), FIELDNAME_PERSONAL);
	assert_int_equal(noise("e-mail"), FIELDNAME_PERSONAL);
	assert_int_equal(noise("email_id"), FIELDNAME_PERSONAL);
	assert_int_equal(noise("contact_phone"), FIELDNAME_PHONE);
	/* BigCommerce's Google Product Search columns, not a GPS's facts */
	assert_int_equal(noise("GPS Gender"), FIELDNAME_INTERNAL);
	assert_int_equal(noise("GPS Global Trade Item Number"), FIELDNAME_INTERNAL);
	assert_int_equal(noise("gps_battery_life"), FIELDNAME_PLAIN);
	/* WooCommerce's REST API settings of a product */
	assert_int_equal(noise("download_limit"), FIELDNAME_INTERNAL);
	assert_int_equal(noise("price_html"), FIELDNAME_INTERNAL);
	assert_int_equal(noise("total_sales"), FIELDNAME_INTERNAL);
	assert_int_equal(noise("menu_order"), FIELDNAME_INTERNAL);
	assert_int_equal(noise("download_speed"), FIELDNAME_PLAIN);
	assert_int_equal(noise("shipping_weight"), FIELDNAME_PLAIN);
	/* Product attributes. */
	assert_int_equal(noise("warranty"), FIELDNAME_PLAIN);
	assert_int_equal(noise("image_stabilization"), FIELDNAME_PLAIN);
	assert_int_equal(noise("release_date"), FIELDNAME_PLAIN);
	assert_int_equal(noise("compatiblePhones"), FIELDNAME_PLAIN);
	assert_int_equal(noise("idle_time"), FIELDNAME_PLAIN);
	assert_int_equal(noise("video"), FIELDNAME_PLAIN);
}

static void test_roles(void **state)
{
	(void)state;
	assert_int_equal(fieldname_role("value", 5), FIELDNAME_ROLE_VALUE);
	assert_int_equal(fieldname_role("quantity", 8), FIELDNAME_ROLE_VALUE);
	assert_int_equal(fieldname_role("uom", 3), FIELDNAME_ROLE_UNIT);
	assert_int_equal(fieldname_role("unit", 4), FIELDNAME_ROLE_UNIT);
	assert_int_equal(fieldname_role("name", 4), FIELDNAME_ROLE_NAME);
	assert_int_equal(fieldname_role("price", 5), FIELDNAME_ROLE_NONE);
	assert_int_equal(fieldname_role("values", 6), FIELDNAME_ROLE_NONE);
	assert_true(fieldname_media("images"));
	assert_true(fieldname_media("product media"));
	assert_false(fieldname_media("dimensions"));
	size_t n;
	const char *w = fieldname_last_word("weight unit", &n);
	assert_int_equal(n, 4);
	assert_memory_equal(w, "unit", 4);
	assert_null(fieldname_last_word("", &n));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_noise),
		cmocka_unit_test(test_roles),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
