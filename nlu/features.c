#include "nlu/features.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <libstemmer.h>
#include <utf8proc.h>

#include "common/xalloc.h"

/* Longest word kept, in bytes; the rest of a longer word is dropped so
 * that a 1 MB "word" costs no more than a short one. */
#define TOKEN_MAX 48
/* Direct-mapped cache of word hash -> stem hash: the stemmer is the
 * slowest step, and the words of a domain repeat. */
#define STEM_CACHE 2048

/* Feature families are kept apart by seeding the hash differently. */
enum { TAG_WORD = 1, TAG_STEM, TAG_BIGRAM, TAG_CHAR, TAG_SYMBOL, TAG_SKIP, TAG_UNKNOWN };

struct stem_slot {
	uint64_t word;
	uint64_t stem;
};

struct features {
	struct sb_stemmer *stemmer; /* NULL if libstemmer lacks English */
	uint64_t *hashes;
	size_t n, cap;
	char tok[TOKEN_MAX + 4];
	size_t toklen;
	bool tok_digits; /* the last byte of tok stands for a digit run */
	uint64_t prev;   /* hash of the previous word, for bigrams */
	uint64_t prev2;  /* and of the one before it, for skip bigrams */
	struct stem_slot cache[STEM_CACHE];
	bool (*known)(void *ctx, uint64_t word);
	void *known_ctx;
};

static uint64_t mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}

static uint64_t hash_bytes(const char *s, size_t n, uint64_t tag)
{
	uint64_t h = 0xcbf29ce484222325ULL ^ (tag * 0x9e3779b97f4a7c15ULL);
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ULL;
	}
	return mix64(h);
}

features *features_new(void)
{
	features *f = xcalloc(1, sizeof *f);
	f->stemmer = sb_stemmer_new("english", NULL);
	f->cap = 256;
	f->hashes = xmalloc(f->cap * sizeof *f->hashes);
	return f;
}

void features_free(features *f)
{
	if (!f)
		return;
	if (f->stemmer)
		sb_stemmer_delete(f->stemmer);
	free(f->hashes);
	free(f);
}

void features_set_vocabulary(features *f, bool (*known)(void *ctx, uint64_t word), void *ctx)
{
	f->known = known;
	f->known_ctx = ctx;
}

static void push(features *f, uint64_t h)
{
	if (f->n >= FEATURES_MAX)
		return;
	if (f->n == f->cap)
		f->hashes = xgrow(f->hashes, &f->cap, f->n + 1, sizeof *f->hashes);
	f->hashes[f->n++] = h;
}

static uint64_t stem_hash(features *f, const char *w, size_t n, uint64_t hw)
{
	struct stem_slot *slot = &f->cache[hw & (STEM_CACHE - 1)];
	if (slot->word == hw && hw)
		return slot->stem;
	uint64_t hs;
	const sb_symbol *st = f->stemmer ? sb_stemmer_stem(f->stemmer, (const sb_symbol *)w, (int)n) : NULL;
	if (st)
		hs = hash_bytes((const char *)st, (size_t)sb_stemmer_length(f->stemmer), TAG_STEM);
	else
		hs = hash_bytes(w, n, TAG_STEM);
	slot->word = hw;
	slot->stem = hs;
	return hs;
}

/* The bigram with the word before, and the skip bigram with the word two
 * back: "cancel my order" and "cancel the order" share "cancel _ order",
 * which carries a phrase across the filler words that vary most. */
static void push_bigram(features *f, uint64_t h)
{
	push(f, mix64(f->prev * 0x9e3779b97f4a7c15ULL + h + TAG_BIGRAM));
	push(f, mix64(f->prev2 * 0x9e3779b97f4a7c15ULL + h + TAG_SKIP));
	f->prev2 = f->prev;
	f->prev = h;
}

/* Character n-grams of "<word>": they carry misspellings and inflections
 * the word and stem features miss. */
static void push_char_ngrams(features *f, const char *w, size_t n)
{
	char b[TOKEN_MAX + 8];
	b[0] = '<';
	memcpy(b + 1, w, n);
	b[n + 1] = '>';
	size_t len = n + 2;
	for (size_t k = 3; k <= 5; k++)
		for (size_t i = 0; i + k <= len; i++)
			push(f, hash_bytes(b + i, k, TAG_CHAR + 16 * k));
}

