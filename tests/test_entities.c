/* Unit tests for nlu/entities.c: every entity type, the cases that must
 * not fire, and negation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nlu/entities.h"
#include "nlu/nlu.h"
#include "nlu/text/dictionary.h"
#include "nlu/text/normalize.h"
#include "tests/lang_fixture.h"

struct fx {
	entities *e;
	struct norm_text t;
	struct nlu_entities out;
};

/* The English pack the extractor reads by. */
static lang *pack;

static const char *const brands[] = {"Samsung", "Apple", "OtterBox", "kate spade new york",
                                     "Insignia\xe2\x84\xa2", "Best Buy", "Case-Mate", "LG",
                                     "Blue Buffalo"};
static const char *const categories[] = {"Cell Phones", "Cell Phone Cases & Clips", "Headphones",
                                         "Screen Protectors", "Car Chargers", "Cases"};
static const char *const colors[] = {"Midnight Green"};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	f->e = entities_new(pack);
	struct nlu_vocab v = {brands, sizeof brands / sizeof *brands, categories,
	                      sizeof categories / sizeof *categories, colors, 1, NULL, 0};
	entities_set_vocab(f->e, &v);
	norm_text_init(&f->t);
	nlu_entities_init(&f->out);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	nlu_entities_release(&f->out);
	norm_text_release(&f->t);
	entities_free(f->e);
	free(f);
	return 0;
}

static const struct nlu_entities *ex(void **state, const char *s)
{
	struct fx *f = *state;
	nlu_entities_release(&f->out);
	normalize(entities_tokenizer(f->e), entities_norm_words(f->e), s, strlen(s), &f->t);
	entities_extract(f->e, s, &f->t, &f->out);
	return &f->out;
}

#define STR_EQ(got, want, text)                                                             \
	do {                                                                                     \
		const char *g_ = (got), *w_ = (want);                                                \
		if ((!g_ != !w_) || (g_ && w_ && strcmp(g_, w_)))                                    \
			fail_msg("%s: %s = \"%s\", want \"%s\"", text, #got, g_ ? g_ : "(null)",         \
			         w_ ? w_ : "(null)");                                                    \
	} while (0)

static void price(void **state, const char *s, double min, double max)
{
	const struct nlu_entities *e = ex(state, s);
	if (fabs(e->price_min - min) > 0.001 || fabs(e->price_max - max) > 0.001)
		fail_msg("%s: price %g..%g, want %g..%g", s, e->price_min, e->price_max, min, max);
}

static void test_prices(void **state)
{
	price(state, "wireless headphones under $80", -1, 80);
	price(state, "below $30", -1, 30);
	price(state, "less than fifty bucks", -1, 50);
	price(state, "between $20 and $40", 20, 40);
	price(state, "between 40 and 20 dollars", 20, 40);
	price(state, "20-40 dollars", 20, 40);
	price(state, "$20 to $40", 20, 40);
	price(state, "from $20 to $40", 20, 40);
	price(state, "over 100", 100, -1);
	price(state, "at least $1.2k", 1200, -1);
	price(state, "around $50", 40, 60);
	/* a number with a unit of volume is no price */
	assert_true(ex(state, "saucepan around 2 quarts")->price_max < 0);
	assert_true(ex(state, "2 cups of flour")->price_max < 0);
	price(state, "at most 30", -1, 30);
	price(state, "no more than a hundred dollars", -1, 100);
	price(state, "$50 or less", -1, 50);
	price(state, "100 dollars and up", 100, -1);
	price(state, "a phone for $300", -1, 300);
	price(state, "my budget is 300", -1, 300);
	/* numbers that are not prices */
	price(state, "under 6 inches", -1, -1);
	price(state, "over 4 stars", -1, -1);
	price(state, "64gb iphone", -1, -1);
	price(state, "add 2 to my cart", -1, -1);
	price(state, "for 2 people", -1, -1);
}

/* "around $50" keeps the amount said beside the range a search uses */
static void test_price_around(void **state)
{
	const struct nlu_entities *e = ex(state, "a lamp for roughly 35");
	assert_true(fabs(e->price_around - 35) < 0.001);
	assert_true(fabs(e->price_min - 28) < 0.001 && fabs(e->price_max - 42) < 0.001);
	e = ex(state, "boots under $120");
	assert_true(e->price_around < 0);
}

static void date(void **state, const char *s, const char *want, const char *relative)
{
	const struct nlu_entities *e = ex(state, s);
	STR_EQ(e->date, want, s);
	STR_EQ(e->date_relative, relative, s);
}

