/*
 * lookup.c: the dialogue's view of catalog search and product details.
 * Turns a search frame into a search_query, and the result into a page of
 * products with facets and the words that matched.
 *
 * Facets (brands, categories, price range) are counted over the first
 * FACET_SAMPLE results: enough for a summary line and a clarifying
 * question, at a fixed cost whatever the catalog's size.
 */
#include "src/dialogue/lookup.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "catalog/search/search.h"
#include "catalog/shop/cart.h"
#include "common/buf.h"
#include "common/xalloc.h"
#include "nlu/text/ages.h"
#include "src/dialogue/personal.h"
#include "src/dialogue/ask.h"
#include "src/dialogue/attrs.h"
#include "src/dialogue/state.h"
#include "src/dialogue/words.h"

static const enum search_sort sort_of[] = {
	[NLU_SORT_NONE] = SEARCH_SORT_RELEVANCE,
	[NLU_SORT_PRICE_ASC] = SEARCH_SORT_PRICE_ASC,
	[NLU_SORT_PRICE_DESC] = SEARCH_SORT_PRICE_DESC,
	[NLU_SORT_RATING] = SEARCH_SORT_RATING,
	[NLU_SORT_POPULARITY] = SEARCH_SORT_POPULARITY,
};

static void count_facet(struct dlg_facet **f, size_t *n, const char *value)
{
	if (!value || !*value)
		return;
	for (size_t i = 0; i < *n; i++) {
		if (!strcasecmp((*f)[i].value, value)) {
			(*f)[i].count++;
			return;
		}
	}
	*f = xrealloc(*f, (*n + 1) * sizeof **f);
	(*f)[*n].value = xstrdup(value);
	(*f)[*n].count = 1;
	(*n)++;
}

static int by_count(const void *a, const void *b)
{
	const struct dlg_facet *x = a, *y = b;
	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	return strcmp(x->value, y->value);
}

/* The last level of a category path ("Cell Phones > Cases" -> "Cases"). */
static const char *leaf(const char *path)
{
	const char *p = path ? strrchr(path, '>') : NULL;
	if (!p)
		return path;
	p++;
	while (*p == ' ')
		p++;
	return p;
}

static void facets(struct dlg_results *out, const struct search_result *r)
{
	for (size_t i = 0; i < r->n_hits; i++) {
		const struct search_hit *h = &r->hits[i];
		count_facet(&out->brands, &out->n_brands, h->p.brand);
		count_facet(&out->categories, &out->n_categories, leaf(h->p.category));
		if (h->p.has_price) {
			if (!out->has_prices || h->p.price_cents < out->price_lo)
				out->price_lo = h->p.price_cents;
			if (!out->has_prices || h->p.price_cents > out->price_hi)
				out->price_hi = h->p.price_cents;
			out->has_prices = true;
		}
	}
	if (out->n_brands)
		qsort(out->brands, out->n_brands, sizeof *out->brands, by_count);
	if (out->n_categories)
		qsort(out->categories, out->n_categories, sizeof *out->categories, by_count);
	/* Counts are of the sample; scale the leader to the whole result so
	 * "mostly one kind" is judged on the same base as total. */
	if (r->n_hits && out->n_categories)
		out->categories[0].count = out->categories[0].count * out->total / r->n_hits;
}

/* Which of the query's matched words this product carries in its name,
 * brand or category, and what lifted it. */
static void explain_hit(dialogue *d, const struct search_result *r, const struct search_hit *h,
                        const struct dlg_frame *f, char **matched, char **lifted)
{
	struct buf m;
	buf_init(&m);
	for (size_t i = 0; i < r->n_matched; i++) {
		char *one[1] = {r->matched[i]};
		if (words_in_text(one, 1, h->p.name) || words_in_text(one, 1, h->p.brand) ||
		    words_in_text(one, 1, h->p.category)) {
			if (m.len)
				buf_adds(&m, ", ");
			buf_adds(&m, r->matched[i]);
		}
	}
	if (!m.len) {
		for (size_t i = 0; i < r->n_matched; i++) {
			if (m.len)
				buf_adds(&m, ", ");
			buf_adds(&m, r->matched[i]);
		}
		if (m.len)
			buf_adds(&m, replies_raw(d->rp, "explain.in_details", 0)
			                     ? replies_raw(d->rp, "explain.in_details", 0) : "");
	}
	*matched = buf_detach(&m);
	struct buf l;
	buf_init(&l);
	if (h->p.has_rating && h->p.rating >= 4.0)
		buf_printf(&l, "%s %.1f", replies_raw(d->rp, "explain.rating_word", 0)
		                          ? replies_raw(d->rp, "explain.rating_word", 0) : "rating",
		           h->p.rating);
	if (f->sort != NLU_SORT_NONE && replies_raw(d->rp, "explain.sorted_word", 0)) {
		if (l.len)
			buf_adds(&l, ", ");
		buf_adds(&l, replies_raw(d->rp, "explain.sorted_word", 0));
	}
	*lifted = buf_detach(&l);
}

/* Words that the search has no filter for ride along in the text. */
static char *query_text(const struct dlg_frame *f)
{
	struct buf b;
	buf_init(&b);
	const char *parts[] = {f->words, f->material, f->size};
	for (size_t i = 0; i < 3; i++) {
		if (!parts[i])
			continue;
		if (b.len)
			buf_addc(&b, ' ');
		buf_adds(&b, parts[i]);
	}
	return buf_detach(&b);
}

char *lookup_corrected_words(const struct dlg_frame *f, const char *corrected)
{
	if (!f->words || !corrected)
		return NULL;
	char *text = query_text(f);
	size_t rest = strlen(text) - strlen(f->words); /* " material size" after the words */
	size_t n = strlen(corrected);
	char *words = NULL;
	if (n > rest && !strcmp(corrected + n - rest, text + strlen(f->words)))
		words = xstrndup(corrected, n - rest);
	if (words && !*words) {
		free(words);
		words = NULL;
	}
	free(text);
	return words;
}

/* The first page's search, kept for "show more": its FACET_SAMPLE hits
 * already hold the next pages, so serving them needs no second search (on
 * a big catalog a search with filters can take hundreds of ms). Only the
 * turn right after is served from it, so nothing a turn in between could
 * change (stock at checkout, an import) is shown stale. */
struct dlg_sample {
	struct dlg_frame filters;
	struct search_result r;
	unsigned long turn; /* the turn that last used it */
};

void lookup_forget(dialogue *d)
{
	if (!d->sample)
		return;
	frame_release(&d->sample->filters);
	search_result_release(&d->sample->r);
	free(d->sample);
	d->sample = NULL;
}

static bool str_same(const char *a, const char *b)
{
	return (!a || !*a) ? (!b || !*b) : (b && !strcmp(a, b));
}

static bool values_same(const struct dlg_frame *a, const struct dlg_frame *b)
{
	if (a->n_values != b->n_values)
		return false;
	for (size_t i = 0; i < a->n_values; i++)
		if (!str_same(a->values[i].key, b->values[i].key) ||
		    !str_same(a->values[i].value, b->values[i].value) ||
		    a->values[i].exclude != b->values[i].exclude)
			return false;
	return true;
}

