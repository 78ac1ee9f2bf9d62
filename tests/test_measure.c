/* Unit tests for nlu/text/measure.c on the bundled assets/units.txt. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nlu/text/measure.h"

static int setup(void **state)
{
	struct measure_units *u = NULL;
	char *err = NULL;
	if (measure_units_load(CLERK_ASSETS_DIR "/units.txt", &u, &err) < 0) {
		fprintf(stderr, "%s\n", err);
		free(err);
		return -1;
	}
	*state = u;
	return 0;
}

static int teardown(void **state)
{
	measure_units_free(*state);
	return 0;
}

static struct measure parse_ok(const struct measure_units *u, const char *s)
{
	struct measure m;
	if (!measure_parse(u, s, strlen(s), &m))
		fail_msg("\"%s\" is not read as a measure", s);
	return m;
}

static void expect(const struct measure_units *u, const char *s, const char *dimension,
                   const char *unit, double value, const char *shown)
{
	struct measure m = parse_ok(u, s);
	if (!dimension) {
		assert_null(m.dimension);
	} else {
		assert_non_null(m.dimension);
		assert_string_equal(m.dimension, dimension);
		assert_string_equal(m.unit, unit);
	}
	if (fabs(m.value[0] - value) > 1e-6 * fmax(1, fabs(value)))
		fail_msg("\"%s\": %g, want %g", s, m.value[0], value);
	char out[64];
	measure_format(&m, out, sizeof out);
	assert_string_equal(out, shown);
}

static void test_values_and_units(void **state)
{
	const struct measure_units *u = *state;
	expect(u, "280 g", "mass", "g", 280, "280 g");
	expect(u, "1.2kg", "mass", "g", 1200, "1.2 kg");
	expect(u, "6.1 inches", "length", "mm", 154.94, "6.1 in");
	expect(u, "6.1\"", "length", "mm", 154.94, "6.1 in");
	expect(u, "6.1-inch", "length", "mm", 154.94, "6.1 in");
	expect(u, "5,000 mAh", "charge", "mAh", 5000, "5000 mAh");
	expect(u, "50 ml", "volume", "ml", 50, "50 ml");
	expect(u, "1 l", "volume", "ml", 1000, "1 l");
	expect(u, "1,5 L", "volume", "ml", 1500, "1.5 l");
	expect(u, "12 oz", "mass", "g", 340.19427, "12 oz");
	expect(u, "12 fl. oz", "volume", "ml", 354.88235, "12 fl oz");
	expect(u, "57 h", "time", "h", 57, "57 h");
	expect(u, "90 minutes", "time", "h", 1.5, "90 min");
	expect(u, "128GB", "storage", "GB", 128, "128 GB");
	expect(u, "1 TB", "storage", "GB", 1000, "1 TB");
	expect(u, "65 W", "power", "W", 65, "65 W");
	expect(u, "48 MP", "resolution", "MP", 48, "48 MP");
	expect(u, "64 kcal", "food energy", "kcal", 64, "64 kcal");
	expect(u, "IP68", "ingress", "IP", 68, "IP68");
	expect(u, "40%", "ratio", "%", 40, "40%");
	expect(u, "171 g (6.03 oz)", "mass", "g", 171, "171 g");
	expect(u, "1.234,5 g", "mass", "g", 1234.5, "1234.5 g");
	/* fractions as sizes are written */
	expect(u, "1/2 in", "length", "mm", 12.7, "0.5 in");
	expect(u, "2-1/2 in", "length", "mm", 63.5, "2.5 in");
	expect(u, "1 3/4\"", "length", "mm", 44.45, "1.75 in");
	expect(u, "15/16 in", "length", "mm", 23.8125, "0.938 in");
	/* A bare number is a measure without a unit. */
	expect(u, "3.5", NULL, NULL, 3.5, "3.5");
	expect(u, "1,299", NULL, NULL, 1299, "1299");
}

