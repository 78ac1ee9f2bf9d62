/* Unit tests for nlu/spell.c: distance, BK-tree lookups, frequency choice. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nlu/text/spell.h"

static int dist(const char *a, const char *b, int max)
{
	return spell_distance(a, strlen(a), b, strlen(b), max);
}

static void test_distance(void **state)
{
	(void)state;
	assert_int_equal(dist("case", "case", 2), 0);
	assert_int_equal(dist("case", "cse", 2), 1);      /* deletion */
	assert_int_equal(dist("case", "casse", 2), 1);    /* insertion */
	assert_int_equal(dist("case", "cade", 2), 1);     /* substitution */
	assert_int_equal(dist("charger", "chagrer", 2), 1); /* transposition */
	assert_int_equal(dist("samsung", "smasnug", 2), 2);
	assert_int_equal(dist("abc", "xyz", 2), 3);       /* capped at max + 1 */
	assert_int_equal(dist("", "ab", 2), 2);
	assert_int_equal(dist("iphone", "", 2), 3);
}

static void add(spell *s, const char *w, uint64_t f)
{
	spell_add(s, w, strlen(w), f);
}

static const char *correct(spell *s, const char *w, int max)
{
	static char out[64];
	struct spell_match m;
	if (!spell_correct(s, w, strlen(w), max, &m))
		return NULL;
	snprintf(out, sizeof out, "%.*s", (int)m.len, m.word);
	return out;
}

static void test_correct(void **state)
{
	(void)state;
	spell *s = spell_new();
	const char *words[] = {"case", "cable", "charger", "samsung", "galaxy", "iphone",
	                       "screen", "protector", "battery", "wireless", "headset"};
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		add(s, words[i], 10);
	add(s, "case", 5); /* adds to the frequency */
	assert_int_equal(spell_size(s), 11);
	assert_int_equal(spell_freq(s, "case", 4), 15);
	assert_int_equal(spell_freq(s, "casx", 4), 0);

	assert_string_equal(correct(s, "chargr", 2), "charger");
	assert_string_equal(correct(s, "samsnug", 2), "samsung");
	assert_string_equal(correct(s, "galxy", 2), "galaxy");
	assert_string_equal(correct(s, "iphnoe", 2), "iphone");
	assert_string_equal(correct(s, "wirless", 2), "wireless");
	assert_null(correct(s, "zzzzzz", 2));
	assert_null(correct(s, "chrgr", 1));        /* two edits away, only one allowed */
	spell_free(s);
}

static double cost(const char *a, const char *b)
{
	return spell_cost(a, strlen(a), b, strlen(b));
}

/* The slips fingers make cost half an edit; other edits a whole one. */
static void test_keyboard_cost(void **state)
{
	(void)state;
	assert_true(cost("case", "case") == 0);
	assert_true(cost("tech", "tehc") == 0.5);        /* swap */
	assert_true(cost("case", "cqse") == 0.5);        /* q is next to a */
	assert_true(cost("case", "cpse") == 1.0);        /* p is not */
	assert_true(cost("case", "caase") == 0.5);       /* a letter doubled */
	assert_true(cost("bluetooth", "bluetoth") == 0.5); /* a double dropped */
	assert_true(cost("case", "cse") == 1.0);         /* a single letter dropped */
	assert_true(cost("third", "hard") == 2.0);
	/* between two words one edit away, the keyboard decides */
	spell *s = spell_new();
	add(s, "cose", 10);
	add(s, "case", 10);
	assert_string_equal(correct(s, "cqse", 1), "case");
	spell_free(s);
}

static void test_frequency_decides(void **state)
{
	(void)state;
	spell *s = spell_new();
	add(s, "cable", 1000);
	add(s, "table", 3);
	/* both one edit from "xable"; the frequent one wins */
	assert_string_equal(correct(s, "xable", 2), "cable");
	/* a nearer word beats a farther frequent one */
	add(s, "cases", 2);
	add(s, "care", 400);
	assert_string_equal(correct(s, "casess", 2), "cases");
	spell_free(s);
}

/* The near words best first, as spell_correct() ranks them, at most as
 * many as asked; the best is the one spell_correct() gives. */
static void test_candidates(void **state)
{
	(void)state;
	spell *s = spell_new();
	add(s, "galaxy", 50);
	add(s, "code", 5);
	add(s, "cafe", 10);
	add(s, "case", 40);
	struct spell_match m[4];
	size_t n = spell_candidates(s, "cade", 4, 1, m, 4);
	assert_int_equal(n, 3);
	assert_memory_equal(m[0].word, "case", 4); /* a key next to the right one */
	assert_memory_equal(m[1].word, "cafe", 4); /* the same, rarer */
	assert_memory_equal(m[2].word, "code", 4); /* a whole edit */
	assert_string_equal(correct(s, "cade", 1), "case");
	assert_int_equal(spell_candidates(s, "cade", 4, 1, m, 2), 2);
	assert_memory_equal(m[1].word, "cafe", 4);
	assert_int_equal(spell_candidates(s, "cade", 4, 1, m, 0), 0);
	assert_int_equal(spell_candidates(s, "zzzzzz", 6, 2, m, 4), 0);
	spell_free(s);
}

static void test_many_words(void **state)
{
	(void)state;
	spell *s = spell_new();
	char w[16];
	/* a vocabulary of generated words; every lookup must still be exact */
	for (int i = 0; i < 20000; i++) {
		snprintf(w, sizeof w, "w%dx%d", i * 7919 % 10007, i);
		add(s, w, (uint64_t)(i % 50) + 1);
	}
	assert_int_equal(spell_size(s), 20000);
	struct spell_match m;
	assert_true(spell_correct(s, "w7919x1z", 8, 2, &m));
	assert_int_equal(m.distance, 1);
	assert_int_equal(spell_freq(s, "w7919x1", 7), 2);
	spell_free(s);
	spell_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_distance),
		cmocka_unit_test(test_correct),
		cmocka_unit_test(test_keyboard_cost),
		cmocka_unit_test(test_frequency_decides),
		cmocka_unit_test(test_candidates),
		cmocka_unit_test(test_many_words),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
