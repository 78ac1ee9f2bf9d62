/*
 * recommend.c: recommendations. For the products the turn refers to (the
 * one in focus, "more like the second one", "what goes with it"), the
 * catalog's recommender; for words that name a kind ("a good mystery
 * novel", "something for my dad who likes hiking"), the best rated
 * products those words find; from nothing at all, a question that helps
 * (who it is for, what for, a budget), never a fixed list.
 */
#include "src/dialogue/handlers.h"

#include <stdlib.h>
#include <string.h>

#include "catalog/recommend/recommend.h"
#include "catalog/shop/events.h"
#include "common/xalloc.h"
#include "src/dialogue/explain.h"
#include "src/dialogue/lookup.h"
#include "src/dialogue/personal.h"
#include "src/dialogue/state.h"
#include "src/dialogue/turn.h"
#include "src/dialogue/words.h"

static enum recommend_mode mode_of(struct turn *t)
{
	if (words_says(t->d, t->lower, "lexicon.similar"))
		return RECOMMEND_SIMILAR;
	if (words_says(t->d, t->lower, "lexicon.goes_with"))
		return RECOMMEND_COMPLEMENT;
	return RECOMMEND_ANY;
}

/* The turn's words that say what kind of product: its product words
 * without the people and the liking ("my dad who likes hiking" ->
 * "hiking"). NULL when none is left. */
static char *kind_words(struct turn *t)
{
	const char *pw = t->out->nlu.entities.product_words;
	if (!pw || !*pw)
		return NULL;
	size_t n = 0;
	char **w = words_product_content(t->d, pw, &n);
	struct buf b;
	buf_init(&b);
	for (size_t i = 0; i < n; i++) {
		if (words_in_section(t->d, w[i], "lexicon.gift_words") ||
		    words_in_section(t->d, w[i], "lexicon.not_names"))
			continue;
		if (b.len)
			buf_addc(&b, ' ');
		buf_adds(&b, w[i]);
	}
	words_free(w, n);
	if (!b.len) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b);
}

/* "recommend me a mystery novel": the best rated of what the words find,
 * as a search the shopper can refine. false when no product has every
 * word (nor, for several words, most of them). */
/* The words without the one that most products hold ("bath time":
 * "bath", "time" being in every game's "play time"), or NULL when there
 * are fewer than two (heap). */
static char *without_commonest(dialogue *d, const char *words)
{
	size_t n = 0;
	char **w = words_content(d, words, &n);
	char *kept = NULL;
	if (n >= 2) {
		size_t worst = 0;
		int64_t most = -1;
		for (size_t i = 0; i < n; i++) {
			int64_t c = search_word_products(d->search, w[i], 1000);
			if (c > most) {
				most = c;
				worst = i;
			}
		}
		struct buf b;
		buf_init(&b);
		for (size_t i = 0; i < n; i++)
			if (i != worst)
				buf_printf(&b, "%s%s", b.len ? " " : "", w[i]);
		kept = buf_detach(&b);
	}
	words_free(w, n);
	return kept;
}

static bool recommend_words(struct turn *t, const char *words, const char *kind)
{
	struct search_result r;
	bool named = lookup_words_find(t->d, words, 1, &r);
	search_result_release(&r);
	/* "anything for bath time?": no product holds both words; the rarer
	 * ones say what it is for */
	char *fewer = !named && !kind ? without_commonest(t->d, words) : NULL;
	if (fewer) {
		named = lookup_words_find(t->d, fewer, 1, &r);
		search_result_release(&r);
		if (named)
			words = fewer;
	}
	struct dlg_frame f;
	find_frame_of_turn(t, &f);
	/* "what wine goes with blue cheese": the cheese is what the wine
	 * pairs with ("Pairs with ... blue cheese"), not a category or colour
	 * the products must be of */
	if (mode_of(t) == RECOMMEND_COMPLEMENT && !t->r.n_targets) {
		free(f.category);
		free(f.color);
		f.category = f.color = NULL;
	}
	if (!f.category && kind)
		f.category = xstrdup(kind);
	/* words nothing holds all of ("hiking rain jacket"), with a kind
	 * named among them: the best of the kind */
	if (!named && !f.category) {
		frame_release(&f);
		free(fewer);
		return false;
	}
	char *held = named ? NULL : lookup_words_of_kind(t->d, &f, words);
	free(f.words);
	f.words = named ? xstrdup(words) : held;
	if (f.sort == NLU_SORT_NONE)
		f.sort = NLU_SORT_RATING;
	/* "a gift for my sister who just bought a flat, around £50": the
	 * budget and who it is for hold; the story's words that nothing in
	 * them holds give way */
	if (f.words && !lookup_finds_all(t->d, &f)) {
		char *kept = lookup_words_of_kind(t->d, &f, f.words);
		free(f.words);
		f.words = kept;
	}
	find_run(t, &f, f.words || f.category ? "recommend.words" : "recommend.browse", false,
	         FIND_GIVEN);
	frame_release(&f);
	free(fewer);
	return true;
}

