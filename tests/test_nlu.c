/* Unit tests for nlu/nlu.c: model loading, the whole analysis, bad input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nlu/intent.h"
#include "nlu/nlu.h"
#include "tests/lang_fixture.h"

/* A small model trained in the test, saved to a temporary file. */
static char model_path[64];

static const struct intent_example examples[] = {
	{"show me headphones", "search"}, {"find cheap phones", "search"},
	{"i want a phone case", "search"}, {"looking for a charger", "search"},
	{"search for screen protectors", "search"}, {"any cables under 20", "search"},
	{"where is my order", "order_status"}, {"track order 10422", "order_status"},
	{"order status", "order_status"}, {"has my package shipped", "order_status"},
	{"when will my order arrive", "order_status"}, {"status of purchase 123456", "order_status"},
	{"hello", "greet"}, {"hi there", "greet"}, {"good morning", "greet"},
	{"hey", "greet"}, {"hello clerk", "greet"}, {"hi", "greet"},
};

/* The English pack the NLU reads by. */
static lang *pack;

static int group_setup(void **state)
{
	(void)state;
	char *err = NULL;
	intent_model *m = intent_train(examples, sizeof examples / sizeof *examples, NULL, &err);
	if (!m) {
		fprintf(stderr, "train: %s\n", err);
		free(err);
		return -1;
	}
	snprintf(model_path, sizeof model_path, "/tmp/test_nlu_%ld.model", (long)getpid());
	int rc = intent_model_save(m, model_path, &err);
	intent_model_free(m);
	if (rc) {
		fprintf(stderr, "save: %s\n", err);
		free(err);
	}
	return rc;
}

static int group_teardown(void **state)
{
	(void)state;
	unlink(model_path);
	return 0;
}

static void test_missing_and_corrupt_model(void **state)
{
	(void)state;
	char *err = NULL;
	assert_null(nlu_new(pack, "/nonexistent/clerk.model", &err));
	assert_non_null(err);
	free(err);
	err = NULL;
	char bad[80];
	snprintf(bad, sizeof bad, "%s.bad", model_path);
	FILE *f = fopen(bad, "w");
	assert_non_null(f);
	fputs("not a model at all", f);
	fclose(f);
	assert_null(nlu_new(pack, bad, &err));
	assert_non_null(err);
	free(err);
	unlink(bad);
}

static void test_without_model(void **state)
{
	(void)state;
	nlu *n = nlu_new(pack, NULL, NULL);
	assert_non_null(n);
	struct nlu_result r;
	nlu_analyze(n, "headphones under $80", &r);
	assert_string_equal(r.intent, "out_of_scope");
	assert_true(r.confidence == 0);
	assert_true(r.entities.price_max == 80);
	assert_string_equal(r.normalized, "headphones under 80");
	nlu_result_release(&r);
	assert_null(r.intent);
	nlu_free(n);
	nlu_free(NULL);
}

/* The words are the pack's: without one, "under" bounds no price and
 * "dont" stays one word, while numbers, money and e-mail addresses, which
 * are not words of a language, are still read. */
static void test_without_pack(void **state)
{
	(void)state;
	nlu *n = nlu_new(NULL, NULL, NULL);
	assert_non_null(n);
	struct nlu_result r;
	nlu_analyze(n, "dont want headphones under $80, mail a@b.co", &r);
	assert_true(r.entities.price_max < 0);
	assert_true(r.entities.amount == 80);
	assert_string_equal(r.entities.email, "a@b.co");
	assert_non_null(strstr(r.normalized, "dont want"));
	nlu_result_release(&r);
	nlu_free(n);
}

static bool known_label(const char *l)
{
	static const char *const labels[] = {"search", "order_status", "greet", "out_of_scope"};
	for (size_t i = 0; i < sizeof labels / sizeof *labels; i++)
		if (!strcmp(l, labels[i]))
			return true;
	return false;
}

static void test_analyze(void **state)
{
	(void)state;
	char *err = NULL;
	nlu *n = nlu_new(pack, model_path, &err);
	assert_non_null(n);
	static const char *const brands[] = {"Sony", "Apple"};
	static const char *const cats[] = {"Headphones"};
	struct nlu_vocab v = {brands, 2, cats, 1, NULL, 0, NULL, 0};
	nlu_set_vocab(n, &v);
	struct nlu_result r;
	nlu_analyze(n, "track order 10422 please", &r);
	assert_string_equal(r.intent, "order_status");
	assert_true(r.confidence > 0 && r.confidence <= 1);
	assert_string_equal(r.entities.order_id, "10422");
	nlu_result_release(&r);

	nlu_analyze(n, "show me sony headphones", &r);
	assert_string_equal(r.intent, "search");
	assert_string_equal(r.entities.brand, "Sony");
	assert_string_equal(r.entities.category, "Headphones");
	nlu_result_release(&r);

	/* the vocabulary is replaced, not added to */
	static const char *const brands2[] = {"Bose"};
	struct nlu_vocab v2 = {brands2, 1, NULL, 0, NULL, 0, NULL, 0};
	nlu_set_vocab(n, &v2);
	nlu_analyze(n, "sony or bose headphones", &r);
	assert_string_equal(r.entities.brand, "Bose");
	assert_null(r.entities.category);
	nlu_result_release(&r);
	nlu_free(n);
}

static void test_bad_input(void **state)
{
	(void)state;
	nlu *n = nlu_new(pack, model_path, NULL);
	assert_non_null(n);
	static const char *const inputs[] = {
		"", " ", "\n", "\x01\x02\x03\x1b[2J", "\xff\xfe\xfd", "\xc3", "\xe2\x82",
		"\xf0\x9f\x98\x80\xf0\x9f\x98\x80", "日本語のテキスト", "Привет мир 50$",
		"####", "$$$", "----", "1-2-3-4-5-6", "a@b", "@@@.com", "'''", "1,2,3,,,4",
		"under under under", "between and", "from to", "not not not", "#", "x@y.z",
		"twenty twenty twenty", "a hundred and", "size", "the", "99999999999999999999999",
	};
	for (size_t i = 0; i < sizeof inputs / sizeof *inputs; i++) {
		struct nlu_result r;
		nlu_analyze(n, inputs[i], &r);
		assert_non_null(r.intent);
		assert_true(known_label(r.intent));
		assert_true(r.confidence >= 0 && r.confidence <= 1);
		assert_non_null(r.normalized);
		nlu_result_release(&r);
	}
	/* a 1 MB line of mixed junk */
	size_t len = 1 << 20;
	char *big = malloc(len + 1);
	for (size_t i = 0; i < len; i++)
		big[i] = "ab $5 #1\xc3\xa9-,.\x01"[i % 15];
	big[len] = '\0';
	struct nlu_result r;
	nlu_analyze(n, big, &r);
	assert_true(known_label(r.intent));
	nlu_result_release(&r);
	free(big);
	nlu_analyze(n, NULL, &r);
	assert_non_null(r.intent);
	nlu_result_release(&r);
	nlu_free(n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_missing_and_corrupt_model),
		cmocka_unit_test(test_without_model),
		cmocka_unit_test(test_without_pack),
		cmocka_unit_test(test_analyze),
		cmocka_unit_test(test_bad_input),
	};
	pack = test_lang_en();
	int rc = cmocka_run_group_tests(tests, group_setup, group_teardown);
	lang_free(pack);
	return rc;
}
