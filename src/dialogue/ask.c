/*
 * ask.c: concepts of questions, against the lexicon and product attributes.
 */
#include "src/dialogue/ask.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "catalog/shop/cart.h"
#include "catalog/shop/promotions.h"
#include "common/buf.h"
#include "common/xalloc.h"
#include "src/dialogue/attrs.h"
#include "src/dialogue/words.h"

#define CONCEPT_PREFIX "attribute."

const char *ask_concept(const dialogue *d, const char *text)
{
	const char *best = NULL;
	size_t best_at = (size_t)-1, best_len = 0;
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
			/* at one place, the longer phrase ("how long does" is a
			 * time, "how long" a length) */
			if (at && ((size_t)(at - text) < best_at ||
			           ((size_t)(at - text) == best_at && n > best_len))) {
				best_at = (size_t)(at - text);
				best_len = n;
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
/* Are the words asked that the key holds only words of absence ("free"
 * of "fragrance free" in "free shipping")? */
static bool only_absence_hit(const dialogue *d, char **words, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (words_in_text(&words[i], 1, key) && !words_is(d, words[i], "lexicon.absence"))
			return false;
	return true;
}

static int key_score(const dialogue *d, const char *key, char **words, size_t n,
                     const char *concept)
{
	size_t nk = 0;
	char **kw = words_content(d, key, &nk);
	int score = 0;
	if (n && nk) {
		size_t hits = words_in_text(words, n, key);
		if (hits == n && n == nk)
			score = 6;
		else if (hits == n)
			score = 4;
		else if (hits && !only_absence_hit(d, words, n, key))
			score = 2; /* "battery life" of "battery"; not "fragrance free" of "free shipping" */
	}
	/* a key of the concept only, below one a word asked names ("how long
	 * does it take to assemble": "assembly time", not "lead time") */
	for (size_t i = 0; !score && concept && i < nk; i++)
		if (ask_concept_word(d, concept, kw[i]))
			score = 1;
	words_free(kw, nk);
	return score;
}

bool ask_key_of(const dialogue *d, const char *key, const char *concept)
{
	return key_score(d, key, NULL, 0, concept) > 0;
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
	/* a catalog that knows its keys' kinds has judged every value */
	bool known = false;
	bool hidden = attrs_key_hidden(d, key, &known);
	if (known)
		return hidden;
	if (value && noise_value(value))
		return true;
	size_t n = 0;
	char **w = words_content(d, key, &n);
	for (size_t i = 0; i < n && !hidden; i++)
		hidden = words_is(d, w[i], "lexicon.hidden_keys");
	words_free(w, n);
	return hidden;
}

bool ask_question_word(const dialogue *d, const char *w)
{
	static const char *const sections[] = {"lexicon.ask_stock", "lexicon.ask_price",
	                                       "lexicon.ask_rating", "lexicon.ask_brand",
	                                       "lexicon.ask_reviews", "lexicon.asking",
	                                       "lexicon.ask_amount"};
	for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++)
		if (words_in_section(d, w, sections[i]))
			return true;
	return false;
}

char **ask_key_words(const dialogue *d, const char *asked, size_t *n)
{
	size_t all = 0;
	char **w = asked ? words_content(d, asked, &all) : NULL;
	*n = 0;
	for (size_t i = 0; i < all; i++) {
		if (ask_question_word(d, w[i]))
			free(w[i]);
		else
			w[(*n)++] = w[i];
	}
	return w;
}

/* Does the key (or its values) measure in the dimension? */
static bool key_in_dimension(const dialogue *d, const struct product_attr *a, const char *dim)
{
	const struct attr_key *k = attrs_key(d, a->key);
	if (k && k->dimension)
		return !strcmp(k->dimension, dim);
	struct measure m;
	return attrs_measure(d, a->value, &m) && m.dimension && !strcmp(m.dimension, dim);
}

size_t ask_key_attrs(const dialogue *d, const struct product_view *p, char **words, size_t n,
                     size_t *idx, size_t max)
{
	size_t got = 0;
	if (!n)
		return 0;
	/* the key holds every word: "protein" -> "protein per 100g" */
	for (size_t i = 0; i < p->n_attrs && got < max; i++)
		if (!ask_hidden(d, p->attrs[i].key, p->attrs[i].value) &&
		    key_score(d, p->attrs[i].key, words, n, NULL) >= 4)
			idx[got++] = i;
	if (got)
		return got;
	/* a word names a unit: "calories" -> the key measured in kcal */
	for (size_t w = 0; w < n && !got; w++) {
		const char *dim = attrs_unit_dimension(d, words[w]);
		if (dim)
			got = ask_attrs_in_dimension(d, p, dim, idx, max);
	}
	return got;
}

size_t ask_attrs_in_dimension(const dialogue *d, const struct product_view *p, const char *dim,
                              size_t *idx, size_t max)
{
	size_t got = 0;
	for (size_t i = 0; i < p->n_attrs && got < max; i++)
		if (!ask_hidden(d, p->attrs[i].key, p->attrs[i].value) &&
		    key_in_dimension(d, &p->attrs[i], dim))
			idx[got++] = i;
	return got;
}

bool ask_size(const dialogue *d, const struct product_view *p, struct measure *m)
{
	size_t idx[ASK_MAX_KEYS * 2];
	size_t n = ask_attrs(d, p, NULL, 0, "size", idx, sizeof idx / sizeof idx[0]);
	for (size_t k = 0; k < n; k++)
		if (attrs_measure(d, p->attrs[idx[k]].value, m) && m->dimension)
			return true;
	return false;
}

const struct attr_key *ask_number_key(const dialogue *d, char **words, size_t n)
{
	const struct attr_key *best = NULL;
	size_t best_hits = 0;
	for (size_t i = 0; i < d->n_keys; i++) {
		const struct attr_key *k = &d->keys[i];
		if (k->kind != ATTR_NUMBER)
			continue;
		size_t hits = words_in_text(words, n, k->label ? k->label : k->key);
		if (hits > best_hits) {
			best = k;
			best_hits = hits;
		}
	}
	return best;
}

const char *ask_key_concept(const dialogue *d, const char *key)
{
	const char *section;
	for (size_t i = 0; (section = replies_key(d->rp, i)); i++) {
		if (strncmp(section, CONCEPT_PREFIX, strlen(CONCEPT_PREFIX)))
			continue;
		const char *phrase;
		for (size_t k = 0; (phrase = replies_raw(d->rp, section, k)); k++)
			if (!strcasecmp(phrase, key))
				return section + strlen(CONCEPT_PREFIX);
	}
	return NULL;
}

const char *ask_concept_of_word(const dialogue *d, const char *word)
{
	const char *key;
	for (size_t i = 0; (key = replies_key(d->rp, i)); i++) {
		if (strncmp(key, CONCEPT_PREFIX, strlen(CONCEPT_PREFIX)))
			continue;
		const char *concept = key + strlen(CONCEPT_PREFIX);
		if (ask_concept_word(d, concept, word))
			return concept;
	}
	return NULL;
}

bool ask_unit_price(const dialogue *d, const struct product_view *p, double *cents, char *per,
                    size_t per_size, struct measure *size)
{
	if (!p->has_price || !ask_size(d, p, size) || size->n != 1 || size->value[0] <= 0)
		return false;
	/* per kilo or per litre when the dimension has a unit of a thousand,
	 * else per canonical unit */
	char one[32];
	double base = 1000;
	measure_format_value(d->units, base, size->unit, one, sizeof one);
	if (strncmp(one, "1 ", 2)) {
		base = 1;
		measure_format_value(d->units, base, size->unit, one, sizeof one);
	}
	snprintf(per, per_size, "%s", strncmp(one, "1 ", 2) ? one : one + 2);
	*cents = (double)p->price_cents * base / size->value[0];
	return true;
}

/* A size as the language's [size.*] sections spell it: "medium" and
 * "med" are "m", "extra large" "xl"; other sizes ("10", "32x30") as
 * written, lower case. Heap. */
static char *size_canon(const dialogue *d, const char *size)
{
	const char *key;
	for (size_t i = 0; (key = replies_key(d->rp, i)); i++) {
		if (strncmp(key, "size.", 5))
			continue;
		const char *spelled;
		for (size_t k = 0; (spelled = replies_raw(d->rp, key, k)); k++)
			if (!strcasecmp(spelled, size))
				return xstrdup(key + 5);
	}
	char *s = xstrdup(size);
	for (char *c = s; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	return s;
}

int64_t ask_was_price(const dialogue *d, const struct product_view *p)
{
	for (size_t i = 0; i < p->n_attrs; i++) {
		const char *v;
		bool was = false;
		for (size_t k = 0; !was && (v = replies_raw(d->rp, "lexicon.was_price_keys", k)); k++)
			was = !strcasecmp(v, p->attrs[i].key);
		if (!was)
			continue;
		const char *s = p->attrs[i].value;
		while (*s && !isdigit((unsigned char)*s))
			s++;
		char digits[32];
		size_t n = 0;
		for (; *s && n + 1 < sizeof digits && (isdigit((unsigned char)*s) || *s == '.' || *s == ',');
		     s++)
			if (*s != ',')
				digits[n++] = *s;
		digits[n] = '\0';
		char *end;
		double num = strtod(digits, &end);
		if (n && end != digits && num > 0 && num < 1e9)
			return (int64_t)(num * 100 + 0.5);
	}
	return -1;
}

char *ask_sizes_all(const struct product_view *p, const char *sizes)
{
	const char *key = NULL;
	for (size_t i = 0; sizes && i < p->n_attrs && !key; i++)
		if (p->attrs[i].value == sizes)
			key = p->attrs[i].key;
	if (!key)
		return NULL;
	struct buf all;
	buf_init(&all);
	for (size_t i = 0; i < p->n_attrs; i++)
		if (!strcmp(p->attrs[i].key, key)) {
			if (all.len)
				buf_adds(&all, ", ");
			buf_adds(&all, p->attrs[i].value);
		}
	return buf_detach(&all);
}

/* "Queen (US 60 x 80 in)" is the size "queen"; "king size" is "king";
 * "Super King" is not "king". */
static bool size_starts(const char *value, const char *want)
{
	size_t n = strlen(want);
	if (n > 5 && !strcmp(want + n - 5, " size"))
		n -= 5;
	return n && !strncmp(value, want, n) && !isalnum((unsigned char)value[n]);
}

/* Is one, a size as a list writes it, the size want asked for (size_canon()
 * of both)? Sizes that are measures compare as measures ("8 inch" is
 * "8 in"). */
static bool same_size(const dialogue *d, const char *one, const char *want_canon,
                      const char *want, bool near)
{
	char *canon = size_canon(d, one);
	bool same = !near && (!strcmp(canon, want_canon) || size_starts(canon, want_canon));
	free(canon);
	struct measure a, b;
	if (!same && strpbrk(one, "0123456789") && attrs_measure(d, one, &a) && a.dimension &&
	    attrs_measure(d, want, &b) && b.dimension)
		same = near ? measure_rounds_to(&a, &b) : measure_compare(&a, &b) == 0;
	return same;
}

static char *trimmed(char *s)
{
	while (*s == ' ')
		s++;
	size_t n = strlen(s);
	while (n && s[n - 1] == ' ')
		s[--n] = '\0';
	return s;
}

/* The size an item writes with a word before it or a note after it
 * ("Size 4 (9-14kg)", "UK 8 (EU 36)") is the part between: "4", "UK 8";
 * NULL when it has neither. Heap. */
static char *size_core(const char *item)
{
	const char *start = item;
	if (!strncasecmp(start, "size ", 5))
		start += 5;
	const char *open = strchr(start, '(');
	size_t n = open ? (size_t)(open - start) : strlen(start);
	while (n && start[n - 1] == ' ')
		n--;
	if ((start == item && !open) || !n)
		return NULL;
	/* one word or number: "Size 4: 25" is a count by size, no size */
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)start[i]) && start[i] != '.' && start[i] != '-')
			return NULL;
	return xstrndup(start, n);
}

