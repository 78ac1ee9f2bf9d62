/*
 * order_flow.c: order status, cancel and return. The order number and the
 * email or postcode on the order are slots filled across turns (or both in
 * one message); nothing about an order is said before it verifies, and a
 * refusal never tells whether the order exists.
 *
 * Cancel and return change an order for good, so each ends in a question
 * that says exactly what will happen, and only "yes" does it: a return
 * first asks which items and how many, when the order has more than one.
 */
#include "src/dialogue/handlers.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "catalog/shop/orders.h"
#include "common/buf.h"
#include "common/xalloc.h"
#include "src/dialogue/orders.h"
#include "src/dialogue/state.h"
#include "src/dialogue/turn.h"
#include "src/dialogue/words.h"

#define MAX_SLOT 80

static const char *const intent_of[] = {
	[ACT_ORDER_STATUS] = "order_status",
	[ACT_CANCEL_ORDER] = "cancel_order",
	[ACT_RETURN_ORDER] = "return_refund",
};

/* Does hay hold needle, case ignored? */
static bool holds(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (const char *p = hay; p && *p; p++)
		if (!strncasecmp(p, needle, n))
			return true;
	return false;
}

/* An order number typed alone: the first token with three digits or
 * more that is not part of the email or postcode the turn gave
 * ("OX4 1AB" is a postcode, not order "OX4"). */
static char *order_number_in(const char *s, const struct nlu_entities *e)
{
	while (*s) {
		while (*s && !isalnum((unsigned char)*s))
			s++;
		const char *start = s;
		size_t digits = 0;
		while (*s && (isalnum((unsigned char)*s) || *s == '-')) {
			digits += isdigit((unsigned char)*s) != 0;
			s++;
		}
		size_t n = (size_t)(s - start);
		if (digits < 3 || n > 32)
			continue;
		char *token = xstrndup(start, n);
		bool given = (e->postcode && holds(e->postcode, token)) ||
		             (e->email && holds(e->email, token));
		if (!given)
			return token;
		free(token);
	}
	return NULL;
}

/* A time stamp as a shopper reads it: "2026-12-05T18:42:07Z" is the day
 * an order was placed, 2026-12-05, and the day and minute of a shipment's
 * scan, 2026-12-05 18:42 UTC; anything else as given. */
static void date_var(struct turn *t, const char *name, const char *stamp, bool minute)
{
	size_t n = stamp ? strlen(stamp) : 0;
	bool iso = n > 10 && isdigit((unsigned char)stamp[0]) && stamp[4] == '-' && stamp[7] == '-' &&
	           (stamp[10] == 'T' || stamp[10] == ' ');
	bool hm = iso && n >= 16 && stamp[13] == ':';
	if (iso && minute && hm)
		turn_varf(t, name, "%.10s %.5s%s", stamp, stamp + 11,
		          stamp[n - 1] == 'Z' ? " UTC" : "");
	else if (iso)
		turn_varf(t, name, "%.10s", stamp);
	else
		turn_var(t, name, stamp);
}

static void say_order(struct turn *t, const struct order *o)
{
	turn_var(t, "order", o->id);
	turn_var(t, "status", o->status);
	date_var(t, "placed", o->placed_at, false);
	turn_money(t, "total", o->total_cents, o->currency);
	say(t, "order.status");
	for (size_t i = 0; i < o->n_items; i++) {
		turn_varf(t, "quantity", "%lld", (long long)o->items[i].quantity);
		turn_var(t, "name", o->items[i].name ? o->items[i].name : o->items[i].product);
		say(t, "+order.item");
	}
	if (o->carrier) {
		turn_var(t, "carrier", o->carrier);
		turn_var(t, "tracking", o->tracking);
		say(t, o->tracking ? "+order.carrier" : "+order.carrier_only");
	}
	for (size_t i = 0; i < o->n_events; i++) {
		date_var(t, "at", o->events[i].at, true);
		turn_var(t, "event", o->events[i].status);
		turn_var(t, "location", o->events[i].location);
		say(t, o->events[i].location ? "+order.event" : "+order.event_plain");
	}
}

