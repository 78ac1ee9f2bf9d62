/*
 * dialogue_find.c: finding products — a new search, refining the last one
 * without repeating it, the next page, the clarifying question for a broad
 * query, and explaining why the shown products are there.
 */
#include "src/dialogue/dialogue_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "catalog/shop/events.h"
#include "common/xalloc.h"

void dlg_filters_release(struct dlg_filters *f)
{
	free(f->words);
	free(f->brand);
	free(f->not_brand);
	free(f->category);
	free(f->color);
	free(f->not_color);
	free(f->material);
	free(f->size);
	memset(f, 0, sizeof *f);
	f->price_min = f->price_max = -1;
}

static char *dup_or_null(const char *s)
{
	return s && *s ? xstrdup(s) : NULL;
}

void dlg_filters_copy(struct dlg_filters *dst, const struct dlg_filters *src)
{
	*dst = *src;
	dst->words = dup_or_null(src->words);
	dst->brand = dup_or_null(src->brand);
	dst->not_brand = dup_or_null(src->not_brand);
	dst->category = dup_or_null(src->category);
	dst->color = dup_or_null(src->color);
	dst->not_color = dup_or_null(src->not_color);
	dst->material = dup_or_null(src->material);
	dst->size = dup_or_null(src->size);
}

static void set_str(char **dst, const char *src)
{
	if (!src || !*src)
		return;
	free(*dst);
	*dst = xstrdup(src);
}

static bool filters_empty(const struct dlg_filters *f)
{
	return !f->words && !f->brand && !f->not_brand && !f->category && !f->color &&
	       !f->not_color && !f->material && !f->size && f->price_min < 0 && f->price_max < 0;
}

/* Entities that narrow a search, merged into f. Returns true when any did. */
static bool merge_entities(struct dlg_filters *f, const struct nlu_entities *e)
{
	bool any = false;
	if (e->price_min >= 0) {
		f->price_min = e->price_min;
		any = true;
	}
	if (e->price_max >= 0) {
		f->price_max = e->price_max;
		if (f->price_min > f->price_max)
			f->price_min = -1;
		any = true;
	}
	if (e->brand) {
		/* "only X" makes any "not Y" moot. */
		set_str(&f->brand, e->brand);
		free(f->not_brand);
		f->not_brand = NULL;
		any = true;
	}
	if (e->not_brand) {
		set_str(&f->not_brand, e->not_brand);
		if (f->brand && !strcasecmp(f->brand, e->not_brand)) {
			free(f->brand);
			f->brand = NULL;
		}
		any = true;
	}
	if (e->category) {
		set_str(&f->category, e->category);
		any = true;
	}
	if (e->color) {
		set_str(&f->color, e->color);
		free(f->not_color);
		f->not_color = NULL;
		any = true;
	}
	if (e->not_color) {
		set_str(&f->not_color, e->not_color);
		any = true;
	}
	if (e->material) {
		set_str(&f->material, e->material);
		any = true;
	}
	if (e->size) {
		set_str(&f->size, e->size);
		any = true;
	}
	if (e->sort != NLU_SORT_NONE) {
		f->sort = e->sort;
		any = true;
	}
	return any;
}

/* Renders a template into a heap string with the turn's variables. */
static void var_from(struct turn *t, const char *key, struct buf *b)
{
	char *s = replies_render(t->d->rp, key, 0, t->vars, t->n_vars, NULL);
	if (*s) {
		if (b->len)
			buf_adds(b, ", ");
		buf_adds(b, s);
	}
	free(s);
}