/* The kind the words name that the product found by name is of: the
 * category the words named ("Rain Jackets"), or the last level of the
 * product's category when one of the words says it ("case" in "Cases").
 * Heap, or NULL. */
static char *kind_named(struct turn *t, const struct product_view *p, const char *words)
{
	const char *named = t->out->nlu.entities.category;
	if (!p->category)
		return NULL;
	if (named)
		return lookup_path_under(p->category, named) ? xstrdup(named) : NULL;
	const char *last = strrchr(p->category, '>');
	last = last ? last + 1 : p->category;
	while (*last == ' ')
		last++;
	size_t n = 0;
	char **w = words_content(t->d, words, &n);
	bool says = false;
	for (size_t i = 0; i < n && !says; i++)
		says = words_in_text(&w[i], 1, last) > 0;
	words_free(w, n);
	return says ? xstrdup(last) : NULL;
}

/* The catalog's recommender for the targets (or the customer's history
 * when there are none); false when it found nothing. */
/* Does p hold every content word of only in its name or category? */
static bool of_kind(dialogue *d, const struct product_view *p, const char *only)
{
	return words_all_in(d, only, p->name) || (p->category && words_all_in(d, only, p->category));
}

/* Keeps the recommendations of the kind only names (all when NULL). */
static size_t keep_kind(dialogue *d, struct recommendation *r, size_t n, const char *only)
{
	if (!only)
		return n;
	size_t kept = 0;
	for (size_t i = 0; i < n; i++) {
		if (of_kind(d, &r[i].p, only)) {
			struct recommendation tmp = r[kept];
			r[kept++] = r[i];
			r[i] = tmp;
		}
	}
	return kept;
}

static bool recommend_for(struct turn *t, enum recommend_mode mode, const char *only)
{
	dialogue *d = t->d;
	const struct reading *rd = &t->r;
	const char *with[DLG_MAX_TARGETS];
	for (size_t k = 0; k < rd->n_targets; k++)
		with[k] = rd->targets[k].id;
	/* the customer's history only with their consent */
	struct recommend_request q = {
		.customer = personal_customer(d), .with = with, .n_with = rd->n_targets,
		.limit = only ? DLG_PAGE * 4 : DLG_PAGE, .mode = mode,
	};
	struct recommendation *r = NULL;
	size_t nr = 0, all = 0;
	char *err = NULL;
	int rc = recommend_run(d->cat, &q, &r, &all, &err);
	nr = rc == 0 ? keep_kind(d, r, all, only) : 0;
	/* "what goes with it" where no shopper bought anything with it: the
	 * catalog's products made for it (cases and chargers naming the phone)
	 * say more than more of its kind */
	bool evidence = false;
	for (size_t i = 0; rc == 0 && i < nr && !evidence; i++)
		evidence = !strcmp(r[i].why, "bought together");
	if (rc == 0 && mode == RECOMMEND_COMPLEMENT && rd->n_targets == 1 && !evidence && !only &&
	    find_for_product(t, &rd->targets[0], NULL)) {
		recommend_free(r, all);
		return true;
	}
	if (rc == 0 && !nr && q.mode != RECOMMEND_ANY) {
		/* nothing of the asked kind: anything related is better than nothing */
		q.mode = RECOMMEND_ANY;
		recommend_free(r, all);
		rc = recommend_run(d->cat, &q, &r, &all, &err);
		nr = rc == 0 ? keep_kind(d, r, all, only) : 0;
	}
	if (rc < 0) {
		turn_fail(t, err);
		free(err);
		return true;
	}
	struct product_view items[DLG_PAGE];
	char *why[DLG_PAGE];
	size_t got = 0;
	for (size_t i = 0; i < nr && got < DLG_PAGE; i++) {
		items[got] = r[i].p; /* borrowed from r */
		/* the reason in the shopper's words ("bought with Tent One in 6
		 * orders"), else its kind (template "why.bought_together") */
		char *line = explain_recommendation(d->rp, &r[i]);
		if (!line) {
			char *key = xasprintf("why.%s", r[i].why);
			for (char *c = key; *c; c++)
				if (*c == ' ')
					*c = '_';
			const char *w = replies_raw(d->rp, key, 0);
			line = xstrdup(w ? w : r[i].why);
			free(key);
		}
		why[got++] = line;
	}
	if (rd->n_targets)
		turn_var(t, "name", rd->targets[0].name);
	if (got) {
		turn_varf(t, "count", "%zu", got);
		const char *key = !rd->n_targets ? "recommend.general"
		                  : q.mode == RECOMMEND_SIMILAR ? "recommend.similar"
		                  : q.mode == RECOMMEND_COMPLEMENT ? "recommend.goes_with"
		                                                   : "recommend.for";
		say_count(t, key, (long long)got);
		turn_show(t, items, got);
		state_list_set(d, items, got, NULL, why, LIST_RECOMMEND);
		suggest(t, "suggest.recommend");
	}
	for (size_t i = 0; i < got; i++)
		free(why[i]);
	recommend_free(r, all);
	return got > 0;
}