/* Is the size asked one an item of a list writes: the item itself, or
 * one of the sizes it says with "/" between? "S/M" is two sizes, each its
 * own (*as_listed "S"); "400 ml / 13.5 fl oz", spaced, is one size in two
 * units (*as_listed the whole item, as its variant is named). */
static bool item_has_size(const dialogue *d, char *item, const char *want_canon,
                          const char *want, bool near, char **as_listed)
{
	item = trimmed(item);
	if (same_size(d, item, want_canon, want, near)) {
		if (as_listed)
			*as_listed = xstrdup(item);
		return true;
	}
	/* "Size 4 (9-14kg)": the size is the 4, its note in brackets aside */
	char *core = size_core(item);
	bool of_core = core && same_size(d, core, want_canon, want, near);
	free(core);
	if (of_core) {
		if (as_listed)
			*as_listed = xstrdup(item);
		return true;
	}
	if (!strchr(item, '/'))
		return false;
	bool one_size = strstr(item, " / ") != NULL;
	char *copy = xstrdup(item), *save = NULL;
	bool has = false;
	for (char *part = strtok_r(copy, "/", &save); part && !has; part = strtok_r(NULL, "/", &save)) {
		part = trimmed(part);
		has = *part && same_size(d, part, want_canon, want, near);
		if (has && as_listed)
			*as_listed = xstrdup(one_size ? item : part);
	}
	free(copy);
	return has;
}

