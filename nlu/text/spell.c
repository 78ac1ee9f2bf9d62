/*
 * spell.c: a BK-tree of words with an open-addressing hash for exact
 * lookups.
 *
 * In a BK-tree every child edge is labelled with the distance between the
 * child and its parent; by the triangle inequality, a query within k of the
 * target only needs the children whose label is within k of the distance
 * to the node. Children are kept as first-child / next-sibling links so a
 * node costs a few integers.
 */
#include "nlu/text/spell.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"

#define MAX_WORD 48
#define NONE UINT32_MAX

struct node {
	uint32_t offset;   /* of the word in s->text */
	uint8_t len;
	uint8_t edge;      /* distance to the parent */
	uint32_t child;    /* first child, NONE if none */
	uint32_t sibling;  /* next child of the parent */
	uint64_t freq;
};

struct spell {
	char *text;        /* all words, back to back */
	size_t text_len, text_cap;
	struct node *nodes;
	size_t n, cap;
	uint32_t *slots;   /* hash of word -> node index, NONE when empty */
	size_t n_slots;
};

spell *spell_new(void)
{
	spell *s = xcalloc(1, sizeof *s);
	s->n_slots = 64;
	s->slots = xmalloc(s->n_slots * sizeof *s->slots);
	memset(s->slots, 0xff, s->n_slots * sizeof *s->slots);
	return s;
}

void spell_free(spell *s)
{
	if (!s)
		return;
	free(s->text);
	free(s->nodes);
	free(s->slots);
	free(s);
}

size_t spell_size(const spell *s)
{
	return s->n;
}

static uint32_t hash_word(const char *w, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)w[i]) * 16777619u;
	return h;
}

static const char *word_of(const spell *s, const struct node *nd)
{
	return s->text + nd->offset;
}

/* The slot holding word, or the empty slot where it would go. */
static size_t find_slot(const spell *s, const char *w, size_t n)
{
	size_t mask = s->n_slots - 1;
	size_t i = hash_word(w, n) & mask;
	while (s->slots[i] != NONE) {
		const struct node *nd = &s->nodes[s->slots[i]];
		if (nd->len == n && !memcmp(word_of(s, nd), w, n))
			return i;
		i = (i + 1) & mask;
	}
	return i;
}

static void grow_slots(spell *s)
{
	size_t old_n = s->n_slots;
	uint32_t *old = s->slots;
	s->n_slots *= 2;
	s->slots = xmalloc(s->n_slots * sizeof *s->slots);
	memset(s->slots, 0xff, s->n_slots * sizeof *s->slots);
	for (size_t i = 0; i < old_n; i++) {
		if (old[i] == NONE)
			continue;
		const struct node *nd = &s->nodes[old[i]];
		s->slots[find_slot(s, word_of(s, nd), nd->len)] = old[i];
	}
	free(old);
}

uint64_t spell_freq(const spell *s, const char *word, size_t len)
{
	if (len == 0 || len > MAX_WORD)
		return 0;
	size_t i = find_slot(s, word, len);
	return s->slots[i] == NONE ? 0 : s->nodes[s->slots[i]].freq;
}

int spell_distance(const char *a, size_t an, const char *b, size_t bn, int max)
{
	if (an > MAX_WORD || bn > MAX_WORD)
		return max + 1;
	size_t diff = an > bn ? an - bn : bn - an;
	if (diff > (size_t)max)
		return max + 1;
	/* three rows of the dynamic programme: i-2, i-1 and i */
	int rows[3][MAX_WORD + 1];
	int *pp = rows[0], *prev = rows[1], *cur = rows[2];
	for (size_t j = 0; j <= bn; j++)
		prev[j] = (int)j;
	for (size_t i = 1; i <= an; i++) {
		cur[0] = (int)i;
		int row_min = cur[0];
		for (size_t j = 1; j <= bn; j++) {
			int cost = a[i - 1] == b[j - 1] ? 0 : 1;
			int v = prev[j - 1] + cost;
			if (prev[j] + 1 < v)
				v = prev[j] + 1;
			if (cur[j - 1] + 1 < v)
				v = cur[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    pp[j - 2] + 1 < v)
				v = pp[j - 2] + 1;
			cur[j] = v;
			if (v < row_min)
				row_min = v;
		}
		if (row_min > max)
			return max + 1;
		int *t = pp;
		pp = prev;
		prev = cur;
		cur = t;
	}
	return prev[bn] > max ? max + 1 : prev[bn];
}

