/*
 * token.c: folding, word and compound splitting, and cached Snowball stems.
 *
 * The scanner works one source codepoint at a time: each is folded (ASCII by
 * a fast path, the rest through utf8proc) into zero or more codepoints that
 * are classified as letter, digit or separator. Letters and digits grow the
 * current part; a separator either joins the next part to the same word
 * (when it is one of the joiners and a letter or digit follows at once) or
 * ends the word.
 */
#include "nlu/text/token.h"

#include <ctype.h>
#include <libstemmer.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "common/buf.h"
#include "common/xalloc.h"

#define MAX_PARTS 12
#define STEM_MAX (2 * TOKEN_MAX_BYTES)
/* The stem cache is direct-mapped with one 64-byte slot per word, so a
 * lookup touches one cache line: a slot of 192 bytes made the cache larger
 * than the CPU's L2 and every lookup a memory miss. Longer words or stems
 * (rare) are stemmed each time into the tokenizer's scratch. */
#define STEM_CACHE_SLOTS 8192
#define SLOT_WORD 29
#define SLOT_STEM 32
#define CACHE_LINE 64

enum kind { KIND_NONE, KIND_ALPHA, KIND_DIGIT };

struct stem_slot {
	unsigned char word_len; /* 0 = empty slot */
	unsigned char stem_len;
	bool stop;              /* the word is a stop word */
	char word[SLOT_WORD];
	char stem[SLOT_STEM];
};

_Static_assert(sizeof(struct stem_slot) == CACHE_LINE, "a stem slot fills one cache line");

/* A stem as looked up: points into a cache slot or the scratch, valid
 * until the next lookup. */
struct stem_view {
	const char *stem;
	size_t len;
	bool stop;
};

struct tokenizer {
	struct sb_stemmer *stemmer;
	const lexicon_list *stop; /* borrowed; NULL: no stop words */
	void *cache_mem;         /* the allocation behind cache */
	struct stem_slot *cache; /* direct-mapped by a hash of the word */
	char scratch[STEM_MAX];  /* a stem too long for a slot */
};

tokenizer *tokenizer_new(const char *language, char **err)
{
	tokenizer *t = xcalloc(1, sizeof *t);
	if (!language || !*language || !strcmp(language, "none"))
		return t;
	t->stemmer = sb_stemmer_new(language, "UTF_8");
	if (!t->stemmer) {
		if (err)
			*err = xasprintf("unknown stemming language '%s'", language);
		free(t);
		return NULL;
	}
	t->cache_mem = xcalloc(STEM_CACHE_SLOTS + 1, sizeof *t->cache);
	uintptr_t at = ((uintptr_t)t->cache_mem + CACHE_LINE - 1) & ~(uintptr_t)(CACHE_LINE - 1);
	t->cache = (struct stem_slot *)at;
	return t;
}

void tokenizer_free(tokenizer *t)
{
	if (!t)
		return;
	if (t->stemmer)
		sb_stemmer_delete(t->stemmer);
	free(t->cache_mem);
	free(t);
}

bool tokenizer_stems(const tokenizer *t)
{
	return t->stemmer != NULL;
}

void tokenizer_set_stopwords(tokenizer *t, const lexicon_list *stop)
{
	t->stop = stop;
	/* the cache remembers each word's stop flag */
	if (t->cache)
		memset(t->cache, 0, STEM_CACHE_SLOTS * sizeof *t->cache);
}

bool tokenizer_is_stopword(const tokenizer *t, const char *word, size_t len)
{
	return len > 0 && lexicon_list_has(t->stop, word, len);
}

