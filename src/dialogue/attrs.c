/*
 * attrs.c: the catalog's attribute keys, measures and related words.
 */
#include "src/dialogue/attrs.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/buf.h"
#include "common/xalloc.h"
#include "src/dialogue/words.h"
#include "nlu/text/ages.h"

/* Distinct values of one key read for "does it contain ...": a list key's
 * vocabulary is small (allergens, dietary labels, colours). */
#define KEY_VALUES_MAX 200

void attrs_load(dialogue *d, const char *assets_dir)
{
	char *path = xasprintf("%s/units.txt", assets_dir ? assets_dir : ".");
	if (measure_units_load(path, &d->units, NULL) < 0)
		d->units = NULL;
	free(path);
	if (attr_keys_ensure(d->cat, d->units, NULL) < 0 ||
	    attr_keys_load(d->cat, &d->keys, &d->n_keys, NULL) < 0) {
		d->keys = NULL;
		d->n_keys = 0;
	}
}

void attrs_release(dialogue *d)
{
	attr_keys_free(d->keys, d->n_keys);
	d->keys = NULL;
	d->n_keys = 0;
	measure_units_free(d->units);
	d->units = NULL;
}

const struct attr_key *attrs_key(const dialogue *d, const char *key)
{
	for (size_t i = 0; key && i < d->n_keys; i++)
		if (!strcasecmp(d->keys[i].key, key))
			return &d->keys[i];
	return NULL;
}

bool attrs_key_hidden(const dialogue *d, const char *key, bool *known)
{
	const struct attr_key *k = attrs_key(d, key);
	*known = k != NULL;
	return k && k->kind == ATTR_HIDDEN;
}

bool attrs_measure(const dialogue *d, const char *value, struct measure *m)
{
	return value && measure_parse(d->units, value, strlen(value), m);
}

/* The number at s (digits, one '.' or ',' between digits), its length in
 * *len; false when s does not start with a digit. */
static bool number_at(const char *s, size_t *len)
{
	size_t n = 0;
	if (!isdigit((unsigned char)s[0]))
		return false;
	while (isdigit((unsigned char)s[n]) ||
	       ((s[n] == '.' || s[n] == ',') && isdigit((unsigned char)s[n + 1])))
		n++;
	*len = n;
	return true;
}

char *attrs_cut_measures(const dialogue *d, const char *text, struct measure *out, size_t max,
                         size_t *n)
{
	*n = 0;
	struct buf rest;
	buf_init(&rest);
	const char *s = text ? text : "";
	while (*s) {
		size_t num;
		bool at_word = s == text || (!isalnum((unsigned char)s[-1]) && s[-1] != '.');
		if (!d->units || *n >= max || !at_word || !number_at(s, &num)) {
			buf_addc(&rest, *s++);
			continue;
		}
		/* the number, then a unit of one word: "500g", "2 litres", "1.5 kg" */
		const char *u = s + num;
		while (*u == ' ')
			u++;
		size_t ulen = 0;
		while (u[ulen] && (isalpha((unsigned char)u[ulen]) || (unsigned char)u[ulen] >= 0x80))
			ulen++;
		/* a mark right after the number: 10' (feet), 6" (inches) */
		if (!ulen && u == s + num && (*u == '\'' || *u == '"'))
			ulen = u[1] == '\'' ? 2 : 1;
		struct measure m;
		bool ok = false;
		if (ulen && !isalnum((unsigned char)u[ulen])) {
			char *one = xstrndup(s, (size_t)(u - s) + ulen);
			ok = measure_parse(d->units, one, strlen(one), &m) && m.dimension;
			free(one);
		}
		if (ok) {
			out[(*n)++] = m;
			s = u + ulen;
		} else {
			buf_add(&rest, s, num);
			s += num;
		}
	}
	/* the words left, single-spaced */
	struct buf words;
	buf_init(&words);
	for (char *save = NULL, *w = strtok_r(rest.s ? rest.s : "", " ", &save); w;
	     w = strtok_r(NULL, " ", &save))
		buf_printf(&words, "%s%s", words.len ? " " : "", w);
	buf_release(&rest);
	if (!words.len) {
		buf_release(&words);
		return xstrdup("");
	}
	return buf_detach(&words);
}

size_t attrs_measures_in(const dialogue *d, const char *text, struct measure *out, size_t max)
{
	size_t n = 0;
	free(attrs_cut_measures(d, text, out, max, &n));
	return n;
}

const char *attrs_unit_dimension(const dialogue *d, const char *word)
{
	struct measure m;
	if (!d->units || !word || !measure_unit(d->units, word, strlen(word), &m))
		return NULL;
	return m.dimension;
}

/* The same word, or one its plural ("nut"/"nuts", "box"/"boxes"); looser
 * matching would make "free" say "freeze". */
static bool same_word(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > lb)
		return same_word(b, a);
	if (strncmp(a, b, la))
		return false;
	const char *rest = b + la;
	return !*rest || !strcmp(rest, "s") || !strcmp(rest, "es");
}

/* ---- saying a word ---- */

#define PHRASE_WORDS 16

struct phrase {
	char *buf;               /* the phrase in lower case, cut into words */
	char *w[PHRASE_WORDS];
	size_t n;
};

struct attrs_matcher {
	struct phrase *p;        /* the word itself, then its related words */
	size_t n;
};

