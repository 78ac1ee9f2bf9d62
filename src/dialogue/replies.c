/*
 * replies.c: loading reply templates and filling their variables.
 */
#include "src/dialogue/replies.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/xalloc.h"

struct section {
	char *key;
	char **variants;
	size_t n, cap;
};

struct replies {
	struct section *sections; /* sorted by key after loading */
	size_t n, cap;
};

static struct section *find(const replies *r, const char *key)
{
	size_t lo = 0, hi = r->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int cmp = strcmp(r->sections[mid].key, key);
		if (!cmp)
			return &r->sections[mid];
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static struct section *open_section(replies *r, const char *key)
{
	for (size_t i = 0; i < r->n; i++)
		if (!strcmp(r->sections[i].key, key))
			return &r->sections[i];
	r->sections = xgrow(r->sections, &r->cap, r->n + 1, sizeof *r->sections);
	struct section *s = &r->sections[r->n++];
	memset(s, 0, sizeof *s);
	s->key = xstrdup(key);
	return s;
}

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
		s[--n] = '\0';
	return s;
}

static int load_file(replies *r, const char *path, char **err)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		if (err)
			*err = xasprintf("cannot read %s: %s", path, strerror(errno));
		return -1;
	}
	char *line = NULL;
	size_t cap = 0;
	struct section *cur = NULL;
	size_t cur_index = 0;
	while (getline(&line, &cap, f) >= 0) {
		char *s = trim(line);
		if (!*s || *s == '#')
			continue;
		size_t n = strlen(s);
		if (*s == '[' && s[n - 1] == ']') {
			s[n - 1] = '\0';
			cur = open_section(r, trim(s + 1));
			cur_index = (size_t)(cur - r->sections);
			continue;
		}
		if (!cur)
			continue;
		cur = &r->sections[cur_index]; /* the array may have moved */
		cur->variants = xgrow(cur->variants, &cur->cap, cur->n + 1, sizeof *cur->variants);
		cur->variants[cur->n++] = xstrdup(s);
	}
	free(line);
	fclose(f);
	return 0;
}

static int by_key(const void *a, const void *b)
{
	return strcmp(((const struct section *)a)->key, ((const struct section *)b)->key);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

replies *replies_new(const char *dir, char **err)
{
	DIR *dh = opendir(dir);
	if (!dh) {
		if (err)
			*err = xasprintf("cannot read the reply templates in %s: %s", dir, strerror(errno));
		return NULL;
	}
	/* Files load in name order so a later file's variants follow an earlier's. */
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(dh))) {
		size_t len = strlen(e->d_name);
		if (len > 4 && !strcmp(e->d_name + len - 4, ".txt") && e->d_name[0] != '.') {
			names = xgrow(names, &cap, n + 1, sizeof *names);
			names[n++] = xstrdup(e->d_name);
		}
	}
	closedir(dh);
	qsort(names, n, sizeof *names, by_name);
	replies *r = xcalloc(1, sizeof *r);
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		char *path = xasprintf("%s/%s", dir, names[i]);
		if (rc == 0)
			rc = load_file(r, path, err);
		free(path);
		free(names[i]);
	}
	free(names);
	if (rc == 0 && r->n == 0) {
		if (err)
			*err = xasprintf("no reply templates in %s", dir);
		rc = -1;
	}
	if (rc < 0) {
		replies_free(r);
		return NULL;
	}
	qsort(r->sections, r->n, sizeof *r->sections, by_key);
	return r;
}

void replies_free(replies *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++) {
		for (size_t j = 0; j < r->sections[i].n; j++)
			free(r->sections[i].variants[j]);
		free(r->sections[i].variants);
		free(r->sections[i].key);
	}
	free(r->sections);
	free(r);
}

size_t replies_count(const replies *r, const char *key)
{
	const struct section *s = find(r, key);
	return s ? s->n : 0;
}

static const char *lookup_var(const struct reply_var *vars, size_t n, const char *name,
                              size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(vars[i].name) == len && !memcmp(vars[i].name, name, len))
			return vars[i].value;
	return NULL;
}

static char *fill(const char *t, const struct reply_var *vars, size_t n_vars, bool *missing)
{
	struct buf b;
	buf_init(&b);
	for (const char *p = t; *p; p++) {
		if (*p == '\\' && p[1] == 'n') {
			buf_addc(&b, '\n');
			p++;
			continue;
		}
		const char *close = *p == '{' ? strchr(p, '}') : NULL;
		if (!close) {
			buf_addc(&b, *p);
			continue;
		}
		const char *v = lookup_var(vars, n_vars, p + 1, (size_t)(close - p - 1));
		if (v)
			buf_adds(&b, v);
		else if (missing)
			*missing = true;
		p = close;
	}
	return buf_detach(&b);
}

char *replies_render_nth(const replies *r, const char *key, size_t i,
                         const struct reply_var *vars, size_t n_vars, bool *missing)
{
	const struct section *s = find(r, key);
	if (!s || i >= s->n)
		return NULL;
	return fill(s->variants[i], vars, n_vars, missing);
}

char *replies_render(const replies *r, const char *key, unsigned long pick,
                     const struct reply_var *vars, size_t n_vars, bool *missing)
{
	const struct section *s = find(r, key);
	if (!s || !s->n) {
		if (missing)
			*missing = true;
		return xstrdup("");
	}
	return fill(s->variants[pick % s->n], vars, n_vars, missing);
}

const char *replies_raw(const replies *r, const char *key, size_t i)
{
	const struct section *s = find(r, key);
	return s && i < s->n ? s->variants[i] : NULL;
}

const char *replies_key(const replies *r, size_t i)
{
	return i < r->n ? r->sections[i].key : NULL;
}