/* The tree needs a distance with no cap; words are short. */
static int full_distance(const char *a, size_t an, const char *b, size_t bn)
{
	return spell_distance(a, an, b, bn, MAX_WORD);
}

void spell_add(spell *s, const char *word, size_t len, uint64_t freq)
{
	if (len == 0 || len > MAX_WORD)
		return;
	size_t slot = find_slot(s, word, len);
	if (s->slots[slot] != NONE) {
		s->nodes[s->slots[slot]].freq += freq;
		return;
	}
	s->text = xgrow(s->text, &s->text_cap, s->text_len + len, 1);
	uint32_t offset = (uint32_t)s->text_len;
	memcpy(s->text + s->text_len, word, len);
	s->text_len += len;
	s->nodes = xgrow(s->nodes, &s->cap, s->n + 1, sizeof *s->nodes);
	uint32_t id = (uint32_t)s->n++;
	struct node *nd = &s->nodes[id];
	*nd = (struct node){offset, (uint8_t)len, 0, NONE, NONE, freq};
	s->slots[slot] = id;
	if (s->n * 2 > s->n_slots)
		grow_slots(s);
	if (id == 0)
		return;
	/* walk down from the root to where the word belongs */
	uint32_t at = 0;
	for (;;) {
		const struct node *p = &s->nodes[at];
		int d = full_distance(word_of(s, p), p->len, word, len);
		uint32_t c = p->child;
		while (c != NONE && s->nodes[c].edge != d)
			c = s->nodes[c].sibling;
		if (c != NONE) {
			at = c;
			continue;
		}
		s->nodes[id].edge = (uint8_t)d;
		s->nodes[id].sibling = s->nodes[at].child;
		s->nodes[at].child = id;
		return;
	}
}

/* QWERTY rows; a row starts a quarter, then a half key further right. */
static const char *const rows[3] = {"qwertyuiop", "asdfghjkl", "zxcvbnm"};
static const double row_shift[3] = {0, 0.25, 0.75};

static bool key_at(char c, int *row, double *x)
{
	for (int r = 0; r < 3; r++) {
		const char *at = strchr(rows[r], c);
		if (c && at) {
			*row = r;
			*x = (double)(at - rows[r]) + row_shift[r];
			return true;
		}
	}
	return false;
}

/* Keys that touch: on one row, side by side; on neighbouring rows, within
 * a key's width. */
static bool adjacent_keys(char a, char b)
{
	int ra, rb;
	double xa, xb;
	if (a == b || !key_at(a, &ra, &xa) || !key_at(b, &rb, &xb))
		return false;
	double dx = xa > xb ? xa - xb : xb - xa;
	if (ra == rb)
		return dx <= 1.0;
	return (ra - rb == 1 || rb - ra == 1) && dx <= 1.0;
}

#define SLIP 0.5

double spell_cost(const char *a, size_t an, const char *b, size_t bn)
{
	if (an > MAX_WORD || bn > MAX_WORD)
		return (double)(an > bn ? an : bn);
	double d[MAX_WORD + 1][MAX_WORD + 1];
	for (size_t i = 0; i <= an; i++)
		d[i][0] = (double)i;
	for (size_t j = 0; j <= bn; j++)
		d[0][j] = (double)j;
	for (size_t i = 1; i <= an; i++) {
		for (size_t j = 1; j <= bn; j++) {
			char x = a[i - 1], y = b[j - 1];
			double sub = x == y ? 0 : adjacent_keys(x, y) ? SLIP : 1;
			/* a letter of a that b lacks: cheap beside its double */
			double del = (i > 1 && a[i - 2] == x) || (i < an && a[i] == x) ? SLIP : 1;
			double ins = (j > 1 && b[j - 2] == y) || (j < bn && b[j] == y) ? SLIP : 1;
			double v = d[i - 1][j - 1] + sub;
			if (d[i - 1][j] + del < v)
				v = d[i - 1][j] + del;
			if (d[i][j - 1] + ins < v)
				v = d[i][j - 1] + ins;
			if (i > 1 && j > 1 && x == b[j - 2] && a[i - 2] == y && d[i - 2][j - 2] + SLIP < v)
				v = d[i - 2][j - 2] + SLIP;
			d[i][j] = v;
		}
	}
	return d[an][bn];
}

