/*
 * dialogue_cart.c: the cart — add, remove, change quantity, show with
 * totals — and checkout, which asks for a "yes" before anything is ordered.
 */
#include "src/dialogue/dialogue_int.h"

#include <stdlib.h>
#include <string.h>

#include "catalog/shop/cart.h"
#include "catalog/shop/events.h"
#include "catalog/shop/orders.h"
#include "common/buf.h"
#include "common/xalloc.h"

#define MAX_TARGETS 8

int dlg_cart(dialogue *d, int64_t *id, char **err)
{
	if (!d->cart_id && cart_open(d->cat, d->customer, d->session, &d->cart_id, err) < 0)
		return -1;
	*id = d->cart_id;
	return 0;
}

void dlg_cart_totals(struct turn *t)
{
	dialogue *d = t->d;
	if (!d->cart_id && !d->customer)
		return; /* an anonymous shopper who never used the cart has none */
	int64_t id;
	struct cart_contents cc;
	if (dlg_cart(d, &id, NULL) < 0 || cart_list(d->cat, id, &cc, NULL) < 0)
		return;
	t->out->cart_count = (int)cc.items;
	t->out->cart_total_cents = cc.total_cents;
	cart_contents_release(&cc);
}

static void cart_vars(struct turn *t)
{
	int64_t id;
	struct cart_contents cc;
	if (dlg_cart(t->d, &id, NULL) < 0 || cart_list(t->d->cat, id, &cc, NULL) < 0)
		return;
	turn_count(t, "items", (long long)cc.items);
	char *m = money(cc.total_cents, cc.n ? cc.lines[0].currency : NULL);
	turn_var(t, "total", m);
	free(m);
	cart_contents_release(&cc);
}

static void fail_with(struct turn *t, char *err)
{
	turn_fail(t, err);
	free(err);
}

/* "add two of those": a quantity with "those" means that many of the one
 * in focus (or the first shown), not one of each. */
/* The shopper's cart and its lines; on failure the turn says so and -1 is
 * returned (cc is then left unfilled). */
static int load_cart(struct turn *t, int64_t *cart, struct cart_contents *cc)
{
	char *err = NULL;
	if (dlg_cart(t->d, cart, &err) < 0 || cart_list(t->d->cat, *cart, cc, &err) < 0) {
		fail_with(t, err);
		return -1;
	}
	return 0;
}

static int add_targets(struct turn *t, int *idx)
{
	const struct nlu_entities *e = &t->out->nlu.entities;
	int n = resolve_targets(t, idx, MAX_TARGETS, false);
	if (n > 1 && e->quantity > 1 && e->n_ordinals == 1 && e->ordinals[0] == NLU_ORDINAL_ALL) {
		idx[0] = t->d->focus >= 0 ? t->d->focus : 0;
		n = 1;
	}
	return n;
}

void dlg_add(struct turn *t)
{
	dialogue *d = t->d;
	const struct nlu_entities *e = &t->out->nlu.entities;
	int idx[MAX_TARGETS];
	int n = add_targets(t, idx);
	if (n < 0) {
		turn_varf(t, "shown", "%zu", d->n_shown);
		say(t, "ordinal.out_of_range");
		suggest(t, "suggest.search");
		return;
	}
	if (n == 0) {
		say(t, d->n_shown ? "cart.add_which" : "cart.add_nothing");
		suggest(t, d->n_shown ? "suggest.add" : "suggest.start");
		return;
	}
	int64_t cart;
	char *err = NULL;
	if (dlg_cart(d, &cart, &err) < 0) {
		fail_with(t, err);
		return;
	}
	int64_t qty = e->quantity > 0 ? e->quantity : 1;
	bool set = lexicon_says(d, t->lower, "lexicon.set_quantity");
	for (int k = 0; k < n; k++) {
		const struct reply_product *p = &d->shown[idx[k]];
		int rc = set ? cart_set_quantity(d->cat, cart, p->id, qty, &err) : 1;
		if (rc == 1)
			rc = cart_add(d->cat, cart, p->id, qty, &err);
		if (rc < 0) {
			fail_with(t, err);
			return;
		}
		events_log(d->cat, d->customer, d->session, "add_to_cart", p->id, NULL, NULL);
		turn_var(t, "name", p->name);
		turn_varf(t, "quantity", "%lld", (long long)qty);
		say(t, qty > 1 ? "cart.added_many" : "cart.added");
	}
	if (n == 1)
		d->focus = idx[0];
	cart_vars(t);
	say(t, "cart.summary");
	suggest(t, "suggest.cart");
}

