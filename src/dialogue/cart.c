/*
 * cart.c: the cart (add, remove, change a quantity, show with totals,
 * empty) and checkout.
 *
 * The rules a shopper can trust: a quantity is a whole number from 1 to
 * DLG_MAX_QUANTITY, and anything else gets a sentence instead of a guess;
 * an out-of-stock product is not added (the nearest product in stock is
 * offered) and no more is added than the shop has; a product named that is
 * not in the cart is said to be missing, never replaced by another line.
 * Checkout and emptying the cart happen only after a "yes" to a question
 * that says what will happen; a guest is asked for an email or postcode
 * first, so the order can be looked up later.
 */
#include "src/dialogue/handlers.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "catalog/shop/cart.h"
#include "catalog/shop/events.h"
#include "catalog/shop/kiosk.h"
#include "catalog/shop/offers.h"
#include "catalog/shop/orders.h"
#include "common/buf.h"
#include "common/xalloc.h"
#include "src/dialogue/ask.h"
#include "src/dialogue/attrs.h"
#include "src/dialogue/lookup.h"
#include "src/dialogue/orders.h"
#include "src/dialogue/promo.h"
#include "src/dialogue/state.h"
#include "src/dialogue/turn.h"
#include "src/dialogue/words.h"

static void fail_with(struct turn *t, char *err)
{
	turn_fail(t, err);
	free(err);
}

/* The shopper's cart and its lines; on failure the turn says so. */
static int load_cart(struct turn *t, int64_t *cart, struct cart_contents *cc)
{
	char *err = NULL;
	if (state_cart(t->d, cart, &err) < 0 || cart_list(t->d->cat, *cart, cc, &err) < 0) {
		fail_with(t, err);
		return -1;
	}
	return 0;
}

static void cart_vars(struct turn *t)
{
	int64_t id;
	struct cart_contents cc;
	if (state_cart(t->d, &id, NULL) < 0 || cart_list(t->d->cat, id, &cc, NULL) < 0)
		return;
	turn_count(t, "items", (long long)cc.items);
	turn_money(t, "total", cc.total_cents, cc.n ? cc.lines[0].currency : t->d->currency);
	cart_contents_release(&cc);
}

/* The promotion code on the cart, as it stands: the saving and the total
 * after it, or why it no longer applies. */
static void say_promo(struct turn *t, const char *on_key, const char *off_key)
{
	dialogue *d = t->d;
	if (!d->promo_code)
		return;
	struct promo_effect e;
	if (promo_effect(d, d->promo_code, &e, NULL) < 0)
		return;
	turn_var(t, "code", d->promo_code);
	turn_money(t, "saving", e.saving_cents, t->d->currency);
	turn_money(t, "after", e.total_cents - e.saving_cents, t->d->currency);
	turn_money(t, "minimum", e.p.min_total_cents, t->d->currency);
	if (e.applies)
		say(t, e.free_delivery ? "+cart.promo_delivery" : on_key);
	else if (off_key)
		say(t, off_key);
	promo_effect_release(&e);
}

/* How many of the product the cart holds, over all its lines. */
static int64_t line_quantity(const struct cart_contents *cc, const char *id)
{
	int64_t n = 0;
	for (size_t i = 0; i < cc->n; i++)
		if (!strcmp(cc->lines[i].product, id))
			n += cc->lines[i].quantity;
	return n;
}

/* The cart's line of the product chosen in options (NULL: the line
 * chosen in nothing), or NULL. */
static const struct cart_line *line_of(const struct cart_contents *cc, const char *id,
                                       const char *options)
{
	for (size_t i = 0; i < cc->n; i++)
		if (!strcmp(cc->lines[i].product, id) &&
		    !strcmp(cc->lines[i].options ? cc->lines[i].options : "", options ? options : ""))
			return &cc->lines[i];
	return NULL;
}

/* The product's last line added, or NULL. */
static const struct cart_line *last_line_of(const struct cart_contents *cc, const char *id)
{
	const struct cart_line *last = NULL;
	for (size_t i = 0; i < cc->n; i++)
		if (!strcmp(cc->lines[i].product, id))
			last = &cc->lines[i];
	return last;
}

/* Says why the turn has nothing to add or remove; true when it said so. */
static bool no_target(struct turn *t, const char *nothing_key, const char *which_key,
                      const char *missing_key)
{
	const struct unresolved_keys k = {missing_key, "suggest.cart", which_key, "suggest.add",
	                                  nothing_key};
	return turn_unresolved(t, &k);
}

/* A quantity the shopper may ask for at all (1 or more; the stock and
 * DLG_MAX_QUANTITY are checked per product); otherwise says why. */
static bool valid_quantity(struct turn *t, long long q)
{
	if (q >= 1)
		return true;
	turn_varf(t, "quantity", "%lld", q);
	turn_varf(t, "max", "%d", DLG_MAX_QUANTITY);
	say(t, q < 1 ? "cart.quantity_too_small" : "cart.quantity_too_large");
	suggest(t, "suggest.cart");
	return false;
}

/* The nearest product in stock to an out-of-stock one: among the
 * products of its category, the one whose name shares most words with
 * its name (the best rated on a tie), in stock, within what the shopper
 * asked of the search on screen: a brand left out and a price bound hold
 * ("not dewalt, under $80" is never answered with a $129 DeWalt). */
#define ALTERNATIVES 40

static bool in_stock_alternative(struct turn *t, const struct product_view *p,
                                 struct product_view *out)
{
	if (!p->category)
		return false;
	struct dlg_frame f;
	frame_init(&f);
	f.category = xstrdup(p->category);
	f.in_stock = true;
	f.sort = NLU_SORT_RATING;
	const struct dlg_frame *asked = t->d->has_frame ? &t->d->frame : NULL;
	if (asked) {
		f.not_brand = asked->not_brand ? xstrdup(asked->not_brand) : NULL;
		f.price_max = asked->price_max;
		f.price_min = asked->price_min;
	}
	struct dlg_results r;
	bool found = false;
	if (lookup_search(t->d, &f, 0, ALTERNATIVES, &r, NULL) == 0) {
		size_t nw = 0;
		char **w = words_content(t->d, p->name, &nw);
		size_t best = 0, best_shared = 0;
		for (size_t i = 0; i < r.n; i++) {
			if (!strcmp(r.items[i].id, p->id) || (r.items[i].has_stock && r.items[i].stock <= 0))
				continue;
			size_t shared = words_in_text(w, nw, r.items[i].name);
			if (!found || shared > best_shared) {
				best = i;
				best_shared = shared;
				found = true;
			}
		}
		if (found)
			product_view_copy(out, &r.items[best]);
		words_free(w, nw);
		lookup_results_release(&r);
	}
	lookup_forget(t->d); /* the probe is not the frame's page */
	frame_release(&f);
	return found;
}

/* Adds (or sets to) q units of p; says what happened and sets *changed
 * when the cart changed (*offered when an in-stock alternative became the
 * list). false when the cart failed (the turn has the
 * error). */
/* "Essential Crew Tee, White": the name and the product's colour, or
 * NULL when the data gives none. Heap. */
