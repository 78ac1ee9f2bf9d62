#include "nlu/text/normalize.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "common/buf.h"
#include "common/xalloc.h"
#include "nlu/text/token.h"

/* A token of the first pass: folded text in a scratch buffer, before
 * contractions, number words and currencies are resolved. */
struct raw {
	size_t start, end;
	size_t woff, wlen;
	unsigned flags;
	char currency[4];
};

struct raws {
	struct raw *r;
	size_t n, cap;
	struct buf w; /* folded texts, NUL-separated */
};

/* ---- tables ---------------------------------------------------------- */

struct currency_symbol {
	utf8proc_int32_t cp;
	const char *code;
};

static const struct currency_symbol currency_symbols[] = {
	{0x24, "USD"}, {0x20AC, "EUR"}, {0xA3, "GBP"}, {0xA5, "JPY"},
	{0x20B9, "INR"}, {0x20A9, "KRW"}, {0x20BD, "RUB"}, {0x20BA, "TRY"},
};

struct numword {
	const char *word;
	int value;
	int kind;
};

enum { NW_UNIT = 1, NW_TEEN, NW_TENS, NW_HUNDRED, NW_SCALE, NW_ORD };

static const struct numword numwords[] = {
	{"eight", 8, NW_UNIT}, {"eighteen", 18, NW_TEEN}, {"eighteenth", 18, NW_ORD},
	{"eighth", 8, NW_ORD}, {"eighty", 80, NW_TENS}, {"eleven", 11, NW_TEEN},
	{"eleventh", 11, NW_ORD}, {"fifteen", 15, NW_TEEN}, {"fifteenth", 15, NW_ORD},
	{"fifth", 5, NW_ORD}, {"fifty", 50, NW_TENS}, {"first", 1, NW_ORD},
	{"five", 5, NW_UNIT}, {"forty", 40, NW_TENS}, {"four", 4, NW_UNIT},
	{"fourteen", 14, NW_TEEN}, {"fourteenth", 14, NW_ORD}, {"fourth", 4, NW_ORD},
	{"fourty", 40, NW_TENS}, {"grand", 1000, NW_SCALE}, {"hundred", 100, NW_HUNDRED},
	{"million", 1000000, NW_SCALE}, {"nine", 9, NW_UNIT}, {"nineteen", 19, NW_TEEN},
	{"nineteenth", 19, NW_ORD}, {"ninety", 90, NW_TENS}, {"ninth", 9, NW_ORD},
	{"one", 1, NW_UNIT}, {"second", 2, NW_ORD}, {"seven", 7, NW_UNIT},
	{"seventeen", 17, NW_TEEN}, {"seventeenth", 17, NW_ORD}, {"seventh", 7, NW_ORD},
	{"seventy", 70, NW_TENS}, {"six", 6, NW_UNIT}, {"sixteen", 16, NW_TEEN},
	{"sixteenth", 16, NW_ORD}, {"sixth", 6, NW_ORD}, {"sixty", 60, NW_TENS},
	{"ten", 10, NW_TEEN}, {"tenth", 10, NW_ORD}, {"third", 3, NW_ORD},
	{"thirteen", 13, NW_TEEN}, {"thirteenth", 13, NW_ORD}, {"thirty", 30, NW_TENS},
	{"thousand", 1000, NW_SCALE}, {"three", 3, NW_UNIT}, {"twelfth", 12, NW_ORD},
	{"twelve", 12, NW_TEEN}, {"twentieth", 20, NW_ORD}, {"twenty", 20, NW_TENS},
	{"two", 2, NW_UNIT}, {"zero", 0, NW_UNIT},
};

/* The number words are sorted by word, for bsearch (test_normalize checks
 * a word of each). */