/* The order service failed (a remote one): one sentence saying so, with
 * its reason. false for other failures, for the usual error path. */
static bool unavailable(struct turn *t, const char *key, const char *err)
{
	if (!t->d->orders->remote)
		return false;
	turn_fail(t, err);
	turn_var(t, "reason", err);
	turn_var(t, "order", t->d->order_ref);
	say(t, key);
	return true;
}

/* "10 minutes ago", in the words of the templates. Heap. */
static char *age_words(const dialogue *d, int64_t seconds)
{
	static const struct {
		int64_t unit;
		const char *one, *many;
	} units[] = {
		{86400, "order.age_day", "order.age_days"},
		{3600, "order.age_hour", "order.age_hours"},
		{60, "order.age_minute", "order.age_minutes"},
	};
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
		if (seconds < units[i].unit)
			continue;
		long long n = seconds / units[i].unit;
		char num[24];
		snprintf(num, sizeof num, "%lld", n);
		const struct reply_var v = {"n", num};
		return replies_render_nth(d->rp, n == 1 ? units[i].one : units[i].many, 0, &v, 1,
		                          NULL);
	}
	return replies_render_nth(d->rp, "order.age_now", 0, NULL, 0, NULL);
}

/* Looks the order in focus up; ORDERS_* or -1 (the turn has said why).
 * When the service failed and the last answer it gave is kept, the turn
 * says so, with that answer's age, and ORDERS_OK stands for it. */
static int look_up(struct turn *t, struct order *o)
{
	dialogue *d = t->d;
	char *err = NULL;
	struct order_backend *b = d->orders;
	memset(o, 0, sizeof *o);
	int rc = b->lookup(b->ctx, d->order_ref, d->order_verify, o, &err);
	if (rc < 0) {
		if (!unavailable(t, "order.unavailable", err))
			turn_fail(t, err);
		else
			suggest(t, "suggest.order");
		state_ask_clear(d);
	} else if (rc == ORDERS_STALE) {
		unavailable(t, "order.unavailable", err);
		char *age = age_words(d, (int64_t)time(NULL) - o->as_of);
		turn_var(t, "age", age);
		free(age);
		say(t, "order.stale");
		rc = ORDERS_OK;
	}
	free(err);
	return rc;
}

/* Failed verifications: the same words whether the order is missing or
 * the check failed. true when the turn is answered. */
static bool refused(struct turn *t, int rc, enum dlg_action action)
{
	dialogue *d = t->d;
	turn_var(t, "order", d->order_ref);
	if (rc == ORDERS_NO_MATCH) {
		state_order_verify(d, NULL);
		state_ask(d, ASK_ORDER_VERIFY, action);
		say(t, "order.no_match");
		suggest(t, "suggest.order_retry");
		return true;
	}
	if (rc == ORDERS_LOCKED) {
		state_order_verify(d, NULL);
		state_ask_clear(d);
		say(t, "order.locked");
		suggest(t, "suggest.order_locked");
		return true;
	}
	return false;
}

static bool can_cancel(const struct order *o)
{
	return !strcmp(o->status, "pending") || !strcmp(o->status, "paid");
}

static bool can_return(const struct order *o)
{
	return !strcmp(o->status, "delivered") || !strcmp(o->status, "shipped");
}

/* The question before a return: which lines, how many of each. */
static void list_return_lines(struct turn *t)
{
	const struct dlg_pending *p = &t->d->pending;
	for (size_t i = 0; i < p->n_items; i++) {
		turn_varf(t, "n", "%zu", i + 1);
		turn_varf(t, "quantity", "%lld", (long long)p->items[i].bought);
		turn_var(t, "name", p->items[i].name);
		say(t, "+order.return_line");
	}
}

/* Sets {items} to the return's lines: "1 x Tent, 2 x Socks". */
static void return_items_var(struct turn *t)
{
	const struct dlg_pending *p = &t->d->pending;
	struct buf what;
	buf_init(&what);
	for (size_t i = 0; i < p->n_items; i++) {
		if (!p->items[i].quantity)
			continue;
		buf_printf(&what, "%s%lld x %s", what.len ? ", " : "",
		           (long long)p->items[i].quantity, p->items[i].name);
	}
	turn_var(t, "items", what.len ? what.s : NULL);
	buf_release(&what);
}

