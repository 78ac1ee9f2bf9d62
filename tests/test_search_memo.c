/* Unit tests for searches over many products: catalog/search_memo.c (a
 * search answered from the last one's candidates), the phrase alternatives
 * a common word drops, and any-word matching: past the candidate cap, and
 * how its matches rank. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog/store/catalog.h"
#include "catalog/store/product.h"
#include "catalog/search/search.h"
#include "common/buf.h"
#include "common/xalloc.h"
#include "tests/lang_fixture.h"

static const char *const brands[] = {"Acme", "Zenith", "Orbit"};
static const char *const categories[] = {"Gear > Widgets", "Gear > Gadgets",
                                         "Home > Widgets"};
static const char *const colors[] = {"red", "blue", "green", "black", "white"};

/* Writes products p[0..n) in one transaction (replacing by id). */
/* The English search words (no synonyms). */
static lang *pack;

static void put_products(catalog *c, const struct product *p, size_t n)
{
	char *err = NULL;
	product_writer *w = product_writer_new(c, &err);
	assert_non_null(w);
	assert_int_equal(catalog_begin(c, &err), 0);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(product_writer_put(w, &p[i], true, &err), 0);
	product_writer_free(w);
	assert_int_equal(catalog_commit(c, &err), 0);
}

/* n products: every one a "widget"; brand, category, color, price and
 * rating vary with the index so that filters pass different shares. */
static catalog *make_catalog(size_t n)
{
	char *err = NULL;
	catalog *c = NULL;
	assert_int_equal(catalog_open(":memory:", &c, &err), 0);
	product_writer *w = product_writer_new(c, &err);
	assert_non_null(w);
	assert_int_equal(catalog_begin(c, &err), 0);
	for (size_t i = 0; i < n; i++) {
		char id[32], name[128];
		snprintf(id, sizeof id, "w%zu", i);
		snprintf(name, sizeof name, "%s %s widget model %zu%s", colors[i % 5],
		         i % 7 ? "steel" : "plastic", i % 40, i % 11 ? "" : " charger");
		struct product p = {.id = id, .name = name, .brand = brands[i % 3],
		                    .category = categories[(i / 3) % 3],
		                    .description = i % 4 ? "A sturdy widget." : "A widget for travel.",
		                    .price_cents = 500 + (int64_t)((i * 7919) % 20000), .has_price = true,
		                    .rating = 1.0 + (double)(i % 9) / 2.0, .has_rating = i % 13 != 0,
		                    .stock = (int64_t)(i % 6), .has_stock = true,
		                    .popularity = (int64_t)((i * 31) % 1000)};
		assert_int_equal(product_writer_put(w, &p, false, &err), 0);
	}
	product_writer_free(w);
	assert_int_equal(catalog_commit(c, &err), 0);
	return c;
}

/* The hits, total and flags of a result as one line, to compare. */
static char *describe(const struct search_result *r)
{
	struct buf b;
	buf_init(&b);
	buf_printf(&b, "total %zu%s%s:", r->total, r->total_capped ? "+" : "",
	           r->relaxed ? " relaxed" : "");
	for (size_t i = 0; i < r->n_hits; i++)
		buf_printf(&b, " %s/%.4f", r->hits[i].p.id, r->hits[i].score);
	return buf_detach(&b);
}

static char *run(searcher *s, const struct search_query *q)
{
	struct search_result r;
	char *err = NULL;
	int rc = search_run(s, q, &r, &err);
	if (rc < 0)
		fprintf(stderr, "search: %s\n", err);
	assert_int_equal(rc, 0);
	char *d = describe(&r);
	search_result_release(&r);
	return d;
}

/* What a searcher that ran the turns before answers equals what a new
 * searcher, which has no memo, answers. */
static void assert_same_as_fresh(catalog *c, searcher *s, const struct search_query *q)
{
	char *err = NULL;
	searcher *fresh = search_new(c, NULL, pack, &err);
	assert_non_null(fresh);
	char *want = run(fresh, q);
	char *got = run(s, q);
	if (strcmp(want, got))
		fprintf(stderr, "query '%s'\n want %s\n  got %s\n", q->text ? q->text : "", want, got);
	assert_string_equal(got, want);
	free(want);
	free(got);
	search_free(fresh);
}

/* A shopper's refinements after a search: narrower, reordered, wider,
 * other words; each answered as a new searcher would. */
