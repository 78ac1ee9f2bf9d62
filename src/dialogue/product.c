/*
 * product.c: questions about products and side-by-side comparisons,
 * answered only from the product data: its fields (price, stock, rating,
 * brand, colour), its attributes (with their units) and the sentences of
 * its description. What the data does not say, clerk does not know.
 *
 * "Which is lighter?" names the winner with both values; a comparison
 * shows the attributes that help decide (shared ones that differ first,
 * then those that agree), never links, images, codes or timestamps.
 */
#include "src/dialogue/handlers.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "catalog/shop/cart.h"
#include "catalog/shop/events.h"
#include "catalog/store/reviews.h"
#include "common/buf.h"
#include "common/xalloc.h"
#include "nlu/text/ages.h"
#include "nlu/text/normalize.h"
#include "src/dialogue/ask.h"
#include "src/dialogue/attrs.h"
#include "src/dialogue/lookup.h"
#include "src/dialogue/resolve.h"
#include "src/dialogue/state.h"
#include "src/dialogue/turn.h"
#include "src/dialogue/words.h"

#define MAX_COMPARE 4
#define MAX_ANSWER_ATTRS 24 /* values, of at most ASK_MAX_KEYS keys */

/* ---- what a reference came to ---- */

/* Says why the turn has no product to act on; true when it said so. */
static bool no_target(struct turn *t, const char *which_key, const char *none_key)
{
	const struct unresolved_keys k = {"product.not_found", "suggest.start", which_key,
	                                  "suggest.question", none_key};
	return turn_unresolved(t, &k);
}

/* ---- answers ---- */

static void set_product_vars(struct turn *t, const struct product_view *p)
{
	turn_var(t, "name", p->name);
	turn_var(t, "brand", p->brand);
	if (p->has_price)
		turn_money(t, "price", p->price_cents, p->currency);
	else
		turn_var(t, "price", NULL);
	if (p->has_rating)
		turn_varf(t, "rating", "%.1f", p->rating);
	else
		turn_var(t, "rating", NULL);
	if (p->has_stock)
		turn_varf(t, "stock", "%lld", (long long)p->stock);
	else
		turn_var(t, "stock", NULL);
	if (p->review_count > 0)
		turn_varf(t, "reviews", "%lld", (long long)p->review_count);
	else
		turn_var(t, "reviews", NULL);
}

/* size as the sizes p comes in write it ("8 in" for "8 inch"), or NULL
 * when p lists sizes without it or none (heap). */
static char *size_as_listed(struct turn *t, const struct product_view *p, const char *size)
{
	char *as = NULL;
	if (size && ask_size_listed_as(t->d, p, size, NULL, &as) == 1 && as)
		return as;
	free(as);
	return NULL;
}

/* The variant a turn names, as the product lists it: the size said
 * ("8 in" for "8 inch") or the colour said ("Empire Red" for "red");
 * NULL when it names none (heap). */
static char *variant_of(struct turn *t, const struct product_view *p, const char *size,
                        const char *color);

static char *variant_said(struct turn *t, const struct product_view *p)
{
	const struct nlu_entities *e = &t->out->nlu.entities;
	return variant_of(t, p, e->size, e->color);
}

/* variant_said() of a size and a colour given (either may be NULL). */
static char *variant_of(struct turn *t, const struct product_view *p, const char *size,
                        const char *color)
{
	char *as = size_as_listed(t, p, size);
	/* "in medium in red": the variant of both, when the shop sells it
	 * ("M, Red" or "Red, M") */
	for (size_t i = 0; as && color && i < p->n_attrs; i++) {
		char *listed = ask_key_of(t->d, p->attrs[i].key, "color")
		                   ? words_list_item(p->attrs[i].value, color) : NULL;
		for (int order = 0; listed && order < 2; order++) {
			char *both = order ? xasprintf("%s, %s", listed, as) : xasprintf("%s, %s", as, listed);
			if (cart_variant_price(t->d->cat, p->id, both) >= 0 ||
			    cart_variant_stock(t->d->cat, p->id, both) >= 0) {
				free(listed);
				free(as);
				return both;
			}
			free(both);
		}
		free(listed);
	}
	if (as) {
		/* "1kg ground": the variant of both options, "Ground, 1 kg",
		 * when the size is one of its items */
		char *named = ask_variant_named(t->d, p, t->lower);
		if (named && strchr(named, ',') && words_list_holds(named, as)) {
			free(as);
			return named;
		}
		free(named);
		return as;
	}
	for (size_t i = 0; color && i < p->n_attrs; i++) {
		as = ask_key_of(t->d, p->attrs[i].key, "color")
		         ? words_list_item(p->attrs[i].value, color)
		         : NULL;
		if (as)
			return as;
	}
	/* "is the 130 sand in stock", though no colour list knows "sand" */
	return ask_variant_named(t->d, p, t->lower);
}

/* Says whether price is a markdown from was (yes when was is higher). */
static void say_markdown(struct turn *t, int64_t price, int64_t was, const char *currency)
{
	turn_money(t, "price", price, currency);
	if (was > price) {
		turn_money(t, "was", was, currency);
		turn_varf(t, "off", "%d", (int)((was - price) * 100 / was));
		say(t, "question.on_sale");
	} else {
		say(t, "question.not_on_sale");
	}
}

/* The variant the turn names and its own price, when the import kept
 * one (heap; NULL, and *price -1, when not). */
static char *variant_priced(struct turn *t, const struct product_view *p, int64_t *price)
{
	char *v = variant_said(t, p);
	*price = v ? cart_variant_price(t->d->cat, p->id, v) : -1;
	if (*price < 0) {
		free(v);
		return NULL;
	}
	return v;
}

/* "is the red one on sale": that variant's price and the price before
 * its sale, when the import kept them. */
static bool answer_variant_sale(struct turn *t, const struct product_view *p)
{
	int64_t price;
	char *v = variant_priced(t, p, &price);
	if (!v)
		return false;
	turn_varf(t, "name", "%s (%s)", p->name, v);
	say_markdown(t, price, cart_variant_was_price(t->d->cat, p->id, v), p->currency);
	state_variant_set(t->d, p->id, v);
	free(v);
	return true;
}

/* "the pink one", "the 12 inch" of a product in focus: that variant's
 * price (and the price before its sale) and stock, when the import kept
 * them. */
static bool answer_variant_of(struct turn *t, const struct product_view *p, char *v);

static bool answer_variant(struct turn *t, const struct product_view *p)
{
	return answer_variant_of(t, p, variant_said(t, p));
}

/* answer_variant() of the variant v (heap, taken; NULL: false). */
static bool answer_variant_of(struct turn *t, const struct product_view *p, char *v)
{
	int64_t price = v ? cart_variant_price(t->d->cat, p->id, v) : -1;
	if (price < 0) {
		free(v);
		return false;
	}
	int64_t was = cart_variant_was_price(t->d->cat, p->id, v);
	int64_t stock = cart_variant_stock(t->d->cat, p->id, v);
	turn_varf(t, "name", "%s (%s)", p->name, v);
	turn_money(t, "price", price, p->currency);
	if (was > price) {
		turn_money(t, "was", was, p->currency);
		turn_varf(t, "off", "%d", (int)((was - price) * 100 / was));
	}
	if (stock > 0)
		turn_varf(t, "stock", "%lld", (long long)stock);
	say(t, stock > 0    ? (was > price ? "variant.sale_in_stock" : "variant.in_stock")
	       : stock == 0 ? (was > price ? "variant.sale_out" : "variant.out")
	                    : (was > price ? "variant.sale" : "variant.price"));
	state_variant_set(t->d, p->id, v); /* "add it" adds that one */
	free(v);
	return true;
}

static char *key_values(const struct product_view *p, const char *key);

/* The first key of the catalog that is a phrase of the section, or NULL. */
static const char *catalog_key_of(const dialogue *d, const char *section)
{
	for (size_t i = 0; i < d->n_keys; i++)
		if (words_is(d, d->keys[i].key, section))
			return d->keys[i].key;
	return NULL;
}

/* The grade a text says: a phrase of not new first ("like new" is used),
 * else of new; NULL when it says neither. Borrowed from the lexicon. */
static const char *condition_said(const dialogue *d, const char *text)
{
	if (!text || !*text)
		return NULL;
	char *lower = words_lower(text);
	const char *grade = words_said(d, lower, "lexicon.condition_not_new");
	if (!grade)
		grade = words_said(d, lower, "lexicon.condition_new");
	free(lower);
	return grade;
}

/* "is it new?", "is it refurbished?", "is it new or used?", "any
 * scratches?", "what's wrong with it?": from the product's condition. Its
 * grade is a condition field's ([lexicon.condition_keys]: "condition:
 * Used"), else the grade its name says ("... Lens NEW", "- For Parts"),
 * else the one its condition notes say ([lexicon.condition_note_keys]:
 * a marketplace's "condition description"); the notes are quoted, for
 * they say the wear and the faults. A shop that marks the condition of
 * only some products marks what is not new (an export leaves "new" out,
 * or the import does): a product without one is new there. Only in a
 * catalog that has such fields. */
static bool answer_condition(struct turn *t, const struct product_view *p)
{
	dialogue *d = t->d;
	const char *q = t->r.question ? t->r.question : t->lower;
	bool asks_new = words_says(d, q, "lexicon.condition_new");
	bool asks_other = words_says(d, q, "lexicon.condition_not_new");
	bool asks_faults = words_says(d, q, "lexicon.condition_faults");
	if (!asks_new && !asks_other && !asks_faults)
		return false;
	const char *key = catalog_key_of(d, "lexicon.condition_keys");
	const char *note_key = catalog_key_of(d, "lexicon.condition_note_keys");
	if (!key && !note_key)
		return false;
	char *value = key && attrs_has_key(p, key) ? key_values(p, key) : NULL;
	char *note = note_key && attrs_has_key(p, note_key) ? key_values(p, note_key) : NULL;
	const char *grade = value ? condition_said(d, value) : NULL;
	if (!value)
		grade = condition_said(d, p->name);
	if (!value && !grade)
		grade = condition_said(d, note);
	/* what the data calls it: its own value, else the words said */
	char *condition = value ? words_lower(value) : xstrdup(grade ? grade : "new");
	/* no grade, but notes: what they say is the answer */
	bool known = value || grade || !note;
	bool is_new = !value && !grade ? known
	                               : !words_says(d, condition, "lexicon.condition_not_new") &&
	                                     words_says(d, condition, "lexicon.condition_new");
	turn_var(t, "condition", condition);
	turn_var(t, "note", note);
	if (known && (asks_new || asks_other)) {
		/* "is it refurbished" of a refurbished one: yes; "is it used" of a
		 * refurbished one: no, it is refurbished */
		const char *asked = words_said(d, q, "lexicon.condition_not_new");
		const char *not_new = words_said(d, condition, "lexicon.condition_not_new");
		bool yes = asks_new ? is_new : !is_new && (!not_new || !asked || !strcmp(asked, not_new));
		say(t, asks_new && asks_other ? "question.condition_is"
		       : yes                  ? "question.condition_yes"
		                              : "question.condition_no");
		if (note)
			say(t, "+question.condition_note_too");
	} else if (note) {
		say(t, "question.condition_note");
	} else if (known) {
		say(t, is_new ? "question.condition_new_no_note" : "question.condition_no_note");
	}
	free(condition);
	free(value);
	free(note);
	return true;
}

/* "is the chelsea boot on sale?", "how much was it originally?": from
 * the price before a markdown, when the data has one. */
static bool answer_sale(struct turn *t, const struct product_view *p)
{
	if (!words_says(t->d, t->r.question, "lexicon.sale_words") || !p->has_price)
		return false;
	if (answer_variant_sale(t, p))
		return true;
	int64_t was = ask_was_price(t->d, p);
	/* "is it on sale" when some of its sizes or colours are */
	struct buf some;
	buf_init(&some);
	int64_t sale = 0, before = 0;
	if (was < 0 && cart_variants_on_sale(t->d->cat, p->id, &some, &sale, &before) > 0) {
		turn_var(t, "options", some.s);
		turn_money(t, "price", sale, p->currency);
		turn_money(t, "was", before, p->currency);
		turn_varf(t, "off", "%d", (int)((before - sale) * 100 / before));
		say(t, "question.on_sale_some");
		buf_release(&some);
		return true;
	}
	buf_release(&some);
	/* a catalog that marks products down (by a field, or its variants'
	 * prices before) and does not this one */
	bool marks = false;
	for (size_t i = 0; i < t->d->n_keys && !marks && was < 0; i++)
		marks = words_is(t->d, t->d->keys[i].key, "lexicon.was_price_keys");
	if (was < 0 && !marks && !ask_catalog_marks_down(t->d))
		return false;
	say_markdown(t, p->price_cents, was, p->currency);
	return true;
}

/* The child of an age said back: "a 2-year-old", "an 18-month-old", "a
 * newborn". */
static void say_child(struct turn *t, const char *var, int months)
{
	bool in_months = months < 24 && months % 12;
	int n = in_months ? months : months / 12;
	const char *an = n == 8 || n == 11 || n == 18 || (n >= 80 && n < 90) ? "an" : "a";
	if (!months)
		turn_var(t, var, "a newborn");
	else
		turn_varf(t, var, "%s %d-%s-old", an, n, in_months ? "month" : "year");
}

/* A product's ages said back as the shop writes them: "3 years and up",
 * "0-12 months", "3-5 years", "18 months to 3 years". */
static void say_ages(struct turn *t, int from, int to)
{
	bool to_years = to != AGES_OPEN && to % 12 == 11;
	if (to == AGES_OPEN) {
		if (!from)
			turn_var(t, "range", "from birth up");
		else if (from < 24 && from % 12)
			turn_varf(t, "range", "%d months and up", from);
		else
			turn_varf(t, "range", "%d year%s and up", from / 12, from == 12 ? "" : "s");
	} else if (!to_years) {
		turn_varf(t, "range", "%d-%d months", from, to);
	} else if (from % 12 == 0) {
		turn_varf(t, "range", "%d-%d years", from / 12, to / 12);
	} else {
		turn_varf(t, "range", "%d months to %d years", from, to / 12);
	}
}

/* "is it ok for a 2 year old?", "is the plush safe for a baby": whether
 * the child's age is in the product's range. */
static bool answer_age(struct turn *t, const struct product_view *p)
{
	int age = t->out->nlu.entities.age_months;
	if (age < 0) {
		/* "what age is it suitable for": the ages the data say */
		int from = -1, to = AGES_OPEN;
		if (!words_says(t->d, t->lower, "lexicon.ask_age") || !attrs_ages(p, &from, &to))
			return false;
		say_ages(t, from, to);
		say(t, "question.ages");
		return true;
	}
	/* "is the baby gym on sale": a stage of childhood in the product's
	 * name names the product, it asks no age */
	bool by_stage = t->out->nlu.entities.age_stage;
	static const char *const stages[] = {"baby", "toddler", "infant", "preschooler", "newborn"};
	const char *stage = NULL;
	for (size_t i = 0; i < sizeof stages / sizeof stages[0] && by_stage && !stage; i++)
		if (words_at(t->lower, stages[i]) && !(p->name && words_in_name(stages[i], p->name, NULL)))
			stage = stages[i];
	if (by_stage && !stage)
		return false;
	if (stage)
		age = ages_of_stage(stage);
	int from = -1, to = AGES_OPEN;
	if (!attrs_ages(p, &from, &to)) {
		say(t, "question.age_unknown");
		return true;
	}
	say_ages(t, from, to);
	/* "ok for a baby": the child as the shopper named it */
	if (stage && strcmp(stage, "newborn"))
		turn_varf(t, "child", "%s %s", strchr("aeiou", stage[0]) ? "an" : "a", stage);
	else
		say_child(t, "child", age);
	bool fits = age >= from && (to == AGES_OPEN || age <= to);
	say(t, fits ? (to == AGES_OPEN ? "question.age_fits_up" : "question.age_fits_range")
	            : age < from ? "question.age_too_young"
	                         : "question.age_too_old");
	return true;
}

/* "is it in stock?": asked before anything else, since "how many are in
 * stock" also reads as a question of amount. */
/* "is the 10 in stock" of a shoe in Black and Olive whose Olive 10 is
 * sold out: the 10's stock is the Black's, and the Olive is said sold
 * out in it. */
static void say_colours_sold_out(struct turn *t, const struct product_view *p, const char *option)
{
	struct buf out;
	buf_init(&out);
	for (size_t i = 0; i < p->n_attrs; i++) {
		if (!ask_key_of(t->d, p->attrs[i].key, "color"))
			continue;
		char *items = xstrdup(p->attrs[i].value), *save = NULL;
		for (char *it = strtok_r(items, ",", &save); it; it = strtok_r(NULL, ",", &save)) {
			while (*it == ' ')
				it++;
			char *both = xasprintf("%s, %s", option, it);
			if (*it && strcasecmp(it, option) && cart_variant_stock(t->d->cat, p->id, both) == 0)
				buf_printf(&out, "%s%s", out.len ? ", " : "", it);
			free(both);
		}
		free(items);
	}
	if (out.len) {
		turn_var(t, "option", option);
		turn_var(t, "sold_out", out.s);
		say(t, "+question.colours_sold_out");
	}
	buf_release(&out);
}

