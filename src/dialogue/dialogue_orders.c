/*
 * dialogue_orders.c: order status, cancel and return. The order number and
 * the email or postcode on the order are slots filled across turns (or
 * both in one message); nothing about an order is said before it verifies,
 * and a refusal never tells whether the order exists.
 */
#include "src/dialogue/dialogue_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/xalloc.h"

#define MAX_SLOT 80

static void set_slot(char **slot, const char *value)
{
	free(*slot);
	*slot = value ? xstrdup(value) : NULL;
}

/* An order number typed alone: the first token holding a digit. */
static char *order_number_in(const char *s)
{
	while (*s) {
		while (*s && !isalnum((unsigned char)*s))
			s++;
		const char *start = s;
		bool digit = false;
		while (*s && (isalnum((unsigned char)*s) || *s == '-')) {
			digit |= isdigit((unsigned char)*s) != 0;
			s++;
		}
		if (digit && s - start <= 32)
			return xstrndup(start, (size_t)(s - start));
	}
	return NULL;
}

static void say_order(struct turn *t, const struct order *o)
{
	turn_var(t, "order", o->id);
	turn_var(t, "status", o->status);
	turn_var(t, "placed", o->placed_at);
	char *m = money(o->total_cents, o->currency);
	turn_var(t, "total", m);
	free(m);
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
		turn_var(t, "at", o->events[i].at);
		turn_var(t, "event", o->events[i].status);
		turn_var(t, "location", o->events[i].location);
		say(t, o->events[i].location ? "+order.event" : "+order.event_plain");
	}
}

bool dlg_order_unavailable(struct turn *t, const char *key, const char *err)
{
	if (!t->d->orders->remote)
		return false;
	turn_fail(t, err);
	turn_var(t, "reason", err);
	say(t, key);
	return true;
}

/* "10 minutes ago", in the words of assets/replies. Heap. */
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

/* Calls the backend for the pending action. A change goes with the key of
 * this same request's earlier try when its outcome is not known. */
static int call_backend(dialogue *d, struct order *o, char **err)
{
	struct order_backend *b = d->orders;
	if (d->order_action == ORDER_STATUS)
		return b->lookup(b->ctx, d->order_ref, d->order_verify, o, err);
	static const char *const kinds[] = {[ORDER_CANCEL] = "cancel", [ORDER_RETURN] = "return"};
	char *what = xasprintf("%s\n%s\n%s", kinds[d->order_action], d->order_ref,
	                       d->order_verify);
	char *key = order_action_key(d->cat, what, err);
	int rc = -1;
	if (key) {
		const struct order_change ch = {.ref = d->order_ref, .verify = d->order_verify};
		rc = d->order_action == ORDER_CANCEL ? b->cancel(b->ctx, &ch, key, o, err)
		                                     : b->request_return(b->ctx, &ch, key, o, err);
		if (rc >= 0)
			order_action_done(d->cat, what);
	}
	free(key);
	free(what);
	return rc;
}

static void perform(struct turn *t)
{
	dialogue *d = t->d;
	struct order o;
	memset(&o, 0, sizeof o);
	char *err = NULL;
	int rc = call_backend(d, &o, &err);
	turn_var(t, "order", d->order_ref);
	if (rc < 0) {
		/* An action whose outcome is unknown keeps its key for the retry. */
		d->pending = PENDING_NONE;
		if (!dlg_order_unavailable(t, d->order_action == ORDER_STATUS
		                                      ? "order.unavailable"
		                                      : "order.change_unavailable",
		                           err))
			turn_fail(t, err);
		else
			suggest(t, "suggest.order");
		free(err);
		return;
	}
	if (rc == ORDERS_NO_MATCH || rc == ORDERS_LOCKED)
		free(err); /* nothing to say but the refusal */
	if (rc == ORDERS_NO_MATCH) {
		/* Same words whether the order is missing or the check failed. */
		set_slot(&d->order_verify, NULL);
		d->pending = PENDING_ORDER_VERIFY;
		say(t, "order.no_match");
		suggest(t, "suggest.order_retry");
		return;
	}
	if (rc == ORDERS_LOCKED) {
		set_slot(&d->order_verify, NULL);
		d->pending = PENDING_NONE;
		say(t, "order.locked");
		suggest(t, "suggest.order_locked");
		return;
	}
	d->pending = PENDING_NONE;
	if (rc == ORDERS_STALE) {
		/* The service failed: its last answer, with its age. */
		dlg_order_unavailable(t, "order.unavailable", err);
		char *age = age_words(d, (int64_t)time(NULL) - o.as_of);
		turn_var(t, "age", age);
		free(age);
		say(t, "order.stale");
	}
	free(err);
	turn_var(t, "status", o.status);
	static const char *const done[] = {
		[ORDER_STATUS] = NULL, [ORDER_CANCEL] = "order.cancelled", [ORDER_RETURN] = "order.returned"};
	static const char *const refused[] = {
		[ORDER_STATUS] = NULL, [ORDER_CANCEL] = "order.cancel_forbidden",
		[ORDER_RETURN] = "order.return_forbidden"};
	static const char *const refused_unknown[] = {
		[ORDER_STATUS] = NULL, [ORDER_CANCEL] = "order.cancel_refused",
		[ORDER_RETURN] = "order.return_refused"};
	if (rc == ORDERS_FORBIDDEN)
		say(t, o.status ? refused[d->order_action] : refused_unknown[d->order_action]);
	else if (done[d->order_action])
		say(t, done[d->order_action]);
	else
		say_order(t, &o);
	suggest(t, "suggest.order");
	order_release(&o);
}