static bool filters_same(const struct dlg_frame *a, const struct dlg_frame *b)
{
	if (!values_same(a, b))
		return false;
	return str_same(a->words, b->words) && str_same(a->brand, b->brand) &&
	       str_same(a->not_brand, b->not_brand) && str_same(a->category, b->category) &&
	       str_same(a->color, b->color) && str_same(a->not_color, b->not_color) &&
	       str_same(a->material, b->material) && str_same(a->size, b->size) &&
	       str_same(a->measure, b->measure) && str_same(a->audience, b->audience) &&
	       str_same(a->bound_shown, b->bound_shown) &&
	       a->price_min == b->price_min && a->price_max == b->price_max && a->sort == b->sort &&
	       a->rating_min == b->rating_min && a->in_stock == b->in_stock &&
	       a->age_months == b->age_months;
}

/* The sample when it holds the page at offset for f, else NULL. Search
 * relaxes to any-word matching when the all-word matches do not reach the
 * end of the page asked for, so a relaxed sample serves only pages a search
 * of their own would relax too. */
static struct dlg_sample *sample_for(dialogue *d, const struct dlg_frame *f, size_t offset,
                                     size_t limit)
{
	struct dlg_sample *s = d->sample;
	if (!s || offset == 0 || s->turn + 1 != d->turn || !filters_same(&s->filters, f))
		return NULL;
	if (s->r.relaxed && s->r.total_exact >= offset + limit)
		return NULL;
	if (offset + limit > s->r.n_hits && s->r.n_hits < s->r.total)
		return NULL;
	return s;
}

/* Does one value filter hold for p (with its details)? A filter on a key
 * reads that key's values; one on any key reads the name and every shown
 * attribute (product_view leaves hidden ones out). m is the filter's word
 * read once (NULL for a yes/no key). */
static bool says_value(dialogue *d, const struct dlg_value *v, const struct attrs_matcher *m,
                       const struct product_view *p)
{
	if (!v->key && m && attrs_matcher_says(m, p->name))
		return true;
	/* a place the products come from ("only from France"): their
	 * category ("Wine > France") or description ("Region: Chablis,
	 * France") says it as well as an attribute would */
	if (!v->key && !v->exclude && m &&
	    ((p->category && attrs_matcher_says(m, p->category)) ||
	     (p->description && attrs_matcher_says(m, p->description))))
		return true;
	for (size_t i = 0; i < p->n_attrs; i++) {
		const struct product_attr *a = &p->attrs[i];
		if (v->key && strcasecmp(a->key, v->key))
			continue;
		if (m ? attrs_matcher_says(m, a->value) : attrs_is_yes(d, a->value))
			return true;
	}
	return false;
}

/* "not black": a product its name says is in the colour ("Little Black
 * Dress"), or whose every colour is it; one that also comes in others
 * passes. */
static bool only_in_color(const dialogue *d, const struct product_view *p, const char *color)
{
	char *one[1] = {(char *)color};
	if (words_in_text(one, 1, p->name))
		return true;
	bool any = false, other = false;
	if (p->color) {
		any = true;
		other = !words_in_text(one, 1, p->color);
	}
	for (size_t i = 0; i < p->n_attrs && !other; i++) {
		if (!ask_key_of(d, p->attrs[i].key, "color"))
			continue;
		char *list = xstrdup(p->attrs[i].value);
		char *save = NULL;
		for (char *c = strtok_r(list, ",|/;", &save); c && !other;
		     c = strtok_r(NULL, ",|/;", &save)) {
			any = true;
			other = !words_in_text(one, 1, c);
		}
		free(list);
	}
	return any && !other;
}

/* Does the text carry a mark of the audience ([audience_marks.X]: "men's",
 * "kids", "girls'")? */
static bool marked_for(const dialogue *d, const char *text, const char *audience)
{
	char key[64];
	snprintf(key, sizeof key, "audience_marks.%s", audience);
	const char *v;
	for (size_t i = 0; (v = replies_raw(d->rp, key, i)); i++)
		if (words_form_in(v, text))
			return true;
	return false;
}

bool lookup_audience_marked(const dialogue *d, const char *text, const char *audience)
{
	return marked_for(d, text, audience);
}

/* Do p's ages, as its data says them, start at 16 or later? */
#define ADULT_MONTHS (16 * 12)

static bool adults_only(const struct product_view *p)
{
	int from = -1, to = AGES_OPEN;
	return attrs_ages(p, &from, &to) && from >= ADULT_MONTHS;
}

/* "a winter coat for my 8 year old" in a shop without a kids' department:
 * a product whose name or audience attribute ("gender", "age group")
 * marks it for another audience and not for this one is left out
 * ("Men's Wool Overcoat"); an unmarked or unisex product stays. */
static bool for_others(const dialogue *d, const struct product_view *p, const char *audience)
{
	struct buf marks;
	buf_init(&marks);
	buf_adds(&marks, p->name ? p->name : "");
	for (size_t i = 0; i < p->n_attrs; i++) {
		size_t nk = 0;
		char **kw = words_content(d, p->attrs[i].key, &nk);
		bool says = false;
		for (size_t k = 0; k < nk && !says; k++)
			says = words_in_section(d, kw[k], "lexicon.audience_keys");
		words_free(kw, nk);
		if (says) {
			buf_addc(&marks, ' ');
			buf_adds(&marks, p->attrs[i].value);
		}
	}
	/* kids is an age, men and women a gender: a unisex kids' jacket is
	 * for kids, not for women; a unisex adult one for either */
	bool kids = marked_for(d, marks.s, "kids");
	bool other = false;
	if (!strcmp(audience, "kids")) {
		other = !kids && (marked_for(d, marks.s, "men") || marked_for(d, marks.s, "women"));
		/* "for adults aged 16 years and over": no child's, whatever
		 * words it shares with the search */
		other = other || (!kids && adults_only(p));
	} else if (kids) {
		other = true;
	} else if (!marked_for(d, marks.s, audience) && !marked_for(d, marks.s, "all")) {
		const char *key;
		for (size_t i = 0; !other && (key = replies_key(d->rp, i)); i++)
			if (!strncmp(key, "audience_marks.", 15) && strcmp(key + 15, audience) &&
			    strcmp(key + 15, "all") && strcmp(key + 15, "kids"))
				other = marked_for(d, marks.s, key + 15);
	}
	buf_release(&marks);
	return other;
}

/* "under 200 cm wide": a product whose attribute of that key and
 * dimension is beyond the bound is left out; one without such an
 * attribute is kept (the data does not say). */
static bool within_bound(dialogue *d, const struct dlg_frame *f, const struct product_view *p)
{
	for (size_t i = 0; i < p->n_attrs; i++) {
		if (f->bound_key) {
			char *one[1] = {f->bound_key};
			if (!words_in_text(one, 1, p->attrs[i].key))
				continue;
		}
		struct measure m;
		if (!attrs_measure(d, p->attrs[i].value, &m) || !m.dimension || m.n != 1 ||
		    strcmp(m.dimension, f->bound_dim))
			continue;
		double v = m.value[0], eps = 1e-9 * fmax(1, fabs(v));
		return (f->bound_hi < 0 || v <= f->bound_hi + eps) &&
		       (f->bound_lo < 0 || v >= f->bound_lo - eps);
	}
	/* a bound on a named attribute ("ram at least 32 GB") is met only
	 * by what says it; a bound on a dimension alone ("under 200 cm
	 * wide") leaves in what does not say it */
	return !f->bound_key;
}