static bool answer_stock(struct turn *t, const struct product_view *p)
{
	if (!words_says(t->d, t->r.question, "lexicon.ask_stock"))
		return false;
	/* "is the xl in stock", "is the blue one in stock": that variant's own
	 * stock, when the import kept it; "is it in stock" right after a
	 * variant was answered: that one's */
	char *as = variant_said(t, p);
	const char *last = state_variant_of(t->d, p->id);
	if (!as && last && words_says(t->d, t->lower, "lexicon.pronoun"))
		as = xstrdup(last);
	/* "is that one in stock" of a list narrowed to size 43: in 43 */
	if (!as && t->d->list == LIST_SEARCH)
		lookup_frame_stock(t->d, p, &as);
	if (as) {
		int64_t n = cart_variant_stock(t->d->cat, p->id, as);
		if (n >= 0) {
			turn_varf(t, "name", "%s (%s)", p->name, as);
			turn_varf(t, "stock", "%lld", (long long)n);
			say(t, n > 0 ? "question.in_stock" : "question.out_of_stock");
			if (n > 0 && !strchr(as, ','))
				say_colours_sold_out(t, p, as);
			state_variant_set(t->d, p->id, as);
			free(as);
			return true;
		}
	}
	free(as);
	say(t, !p->has_stock ? "question.unknown_fixed"
	       : p->stock > 0 ? "question.in_stock" : "question.out_of_stock");
	/* "when is it back in stock": what the shop says of it ("back in
	 * March"), when it says more than in or out of stock */
	bool noted = false;
	for (size_t i = 0; p->has_stock && !p->stock && i < p->n_attrs && !noted; i++) {
		const char *v = p->attrs[i].value;
		if (strcmp(p->attrs[i].key, "availability") || !strchr(v, ' ') ||
		    !strcasecmp(v, "out of stock") || !strcasecmp(v, "in stock"))
			continue;
		turn_var(t, "availability", v);
		say(t, "question.availability_note");
		noted = true;
	}
	/* ... and when it does not, that it does not */
	if (p->has_stock && !p->stock && !noted && words_at(t->lower, "when"))
		say(t, "+question.restock_unknown");
	return true;
}

/* "price of the 8 inch": the price of the size said, when the import kept
 * its variants' prices; the name says which ("... (8 in)"). */
static const char *variant_of_price(struct turn *t, const struct product_view *p)
{
	const char *size = t->out->nlu.entities.size;
	/* "instant pot 6 quart", then "how much": the size the search said */
	const struct dlg_frame *f = &t->d->frame;
	if (!size && t->d->has_frame)
		size = f->size ? f->size : f->measure;
	char *as = size_as_listed(t, p, size);
	int64_t lo, hi;
	if (!as) {
		/* "how much is it" of a product whose sizes cost apart */
		if (t->out->nlu.entities.size || !cart_variant_range(t->d->cat, p->id, &lo, &hi))
			return NULL;
		turn_money(t, "price", lo, p->currency);
		turn_money(t, "price_max", hi, p->currency);
		return "question.price_range";
	}
	int64_t cents = cart_variant_price(t->d->cat, p->id, as);
	if (cents >= 0) {
		turn_money(t, "price", cents, p->currency);
		turn_varf(t, "name", "%s (%s)", p->name, as);
	}
	free(as);
	return NULL;
}

/* "how much is the large", "the pink one": that variant's own price;
 * false when the import kept none for it. */
static bool answer_size_price(struct turn *t, const struct product_view *p)
{
	char *as = p->has_price ? variant_said(t, p) : NULL;
	int64_t cents = as ? cart_variant_price(t->d->cat, p->id, as) : -1;
	if (cents >= 0) {
		turn_money(t, "price", cents, p->currency);
		turn_varf(t, "name", "%s (%s)", p->name, as);
		say(t, "question.price");
		state_variant_set(t->d, p->id, as);
	}
	free(as);
	return cents >= 0;
}

/* The fields every product may answer: price, rating, brand. */
static char *answer_from_text(const char *text, char **w, size_t n);

/* Does "how much" ask an amount of something ("how much fibre per
 * serving", "how many carbs"): a word after it that is no word of prices
 * or comparing ("money", "cost"), of p's name or a number? Then no answer
 * is the price, nor the size unless the word is a unit ("how many
 * grams"). That word (heap), or NULL. */
static char *amount_of_other(struct turn *t, const struct product_view *p)
{
	dialogue *d = t->d;
	const char *q = t->r.question;
	const char *how = q ? words_said(d, q, "lexicon.how_much") : NULL;
	const char *at = how ? words_at(q, how) : NULL;
	if (!at)
		return false;
	size_t n = 0;
	char **w = words_split_plain(at + strlen(how), &n);
	size_t nc = 0;
	char **c = n ? words_content(d, w[0], &nc) : NULL;
	bool other = nc && !isdigit((unsigned char)c[0][0]) &&
	             !words_in_section(d, c[0], "lexicon.ask_price") &&
	             !words_in_section(d, c[0], "lexicon.compare_words") &&
	             !ask_question_word(d, c[0]) && !words_form_in(c[0], p->name) &&
	             !(p->brand && words_form_in(c[0], p->brand));
	char *word = other ? xstrdup(c[0]) : NULL;
	words_free(c, nc);
	words_free(w, n);
	return word;
}

static bool answer_fixed(struct turn *t, const struct product_view *p)
{
	struct {
		const char *section;
		bool known;
		const char *key;
	} fixed[] = {
		{"lexicon.ask_price", p->has_price, "question.price"},
		{"lexicon.ask_reviews", p->has_rating, p->review_count > 0 ? "question.reviews" : "question.rating"},
		{"lexicon.ask_rating", p->has_rating, "question.rating"},
		{"lexicon.ask_brand", p->brand != NULL, "question.brand"},
	};
	for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
		if (!words_says(t->d, t->r.question, fixed[i].section))
			continue;
		/* "how much storage": the amount of a property, not the price
		 * ("the price of the size 4" says a size, and asks the price) */
		if (i == 0 && t->r.concept &&
		    !(t->out->nlu.entities.size && !strcmp(t->r.concept, "size")))
			continue;
		char *other = i == 0 ? amount_of_other(t, p) : NULL;
		bool of_other = other != NULL;
		free(other);
		if (of_other)
			continue;
		const char *range = i == 0 && fixed[i].known ? variant_of_price(t, p) : NULL;
		/* no price: what the description says of it ("Price on
		 * application - please ask in store") */
		char *price_word[] = {"price"};
		char *quote = i == 0 && !fixed[i].known ? answer_from_text(p->description, price_word, 1)
		                                        : NULL;
		if (quote) {
			turn_var(t, "what", "price");
			turn_var(t, "quote", quote);
			say(t, "question.quote");
			free(quote);
			return true;
		}
		say(t, range ? range : fixed[i].known ? fixed[i].key : "question.unknown_fixed");
		return true;
	}
	return false;
}

/* "key: value" for the attributes idx, values of one key joined. */
/* The attributes idx as "key: value, value; key: value". Keys that are
 * words of one concept ("color" and "colour": key_concept()) are one
 * key, the first said, and a value said under it already is not said
 * again. */
static char *attrs_text(const dialogue *d, const struct product_view *p, const size_t *idx,
                        size_t n)
{
	struct buf b;
	buf_init(&b);
	const char *last = NULL, *last_concept = NULL;
	size_t group = 0; /* where the values of the key said last begin */
	for (size_t k = 0; k < n; k++) {
		const struct product_attr *a = &p->attrs[idx[k]];
		const char *concept = ask_key_concept(d, a->key);
		bool same_key = last && !strcmp(last, a->key);
		if (!same_key && last && concept && last_concept && !strcmp(concept, last_concept)) {
			/* "colour: Natural Wood, Rainbow" after "color: Natural Wood" */
			char *items = xstrdup(a->value), *save = NULL;
			for (char *it = strtok_r(items, ",", &save); it; it = strtok_r(NULL, ",", &save)) {
				while (*it == ' ')
					it++;
				if (*it && !words_list_holds(b.s + group, it))
					buf_printf(&b, ", %s", it);
			}
			free(items);
			continue;
		}
		if (same_key) {
			buf_adds(&b, ", ");
		} else {
			if (b.len)
				buf_adds(&b, "; ");
			buf_printf(&b, "%s: ", a->key);
			group = b.len;
			last = a->key;
			last_concept = concept;
		}
		buf_adds(&b, a->value);
	}
	return buf_detach(&b);
}

struct asked_words {
	char **w;
	size_t n, need;
	struct turn *t; /* for the concept's words */
	bool amount;    /* the question asks how much or how many */
	bool amount_only; /* only a sentence with a number answers it */
};

static size_t words_score(const char *sentence, void *ctx)
{
	const struct asked_words *a = ctx;
	size_t hits = words_in_text(a->w, a->n, sentence);
	if (hits < a->need || !hits)
		return 0;
	/* "when was it published": "Published: 2022" says the word as
	 * asked, "Publisher: Ashdown" only one like it */
	char *lower = words_lower(sentence);
	size_t exact = 0;
	for (size_t i = 0; i < a->n; i++)
		exact += words_at(lower, a->w[i]) != NULL;
	free(lower);
	return (a->n + 1) * hits + exact;
}

/* "whats the weight limit" of a sofa with "max load: 330 kg": the
 * attribute whose name says a limit ([attribute.limit]), when the
 * question asks one; into idx[0], 1 when found. */
/* Do the words ask a limit of some property ("weight limit", "max
 * width"), not of buying ("is there a limit on how many i can buy")? */
static bool limit_of_property(struct turn *t, char **w, size_t n)
{
	static const char *const measured[] = {"weight", "size",     "length", "width",
	                                       "depth",  "capacity", "power",  "speed"};
	bool of_property = false;
	for (size_t i = 0; i < n; i++) {
		if (ask_concept_word(t->d, "limit", w[i]))
			continue;
		const char *c = ask_concept(t->d, w[i]);
		for (size_t k = 0; c && k < sizeof measured / sizeof measured[0]; k++)
			of_property |= !strcmp(c, measured[k]);
	}
	return of_property;
}

static size_t limit_attr(struct turn *t, const struct product_view *p, char **w, size_t n,
                         size_t *idx)
{
	bool asks_limit = false;
	for (size_t i = 0; i < n && !asks_limit; i++)
		asks_limit = ask_concept_word(t->d, "limit", w[i]);
	asks_limit = asks_limit && limit_of_property(t, w, n);
	for (size_t a = 0; asks_limit && a < p->n_attrs; a++) {
		size_t nk = 0;
		char **kw = words_content(t->d, p->attrs[a].key, &nk);
		bool limit = false;
		for (size_t k = 0; k < nk && !limit; k++)
			limit = ask_concept_word(t->d, "limit", kw[k]);
		words_free(kw, nk);
		if (limit) {
			idx[0] = a;
			return 1;
		}
	}
	return 0;
}

/* Words asked and the dialogue, for the scores of limit_line() and
 * answer_from_related(). */
struct said_words {
	const dialogue *d;
	char **w;
	size_t n;
};

static size_t limit_score(const char *sentence, void *ctx)
{
	const struct said_words *a = ctx;
	if (!a->n || words_in_text(a->w, a->n, sentence) < a->n)
		return 0;
	size_t nl = 0;
	char **lw = words_content(a->d, sentence, &nl);
	bool limit = false;
	for (size_t i = 0; i < nl && !limit; i++)
		limit = ask_concept_word(a->d, "limit", lw[i]);
	words_free(lw, nl);
	return limit ? 1 : 0;
}

/* The description's line that says the question's other words with a word
 * of limits, when the question asks a limit ("whats the weight limit":
 * "Maximum user weight 120 kg"). NULL otherwise. */
static char *limit_line(struct turn *t, const char *text, char **w, size_t n)
{
	char *rest[16];
	size_t nr = 0;
	bool asks_limit = false;
	for (size_t i = 0; i < n; i++) {
		if (ask_concept_word(t->d, "limit", w[i]))
			asks_limit = true;
		else if (nr < 16)
			rest[nr++] = w[i];
	}
	if (!asks_limit || !nr)
		return NULL;
	struct said_words a = {t->d, rest, nr};
	return words_best_sentence(text, limit_score, &a);
}

/* How many of the words the sentence says, each as written or as a word
 * the language relates to it (attrs_value_says()); 0 unless all. */
static size_t related_score(const char *sentence, void *ctx)
{
	const struct said_words *a = ctx;
	for (size_t i = 0; i < a->n; i++)
		if (!attrs_value_says(a->d, sentence, a->w[i]))
			return 0;
	return a->n;
}

/* "is it safe?" of "Chunky dinosaurs. Non-toxic paint.": the sentence
 * that says every word asked, some in narrower words ([related]:
 * "non-toxic" says "safe"), or NULL. Heap. */
static char *answer_from_related(const dialogue *d, const char *text, char **w, size_t n)
{
	if (!text || !n)
		return NULL;
	struct said_words a = {d, w, n};
	return words_best_sentence(text, related_score, &a);
}

/* The description sentence carrying most of the words, when it carries
 * enough of them to be an answer rather than a guess. */
static char *answer_from_text(const char *text, char **w, size_t n)
{
	if (!text || !n)
		return NULL;
	struct asked_words a = {w, n, n <= 2 ? n : (n * 2 + 2) / 3, NULL, false, false};
	return words_best_sentence(text, words_score, &a);
}

/* A sentence holding a word of the concept asked and, when other words
 * are asked too, one of them: "Contains nuts (cashew)" for "does it
 * contain nuts? my son is allergic to cashews", "ABV: 11%" for "how much
 * alcohol is in it". */
static size_t concept_score(const char *sentence, void *ctx)
{
	const struct asked_words *a = ctx;
	size_t n = 0;
	char **words = words_content(a->t->d, sentence, &n);
	bool concept = false, exact = false;
	char *key = xasprintf("attribute.%s", a->t->r.concept);
	for (size_t i = 0; i < n && !exact; i++) {
		bool said = ask_concept_word(a->t->d, a->t->r.concept, words[i]);
		concept = concept || said;
		/* "Published: 2024" says the concept's own word, "Publisher:"
		 * only one like it */
		exact = said && words_is(a->t->d, words[i], key);
	}
	words_free(words, n);
	if (!concept) {
		free(key);
		return 0;
	}
	/* "Packed size: 46 x 15 cm" says the concept's phrase ("packed
	 * size"), "packed weight 1.72 kg" only its word */
	char *lower = words_lower(sentence);
	bool phrase = false;
	const char *ph;
	for (size_t k = 0; !phrase && (ph = replies_raw(a->t->d->rp, key, k)); k++)
		phrase = strchr(ph, ' ') && words_at(lower, ph);
	free(lower);
	free(key);
	size_t hits = words_in_text(a->w, a->n, sentence);
	if (a->n && !hits)
		return 0;
	/* "how much alcohol": "ABV: 8.5%" says how much, "low alcohol" not */
	bool amount = a->amount && strpbrk(sentence, "0123456789");
	if (a->amount_only && !amount)
		return 0;
	return 8 * (hits + 1) + 4 * amount + 2 * phrase + exact;
}

static char *answer_from_concept(struct turn *t, const char *text, char **w, size_t n,
                                 bool amount_only)
{
	if (!text || !t->r.concept)
		return NULL;
	struct asked_words a = {w, n, 0, t, words_says(t->d, t->r.question, "lexicon.how_much"),
	                        amount_only};
	return words_best_sentence(text, concept_score, &a);
}

/* Does the turn ask a price ("how much is the black one")? */
static bool asks_price(struct turn *t)
{
	return t->r.question && words_says(t->d, t->r.question, "lexicon.ask_price");
}

/* "does it come in white?": the colour field and the colour attributes.
 * "how much is the black one" asks the price, not the colour. */