static void test_dates(void **state)
{
	/* numeric: ISO, day over 12 first, month over 12 second, year-less
	 * only after a word that takes a date */
	date(state, "it shipped on 2025-02-28", "2025-02-28", NULL);
	date(state, "bought 30/4/2025", "2025-04-30", NULL);
	date(state, "bought 4/30/2025", "2025-04-30", NULL);
	date(state, "delivered 5/30", "--05-30", NULL);
	date(state, "bought 4/5/2025", NULL, NULL);  /* April 5 or May 4 */
	date(state, "we answer 24/7", NULL, NULL);
	date(state, "a 1/2 inch strap", NULL, NULL);
	date(state, "placed 2025-02-30", NULL, NULL); /* no such day */
	/* month names, either side of the day, with or without a year */
	date(state, "it came on Feb 2nd, 2024", "2024-02-02", NULL);
	date(state, "ordered the 9th of June", "--06-09", NULL);
	date(state, "before 31 Oct", "--10-31", NULL);
	date(state, "may I return it", NULL, NULL);
	/* relative dates, as written, without their preposition */
	date(state, "it was shipped this week", NULL, "this week");
	date(state, "ordered three weeks ago", NULL, "three weeks ago");
	date(state, "can it come by Saturday", NULL, "saturday");
	date(state, "I need it tomorrow", NULL, "tomorrow");
	date(state, "is next day delivery possible", NULL, NULL);
	date(state, "I'll take the last one", NULL, NULL);
	/* a day of the month is no position in the list */
	assert_int_equal(ex(state, "it came on the 4th")->n_ordinals, 0);
	assert_int_equal(ex(state, "add the 4th")->n_ordinals, 1);
	assert_int_equal(ex(state, "compare with the 4th one")->n_ordinals, 1);
	/* a date's numbers are no ordinal, quantity or order number */
	const struct nlu_entities *e = ex(state, "order 80007 placed on the 2nd of May 2025");
	STR_EQ(e->order_id, "80007", "order and date");
	STR_EQ(e->date, "2025-05-02", "order and date");
	assert_int_equal(e->n_ordinals, 0);
	assert_false(e->quantity_said);
}

/* Bounds said in other ways: a budget without money ("spend 2k"), a
 * budget said roughly, words for money, a lower bound that the sentence
 * calls too much, amounts of other units. */
static void test_prices_more(void **state)
{
	price(state, "we could spend 2k on a tent", -1, 2000);
	price(state, "a kettle under a fiver", -1, 5);
	price(state, "anything over 300 is too expensive", -1, 300);
	price(state, "is 100 too much? show me tents over 300", 300, -1); /* said before the bound */
	price(state, "a pan under 900 grams", -1, -1);
	price(state, "nothing under 250 please", 250, -1);
	price(state, "a lamp over 400 lumens", -1, -1);
	/* a floor denied is a ceiling; not minding it keeps it a floor */
	price(state, "I don't want to spend more than 30 euros", -1, 30);
	price(state, "we can't go over 50 on a gift", -1, 50);
	price(state, "i do not mind spending more than 50", 50, -1);
	price(state, "not the red one, something over 40", 40, -1);
	const struct nlu_entities *e = ex(state, "a tent for like 90 bucks");
	assert_true(fabs(e->price_around - 90) < 0.001);
	e = ex(state, "a tent for $90");
	assert_true(e->price_around < 0 && fabs(e->price_max - 90) < 0.001);
	e = ex(state, "a tent for 2");
	assert_true(e->price_max < 0 && e->price_around < 0);
}

/* A bound after a bare number ends its clause; "N-ish" and "or
 * thereabouts" are approximate; "another one" is a pronoun. */
static void test_bounds_after(void **state)
{
	price(state, "boots, 90 maximum please", -1, 90);
	price(state, "a tent, 300 or more", 300, -1);
	price(state, "add 2 or more tents", -1, -1);
	price(state, "I have $70 to spend on boots", -1, 70);
	price(state, "I can not go over 45", -1, 45);
	const struct nlu_entities *e = ex(state, "a stove 60ish");
	assert_true(fabs(e->price_around - 60) < 0.001);
	e = ex(state, "a stove, 60 dollars or thereabouts");
	assert_true(fabs(e->price_around - 60) < 0.001);
	assert_false(ex(state, "another one please")->quantity_said);
	assert_int_equal(ex(state, "another one more")->quantity, 1);
}

static bool known_samsu(void *ctx, const char *word)
{
	(void)ctx;
	return !strcmp(word, "samsu");
}

/* Corrections that need a dictionary: a brand's start ("samsu"), short
 * words into colors by a letter left out, a short word into a longer
 * name whose next word follows. */
static void test_short_corrections(void **state)
{
	struct fx *f = *state;
	char path[] = "/tmp/clerk-test-dict-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	static const char words[] = "case\ncases\nphone\nphones\nbed\nyogurt\n";
	assert_true(write(fd, words, sizeof words - 1) == (ssize_t)(sizeof words - 1));
	close(fd);
	dictionary *d = dictionary_load(path, NULL);
	unlink(path);
	assert_non_null(d);
	STR_EQ(ex(state, "samsu phones")->brand, NULL, "no dictionary: no guess");
	STR_EQ(ex(state, "blak case")->color, NULL, "no dictionary: no short fix");
	entities_set_dictionary(f->e, d);
	STR_EQ(ex(state, "samsu phones")->brand, "Samsung", "a brand's start");
	STR_EQ(ex(state, "sa phones")->brand, NULL, "too short a start");
	STR_EQ(ex(state, "blak case")->color, "black", "a letter left out");
	STR_EQ(ex(state, "greek yogurt")->color, NULL, "a letter changed");
	STR_EQ(ex(state, "a red bed")->color, "red", "a word of the dictionary");
	STR_EQ(ex(state, "kat spade new york bag")->brand, "kate spade new york", "name goes on");
	STR_EQ(ex(state, "kat bag")->brand, NULL, "name does not go on");
	/* a word of the catalog's own is no brand's start */
	entities_set_known(f->e, known_samsu, NULL);
	STR_EQ(ex(state, "samsu phones")->brand, NULL, "the catalog's own word");
	entities_set_known(f->e, NULL, NULL);
	STR_EQ(ex(state, "samsu phones")->brand, "Samsung", "a brand's start again");
	entities_set_dictionary(f->e, NULL);
	dictionary_free(d);
}