static char *color_named(dialogue *d, const struct product_view *p)
{
	struct product_view full;
	char *named = NULL;
	if (lookup_product(d, p->id, true, &full, NULL) == 0) {
		if (full.color)
			named = xasprintf("%s, %s", p->name, full.color);
		product_view_release(&full);
	}
	return named;
}

/* The colours a product comes in: its colour field and the values of its
 * colour attributes, ", " between. */
static void colours_of(dialogue *d, const struct product_view *p, struct buf *out)
{
	if (p->color)
		buf_adds(out, p->color);
	for (size_t i = 0; i < p->n_attrs; i++) {
		if (!ask_key_of(d, p->attrs[i].key, "color") ||
		    (p->color && !strcasecmp(p->color, p->attrs[i].value)))
			continue;
		if (out->len)
			buf_adds(out, ", ");
		buf_adds(out, p->attrs[i].value);
	}
}

/* The variant of p the turn names (ask_variant_named()); of an answer to
 * "which one should I add?", with the words the name holds too. */
static char *variant_named_in(struct turn *t, const struct product_view *p)
{
	return t->variant_answer ? ask_variant_answered(t->d, p, t->lower)
	                         : ask_variant_named(t->d, p, t->lower);
}

/* The options of a variant ("Vanilla, 5 lb") apart from the measures
 * among them: how many measures it holds, the last into *m, the other
 * options into *others ("Vanilla"; heap, "" when none). */
static size_t variant_measure(dialogue *d, const char *v, struct measure *m, char **others)
{
	struct buf b;
	buf_init(&b);
	size_t measures = 0;
	for (const char *o = v; *o;) {
		o += strspn(o, ", ");
		size_t len = strcspn(o, ",");
		char *part = xstrndup(o, len);
		struct measure one;
		if (attrs_measures_in(d, part, &one, 1) == 1 && one.dimension) {
			*m = one;
			measures++;
		} else if (*part) {
			buf_printf(&b, "%s%s", b.len ? ", " : "", part);
		}
		free(part);
		o += len;
	}
	*others = buf_detach(&b);
	return measures;
}

/* "the bigger one", "the smaller bottle" of a product sold in sizes: the
 * options of its variant with the most (direction > 0) or the least of
 * the one measure its variants differ by, among those whose other options
 * are like's (a variant chosen before: "Vanilla, 2 lb" keeps vanilla) or,
 * without like, all alike. NULL when the options hold no such measure.
 * Heap. */
static char *extreme_variant(dialogue *d, const char *product, int direction, const char *like)
{
	char **opts = NULL;
	size_t n = cart_variant_options(d->cat, product, &opts);
	struct measure m = {0};
	/* the other options a variant must have: like's, else the first
	 * variant's, which every variant must then share */
	char *want = NULL;
	if (like)
		variant_measure(d, like, &m, &want);
	char *best = NULL;
	double best_v = 0;
	const char *dim = NULL;
	bool ok = n > 1;
	for (size_t i = 0; i < n && ok; i++) {
		char *others;
		size_t measures = variant_measure(d, opts[i], &m, &others);
		ok = measures == 1 && (!dim || !strcmp(dim, m.dimension));
		dim = m.dimension;
		if (!want)
			want = xstrdup(others);
		bool kept = !strcasecmp(want, others);
		ok = ok && (like || kept);
		free(others);
		if (ok && kept && (!best || (direction > 0 ? m.value[0] > best_v : m.value[0] < best_v))) {
			free(best);
			best = xstrdup(opts[i]);
			best_v = m.value[0];
		}
	}
	for (size_t i = 0; i < n; i++)
		free(opts[i]);
	free(opts);
	free(want);
	if (!ok) {
		free(best);
		return NULL;
	}
	return best;
}

/* "the bigger one", "a smaller size": the most (1) or least (-1) said,
 * 0 when neither is */
static int size_direction(const dialogue *d, const char *lower)
{
	return words_says(d, lower, "comparative.more") ? 1
	       : words_says(d, lower, "comparative.less") ? -1 : 0;
}

/* "add the light blue one in small", "add it in a medium": the colour and
 * size the turn asks for, as the product spells them, into *options
 * ("Light Blue, S"; heap, NULL when none was asked). False, with the
 * turn told which there are, when the product does not come in one of
 * them; a product that lists no colours or sizes takes any. */
static bool chosen_options(struct turn *t, const struct product_view *p, char **options)
{
	dialogue *d = t->d;
	const struct nlu_entities *e = &t->out->nlu.entities;
	*options = NULL;
	const char *color = e->color, *size = e->size;
	bool from_frame = false;
	/* "add the 140 one in black": every option said, a variant the shop
	 * sells ("140 cm, Black"), whatever the colour said alone would pick */
	if (color || size) {
		struct product_view full;
		if (lookup_product(d, p->id, true, &full, NULL) == 0) {
			char *named = variant_named_in(t, &full);
			if (named && strchr(named, ',') &&
			    (cart_variant_price(d->cat, p->id, named) >= 0 ||
			     cart_variant_stock(d->cat, p->id, named) >= 0)) {
				*options = named;
				named = NULL;
			}
			free(named);
			product_view_release(&full);
			if (*options)
				return true;
		}
	}
	if (!color && !size) {
		/* "add the 130 sand": a shade or size the turn names, though no
		 * colour list knows it; else ("the pink one", then "add it")
		 * the variant last answered */
		struct product_view full;
		if (lookup_product(d, p->id, true, &full, NULL) == 0) {
			*options = variant_named_in(t, &full);
			product_view_release(&full);
		}
		/* "add the bigger one" of a product sold in sizes */
		int dir = *options ? 0 : size_direction(d, t->lower);
		if (dir)
			*options = extreme_variant(d, p->id, dir, state_variant_of(d, p->id));
		const char *said = !*options && !t->r.named ? state_variant_of(d, p->id) : NULL;
		if (said)
			*options = xstrdup(said);
		/* "add it" of a list narrowed "in blue": the blue one, when it
		 * comes in blue */
		if (*options || t->r.named || !d->has_frame || (!d->frame.color && !d->frame.size))
			return true;
		color = d->frame.color;
		size = d->frame.size;
		from_frame = true;
	}
	struct product_view full;
	if (lookup_product(d, p->id, true, &full, NULL) < 0)
		return true;
	struct buf chosen, colours;
	buf_init(&chosen);
	buf_init(&colours);
	bool ok = true;
	if (color) {
		colours_of(d, &full, &colours);
		char *one[1] = {(char *)color};
		const char *match = NULL;
		if (full.color && words_in_text(one, 1, full.color))
			match = full.color;
		for (size_t i = 0; i < full.n_attrs && !match; i++)
			if (ask_key_of(d, full.attrs[i].key, "color") &&
			    !strcasecmp(full.attrs[i].value, color))
				match = full.attrs[i].value;
		for (size_t i = 0; i < full.n_attrs && !match; i++)
			if (ask_key_of(d, full.attrs[i].key, "color") &&
			    words_in_text(one, 1, full.attrs[i].value))
				match = full.attrs[i].value;
		if (match && !strchr(match, ',')) {
			buf_adds(&chosen, match);
		} else if (match) {
			/* "red" of "Empire Red, Onyx Black, Aqua Sky": that item */
			char *item = words_list_item(match, color);
			if (item)
				buf_adds(&chosen, item);
			free(item);
		} else if (colours.len && !from_frame) {
			turn_var(t, "color", color);
			turn_var(t, "colors", colours.s);
			say(t, "cart.no_color");
			ok = false;
		}
	}
	const char *sizes = NULL;
	char *as_listed = NULL;
	int listed = ok && size ? ask_size_listed_as(d, &full, size, &sizes, &as_listed) : -1;
	if (listed == 0 && !from_frame) {
		char *all = ask_sizes_all(&full, sizes);
		turn_var(t, "size", size);
		turn_var(t, "sizes", all ? all : sizes);
		say(t, "cart.no_size");
		free(all);
		ok = false;
	} else if (listed == 1) {
		if (chosen.len)
			buf_adds(&chosen, ", ");
		if (as_listed)
			buf_adds(&chosen, as_listed);
		else
			for (const char *c = size; *c; c++)
				buf_addc(&chosen, (char)toupper((unsigned char)*c));
	}
	free(as_listed);
	/* "add the 1 kg whole bean": the variant of every option said, when
	 * it holds the colour and size chosen */
	char *named = ok && chosen.len ? variant_named_in(t, &full) : NULL;
	if (named && words_list_holds(named, chosen.s) && strlen(named) > chosen.len) {
		buf_reset(&chosen);
		buf_adds(&chosen, named);
	} else if (named && !words_list_holds(named, chosen.s) && !words_list_holds(chosen.s, named)) {
		/* "the green one in M": the colour chosen and the size said
		 * apart, when the shop sells that variant */
		for (int order = 0; order < 2; order++) {
			char *both = order ? xasprintf("%s, %s", named, chosen.s)
			                   : xasprintf("%s, %s", chosen.s, named);
			bool sold = cart_variant_price(d->cat, p->id, both) >= 0 ||
			            cart_variant_stock(d->cat, p->id, both) >= 0;
			if (sold) {
				buf_reset(&chosen);
				buf_adds(&chosen, both);
			}
			free(both);
			if (sold)
				break;
		}
	}
	free(named);
	/* "add the medium flow teats": a size word the product has no size
	 * list for, which one of its options says ("Medium Flow (3m+)") */
	if (ok && !chosen.len && !from_frame)
		*options = variant_named_in(t, &full);
	product_view_release(&full);
	buf_release(&colours);
	if (ok && chosen.len)
		*options = buf_detach(&chosen);
	else
		buf_release(&chosen);
	return ok;
}