static bool answer_color(struct turn *t, const struct product_view *p)
{
	const char *asked = t->out->nlu.entities.color;
	if (!asked || asks_price(t))
		return false;
	struct buf all;
	buf_init(&all);
	bool has = false;
	size_t n_colors = 0;
	if (p->color) {
		buf_adds(&all, p->color);
		char *listed = words_list_item(p->color, asked);
		has |= listed || !strcasecmp(p->color, asked);
		free(listed);
		n_colors++;
		for (const char *c = p->color; *c; c++)
			n_colors += *c == ',';
	}
	char *one[1] = {(char *)asked};
	for (size_t i = 0; i < p->n_attrs; i++) {
		if (!ask_key_of(t->d, p->attrs[i].key, "color") ||
		    (p->color && !strcasecmp(p->color, p->attrs[i].value)))
			continue;
		if (all.len)
			buf_adds(&all, ", ");
		buf_adds(&all, p->attrs[i].value);
		/* ("light blue" is one item of "White, Light Blue, Pink") */
		char *listed = words_list_item(p->attrs[i].value, asked);
		has |= listed || words_in_text(one, 1, p->attrs[i].value) > 0;
		free(listed);
		/* "Navy, Black" is two colours */
		n_colors++;
		for (const char *c = p->attrs[i].value; *c; c++)
			n_colors += *c == ',';
	}
	if (!all.len) {
		buf_release(&all);
		return false;
	}
	/* "does it come in white" when the white ones are sold out */
	char *item = NULL;
	for (size_t i = 0; has && i < p->n_attrs && !item; i++)
		item = ask_key_of(t->d, p->attrs[i].key, "color")
		               ? words_list_item(p->attrs[i].value, asked)
		               : NULL;
	bool sold_out = item && cart_variant_stock(t->d->cat, p->id, item) == 0;
	/* "in navy?" after a search in size M: navy in M, which may be sold
	 * out though other navy sizes are not */
	const struct dlg_frame *f = &t->d->frame;
	/* the size as the product lists it ("M" of "m") */
	char *size = t->d->has_frame && f->size ? size_as_listed(t, p, f->size) : NULL;
	bool sold_out_in_size = false;
	if (item && !sold_out && size) {
		char *both = xasprintf("%s, %s", item, size);
		sold_out_in_size = cart_variant_stock(t->d->cat, p->id, both) == 0;
		free(both);
	}
	turn_var(t, "color", sold_out || sold_out_in_size ? item : asked);
	turn_var(t, "colors", all.s);
	if (sold_out_in_size)
		turn_var(t, "size", size);
	free(size);
	say_count(t, sold_out           ? "question.color_sold_out"
	             : sold_out_in_size ? "question.color_sold_out_size"
	             : has              ? "question.color_yes"
	                                : "question.color_no",
	          (long long)n_colors);
	free(item);
	buf_release(&all);
	return true;
}

/* "do you have it in leather", "is it leather" of a sofa whose data say
 * "material: chenille, pine": no, and what it is made of; yes when a
 * material value says it. False (others answer) when the data name no
 * material, or only its name or description says the word ("leather
 * look"). */
static bool answer_material(struct turn *t, const struct product_view *p)
{
	const char *asked = t->out->nlu.entities.material;
	/* ("how do i look after the leather" asks its care) */
	if (!asked || t->out->nlu.entities.color || asks_price(t) ||
	    (t->r.concept && strcmp(t->r.concept, "material")))
		return false;
	char *one[1] = {(char *)asked};
	struct buf all;
	buf_init(&all);
	bool has = false;
	if (p->material) {
		buf_adds(&all, p->material);
		has = words_in_text(one, 1, p->material) > 0;
	}
	for (size_t i = 0; i < p->n_attrs; i++) {
		if (!ask_key_of(t->d, p->attrs[i].key, "material") ||
		    (p->material && !strcasecmp(p->material, p->attrs[i].value)))
			continue;
		buf_printf(&all, "%s%s", all.len ? ", " : "", p->attrs[i].value);
		has |= words_in_text(one, 1, p->attrs[i].value) > 0;
	}
	bool said = words_in_text(one, 1, p->name) > 0 ||
	            (p->description && words_in_text(one, 1, p->description) > 0);
	/* no "no" for a kind of material ("wood" of "Solid oak"), or for
	 * one of two asked ("solid wood or veneer": either may answer) */
	bool unsure = words_is(t->d, asked, "lexicon.material_kinds") || words_at(t->lower, "or");
	if (!all.len || (!has && (said || unsure))) {
		buf_release(&all);
		return false;
	}
	turn_var(t, "material", asked);
	turn_var(t, "materials", all.s);
	say(t, has ? "question.material_yes" : "question.material_no");
	buf_release(&all);
	return true;
}

/* p's description without a heading that only repeats the name (a
 * listing's <h2> title), which says nothing the name does not. Borrowed;
 * "" when none. */
static const char *description_body(const struct product_view *p)
{
	const char *desc = p->description ? p->description : "";
	size_t len = p->name ? strlen(p->name) : 0;
	while (*desc == ' ' || *desc == '\n')
		desc++;
	if (len && !strncasecmp(desc, p->name, len) && (desc[len] == '\n' || !desc[len]))
		for (desc += len; *desc == ' ' || *desc == '\n'; desc++)
			;
	return desc;
}

/* The first sentence of a description. Heap, or NULL. */
static char *first_sentence(const char *text)
{
	if (!text || !*text)
		return NULL;
	size_t len = 0;
	while (text[len] && !((text[len] == '.' || text[len] == '!' || text[len] == '?') &&
	                      (text[len + 1] == ' ' || !text[len + 1])))
		len++;
	return xstrndup(text, text[len] ? len + 1 : len);
}

/* "the second one", "tell me about the Basil Pesto": the product itself,
 * with what a shopper decides by: its attributes, the keys most products
 * of the catalog have first (the catalog's key order), never hidden ones. */
#define SHOW_ATTRS 8
#define SHOW_VALUES 6 /* of one key */

/* Where a key stands in the catalog's order; unknown keys after all. */
static size_t key_rank(const dialogue *d, const char *key)
{
	for (size_t i = 0; i < d->n_keys; i++)
		if (!strcasecmp(d->keys[i].key, key))
			return i;
	return d->n_keys;
}

static void answer_show(struct turn *t, const struct product_view *p)
{
	dialogue *d = t->d;
	char *about = first_sentence(description_body(p));
	/* the first attribute of each key, in the catalog's order */
	size_t firsts[SHOW_ATTRS], ranks[SHOW_ATTRS], nf = 0;
	for (size_t i = 0; i < p->n_attrs; i++) {
		if ((i && !strcmp(p->attrs[i].key, p->attrs[i - 1].key)) ||
		    ask_hidden(d, p->attrs[i].key, p->attrs[i].value))
			continue;
		size_t rank = key_rank(d, p->attrs[i].key);
		size_t at = nf < SHOW_ATTRS ? nf++ : SHOW_ATTRS;
		while (at && rank < ranks[at - 1]) {
			if (at < SHOW_ATTRS) {
				firsts[at] = firsts[at - 1];
				ranks[at] = ranks[at - 1];
			}
			at--;
		}
		if (at < SHOW_ATTRS) {
			firsts[at] = i;
			ranks[at] = rank;
		}
	}
	struct buf attrs;
	buf_init(&attrs);
	for (size_t f = 0; f < nf; f++) {
		size_t i = firsts[f];
		/* "color" and "colour" are one: the keys of a concept said once,
		 * under the first */
		const char *concept = ask_key_concept(d, p->attrs[i].key);
		bool said = false;
		for (size_t g = 0; g < f && concept && !said; g++) {
			const char *c = ask_key_concept(d, p->attrs[firsts[g]].key);
			said = c && !strcmp(c, concept);
		}
		if (said)
			continue;
		size_t idx[SHOW_VALUES];
		size_t n = 0;
		for (size_t k = i; k < p->n_attrs && n < SHOW_VALUES; k++)
			if (!strcmp(p->attrs[k].key, p->attrs[i].key))
				idx[n++] = k;
		for (size_t k = 0; concept && k < p->n_attrs && n < SHOW_VALUES; k++) {
			const char *c = strcmp(p->attrs[k].key, p->attrs[i].key) &&
			                        !ask_hidden(d, p->attrs[k].key, p->attrs[k].value)
			                    ? ask_key_concept(d, p->attrs[k].key)
			                    : NULL;
			if (c && !strcmp(c, concept))
				idx[n++] = k;
		}
		char *one = attrs_text(t->d, p, idx, n);
		buf_printf(&attrs, "%s%s", attrs.len ? "; " : "", one);
		free(one);
	}
	turn_var(t, "about", about);
	turn_var(t, "attributes", attrs.len ? attrs.s : NULL);
	if (p->has_stock)
		turn_var(t, "availability", replies_raw(d->rp, p->stock > 0 ? "word.in_stock"
		                                                              : "word.out_of_stock", 0));
	else
		turn_var(t, "availability", NULL);
	say_first(t, "question.show");
	if (attrs.len)
		say(t, "+question.show_attrs");
	turn_show(t, p, 1);
	free(about);
	buf_release(&attrs);
}

/* Says the attributes idx as the answer. */
/* "weight: 2.5 kg, 5 kg, 10 kg" of a product whose 10 kg variants are
 * all sold out: says which of the values shown are ("Sold out now: 10
 * kg."). A value that is no variant's option says nothing. */
static void say_values_sold_out(struct turn *t, const struct product_view *p, const size_t *idx,
                                size_t n)
{
	struct buf out;
	buf_init(&out);
	for (size_t k = 0; k < n && p->id; k++) {
		char *items = xstrdup(p->attrs[idx[k]].value), *save = NULL;
		for (char *it = strtok_r(items, ",", &save); it; it = strtok_r(NULL, ",", &save)) {
			while (*it == ' ')
				it++;
			if (*it && cart_variant_stock(t->d->cat, p->id, it) == 0 &&
			    !words_list_holds(out.len ? out.s : "", it))
				buf_printf(&out, "%s%s", out.len ? ", " : "", it);
		}
		free(items);
	}
	if (out.len) {
		turn_var(t, "sold_out", out.s);
		say(t, "+question.values_sold_out");
	}
	buf_release(&out);
}

static void say_attrs(struct turn *t, const struct product_view *p, const size_t *idx, size_t n)
{
	char *attr = attrs_text(t->d, p, idx, n);
	turn_var(t, "answer", attr);
	say(t, "question.attr");
	free(attr);
	say_values_sold_out(t, p, idx, n);
}

/* "how long does a game of jaipur take": with a property asked, a word
 * of the product's own kind ("game" of "Card games") says what it is, not
 * what is asked ("game type"). Keeps the others at the front of w; how
 * many. */
static size_t drop_kind_words(struct turn *t, const struct product_view *p, char **w, size_t n)
{
	if (!t->r.concept || !p->category)
		return n;
	size_t kept = 0;
	for (size_t i = 0; i < n; i++) {
		char *one[1] = {w[i]};
		if (words_in_text(one, 1, p->category) && !ask_concept_word(t->d, t->r.concept, w[i]))
			free(w[i]);
		else
			w[kept++] = w[i];
	}
	return kept;
}

/* "how much protein is in it?", "how many calories?": an attribute whose
 * key holds the asked words, or is measured in the unit they name. It
 * comes before the fixed fields: "how much" asks the price only when
 * nothing else is named. */
/* 1 when the sentence says what a product comes with ("Includes 5
 * tubes", "Comes with a carry bag": [lexicon.comes_with]), else 0. */
static size_t includes_score(const char *sentence, void *ctx)
{
	const dialogue *d = ctx;
	char *lower = words_lower(sentence);
	size_t says = words_said(d, lower, "lexicon.comes_with") != NULL;
	free(lower);
	return says;
}

/* What the product's data says in words: its description, then the
 * feature lines that are no "key: value" ("20 minute games"). Heap. */
static char *product_said(const struct product_view *p)
{
	const char *desc = description_body(p);
	return p->notes && *p->notes ? xasprintf("%s\n%s", desc, p->notes) : xstrdup(desc);
}

/* "how long does it take to play": a concept asked that a line of the
 * product's words answers ("20 minute games") and none of the keys
 * found (idx, got: "number of players", named by "play") is of. */
static bool concept_line_first(struct turn *t, const struct product_view *p, const size_t *idx,
                               size_t got)
{
	const char *concept = t->r.concept;
	if (!got || !concept)
		return false;
	for (size_t i = 0; i < got; i++)
		if (ask_key_of(t->d, p->attrs[idx[i]].key, concept))
			return false;
	char *said = product_said(p);
	char *line = answer_from_concept(t, said, NULL, 0, false);
	bool first = line != NULL;
	free(line);
	free(said);
	return first;
}

/* "do the tiny sprout teats fit the glass bottle" of a bottle with
 * "capacity: 240 ml" and "Fits all Tiny Sprout teats." in its
 * description: the key (of "fit") holds none of the other words asked,
 * a line holds them all (the kind's "teats" too, though the bottle is
 * filed under "Bottles & Teats"); that line (heap), or NULL. */
static char *line_says_more(struct turn *t, const struct product_view *p, size_t key)
{
	size_t n = 0;
	char **w = t->r.asked ? words_content(t->d, t->r.asked, &n) : NULL;
	char *line = NULL;
	if (n >= 2 && words_in_text(w, n, p->attrs[key].key) < n) {
		char *said = product_said(p);
		struct asked_words all = {w, n, n, NULL, false, false};
		line = words_best_sentence(said, words_score, &all);
		free(said);
	}
	words_free(w, n);
	return line;
}

static bool answer_key(struct turn *t, const struct product_view *p)
{
	size_t n = 0;
	char **w = ask_key_words(t->d, t->r.asked, &n);
	n = drop_kind_words(t, p, w, n);
	size_t idx[MAX_ANSWER_ATTRS];
	size_t got = ask_key_attrs(t->d, p, w, n, idx, MAX_ANSWER_ATTRS);
	if (!got && n > 1) {
		/* "the fat content": the words without those of a concept; not
		 * "free" alone of "fragrance free" ("free shipping" is no answer) */
		size_t keep = 0, absence = 0;
		/* ... nor those of an amount asked: "each" of "how much protein
		 * in each bar" */
		const char *amount = words_said(t->d, t->r.question, "lexicon.ask_amount");
		for (size_t i = 0; i < n; i++) {
			if (ask_concept_of_word(t->d, w[i]) || (amount && words_at(amount, w[i]))) {
				free(w[i]);
			} else {
				absence += words_is(t->d, w[i], "lexicon.absence");
				w[keep++] = w[i];
			}
		}
		n = keep;
		if (absence < n)
			got = ask_key_attrs(t->d, p, w, n, idx, MAX_ANSWER_ATTRS);
	}
	words_free(w, n);
	char *line = got ? line_says_more(t, p, idx[0]) : NULL;
	if (concept_line_first(t, p, idx, got) || line)
		got = 0;
	free(line);
	if (got)
		say_attrs(t, p, idx, got);
	return got > 0;
}

/* "how much caffeine is in it", "how many net carbs", "how much protein
 * per scoop": an amount of something no key names, that a line of the
 * data gives with a number ("350mg caffeine per scoop", a listing's
 * bullet point); not the price "how much" would ask alone, nor the size
 * "how many" would. */
static bool answer_amount_line(struct turn *t, const struct product_view *p)
{
	dialogue *d = t->d;
	if (!t->r.question || !words_says(d, t->r.question, "lexicon.how_much"))
		return false;
	size_t n = 0;
	char **w = ask_key_words(d, t->r.asked, &n);
	n = drop_kind_words(t, p, w, n);
	size_t keep = 0;
	for (size_t i = 0; i < n; i++) {
		/* "how much does it cost", "how many in a pack of 2" */
		if (isdigit((unsigned char)w[i][0]) || words_in_section(d, w[i], "lexicon.ask_price") ||
		    words_is(d, w[i], "lexicon.amount_breaks"))
			free(w[i]);
		else
			w[keep++] = w[i];
	}
	n = keep;
	char *line = ask_amount_line(d, p, w, n, ask_measured_words(d, t->r.asked, w, n), 0, NULL);
	words_free(w, n);
	if (!line)
		return false;
	turn_var(t, "quote", line);
	say(t, "question.amount_line");
	free(line);
	return true;
}

/* "does it come with a lens" of "Canon EOS Rebel T7 DSLR Camera with
 * EF-S 18-55mm IS II Lens": the name says what comes with it, after its
 * "with"; else, when its data says what it includes and that is not
 * among it ("Includes: body, 1 battery, charger, strap"), that line. */
static bool answer_comes_with(struct turn *t, const struct product_view *p)
{
	dialogue *d = t->d;
	if (!t->r.question || !words_says(d, t->r.question, "lexicon.comes_with") || !p->name)
		return false;
	size_t n = 0;
	char **w = ask_key_words(d, t->r.asked, &n);
	size_t keep = 0;
	for (size_t i = 0; i < n; i++) {
		if (words_in_section(d, w[i], "lexicon.comes_with"))
			free(w[i]);
		else
			w[keep++] = w[i];
	}
	n = keep;
	if (!n) {
		words_free(w, n);
		return false;
	}
	char *lower = words_lower(p->name);
	const char *with = words_said(d, lower, "lexicon.name_with");
	const char *part = with ? words_at(lower, with) : NULL;
	bool said = false;
	if (part && words_in_text(w, n, part + strlen(with)) == n) {
		/* up to the last word asked: "EF-S 18-55mm IS II Lens", not
		 * the "NEW" after it */
		size_t from = (size_t)(part - lower) + strlen(with);
		while (p->name[from] == ' ')
			from++;
		size_t end = from;
		for (size_t i = 0; i < n; i++) {
			const char *hit = words_at(lower + from, w[i]);
			size_t stop = hit ? (size_t)(hit - lower) + strcspn(hit, " ,") : strlen(lower);
			if (stop > end)
				end = stop;
		}
		if (end > from) {
			char *what = xstrndup(p->name + from, end - from);
			turn_var(t, "answer", what);
			free(what);
			say(t, "question.comes_with_name");
			said = true;
		}
	}
	free(lower);
	if (!said) {
		char *text = product_said(p);
		char *line = words_best_sentence(text, includes_score, d);
		if (line && !words_in_text(w, n, line)) {
			char *what = words_join(w, n);
			turn_var(t, "what", what);
			free(what);
			turn_var(t, "quote", line);
			say(t, "question.comes_with_not_listed");
			said = true;
		}
		free(line);
		free(text);
	}
	words_free(w, n);
	return said;
}

