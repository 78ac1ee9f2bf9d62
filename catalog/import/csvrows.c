/*
 * csvrows.c: reading a CSV file record by record.
 */
#include "catalog/import/csvrows.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/buf.h"
#include "common/xalloc.h"

#define MAX_FIELDS 64

struct record {
	struct buf field;
	char *fields[MAX_FIELDS];
	size_t n;
};

static void end_field(struct record *r)
{
	if (r->n < MAX_FIELDS)
		r->fields[r->n++] = xstrdup(r->field.s);
	buf_reset(&r->field);
}

static void clear_record(struct record *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->fields[i]);
	r->n = 0;
}

int csvrows_each(const char *path, csvrows_fn fn, void *ctx, char **err)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		if (err)
			*err = xasprintf("cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	struct record r = {0};
	buf_init(&r.field);
	int rc = 0, ch, quoted = 0, any = 0;
	size_t line = 1, record_line = 1;
	while (rc == 0 && (ch = fgetc(f)) != EOF) {
		if (quoted) {
			if (ch == '"') {
				int next = fgetc(f);
				if (next == '"') {
					buf_addc(&r.field, '"');
					continue;
				}
				quoted = 0;
				if (next == EOF)
					break;
				ch = next;
			} else {
				if (ch == '\n')
					line++;
				buf_addc(&r.field, (char)ch);
				continue;
			}
		}
		if (ch == '"' && r.field.len == 0) {
			quoted = 1;
			any = 1;
		} else if (ch == ',') {
			end_field(&r);
			any = 1;
		} else if (ch == '\n') {
			end_field(&r);
			if (any || r.n > 1 || r.fields[0][0])
				rc = fn(ctx, r.fields, r.n, record_line, err);
			clear_record(&r);
			any = 0;
			record_line = ++line;
		} else if (ch != '\r') {
			buf_addc(&r.field, (char)ch);
			any = 1;
		}
	}
	if (rc == 0 && (any || r.field.len)) {
		end_field(&r);
		rc = fn(ctx, r.fields, r.n, record_line, err);
	}
	clear_record(&r);
	buf_release(&r.field);
	fclose(f);
	return rc;
}

int csvrows_column(char **header, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcasecmp(header[i], name))
			return (int)i;
	return -1;
}
