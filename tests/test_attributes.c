/* Unit tests for catalog/import/attr_rows.c (what a record's leftover keys
 * become) and catalog/store/attributes.c (attribute_keys), the latter
 * through imports of the fixtures in tests/fixtures/import and
 * tests/fixtures/dialogue/grocer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/import/attr_rows.h"
#include "catalog/import/import.h"
#include "catalog/store/attributes.h"
#include "catalog/store/catalog_int.h"
#include "catalog/store/product_view.h"
#include "tests/catalog_fixture.h"

struct env {
	struct measure_units *units;
	catalog *c;
};

static int setup(void **state)
{
	struct env *e = calloc(1, sizeof *e);
	char *err = NULL;
	if (measure_units_load(CLERK_ASSETS_DIR "/units.txt", &e->units, &err) < 0 ||
	    catalog_open(":memory:", &e->c, &err) < 0) {
		fprintf(stderr, "%s\n", err);
		free(err);
		return -1;
	}
	*state = e;
	return 0;
}

static int teardown(void **state)
{
	struct env *e = *state;
	catalog_close(e->c);
	measure_units_free(e->units);
	free(e);
	return 0;
}

/* ---- attr_rows on records made by hand ---- */

/* Builds the rows of pairs "key", "value" (values may hold \x1f between
 * array values); every pair is a leftover. */
static void build(const struct measure_units *u, const char *const *kv, size_t n,
                  struct buf *visible, struct buf *hidden)
{
	const char *keys[32], *values[32];
	size_t lens[32], idx[32];
	assert_true(n <= 32);
	for (size_t i = 0; i < n; i++) {
		keys[i] = kv[2 * i];
		values[i] = kv[2 * i + 1];
		lens[i] = strlen(values[i]);
		idx[i] = i;
	}
	struct record r = {.keys = keys, .values = values, .lens = lens, .n = n};
	struct attr_rows *a = attr_rows_new(u);
	buf_reset(visible);
	buf_reset(hidden);
	attr_rows_build(a, &r, idx, n, visible, hidden);
	attr_rows_free(a);
}

#define BUILD(u, vis, hid, ...)                                                  \
	do {                                                                     \
		const char *kv_[] = {__VA_ARGS__};                               \
		build(u, kv_, sizeof kv_ / sizeof kv_[0] / 2, vis, hid);         \
	} while (0)

static void expect_text(const struct buf *b, const char *want)
{
	if (strcmp(b->s, want))
		fail_msg("got \"%s\"\nwant \"%s\"", b->s, want);
}

static void test_names(void **state)
{
	struct env *e = *state;
	struct buf v, h;
	buf_init(&v);
	buf_init(&h);
	BUILD(e->units, &v, &h, "warrantyInformation", "2 years", "dimensions.width", "7",
	      "material.name", "steel", "net_content", "1 l", "origin_country", "Ireland");
	expect_text(&v, "warranty information:2 years; width:7; material:steel; net content:1 l; "
	                "origin country:Ireland");
	expect_text(&h, "");
	/* Two keys of a record ending alike keep their parents' words. */
	BUILD(e->units, &v, &h, "package.weight", "1.2 kg", "item.weight", "900 g");
	expect_text(&v, "package weight:1.2 kg; item weight:900 g");
	/* A "per ..." part qualifies what it holds; a unit at the end of a
	 * name goes to the numbers. */
	BUILD(e->units, &v, &h, "nutrition_per_100g.energy_kcal", "64", "nutrition_per_100g.fat_g",
	      "3.6", "Weight (kg)", "0.19", "Battery (mAh)", "4,500");
	expect_text(&v, "energy per 100g:64 kcal; fat per 100g:3.6 g; weight:0.19 kg; "
	                "battery:4500 mAh");
	/* An id inside an object is that object's, and hidden. */
	BUILD(e->units, &v, &h, "categoryPath.id", "c1\x1f" "c2");
	expect_text(&v, "");
	expect_text(&h, "category path id:c1; category path id:c2");
	buf_release(&v);
	buf_release(&h);
}