bool asks_of_focus(struct turn *t)
{
	dialogue *d = t->d;
	if (d->focus < 0 || (size_t)d->focus >= d->n_shown)
		return false;
	if (words_says(d, t->lower, "lexicon.more_about"))
		return true;
	bool faults = words_says(d, t->lower, "lexicon.condition_faults");
	bool how_much = words_says(d, t->lower, "lexicon.how_much");
	if (faults)
		return catalog_key_of(d, "lexicon.condition_keys") ||
		       catalog_key_of(d, "lexicon.condition_note_keys");
	if (!how_much)
		return false;
	struct product_view p;
	if (lookup_product(d, d->shown[d->focus].id, true, &p, NULL) < 0)
		return false;
	size_t n = 0;
	char **w = ask_key_words(d, t->lower, &n);
	size_t keep = 0;
	for (size_t i = 0; i < n; i++) {
		if (isdigit((unsigned char)w[i][0]) || words_is(d, w[i], "lexicon.amount_breaks"))
			free(w[i]);
		else
			w[keep++] = w[i];
	}
	n = keep;
	char *line = ask_amount_line(d, &p, w, n, ask_measured_words(d, t->lower, w, n), 0, NULL);
	words_free(w, n);
	product_view_release(&p);
	free(line);
	return line != NULL;
}

/* "how many tablets are in it?": an amount with nothing named is the
 * product's size. */
static bool answer_amount(struct turn *t, const struct product_view *p)
{
	/* "how much alcohol is in it" names what: not the size */
	if (!words_says(t->d, t->r.question, "lexicon.ask_amount") ||
	    (t->r.concept && strcmp(t->r.concept, "size")))
		return false;
	/* "how much caffeine is in it" of a tub sold in 10 and 20 oz */
	char *other = amount_of_other(t, p);
	bool not_size = other && !attrs_unit_dimension(t->d, other);
	free(other);
	if (not_size)
		return false;
	size_t idx[MAX_ANSWER_ATTRS];
	size_t got = ask_attrs(t->d, p, NULL, 0, "size", idx, MAX_ANSWER_ATTRS);
	/* "how many calories" names a measure the size is not ("120 Count") */
	struct measure size;
	size_t n = 0;
	char **w = got && attrs_measure(t->d, p->attrs[idx[0]].value, &size) && size.dimension
	               ? ask_key_words(t->d, t->r.asked, &n)
	               : NULL;
	for (size_t i = 0; i < n && got; i++) {
		const char *dim = attrs_unit_dimension(t->d, w[i]);
		if (dim && strcmp(dim, size.dimension))
			got = 0;
	}
	words_free(w, n);
	if (got)
		say_attrs(t, p, idx, got);
	return got > 0;
}

/* "what do people say about it?": the rating, and the most helpful short
 * quotes with their authors' display names. */
#define REVIEW_QUOTES 3

static bool answer_reviews(struct turn *t, const struct product_view *p)
{
	if (!words_says(t->d, t->r.question, "lexicon.ask_reviews"))
		return false;
	struct review_summary s;
	char *err = NULL;
	if (reviews_summary(t->d->cat, p->rowid, REVIEW_QUOTES, &s, &err) < 0) {
		free(err);
		review_summary_release(&s);
		memset(&s, 0, sizeof s);
	}
	if (!p->has_rating && !s.rated && !s.n_quotes) {
		say(t, "question.no_reviews");
	} else {
		if (!p->has_rating && s.rated) {
			turn_varf(t, "rating", "%.1f", s.average);
			turn_varf(t, "reviews", "%zu", s.rated);
		}
		say(t, p->review_count > 0 || (!p->has_rating && s.rated) ? "question.reviews"
		       : p->has_rating ? "question.rating" : "question.no_rating");
	}
	struct buf q;
	buf_init(&q);
	for (size_t i = 0; i < s.n_quotes; i++) {
		const struct review_quote *rq = &s.quotes[i];
		if (!rq->text || !*rq->text)
			continue;
		if (q.len)
			buf_adds(&q, "; ");
		buf_printf(&q, "\"%s\"", rq->text);
		if (rq->author && *rq->author)
			buf_printf(&q, " (%s)", rq->author);
	}
	if (q.len) {
		turn_var(t, "quotes", q.s);
		say(t, "question.review_quotes");
	}
	buf_release(&q);
	review_summary_release(&s);
	return true;
}

/* The values of one key of p, ", "-joined (heap). */
static char *key_values(const struct product_view *p, const char *key)
{
	struct buf b;
	buf_init(&b);
	for (size_t i = 0; i < p->n_attrs; i++)
		if (!strcasecmp(p->attrs[i].key, key))
			buf_printf(&b, "%s%s", b.len ? ", " : "", p->attrs[i].value);
	return buf_detach(&b);
}

/* Words of a fact question read at most. */
#define FACT_WORDS 8

/* The words of w not in the key's name: "sensitive skin" asked of "skin
 * types" is "sensitive". Borrowed pointers into w, at most FACT_WORDS;
 * how many in *out. */
static size_t beside_key(const char *key, char **w, size_t n, char **out)
{
	size_t k = 0;
	for (size_t i = 0; i < n && k < FACT_WORDS; i++) {
		char *one[1] = {w[i]};
		if (!words_in_text(one, 1, key))
			out[k++] = w[i];
	}
	return k;
}

/* Does the value say every one of the words? */
static bool says_all(const dialogue *d, const char *value, char **w, size_t n)
{
	size_t said = 0;
	for (size_t j = 0; j < n; j++)
		said += attrs_value_says(d, value, w[j]);
	return n && said == n;
}

/* The attribute of p (not a number, not hidden) whose value says every
 * one of the words its key does not, or -1. */
static long value_saying(struct turn *t, const struct product_view *p, char **w, size_t n)
{
	dialogue *d = t->d;
	if (!n || n > FACT_WORDS)
		return -1;
	for (size_t i = 0; i < p->n_attrs; i++) {
		const struct attr_key *k = attrs_key(d, p->attrs[i].key);
		if ((k && (k->kind == ATTR_NUMBER || k->kind == ATTR_HIDDEN)) ||
		    ask_hidden(d, p->attrs[i].key, p->attrs[i].value))
			continue;
		char *rest[FACT_WORDS];
		size_t nr = beside_key(p->attrs[i].key, w, n, rest);
		if (says_all(d, p->attrs[i].value, rest, nr))
			return (long)i;
	}
	return -1;
}

/* "is it down or synthetic?", "ground or whole bean": the attribute
 * whose value says one of the words asked, which answers which it is
 * ("fill: Synthetic"). false when the turn asks no "or", or no value
 * says a word of it. */
static bool answer_either(struct turn *t, const struct product_view *p)
{
	dialogue *d = t->d;
	if (!t->r.asked || !words_at(t->lower, "or"))
		return false;
	size_t n = 0;
	char **w = ask_key_words(d, t->r.asked, &n);
	long at = -1;
	for (size_t i = 0; i < n && at < 0 && n >= 2; i++)
		at = value_saying(t, p, &w[i], 1);
	words_free(w, n);
	if (at < 0)
		return false;
	/* every value of the key: a book in hardback and paperback is both */
	size_t idx[MAX_ANSWER_ATTRS], got = 0;
	for (size_t i = 0; i < p->n_attrs && got < MAX_ANSWER_ATTRS; i++)
		if (!strcmp(p->attrs[i].key, p->attrs[at].key))
			idx[got++] = i;
	say_attrs(t, p, idx, got);
	return true;
}

/* Is the value a list ("gluten (wheat), eggs"): items between commas of
 * a few words each, not prose ("Light wear on the grip rubber, small
 * scuff on the bottom plate.")? */
#define LIST_ITEM_WORDS 4
static bool list_shaped(const char *value)
{
	if (!strchr(value, ','))
		return false;
	size_t words = 0;
	bool in_word = false;
	for (const char *c = value; *c; c++) {
		if (*c == ',') {
			words = 0;
			in_word = false;
		} else if (*c == '.' && (c[1] == ' ' || !c[1])) {
			return false;
		} else if (*c == ' ') {
			in_word = false;
		} else if (!in_word) {
			in_word = true;
			if (++words > LIST_ITEM_WORDS)
				return false;
		}
	}
	return true;
}

/* A list key of p whose values elsewhere in the catalog say the words
 * its name does not: p not saying them is then a "no" ("allergens" lists
 * nuts for other products, not for this one). */
static const char *list_key_knowing(struct turn *t, const struct product_view *p, char **w,
                                    size_t n)
{
	dialogue *d = t->d;
	if (!n || n > FACT_WORDS)
		return NULL;
	for (size_t i = 0; i < p->n_attrs; i++) {
		const struct attr_key *k = attrs_key(d, p->attrs[i].key);
		if (!k || (k->kind != ATTR_LIST && k->kind != ATTR_TEXT) ||
		    (i && !strcmp(p->attrs[i - 1].key, p->attrs[i].key)))
			continue;
		char *rest[FACT_WORDS];
		size_t nr = beside_key(k->key, w, n, rest);
		if (!nr)
			continue;
		char **values = NULL;
		size_t nv = 0;
		bool knows = false, listed = k->kind == ATTR_LIST;
		if (attrs_key_values(d, k->key, &values, &nv) == 0)
			for (size_t v = 0; v < nv && !knows; v++)
				knows = says_all(d, values[v], rest, nr);
		/* a text key is a list when some of its values are ("allergens:
		 * None" beside "allergens: gluten (wheat), eggs") */
		for (size_t v = 0; v < nv && !listed; v++)
			listed = list_shaped(values[v]);
		knows = knows && listed;
		attr_values_free(values, nv);
		if (knows)
			return p->attrs[i].key;
	}
	return NULL;
}

/* Is all[i] denied: a word of [lexicon.denial] within two words after it
 * ("Pedals not included") or right before it ("no pedals", "not for
 * tubeless"), a word of [lexicon.denial_after] within two words after it
 * ("Nut free", "nut-free": "free gift wrap" denies no gift), or a phrase
 * of [lexicon.denial] ending within two words before it ("free from
 * nuts")? */
static bool denied_at(dialogue *d, char **all, const bool *brk, size_t na, size_t i)
{
	/* none across a list's comma: "Vegan, Gluten free" denies no vegan */
	for (size_t j = i + 1; j <= i + 2 && j < na && !brk[j]; j++)
		if (words_is(d, all[j], "lexicon.denial") || words_is(d, all[j], "lexicon.denial_after"))
			return true;
	if (i >= 1 && !brk[i] && words_is(d, all[i - 1], "lexicon.denial"))
		return true;
	for (size_t end = i >= 2 ? i - 2 : 0; end < i; end++) {
		if (end < 1 || brk[end] || brk[i] || (end + 1 < i && brk[end + 1]))
			continue;
		char *phrase = xasprintf("%s %s", all[end - 1], all[end]);
		bool said = words_is(d, phrase, "lexicon.denial");
		free(phrase);
		if (said)
			return true;
	}
	return false;
}

/* Does text deny one of the words (denied_at())? */
static bool denies_words(dialogue *d, const char *text, char **w, size_t n)
{
	size_t na = 0;
	char **all = NULL;
	bool *brk = NULL; /* a clause mark (",", ";", ".") before the word */
	/* the words of text with the stop words kept: "not" is one */
	struct buf b;
	buf_init(&b);
	for (const char *c = text; *c; c++)
		buf_addc(&b, (char)(isalnum((unsigned char)*c) || (unsigned char)*c >= 0x80 ? *c : ' '));
	bool mark = false;
	for (size_t at = 0; b.s && at < b.len;) {
		if (b.s[at] == ' ') {
			mark |= strchr(",;.|()", text[at]) != NULL;
			b.s[at++] = '\0';
			continue;
		}
		all = xrealloc(all, (na + 1) * sizeof *all);
		brk = xrealloc(brk, (na + 1) * sizeof *brk);
		brk[na] = mark;
		all[na++] = b.s + at;
		mark = false;
		while (at < b.len && b.s[at] != ' ')
			at++;
	}
	bool denied = false;
	for (size_t i = 0; i < na && !denied; i++) {
		char *one[1] = {all[i]};
		bool asked = false;
		for (size_t k = 0; k < n && !asked; k++)
			asked = words_in_text(&w[k], 1, all[i]) > 0 && words_in_text(one, 1, w[k]) > 0;
		denied = asked && denied_at(d, all, brk, na, i);
	}
	free(all);
	free(brk);
	buf_release(&b);
	return denied;
}

/* "does it contain nuts?", "is it vegan?", "is it nut free?", "is it
 * suitable for sensitive skin?": a yes or no from the values of a list
 * attribute ("allergens: milk, nuts"; "skin types: dry, sensitive"),
 * related words counted ("shellfish" for "crustaceans"). No is said only
 * when the key speaks of the words for other products. */
static bool answer_fact(struct turn *t, const struct product_view *p)
{
	dialogue *d = t->d;
	/* a yes or no: not for "how do I wash it?", "what is it made of?" */
	if (words_first_is(d, t->lower, "lexicon.open_asking"))
		return false;
	size_t n = 0;
	char **w = ask_key_words(d, t->r.asked, &n);
	bool absent = false;
	size_t keep = 0;
	for (size_t i = 0; i < n; i++) {
		bool gone = words_is(d, w[i], "lexicon.absence");
		absent |= gone;
		/* "my daughter has a nut allergy": whom it is for, not a fact */
		if (gone || words_is(d, w[i], "lexicon.ask_fact") || words_is(d, w[i], "lexicon.people"))
			free(w[i]);
		else
			w[keep++] = w[i];
	}
	n = keep;
	long at = value_saying(t, p, w, n);
	const char *key = at >= 0 ? p->attrs[at].key : list_key_knowing(t, p, w, n);
	if (!key && n > 1) {
		/* "contain nuts": the words without those of a concept */
		keep = 0;
		for (size_t i = 0; i < n; i++) {
			if (ask_concept_of_word(d, w[i]))
				free(w[i]);
			else
				w[keep++] = w[i];
		}
		n = keep;
		at = value_saying(t, p, w, n);
		key = at >= 0 ? p->attrs[at].key : list_key_knowing(t, p, w, n);
	}
	if (!key) {
		words_free(w, n);
		return false;
	}
	char *values = key_values(p, key);
	char *rest[FACT_WORDS];
	size_t nr = beside_key(key, w, n, rest);
	struct buf what;
	buf_init(&what);
	for (size_t i = 0; i < nr; i++)
		buf_printf(&what, "%s%s", i ? " " : "", rest[i]);
	turn_var(t, "key", key);
	turn_var(t, "values", values);
	turn_var(t, "what", what.s);
	bool has = at >= 0;
	/* "gluten-free" says the absence itself */
	bool says_absence = has && words_any(d, p->attrs[at].value, "lexicon.absence");
	if (has)
		turn_var(t, "value", p->attrs[at].value);
	/* "does it come with pedals" of "Pedals not included": the value
	 * names the thing to deny it */
	bool denied = has && !absent && denies_words(d, p->attrs[at].value, w, n);
	if (denied)
		say(t, "question.fact_denied");
	else if (!absent)
		say(t, has ? "question.fact_yes" : "question.fact_no");
	else
		say(t, !has ? "question.fact_yes_absent" : says_absence ? "question.fact_yes"
		                                                          : "question.fact_no_present");
	buf_release(&what);
	free(values);
	words_free(w, n);
	return true;
}

/* "is it safe for a nut allergy", "my son is allergic to nuts, is it ok
 * for him": a yes or no whose words say an absence is answered yes or no
 * from the list that would name it (answer_fact()) before the field its
 * words name is quoted ("allergens: None" said no yes). */
static bool fact_first(struct turn *t)
{
	return t->r.asked && words_any(t->d, t->r.asked, "lexicon.absence");
}

/* The words without those of a concept that no attribute answered ("how
 * long does it keep": "long" is a length only when there is one). */
static size_t drop_concept_words(struct turn *t, char **w, size_t n)
{
	size_t keep = 0;
	char *key = t->r.concept ? xasprintf("attribute.%s", t->r.concept) : NULL;
	for (size_t i = 0; i < n; i++) {
		/* a word of the phrase that asked it too: "long" of "how long
		 * does" */
		bool of_phrase = false;
		const char *phrase;
		for (size_t k = 0; key && !of_phrase && (phrase = replies_raw(t->d->rp, key, k)); k++)
			of_phrase = strchr(phrase, ' ') && words_at(phrase, w[i]);
		if (t->r.concept && (of_phrase || ask_concept_word(t->d, t->r.concept, w[i])))
			free(w[i]);
		else
			w[keep++] = w[i];
	}
	free(key);
	return keep;
}

/* An amount of the concept a name states ("32GB" in "Galaxy S7 32GB" for
 * storage, "750ml"): a number glued to, or followed by, one of the
 * concept's one-word spellings. Heap, or NULL. */
