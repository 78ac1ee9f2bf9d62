/* Unit tests for catalog/import.c and import_orders.c, through import_run()
 * on the fixtures in tests/fixtures/import. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog/store/catalog_int.h"
#include "catalog/import/import.h"
#include "catalog/import/import_orders.h"
#include "catalog/store/index_language.h"
#include "common/buf.h"
#include "nlu/text/measure.h"
#include "nlu/text/lang.h"
#include "tests/catalog_fixture.h"

/* The words of the bundled English pack the import reads. */
static lang *import_words(void)
{
	char *err = NULL;
	lang *l = lang_load(CLERK_ASSETS_DIR "/lang/en/import.txt", &err);
	if (!l)
		fail_msg("%s", err);
	return l;
}

static int run(catalog *c, const char *fixture, struct import_options *o, size_t *n, char **err)
{
	char path[4096];
	if (fixture[0] == '/')
		snprintf(path, sizeof path, "%s", fixture);
	else
		snprintf(path, sizeof path, "%s/import/%s", FIXTURES_DIR, fixture);
	struct import_stats st;
	int rc = import_run(c, path, o, &st, err);
	*n = st.imported;
	return rc;
}

static char *temp_file(const char *content)
{
	char *path = strdup("/tmp/clerk-import-XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, content, strlen(content)), (ssize_t)strlen(content));
	close(fd);
	return path;
}

static void test_csv_products(void **state)
{
	catalog *c = *state;
	struct import_options o = {0};
	size_t n;
	char *err = NULL;
	assert_int_equal(run(c, "products.csv", &o, &n, &err), 0);
	assert_int_equal(n, 4);
	assert_int_equal(scalar(c, "SELECT count(*) FROM products"), 4);
	assert_int_equal(scalar(c, "SELECT price_cents FROM products WHERE source_id='AP-220'"), 129900);
	assert_int_equal(scalar(c, "SELECT count(*) FROM product_fts WHERE product_fts MATCH 'knife'"), 1);
	/* Again: duplicates, and nothing changes. */
	assert_int_equal(run(c, "products.csv", &o, &n, &err), -1);
	assert_non_null(strstr(err, "line 2, field id: duplicate id \"HK-100\""));
	free(err);
	assert_int_equal(scalar(c, "SELECT count(*) FROM products"), 4);
	/* With replace they are updated in place. */
	o.replace = true;
	assert_int_equal(run(c, "products.csv", &o, &n, &err), 0);
	assert_int_equal(scalar(c, "SELECT count(*) FROM products"), 4);
	assert_int_equal(scalar(c, "SELECT count(*) FROM product_fts WHERE product_fts MATCH 'knife'"), 1);
}

static void collect(void *ctx, const char *msg)
{
	char **last = ctx;
	free(*last);
	*last = strdup(msg);
}

struct skipped {
	char *msgs[8];
	size_t n;
};

static void collect_all(void *ctx, const char *msg)
{
	struct skipped *s = ctx;
	if (s->n < sizeof s->msgs / sizeof s->msgs[0])
		s->msgs[s->n] = strdup(msg);
	s->n++;
}

static void test_all_or_nothing_and_skip_bad(void **state)
{
	catalog *c = *state;
	char *path = temp_file("id,name,price,rating\nA1,Good,1.00,4\nA2,Bad rating,2.00,7\n"
	                       "A3,Good too,3.00,\n");
	struct import_options o = {0};
	size_t n;
	char *err = NULL;
	assert_int_equal(run(c, path, &o, &n, &err), -1);
	assert_non_null(strstr(err, "line 3, field rating: \"7\" is not a rating"));
	free(err);
	assert_int_equal(scalar(c, "SELECT count(*) FROM products"), 0);
	assert_int_equal(scalar(c, "SELECT count(*) FROM brands"), 0);

	char *last = NULL;
	o.skip_bad = true;
	o.report = collect;
	o.report_ctx = &last;
	struct import_stats st;
	assert_int_equal(import_run(c, path, &o, &st, &err), 0);
	assert_int_equal(st.imported, 2);
	assert_int_equal(st.skipped, 1);
	assert_non_null(last);
	assert_non_null(strstr(last, "line 3"));
	free(last);
	unlink(path);
	free(path);
}

/* Many more rows than the reader thread's ring holds, so both threads wait
 * for each other in turn: every row arrives, in order, and a bad row deep
 * in the file still stops the import (or is skipped and reported). */
static void test_rows_through_the_ring(void **state)
{
	catalog *c = *state;
	enum { ROWS = 1000 };
	const size_t bad[] = {31, 32, 500, ROWS - 1}; /* 0-based rows with a bad rating */
	struct buf csv;
	buf_init(&csv);
	buf_adds(&csv, "id,name,price,rating\n");
	for (size_t i = 0; i < ROWS; i++) {
		bool is_bad = false;
		for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++)
			is_bad = is_bad || bad[k] == i;
		buf_printf(&csv, "R%zu,Lantern %zu,%zu.00,%d\n", i, i, i + 1, is_bad ? 9 : 4);
	}
	char *path = temp_file(csv.s);
	buf_release(&csv);
	struct import_options o = {0};
	size_t n;
	char *err = NULL;
	assert_int_equal(run(c, path, &o, &n, &err), -1);
	assert_non_null(strstr(err, "line 33, field rating")); /* row 31, after the header */
	free(err);
	assert_int_equal(scalar(c, "SELECT count(*) FROM products"), 0);

	struct skipped seen = {0};
	o.skip_bad = true;
	o.report = collect_all;
	o.report_ctx = &seen;
	struct import_stats st;
	assert_int_equal(import_run(c, path, &o, &st, &err), 0);
	assert_int_equal(st.imported, ROWS - 4);
	assert_int_equal(st.skipped, 4);
	assert_int_equal(seen.n, 4);
	for (size_t k = 0; k < 4; k++) {
		char want[32];
		snprintf(want, sizeof want, "line %zu,", bad[k] + 2);
		assert_non_null(strstr(seen.msgs[k], want));
		free(seen.msgs[k]);
	}
	/* Rows were written in file order: rowids follow the ids. */
	assert_int_equal(scalar(c, "SELECT count(*) FROM products p JOIN products q"
	                           " ON q.id = p.id + 1"
	                           " WHERE CAST(substr(q.source_id, 2) AS INTEGER)"
	                           " <= CAST(substr(p.source_id, 2) AS INTEGER)"),
	                 0);
	assert_int_equal(scalar(c, "SELECT count(*) FROM product_fts WHERE product_fts MATCH 'lantern'"),
	                 ROWS - 4);
	assert_int_equal(scalar(c, "SELECT count(*) FROM product_fts WHERE product_fts MATCH '999'"), 0);
	assert_int_equal(scalar(c, "SELECT count(*) FROM product_fts WHERE product_fts MATCH '998'"), 1);
	unlink(path);
	free(path);
}

static void test_guessed_columns_stay_features(void **state)
{
	catalog *c = *state;
	char *path = temp_file("id,name,quantity,stars,price\nQ1,Mug,12 pack,4/5,3.00\n"
	                       "Q2,Cup,5,4.5,2\n");
	struct import_options o = {0};
	size_t n;
	char *err = NULL;
	assert_int_equal(run(c, path, &o, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_int_equal(scalar(c, "SELECT stock IS NULL FROM products WHERE source_id='Q1'"), 1);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes WHERE key='quantity'"
	                           " AND value='12 pack'"), 1);
	assert_int_equal(scalar(c, "SELECT stock FROM products WHERE source_id='Q2'"), 5);
	unlink(path);
	free(path);
}

static void test_semicolon_csv(void **state)
{
	catalog *c = *state;
	char *path = temp_file("id;name;price;description\nE1;Kaffeetasse;\"12,50 EUR\";"
	                       "\"Steingut; weiss\"\n");
	struct import_options o = {0};
	size_t n;
	char *err = NULL;
	assert_int_equal(run(c, path, &o, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(scalar(c, "SELECT price_cents FROM products WHERE source_id='E1'"
	                           " AND currency='EUR'"), 1250);
	unlink(path);
	free(path);
}

static void test_wrapped_json(void **state)
{
	catalog *c = *state;
	char *path = temp_file("{\"total\": 2, \"products\": [{\"sku\": 11, \"name\": \"One\"},\n"
	                       "{\"sku\": 12, \"name\": \"Two\", \"variants\": [{\"id\": 1}]}]}\n");
	struct import_options o = {0};
	size_t n;
	char *err = NULL;
	assert_int_equal(run(c, path, &o, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_int_equal(scalar(c, "SELECT count(*) FROM products WHERE source_id IN ('11','12')"), 2);
	unlink(path);
	free(path);
}

static void test_json_default_ids_and_paths(void **state)
{
	catalog *c = *state;
	struct import_options o = {0};
	size_t n;
	char *err = NULL;
	assert_int_equal(run(c, "phones_sample.json", &o, &n, &err), 0);
	assert_int_equal(n, 3);
	assert_int_equal(scalar(c, "SELECT count(*) FROM products WHERE source_id IN ('0','1','2')"), 3);
	assert_int_equal(scalar(c, "SELECT depth FROM categories WHERE path = "
	                           "'Cell Phones > Prepaid Phones > All Prepaid Phones'"), 2);
	o.map = "category=categoryPath.name,rating=customerReviewAverage";
	assert_int_equal(run(c, "products.json", &o, &n, &err), 0);
	assert_int_equal(scalar(c, "SELECT count(*) FROM categories WHERE path = "
	                           "'Apparel > Shoes > Running'"), 1);
	assert_int_equal(scalar(c, "SELECT rating * 10 FROM products WHERE source_id='4419'"), 45);
}

static void test_presets(void **state)
{
	catalog *c = *state;
	struct import_options o = {.preset = PRESET_SHOPIFY};
	size_t n;
	char *err = NULL;
	assert_int_equal(run(c, "shopify.csv", &o, &n, &err), 0);
	assert_int_equal(n, 3);
	assert_int_equal(scalar(c, "SELECT stock FROM products WHERE source_id='ceramic-pour-over'"), 10);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes a JOIN products p ON p.id ="
	                           " a.product_id WHERE p.source_id='merino-crew-sweater'"
	                           " AND key='size'"), 2);
	/* the same export without --preset: its header says Shopify */
	exec(c, "UPDATE products SET stock = 0");
	o.preset = PRESET_NONE;
	o.replace = true;
	assert_int_equal(run(c, "shopify.csv", &o, &n, &err), 0);
	assert_int_equal(n, 3);
	assert_int_equal(scalar(c, "SELECT stock FROM products WHERE source_id='ceramic-pour-over'"), 10);
	assert_int_equal(scalar(c, "SELECT count(*) FROM products"), 3);
	o.preset = PRESET_GMC;
	o.replace = false;
	assert_int_equal(run(c, "gmc.tsv", &o, &n, &err), 0);
	assert_int_equal(n, 3);
	/* "in_stock" says it can be ordered, not how many: the stock stays unknown */
	assert_int_equal(scalar(c, "SELECT stock IS NULL FROM products WHERE source_id='TSHIRT-RED-M'"),
	                 1);
}

/* Ratings written with their scale become stars out of 5. */
static void test_ratings_with_scale(void **state)
{
	catalog *c = *state;
	char *path = temp_file(
		"id,name,Rating (product.metafields.reviews.rating)\n"
		"a,Shirt,\"{\"\"scale_min\"\":\"\"1.0\"\",\"\"scale_max\"\":\"\"5.0\"\",\"\"value\"\":\"\"4.6\"\"}\"\n"
		"b,Hat,4.2 out of 5\n"
		"c,Bag,9/10\n"
		"d,Sock,\"{\"\"scale_max\"\":10,\"\"value\"\":7}\"\n");
	struct import_options o = {0};
	size_t n;
	char *err = NULL;
	assert_int_equal(run(c, path, &o, &n, &err), 0);
	assert_int_equal(n, 4);
	assert_int_equal(scalar(c, "SELECT round(rating * 10) FROM products WHERE source_id='a'"), 46);
	assert_int_equal(scalar(c, "SELECT round(rating * 10) FROM products WHERE source_id='b'"), 42);
	assert_int_equal(scalar(c, "SELECT round(rating * 10) FROM products WHERE source_id='c'"), 45);
	assert_int_equal(scalar(c, "SELECT round(rating * 10) FROM products WHERE source_id='d'"), 35);
	unlink(path);
	free(path);
	/* a value over its scale is no rating */
	path = temp_file("id,name,rating\ne,Scarf,6 out of 5\n");
	assert_int_equal(run(c, path, &o, &n, &err), -1);
	assert_non_null(err);
	free(err);
	unlink(path);
	free(path);
}

/* Products the shop does not list (a draft, an archived or hidden one)
 * stay out; the shop's own figures (a cost price) are kept hidden. */
static void test_unlisted_and_internal(void **state)
{
	catalog *c = *state;
	char *path = temp_file("id,name,price,Status,Published,Visibility in catalog,Cost Price\n"
	                       "a,Kettle,20,active,TRUE,visible,8.10\n"
	                       "b,Draft Kettle,25,draft,TRUE,visible,9\n"
	                       "c,Old Kettle,15,archived,FALSE,visible,7\n"
	                       "d,Hidden Kettle,35,active,1,hidden,9\n"
	                       "e,Unpublished Kettle,30,,0,,9\n"
	                       "f,Toaster,40,,,,12\n");
	struct import_options o = {0};
	struct import_stats st;
	char *err = NULL;
	assert_int_equal(import_run(c, path, &o, &st, &err), 0);
	assert_int_equal(st.imported, 2);
	assert_int_equal(st.unlisted, 4);
	assert_int_equal(scalar(c, "SELECT count(*) FROM products WHERE source_id IN ('a','f')"), 2);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes WHERE key = 'cost price'"
	                           " AND hidden = 0"), 0);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes WHERE key IN ('status',"
	                           " 'published', 'visibility in catalog')"), 0);
	unlink(path);
	free(path);
	/* Magento: another store view's row translates the default one */
	path = temp_file("sku,store_view_code,name,price\nMB01,,Joust Duffle Bag,34\n"
	                 "MB01,fr,Sac de sport Joust,\n");
	assert_int_equal(import_run(c, path, &o, &st, &err), 0);
	assert_int_equal(st.imported, 1);
	assert_int_equal(st.unlisted, 1);
	unlink(path);
	free(path);
	/* a sale price below the price: the price before it is kept */
	path = temp_file("id,name,price,sale_price\ng,Lamp,49.99,39.99\nh,Rug,20,25\n");
	assert_int_equal(import_run(c, path, &o, &st, &err), 0);
	assert_int_equal(scalar(c, "SELECT price_cents FROM products WHERE source_id = 'g'"), 3999);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes a JOIN products p ON"
	                           " p.id = a.product_id WHERE p.source_id = 'g'"
	                           " AND a.key = 'was price' AND a.value = '49.99'"), 1);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes a JOIN products p ON"
	                           " p.id = a.product_id WHERE p.source_id = 'h'"
	                           " AND a.key = 'was price'"), 0);
	unlink(path);
	free(path);
}

/* A variable product's variations, each naming it as its parent, fold
 * into it: the lowest price, the stock summed; a variation whose parent
 * is not the product above stays a product of its own. */
static void test_variations_fold_into_parent(void **state)
{
	catalog *c = *state;
	char *path = temp_file(
		"ID,Type,SKU,Name,Stock,Sale price,Regular price,Categories,Parent,Attribute 1 name,"
		"Attribute 1 value(s)\n"
		"102,variable,DO-55,Dutch Oven,,,,Kitchen > Cookware,,Color,\"Red, Blue\"\n"
		"103,variation,DO-55-RED,Dutch Oven - Red,6,299.95,419.95,,id:102,Color,Red\n"
		"104,variation,DO-55-BLU,Dutch Oven - Blue,2,,419.95,,id:102,Color,Blue\n"
		"105,simple,KN-8,Chef Knife,4,,89,Kitchen > Knives,,,\n"
		"106,variation,XX-1,Orphan - Green,1,,10,,id:999,Color,Green\n");
	struct import_options o = {0};
	struct import_stats st;
	char *err = NULL;
	assert_int_equal(import_run(c, path, &o, &st, &err), 0);
	assert_int_equal(st.imported, 3);
	assert_int_equal(scalar(c, "SELECT price_cents FROM products WHERE source_id = '102'"), 29995);
	assert_int_equal(scalar(c, "SELECT stock FROM products WHERE source_id = '102'"), 8);
	assert_int_equal(scalar(c, "SELECT count(*) FROM products WHERE source_id IN ('103','104')"), 0);
	assert_int_equal(scalar(c, "SELECT count(*) FROM products WHERE source_id IN ('105','106')"), 2);
	unlink(path);
	free(path);
	/* BigCommerce: "Item Type" SKU rows are variants of the product above */
	path = temp_file("Item Type,Product ID,Product Name,Price,Current Stock Level\n"
	                 "Product,204,Daily Lotion,15.99,0\n"
	                 "  SKU,,[S]Size=8 oz,15.99,30\n"
	                 "  SKU,,[S]Size=12 oz,19.99,22\n"
	                 "Product,205,Night Cream,24.00,5\n");
	assert_int_equal(import_run(c, path, &o, &st, &err), 0);
	assert_int_equal(st.imported, 2);
	assert_int_equal(scalar(c, "SELECT stock FROM products WHERE source_id = '204'"), 52);
	assert_int_equal(scalar(c, "SELECT price_cents FROM products WHERE source_id = '204'"), 1599);
	unlink(path);
	free(path);
}

/* A WooCommerce export as its exporter writes it: variations name their
 * parent by its SKU; several categories in one field, escaped as WordPress
 * stores them; ratings in meta fields; line breaks written as "\n"; the
 * shop's settings (featured, tax, position, an attribute's flags) hidden. */
