/* Unit tests for catalog/csv.c: the streaming RFC 4180 reader. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "catalog/import/csv.h"

/* Feeds a string in chunks of `step` bytes, to cross every boundary. */
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

static struct csv_reader *reader(struct feed *f, const char *s, size_t step, char sep)
{
	*f = (struct feed){s, strlen(s), 0, step};
	return csv_reader_new((struct chunk_input){feed_next, f}, sep);
}

static void test_quotes_newlines_crlf_bom(void **state)
{
	(void)state;
	const char *text = "\xEF\xBB\xBFid,name,desc\r\n"
	                   "1,\"Knife, 8\"\"\",\"two\r\nlines\"\r\n"
	                   "\r\n"
	                   "2,plain,\"\"\n"
	                   "3,last,no newline";
	for (size_t step = 1; step <= 7; step += 3) {
		struct feed f;
		struct csv_reader *r = reader(&f, text, step, ',');
		struct csv_record rec;
		char *err = NULL;
		assert_int_equal(csv_read(r, &rec, &err), 1);
		assert_int_equal(rec.n, 3);
		assert_string_equal(rec.fields[0], "id");
		assert_int_equal(rec.line, 1);
		assert_int_equal(csv_read(r, &rec, &err), 1);
		assert_string_equal(rec.fields[1], "Knife, 8\"");
		assert_string_equal(rec.fields[2], "two\r\nlines");
		assert_int_equal(rec.lens[2], 10);
		assert_int_equal(rec.line, 2);
		assert_int_equal(csv_read(r, &rec, &err), 1); /* the blank line is skipped */
		assert_string_equal(rec.fields[0], "2");
		assert_string_equal(rec.fields[2], "");
		assert_int_equal(rec.line, 5);
		assert_int_equal(csv_read(r, &rec, &err), 1);
		assert_string_equal(rec.fields[2], "no newline");
		assert_int_equal(rec.line, 6);
		assert_int_equal(csv_read(r, &rec, &err), 0);
		assert_int_equal(csv_read(r, &rec, &err), 0);
		csv_reader_free(r);
	}
}

static void test_tsv_and_empty_fields(void **state)
{
	(void)state;
	struct feed f;
	struct csv_reader *r = reader(&f, "a\tb\tc\n\t\"x\ty\"\t\n", 4096, '\t');
	struct csv_record rec;
	char *err = NULL;
	assert_int_equal(csv_read(r, &rec, &err), 1);
	assert_int_equal(rec.n, 3);
	assert_int_equal(csv_read(r, &rec, &err), 1);
	assert_int_equal(rec.n, 3);
	assert_string_equal(rec.fields[0], "");
	assert_string_equal(rec.fields[1], "x\ty");
	assert_string_equal(rec.fields[2], "");
	assert_null(rec.problem);
	csv_reader_free(r);
}

static void test_unterminated_quote_is_fatal(void **state)
{
	(void)state;
	struct feed f;
	struct csv_reader *r = reader(&f, "a,b\n1,2\n3,\"open\n4,5\n", 3, ',');
	struct csv_record rec;
	char *err = NULL;
	assert_int_equal(csv_read(r, &rec, &err), 1);
	assert_int_equal(csv_read(r, &rec, &err), 1);
	assert_int_equal(csv_read(r, &rec, &err), -1);
	assert_non_null(strstr(err, "line 3, field 2: unterminated"));
	free(err);
	csv_reader_free(r);
}

static void test_lenient_stray_quotes(void **state)
{
	(void)state;
	struct feed f;
	struct csv_reader *r = reader(&f, "5\" screen,\"quoted\"tail\n", 4096, ',');
	struct csv_record rec;
	char *err = NULL;
	assert_int_equal(csv_read(r, &rec, &err), 1);
	assert_string_equal(rec.fields[0], "5\" screen");
	assert_string_equal(rec.fields[1], "quotedtail");
	csv_reader_free(r);
}

static void test_oversized_field_is_flagged_not_fatal(void **state)
{
	(void)state;
	size_t big = CSV_MAX_FIELD + 100;
	char *text = malloc(big + 64);
	strcpy(text, "a,\"");
	memset(text + 3, 'x', big);
	strcpy(text + 3 + big, "\"\nnext,row\n");
	struct feed f;
	struct csv_reader *r = reader(&f, text, 65536, ',');
	struct csv_record rec;
	char *err = NULL;
	assert_int_equal(csv_read(r, &rec, &err), 1);
	assert_non_null(rec.problem);
	assert_int_equal(rec.problem_field, 1);
	assert_int_equal(rec.lens[1], CSV_MAX_FIELD);
	assert_int_equal(csv_read(r, &rec, &err), 1);
	assert_null(rec.problem);
	assert_string_equal(rec.fields[0], "next");
	assert_int_equal(rec.line, 2);
	csv_reader_free(r);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quotes_newlines_crlf_bom),
		cmocka_unit_test(test_tsv_and_empty_fields),
		cmocka_unit_test(test_unterminated_quote_is_fatal),
		cmocka_unit_test(test_lenient_stray_quotes),
		cmocka_unit_test(test_oversized_field_is_flagged_not_fatal),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
