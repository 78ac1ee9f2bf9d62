/*
 * find.c: finding products: a new search, narrowing the search frame
 * without repeating it, the next page, the clarifying question for a broad
 * query, and explaining why the shown products are there.
 *
 * The frame persists: a turn that adds a constraint or words narrows it
 * ("for cold weather", "under 600", "with 5g"); only a turn that names
 * another kind of product starts a new one ("what about sleeping bags").
 */
#include "src/dialogue/handlers.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "catalog/shop/cart.h"
#include "catalog/shop/events.h"
#include "common/buf.h"
#include "common/xalloc.h"
#include "src/dialogue/ask.h"
#include "src/dialogue/attrs.h"
#include "src/dialogue/lookup.h"
#include "src/dialogue/personal.h"
#include "src/dialogue/state.h"
#include "src/dialogue/turn.h"
#include "src/dialogue/words.h"

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
#define QUERY_SHOWN 60 /* bytes of the words said back */

static void describe_filters(struct turn *t, const struct dlg_frame *f)
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
		{f->size, "filter.size"}, {f->measure, "filter.measure"},
		{f->audience, "filter.audience"}, {f->bound_shown, "filter.bound"},
	};
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		if (!parts[i].value)
			continue;
		turn_var(t, "value", parts[i].value);
		var_from(t, parts[i].key, &b);
	}
	const char *query = f->words && *f->words ? f->words : f->category;
	/* what the products are without is said with the words, never left
	 * unsaid: "protein powder without soy" */
	struct buf said, rest; /* rest: the filters not said with the words */
	buf_init(&said);
	buf_init(&rest);
	buf_adds(&rest, b.len ? b.s : "");
	for (size_t i = 0; i < f->n_values; i++) {
		const struct dlg_value *v = &f->values[i];
		turn_var(t, "value", v->value ? v->value : v->key);
		const char *key = v->exclude ? "filter.not_value" : v->value ? "filter.value" :
		                  "filter.key_yes";
		bool with_query = query && v->exclude && v->value &&
		                  (!f->words || !words_form_in(v->value, f->words));
		if (with_query)
			var_from(t, key, &said);
		var_from(t, key, &b);
		/* "nut free" in the words says it already */
		if (!(query && v->exclude && v->value))
			var_from(t, key, &rest);
	}
	size_t values_end = b.len;
	if (f->price_min >= 0) {
		char *m = money((int64_t)(f->price_min * 100 + 0.5), t->d->currency);
		turn_var(t, "value", m);
		free(m);
		var_from(t, "filter.price_min", &b);
	}
	if (f->price_max >= 0) {
		char *m = money((int64_t)(f->price_max * 100 + 0.5), t->d->currency);
		turn_var(t, "value", m);
		free(m);
		var_from(t, "filter.price_max", &b);
	}
	if (f->rating_min >= 0) {
		turn_varf(t, "value", "%g", f->rating_min);
		var_from(t, "filter.rating_min", &b);
	}
	if (f->age_months >= 0) {
		bool months = f->age_months < 24;
		turn_varf(t, "value", "%d", months ? f->age_months : f->age_months / 12);
		var_from(t, months ? "filter.age_months" : "filter.age_years", &b);
	}
	if (f->in_stock)
		var_from(t, "filter.in_stock", &b);
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
	/* the filters but those said with the words ("Nothing matches protein
	 * bars without nuts (under $30)") */
	if (b.len > values_end)
		buf_adds(&rest, b.s + values_end + (!rest.len && values_end ? 2 : 0));
	turn_var(t, "filters_more", rest.len ? rest.s : NULL);
	/* a pasted page of words is not said back whole */
	char *with_said = NULL;
	if (query && said.len) {
		with_said = xasprintf("%s %s", query, said.s);
		query = with_said;
	}
	if (query && strlen(query) > QUERY_SHOWN) {
		size_t cut = QUERY_SHOWN;
		while (cut > QUERY_SHOWN / 2 && query[cut] != ' ')
			cut--;
		turn_varf(t, "query", "%.*s\xe2\x80\xa6", (int)cut, query); /* an ellipsis */
	} else if (query && (f->audience || f->bound_shown)) {
		/* who it is for and a bound are said back: "sweater for women",
		 * "sofa, width up to 200 cm" */
		char *who = NULL;
		if (f->audience) {
			turn_var(t, "value", f->audience);
			who = replies_render(t->d->rp, "filter.audience", 0, t->vars, t->n_vars, NULL);
		}
		turn_varf(t, "query", "%s%s%s%s%s", query, who ? " " : "", who ? who : "",
		          f->bound_shown ? ", " : "", f->bound_shown ? f->bound_shown : "");
		free(who);
	} else {
		turn_var(t, "query", query);
	}
	free(with_said);
	buf_release(&said);
	buf_release(&rest);
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
		char *lo = money(r->price_lo, t->d->currency), *hi = money(r->price_hi, t->d->currency);
		turn_var(t, "price_lo", lo);
		turn_var(t, "price_hi", hi);
		free(lo);
		free(hi);
	}
	if (r->total - r->n == 1 && !r->capped)
		say(t, "+search.facets_plain.one");
	else if (r->n_brands > 1 && r->has_prices)
		say_count(t, "+search.facets", (long long)r->n_brands - 1);
	else if (r->n_brands == 1 && r->has_prices)
		say(t, "+search.facets_one_brand");
	else
		say(t, "+search.facets_plain");
}

/* A broad query (no category, matches spread over several categories) gets
 * a question offering the real category values. */
static bool clarify(struct turn *t, const struct dlg_frame *f, const struct dlg_results *r)
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
	state_list_set(d, r->items, r->n, r->matched, r->lifted, LIST_SEARCH);
	/* "cheapest?": the list's first is the one asked for, so "is it
	 * dishwasher safe" and "add it" are about it */
	if (offset == 0 && r->n > 1 && t->out->nlu.entities.sort != NLU_SORT_NONE &&
	    words_says(d, t->lower, "lexicon.superlative_one") &&
	    !words_says(d, t->lower, "lexicon.plural_ones") &&
	    !words_says(d, t->lower, "lexicon.plural_ref"))
		d->focus = 0;
	turn_show(t, r->items, r->n);
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
static int search_words_alone(dialogue *d, const struct dlg_frame *f, bool brand_too,
                              size_t limit, struct dlg_results *out, char **err)
{
	struct dlg_frame g;
	frame_copy(&g, f);
	free(g.category);
	g.category = NULL;
	if (brand_too) {
		free(g.brand);
		g.brand = NULL;
	}
	int rc = lookup_search(d, &g, 0, limit, out, err);
	frame_release(&g);
	return rc;
}

/* A guessed category applies when some of what the words find alone lies
 * in it: none of the first FACET_SAMPLE means the guess is about something
 * else ("case" -> "Battery Charger Cases" for "wallet case"). A small share
 * is kept when the words say the category's whole name: the words alone
 * rank accessories that mention "iphone" above the iPhones the category
 * holds. A name said in part ("car mount" for "iPhone Car Mounts",
 * "prepaid card" for "SIM Cards") is a guess that must hold most of them:
 * the catalog files the same kind under several names. */
#define CATEGORY_MIN_SHARE 0.1
#define CATEGORY_PART_SHARE 0.8
/* A guessed brand applies when it makes at least this share of them. */
#define BRAND_MIN_SHARE 0.5

/* Does words say every content word of name ("desks" of "Desks", not
 * "car mount" of "iPhone Car Mounts")? */
static bool names_said(const dialogue *d, const char *name, const char *words)
{
	const char *last = strrchr(name, '>'); /* "Kids > Beds": who it is for was said */
	return words_all_in(d, last ? last + 1 : name, words);
}

/* How many of the catalog's category names words say whole: "battery
 * charger cases iphone 7 plus" says "Battery Charger Cases" and "iPhone 7
 * Plus Cases" (and "Cases"), so the one guessed is a guess among several.
 * A name inside another said ("Cases") does not count. */
static size_t categories_said(const dialogue *d, const char *words)
{
	if (!words)
		return 0;
	size_t said = 0, longest = 0;
	for (size_t i = 0; i < d->n_category_names; i++) {
		size_t n = d->n_category_words[i];
		if (!n || words_in_text(d->category_words[i], n, words) < n)
			continue;
		if (n > longest)
			longest = n;
	}
	/* names of two words or more, or of the longest length said */
	for (size_t i = 0; i < d->n_category_names; i++) {
		size_t n = d->n_category_words[i];
		if (n && (n >= 2 || n == longest) &&
		    words_in_text(d->category_words[i], n, words) == n)
			said++;
	}
	return said;
}

/* "wireless headphones" where "wireless" is a yes/no key of chargers only:
 * a key named by a word filters the products that have it; when that
 * leaves nothing and the words without the key find products, the word
 * was the search's, and the key is dropped from f. True with *r then. */
static bool drop_key_values(dialogue *d, struct dlg_frame *f, size_t limit, struct dlg_results *r)
{
	struct dlg_frame g;
	frame_copy(&g, f);
	size_t kept = 0;
	for (size_t i = 0; i < g.n_values; i++) {
		struct dlg_value *v = &g.values[i];
		if (v->key && !v->value && !v->exclude) {
			free(v->key);
			continue;
		}
		g.values[kept++] = *v;
	}
	bool dropped = kept < g.n_values;
	g.n_values = kept;
	struct dlg_results without;
	memset(&without, 0, sizeof without);
	bool found = dropped && lookup_search(d, &g, 0, limit, &without, NULL) == 0 && without.n &&
	             (!without.relaxed || without.exact);
	if (found) {
		lookup_results_release(r);
		*r = without;
		frame_release(f);
		*f = g;
		return true;
	}
	lookup_results_release(&without);
	frame_release(&g);
	return false;
}

/* Does every product the word finds hold it in its brand's name alone
 * ("toys" of "Starling Toys" in a toy shop), with none of the other
 * words in that brand? */
static bool only_in_brands(dialogue *d, const char *word, char **others, size_t n_others)
{
	struct search_result sr;
	bool only = lookup_words_find(d, word, 20, &sr);
	char *one[1] = {(char *)word};
	for (size_t i = 0; only && i < sr.n_hits; i++) {
		struct product_view p;
		if (product_view_load_rowid(d->cat, sr.hits[i].p.rowid, true, &p, NULL) < 0 || !p.id) {
			product_view_release(&p);
			only = false;
			break;
		}
		only = p.brand && words_in_text(one, 1, p.brand) &&
		       !words_in_text(others, n_others, p.brand) && !words_in_text(one, 1, p.name) &&
		       !(p.category && words_in_text(one, 1, p.category)) &&
		       !(p.description && words_in_text(one, 1, p.description));
		for (size_t k = 0; only && k < p.n_attrs; k++)
			only = !words_in_text(one, 1, p.attrs[k].value);
		product_view_release(&p);
	}
	search_result_release(&sr);
	return only;
}

/* "toys for a 2 year old" where the only "toys" are a brand's (Starling
 * Toys) and none of its products is for a 2 year old: the word was what
 * the shop sells, not the brand asked for, so a search that found
 * nothing runs again without it. True with *r and f (without the word)
 * then. */
