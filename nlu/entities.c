#include "nlu/entities.h"

#include <ctype.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/xalloc.h"
#include "nlu/text/ages.h"
#include "nlu/text/dictionary.h"
#include "nlu/text/lang.h"
#include "nlu/text/spell.h"
#include "nlu/text/stopwords.h"
#include "nlu/text/token.h"

/* ---- vocabularies ------------------------------------------------------ */

enum vtype { V_BRAND, V_CATEGORY, V_COLOR, V_MATERIAL, V_NTYPES };

struct ventry {
	char *canon;   /* as handed in (or the built-in spelling) */
	char **stems;  /* its words, folded and stemmed */
	size_t n;
	enum vtype type;
	size_t order;  /* position in the lists: earlier wins ties */
};

/* One word of one entry, for finding the entries a token may start. */
struct vkey {
	const char *stem;
	size_t entry;
	size_t pos;
};

struct phrase {
	const char *text;
	int kind;
};

/* A place name folded into words, for the gazetteers. */
struct gaz {
	const char *canon; /* borrowed from the language pack */
	char **words;
	size_t n;
};

/* A word that starts a phrase of the extractor's own tables, and which
 * tables (a bit each); looked up once per token instead of scanning. */
struct trig {
	char *word;
	unsigned mask;
	unsigned cls; /* enum word_class */
};

/* Vocabulary words by first byte, for typo look-ups. */
struct fuzzy {
	char **words;
	size_t n, cap;
	size_t start[257];
};

/* A phrase table of the pack: the sections named kinds[k] hold phrases of
 * kind k ("[price_before.max]"). */
struct phrases {
	struct phrase *p; /* texts borrowed from the pack */
	size_t n;
};

/* Words a shopper uses for the same name: groups of [names] in synonyms.txt. */
struct name_group {
	char **words;
	size_t n;
};

struct entities {
	const lang *lang;      /* borrowed */
	struct stopwords sw;
	struct norm_words nw;
	struct phrases price_ops, price_posts, named_sizes, sorts, comparatives, too_much,
	    size_before;
	struct name_group *groups;
	size_t n_groups;
	const lexicon_list *invoice_list; /* for invoice words with a typo */
	const lexicon_list *list_before;  /* words before a final "first" */
	const lexicon_list *owner_before; /* "her first flat": no list's */
	const lexicon_list *months;       /* month names => their numbers */
	const lexicon_list *money_words;  /* "tenner" => 10 */
	struct trig *trig;
	size_t n_trig;
	struct fuzzy fz;
	struct gaz *countries, *cities;
	size_t n_countries, n_cities;
	tokenizer *tk;
	struct ventry *v;
	size_t nv, capv;
	struct vkey *keys;
	size_t nkeys, capk;
	const dictionary *dict; /* ordinary words, never corrected (borrowed) */
	entities_known_fn known; /* the catalog's own words, or NULL */
	void *known_ctx;
};

static void ventry_release(struct ventry *v)
{
	free(v->canon);
	for (size_t i = 0; i < v->n; i++)
		free(v->stems[i]);
	free(v->stems);
}

/* qsort() for arrays that may be empty (and NULL, which qsort refuses). */
static void sort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	if (n > 1)
		qsort(base, n, size, cmp);
}

static int key_cmp(const void *a, const void *b)
{
	const struct vkey *x = a, *y = b;
	int c = strcmp(x->stem, y->stem);
	if (c)
		return c;
	return x->entry < y->entry ? -1 : x->entry > y->entry;
}

/* Drops marks a catalog puts in names ("Insignia™") before folding. */
static char *clean_name(const char *s)
{
	static const char *const marks[] = {"\xe2\x84\xa2", "\xc2\xae", "\xc2\xa9"};
	struct buf b;
	buf_init(&b);
	for (const char *p = s; *p;) {
		bool hit = false;
		for (size_t i = 0; i < sizeof marks / sizeof *marks; i++) {
			size_t n = strlen(marks[i]);
			if (!strncmp(p, marks[i], n)) {
				buf_addc(&b, ' ');
				p += n;
				hit = true;
				break;
			}
		}
		if (!hit)
			buf_addc(&b, *p++);
	}
	return buf_detach(&b);
}