static void test_boxes(void **state)
{
	const struct measure_units *u = *state;
	struct measure m = parse_ok(u, "2 x 3 x 4 cm");
	assert_int_equal(m.n, 3);
	assert_true(fabs(m.value[0] - 20) < 1e-9 && fabs(m.value[2] - 40) < 1e-9);
	char out[64];
	measure_format(&m, out, sizeof out);
	assert_string_equal(out, "2 x 3 x 4 cm");
	m = parse_ok(u, "15cm × 7.5cm");
	assert_int_equal(m.n, 2);
	assert_true(fabs(m.value[1] - 75) < 1e-9);
	m = parse_ok(u, "10 x 20");
	assert_int_equal(m.n, 2);
	assert_null(m.dimension);
	/* Sides in two dimensions are no box. */
	assert_false(measure_parse(u, "2 cm x 3 kg", 11, &m));
}

static void test_not_measures(void **state)
{
	const struct measure_units *u = *state;
	const char *no[] = {
		"", "kg", "12 pack", "10-20 W", "about 5 kg", "5 kg of flour", "2026-03-08",
		"blue", "IP", "IPX", "5 kg/m", "1.2.3.4.5 g", "N/A",
		/* no fraction: a date, a ratio over one, a zero denominator */
		"3/4/2026", "3/2 in", "1/0 in", "1.5/2 in", "2--1/2 in",
	};
	struct measure m;
	for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
		if (measure_parse(u, no[i], strlen(no[i]), &m))
			fail_msg("\"%s\" read as a measure", no[i]);
	/* Without a table only bare numbers are read. */
	assert_true(measure_parse(NULL, "42", 2, &m));
	assert_false(measure_parse(NULL, "42 g", 4, &m));
}

static void test_compare(void **state)
{
	const struct measure_units *u = *state;
	struct measure a = parse_ok(u, "1.2 kg"), b = parse_ok(u, "900 g");
	assert_int_equal(measure_compare(&a, &b), 1);
	assert_int_equal(measure_compare(&b, &a), -1);
	a = parse_ok(u, "6.1 in");
	b = parse_ok(u, "15.5 cm");
	assert_int_equal(measure_compare(&a, &b), -1);
	b = parse_ok(u, "154.94 mm");
	assert_int_equal(measure_compare(&a, &b), 0);
	b = parse_ok(u, "900 g");
	assert_int_equal(measure_compare(&a, &b), MEASURE_INCOMPARABLE);
	b = parse_ok(u, "6");
	assert_int_equal(measure_compare(&a, &b), MEASURE_INCOMPARABLE);
	a = parse_ok(u, "7");
	assert_int_equal(measure_compare(&a, &b), 1);
	/* kitchen volumes: quarts and cups against litres */
	a = parse_ok(u, "5 quarts");
	b = parse_ok(u, "4.5 l");
	assert_int_equal(measure_compare(&a, &b), 1);
	a = parse_ok(u, "4 cups");
	b = parse_ok(u, "1 qt");
	assert_int_equal(measure_compare(&a, &b), 0);
}

/* A shopper's round number for a size written exactly: "10 inch" is the
 * 10.25 in skillet, not the 10.5 in one, and never a size of another
 * dimension or a number said with decimals. */
static void test_rounds_to(void **state)
{
	const struct measure_units *u = *state;
	struct measure said = parse_ok(u, "10 inch");
	struct measure listed = parse_ok(u, "10.25 in");
	assert_true(measure_rounds_to(&listed, &said));
	listed = parse_ok(u, "9.8 in");
	assert_true(measure_rounds_to(&listed, &said));
	listed = parse_ok(u, "10.5 in");
	assert_false(measure_rounds_to(&listed, &said));
	listed = parse_ok(u, "25.4 cm"); /* 10 in exactly, in another unit */
	assert_true(measure_rounds_to(&listed, &said));
	listed = parse_ok(u, "10 lb");
	assert_false(measure_rounds_to(&listed, &said));
	/* within half a unit but not within 5%: 2 qt is no 2.4 qt */
	said = parse_ok(u, "2 qt");
	listed = parse_ok(u, "2.4 qt");
	assert_false(measure_rounds_to(&listed, &said));
	/* a number said with decimals is said exactly */
	said = parse_ok(u, "10.2 in");
	listed = parse_ok(u, "10.25 in");
	assert_false(measure_rounds_to(&listed, &said));
	/* bare numbers have no size to round */
	said = parse_ok(u, "10");
	listed = parse_ok(u, "10.25");
	assert_false(measure_rounds_to(&listed, &said));
}

