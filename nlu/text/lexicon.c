/*
 * lexicon.c: sections of lines, each with an open-addressing hash of its
 * entries that grows as entries are added.
 */
#include "nlu/text/lexicon.h"

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/buf.h"
#include "common/xalloc.h"

struct entry {
	char *word;  /* the entry, or the left side of a mapping */
	size_t len;
	char *value; /* the right side of a mapping, or NULL */
};

struct lexicon_list {
	char *name;
	struct entry *e;
	size_t n, cap;
	uint32_t *slots; /* index + 1 of an entry, 0 = empty; a power of two */
	size_t n_slots;
};

struct lexicon {
	struct lexicon_list **lists; /* each on the heap: handles stay valid */
	size_t n, cap;
};

lexicon *lexicon_new(void)
{
	return xcalloc(1, sizeof(lexicon));
}

static void list_free(struct lexicon_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->e[i].word);
		free(l->e[i].value);
	}
	free(l->e);
	free(l->slots);
	free(l->name);
	free(l);
}

void lexicon_free(lexicon *lx)
{
	if (!lx)
		return;
	for (size_t i = 0; i < lx->n; i++)
		list_free(lx->lists[i]);
	free(lx->lists);
	free(lx);
}

static uint32_t hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* Puts entry i in the table; a repeated entry leaves the first one found. */
static void insert(struct lexicon_list *l, size_t i)
{
	size_t mask = l->n_slots - 1, at = hash(l->e[i].word, l->e[i].len) & mask;
	while (l->slots[at]) {
		const struct entry *o = &l->e[l->slots[at] - 1];
		if (o->len == l->e[i].len && !memcmp(o->word, l->e[i].word, o->len))
			return;
		at = (at + 1) & mask;
	}
	l->slots[at] = (uint32_t)(i + 1);
}

/* Keeps the table at least twice the size of the entries. */
static void grow_table(struct lexicon_list *l)
{
	if (l->n_slots >= 2 * l->n && l->n_slots)
		return;
	size_t want = l->n_slots ? l->n_slots : 8;
	while (want < 2 * l->n)
		want *= 2;
	free(l->slots);
	l->slots = xcalloc(want, sizeof *l->slots);
	l->n_slots = want;
	for (size_t i = 0; i < l->n; i++)
		insert(l, i);
}

const lexicon_list *lexicon_get(const lexicon *lx, const char *section)
{
	for (size_t i = 0; lx && i < lx->n; i++)
		if (!strcmp(lx->lists[i]->name, section))
			return lx->lists[i];
	return NULL;
}

static struct lexicon_list *open_list(lexicon *lx, const char *name)
{
	struct lexicon_list *l = (struct lexicon_list *)lexicon_get(lx, name);
	if (l)
		return l;
	l = xcalloc(1, sizeof *l);
	l->name = xstrdup(name);
	lx->lists = xgrow(lx->lists, &lx->cap, lx->n + 1, sizeof *lx->lists);
	lx->lists[lx->n++] = l;
	return l;
}

/* s[0..n) trimmed, inner runs of blanks made one space, into b. */
static void squeeze(struct buf *b, const char *s, size_t n)
{
	buf_reset(b);
	bool gap = false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == ' ' || c == '\t' || c == '\r') {
			gap = b->len > 0;
			continue;
		}
		if (gap)
			buf_addc(b, ' ');
		gap = false;
		buf_addc(b, c);
	}
}

static void add_entry(struct lexicon_list *l, const char *line)
{
	struct entry e = {0};
	const char *arrow = strstr(line, "=>");
	if (arrow) {
		size_t left = (size_t)(arrow - line);
		while (left && line[left - 1] == ' ')
			left--;
		const char *right = arrow + 2;
		while (*right == ' ')
			right++;
		e.word = xstrndup(line, left);
		e.len = left;
		e.value = xstrdup(right);
	} else {
		e.word = xstrdup(line);
		e.len = strlen(line);
	}
	l->e = xgrow(l->e, &l->cap, l->n + 1, sizeof *l->e);
	l->e[l->n++] = e;
	if (l->n_slots < 2 * l->n)
		grow_table(l);
	else
		insert(l, l->n - 1);
}