static void test_woocommerce_export(void **state)
{
	catalog *c = *state;
	char *path = temp_file(
		"ID,Type,SKU,Name,Published,Is featured?,Short description,Description,In stock?,"
		"Stock,Tax status,Sale price,Regular price,Categories,Tags,Parent,Position,Brands,"
		"Attribute 1 name,Attribute 1 value(s),Attribute 1 visible,Attribute 1 global,"
		"Meta: _wc_average_rating,Meta: _wc_review_count,Meta: _yoast_wpseo_primary_product_cat\n"
		"101,variable,LOD-8,Cast Iron Skillet,1,1,<p>Pre-seasoned.</p>,"
		"\"<p>Seasoned and ready.</p>\\n<p>Oven safe.</p>\",1,,taxable,,,"
		"\"Cookware > Pots &amp; Pans, Cookware > Cast Iron, Gifts > Under $50\",skillet,,0,"
		"Lodge,Size,\"8 in, 10 in\",1,1,4.80,2311,15\n"
		"102,variation,LOD-8-8,Cast Iron Skillet - 8 in,1,0,,,1,12,taxable,,19.90,,,LOD-8,1,,"
		"Size,8 in,,1,,,\n"
		"103,variation,LOD-8-10,Cast Iron Skillet - 10 in,1,0,,,1,5,taxable,,24.90,,,LOD-8,2,,"
		"Size,10 in,,1,,,\n"
		"104,simple,KN-1,Chef Knife,1,0,,A knife.,0,0,taxable,,45,"
		"\"Knives, Knives > Chef Knives\",,,0,Wusthof,,,,,4.5,12,\n");
	struct import_options o = {0};
	struct import_stats st;
	char *err = NULL;
	assert_int_equal(import_run(c, path, &o, &st, &err), 0);
	assert_int_equal(st.imported, 2);
	assert_int_equal(st.variants, 2);
	assert_int_equal(scalar(c, "SELECT price_cents FROM products WHERE source_id = '101'"), 1990);
	assert_int_equal(scalar(c, "SELECT stock FROM products WHERE source_id = '101'"), 17);
	/* each variation's own price is kept for its options */
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes a JOIN products p ON"
	                           " p.id = a.product_id WHERE p.source_id = '101' AND a.hidden = 1"
	                           " AND a.key = 'variant price' AND a.value IN ('8 in=1990',"
	                           " '10 in=2490')"), 2);
	/* the deepest of its categories, decoded; the others' words are tags */
	assert_int_equal(scalar(c, "SELECT count(*) FROM products p JOIN categories k ON"
	                           " k.id = p.category_id WHERE p.source_id = '101'"
	                           " AND k.path = 'Cookware > Pots & Pans'"), 1);
	assert_int_equal(scalar(c, "SELECT count(*) FROM products WHERE source_id = '101'"
	                           " AND tags LIKE '%Cast Iron%' AND tags LIKE '%Under $50%'"), 1);
	assert_int_equal(scalar(c, "SELECT count(*) FROM products p JOIN categories k ON"
	                           " k.id = p.category_id WHERE p.source_id = '104'"
	                           " AND k.path = 'Knives > Chef Knives'"), 1);
	/* ratings from WooCommerce's meta fields */
	assert_int_equal(scalar(c, "SELECT CAST(rating * 10 AS INTEGER) FROM products"
	                           " WHERE source_id = '101'"), 48);
	assert_int_equal(scalar(c, "SELECT review_count FROM products WHERE source_id = '101'"),
	                 2311);
	/* "\n" is a line break; the short description is text */
	assert_int_equal(scalar(c, "SELECT count(*) FROM products WHERE source_id = '101'"
	                           " AND description LIKE '%ready.' || char(10) || 'Oven%'"), 1);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes WHERE value LIKE '%<p>%'"), 0);
	/* the shop's settings and the row's kind are never shown */
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes WHERE hidden = 0 AND key IN"
	                           " ('is featured', 'tax status', 'position', 'type',"
	                           " 'attribute 1 visible', 'attribute 1 global',"
	                           " 'meta yoast wpseo primary product cat')"), 0);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes a JOIN products p ON"
	                           " p.id = a.product_id WHERE p.source_id = '104' AND"
	                           " a.key = 'availability' AND a.value = 'out of stock'"), 1);
	unlink(path);
	free(path);
}

/* A BigCommerce export: SKU rows under their product, with the options
 * in their name ("[RB]Size=30 ml / 1 fl oz"), their own price or none
 * (the product's), their own stock (the product row writes the total
 * again); "0.00" for no sale price; price rules; custom fields packed
 * "Name=Value;Name=Value"; several categories; a product hidden and one
 * not for sale ("Allow Purchases?" N), both left out; the feed's own
 * columns and the back office's (event dates, price rules' switch,
 * shipping, the list price, the unitless shipping weight and box). */
static void test_bigcommerce_export(void **state)
{
	catalog *c = *state;
	char *path = temp_file(
		"Item Type,Product ID,Product Name,Product Type,Product Code/SKU,Brand Name,Option Set,"
		"Price,Retail Price,Sale Price,Allow Purchases?,Product Visible?,Current Stock Level,"
		"Category,Page Title,GPS Gender,Product Custom Fields,Track Inventory,"
		"Event Date Required?,Event Date Is Limited?,Stop Processing Rules,Free Shipping,"
		"Fixed Shipping Cost,Product Weight,Product Width,Product Height,Product Depth\n"
		"Product,112,Hydra Serum,P,HS,Lumiere,Serum Sizes,38.00,42.00,0.00,Y,Y,59,"
		"Skincare/Serums;Best Sellers,Hydra Serum | Halo,unisex,"
		"\"Skin Type=Dry,Normal;Vegan=Yes\",by option,N,N,N,Y,0.00,0.40,2.00,5.00,2.00\n"
		"  SKU,301,[RB]Size=30 ml / 1 fl oz,,HS-30,,,,,,,,42,,,,,,,,,,,,,,\n"
		"  SKU,302,[RB]Size=50 ml / 1.7 fl oz,,HS-50,,,54.00,,46.00,,,17,,,,,,,,,,,,,,\n"
		"  Rule,401,,,,,,[FIXED]26.00,,,,,,,,,,,,,,,,,,,\n"
		"Product,113,Glow Mask,P,GM,Lumiere,,30.00,0.00,0.00,Y,N,5,Skincare/Masks,,,,by product,"
		",,,,,,,,\n"
		"Product,114,Gift Card,D,GC,Halo,,25.00,,,N,Y,3,Gifts,,,,none,,,,,,,,,\n"
		"Product,115,E-Card,D,EC,Halo,Amounts,25.00,,,Y,Y,0,Gifts,,,,none,N,N,N,N,0.00,0,0,0,0\n"
		"  SKU,311,[RT]Amount=$50,,EC-50,,,50.00,,,,,0,,,,,,,,,,,,,,\n");
	struct import_options o = {0};
	struct import_stats st;
	char *err = NULL;
	assert_int_equal(import_run(c, path, &o, &st, &err), 0);
	assert_int_equal(st.imported, 2);
	/* what was read into the products, and passed over, is counted */
	assert_int_equal(st.variants, 3);
	assert_int_equal(st.rules, 1);
	/* not shown (113), and shown but not for sale (114): left out */
	assert_int_equal(st.unlisted, 2);
	assert_int_equal(scalar(c, "SELECT count(*) FROM products WHERE source_id IN ('113', '114')"),
	                 0);
	/* a stock the shop does not count is unknown, not none */
	assert_int_equal(scalar(c, "SELECT stock IS NULL FROM products WHERE source_id = '115'"), 1);
	/* no sale: "0.00" marks nothing down */
	assert_int_equal(scalar(c, "SELECT price_cents FROM products WHERE source_id = '112'"), 3800);
	assert_int_equal(scalar(c, "SELECT stock FROM products WHERE source_id = '112'"), 59);
	/* each size, with what it costs and has */
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes a JOIN products p ON"
	                           " p.id = a.product_id WHERE p.source_id = '112' AND a.hidden = 0"
	                           " AND a.key = 'size' AND a.value IN ('30 ml / 1 fl oz',"
	                           " '50 ml / 1.7 fl oz')"), 2);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes a JOIN products p ON"
	                           " p.id = a.product_id WHERE p.source_id = '112' AND a.hidden = 1"
	                           " AND ((a.key = 'variant price' AND a.value IN"
	                           " ('30 ml / 1 fl oz=3800', '50 ml / 1.7 fl oz=4600'))"
	                           " OR (a.key = 'variant stock' AND a.value = '30 ml / 1 fl oz=42')"
	                           " OR (a.key = 'variant was price' AND"
	                           " a.value = '50 ml / 1.7 fl oz=5400'))"), 4);
	/* the custom fields are attributes; the category is the path, the
	 * other one a tag */
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes a JOIN products p ON"
	                           " p.id = a.product_id WHERE p.source_id = '112' AND a.hidden = 0"
	                           " AND ((a.key = 'vegan' AND lower(a.value) = 'yes') OR"
	                           " (a.key = 'skin type' AND a.value LIKE 'Dry%Normal'))"), 2);
	assert_int_equal(scalar(c, "SELECT count(*) FROM products p JOIN categories k ON"
	                           " k.id = p.category_id WHERE p.source_id = '112'"
	                           " AND k.path = 'Skincare > Serums'"), 1);
	assert_int_equal(scalar(c, "SELECT count(*) FROM products WHERE source_id = '112'"
	                           " AND tags LIKE '%Best Sellers%'"), 1);
	/* the feed's and pages' settings, and a retail price of nothing,
	 * are never shown */
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes WHERE hidden = 0 AND key IN"
	                           " ('page title', 'gps gender', 'option set', 'retail price')"
	                           " AND value NOT LIKE '42%'"), 0);
	/* nor the back office's settings, nor a list price, nor a weight or
	 * a box without a unit */
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes WHERE hidden = 0 AND"
	                           " (key LIKE '%event date%' OR key LIKE '%shipping%' OR key IN"
	                           " ('stop processing rules', 'retail price', 'product weight',"
	                           " 'product width', 'product height', 'product depth',"
	                           " 'product type'))"), 0);
	/* the list price is no markdown: only the sale is */
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes WHERE key = 'was price'"
	                           " AND value LIKE '42%'"), 0);
	unlink(path);
	free(path);
}

/* Categories listed as paths ("Tablets;Sale"): the deepest that says
 * what the product is, the first of those as deep; a shop's collection
 * ("Sale", "Refurbished", "New Arrivals > Laptops") only when there is
 * nothing else, whatever its place or depth. A custom field named Type
 * and BigCommerce's Product Type ("P", physical) are no category levels
 * beside the Category column, nor tags. */
static void test_category_lists(void **state)
{
	catalog *c = *state;
	char *path = temp_file(
		"Item Type,Product ID,Product Name,Product Type,Price,Category,Product Custom Fields\n"
		"Product,1,Tab A,P,100.00,Tablets;Sale,RAM=4 GB\n"
		"Product,2,Tab B,P,100.00,Sale;Tablets,RAM=4 GB\n"
		"Product,3,Tab C,P,100.00,Refurbished;Tablets,\n"
		"Product,4,Kit,P,50.00,Components/Memory;Sale,Type=DDR5;Speed=6000 MHz\n"
		"Product,5,Stick,P,40.00,Components/Memory,Type=DDR4\n"
		"Product,6,Laptop,P,900.00,New Arrivals/Laptops;Computers,\n"
		"Product,7,Voucher,D,20.00,Sale,\n");
	lang *pack = import_words();
	struct import_options o = {.pack = pack};
	struct import_stats st;
	char *err = NULL;
	assert_int_equal(import_run(c, path, &o, &st, &err), 0);
	assert_int_equal(st.imported, 7);
	const char *want[][2] = {{"1", "Tablets"}, {"2", "Tablets"}, {"3", "Tablets"},
	                         {"4", "Components > Memory"}, {"5", "Components > Memory"},
	                         {"6", "Computers"}, {"7", "Sale"}};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		char *sql = sqlite3_mprintf("SELECT count(*) FROM products p JOIN categories k ON"
		                            " k.id = p.category_id WHERE p.source_id = %Q AND"
		                            " k.path = %Q", want[i][0], want[i][1]);
		if (scalar(c, sql) != 1)
			fail_msg("product %s is not in %s", want[i][0], want[i][1]);
		sqlite3_free(sql);
	}
	/* the collection is still a word that finds it */
	assert_int_equal(scalar(c, "SELECT count(*) FROM products WHERE tags LIKE '%Sale%'"
	                           " AND source_id IN ('1', '2', '4')"), 3);
	/* the product type is no tag; the custom field is an attribute */
	assert_int_equal(scalar(c, "SELECT count(*) FROM products WHERE tags LIKE '%, P'"
	                           " OR tags = 'P'"), 0);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes a JOIN products p ON"
	                           " p.id = a.product_id WHERE a.hidden = 0 AND a.key = 'type'"
	                           " AND ((p.source_id = '4' AND a.value = 'DDR5') OR"
	                           " (p.source_id = '5' AND a.value = 'DDR4'))"), 2);
	lang_free(pack);
	unlink(path);
	free(path);
}

/* A Squarespace export: variant rows share the product's id and leave
 * its title empty, options are "Option Name 1" / "Option Value 1" (the
 * name on the first row only); "Unlimited" stock; "On Sale" beside a sale
 * price; categories a list of names; "Visible" No; several image links;
 * the columns' "[Non Editable]" notes; fulfilment kind and shipping box. */
static void test_squarespace_export(void **state)
{
	catalog *c = *state;
	char *path = temp_file(
		"Product ID [Non Editable],Variant ID [Non Editable],Product Type [Non Editable],"
		"Product Page,Product URL,Title,Description,SKU,Option Name 1,Option Value 1,"
		"Option Name 2,Option Value 2,Price,Sale Price,On Sale,Stock,Categories,Tags,Weight,"
		"Visible,Hosted Image URLs\n"
		"a1,v1,PHYSICAL,shop,rhone,C\xc3\xb4tes du Rh\xc3\xb4ne,<p>Peppery &amp; juicy.</p>,"
		"R-1,Size,375 ml,,,11.00,0.00,No,14,\"Wine, Red Wine\",\"red, french\",1.6,Yes,"
		"https://img.example/a.jpg https://img.example/b.jpg\n"
		"a1,v2,,,,,,R-2,,750 ml,,,19.50,17.00,Yes,40,,,1.6,,\n"
		"a1,v3,,,,,,R-3,,Magnum (1.5 L),,,42.00,0.00,No,0,,,3.2,,\n"
		"b2,v4,PHYSICAL,shop,coffee,House Espresso,Dark and sweet.,C-1,Grind,Whole Bean,"
		"Size,250 g,14.00,12.00,No,Unlimited,Coffee & Tea,coffee,0.3,Yes,\n"
		"b2,v5,,,,,,C-2,,Ground,,1 kg,45.00,0.00,No,20,,,1.1,,\n"
		"c3,v6,PHYSICAL,shop,zin,Old Vine Zinfandel,Retired.,Z-1,,,,,30.00,0.00,No,5,"
		"Wine,,1.6,No,\n"
		"d4,v7,GIFT_CARD,shop,card,Gift Card,Any amount.,G-1,Amount,$25.00,,,25.00,0.00,No,"
		"Unlimited,Gifts,,0,Yes,\n");
	struct import_options o = {0};
	struct import_stats st;
	char *err = NULL;
	assert_int_equal(import_run(c, path, &o, &st, &err), 0);
	assert_int_equal(st.imported, 3);
	assert_int_equal(st.variants, 3);
	/* the lowest price; "On Sale: No" leaves a sale price unused */
	assert_int_equal(scalar(c, "SELECT price_cents FROM products WHERE source_id = 'a1'"), 1100);
	assert_int_equal(scalar(c, "SELECT price_cents FROM products WHERE source_id = 'b2'"), 1400);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes a JOIN products p ON"
	                           " p.id = a.product_id WHERE p.source_id = 'a1' AND a.hidden = 1"
	                           " AND ((a.key = 'variant price' AND a.value IN ('375 ml=1100',"
	                           " '750 ml=1700', 'Magnum (1.5 L)=4200')) OR"
	                           " (a.key = 'variant stock' AND a.value = 'Magnum (1.5 L)=0'))"), 4);
	assert_int_equal(scalar(c, "SELECT stock FROM products WHERE source_id = 'a1'"), 54);
	/* a variant that never runs out: in stock, its count unknown */
	assert_int_equal(scalar(c, "SELECT stock IS NULL FROM products WHERE source_id = 'b2'"), 1);
	assert_int_equal(scalar(c, "SELECT stock IS NULL FROM products WHERE source_id = 'd4'"), 1);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes a JOIN products p ON"
	                           " p.id = a.product_id WHERE p.source_id = 'b2' AND a.hidden = 0"
	                           " AND ((a.key = 'grind' AND a.value IN ('Whole Bean', 'Ground'))"
	                           " OR (a.key = 'size' AND a.value IN ('250 g', '1 kg')))"), 4);
	/* the named kind of the list under the other ("Wine > Red Wine") */
	assert_int_equal(scalar(c, "SELECT count(*) FROM products p JOIN categories k ON"
	                           " k.id = p.category_id WHERE p.source_id = 'a1'"
	                           " AND k.path = 'Wine > Red Wine'"), 1);
	assert_int_equal(scalar(c, "SELECT count(*) FROM products WHERE source_id = 'a1'"
	                           " AND image = 'https://img.example/a.jpg'"),
	                 1);
	/* hidden: left out; the export's own columns are no facts */
	assert_int_equal(scalar(c, "SELECT count(*) FROM products WHERE source_id = 'c3'"), 0);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes WHERE hidden = 0 AND key IN"
	                           " ('product type', 'product page', 'product url', 'weight',"
	                           " 'on sale', 'variant id', 'product type non editable')"), 0);
	assert_int_equal(scalar(c, "SELECT count(*) FROM categories WHERE name IN"
	                           " ('PHYSICAL', 'GIFT_CARD')"), 0);
	unlink(path);
	free(path);
}

/* A Wix export: "Variant" rows under their product's handleId, options
 * named on the product row ("productOptionName1", its values listed ";"
 * between) and said on each variant ("productOptionDescription1", a colour
 * with its swatch "#C0392B:Red"), a variant's surcharge on the product's
 * price, a percent discount, facts in "additionalInfoTitle/Description"
 * pairs (a Weight among them over the unitless shipping weight), ";"
 * collections, "visible" false. */
static void test_wix_export(void **state)
{
	catalog *c = *state;
	char *path = temp_file(
		"handleId,fieldType,name,description,collection,sku,ribbon,price,surcharge,visible,"
		"discountMode,discountValue,inventory,weight,productOptionName1,productOptionType1,"
		"productOptionDescription1,productOptionName2,productOptionType2,"
		"productOptionDescription2,additionalInfoTitle1,additionalInfoDescription1,brand\n"
		"bike1,Product,Corsa Road Bike,<p>Steel. Pedals not included.</p>,Bikes;Road Bikes,C-1,"
		"Sale,1000.00,,true,PERCENT,10,,9.8,Frame Size,DROP_DOWN,S;M,Color,COLOR,"
		"#C0392B:Red;#000000:Black,Weight,9.8 kg,Corsa\n"
		"bike1,Variant,,,,C-1-1,,,0,true,,,4,,,,S,,,#C0392B:Red,,,\n"
		"bike1,Variant,,,,C-1-2,,,50,true,,,0,,,,M,,,#000000:Black,,,\n"
		"card1,Product,Gift Card,Any amount.,Gift Cards,G-1,,50.00,,true,,,,,Amount,DROP_DOWN,"
		"25;50,,,,,,\n"
		"card1,Variant,,,,G-1-1,,,-25,true,,,InStock,,,,25,,,,,,\n"
		"card1,Variant,,,,G-1-2,,,0,true,,,InStock,,,,50,,,,,,\n"
		"lock1,Product,Fortress U Lock,Hardened steel.,Accessories,L-1,,45.00,,true,,,InStock,"
		"1.2,,,,,,,,,Fortress\n"
		"old1,Product,Old Pump,Gone.,Accessories,P-1,,20.00,,false,,,3,0.5,,,,,,,,,\n");
	struct import_options o = {0};
	struct import_stats st;
	char *err = NULL;
	assert_int_equal(import_run(c, path, &o, &st, &err), 0);
	assert_int_equal(st.imported, 3);
	assert_int_equal(st.variants, 4);
	/* a surcharge that takes off: the $25 card of a $50 product */
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes a JOIN products p ON"
	                           " p.id = a.product_id WHERE p.source_id = 'card1' AND"
	                           " a.key = 'variant price' AND a.value IN ('25=2500', '50=5000')"),
	                 2);
	/* 10% off: the S at $900 (was $1000), the M at $945 (was $1050) */
	assert_int_equal(scalar(c, "SELECT price_cents FROM products WHERE source_id = 'bike1'"), 90000);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes a JOIN products p ON"
	                           " p.id = a.product_id WHERE p.source_id = 'bike1' AND a.hidden = 1"
	                           " AND ((a.key = 'variant price' AND a.value IN ('S, Red=90000',"
	                           " 'M, Black=94500')) OR (a.key = 'variant was price' AND"
	                           " a.value IN ('S, Red=100000', 'M, Black=105000'))"
	                           " OR (a.key = 'variant stock' AND a.value = 'M, Black=0'))"), 5);
	assert_int_equal(scalar(c, "SELECT stock FROM products WHERE source_id = 'bike1'"), 4);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes a JOIN products p ON"
	                           " p.id = a.product_id WHERE p.source_id = 'bike1' AND a.hidden = 0"
	                           " AND ((a.key = 'color' AND a.value IN ('Red', 'Black'))"
	                           " OR (a.key = 'frame size' AND a.value IN ('S', 'M'))"
	                           " OR (a.key = 'weight' AND a.value = '9.8 kg'))"), 5);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes a JOIN products p ON"
	                           " p.id = a.product_id WHERE p.source_id = 'bike1' AND"
	                           " (a.value LIKE '%#%' OR a.value LIKE '%;%' OR a.key LIKE"
	                           " 'additional%' OR (a.key = 'weight' AND a.value = '9.8'))"), 0);
	assert_int_equal(scalar(c, "SELECT count(*) FROM products p JOIN categories k ON"
	                           " k.id = p.category_id WHERE p.source_id = 'bike1'"
	                           " AND k.path = 'Bikes > Road Bikes'"), 1);
	/* "InStock": can be ordered, how many unsaid; not visible: left out */
	assert_int_equal(scalar(c, "SELECT stock IS NULL FROM products WHERE source_id = 'lock1'"), 1);
	assert_int_equal(scalar(c, "SELECT count(*) FROM products WHERE source_id = 'old1'"), 0);
	unlink(path);
	free(path);
}