/* Is the first item of list a measure of the dimension of size? */
static bool measure_list_of(const dialogue *d, const char *list, const char *size)
{
	struct measure a, b;
	char *first = xstrndup(list, strcspn(list, ","));
	bool same = attrs_measure(d, size, &a) && a.dimension && attrs_measure(d, first, &b) &&
	            b.dimension && !strcmp(a.dimension, b.dimension);
	free(first);
	return same;
}

int ask_size_listed_as(const dialogue *d, const struct product_view *p, const char *size,
                       const char **sizes, char **as_listed)
{
	char *want = size_canon(d, size);
	int listed = -1;
	if (as_listed)
		*as_listed = NULL;
	for (size_t i = 0; i < p->n_attrs && listed < 1; i++) {
		/* a key that says size ("sizes", "shoe size"); not every
		 * measure of the size concept ("net content: 44 count") */
		size_t nk = 0;
		char **kw = words_content(d, p->attrs[i].key, &nk);
		bool of_size = false;
		for (size_t k = 0; k < nk && !of_size; k++)
			of_size = words_match(kw[k], "size");
		words_free(kw, nk);
		/* or a list of measures of the size's dimension: the lengths
		 * ("length: 1 m, 2 m, 3 m") or capacities a product comes in */
		if (!of_size && strchr(p->attrs[i].value, ','))
			of_size = measure_list_of(d, p->attrs[i].value, size);
		if (!of_size)
			continue;
		if (sizes)
			*sizes = p->attrs[i].value;
		listed = 0;
		/* said exactly, else rounded ("10 inch" of "10.25 in") */
		for (int near = 0; near < 2 && !listed; near++) {
			char *list = xstrdup(p->attrs[i].value);
			char *save = NULL;
			for (char *item = strtok_r(list, ",|;", &save); item && !listed;
			     item = strtok_r(NULL, ",|;", &save))
				listed = item_has_size(d, item, want, size, near, as_listed);
			free(list);
		}
	}
	free(want);
	return listed;
}