static void test_measures_in_two_fields(void **state)
{
	struct env *e = *state;
	struct buf v, h;
	buf_init(&v);
	buf_init(&h);
	BUILD(e->units, &v, &h, "net_content.quantity", "1", "net_content.uom", "l");
	expect_text(&v, "net content:1 l");
	BUILD(e->units, &v, &h, "size.value", "50", "size.unit", "ml");
	expect_text(&v, "size:50 ml");
	BUILD(e->units, &v, &h, "value", "50", "unit", "ml");
	expect_text(&v, "size:50 ml");
	BUILD(e->units, &v, &h, "weightValue", "280", "weightUnit", "g");
	expect_text(&v, "weight:280 g");
	BUILD(e->units, &v, &h, "weight_value", "1.2", "weight_unit", "kg", "Colour", "red");
	expect_text(&v, "weight:1.2 kg; colour:red");
	BUILD(e->units, &v, &h, "variants.weight", "0.18\x1f" "0.2", "variants.weight_unit",
	      "kg\x1fkg");
	expect_text(&v, "weight:0.18 kg; weight:0.2 kg");
	/* One unit for the numbers beside it. */
	BUILD(e->units, &v, &h, "dimensions.width", "7", "dimensions.height", "15",
	      "dimensions.unit", "cm", "dimensions.note", "boxed");
	expect_text(&v, "width:7 cm; height:15 cm; note:boxed");
	/* A unit field with no number beside it is an attribute. */
	BUILD(e->units, &v, &h, "sales_unit", "box");
	expect_text(&v, "sales unit:box");
	/* Measures are written one way. */
	BUILD(e->units, &v, &h, "screen", "6.1\"", "weight", "1.2kg", "storage", "128GB");
	expect_text(&v, "screen:6.1 in; weight:1.2 kg; storage:128 GB");
	/* Without a units table, values stay as written. */
	BUILD(NULL, &v, &h, "weight", "1.2kg", "energy_kcal", "64");
	expect_text(&v, "weight:1.2kg; energy kcal:64");
	/* An attribute named in one field and valued in another (WooCommerce) */
	BUILD(e->units, &v, &h, "Attribute 1 name", "Color", "Attribute 1 value(s)", "Blue",
	      "Attribute 2 name", "Size", "Attribute 2 value(s)", "Large");
	expect_text(&v, "color:Blue; size:Large");
	BUILD(e->units, &v, &h, "Variation 1 name", "Colour", "Variation 1 values", "Green");
	expect_text(&v, "colour:Green");
	buf_release(&v);
	buf_release(&h);
}

static void test_lists_and_booleans(void **state)
{
	struct env *e = *state;
	struct buf v, h;
	buf_init(&v);
	buf_init(&h);
	BUILD(e->units, &v, &h, "skinTypes", "dry\x1fsensitive", "dietary", "vegan\x1fgluten-free",
	      "crueltyFree", "true", "vegan", "FALSE", "notes", "a; b | c\nd");
	expect_text(&v, "skin types:dry; skin types:sensitive; dietary:vegan; "
	                "dietary:gluten-free; cruelty free:yes; vegan:no; notes:a, b , c d");
	buf_release(&v);
	buf_release(&h);
}

static void test_noise_and_personal_data(void **state)
{
	struct env *e = *state;
	struct buf v, h;
	buf_init(&v);
	buf_init(&h);
	BUILD(e->units, &v, &h, "thumbnail_url", "https://img.example/p/1.jpg", "ean13",
	      "5000079392643", "last_modified", "2026-03-08T05:13:00Z", "internal_ref",
	      "WH2-B11-4017", "source", "https://feed.example/x", "launched", "2026-03-08",
	      "images.width", "1200", "uuid", "123e4567-e89b-12d3-a456-426614174000");
	expect_text(&v, "launched:2026-03-08");
	expect_text(&h, "thumbnail url:https://img.example/p/1.jpg; ean13:5000079392643; "
	                "last modified:2026-03-08T05:13:00Z; internal ref:WH2-B11-4017; "
	                "source:https://feed.example/x; width:1200; "
	                "uuid:123e4567-e89b-12d3-a456-426614174000");
	/* Personal data is dropped, not hidden; addresses leave the text. */
	BUILD(e->units, &v, &h, "reviewer_email", "tomb@mailbox.example", "authorEmail",
	      "x@y.example", "seller.contact_phone", "+44 20 7946 0958", "mobile", "yes",
	      "contact", "ruth.k@webmail.example", "notes", "Ask ann@shop.example for more");
	expect_text(&v, "mobile:yes; notes:Ask for more");
	expect_text(&h, "");
	buf_release(&v);
	buf_release(&h);
}

/* ---- attribute_keys through imports ---- */