/* The most of p the shop sells in one order, as its description says
 * ("Maximum 2 packs per order", "limit of 3 per customer"), or -1. */
static long all_lines_limit(struct turn *t, const struct product_view *p)
{
	struct product_view full;
	if (lookup_product(t->d, p->id, true, &full, NULL) < 0)
		return -1;
	long limit = -1;
	char *lower = full.description ? words_lower(full.description) : NULL;
	static const char *const leads[] = {"maximum of ", "maximum ", "max. ", "max ", "limit of ",
	                                    "limited to ", "no more than ", "up to "};
	static const char *const pers[] = {"per order", "per customer", "per transaction",
	                                   "per person", "per household", "per basket"};
	for (const char *at = lower; at && *at && limit < 0; at++) {
		for (size_t k = 0; k < sizeof leads / sizeof leads[0] && limit < 0; k++) {
			size_t n = strlen(leads[k]);
			if (strncmp(at, leads[k], n) || (at > lower && isalnum((unsigned char)at[-1])))
				continue;
			char *end = NULL;
			long v = strtol(at + n, &end, 10);
			if (end == at + n || v <= 0 || v > 1000)
				continue;
			/* "per order" within a few words of the number */
			const char *window = end;
			size_t span = strcspn(window, ".;\n");
			for (size_t j = 0; j < sizeof pers / sizeof pers[0] && limit < 0; j++) {
				const char *hit = strstr(window, pers[j]);
				if (hit && (size_t)(hit - window) < span && hit - window < 24)
					limit = v;
			}
		}
	}
	free(lower);
	product_view_release(&full);
	return limit;
}

/* The options of a line (", " between) with one of them in place of the
 * one said, when the shop sells that variant ("Whole bean, 250g" and
 * "1kg": "Whole bean, 1kg"). Heap, or NULL. */
static char *options_swapped(dialogue *d, const char *product, const char *line, const char *said)
{
	for (const char *part = line; *part;) {
		size_t len = strcspn(part, ",");
		struct buf b;
		buf_init(&b);
		buf_add(&b, line, (size_t)(part - line));
		buf_adds(&b, said);
		buf_adds(&b, part + len);
		if (strcmp(b.s, said) && (cart_variant_price(d->cat, product, b.s) >= 0 ||
		                          cart_variant_stock(d->cat, product, b.s) >= 0))
			return buf_detach(&b);
		buf_release(&b);
		part += len;
		while (*part == ',' || *part == ' ')
			part++;
	}
	return NULL;
}

/* "Which one should I add?" of product's variants: the answer adds
 * quantity of the one it names (cart_variant_answer()). */
static void ask_variant(dialogue *d, const char *product, long long quantity)
{
	state_ask_clear(d);
	state_ask(d, ASK_VARIANT, ACT_NONE);
	d->pending.product = xstrdup(product);
	d->pending.quantity = quantity;
}