/* A Wix product's "Specifications" written as rich text, one fact a line
 * ("<p>Scale length: 634 mm<br>Frets: 20</p>"): each line is an
 * attribute, no markup shown. */
static void test_wix_rich_text_specs(void **state)
{
	catalog *c = *state;
	char *path = temp_file(
		"handleId,fieldType,name,description,price,visible,inventory,"
		"additionalInfoTitle1,additionalInfoDescription1,additionalInfoTitle2,"
		"additionalInfoDescription2\n"
		"f310,Product,F310 Acoustic Guitar,<p>A first guitar.</p>,149.00,true,12,Specifications,"
		"\"<p>Top: spruce<br>Scale length: 634 mm<br>Frets: 20</p>\",In the box,"
		"<p>Guitar only</p>\n");
	struct import_options o = {0};
	struct import_stats st;
	char *err = NULL;
	assert_int_equal(import_run(c, path, &o, &st, &err), 0);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes WHERE hidden = 0 AND"
	                           " ((key = 'top' AND value = 'spruce')"
	                           " OR (key = 'scale length' AND value = '634 mm')"
	                           " OR (key = 'frets' AND value = '20')"
	                           " OR (key = 'in the box' AND value = 'Guitar only'))"),
	                 4);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes WHERE key LIKE '%<%'"
	                           " OR value LIKE '%<%' OR value LIKE '%>%'"),
	                 0);
	unlink(path);
	free(path);
}

/* A PrestaShop product CSV, known by its header: ";" between fields,
 * notes in parentheses after the column names, the price without tax
 * (--tax adds it, --currency names it), categories listed from the root
 * "Home" down, "Feature(Name:Value:Position)" pairs (a value may hold a
 * comma), a discount between two dates, "Active" 0 left out, and the
 * back office's switches kept out of the facts. */
static void test_prestashop_export(void **state)
{
	catalog *c = *state;
	char *path = temp_file(
		"Product ID;Active (0/1);Name *;Categories (x,y,z...);Price tax excluded;"
		"Tax rules ID;Wholesale price;On sale (0/1);Discount amount;Discount percent;"
		"Discount from (yyyy-mm-dd);Discount to (yyyy-mm-dd);Reference #;Manufacturer;"
		"Quantity;Unit price;Summary;Description;Tags (x,y,z...);"
		"Image URLs (x,y,z...);Feature(Name:Value:Position);Customizable (0 = No, 1 = Yes)\n"
		"1;1;Jaipur;Home,Games,Card games;20.000000;1;9.00;0;;;;;LT-1;Space Cowboys;14;"
		"0.000000;A duel.;<p>Trade goods.</p>;card game,travel;"
		"https://img.example/j.jpg,https://img.example/j2.jpg;"
		"Players:2:1,Play time:30 min:2;0\n"
		"2;1;Walkie-talkies;Home,Toys,Electronic toys;25.000000;1;11.00;1;;20;2000-01-01;"
		"2999-12-31;LT-2;Kidz;3;0.000000;Talk.;<p>Range 3 km.</p>;;;"
		"Batteries:3 x AAA, not included:1,Age range:5+ years:2;0\n"
		"3;1;Old Puzzle;Home,Puzzles;10.000000;1;4.00;1;2.00;;2000-01-01;2001-01-01;LT-3;"
		"Ravensburger;0;0.000000;;<p>Jigsaw.</p>;;;;0\n"
		"4;0;Hidden Game;Home,Games;30.000000;1;12.00;0;;;;;LT-4;Kidz;5;0.000000;;;;;;0\n");
	struct import_options o = {.currency = "EUR", .tax = "20"};
	struct import_stats st;
	char *err = NULL;
	assert_int_equal(import_run(c, path, &o, &st, &err), 0);
	assert_int_equal(st.imported, 3);
	assert_int_equal(st.unlisted, 1);
	assert_int_equal(st.untaxed, 0);
	/* 20.00 without tax is 24.00 with it; the unit price of 0 is no price */
	assert_int_equal(scalar(c, "SELECT price_cents FROM products WHERE source_id = '1'"), 2400);
	assert_int_equal(scalar(c, "SELECT count(*) FROM products WHERE currency = 'EUR'"), 3);
	/* 20% off 30.00 today; the discount of 2000 ended long ago */
	assert_int_equal(scalar(c, "SELECT price_cents FROM products WHERE source_id = '2'"), 2400);
	assert_int_equal(scalar(c, "SELECT price_cents FROM products WHERE source_id = '3'"), 1200);
	assert_int_equal(scalar(c, "SELECT count(*) FROM products p JOIN categories k ON"
	                           " k.id = p.category_id WHERE (p.source_id = '1' AND"
	                           " k.path = 'Games > Card games') OR (p.source_id = '2' AND"
	                           " k.path = 'Toys > Electronic toys') OR (p.source_id = '3'"
	                           " AND k.path = 'Puzzles')"), 3);
	assert_int_equal(scalar(c, "SELECT count(*) FROM products p JOIN brands b ON"
	                           " b.id = p.brand_id WHERE p.source_id = '1'"
	                           " AND b.name = 'Space Cowboys'"), 1);
	assert_int_equal(scalar(c, "SELECT count(*) FROM products WHERE source_id = '1'"
	                           " AND image = 'https://img.example/j.jpg'"), 1);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes a JOIN products p ON"
	                           " p.id = a.product_id WHERE a.hidden = 0 AND"
	                           " ((p.source_id = '1' AND ((a.key = 'players' AND a.value = '2')"
	                           " OR (a.key = 'play time' AND a.value = '30 min')))"
	                           " OR (p.source_id = '2' AND a.key = 'batteries'"
	                           " AND a.value = '3 x AAA, not included'))"), 3);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes WHERE hidden = 0 AND"
	                           " (key LIKE '%customizable%' OR key LIKE '%unit price%' OR"
	                           " key LIKE '%on sale%' OR key LIKE '%summary%' OR key LIKE"
	                           " '%wholesale%' OR key LIKE '%tax%' OR value LIKE '%:1%')"), 0);
	unlink(path);
	free(path);
	/* without --tax the prices are as written, and counted as untaxed */
	path = temp_file("Product ID;Active (0/1);Name *;Categories (x,y,z...);Price tax excluded;"
	                 "Tax rules ID\n9;1;Chess;Home,Games;10.000000;1\n");
	struct import_options plain = {0};
	assert_int_equal(import_run(c, path, &plain, &st, &err), 0);
	assert_int_equal(st.untaxed, 1);
	assert_int_equal(scalar(c, "SELECT price_cents FROM products WHERE source_id = '9'"), 1000);
	assert_int_equal(scalar(c, "SELECT count(*) FROM products WHERE source_id = '9'"
	                           " AND currency = 'USD'"), 1);
	unlink(path);
	free(path);
}

/* PrestaShop's ordering switches: with none left, "Out of stock action" 1
 * takes orders (stock unknown, so it can be ordered, its "Text when
 * backorder allowed" its availability), 0 refuses them and 2 (the shop's
 * default, which the file does not say) is none left; "Available for
 * order" 0 is none to order whatever the quantity. */
static void test_prestashop_backorders(void **state)
{
	catalog *c = *state;
	char *path = temp_file(
		"Product ID;Active (0/1);Name *;Categories (x,y,z...);Price tax excluded;"
		"Tax rules ID;Quantity;Text when in stock;Text when backorder allowed;"
		"Available for order (0/1);Out of stock action\n"
		"1;1;Chamomile;Home,Tea;3.70;1;0;In stock;Ships in 10 days;1;1\n"
		"2;1;Rooibos;Home,Tea;3.70;1;0;In stock;;1;1\n"
		"3;1;Decaf;Home,Coffee;8.00;1;0;In stock;Ships in 10 days;1;0\n"
		"4;1;Sencha;Home,Tea;5.00;1;0;In stock;;1;2\n"
		"5;1;Matcha;Home,Tea;9.00;1;12;In stock;;0;1\n"
		"6;1;Oolong;Home,Tea;6.00;1;7;In stock;Ships in 10 days;1;1\n");
	struct import_options o = {0};
	struct import_stats st;
	char *err = NULL;
	assert_int_equal(import_run(c, path, &o, &st, &err), 0);
	assert_int_equal(st.imported, 6);
	assert_int_equal(scalar(c, "SELECT count(*) FROM products WHERE stock IS NULL"
	                           " AND source_id IN ('1', '2')"), 2);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes a JOIN products p ON"
	                           " p.id = a.product_id WHERE a.hidden = 0 AND"
	                           " a.key = 'availability' AND ((p.source_id = '1' AND"
	                           " a.value = 'Ships in 10 days') OR (p.source_id = '2' AND"
	                           " a.value = 'backorder'))"), 2);
	assert_int_equal(scalar(c, "SELECT count(*) FROM products WHERE stock = 0"
	                           " AND source_id IN ('3', '4', '5')"), 3);
	assert_int_equal(scalar(c, "SELECT stock FROM products WHERE source_id = '6'"), 7);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes WHERE key = 'availability'"),
	                 2);
	unlink(path);
	free(path);
}

/* A short description beside the description says it again: the
 * description when the long one is empty, else no fact. A condition of
 * "new" is no fact worth a card's line; "refurbished" is. */
static void test_short_description_condition(void **state)
{
	catalog *c = *state;
	char *path = temp_file(
		"Product ID;Active (0/1);Name *;Categories (x,y,z...);Price tax excluded;"
		"Tax rules ID;Short description;Description;Condition\n"
		"1;1;Brie;Home,Cheese;5.00;1;<p>Soft and creamy.</p>;<p>A farmhouse brie.</p>;new\n"
		"2;1;Comte;Home,Cheese;7.00;1;<p>Nutty.</p>;;new\n"
		"3;1;Slicer;Home,Tools;30.00;1;;<p>A cheese slicer.</p>;refurbished\n");
	struct import_options o = {0};
	struct import_stats st;
	char *err = NULL;
	assert_int_equal(import_run(c, path, &o, &st, &err), 0);
	assert_int_equal(st.imported, 3);
	assert_int_equal(scalar(c, "SELECT count(*) FROM products WHERE"
	                           " (source_id = '1' AND description = 'A farmhouse brie.') OR"
	                           " (source_id = '2' AND description = 'Nutty.')"), 2);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes WHERE hidden = 0 AND"
	                           " (key LIKE '%description%' OR (key = 'condition' AND"
	                           " value = 'new'))"), 0);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes a JOIN products p ON"
	                           " p.id = a.product_id WHERE a.hidden = 0 AND p.source_id = '3'"
	                           " AND a.key = 'condition' AND a.value = 'refurbished'"), 1);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attribute_keys WHERE key = 'condition'"
	                           " AND kind = 'text'"), 1);
	unlink(path);
	free(path);
}

/* An Etsy listings download: no id, brand or category; the first of the
 * numbered image columns is the picture; "Variation 1 name" names its
 * values and "Variation 1 type" (the form's kind of field) is no fact;
 * a description in plain text keeps its lines. */
static void test_etsy_listings(void **state)
{
	catalog *c = *state;
	char *path = temp_file(
		"TITLE,DESCRIPTION,PRICE,CURRENCY_CODE,QUANTITY,TAGS,MATERIALS,IMAGE1,IMAGE2,"
		"VARIATION 1 TYPE,VARIATION 1 NAME,VARIATION 1 VALUES,SKU\n"
		"Lavender Candle,\"Soy wax.\n\nSizes:\n8 oz - approx. 40 hours\n16 oz - approx. 80 hours\","
		"18.00,USD,12,\"candle,lavender\",\"soy wax,cotton wick\",https://img.example/1.jpg,"
		"https://img.example/2.jpg,Size,Size,\"8 oz,16 oz\",CAN-1\n");
	struct import_options o = {0};
	struct import_stats st;
	char *err = NULL;
	assert_int_equal(import_run(c, path, &o, &st, &err), 0);
	assert_int_equal(st.imported, 1);
	assert_int_equal(scalar(c, "SELECT count(*) FROM products WHERE source_id = 'CAN-1'"
	                           " AND image = 'https://img.example/1.jpg'"), 1);
	assert_int_equal(scalar(c, "SELECT count(*) FROM products WHERE source_id = 'CAN-1'"
	                           " AND description LIKE '%40 hours' || char(10) || '16 oz%'"), 1);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes WHERE hidden = 0 AND"
	                           " key = 'size' AND value = '8 oz,16 oz'"), 1);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes WHERE hidden = 0 AND"
	                           " key LIKE '%type%'"), 0);
	unlink(path);
	free(path);
}

/* PrestaShop's combinations, in a file of their own (--variants): each
 * product's options with what each costs (the product's price plus the
 * variant's impact, with tax and discount) and has in stock; the product's
 * stock is theirs. Tax by rule: a book's rule has its own percent, a gift
 * card of rule 0 none. A combinations file imported alone is refused with
 * a hint. */
static void test_prestashop_combinations(void **state)
{
	catalog *c = *state;
	char *products = temp_file(
		"Product ID;Active (0/1);Name *;Categories (x,y,z...);Price tax excluded;Tax rules ID;"
		"Discount percent;Discount from (yyyy-mm-dd);Discount to (yyyy-mm-dd);Quantity\n"
		"1;1;Bunny;Home,Toys,Plush;20.000000;1;;;;99\n"
		"2;1;Gift card;Home,Gift cards;25.000000;0;;;;999\n"
		"3;1;Dino Book;Home,Books;10.000000;3;;;;5\n"
		"4;1;Costume;Home,Toys,Dress-up;20.000000;1;10;2000-01-01;2999-12-31;9\n");
	char *combos = temp_file(
		"Product ID*;Attribute (Name:Type:Position)*;Value (Value:Position)*;Reference;"
		"Impact on price;Quantity;Default (0 = No, 1 = Yes)\n"
		"1;Color:color:0;Beige:0;B-1;0.000000;10;1\n"
		"1;Color:color:0;Blue:1;B-2;0.000000;0;0\n"
		"2;Amount:select:0;25 \xe2\x82\xac:0;G-1;0.000000;333;1\n"
		"2;Amount:select:0;50 \xe2\x82\xac:1;G-2;25.000000;333;0\n"
		"4;Size:select:0,Color:color:1;5-6 years:0,Red:1;C-1;0.000000;0;1\n"
		"4;Size:select:0,Color:color:1;7-8 years:1,Red:1;C-2;2.000000;4;0\n");
	struct import_options o = {.currency = "EUR", .tax = "3=5.5,20", .variants = combos};
	struct import_stats st;
	char *err = NULL;
	assert_int_equal(import_run(c, products, &o, &st, &err), 0);
	assert_int_equal(st.imported, 4);
	assert_int_equal(st.variants, 6);
	/* stock: the variants' */
	assert_int_equal(scalar(c, "SELECT stock FROM products WHERE source_id = '1'"), 10);
	assert_int_equal(scalar(c, "SELECT stock FROM products WHERE source_id = '4'"), 4);
	/* tax by rule: 20% on rule 1, 5.5% on rule 3, none on rule 0 */
	assert_int_equal(scalar(c, "SELECT price_cents FROM products WHERE source_id = '1'"), 2400);
	assert_int_equal(scalar(c, "SELECT price_cents FROM products WHERE source_id = '3'"), 1055);
	assert_int_equal(scalar(c, "SELECT price_cents FROM products WHERE source_id = '2'"), 2500);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes a JOIN products p ON"
	                           " p.id = a.product_id WHERE a.hidden = 1 AND"
	                           " ((p.source_id = '1' AND a.key = 'variant stock' AND"
	                           "   a.value IN ('Beige=10', 'Blue=0'))"
	                           " OR (p.source_id = '2' AND a.key = 'variant price' AND"
	                           "   a.value IN ('25 \xe2\x82\xac=2500', '50 \xe2\x82\xac=5000'))"
	                           /* (20 + 2) * 1.2 = 26.40, 10% off: 23.76 */
	                           " OR (p.source_id = '4' AND a.key = 'variant price' AND"
	                           "   a.value IN ('5-6 years, Red=2160', '7-8 years, Red=2376')))"),
	                 6);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes a JOIN products p ON"
	                           " p.id = a.product_id WHERE a.hidden = 0 AND p.source_id = '1'"
	                           " AND a.key = 'color' AND a.value IN ('Beige', 'Blue')"), 2);
	/* the combinations alone: refused, with the way to import them */
	struct import_options alone = {0};
	assert_int_equal(import_run(c, combos, &alone, &st, &err), -1);
	assert_non_null(strstr(err, "--with"));
	free(err);
	char *bad = NULL;
	assert_false(import_tax_check("1=x", &bad));
	free(bad);
	assert_true(import_tax_check("3=5.5,20", &bad));
	unlink(products);
	free(products);
	unlink(combos);
	free(combos);
}

/* An Ecwid export, known by its header: a "product" row, then its
 * "product_option" rows and "product_variation" rows (options in
 * "product_variation_option_NAME" columns, each variation's price, price
 * before a sale and quantity); custom "product_attribute_NAME" columns
 * named as the shop named them; "product_is_available" false left out. */
