/*
 * dialogue.c: the dialogue's lifecycle, the intent table and the dispatch
 * of a turn, and the reply-building helpers the handlers share.
 *
 * A turn: the utterance is analyzed by the NLU; a pending question (a
 * checkout confirmation, an order number or its verification) gets the
 * first look; then the intent's handler from the table answers. Handlers
 * write through say()/suggest() so every word comes from assets/replies.
 */
#include "src/dialogue/dialogue_int.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "catalog/search/autocomplete.h"
#include "catalog/search/search.h"
#include "catalog/search/vocab.h"
#include "common/xalloc.h"

/* Below this confidence the intent is not trusted on its own. */
#define MIN_CONFIDENCE 0.30
#define VOCAB_LIMIT 5000

struct intent_entry {
	const char *intent;
	dlg_handler handler;
};

/* One line an intent (STYLE rule 10). */
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
};

static dlg_handler find_handler(const char *intent)
{
	for (size_t i = 0; i < sizeof intents / sizeof intents[0]; i++)
		if (intent && !strcmp(intents[i].intent, intent))
			return intents[i].handler;
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
	vocab_release(&v);
}

dialogue *dialogue_new(const struct dialogue_options *o, char **err)
{
	dialogue *d = xcalloc(1, sizeof *d);
	d->cat = o->cat;
	d->seed = o->seed;
	d->focus = -1;
	d->customer = o->customer ? xstrdup(o->customer) : NULL;
	d->session = xasprintf("s%lx-%lx", (unsigned long)time(NULL), (unsigned long)(uintptr_t)d);
	const char *model = o->model_path;
	char *nerr = NULL;
	d->nlu = nlu_new(model, &nerr);
	if (!d->nlu) {
		if (err)
			*err = xasprintf("cannot load the intent model %s: %s", model,
			                 nerr ? nerr : "unknown error");
		free(nerr);
		goto fail;
	}
	char *dir = xasprintf("%s/replies", o->assets_dir);
	d->rp = replies_new(dir, err);
	free(dir);
	if (!d->rp)
		goto fail;
	char *synonyms = xasprintf("%s/synonyms.txt", o->assets_dir);
	d->search = search_new(d->cat, NULL, synonyms, err);
	free(synonyms);
	if (!d->search)
		goto fail;
	if (o->orders) {
		d->orders = o->orders;
	} else {
		d->own_orders = orders_local_new(d->cat);
		d->orders = d->own_orders;
	}
	load_vocab(d);
	return d;
fail:
	dialogue_free(d);
	return NULL;
}

static void forget_list(dialogue *d)
{
	for (size_t i = 0; i < d->n_shown; i++) {
		reply_product_release(&d->shown[i]);
		free(d->shown_matched[i]);
		free(d->shown_lifted[i]);
		d->shown_matched[i] = d->shown_lifted[i] = NULL;
	}
	d->n_shown = 0;
	d->focus = -1;
	d->n_compared = 0;
}

static void forget_conversation(dialogue *d)
{
	forget_list(d);
	dsearch_forget(d);
	dlg_filters_release(&d->filters);
	d->has_search = false;
	d->offset = d->total = 0;
	d->pending = PENDING_NONE;
	free(d->order_ref);
	free(d->order_verify);
	d->order_ref = d->order_verify = NULL;
}

void dialogue_free(dialogue *d)
{
	if (!d)
		return;
	forget_conversation(d);
	nlu_free(d->nlu);
	search_free(d->search);
	autocomplete_free(d->complete);
	replies_free(d->rp);
	for (size_t i = 0; i < d->n_top_categories; i++)
		free(d->top_categories[i]);
	order_backend_free(d->own_orders);
	free(d->customer);
	free(d->session);
	free(d);
}

void dialogue_reset(dialogue *d)
{
	forget_conversation(d);
	free(d->customer);
	d->customer = NULL;
	free(d->session);
	d->session = xasprintf("s%lx-%lx-%lu", (unsigned long)time(NULL),
	                       (unsigned long)(uintptr_t)d, d->turn);
	d->cart_id = 0;
}

/* ---- reply building ---- */

void reply_product_copy(struct reply_product *dst, const struct reply_product *src)
{
	*dst = *src;
	dst->id = src->id ? xstrdup(src->id) : NULL;
	dst->name = src->name ? xstrdup(src->name) : NULL;
	dst->brand = src->brand ? xstrdup(src->brand) : NULL;
	dst->category = src->category ? xstrdup(src->category) : NULL;
	dst->currency = src->currency ? xstrdup(src->currency) : NULL;
}

