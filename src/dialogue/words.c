/*
 * words.c: the shopper's words against the lexicon and product text.
 */
#include "src/dialogue/words.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/buf.h"
#include "common/xalloc.h"
#include "nlu/text/normalize.h"
#include "nlu/text/token.h"

static bool word_char(unsigned char c)
{
	return isalnum(c) || c >= 0x80 || c == '\'';
}

/* s without leading/trailing punctuation and spaces, into out (cap bytes). */
static void strip(const char *s, char *out, size_t cap)
{
	while (*s && !word_char((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n && !word_char((unsigned char)s[n - 1]))
		n--;
	if (n >= cap)
		n = cap - 1;
	memcpy(out, s, n);
	out[n] = '\0';
}

bool words_is(const dialogue *d, const char *lower, const char *key)
{
	char s[256];
	if (strlen(lower) >= sizeof s)
		return false;
	strip(lower, s, sizeof s);
	const char *v;
	for (size_t i = 0; (v = replies_raw(d->rp, key, i)); i++)
		if (!strcmp(s, v))
			return true;
	return false;
}

/* Drops the apostrophes of s in place ("keeper's" is "keepers"). */
static void drop_apostrophes(char *s)
{
	char *o = s;
	for (const char *c = s; *c; c++)
		if (*c != '\'')
			*o++ = *c;
	*o = '\0';
}

bool words_run_in(const char *phrase, const char *name)
{
	char *p = token_fold(phrase, strlen(phrase)), *n = token_fold(name, strlen(name));
	/* "the lighthouse keepers daughter" of "The Lighthouse Keeper's
	 * Daughter" */
	drop_apostrophes(p);
	drop_apostrophes(n);
	for (char *c = n; *c; c++)
		if (!isalnum((unsigned char)*c) && (unsigned char)*c < 0x80)
			*c = ' ';
	bool says = words_at(n, p) != NULL;
	free(p);
	free(n);
	return says;
}

const char *words_at(const char *text, const char *phrase)
{
	size_t n = strlen(phrase);
	if (!n)
		return NULL;
	for (const char *p = text; (p = strstr(p, phrase)); p++) {
		bool left = p == text || !word_char((unsigned char)p[-1]);
		bool right = !word_char((unsigned char)p[n]);
		if (left && right)
			return p;
	}
	return NULL;
}

/* True when phrase occurs in text with word boundaries on both sides. */
static bool has_phrase(const char *text, const char *phrase)
{
	return words_at(text, phrase) != NULL;
}

bool words_says(const dialogue *d, const char *lower, const char *key)
{
	return words_said(d, lower, key) != NULL;
}

const char *words_said(const dialogue *d, const char *lower, const char *key)
{
	const char *v;
	for (size_t i = 0; (v = replies_raw(d->rp, key, i)); i++)
		if (has_phrase(lower, v))
			return v;
	return NULL;
}

bool words_in_section(const dialogue *d, const char *word, const char *key)
{
	const char *v;
	for (size_t i = 0; (v = replies_raw(d->rp, key, i)); i++)
		if (has_phrase(v, word))
			return true;
	return false;
}

/* Splits s into lowercase words: heap array of heap strings. */
static char **split_words(const char *s, size_t *n)
{
	char **w = NULL;
	size_t cap = 0;
	*n = 0;
	while (*s) {
		while (*s && !word_char((unsigned char)*s))
			s++;
		const char *start = s;
		while (*s && word_char((unsigned char)*s))
			s++;
		if (s > start) {
			char *word = xstrndup(start, (size_t)(s - start));
			for (char *p = word; *p; p++)
				*p = (char)tolower((unsigned char)*p);
			w = xgrow(w, &cap, *n + 1, sizeof *w);
			w[(*n)++] = word;
		}
	}
	return w;
}

char **words_split_plain(const char *s, size_t *n)
{
	return split_words(s ? s : "", n);
}

static bool not_content(const dialogue *d, const char *w)
{
	return lexicon_list_has(lang_list(d->lang, "not_content"), w, strlen(w));
}

/* Is "before w" one of the pairs whose function word names keep
 * (d->name_ends, words_note_name_ends())? */
static bool ends_a_name(const dialogue *d, const char *before, const char *w)
{
	size_t nb = strlen(before), nw = strlen(w);
	for (const char *p = d->name_ends; p && *p;) {
		size_t len = strcspn(p, "|");
		if (len == nb + 1 + nw && !strncmp(p, before, nb) && p[nb] == ' ' &&
		    !strncmp(p + nb + 1, w, nw))
			return true;
		p += len + (p[len] == '|');
	}
	return false;
}

/* The content words of s; with name_ends, a function word right after a
 * content word stays where products' names say the two together. */
static char **content_of(const dialogue *d, const char *s, size_t *n, bool name_ends)
{
	size_t all = 0;
	char **w = split_words(s, &all);
	*n = 0;
	bool after_content = false;
	for (size_t i = 0; i < all; i++) {
		/* one letter says nothing, except right after a word it names a
		 * kind of ("type c", "vitamin d"; not the s, t, d or m of a
		 * contraction); one digit may be a model ("iphone 6") */
		bool letter = strlen(w[i]) < 2 && !isdigit((unsigned char)w[i][0]);
		bool designates = letter && after_content && isalpha((unsigned char)w[i][0]) &&
		                  !strchr("stdm", w[i][0]);
		bool stop = not_content(d, w[i]);
		if (stop && name_ends && after_content && ends_a_name(d, w[*n - 1], w[i]))
			stop = false;
		if ((letter && !designates) || stop) {
			free(w[i]);
			after_content = false;
		} else {
			w[(*n)++] = w[i];
			after_content = !letter;
		}
	}
	return w;
}

char **words_content(const dialogue *d, const char *s, size_t *n)
{
	return content_of(d, s, n, false);
}

char **words_product_content(const dialogue *d, const char *product_words, size_t *n)
{
	return content_of(d, product_words, n, true);
}

void words_note_name_ends(dialogue *d, const char *product_words,
                          bool (*names_say)(dialogue *d, const char *phrase))
{
	size_t n = 0;
	char **w = product_words ? split_words(product_words, &n) : NULL;
	for (size_t i = 1; i < n; i++) {
		if (!lexicon_list_has(lang_list(d->lang, "noun_too"), w[i], strlen(w[i])) ||
		    not_content(d, w[i - 1]) || strlen(w[i - 1]) < 2 ||
		    ends_a_name(d, w[i - 1], w[i]))
			continue;
		char *pair = xasprintf("%s %s", w[i - 1], w[i]);
		if (names_say(d, pair)) {
			/* the newest first; the oldest go past a few */
			char *all = d->name_ends ? xasprintf("%s|%s", pair, d->name_ends) : xstrdup(pair);
			size_t kept = 0, bars = 0;
			while (all[kept] && !(all[kept] == '|' && ++bars == WORDS_NAME_ENDS))
				kept++;
			all[kept] = '\0';
			free(d->name_ends);
			d->name_ends = all;
		}
		free(pair);
	}
	words_free(w, n);
}

char *words_join(char **w, size_t n)
{
	struct buf b;
	buf_init(&b);
	for (size_t i = 0; i < n; i++)
		buf_printf(&b, "%s%s", i ? " " : "", w[i]);
	return b.s ? buf_detach(&b) : xstrdup("");
}

void words_free(char **w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(w[i]);
	free(w);
}

/* w without apostrophes ("men's" is "mens"), into out; w itself when it
 * has none or is too long. */
static const char *no_apostrophes(const char *w, char *out, size_t size)
{
	if (!strchr(w, '\'') || strlen(w) >= size)
		return w;
	size_t n = 0;
	for (const char *c = w; *c; c++)
		if (*c != '\'')
			out[n++] = *c;
	out[n] = '\0';
	return out;
}

bool words_match(const char *a, const char *b)
{
	char abuf[64], bbuf[64];
	a = no_apostrophes(a, abuf, sizeof abuf);
	b = no_apostrophes(b, bbuf, sizeof bbuf);
	size_t la = strlen(a), lb = strlen(b), p = 0;
	while (p < la && p < lb && a[p] == b[p])
		p++;
	if (p == la && p == lb)
		return true;
	size_t lo = la < lb ? la : lb, hi = la < lb ? lb : la;
	/* A plural ("case"/"cases") or a short suffix ("charger"/"charging"). */
	if (p == lo && hi - lo <= 2 && lo >= 3)
		return true;
	return p >= 4 && p + 2 >= lo && hi - p <= 4;
}

/* text folded the way tokens are ("Côtes du Rhône": "cotes du rhone")
 * when it has letters beyond ASCII, else NULL: the text is its own. */
static char *folded(const char *text)
{
	for (const char *c = text; *c; c++)
		if ((unsigned char)*c >= 0x80)
			return token_fold(text, strlen(text));
	return NULL;
}

/* Is b the word a, or a with an "s" or "es" more or less ("boy" and
 * "boys", "men" and "mens" of "men's")? Apostrophes are left out. */
static bool same_word_form(const char *a, const char *b)
{
	char abuf[64], bbuf[64];
	a = no_apostrophes(a, abuf, sizeof abuf);
	b = no_apostrophes(b, bbuf, sizeof bbuf);
	size_t la = strlen(a), lb = strlen(b);
	if (la > lb) {
		const char *c = a;
		a = b;
		b = c;
		size_t n = la;
		la = lb;
		lb = n;
	}
	if (strncmp(a, b, la))
		return false;
	return la == lb || !strcmp(b + la, "s") || !strcmp(b + la, "es");
}

bool words_form_in(const char *word, const char *text)
{
	size_t nt = 0;
	char *fold = folded(text ? text : "");
	char **tokens = split_words(fold ? fold : text ? text : "", &nt);
	free(fold);
	char *low = words_lower(word);
	bool hit = false;
	for (size_t j = 0; j < nt && !hit; j++)
		hit = same_word_form(low, tokens[j]);
	free(low);
	words_free(tokens, nt);
	return hit;
}


/* Is w a model written as one word ("fp30x") of two or three tokens in a
 * row the text writes apart ("FP-30X")? */
static bool joined_in(const char *w, char **tokens, size_t nt)
{
	if (strlen(w) < 3 || !strpbrk(w, "0123456789"))
		return false;
	for (size_t j = 0; j + 1 < nt; j++) {
		char joined[64];
		int k = snprintf(joined, sizeof joined, "%s%s", tokens[j], tokens[j + 1]);
		if (k > 0 && (size_t)k < sizeof joined && !strcmp(joined, w))
			return true;
		k = j + 2 < nt ? snprintf(joined, sizeof joined, "%s%s%s", tokens[j], tokens[j + 1],
		                          tokens[j + 2])
		               : -1;
		if (k > 0 && (size_t)k < sizeof joined && !strcmp(joined, w))
			return true;
	}
	return false;
}

size_t words_in_text(char **words, size_t n, const char *text)
{
	size_t nt = 0;
	char *fold = folded(text ? text : "");
	char **tokens = split_words(fold ? fold : text ? text : "", &nt);
	free(fold);
	size_t hits = 0;
	for (size_t i = 0; i < n; i++) {
		/* the text's words are lower case; so is the word looked for
		 * ("Red" of an entity in "Red Floral"), and "rhône" is "rhone" */
		char low[64];
		char *wf = folded(words[i]);
		const char *w = wf ? wf : words[i];
		size_t len = strlen(w);
		if (len < sizeof low) {
			for (size_t k = 0; k <= len; k++)
				low[k] = (char)tolower((unsigned char)w[k]);
			w = low;
		}
		bool hit = false;
		for (size_t j = 0; j < nt && !hit; j++)
			hit = words_match(w, tokens[j]);
		hits += hit || joined_in(w, tokens, nt);
		free(wf);
	}
	words_free(tokens, nt);
	return hits;
}

bool words_in_name(const char *words, const char *name, const char *brand)
{
	char *hay = xasprintf("%s %s", name ? name : "", brand ? brand : "");
	for (char *c = hay; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	char *copy = xstrdup(words ? words : "");
	bool all = true;
	size_t nh = 0;
	char **hw = NULL;
	for (char *save = NULL, *w = strtok_r(copy, " ", &save); w && all;
	     w = strtok_r(NULL, " ", &save)) {
		all = strstr(hay, w) != NULL;
		/* "boots" for "Hiking Boot" */
		if (!all && !hw)
			hw = split_words(hay, &nh);
		for (size_t i = 0; !all && i < nh; i++)
			all = words_match(w, hw[i]);
		all = all || joined_in(w, hw, nh);
	}
	words_free(hw, nh);
	free(copy);
	free(hay);
	return all;
}

bool words_any(const dialogue *d, const char *text, const char *section)
{
	size_t n = 0;
	char **w = split_words(text, &n);
	bool any = false;
	for (size_t i = 0; i < n && !any; i++)
		any = words_in_section(d, w[i], section);
	words_free(w, n);
	return any;
}

char *words_without(const dialogue *d, const char *words, const char *cut)
{
	size_t n = 0, nc = 0;
	char **w = content_of(d, words, &n, true);
	char **c = content_of(d, cut, &nc, true);
	struct buf b;
	buf_init(&b);
	for (size_t i = 0; i < n; i++) {
		bool in_cut = false;
		for (size_t k = 0; k < nc && !in_cut; k++)
			in_cut = !strcasecmp(w[i], c[k]);
		if (!in_cut)
			buf_printf(&b, "%s%s", b.len ? " " : "", w[i]);
	}
	words_free(w, n);
	words_free(c, nc);
	if (!b.len) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b);
}

bool words_starts_with(const dialogue *d, const char *lower, const char *section)
{
	const char *v;
	for (size_t i = 0; (v = replies_raw(d->rp, section, i)); i++) {
		size_t n = strlen(v);
		if (!strncmp(lower, v, n) && !isalnum((unsigned char)lower[n]))
			return true;
	}
	return false;
}

bool words_first_is(const dialogue *d, const char *lower, const char *section)
{
	char *first = xstrndup(lower, strcspn(lower, " ,.!?"));
	bool is = words_is(d, first, section);
	free(first);
	return is;
}

char *words_kept(dialogue *d, const char *words, words_keep_fn keep, void *ctx)
{
	size_t n = 0;
	char **w = words ? content_of(d, words, &n, true) : NULL;
	struct buf b;
	buf_init(&b);
	for (size_t i = 0; i < n; i++)
		if (keep(d, b.len ? b.s : NULL, w[i], ctx))
			buf_printf(&b, "%s%s", b.len ? " " : "", w[i]);
	words_free(w, n);
	if (!b.len) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b);
}

bool words_all_in(const dialogue *d, const char *words, const char *text)
{
	size_t n = 0;
	char **w = words_content(d, words, &n);
	bool all = n && text && words_in_text(w, n, text) == n;
	words_free(w, n);
	return all;
}

char *words_list_item(const char *list, const char *word)
{
	char *copy = xstrdup(list ? list : ""), *save = NULL, *found = NULL;
	char *one[1] = {(char *)word};
	for (char *it = strtok_r(copy, ",", &save); it && !found; it = strtok_r(NULL, ",", &save)) {
		while (*it == ' ')
			it++;
		size_t n = strlen(it);
		while (n && it[n - 1] == ' ')
			n--;
		it[n] = '\0';
		bool holds = n && words_in_text(one, 1, it);
		if (n && !holds && strchr(word, ' ')) {
			/* a colour of two words, "light blue" of "Light Blue" */
			char *low = words_lower(it), *want = words_lower(word);
			holds = words_at(low, want) != NULL;
			free(low);
			free(want);
		}
		if (holds)
			found = xstrdup(it);
	}
	free(copy);
	return found;
}

void words_squeeze(const char *text, char *out, size_t size)
{
	size_t k = 0;
	for (const char *c = text; *c && k + 1 < size; c++)
		if (!isspace((unsigned char)*c))
			out[k++] = (char)tolower((unsigned char)*c);
	out[k] = '\0';
}

bool words_list_holds(const char *all, const char *some)
{
	for (const char *s = some; *s;) {
		size_t len = strcspn(s, ",");
		char *item = xstrndup(s, len);
		char *lo = item;
		while (*lo == ' ')
			lo++;
		bool in = false;
		for (const char *a = all; *a && !in;) {
			size_t alen = strcspn(a, ",");
			while (*a == ' ' && alen)
				a++, alen--;
			in = alen == strlen(lo) && !strncasecmp(a, lo, alen);
			a += alen;
			a += *a == ',';
		}
		free(item);
		if (!in)
			return false;
		s += len;
		s += *s == ',';
	}
	return true;
}

/* Does the stop at s (within text) end a sentence? Not a full stop
 * before a word in lower case on the same line, nor one after a short
 * abbreviation before a number: "approx. 80 hours", "incl. batteries",
 * "No. 5". */
static bool sentence_end(const char *text, const char *s)
{
	if (*s != '.' && *s != '!' && *s != '?')
		return false;
	if (s[1] != ' ' && s[1] && s[1] != '\n')
		return false;
	if (*s != '.' || s[1] != ' ')
		return true;
	const char *next = s + 1;
	while (*next == ' ')
		next++;
	if (islower((unsigned char)*next))
		return false;
	if (!isdigit((unsigned char)*next))
		return true;
	static const char *const abbrev[] = {"approx", "ca", "no", "nr", "vol", "incl",
	                                     "min", "max", "est", "pp"};
	const char *w = s;
	while (w > text && isalpha((unsigned char)w[-1]))
		w--;
	for (size_t k = 0; k < sizeof abbrev / sizeof abbrev[0]; k++)
		if (strlen(abbrev[k]) == (size_t)(s - w) && !strncasecmp(w, abbrev[k], (size_t)(s - w)))
			return false;
	return true;
}

char *words_best_sentence(const char *text, size_t (*fn)(const char *, void *), void *ctx)
{
	char *best = NULL;
	size_t best_score = 0;
	bool best_whole = false;
	for (const char *s = text ? text : ""; *s;) {
		while (*s == ' ' || *s == '\n')
			s++;
		size_t len = 0;
		while (s[len] && s[len] != '\n' && !sentence_end(s, s + len))
			len++;
		bool whole = s[len] && s[len] != '\n';
		if (whole)
			len++;
		if (!len)
			break;
		char *sentence = xstrndup(s, len);
		size_t score = fn(sentence, ctx);
		if (score > best_score || (score && score == best_score && whole && !best_whole)) {
			free(best);
			best = sentence;
			best_score = score;
			best_whole = whole;
		} else {
			free(sentence);
		}
		s += len;
	}
	return best;
}

char *words_lower(const char *text)
{
	char *lower = xstrdup(text);
	for (char *c = lower; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	return lower;
}

bool words_number(const char *w, long *v)
{
	if (*w && strspn(w, "0123456789") == strlen(w)) {
		*v = strtol(w, NULL, 10);
		return true;
	}
	return norm_cardinal_word(w, v);
}