/* Does a material the catalog's products are made of say it ("nonstick",
 * "stainless")? A material is a product's own fact, said where the data
 * says materials; a description that mentions it ("becomes more nonstick
 * with use") does not make the product of it. */
static bool material_named(dialogue *d, const struct attrs_matcher *m)
{
	char **values = NULL;
	size_t n = 0;
	bool named = false;
	if (attrs_key_values(d, "material", &values, &n) == 0)
		for (size_t i = 0; i < n && !named; i++)
			named = attrs_matcher_says(m, values[i]);
	attr_values_free(values, n);
	return named;
}

/* How many words a denial before them reaches ("free from dairy, soy,
 * gluten and nuts"). */
#define DENIAL_REACH 6

struct text_word {
	size_t start, len;
	bool clause;  /* a clause ends before it: ".", ";", ":", "(", a line */
	bool joined;  /* "&" stands before it ("soy & dairy free") */
};

/* The words of text (letters and digits) and what stands between them. */
static struct text_word *text_words(const char *text, size_t *n)
{
	struct text_word *w = NULL;
	size_t cap = 0;
	*n = 0;
	bool clause = false, joined = false;
	for (size_t i = 0; text[i];) {
		unsigned char c = (unsigned char)text[i];
		if (!isalnum(c) && c < 0x80) {
			clause |= strchr(".;:!?()[]|\n", (char)c) != NULL;
			joined |= c == '&';
			i++;
			continue;
		}
		size_t start = i;
		while (text[i] && (isalnum((unsigned char)text[i]) || (unsigned char)text[i] >= 0x80))
			i++;
		w = xgrow(w, &cap, *n + 1, sizeof *w);
		w[(*n)++] = (struct text_word){start, i - start, clause, joined};
		clause = joined = false;
	}
	return w;
}

/* Is word i of text the section's phrase, alone or ending with the word
 * before it ("free from")? */