static void test_ecwid_export(void **state)
{
	catalog *c = *state;
	char *path = temp_file(
		"type,product_internal_id,product_sku,product_name,product_price,"
		"product_compare_to_price,product_quantity,product_is_available,product_description,"
		"product_category_1,product_option_name,product_option_value,"
		"product_variation_option_Length,product_variation_price,"
		"product_variation_compare_to_price,product_variation_quantity,"
		"product_attribute_Pet safe\n"
		"product,101,HOSE,Garden Hose,19.99,,,true,<p>Kink free.</p>,Watering,,,,,,,\n"
		"product_option,101,HOSE,,,,,,,,Length,15 m,,,,,\n"
		"product_option,101,HOSE,,,,,,,,Length,50 m,,,,,\n"
		"product_variation,101,HOSE,,,,,,,,,,15 m,19.99,,12,\n"
		"product_variation,101,HOSE,,,,,,,,,,50 m,44.99,54.99,3,\n"
		"product,102,FERN,Boston Fern,12.50,15.00,8,true,Humid spots.,Houseplants,,,,,,,Yes\n"
		"product,103,OLD,Old Rake,9.00,,2,false,Gone.,Tools,,,,,,,\n");
	struct import_options o = {0};
	struct import_stats st;
	char *err = NULL;
	assert_int_equal(import_run(c, path, &o, &st, &err), 0);
	assert_int_equal(st.imported, 2);
	assert_int_equal(st.variants, 2);
	assert_int_equal(st.unlisted, 1);
	assert_int_equal(scalar(c, "SELECT price_cents FROM products WHERE source_id = '101'"), 1999);
	assert_int_equal(scalar(c, "SELECT stock FROM products WHERE source_id = '101'"), 15);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes a JOIN products p ON"
	                           " p.id = a.product_id WHERE p.source_id = '101' AND"
	                           " ((a.hidden = 0 AND a.key = 'length' AND a.value IN ('15 m', '50 m'))"
	                           " OR (a.hidden = 1 AND a.key = 'variant price' AND"
	                           "     a.value IN ('15 m=1999', '50 m=4499'))"
	                           " OR (a.hidden = 1 AND a.key = 'variant was price' AND"
	                           "     a.value = '50 m=5499')"
	                           " OR (a.hidden = 1 AND a.key = 'variant stock' AND"
	                           "     a.value IN ('15 m=12', '50 m=3')))"),
	                 7);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes a JOIN products p ON"
	                           " p.id = a.product_id WHERE p.source_id = '102' AND a.hidden = 0"
	                           " AND ((a.key = 'pet safe' AND a.value = 'Yes')"
	                           " OR (a.key = 'product compare to price' AND a.value = '15.00'))"),
	                 2);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes WHERE key LIKE 'product attribute%'"
	                           " OR key LIKE '%variation%' OR key = 'type'"), 0);
	unlink(path);
	free(path);
}

/* A Square item library export, known by its header: a row per
 * variation with its item's name, folded into one product with the
 * options ("Option Name 1", or the variation's own name), the stock of
 * every location where it is sold, the online sale price; archived and
 * hidden items are left out; a "variable" price is no price, and no
 * error; the supplier is no brand. */
static void test_square_export(void **state)
{
	catalog *c = *state;
	char *path = temp_file(
		"Token,Item Name,Variation Name,SKU,Description,Categories,Reporting Category,"
		"Square Online Item Visibility,Price,Online Sale Price,Archived,Sellable,"
		"Option Name 1,Option Value 1,Default Vendor Name,Enabled Main St,"
		"Current Quantity Main St,Enabled Pop Up,Current Quantity Pop Up,Tax - VAT (20%)\n"
		"T1,Death on the Downs,Hardback,978A,A crime novel.,\"Fiction, Crime\",Crime,visible,"
		"16.99,,N,Y,Format,Hardback,Gardners,Y,1,Y,2,N\n"
		"T2,Death on the Downs,Paperback,978B,A crime novel.,\"Fiction, Crime\",Crime,visible,"
		"8.99,7.99,N,Y,Format,Paperback,Gardners,Y,9,N,5,N\n"
		"T3,Pocket Notebook,Ruled,NB1,A5 notebook.,Stationery,Stationery,visible,"
		"12.50,,N,Y,,,Papier,Y,4,Y,0,Y\n"
		"T4,Pocket Notebook,Dotted,NB2,A5 notebook.,Stationery,Stationery,visible,"
		"13.50,,N,Y,,,Papier,Y,0,Y,0,Y\n"
		"T5,Old Diary 2025,Regular,D25,Last year.,Stationery,Stationery,visible,"
		"9.99,,Y,Y,,,Papier,Y,3,Y,0,Y\n"
		"T6,Carrier Bag,Regular,BAG,Paper bag.,Other,Other,hidden,0.10,,N,Y,,,,Y,99,Y,0,Y\n"
		"T7,Book Token,Regular,NBT,A gift card.,Gifts,Gifts,visible,variable,,N,Y,,,,Y,,Y,,N\n");
	struct import_options o = {0};
	struct import_stats st;
	char *err = NULL;
	assert_int_equal(import_run(c, path, &o, &st, &err), 0);
	assert_int_equal(st.imported, 3);
	assert_int_equal(st.variants, 2);
	assert_int_equal(st.unlisted, 2);
	assert_int_equal(scalar(c, "SELECT price_cents FROM products WHERE source_id = 'T1'"), 799);
	/* 1 + 2 at both places; 9 at Main St, where the paperback is sold */
	assert_int_equal(scalar(c, "SELECT stock FROM products WHERE source_id = 'T1'"), 12);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes a JOIN products p ON"
	                           " p.id = a.product_id WHERE p.source_id = 'T1' AND"
	                           " ((a.hidden = 0 AND a.key = 'format' AND a.value IN"
	                           "   ('Hardback', 'Paperback'))"
	                           " OR (a.hidden = 1 AND a.key = 'variant price' AND"
	                           "     a.value IN ('Hardback=1699', 'Paperback=799'))"
	                           " OR (a.hidden = 1 AND a.key = 'variant stock' AND"
	                           "     a.value IN ('Hardback=3', 'Paperback=9')))"),
	                 6);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes a JOIN products p ON"
	                           " p.id = a.product_id WHERE p.source_id = 'T3' AND a.hidden = 0"
	                           " AND a.key = 'variation' AND a.value IN ('Ruled', 'Dotted')"),
	                 2);
	assert_int_equal(scalar(c, "SELECT price_cents IS NULL FROM products WHERE source_id = 'T7'"),
	                 1);
	assert_int_equal(scalar(c, "SELECT count(*) FROM products WHERE brand_id IS NOT NULL"), 0);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes WHERE hidden = 0 AND"
	                           " (key LIKE '%token%' OR key LIKE '%archived%' OR key LIKE"
	                           " '%quantity%' OR key LIKE '%sellable%' OR key LIKE '%vendor%')"),
	                 0);
	unlink(path);
	free(path);
}

/* A Lightspeed Retail (X-Series) export, known by its header: a row per
 * variant with its product's handle and name, folded into one product
 * with the options ("variant_option_one_name"/"_value"); the price is
 * the retail price plus the tax on it, added before rounding; the stock
 * is every outlet's; a composite product's parts (rows with no name) are
 * what it includes; a price of 0 the description says is asked for is no
 * price; cost, reorder levels and loyalty are no facts for shoppers. */
static void test_lightspeed_export(void **state)
{
	catalog *c = *state;
	char *path = temp_file(
		"id,handle,sku,composite_name,composite_sku,composite_quantity,name,description,"
		"product_category,variant_option_one_name,variant_option_one_value,tags,supply_price,"
		"retail_price,loyalty_value,tax_name,tax_value,brand_name,supplier_name,active,"
		"track_inventory,inventory_Main_Outlet,reorder_point_Main_Outlet,"
		"inventory_Harbour_Street\n"
		"u1,muga2019,501,,,,Muga Rioja 2019,<p>Cherry and plum.</p>,Red Wine,Pack,Bottle,"
		"\"red, spain\",10.63,18.32500,,VAT,3.66500,Bodegas Muga,Fells,1,1,18,3,6\n"
		"u2,muga2019,502,,,,Muga Rioja 2019,<p>Cherry and plum.</p>,Red Wine,Pack,Case of 6,"
		"\"red, spain\",57.40,98.95833,,VAT,19.79167,Bodegas Muga,Fells,1,1,2,3,0\n"
		"u3,duo,503,,,,Red Duo Gift Box,<p>Two reds.</p>,Gift Sets,,,gift,14.50,24.99167,,"
		"VAT,4.99833,Corkscrew,Corkscrew,1,1,6,1,2\n"
		",duo,,Muga Rioja 2019,501,1,,,,,,,,,,,,,,,,,,\n"
		",duo,,Campo Viejo 2021,504,1,,,,,,,,,,,,,,,,,,\n"
		"u5,lynch2023,505,,,,Lynch-Bages 2023 En Primeur,<p>Price on application.</p>,"
		"Fine Wine,,,,0.00000,0.00000,,VAT,0.00000,Lynch-Bages,BI,1,0,,,\n"
		"u6,oldgin,506,,,,Old Gin,<p>Gone.</p>,Gin,,,,9.00,20.00,,VAT,4.00,Oldco,Oldco,0,1,1,1,1\n");
	struct import_options o = {0};
	struct import_stats st;
	char *err = NULL;
	assert_int_equal(import_run(c, path, &o, &st, &err), 0);
	assert_int_equal(st.imported, 3);
	assert_int_equal(st.variants, 1);
	assert_int_equal(st.unlisted, 1);
	/* 18.325 + 3.665 = 21.99, not 18.33 + 3.67 */
	assert_int_equal(scalar(c, "SELECT price_cents FROM products WHERE source_id = 'muga2019'"
	                           " AND name = 'Muga Rioja 2019'"),
	                 2199);
	assert_int_equal(scalar(c, "SELECT stock FROM products WHERE source_id = 'muga2019'"), 26);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes a JOIN products p ON"
	                           " p.id = a.product_id WHERE p.source_id = 'muga2019' AND"
	                           " ((a.hidden = 0 AND a.key = 'pack' AND a.value IN"
	                           "   ('Bottle', 'Case of 6'))"
	                           " OR (a.hidden = 1 AND a.key = 'variant price' AND"
	                           "     a.value IN ('Bottle=2199', 'Case of 6=11875')))"),
	                 4);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes a JOIN products p ON"
	                           " p.id = a.product_id WHERE p.source_id = 'duo' AND"
	                           " a.key = 'includes' AND a.value ="
	                           " 'Muga Rioja 2019, Campo Viejo 2021'"),
	                 1);
	assert_int_equal(scalar(c, "SELECT price_cents IS NULL FROM products"
	                           " WHERE source_id = 'lynch2023'"),
	                 1);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes WHERE hidden = 0 AND"
	                           " (key LIKE '%supply%' OR key LIKE '%reorder%' OR key LIKE"
	                           " '%loyalty%' OR key LIKE '%inventory%' OR key LIKE '%tax%'"
	                           " OR key LIKE '%supplier%' OR key LIKE '%handle%')"),
	                 0);
	unlink(path);
	free(path);
}

/* An OpenCart export (the Export/Import extension's sheets, each saved
 * as CSV), known by its header: prices without tax (--tax by tax class,
 * added before rounding: 2.0750 is 2.49 with 20%), status false left
 * out, categories by id named from the Categories sheet (--with), the
 * option values as variants with their "+"/"-" prices and stock, today's
 * special of the default customer group as the sale price (not a trade
 * group's, not one ended), the attributes sheet's facts; back-office
 * columns no facts. A sheet given alone is refused with the way to
 * import it. */
static void test_opencart_export(void **state)
{
	catalog *c = *state;
	char *products = temp_file(
		"product_id,name(en-gb),categories,sku,quantity,model,manufacturer,shipping,price,points,"
		"date_available,weight,weight_unit,length,width,height,length_unit,status,tax_class_id,"
		"description(en-gb),stock_status_id,store_ids,sort_order,subtract,minimum\n"
		"101,Paracetamol 500mg 16 pack,\"59,60\",P16,240,P16,Hillside,yes,0.6583,0,2023-01-01,"
		"0.05,kg,0,0,0,cm,true,9,<p>For adults and children aged 12 years and over.</p>,7,0,0,"
		"true,1\n"
		"102,Ibuprofen 200mg 16 pack,\"59,60\",,80,I16,Nurofen,yes,2.0750,0,2023-01-01,0.05,kg,0,"
		"0,0,cm,true,9,<p>Tablets.</p>,7,0,0,true,1\n"
		"103,Infant Formula 800g,61,,30,F800,Aptamil,yes,13.5000,0,2023-01-01,0.9,kg,0,0,0,cm,"
		"true,0,<p>From birth.</p>,7,0,0,true,1\n"
		"104,Vitamin D3 Tablets,62,,0,VD3,Hillside,yes,3.3250,0,2023-01-01,0.05,kg,0,0,0,cm,true,"
		"9,<p>Vitamin D.</p>,7,0,0,true,1\n"
		"105,Old Cough Syrup,59,,5,OC,Hillside,yes,3.0000,0,2023-01-01,0.1,kg,0,0,0,cm,false,9,"
		"<p>Gone.</p>,7,0,0,true,1\n");
	char *options = temp_file(
		"product_id,option,option_value,quantity,subtract,price,price_prefix,points,"
		"points_prefix\n"
		"104,Pack Size,60 Tablets,80,true,0.0000,+,0,+\n"
		"104,Pack Size,120 Tablets,40,true,2.5000,+,0,+\n");
	char *specials = temp_file(
		"product_id,customer_group,priority,price,date_start,date_end\n"
		"102,Default,1,1.6667,2000-01-01,2999-12-31\n"
		"101,Wholesale,1,0.3000,0000-00-00,0000-00-00\n"
		"103,Default,1,9.0000,2000-01-01,2000-02-01\n");
	char *attributes = temp_file("product_id,attribute_group,attribute,text(en-gb)\n"
	                             "101,Product Information,Strength,500mg per tablet\n");
	char *categories = temp_file(
		"category_id,parent_id,name(en-gb),top,status\n"
		"59,0,Health &amp; Medicines,true,true\n"
		"60,59,Pain Relief,false,true\n"
		"61,0,Baby,true,true\n");
	const char *sheets[] = {options, specials, attributes, categories};
	struct import_options o = {.tax = "9=20", .sheets = sheets, .n_sheets = 4};
	struct import_stats st;
	char *err = NULL;
	assert_int_equal(import_run(c, products, &o, &st, &err), 0);
	assert_int_equal(st.imported, 4);
	assert_int_equal(st.unlisted, 1);
	assert_int_equal(st.variants, 2);
	assert_int_equal(scalar(c, "SELECT price_cents FROM products WHERE source_id = '101'"), 79);
	/* 2.0750 * 1.2 = 2.49; on special: 1.6667 * 1.2 = 2.00 */
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes a JOIN products p ON"
	                           " p.id = a.product_id WHERE p.source_id = '102'"
	                           " AND a.key = 'was price' AND a.value = '2.49'"),
	                 1);
	assert_int_equal(scalar(c, "SELECT price_cents FROM products WHERE source_id = '102'"), 200);
	/* class 0: no tax; its special ended */
	assert_int_equal(scalar(c, "SELECT price_cents FROM products WHERE source_id = '103'"), 1350);
	/* 3.3250 * 1.2 = 3.99; (3.3250 + 2.5000) * 1.2 = 6.99 */
	assert_int_equal(scalar(c, "SELECT price_cents FROM products WHERE source_id = '104'"), 399);
	assert_int_equal(scalar(c, "SELECT stock FROM products WHERE source_id = '104'"), 120);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes a JOIN products p ON"
	                           " p.id = a.product_id WHERE p.source_id = '104' AND a.hidden = 1"
	                           " AND a.key = 'variant price' AND a.value IN"
	                           " ('60 Tablets=399', '120 Tablets=699')"),
	                 2);
	assert_int_equal(scalar(c, "SELECT count(*) FROM products p JOIN categories c ON"
	                           " c.id = p.category_id WHERE p.source_id = '101'"
	                           " AND c.name = 'Pain Relief'"),
	                 1);
	assert_int_equal(scalar(c, "SELECT count(*) FROM categories WHERE name GLOB '*[0-9]*'"), 0);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes a JOIN products p ON"
	                           " p.id = a.product_id WHERE p.source_id = '101'"
	                           " AND a.key = 'strength' AND a.value = '500mg per tablet'"),
	                 1);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes WHERE hidden = 0 AND"
	                           " key IN ('points', 'minimum', 'subtract', 'shipping', 'height',"
	                           " 'length', 'model', 'sort order', 'store ids')"),
	                 0);
	/* a sheet alone */
	struct import_options alone = {0};
	assert_int_equal(import_run(c, options, &alone, &st, &err), -1);
	assert_non_null(strstr(err, "--with"));
	free(err);
	char *paths[] = {products, options, specials, attributes, categories};
	for (size_t i = 0; i < 5; i++) {
		unlink(paths[i]);
		free(paths[i]);
	}
}

/* A headless platform's product JSON (commercetools' product projections):
 * names and descriptions by language ("en-GB"), prices in the currency's
 * minor unit with their fraction digits and currency, a discounted value
 * as the sale price, categories by id beside their names, the product's
 * own variant and its attributes as fields (a colour given as a labelled
 * object is its label), the other variants' prices not the product's,
 * and the platform's keys and versions no facts. */
static void test_headless_json(void **state)
{
	catalog *c = *state;
	char *path = temp_file(
		"{\"results\": [{\"id\": \"e9f9\", \"version\": 3, \"key\": \"gp5000\","
		" \"name\": {\"de-DE\": \"Reifen\", \"en-GB\": \"GP 5000 Tyre\"},"
		" \"description\": {\"en-GB\": \"<p>Fast road tyre.</p>\"},"
		" \"categories\": [{\"typeId\": \"category\", \"id\": \"3b1b-ce1c\"}],"
		" \"categoryNames\": [\"Tyres > Road Tyres\"],"
		" \"masterVariant\": {\"id\": 1, \"sku\": \"GP-25\", \"key\": \"gp-25\","
		"  \"prices\": [{\"id\": \"p1\", \"value\": {\"type\": \"centPrecision\","
		"   \"currencyCode\": \"GBP\", \"centAmount\": 6499, \"fractionDigits\": 2},"
		"   \"discounted\": {\"value\": {\"type\": \"centPrecision\", \"currencyCode\": \"GBP\","
		"   \"centAmount\": 5499, \"fractionDigits\": 2}}}],"
		"  \"attributes\": [{\"name\": \"brand\", \"value\": \"Continental\"},"
		"   {\"name\": \"colour\", \"value\": {\"key\": \"black\", \"label\": {\"en-GB\": \"Black\"}}},"
		"   {\"name\": \"size\", \"value\": \"700x25c\"}],"
		"  \"availability\": {\"isOnStock\": true, \"availableQuantity\": 14}},"
		" \"variants\": [{\"id\": 2, \"sku\": \"GP-28\", \"prices\": [{\"value\": {"
		"   \"currencyCode\": \"GBP\", \"centAmount\": 9999, \"fractionDigits\": 2}}],"
		"  \"attributes\": [{\"name\": \"size\", \"value\": \"700x28c\"}],"
		"  \"availability\": {\"availableQuantity\": 3}}],"
		" \"published\": true}]}");
	struct import_options o = {0};
	struct import_stats st;
	char *err = NULL;
	assert_int_equal(import_run(c, path, &o, &st, &err), 0);
	assert_int_equal(st.imported, 1);
	assert_int_equal(scalar(c, "SELECT count(*) FROM products WHERE name = 'GP 5000 Tyre'"
	                           " AND price_cents = 5499 AND currency = 'GBP' AND stock = 14"),
	                 1);
	assert_int_equal(scalar(c, "SELECT count(*) FROM products p JOIN categories c ON"
	                           " c.id = p.category_id WHERE c.name = 'Road Tyres'"),
	                 1);
	assert_int_equal(scalar(c, "SELECT count(*) FROM products p JOIN brands b ON"
	                           " b.id = p.brand_id WHERE b.name = 'Continental'"),
	                 1);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes WHERE hidden = 0 AND"
	                           " ((key = 'was price' AND value = '64.99') OR"
	                           "  (key IN ('colour', 'color') AND value = 'Black'))"),
	                 2);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes WHERE hidden = 0 AND"
	                           " (key LIKE '%key%' OR key LIKE '%version%' OR key LIKE '%cent%'"
	                           " OR value LIKE '%centPrecision%' OR value = '99.99'"
	                           " OR value = '9999')"),
	                 0);
	unlink(path);
	free(path);
}