static char *amount_in_name(struct turn *t, const char *name, const char *concept)
{
	char *key = xasprintf("attribute.%s", concept);
	char *units = xasprintf("units.%s", concept);
	char *found = NULL;
	size_t n = 0;
	char **w = name ? words_content(t->d, name, &n) : NULL;
	for (size_t i = 0; i < n && !found; i++) {
		size_t digits = strspn(w[i], "0123456789.");
		if (!digits)
			continue;
		const char *unit = w[i][digits] ? w[i] + digits : i + 1 < n ? w[i + 1] : "";
		const char *word;
		for (size_t k = 0; !found && *unit && (word = replies_raw(t->d->rp, key, k)); k++)
			if (!strchr(word, ' ') && !strcmp(unit, word))
				found = w[i][digits] ? xstrdup(w[i]) : xasprintf("%s %s", w[i], unit);
		/* the concept's units: "80 g" for weight */
		for (size_t k = 0; !found && *unit && (word = replies_raw(t->d->rp, units, k)); k++)
			if (!strcmp(unit, word))
				found = w[i][digits] ? xstrdup(w[i]) : xasprintf("%s %s", w[i], unit);
	}
	words_free(w, n);
	free(key);
	free(units);
	/* as the name writes it: "32GB", not "32gb" */
	size_t len = found ? strlen(found) : 0;
	for (const char *c = name; found && *c; c++) {
		if (!strncasecmp(c, found, len)) {
			memcpy(found, c, len);
			break;
		}
	}
	return found;
}

/* "do you have it in medium?", "does it come in 10?": a size attribute
 * that lists sizes ("sizes: XS,S,M,L,XL") answers yes or no. */
/* Does the name hold the words as a run of its own words, case and
 * spaces aside ("4k" of "4K UHD", "43 in" of "43\"" does not)? */
static bool name_holds_word(const char *name, const char *words)
{
	char *lower = words_lower(name ? name : "");
	char *said = words_lower(words);
	bool holds = words_at(lower, said) != NULL;
	free(said);
	free(lower);
	return holds;
}

static bool answer_size(struct turn *t, const struct product_view *p)
{
	const char *asked = t->out->nlu.entities.size;
	/* "the large one" names the product; it asks nothing */
	char *named = asked ? xasprintf("%s one", asked) : NULL;
	if (named && words_at(t->lower, named))
		asked = NULL;
	free(named);
	/* "how much is the 3 qt": the price of that size, not whether; "does
	 * it run small": how it fits, not whether it comes in small */
	if (asked && (asks_price(t) || (t->r.concept && !strcmp(t->r.concept, "fit"))))
		return false;
	const char *sizes = NULL;
	int listed = asked ? ask_size_listed(t->d, p, asked, &sizes) : -1;
	if (listed < 0)
		return false;
	/* "is it 4k" of "TCL 43\" 4-Series 4K UHD Roku TV": its name says it,
	 * whatever sizes it lists */
	if (!listed && *asked && name_holds_word(p->name, asked)) {
		turn_var(t, "size", asked);
		say(t, "question.size_in_name");
		return true;
	}
	char *all = ask_sizes_all(p, sizes);
	turn_var(t, "size", asked);
	turn_var(t, "sizes", all ? all : sizes);
	say(t, listed ? "question.size_yes" : "question.size_no");
	free(all);
	/* "do you have a 5kg one": that size's own price and stock, when the
	 * import kept them; "add it" then adds it */
	char *v = listed ? variant_said(t, p) : NULL;
	/* (a value cut at a comma of its own, "Size 1 (2-5 kg", is none) */
	size_t open = 0, close = 0;
	for (const char *c = v ? v : ""; *c; c++) {
		open += *c == '(';
		close += *c == ')';
	}
	if (open != close) {
		free(v);
		v = NULL;
	}
	int64_t stock = v ? cart_variant_stock(t->d->cat, p->id, v) : -1;
	int64_t price = v ? cart_variant_price(t->d->cat, p->id, v) : -1;
	if (stock >= 0 || price >= 0) {
		turn_var(t, "variant", v);
		if (price >= 0)
			turn_money(t, "price", price, p->currency);
		else
			turn_var(t, "price", NULL);
		turn_varf(t, "stock", "%lld", (long long)stock);
		say(t, stock == 0 ? "+question.size_sold_out"
		       : stock > 0 ? (price >= 0 ? "+question.size_in_stock" : "+question.size_stock")
		                   : "+question.size_price");
		state_variant_set(t->d, p->id, v);
	}
	free(v);
	return true;
}

/* "the mesh one", "the red one please", "the pink one" of a product
 * that comes in pink: no question, only words that point at the product
 * or at one of its variants; its details answer. */
static bool only_points(struct turn *t, const struct product_view *p)
{
	/* "can i get a £25 one": asking to have the variant points at it */
	if (words_starts_with(t->d, t->lower, "lexicon.get_request")) {
		char *variant = variant_said(t, p);
		free(variant);
		if (variant)
			return true;
	}
	if (strchr(t->lower, '?') || words_any(t->d, t->lower, "lexicon.asking"))
		return false;
	size_t n = 0;
	char **w = t->r.asked ? words_content(t->d, t->r.asked, &n) : NULL;
	char *variant = variant_said(t, p);
	const char *size = t->out->nlu.entities.size;
	char *hay = xasprintf("%s %s %s %s", p->name, p->color ? p->color : "",
	                      variant ? variant : "", variant && size ? size : "");
	/* "1kg ground please": the words of the variant, "1kg" for "1 kg" */
	char *named = variant ? ask_variant_named(t->d, p, t->lower) : NULL;
	bool points = words_in_text(w, n, hay) == n ||
	              (named && resolve_words_name_variant(t->d, w, n, named));
	free(named);
	free(variant);
	free(hay);
	words_free(w, n);
	return points;
}

/* Do the words asked (none, too) all stand in p's name or brand? */
static bool asked_names_it(struct turn *t, const struct product_view *p)
{
	size_t n = 0;
	char **w = t->r.asked ? words_content(t->d, t->r.asked, &n) : NULL;
	char *own = xasprintf("%s %s", p->name, p->brand ? p->brand : "");
	bool names = words_in_text(w, n, own) == n;
	free(own);
	words_free(w, n);
	return names;
}

/* Does text say word as a word, not after "faux", "vegan" or
 * "imitation" nor before "free" ("faux fur", "leather-free")? */
static bool says_real(const char *text, const char *word)
{
	char *lower = xstrdup(text);
	for (char *c = lower; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	bool real = false;
	for (const char *at = lower; !real && (at = words_at(at, word)); at += strlen(word)) {
		const char *after = at + strlen(word);
		while (*after == ' ' || *after == '-')
			after++;
		bool faux = false;
		static const char *const qualifiers[] = {"faux ", "vegan ", "imitation ", "fake ",
		                                         "artificial ", "synthetic "};
		for (size_t q = 0; q < sizeof qualifiers / sizeof *qualifiers && !faux; q++) {
			size_t ql = strlen(qualifiers[q]);
			faux = (size_t)(at - lower) >= ql && !strncmp(at - ql, qualifiers[q], ql);
		}
		real = !faux && strncmp(after, "free", 4) && strncmp(after, "alternative", 11);
	}
	free(lower);
	return real;
}

/* "is it vegan": the material from animals the product is made of
 * (lexicon.animal_materials: wool, alpaca, silk, leather, beeswax...), in
 * its material, its attributes or its name, or NULL (heap). Only when
 * the question asks "vegan". */
static char *animal_made(struct turn *t, const struct product_view *p, char **w, size_t n)
{
	bool vegan = false;
	for (size_t i = 0; i < n && !vegan; i++)
		vegan = !strcmp(w[i], "vegan");
	if (!vegan)
		return NULL;
	const char *where[2 + 64];
	size_t nw = 0;
	if (p->material)
		where[nw++] = p->material;
	where[nw++] = p->name;
	for (size_t i = 0; i < p->n_attrs && nw < sizeof where / sizeof *where; i++)
		where[nw++] = p->attrs[i].value;
	const lexicon_list *animal = lang_list(t->d->lang, "animal_materials");
	for (size_t k = 0; k < lexicon_list_size(animal); k++) {
		const char *m = lexicon_list_at(animal, k);
		for (size_t i = 0; i < nw; i++)
			if (where[i] && says_real(where[i], m))
				return xstrdup(m);
	}
	return NULL;
}

/* Does the turn weigh prices: "how much", "price", "cheaper", "the
 * difference"? */
static bool weighs_prices(struct turn *t)
{
	const struct nlu_entities *e = &t->out->nlu.entities;
	return e->comparative_cheaper || e->comparative_pricier ||
	       words_says(t->d, t->lower, "lexicon.ask_price") ||
	       words_says(t->d, t->lower, "lexicon.price_difference");
}

/* The items of p's option key ("format": Hardback, Paperback), one per
 * attribute row or ", " between, into items; how many. */
static size_t key_items(const struct product_view *p, const char *key, char **items, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < p->n_attrs; i++) {
		if (strcmp(p->attrs[i].key, key))
			continue;
		for (const char *c = p->attrs[i].value; *c && n < max;) {
			size_t len = strcspn(c, ",");
			const char *s = c;
			while (len && *s == ' ')
				s++, len--;
			while (len && s[len - 1] == ' ')
				len--;
			if (len)
				items[n++] = xstrndup(s, len);
			c += strcspn(c, ",");
			c += *c == ',';
		}
	}
	return n;
}

#define VARIANT_ITEMS 12

/* "whats the difference in price between the hardback and paperback",
 * "is it cheaper in paperback": the prices of a product's variants by an
 * option the turn names two items of, or one with a price weighed (then
 * every item's), when the import kept their prices. The option's items
 * come from its attribute; a price is the least of the variants in it.
 * false when the turn names none, or fewer than two have prices. */
static bool variant_prices(struct turn *t, const struct product_view *p, struct buf *out)
{
	if (!p->has_price || !weighs_prices(t))
		return false;
	const struct nlu_entities *e = &t->out->nlu.entities;
	const char *done[8];
	size_t n_done = 0;
	bool found = false;
	for (size_t i = 0; i < p->n_attrs && !found && n_done < 8; i++) {
		const char *key = p->attrs[i].key;
		bool seen = false;
		for (size_t k = 0; k < n_done && !seen; k++)
			seen = !strcmp(done[k], key);
		if (seen)
			continue;
		done[n_done++] = key;
		char *items[VARIANT_ITEMS];
		size_t n = key_items(p, key, items, VARIANT_ITEMS);
		bool said[VARIANT_ITEMS] = {false};
		size_t n_said = 0;
		for (size_t k = 0; k < n; k++)
			n_said += said[k] = words_run_in(items[k], t->lower);
		/* one item said: its price beside the others' only when the
		 * turn weighs them ("cheaper in paperback"); "how much is the
		 * 50 m one" asks that one's (answer_size_price()) */
		bool weighed = e->comparative_cheaper || e->comparative_pricier ||
		               words_says(t->d, t->lower, "lexicon.price_difference");
		if (n >= 2 && (n_said >= 2 || (n_said == 1 && weighed))) {
			buf_reset(out);
			size_t priced = 0;
			for (size_t k = 0; k < n; k++) {
				int64_t cents = n_said >= 2 && !said[k]
				                    ? -1
				                    : cart_variant_price(t->d->cat, p->id, items[k]);
				if (cents < 0)
					continue;
				char *m = money(cents, p->currency);
				buf_printf(out, "%s%s %s", out->len ? ", " : "", items[k], m);
				free(m);
				priced++;
			}
			found = priced >= 2;
		}
		for (size_t k = 0; k < n; k++)
			free(items[k]);
	}
	return found;
}

static bool answer_variant_prices(struct turn *t, const struct product_view *p)
{
	struct buf prices;
	buf_init(&prices);
	bool found = variant_prices(t, p, &prices);
	if (found) {
		set_product_vars(t, p);
		turn_var(t, "prices", prices.s);
		say(t, "question.variant_prices");
	}
	buf_release(&prices);
	return found;
}

bool names_variant_of_focus(struct turn *t)
{
	dialogue *d = t->d;
	if (d->focus < 0 || (size_t)d->focus >= d->n_shown)
		return false;
	struct product_view full;
	if (lookup_product(d, d->shown[d->focus].id, true, &full, NULL) < 0)
		return false;
	char *as = variant_said(t, &full);
	product_view_release(&full);
	free(as);
	return as != NULL;
}

bool answer_focus_variant(struct turn *t)
{
	dialogue *d = t->d;
	const struct nlu_entities *e = &t->out->nlu.entities;
	if ((!e->color && !e->size) || d->focus < 0 || (size_t)d->focus >= d->n_shown)
		return false;
	struct product_view full;
	if (lookup_product(d, d->shown[d->focus].id, true, &full, NULL) < 0)
		return false;
	set_product_vars(t, &full);
	/* "in brown?" after boots in size 12: the brown 12s */
	const struct dlg_frame *f = &d->frame;
	bool answered = answer_variant_of(t, &full,
	                                  variant_of(t, &full, e->size ? e->size : f->size,
	                                             e->color ? e->color : f->color));
	product_view_release(&full);
	return answered;
}

bool asks_variant_prices(struct turn *t)
{
	dialogue *d = t->d;
	int at = d->focus >= 0 && (size_t)d->focus < d->n_shown ? d->focus : d->n_shown == 1 ? 0 : -1;
	struct product_view full;
	/* most turns weigh no price: no product is read for them */
	if (at < 0 || !weighs_prices(t) || lookup_product(d, d->shown[at].id, true, &full, NULL) < 0)
		return false;
	struct buf prices;
	buf_init(&prices);
	bool asks = variant_prices(t, &full, &prices);
	buf_release(&prices);
	product_view_release(&full);
	return asks;
}