static void test_amount_and_currency(void **state)
{
	const struct nlu_entities *e = ex(state, "I'm waiting for a refund of $1499");
	assert_true(e->amount == 1499);
	assert_string_equal(e->currency, "USD");
	e = ex(state, "I expect a rebate of 350 dollars");
	assert_true(e->amount == 350);
	e = ex(state, "under 50 euros");
	assert_true(e->price_max == 50);
	assert_string_equal(e->currency, "EUR");
	e = ex(state, "refund please");
	assert_true(e->amount < 0);
}

/* A key named twice keeps both values in the order said; a shade word
 * leaves the base color. */
static void test_more_values(void **state)
{
	const struct nlu_entities *e = ex(state, "silver or gold cases");
	STR_EQ(e->color, "silver", "first color");
	assert_int_equal(e->more_colors.n, 1);
	STR_EQ(e->more_colors.v[0], "gold", "second color");
	e = ex(state, "samsung vs apple phones");
	STR_EQ(e->brand, "Samsung", "first brand");
	assert_int_equal(e->more_brands.n, 1);
	STR_EQ(e->more_brands.v[0], "Apple", "second brand");
	e = ex(state, "no samsung and no apple");
	STR_EQ(e->not_brand, "Samsung", "first excluded");
	assert_int_equal(e->more_not_brands.n, 1);
	e = ex(state, "black cases, black please");
	assert_int_equal(e->more_colors.n, 0);
	STR_EQ(ex(state, "a dark green case")->color, "green", "shade");
	STR_EQ(ex(state, "a midnight green case")->color, "Midnight Green", "catalog shade");
	STR_EQ(ex(state, "nothing in red please")->not_color, "red", "nothing in");
	STR_EQ(ex(state, "nothing but red please")->color, "red", "nothing but");
}

static void test_rating_plus(void **state)
{
	const struct nlu_entities *e = ex(state, "a lamp with 3+ stars");
	assert_true(e->rating_min == 3);
	assert_true(e->price_min < 0);
}

static void test_rating(void **state)
{
	const struct nlu_entities *e = ex(state, "headphones rated 4 stars and up");
	assert_true(e->rating_min == 4);
	assert_true(e->price_min < 0);
	STR_EQ(e->product_words, "headphones", "rating");
}

static void test_quantity_more(void **state)
{
	assert_int_equal(ex(state, "half a dozen eggs")->quantity, 6);
	assert_int_equal(ex(state, "a dozen eggs")->quantity, 12);
	assert_int_equal(ex(state, "I bought 4 mugs last week")->quantity, 4);
	assert_int_equal(ex(state, "can I return 2 of them")->quantity, 2);
	/* a number that starts a clause before a noun */
	assert_int_equal(ex(state, "order 80001: 2 mugs, never came")->quantity, 2);
	/* addresses, times and other units are no counts */
	assert_false(ex(state, "we live at 12 Elm Street")->quantity_said);
	assert_false(ex(state, "500 lumens is enough")->quantity_said);
}

static void test_quantity(void **state)
{
	assert_int_equal(ex(state, "two of those")->quantity, 2);
	assert_int_equal(ex(state, "3x")->quantity, 3);
	assert_int_equal(ex(state, "add 2")->quantity, 2);
	assert_int_equal(ex(state, "add 2 cases to my cart")->quantity, 2);
	assert_int_equal(ex(state, "I'll take three")->quantity, 3);
	assert_int_equal(ex(state, "make it 4")->quantity, 4);
	assert_int_equal(ex(state, "a couple of cases")->quantity, 2);
	assert_int_equal(ex(state, "add one more")->quantity, 1);
	/* not quantities */
	assert_int_equal(ex(state, "the second one")->quantity, 0);
	assert_int_equal(ex(state, "that one")->quantity, 0);
	assert_int_equal(ex(state, "iphone 7 case")->quantity, 0);
	assert_int_equal(ex(state, "under 50")->quantity, 0);
}

static void ordinals(void **state, const char *s, const int *want, size_t n)
{
	const struct nlu_entities *e = ex(state, s);
	if (e->n_ordinals != n)
		fail_msg("%s: %zu ordinals, want %zu", s, e->n_ordinals, n);
	for (size_t i = 0; i < n; i++)
		if (e->ordinals[i] != want[i])
			fail_msg("%s: ordinal %zu is %d, want %d", s, i, e->ordinals[i], want[i]);
}

