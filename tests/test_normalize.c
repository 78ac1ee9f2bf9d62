/* Unit tests for nlu/normalize.c and nlu/stopwords.c: folding,
 * contractions, numbers and money, spans, bad input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nlu/text/normalize.h"
#include "nlu/text/stopwords.h"
#include "tests/lang_fixture.h"

/* The English pack: normalizing reads its contractions and currencies. */
static lang *pack;
static struct norm_words words;

struct fx {
	tokenizer *tk;
	struct norm_text t;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	f->tk = tokenizer_new("english", NULL);
	norm_text_init(&f->t);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	norm_text_release(&f->t);
	tokenizer_free(f->tk);
	free(f);
	return 0;
}

static const struct norm_text *norm(void **state, const char *s)
{
	struct fx *f = *state;
	normalize(f->tk, &words, s, strlen(s), &f->t);
	return &f->t;
}

static void expect_text(void **state, const char *in, const char *want)
{
	const struct norm_text *t = norm(state, in);
	if (strcmp(t->text, want))
		fail_msg("normalize(\"%s\") = \"%s\", want \"%s\"", in, t->text, want);
}

/* The token whose text is word, or fail. */
static const struct norm_token *find(const struct norm_text *t, const char *word)
{
	for (size_t i = 0; i < t->n; i++)
		if (!strcmp(t->tok[i].text, word))
			return &t->tok[i];
	fail_msg("no token \"%s\" in \"%s\"", word, t->text);
	return NULL;
}

static void test_folding(void **state)
{
	expect_text(state, "Café CRÈME Straße", "cafe creme strasse");
	expect_text(state, "  Hello,   WORLD!! ", "hello world");
	expect_text(state, "ｆｕｌｌｗｉｄｔｈ", "fullwidth");
	expect_text(state, "", "");
}

static void test_contractions(void **state)
{
	expect_text(state, "Where's my order?", "where is my order");
	expect_text(state, "I dont want it", "i do not want it");
	expect_text(state, "I'm sure it won't fit", "i am sure it will not fit");
	expect_text(state, "can't, shouldn't", "can not should not");
	expect_text(state, "we’re here, they've gone", "we are here they have gone");
	expect_text(state, "samsung's phones", "samsung phones");
	expect_text(state, "wanna buy pls", "want to buy please");
	/* "id" and "ill" are words, not "I'd" and "I'll" */
	expect_text(state, "order id", "order id");
}

static void expect_spelled(const char *in, const char *want)
{
	char *got = norm_spell_out(&words, in, NORM_SPELL_CHAT | NORM_SPELL_BEFORE_VERB);
	if (want ? !got || strcmp(got, want) : got != NULL)
		fail_msg("norm_spell_out(\"%s\") = \"%s\", want \"%s\"", in, got ? got : "(none)",
		         want ? want : "(none)");
	free(got);
}

/* "ill" and "id" are contractions only where a verb follows them. */
static void test_spell_out(void **state)
{
	(void)state;
	expect_spelled("ill take the blue one", "i will take the blue one");
	expect_spelled("Id like two, and ill pay now", "i would like two, and i will pay now");
	expect_spelled("ok  ill  have it", "ok  i will  have it");
	expect_spelled("order id 4411", NULL);
	expect_spelled("ill with the flu", NULL);
	expect_spelled("what is my id", NULL);
	expect_spelled("ill", NULL);
	expect_spelled("I'll take it", NULL); /* the model reads "I'll" as trained */
	expect_spelled("chill take", NULL);
	expect_spelled("", NULL);
	/* chat spellings are the words wherever they stand */
	expect_spelled("do u hav any prosecco", "do you have any prosecco");
	expect_spelled("U there?", "you there?");
	expect_spelled("umbrella hav", "umbrella have");
	expect_spelled("ur order", "your order");
	/* only the kinds asked for */
	char *got = norm_spell_out(&words, "ill take u", NORM_SPELL_CHAT);
	assert_non_null(got);
	assert_string_equal(got, "ill take you");
	free(got);
	assert_null(norm_spell_out(&words, "ill take it", NORM_SPELL_CHAT));
}

