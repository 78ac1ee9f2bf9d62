/* Unit tests for catalog/facets.c on the search fixture catalog. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/store/catalog.h"
#include "catalog/search/facets.h"
#include "catalog/import/import.h"
#include "catalog/search/search.h"
#include "tests/lang_fixture.h"

/* The English search words with the fixture synonyms. */
static lang *pack_syn;

struct fixture {
	catalog *c;
	searcher *s;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	char *err = NULL;
	struct import_options o = {0};
	struct import_stats st = {0};
	if (catalog_open(":memory:", &f->c, &err) < 0 ||
	    import_run(f->c, FIXTURES_DIR "/search/products.csv", &o, &st, &err) < 0)
		goto fail;
	f->s = search_new(f->c, NULL, pack_syn, &err);
	if (!f->s)
		goto fail;
	*state = f;
	return 0;
fail:
	fprintf(stderr, "setup: %s\n", err ? err : "?");
	free(err);
	return -1;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	search_free(f->s);
	catalog_close(f->c);
	free(f);
	return 0;
}

static size_t count_of(const struct facet_value *v, size_t n, const char *value)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i].value, value))
			return v[i].count;
	return 0;
}

static void test_brands_and_categories(void **state)
{
	struct fixture *f = *state;
	struct search_query q;
	search_query_init(&q);
	q.text = "charger"; /* p5, p6 and (synonym) p7 */
	struct search_facets fc;
	char *err = NULL;
	assert_int_equal(search_facets(f->s, &q, 0, &fc, &err), 0);
	assert_int_equal(fc.total, 3);
	assert_false(fc.capped);
	assert_int_equal(fc.n_brands, 2);
	assert_string_equal(fc.brands[0].value, "Anker"); /* most products first */
	assert_int_equal(fc.brands[0].count, 2);
	assert_int_equal(count_of(fc.brands, fc.n_brands, "Belkin"), 1);
	assert_int_equal(count_of(fc.categories, fc.n_categories,
	                          "Electronics > Phones > Chargers"), 2);
	assert_int_equal(count_of(fc.categories, fc.n_categories,
	                          "Electronics > Computers > Power"), 1);
	search_facets_release(&fc);
}

static void test_price_bands(void **state)
{
	struct fixture *f = *state;
	struct search_query q;
	search_query_init(&q); /* no text: the whole catalog */
	struct search_facets fc;
	assert_int_equal(search_facets(f->s, &q, 0, &fc, NULL), 0);
	assert_int_equal(fc.total, 10);
	/* 14.99 19.99 24.99 | 29.99 39.99 | 59.00 | 249.00 | 499.99 | 649.00 899.00 */
	int64_t want[][3] = {{1000, 2500, 3}, {2500, 5000, 2}, {5000, 10000, 1},
	                     {10000, 25000, 1}, {25000, 50000, 1}, {50000, 100000, 2}};
	assert_int_equal(fc.n_bands, 6);
	for (size_t i = 0; i < 6; i++) {
		assert_int_equal(fc.bands[i].min_cents, want[i][0]);
		assert_int_equal(fc.bands[i].max_cents, want[i][1]);
		assert_int_equal(fc.bands[i].count, (size_t)want[i][2]);
	}
	search_facets_release(&fc);
}

static void test_filters_and_limits(void **state)
{
	struct fixture *f = *state;
	struct search_query q;
	search_query_init(&q);
	q.category = "Phones";
	q.price_max = 3000;
	struct search_facets fc;
	assert_int_equal(search_facets(f->s, &q, 1, &fc, NULL), 0);
	assert_int_equal(fc.total, 4); /* p4 19.99, p5 24.99, p6 14.99, p10 29.99 */
	assert_int_equal(fc.n_brands, 1); /* max_values */
	assert_int_equal(fc.n_categories, 1);
	assert_string_equal(fc.categories[0].value, "Electronics > Phones > Chargers");
	search_facets_release(&fc);

	/* nothing relates: empty facets, no error */
	search_query_init(&q);
	q.text = "xqzvvy";
	assert_int_equal(search_facets(f->s, &q, 0, &fc, NULL), 0);
	assert_int_equal(fc.total, 0);
	assert_int_equal(fc.n_brands, 0);
	search_facets_release(&fc);

	/* relaxed like the search: any word when all words find nothing */
	q.text = "leather couch charger";
	assert_int_equal(search_facets(f->s, &q, 0, &fc, NULL), 0);
	assert_int_equal(fc.total, 4);
	search_facets_release(&fc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_brands_and_categories),
		cmocka_unit_test(test_price_bands),
		cmocka_unit_test(test_filters_and_limits),
	};
	pack_syn = test_lang_search(FIXTURES_DIR "/search/synonyms.txt");
	int rc = cmocka_run_group_tests(tests, setup, teardown);
	lang_free(pack_syn);
	return rc;
}
