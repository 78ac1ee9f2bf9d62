/*
 * sentiment.c: lexicon-based feedback sentiment (the model is described in
 * sentiment.h).
 */
#include "nlu/sentiment.h"

#include <ctype.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/xalloc.h"
#include "nlu/text/token.h"

#define MAX_PHRASE 5      /* longest phrase, in words */
#define NEGATION_REACH 3  /* a negator turns a sentiment word this many words on */
#define NEGATION_SCALE -0.6
#define CONTRAST_BEFORE 0.3
#define CONTRAST_AFTER 1.5
#define EXCLAIM_STEP 0.3
#define QUESTION_SCALE 0.5
#define SARCASM_MAX_WORDS 2
#define SQUASH 15.0
#define FUZZY_MIN_LEN 5

struct sentiment {
	const lexicon_list *words, *negators, *boosters, *contrast, *symbols, *shorthand, *question;
	const dictionary *dict;
	size_t *symbol_order; /* symbols, longest first */
	size_t n_symbols;
};

static const char *symbol_text(const sentiment *s, size_t k)
{
	return lexicon_list_at(s->symbols, s->symbol_order[k]);
}

static int by_length_desc(const void *a, const void *b, void *ctx);

sentiment *sentiment_new(const lang *pack, const dictionary *dict, char **err)
{
	const lexicon_list *words = lang_list(pack, "sentiment.words");
	if (!lexicon_list_size(words)) {
		if (err)
			*err = xstrdup("the language pack has no [sentiment.words]");
		return NULL;
	}
	sentiment *s = xcalloc(1, sizeof *s);
	s->words = words;
	s->negators = lang_list(pack, "sentiment.negators");
	s->boosters = lang_list(pack, "sentiment.boosters");
	s->contrast = lang_list(pack, "sentiment.contrast");
	s->symbols = lang_list(pack, "sentiment.symbols");
	s->shorthand = lang_list(pack, "sentiment.shorthand");
	s->question = lang_list(pack, "sentiment.question");
	s->dict = dict;
	s->n_symbols = lexicon_list_size(s->symbols);
	s->symbol_order = xcalloc(s->n_symbols + 1, sizeof *s->symbol_order);
	for (size_t i = 0; i < s->n_symbols; i++)
		s->symbol_order[i] = i;
	/* insertion sort: a handful of entries, and qsort has no context */
	for (size_t i = 1; i < s->n_symbols; i++)
		for (size_t j = i; j > 0 && by_length_desc(&s->symbol_order[j - 1],
		                                           &s->symbol_order[j], s) > 0; j--) {
			size_t t = s->symbol_order[j];
			s->symbol_order[j] = s->symbol_order[j - 1];
			s->symbol_order[j - 1] = t;
		}
	return s;
}

static int by_length_desc(const void *a, const void *b, void *ctx)
{
	const sentiment *s = ctx;
	size_t la = strlen(lexicon_list_at(s->symbols, *(const size_t *)a));
	size_t lb = strlen(lexicon_list_at(s->symbols, *(const size_t *)b));
	return la < lb ? 1 : la > lb ? -1 : 0;
}

void sentiment_free(sentiment *s)
{
	if (!s)
		return;
	free(s->symbol_order);
	free(s);
}

const char *sentiment_label_name(enum sentiment_label label)
{
	return label == SENTIMENT_POSITIVE ? "pos" : label == SENTIMENT_NEGATIVE ? "neg" : "neu";
}

/* ---- words ---- */

/* A word of the utterance, or a clause break (',', ';', '.', '?', '!'). */
struct word {
	char *text;
	bool brk;
};

struct words {
	struct word *w;
	size_t n, cap;
	int exclaims;
	bool question;
};

static void push(struct words *ws, char *text, bool brk)
{
	if (ws->n == ws->cap) {
		ws->cap = ws->cap ? ws->cap * 2 : 16;
		ws->w = xrealloc(ws->w, ws->cap * sizeof *ws->w);
	}
	ws->w[ws->n++] = (struct word){text, brk};
}

/* The lexicon value of entry i as a number (1 when it has none). */
static double value_at(const lexicon_list *l, long i)
{
	const char *v = lexicon_list_value(l, (size_t)i);
	return v ? strtod(v, NULL) : 1.0;
}

static bool known(const sentiment *s, const char *w, size_t len)
{
	return lexicon_list_has(s->words, w, len) || lexicon_list_has(s->negators, w, len) ||
	       lexicon_list_has(s->boosters, w, len) || lexicon_list_has(s->contrast, w, len);
}

/* "soooo" -> "soo", then "so": the first that the lists know, else the
 * word as typed. */