static void import(struct env *e, const char *path, const char *map)
{
	struct import_options o = {.units = e->units, .map = map};
	struct import_stats st;
	char *err = NULL;
	exec(e->c, "DELETE FROM reviews; DELETE FROM attributes; DELETE FROM products;"
	           " DELETE FROM attribute_keys");
	if (import_run(e->c, path, &o, &st, &err) < 0)
		fail_msg("%s: %s", path, err);
}

static struct attr_key *find_key(struct attr_key *keys, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(keys[i].key, key))
			return &keys[i];
	fail_msg("no attribute key \"%s\"", key);
	return NULL;
}

static void expect_key(struct attr_key *keys, size_t n, const char *key, enum attr_kind kind,
                       const char *unit)
{
	struct attr_key *k = find_key(keys, n, key);
	if (k->kind != kind)
		fail_msg("\"%s\" is %s, want %s", key, attr_kind_name(k->kind), attr_kind_name(kind));
	if (unit) {
		assert_non_null(k->unit);
		assert_string_equal(k->unit, unit);
	} else {
		assert_null(k->unit);
	}
}

static int64_t count_where(catalog *c, const char *sql, const char *arg)
{
	sqlite3_stmt *st = catalog_prepare(c, sql, NULL);
	assert_non_null(st);
	if (arg)
		catalog_bind_text(st, 1, arg);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	int64_t v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* No e-mail address anywhere in the catalog's product data. */
static void expect_no_addresses(catalog *c)
{
	assert_int_equal(scalar(c, "SELECT count(*) FROM products WHERE description LIKE '%@%'"
	                           " OR features LIKE '%@%' OR name LIKE '%@%'"),
	                 0);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes WHERE value LIKE '%@%'"), 0);
	assert_int_equal(scalar(c, "SELECT count(*) FROM reviews WHERE author LIKE '%@%'"
	                           " OR body LIKE '%@%' OR title LIKE '%@%'"),
	                 0);
}

static void test_grocer_keys(void **state)
{
	struct env *e = *state;
	import(e, FIXTURES_DIR "/dialogue/grocer/products.jsonl", NULL);
	struct attr_key *keys;
	size_t n;
	char *err = NULL;
	assert_int_equal(attr_keys_load(e->c, &keys, &n, &err), 0);
	expect_key(keys, n, "net content", ATTR_NUMBER, NULL); /* g, l and counts */
	expect_key(keys, n, "protein per 100g", ATTR_NUMBER, "g");
	expect_key(keys, n, "energy per 100g", ATTR_NUMBER, "kcal");
	expect_key(keys, n, "allergens", ATTR_LIST, NULL);
	expect_key(keys, n, "dietary", ATTR_LIST, NULL);
	expect_key(keys, n, "origin country", ATTR_TEXT, NULL);
	expect_key(keys, n, "ean13", ATTR_HIDDEN, NULL);
	expect_key(keys, n, "internal ref", ATTR_HIDDEN, NULL);
	expect_key(keys, n, "last modified", ATTR_HIDDEN, NULL);
	assert_string_equal(find_key(keys, n, "last modified")->noise, "time");
	assert_string_equal(find_key(keys, n, "ean13")->noise, "code");
	struct attr_key *k = find_key(keys, n, "protein per 100g");
	assert_string_equal(k->label, "protein per 100g");
	assert_string_equal(k->dimension, "mass");
	assert_int_equal(k->products, 75);
	/* The most common first. */
	for (size_t i = 1; i < n; i++)
		assert_true(keys[i - 1].products >= keys[i].products);
	attr_keys_free(keys, n);
	/* Noise is neither read nor searched; reviews are not attributes. */
	struct product_view p;
	assert_int_equal(product_view_load(e->c, "GR-1010", true, &p, &err), 0);
	assert_non_null(p.id);
	assert_true(p.n_attrs >= 8);
	for (size_t i = 0; i < p.n_attrs; i++) {
		assert_null(strstr(p.attrs[i].key, "ean"));
		assert_null(strstr(p.attrs[i].key, "review"));
		assert_null(strstr(p.attrs[i].value, "http"));
		assert_null(strstr(p.attrs[i].value, "T16:44"));
	}
	product_view_release(&p);
	assert_int_equal(scalar(e->c, "SELECT count(*) FROM products WHERE features LIKE '%http%'"), 0);
	assert_int_equal(count_where(e->c, "SELECT count(*) FROM product_fts WHERE product_fts MATCH ?1",
	                             "5000080105355"),
	                 0);
	assert_int_equal(count_where(e->c, "SELECT count(*) FROM product_fts WHERE product_fts MATCH ?1",
	                             "thumbnail"),
	                 0);
	/* Query terms are stems (fts_tokenizer.h): "greec" is Greece. */
	assert_int_equal(count_where(e->c, "SELECT count(*) FROM product_fts WHERE product_fts MATCH ?1",
	                             "greec"),
	                 3);
	expect_no_addresses(e->c);
}

static void test_key_values(void **state)
{
	struct env *e = *state;
	import(e, FIXTURES_DIR "/dialogue/grocer/products.jsonl", NULL);
	char **values = NULL;
	size_t n = 0;
	char *err = NULL;
	assert_int_equal(attr_key_values(e->c, "allergens", 100, &values, &n, &err), 0);
	bool nuts = false, crustaceans = false;
	for (size_t i = 0; i < n; i++) {
		nuts |= !strcmp(values[i], "nuts");
		crustaceans |= !strcmp(values[i], "crustaceans");
		for (size_t k = 0; k < i; k++)
			assert_string_not_equal(values[k], values[i]); /* distinct */
	}
	assert_true(nuts && crustaceans);
	assert_string_equal(values[0], "milk"); /* the most common first */
	attr_values_free(values, n);
	/* at most max; hidden rows never; an unknown key has none */
	assert_int_equal(attr_key_values(e->c, "allergens", 2, &values, &n, &err), 0);
	assert_int_equal(n, 2);
	attr_values_free(values, n);
	assert_int_equal(attr_key_values(e->c, "ean13", 10, &values, &n, &err), 0);
	assert_int_equal(n, 0);
	attr_values_free(values, n);
	assert_int_equal(attr_key_values(e->c, "no such key", 10, &values, &n, &err), 0);
	assert_int_equal(n, 0);
	assert_null(values);
}

static void test_cosmetics_keys(void **state)
{
	struct env *e = *state;
	import(e, FIXTURES_DIR "/import/cosmetics.jsonl", NULL);
	struct attr_key *keys;
	size_t n;
	char *err = NULL;
	assert_int_equal(attr_keys_load(e->c, &keys, &n, &err), 0);
	expect_key(keys, n, "size", ATTR_NUMBER, "ml");
	expect_key(keys, n, "skin types", ATTR_LIST, NULL);
	expect_key(keys, n, "cruelty free", ATTR_BOOL, NULL);
	expect_key(keys, n, "spf", ATTR_NUMBER, NULL);
	expect_key(keys, n, "water resistance", ATTR_NUMBER, "h");
	expect_key(keys, n, "gtin", ATTR_HIDDEN, NULL);
	expect_key(keys, n, "gallery", ATTR_HIDDEN, NULL);
	for (size_t i = 0; i < n; i++) {
		/* Not the product's: contacts, the rating tally, review parts. */
		assert_null(strstr(keys[i].key, "email"));
		assert_null(strstr(keys[i].key, "phone"));
		assert_null(strstr(keys[i].key, "stars"));
		assert_null(strstr(keys[i].key, "count"));
		assert_null(strstr(keys[i].key, "author"));
	}
	attr_keys_free(keys, n);
	/* "1.7 fl oz" compares with "50 ml" after the import. */
	assert_int_equal(count_where(e->c,
	                             "SELECT count(*) FROM attributes a JOIN products p ON"
	                             " p.id = a.product_id WHERE p.source_id = ?1 AND a.key = 'size'"
	                             " AND a.value = '1.7 fl oz'",
	                             "BC-103"),
	                 1);
	expect_no_addresses(e->c);
}

static void test_images_hidden_where_they_sit(void **state)
{
	struct env *e = *state;
	import(e, FIXTURES_DIR "/import/shop_export.json", NULL);
	struct attr_key *keys;
	size_t n;
	char *err = NULL;
	assert_int_equal(attr_keys_load(e->c, &keys, &n, &err), 0);
	expect_key(keys, n, "width", ATTR_HIDDEN, NULL); /* the image's */
	expect_key(keys, n, "alt", ATTR_HIDDEN, NULL);
	expect_key(keys, n, "created at", ATTR_HIDDEN, NULL);
	expect_key(keys, n, "barcode", ATTR_HIDDEN, NULL);
	expect_key(keys, n, "sku", ATTR_HIDDEN, NULL);
	expect_key(keys, n, "weight", ATTR_LIST, "g");
	expect_key(keys, n, "size", ATTR_LIST, NULL);
	attr_keys_free(keys, n);
	assert_int_equal(scalar(e->c, "SELECT count(*) FROM attributes WHERE key = 'width'"
	                              " AND NOT hidden"),
	                 0);
	expect_no_addresses(e->c);
}

static void test_ensure_for_older_catalogs(void **state)
{
	struct env *e = *state;
	char *err = NULL;
	exec(e->c, "DELETE FROM reviews; DELETE FROM attributes; DELETE FROM products;"
	           " DELETE FROM attribute_keys;"
	           " INSERT INTO products (id, source_id, name) VALUES (1, 'a', 'A'), (2, 'b', 'B');"
	           " INSERT INTO attributes (product_id, key, value) VALUES"
	           " (1, 'battery_life', '20 h'), (2, 'battery_life', '18 hours'),"
	           " (1, 'image_url', 'https://x.example/a.jpg'), (1, 'colors', 'red'),"
	           " (1, 'colors', 'blue'), (2, 'waterproof', 'yes'), (1, 'waterproof', 'no'),"
	           " (1, 'reviews.reviewer_email', 'a@b.example')");
	struct attr_key *keys;
	size_t n;
	assert_int_equal(attr_keys_load(e->c, &keys, &n, &err), 0);
	assert_int_equal(n, 0);
	assert_int_equal(attr_keys_ensure(e->c, e->units, &err), 0);
	assert_int_equal(attr_keys_load(e->c, &keys, &n, &err), 0);
	expect_key(keys, n, "battery_life", ATTR_NUMBER, "h");
	assert_string_equal(find_key(keys, n, "battery_life")->label, "battery life");
	expect_key(keys, n, "image_url", ATTR_HIDDEN, NULL);
	expect_key(keys, n, "colors", ATTR_LIST, NULL);
	expect_key(keys, n, "waterproof", ATTR_BOOL, NULL);
	expect_key(keys, n, "reviews.reviewer_email", ATTR_HIDDEN, NULL);
	assert_string_equal(find_key(keys, n, "reviews.reviewer_email")->noise, "personal");
	attr_keys_free(keys, n);
	/* Once computed, it is not again. */
	exec(e->c, "UPDATE attribute_keys SET label = 'kept' WHERE key = 'colors'");
	assert_int_equal(attr_keys_ensure(e->c, e->units, &err), 0);
	assert_int_equal(scalar(e->c, "SELECT count(*) FROM attribute_keys WHERE label = 'kept'"), 1);
	/* Hidden keys are left out of product reads. */
	struct product_view p;
	assert_int_equal(product_view_load(e->c, "a", true, &p, &err), 0);
	assert_int_equal(p.n_attrs, 4); /* battery_life, colors x2, waterproof */
	for (size_t i = 0; i < p.n_attrs; i++) {
		assert_string_not_equal(p.attrs[i].key, "image_url");
		assert_string_not_equal(p.attrs[i].key, "reviews.reviewer_email");
	}
	product_view_release(&p);
	assert_string_equal(attr_kind_name(ATTR_LIST), "list");
	attr_keys_free(NULL, 0);
}

static void test_refresh_failure(void **state)
{
	struct env *e = *state;
	char *err = NULL;
	exec(e->c, "ALTER TABLE attribute_keys RENAME TO attribute_keys_gone");
	assert_int_equal(attr_keys_refresh(e->c, e->units, &err), -1);
	assert_non_null(err);
	free(err);
	err = NULL;
	struct attr_key *keys;
	size_t n;
	assert_int_equal(attr_keys_load(e->c, &keys, &n, &err), -1);
	assert_null(keys);
	free(err);
	exec(e->c, "ALTER TABLE attribute_keys_gone RENAME TO attribute_keys");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_measures_in_two_fields),
		cmocka_unit_test(test_lists_and_booleans),
		cmocka_unit_test(test_noise_and_personal_data),
		cmocka_unit_test(test_grocer_keys),
		cmocka_unit_test(test_key_values),
		cmocka_unit_test(test_cosmetics_keys),
		cmocka_unit_test(test_images_hidden_where_they_sit),
		cmocka_unit_test(test_ensure_for_older_catalogs),
		cmocka_unit_test(test_refresh_failure),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