static int key_cmp(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

static const struct numword *numword_find(const char *w)
{
	return bsearch(w, numwords, sizeof numwords / sizeof *numwords, sizeof *numwords, key_cmp);
}

bool norm_cardinal_word(const char *w, long *value)
{
	const struct numword *nw = numword_find(w);
	if (!nw || (nw->kind != NW_UNIT && nw->kind != NW_TEEN && nw->kind != NW_TENS))
		return false;
	*value = (long)nw->value;
	return true;
}

/* The ISO code of a currency word of the pack ("bucks" -> "USD"), or NULL. */
static const char *currency_word_code(const struct norm_text *t, const char *w)
{
	const lexicon_list *l = t->nw ? t->nw->currency : NULL;
	long i = lexicon_list_find(l, w, strlen(w));
	const char *code = i >= 0 ? lexicon_list_value(l, (size_t)i) : NULL;
	return code && strlen(code) == 3 ? code : NULL;
}

static bool in_pack(const struct norm_text *t, const lexicon_list *l, const char *w)
{
	return t->nw && lexicon_list_has(l, w, strlen(w));
}

static const char *currency_symbol_code(utf8proc_int32_t cp)
{
	for (size_t i = 0; i < sizeof currency_symbols / sizeof currency_symbols[0]; i++)
		if (currency_symbols[i].cp == cp)
			return currency_symbols[i].code;
	return NULL;
}

/* ---- first pass: bytes to folded raw tokens ----------------------------- */

static bool is_ascii_digit(int c)
{
	return c >= '0' && c <= '9';
}

static bool is_ascii_alnum(int c)
{
	return is_ascii_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_local_char(int c)
{
	return is_ascii_alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}

/* Length of an e-mail address starting at in[i], or 0. *fail_until is set
 * past the local part when there is none, so that a long run of local-part
 * characters is scanned once, not once per position. */
static size_t email_at(const char *in, size_t len, size_t i, size_t *fail_until)
{
	size_t j = i;
	while (j < len && is_local_char((unsigned char)in[j]))
		j++;
	if (j >= len || in[j] != '@' || j == i) {
		*fail_until = j + 1;
		return 0;
	}
	size_t k = j + 1, last_dot = 0;
	while (k < len && (is_ascii_alnum((unsigned char)in[k]) || in[k] == '-' || in[k] == '.'))
		k++;
	while (k > j + 1 && in[k - 1] == '.')
		k--; /* the full stop after an address */
	for (size_t d = j + 1; d < k; d++)
		if (in[d] == '.')
			last_dot = d;
	if (last_dot == 0 || last_dot <= j + 1 || last_dot + 1 >= k) {
		*fail_until = k + 1;
		return 0;
	}
	return k - i;
}

/* State of the first pass: the shared tokenizer's words, re-joined where
 * nothing separates them ("64" "gb" -> "64gb"), with what the gaps between
 * them held. */
struct scan {
	const char *in;
	size_t len;
	struct raws *rs;
	bool in_tok;
	struct raw cur;
	size_t prev_end;          /* end of the last token taken */
	size_t email_until;       /* tokens before this are inside an e-mail */
	size_t no_email_until;
	/* what the gap before the next token held */
	bool gap_space, gap_hyphen, gap_slash, gap_hash, gap_sentence, gap_other;
	const char *gap_currency;
};

static void gap_clear(struct scan *s)
{
	s->gap_space = s->gap_hyphen = s->gap_slash = s->gap_hash = false;
	s->gap_sentence = s->gap_other = false;
	s->gap_currency = NULL;
}

static struct raw *raw_push(struct raws *rs)
{
	rs->r = xgrow(rs->r, &rs->cap, rs->n + 1, sizeof *rs->r);
	struct raw *r = &rs->r[rs->n++];
	memset(r, 0, sizeof *r);
	return r;
}

static unsigned case_flags(const char *in, size_t start, size_t end);

static void tok_end(struct scan *s)
{
	if (!s->in_tok)
		return;
	if (!(s->cur.flags & NORM_EMAIL))
		s->cur.flags |= case_flags(s->in, s->cur.start, s->cur.end) & NORM_UPPER;
	buf_addc(&s->rs->w, '\0');
	*raw_push(s->rs) = s->cur;
	s->in_tok = false;
	gap_clear(s);
}

static void push_symbol(struct scan *s, char c, size_t at, size_t n)
{
	struct raw *r = raw_push(s->rs);
	r->start = at;
	r->end = at + n;
	r->woff = s->rs->w.len;
	r->wlen = 1;
	r->flags = NORM_SYMBOL;
	buf_addc(&s->rs->w, c);
	buf_addc(&s->rs->w, '\0');
}

/* One character (folded) of a gap between tokens. */
static void separator(struct scan *s, utf8proc_int32_t f, utf8proc_int32_t orig,
                      size_t at, size_t n)
{
	const char *code = currency_symbol_code(orig);
	tok_end(s);
	if (code) {
		/* "50$" / "50 €": the amount came first. */
		if (s->rs->n && !s->gap_other && !s->gap_currency) {
			struct raw *p = &s->rs->r[s->rs->n - 1];
			const char *w = s->rs->w.s + p->woff;
			if (is_ascii_digit((unsigned char)w[0]) && !(p->flags & NORM_MONEY) &&
			    !s->gap_hyphen) {
				p->flags |= NORM_MONEY;
				memcpy(p->currency, code, 4);
				return;
			}
		}
		s->gap_currency = code;
		return;
	}
	switch (f) {
	case ' ': case '\t': case '\n': case '\r': case '\v': case '\f':
		s->gap_space = true;
		return;
	case '-':
		s->gap_hyphen = true;
		return;
	case '/':
		s->gap_slash = true;
		return;
	case '#':
		/* "order #10422": only what touches the token counts */
		s->gap_hash = true;
		s->gap_space = false;
		return;
	case '.': case '!': case '?': case ';':
		s->gap_sentence = true;
		s->gap_other = true;
		return;
	case '<': case '>': case '~': case '%': case '+': case '&': case '=':
		push_symbol(s, (char)f, at, n);
		gap_clear(s);
		return;
	default:
		if (f >= 0x80 || f < 0x20 || f == 0x7f)
			s->gap_space = true; /* emoji, controls: like a space */
		else
			s->gap_other = true;
		return;
	}
}

static void scan_gap(struct scan *s, size_t from, size_t to)
{
	const utf8proc_option_t opts = UTF8PROC_CASEFOLD | UTF8PROC_COMPAT | UTF8PROC_LUMP;
	size_t i = from;
	while (i < to) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s->in + i,
		                                      (utf8proc_ssize_t)(to - i), &cp);
		if (n <= 0) {
			separator(s, ' ', ' ', i, 1);
			i++;
			continue;
		}
		utf8proc_int32_t dst[8];
		int bound = 0;
		utf8proc_ssize_t k = utf8proc_decompose_char(cp, dst, 8, opts, &bound);
		utf8proc_int32_t f = (k >= 1 && k <= 8) ? dst[0] : ' ';
		separator(s, f, cp, i, (size_t)n);
		i += (size_t)n;
	}
}

