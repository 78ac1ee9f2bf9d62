/*
 * dialogue.c: the dialogue's lifecycle, the intent table and the dispatch
 * of a turn.
 *
 * A turn: the NLU reads the utterance (intent, entities); a pending
 * question gets the first look at it (a yes or no to a confirmation, a
 * slot answered); otherwise the intent is decided once (catalog words
 * outweigh a weak intent), the resolver grounds its references
 * (resolve.c), and the intent's handler from the table answers from that
 * reading.
 */
#include "src/dialogue/ask.h"
#include "src/dialogue/dialogue_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "catalog/shop/cart.h"
#include "catalog/search/autocomplete.h"
#include "catalog/search/search.h"
#include "catalog/search/vocab.h"
#include "catalog/shop/events.h"
#include "catalog/shop/experiments.h"
#include "catalog/shop/profile.h"
#include "catalog/store/index_language.h"
#include "common/xalloc.h"
#include "src/dialogue/attrs.h"
#include "src/dialogue/handlers.h"
#include "src/dialogue/lookup.h"
#include "src/dialogue/orders.h"
#include "src/dialogue/personal.h"
#include "src/dialogue/promo.h"
#include "src/dialogue/resolve.h"
#include "src/dialogue/state.h"
#include "src/dialogue/turn.h"
#include "src/dialogue/words.h"

/* Below this confidence the intent is not trusted on its own. */
#define MIN_CONFIDENCE 0.30
/* Below this, an intent that leaves the catalog (checkout, a hand-off to
 * staff) gives way to words that name products. */
#define UNSURE_LEAVING 0.75
#define VOCAB_LIMIT 5000

struct intent_entry {
	const char *intent;
	dlg_handler handler;
};

/* One line an intent. */
static const struct intent_entry intents[] = {
	{"greet", dlg_greet},
	{"goodbye", dlg_goodbye},
	{"help", dlg_help},
	{"thanks", dlg_thanks},
	{"search", dlg_search},
	{"refine", dlg_refine},
	{"product_question", dlg_question},
	{"compare", dlg_compare},
	{"recommend", dlg_recommend},
	{"add_to_cart", dlg_add},
	{"remove_from_cart", dlg_remove},
	{"view_cart", dlg_view_cart},
	{"checkout", dlg_checkout},
	{"order_status", dlg_order_status},
	{"cancel_order", dlg_cancel_order},
	{"return_refund", dlg_return},
	{"delivery_options", dlg_delivery},
	{"promotions", dlg_promotions},
	{"account_privacy", dlg_privacy},
	{"feedback", dlg_feedback},
	{"explain", dlg_explain},
	{"human_agent", dlg_human},
	{"out_of_scope", dlg_out_of_scope},
	{"foreign", dlg_foreign},
	{"policy", dlg_policy},
	{"sign_in", dlg_sign_in},
	{"size_advice", dlg_size_advice},
};

static const struct intent_entry *find_intent(const char *intent)
{
	for (size_t i = 0; intent && i < sizeof intents / sizeof intents[0]; i++)
		if (!strcmp(intents[i].intent, intent))
			return &intents[i];
	return NULL;
}

static void load_vocab(dialogue *d)
{
	struct vocab v;
	if (vocab_load(d->cat, VOCAB_LIMIT, &v, NULL) < 0)
		return; /* the NLU still works, it just knows no catalog words */
	struct nlu_vocab nv = {
		.brands = (const char *const *)v.brands, .n_brands = v.n_brands,
		.categories = (const char *const *)v.categories, .n_categories = v.n_categories,
		.colors = (const char *const *)v.colors, .n_colors = v.n_colors,
		.materials = (const char *const *)v.materials, .n_materials = v.n_materials,
	};
	nlu_set_vocab(d->nlu, &nv);
	for (size_t i = 0; i < v.n_categories && d->n_top_categories < 4; i++)
		d->top_categories[d->n_top_categories++] = xstrdup(v.categories[i]);
	d->category_words = xcalloc(v.n_categories ? v.n_categories : 1, sizeof *d->category_words);
	d->n_category_words = xcalloc(v.n_categories ? v.n_categories : 1,
	                              sizeof *d->n_category_words);
	for (size_t i = 0; i < v.n_categories; i++)
		d->category_words[i] = words_content(d, v.categories[i], &d->n_category_words[i]);
	d->n_category_names = v.n_categories;
	vocab_release(&v);
}

/* A session id unique across processes and machines (the event log,
 * the staff report and A/B assignments count sessions by it): 64 random
 * bits, or the time, the address and the turn when there is no entropy. */
static char *new_session(const dialogue *d)
{
	unsigned char b[8];
	if (getrandom(b, sizeof b, 0) != (ssize_t)sizeof b)
		return xasprintf("s%lx-%lx-%lu", (unsigned long)time(NULL),
		                 (unsigned long)(uintptr_t)d, d->turn);
	char hex[2 * sizeof b + 1];
	for (size_t i = 0; i < sizeof b; i++)
		snprintf(hex + 2 * i, 3, "%02x", b[i]);
	return xasprintf("s%s", hex);
}

/* Is word one of the catalog's own? A phrase: do products' names say
 * it? (entities_set_known()) */
static bool catalog_word(void *ctx, const char *word)
{
	dialogue *d = ctx;
	if (!strchr(word, ' '))
		return search_word_products(d->search, word, 1) > 0;
	return lookup_name_says(d, word);
}

/* The shop's currency, from a product of the catalog, for amounts said
 * before any product is shown ("around £50" said back). */
static void shop_currency(dialogue *d)
{
	struct search_query q;
	search_query_init(&q);
	q.limit = 1;
	struct search_result r;
	if (search_run(d->search, &q, &r, NULL) == 0 && r.n_hits && r.hits[0].p.currency &&
	    *r.hits[0].p.currency)
		d->currency = xstrdup(r.hits[0].p.currency);
	search_result_release(&r);
}

dialogue *dialogue_new(const struct dialogue_options *o, char **err)
{
	dialogue *d = xcalloc(1, sizeof *d);
	d->cat = o->cat;
	d->seed = o->seed;
	d->focus = -1;
	frame_init(&d->frame);
	d->customer = o->customer ? xstrdup(o->customer) : NULL;
	d->no_personal_ranking = o->no_personal_ranking;
	d->shared_terminal = o->shared_terminal;
	d->started_at = (int64_t)time(NULL);
	d->session = new_session(d);
	char *nerr = NULL, *language = NULL;
	if (index_language_get(d->cat, &language, NULL, err) < 0)
		goto fail;
	d->lang = lang_open(o->assets_dir, language, err);
	free(language);
	if (!d->lang)
		goto fail;
	if (o->dictionary_path && !(d->ordinary = dictionary_load(o->dictionary_path, err)))
		goto fail;
	d->nlu = nlu_new(d->lang, o->model_path, &nerr);
	if (!d->nlu) {
		if (err)
			*err = xasprintf("cannot load the intent model %s: %s", o->model_path,
			                 nerr ? nerr : "unknown error");
		free(nerr);
		goto fail;
	}
	nlu_set_dictionary(d->nlu, d->ordinary);
	/* a pack without a sentiment lexicon scores every feedback neutral */
	d->sentiment = sentiment_new(d->lang, d->ordinary, NULL);
	d->kiosk_payment = o->kiosk_payment ? xstrdup(o->kiosk_payment) : NULL;
	d->delivery = o->delivery && *o->delivery ? xstrdup(o->delivery) : NULL;
	d->returns = o->returns && *o->returns ? xstrdup(o->returns) : NULL;
	d->payment = o->payment && *o->payment ? xstrdup(o->payment) : NULL;
	d->location = o->location && *o->location ? xstrdup(o->location) : NULL;
	char *dir = lang_path(d->lang, "replies");
	d->rp = replies_new(dir, err);
	free(dir);
	if (!d->rp)
		goto fail;
	d->search = search_new(d->cat, NULL, d->lang, err);
	if (!d->search)
		goto fail;
	search_set_dictionary(d->search, d->ordinary);
	nlu_set_known_words(d->nlu, catalog_word, d);
	if (o->orders) {
		d->orders = o->orders;
	} else {
		d->own_orders = orders_local_new(d->cat);
		d->orders = d->own_orders;
	}
	load_vocab(d);
	attrs_load(d, o->assets_dir);
	shop_currency(d);
	return d;
fail:
	dialogue_free(d);
	return NULL;
}

static void forget_conversation(dialogue *d)
{
	state_list_forget(d);
	lookup_forget(d);
	state_frame_forget(d);
	state_ask_clear(d);
	state_order_forget(d);
	if (d->contact)
		explicit_bzero(d->contact, strlen(d->contact));
	free(d->contact);
	d->contact = NULL;
	free(d->promo_code);
	d->promo_code = NULL;
	free(d->policy_of);
	d->policy_of = NULL;
	state_variant_set(d, NULL, NULL);
	free(d->last_question);
	free(d->last_asked);
	d->last_question = d->last_asked = NULL;
	d->last_concept = NULL;
}

/* An anonymous session leaves nothing that links its searches together. */
static void end_session(dialogue *d)
{
	if (!d->customer && d->cat)
		profile_session_end(d->cat, d->session, NULL);
}

void dialogue_free(dialogue *d)
{
	if (!d)
		return;
	end_session(d);
	forget_conversation(d);
	personal_forget(d);
	nlu_free(d->nlu);
	sentiment_free(d->sentiment);
	free(d->kiosk_payment);
	free(d->delivery);
	free(d->returns);
	free(d->payment);
	free(d->location);
	free(d->currency); /* the shop's: it outlives a conversation */
	free(d->name_ends); /* the catalog's too */
	search_free(d->search);
	dictionary_free(d->ordinary);
	autocomplete_free(d->complete);
	replies_free(d->rp);
	lang_free(d->lang);
	for (size_t i = 0; i < d->n_top_categories; i++)
		free(d->top_categories[i]);
	for (size_t i = 0; i < d->n_category_names; i++)
		words_free(d->category_words[i], d->n_category_words[i]);
	free(d->category_words);
	free(d->n_category_words);
	attrs_release(d);
	order_backend_free(d->own_orders);
	free(d->eco_words);
	free(d->customer);
	free(d->session);
	free(d);
}

void dialogue_reset(dialogue *d)
{
	end_session(d);
	forget_conversation(d);
	personal_forget(d);
	d->started_at = (int64_t)time(NULL);
	free(d->customer);
	d->customer = NULL;
	free(d->session);
	d->session = new_session(d);
	d->cart_id = 0;
	d->reply_style = 0;
	d->reply_style_read = false;
}

/* ---- the turn ---- */