static void confirm_return(struct turn *t)
{
	dialogue *d = t->d;
	turn_var(t, "order", d->order_ref);
	return_items_var(t);
	state_ask(d, ASK_CONFIRM, ACT_RETURN_ORDER);
	say(t, "order.return_confirm");
	suggest(t, "suggest.confirm");
}

/* The order verified: the status, or the question before a change. */
static void verified(struct turn *t, struct order *o, enum dlg_action action)
{
	dialogue *d = t->d;
	turn_var(t, "order", o->id);
	turn_var(t, "status", o->status);
	if (action == ACT_ORDER_STATUS) {
		state_ask_clear(d);
		say_order(t, o);
		suggest(t, "suggest.order");
		return;
	}
	if (action == ACT_CANCEL_ORDER) {
		state_ask_clear(d);
		if (!can_cancel(o)) {
			say(t, "order.cancel_forbidden");
			suggest(t, "suggest.order");
			return;
		}
		turn_money(t, "total", o->total_cents, o->currency);
		state_ask(d, ASK_CONFIRM, ACT_CANCEL_ORDER);
		say(t, "order.cancel_confirm");
		for (size_t i = 0; i < o->n_items; i++) {
			turn_varf(t, "quantity", "%lld", (long long)o->items[i].quantity);
			turn_var(t, "name", o->items[i].name ? o->items[i].name : o->items[i].product);
			say(t, "+order.item");
		}
		suggest(t, "suggest.confirm");
		return;
	}
	/* a return: which items, unless there is only one kind */
	state_ask_clear(d);
	if (!can_return(o)) {
		say(t, "order.return_forbidden");
		suggest(t, "suggest.order");
		return;
	}
	struct dlg_pending *p = &d->pending;
	for (size_t i = 0; i < o->n_items && p->n_items < DLG_MAX_RETURN; i++) {
		struct dlg_return_line *l = &p->items[p->n_items++];
		l->product = xstrdup(o->items[i].product);
		l->name = xstrdup(o->items[i].name ? o->items[i].name : o->items[i].product);
		l->bought = o->items[i].quantity;
		l->quantity = o->n_items == 1 && o->items[i].quantity == 1 ? 1 : 0;
	}
	if (p->n_items == 1 && p->items[0].bought == 1) {
		confirm_return(t);
		return;
	}
	state_ask(d, ASK_RETURN_ITEMS, ACT_RETURN_ORDER);
	say(t, "order.return_which");
	list_return_lines(t);
	suggest(t, "suggest.return_which");
}

/* Asks for what is missing, or goes on when nothing is. */
static void advance(struct turn *t, enum dlg_action action)
{
	dialogue *d = t->d;
	if (!d->order_ref) {
		state_ask(d, ASK_ORDER_ID, action);
		say(t, "order.ask_id");
		suggest(t, "suggest.order_id");
		return;
	}
	if (!d->order_verify) {
		state_ask(d, ASK_ORDER_VERIFY, action);
		turn_var(t, "order", d->order_ref);
		say(t, "order.ask_verify");
		suggest(t, "suggest.order_verify");
		return;
	}
	struct order o;
	int rc = look_up(t, &o);
	if (rc < 0 || refused(t, rc, action))
		return;
	verified(t, &o, action);
	order_release(&o);
}

/* The utterance as the shopper typed it, without the spaces around it
 * (heap): a verification is compared as typed, not as normalized. */
