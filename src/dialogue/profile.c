/*
 * profile.c: the shopper's account and privacy talk: signing in ("I'm
 * customer c1042", then the email or postcode on the account), consent
 * to personalize (asked once, withdrawn with "stop personalizing"), what
 * clerk knows about them, the export of their data, "forget me", signing
 * out, and the returning customer's reminder of a waiting cart.
 *
 * Only a signed-in customer (verified here, or named by the front end's
 * --customer) has data to see, export or delete; anything that deletes
 * waits for a yes to a question that says what will go.
 */
#include "src/dialogue/handlers.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "catalog/recommend/recommend.h"
#include "catalog/shop/cart.h"
#include "catalog/shop/profile.h"
#include "common/xalloc.h"
#include "src/dialogue/personal.h"
#include "src/dialogue/state.h"
#include "src/dialogue/turn.h"
#include "src/dialogue/words.h"

#define MAX_ID 64
#define REMIND_NAMES 3

/* Sets {var} to n and {var}_noun to the singular or plural word of the
 * template keys "word.<singular>" / "word.<singular>s". var is static. */
static void count_var(struct turn *t, const char *var, const char *noun_var, long long n,
                      const char *singular)
{
	turn_varf(t, var, "%lld", n);
	char *key = xasprintf(n == 1 ? "word.%s" : "word.%ss", singular);
	turn_var(t, noun_var, replies_raw(t->d->rp, key, 0));
	free(key);
}

/* ---- signing in ---- */

/* Where in lower the first phrase of section ends, or NULL. */
static const char *after_phrase(const dialogue *d, const char *lower, const char *section)
{
	const char *best = NULL, *v;
	for (size_t i = 0; (v = replies_raw(d->rp, section, i)); i++) {
		size_t n = strlen(v);
		for (const char *p = lower; n && (p = strstr(p, v)); p++) {
			bool left = p == lower || !isalnum((unsigned char)p[-1]);
			bool right = !isalnum((unsigned char)p[n]);
			if (left && right) {
				if (!best || p + n < best)
					best = p + n;
				break;
			}
		}
	}
	return best;
}

/* The first word of s (as typed) that holds a digit and no '@', short
 * enough to be a customer id ("c1042", "1042"): an id says which
 * customer, the words around it ("is", "number", "please") do not. Heap,
 * or NULL. */
static char *id_word(const char *s)
{
	for (;;) {
		while (*s && !isalnum((unsigned char)*s))
			s++;
		if (!*s)
			return NULL;
		size_t n = strcspn(s, " \t,;?!()\"");
		size_t k = n;
		while (k && !isalnum((unsigned char)s[k - 1]))
			k--;
		bool digit = false;
		for (size_t i = 0; i < k; i++)
			digit |= isdigit((unsigned char)s[i]) != 0;
		if (digit && k <= MAX_ID && !memchr(s, '@', k))
			return xstrndup(s, k);
		s += n;
	}
}

/* The id the turn gives after a sign-in phrase, or (answering the
 * question for it) anywhere. */
static char *id_in_turn(struct turn *t, bool anywhere)
{
	const char *in = t->input;
	while (*in && isspace((unsigned char)*in))
		in++;
	const char *end = after_phrase(t->d, t->lower, "lexicon.sign_in");
	if (!end)
		end = after_phrase(t->d, t->lower, "lexicon.customer_words");
	if (end)
		return id_word(in + (end - t->lower));
	return anywhere ? id_word(in) : NULL;
}

bool profile_signs_in(const struct turn *t)
{
	const dialogue *d = t->d;
	if (words_says(d, t->lower, "lexicon.sign_in"))
		return true;
	/* "customer 1042 here": a customer word and right after it an id */
	const char *v;
	for (size_t i = 0; (v = replies_raw(d->rp, "lexicon.customer_words", i)); i++) {
		size_t n = strlen(v);
		for (const char *p = t->lower; n && (p = strstr(p, v)); p++) {
			if ((p > t->lower && isalnum((unsigned char)p[-1])) || isalnum((unsigned char)p[n]))
				continue;
			const char *w = p + n;
			while (*w == ' ' || *w == '#' || *w == ':')
				w++;
			size_t k = strcspn(w, " ,;?!.");
			for (size_t j = 0; j < k; j++)
				if (isdigit((unsigned char)w[j]))
					return !memchr(w, '@', k);
		}
	}
	return false;
}