static char *lower_trim(const char *s)
{
	while (*s && isspace((unsigned char)*s))
		s++;
	char *l = xstrdup(s);
	size_t n = strlen(l);
	while (n && isspace((unsigned char)l[n - 1]))
		l[--n] = '\0';
	for (char *p = l; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return l;
}

static bool has_content(const char *s)
{
	for (; *s; s++)
		if (isalnum((unsigned char)*s) || (unsigned char)*s >= 0x80)
			return true;
	return false;
}

static bool is_order_intent(const char *intent)
{
	return intent && (!strcmp(intent, "order_status") || !strcmp(intent, "cancel_order") ||
	                  !strcmp(intent, "return_refund"));
}

/* What a dropped question had been about, said before the new turn's
 * answer: "(Nothing was ordered.)". */
static const char *const dropped[] = {
	[ACT_NONE] = NULL,
	[ACT_CHECKOUT] = "checkout.dropped",
	[ACT_EMPTY_CART] = "cart.empty_dropped",
	[ACT_ORDER_STATUS] = NULL,
	[ACT_CANCEL_ORDER] = "order.cancel_dropped",
	[ACT_RETURN_ORDER] = "order.return_dropped",
	[ACT_FORGET_ME] = "privacy.dropped",
	[ACT_ADD_OFFERED] = NULL,
	[ACT_CONSENT] = NULL, /* not answered: asked again another session */
	[ACT_FORGET_HISTORY] = "history.dropped",
	[ACT_SIGN_IN] = "signin.dropped",
};

/* The answer to a yes/no question goes to the family that asked it. */
static void confirmed(struct turn *t)
{
	switch (t->d->pending.action) {
	case ACT_CHECKOUT:
	case ACT_EMPTY_CART:
	case ACT_ADD_OFFERED:
		cart_answer(t);
		break;
	case ACT_CANCEL_ORDER:
	case ACT_RETURN_ORDER:
	case ACT_ORDER_STATUS:
		order_answer(t);
		break;
	case ACT_FORGET_ME:
	case ACT_CONSENT:
	case ACT_FORGET_HISTORY:
	case ACT_SIGN_IN:
		profile_answer(t);
		break;
	case ACT_NONE:
		state_ask_clear(t->d);
		break;
	}
}

/* Does text say a phrase of the section and nothing else that means
 * anything ("actually never mind", "ok forget it")? */
static bool only_says(dialogue *d, const char *text, const char *section)
{
	const char *phrase;
	for (size_t i = 0; (phrase = replies_raw(d->rp, section, i)); i++) {
		const char *p = words_at(text, phrase);
		if (!p)
			continue;
		char *rest = xasprintf("%.*s %s", (int)(p - text), text, p + strlen(phrase));
		size_t nw = 0;
		char **w = words_content(d, rest, &nw);
		words_free(w, nw);
		free(rest);
		if (!nw)
			return true;
	}
	return false;
}

/* "how many players" of a game in focus whose data has "number of
 * players": does a content word of the turn name one of its keys? */
static bool names_key_of_focus(struct turn *t)
{
	dialogue *d = t->d;
	struct product_view p;
	if (lookup_product(d, d->shown[d->focus].id, true, &p, NULL) < 0 || !p.id) {
		product_view_release(&p);
		return false;
	}
	size_t n = 0;
	char **w = words_content(d, t->lower, &n);
	bool named = false;
	for (size_t i = 0; i < p.n_attrs && !named; i++) {
		size_t nk = 0;
		char **kw = words_content(d, p.attrs[i].key, &nk);
		for (size_t k = 0; k < nk && !named; k++)
			for (size_t j = 0; j < n && !named; j++)
				named = !strcmp(kw[k], w[j]);
		words_free(kw, nk);
	}
	words_free(w, n);
	product_view_release(&p);
	return named;
}

/* Are the turn's product words (none, too) all words of the product in
 * focus, its name or its category ("game" of "Dragon Dash Board Game"),
 * or words of the concept asked ("long" of how long)? */
static bool only_words_of_focus(const struct turn *t, const char *concept)
{
	const dialogue *d = t->d;
	const char *pw = t->out->nlu.entities.product_words;
	if (!pw || !*pw)
		return true;
	const struct product_view *p = &d->shown[d->focus];
	char *own = xasprintf("%s %s", p->name ? p->name : "", p->category ? p->category : "");
	size_t n = 0;
	char **w = words_content(d, pw, &n);
	bool only = true;
	for (size_t i = 0; i < n && only; i++) {
		char *one[1] = {w[i]};
		only = words_in_text(one, 1, own) || ask_concept_word(d, concept, w[i]);
		/* ... or of a concept's phrase said: "long" of "how long does",
		 * "together" of "put together" ("how long does the bed take
		 * to put together") */
		const char *key;
		for (size_t k = 0; !only && (key = replies_key(d->rp, k)); k++) {
			if (strncmp(key, "attribute.", 10))
				continue;
			const char *phrase = words_said(d, t->lower, key);
			only = phrase && words_at(phrase, w[i]);
		}
	}
	words_free(w, n);
	free(own);
	return only;
}

/* An answer written as a code with a digit: one word ("60614", "sw1a1aa")
 * or a short one ("sw1a 1aa"). */
static bool code_with_digits(const char *lower)
{
	return strpbrk(lower, "0123456789") && (!strpbrk(lower, " \t") || strlen(lower) <= 12);
}

/* Does the turn answer the order question that is pending? A short
 * answer is, whatever it classified as; a long, confident change of topic
 * is not. */

static bool answers_order_slot(const struct turn *t)
{
	const struct nlu_result *n = &t->out->nlu;
	const struct nlu_entities *e = &n->entities;
	if (e->order_id || e->email || e->postcode)
		return true;
	if (words_says(t->d, t->lower, "lexicon.policy"))
		return false; /* "what is the return policy?" asks something else */
	/* asked for the email or postcode, an answer with neither is one
	 * written as a code ("sw1a 1aa": short, with a digit, or one word);
	 * anything else says something else: "can I return a rug?", "I want
	 * to return the eggs" */
	if (t->d->pending.ask == ASK_ORDER_VERIFY) {
		/* ("thanks", "ok" read surely as themselves are no code) */
		bool word = !strpbrk(t->lower, " \t") &&
		            (strpbrk(t->lower, "@") || n->confidence < 0.6 ||
		             is_order_intent(n->intent));
		return word || code_with_digits(t->lower);
	}
	if (is_order_intent(n->intent))
		return true;
	bool confident_other = n->confidence >= 0.6 && strchr(t->lower, ' ') &&
	                       !strpbrk(t->lower, "0123456789@");
	return !confident_other && (n->confidence < 0.6 || strlen(t->lower) <= 40);
}

/* Does the turn confidently ask another act on the cart than intent
 * ("remove the gin" when asked which one to add, "add the sloe one" when
 * asked which one was meant by a question)? */
static bool other_cart_act(const struct turn *t, const char *intent)
{
	const struct nlu_result *n = &t->out->nlu;
	static const char *const acts[] = {"add_to_cart", "remove_from_cart"};
	if (!n->intent || n->confidence < 0.6 || !strcmp(n->intent, intent))
		return false;
	for (size_t i = 0; i < sizeof acts / sizeof acts[0]; i++)
		if (!strcmp(n->intent, acts[i]))
			return true;
	return false;
}

/* A pending question gets the first look at the answer. Returns true when
 * it took the turn; otherwise the question is dropped (and the shopper
 * told what was not done), and the turn is answered as itself. When the
 * answer picks one of several products offered, *intent is the intent to
 * run on it. */
static bool answer_pending(struct turn *t, const char **intent)
{
	dialogue *d = t->d;
	struct dlg_pending *p = &d->pending;
	const struct nlu_entities *e = &t->out->nlu.entities;
	bool stop = t->r.no || only_says(d, t->lower, "lexicon.stop");
	/* "can i cancel it" asked of the order being looked up: a request to
	 * cancel it, not to stop asking */
	if (stop && !t->r.no && t->out->nlu.intent && !strcmp(t->out->nlu.intent, "cancel_order") &&
	    t->out->nlu.confidence >= 0.6 && words_any(d, t->lower, "lexicon.asking") &&
	    (p->ask == ASK_ORDER_ID || p->ask == ASK_ORDER_VERIFY))
		stop = false;
	switch (p->ask) {
	case ASK_NONE:
		return false;
	case ASK_CONFIRM:
		if (t->r.yes || t->r.no) {
			confirmed(t);
			return true;
		}
		break;
	case ASK_CONTACT:
		/* "90210" alone, asked for an email or postcode: the postcode,
		 * though a number alone reads as an order's */
		if (!e->email && !e->postcode && !stop && strlen(t->lower) >= 3 &&
		    code_with_digits(t->lower))
			t->out->nlu.entities.postcode = xstrdup(t->lower);
		if (e->email || e->postcode || stop) {
			cart_answer(t);
			return true;
		}
		/* "yes" to "what email should it be under?": still asked */
		if (t->r.yes && !t->r.no) {
			say(t, "checkout.contact_again");
			return true;
		}
		break;
	case ASK_ORDER_ID:
	case ASK_ORDER_VERIFY:
		if (stop) {
			state_ask_clear(d);
			say(t, "order.slot_dropped");
			suggest(t, "suggest.start");
			return true;
		}
		if (answers_order_slot(t)) {
			order_answer(t);
			return true;
		}
		break;
	case ASK_RETURN_ITEMS:
		if (stop) {
			p->ask = ASK_CONFIRM;
			confirmed(t);
			return true;
		}
		if (e->n_ordinals || answers_order_slot(t) ||
		    !find_intent(t->out->nlu.intent) || t->out->nlu.confidence < 0.6) {
			order_answer(t);
			return true;
		}
		break;
	case ASK_VARIANT:
		/* "1kg whole bean" asked which to add: that one added */
		if (cart_variant_answer(t))
			return true;
		break;
	case ASK_CUSTOMER_ID:
	case ASK_CUSTOMER_VERIFY:
		if (stop || profile_takes_answer(t)) {
			profile_answer(t);
			return true;
		}
		break;
	case ASK_WHICH:
		/* "remove the gin" asked which to add: the answer's own act on
		 * the cart wins */
		if (p->intent && other_cart_act(t, p->intent))
			break;
		if ((e->n_ordinals || e->color || resolve_variant_pick(t) >= 0 ||
		     resolve_names_product(t)) &&
		    p->intent) {
			/* "the second one", "the 2 litre one": the question's intent
			 * on that product */
			const struct intent_entry *entry = find_intent(p->intent);
			state_ask_clear(d);
			*intent = entry ? entry->intent : NULL;
			return false;
		}
		break;
	}
	/* "use code WELCOME10" while checking out: the code is applied, and
	 * the checkout goes on (asked again with the new total, in dispatch) */
	if (p->action == ACT_CHECKOUT) {
		char *code = promo_code_in(d, t->input, NULL);
		bool has = code != NULL;
		free(code);
		if (has) {
			state_ask_clear(d);
			t->resume_checkout = true;
			return false;
		}
	}
	if (dropped[p->action])
		say(t, dropped[p->action]);
	state_ask_clear(d);
	return false;
}

/* Does every word name the best match itself, in its name or brand?
 * "sourdough" when the catalog sells "Sourdough Simple": the classifier
 * has never seen the word, the catalog has. A word only a description
 * holds ("weather" in "for wet weather") does not count. */
static bool any_word(dialogue *d, const char *kept, const char *word, void *ctx)
{
	(void)d;
	(void)kept;
	(void)word;
	(void)ctx;
	return true;
}

static bool outside_section(dialogue *d, const char *kept, const char *word, void *section)
{
	(void)kept;
	return !words_in_section(d, word, section);
}

/* Are the content words of words (none, too) all of the section's? */
static bool only_section_words(dialogue *d, const char *words, const char *section)
{
	char *other = words ? words_kept(d, words, outside_section, (void *)section) : NULL;
	bool only = !other || !*other;
	free(other);
	return only;
}

static bool names_a_product(dialogue *d, const char *utterance, const char *words)
{
	if (!words || !*words)
		return false;
	/* a question about something else ("is it going to rain?") stays one */
	char *first = xstrndup(utterance, strcspn(utterance, " ?!.,"));
	bool question = *first && words_in_section(d, first, "lexicon.asking");
	free(first);
	if (question)
		return false;
	/* "actually a jigsaw": the content words ("actually" says nothing) */
	char *content = words_kept(d, words, any_word, NULL);
	bool names = content && lookup_words_name_products(d, content);
	free(content);
	if (!names) {
		/* "the best boots money can buy": the words some product holds */
		char *held = words_kept(d, words, lookup_word_held, NULL);
		names = held && *held && lookup_words_name_products(d, held);
		free(held);
	}
	return names;
}

/* Does some product hold a content word of words? */
static bool holds_some(dialogue *d, const char *words)
{
	char *held = words ? words_kept(d, words, lookup_word_held, NULL) : NULL;
	bool some = held && *held;
	free(held);
	return some;
}

/* Does the text say a word of the pack's cue list ([order], [delivery];
 * cues.txt)? */
static bool says_cue(const dialogue *d, const char *lower, const char *list)
{
	size_t n = 0;
	char **w = words_content(d, lower, &n);
	const lexicon_list *cues = lang_list(d->lang, list);
	bool says = false;
	for (size_t i = 0; i < n && !says; i++)
		says = lexicon_list_has(cues, w[i], strlen(w[i]));
	words_free(w, n);
	return says;
}

/* Does the text say a word of orders ("order", "refund", "parcel"; the
 * pack's [order] cues) or of having bought ("bought", "ordered")? */
static bool says_order_words(const dialogue *d, const char *lower)
{
	return says_cue(d, lower, "order") || words_any(d, lower, "lexicon.bought");
}

/* Does some product hold every content word of words (one or more)? */
static bool all_held(dialogue *d, const char *words)
{
	char *content = words_kept(d, words, any_word, NULL);
	char *held = content ? words_kept(d, content, lookup_word_held, NULL) : NULL;
	bool all = held && !strcmp(held, content);
	free(content);
	free(held);
	return all;
}

/* "i have realy sensitive skin, what moisturizer do u recomend", read
 * out of scope: of the words some product holds ("sensitive skin
 * moisturizer"), two or more, the last names products by itself. */
static bool names_a_kind(dialogue *d, const char *words)
{
	char *held = words ? words_kept(d, words, lookup_word_held, NULL) : NULL;
	const char *last = held ? strrchr(held, ' ') : NULL;
	bool kind = last && lookup_words_name_products(d, last + 1);
	free(held);
	return kind;
}

/* Only a reference ("the second one", "that one") and no verb: the
 * shopper wants to see it, not to buy it. Intents that say what to do
 * with it ("why is the first one here", "more like the second one") keep
 * theirs. */
static bool bare_reference(const struct turn *t, const char *intent)
{
	const struct nlu_entities *e = &t->out->nlu.entities;
	if (!e->n_ordinals || (e->product_words && *e->product_words) || e->quantity)
		return false;
	/* "the 3rd" read unsure as talk (feedback, thanks) points too */
	bool unsure_talk = t->out->nlu.confidence < 0.6 &&
	                   (!strcmp(intent, "feedback") || !strcmp(intent, "thanks") ||
	                    !strcmp(intent, "greet") || !strcmp(intent, "help"));
	if (strcmp(intent, "add_to_cart") && strcmp(intent, "search") &&
	    strcmp(intent, "out_of_scope") && strcmp(intent, "product_question") && !unsure_talk)
		return false;
	return !words_says(t->d, t->lower, "lexicon.act_words") &&
	       !words_any(t->d, t->lower, "lexicon.asking");
}

/* Is the shopper's cart empty (or unreadable)? */
static bool cart_empty(dialogue *d)
{
	int64_t cart;
	struct cart_contents cc;
	if (state_cart(d, &cart, NULL) < 0 || cart_list(d->cat, cart, &cc, NULL) < 0)
		return true;
	bool empty = cc.n == 0;
	cart_contents_release(&cc);
	return empty;
}

/* Is the text shaped "the ... one" or "the ... ones"? */
static bool the_one_shape(const char *s)
{
	size_t n = strlen(s);
	while (n && strchr(" ?!.", s[n - 1]))
		n--;
	return !strncmp(s, "the ", 4) && ((n >= 8 && !strncmp(s + n - 4, " one", 4)) ||
	                                  (n >= 9 && !strncmp(s + n - 5, " ones", 5)));
}

/* "the cordless one", "the green ones", "the one from france", read
 * unsure as something else (feedback, out of scope, a cart act with
 * nothing in the cart): a pointing at the list on screen. */
#define UNSURE_POINTING 0.6

static bool points_at_one(const struct turn *t)
{
	const char *s = t->lower;
	size_t n = strlen(s);
	while (n && strchr(" ?!.", s[n - 1]))
		n--;
	bool the = !strncmp(s, "the ", 4);
	bool one = (n >= 4 && !strncmp(s + n - 4, " one", 4)) ||
	           (n >= 5 && !strncmp(s + n - 5, " ones", 5)) || !strncmp(s, "the one ", 8) ||
	           !strncmp(s, "the ones ", 9);
	/* read as talk, not as anything done with products ("the green one"
	 * read as a refinement stays one) */
	static const char *const talk[] = {"feedback", "out_of_scope", "thanks", "greet",
	                                   "goodbye", "help"};
	const char *intent = t->out->nlu.intent ? t->out->nlu.intent : "";
	bool other = false;
	for (size_t i = 0; i < sizeof talk / sizeof *talk && !other; i++)
		other = !strcmp(intent, talk[i]);
	if (!strcmp(intent, "remove_from_cart") || !strcmp(intent, "view_cart"))
		other = cart_empty(t->d);
	return the && one && n > 8 && other && t->out->nlu.confidence < UNSURE_POINTING;
}

/* "ok the pink one then", "the 50 ml", "the deluxe one please", read
 * unsure as a refinement, a search, talk or a removal, with a product in
 * focus that comes in pink or in 50 ml: that variant of it, not a search
 * for pink things. */
static bool points_at_variant(struct turn *t, const char *intent)
{
	static const char *const unsure[] = {"refine", "search", "feedback", "out_of_scope",
	                                     "thanks", "greet", "help", "remove_from_cart"};
	bool may = false;
	for (size_t i = 0; i < sizeof unsure / sizeof *unsure && !may; i++)
		may = !strcmp(intent, unsure[i]);
	const struct nlu_entities *e = &t->out->nlu.entities;
	const char *said = e->color ? e->color : e->size;
	/* "the deluxe one": an option of the product's own, neither colour
	 * nor size */
	char *named = may ? resolve_focus_variant_named(t) : NULL;
	if (named && !said)
		said = named;
	char *one = said ? xasprintf("%s one", said) : NULL;
	/* "the pink one", or nothing but the size: "the 50 ml" */
	size_t n = 0;
	char **w = said ? words_content(t->d, t->lower, &n) : NULL;
	bool only = n && words_in_text(w, n, said) == n;
	if (n && !only) { /* "50 ml" said, the size read "50ml" */
		struct buf joined;
		buf_init(&joined);
		for (size_t i = 0; i < n; i++)
			buf_adds(&joined, w[i]);
		char mine[64], theirs[64];
		words_squeeze(joined.s, mine, sizeof mine);
		words_squeeze(said, theirs, sizeof theirs);
		only = *mine && !strcmp(mine, theirs);
		buf_release(&joined);
	}
	/* "1kg ground please": the words of the variant named; every word
	 * of it ("ok whole bean 1kg then") points even when the classifier
	 * is fairly sure of a search */
	bool all_variant = n && named && resolve_words_name_variant(t->d, w, n, named);
	only = only || all_variant;
	char *lower_one = one ? lower_trim(one) : NULL;
	bool points = one && (words_at(t->lower, lower_one) || only);
	words_free(w, n);
	free(one);
	free(lower_one);
	bool of_focus = named || resolve_focus_variant(t);
	free(named);
	double sure_below = all_variant ? 0.9 : UNSURE_POINTING;
	return may && points && t->out->nlu.confidence < sure_below &&
	       !words_any(t->d, t->lower, "lexicon.asking") && of_focus;
}

/* Does the turn name an option of exactly one listed product ("a £25
 * one")? */
static bool listed_variant_named(struct turn *t)
{
	dialogue *d = t->d;
	size_t fits = 0;
	for (size_t i = 0; i < d->n_shown && fits < 2; i++) {
		struct product_view full;
		if (lookup_product(d, d->shown[i].id, true, &full, NULL) < 0)
			continue;
		char *named = ask_variant_named(d, &full, t->lower);
		fits += named != NULL;
		free(named);
		product_view_release(&full);
	}
	return fits == 1;
}

/* Does the turn open as a question about "it": a word of asking, then
 * a pronoun ("will it", "does this", "is that")? */
static bool asks_about_it(const struct turn *t)
{
	const char *s = t->lower;
	size_t n = strcspn(s, " ");
	if (!s[n])
		return false;
	char *first = xstrndup(s, n);
	const char *rest = s + n + 1;
	char *second = xstrndup(rest, strcspn(rest, " ,.!?"));
	bool asks = words_in_section(t->d, first, "lexicon.asking") &&
	            words_is(t->d, second, "lexicon.pronoun");
	free(first);
	free(second);
	return asks;
}

/* "the mesh one", "that one please": an add with no verb of adding, no
 * cart named and no quantity points at a product to see it. Putting it
 * in the cart waits for "add it", "I'll take it", "put it in my cart". */
static bool add_without_verb(const struct turn *t, const char *intent)
{
	return !strcmp(intent, "add_to_cart") && !t->out->nlu.entities.quantity_said &&
	       !words_says(t->d, t->lower, "lexicon.act_words") &&
	       !words_says(t->d, t->lower, "lexicon.cart_words");
}

/* A sentence in a language clerk does not read: two function words of
 * other languages, or one with no English function word and a letter
 * English does not write ("Kopfhörer unter 100 Euro"). A sentence that
 * names a product of the catalog ("pain au chocolat") is not. */
static bool foreign(struct turn *t)
{
	dialogue *d = t->d;
	size_t n = 0;
	char **w = words_content(d, t->lower, &n); /* English stop words dropped */
	size_t other = 0, english_fn = 0;
	for (size_t i = 0; i < n; i++)
		other += words_is(d, w[i], "lexicon.foreign");
	words_free(w, n);
	/* English function words are what words_content() dropped */
	const char *s = t->lower;
	size_t words = 0;
	while (*s) {
		while (*s && !isalpha((unsigned char)*s) && (unsigned char)*s < 0x80)
			s++;
		if (!*s)
			break;
		words++;
		while (*s && (isalpha((unsigned char)*s) || (unsigned char)*s >= 0x80 || *s == '\''))
			s++;
	}
	english_fn = words > n ? words - n : 0;
	bool non_ascii = false;
	for (s = t->lower; *s && !non_ascii; s++)
		non_ascii = (unsigned char)*s >= 0x80;
	if (other < 2 && !(other == 1 && !english_fn && non_ascii))
		return false;
	return !resolve_names_product(t);
}

/* Does the turn start like a fragment of the last query ("for ...",
 * "with ...", "in red")? */
static bool opens_refinement(const struct turn *t)
{
	return words_first_is(t->d, t->lower, "lexicon.refine_openers");
}

/* Is the product in focus in the cart? */
static bool focus_in_cart(dialogue *d)
{
	if (d->focus < 0 || (size_t)d->focus >= d->n_shown)
		return false;
	int64_t cart;
	struct cart_contents cc;
	if (state_cart(d, &cart, NULL) < 0 || cart_list(d->cat, cart, &cc, NULL) < 0)
		return false;
	bool in = false;
	for (size_t i = 0; i < cc.n && !in; i++)
		in = !strcmp(cc.lines[i].product, d->shown[d->focus].id);
	cart_contents_release(&cc);
	return in;
}

/* The words of a turn that are not the words of a swap ("make it",
 * "instead") or of a cart: a words_keep_fn. */
static bool keep_unswapped(dialogue *d, const char *kept, const char *word, void *ctx)
{
	(void)kept;
	(void)ctx;
	return !words_in_section(d, word, "lexicon.swap") &&
	       !words_in_section(d, word, "lexicon.act_words") &&
	       !words_in_section(d, word, "lexicon.not_names") &&
	       !words_in_section(d, word, "lexicon.cart_words");
}

/* A product the turn names as the one in focus in other words ("the 32
 * pack" of "Nurofen 200mg Tablets 16 pack"): of the products whose names
 * hold every word said, the one whose name shares most words with the
 * focus's, when one does; into t->swap_to and t->swap_from. */
#define SIBLING_CANDIDATES 20

static bool sibling_of_focus(struct turn *t)
{
	dialogue *d = t->d;
	const struct product_view *focus = &d->shown[d->focus];
	char *said = words_kept(d, t->lower, keep_unswapped, NULL);
	if (!said || !*said) {
		free(said);
		return false;
	}
	size_t ns = 0, nf = 0;
	char **ws = words_content(d, said, &ns);
	char **wf = words_content(d, focus->name, &nf);
	/* every word said must be new to the focus's name: "make it the
	 * nurofen" of a Nurofen says nothing new */
	bool news = ns > 0 && words_in_text(ws, ns, focus->name) < ns;
	struct search_result r = {0};
	bool found = news && lookup_words_find(d, said, SIBLING_CANDIDATES, &r);
	size_t best = 0, n_best = 0;
	int at = -1;
	for (size_t i = 0; found && i < r.n_hits; i++) {
		const struct product_view *p = &r.hits[i].p;
		if (!strcmp(p->id, focus->id) || words_in_text(ws, ns, p->name) < ns)
			continue;
		size_t shared = words_in_text(wf, nf, p->name);
		if (shared > best) {
			best = shared;
			n_best = 1;
			at = (int)i;
		} else if (shared == best) {
			n_best++;
		}
	}
	/* most of the focus's name stays: a sibling, not another product */
	bool one = at >= 0 && n_best == 1 && best * 2 > nf;
	if (one) {
		t->swap_to = xstrdup(r.hits[at].p.id);
		t->swap_from = xstrdup(focus->id);
	}
	search_result_release(&r);
	words_free(ws, ns);
	words_free(wf, nf);
	free(said);
	return one;
}

/* Are the product words no more than a count and what it counts ("2",
 * "3 packs", "two of those")? */
static bool keep_unquantity(dialogue *d, const char *kept, const char *word, void *ctx)
{
	(void)kept;
	(void)ctx;
	long said;
	char *end = NULL;
	said = strtol(word, &end, 10);
	(void)said;
	return !(end && end != word && !*end) && !words_in_section(d, word, "lexicon.pack_words") &&
	       !words_in_section(d, word, "lexicon.number_words") &&
	       !words_in_section(d, word, "lexicon.pronoun") &&
	       !words_in_section(d, word, "lexicon.not_names");
}

/* Does keep keep none of the words? */
static bool none_kept(dialogue *d, const char *words, words_keep_fn keep)
{
	char *other = words ? words_kept(d, words, keep, NULL) : NULL;
	bool none = !other || !*other;
	free(other);
	return none;
}

static bool only_quantity_words(dialogue *d, const char *words)
{
	return none_kept(d, words, keep_unquantity);
}

/* ... or a new count said with its verb ("actually make it 2")? */
static bool keep_unset(dialogue *d, const char *kept, const char *word, void *ctx)
{
	return keep_unquantity(d, kept, word, ctx) && !words_in_section(d, word, "lexicon.verb_lead") &&
	       !words_in_section(d, word, "lexicon.set_quantity");
}

static bool only_new_count(dialogue *d, const char *words)
{
	return none_kept(d, words, keep_unset);
}

/* Does the turn say only a count ("2 please", "just 2", "3 packs
 * please", "two of them"), every content word a number, a pack word or a
 * pronoun? */
static bool only_count_said(const struct turn *t)
{
	const struct nlu_entities *e = &t->out->nlu.entities;
	if (!e->quantity_said || e->quantity < 1)
		return false;
	size_t n = 0;
	char **w = words_content(t->d, t->lower, &n);
	bool only = n > 0;
	for (size_t i = 0; i < n && only; i++)
		only = !keep_unquantity(t->d, NULL, w[i], NULL);
	words_free(w, n);
	return only;
}

/* Does a fact of the product in focus name a word the turn asks about,
 * or its description say it ("can i add a message" of a box "gift
 * wrapped with a handwritten message"), a word of delivery aside? */
static bool focus_key_says(struct turn *t)
{
	dialogue *d = t->d;
	/* one product on screen, opened or found alone */
	if (d->n_shown != 1 || d->focus != 0)
		return false;
	struct product_view full;
	if (lookup_product(d, d->shown[0].id, true, &full, NULL) < 0)
		return false;
	size_t n = 0;
	char **w = words_content(d, t->lower, &n);
	bool says = false;
	bool may_i = words_starts_with(d, t->lower, "lexicon.may_i");
	for (size_t k = 0; k < n && !says; k++) {
		char *one[1] = {w[k]};
		if (says_cue(d, w[k], "delivery"))
			continue;
		for (size_t i = 0; i < full.n_attrs && !says; i++)
			says = words_in_text(one, 1, full.attrs[i].key) &&
			       !ask_key_of(d, full.attrs[i].key, "price");
		/* "can i add a message": whether one may, the description says */
		says = says || (may_i && full.description && words_in_text(one, 1, full.description));
	}
	words_free(w, n);
	product_view_release(&full);
	return says;
}

/* The intent the turn is answered as: the classifier's, unless it is
 * unsure and the catalog's words say more. */
/* Does the text point back at something said before ("is that good",
 * "show me those")? "that" joining a wish to its noun ("something for hay
 * fever that won't make me drowsy") points nowhere. */
static bool points_back(const dialogue *d, const char *lower)
{
	static const char *const verbs[] = {"won't", "wont", "will", "wouldn't", "doesn't",
	                                    "doesnt", "does", "don't", "dont", "isn't", "isnt",
	                                    "is", "are", "can", "can't", "cant", "has", "have",
	                                    "makes", "make", "works", "fits", "keeps", "lasts"};
	char *copy = xstrdup(lower);
	for (char *at = copy; (at = strstr(at, "that "));) {
		bool word_start = at == copy || !isalnum((unsigned char)at[-1]);
		const char *next = at + 5;
		size_t n = strcspn(next, " ,.?!");
		bool relative = false;
		for (size_t k = 0; !relative && word_start && at != copy && k < sizeof verbs / sizeof verbs[0];
		     k++)
			relative = strlen(verbs[k]) == n && !strncmp(next, verbs[k], n);
		if (relative)
			memset(at, ' ', 4);
		at += 4;
	}
	bool points = words_says(d, copy, "lexicon.pronoun");
	free(copy);
	return points;
}

/* Does "the" follow the question's first word ("is the tubolito ...",
 * "does the brooks ...")? */
static bool the_after_verb(const char *lower)
{
	size_t n = strcspn(lower, " ");
	return !strncmp(lower + n, " the ", 5);
}

/* Does the text start with a word of asking ("can i bring my son")? */
static bool first_word_asks(const dialogue *d, const char *lower)
{
	char first[32];
	size_t n = strcspn(lower, " ,?!.");
	snprintf(first, sizeof first, "%.*s", (int)(n < sizeof first ? n : sizeof first - 1), lower);
	return words_in_section(d, first, "lexicon.asking");
}

static const char *decide(struct turn *t)
{
	dialogue *d = t->d;
	const struct nlu_result *n = &t->out->nlu;
	const struct nlu_entities *e = &n->entities;
	const struct intent_entry *entry = find_intent(n->intent);
	const char *intent = entry ? entry->intent : "out_of_scope";
	bool has_filters = e->brand || e->not_brand || e->category || e->color || e->not_color ||
	                   e->material || e->price_max >= 0 || e->price_min >= 0 ||
	                   e->rating_min >= 0 || e->in_stock ||
	                   (d->has_frame && (e->sort != NLU_SORT_NONE || e->comparative_cheaper));
	if (foreign(t))
		return "foreign";
	char *code = promo_code_in(d, t->input, NULL);
	free(code);
	if (code)
		return "promotions"; /* "apply BREW5", "use code SAVE10" */
	if (profile_signs_in(t))
		return "sign_in"; /* "I'm customer c1042", "log in" */
	if (sizing_asked(t))
		return "size_advice"; /* "im 5'10 what size should i get" */
	bool asks = words_any(d, t->lower, "lexicon.asking");
	if (n->confidence < MIN_CONFIDENCE || !entry || !strcmp(intent, "out_of_scope")) {
		/* catalog words are a stronger signal than a weak intent */
		/* "what is the abv of the ardbeg": a property of the one
		 * product named, whatever filters its name's words make */
		if (asks && ask_concept(d, t->lower) && resolve_names_one(t))
			intent = "product_question";
		else if (has_filters)
			intent = d->has_frame ? "refine" : "search";
		else if (names_a_product(d, t->lower, e->product_words))
			intent = "search";
		else if (asks && (resolve_names_product(t) || resolve_variant_pick(t) >= 0))
			intent = "product_question"; /* "tell me about the Basil Pesto", "the 5.5 qt" */
		else if (d->n_shown && words_says(d, t->lower, "lexicon.superlative_one"))
			intent = "compare"; /* "whats the cheapest" of the list on screen */
		else if (names_a_kind(d, e->product_words))
			intent = "search";
		else if ((words_says(d, t->lower, "lexicon.request") ||
		          (!d->has_frame && words_starts_with(d, t->lower, "lexicon.wish_for"))) &&
		         holds_some(d, e->product_words) && !points_back(d, t->lower) &&
		         !words_at(t->lower, "one") &&
		         !words_at(t->lower, "ones"))
			intent = "search"; /* "tapas night, what spanish stuff do you have" */
		else if (d->has_frame && !asks && entry && !strcmp(entry->intent, "search") &&
		         all_held(d, e->product_words))
			intent = "refine"; /* "non drowsy please" of hay fever tablets */
		else
			intent = "out_of_scope";
	}
	/* "hello, a present for my granddaughter, she's turning 4", "my
	 * nephew is 6 months old, what toys are suitable": a child's age with
	 * products named, or a gift asked for, is who the products are for,
	 * whatever talk it came in ("can I bring my son, he's 16" is none) */
	if (e->age_months >= 0 &&
	    (!strcmp(intent, "greet") || !strcmp(intent, "out_of_scope") ||
	     !strcmp(intent, "feedback") || !strcmp(intent, "thanks") || !strcmp(intent, "help"))) {
		/* "6 months old", "turning 4": said as a child's age */
		bool aged = words_at(t->lower, "old") || words_at(t->lower, "turning") ||
		            words_at(t->lower, "turns");
		if (names_a_kind(d, e->product_words) || (aged && holds_some(d, e->product_words)))
			intent = "search";
		else if (words_says(d, t->lower, "lexicon.request") || words_at(t->lower, "gift") ||
		         words_at(t->lower, "present") || words_at(t->lower, "birthday"))
			intent = "recommend";
		else if (d->has_frame && !first_word_asks(d, t->lower))
			intent = "refine"; /* "my daughter is 7" of travel tablets listed */
	}
	/* "do you sell AA batteries?" with a car in view: products asked
	 * for, not a question about the car ("do you have it in blue" is) */
	if (!strcmp(intent, "product_question") && words_starts_with(d, t->lower, "lexicon.request") &&
	    !words_says(d, t->lower, "lexicon.pronoun") && !words_at(t->lower, "one") &&
	    !words_at(t->lower, "ones") && names_a_kind(d, e->product_words))
		intent = "search";
	/* "i don't want anything with wool" with a list in view: the list
	 * narrowed, however the classifier read it */
	if (e->without && d->has_frame && !e->product_words && !asks_about_it(t) &&
	    (!strcmp(intent, "recommend") || !strcmp(intent, "out_of_scope") ||
	     !strcmp(intent, "feedback") || !strcmp(intent, "help")))
		intent = "refine";
	/* "compare the Stormshell and the Drizzle": the verb says it, however
	 * the classifier weighed the names */
	if ((!strcmp(intent, "search") || !strcmp(intent, "refine") ||
	     !strcmp(intent, "product_question")) &&
	    (!strncmp(t->lower, "compare ", 8) || !strncmp(t->lower, "can you compare ", 16)))
		intent = "compare";
	/* "which is the cheapest 4k monitor", "whats the cheapest full frame
	 * body": the kind in order of price (or rating), the first in focus,
	 * as "cheapest 4k monitor"; with a search of the kind on screen, that
	 * search so ordered (the page shown may hold only some of it) */
	if ((!strcmp(intent, "compare") || !strcmp(intent, "product_question") ||
	     !strcmp(intent, "out_of_scope")) &&
	    words_says(d, t->lower, "lexicon.superlative_one") && e->sort != NLU_SORT_NONE &&
	    e->product_words && lookup_words_name_products(d, e->product_words))
		intent = d->has_frame && resolve_list_holds(t, e->product_words) ? "refine" : "search";
	/* "is the rocket plush ok for a 2 year old?", "are they safe for a
	 * toddler": a yes-or-no question of a child's age about a product
	 * named or in view asks about it, not for a list */
	static const char *const yes_no[] = {"is ", "are ", "would ", "will ", "can ", "does ",
	                                     "do "};
	bool asks_yes_no = false;
	for (size_t i = 0; i < sizeof yes_no / sizeof *yes_no && !asks_yes_no; i++)
		asks_yes_no = !strncmp(t->lower, yes_no[i], strlen(yes_no[i]));
	if (e->age_months >= 0 && asks_yes_no &&
	    (!strcmp(intent, "search") || !strcmp(intent, "refine") ||
	     !strcmp(intent, "recommend")) &&
	    (resolve_names_product(t) || (d->focus >= 0 && words_says(d, t->lower, "lexicon.pronoun"))))
		intent = "product_question";
	/* "is the tubolito ok with rim brakes", read as narrowing the list:
	 * a yes-or-no question of the one product "the" names */
	if (asks_yes_no && (!strcmp(intent, "refine") || !strcmp(intent, "search")) &&
	    n->confidence < UNSURE_LEAVING && !words_says(d, t->lower, "lexicon.plural_ref") &&
	    the_after_verb(t->lower) && resolve_names_one(t))
		intent = "product_question";
	/* "can i swim with the pulse band", read as a search for swimming
	 * bands: a yes-or-no question of the one product named after it */
	if (asks_yes_no && (!strcmp(intent, "refine") || !strcmp(intent, "search")) &&
	    n->confidence < UNSURE_LEAVING && words_starts_with(d, t->lower, "lexicon.may_i") &&
	    (strstr(t->lower, " with the ") || strstr(t->lower, " in the ") ||
	     strstr(t->lower, " on the ")) &&
	    resolve_names_one(t))
		intent = "product_question";
	/* "is ticket to ride in stock?" with other games listed: whether the
	 * one named is, not the list narrowed to what is */
	/* ... or "when will the steam locomotive be back in stock" */
	bool asks_when = !strncmp(t->lower, "when ", 5);
	if (e->in_stock && (asks_yes_no || asks_when) && !strcmp(intent, "refine") &&
	    !words_says(d, t->lower, "lexicon.pronoun") && !words_says(d, t->lower, "lexicon.plural_ref") &&
	    resolve_names_product(t))
		intent = "product_question";
	/* "can it stay outside all winter?" of the plant in view, read as out
	 * of scope: a question about it */
	if (!strcmp(intent, "out_of_scope") && asks_yes_no && d->focus >= 0 &&
	    (size_t)d->focus < d->n_shown && words_says(d, t->lower, "lexicon.pronoun"))
		intent = "product_question";
	/* "can i add a message" of the gift box in focus, whose data say
	 * "gift message", read unsure as delivery or an add: a question
	 * about it */
	if ((!strcmp(intent, "delivery_options") || !strcmp(intent, "out_of_scope") ||
	     !strcmp(intent, "add_to_cart")) &&
	    asks && n->confidence < UNSURE_LEAVING && !names_a_product(d, t->lower, e->product_words) &&
	    focus_key_says(t))
		intent = "product_question";
	/* "what temperature should i brew it at" of the few teas on screen,
	 * none in focus, read unsure as a search or out of scope: a question
	 * of each */
	if ((!strcmp(intent, "search") || !strcmp(intent, "out_of_scope")) && asks &&
	    n->confidence < UNSURE_LEAVING && d->n_shown &&
	    d->n_shown <= 3 && d->focus < 0 && words_says(d, t->lower, "lexicon.pronoun") &&
	    !names_a_product(d, t->lower, e->product_words))
		intent = "product_question";
	/* "who wrote it?", "who is the author": a question of something
	 * products' data say ([attribute.*]) with a product in focus, read as
	 * out of scope, asks it of that product */
	if (!strcmp(intent, "out_of_scope") && asks && d->focus >= 0 &&
	    (size_t)d->focus < d->n_shown &&
	    (ask_concept(d, t->lower) || names_key_of_focus(t)) &&
	    !names_a_product(d, t->lower, e->product_words))
		intent = "product_question";
	/* "any scratches?", "any damage?", "how many net carbs", "tell me
	 * more" of the product in focus, read as a search, the shop's
	 * promotions or out of scope: a question about it */
	if ((!strcmp(intent, "out_of_scope") || !strcmp(intent, "search") ||
	     !strcmp(intent, "promotions")) &&
	    !words_says(d, t->lower, "lexicon.sale_words") &&
	    !names_a_product(d, t->lower, e->product_words) && asks_of_focus(t))
		intent = "product_question";
	/* "it's out of stock, anything similar?" of the product in focus,
	 * read as narrowing to what is in stock: products like it */
	if (strcmp(intent, "recommend") && d->focus >= 0 && (size_t)d->focus < d->n_shown &&
	    words_says(d, t->lower, "lexicon.similar_ask"))
		intent = "recommend";
	/* "ok the malvern then, add to basket and checkout", read as a search
	 * ("malvern basket") or a checkout of what the cart holds: the product
	 * named, or the one in focus, added, then checkout when the turn says
	 * it (the checkout said is no product's name: the add reads the words
	 * before it) */
	char *checkout_at = (char *)words_at(t->lower, "checkout");
	if (!checkout_at)
		checkout_at = (char *)words_at(t->lower, "check out");
	char cut = checkout_at ? *checkout_at : '\0';
	if (checkout_at)
		*checkout_at = '\0';
	bool adding = !strcmp(intent, "add_to_cart") ||
	              ((!strcmp(intent, "search") || !strcmp(intent, "refine") ||
	                !strcmp(intent, "checkout")) &&
	               words_at(t->lower, "add") && words_says(d, t->lower, "lexicon.cart_words") &&
	               (resolve_names_product_for(t, "add_to_cart") ||
	                (d->focus >= 0 && (size_t)d->focus < d->n_shown && !e->product_words)));
	t->then_checkout = adding && checkout_at;
	if (checkout_at && !adding)
		*checkout_at = cut;
	if (adding && strcmp(intent, "add_to_cart"))
		return "add_to_cart";
	/* "what bulbs come with it" of the lamp in focus, read as what goes
	 * with it: what it comes with is a question about it */
	if ((!strcmp(intent, "recommend") || !strcmp(intent, "search") ||
	     !strcmp(intent, "refine")) &&
	    asks && d->focus >= 0 && (size_t)d->focus < d->n_shown &&
	    words_says(d, t->lower, "lexicon.pronoun") && words_says(d, t->lower, "lexicon.comes_with"))
		intent = "product_question";
	/* "how long does a game take" of the game in focus, read as a search
	 * for long games: a question of something products' data say, whose
	 * other words are the product's own (its name or kind) */
	if ((!strcmp(intent, "search") || !strcmp(intent, "refine")) && asks &&
	    words_first_is(d, t->lower, "lexicon.open_asking") && d->focus >= 0 &&
	    (size_t)d->focus < d->n_shown && ask_concept(d, t->lower) &&
	    only_words_of_focus(t, ask_concept(d, t->lower)))
		intent = "product_question";
	/* "how much", read unsure as the cart's total, with products on
	 * screen that are not the cart's: their price */
	if (!strcmp(intent, "view_cart") && d->n_shown && d->list != LIST_CART &&
	    n->confidence < UNSURE_LEAVING && words_says(d, t->lower, "lexicon.ask_price") &&
	    !words_says(d, t->lower, "lexicon.cart_total"))
		intent = "product_question";
	/* "im choosing between the p145 and the fp30x": the two compared */
	if (strcmp(intent, "compare") && words_says(d, t->lower, "lexicon.choosing") &&
	    resolve_names_product(t))
		return "compare";
	/* "how much is it altogether" with something in the cart: its total,
	 * not a product's price */
	if ((!strcmp(intent, "product_question") || !strcmp(intent, "search") ||
	     !strcmp(intent, "refine") || !strcmp(intent, "out_of_scope")) &&
	    words_says(d, t->lower, "lexicon.cart_total") &&
	    !names_a_product(d, t->lower, e->product_words) && !cart_empty(d))
		return "view_cart";
	/* "is it cheaper in paperback", "the difference in price between the
	 * hardback and paperback" of the product in focus: its variants'
	 * prices, however the classifier read it */
	if ((!strcmp(intent, "refine") || !strcmp(intent, "compare") ||
	     !strcmp(intent, "search") || !strcmp(intent, "out_of_scope") ||
	     !strcmp(intent, "product_question")) &&
	    asks_variant_prices(t) && !names_a_product(d, t->lower, e->product_words))
		return "product_question";
	/* "are any of them 4 season" of a list on screen, read as a sale or a
	 * search: which of the list say it */
	if (d->n_shown >= 2 && which_of_asked(t->lower) && strcmp(intent, "compare") &&
	    !words_says(d, t->lower, "lexicon.sale_words") &&
	    (!strcmp(intent, "promotions") || !strcmp(intent, "search") ||
	     !strcmp(intent, "refine") || !strcmp(intent, "product_question") ||
	     !strcmp(intent, "out_of_scope") || !strcmp(intent, "feedback")))
		intent = "compare";
	/* "what's good for a 1 year old?" with no product in view or named:
	 * the products for that age, not a question about one */
	if (e->age_months >= 0 && !strcmp(intent, "product_question") && !d->n_shown &&
	    !resolve_names_product(t))
		intent = names_a_kind(d, e->product_words) ? "search" : "recommend";
	/* "can i add a message to it": something added to the product, which
	 * names no product, asks about it; nothing goes in the cart */
	if (!strcmp(intent, "add_to_cart") && n->confidence < UNSURE_LEAVING &&
	    words_says(d, t->lower, "lexicon.onto_it") && e->product_words &&
	    !lookup_words_name_products(d, e->product_words) && d->n_shown)
		intent = "product_question";
	/* "can i get a £25 one" of a voucher listed, read unsure as out of
	 * scope: the variant asked for, shown ("add it" adds it) */
	if ((!strcmp(intent, "out_of_scope") || !strcmp(intent, "feedback") ||
	     !strcmp(intent, "help")) &&
	    n->confidence < UNSURE_POINTING && d->n_shown && words_at(t->lower, "one") &&
	    words_starts_with(d, t->lower, "lexicon.get_request") && listed_variant_named(t))
		intent = "product_question";
	/* "actually make that 2" after an add: the new quantity of what was
	 * added, however the classifier read it; of the one product on
	 * screen not in the cart ("add the 32gb version" of a laptop sold in
	 * one), that many of it */
	bool focus_one = d->focus >= 0 && (size_t)d->focus < d->n_shown && d->n_shown == 1;
	if (e->quantity_said && words_says(d, t->lower, "lexicon.set_quantity") &&
	    !names_a_product(d, t->lower, e->product_words) && strcmp(intent, "add_to_cart") &&
	    (focus_in_cart(d) || (focus_one && only_new_count(d, e->product_words))))
		return "add_to_cart";
	/* "2 please", "just 2", "3 packs please" with products on screen:
	 * that many of the one in focus, or which one is asked; no staff
	 * hand-off, order number or narrowing ("do you have the 120 one", "the
	 * 120" name an option) */
	if (d->n_shown && strcmp(intent, "add_to_cart") && !asks && !words_at(t->lower, "one") &&
	    !words_at(t->lower, "ones") && only_count_said(t) && resolve_variant_pick(t) < 0)
		return "add_to_cart";
	/* "can i have 2", "i'll take 3" with one product in focus: that many
	 * of it, however the classifier read the number */
	if (e->quantity_said && strcmp(intent, "add_to_cart") && d->focus >= 0 &&
	    (size_t)d->focus < d->n_shown && (d->n_shown == 1 || focus_in_cart(d)) &&
	    words_starts_with(d, t->lower, "lexicon.get_request") &&
	    only_quantity_words(d, e->product_words))
		return "add_to_cart";
	/* "swap that for the paperback", "make it the blue one" of a product
	 * in the cart: that line in the other option */
	if (strcmp(intent, "remove_from_cart") && !e->quantity_said &&
	    words_says(d, t->lower, "lexicon.swap") && focus_in_cart(d) &&
	    names_variant_of_focus(t))
		return "add_to_cart";
	/* "actually make it the 32 pack" of the Nurofen 16 pack in the cart:
	 * the product sold beside it as that ("Nurofen 200mg Tablets 32
	 * pack") takes its line */
	if (strcmp(intent, "remove_from_cart") && words_says(d, t->lower, "lexicon.swap") &&
	    focus_in_cart(d) && sibling_of_focus(t))
		return "add_to_cart";
	/* "and a wool beanie", "and the aria king bed too" right after an
	 * add: one more for the cart, when the words name one product
	 * (several: it is a search) */
	if ((!strcmp(intent, "search") || !strcmp(intent, "refine") ||
	     (!strcmp(intent, "product_question") && !d->last_question)) &&
	    words_starts_with(d, t->lower, "lexicon.and_also") &&
	    focus_in_cart(d) && (resolve_names_product(t) || resolve_one_holds_words(t)))
		return "add_to_cart";
	/* "i'm a mens 10", "she's a small": the shopper's size narrows the
	 * list on screen, whatever the classifier made of it */
	if (d->has_frame && e->size && strcmp(intent, "add_to_cart") &&
	    words_starts_with(d, t->lower, "lexicon.size_statement") &&
	    !(d->focus >= 0 && words_says(d, t->lower, "lexicon.pronoun")))
		return "refine";
	/* "she's a small, do you have it in S": a size or colour asked of the
	 * product in focus, read unsure as out of scope */
	if (!strcmp(intent, "out_of_scope") && n->confidence < UNSURE_POINTING &&
	    (e->size || e->color) && d->focus >= 0 && (size_t)d->focus < d->n_shown &&
	    words_says(d, t->lower, "lexicon.pronoun"))
		intent = "product_question";
	/* "will it work on my glass top stove" read unsure as a search (its
	 * words name a material), with a product in focus: a question about
	 * that product */
	if ((!strcmp(intent, "search") || !strcmp(intent, "refine")) && n->confidence < 0.5 &&
	    d->focus >= 0 && (size_t)d->focus < d->n_shown && asks_about_it(t))
		intent = "product_question";
	/* "do you have gift cards", "anything by margaret quill" read as
	 * promotions: products the words name, or that hold every one of
	 * them, with no word of sales or codes, are looked for */
	if (!strcmp(intent, "promotions") && !words_says(d, t->lower, "lexicon.sale_words") &&
	    !words_says(d, t->lower, "lexicon.promo_cues") && e->product_words &&
	    (lookup_words_name_products(d, e->product_words) || all_held(d, e->product_words)))
		intent = "search";
	/* "whats in the italian dinner hamper": what a product named holds is
	 * a question about it, however the classifier read it */
	if ((!strcmp(intent, "search") || !strcmp(intent, "refine")) &&
	    words_says(d, t->lower, "lexicon.ask_contents") && resolve_names_product(t))
		intent = "product_question";
	/* "do I need a nozzle?", "should I get a drop cloth": read as out of
	 * scope, but the answer a shop gives is the nozzles */
	if (!strcmp(intent, "out_of_scope") && words_says(d, t->lower, "lexicon.need_question") &&
	    e->product_words && *e->product_words) {
		char *content = words_kept(d, e->product_words, any_word, NULL);
		if (content && lookup_words_name_products(d, content))
			intent = "search";
		free(content);
	}
	/* "I need to buy some rice" read as a checkout, "two person tent" as
	 * asking for a person, "baskets" as the cart, unsure: the words name
	 * products, so it is about finding them (a hand-off to staff is never
	 * filed on a guess) */
	bool leaves_catalog = !strcmp(intent, "checkout") || !strcmp(intent, "human_agent") ||
	                      !strcmp(intent, "view_cart") || !strcmp(intent, "goodbye") ||
	                      !strcmp(intent, "feedback") || /* "i want unscented" */
	                      !strcmp(intent, "help"); /* "coeliac here, what pasta can i eat" */
	/* "best pan money can buy" with nothing in the cart: no checkout,
	 * however sure the classifier is */
	bool unsure = n->confidence < UNSURE_LEAVING ||
	              (!strcmp(intent, "checkout") && cart_empty(d));
	if (leaves_catalog && unsure &&
	    (has_filters || names_a_product(d, t->lower, e->product_words)))
		intent = d->has_frame && !e->category ? "refine" : "search";
	/* "are the gatorskins tubeless" read unsure as feedback: a question
	 * about the product it names */
	else if (leaves_catalog && unsure && asks && strcmp(intent, "checkout") &&
	         resolve_names_product(t))
		intent = "product_question";
	/* "i also need a thank you card" read as thanks: a request whose words
	 * name products looks for them */
	if ((!strcmp(intent, "thanks") || !strcmp(intent, "greet") || !strcmp(intent, "goodbye")) &&
	    (words_says(d, t->lower, "lexicon.request") || words_at(t->lower, "need") ||
	     words_at(t->lower, "want")) &&
	    names_a_product(d, t->lower, e->product_words))
		intent = "search";
	/* "are there rechargeable ones too" read unsure as a return: with no
	 * order in the conversation and no word of orders, words that products
	 * hold look for them */
	if (is_order_intent(intent) && n->confidence < UNSURE_LEAVING && !e->order_id &&
	    !e->email && !e->postcode && !d->order_ref && !says_order_words(d, t->lower) &&
	    (has_filters || names_a_product(d, t->lower, e->product_words) ||
	     all_held(d, e->product_words)))
		intent = d->has_frame && !e->category ? "refine" : "search";
	/* "how much is postage" read as a question about a product: with no
	 * product named, what delivery costs */
	if ((!strcmp(intent, "product_question") || !strcmp(intent, "out_of_scope") ||
	     !strcmp(intent, "search")) &&
	    words_says(d, t->lower, "lexicon.delivery_cost") && !resolve_names_product(t) &&
	    (!e->product_words || !lookup_words_name_products(d, e->product_words)))
		intent = "delivery_options";
	/* "do you do gift wrapping" read as delivery: with no word of
	 * delivery, a service the shop sells as a product ("Gift Wrapping")
	 * is looked for */
	if (!strcmp(intent, "delivery_options") && e->product_words &&
	    !words_says(d, t->lower, "lexicon.delivery_cost") && !says_cue(d, t->lower, "delivery") &&
	    !words_says(d, t->lower, "lexicon.shipping_words") &&
	    lookup_words_name_products(d, e->product_words))
		intent = "search";
	/* "when could it be delivered" with a product on screen and no order
	 * in the conversation: when the product comes, not an order's
	 * tracking ("delivered" is a word of orders when it has happened) */
	if (!strcmp(intent, "order_status") && !e->order_id && !e->email && !e->postcode &&
	    !d->order_ref && d->focus >= 0 && (size_t)d->focus < d->n_shown &&
	    words_says(d, t->lower, "lexicon.pronoun") &&
	    (!says_order_words(d, t->lower) || words_says(d, t->lower, "lexicon.yet_to_come")))
		intent = "delivery_options";
	/* an email or postcode alone, with an order in focus: that order */
	if (d->order_ref && (e->email || e->postcode) && !(e->product_words && *e->product_words) &&
	    !e->order_id && !is_order_intent(intent))
		intent = "order_status";
	/* "and a clip on tuner too" after adding something: that added as
	 * well, not the last question asked of it */
	bool besides = words_says(d, t->lower, "lexicon.besides");
	/* (a sum said, "a £50 gift card too", may be a choice the catalog
	 * cannot price: shown, not added) */
	if (besides && d->last_intent && !strcmp(d->last_intent, "add_to_cart") && !asks &&
	    n->confidence < UNSURE_LEAVING && e->amount < 0 && !e->currency[0] &&
	    (!strcmp(intent, "search") || !strcmp(intent, "product_question") ||
	     !strcmp(intent, "refine")) &&
	    resolve_names_product(t))
		return "add_to_cart";
	/* "and the Basmati Rice?" after a question about another product */
	if (d->last_question && words_starts_with(d, t->lower, "lexicon.follow_up") && !asks &&
	    !besides && strcmp(intent, "product_question") && resolve_names_product(t))
		intent = "product_question";
	/* "for cold weather", "with 5g": a fragment that goes on from the
	 * search on screen narrows it, whatever the classifier made of it */
	if (d->has_frame && e->product_words && *e->product_words &&
	    n->confidence < 0.9 && strcmp(intent, "refine") && strcmp(intent, "search") &&
	    opens_refinement(t))
		intent = "refine";
	/* "what is the return policy?": how returns work, not a return; so
	 * is "can i return it if it doesn't fit" with no order in the
	 * conversation (or asked on a condition: "can I return a puzzle if
	 * pieces are missing" while an order is looked up) and no word of
	 * one bought */
	const char *cond = words_at(t->lower, "if");
	char *before_if = cond ? xstrndup(t->lower, (size_t)(cond - t->lower)) : NULL;
	/* ("if it arrives damaged" is a case put, not one bought) */
	bool asks_if = !strcmp(intent, "return_refund") && !e->order_id && !e->email &&
	               !e->postcode && (!d->order_ref || cond) &&
	               !words_any(d, before_if ? before_if : t->lower, "lexicon.bought") &&
	               words_starts_with(d, t->lower, "lexicon.may_i");
	free(before_if);
	/* "do you take paypal", "where are you located": how the shop is
	 * paid, where it is, whatever order, checkout or delivery act the
	 * classifier read ("i'll pay with paypal" at checkout asks nothing) */
	const char *shop_of = !asks || e->order_id || e->email || e->postcode ? NULL
	                      : words_says(d, t->lower, "lexicon.shop_payment") ? "payment"
	                      : words_says(d, t->lower, "lexicon.shop_location") ? "location"
	                                                                         : NULL;
	if (shop_of && (is_order_intent(intent) || !strcmp(intent, "checkout") ||
	                !strcmp(intent, "delivery_options") || !strcmp(intent, "out_of_scope") ||
	                !strcmp(intent, "help") || !strcmp(intent, "human_agent"))) {
		free(d->policy_of);
		d->policy_of = xstrdup(shop_of);
		return "policy";
	}
	/* "is shipping free on the sony a7 iii", read as an order's status
	 * with no order said or in the conversation: what delivery costs */
	if (!strcmp(intent, "order_status") && !e->order_id && !e->email && !e->postcode &&
	    !d->order_ref && says_cue(d, t->lower, "delivery") && !says_order_words(d, t->lower))
		intent = "delivery_options";
	if (is_order_intent(intent) && !e->order_id &&
	    (words_says(d, t->lower, "lexicon.policy") || asks_if)) {
		free(d->policy_of);
		d->policy_of = xstrdup(intent);
		intent = "policy";
	}
	if (d->n_shown && (bare_reference(t, intent) || add_without_verb(t, intent) ||
	                   points_at_one(t) || points_at_variant(t, intent)))
		intent = "product_question";
	/* "and add 2 packs of AA batteries" read as a question about the car
	 * in view, "add the lonely planet and pocket lisbon" as a search: the
	 * verb says it */
	static const char *const adds[] = {"add ", "and add ", "also add ", "then add ", "please add "};
	for (size_t i = 0; i < sizeof adds / sizeof *adds; i++)
		if (!strncmp(t->lower, adds[i], strlen(adds[i])) &&
		    (!strcmp(intent, "product_question") || !strcmp(intent, "search") ||
		     !strcmp(intent, "refine") ||
		     /* "add a £25 voucher and gift wrap": no code, products */
		     (!strcmp(intent, "promotions") && e->product_words &&
		      all_held(d, e->product_words))))
			intent = "add_to_cart";
	/* "which ones are in stock?", "which of those are under $150": the
	 * list narrowed, not two compared */
	if (!strcmp(intent, "compare") && d->has_frame && !e->n_ordinals &&
	    (e->in_stock || e->price_max >= 0 || e->price_min >= 0))
		intent = "refine";
	/* "alternatives?", "anything similar?" with a product in focus:
	 * products like it, not a narrowing of nothing */
	if (!strcmp(intent, "refine") && !has_filters && d->focus >= 0 &&
	    (size_t)d->focus < d->n_shown && words_says(d, t->lower, "lexicon.similar") &&
	    only_section_words(d, e->product_words, "lexicon.similar"))
		intent = "recommend";
	/* "something warmer", "dressier ones": a comparative no attribute
	 * measures narrows the search on screen to products that say it */
	bool measured = e->comparative && (ask_concept(d, e->comparative) ||
	                                   words_is(d, e->comparative, "lexicon.comparative_judged") ||
	                                   words_says(d, e->comparative, "lexicon.rated"));
	if (d->has_frame && e->comparative && !measured && !e->comparative_cheaper &&
	    !e->comparative_pricier && !has_filters && !(e->product_words && *e->product_words) &&
	    (!strcmp(intent, "refine") || !strcmp(intent, "search") || !strcmp(intent, "compare")))
		return "refine";
	/* "the cheaper one", "the lighter ones" of a list (the two compared
	 * last, or the list on screen): its winner, not the search narrowed */
	if ((!strcmp(intent, "refine") || !strcmp(intent, "search")) && d->n_shown >= 2 &&
	    (e->comparative || e->comparative_cheaper || e->comparative_pricier) &&
	    the_one_shape(t->lower))
		intent = "compare";
	/* "anything lighter?" with a list and nothing else to narrow by: the
	 * list's lightest (a winner), not a new search */
	if (!strcmp(intent, "refine") && d->n_shown && e->comparative && !has_filters &&
	    !e->comparative_cheaper && !e->comparative_pricier &&
	    !(e->product_words && *e->product_words))
		intent = "compare";
	/* "the brush set is that on sale", read unsure as the shop's
	 * promotions: a question about the product it names; "can i buy a
	 * gift card": a search for it */
	if (!strcmp(intent, "promotions") && n->confidence < 0.7 &&
	    words_says(d, t->lower, "lexicon.sale_words") && resolve_names_product(t))
		intent = "product_question";
	else if (!strcmp(intent, "promotions") &&
	         ((n->confidence < 0.5 && (names_a_product(d, t->lower, e->product_words) ||
	                                   names_a_kind(d, e->product_words))) ||
	          (!words_says(d, t->lower, "lexicon.sale_words") &&
	           names_a_product(d, t->lower, e->product_words))))
		intent = "search"; /* "e-gift card" names a product, whatever the reading */
	/* "which of those are on sale", "whats on sale in nutrition", read
	 * unsure as narrowing the list: the markdowns (of the list, or of the
	 * kind named) */
	if ((!strcmp(intent, "refine") || !strcmp(intent, "search")) &&
	    n->confidence < UNSURE_LEAVING && words_says(d, t->lower, "lexicon.sale_words") &&
	    !e->comparative_cheaper && !resolve_names_one(t))
		intent = "promotions";
	/* "is there a cheaper one", read unsure as promotions or a question:
	 * with a search on screen, the same search cheaper */
	if (d->has_frame && e->comparative_cheaper && !e->n_ordinals && n->confidence < 0.7 &&
	    (!strcmp(intent, "promotions") || !strcmp(intent, "product_question")))
		intent = "refine";
	/* "more like the second one" is a recommendation, not a narrowing */
	if (!strcmp(intent, "refine") && e->n_ordinals && !has_filters &&
	    !(e->product_words && *e->product_words))
		intent = "recommend";
	return intent;
}

/* The kind a search asks for: the last of its product words before a
 * word of [lexicon.head_ends] ("printer ink for epson ecotank": "ink"),
 * when it is a word of letters. Heap, or NULL. */
static char *kind_asked(const struct turn *t)
{
	const char *pw = t->out->nlu.entities.product_words;
	if (!pw || !*pw)
		return NULL;
	size_t n = 0;
	char **w = words_split_plain(t->lower, &n);
	const char *head = NULL;
	for (size_t i = 0; i < n; i++) {
		if (head && words_is(t->d, w[i], "lexicon.head_ends"))
			break;
		if (words_at(pw, w[i]))
			head = w[i];
	}
	char *kind = NULL;
	if (head && strlen(head) >= 3 && strspn(head, "abcdefghijklmnopqrstuvwxyz") == strlen(head))
		kind = xstrdup(head);
	words_free(w, n);
	return kind;
}

/* Does a category of the products that hold the word say it ("ear
 * protection" of "Safety > Hearing Protection")? */
static bool kind_in_category(dialogue *d, const char *kind)
{
	struct search_result r;
	char *one[1] = {(char *)kind};
	bool in = false;
	if (lookup_words_find(d, kind, 50, &r))
		for (size_t i = 0; i < r.n_hits && !in; i++)
			in = r.hits[i].p.category && words_in_text(one, 1, r.hits[i].p.category) > 0;
	search_result_release(&r);
	return in;
}

/* "do you sell fresh salmon?", "gaming chair", "do you sell iphones": a
 * search whose kind no product's name says (a category or brand named is
 * one) is told so first; the other words are searched without it
 * ("fresh"), or, when none is left, the products that mention it are
 * shown as only that. */
static void say_kind_not_sold(struct turn *t)
{
	dialogue *d = t->d;
	struct nlu_entities *e = &t->out->nlu.entities;
	if (e->category || e->brand || e->n_ordinals)
		return;
	char *kind = kind_asked(t);
	if (!kind || lookup_words_name_products(d, kind) || lookup_name_says(d, kind) ||
	    kind_in_category(d, kind)) {
		free(kind);
		return;
	}
	/* said as asked: the product words up to the kind ("gaming chair"),
	 * a kind of a few words */
	const char *end = words_at(e->product_words, kind);
	size_t n_before = 0;
	for (const char *c = e->product_words; end && c < end; c++)
		n_before += *c == ' ';
	if (n_before >= 3) {
		free(kind);
		return;
	}
	if (end) {
		char *upto = xstrndup(e->product_words, (size_t)(end - e->product_words) + strlen(kind));
		/* "ear protection": products the search finds for every word
		 * (its synonyms too, "earmuffs") are the kind sold, unless the
		 * search knows no product of the kind's word ("fresh salmon") */
		struct search_result all;
		bool sold = n_before && lookup_words_find(d, upto, 1, &all);
		for (size_t i = 0; sold && i < all.n_unknown; i++)
			sold = !words_match(all.unknown[i], kind);
		if (n_before)
			search_result_release(&all);
		if (sold) {
			free(upto);
			free(kind);
			return;
		}
		turn_var(t, "kind", upto);
		free(upto);
	} else {
		turn_var(t, "kind", kind);
	}
	char *rest = words_without(d, e->product_words, kind);
	struct search_result r;
	bool others = rest && lookup_words_find(d, rest, 1, &r);
	if (rest)
		search_result_release(&r);
	if (others) {
		say(t, "search.kind_not_sold");
		free(e->product_words);
		e->product_words = rest;
		rest = NULL;
	} else {
		say(t, "search.kind_not_sold_mentions");
	}
	free(rest);
	free(kind);
}

static void dispatch(struct turn *t)
{
	dialogue *d = t->d;
	const char *forced = NULL;
	/* a returning customer hears about the cart they left first */
	if (!d->reminded)
		profile_remind(t);
	if (answer_pending(t, &forced))
		return;
	if (d->n_shown && words_is(d, t->lower, "lexicon.more")) {
		dlg_show_more(t);
		return;
	}
	/* "something else?", "any other ideas?" of a search on screen: more of
	 * it, not a new search for anything */
	if (d->n_shown && only_says(d, t->lower, "lexicon.something_else") &&
	    dlg_something_else(t))
		return;
	const char *intent = forced ? forced : decide(t);
	/* "lightest laptop", "the biggest monitor you sell": the kind's most
	 * or least of a measure, as "which is the lightest laptop" asks */
	bool resolved = false;
	if (!forced && !strcmp(intent, "search") && resolve_kind_winner(t)) {
		intent = "compare";
		resolved = true;
	}
	if (strcmp(intent, t->out->nlu.intent ? t->out->nlu.intent : "")) {
		free(t->out->nlu.intent);
		t->out->nlu.intent = xstrdup(intent);
	}
	/* "what about in black" of the one product opened, sold in black:
	 * that product in black, and black stays wanted */
	if (!strcmp(intent, "refine") && find_refine_keeps_kind(t) && answer_focus_variant(t)) {
		frame_merge(&d->frame, &t->out->nlu.entities);
		return;
	}
	if (!strcmp(intent, "search"))
		say_kind_not_sold(t);
	if (!t->swap_to && !resolved) /* the product swapped in is known already */
		resolve_turn(t, intent);
	const struct intent_entry *h = find_intent(intent);
	h->handler(t);
	d->last_intent = h->intent;
	if (t->resume_checkout && !strcmp(intent, "promotions") && d->pending.ask == ASK_NONE)
		find_intent("checkout")->handler(t);
	if (t->then_checkout && !strcmp(intent, "add_to_cart") && d->pending.ask == ASK_NONE &&
	    t->r.ref == REF_OK && !cart_empty(d))
		find_intent("checkout")->handler(t);
	if (t->r.ref == REF_AMBIGUOUS) {
		/* "which one?": the answer runs this intent on the one picked */
		state_ask(d, ASK_WHICH, ACT_NONE);
		d->pending.intent = xstrdup(intent);
	}
}

/* The turn in the event log: the intent it was answered as, and the
 * products it showed (or recommended), for the staff report's rates. */
static void log_turn(dialogue *d, const struct reply *out)
{
	events_log(d->cat, d->customer, d->session, "turn", NULL, out->nlu.intent, NULL);
	if (!out->n_products)
		return;
	struct buf ids;
	buf_init(&ids);
	buf_addc(&ids, '[');
	for (size_t i = 0; i < out->n_products; i++) {
		buf_adds(&ids, i ? ",\"" : "\"");
		for (const char *c = out->products[i].id ? out->products[i].id : ""; *c; c++) {
			if (*c == '"' || *c == '\\')
				buf_addc(&ids, '\\');
			if ((unsigned char)*c >= 0x20)
				buf_addc(&ids, *c);
		}
		buf_addc(&ids, '"');
	}
	buf_addc(&ids, ']');
	bool recommended = out->nlu.intent && !strcmp(out->nlu.intent, "recommend");
	events_log(d->cat, d->customer, d->session, recommended ? "recommended" : "shown", NULL,
	           ids.s, NULL);
	buf_release(&ids);
}

/* A running "reply_style" experiment picks the session's wordings: the
 * unit is the customer who consented, else the session. */
static void read_reply_style(dialogue *d)
{
	if (d->reply_style_read)
		return;
	d->reply_style_read = true;
	const char *customer = personal_customer(d);
	char *variant = NULL;
	if (experiment_variant(d->cat, "reply_style", customer ? customer : d->session, &variant,
	                       &d->reply_style, NULL) < 0)
		d->reply_style = 0;
	free(variant);
}

/* "remove the mug and add two plates", "find a tent and add the cheapest":
 * two requests in one sentence, each led by its verb. Returns where the
 * second starts in text (its verb, after "and" or "then"), or 0 when the
 * sentence is one request: the second must start with a verb of
 * [lexicon.second_act] and the first with a verb of [lexicon.turn_verbs]
 * after words like "please", "can you", "i will" ([lexicon.verb_lead]), so
 * that "something to store food and remove odors" stays one search. */
static size_t second_request(const dialogue *d, const char *text)
{
	char word[32];
	size_t n_words = 0, at = 0;
	bool led = false, joined = false;
	for (const char *p = text; *p;) {
		while (*p && !isalnum((unsigned char)*p) && *p != '\'')
			p++;
		const char *start = p;
		while (*p && (isalnum((unsigned char)*p) || *p == '\''))
			p++;
		size_t len = (size_t)(p - start);
		if (!len)
			break;
		if (len >= sizeof word) {
			joined = false;
			n_words++;
			continue;
		}
		for (size_t i = 0; i < len; i++)
			word[i] = (char)tolower((unsigned char)start[i]);
		word[len] = '\0';
		if (!led && n_words == at) {
			/* the first request's lead: its verb after the polite words */
			if (words_is(d, word, "lexicon.verb_lead"))
				at++;
			else if (!words_is(d, word, "lexicon.turn_verbs"))
				return 0;
			else
				led = true;
		} else if (joined && n_words > at + 1 && words_is(d, word, "lexicon.second_act")) {
			return (size_t)(start - text);
		}
		joined = !strcmp(word, "and") || !strcmp(word, "then") || *p == ',';
		n_words++;
	}
	return 0;
}

static void turn_one(dialogue *d, const char *utterance, struct reply *out);

/* The second request's reply after the first's: one text, the cards of the
 * second or, when it shows none, of the first. */
static void join_replies(struct reply *first, struct reply *out)
{
	char *text = xasprintf("%s\n%s", first->text ? first->text : "", out->text ? out->text : "");
	free(out->text);
	out->text = text;
	if (!out->n_products && first->n_products) {
		out->products = first->products;
		out->n_products = first->n_products;
		first->products = NULL;
		first->n_products = 0;
	}
	if (!out->compare && first->compare) {
		out->compare = first->compare;
		first->compare = NULL;
	}
	if (!out->error && first->error) {
		out->error = first->error;
		first->error = NULL;
	}
	reply_release(first);
}

void dialogue_turn(dialogue *d, const char *utterance, struct reply *out)
{
	size_t second = utterance ? second_request(d, utterance) : 0;
	if (!second) {
		turn_one(d, utterance, out);
		return;
	}
	char *first_text = xstrndup(utterance, second);
	struct reply first;
	turn_one(d, first_text, &first);
	free(first_text);
	if (first.end || first.error) {
		*out = first;
		return;
	}
	dialogue_turn(d, utterance + second, out);
	join_replies(&first, out);
}

static void turn_one(dialogue *d, const char *utterance, struct reply *out)
{
	memset(out, 0, sizeof *out);
	struct turn t = {.d = d, .input = utterance ? utterance : "", .out = out};
	buf_init(&t.text);
	d->turn++;
	read_reply_style(d);
	t.lower = lower_trim(t.input);
	if (!has_content(t.lower)) {
		nlu_entities_init(&out->nlu.entities);
		out->nlu.intent = xstrdup("out_of_scope");
		say(&t, "empty");
		suggest(&t, "suggest.start");
	} else {
		nlu_analyze(d->nlu, t.input, &out->nlu);
		words_note_name_ends(d, out->nlu.entities.product_words, lookup_name_says);
		/* "ill take it": the turn's words are "i will take it" */
		if (out->nlu.spelled) {
			free(t.lower);
			t.lower = lower_trim(out->nlu.spelled);
		}
		resolve_answer(&t);
		dispatch(&t);
	}
	/* two cards of one name say what differs: "Tune 520BT, Blue"; one
	 * whose sizes cost more says its price is the least ("from"), but not
	 * a cart line, which costs what it costs */
	lookup_mark_variants(d, out->products, out->n_products);
	if (d->list != LIST_CART)
		lookup_mark_from_prices(d, out->products, out->n_products);
	if (d->list == LIST_SEARCH)
		lookup_mark_frame_stock(d, out->products, out->n_products);
	/* what failed for want of writing says so, in the shopper's words */
	if (out->error && catalog_is_read_only(d->cat))
		say(&t, t.text.len ? "+error.read_only" : "error.read_only");
	else if (out->error && !t.text.len)
		say(&t, "error");
	if (out->n_suggestions < 2)
		suggest(&t, "suggest.default");
	state_cart_totals(d, out);
	out->text = buf_detach(&t.text);
	for (size_t i = 0; i < t.n_vars; i++)
		free(t.owned[i]);
	log_turn(d, out);
	reading_release(&t.r);
	free(t.swap_to);
	free(t.swap_from);
	free(t.lower);
}