#define ORD(s, ...)                                                                         \
	do {                                                                                     \
		const int w_[] = {__VA_ARGS__};                                                      \
		ordinals(state, s, w_, sizeof w_ / sizeof *w_);                                      \
	} while (0)

static void test_ordinals(void **state)
{
	ORD("the second one", 2);
	ORD("2nd", 2);
	ORD("#2", 2);
	ORD("number two", 2);
	ORD("show me option 3", 3);
	ORD("the last one", NLU_ORDINAL_LAST);
	ORD("both", NLU_ORDINAL_ALL);
	ORD("compare them", NLU_ORDINAL_ALL);
	ORD("the first two", 1, 2);
	ORD("top 3", 1, 2, 3);
	ORD("the top one", 1);
	ORD("compare 1 and 3", 1, 3);
	ORD("compare 1, 2 and 4", 1, 2, 4);
	ORD("the first and the third", 1, 3);
	/* not references to the list */
	ordinals(state, "where is my last order", NULL, 0);
	ordinals(state, "first time buyer", NULL, 0);
	ordinals(state, "a first aid kit", NULL, 0);
	ordinals(state, "she just moved into her first flat", NULL, 0);
	ordinals(state, "for our second baby", NULL, 0);
	ORD("your first one", 1);
	ordinals(state, "order 10422", NULL, 0);
	/* a number of them is a quantity of the one in view */
	ordinals(state, "add 2 of those", NULL, 0);
	assert_int_equal(ex(state, "add 2 of those")->quantity, 2);
	ORD("add those", NLU_ORDINAL_ALL);
}

static void test_sort_and_comparatives(void **state)
{
	const struct nlu_entities *e0;
	assert_int_equal(ex(state, "cheapest headphones")->sort, NLU_SORT_PRICE_ASC);
	assert_int_equal(ex(state, "the most expensive one")->sort, NLU_SORT_PRICE_DESC);
	assert_int_equal(ex(state, "best rated cases")->sort, NLU_SORT_RATING);
	assert_int_equal(ex(state, "most popular phones")->sort, NLU_SORT_POPULARITY);
	e0 = ex(state, "cheap headphones");
	assert_int_equal(e0->sort, NLU_SORT_PRICE_ASC);
	STR_EQ(e0->product_words, "headphones", "cheap");
	e0 = ex(state, "a tank top");
	assert_int_equal(e0->sort, NLU_SORT_NONE);
	STR_EQ(e0->product_words, "tank top", "tank top");
	const struct nlu_entities *e = ex(state, "cheaper than the first");
	assert_true(e->comparative_cheaper);
	assert_int_equal(e->n_ordinals, 1);
	assert_int_equal(e->ordinals[0], 1);
	assert_true(e->price_max < 0);
	e = ex(state, "something lighter");
	STR_EQ(e->comparative, "lighter", "lighter");
	assert_false(e->comparative_cheaper);
	assert_true(ex(state, "a more expensive one")->comparative_pricier);
	/* "best" in "best rated" is not the brand Best Buy */
	STR_EQ(ex(state, "best rated phones")->brand, NULL, "best rated");
	STR_EQ(ex(state, "anything from best buy")->brand, "Best Buy", "best buy");
}

static void test_sizes(void **state)
{
	STR_EQ(ex(state, "64gb iphone")->size, "64gb", "64gb");
	STR_EQ(ex(state, "128 GB")->size, "128gb", "128 gb");
	STR_EQ(ex(state, "size 10 running shoes")->size, "10", "size 10");
	STR_EQ(ex(state, "queen sheets")->size, "queen", "queen");
	STR_EQ(ex(state, "an xl shirt")->size, "xl", "xl");
	STR_EQ(ex(state, "15 inch laptop")->size, "15 inch", "15 inch");
	STR_EQ(ex(state, "size m")->size, "m", "size m");
	STR_EQ(ex(state, "headphones under 50")->size, NULL, "no size");
	/* capacity, size systems, sizes for whom, halves, volumes */
	STR_EQ(ex(state, "a 6 person tent")->size, "6 person", "capacity");
	STR_EQ(ex(state, "two-man tent")->size, "2 person", "capacity in words");
	STR_EQ(ex(state, "a tent that sleeps 4")->size, "4 person", "sleeps");
	STR_EQ(ex(state, "boots in uk 7")->size, "uk 7", "uk");
	STR_EQ(ex(state, "boots in US 9")->size, "us 9", "US");
	STR_EQ(ex(state, "send us 2 boots")->size, NULL, "us, a pronoun");
	STR_EQ(ex(state, "women's 7.5 boots")->size, "7.5", "for whom");
	STR_EQ(ex(state, "got these in a 42?")->size, "42", "in a");
	STR_EQ(ex(state, "sold in a 2 pack")->size, NULL, "in a, a pack");
	STR_EQ(ex(state, "in a 3 colour print")->size, NULL, "in a, before a noun");
	STR_EQ(ex(state, "size 10 and a half")->size, "10.5", "half");
	/* fractions: "in" after one is the inch */
	STR_EQ(ex(state, "a 1/2 in drill")->size, "0.5 inch", "fraction");
	STR_EQ(ex(state, "2-1/2 inch deck screws")->size, "2.5 inch", "hyphened fraction");
	STR_EQ(ex(state, "a 1 1/2 in screw")->size, "1.5 inch", "mixed fraction");
	STR_EQ(ex(state, "size 9 1/2 boots")->size, "9.5", "size and a fraction");
	STR_EQ(ex(state, "2-1/2 inch deck screws")->product_words, "2.5 inch deck screws",
	       "fraction said as one number");
	assert_int_equal(ex(state, "a 1 1/2 in screw")->n_ordinals, 0);
	STR_EQ(ex(state, "3/2 in the box")->size, NULL, "no fraction over one");
	STR_EQ(ex(state, "a 2L bottle")->size, "2l", "litres");
	STR_EQ(ex(state, "a 1 litre bottle")->size, "1l", "litre");
	/* a phrase does not run over a comma */
	STR_EQ(ex(state, "first one, size 8 and a half")->size, "8.5", "one, size");
	price(state, "boots less, than 50", -1, -1);
}