/* What the turn gives to check the account with: an email, else a
 * postcode that is not the id itself, else (answering the question) a
 * short text as typed. */
static char *verify_in_turn(struct turn *t, const char *id, bool answering)
{
	const struct nlu_entities *e = &t->out->nlu.entities;
	if (e->email)
		return xstrdup(e->email);
	if (e->postcode && (!id || strcasecmp(e->postcode, id)))
		return xstrdup(e->postcode);
	if (!answering)
		return NULL;
	const char *in = t->input;
	while (*in && isspace((unsigned char)*in))
		in++;
	size_t n = strlen(in);
	while (n && (isspace((unsigned char)in[n - 1]) || in[n - 1] == '.'))
		n--;
	return n && n <= 32 ? xstrndup(in, n) : NULL;
}

/* The shopper's waiting cart, once a session: its items and total, and
 * one product that goes with them. */
static void tell_cart(struct turn *t)
{
	dialogue *d = t->d;
	int64_t cart;
	struct cart_contents cc;
	if (state_cart(d, &cart, NULL) < 0 || cart_list(d->cat, cart, &cc, NULL) < 0)
		return;
	if (!cc.n) {
		cart_contents_release(&cc);
		return;
	}
	struct buf names;
	buf_init(&names);
	const char *with[REMIND_NAMES];
	size_t n = cc.n < REMIND_NAMES ? cc.n : REMIND_NAMES;
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_adds(&names, i + 1 == n && cc.n == n ? " and " : ", ");
		buf_adds(&names, cc.lines[i].name);
		with[i] = cc.lines[i].product;
	}
	turn_count(t, "items", (long long)cc.items);
	turn_money(t, "total", cc.total_cents, cc.lines[0].currency);
	turn_var(t, "names", names.s);
	turn_varf(t, "others", "%zu", cc.n - n);
	say_first(t, cc.n > n ? "reminder.cart_more" : "reminder.cart");
	buf_release(&names);
	/* what goes with them: the basket's, not the shopper's history */
	struct recommend_request q = {
		.with = with, .n_with = n, .limit = 1, .mode = RECOMMEND_COMPLEMENT,
	};
	struct recommendation *r = NULL;
	size_t nr = 0;
	if (recommend_run(d->cat, &q, &r, &nr, NULL) == 0 && nr) {
		turn_var(t, "name", r[0].p.name);
		if (r[0].p.has_price)
			turn_money(t, "price", r[0].p.price_cents, r[0].p.currency);
		else
			turn_var(t, "price", NULL);
		say_first(t, "reminder.goes_with");
		suggest(t, "suggest.reminder");
	}
	recommend_free(r, nr);
	cart_contents_release(&cc);
}

void profile_remind(struct turn *t)
{
	dialogue *d = t->d;
	d->reminded = true;
	bool waiting = false;
	if (d->customer &&
	    profile_cart_waiting(d->cat, d->customer, d->started_at, &waiting, NULL) == 0 &&
	    waiting) {
		tell_cart(t);
		/* once for a cart as it was left: not again until it changes */
		profile_cart_reminded(d->cat, d->customer, (int64_t)time(NULL), NULL);
	}
}

static void sign_in_as(struct turn *t, const char *id, const char *verify)
{
	dialogue *d = t->d;
	enum profile_sign_in r;
	char *err = NULL;
	if (profile_sign_in(d->cat, id, verify, (int64_t)time(NULL), &r, &err) < 0) {
		turn_fail(t, err);
		free(err);
		return;
	}
	if (r == PROFILE_LOCKED) {
		say(t, "signin.locked");
		suggest(t, "suggest.start");
		return;
	}
	if (r == PROFILE_NO_MATCH) {
		say(t, "signin.no_match");
		suggest(t, "suggest.start");
		return;
	}
	/* a cart they had from before is the one to remind them of */
	bool waiting = false;
	profile_cart_waiting(d->cat, id, INT64_MAX, &waiting, NULL);
	if (!d->customer && d->cart_id &&
	    profile_adopt_session_cart(d->cat, id, d->session, &err) < 0) {
		turn_fail(t, err);
		free(err);
		return;
	}
	free(d->customer);
	d->customer = xstrdup(id);
	d->cart_id = 0;
	free(d->contact);
	d->contact = NULL;
	state_order_forget(d);
	personal_forget(d);
	d->reminded = true;
	turn_var(t, "customer", id);
	say(t, "signin.done");
	if (waiting) {
		tell_cart(t);
		profile_cart_reminded(d->cat, id, (int64_t)time(NULL), NULL);
	}
	suggest(t, "suggest.signed_in");
}