static uint32_t hash_bytes(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* The stem of a folded word of at most TOKEN_MAX_BYTES (the scanner cuts
 * longer ones), from the cache when it holds the word. */
static struct stem_view stem_lookup(tokenizer *t, const char *word, size_t len)
{
	struct stem_slot *s = NULL;
	if (len <= SLOT_WORD) {
		s = &t->cache[hash_bytes(word, len) % STEM_CACHE_SLOTS];
		if (s->word_len == len && !memcmp(s->word, word, len))
			return (struct stem_view){s->stem, s->stem_len, s->stop};
	}
	const sb_symbol *out = sb_stemmer_stem(t->stemmer, (const sb_symbol *)word, (int)len);
	int out_len = out ? sb_stemmer_length(t->stemmer) : 0;
	if (!out || out_len <= 0) {
		out = (const sb_symbol *)word;
		out_len = (int)len;
	}
	if (out_len > STEM_MAX)
		out_len = STEM_MAX;
	bool stop = tokenizer_is_stopword(t, word, len);
	if (!s || out_len > SLOT_STEM) {
		memcpy(t->scratch, out, (size_t)out_len);
		return (struct stem_view){t->scratch, (size_t)out_len, stop};
	}
	memcpy(s->word, word, len);
	s->word_len = (unsigned char)len;
	memcpy(s->stem, out, (size_t)out_len);
	s->stem_len = (unsigned char)out_len;
	s->stop = stop;
	return (struct stem_view){s->stem, s->stem_len, s->stop};
}

static bool has_digit(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (isdigit((unsigned char)s[i]))
			return true;
	return false;
}

char *tokenizer_stem(tokenizer *t, const char *word, size_t len)
{
	if (!t->stemmer || len == 0 || len > TOKEN_MAX_BYTES || has_digit(word, len))
		return xstrndup(word, len);
	struct stem_view v = stem_lookup(t, word, len);
	return xstrndup(v.stem, v.len);
}

/* ---- folding ---- */

#define FOLD_OPTIONS                                                                     \
	((utf8proc_option_t)(UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_DECOMPOSE |     \
	                     UTF8PROC_STRIPMARK | UTF8PROC_LUMP | UTF8PROC_IGNORE))
#define FOLD_MAX 18

/* Decodes one codepoint at s (n > 0 bytes left). Returns the bytes it took;
 * *cp is -1 for invalid UTF-8 (one byte is skipped). */
static size_t decode(const char *s, size_t n, int32_t *cp)
{
	unsigned char c = (unsigned char)s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	utf8proc_int32_t v;
	utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s,
	                                      (utf8proc_ssize_t)(n > 4 ? 4 : n), &v);
	if (k <= 0) {
		*cp = -1;
		return 1;
	}
	*cp = v;
	return (size_t)k;
}

/* Folds cp into out[] (at most FOLD_MAX); returns the count. */
static size_t fold_cp(int32_t cp, int32_t *out)
{
	if (cp < 0)
		return 0;
	if (cp < 0x80) {
		out[0] = (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
		return 1;
	}
	/* symbols stay whole so they separate words: NFKC would turn the
	 * trade mark sign into the letters "tm" and glue them to the brand */
	utf8proc_category_t cat = utf8proc_category(cp);
	if (cat >= UTF8PROC_CATEGORY_SM && cat <= UTF8PROC_CATEGORY_SO) {
		out[0] = cp;
		return 1;
	}
	int boundclass = UTF8PROC_BOUNDCLASS_START;
	utf8proc_ssize_t k = utf8proc_decompose_char(cp, out, FOLD_MAX, FOLD_OPTIONS, &boundclass);
	if (k < 0 || k > FOLD_MAX)
		return 0;
	return (size_t)k;
}

static enum kind classify(int32_t cp)
{
	if (cp < 0x80) {
		if (isalpha(cp))
			return KIND_ALPHA;
		return isdigit(cp) ? KIND_DIGIT : KIND_NONE;
	}
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_NL:
		return KIND_ALPHA;
	case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NO:
		return KIND_DIGIT;
	default:
		return KIND_NONE;
	}
}

static bool is_mark(int32_t cp)
{
	if (cp < 0x300)
		return false;
	utf8proc_category_t c = utf8proc_category(cp);
	return c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_MC || c == UTF8PROC_CATEGORY_ME;
}

char *token_fold(const char *text, size_t len)
{
	struct buf b;
	buf_init(&b);
	size_t pos = 0;
	while (pos < len) {
		int32_t cp, folded[FOLD_MAX];
		pos += decode(text + pos, len - pos, &cp);
		size_t k = fold_cp(cp, folded);
		for (size_t i = 0; i < k; i++) {
			if (is_mark(folded[i]))
				continue;
			utf8proc_uint8_t enc[4];
			utf8proc_ssize_t m = utf8proc_encode_char(folded[i], enc);
			if (m > 0)
				buf_add(&b, enc, (size_t)m);
		}
	}
	return buf_detach(&b);
}

/* ---- scanning ---- */

struct part {
	char text[TOKEN_MAX_BYTES];
	size_t len;
	enum kind kind;
	size_t start, end;
};

struct scan {
	tokenizer *t;
	token_fn fn;
	void *ctx;
	const char *text;  /* the source, for what lies between two words */
	int sep;           /* the separator that ended the current word */
	struct part held;  /* a number, until the next word shows whether it is its unit */
	bool has_held;
	struct part parts[MAX_PARTS];
	size_t n_parts;
	bool in_part;  /* the last character was a letter or digit */
	int pending;   /* a joiner seen right after the current part, or 0 */
	size_t word;
	int stop;      /* the callback's nonzero answer */
};