void dlg_recommend(struct turn *t)
{
	dialogue *d = t->d;
	const struct reading *rd = &t->r;
	if (rd->ref == REF_OUT_OF_RANGE) {
		say_out_of_range(t);
		return;
	}
	if (rd->ref == REF_AMBIGUOUS) {
		say(t, "which.product");
		turn_show(t, d->shown, d->n_shown);
		suggest(t, "suggest.which");
		return;
	}
	char *words = kind_words(t);
	/* words that name a kind the product in view is not ("a mystery
	 * novel" while a cookbook is shown) ask for that kind */
	bool about_target = rd->n_targets && (!words || rd->named || rd->from_list ||
	                                      words_in_name(words, rd->targets[0].name,
	                                                    rd->targets[0].brand));
	/* "what rain jacket should I get": a name found in the catalog that
	 * is the kind the words name (the category "Rain Jackets"), with no
	 * word of going with it, asks for the best of that kind */
	char *kind = NULL;
	if (about_target && words && rd->named && !rd->from_list && mode_of(t) == RECOMMEND_ANY)
		kind = kind_named(t, &rd->targets[0], words);
	/* "and snow boots to go with it": a kind named that the product in
	 * view is not of is what to show, the best of it */
	const char *named = t->out->nlu.entities.category;
	if (!kind && about_target && named && !rd->named &&
	    !(rd->targets[0].category && lookup_path_under(rd->targets[0].category, named))) {
		kind = xstrdup(named);
		if (!words)
			words = xstrdup(named);
	}
	/* "something to go with it, cheese maybe", "chairs to go with it":
	 * with the product in view, words that name products of another
	 * kind: what goes with it of that kind */
	char *other = NULL;
	if (!kind && about_target && words && !rd->named && rd->targets[0].category) {
		other = words_kept(d, words, lookup_word_held, NULL);
		if (!other || !*other ||
		    words_in_name(other, rd->targets[0].name, rd->targets[0].brand) ||
		    words_all_in(d, other, rd->targets[0].category) ||
		    !lookup_words_name_products(d, other)) {
			free(other);
			other = NULL;
		}
	}
	if (kind)
		about_target = false;
	bool done = false;
	if (words && !about_target)
		done = recommend_words(t, words, kind);
	free(kind);
	const char *personal = personal_customer(d);
	if (!done && (rd->n_targets || personal || !words))
		done = rd->n_targets || personal ? recommend_for(t, mode_of(t), other) : false;
	if (!done && other)
		done = recommend_words(t, other, NULL);
	free(other);
	const struct nlu_entities *e = &t->out->nlu.entities;
	if (!done && !rd->n_targets &&
	    (e->age_months >= 0 || e->price_max >= 0 || e->price_min >= 0)) {
		/* "what's good for a 1 year old": the best for that age; "gift
		 * ideas under £50 for my sister": the best in the budget */
		struct dlg_frame f;
		find_frame_of_turn(t, &f);
		free(f.words);
		f.words = NULL;
		if (f.sort == NLU_SORT_NONE)
			f.sort = NLU_SORT_RATING;
		find_run(t, &f, f.category ? "recommend.words" : "recommend.browse", false, FIND_GIVEN);
		frame_release(&f);
		done = true;
	}
	if (!done && !rd->n_targets) {
		/* from nothing: one useful question */
		if (words)
			turn_var(t, "words", words);
		say(t, words ? "recommend.unknown_kind" : "recommend.ask");
		suggest(t, "suggest.recommend_ask");
	} else if (!done) {
		say(t, "recommend.none");
		suggest(t, "suggest.start");
	}
	for (size_t k = 0; k < rd->n_targets; k++)
		events_log(d->cat, d->customer, d->session, "view", rd->targets[k].id, NULL, NULL);
	free(words);
}