static char *squeeze(const sentiment *s, char *w)
{
	size_t len = strlen(w);
	if (known(s, w, len))
		return w;
	for (size_t keep = 2; keep >= 1; keep--) {
		char *t = xstrdup(w);
		size_t o = 0, run = 0;
		for (size_t i = 0; i < len; i++) {
			run = i && w[i] == w[i - 1] ? run + 1 : 1;
			if (run <= keep || !isalpha((unsigned char)w[i]))
				t[o++] = w[i];
		}
		t[o] = '\0';
		if (o < len && known(s, t, o)) {
			free(w);
			return t;
		}
		free(t);
	}
	return w;
}

/* Splits text (symbols already blanked) into folded words and breaks,
 * expanding shorthand into its words. */
static void split(const sentiment *s, const char *text, struct words *ws)
{
	char *f = token_fold(text, strlen(text));
	struct buf cur;
	buf_init(&cur);
	for (const char *p = f;; p++) {
		unsigned char c = (unsigned char)*p;
		if (isalnum(c) || c >= 0x80) {
			buf_addc(&cur, (char)c);
			continue;
		}
		if (c == '\'' && cur.len && isalpha((unsigned char)p[1]))
			continue; /* "don't" -> "dont" */
		if (cur.len) {
			char *w = squeeze(s, buf_detach(&cur));
			buf_init(&cur);
			long k = lexicon_list_find(s->shorthand, w, strlen(w));
			const char *full = k >= 0 ? lexicon_list_value(s->shorthand, (size_t)k) : NULL;
			if (full) {
				free(w);
				const char *q = full;
				while (*q) {
					size_t n = strcspn(q, " ");
					if (n)
						push(ws, xstrndup(q, n), false);
					q += n + (q[n] == ' ');
				}
			} else {
				push(ws, w, false);
			}
		}
		if (!c)
			break;
		if (c == '!')
			ws->exclaims++;
		if (c == ',' || c == ';' || c == '.' || c == '!' || c == '?' || c == ':')
			push(ws, NULL, true);
		if (c == '?')
			ws->question = true;
	}
	buf_release(&cur);
	free(f);
}

static void words_release(struct words *ws)
{
	for (size_t i = 0; i < ws->n; i++)
		free(ws->w[i].text);
	free(ws->w);
}

/* The longest entry of l that starts at word i (words joined by spaces,
 * never across a break); its length in words, 0 when none. *index gets
 * the entry's index. */
static size_t match(const lexicon_list *l, const struct words *ws, size_t i, long *index)
{
	struct buf b;
	buf_init(&b);
	size_t best = 0;
	for (size_t n = 1; n <= MAX_PHRASE && i + n <= ws->n && !ws->w[i + n - 1].brk; n++) {
		if (n > 1)
			buf_addc(&b, ' ');
		buf_adds(&b, ws->w[i + n - 1].text);
		long k = lexicon_list_find(l, b.s, b.len);
		if (k >= 0) {
			best = n;
			*index = k;
		}
	}
	buf_release(&b);
	return best;
}

/* Damerau distance of at most one between a and b. */
static bool one_edit(const char *a, size_t la, const char *b, size_t lb)
{
	if (la > lb)
		return one_edit(b, lb, a, la);
	if (lb - la > 1)
		return false;
	size_t i = 0;
	while (i < la && a[i] == b[i])
		i++;
	if (i == la)
		return true;
	if (la == lb) {
		if (!strncmp(a + i + 1, b + i + 1, la - i - 1))
			return true; /* substitution */
		return i + 1 < la && a[i] == b[i + 1] && a[i + 1] == b[i] &&
		       !strncmp(a + i + 2, b + i + 2, la - i - 2); /* transposition */
	}
	return !strncmp(a + i, b + i + 1, la - i); /* insertion into a */
}

/* The single-word lexicon entry a misspelt word stands for, or -1. */
static long fuzzy(const sentiment *s, const char *w)
{
	size_t len = strlen(w);
	if (len < FUZZY_MIN_LEN || known(s, w, len) || dictionary_has(s->dict, w, len))
		return -1;
	for (size_t i = 0; i < len; i++)
		if (!isalpha((unsigned char)w[i]))
			return -1;
	size_t n = lexicon_list_size(s->words);
	for (size_t i = 0; i < n; i++) {
		const char *e = lexicon_list_at(s->words, i);
		size_t le = strlen(e);
		if (le >= FUZZY_MIN_LEN && !strchr(e, ' ') && value_at(s->words, (long)i) != 0 &&
		    one_edit(w, len, e, le))
			return (long)i;
	}
	return -1;
}