/* Case of the letters in the input span of a token. */
static unsigned case_flags(const char *in, size_t start, size_t end)
{
	bool first = true, any = false, lower = false;
	unsigned fl = 0;
	size_t i = start;
	while (i < end) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)in + i,
		                                      (utf8proc_ssize_t)(end - i), &cp);
		if (n <= 0)
			break;
		utf8proc_category_t c = utf8proc_category(cp);
		if (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) {
			if (first && utf8proc_isupper(cp))
				fl |= NORM_CAPITAL;
			any = true;
			if (!utf8proc_isupper(cp))
				lower = true;
		}
		first = false;
		i += (size_t)n;
	}
	if (any && !lower)
		fl |= NORM_UPPER;
	return fl;
}

static void tok_begin(struct scan *s, size_t at)
{
	memset(&s->cur, 0, sizeof s->cur);
	s->cur.start = s->cur.end = at;
	s->cur.woff = s->rs->w.len;
	if (s->gap_hash && !s->gap_space)
		s->cur.flags |= NORM_HASH;
	if (s->gap_hyphen && !s->gap_space && !s->gap_slash && !s->gap_other)
		s->cur.flags |= NORM_HYPHEN;
	if (s->gap_slash && !s->gap_space && !s->gap_hyphen && !s->gap_other)
		s->cur.flags |= NORM_SLASH;
	if (s->gap_sentence || s->rs->n == 0)
		s->cur.flags |= NORM_SENTENCE;
	if (s->gap_currency) {
		memcpy(s->cur.currency, s->gap_currency, 4);
		s->cur.flags |= NORM_MONEY;
	}
	s->in_tok = true;
}

static bool span_has(const char *in, size_t start, size_t end, const char *what)
{
	size_t n = strlen(what);
	for (size_t i = start; i + n <= end; i++)
		if (!memcmp(in + i, what, n))
			return true;
	return false;
}

/* The tokenizer drops apostrophes ("where's" -> "wheres"); contractions
 * need them, so words that had one are folded again from the input. */
static void add_surface(struct scan *s, const struct token *tk)
{
	if (span_has(s->in, tk->start, tk->end, "'") ||
	    span_has(s->in, tk->start, tk->end, "\xe2\x80\x99")) {
		char *f = token_fold(s->in + tk->start, tk->end - tk->start);
		size_t n = strlen(f);
		buf_add(&s->rs->w, f, n);
		s->cur.wlen += n;
		free(f);
		return;
	}
	/* "1,2" is a list, not twelve: the tokenizer drops every comma. */
	if (span_has(s->in, tk->start, tk->end, ",")) {
		for (size_t i = tk->start; i < tk->end; i++) {
			char c = s->in[i];
			if (c == ',' && !(i + 3 < tk->end + 1 && i + 3 <= tk->end &&
			                  is_ascii_digit((unsigned char)s->in[i + 1]) &&
			                  is_ascii_digit((unsigned char)s->in[i + 2]) &&
			                  is_ascii_digit((unsigned char)s->in[i + 3]) &&
			                  (i + 4 >= tk->end || !is_ascii_digit((unsigned char)s->in[i + 4])))) {
				s->cur.end = i;
				tok_end(s);
				tok_begin(s, i + 1);
				continue;
			}
			if (c != ',') {
				buf_addc(&s->rs->w, c);
				s->cur.wlen++;
			}
		}
		return;
	}
	buf_add(&s->rs->w, tk->surface, tk->surface_len);
	s->cur.wlen += tk->surface_len;
}