static bool word_in(const dialogue *d, const char *text, const struct text_word *w, size_t i,
                    const char *section, bool pair)
{
	char one[64];
	if (pair) {
		if (!i || w[i].clause || w[i - 1].len + w[i].len + 2 > sizeof one)
			return false;
		snprintf(one, sizeof one, "%.*s %.*s", (int)w[i - 1].len, text + w[i - 1].start,
		         (int)w[i].len, text + w[i].start);
	} else {
		if (w[i].len + 1 > sizeof one)
			return false;
		snprintf(one, sizeof one, "%.*s", (int)w[i].len, text + w[i].start);
	}
	for (char *c = one; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	return words_is(d, one, section);
}

/* A written amount of none: "0", "0mg", "0g". */
static bool zero_amount(const char *text, const struct text_word *w)
{
	const char *s = text + w->start;
	/* "5.0", "1,000" are no amount of none */
	if (w->len < 1 || s[0] != '0' || (w->start && strchr(".,", s[-1])))
		return false;
	for (size_t k = 1; k < w->len; k++)
		if (!isalpha((unsigned char)s[k]))
			return false;
	return true;
}

/* text with the words it says a product has not blanked: those after a
 * denial ([lexicon.denial]: "no chicken", "without soy", "free from dairy,
 * soy and nuts", up to the clause's end or a word of
 * [lexicon.denial_ends]), before one of [lexicon.denial_after]
 * ("chicken-free", "soy and dairy free") and after an amount of none
 * ("zero sugar", "0mg caffeine", "0 mg caffeine"). Heap. */
static char *without_negated(const dialogue *d, const char *text)
{
	char *out = xstrdup(text);
	size_t n = 0;
	struct text_word *w = text_words(text, &n);
	for (size_t i = 0; i < n; i++) {
		if (word_in(d, text, w, i, "lexicon.denial_after", false) && i && !w[i].clause) {
			/* back over "and", "or", "&": "soy and dairy free" */
			for (size_t k = i; k-- > 0;) {
				memset(out + w[k].start, ' ', w[k].len);
				if (w[k].clause || !k)
					break;
				bool joined = w[k].joined;
				if (!joined && k > 1 && !w[k - 1].clause &&
				    word_in(d, text, w, k - 1, "lexicon.denial_joins", false))
					k--, joined = true;
				if (!joined)
					break;
			}
			continue;
		}
		bool none = zero_amount(text, &w[i]) ||
		            word_in(d, text, w, i, "lexicon.none_amount", false);
		bool denial = word_in(d, text, w, i, "lexicon.denial", false) ||
		              word_in(d, text, w, i, "lexicon.denial", true);
		if (!none && !denial)
			continue;
		size_t reach = none ? 2 : DENIAL_REACH;
		for (size_t k = i + 1; k < n && k <= i + reach && !w[k].clause; k++) {
			if (word_in(d, text, w, k, "lexicon.denial_ends", false))
				break;
			memset(out + w[k].start, ' ', w[k].len);
			/* "zero sugar" is one word; "0 mg caffeine" a unit and one */
			if (none && !(k == i + 1 && w[k].len <= 3 && zero_amount(text, &w[i]) &&
			              w[i].len == 1))
				break;
		}
	}
	free(w);
	return out;
}

/* Does a "without" filter (v, its word read into m) leave p out? Leaving
 * out is the safe side of an allergy, so its name, shown attributes and
 * (desc) description count, each read without what it denies ("Soy
 * Free", "free from dairy, soy and nuts", "0mg caffeine"). A product that
 * says it is without v is taken at its word, for v's narrower words
 * ("Lactose-Free Milk": milk) and its description's ("with the lactose
 * broken down"), but not against its name or facts saying v plainly. */
static bool excluded_by(dialogue *d, const struct dlg_value *v, const struct attrs_matcher *m,
                        const struct product_view *p, bool desc)
{
	size_t ns = 0;
	char **self = words_split_plain(v->value, &ns);
	bool related = false, denied = false, plain_fact = false, plain_desc = false;
	size_t nt = 1 + p->n_attrs + 1;
	for (size_t i = 0; i < nt && !plain_fact && ns; i++) {
		const char *text = i == 0 ? p->name : i <= p->n_attrs ? p->attrs[i - 1].value :
		                   desc ? p->description : NULL;
		if (!text || !*text)
			continue;
		char *said = without_negated(d, text);
		bool plain = words_in_text(self, ns, said) == ns;
		if (i <= p->n_attrs)
			plain_fact = plain;
		else
			plain_desc = plain;
		related |= attrs_matcher_says(m, said);
		denied |= !plain && words_in_text(self, ns, text) == ns;
		free(said);
	}
	words_free(self, ns);
	return plain_fact || (!denied && (plain_desc || related));
}

/* Does hit pass f's filters read from its attributes? *avoided (may be
 * NULL) is set when a "without" filter alone leaves it out. */
static bool passes_values(dialogue *d, const struct dlg_frame *f, struct attrs_matcher **m,
                          const bool *desc, const struct product_view *hit, bool *avoided)
{
	struct product_view p;
	if (product_view_load_rowid(d->cat, hit->rowid, true, &p, NULL) < 0 || !p.id) {
		product_view_release(&p);
		return false;
	}
	bool pass = (!f->not_color || !only_in_color(d, &p, f->not_color)) &&
	            (!f->audience || !for_others(d, &p, f->audience)) &&
	            (!f->bound_dim || within_bound(d, f, &p));
	bool others = pass, out = false;
	for (size_t i = 0; i < f->n_values && others; i++) {
		const struct dlg_value *v = &f->values[i];
		if (!(v->exclude && !v->key && m[i]))
			others = says_value(d, v, m[i], &p) != v->exclude;
	}
	for (size_t i = 0; i < f->n_values && others && !out; i++) {
		const struct dlg_value *v = &f->values[i];
		if (v->exclude && !v->key && m[i])
			out = excluded_by(d, v, m[i], &p, desc && desc[i]);
	}
	product_view_release(&p);
	if (avoided)
		*avoided = out && others;
	return others && !out;
}

/* Drops the hits the frame's value filters leave out. The search ran
 * over its first SEARCH_CANDIDATES matches, so when it found more, what
 * is left is a lower bound. */
static void filter_values(dialogue *d, const struct dlg_frame *f, struct search_result *r)
{
	struct attrs_matcher **m = xcalloc(f->n_values ? f->n_values : 1, sizeof *m);
	bool *desc = xcalloc(f->n_values ? f->n_values : 1, sizeof *desc);
	for (size_t i = 0; i < f->n_values; i++) {
		m[i] = f->values[i].value ? attrs_matcher_new(d, f->values[i].value) : NULL;
		desc[i] = f->values[i].exclude && m[i] && !material_named(d, m[i]);
	}
	size_t keep = 0, exact = 0;
	bool more = r->total > r->n_hits || r->total_capped;
	bool avoided = false; /* a product with every word held what to avoid */
	for (size_t i = 0; i < r->n_hits; i++) {
		bool out = false;
		if (passes_values(d, f, m, desc, &r->hits[i].p, &out)) {
			exact += i < r->total_exact;
			r->hits[keep++] = r->hits[i];
		} else {
			product_view_release(&r->hits[i].p);
		}
		avoided |= out && i < r->total_exact;
	}
	for (size_t i = 0; i < f->n_values; i++)
		attrs_matcher_free(m[i]);
	free(m);
	free(desc);
	/* every product with all the words holds what the shopper must stay
	 * clear of: products with some of the words are no "closest" to
	 * offer in their place ("nut free protein bars": a shaker) */
	if (avoided && r->relaxed && r->total_exact && !exact) {
		for (size_t i = 0; i < keep; i++)
			product_view_release(&r->hits[i].p);
		keep = 0;
	}
	r->n_hits = keep;
	r->total = keep;
	r->total_capped = more && keep;
	r->total_exact = r->relaxed ? exact : keep;
}

/* Is p a child's: marked for kids, or for ages from under 12? */
#define CHILD_MONTHS (12 * 12)

static bool for_a_child(const dialogue *d, const struct product_view *p)
{
	if (p->name && marked_for(d, p->name, "kids"))
		return true;
	int from = -1, to = AGES_OPEN;
	return attrs_ages(p, &from, &to) && from < CHILD_MONTHS;
}

/* "kids paracetamol": of the hits with every word, and of the others,
 * the children's first (an adult tablet "for children aged 12 and over"
 * after the infant suspension), each group in its order. */
/* Of the hits with every word, and of the others, those `first` says
 * first, each group in its order. */
static void partition_hits(struct search_result *r, const bool *first)
{
	size_t bounds[2] = {r->relaxed && r->total_exact < r->n_hits ? r->total_exact : r->n_hits,
	                    r->n_hits};
	size_t from = 0;
	struct search_hit *tmp = xcalloc(r->n_hits ? r->n_hits : 1, sizeof *tmp);
	for (size_t g = 0; g < 2; g++) {
		size_t to = bounds[g], k = 0;
		for (int want = 1; want >= 0; want--)
			for (size_t i = from; i < to; i++)
				if (first[i] == (bool)want)
					tmp[k++] = r->hits[i];
		memcpy(r->hits + from, tmp, k * sizeof *tmp);
		from = to;
	}
	free(tmp);
}

static void kids_first(dialogue *d, struct search_result *r)
{
	if (r->n_hits == 0)
		return;
	bool *child = xcalloc(r->n_hits, sizeof *child);
	for (size_t i = 0; i < r->n_hits; i++) {
		struct product_view p;
		child[i] = product_view_load_rowid(d->cat, r->hits[i].p.rowid, true, &p, NULL) == 0 &&
		           p.id && for_a_child(d, &p);
		product_view_release(&p);
	}
	partition_hits(r, child);
	free(child);
}

/* "a puzzle for a 12 year old": the age filter keeps every product a
 * 12 year old may have, the 24 giant pieces for ages 3 and up too; those
 * made for a child much younger (from an age more than a third below,
 * and at least two years) come after the others. The first
 * AGE_ORDER_HITS hits are read. */
#define AGE_ORDER_HITS 100

static void too_young_last(dialogue *d, int age_months, struct search_result *r)
{
	int gap = age_months / 3 > 24 ? age_months / 3 : 24;
	if (r->n_hits == 0 || age_months <= gap)
		return;
	size_t n = r->n_hits < AGE_ORDER_HITS ? r->n_hits : AGE_ORDER_HITS;
	bool *fits = xcalloc(r->n_hits, sizeof *fits);
	bool any_young = false;
	for (size_t i = 0; i < r->n_hits; i++)
		fits[i] = true;
	for (size_t i = 0; i < n; i++) {
		struct product_view p;
		int from = -1, to = AGES_OPEN;
		fits[i] = !(product_view_load_rowid(d->cat, r->hits[i].p.rowid, true, &p, NULL) == 0 &&
		            p.id && attrs_ages(&p, &from, &to) && from >= 0 && from < age_months - gap);
		product_view_release(&p);
		any_young |= !fits[i];
	}
	if (any_young)
		partition_hits(r, fits);
	free(fits);
}

/* Does the product at rowid have the measure? */
static bool has_measure(dialogue *d, int64_t rowid, const struct measure *m)
{
	struct product_view p;
	bool has = product_view_load_rowid(d->cat, rowid, true, &p, NULL) == 0 && p.id &&
	           attrs_has_measure(d, &p, m);
	product_view_release(&p);
	return has;
}

static bool holds_rowid(const struct search_result *r, int64_t rowid)
{
	for (size_t i = 0; i < r->n_hits; i++)
		if (r->hits[i].p.rowid == rowid)
			return true;
	return false;
}

/* The products of q's words and the measure's own words ("portable
 * charger 10000 mah") that have the measure and are not among r's hits:
 * those that write it ("10,000 mAh") when more products than the sample
 * have the words. Moved into *out (n returned); the caller frees *out. */
static size_t measured_beyond(dialogue *d, const char *measure, const struct measure *m,
                              const struct search_query *q, const struct search_result *r,
                              struct search_hit **out)
{
	*out = NULL;
	struct search_query wq = *q;
	char *text = xasprintf("%s %s", q->text, measure);
	wq.text = text;
	wq.offset = 0;
	wq.limit = FACET_SAMPLE;
	struct search_result w;
	size_t k = 0;
	if (search_run(d->search, &wq, &w, NULL) == 0) {
		size_t exact = w.relaxed && w.total_exact < w.n_hits ? w.total_exact : w.n_hits;
		*out = xcalloc(exact ? exact : 1, sizeof **out);
		for (size_t i = 0; i < exact; i++) {
			if (holds_rowid(r, w.hits[i].p.rowid) || !has_measure(d, w.hits[i].p.rowid, m))
				continue;
			(*out)[k++] = w.hits[i];
			memset(&w.hits[i], 0, sizeof w.hits[i]); /* moved */
		}
	}
	search_result_release(&w);
	free(text);
	return k;
}

void lookup_measure_first(dialogue *d, const char *measure, const struct search_query *q,
                          struct search_result *r)
{
	struct measure m;
	if (!attrs_measure(d, measure, &m) || !m.dimension)
		return;
	size_t n = r->n_hits < FACET_SAMPLE ? r->n_hits : FACET_SAMPLE;
	if (!n)
		return;
	struct search_hit *sized = xcalloc(n, sizeof *sized);
	struct search_hit *other = xcalloc(n, sizeof *other);
	size_t ns = 0, no = 0;
	for (size_t i = 0; i < n; i++) {
		if (has_measure(d, r->hits[i].p.rowid, &m))
			sized[ns++] = r->hits[i];
		else
			other[no++] = r->hits[i];
	}
	struct search_hit *more = NULL;
	size_t nm = q && q->text && *q->text && r->total > n
	                    ? measured_beyond(d, measure, &m, q, r, &more)
	                    : 0;
	if (nm) {
		r->hits = xrealloc(r->hits, (r->n_hits + nm) * sizeof *r->hits);
		memmove(r->hits + n + nm, r->hits + n, (r->n_hits - n) * sizeof *r->hits);
		r->n_hits += nm;
	}
	memcpy(r->hits, sized, ns * sizeof *sized);
	if (nm)
		memcpy(r->hits + ns, more, nm * sizeof *more);
	memcpy(r->hits + ns + nm, other, no * sizeof *other);
	free(more);
	free(sized);
	free(other);
}

/* The page [offset, offset + limit) of r as products with explanations. */
static void page_of(dialogue *d, const struct search_result *r, const struct dlg_frame *f,
                    size_t offset, size_t limit, struct dlg_results *out)
{
	out->total = r->total;
	out->capped = r->total_capped;
	out->relaxed = r->relaxed;
	out->exact = r->total_exact;
	out->did_you_mean = r->corrected ? xstrdup(r->corrected) : NULL;
	size_t avail = r->n_hits > offset ? r->n_hits - offset : 0;
	size_t n = avail < limit ? avail : limit;
	out->items = xcalloc(n ? n : 1, sizeof *out->items);
	out->matched = xcalloc(n ? n : 1, sizeof *out->matched);
	out->lifted = xcalloc(n ? n : 1, sizeof *out->lifted);
	for (size_t i = 0; i < n; i++) {
		const struct search_hit *h = &r->hits[offset + i];
		product_view_copy(&out->items[i], &h->p);
		explain_hit(d, r, h, f, &out->matched[i], &out->lifted[i]);
	}
	out->n = n;
}

bool lookup_words_find(dialogue *d, const char *words, size_t limit, struct search_result *r)
{
	memset(r, 0, sizeof *r);
	if (!words || !*words)
		return false;
	struct search_query q;
	search_query_init(&q);
	q.text = words;
	q.limit = limit ? limit : 1;
	/* "is the Volume Boost Mascara vegan?" names the mascara that is not */
	q.keep_denied = true;
	if (search_run(d->search, &q, r, NULL) < 0) {
		search_result_release(r);
		return false;
	}
	return r->n_hits > 0 && (!r->relaxed || r->total_exact > 0);
}

bool lookup_name_says(dialogue *d, const char *phrase)
{
	struct search_query q;
	search_query_init(&q);
	q.text = phrase;
	q.no_correct = q.no_relax = true;
	q.limit = 20;
	struct search_result r;
	bool says = false;
	/* one word: as its plural or singular too ("mugs" of "Mug") */
	char *one[1] = {(char *)phrase};
	bool word = !strchr(phrase, ' ');
	if (search_run(d->search, &q, &r, NULL) == 0)
		for (size_t i = 0; i < r.n_hits && !says; i++)
			says = r.hits[i].p.name && (word ? words_in_text(one, 1, r.hits[i].p.name) > 0
			                                 : words_run_in(phrase, r.hits[i].p.name));
	search_result_release(&r);
	return says;
}

char *lookup_query(const struct dlg_frame *f, struct search_query *q)
{
	search_query_init(q);
	char *text = query_text(f);
	q->text = text;
	q->price_min = f->price_min >= 0 ? (int64_t)(f->price_min * 100 + 0.5) : -1;
	q->price_max = f->price_max >= 0 ? (int64_t)(f->price_max * 100 + 0.5) : -1;
	q->brand = f->brand;
	q->exclude_brand = f->not_brand;
	q->category = f->category;
	q->color = f->color;
	q->must = f->must;
	q->min_rating = f->rating_min > 0 ? f->rating_min : 0;
	q->in_stock = f->in_stock;
	q->age_months = f->age_months;
	q->sort = (size_t)f->sort < sizeof sort_of / sizeof sort_of[0] ? sort_of[f->sort]
	                                                               : SEARCH_SORT_RELEVANCE;
	return text;
}

/* Does one of the first hits list its sizes ("sizes: S,M,L")? */
static bool lists_sizes(dialogue *d, const struct search_result *r, const char *size)
{
	size_t n = r->n_hits < FACET_SAMPLE ? r->n_hits : FACET_SAMPLE;
	for (size_t i = 0; i < n; i++) {
		struct product_view p;
		int listed = product_view_load_rowid(d->cat, r->hits[i].p.rowid, true, &p, NULL) == 0 &&
		                     p.id
		                 ? ask_size_listed(d, &p, size, NULL)
		                 : -1;
		product_view_release(&p);
		if (listed >= 0)
			return true;
	}
	return false;
}

/* "men's sneakers size 10", "dresses in medium" where products list their
 * sizes: the size is read from the lists, not searched as a word (a search
 * that found nothing with it is run again without it), and a product whose
 * list lacks it is left out; one that lists none is kept. false on error
 * (*err set). */
static bool sizes_by_list(dialogue *d, const struct dlg_frame *f, const struct search_query *q,
                          struct search_result *r, char **err)
{
	if (r->relaxed && !r->total_exact) {
		struct dlg_frame g;
		frame_copy(&g, f);
		free(g.size);
		g.size = NULL;
		if (g.words) {
			/* "dresses in medium": the size said among the words too */
			char *w = words_without(d, g.words, f->size);
			free(g.words);
			g.words = w;
		}
		struct search_query q2;
		char *text = lookup_query(&g, &q2);
		q2.offset = q->offset;
		q2.limit = q->limit;
		struct search_result r2;
		int rc = search_run(d->search, &q2, &r2, err);
		free(text);
		frame_release(&g);
		if (rc < 0) {
			search_result_release(&r2);
			return false;
		}
		if (lists_sizes(d, &r2, f->size)) {
			search_result_release(r);
			*r = r2;
		} else {
			search_result_release(&r2);
		}
	}
	if (!lists_sizes(d, r, f->size))
		return true;
	int *listed = xcalloc(r->n_hits ? r->n_hits : 1, sizeof *listed);
	size_t exact_in = r->relaxed ? r->total_exact : r->n_hits, exact_listed = 0;
	for (size_t i = 0; i < r->n_hits; i++) {
		struct product_view p;
		listed[i] = product_view_load_rowid(d->cat, r->hits[i].p.rowid, true, &p, NULL) == 0 &&
		                    p.id
		                ? ask_size_listed(d, &p, f->size, NULL)
		                : -1;
		product_view_release(&p);
		exact_listed += i < exact_in && listed[i] != 0;
	}
	/* "a harness for a small dog" where the one harness comes in M: the
	 * harness, said not to list the size, not other kinds that do */
	bool keep_words = exact_in > 0 && exact_in <= r->n_hits && exact_listed == 0;
	size_t keep = 0, exact = 0;
	for (size_t i = 0; i < r->n_hits; i++) {
		bool out = keep_words ? i >= exact_in : listed[i] == 0;
		if (out) {
			product_view_release(&r->hits[i].p);
			continue;
		}
		exact += i < r->total_exact; /* the hits with every word stay first */
		r->hits[keep++] = r->hits[i];
	}
	free(listed);
	if (keep_words) {
		r->n_hits = keep;
		r->total = keep;
		r->relaxed = true;
		r->total_exact = 0; /* none has the size */
		return true;
	}
	size_t dropped = r->n_hits - keep;
	r->n_hits = keep;
	r->total = r->total > dropped ? r->total - dropped : keep;
	/* "leather gloves in medium" where the leather ones are L: the nitrile
	 * M left is no match of every word */
	if (r->relaxed)
		r->total_exact = exact;
	else if (r->total_exact > keep)
		r->total_exact = keep;
	return true;
}

/* Does a hit without every word hold in its name a word of words that no
 * hit with every word holds in its name? (hits[0..total_exact) have every
 * word.) */
static bool name_only_elsewhere(dialogue *d, const char *words, const struct search_result *r)
{
	size_t n = 0;
	char **w = words_content(d, words, &n);
	bool found = false;
	for (size_t k = 0; k < n && !found; k++) {
		bool in_exact = false;
		for (size_t i = 0; i < r->total_exact && i < r->n_hits && !in_exact; i++)
			in_exact = words_in_text(&w[k], 1, r->hits[i].p.name) > 0;
		for (size_t i = r->total_exact; i < r->n_hits && !in_exact && !found; i++)
			found = words_in_text(&w[k], 1, r->hits[i].p.name) > 0;
	}
	words_free(w, n);
	return found;
}

/* A search that found products with every word, and filled its page with
 * products holding some ("mystery novel": the mysteries, then other
 * novels), keeps those with every word: a shopper reads a list as what was
 * asked for. hits[0] is the match at offset. */
static void only_exact(dialogue *d, const struct dlg_frame *f, struct search_result *r,
                       size_t offset)
{
	if (!r->relaxed || !r->total_exact)
		return;
	/* unless another product's name says a word no name with every word
	 * says: "heater for 20 gallon tank" finds a kit whose description
	 * holds every word, and the heater by its name */
	if (!offset && f->words && name_only_elsewhere(d, f->words, r))
		return;
	size_t keep = r->total_exact > offset ? r->total_exact - offset : 0;
	if (keep > r->n_hits)
		keep = r->n_hits;
	for (size_t i = keep; i < r->n_hits; i++)
		product_view_release(&r->hits[i].p);
	r->n_hits = keep;
	r->total = r->total_exact;
	r->total_capped = false;
	r->relaxed = false;
}

/* The text without one side of its "or": side 0 drops the word after it,
 * side 1 the word before ("for parts or repair": "parts", "repair").
 * Heap; NULL when the text says no "or" between two words. */
static char *either_side(const dialogue *d, const char *text, int side)
{
	const char *word;
	for (size_t k = 0; (word = replies_raw(d->rp, "lexicon.either", k)); k++) {
		char *sep = xasprintf(" %s ", word);
		const char *at = strstr(text, sep);
		size_t nsep = strlen(sep);
		free(sep);
		if (!at || at == text || !at[nsep])
			continue;
		const char *before = at;
		while (before > text && before[-1] != ' ')
			before--;
		const char *after_end = at + nsep + strcspn(at + nsep, " ");
		return side == 0 ? xasprintf("%.*s%s", (int)(at - text), text, after_end)
		                 : xasprintf("%.*s%s", (int)(before - text), text, at + nsep);
	}
	return NULL;
}

/* "anything for parts or repair": products with every word of either
 * side, those of the first side first; r holds the search of the whole
 * text (either word relaxed) when neither side finds products with every
 * word. 0, or -1 with *err. */
static int search_either(dialogue *d, const struct search_query *q, struct search_result *r,
                         char **err)
{
	char *side[2] = {either_side(d, q->text, 0), either_side(d, q->text, 1)};
	struct search_result part[2];
	memset(part, 0, sizeof part);
	int rc = 0;
	for (int k = 0; k < 2 && rc == 0; k++) {
		struct search_query one = *q;
		one.text = side[k];
		one.no_relax = true;
		rc = search_run(d->search, &one, &part[k], err);
	}
	if (rc == 0 && (part[0].n_hits || part[1].n_hits)) {
		search_result_release(r);
		*r = part[0];
		memset(&part[0], 0, sizeof part[0]);
		for (size_t i = 0; i < part[1].n_hits; i++) {
			bool seen = false;
			for (size_t k = 0; k < r->n_hits && !seen; k++)
				seen = r->hits[k].p.rowid == part[1].hits[i].p.rowid;
			if (seen) {
				product_view_release(&part[1].hits[i].p);
				continue;
			}
			r->hits = xrealloc(r->hits, (r->n_hits + 1) * sizeof *r->hits);
			r->hits[r->n_hits++] = part[1].hits[i];
			r->total++;
		}
		part[1].n_hits = 0;
		r->total_capped |= part[1].total_capped;
		r->relaxed = false;
		r->total_exact = r->total;
	}
	for (int k = 0; k < 2; k++) {
		search_result_release(&part[k]);
		free(side[k]);
	}
	return rc;
}

int lookup_search(dialogue *d, const struct dlg_frame *f, size_t offset, size_t limit,
                struct dlg_results *out, char **err)
{
	memset(out, 0, sizeof *out);
	struct dlg_sample *cached = sample_for(d, f, offset, limit);
	if (cached) {
		cached->turn = d->turn;
		page_of(d, &cached->r, f, offset, limit, out);
		return 0;
	}
	struct search_query q;
	char *text = lookup_query(f, &q);
	/* The first page also samples the facets. Value filters are read
	 * from the products' attributes after the search: it runs over all
	 * the candidates it ranks, and the page is cut from what passes. */
	bool filtered = f->n_values > 0 || f->not_color || f->audience || f->bound_dim;
	q.offset = filtered ? 0 : offset;
	q.limit = filtered ? SEARCH_CANDIDATES
	          : offset == 0 && limit < FACET_SAMPLE ? FACET_SAMPLE : limit;
	struct search_result r;
	int rc = search_run(d->search, &q, &r, err);
	char *either = q.text ? either_side(d, q.text, 0) : NULL;
	if (rc == 0 && either)
		rc = search_either(d, &q, &r, err);
	free(either);
	if (rc < 0) {
		free(text);
		search_result_release(&r);
		return -1;
	}
	if (filtered)
		filter_values(d, f, &r);
	if (f->audience && !strcmp(f->audience, "kids") && q.sort == SEARCH_SORT_RELEVANCE)
		kids_first(d, &r);
	if (f->age_months >= 0 &&
	    (q.sort == SEARCH_SORT_RELEVANCE || q.sort == SEARCH_SORT_RATING))
		too_young_last(d, f->age_months, &r);
	bool sized = !f->size || sizes_by_list(d, f, &q, &r, err);
	if (!sized) {
		free(text);
		search_result_release(&r);
		return -1;
	}
	only_exact(d, f, &r, q.offset);
	/* the products beyond the sample are looked for only when no value
	 * filter ran over all the candidates */
	if (f->measure && (filtered || offset == 0))
		lookup_measure_first(d, f->measure, filtered ? NULL : &q, &r);
	free(text);
	if ((offset == 0 || filtered) && limit > 1) {
		/* a signed-in customer who agreed: a small nudge by their
		 * affinities, within the products that have every word (a
		 * probe for the best match alone needs none) */
		size_t n = r.relaxed && r.total_exact < r.n_hits ? r.total_exact : r.n_hits;
		personal_rerank(d, r.hits, n, q.sort != SEARCH_SORT_RELEVANCE);
	}
	page_of(d, &r, f, filtered ? offset : 0, limit, out);
	if (offset != 0) {
		search_result_release(&r);
		return 0;
	}
	facets(out, &r);
	lookup_forget(d);
	d->sample = xcalloc(1, sizeof *d->sample);
	frame_copy(&d->sample->filters, f);
	d->sample->r = r;
	d->sample->turn = d->turn;
	return 0;
}

bool lookup_path_under(const char *path, const char *category)
{
	size_t n = strlen(category);
	for (const char *p = path; p && *p;) {
		if (!strncasecmp(p, category, n) && (p[n] == '\0' || !strncmp(p + n, " > ", 3)))
			return true;
		p = strstr(p, " > ");
		if (p)
			p += 3;
	}
	return !strcasecmp(path, category);
}

/* The hits of the last sample that hold every word: in relaxed mode
 * they come first, and the rest only fill the page. */
static size_t exact_hits(const dialogue *d)
{
	const struct search_result *r = &d->sample->r;
	if (r->relaxed && r->total_exact > 0 && r->total_exact < r->n_hits)
		return r->total_exact;
	return r->n_hits;
}

double lookup_share_in(const dialogue *d, const char *category)
{
	if (!d->sample || !category || !d->sample->r.n_hits)
		return 0;
	size_t n = exact_hits(d), in = 0;
	for (size_t i = 0; i < n; i++)
		in += d->sample->r.hits[i].p.category && lookup_path_under(d->sample->r.hits[i].p.category, category);
	return (double)in / (double)n;
}

const char *lookup_top_category(const dialogue *d, double *share)
{
	*share = 0;
	if (!d->sample || !d->sample->r.n_hits)
		return NULL;
	size_t n = exact_hits(d);
	const char *best = NULL;
	size_t best_count = 0;
	for (size_t i = 0; i < n; i++) {
		const char *c = d->sample->r.hits[i].p.category;
		if (!c || (best && !strcmp(best, c)))
			continue;
		size_t count = 0;
		for (size_t k = 0; k < n; k++)
			count += d->sample->r.hits[k].p.category &&
			         !strcmp(d->sample->r.hits[k].p.category, c);
		if (count > best_count) {
			best = c;
			best_count = count;
		}
	}
	*share = (double)best_count / (double)n;
	return best;
}

double lookup_brand_share(const dialogue *d, const char *brand)
{
	if (!d->sample || !brand || !d->sample->r.n_hits)
		return 0;
	size_t n = exact_hits(d), in = 0;
	for (size_t i = 0; i < n; i++)
		in += d->sample->r.hits[i].p.brand && !strcasecmp(d->sample->r.hits[i].p.brand, brand);
	return (double)in / (double)n;
}

void lookup_results_release(struct dlg_results *r)
{
	for (size_t i = 0; i < r->n; i++) {
		product_view_release(&r->items[i]);
		free(r->matched[i]);
		free(r->lifted[i]);
	}
	free(r->items);
	free(r->matched);
	free(r->lifted);
	for (size_t i = 0; i < r->n_brands; i++)
		free(r->brands[i].value);
	free(r->brands);
	for (size_t i = 0; i < r->n_categories; i++)
		free(r->categories[i].value);
	free(r->categories);
	free(r->did_you_mean);
	memset(r, 0, sizeof *r);
}

int lookup_product(dialogue *d, const char *id, bool details, struct product_view *out,
                   char **err)
{
	if (product_view_load(d->cat, id, details, out, err) < 0)
		return -1;
	if (!out->id) {
		if (err)
			*err = xasprintf("no product with id \"%s\"", id);
		return -1;
	}
	return 0;
}

/* The value of a product that differs within its group: its colour, else
 * the first shown attribute whose values differ among the group. */
static char *variant_of(dialogue *d, const struct product_view *group, size_t n, size_t me)
{
	struct product_view full[DLG_MAX_SHOWN];
	size_t got = 0;
	for (size_t i = 0; i < n && got < DLG_MAX_SHOWN; i++)
		if (product_view_load(d->cat, group[i].id, true, &full[got], NULL) == 0 && full[got].id)
			got++;
	char *label = NULL;
	if (got == n) {
		bool colours = full[me].color != NULL;
		for (size_t i = 0; i < n && colours; i++)
			colours = full[i].color && (i == me || strcasecmp(full[i].color, full[me].color));
		if (colours)
			label = xstrdup(full[me].color);
		for (size_t a = 0; a < full[me].n_attrs && !label; a++) {
			const struct product_attr *at = &full[me].attrs[a];
			bool differs = true;
			for (size_t i = 0; i < n && differs; i++) {
				if (i == me)
					continue;
				bool same = false;
				for (size_t b = 0; b < full[i].n_attrs && !same; b++)
					same = !strcmp(full[i].attrs[b].key, at->key) &&
					       !strcmp(full[i].attrs[b].value, at->value);
				differs = !same;
			}
			if (differs)
				label = xstrdup(at->value);
		}
	}
	for (size_t i = 0; i < got; i++)
		product_view_release(&full[i]);
	return label;
}

/* The colour of p's colour lists that the frame's colour names ("Ocean
 * Blue" of "blue", the words "brick bucket ocean blue"): the one whose
 * words the search said too, else the only one that holds the colour.
 * Heap, or NULL. */
static char *colour_listed(dialogue *d, const struct product_view *p)
{
	const struct dlg_frame *f = &d->frame;
	struct product_view full;
	if (lookup_product(d, p->id, true, &full, NULL) < 0 || !full.id) {
		product_view_release(&full);
		return NULL;
	}
	char *said = NULL, *only = NULL;
	size_t holding = 0;
	char *one[1] = {f->color};
	for (size_t i = 0; i < full.n_attrs && !said; i++) {
		if (!ask_key_of(d, full.attrs[i].key, "color"))
			continue;
		char *items = xstrdup(full.attrs[i].value), *save = NULL;
		for (char *it = strtok_r(items, ",", &save); it && !said; it = strtok_r(NULL, ",", &save)) {
			while (*it == ' ')
				it++;
			if (!*it || !words_in_text(one, 1, it))
				continue;
			if (f->words && words_all_in(d, it, f->words)) {
				said = xstrdup(it);
			} else if (!only || strcasecmp(only, it)) {
				holding++;
				free(only);
				only = xstrdup(it);
			}
		}
		free(items);
	}
	product_view_release(&full);
	if (said || holding != 1) {
		free(only);
		return said;
	}
	return only;
}

int64_t lookup_frame_stock(dialogue *d, const struct product_view *p, char **options)
{
	const struct dlg_frame *f = &d->frame;
	if (options)
		*options = NULL;
	/* a size said as a measure ("braided cable in 1 m") */
	const char *size = f->size ? f->size : f->measure;
	if (!d->has_frame || !p->id || (!f->color && !size))
		return -1;
	/* "in red, size 43": both, else the one the shop keeps stock by; a
	 * colour as the product lists it ("Ocean Blue" of "blue") last */
	char *listed = NULL;
	char *tries[5] = {f->color && size ? xasprintf("%s, %s", f->color, size) : NULL,
	                  size ? xstrdup(size) : NULL, f->color ? xstrdup(f->color) : NULL};
	int64_t stock = -1;
	for (int k = 0; k < 5; k++) {
		if (k == 3 && stock < 0 && f->color && (listed = colour_listed(d, p))) {
			tries[3] = size ? xasprintf("%s, %s", listed, size) : NULL;
			tries[4] = listed;
		}
		if (stock < 0 && tries[k] && (stock = cart_variant_stock(d->cat, p->id, tries[k])) >= 0 &&
		    options) {
			*options = tries[k];
			tries[k] = NULL;
		}
		free(tries[k]);
	}
	return stock;
}

void lookup_mark_frame_stock(dialogue *d, struct product_view *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char *options = NULL;
		int64_t stock = lookup_frame_stock(d, &p[i], &options);
		if (stock >= 0) {
			p[i].stock = stock;
			p[i].has_stock = true;
			/* "from $24.99" of the bucket is $26.99 in Ocean Blue */
			int64_t price = cart_variant_price(d->cat, p[i].id, options);
			if (price >= 0) {
				p[i].price_cents = price;
				p[i].has_price = true;
				p[i].price_from = false;
			}
			/* and the card says which, as the product lists it ("Brick
			 * Bucket, Ocean Blue" of "blue") */
			const struct dlg_frame *f = &d->frame;
			if (!p[i].variant && !(f->color && !strcasecmp(options, f->color)) &&
			    !(f->size && !strcasecmp(options, f->size)) &&
			    !(f->measure && !strcasecmp(options, f->measure)) &&
			    strchr(options, ' ')) {
				p[i].variant = options;
				options = NULL;
			}
		}
		free(options);
	}
}