/* Sets {filters} to a readable list of f's filters ("under $80, not X"). */
static void describe_filters(struct turn *t, const struct dlg_filters *f)
{
	struct buf b;
	buf_init(&b);
	struct {
		const char *value;
		const char *key;
	} parts[] = {
		{f->category, "filter.category"}, {f->brand, "filter.brand"},
		{f->not_brand, "filter.not_brand"}, {f->color, "filter.color"},
		{f->not_color, "filter.not_color"}, {f->material, "filter.material"},
		{f->size, "filter.size"},
	};
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		if (!parts[i].value)
			continue;
		turn_var(t, "value", parts[i].value);
		var_from(t, parts[i].key, &b);
	}
	if (f->price_min >= 0) {
		char *m = money((int64_t)(f->price_min * 100 + 0.5), NULL);
		turn_var(t, "value", m);
		free(m);
		var_from(t, "filter.price_min", &b);
	}
	if (f->price_max >= 0) {
		char *m = money((int64_t)(f->price_max * 100 + 0.5), NULL);
		turn_var(t, "value", m);
		free(m);
		var_from(t, "filter.price_max", &b);
	}
	static const char *const sorts[] = {
		[NLU_SORT_NONE] = NULL,
		[NLU_SORT_PRICE_ASC] = "filter.sort_price_asc",
		[NLU_SORT_PRICE_DESC] = "filter.sort_price_desc",
		[NLU_SORT_RATING] = "filter.sort_rating",
		[NLU_SORT_POPULARITY] = "filter.sort_popularity",
	};
	if (f->sort > NLU_SORT_NONE && f->sort <= NLU_SORT_POPULARITY && sorts[f->sort])
		var_from(t, sorts[f->sort], &b);
	turn_var(t, "filters", b.len ? b.s : NULL);
	turn_var(t, "query", f->words ? f->words : (f->category ? f->category : NULL));
	buf_release(&b);
}

/* "12 more from A and 4 other brands, $9-$45" from the facets. */
static void facet_summary(struct turn *t, const struct dlg_results *r)
{
	if (r->total <= r->n)
		return;
	turn_varf(t, "more", "%zu%s", r->total - r->n, r->capped ? "+" : "");
	turn_var(t, "brand", r->n_brands ? r->brands[0].value : NULL);
	turn_varf(t, "other_brands", "%zu", r->n_brands > 1 ? r->n_brands - 1 : 0);
	if (r->has_prices) {
		char *lo = money(r->price_lo, NULL), *hi = money(r->price_hi, NULL);
		turn_var(t, "price_lo", lo);
		turn_var(t, "price_hi", hi);
		free(lo);
		free(hi);
	}
	if (r->n_brands > 1 && r->has_prices)
		say(t, "+search.facets");
	else if (r->n_brands == 1 && r->has_prices)
		say(t, "+search.facets_one_brand");
	else
		say(t, "+search.facets_plain");
}

/* A broad query (no category, matches spread over several categories) gets
 * a question offering the real category values. */
static bool clarify(struct turn *t, const struct dlg_filters *f, const struct dlg_results *r)
{
	/* A category that is itself one of the kinds found needs no question;
	 * a broad one ("electronics") spread over several kinds does. */
	if (r->n_categories < 3 || r->total <= DLG_PAGE)
		return false;
	for (size_t i = 0; f->category && i < r->n_categories; i++)
		if (!strcasecmp(f->category, r->categories[i].value))
			return false;
	if (r->categories[0].count * 10 >= r->total * 6)
		return false;
	struct buf opts;
	buf_init(&opts);
	size_t n = r->n_categories < 3 ? r->n_categories : 3;
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_adds(&opts, i + 1 == n ? " or " : ", ");
		buf_adds(&opts, r->categories[i].value);
	}
	turn_var(t, "options", opts.s);
	buf_release(&opts);
	say(t, "+search.clarify");
	for (size_t i = 0; i < n && t->out->n_suggestions < 3; i++) {
		turn_var(t, "category", r->categories[i].value);
		suggest(t, "suggest.category");
	}
	return true;
}

static void show_results(struct turn *t, const struct dlg_results *r, size_t offset)
{
	dialogue *d = t->d;
	shown_set(d, r->items, r->n, r->matched, r->lifted, SHOWN_SEARCH);
	reply_show(t, r->items, r->n);
	d->offset = offset;
	d->total = r->total;
	turn_varf(t, "count", "%zu", r->n);
	/* a search that stopped counting says so: "250+ matches" */
	const char *plus = r->capped ? "+" : "";
	turn_varf(t, "total", "%zu%s", r->total, plus);
	const char *noun = replies_raw(d->rp, r->total == 1 ? "word.match" : "word.matches", 0);
	turn_varf(t, "total_matches", "%zu%s %s", r->total, plus, noun ? noun : "");
	turn_varf(t, "from", "%zu", offset + 1);
	turn_varf(t, "to", "%zu", offset + r->n);
	if (r->n_brands)
		turn_var(t, "top_brand", r->brands[0].value);
	if (r->n_brands > 1)
		turn_var(t, "second_brand", r->brands[1].value);
}