void reply_product_release(struct reply_product *p)
{
	free(p->id);
	free(p->name);
	free(p->brand);
	free(p->category);
	free(p->currency);
	memset(p, 0, sizeof *p);
}

void turn_var(struct turn *t, const char *name, const char *value)
{
	for (size_t i = 0; i < t->n_vars; i++) {
		if (!strcmp(t->vars[i].name, name)) {
			free(t->owned[i]);
			t->owned[i] = value ? xstrdup(value) : NULL;
			t->vars[i].value = t->owned[i];
			return;
		}
	}
	if (t->n_vars >= DLG_MAX_VARS)
		return;
	t->owned[t->n_vars] = value ? xstrdup(value) : NULL;
	t->vars[t->n_vars].name = name;
	t->vars[t->n_vars].value = t->owned[t->n_vars];
	t->n_vars++;
}

void turn_varf(struct turn *t, const char *name, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char tmp[512];
	vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	turn_var(t, name, tmp);
}

/* Chooses a variant from the seed, the turn and the key, so transcripts
 * replay exactly and neighbouring turns vary. */
static unsigned long pick(const dialogue *d, const char *key)
{
	unsigned long h = 1469598103934665603UL ^ (d->seed * 0x9E3779B97F4A7C15UL);
	for (const char *p = key; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211UL;
	h ^= d->turn * 0xBF58476D1CE4E5B9UL;
	h ^= h >> 29;
	return h;
}

void turn_count(struct turn *t, const char *var, long long n)
{
	turn_varf(t, var, "%lld", n);
	const char *noun = replies_raw(t->d->rp, n == 1 ? "word.item" : "word.items", 0);
	char name[64];
	snprintf(name, sizeof name, "%s_noun", var);
	/* turn_var keeps the name pointer: use a static name for the known vars. */
	static const char *const nouns[] = {"items_noun", "count_noun", "total_noun"};
	for (size_t i = 0; i < sizeof nouns / sizeof nouns[0]; i++)
		if (!strcmp(nouns[i], name))
			turn_var(t, nouns[i], noun);
}

void say(struct turn *t, const char *key)
{
	bool newline = *key == '+';
	if (newline)
		key++;
	/* the picked variant, or the next one whose every {variable} is known:
	 * "No products match {query}." rather than "... for {query} ()." */
	size_t n = replies_count(t->d->rp, key);
	unsigned long start = pick(t->d, key);
	char *s = NULL;
	for (size_t k = 0; k < n && !s; k++) {
		bool missing = false;
		s = replies_render_nth(t->d->rp, key, (start + k) % n, t->vars, t->n_vars, &missing);
		if (s && missing) {
			free(s);
			s = NULL;
		}
	}
	if (!s)
		s = replies_render(t->d->rp, key, start, t->vars, t->n_vars, NULL);
	if (*s) {
		if (t->text.len)
			buf_addc(&t->text, newline ? '\n' : ' ');
		buf_adds(&t->text, s);
	}
	free(s);
}

static void add_suggestion(struct reply *r, char *s)
{
	for (size_t i = 0; i < r->n_suggestions; i++) {
		if (!strcmp(r->suggestions[i], s)) {
			free(s);
			return;
		}
	}
	r->suggestions = xrealloc(r->suggestions, (r->n_suggestions + 1) * sizeof *r->suggestions);
	r->suggestions[r->n_suggestions++] = s;
}

void suggest(struct turn *t, const char *key)
{
	size_t n = replies_count(t->d->rp, key);
	if (!n)
		return;
	size_t start = pick(t->d, key) % n;
	for (size_t k = 0; k < n && t->out->n_suggestions < 4; k++) {
		bool missing = false;
		char *s = replies_render_nth(t->d->rp, key, (start + k) % n, t->vars, t->n_vars,
		                             &missing);
		if (!s || missing || !*s) {
			free(s);
			continue;
		}
		add_suggestion(t->out, s);
	}
}

void turn_fail(struct turn *t, const char *err)
{
	if (!t->out->error)
		t->out->error = xstrdup(err ? err : "unknown error");
}

void reply_show(struct turn *t, const struct reply_product *p, size_t n)
{
	struct reply *r = t->out;
	r->products = xrealloc(r->products, (r->n_products + n + 1) * sizeof *r->products);
	for (size_t i = 0; i < n; i++)
		reply_product_copy(&r->products[r->n_products++], &p[i]);
}

void shown_set(dialogue *d, const struct reply_product *p, size_t n, char **matched,
               char **lifted, enum dlg_shown from)
{
	forget_list(d);
	if (n > DLG_MAX_SHOWN)
		n = DLG_MAX_SHOWN;
	for (size_t i = 0; i < n; i++) {
		reply_product_copy(&d->shown[i], &p[i]);
		d->shown_matched[i] = matched && matched[i] ? xstrdup(matched[i]) : NULL;
		d->shown_lifted[i] = lifted && lifted[i] ? xstrdup(lifted[i]) : NULL;
	}
	d->n_shown = n;
	d->shown_from = from;
	if (n == 1)
		d->focus = 0;
}

char *money(int64_t cents, const char *currency)
{
	bool neg = cents < 0;
	if (neg)
		cents = -cents;
	if (!currency || !strcmp(currency, "USD"))
		return xasprintf("%s$%lld.%02lld", neg ? "-" : "", (long long)(cents / 100),
		                 (long long)(cents % 100));
	return xasprintf("%s%lld.%02lld %s", neg ? "-" : "", (long long)(cents / 100),
	                 (long long)(cents % 100), currency);
}

static int cheapest(const dialogue *d, const int *among, size_t n)
{
	int best = -1;
	for (size_t k = 0; k < n; k++) {
		int i = among ? among[k] : (int)k;
		if (i < 0 || (size_t)i >= d->n_shown || !d->shown[i].has_price)
			continue;
		if (best < 0 || d->shown[i].price_cents < d->shown[best].price_cents)
			best = i;
	}
	return best;
}

int resolve_targets(struct turn *t, int *idx, size_t max, bool default_all)
{
	dialogue *d = t->d;
	const struct nlu_entities *e = &t->out->nlu.entities;
	size_t n = 0;
	for (size_t k = 0; k < e->n_ordinals && n < max; k++) {
		int o = e->ordinals[k];
		if (o == NLU_ORDINAL_ALL && lexicon_says(d, t->lower, "lexicon.both")) {
			/* "both": the two just compared, else the first two. */
			if (d->n_compared == 2) {
				for (size_t i = 0; i < 2 && n < max; i++)
					idx[n++] = d->compared[i];
			} else {
				for (size_t i = 0; i < d->n_shown && i < 2 && n < max; i++)
					idx[n++] = (int)i;
			}
		} else if (o == NLU_ORDINAL_ALL) {
			for (size_t i = 0; i < d->n_shown && n < max; i++)
				idx[n++] = (int)i;
		} else if (o == NLU_ORDINAL_LAST) {
			if (!d->n_shown)
				return -1;
			idx[n++] = (int)d->n_shown - 1;
		} else if (o > 0) {
			if ((size_t)o > d->n_shown)
				return -1;
			idx[n++] = o - 1;
		}
	}
	if (n)
		return (int)n;
	if (e->comparative_cheaper && d->n_shown) {
		int c = d->n_compared ? cheapest(d, d->compared, d->n_compared)
		                      : cheapest(d, NULL, d->n_shown);
		if (c >= 0) {
			idx[0] = c;
			return 1;
		}
	}
	if (d->focus >= 0 && (size_t)d->focus < d->n_shown) {
		idx[0] = d->focus;
		return 1;
	}
	if (d->n_shown == 1) {
		idx[0] = 0;
		return 1;
	}
	if (default_all) {
		for (size_t i = 0; i < d->n_shown && n < max; i++)
			idx[n++] = (int)i;
	}
	return (int)n;
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

/* A pending question gets the first look at the answer. Returns true when
 * it took the turn. */
static bool answer_pending(struct turn *t)
{
	dialogue *d = t->d;
	const struct nlu_result *n = &t->out->nlu;
	switch (d->pending) {
	case PENDING_NONE:
		return false;
	case PENDING_CHECKOUT:
		if (lexicon_is(d, t->lower, "lexicon.yes") || lexicon_says(d, t->lower, "lexicon.yes_phrase")) {
			dlg_checkout_answer(t, true);
			return true;
		}
		if (lexicon_is(d, t->lower, "lexicon.no") || lexicon_says(d, t->lower, "lexicon.no_phrase")) {
			dlg_checkout_answer(t, false);
			return true;
		}
		d->pending = PENDING_NONE;
		say(t, "checkout.dropped");
		return false;
	case PENDING_ORDER_ID:
	case PENDING_ORDER_VERIFY:
		if (lexicon_is(d, t->lower, "lexicon.no") || lexicon_is(d, t->lower, "lexicon.stop")) {
			d->pending = PENDING_NONE;
			say(t, "order.slot_dropped");
			suggest(t, "suggest.start");
			return true;
		}
		if (n->entities.order_id || n->entities.email || n->entities.postcode ||
		    is_order_intent(n->intent) || n->confidence < 0.6 ||
		    strlen(t->lower) <= 40) {
			/* A short answer to our question is the answer, whatever it
			 * classifies as; a long, confident change of topic is not. */
			if (!(n->confidence >= 0.6 && !is_order_intent(n->intent) &&
			      !n->entities.order_id && !n->entities.email && !n->entities.postcode &&
			      strchr(t->lower, ' ') && !strpbrk(t->lower, "0123456789@"))) {
				dlg_order_slot(t);
				return true;
			}
		}
		d->pending = PENDING_NONE;
		return false;
	}
	return false;
}

/* Does every word name the best match itself, in its name or brand?
 * "sourdough" when the catalog sells "Sourdough Simple": the classifier
 * has never seen the word, the catalog has. A word only a description
 * holds ("weather" in "for wet weather") does not count. */
static bool names_a_product(dialogue *d, const char *utterance, const char *words)
{
	if (!words || !*words)
		return false;
	/* a question about something else ("is it going to rain?") stays one */
	char *first = xstrndup(utterance, strcspn(utterance, " ?!.,"));
	bool question = *first && lexicon_word(d, first, "lexicon.asking");
	free(first);
	if (question)
		return false;
	struct search_result r;
	bool named = dsearch_words_find(d, words, &r) && !r.relaxed &&
	             words_in_name(words, r.hits[0].name, r.hits[0].brand);
	search_result_release(&r);
	return named;
}

static void dispatch(struct turn *t)
{
	dialogue *d = t->d;
	struct nlu_result *n = &t->out->nlu;
	if (answer_pending(t))
		return;
	if (d->n_shown && lexicon_is(d, t->lower, "lexicon.more")) {
		dlg_show_more(t);
		return;
	}
	const char *intent = n->intent;
	const struct nlu_entities *e = &n->entities;
	bool has_filters = e->brand || e->not_brand || e->category || e->color || e->not_color ||
	                   e->material || e->price_max >= 0 || e->price_min >= 0 ||
	                   (d->has_search && (e->sort != NLU_SORT_NONE || e->comparative_cheaper));
	if (n->confidence < MIN_CONFIDENCE || !find_handler(intent) ||
	    (intent && !strcmp(intent, "out_of_scope"))) {
		/* Catalog words are a stronger signal than a weak intent. */
		if (has_filters)
			intent = d->has_search ? "refine" : "search";
		else if (names_a_product(d, t->lower, e->product_words))
			intent = "search";
		else
			intent = "out_of_scope";
	}
	if (strcmp(intent, n->intent ? n->intent : "")) {
		free(n->intent);
		n->intent = xstrdup(intent);
	}
	find_handler(intent)(t);
}

void dialogue_turn(dialogue *d, const char *utterance, struct reply *out)
{
	memset(out, 0, sizeof *out);
	struct turn t = {.d = d, .input = utterance ? utterance : "", .out = out};
	buf_init(&t.text);
	d->turn++;
	t.lower = lower_trim(t.input);
	if (!has_content(t.lower)) {
		out->nlu.entities.price_min = out->nlu.entities.price_max = -1;
		out->nlu.intent = xstrdup("out_of_scope");
		say(&t, "empty");
		suggest(&t, "suggest.start");
	} else {
		nlu_analyze(d->nlu, t.input, &out->nlu);
		dispatch(&t);
	}
	if (out->error && !t.text.len)
		say(&t, "error");
	if (out->n_suggestions < 2)
		suggest(&t, "suggest.default");
	dlg_cart_totals(&t);
	out->text = buf_detach(&t.text);
	for (size_t i = 0; i < t.n_vars; i++)
		free(t.owned[i]);
	free(t.lower);
}

static void compare_free(struct reply_compare *c)
{
	if (!c)
		return;
	for (size_t j = 0; j < c->n_cols; j++)
		free(c->col_names[j]);
	free(c->col_names);
	for (size_t i = 0; i < c->n_rows; i++) {
		free(c->row_labels[i]);
		for (size_t j = 0; j < c->n_cols; j++)
			free(c->cells[i][j]);
		free(c->cells[i]);
	}
	free(c->row_labels);
	free(c->cells);
	free(c->row_differs);
	free(c->verdict);
	free(c);
}

void reply_release(struct reply *r)
{
	if (!r)
		return;
	free(r->text);
	for (size_t i = 0; i < r->n_products; i++)
		reply_product_release(&r->products[i]);
	free(r->products);
	compare_free(r->compare);
	for (size_t i = 0; i < r->n_suggestions; i++)
		free(r->suggestions[i]);
	free(r->suggestions);
	nlu_result_release(&r->nlu);
	free(r->error);
	memset(r, 0, sizeof *r);
}
