/* Unit tests for src/lineedit.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "src/tui/lineedit.h"

static void type(lineedit *le, const char *s)
{
	assert_int_equal(lineedit_insert(le, s, strlen(s)), 0);
}

static void test_insert_and_cursor(void **state)
{
	(void)state;
	lineedit *le = lineedit_new(256, 10);
	assert_true(lineedit_empty(le));
	type(le, "héllo");
	assert_string_equal(lineedit_text(le), "héllo");
	assert_int_equal(lineedit_cursor(le), strlen("héllo"));
	lineedit_do(le, LE_HOME);
	type(le, "¡");
	assert_string_equal(lineedit_text(le), "¡héllo");
	lineedit_do(le, LE_RIGHT);
	lineedit_do(le, LE_RIGHT); /* over the two-byte é */
	type(le, "X");
	assert_string_equal(lineedit_text(le), "¡héXllo");
	lineedit_free(le);
}

static void test_backspace_multibyte_and_wide(void **state)
{
	(void)state;
	lineedit *le = lineedit_new(256, 10);
	type(le, "a日本€");
	lineedit_do(le, LE_BACKSPACE);
	assert_string_equal(lineedit_text(le), "a日本");
	lineedit_do(le, LE_BACKSPACE);
	assert_string_equal(lineedit_text(le), "a日");
	lineedit_do(le, LE_LEFT);
	lineedit_do(le, LE_DELETE);
	assert_string_equal(lineedit_text(le), "a");
	lineedit_do(le, LE_BACKSPACE);
	lineedit_do(le, LE_BACKSPACE); /* on an empty line: nothing */
	assert_string_equal(lineedit_text(le), "");
	lineedit_free(le);
}

static void test_grapheme_clusters(void **state)
{
	(void)state;
	lineedit *le = lineedit_new(256, 10);
	/* e + combining acute, then thumbs up + skin tone modifier */
	type(le, "xe\xcc\x81\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd");
	lineedit_do(le, LE_BACKSPACE);
	assert_string_equal(lineedit_text(le), "xe\xcc\x81");
	lineedit_do(le, LE_LEFT);
	assert_int_equal(lineedit_cursor(le), 1);
	lineedit_do(le, LE_DELETE);
	assert_string_equal(lineedit_text(le), "x");
	lineedit_free(le);
}

static void test_kill_and_yank(void **state)
{
	(void)state;
	lineedit *le = lineedit_new(256, 10);
	type(le, "red running shoes");
	lineedit_do(le, LE_KILL_WORD);
	assert_string_equal(lineedit_text(le), "red running ");
	lineedit_do(le, LE_KILL_WORD);
	assert_string_equal(lineedit_text(le), "red ");
	lineedit_do(le, LE_YANK);
	assert_string_equal(lineedit_text(le), "red running ");
	lineedit_do(le, LE_HOME);
	lineedit_do(le, LE_WORD_RIGHT);
	lineedit_do(le, LE_KILL_END);
	assert_string_equal(lineedit_text(le), "red");
	lineedit_do(le, LE_KILL_START);
	assert_string_equal(lineedit_text(le), "");
	lineedit_do(le, LE_YANK);
	assert_string_equal(lineedit_text(le), "red");
	lineedit_do(le, LE_WORD_LEFT);
	assert_int_equal(lineedit_cursor(le), 0);
	lineedit_free(le);
}

static void test_history(void **state)
{
	(void)state;
	lineedit *le = lineedit_new(256, 2);
	type(le, "one");
	free(lineedit_submit(le));
	type(le, "two");
	free(lineedit_submit(le));
	type(le, "two");
	free(lineedit_submit(le)); /* a repeat is kept once */
	type(le, "   ");
	free(lineedit_submit(le)); /* blank: not kept */
	type(le, "three");
	char *line = lineedit_submit(le);
	assert_string_equal(line, "three");
	free(line);
	/* bound of 2: "one" fell out */
	type(le, "draft");
	lineedit_do(le, LE_HISTORY_PREV);
	assert_string_equal(lineedit_text(le), "three");
	lineedit_do(le, LE_HISTORY_PREV);
	assert_string_equal(lineedit_text(le), "two");
	lineedit_do(le, LE_HISTORY_PREV);
	assert_string_equal(lineedit_text(le), "two");
	lineedit_do(le, LE_HISTORY_NEXT);
	lineedit_do(le, LE_HISTORY_NEXT);
	assert_string_equal(lineedit_text(le), "draft");
	lineedit_do(le, LE_HISTORY_PREV);
	lineedit_forget(le);
	assert_string_equal(lineedit_text(le), "");
	lineedit_do(le, LE_HISTORY_PREV);
	assert_string_equal(lineedit_text(le), "");
	lineedit_free(le);
}