int ask_size_listed(const dialogue *d, const struct product_view *p, const char *size,
                    const char **sizes)
{
	return ask_size_listed_as(d, p, size, sizes, NULL);
}

/* How many items the attributes of p under key list: "S, M" and two
 * rows "size: S", "size: M" are two each. */
static size_t items_of_key(const struct product_view *p, const char *key)
{
	size_t n = 0;
	for (size_t i = 0; i < p->n_attrs; i++)
		if (!strcmp(p->attrs[i].key, key))
			for (const char *c = p->attrs[i].value, *item = c;; c++)
				if (*c == ',' || !*c) {
					n += c > item;
					item = c + 1;
					if (!*c)
						break;
				}
	return n;
}

/* Is the first item of value a variant the import kept a price or a
 * stock for ("amount: $50" of a gift card)? */
static bool variant_key(dialogue *d, const struct product_view *p, const char *value)
{
	char *first = xstrndup(value, strcspn(value, ","));
	char *item = trimmed(first);
	bool kept = cart_variant_price(d->cat, p->id, item) >= 0 ||
	            cart_variant_stock(d->cat, p->id, item) >= 0;
	free(first);
	return kept;
}

/* Does lower say a unit without a number that is one of m ("kilo" for
 * "1 kg")? */
static bool unit_said_alone(dialogue *d, const struct measure *m, const char *lower)
{
	size_t n = 0;
	char **w = words_content(d, lower, &n);
	bool said = false;
	for (size_t i = 0; i < n && !said; i++) {
		if (isdigit((unsigned char)w[i][0]) || (i && isdigit((unsigned char)w[i - 1][0])))
			continue;
		char *one = xasprintf("1 %s", w[i]);
		struct measure u;
		said = attrs_measure(d, one, &u) && u.dimension && u.n == 1 &&
		       !strcmp(u.dimension, m->dimension) && u.value[0] == m->value[0];
		free(one);
	}
	words_free(w, n);
	return said;
}

/* The item of the attributes of key i that lower says, or NULL (heap). */
/* "a 50 euro gift card" of the amount "50 €": an option that is an
 * amount of money, said with the currency in words or signs. */