/* ---- scoring ---- */

/* Emoticons and emoji: their valences added to *sum, each occurrence
 * blanked in the copy so its characters are not read as words. */
static char *read_symbols(const sentiment *s, const char *text, double *sum, size_t *hits)
{
	char *t = xstrdup(text);
	for (size_t k = 0; k < s->n_symbols; k++) {
		const char *sym = symbol_text(s, k);
		size_t n = strlen(sym);
		if (!n)
			continue;
		for (char *p = strstr(t, sym); p; p = strstr(p + n, sym)) {
			/* ":D" inside a word ("re:Do") is no emoticon */
			bool ascii = !((unsigned char)sym[0] & 0x80);
			if (ascii && ((p > t && isalnum((unsigned char)p[-1])) ||
			              (isalnum((unsigned char)sym[n - 1]) && isalnum((unsigned char)p[n]))))
				continue;
			*sum += value_at(s->symbols, (long)s->symbol_order[k]);
			(*hits)++;
			memset(p, ' ', n);
		}
	}
	return t;
}

void sentiment_score(const sentiment *s, const char *text, struct sentiment_result *out)
{
	memset(out, 0, sizeof *out);
	double sum = 0;
	char *rest = read_symbols(s, text ? text : "", &sum, &out->hits);
	struct words ws = {0};
	split(s, rest, &ws);
	free(rest);

	double *val = xcalloc(ws.n + 1, sizeof *val);
	bool *scored = xcalloc(ws.n + 1, sizeof *scored);
	double boost = 1.0;
	long negated_at = -1; /* word index of the last negator in this clause */
	size_t contrast = ws.n; /* the last contrast word */
	for (size_t i = 0; i < ws.n;) {
		if (ws.w[i].brk) {
			boost = 1.0;
			negated_at = -1;
			i++;
			continue;
		}
		long k = -1;
		size_t n = match(s->words, &ws, i, &k);
		if (!n && (k = fuzzy(s, ws.w[i].text)) >= 0)
			n = 1;
		if (n) {
			double v = value_at(s->words, k) * boost;
			if (negated_at >= 0 && (long)i - negated_at <= NEGATION_REACH)
				v *= NEGATION_SCALE;
			if (v != 0) {
				val[i] = v;
				scored[i] = true;
				out->hits++;
				boost = 1.0;
				negated_at = -1;
			}
			i += n;
			continue;
		}
		long b = -1;
		size_t nb = match(s->boosters, &ws, i, &b);
		if (nb) {
			boost *= value_at(s->boosters, b);
			i += nb;
			continue;
		}
		if (lexicon_list_has(s->negators, ws.w[i].text, strlen(ws.w[i].text)))
			negated_at = (long)i;
		else if (lexicon_list_has(s->contrast, ws.w[i].text, strlen(ws.w[i].text)))
			contrast = i;
		i++;
	}
	/* "oh great, another delay", "lovely, it arrived wet": praise of a
	 * word or two alone in its clause, before a complaint, is sarcasm */
	size_t first_break = 0;
	while (first_break < ws.n && !ws.w[first_break].brk)
		first_break++;
	double opening = 0, after = 0;
	for (size_t i = 0; i < ws.n; i++) {
		if (!scored[i])
			continue;
		double w = contrast == ws.n ? 1.0 : i < contrast ? CONTRAST_BEFORE : CONTRAST_AFTER;
		if (i < first_break)
			opening += val[i] * w;
		else
			after += val[i] * w;
	}
	if (first_break <= SARCASM_MAX_WORDS && first_break < ws.n && opening > 0 && after < 0)
		opening = -opening;
	sum += opening + after;
	/* "is it any good?" asks more than it says */
	if (ws.question && ws.n && !ws.w[0].brk &&
	    lexicon_list_has(s->question, ws.w[0].text, strlen(ws.w[0].text)))
		sum *= QUESTION_SCALE;
	if (sum != 0 && ws.exclaims) {
		int e = ws.exclaims > 3 ? 3 : ws.exclaims;
		sum += (sum > 0 ? 1 : -1) * EXCLAIM_STEP * e;
	}
	out->sum = sum;
	out->score = sum / sqrt(sum * sum + SQUASH);
	out->label = out->score >= SENTIMENT_THRESHOLD ? SENTIMENT_POSITIVE
	             : out->score <= -SENTIMENT_THRESHOLD ? SENTIMENT_NEGATIVE
	                                                   : SENTIMENT_NEUTRAL;
	free(val);
	free(scored);
	words_release(&ws);
}