static bool add_one(struct turn *t, int64_t cart, const struct cart_contents *cc,
                    const struct product_view *p, long long q, bool set, bool *changed,
                    bool *offered)
{
	dialogue *d = t->d;
	char *err = NULL;
	turn_var(t, "name", p->name);
	turn_varf(t, "quantity", "%lld", q);
	char *options = NULL;
	if (!chosen_options(t, p, &options))
		return true;
	/* "swap that for the paperback", "make it the blue one": the line
	 * of the product in other options takes these, with its quantity */
	const struct cart_line *old = options ? last_line_of(cc, p->id) : NULL;
	if (old && old->options && strcasecmp(old->options, options) && !line_of(cc, p->id, options) &&
	    !t->r.has_quantity && words_says(d, t->lower, "lexicon.swap")) {
		/* "make it the 1kg" of "Whole bean, 250g": "Whole bean, 1kg",
		 * the other options kept, when the shop sells it */
		char *kept = !strchr(options, ',') ? options_swapped(d, p->id, old->options, options)
		                                   : NULL;
		if (kept) {
			free(options);
			options = kept;
		}
		int rc = cart_set_quantity(d->cat, cart, p->id, old->options, 0, &err);
		if (rc == 0)
			rc = cart_add(d->cat, cart, p->id, options, old->quantity, &err);
		if (rc < 0) {
			fail_with(t, err);
			free(options);
			return false;
		}
		turn_var(t, "was", old->options);
		turn_varf(t, "name", "%s (%s)", p->name, options);
		say(t, "cart.swapped");
		*changed = true;
		free(options);
		return true;
	}
	/* "make that 2", "add another one" with no colour said: the
	 * product's line in the cart (the last one added) */
	const struct cart_line *line = line_of(cc, p->id, options);
	if (!line && !options)
		line = last_line_of(cc, p->id);
	if (line && !options && line->options)
		options = xstrdup(line->options);
	/* "the 3 set pack" after "which of the regular slinky?": the
	 * options said then and now */
	const char *before = options && !line ? state_variant_of(d, p->id) : NULL;
	for (int order = 0; before && order < 2 && !words_list_holds(options, before); order++) {
		char *both = order ? xasprintf("%s, %s", options, before)
		                   : xasprintf("%s, %s", before, options);
		if (cart_variant_price(d->cat, p->id, both) >= 0) {
			free(options);
			options = both;
			before = NULL;
		} else {
			free(both);
		}
	}
	/* "add the regular slinky" of strings sold in gauges and packs:
	 * which of that gauge's variants */
	int64_t lo = 0, hi = 0;
	if (options && !line) {
		struct buf some;
		buf_init(&some);
		if (cart_variant_list_with(d->cat, p->id, options, &some, &lo, &hi) > 1) {
			turn_varf(t, "name", "%s (%s)", p->name, options);
			turn_var(t, "sizes", some.s);
			turn_money(t, "price", lo, p->currency);
			turn_money(t, "price_max", hi, p->currency);
			turn_varf(t, "quantity", "%lld", q);
			say_count(t, lo == hi ? "cart.which_variant_same" : "cart.which_variant", q);
			state_variant_set(d, p->id, options);
			ask_variant(d, p->id, q);
			buf_release(&some);
			free(options);
			return true;
		}
		buf_release(&some);
	}
	/* "add the kong" of a product sold in sizes or colours: which one */
	if (!options && !line) {
		struct buf sizes;
		buf_init(&sizes);
		if (cart_variant_list(d->cat, p->id, &sizes) > 1) {
			if (!cart_variant_range(d->cat, p->id, &lo, &hi))
				lo = hi = p->price_cents;
			turn_var(t, "sizes", sizes.s);
			turn_money(t, "price", lo, p->currency);
			turn_money(t, "price_max", hi, p->currency);
			turn_varf(t, "quantity", "%lld", q);
			say_count(t, lo == hi ? "cart.which_variant_same" : "cart.which_variant", q);
			ask_variant(d, p->id, q);
			buf_release(&sizes);
			free(options);
			return true;
		}
		buf_release(&sizes);
	}
	int64_t have = line ? line->quantity : 0;
	int64_t want = set ? q : have + q;
	/* the stock counts every line of the product */
	int64_t others = line_quantity(cc, p->id) - have;
	bool done = true;
	/* "add the XL": that size's own stock, when the import kept it */
	int64_t variant = options ? cart_variant_stock(d->cat, p->id, options) : -1;
	if (variant == 0 || (variant > 0 && want > variant)) {
		turn_varf(t, "name", "%s (%s)", p->name, options);
		turn_varf(t, "stock", "%lld", (long long)variant);
		turn_varf(t, "have", "%lld", (long long)have);
		say(t, variant == 0 ? "cart.out_of_stock"
		       : have ? "cart.not_enough_stock_have" : "cart.not_enough_stock");
		goto out;
	}
	if (p->has_stock && p->stock <= 0) {
		struct product_view alt;
		if (in_stock_alternative(t, p, &alt)) {
			/* another colour of the same name: both say which
			 * ("Essential Crew Tee, Red" ... "Essential Crew Tee,
			 * White") */
			bool same = !strcasecmp(alt.name, p->name);
			char *mine = same ? color_named(d, p) : NULL;
			char *named = same ? color_named(d, &alt) : NULL;
			if (mine)
				turn_var(t, "name", mine);
			turn_var(t, "alternative", named ? named : alt.name);
			free(mine);
			free(named);
			if (alt.has_price)
				turn_money(t, "alt_price", alt.price_cents, alt.currency);
			say(t, "cart.out_of_stock_alt");
			state_list_set(d, &alt, 1, NULL, NULL, LIST_NAMED);
			state_ask(d, ASK_CONFIRM, ACT_ADD_OFFERED); /* "yes" adds it */
			*offered = true;
			turn_show(t, &alt, 1);
			product_view_release(&alt);
		} else {
			say(t, "cart.out_of_stock");
		}
		goto out;
	}
	if (p->has_stock && others + want > p->stock) {
		turn_varf(t, "stock", "%lld", (long long)p->stock);
		turn_varf(t, "have", "%lld", (long long)(others + have));
		say(t, others + have ? "cart.not_enough_stock_have" : "cart.not_enough_stock");
		goto out;
	}
	/* "Maximum 2 packs per order" in its description: no more than
	 * that, whatever is asked */
	long limit = all_lines_limit(t, p);
	if (limit > 0 && others + want > limit) {
		turn_varf(t, "limit", "%ld", limit);
		turn_varf(t, "have", "%lld", (long long)(others + have));
		say(t, others + have && !set ? "cart.over_limit_have" : "cart.over_limit");
		goto out;
	}
	if (want > DLG_MAX_QUANTITY) {
		turn_varf(t, "max", "%d", DLG_MAX_QUANTITY);
		turn_varf(t, "have", "%lld", (long long)have);
		say(t, "cart.quantity_too_large");
		goto out;
	}
	int rc = have || set ? cart_set_quantity(d->cat, cart, p->id, options ? options : "", want,
	                                         &err)
	                     : 1;
	if (rc == 1)
		rc = cart_add(d->cat, cart, p->id, options, want, &err);
	if (rc < 0) {
		fail_with(t, err);
		done = false;
		goto out;
	}
	if (options) {
		turn_varf(t, "name", "%s (%s)", p->name, options);
		/* "make that 3" after it: the variant just added, not one asked
		 * about before ("is the blue raspberry available") */
		state_variant_set(d, p->id, options);
	}
	events_log(d->cat, d->customer, d->session, "add_to_cart", p->id, NULL, NULL);
	*changed = true;
	/* "make it 2" of a product the cart had none of adds them: said so,
	 * no change of a line that was not there */
	if (have) {
		turn_varf(t, "quantity", "%lld", (long long)want);
		say(t, "cart.quantity_set");
	} else {
		say(t, want > 1 ? "cart.added_many" : "cart.added");
	}
out:
	free(options);
	return done;
}

/* A product by source id, read afresh; false (the turn failed) when it
 * cannot be read or is gone. */
static bool fresh_id(struct turn *t, const char *id, struct product_view *out)
{
	char *err = NULL;
	if (lookup_product(t->d, id, false, out, &err) < 0) {
		fail_with(t, err);
		return false;
	}
	if (!out->id) {
		product_view_release(out);
		return false;
	}
	return true;
}

/* Reads the targets' stock afresh: the list may be older than the stock. */
static bool fresh(struct turn *t, const struct product_view *p, struct product_view *out)
{
	char *err = NULL;
	if (lookup_product(t->d, p->id, false, out, &err) < 0) {
		fail_with(t, err);
		return false;
	}
	return true;
}