/* Shopify's bulk operation output: a product line, then its variant and
 * metafield lines naming it in "__parentId" (a variant's own children
 * naming the variant). The variants fold into the product with their
 * options, prices, prices before a markdown and stock; a variant sold
 * when none is left ("CONTINUE") is no stock of 0; metafields are
 * attributes under their keys, a list's values joined; a draft is left
 * out with its lines; a line of no product above it is refused. */
static void test_bulk_json_lines(void **state)
{
	catalog *c = *state;
	char *path = temp_file(
		"{\"id\": \"gid://shopify/Product/1\", \"title\": \"Guji Natural\", \"vendor\": \"Roastery\","
		" \"handle\": \"guji-natural\","
		" \"productType\": \"Coffee Beans\", \"status\": \"ACTIVE\","
		" \"options\": [{\"name\": \"Size\", \"values\": [\"250g\", \"1kg\"]}]}\n"
		"{\"id\": \"gid://shopify/ProductVariant/11\", \"title\": \"250g\", \"price\": \"10.00\","
		" \"compareAtPrice\": \"12.50\", \"inventoryQuantity\": 25, \"inventoryPolicy\": \"DENY\","
		" \"selectedOptions\": [{\"name\": \"Size\", \"value\": \"250g\"}],"
		" \"__parentId\": \"gid://shopify/Product/1\"}\n"
		"{\"id\": \"gid://shopify/ProductVariant/12\", \"title\": \"1kg\", \"price\": \"36.00\","
		" \"compareAtPrice\": null, \"inventoryQuantity\": 4, \"inventoryPolicy\": \"DENY\","
		" \"selectedOptions\": [{\"name\": \"Size\", \"value\": \"1kg\"}],"
		" \"__parentId\": \"gid://shopify/Product/1\"}\n"
		"{\"id\": \"gid://shopify/InventoryLevel/9\", \"available\": 4,"
		" \"__parentId\": \"gid://shopify/ProductVariant/12\"}\n"
		"{\"id\": \"gid://shopify/Metafield/21\", \"namespace\": \"custom\", \"key\": \"tasting_notes\","
		" \"value\": \"[\\\"blueberry\\\",\\\"jam\\\"]\", \"__parentId\": \"gid://shopify/Product/1\"}\n"
		"{\"id\": \"gid://shopify/Product/2\", \"title\": \"Coffee Subscription\","
		" \"status\": \"ACTIVE\", \"options\": [{\"name\": \"Title\", \"values\": [\"Default Title\"]}]}\n"
		"{\"id\": \"gid://shopify/ProductVariant/21\", \"title\": \"Default Title\", \"price\": \"10.50\","
		" \"inventoryQuantity\": 0, \"inventoryPolicy\": \"CONTINUE\","
		" \"selectedOptions\": [{\"name\": \"Title\", \"value\": \"Default Title\"}],"
		" \"__parentId\": \"gid://shopify/Product/2\"}\n"
		"{\"id\": \"gid://shopify/Product/3\", \"title\": \"Old Blend\", \"status\": \"DRAFT\"}\n"
		"{\"id\": \"gid://shopify/ProductVariant/31\", \"title\": \"Default Title\", \"price\": \"9.00\","
		" \"__parentId\": \"gid://shopify/Product/3\"}\n");
	struct import_options o = {.currency = "GBP"};
	struct import_stats st;
	char *err = NULL;
	assert_int_equal(import_run(c, path, &o, &st, &err), 0);
	assert_null(err);
	assert_int_equal(st.imported, 2);
	assert_int_equal(scalar(c, "SELECT count(*) FROM products WHERE name = 'Guji Natural'"
	                           " AND price_cents = 1000 AND stock = 29 AND currency = 'GBP'"
	                           " AND source_id = 'gid://shopify/Product/1'"),
	                 1);
	assert_int_equal(scalar(c, "SELECT count(*) FROM products WHERE name = 'Coffee Subscription'"
	                           " AND price_cents = 1050 AND stock IS NULL"),
	                 1);
	assert_int_equal(scalar(c, "SELECT count(*) FROM products WHERE name LIKE '%Default%'"
	                           " OR name IN ('250g', '1kg', 'Old Blend')"),
	                 0);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes WHERE"
	                           " (key = 'tasting notes' AND value = 'blueberry, jam' AND hidden = 0)"
	                           " OR (key = 'was price' AND value = '12.50' AND hidden = 0)"
	                           " OR (key = 'variant price' AND value = '1kg=3600')"
	                           " OR (key = 'variant stock' AND value = '250g=25')"
	                           " OR (key = 'variant was price' AND value = '250g=1250')"),
	                 5);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes WHERE key = 'handle'"), 0);
	/* the options once, not again as attributes of the product line */
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes WHERE hidden = 0"
	                           " AND lower(key) = 'size'"),
	                 2);
	unlink(path);
	free(path);

	path = temp_file("{\"id\": \"gid://shopify/Product/5\", \"title\": \"Mug\"}\n"
	                 "{\"id\": \"gid://shopify/ProductVariant/51\", \"price\": \"8.00\","
	                 " \"__parentId\": \"gid://shopify/Product/4\"}\n");
	assert_int_equal(import_run(c, path, &o, &st, &err), -1);
	assert_non_null(err);
	assert_non_null(strstr(err, "gid://shopify/Product/4"));
	free(err);
	unlink(path);
	free(path);
}

/* An Odoo export (the list view's labels), known by its header: a row per
 * variant with its product's name folds into one product with the
 * options of "Variant Values" and the rows with no name under a variant
 * (a second option value, a second tag); the price is the Sales Price
 * with the row's "Customer Taxes" added; "Sales Description" is the
 * description, the staff's "Description" and cost no facts; "Can be
 * Sold" or "Is Published" false leaves a product out. */
static void test_odoo_export(void **state)
{
	catalog *c = *state;
	char *path = temp_file(
		"\"Internal Reference\",\"Name\",\"Variant Values\",\"Sales Price\",\"Cost\","
		"\"Product Category\",\"Quantity On Hand\",\"Can be Sold\",\"Is Published\","
		"\"Sales Description\",\"Description\",\"Customer Taxes\",\"Product Tags\",\"Vendors\"\n"
		"\"CH-BLK-H\",\"Pro Chair\",\"Color: Black\",\"249.0\",\"120.0\","
		"\"All / Saleable / Office Chairs\",\"8.0\",\"True\",\"True\",\"Mesh chair.\","
		"\"Do not reorder\",\"20%\",\"Ergonomic\",\"Kinnarps\"\n"
		"\"\",\"\",\"Headrest: With headrest\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\","
		"\"Mesh\",\"\"\n"
		"\"CH-BLK-N\",\"Pro Chair\",\"Color: Black\",\"219.0\",\"110.0\","
		"\"All / Saleable / Office Chairs\",\"5.0\",\"True\",\"True\",\"Mesh chair.\","
		"\"\",\"20%\",\"Ergonomic\",\"Kinnarps\"\n"
		"\"\",\"\",\"Headrest: Without headrest\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\","
		"\"Mesh\",\"\"\n"
		"\"PAP-A4\",\"A4 Paper Ream\",\"\",\"4.5\",\"2.0\",\"All / Saleable / Paper\","
		"\"300.0\",\"True\",\"True\",\"80gsm.\",\"\",\"20%\",\"\",\"\"\n"
		"\"OLD-1\",\"Old Stapler\",\"\",\"9.0\",\"4.0\",\"All / Saleable / Desk\",\"3.0\","
		"\"True\",\"False\",\"Gone.\",\"\",\"20%\",\"\",\"\"\n");
	struct import_options o = {0};
	struct import_stats st;
	char *err = NULL;
	assert_int_equal(import_run(c, path, &o, &st, &err), 0);
	assert_int_equal(st.imported, 2);
	assert_int_equal(st.unlisted, 1);
	/* 219.0 * 1.2, the least; 8 + 5 */
	assert_int_equal(scalar(c, "SELECT count(*) FROM products WHERE name = 'Pro Chair'"
	                           " AND price_cents = 26280 AND stock = 13 AND tags = 'Ergonomic, Mesh'"
	                           " AND description = 'Mesh chair.'"),
	                 1);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes WHERE hidden = 1 AND"
	                           " key = 'variant price' AND value IN"
	                           " ('Black, With headrest=29880', 'Black, Without headrest=26280')"),
	                 2);
	assert_int_equal(scalar(c, "SELECT count(*) FROM products p JOIN categories c ON"
	                           " c.id = p.category_id WHERE c.name = 'Office Chairs'"),
	                 1);
	assert_int_equal(scalar(c, "SELECT price_cents FROM products WHERE name = 'A4 Paper Ream'"),
	                 540);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes WHERE hidden = 0 AND"
	                           " (key LIKE '%cost%' OR key LIKE '%vendor%' OR key LIKE"
	                           " '%description%' OR value = 'Do not reorder')"),
	                 0);
	unlink(path);
	free(path);
}

/* Amazon's inventory file as Seller Central gives it: a row of the
 * template's metadata, the labels, then the field names, then the rows;
 * a parent and its children (their options from the variation theme's
 * columns), ages in months, bullet points, and the listing's bookkeeping,
 * which is no fact of the product. Read without --preset or --map. */
static void test_amazon_flat_file(void **state)
{
	catalog *c = *state;
	char *path = temp_file(
		"TemplateType=fptcustom\tVersion=2023.0414\tTemplateSignature=VE9Z\t"
		"The top 3 rows are for Amazon.com use only.\t\t\t\t\t\t\t\t\t\t\t\t\n"
		"Product Type\tSeller SKU\tBrand Name\tProduct Name\tStandard Price\tCurrency\t"
		"Quantity\tParentage\tParent SKU\tVariation Theme\tSize\tBullet Point 1\t"
		"Bullet Point 2\tManufacturer Minimum Age (months)\tItem Type Keyword\t"
		"Update Delete\n"
		"feed_product_type\titem_sku\tbrand_name\titem_name\tstandard_price\tcurrency\t"
		"quantity\tparent_child\tparent_sku\tvariation_theme\tsize_name\tbullet_point1\t"
		"bullet_point2\tmfg_minimum\titem_type\tupdate_delete\n"
		"toys_and_games\tPZ-100\tPinecrest\tNight Sky Jigsaw Puzzle\t\t\t\tparent\t\t"
		"Size\t\tGlows in the dark\tPoster included\t144\tjigsaw-puzzles\tUpdate\n"
		"toys_and_games\tPZ-100-500\tPinecrest\tNight Sky Jigsaw Puzzle, 500 Pieces\t"
		"14.99\tUSD\t20\tchild\tPZ-100\tSize\t500 Pieces\t\t\t144\tjigsaw-puzzles\t"
		"Update\n"
		"toys_and_games\tPZ-100-1000\tPinecrest\tNight Sky Jigsaw Puzzle, 1000 Pieces\t"
		"19.99\tUSD\t0\tchild\tPZ-100\tSize\t1000 Pieces\t\t\t144\tjigsaw-puzzles\t"
		"Update\n"
		"toys_and_games\tBG-002\tOakridge\tSnack Attack Card Game\t12.99\tUSD\t60\t\t\t"
		"\t\tFast\t\t72\tcard-games\tUpdate\n");
	struct import_options o = {0};
	struct import_stats st;
	char *err = NULL;
	assert_int_equal(import_run(c, path, &o, &st, &err), 0);
	assert_int_equal(st.imported, 2);
	assert_int_equal(scalar(c, "SELECT count(*) FROM products WHERE name = 'Night Sky Jigsaw"
	                           " Puzzle' AND price_cents = 1499 AND stock = 20"
	                           " AND features LIKE 'Glows in the dark; Poster included;%'"
	                           " AND features LIKE '%ages:12 years and up%'"),
	                 1);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes WHERE hidden = 1 AND"
	                           " key = 'variant price' AND value IN"
	                           " ('500 Pieces=1499', '1000 Pieces=1999')"),
	                 2);
	assert_int_equal(scalar(c, "SELECT count(*) FROM products WHERE name = 'Snack Attack Card"
	                           " Game' AND price_cents = 1299 AND features LIKE"
	                           " '%ages:6 years and up%'"),
	                 1);
	assert_int_equal(scalar(c, "SELECT count(*) FROM products p JOIN categories c ON"
	                           " c.id = p.category_id WHERE c.name = 'Card games'"),
	                 1);
	/* no row of field names became a product; no bookkeeping became a fact */
	assert_int_equal(scalar(c, "SELECT count(*) FROM products WHERE name LIKE '%item_name%'"
	                           " OR name LIKE 'Product Name'"),
	                 0);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes WHERE hidden = 0 AND"
	                           " (key LIKE '%update%' OR key LIKE '%product type%' OR key LIKE"
	                           " '%feed%' OR key LIKE '%parent%' OR key LIKE '%theme%' OR"
	                           " key LIKE '%bullet%' OR key LIKE '%minimum%')"),
	                 0);
	unlink(path);
	free(path);
}

/* A template without "Update Delete" (Seller Central leaves it out of
 * some categories' templates) is the same export: known by its SKU, its
 * standard price and another column of Amazon's own. The item type in
 * words is the category (not the feed's product type), the seller's SKU
 * the id of a standalone product (not its UPC), parentage, handling time
 * and the variation theme no facts; a parent takes its first child's
 * picture; a child's unreadable price is a bad row of its own line; and
 * importing the file again says --replace updates what the catalog has. */
static void test_amazon_without_update_column(void **state)
{
	catalog *c = *state;
	const char *head =
		"TemplateType=fptcustom\tVersion=2023.0301\tThe top 3 rows are for Amazon.com use only."
		"\t\t\t\t\t\t\t\t\n"
		"Product Type\tSeller SKU\tProduct Name\tProduct ID\tItem Type Keyword\tStandard Price\t"
		"Main Image URL\tParentage\tParent SKU\tVariation Theme\tFlavor\tHandling Time\n"
		"feed_product_type\titem_sku\titem_name\texternal_product_id\titem_type\tstandard_price\t"
		"main_image_url\tparent_child\tparent_sku\tvariation_theme\tflavor_name\t"
		"fulfillment_latency\n"
		"DIETARY_SUPPLEMENT\tWH-1\tWhey Isolate\t\twhey-protein-powders\t\t\tParent\t\t"
		"Flavor\t\t2\n"
		"DIETARY_SUPPLEMENT\tWH-1-CH\tWhey Isolate, Chocolate\t853894056742\t"
		"whey-protein-powders\t%s\thttps://img.example/wh-1-ch.jpg\tChild\tWH-1\tFlavor\t"
		"Chocolate\t2\n"
		"DIETARY_SUPPLEMENT\tWH-1-VA\tWhey Isolate, Vanilla\t853894056759\t"
		"whey-protein-powders\t41.99\thttps://img.example/wh-1-va.jpg\tChild\tWH-1\tFlavor\t"
		"Vanilla\t2\n"
		"DIETARY_SUPPLEMENT\tZN-1\tZinc Tablets\t852992179989\tzinc-mineral-supplements\t"
		"11.99\thttps://img.example/zn-1.jpg\t\t\t\t\t2\n";
	char text[4096];
	snprintf(text, sizeof text, head, "39.99");
	char *path = temp_file(text);
	struct import_options o = {0};
	struct import_stats st;
	char *err = NULL;
	assert_int_equal(import_run(c, path, &o, &st, &err), 0);
	assert_int_equal(st.imported, 2);
	assert_int_equal(scalar(c, "SELECT count(*) FROM products p JOIN categories c ON"
	                           " c.id = p.category_id WHERE p.source_id = 'WH-1' AND"
	                           " c.name = 'Whey protein powders' AND p.price_cents = 3999 AND"
	                           " p.image = 'https://img.example/wh-1-ch.jpg'"),
	                 1);
	assert_int_equal(scalar(c, "SELECT count(*) FROM products WHERE source_id = 'ZN-1'"), 1);
	assert_int_equal(scalar(c, "SELECT count(*) FROM categories WHERE name GLOB '*_SUPPLEMENT*'"),
	                 0);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes WHERE hidden = 0 AND"
	                           " (key LIKE '%parent%' OR key LIKE '%handling%' OR key LIKE"
	                           " '%theme%' OR key LIKE '%latency%' OR key LIKE '%product id%')"),
	                 0);
	/* again: the catalog has them */
	assert_int_equal(import_run(c, path, &o, &st, &err), -1);
	assert_non_null(strstr(err, "line 4, field id: duplicate id \"WH-1\""));
	assert_non_null(strstr(err, "--replace"));
	free(err);
	err = NULL;
	unlink(path);
	free(path);

	snprintf(text, sizeof text, head, "abc");
	path = temp_file(text);
	o.replace = true;
	assert_int_equal(import_run(c, path, &o, &st, &err), -1);
	assert_non_null(strstr(err, "line 5, field Standard Price: \"abc\" is not a price"));
	free(err);
	unlink(path);
	free(path);
}

/* A column whose name ends in "unit of measure" (Amazon's
 * "item_weight_unit_of_measure") is the unit of the column named by the
 * words before it: one measure, "500 g", not two facts. */
static void test_unit_of_measure_column(void **state)
{
	catalog *c = *state;
	lang *pack = import_words();
	struct measure_units *units = NULL;
	char *err = NULL;
	assert_int_equal(measure_units_load(CLERK_ASSETS_DIR "/units.txt", &units, &err), 0);
	char *path = temp_file("sku,name,price,item_weight,item_weight_unit_of_measure\n"
	                       "Z1,Zinc Tablets,11.99,500,Grams\n");
	struct import_options o = {.units = units, .pack = pack};
	size_t n;
	assert_int_equal(run(c, path, &o, &n, &err), 0);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes WHERE key = 'item weight' AND"
	                           " value = '500 g' AND hidden = 0"),
	                 1);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes WHERE key LIKE '%measure%'"),
	                 0);
	unlink(path);
	free(path);
	measure_units_free(units);
	lang_free(pack);
}

/* eBay's File Exchange CSV, known by its header without --preset: the
 * start price is the price in the currency the Action column names, the
 * item specifics ("C:Brand", "C:Type", "C:Colour") the brand, kind and
 * colour, the others facts named without "C:" whose "|" lists are one
 * value each; the condition id in words; shipping and returns one fact
 * each; the first picture; the listing's settings (format, duration,
 * PayPal, the category's number, dispatch time, location) no facts. */
