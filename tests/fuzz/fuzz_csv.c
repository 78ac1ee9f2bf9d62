/*
 * fuzz_csv: libFuzzer target for the streaming CSV/TSV reader
 * (catalog/import/csv.c). The first byte picks the separator and the size
 * of the chunks the input arrives in, so that every state of the reader
 * meets a chunk boundary; the rest is the file. Nothing may crash, leak or
 * hit undefined behaviour, and every record must keep the reader's
 * promises: at least one field, each NUL-terminated at its length, lines
 * that never go back.
 *
 * Built by CMake with CLERK_FUZZ=ON (clang); run by tests/fuzz/run.sh.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/import/csv.h"

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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	static const char seps[] = {',', ';', '\t', '|'};
	char sep = seps[data[0] & 3];
	size_t step = (size_t)(data[0] >> 2) + 1; /* 1..64 bytes a chunk */
	struct feed f = {(const char *)data + 1, size - 1, 0, step};
	struct csv_reader *r = csv_reader_new((struct chunk_input){feed_next, &f}, sep);
	struct csv_record rec;
	char *err = NULL;
	size_t last_line = 0;
	int rc;
	while ((rc = csv_read(r, &rec, &err)) == 1) {
		if (rec.n < 1 || rec.n > CSV_MAX_FIELDS || rec.line < last_line)
			abort();
		for (size_t i = 0; i < rec.n; i++)
			if (rec.fields[i][rec.lens[i]] != '\0' || rec.lens[i] > CSV_MAX_FIELD)
				abort();
		last_line = rec.line;
	}
	if (rc < 0 && (!err || !*err))
		abort();
	free(err);
	csv_reader_free(r);
	return 0;
}