static void answer_one(struct turn *t, const struct product_view *p)
{
	const struct reading *r = &t->r;
	set_product_vars(t, p);
	/* "tell me more", "more details": the product itself */
	if (words_says(t->d, t->lower, "lexicon.more_about")) {
		answer_show(t, p);
		return;
	}
	if (only_points(t, p)) {
		if (!answer_variant(t, p)) {
			/* "the 12 oz one" of a listing whose sizes have no prices of
			 * their own: its card, and "add it" adds that size */
			char *v = variant_said(t, p);
			if (v)
				state_variant_set(t->d, p->id, v);
			free(v);
			answer_show(t, p);
		}
		return;
	}
	/* "how much is the large": the price of that size comes before the
	 * size attribute the word "large" would name */
	bool size_price = asks_price(t) && (t->out->nlu.entities.size || t->out->nlu.entities.color);
	if (asks_price(t) && !size_price) {
		/* "how much is the 500 g one", a weight the shop sells it by */
		char *as = variant_said(t, p);
		size_price = as != NULL;
		free(as);
	}
	/* "how much is the kit" of a kit with a "kit: yes" field: the words
	 * only name the product, the question is its price ("how much liquid
	 * is in the Laundry Liquid" asks an amount) */
	if (asks_price(t) && !size_price && !words_says(t->d, t->r.question, "lexicon.ask_amount") &&
	    asked_names_it(t, p) && answer_fixed(t, p))
		return;
	/* "is the 1000 pieces one in stock": the stock of the variant said,
	 * before the field its words name ("size: 1000 Pieces, 500 Pieces") */
	bool variant_stock = false;
	if (words_says(t->d, t->r.question, "lexicon.ask_stock")) {
		char *as = variant_said(t, p);
		variant_stock = as != NULL;
		free(as);
	}
	/* "do you have the night sky one in 1000 pieces?": that variant's
	 * price and stock, when no colour or size read says which (those
	 * answer below) and the import kept them; "is it in stock" then asks
	 * of that one */
	const struct nlu_entities *e = &t->out->nlu.entities;
	if (!variant_stock && !size_price && !e->color && !e->size &&
	    words_first_is(t->d, t->lower, "lexicon.have_words") && answer_variant(t, p))
		return;
	/* ... or, when the import kept no price of its own, the product's */
	if (answer_variant_prices(t, p) || (variant_stock && answer_stock(t, p)) ||
	    (size_price && (answer_size_price(t, p) || answer_fixed(t, p))) || answer_age(t, p) || answer_reviews(t, p) || answer_condition(t, p) || answer_sale(t, p) || (fact_first(t) && answer_fact(t, p)) || answer_key(t, p) ||
	    answer_amount_line(t, p) || answer_stock(t, p) ||
	    answer_color(t, p) || answer_material(t, p) || answer_size(t, p) || answer_either(t, p) ||
	    answer_comes_with(t, p) || answer_fact(t, p) || answer_amount(t, p) ||
	    answer_fixed(t, p))
		return;
	/* "whats inside", "what's in the hamper": what it is, as its data
	 * says it */
	if ((!r->asked && !r->concept) || words_says(t->d, r->question, "lexicon.ask_contents")) {
		/* "whats included": the line that says what it comes with
		 * ("Includes 5 tubes, 2 handles ..."), else the product */
		char *said = product_said(p);
		char *line = words_says(t->d, r->question, "lexicon.ask_contents")
		                 ? words_best_sentence(said, includes_score, t->d)
		                 : NULL;
		free(said);
		if (line) {
			turn_var(t, "quote", line);
			say(t, "question.quote");
			free(line);
			return;
		}
		answer_show(t, p);
		return;
	}
	size_t n = 0;
	char **w = r->asked ? words_content(t->d, r->asked, &n) : NULL;
	/* "staub?", "what about the nylabone": words that only name the
	 * product, asking nothing ("is it stainless?" asks what the name
	 * says), ask to see it */
	bool names_only = n && !r->concept &&
	                  (!words_any(t->d, t->lower, "lexicon.asking") ||
	                   words_starts_with(t->d, t->lower, "lexicon.follow_up") ||
	                   words_says(t->d, t->lower, "lexicon.show_about")) &&
	                  asked_names_it(t, p);
	if (names_only) {
		words_free(w, n);
		answer_show(t, p);
		return;
	}
	n = drop_kind_words(t, p, w, n);
	char *said = product_said(p);
	size_t idx[MAX_ANSWER_ATTRS];
	size_t got = limit_attr(t, p, w, n, idx);
	/* "is there a limit on how many i can buy": the shop's limit, said in
	 * the description, not a "max load" */
	bool buying_limit = r->concept && !strcmp(r->concept, "limit") && !limit_of_property(t, w, n);
	if (!got && !buying_limit)
		got = ask_attrs(t->d, p, w, n, r->concept, idx, MAX_ANSWER_ATTRS);
	/* "is it oven safe" of a pan with "dishwasher safe: Yes" and "Oven
	 * safe to 430°F." in its description: a key holding only some of the
	 * words asked gives way to a line holding all of them */
	char *line = got ? line_says_more(t, p, idx[0]) : NULL;
	if (!line && got && n >= 2 && words_in_text(w, n, p->attrs[idx[0]].key) < n) {
		struct asked_words all = {w, n, n, NULL, false, false};
		line = words_best_sentence(said, words_score, &all);
		/* "whats the weight limit": a line that says the weight with a
		 * word of limits ("Maximum user weight 120 kg"), not the
		 * product's own weight */
		if (!line)
			line = limit_line(t, said, w, n);
	}
	/* "how long does it take to play": a line of the concept asked ("20
	 * minute games") before a key that one of the words names ("number
	 * of players") */
	if (!line && concept_line_first(t, p, idx, got))
		line = answer_from_concept(t, said, NULL, 0, false);
	if (line) {
		turn_var(t, "what", r->asked);
		turn_var(t, "quote", line);
		say(t, "question.quote");
		free(line);
		free(said);
		words_free(w, n);
		return;
	}
	/* "how big is it" of a product that lists no size: its lengths
	 * (diameter, width, height) */
	if (!got && r->concept && !strcmp(r->concept, "size"))
		got = ask_attrs_in_dimension(t->d, p, "length", idx, MAX_ANSWER_ATTRS);
	char *attr = got ? attrs_text(t->d, p, idx, got) : NULL;
	/* "how much alcohol is in it": the sentence with the amount
	 * ("ABV: 8.5%"), not the first that says the word ("low alcohol") */
	char *quote = !attr && r->concept && words_says(t->d, r->question, "lexicon.how_much")
	                  ? answer_from_concept(t, said, NULL, 0, true)
	                  : NULL;
	if (!attr && !quote)
		quote = answer_from_text(said, w, n);
	if (!attr && !quote)
		quote = answer_from_related(t->d, said, w, n);
	if (!attr && !quote && r->concept) {
		n = drop_concept_words(t, w, n);
		quote = answer_from_text(said, w, n);
		/* "is it safe in pregnancy": "safe" asks, the concept's line answers */
		size_t keep = 0;
		for (size_t i = 0; i < n && !quote; i++) {
			if (words_is(t->d, w[i], "lexicon.ask_fact"))
				free(w[i]);
			else
				w[keep++] = w[i];
		}
		if (!quote) {
			n = keep;
			quote = answer_from_concept(t, said, w, n, false);
		}
	}
	if (!attr && !quote) {
		/* a value asked about by itself: "is it waterproof" -> "waterproof: yes" */
		for (size_t i = 0; i < p->n_attrs && !attr; i++)
			if (n && words_in_text(w, n, p->attrs[i].value) == n)
				attr = xasprintf("%s: %s", p->attrs[i].key, p->attrs[i].value);
	}
	turn_var(t, "what", r->asked);
	if (attr) {
		turn_var(t, "answer", attr);
		say(t, "question.attr");
		if (got)
			say_values_sold_out(t, p, idx, got);
	} else if (quote) {
		turn_var(t, "quote", quote);
		say(t, "question.quote");
	} else if (n && p->category && words_in_text(w, n, p->category)) {
		/* "is it for men or women?": where the shop files it says so */
		turn_var(t, "category", p->category);
		say(t, "question.category");
	} else if ((attr = animal_made(t, p, w, n))) {
		/* "is the alpaca scarf vegan": made of what comes from animals */
		turn_var(t, "material", attr);
		say(t, "question.not_vegan");
	} else if (r->concept && (attr = amount_in_name(t, p->name, r->concept))) {
		/* "how much storage": "Galaxy S7 32GB" says it in its name */
		turn_var(t, "answer", attr);
		say(t, "question.from_name");
	} else if (p->description && *p->description &&
	           words_says(t->d, t->lower, "lexicon.ask_like")) {
		/* "what does the malbec taste like": what its description says */
		answer_show(t, p);
	} else {
		/* "is it unlocked?": whether it is, not whether it has; "how
		 * much does it weigh?": its weight */
		bool be = r->asked && words_first_is(t->d, t->lower, "lexicon.be_words");
		bool has = r->asked && words_first_is(t->d, t->lower, "lexicon.have_words");
		turn_var(t, "concept", r->concept);
		say(t, be ? "question.unknown_be"
		       : r->concept ? "question.unknown_concept"
		       : has ? "question.unknown"
		       : r->asked ? "question.unknown_about" : "question.unknown_plain");
	}
	free(attr);
	free(quote);
	free(said);
	words_free(w, n);
}

/* The value a winner was picked on, as the shopper reads it ("280 g",
 * "$49.95", "4.5", "$3.29 per kg ($3.29 for 1 kg)"), or NULL. */
static char *winner_value(struct turn *t, const struct product_view *p)
{
	const char *concept = t->r.comparative;
	if (t->r.winner_key) {
		char *v = key_values(p, t->r.winner_key);
		if (*v)
			return v;
		free(v);
		return NULL;
	}
	if (!strcmp(concept, "price"))
		return p->has_price ? money(p->price_cents, p->currency) : NULL;
	if (!strcmp(concept, "rating"))
		return p->has_rating ? xasprintf("%.1f", p->rating) : NULL;
	if (!strcmp(concept, ASK_UNIT_VALUE)) {
		double cents;
		char per[32], size[64];
		struct measure m;
		if (!ask_unit_price(t->d, p, &cents, per, sizeof per, &m))
			return NULL;
		measure_format(&m, size, sizeof size);
		char *unit_price = money((int64_t)(cents + 0.5), p->currency);
		char *price = money(p->price_cents, p->currency);
		turn_var(t, "unit_price", unit_price);
		turn_var(t, "per", per);
		turn_var(t, "price", price);
		turn_var(t, "size", size);
		free(unit_price);
		free(price);
		return replies_render(t->d->rp, "question.unit_price", 0, t->vars, t->n_vars, NULL);
	}
	size_t idx[1];
	if (ask_attrs(t->d, p, NULL, 0, concept, idx, 1) != 1)
		return NULL;
	return xstrdup(p->attrs[idx[0]].value);
}

/* "does it come in a bigger size" of one product sold in several: the
 * sizes it comes in, and what they cost when that differs. */
static bool answer_own_sizes(struct turn *t, const struct product_view *p)
{
	struct buf sizes;
	buf_init(&sizes);
	if (cart_variant_list(t->d->cat, p->id, &sizes) < 2) {
		buf_release(&sizes);
		return false;
	}
	turn_var(t, "name", p->name);
	turn_var(t, "sizes", sizes.s);
	int64_t lo, hi;
	if (cart_variant_range(t->d->cat, p->id, &lo, &hi)) {
		turn_money(t, "price", lo, p->currency);
		turn_money(t, "price_max", hi, p->currency);
		say(t, "question.sizes_prices");
	} else {
		say(t, "question.sizes");
	}
	buf_release(&sizes);
	return true;
}

/* "which one is lighter?": the winner, with its value and the others'. */
static void answer_winner(struct turn *t, const struct product_view *win)
{
	dialogue *d = t->d;
	const struct reading *r = &t->r;
	const char *concept = r->comparative;
	struct buf others;
	buf_init(&others);
	size_t among[DLG_MAX_SHOWN], n = 0;
	if (r->n_among)
		for (size_t i = 0; i < r->n_among; i++)
			among[n++] = (size_t)r->among[i];
	else if (d->n_compared >= 2)
		for (size_t i = 0; i < d->n_compared; i++)
			among[n++] = (size_t)d->compared[i];
	else
		for (size_t i = 0; i < d->n_shown; i++)
			among[n++] = i;
	char *mine = winner_value(t, win);
	bool tie = true; /* every other one has the winner's value */
	size_t n_others = 0;
	for (size_t k = 0; k < n; k++) {
		const struct product_view *o = &d->shown[among[k]];
		if (!strcmp(o->id, win->id))
			continue;
		struct product_view full;
		if (lookup_product(d, o->id, true, &full, NULL) < 0)
			continue;
		char *v = winner_value(t, &full);
		tie &= v && mine && !strcmp(v, mine);
		n_others++;
		char *one = v ? xasprintf("%s (%s)", full.name, v) : NULL;
		if (one && !strstr(others.s ? others.s : "", one)) /* sizes that say the same */
			buf_printf(&others, "%s%s", others.len ? ", " : "", one);
		free(one);
		free(v);
		product_view_release(&full);
	}
	if (!n_others && !strcmp(concept, "size") && answer_own_sizes(t, win)) {
		free(mine);
		buf_release(&others);
		return;
	}
	turn_var(t, "name", win->name);
	turn_var(t, "value", mine);
	if (tie && n_others) {
		/* "which has the longer battery?" of two with 57 h each */
		say(t, "question.winner_tie");
		free(mine);
		buf_release(&others);
		return;
	}
	turn_var(t, "others", others.len ? others.s : NULL);
	/* how the shopper asked, else how the winner is called */
	const char *how = t->out->nlu.entities.comparative;
	char key[64];
	snprintf(key, sizeof key, "winner.%s_%s", r->winner_key ? "key" : concept,
	         r->direction < 0 ? "least" : "most");
	if (!how || r->winner_key || !strcmp(concept, ASK_UNIT_VALUE))
		how = replies_raw(d->rp, key, 0);
	if (!how) /* the shopper's own word: "the biggest battery" */
		how = words_said(d, t->lower, r->direction < 0 ? "comparative.less" : "comparative.more");
	turn_var(t, "comparative", how);
	turn_var(t, "concept", concept);
	/* alone: the only one of them with a value */
	say(t, r->winner_key ? (others.len ? "question.winner_key" : "question.winner_key_alone")
	                     : (others.len ? "question.winner" : "question.winner_alone"));
	if (r->listed) {
		/* found for this question: the list it won in, best first */
		struct product_view shown[DLG_PAGE];
		size_t ns = 0;
		for (size_t k = 0; k < n && ns < DLG_PAGE; k++)
			shown[ns++] = d->shown[among[k]];
		turn_show(t, shown, ns);
	} else {
		turn_show(t, win, 1);
	}
	free(mine);
	buf_release(&others);
}

/* "which is the best rated?" when none of the list has a rating: say so
 * rather than compare or pick another. */
static void say_no_winner(struct turn *t)
{
	turn_var(t, "what", t->r.no_winner);
	say(t, "compare.no_values");
	suggest(t, "suggest.question");
}

/* Do the names of some of the first products the words find hold them
 * ("case": the best match of "case" may be filed under Cases without the
 * word in its name)? */
#define KIND_SAMPLE 10

static bool kind_in_names(dialogue *d, const char *words)
{
	struct search_result r;
	bool named = false;
	if (lookup_words_find(d, words, KIND_SAMPLE, &r))
		for (size_t i = 0; i < r.n_hits && !named; i++)
			named = words_all_in(d, words, r.hits[i].p.name);
	search_result_release(&r);
	return named;
}

/* A word of the kind asked for, not of the product's name (ctx) nor of
 * asking or comparing. */
static bool kind_word(dialogue *d, const char *kept, const char *word, void *ctx)
{
	(void)kept;
	char *one[1] = {(char *)word};
	return !words_in_text(one, 1, ctx) && !ask_question_word(d, word) &&
	       !words_in_section(d, word, "lexicon.compare_words");
}

/* "do you have a case for it?", "any chargers for this one": a kind of
 * product (words that name products, none of the product's own name) for
 * the one product in view is a search for that kind that names it. */
static bool accessory_for(struct turn *t)
{
	dialogue *d = t->d;
	const struct reading *r = &t->r;
	const char *pw = t->out->nlu.entities.product_words;
	if (r->n_targets != 1 || !pw || !*pw || !words_says(d, t->lower, "lexicon.for_it"))
		return false;
	char *kind = words_kept(d, pw, kind_word, (void *)r->targets[0].name);
	bool done = kind && kind_in_names(d, kind) && find_for_product(t, &r->targets[0], kind);
	free(kind);
	return done;
}

/* "is there a warranty on the digital pianos" of no one product: the
 * sentence of the shop's own terms (config.ini's delivery and returns)
 * that holds every word asked that names no product ("warranty"). */
static bool answer_from_terms(struct turn *t)
{
	dialogue *d = t->d;
	const struct reading *r = &t->r;
	if (!r->asked || (!d->returns && !d->delivery))
		return false;
	size_t n = 0;
	char **w = words_content(d, r->asked, &n);
	size_t kept = 0;
	for (size_t i = 0; i < n; i++) {
		if (lookup_name_says(d, w[i]))
			free(w[i]);
		else
			w[kept++] = w[i];
	}
	char *line = NULL;
	struct asked_words all = {w, kept, kept, NULL, false, false};
	const char *terms[] = {d->returns, d->delivery};
	for (size_t k = 0; kept && !line && k < sizeof terms / sizeof terms[0]; k++)
		line = terms[k] ? words_best_sentence(terms[k], words_score, &all) : NULL;
	words_free(w, kept);
	if (!line)
		return false;
	turn_var(t, "quote", line);
	say(t, "question.terms");
	free(line);
	return true;
}

void dlg_question(struct turn *t)
{
	dialogue *d = t->d;
	const struct reading *r = &t->r;
	if (r->no_winner && r->ref == REF_NONE) {
		say_no_winner(t);
		return;
	}
	if ((r->ref == REF_AMBIGUOUS || r->ref == REF_NONE || r->ref == REF_NOT_FOUND) &&
	    answer_from_terms(t)) {
		t->r.ref = REF_NONE; /* answered: no "which one?" waits */
		return;
	}
	if (no_target(t, "question.which", "question.no_product"))
		return;
	if (accessory_for(t))
		return;
	size_t last_at = 0, last_len = 0;
	for (size_t k = 0; k < r->n_targets && k < MAX_COMPARE; k++) {
		struct product_view p;
		char *err = NULL;
		if (lookup_product(d, r->targets[k].id, true, &p, &err) < 0) {
			turn_fail(t, err);
			free(err);
			return;
		}
		size_t at = t->text.len;
		/* "is it cheaper in paperback" of one product: its variants'
		 * prices, not a winner among one */
		if (r->winner && r->n_targets == 1 && answer_variant_prices(t, &p))
			;
		else if (r->winner)
			answer_winner(t, &p);
		else
			answer_one(t, &p);
		/* variants of one product that answer alike answer once */
		size_t len = t->text.len - at;
		size_t skip = at && t->text.s[at] == ' ' ? 1 : 0;
		if (k && len - skip == last_len &&
		    !memcmp(t->text.s + at + skip, t->text.s + last_at, last_len)) {
			t->text.len = at;
			t->text.s[at] = '\0';
		} else {
			last_at = at + skip;
			last_len = len - skip;
		}
		events_log(d->cat, d->customer, d->session, "view", p.id, NULL, NULL);
		product_view_release(&p);
	}
	state_focus_targets(d, &t->r);
	if (r->n_targets == 1)
		turn_var(t, "name", r->targets[0].name);
	if (r->question != d->last_question) {
		free(d->last_question);
		free(d->last_asked);
		d->last_question = xstrdup(r->question);
		d->last_asked = r->asked ? xstrdup(r->asked) : NULL;
		d->last_concept = r->concept;
	}
	suggest(t, "suggest.question");
}

/* ---- compare ---- */

static void add_row(struct reply_compare *c, const char *label, char **cells)
{
	size_t r = c->n_rows++;
	c->row_labels = xrealloc(c->row_labels, c->n_rows * sizeof *c->row_labels);
	c->cells = xrealloc(c->cells, c->n_rows * sizeof *c->cells);
	c->row_differs = xrealloc(c->row_differs, c->n_rows * sizeof *c->row_differs);
	c->row_labels[r] = xstrdup(label);
	c->cells[r] = cells;
	c->row_differs[r] = false;
	for (size_t j = 1; j < c->n_cols; j++)
		if (strcmp(cells[j], cells[0]))
			c->row_differs[r] = true;
}

