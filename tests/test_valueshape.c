/* Unit tests for nlu/text/valueshape.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "nlu/text/valueshape.h"

static enum value_shape shape(const char *s)
{
	return valueshape_of(s, strlen(s));
}

static void test_shapes(void **state)
{
	(void)state;
	assert_int_equal(shape("https://img.grocer.example/p/GR-1001_400.jpg"), SHAPE_URL);
	assert_int_equal(shape(" http://x.example "), SHAPE_URL);
	assert_int_equal(shape("//cdn.example/a.png"), SHAPE_URL);
	assert_int_equal(shape("www.shop.example/p/1"), SHAPE_URL);
	assert_int_equal(shape("images/p1.JPG"), SHAPE_FILE);
	assert_int_equal(shape("front.webp?v=3"), SHAPE_FILE);
	assert_int_equal(shape("tomb@mailbox.example"), SHAPE_EMAIL);
	assert_int_equal(shape("+44 20 7946 0958"), SHAPE_PHONE);
	assert_int_equal(shape("(555) 123-4567"), SHAPE_PHONE);
	assert_int_equal(shape("2026-03-08T05:13:00Z"), SHAPE_DATETIME);
	assert_int_equal(shape("2026-03-08 05:13"), SHAPE_DATETIME);
	assert_int_equal(shape("2026-03-08T05:13:00.123+02:00"), SHAPE_DATETIME);
	assert_int_equal(shape("5000079392643"), SHAPE_BARCODE);
	assert_int_equal(shape("4006381333931"), SHAPE_BARCODE);
	assert_int_equal(shape("036000291452"), SHAPE_BARCODE);
	assert_int_equal(shape("123e4567-e89b-12d3-a456-426614174000"), SHAPE_UUID);
	assert_int_equal(shape("TRUE"), SHAPE_BOOL);
	assert_int_equal(shape("no"), SHAPE_BOOL);
	/* Text. */
	assert_int_equal(shape("5000079392644"), SHAPE_TEXT); /* check digit wrong */
	assert_int_equal(shape("2026-03-08"), SHAPE_TEXT);
	assert_int_equal(shape("1299"), SHAPE_TEXT);
	assert_int_equal(shape("see www.example for details"), SHAPE_TEXT);
	assert_int_equal(shape("Ireland"), SHAPE_TEXT);
	assert_int_equal(shape("mail me at a@b.example"), SHAPE_TEXT);
	assert_int_equal(shape("@handle"), SHAPE_TEXT);
	assert_int_equal(shape(""), SHAPE_TEXT);
}

static void test_bool(void **state)
{
	(void)state;
	bool v = false;
	assert_true(valueshape_bool(" True", 5, &v));
	assert_true(v);
	assert_true(valueshape_bool("false", 5, &v));
	assert_false(v);
	assert_false(valueshape_bool("yes", 3, &v));
	assert_false(valueshape_bool("truest", 6, &v));
}

static void scrubbed(const char *in, const char *want, size_t count)
{
	struct buf b;
	buf_init(&b);
	assert_int_equal(valueshape_scrub_emails(in, strlen(in), &b), count);
	if (strcmp(b.s, want))
		fail_msg("\"%s\" -> \"%s\", want \"%s\"", in, b.s, want);
	assert_int_equal(valueshape_has_email(in, strlen(in)), count > 0);
	buf_release(&b);
}

static void test_scrub(void **state)
{
	(void)state;
	scrubbed("Write to ann.k@webmail.example for details.", "Write to for details.", 1);
	scrubbed("Contact: ann@x.example.", "Contact: .", 1);
	scrubbed("a@b.example, c+d@e.co.uk", ",", 2);
	scrubbed("<tomb@mailbox.example>", "<>", 1);
	scrubbed("no address @ all, user@localhost, x@y.z", "no address @ all, user@localhost, x@y.z", 0);
	scrubbed("", "", 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shapes),
		cmocka_unit_test(test_bool),
		cmocka_unit_test(test_scrub),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
