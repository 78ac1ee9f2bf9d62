/*
 * jsonsplit.c: a small state machine over chunks; the state survives chunk
 * boundaries so an element may be split anywhere.
 */
#include "catalog/jsonsplit.h"

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
	size_t index;
	enum where where;
	bool after_comma;
	/* the element being read */
	struct buf text;
	size_t el_line;
	int depth;
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

static void keep(struct jsonsplit *js, char c)
{
	if (js->text.len >= JSONSPLIT_MAX) {
		js->problem = "an element is longer than the 16 MiB limit";
		return;
	}
	if (js->text.len + 1 >= js->text.cap)
		js->text.s = xgrow(js->text.s, &js->text.cap, js->text.len + 2, 1);
	js->text.s[js->text.len++] = c;
}

static void start_element(struct jsonsplit *js, char c)
{
	js->where = IN_ELEMENT;
	js->el_line = js->line;
	buf_reset(&js->text);
	js->problem = NULL;
	js->depth = 0;
	js->in_string = js->escape = false;
	js->scalar = c != '{' && c != '[' && c != '"';
}

static void hand_out(struct jsonsplit *js, struct jsonsplit_element *e)
{
	e->text = js->text.s;
	e->len = js->text.len;
	e->line = js->el_line;
	e->index = js->index++;
	e->problem = js->problem;
	js->where = js->array ? AFTER : BETWEEN;
}

static int fail(struct jsonsplit *js, char **err, const char *what)
{
	*err = xasprintf("line %zu: %s", js->line, what);
	js->where = DONE;
	js->eof = true;
	js->pos = js->len;
	return -1;
}

/* Feeds a byte of an element; true when the element ended with it. The
 * byte that ends a scalar is not part of it and is left unconsumed. */
static bool element_byte(struct jsonsplit *js, char c, bool *consumed)
{
	*consumed = true;
	if (js->scalar) {
		if (is_space(c) || c == ',' || c == ']' || c == '}') {
			*consumed = false;
			return true;
		}
		keep(js, c);
		return false;
	}
	keep(js, c);
	if (js->in_string) {
		if (js->escape)
			js->escape = false;
		else if (c == '\\')
			js->escape = true;
		else if (c == '"')
			js->in_string = false;
		else
			return false;
		return !js->in_string && js->depth == 0;
	}
	if (c == '"')
		js->in_string = true;
	else if (c == '{' || c == '[')
		js->depth++;
	else if (c == '}' || c == ']')
		js->depth--;
	else
		return false;
	return js->depth <= 0 && !js->in_string;
}

static int refill(struct jsonsplit *js, char **err)
{
	ssize_t n = js->in.next(js->in.ctx, &js->chunk, err);
	if (n < 0)
		return -1;
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
			bool consumed;
			bool ended = element_byte(js, c, &consumed);
			if (consumed) {
				js->pos++;
				if (c == '\n')
					js->line++;
			}
			if (ended) {
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
			if (c == '\n')
				js->line++;
			continue;
		}
		switch (js->where) {
		case BEFORE_ARRAY:
			if (c != '[')
				return fail(js, err, "expected a JSON array ('[')");
			js->where = BETWEEN;
			js->after_comma = false;
			break;
		case BETWEEN:
			if (js->array && c == ']' && !js->after_comma) {
				js->where = DONE;
				break;
			}
			if (c == ']' || c == '}' || c == ',')
				return fail(js, err, "unexpected character in JSON");
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
				return fail(js, err, "expected ',' or ']' after an array element");
			}
			break;
		case DONE:
			return fail(js, err, "text after the end of the JSON array");
		case IN_ELEMENT:
			break;
		}
	}
}