static void test_vocabulary(void **state)
{
	const struct nlu_entities *e = ex(state, "show me samsung phones");
	STR_EQ(e->brand, "Samsung", "brand");
	STR_EQ(e->category, "Cell Phones", "phones -> Cell Phones");
	STR_EQ(e->product_words, "samsung phones", "words");
	e = ex(state, "Kate Spade New York cases");
	STR_EQ(e->brand, "kate spade new york", "multi-word brand");
	STR_EQ(e->category, "Cases", "plural category");
	e = ex(state, "insignia car charger");
	STR_EQ(e->brand, "Insignia\xe2\x84\xa2", "trade mark sign");
	STR_EQ(e->category, "Car Chargers", "singular of a plural name");
	e = ex(state, "samsnug headphones");
	STR_EQ(e->brand, "Samsung", "typo");
	STR_EQ(e->product_words, "samsung headphones", "corrected words");
	e = ex(state, "otterbox cell phone cases and clips");
	STR_EQ(e->category, "Cell Phone Cases & Clips", "symbol in name");
	e = ex(state, "otter box cases");
	STR_EQ(e->brand, "OtterBox", "split name");
	STR_EQ(e->product_words, "otterbox cases", "split name words");
	e = ex(state, "not otter box");
	STR_EQ(e->not_brand, "OtterBox", "negated split name");
	STR_EQ(e->product_words, NULL, "negated split name words");
	e = ex(state, "earbuds");
	STR_EQ(e->category, "Headphones", "synonym");
	/* the kind of product is the last noun: a category named before it,
	 * or after "for", only describes it */
	e = ex(state, "phone charger");
	STR_EQ(e->category, "Car Chargers", "the head noun's category");
	e = ex(state, "headphones case");
	STR_EQ(e->category, "Cases", "a category before the head noun");
	e = ex(state, "galaxy s7 headphones");
	STR_EQ(e->category, "Headphones", "model codes between");
	e = ex(state, "cell phones stand");
	STR_EQ(e->category, NULL, "an unknown head noun");
	STR_EQ(e->product_words, "cell phones stand", "its words stay");
	e = ex(state, "case for cell phones");
	STR_EQ(e->category, "Cases", "after for");
	e = ex(state, "stand for headphones");
	STR_EQ(e->category, NULL, "only after for");
	e = ex(state, "headphones under 50 dollars");
	STR_EQ(e->category, "Headphones", "a price after the head");
	e = ex(state, "headphones with a long battery");
	STR_EQ(e->category, "Headphones", "a phrase after the head");
	e = ex(state, "headphones, best rated first");
	STR_EQ(e->category, "Headphones", "a sort order after the head");
	e = ex(state, "headphones cheapest first");
	STR_EQ(e->category, "Headphones", "a sort order after the head, no comma");
	e = ex(state, "black leather case in midnight green");
	STR_EQ(e->color, "black", "built-in color");
	STR_EQ(e->material, "leather", "material");
	e = ex(state, "midnight green case");
	STR_EQ(e->color, "Midnight Green", "catalog color");
	/* short words are never typo-matched */
	STR_EQ(ex(state, "song")->brand, NULL, "song");
}

/* Names from another catalog: leading "The", stemming collisions, joined
 * spellings, apostrophes, and color words used as verbs. */