static void test_ebay_file_exchange(void **state)
{
	catalog *c = *state;
	lang *pack = import_words();
	struct import_options o = {.pack = pack};
	size_t n;
	char *err = NULL;
	assert_int_equal(run(c, "ebay_file_exchange.csv", &o, &n, &err), 0);
	assert_int_equal(n, 4);
	/* a listing with variations: its "Variation" rows are its colours,
	 * each with its price and stock (the lowest price the listing's,
	 * the first picture its); a row of what it fits is no product */
	assert_int_equal(scalar(c, "SELECT count(*) FROM products WHERE source_id = 'MG-1' AND"
	                           " price_cents = 1000 AND stock = 3 AND image ="
	                           " 'https://img.example/mg1-teal.jpg'"),
	                 1);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes WHERE hidden = 1 AND key ="
	                           " 'variant price' AND value IN ('Teal=1200', 'Grey=1000')"),
	                 2);
	/* a new listing (no ItemID yet) is known by its custom label */
	assert_int_equal(scalar(c, "SELECT count(*) FROM products p JOIN brands b ON b.id ="
	                           " p.brand_id JOIN categories c ON c.id = p.category_id WHERE"
	                           " p.source_id = 'KT-100' AND b.name = 'Breville' AND c.name ="
	                           " 'Electric Kettle' AND p.price_cents = 3999 AND p.currency ="
	                           " 'GBP' AND p.stock = 4 AND p.color = 'Cream' AND p.image ="
	                           " 'https://img.example/kt100-a.jpg'"),
	                 1);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes WHERE hidden = 0 AND"
	                           " key = 'features' AND value IN ('Cordless', 'Limescale Filter',"
	                           " 'Boil-Dry Protection')"),
	                 3);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes WHERE hidden = 0 AND"
	                           " key = 'wattage'"),
	                 3);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes a JOIN products p ON p.id ="
	                           " a.product_id WHERE a.key = 'condition' AND ((p.source_id ="
	                           " '394400000002' AND a.value = 'Used') OR (p.source_id ="
	                           " '394400000003' AND a.value = 'For parts or not working'))"),
	                 2);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes WHERE key = 'condition"
	                           " description' AND value = 'Does not heat.'"),
	                 1);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes a JOIN products p ON p.id ="
	                           " a.product_id WHERE p.source_id = 'KT-100' AND ((a.key ="
	                           " 'shipping' AND a.value LIKE 'free, %') OR (a.key = 'returns'"
	                           " AND a.value = 'accepted within 30 days, free return"
	                           " shipping'))"),
	                 2);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes WHERE key = 'shipping' AND"
	                           " value LIKE '3.20 GBP, %'"),
	                 2);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes WHERE key = 'returns' AND"
	                           " value = 'not accepted'"),
	                 1);
	/* no listing setting, no "c ..." name, no number as a category */
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes WHERE hidden = 0 AND"
	                           " (key LIKE 'c %' OR key LIKE '%format%' OR key LIKE"
	                           " '%duration%' OR key LIKE '%pay pal%' OR key LIKE '%category%'"
	                           " OR key LIKE '%dispatch%' OR key LIKE '%location%' OR key LIKE"
	                           " '%postal%' OR key LIKE '%action%' OR key LIKE '%label%' OR"
	                           " key LIKE '%condition id%' OR key LIKE '%shipping service%')"),
	                 0);
	assert_int_equal(scalar(c, "SELECT count(*) FROM categories WHERE name GLOB '[0-9]*'"), 0);
	lang_free(pack);
}

/* Seller Hub's download (no Action column; the category by name, a
 * currency column) and a cut file with --preset ebay: the category's
 * name is the category, its number none, the item specific's kind a
 * fact beside it. */
static void test_ebay_category_by_name(void **state)
{
	catalog *c = *state;
	struct import_options o = {0};
	size_t n;
	char *err = NULL;
	assert_int_equal(run(c, "ebay_seller_hub.csv", &o, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_int_equal(scalar(c, "SELECT count(*) FROM products p JOIN categories c ON c.id ="
	                           " p.category_id WHERE p.source_id = '195500000001' AND c.name ="
	                           " 'Camera Lenses' AND p.currency = 'EUR' AND p.price_cents ="
	                           " 12900"),
	                 1);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes WHERE key = 'type' AND value ="
	                           " 'Standard' AND hidden = 0"),
	                 1);
	char *path = temp_file("Title,StartPrice,Brand,Category\nLens cap,5.00,Nikon,3323\n");
	o.preset = PRESET_EBAY;
	assert_int_equal(run(c, path, &o, &n, &err), 0);
	assert_int_equal(scalar(c, "SELECT count(*) FROM products WHERE name = 'Lens cap' AND"
	                           " price_cents = 500 AND category_id IS NULL"),
	                 1);
	unlink(path);
	free(path);
}

/* --map naming a column the file does not have fails before anything is
 * written, naming it; one the file has, even empty in every row, is
 * fine. */
static void test_map_names_missing_column(void **state)
{
	catalog *c = *state;
	char *path = temp_file("sku,title,cost,maker\nA1,Kettle,9.99,\n");
	struct import_options o = {.map = "price=cost,brand=Brand Name"};
	size_t n;
	char *err = NULL;
	assert_int_equal(run(c, path, &o, &n, &err), -1);
	assert_non_null(strstr(err, "--map brand=Brand Name: "));
	assert_non_null(strstr(err, "has no column \"Brand Name\""));
	free(err);
	err = NULL;
	assert_int_equal(scalar(c, "SELECT count(*) FROM products"), 0);
	o.map = "price=cost,brand=maker";
	assert_int_equal(run(c, path, &o, &n, &err), 0);
	assert_int_equal(scalar(c, "SELECT price_cents FROM products WHERE source_id = 'A1'"), 999);
	unlink(path);
	free(path);

	path = temp_file("[{\"sku\": \"J1\", \"title\": \"Jug\", \"pricing\": {\"list\": 3}}]");
	o.map = "price=pricing.lst";
	o.format = IMPORT_JSON;
	assert_int_equal(run(c, path, &o, &n, &err), -1);
	assert_non_null(strstr(err, "has no key with a value \"pricing.lst\""));
	free(err);
	unlink(path);
	free(path);
}

/* Ages in years ("mfg_minimum_unit_of_measure": years), and a maximum too
 * large to be an age (it overflowed when made months): no end. */
static void test_amazon_ages_in_years(void **state)
{
	catalog *c = *state;
	char *path = temp_file("item_sku\titem_name\tstandard_price\tupdate_delete\tmfg_minimum\t"
	                       "mfg_maximum\tmfg_minimum_unit_of_measure\n"
	                       "A\tKite\t5\tUpdate\t3\t99999999999999999999\tyears\n"
	                       "B\tRattle\t4\tUpdate\t6\t24\tmonths\n");
	struct import_options o = {0};
	struct import_stats st;
	char *err = NULL;
	assert_int_equal(import_run(c, path, &o, &st, &err), 0);
	assert_int_equal(scalar(c, "SELECT count(*) FROM products WHERE name = 'Kite' AND"
	                           " features LIKE '%ages:3 years and up%'"),
	                 1);
	assert_int_equal(scalar(c, "SELECT count(*) FROM products WHERE name = 'Rattle' AND"
	                           " features LIKE '%ages:6-24 months%'"),
	                 1);
	unlink(path);
	free(path);
}

/* A variation that comes before the parent it names is a product of its
 * own (nothing is held yet); it read the held product's missing id. */
static void test_child_before_parent(void **state)
{
	catalog *c = *state;
	char *path = temp_file("sku\tname\tprice\tparent_sku\n"
	                       "A\tWidget Red\t5\tP\n"
	                       "P\tWidget\t\t\n");
	struct import_options o = {0};
	struct import_stats st;
	char *err = NULL;
	assert_int_equal(import_run(c, path, &o, &st, &err), 0);
	assert_int_equal(scalar(c, "SELECT count(*) FROM products WHERE name = 'Widget Red'"), 1);
	unlink(path);
	free(path);
}

/* "Number of Pieces" holds a count of pieces: its name stays whole (it
 * was "number of: 500 pcs") and its values keep the unit for filters. */
static void test_number_of_unit(void **state)
{
	catalog *c = *state;
	char *path = temp_file("id,name,price,Number of Pieces\n1,Night Puzzle,5.00,500\n");
	struct measure_units *units = NULL;
	char *err = NULL;
	assert_int_equal(measure_units_load(CLERK_ASSETS_DIR "/units.txt", &units, &err), 0);
	struct import_options o = {.units = units};
	struct import_stats st;
	assert_int_equal(import_run(c, path, &o, &st, &err), 0);
	assert_int_equal(scalar(c, "SELECT count(*) FROM products WHERE features LIKE"
	                           " '%number of pieces:500 pcs%'"),
	                 1);
	measure_units_free(units);
	unlink(path);
	free(path);
}

/* A measure said as the most or about ("Up to 18 hours", "approx. 40
 * hours", "~1.2 kg") is the measure, which "longest battery life" and
 * "lightest" rank on; a qualifier before no measure stays as written. */
static void test_qualified_measures(void **state)
{
	catalog *c = *state;
	char *path = temp_file("id,name,price,Battery Life,Weight,Fit\n"
	                       "1,Tab,5.00,Up to 18 hours,~1.2 kg,about right\n"
	                       "2,Pad,5.00,approx. 40 hours,Approximately 900 g,snug\n"
	                       "3,Note,5.00,12 hours,1 kg,loose\n");
	struct measure_units *units = NULL;
	char *err = NULL;
	assert_int_equal(measure_units_load(CLERK_ASSETS_DIR "/units.txt", &units, &err), 0);
	lang *pack = import_words();
	struct import_options o = {.units = units, .pack = pack};
	struct import_stats st;
	assert_int_equal(import_run(c, path, &o, &st, &err), 0);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes WHERE hidden = 0 AND"
	                           " ((key = 'battery life' AND value IN ('18 h', '40 h', '12 h'))"
	                           " OR (key = 'weight' AND value IN ('1.2 kg', '900 g', '1 kg')))"),
	                 6);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attribute_keys WHERE"
	                           " (key = 'battery life' AND kind = 'number' AND unit = 'h') OR"
	                           " (key = 'weight' AND kind = 'number' AND unit = 'g')"), 2);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes WHERE key = 'fit'"
	                           " AND value = 'about right'"), 1);
	lang_free(pack);
	measure_units_free(units);
	unlink(path);
	free(path);
}

/* Products priced in USD only because nothing named a currency are
 * counted, for the front end to say so: not a product whose row or price
 * names one ("12.00 EUR", "$9.00"), nor one without a price, nor any when
 * the options give one. */
static void test_unnamed_currency(void **state)
{
	catalog *c = *state;
	char *path = temp_file("id,name,price,currency\n"
	                       "1,Mug,8.50,\n"
	                       "2,Jug,12.00 EUR,\n"
	                       "3,Cup,4.00,GBP\n"
	                       "4,Bowl,,\n"
	                       "5,Pot,$9.00,\n");
	struct import_options o = {0};
	struct import_stats st;
	char *err = NULL;
	assert_int_equal(import_run(c, path, &o, &st, &err), 0);
	assert_int_equal(st.imported, 5);
	assert_int_equal(st.unnamed_currency, 1);
	assert_int_equal(scalar(c, "SELECT count(*) FROM products WHERE currency = 'USD'"), 3);
	o.currency = "EUR";
	o.replace = true;
	assert_int_equal(import_run(c, path, &o, &st, &err), 0);
	assert_int_equal(st.unnamed_currency, 0);
	unlink(path);
	free(path);
}

/* The collections and the qualifiers of a measure are the pack's words:
 * another language's ("Soldes", "environ", "jusqu'a") work as the English
 * ones do, and with no pack the paths are only told apart by depth and a
 * qualified measure stays as written. */
static void test_import_words_from_pack(void **state)
{
	catalog *c = *state;
	char *words = temp_file("[collections]\nsoldes\nnouveautes\n"
	                        "[measure_qualifiers]\nenviron\njusqu'a\n");
	char *path = temp_file("id,name,price,categories,Autonomie,Poids\n"
	                       "1,Tab,5.00,Soldes;Tablettes,jusqu'a 18 hours,environ 1.2 kg\n"
	                       "2,Pad,5.00,Nouveautés;Tablettes,12 hours,1 kg\n");
	struct measure_units *units = NULL;
	char *err = NULL;
	assert_int_equal(measure_units_load(CLERK_ASSETS_DIR "/units.txt", &units, &err), 0);
	lang *pack = lang_load(words, &err);
	assert_non_null(pack);
	struct import_options o = {.units = units, .pack = pack};
	struct import_stats st;
	assert_int_equal(import_run(c, path, &o, &st, &err), 0);
	assert_int_equal(scalar(c, "SELECT count(*) FROM products p JOIN categories k ON"
	                           " k.id = p.category_id WHERE k.path = 'Tablettes'"), 2);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes WHERE hidden = 0 AND"
	                           " value IN ('18 h', '1.2 kg')"), 2);
	/* no pack: "Soldes" is as deep as "Tablettes" and listed first */
	o.pack = NULL;
	o.replace = true;
	assert_int_equal(import_run(c, path, &o, &st, &err), 0);
	assert_int_equal(scalar(c, "SELECT count(*) FROM products p JOIN categories k ON"
	                           " k.id = p.category_id WHERE k.path = 'Tablettes'"), 0);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes WHERE hidden = 0 AND"
	                           " value = 'environ 1.2 kg'"), 1);
	lang_free(pack);
	measure_units_free(units);
	unlink(words);
	free(words);
	unlink(path);
	free(path);
}

/* A title line before the header ("Products export, 2026-05-01") is no
 * header: the header is the row after it. */
static void test_title_before_header(void **state)
{
	catalog *c = *state;
	char *path = temp_file("Products export 2026-05-01,,,\n"
	                       "id,name,price,brand\n"
	                       "1,Blue Mug,8.50,Acme\n"
	                       "2,Red Mug,9.00,Acme\n");
	struct import_options o = {0};
	struct import_stats st;
	char *err = NULL;
	assert_int_equal(import_run(c, path, &o, &st, &err), 0);
	assert_int_equal(st.imported, 2);
	assert_int_equal(scalar(c, "SELECT price_cents FROM products WHERE name = 'Red Mug'"), 900);
	unlink(path);
	free(path);
	/* a header that names few of its many columns is still the header */
	path = temp_file("id,name,price,brand,colour,,,,,,,,,,\n"
	                 "3,Green Mug,7.00,Acme,green,a,b,c,d,e,f,g,h,i,j\n");
	o.replace = true;
	assert_int_equal(import_run(c, path, &o, &st, &err), 0);
	assert_int_equal(scalar(c, "SELECT price_cents FROM products WHERE name = 'Green Mug'"), 700);
	unlink(path);
	free(path);
}

/* A feed that gives each variant a row of its own, the product's group
 * in "item_group_id" (Google Merchant's shape): a group's rows fold into
 * one product with the group's id, named by the words their titles share,
 * with each variant's colour and size, price and stock; a row without a
 * group is a product of its own. */
static void test_item_groups(void **state)
{
	catalog *c = *state;
	char *path = temp_file(
		"id\titem_group_id\ttitle\tdescription\tprice\tquantity\tcolor\tsize\tbrand\n"
		"J1\tJ\tRain Jacket - Blue / M\tLight shell.\t99.95 EUR\t3\tBlue\tM\tVaude\n"
		"J2\tJ\tRain Jacket - Blue / L\tLight shell.\t99.95 EUR\t0\tBlue\tL\tVaude\n"
		"J3\tJ\tRain Jacket - Red / M\tLight shell.\t89.95 EUR\t5\tRed\tM\tVaude\n"
		"S1\t\tTent Stakes\tSix stakes.\t12.00 EUR\t40\t\t\tMSR\n"
		"B1\tB\tDown Bag\tWarm.\t299.00 EUR\t2\t\tRegular\tRab\n"
		"B2\tB\tDown Bag\tWarm.\t319.00 EUR\t1\t\tLong\tRab\n");
	struct import_options o = {0};
	struct import_stats st;
	char *err = NULL;
	assert_int_equal(import_run(c, path, &o, &st, &err), 0);
	assert_int_equal(st.imported, 3);
	assert_int_equal(st.variants, 3);
	assert_int_equal(scalar(c, "SELECT count(*) FROM products WHERE source_id = 'J'"
	                           " AND name = 'Rain Jacket' AND price_cents = 8995 AND stock = 8"),
	                 1);
	assert_int_equal(scalar(c, "SELECT count(*) FROM products WHERE source_id = 'B'"
	                           " AND name = 'Down Bag' AND price_cents = 29900 AND stock = 3"),
	                 1);
	assert_int_equal(scalar(c, "SELECT count(*) FROM products WHERE source_id = 'S1'"
	                           " AND name = 'Tent Stakes'"),
	                 1);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes a JOIN products p ON"
	                           " p.id = a.product_id WHERE p.source_id = 'J' AND"
	                           " ((a.hidden = 0 AND a.key = 'size' AND a.value IN ('M', 'L'))"
	                           " OR (a.hidden = 0 AND a.key = 'color' AND a.value IN"
	                           "     ('Blue', 'Red'))"
	                           " OR (a.hidden = 1 AND a.key = 'variant price' AND a.value IN"
	                           "     ('Blue, M=9995', 'Blue, L=9995', 'Red, M=8995'))"
	                           " OR (a.hidden = 1 AND a.key = 'variant stock' AND a.value IN"
	                           "     ('Blue, M=3', 'Blue, L=0', 'Red, M=5')))"),
	                 10);
	unlink(path);
	free(path);
}

/* A Shopware product export: "price_gross" is the price, "price_net"
 * and the purchase prices beside it are the shop's own figures (hidden),
 * and categories written as the shop's ids are no category. */
static void test_shopware_columns(void **state)
{
	catalog *c = *state;
	char *path = temp_file(
		"id;product_number;active;stock;name;price_net;price_gross;purchase_prices_net;"
		"purchase_prices_gross;categories;sales_channel\n"
		"7db305b4c9cd0cf4913222d44bbcd1d2;SW1;1;7;Hubba Tent;411.72268907563;489.95;"
		"226.44537815126;269.47;d26b78dc5e07967e0f3f33c570ad6742|82a82ef5a8f04a21b1c5b4e1d8a3c7f2;"
		"98432def39fc4624b33213a56b8c944d\n");
	struct import_options o = {0};
	struct import_stats st;
	char *err = NULL;
	assert_int_equal(import_run(c, path, &o, &st, &err), 0);
	assert_int_equal(st.imported, 1);
	assert_int_equal(scalar(c, "SELECT price_cents FROM products"), 48995);
	assert_int_equal(scalar(c, "SELECT category_id IS NULL FROM products"), 1);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes WHERE hidden = 0 AND"
	                           " (key LIKE '%price%' OR key LIKE '%channel%')"),
	                 0);
	unlink(path);
	free(path);
}

/* A Magento 2 export: a configurable product's children ("Not Visible
 * Individually", before or after it) fold into it with their prices and
 * stock; "additional_attributes" are attributes of their own (the brand
 * is the brand); a special price whose end date is past is no price. */
