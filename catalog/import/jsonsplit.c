/*
 * jsonsplit.c: a small state machine over chunks; the state survives chunk
 * boundaries so an element may be split anywhere.
 */
#include "catalog/import/jsonsplit.h"

#include <stdlib.h>

#include "common/buf.h"
#include "common/xalloc.h"

enum where {
	BEFORE_ARRAY, /* array mode: waiting for '[' */
	BETWEEN,      /* waiting for an element (or ']' / the end) */
	AFTER,        /* array mode: after an element, waiting for ',' or ']' */
	IN_ELEMENT,
	DONE,         /* array mode: after the closing ']' */
};

struct jsonsplit {
	struct chunk_input in;
	bool array;
	const char *chunk;
	size_t pos, len;
	bool eof;
	int bom; /* bytes of a leading byte order mark seen; 3: done */
	size_t line;
	size_t base;       /* offset in the input of the chunk's first byte */
	size_t line_start; /* offset in the input of the current line's first byte */
	size_t index;
	enum where where;
	bool after_comma;
	/* the element being read */
	struct buf text;
	size_t el_line, el_column;
	int depth;
	size_t values;
	bool in_string, escape, scalar;
	const char *problem;
};

struct jsonsplit *jsonsplit_new(struct chunk_input in, bool array)
{
	struct jsonsplit *js = xcalloc(1, sizeof *js);
	js->in = in;
	js->array = array;
	js->line = 1;
	js->where = array ? BEFORE_ARRAY : BETWEEN;
	buf_init(&js->text);
	return js;
}

