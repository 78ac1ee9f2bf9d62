/*
 * personal.c: personalization in the conversation, behind the consent.
 */
#include "src/dialogue/personal.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "catalog/shop/experiments.h"
#include "common/xalloc.h"
#include "src/dialogue/state.h"
#include "src/dialogue/turn.h"

/* An eco share of the shopper's interest at least this strong, over at
 * least ECO_MIN_EVENTS events, shows they care. */
#define ECO_SHARE 0.25
#define ECO_MIN_EVENTS 2

enum profile_consent personal_consent(dialogue *d)
{
	if (!d->customer)
		return PROFILE_CONSENT_UNASKED;
	if (!d->consent_read) {
		enum profile_consent c = PROFILE_CONSENT_UNASKED;
		if (profile_consent(d->cat, d->customer, &c, NULL) < 0)
			return PROFILE_CONSENT_UNASKED; /* unread: not personalized, asked later */
		d->consent = (int)c;
		d->consent_read = true;
	}
	return (enum profile_consent)d->consent;
}

int personal_consent_set(dialogue *d, bool granted, char **err)
{
	if (profile_set_consent(d->cat, d->customer, granted, err) < 0)
		return -1;
	d->consent = granted ? PROFILE_CONSENT_GRANTED : PROFILE_CONSENT_REFUSED;
	d->consent_read = true;
	d->profile_turn = 0; /* read again */
	return 0;
}

void personal_forget(dialogue *d)
{
	d->consent_read = false;
	d->consent_asked = false;
	d->reminded = false;
	profile_release(d->profile);
	free(d->profile);
	d->profile = NULL;
}

/* The customer's profile for this turn, read once however many lists the
 * turn ranks; NULL without personalization. */
static const struct profile *turn_profile(dialogue *d)
{
	const char *customer = personal_customer(d);
	if (!customer)
		return NULL;
	if (d->profile && d->profile_turn == d->turn)
		return d->profile;
	if (!d->profile)
		d->profile = xcalloc(1, sizeof *d->profile);
	profile_release(d->profile);
	size_t n_eco;
	const char *const *eco = personal_eco_words(d, &n_eco);
	if (profile_read(d->cat, customer, NULL, (int64_t)time(NULL), eco, n_eco, d->profile,
	                 NULL) < 0)
		return NULL; /* not personalized this time */
	d->profile_turn = d->turn;
	return d->profile;
}

const char *personal_customer(dialogue *d)
{
	return personal_consent(d) == PROFILE_CONSENT_GRANTED ? d->customer : NULL;
}

void personal_rerank(dialogue *d, struct search_hit *hits, size_t n, bool sorted)
{
	if (d->no_personal_ranking || sorted || n < 3)
		return;
	const struct profile *p = turn_profile(d);
	if (!p || !p->n_affinities)
		return;
	/* a running "ranking_nudge" experiment may hold it back: its variant
	 * "off" searches without it (exposure: the first search it would
	 * have moved) */
	char *variant = NULL;
	experiment_variant(d->cat, "ranking_nudge", d->customer, &variant, NULL, NULL);
	bool off = variant && !strcmp(variant, "off");
	free(variant);
	if (off)
		return;
	/* hits[0] stays: the nudge never hides the best text match. The
	 * hits carry what the fit needs, so no product is read again. */
	size_t m = n - 1;
	const struct product_view **v = xmalloc(m * sizeof *v);
	for (size_t i = 0; i < m; i++)
		v[i] = &hits[i + 1].p;
	profile_rerank_views(p, v, m);
	size_t *from = xmalloc(m * sizeof *from);
	for (size_t i = 0; i < m; i++)
		for (size_t k = 0; k < m; k++)
			if (v[i] == &hits[k + 1].p) {
				from[i] = k;
				break;
			}
	struct search_hit *was = xmalloc(m * sizeof *was);
	memcpy(was, hits + 1, m * sizeof *was);
	for (size_t i = 0; i < m; i++)
		hits[i + 1] = was[from[i]];
	free(was);
	free(from);
	free(v);
}

const char *const *personal_eco_words(dialogue *d, size_t *n)
{
	if (!d->eco_words) {
		size_t count = replies_count(d->rp, "lexicon.eco");
		d->eco_words = xcalloc(count + 1, sizeof *d->eco_words);
		for (size_t i = 0; i < count; i++)
			d->eco_words[d->n_eco_words++] = replies_raw(d->rp, "lexicon.eco", i);
	}
	*n = d->n_eco_words;
	return d->eco_words;
}

bool personal_ask_consent(struct turn *t)
{
	dialogue *d = t->d;
	if (!d->customer || d->consent_asked || d->pending.ask != ASK_NONE ||
	    personal_consent(d) != PROFILE_CONSENT_UNASKED)
		return false;
	d->consent_asked = true;
	state_ask(d, ASK_CONFIRM, ACT_CONSENT);
	say(t, "+consent.ask");
	suggest(t, "suggest.consent");
	return true;
}

void personal_eco_nudge(struct turn *t, const struct product_view *shown, size_t n)
{
	dialogue *d = t->d;
	if (!n || !shown[0].category)
		return;
	const struct profile *p = turn_profile(d);
	if (!p || !profile_top(p, PROFILE_ECO) || p->n_events < ECO_MIN_EVENTS)
		return;
	double share = 0;
	for (size_t i = 0; i < p->n_affinities; i++)
		if (p->affinities[i].kind == PROFILE_ECO)
			share += p->affinities[i].share;
	if (share < ECO_SHARE)
		return;
	size_t n_eco;
	const char *const *eco = personal_eco_words(d, &n_eco);
	struct product_view pick;
	char *label = NULL;
	if (profile_eco_pick(d->cat, shown[0].category, eco, n_eco, &pick, &label, NULL) < 0 ||
	    !pick.id) {
		free(label);
		return;
	}
	bool listed = false;
	for (size_t i = 0; i < n && !listed; i++)
		listed = !strcmp(shown[i].id, pick.id);
	turn_var(t, "name", pick.name);
	turn_var(t, "label", label);
	if (pick.has_price)
		turn_money(t, "price", pick.price_cents, pick.currency);
	else
		turn_var(t, "price", NULL);
	say_first(t, listed ? "+personal.eco_listed" : "+personal.eco_alternative");
	free(label);
	product_view_release(&pick);
}