/* Asks for what is missing, or performs the action when nothing is. */
static void advance(struct turn *t)
{
	dialogue *d = t->d;
	if (!d->order_ref) {
		d->pending = PENDING_ORDER_ID;
		say(t, "order.ask_id");
		suggest(t, "suggest.order_id");
		return;
	}
	if (!d->order_verify) {
		d->pending = PENDING_ORDER_VERIFY;
		turn_var(t, "order", d->order_ref);
		say(t, "order.ask_verify");
		suggest(t, "suggest.order_verify");
		return;
	}
	perform(t);
}

/* Takes the slots the utterance fills. */
static void take_entities(struct turn *t)
{
	dialogue *d = t->d;
	const struct nlu_entities *e = &t->out->nlu.entities;
	if (e->order_id && (!d->order_ref || strcmp(d->order_ref, e->order_id))) {
		set_slot(&d->order_ref, e->order_id);
		set_slot(&d->order_verify, NULL); /* a new order needs its own check */
	}
	if (e->email)
		set_slot(&d->order_verify, e->email);
	else if (e->postcode)
		set_slot(&d->order_verify, e->postcode);
}

static void start(struct turn *t, enum dlg_order_action action)
{
	dialogue *d = t->d;
	d->order_action = action;
	take_entities(t);
	if (!t->out->nlu.entities.order_id) {
		/* "where is 50002?" when the NLU did not tag the number. */
		char *num = order_number_in(t->input);
		if (num && (!d->order_ref || strcmp(num, d->order_ref))) {
			set_slot(&d->order_ref, num);
			if (!t->out->nlu.entities.email && !t->out->nlu.entities.postcode)
				set_slot(&d->order_verify, NULL);
		}
		free(num);
	}
	advance(t);
}

void dlg_order_status(struct turn *t)
{
	start(t, ORDER_STATUS);
}

void dlg_cancel_order(struct turn *t)
{
	start(t, ORDER_CANCEL);
}

void dlg_return(struct turn *t)
{
	start(t, ORDER_RETURN);
}

void dlg_order_slot(struct turn *t)
{
	dialogue *d = t->d;
	const struct nlu_entities *e = &t->out->nlu.entities;
	/* The answer belongs to the order question whatever it classified as. */
	static const char *const intent_of[] = {
		[ORDER_STATUS] = "order_status", [ORDER_CANCEL] = "cancel_order",
		[ORDER_RETURN] = "return_refund"};
	free(t->out->nlu.intent);
	t->out->nlu.intent = xstrdup(intent_of[d->order_action]);
	enum dlg_pending was = d->pending;
	bool one_token = !strpbrk(t->lower, " \t");
	if (was == PENDING_ORDER_VERIFY && one_token && !e->email) {
		/* A lone word or number answering "email or postcode?" is the
		 * verification, even when it looks like an order number. */
		set_slot(&d->order_verify, e->postcode ? e->postcode : t->lower);
		advance(t);
		return;
	}
	take_entities(t);
	if (was == PENDING_ORDER_ID && !e->order_id) {
		char *num = order_number_in(t->input);
		if (num) {
			set_slot(&d->order_ref, num);
			set_slot(&d->order_verify, NULL);
		}
		free(num);
	} else if (was == PENDING_ORDER_VERIFY && !e->email && !e->postcode && !e->order_id) {
		/* A bare answer is the verification as typed. */
		char *v = xstrdup(t->input);
		char *s = v;
		while (isspace((unsigned char)*s))
			s++;
		size_t n = strlen(s);
		while (n && isspace((unsigned char)s[n - 1]))
			s[--n] = '\0';
		if (n && n <= MAX_SLOT)
			set_slot(&d->order_verify, s);
		free(v);
	}
	if ((was == PENDING_ORDER_ID && !d->order_ref) ||
	    (was == PENDING_ORDER_VERIFY && !d->order_verify)) {
		say(t, "order.slot_unclear");
	}
	advance(t);
}