static void test_magento_export(void **state)
{
	catalog *c = *state;
	char *path = temp_file(
		"sku,store_view_code,product_type,name,visibility,price,special_price,"
		"special_price_to_date,qty,is_in_stock,additional_attributes,configurable_variations,"
		"gift_message_available,categories,configurable_variation_labels,page_layout,weight\n"
		"DF-5,,simple,Dog Food 5 lb,Not Visible Individually,20.00,,,10,1,size=5 lb,,,,,,5\n"
		"DF,,configurable,Dog Food,\"Catalog, Search\",,,,0,1,"
		"\"brand=Purina,flavor=Chicken\","
		"\"sku=DF-25,bag_size=25 lb|sku=DF-5,bag_size=5 lb|sku=DF-15,bag_size=15 lb\","
		"Use config,\"Default Category/Dogs/Food/Dry Food,Default Category/Brands/Purina\","
		"bag_size=Bag,1 column,5\n"
		"DF,fr,configurable,Croquettes,\"Catalog, Search\",,,,,,,,,,,,\n"
		"DF-15,,simple,Dog Food 15 lb,Not Visible Individually,50.00,45.00,,4,1,size=15 lb,,,,,,15\n"
		"DF-25,,simple,Dog Food 25 lb,Not Visible Individually,80.00,,,0,0,size=25 lb,,,,,,25\n"
		"BED,,simple,Dog Bed,\"Catalog, Search\",80.00,60.00,12/31/21,3,1,"
		"\"brand=Snoozer,fill_type=Memory foam\",,,"
		"Default Category/Dogs/Beds,,1 column,4.5000\n");
	struct import_options o = {0};
	struct import_stats st;
	char *err = NULL;
	assert_int_equal(import_run(c, path, &o, &st, &err), 0);
	assert_int_equal(st.imported, 2);
	assert_int_equal(scalar(c, "SELECT price_cents FROM products WHERE source_id = 'DF'"), 2000);
	assert_int_equal(scalar(c, "SELECT stock FROM products WHERE source_id = 'DF'"), 14);
	assert_int_equal(st.variants, 3);
	assert_int_equal(scalar(c, "SELECT count(*) FROM products p JOIN brands b ON"
	                           " b.id = p.brand_id WHERE p.source_id = 'DF'"
	                           " AND b.name = 'Purina'"), 1);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes a JOIN products p ON"
	                           " p.id = a.product_id WHERE p.source_id = 'DF' AND"
	                           " a.key = 'variant price' AND a.value IN ('5 lb=2000',"
	                           " '15 lb=4500')"), 2);
	/* every option, "5 lb" after "25 lb" too, under the option's label */
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes a JOIN products p ON"
	                           " p.id = a.product_id WHERE p.source_id = 'DF' AND"
	                           " a.key = 'bag' AND a.value = '25 lb, 5 lb, 15 lb'"), 1);
	/* a code of additional_attributes reads with spaces */
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes a JOIN products p ON"
	                           " p.id = a.product_id WHERE p.source_id = 'BED' AND"
	                           " a.key = 'fill type' AND a.value = 'Memory foam'"), 1);
	/* the back office's layout and the unitless shipping weight are no facts */
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes WHERE key IN"
	                           " ('page layout', 'weight')"), 0);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes a JOIN products p ON"
	                           " p.id = a.product_id WHERE p.source_id = 'DF' AND"
	                           " a.key = 'variant stock' AND a.value IN ('5 lb=10',"
	                           " '15 lb=4')"), 2);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes WHERE hidden = 0 AND"
	                           " (value = 'Use config' OR key LIKE 'configurable%'"
	                           " OR key = 'additional attributes')"), 0);
	/* the deepest of its categories, without Magento's root */
	assert_int_equal(scalar(c, "SELECT count(*) FROM products p JOIN categories k ON"
	                           " k.id = p.category_id WHERE p.source_id = 'DF'"
	                           " AND k.path = 'Dogs > Food > Dry Food'"), 1);
	assert_int_equal(scalar(c, "SELECT count(*) FROM products p JOIN categories k ON"
	                           " k.id = p.category_id WHERE p.source_id = 'BED'"
	                           " AND k.path = 'Dogs > Beds'"), 1);
	/* the sale ended in 2021 */
	assert_int_equal(scalar(c, "SELECT price_cents FROM products WHERE source_id = 'BED'"), 8000);
	unlink(path);
	free(path);
}

/* WooCommerce's REST API: GET /products as the file, GET
 * /products/<id>/variations as a sheet (--with): each variation folds
 * into the product its "parent_id" names with its options, own price,
 * price before its sale and stock; a private one is left out; the
 * shop's settings (download limit, menu order) are no facts. */
static void test_woocommerce_rest(void **state)
{
	catalog *c = *state;
	char *products = temp_file(
		"[{\"id\": 2101, \"name\": \"Evo Pram\", \"type\": \"variable\", \"status\": "
		"\"publish\", \"price\": \"764\", \"regular_price\": \"\", \"stock_status\": "
		"\"instock\", \"download_limit\": -1, \"menu_order\": 0, \"attributes\": [{\"id\": 1, "
		"\"name\": \"Colour\", \"options\": [\"Grey\", \"Navy\", \"Sage\"], \"variation\": "
		"true}]}]");
	char *variations = temp_file(
		"[{\"id\": 3001, \"parent_id\": 2101, \"status\": \"publish\", \"price\": \"849\", "
		"\"regular_price\": \"849\", \"sale_price\": \"\", \"stock_quantity\": 7, "
		"\"attributes\": [{\"id\": 1, \"name\": \"Colour\", \"option\": \"Grey\"}]},"
		" {\"id\": 3002, \"parent_id\": 2101, \"status\": \"publish\", \"price\": \"849\", "
		"\"regular_price\": \"849\", \"stock_quantity\": 0, \"attributes\": [{\"id\": 1, "
		"\"name\": \"Colour\", \"option\": \"Navy\"}]},"
		" {\"id\": 3003, \"parent_id\": 2101, \"status\": \"publish\", \"price\": \"764\", "
		"\"regular_price\": \"849\", \"sale_price\": \"764\", \"stock_quantity\": 2, "
		"\"attributes\": [{\"id\": 1, \"name\": \"Colour\", \"option\": \"Sage\"}]},"
		" {\"id\": 3004, \"parent_id\": 2101, \"status\": \"private\", \"price\": \"9\", "
		"\"stock_quantity\": 50, \"attributes\": [{\"id\": 1, \"name\": \"Colour\", "
		"\"option\": \"Pink\"}]}]");
	const char *sheets[] = {variations};
	struct import_options o = {.sheets = sheets, .n_sheets = 1};
	struct import_stats st;
	char *err = NULL;
	assert_int_equal(import_run(c, products, &o, &st, &err), 0);
	assert_int_equal(st.imported, 1);
	assert_int_equal(st.variants, 3);
	assert_int_equal(scalar(c, "SELECT price_cents FROM products WHERE source_id = '2101'"), 76400);
	assert_int_equal(scalar(c, "SELECT stock FROM products WHERE source_id = '2101'"), 9);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes WHERE"
	                           " (key = 'variant price' AND value IN ('Grey=84900', 'Sage=76400'))"
	                           " OR (key = 'variant was price' AND value = 'Sage=84900')"
	                           " OR (key = 'variant stock' AND value = 'Navy=0')"), 4);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes WHERE value LIKE 'Pink%'"), 0);
	/* the colours once, and no settings among the facts */
	assert_int_equal(scalar(c, "SELECT count(DISTINCT key) FROM attributes WHERE hidden = 0"
	                           " AND key LIKE 'colo%'"), 1);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes a JOIN attribute_keys k"
	                           " ON k.key = a.key WHERE a.key IN ('download limit', 'menu order')"
	                           " AND k.kind <> 'hidden'"), 0);
	unlink(products);
	unlink(variations);
	free(products);
	free(variations);
}

static void test_orders(void **state)
{
	catalog *c = *state;
	struct import_options o = {0};
	size_t n;
	char *err = NULL;
	assert_int_equal(run(c, "products.csv", &o, &n, &err), 0);
	o.orders = true;
	assert_int_equal(run(c, "orders.csv", &o, &n, &err), 0);
	assert_int_equal(n, 4);
	assert_int_equal(scalar(c, "SELECT total_cents FROM orders WHERE source_id='10422'"), 5849);
	assert_int_equal(scalar(c, "SELECT count(*) FROM order_items WHERE product_id IS NULL"), 0);
	assert_int_equal(run(c, "orders.csv", &o, &n, &err), -1);
	assert_non_null(strstr(err, "already in the database"));
	free(err);
	assert_int_equal(scalar(c, "SELECT count(*) FROM order_items"), 4);
}

/* Order prices that say no currency are in the one named (--currency),
 * else in the catalog's products' own (a GBP shop's orders are GBP). */
static void test_order_currency(void **state)
{
	catalog *c = *state;
	char *products = temp_file("id,name,price\nP1,Paracetamol,0.79 GBP\nP2,Plasters,2.49 GBP\n");
	char *orders = temp_file("order_id,customer,product,quantity,price,date,status\n"
	                         "1038,c1,P1,2,0.79,2026-10-14,delivered\n");
	char *more = temp_file("order_id,customer,product,quantity,price,date,status\n"
	                       "1039,c1,P2,1,2.49,2026-10-15,delivered\n");
	struct import_options o = {0};
	struct import_stats st;
	char *err = NULL;
	assert_int_equal(import_run(c, products, &o, &st, &err), 0);
	o.orders = true;
	assert_int_equal(import_run(c, orders, &o, &st, &err), 0);
	assert_int_equal(scalar(c, "SELECT count(*) FROM orders WHERE source_id = '1038'"
	                           " AND currency = 'GBP' AND total_cents = 158"),
	                 1);
	o.currency = "EUR";
	assert_int_equal(import_run(c, more, &o, &st, &err), 0);
	assert_int_equal(scalar(c, "SELECT count(*) FROM orders WHERE source_id = '1039'"
	                           " AND currency = 'EUR'"),
	                 1);
	char *paths[] = {products, orders, more};
	for (size_t i = 0; i < 3; i++) {
		unlink(paths[i]);
		free(paths[i]);
	}
}

static void test_order_values(void **state)
{
	(void)state;
	assert_string_equal(import_order_status("Shipped"), "shipped");
	assert_string_equal(import_order_status("COMPLETED"), "delivered");
	assert_string_equal(import_order_status("canceled"), "cancelled");
	assert_string_equal(import_order_status("in transit"), "shipped");
	assert_null(import_order_status("lost"));
	char d[32];
	assert_int_equal(import_order_date("2026-11-20", d), 0);
	assert_string_equal(d, "2026-11-20T00:00:00Z");
	assert_int_equal(import_order_date("2026-11-20T10:00:00+02:00", d), 0);
	assert_string_equal(d, "2026-11-20T08:00:00Z");
	assert_int_equal(import_order_date("2024-02-29 23:59", d), 0);
	assert_int_equal(import_order_date("2026-02-29", d), -1);
	assert_int_equal(import_order_date("20/11/2026", d), -1);
	assert_int_equal(import_order_date("2026-11-20 junk", d), -1);
}

static void test_numbers(void **state)
{
	(void)state;
	int64_t i;
	double d;
	assert_int_equal(record_parse_int("1,234", &i), 0);
	assert_int_equal(i, 1234);
	assert_int_equal(record_parse_int("12.0", &i), 0);
	assert_int_equal(i, 12);
	assert_int_equal(record_parse_int("12.5", &i), -1);
	assert_int_equal(record_parse_int("many", &i), -1);
	/* out of range: refused, never converted (undefined behaviour) */
	assert_int_equal(record_parse_int("1e300", &i), -1);
	assert_int_equal(record_parse_int("-1e19", &i), -1);
	assert_int_equal(record_parse_double(" 4.5 ", &d), 0);
	assert_true(d == 4.5);
	assert_int_equal(record_parse_double("nan", &d), -1);
}

/* One product's mapped fields as one line, for comparing catalogs. */
static char *fields_of(catalog *c, const char *id)
{
	sqlite3_stmt *st = catalog_prepare(
		c,
		"SELECT p.name || '|' || coalesce(b.name, '') || '|' || coalesce(cat.path, '') || '|'"
		" || p.description || '|' || coalesce(p.price_cents, '') || '|' || p.currency || '|'"
		" || coalesce(p.rating, '') || '|' || p.review_count || '|' || coalesce(p.stock, '')"
		" FROM products p LEFT JOIN brands b ON b.id = p.brand_id"
		" LEFT JOIN categories cat ON cat.id = p.category_id WHERE p.source_id = ?1",
		NULL);
	assert_non_null(st);
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	char *line = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return line;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	struct buf b;
	buf_init(&b);
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	while (b.len && (b.s[b.len - 1] == '\n' || b.s[b.len - 1] == '\r'))
		b.s[--b.len] = '\0';
	return buf_detach(&b);
}

/* The grocer feed imports without its --map with the same fields. */
static void test_unseen_feed_without_map(void **state)
{
	catalog *c = *state, *mapped = NULL;
	char *err = NULL;
	assert_int_equal(catalog_open(":memory:", &mapped, &err), 0);
	const char *feed = FIXTURES_DIR "/dialogue/grocer/products.jsonl";
	char *map = slurp(FIXTURES_DIR "/dialogue/grocer/products.map");
	struct import_options with = {.map = map}, without = {0};
	size_t n, m;
	assert_int_equal(run(mapped, feed, &with, &m, &err), 0);
	assert_int_equal(run(c, feed, &without, &n, &err), 0);
	assert_int_equal(n, 99);
	assert_int_equal(m, 99);
	sqlite3_stmt *ids = catalog_prepare(mapped, "SELECT source_id FROM products", NULL);
	size_t compared = 0;
	while (sqlite3_step(ids) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(ids, 0);
		char *a = fields_of(mapped, id), *b = fields_of(c, id);
		if (strcmp(a, b))
			fail_msg("%s with --map:\n  %s\nwithout:\n  %s", id, a, b);
		free(a);
		free(b);
		compared++;
	}
	sqlite3_finalize(ids);
	assert_int_equal(compared, 99);
	/* And the image the map left out. */
	assert_int_equal(scalar(c, "SELECT count(*) FROM products WHERE image LIKE 'https://%'"), 99);
	free(map);
	catalog_close(mapped);
}

static void expect_fields(catalog *c, const char *id, const char *want)
{
	char *got = fields_of(c, id);
	if (strcmp(got, want))
		fail_msg("%s:\n  got  %s\n  want %s", id, got, want);
	free(got);
}

/* Feeds in other shapes, imported without --map: a shop's nested API
 * export, a cosmetics feed with pricing / ratingSummary / inventory
 * objects, a flat CSV with odd headers. */
static void test_other_shapes_without_map(void **state)
{
	catalog *c = *state;
	struct import_options o = {0};
	size_t n;
	char *err = NULL;
	assert_int_equal(run(c, "shop_export.json", &o, &n, &err), 0);
	assert_int_equal(n, 2);
	/* title, vendor, product_type, body_html (its address scrubbed),
	 * variants[0].price, variants[0].inventory_quantity; tags; image.src */
	expect_fields(c, "7301", "Harbour Crew Tee|Harbour Goods|Apparel > T-Shirts|Soft organic "
	                         "cotton tee with a relaxed fit.\nQuestions? Write to .|2400|USD||0|6");
	assert_int_equal(scalar(c, "SELECT count(*) FROM products WHERE tags = 'cotton, organic, summer'"
	                           " AND image = 'https://cdn.harbour.example/files/hct-navy.jpg'"),
	                 1);
	assert_int_equal(run(c, "cosmetics.jsonl", &o, &n, &err), 0);
	/* sku, productName, brandName, categoryPath[], longDescription,
	 * pricing.salePrice below pricing.listPrice, pricing.currency,
	 * ratingSummary.average / .count, inventory.quantity; the rating and
	 * count from the reviews when the feed gives none. */
	expect_fields(c, "BC-101", "Hydra Calm Moisturiser|Lumen Skin|Skincare > Moisturisers|A light "
	                           "daily cream for dry and sensitive skin. Fragrance free. Wholesale "
	                           "enquiries:|1950|EUR|4.4|128|12");
	expect_fields(c, "BC-102", "Night Repair Serum|Lumen Skin|Skincare > Serums|Overnight serum "
	                           "with retinol.|3900|EUR|3.5|2|0");
	assert_int_equal(scalar(c, "SELECT count(*) FROM products WHERE image LIKE '%_thumb.jpg'"), 3);
	assert_int_equal(run(c, "odd_headers.csv", &o, &n, &err), 0);
	/* Item No., Product Title, Maker, Dept + Aisle, Unit Price, Qty
	 * Available, Avg. Stars, # Reviews; Image URL. */
	expect_fields(c, "PX-7", "Pixel Trail Phone|Nimbus|Electronics > Phones||49900|USD|4.3|210|8");
	expect_fields(c, "TB-1", "Nimbus Tab 11|Nimbus|Electronics > Tablets||39900|USD|4.1|45|12");
	assert_int_equal(scalar(c, "SELECT count(*) FROM products WHERE image LIKE 'https://img.example/%'"),
	                 3);
	/* The contact column is nowhere. */
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes WHERE value LIKE '%nimbus.example%'"
	                           " OR key LIKE '%email%'"),
	                 0);
}

/* A schema.org Product in JSON-LD: the format's own keys are not
 * attributes, its availability is a URL, its reviews are reviews. */
static void test_schema_org_product(void **state)
{
	catalog *c = *state;
	char *path = temp_file(
		"{\"@context\": \"https://schema.org\", \"@type\": \"Product\", \"sku\": \"S1\","
		" \"name\": \"Trail Bottle\", \"brand\": {\"@type\": \"Brand\", \"name\": \"Peak\"},"
		" \"gtin13\": \"4006381333931\", \"image\": \"https://x.example/b.jpg\","
		" \"offers\": {\"@type\": \"Offer\", \"price\": \"19.99\", \"priceCurrency\": \"EUR\","
		"  \"availability\": \"https://schema.org/OutOfStock\", \"url\": \"https://x.example/b\"},"
		" \"aggregateRating\": {\"@type\": \"AggregateRating\", \"ratingValue\": 4.4,"
		"  \"reviewCount\": 89},"
		" \"review\": [{\"@type\": \"Review\", \"author\": {\"@type\": \"Person\", \"name\": \"Ann\"},"
		"  \"reviewRating\": {\"@type\": \"Rating\", \"ratingValue\": 8, \"bestRating\": 10},"
		"  \"reviewBody\": \"Keeps water cold all day.\"}],"
		" \"additionalProperty\": [{\"@type\": \"PropertyValue\", \"name\": \"Capacity\","
		"  \"value\": 750, \"unitText\": \"ml\"}]}\n");
	struct import_options o = {0};
	size_t n;
	char *err = NULL;
	assert_int_equal(run(c, path, &o, &n, &err), 0);
	expect_fields(c, "S1", "Trail Bottle|Peak|||1999|EUR|4.4|89|0");
	assert_int_equal(scalar(c, "SELECT count(*) FROM reviews WHERE author = 'Ann' AND rating = 4"
	                           " AND body = 'Keeps water cold all day.'"),
	                 1);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes WHERE key = 'capacity'"
	                           " AND value = '750 ml'"),
	                 1);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attribute_keys WHERE kind <> 'hidden'"
	                           " AND (key LIKE '%type%' OR key LIKE '%context%' OR key LIKE '%url%')"),
	                 0);
	unlink(path);
	free(path);
}

/* A colour temperature in kelvin ("2700" with its unit "KELVIN", or
 * "4000 kelvin") is a measure, shown "2700 K". */
static void test_kelvin_is_a_measure(void **state)
{
	catalog *c = *state;
	struct measure_units *units = NULL;
	char *err = NULL;
	assert_int_equal(measure_units_load(CLERK_ASSETS_DIR "/units.txt", &units, &err), 0);
	char *path = temp_file("id,name,colour_temperature,colour_temperature_unit,light\n"
	                       "B1,Filament bulb,2700,KELVIN,\nB2,Daylight bulb,,,4000 kelvin\n");
	struct import_options o = {.units = units};
	struct import_stats st;
	assert_int_equal(import_run(c, path, &o, &st, &err), 0);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes WHERE"
	                           " (key = 'colour temperature' AND value = '2700 \u212a')"
	                           " OR (key = 'light' AND value = '4000 \u212a')"),
	                 2);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attribute_keys WHERE"
	                           " key = 'colour temperature' AND dimension = 'temperature'"),
	                 1);
	measure_units_free(units);
	unlink(path);
	free(path);
}

/* ---- Akeneo PIM's product export (tests/fixtures/import/akeneo_*.csv) ---- */

/* Imports the Akeneo fixture (with the models sheet when models), the
 * units table loaded, into c; returns the stats. */
