/*
 * synonyms.c: rules as lists of entries; lookups scan the entries, which is
 * fast for the few hundred rules a shop writes and keeps the code small.
 */
#include "catalog/search/synonyms.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/xalloc.h"

struct entry {
	char *terms;   /* stems joined by single spaces */
	char *surface; /* folded words joined by single spaces */
	size_t rule;
	bool left;     /* on the left of "=>" (or in an equivalence rule) */
};

struct rule {
	bool one_way;
};

struct synonyms {
	tokenizer *t;
	struct entry *entries;
	size_t n, cap;
	struct rule *rules;
	size_t n_rules, rules_cap;
	struct synonym_alt *scratch;
	size_t scratch_cap;
};

synonyms *synonyms_new(tokenizer *t)
{
	synonyms *s = xcalloc(1, sizeof *s);
	s->t = t;
	return s;
}

void synonyms_free(synonyms *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++) {
		free(s->entries[i].terms);
		free(s->entries[i].surface);
	}
	free(s->entries);
	free(s->rules);
	free(s->scratch);
	free(s);
}

size_t synonyms_size(const synonyms *s)
{
	return s->n;
}

struct joined {
	struct buf terms, surface;
	size_t words;
};

/* Compounds add their parts only, so "usb-c" is the phrase "usb c". */
static int join_token(void *ctx, const struct token *t)
{
	struct joined *j = ctx;
	if (t->flags & TOKEN_WHOLE)
		return 0;
	if (j->terms.len) {
		buf_addc(&j->terms, ' ');
		buf_addc(&j->surface, ' ');
	}
	buf_add(&j->terms, t->text, t->len);
	buf_add(&j->surface, t->surface, t->surface_len);
	j->words++;
	return 0;
}

static void add_entry(synonyms *s, const char *text, size_t len, size_t rule, bool left)
{
	struct joined j;
	buf_init(&j.terms);
	buf_init(&j.surface);
	j.words = 0;
	tokenizer_run(s->t, text, len, join_token, &j);
	if (j.words == 0 || j.words > SYNONYMS_MAX_WORDS) {
		buf_release(&j.terms);
		buf_release(&j.surface);
		return;
	}
	s->entries = xgrow(s->entries, &s->cap, s->n + 1, sizeof *s->entries);
	s->entries[s->n++] = (struct entry){buf_detach(&j.terms), buf_detach(&j.surface), rule, left};
}

static void add_list(synonyms *s, const char *p, const char *end, size_t rule, bool left)
{
	while (p < end) {
		const char *comma = memchr(p, ',', (size_t)(end - p));
		const char *stop = comma ? comma : end;
		add_entry(s, p, (size_t)(stop - p), rule, left);
		p = stop + 1;
	}
}

void synonyms_add_line(synonyms *s, const char *line)
{
	size_t len = strcspn(line, "#\r\n");
	const char *end = line + len;
	const char *arrow = NULL;
	for (const char *p = line; p + 1 < end; p++)
		if (p[0] == '=' && p[1] == '>') {
			arrow = p;
			break;
		}
	size_t before = s->n;
	s->rules = xgrow(s->rules, &s->rules_cap, s->n_rules + 1, sizeof *s->rules);
	size_t rule = s->n_rules;
	s->rules[rule].one_way = arrow != NULL;
	if (arrow) {
		add_list(s, line, arrow, rule, true);
		add_list(s, arrow + 2, end, rule, false);
	} else {
		add_list(s, line, end, rule, true);
	}
	if (s->n - before >= 2)
		s->n_rules++;
	else
		while (s->n > before) { /* a rule with one entry says nothing */
			s->n--;
			free(s->entries[s->n].terms);
			free(s->entries[s->n].surface);
		}
}

void synonyms_add_rules(synonyms *s, const lexicon_list *rules)
{
	for (size_t i = 0; i < lexicon_list_size(rules); i++) {
		/* the lexicon splits "a => b" at its arrow; the rule needs both */
		const char *right = lexicon_list_value(rules, i);
		char *line = right ? xasprintf("%s => %s", lexicon_list_at(rules, i), right)
		                   : xstrdup(lexicon_list_at(rules, i));
		synonyms_add_line(s, line);
		free(line);
	}
}

static bool seen(const struct synonym_alt *alts, size_t n, const char *terms)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(alts[i].terms, terms))
			return true;
	return false;
}

/* Collects the alternatives of entry e into s->scratch. */
static size_t collect(synonyms *s, const struct entry *e, size_t n_alts)
{
	for (size_t i = 0; i < s->n; i++) {
		const struct entry *o = &s->entries[i];
		if (o->rule != e->rule || !strcmp(o->terms, e->terms))
			continue;
		if (s->rules[o->rule].one_way && (!e->left || o->left))
			continue;
		if (seen(s->scratch, n_alts, o->terms))
			continue;
		s->scratch = xgrow(s->scratch, &s->scratch_cap, n_alts + 1, sizeof *s->scratch);
		s->scratch[n_alts++] = (struct synonym_alt){o->terms, o->surface};
	}
	return n_alts;
}

size_t synonyms_match(synonyms *s, const char *const *stems, size_t n,
                      const struct synonym_alt **alts, size_t *n_alts)
{
	if (n > SYNONYMS_MAX_WORDS)
		n = SYNONYMS_MAX_WORDS;
	struct buf key;
	buf_init(&key);
	size_t found = 0;
	for (size_t k = n; k >= 1 && !found; k--) {
		buf_reset(&key);
		for (size_t i = 0; i < k; i++) {
			if (i)
				buf_addc(&key, ' ');
			buf_adds(&key, stems[i]);
		}
		size_t count = 0;
		for (size_t i = 0; i < s->n; i++)
			if (!strcmp(s->entries[i].terms, key.s))
				count = collect(s, &s->entries[i], count);
		if (count) {
			found = k;
			*alts = s->scratch;
			*n_alts = count;
		}
	}
	buf_release(&key);
	return found;
}
