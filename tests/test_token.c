/* Unit tests for nlu/token.c: folding, compounds, stemming, stop words. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "nlu/text/token.h"
#include "tests/lang_fixture.h"

/* Joins the tokens of text as "text/flags" words: "usb/P usbc/W c/P". */
/* The English pack: its [query] list is the stop words a search drops. */
static lang *pack;

static char *render(tokenizer *t, const char *text)
{
	struct token_list l;
	token_list_init(&l);
	tokenizer_list(t, text, strlen(text), &l);
	struct buf b;
	buf_init(&b);
	for (size_t i = 0; i < l.n; i++) {
		if (i)
			buf_addc(&b, ' ');
		buf_adds(&b, l.items[i].text);
		unsigned f = l.items[i].flags;
		if (f & (TOKEN_PART | TOKEN_WHOLE))
			buf_addc(&b, '/');
		if (f & TOKEN_PART)
			buf_addc(&b, 'P');
		if (f & TOKEN_WHOLE)
			buf_addc(&b, 'W');
	}
	token_list_release(&l);
	return buf_detach(&b);
}

static void expect(tokenizer *t, const char *text, const char *want)
{
	char *got = render(t, text);
	if (strcmp(got, want))
		fprintf(stderr, "tokens of \"%s\": got \"%s\", want \"%s\"\n", text, got, want);
	assert_string_equal(got, want);
	free(got);
}

static void test_fold_case_and_accents(void **state)
{
	(void)state;
	tokenizer *t = tokenizer_new(NULL, NULL);
	assert_non_null(t);
	assert_false(tokenizer_stems(t));
	expect(t, "Café CRÈME brûlée", "cafe creme brulee");
	expect(t, "ＦＵＬＬ width", "full width");   /* NFKC */
	expect(t, "Straße", "strasse");               /* case folding */
	expect(t, "Dynex™ Apple® iPhone®", "dynex apple iphone"); /* symbols separate */
	char *f = token_fold("Ça Va–Bien", strlen("Ça Va–Bien"));
	assert_string_equal(f, "ca va-bien");
	free(f);
	tokenizer_free(t);
}

static void test_compounds_keep_model_codes(void **state)
{
	(void)state;
	tokenizer *t = tokenizer_new(NULL, NULL);
	expect(t, "USB-C cable", "usb/P usbc/W c/P cable");
	expect(t, "64GB", "64/P 64gb/W gb/P");
	expect(t, "iphone 7", "iphone 7");
	expect(t, "iPhone7 A15", "iphone/P iphone7/W 7/P a/P a15/W 15/P");
	expect(t, "SM-G930V", "sm/P smg930v/W g/P 930/P v/P");
	expect(t, "AT&T GoPhone", "at/P att/W t/P gophone");
	expect(t, "5.5-inch", "5.5/P 5.5in/W inch/P");
	expect(t, "2,500 mAh", "2500/P 2500mah/W mah/P");
	expect(t, "men's", "mens");
	expect(t, "end. Next", "end next");
	expect(t, "a - b", "a b");
	tokenizer_free(t);
}

/* A number and its unit index as one joined form however they are
 * written; a number that is not a measure stays as it was. */
static void test_measures(void **state)
{
	(void)state;
	tokenizer *t = tokenizer_new("english", NULL);
	expect(t, "6' Lightning Cable", "6/P 6ft/W lightn cabl");
	expect(t, "6 ft cable", "6/P 6ft/W ft/P cabl");
	expect(t, "6 foot cable", "6/P 6ft/W foot/P cabl");
	expect(t, "6-foot cable", "6/P 6ft/W foot/P cabl");
	expect(t, "6 feet", "6/P 6ft/W feet/P");
	expect(t, "10ft", "10/P 10ft/W ft/P");
	expect(t, "3.3' cable", "3.3/P 3.3ft/W cabl");
	expect(t, "5.5\" screen", "5.5/P 5.5in/W screen");
	expect(t, "5.5 inches", "5.5/P 5.5in/W inch/P");
	expect(t, "5.5in", "5.5/P 5.5in/W in/P");
	/* not measures */
	expect(t, "2 in 1 cable", "2 in 1 cabl");
	expect(t, "iphone 7 case", "iphon 7 case");
	expect(t, "case 7", "case 7");
	expect(t, "6  ft", "6/P 6ft/W ft/P");
	expect(t, "6, ft", "6 ft");
	expect(t, "7 9", "7 9");
	tokenizer_free(t);
}