void dlg_sign_in(struct turn *t)
{
	dialogue *d = t->d;
	char *id = id_in_turn(t, false);
	if (!id) {
		state_ask(d, ASK_CUSTOMER_ID, ACT_SIGN_IN);
		say(t, "signin.ask_id");
		suggest(t, "suggest.start");
		return;
	}
	if (d->customer && !strcmp(d->customer, id)) {
		turn_var(t, "customer", id);
		say(t, "signin.already");
		suggest(t, "suggest.start");
		free(id);
		return;
	}
	char *verify = verify_in_turn(t, id, false);
	if (verify) {
		sign_in_as(t, id, verify);
	} else {
		state_ask(d, ASK_CUSTOMER_VERIFY, ACT_SIGN_IN);
		d->pending.sign_in = xstrdup(id);
		say(t, "signin.ask_verify");
		suggest(t, "suggest.start");
	}
	free(verify);
	free(id);
}

bool profile_takes_answer(const struct turn *t)
{
	const struct nlu_result *n = &t->out->nlu;
	if (t->d->pending.ask == ASK_CUSTOMER_VERIFY && (n->entities.email || n->entities.postcode))
		return true;
	/* a short answer is one, whatever it classified as */
	size_t words = 1;
	for (const char *p = t->lower; *p; p++)
		words += *p == ' ';
	return words <= 3 && strlen(t->lower) <= 40;
}

static void sign_in_answer(struct turn *t)
{
	dialogue *d = t->d;
	if (t->r.no || words_is(d, t->lower, "lexicon.stop")) {
		state_ask_clear(d);
		say(t, "signin.dropped");
		suggest(t, "suggest.start");
		return;
	}
	if (d->pending.ask == ASK_CUSTOMER_ID) {
		char *id = id_in_turn(t, true);
		state_ask_clear(d);
		if (!id) {
			say(t, "signin.ask_id");
			state_ask(d, ASK_CUSTOMER_ID, ACT_SIGN_IN);
			return;
		}
		state_ask(d, ASK_CUSTOMER_VERIFY, ACT_SIGN_IN);
		d->pending.sign_in = id;
		say(t, "signin.ask_verify");
		suggest(t, "suggest.start");
		return;
	}
	char *id = d->pending.sign_in;
	d->pending.sign_in = NULL;
	char *verify = verify_in_turn(t, id, true);
	state_ask_clear(d);
	if (verify)
		sign_in_as(t, id, verify);
	else
		say(t, "signin.no_match");
	free(verify);
	free(id);
}

/* ---- consent ---- */

static void consent_answer(struct turn *t)
{
	dialogue *d = t->d;
	char *err = NULL;
	if (personal_consent_set(d, t->r.yes, &err) < 0) {
		turn_fail(t, err);
		free(err);
		return;
	}
	say(t, t->r.yes ? "consent.granted" : "consent.refused");
	suggest(t, "suggest.start");
}

/* "stop personalizing": at once; deleting what was recorded is asked. */
static void stop_personalizing(struct turn *t)
{
	dialogue *d = t->d;
	enum profile_consent was = personal_consent(d);
	char *err = NULL;
	if (personal_consent_set(d, false, &err) < 0) {
		turn_fail(t, err);
		free(err);
		return;
	}
	struct profile p;
	size_t events = 0;
	if (profile_read(d->cat, d->customer, NULL, (int64_t)time(NULL), NULL, 0, &p, NULL) == 0) {
		events = p.n_events;
		profile_release(&p);
	}
	say(t, was == PROFILE_CONSENT_GRANTED ? "consent.withdrawn" : "consent.already_off");
	if (events) {
		turn_count(t, "count", (long long)events);
		state_ask(d, ASK_CONFIRM, ACT_FORGET_HISTORY);
		say(t, "consent.delete_history");
		suggest(t, "suggest.confirm");
	} else {
		suggest(t, "suggest.privacy");
	}
}

