/*
 * resolve.c: grounding a turn's references, once.
 *
 * Which references a turn may carry depends on its intent (the `wants`
 * table). Precedence: an ordinal ("the second one") picks from the list
 * in focus; then words that name products ("is the Pixel 8a waterproof",
 * "remove the toaster"), looked for in the cart (for cart changes), the
 * list and the catalog; then a superlative over the list ("the cheaper
 * one"); then "it": the product in focus, or the list's only product.
 * A pronoun with a list on screen keeps the turn on that list: "is it
 * good for running" asks about the product in focus, not about running
 * shoes.
 */
#include "src/dialogue/resolve.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "catalog/shop/cart.h"
#include "common/buf.h"
#include "common/xalloc.h"
#include "nlu/text/token.h"
#include "src/dialogue/ask.h"
#include "src/dialogue/attrs.h"
#include "src/dialogue/lookup.h"
#include "src/dialogue/state.h"
#include "src/dialogue/words.h"

enum {
	W_PRODUCTS = 1, /* the turn acts on products */
	W_NAMED = 2,    /* ... which it may name by name */
	W_CART = 4,     /* ... looked for in the cart first */
	W_ALL = 8,      /* without a reference: the whole list */
	W_ATTR = 16,    /* a question about an attribute */
};

static const struct {
	const char *intent;
	unsigned want;
} wants[] = {
	{"add_to_cart", W_PRODUCTS | W_NAMED},
	{"remove_from_cart", W_PRODUCTS | W_NAMED | W_CART},
	{"product_question", W_PRODUCTS | W_NAMED | W_ATTR},
	{"compare", W_PRODUCTS | W_NAMED | W_ATTR},
	{"recommend", W_PRODUCTS | W_NAMED},
	{"explain", W_PRODUCTS | W_ALL},
	{"refine", W_PRODUCTS},
};

/* Candidates a name is looked up among in the catalog. */
#define NAME_CANDIDATES 8

static unsigned want_of(const char *intent)
{
	for (size_t i = 0; intent && i < sizeof wants / sizeof wants[0]; i++)
		if (!strcmp(wants[i].intent, intent))
			return wants[i].want;
	return 0;
}

static void add_target(struct reading *r, const struct product_view *p, int index)
{
	r->found++; /* found, though it may be a target already */
	if (r->n_targets >= DLG_MAX_TARGETS)
		return;
	for (size_t i = 0; i < r->n_targets; i++)
		if (r->targets[i].id && p->id && !strcmp(r->targets[i].id, p->id))
			return;
	product_view_copy(&r->targets[r->n_targets], p);
	r->index[r->n_targets] = index;
	r->n_targets++;
}

static void add_shown(struct turn *t, int i)
{
	add_target(&t->r, &t->d->shown[i], i);
	t->r.from_list = true;
}

/* The targets from position `before` on fit alike: they become the list
 * the shopper picks from ("which one?"). */
static void ask_which(struct turn *t, size_t before, enum dlg_list kind)
{
	size_t n = t->r.n_targets - before;
	state_list_set(t->d, &t->r.targets[before], n, NULL, NULL, kind);
	for (size_t i = 0; i < n; i++)
		t->r.index[before + i] = (int)i;
	t->r.ref = REF_AMBIGUOUS;
}

/* ---- ordinals and pronouns ---- */

static bool says_pronoun(const struct turn *t)
{
	return words_says(t->d, t->lower, "lexicon.pronoun");
}

/* The turn's ordinals against the list. */
static void from_ordinals(struct turn *t)
{
	dialogue *d = t->d;
	const struct nlu_entities *e = &t->out->nlu.entities;
	for (size_t k = 0; k < e->n_ordinals; k++) {
		int o = e->ordinals[k];
		if (o == NLU_ORDINAL_ALL && words_says(d, t->lower, "lexicon.both")) {
			/* "both": the two just compared, else the first two */
			if (d->n_compared == 2) {
				for (size_t i = 0; i < 2; i++)
					add_shown(t, d->compared[i]);
			} else {
				for (size_t i = 0; i < d->n_shown && i < 2; i++)
					add_shown(t, (int)i);
			}
		} else if (o == NLU_ORDINAL_ALL) {
			for (size_t i = 0; i < d->n_shown; i++)
				add_shown(t, (int)i);
		} else if (o == NLU_ORDINAL_LAST) {
			if (!d->n_shown) {
				t->r.ref = REF_OUT_OF_RANGE;
				return;
			}
			add_shown(t, (int)d->n_shown - 1);
		} else if (o > 0) {
			if ((size_t)o > d->n_shown) {
				t->r.ref = REF_OUT_OF_RANGE;
				return;
			}
			add_shown(t, o - 1);
		}
	}
	if (t->r.n_targets)
		t->r.ref = REF_OK;
}

/* ---- names ---- */

/* The words of the turn that may name a product: the content words of its
 * text (a category or brand can be part of a name: "the Chamomile Tea")
 * without the words of asking, of what it asks ("waterproof", "in
 * stock"), of comparatives, of doing, and of a colour asked about. */
static bool superlative_said(struct turn *t);
static bool followed_by_one(const char *text, const char *word);

/* Does a product on the list hold word i in its name beside another of
 * the n words ("memory" with "foam" in "Memory Foam Mattress")? Then the
 * word is the name's, not the concept of a question. */
static bool name_on_list(const dialogue *d, char **w, size_t n, size_t i)
{
	for (size_t k = 0; k < d->n_shown; k++) {
		if (!words_in_text(&w[i], 1, d->shown[k].name))
			continue;
		for (size_t j = 0; j < n; j++)
			if (j != i && !ask_question_word(d, w[j]) &&
			    words_in_text(&w[j], 1, d->shown[k].name))
				return true;
	}
	return false;
}

/* Is word a word of the colour, said right after "in" ("in navy", "in
 * light blue")? */
static bool color_after_in(const char *lower, const char *color, const char *word)
{
	char phrase[96];
	snprintf(phrase, sizeof phrase, "in %s", color);
	for (char *c = phrase; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	if (!words_at(lower, phrase))
		return false;
	char *one[1] = {(char *)word};
	return words_in_text(one, 1, color) > 0;
}

/* Is word the size said, or one of its words ("inch" of "12 inch") when
 * the text says it so ("3 seater" is read as the size "3 person")? */
static bool size_word(const char *size, const char *word, const char *text)
{
	if (!strcasecmp(size, word))
		return true;
	/* the size read glued ("750ml") from the words "750 ml" */
	size_t m = strlen(size), w = strlen(word);
	if (w < m && !strchr(size, ' ')) {
		char *apart = !strncasecmp(size, word, w) ? xasprintf("%s %s", word, size + w)
		              : !strcasecmp(size + m - w, word)
		                  ? xasprintf("%.*s %s", (int)(m - w), size, word)
		                  : NULL;
		bool said = apart && words_at(text, apart);
		free(apart);
		if (said)
			return true;
	}
	if (!words_at(text, size))
		return false;
	size_t n = strlen(word);
	for (const char *s = size; *s;) {
		size_t len = strcspn(s, " ");
		if (len == n && !strncasecmp(s, word, n))
			return true;
		s += len;
		s += *s == ' ';
	}
	return false;
}

/* Is the colour word w[i] part of a name said, a product's name holding
 * it beside the word before or after it ("optimum forge gold", "the gold
 * standard")? */
static bool colour_in_name(dialogue *d, char **w, size_t n, size_t i)
{
	bool in = false;
	for (size_t side = 0; side < 2 && !in; side++) {
		size_t a = side ? i : i - 1;
		if ((!side && i == 0) || a + 1 >= n)
			continue;
		char *phrase = xasprintf("%s %s", w[a], w[a + 1]);
		in = lookup_name_says(d, phrase);
		free(phrase);
	}
	return in;
}

static char *name_words_of(struct turn *t, const char *text, unsigned want)
{
	const struct nlu_entities *e = &t->out->nlu.entities;
	/* "add the cheapest", "the widest one": the word that picks from the
	 * list is no part of a name */
	bool picks = t->d->n_shown && superlative_said(t);
	size_t n = 0;
	char **w = words_content(t->d, text, &n);
	const char *concept = want & W_ATTR ? ask_concept(t->d, t->lower) : NULL;
	/* "what goes well with the X", "similar to the X": the words of the
	 * relation are not the name */
	static const char *const relations[] = {"lexicon.goes_with", "lexicon.similar"};
	const char *relation = NULL;
	for (size_t i = 0; i < sizeof relations / sizeof relations[0] && !relation; i++)
		if (words_says(t->d, t->lower, relations[i]))
			relation = relations[i];
	const char *stop_words = words_said(t->d, t->lower, "lexicon.stop");
	/* "the Nappies Size 3": a size the products' names say is a name's */
	bool size_named = false;
	if (e->size) {
		char *phrase = xasprintf("size %s", e->size);
		size_named = words_at(t->lower, phrase) && lookup_words_name_products(t->d, phrase);
		free(phrase);
		/* "the 35 lb bag" of a list with "Cat Litter, 35 lb" */
		size_t ns = 0;
		char **sw = words_content(t->d, e->size, &ns);
		for (size_t i = 0; ns && i < t->d->n_shown && !size_named; i++)
			size_named = words_in_text(sw, ns, t->d->shown[i].name) == ns;
		words_free(sw, ns);
	}
	struct buf b;
	buf_init(&b);
	for (size_t i = 0; i < n; i++) {
		if (concept && ask_concept_word(t->d, concept, w[i]) && !name_on_list(t->d, w, n, i) &&
		    !followed_by_one(t->lower, w[i]))
			continue;
		if (want & W_ATTR && (words_in_section(t->d, w[i], "lexicon.compare_words") ||
		                      ask_question_word(t->d, w[i]) ||
		                      (e->color && !strcmp(e->color, w[i]) &&
		                       !colour_in_name(t->d, w, n, i))))
			continue;
		/* "is the thermometer on sale", "is the X available": the words
		 * of what is asked, unless a listed name holds them */
		if (want & W_ATTR && !name_on_list(t->d, w, n, i) &&
		    (words_in_section(t->d, w[i], "lexicon.sale_words") ||
		     words_in_section(t->d, w[i], "lexicon.ask_stock")))
			continue;
		/* "add the light blue one in small", "add 2 pairs size 28": the
		 * size picks a variant, it names no product; so does a colour
		 * said after "in" ("a baseball cap in navy") */
		if (e->size && !size_named &&
		    ((size_word(e->size, w[i], t->lower) && !followed_by_one(t->lower, e->size)) ||
		     !strcmp(w[i], "size") || !strcmp(w[i], "sized")))
			continue;
		if (e->color && color_after_in(t->lower, e->color, w[i]))
			continue;
		if (picks && (words_in_section(t->d, w[i], "comparative.less") ||
		              words_in_section(t->d, w[i], "comparative.more")))
			continue;
		if ((relation && words_in_section(t->d, w[i], relation)) ||
		    words_in_section(t->d, w[i], "lexicon.not_names") ||
		    words_is(t->d, w[i], "lexicon.act_words") || (e->order_id && strstr(e->order_id, w[i])))
			continue;
		/* the quantity asked for is not part of a name: "add 1000", "add two",
		 * nor what it counts ("add 3 boxes", "add 2 packs") */
		long said;
		if (e->quantity_said && ((words_number(w[i], &said) && said == labs((long)e->quantity)) ||
		                         words_is(t->d, w[i], "lexicon.pack_words") ||
		                         lexicon_list_has(lang_list(t->d->lang, "qty_after"), w[i],
		                                          strlen(w[i]))))
			continue;
		/* "never mind, remove it": the words of stopping name nothing */
		if (stop_words && words_in_text(&w[i], 1, stop_words))
			continue;
		if (b.len)
			buf_addc(&b, ' ');
		buf_adds(&b, w[i]);
	}
	words_free(w, n);
	if (!b.len) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b);
}

/* Is the product sold in the size or colour the turn says? */
static bool sold_as_said(struct turn *t, const char *id)
{
	dialogue *d = t->d;
	const struct nlu_entities *e = &t->out->nlu.entities;
	struct product_view full;
	if (lookup_product(d, id, true, &full, NULL) < 0)
		return false;
	bool sold = true;
	if (e->size) {
		const char *sizes = NULL;
		char *as = NULL;
		sold = ask_size_listed_as(d, &full, e->size, &sizes, &as) == 1;
		free(as);
	}
	if (e->color && sold) {
		char *one[1] = {(char *)e->color};
		sold = full.color && words_in_text(one, 1, full.color);
		for (size_t i = 0; i < full.n_attrs && !sold; i++)
			sold = ask_key_of(d, full.attrs[i].key, "color") &&
			       words_in_text(one, 1, full.attrs[i].value);
	}
	product_view_release(&full);
	return sold;
}

/* "make it the 1kg" after adding coffee and then a mug: the one line of
 * the cart whose product is sold in the size or colour said, when the
 * product in focus is not. */
static void from_cart_option(struct turn *t)
{
	dialogue *d = t->d;
	if (d->focus >= 0 && (size_t)d->focus < d->n_shown && sold_as_said(t, d->shown[d->focus].id))
		return;
	int64_t cart;
	struct cart_contents cc;
	if (state_cart(d, &cart, NULL) < 0 || cart_list(d->cat, cart, &cc, NULL) < 0)
		return;
	int found = -1;
	bool several = false;
	for (size_t i = 0; i < cc.n && !several; i++) {
		if (found >= 0 && !strcmp(cc.lines[found].product, cc.lines[i].product))
			continue;
		if (!sold_as_said(t, cc.lines[i].product))
			continue;
		several = found >= 0;
		found = (int)i;
	}
	if (found >= 0 && !several) {
		const struct cart_line *l = &cc.lines[found];
		struct product_view p = {
			.id = l->product, .name = l->name, .currency = l->currency,
			.price_cents = l->price_cents, .has_price = l->price_cents >= 0,
		};
		add_target(&t->r, &p, state_list_find(d, p.id));
		t->r.ref = REF_OK;
	}
	cart_contents_release(&cc);
}