/* The first page of f's search without its category (and, when
 * brand_too, its brand): what the words find alone. */
static int search_words_alone(dialogue *d, const struct dlg_filters *f, bool brand_too,
                              struct dlg_results *out, char **err)
{
	struct dlg_filters g;
	dlg_filters_copy(&g, f);
	free(g.category);
	g.category = NULL;
	if (brand_too) {
		free(g.brand);
		g.brand = NULL;
	}
	int rc = dsearch_run(d, &g, 0, DLG_PAGE, out, err);
	dlg_filters_release(&g);
	return rc;
}

/* A guessed category applies when some of what the words find alone lies
 * in it: none of the first FACET_SAMPLE means the guess is about something
 * else ("case" -> "Battery Charger Cases" for "wallet case"). A small share
 * is kept: the words alone rank accessories that mention "iphone" above
 * the iPhones the category holds. */
#define CATEGORY_MIN_SHARE 0.01
/* A guessed brand applies when it makes at least this share of them. */
#define BRAND_MIN_SHARE 0.5

/* Runs f and answers; check_guess: f's category and brand were guessed
 * from this turn's words, to be checked against what they find alone. Returns the
 * number of results shown (0: none; then
 * nothing is said when quiet_none, so the caller can explain). */
static size_t run_and_show(struct turn *t, struct dlg_filters *f, const char *key,
                           bool quiet_none, bool check_guess)
{
	dialogue *d = t->d;
	struct dlg_results r, wide;
	memset(&wide, 0, sizeof wide);
	char *err = NULL;
	bool all_in = false;
	bool checked = check_guess && f->words && (f->category || f->brand);
	if (checked) {
		/* A category or brand guessed from the words is checked against
		 * what the words find alone. A category none of those lie in
		 * ("case" -> "Battery Charger Cases" for "wallet case") would only
		 * hide them, and make the search scan every match for a few. A
		 * brand that makes few of them names what the product fits, not
		 * who makes it ("apple watch band", "samsung galaxy s7 case"); the
		 * word still ranks its own products first. */
		if (search_words_alone(d, f, true, &wide, &err) < 0) {
			turn_fail(t, err);
			free(err);
			return 0;
		}
		double cat_share = f->category && wide.n ? dsearch_share_in(d, f->category) : 1;
		double brand_share = f->brand && wide.n ? dsearch_brand_share(d, f->brand) : 1;
		if (wide.n && cat_share < CATEGORY_MIN_SHARE) {
			free(f->category);
			f->category = NULL;
		}
		if (wide.n && brand_share < BRAND_MIN_SHARE) {
			free(f->brand);
			f->brand = NULL;
		}
		/* what is kept holds every one of the words' results already */
		all_in = wide.n && !wide.relaxed && cat_share >= 1.0 && brand_share >= 1.0;
	}
	if (((!f->category && !f->brand) || all_in) && wide.n) {
		/* nothing guessed is kept, or it holds the words' results: the
		 * search with it would show the same */
		r = wide;
		memset(&wide, 0, sizeof wide);
	} else if (dsearch_run(d, f, 0, DLG_PAGE, &r, &err) < 0) {
		turn_fail(t, err);
		free(err);
		dlg_results_release(&wide);
		return 0;
	}
	if ((!r.n || r.relaxed) && f->category && f->words) {
		/* The category left nothing, or only products missing some words:
		 * the words decide, when they find more without it. */
		if (!checked)
			search_words_alone(d, f, false, &wide, NULL); /* none found on failure */
		if (wide.n && (!r.n || !wide.relaxed)) {
			dlg_results_release(&r);
			r = wide;
			memset(&wide, 0, sizeof wide);
			free(f->category);
			f->category = NULL;
			if (checked) { /* those were searched without the brand too */
				free(f->brand);
				f->brand = NULL;
			}
		}
	}
	dlg_results_release(&wide);
	describe_filters(t, f);
	if (r.did_you_mean)
		turn_var(t, "corrected", r.did_you_mean);
	size_t shown = r.n;
	if (!r.n) {
		if (quiet_none) {
			dlg_results_release(&r);
			return 0;
		}
		say(t, r.did_you_mean ? "search.none_corrected" : "search.none");
		if (f->brand)
			turn_var(t, "brand", f->brand);
		suggest(t, "suggest.none");
		dlg_results_release(&r);
		return 0;
	}
	dlg_filters_release(&d->filters);
	dlg_filters_copy(&d->filters, f);
	d->has_search = true;
	show_results(t, &r, 0);
	if (r.did_you_mean)
		say(t, "search.corrected");
	say(t, r.relaxed ? "search.relaxed" : key);
	facet_summary(t, &r);
	if (!clarify(t, f, &r))
		suggest(t, "suggest.search");
	events_log(d->cat, d->customer, d->session, "search", NULL,
	           f->words ? f->words : (f->category ? f->category : ""), NULL);
	dlg_results_release(&r);
	return shown;
}