static bool drop_brand_words(dialogue *d, struct dlg_frame *f, size_t limit, struct dlg_results *r)
{
	if (!f->words)
		return false;
	size_t n = 0;
	char **w = words_content(d, f->words, &n);
	char *rest = xstrdup(f->words);
	bool dropped = false;
	for (size_t i = 0; i < n; i++) {
		char **others = xcalloc(n, sizeof *others);
		size_t k = 0;
		for (size_t j = 0; j < n; j++)
			if (j != i)
				others[k++] = w[j];
		if (only_in_brands(d, w[i], others, k)) {
			char *less = words_without(d, rest, w[i]);
			free(rest);
			rest = less;
			dropped = true;
		}
		free(others);
	}
	words_free(w, n);
	bool found = false;
	if (dropped) {
		struct dlg_frame g;
		frame_copy(&g, f);
		free(g.words);
		g.words = rest && *rest ? rest : NULL;
		if (!g.words)
			free(rest);
		rest = NULL;
		struct dlg_results without;
		memset(&without, 0, sizeof without);
		found = (g.words || !frame_empty(&g)) &&
		        lookup_search(d, &g, 0, limit, &without, NULL) == 0 && without.n &&
		        (!without.relaxed || without.exact);
		if (found) {
			lookup_results_release(r);
			*r = without;
			frame_release(f);
			*f = g;
		} else {
			lookup_results_release(&without);
			frame_release(&g);
		}
	}
	free(rest);
	return found;
}

static bool names_products(dialogue *d, const char *kept, const char *word, void *ctx)
{
	(void)kept;
	(void)ctx;
	return lookup_words_name_products(d, word);
}

/* The words that name products by their names ("jeans"), or NULL. Heap. */
static char *naming_words(dialogue *d, const char *words)
{
	return words_kept(d, words, names_products, NULL);
}

/* "which cheeses are vegetarian" after "a cheese board for 8 people": of
 * the words said, one is a kind of product (lookup_word_is_kind(): not
 * "nonstick", which only describes one), and it is not the kind the
 * frame's words name (the last of their naming words: "board"). Then
 * they ask for another kind, not for boards. */
static bool another_kind(dialogue *d, const char *said, const char *frame_words)
{
	char *naming = frame_words ? naming_words(d, frame_words) : NULL;
	const char *head = naming ? strrchr(naming, ' ') : NULL;
	head = head ? head + 1 : naming;
	char *kinds = said ? naming_words(d, said) : NULL;
	bool other = false;
	size_t n = 0;
	char **w = kinds ? words_content(d, kinds, &n) : NULL;
	for (size_t i = 0; i < n && !other; i++)
		other = (!head || !words_match(w[i], head)) && lookup_word_is_kind(d, w[i]);
	words_free(w, n);
	free(kinds);
	free(naming);
	return other;
}