static bool money_item_said(const char *item, const char *lower)
{
	static const struct {
		const char *sign, *code, *words;
	} cur[] = {{"\xe2\x82\xac", "EUR", "euro euros eur"},   /* € */
	           {"$", "USD", "dollar dollars usd bucks"},
	           {"\xc2\xa3", "GBP", "pound pounds gbp quid"}}; /* £ */
	const char *digit = strpbrk(item, "0123456789");
	if (!digit)
		return false;
	char num[16];
	size_t n = strspn(digit, "0123456789");
	if (n >= sizeof num)
		return false;
	memcpy(num, digit, n);
	num[n] = '\0';
	for (size_t c = 0; c < sizeof cur / sizeof *cur; c++) {
		/* "£25" or "25 GBP" */
		if (!strstr(item, cur[c].sign) && !strstr(item, cur[c].code))
			continue;
		char said[64];
		snprintf(said, sizeof said, "%s%s", cur[c].sign, num);
		if (strstr(lower, said))
			return true;
		snprintf(said, sizeof said, "%s%s", num, cur[c].sign);
		if (strstr(lower, said))
			return true;
		for (const char *w = cur[c].words; *w;) {
			size_t len = strcspn(w, " ");
			snprintf(said, sizeof said, "%s %.*s", num, (int)len, w);
			if (words_at(lower, said))
				return true;
			w += len + (w[len] == ' ');
		}
	}
	return false;
}

/* Does lower say the number item starts with ("60" of "60 Tablets") as
 * a choice: "the 60 one", "in 120", "the 120"? */
static bool number_said_of(const char *item, const char *lower)
{
	size_t n = strspn(item, "0123456789.");
	if (!n || n > 12 || !isdigit((unsigned char)item[0]) || !item[n] ||
	    !isalpha((unsigned char)item[n + (item[n] == ' ')]))
		return false;
	/* "picks 0.73": a number with a decimal point is no quantity */
	if (memchr(item, '.', n) && item[n - 1] != '.') {
		char said[16];
		snprintf(said, sizeof said, "%.*s", (int)n, item);
		const char *at = words_at(lower, said);
		if (at && !isdigit((unsigned char)at[n]) && at[n] != '.')
			return true;
	}
	static const char *const forms[] = {"%.*s one", "%.*s ones", "in %.*s", "the %.*s",
	                                    "in the %.*s"};
	for (size_t k = 0; k < sizeof forms / sizeof forms[0]; k++) {
		char said[48];
		snprintf(said, sizeof said, forms[k], (int)n, item);
		const char *at = words_at(lower, said);
		/* "in 120" ends there: "in 120 ml" says a measure */
		if (at && (k < 2 || !isalnum((unsigned char)at[strlen(said)]) ||
		           !strncmp(at + strlen(said), " one", 4)))
			return true;
	}
	return false;
}

/* Does lower say a word of item (three letters or more) that no other
 * item of list holds and the product's name does not? */
static bool word_only_of(const dialogue *d, const struct product_view *p, const char *key,
                         const char *item, const char *lower)
{
	/* every value of the key, in one row or in rows of their own */
	struct buf all;
	buf_init(&all);
	for (size_t a = 0; a < p->n_attrs; a++)
		if (!strcmp(p->attrs[a].key, key))
			buf_printf(&all, "%s%s", all.len ? "," : "", p->attrs[a].value);
	const char *list = all.len ? all.s : "";
	/* the item's own words, not its note in brackets ("Ream (500
	 * sheets)" is said "ream", not "sheets") */
	char *bare = xstrndup(item, strcspn(item, "("));
	size_t n = 0;
	char **w = words_content(d, bare, &n);
	free(bare);
	bool only = false;
	for (size_t k = 0; k < n && !only; k++) {
		if (strlen(w[k]) < 3 || !isalpha((unsigned char)w[k][0]))
			continue;
		char *one[1] = {w[k]};
		/* said as a thing: "a magnum", "the box", "a case"; or beside
		 * the item's next word ("regular slinky" of "Regular Slinky
		 * 10-46") */
		char *a = xasprintf("a %s", w[k]), *the = xasprintf("the %s", w[k]);
		char *run = k + 1 < n ? xasprintf("%s %s", w[k], w[k + 1]) : NULL;
		bool said = words_at(lower, a) || words_at(lower, the) || (run && words_at(lower, run));
		free(a);
		free(the);
		free(run);
		if (!said || words_in_text(one, 1, p->name))
			continue;
		/* in the other items of the list? */
		char *copy = xstrdup(list), *save = NULL;
		bool elsewhere = false;
		for (char *other = strtok_r(copy, ",", &save); other && !elsewhere;
		     other = strtok_r(NULL, ",", &save))
			elsewhere = strcmp(trimmed(other), item) && words_in_text(one, 1, other);
		free(copy);
		only = !elsewhere;
	}
	words_free(w, n);
	buf_release(&all);
	return only;
}

