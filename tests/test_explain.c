/* A recommendation's reason in the language pack's words. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "src/dialogue/explain.h"
#include "tests/lang_fixture.h"

static int setup(void **state)
{
	replies *rp = replies_new(TEST_LANG_EN "/replies", NULL);
	if (!rp)
		return -1;
	*state = rp;
	return 0;
}

static int teardown(void **state)
{
	replies_free(*state);
	return 0;
}

static void check(const replies *rp, const char *reason, const char *about, unsigned count,
                  const char *want)
{
	struct recommendation r = {.reason = reason, .about = (char *)about, .count = count};
	char *line = explain_recommendation(rp, &r);
	if (!want) {
		assert_null(line);
		return;
	}
	assert_non_null(line);
	assert_string_equal(line, want);
	free(line);
}

static void test_reasons_in_words(void **state)
{
	const replies *rp = *state;
	check(rp, "bought_with", "Tent One", 6, "bought with Tent One in 6 orders");
	check(rp, "bought_with", "Tent One", 1, "bought with Tent One in 1 order");
	check(rp, "bought_with", NULL, 2, "bought with your basket in 2 orders");
	check(rp, "because_bought", "Trail Stove", 0, "because you bought Trail Stove");
	check(rp, "popular", "Tents", 0, "popular in Tents");
	check(rp, "popular", NULL, 0, "popular with shoppers");
	check(rp, "bought_before", NULL, 3, "you bought it 3 times");
	check(rp, "bought_before", NULL, 1, "you bought it before");
	check(rp, "picked", NULL, 0, "picked by our staff");
}

static void test_unworded_reason(void **state)
{
	const replies *rp = *state;
	check(rp, "no_such_reason", "x", 0, NULL);
	check(rp, NULL, "x", 0, NULL);
	/* a reason that needs what it is about, without it */
	check(rp, "because_viewed", NULL, 0, NULL);
	struct recommendation r = {.reason = "picked"};
	assert_null(explain_recommendation(NULL, &r));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reasons_in_words),
		cmocka_unit_test(test_unworded_reason),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