static int scan_token(void *ctx, const struct token *tk)
{
	struct scan *s = ctx;
	if ((tk->flags & TOKEN_WHOLE) || tk->start < s->email_until)
		return 0;
	if (tk->start > s->prev_end)
		scan_gap(s, s->prev_end, tk->start);
	if (tk->start >= s->no_email_until && !s->in_tok) {
		size_t e = email_at(s->in, s->len, tk->start, &s->no_email_until);
		if (e) {
			tok_end(s);
			struct raw *r = raw_push(s->rs);
			r->start = tk->start;
			r->end = tk->start + e;
			r->woff = s->rs->w.len;
			r->wlen = e;
			r->flags = NORM_EMAIL;
			for (size_t k = 0; k < e; k++) {
				char c = s->in[tk->start + k];
				buf_addc(&s->rs->w, (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c);
			}
			buf_addc(&s->rs->w, '\0');
			gap_clear(s);
			s->email_until = s->prev_end = tk->start + e;
			return 0;
		}
	}
	if (!s->in_tok || tk->start > s->prev_end) {
		tok_end(s);
		tok_begin(s, tk->start);
		s->cur.flags |= case_flags(s->in, tk->start, tk->end) & NORM_CAPITAL;
	}
	add_surface(s, tk);
	s->cur.end = tk->end;
	s->prev_end = tk->end;
	return 0;
}

static void scan_input(tokenizer *tk, const char *in, size_t len, struct raws *rs)
{
	struct scan s;
	memset(&s, 0, sizeof s);
	s.in = in;
	s.len = len;
	s.rs = rs;
	gap_clear(&s);
	tokenizer_run(tk, in, len, scan_token, &s);
	if (len > s.prev_end)
		scan_gap(&s, s.prev_end, len);
	tok_end(&s);
}

/* ---- second pass: words, numbers, currencies ------------------------------ */

static struct norm_token *tok_push(struct norm_text *t, const struct raw *r,
                                   const char *text, size_t n)
{
	t->tok = xgrow(t->tok, &t->cap, t->n + 1, sizeof *t->tok);
	struct norm_token *k = &t->tok[t->n++];
	memset(k, 0, sizeof *k);
	k->start = r->start;
	k->end = r->end;
	k->flags = r->flags;
	memcpy(k->currency, r->currency, 4);
	/* text is an offset until the end: words may still move. */
	k->text = (const char *)(uintptr_t)t->words_len;
	k->len = n;
	t->words = xgrow(t->words, &t->words_cap, t->words_len + n + 1, 1);
	memcpy(t->words + t->words_len, text, n);
	t->words[t->words_len + n] = '\0';
	t->words_len += n + 1;
	return k;
}

static const char *tok_text(const struct norm_text *t, const struct norm_token *k)
{
	return t->words + (uintptr_t)k->text;
}

/* Parses the leading number of a word that starts with a digit. */
static void parse_number(struct norm_text *t, const struct raw *r, const char *w)
{
	char digits[64];
	size_t nd = 0, i = 0;
	bool decimal = false;
	while (w[i] && (is_ascii_digit((unsigned char)w[i]) || w[i] == ',' || w[i] == '.')) {
		if (w[i] == '.') {
			if (decimal || !is_ascii_digit((unsigned char)w[i + 1]))
				break;
			decimal = true;
		}
		if (w[i] != ',' && nd < sizeof digits - 1)
			digits[nd++] = w[i];
		i++;
	}
	digits[nd] = '\0';
	double v = strtod(digits, NULL);
	const char *suffix = w + i;
	char text[96];
	int tn;
	unsigned fl = decimal ? NORM_DECIMAL : 0;
	if (!*suffix) {
		tn = snprintf(text, sizeof text, "%s", digits);
		fl |= NORM_NUMBER;
	} else if (!strcmp(suffix, "st") || !strcmp(suffix, "nd") || !strcmp(suffix, "rd") ||
	           !strcmp(suffix, "th")) {
		tn = snprintf(text, sizeof text, "%s%s", digits, suffix);
		fl |= NORM_ORDINAL;
	} else {
		bool has_digit = false;
		for (const char *p = suffix; *p; p++)
			if (is_ascii_digit((unsigned char)*p))
				has_digit = true;
		tn = snprintf(text, sizeof text, "%s%s", digits, suffix);
		fl |= has_digit ? NORM_ALNUM : NORM_NUMPFX;
	}
	if (tn < 0 || (size_t)tn >= sizeof text) {
		/* an absurdly long digit run: keep it verbatim, not as a number */
		struct norm_token *k = tok_push(t, r, w, strlen(w));
		k->flags |= NORM_ALNUM;
		return;
	}
	struct norm_token *k = tok_push(t, r, text, (size_t)tn);
	k->flags |= fl;
	k->number = v;
	if (fl & NORM_NUMPFX)
		k->suffix = nd;
	if (!(fl & (NORM_NUMBER | NORM_NUMPFX)))
		k->flags &= ~(unsigned)NORM_MONEY;
}

static void push_words(struct norm_text *t, const struct raw *r, const char *words)
{
	bool first = true;
	while (*words) {
		const char *sp = strchr(words, ' ');
		size_t n = sp ? (size_t)(sp - words) : strlen(words);
		struct norm_token *k = tok_push(t, r, words, n);
		k->flags |= NORM_EXPANDED;
		if (!first)
			k->flags &= ~(unsigned)(NORM_HASH | NORM_HYPHEN | NORM_SLASH | NORM_SENTENCE);
		first = false;
		words += n;
		while (*words == ' ')
			words++;
	}
}

/* "where's" -> "where is", "don't" -> "do not", "samsung's" -> "samsung". */
static void push_apostrophe(struct norm_text *t, const struct raw *r, const char *w)
{
	const char *ap = strchr(w, '\'');
	size_t bn = (size_t)(ap - w);
	const char *tail = ap + 1;
	char base[128];
	if (bn >= sizeof base - 1 || strchr(tail, '\'')) {
		struct buf b;
		buf_init(&b);
		for (const char *p = w; *p; p++)
			if (*p != '\'')
				buf_addc(&b, *p);
		tok_push(t, r, b.s, b.len);
		buf_release(&b);
		return;
	}
	memcpy(base, w, bn);
	base[bn] = '\0';
	const char *add = NULL;
	if (!strcmp(tail, "t") && bn > 1 && base[bn - 1] == 'n') {
		base[bn - 1] = '\0';
		if (!strcmp(base, "wo"))
			strcpy(base, "will");
		else if (!strcmp(base, "ca"))
			strcpy(base, "can");
		else if (!strcmp(base, "ai"))
			strcpy(base, "is");
		else if (!strcmp(base, "sha"))
			strcpy(base, "shall");
		add = "not";
	} else if (!strcmp(tail, "s")) {
		if (in_pack(t, t->nw ? t->nw->is_before_s : NULL, base))
			add = "is";
		else if (!strcmp(base, "let"))
			add = "us";
	} else if (!strcmp(tail, "re")) {
		add = "are";
	} else if (!strcmp(tail, "ve")) {
		add = "have";
	} else if (!strcmp(tail, "ll")) {
		add = "will";
	} else if (!strcmp(tail, "d")) {
		add = "would";
	} else if (!strcmp(tail, "m")) {
		add = "am";
	} else {
		/* "o'neil": one word */
		char joined[256];
		snprintf(joined, sizeof joined, "%s%s", base, tail);
		tok_push(t, r, joined, strlen(joined));
		return;
	}
	struct norm_token *k = tok_push(t, r, base, strlen(base));
	if (add) {
		k->flags |= NORM_EXPANDED;
		k = tok_push(t, r, add, strlen(add));
		k->flags |= NORM_EXPANDED;
		k->flags &= ~(unsigned)(NORM_HASH | NORM_HYPHEN | NORM_SLASH | NORM_SENTENCE |
		                        NORM_CAPITAL | NORM_UPPER);
	}
}

static void push_raw(struct norm_text *t, const struct raw *r, const char *w, const char *in);

/* Splits a glued word at a run of digits or at a capital inside it, when
 * what comes first is a glue word of the pack ("of299", "fromAnna",
 * "order732201349959"). Only where the input bytes map one
 * to one onto the folded word (ASCII), so the spans stay exact. */
static bool split_glued(struct norm_text *t, const struct raw *r, const char *w, const char *in)
{
	size_t a = 0, cut = 0;
	while (w[a] >= 'a' && w[a] <= 'z')
		a++;
	if (a < 2 || a > 8 || r->end - r->start != r->wlen)
		return false;
	if (w[a]) {
		for (size_t i = a; w[i]; i++)
			if (!is_ascii_digit((unsigned char)w[i]))
				return false;
		if (strlen(w + a) < 2)
			return false;
		cut = a;
	} else {
		for (size_t i = 2; i < r->wlen && !cut; i++) {
			char p = in[r->start + i - 1], c = in[r->start + i];
			if (p >= 'a' && p <= 'z' && c >= 'A' && c <= 'Z')
				cut = i;
		}
	}
	char head[16];
	if (!cut || cut >= sizeof head)
		return false;
	memcpy(head, w, cut);
	head[cut] = '\0';
	if (!in_pack(t, t->nw ? t->nw->glue : NULL, head))
		return false;
	struct raw first = *r, rest = *r;
	first.end = r->start + cut;
	first.wlen = cut;
	first.flags &= ~(unsigned)NORM_MONEY;
	rest.start = first.end;
	rest.wlen = r->wlen - cut;
	rest.flags &= ~(unsigned)(NORM_HASH | NORM_HYPHEN | NORM_SLASH | NORM_SENTENCE |
	                          NORM_CAPITAL | NORM_UPPER);
	if (in[rest.start] >= 'A' && in[rest.start] <= 'Z')
		rest.flags |= NORM_CAPITAL;
	push_raw(t, &first, head, in);
	push_raw(t, &rest, w + cut, in);
	return true;
}

static void push_raw(struct norm_text *t, const struct raw *r, const char *w, const char *in)
{
	if (r->flags & (NORM_EMAIL | NORM_SYMBOL)) {
		tok_push(t, r, w, r->wlen);
		return;
	}
	if (w[0] >= 'a' && w[0] <= 'z' && split_glued(t, r, w, in))
		return;
	if (is_ascii_digit((unsigned char)w[0])) {
		parse_number(t, r, w);
		return;
	}
	if (strchr(w, '\'')) {
		push_apostrophe(t, r, w);
		return;
	}
	const lexicon_list *cl = t->nw ? t->nw->contractions : NULL;
	long x = lexicon_list_find(cl, w, strlen(w));
	if (x >= 0 && lexicon_list_value(cl, (size_t)x)) {
		push_words(t, r, lexicon_list_value(cl, (size_t)x));
		return;
	}
	struct norm_token *k = tok_push(t, r, w, r->wlen);
	for (const char *p = w; *p; p++) {
		if (is_ascii_digit((unsigned char)*p)) {
			k->flags |= NORM_ALNUM;
			break;
		}
	}
}

/* ---- number words ---------------------------------------------------- */

static void set_number_text(struct norm_text *t, struct norm_token *k, double v)
{
	char text[64];
	if (v == floor(v) && fabs(v) < 1e15)
		snprintf(text, sizeof text, "%.0f", v);
	else
		snprintf(text, sizeof text, "%.2f", v);
	/* The new text goes at the end of words; the old one is left unused. */
	size_t n = strlen(text);
	t->words = xgrow(t->words, &t->words_cap, t->words_len + n + 1, 1);
	memcpy(t->words + t->words_len, text, n + 1);
	k->text = (const char *)(uintptr_t)t->words_len;
	k->len = n;
	t->words_len += n + 1;
}

/* Reads a spelled number starting at token i ("twenty-five", "one hundred
 * and twenty", "a hundred", "2 thousand"). Returns how many tokens it spans
 * (0 when none), its value in *v and whether it is an ordinal. */
static size_t read_numword(const struct norm_text *t, size_t i, double *v, bool *ordinal)
{
	double total = 0, current = 0;
	int last = 0;
	size_t j = i, used = 0;
	*ordinal = false;
	if (j < t->n && (t->tok[j].flags & NORM_NUMBER) && !(t->tok[j].flags & NORM_MONEY) &&
	    j + 1 < t->n) {
		const struct numword *s = numword_find(tok_text(t, &t->tok[j + 1]));
		if (s && (s->kind == NW_SCALE || s->kind == NW_HUNDRED)) {
			*v = t->tok[j].number * s->value;
			return 2;
		}
		return 0;
	}
	if (j + 1 < t->n && !strcmp(tok_text(t, &t->tok[j]), "a")) {
		const struct numword *s = numword_find(tok_text(t, &t->tok[j + 1]));
		if (!s || (s->kind != NW_HUNDRED && s->kind != NW_SCALE))
			return 0;
		current = 1;
		last = NW_UNIT;
		j++;
	}
	while (j < t->n) {
		const char *w = tok_text(t, &t->tok[j]);
		if (!strcmp(w, "and") && (last == NW_HUNDRED || last == NW_SCALE) && j + 1 < t->n) {
			const struct numword *nx = numword_find(tok_text(t, &t->tok[j + 1]));
			if (nx && (nx->kind == NW_UNIT || nx->kind == NW_TEEN || nx->kind == NW_TENS)) {
				j++;
				continue;
			}
			break;
		}
		const struct numword *s = numword_find(w);
		if (!s)
			break;
		bool ok;
		switch (s->kind) {
		case NW_UNIT:
			ok = last == 0 || last == NW_TENS || last == NW_HUNDRED || last == NW_SCALE;
			if (ok)
				current += s->value;
			break;
		case NW_TEEN:
			ok = last == 0 || last == NW_HUNDRED || last == NW_SCALE;
			if (ok)
				current += s->value;
			break;
		case NW_TENS:
			ok = last == 0 || last == NW_HUNDRED || last == NW_SCALE;
			if (ok)
				current += s->value;
			break;
		case NW_HUNDRED:
			ok = (last == NW_UNIT || last == NW_TEEN) && current < 100;
			if (ok)
				current *= 100;
			break;
		case NW_SCALE:
			ok = last != 0 && last != NW_SCALE;
			if (ok) {
				total += current * s->value;
				current = 0;
			}
			break;
		default: /* NW_ORD: "twenty-first" ends the number */
			ok = last == 0 || last == NW_TENS || last == NW_HUNDRED || last == NW_SCALE;
			if (ok) {
				current += s->value;
				*ordinal = true;
			}
			break;
		}
		if (!ok)
			break;
		last = s->kind;
		j++;
		used = j - i;
		if (*ordinal)
			break;
	}
	*v = total + current;
	return used;
}

static void merge_numwords(struct norm_text *t)
{
	size_t w = 0;
	for (size_t r = 0; r < t->n;) {
		double v;
		bool ordinal;
		size_t n = read_numword(t, r, &v, &ordinal);
		if (n == 0) {
			t->tok[w++] = t->tok[r++];
			continue;
		}
		struct norm_token k = t->tok[r];
		k.end = t->tok[r + n - 1].end;
		k.flags &= ~(unsigned)(NORM_DECIMAL);
		k.flags |= NORM_NUMWORD;
		/* a money mark on any part holds for the whole number */
		for (size_t i = r; i < r + n; i++)
			if (t->tok[i].flags & NORM_MONEY) {
				k.flags |= NORM_MONEY;
				memcpy(k.currency, t->tok[i].currency, 4);
			}
		k.number = v;
		if (ordinal) {
			k.flags |= NORM_ORDINAL;
			if (n > 1)
				set_number_text(t, &k, v);
		} else {
			k.flags |= NORM_NUMBER;
			/* a lone "one" stays a word: "that one", "the second one" */
			if (n > 1 || strcmp(tok_text(t, &k), "one"))
				set_number_text(t, &k, v);
		}
		t->tok[w++] = k;
		r += n;
	}
	t->n = w;
}

/* ---- currencies ------------------------------------------------------- */

static void resolve_money(struct norm_text *t, struct norm_token *k)
{
	const char *w = tok_text(t, k);
	if (!(k->flags & NORM_NUMPFX))
		return;
	const char *suffix = w + k->suffix;
	const char *code = currency_word_code(t, suffix);
	if (code) {
		k->flags |= NORM_MONEY;
		memcpy(k->currency, code, 4);
	}
	if (!(k->flags & NORM_MONEY))
		return;
	if (!strcmp(suffix, "k"))
		k->number *= 1000;
	else if (!code && strcmp(suffix, "m"))
		return; /* "$5gb": not money after all */
	else if (!strcmp(suffix, "m"))
		k->number *= 1000000;
	k->flags &= ~(unsigned)NORM_NUMPFX;
	k->flags |= NORM_NUMBER;
	set_number_text(t, k, k->number);
}

static void mark_currencies(struct norm_text *t)
{
	for (size_t i = 0; i < t->n; i++) {
		struct norm_token *k = &t->tok[i];
		const char *code = currency_word_code(t, tok_text(t, k));
		if (code) {
			k->flags |= NORM_CURRENCY;
			struct norm_token *num = NULL;
			if (i > 0 && (t->tok[i - 1].flags & (NORM_NUMBER | NORM_NUMPFX)))
				num = &t->tok[i - 1];
			else if (i + 1 < t->n && (t->tok[i + 1].flags & NORM_NUMBER))
				num = &t->tok[i + 1];
			if (num && !(num->flags & NORM_MONEY)) {
				num->flags |= NORM_MONEY;
				memcpy(num->currency, code, 4);
			}
		}
	}
	for (size_t i = 0; i < t->n; i++)
		resolve_money(t, &t->tok[i]);
	for (size_t i = 0; i < t->n; i++)
		if (!(t->tok[i].flags & NORM_NUMBER))
			t->tok[i].flags &= ~(unsigned)NORM_MONEY;
}

/* ---- public ------------------------------------------------------------ */

void norm_text_init(struct norm_text *t)
{
	memset(t, 0, sizeof *t);
}

void norm_text_release(struct norm_text *t)
{
	free(t->text);
	free(t->tok);
	free(t->words);
	memset(t, 0, sizeof *t);
}

void norm_words_init(struct norm_words *w, const lang *l)
{
	w->contractions = lang_list(l, "contractions");
	w->is_before_s = lang_list(l, "is_before_s");
	w->glue = lang_list(l, "glue");
	w->currency = lang_list(l, "currency");
	w->contractions_before_verb = lang_list(l, "contractions_before_verb");
	w->chat_forms = lang_list(l, "chat_forms");
	w->verbs_after = lang_list(l, "verbs_after_contraction");
}

/* Lowercase ASCII copy of a word of text, at most cap - 1 bytes. */
static size_t fold_word(const char *w, size_t len, char *out, size_t cap)
{
	size_t n = len < cap - 1 ? len : cap - 1;
	for (size_t i = 0; i < n; i++)
		out[i] = (char)(w[i] >= 'A' && w[i] <= 'Z' ? w[i] - 'A' + 'a' : w[i]);
	out[n] = '\0';
	return n;
}

static bool ascii_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* A word of text: [*at, *end) of ASCII letters, folded into out (cap
 * bytes); false at the end of text. A word glued to an apostrophe ("I'll")
 * is passed over. */
static bool next_word(const char *text, const char **at, const char **end, char *out, size_t cap)
{
	const char *p = *at;
	for (;;) {
		while (*p && !ascii_letter(*p))
			p++;
		if (!*p)
			return false;
		const char *e = p;
		while (ascii_letter(*e))
			e++;
		bool glued = (p > text && p[-1] == '\'') || *e == '\'';
		if (!glued) {
			fold_word(p, (size_t)(e - p), out, cap);
			*at = p;
			*end = e;
			return true;
		}
		p = e;
	}
}

char *norm_spell_out(const struct norm_words *nw, const char *text, unsigned what)
{
	if (!nw || !text)
		return NULL;
	struct buf b;
	buf_init(&b);
	const char *done = text; /* copied up to here */
	const char *p = text, *end;
	char w[16];
	while (next_word(text, &p, &end, w, sizeof w)) {
		size_t wn = strlen(w);
		const char *full = NULL;
		long x = (size_t)(end - p) < sizeof w && what & NORM_SPELL_CHAT
		                 ? lexicon_list_find(nw->chat_forms, w, wn)
		                 : -1;
		if (x >= 0)
			full = lexicon_list_value(nw->chat_forms, (size_t)x);
		x = !full && (size_t)(end - p) < sizeof w && what & NORM_SPELL_BEFORE_VERB
		            ? lexicon_list_find(nw->contractions_before_verb, w, wn)
		            : -1;
		if (x >= 0) {
			/* only where a verb follows, in the same sentence */
			const char *v_at = end, *v_end;
			char v[32];
			bool verb = next_word(text, &v_at, &v_end, v, sizeof v) &&
			            (size_t)(v_end - v_at) < sizeof v &&
			            strspn(end, " ") == (size_t)(v_at - end) &&
			            lexicon_list_has(nw->verbs_after, v, strlen(v));
			full = verb ? lexicon_list_value(nw->contractions_before_verb, (size_t)x) : NULL;
		}
		if (full) {
			buf_add(&b, done, (size_t)(p - done));
			buf_adds(&b, full);
			done = end;
		}
		p = end;
	}
	if (done == text) {
		buf_release(&b);
		return NULL;
	}
	buf_adds(&b, done);
	return buf_detach(&b);
}

void normalize(tokenizer *tk, const struct norm_words *nw, const char *in, size_t len,
               struct norm_text *t)
{
	t->nw = nw;
	struct raws rs;
	memset(&rs, 0, sizeof rs);
	buf_init(&rs.w);
	scan_input(tk, in ? in : "", in ? len : 0, &rs);

	t->n = 0;
	t->words_len = 0;
	for (size_t i = 0; i < rs.n; i++)
		push_raw(t, &rs.r[i], rs.w.s + rs.r[i].woff, in ? in : "");
	merge_numwords(t);
	mark_currencies(t);

	struct buf out;
	buf_init(&out);
	for (size_t i = 0; i < t->n; i++) {
		t->tok[i].text = t->words + (uintptr_t)t->tok[i].text;
		if (i)
			buf_addc(&out, ' ');
		buf_add(&out, t->tok[i].text, t->tok[i].len);
	}
	free(t->text);
	t->text = buf_detach(&out);
	free(rs.r);
	buf_release(&rs.w);
	t->nw = NULL;
}