int lexicon_parse(lexicon *lx, const char *text, size_t len, const char *origin, char **err)
{
	struct buf line;
	buf_init(&line);
	struct lexicon_list *cur = NULL;
	int rc = 0;
	size_t lineno = 0;
	for (size_t pos = 0; pos < len;) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos;
		const char *s = text + pos;
		pos += n + (nl != NULL);
		lineno++;
		squeeze(&line, s, n);
		if (!line.len || line.s[0] == '#')
			continue;
		if (line.s[0] == '[' && line.s[line.len - 1] == ']') {
			line.s[line.len - 1] = '\0';
			struct buf name;
			buf_init(&name);
			squeeze(&name, line.s + 1, strlen(line.s + 1));
			cur = open_list(lx, name.len ? name.s : "");
			buf_release(&name);
			grow_table(cur);
			continue;
		}
		if (!cur) {
			if (err)
				*err = xasprintf("%s:%zu: '%s' before the first [section]", origin, lineno,
				                 line.s);
			rc = -1;
			break;
		}
		add_entry(cur, line.s);
	}
	buf_release(&line);
	return rc;
}

static int load_file(lexicon *lx, const char *path, char **err)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		if (err)
			*err = xasprintf("cannot read %s: %s", path, strerror(errno));
		return -1;
	}
	struct buf b;
	buf_init(&b);
	char chunk[8192];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	int rc = 0;
	if (ferror(f)) {
		if (err)
			*err = xasprintf("cannot read %s: %s", path, strerror(errno));
		rc = -1;
	}
	fclose(f);
	if (rc == 0)
		rc = lexicon_parse(lx, b.s ? b.s : "", b.len, path, err);
	buf_release(&b);
	return rc;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool is_txt(const char *name)
{
	size_t n = strlen(name);
	return name[0] != '.' && n > 4 && !strcmp(name + n - 4, ".txt");
}

static int load_dir(lexicon *lx, const char *dir, char **err)
{
	DIR *dh = opendir(dir);
	if (!dh) {
		if (err)
			*err = xasprintf("cannot read %s: %s", dir, strerror(errno));
		return -1;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *d;
	while ((d = readdir(dh))) {
		if (!is_txt(d->d_name))
			continue;
		names = xgrow(names, &cap, n + 1, sizeof *names);
		names[n++] = xasprintf("%s/%s", dir, d->d_name);
	}
	closedir(dh);
	if (n > 1)
		qsort(names, n, sizeof *names, by_name);
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		struct stat st;
		if (rc == 0 && stat(names[i], &st) == 0 && S_ISREG(st.st_mode))
			rc = load_file(lx, names[i], err);
		free(names[i]);
	}
	free(names);
	return rc;
}

int lexicon_load(lexicon *lx, const char *path, char **err)
{
	struct stat st;
	if (stat(path, &st) < 0) {
		if (err)
			*err = xasprintf("cannot read %s: %s", path, strerror(errno));
		return -1;
	}
	return S_ISDIR(st.st_mode) ? load_dir(lx, path, err) : load_file(lx, path, err);
}

size_t lexicon_list_size(const lexicon_list *l)
{
	return l ? l->n : 0;
}

const char *lexicon_list_at(const lexicon_list *l, size_t i)
{
	return l && i < l->n ? l->e[i].word : NULL;
}

const char *lexicon_list_value(const lexicon_list *l, size_t i)
{
	return l && i < l->n ? l->e[i].value : NULL;
}

long lexicon_list_find(const lexicon_list *l, const char *word, size_t len)
{
	if (!l || !l->n_slots || !word)
		return -1;
	size_t at = hash(word, len) & (l->n_slots - 1);
	while (l->slots[at]) {
		const struct entry *e = &l->e[l->slots[at] - 1];
		if (e->len == len && !memcmp(e->word, word, len))
			return (long)l->slots[at] - 1;
		at = (at + 1) & (l->n_slots - 1);
	}
	return -1;
}

bool lexicon_list_has(const lexicon_list *l, const char *word, size_t len)
{
	return lexicon_list_find(l, word, len) >= 0;
}
