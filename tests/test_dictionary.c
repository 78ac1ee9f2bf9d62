/* The dictionary of ordinary words: what it keeps from a word list. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nlu/text/dictionary.h"

static dictionary *load(const char *text)
{
	char path[] = "/tmp/clerk-test-dict-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	size_t n = strlen(text);
	assert_int_equal(write(fd, text, n), (ssize_t)n);
	close(fd);
	char *err = NULL;
	dictionary *d = dictionary_load(path, &err);
	unlink(path);
	assert_null(err);
	assert_non_null(d);
	return d;
}

static bool has(const dictionary *d, const char *w)
{
	return dictionary_has(d, w, strlen(w));
}

static void test_words_folded_names_and_possessives_skipped(void **state)
{
	(void)state;
	dictionary *d = load("dad\ndad's\nMiro\nDell\nWIFE\r\napple\n\n");
	assert_true(has(d, "dad"));
	assert_true(has(d, "apple"));
	assert_false(has(d, "dad's"));
	assert_false(has(d, "miro")); /* a name, not an ordinary word */
	assert_false(has(d, "dell"));
	assert_false(has(d, "wife"));  /* written as a name would be */
	assert_false(has(d, "da"));    /* no prefix matches */
	assert_false(has(d, "dads"));
	dictionary_free(d);
}

static void test_many_words(void **state)
{
	(void)state;
	/* more words than the first table holds: it grows and finds them all */
	size_t n = 5000;
	char *text = malloc(n * 8 + 1);
	size_t len = 0;
	for (size_t i = 0; i < n; i++)
		len += (size_t)sprintf(text + len, "w%zu\n", i);
	dictionary *d = load(text);
	char w[16];
	for (size_t i = 0; i < n; i++) {
		snprintf(w, sizeof w, "w%zu", i);
		assert_true(has(d, w));
	}
	assert_false(has(d, "w5000"));
	dictionary_free(d);
	free(text);
}

static void test_missing_file_and_null(void **state)
{
	(void)state;
	char *err = NULL;
	assert_null(dictionary_load("/nonexistent/clerk/words", &err));
	assert_non_null(err);
	assert_non_null(strstr(err, "/nonexistent/clerk/words"));
	free(err);
	assert_false(dictionary_has(NULL, "dad", 3));
	dictionary_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_words_folded_names_and_possessives_skipped),
		cmocka_unit_test(test_many_words),
		cmocka_unit_test(test_missing_file_and_null),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
