/* Unit tests for nlu/sentiment.c: polarity, negation, boosters, contrast,
 * symbols, shorthand and misspellings, sarcasm and questions, on the
 * bundled English lexicon and on a small one of the test's own. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang_fixture.h"
#include "nlu/sentiment.h"

struct fx {
	lang *pack;
	sentiment *s;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	f->pack = test_lang_en();
	char *err = NULL;
	f->s = sentiment_new(f->pack, NULL, &err);
	if (!f->s) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	sentiment_free(f->s);
	lang_free(f->pack);
	free(f);
	return 0;
}

static struct sentiment_result score(void **state, const char *text)
{
	struct fx *f = *state;
	struct sentiment_result r;
	sentiment_score(f->s, text, &r);
	return r;
}

static void expect(void **state, const char *text, enum sentiment_label want)
{
	struct sentiment_result r = score(state, text);
	if (r.label != want)
		fail_msg("'%s': got %s (%.3f), want %s", text, sentiment_label_name(r.label), r.score,
		         sentiment_label_name(want));
}

static void test_polarity(void **state)
{
	expect(state, "great, thanks!", SENTIMENT_POSITIVE);
	expect(state, "this is useless", SENTIMENT_NEGATIVE);
	expect(state, "what a fantastic shop", SENTIMENT_POSITIVE);
	expect(state, "my parcel is damaged", SENTIMENT_NEGATIVE);
	expect(state, "ok", SENTIMENT_NEUTRAL);
	expect(state, "I would like to change my address", SENTIMENT_NEUTRAL);
	expect(state, "", SENTIMENT_NEUTRAL);
	struct sentiment_result r = score(state, "");
	assert_true(r.score == 0 && r.hits == 0);
}

static void test_negation(void **state)
{
	expect(state, "not bad", SENTIMENT_POSITIVE);
	expect(state, "not good", SENTIMENT_NEGATIVE);
	expect(state, "this was not helpful", SENTIMENT_NEGATIVE);
	expect(state, "I was never unhappy with them", SENTIMENT_POSITIVE);
	expect(state, "it doesn't work", SENTIMENT_NEGATIVE);
	expect(state, "it don\xe2\x80\x99t look good", SENTIMENT_NEGATIVE); /* curly apostrophe */
	/* negation ends at the clause: "not" does not reach past the comma */
	expect(state, "not sure, but excellent", SENTIMENT_POSITIVE);
	/* a negated word is weaker than the plain one */
	assert_true(fabs(score(state, "not bad").score) < fabs(score(state, "bad").score));
}

static void test_boosters_keep_sign(void **state)
{
	struct sentiment_result plain = score(state, "terrible");
	struct sentiment_result really = score(state, "really terrible");
	struct sentiment_result bit = score(state, "a bit slow");
	assert_true(really.score < plain.score);
	assert_true(really.score < 0);
	assert_int_equal(bit.label, SENTIMENT_NEGATIVE);
	assert_true(score(state, "super helpful").score > score(state, "helpful").score);
	assert_true(score(state, "slightly late").score > score(state, "late").score);
}

static void test_contrast(void **state)
{
	expect(state, "lovely colours but the zip broke", SENTIMENT_NEGATIVE);
	expect(state, "shipping was slow but the lamp is excellent", SENTIMENT_POSITIVE);
}

static void test_symbols_shorthand_typos(void **state)
{
	expect(state, "thanks :)", SENTIMENT_POSITIVE);
	expect(state, ":(", SENTIMENT_NEGATIVE);
	expect(state, "\xf0\x9f\x91\x8d", SENTIMENT_POSITIVE);           /* thumbs up */
	expect(state, "\xf0\x9f\x98\xa1 my order", SENTIMENT_NEGATIVE);  /* pouting face */
	expect(state, "gr8", SENTIMENT_POSITIVE);
	expect(state, "sooooo good", SENTIMENT_POSITIVE);
	expect(state, "horible", SENTIMENT_NEGATIVE);
	expect(state, "excelent", SENTIMENT_POSITIVE);
	/* an emoticon glued inside a word is no emoticon */
	assert_int_equal(score(state, "see re:Do").hits, 0);
}

static void test_sarcasm_and_questions(void **state)
{
	expect(state, "oh wonderful, it broke again", SENTIMENT_NEGATIVE);
	struct sentiment_result q = score(state, "is the blue one good?");
	struct sentiment_result a = score(state, "the blue one is good");
	assert_true(q.score < a.score);
}

/* A lexicon of the test's own: the rules, not the word list. */
static void test_own_lexicon(void **state)
{
	(void)state;
	static const char text[] =
		"[sentiment.words]\nyum => 2\nyuck => -2\nok => 0\n"
		"[sentiment.negators]\nnah\n"
		"[sentiment.boosters]\nvery => 2\n"
		"[sentiment.contrast]\nbut\n";
	char path[] = "/tmp/clerk_sentiment_XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *fp = fdopen(fd, "w");
	fputs(text, fp);
	fclose(fp);
	char *err = NULL;
	lang *pack = lang_load(path, &err);
	assert_non_null(pack);
	sentiment *s = sentiment_new(pack, NULL, &err);
	assert_non_null(s);
	struct sentiment_result r;
	sentiment_score(s, "yum", &r);
	assert_true(fabs(r.sum - 2) < 1e-9);
	assert_true(fabs(r.score - 2 / sqrt(4 + 15)) < 1e-9);
	sentiment_score(s, "very yum", &r);
	assert_true(fabs(r.sum - 4) < 1e-9);
	sentiment_score(s, "nah yum", &r);
	assert_true(fabs(r.sum - (-1.2)) < 1e-9);
	sentiment_score(s, "yum but yuck", &r); /* 2 * 0.3 - 2 * 1.5 */
	assert_true(fabs(r.sum - (-2.4)) < 1e-9);
	sentiment_score(s, "ok", &r);
	assert_int_equal(r.label, SENTIMENT_NEUTRAL);
	sentiment_free(s);
	lang_free(pack);
	remove(path);

	/* a pack without the words is refused */
	lang *empty = lang_load(TEST_LANG_EN "/stopwords.txt", &err);
	assert_non_null(empty);
	assert_null(sentiment_new(empty, NULL, &err));
	assert_non_null(err);
	free(err);
	lang_free(empty);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_polarity),
		cmocka_unit_test(test_negation),
		cmocka_unit_test(test_boosters_keep_sign),
		cmocka_unit_test(test_contrast),
		cmocka_unit_test(test_symbols_shorthand_typos),
		cmocka_unit_test(test_sarcasm_and_questions),
		cmocka_unit_test(test_own_lexicon),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