static void test_other_catalog(void **state)
{
	struct fx *f = *state;
	static const char *const b[] = {"The North Face", "Withings", "Levi's", "Apple", "On",
	                                "New Balance"};
	static const char *const c[] = {"T-Shirts", "Laptops", "Jackets", "Jeans"};
	static const char *const col[] = {"Clear", "Natural"};
	struct nlu_vocab v = {b, 6, c, 4, col, 2, NULL, 0};
	entities_set_vocab(f->e, &v);
	const struct nlu_entities *e = ex(state, "north face jackets");
	STR_EQ(e->brand, "The North Face", "without The");
	STR_EQ(e->category, "Jackets", "jackets");
	STR_EQ(ex(state, "laptops with 16gb ram")->brand, NULL, "with is not Withings");
	STR_EQ(ex(state, "withings scale")->brand, "Withings", "withings");
	STR_EQ(ex(state, "tshirts")->category, "T-Shirts", "joined spelling");
	STR_EQ(ex(state, "levis jeans")->brand, "Levi's", "apostrophe");
	STR_EQ(ex(state, "clear the cart")->color, NULL, "verb");
	STR_EQ(ex(state, "a clear case")->color, "Clear", "color");
	/* a brand spelled like a function word: written as a name, or named */
	STR_EQ(ex(state, "running shoes on sale")->brand, NULL, "on sale");
	STR_EQ(ex(state, "a jacket to put on over a hoodie")->brand, NULL, "put on");
	STR_EQ(ex(state, "On running shoes")->brand, "On", "capitalized");
	STR_EQ(ex(state, "shoes by on")->brand, "On", "by on");
	STR_EQ(ex(state, "anything but on")->not_brand, "On", "negated");
	/* a word that is never a product word does not start a brand alone */
	e = ex(state, "i need a new jacket");
	STR_EQ(e->brand, NULL, "new is not New Balance");
	STR_EQ(e->product_words, "jacket", "new is not a product word");
	STR_EQ(ex(state, "new balance jackets")->brand, "New Balance", "whole name");
	/* the old vocabulary is gone */
	STR_EQ(ex(state, "samsung phones")->brand, NULL, "replaced");
}

/* A one-word brand written as two words, the first a word the extractor
 * reads itself ("north" of "north of $50"). */
static void test_split_brand(void **state)
{
	struct fx *f = *state;
	static const char *const b[] = {"Northridge", "Maxwell"};
	struct nlu_vocab v = {b, 2, NULL, 0, NULL, 0, NULL, 0};
	entities_set_vocab(f->e, &v);
	STR_EQ(ex(state, "north ridge boots")->brand, "Northridge", "split");
	STR_EQ(ex(state, "max well kettles")->brand, "Maxwell", "split, max");
	const struct nlu_entities *e = ex(state, "north of 50 dollars");
	STR_EQ(e->brand, NULL, "a price phrase");
	assert_true(e->price_min == 50);
}

/* A need to stay clear of something is a "without", however said: an
 * allergy's words are no product words; "X free" stays words as well. */
static void test_avoid(void **state)
{
	const struct nlu_entities *e = ex(state, "i'm allergic to soy, need a protein powder");
	STR_EQ(e->without, "soy", "allergic to");
	STR_EQ(e->product_words, "protein powder", "allergy words dropped");
	assert_true(e->negation);
	e = ex(state, "my son has a peanut allergy, what protein bars are safe");
	STR_EQ(e->without, "peanut", "a peanut allergy");
	STR_EQ(e->product_words, "son protein bars", "safe said with the need");
	e = ex(state, "protein powder for someone allergic to nuts and soy");
	STR_EQ(e->without, "nuts", "a list: first");
	assert_int_equal(e->more_without.n, 1);
	STR_EQ(e->more_without.v[0], "soy", "a list: second");
	STR_EQ(ex(state, "lactose intolerant, any ice cream")->without, "lactose", "intolerant");
	e = ex(state, "caffeine free pre workout");
	STR_EQ(e->without, "caffeine", "caffeine free");
	STR_EQ(e->product_words, "caffeine free pre workout", "free of a thing stays words");
	STR_EQ(ex(state, "a hands free headset")->without, NULL, "hands free is no thing left out");
	STR_EQ(ex(state, "shampoo free from sulfates")->without, "sulfates", "free from");
	STR_EQ(ex(state, "a charger with delivery free of charge")->without, NULL, "free of charge");
}