static void test_format_value(void **state)
{
	const struct measure_units *u = *state;
	char out[64];
	measure_format_value(u, 1200, "g", out, sizeof out);
	assert_string_equal(out, "1.2 kg");
	measure_format_value(u, 171, "g", out, sizeof out);
	assert_string_equal(out, "171 g");
	measure_format_value(u, 0.5, "g", out, sizeof out);
	assert_string_equal(out, "500 mg");
	measure_format_value(u, 1500, "mm", out, sizeof out);
	assert_string_equal(out, "1.5 m");
	measure_format_value(u, 750, "ml", out, sizeof out);
	assert_string_equal(out, "750 ml");
	measure_format_value(u, 3, "widgets", out, sizeof out);
	assert_string_equal(out, "3 widgets");
	/* one of a unit shown as a plural word is singular */
	struct measure m = parse_ok(u, "1 year");
	measure_format(&m, out, sizeof out);
	assert_string_equal(out, "1 year");
	m = parse_ok(u, "10 years");
	measure_format(&m, out, sizeof out);
	assert_string_equal(out, "10 years");
	m = parse_ok(u, "1 kg");
	measure_format(&m, out, sizeof out);
	assert_string_equal(out, "1 kg");
	/* Cut to the buffer, the full length returned. */
	assert_int_equal(measure_format_value(u, 1200, "g", out, 4), 6);
	assert_string_equal(out, "1.2");
	measure_format_number(0.125, out, sizeof out);
	assert_string_equal(out, "0.125");
	measure_format_number(-0.0001, out, sizeof out);
	assert_string_equal(out, "0");
}

static void test_unit_lookup(void **state)
{
	const struct measure_units *u = *state;
	struct measure m;
	assert_true(measure_unit(u, "Kilograms", 9, &m));
	assert_string_equal(m.given, "kg");
	assert_true(m.factor == 1000);
	assert_true(measure_unit(u, "fl oz", 5, &m));
	assert_string_equal(m.unit, "ml");
	assert_false(measure_unit(u, "pack", 4, &m));
	assert_false(measure_unit(NULL, "g", 1, &m));
}

static void bad_table(const char *text, const char *want)
{
	struct measure_units *u = NULL;
	char *err = NULL;
	assert_int_equal(measure_units_parse(text, strlen(text), "t.txt", &u, &err), -1);
	assert_null(u);
	if (!strstr(err, want))
		fail_msg("message \"%s\" lacks \"%s\"", err, want);
	free(err);
}

static void test_table_errors(void **state)
{
	(void)state;
	bad_table("mass g 1\n", "line 1: a unit without a spelling");
	bad_table("mass g\n", "line 1: want DIMENSION");
	bad_table("mass g x g\n", "\"x\" is not a factor");
	bad_table("mass g 1000 kg\n", "has no line with factor 1");
	bad_table("mass g 1 g\nlength mm 1 mm g\n", "\"g\" names two units");
	char *err = NULL;
	assert_int_equal(measure_units_load("/nonexistent/units.txt", &(struct measure_units *){NULL},
	                                    &err), -1);
	assert_non_null(strstr(err, "/nonexistent/units.txt"));
	free(err);
	measure_units_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_values_and_units), cmocka_unit_test(test_boxes),
		cmocka_unit_test(test_not_measures),     cmocka_unit_test(test_compare),
		cmocka_unit_test(test_rounds_to),
		cmocka_unit_test(test_format_value),     cmocka_unit_test(test_unit_lookup),
		cmocka_unit_test(test_table_errors),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