static void test_numbers_in_words(void **state)
{
	expect_text(state, "fifty bucks", "50 bucks");
	expect_text(state, "twenty-five", "25");
	expect_text(state, "one hundred and twenty", "120");
	expect_text(state, "a hundred dollars", "100 dollars");
	expect_text(state, "two thousand three hundred", "2300");
	expect_text(state, "1.5 thousand", "1500");
	/* a lone "one" stays a word: "that one" is a pronoun */
	const struct norm_text *t = norm(state, "that one");
	const struct norm_token *k = find(t, "one");
	assert_true(k->flags & NORM_NUMBER);
	assert_true(k->number == 1);
	/* "one two" are two numbers, not twelve or three */
	expect_text(state, "one two", "one 2");
	t = norm(state, "the twenty-first");
	k = find(t, "21");
	assert_true(k->flags & NORM_ORDINAL);
}

static void test_cardinal_words(void **state)
{
	(void)state;
	long v = -1;
	assert_true(norm_cardinal_word("two", &v) && v == 2);
	assert_true(norm_cardinal_word("twelve", &v) && v == 12);
	assert_true(norm_cardinal_word("forty", &v) && v == 40);
	/* ordinals and scales are no count of things */
	assert_false(norm_cardinal_word("second", &v));
	assert_false(norm_cardinal_word("hundred", &v));
	assert_false(norm_cardinal_word("twos", &v));
	assert_false(norm_cardinal_word("", &v));
}

static void test_money(void **state)
{
	const struct norm_text *t = norm(state, "$1,299.99");
	assert_int_equal(t->n, 1);
	assert_string_equal(t->tok[0].text, "1299.99");
	assert_true(t->tok[0].flags & NORM_MONEY);
	assert_true(t->tok[0].number > 1299.98 && t->tok[0].number < 1300);
	assert_string_equal(t->tok[0].currency, "USD");

	t = norm(state, "about 1.2k usd");
	const struct norm_token *k = find(t, "1200");
	assert_true(k->flags & NORM_MONEY);
	assert_true(k->number == 1200);

	t = norm(state, "50€ or £30 or 20 quid");
	assert_string_equal(find(t, "50")->currency, "EUR");
	assert_string_equal(find(t, "30")->currency, "GBP");
	assert_true(find(t, "20")->flags & NORM_MONEY);

	t = norm(state, "fifty bucks");
	assert_true(find(t, "50")->flags & NORM_MONEY);
	assert_true(find(t, "bucks")->flags & NORM_CURRENCY);

	/* without a currency, "4k" is a resolution and 50 a bare number */
	t = norm(state, "4k tv for 50");
	k = find(t, "4k");
	assert_true(k->flags & NORM_NUMPFX);
	assert_false(k->flags & NORM_MONEY);
	assert_false(find(t, "50")->flags & NORM_MONEY);
}

static void test_number_shapes(void **state)
{
	const struct norm_text *t = norm(state, "64GB 2nd 3x 00123 ord12345");
	const struct norm_token *k = find(t, "64gb");
	assert_true(k->flags & NORM_NUMPFX);
	assert_true(k->number == 64);
	assert_string_equal(k->text + k->suffix, "gb");
	assert_true(find(t, "2nd")->flags & NORM_ORDINAL);
	assert_true(find(t, "3x")->flags & NORM_NUMPFX);
	/* ids keep their leading zeros */
	assert_true(find(t, "00123")->flags & NORM_NUMBER);
	assert_true(find(t, "ord12345")->flags & NORM_ALNUM);
	/* a comma list is not a thousands separator */
	expect_text(state, "compare 1,2 and 3", "compare 1 2 and 3");
	expect_text(state, "2,500 dollars", "2500 dollars");
	/* a missing space after a short word */
	expect_text(state, "a refund of299 dollars", "a refund of 299 dollars");
	expect_text(state, "bills fromAnna Freeman", "bills from anna freeman");
	t = norm(state, "fromAnna");
	assert_true(find(t, "anna")->flags & NORM_CAPITAL);
	assert_int_equal(find(t, "anna")->start, 4);
	expect_text(state, "order732201349959", "order 732201349959");
	/* but not words that only start like one */
	expect_text(state, "island iPhone s23", "island iphone s23");
}