static void test_refinements_match_fresh(void **state)
{
	(void)state;
	catalog *c = make_catalog(900);
	char *err = NULL;
	searcher *s = search_new(c, NULL, pack, &err);
	assert_non_null(s);
	struct search_query q;
	search_query_init(&q);
	q.limit = 20;

	/* "widget" matches all 900: the walk stops at SEARCH_CANDIDATES */
	q.text = "widget";
	assert_same_as_fresh(c, s, &q);
	q.sort = SEARCH_SORT_RATING;    /* same filters, another order */
	assert_same_as_fresh(c, s, &q);
	q.price_max = 9000;             /* narrower after a capped walk */
	assert_same_as_fresh(c, s, &q);
	q.sort = SEARCH_SORT_PRICE_ASC;
	assert_same_as_fresh(c, s, &q);

	/* a complete walk: 30 plastic red widgets in one category */
	search_query_init(&q);
	q.limit = 20;
	q.text = "red plastic widget";
	q.category = "Gear";
	assert_same_as_fresh(c, s, &q);
	q.price_max = 12000;            /* cheaper */
	assert_same_as_fresh(c, s, &q);
	q.sort = SEARCH_SORT_RATING;    /* best rated first */
	assert_same_as_fresh(c, s, &q);
	q.brand = "Zenith";             /* only one brand */
	assert_same_as_fresh(c, s, &q);
	q.brand = NULL;
	q.exclude_brand = "Acme";       /* not a brand */
	assert_same_as_fresh(c, s, &q);
	q.min_rating = 3.0;
	q.in_stock = true;
	q.category = "Gear > Widgets";  /* a narrower category is another name */
	assert_same_as_fresh(c, s, &q);
	q.offset = 3;                   /* a later page */
	q.limit = 5;
	assert_same_as_fresh(c, s, &q);
	q.offset = 0;
	q.limit = 20;
	q.price_max = 19000;            /* wider again */
	q.category = NULL;
	q.min_rating = 0;
	q.in_stock = false;
	assert_same_as_fresh(c, s, &q);
	q.text = "plastic widget";      /* other words */
	assert_same_as_fresh(c, s, &q);
	q.text = "red plastic widget charger"; /* all words match few: relaxed */
	assert_same_as_fresh(c, s, &q);
	q.price_min = 3000;
	assert_same_as_fresh(c, s, &q);

	search_free(s);
	catalog_close(c);
}

/* The memo is forgotten when the products change. */
static void test_memo_follows_changes(void **state)
{
	(void)state;
	catalog *c = make_catalog(60);
	char *err = NULL;
	searcher *s = search_new(c, NULL, pack, &err);
	assert_non_null(s);
	struct search_query q;
	search_query_init(&q);
	q.text = "red widget";
	q.limit = 10; /* fewer than the 12 red ones: not relaxed */
	char *before = run(s, &q);
	assert_non_null(strstr(before, "total 12:"));

	/* w0, a red widget, costs 100 now; another red one is added */
	const struct product changed[] = {
		{.id = "w0", .name = "red steel widget", .brand = "Acme", .category = "Gear > Widgets",
		 .price_cents = 100, .has_price = true},
		{.id = "w999", .name = "red widget deluxe", .brand = "Acme",
		 .category = "Gear > Widgets", .price_cents = 150, .has_price = true},
	};
	put_products(c, changed, 2);

	q.price_max = 200; /* narrower than before: the memo would hold neither */
	char *after = run(s, &q);
	assert_non_null(strstr(after, "total 2:"));
	assert_non_null(strstr(after, "w0/"));
	assert_non_null(strstr(after, "w999/"));
	assert_same_as_fresh(c, s, &q);
	free(before);
	free(after);
	search_free(s);
	catalog_close(c);
}

/* A word in thousands of products does not also look for its synonyms'
 * phrases; a rarer one does. */
static void test_common_word_drops_phrases(void **state)
{
	(void)state;
	char path[] = "/tmp/clerk-test-memo-syn-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "w");
	fputs("[synonyms]\ncharger, power adapter\n", f);
	fclose(f);
	char *err = NULL;
	for (int big = 0; big < 2; big++) {
		/* the charger is in 1 of 11 widgets: 82 or 2,091 products */
		catalog *c = make_catalog(big ? 23000 : 900);
		struct product p = {.id = "adapter", .name = "Travel Power Adapter", .brand = "Volt",
		                    .price_cents = 900, .has_price = true};
		put_products(c, &p, 1);
		lang *with = test_lang_search(path);
		searcher *s = search_new(c, NULL, with, &err);
		assert_non_null(s);
		struct search_query q;
		search_query_init(&q);
		q.text = "charger";
		q.brand = "Volt";
		char *got = run(s, &q);
		if (big)
			assert_string_equal(got, "total 0:");
		else
			assert_non_null(strstr(got, " adapter/"));
		free(got);
		search_free(s);
		lang_free(with);
		catalog_close(c);
	}
	unlink(path);
}

/* When all the words together find less than a page, the products with
 * every word still come first, even when hundreds of products with one of
 * the words lie before them in the index. */
