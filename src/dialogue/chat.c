/*
 * chat.c: the small intents: greet, goodbye, help, thanks, delivery
 * options, promotions, feedback, hand-off to a person, out of scope and
 * another language. Their words are all in the language pack. For a
 * customer who agreed to personalization, delivery names the carrier of
 * their past orders and promotions add their personal offers.
 */
#include "src/dialogue/handlers.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "catalog/shop/cart.h"
#include "catalog/shop/events.h"
#include "catalog/shop/feedback.h"
#include "catalog/shop/offers.h"
#include "catalog/shop/profile.h"
#include "catalog/shop/promotions.h"
#include "common/buf.h"
#include "common/xalloc.h"
#include "src/dialogue/ask.h"
#include "src/dialogue/lookup.h"
#include "src/dialogue/personal.h"
#include "src/dialogue/promo.h"
#include "src/dialogue/state.h"
#include "src/dialogue/turn.h"
#include "src/dialogue/words.h"

/* A category the catalog has, for examples ("show me {category}"). */
static void example_vars(struct turn *t)
{
	dialogue *d = t->d;
	if (!d->n_top_categories)
		return;
	static const char *const names[] = {"category", "category2"};
	for (size_t i = 0; i < 2; i++) {
		/* Examples read as typed: "show me tents", not "show me Tents". */
		char *c = xstrdup(d->top_categories[(d->turn + i) % d->n_top_categories]);
		for (char *p = c; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		turn_var(t, names[i], c);
		free(c);
	}
}

void dlg_greet(struct turn *t)
{
	example_vars(t);
	say(t, "greet");
	suggest(t, "suggest.start");
}

void dlg_goodbye(struct turn *t)
{
	state_ask_clear(t->d);
	say(t, "goodbye");
	t->out->end = true;
	suggest(t, "suggest.start");
}

void dlg_help(struct turn *t)
{
	example_vars(t);
	say(t, "help");
	suggest(t, "suggest.help");
}

void dlg_thanks(struct turn *t)
{
	say(t, "thanks");
	suggest(t, "suggest.start");
}

/* How well a line of a listing says how the product ships ("Made to
 * order, ships in 5-7 business days", "No physical item will be
 * shipped"): lexicon.shipping_words, better with "ship" than without
 * ("INSTANT DOWNLOAD."). */
static size_t shipping_score(const char *sentence, void *ctx)
{
	const dialogue *d = ctx;
	char *lower = words_lower(sentence);
	size_t score = !words_says(d, lower, "lexicon.shipping_words")         ? 0
	               : strstr(lower, "ship") || strstr(lower, "dispatch") ? 2
	                                                                      : 1;
	free(lower);
	return score;
}

/* The product's facts whose keys say a phrase of the section says (or
 * NULL: none) or are wholly a phrase of the section is, as one line
 * ("key: value; key: value"; heap), or NULL when none. */
static char *facts_line(const dialogue *d, const struct product_view *p, const char *says,
                        const char *is)
{
	struct buf b;
	buf_init(&b);
	for (size_t i = 0; i < p->n_attrs; i++) {
		char *key = words_lower(p->attrs[i].key);
		if ((says && words_says(d, key, says)) || words_is(d, key, is))
			buf_printf(&b, "%s%s: %s", b.len ? "; " : "", p->attrs[i].key, p->attrs[i].value);
		free(key);
	}
	if (b.len)
		return buf_detach(&b);
	buf_release(&b);
	return NULL;
}

/* "lead time: 3-5 working days; delivery type: two person": the
 * product's facts that say how it ships ([lexicon.delivery_keys],
 * [lexicon.delivery_keys_whole]), as one line (heap), or NULL. */
static char *delivery_facts(const dialogue *d, const struct product_view *p)
{
	return facts_line(d, p, "lexicon.delivery_keys", "lexicon.delivery_keys_whole");
}

/* Do the shop's delivery terms say what delivery costs (a sum, or that
 * it is free)? */
static bool terms_give_cost(const char *terms)
{
	char *lower = words_lower(terms);
	bool cost = strchr(terms, '$') || strstr(terms, "\xc2\xa3") /* pound */ ||
	            strstr(terms, "\xe2\x82\xac") /* euro */ || strstr(lower, "free") ||
	            strstr(lower, "cost");
	free(lower);
	return cost;
}

/* "london" as a name is written: "London" (heap). */
static char *title_case(const char *s)
{
	char *out = xstrdup(s);
	for (char *p = out; *p; p++)
		if (p == out || p[-1] == ' ' || p[-1] == '-')
			*p = (char)toupper((unsigned char)*p);
	return out;
}

void dlg_delivery(struct turn *t)
{
	dialogue *d = t->d;
	/* "how long until it ships": what the product's own listing says
	 * first (a made-to-order lead time, a download that is not shipped) */
	/* ("how much is shipping" of the one product in view: its listing's
	 * cost; "how long does delivery take" asks the shop's times) */
	bool it = words_says(d, t->lower, "lexicon.pronoun") ||
	          (d->n_shown == 1 && words_says(d, t->lower, "lexicon.delivery_cost"));
	const char *id = t->r.n_targets ? t->r.targets[0].id
	                 : it && d->focus >= 0 && (size_t)d->focus < d->n_shown ? d->shown[d->focus].id
	                                                                        : NULL;
	bool quote_costs = false;
	struct product_view p;
	bool not_shipped = false, quoted = false;
	if (id && lookup_product(d, id, true, &p, NULL) == 0) {
		char *line = words_best_sentence(p.description, shipping_score, d);
		/* (not for "can you gift wrap it": a service, said below) */
		if (!line && !words_said(d, t->lower, "lexicon.delivery_extras"))
			line = delivery_facts(d, &p);
		if (line) {
			turn_var(t, "name", p.name);
			turn_var(t, "quote", line);
			say(t, "delivery.product");
			quoted = true;
			quote_costs = terms_give_cost(line);
			/* a download is not shipped: no delivery times for it */
			char *lower = words_lower(line);
			not_shipped = words_says(d, lower, "lexicon.not_shipped");
			free(lower);
			free(line);
		}
		product_view_release(&p);
	}
	/* "do you ship to canada", "how much is shipping": a place or a cost
	 * the shop has not given is not promised (its terms, when it has
	 * some, are quoted for the shopper to read: "UK only" names no
	 * "United Kingdom") */
	const struct nlu_entities *e = &t->out->nlu.entities;
	const char *place = e->country ? e->country : e->city;
	if (!not_shipped && place && !d->delivery) {
		char *shown = title_case(place);
		turn_var(t, "place", shown);
		free(shown);
		say(t, quoted ? "+delivery.place_unknown" : "delivery.place_unknown");
		quoted = true;
	}
	if (!not_shipped && words_says(d, t->lower, "lexicon.delivery_cost") && !quote_costs &&
	    !(d->delivery && terms_give_cost(d->delivery))) {
		say(t, quoted ? "+delivery.cost_unknown" : "delivery.cost_unknown");
		quoted = true;
	}
	/* "do you gift wrap": a service the shop's terms do not name is not
	 * promised, and the delivery times are no answer to it */
	const char *extra = words_said(d, t->lower, "lexicon.delivery_extras");
	bool extra_unknown = false;
	if (extra) {
		char *terms = d->delivery ? words_lower(d->delivery) : NULL;
		extra_unknown = !terms || !words_said(d, terms, "lexicon.delivery_extras");
		free(terms);
	}
	if (extra_unknown) {
		turn_var(t, "extra", extra);
		say(t, quoted ? "+delivery.extra_unknown" : "delivery.extra_unknown");
		quoted = true;
	}
	/* the shop's own terms, when it has said them (config.ini) */
	if (extra_unknown && !d->delivery) {
		/* nothing more to say of it */
	} else if (!not_shipped && d->delivery) {
		turn_var(t, "terms", d->delivery);
		say(t, quoted ? "+delivery.shop" : "delivery.shop");
	} else if (!not_shipped) {
		say(t, quoted ? "+delivery" : "delivery");
	}
	const char *customer = personal_customer(d);
	char *carrier = NULL;
	int64_t orders = 0;
	if (customer && profile_usual_carrier(d->cat, customer, &carrier, &orders, NULL) == 0 &&
	    carrier) {
		turn_var(t, "carrier", carrier);
		turn_count(t, "count", (long long)orders);
		say(t, "delivery.usual");
	}
	free(carrier);
	suggest(t, "suggest.delivery");
}

/* The customer's own codes, the new ones said as new. */
static void personal_offers(struct turn *t)
{
	dialogue *d = t->d;
	const char *customer = personal_customer(d);
	struct offer *o = NULL;
	size_t n = 0;
	if (!customer || offers_for(d->cat, customer, (int64_t)time(NULL), &o, &n, NULL) < 0)
		return;
	for (size_t i = 0; i < n; i++) {
		turn_var(t, "code", o[i].code);
		turn_var(t, "description", o[i].description);
		turn_var(t, "ends", o[i].ends_at);
		say(t, o[i].fresh ? "+offers.new" : "+offers.held");
	}
	offers_free(o, n);
}

/* A code the shopper gives for the cart: applied when it runs, covers
 * something in the cart and reaches its minimum; otherwise why not. */
static void apply_code(struct turn *t, const char *code)
{
	dialogue *d = t->d;
	struct promo_effect e;
	char *err = NULL;
	if (promo_effect(d, code, &e, &err) < 0) {
		turn_fail(t, err);
		free(err);
		return;
	}
	turn_var(t, "code", e.p.code ? e.p.code : code);
	turn_var(t, "description", e.p.description);
	char *day = e.p.ends_at ? xstrndup(e.p.ends_at, 10) : NULL;
	turn_var(t, "ends", day);
	free(day);
	day = e.p.starts_at ? xstrndup(e.p.starts_at, 10) : NULL;
	turn_var(t, "starts", day);
	free(day);
	turn_money(t, "minimum", e.p.min_total_cents, t->d->currency);
	turn_money(t, "eligible", e.eligible_cents, t->d->currency);
	turn_money(t, "saving", e.saving_cents, t->d->currency);
	turn_money(t, "after", e.total_cents - e.saving_cents, t->d->currency);
	const char *key;
	if (e.check == PROMO_NOT_YET)
		key = "promo.not_yet";
	else if (e.check == PROMO_ENDED)
		key = "promo.ended";
	else if (e.check == PROMO_USED)
		key = "promo.used";
	else if (!e.total_cents)
		key = "promo.empty_cart";
	else if (!e.eligible_cents)
		key = "promo.not_covered";
	else if (!e.reaches_minimum)
		key = "promo.minimum";
	else
		key = e.free_delivery ? "promo.applied_delivery" : "promo.applied";
	if (e.check == PROMO_VALID && (e.applies || !e.total_cents)) {
		/* kept for the cart: an empty cart gets it when it fills */
		free(d->promo_code);
		d->promo_code = xstrdup(e.p.code);
	}
	say(t, key);
	suggest(t, "suggest.cart");
	promo_effect_release(&e);
}

/* Markdowns read to find those of a kind named. */
#define MARKDOWNS_READ 60

/* The words of the turn that name a kind of product, not a sale ("tools"
 * of "anything on sale in tools"). */
static char **kind_words_of_sale(struct turn *t, size_t *n)
{
	const char *pw = t->out->nlu.entities.product_words;
	size_t nw = 0;
	char **w = pw ? words_product_content(t->d, pw, &nw) : NULL;
	size_t kept = 0;
	for (size_t i = 0; i < nw; i++) {
		if (words_in_section(t->d, w[i], "lexicon.sale_words") ||
		    words_in_section(t->d, w[i], "lexicon.promo_cues") ||
		    words_is(t->d, w[i], "lexicon.sale_filler"))
			free(w[i]);
		else
			w[kept++] = w[i];
	}
	*n = kept;
	if (!kept) {
		free(w);
		return NULL;
	}
	return w;
}

/* "which of those are on sale": of the list on screen, those marked down
 * (ask_was_price()), each with its price before; none, said so. How many
 * (1 when none is, the answer being said). */
static size_t markdowns_shown(struct turn *t)
{
	dialogue *d = t->d;
	struct buf b;
	buf_init(&b);
	struct product_view items[DLG_MAX_SHOWN];
	size_t n = 0;
	for (size_t i = 0; i < d->n_shown && n < DLG_MAX_SHOWN; i++) {
		struct product_view p;
		if (lookup_product(d, d->shown[i].id, true, &p, NULL) < 0 || !p.id) {
			product_view_release(&p);
			continue;
		}
		int64_t was = p.has_price ? ask_was_price(d, &p) : -1, price = p.price_cents;
		/* a product whose variants are marked down ("variant was price") */
		struct buf some;
		buf_init(&some);
		int64_t sale = 0, before_sale = 0;
		if (was <= price &&
		    cart_variants_on_sale(d->cat, p.id, &some, &sale, &before_sale) > 0) {
			price = sale;
			was = before_sale;
		}
		buf_release(&some);
		if (was > price) {
			char *now = money(price, p.currency), *before = money(was, p.currency);
			buf_printf(&b, "%s%s (%s, was %s)", b.len ? "; " : "", p.name, now, before);
			free(now);
			free(before);
			items[n++] = p;
		} else {
			product_view_release(&p);
		}
	}
	turn_var(t, "markdowns", b.s);
	say_list_of(t, items, n, "promotions.of_these", "promotions.none_of_these");
	buf_release(&b);
	return n ? n : 1;
}

/* Products marked down (ask_was_price()), most off first, as a list;
 * how many. */
static size_t markdowns(struct turn *t)
{
	dialogue *d = t->d;
	if (d->n_shown && words_says(d, t->lower, "lexicon.plural_ref"))
		return markdowns_shown(t);
	char *keys = ask_was_price_keys(d);
	char **ids = NULL;
	size_t n = 0;
	if (promotions_markdowns(d->cat, keys, MARKDOWNS_READ, &ids, &n, NULL) < 0)
		n = 0;
	free(keys);
	/* "anything on sale in tools", "sofas on sale": of the kind named,
	 * when some are */
	size_t nw = 0;
	char **w = kind_words_of_sale(t, &nw);
	struct product_view items[DLG_PAGE];
	size_t shown = 0;
	for (int pass = nw ? 0 : 1; pass < 2 && !shown; pass++) {
		for (size_t i = 0; i < n && shown < DLG_PAGE; i++) {
			if (lookup_product(d, ids[i], false, &items[shown], NULL) < 0 || !items[shown].id)
				continue;
			const struct product_view *p = &items[shown];
			bool of_kind = pass || words_in_text(w, nw, p->name) > 0 ||
			               (p->category && words_in_text(w, nw, p->category) > 0);
			if (of_kind)
				shown++;
			else
				product_view_release(&items[shown]);
		}
		if (!pass && !shown && nw)
			say(t, "promotions.none_of_kind");
	}
	words_free(w, nw);
	for (size_t i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
	if (shown) {
		say(t, "promotions.markdowns");
		turn_show(t, items, shown);
		state_list_set(d, items, shown, NULL, NULL, LIST_NAMED);
	}
	for (size_t i = 0; i < shown; i++)
		product_view_release(&items[i]);
	return shown;
}

void dlg_promotions(struct turn *t)
{
	dialogue *d = t->d;
	char *asked = NULL;
	char *code = promo_code_in(d, t->input, &asked);
	if (code || asked) {
		if (code) {
			apply_code(t, code);
		} else {
			turn_var(t, "code", asked);
			say(t, "promo.unknown");
			suggest(t, "suggest.promotions");
		}
		free(code);
		free(asked);
		return;
	}
	char today[16];
	time_t now = time(NULL);
	strftime(today, sizeof today, "%Y-%m-%d", gmtime(&now));
	struct promotion *p = NULL;
	size_t n = 0;
	char *err = NULL;
	if (promotions_active(d->cat, today, &p, &n, &err) < 0) {
		turn_fail(t, err);
		free(err);
		return;
	}
	/* "what's on sale": the promotions, and the products marked down; "a
	 * coupon code?" hears there is none, even with markdowns */
	bool codes = words_says(d, t->lower, "lexicon.promo_cues");
	if (!n && codes)
		say(t, "promotions.none");
	size_t marked = markdowns(t);
	if (!n && !codes && !marked)
		say(t, "promotions.none");
	if (n)
		say(t, marked ? "+promotions.header" : "promotions.header");
	for (size_t i = 0; i < n && i < 6; i++) {
		turn_var(t, "description", p[i].description);
		turn_var(t, "code", p[i].code);
		char *ends = p[i].ends_at ? xstrndup(p[i].ends_at, 10) : NULL;
		turn_var(t, "ends", ends);
		free(ends);
		say(t, p[i].code ? "+promotions.item_code" : "+promotions.item");
	}
	promotions_free(p, n);
	personal_offers(t);
	suggest(t, "suggest.promotions");
}

/* The product feedback is about: one the turn names, else the one in
 * focus. NULL when none. */
static const char *feedback_product(const struct turn *t)
{
	const dialogue *d = t->d;
	if (t->r.ref == REF_OK && t->r.n_targets)
		return t->r.targets[0].id;
	if (d->focus >= 0 && (size_t)d->focus < d->n_shown)
		return d->shown[d->focus].id;
	return NULL;
}

void dlg_feedback(struct turn *t)
{
	dialogue *d = t->d;
	struct sentiment_result r = {0};
	if (d->sentiment)
		sentiment_score(d->sentiment, t->input, &r);
	int s = (int)r.label;
	char detail[16];
	snprintf(detail, sizeof detail, "%d", s);
	const char *product = feedback_product(t);
	events_log(d->cat, d->customer, d->session, "feedback", product, detail, NULL);
	/* unhappy about a product or an order: staff should read it */
	if (s < 0 && (product || d->order_ref))
		feedback_flag(d->cat, d->customer, d->session, product, d->order_ref, r.score,
		              t->input, NULL);
	d->feedback_score = s;
	say(t, s > 0 ? "feedback.positive" : s < 0 ? "feedback.negative" : "feedback.neutral");
	suggest(t, s < 0 ? "suggest.feedback_negative" : "suggest.start");
}

void dlg_human(struct turn *t)
{
	dialogue *d = t->d;
	char *ref = NULL, *err = NULL;
	if (events_handoff(d->cat, d->customer, d->session, t->input, &ref, &err) < 0) {
		turn_fail(t, err);
		free(err);
		return;
	}
	turn_var(t, "reference", ref);
	free(ref);
	say(t, "human");
	suggest(t, "suggest.start");
}

/* "can i return it" of the one product in view whose listing says its
 * own returns terms ("returns: not accepted"): those, quoted; true when
 * said. */
static bool returns_of_product(struct turn *t)
{
	dialogue *d = t->d;
	if (d->focus < 0 || (size_t)d->focus >= d->n_shown ||
	    !(d->n_shown == 1 || words_says(d, t->lower, "lexicon.pronoun")))
		return false;
	struct product_view p;
	if (lookup_product(d, d->shown[d->focus].id, true, &p, NULL) < 0)
		return false;
	char *line = facts_line(d, &p, NULL, "lexicon.returns_keys");
	bool said = line != NULL;
	if (said) {
		turn_var(t, "name", p.name);
		turn_var(t, "quote", line);
		say(t, "policy.returns_product");
		suggest(t, "suggest.start");
	}
	free(line);
	product_view_release(&p);
	return said;
}

void dlg_policy(struct turn *t)
{
	const char *of = t->d->policy_of ? t->d->policy_of : "";
	/* the listing's own returns terms, of the product in view */
	if (!strcmp(of, "return_refund") && returns_of_product(t))
		return;
	/* the shop's own returns terms, when it has said them (config.ini) */
	if (!strcmp(of, "return_refund") && t->d->returns) {
		turn_var(t, "terms", t->d->returns);
		say(t, "policy.returns_shop");
		suggest(t, "suggest.start");
		return;
	}
	/* how it is paid, where it is: the shop's own terms (config.ini),
	 * else that it has not said them */
	const char *terms = !strcmp(of, "payment") ? t->d->payment
	                    : !strcmp(of, "location") ? t->d->location : NULL;
	if (terms) {
		turn_var(t, "terms", terms);
		say(t, "policy.shop_terms");
		suggest(t, "suggest.start");
		return;
	}
	if (!strcmp(of, "payment") && t->d->kiosk_payment) {
		turn_var(t, "payment", t->d->kiosk_payment);
		say(t, "policy.payment_kiosk");
		suggest(t, "suggest.start");
		return;
	}
	if (!strcmp(of, "payment") || !strcmp(of, "location")) {
		say(t, !strcmp(of, "payment") ? "policy.payment_unknown" : "policy.location_unknown");
		suggest(t, "suggest.start");
		return;
	}
	say(t, !strcmp(of, "cancel_order") ? "policy.cancel"
	       : !strcmp(of, "return_refund") ? "policy.returns" : "policy.orders");
	suggest(t, "suggest.start");
}

void dlg_foreign(struct turn *t)
{
	say(t, "foreign");
	suggest(t, "suggest.start");
}

void dlg_out_of_scope(struct turn *t)
{
	events_log(t->d->cat, t->d->customer, t->d->session, "out_of_scope", NULL, t->input, NULL);
	example_vars(t);
	say(t, "out_of_scope");
	suggest(t, "suggest.start");
}