static char *as_typed(const struct turn *t)
{
	const char *s = t->input;
	while (isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	return xstrndup(s, n);
}

/* Takes the slots the utterance fills. */
static void take_entities(struct turn *t)
{
	dialogue *d = t->d;
	const struct nlu_entities *e = &t->out->nlu.entities;
	if (e->order_id)
		state_order_set(d, e->order_id);
	if (e->email)
		state_order_verify(d, e->email);
	else if (e->postcode)
		state_order_verify(d, e->postcode);
}

static void start(struct turn *t, enum dlg_action action)
{
	dialogue *d = t->d;
	const struct nlu_entities *e = &t->out->nlu.entities;
	state_ask_clear(d);
	take_entities(t);
	if (!e->order_id) {
		/* "where is 50002?" when the NLU did not tag the number */
		char *num = order_number_in(t->input, e);
		if (num) {
			char *verify = d->order_verify ? xstrdup(d->order_verify) : NULL;
			state_order_set(d, num);
			if (e->email || e->postcode)
				state_order_verify(d, verify);
			free(verify);
		}
		free(num);
	}
	advance(t, action);
}

void dlg_order_status(struct turn *t)
{
	start(t, ACT_ORDER_STATUS);
}

void dlg_cancel_order(struct turn *t)
{
	start(t, ACT_CANCEL_ORDER);
}

void dlg_return(struct turn *t)
{
	start(t, ACT_RETURN_ORDER);
}

/* "the first one", "the tent", "both", "all of them", "2 of the socks":
 * the return lines the answer picks, with quantities. false when it picks
 * none. */
static bool pick_return_lines(struct turn *t)
{
	dialogue *d = t->d;
	struct dlg_pending *p = &d->pending;
	const struct nlu_entities *e = &t->out->nlu.entities;
	bool any = false;
	bool all = words_says(d, t->lower, "lexicon.all");
	for (size_t k = 0; k < e->n_ordinals; k++) {
		int o = e->ordinals[k];
		if (o == NLU_ORDINAL_ALL)
			all = true;
		else if (o == NLU_ORDINAL_LAST && p->n_items)
			p->items[p->n_items - 1].quantity = -1, any = true;
		else if (o > 0 && (size_t)o <= p->n_items)
			p->items[o - 1].quantity = -1, any = true;
	}
	size_t nw = 0;
	char **w = words_content(d, t->lower, &nw);
	for (size_t i = 0; i < p->n_items && nw && !any; i++) {
		size_t nn = 0;
		char **name = words_content(d, p->items[i].name, &nn);
		for (size_t k = 0; k < nw; k++) {
			char *one[1] = {w[k]};
			if (words_in_text(one, 1, p->items[i].name) &&
			    !words_in_section(d, w[k], "lexicon.not_names")) {
				p->items[i].quantity = -1;
				break;
			}
		}
		words_free(name, nn);
	}
	words_free(w, nw);
	for (size_t i = 0; i < p->n_items; i++) {
		if (all)
			p->items[i].quantity = p->items[i].bought;
		if (p->items[i].quantity < 0) {
			/* one line named: the quantity said, else all of it */
			long long q = e->quantity;
			p->items[i].quantity = q > 0 && q <= p->items[i].bought ? q : p->items[i].bought;
		}
		any |= p->items[i].quantity > 0;
	}
	return any;
}

/* Cancels, or returns the chosen lines, through the backend, after the
 * shopper's yes. The action's idempotency key is kept in the catalog
 * until its outcome is known, so saying yes again after a failure (also
 * after a restart) retries the same request, done at most once. */
static void perform(struct turn *t, enum dlg_action action)
{
	dialogue *d = t->d;
	struct dlg_pending *p = &d->pending;
	struct order_backend *b = d->orders;
	if (action == ACT_RETURN_ORDER)
		return_items_var(t);
	struct order_line lines[DLG_MAX_RETURN];
	size_t n = 0;
	struct buf what;
	buf_init(&what);
	buf_printf(&what, "%s\n%s\n%s\n", action == ACT_CANCEL_ORDER ? "cancel" : "return",
	           d->order_ref, d->order_verify ? d->order_verify : "");
	for (size_t i = 0; action == ACT_RETURN_ORDER && i < p->n_items; i++) {
		if (!p->items[i].quantity)
			continue;
		lines[n++] = (struct order_line){p->items[i].product, p->items[i].quantity, NULL};
		buf_printf(&what, "%s*%lld\n", p->items[i].product, (long long)p->items[i].quantity);
	}
	const struct order_change ch = {
		.ref = d->order_ref, .verify = d->order_verify,
		.items = n ? lines : NULL, .n_items = n,
	};
	struct order o;
	memset(&o, 0, sizeof o);
	char *err = NULL;
	char *key = order_action_key(d->cat, what.s, &err);
	int rc = -1;
	if (key) {
		rc = action == ACT_CANCEL_ORDER ? b->cancel(b->ctx, &ch, key, &o, &err)
		                                : b->request_return(b->ctx, &ch, key, &o, &err);
		if (rc >= 0)
			order_action_done(d->cat, what.s);
	}
	free(key);
	buf_release(&what);
	turn_var(t, "order", d->order_ref);
	if (rc < 0) {
		/* an action whose outcome is unknown keeps its key for the retry */
		if (!unavailable(t, "order.change_unavailable", err))
			turn_fail(t, err);
		else
			suggest(t, "suggest.order");
		free(err);
		return;
	}
	free(err);
	if (refused(t, rc, action)) {
		order_release(&o);
		return;
	}
	turn_var(t, "status", o.status);
	if (rc == ORDERS_FORBIDDEN) {
		const char *key_refused = action == ACT_CANCEL_ORDER
		                                  ? (o.status ? "order.cancel_forbidden" : "order.cancel_refused")
		                                  : (o.status ? "order.return_forbidden" : "order.return_refused");
		say(t, key_refused);
	} else {
		say(t, action == ACT_CANCEL_ORDER ? "order.cancelled" : "order.returned");
	}
	suggest(t, "suggest.order");
	order_release(&o);
}

void order_answer(struct turn *t)
{
	dialogue *d = t->d;
	const struct nlu_entities *e = &t->out->nlu.entities;
	struct dlg_pending *p = &d->pending;
	enum dlg_action action = p->action;
	free(t->out->nlu.intent);
	t->out->nlu.intent = xstrdup(intent_of[action]);
	if (p->ask == ASK_CONFIRM) {
		bool yes = t->r.yes;
		if (!yes) {
			turn_var(t, "order", d->order_ref);
			say(t, action == ACT_CANCEL_ORDER ? "order.cancel_kept" : "order.return_kept");
			suggest(t, "suggest.order");
		} else {
			perform(t, action);
		}
		state_ask_clear(d);
		return;
	}
	if (p->ask == ASK_RETURN_ITEMS) {
		if (!pick_return_lines(t)) {
			say(t, "order.return_which_again");
			list_return_lines(t);
			suggest(t, "suggest.return_which");
			return;
		}
		confirm_return(t);
		return;
	}
	bool one_token = !strpbrk(t->lower, " \t");
	if (p->ask == ASK_ORDER_VERIFY && one_token && !e->email) {
		/* a lone word or number answering "email or postcode?" is the
		 * verification, even when it looks like an order number; as
		 * typed ("P1001U", a kiosk pickup reference, is no "p1001you") */
		char *typed = as_typed(t);
		state_order_verify(d, e->postcode ? e->postcode : typed);
		free(typed);
		advance(t, action);
		return;
	}
	enum dlg_ask was = p->ask;
	take_entities(t);
	if (was == ASK_ORDER_ID && !e->order_id) {
		char *num = order_number_in(t->input, e);
		if (num)
			state_order_set(d, num);
		free(num);
	} else if (was == ASK_ORDER_VERIFY && !e->email && !e->postcode && !e->order_id) {
		/* a bare answer is the verification as typed */
		char *typed = as_typed(t);
		size_t n = strlen(typed);
		if (n && n <= MAX_SLOT)
			state_order_verify(d, typed);
		free(typed);
	}
	/* the order asked about again ("where is my order 10422?") is clear:
	 * only the details it needs are asked for */
	if ((was == ASK_ORDER_ID && !d->order_ref) ||
	    (was == ASK_ORDER_VERIFY && !d->order_verify && !e->order_id))
		say(t, "order.slot_unclear");
	advance(t, action);
}
