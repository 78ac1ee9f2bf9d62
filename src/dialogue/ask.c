/*
 * ask.c: concepts of questions, against the lexicon and product attributes.
 */
#include "src/dialogue/ask.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/xalloc.h"
#include "src/dialogue/words.h"

#define CONCEPT_PREFIX "attribute."

const char *ask_concept(const dialogue *d, const char *text)
{
	const char *best = NULL;
	size_t best_at = (size_t)-1;
	const char *key;
	for (size_t i = 0; (key = replies_key(d->rp, i)); i++) {
		if (strncmp(key, CONCEPT_PREFIX, strlen(CONCEPT_PREFIX)))
			continue;
		const char *phrase;
		for (size_t k = 0; (phrase = replies_raw(d->rp, key, k)); k++) {
			const char *at = strstr(text, phrase);
			size_t n = strlen(phrase);
			while (at) {
				bool left = at == text || !isalnum((unsigned char)at[-1]);
				bool right = !isalnum((unsigned char)at[n]);
				if (left && right)
					break;
				at = strstr(at + 1, phrase);
			}
			if (at && (size_t)(at - text) < best_at) {
				best_at = (size_t)(at - text);
				best = key + strlen(CONCEPT_PREFIX);
			}
		}
	}
	return best;
}

bool ask_concept_word(const dialogue *d, const char *concept, const char *word)
{
	if (!concept || !word)
		return false;
	if (words_match(concept, word))
		return true;
	char *key = xasprintf(CONCEPT_PREFIX "%s", concept);
	bool in = false;
	const char *phrase;
	for (size_t k = 0; !in && (phrase = replies_raw(d->rp, key, k)); k++)
		in = !strchr(phrase, ' ') && words_match(phrase, word);
	free(key);
	return in;
}

int ask_direction(const dialogue *d, const char *comparative)
{
	if (!comparative)
		return 0;
	/* "bigger screen": the comparative is its first word */
	size_t n = strcspn(comparative, " ");
	char *first = xstrndup(comparative, n);
	int dir = 0;
	if (words_is(d, comparative, "comparative.less") || words_is(d, first, "comparative.less"))
		dir = -1;
	else if (words_is(d, comparative, "comparative.more") ||
	         words_is(d, first, "comparative.more"))
		dir = 1;
	free(first);
	return dir;
}

/* How well a key answers: 3 when it is the words, 2 when it holds all of
 * them, 1 when it belongs to the concept, 0 otherwise. */
static int key_score(const dialogue *d, const char *key, char **words, size_t n,
                     const char *concept)
{
	size_t nk = 0;
	char **kw = words_content(d, key, &nk);
	int score = 0;
	if (n && nk) {
		size_t hits = words_in_text(words, n, key);
		if (hits == n && n == nk)
			score = 3;
		else if (hits == n)
			score = 2;
		else if (hits)
			score = 1;
	}
	for (size_t i = 0; !score && concept && i < nk; i++)
		if (ask_concept_word(d, concept, kw[i]))
			score = 1;
	words_free(kw, nk);
	return score;
}

size_t ask_attrs(const dialogue *d, const struct product_view *p, char **words, size_t n,
                 const char *concept, size_t *idx, size_t max)
{
	int best = 0;
	size_t got = 0, keys = 0;
	for (size_t i = 0; i < p->n_attrs; i++) {
		int s = key_score(d, p->attrs[i].key, words, n, concept);
		if (s > best) {
			best = s;
			got = keys = 0;
		}
		if (!s || s != best || got == max)
			continue;
		/* every value of a key (a list of colours), of at most a few keys */
		bool new_key = !got || strcmp(p->attrs[idx[got - 1]].key, p->attrs[i].key);
		if (new_key && keys == ASK_MAX_KEYS)
			continue;
		keys += new_key;
		idx[got++] = i;
	}
	return got;
}

bool ask_number(const char *value, double *num, char *unit, size_t size)
{
	const char *s = value;
	while (*s == ' ')
		s++;
	char digits[64];
	size_t k = 0;
	for (; *s && k + 1 < sizeof digits; s++) {
		if (isdigit((unsigned char)*s) || *s == '.' || (*s == '-' && k == 0))
			digits[k++] = *s;
		else if (*s != ',' || !isdigit((unsigned char)s[1]))
			break;
	}
	digits[k] = '\0';
	char *end;
	double v = strtod(digits, &end);
	if (!k || end == digits)
		return false;
	while (*s == ' ')
		s++;
	size_t len = strcspn(s, ";,(");
	while (len && s[len - 1] == ' ')
		len--;
	if (len >= size)
		len = size - 1;
	memcpy(unit, s, len);
	unit[len] = '\0';
	*num = v;
	return true;
}

/* A value shaped like a link, an address, a code or a timestamp. */
static bool noise_value(const char *v)
{
	if (!strncasecmp(v, "http://", 7) || !strncasecmp(v, "https://", 8) ||
	    !strncasecmp(v, "www.", 4))
		return true;
	const char *at = strchr(v, '@');
	if (at && at > v && strchr(at, '.') && !strchr(v, ' '))
		return true;
	/* 2026-03-08T05:13:00Z */
	if (strlen(v) >= 11 && isdigit((unsigned char)v[0]) && v[4] == '-' && v[7] == '-' &&
	    (v[10] == 'T' || v[10] == ' ') && isdigit((unsigned char)v[11]))
		return true;
	/* a barcode: a long run of digits and nothing else */
	size_t digits = strspn(v, "0123456789");
	return digits >= 8 && v[digits] == '\0';
}

bool ask_hidden(const dialogue *d, const char *key, const char *value)
{
	if (value && noise_value(value))
		return true;
	size_t n = 0;
	char **w = words_content(d, key, &n);
	bool hidden = false;
	for (size_t i = 0; i < n && !hidden; i++)
		hidden = words_is(d, w[i], "lexicon.hidden_keys");
	words_free(w, n);
	return hidden;
}