/* Cart lines named by the shopper's words ("remove the tent"). */
static int match_lines(struct turn *t, const struct cart_contents *cc, size_t *which, size_t max)
{
	size_t nw = 0, n = 0;
	char **w = content_words(t->d, t->lower, &nw);
	size_t best = 0;
	for (size_t i = 0; i < cc->n; i++) {
		size_t hits = words_in_text(w, nw, cc->lines[i].name);
		if (hits > best) {
			best = hits;
			n = 0;
		}
		if (hits && hits == best && n < max)
			which[n++] = i;
	}
	words_free(w, nw);
	return (int)n;
}

void dlg_remove(struct turn *t)
{
	dialogue *d = t->d;
	const struct nlu_entities *e = &t->out->nlu.entities;
	int64_t cart;
	struct cart_contents cc;
	if (load_cart(t, &cart, &cc) < 0)
		return;
	char *err = NULL;
	if (!cc.n) {
		say(t, "cart.empty");
		suggest(t, "suggest.start");
		cart_contents_release(&cc);
		return;
	}
	/* Which products: ordinals and pronouns against the shown list, else
	 * words against the cart, else the only line. */
	const char *ids[MAX_TARGETS];
	const char *names[MAX_TARGETS];
	int n = 0;
	size_t which[MAX_TARGETS];
	int m = e->n_ordinals ? 0 : match_lines(t, &cc, which, MAX_TARGETS);
	if (m > 1 && !lexicon_says(d, t->lower, "lexicon.all")) {
		/* Several lines fit the words: ask, showing just those. */
		struct reply_product items[MAX_TARGETS];
		for (int k = 0; k < m; k++)
			items[k] = (struct reply_product){
				.id = cc.lines[which[k]].product, .name = cc.lines[which[k]].name,
				.currency = cc.lines[which[k]].currency,
				.price_cents = cc.lines[which[k]].price_cents,
				.has_price = cc.lines[which[k]].price_cents >= 0,
			};
		reply_show(t, items, (size_t)m);
		shown_set(d, items, (size_t)m, NULL, NULL, SHOWN_CART);
		say(t, "cart.remove_which_of");
		suggest(t, "suggest.remove_which");
		cart_contents_release(&cc);
		return;
	}
	if (m > 0) {
		for (int k = 0; k < m; k++) {
			ids[n] = cc.lines[which[k]].product;
			names[n++] = cc.lines[which[k]].name;
		}
	} else {
		int idx[MAX_TARGETS];
		int r = resolve_targets(t, idx, MAX_TARGETS, false);
		if (r < 0) {
			turn_varf(t, "shown", "%zu", d->n_shown);
			say(t, "ordinal.out_of_range");
			suggest(t, "suggest.cart");
			cart_contents_release(&cc);
			return;
		}
		for (int k = 0; k < r; k++) {
			ids[n] = d->shown[idx[k]].id;
			names[n++] = d->shown[idx[k]].name;
		}
		if (!n && cc.n == 1) {
			ids[n] = cc.lines[0].product;
			names[n++] = cc.lines[0].name;
		}
	}
	if (!n) {
		say(t, "cart.remove_which");
		suggest(t, "suggest.cart");
		cart_contents_release(&cc);
		return;
	}
	bool set = e->quantity > 0 && lexicon_says(d, t->lower, "lexicon.set_quantity");
	for (int k = 0; k < n; k++) {
		int rc = cart_set_quantity(d->cat, cart, ids[k], set ? e->quantity : 0, &err);
		if (rc < 0) {
			fail_with(t, err);
			break;
		}
		turn_var(t, "name", names[k]);
		turn_varf(t, "quantity", "%d", e->quantity);
		if (rc == 1) {
			say(t, "cart.not_in_cart");
			continue;
		}
		if (!set)
			events_log(d->cat, d->customer, d->session, "remove_from_cart", ids[k], NULL, NULL);
		say(t, set ? "cart.quantity_set" : "cart.removed");
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
	struct reply_product items[DLG_MAX_SHOWN];
	size_t n = cc.n < DLG_MAX_SHOWN ? cc.n : DLG_MAX_SHOWN;
	say(t, "cart.header");
	for (size_t i = 0; i < cc.n; i++) {
		const struct cart_line *l = &cc.lines[i];
		turn_varf(t, "quantity", "%lld", (long long)l->quantity);
		turn_var(t, "name", l->name);
		char *m = l->price_cents >= 0 ? money(l->price_cents * l->quantity, l->currency) : NULL;
		turn_var(t, "line_total", m);
		say(t, m ? "+cart.line" : "+cart.line_unpriced");
		free(m);
		if (i < n)
			items[i] = (struct reply_product){
				.id = l->product, .name = l->name, .currency = l->currency,
				.price_cents = l->price_cents, .has_price = l->price_cents >= 0,
			};
	}
	cart_vars(t);
	say(t, "+cart.total");
	reply_show(t, items, n);
	shown_set(d, items, n, NULL, NULL, SHOWN_CART);
	cart_contents_release(&cc);
	suggest(t, "suggest.view_cart");
}

void dlg_checkout(struct turn *t)
{
	dialogue *d = t->d;
	int64_t cart;
	struct cart_contents cc;
	if (load_cart(t, &cart, &cc) < 0)
		return;
	if (!cc.n) {
		say(t, "checkout.empty");
		suggest(t, "suggest.start");
	} else {
		cart_vars(t);
		turn_varf(t, "lines", "%zu", cc.n);
		say(t, "checkout.confirm");
		d->pending = PENDING_CHECKOUT;
		suggest(t, "suggest.confirm");
	}
	cart_contents_release(&cc);
}

/* Places the order of the cart's lines through the order backend. The key
 * goes with these lines: saying yes again to the same cart after a failure
 * (also after a restart) retries the same request, which the backend does
 * at most once. */
static int place_cart(struct turn *t, const struct cart_contents *cc, struct order *o,
                      char **err)
{
	dialogue *d = t->d;
	struct order_line *lines = xcalloc(cc->n, sizeof *lines);
	struct buf what;
	buf_init(&what);
	buf_printf(&what, "place\n%s\n", d->customer ? d->customer : "");
	for (size_t i = 0; i < cc->n; i++) {
		lines[i] = (struct order_line){cc->lines[i].product, cc->lines[i].quantity};
		buf_printf(&what, "%s*%lld\n", lines[i].product, (long long)lines[i].quantity);
	}
	char *key = order_action_key(d->cat, what.s, err);
	const struct order_placement p = {.customer = d->customer, .items = lines, .n_items = cc->n};
	int rc = key ? d->orders->place(d->orders->ctx, &p, key, o, err) : -1;
	if (rc >= 0)
		order_action_done(d->cat, what.s);
	free(key);
	buf_release(&what);
	free(lines);
	return rc;
}

void dlg_checkout_answer(struct turn *t, bool yes)
{
	dialogue *d = t->d;
	d->pending = PENDING_NONE;
	free(t->out->nlu.intent);
	t->out->nlu.intent = xstrdup("checkout");
	if (!yes) {
		say(t, "checkout.cancelled");
		suggest(t, "suggest.cart");
		return;
	}
	int64_t cart;
	struct cart_contents cc;
	if (load_cart(t, &cart, &cc) < 0) {
		say(t, "checkout.failed");
		return;
	}
	if (!cc.n) {
		say(t, "checkout.empty");
		suggest(t, "suggest.start");
		cart_contents_release(&cc);
		return;
	}
	struct order o;
	memset(&o, 0, sizeof o);
	char *err = NULL;
	int rc = place_cart(t, &cc, &o, &err);
	cart_contents_release(&cc);
	if (rc == ORDERS_OK) {
		/* The order stands even if the cart cannot be emptied. */
		if (orders_cart_done(d->cat, cart, d->customer, o.id, &err) < 0)
			turn_fail(t, err);
		turn_var(t, "order", o.id);
		say(t, "checkout.done");
		suggest(t, "suggest.after_checkout");
	} else if (rc > 0) {
		turn_var(t, "reason", err);
		say(t, err ? "checkout.refused" : "checkout.failed");
		suggest(t, "suggest.cart");
	} else if (!dlg_order_unavailable(t, "checkout.unavailable", err)) {
		turn_fail(t, err);
		say(t, "checkout.failed");
	}
	free(err);
	order_release(&o);
}
