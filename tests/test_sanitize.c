/* Unit tests for src/sanitize.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "common/sanitize.h"

static void check(const char *in, unsigned flags, const char *want)
{
	char *got = sanitize_dup(in, flags);
	assert_string_equal(got, want);
	free(got);
}

static void test_plain_text_unchanged(void **state)
{
	(void)state;
	check("Galaxy S21 – 128 GB, «Phantom» 日本語 ★", 0, "Galaxy S21 – 128 GB, «Phantom» 日本語 ★");
	check("", 0, "");
	check(NULL, 0, "");
}

static void test_csi_removed_whole(void **state)
{
	(void)state;
	check("red\x1b[31mALERT\x1b[0m!", 0, "redALERT!");
	check("\x1b[2J\x1b[H\x1b[?1049hname", 0, "name");
	/* 8-bit CSI, as UTF-8 U+009B */
	check("a\xc2\x9b" "31mb", 0, "ab");
}

static void test_osc_and_strings_removed(void **state)
{
	(void)state;
	check("x\x1b]0;pwned title\x07y", 0, "xy");
	check("x\x1b]8;;http://evil/\x1b\\link\x1b]8;;\x1b\\y", 0, "xlinky");
	check("x\x1bP+q544e\x1b\\y", 0, "xy");
	check("x\x1b_apc\x1b\\y", 0, "xy");
	/* unterminated: the rest is dropped */
	check("ok\x1b]52;c;ZXZpbA==", 0, "ok");
}

static void test_two_byte_escapes(void **state)
{
	(void)state;
	check("a\x1b" "cb", 0, "ab");     /* RIS: full reset */
	check("a\x1b(0b", 0, "ab");       /* charset switch */
	check("a\x1b", 0, "a");           /* lone ESC at the end */
}

static void test_controls_dropped(void **state)
{
	(void)state;
	check("a\x01\x02\x08\x7f" "b\x0e" "c", 0, "abc");
	check("a\tb", 0, "a b");
	check("a\nb\r\nc\rd", 0, "a b c d");
	check("a\nb\r\nc", SANITIZE_KEEP_NEWLINES, "a\nb\nc");
	check("a\xc2\x85" "b", 0, "ab");  /* C1 NEL */
}

static void test_bidi_overrides_dropped(void **state)
{
	(void)state;
	check("abc\xe2\x80\xae" "fed\xe2\x80\xac", 0, "abcfed");
	check("\xe2\x81\xa6x\xe2\x81\xa9", 0, "x");
}

static void test_invalid_utf8_replaced(void **state)
{
	(void)state;
	check("a\xff" "b", 0, "a\xef\xbf\xbd" "b");
	check("\xe2\x82", 0, "\xef\xbf\xbd\xef\xbf\xbd");
	/* a raw 8-bit CSI byte is invalid UTF-8, and its parameters are plain text */
	check("\x9b" "31m", 0, "\xef\xbf\xbd" "31m");
}

static void test_append_respects_length(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b);
	sanitize_append(&b, "abc\x1b[1mdef", 4, 0);
	assert_string_equal(b.s, "abc");
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_text_unchanged),
		cmocka_unit_test(test_csi_removed_whole),
		cmocka_unit_test(test_osc_and_strings_removed),
		cmocka_unit_test(test_two_byte_escapes),
		cmocka_unit_test(test_controls_dropped),
		cmocka_unit_test(test_bidi_overrides_dropped),
		cmocka_unit_test(test_invalid_utf8_replaced),
		cmocka_unit_test(test_append_respects_length),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