static void test_flags_and_offsets(void **state)
{
	(void)state;
	tokenizer *t = tokenizer_new("english", NULL);
	tokenizer_set_stopwords(t, lang_list(pack, "query"));
	struct token_list l;
	token_list_init(&l);
	const char *text = "Cases for Éclair 64gb";
	tokenizer_list(t, text, strlen(text), &l);
	assert_int_equal(l.n, 6);
	assert_string_equal(l.items[0].text, "case");
	assert_string_equal(l.items[0].surface, "cases");
	assert_int_equal(l.items[0].start, 0);
	assert_int_equal(l.items[0].end, 5);
	assert_true(l.items[1].flags & TOKEN_STOP);
	assert_string_equal(l.items[2].surface, "eclair");
	assert_int_equal(l.items[2].start, 10);
	assert_int_equal(l.items[2].end, 17); /* É is two bytes */
	assert_true(l.items[3].flags & TOKEN_NUMBER);
	assert_true(l.items[4].flags & TOKEN_WHOLE);
	assert_true(l.items[4].flags & TOKEN_MIXED);
	assert_int_equal(l.items[4].word, l.items[3].word);
	assert_int_equal(l.items[4].start, 18);
	assert_int_equal(l.items[4].end, 22);
	token_list_release(&l);
	tokenizer_free(t);
}

static void test_stemming(void **state)
{
	(void)state;
	tokenizer *t = tokenizer_new("english", NULL);
	assert_non_null(t);
	assert_true(tokenizer_stems(t));
	expect(t, "chargers charging charger", "charger charg charger");
	expect(t, "cases case", "case case");
	/* digits are never stemmed */
	char *s = tokenizer_stem(t, "series2", 7);
	assert_string_equal(s, "series2");
	free(s);
	s = tokenizer_stem(t, "batteries", 9);
	assert_string_equal(s, "batteri");
	free(s);
	/* the cache returns the same answer the second time */
	expect(t, "batteries batteries", "batteri batteri");
	tokenizer_free(t);

	tokenizer *fr = tokenizer_new("french", NULL);
	assert_non_null(fr);
	expect(fr, "téléphones", "telephon");
	tokenizer_free(fr);
}

static void test_unknown_language(void **state)
{
	(void)state;
	char *err = NULL;
	assert_null(tokenizer_new("klingon", &err));
	assert_non_null(err);
	assert_non_null(strstr(err, "klingon"));
	free(err);
}

static void test_stopwords(void **state)
{
	(void)state;
	tokenizer *t = tokenizer_new("english", NULL);
	tokenizer_set_stopwords(t, lang_list(pack, "query"));
	assert_true(tokenizer_is_stopword(t, "the", 3));
	assert_true(tokenizer_is_stopword(t, "for", 3));
	assert_false(tokenizer_is_stopword(t, "case", 4));
	tokenizer_free(t);
	tokenizer *none = tokenizer_new(NULL, NULL);
	assert_false(tokenizer_is_stopword(none, "the", 3));
	tokenizer_free(none);
}

static void test_bad_input(void **state)
{
	(void)state;
	tokenizer *t = tokenizer_new("english", NULL);
	/* invalid UTF-8 and control characters separate words */
	expect(t, "ab\xff\xfe" "cd\x01" "ef", "ab cd ef");
	expect(t, "\"NEAR(* - :'AND", "near and");
	expect(t, "", "");
	/* a very long word is cut, not overflowed */
	char longw[1000];
	memset(longw, 'x', sizeof longw - 1);
	longw[sizeof longw - 1] = '\0';
	struct token_list l;
	token_list_init(&l);
	tokenizer_list(t, longw, strlen(longw), &l);
	assert_int_equal(l.n, 1);
	assert_true(strlen(l.items[0].surface) <= TOKEN_MAX_BYTES);
	token_list_release(&l);
	/* truncated multibyte sequence at the end */
	expect(t, "caf\xc3", "caf");
	tokenizer_free(t);
}

static int stop_after_two(void *ctx, const struct token *t)
{
	(void)t;
	int *n = ctx;
	return ++*n == 2 ? 7 : 0;
}

static void test_callback_stops(void **state)
{
	(void)state;
	tokenizer *t = tokenizer_new(NULL, NULL);
	int n = 0;
	assert_int_equal(tokenizer_run(t, "a b c d", 7, stop_after_two, &n), 7);
	assert_int_equal(n, 2);
	tokenizer_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fold_case_and_accents),
		cmocka_unit_test(test_compounds_keep_model_codes),
		cmocka_unit_test(test_measures),
		cmocka_unit_test(test_flags_and_offsets),
		cmocka_unit_test(test_stemming),
		cmocka_unit_test(test_unknown_language),
		cmocka_unit_test(test_stopwords),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_callback_stops),
	};
	pack = test_lang_en();
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	lang_free(pack);
	return rc;
}