static void filters_from_entities(struct dlg_filters *f, const struct nlu_result *n)
{
	dlg_filters_release(f);
	if (n->entities.product_words && *n->entities.product_words)
		f->words = xstrdup(n->entities.product_words);
	merge_entities(f, &n->entities);
}

/* A search from this turn's words alone, forgetting the last one. */
static void new_search(struct turn *t)
{
	struct dlg_filters f;
	memset(&f, 0, sizeof f);
	filters_from_entities(&f, &t->out->nlu);
	run_and_show(t, &f, "search.results", false, true);
	dlg_filters_release(&f);
}

/* "recommend me a mystery novel": the words name what to recommend. When
 * some products have every word, the best rated of them are shown as a
 * search the shopper can refine. false when the words name nothing: the
 * caller recommends from the products shown instead. */
bool dlg_recommend_words(struct turn *t)
{
	const struct nlu_result *n = &t->out->nlu;
	struct search_result r;
	bool named = dsearch_words_find(t->d, n->entities.product_words, &r);
	search_result_release(&r);
	if (!named)
		return false;
	struct dlg_filters f;
	memset(&f, 0, sizeof f);
	filters_from_entities(&f, n);
	if (f.sort == NLU_SORT_NONE)
		f.sort = NLU_SORT_RATING;
	run_and_show(t, &f, "recommend.words", false, false);
	dlg_filters_release(&f);
	return true;
}

void dlg_search(struct turn *t)
{
	dialogue *d = t->d;
	const struct nlu_result *n = &t->out->nlu;
	struct dlg_filters f;
	memset(&f, 0, sizeof f);
	filters_from_entities(&f, n);
	if (filters_empty(&f) && f.sort == NLU_SORT_NONE) {
		say(t, "search.what");
		suggest(t, "suggest.start");
		dlg_filters_release(&f);
		return;
	}
	/* Only filters and an earlier search: the shopper is narrowing it. */
	if (!f.words && !f.category && d->has_search) {
		dlg_filters_release(&f);
		dlg_refine(t);
		return;
	}
	run_and_show(t, &f, "search.results", false, true);
	dlg_filters_release(&f);
}

/* "cheaper": below the product in focus, else below the dearest shown, so
 * the shopper sees the cheaper part of the list and what lies beyond it. */
static bool apply_cheaper(dialogue *d, struct dlg_filters *f)
{
	int64_t ref = -1;
	if (d->focus >= 0 && (size_t)d->focus < d->n_shown && d->shown[d->focus].has_price)
		ref = d->shown[d->focus].price_cents;
	if (ref < 0)
		for (size_t i = 0; i < d->n_shown; i++)
			if (d->shown[i].has_price && d->shown[i].price_cents > ref)
				ref = d->shown[i].price_cents;
	if (ref <= 0)
		return false;
	f->price_max = (double)(ref - 1) / 100.0;
	return true;
}