static bool all_alpha_word(const char *w)
{
	for (; *w; w++)
		if (!((*w >= 'a' && *w <= 'z') || (unsigned char)*w >= 0x80))
			return false;
	return true;
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Sorts the typo words, drops repeats and indexes them by first byte. */
static void fuzzy_index(struct fuzzy *fz)
{
	sort(fz->words, fz->n, sizeof *fz->words, str_cmp);
	size_t w = 0;
	for (size_t r = 0; r < fz->n; r++) {
		if (w && !strcmp(fz->words[w - 1], fz->words[r]))
			free(fz->words[r]);
		else
			fz->words[w++] = fz->words[r];
	}
	fz->n = w;
	size_t k = 0;
	for (int c = 0; c <= 256; c++) {
		while (c < 256 && k < fz->n && (unsigned char)fz->words[k][0] < c)
			k++;
		fz->start[c] = c == 256 ? fz->n : k;
	}
}

/* The vocabulary word nearest to w (same first letter, within maxd edits
 * by the spell module's distance), or NULL. The first letter is kept
 * because typos rarely hit it and it bounds the words compared. */
static const char *fuzzy_find(const struct fuzzy *fz, const char *w, size_t n, int maxd)
{
	unsigned char c = (unsigned char)w[0];
	const char *best = NULL;
	int bestd = maxd + 1;
	for (size_t i = fz->start[c]; i < fz->start[c + 1]; i++) {
		size_t m = strlen(fz->words[i]);
		if (m + (size_t)maxd < n || n + (size_t)maxd < m)
			continue;
		int d = spell_distance(w, n, fz->words[i], m, maxd);
		if (d > 0 && d < bestd) {
			bestd = d;
			best = fz->words[i];
		}
	}
	return best;
}

static void push_entry(entities *e, struct ventry *v)
{
	e->v = xgrow(e->v, &e->capv, e->nv + 1, sizeof *e->v);
	e->v[e->nv++] = *v;
}

/* Orders entries by kind and words, then by position. */
static int ventry_cmp(const void *a, const void *b)
{
	const struct ventry *x = a, *y = b;
	if (x->type != y->type)
		return x->type < y->type ? -1 : 1;
	if (x->n != y->n)
		return x->n < y->n ? -1 : 1;
	for (size_t k = 0; k < x->n; k++) {
		int c = strcmp(x->stems[k], y->stems[k]);
		if (c)
			return c;
	}
	return x->order < y->order ? -1 : x->order > y->order;
}

static int order_cmp(const void *a, const void *b)
{
	const struct ventry *x = a, *y = b;
	return x->order < y->order ? -1 : x->order > y->order;
}

static bool same_words(const struct ventry *a, const struct ventry *b)
{
	if (a->type != b->type || a->n != b->n)
		return false;
	for (size_t k = 0; k < a->n; k++)
		if (strcmp(a->stems[k], b->stems[k]))
			return false;
	return true;
}

/* Drops repeated names (the same words and kind, written alike; a
 * built-in color the catalog also has), keeping the first, in O(n log n)
 * for large catalogs. Names whose words only stem alike ("Beds",
 * "Bedding") both stay: the one written as the shopper wrote wins. */
static void dedupe_entries(entities *e)
{
	sort(e->v, e->nv, sizeof *e->v, ventry_cmp);
	size_t w = 0;
	for (size_t r = 0; r < e->nv; r++) {
		if (w && same_words(&e->v[w - 1], &e->v[r]) &&
		    !strcasecmp(e->v[w - 1].canon, e->v[r].canon))
			ventry_release(&e->v[r]);
		else
			e->v[w++] = e->v[r];
	}
	e->nv = w;
	sort(e->v, e->nv, sizeof *e->v, order_cmp);
}

/* The key of a word: brands are names and match as written (stemming
 * would make "Withings" the word "with"); other names match by stem. */
static char *word_key(entities *e, enum vtype type, const char *w, size_t n)
{
	return type == V_BRAND ? xstrndup(w, n) : tokenizer_stem(e->tk, w, n);
}

static void add_entry(entities *e, const char *name, enum vtype type, struct norm_text *nt)
{
	if (!name || !*name)
		return;
	char *clean = clean_name(name);
	normalize(e->tk, &e->nw, clean, strlen(clean), nt);
	free(clean);
	struct ventry v = {0};
	v.type = type;
	v.order = e->nv;
	v.stems = xcalloc(nt->n ? nt->n : 1, sizeof *v.stems);
	struct buf joined;
	buf_init(&joined);
	for (size_t i = 0; i < nt->n; i++) {
		const char *w = nt->tok[i].text;
		/* "Cases & Clips" matches "cases and clips" */
		if (!strcmp(w, "&")) {
			v.stems[v.n++] = xstrdup("and");
			continue;
		}
		if (nt->tok[i].flags & NORM_SYMBOL)
			continue;
		/* "The North Face" is asked for as "north face" */
		if (v.n == 0 && !strcmp(w, "the") && i + 1 < nt->n)
			continue;
		v.stems[v.n++] = word_key(e, type, w, nt->tok[i].len);
		buf_add(&joined, w, nt->tok[i].len);
		if (all_alpha_word(w) && nt->tok[i].len >= 4) {
			e->fz.words = xgrow(e->fz.words, &e->fz.cap, e->fz.n + 1, sizeof *e->fz.words);
			e->fz.words[e->fz.n++] = xstrdup(w);
		}
	}
	if (v.n == 0 || v.n > 8) {
		ventry_release(&v);
		buf_release(&joined);
		return;
	}
	size_t nw = v.n;
	v.canon = xstrdup(name);
	push_entry(e, &v);
	/* "T-Shirts" is also written "tshirts", "Cell Phones" "cellphones" */
	if (nw >= 2 && nw <= 3 && joined.len >= 4) {
		struct ventry j = {0};
		j.type = type;
		j.order = e->nv;
		j.stems = xcalloc(1, sizeof *j.stems);
		j.stems[j.n++] = word_key(e, type, joined.s, joined.len);
		j.canon = xstrdup(name);
		push_entry(e, &j);
	}
	buf_release(&joined);
}

static void add_list(entities *e, const char *const *names, size_t n, enum vtype type,
                     struct norm_text *nt)
{
	for (size_t i = 0; i < n; i++)
		add_entry(e, names[i], type, nt);
}

/* The names of a section of the language pack. */
static void add_pack_list(entities *e, const char *section, enum vtype type,
                          struct norm_text *nt)
{
	const lexicon_list *l = lang_list(e->lang, section);
	for (size_t i = 0; i < lexicon_list_size(l); i++)
		add_entry(e, lexicon_list_at(l, i), type, nt);
}

static void clear_vocab(entities *e)
{
	for (size_t i = 0; i < e->nv; i++)
		ventry_release(&e->v[i]);
	e->nv = 0;
	e->nkeys = 0;
	for (size_t i = 0; i < e->fz.n; i++)
		free(e->fz.words[i]);
	e->fz.n = 0;
}

void entities_set_dictionary(entities *e, const dictionary *d)
{
	e->dict = d;
}

void entities_set_known(entities *e, entities_known_fn fn, void *ctx)
{
	e->known = fn;
	e->known_ctx = ctx;
}

void entities_set_vocab(entities *e, const struct nlu_vocab *v)
{
	struct norm_text nt;
	norm_text_init(&nt);
	clear_vocab(e);
	if (v) {
		add_list(e, v->brands, v->brands ? v->n_brands : 0, V_BRAND, &nt);
		add_list(e, v->categories, v->categories ? v->n_categories : 0, V_CATEGORY, &nt);
		add_list(e, v->colors, v->colors ? v->n_colors : 0, V_COLOR, &nt);
		add_list(e, v->materials, v->materials ? v->n_materials : 0, V_MATERIAL, &nt);
	}
	/* colors and materials every catalog shares */
	add_pack_list(e, "colors", V_COLOR, &nt);
	add_pack_list(e, "materials", V_MATERIAL, &nt);
	norm_text_release(&nt);
	dedupe_entries(e);
	for (size_t i = 0; i < e->nv; i++) {
		for (size_t k = 0; k < e->v[i].n; k++) {
			e->keys = xgrow(e->keys, &e->capk, e->nkeys + 1, sizeof *e->keys);
			e->keys[e->nkeys++] = (struct vkey){e->v[i].stems[k], i, k};
		}
	}
	sort(e->keys, e->nkeys, sizeof *e->keys, key_cmp);
	fuzzy_index(&e->fz);
}

static struct gaz *gaz_build(entities *e, const char *section, size_t *n_out)
{
	const lexicon_list *names = lang_list(e->lang, section);
	size_t n = lexicon_list_size(names);
	struct gaz *g = xcalloc(n ? n : 1, sizeof *g);
	struct norm_text nt;
	norm_text_init(&nt);
	for (size_t i = 0; i < n; i++) {
		const char *name = lexicon_list_at(names, i);
		normalize(e->tk, &e->nw, name, strlen(name), &nt);
		g[i].canon = name;
		g[i].words = xcalloc(nt.n ? nt.n : 1, sizeof *g[i].words);
		for (size_t k = 0; k < nt.n; k++)
			g[i].words[g[i].n++] = xstrdup(nt.tok[k].text);
	}
	norm_text_release(&nt);
	*n_out = n;
	return g;
}

static void gaz_free(struct gaz *g, size_t n)
{
	for (size_t i = 0; g && i < n; i++) {
		for (size_t k = 0; k < g[i].n; k++)
			free(g[i].words[k]);
		free(g[i].words);
	}
	free(g);
}

static void pack_build(entities *e);
static void trig_build(entities *e);

entities *entities_new(const lang *l)
{
	entities *e = xcalloc(1, sizeof *e);
	e->lang = l;
	stopwords_init(&e->sw, l);
	norm_words_init(&e->nw, l);
	e->tk = tokenizer_new("english", NULL);
	e->countries = gaz_build(e, "countries", &e->n_countries);
	e->cities = gaz_build(e, "cities", &e->n_cities);
	pack_build(e);
	trig_build(e);
	entities_set_vocab(e, NULL);
	return e;
}

void entities_free(entities *e)
{
	if (!e)
		return;
	for (size_t i = 0; i < e->nv; i++)
		ventry_release(&e->v[i]);
	free(e->v);
	free(e->keys);
	gaz_free(e->countries, e->n_countries);
	for (size_t i = 0; i < e->n_trig; i++)
		free(e->trig[i].word);
	free(e->trig);
	for (size_t i = 0; i < e->fz.n; i++)
		free(e->fz.words[i]);
	free(e->fz.words);
	gaz_free(e->cities, e->n_cities);
	struct phrases *tabs[] = {&e->price_ops, &e->price_posts, &e->named_sizes, &e->sorts,
	                          &e->comparatives, &e->too_much, &e->size_before};
	for (size_t i = 0; i < sizeof tabs / sizeof *tabs; i++)
		free(tabs[i]->p);
	for (size_t i = 0; i < e->n_groups; i++) {
		for (size_t k = 0; k < e->groups[i].n; k++)
			free(e->groups[i].words[k]);
		free(e->groups[i].words);
	}
	free(e->groups);
	tokenizer_free(e->tk);
	free(e);
}

tokenizer *entities_tokenizer(entities *e)
{
	return e->tk;
}

const struct norm_words *entities_norm_words(const entities *e)
{
	return &e->nw;
}

/* True when some key starts with w (stemming changes only word endings, so
 * a name joined from w and the next word would). */
static bool has_prefix(const entities *e, const char *w)
{
	size_t lo = 0, hi = e->nkeys, n = strlen(w);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(e->keys[mid].stem, w) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < e->nkeys && !strncmp(e->keys[lo].stem, w, n);
}

/* The first key whose stem is not below w (the keys are sorted). */
static size_t key_lower_bound(const entities *e, const char *w)
{
	size_t lo = 0, hi = e->nkeys;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(e->keys[mid].stem, w) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* First key with this stem, or nkeys. */
static size_t key_find(const entities *e, const char *stem)
{
	size_t lo = key_lower_bound(e, stem);
	return lo < e->nkeys && !strcmp(e->keys[lo].stem, stem) ? lo : e->nkeys;
}

/* ---- the working state of one extraction ---------------------------------- */

enum role {
	R_FREE,  /* not used by any entity yet */
	R_KEEP,  /* used, and still describes the product ("samsung", "64gb") */
	R_DROP,  /* used, and not product words ("under", "50", "second") */
};

struct ex {
	entities *e;
	const char *in;
	const struct norm_text *t;
	size_t n;
	unsigned char *role;
	unsigned *trig;         /* per token, the trigger mask of its word */
	unsigned *cls;          /* per token, its enum word_class bits */
	char **stem;            /* per token, for vocabulary matching */
	char **fix;             /* per token, the spelling correction or NULL */
	const char **surf;      /* per token, the word matched against brand names */
	bool *absorbed;         /* per token, joined into the word before ("otter box") */
	bool *branded;          /* per token, part of a brand's name ("Blue Buffalo") */
	struct nlu_entities *out;
	bool ctx_delivery, ctx_invoice, ctx_post, ctx_order, ctx_name;
	size_t had_at;          /* the first verb of having had an order, or n */
	int city_looks;         /* gazetteer look-ups for postcodes, bounded */
	size_t n_telling;       /* tokens for which telling() holds */
};

static const char *W(const struct ex *x, size_t i)
{
	return i < x->n ? x->t->tok[i].text : "";
}

static unsigned F(const struct ex *x, size_t i)
{
	return i < x->n ? x->t->tok[i].flags : 0;
}

static bool is(const struct ex *x, size_t i, const char *w)
{
	return i < x->n && !strcmp(x->t->tok[i].text, w);
}

static bool free_at(const struct ex *x, size_t i)
{
	return i < x->n && x->role[i] == R_FREE;
}

enum word_class {
	CL_delivery_words = 1u << 0,
	CL_invoice_words = 1u << 1,
	CL_order_words = 1u << 2,
	CL_post_words = 1u << 3,
	CL_name_words = 1u << 4,
	CL_not_list_words = 1u << 5,
	CL_referent_words = 1u << 6,
	CL_index_words = 1u << 7,
	CL_qty_verbs = 1u << 8,
	CL_qty_after = 1u << 9,
	CL_non_price_units = 1u << 10,
	CL_negators = 1u << 11,
	CL_negation_gap = 1u << 12,
	CL_refer_words = 1u << 13,
	CL_honorifics = 1u << 14,
	CL_place_preps = 1u << 15,
	CL_calendar_words = 1u << 16,
	CL_not_product_words = 1u << 17,
	CL_fits_words = 1u << 18,
	CL_phrase_ends = 1u << 19,
	CL_date_words = 1u << 20,
	CL_weekdays = 1u << 21,
	CL_date_units = 1u << 22,
	CL_date_before = 1u << 23,
	CL_date_after = 1u << 24,
	CL_date_cue = 1u << 25,
	CL_not_order = 1u << 26,
	CL_size_capacity = 1u << 27,
	CL_size_capacity_before = 1u << 28,
	CL_size_systems = 1u << 29,
	CL_qty_not_after = 1u << 30,
	CL_had_verbs = 1u << 31,
};

static unsigned word_cls(const entities *e, const char *w);

/* The pack's stop words (nlu/text/stopwords.h). */
static bool is_stop(const entities *e, const char *w)
{
	return stopwords_is(&e->sw, w);
}

static bool is_request(const entities *e, const char *w)
{
	return stopwords_is_request(&e->sw, w);
}

static bool is_protected(const entities *e, const char *w)
{
	return stopwords_is_protected(&e->sw, w);
}

/* Is w in the named word list? One look-up in the index of all lists. */
#define IN(set, w) ((word_cls(x->e, w) & CL_##set) != 0)
/* The same for token i, from the classes computed once per token. */
#define CLS(x, i, set) ((i) < (x)->n && ((x)->cls[i] & CL_##set) != 0)

static bool clause_start(const struct ex *x, size_t i);

/* "for a 4 year old", "she's turning 4", "my son is 6": the child's age;
 * its words are used up. */
static void find_age(struct ex *x)
{
	size_t start = 0, end = 0;
	int months = ages_of_child(x->in, strlen(x->in), &start, &end);
	if (months < 0)
		return;
	x->out->age_months = months;
	x->out->age_stage = end <= start;
	for (size_t i = 0; i < x->n && end > start; i++)
		if (x->t->tok[i].start >= start && x->t->tok[i].end <= end && free_at(x, i))
			x->role[i] = R_DROP;
}

/* Number of tokens of phrase ("less than") matched at i, all free and in
 * one clause ("first one, size 8" holds no "one size"); 0 if not. */
static size_t phrase_at(const struct ex *x, size_t i, const char *phrase)
{
	size_t k = 0;
	const char *p = phrase;
	while (*p) {
		const char *sp = strchr(p, ' ');
		size_t n = sp ? (size_t)(sp - p) : strlen(p);
		if (!free_at(x, i + k) || strlen(W(x, i + k)) != n || strncmp(W(x, i + k), p, n) ||
		    (k > 0 && clause_start(x, i + k)))
			return 0;
		k++;
		p += n;
		while (*p == ' ')
			p++;
	}
	return k;
}

/* Longest phrase of the table at i; its kind in *kind. bit is the table's
 * bit in the trigger index: a token that starts none of its phrases is
 * passed over without scanning the table. */
static size_t table_at(const struct ex *x, size_t i, const struct phrase *tab, size_t n,
                       unsigned bit, int *kind)
{
	if (i >= x->n || !(x->trig[i] & bit))
		return 0;
	size_t best = 0;
	for (size_t k = 0; k < n; k++) {
		size_t m = phrase_at(x, i, tab[k].text);
		if (m > best) {
			best = m;
			*kind = tab[k].kind;
		}
	}
	return best;
}

enum {
	TB_PRICE_OPS = 1, TB_PRICE_POSTS = 2, TB_SIZES = 4, TB_COMPARATIVES = 8, TB_SORTS = 16,
	TB_TOO_MUCH = 32, TB_SIZE_BEFORE = 64,
};

#define TABLE_AT(x, i, tab, bit, kind) table_at(x, i, (x)->e->tab.p, (x)->e->tab.n, bit, kind)

static void set_role(struct ex *x, size_t from, size_t n, enum role r)
{
	for (size_t i = from; i < from + n && i < x->n; i++)
		x->role[i] = (unsigned char)r;
}

static void set_str(char **dst, const char *s, size_t n)
{
	if (!*dst)
		*dst = xstrndup(s, n);
}

/* Sets *dst to s, or when it holds another value already, adds s to the
 * further values of the key ("black or red"). */
static void add_value(char **dst, struct nlu_more *more, const char *s, size_t n)
{
	if (!*dst) {
		*dst = xstrndup(s, n);
		return;
	}
	if (!more || (strlen(*dst) == n && !strncmp(*dst, s, n)))
		return;
	for (size_t i = 0; i < more->n; i++)
		if (strlen(more->v[i]) == n && !strncmp(more->v[i], s, n))
			return;
	if (more->n < NLU_MAX_MORE)
		more->v[more->n++] = xstrndup(s, n);
}

/* The input bytes of tokens [a, b], verbatim. */
static char *span(const struct ex *x, size_t a, size_t b)
{
	size_t s = x->t->tok[a].start, e = x->t->tok[b].end;
	return xstrndup(x->in + s, e > s ? e - s : 0);
}

static size_t digits_of(const char *w)
{
	size_t d = 0;
	for (; *w; w++)
		if (*w >= '0' && *w <= '9')
			d++;
	return d;
}

static bool all_digits(const char *w)
{
	if (!*w)
		return false;
	for (; *w; w++)
		if (*w < '0' || *w > '9')
			return false;
	return true;
}

static bool all_alpha(const char *w)
{
	if (!*w)
		return false;
	for (; *w; w++)
		if (!((*w >= 'a' && *w <= 'z') || (unsigned char)*w >= 0x80))
			return false;
	return true;
}

/* ---- context -------------------------------------------------------------- */

static void read_context(struct ex *x)
{
	x->had_at = x->n;
	for (size_t i = 0; i < x->n; i++) {
		if (CLS(x, i, had_verbs) && x->had_at == x->n)
			x->had_at = i;
		if (CLS(x, i, delivery_words))
			x->ctx_delivery = true;
		if (CLS(x, i, invoice_words))
			x->ctx_invoice = true;
		if (CLS(x, i, post_words) || (is(x, i, "post") && is(x, i + 1, "code")))
			x->ctx_post = true;
		if (CLS(x, i, order_words))
			x->ctx_order = true;
		if (CLS(x, i, name_words))
			x->ctx_name = true;
	}
}

/* ---- e-mail and postcodes ----------------------------------------------- */

static void find_emails(struct ex *x)
{
	for (size_t i = 0; i < x->n; i++) {
		if (F(x, i) & NORM_EMAIL) {
			set_str(&x->out->email, W(x, i), strlen(W(x, i)));
			x->role[i] = R_DROP;
		}
	}
}

static bool shape(const char *w, const char *pat)
{
	/* pat: 'a' a letter, '9' a digit, '?' a letter or digit */
	for (; *pat; pat++, w++) {
		char c = *w;
		bool letter = c >= 'a' && c <= 'z', digit = c >= '0' && c <= '9';
		if ((*pat == 'a' && !letter) || (*pat == '9' && !digit) ||
		    (*pat == '?' && !letter && !digit))
			return false;
	}
	return *w == '\0';
}

static void set_postcode(struct ex *x, size_t a, size_t b, const char *fmt_a, const char *fmt_b)
{
	char buf[32];
	snprintf(buf, sizeof buf, fmt_b ? "%s %s" : "%s", fmt_a, fmt_b ? fmt_b : "");
	for (char *p = buf; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	set_str(&x->out->postcode, buf, strlen(buf));
	set_role(x, a, b - a + 1, R_DROP);
}

/* A postal-code word within a few tokens before i (or right after). */
/* "ship to ...", "deliver to ...": a delivery word and a place word
 * right before i. */
static bool delivered_to(const struct ex *x, size_t i)
{
	return i >= 2 && CLS(x, i - 1, place_preps) && CLS(x, i - 2, delivery_words);
}

/* An order word within the two tokens before i: "order 50001, Sydney". */
static bool id_said(const struct ex *x, size_t i)
{
	for (size_t k = i > 2 ? i - 2 : 0; k < i; k++)
		if (CLS(x, k, order_words))
			return true;
	return false;
}

/* A postcode word before i ("postcode 60614", "zip is 90210"), or, when
 * after is true, right after it ("90210 is my zip") and no order word
 * before it: in "order 80006, postcode 60614" the order's number is not
 * the postcode. */
static bool post_near(const struct ex *x, size_t i, bool after)
{
	/* "do you deliver to 10115", "ship to 2000": the place delivered to */
	if (!after && delivered_to(x, i))
		return true;
	if (!after) {
		/* nearest first: an order word between them takes the number */
		for (size_t k = i; k-- > (i > 4 ? i - 4 : 0);) {
			if (CLS(x, k, order_words))
				return false;
			if (CLS(x, k, post_words) || is(x, k, "code"))
				return true;
		}
		return false;
	}
	for (size_t k = i > 2 ? i - 2 : 0; k < i; k++)
		if (CLS(x, k, order_words))
			return false;
	for (size_t k = i + 1; k < i + 4 && k < x->n; k++)
		if (CLS(x, k, post_words) || is(x, k, "code"))
			return true;
	return false;
}

static size_t gazetteer_at(const struct ex *x, size_t i, const struct gaz *g, size_t n,
                           const char **which);

/* A city of the gazetteer right before or after token i: "I'm in 2000,
 * Sydney", "Sydney 2000". */
static bool city_beside(struct ex *x, size_t i)
{
	const char *name;
	if (x->city_looks++ >= 8)
		return false; /* gazetteer look-ups are bounded per utterance */
	if (gazetteer_at(x, i + 1, x->e->cities, x->e->n_cities, &name))
		return true;
	for (size_t a = i > 3 ? i - 3 : 0; a < i; a++)
		if (gazetteer_at(x, a, x->e->cities, x->e->n_cities, &name) == i - a)
			return true;
	return false;
}

static void find_postcodes(struct ex *x)
{
	for (size_t i = 0; i < x->n && !x->out->postcode; i++) {
		if (!free_at(x, i))
			continue;
		const char *w = W(x, i), *nx = W(x, i + 1);
		bool upper = (F(x, i) & NORM_UPPER) && (!free_at(x, i + 1) || (F(x, i + 1) & NORM_UPPER));
		bool sure = upper || x->ctx_post || delivered_to(x, i);
		/* Canadian: A1A 1A1 */
		if (sure && shape(w, "a9a") && free_at(x, i + 1) && shape(nx, "9a9")) {
			set_postcode(x, i, i + 1, w, nx);
			continue;
		}
		if (sure && shape(w, "a9a9a9")) {
			char a[4] = {w[0], w[1], w[2], 0};
			set_postcode(x, i, i, a, w + 3);
			continue;
		}
		/* UK: outward code A9, A99, AA9, AA99, A9A, AA9A; inward 9AA */
		if (sure && free_at(x, i + 1) && shape(nx, "9aa") &&
		    (shape(w, "a9") || shape(w, "a99") || shape(w, "aa9") || shape(w, "aa99") ||
		     shape(w, "a9a") || shape(w, "aa9a"))) {
			set_postcode(x, i, i + 1, w, nx);
			continue;
		}
		/* US ZIP+4 */
		if ((F(x, i) & NORM_NUMBER) && shape(w, "99999") && free_at(x, i + 1) &&
		    (F(x, i + 1) & NORM_HYPHEN) && shape(nx, "9999")) {
			char buf[16];
			snprintf(buf, sizeof buf, "%s-%s", w, nx);
			set_str(&x->out->postcode, buf, strlen(buf));
			set_role(x, i, 2, R_DROP);
			continue;
		}
	}
	/* any 4-6 digits right next to "zip" or "postcode": after the word
	 * first, then before it */
	for (int after = 0; after < 2 && !x->out->postcode; after++) {
		for (size_t i = 0; i < x->n && !x->out->postcode; i++) {
			const char *w = W(x, i);
			if (free_at(x, i) && (F(x, i) & NORM_NUMBER) &&
			    !(F(x, i) & (NORM_MONEY | NORM_DECIMAL)) && all_digits(w) &&
			    strlen(w) >= 4 && strlen(w) <= 6 &&
			    (post_near(x, i, after) || (after && city_beside(x, i) && !id_said(x, i))))
				set_postcode(x, i, i, w, NULL);
		}
	}
}

static void find_stock(struct ex *x);

/* ---- dates ------------------------------------------------------------- */

/* The month named at i (1-12), or 0. */
static int month_at(const struct ex *x, size_t i)
{
	if (!free_at(x, i))
		return 0;
	long k = lexicon_list_find(x->e->months, W(x, i), strlen(W(x, i)));
	return k < 0 ? 0 : atoi(lexicon_list_value(x->e->months, (size_t)k));
}

/* A day of the month at i ("3rd", "24", "third"; not "three"), or 0. */
static int day_at(const struct ex *x, size_t i)
{
	unsigned f = F(x, i);
	if (!free_at(x, i) || !(f & (NORM_NUMBER | NORM_ORDINAL)) ||
	    (f & (NORM_MONEY | NORM_DECIMAL | NORM_HASH)) ||
	    ((f & NORM_NUMWORD) && !(f & NORM_ORDINAL)))
		return 0;
	double v = x->t->tok[i].number;
	return v >= 1 && v <= 31 && v == floor(v) ? (int)v : 0;
}

static bool is_year(const char *w);

/* A year written in four digits at i, or 0. */
static int year_at(const struct ex *x, size_t i)
{
	unsigned f = F(x, i);
	if (!free_at(x, i) || !(f & NORM_NUMBER) || (f & (NORM_MONEY | NORM_DECIMAL)) ||
	    !is_year(W(x, i)))
		return 0;
	return atoi(W(x, i));
}

/* Digits only, a whole number 1..max: a part of a numeric date. */
static int date_part(const struct ex *x, size_t i, int max)
{
	if (!free_at(x, i) || !all_digits(W(x, i)) || strlen(W(x, i)) > 2 ||
	    (F(x, i) & (NORM_MONEY | NORM_DECIMAL | NORM_HASH)))
		return 0;
	int v = atoi(W(x, i));
	return v >= 1 && v <= max ? v : 0;
}

static bool valid_day(int y, int m, int d)
{
	static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m < 1 || m > 12 || d < 1 || d > days[m - 1])
		return false;
	return !(m == 2 && d == 29 && y && (y % 4 || (y % 100 == 0 && y % 400)));
}

/* Sets the date (ISO, or "--MM-DD" without a year) read from tokens
 * [a, b]; they are used either way, a date that cannot be is no number of
 * anything else. */
static void set_date(struct ex *x, size_t a, size_t b, int y, int m, int d)
{
	if (valid_day(y, m, d)) {
		char buf[40]; /* room for any int, though valid_day() bounds them */
		if (y)
			snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
		else
			snprintf(buf, sizeof buf, "--%02d-%02d", m, d);
		set_str(&x->out->date, buf, strlen(buf));
	}
	set_role(x, a, b - a + 1, R_DROP);
}

/* "11/23", "18/11/2026": day and month read in the one order that can be
 * (a part over 12 is the day); both orders possible, no date. *m and *d
 * are 0 then. */
static void day_month(int p, int q, int *m, int *d)
{
	*m = *d = 0;
	if (p > 12 && q <= 12) {
		*d = p;
		*m = q;
	} else if (q > 12 && p <= 12) {
		*m = p;
		*d = q;
	} else if (p == q) {
		*m = *d = p;
	}
}

/* Numeric dates: "2026-11-21", "18/11/2026", "ordered 11/23". */
static bool numeric_date(struct ex *x, size_t i)
{
	int y = year_at(x, i), m, d;
	if (y && (F(x, i + 1) & NORM_HYPHEN) && (F(x, i + 2) & NORM_HYPHEN) &&
	    (m = date_part(x, i + 1, 12)) && (d = date_part(x, i + 2, 31))) {
		set_date(x, i, i + 2, y, m, d);
		return true;
	}
	int p = date_part(x, i, 31), q = date_part(x, i + 1, 31);
	if (!p || !q || !(F(x, i + 1) & NORM_SLASH))
		return false;
	day_month(p, q, &m, &d);
	if ((F(x, i + 2) & NORM_SLASH) && (y = year_at(x, i + 2))) {
		set_date(x, i, i + 2, y, m, d);
		return true;
	}
	/* without a year only where a date is expected: "24/7" is no date */
	if (i == 0 || !CLS(x, i - 1, date_cue) || (F(x, i + 2) & NORM_SLASH))
		return false;
	set_date(x, i, i + 1, 0, m, d);
	return true;
}

/* Dates with a month name: "March 3rd 2026", "Nov 18, 2026", "24
 * December", "1 Nov 2026", "the 3rd of March". */
static bool named_date(struct ex *x, size_t i)
{
	int m = month_at(x, i), d = 0;
	size_t j;
	if (m) {
		j = i + 1 + is(x, i + 1, "the");
		d = day_at(x, j);
	} else if ((d = day_at(x, i))) {
		j = i + 1 + is(x, i + 1, "of");
		m = month_at(x, j);
	}
	if (!m || !d)
		return false;
	int y = year_at(x, j + 1);
	set_date(x, i, y ? j + 1 : j, y, m, d);
	return true;
}

/* A count at i: a whole number, in digits or words, that is no money. */
static bool small_count(const struct ex *x, size_t i)
{
	unsigned f = F(x, i);
	if (!free_at(x, i) || !(f & NORM_NUMBER) || (f & (NORM_MONEY | NORM_DECIMAL)))
		return false;
	double v = x->t->tok[i].number;
	return v >= 1 && v <= 999 && v == floor(v);
}

/* The tokens [a, b] as a relative date, as written, lower-cased. */
static void set_relative(struct ex *x, size_t a, size_t b)
{
	char *s = span(x, a, b);
	for (char *p = s; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	set_str(&x->out->date_relative, s, strlen(s));
	free(s);
	set_role(x, a, b - a + 1, R_DROP);
}

/* "yesterday", "last tuesday", "next weekend", "4 days ago", "by friday"
 * (without its preposition). "next day delivery" names a speed of
 * delivery, not a date. */
static bool relative_date(struct ex *x, size_t i)
{
	if (CLS(x, i, date_before) && free_at(x, i + 1) &&
	    (CLS(x, i + 1, weekdays) || CLS(x, i + 1, date_units)) &&
	    !CLS(x, i + 2, delivery_words)) {
		set_relative(x, i, i + 1);
		return true;
	}
	if ((small_count(x, i) || is(x, i, "a") || is(x, i, "an")) && CLS(x, i + 1, date_units) &&
	    CLS(x, i + 2, date_after) && free_at(x, i + 1) && free_at(x, i + 2)) {
		set_relative(x, i, i + 2);
		return true;
	}
	if (CLS(x, i, date_words) || CLS(x, i, weekdays)) {
		set_relative(x, i, i);
		return true;
	}
	return false;
}

static void find_dates(struct ex *x)
{
	for (size_t i = 0; i < x->n; i++) {
		if (!free_at(x, i))
			continue;
		if (!numeric_date(x, i) && !named_date(x, i))
			relative_date(x, i);
	}
}

/* ---- prices ----------------------------------------------------------- */

enum { P_MAX = 1, P_MIN, P_APPROX, P_RANGE, P_FROM, P_BUDGET, P_BUDGET_MONEY };


/* The amount a word for money says ("tenner" => 10), or -1. */
static double money_word(const struct ex *x, size_t i)
{
	if (i >= x->n)
		return -1;
	long k = lexicon_list_find(x->e->money_words, W(x, i), strlen(W(x, i)));
	return k < 0 ? -1 : atof(lexicon_list_value(x->e->money_words, (size_t)k));
}

/* "120ish": a number glued to a word the pack says makes it approximate. */
static bool approx_suffix(const struct ex *x, size_t i)
{
	const char *sfx = W(x, i) + x->t->tok[i].suffix;
	const lexicon_list *l = lang_list(x->e->lang, "price_after.approx");
	return *sfx && lexicon_list_has(l, sfx, strlen(sfx));
}

/* A price at i: a number (a spelled "one" only with money), not followed by
 * a unit; *v is its value, *used the tokens read (a currency word after it
 * included). */
static bool price_num(struct ex *x, size_t i, double *v, size_t *used)
{
	unsigned f = F(x, i);
	if (!free_at(x, i))
		return false;
	const char *w = W(x, i);
	if (f & NORM_NUMBER) {
		if (!strcmp(w, "one") && !(f & NORM_MONEY))
			return false;
		*v = x->t->tok[i].number;
	} else if ((f & NORM_NUMPFX) && !strcmp(w + x->t->tok[i].suffix, "k")) {
		*v = x->t->tok[i].number * 1000;
	} else if ((f & NORM_NUMPFX) && approx_suffix(x, i)) {
		*v = x->t->tok[i].number; /* "120ish" */
	} else if (money_word(x, i) >= 0) {
		*v = money_word(x, i);
	} else {
		return false;
	}
	*used = 1;
	if (i + 1 < x->n && (F(x, i + 1) & NORM_CURRENCY)) {
		*used = 2;
	} else if (!(f & NORM_MONEY) && i + 1 < x->n && CLS(x, i + 1, non_price_units)) {
		return false;
	}
	if (*v < 0 || *v > 1e9)
		return false;
	if (f & NORM_MONEY)
		memcpy(x->out->currency, x->t->tok[i].currency, 4);
	return true;
}

static bool is_money(const struct ex *x, size_t i)
{
	return (F(x, i) & NORM_MONEY) || (i + 1 < x->n && (F(x, i + 1) & NORM_CURRENCY)) ||
	       money_word(x, i) >= 0;
}

static void set_bound(struct ex *x, int kind, double a, double b)
{
	struct nlu_entities *o = x->out;
	switch (kind) {
	case P_MAX: case P_BUDGET:
		o->price_max = a;
		break;
	case P_MIN:
		o->price_min = a;
		break;
	case P_APPROX:
		o->price_around = a;
		o->price_min = round(a * 80) / 100;
		o->price_max = round(a * 120) / 100;
		break;
	default:
		o->price_min = a < b ? a : b;
		o->price_max = a < b ? b : a;
		break;
	}
}

/* "X and Y", "X to Y", "X-Y" at i: the second number. */
static bool range_tail(struct ex *x, size_t i, size_t *j, double *v2, size_t *used2)
{
	size_t k = i;
	if (is(x, k, "and") || is(x, k, "to") || is(x, k, "and/or") || is(x, k, "through"))
		k++;
	else if (!(F(x, k) & NORM_HYPHEN))
		return false;
	if (!price_num(x, k, v2, used2))
		return false;
	*j = k;
	return true;
}

static bool price_prefix(struct ex *x, size_t i)
{
	int kind = 0;
	size_t m = TABLE_AT(x, i, price_ops, TB_PRICE_OPS, &kind);
	if (!m)
		return false;
	size_t j = i + m;
	bool approx = false;
	while (is(x, j, "a") || is(x, j, "the") || is(x, j, "like") || is(x, j, "about") ||
	       is(x, j, "around") || is(x, j, "of")) {
		approx |= is(x, j, "like") || is(x, j, "about") || is(x, j, "around");
		j++;
	}
	double v, v2;
	size_t used, used2, k;
	if (!price_num(x, j, &v, &used))
		return false;
	if (kind == P_RANGE || kind == P_FROM) {
		if (range_tail(x, j + used, &k, &v2, &used2)) {
			set_bound(x, P_RANGE, v, v2);
			set_role(x, i, k + used2 - i, R_DROP);
			return true;
		}
		if (kind == P_RANGE)
			return false;
		kind = P_MIN; /* "from $20" */
		if (!is_money(x, j))
			return false;
	}
	/* "for 2" is a quantity; "for $50", "budget 300" are budgets */
	if (kind == P_BUDGET_MONEY && !is_money(x, j))
		return false;
	if (kind == P_BUDGET_MONEY)
		kind = P_BUDGET;
	/* "for like 50 bucks", "spend about 100": an approximate price */
	if (kind == P_BUDGET && approx)
		kind = P_APPROX;
	set_bound(x, kind, v, 0);
	if (kind == P_BUDGET)
		x->out->amount = v;
	set_role(x, i, j + used - i, R_DROP);
	return true;
}

/* A bound said after a number without money ("60 maximum", "250 or
 * more") is a price when it ends the clause and no verb of buying asks
 * for the number: "2 or more tents", "add 3 or more" are counts. */
static bool bare_bound(const struct ex *x, size_t i, size_t after)
{
	if (i > 0 && CLS(x, i - 1, qty_verbs))
		return false;
	return after >= x->n || clause_start(x, after) || is_stop(x->e, W(x, after)) ||
	       is_request(x->e, W(x, after));
}

static bool price_bare(struct ex *x, size_t i, bool price_ctx)
{
	double v, v2;
	size_t used, used2, k;
	if (!price_num(x, i, &v, &used))
		return false;
	bool money = is_money(x, i);
	if (range_tail(x, i + used, &k, &v2, &used2) && (money || is_money(x, k) || price_ctx)) {
		set_bound(x, P_RANGE, v, v2);
		set_role(x, i, k + used2 - i, R_DROP);
		return true;
	}
	if ((F(x, i) & NORM_NUMPFX) && approx_suffix(x, i)) {
		set_bound(x, P_APPROX, v, 0);
		set_role(x, i, used, R_DROP);
		return true;
	}
	int kind = 0;
	size_t m = TABLE_AT(x, i + used, price_posts, TB_PRICE_POSTS, &kind);
	/* "iphone 7 plus", "galaxy s8 +": after a name, a number and "plus"
	 * are a model, not "$7 and up" */
	bool model = !money && !price_ctx && i > 0 && (is(x, i + used, "plus") || is(x, i + used, "+")) &&
	             all_alpha(W(x, i - 1)) && !is_stop(x->e, W(x, i - 1)) &&
	             !is_request(x->e, W(x, i - 1)) && !is_protected(x->e, W(x, i - 1));
	if (m && !model && (money || price_ctx || bare_bound(x, i, i + used + m))) {
		set_bound(x, kind, v, 0);
		set_role(x, i, used + m, R_DROP);
		return true;
	}
	if (money) {
		if (x->out->amount < 0)
			x->out->amount = v;
		set_role(x, i, used, R_DROP);
		return true;
	}
	return false;
}

/* Is the lower bound said at token at denied ("I don't want to spend
 * more than 30", "can't go over 50", "never anything above 40")? A "not"
 * a few words before it, in the same clause, makes it a ceiling; "I don't
 * mind spending over 50" keeps it a floor. */
static bool floor_denied(const struct ex *x, size_t at)
{
	for (size_t k = at, steps = 0; k-- > 0 && steps < 6; steps++) {
		if (is(x, k, "but") || is(x, k, "and") || clause_start(x, k + 1))
			return false;
		if (is(x, k, "not") || is(x, k, "never"))
			return !(is(x, k + 1, "mind") || is(x, k + 1, "care") || is(x, k + 1, "only") ||
			         is(x, k + 1, "just"));
	}
	return false;
}

static void find_prices(struct ex *x)
{
	bool price_ctx = false;
	for (size_t i = 0; i < x->n; i++)
		if (is(x, i, "price") || is(x, i, "priced") || is(x, i, "budget") ||
		    is(x, i, "cost") || is(x, i, "costs") || is(x, i, "range") || is(x, i, "spend"))
			price_ctx = true;
	size_t min_at = x->n;
	for (size_t i = 0; i < x->n; i++) {
		if (!free_at(x, i))
			continue;
		bool had_min = x->out->price_min >= 0;
		if (!price_prefix(x, i))
			price_bare(x, i, price_ctx);
		if (!had_min && x->out->price_min >= 0)
			min_at = i;
	}
	/* "anything above a hundred bucks is too much": a ceiling */
	struct nlu_entities *o = x->out;
	if (o->price_min < 0 || o->price_max >= 0 || o->price_around >= 0)
		return;
	if (floor_denied(x, min_at)) {
		o->price_max = o->price_min;
		o->price_min = -1;
		return;
	}
	for (size_t i = min_at + 1; i < x->n; i++) {
		int kind = 0;
		size_t m = TABLE_AT(x, i, too_much, TB_TOO_MUCH, &kind);
		if (m) {
			o->price_max = o->price_min;
			o->price_min = -1;
			set_role(x, i, m, R_DROP);
			return;
		}
	}
}

/* "4 stars and up", "over 4 stars", "rated 4+" */
static void find_rating(struct ex *x)
{
	for (size_t i = 0; i < x->n; i++) {
		if (!free_at(x, i) || !(F(x, i) & NORM_NUMBER) || (F(x, i) & NORM_MONEY))
			continue;
		double v = x->t->tok[i].number;
		if (v <= 0 || v > 5 || !strcmp(W(x, i), "one")) /* "the best rated one" */
			continue;
		/* "4+ stars": the plus before the word */
		size_t plus = is(x, i + 1, "+") && (is(x, i + 2, "star") || is(x, i + 2, "stars"));
		bool star = is(x, i + 1 + plus, "star") || is(x, i + 1 + plus, "stars");
		bool rated = i > 0 && (is(x, i - 1, "rated") || is(x, i - 1, "rating"));
		if (!star && !rated)
			continue;
		x->out->rating_min = v;
		set_role(x, i, 1 + plus, R_DROP);
		if (star)
			x->role[i + 1 + plus] = R_DROP;
		for (size_t k = i > 3 ? i - 3 : 0; k < i; k++)
			if (free_at(x, k) && (is(x, k, "over") || is(x, k, "above") || is(x, k, "least") ||
			                      is(x, k, "at") || is(x, k, "rated") || is(x, k, "rating") ||
			                      is(x, k, "than") || is(x, k, "more") || is(x, k, "with") ||
			                      is(x, k, "minimum")))
				x->role[k] = R_DROP;
		size_t k = i + 1 + plus + star;
		while (free_at(x, k) && (is(x, k, "and") || is(x, k, "or") || is(x, k, "up") ||
		                         is(x, k, "above") || is(x, k, "more") || is(x, k, "+") ||
		                         is(x, k, "plus") || is(x, k, "better")))
			x->role[k++] = R_DROP;
		return;
	}
}

/* ---- sizes ------------------------------------------------------------ */

struct unit {
	const char *word;
	const char *canon;
};

static const struct unit size_units[] = {
	{"gb", "gb"}, {"gig", "gb"}, {"gigs", "gb"}, {"tb", "tb"}, {"mb", "mb"},
	{"inch", " inch"}, {"inches", " inch"}, {"in", " inch"}, {"\"", " inch"},
	{"mm", "mm"}, {"cm", "cm"}, {"ft", " ft"}, {"feet", " ft"}, {"foot", " ft"},
	{"oz", " oz"}, {"ml", "ml"}, {"l", "l"}, {"liter", "l"}, {"liters", "l"},
	{"litre", "l"}, {"litres", "l"},
	{"lb", " lb"}, {"lbs", " lb"}, {"kg", "kg"}, {"mah", "mah"}, {"w", "w"},
	{"watt", "w"}, {"watts", "w"}, {"hz", "hz"}, {"mp", "mp"}, {"k", "k"},
	{"p", "p"}, {"xl", "xl"}, {"qt", " qt"}, {"quart", " qt"}, {"gallon", " gal"},
	{"gal", " gal"}, {"ghz", "ghz"}, {"tbs", "tb"}, {"gbs", "gb"},
	{"m", " m"}, {"meter", " m"}, {"meters", " m"}, {"metre", " m"}, {"metres", " m"},
	{"quarts", " qt"}, {"gallons", " gal"}, {"pint", " pt"}, {"pints", " pt"},
	{"cup", " cup"}, {"cups", " cup"}, {"pound", " lb"}, {"pounds", " lb"},
	{"ounce", " oz"}, {"ounces", " oz"},
};

static const struct unit *unit_find(const char *w)
{
	for (size_t i = 0; i < sizeof size_units / sizeof *size_units; i++)
		if (!strcmp(size_units[i].word, w))
			return &size_units[i];
	return NULL;
}

static void set_size(struct ex *x, double v, const char *canon)
{
	char buf[64];
	if (v == floor(v))
		snprintf(buf, sizeof buf, "%.0f%s", v, canon);
	else
		snprintf(buf, sizeof buf, "%g%s", v, canon);
	set_str(&x->out->size, buf, strlen(buf));
}

/* A size number at i: a whole or half number up to 60, no money. */
static bool size_number(const struct ex *x, size_t i)
{
	unsigned f = F(x, i);
	if (!free_at(x, i) || !(f & NORM_NUMBER) || (f & (NORM_MONEY | NORM_HASH)))
		return false;
	double v = x->t->tok[i].number;
	return v > 0 && v <= 60 && v * 2 == floor(v * 2);
}

/* A whole number at i that nothing else took, written in digits. */
static bool whole_digits(const struct ex *x, size_t i)
{
	unsigned f = F(x, i);
	return free_at(x, i) && (f & NORM_NUMBER) &&
	       !(f & (NORM_MONEY | NORM_HASH | NORM_DECIMAL | NORM_NUMWORD)) &&
	       x->t->tok[i].number == floor(x->t->tok[i].number);
}

/* A fraction at i as makers and shoppers write sizes: "1/2", "2-1/2",
 * "1 1/2", "9 1/2" (a numerator below a denominator of 2 to 64). The
 * tokens it takes, its value in *v; 0 if none. */
static size_t fraction_at(const struct ex *x, size_t i, double *v)
{
	size_t j = i;
	double whole = 0;
	if (whole_digits(x, i) && whole_digits(x, i + 1) && !(F(x, i + 1) & NORM_SLASH) &&
	    whole_digits(x, i + 2) && (F(x, i + 2) & NORM_SLASH)) {
		whole = x->t->tok[i].number;
		j = i + 1;
	}
	if (!whole_digits(x, j) || !whole_digits(x, j + 1) || !(F(x, j + 1) & NORM_SLASH))
		return 0;
	double a = x->t->tok[j].number, b = x->t->tok[j + 1].number;
	if (b < 2 || b > 64 || a < 1 || a >= b)
		return 0;
	*v = whole + a / b;
	return j + 2 - i;
}

/* "9 and a half" after the number at i: the tokens it takes (3), or 0. */
static size_t and_a_half(const struct ex *x, size_t i)
{
	return is(x, i + 1, "and") && is(x, i + 2, "a") && is(x, i + 3, "half") &&
	               free_at(x, i + 1) && free_at(x, i + 2) && free_at(x, i + 3)
	           ? 3
	           : 0;
}

/* The number at i as a size, with its half: "9", "9.5"; *used the tokens. */
static void size_value(const struct ex *x, size_t i, char *buf, size_t n, size_t *used)
{
	double v;
	size_t f = fraction_at(x, i, &v);
	if (f) {
		snprintf(buf, n, "%g", v);
		*used = f;
		return;
	}
	size_t h = and_a_half(x, i);
	if (h)
		snprintf(buf, n, "%g", x->t->tok[i].number + 0.5);
	else
		snprintf(buf, n, "%s", W(x, i));
	*used = 1 + h;
}

/* Sizes a word before or after a number makes: a capacity ("2 person
 * tent", "four-person", "sleeps 3" -> "N person"), a size system ("uk 8",
 * "eu 44"), a size a word for whom or "in a" announces ("men's 11", "in
 * a 10.5"). True when one was read at i. */
static bool size_by_word(struct ex *x, size_t i)
{
	char buf[64];
	size_t used;
	unsigned f = F(x, i);
	if ((f & NORM_NUMBER) && !(f & (NORM_MONEY | NORM_DECIMAL)) && free_at(x, i + 1) &&
	    CLS(x, i + 1, size_capacity) && x->t->tok[i].number >= 1 &&
	    x->t->tok[i].number <= 99) {
		snprintf(buf, sizeof buf, "%g person", x->t->tok[i].number);
		set_str(&x->out->size, buf, strlen(buf));
		set_role(x, i, 2, R_KEEP);
		return true;
	}
	if (CLS(x, i, size_capacity_before) && size_number(x, i + 1) &&
	    !(F(x, i + 1) & NORM_DECIMAL)) {
		snprintf(buf, sizeof buf, "%g person", x->t->tok[i + 1].number);
		set_str(&x->out->size, buf, strlen(buf));
		set_role(x, i, 2, R_KEEP);
		return true;
	}
	/* a system that is also a word ("us") only in capitals */
	if (CLS(x, i, size_systems) && size_number(x, i + 1) &&
	    (!is_stop(x->e, W(x, i)) || (f & NORM_UPPER))) {
		char v[32];
		size_value(x, i + 1, v, sizeof v, &used);
		snprintf(buf, sizeof buf, "%s %s", W(x, i), v);
		set_str(&x->out->size, buf, strlen(buf));
		set_role(x, i, 1 + used, R_DROP);
		return true;
	}
	int kind;
	size_t m = TABLE_AT(x, i, size_before, TB_SIZE_BEFORE, &kind);
	if (!m || !size_number(x, i + m) || CLS(x, i + m + 1, size_capacity) ||
	    CLS(x, i + m + 1, non_price_units))
		return false;
	/* "in a 10.5" only as the last word: "in a 2 pack" is no size */
	size_value(x, i + m, buf, sizeof buf, &used);
	size_t after = i + m + used;
	if (is_stop(x->e, W(x, i)) && after < x->n && all_alpha(W(x, after)) &&
	    !is_stop(x->e, W(x, after)) && !is_request(x->e, W(x, after)))
		return false;
	set_str(&x->out->size, buf, strlen(buf));
	set_role(x, i + m, used, R_DROP);
	return true;
}

static void find_sizes(struct ex *x)
{
	for (size_t i = 0; i < x->n && !x->out->size; i++) {
		if (!free_at(x, i))
			continue;
		if (size_by_word(x, i))
			continue;
		const struct norm_token *k = &x->t->tok[i];
		const struct unit *u;
		double v;
		size_t frac = fraction_at(x, i, &v);
		/* after a fraction "in" is the inch: "1/2 in drill" */
		if (frac && free_at(x, i + frac) && (u = unit_find(W(x, i + frac)))) {
			set_size(x, v, u->canon);
			/* the product words say the measure as one number */
			char num[32];
			snprintf(num, sizeof num, "%g", v);
			free(x->fix[i]);
			x->fix[i] = xstrdup(num);
			set_role(x, i, 1, R_KEEP);
			set_role(x, i + 1, frac - 1, R_DROP);
			set_role(x, i + frac, 1, R_KEEP);
			continue;
		}
		if ((k->flags & NORM_NUMPFX) && (u = unit_find(k->text + k->suffix))) {
			set_size(x, k->number, u->canon);
			x->role[i] = R_KEEP;
			continue;
		}
		if ((k->flags & NORM_NUMBER) && strcmp(k->text, "one") && free_at(x, i + 1) &&
		    (u = unit_find(W(x, i + 1))) && strcmp(W(x, i + 1), "in") &&
		    strcmp(W(x, i + 1), "l") && strcmp(W(x, i + 1), "p") && strcmp(W(x, i + 1), "w")) {
			set_size(x, k->number, u->canon);
			set_role(x, i, 2, R_KEEP);
			continue;
		}
		if ((is(x, i, "size") || is(x, i, "sized")) && free_at(x, i + 1)) {
			size_t j = i + 1;
			if (is(x, j, "of") || is(x, j, "is"))
				j++;
			if (free_at(x, j) && (F(x, j) & (NORM_NUMBER | NORM_NUMPFX) ||
			                      (strlen(W(x, j)) <= 4 && !is_stop(x->e, W(x, j))))) {
				int kind;
				size_t m = TABLE_AT(x, j, named_sizes, TB_SIZES, &kind);
				if (m) {
					char *s = span(x, j, j + m - 1);
					for (char *p = s; *p; p++)
						*p = (char)tolower((unsigned char)*p);
					set_str(&x->out->size, s, strlen(s));
					free(s);
					set_role(x, i, j + m - i, R_DROP);
				} else {
					char v[32];
					size_t used = 1;
					if (F(x, j) & NORM_NUMBER)
						size_value(x, j, v, sizeof v, &used);
					else
						snprintf(v, sizeof v, "%s", W(x, j));
					set_str(&x->out->size, v, strlen(v));
					set_role(x, i, j + used - i, R_DROP);
				}
				continue;
			}
		}
		int kind;
		size_t m = TABLE_AT(x, i, named_sizes, TB_SIZES, &kind);
		if (m) {
			struct buf b;
			buf_init(&b);
			for (size_t j = i; j < i + m; j++) {
				if (j > i)
					buf_addc(&b, ' ');
				buf_adds(&b, W(x, j));
			}
			set_str(&x->out->size, b.s, b.len);
			buf_release(&b);
			set_role(x, i, m, R_KEEP);
		}
	}
}

/* ---- order and invoice ids ------------------------------------------------ */

/* An invoice word, or one typo away from one ("invoce", "bil"). */
static bool invoice_word(const entities *e, const char *w)
{
	if (word_cls(e, w) & CL_invoice_words)
		return true;
	size_t n = strlen(w);
	if (n < 3 || !all_alpha(w) || is_stop(e, w))
		return false;
	for (size_t i = 0; i < lexicon_list_size(e->invoice_list); i++) {
		const char *iw = lexicon_list_at(e->invoice_list, i);
		size_t m = strlen(iw);
		if (spell_distance(w, n, iw, m, 1) <= 1 && (m >= 5 || n >= 3))
			return true;
	}
	return false;
}

/* The nearest context word before i (within 6 tokens): 'i' invoice,
 * 'o' order, 'n' a word naming another kind of number within 3 tokens
 * ("tracking", "phone number"), 0 none. An order word is nearer than a
 * word before it: "tracking order 7322..." is an order. */
static char id_context(const struct ex *x, size_t i)
{
	for (size_t k = i; k-- > 0 && i - k <= 6;) {
		/* "tracking 1Z...", "phone number 555..."; but "tracking order
		 * 7322..." tracks an order */
		bool other = CLS(x, k, not_order) ||
		             (CLS(x, k, index_words) && k > 0 && CLS(x, k - 1, not_order));
		if (other) {
			if (i - k <= 3)
				return 'n';
			continue;
		}
		if (invoice_word(x->e, W(x, k)))
			return 'i';
		if (CLS(x, k, order_words))
			return 'o';
	}
	return 0;
}

/* An order or invoice word announces the number at i. */
static bool id_announced(const struct ex *x, size_t i)
{
	char c = id_context(x, i);
	return c == 'o' || c == 'i';
}

static void set_id(struct ex *x, size_t a, size_t b, bool verbatim)
{
	char *s = verbatim ? span(x, a, b) : xstrdup(W(x, a));
	char *p = s;
	while (*p == '#')
		p++;
	if (id_context(x, a) == 'i')
		set_str(&x->out->invoice_id, p, strlen(p));
	else
		add_value(&x->out->order_id, &x->out->more_order_ids, p, strlen(p));
	free(s);
	set_role(x, a, b - a + 1, R_DROP);
}

static bool is_year(const char *w)
{
	if (strlen(w) != 4 || !all_digits(w))
		return false;
	int y = atoi(w);
	return y >= 1900 && y <= 2099;
}

/* A token that says something: not a stop, request, order or invoice word. */
static bool telling(const struct ex *x, size_t k)
{
	return !is_stop(x->e, W(x, k)) && !is_request(x->e, W(x, k)) &&
	       !CLS(x, k, order_words) && !CLS(x, k, invoice_words);
}

/* True when every other token is a stop or request word: "10422",
 * "order 10422", "it's 10422 please". n_telling is counted once per
 * utterance, so this is O(1). */
static bool alone_span(const struct ex *x, size_t a, size_t b)
{
	size_t in = 0;
	for (size_t k = a; k <= b && k < x->n; k++)
		in += telling(x, k);
	return x->n_telling == in;
}

static bool alone(const struct ex *x, size_t i)
{
	return alone_span(x, i, i);
}

/* "order732201349959": an id glued to the word that announces it. Returns
 * the offset of the digits, or 0. */
static size_t glued_id(const entities *e, const char *w)
{
	size_t a = 0;
	while (w[a] >= 'a' && w[a] <= 'z')
		a++;
	if (a < 3 || strlen(w + a) < 4 || !all_digits(w + a))
		return 0;
	char head[32];
	if (a >= sizeof head)
		return 0;
	memcpy(head, w, a);
	head[a] = '\0';
	return (word_cls(e, head) & CL_order_words) || invoice_word(e, head) ? a : 0;
}

/* "I got 2 bottles in 50001": a number after "in" or "from" where a verb
 * before it says the shopper has had an order. */
static bool had_order(const struct ex *x, size_t i)
{
	return i > 0 && (is(x, i - 1, "in") || is(x, i - 1, "from")) && x->had_at + 1 < i;
}

static void find_ids(struct ex *x)
{
	for (size_t i = 0; i < x->n; i++) {
		if (!free_at(x, i))
			continue;
		unsigned f = F(x, i);
		const char *w = W(x, i);
		size_t d = digits_of(w);
		if ((f & NORM_EMAIL) || d < 3)
			continue;
		/* "#10422", "#A1234" */
		if ((f & NORM_HASH) && !(f & NORM_MONEY)) {
			set_id(x, i, i, false);
			continue;
		}
		if (f & (NORM_MONEY | NORM_DECIMAL | NORM_NUMWORD | NORM_ORDINAL))
			continue;
		if (id_context(x, i) == 'n') {
			x->role[i] = R_DROP; /* a tracking or phone number */
			continue;
		}
		size_t g = (f & NORM_ALNUM) ? glued_id(x->e, w) : 0;
		if (g) {
			char head[32];
			memcpy(head, w, g);
			head[g] = '\0';
			char **dst = IN(order_words, head) ? &x->out->order_id : &x->out->invoice_id;
			set_str(dst, w + g, strlen(w + g));
			x->role[i] = R_DROP;
			continue;
		}
		/* "ord12345", "1z999aa10123456784"; but "wh1000xm4" is a model
		 * name unless an order word or nothing else is around */
		if ((f & NORM_ALNUM) && d >= 4 && !(f & NORM_NUMPFX)) {
			if (d >= 8 || id_announced(x, i) || alone(x, i))
				set_id(x, i, i, false);
			continue;
		}
		if (!(f & NORM_NUMBER) || !all_digits(w))
			continue;
		size_t len = strlen(w);
		if (i > 0 && len <= 4 && !id_announced(x, i) &&
		    (is(x, i - 1, "add") || is(x, i - 1, "buy") || is(x, i - 1, "take") ||
		     is(x, i - 1, "get") || is(x, i - 1, "want") || is(x, i - 1, "need") ||
		     is(x, i - 1, "purchase") || is(x, i - 1, "put") || is(x, i - 1, "grab")))
			continue; /* "add 1000" asks for a quantity */
		bool hyphen_chain = (f & NORM_HYPHEN) || (F(x, i + 1) & NORM_HYPHEN);
		if (len >= 6 && !hyphen_chain) {
			set_id(x, i, i, false);
			continue;
		}
		if (len < 4)
			continue;
		bool ctx = id_announced(x, i) || (len >= 5 && !is_year(w) && had_order(x, i));
		if ((ctx || alone(x, i)) && !(is_year(w) && !ctx) && !hyphen_chain)
			set_id(x, i, i, false);
		else if (len >= 6 && ctx)
			set_id(x, i, i, false);
	}
}

/* "ORD-12345", "AB-2024-0042": letters, then hyphen-joined parts with
 * digits. */
static void find_coded_ids(struct ex *x)
{
	for (size_t i = 0; i + 1 < x->n; i++) {
		const char *w = W(x, i);
		if (!free_at(x, i) || !all_alpha(w) || strlen(w) > 6 || !free_at(x, i + 1) ||
		    !(F(x, i + 1) & NORM_HYPHEN) || (F(x, i + 1) & NORM_MONEY))
			continue;
		/* "ORD-12345", "B-9001"; "WH-1000XM4" is a model unless asked as an order */
		const char *tail = W(x, i + 1);
		size_t d = digits_of(tail);
		bool ctx = id_announced(x, i);
		if (d < 3 || (d < 4 && !ctx) || (!all_digits(tail) && !ctx && !alone_span(x, i, i + 1)))
			continue;
		size_t j = i + 1;
		while (free_at(x, j + 1) && (F(x, j + 1) & NORM_HYPHEN) && !(F(x, j + 1) & NORM_MONEY))
			j++;
		set_id(x, i, j, true);
		i = j;
	}
}

/* ---- ordinals ---------------------------------------------------------- */

static void add_ordinal(struct ex *x, int v)
{
	struct nlu_entities *o = x->out;
	for (size_t i = 0; i < o->n_ordinals; i++)
		if (o->ordinals[i] == v)
			return;
	if (o->n_ordinals < NLU_MAX_ORDINALS)
		o->ordinals[o->n_ordinals++] = v;
}

static bool small_int(const struct ex *x, size_t i, int max)
{
	unsigned f = F(x, i);
	if (!free_at(x, i) || !(f & NORM_NUMBER) || (f & (NORM_MONEY | NORM_DECIMAL)))
		return false;
	double v = x->t->tok[i].number;
	return v >= 1 && v <= max && v == floor(v);
}

/* Drops "one"/"item" right after an ordinal word. */
static void drop_referent(struct ex *x, size_t i)
{
	if (free_at(x, i) && CLS(x, i, referent_words))
		x->role[i] = R_DROP;
}

/* "cheapest first", "newest first": an order of sorting, not the first
 * product. A final "first" or "last" after anything but a determiner. */
static bool sort_first(const struct ex *x, size_t i)
{
	if (i + 1 != x->n || i == 0 || (!is(x, i, "first") && !is(x, i, "last")))
		return false;
	return !lexicon_list_has(x->e->list_before, W(x, i - 1), strlen(W(x, i - 1)));
}

/* "delivered on the 5th", "since the 2nd": a day of the month, not a
 * position in the list ("from the 2nd one" is). */
static bool day_of_month(const struct ex *x, size_t i)
{
	return i >= 2 && is(x, i - 1, "the") && CLS(x, i - 2, date_cue) &&
	       !CLS(x, i + 1, referent_words) && x->t->tok[i].number <= 31;
}

/* "she moved into her first flat", "our first baby": an ordinal after
 * a possessive counts a life's events, not the shown list ("your first
 * one" is the list's: "your" is not among the words). */
static bool owned_ordinal(const struct ex *x, size_t i)
{
	return i > 0 && x->e->owner_before &&
	       lexicon_list_has(x->e->owner_before, W(x, i - 1), strlen(W(x, i - 1)));
}

/* Is the ordinal word at i part of a product's name with the word
 * before or after it ("add the but first coffee print", "do you have
 * first orchard")? Words of reference ("the first one") never are. */
static bool ordinal_in_name(const struct ex *x, size_t i)
{
	const struct entities *e = x->e;
	/* as written: the token of "first" reads 1 */
	const struct norm_token *o = &x->t->tok[i];
	char *ord = xstrndup(x->in + o->start, o->end - o->start);
	bool word = all_alpha(ord);
	if (!e->known || !word) {
		free(ord);
		return false;
	}
	for (int side = -1; side <= 1; side += 2) {
		if ((side < 0 && i == 0) || (side > 0 && i + 1 >= x->n))
			continue;
		size_t j = side < 0 ? i - 1 : i + 1;
		const char *w = W(x, j);
		if (!all_alpha(w) || (side > 0 && is_stop(e, w)) || CLS(x, j, referent_words) ||
		    CLS(x, j, not_list_words) || CLS(x, j, index_words) || is(x, j, "the") ||
		    is(x, j, "a") || is(x, j, "an"))
			continue;
		char *phrase = side < 0 ? xasprintf("%s %s", w, ord) : xasprintf("%s %s", ord, w);
		bool named = e->known(e->known_ctx, phrase);
		free(phrase);
		if (named) {
			free(ord);
			return true;
		}
	}
	free(ord);
	return false;
}

static void find_ordinals(struct ex *x)
{
	for (size_t i = 0; i < x->n; i++) {
		if (!free_at(x, i))
			continue;
		unsigned f = F(x, i);
		/* "first two", "top 3", "the first 2 ones" */
		if ((is(x, i, "first") || is(x, i, "top")) && small_int(x, i + 1, NLU_MAX_ORDINALS) &&
		    !CLS(x, i + 2, not_list_words)) {
			int nn = (int)x->t->tok[i + 1].number;
			for (int k = 1; k <= nn; k++)
				add_ordinal(x, k);
			set_role(x, i, 2, R_DROP);
			drop_referent(x, i + 2);
			continue;
		}
		if ((f & NORM_ORDINAL) && !CLS(x, i + 1, not_list_words) && !(F(x, i + 1) & NORM_HYPHEN) &&
		    !(i > 0 && is(x, i - 1, "at")) && !sort_first(x, i) && !day_of_month(x, i) &&
		    !ordinal_in_name(x, i) && !owned_ordinal(x, i)) {
			double v = x->t->tok[i].number;
			if (v >= 1 && v <= 100) {
				add_ordinal(x, (int)v);
				x->role[i] = R_DROP;
				drop_referent(x, i + 1);
			}
			continue;
		}
		if ((is(x, i, "last") || is(x, i, "final") || is(x, i, "bottom")) &&
		    !CLS(x, i + 1, not_list_words) && !(i > 0 && is(x, i - 1, "at")) &&
		    !sort_first(x, i)) {
			add_ordinal(x, NLU_ORDINAL_LAST);
			x->role[i] = R_DROP;
			drop_referent(x, i + 1);
			continue;
		}
		/* "the two cheapest", "3 best rated": the first N once sorted */
		if (small_int(x, i, NLU_MAX_ORDINALS) && (x->trig[i + 1 < x->n ? i + 1 : i] & TB_SORTS) &&
		    i + 1 < x->n) {
			int nn = (int)x->t->tok[i].number;
			for (int k = 1; k <= nn; k++)
				add_ordinal(x, k);
			x->role[i] = R_DROP;
			continue;
		}
		/* "the top one", "top pick": the first */
		if (is(x, i, "top") && CLS(x, i + 1, referent_words)) {
			add_ordinal(x, 1);
			set_role(x, i, 2, R_DROP);
			continue;
		}
		/* "#2" */
		if ((f & NORM_HASH) && small_int(x, i, 50)) {
			add_ordinal(x, (int)x->t->tok[i].number);
			x->role[i] = R_DROP;
			continue;
		}
		/* "number two", "option 3", "item #2" */
		if (CLS(x, i, index_words) && small_int(x, i + 1, 50)) {
			add_ordinal(x, (int)x->t->tok[i + 1].number);
			set_role(x, i, 2, R_DROP);
			continue;
		}
		/* "50001 and 50004 are both mine": both of the orders named */
		if (is(x, i, "both") && x->out->more_order_ids.n)
			continue;
		if (is(x, i, "both") || (is(x, i, "all") && (i + 1 == x->n || is(x, i + 1, "of") ||
		                                             is(x, i + 1, "them") || is(x, i + 1, "these") ||
		                                             is(x, i + 1, "those") ||
		                                             (F(x, i + 1) & NORM_NUMWORD) ||
		                                             (i > 0 && is(x, i - 1, "compare"))))) {
			add_ordinal(x, NLU_ORDINAL_ALL);
			x->role[i] = R_DROP;
			continue;
		}
		/* "2 of those": a quantity of the one in view, not all of them */
		bool counted = i >= 2 && is(x, i - 1, "of") && (F(x, i - 2) & NORM_NUMBER);
		if ((is(x, i, "these") || is(x, i, "those") || is(x, i, "them")) && !counted &&
		    (i + 1 == x->n || is(x, i + 1, "two") || is(x, i + 1, "2") || is(x, i + 1, "ones") ||
		     is(x, i + 1, "please") || is(x, i + 1, "items") || is(x, i + 1, "products") ||
		     is(x, i + 1, "options") || is(x, i + 1, "all"))) {
			add_ordinal(x, NLU_ORDINAL_ALL);
			x->role[i] = R_DROP;
			continue;
		}
		/* lists of small numbers: "compare 1 and 3", "1, 2 and 4", "2 vs 3" */
		if (small_int(x, i, 20)) {
			size_t j = i, count = 1;
			size_t ends[NLU_MAX_ORDINALS];
			ends[0] = i;
			for (;;) {
				size_t k = j + 1;
				if (is(x, k, "and") || is(x, k, "&") || is(x, k, "vs") || is(x, k, "versus") ||
				    is(x, k, "or") || is(x, k, "with") || is(x, k, "to") || is(x, k, "against"))
					k++;
				if (!small_int(x, k, 20) || (F(x, k) & NORM_HYPHEN) || count >= NLU_MAX_ORDINALS)
					break;
				ends[count++] = k;
				j = k;
			}
			if (count >= 2) {
				for (size_t c = 0; c < count; c++)
					add_ordinal(x, (int)x->t->tok[ends[c]].number);
				set_role(x, i, j + 1 - i, R_DROP);
				i = j;
			}
		}
	}
}

/* ---- quantities -------------------------------------------------------- */

/* A minus sign written right before the number: "add -3". */
static bool negative(const struct ex *x, size_t i)
{
	size_t at = x->t->tok[i].start;
	return at > 0 && x->in[at - 1] == '-' &&
	       (at == 1 || isspace((unsigned char)x->in[at - 2]));
}

/* Any whole number said as a quantity is kept as said, 0, negative or
 * absurd included: judging it is the dialogue's job, not a silent 1. */
static void set_qty(struct ex *x, size_t i, double v)
{
	if (!x->out->quantity_said && fabs(v) <= 1e6) {
		x->out->quantity = (int)(negative(x, i) ? -v : v);
		x->out->quantity_said = true;
	}
	x->role[i] = R_DROP;
}

/* Does token i start a clause: the first, or after a sentence end, a
 * comma, a colon or a semicolon? */
static bool clause_start(const struct ex *x, size_t i)
{
	if (i == 0 || (F(x, i) & NORM_SENTENCE))
		return true;
	for (size_t b = x->t->tok[i - 1].end; b < x->t->tok[i].start; b++)
		if (x->in[b] == ',' || x->in[b] == ':' || x->in[b] == ';')
			return true;
	return false;
}

static void find_quantity(struct ex *x)
{
	for (size_t i = 0; i < x->n && !x->out->quantity_said; i++) {
		if (!free_at(x, i))
			continue;
		const struct norm_token *k = &x->t->tok[i];
		if ((k->flags & NORM_NUMPFX) && !strcmp(k->text + k->suffix, "x")) {
			set_qty(x, i, k->number); /* "3x" */
			continue;
		}
		if ((k->flags & NORM_ALNUM) && k->text[0] == 'x' && all_digits(k->text + 1)) {
			set_qty(x, i, atof(k->text + 1)); /* "x3" */
			continue;
		}
		if ((is(x, i, "couple") && is(x, i + 1, "of")) || is(x, i, "pair") ||
		    is(x, i, "dozen")) {
			if (is(x, i, "pair"))
				continue;
			/* "half a dozen" */
			bool half = is(x, i, "dozen") && i >= 2 && is(x, i - 1, "a") &&
			            is(x, i - 2, "half") && free_at(x, i - 2);
			set_qty(x, i, is(x, i, "dozen") ? (half ? 6 : 12) : 2);
			if (half)
				x->role[i - 2] = R_DROP;
			if (i > 0 && is(x, i - 1, "a") && x->role[i - 1] == R_FREE)
				x->role[i - 1] = R_DROP;
			if (is(x, i + 1, "of"))
				x->role[i + 1] = R_DROP;
			continue;
		}
		if (!(k->flags & NORM_NUMBER) || (k->flags & (NORM_MONEY | NORM_DECIMAL)))
			continue;
		double v = k->number;
		const char *prev = i > 0 ? W(x, i - 1) : "";
		const char *next = W(x, i + 1);
		bool verb = (i > 0 && CLS(x, i - 1, qty_verbs)) ||
		            ((!strcmp(prev, "me") || !strcmp(prev, "it") || !strcmp(prev, "us") ||
		              !strcmp(prev, "to") || !strcmp(prev, "that") || !strcmp(prev, "them") ||
		              !strcmp(prev, "those")) &&
		             i > 1 && CLS(x, i - 2, qty_verbs));
		/* after a verb of buying any whole number is the quantity asked
		 * ("add 0", "add 1000"); elsewhere only a plausible one */
		if (v != floor(v) || (!verb && (v < 1 || v > 999)))
			continue;
		bool after = CLS(x, i + 1, qty_after);
		if (!strcmp(k->text, "one")) {
			/* "that one", "the second one", "another one" are pronouns */
			if ((!(verb && strcmp(prev, "to")) && !after) ||
			    (!strcmp(prev, "another") && !after))
				continue;
		}
		/* a number that starts a clause before a noun: "1 headlamp" in
		 * "ordered 11/23, 1 headlamp"; not after "at" or "on" (an
		 * address, a time) */
		bool lead = (clause_start(x, i) || is_stop(x->e, prev) || is_request(x->e, prev)) &&
		            !(i > 0 && CLS(x, i - 1, qty_not_after)) &&
		            free_at(x, i + 1) && all_alpha(next) && !is_stop(x->e, next) &&
		            !CLS(x, i + 1, non_price_units);
		if (verb || after || lead) {
			set_qty(x, i, v);
			/* "make that 3", "change the pesto to 2": the new quantity */
			for (size_t k = 0; k < i; k++)
				if (is(x, k, "make") || is(x, k, "change") || is(x, k, "set") ||
				    is(x, k, "update"))
					x->out->quantity_set = true;
			if (after && (is(x, i + 1, "x") || is(x, i + 1, "times") || is(x, i + 1, "of")))
				x->role[i + 1] = R_DROP;
		}
	}
}

/* ---- availability ------------------------------------------------------ */

/* "in stock only", "only what's available", "available now": a filter, not
 * product words. A question ("is it in stock?") sets it too; the dialogue
 * reads it as a filter only when it searches. */
static void find_stock(struct ex *x)
{
	for (size_t i = 0; i < x->n; i++) {
		if (!free_at(x, i))
			continue;
		size_t m = 0;
		if ((is(x, i, "in") && is(x, i + 1, "stock")) ||
		    (is(x, i, "available") && (is(x, i + 1, "now") || is(x, i + 1, "today"))))
			m = 2;
		else if (is(x, i, "instock") || (is(x, i, "available") && i > 0 && is(x, i - 1, "only")))
			m = 1;
		if (!m)
			continue;
		x->out->in_stock = true;
		set_role(x, i, m, R_DROP);
		if (i > 0 && free_at(x, i - 1) && is(x, i - 1, "only"))
			x->role[i - 1] = R_DROP;
		if (free_at(x, i + m) && is(x, i + m, "only"))
			x->role[i + m] = R_DROP;
	}
}

/* ---- sort and comparatives ------------------------------------------------ */

enum { CMP_CHEAPER = 1, CMP_PRICIER, CMP_OTHER };

static void find_sort(struct ex *x)
{
	for (size_t i = 0; i < x->n; i++) {
		if (!free_at(x, i))
			continue;
		int kind = 0;
		size_t m = TABLE_AT(x, i, comparatives, TB_COMPARATIVES, &kind);
		if (m) {
			if (kind == CMP_CHEAPER)
				x->out->comparative_cheaper = true;
			if (kind == CMP_PRICIER)
				x->out->comparative_pricier = true;
			if (!x->out->comparative) {
				struct buf b;
				buf_init(&b);
				buf_adds(&b, kind == CMP_CHEAPER ? "cheaper" : W(x, i));
				for (size_t j = i + 1; kind != CMP_CHEAPER && j < i + m; j++) {
					buf_addc(&b, ' ');
					buf_adds(&b, W(x, j));
				}
				x->out->comparative = buf_detach(&b);
			}
			set_role(x, i, m, R_DROP);
			if (free_at(x, i + m) && (is(x, i + m, "than") || is(x, i + m, "then")))
				x->role[i + m] = R_DROP;
			continue;
		}
		m = TABLE_AT(x, i, sorts, TB_SORTS, &kind);
		if (m) {
			if (x->out->sort == NLU_SORT_NONE)
				x->out->sort = (enum nlu_sort)kind;
			set_role(x, i, m, R_DROP);
			drop_referent(x, i + m);
		}
	}
}

/* ---- vocabulary matching --------------------------------------------------- */

static int trig_cmp(const void *a, const void *b)
{
	return strcmp(((const struct trig *)a)->word, ((const struct trig *)b)->word);
}

/* The trigger entry of word w, or NULL (a pack without lists has none). */
static const struct trig *trig_find(const entities *e, const char *w)
{
	struct trig key = {(char *)w, 0, 0};
	return e->n_trig ? bsearch(&key, e->trig, e->n_trig, sizeof *e->trig, trig_cmp) : NULL;
}

static unsigned trig_mask(const entities *e, const char *w)
{
	const struct trig *t = trig_find(e, w);
	return t ? t->mask : 0;
}

static unsigned word_cls(const entities *e, const char *w)
{
	const struct trig *t = trig_find(e, w);
	return t ? t->cls : 0;
}

/* Words the extractor reads itself; never spelling-corrected into a name. */
static bool own_word(const entities *e, const char *w)
{
	if (is_stop(e, w) || is_request(e, w) || is_protected(e, w) ||
	    trig_mask(e, w))
		return true;
	return (word_cls(e, w) & (CL_not_list_words | CL_order_words | CL_invoice_words |
	                          CL_delivery_words | CL_qty_verbs)) != 0;
}

static bool has_key(const entities *e, const char *stem)
{
	return stem && key_find(e, stem) < e->nkeys;
}

/* The one brand a word not in the dictionary begins ("alpen" for
 * Alpenglow), when it is at least half of the brand's first word; NULL
 * when none or several. Only with a dictionary: without one, any word may
 * be the start of a brand ("north"). */
static const char *brand_prefix(const entities *e, const char *w, size_t n)
{
	if (!e->dict)
		return NULL;
	size_t lo = key_lower_bound(e, w);
	const char *found = NULL;
	size_t entry = e->nv;
	for (size_t k = lo, tries = 0; k < e->nkeys && tries < 64 && !strncmp(e->keys[k].stem, w, n);
	     k++, tries++) {
		const struct ventry *v = &e->v[e->keys[k].entry];
		if (v->type != V_BRAND || e->keys[k].pos != 0)
			continue;
		if (found && strcmp(found, e->keys[k].stem))
			return NULL; /* two brands start so */
		if (entry != e->nv && strcmp(v->canon, e->v[entry].canon))
			return NULL;
		found = e->keys[k].stem;
		entry = e->keys[k].entry;
	}
	return found && strlen(found) <= 2 * n ? found : NULL;
}

/* May the short word at i (3 to 5 letters, no word of the dictionary) be
 * read as fixed? Into a color with a letter left out or doubled ("blu",
 * "gren": short words typed fast; a letter changed is too often another
 * word the dictionary lacks, "greek" for green), or into a word of a longer
 * name whose next word follows ("ceder & pine"). */
static bool short_fix(const struct ex *x, size_t i, const char *fixed)
{
	const entities *e = x->e;
	char *stem = tokenizer_stem(e->tk, fixed, strlen(fixed));
	const char *next = W(x, i + 1);
	char *next_stem = i + 1 < x->n ? tokenizer_stem(e->tk, next, strlen(next)) : NULL;
	if (i + 1 < x->n && !strcmp(next, "&"))
		next = "and";
	bool ok = false;
	for (int pass = 0; pass < 2 && !ok; pass++) {
		const char *key = pass ? stem : fixed;
		for (size_t k = key_find(e, key); k < e->nkeys && !strcmp(e->keys[k].stem, key) && !ok;
		     k++) {
			const struct ventry *v = &e->v[e->keys[k].entry];
			size_t pos = e->keys[k].pos;
			if (v->type == V_COLOR && v->n == 1 && strlen(fixed) != strlen(W(x, i)))
				ok = true;
			else if (pos + 1 < v->n && i + 1 < x->n &&
			         (!strcmp(v->stems[pos + 1], next) ||
			          (next_stem && !strcmp(v->stems[pos + 1], next_stem))))
				ok = true;
		}
	}
	free(stem);
	free(next_stem);
	return ok;
}

/* Stems of the tokens, with synonyms and spelling corrections applied where
 * the word itself names nothing. At most a fixed number of corrections per
 * utterance keeps a long input linear. */
static void prepare_stems(struct ex *x)
{
	entities *e = x->e;
	int fixes = 0;
	for (size_t i = 0; i < x->n; i++) {
		const struct norm_token *k = &x->t->tok[i];
		x->surf[i] = k->text;
		if (!strcmp(k->text, "&") && x->role[i] != R_DROP) {
			x->stem[i] = xstrdup("and");
			x->surf[i] = "and";
			continue;
		}
		if (x->role[i] == R_DROP || (k->flags & (NORM_SYMBOL | NORM_EMAIL)))
			continue;
		x->stem[i] = tokenizer_stem(e->tk, k->text, k->len);
		if (has_key(e, x->stem[i]) || has_key(e, k->text) || !all_alpha(k->text))
			continue;
		bool done = false;
		for (size_t g = 0; g < e->n_groups && !done; g++) {
			const struct name_group *grp = &e->groups[g];
			bool member = false;
			for (size_t m = 0; m < grp->n && !member; m++)
				member = !strcmp(grp->words[m], k->text);
			for (size_t m = 0; member && m < grp->n && !done; m++) {
				char *s = tokenizer_stem(e->tk, grp->words[m], strlen(grp->words[m]));
				if (has_key(e, s)) {
					free(x->stem[i]);
					x->stem[i] = s;
					done = true;
				} else {
					free(s);
				}
			}
		}
		/* "otter box" for "OtterBox": the word and the next one written as one */
		if (i + 1 < x->n && all_alpha(x->t->tok[i + 1].text) && x->role[i + 1] != R_DROP &&
		    has_prefix(e, k->text) && !is_stop(e, k->text)) {
			char *j = xasprintf("%s%s", k->text, x->t->tok[i + 1].text);
			char *js = tokenizer_stem(e->tk, j, strlen(j));
			if (has_key(e, j) || has_key(e, js)) {
				free(x->stem[i]);
				x->stem[i] = js;
				x->fix[i] = j;
				x->surf[i] = j;
				x->absorbed[i + 1] = true;
				i++;
				continue;
			}
			free(j);
			free(js);
		}
		/* Five letters and less are too often other real words one edit
		 * away ("print" and the brand "Prynt", "start" and "smart"):
		 * corrected only where a dictionary says they are no word, and
		 * only into what short_fix() allows. */
		if (done || fixes >= 32 || own_word(e, k->text) ||
		    dictionary_has(e->dict, k->text, k->len))
			continue;
		if (k->len < 6 && (!e->dict || k->len < 3 || is_stop(e, k->text)))
			continue;
		fixes++;
		const char *fixed = fuzzy_find(&e->fz, k->text, k->len, k->len >= 9 ? 2 : 1);
		if (fixed && k->len < 6 && !short_fix(x, i, fixed))
			fixed = NULL;
		if (!fixed && k->len >= 4 && !(e->known && e->known(e->known_ctx, k->text)))
			fixed = brand_prefix(e, k->text, k->len);
		if (fixed) {
			char *s = tokenizer_stem(e->tk, fixed, strlen(fixed));
			if (has_key(e, s) || has_key(e, fixed)) {
				free(x->stem[i]);
				x->stem[i] = s;
				x->fix[i] = xstrdup(fixed);
				x->surf[i] = x->fix[i];
			} else {
				free(s);
			}
		}
	}
}

/* Does entry v match tokens from i, from its word pos on? Returns how many
 * of its words matched (input symbols are skipped); *end gets the last
 * token. */
static size_t match_entry(const struct ex *x, const struct ventry *v, size_t pos, size_t i,
                          size_t *end, bool by_stem)
{
	size_t k = pos, j = i, matched = 0;
	while (k < v->n && j < x->n) {
		if (((F(x, j) & NORM_SYMBOL) && !x->stem[j]) || x->absorbed[j]) {
			if (x->absorbed[j] && k > pos)
				*end = j;
			j++;
			continue;
		}
		const char *key = by_stem ? x->stem[j] : x->surf[j];
		if (x->role[j] == R_DROP || !x->stem[j] || !key || strcmp(key, v->stems[k]))
			break;
		*end = j;
		matched++;
		k++;
		j++;
	}
	return matched;
}

struct vmatch {
	size_t entry;
	size_t end;
	size_t matched;
	bool whole;
	bool tied; /* a part of another name of the type fits as well */
};

/* True when stem is a word of some entry of another type than t ("case"
 * is in category names, so it does not start the brand "Case-Mate"). */
static bool stem_in_other_type(const entities *e, const char *stem, enum vtype t)
{
	for (size_t k = key_find(e, stem), tries = 0;
	     k < e->nkeys && tries < 64 && !strcmp(e->keys[k].stem, stem); k++, tries++)
		if (e->v[e->keys[k].entry].type != t)
			return true;
	return false;
}

/* Is the token the one word of name, as written or for a plural ("beds",
 * "Beds"; "bed", "Beds")? */
static bool written_as(const char *token, const char *name)
{
	size_t a = strlen(token), b = strlen(name);
	if (a == b)
		return !strcasecmp(token, name);
	if (a + 1 == b)
		return tolower((unsigned char)name[b - 1]) == 's' && !strncasecmp(token, name, a);
	if (b + 1 == a)
		return tolower((unsigned char)token[a - 1]) == 's' && !strncasecmp(token, name, b);
	return false;
}

/* The best entry of type t starting at token i: more words matched win,
 * then a whole name over part of one, then fewer words left unmatched, then
 * the earlier entry. A part must be a brand's first words (one word only
 * when no other kind of name uses it) or a category's last words or two
 * words or more of a category ("phone cases" in "Cell Phone Cases & Clips").
 * Colors and materials match whole. */
static bool best_match_key(const struct ex *x, size_t i, enum vtype t, const char *key,
                           bool by_stem, struct vmatch *best)
{
	const entities *e = x->e;
	bool found = false;
	size_t k = key_find(e, key);
	for (size_t tries = 0; k < e->nkeys && tries < 64 && !strcmp(e->keys[k].stem, key);
	     k++, tries++) {
		const struct ventry *v = &e->v[e->keys[k].entry];
		if (v->type != t)
			continue;
		size_t pos = e->keys[k].pos, end = i;
		size_t m = match_entry(x, v, pos, i, &end, by_stem);
		if (!m)
			continue;
		bool whole = pos == 0 && m == v->n;
		if (!whole) {
			/* colors and materials match whole: "gold" is not "rose gold" */
			bool brand_head = t == V_BRAND && pos == 0 &&
			                  (m >= 2 || !stem_in_other_type(e, x->stem[i], t));
			bool cat_part = t == V_CATEGORY && (pos + m == v->n || m >= 2);
			if (!brand_head && !cat_part)
				continue;
			if (m == 1 && strlen(x->t->tok[i].text) < 3)
				continue;
			/* "new" is not the start of "New Balance", "my" of "My Brand" */
			if (m == 1 && ((x->cls[i] & CL_not_product_words) || is_stop(x->e, W(x, i)) ||
			               is_request(x->e, W(x, i))))
				continue;
			/* "best rated" is not the brand "Best Buy" */
			if (own_word(x->e, x->t->tok[i].text))
				continue;
		}
		struct vmatch c = {e->keys[k].entry, end, m, whole, false};
		const struct ventry *bv = found ? &e->v[best->entry] : NULL;
		/* "lamps" is as much "Floor Lamps" as "Table Lamps" */
		bool tie = found && !c.whole && !best->whole && c.matched == best->matched &&
		           strcasecmp(v->canon, bv->canon);
		/* "beds" is "Beds" before "Bedding", though both stem to "bed" */
		bool as_written = whole && v->n == 1 && written_as(x->t->tok[i].text, v->canon);
		bool best_written = found && best->whole && bv->n == 1 &&
		                    written_as(x->t->tok[i].text, bv->canon);
		if (!found || c.matched > best->matched ||
		    (c.matched == best->matched &&
		     ((c.whole && !best->whole) || (as_written && !best_written) ||
		      (c.whole == best->whole && as_written == best_written &&
		       (v->n < bv->n || (v->n == bv->n && v->order < bv->order)))))) {
			c.tied = tie || (found && best->tied && c.matched == best->matched &&
			                 c.whole == best->whole);
			*best = c;
			found = true;
		} else if (tie) {
			best->tied = true;
		}
	}
	return found;
}

static bool best_match(const struct ex *x, size_t i, enum vtype t, struct vmatch *best)
{
	if (!x->stem[i] || x->role[i] == R_DROP)
		return false;
	if (t != V_BRAND)
		return best_match_key(x, i, t, x->stem[i], true, best);
	/* brands by the word as written, then by its stem ("levis", "Levi's") */
	return best_match_key(x, i, t, x->surf[i], false, best) ||
	       best_match_key(x, i, t, x->stem[i], true, best);
}

/* The negator governing token i, or x->n: within four tokens before it,
 * with only gap words between. "anything but samsung", "other than". */
static size_t negated(const struct ex *x, size_t i)
{
	for (size_t k = i, steps = 0; k-- > 0 && steps < 5; steps++) {
		const char *w = W(x, k);
		if (CLS(x, k, negators)) {
			if (!strcmp(w, "but") && !(k > 0 && (is(x, k - 1, "anything") ||
			                                     is(x, k - 1, "everything") || is(x, k - 1, "all"))))
				return x->n;
			if (!strcmp(w, "instead") && !is(x, k + 1, "of"))
				return x->n;
			return k;
		}
		if (is(x, k, "other") && is(x, k + 1, "than"))
			return k;
		if (!CLS(x, k, negation_gap) || x->role[k] == R_DROP)
			return x->n;
	}
	return x->n;
}

/* Is the name at tokens [i, end] the kind of product wanted? In English the
 * kind is the last noun of the phrase: "samsung galaxy s7 case" wants a
 * case, "laptop bag" a bag, "tv stand" a stand, so a category named before
 * another noun only describes it. A name after "for" or "with" is what the
 * product goes with. Model codes, numbers, stop words and words other
 * entities took may follow. */
static bool names_the_kind(const struct ex *x, size_t i, size_t end)
{
	for (size_t k = i, steps = 0; k-- > 0 && steps < 4; steps++) {
		if (CLS(x, k, fits_words))
			return false;
		if (x->role[k] == R_FREE && !is_stop(x->e, W(x, k)))
			break;
	}
	for (size_t k = end + 1; k < x->n; k++) {
		if (CLS(x, k, phrase_ends))
			return true;
		/* "eggs, best rated first": a sort order or a comparative said
		 * after the name is no noun of it */
		int kind = 0;
		if (x->role[k] == R_FREE && (TABLE_AT(x, k, sorts, TB_SORTS, &kind) ||
		                             TABLE_AT(x, k, comparatives, TB_COMPARATIVES, &kind)))
			return true;
		if (x->role[k] != R_FREE || x->absorbed[k])
			continue;
		const char *w = W(x, k);
		if (F(x, k) & (NORM_NUMBER | NORM_NUMPFX | NORM_ALNUM | NORM_MONEY | NORM_SYMBOL))
			continue;
		if (strlen(w) < 2 || !all_alpha(w) || is_stop(x->e, w) || is_request(x->e, w))
			continue;
		return false; /* another noun follows: it is the kind */
	}
	return true;
}

/* Are tokens [i, end] all function words ("on", "the one")? */
static bool function_word_span(const struct ex *x, size_t i, size_t end)
{
	for (size_t k = i; k <= end; k++)
		if (!is_stop(x->e, W(x, k)))
			return false;
	return true;
}

/* One pass per kind of name: a word may name a brand and be part of a
 * category ("samsung galaxy cases"). */
static void find_vocab_type(struct ex *x, enum vtype t)
{
	struct nlu_entities *o = x->out;
	for (size_t i = 0; i < x->n; i++) {
		if (x->role[i] == R_DROP)
			continue;
		/* "blue" of "Blue Buffalo" is the brand's, no colour */
		if ((t == V_COLOR || t == V_MATERIAL) && x->branded[i])
			continue;
		struct vmatch m = {0};
		if (!best_match(x, i, t, &m))
			continue;
		/* "clear the cart", "natural it is": a color word used as a verb or
		 * an adverb is followed by a determiner or a pronoun */
		if ((t == V_COLOR || t == V_MATERIAL) && m.end == i && free_at(x, i + 1) &&
		    (is(x, i + 1, "the") || is(x, i + 1, "my") || is(x, i + 1, "all") ||
		     is(x, i + 1, "it") || is(x, i + 1, "everything") || is(x, i + 1, "them") ||
		     is(x, i + 1, "this") || is(x, i + 1, "that") || is(x, i + 1, "out") ||
		     is(x, i + 1, "up") || is(x, i + 1, "your") || is(x, i + 1, "these")))
			continue;
		/* a brand spelled like a function word ("On") is a brand only when
		 * written as a name or named as one: "running shoes on sale" */
		if (t == V_BRAND && function_word_span(x, i, m.end) && !(F(x, i) & NORM_CAPITAL) &&
		    !(i > 0 && (is(x, i - 1, "by") || is(x, i - 1, "from") || is(x, i - 1, "brand") ||
		                is(x, i - 1, "only") || negated(x, i) < x->n)))
			continue;
		const struct ventry *v = &x->e->v[m.entry];
		while (m.end + 1 < x->n && x->absorbed[m.end + 1])
			m.end++;
		for (size_t k = i; t == V_BRAND && k <= m.end; k++)
			x->branded[k] = true;
		size_t neg = negated(x, i);
		char **dst;
		struct nlu_more *more = NULL;
		if (neg < x->n) {
			/* materials have no not_ field: "not leather" is "without leather" */
			dst = t == V_BRAND ? &o->not_brand : t == V_COLOR ? &o->not_color :
			      t == V_CATEGORY ? &o->not_category : NULL;
			more = t == V_BRAND ? &o->more_not_brands : t == V_COLOR ? &o->more_not_colors :
			       NULL;
			if (!dst || is(x, neg, "without") || is(x, neg, "minus")) {
				char *s = span(x, i, m.end);
				for (char *p = s; *p; p++)
					*p = (char)tolower((unsigned char)*p);
				set_str(&o->without, s, strlen(s));
				free(s);
			}
			o->negation = true;
			set_role(x, neg, m.end + 1 - neg, R_DROP);
		} else {
			dst = t == V_BRAND ? &o->brand : t == V_COLOR ? &o->color :
			      t == V_CATEGORY ? &o->category : &o->material;
			more = t == V_BRAND ? &o->more_brands : t == V_COLOR ? &o->more_colors : NULL;
			set_role(x, i, m.end + 1 - i, R_KEEP);
			/* a category that only describes the product stays words,
			 * and so does a word that ends several categories alike */
			if (t == V_CATEGORY && (m.tied || !names_the_kind(x, i, m.end)))
				dst = NULL;
		}
		if (dst)
			add_value(dst, more, v->canon, strlen(v->canon));
		i = m.end;
	}
}

static void find_vocab(struct ex *x)
{
	for (int t = 0; t < V_NTYPES; t++)
		find_vocab_type(x, (enum vtype)t);
}

/* ---- what to stay clear of ------------------------------------------------- */

/* Can token i name what to stay clear of: a free content word? */
static bool avoid_word(const struct ex *x, size_t i)
{
	return free_at(x, i) && all_alpha(W(x, i)) && !is_stop(x->e, W(x, i)) &&
	       !CLS(x, i, negators) && !is_protected(x->e, W(x, i)) && !is_request(x->e, W(x, i)) &&
	       !CLS(x, i, refer_words);
}

/* Tokens [a, b) as one value of without. */
static void add_without(struct ex *x, size_t a, size_t b)
{
	struct buf w;
	buf_init(&w);
	for (size_t k = a; k < b; k++) {
		if (k > a)
			buf_addc(&w, ' ');
		buf_adds(&w, W(x, k));
	}
	add_value(&x->out->without, &x->out->more_without, w.s, w.len);
	buf_release(&w);
	x->out->negation = true;
}

/* The longest phrase of the list at i; 0 if none. */
static size_t list_phrase_at(const struct ex *x, size_t i, const lexicon_list *l)
{
	size_t best = 0;
	for (size_t k = 0; k < lexicon_list_size(l); k++) {
		size_t m = phrase_at(x, i, lexicon_list_at(l, k));
		if (m > best)
			best = m;
	}
	return best;
}

/* What the products must be without, said as a need: "allergic to soy",
 * "free from dairy or nuts" ([avoid_before]), "a peanut allergy",
 * "lactose intolerant" ([avoid_after]): the words are no product words.
 * "caffeine free", "nut-free" ([free_of] before "free") stay product words
 * as well, as shops write them ("Caffeine-Free Pre-Workout"). */
static void find_avoid(struct ex *x)
{
	const lexicon_list *before = lang_list(x->e->lang, "avoid_before");
	const lexicon_list *after = lang_list(x->e->lang, "avoid_after");
	const lexicon_list *free_of = lang_list(x->e->lang, "free_of");
	bool need = false; /* said as a need, not as "caffeine free" */
	for (size_t i = 0; i < x->n; i++) {
		if (!free_at(x, i))
			continue;
		size_t m = list_phrase_at(x, i, before);
		if (m) {
			size_t j = i + m;
			while (free_at(x, j) && (is(x, j, "a") || is(x, j, "an") || is(x, j, "the") ||
			                         is(x, j, "any")))
				j++;
			/* "free from gluten", not "free of charge": after "free" only
			 * a thing of [free_of] */
			if (is(x, i, "free") && !lexicon_list_has(free_of, W(x, j), strlen(W(x, j))))
				continue;
			/* a list: "nuts and soy", "dairy or gluten" */
			size_t end = j;
			for (size_t a = j; avoid_word(x, a) && !clause_start(x, a);) {
				size_t b = a;
				while (b < a + 2 && avoid_word(x, b) && (b == a || !clause_start(x, b)))
					b++;
				add_without(x, a, b);
				end = b;
				if (!(is(x, b, "and") || is(x, b, "or")) || !free_at(x, b) || clause_start(x, b))
					break;
				a = b + 1;
			}
			if (end > j) {
				set_role(x, i, end - i, R_DROP);
				i = end - 1;
				need = true;
			}
			continue;
		}
		if (i > 0 && avoid_word(x, i - 1) && !clause_start(x, i) &&
		    lexicon_list_has(after, W(x, i), strlen(W(x, i)))) {
			add_without(x, i - 1, i);
			set_role(x, i - 1, 2, R_DROP);
			need = true;
			continue;
		}
		if (i > 0 && is(x, i, "free") && free_at(x, i - 1) && !clause_start(x, i) &&
		    lexicon_list_has(free_of, W(x, i - 1), strlen(W(x, i - 1))))
			add_without(x, i - 1, i);
	}
	/* "what protein bars are safe", said with the need */
	const lexicon_list *suits = lang_list(x->e->lang, "avoid_suits");
	for (size_t i = 0; need && i < x->n; i++)
		if (free_at(x, i) && lexicon_list_has(suits, W(x, i), strlen(W(x, i))))
			x->role[i] = R_DROP;
}

/* ---- negation and "without" -------------------------------------------------- */

/* A negator written as a prefix of the word after it ([negator_prefixes]:
 * "non stick", "non-slip", "non alcoholic") is part of what is asked for,
 * as products write it ("Non-Stick Frying Pan"), not a denial of it. */
static bool prefixes_next(const struct ex *x, size_t i)
{
	return i + 1 < x->n && free_at(x, i + 1) && all_alpha(W(x, i + 1)) &&
	       !is_stop(x->e, W(x, i + 1)) &&
	       lexicon_list_has(lang_list(x->e->lang, "negator_prefixes"), W(x, i), strlen(W(x, i)));
}


/* "with" under a "not" a few words back ("I don't want anything with
 * wool", "nothing with nuts", "never with plastic"): without. */
static bool with_denied(const struct ex *x, size_t i)
{
	if (!is(x, i, "with"))
		return false;
	for (size_t k = i, steps = 0; k-- > 0 && steps < 5; steps++) {
		if (clause_start(x, k + 1) && k + 1 < i)
			return false;
		if (is(x, k, "not") || is(x, k, "never") || is(x, k, "nothing"))
			return true;
		if (!(is(x, k, "want") || is(x, k, "need") || is(x, k, "like") || is(x, k, "anything") ||
		      is(x, k, "something") || is(x, k, "any") || is(x, k, "one") || is(x, k, "ones") ||
		      is(x, k, "made") || is(x, k, "do") || is(x, k, "does") || is(x, k, "i") ||
		      is(x, k, "please")))
			return false;
	}
	return false;
}

static void find_negation(struct ex *x)
{
	struct nlu_entities *o = x->out;
	if (x->n && (is(x, 0, "no") || is(x, 0, "nope") || is(x, 0, "nah") || is(x, 0, "not") ||
	             is(x, 0, "neither") || is(x, 0, "none")))
		o->negation = true;
	for (size_t i = 0; i < x->n; i++) {
		if (!free_at(x, i))
			continue;
		/* "without nuts", "no leather", and a sentence or clause that
		 * starts with "not" ("not the laser", "a craft kit, not slime
		 * please", "but not the rope one") */
		bool without = is(x, i, "without") || is(x, i, "minus") || with_denied(x, i) ||
		               (is(x, i, "no") && i > 0 && !is(x, i - 1, "do")) ||
		               (is(x, i, "not") &&
		                (clause_start(x, i) || (i > 0 && is(x, i - 1, "but")))) ||
		               (i == 0 && is(x, i, "no") && i + 1 < x->n &&
		                !lexicon_list_has(lang_list(x->e->lang, "no_replies"), W(x, i + 1),
		                                  strlen(W(x, i + 1))));
		if (without && i + 1 < x->n) {
			size_t j = i + 1;
			while (free_at(x, j) && (is(x, j, "a") || is(x, j, "an") || is(x, j, "the") ||
			                         is(x, j, "any")))
				j++;
			size_t a = j;
			while (free_at(x, j) && j < a + 3 && all_alpha(W(x, j)) && !is_stop(x->e, W(x, j)) &&
			       !CLS(x, j, negators) && !is_protected(x->e, W(x, j)) &&
			       !is_request(x->e, W(x, j)) && !CLS(x, j, refer_words))
				j++;
			if (j > a && (is(x, i, "without") || is(x, i, "minus") || !CLS(x, a, refer_words))) {
				struct buf b;
				buf_init(&b);
				for (size_t k = a; k < j; k++) {
					if (k > a)
						buf_addc(&b, ' ');
					buf_adds(&b, W(x, k));
				}
				set_str(&o->without, b.s, b.len);
				buf_release(&b);
				o->negation = true;
				set_role(x, i, j - i, R_DROP);
				i = j - 1;
				continue;
			}
		}
		if (CLS(x, i, negators)) {
			for (size_t k = i + 1; k < x->n && k <= i + 3; k++) {
				if (CLS(x, k, refer_words) || (F(x, k) & NORM_ORDINAL) ||
				    (x->role[k] == R_DROP && x->out->n_ordinals)) {
					o->negation = true;
					x->role[i] = R_DROP;
					break;
				}
			}
		}
	}
}

/* ---- places and people ----------------------------------------------------- */

/* The longest gazetteer name at i (folded, multi-word); tokens used. */
static size_t gazetteer_at(const struct ex *x, size_t i, const struct gaz *g, size_t n,
                           const char **which)
{
	size_t best = 0;
	for (size_t k = 0; k < n; k++) {
		size_t j = 0;
		while (j < g[k].n && free_at(x, i + j) && !strcmp(W(x, i + j), g[k].words[j]))
			j++;
		if (j == g[k].n && j > best) {
			best = j;
			*which = g[k].canon;
		}
	}
	return best;
}

static bool place_context(const struct ex *x, size_t i)
{
	return i > 0 && CLS(x, i - 1, place_preps);
}

static bool capitalized_word(const struct ex *x, size_t i)
{
	return free_at(x, i) && (F(x, i) & NORM_CAPITAL) && all_alpha(W(x, i)) &&
	       !own_word(x->e, W(x, i)) && !CLS(x, i, honorifics) && !CLS(x, i, calendar_words);
}

static void find_places_people(struct ex *x)
{
	struct nlu_entities *o = x->out;
	size_t checked = 0;
	for (size_t i = 0; i < x->n; i++) {
		if (!free_at(x, i) || !all_alpha(W(x, i)))
			continue;
		const char *w = W(x, i);
		/* "Mr. Smith", "ms hawkings" */
		if (CLS(x, i, honorifics) && free_at(x, i + 1) && all_alpha(W(x, i + 1)) &&
		    !is_stop(x->e, W(x, i + 1))) {
			size_t j = i + 1;
			if (capitalized_word(x, j + 1) && !(F(x, j + 1) & NORM_SENTENCE))
				j++;
			char *s = span(x, i, j);
			set_str(&o->person_name, s, strlen(s));
			free(s);
			set_role(x, i, j - i + 1, R_DROP);
			i = j;
			continue;
		}
		bool cap = (F(x, i) & NORM_CAPITAL) && !(F(x, i) & NORM_SENTENCE);
		bool prep = place_context(x, i);
		if (!cap && !prep)
			continue;
		if (checked++ > 16)
			break; /* gazetteer look-ups are bounded per utterance */
		const char *name = NULL;
		size_t m = gazetteer_at(x, i, x->e->countries, x->e->n_countries, &name);
		/* "US" and "America" only as written with capitals */
		if (m && (cap || (prep && strcmp(w, "us")))) {
			if (!strcmp(name, "US") || !strcmp(name, "America") || !strcmp(name, "United States"))
				name = !strcmp(name, "America") || !strcmp(name, "US") ? "USA" : name;
			set_str(&o->country, name, strlen(name));
			set_role(x, i, m, R_DROP);
			i += m - 1;
			continue;
		}
		m = gazetteer_at(x, i, x->e->cities, x->e->n_cities, &name);
		if (m && (prep || x->ctx_delivery)) {
			char *s = span(x, i, i + m - 1);
			set_str(&o->city, s, strlen(s));
			free(s);
			set_role(x, i, m, R_DROP);
			i += m - 1;
			continue;
		}
		if (!capitalized_word(x, i))
			continue;
		size_t j = i;
		while (j + 1 < x->n && j < i + 2 && capitalized_word(x, j + 1))
			j++;
		/* without a preposition only a full name where names are asked for
		 * ("bill ffrom Anna Freeman": typos hit prepositions too) */
		if (!prep && !(j > i && x->ctx_name && cap)) {
			i = j;
			continue;
		}
		char *s = span(x, i, j);
		bool person = x->ctx_name || (j > i && !x->ctx_delivery);
		if (person)
			set_str(&o->person_name, s, strlen(s));
		else if (x->ctx_delivery)
			set_str(&o->city, s, strlen(s));
		free(s);
		if (person || x->ctx_delivery)
			set_role(x, i, j - i + 1, R_DROP);
		i = j;
	}
}

/* ---- what is left ------------------------------------------------------- */

/* "somthing cheaper": a word no dictionary or catalog knows, one slip from
 * a long function word, is that word. Only with a dictionary to say it is
 * no word. */
static bool slip_of_stop(const struct ex *x, size_t i)
{
	const char *w = W(x, i);
	return x->e->dict && !x->fix[i] && all_alpha(w) &&
	       !dictionary_has(x->e->dict, w, strlen(w)) && !has_key(x->e, x->stem[i]) &&
	       !has_key(x->e, w) && stopwords_near(&x->e->sw, w);
}

/* "type c", "type a": a function word before a lone letter or digit that
 * names a kind with it ("usb type c") is the product's; the search decides
 * whether the catalog writes them so. */
static bool designated(const struct ex *x, size_t i)
{
	if (i + 1 >= x->n || x->role[i + 1] != R_FREE || !is_stop(x->e, W(x, i)))
		return false;
	const char *next = W(x, i + 1);
	return strlen(next) == 1 && isalnum((unsigned char)*next) && !is_stop(x->e, next) &&
	       strspn(W(x, i), "abcdefghijklmnopqrstuvwxyz") == strlen(W(x, i)) &&
	       strlen(W(x, i)) >= 3;
}

/* "a watering can for my plants": a function word that also names a
 * thing ([noun_too]) and ends what is asked for (a function word follows,
 * or nothing) is the product's when products' names write it right after
 * the word before it. */
static bool stop_ends_name(const struct ex *x, size_t i)
{
	if (!x->e->known || i == 0 || !is_stop(x->e, W(x, i)) ||
	    !stopwords_may_name(&x->e->sw, W(x, i)) || x->role[i - 1] == R_DROP ||
	    !all_alpha(W(x, i)) || !all_alpha(W(x, i - 1)) || is_stop(x->e, W(x, i - 1)) ||
	    is_request(x->e, W(x, i - 1)) || (i + 1 < x->n && !is_stop(x->e, W(x, i + 1))))
		return false;
	char *phrase = xasprintf("%s %s", W(x, i - 1), W(x, i));
	bool named = x->e->known(x->e->known_ctx, phrase);
	free(phrase);
	return named;
}

/* "i also need a thank you card": a word never left for a search by
 * itself ([not_product]: "thank") that starts a name with the words after
 * it, as products' names write them ("Thank You Card"), is the name's.
 * The index past the name's last word, or i when it starts none. */
static size_t name_from(const struct ex *x, size_t i)
{
	if (!x->e->known || x->role[i] != R_FREE || !CLS(x, i, not_product_words) ||
	    !all_alpha(W(x, i)) || strlen(W(x, i)) < 4)
		return i;
	size_t j = i + 1;
	while (j < x->n && j <= i + 2 && x->role[j] == R_FREE && is_stop(x->e, W(x, j)))
		j++;
	if (j >= x->n || !all_alpha(W(x, j)) || is_stop(x->e, W(x, j)) ||
	    is_request(x->e, W(x, j)) || is_protected(x->e, W(x, j)) ||
	    CLS(x, j, not_product_words) || x->role[j] == R_DROP ||
	    !x->e->known(x->e->known_ctx, W(x, i)))
		return i;
	struct buf phrase;
	buf_init(&phrase);
	for (size_t k = i; k <= j; k++)
		buf_printf(&phrase, "%s%s", k > i ? " " : "", W(x, k));
	bool named = x->e->known(x->e->known_ctx, phrase.s);
	buf_release(&phrase);
	return named ? j : i;
}

static void product_words(struct ex *x)
{
	struct buf b;
	buf_init(&b);
	size_t named_until = 0;
	for (size_t i = 0; i < x->n; i++) {
		if (x->role[i] == R_DROP || (x->absorbed[i] && i > 0 && x->role[i - 1] == R_KEEP))
			continue;
		unsigned f = F(x, i);
		const char *w = W(x, i);
		if (f & (NORM_SYMBOL | NORM_CURRENCY | NORM_EMAIL | NORM_ORDINAL))
			continue;
		if (i >= named_until)
			named_until = name_from(x, i);
		if (x->role[i] == R_FREE && !designated(x, i) && !stop_ends_name(x, i) &&
		    i >= named_until) {
			if (is_stop(x->e, w) || is_request(x->e, w) || is_protected(x->e, w) ||
			    ((x->cls[i] & CL_negators) && !prefixes_next(x, i)) ||
			    (x->cls[i] & (CL_not_product_words | CL_order_words | CL_invoice_words |
			                  CL_post_words | CL_delivery_words)) ||
			    slip_of_stop(x, i))
				continue;
			/* "I want to make pasta": the verb after a wish is no product */
			if (i >= 2 && is(x, i - 1, "to") && is_request(x->e, W(x, i - 2)))
				continue;
			/* a bare number at the start is not a model number; one with
			 * its unit after it is a measure ("with 1600 lumens") */
			bool unit_next = i + 1 < x->n && CLS(x, i + 1, non_price_units);
			if ((f & NORM_NUMBER) && !unit_next &&
			    (i == 0 || is_stop(x->e, W(x, i - 1)) || is_request(x->e, W(x, i - 1))))
				continue;
		}
		if (b.len)
			buf_addc(&b, ' ');
		buf_adds(&b, x->fix[i] && x->role[i] == R_KEEP ? x->fix[i] : w);
	}
	if (b.len)
		x->out->product_words = buf_detach(&b);
	else
		buf_release(&b);
}

void entities_extract(entities *e, const char *in, const struct norm_text *t,
                      struct nlu_entities *out)
{
	nlu_entities_init(out);
	struct ex x = {0};
	x.e = e;
	x.in = in;
	x.t = t;
	x.n = t->n;
	x.out = out;
	x.role = xcalloc(t->n ? t->n : 1, 1);
	x.stem = xcalloc(t->n ? t->n : 1, sizeof *x.stem);
	x.fix = xcalloc(t->n ? t->n : 1, sizeof *x.fix);
	x.surf = xcalloc(t->n ? t->n : 1, sizeof *x.surf);
	x.absorbed = xcalloc(t->n ? t->n : 1, sizeof *x.absorbed);
	x.branded = xcalloc(t->n ? t->n : 1, sizeof *x.branded);
	x.trig = xcalloc(t->n ? t->n : 1, sizeof *x.trig);
	x.cls = xcalloc(t->n ? t->n : 1, sizeof *x.cls);
	for (size_t i = 0; i < t->n; i++) {
		const struct trig *k = trig_find(e, t->tok[i].text);
		x.trig[i] = k ? k->mask : 0;
		x.cls[i] = k ? k->cls : 0;
	}
	read_context(&x);
	for (size_t k = 0; k < x.n; k++)
		x.n_telling += telling(&x, k);
	find_emails(&x);
	find_stock(&x);
	find_age(&x);
	find_dates(&x);
	find_postcodes(&x);
	find_rating(&x);
	find_prices(&x);
	find_sizes(&x);
	find_coded_ids(&x);
	find_ids(&x);
	find_ordinals(&x);
	find_quantity(&x);
	find_avoid(&x);
	prepare_stems(&x);
	find_vocab(&x);
	find_sort(&x);
	find_places_people(&x);
	find_negation(&x);
	product_words(&x);
	for (size_t i = 0; i < t->n; i++) {
		free(x.stem[i]);
		free(x.fix[i]);
	}
	free(x.stem);
	free(x.fix);
	free(x.surf);
	free(x.absorbed);
	free(x.branded);
	free(x.trig);
	free(x.cls);
	free(x.role);
}

/* The index of the extractor's own words: first words of its phrase tables
 * and members of its word lists. Built once in entities_new(). */
static void trig_add_table(entities *e, size_t *cap, const struct phrase *tab, size_t n,
                           unsigned bit)
{
	for (size_t i = 0; i < n; i++) {
		const char *sp = strchr(tab[i].text, ' ');
		size_t len = sp ? (size_t)(sp - tab[i].text) : strlen(tab[i].text);
		e->trig = xgrow(e->trig, cap, e->n_trig + 1, sizeof *e->trig);
		e->trig[e->n_trig++] = (struct trig){xstrndup(tab[i].text, len), bit, 0};
	}
}

static void trig_add_list(entities *e, size_t *cap, const lexicon_list *list, unsigned cls)
{
	for (size_t i = 0; i < lexicon_list_size(list); i++) {
		e->trig = xgrow(e->trig, cap, e->n_trig + 1, sizeof *e->trig);
		e->trig[e->n_trig++] = (struct trig){xstrdup(lexicon_list_at(list, i)), 0, cls};
	}
}

/* The cue word lists of the language pack (cues.txt, places.txt) and the
 * class each gives its words. */
static const struct {
	const char *section;
	unsigned cls;
} cue_lists[] = {
	{"delivery", CL_delivery_words},      {"invoice", CL_invoice_words},
	{"order", CL_order_words},            {"postcode", CL_post_words},
	{"name_cue", CL_name_words},          {"not_list", CL_not_list_words},
	{"referent", CL_referent_words},      {"index", CL_index_words},
	{"qty_before", CL_qty_verbs},         {"qty_after", CL_qty_after},
	{"non_price_units", CL_non_price_units}, {"negators", CL_negators},
	{"negation_gap", CL_negation_gap},    {"refer", CL_refer_words},
	{"honorifics", CL_honorifics},        {"place_before", CL_place_preps},
	{"calendar", CL_calendar_words},      {"not_product", CL_not_product_words},
	{"fits", CL_fits_words},              {"phrase_ends", CL_phrase_ends},
	{"date_words", CL_date_words},        {"weekdays", CL_weekdays},
	{"date_units", CL_date_units},        {"date_before", CL_date_before},
	{"date_after", CL_date_after},        {"date_cue", CL_date_cue},
	{"not_order", CL_not_order},          {"size_capacity", CL_size_capacity},
	{"size_capacity_before", CL_size_capacity_before},
	{"size_systems", CL_size_systems},    {"qty_not_after", CL_qty_not_after},
	{"had_verbs", CL_had_verbs},
};

static void trig_build(entities *e)
{
	size_t cap = 0;
	trig_add_table(e, &cap, e->price_ops.p, e->price_ops.n, TB_PRICE_OPS);
	trig_add_table(e, &cap, e->price_posts.p, e->price_posts.n, TB_PRICE_POSTS);
	trig_add_table(e, &cap, e->named_sizes.p, e->named_sizes.n, TB_SIZES);
	trig_add_table(e, &cap, e->comparatives.p, e->comparatives.n, TB_COMPARATIVES);
	trig_add_table(e, &cap, e->sorts.p, e->sorts.n, TB_SORTS);
	trig_add_table(e, &cap, e->too_much.p, e->too_much.n, TB_TOO_MUCH);
	trig_add_table(e, &cap, e->size_before.p, e->size_before.n, TB_SIZE_BEFORE);
	for (size_t i = 0; i < sizeof cue_lists / sizeof *cue_lists; i++)
		trig_add_list(e, &cap, lang_list(e->lang, cue_lists[i].section), cue_lists[i].cls);
	sort(e->trig, e->n_trig, sizeof *e->trig, trig_cmp);
	size_t w = 0;
	for (size_t r = 0; r < e->n_trig; r++) {
		if (w && !strcmp(e->trig[w - 1].word, e->trig[r].word)) {
			e->trig[w - 1].mask |= e->trig[r].mask;
			e->trig[w - 1].cls |= e->trig[r].cls;
			free(e->trig[r].word);
		} else {
			e->trig[w++] = e->trig[r];
		}
	}
	e->n_trig = w;
}

/* The phrase tables of the pack (phrases.txt): each kind a section. */
struct kind_section {
	const char *section;
	int kind;
};

static const struct kind_section price_op_kinds[] = {
	{"price_before.max", P_MAX},       {"price_before.min", P_MIN},
	{"price_before.approx", P_APPROX}, {"price_before.range", P_RANGE},
	{"price_before.from", P_FROM},     {"price_before.budget", P_BUDGET},
	{"price_before.budget_money", P_BUDGET_MONEY},
};
static const struct kind_section price_post_kinds[] = {
	{"price_after.max", P_MAX}, {"price_after.min", P_MIN}, {"price_after.approx", P_APPROX},
};
static const struct kind_section size_kinds[] = {{"sizes", 0}};
static const struct kind_section too_much_kinds[] = {{"price_too_much", 0}};
static const struct kind_section size_before_kinds[] = {{"size_before", 0}};
static const struct kind_section sort_kinds[] = {
	{"sort.price_asc", NLU_SORT_PRICE_ASC},   {"sort.price_desc", NLU_SORT_PRICE_DESC},
	{"sort.rating", NLU_SORT_RATING},         {"sort.popularity", NLU_SORT_POPULARITY},
};
static const struct kind_section comparative_kinds[] = {
	{"comparative.cheaper", CMP_CHEAPER}, {"comparative.pricier", CMP_PRICIER},
	{"comparative.other", CMP_OTHER},
};

static void phrases_build(const entities *e, struct phrases *t, const struct kind_section *k,
                          size_t nk)
{
	size_t cap = 0;
	for (size_t i = 0; i < nk; i++) {
		const lexicon_list *l = lang_list(e->lang, k[i].section);
		for (size_t j = 0; j < lexicon_list_size(l); j++) {
			t->p = xgrow(t->p, &cap, t->n + 1, sizeof *t->p);
			t->p[t->n++] = (struct phrase){lexicon_list_at(l, j), k[i].kind};
		}
	}
}

/* The groups of [names]: "phone, smartphone, cellphone". */
static void groups_build(entities *e)
{
	const lexicon_list *l = lang_list(e->lang, "names");
	size_t cap = 0;
	for (size_t i = 0; i < lexicon_list_size(l); i++) {
		struct name_group g = {0};
		size_t gcap = 0;
		for (const char *p = lexicon_list_at(l, i); *p;) {
			size_t n = strcspn(p, ",");
			const char *a = p, *b = p + n;
			while (a < b && *a == ' ')
				a++;
			while (b > a && b[-1] == ' ')
				b--;
			if (b > a) {
				g.words = xgrow(g.words, &gcap, g.n + 1, sizeof *g.words);
				g.words[g.n++] = xstrndup(a, (size_t)(b - a));
			}
			p += n + (p[n] == ',');
		}
		e->groups = xgrow(e->groups, &cap, e->n_groups + 1, sizeof *e->groups);
		e->groups[e->n_groups++] = g;
	}
}

#define PHRASES(e, t, kinds) phrases_build(e, t, kinds, sizeof kinds / sizeof *kinds)

static void pack_build(entities *e)
{
	PHRASES(e, &e->price_ops, price_op_kinds);
	PHRASES(e, &e->price_posts, price_post_kinds);
	PHRASES(e, &e->named_sizes, size_kinds);
	PHRASES(e, &e->sorts, sort_kinds);
	PHRASES(e, &e->comparatives, comparative_kinds);
	PHRASES(e, &e->too_much, too_much_kinds);
	PHRASES(e, &e->size_before, size_before_kinds);
	groups_build(e);
	e->invoice_list = lang_list(e->lang, "invoice");
	e->list_before = lang_list(e->lang, "list_before");
	e->owner_before = lang_list(e->lang, "not_list_before");
	e->months = lang_list(e->lang, "months");
	e->money_words = lang_list(e->lang, "money_words");
}

void nlu_entities_init(struct nlu_entities *e)
{
	memset(e, 0, sizeof *e);
	e->price_min = -1;
	e->price_max = -1;
	e->amount = -1;
	e->rating_min = -1;
	e->price_around = -1;
	e->age_months = -1;
}

void nlu_entities_release(struct nlu_entities *e)
{
	char **strs[] = {&e->brand, &e->not_brand, &e->category, &e->color, &e->not_color,
	                 &e->material, &e->size, &e->order_id, &e->email, &e->postcode,
	                 &e->without, &e->product_words, &e->not_category, &e->invoice_id,
	                 &e->person_name, &e->city, &e->country, &e->comparative, &e->date,
	                 &e->date_relative};
	for (size_t i = 0; i < sizeof strs / sizeof *strs; i++) {
		free(*strs[i]);
		*strs[i] = NULL;
	}
	struct nlu_more *more[] = {&e->more_brands, &e->more_not_brands, &e->more_colors,
	                           &e->more_not_colors, &e->more_order_ids, &e->more_without};
	for (size_t i = 0; i < sizeof more / sizeof *more; i++)
		for (size_t k = 0; k < more[i]->n; k++)
			free(more[i]->v[k]);
	nlu_entities_init(e);
}