static void test_gaps_and_spans(void **state)
{
	const char *in = "Order #10422 and ORD-12345, mail Bob@Example.COM.";
	const struct norm_text *t = norm(state, in);
	const struct norm_token *k = find(t, "10422");
	assert_true(k->flags & NORM_HASH);
	assert_int_equal(k->start, 7);
	assert_int_equal(k->end, 12);
	k = find(t, "12345");
	assert_true(k->flags & NORM_HYPHEN);
	k = find(t, "bob@example.com");
	assert_true(k->flags & NORM_EMAIL);
	assert_memory_equal(in + k->start, "Bob@Example.COM", k->end - k->start);
	k = find(t, "order");
	assert_true(k->flags & NORM_CAPITAL);
	assert_true(k->flags & NORM_SENTENCE);
	assert_true(find(t, "ord")->flags & NORM_UPPER);
	t = norm(state, "under <50 or ~40");
	assert_true(find(t, "<")->flags & NORM_SYMBOL);
	assert_true(find(t, "~")->flags & NORM_SYMBOL);
}

static void test_bad_input(void **state)
{
	char bad[] = "a\xff\xfe b\x01\x1b[31mc \xf0\x9f\x98\x80 d\xc3";
	const struct norm_text *t = norm(state, bad);
	assert_string_equal(t->text, "a b 31mc d");
	for (size_t i = 0; i < t->n; i++)
		assert_true(t->tok[i].end <= sizeof bad - 1);
	/* NUL-free but not NUL-terminated input: only len bytes are read */
	struct fx *f = *state;
	normalize(f->tk, &words, "abc def", 3, &f->t);
	assert_string_equal(f->t.text, "abc");
	normalize(f->tk, &words, NULL, 0, &f->t);
	assert_int_equal(f->t.n, 0);
	/* a huge digit run is kept, not parsed into a double */
	char big[300];
	memset(big, '9', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	t = norm(state, big);
	assert_true(t->n >= 1);
}

static void test_stopwords(void **state)
{
	(void)state;
	struct stopwords sw;
	stopwords_init(&sw, pack);
	assert_true(stopwords_is(&sw, "the"));
	assert_true(stopwords_is(&sw, "some"));
	assert_true(stopwords_is_request(&sw, "show"));
	assert_true(stopwords_is_request(&sw, "looking"));
	assert_false(stopwords_is(&sw, "headphones"));
	static const char *const keep[] = {"not", "no", "without", "under", "over", "more",
	                                   "less", "cheaper", "than", "between", "only",
	                                   "except", "best", "most", "least", "below", "above"};
	for (size_t i = 0; i < sizeof keep / sizeof *keep; i++) {
		assert_true(stopwords_is_protected(&sw, keep[i]));
		if (stopwords_is(&sw, keep[i]) || stopwords_is_request(&sw, keep[i]))
			fail_msg("\"%s\" carries meaning but is a stop word", keep[i]);
	}
}

/* A slip of a long function or request word is near it; short words, the
 * words themselves changed by more than one edit, and constraint words
 * are not. */
static void test_stopwords_near(void **state)
{
	(void)state;
	struct stopwords sw;
	stopwords_init(&sw, pack);
	assert_true(stopwords_near(&sw, "somthing"));  /* a letter dropped */
	assert_true(stopwords_near(&sw, "somehting")); /* two swapped */
	assert_true(stopwords_near(&sw, "lookng"));
	assert_false(stopwords_near(&sw, "sme"));      /* too short to tell */
	assert_false(stopwords_near(&sw, "smthng"));   /* two edits */
	assert_false(stopwords_near(&sw, "headphones"));
	assert_false(stopwords_near(&sw, "cheapr"));   /* a constraint's slip is no stop word */
	assert_false(stopwords_near(&sw, NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_folding, setup, teardown),
		cmocka_unit_test(test_stopwords_near),
		cmocka_unit_test_setup_teardown(test_contractions, setup, teardown),
		cmocka_unit_test(test_spell_out),
		cmocka_unit_test_setup_teardown(test_numbers_in_words, setup, teardown),
		cmocka_unit_test(test_cardinal_words),
		cmocka_unit_test_setup_teardown(test_money, setup, teardown),
		cmocka_unit_test_setup_teardown(test_number_shapes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_gaps_and_spans, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_input, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stopwords, setup, teardown),
	};
	pack = test_lang_en();
	norm_words_init(&words, pack);
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	lang_free(pack);
	return rc;
}