static char *attr_cell(const struct product_view *p, const char *key)
{
	struct buf b;
	buf_init(&b);
	for (size_t i = 0; i < p->n_attrs; i++) {
		if (strcasecmp(p->attrs[i].key, key))
			continue;
		if (b.len)
			buf_adds(&b, ", ");
		buf_adds(&b, p->attrs[i].value);
	}
	return buf_detach(&b);
}

/* The attributes every compared product has and that help decide: no
 * links, images, codes or timestamps (ask_hidden()). */
static size_t shared_keys(struct turn *t, const struct product_view *p, size_t n,
                          const char ***out)
{
	const char **keys = NULL;
	size_t k = 0, cap = 0;
	for (size_t i = 0; i < p[0].n_attrs; i++) {
		const char *key = p[0].attrs[i].key;
		bool seen = false, everywhere = true;
		for (size_t j = 0; j < k && !seen; j++)
			seen = !strcasecmp(keys[j], key);
		for (size_t j = 1; j < n && everywhere && !seen; j++)
			everywhere = attrs_has_key(&p[j], key);
		if (seen || !everywhere || ask_hidden(t->d, key, p[0].attrs[i].value))
			continue;
		keys = xgrow(keys, &cap, k + 1, sizeof *keys);
		keys[k++] = key;
	}
	*out = keys;
	return k;
}

#define COMPARE_FIXED_ROWS 4

/* A product's price in a comparison: its variants' range when they cost
 * apart ("32.00 GBP-58.00 GBP": a half bottle and a bottle), else its
 * price. Heap. */
static char *price_cell(struct turn *t, const struct product_view *q)
{
	if (!q->has_price)
		return xstrdup("");
	int64_t lo, hi;
	if (cart_variant_range(t->d->cat, q->id, &lo, &hi) && hi > lo) {
		char *a = money(lo, q->currency), *b = money(hi, q->currency);
		char *cell = xasprintf("%s-%s", a, b);
		free(a);
		free(b);
		return cell;
	}
	return money(q->price_cents, q->currency);
}

static struct reply_compare *build_table(struct turn *t, const struct product_view *p, size_t n)
{
	struct reply_compare *c = xcalloc(1, sizeof *c);
	c->n_cols = n;
	c->col_names = xcalloc(n, sizeof *c->col_names);
	for (size_t j = 0; j < n; j++)
		c->col_names[j] = xstrdup(p[j].name);
	static const char *const fixed[] = {"price", "brand", "rating", "stock"};
	for (size_t r = 0; r < COMPARE_FIXED_ROWS; r++) {
		/* a row no compared product has a value for says nothing */
		bool any = false;
		for (size_t j = 0; j < n && !any; j++)
			any = r == 0 ? p[j].has_price : r == 1 ? p[j].brand && *p[j].brand
			    : r == 2 ? p[j].has_rating : p[j].has_stock;
		if (!any)
			continue;
		char **cells = xcalloc(n, sizeof *cells);
		for (size_t j = 0; j < n; j++) {
			const struct product_view *q = &p[j];
			switch (r) {
			case 0: cells[j] = price_cell(t, q); break;
			case 1: cells[j] = xstrdup(q->brand ? q->brand : ""); break;
			case 2: cells[j] = q->has_rating ? xasprintf("%.1f", q->rating) : xstrdup(""); break;
			default:
				cells[j] = !q->has_stock ? xstrdup("")
				                         : xasprintf("%lld", (long long)q->stock);
			}
		}
		const char *label = replies_raw(t->d->rp, "compare.labels", r);
		add_row(c, label ? label : fixed[r], cells);
	}
	c->n_fixed = c->n_rows;
	/* shared attributes that differ first: they are what decides */
	const char **keys = NULL;
	size_t nk = shared_keys(t, p, n, &keys);
	for (int pass = 0; pass < 2; pass++) {
		for (size_t k = 0; k < nk; k++) {
			char **cells = xcalloc(n, sizeof *cells);
			bool differs = false;
			for (size_t j = 0; j < n; j++) {
				cells[j] = attr_cell(&p[j], keys[k]);
				differs |= j && strcmp(cells[j], cells[0]);
			}
			if (differs == (pass == 0)) {
				add_row(c, keys[k], cells);
			} else {
				for (size_t j = 0; j < n; j++)
					free(cells[j]);
				free(cells);
			}
		}
	}
	free(keys);
	return c;
}

/* Best rated and best value (the cheapest of those rated within 0.3 of the
 * best), each with the reason in numbers. */
static void verdict(struct turn *t, const struct product_view *p, size_t n,
                    struct reply_compare *c)
{
	int rated = -1, value = -1;
	for (size_t j = 0; j < n; j++)
		if (p[j].has_rating && (rated < 0 || p[j].rating > p[rated].rating))
			rated = (int)j;
	for (size_t j = 0; j < n; j++) {
		/* what cannot be bought now is no one's best value */
		if (!p[j].has_price || (p[j].has_stock && p[j].stock <= 0))
			continue;
		if (rated >= 0 && p[j].has_rating && p[j].rating < p[rated].rating - 0.3 - 1e-9)
			continue;
		if (value < 0 || p[j].price_cents < p[value].price_cents)
			value = (int)j;
	}
	struct buf b;
	buf_init(&b);
	if (rated >= 0) {
		double second = -1;
		for (size_t j = 0; j < n; j++)
			if ((int)j != rated && p[j].has_rating && p[j].rating > second)
				second = p[j].rating;
		turn_var(t, "best_rated", p[rated].name);
		turn_varf(t, "rating", "%.1f", p[rated].rating);
		if (second >= 0)
			turn_varf(t, "other_rating", "%.1f", second);
		/* "about the same" only when every rated one is; a shared top
		 * among others rated lower names those who share it */
		size_t top = 0, n_rated = 0;
		struct buf tied;
		buf_init(&tied);
		for (size_t j = 0; j < n; j++) {
			if (!p[j].has_rating)
				continue;
			n_rated++;
			if (p[j].rating >= p[rated].rating - 1e-9) {
				/* colours of one product share one name */
				bool again = false;
				for (size_t k = 0; k < j && !again; k++)
					again = p[k].has_rating && p[k].rating >= p[rated].rating - 1e-9 &&
					        !strcmp(p[k].name, p[j].name);
				if (!again)
					buf_printf(&tied, "%s%s", tied.len ? " and " : "", p[j].name);
				top++;
			}
		}
		turn_var(t, "tied", tied.s);
		buf_release(&tied);
		const char *key = n_rated < 2                              ? "compare.only_rated"
		                  : second >= 0 && second < p[rated].rating ? "compare.best_rated"
		                  : top < n_rated                          ? "compare.top_tie"
		                                                           : "compare.same_rating";
		char *s = replies_render(t->d->rp, key, 0, t->vars, t->n_vars, NULL);
		buf_adds(&b, s);
		free(s);
	}
	if (value >= 0) {
		int64_t most = 0;
		for (size_t j = 0; j < n; j++)
			if (p[j].has_price && p[j].price_cents > most)
				most = p[j].price_cents;
		turn_var(t, "best_value", p[value].name);
		turn_money(t, "saving", most - p[value].price_cents, p[value].currency);
		if (p[value].has_rating)
			turn_varf(t, "value_rating", "%.1f", p[value].rating);
		bool as_high = rated >= 0 && p[value].has_rating &&
		               p[value].rating >= p[rated].rating - 0.05;
		/* without ratings to weigh, the cheapest is all there is to say */
		const char *key = most <= p[value].price_cents       ? NULL
		                  : rated < 0 || !p[value].has_rating ? "compare.cheapest"
		                  : value == rated                    ? "compare.best_both"
		                  : as_high                           ? "compare.best_value_as_high"
		                                                      : "compare.best_value";
		if (key) {
			char *s = replies_render(t->d->rp, key, 0, t->vars, t->n_vars, NULL);
			if (b.len && *s)
				buf_addc(&b, ' ');
			buf_adds(&b, s);
			free(s);
		}
	}
	if (b.len)
		c->verdict = buf_detach(&b);
	else
		buf_release(&b);
}

/* "which is better for battery life?": the rows and sentences about it. */
static void focus_question(struct turn *t, const struct product_view *p, size_t n,
                           const struct reply_compare *c)
{
	const struct reading *r = &t->r;
	size_t nw = 0;
	char **w = r->asked ? words_content(t->d, r->asked, &nw) : NULL;
	size_t keep = 0;
	long count;
	for (size_t i = 0; i < nw; i++) {
		/* "compare the first four": the count is no attribute */
		if (words_in_section(t->d, w[i], "lexicon.compare_words") ||
		    ask_question_word(t->d, w[i]) || strspn(w[i], "0123456789") == strlen(w[i]) ||
		    norm_cardinal_word(w[i], &count))
			free(w[i]);
		else
			w[keep++] = w[i];
	}
	nw = keep;
	bool said = false;
	for (size_t row = c->n_fixed; row < c->n_rows && (nw || r->concept); row++) {
		size_t nk = 0;
		char **kw = words_content(t->d, c->row_labels[row], &nk);
		bool about = nw && words_in_text(w, nw, c->row_labels[row]);
		for (size_t i = 0; !about && r->concept && i < nk; i++)
			about = ask_concept_word(t->d, r->concept, kw[i]);
		words_free(kw, nk);
		if (!about)
			continue;
		struct buf vals;
		buf_init(&vals);
		for (size_t j = 0; j < n; j++)
			buf_printf(&vals, "%s%s: %s", j ? "; " : "", p[j].name,
			           *c->cells[row][j] ? c->cells[row][j] : "-");
		turn_var(t, "label", c->row_labels[row]);
		turn_var(t, "values", vals.s);
		buf_release(&vals);
		say(t, "+compare.focus_row");
		said = true;
	}
	/* a fact some of them give and the table has no row for: each
	 * one's value of it ("bluetooth: yes"), "-" where it gives none */
	const char *label = NULL;
	for (size_t j = 0; j < n && nw && !said && !label; j++)
		for (size_t i = 0; i < p[j].n_attrs && !label; i++)
			if (words_in_text(w, nw, p[j].attrs[i].key) == nw)
				label = p[j].attrs[i].key;
	if (label) {
		struct buf vals;
		buf_init(&vals);
		for (size_t j = 0; j < n; j++) {
			const char *v = NULL;
			for (size_t i = 0; i < p[j].n_attrs && !v; i++)
				if (!strcasecmp(p[j].attrs[i].key, label))
					v = p[j].attrs[i].value;
			/* one that gives none may say it ("micro-steps for espresso") */
			char *q = v ? NULL : answer_from_text(p[j].description, w, nw);
			if (q)
				buf_printf(&vals, "%s%s: \"%s\"", j ? "; " : "", p[j].name, q);
			else
				buf_printf(&vals, "%s%s: %s", j ? "; " : "", p[j].name, v ? v : "-");
			free(q);
		}
		turn_var(t, "label", label);
		turn_var(t, "values", vals.s);
		buf_release(&vals);
		say(t, "+compare.focus_row");
		said = true;
	}
	for (size_t j = 0; j < n && nw && !said; j++) {
		char *q = answer_from_text(p[j].description, w, nw);
		if (!q)
			continue;
		turn_var(t, "name", p[j].name);
		turn_var(t, "quote", q);
		say(t, "+compare.focus_quote");
		free(q);
		said = true;
	}
	if (nw && !said) {
		char *what = words_join(w, nw);
		turn_var(t, "what", what);
		free(what);
		say(t, "+compare.focus_unknown");
	}
	words_free(w, nw);
}

bool which_of_asked(const char *lower)
{
	static const char *const leads[] = {
		"which of these ", "which of those ", "which of them ", "which ones ", "which of the ",
		"which one is ", "which one's ",
		"are any of them ", "are any of these ", "are any of those ", "is any of them ",
		"do any of them ", "do any of these ", "do any of those ", "does any of them "};
	for (size_t i = 0; i < sizeof leads / sizeof *leads; i++)
		if (!strncmp(lower, leads[i], strlen(leads[i])))
			return true;
	return false;
}

/* Does text say the number and the word after it as one ("4-season",
 * "4 season")? */
static bool says_unit(const char *text, const char *number, const char *word)
{
	if (!text)
		return false;
	char *lower = words_lower(text);
	for (char *c = lower; *c; c++)
		if (*c == '-')
			*c = ' ';
	char *unit = xasprintf("%s %s", number, word);
	bool says = words_at(lower, unit) != NULL;
	free(unit);
	free(lower);
	return says;
}

/* Does the product say the number w[k] with the word w[k + 1] after it,
 * in its name, description or an attribute? */
static bool product_says_unit(const struct product_view *p, char **w, size_t k)
{
	bool in = says_unit(p->name, w[k], w[k + 1]) || says_unit(p->description, w[k], w[k + 1]);
	for (size_t a = 0; a < p->n_attrs && !in; a++)
		in = says_unit(p->attrs[a].value, w[k], w[k + 1]);
	return in;
}

/* "which of these are cooperative?", "which of those are mugs", "are
 * any of them 4 season": a list on screen narrowed to the products whose
 * name, description or attributes say the words (a number with the word
 * after it as one: "4 season" is not the "4" of "Darwin 4" and the
 * "season" of "3-season"), not a table of them. true when it was. */
/* The word a superlative no product says is made of, when products say
 * it: "driest" is "dry", "smokiest" "smoky", "biggest" "big", "finest"
 * "fine". NULL otherwise. Heap. */
static char *superlative_base(dialogue *d, const char *w)
{
	size_t n = strlen(w);
	if (n < 5 || strcmp(w + n - 3, "est") || lookup_word_held(d, NULL, w, NULL))
		return NULL;
	char cand[4][64];
	size_t nc = 0;
	size_t stem = n - 3;
	if (stem >= sizeof cand[0] - 2)
		return NULL;
	if (w[stem - 1] == 'i') /* dri-est: dry */
		snprintf(cand[nc++], sizeof cand[0], "%.*sy", (int)(stem - 1), w);
	if (stem >= 2 && w[stem - 1] == w[stem - 2]) /* bigg-est: big */
		snprintf(cand[nc++], sizeof cand[0], "%.*s", (int)(stem - 1), w);
	snprintf(cand[nc++], sizeof cand[0], "%.*s", (int)stem, w); /* strong-est */
	snprintf(cand[nc++], sizeof cand[0], "%.*se", (int)stem, w); /* fin-est: fine */
	for (size_t i = 0; i < nc; i++)
		if (lookup_word_held(d, NULL, cand[i], NULL))
			return xstrdup(cand[i]);
	return NULL;
}

/* The words of p that say word strongly ("intensely smoky", "bone dry":
 * a word of [lexicon.intensifiers] right before it), or NULL. Heap. */
static char *intensified(dialogue *d, const struct product_view *p, const char *word)
{
	const char *texts[] = {p->description, p->name};
	for (size_t k = 0; k < sizeof texts / sizeof texts[0]; k++) {
		if (!texts[k])
			continue;
		char *lower = words_lower(texts[k]);
		for (const char *at = lower; (at = words_at(at, word)); at += strlen(word)) {
			const char *end = at;
			while (end > lower && end[-1] == ' ')
				end--;
			const char *start = end;
			while (start > lower && isalpha((unsigned char)start[-1]))
				start--;
			char before[32];
			snprintf(before, sizeof before, "%.*s", (int)(end - start), start);
			if (end > start && words_is(d, before, "lexicon.intensifiers")) {
				char *phrase = xasprintf("%s %s", before, word);
				free(lower);
				return phrase;
			}
		}
		free(lower);
	}
	return NULL;
}

/* "which one is for a 2 year old": the listed products whose ages, as
 * their data says them, hold the child's. */
static bool which_of_list_age(struct turn *t, int age)
{
	dialogue *d = t->d;
	struct product_view kept[DLG_MAX_SHOWN];
	size_t nk = 0, known = 0;
	for (size_t i = 0; i < d->n_shown && nk < DLG_MAX_SHOWN; i++) {
		struct product_view full;
		if (lookup_product(d, d->shown[i].id, true, &full, NULL) < 0)
			continue;
		int from = -1, to = AGES_OPEN;
		bool said = attrs_ages(&full, &from, &to);
		known += said;
		if (said && age >= from && (to == AGES_OPEN || age <= to))
			kept[nk++] = full;
		else
			product_view_release(&full);
	}
	if (!known)
		return false; /* no product says its ages: the question goes on */
	say_child(t, "words", age);
	say_list_of(t, kept, nk, "compare.which_of_age", "compare.which_of_age_none");
	suggest(t, "suggest.question");
	return true;
}

/* Is the phrase an item of one of p's attribute values, whole ("Weather
 * Sealed" of "features: 4K Video,Weather Sealed")? A feature a list
 * names, even when some product's title also says it. */