static bool is_joiner(int c)
{
	switch (c) {
	case '.': case ',': case '\'': case '-': case '/': case '_': case '&':
		return true;
	default:
		return false;
	}
}

static void part_append(struct part *p, const char *bytes, size_t n)
{
	if (p->len + n > TOKEN_MAX_BYTES)
		return;
	memcpy(p->text + p->len, bytes, n);
	p->len += n;
}

static int emit(struct scan *s, const char *text, size_t len, unsigned flags, size_t start,
                size_t end, bool alpha)
{
	struct token tok = {text, len, text, len, start, end, flags, s->word};
	if (alpha && s->t->stemmer) {
		/* the cache also remembers whether the word is a stop word */
		struct stem_view v = stem_lookup(s->t, text, len);
		tok.text = v.stem;
		tok.len = v.len;
		if (v.stop)
			tok.flags |= TOKEN_STOP;
	}
	if (!alpha && !(flags & TOKEN_MIXED))
		tok.flags |= TOKEN_NUMBER;
	s->stop = s->fn(s->ctx, &tok);
	return s->stop;
}

/* Units of measure: a number and its unit are one compound whose joined
 * form spells the unit one way, so "6'", "6 ft", "6-foot" and "6 feet"
 * all give "6ft". spaced: also when a space separates them ("in" is not:
 * "2 in 1", "4 in stock"). */
static const struct unit {
	const char *word, *canon;
	bool spaced;
} units[] = {
	{"cm", "cm", true},     {"feet", "ft", true},   {"foot", "ft", true},
	{"ft", "ft", true},     {"gb", "gb", true},     {"ghz", "ghz", true},
	{"in", "in", false},    {"inch", "in", true},   {"inches", "in", true},
	{"lb", "lb", true},     {"lbs", "lb", true},    {"mah", "mah", true},
	{"mb", "mb", true},     {"mhz", "mhz", true},   {"mm", "mm", true},
	{"oz", "oz", true},     {"tb", "tb", true},     {"volt", "v", true},
	{"volts", "v", true},   {"watt", "w", true},    {"watts", "w", true},
};

static const struct unit *unit_of(const struct part *p)
{
	if (p->kind != KIND_ALPHA)
		return NULL;
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
		if (strlen(units[i].word) == p->len && !memcmp(units[i].word, p->text, p->len))
			return &units[i];
	return NULL;
}

/* The number p and its unit as a compound: the number, the joined form,
 * then the unit's own word when it was written (u may be NULL: "6'"). */
static void emit_measure(struct scan *s, const struct part *p, const char *canon,
                         const struct part *u)
{
	char whole[TOKEN_MAX_BYTES + 8];
	size_t n = (size_t)snprintf(whole, sizeof whole, "%.*s%s", (int)p->len, p->text, canon);
	if (n >= sizeof whole)
		n = sizeof whole - 1;
	size_t end = u ? u->end : p->end;
	if (emit(s, p->text, p->len, TOKEN_PART, p->start, p->end, false) ||
	    emit(s, whole, n, TOKEN_WHOLE | TOKEN_MIXED, p->start, end, false))
		return;
	if (u && emit(s, u->text, u->len, TOKEN_PART, u->start, u->end, true))
		return;
	s->word++;
}

/* Reports the number held back, as the word it is. */
static void flush_held(struct scan *s)
{
	if (!s->has_held)
		return;
	s->has_held = false;
	if (s->stop)
		return;
	emit(s, s->held.text, s->held.len, 0, s->held.start, s->held.end, false);
	s->word++;
}

/* Only spaces, one or two, between the end of one word and another. */
static bool spaced(const struct scan *s, size_t end, size_t start)
{
	if (!s->text || start <= end || start - end > 2)
		return false;
	for (size_t i = end; i < start; i++)
		if (s->text[i] != ' ')
			return false;
	return true;
}

static bool has_letter_part(const struct part *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i].kind == KIND_ALPHA)
			return true;
	return false;
}

