/* Unit tests for catalog/autocomplete.c on the search fixture catalog, and
 * on the TUI's catalog of headphones and throws for what completions weigh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/search/autocomplete.h"
#include "catalog/store/catalog.h"
#include "catalog/import/import.h"
#include "catalog/shop/events.h"

struct fixture {
	catalog *c;
	autocomplete *a;
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
	f->a = autocomplete_new(f->c, &err);
	if (!f->a)
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
	autocomplete_free(f->a);
	catalog_close(f->c);
	free(f);
	return 0;
}

/* Does any suggestion for typed equal want? */
static bool suggests(struct fixture *f, const char *typed, const char *want,
                     enum completion_kind kind)
{
	struct completion out[8];
	size_t n = autocomplete_suggest(f->a, typed, out, 8);
	bool found = false;
	for (size_t i = 0; i < n; i++)
		found = found || (!strcmp(out[i].text, want) && out[i].kind == kind);
	if (!found)
		for (size_t i = 0; i < n; i++)
			fprintf(stderr, "  '%s' -> '%s'\n", typed, out[i].text);
	autocomplete_release(out, n);
	return found;
}

static void test_brands_and_categories(void **state)
{
	struct fixture *f = *state;
	assert_true(suggests(f, "ott", "OtterBox", COMPLETION_BRAND));
	assert_true(suggests(f, "OTTERB", "OtterBox", COMPLETION_BRAND));
	assert_true(suggests(f, "screen pro", "Screen Protectors", COMPLETION_CATEGORY));
	assert_true(suggests(f, "living", "Living Room", COMPLETION_CATEGORY));
}

static void test_last_word(void **state)
{
	struct fixture *f = *state;
	assert_true(suggests(f, "iphone 7 ca", "iphone 7 Case", COMPLETION_WORD));
	assert_true(suggests(f, "leather cou", "leather Couch", COMPLETION_WORD));
	assert_true(suggests(f, "caf", "Café", COMPLETION_WORD)); /* accents fold */
	assert_true(suggests(f, "usb", "USB-C", COMPLETION_WORD)); /* codes stay whole */
}

static void test_ranking_and_limits(void **state)
{
	struct fixture *f = *state;
	struct completion out[2];
	/* "ca": the category Cases first, then the word Case (two products)
	 * before Café and Car (one each) */
	size_t n = autocomplete_suggest(f->a, "ca", out, 2);
	assert_int_equal(n, 2);
	assert_string_equal(out[0].text, "Cases");
	assert_int_equal(out[0].kind, COMPLETION_CATEGORY);
	assert_string_equal(out[1].text, "Case");
	autocomplete_release(out, n);
	/* nothing to complete */
	assert_int_equal(autocomplete_suggest(f->a, "", out, 2), 0);
	assert_int_equal(autocomplete_suggest(f->a, "   ", out, 2), 0);
	assert_int_equal(autocomplete_suggest(f->a, "zzzz", out, 2), 0);
	assert_int_equal(autocomplete_suggest(f->a, NULL, out, 2), 0);
	/* a finished word gets no word completion */
	n = autocomplete_suggest(f->a, "leather ", out, 2);
	for (size_t i = 0; i < n; i++)
		assert_int_not_equal(out[i].kind, COMPLETION_WORD);
	autocomplete_release(out, n);
	/* bad bytes are no problem */
	n = autocomplete_suggest(f->a, "\xff\xfe\"*(", out, 2);
	autocomplete_release(out, n);
}

/* The TUI's variants catalog: seven headphones (under Headphones >
 * Over-Ear & On-Ear and Headphones > Earbuds, none in Headphones itself)
 * and two throws of the brand Hearth & Loom. */
static int open_variants(catalog **c)
{
	char *err = NULL;
	struct import_options o = {0};
	struct import_stats st = {0};
	if (catalog_open(":memory:", c, &err) < 0 ||
	    import_run(*c, FIXTURES_DIR "/tui/variants.csv", &o, &st, &err) < 0) {
		fprintf(stderr, "variants: %s\n", err ? err : "?");
		free(err);
		return -1;
	}
	return 0;
}

static char *first(autocomplete *a, const char *typed, enum completion_kind *kind, double *weight)
{
	struct completion out[4];
	size_t n = autocomplete_suggest(a, typed, out, 4);
	char *s = n ? strdup(out[0].text) : NULL;
	if (n && kind)
		*kind = out[0].kind;
	if (n && weight)
		*weight = out[0].weight;
	autocomplete_release(out, n);
	return s;
}

/* A word on seven products beats a brand of two that shares its letters;
 * a category weighs the products below it. */
static void test_common_word_beats_rare_brand(void **state)
{
	(void)state;
	catalog *c = NULL;
	assert_int_equal(open_variants(&c), 0);
	autocomplete *a = autocomplete_new(c, NULL);
	assert_non_null(a);
	double w = 0;
	char *s = first(a, "hea", NULL, &w);
	assert_non_null(s);
	assert_string_equal(s, "Headphones");
	assert_true(w >= 7);
	free(s);
	/* the brand is still there for who types it */
	enum completion_kind kind;
	s = first(a, "hear", &kind, NULL);
	assert_string_equal(s, "Hearth & Loom");
	assert_int_equal(kind, COMPLETION_BRAND);
	free(s);
	/* a word typed in full that outweighs its extensions is not extended */
	s = first(a, "headphones", NULL, NULL);
	assert_string_equal(s, "Headphones");
	free(s);
	autocomplete_free(a);
	catalog_close(c);
}

/* Past searches add weight to the words they hold, and nothing of their own. */
static void test_past_searches(void **state)
{
	(void)state;
	catalog *c = NULL;
	assert_int_equal(open_variants(&c), 0);
	autocomplete *a = autocomplete_new(c, NULL);
	/* "w": Wool, Wireless and WF-1000XM5, one product each; not Wool first */
	char *before = first(a, "w", NULL, NULL);
	assert_non_null(before);
	assert_string_not_equal(before, "Wool");
	autocomplete_free(a);
	for (int i = 0; i < 5; i++) {
		assert_int_equal(events_log(c, NULL, "s1", "search", NULL, "wool throw", NULL), 0);
		assert_int_equal(events_log(c, NULL, "s1", "search", NULL, "jane@example.com", NULL), 0);
	}
	assert_int_equal(events_log(c, NULL, "s1", "view", NULL, "wireless", NULL), 0);
	a = autocomplete_new(c, NULL);
	assert_non_null(a);
	char *s = first(a, "w", NULL, NULL);
	assert_string_equal(s, "Wool");
	free(s);
	/* what a shopper typed is never offered to the next one */
	s = first(a, "jan", NULL, NULL);
	assert_null(s);
	free(before);
	autocomplete_free(a);
	catalog_close(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_brands_and_categories),
		cmocka_unit_test(test_last_word),
		cmocka_unit_test(test_ranking_and_limits),
	};
	const struct CMUnitTest weights[] = {
		cmocka_unit_test(test_common_word_beats_rare_brand),
		cmocka_unit_test(test_past_searches),
	};
	int failed = cmocka_run_group_tests(tests, setup, teardown);
	return failed + cmocka_run_group_tests(weights, NULL, NULL);
}
