/*
 * jsonsplit: cuts a JSON array, or JSON lines (any run of JSON values
 * separated by white space), into the text of one element at a time, so
 * that an import parses each element with cJSON without ever holding the
 * whole file.
 *
 * The splitter only tracks strings, escapes and bracket depth; it does not
 * validate an element (cJSON does that), but it does find a truncated file,
 * an array that is never closed and text where a ',' or ']' belongs.
 * An element longer than JSONSPLIT_MAX bytes or with more than
 * JSONSPLIT_MAX_VALUES values is read to its end and handed out with
 * `problem` set (and its text cut) so the caller can skip it.
 */
#ifndef CLERK_JSONSPLIT_H
#define CLERK_JSONSPLIT_H

#include <stdbool.h>
#include <stddef.h>

#include "catalog/import/source.h"

#define JSONSPLIT_MAX (16 * 1024 * 1024)
/* Values (counted by their ',' and opening brackets) in one element: a
 * parsed value costs about a hundred bytes, so this bounds the parse of
 * the longest element near 32 MB, where 16 MiB of "[1,1,1,...]" would
 * take most of a gigabyte. */
#define JSONSPLIT_MAX_VALUES (256 * 1024)

struct jsonsplit_element {
	const char *text;    /* not NUL-terminated; valid until the next call */
	size_t len;
	size_t line;         /* physical line (from 1) where it starts */
	size_t column;       /* and its column there (from 1, in bytes) */
	size_t index;        /* position from 0 */
	const char *problem; /* NULL, or why it was not kept (static text) */
};

struct jsonsplit;

/* array: the input is one JSON array; otherwise JSON lines. */
struct jsonsplit *jsonsplit_new(struct chunk_input in, bool array);
void jsonsplit_free(struct jsonsplit *js);

/* 1 with an element in *e, 0 at the end, -1 when the input is broken
 * beyond the current element (heap message in *err, naming the line and,
 * for a character where none belongs, its column). */
int jsonsplit_next(struct jsonsplit *js, struct jsonsplit_element *e, char **err);

#endif