void jsonsplit_free(struct jsonsplit *js)
{
	if (!js)
		return;
	buf_release(&js->text);
	free(js);
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

_Static_assert(JSONSPLIT_MAX == 16 * 1024 * 1024 && JSONSPLIT_MAX_VALUES == 262144,
               "the limits are spelled out in the problems below");

/* An element over a limit is skipped: its text is not needed, and its
 * memory is given back rather than kept for the next element. */
static void drop_text(struct jsonsplit *js)
{
	buf_release(&js->text);
	buf_init(&js->text);
}

static void keep(struct jsonsplit *js, const char *p, size_t n)
{
	if (js->text.len + n > JSONSPLIT_MAX) {
		js->problem = "an element is longer than the 16 MiB limit";
		drop_text(js);
		return;
	}
	buf_add(&js->text, p, n);
}

static void start_element(struct jsonsplit *js, char c)
{
	js->where = IN_ELEMENT;
	js->el_line = js->line;
	js->el_column = js->base + js->pos - js->line_start + 1;
	buf_reset(&js->text);
	js->problem = NULL;
	js->depth = 0;
	js->values = 0;
	js->in_string = js->escape = false;
	js->scalar = c != '{' && c != '[' && c != '"';
}

static void hand_out(struct jsonsplit *js, struct jsonsplit_element *e)
{
	e->text = js->text.s;
	e->len = js->text.len;
	e->line = js->el_line;
	e->column = js->el_column;
	e->index = js->index++;
	e->problem = js->problem;
	js->where = js->array ? AFTER : BETWEEN;
}

static int stop(struct jsonsplit *js)
{
	js->where = DONE;
	js->eof = true;
	js->pos = js->len;
	return -1;
}

static int fail(struct jsonsplit *js, char **err, const char *what)
{
	*err = xasprintf("line %zu: %s", js->line, what);
	return stop(js);
}

/* A character where none of its kind belongs: the one just consumed. */
static int fail_here(struct jsonsplit *js, char **err, const char *what)
{
	char c = js->chunk[js->pos - 1];
	size_t column = js->base + js->pos - js->line_start;
	if ((unsigned char)c >= 0x20 && (unsigned char)c < 0x7f)
		*err = xasprintf("line %zu, column %zu: %s, found '%c'", js->line, column, what, c);
	else
		*err = xasprintf("line %zu, column %zu: %s", js->line, column, what);
	return stop(js);
}

/* Consumes the element's bytes in the current chunk; true when the
 * element ended there. The byte that ends a scalar is not part of it and
 * is left for the caller. */
static bool scan_element(struct jsonsplit *js)
{
	const char *start = js->chunk + js->pos, *p = start, *end = js->chunk + js->len;
	bool ended = false;
	if (js->scalar) {
		while (p < end && !is_space(*p) && *p != ',' && *p != ']' && *p != '}')
			p++;
		ended = p < end;
	} else {
		while (p < end) {
			char c = *p++;
			if (c == '\n') {
				js->line++;
				js->line_start = js->base + (size_t)(p - js->chunk);
			}
			if (js->in_string) {
				if (js->escape)
					js->escape = false;
				else if (c == '\\')
					js->escape = true;
				else if (c == '"' && (js->in_string = false, js->depth == 0))
					ended = true;
			} else if (c == '"') {
				js->in_string = true;
			} else if (c == '{' || c == '[') {
				js->depth++;
				js->values++;
			} else if (c == ',') {
				js->values++;
			} else if ((c == '}' || c == ']') && --js->depth <= 0) {
				ended = true;
			}
			if (ended)
				break;
		}
		if (js->values > JSONSPLIT_MAX_VALUES && !js->problem) {
			js->problem = "an element has more than the limit of 262144 values";
			drop_text(js);
		}
	}
	if (!js->problem)
		keep(js, start, (size_t)(p - start));
	js->pos = (size_t)(p - js->chunk);
	return ended;
}

static int refill(struct jsonsplit *js, char **err)
{
	ssize_t n = js->in.next(js->in.ctx, &js->chunk, err);
	if (n < 0)
		return -1;
	js->base += js->len;
	js->pos = 0;
	js->len = (size_t)n;
	js->eof = n == 0;
	return 0;
}

static int at_end(struct jsonsplit *js, struct jsonsplit_element *e, char **err)
{
	switch (js->where) {
	case IN_ELEMENT:
		if (js->scalar && !js->array) {
			hand_out(js, e);
			return 1;
		}
		*err = xasprintf("line %zu: truncated JSON: the element that starts here "
		                 "is not complete at the end of the file", js->el_line);
		js->where = DONE;
		return -1;
	case BEFORE_ARRAY:
		return fail(js, err, "expected a JSON array ('['), found the end of the file");
	case BETWEEN:
	case AFTER:
		if (js->array)
			return fail(js, err, "truncated JSON: the array is not closed with ']'");
		return 0;
	case DONE:
		return 0;
	}
	return 0;
}

int jsonsplit_next(struct jsonsplit *js, struct jsonsplit_element *e, char **err)
{
	for (;;) {
		if (js->pos == js->len) {
			if (js->eof)
				return at_end(js, e, err);
			if (refill(js, err) < 0)
				return -1;
			continue;
		}
		char c = js->chunk[js->pos];
		if (js->where == IN_ELEMENT) {
			if (scan_element(js)) {
				hand_out(js, e);
				return 1;
			}
			continue;
		}
		js->pos++;
		if (js->bom < 3) {
			if ((unsigned char)c == (unsigned char)"\xEF\xBB\xBF"[js->bom]) {
				js->bom++;
				continue;
			}
			js->bom = 3;
		}
		if (is_space(c)) {
			if (c == '\n') {
				js->line++;
				js->line_start = js->base + js->pos;
			}
			continue;
		}
		switch (js->where) {
		case BEFORE_ARRAY:
			if (c != '[')
				return fail_here(js, err, "expected a JSON array ('[')");
			js->where = BETWEEN;
			js->after_comma = false;
			break;
		case BETWEEN:
			if (js->array && c == ']' && !js->after_comma) {
				js->where = DONE;
				break;
			}
			if (c == ']' || c == '}' || c == ',')
				return fail_here(js, err, "expected a JSON value");
			js->pos--;
			start_element(js, c);
			break;
		case AFTER:
			if (c == ',') {
				js->where = BETWEEN;
				js->after_comma = true;
			} else if (c == ']') {
				js->where = DONE;
			} else {
				return fail_here(js, err, "expected ',' or ']' after an array element");
			}
			break;
		case DONE:
			return fail_here(js, err, "text after the end of the JSON array");
		case IN_ELEMENT:
			break;
		}
	}
}