static void test_negation(void **state)
{
	const struct nlu_entities *e = ex(state, "phones but not samsung");
	STR_EQ(e->not_brand, "Samsung", "not samsung");
	STR_EQ(e->brand, NULL, "not samsung brand");
	assert_true(e->negation);
	e = ex(state, "anything but apple");
	STR_EQ(e->not_brand, "Apple", "anything but");
	e = ex(state, "not black");
	STR_EQ(e->not_color, "black", "not black");
	STR_EQ(e->color, NULL, "not black color");
	e = ex(state, "a phone without a case");
	STR_EQ(e->without, "case", "without a case");
	assert_true(e->negation);
	STR_EQ(e->product_words, "phone", "without words");
	e = ex(state, "headphones without noise cancelling");
	STR_EQ(e->without, "noise cancelling", "without phrase");
	/* a negator written as the next word's prefix is what is asked for */
	e = ex(state, "non slip mat");
	STR_EQ(e->product_words, "non slip mat", "non slip");
	STR_EQ(e->without, NULL, "non is no without");
	STR_EQ(ex(state, "a non-stick pan")->product_words, "non stick pan", "non-stick");
	STR_EQ(ex(state, "not non")->product_words, NULL, "non alone");
	e = ex(state, "not that one");
	assert_true(e->negation);
	e = ex(state, "I don't want the second one");
	assert_true(e->negation);
	assert_int_equal(e->ordinals[0], 2);
	e = ex(state, "I don't want samsung");
	STR_EQ(e->not_brand, "Samsung", "don't want");
	assert_false(ex(state, "show me samsung phones")->negation);
	/* a sentence that starts with "not" leaves out what follows */
	e = ex(state, "not the laser");
	STR_EQ(e->without, "laser", "not the laser");
	e = ex(state, "not the rope one");
	STR_EQ(e->without, "rope", "not the rope one");
	/* so does a clause that starts with it */
	e = ex(state, "a craft kit for my niece, not slime please");
	STR_EQ(e->without, "slime", "clause starting with not");
	STR_EQ(ex(state, "is it not waterproof")->without, NULL, "not inside a clause");
	STR_EQ(ex(state, "i don't want anything with wool")->without, "wool", "not ... with");
	STR_EQ(ex(state, "nothing with nuts please")->without, "nuts", "nothing with");
	STR_EQ(ex(state, "a hat with a pom pom")->without, NULL, "with, said plainly");
	/* a child's age: its words say nothing else */
	e = ex(state, "toys for a 4 year old under 20");
	assert_int_equal(e->age_months, 48);
	assert_true(e->price_max > 19.9 && e->price_max < 20.1);
	assert_false(e->quantity_said);
	assert_int_equal(e->n_ordinals, 0);
	assert_int_equal(ex(state, "a 4 person tent")->age_months, -1);
	STR_EQ(ex(state, "no thanks")->without, NULL, "no thanks");
	/* "no" then product words at the start: without them; not a reply */
	STR_EQ(ex(state, "no cast iron")->without, "cast iron", "no cast iron");
	STR_EQ(ex(state, "no problem")->without, NULL, "no problem");
	STR_EQ(ex(state, "no, the red one")->without, NULL, "no, the red one");
	STR_EQ(ex(state, "not that one")->without, NULL, "not that one");
}

static void test_ids(void **state)
{
	STR_EQ(ex(state, "order status 10422")->order_id, "10422", "kiosk");
	STR_EQ(ex(state, "where is my order #10422?")->order_id, "10422", "hash");
	STR_EQ(ex(state, "track ORD-12345")->order_id, "ORD-12345", "code");
	STR_EQ(ex(state, "cancel purchase 00004587345")->order_id, "00004587345", "zeros");
	STR_EQ(ex(state, "10422")->order_id, "10422", "alone");
	STR_EQ(ex(state, "help with order732201349959")->order_id, "732201349959", "glued");
	STR_EQ(ex(state, "download invoice #12588")->invoice_id, "12588", "invoice");
	STR_EQ(ex(state, "download invoice #12588")->order_id, NULL, "invoice not order");
	STR_EQ(ex(state, "find my bil #00108")->invoice_id, "00108", "typo invoice");
	/* not ids: prices, quantities, years, sizes */
	STR_EQ(ex(state, "phones under 1000")->order_id, NULL, "price");
	STR_EQ(ex(state, "$1,299.99 laptop")->order_id, NULL, "money");
	STR_EQ(ex(state, "released in 2019")->order_id, NULL, "year");
	STR_EQ(ex(state, "5000mah battery")->order_id, NULL, "unit");
	STR_EQ(ex(state, "add 2")->order_id, NULL, "quantity");
	STR_EQ(ex(state, "where is my order B-9001?")->order_id, "B-9001", "short code");
	STR_EQ(ex(state, "track 1Z999AA10123456784")->order_id, "1z999aa10123456784", "tracking");
	/* model names are not order codes */
	STR_EQ(ex(state, "sony WH-1000XM4 headphones")->order_id, NULL, "model with hyphen");
	STR_EQ(ex(state, "sony wh1000xm4 headphones")->order_id, NULL, "model");
	STR_EQ(ex(state, "rtx 4090 laptop")->order_id, NULL, "model number");
	/* numbers a word names as something else: tracking, phone */
	const struct nlu_entities *e =
	    ex(state, "tracking number 1Z12345E0205271688 says nothing about order 80002");
	STR_EQ(e->order_id, "80002", "tracking, then order");
	STR_EQ(ex(state, "tracking order 80002")->order_id, "80002", "tracking an order");
	assert_int_equal(e->more_order_ids.n, 0);
	e = ex(state, "my mobile is 07911 123456, the order is 80003");
	STR_EQ(e->order_id, "80003", "phone, then order");
	assert_int_equal(e->more_order_ids.n, 0);
	/* two order numbers */
	e = ex(state, "orders 80001 and 80004 are late");
	STR_EQ(e->order_id, "80001", "first order");
	assert_int_equal(e->more_order_ids.n, 1);
	STR_EQ(e->more_order_ids.v[0], "80004", "second order");
	/* a number after "in" where the shopper says they had an order */
	STR_EQ(ex(state, "I received 3 mugs in 80005, all broken")->order_id, "80005", "had");
	STR_EQ(ex(state, "I bought it in 2019")->order_id, NULL, "had, a year");
	STR_EQ(ex(state, "3 mugs in 80005")->order_id, NULL, "no verb");
	/* "both" of two orders named is no pick from the list */
	assert_int_equal(ex(state, "orders 80001 and 80004 are both late")->n_ordinals, 0);
	assert_int_equal(ex(state, "order 80001: both were late")->n_ordinals, 1);
}

