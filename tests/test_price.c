/* Unit tests for catalog/price.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "catalog/import/price.h"

static void check(const char *text, int64_t cents, const char *currency)
{
	int64_t got = -1;
	char cur[4] = "?";
	if (price_parse(text, &got, cur) != 0)
		fail_msg("\"%s\" should parse", text);
	if (got != cents || strcmp(cur, currency))
		fail_msg("\"%s\": got %lld %s, wanted %lld %s", text, (long long)got, cur,
		         (long long)cents, currency);
}

static void test_forms(void **state)
{
	(void)state;
	check("15", 1500, "");
	check("15.00 USD", 1500, "USD");
	check("USD 15.5", 1550, "USD");
	check("$1,299.99", 129999, "USD");
	check("1,299", 129900, "");
	check("12,5", 1250, "");
	check("1.299,99 EUR", 129999, "EUR");
	check("\xE2\x82\xAC" "12,50", 1250, "EUR");
	check("\xC2\xA3" "5", 500, "GBP");
	check(" 0.999 ", 100, "");
	/* one '.' with three digits after it groups thousands beside a currency */
	check("1.299 \xE2\x82\xAC", 129900, "EUR");
	check("EUR 12.999", 1299900, "EUR");
	check("4.125", 413, "");
	check("$0.999", 100, "USD");
	check("12.5", 1250, "");
	check("CHF 1'299.00", 129900, "CHF");
	check(".99", 99, "");
	check("1.299.000", 129900000, "");
	check("49.99 usd", 4999, "USD");
	/* eBay's sites' dollars */
	check("US $1,399.00", 139900, "USD");
	check("AU $89.95", 8995, "AUD");
	check("C $45", 4500, "CAD");
}

static void test_rejects(void **state)
{
	(void)state;
	const char *bad[] = {"abc", "", "  ", "-5", "1,2.3.4", "12 USD EUR", "$", "15 dollars",
	                     "99999999999999999999", "1e5"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int64_t c;
		char cur[4];
		if (price_parse(bad[i], &c, cur) == 0)
			fail_msg("\"%s\" should be rejected", bad[i]);
	}
	assert_true(price_is_blank("  "));
	assert_false(price_is_blank(" 1 "));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_forms),
		cmocka_unit_test(test_rejects),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