static double score_of(const struct node *nd, double cost, bool same_first)
{
	return log((double)nd->freq + 1.0) - 4.6 * cost + (same_first ? 1.0 : 0.0);
}

/* The max best-scored candidates, sorted best first. */
struct ranked_set {
	struct spell_match *out;
	double *score;
	size_t n, max;
};

static void ranked_add(struct ranked_set *r, const struct node *nd, const char *word, int d,
                       double sc)
{
	size_t at = r->n;
	while (at > 0 && r->score[at - 1] < sc)
		at--;
	if (at >= r->max)
		return;
	size_t last = r->n < r->max ? r->n : r->max - 1;
	memmove(r->out + at + 1, r->out + at, (last - at) * sizeof *r->out);
	memmove(r->score + at + 1, r->score + at, (last - at) * sizeof *r->score);
	r->out[at] = (struct spell_match){word, nd->len, d, nd->freq};
	r->score[at] = sc;
	if (r->n < r->max)
		r->n++;
}

/* Walks the BK-tree for the words within max_distance of word that accept
 * takes (all when NULL), keeping the best in r. */
static void rank_near(const spell *s, const char *word, size_t len, int max_distance,
                      bool (*accept)(void *ctx, const char *word, size_t len), void *ctx,
                      struct ranked_set *r)
{
	if (s->n == 0 || len == 0 || len > MAX_WORD)
		return;
	if (max_distance > 2)
		max_distance = 2;
	if (max_distance < 1)
		return;
	size_t cap = 64, top = 0;
	uint32_t *stack = xmalloc(cap * sizeof *stack);
	stack[top++] = 0;
	while (top) {
		const struct node *nd = &s->nodes[stack[--top]];
		const char *w = word_of(s, nd);
		int d = spell_distance(w, nd->len, word, len, MAX_WORD);
		if (d >= 1 && d <= max_distance && (!accept || accept(ctx, w, nd->len)))
			ranked_add(r, nd, w, d,
			           score_of(nd, spell_cost(w, nd->len, word, len), w[0] == word[0]));
		for (uint32_t c = nd->child; c != NONE; c = s->nodes[c].sibling) {
			int e = s->nodes[c].edge;
			if (e < d - max_distance || e > d + max_distance)
				continue;
			stack = xgrow(stack, &cap, top + 1, sizeof *stack);
			stack[top++] = c;
		}
	}
	free(stack);
}

size_t spell_candidates(const spell *s, const char *word, size_t len, int max_distance,
                        struct spell_match *out, size_t max)
{
	if (max == 0)
		return 0;
	struct ranked_set r = {out, xcalloc(max, sizeof *r.score), 0, max};
	rank_near(s, word, len, max_distance, NULL, NULL, &r);
	free(r.score);
	return r.n;
}

bool spell_correct(const spell *s, const char *word, size_t len, int max_distance,
                   struct spell_match *out)
{
	return spell_correct_if(s, word, len, max_distance, NULL, NULL, out);
}

bool spell_correct_if(const spell *s, const char *word, size_t len, int max_distance,
                      bool (*accept)(void *ctx, const char *word, size_t len), void *ctx,
                      struct spell_match *out)
{
	double score;
	struct ranked_set r = {out, &score, 0, 1};
	rank_near(s, word, len, max_distance, accept, ctx, &r);
	return r.n == 1;
}