/* Is q a word of the variant of p the turn names ("130" of "130 Sand")? */
static bool number_of_variant(struct turn *t, const struct product_view *p, long long q)
{
	/* "add 2 packs of the size 4": the size said is another number */
	const char *size = t->out->nlu.entities.size;
	char said[32];
	snprintf(said, sizeof said, "%lld", q);
	if (size && strpbrk(size, "0123456789") && !words_at(size, said))
		return false;
	struct product_view full;
	if (lookup_product(t->d, p->id, true, &full, NULL) < 0)
		return false;
	char *named = ask_variant_named(t->d, &full, t->lower);
	product_view_release(&full);
	char num[32];
	snprintf(num, sizeof num, "%lld", q);
	bool of = named && words_at(named, num) != NULL;
	free(named);
	return of;
}

/* The count a part of the sentence says ("3" of "3 elderflower", "two"
 * of "two packs of crisps"), a number of the product's name aside ("2"
 * of "PocketRocket 2"); 0 when it says none. */
static long part_count(const char *part, const char *name)
{
	char w[32];
	for (const char *s = part; *s;) {
		s += strspn(s, " ,");
		size_t n = strcspn(s, " ,");
		if (n && n < sizeof w) {
			memcpy(w, s, n);
			w[n] = '\0';
			long v = 0;
			char *one[1] = {w};
			if (words_number(w, &v) && v > 0 && !words_in_text(one, 1, name))
				return v;
		}
		s += n;
	}
	return 0;
}

/* "add the stove and 2 cartridges": of several products named, the
 * quantity is the one said in the part of the sentence that names p
 * ("2 cartridges"), and 1 for a part that says none. q when the parts
 * cannot be told apart. */
static long long quantity_of_part(struct turn *t, const struct product_view *p, long long q)
{
	dialogue *d = t->d;
	const char *s = t->lower;
	size_t best_hits = 0, n_best = 0;
	bool counted = false;
	long own = 0;
	while (*s) {
		/* the parts: between "and" and commas */
		const char *end = s;
		while (*end && *end != ',' && strncmp(end, " and ", 5))
			end++;
		char *part = xstrndup(s, (size_t)(end - s));
		size_t n = 0, nw = 0;
		char **w = words_content(d, part, &n);
		/* the words, not the numbers ("2" of "PocketRocket 2") */
		for (size_t i = 0; i < n; i++) {
			if (isalpha((unsigned char)w[i][0]))
				w[nw++] = w[i];
			else
				free(w[i]);
		}
		size_t hits = words_in_text(w, nw, p->name);
		words_free(w, nw);
		if (hits && hits >= best_hits) {
			n_best = hits > best_hits ? 1 : n_best + 1;
			best_hits = hits;
			bool digits = strpbrk(part, "0123456789") != NULL;
			counted = digits || words_any(d, part, "lexicon.number_words");
			own = part_count(part, p->name);
		}
		free(part);
		s = *end == ',' ? end + 1 : *end ? end + 5 : end;
	}
	if (!best_hits || n_best != 1)
		return q;
	/* "2 packs of the water and 3 elderflower": each part its own */
	return !counted ? 1 : own > 0 ? own : q;
}

/* Does the turn ask for "a" product of a kind ("add a lock that is sold
 * secure gold") whose words some products hold every one of? */
static bool indefinite_kind(struct turn *t, const char *words)
{
	size_t n = strcspn(words, " ");
	char *first = xstrndup(words, n);
	char *a = xasprintf("a %s", first), *an = xasprintf("an %s", first),
	     *some = xasprintf("some %s", first);
	bool indefinite = words_at(t->lower, a) || words_at(t->lower, an) || words_at(t->lower, some);
	free(first);
	free(a);
	free(an);
	free(some);
	if (!indefinite)
		return false;
	struct search_result r;
	bool all = lookup_words_find(t->d, words, 1, &r);
	search_result_release(&r);
	return all;
}

/* "actually make it the 32 pack": the product t->swap_to takes the
 * line of t->swap_from, with its quantity. */
static void swap_product(struct turn *t)
{
	dialogue *d = t->d;
	int64_t cart;
	struct cart_contents cc;
	if (load_cart(t, &cart, &cc) < 0)
		return;
	const struct cart_line *old = last_line_of(&cc, t->swap_from);
	struct product_view to, from;
	char *err = NULL;
	bool ok = old && fresh_id(t, t->swap_to, &to);
	if (ok && !fresh_id(t, t->swap_from, &from)) {
		product_view_release(&to);
		ok = false;
	}
	if (ok) {
		int64_t q = old->quantity;
		int rc = cart_set_quantity(d->cat, cart, t->swap_from, old->options, 0, &err);
		if (rc == 0)
			rc = cart_add(d->cat, cart, t->swap_to, NULL, q, &err);
		if (rc < 0) {
			fail_with(t, err);
		} else {
			turn_var(t, "name", to.name);
			turn_var(t, "was", from.name);
			say(t, "cart.swapped_product");
			state_list_set(d, &to, 1, NULL, NULL, LIST_NAMED);
			cart_vars(t);
			say(t, "cart.summary");
		}
		product_view_release(&to);
		product_view_release(&from);
	}
	cart_contents_release(&cc);
	suggest(t, "suggest.cart");
}

/* Are the first n targets all lines of the cart? */
static bool all_in_cart(const struct reading *r, size_t n, const struct cart_contents *cc)
{
	for (size_t k = 0; k < n; k++) {
		bool in = false;
		for (size_t i = 0; i < cc->n && !in; i++)
			in = r->targets[k].id && !strcmp(cc->lines[i].product, r->targets[k].id);
		if (!in)
			return false;
	}
	return n > 0;
}

void dlg_add(struct turn *t)
{
	dialogue *d = t->d;
	const struct reading *r = &t->r;
	if (t->swap_to && t->swap_from) {
		swap_product(t);
		return;
	}
	/* "add a sold secure gold lock": no product is named so, but some
	 * hold the words; they are shown to pick from */
	if (r->ref == REF_NOT_FOUND && r->missing && !words_says(d, t->lower, "lexicon.joiners") &&
	    indefinite_kind(t, r->missing)) {
		dlg_search(t);
		if (d->n_shown)
			say_count(t, "+cart.add_pick", (long long)d->n_shown);
		return;
	}
	if (no_target(t, "cart.add_nothing", "cart.add_which", "product.not_found"))
		return;
	long long q = r->has_quantity ? r->quantity : 1;
	if (r->has_quantity && r->n_targets == 1 && number_of_variant(t, &r->targets[0], q))
		q = 1; /* "add the 130 sand": the shade's number, not 130 of it */
	if (!valid_quantity(t, q))
		return;
	/* "add two of those": that many of the one in focus, not of each */
	size_t n = r->n_targets;
	if (n > 1 && r->quantity > 1 && t->out->nlu.entities.n_ordinals == 1 &&
	    t->out->nlu.entities.ordinals[0] == NLU_ORDINAL_ALL &&
	    !words_says(d, t->lower, "lexicon.both"))
		n = 1;
	int64_t cart;
	struct cart_contents cc;
	if (load_cart(t, &cart, &cc) < 0)
		return;
	/* "add those too" right after they were added ("and some goggles"
	 * put them in): they are there already; a number says more */
	if (!r->has_quantity && d->last_intent && !strcmp(d->last_intent, "add_to_cart") &&
	    words_says(d, t->lower, "lexicon.besides") && all_in_cart(r, n, &cc)) {
		turn_var(t, "name", r->targets[0].name);
		say_count(t, "cart.already_added", (long long)n);
		cart_contents_release(&cc);
		suggest(t, "suggest.cart");
		return;
	}
	bool changed = false, offered = false;
	for (size_t k = 0; k < n; k++) {
		struct product_view p;
		if (!fresh(t, &r->targets[k], &p))
			break;
		long long qk = n > 1 && r->named && r->has_quantity ? quantity_of_part(t, &p, q) : q;
		bool ok = add_one(t, cart, &cc, &p, qk, r->set_quantity, &changed, &offered);
		product_view_release(&p);
		if (!ok)
			break;
	}
	bool had = cc.n > 0;
	cart_contents_release(&cc);
	if (!offered)
		state_focus_targets(d, r);
	if (changed || had) {
		cart_vars(t);
		say(t, "cart.summary");
	}
	/* "shall I add that instead?" is answered yes or no */
	suggest(t, offered ? "suggest.confirm" : "suggest.cart");
}