static void start_personalizing(struct turn *t)
{
	char *err = NULL;
	if (personal_consent_set(t->d, true, &err) < 0) {
		turn_fail(t, err);
		free(err);
		return;
	}
	say(t, "consent.granted");
	suggest(t, "suggest.start");
}

static void forget_history_answer(struct turn *t)
{
	dialogue *d = t->d;
	if (!t->r.yes) {
		say(t, "history.kept");
		suggest(t, "suggest.privacy");
		return;
	}
	int64_t n = 0;
	char *err = NULL;
	if (profile_forget_history(d->cat, d->customer, &n, &err) < 0) {
		turn_fail(t, err);
		free(err);
		return;
	}
	turn_count(t, "count", (long long)n);
	say(t, "history.deleted");
	suggest(t, "suggest.privacy");
}

/* ---- what clerk knows ---- */

/* Is the template variable set (and known) for this turn? */
static bool turn_has(const struct turn *t, const char *name)
{
	for (size_t i = 0; i < t->n_vars; i++)
		if (!strcmp(t->vars[i].name, name))
			return t->vars[i].value != NULL;
	return false;
}

/* "A, B and C" of the affinities of kind, at most 3, into {var}. */
static void list_var(struct turn *t, const struct profile *p, enum profile_kind kind,
                     const char *var)
{
	const char *vals[3];
	size_t n = 0;
	for (size_t i = 0; i < p->n_affinities && n < 3; i++)
		if (p->affinities[i].kind == kind)
			vals[n++] = p->affinities[i].value;
	if (!n) {
		turn_var(t, var, NULL);
		return;
	}
	struct buf b;
	buf_init(&b);
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_adds(&b, i + 1 == n ? " and " : ", ");
		buf_adds(&b, vals[i]);
	}
	turn_var(t, var, b.s);
	buf_release(&b);
}

static void price_band_var(struct turn *t, const struct profile *p)
{
	const struct profile_affinity *band = profile_top(p, PROFILE_PRICE);
	turn_var(t, "band_lo", NULL);
	turn_var(t, "band_hi", NULL);
	turn_var(t, "band", band ? "" : NULL);
	if (!band)
		return;
	int64_t lo, hi;
	profile_price_band(band->value, &lo, &hi);
	if (lo > 0) {
		char *l = money(lo, t->d->currency);
		turn_var(t, "band_lo", l);
		free(l);
	}
	if (hi > 0) {
		char *h = money(hi, t->d->currency);
		turn_var(t, "band_hi", h);
		free(h);
	}
}

static void searches_var(struct turn *t, const struct profile *p)
{
	struct buf b;
	buf_init(&b);
	for (size_t i = 0; i < p->n_searches && i < 3; i++) {
		if (i)
			buf_adds(&b, ", ");
		buf_printf(&b, "\"%s\"", p->searches[i]);
	}
	turn_var(t, "searches", b.len ? b.s : NULL);
	buf_release(&b);
}