static char *item_said(dialogue *d, const struct product_view *p, size_t i, const char *lower,
                       bool answer)
{
	char *as = NULL;
	char *list = xstrdup(p->attrs[i].value), *save = NULL;
	for (char *item = strtok_r(list, ",", &save); item && !as;
	     item = strtok_r(NULL, ",", &save)) {
		/* "Magnum (1.5 L)" is said "magnum": the words before a bracket */
		char *bare = xstrndup(item, strcspn(item, "("));
		for (int pass = 0; pass < 2 && !as; pass++) {
			size_t n = 0;
			char **w = words_content(d, pass ? bare : item, &n);
			/* words its name says ("Single" of "... Mattress Single")
			 * name the product, not a variant; unless asked which of its
			 * variants ("espresso" of "Espresso Blend") */
			if (n && words_in_text(w, n, lower) == n &&
			    (answer || words_in_text(w, n, p->name) < n))
				as = xstrdup(trimmed(item));
			words_free(w, n);
			if (!strchr(item, '('))
				break;
		}
		/* "the blue one in M": a size of one letter, said after "in" or
		 * "size" (a letter alone says nothing elsewhere) */
		const char *one = trimmed(item);
		if (!as && strlen(one) == 1 && isalpha((unsigned char)*one)) {
			static const char *const before[] = {"in %c", "size %c", "in a %c", "in size %c"};
			for (size_t k = 0; k < sizeof before / sizeof *before && !as; k++) {
				char said[16];
				snprintf(said, sizeof said, before[k], tolower((unsigned char)*one));
				if (words_at(lower, said))
					as = xstrdup(one);
			}
		}
		/* "the 250g ground": the item said without its space; "s/m" of
		 * "S/M" */
		if (!as && strpbrk(item, "0123456789/")) {
			char squeezed[64];
			words_squeeze(item, squeezed, sizeof squeezed);
			if (*squeezed && words_at(lower, squeezed))
				as = xstrdup(trimmed(item));
			/* "140x70" of "140 x 70 cm": without its unit too */
			size_t n = strlen(squeezed);
			while (n && isalpha((unsigned char)squeezed[n - 1]))
				n--;
			if (!as && n >= 3 && n < strlen(squeezed) && isdigit((unsigned char)squeezed[n - 1]) &&
			    strpbrk(squeezed, "x")) {
				squeezed[n] = '\0';
				if (words_at(lower, squeezed))
					as = xstrdup(trimmed(item));
			}
		}
		if (!as && money_item_said(item, lower))
			as = xstrdup(trimmed(item));
		/* "the 60 one", "available in 120": the number an item starts
		 * with ("60 Tablets"), said as a choice */
		if (!as && number_said_of(trimmed(item), lower))
			as = xstrdup(trimmed(item));
		/* "a magnum of whispering angel": a word of one item ("1.5L
		 * Magnum") no other item and not the name says */
		if (!as && word_only_of(d, p, p->attrs[i].key, trimmed(item), lower))
			as = xstrdup(trimmed(item));
		/* "the kilo bag", "the litre": a unit said alone is one of it */
		struct measure m;
		if (!as && attrs_measure(d, item, &m) && m.dimension && m.n == 1 &&
		    m.value[0] == m.factor)
			as = unit_said_alone(d, &m, lower) ? xstrdup(trimmed(item)) : NULL;
		free(bare);
	}
	free(list);
	/* an option: of a colour or size, or one the import kept variants
	 * for (read only for an item said) */
	if (as && !ask_key_of(d, p->attrs[i].key, "color") && !ask_key_of(d, p->attrs[i].key, "size") &&
	    !variant_key(d, p, p->attrs[i].value)) {
		free(as);
		as = NULL;
	}
	return as;
}

static char *variant_named(dialogue *d, const struct product_view *p, const char *lower,
                           bool answer);

char *ask_variant_named(dialogue *d, const struct product_view *p, const char *lower)
{
	return variant_named(d, p, lower, false);
}

char *ask_variant_answered(dialogue *d, const struct product_view *p, const char *lower)
{
	return variant_named(d, p, lower, true);
}