static char *name_words(struct turn *t, unsigned want)
{
	/* "does the spitfire come with paint and glue": what it comes with
	 * is asked, not named (the paint set and the glue pens are other
	 * products); the words before say which product */
	const char *with = want & W_ATTR ? words_said(t->d, t->lower, "lexicon.comes_with") : NULL;
	const char *at = with ? words_at(t->lower, with) : NULL;
	if (at && at > t->lower) {
		char *before = xstrndup(t->lower, (size_t)(at - t->lower));
		char *words = name_words_of(t, before, want);
		free(before);
		return words;
	}
	/* "can i swim with the band 3", "can i wash it": what the shopper
	 * would do is asked of the product after "with the" (or "it"), not
	 * the name of a swimsuit */
	if (want & W_ATTR && words_starts_with(t->d, t->lower, "lexicon.may_i") &&
	    !words_starts_with(t->d, t->lower, "lexicon.comes_with")) {
		static const char *const with[] = {" with the ", " in the ", " on the ", " with it",
		                                   " in it", " on it"};
		for (size_t i = 0; i < sizeof with / sizeof *with; i++) {
			const char *at = strstr(t->lower, with[i]);
			if (!at)
				continue;
			const char *rest = at + strlen(with[i]);
			bool pronoun = !strncmp(with[i] + strlen(with[i]) - 3, " it", 3);
			if (pronoun && isalnum((unsigned char)*rest))
				continue; /* "with items" */
			return pronoun ? NULL : name_words_of(t, rest, want);
		}
	}
	/* "whats included", "what's inside the tent": the words that ask for
	 * the contents are no part of a name */
	const char *contents = want & W_ATTR ? words_said(t->d, t->lower, "lexicon.ask_contents")
	                                     : NULL;
	const char *from = contents ? words_at(t->lower, contents) : NULL;
	if (from) {
		char *rest = xstrdup(t->lower);
		memset(rest + (from - t->lower), ' ', strlen(contents));
		char *words = name_words_of(t, rest, want);
		free(rest);
		return words;
	}
	return name_words_of(t, t->lower, want);
}

/* Lines of the cart whose name holds every word. */
/* Does name hold word as it is written (any case)? */
static bool name_has_word(const char *name, const char *word)
{
	char *lower = words_lower(name ? name : "");
	bool has = words_at(lower, word) != NULL;
	free(lower);
	return has;
}

static void from_cart(struct turn *t, const char *words)
{
	dialogue *d = t->d;
	size_t before = t->r.n_targets;
	int64_t cart;
	struct cart_contents cc;
	if (state_cart(d, &cart, NULL) < 0 || cart_list(d->cat, cart, &cc, NULL) < 0)
		return;
	size_t nw = 0;
	char **w = words_content(d, words, &nw);
	for (int pass = 0; pass < 2 && t->r.n_targets == before; pass++) {
		/* "remove the jacket, I changed my mind": when no line holds
		 * every word, the words that name products ("jacket"; not
		 * "changed", "mind") name the line */
		if (pass == 1) {
			size_t kept = 0;
			for (size_t k = 0; k < nw; k++) {
				if (lookup_name_says(d, w[k]))
					w[kept++] = w[k];
				else
					free(w[k]);
			}
			if (kept == nw)
				break;
			nw = kept;
		}
		for (size_t i = 0; i < cc.n && nw; i++) {
			if (words_in_text(w, nw, cc.lines[i].name) < nw)
				continue;
			struct product_view p = {
				.id = cc.lines[i].product, .name = cc.lines[i].name,
				.currency = cc.lines[i].currency, .price_cents = cc.lines[i].price_cents,
				.has_price = cc.lines[i].price_cents >= 0,
			};
			add_target(&t->r, &p, state_list_find(d, p.id));
		}
	}
	/* "remove the bars" of two bars in the cart: a word said in the
	 * plural, as no line's name writes it, is all of them */
	bool plural = nw > 0;
	for (size_t i = before; plural && i < t->r.n_targets && i < DLG_MAX_TARGETS; i++)
		plural = !name_has_word(t->r.targets[i].name, w[nw - 1]);
	words_free(w, nw);
	cart_contents_release(&cc);
	/* several lines fit and the shopper did not say all: ask which */
	if (t->r.n_targets - before > 1 && !plural && !words_says(d, t->lower, "lexicon.all"))
		ask_which(t, before, LIST_CART);
}

static bool the_before(const char *text, const char *word);

/* Do the words a and b stand in one option or fact value of a listed
 * product ("cookies and cream" of "Cookies & Cream")? Then the "and"
 * between them joins no two names. */
static bool one_value_holds(const struct turn *t, const char *a, const char *b)
{
	dialogue *d = t->d;
	char *two[2] = {(char *)a, (char *)b};
	bool holds = false;
	for (size_t i = 0; i < d->n_shown && !holds; i++) {
		struct product_view full;
		if (lookup_product(d, d->shown[i].id, true, &full, NULL) < 0)
			continue;
		for (size_t k = 0; k < full.n_attrs && !holds; k++)
			holds = words_in_text(two, 2, full.attrs[k].value) == 2 &&
			        words_in_text(two, 2, full.name) < 2;
		product_view_release(&full);
	}
	return holds;
}

/* Splits "iphone 15 and galaxy s24" where the sentence joins two names:
 * the words between the joiners, each a name. */
static size_t split_names(const struct turn *t, const char *words, char **out, size_t max)
{
	size_t n = 0;
	char *copy = xstrdup(words);
	/* the joiners as the shopper wrote them stand in the text, not in the
	 * product words: split the words where the text has one between them */
	size_t nw = 0;
	char **w = words_content(t->d, copy, &nw);
	struct buf cur;
	buf_init(&cur);
	const char *text = t->lower;
	const char *at = text;
	for (size_t i = 0; i < nw; i++) {
		const char *pos = strstr(at, w[i]);
		if (pos && cur.len) {
			char *between = xstrndup(at, (size_t)(pos - at));
			/* "the bed, the mattress and the sheet": a comma joins too,
			 * in a list that ends with "and" ("the same wine, the
			 * barolo" names one) */
			bool joined = words_says(t->d, between, "lexicon.joiners") ||
			              (strchr(between, ',') && the_before(t->lower, w[i]) &&
			               words_at(pos, "and"));
			free(between);
			if (joined && i > 0 && one_value_holds(t, w[i - 1], w[i]))
				joined = false;
			if (joined && n + 1 < max) {
				out[n++] = buf_detach(&cur);
				buf_init(&cur);
			}
		}
		if (cur.len)
			buf_addc(&cur, ' ');
		buf_adds(&cur, w[i]);
		if (pos)
			at = pos + strlen(w[i]);
	}
	if (cur.len)
		out[n++] = buf_detach(&cur);
	else
		buf_release(&cur);
	words_free(w, nw);
	free(copy);
	return n;
}

/* How much of a product's name the words say: the share of the name's
 * content words (brand words count too, but need not be said) that stand
 * in words, and how many of the words the name and brand hold. */
struct coverage {
	double name_share;
	size_t words_held;
};

/* A word a shop marks who a product is for with ("Women's", "Kids'"):
 * like a size, it need not be said to name the product. */
static bool audience_mark(const dialogue *d, const char *word)
{
	const char *key;
	for (size_t i = 0; (key = replies_key(d->rp, i)); i++) {
		if (strncmp(key, "audience_marks.", 15))
			continue;
		const char *v;
		for (size_t k = 0; (v = replies_raw(d->rp, key, k)); k++)
			if (words_match(v, word))
				return true;
	}
	return false;
}

static struct coverage cover(const dialogue *d, char **w, size_t nw, const struct product_view *p)
{
	struct coverage c = {0, 0};
	size_t nn = 0;
	char **name = words_content(d, p->name, &nn);
	size_t said = 0, counted = 0;
	for (size_t i = 0; i < nn; i++) {
		/* "20 Bags", "6 Pack", "500g": the size of a name need not be said */
		if (strpbrk(name[i], "0123456789") || words_is(d, name[i], "lexicon.pack_words") ||
		    audience_mark(d, name[i]))
			continue;
		counted++;
		char *one[1] = {name[i]};
		said += words_in_text(w, nw, name[i]) > 0 ||
		        words_in_text(one, 1, p->brand) > 0;
	}
	c.name_share = counted ? (double)said / (double)counted : 0;
	char *hay = xasprintf("%s %s", p->name, p->brand ? p->brand : "");
	c.words_held = words_in_text(w, nw, hay);
	free(hay);
	words_free(name, nn);
	/* "the yamaha p145": a model said (letters and digits, "P-145" as
	 * one word) in the part of the name that says what the product is,
	 * not after "for" ("Stand for P-145"), with no word the name lacks,
	 * names it whole */
	const char *for_part = strstr(p->name, " for ");
	char *head = for_part ? xstrndup(p->name, (size_t)(for_part - p->name)) : xstrdup(p->name);
	for (size_t k = 0; k < nw && c.words_held == nw && c.name_share < 1.0; k++) {
		char *one[1] = {w[k]};
		bool model = strlen(w[k]) >= 3 && strpbrk(w[k], "0123456789") &&
		             strpbrk(w[k], "abcdefghijklmnopqrstuvwxyz");
		if (model && words_in_text(one, 1, head))
			c.name_share = 1.0;
	}
	free(head);
	return c;
}

/* A name is said when most of its words are, and at least two of the
 * shopper's words (or its one word) stand in it: "the Basil Pesto" names
 * "Basil Pesto"; "rice" alone does not name "Jasmine Rice". */
#define NAME_SAID 0.6

static bool names_product(struct coverage c, size_t nw)
{
	return c.name_share >= NAME_SAID && (c.words_held >= 2 || (c.words_held == 1 && nw == 1) ||
	                                      c.name_share >= 1.0);
}

/* Does word stand in text right before "one" ("the foam one")? */
static bool followed_by_one(const char *text, const char *word)
{
	char *phrase = xasprintf("%s one", word);
	bool at = words_at(text, phrase) != NULL;
	free(phrase);
	return at;
}

/* Does a word of w other than w[i] name a product of the catalog ("add
 * the organic eggs": "eggs")? Then "the organic" picks nothing alone. */
static bool others_name(dialogue *d, char **w, size_t n, size_t i)
{
	for (size_t j = 0; j < n; j++) {
		if (j == i || strpbrk(w[j], "0123456789"))
			continue;
		if (lookup_words_name_products(d, w[j]))
			return true;
	}
	return false;
}

/* Does "the" stand right before word in text ("is the pesto vegan?")? */
static bool the_before(const char *text, const char *word)
{
	char *phrase = xasprintf("the %s", word);
	bool at = words_at(text, phrase) != NULL;
	free(phrase);
	return at;
}

/* The position of the one product of the list whose name holds the n
 * words, or -1 (none, or several). */
static int list_only(const dialogue *d, char **w, size_t n)
{
	int only = -1;
	for (size_t i = 0; i < d->n_shown; i++) {
		if (words_in_text(w, n, d->shown[i].name) < n)
			continue;
		if (only >= 0)
			return -1;
		only = (int)i;
	}
	return only;
}

/* Does the product have an attribute whose whole value is the n words
 * ("format: paperback")? What it contains ("allergens: milk") names no
 * product. */
static bool value_is(dialogue *d, const struct product_view *p, char **w, size_t n)
{
	for (size_t k = 0; k < p->n_attrs; k++) {
		if (ask_concept_word(d, "ingredients", p->attrs[k].key))
			continue;
		size_t nv = 0;
		char **v = words_content(d, p->attrs[k].value, &nv);
		bool is = nv == n && words_in_text(w, n, p->attrs[k].value) == n;
		words_free(v, nv);
		if (is)
			return true;
	}
	return false;
}

/* "the paperback", when a book on the list is format: paperback: the
 * products of the list with an attribute of that value, when the shopper
 * says "the" before the words; their positions in picked[], how many. */
static size_t list_values(struct turn *t, char **w, size_t n, int *picked)
{
	dialogue *d = t->d;
	/* sizes ("the 500g") are read as sizes (resolve_variant_pick()) */
	for (size_t i = 0; i < n; i++)
		if (strpbrk(w[i], "0123456789"))
			return 0;
	/* "the paperback", or "the one from france", "the ones in a tin" */
	if (!n || !(the_before(t->lower, w[0]) || words_at(t->lower, "the one") ||
	            words_at(t->lower, "the ones")))
		return 0;
	size_t found = 0;
	for (size_t i = 0; i < d->n_shown; i++) {
		struct product_view full;
		if (lookup_product(d, d->shown[i].id, true, &full, NULL) < 0)
			continue;
		if (value_is(d, &full, w, n))
			picked[found++] = (int)i;
		product_view_release(&full);
	}
	t->r.by_value = found > 0;
	return found;
}

/* Does name hold word as it is, or with an ending of up to two letters
 * more or less ("case", "cases", "sicilian" of "Sicilia"), accents aside?
 * Not a word that only begins alike ("manchego", "Mancha"). */
static bool name_says_exactly(const char *name, const char *word)
{
	char *folded = token_fold(name ? name : "", name ? strlen(name) : 0);
	char *w = token_fold(word, strlen(word));
	size_t wl = strlen(w);
	bool says = false;
	for (char *p = folded; *p && !says;) {
		while (*p && !isalnum((unsigned char)*p))
			p++;
		char *start = p;
		while (isalnum((unsigned char)*p))
			p++;
		size_t len = (size_t)(p - start);
		for (size_t i = 0; i < len; i++)
			start[i] = (char)tolower((unsigned char)start[i]);
		size_t lo = len < wl ? len : wl, hi = len < wl ? wl : len;
		says = len && !strncmp(start, w, lo) && (hi == lo || (lo >= 3 && hi - lo <= 2));
	}
	free(folded);
	free(w);
	return says;
}

/* "the memory foam one", "is the spring one firm?": words that only one
 * product of the list holds in its name pick it, though they are less of
 * the name than names_product() asks: all the words (two or more), else
 * the word right before "one". Else the products whose attribute values
 * hold the words ("the paperback"). Their positions in picked[]; how
 * many. */
static size_t list_distinct(struct turn *t, char **w, size_t nw, int *picked)
{
	int only = nw >= 2 ? list_only(t->d, w, nw) : -1;
	for (size_t i = 0; i < nw && only < 0; i++)
		if (followed_by_one(t->lower, w[i]) ||
		    (the_before(t->lower, w[i]) && !others_name(t->d, w, nw, i)))
			only = list_only(t->d, &w[i], 1);
	/* "ooh cashmere. what colours does it come in": one word that one
	 * name on the list holds, when no product is in focus for "it" */
	if (only < 0 && nw == 1 && t->d->focus < 0) {
		only = list_only(t->d, w, 1);
		/* one word is little to go on: the name says it as it is, or
		 * its plural ("manchego" is not the "Mancha" of a saffron) */
		if (only >= 0 && !name_says_exactly(t->d->shown[only].name, w[0]))
			only = -1;
	}
	if (only >= 0) {
		picked[0] = only;
		return 1;
	}
	return list_values(t, w, nw, picked);
}

/* Is p in the colour, by its colour field or a colour attribute? */
static bool in_color(const dialogue *d, const struct product_view *p, const char *color)
{
	if (p->color && !strcasecmp(p->color, color))
		return true;
	for (size_t i = 0; i < p->n_attrs; i++)
		if (ask_key_of(d, p->attrs[i].key, "color") && !strcasecmp(p->attrs[i].value, color))
			return true;
	/* the colours it comes in, as words: "red" of "Empire Red, Onyx
	 * Black, Aqua Sky" */
	char *one[1] = {(char *)color};
	if (p->color && words_in_text(one, 1, p->color))
		return true;
	for (size_t i = 0; i < p->n_attrs; i++)
		if (ask_key_of(d, p->attrs[i].key, "color") &&
		    words_in_text(one, 1, p->attrs[i].value))
			return true;
	return false;
}