/* Is word none of the product ctx's name, brand and attribute values? */
static bool not_of_product(dialogue *d, const char *kept, const char *word, void *ctx)
{
	(void)d;
	(void)kept;
	const struct product_view *p = ctx;
	char *one[1] = {(char *)word};
	if (words_in_text(one, 1, p->name) || (p->brand && words_in_text(one, 1, p->brand)))
		return false;
	for (size_t i = 0; i < p->n_attrs; i++)
		if (words_in_text(one, 1, p->attrs[i].value))
			return false;
	return true;
}

bool cart_variant_answer(struct turn *t)
{
	dialogue *d = t->d;
	const struct nlu_entities *e = &t->out->nlu.entities;
	char *id = d->pending.product ? xstrdup(d->pending.product) : NULL;
	struct product_view full;
	if (!id || lookup_product(d, id, true, &full, NULL) < 0) {
		free(id);
		return false;
	}
	/* "1kg whole bean", "the black", "3 sets": some option of it said,
	 * not asked about ("how much is the 2 m") */
	char *named = ask_variant_answered(d, &full, t->lower);
	/* "the bigger one" of "120 Count or 360 Count" */
	int dir = named || e->color || e->size ? 0 : size_direction(d, t->lower);
	char *by_size = dir ? extreme_variant(d, id, dir, state_variant_of(d, id)) : NULL;
	bool answers = (named || by_size || e->color || e->size) &&
	               !words_any(d, t->lower, "lexicon.asking");
	/* "the 3 set pack": the 3 is the option's, not how many */
	bool counted = e->quantity_said;
	if (counted && named) {
		char num[24];
		snprintf(num, sizeof num, "%d", e->quantity);
		for (const char *o = named; *o && counted; o += strcspn(o, ",")) {
			while (*o == ',' || *o == ' ')
				o++;
			counted = strncmp(o, num, strlen(num)) || isalnum((unsigned char)o[strlen(num)]);
		}
	}
	free(named);
	/* "actually make that 2": how many, the question asked again */
	bool how_many = !answers && counted && e->quantity >= 1 &&
	                !words_any(d, t->lower, "lexicon.asking");
	answers |= how_many;
	/* "add the rwanda 250g" names another product: no answer */
	if (answers && e->product_words) {
		char *rest = words_kept(d, e->product_words, not_of_product, &full);
		answers = !rest || !*rest || !lookup_words_name_products(d, rest);
		free(rest);
	}
	if (!answers) {
		free(by_size);
		product_view_release(&full);
		free(id);
		return false;
	}
	if (by_size)
		state_variant_set(d, id, by_size); /* what add_one() takes */
	free(by_size);
	/* "black" after "2 pairs in 28": 2 of them; "make it a case" after "2
	 * of the rioja" is a case in their place */
	long long q = counted                                   ? (long long)e->quantity
	              : words_says(d, t->lower, "lexicon.swap") ? 1
	              : d->pending.quantity > 0                 ? d->pending.quantity
	                                                        : 1;
	state_ask_clear(d);
	free(t->out->nlu.intent);
	t->out->nlu.intent = xstrdup("add_to_cart");
	t->variant_answer = true;
	int64_t cart;
	struct cart_contents cc;
	if (load_cart(t, &cart, &cc) == 0) {
		bool changed = false, offered = false;
		if (valid_quantity(t, q))
			add_one(t, cart, &cc, &full, q, false, &changed, &offered);
		bool had = cc.n > 0;
		cart_contents_release(&cc);
		if (changed || had) {
			cart_vars(t);
			say(t, "cart.summary");
		}
		suggest(t, offered ? "suggest.confirm" : "suggest.cart");
	}
	product_view_release(&full);
	free(id);
	return true;
}

/* "remove one": one unit less; "remove the tent": the whole line;
 * "change the dress to 2": the line's new quantity. */
static void remove_one(struct turn *t, int64_t cart, const struct cart_contents *cc,
                       const struct product_view *p)
{
	dialogue *d = t->d;
	const struct reading *r = &t->r;
	char *err = NULL;
	turn_var(t, "name", p->name);
	int64_t have = line_quantity(cc, p->id);
	if (!have) {
		say(t, "cart.not_in_cart");
		return;
	}
	/* "remove the red one": the line chosen in that colour or size; none
	 * said: every line of the product, or for a number the last line */
	const struct nlu_entities *e = &t->out->nlu.entities;
	const char *said[] = {e->color, e->size};
	const struct cart_line *line = NULL;
	size_t lines = 0;
	for (size_t i = 0; i < cc->n; i++) {
		if (strcmp(cc->lines[i].product, p->id))
			continue;
		lines++;
		bool fits = cc->lines[i].options != NULL || (!said[0] && !said[1]);
		for (size_t k = 0; k < 2 && fits; k++) {
			char *one[1] = {(char *)said[k]};
			fits = !said[k] || words_in_text(one, 1, cc->lines[i].options);
		}
		if (fits)
			line = &cc->lines[i];
	}
	if ((said[0] || said[1]) && !line) {
		turn_varf(t, "words", "%s %s", said[0] ? said[0] : said[1], p->name);
		say(t, "cart.not_in_cart_words");
		return;
	}
	const char *options = NULL; /* every line */
	if (line && (lines == 1 || said[0] || said[1] || r->has_quantity)) {
		options = line->options ? line->options : "";
		have = line->quantity;
		if (line->options)
			turn_varf(t, "name", "%s (%s)", p->name, line->options);
	}
	int64_t left = 0;
	if (r->set_quantity && r->has_quantity)
		left = r->quantity;
	else if (r->has_quantity && r->quantity > 0 && r->quantity < have)
		left = have - r->quantity;
	if (cart_set_quantity(d->cat, cart, p->id, options, left, &err) < 0) {
		fail_with(t, err);
		return;
	}
	turn_varf(t, "quantity", "%lld", (long long)left);
	turn_varf(t, "removed", "%lld", (long long)(have - left));
	if (!left) {
		events_log(d->cat, d->customer, d->session, "remove_from_cart", p->id, NULL, NULL);
		say(t, "cart.removed");
	} else {
		say(t, r->set_quantity ? "cart.quantity_set" : "cart.removed_some");
	}
}