int find_search(dialogue *d, struct dlg_frame *f, enum find_origin origin, size_t limit,
                struct dlg_results *out, char **err)
{
	struct dlg_results r, wide;
	memset(&wide, 0, sizeof wide);
	memset(out, 0, sizeof *out);
	bool all_in = false;
	bool checked = origin == FIND_GUESSED && f->words && (f->category || f->brand);
	if (checked) {
		/* A category or brand guessed from the words is checked against
		 * what the words find alone. A category none of those lie in
		 * ("case" -> "Battery Charger Cases" for "wallet case") would only
		 * hide them, and make the search scan every match for a few. A
		 * brand that makes few of them names what the product fits, not
		 * who makes it ("apple watch band", "samsung galaxy s7 case"); the
		 * word still ranks its own products first. */
		if (search_words_alone(d, f, true, limit, &wide, err) < 0)
			return -1;
		double cat_share = f->category && wide.n ? lookup_share_in(d, f->category) : 1;
		double brand_share = f->brand && wide.n ? lookup_brand_share(d, f->brand) : 1;
		/* words no product holds all of ("desk for working from home")
		 * say nothing against the kind named with them */
		bool words_hold = wide.n && (!wide.relaxed || wide.exact);
		double min_share = f->category && names_said(d, f->category, f->words) &&
		                           categories_said(d, f->words) < 2
		                       ? CATEGORY_MIN_SHARE : CATEGORY_PART_SHARE;
		if (words_hold && cat_share < min_share) {
			free(f->category);
			f->category = NULL;
		}
		if (wide.n && brand_share < BRAND_MIN_SHARE) {
			/* the brand's word still ranks ("at&t iphone 6s": the
			 * iPhones sold for AT&T) */
			if (!lookup_any_word_said(d, f->brand, f->words)) {
				char *w = xasprintf("%s %s", f->words, f->brand);
				free(f->words);
				f->words = w;
			}
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
	} else if (lookup_search(d, f, 0, limit, &r, err) < 0) {
		lookup_results_release(&wide);
		return -1;
	}
	if ((!r.n || r.relaxed) && f->category && f->words) {
		/* The category left nothing, or only products missing some words:
		 * the words decide, when they find more without it. */
		if (!checked)
			search_words_alone(d, f, false, limit, &wide, NULL); /* none found on failure */
		/* a category guessed from one word of several holds none of the
		 * products the words find best ("leather couch charger"); in a
		 * sorted list the first is the cheapest, not the best; a kind
		 * the conversation settled on earlier is no guess */
		bool best_outside = checked && wide.n && f->sort == NLU_SORT_NONE &&
		                    !lookup_path_under(wide.items[0].category, f->category);
		/* the kind the conversation settled on, where nothing has every
		 * word and nothing elsewhere has either ("waterproof boots under
		 * $150"): its products with only the words that name products
		 * ("jeans" among "jeans men carpenter sizes"), as the closest.
		 * Products of the kind that have only some words must have one
		 * of those: "men" of the path and "black" of the filter find a
		 * black tee in Men when no jeans there are black. */
		bool some = r.n && r.relaxed && !r.exact;
		if (!checked && (!r.n || some) && (!wide.n || (wide.relaxed && !wide.exact))) {
			struct dlg_frame g;
			frame_copy(&g, f);
			free(g.words);
			free(g.size);
			/* a word the filters hold already ("black" in black) would
			 * match a product of the kind for that alone */
			char *naming = naming_words(d, f->words);
			g.words = naming && f->color ? words_without(d, naming, f->color) : naming;
			if (g.words != naming)
				free(naming);
			g.size = NULL;
			struct dlg_results kind;
			memset(&kind, 0, sizeof kind);
			if ((!some || g.words) && lookup_search(d, &g, 0, limit, &kind, NULL) == 0 &&
			    kind.n && some) {
				lookup_results_release(&kind); /* r holds words that name: kept */
			} else if (kind.n) {
				kind.relaxed = true;
				kind.exact = 0;
				lookup_results_release(&r);
				r = kind;
			} else {
				lookup_results_release(&kind);
				if (some && g.words) { /* what r has names none of the kind */
					lookup_results_release(&r);
					memset(&r, 0, sizeof r);
				}
			}
			frame_release(&g);
		}
		/* nothing of the settled kind: other kinds only when they have
		 * every word */
		bool other_kinds = origin != FIND_SETTLED && (checked || r.n || !wide.relaxed || wide.exact);
		if (wide.n && other_kinds && (!r.n || !wide.relaxed || best_outside)) {
			lookup_results_release(&r);
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
	lookup_results_release(&wide);
	if (!r.n)
		drop_key_values(d, f, limit, &r); /* then r is what the words find without */
	if (!r.n)
		drop_brand_words(d, f, limit, &r);
	*out = r;
	return 0;
}

/* Do f's words find products with every word once the size is left out? */
static bool size_alone_fails(dialogue *d, const struct dlg_frame *f)
{
	struct dlg_frame g;
	frame_copy(&g, f);
	free(g.size);
	g.size = NULL;
	bool found = lookup_finds_all(d, &g);
	frame_release(&g);
	return found;
}

/* The search of g in place of f's: when it finds products holding every
 * word (or only the closest, where closest_ok says they will do), *r and
 * *f become its results and g, and true; else g is released and both are
 * left alone. */
static bool search_instead(struct turn *t, struct dlg_frame *g, enum find_origin origin,
                           bool (*closest_ok)(dialogue *, const struct dlg_frame *),
                           struct dlg_frame *f, struct dlg_results *r)
{
	struct dlg_results any;
	if (find_search(t->d, g, origin, DLG_PAGE, &any, NULL) < 0 || !any.n ||
	    (any.relaxed && !any.exact && !(closest_ok && closest_ok(t->d, g)))) {
		lookup_results_release(&any); /* zeroed when the search failed */
		frame_release(g);
		return false;
	}
	lookup_results_release(r);
	*r = any;
	frame_release(f);
	*f = *g;
	return true;
}

/* Is a size what the closest products miss (g's words find them whole
 * once the size is left out: "a tent for 2 people", where no product data
 * says "2 person")? */
static bool size_is_what_misses(dialogue *d, const struct dlg_frame *g)
{
	return g->size && g->words && size_alone_fails(d, g);
}

/* "gift ideas for my husband, he runs a lot, about $60" read as the
 * category Running, none of whose products fits the budget: the
 * category's name as a word instead, found in other departments too
 * (the "Merino Running Tee" filed under Clothing), before the price
 * gives way. True with *r and *f replaced. */
static bool category_as_word(struct turn *t, struct dlg_frame *f, enum find_origin origin,
                             struct dlg_results *r)
{
	if (!f->category || f->focus_department || (f->price_min < 0 && f->price_max < 0))
		return false;
	const char *leaf = strrchr(f->category, '>');
	leaf = leaf ? leaf + 1 : f->category;
	while (*leaf == ' ')
		leaf++;
	struct dlg_frame g;
	frame_copy(&g, f);
	free(g.category);
	g.category = NULL;
	char *lower = words_lower(leaf);
	if (!g.words || !words_at(g.words, lower)) {
		char *w = g.words ? xasprintf("%s %s", g.words, lower) : xstrdup(lower);
		free(g.words);
		g.words = w;
	}
	free(lower);
	return search_instead(t, &g, origin, NULL, f, r);
}

/* "stainless cookware set, around $100" where every one costs more: the
 * same search at any price, nearest the bound first, in *r and *f
 * (replacing the empty results and the frame). False, with both left
 * alone, when the price was no bound or nothing is found without it. */
static bool nearest_in_price(struct turn *t, struct dlg_frame *f, enum find_origin origin,
                             struct dlg_results *r)
{
	if (f->price_min < 0 && f->price_max < 0)
		return false;
	struct dlg_frame g;
	frame_copy(&g, f);
	g.sort = g.price_max >= 0 ? NLU_SORT_PRICE_ASC : NLU_SORT_PRICE_DESC;
	g.price_min = g.price_max = -1;
	/* (closest to the words will do when a size is what they miss: "a
	 * tent for 2 people under $300") */
	return search_instead(t, &g, origin, size_is_what_misses, f, r);
}

/* "red headphones" where no headphones are red: the words without the
 * colour find every other word together ("Rooibos Red Bush tea" holds
 * "red" only); those, in *r and *f (replacing both), and the colour said
 * into *color (heap). False, both left alone, when the colour is no word
 * of the search or the rest finds nothing whole. */
static bool without_color(struct turn *t, struct dlg_frame *f, enum find_origin origin,
                          struct dlg_results *r, char **color)
{
	const char *said = t->out->nlu.entities.color;
	if (!said || !f->words)
		return false;
	char *lower = words_lower(said);
	char *rest = words_at(f->words, lower) ? words_without(t->d, f->words, lower) : NULL;
	if (!rest || !*rest) {
		free(lower);
		free(rest);
		return false;
	}
	struct dlg_frame g;
	frame_copy(&g, f);
	free(g.words);
	g.words = rest;
	free(g.color);
	g.color = NULL;
	if (!search_instead(t, &g, origin, NULL, f, r)) {
		free(lower);
		return false;
	}
	*color = lower;
	return true;
}

size_t find_run(struct turn *t, struct dlg_frame *f, const char *key, bool quiet_none,
                enum find_origin origin)
{
	dialogue *d = t->d;
	struct dlg_results r;
	char *err = NULL;
	if (find_search(d, f, origin, DLG_PAGE, &r, &err) < 0) {
		turn_fail(t, err);
		free(err);
		return 0;
	}
	describe_filters(t, f);
	if (r.did_you_mean)
		turn_var(t, "corrected", r.did_you_mean);
	size_t shown = r.n;
	/* "cheaper" that finds only products missing some words, and of no
	 * settled kind, found none ("puppy food", then cat food) */
	if (quiet_none && r.n && r.relaxed && !r.exact && !f->category) {
		lookup_results_release(&r);
		return 0;
	}
	if (!r.n && !quiet_none && category_as_word(t, f, origin, &r))
		describe_filters(t, f); /* r and f: without the category now */
	char *no_color = NULL;
	if (r.n && r.relaxed && !r.exact && !quiet_none &&
	    without_color(t, f, origin, &r, &no_color)) {
		/* r and f: without the colour now */
		turn_var(t, "color", no_color);
		turn_var(t, "words", f->words);
		say(t, "search.no_color");
		describe_filters(t, f);
		free(no_color);
	}
	if (!r.n && !quiet_none && nearest_in_price(t, f, origin, &r)) {
		say(t, "search.none_in_price"); /* r and f: at any price now */
		describe_filters(t, f);
	}
	if (!r.n) {
		if (quiet_none) {
			lookup_results_release(&r);
			return 0;
		}
		events_log(d->cat, d->customer, d->session, "search_empty", NULL,
		           f->words ? f->words : (f->category ? f->category : ""), NULL);
		say(t, r.did_you_mean ? "search.none_corrected" : "search.none");
		if (f->brand)
			turn_var(t, "brand", f->brand);
		suggest(t, "suggest.none");
		lookup_results_release(&r);
		return 0;
	}
	/* the frame keeps the words as read: a later turn does not read
	 * them again */
	char *read = lookup_corrected_words(f, r.did_you_mean);
	if (read) {
		free(f->words);
		f->words = read;
	}
	state_frame_set(d, f);
	show_results(t, &r, 0);
	/* "1 match with every word first, then 4 that match some": "is it
	 * fragrance free" is about that one */
	if (r.relaxed && r.exact == 1 && r.n > 1 && d->n_shown)
		d->focus = 0;
	if (r.did_you_mean)
		say(t, "search.corrected");
	/* "boots, size 10" where no product data says the size: the size is
	 * what found nothing, not the words */
	bool no_size = r.relaxed && !r.exact && f->size && f->words && size_alone_fails(d, f);
	if (no_size)
		turn_var(t, "size", f->size);
	/* some have every word, the rest some of them: say which is which */
	bool some = r.relaxed && r.exact && r.exact < r.n;
	if (some) {
		const char *noun = replies_raw(d->rp, r.exact == 1 ? "word.match" : "word.matches", 0);
		turn_varf(t, "exact_matches", "%zu %s", r.exact, noun ? noun : "");
		turn_varf(t, "others", "%zu", r.n - r.exact);
	}
	/* filters alone ("new search: under $100") name no words to say */
	bool browse = !strcmp(key, "search.results") && !(f->words && *f->words) && !f->category;
	say_count(t, no_size ? "search.no_size" : some ? "search.relaxed_some"
	             : r.relaxed && !r.exact ? "search.relaxed" : browse ? "search.browse" : key,
	          r.total == r.n ? (long long)r.n : 0);
	facet_summary(t, &r);
	if (!clarify(t, f, &r)) {
		/* a clarifying question is enough for one turn: these wait */
		personal_eco_nudge(t, r.items, r.n);
		personal_ask_consent(t);
		suggest(t, "suggest.search");
	}
	events_log(d->cat, d->customer, d->session, "search", NULL,
	           f->words ? f->words : (f->category ? f->category : ""), NULL);
	lookup_results_release(&r);
	return shown;
}

/* "do you have a case for it?": products of the kind that name the
 * product in view (the kind is a word every result holds, in its name or
 * category; the product's name words rank them, so the cases that name
 * the phone come first). None that names it (names_product()) is said
 * so. False when the catalog has no product of the kind. */
#define FOR_PRODUCT_WORDS 8
#define FOR_PRODUCT_SAMPLE 60
#define RARE_WORD_CAP 2000

static bool kind_of(const dialogue *d, const struct product_view *p, const char *kind)
{
	return words_all_in(d, kind, p->name) || words_all_in(d, kind, p->category);
}

/* Does name say most of what tells p's name apart: at least half the
 * weight of its words, each weighed by how few products hold it ("pixi"
 * much, "one" or "black" little)? A case "for HTC One" shares "one" with
 * the Alcatel One Touch Pixi; a case "for Apple iPhone 7" is the iPhone
 * 7's. */
#define NAMES_SHARE 0.5

static bool names_product(dialogue *d, const char *identity, const char *name)
{
	size_t n = 0;
	char **w = words_content(d, identity, &n);
	double all = 0, shared = 0;
	for (size_t i = 0; i < n; i++) {
		char *one[1] = {w[i]};
		int64_t held = search_word_products(d->search, w[i], RARE_WORD_CAP);
		if (held <= 0)
			continue;
		double weight = log((double)RARE_WORD_CAP / (double)held + 1.0);
		all += weight;
		if (words_in_text(one, 1, name))
			shared += weight;
	}
	words_free(w, n);
	return all > 0 && shared >= NAMES_SHARE * all;
}

bool find_for_product(struct turn *t, const struct product_view *p, const char *kind)
{
	dialogue *d = t->d;
	/* what it is, not its colour, size or what a bracket adds ("(Verizon)",
	 * "(Unlocked)"): a case for the iPhone 7 in black fits the iPhone 7 in
	 * any */
	char *bare = xstrdup(p->name);
	for (char *open; (open = strchr(bare, '('));) {
		char *close = strchr(open, ')');
		if (!close)
			close = open + strlen(open) - 1;
		memmove(open, close + 1, strlen(close + 1) + 1);
	}
	size_t n = 0;
	char **w = words_content(d, bare, &n);
	free(bare);
	struct buf b;
	buf_init(&b);
	const lexicon_list *colors = lang_list(d->lang, "colors");
	size_t taken = 0;
	for (size_t i = 0; i < n && taken < FOR_PRODUCT_WORDS; i++) {
		char *one[1] = {w[i]};
		struct measure m;
		if ((kind && words_in_text(one, 1, kind)) ||
		    lexicon_list_has(colors, w[i], strlen(w[i])) ||
		    (p->color && !strcasecmp(p->color, w[i])) ||
		    (strpbrk(w[i], "0123456789") && attrs_measure(d, w[i], &m) && m.dimension))
			continue;
		taken++;
		if (b.len)
			buf_addc(&b, ' ');
		buf_adds(&b, w[i]);
	}
	words_free(w, n);
	struct dlg_frame f;
	frame_init(&f);
	f.words = b.len ? buf_detach(&b) : NULL;
	if (!f.words)
		buf_release(&b);
	f.must = kind ? xstrdup(kind) : NULL;
	struct dlg_results r;
	bool ok = f.words && find_search(d, &f, FIND_GIVEN, FOR_PRODUCT_SAMPLE, &r, NULL) == 0;
	if (!f.words)
		memset(&r, 0, sizeof r);
	/* of the kind by its name or category, not a mention in a description
	 * (without a kind: of another kind than p, made for it): those first,
	 * in their order */
	size_t kept = 0;
	for (size_t i = 0; ok && i < r.n; i++) {
		bool fits = kind ? kind_of(d, &r.items[i], kind)
		                 : !(p->category && r.items[i].category &&
		                     !strcmp(p->category, r.items[i].category)) &&
		                       names_product(d, f.words, r.items[i].name);
		if (!fits || !strcmp(r.items[i].id, p->id))
			continue;
		struct product_view item = r.items[i];
		char *matched = r.matched[i], *lifted = r.lifted[i];
		memmove(&r.items[kept + 1], &r.items[kept], (i - kept) * sizeof *r.items);
		memmove(&r.matched[kept + 1], &r.matched[kept], (i - kept) * sizeof *r.matched);
		memmove(&r.lifted[kept + 1], &r.lifted[kept], (i - kept) * sizeof *r.lifted);
		r.items[kept] = item;
		r.matched[kept] = matched;
		r.lifted[kept] = lifted;
		kept++;
	}
	bool found = ok && kept > 0;
	turn_var(t, "kind", kind);
	turn_var(t, "name", p->name);
	if (found && !kind && kept < 2) {
		found = false; /* one accessory is no answer to "what goes with it" */
	} else if (found && (!f.words || !names_product(d, f.words, r.items[0].name))) {
		say(t, "search.for_product_none");
		suggest(t, "suggest.search");
	} else if (found) {
		/* those made for it: the others are for other products */
		size_t made = 1;
		while (made < kept && names_product(d, f.words, r.items[made].name))
			made++;
		size_t all = r.n, all_total = r.total;
		r.n = made < DLG_PAGE ? made : DLG_PAGE;
		r.total = made;
		state_frame_set(d, &f);
		show_results(t, &r, 0);
		say_count(t, kind ? "search.for_product" : "recommend.made_for", (long long)r.n);
		suggest(t, "suggest.search");
		r.n = all; /* every item is released below */
		r.total = all_total;
	}
	lookup_results_release(&r);
	frame_release(&f);
	return found;
}

/* The words of text that name whom the shopper buys for, in *out (heap,
 * their count returned): a person ([lexicon.people]) after "for my",
 * "for her", "for a" ..., with the words that describe them in between
 * ("for my 12 year old niece", "for my little brother": "little" and
 * "brother"), up to RECIPIENT_SPAN of them. */
#define RECIPIENT_SPAN 3

static size_t recipient_words(const dialogue *d, const char *text, char ***out)
{
	static const char *const owners[] = {"my", "his", "her", "our", "their", "the", "a", "an",
	                                     "your"};
	size_t nt = 0, n = 0, cap = 0;
	char **tw = words_split_plain(text, &nt);
	char **who = NULL;
	for (size_t i = 0; i + 2 < nt; i++) {
		if (strcmp(tw[i], "for"))
			continue;
		bool owned = false;
		for (size_t k = 0; k < sizeof owners / sizeof *owners && !owned; k++)
			owned = !strcmp(tw[i + 1], owners[k]);
		if (!owned)
			continue;
		size_t end = i + 2;
		while (end < nt && end <= i + 2 + RECIPIENT_SPAN && strcmp(tw[end], "for") &&
		       !words_is(d, tw[end], "lexicon.people"))
			end++;
		if (end >= nt || end > i + 2 + RECIPIENT_SPAN || !words_is(d, tw[end], "lexicon.people"))
			continue;
		for (size_t k = i + 2; k <= end; k++) {
			who = xgrow(who, &cap, n + 1, sizeof *who);
			who[n++] = xstrdup(tw[k]);
		}
	}
	words_free(tw, nt);
	*out = who;
	return n;
}

/* The turn's product words without the people it is for: "a treat for
 * my wife", "snacks for my dad who likes hiking" look for treats and
 * hiking snacks, not for wives or dads. */
static char *words_of(struct turn *t, const char *pw)
{
	if (!pw || !*pw)
		return NULL;
	dialogue *d = t->d;
	/* the people the text names after "for my", "for her", ... */
	size_t nt = 0;
	char **tw = words_content(d, t->lower, &nt);
	char *text = xstrdup(t->lower);
	size_t n = 0;
	char **w = words_product_content(d, pw, &n);
	struct buf b;
	buf_init(&b);
	char **who = NULL;
	size_t n_who = recipient_words(d, text, &who);
	for (size_t i = 0; i < n; i++) {
		bool recipient = false;
		for (size_t k = 0; k < n_who && !recipient; k++)
			recipient = !strcmp(w[i], who[k]);
		/* "who likes": how the person is described; "a gift for a
		 * runner": the gift is what the runner would like, not a product
		 * called a gift (when other words say what) */
		bool gift = false;
		if (n > 1 && words_in_section(d, w[i], "lexicon.gift_words")) {
			char *p = xasprintf("%s for ", w[i]);
			gift = strstr(text, p) != NULL;
			free(p);
		}
		/* "something under $20 for a birthday": what the gift is for,
		 * when no product says it (a shop's "Birthday Candles" do) */
		if (!gift && words_in_section(d, w[i], "lexicon.gift_words") &&
		    !lookup_word_held(d, NULL, w[i], NULL)) {
			char *pat[] = {"for a ", "for her ", "for his ", "for my ", "for their ", "for "};
			for (size_t k = 0; k < sizeof pat / sizeof pat[0] && !gift; k++) {
				char *p = xasprintf("%s%s", pat[k], w[i]);
				const char *at = strstr(text, p);
				gift = at && (at == text || !isalnum((unsigned char)at[-1])) &&
				       !isalnum((unsigned char)at[strlen(p)]);
				free(p);
			}
		}
		if (recipient || gift || words_is(d, w[i], "lexicon.liking"))
			continue;
		/* a decimal said ("f/1.8") stays one: "1" and "8" are other
		 * numbers */
		bool decimal = false;
		if (b.len && i > 0 && isdigit((unsigned char)w[i][0]) &&
		    isdigit((unsigned char)b.s[b.len - 1])) {
			char *dec = xasprintf("%s.%s", w[i - 1], w[i]);
			size_t nd = strlen(dec);
			decimal = b.len >= strlen(w[i - 1]) &&
			          !strcmp(b.s + b.len - strlen(w[i - 1]), w[i - 1]) && strstr(pw, dec) &&
			          !isalnum((unsigned char)strstr(pw, dec)[nd]);
			free(dec);
		}
		/* "for parts or repair": either word, as said */
		const char *either = NULL, *word;
		for (size_t k = 0; b.len && i > 0 && !decimal && !either &&
		                   (word = replies_raw(d->rp, "lexicon.either", k));
		     k++) {
			char *said = xasprintf("%s %s %s", w[i - 1], word, w[i]);
			if (words_at(t->lower, said))
				either = word;
			free(said);
		}
		if (b.len)
			buf_addc(&b, decimal ? '.' : ' ');
		if (either) {
			buf_adds(&b, either);
			buf_addc(&b, ' ');
		}
		buf_adds(&b, w[i]);
	}
	words_free(w, n);
	words_free(who, n_who);
	words_free(tw, nt);
	free(text);
	if (!b.len) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b);
}

/* The word of the turn right after last, the last of the product words,
 * when it is a word of asking ([request]: "check", "display", "pick"), or
 * NULL (heap). */
static char *request_word_after(const struct turn *t, const char *last)
{
	size_t n = strlen(last);
	const lexicon_list *request = lang_list(t->d->lang, "request");
	for (const char *p = t->lower; n && (p = strstr(p, last)); p += n) {
		if ((p > t->lower && isalnum((unsigned char)p[-1])) || isalnum((unsigned char)p[n]))
			continue;
		const char *w = p + n;
		while (*w == ' ')
			w++;
		size_t len = 0;
		while (isalnum((unsigned char)w[len]))
			len++;
		if (len && !isalnum((unsigned char)w[len]) && lexicon_list_has(request, w, len))
			return xstrndup(w, len);
	}
	return NULL;
}

/* The turn's product words for a search. A word of asking that follows
 * them ("tech21 evo check", "4k display") is the product's when the names
 * of the catalog hold it after the last of them ("Evo Check"). */
static char *words_for_search(struct turn *t)
{
	const char *pw = t->out->nlu.entities.product_words;
	const char *last = pw ? strrchr(pw, ' ') : NULL;
	last = last ? last + 1 : pw;
	char *after = last && *last ? request_word_after(t, last) : NULL;
	if (after) {
		char *pair = xasprintf("%s %s", last, after);
		char *longer = xasprintf("%s %s", pw, after);
		free(after);
		bool named = lookup_words_name_products(t->d, pair);
		free(pair);
		if (named) {
			char *words = words_of(t, longer);
			free(longer);
			return words;
		}
		free(longer);
	}
	return words_of(t, pw);
}

/* Does the key's label stand in the text as a phrase of its own? */
static bool says_key(const char *text, const char *label)
{
	size_t n = strlen(label);
	for (const char *p = text; n && (p = strstr(p, label)); p++) {
		bool left = p == text || !isalnum((unsigned char)p[-1]);
		bool right = !isalnum((unsigned char)p[n]);
		if (left && right)
			return true;
	}
	return false;
}

/* How many of the products the words find a yes/no field is looked for
 * on. */
#define FOREIGN_PROBE 10

/* "wireless mouse" where only the printers have a Wireless field: the key
 * (the last of f's values) finds nothing with f's words, while the words
 * alone find products, none of which has the key at all, so the word is
 * theirs (their names say it) and no filter. A product of the words with
 * the key, yes or no, keeps the filter: "none is waterproof" is then the
 * honest answer. */
static bool key_foreign(dialogue *d, struct dlg_frame *f, const char *key)
{
	if (lookup_finds_all(d, f))
		return false;
	struct dlg_value v = f->values[--f->n_values];
	struct dlg_results r;
	bool foreign = lookup_search(d, f, 0, FOREIGN_PROBE, &r, NULL) == 0 && r.n &&
	               (!r.relaxed || r.exact);
	for (size_t i = 0; i < r.n && foreign; i++) {
		struct product_view p;
		if (product_view_load_rowid(d->cat, r.items[i].rowid, true, &p, NULL) == 0)
			foreign = !attrs_has_key(&p, key);
		product_view_release(&p);
	}
	lookup_results_release(&r);
	f->values[f->n_values++] = v;
	return foreign;
}

/* Is label a yes/no fact of being free of what the turn says to stay
 * clear of ("fragrance free" of "free of fragrance", "allergic to
 * fragrance")? Its yes says it better than any text. */
static bool key_frees(const dialogue *d, const char *label, const struct nlu_entities *e)
{
	const char *free_word;
	for (size_t k = 0; (free_word = replies_raw(d->rp, "lexicon.denial_after", k)); k++) {
		for (size_t i = 0; i <= e->more_without.n; i++) {
			const char *x = i ? e->more_without.v[i - 1] : e->without;
			if (!x)
				break;
			char *said = xasprintf("%s %s", x, free_word);
			char *lab = xstrdup(label);
			for (char *c = lab; *c; c++)
				*c = *c == '-' ? ' ' : (char)tolower((unsigned char)*c);
			bool same = !strcmp(said, lab);
			free(said);
			free(lab);
			if (same)
				return true;
		}
	}
	return false;
}

/* The value filters the turn names: what the products must not say
 * ("without nuts"), a place they come from ("coffee from Brazil"), a
 * yes/no attribute named by its key ("waterproof ones"). True when f
 * changed. */
static bool merge_values(struct turn *t, struct dlg_frame *f)
{
	dialogue *d = t->d;
	const struct nlu_entities *e = &t->out->nlu.entities;
	bool any = false;
	/* "with nuts" after "without nuts" wants them again */
	for (size_t i = 0; i < f->n_values; i++) {
		struct dlg_value *v = &f->values[i];
		if (!v->exclude || !v->value || !e->product_words ||
		    !attrs_value_says(d, e->product_words, v->value))
			continue;
		free(v->key);
		free(v->value);
		f->values[i--] = f->values[--f->n_values];
		any = true;
	}
	if (e->without)
		any |= frame_add_value(f, NULL, e->without, true);
	for (size_t i = 0; i < e->more_without.n; i++)
		any |= frame_add_value(f, NULL, e->more_without.v[i], true);
	/* "not cast iron" where Cast Iron is also a category: what the
	 * products must not say, as "without cast iron" */
	if (e->not_category && !e->without) {
		char *lower = xstrdup(e->not_category);
		for (char *c = lower; *c; c++)
			*c = (char)tolower((unsigned char)*c);
		any |= frame_add_value(f, NULL, lower, true);
		free(lower);
	}
	/* a place no product says is where the shopper goes ("hiking in
	 * Scotland"), not where the products come from */
	const char *place = e->country ? e->country : e->city;
	struct search_result r;
	if (place && lookup_words_find(d, place, 1, &r))
		any |= frame_add_value(f, NULL, place, false);
	if (place)
		search_result_release(&r);
	for (size_t i = 0; i < d->n_keys; i++) {
		const struct attr_key *k = &d->keys[i];
		const char *label = k->label ? k->label : k->key;
		if (k->kind != ATTR_BOOL ||
		    (!says_key(t->lower, label) && !key_frees(d, label, e)))
			continue;
		bool negated = e->without && says_key(e->without, label);
		if (negated || !frame_add_value(f, k->key, NULL, false))
			continue;
		if (f->words && says_key(f->words, label) && key_foreign(d, f, k->key)) {
			struct dlg_value *v = &f->values[--f->n_values];
			free(v->key);
			free(v->value);
			continue;
		}
		any = true;
	}
	return any;
}

/* Do the words cut from pw as a size (those not in rest) name products by
 * their names? "iphone 6s" names a model, not six seconds; "usb type c"
 * names a connector. */
static bool measure_names_products(dialogue *d, const char *pw, const char *rest)
{
	char *cut = rest && *rest ? words_without(d, pw, rest) : xstrdup(pw);
	bool names = cut && lookup_words_name_products(d, cut);
	free(cut);
	return names;
}

/* A size that is the measure the words named ("2-1/2 in screws") orders
 * the products by their attributes (f->measure); searched as words too it
 * would look for "2.5 inch" in names that write "2-1/2 in". */
static void size_as_measure(dialogue *d, struct dlg_frame *f)
{
	struct measure a, b;
	if (f->size && f->measure && attrs_measure(d, f->size, &a) && a.dimension &&
	    attrs_measure(d, f->measure, &b) && measure_compare(&a, &b) == 0) {
		free(f->size);
		f->size = NULL;
	}
}

/* w[i..i+len) (len one or two) as one phrase into out; false when the
 * words run out. */
static bool phrase_of(char **w, size_t n, size_t i, size_t len, char *out, size_t cap)
{
	if (i + len > n)
		return false;
	snprintf(out, cap, "%s%s%s", w[i], len == 2 ? " " : "", len == 2 ? w[i + 1] : "");
	return true;
}

/* Does w[i..] (one or two words) say a phrase of name, a section of the
 * replies ("lexicon.bound_below") or a list of the language? The words
 * used, or 0. */
static size_t phrase_at(dialogue *d, char **w, size_t n, size_t i, const char *name)
{
	bool replies = !strncmp(name, "lexicon.", 8);
	const lexicon_list *l = replies ? NULL : lang_list(d->lang, name);
	char phrase[64];
	for (size_t len = 2; len >= 1; len--) {
		if (!phrase_of(w, n, i, len, phrase, sizeof phrase))
			continue;
		if (replies ? words_is(d, phrase, name) : lexicon_list_has(l, phrase, strlen(phrase)))
			return len;
	}
	return 0;
}

/* The attribute key w[i..] names (one or two words: "storage", "screen
 * size"), of the measure's dimension or of values of several kinds
 * ("512 GB SSD"), or NULL; its words in *used. */
static const char *key_at(dialogue *d, char **w, size_t n, size_t i, const char *dim,
                          size_t *used)
{
	char phrase[64];
	for (size_t len = 2; len >= 1; len--) {
		if (!phrase_of(w, n, i, len, phrase, sizeof phrase))
			continue;
		for (size_t k = 0; k < d->n_keys; k++) {
			const struct attr_key *a = &d->keys[k];
			const char *label = a->label ? a->label : a->key;
			if ((!a->dimension || !strcmp(a->dimension, dim)) && !strcasecmp(label, phrase)) {
				*used = len;
				return a->key;
			}
		}
	}
	return NULL;
}

/* "a sofa under 200 cm wide", "at least 5000 mAh", "55 inches or
 * bigger", "at least 128gb storage", "a monitor with 144hz": a bound on a
 * measure, into f (bound_*), and the words that said it into *said (heap)
 * for the search to leave out. The bound's words come before the measure
 * ([lexicon.bound_below], [lexicon.bound_above]; "with" of [bound_with]
 * is at least, for measures of [bound_with_dims], where more is better)
 * or right after it ([bound_below_after], [bound_above_after]); what is
 * measured follows it, a word of [bound_dims] ("wide") or the name of an
 * attribute ("storage"). False when the turn says none. */
static bool measure_bound(struct turn *t, struct dlg_frame *f, char **said)
{
	dialogue *d = t->d;
	char *copy = xstrdup(t->lower);
	char *w[64];
	size_t n = 0;
	for (char *save = NULL, *tok = strtok_r(copy, " ,?!", &save); tok && n < 64;
	     tok = strtok_r(NULL, " ,?!", &save))
		w[n++] = tok;
	bool found = false;
	for (size_t i = 0; i < n && !found; i++) {
		/* the words of a bound before the number, one or two ("under",
		 * "less than"), or none: then they may follow the measure */
		int side = 0;
		size_t k = i, len;
		bool with = false;
		if ((len = phrase_at(d, w, n, i, "lexicon.bound_below")) ||
		    (len = phrase_at(d, w, n, i, "lexicon.bound_above")))
			side = phrase_at(d, w, n, i, "lexicon.bound_below") == len ? -1 : 1, k = i + len;
		else if ((len = phrase_at(d, w, n, i, "bound_with")))
			side = 1, k = i + len, with = true;
		if (k >= n || !isdigit((unsigned char)w[k][0]))
			continue;
		/* the number and its unit: "200 cm", "200cm" */
		struct measure m;
		char text[96];
		size_t used = 0;
		if (k + 1 < n) {
			snprintf(text, sizeof text, "%s %s", w[k], w[k + 1]);
			if (attrs_measure(d, text, &m) && m.dimension)
				used = 2;
		}
		if (!used && attrs_measure(d, w[k], &m) && m.dimension)
			used = 1;
		if (!used || m.n != 1)
			continue;
		/* "with 144hz", "with 16gb": at least, of what more of is better */
		const lexicon_list *better = lang_list(d->lang, "bound_with_dims");
		if (with && !lexicon_list_has(better, m.dimension, strlen(m.dimension)))
			continue;
		size_t end = k + used, after = 0;
		/* what is measured: "wide", "storage" */
		const lexicon_list *dims = lang_list(d->lang, "bound_dims");
		long at = end < n ? lexicon_list_find(dims, w[end], strlen(w[end])) : -1;
		const char *key = at >= 0 ? lexicon_list_value(dims, (size_t)at) : NULL;
		size_t key_words = key ? 1 : 0;
		if (!key && end < n)
			key = key_at(d, w, n, end, m.dimension, &key_words);
		if (!side) {
			/* "55 inches or bigger", "128gb storage or more" */
			size_t from = end + key_words;
			if ((after = phrase_at(d, w, n, from, "bound_below_after")))
				side = -1;
			else if ((after = phrase_at(d, w, n, from, "bound_above_after")))
				side = 1;
			else
				continue;
			end = from + after;
			key_words = 0;
		}
		free(f->bound_key);
		free(f->bound_dim);
		free(f->bound_shown);
		f->bound_key = key ? xstrdup(key) : NULL;
		f->bound_dim = xstrdup(m.dimension);
		f->bound_lo = side > 0 ? m.value[0] : -1;
		f->bound_hi = side < 0 ? m.value[0] : -1;
		char shown[64];
		measure_format(&m, shown, sizeof shown);
		f->bound_shown = xasprintf("%s%s%s %s", key ? key : "", key ? " " : "",
		                           side < 0 ? "up to" : "at least", shown);
		struct buf b;
		buf_init(&b);
		for (size_t j = i == k ? k : i; j < end + key_words; j++)
			buf_printf(&b, "%s%s", b.len ? " " : "", w[j]);
		*said = buf_detach(&b);
		found = true;
	}
	free(copy);
	return found;
}

/* The frame with the turn's measure bound; its words and size leave the
 * search ("sofa under 200 cm wide" searches "sofa"). True when set; the
 * words that said it into *said (heap) when said is not NULL. */
static bool bound_of(struct turn *t, struct dlg_frame *f, char **said_out)
{
	char *said = NULL;
	if (!measure_bound(t, f, &said))
		return false;
	if (f->words) {
		char *rest = words_without(t->d, f->words, said);
		free(f->words);
		f->words = rest && *rest ? rest : NULL;
		if (!f->words)
			free(rest);
	}
	/* the size is the bound's measure, unless it measures something else
	 * ("a 27 inch monitor with 144hz": 27 inch stays the size) */
	struct measure m;
	bool other = f->measure && attrs_measure(t->d, f->measure, &m) && m.dimension &&
	             strcmp(m.dimension, f->bound_dim) != 0;
	if (!other) {
		free(f->size);
		f->size = NULL;
		free(f->measure);
		f->measure = NULL;
	}
	if (said_out)
		*said_out = said;
	else
		free(said);
	return true;
}

/* The turn's words for a search without a size they name ("whole milk 2
 * litres"): the products of that size come first (f->measure), and the
 * words search without it. Heap, or NULL when no words are left. */
static char *words_and_measure(struct turn *t, struct dlg_frame *f)
{
	const char *pw = t->out->nlu.entities.product_words;
	struct measure m;
	size_t n = 0;
	char *rest = pw ? attrs_cut_measures(t->d, pw, &m, 1, &n) : NULL;
	if (!n || measure_names_products(t->d, pw, rest)) {
		free(rest);
		return words_for_search(t);
	}
	char shown[64];
	measure_format(&m, shown, sizeof shown);
	free(f->measure);
	f->measure = xstrdup(shown);
	size_as_measure(t->d, f);
	char *words = words_of(t, rest);
	free(rest);
	return words;
}

/* "my 8 year old", "a 10-year-old": the words of an age up to
 * [lexicon.child_age], or NULL. */
static const char *child_age(const dialogue *d, const char *lower)
{
	static const char *const olds[] = {"year old", "years old", "year-old", "yr old"};
	const char *max = replies_raw(d->rp, "lexicon.child_age", 0);
	for (size_t k = 0; max && k < sizeof olds / sizeof olds[0]; k++) {
		for (const char *at = strstr(lower, olds[k]); at; at = strstr(at + 1, olds[k])) {
			const char *p = at;
			while (p > lower && (p[-1] == ' ' || p[-1] == '-'))
				p--;
			const char *digits = p;
			while (digits > lower && isdigit((unsigned char)digits[-1]))
				digits--;
			if (digits < p && (digits == lower || !isalnum((unsigned char)digits[-1])) &&
			    atoi(digits) >= 0 && atoi(digits) <= atoi(max))
				return "year old";
		}
	}
	return NULL;
}

/* The words that say who the turn shops for ("my son", "my 8 year old"),
 * and the [audience.X] key in *key; NULL when none. */
static const char *audience_said(const struct turn *t, const char **key)
{
	const dialogue *d = t->d;
	const char *k;
	for (size_t i = 0; (k = replies_key(d->rp, i)); i++) {
		if (strncmp(k, "audience.", 9))
			continue;
		const char *said = words_said(d, t->lower, k);
		if (!said && !strcmp(k + 9, "kids"))
			said = child_age(d, t->lower);
		if (said) {
			*key = k;
			return said;
		}
	}
	return NULL;
}

/* Is the word said in the text part of a product's name with the word
 * before or after it ("the lighthouse keepers daughter": "The Lighthouse
 * Keeper's Daughter")? */
static bool said_in_name(dialogue *d, const char *lower, const char *said)
{
	const char *at = words_at(lower, said);
	if (!at)
		return false;
	const char *end = at + strlen(said);
	const char *b = at;
	while (b > lower && b[-1] == ' ')
		b--;
	const char *bs = b;
	while (bs > lower && isalnum((unsigned char)bs[-1]))
		bs--;
	while (*end == ' ')
		end++;
	size_t na = strspn(end, "abcdefghijklmnopqrstuvwxyz0123456789");
	bool named = false;
	if (bs < b) {
		char *pair = xasprintf("%.*s %s", (int)(b - bs), bs, said);
		named = lookup_name_says(d, pair);
		free(pair);
	}
	if (!named && na) {
		char *pair = xasprintf("%s %.*s", said, (int)na, end);
		named = lookup_name_says(d, pair);
		free(pair);
	}
	return named;
}

/* "my son needs shoes", "a jacket for my wife": who it is for, as the
 * department a catalog files it under ([audience.kids] son, daughter ...
 * is "Kids"), when the catalog has such a department and the words find
 * products in it, some of the words at least. The words of who it is for
 * leave the search; where no department is named for them, the products'
 * own marks say (f->audience). True when the turn says who. */
static bool audience_of(struct turn *t, struct dlg_frame *f)
{
	dialogue *d = t->d;
	const char *key;
	const char *said = audience_said(t, &key);
	if (!said || said_in_name(d, t->lower, said))
		return false;
	/* "my 8 year old" is an age, no size of "8 years" */
	if (!strcmp(said, "year old")) {
		free(f->measure);
		f->measure = NULL;
	}
	struct dlg_frame g;
	frame_copy(&g, f);
	/* "a jacket for my son": the kind within the department */
	free(g.category);
	g.category = f->category ? xasprintf("%s > %s", key + 9, f->category) : xstrdup(key + 9);
	char *rest = g.words ? words_without(d, g.words, said) : NULL;
	free(g.words);
	g.words = rest;
	struct dlg_results r;
	bool found = lookup_search(d, &g, 0, 1, &r, NULL) == 0 && r.n;
	lookup_results_release(&r);
	if (found) {
		frame_release(f);
		*f = g;
		return true;
	}
	frame_release(&g);
	/* no department of that name: the products' own marks say */
	char *left = f->words ? words_without(d, f->words, said) : NULL;
	free(f->words);
	f->words = left && *left ? left : NULL;
	if (!f->words)
		free(left);
	char *who = xstrdup(key + 9);
	for (char *c = who; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	free(f->audience);
	f->audience = who;
	return true;
}

void find_frame_of_turn(struct turn *t, struct dlg_frame *f)
{
	const struct nlu_entities *e = &t->out->nlu.entities;
	frame_init(f);
	f->words = words_and_measure(t, f);
	frame_merge(f, e);
	size_as_measure(t->d, f);
	bound_of(t, f, NULL);
	merge_values(t, f);
	audience_of(t, f);
	/* "a gift for my wife" ... "something like a sweater": still hers,
	 * until another is named or the shopper shops for themselves */
	dialogue *d = t->d;
	/* only where the shop marks its products so (a furniture shop's
	 * sofas are for anyone) */
	bool marked = false;
	for (size_t i = 0; i < d->n_shown && !marked && d->frame.audience; i++)
		marked = lookup_audience_marked(d, d->shown[i].name, d->frame.audience);
	if (!f->audience && d->has_frame && d->frame.audience && marked &&
	    !words_says(d, t->lower, "lexicon.self")) {
		f->audience = xstrdup(d->frame.audience);
		/* "dresses" after "a sweater for my husband": none are his,
		 * so the dresses are someone else's */
		if (!lookup_finds_all(d, f)) {
			free(f->audience);
			f->audience = NULL;
		}
	}
	/* "toys for a 2 year old" ... "anything wooden?": still for the
	 * child, until another is named or the shopper shops for themselves */
	char **who = NULL;
	size_t n_who = recipient_words(d, t->lower, &who);
	words_free(who, n_who);
	if (f->age_months < 0 && d->has_frame && d->frame.age_months >= 0 && !n_who &&
	    !words_says(d, t->lower, "lexicon.self")) {
		f->age_months = d->frame.age_months;
		if (!lookup_finds_all(d, f))
			f->age_months = -1;
	}
	/* "and a chair for it" beside a standing desk: the chairs of the
	 * desk's department (Home Office), when it has them */
	if (f->words && !f->category && d->focus >= 0 && (size_t)d->focus < d->n_shown &&
	    d->shown[d->focus].category && words_says(d, t->lower, "lexicon.for_it")) {
		const char *path = d->shown[d->focus].category;
		const char *gt = strchr(path, '>');
		struct dlg_frame g;
		frame_copy(&g, f);
		g.category = gt ? xstrndup(path, (size_t)(gt - path)) : xstrdup(path);
		size_t n = strlen(g.category);
		while (n && g.category[n - 1] == ' ')
			g.category[--n] = '\0';
		if (lookup_finds_all(d, &g)) {
			frame_release(f);
			*f = g;
			f->focus_department = true;
		} else {
			frame_release(&g);
		}
	}
}

/* Are words (the turn's) only the colour or size it says ("black")? */
static bool only_color_or_size(struct turn *t, const char *words)
{
	const struct nlu_entities *e = &t->out->nlu.entities;
	if (!words || (!e->color && !e->size))
		return false;
	char *rest = xstrdup(words);
	const char *said[] = {e->color, e->size};
	for (size_t k = 0; k < sizeof said / sizeof said[0] && rest; k++) {
		if (!said[k])
			continue;
		char *less = words_without(t->d, rest, said[k]);
		free(rest);
		rest = less; /* NULL: no word left */
	}
	free(rest);
	return !rest;
}

/* Does the turn name another kind of product than the frame's? A
 * category of its own that the frame's results do not lie in ("what about
 * sleeping bags" after tents), or words of starting over. Constraints and
 * other words never do: "for cold weather", "organic", "with 5g" narrow. */
static bool new_kind(struct turn *t, const struct dlg_frame *own)
{
	dialogue *d = t->d;
	/* "what about something japanese" after chef knives, "stainless
	 * instead" after cookware sets: a modifier in place of the last
	 * ones, within the kind; "what about sleeping bags" and "sanders
	 * instead" name a kind of their own */
	bool instead = words_says(d, t->lower, "lexicon.instead");
	/* "what about something smaller, 8 qt", "under 100 instead": no
	 * words and no kind, only a size or a comparative (or anything said
	 * "instead"), narrow; "new search: under $100" starts over */
	const struct nlu_entities *e = &t->out->nlu.entities;
	if (words_says(d, t->lower, "lexicon.start_over"))
		return true;
	if (!own->words && !own->category &&
	    (instead || (words_says(d, t->lower, "lexicon.new_search") && (e->size || e->comparative))))
		return false;
	if (words_says(d, t->lower, "lexicon.new_search") || instead) {
		if (own->category || !own->words)
			return true; /* "something else": another search */
		/* "what about in black": a colour or a size of the kind on
		 * screen, no kind of its own */
		if (only_color_or_size(t, own->words))
			return false;
		/* words that name products are a kind of their own after "what
		 * about"; after "instead" only when the frame's kind does not
		 * hold them ("stainless" names pans, and stainless sets) */
		if (!instead && lookup_words_name_products(d, own->words))
			return true;
		/* a modifier the frame's products hold with the words that
		 * name them; otherwise ("for someone who likes grilling
		 * steak" after baking gifts) a new search */
		char *naming = d->frame.words ? naming_words(d, d->frame.words) : NULL;
		struct dlg_frame g;
		frame_copy(&g, &d->frame);
		free(g.words);
		g.words = naming ? xasprintf("%s %s", naming, own->words) : xstrdup(own->words);
		/* "stainless instead" of cookware sets around $100: what the
		 * kind holds at any price, when the stainless ones cost more */
		if (instead)
			g.price_min = g.price_max = -1;
		bool within = (naming || g.category) && lookup_finds_all(d, &g);
		frame_release(&g);
		free(naming);
		return !within;
	}
	/* "only sofas" after velvet things: the velvet sofas, when there are */
	double share = own->category ? lookup_share_in(d, own->category) : 0;
	if (share > 0 && words_says(d, t->lower, "lexicon.only_among"))
		return false;
	return own->category &&
	       (!d->frame.category || strcasecmp(d->frame.category, own->category)) && share < 0.5;
}

/* Does some product hold one of the words at all? */
static bool catalog_holds_any(dialogue *d, const char *words)
{
	char *held = words_kept(d, words, lookup_word_held, NULL);
	bool any = held != NULL;
	free(held);
	return any;
}

/* "cheaper?" after "the price of the argan oil 100ml", when no other
 * product is: the product in focus costs less in another size. False when
 * the size last answered (or the product) is already its cheapest. */
/* "cheaper" where nothing the words found costs less than the product in
 * focus: the cheaper products of its kind (its category), cheapest first.
 * false, nothing said, when there are none. */
static bool cheaper_of_kind(struct turn *t)
{
	dialogue *d = t->d;
	int at = d->focus >= 0 && (size_t)d->focus < d->n_shown ? d->focus : d->n_shown == 1 ? 0 : -1;
	if (at < 0 || !d->shown[at].category || !d->shown[at].has_price ||
	    d->shown[at].price_cents <= 0)
		return false;
	struct dlg_frame g;
	frame_init(&g);
	g.category = xstrdup(d->shown[at].category);
	g.price_max = (double)(d->shown[at].price_cents - 1) / 100.0;
	g.sort = NLU_SORT_PRICE_ASC;
	bool found = lookup_finds_all(d, &g) &&
	             find_run(t, &g, "refine.results", false, FIND_SETTLED);
	frame_release(&g);
	return found;
}

static bool cheaper_variant(struct turn *t)
{
	dialogue *d = t->d;
	if (d->focus < 0 || (size_t)d->focus >= d->n_shown)
		return false;
	const struct product_view *p = &d->shown[d->focus];
	const char *said = state_variant_of(d, p->id);
	int64_t lo, hi;
	if (!said || !cart_variant_range(d->cat, p->id, &lo, &hi) ||
	    cart_variant_price(d->cat, p->id, said) <= lo)
		return false;
	struct buf sizes;
	buf_init(&sizes);
	cart_variant_list(d->cat, p->id, &sizes);
	turn_var(t, "name", p->name);
	turn_var(t, "sizes", sizes.s);
	turn_money(t, "price", lo, p->currency);
	turn_money(t, "price_max", hi, p->currency);
	say(t, "refine.cheaper_size");
	buf_release(&sizes);
	return true;
}

/* "cheaper": below the product in focus, else below the dearest shown, so
 * the shopper sees the cheaper part of the list and what lies beyond it. */
static bool apply_cheaper(dialogue *d, struct dlg_frame *f)
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

/* The kind of product the frame finds: its category, else the category
 * most of its first page lies in. */
#define KIND_SHARE 0.5

static char *frame_kind(dialogue *d)
{
	if (d->frame.category)
		return xstrdup(d->frame.category);
	double share = 0;
	const char *top = lookup_top_category(d, &share);
	return top && share >= KIND_SHARE ? xstrdup(top) : NULL;
}

static char *words_for_search(struct turn *t);

/* "something warmer", "dressier ones": a comparative that no attribute
 * measures (ask_concept() knows none) asks for products of the frame's
 * kind that say the adjective: the base word ("warm", "dressy", "big")
 * the kind's products hold, set as the frame's words in *f. False when
 * none of the kind's products says it. */
static bool comparative_words(struct turn *t, struct dlg_frame *f, bool *unmeasured)
{
	dialogue *d = t->d;
	const char *c = t->out->nlu.entities.comparative;
	const struct nlu_entities *e = &t->out->nlu.entities;
	if (!c || e->comparative_cheaper || e->comparative_pricier || ask_concept(d, c) ||
	    words_is(d, c, "lexicon.comparative_judged") || words_says(d, c, "lexicon.rated"))
		return false;
	*unmeasured = true;
	char base[4][64];
	size_t nb = 0;
	size_t n = strlen(c);
	if (!strncmp(c, "more ", 5) && !strchr(c + 5, ' ')) { /* "more formal": formal */
		snprintf(base[nb++], sizeof base[0], "%s", c + 5);
		n = 0;
	} else if (strchr(c, ' ') || n < 5 || strcmp(c + n - 2, "er")) {
		return false;
	}
	if (n && n - 3 < sizeof base[0] && !strcmp(c + n - 3, "ier")) /* dressier: dressy */
		snprintf(base[nb++], sizeof base[0], "%.*sy", (int)(n - 3), c);
	if (n && n - 2 < sizeof base[0]) {
		snprintf(base[nb++], sizeof base[0], "%.*s", (int)(n - 2), c); /* warmer: warm */
		snprintf(base[nb++], sizeof base[0], "%.*s", (int)(n - 1), c); /* nicer: nice */
		if (n >= 6 && c[n - 3] == c[n - 4]) /* bigger: big */
			snprintf(base[nb++], sizeof base[0], "%.*s", (int)(n - 3), c);
	}
	char *kind = f->category ? xstrdup(f->category) : frame_kind(d);
	/* within the kind the adjective alone; with no kind, with the words */
	for (size_t i = 0; i < nb * 2; i++) {
		if (i < nb && (kind || !f->words))
			continue;
		struct dlg_frame g;
		frame_copy(&g, f);
		free(g.words);
		g.words = i < nb ? xasprintf("%s %s", f->words, base[i]) : xstrdup(base[i - nb]);
		if (kind) {
			free(g.category);
			g.category = xstrdup(kind);
		}
		if (lookup_finds_all(d, &g)) {
			frame_release(f);
			*f = g;
			free(kind);
			return true;
		}
		frame_release(&g);
	}
	free(kind);
	return false;
}

/* Words the turn adds to the frame's ("waterproof ones"), without those
 * of a bound the turn said (bound, from bound_of(), or NULL), or NULL. */
static char *added_words(struct turn *t, struct dlg_frame *f, const char *bound)
{
	char *pw = words_and_measure(t, f);
	if (!pw)
		return NULL;
	const char *key;
	const char *said = audience_said(t, &key);
	if (said) { /* "for my son": who, not what */
		char *rest = words_without(t->d, pw, said);
		free(pw);
		pw = rest;
	}
	if (pw && bound) { /* "under 160 cm wide" */
		char *rest = words_without(t->d, pw, bound);
		free(pw);
		pw = rest && *rest ? rest : NULL;
		if (!pw)
			free(rest);
	}
	size_t n = 0;
	char **w = pw ? words_product_content(t->d, pw, &n) : NULL;
	free(pw);
	struct buf b;
	buf_init(&b);
	for (size_t i = 0; i < n; i++) {
		char *one[1] = {w[i]};
		if (f->words && words_in_text(one, 1, f->words))
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

/* A brand with no product of the frame's kind (its category, or the one
 * its page lies in), where the frame is not the brand's already. */
static bool brand_beside_kind(dialogue *d, const char *brand)
{
	if (d->frame.brand && !strcasecmp(d->frame.brand, brand))
		return false;
	char *kind = d->frame.category ? xstrdup(d->frame.category) : frame_kind(d);
	if (!kind)
		return false;
	struct dlg_frame g;
	frame_init(&g);
	g.category = kind;
	g.brand = xstrdup(brand);
	bool none = !lookup_finds_all(d, &g);
	frame_release(&g);
	return none;
}

/* Narrows the frame by the turn's words and constraints. New words stay
 * within the frame's kind: the frame's words with them when some products
 * have all of them, else the new words among the kind's products. Words
 * that no product of the kind has: products elsewhere that have them in
 * their names are a new search ("headphones" after tents); otherwise the
 * kind's products ranked by the words ("for cold weather" after sleeping
 * bags), and the words are not kept in the frame, where they would narrow
 * every later turn to nothing. */
static void narrow(struct turn *t)
{
	dialogue *d = t->d;
	const struct nlu_entities *e = &t->out->nlu.entities;
	if (e->brand && brand_beside_kind(d, e->brand)) {
		/* "what does northwall make" after dresses it has none of: the
		 * brand's own products, not an empty list */
		struct dlg_frame own;
		find_frame_of_turn(t, &own);
		find_run(t, &own, "search.results", false,
		         own.focus_department ? FIND_GIVEN : FIND_GUESSED);
		frame_release(&own);
		return;
	}
	struct dlg_frame f;
	frame_copy(&f, &d->frame);
	bool changed = frame_merge(&f, e);
	changed |= audience_of(t, &f);
	char *bound_said = NULL;
	bool bounded = bound_of(t, &f, &bound_said);
	changed |= bounded;
	if (e->not_brand && f.words) {
		/* "not northwall" after "what does northwall make": the brand
		 * leaves the words too, which no other brand's product holds */
		char *w = words_without(d, f.words, e->not_brand);
		free(f.words);
		f.words = w && *w ? w : NULL;
		if (!f.words)
			free(w);
	}
	changed |= merge_values(t, &f);
	if (e->comparative_cheaper && !e->n_ordinals) {
		changed |= apply_cheaper(d, &f);
		if (f.sort == NLU_SORT_NONE)
			f.sort = NLU_SORT_PRICE_ASC;
	}
	bool unmeasured = false;
	if (!(e->product_words && *e->product_words)) {
		if (comparative_words(t, &f, &unmeasured))
			changed = true;
	}
	char *before = f.measure ? xstrdup(f.measure) : NULL;
	char *added = added_words(t, &f, bound_said);
	free(bound_said);
	if (bounded) { /* "under 160 cm wide" is the bound, no size to put first */
		free(f.measure);
		f.measure = before ? xstrdup(before) : NULL;
	}
	bool new_measure = (before == NULL) != (f.measure == NULL) ||
	                   (before && f.measure && strcmp(before, f.measure));
	changed |= new_measure;
	free(before);
	/* "something smaller, 8 qt" after "12 quarts or more": the size said
	 * takes the place of the bound on its dimension */
	struct measure said_m;
	if (new_measure && !bounded && f.measure && f.bound_dim &&
	    attrs_measure(d, f.measure, &said_m) && said_m.dimension &&
	    !strcmp(said_m.dimension, f.bound_dim)) {
		free(f.bound_key);
		free(f.bound_dim);
		free(f.bound_shown);
		f.bound_key = f.bound_dim = f.bound_shown = NULL;
		f.bound_lo = f.bound_hi = -1;
	}
	/* "what about something smaller, 8 qt" after "big pot for soup":
	 * the words that name the frame's products, with the new size
	 * instead of the old modifiers */
	if (!added && f.words && (new_measure || e->size) &&
	    words_says(d, t->lower, "lexicon.new_search")) {
		char *base = naming_words(d, f.words);
		if (base) {
			free(f.words);
			f.words = base;
			changed = true;
		}
	}
	char *keep_words = NULL; /* the frame's words when the added ones fit nothing */
	if (added) {
		/* "what about something japanese": the frame's words that name
		 * its products, with the new modifier instead of the old ones */
		char *base = f.words &&
		                     (words_says(d, t->lower, "lexicon.new_search") ||
		                      words_says(d, t->lower, "lexicon.instead")) &&
		                     !lookup_words_name_products(d, added)
		                 ? naming_words(d, f.words) : NULL;
		if (base) {
			free(f.words);
			f.words = base;
		}
		char *both = f.words ? xasprintf("%s %s", f.words, added) : xstrdup(added);
		struct search_result r;
		bool all = lookup_words_find(d, both, 1, &r);
		search_result_release(&r);
		char *kind = all ? NULL : f.category ? xstrdup(f.category) : frame_kind(d);
		bool within = false;
		char *naming = NULL; /* the frame's words that name its products */
		if (kind) {
			/* words that name products themselves ("ear protection"
			 * after safety glasses) look in the kind alone; a modifier
			 * ("black" after jeans in Men) goes with what the frame's
			 * words name */
			naming = f.words && !lookup_words_name_products(d, added)
			             ? naming_words(d, f.words) : NULL;
			struct dlg_frame g;
			frame_copy(&g, &f);
			free(g.words);
			g.words = naming ? xasprintf("%s %s", naming, added) : xstrdup(added);
			free(g.category);
			g.category = xstrdup(kind);
			within = lookup_finds_all(d, &g);
			frame_release(&g);
		}
		if (!all && !within &&
		    (lookup_words_name_products(d, added) || !catalog_holds_any(d, added) ||
		     another_kind(d, e->product_words, f.words))) {
			/* another kind of product, named by its name; or words
			 * no product holds ("tofu" after coffee), said so */
			struct dlg_frame own;
			find_frame_of_turn(t, &own);
			find_run(t, &own, "search.results", false,
		         own.focus_department ? FIND_GIVEN : FIND_GUESSED);
			frame_release(&own);
			free(both);
			free(kind);
			free(naming);
			free(added);
			frame_release(&f);
			return;
		}
		if (!all && kind) {
			if (within) {
				free(both);
				both = naming ? xasprintf("%s %s", naming, added) : xstrdup(added);
			} else {
				keep_words = f.words ? xstrdup(f.words) : NULL;
			}
			free(f.category);
			f.category = xstrdup(kind);
		}
		free(f.words);
		f.words = both;
		free(kind);
		free(naming);
		free(added);
		changed = true;
	}
	if (!changed && unmeasured) {
		turn_var(t, "comparative", e->comparative);
		say(t, "refine.comparative_none");
		suggest(t, "suggest.search");
		frame_release(&f);
		return;
	}
	if (!changed && !(e->product_words && *e->product_words)) {
		say(t, "refine.how");
		suggest(t, "suggest.search");
		frame_release(&f);
		return;
	}
	/* "not black" after "dress for work", whose one match is black: a
	 * filter that leaves nothing of the words' products is kept, and the
	 * words give way to the kind's other products */
	if (f.words && f.category && !(e->product_words && *e->product_words) &&
	    !lookup_finds_all(d, &f)) {
		struct dlg_frame g;
		frame_copy(&g, &f);
		free(g.words);
		g.words = NULL;
		if (lookup_finds_all(d, &g)) {
			turn_var(t, "query", f.words);
			say(t, "refine.words_dropped");
			frame_release(&f);
			f = g;
		} else {
			frame_release(&g);
		}
	}
	/* the same words again show the frame again */
	bool cheaper = e->comparative_cheaper;
	if (!find_run(t, &f, "refine.results", cheaper, FIND_SETTLED) && cheaper &&
	    !cheaper_variant(t) && !cheaper_of_kind(t)) {
		say(t, "refine.cheapest_already");
		suggest(t, "suggest.search");
	}
	if (keep_words && d->has_frame) {
		free(d->frame.words);
		d->frame.words = keep_words;
		keep_words = NULL;
	}
	free(keep_words);
	frame_release(&f);
}

/* A fragment that goes on from the list on screen: "for cold weather",
 * "with 5g", "waterproof ones". */
static bool fragment(struct turn *t)
{
	return words_first_is(t->d, t->lower, "lexicon.refine_openers") ||
	       words_says(t->d, t->lower, "lexicon.list_words");
}

/* Do the words find products with every word within the frame's kind
 * (its category, or the one most of its page lies in)? */
static bool fits_frame_kind(dialogue *d, const char *words)
{
	char *kind = d->frame.category ? xstrdup(d->frame.category) : frame_kind(d);
	if (!kind)
		return false;
	struct dlg_frame g;
	frame_init(&g);
	g.words = xstrdup(words);
	g.category = kind;
	bool fits = lookup_finds_all(d, &g);
	frame_release(&g);
	return fits;
}

/* Does a search turn go on from the frame, or start a new one? A kind of
 * its own starts anew; so does a whole request ("I need something for
 * night runs"). A fragment goes on. Otherwise the catalog decides: words
 * the frame's kind has go on ("sourdough" after cookbooks), words found
 * only elsewhere start anew ("a mystery novel"). */
/* "cheapest sd card" after "sd card" and "the 256gb one": the most or
 * least of the kind, named again whole, is asked of the whole kind, not
 * of what the turns between narrowed it to. */
static bool asks_whole_kind(struct turn *t, const struct dlg_frame *own)
{
	dialogue *d = t->d;
	if (own->sort == NLU_SORT_NONE || !own->words || !d->frame.words ||
	    !words_says(d, t->lower, "lexicon.superlative_one"))
		return false;
	size_t n = 0, said = 0, held = 0;
	char **kind = words_content(d, d->frame.words, &n);
	/* the frame's words less those its filters say ("256gb") */
	const char *filters[] = {d->frame.size, d->frame.measure, d->frame.color,
	                         d->frame.material};
	for (size_t i = 0; i < n; i++) {
		bool filter = false;
		for (size_t k = 0; k < sizeof filters / sizeof *filters && !filter; k++)
			filter = filters[k] && words_form_in(kind[i], filters[k]);
		if (filter)
			continue;
		said++;
		held += words_in_text(&kind[i], 1, own->words);
	}
	words_free(kind, n);
	return said && held == said;
}

static bool goes_on(struct turn *t, const struct dlg_frame *own)
{
	dialogue *d = t->d;
	if (!d->has_frame || own->category || new_kind(t, own) || asks_whole_kind(t, own))
		return false;
	if (fragment(t))
		return true;
	if (words_says(d, t->lower, "lexicon.request"))
		return false;
	/* "a gift for my 4 year old niece" after toys for her brother: a
	 * request for someone, not a narrowing of his */
	char **who = NULL;
	size_t n_who = recipient_words(d, t->lower, &who);
	words_free(who, n_who);
	if (n_who)
		return false;
	if (!own->words || fits_frame_kind(d, own->words))
		return true;
	struct search_result r;
	bool elsewhere = lookup_words_find(d, own->words, 1, &r);
	search_result_release(&r);
	/* "tofu" after coffee, where no product holds a word of it: a
	 * search that finds nothing, and says so */
	if (elsewhere || !catalog_holds_any(d, own->words))
		return false;
	/* words nothing holds all of go on ("for cold weather"), unless some
	 * name products of another kind ("tape to keep paint off the edges"
	 * after sanders: tape) */
	char *naming = naming_words(d, own->words);
	bool other_kind = naming && !fits_frame_kind(d, naming);
	free(naming);
	return !other_kind;
}


/* The words some product holds of text[0..len) that are words of the
 * turn's search too (heap, NULL when none): "he's 10" of "for my nephew,
 * he's 10 and mad about dragons" is an age, not a kind. */
static bool held_in_search(dialogue *d, const char *kept, const char *word, void *search)
{
	char *one[1] = {(char *)word};
	return (!search || words_in_text(one, 1, search)) && lookup_word_held(d, kept, word, NULL);
}

static char *held_words_of(dialogue *d, const char *text, size_t len, const char *search)
{
	char *part = xstrndup(text, len);
	char *held = words_kept(d, part, held_in_search, (void *)search);
	free(part);
	return held;
}

/* "a foundation and a mascara", "a tent and a sleeping bag": two kinds
 * of product in one search, when no product holds the words of both and
 * each side names products. The best few of each are the list, each
 * side's under its words. False when the turn is no such pair. */
#define EACH_SHOWN 3

static bool search_each(struct turn *t, const struct dlg_frame *turn_frame)
{
	dialogue *d = t->d;
	const char *and = words_at(t->lower, "and");
	if (!and || and == t->lower || words_at(and + 3, "and"))
		return false;
	char *side[2] = {held_words_of(d, t->lower, (size_t)(and - t->lower), turn_frame->words),
	                 held_words_of(d, and + 3, strlen(and + 3), turn_frame->words)};
	/* "black and white sneakers" is one kind in two colours */
	const struct nlu_entities *e = &t->out->nlu.entities;
	bool pair = side[0] && side[1] && lookup_words_name_products(d, side[0]) &&
	            lookup_words_name_products(d, side[1]);
	for (int k = 0; k < 2 && pair; k++)
		pair = !(e->color && !strcasecmp(side[k], e->color)) &&
		       !(e->material && !strcasecmp(side[k], e->material));
	if (pair) {
		char *both = xasprintf("%s %s", side[0], side[1]);
		struct search_result r;
		pair = !lookup_words_find(d, both, 1, &r);
		search_result_release(&r);
		free(both);
	}
	struct product_view items[2 * EACH_SHOWN];
	struct dlg_results found[2];
	memset(found, 0, sizeof found);
	size_t n = 0;
	for (int k = 0; k < 2 && pair; k++) {
		struct dlg_frame g;
		frame_init(&g);
		g.words = xstrdup(side[k]);
		g.price_min = turn_frame->price_min;
		g.price_max = turn_frame->price_max;
		if (lookup_search(d, &g, 0, EACH_SHOWN, &found[k], NULL) < 0 || !found[k].n)
			pair = false;
		/* those with every word, when some have */
		size_t take = found[k].relaxed && found[k].exact ? found[k].exact : found[k].n;
		for (size_t i = 0; pair && i < take && i < EACH_SHOWN; i++)
			items[n++] = found[k].items[i]; /* borrowed from found[k] */
		frame_release(&g);
	}
	if (pair) {
		turn_var(t, "first", side[0]);
		turn_var(t, "second", side[1]);
		say(t, "search.each");
		turn_show(t, items, n);
		/* "show more", "cheaper" go on from both kinds' words together */
		struct dlg_frame g;
		frame_copy(&g, turn_frame);
		free(g.words);
		g.words = xasprintf("%s %s", side[0], side[1]);
		free(g.category);
		g.category = NULL;
		state_frame_set(d, &g);
		frame_release(&g);
		state_list_set(d, items, n, NULL, NULL, LIST_SEARCH);
		d->offset = 0;
		d->total = found[0].total + found[1].total;
		suggest(t, "suggest.search");
	}
	for (int k = 0; k < 2; k++) {
		lookup_results_release(&found[k]);
		free(side[k]);
	}
	return pair;
}

/* "something cosy" after gift ideas under £50 for a sister: a search
 * that names no kind, only what the thing should be, keeps the budget
 * and who it is for, unless it says its own. */
static void keep_budget(struct turn *t, struct dlg_frame *f)
{
	const dialogue *d = t->d;
	if (!d->has_frame || t->out->nlu.entities.category || f->category ||
	    !words_starts_with(d, t->lower, "lexicon.vague_thing") || f->price_min >= 0 ||
	    f->price_max >= 0)
		return;
	f->price_min = d->frame.price_min;
	f->price_max = d->frame.price_max;
	if (!f->audience && d->frame.audience)
		f->audience = xstrdup(d->frame.audience);
}

void dlg_search(struct turn *t)
{
	struct dlg_frame f;
	find_frame_of_turn(t, &f);
	if (search_each(t, &f)) {
		frame_release(&f);
		return;
	}
	/* "I've just moved into a tiny flat and need a sofa": with a kind
	 * named, the story's words that no product of the catalog holds at
	 * all leave */
	if (t->out->nlu.entities.category && f.category && f.words) {
		char *held = words_kept(t->d, f.words, lookup_word_held, NULL);
		if (held) {
			free(f.words);
			f.words = held;
		}
	}
	keep_budget(t, &f);
	if (frame_empty(&f) && f.sort == NLU_SORT_NONE) {
		say(t, "search.what");
		suggest(t, "suggest.start");
	} else if (goes_on(t, &f)) {
		narrow(t);
	} else {
		find_run(t, &f, "search.results", false,
		         f.focus_department ? FIND_GIVEN : FIND_GUESSED);
	}
	frame_release(&f);
}

bool find_refine_keeps_kind(struct turn *t)
{
	const struct nlu_entities *e = &t->out->nlu.entities;
	if (!t->d->has_frame || (!e->color && !e->size))
		return false;
	struct dlg_frame f;
	find_frame_of_turn(t, &f);
	bool keeps = !new_kind(t, &f) && (!e->product_words || only_color_or_size(t, e->product_words));
	frame_release(&f);
	return keeps;
}

void dlg_refine(struct turn *t)
{
	if (!t->d->has_frame) {
		dlg_search(t);
		return;
	}
	struct dlg_frame f;
	find_frame_of_turn(t, &f);
	if (new_kind(t, &f) || asks_whole_kind(t, &f))
		find_run(t, &f, "search.results", false,
		         f.focus_department ? FIND_GIVEN : FIND_GUESSED);
	else
		narrow(t);
	frame_release(&f);
}

void dlg_show_more(struct turn *t)
{
	dialogue *d = t->d;
	if (!d->has_frame || d->list != LIST_SEARCH) {
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
	if (lookup_search(d, &d->frame, offset, DLG_PAGE, &r, &err) < 0) {
		turn_fail(t, err);
		free(err);
		return;
	}
	describe_filters(t, &d->frame);
	show_results(t, &r, offset);
	say_count(t, r.n ? "more.results" : "more.end", (long long)r.n);
	suggest(t, "suggest.search");
	lookup_results_release(&r);
}

bool dlg_something_else(struct turn *t)
{
	dialogue *d = t->d;
	if (!d->has_frame || d->list != LIST_SEARCH)
		return false;
	/* more of the same search first */
	if (d->offset + DLG_PAGE < d->total) {
		dlg_show_more(t);
		return true;
	}
	/* then the same search beyond the budget, without what was shown */
	struct dlg_frame g;
	frame_copy(&g, &d->frame);
	bool priced = g.price_min >= 0 || g.price_max >= 0;
	g.price_min = g.price_max = -1;
	struct dlg_results r;
	memset(&r, 0, sizeof r);
	if (!priced || find_search(d, &g, FIND_SETTLED, DLG_PAGE + d->n_shown, &r, NULL) < 0 ||
	    (r.relaxed && !r.exact)) {
		lookup_results_release(&r);
		frame_release(&g);
		turn_varf(t, "total", "%zu", d->total);
		say(t, "more.end");
		suggest(t, "suggest.search");
		return true;
	}
	size_t kept = 0;
	for (size_t i = 0; i < r.n; i++) {
		bool shown = false;
		for (size_t k = 0; k < d->n_shown && !shown; k++)
			shown = r.items[i].id && d->shown[k].id && !strcmp(r.items[i].id, d->shown[k].id);
		if (shown || kept >= DLG_PAGE) {
			product_view_release(&r.items[i]);
			free(r.matched[i]);
			free(r.lifted[i]);
			continue;
		}
		r.items[kept] = r.items[i];
		r.matched[kept] = r.matched[i];
		r.lifted[kept] = r.lifted[i];
		kept++;
	}
	r.n = kept;
	r.total = kept;
	if (kept) {
		state_frame_set(d, &g);
		describe_filters(t, &g);
		show_results(t, &r, 0);
		say_count(t, "more.beyond_budget", (long long)kept);
		suggest(t, "suggest.search");
	} else {
		turn_varf(t, "total", "%zu", d->total);
		say(t, "more.end");
		suggest(t, "suggest.search");
	}
	lookup_results_release(&r);
	frame_release(&g);
	return true;
}

void dlg_explain(struct turn *t)
{
	dialogue *d = t->d;
	struct reading *r = &t->r;
	if (!d->n_shown) {
		say(t, "explain.nothing");
		suggest(t, "suggest.start");
		return;
	}
	if (r->ref == REF_OUT_OF_RANGE) {
		say_out_of_range(t);
		return;
	}
	if (d->list == LIST_CART) {
		say(t, "explain.cart");
	} else if (d->has_frame && d->list == LIST_SEARCH) {
		describe_filters(t, &d->frame);
		say(t, "explain.query");
		struct dlg_frame only = d->frame;
		only.words = NULL;
		if (frame_empty(&only) && only.sort == NLU_SORT_NONE)
			say(t, "explain.no_filters");
		else
			say(t, "explain.filters");
	} else {
		say(t, "explain.not_search");
	}
	for (size_t k = 0; k < r->n_targets; k++) {
		int i = r->index[k];
		if (i < 0)
			continue;
		turn_varf(t, "n", "%d", i + 1);
		turn_var(t, "name", d->shown[i].name);
		const char *m = d->shown_matched[i], *l = d->shown_lifted[i];
		turn_var(t, "matched", m && *m ? m : NULL);
		turn_var(t, "lifted", l && *l ? l : NULL);
		if (m && *m)
			say(t, l && *l ? "+explain.item" : "+explain.item_matched");
		else if (l && *l)
			say(t, "+explain.item_lifted");
		else
			say(t, "+explain.item_plain");
	}
	if (r->n_targets == 1 && r->index[0] >= 0)
		d->focus = r->index[0];
	suggest(t, "suggest.search");
}
