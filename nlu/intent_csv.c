#include "nlu/intent_csv.h"

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "common/buf.h"
#include "common/xalloc.h"

/* Header names that identify the columns, in order of preference.
 * "category" comes last: BANKING77 names its label so, while Bitext has
 * both an intent and a (coarser) category column. */
static const char *const text_columns[] = {"text", "utterance", "utterances", "sentence",
                                           "query", "example", "question"};
static const char *const intent_columns[] = {"intent", "label", "class", "category"};

void intent_csv_release(struct intent_csv *e)
{
	for (size_t i = 0; i < e->n_owned; i++)
		free(e->owned[i]);
	free(e->owned);
	free(e->ex);
}

static const char *keep(struct intent_csv *e, const char *s)
{
	e->owned = xgrow(e->owned, &e->cap_owned, e->n_owned + 1, sizeof *e->owned);
	return e->owned[e->n_owned++] = xstrdup(s);
}

/* One CSV record (RFC 4180: quoted fields may hold commas, quotes doubled,
 * and newlines). Fields are NUL-separated in rec; returns the field count,
 * 0 at end of file. *line advances past the record's lines. */
struct record {
	struct buf text;
	size_t *start;
	size_t n, cap;
};

static size_t read_record(FILE *fp, struct record *r, size_t *line)
{
	buf_reset(&r->text);
	r->n = 0;
	bool quoted = false, any = false;
	int c;
	r->start = xgrow(r->start, &r->cap, 1, sizeof *r->start);
	r->start[r->n++] = 0;
	while ((c = getc(fp)) != EOF) {
		any = true;
		if (quoted) {
			if (c == '"') {
				int d = getc(fp);
				if (d == '"') {
					buf_addc(&r->text, '"');
					continue;
				}
				quoted = false;
				if (d == EOF)
					break;
				c = d;
			} else {
				if (c == '\n')
					(*line)++;
				buf_addc(&r->text, (char)c);
				continue;
			}
		}
		if (c == '"') {
			quoted = true;
		} else if (c == ',') {
			buf_addc(&r->text, '\0');
			r->start = xgrow(r->start, &r->cap, r->n + 1, sizeof *r->start);
			r->start[r->n++] = r->text.len;
		} else if (c == '\n') {
			(*line)++;
			break;
		} else if (c != '\r') {
			buf_addc(&r->text, (char)c);
		}
	}
	return any ? r->n : 0;
}

static const char *field(const struct record *r, size_t i)
{
	return r->text.s + r->start[i];
}

static int find_column(const struct record *r, const char *const *names, size_t n_names)
{
	for (size_t j = 0; j < n_names; j++)
		for (size_t i = 0; i < r->n; i++) {
			const char *f = field(r, i);
			if (!strncmp(f, "\xEF\xBB\xBF", 3)) /* a byte order mark */
				f += 3;
			if (!strcasecmp(f, names[j]))
				return (int)i;
		}
	return -1;
}

static bool is_blank(const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\t')
			return false;
	return true;
}

static int load_csv(const char *path, struct intent_csv *e, char **err)
{
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		*err = xasprintf("cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	struct record r = {0};
	buf_init(&r.text);
	int rc = -1, col_text = 0, col_intent = 1;
	size_t line = 1, n;
	bool first = true;
	for (;;) {
		size_t at = line;
		n = read_record(fp, &r, &line);
		if (!n)
			break;
		if (first) {
			first = false;
			int t = find_column(&r, text_columns, sizeof text_columns / sizeof *text_columns);
			int i = find_column(&r, intent_columns, sizeof intent_columns / sizeof *intent_columns);
			if (t >= 0 && i >= 0 && t != i) {
				col_text = t;
				col_intent = i;
				continue;
			}
		}
		if (n == 1 && is_blank(field(&r, 0)))
			continue;
		size_t need = (size_t)(col_text > col_intent ? col_text : col_intent);
		if (n <= need || is_blank(field(&r, (size_t)col_intent))) {
			*err = xasprintf("%s:%zu: expected text,intent", path, at);
			goto cleanup;
		}
		const char *text = field(&r, (size_t)col_text);
		if (at == 1 && !strncmp(text, "\xEF\xBB\xBF", 3))
			text += 3; /* a byte order mark */
		/* "greet " and "greet" are one intent */
		char *label = (char *)field(&r, (size_t)col_intent);
		while (*label == ' ' || *label == '\t')
			label++;
		size_t len = strlen(label);
		while (len && (label[len - 1] == ' ' || label[len - 1] == '\t'))
			label[--len] = '\0';
		e->ex = xgrow(e->ex, &e->cap, e->n + 1, sizeof *e->ex);
		e->ex[e->n].text = keep(e, text);
		e->ex[e->n].intent = keep(e, label);
		e->n++;
	}
	if (ferror(fp)) {
		*err = xasprintf("cannot read %s", path);
		goto cleanup;
	}
	rc = 0;
cleanup:
	buf_release(&r.text);
	free(r.start);
	fclose(fp);
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every *.csv in dir, in name order so that training is reproducible. */
static int load_dir(const char *dir, struct intent_csv *e, char **err)
{
	DIR *d = opendir(dir);
	if (!d) {
		*err = xasprintf("cannot open %s: %s", dir, strerror(errno));
		return -1;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);
		if (len > 4 && !strcmp(de->d_name + len - 4, ".csv") && de->d_name[0] != '.') {
			names = xgrow(names, &cap, n + 1, sizeof *names);
			names[n++] = xasprintf("%s/%s", dir, de->d_name);
		}
	}
	closedir(d);
	qsort(names, n, sizeof *names, cmp_str);
	int rc = n ? 0 : -1;
	if (!n)
		*err = xasprintf("no *.csv files in %s", dir);
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = load_csv(names[i], e, err);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

int intent_csv_load(const char *path, struct intent_csv *e, char **err)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		*err = xasprintf("cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	return S_ISDIR(st.st_mode) ? load_dir(path, e, err) : load_csv(path, e, err);
}