static void ask_empty(struct turn *t)
{
	cart_vars(t);
	state_ask(t->d, ASK_CONFIRM, ACT_EMPTY_CART);
	say(t, "cart.empty_confirm");
	suggest(t, "suggest.confirm");
}

void dlg_remove(struct turn *t)
{
	dialogue *d = t->d;
	const struct reading *r = &t->r;
	int64_t cart;
	struct cart_contents cc;
	if (load_cart(t, &cart, &cc) < 0)
		return;
	if (!cc.n) {
		say(t, "cart.empty");
		suggest(t, "suggest.start");
		cart_contents_release(&cc);
		return;
	}
	if (words_says(d, t->lower, "lexicon.empty_cart")) {
		ask_empty(t);
		cart_contents_release(&cc);
		return;
	}
	if (r->has_quantity && !valid_quantity(t, r->quantity)) {
		cart_contents_release(&cc);
		return;
	}
	/* "remove the red one" among two lines of one beanie: one product,
	 * its line picked by the colour */
	bool one_product = r->ref == REF_AMBIGUOUS && r->n_targets >= 1;
	for (size_t k = 1; k < r->n_targets && one_product; k++)
		one_product = !strcmp(r->targets[k].id, r->targets[0].id);
	size_t lines = 0;
	for (size_t i = 0; one_product && i < cc.n; i++)
		lines += !strcmp(cc.lines[i].product, r->targets[0].id);
	one_product = one_product && lines >= 2;
	if (one_product) {
		remove_one(t, cart, &cc, &r->targets[0]);
	} else if (r->ref == REF_NONE && cc.n == 1) {
		/* "remove it" with one line in the cart */
		struct product_view only = {.id = cc.lines[0].product, .name = cc.lines[0].name};
		remove_one(t, cart, &cc, &only);
	} else if (no_target(t, "cart.remove_which", "cart.remove_which", "cart.not_in_cart_words")) {
		cart_contents_release(&cc);
		return;
	} else {
		for (size_t k = 0; k < r->n_targets; k++)
			remove_one(t, cart, &cc, &r->targets[k]);
	}
	cart_contents_release(&cc);
	cart_vars(t);
	say(t, "cart.summary");
	suggest(t, "suggest.cart");
}

void dlg_view_cart(struct turn *t)
{
	dialogue *d = t->d;
	int64_t cart;
	struct cart_contents cc;
	if (load_cart(t, &cart, &cc) < 0)
		return;
	if (!cc.n) {
		say(t, "cart.empty");
		suggest(t, "suggest.start");
		cart_contents_release(&cc);
		return;
	}
	struct product_view items[DLG_MAX_SHOWN];
	size_t n = cc.n < DLG_MAX_SHOWN ? cc.n : DLG_MAX_SHOWN;
	say(t, "cart.header");
	for (size_t i = 0; i < cc.n; i++) {
		const struct cart_line *l = &cc.lines[i];
		turn_varf(t, "quantity", "%lld", (long long)l->quantity);
		if (l->options)
			turn_varf(t, "name", "%s (%s)", l->name, l->options);
		else
			turn_var(t, "name", l->name);
		if (l->price_cents >= 0)
			turn_money(t, "line_total", l->price_cents * l->quantity, l->currency);
		else
			turn_var(t, "line_total", NULL);
		say(t, l->price_cents >= 0 ? "+cart.line" : "+cart.line_unpriced");
		if (i < n)
			items[i] = (struct product_view){
				.id = l->product, .name = l->name, .currency = l->currency,
				.price_cents = l->price_cents, .has_price = l->price_cents >= 0,
			};
	}
	cart_vars(t);
	say(t, "+cart.total");
	say_promo(t, "+cart.promo", "+cart.promo_off");
	turn_show(t, items, n);
	state_list_set(d, items, n, NULL, NULL, LIST_CART);
	cart_contents_release(&cc);
	suggest(t, "suggest.view_cart");
}

/* Asks for the yes that places the order. */
static void ask_checkout(struct turn *t, const struct cart_contents *cc)
{
	dialogue *d = t->d;
	cart_vars(t);
	turn_varf(t, "lines", "%zu", cc->n);
	turn_var(t, "contact", d->contact);
	state_ask(d, ASK_CONFIRM, ACT_CHECKOUT);
	say(t, d->contact && !d->customer ? "checkout.confirm_contact" : "checkout.confirm");
	say_promo(t, "checkout.promo", "checkout.promo_off");
	suggest(t, "suggest.confirm");
}

void dlg_checkout(struct turn *t)
{
	dialogue *d = t->d;
	const struct nlu_entities *e = &t->out->nlu.entities;
	int64_t cart;
	struct cart_contents cc;
	if (load_cart(t, &cart, &cc) < 0)
		return;
	if (!cc.n) {
		say(t, "checkout.empty");
		suggest(t, "suggest.start");
	} else if (!d->customer && !d->contact && !e->email && !e->postcode && !d->kiosk_payment) {
		/* a guest: how will they find the order later? (at a kiosk, the
		 * pickup reference is how) */
		state_ask(d, ASK_CONTACT, ACT_CHECKOUT);
		say(t, "checkout.ask_contact");
		suggest(t, "suggest.contact");
	} else {
		if (!d->customer && (e->email || e->postcode)) {
			free(d->contact);
			d->contact = xstrdup(e->email ? e->email : e->postcode);
		}
		ask_checkout(t, &cc);
	}
	cart_contents_release(&cc);
}

/* The order service failed (a remote one): one sentence saying so, with
 * its reason. false for other failures, for the usual error path. */
static bool unavailable(struct turn *t, const char *key, const char *err)
{
	if (!t->d->orders->remote)
		return false;
	turn_fail(t, err);
	turn_var(t, "reason", err);
	say(t, key);
	return true;
}

/* Places the cart's lines through the order backend, with the code on the
 * cart and the guest's email or postcode. The action's idempotency key
 * goes with these lines: a yes said again to the same cart after a
 * failure (also after a restart) retries the same request, which the
 * backend does at most once. */
static int place_cart(struct turn *t, int64_t cart, const struct cart_contents *cc,
                      struct order *o, char **err)
{
	dialogue *d = t->d;
	struct order_line *lines = xcalloc(cc->n, sizeof *lines);
	struct promo_effect e;
	memset(&e, 0, sizeof e);
	if (d->promo_code && promo_effect(d, d->promo_code, &e, NULL) < 0)
		memset(&e, 0, sizeof e);
	const char *email = d->contact && strchr(d->contact, '@') ? d->contact : NULL;
	const char *postcode = d->contact && !email ? d->contact : NULL;
	struct buf what;
	buf_init(&what);
	buf_printf(&what, "place\n%s\n%s\n%s\n", d->customer ? d->customer : "",
	           d->contact ? d->contact : "", e.applies ? e.p.code : "");
	for (size_t i = 0; i < cc->n; i++) {
		lines[i] = (struct order_line){cc->lines[i].product, cc->lines[i].quantity,
		                               cc->lines[i].options};
		buf_printf(&what, "%s*%lld", lines[i].product, (long long)lines[i].quantity);
		if (lines[i].options)
			buf_printf(&what, "*%s", lines[i].options);
		buf_addc(&what, '\n');
	}
	char *key = order_action_key(d->cat, what.s, err);
	const struct order_placement p = {
		.customer = d->customer, .email = email, .postcode = postcode,
		.items = lines, .n_items = cc->n,
		.promotion = e.applies ? e.p.code : NULL,
		.discount_cents = e.applies ? e.saving_cents : 0,
		.cart = cart,
	};
	int rc = key ? d->orders->place(d->orders->ctx, &p, key, o, err) : -1;
	if (rc >= 0)
		order_action_done(d->cat, what.s);
	free(key);
	buf_release(&what);
	promo_effect_release(&e);
	free(lines);
	return rc;
}