void dlg_refine(struct turn *t)
{
	dialogue *d = t->d;
	const struct nlu_result *n = &t->out->nlu;
	if (!d->has_search) {
		dlg_search(t);
		return;
	}
	const struct nlu_entities *e = &n->entities;
	if (e->category && e->product_words && *e->product_words &&
	    (!d->filters.category || strcasecmp(d->filters.category, e->category))) {
		/* Another kind of product is a new search, not a narrower one. */
		new_search(t);
		return;
	}
	struct dlg_filters f;
	dlg_filters_copy(&f, &d->filters);
	bool changed = merge_entities(&f, &n->entities);
	if (n->entities.comparative_cheaper && !n->entities.n_ordinals) {
		changed |= apply_cheaper(d, &f);
		if (f.sort == NLU_SORT_NONE)
			f.sort = NLU_SORT_PRICE_ASC;
	}
	if (!changed && n->entities.n_ordinals) {
		/* "more like the second one" */
		dlg_filters_release(&f);
		dlg_recommend(t);
		return;
	}
	if (!changed && n->entities.product_words && *n->entities.product_words) {
		/* New words on top of the old ones ("waterproof ones"). */
		char *w = f.words ? xasprintf("%s %s", f.words, n->entities.product_words)
		                  : xstrdup(n->entities.product_words);
		free(f.words);
		f.words = w;
		changed = true;
	}
	if (!changed) {
		say(t, "refine.how");
		suggest(t, "suggest.search");
		dlg_filters_release(&f);
		return;
	}
	bool cheaper = n->entities.comparative_cheaper;
	if (!run_and_show(t, &f, "refine.results", cheaper, false) && cheaper) {
		say(t, "refine.cheapest_already");
		suggest(t, "suggest.search");
	}
	dlg_filters_release(&f);
}

void dlg_show_more(struct turn *t)
{
	dialogue *d = t->d;
	if (!d->has_search || d->shown_from != SHOWN_SEARCH) {
		say(t, "more.nothing");
		suggest(t, "suggest.start");
		return;
	}
	size_t offset = d->offset + DLG_PAGE;
	if (offset >= d->total) {
		turn_varf(t, "total", "%zu", d->total);
		say(t, "more.end");
		suggest(t, "suggest.search");
		return;
	}
	struct dlg_results r;
	char *err = NULL;
	if (dsearch_run(d, &d->filters, offset, DLG_PAGE, &r, &err) < 0) {
		turn_fail(t, err);
		free(err);
		return;
	}
	describe_filters(t, &d->filters);
	show_results(t, &r, offset);
	say(t, r.n ? "more.results" : "more.end");
	suggest(t, "suggest.search");
	dlg_results_release(&r);
}

void dlg_explain(struct turn *t)
{
	dialogue *d = t->d;
	if (!d->n_shown) {
		say(t, "explain.nothing");
		suggest(t, "suggest.start");
		return;
	}
	int idx[DLG_MAX_SHOWN];
	int n = resolve_targets(t, idx, DLG_MAX_SHOWN, true);
	if (n < 0) {
		turn_varf(t, "shown", "%zu", d->n_shown);
		say(t, "ordinal.out_of_range");
		suggest(t, "suggest.search");
		return;
	}
	if (d->shown_from == SHOWN_CART) {
		say(t, "explain.cart");
	} else if (d->has_search && d->shown_from == SHOWN_SEARCH) {
		describe_filters(t, &d->filters);
		say(t, "explain.query");
		struct dlg_filters only = d->filters;
		only.words = NULL;
		if (filters_empty(&only) && only.sort == NLU_SORT_NONE)
			say(t, "explain.no_filters");
		else
			say(t, "explain.filters");
	} else {
		say(t, "explain.not_search");
	}
	for (int k = 0; k < n; k++) {
		int i = idx[k];
		turn_varf(t, "n", "%d", i + 1);
		turn_var(t, "name", d->shown[i].name);
		turn_var(t, "matched", d->shown_matched[i] && *d->shown_matched[i] ? d->shown_matched[i] : NULL);
		turn_var(t, "lifted", d->shown_lifted[i] && *d->shown_lifted[i] ? d->shown_lifted[i] : NULL);
		if (d->shown_matched[i] && *d->shown_matched[i])
			say(t, d->shown_lifted[i] && *d->shown_lifted[i] ? "+explain.item" : "+explain.item_matched");
		else if (d->shown_lifted[i] && *d->shown_lifted[i])
			say(t, "+explain.item_lifted");
		else
			say(t, "+explain.item_plain");
	}
	if (n == 1)
		d->focus = idx[0];
	suggest(t, "suggest.search");
}
