/* Unit tests for catalog/jsonsplit.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/import/jsonsplit.h"

struct feed {
	const char *s;
	size_t len, pos, step;
};

static ssize_t feed_next(void *ctx, const char **data, char **err)
{
	(void)err;
	struct feed *f = ctx;
	size_t n = f->len - f->pos < f->step ? f->len - f->pos : f->step;
	*data = f->s + f->pos;
	f->pos += n;
	return (ssize_t)n;
}

static struct jsonsplit *splitter(struct feed *f, const char *s, size_t step, bool array)
{
	*f = (struct feed){s, strlen(s), 0, step};
	return jsonsplit_new((struct chunk_input){feed_next, f}, array);
}

static void test_array(void **state)
{
	(void)state;
	const char *text = "\xEF\xBB\xBF [\n {\"a\": \"x]}\\\"\"},\n {\"b\": [1, {\"c\": 2}]} ]\n";
	for (size_t step = 1; step <= 5; step += 4) {
		struct feed f;
		struct jsonsplit *js = splitter(&f, text, step, true);
		struct jsonsplit_element e;
		char *err = NULL;
		assert_int_equal(jsonsplit_next(js, &e, &err), 1);
		assert_int_equal(e.index, 0);
		assert_int_equal(e.line, 2);
		assert_int_equal(e.len, strlen("{\"a\": \"x]}\\\"\"}"));
		assert_memory_equal(e.text, "{\"a\": \"x]}\\\"\"}", e.len);
		assert_int_equal(jsonsplit_next(js, &e, &err), 1);
		assert_int_equal(e.index, 1);
		assert_int_equal(e.line, 3);
		assert_int_equal(e.column, 2);
		assert_memory_equal(e.text, "{\"b\": [1, {\"c\": 2}]}", e.len);
		assert_int_equal(jsonsplit_next(js, &e, &err), 0);
		jsonsplit_free(js);
	}
}

static void test_lines(void **state)
{
	(void)state;
	struct feed f;
	struct jsonsplit *js = splitter(&f, "{\"a\":1}\n\n{\"b\":\n2}\n42\n", 3, false);
	struct jsonsplit_element e;
	char *err = NULL;
	assert_int_equal(jsonsplit_next(js, &e, &err), 1);
	assert_int_equal(e.line, 1);
	assert_int_equal(jsonsplit_next(js, &e, &err), 1);
	assert_int_equal(e.line, 3);
	assert_int_equal(jsonsplit_next(js, &e, &err), 1);
	assert_int_equal(e.line, 5);
	assert_int_equal(e.column, 1);
	assert_memory_equal(e.text, "42", 2);
	assert_int_equal(jsonsplit_next(js, &e, &err), 0);
	jsonsplit_free(js);
}

static void expect_error(const char *text, bool array, int good, const char *want)
{
	struct feed f;
	struct jsonsplit *js = splitter(&f, text, 2, array);
	struct jsonsplit_element e;
	char *err = NULL;
	for (int i = 0; i < good; i++)
		assert_int_equal(jsonsplit_next(js, &e, &err), 1);
	assert_int_equal(jsonsplit_next(js, &e, &err), -1);
	if (!strstr(err, want))
		fail_msg("\"%s\": message \"%s\" lacks \"%s\"", text, err, want);
	free(err);
	assert_int_equal(jsonsplit_next(js, &e, &err), 0);
	jsonsplit_free(js);
}

static void test_broken(void **state)
{
	(void)state;
	expect_error("[{\"a\":1},\n{\"b\":2", true, 1, "line 2: truncated JSON");
	expect_error("[{\"a\":1}", true, 1, "not closed");
	expect_error("[{\"a\":1} {\"b\":2}]", true, 1, "line 1, column 10: expected ','");
	expect_error("[{\"a\":1},\n  ]", true, 1, "line 2, column 3: expected a JSON value, found ']'");
	expect_error("{\"a\":1}", true, 0, "line 1, column 1: expected a JSON array");
	expect_error("[] x", true, 0, "line 1, column 4: text after the end");
	expect_error("{\"a\":\"open", false, 0, "truncated JSON");
}

/* An element over a limit is handed out with its problem and without its
 * text, and the next element is read as usual. */
static void test_limits(void **state)
{
	(void)state;
	size_t n = JSONSPLIT_MAX_VALUES + 10;
	char *text = malloc(2 * n + 64);
	size_t len = (size_t)sprintf(text, "{\"v\":[");
	for (size_t i = 0; i < n; i++)
		len += (size_t)sprintf(text + len, "1,");
	len += (size_t)sprintf(text + len - 1, "]}\n{\"ok\":1}\n") - 1;
	struct feed f;
	struct jsonsplit *js = splitter(&f, text, 4096, false);
	struct jsonsplit_element e;
	char *err = NULL;
	assert_int_equal(jsonsplit_next(js, &e, &err), 1);
	assert_non_null(e.problem);
	assert_non_null(strstr(e.problem, "more than the limit of 262144 values"));
	assert_int_equal(e.len, 0);
	assert_int_equal(jsonsplit_next(js, &e, &err), 1);
	assert_null(e.problem);
	assert_int_equal(e.line, 2);
	assert_memory_equal(e.text, "{\"ok\":1}", e.len);
	assert_int_equal(jsonsplit_next(js, &e, &err), 0);
	jsonsplit_free(js);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_array),
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_broken),
		cmocka_unit_test(test_limits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