static void flush_word(features *f)
{
	if (!f->toklen)
		return;
	const char *w = f->tok;
	size_t n = f->toklen;
	uint64_t hw = hash_bytes(w, n, TAG_WORD);
	bool number = n == 1 && w[0] == '0';
	if (!number) {
		push(f, stem_hash(f, w, n, hw));
		push_char_ngrams(f, w, n);
	}
	if (f->known && !f->known(f->known_ctx, hw))
		push(f, hash_bytes("", 0, TAG_UNKNOWN));
	else
		push(f, hw);
	push_bigram(f, hw);
	f->toklen = 0;
	f->tok_digits = false;
}

static void push_symbol(features *f, const char *s, size_t n)
{
	flush_word(f);
	uint64_t h = hash_bytes(s, n, TAG_SYMBOL);
	push(f, h);
	push_bigram(f, h);
}

static void add_byte(features *f, char c)
{
	if (f->toklen < TOKEN_MAX)
		f->tok[f->toklen++] = c;
}

static void add_ascii(features *f, unsigned char c)
{
	if (c >= '0' && c <= '9') {
		if (!f->tok_digits)
			add_byte(f, '0');
		f->tok_digits = true;
		return;
	}
	f->tok_digits = false;
	add_byte(f, (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
}

static bool is_word_category(utf8proc_category_t c)
{
	return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_NO);
}

static bool is_symbol_category(utf8proc_category_t c)
{
	return c >= UTF8PROC_CATEGORY_SM && c <= UTF8PROC_CATEGORY_SO;
}

/* A non-ASCII code point: folded (case, accents, compatibility forms) to
 * zero or more code points, each a word character, a symbol or a break. */
static void add_codepoint(features *f, utf8proc_int32_t cp)
{
	utf8proc_int32_t out[8];
	int boundclass = UTF8PROC_BOUNDCLASS_START;
	utf8proc_ssize_t n = utf8proc_decompose_char(cp, out, 8,
	        UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK | UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE,
	        &boundclass);
	if (n < 0 || n > 8)
		return;
	for (utf8proc_ssize_t i = 0; i < n; i++) {
		utf8proc_int32_t c = out[i];
		if (c < 128) {
			if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
				add_ascii(f, (unsigned char)c);
			else
				flush_word(f);
			continue;
		}
		utf8proc_category_t cat = utf8proc_category(c);
		utf8proc_uint8_t enc[4];
		utf8proc_ssize_t m = utf8proc_encode_char(c, enc);
		if (is_word_category(cat)) {
			f->tok_digits = false;
			for (utf8proc_ssize_t j = 0; j < m; j++)
				add_byte(f, (char)enc[j]);
		} else if (is_symbol_category(cat)) {
			push_symbol(f, (const char *)enc, (size_t)m);
		} else {
			flush_word(f);
		}
	}
}

static bool is_apostrophe_at(const unsigned char *s, size_t i, size_t len)
{
	if (s[i] == '\'')
		return true;
	/* U+2019 RIGHT SINGLE QUOTATION MARK, the typographic apostrophe */
	return i + 2 < len && s[i] == 0xe2 && s[i + 1] == 0x80 && s[i + 2] == 0x99;
}

size_t features_extract(features *f, const char *text, size_t len, const uint64_t **out)
{
	const unsigned char *s = (const unsigned char *)text;
	f->n = 0;
	f->toklen = 0;
	f->tok_digits = false;
	f->prev = 0x5bd1e995u; /* start of utterance */
	f->prev2 = 0x1b873593u;
	size_t i = 0;
	while (i < len && f->n < FEATURES_MAX) {
		unsigned char c = s[i];
		if (f->toklen && is_apostrophe_at(s, i, len)) {
			/* "don't" reads as "dont"; a quote ending a word ends it */
			i += c == '\'' ? 1 : 3;
			continue;
		}
		if (c < 128) {
			if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
				add_ascii(f, c);
			else if (c == '?' || c == '!' || c == '$')
				push_symbol(f, (const char *)&s[i], 1);
			else
				flush_word(f);
			i++;
			continue;
		}
		utf8proc_int32_t cp;
		utf8proc_ssize_t m = utf8proc_iterate(s + i, (utf8proc_ssize_t)(len - i), &cp);
		if (m <= 0) {
			flush_word(f); /* invalid UTF-8 separates words */
			i++;
			continue;
		}
		add_codepoint(f, cp);
		i += (size_t)m;
	}
	flush_word(f);
	push(f, mix64(f->prev * 0x9e3779b97f4a7c15ULL + 0x2545f491 + TAG_BIGRAM)); /* end */
	*out = f->hashes;
	return f->n;
}
