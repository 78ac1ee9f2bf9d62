/* Unit tests for src/replies.c: sections, variants, variables, picks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "src/dialogue/replies.h"

static char dir[] = "/tmp/clerk-replies-XXXXXX";

static void write_file(const char *name, const char *text)
{
	char path[256];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int setup(void **state)
{
	if (!mkdtemp(dir))
		return -1;
	write_file("a.txt", "# comment\n[greet]\nHello {name}!\nHi {name}.\n\n[multi]\nline one\\nline two\n");
	write_file("b.txt", "[greet]\nHey {name}\n[empty]\n");
	write_file("ignored.md", "[greet]\nnot loaded\n");
	char *err = NULL;
	*state = replies_new(dir, &err);
	return *state ? 0 : -1;
}

static int teardown(void **state)
{
	replies_free(*state);
	char path[256];
	const char *names[] = {"a.txt", "b.txt", "ignored.md"};
	for (size_t i = 0; i < 3; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		unlink(path);
	}
	rmdir(dir);
	return 0;
}

static void test_variants_across_files(void **state)
{
	replies *r = *state;
	assert_int_equal(replies_count(r, "greet"), 3); /* both .txt files, not the .md */
	assert_int_equal(replies_count(r, "nope"), 0);
	assert_string_equal(replies_raw(r, "greet", 2), "Hey {name}");
	assert_null(replies_raw(r, "greet", 3));
}

static void test_render_vars(void **state)
{
	replies *r = *state;
	struct reply_var v[] = {{"name", "Ann"}};
	bool missing = false;
	char *s = replies_render(r, "greet", 0, v, 1, &missing);
	assert_string_equal(s, "Hello Ann!");
	assert_false(missing);
	free(s);
	s = replies_render(r, "greet", 4, v, 1, &missing); /* pick wraps: 4 % 3 = 1 */
	assert_string_equal(s, "Hi Ann.");
	free(s);
	s = replies_render(r, "greet", 0, NULL, 0, &missing);
	assert_string_equal(s, "Hello !");
	assert_true(missing);
	free(s);
	struct reply_var nullv[] = {{"name", NULL}};
	missing = false;
	s = replies_render_nth(r, "greet", 1, nullv, 1, &missing);
	assert_true(missing);
	free(s);
	assert_null(replies_render_nth(r, "greet", 9, v, 1, NULL));
}

static void test_newline_and_unknown_key(void **state)
{
	replies *r = *state;
	char *s = replies_render(r, "multi", 0, NULL, 0, NULL);
	assert_string_equal(s, "line one\nline two");
	free(s);
	bool missing = false;
	s = replies_render(r, "no.such.key", 0, NULL, 0, &missing);
	assert_string_equal(s, "");
	assert_true(missing);
	free(s);
	assert_int_equal(replies_count(r, "empty"), 0);
}

static void test_missing_dir(void **state)
{
	(void)state;
	char *err = NULL;
	assert_null(replies_new("/nonexistent/clerk/replies", &err));
	assert_non_null(err);
	free(err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_variants_across_files),
		cmocka_unit_test(test_render_vars),
		cmocka_unit_test(test_newline_and_unknown_key),
		cmocka_unit_test(test_missing_dir),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