void lookup_mark_from_prices(dialogue *d, struct product_view *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int64_t lo, hi;
		p[i].price_from = !p[i].variant && p[i].has_price && p[i].id &&
		                  cart_variant_range(d->cat, p[i].id, &lo, &hi) && hi > lo &&
		                  p[i].price_cents <= lo;
	}
}

void lookup_mark_variants(dialogue *d, struct product_view *p, size_t n)
{
	for (size_t i = 0; i < n && n <= DLG_MAX_SHOWN; i++) {
		if (p[i].variant || !p[i].name)
			continue;
		struct product_view group[DLG_MAX_SHOWN];
		size_t k = 0, me = 0;
		for (size_t j = 0; j < n; j++) {
			if (!p[j].name || strcasecmp(p[j].name, p[i].name))
				continue;
			if (j == i)
				me = k;
			group[k++] = p[j];
		}
		if (k > 1)
			p[i].variant = variant_of(d, group, k, me);
	}
}

bool lookup_words_name_products(dialogue *d, const char *words)
{
	struct search_result r;
	bool found = lookup_words_find(d, words, 1, &r);
	/* "prosseco" names the Prosecco: the words as the search corrected
	 * them */
	bool named = found && (words_in_name(words, r.hits[0].p.name, r.hits[0].p.brand) ||
	                       (r.corrected && words_in_name(r.corrected, r.hits[0].p.name,
	                                                     r.hits[0].p.brand)));
	search_result_release(&r);
	return named;
}