static void end_word(struct scan *s)
{
	size_t n = s->n_parts;
	/* a foot or inch mark right after the word: "6'", "5.5\"" */
	const char *mark = s->pending == '\'' ? "ft" : s->sep == '"' ? "in" : NULL;
	s->n_parts = 0;
	s->in_part = false;
	s->pending = 0;
	s->sep = 0;
	if (n == 0 || s->stop)
		return;
	struct part *p = s->parts;
	if (n == 1 && p->kind == KIND_DIGIT) {
		flush_held(s);
		if (s->stop)
			return;
		if (mark) {
			emit_measure(s, p, mark, NULL);
			return;
		}
		s->held = *p; /* its unit may follow: "6 feet" */
		s->has_held = true;
		return;
	}
	if (s->has_held) {
		const struct unit *u = n == 1 ? unit_of(p) : NULL;
		if (u && u->spaced && spaced(s, s->held.end, p->start)) {
			s->has_held = false;
			emit_measure(s, &s->held, u->canon, p);
			return;
		}
		flush_held(s);
		if (s->stop)
			return;
	}
	if (n == 2 && p[0].kind == KIND_DIGIT && unit_of(&p[1])) {
		emit_measure(s, &p[0], unit_of(&p[1])->canon, &p[1]); /* "6-foot", "10ft" */
		return;
	}
	if (n == 1) {
		emit(s, p->text, p->len, 0, p->start, p->end, p->kind == KIND_ALPHA);
		s->word++;
		return;
	}
	char whole[TOKEN_MAX_BYTES];
	size_t wlen = 0;
	bool alpha = true, digit = false;
	for (size_t i = 0; i < n; i++) {
		if (wlen + p[i].len <= sizeof whole) {
			memcpy(whole + wlen, p[i].text, p[i].len);
			wlen += p[i].len;
		}
		alpha = alpha && p[i].kind == KIND_ALPHA;
		digit = digit || p[i].kind == KIND_DIGIT;
	}
	unsigned mixed = (!alpha && digit && has_letter_part(p, n)) ? TOKEN_MIXED : 0;
	if (emit(s, p[0].text, p[0].len, TOKEN_PART, p[0].start, p[0].end, p[0].kind == KIND_ALPHA) ||
	    emit(s, whole, wlen, TOKEN_WHOLE | mixed, p[0].start, p[n - 1].end, alpha))
		return;
	for (size_t i = 1; i < n; i++)
		if (emit(s, p[i].text, p[i].len, TOKEN_PART, p[i].start, p[i].end,
		         p[i].kind == KIND_ALPHA))
			return;
	s->word++;
}

static void new_part(struct scan *s, enum kind kind, size_t start)
{
	if (s->n_parts == MAX_PARTS)
		end_word(s);
	struct part *p = &s->parts[s->n_parts++];
	p->len = 0;
	p->kind = kind;
	p->start = start;
	p->end = start;
}

/* A letter or digit (UTF-8 bytes enc[0..n)) from source span [start, end). */
static void on_alnum(struct scan *s, enum kind kind, const char *enc, size_t n, size_t start,
                     size_t end)
{
	struct part *last = s->n_parts ? &s->parts[s->n_parts - 1] : NULL;
	if (s->in_part && last->kind == kind) { /* the common case: a word goes on */
		if (last->len + n <= TOKEN_MAX_BYTES) {
			memcpy(last->text + last->len, enc, n);
			last->len += n;
		}
		last->end = end;
		return;
	}
	if (s->in_part) {
		if (last->kind != kind)
			new_part(s, kind, start);
	} else if (last && s->pending) {
		int j = s->pending;
		bool digits = last->kind == KIND_DIGIT && kind == KIND_DIGIT;
		bool letters = last->kind == KIND_ALPHA && kind == KIND_ALPHA;
		if (j == '.' && digits) {
			part_append(last, ".", 1); /* a decimal stays one token */
		} else if ((j == ',' && digits) || (j == '\'' && letters)) {
			/* thousands separator or apostrophe: the part goes on */
		} else if (j == ',' || j == '\'') {
			end_word(s);
			new_part(s, kind, start);
		} else {
			new_part(s, kind, start);
		}
	} else {
		end_word(s);
		new_part(s, kind, start);
	}
	last = &s->parts[s->n_parts - 1];
	part_append(last, enc, n);
	last->end = end;
	s->in_part = true;
	s->pending = 0;
}

static void on_separator(struct scan *s, int32_t c)
{
	if (s->in_part && c < 0x80 && is_joiner((int)c)) {
		s->pending = (int)c;
		s->in_part = false;
		return;
	}
	if (s->in_part)
		s->sep = (int)c;
	end_word(s);
}

static enum kind ascii_kind(unsigned char b)
{
	if ((unsigned char)((b | 0x20) - 'a') < 26)
		return KIND_ALPHA;
	return (unsigned char)(b - '0') < 10 ? KIND_DIGIT : KIND_NONE;
}

/* After on_alnum() took an ASCII letter or digit: the rest of the run of
 * the same kind of ASCII characters goes straight onto the current part,
 * lowercased, as on_alnum() would add them one by one (cut at
 * TOKEN_MAX_BYTES, the span still growing). Returns the position after
 * the run. */