static void what_known(struct turn *t)
{
	dialogue *d = t->d;
	size_t n_eco;
	const char *const *eco = personal_eco_words(d, &n_eco);
	struct profile p;
	char *err = NULL;
	if (profile_read(d->cat, d->customer, d->session, (int64_t)time(NULL), eco, n_eco, &p,
	                 &err) < 0) {
		turn_fail(t, err);
		free(err);
		return;
	}
	if (!d->customer) {
		searches_var(t, &p);
		say_first(t, "profile.anonymous");
		profile_release(&p);
		suggest(t, "suggest.sign_in");
		return;
	}
	turn_var(t, "customer", d->customer);
	count_var(t, "orders", "orders_noun", (long long)p.orders, "order");
	/* a standing worth telling: a regular, or one of the best */
	char *tier = xasprintf("word.tier%d", p.tier);
	turn_var(t, "tier", p.tier >= 2 ? replies_raw(d->rp, tier, 0) : NULL);
	free(tier);
	turn_money(t, "spent", p.spent_cents, t->d->currency);
	enum profile_consent consent = personal_consent(d);
	say_first(t, p.orders ? "profile.orders" : "profile.no_orders");
	if (consent != PROFILE_CONSENT_GRANTED) {
		say(t, consent == PROFILE_CONSENT_REFUSED ? "+profile.not_recording_refused"
		                                          : "+profile.not_recording");
		if (p.n_events) {
			turn_count(t, "count", (long long)p.n_events);
			say(t, "+profile.kept_history");
		}
	} else if (!p.n_events) {
		say(t, "+profile.nothing_yet");
	} else {
		char since[16];
		time_t first = (time_t)p.first_at;
		strftime(since, sizeof since, "%Y-%m-%d", gmtime(&first));
		turn_count(t, "count", (long long)p.n_events);
		turn_var(t, "since", since);
		say(t, "+profile.recorded");
		list_var(t, &p, PROFILE_BRAND, "brands");
		list_var(t, &p, PROFILE_CATEGORY, "categories");
		list_var(t, &p, PROFILE_COLOR, "colors");
		list_var(t, &p, PROFILE_ECO, "eco");
		price_band_var(t, &p);
		searches_var(t, &p);
		static const struct {
			const char *var, *key;
		} lines[] = {
			{"brands", "+profile.brands"}, {"categories", "+profile.categories"},
			{"band", "+profile.price"},    {"colors", "+profile.colors"},
			{"eco", "+profile.eco"},       {"searches", "+profile.searches"},
		};
		for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
			if (turn_has(t, lines[i].var))
				say_first(t, lines[i].key);
	}
	say(t, "+profile.rights");
	profile_release(&p);
	suggest(t, "suggest.privacy");
}

/* ---- export and forgetting ---- */

/* A file path the shopper gives ("export my data to ~/me.json"): a word
 * that starts with '/' or "~/" (the home folder). Heap, or NULL. */
static char *path_in(const char *text)
{
	for (const char *s = text; *s; s++) {
		if ((s != text && !isspace((unsigned char)s[-1])) ||
		    !(*s == '/' || (s[0] == '~' && s[1] == '/')))
			continue;
		size_t n = strcspn(s, " \t\"'");
		while (n && strchr(".,;!?", s[n - 1]))
			n--;
		if (*s != '~')
			return xstrndup(s, n);
		const char *home = getenv("HOME");
		return home && *home ? xasprintf("%s%.*s", home, (int)n - 1, s + 1) : NULL;
	}
	return NULL;
}

static void export_data(struct turn *t)
{
	dialogue *d = t->d;
	char *path = NULL, *err = NULL;
	if (d->shared_terminal) {
		/* a file on a kiosk is no copy the shopper can take away */
		say(t, "privacy.export_shared");
		suggest(t, "suggest.privacy");
		return;
	}
	char *given = path_in(t->input);
	if (given && access(given, F_OK) == 0) {
		/* never over another file */
		turn_var(t, "path", given);
		say(t, "privacy.export_exists");
		suggest(t, "suggest.privacy");
		free(given);
		return;
	}
	int rc = profile_export_file(d->cat, d->customer, given, (int64_t)time(NULL), &path, &err);
	free(given);
	if (rc < 0) {
		turn_fail(t, err);
		free(err);
		return;
	}
	turn_var(t, "path", path);
	say(t, path ? "privacy.exported" : "privacy.nothing_stored");
	free(path);
	suggest(t, "suggest.privacy");
}