/* The positions among[0..n) of the list whose product is in the colour,
 * moved to the front; how many. */
static size_t listed_in_color(struct turn *t, int *among, size_t n, const char *color)
{
	size_t kept = 0;
	for (size_t i = 0; i < n; i++) {
		struct product_view full;
		if (lookup_product(t->d, t->d->shown[among[i]].id, true, &full, NULL) < 0)
			continue;
		if (in_color(t->d, &full, color))
			among[kept++] = among[i];
		product_view_release(&full);
	}
	return kept;
}

/* "the blue one", "is the blue one in stock": the product of the list in
 * the colour said right before "one"; when several are, which of them. */
static void from_list_color(struct turn *t)
{
	dialogue *d = t->d;
	const char *said = t->out->nlu.entities.color;
	if (!said)
		return;
	char color[64]; /* t->lower is lower case; "Light Blue" is not */
	snprintf(color, sizeof color, "%s", said);
	for (char *c = color; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	if (!followed_by_one(t->lower, color))
		return;
	int in[DLG_MAX_SHOWN];
	for (size_t i = 0; i < d->n_shown; i++)
		in[i] = (int)i;
	size_t n = listed_in_color(t, in, d->n_shown, said);
	if (!n)
		return;
	size_t before = t->r.n_targets;
	for (size_t k = 0; k < n; k++)
		add_shown(t, in[k]);
	if (n == 1)
		t->r.ref = REF_OK;
	else
		ask_which(t, before, LIST_NAMED);
}

static bool has_value(dialogue *d, const struct product_view *p, const char *value);

/* "is the XL in stock in orange" with a list and nothing in focus: the
 * one listed product sold in the size and the colour said. */
static void from_list_options(struct turn *t)
{
	dialogue *d = t->d;
	const struct nlu_entities *e = &t->out->nlu.entities;
	/* "a £25 one" of a voucher and a card listed: the one sold in that
	 * option of its own */
	bool one = !(e->color && e->size) && words_at(t->lower, "one");
	if (!d->n_shown || (!(e->color && e->size) && !one))
		return;
	/* with a product in focus, only it: "the large one" of the board
	 * just shown */
	bool focused = d->focus >= 0 && (size_t)d->focus < d->n_shown;
	size_t from = focused ? (size_t)d->focus : 0, to = focused ? from + 1 : d->n_shown;
	if (focused && !one)
		return;
	int only = -1;
	for (size_t i = from; i < to; i++) {
		struct product_view full;
		if (lookup_product(d, d->shown[i].id, true, &full, NULL) < 0)
			continue;
		bool fits;
		if (one) {
			char *named = ask_variant_named(d, &full, t->lower);
			fits = named != NULL;
			/* "the 3 drawer one" of a cabinet in focus and a "Pedestal 3
			 * Drawer" listed: the name says it, not the option */
			size_t nv = 0;
			char **vw = focused && named ? words_content(d, named, &nv) : NULL;
			for (size_t k = 0; fits && nv && k < d->n_shown; k++)
				fits = k == i || words_in_text(vw, nv, d->shown[k].name) < nv;
			words_free(vw, nv);
			free(named);
		} else {
			fits = has_value(d, &full, e->color) && has_value(d, &full, e->size);
		}
		product_view_release(&full);
		if (fits && only >= 0)
			return; /* several: the turn does not say which */
		if (fits)
			only = (int)i;
	}
	if (only >= 0) {
		add_shown(t, only);
		t->r.ref = REF_OK;
	}
}

/* Does word name products by their names ("knife")? */
static bool names_word(dialogue *d, const char *kept, const char *word, void *ctx)
{
	(void)kept;
	(void)ctx;
	return lookup_words_name_products(d, word);
}

static bool has_value(dialogue *d, const struct product_view *p, const char *value);

/* Does the turn name several products ("add the riesling and the lucky
 * saint")? Each name is then looked up on its own (from_names()). */
static bool names_several(struct turn *t, unsigned want)
{
	char *words = name_words(t, want);
	if (!words)
		return false;
	char *names[DLG_MAX_TARGETS];
	size_t nn = split_names(t, words, names, DLG_MAX_TARGETS);
	for (size_t k = 0; k < nn; k++)
		free(names[k]);
	free(words);
	return nn > 1;
}

/* "is the mujjo one leather?": the product of the brand said right before
 * "one": the one on the list, else the catalog's only one; when the brand
 * makes several and none is listed, which of them. */
static void from_brand_one(struct turn *t, unsigned want)
{
	dialogue *d = t->d;
	const char *brand = t->out->nlu.entities.brand;
	if (!brand || names_several(t, want))
		return;
	/* folded as tokens are: "wusthof" is Wüsthof */
	char *lower = token_fold(brand, strlen(brand));
	char *text = token_fold(t->lower, strlen(t->lower));
	/* "all clad" is All-Clad */
	for (char *c = lower; *c; c++)
		*c = *c == '-' ? ' ' : *c;
	for (char *c = text; *c; c++)
		*c = *c == '-' ? ' ' : *c;
	/* "add the victorinox to cart", "add a large kong": the brand after an
	 * article (and the size or colour said), before no word that names a
	 * product ("the victorinox knife" is a name) */
	const struct nlu_entities *e = &t->out->nlu.entities;
	const char *between[] = {"", e->size, e->color};
	static const char *const articles[] = {"the", "a", "an"};
	const char *at = NULL;
	size_t said_len = 0;
	for (size_t a = 0; a < 3 && !at; a++)
		for (size_t b = 0; b < 3 && !at; b++) {
			if (!between[b])
				continue;
			char *w = token_fold(between[b], strlen(between[b]));
			char *phrase = *w ? xasprintf("%s %s %s", articles[a], w, lower)
			                  : xasprintf("%s %s", articles[a], lower);
			at = words_at(text, phrase);
			said_len = strlen(phrase);
			free(phrase);
			free(w);
		}
	bool named_by_brand = false;
	if (at) {
		/* "the all-clad 12 inch": a measure after the brand names none */
		struct measure m[DLG_MAX_TARGETS];
		size_t nm = 0;
		char *rest = attrs_cut_measures(d, at + said_len, m, DLG_MAX_TARGETS, &nm);
		char *content = words_kept(d, rest, names_word, NULL);
		named_by_brand = !content || !*content;
		free(content);
		free(rest);
	}
	bool said = followed_by_one(text, lower) || named_by_brand;
	free(text);
	free(lower);
	/* "is the taste of the wild good for puppies": a question about the
	 * one listed product of the brand, whatever words follow the brand
	 * ("the greenpan pan and the greenpan set" names two) */
	size_t of = 0;
	bool one_name = !words_says(d, t->lower, "lexicon.joiners");
	for (size_t i = 0; !said && at && one_name && want & W_ATTR && i < d->n_shown; i++)
		of += d->shown[i].brand && !strcasecmp(d->shown[i].brand, brand);
	said = said || of == 1;
	if (!said)
		return;
	size_t listed = 0, before = t->r.n_targets;
	int of_brand[DLG_MAX_SHOWN];
	for (size_t i = 0; i < d->n_shown && listed < DLG_MAX_SHOWN; i++)
		if (d->shown[i].brand && !strcasecmp(d->shown[i].brand, brand))
			of_brand[listed++] = (int)i;
	/* "the all-clad 12 inch": of the brand's, the ones in the size said */
	if (listed > 1 && (e->size || e->color)) {
		size_t kept = 0;
		for (size_t i = 0; i < listed; i++)
			if (has_value(d, &d->shown[of_brand[i]], e->size ? e->size : e->color))
				of_brand[kept++] = of_brand[i];
		if (kept)
			listed = kept;
	}
	for (size_t i = 0; i < listed; i++)
		add_shown(t, of_brand[i]);
	if (listed == 1) {
		t->r.ref = REF_OK;
		return;
	}
	if (listed > 1) {
		ask_which(t, before, LIST_NAMED); /* several listed: which of them */
		return;
	}
	struct dlg_frame f;
	frame_init(&f);
	f.brand = xstrdup(brand);
	struct dlg_results r;
	if (lookup_search(d, &f, 0, DLG_MAX_TARGETS, &r, NULL) == 0 && r.n) {
		/* borrowed from r: the brand's products, in the size or colour
		 * said when some come in it */
		struct product_view kept[DLG_MAX_TARGETS];
		size_t n = 0;
		const char *said = e->size ? e->size : e->color;
		for (size_t i = 0; i < r.n && n < DLG_MAX_TARGETS; i++)
			if (said && has_value(d, &r.items[i], said))
				kept[n++] = r.items[i];
		for (size_t i = 0; !n && i < r.n && i < DLG_MAX_TARGETS; i++)
			kept[i] = r.items[i];
		n = n ? n : (r.n < DLG_MAX_TARGETS ? r.n : DLG_MAX_TARGETS);
		if (n == 1) {
			add_target(&t->r, &kept[0], -1);
			t->r.ref = REF_OK;
		} else {
			state_list_set(d, kept, n, NULL, NULL, LIST_NAMED);
			for (size_t i = 0; i < n; i++)
				add_target(&t->r, &kept[i], (int)i);
			t->r.ref = REF_AMBIGUOUS;
		}
	}
	lookup_results_release(&r);
	frame_release(&f);
}

/* "add the red essential tee": of several listed products the words
 * name, those in the colour said, when some are. Returns how many are
 * left at the front of picked. */
static size_t keep_color(struct turn *t, int *picked, size_t n)
{
	const char *color = t->out->nlu.entities.color;
	if (!color)
		return n;
	int in[DLG_MAX_SHOWN];
	memcpy(in, picked, n * sizeof *in);
	size_t kept = listed_in_color(t, in, n, color);
	if (!kept)
		return n;
	memcpy(picked, in, kept * sizeof *in);
	return kept;
}

/* Products of the list the words name (see names_product()); several
 * named as well as each other: the one in focus when it is among them. */
/* "compare the dewalt and the milwaukee": the products of the list whose
 * brand the words are, every word of it; their positions in picked[],
 * how many. */
static size_t list_brand(const dialogue *d, char **w, size_t nw, int *picked)
{
	size_t found = 0;
	for (size_t i = 0; i < d->n_shown && nw; i++) {
		const char *brand = d->shown[i].brand;
		if (!brand || words_in_text(w, nw, brand) < nw)
			continue;
		size_t nb = 0;
		char **b = words_content(d, brand, &nb);
		bool whole = nb == nw;
		words_free(b, nb);
		if (whole)
			picked[found++] = (int)i;
	}
	return found;
}

/* "is the king mattress on sale": among the listed products the words
 * fit (all of the list's whose names hold them, when none was picked),
 * the one that lists the size said; n when not exactly one does. */
static size_t keep_size(struct turn *t, char **w, size_t nw, int *picked, size_t n)
{
	dialogue *d = t->d;
	const char *size = t->out->nlu.entities.size;
	if (!size)
		return n;
	int among[DLG_MAX_SHOWN];
	size_t na = 0;
	for (size_t i = 0; i < (n ? n : d->n_shown) && na < DLG_MAX_SHOWN; i++) {
		int at = n ? picked[i] : (int)i;
		if (n || words_in_text(w, nw, d->shown[at].name) == nw)
			among[na++] = at;
	}
	int only = -1;
	for (size_t i = 0; i < na; i++) {
		struct product_view full;
		if (lookup_product(d, d->shown[among[i]].id, true, &full, NULL) < 0)
			continue;
		int listed = ask_size_listed(d, &full, size, NULL);
		product_view_release(&full);
		if (listed == 1) {
			if (only >= 0)
				return n;
			only = among[i];
		}
	}
	if (only < 0)
		return n;
	picked[0] = only;
	return 1;
}

/* The words of text, folded, stop words kept: "But First Coffee". At
 * most cap; how many. */
static size_t plain_words(const char *text, char out[][32], size_t cap)
{
	size_t n = 0;
	char *folded = token_fold(text, strlen(text));
	for (const char *p = folded; *p && n < cap;) {
		while (*p && !isalnum((unsigned char)*p))
			p++;
		size_t len = 0;
		while (p[len] && isalnum((unsigned char)p[len]))
			len++;
		if (!len)
			break;
		snprintf(out[n++], 32, "%.*s", (int)(len < 31 ? len : 31), p);
		p += len;
	}
	free(folded);
	return n;
}

/* The most words of the turn said in a row that a name says in a row. */
static size_t longest_run(char said[][32], size_t ns, const char *name)
{
	char in[48][32];
	size_t ni = plain_words(name, in, 48), best = 0;
	for (size_t i = 0; i < ns; i++)
		for (size_t j = 0; j < ni; j++) {
			size_t k = 0;
			while (i + k < ns && j + k < ni && !strcmp(said[i + k], in[j + k]))
				k++;
			if (k > best)
				best = k;
		}
	return best;
}

/* Searches one turn may spend on names said in a row: a long sentence
 * costs no more than a short one. */
#define NAME_RUN_LOOKUPS 12

/* Does a product's name say more of the turn's words in a row than
 * best, the most a listed name says ("add the but first coffee print"
 * with only the Coffee Cup print listed: "But First Coffee")? */
static bool catalog_says_more(struct turn *t, size_t best)
{
	static const char *const filler[] = {"the", "a", "an", "add", "to", "my", "cart",
	                                     "please", "and", "of", "it", "one", "basket"};
	char said[32][32];
	size_t ns = plain_words(t->lower, said, 32), looked = 0;
	for (size_t len = best + 1; len <= ns && len <= 6; len++)
		for (size_t i = 0; i + len <= ns && looked < NAME_RUN_LOOKUPS; i++) {
			size_t fill = 0;
			for (size_t k = 0; k < len; k++)
				for (size_t f = 0; f < sizeof filler / sizeof *filler; f++)
					fill += !strcmp(said[i + k], filler[f]);
			if (fill == len || (len == best + 1 && fill))
				continue;
			struct buf b;
			buf_init(&b);
			for (size_t k = 0; k < len; k++)
				buf_printf(&b, "%s%s", k ? " " : "", said[i + k]);
			bool named = lookup_name_says(t->d, b.s);
			looked++;
			buf_release(&b);
			if (named)
				return true;
		}
	return false;
}

/* The listed products picked, or none when they hold the words apart
 * and another product's name says them as said: that one is looked up
 * in the catalog. */
static size_t unless_named_better(struct turn *t, const int *picked, size_t n)
{
	if (!n || !t->r.one_name)
		return n;
	char said[32][32];
	size_t ns = plain_words(t->lower, said, 32), best = 0;
	for (size_t k = 0; k < n; k++) {
		size_t run = longest_run(said, ns, t->d->shown[picked[k]].name);
		best = run > best ? run : best;
	}
	return catalog_says_more(t, best) ? 0 : n;
}

/* "add the but first coffee print": of several listed products the words
 * name as well as each other, the one whose name says the most of the
 * turn's words in a row, stop words too ("But First Coffee Kitchen
 * Print", not "Coffee Cup Watercolor Print"). How many are left at the
 * front of picked. */
static size_t keep_phrase(struct turn *t, int *picked, size_t n)
{
	char said[32][32];
	size_t ns = plain_words(t->lower, said, 32), best = 0, kept = 0, runs[DLG_MAX_SHOWN];
	for (size_t i = 0; i < n; i++) {
		runs[i] = longest_run(said, ns, t->d->shown[picked[i]].name);
		if (runs[i] > best)
			best = runs[i];
	}
	for (size_t i = 0; i < n; i++)
		if (runs[i] == best)
			picked[kept++] = picked[i];
	return best >= 2 ? kept : n;
}

static void from_list_names(struct turn *t, const char *words)
{
	dialogue *d = t->d;
	size_t nw = 0;
	char **w = words_content(d, words, &nw);
	size_t best = 0;
	int picked[DLG_MAX_SHOWN];
	size_t n = 0;
	for (size_t i = 0; i < d->n_shown && nw; i++) {
		struct coverage c = cover(d, w, nw, &d->shown[i]);
		if (!names_product(c, nw) || c.words_held < best)
			continue;
		if (c.words_held > best) {
			best = c.words_held;
			n = 0;
		}
		picked[n++] = (int)i;
	}
	if (!n)
		n = list_distinct(t, w, nw, picked);
	if (!n)
		n = list_brand(d, w, nw, picked);
	if (n > 1)
		n = keep_color(t, picked, n);
	if (n > 1 && t->r.one_name)
		n = keep_phrase(t, picked, n);
	if (n != 1)
		n = keep_size(t, w, nw, picked, n);
	words_free(w, nw);
	n = unless_named_better(t, picked, n);
	for (size_t k = 0; k < n; k++) {
		if (picked[k] == d->focus && n > 1) {
			add_shown(t, d->focus);
			return;
		}
	}
	for (size_t k = 0; k < n; k++)
		add_shown(t, picked[k]);
}

/* The listed products whose names hold every one of the words. */
static void from_list_holding(struct turn *t, const char *words)
{
	size_t nw = 0, n = 0;
	char **w = words_content(t->d, words, &nw);
	int picked[DLG_MAX_SHOWN];
	for (size_t i = 0; nw && i < t->d->n_shown && n < DLG_MAX_SHOWN; i++) {
		/* as the name says them: "manchego" is not the "Mancha" of a
		 * saffron */
		bool all = true;
		for (size_t k = 0; k < nw && all; k++)
			all = name_says_exactly(t->d->shown[i].name, w[k]);
		if (all)
			picked[n++] = (int)i;
	}
	words_free(w, nw);
	if (n > 1 && t->r.one_name)
		n = keep_phrase(t, picked, n);
	n = unless_named_better(t, picked, n);
	for (size_t k = 0; k < n; k++)
		add_shown(t, picked[k]);
}

/* "add the 5 lb vanilla" of three whey powders listed, none named so:
 * the listed products sold in the options said, every word of the name
 * a word of them ("5lb" of "5 lb" too); several: which of them. */
static void from_list_variant(struct turn *t, const char *name)
{
	dialogue *d = t->d;
	size_t nw = 0, n = 0;
	char **w = words_content(d, name, &nw);
	int picked[DLG_MAX_SHOWN];
	for (size_t i = 0; nw && i < d->n_shown && n < DLG_MAX_SHOWN; i++) {
		struct product_view full;
		if (lookup_product(d, d->shown[i].id, true, &full, NULL) < 0)
			continue;
		char *variant = ask_variant_named(d, &full, t->lower);
		if (variant && resolve_words_name_variant(d, w, nw, variant))
			picked[n++] = (int)i;
		free(variant);
		product_view_release(&full);
	}
	words_free(w, nw);
	size_t before = t->r.n_targets;
	for (size_t k = 0; k < n; k++)
		add_shown(t, picked[k]);
	if (n > 1)
		ask_which(t, before, LIST_NAMED);
}

/* Does one of p's attributes (or its colour) say the value ("1kg" is
 * "1 kg"), or list it among the sizes or colours p comes in ("12 inch"
 * of "8 in, 10 in, 12 in", "pink" of "Black, Pink", "ivory" of the shade
 * "120 Warm Ivory")? */
static bool has_value(dialogue *d, const struct product_view *p, const char *value)
{
	char want[64], have[128];
	words_squeeze(value, want, sizeof want);
	struct product_view full;
	if (lookup_product(d, p->id, true, &full, NULL) < 0)
		return false;
	bool has = false;
	if (full.color) {
		words_squeeze(full.color, have, sizeof have);
		has = !strcmp(have, want);
	}
	for (size_t i = 0; i < full.n_attrs && !has; i++) {
		words_squeeze(full.attrs[i].value, have, sizeof have);
		has = !strcmp(have, want);
		if (!has && ask_key_of(d, full.attrs[i].key, "color")) {
			char *item = words_list_item(full.attrs[i].value, value);
			has = item != NULL;
			free(item);
		}
	}
	has = has || ask_size_listed(d, &full, value, NULL) == 1;
	product_view_release(&full);
	return has;
}

/* Variants of one name told apart by a size or colour the turn says
 * ("the 1kg Espresso Roast", "the blue one"): the ones that have it, when
 * some do. Returns how many are left at the front of found. */
static size_t pick_variant(struct turn *t, struct product_view *found, size_t n)
{
	const struct nlu_entities *e = &t->out->nlu.entities;
	const char *values[] = {e->size, e->color};
	for (size_t v = 0; v < 2 && n > 1; v++) {
		if (!values[v])
			continue;
		size_t keep = 0;
		for (size_t i = 0; i < n; i++)
			if (has_value(t->d, &found[i], values[v]))
				found[keep++] = found[i];
		if (keep)
			n = keep;
	}
	return n;
}

/* Does every word stand in p's name, brand, category or attribute values
 * (not only in its description: "espresso machine" in a stove's)? */
static bool held_in_facts(dialogue *d, const struct product_view *p, char **w, size_t nw)
{
	struct product_view full;
	if (!nw || lookup_product(d, p->id, true, &full, NULL) < 0)
		return false;
	struct buf hay;
	buf_init(&hay);
	buf_printf(&hay, "%s %s %s %s", full.name ? full.name : "", full.brand ? full.brand : "",
	           full.category ? full.category : "", full.color ? full.color : "");
	for (size_t i = 0; i < full.n_attrs; i++)
		buf_printf(&hay, " %s", full.attrs[i].value);
	bool held = words_in_text(w, nw, hay.s) == nw;
	buf_release(&hay);
	product_view_release(&full);
	return held;
}

/* "and a wool beanie", "is the thermapen in stock": less of a name than
 * names_product() asks, but the one product of the catalog that holds
 * every word (r, a search of w) in its facts; others may hold them in
 * their descriptions only (a bundle's "a Thermapen ONE and tongs");
 * alone: only when it is the one product with every word at all. Its
 * position in r, or -1. */
static int only_one_holds(dialogue *d, const struct search_result *r, char **w, size_t nw,
                          bool alone)
{
	size_t exact = r->relaxed ? r->total_exact : r->total;
	if (!exact || exact > r->n_hits || (alone && exact > 1))
		return -1;
	/* of several that hold them, the one whose name holds the last word,
	 * the phrase's head ("medium flow teats": the teats, not the bottles
	 * "with slow flow teats") */
	int only = -1, headed = -1;
	size_t holders = 0, named = 0;
	char **head = nw ? &w[nw - 1] : NULL;
	for (size_t i = 0; i < exact; i++) {
		if (!held_in_facts(d, &r->hits[i].p, w, nw))
			continue;
		holders++;
		only = (int)i;
		if (nw > 1 && words_in_text(head, 1, r->hits[i].p.name)) {
			named++;
			headed = (int)i;
		}
	}
	if (holders == 1)
		return only;
	return named == 1 ? headed : -1;
}

/* "is the comte vegetarian": of the products holding the words, the one
 * whose name holds them (the others mention it: "pairs with Comté"). Its
 * position in r, or -1. */
static int only_one_named(const struct search_result *r, char **w, size_t nw)
{
	size_t exact = r->relaxed ? r->total_exact : r->total;
	if (exact > r->n_hits)
		return -1;
	int only = -1;
	for (size_t i = 0; i < exact; i++) {
		if (words_in_text(w, nw, r->hits[i].p.name) < nw)
			continue;
		if (only >= 0)
			return -1;
		only = (int)i;
	}
	return only;
}

/* Of r (a search of w; all: every word found together), the hit the
 * words name: one whose name they say (names_product()), else the one
 * product whose name holds them all. Its position in r; -1 when none,
 * -2 when several names say them. */
static int named_hit(const dialogue *d, const struct search_result *r, bool all, char **w,
                     size_t nw)
{
	int only = -1;
	for (size_t i = 0; i < r->n_hits; i++)
		if (names_product(cover(d, w, nw, &r->hits[i].p), nw))
			only = only < 0 ? (int)i : -2;
	if (only == -1 && all && nw)
		only = only_one_named(r, w, nw);
	return only;
}

/* "is the comte vegetarian", "how many grams is the jamon": a question
 * whose words after a "the" name one product (only_one_named()), the
 * rest asking about it. Adds that product as the target; false when no
 * such words name one. */
static bool named_after_the(struct turn *t, const char *words)
{
	size_t nw = 0;
	char **w = words_content(t->d, words, &nw);
	bool named = false;
	struct buf lead;
	buf_init(&lead);
	for (size_t from = 0; from < nw && !named; from++) {
		if (!the_before(t->lower, w[from]))
			continue;
		/* the longest run of words from there that names one */
		for (size_t k = nw; k > from && !named; k--) {
			if (from == 0 && k == nw)
				continue; /* all the words: from_catalog() tried them */
			buf_reset(&lead);
			for (size_t i = from; i < k; i++) {
				if (lead.len)
					buf_addc(&lead, ' ');
				buf_adds(&lead, w[i]);
			}
			struct search_result r;
			if (lookup_words_find(t->d, lead.s, NAME_CANDIDATES, &r)) {
				int only = only_one_named(&r, w + from, k - from);
				if (only >= 0) {
					add_target(&t->r, &r.hits[only].p,
					           state_list_find(t->d, r.hits[only].p.id));
					named = true;
				}
			}
			search_result_release(&r);
		}
	}
	buf_release(&lead);
	words_free(w, nw);
	return named;
}

/* "add a headlamp" where the shop has three: the products whose names
 * hold every word are what the words name, one of them to be
 * chosen (a question's words may be what it asks: "does the kit come
 * with a heater" is not read so). Their count (into found[0..max), borrowed from r), or 0 when
 * fewer than two do or more than max. */
static size_t kind_holders(const struct search_result *r, char **w, size_t nw,
                           struct product_view *found, size_t max)
{
	size_t exact = r->relaxed ? r->total_exact : r->total;
	if (exact < 2 || exact > r->n_hits)
		return 0;
	size_t n = 0;
	for (size_t i = 0; i < exact; i++) {
		if (words_in_text(w, nw, r->hits[i].p.name) < nw)
			continue;
		if (n == max)
			return 0;
		found[n++] = r->hits[i].p;
	}
	return n >= 2 ? n : 0;
}

/* The catalog's products a sentence names, among the search's best
 * matches for its words: the ones whose names it says best. Several that
 * share a name (sizes, colours) are ambiguous: the list becomes them and
 * the shopper is asked which, unless the turn is a question every one of
 * them can answer. */
static void from_catalog(struct turn *t, const char *words, unsigned want)
{
	dialogue *d = t->d;
	struct search_result r;
	bool all = lookup_words_find(d, words, NAME_CANDIDATES, &r);
	if (!all && !r.n_hits) {
		search_result_release(&r);
		return;
	}

	size_t nw = 0;
	char **w = words_content(d, words, &nw);
	/* "optimum forge gold": a product whose name and brand hold every
	 * word is meant before a short name the brand's words say most of
	 * ("Optimum Forge Creatine Capsules", without "gold") */
	bool one_holds_all = false;
	for (size_t i = 0; i < r.n_hits && nw >= 2 && !one_holds_all; i++)
		one_holds_all = cover(d, w, nw, &r.hits[i].p).words_held == nw;
	size_t best_held = 0;
	double best_share = 0;
	for (size_t i = 0; i < r.n_hits; i++) {
		struct coverage c = cover(d, w, nw, &r.hits[i].p);
		if (!names_product(c, nw) || (one_holds_all && c.words_held < nw))
			continue;
		if (c.words_held > best_held ||
		    (c.words_held == best_held && c.name_share > best_share)) {
			best_held = c.words_held;
			best_share = c.name_share;
		}
	}
	struct product_view found[DLG_MAX_TARGETS];
	size_t fits = 0;
	for (size_t i = 0; i < r.n_hits && best_held && fits < DLG_MAX_TARGETS; i++) {
		struct coverage c = cover(d, w, nw, &r.hits[i].p);
		if (names_product(c, nw) && c.words_held == best_held && c.name_share == best_share)
			found[fits++] = r.hits[i].p; /* borrowed from r */
	}
	/* "how much stretch do they have": with a pronoun for the list on
	 * screen, a product elsewhere is named only by being the one match */
	bool alone = d->n_shown &&
	             (says_pronoun(t) || words_says(d, t->lower, "lexicon.plural_ref"));
	int only = !fits && all ? only_one_holds(d, &r, w, nw, alone) : -1;
	if (only < 0 && !fits && all && !alone)
		only = only_one_named(&r, w, nw);
	if (only >= 0)
		found[fits++] = r.hits[only].p; /* borrowed from r */
	else if (!fits && all && !alone && !(want & W_ATTR))
		fits = kind_holders(&r, w, nw, found, DLG_MAX_TARGETS);
	const struct nlu_entities *ent = &t->out->nlu.entities;
	bool brand_words = ent->brand && nw && words_in_text(w, nw, ent->brand) == nw;
	words_free(w, nw);
	/* "add the hillside size 4": of the products that hold the words,
	 * all of them a brand's, the one sold in the size or colour said,
	 * when one is ("a dry white wine" is no wine cooler in white) */
	if (!fits && all && brand_words && (ent->size || ent->color) && r.n_hits > 1 &&
	    !(want & W_ATTR)) {
		struct product_view held[DLG_MAX_TARGETS];
		size_t nh = 0;
		for (size_t i = 0; i < r.n_hits && nh < DLG_MAX_TARGETS; i++)
			held[nh++] = r.hits[i].p; /* borrowed from r */
		size_t kept = pick_variant(t, held, nh);
		if (kept == 1 && nh > 1)
			found[fits++] = held[0];
	}
	fits = pick_variant(t, found, fits);
	/* "add the but first coffee print": the one whose name says the most
	 * of the turn's words in a row, when the turn names one product */
	if (fits > 1 && t->r.one_name) {
		char said[32][32];
		size_t ns = plain_words(t->lower, said, 32), best = 0, runs[DLG_MAX_TARGETS];
		for (size_t i = 0; i < fits; i++) {
			runs[i] = longest_run(said, ns, found[i].name);
			best = runs[i] > best ? runs[i] : best;
		}
		size_t kept = 0;
		for (size_t i = 0; i < fits && best >= 2; i++)
			if (runs[i] == best)
				found[kept++] = found[i];
		if (best >= 2)
			fits = kept;
	}
	/* names that differ only in what the words did not say are one named
	 * product in several variants */
	bool variants = fits > 1;
	for (size_t i = 1; i < fits; i++)
		variants &= !strcasecmp(found[i].name, found[0].name);
	if (!fits && want & W_ATTR && nw > 1 && named_after_the(t, words)) {
		/* "is the comte vegetarian": the name, then what is asked */
	} else if (fits == 1) {
		add_target(&t->r, &found[0], state_list_find(d, found[0].id));
	} else if (fits > 1 && variants && want & W_ATTR) {
		/* "and the Basmati Rice?": each size answers */
		for (size_t i = 0; i < fits; i++)
			add_target(&t->r, &found[i], state_list_find(d, found[i].id));
	} else if (fits > 1) {
		state_list_set(d, found, fits, NULL, NULL, LIST_NAMED);
		for (size_t i = 0; i < fits; i++)
			add_target(&t->r, &found[i], (int)i);
		t->r.ref = REF_AMBIGUOUS;
	}
	search_result_release(&r);
}

/* Products named by their id ("add GR-4009", "item 4419"): a word with a
 * digit and a letter or hyphen, or any number after "id", "item",
 * "product", "sku" or "#", that is a product's source id. A bare number
 * is a quantity or an order, not an id. */
static void from_ids(struct turn *t)
{
	const char *s = t->input;
	bool after_id_word = false;
	while (*s && t->r.n_targets < DLG_MAX_TARGETS) {
		while (*s && (isspace((unsigned char)*s) || strchr(",;!?\"'()", *s)))
			s++;
		size_t n = strcspn(s, " \t,;!?\"'()");
		if (!n)
			break;
		char *word = xstrndup(s, n);
		bool digit = strpbrk(word, "0123456789") != NULL;
		bool letter = false;
		for (const char *c = word; *c && !letter; c++)
			letter = isalpha((unsigned char)*c) != 0;
		if (digit && n < 64 && (letter || strchr(word, '-') || after_id_word || *word == '#')) {
			struct product_view p;
			const char *id = *word == '#' ? word + 1 : word;
			if (product_view_load(t->d->cat, id, false, &p, NULL) == 0 && p.id)
				add_target(&t->r, &p, state_list_find(t->d, p.id));
			product_view_release(&p);
		}
		for (char *c = word; *c; c++)
			*c = (char)tolower((unsigned char)*c);
		after_id_word = words_is(t->d, word, "lexicon.id_words");
		free(word);
		s += n;
	}
	if (t->r.n_targets) {
		t->r.ref = REF_OK;
		t->r.named = true;
	}
}

/* The words of name said before the turn's first comma, when some are
 * and some are not; NULL otherwise (heap). */
static char *words_before_comma(const struct turn *t, const char *name)
{
	const char *comma = strchr(t->lower, ',');
	if (!comma)
		return NULL;
	char *clause = xstrndup(t->lower, (size_t)(comma - t->lower));
	size_t n = 0;
	char **w = words_content(t->d, name, &n);
	struct buf kept;
	buf_init(&kept);
	size_t in = 0;
	for (size_t i = 0; i < n; i++) {
		char *one[1] = {w[i]};
		if (words_in_text(one, 1, clause)) {
			buf_printf(&kept, "%s%s", kept.len ? " " : "", w[i]);
			in++;
		}
	}
	words_free(w, n);
	free(clause);
	if (!in || in == n) {
		buf_release(&kept);
		return NULL;
	}
	return buf_detach(&kept);
}

/* Does a pronoun come before the words ("is it grain free?"), so that
 * they say what is asked about it? ("does the Curry Paste have shellfish
 * in it?" names the product first.) */
static bool pronoun_first(const struct turn *t, const char *words)
{
	const char *name = words_at(t->lower, words);
	if (!name) {
		char *first = xstrndup(words, strcspn(words, " "));
		name = words_at(t->lower, first);
		free(first);
	}
	if (!name)
		return false;
	char *before = xstrndup(t->lower, (size_t)(name - t->lower));
	bool says = words_says(t->d, before, "lexicon.pronoun");
	free(before);
	return says;
}

static void from_catalog(struct turn *t, const char *words, unsigned want);

/* "is the paint safe" of a wooden puzzle in focus whose description
 * says "Non-toxic paint": the first word of the name words ("paint" of
 * "paint safe"), when the product in focus does not have it in its name
 * but says it in its description or its feature lines, is a part of it,
 * not the name of another product (a paint set). */
static bool part_said_by_focus(struct turn *t, const char *name)
{
	dialogue *d = t->d;
	if (d->focus < 0 || (size_t)d->focus >= d->n_shown)
		return false;
	char *words = xstrndup(name, strcspn(name, " "));
	char *one[1] = {words};
	const struct product_view *shown = &d->shown[d->focus];
	if (shown->name && words_in_text(one, 1, shown->name)) {
		free(words);
		return false;
	}
	struct product_view p;
	bool said = false;
		if (lookup_product(d, shown->id, true, &p, NULL) == 0 && p.id)
		said = words_form_in(words, p.description) || words_form_in(words, p.notes);
	product_view_release(&p);
	free(words);
	return said;
}


/* "is the screen oled", "is the keyboard backlit" of a laptop in focus:
 * a yes-or-no question of "the" and a word that names one of its
 * attributes ("screen size", "keyboard") asks the rest of it, which names
 * no other product. */
static bool part_of_focus_asked(struct turn *t)
{
	dialogue *d = t->d;
	if (d->focus < 0 || (size_t)d->focus >= d->n_shown ||
	    !words_first_is(d, t->lower, "lexicon.be_words"))
		return false;
	const char *the = t->lower + strcspn(t->lower, " ");
	if (strncmp(the, " the ", 5))
		return false;
	char *word = xstrndup(the + 5, strcspn(the + 5, " ,.?!"));
	char *one[1] = {word};
	struct product_view p;
	bool part = false;
	if (*word && !words_in_text(one, 1, d->shown[d->focus].name) &&
	    lookup_product(d, d->shown[d->focus].id, true, &p, NULL) == 0 && p.id) {
		for (size_t i = 0; i < p.n_attrs && !part; i++)
			part = !ask_hidden(d, p.attrs[i].key, p.attrs[i].value) &&
			       words_in_text(one, 1, p.attrs[i].key);
		product_view_release(&p);
	}
	free(word);
	return part;
}

/* from_names()'s "the tasting box ground for filter": of words that name
 * nothing, the longest start (two words or more) that names one product
 * whose options the rest of the words say ("Filter"). */
static void from_name_then_option(struct turn *t, const char *words, unsigned want,
                                  size_t found)
{
	size_t n = 0;
	char **w = words_content(t->d, words, &n);
	for (size_t keep = n ? n - 1 : 0; keep >= 1 && t->r.found == found; keep--) {
		char *head = words_join(w, keep);
		char *rest = words_join(w + keep, n - keep);
		size_t before = t->r.n_targets;
		from_catalog(t, head, want);
		if (t->r.ref == REF_AMBIGUOUS) {
			/* several products of that name: which one, asked */
			free(head);
			free(rest);
			break;
		}
		bool one = t->r.ref == REF_NONE && t->r.n_targets == before + 1;
		struct product_view full;
		bool option = false;
		if (one && lookup_product(t->d, t->r.targets[before].id, true, &full, NULL) == 0) {
			char *v = ask_variant_answered(t->d, &full, rest);
			option = v != NULL;
			free(v);
			/* "the teats in medium flow": the rest ("flow") is of an
			 * option the whole turn says, the size word read apart */
			if (!option && (v = ask_variant_answered(t->d, &full, t->lower))) {
				size_t nr = 0;
				char **rw = words_content(t->d, rest, &nr);
				option = nr && words_in_text(rw, nr, v) == nr;
				words_free(rw, nr);
				free(v);
			}
			product_view_release(&full);
		}
		if (!option) {
			/* not it: the turn is as it was */
			for (size_t i = before; i < t->r.n_targets; i++)
				product_view_release(&t->r.targets[i]);
			t->r.n_targets = before;
			t->r.found = found;
		}
		free(head);
		free(rest);
	}
	words_free(w, n);
}

/* Takes a count that opens a name off it, with the pack words after it
 * ("3 elderflower", "two packs crisps": the name's content words), when
 * a name is left. */
static void uncount_name(const dialogue *d, char *name)
{
	size_t len = strcspn(name, " ");
	char first[32];
	long v;
	if (!name[len] || len >= sizeof first)
		return;
	memcpy(first, name, len);
	first[len] = '\0';
	if (!words_number(first, &v))
		return;
	const char *rest = name + len;
	for (;;) {
		rest += strspn(rest, " ");
		size_t n = strcspn(rest, " ");
		char w[32];
		if (!rest[n] || n >= sizeof w)
			break;
		memcpy(w, rest, n);
		w[n] = '\0';
		if (!words_in_section(d, w, "lexicon.pack_words"))
			break;
		rest += n;
	}
	if (*rest)
		memmove(name, rest, strlen(rest) + 1);
}

static void from_names(struct turn *t, unsigned want)
{
	char *words = name_words(t, want);
	if (!words)
		return;
	char *names[DLG_MAX_TARGETS];
	size_t nn = split_names(t, words, names, DLG_MAX_TARGETS);
	t->r.one_name = nn == 1;
	/* "add 2 packs of the water and 3 elderflower": a part's own count
	 * is how many of it (cart.c reads it there), no word of its name */
	for (size_t k = 0; nn > 1 && k < nn; k++)
		uncount_name(t->d, names[k]);
	/* "change the crisps to 2": a new quantity is for a line of the cart
	 * first, named by any of its words */
	bool cart_first = want & W_CART || (t->r.set_quantity && t->r.has_quantity);
	for (size_t k = 0; k < nn && t->r.ref != REF_AMBIGUOUS && t->r.ref != REF_NOT_FOUND; k++) {
		/* found: a product for this name, though another name of the
		 * sentence found it first ("the kit and the test kit") */
		size_t before = t->r.n_targets, found = t->r.found;
		if (cart_first)
			from_cart(t, names[k]);
		if (t->r.found == found && !(want & W_CART)) {
			from_list_names(t, names[k]);
			/* "add the pan" with two pans listed: which of those, not
			 * the catalog's "USA Pan" loaf pan (a question about
			 * them reads its words as the question's) */
			if (t->r.found == found && !(want & W_ATTR))
				from_list_holding(t, names[k]);
			if (t->r.found == found && !(want & W_ATTR))
				from_list_variant(t, names[k]);
			/* two on the list fit the name and the turn acts on one,
			 * or only points ("the one from france": which of them) */
			if (t->r.n_targets - before > 1 &&
			    (!(want & W_ATTR) ||
			     (t->r.by_value && !words_any(t->d, t->lower, "lexicon.asking"))))
				ask_which(t, before, LIST_NAMED);
		}
		/* "is it grain free?" about the product on screen: words that
		 * name another product of the catalog ("Grain-Free Tuna Pate")
		 * are the question's, not a name */
		/* "what tyres are on it", "what pedals come with it": a part
		 * of the product on screen, named before the pronoun without
		 * "the" ("does the Thai Green Curry Paste have shellfish in it"
		 * names the paste) */
		size_t first_len = strcspn(names[k], " ");
		char *first = xstrndup(names[k], first_len);
		bool part = t->d->focus >= 0 && words_says(t->d, t->lower, "lexicon.part_of_it") &&
		            !the_before(t->lower, first);
		free(first);
		bool about_shown = want & W_ATTR && t->d->n_shown &&
		                   (pronoun_first(t, names[k]) || part ||
		                    part_said_by_focus(t, names[k]) || part_of_focus_asked(t)) &&
		                   strcmp(t->r.intent, "compare"); /* "compare it with X" names X */
		if (t->r.found == found && !(want & W_CART) && !about_shown)
			from_catalog(t, names[k], want);
		/* "what about hedgehog's big night out, what age is it for": the
		 * clause before the comma names it, the question's words after
		 * it ("age") are no part of the name */
		char *clause = t->r.found == found && !(want & W_CART) && !about_shown
		                   ? words_before_comma(t, names[k])
		                   : NULL;
		if (clause)
			from_catalog(t, clause, want);
		free(clause);
		/* "add the tasting box ground for filter": the name, then words of
		 * one of its options; the words after the name are left off, the
		 * last first, while they say an option of the product found */
		if (t->r.found == found && !(want & W_CART) && !about_shown && t->r.ref == REF_NONE)
			from_name_then_option(t, names[k], want, found);
		/* a question's words that name nothing are about the product on
		 * screen ("which is better for battery life"); a cart change or an
		 * add that names nothing is told so */
		bool on_screen = t->d->n_shown && (want & W_ATTR || says_pronoun(t));
		if (t->r.found == found && t->r.ref != REF_AMBIGUOUS &&
		    (want & W_CART || !on_screen)) {
			t->r.ref = REF_NOT_FOUND;
			t->r.missing = xstrdup(names[k]);
		}
	}
	for (size_t k = 0; k < nn; k++)
		free(names[k]);
	free(words);
	if (t->r.ref == REF_NONE && t->r.n_targets) {
		t->r.ref = REF_OK;
		t->r.named = true;
	}
	if (t->r.ref == REF_NOT_FOUND) {
		for (size_t i = 0; i < t->r.n_targets; i++)
			product_view_release(&t->r.targets[i]);
		t->r.n_targets = 0;
	}
}

/* ---- sizes ---- */

/* The one product of the list with a size the turn says, or -1; *sized:
 * how many have one (0 when the turn says no size). */
static int variant_pick(struct turn *t, size_t *sized)
{
	dialogue *d = t->d;
	*sized = 0;
	if (!d->n_shown)
		return -1;
	struct measure m[DLG_MAX_TARGETS];
	size_t nm = 0;
	char *rest = attrs_cut_measures(d, t->lower, m, DLG_MAX_TARGETS, &nm);
	char *words = nm ? name_words_of(t, rest, W_NAMED) : NULL;
	int pick = -1;
	size_t nw = 0;
	char **w = words ? words_content(d, words, &nw) : NULL;
	/* "price of the 8 inch": words no listed name holds do not narrow;
	 * a brand none of the list is from ("add the 12 inch all clad")
	 * picks nothing of it */
	bool named = false;
	for (size_t i = 0; nw && i < d->n_shown && !named; i++)
		named = words_in_text(w, nw, d->shown[i].name) == nw;
	const char *brand = t->out->nlu.entities.brand;
	bool elsewhere = brand && !named;
	for (size_t i = 0; elsewhere && i < d->n_shown; i++)
		elsewhere = !d->shown[i].brand || strcasecmp(d->shown[i].brand, brand);
	/* "add the 1 kg whole bean house espresso" with a decaf listed: two
	 * words in a row that no listed name holds and another product's
	 * name does ("house espresso"; "whole bean" is an option) pick none
	 * of the list ("add the 50 ml and the cloud cream" names two) */
	bool one_part = !words_at(t->lower, "and");
	for (size_t k = 0; one_part && !named && !elsewhere && k + 1 < nw; k++) {
		bool listed = false;
		for (size_t i = 0; i < d->n_shown && !listed; i++)
			listed = words_in_text(&w[k], 2, d->shown[i].name) > 0;
		if (listed)
			continue;
		char *pair = xasprintf("%s %s", w[k], w[k + 1]);
		elsewhere = lookup_name_says(d, pair);
		free(pair);
	}
	free(words);
	if (!named) {
		words_free(w, nw);
		w = NULL;
		nw = 0;
	}
	/* the size said exactly, else the one it rounds ("the 10 inch" of a
	 * list with 10.25 in and no 10 in) */
	for (int near = 0; near < 2 && nm && !elsewhere && !*sized; near++) {
		for (size_t i = 0; i < d->n_shown; i++) {
			if (nw && words_in_text(w, nw, d->shown[i].name) < nw)
				continue;
			struct product_view full;
			if (lookup_product(d, d->shown[i].id, true, &full, NULL) < 0)
				continue;
			bool has = false;
			for (size_t k = 0; k < nm && !has; k++)
				has = near ? attrs_has_measure_near(d, &full, &m[k])
				           : attrs_has_measure(d, &full, &m[k]);
			product_view_release(&full);
			if (!has)
				continue;
			pick = ++*sized == 1 ? (int)i : -1;
		}
	}
	words_free(w, nw);
	free(rest);
	return pick;
}

int resolve_variant_pick(struct turn *t)
{
	size_t sized;
	return variant_pick(t, &sized);
}

/* Does p have the size m, in an attribute or in its name ("5/8 in x 50
 * ft Garden Hose")? */
static bool has_size(dialogue *d, const struct product_view *p, const struct measure *m)
{
	struct product_view full;
	if (lookup_product(d, p->id, true, &full, NULL) < 0)
		return false;
	bool has = attrs_has_measure(d, &full, m);
	product_view_release(&full);
	struct measure in[DLG_MAX_TARGETS];
	size_t n = 0;
	free(attrs_cut_measures(d, p->name, in, DLG_MAX_TARGETS, &n));
	for (size_t i = 0; i < n && !has; i++)
		has = in[i].dimension && measure_compare(&in[i], m) == 0;
	return has;
}

/* Does the turn pick by a size: "the 50 ft one", "the 2 litre"? ("is
 * it 50 ft long?" asks about the product in view.) */
static bool said_size_one(const struct turn *t)
{
	struct measure m[DLG_MAX_TARGETS];
	size_t nm = 0;
	char *rest = attrs_cut_measures(t->d, t->lower, m, DLG_MAX_TARGETS, &nm);
	size_t n = strlen(rest);
	while (n && isspace((unsigned char)rest[n - 1]))
		rest[--n] = '\0';
	bool said = nm && (words_at(rest, "the one") ||
	                   (n >= 3 && !strcmp(rest + n - 3, "the") && (n == 3 || rest[n - 4] == ' ')));
	free(rest);
	return said;
}

/* "add the 50 ft one" where no product of the list has that size: the
 * products of the conversation's search that do; none found is said
 * (the product on screen, of another size, is never taken for it). */
static void from_size_elsewhere(struct turn *t)
{
	dialogue *d = t->d;
	const char *size = t->out->nlu.entities.size;
	struct measure m[1];
	size_t nm = 0;
	if (!size || !d->has_frame)
		return;
	free(attrs_cut_measures(d, size, m, 1, &nm));
	if (!nm || !m[0].dimension)
		return;
	struct dlg_frame f;
	frame_copy(&f, &d->frame);
	free(f.size);
	f.size = xstrdup(size);
	/* the frame's own size ("garden hose 100 ft") is not the one asked */
	if (f.words) {
		struct measure old[DLG_MAX_TARGETS];
		size_t n_old = 0;
		char *rest = attrs_cut_measures(d, f.words, old, DLG_MAX_TARGETS, &n_old);
		free(f.words);
		f.words = rest && *rest ? rest : NULL;
		if (!f.words)
			free(rest);
	}
	struct dlg_results r;
	if (lookup_search(d, &f, 0, DLG_PAGE, &r, NULL) < 0)
		memset(&r, 0, sizeof r);
	size_t before = t->r.n_targets;
	size_t whole = r.relaxed ? r.exact : r.n; /* those with every word */
	for (size_t i = 0; i < r.n && i < whole; i++)
		if (has_size(d, &r.items[i], &m[0]))
			add_target(&t->r, &r.items[i], -1);
	lookup_results_release(&r);
	size_t found = t->r.n_targets - before;
	if (found == 1) {
		t->r.ref = REF_OK;
		t->r.named = true;
	} else if (found > 1) {
		ask_which(t, before, LIST_NAMED);
	} else {
		t->r.ref = REF_NOT_FOUND;
		t->r.missing = f.words ? xasprintf("%s %s", f.words, size) : xstrdup(size);
	}
	frame_release(&f);
}

/* ---- superlatives ---- */

/* What a winner is picked on: a concept ("weight", "price", "rating",
 * ASK_UNIT_VALUE for the price per unit of size) or an attribute key. */
struct pick {
	const char *concept;
	const struct attr_key *key;
	int direction; /* -1: the least wins, +1: the most */
};

/* The value a product has for the pick: its price, rating, price per
 * unit of size, or the measure of the key's (or the concept's first)
 * attribute in its canonical unit; *dim its dimension (NULL: a bare
 * number or money). */
static bool value_of(struct turn *t, const struct product_view *p, const struct pick *k,
                     double *v, const char **dim)
{
	*dim = NULL;
	if (!k->key && !strcmp(k->concept, "price")) {
		*v = (double)p->price_cents;
		return p->has_price;
	}
	if (!k->key && !strcmp(k->concept, "rating")) {
		*v = p->rating;
		return p->has_rating;
	}
	struct product_view full;
	if (lookup_product(t->d, p->id, true, &full, NULL) < 0)
		return false;
	bool ok = false;
	struct measure m;
	if (k->key) {
		for (size_t i = 0; i < full.n_attrs && !ok; i++)
			ok = !strcasecmp(full.attrs[i].key, k->key->key) &&
			     attrs_measure(t->d, full.attrs[i].value, &m);
	} else if (!strcmp(k->concept, ASK_UNIT_VALUE)) {
		char per[32];
		ok = ask_unit_price(t->d, &full, v, per, sizeof per, &m);
		if (ok)
			*dim = m.dimension;
		product_view_release(&full);
		return ok;
	} else {
		size_t idx[1];
		char unit[32];
		if (ask_attrs(t->d, &full, NULL, 0, k->concept, idx, 1) == 1) {
			ok = attrs_measure(t->d, full.attrs[idx[0]].value, &m);
			if (!ok && ask_number(full.attrs[idx[0]].value, v, unit, sizeof unit)) {
				product_view_release(&full);
				return true;
			}
		}
	}
	if (ok) {
		*v = m.value[0];
		*dim = m.dimension;
	}
	product_view_release(&full);
	return ok;
}

/* Does the turn ask for the most or the least of something? */
static bool superlative_said(struct turn *t)
{
	const struct nlu_entities *e = &t->out->nlu.entities;
	return e->comparative || e->sort != NLU_SORT_NONE || e->comparative_cheaper ||
	       e->comparative_pricier || words_says(t->d, t->lower, "comparative.more") ||
	       words_says(t->d, t->lower, "comparative.less") ||
	       words_says(t->d, t->lower, "lexicon.unit_value");
}

/* The turn's words that may name a key: its content words without those
 * of asking and of comparing. Heap (words_free()). */
static char **pick_words(struct turn *t, size_t *n)
{
	size_t all = 0;
	char **w = words_content(t->d, t->lower, &all);
	*n = 0;
	for (size_t i = 0; i < all; i++) {
		if (ask_question_word(t->d, w[i]) ||
		    words_in_section(t->d, w[i], "comparative.more") ||
		    words_in_section(t->d, w[i], "comparative.less") ||
		    words_in_section(t->d, w[i], "lexicon.compare_words"))
			free(w[i]);
		else
			w[(*n)++] = w[i];
	}
	return w;
}

/* What a comparative or superlative is about: the text's own concept
 * ("bigger screen" -> screen), the price per unit of size ("better
 * value"), price for "cheaper", rating for "best rated", else a number
 * key the words name ("the most protein"). False when it says none, or
 * no end. */
static bool winner_pick(struct turn *t, struct pick *k)
{
	const struct nlu_entities *e = &t->out->nlu.entities;
	memset(k, 0, sizeof *k);
	/* the concept of the words beside the comparative: "the biggest
	 * battery" is about the battery, "the biggest" alone about size */
	size_t n = 0;
	char **w = pick_words(t, &n);
	struct buf rest;
	buf_init(&rest);
	for (size_t i = 0; i < n; i++)
		buf_printf(&rest, "%s%s", i ? " " : "", w[i]);
	k->concept = ask_concept(t->d, rest.s);
	if (!k->concept)
		k->concept = ask_concept(t->d, t->lower);
	buf_release(&rest);
	if (!k->concept && words_says(t->d, t->lower, "lexicon.unit_value"))
		k->concept = ASK_UNIT_VALUE;
	if (!k->concept && (e->comparative_cheaper || e->comparative_pricier ||
	                    e->sort == NLU_SORT_PRICE_ASC || e->sort == NLU_SORT_PRICE_DESC))
		k->concept = "price";
	if (!k->concept && (e->sort == NLU_SORT_RATING ||
	                    (e->comparative && words_says(t->d, e->comparative, "lexicon.rated"))))
		k->concept = "rating";
	if (!k->concept)
		k->key = ask_number_key(t->d, w, n);
	words_free(w, n);
	if (!k->concept && !k->key)
		return false;
	if (k->concept && !strcmp(k->concept, ASK_UNIT_VALUE)) {
		k->direction = -1; /* the least money for a unit */
	} else if (e->comparative_cheaper || e->sort == NLU_SORT_PRICE_ASC) {
		k->direction = -1;
	} else if (e->comparative_pricier || e->sort == NLU_SORT_PRICE_DESC) {
		k->direction = 1;
	} else if (k->concept && !strcmp(k->concept, "rating")) {
		k->direction = 1;
	} else {
		k->direction = ask_direction(t->d, e->comparative);
		if (!k->direction)
			k->direction = words_says(t->d, t->lower, "comparative.less") ? -1
			               : words_says(t->d, t->lower, "comparative.more") ? 1 : 0;
		/* "the fastest response time" is the least of a duration */
		char *flip = k->concept ? xasprintf("comparative.flip.%s", k->concept) : NULL;
		if (flip && words_any(t->d, t->lower, flip))
			k->direction = -k->direction;
		free(flip);
	}
	return k->direction != 0;
}

/* The best of the products at positions among[0..n) of the list by the
 * pick, values of one dimension only (the first met decides); -1 when none
 * has a value. */
static int best_of(struct turn *t, const struct pick *k, const int *among, size_t n)
{
	int best = -1;
	double best_v = 0;
	const char *dim = NULL;
	bool first = true;
	for (size_t i = 0; i < n; i++) {
		double v;
		const char *vd;
		if (!value_of(t, &t->d->shown[among[i]], k, &v, &vd))
			continue;
		if (!first && ((vd == NULL) != (dim == NULL) || (vd && strcmp(vd, dim))))
			continue;
		if (first || (k->direction < 0 ? v < best_v : v > best_v)) {
			best = among[i];
			best_v = v;
		}
		dim = vd;
		first = false;
	}
	return best;
}

static void set_winner(struct turn *t, const struct pick *k, int best, const int *among, size_t n)
{
	struct reading *r = &t->r;
	add_shown(t, best);
	r->ref = REF_OK;
	r->comparative = k->key ? (k->key->label ? k->key->label : k->key->key) : k->concept;
	r->winner_key = k->key ? k->key->key : NULL;
	r->direction = k->direction;
	r->winner = true;
	memcpy(r->among, among, n * sizeof *among);
	r->n_among = n;
}

/* "the 500g or the 1kg": the products of among that have a size the turn
 * names, when some do. Returns how many are left at the front. */
static size_t among_sizes(struct turn *t, int *among, size_t n)
{
	struct measure m[DLG_MAX_TARGETS];
	size_t nm = attrs_measures_in(t->d, t->lower, m, DLG_MAX_TARGETS);
	if (!nm)
		return n;
	size_t keep = 0;
	int kept[DLG_MAX_SHOWN];
	for (size_t i = 0; i < n; i++) {
		struct product_view full;
		if (lookup_product(t->d, t->d->shown[among[i]].id, true, &full, NULL) < 0)
			continue;
		bool has = false;
		for (size_t j = 0; j < nm && !has; j++)
			has = attrs_has_measure(t->d, &full, &m[j]);
		product_view_release(&full);
		if (has)
			kept[keep++] = among[i];
	}
	if (!keep)
		return n;
	memcpy(among, kept, keep * sizeof *kept);
	return keep;
}

/* "does it come in a bigger bottle": a question about the sizes or
 * colours of the product in focus, not about other products. */
static bool asks_own_variants(struct turn *t)
{
	const dialogue *d = t->d;
	return d->focus >= 0 && (size_t)d->focus < d->n_shown && says_pronoun(t) &&
	       words_says(d, t->lower, "lexicon.comes_in");
}

/* "which is lighter", "the cheaper one", "the best rated", "which is
 * better value": the winner among the products compared last, else the
 * list in focus (those of a size the turn names, when it names some). */
/* "is it cheaper than the milo", "than the corner one": the one product
 * the words after "than" name, other than the one in focus; into out
 * (a copy), false when they name none or several. */
static bool than_named(struct turn *t, struct product_view *out)
{
	dialogue *d = t->d;
	const char *than = words_at(t->lower, "than");
	if (!than || d->focus < 0 || (size_t)d->focus >= d->n_shown)
		return false;
	size_t nw = 0;
	char **w = words_content(d, than + 4, &nw);
	char *words = nw ? words_join(w, nw) : NULL;
	bool found = false;
	struct search_result r;
	if (words && lookup_words_find(d, words, NAME_CANDIDATES, &r)) {
		int only = named_hit(d, &r, true, w, nw);
		found = only >= 0 && strcmp(r.hits[only].p.id, d->shown[d->focus].id);
		if (found)
			product_view_copy(out, &r.hits[only].p);
	}
	if (words)
		search_result_release(&r);
	free(words);
	words_free(w, nw);
	return found;
}

/* "how big is the expensive one", "the light ones": a plain adjective
 * said between "the" and "one" points at the most or the least of the
 * list, on price ([degree.pricier], [degree.cheaper]) or on the concept
 * the word names ([degree.more], [degree.less]: "big" is a size). False
 * when the turn says no such pointing. */
static bool degree_pick(struct turn *t, struct pick *k)
{
	size_t n = 0;
	char **w = words_split_plain(t->lower, &n);
	bool found = false;
	memset(k, 0, sizeof *k);
	for (size_t i = 2; i < n && !found; i++) {
		if ((strcmp(w[i], "one") && strcmp(w[i], "ones")) || strcmp(w[i - 2], "the"))
			continue;
		const char *adj = w[i - 1];
		if (words_is(t->d, adj, "degree.pricier") || words_is(t->d, adj, "degree.cheaper")) {
			k->concept = "price";
			k->direction = words_is(t->d, adj, "degree.pricier") ? 1 : -1;
		} else if (words_is(t->d, adj, "degree.more") || words_is(t->d, adj, "degree.less")) {
			k->concept = ask_concept(t->d, adj);
			k->direction = words_is(t->d, adj, "degree.more") ? 1 : -1;
		}
		found = k->concept != NULL;
	}
	words_free(w, n);
	return found;
}

static void from_superlative(struct turn *t)
{
	dialogue *d = t->d;
	struct pick k;
	bool degree = d->n_shown >= 2 && degree_pick(t, &k);
	if (!d->n_shown || (!degree && (!superlative_said(t) || !winner_pick(t, &k))))
		return;
	int among[DLG_MAX_SHOWN];
	size_t n = 0;
	/* "does it come in a bigger bottle": the product in focus against its
	 * own sizes, not the list's others */
	bool own = asks_own_variants(t);
	struct product_view other;
	if (!own && than_named(t, &other)) {
		/* "is it cheaper than the milo": the two are the list, the one
		 * in focus first */
		struct product_view two[2];
		product_view_copy(&two[0], &d->shown[d->focus]);
		two[1] = other;
		state_list_set(d, two, 2, NULL, NULL, LIST_NAMED);
		product_view_release(&two[0]);
		product_view_release(&two[1]);
		among[n++] = 0;
		among[n++] = 1;
	} else if (own) {
		among[n++] = d->focus;
	} else if (d->n_compared >= 2) {
		for (size_t i = 0; i < d->n_compared; i++)
			among[n++] = d->compared[i];
	} else {
		for (size_t i = 0; i < d->n_shown; i++)
			among[n++] = (int)i;
	}
	n = among_sizes(t, among, n);
	int best = best_of(t, &k, among, n);
	if (best >= 0 && degree) {
		/* a pointing, not a question of which wins */
		add_shown(t, best);
		t->r.ref = REF_OK;
		t->r.by_degree = true;
	} else if (best >= 0)
		set_winner(t, &k, best, among, n);
	else if (!degree)
		t->r.no_winner = k.key ? (k.key->label ? k.key->label : k.key->key) : k.concept;
}

/* The products of the list whose name or category hold every word. */
static size_t list_holds(const dialogue *d, char **w, size_t n)
{
	size_t held = 0;
	for (size_t i = 0; i < d->n_shown && n; i++) {
		char *hay = xasprintf("%s %s", d->shown[i].name, d->shown[i].category ? d->shown[i].category : "");
		held += words_in_text(w, n, hay) == n;
		free(hay);
	}
	return held;
}

bool resolve_list_holds(struct turn *t, const char *words)
{
	size_t n = 0;
	char **w = words_content(t->d, words, &n);
	bool holds = n && list_holds(t->d, w, n) >= 2;
	words_free(w, n);
	return holds;
}

/* Candidates a superlative over a kind is picked among. */
#define KIND_CANDIDATES 60

/* The last word of the search frame's words that names products by
 * itself ("headlamp" of "headlamp aaa batteries"), or NULL (heap). */
static char *kind_of_frame(dialogue *d)
{
	size_t n = 0;
	char **w = words_product_content(d, d->frame.words, &n);
	char *kind = NULL;
	for (size_t i = n; i-- > 0 && !kind;)
		if (lookup_words_name_products(d, w[i]))
			kind = xstrdup(w[i]);
	words_free(w, n);
	return kind;
}

/* "which yogurt has the most protein?": the kind's products (a search of
 * the turn's other words), the winner by the key or concept among them.
 * They become the list, best first. Nothing when the words find no
 * products with every word, or the list on screen is of that kind
 * already (the list's superlative answers), unless the turn is a search
 * (searched: "lightest laptop under $1000" after laptops, the range). */
static void from_kind_superlative(struct turn *t, bool searched)
{
	dialogue *d = t->d;
	struct pick k;
	if (!superlative_said(t) || !winner_pick(t, &k) ||
	    (k.concept && (!strcmp(k.concept, "price") || !strcmp(k.concept, "rating"))))
		return;
	size_t n = 0;
	char **w = pick_words(t, &n);
	size_t keep = 0;
	/* "the biggest monitor you sell": the shop's range, no name's words;
	 * "under $1000": a budget (the search's words leave it out) */
	const char *range_said = words_said(d, t->lower, "lexicon.shop_range");
	const struct nlu_entities *e = &t->out->nlu.entities;
	const char *budget_out = (e->price_max >= 0 || e->price_min >= 0) ? e->product_words : NULL;
	for (size_t i = 0; i < n; i++) {
		char *one[1] = {w[i]};
		bool of_pick = (k.key && words_in_text(one, 1, k.key->label ? k.key->label : k.key->key)) ||
		               (range_said && words_in_text(one, 1, range_said)) ||
		               (budget_out && !words_in_text(one, 1, budget_out)) ||
		               (k.concept && ask_concept_word(d, k.concept, w[i])) ||
		               words_in_section(d, w[i], "lexicon.not_names") ||
		               words_in_section(d, w[i], "lexicon.unit_value");
		if (of_pick)
			free(w[i]);
		else
			w[keep++] = w[i];
	}
	n = keep;
	/* "whats the brightest one you have" of a list narrowed to one: the
	 * shop's range of the kind the search is of (its last word that
	 * names products: "headlamp" of "headlamp aaa batteries") */
	char *range = !n && d->has_frame && d->frame.words &&
	                      words_says(d, t->lower, "lexicon.shop_range")
	                  ? kind_of_frame(d)
	                  : NULL;
	if (range) {
		words_free(w, n);
		w = xmalloc(sizeof *w);
		w[0] = range;
		n = 1;
	}
	/* "is the ultegra one lighter" of two cassettes listed: a yes-or-no
	 * question of the one listed, not the kind's lightest */
	bool yes_no = !strncmp(t->lower, "is the ", 7) || !strncmp(t->lower, "are the ", 8) ||
	              !strncmp(t->lower, "does the ", 9);
	size_t held = !n || range ? 0 : list_holds(d, w, n);
	if (!n || (!range && ((held >= 2 && !searched) || (yes_no && held == 1)))) {
		words_free(w, n);
		return;
	}
	struct buf words;
	buf_init(&words);
	for (size_t i = 0; i < n; i++)
		buf_printf(&words, "%s%s", i ? " " : "", w[i]);
	/* a kind is named by names ("which yogurt"): words only descriptions
	 * hold name none, and are left out when others name ("life" of
	 * "laptop with the longest battery life", read as the battery) */
	if (!lookup_words_name_products(d, words.s)) {
		buf_release(&words);
		buf_init(&words);
		for (size_t i = 0; i < n; i++)
			if (lookup_words_name_products(d, w[i]))
				buf_printf(&words, "%s%s", words.len ? " " : "", w[i]);
	}
	words_free(w, n);
	if (!words.len || !lookup_words_name_products(d, words.s)) {
		buf_release(&words);
		return;
	}
	struct search_result r;
	bool found = lookup_words_find(d, words.s, KIND_CANDIDATES, &r);
	/* the kind is what is being looked at: "cheaper ones" after it */
	struct dlg_frame kind;
	frame_init(&kind);
	kind.words = buf_detach(&words);
	kind.price_min = e->price_min;
	kind.price_max = e->price_max;
	size_t hits = !found ? 0 : r.relaxed ? r.total_exact : r.n_hits;
	if (hits > r.n_hits)
		hits = r.n_hits;
	/* the candidates with a value, best first */
	struct scored {
		size_t hit;
		double v;
	} s[KIND_CANDIDATES];
	size_t ns = 0;
	const char *dim = NULL;
	for (size_t i = 0; i < hits && ns < KIND_CANDIDATES; i++) {
		double v;
		const char *vd;
		/* "the lightest laptop under $1000": the budget said holds */
		const struct product_view *p = &r.hits[i].p;
		if ((e->price_max >= 0 && (!p->has_price || p->price_cents > llround(e->price_max * 100))) ||
		    (e->price_min >= 0 && (!p->has_price || p->price_cents < llround(e->price_min * 100))))
			continue;
		if (!value_of(t, p, &k, &v, &vd))
			continue;
		if (ns && ((vd == NULL) != (dim == NULL) || (vd && strcmp(vd, dim))))
			continue;
		dim = vd;
		size_t at = ns++;
		while (at && (k.direction < 0 ? v < s[at - 1].v : v > s[at - 1].v)) {
			s[at] = s[at - 1];
			at--;
		}
		s[at] = (struct scored){i, v};
	}
	if (ns) {
		struct product_view top[DLG_PAGE];
		int among[DLG_PAGE];
		size_t nt = ns < DLG_PAGE ? ns : DLG_PAGE;
		for (size_t i = 0; i < nt; i++) {
			top[i] = r.hits[s[i].hit].p; /* borrowed from r */
			among[i] = (int)i;
		}
		/* ... in the category they all lie in (not "laptop memory") */
		for (size_t i = 0; i < nt; i++)
			if (!top[i].category || (i && strcmp(top[i].category, top[0].category)))
				break;
			else if (i + 1 == nt)
				kind.category = xstrdup(top[0].category);
		state_list_set(d, top, nt, NULL, NULL, LIST_NAMED);
		state_frame_set(d, &kind);
		set_winner(t, &k, 0, among, nt);
		t->r.listed = true;
	}
	frame_release(&kind);
	search_result_release(&r);
}

/* "longer ones", "a quieter one" with one product on screen: the products
 * of its category beyond it on the concept, the closest first; they become
 * the list. Nothing when it has no value for the concept, or none is
 * beyond it. */
static void from_kind_beyond(struct turn *t)
{
	dialogue *d = t->d;
	const struct nlu_entities *e = &t->out->nlu.entities;
	struct pick k;
	if (d->n_shown != 1 || asks_own_variants(t) || !e->comparative ||
	    e->comparative_cheaper || e->comparative_pricier ||
	    !d->shown[0].category || !winner_pick(t, &k) || !k.concept ||
	    !strcmp(k.concept, "price") || !strcmp(k.concept, "rating"))
		return;
	double v0;
	const char *dim0;
	if (!value_of(t, &d->shown[0], &k, &v0, &dim0))
		return;
	struct dlg_frame f;
	frame_init(&f);
	f.category = xstrdup(d->shown[0].category);
	struct dlg_results r;
	if (lookup_search(d, &f, 0, KIND_CANDIDATES, &r, NULL) < 0) {
		frame_release(&f);
		return;
	}
	frame_release(&f);
	struct {
		size_t item;
		double v;
	} s[KIND_CANDIDATES];
	size_t ns = 0;
	for (size_t i = 0; i < r.n && ns < KIND_CANDIDATES; i++) {
		double v;
		const char *dim;
		if (!strcmp(r.items[i].id, d->shown[0].id) || !value_of(t, &r.items[i], &k, &v, &dim) ||
		    (dim == NULL) != (dim0 == NULL) || (dim && strcmp(dim, dim0)) ||
		    (k.direction > 0 ? v <= v0 : v >= v0))
			continue;
		size_t at = ns++;
		while (at && (k.direction > 0 ? v < s[at - 1].v : v > s[at - 1].v)) {
			s[at] = s[at - 1];
			at--;
		}
		s[at].item = i;
		s[at].v = v;
	}
	if (ns) {
		struct product_view top[DLG_PAGE];
		size_t nt = ns < DLG_PAGE ? ns : DLG_PAGE;
		for (size_t i = 0; i < nt; i++)
			top[i] = r.items[s[i].item]; /* borrowed from r */
		t->r.beyond_of = xstrdup(d->shown[0].name);
		for (size_t i = 0; i < nt; i++)
			add_target(&t->r, &top[i], (int)i);
		state_list_set(d, top, nt, NULL, NULL, LIST_NAMED);
		t->r.beyond = true;
		t->r.comparative = k.concept;
		t->r.direction = k.direction;
		t->r.ref = REF_OK;
	}
	lookup_results_release(&r);
}

/* ---- the reading ---- */

/* A question about "them" or "each" answers for the products of a short
 * list, as a comparison would. */
#define PLURAL_MAX 5

static void from_focus(struct turn *t, unsigned want)
{
	dialogue *d = t->d;
	bool plural = want & W_ATTR && d->n_shown >= 2 && d->n_shown <= PLURAL_MAX &&
	              words_says(d, t->lower, "lexicon.plural_ref");
	if (plural) {
		for (size_t i = 0; i < d->n_shown; i++)
			add_shown(t, (int)i);
	} else if (d->focus >= 0 && (size_t)d->focus < d->n_shown) {
		add_shown(t, d->focus);
	} else if (d->n_shown == 1) {
		add_shown(t, 0);
	} else if (want & W_ALL) {
		for (size_t i = 0; i < d->n_shown; i++)
			add_shown(t, (int)i);
	}
	if (t->r.n_targets)
		t->r.ref = REF_OK;
}

/* Does text say a phrase of the concept ([attribute.CONCEPT])? */
static bool concept_said(const dialogue *d, const char *concept, const char *text)
{
	const char *c = ask_concept(d, text);
	return c && !strcmp(c, concept);
}

/* Is the word a plain adjective of degree ("cheap", "big")? */
static bool is_degree(const dialogue *d, const char *word)
{
	static const char *const sections[] = {"degree.pricier", "degree.cheaper", "degree.more",
	                                       "degree.less"};
	for (size_t i = 0; i < sizeof sections / sizeof *sections; i++)
		if (words_is(d, word, sections[i]))
			return true;
	return false;
}

/* Does an attribute value of every target hold the word? */
static bool value_of_targets(struct turn *t, const char *word)
{
	size_t held = 0;
	for (size_t k = 0; k < t->r.n_targets; k++) {
		struct product_view full;
		if (lookup_product(t->d, t->r.targets[k].id, true, &full, NULL) < 0)
			continue;
		char *one[1] = {(char *)word};
		bool in = false;
		for (size_t a = 0; a < full.n_attrs && !in; a++)
			in = words_in_text(one, 1, full.attrs[a].value) > 0;
		held += in;
		product_view_release(&full);
	}
	return t->r.n_targets && held == t->r.n_targets;
}

static void read_question(struct turn *t)
{
	size_t n = 0;
	char **w = words_content(t->d, t->r.question, &n);
	struct buf b;
	buf_init(&b);
	/* "how much protein in each bar": asked, though the name holds it */
	char *how = NULL;
	if (!strncmp(t->r.question, "how much ", 9) || !strncmp(t->r.question, "how many ", 9))
		how = xstrndup(t->r.question + 9, strspn(t->r.question + 9, "abcdefghijklmnopqrstuvwxyz"));
	for (size_t i = 0; i < n; i++) {
		bool in_name = false;
		for (size_t k = 0; k < t->r.n_targets && !in_name; k++) {
			char *one[1] = {w[i]};
			in_name = words_in_text(one, 1, t->r.targets[k].name) ||
			          words_in_text(one, 1, t->r.targets[k].brand);
		}
		if (in_name && n > 1 && !(how && !strcmp(how, w[i])))
			continue;
		if (t->r.by_value && value_of_targets(t, w[i]))
			continue;
		if (t->r.by_degree && is_degree(t->d, w[i]))
			continue;
		/* "whats in the discovery set": the asking, not what is asked */
		if (words_in_section(t->d, w[i], "lexicon.asking"))
			continue;
		/* "is there anything with nuts in it": the thing is the product */
		if (words_is(t->d, w[i], "lexicon.vague_thing") && n > 1)
			continue;
		/* "the 2nd one": the pointing, not what is asked */
		size_t digits = strspn(w[i], "0123456789");
		if (digits && (!strcmp(w[i] + digits, "st") || !strcmp(w[i] + digits, "nd") ||
		               !strcmp(w[i] + digits, "rd") || !strcmp(w[i] + digits, "th")))
			continue;
		if (b.len)
			buf_addc(&b, ' ');
		buf_adds(&b, w[i]);
	}
	words_free(w, n);
	free(how);
	t->r.asked = b.len ? buf_detach(&b) : NULL;
	if (!t->r.asked)
		buf_release(&b);
	/* the concept of the question's own words: "what about the heavy
	 * duty one, how many sheets" asks no weight of the Heavy Duty
	 * Stapler */
	struct buf own;
	buf_init(&own);
	char *copy = xstrdup(t->r.question);
	size_t kept = 0, dropped = 0;
	for (char *save = NULL, *tok = strtok_r(copy, " ,?!.", &save); tok;
	     tok = strtok_r(NULL, " ,?!.", &save)) {
		bool in_name = false;
		for (size_t k = 0; k < t->r.n_targets && !in_name && strlen(tok) > 2; k++) {
			char *one[1] = {tok};
			in_name = words_in_text(one, 1, t->r.targets[k].name) > 0;
		}
		if (in_name) {
			dropped++;
			continue;
		}
		buf_printf(&own, "%s%s", own.len ? " " : "", tok);
		kept++;
	}
	free(copy);
	const char *concept = ask_concept(t->d, t->r.question);
	/* said only by the name's words, while the rest asks an amount of
	 * something else: no concept of the name's */
	if (concept && dropped && kept && !concept_said(t->d, concept, own.s) &&
	    words_says(t->d, own.s, "lexicon.ask_amount"))
		concept = ask_concept(t->d, own.s);
	t->r.concept = concept;
	buf_release(&own);
}

void resolve_answer(struct turn *t)
{
	dialogue *d = t->d;
	t->r.yes = words_is(d, t->lower, "lexicon.yes") || words_says(d, t->lower, "lexicon.yes_phrase");
	t->r.no = !t->r.yes &&
	          (words_is(d, t->lower, "lexicon.no") || words_says(d, t->lower, "lexicon.no_phrase"));
}

/* A question of "it" is answered for each listed product up to this
 * many. */
#define ANSWER_EACH_MAX 3

void resolve_turn(struct turn *t, const char *intent)
{
	dialogue *d = t->d;
	const struct nlu_entities *e = &t->out->nlu.entities;
	struct reading *r = &t->r;
	r->intent = intent;
	r->question = t->lower;
	if (words_starts_with(d, t->lower, "lexicon.follow_up") && d->last_question &&
	    !strcmp(intent, "product_question") && !words_any(d, t->lower, "lexicon.asking"))
		r->question = d->last_question; /* "and the Basmati Rice?" asks the same */
	r->quantity = e->quantity;
	r->has_quantity = e->quantity_said;
	r->set_quantity = e->quantity_set || words_says(d, t->lower, "lexicon.set_quantity");
	unsigned want = want_of(intent);
	if (!(want & W_PRODUCTS))
		return;
	if (e->n_ordinals)
		from_ordinals(t);
	if (r->ref == REF_OUT_OF_RANGE && want & W_NAMED) {
		/* "the Spaghetti No. 5": a number past the list's end may be
		 * part of a name */
		r->ref = REF_NONE;
		from_names(t, want);
		if (r->ref != REF_OK && r->ref != REF_AMBIGUOUS) {
			for (size_t i = 0; i < r->n_targets; i++)
				product_view_release(&r->targets[i]);
			r->n_targets = 0;
			free(r->missing);
			r->missing = NULL;
			r->ref = REF_OUT_OF_RANGE;
		}
	}
	if (r->ref == REF_NONE && want & W_NAMED) {
		size_t sized;
		int pick = variant_pick(t, &sized);
		if (pick >= 0) {
			add_shown(t, pick);
			r->ref = REF_OK;
		} else if (!sized && !(want & W_CART) && said_size_one(t)) {
			from_size_elsewhere(t);
		}
	}
	if (r->ref == REF_NONE && want & W_ATTR && !e->n_ordinals)
		from_kind_superlative(t, false);
	if (r->ref == REF_NONE && want & W_ATTR && !e->n_ordinals)
		from_kind_beyond(t);
	if (r->ref == REF_NONE)
		from_list_color(t);
	if (r->ref == REF_NONE)
		from_list_options(t);
	if (r->ref == REF_NONE)
		from_brand_one(t, want);
	if (r->ref == REF_NONE && want & W_NAMED)
		from_ids(t);
	/* "and a balsamic to go with it": what goes with the product in
	 * focus; the words say the kind wanted, not which product it is */
	if (r->ref == REF_NONE && !strcmp(intent, "recommend") && d->focus >= 0 &&
	    (size_t)d->focus < d->n_shown && says_pronoun(t) &&
	    words_says(d, t->lower, "lexicon.goes_with")) {
		add_shown(t, d->focus);
		r->ref = REF_OK;
	}
	/* "tinted medium", "1kg ground please" with a product in focus sold
	 * so: every word says its variant, none names another product */
	if (r->ref == REF_NONE && want & W_NAMED && d->focus >= 0 && (size_t)d->focus < d->n_shown) {
		char *variant = resolve_focus_variant_named(t);
		size_t n = 0;
		char **w = variant ? words_content(d, t->lower, &n) : NULL;
		if (variant && n && !words_any(d, t->lower, "lexicon.asking") &&
		    resolve_words_name_variant(d, w, n, variant)) {
			add_shown(t, d->focus);
			r->ref = REF_OK;
		}
		words_free(w, n);
		free(variant);
	}
	if (r->ref == REF_NONE && want & W_NAMED)
		from_names(t, want);
	/* "add the kilo bag": words that name no product but a variant of the
	 * one in focus are about it */
	if (r->ref == REF_NOT_FOUND && d->focus >= 0 && (size_t)d->focus < d->n_shown) {
		char *variant = resolve_focus_variant_named(t);
		/* ... all of them: "the hillside size 4" of Pampers names other
		 * nappies in that size */
		size_t nm = 0;
		char **mw = variant && r->missing ? words_content(d, r->missing, &nm) : NULL;
		if (variant && nm && !resolve_words_name_variant(d, mw, nm, variant)) {
			free(variant);
			variant = NULL;
		}
		words_free(mw, nm);
		if (variant) {
			free(r->missing);
			r->missing = NULL;
			r->ref = REF_NONE;
			add_shown(t, d->focus);
			r->ref = REF_OK;
		}
		free(variant);
	}
	/* "compare it with the hydra serum": the product in focus, and the
	 * one named */
	if (r->ref == REF_OK && r->n_targets == 1 && !strcmp(intent, "compare") &&
	    says_pronoun(t) && d->focus >= 0 && (size_t)d->focus < d->n_shown &&
	    strcmp(d->shown[d->focus].id, r->targets[0].id))
		add_shown(t, d->focus);
	if (r->ref == REF_NONE && e->size && d->n_shown && !says_pronoun(t)) {
		/* "is the king mattress on sale" where the words name no more
		 * than the list's kind: the one listed in that size */
		int picked[1];
		if (keep_size(t, NULL, 0, picked, 0) == 1) {
			add_shown(t, picked[0]);
			r->ref = REF_OK;
		}
	}
	if (r->ref == REF_NONE)
		from_superlative(t);
	if (r->ref == REF_NONE && !strcmp(intent, "add_to_cart") && (e->size || e->color) &&
	    words_says(d, t->lower, "lexicon.swap"))
		from_cart_option(t);
	if (r->ref == REF_NONE)
		from_focus(t, want);
	/* "does it need a lot of light?" of two or three products listed, or
	 * of the two just compared, and none in focus; "how much protein per
	 * scoop" of them, naming none: a question answered for each, not
	 * "which one?" */
	if (r->ref == REF_NONE && want & W_ATTR && !strcmp(intent, "product_question")) {
		bool compared = d->n_compared >= 2 && d->n_compared <= ANSWER_EACH_MAX;
		size_t n = compared ? d->n_compared : d->n_shown;
		for (size_t i = 0; n >= 2 && n <= ANSWER_EACH_MAX && i < n; i++)
			add_shown(t, compared ? d->compared[i] : (int)i);
		if (r->n_targets) {
			r->ref = REF_OK;
			r->each = true;
		}
	}
	if (want & W_ATTR) {
		read_question(t);
		if (r->question == d->last_question) {
			free(r->asked);
			r->asked = d->last_asked ? xstrdup(d->last_asked) : NULL;
			r->concept = d->last_concept;
		}
	}
}

bool resolve_kind_winner(struct turn *t)
{
	if (!words_says(t->d, t->lower, "lexicon.superlative"))
		return false;
	struct reading *r = &t->r;
	r->intent = "compare";
	r->question = t->lower;
	from_kind_superlative(t, true);
	if (r->ref == REF_OK && r->listed)
		return true;
	reading_release(r);
	return false;
}

void reading_release(struct reading *r)
{
	free(r->beyond_of);
	for (size_t i = 0; i < r->n_targets; i++)
		product_view_release(&r->targets[i]);
	free(r->missing);
	free(r->asked);
	memset(r, 0, sizeof *r);
}

bool resolve_one_holds_words(struct turn *t)
{
	char *words = name_words(t, W_NAMED);
	if (!words)
		return false;
	struct search_result r;
	bool all = lookup_words_find(t->d, words, 2, &r);
	size_t nw = 0;
	char **w = words_content(t->d, words, &nw);
	bool one = all && only_one_holds(t->d, &r, w, nw, true) >= 0;
	words_free(w, nw);
	search_result_release(&r);
	free(words);
	return one;
}

bool resolve_focus_variant(struct turn *t)
{
	dialogue *d = t->d;
	const struct nlu_entities *e = &t->out->nlu.entities;
	if (d->focus < 0 || (size_t)d->focus >= d->n_shown || !(e->color || e->size))
		return false;
	const struct product_view *p = &d->shown[d->focus];
	return (!e->color || has_value(d, p, e->color)) && (!e->size || has_value(d, p, e->size));
}

/* "1kg ground please" of "Ground, 1 kg": every word is a word of an
 * option of the variant (its size said without the space, "1kg"), or a
 * word that leads a request ("please", "ok"). */
bool resolve_words_name_variant(const dialogue *d, char **w, size_t n, const char *variant)
{
	for (size_t i = 0; i < n; i++) {
		char *one[1] = {w[i]};
		if (words_in_text(one, 1, variant) || words_is(d, w[i], "lexicon.verb_lead"))
			continue;
		bool item = false;
		for (const char *v = variant; *v && !item;) {
			size_t len = strcspn(v, ",");
			char *part = xstrndup(v, len);
			char mine[64], theirs[64];
			words_squeeze(w[i], mine, sizeof mine);
			words_squeeze(part, theirs, sizeof theirs);
			item = *mine && !strcmp(mine, theirs);
			free(part);
			v += len;
			v += *v == ',';
		}
		if (!item)
			return false;
	}
	return true;
}

char *resolve_focus_variant_named(struct turn *t)
{
	dialogue *d = t->d;
	if (d->focus < 0 || (size_t)d->focus >= d->n_shown)
		return NULL;
	struct product_view full;
	if (lookup_product(d, d->shown[d->focus].id, true, &full, NULL) < 0)
		return NULL;
	char *named = ask_variant_named(d, &full, t->lower);
	product_view_release(&full);
	return named;
}

bool resolve_names_one(struct turn *t)
{
	char *words = name_words(t, W_ATTR);
	if (!words)
		return false;
	struct search_result r;
	bool all = lookup_words_find(t->d, words, NAME_CANDIDATES, &r);
	size_t nw = 0, named = 0;
	char **w = words_content(t->d, words, &nw);
	/* named by all the words, or all but one ("grape" of "what grape
	 * is the picpoul"): "my daughter is 7, what bike" names none; of
	 * several so named, the one whose name they say most of ("harbour
	 * sloe gin": Harbour Sloe Gin, not the Harbour Gin Gift Set) */
	double best = 0;
	for (size_t i = 0; i < r.n_hits; i++) {
		struct coverage c = cover(t->d, w, nw, &r.hits[i].p);
		if (!names_product(c, nw) || c.words_held + 1 < nw)
			continue;
		if (c.name_share > best + 1e-9) {
			best = c.name_share;
			named = 1;
		} else if (c.name_share > best - 1e-9) {
			named++;
		}
	}
	bool one = named == 1 || (!named && all && nw && only_one_named(&r, w, nw) >= 0);
	/* "the ardbeg" is one product; "a cast iron pan" any of its kind */
	one = one && nw && the_before(t->lower, w[0]);
	words_free(w, nw);
	search_result_release(&r);
	free(words);
	return one;
}

static bool names_product_as(struct turn *t, unsigned want);

bool resolve_names_product(struct turn *t)
{
	return names_product_as(t, W_ATTR);
}

bool resolve_names_product_for(struct turn *t, const char *intent)
{
	return names_product_as(t, want_of(intent));
}

static bool names_product_as(struct turn *t, unsigned want)
{
	char *words = name_words(t, want);
	if (!words)
		return false;
	struct reading saved = t->r;
	memset(&t->r, 0, sizeof t->r);
	/* a probe: nothing of what it finds is kept */
	struct search_result r;
	bool found = false;
	bool all = lookup_words_find(t->d, words, NAME_CANDIDATES, &r);
	if (all || r.n_hits) {
		/* ("tell me about the comte": the one product named so) */
		size_t nw = 0;
		char **w = words_content(t->d, words, &nw);
		found = named_hit(t->d, &r, all, w, nw) != -1;
		words_free(w, nw);
	}
	search_result_release(&r);
	/* "is the brie safe in pregnancy": a name after "the", then the
	 * question */
	if (!found)
		found = named_after_the(t, words);
	reading_release(&t->r);
	t->r = saved;
	free(words);
	return found;
}