static void test_email_postcode(void **state)
{
	const struct nlu_entities *e = ex(state, "my email is John.Doe@Example.com, zip 94107");
	STR_EQ(e->email, "john.doe@example.com", "email");
	STR_EQ(e->postcode, "94107", "zip");
	STR_EQ(e->order_id, NULL, "zip is not an order");
	STR_EQ(ex(state, "SW1A 1AA")->postcode, "SW1A 1AA", "uk");
	STR_EQ(ex(state, "do you ship to 60614?")->postcode, "60614", "delivered to");
	STR_EQ(ex(state, "we are in 3000, Melbourne")->postcode, "3000", "beside a city");
	STR_EQ(ex(state, "Chicago 60614 please")->postcode, "60614", "after a city");
	STR_EQ(ex(state, "order 60614, Chicago")->postcode, NULL, "an order beside a city");
	STR_EQ(ex(state, "please ship to sw1a 1aa")->postcode, "SW1A 1AA", "lower case, shipped to");
	STR_EQ(ex(state, "sw1a 1aa")->postcode, NULL, "lower case alone");
	STR_EQ(ex(state, "do you ship to 60614?")->order_id, NULL, "delivered to, no order");
	STR_EQ(ex(state, "postcode m1 1ae")->postcode, "M1 1AE", "uk lower with context");
	STR_EQ(ex(state, "K1A 0B1")->postcode, "K1A 0B1", "canada");
	STR_EQ(ex(state, "12345-6789")->postcode, "12345-6789", "zip+4");
	STR_EQ(ex(state, "postal code 2000")->postcode, "2000", "generic");
	STR_EQ(ex(state, "order 94107")->postcode, NULL, "no context");
}

static void test_places_people(void **state)
{
	const struct nlu_entities *e = ex(state, "can I order from Liverpool?");
	STR_EQ(e->city, "Liverpool", "city");
	e = ex(state, "do you ship to Japan");
	STR_EQ(e->country, "Japan", "country");
	STR_EQ(e->city, NULL, "country is not a city");
	e = ex(state, "do you deliver to Springfield");
	STR_EQ(e->city, "Springfield", "unknown capitalized city");
	e = ex(state, "I need the invoice from Mr. Jones");
	STR_EQ(e->person_name, "Mr. Jones", "honorific");
	e = ex(state, "bills from Anna Freeman");
	STR_EQ(e->person_name, "Anna Freeman", "full name");
	e = ex(state, "invoices from October");
	STR_EQ(e->person_name, NULL, "a month is not a name");
}

/* A colour word in a brand's name is the brand's: "Blue Buffalo" is no
 * colour filter; a colour said beside it still is one. */
static void test_colour_in_brand(void **state)
{
	const struct nlu_entities *e = ex(state, "do you have blue buffalo");
	STR_EQ(e->brand, "Blue Buffalo", "blue buffalo");
	STR_EQ(e->color, NULL, "blue buffalo");
	e = ex(state, "blue buffalo bowls in blue");
	STR_EQ(e->brand, "Blue Buffalo", "in blue");
	STR_EQ(e->color, "blue", "in blue");
}

static void test_product_words(void **state)
{
	STR_EQ(ex(state, "wireless headphones under $80")->product_words, "wireless headphones",
	       "spec example");
	STR_EQ(ex(state, "can you show me some cheap usb c cables please")->product_words,
	       "usb c cables", "fillers");
	STR_EQ(ex(state, "iphone 7 plus case")->product_words, "iphone 7 plus case", "model");
	STR_EQ(ex(state, "compare the first two")->product_words, NULL, "nothing left");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_avoid, setup, teardown),
		cmocka_unit_test_setup_teardown(test_prices, setup, teardown),
		cmocka_unit_test_setup_teardown(test_price_around, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_prices_more, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bounds_after, setup, teardown),
		cmocka_unit_test_setup_teardown(test_short_corrections, setup, teardown),
		cmocka_unit_test_setup_teardown(test_amount_and_currency, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rating_plus, setup, teardown),
		cmocka_unit_test_setup_teardown(test_more_values, setup, teardown),
		cmocka_unit_test_setup_teardown(test_quantity_more, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rating, setup, teardown),
		cmocka_unit_test_setup_teardown(test_quantity, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ordinals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sort_and_comparatives, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sizes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_vocabulary, setup, teardown),
		cmocka_unit_test_setup_teardown(test_other_catalog, setup, teardown),
		cmocka_unit_test_setup_teardown(test_split_brand, setup, teardown),
		cmocka_unit_test_setup_teardown(test_negation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ids, setup, teardown),
		cmocka_unit_test_setup_teardown(test_email_postcode, setup, teardown),
		cmocka_unit_test_setup_teardown(test_places_people, setup, teardown),
		cmocka_unit_test_setup_teardown(test_product_words, setup, teardown),
		cmocka_unit_test_setup_teardown(test_colour_in_brand, setup, teardown),
	};
	pack = test_lang_en();
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	lang_free(pack);
	return rc;
}
