/* Unit tests for catalog/source.c (URLs are tested end to end in
 * tests/e2e/import_url.sh with local servers). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog/import/source.h"

static void test_file_chunks_and_peek(void **state)
{
	(void)state;
	char path[] = "/tmp/clerk-source-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	size_t total = 600 * 1024; /* more than one chunk */
	char *data = malloc(total);
	for (size_t i = 0; i < total; i++)
		data[i] = (char)('a' + i % 26);
	assert_int_equal(write(fd, data, total), (ssize_t)total);
	close(fd);

	struct source *s = NULL;
	char *err = NULL;
	assert_int_equal(source_open(path, 0, &s, &err), 0);
	assert_string_equal(source_name(s), path);
	const char *chunk;
	ssize_t n = source_peek(s, &chunk, &err);
	assert_true(n > 0);
	assert_memory_equal(chunk, "abc", 3);
	size_t got = 0;
	while ((n = source_next(s, &chunk, &err)) > 0) {
		assert_memory_equal(chunk, data + got, (size_t)n);
		got += (size_t)n;
	}
	assert_int_equal(n, 0);
	assert_int_equal(got, total);
	source_free(s);
	free(data);
	unlink(path);
}

static void test_errors(void **state)
{
	(void)state;
	struct source *s = NULL;
	char *err = NULL;
	assert_int_equal(source_open("/nonexistent/products.csv", 0, &s, &err), -1);
	assert_null(s);
	assert_non_null(strstr(err, "cannot open /nonexistent/products.csv"));
	free(err);
	assert_int_equal(source_open("/tmp", 0, &s, &err), -1);
	assert_non_null(strstr(err, "directory"));
	free(err);
	assert_int_equal(source_open("file:///nonexistent/x.csv", 0, &s, &err), -1);
	assert_non_null(strstr(err, "cannot fetch"));
	free(err);
	source_free(NULL);
}

static void test_is_url(void **state)
{
	(void)state;
	assert_true(source_is_url("https://shop.example/feed.tsv"));
	assert_true(source_is_url("HTTP://shop.example/feed.tsv"));
	assert_true(source_is_url("file:///tmp/x.csv"));
	assert_false(source_is_url("ftp://shop.example/feed.tsv"));
	assert_false(source_is_url("products.csv"));
	assert_false(source_is_url("-"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_file_chunks_and_peek),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_is_url),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