static void test_bounds_and_controls(void **state)
{
	(void)state;
	lineedit *le = lineedit_new(16, 4);
	type(le, "abc\x1b[31m\tdef"); /* controls dropped, printable kept */
	assert_string_equal(lineedit_text(le), "abc[31mdef");
	assert_int_equal(lineedit_insert(le, "0123456789", 10), -1);
	assert_string_equal(lineedit_text(le), "abc[31mdef");
	assert_int_equal(lineedit_insert(le, "\xff", 1), -1);
	assert_int_equal(lineedit_insert_cp(le, 0x65e5), 0);
	assert_int_equal(lineedit_insert_cp(le, 0xd800), -1);
	lineedit_set(le, "ééééééééééééé"); /* 26 bytes into 16: cut on a boundary */
	assert_string_equal(lineedit_text(le), "éééééééé");
	lineedit_free(le);
}

static void test_view_scrolls_by_width(void **state)
{
	(void)state;
	lineedit *le = lineedit_new(256, 4);
	type(le, "日本語のテキスト");  /* 8 wide characters, 16 columns */
	size_t start, end;
	int col;
	lineedit_view(le, 10, &start, &end, &col);
	assert_int_equal(col, 8);          /* 4 characters shown before the cursor cell */
	assert_int_equal(lineedit_width(lineedit_text(le) + start, end - start), 8);
	lineedit_do(le, LE_HOME);
	lineedit_view(le, 10, &start, &end, &col);
	assert_int_equal(start, 0);
	assert_int_equal(col, 0);
	assert_int_equal(lineedit_width(lineedit_text(le), end), 10);
	assert_int_equal(lineedit_width("a\xcc\x81", 3), 1);
	lineedit_free(le);
}

/* Random keys: the line stays valid UTF-8 and the cursor inside it. */
static void test_random_edits_keep_invariants(void **state)
{
	(void)state;
	static const char *const texts[] = {"a", "日", "é", "e\xcc\x81", "\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd", " ",
	                                    "word"};
	lineedit *le = lineedit_new(64, 5);
	unsigned seed = 7;
	for (int i = 0; i < 20000; i++) {
		seed = seed * 1103515245u + 12345u;
		unsigned r = (seed >> 16) % 40;
		if (r < 14) {
			const char *t = texts[r % (sizeof texts / sizeof texts[0])];
			lineedit_insert(le, t, strlen(t));
		} else if (r < 38) {
			lineedit_do(le, (enum lineedit_op)(r % (LE_HISTORY_NEXT + 1)));
		} else {
			free(lineedit_submit(le));
		}
		const char *text = lineedit_text(le);
		size_t len = strlen(text), cur = lineedit_cursor(le);
		assert_true(len <= 64);
		assert_true(cur <= len);
		/* never inside a multi-byte sequence */
		assert_true(cur == len || ((unsigned char)text[cur] & 0xc0) != 0x80);
		size_t start, end;
		int col;
		lineedit_view(le, 1 + (int)(r % 12), &start, &end, &col);
		assert_true(start <= cur && end <= len && col >= 0);
	}
	lineedit_free(le);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_insert_and_cursor),
		cmocka_unit_test(test_backspace_multibyte_and_wide),
		cmocka_unit_test(test_grapheme_clusters),
		cmocka_unit_test(test_kill_and_yank),
		cmocka_unit_test(test_history),
		cmocka_unit_test(test_bounds_and_controls),
		cmocka_unit_test(test_view_scrolls_by_width),
		cmocka_unit_test(test_random_edits_keep_invariants),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
