/*
 * csv: a streaming RFC 4180 reader for CSV and TSV.
 *
 * Reads records one at a time from chunks handed in by a callback, so a
 * 1 GB file costs no more memory than its longest record. Understands
 * quoted fields with separators, doubled quotes and newlines inside, CRLF,
 * LF or CR line ends and a UTF-8 byte order mark; blank lines are skipped.
 * Lenient where files in the wild are sloppy: a quote inside an unquoted
 * field and text after a closing quote are kept as they are. TSV is the
 * same reader with a tab separator (a field that starts with a quote is
 * still read as quoted, as spreadsheets write them).
 *
 * Limits, so hostile input cannot exhaust memory: a field keeps at most
 * CSV_MAX_FIELD bytes, a record at most CSV_MAX_FIELDS fields and
 * CSV_MAX_RECORD bytes; a record over a limit is still read to its end
 * and handed out with `problem` set, so the caller can skip it.
 */
#ifndef CLERK_CSV_H
#define CLERK_CSV_H

#include <stddef.h>
#include <sys/types.h>

#include "catalog/import/source.h"

#define CSV_MAX_FIELD (1024 * 1024)
#define CSV_MAX_FIELDS 4096
#define CSV_MAX_RECORD (4 * 1024 * 1024)


struct csv_record {
	const char *const *fields; /* NUL-terminated; valid until the next csv_read() */
	const size_t *lens;
	size_t n;                  /* number of fields, at least 1 */
	size_t line;               /* physical line (from 1) where the record starts */
	const char *problem;       /* NULL, or why the record broke a limit (static text) */
	size_t problem_field;      /* the field the problem is in */
};

struct csv_reader;

struct csv_reader *csv_reader_new(struct chunk_input in, char sep);
void csv_reader_free(struct csv_reader *r);

/* Reads the next record into *rec. Returns 1 for a record, 0 at the end of
 * the input, -1 on an error that ends the reading (an unterminated quoted
 * field, a read error) with a heap message in *err. */
int csv_read(struct csv_reader *r, struct csv_record *rec, char **err);

#endif
