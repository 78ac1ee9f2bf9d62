/*
 * dictionary.c: an open-addressing hash set of the words, in one arena.
 */
#include "nlu/text/dictionary.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/xalloc.h"

struct dictionary {
	char *arena;       /* the words, NUL-terminated one after another */
	uint32_t *slots;   /* offset + 1 into arena, 0 when empty */
	size_t n_slots;    /* a power of two, at least twice the words */
};

static uint64_t hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return h;
}

static bool same(const dictionary *d, uint32_t slot, const char *w, size_t n)
{
	const char *s = d->arena + slot - 1;
	return !strncmp(s, w, n) && s[n] == '\0';
}

static void insert(dictionary *d, uint32_t at, size_t n)
{
	const char *w = d->arena + at;
	size_t mask = d->n_slots - 1;
	for (size_t i = hash(w, n) & mask;; i = (i + 1) & mask) {
		if (!d->slots[i]) {
			d->slots[i] = at + 1;
			return;
		}
		if (same(d, d->slots[i], w, n))
			return;
	}
}

dictionary *dictionary_load(const char *path, char **err)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		if (err)
			*err = xasprintf("cannot read the word list %s: %s", path, strerror(errno));
		return NULL;
	}
	struct buf words;
	buf_init(&words);
	uint32_t *starts = NULL;
	size_t n = 0, cap = 0;
	char *line = NULL;
	size_t lcap = 0;
	ssize_t len;
	while ((len = getline(&line, &lcap, f)) > 0) {
		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		/* "dad's" is dad; "Miro" and "Dell" are names, not ordinary words */
		if (!len || strchr(line, '\'') || isupper((unsigned char)line[0]) ||
		    words.len > UINT32_MAX / 2)
			continue;
		starts = xgrow(starts, &cap, n + 1, sizeof *starts);
		starts[n++] = (uint32_t)words.len;
		for (ssize_t i = 0; i < len; i++)
			buf_addc(&words, (char)tolower((unsigned char)line[i]));
		buf_addc(&words, '\0');
	}
	free(line);
	fclose(f);
	dictionary *d = xcalloc(1, sizeof *d);
	d->arena = buf_detach(&words);
	d->n_slots = 16;
	while (d->n_slots < 2 * n)
		d->n_slots *= 2;
	d->slots = xcalloc(d->n_slots, sizeof *d->slots);
	for (size_t i = 0; i < n; i++)
		insert(d, starts[i], strlen(d->arena + starts[i]));
	free(starts);
	return d;
}

void dictionary_free(dictionary *d)
{
	if (!d)
		return;
	free(d->arena);
	free(d->slots);
	free(d);
}

bool dictionary_has(const dictionary *d, const char *word, size_t len)
{
	if (!d || !len)
		return false;
	size_t mask = d->n_slots - 1;
	for (size_t i = hash(word, len) & mask; d->slots[i]; i = (i + 1) & mask)
		if (same(d, d->slots[i], word, len))
			return true;
	return false;
}