static struct import_stats akeneo_import(catalog *c, bool models, const char *currency)
{
	struct measure_units *units = NULL;
	char *err = NULL;
	assert_int_equal(measure_units_load(CLERK_ASSETS_DIR "/units.txt", &units, &err), 0);
	const char *sheets[] = {FIXTURES_DIR "/import/akeneo_models.csv"};
	struct import_options o = {.units = units, .sheets = sheets, .n_sheets = models,
	                           .currency = currency};
	struct import_stats st;
	int rc = import_run(c, FIXTURES_DIR "/import/akeneo_products.csv", &o, &st, &err);
	if (rc < 0)
		fprintf(stderr, "%s\n", err);
	assert_int_equal(rc, 0);
	measure_units_free(units);
	return st;
}

/* How many attribute rows of product id have key (and value, when not
 * NULL), shown (hidden 0) or hidden (1). */
static int64_t attr_rows_of(catalog *c, const char *id, const char *key, const char *value,
                            int hidden)
{
	char sql[512];
	snprintf(sql, sizeof sql,
	         "SELECT count(*) FROM attributes a JOIN products p ON p.id = a.product_id"
	         " WHERE p.source_id = '%s' AND a.key = '%s' AND a.hidden = %d%s%s%s",
	         id, key, hidden, value ? " AND a.value = '" : "", value ? value : "",
	         value ? "'" : "");
	return scalar(c, sql);
}

/* The export as it comes, no --map: known by its header; the name and the
 * description of the catalog's language (en_GB, not de_DE) and of the
 * ecommerce channel (not print); attributes named without their suffixes
 * and other languages' copies no facts. */
static void test_akeneo_export_as_it_comes(void **state)
{
	catalog *c = *state;
	struct import_stats st = akeneo_import(c, false, NULL);
	/* 6 products (one disabled), 2 models of variants and 2 sub-models */
	assert_int_equal(st.imported, 9);
	assert_int_equal(scalar(c, "SELECT count(*) FROM products WHERE source_id = 'MAL-3S-TAN'"
	                           " AND name = 'Malvern 3 Seater Sofa'"
	                           " AND description LIKE 'Full-grain leather in tan%'"),
	                 1);
	assert_int_equal(attr_rows_of(c, "MAL-3S-TAN", "care instructions",
	                              "Condition twice a year.", 0),
	                 1);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes WHERE key LIKE '% en gb%'"
	                           " OR key LIKE '%de de%' OR key LIKE '%ecommerce%'"
	                           " OR key LIKE '%print%' OR value LIKE '%pflegen%'"
	                           " OR value LIKE '%catalogue prints%'"),
	                 0);
	/* related products (an association) are no fact of the product */
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes WHERE key LIKE '%sell%'"
	                           " OR value LIKE '%NOR-RND%'"),
	                 0);
	/* a second export of another language, in a French catalog: its
	 * locale, and the ecommerce channel over mobile and print */
	char *path = temp_file("sku;enabled;family;name-en_GB;name-fr_FR;description-fr_FR-mobile;"
	                       "description-fr_FR-ecommerce;description-fr_FR-print;price-EUR\n"
	                       "LAMP-1;1;lamps;Desk lamp;Lampe de bureau;Courte.;"
	                       "<p>Une lampe en acier.</p>;Pour le catalogue.;89.00\n");
	catalog_close(c);
	char *err = NULL;
	assert_int_equal(catalog_open(":memory:", &c, &err), 0);
	*state = c;
	assert_int_equal(index_language_set(c, "french", NULL, &err), 0);
	struct import_options o = {0};
	assert_int_equal(import_run(c, path, &o, &st, &err), 0);
	assert_int_equal(scalar(c, "SELECT count(*) FROM products WHERE name = 'Lampe de bureau'"
	                           " AND description = 'Une lampe en acier.'"),
	                 1);
	unlink(path);
	free(path);
}

/* Prices: the currency of --currency, else the file's first, sets the
 * currency; other currencies are no facts; an empty price in it is no
 * price, never another currency's; a special price on between its dates
 * is the price, the price before it kept; one whose dates ran out is
 * not. Cost prices are hidden. */
static void test_akeneo_prices(void **state)
{
	catalog *c = *state;
	akeneo_import(c, false, NULL);
	assert_int_equal(scalar(c, "SELECT price_cents FROM products WHERE source_id = 'MAL-3S-TAN'"
	                           " AND currency = 'GBP'"),
	                 159900);
	assert_int_equal(scalar(c, "SELECT price_cents IS NULL FROM products"
	                           " WHERE source_id = 'RAV-MRB-TBL' AND currency = 'GBP'"),
	                 1);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes WHERE key LIKE 'price%'"
	                           " OR value LIKE '%EUR%'"),
	                 0);
	assert_int_equal(scalar(c, "SELECT price_cents FROM products WHERE source_id = 'KIP-SB-DGR'"),
	                 44900);
	assert_int_equal(attr_rows_of(c, "KIP-SB-DGR", "was price", "549.00", 0), 1);
	assert_int_equal(scalar(c, "SELECT price_cents FROM products WHERE source_id = 'NOR-RND-TBL'"),
	                 34900);
	assert_int_equal(attr_rows_of(c, "MAL-3S-TAN", "cost price", NULL, 1), 1);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes WHERE hidden = 0 AND"
	                           " (key LIKE 'cost%' OR key LIKE '%date%' OR key = 'ean')"),
	                 0);
	/* --currency EUR: the EUR prices, the GBP-only special price none */
	catalog_close(c);
	char *err = NULL;
	assert_int_equal(catalog_open(":memory:", &c, &err), 0);
	*state = c;
	akeneo_import(c, false, "EUR");
	assert_int_equal(scalar(c, "SELECT price_cents FROM products WHERE source_id = 'RAV-MRB-TBL'"
	                           " AND currency = 'EUR'"),
	                 139900);
	assert_int_equal(scalar(c, "SELECT price_cents FROM products WHERE source_id = 'KIP-SB-DGR'"),
	                 63900);
}

/* Variant rows fold into one product per model, without the models
 * sheet too: named by the variants' name, options the attribute that
 * tells them apart (the colour; not the lead time, which varies too),
 * each variant's own price, price before its sale and stock; a disabled
 * variant is no option. */
static void test_akeneo_variants_fold(void **state)
{
	catalog *c = *state;
	struct import_stats st = akeneo_import(c, false, NULL);
	assert_int_equal(st.variants, 7);
	assert_int_equal(st.unlisted, 2);
	assert_int_equal(scalar(c, "SELECT count(*) FROM products WHERE source_id GLOB 'HAR-3S*'"
	                           " OR source_id GLOB 'ELL-*'"),
	                 0);
	assert_int_equal(scalar(c, "SELECT price_cents FROM products WHERE source_id = 'harlow_sofa_3s'"
	                           " AND name = 'Harlow 3 Seater Sofa'"),
	                 89900);
	assert_int_equal(attr_rows_of(c, "harlow_sofa_3s", "variant price", "Dark grey=89900", 1), 1);
	assert_int_equal(attr_rows_of(c, "harlow_sofa_3s", "variant price", "Sage green=89900", 1), 1);
	assert_int_equal(attr_rows_of(c, "harlow_sofa_3s", "color", NULL, 0), 2);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes WHERE value LIKE '%Oatmeal%'"), 0);
	/* the corner sofa's hands; the right-hand one on sale and out of stock */
	assert_int_equal(attr_rows_of(c, "ellis_corner_sofa", "variant price", "Left hand=129900", 1),
	                 1);
	assert_int_equal(
		attr_rows_of(c, "ellis_corner_sofa", "variant was price", "Right hand=129900", 1), 1);
	assert_int_equal(attr_rows_of(c, "ellis_corner_sofa", "variant stock", "Right hand=0", 1), 1);
	/* the left-hand one can be had, how many is not said */
	assert_int_equal(scalar(c, "SELECT stock IS NULL FROM products"
	                           " WHERE source_id = 'ellis_corner_sofa'"),
	                 1);
	/* without the sheet, each sub-model is a product */
	assert_int_equal(scalar(c, "SELECT count(*) FROM products WHERE source_id IN"
	                           " ('linen_cushion_45', 'linen_cushion_60')"),
	                 2);
}

/* The models sheet (--with product_models.csv), known by its header: a
 * sub-model's variants fold into the model above it, with the options
 * that tell them apart (colour and size), its name and its categories;
 * given in the place of the products, it says to give it with --with. */
static void test_akeneo_models_sheet(void **state)
{
	catalog *c = *state;
	struct import_stats st = akeneo_import(c, true, NULL);
	assert_int_equal(st.imported, 8);
	assert_int_equal(scalar(c, "SELECT count(*) FROM products WHERE source_id = 'linen_cushion'"
	                           " AND name = 'Stonewashed Linen Cushion' AND price_cents = 2500"),
	                 1);
	assert_int_equal(
		attr_rows_of(c, "linen_cushion", "variant price", "Sage green, 60x60=3200", 1), 1);
	assert_int_equal(attr_rows_of(c, "linen_cushion", "size", NULL, 0), 2);
	assert_int_equal(scalar(c, "SELECT count(*) FROM products WHERE source_id = 'linen_cushion'"
	                           " AND tags LIKE '%Gifts%'"),
	                 1);
	struct import_options o = {0};
	char *err = NULL;
	assert_int_equal(import_run(c, FIXTURES_DIR "/import/akeneo_models.csv", &o, &st, &err), -1);
	assert_non_null(strstr(err, "product models"));
	assert_non_null(strstr(err, "--with"));
	free(err);
}

/* Option codes read as words ("Dark grey", "3-5 working days", a brand's
 * "Hartwell Finch"), a column of only 1 and 0 as yes and no, a metric
 * with its unit, KELVIN too, as a measure. */
static void test_akeneo_values_as_words(void **state)
{
	catalog *c = *state;
	akeneo_import(c, false, NULL);
	assert_int_equal(scalar(c, "SELECT count(*) FROM products p JOIN brands b ON b.id = p.brand_id"
	                           " WHERE p.source_id = 'MAL-3S-TAN' AND b.name = 'Hartwell Finch'"
	                           " AND p.color = 'Tan' AND p.material = 'Leather, Hardwood'"),
	                 1);
	assert_int_equal(attr_rows_of(c, "KIP-SB-DGR", "color", "Dark grey", 0), 1);
	assert_int_equal(attr_rows_of(c, "KIP-SB-DGR", "lead time", "3-5 working days", 0), 1);
	assert_int_equal(attr_rows_of(c, "MAL-3S-TAN", "lead time", "Made to order 6-8 weeks", 0), 1);
	assert_int_equal(attr_rows_of(c, "MAL-3S-TAN", "assembly required", "no", 0), 1);
	assert_int_equal(attr_rows_of(c, "KIP-SB-DGR", "assembly required", "yes", 0), 1);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attribute_keys WHERE"
	                           " key = 'assembly required' AND kind = 'bool'"),
	                 1);
	assert_int_equal(attr_rows_of(c, "MAL-3S-TAN", "width", "208 cm", 0), 1);
	assert_int_equal(attr_rows_of(c, "PHI-FIL-E27", "colour temperature", "2700 \u212a", 0), 1);
	assert_int_equal(scalar(c, "SELECT count(*) FROM attribute_keys WHERE"
	                           " key = 'colour temperature' AND kind = 'number'"
	                           " AND dimension = 'temperature'"),
	                 1);
}

/* Category codes: the most specific as a path of words ("living_room_
 * sofas" under "living_room": "Living room > Sofas"), the root (master)
 * none, the others tags. */
static void test_akeneo_categories(void **state)
{
	catalog *c = *state;
	akeneo_import(c, false, NULL);
	static const char *const paths[][2] = {
		{"MAL-3S-TAN", "Living room > Sofas"},
		{"NOR-RND-TBL", "Dining > Tables"},
		{"PHI-FIL-E27", "Lighting > Bulbs"},
	};
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		char sql[256];
		snprintf(sql, sizeof sql,
		         "SELECT count(*) FROM products p JOIN categories k ON k.id = p.category_id"
		         " WHERE p.source_id = '%s' AND k.path = '%s'",
		         paths[i][0], paths[i][1]);
		assert_int_equal(scalar(c, sql), 1);
	}
	assert_int_equal(scalar(c, "SELECT count(*) FROM products WHERE source_id = 'KIP-SB-DGR'"
	                           " AND tags = 'Sofa beds, Sale'"),
	                 1);
	assert_int_equal(scalar(c, "SELECT count(*) FROM categories WHERE path LIKE '%master%'"
	                           " OR path LIKE '%\\_%' ESCAPE '\\'"),
	                 0);
	/* --preset akeneo, for a header it would not know alone */
	char *path = temp_file("sku;categories;name;price\n"
	                       "KN-1;master,kitchen,kitchen_knives;Chef's knife;49.00\n");
	catalog_close(c);
	char *err = NULL;
	assert_int_equal(catalog_open(":memory:", &c, &err), 0);
	*state = c;
	struct import_options o = {.preset = PRESET_AKENEO};
	struct import_stats st;
	assert_int_equal(import_run(c, path, &o, &st, &err), 0);
	assert_int_equal(scalar(c, "SELECT count(*) FROM products p JOIN categories k ON"
	                           " k.id = p.category_id WHERE k.path = 'Kitchen > Knives'"),
	                 1);
	unlink(path);
	free(path);
}

/* An availability select (lead_time) whose code says none are left
 * (out_of_stock, discontinued) is the availability: no stock. */
static void test_akeneo_availability(void **state)
{
	catalog *c = *state;
	akeneo_import(c, false, NULL);
	assert_int_equal(scalar(c, "SELECT stock FROM products WHERE source_id = 'PHI-FIL-E27'"), 0);
	assert_int_equal(attr_rows_of(c, "PHI-FIL-E27", "availability", "Out of stock", 0), 1);
	assert_int_equal(scalar(c, "SELECT stock IS NULL FROM products WHERE source_id = 'KIP-SB-DGR'"),
	                 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_csv_products, open_memory, close_catalog),
		cmocka_unit_test_setup_teardown(test_unseen_feed_without_map, open_memory,
		                                close_catalog),
		cmocka_unit_test_setup_teardown(test_other_shapes_without_map, open_memory,
		                                close_catalog),
		cmocka_unit_test_setup_teardown(test_schema_org_product, open_memory, close_catalog),
		cmocka_unit_test_setup_teardown(test_all_or_nothing_and_skip_bad, open_memory,
		                                close_catalog),
		cmocka_unit_test_setup_teardown(test_rows_through_the_ring, open_memory,
		                                close_catalog),
		cmocka_unit_test_setup_teardown(test_guessed_columns_stay_features, open_memory,
		                                close_catalog),
		cmocka_unit_test_setup_teardown(test_semicolon_csv, open_memory, close_catalog),
		cmocka_unit_test_setup_teardown(test_wrapped_json, open_memory, close_catalog),
		cmocka_unit_test_setup_teardown(test_json_default_ids_and_paths, open_memory,
		                                close_catalog),
		cmocka_unit_test_setup_teardown(test_presets, open_memory, close_catalog),
		cmocka_unit_test_setup_teardown(test_orders, open_memory, close_catalog),
		cmocka_unit_test_setup_teardown(test_ratings_with_scale, open_memory, close_catalog),
		cmocka_unit_test_setup_teardown(test_woocommerce_export, open_memory, close_catalog),
		cmocka_unit_test_setup_teardown(test_bigcommerce_export, open_memory, close_catalog),
		cmocka_unit_test_setup_teardown(test_category_lists, open_memory, close_catalog),
		cmocka_unit_test_setup_teardown(test_squarespace_export, open_memory, close_catalog),
		cmocka_unit_test_setup_teardown(test_wix_export, open_memory, close_catalog),
		cmocka_unit_test_setup_teardown(test_prestashop_export, open_memory, close_catalog),
		cmocka_unit_test_setup_teardown(test_prestashop_backorders, open_memory, close_catalog),
		cmocka_unit_test_setup_teardown(test_short_description_condition, open_memory,
		                                close_catalog),
		cmocka_unit_test_setup_teardown(test_etsy_listings, open_memory, close_catalog),
		cmocka_unit_test_setup_teardown(test_prestashop_combinations, open_memory, close_catalog),
		cmocka_unit_test_setup_teardown(test_ecwid_export, open_memory, close_catalog),
		cmocka_unit_test_setup_teardown(test_square_export, open_memory, close_catalog),
		cmocka_unit_test_setup_teardown(test_lightspeed_export, open_memory, close_catalog),
		cmocka_unit_test_setup_teardown(test_opencart_export, open_memory, close_catalog),
		cmocka_unit_test_setup_teardown(test_headless_json, open_memory, close_catalog),
		cmocka_unit_test_setup_teardown(test_wix_rich_text_specs, open_memory, close_catalog),
		cmocka_unit_test_setup_teardown(test_bulk_json_lines, open_memory, close_catalog),
		cmocka_unit_test_setup_teardown(test_odoo_export, open_memory, close_catalog),
		cmocka_unit_test_setup_teardown(test_order_currency, open_memory, close_catalog),
		cmocka_unit_test_setup_teardown(test_amazon_flat_file, open_memory, close_catalog),
		cmocka_unit_test_setup_teardown(test_child_before_parent, open_memory, close_catalog),
		cmocka_unit_test_setup_teardown(test_amazon_ages_in_years, open_memory, close_catalog),
		cmocka_unit_test_setup_teardown(test_amazon_without_update_column, open_memory,
		                                close_catalog),
		cmocka_unit_test_setup_teardown(test_unit_of_measure_column, open_memory,
		                                close_catalog),
		cmocka_unit_test_setup_teardown(test_ebay_file_exchange, open_memory, close_catalog),
		cmocka_unit_test_setup_teardown(test_ebay_category_by_name, open_memory, close_catalog),
		cmocka_unit_test_setup_teardown(test_map_names_missing_column, open_memory,
		                                close_catalog),
		cmocka_unit_test_setup_teardown(test_title_before_header, open_memory, close_catalog),
		cmocka_unit_test_setup_teardown(test_unnamed_currency, open_memory, close_catalog),
		cmocka_unit_test_setup_teardown(test_import_words_from_pack, open_memory, close_catalog),
		cmocka_unit_test_setup_teardown(test_number_of_unit, open_memory, close_catalog),
		cmocka_unit_test_setup_teardown(test_qualified_measures, open_memory, close_catalog),
		cmocka_unit_test_setup_teardown(test_item_groups, open_memory, close_catalog),
		cmocka_unit_test_setup_teardown(test_shopware_columns, open_memory, close_catalog),
		cmocka_unit_test_setup_teardown(test_magento_export, open_memory, close_catalog),
		cmocka_unit_test_setup_teardown(test_woocommerce_rest, open_memory, close_catalog),
		cmocka_unit_test_setup_teardown(test_variations_fold_into_parent, open_memory,
		                                close_catalog),
		cmocka_unit_test_setup_teardown(test_unlisted_and_internal, open_memory,
		                                close_catalog),
		cmocka_unit_test_setup_teardown(test_kelvin_is_a_measure, open_memory, close_catalog),
		cmocka_unit_test_setup_teardown(test_akeneo_export_as_it_comes, open_memory,
		                                close_catalog),
		cmocka_unit_test_setup_teardown(test_akeneo_prices, open_memory, close_catalog),
		cmocka_unit_test_setup_teardown(test_akeneo_variants_fold, open_memory, close_catalog),
		cmocka_unit_test_setup_teardown(test_akeneo_models_sheet, open_memory, close_catalog),
		cmocka_unit_test_setup_teardown(test_akeneo_values_as_words, open_memory,
		                                close_catalog),
		cmocka_unit_test_setup_teardown(test_akeneo_categories, open_memory, close_catalog),
		cmocka_unit_test_setup_teardown(test_akeneo_availability, open_memory, close_catalog),
		cmocka_unit_test(test_order_values),
		cmocka_unit_test(test_numbers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