static size_t ascii_run(struct scan *s, enum kind kind, const char *text, size_t pos,
                        size_t len)
{
	struct part *p = &s->parts[s->n_parts - 1];
	size_t end = pos;
	while (end < len && ascii_kind((unsigned char)text[end]) == kind)
		end++;
	for (size_t i = pos; i < end && p->len < TOKEN_MAX_BYTES; i++) {
		unsigned char b = (unsigned char)text[i];
		p->text[p->len++] = (char)(b >= 'A' && b <= 'Z' ? b + 32 : b);
	}
	if (end > pos)
		p->end = end;
	return end;
}

/* How far ahead of the scanner stem slots are prefetched, in bytes. */
#define PREFETCH_AHEAD 512

/* Stem lookups miss the CPU cache when the caller (SQLite building an
 * index) has pushed the table out, and each miss stalls the scanner. So
 * the runs of ASCII letters ahead of the scanner, which are most of the
 * words it will stem, are hashed early and their slots prefetched, letting
 * the misses overlap. Scans text[*at..until) (finishing the run crossing
 * until) and moves *at past it. A wrong guess only costs a prefetch. */
static void prefetch_stems(const tokenizer *t, const char *text, size_t len, size_t *at,
                           size_t until)
{
	size_t i = *at;
	while (i < len && i < until) {
		while (i < len && ascii_kind((unsigned char)text[i]) != KIND_ALPHA)
			i++;
		char word[SLOT_WORD];
		size_t n = 0;
		for (; i < len && ascii_kind((unsigned char)text[i]) == KIND_ALPHA; i++)
			if (n < SLOT_WORD)
				word[n++] = (char)(text[i] | 0x20);
			else
				n = SLOT_WORD + 1;
		if (n > 0 && n <= SLOT_WORD)
			__builtin_prefetch(&t->cache[hash_bytes(word, n) % STEM_CACHE_SLOTS]);
	}
	*at = i;
}

int tokenizer_run(tokenizer *t, const char *text, size_t len, token_fn fn, void *ctx)
{
	struct scan s = {.t = t, .fn = fn, .ctx = ctx, .text = text};
	size_t pos = 0, fetched = 0;
	while (pos < len && !s.stop) {
		if (t->cache && fetched < pos + PREFETCH_AHEAD / 2)
			prefetch_stems(t, text, len, &fetched, pos + PREFETCH_AHEAD);
		unsigned char b = (unsigned char)text[pos];
		if (b < 0x80) { /* most text: no decoding or folding tables */
			char c = (char)(b >= 'A' && b <= 'Z' ? b + 32 : b);
			enum kind kind = ascii_kind(b);
			if (kind == KIND_NONE) {
				on_separator(&s, c);
				pos++;
				continue;
			}
			on_alnum(&s, kind, &c, 1, pos, pos + 1);
			pos = ascii_run(&s, kind, text, pos + 1, len);
			continue;
		}
		int32_t cp, folded[FOLD_MAX];
		size_t start = pos;
		pos += decode(text + pos, len - pos, &cp);
		if (cp < 0) {
			end_word(&s);
			continue;
		}
		size_t k = fold_cp(cp, folded);
		for (size_t i = 0; i < k && !s.stop; i++) {
			int32_t f = folded[i];
			enum kind kind = classify(f);
			if (kind == KIND_NONE) {
				if (!is_mark(f))
					on_separator(&s, f);
				continue;
			}
			utf8proc_uint8_t enc[4];
			utf8proc_ssize_t m = utf8proc_encode_char(f, enc);
			if (m > 0)
				on_alnum(&s, kind, (const char *)enc, (size_t)m, start, pos);
		}
	}
	end_word(&s);
	flush_held(&s);
	return s.stop;
}

/* ---- lists ---- */

void token_list_init(struct token_list *l)
{
	l->items = NULL;
	l->n = l->cap = 0;
}

void token_list_release(struct token_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->items[i].text);
		free(l->items[i].surface);
	}
	free(l->items);
	token_list_init(l);
}

static int list_add(void *ctx, const struct token *t)
{
	struct token_list *l = ctx;
	l->items = xgrow(l->items, &l->cap, l->n + 1, sizeof *l->items);
	struct token_item *it = &l->items[l->n++];
	it->text = xstrndup(t->text, t->len);
	it->surface = xstrndup(t->surface, t->surface_len);
	it->start = t->start;
	it->end = t->end;
	it->flags = t->flags;
	it->word = t->word;
	return 0;
}

void tokenizer_list(tokenizer *t, const char *text, size_t len, struct token_list *l)
{
	tokenizer_run(t, text, len, list_add, l);
}