/* Does a product of the frame ctx hold word with the words kept? */
static bool held_in_kind(dialogue *d, const char *kept, const char *word, void *ctx)
{
	struct dlg_frame g;
	frame_copy(&g, ctx);
	free(g.words);
	g.words = kept ? xasprintf("%s %s", kept, word) : xstrdup(word);
	bool holds = lookup_finds_all(d, &g);
	frame_release(&g);
	return holds;
}

char *lookup_words_of_kind(dialogue *d, const struct dlg_frame *f, const char *words)
{
	return words_kept(d, words, held_in_kind, (void *)f);
}

bool lookup_finds_all(dialogue *d, const struct dlg_frame *f)
{
	struct dlg_results r;
	bool found = lookup_search(d, f, 0, 1, &r, NULL) == 0 && r.n && (!r.relaxed || r.exact);
	lookup_results_release(&r);
	return found;
}

bool lookup_any_word_said(const dialogue *d, const char *name, const char *words)
{
	size_t n = 0;
	char **w = words_content(d, name, &n);
	bool said = false;
	for (size_t i = 0; i < n && !said; i++) {
		char *one[1] = {w[i]};
		said = words && words_in_text(one, 1, words);
	}
	words_free(w, n);
	return said;
}

bool lookup_word_held(dialogue *d, const char *kept, const char *word, void *ctx)
{
	(void)kept;
	(void)ctx;
	return search_word_products(d->search, word, 1) > 0;
}