static char *variant_named(dialogue *d, const struct product_view *p, const char *lower,
                           bool answer)
{
	/* every option said, in the product's order: "the 1 kg whole bean"
	 * is "Whole Bean, 1 kg" when the shop sells that variant */
	char *said[3];
	size_t n_said = 0;
	const char *last_key = NULL;
	for (size_t i = 0; i < p->n_attrs; i++) {
		/* one colour or size is no choice; a key is read once */
		if (items_of_key(p, p->attrs[i].key) < 2 ||
		    (last_key && !strcmp(last_key, p->attrs[i].key)))
			continue;
		char *as = item_said(d, p, i, lower, answer);
		if (!as)
			continue;
		last_key = p->attrs[i].key;
		if (n_said < 3)
			said[n_said++] = as;
		else
			free(as);
	}
	/* the options in the order the shop writes its variants ("140 cm,
	 * Black", though "frame colour" sorts before "width") */
	static const int orders[][3] = {{0, 1, 2}, {1, 0, 2}, {0, 2, 1},
	                                {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
	char *found = NULL;
	size_t n_orders = n_said == 3 ? 6 : n_said == 2 ? 2 : 0;
	for (size_t k = 0; k < n_orders && !found; k++) {
		struct buf all;
		buf_init(&all);
		for (size_t j = 0; j < n_said; j++) {
			int at = n_said == 2 ? orders[k][j] % 2 : orders[k][j];
			buf_printf(&all, "%s%s", all.len ? ", " : "", said[at]);
		}
		if (cart_variant_price(d->cat, p->id, all.s) >= 0 ||
		    cart_variant_stock(d->cat, p->id, all.s) >= 0)
			found = buf_detach(&all);
		else
			buf_release(&all);
	}
	for (size_t j = found ? 0 : 1; j < n_said; j++)
		free(said[j]);
	if (found)
		return found;
	return n_said ? said[0] : NULL;
}

char *ask_was_price_keys(dialogue *d)
{
	struct buf keys;
	buf_init(&keys);
	buf_addc(&keys, '[');
	const char *v;
	for (size_t k = 0; (v = replies_raw(d->rp, "lexicon.was_price_keys", k)); k++) {
		buf_printf(&keys, "%s\"", k ? "," : "");
		for (const char *c = v; *c; c++)
			if (*c != '"' && *c != '\\')
				buf_addc(&keys, *c);
		buf_addc(&keys, '"');
	}
	buf_addc(&keys, ']');
	return buf_detach(&keys);
}

bool ask_catalog_marks_down(dialogue *d)
{
	char *keys = ask_was_price_keys(d);
	char **ids = NULL;
	size_t n = 0;
	if (promotions_markdowns(d->cat, keys, 1, &ids, &n, NULL) < 0)
		n = 0;
	free(keys);
	attr_values_free(ids, n);
	return n > 0;
}

/* ---- amounts written in lines ---- */

#define AMOUNT_TOKENS 96
#define AMOUNT_TOKEN_SIZE 48
#define AMOUNT_GAP 3 /* words between an amount and what it is of */

/* The words and numbers of line, lower case, at most max: a number keeps
 * its '.' and ',' between digits ("1,250", "2.5") and the unit written
 * on it ("350mg"). colon[i] says a ':' follows token i ("Protein: 20g"). */
static size_t line_tokens(const char *line, char (*tok)[AMOUNT_TOKEN_SIZE], bool *colon,
                          size_t max)
{
	size_t n = 0;
	for (const char *s = line; *s && n < max;) {
		if (!isalnum((unsigned char)*s) && *s != '%') {
			s++;
			continue;
		}
		size_t k = 0;
		while (*s && (isalnum((unsigned char)*s) || *s == '%' ||
		              ((*s == '.' || *s == ',') && k && isdigit((unsigned char)s[-1]) &&
		               isdigit((unsigned char)s[1])))) {
			if (k + 1 < AMOUNT_TOKEN_SIZE)
				tok[n][k++] = (char)tolower((unsigned char)*s);
			s++;
		}
		tok[n][k] = '\0';
		const char *after = s;
		while (*after == ' ')
			after++;
		colon[n++] = *after == ':';
	}
	return n;
}

/* The amount a token is ("350mg", "1,250", or "20" with the unit next
 * after it: "20 g"); false for a word, or a number run into letters that
 * are no unit ("5d", "x100v"). */
static bool token_amount(const dialogue *d, const char *tok, const char *next, struct measure *m)
{
	if (!isdigit((unsigned char)tok[0]))
		return false;
	char num[AMOUNT_TOKEN_SIZE];
	size_t k = 0;
	const char *s = tok;
	for (; isdigit((unsigned char)*s) || *s == '.' || *s == ','; s++)
		if (*s != ',')
			num[k++] = *s;
	num[k] = '\0';
	char text[2 * AMOUNT_TOKEN_SIZE + 2];
	if (*s) {
		snprintf(text, sizeof text, "%s %s", num, s);
		return attrs_measure(d, text, m) && m->dimension;
	}
	if (next && isalpha((unsigned char)next[0])) {
		snprintf(text, sizeof text, "%s %s", num, next);
		if (attrs_measure(d, text, m) && m->dimension)
			return true;
	}
	return attrs_measure(d, num, m);
}

bool ask_amount_in(const dialogue *d, const char *line, const char *word, int direction,
                   struct measure *m)
{
	char(*tok)[AMOUNT_TOKEN_SIZE] = xmalloc(AMOUNT_TOKENS * sizeof *tok);
	bool colon[AMOUNT_TOKENS];
	size_t n = line ? line_tokens(line, tok, colon, AMOUNT_TOKENS) : 0;
	bool found = false;
	for (size_t i = 0; i < n; i++) {
		if (!words_match(tok[i], word))
			continue;
		struct measure got;
		bool has = false;
		for (size_t back = 1; back <= AMOUNT_GAP + 1 && back <= i && !has; back++) {
			const char *b = tok[i - back];
			if (token_amount(d, b, back == 1 ? tok[i] : tok[i - back + 1], &got))
				has = true;
			else if (words_is(d, b, "lexicon.amount_breaks") || isdigit((unsigned char)b[0]))
				break;
		}
		/* after it only as its value: "Caffeine: 200 mg", not the "50"
		 * of "Laundry Liquid 50 Washes" */
		if (!has && i + 1 < n && colon[i])
			has = token_amount(d, tok[i + 1], i + 2 < n ? tok[i + 2] : NULL, &got);
		if (!has)
			continue;
		bool same = !found || ((got.dimension == NULL) == (m->dimension == NULL) &&
		                       (!got.dimension || !strcmp(got.dimension, m->dimension)));
		if (!found || (same && direction > 0 && got.value[0] > m->value[0]) ||
		    (same && direction < 0 && got.value[0] < m->value[0]))
			*m = got;
		found = true;
		if (!direction)
			break;
	}
	free(tok);
	return found;
}

struct amount_ask {
	const dialogue *d;
	char **words;
	size_t n, measured;
	int direction;
	struct measure m;
};

/* 1 when the line holds every word and an amount of one of them (that
 * amount into a->m), else 0; a words_best_sentence() score. */
static size_t amount_score(const char *line, void *ctx)
{
	struct amount_ask *a = ctx;
	if (words_in_text(a->words, a->n, line) < a->n)
		return 0;
	for (size_t i = 0; i < a->measured && i < a->n; i++)
		if (ask_amount_in(a->d, line, a->words[i], a->direction, &a->m))
			return 1;
	return 0;
}

static char *amount_line_of(const dialogue *d, const struct product_view *p,
                            struct amount_ask *a)
{
	for (size_t i = 0; i < p->n_attrs; i++)
		if (!ask_hidden(d, p->attrs[i].key, p->attrs[i].value) &&
		    amount_score(p->attrs[i].value, a))
			return xstrdup(p->attrs[i].value);
	const char *texts[] = {p->description, p->notes};
	for (size_t k = 0; k < sizeof texts / sizeof *texts; k++) {
		char *line = texts[k] ? words_best_sentence(texts[k], amount_score, a) : NULL;
		/* the best sentence's amount, not the last one scored */
		if (line && amount_score(line, a))
			return line;
		free(line);
	}
	return p->name && amount_score(p->name, a) ? xstrdup(p->name) : NULL;
}

char *ask_amount_line(const dialogue *d, const struct product_view *p, char **words, size_t n,
                      size_t measured, int direction, struct measure *m)
{
	if (!n || !measured)
		return NULL;
	struct amount_ask a = {d, words, n, measured, direction, {{0}, 0, NULL, NULL, NULL, 0, false}};
	char *line = amount_line_of(d, p, &a);
	if (!line && measured < n) {
		a.n = measured;
		line = amount_line_of(d, p, &a);
	}
	if (line && m)
		*m = a.m;
	return line;
}

size_t ask_measured_words(const dialogue *d, const char *text, char **words, size_t n)
{
	const char *cut = NULL;
	size_t nw = 0;
	char **all = text ? words_split_plain(text, &nw) : NULL;
	for (size_t i = 0; i < nw && !cut; i++)
		if (words_is(d, all[i], "lexicon.amount_breaks")) {
			/* the text from that word on, lower case, as written */
			char *lower = words_lower(text);
			const char *at = words_at(lower, all[i]);
			size_t before = at ? (size_t)(at - lower) : strlen(lower);
			char *head = xstrndup(lower, before);
			size_t k = 0;
			while (k < n && words_in_text(&words[k], 1, head))
				k++;
			free(head);
			free(lower);
			words_free(all, nw);
			return k ? k : n;
		}
	words_free(all, nw);
	return n;
}
