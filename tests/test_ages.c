/* Ages: a product's age range from its fields and description, and the
 * age of the child a shopper speaks of. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "nlu/text/ages.h"

static void range(const char *text, bool label, int from, int to)
{
	int f = -2, t = -2;
	bool found = ages_in_text(text, strlen(text), label, &f, &t);
	if (from < 0 ? found : (!found || f != from || t != to))
		fail_msg("\"%s\": %s %d..%d, want %d..%d", text, found ? "found" : "none", f, t, from,
		         to);
}

static void test_product_ranges(void **state)
{
	(void)state;
	range("3+ years", true, 36, AGES_OPEN);
	range("Age: 10 years and up", false, 120, AGES_OPEN);
	range("0-12 months", false, 0, 12);
	range("3-5 years", true, 36, 71);
	range("18 m+", false, 18, AGES_OPEN);
	range("from 2 years", false, 24, AGES_OPEN);
	range("8", true, 96, AGES_OPEN);
	range("2-5", true, 24, 71);
	range("Ages 3 to 6", false, 36, 83);
	range("18 months - 3 years", false, 18, 47);
	range("Suitable from birth to 6 months or 9 kg.", false, 0, 6);
	range("Not suitable for children under 3 years: small parts.", false, 36, AGES_OPEN);
	range("Warning: not for under-3s. Ages 1-4", false, 36, 59);
	range("Sizes 3-4 years, 5-6 years and 7-8 years", false, 36, 107);
	/* not ages: players, pieces, a warranty, a floor said plainly */
	range("2-4 players", false, -1, 0);
	range("3+ players, 30 min", false, -1, 0);
	range("2 year warranty", false, -1, 0);
	range("1000 pieces", false, -1, 0);
	range("great for kids under 5", false, -1, 0);
	range("Comte AOP, aged 18 months", false, -1, 0);
	range("Matured from 24 months in the cellar", false, -1, 0);
	range("Aged 12-18 months in oak", false, -1, 0);
	/* an age left open after "aged" is the buyer's */
	range("For adults aged 16 years and over.", false, 192, AGES_OPEN);
	range("Adults and children aged 12 years and over", false, 144, AGES_OPEN);
	range("For children aged 6 to 16 years.", false, 72, 203);
	assert_true(ages_label("Age range", 9));
	assert_true(ages_label("recommended_age", 15));
	assert_false(ages_label("Package", 7));
}

static void child(const char *text, int months, const char *span)
{
	size_t s = 0, e = 0;
	int m = ages_of_child(text, strlen(text), &s, &e);
	if (m != months)
		fail_msg("\"%s\": %d months, want %d", text, m, months);
	if (span && (e - s != strlen(span) || strncmp(text + s, span, e - s)))
		fail_msg("\"%s\": span \"%.*s\", want \"%s\"", text, (int)(e - s), text + s, span);
}

static void test_child_ages(void **state)
{
	(void)state;
	child("toys for a 4 year old", 48, "4 year old");
	child("a gift for a 4-year-old boy", 48, "4-year-old");
	child("my nephew is 6 months old, what toys are suitable", 6, "6 months old");
	child("birthday present for my granddaughter, she's turning 4", 48, "turning 4");
	child("my son is 6", 72, "6");
	child("family board game for 4 players, kids are 8 and 11", 96, "8");
	child("a boy who is 6 and a girl who is 4", 48, "4");
	child("something for a toddler", 24, "");
	child("a blanket for a newborn", 0, "");
	child("something else, maybe a puzzle for a teenager", 168, "");
	child("craft kit for an 8 year old, not slime please", 96, "8 year old");
	/* no child's age */
	child("a 4 person tent", -1, NULL);
	child("add 2 of them", -1, NULL);
	child("a 2 year warranty", -1, NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_product_ranges),
		cmocka_unit_test(test_child_ages),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
