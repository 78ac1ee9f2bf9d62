/*
 * csv.c: the reader is a byte-at-a-time state machine whose state survives
 * chunk boundaries, so a quoted field or a CRLF may be split anywhere.
 */
#include "catalog/import/csv.h"

#include <stdbool.h>
#include <stdlib.h>

#include "common/buf.h"
#include "common/xalloc.h"

enum state {
	FIELD_START, /* at the first byte of a field */
	UNQUOTED,
	QUOTED,
	QUOTE_SEEN,  /* a quote inside a quoted field: the end, or a doubled quote */
	AFTER_CR,    /* a CR ended the record; swallow a following LF */
};

struct csv_reader {
	struct chunk_input in;
	char sep;
	const char *chunk;
	size_t pos, len;
	bool eof;
	int bom;               /* bytes of a leading byte order mark seen; 3: done */
	enum state state;
	size_t line;           /* current physical line */
	/* the record being read */
	bool in_record;
	bool quoted;           /* the current field started with a quote */
	size_t rec_line;
	struct buf data;       /* field bytes, each field NUL-terminated */
	size_t field_start;    /* offset of the current field in data */
	size_t *starts, *lens;
	size_t nfields, cap;
	const char **ptrs;
	size_t ptr_cap;
	const char *problem;
	size_t problem_field;
};

struct csv_reader *csv_reader_new(struct chunk_input in, char sep)
{
	struct csv_reader *r = xcalloc(1, sizeof *r);
	r->in = in;
	r->sep = sep;
	r->line = 1;
	buf_init(&r->data);
	return r;
}

void csv_reader_free(struct csv_reader *r)
{
	if (!r)
		return;
	buf_release(&r->data);
	free(r->starts);
	free(r->lens);
	free(r->ptrs);
	free(r);
}

static void flag(struct csv_reader *r, const char *problem)
{
	if (!r->problem) {
		r->problem = problem;
		r->problem_field = r->nfields;
	}
}

static void add_byte(struct csv_reader *r, char c)
{
	if (r->data.len - r->field_start >= CSV_MAX_FIELD) {
		flag(r, "a field is longer than the 1 MiB limit");
		return;
	}
	if (r->data.len >= CSV_MAX_RECORD) {
		flag(r, "a record is longer than the 4 MiB limit");
		return;
	}
	/* buf_addc's bookkeeping is measurable on a 1 GB file. */
	if (r->data.len + 1 >= r->data.cap)
		r->data.s = xgrow(r->data.s, &r->data.cap, r->data.len + 2, 1);
	r->data.s[r->data.len++] = c;
}

static void end_field(struct csv_reader *r)
{
	if (r->nfields >= CSV_MAX_FIELDS) {
		flag(r, "a record has more than 4096 fields");
		r->data.len = r->field_start;
	} else {
		if (r->nfields == r->cap) {
			r->cap = r->cap ? r->cap * 2 : 32;
			r->starts = xrealloc(r->starts, r->cap * sizeof *r->starts);
			r->lens = xrealloc(r->lens, r->cap * sizeof *r->lens);
		}
		r->starts[r->nfields] = r->field_start;
		r->lens[r->nfields] = r->data.len - r->field_start;
		r->nfields++;
		buf_addc(&r->data, '\0');
	}
	r->field_start = r->data.len;
	r->quoted = false;
}

static void begin_record(struct csv_reader *r)
{
	if (r->in_record)
		return;
	r->in_record = true;
	r->rec_line = r->line;
	buf_reset(&r->data);
	r->field_start = 0;
	r->nfields = 0;
	r->problem = NULL;
}