static bool value_item_is(const struct product_view *p, const char *phrase)
{
	size_t len = strlen(phrase);
	for (size_t a = 0; a < p->n_attrs; a++) {
		char *v = words_lower(p->attrs[a].value);
		for (char *c = v; *c; c++)
			if (*c == '-')
				*c = ' ';
		bool is = false;
		for (const char *item = v; *item && !is;) {
			size_t n = strcspn(item, ",|;");
			const char *end = item + n;
			while (item < end && isspace((unsigned char)*item))
				item++;
			const char *last = end;
			while (last > item && isspace((unsigned char)last[-1]))
				last--;
			is = (size_t)(last - item) == len && !strncmp(item, phrase, len);
			item = *end ? end + 1 : end;
		}
		free(v);
		if (is)
			return true;
	}
	return false;
}

static bool which_of_list(struct turn *t)
{
	dialogue *d = t->d;
	const struct nlu_entities *e = &t->out->nlu.entities;
	bool lead = which_of_asked(t->lower);
	/* "which is the smokiest": the superlative of a word products say */
	bool which_is = !strncmp(t->lower, "which is the ", 13) ||
	                !strncmp(t->lower, "which one is the ", 17) ||
	                !strncmp(t->lower, "which is ", 9);
	/* "which one is for a 2 year old", "which of them suit a 4 year old" */
	if ((lead || !strncmp(t->lower, "which ", 6)) && d->n_shown >= 2 && e->age_months >= 0 &&
	    !e->age_stage && which_of_list_age(t, e->age_months))
		return true;
	if ((!lead && !which_is) || d->n_shown < 2 || e->comparative || e->sort != NLU_SORT_NONE ||
	    words_says(d, t->lower, "lexicon.superlative_one") || !e->product_words)
		return false;
	size_t n = 0;
	char **w = words_content(d, e->product_words, &n);
	if (!n) {
		words_free(w, n);
		return false;
	}
	/* "which of those is the driest": what says it at all, "dry" (a
	 * quality, said anywhere in the data, not a kind's name) */
	bool quality[8] = {false}, any_quality = false;
	for (size_t k = 0; k < n; k++) {
		char *base = superlative_base(d, w[k]);
		if (base) {
			free(w[k]);
			w[k] = base;
			if (k < 8)
				quality[k] = any_quality = true;
		}
	}
	if (!lead && !any_quality) {
		words_free(w, n);
		return false;
	}
	/* of two or more just compared, those: "which one is weather
	 * sealed" after "compare the z6 ii and the r6" */
	size_t among[DLG_MAX_SHOWN], n_among = 0;
	if (d->n_compared >= 2)
		for (size_t k = 0; k < d->n_compared && n_among < DLG_MAX_SHOWN; k++)
			among[n_among++] = (size_t)d->compared[k];
	else
		for (size_t i = 0; i < d->n_shown && n_among < DLG_MAX_SHOWN; i++)
			among[n_among++] = i;
	/* a word that names products ("mugs") is said by a name or a
	 * category; another ("cooperative", "shade") anywhere in the data,
	 * and so are words a listed product's attribute gives as a value
	 * ("weather sealed" of "features: 4K Video,Weather Sealed"), though
	 * a title says them too */
	char *phrase = words_join(w, n);
	bool valued = false;
	for (size_t i = 0; i < n_among && !valued; i++) {
		struct product_view full;
		if (lookup_product(d, d->shown[among[i]].id, true, &full, NULL) < 0)
			continue;
		valued = value_item_is(&full, phrase);
		product_view_release(&full);
	}
	free(phrase);
	bool named[8] = {false};
	for (size_t k = 0; k < n && k < 8; k++)
		named[k] = !quality[k] && !valued && lookup_name_says(d, w[k]);
	struct product_view kept[DLG_MAX_SHOWN];
	size_t nk = 0;
	for (size_t i = 0; i < n_among && nk < DLG_MAX_SHOWN; i++) {
		struct product_view full;
		if (lookup_product(d, d->shown[among[i]].id, true, &full, NULL) < 0)
			continue;
		size_t said = 0;
		for (size_t k = 0; k < n; k++) {
			if (k + 1 < n && isdigit((unsigned char)w[k][0]) &&
			    isalpha((unsigned char)w[k + 1][0])) {
				said += 2 * product_says_unit(&full, w, k);
				k++;
				continue;
			}
			char *one[1] = {w[k]};
			bool in = words_in_text(one, 1, full.name) ||
			          (full.category && words_in_text(one, 1, full.category));
			if (k < 8 && named[k]) {
				said += in;
				continue;
			}
			in = in || (full.description && words_in_text(one, 1, full.description));
			/* "organic: No" says it is not */
			for (size_t a = 0; a < full.n_attrs && !in; a++) {
				char *value = words_lower(full.attrs[a].value);
				in = (words_in_text(one, 1, full.attrs[a].key) &&
				      !words_is(d, value, "lexicon.no")) ||
				     words_in_text(one, 1, full.attrs[a].value);
				free(value);
			}
			said += in;
		}
		if (said == n)
			kept[nk++] = full;
		else
			product_view_release(&full);
	}
	char *said = words_join(w, n);
	turn_var(t, "words", said);
	free(said);
	/* "which is the smokiest" where several say smoky: the one that
	 * says it most strongly ("intensely smoky", "bone dry"), when only
	 * one does */
	char *strongest = NULL;
	int most = -1;
	for (size_t k = 0; any_quality && k < n && k < 8; k++)
		for (size_t i = 0; quality[k] && i < nk; i++) {
			char *phrase = intensified(d, &kept[i], w[k]);
			if (phrase && !strongest) {
				strongest = phrase;
				most = (int)i;
			} else if (phrase) {
				free(phrase);
				most = -2; /* two say it strongly: no one is the most */
			}
		}
	if (nk > 1 && most >= 0) {
		turn_var(t, "name", kept[most].name);
		turn_var(t, "quote", strongest);
		say(t, "compare.which_most");
		struct product_view first = kept[most];
		kept[most] = kept[0];
		kept[0] = first;
	}
	free(strongest);
	say_list_of(t, kept, nk, nk > 1 && most >= 0 ? "+compare.which_of" : "compare.which_of",
	            "compare.which_of_none");
	words_free(w, n);
	suggest(t, "suggest.question");
	return true;
}

/* "which has the most protein", "which one has the most servings" of
 * the list on screen (or the products compared last), when no key holds
 * it: the one whose data gives the most (or least) of it in a line ("20g
 * of protein per bar", a listing's bullet point), each one's line said,
 * the winner first and in focus. False when fewer than two lines say an
 * amount of it. */
#define LINE_WORDS 6
static bool winner_of_lines(struct turn *t)
{
	dialogue *d = t->d;
	const struct nlu_entities *e = &t->out->nlu.entities;
	if (d->n_shown < 2 || e->comparative_cheaper || e->comparative_pricier ||
	    e->sort != NLU_SORT_NONE)
		return false;
	int dir = ask_direction(d, e->comparative);
	if (!dir)
		dir = words_says(d, t->lower, "comparative.less")   ? -1
		      : words_says(d, t->lower, "comparative.more") ? 1
		                                                    : 0;
	if (!dir)
		return false;
	size_t all = 0, n = 0;
	char **w = words_content(d, t->lower, &all);
	for (size_t i = 0; i < all; i++) {
		if (n < LINE_WORDS && !ask_question_word(d, w[i]) &&
		    !words_in_section(d, w[i], "comparative.more") &&
		    !words_in_section(d, w[i], "comparative.less") &&
		    !words_in_section(d, w[i], "lexicon.compare_words") &&
		    !words_is(d, w[i], "lexicon.amount_breaks") && !isdigit((unsigned char)w[i][0]))
			w[n++] = w[i];
		else
			free(w[i]);
	}
	/* the products the words named ("which protein bar ..."), else those
	 * compared last, else the list */
	const char *among[DLG_MAX_SHOWN];
	size_t n_among = 0;
	const struct reading *r = &t->r;
	if (r->n_targets >= 2)
		for (size_t k = 0; k < r->n_targets && n_among < DLG_MAX_SHOWN; k++)
			among[n_among++] = r->targets[k].id;
	else if (d->n_compared >= 2)
		for (size_t k = 0; k < d->n_compared && n_among < DLG_MAX_SHOWN; k++)
			among[n_among++] = d->shown[d->compared[k]].id;
	else
		for (size_t i = 0; i < d->n_shown && n_among < DLG_MAX_SHOWN; i++)
			among[n_among++] = d->shown[i].id;
	size_t measured = ask_measured_words(d, t->lower, w, n);
	struct product_view p[DLG_MAX_SHOWN];
	char *line[DLG_MAX_SHOWN] = {NULL};
	struct measure m[DLG_MAX_SHOWN];
	size_t got = 0, said = 0;
	int best = -1;
	for (size_t i = 0; i < n_among && n; i++) {
		if (lookup_product(d, among[i], true, &p[got], NULL) < 0)
			continue;
		line[got] = ask_amount_line(d, &p[got], w, n, measured, dir, &m[got]);
		if (line[got]) {
			said++;
			bool same = best < 0 || ((m[got].dimension == NULL) == (m[best].dimension == NULL) &&
			                         (!m[got].dimension ||
			                          !strcmp(m[got].dimension, m[best].dimension)));
			if (best < 0 || (same && (dir > 0 ? m[got].value[0] > m[best].value[0]
			                                  : m[got].value[0] < m[best].value[0])))
				best = (int)got;
		}
		got++;
	}
	bool answered = said >= 1 && got >= 2;
	if (answered) {
		/* what was asked as said: "protein per scoop" after "the most" */
		const char *most = words_said(d, t->lower, dir > 0 ? "comparative.more" : "comparative.less");
		const char *at = most ? words_at(t->lower, most) : NULL;
		char *what = at ? xstrdup(at + strlen(most)) : words_join(w, n);
		size_t len = strcspn(what, "?!.,");
		while (len && what[len - 1] == ' ')
			len--;
		what[len] = '\0';
		turn_var(t, "what", *what == ' ' ? what + 1 : what);
		free(what);
		turn_var(t, "name", p[best].name);
		turn_var(t, "quote", line[best]);
		say(t, said == 1 ? "compare.lines_only" : dir > 0 ? "compare.lines_most" : "compare.lines_least");
		struct buf none;
		buf_init(&none);
		for (size_t j = 0; j < got; j++) {
			if ((int)j == best)
				continue;
			if (!line[j]) {
				buf_printf(&none, "%s%s", none.len ? ", " : "", p[j].name);
				continue;
			}
			turn_var(t, "name", p[j].name);
			turn_var(t, "quote", line[j]);
			say(t, "+compare.lines_other");
		}
		if (none.len) {
			turn_var(t, "names", none.s);
			say(t, "+compare.lines_none");
		}
		buf_release(&none);
		/* the winner first, in focus: "add it" adds it, "the second
		 * one" is the second shown */
		struct product_view first = p[best];
		p[best] = p[0];
		p[0] = first;
		turn_show(t, p, got);
		state_list_set(d, p, got, NULL, NULL, LIST_NAMED);
		d->focus = 0;
		suggest(t, "suggest.question");
	}
	for (size_t j = 0; j < got; j++) {
		free(line[j]);
		product_view_release(&p[j]);
	}
	words_free(w, n);
	return answered;
}

/* Does the turn open with "which" and the name of a kind of product
 * ("which sleeping bag ...", "which tent ...")? */
static bool asks_which_of_kind(struct turn *t)
{
	if (strncmp(t->lower, "which ", 6))
		return false;
	const char *kind = t->lower + 6;
	size_t one = strcspn(kind, " ,.?!");
	if (!one)
		return false;
	size_t two = one + (kind[one] == ' ' ? 1 + strcspn(kind + one + 1, " ,.?!") : 0);
	char *words = xstrndup(kind, two);
	/* "which one", "which of": no kind */
	size_t n = 0;
	char **first = words_content(t->d, kind, &n);
	bool content = n && !strncmp(first[0], kind, one) && strlen(first[0]) == one;
	words_free(first, n);
	bool names = content && lookup_name_says(t->d, words);
	if (!names && content) {
		words[one] = '\0';
		names = lookup_name_says(t->d, words);
	}
	free(words);
	return names;
}

/* Does the turn ask about one product it points at, with no comparative,
 * superlative or word of comparing ("is the second one ok for her")? */
static bool points_at_one_only(const struct turn *t)
{
	dialogue *d = t->d;
	const struct reading *r = &t->r;
	const struct nlu_entities *e = &t->out->nlu.entities;
	return r->ref == REF_OK && r->n_targets == 1 && e->n_ordinals == 1 && !e->comparative &&
	       !e->comparative_cheaper && !e->comparative_pricier && e->sort == NLU_SORT_NONE &&
	       words_any(d, t->lower, "lexicon.asking") &&
	       !words_says(d, t->lower, "lexicon.superlative_one") &&
	       !words_says(d, t->lower, "lexicon.comparing");
}

void dlg_compare(struct turn *t)
{
	dialogue *d = t->d;
	const struct reading *r = &t->r;
	if (!r->winner && !r->beyond && which_of_list(t))
		return;
	if (!r->winner && !r->beyond && !r->no_winner && winner_of_lines(t))
		return;
	if (r->beyond) {
		/* "longer ones" beside one product: the kind's, beyond it */
		turn_varf(t, "count", "%zu", r->n_targets);
		turn_var(t, "comparative", t->out->nlu.entities.comparative);
		turn_var(t, "name", r->beyond_of);
		say_count(t, "compare.beyond", (long long)r->n_targets);
		turn_show(t, r->targets, r->n_targets);
		suggest(t, "suggest.recommend");
		return;
	}
	if (r->winner) {
		/* "which one is cheaper?": the winner, not another table */
		dlg_question(t);
		return;
	}
	if (r->no_winner && r->ref == REF_NONE) {
		say_no_winner(t);
		return;
	}
	/* "which tent is best for windy weather", naming no product: the
	 * kind's products for it, not "there's no tent windy weather" */
	if (r->ref == REF_NOT_FOUND && asks_which_of_kind(t)) {
		dlg_search(t);
		return;
	}
	/* "which one has bluetooth" of two compared: the words are what is
	 * asked of them, not a product's name elsewhere */
	bool of_compared = d->n_compared >= 2 && r->n_targets < 2 && !strncmp(t->lower, "which ", 6) &&
	                   (r->ref == REF_NOT_FOUND || r->ref == REF_AMBIGUOUS ||
	                    (r->n_targets == 1 && r->index[0] < 0));
	if (!of_compared &&
	    (r->ref == REF_OUT_OF_RANGE || r->ref == REF_NOT_FOUND || r->ref == REF_AMBIGUOUS)) {
		no_target(t, "compare.need_two", "compare.need_list");
		return;
	}
	/* "my daughter has a nut allergy, is the second one ok for her?":
	 * one product pointed at, with nothing to rank it by and no other
	 * named, is a question about it */
	if (points_at_one_only(t)) {
		dlg_question(t);
		return;
	}
	/* no two named: the two compared last, else the first two shown */
	struct product_view pick[MAX_COMPARE];
	size_t n = 0;
	if (r->n_targets >= 2) {
		for (size_t k = 0; k < r->n_targets && n < MAX_COMPARE; k++)
			pick[n++] = r->targets[k];
	} else if (d->n_compared >= 2 && !t->out->nlu.entities.n_ordinals &&
	           (!r->named || of_compared)) {
		for (size_t k = 0; k < d->n_compared && n < MAX_COMPARE; k++)
			pick[n++] = d->shown[d->compared[k]];
	} else if (d->n_shown >= 2 && !t->out->nlu.entities.n_ordinals && !r->named) {
		pick[n++] = d->shown[0];
		pick[n++] = d->shown[1];
	}
	if (n < 2) {
		say(t, d->n_shown < 2 ? "compare.need_list" : "compare.need_two");
		suggest(t, d->n_shown < 2 ? "suggest.start" : "suggest.search");
		return;
	}
	struct product_view p[MAX_COMPARE];
	size_t got = 0;
	for (size_t k = 0; k < n; k++) {
		char *err = NULL;
		if (lookup_product(d, pick[k].id, true, &p[got], &err) < 0) {
			turn_fail(t, err);
			free(err);
			goto cleanup;
		}
		got++;
		events_log(d->cat, d->customer, d->session, "compare", pick[k].id, NULL, NULL);
	}
	struct reply_compare *c = build_table(t, p, got);
	verdict(t, p, got, c);
	t->out->compare = c;
	turn_varf(t, "count", "%zu", got);
	say(t, "compare.intro");
	if (c->verdict) {
		turn_var(t, "verdict", c->verdict);
		say(t, "compare.verdict");
	}
	focus_question(t, p, got, c);
	turn_show(t, p, got);
	/* the compared products are the focus: "the cheaper one", "both" */
	bool listed = true;
	int at[MAX_COMPARE];
	for (size_t j = 0; j < got; j++) {
		at[j] = state_list_find(d, p[j].id);
		listed &= at[j] >= 0;
	}
	if (!listed) {
		state_list_set(d, p, got, NULL, NULL, LIST_NAMED);
		for (size_t j = 0; j < got; j++)
			at[j] = (int)j;
	}
	memcpy(d->compared, at, got * sizeof *at);
	d->n_compared = got;
	turn_var(t, "name", p[0].name);
	suggest(t, "suggest.compare");
cleanup:
	for (size_t j = 0; j < got; j++)
		product_view_release(&p[j]);
}