/* Does the last word of text[0, len) match word? */
static bool ends_with_word(const char *text, size_t len, const char *word)
{
	while (len && !isalnum((unsigned char)text[len - 1]))
		len--;
	size_t start = len;
	while (start && (isalnum((unsigned char)text[start - 1]) || (unsigned char)text[start - 1] >= 0x80))
		start--;
	if (start == len)
		return false;
	char *last = xstrndup(text + start, len - start);
	char *one[1] = {(char *)word};
	bool same = words_in_text(one, 1, last) == 1;
	free(last);
	return same;
}

#define KIND_PROBE 8

bool lookup_word_is_kind(dialogue *d, const char *word)
{
	struct search_result r;
	bool kind = false;
	if (lookup_words_find(d, word, KIND_PROBE, &r)) {
		for (size_t i = 0; i < r.n_hits && !kind; i++) {
			const struct product_view *p = &r.hits[i].p;
			const char *name = p->name ? p->name : "";
			/* what the name says it is: before "(", ",", " - " or " for " */
			size_t len = strcspn(name, "(,");
			const char *dash = strstr(name, " - ");
			if (dash && (size_t)(dash - name) < len && dash > name)
				len = (size_t)(dash - name);
			const char *fr = strstr(name, " for ");
			if (fr && (size_t)(fr - name) < len && fr > name)
				len = (size_t)(fr - name);
			const char *leaf = p->category ? strrchr(p->category, '>') : NULL;
			leaf = leaf ? leaf + 1 : p->category;
			kind = ends_with_word(name, len, word) ||
			       (leaf && ends_with_word(leaf, strlen(leaf), word));
		}
	}
	search_result_release(&r);
	return kind;
}