static void add_phrase(struct attrs_matcher *m, const char *text)
{
	struct phrase ph = {.buf = xstrdup(text)};
	for (char *c = ph.buf; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	for (char *save = NULL, *t = strtok_r(ph.buf, " -", &save); t && ph.n < PHRASE_WORDS;
	     t = strtok_r(NULL, " -", &save))
		ph.w[ph.n++] = t;
	if (!ph.n) {
		free(ph.buf);
		return;
	}
	m->p = xrealloc(m->p, (m->n + 1) * sizeof *m->p);
	m->p[m->n++] = ph;
}

struct attrs_matcher *attrs_matcher_new(const dialogue *d, const char *word)
{
	struct attrs_matcher *m = xcalloc(1, sizeof *m);
	if (!word || !*word)
		return m;
	add_phrase(m, word);
	/* the language's narrower words: "nuts => tree nuts, hazelnut" */
	const lexicon_list *rel = lang_list(d->lang, "related");
	for (size_t i = 0; i < lexicon_list_size(rel); i++) {
		const char *left = lexicon_list_at(rel, i), *right = lexicon_list_value(rel, i);
		if (!right || strcasecmp(left, word))
			continue;
		char *copy = xstrdup(right);
		for (char *save = NULL, *t = strtok_r(copy, ",", &save); t;
		     t = strtok_r(NULL, ",", &save)) {
			while (*t == ' ')
				t++;
			add_phrase(m, t);
		}
		free(copy);
	}
	return m;
}

void attrs_matcher_free(struct attrs_matcher *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->n; i++)
		free(m->p[i].buf);
	free(m->p);
	free(m);
}

bool attrs_matcher_says(const struct attrs_matcher *m, const char *value)
{
	if (!value || !m->n)
		return false;
	/* the value's words, in lower case, once for every phrase */
	char *copy = xstrdup(value);
	char **words = NULL;
	size_t n = 0, cap = 0;
	for (char *p = copy; *p;) {
		while (*p && !isalnum((unsigned char)*p) && (unsigned char)*p < 0x80)
			p++;
		char *start = p;
		for (; *p && (isalnum((unsigned char)*p) || (unsigned char)*p >= 0x80); p++)
			*p = (char)tolower((unsigned char)*p);
		if (p == start)
			continue;
		if (*p)
			*p++ = '\0';
		words = xgrow(words, &cap, n + 1, sizeof *words);
		words[n++] = start;
	}
	bool said = false;
	for (size_t i = 0; i < m->n && !said; i++) {
		const struct phrase *ph = &m->p[i];
		size_t hits = 0;
		for (size_t k = 0; k < ph->n; k++)
			for (size_t j = 0; j < n; j++)
				if (same_word(ph->w[k], words[j])) {
					hits++;
					break;
				}
		said = hits == ph->n;
	}
	free(words);
	free(copy);
	return said;
}

bool attrs_value_says(const dialogue *d, const char *value, const char *word)
{
	if (!value || !word || !*word)
		return false;
	struct attrs_matcher *m = attrs_matcher_new(d, word);
	bool said = attrs_matcher_says(m, value);
	attrs_matcher_free(m);
	return said;
}

bool attrs_is_yes(const dialogue *d, const char *value)
{
	if (!value)
		return false;
	char *lower = xstrdup(value);
	for (char *c = lower; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	bool yes = words_is(d, lower, "lexicon.true");
	free(lower);
	return yes;
}

#define NAME_MEASURES 12

/* Is v the measure m, or (near) a size the round number m stands for? */
static bool measure_is(const struct measure *v, const struct measure *m, bool near)
{
	return v->dimension && (near ? measure_rounds_to(v, m) : measure_compare(v, m) == 0);
}

static bool has_measure(const dialogue *d, const struct product_view *p, const struct measure *m,
                        bool near)
{
	struct measure in[NAME_MEASURES];
	for (size_t i = 0; i < p->n_attrs; i++) {
		struct measure v;
		if (attrs_measure(d, p->attrs[i].value, &v) && measure_is(&v, m, near))
			return true;
		/* the sizes it comes in: "2 qt, 3 qt, 4 qt"; one size in two
		 * units: "400 ml / 13.5 fl oz" */
		if (strchr(p->attrs[i].value, ',') || strchr(p->attrs[i].value, '/')) {
			size_t n = attrs_measures_in(d, p->attrs[i].value, in, NAME_MEASURES);
			for (size_t k = 0; k < n; k++)
				if (measure_is(&in[k], m, near))
					return true;
		}
	}
	/* "Insignia - 10' Lightning Cable", "Powerstation 10,000 mAh" */
	size_t n = attrs_measures_in(d, p->name, in, NAME_MEASURES);
	for (size_t i = 0; i < n; i++)
		if (measure_is(&in[i], m, near))
			return true;
	return false;
}

bool attrs_has_key(const struct product_view *p, const char *key)
{
	for (size_t i = 0; i < p->n_attrs; i++)
		if (!strcasecmp(p->attrs[i].key, key))
			return true;
	return false;
}

bool attrs_has_measure(const dialogue *d, const struct product_view *p, const struct measure *m)
{
	return has_measure(d, p, m, false);
}

bool attrs_has_measure_near(const dialogue *d, const struct product_view *p,
                            const struct measure *m)
{
	return has_measure(d, p, m, true);
}

int attrs_key_values(dialogue *d, const char *key, char ***out, size_t *n)
{
	return attr_key_values(d->cat, key, KEY_VALUES_MAX, out, n, NULL);
}

bool attrs_ages(const struct product_view *p, int *from, int *to)
{
	for (size_t i = 0; i < p->n_attrs; i++)
		if (ages_label(p->attrs[i].key, strlen(p->attrs[i].key)) &&
		    ages_in_text(p->attrs[i].value, strlen(p->attrs[i].value), true, from, to))
			return true;
	return p->description && ages_in_text(p->description, strlen(p->description), false, from, to);
}