static void test_relaxed_keeps_all_word_matches(void **state)
{
	(void)state;
	catalog *c = make_catalog(600); /* every one a "widget" */
	char *err = NULL;
	const struct product gear[] = {
		{.id = "gear-a", .name = "Orbit widget for Zephyr 10", .brand = "Orbit"},
		{.id = "gear-b", .name = "Zephyr 10 widget sleeve", .brand = "Acme"},
	};
	put_products(c, gear, 2);
	searcher *s = search_new(c, NULL, pack, &err);
	assert_non_null(s);
	struct search_query q;
	search_query_init(&q);
	q.text = "zephyr 10 widget";
	struct search_result r;
	assert_int_equal(search_run(s, &q, &r, &err), 0);
	assert_true(r.relaxed);
	assert_int_equal(r.total_exact, 2);
	assert_int_equal(r.n_hits, 10);
	assert_true(!strcmp(r.hits[0].p.id, "gear-a") || !strcmp(r.hits[0].p.id, "gear-b"));
	assert_true(!strcmp(r.hits[1].p.id, "gear-a") || !strcmp(r.hits[1].p.id, "gear-b"));
	for (size_t i = 2; i < r.n_hits; i++) /* each product once */
		assert_true(strcmp(r.hits[i].p.id, "gear-a") && strcmp(r.hits[i].p.id, "gear-b"));
	search_result_release(&r);
	/* the second page continues after them */
	q.offset = 10;
	assert_int_equal(search_run(s, &q, &r, &err), 0);
	assert_int_equal(r.n_hits, 10);
	for (size_t i = 0; i < r.n_hits; i++)
		assert_true(strcmp(r.hits[i].p.id, "gear-a") && strcmp(r.hits[i].p.id, "gear-b"));
	search_result_release(&r);
	search_free(s);
	catalog_close(c);
}

/* Any-word matches: the products missing one word come before those that
 * only share the commonest one, even when hundreds of the latter lie
 * before them in the index ("widget" is in every product, "zephyr" and
 * "orbit" in the last two, which no product has together). */
static void test_relaxed_finds_rare_words_behind_common_ones(void **state)
{
	(void)state;
	catalog *c = make_catalog(600);
	char *err = NULL;
	const struct product gear[] = {
		{.id = "gear-a", .name = "Zephyr widget sleeve", .brand = "Acme"},
		{.id = "gear-b", .name = "Orbit widget stand", .brand = "Acme"},
	};
	put_products(c, gear, 2);
	searcher *s = search_new(c, NULL, NULL, &err);
	assert_non_null(s);
	struct search_query q;
	search_query_init(&q);
	q.text = "zephyr orbit widget";
	struct search_result r;
	assert_int_equal(search_run(s, &q, &r, &err), 0);
	assert_true(r.relaxed);
	assert_int_equal(r.total_exact, 0);
	assert_int_equal(r.n_hits, 10); /* the page is filled with widgets */
	assert_true(!strcmp(r.hits[0].p.id, "gear-a") || !strcmp(r.hits[0].p.id, "gear-b"));
	assert_true(!strcmp(r.hits[1].p.id, "gear-a") || !strcmp(r.hits[1].p.id, "gear-b"));
	search_result_release(&r);
	search_free(s);
	catalog_close(c);
}

/* Any-word matches: words in the name cover the query more than the same
 * number of words that a long description happens to mention. */
static void test_relaxed_prefers_names(void **state)
{
	(void)state;
	char *err = NULL;
	catalog *c = NULL;
	assert_int_equal(catalog_open(":memory:", &c, &err), 0);
	const struct product two[] = {
		{.id = "talk", .name = "Quartz Gadget", .brand = "Acme",
		 .description = "Hold it in the car or anywhere: something for everyone."},
		{.id = "holder", .name = "Car Cradle", .brand = "Orbit", .description = "Grips firmly."},
	};
	put_products(c, two, 2);
	searcher *s = search_new(c, NULL, pack, &err);
	assert_non_null(s);
	struct search_query q;
	search_query_init(&q);
	q.text = "something to hold a cradle in the car";
	struct search_result r;
	assert_int_equal(search_run(s, &q, &r, &err), 0);
	assert_true(r.relaxed);
	assert_int_equal(r.n_hits, 2);
	assert_string_equal(r.hits[0].p.id, "holder");
	search_result_release(&r);
	search_free(s);
	catalog_close(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_refinements_match_fresh),
		cmocka_unit_test(test_memo_follows_changes),
		cmocka_unit_test(test_common_word_drops_phrases),
		cmocka_unit_test(test_relaxed_keeps_all_word_matches),
		cmocka_unit_test(test_relaxed_finds_rare_words_behind_common_ones),
		cmocka_unit_test(test_relaxed_prefers_names),
	};
	pack = test_lang_search(NULL);
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	lang_free(pack);
	return rc;
}