/* Ends the record; false when it was a blank line to skip. */
static bool end_record(struct csv_reader *r, struct csv_record *rec)
{
	bool blank = r->nfields == 0 && r->data.len == r->field_start && !r->quoted;
	end_field(r);
	r->in_record = false;
	if (blank)
		return false;
	if (r->ptr_cap < r->nfields) {
		r->ptr_cap = r->cap;
		r->ptrs = xrealloc(r->ptrs, r->ptr_cap * sizeof *r->ptrs);
	}
	for (size_t i = 0; i < r->nfields; i++)
		r->ptrs[i] = r->data.s + r->starts[i];
	rec->fields = r->ptrs;
	rec->lens = r->lens;
	rec->n = r->nfields;
	rec->line = r->rec_line;
	rec->problem = r->problem;
	rec->problem_field = r->problem_field;
	return true;
}

static int refill(struct csv_reader *r, char **err)
{
	ssize_t n = r->in.next(r->in.ctx, &r->chunk, err);
	if (n < 0)
		return -1;
	r->pos = 0;
	r->len = (size_t)n;
	if (n == 0)
		r->eof = true;
	return 0;
}

/* Feeds one byte; true when it completed a record into *rec. */
static bool step(struct csv_reader *r, char c, struct csv_record *rec)
{
	switch (r->state) {
	case AFTER_CR:
		r->state = FIELD_START;
		r->line++;
		if (c == '\n')
			return false;
		/* c starts the next record */
		/* fall through */
	case FIELD_START:
		if (c == '\n' || c == '\r') {
			begin_record(r);
			bool done = end_record(r, rec);
			if (c == '\n')
				r->line++;
			else
				r->state = AFTER_CR;
			return done;
		}
		begin_record(r);
		if (c == '"') {
			r->quoted = true;
			r->state = QUOTED;
		} else if (c == r->sep) {
			end_field(r);
		} else {
			add_byte(r, c);
			r->state = UNQUOTED;
		}
		return false;
	case UNQUOTED:
		if (c == r->sep) {
			end_field(r);
			r->state = FIELD_START;
		} else if (c == '\n' || c == '\r') {
			r->state = FIELD_START;
			return step(r, c, rec);
		} else {
			add_byte(r, c);
		}
		return false;
	case QUOTED:
		if (c == '"')
			r->state = QUOTE_SEEN;
		else {
			if (c == '\n')
				r->line++;
			add_byte(r, c);
		}
		return false;
	case QUOTE_SEEN:
		if (c == '"') {
			add_byte(r, '"');
			r->state = QUOTED;
			return false;
		}
		/* The closing quote: what follows is read as unquoted text. */
		r->state = UNQUOTED;
		return step(r, c, rec);
	}
	return false;
}

int csv_read(struct csv_reader *r, struct csv_record *rec, char **err)
{
	for (;;) {
		if (r->pos == r->len) {
			if (r->eof || refill(r, err) < 0)
				return r->eof ? 0 : -1;
			if (r->eof)
				break;
		}
		while (r->pos < r->len) {
			char c = r->chunk[r->pos++];
			/* The common case, a plain byte of an unquoted field, stays
			 * out of step(). */
			if (r->state == UNQUOTED && c != r->sep && c != '\n' && c != '\r' &&
			    r->data.len + 1 < r->data.cap &&
			    r->data.len - r->field_start < CSV_MAX_FIELD &&
			    r->data.len < CSV_MAX_RECORD) {
				r->data.s[r->data.len++] = c;
				continue;
			}
			if (r->bom < 3) {
				/* A byte order mark may arrive split over chunks. */
				if ((unsigned char)c == (unsigned char)"\xEF\xBB\xBF"[r->bom]) {
					r->bom++;
					continue;
				}
				r->bom = 3;
			}
			if (step(r, c, rec))
				return 1;
		}
	}
	/* End of input. */
	if (r->state == QUOTED) {
		*err = xasprintf("line %zu, field %zu: unterminated quoted field",
		                 r->rec_line, r->nfields + 1);
		r->in_record = false;
		r->state = FIELD_START;
		return -1;
	}
	r->state = FIELD_START;
	if (r->in_record && end_record(r, rec))
		return 1;
	return 0;
}