static void forget_answer(struct turn *t)
{
	dialogue *d = t->d;
	if (!t->r.yes) {
		say(t, "privacy.kept");
		suggest(t, "suggest.privacy");
		return;
	}
	struct profile_forgotten f;
	char *err = NULL;
	if (profile_forget(d->cat, d->customer, &f, &err) < 0) {
		turn_fail(t, err);
		free(err);
		return;
	}
	turn_count(t, "count", (long long)f.events);
	count_var(t, "offers", "offers_noun", (long long)f.offers, "offer");
	count_var(t, "handoffs", "handoffs_noun", (long long)f.handoffs, "request");
	count_var(t, "orders", "orders_noun", (long long)f.orders, "order");
	/* what went, the parts there were: "your profile, your cart and 3
	 * items of history" */
	const struct {
		int64_t n;
		const char *key;
	} parts[] = {
		{1, "forgot.profile"},         {f.consents, "forgot.consent"},
		{f.carts, "forgot.cart"},      {f.events, "forgot.history"},
		{f.offers, "forgot.offers"},   {f.handoffs, "forgot.handoffs"},
	};
	char *said[sizeof parts / sizeof parts[0]];
	size_t n = 0;
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
		if (parts[i].n)
			said[n++] = replies_render(d->rp, parts[i].key, 0, t->vars, t->n_vars, NULL);
	struct buf b;
	buf_init(&b);
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_adds(&b, i + 1 == n ? " and " : ", ");
		buf_adds(&b, said[i]);
		free(said[i]);
	}
	turn_var(t, "deleted", b.s);
	buf_release(&b);
	say(t, "privacy.forgotten");
	if (f.orders)
		say(t, "privacy.orders_detached");
	/* from here on the session is anonymous: nothing may recreate them */
	free(d->customer);
	d->customer = NULL;
	d->cart_id = 0;
	free(d->promo_code);
	d->promo_code = NULL;
	state_order_forget(d);
	personal_forget(d);
	suggest(t, "suggest.start");
}

static void sign_out(struct turn *t)
{
	dialogue *d = t->d;
	if (!d->customer) {
		say(t, "signout.not_signed_in");
		suggest(t, "suggest.start");
		return;
	}
	free(d->customer);
	d->customer = NULL;
	d->cart_id = 0;
	free(d->promo_code);
	d->promo_code = NULL;
	state_order_forget(d);
	personal_forget(d);
	say(t, "signout.done");
	suggest(t, "suggest.start");
}

void dlg_privacy(struct turn *t)
{
	dialogue *d = t->d;
	const char *s = t->lower;
	/* the order matters: "delete my data" is no question about "my data" */
	if (words_says(d, s, "lexicon.sign_out")) {
		sign_out(t);
	} else if (!d->customer && (words_says(d, s, "lexicon.forget") ||
	                            words_says(d, s, "lexicon.export") ||
	                            words_says(d, s, "lexicon.stop_personal") ||
	                            words_says(d, s, "lexicon.start_personal"))) {
		say(t, "privacy.anonymous_rights");
		suggest(t, "suggest.sign_in");
	} else if (words_says(d, s, "lexicon.forget_history")) {
		state_ask(d, ASK_CONFIRM, ACT_FORGET_HISTORY);
		say(t, "history.confirm");
		suggest(t, "suggest.confirm");
	} else if (words_says(d, s, "lexicon.forget")) {
		/* deleting a customer's data cannot be undone: ask first */
		turn_var(t, "customer", d->customer);
		state_ask(d, ASK_CONFIRM, ACT_FORGET_ME);
		say(t, "privacy.forget_confirm");
		suggest(t, "suggest.confirm");
	} else if (words_says(d, s, "lexicon.export")) {
		export_data(t);
	} else if (words_says(d, s, "lexicon.stop_personal")) {
		stop_personalizing(t);
	} else if (words_says(d, s, "lexicon.start_personal")) {
		start_personalizing(t);
	} else if (words_says(d, s, "lexicon.what_known")) {
		what_known(t);
	} else {
		say(t, d->customer ? "privacy.what" : "privacy.anonymous");
		suggest(t, "suggest.privacy");
	}
}

void profile_answer(struct turn *t)
{
	dialogue *d = t->d;
	enum dlg_action action = d->pending.action;
	if (d->pending.ask == ASK_CUSTOMER_ID || d->pending.ask == ASK_CUSTOMER_VERIFY) {
		sign_in_answer(t);
		return;
	}
	state_ask_clear(d);
	free(t->out->nlu.intent);
	t->out->nlu.intent = xstrdup("account_privacy");
	if (action == ACT_CONSENT)
		consent_answer(t);
	else if (action == ACT_FORGET_HISTORY)
		forget_history_answer(t);
	else if (action == ACT_FORGET_ME)
		forget_answer(t);
}