/* Says the order is placed; at a kiosk, where it is handed over at the
 * counter, with its pickup reference and how to pay. A kiosk order the
 * counter cannot see (its reference failed, or the orders are a remote
 * service's) is still placed: the turn says so as an error for staff. */
static void say_placed(struct turn *t, const char *order)
{
	dialogue *d = t->d;
	char *pickup = NULL, *err = NULL;
	if (d->kiosk_payment && !d->orders->remote &&
	    kiosk_order_open(d->cat, order, &pickup, &err) == 0) {
		turn_var(t, "pickup", pickup);
		turn_var(t, "payment", d->kiosk_payment);
		say(t, "checkout.kiosk_done");
		/* "where is my order": the order just placed, checked by the
		 * pickup reference the shopper was shown (it has no email) */
		state_order_set(d, order);
		state_order_verify(d, pickup);
	} else {
		if (d->kiosk_payment)
			turn_fail(t, err ? err : "a remote order service has no pickup at the counter");
		say(t, "checkout.done");
	}
	free(err);
	free(pickup);
}

/* A personal code is single-use: it is claimed before the order is
 * placed, so two sessions of one customer cannot both use it. false when
 * it was used already (the shopper is told, and nothing is ordered). */
static bool claim_code(struct turn *t, bool *claimed)
{
	dialogue *d = t->d;
	enum offers_claim c = OFFERS_NOT_PERSONAL;
	char *err = NULL;
	*claimed = false;
	if (!d->promo_code || !d->customer)
		return true;
	if (offers_claim(d->cat, d->promo_code, d->customer, (int64_t)time(NULL), &c, &err) < 0) {
		turn_fail(t, err);
		say(t, "checkout.failed");
		free(err);
		return false;
	}
	if (c == OFFERS_USED) {
		turn_var(t, "code", d->promo_code);
		free(d->promo_code);
		d->promo_code = NULL;
		say(t, "checkout.code_used");
		suggest(t, "suggest.cart");
		return false;
	}
	*claimed = c == OFFERS_CLAIMED;
	return true;
}

static void place_order(struct turn *t)
{
	dialogue *d = t->d;
	int64_t cart;
	struct cart_contents cc;
	bool claimed;
	if (!claim_code(t, &claimed))
		return;
	if (load_cart(t, &cart, &cc) < 0) {
		if (claimed)
			offers_release(d->cat, d->promo_code, NULL);
		say(t, "checkout.failed");
		return;
	}
	if (!cc.n) {
		if (claimed)
			offers_release(d->cat, d->promo_code, NULL);
		say(t, "checkout.empty");
		suggest(t, "suggest.start");
		cart_contents_release(&cc);
		return;
	}
	struct order o;
	memset(&o, 0, sizeof o);
	char *err = NULL;
	int rc = place_cart(t, cart, &cc, &o, &err);
	cart_contents_release(&cc);
	/* a personal code is used up by the order it went with; when the
	 * order failed, or its outcome is unknown, it is given back (a retry
	 * claims it again) */
	if (claimed && rc == ORDERS_OK)
		offers_attach(d->cat, d->promo_code, o.id, NULL);
	else if (claimed)
		offers_release(d->cat, d->promo_code, NULL);
	if (rc == ORDERS_OK) {
		/* the local store emptied the cart with the order; beside a remote
		 * service's order the cart is emptied after it, and the order
		 * stands even if it cannot be */
		if (d->orders->remote && orders_cart_done(d->cat, cart, d->customer, o.id, &err) < 0)
			turn_fail(t, err);
		state_order_set(d, o.id);
		if (d->contact)
			state_order_verify(d, d->contact);
		free(d->promo_code);
		d->promo_code = NULL;
		events_log(d->cat, d->customer, d->session, "checkout", NULL, o.id, NULL);
		turn_var(t, "order", o.id);
		turn_money(t, "total", o.total_cents, o.currency);
		say_placed(t, o.id);
		suggest(t, "suggest.after_checkout");
	} else if (rc > 0) {
		turn_var(t, "reason", err);
		say(t, err ? "checkout.refused" : "checkout.failed");
		suggest(t, "suggest.cart");
	} else if (!unavailable(t, "checkout.unavailable", err)) {
		turn_fail(t, err);
		say(t, "checkout.failed");
	}
	free(err);
	order_release(&o);
}

static void empty_cart(struct turn *t)
{
	int64_t cart;
	char *err = NULL;
	if (state_cart(t->d, &cart, &err) < 0 || cart_clear(t->d->cat, cart, &err) < 0) {
		fail_with(t, err);
		return;
	}
	say(t, "cart.emptied");
	suggest(t, "suggest.start");
}

void cart_answer(struct turn *t)
{
	dialogue *d = t->d;
	const struct nlu_entities *e = &t->out->nlu.entities;
	enum dlg_action action = d->pending.action;
	if (d->pending.ask == ASK_CONTACT) {
		if (!e->email && !e->postcode) {
			state_ask_clear(d);
			say(t, t->r.no ? "checkout.cancelled" : "checkout.contact_unclear");
			suggest(t, "suggest.cart");
			return;
		}
		free(d->contact);
		d->contact = xstrdup(e->email ? e->email : e->postcode);
		int64_t cart;
		struct cart_contents cc;
		if (load_cart(t, &cart, &cc) < 0)
			return;
		ask_checkout(t, &cc);
		cart_contents_release(&cc);
		return;
	}
	state_ask_clear(d);
	if (action == ACT_ADD_OFFERED && t->r.yes && d->n_shown == 1) {
		/* "yes" to the product offered instead */
		t->r.ref = REF_OK;
		t->r.n_targets = 0;
		product_view_copy(&t->r.targets[0], &d->shown[0]);
		t->r.index[0] = 0;
		t->r.n_targets = 1;
		free(t->out->nlu.intent);
		t->out->nlu.intent = xstrdup("add_to_cart");
		dlg_add(t);
		return;
	}
	if (!t->r.yes) {
		say(t, action == ACT_EMPTY_CART ? "cart.empty_kept"
		       : action == ACT_ADD_OFFERED ? "cart.offer_declined" : "checkout.cancelled");
		suggest(t, "suggest.cart");
		return;
	}
	if (action == ACT_EMPTY_CART)
		empty_cart(t);
	else if (action == ACT_CHECKOUT)
		place_order(t);
}
