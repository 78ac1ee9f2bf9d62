/* Unit tests for catalog/search.c, search_rank.c, synonyms.c
 * and fts_tokenizer.c, on a small in-memory catalog. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog/store/catalog.h"
#include "catalog/store/catalog_int.h"
#include "catalog/store/product.h"
#include "catalog/store/product_view.h"
#include "catalog/search/search.h"
#include "catalog/search/synonyms.h"
#include "tests/lang_fixture.h"

/* The English search words, alone and with the fixture synonyms. */
static lang *pack, *pack_syn;

struct fixture {
	catalog *c;
	searcher *s;
};

static const struct product products[] = {
	{.id = "p1", .name = "Galaxy S7 Cell Phone 32GB", .brand = "Samsung",
	 .category = "Electronics > Phones > Smartphones",
	 .description = "An Android smartphone with a 5.1-inch screen.", .color = "Black",
	 .price_cents = 49999, .has_price = true, .rating = 4.5, .has_rating = true,
	 .stock = 10, .has_stock = true, .popularity = 900},
	{.id = "p2", .name = "iPhone 7 128GB", .brand = "Apple",
	 .category = "Electronics > Phones > Smartphones",
	 .description = "Apple's phone with a 4.7-inch Retina display.", .color = "Silver",
	 .price_cents = 64900, .has_price = true, .rating = 4.7, .has_rating = true,
	 .stock = 5, .has_stock = true, .popularity = 1000},
	{.id = "p3", .name = "Rugged Case for iPhone 7", .brand = "OtterBox",
	 .category = "Electronics > Phones > Cases", .description = "Drop protection for the iPhone 7.",
	 .color = "Black", .price_cents = 3999, .has_price = true, .rating = 4.2, .has_rating = true,
	 .stock = 100, .has_stock = true, .popularity = 500},
	{.id = "p4", .name = "Slim Case for Galaxy S7", .brand = "Incipio",
	 .category = "Electronics > Phones > Cases", .description = "A thin case.", .color = "Blue",
	 .price_cents = 1999, .has_price = true, .rating = 3.9, .has_rating = true, .stock = 0,
	 .has_stock = true, .popularity = 300},
	{.id = "p5", .name = "USB-C Wall Charger 18W", .brand = "Anker",
	 .category = "Electronics > Phones > Chargers",
	 .description = "Fast charging for USB Type-C phones.", .color = "White",
	 .price_cents = 2499, .has_price = true, .rating = 4.6, .has_rating = true, .stock = 50,
	 .has_stock = true, .popularity = 700},
	{.id = "p6", .name = "Lightning Car Charger", .brand = "Belkin",
	 .category = "Electronics > Phones > Chargers", .description = "Charge in the car.",
	 .color = "Black", .price_cents = 1499, .has_price = true, .rating = 4.0,
	 .has_rating = true, .stock = 20, .has_stock = true, .popularity = 400},
	{.id = "p7", .name = "Charging Adapter for Laptops", .brand = "Anker",
	 .category = "Electronics > Computers > Power", .description = "A universal power brick.",
	 .color = "Black", .price_cents = 5900, .has_price = true, .rating = 4.1,
	 .has_rating = true, .stock = 3, .has_stock = true, .popularity = 200},
	{.id = "p8", .name = "Leather Couch", .brand = "HomeCo",
	 .category = "Home > Furniture > Living Room",
	 .description = "A three-seat couch in brown leather.", .color = "Brown",
	 .features = "material:leather; seats:3", .price_cents = 89900, .has_price = true,
	 .rating = 4.4, .has_rating = true, .stock = 2, .has_stock = true, .popularity = 350},
	{.id = "p9", .name = "Café Table", .brand = "HomeCo", .category = "Home > Furniture > Dining",
	 .description = "Solid oak café table.", .color = "Oak", .price_cents = 24900,
	 .has_price = true, .popularity = 100},
	{.id = "p10", .name = "Screen Protector for iPhone 7", .brand = "ZAGG",
	 .category = "Electronics > Phones > Screen Protectors", .description = "Tempered glass.",
	 .color = "Clear", .price_cents = 2999, .has_price = true, .rating = 4.3,
	 .has_rating = true, .popularity = 450},
	{.id = "p11", .name = "Prime Lens 50mm", .brand = "Fotona",
	 .category = "Electronics > Cameras > Optics", .description = "A bright prime lens.",
	 .color = "Black", .price_cents = 19900, .has_price = true, .popularity = 50},
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	char *err = NULL;
	if (catalog_open(":memory:", &f->c, &err) < 0)
		goto fail;
	product_writer *w = product_writer_new(f->c, &err);
	if (!w || catalog_begin(f->c, &err) < 0)
		goto fail;
	for (size_t i = 0; i < sizeof products / sizeof products[0]; i++)
		if (product_writer_put(w, &products[i], false, &err) < 0)
			goto fail;
	product_writer_free(w);
	if (catalog_commit(f->c, &err) < 0)
		goto fail;
	f->s = search_new(f->c, NULL, pack_syn, &err);
	if (!f->s)
		goto fail;
	*state = f;
	return 0;
fail:
	fprintf(stderr, "setup: %s\n", err ? err : "?");
	free(err);
	return -1;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	search_free(f->s);
	catalog_close(f->c);
	free(f);
	return 0;
}

/* Runs text with q's other fields; returns the ids joined by spaces. */
static char *run(struct fixture *f, struct search_query *q, const char *text,
                 struct search_result *r)
{
	q->text = text;
	char *err = NULL;
	int rc = search_run(f->s, q, r, &err);
	if (rc < 0)
		fprintf(stderr, "search '%s': %s\n", text, err);
	assert_int_equal(rc, 0);
	static char ids[512];
	ids[0] = '\0';
	for (size_t i = 0; i < r->n_hits; i++) {
		if (i)
			strcat(ids, " ");
		strcat(ids, r->hits[i].p.id);
	}
	return ids;
}

static char *ids_of(struct fixture *f, const char *text)
{
	struct search_query q;
	search_query_init(&q);
	struct search_result r;
	char *ids = run(f, &q, text, &r);
	search_result_release(&r);
	return ids;
}

static const char *first_of(struct fixture *f, const char *text)
{
	static char first[32];
	char *ids = ids_of(f, text);
	snprintf(first, sizeof first, "%.*s", (int)strcspn(ids, " "), ids);
	return first;
}

static void test_ranking_prefers_name(void **state)
{
	struct fixture *f = *state;
	/* the name weighs more than the description */
	assert_string_equal(first_of(f, "iphone 128gb"), "p2");
	assert_string_equal(first_of(f, "iphone 7 case"), "p3");
	assert_string_equal(first_of(f, "protection"), "p3");
	assert_string_equal(first_of(f, "android"), "p1");
	assert_string_equal(first_of(f, "galaxy s7 case"), "p4");
	assert_string_equal(first_of(f, "screen protector"), "p10");
	/* what a product is comes before "for": the phone, not its case;
	 * the iPhone, not its screen protector or its case */
	assert_string_equal(first_of(f, "galaxy s7"), "p1");
	assert_string_equal(first_of(f, "iphone 7"), "p2");
	struct search_query q;
	search_query_init(&q);
	q.limit = 1;
	q.offset = 1; /* paging follows the same order */
	struct search_result r;
	assert_string_equal(run(f, &q, "galaxy s7", &r), "p4");
	search_result_release(&r);
}

static void test_model_codes_and_sizes(void **state)
{
	struct fixture *f = *state;
	assert_string_equal(first_of(f, "usbc charger"), "p5");
	assert_string_equal(first_of(f, "usb c charger"), "p5");
	assert_string_equal(first_of(f, "USB-C"), "p5");
	assert_string_equal(first_of(f, "galaxy s7 phone"), "p1");
	assert_string_equal(first_of(f, "galaxy s-7 phone"), "p1");
	assert_string_equal(first_of(f, "galaxys7 phone"), "p1");
	assert_string_equal(first_of(f, "GALAXY S 7 PHONE"), "p1");
	assert_string_equal(first_of(f, "32 gb"), "p1");
	assert_string_equal(first_of(f, "128gb iphone"), "p2");
}

static void test_stemming_and_accents(void **state)
{
	struct fixture *f = *state;
	assert_string_equal(first_of(f, "chargers"), "p6");
	assert_string_equal(first_of(f, "cafe"), "p9");
	assert_string_equal(first_of(f, "CAFÉ TABLES"), "p9");
}

/* "lenses" stems to "lens", "lens" to "len": the plural finds the lens
 * its singular does; "cases" finds no more than "case" does. */
static void test_plural_of_s(void **state)
{
	struct fixture *f = *state;
	assert_string_equal(first_of(f, "lenses"), "p11");
	assert_string_equal(first_of(f, "prime lenses"), "p11");
	char *one = strdup(ids_of(f, "case"));
	assert_string_equal(ids_of(f, "cases"), one);
	free(one);
}

/* A word said twice is one word: the same results, in the same order. */
static void test_repeated_word(void **state)
{
	struct fixture *f = *state;
	char *once = strdup(ids_of(f, "iphone 7 case"));
	assert_string_equal(ids_of(f, "iphone 7 case cases"), once);
	free(once);
}

static void test_typo_correction(void **state)
{
	struct fixture *f = *state;
	struct search_query q;
	search_query_init(&q);
	struct search_result r;
	run(f, &q, "samsnug galxy", &r);
	assert_string_equal(r.hits[0].p.id, "p1");
	assert_int_equal(r.total_exact, 1); /* the others fill the page */
	assert_non_null(r.corrected);
	assert_string_equal(r.corrected, "samsung galaxy");
	search_result_release(&r);

	run(f, &q, "iphone 7 case", &r);
	assert_null(r.corrected); /* nothing to correct */
	search_result_release(&r);

	/* a slip in a word of asking that is also a product word reads as
	 * that word ("display" is a request word; a description has it) */
	run(f, &q, "dipslay", &r);
	assert_non_null(r.corrected);
	assert_string_equal(r.corrected, "display");
	assert_string_equal(r.hits[0].p.id, "p2");
	search_result_release(&r);

	q.no_correct = true;
	run(f, &q, "samsnug", &r);
	assert_int_equal(r.n_hits, 0);
	assert_null(r.corrected);
	search_result_release(&r);
}


/* A misspelt word is read as its correction before the words are grouped,
 * so it brings the correction's synonyms ("charger, charging adapter")
 * as the word typed right does. */
static void test_corrected_word_brings_its_synonyms(void **state)
{
	struct fixture *f = *state;
	char *right = strdup(ids_of(f, "anker charger"));
	assert_non_null(strstr(right, "p7")); /* the "Charging Adapter" */
	assert_string_equal(ids_of(f, "anker chrager"), right);
	struct search_query q;
	search_query_init(&q);
	struct search_result r;
	run(f, &q, "anker chrager", &r);
	assert_non_null(r.corrected);
	assert_string_equal(r.corrected, "anker charger");
	search_result_release(&r);
	free(right);
}

/* A correction of a required word (struct search_query.must) that finds
 * nothing with the query's words is dropped and named as typed: its span
 * is in the required words, not in the query's text, which is shorter
 * here (it was read past the text, and named as ""). */
static void test_required_word_correction_dropped(void **state)
{
	struct fixture *f = *state;
	struct search_query q;
	search_query_init(&q);
	q.must = "qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq leathr";
	struct search_result r;
	run(f, &q, "slim case", &r);
	bool named = false;
	for (size_t i = 0; i < r.n_unknown; i++)
		named = named || !strcmp(r.unknown[i], "leathr");
	search_result_release(&r);
	assert_true(named);
	/* kept, it is no correction of the query's text */
	q.must = "qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq slimm";
	run(f, &q, "case galaxy", &r);
	assert_true(r.n_hits >= 1);
	assert_string_equal(r.hits[0].p.id, "p4");
	assert_null(r.corrected);
	search_result_release(&r);
}

static void test_synonyms(void **state)
{
	struct fixture *f = *state;
	/* "sofa" is only in the synonyms file; the product says couch */
	assert_string_equal(first_of(f, "sofa"), "p8");
	/* a multi-word entry: "cell phone" stands for "cellphone" */
	assert_string_equal(first_of(f, "cellphone"), "p1");
	struct search_query q;
	search_query_init(&q);
	struct search_result r;
	run(f, &q, "leather sofa", &r);
	assert_int_equal(r.n_hits, 1);
	bool saw_couch = false;
	for (size_t i = 0; i < r.n_matched; i++)
		saw_couch = saw_couch || !strcmp(r.matched[i], "couch");
	assert_true(saw_couch); /* "why these?" names the synonym used */
	search_result_release(&r);
}

/* A rule of two words ("protection case, bumper case") reads them as a phrase only
 * where the catalog writes them together: p3 says "Rugged Case" and "Drop
 * protection", apart, and no product says either phrase. */
static void test_synonym_phrase_apart(void **state)
{
	struct fixture *f = *state;
	struct search_query q;
	search_query_init(&q);
	struct search_result r;
	run(f, &q, "protection case", &r);
	/* p3 holds every word, and comes first (the page is then filled with
	 * products holding some of them) */
	assert_int_equal(r.n_unknown, 0);
	assert_int_equal(r.total_exact, 1);
	assert_string_equal(r.hits[0].p.id, "p3");
	search_result_release(&r);
	/* written together, the rule still applies: "cell phone" finds the
	 * product that says "Cell Phone" */
	assert_string_equal(first_of(f, "mobile phone"), "p1");
}

static void test_synonym_rules(void **state)
{
	(void)state;
	tokenizer *t = tokenizer_new("english", NULL);
	synonyms *s = synonyms_new(t);
	synonyms_add_line(s, "tv, television  # comment");
	synonyms_add_line(s, "tempered glass => screen protector");
	synonyms_add_line(s, "lonely");
	synonyms_add_line(s, "# only a comment");
	assert_int_equal(synonyms_size(s), 4);
	const struct synonym_alt *alts;
	size_t n;
	const char *tv[] = {"tv"};
	assert_int_equal(synonyms_match(s, tv, 1, &alts, &n), 1);
	assert_int_equal(n, 1);
	assert_string_equal(alts[0].surface, "television");
	const char *glass[] = {"temper", "glass", "iphon"};
	assert_int_equal(synonyms_match(s, glass, 3, &alts, &n), 2);
	assert_string_equal(alts[0].terms, "screen protector");
	/* one way: the right side does not find the left */
	const char *prot[] = {"screen", "protector"};
	assert_int_equal(synonyms_match(s, prot, 2, &alts, &n), 0);
	synonyms_free(s);
	tokenizer_free(t);
}

static void test_relaxation(void **state)
{
	struct fixture *f = *state;
	struct search_query q;
	search_query_init(&q);
	struct search_result r;
	/* no product is both a couch and a charger: relax, most words first */
	run(f, &q, "leather couch charger", &r);
	assert_true(r.relaxed);
	assert_int_equal(r.total_exact, 0);
	assert_true(r.n_hits > 1);
	assert_string_equal(r.hits[0].p.id, "p8");
	search_result_release(&r);

	q.no_relax = true;
	run(f, &q, "leather couch charger", &r);
	assert_int_equal(r.n_hits, 0);
	search_result_release(&r);

	/* too few all-word matches: the page is filled with the closest */
	q.no_relax = false;
	run(f, &q, "rugged iphone", &r);
	assert_true(r.relaxed);
	assert_int_equal(r.total_exact, 1);
	assert_string_equal(r.hits[0].p.id, "p3");
	assert_true(r.n_hits > 1);
	search_result_release(&r);
	q.limit = 1;
	run(f, &q, "rugged iphone", &r); /* the page is full: no relaxing */
	assert_false(r.relaxed);
	assert_int_equal(r.n_hits, 1);
	search_result_release(&r);
	q.limit = 10;

	/* a word nothing relates to is dropped and named */
	q.no_relax = false;
	run(f, &q, "couch xqzvvy", &r);
	assert_string_equal(r.hits[0].p.id, "p8");
	assert_int_equal(r.n_unknown, 1);
	assert_string_equal(r.unknown[0], "xqzvvy");
	search_result_release(&r);

	/* zero results only when no word relates to the catalog */
	run(f, &q, "xqzvvy wwkkpp", &r);
	assert_int_equal(r.n_hits, 0);
	assert_int_equal(r.total, 0);
	search_result_release(&r);
}

static void test_filters(void **state)
{
	struct fixture *f = *state;
	struct search_query q;
	search_query_init(&q);
	struct search_result r;

	q.price_max = 2500;
	assert_string_equal(run(f, &q, "charger", &r), "p6 p5");
	search_result_release(&r);

	search_query_init(&q);
	q.price_min = 2000;
	q.sort = SEARCH_SORT_PRICE_ASC;
	assert_string_equal(run(f, &q, "case", &r), "p3");
	search_result_release(&r);

	search_query_init(&q);
	q.brand = "anker"; /* case-insensitive; "charging adapter" is a synonym */
	assert_string_equal(run(f, &q, "charger", &r), "p5 p7");
	search_result_release(&r);

	search_query_init(&q);
	q.exclude_brand = "ANKER";
	assert_string_equal(run(f, &q, "charger", &r), "p6");
	search_result_release(&r);

	search_query_init(&q);
	q.category = "Phones"; /* a level name: its whole subtree */
	q.sort = SEARCH_SORT_PRICE_DESC;
	q.limit = 3;
	assert_string_equal(run(f, &q, NULL, &r), "p2 p1 p3");
	assert_int_equal(r.total, 7);
	search_result_release(&r);

	search_query_init(&q);
	q.category = "electronics > phones > cases";
	assert_int_equal(strlen(run(f, &q, "", &r)) > 0, 1);
	assert_int_equal(r.total, 2);
	search_result_release(&r);

	search_query_init(&q);
	q.in_stock = true;
	assert_string_equal(run(f, &q, "galaxy case", &r), "");
	search_result_release(&r);

	search_query_init(&q);
	q.min_rating = 4.5;
	q.sort = SEARCH_SORT_RATING;
	assert_string_equal(run(f, &q, "", &r), "p2 p5 p1");
	search_result_release(&r);

	search_query_init(&q);
	q.color = "black";
	assert_string_equal(run(f, &q, "case", &r), "p3");
	search_result_release(&r);

	/* the color also said in the words is still the filter: the one black
	 * case matches every word (other black products may follow, relaxed) */
	search_query_init(&q);
	q.color = "black";
	assert_true(!strncmp(run(f, &q, "black case", &r), "p3", 2));
	assert_int_equal(r.total_exact, 1);
	search_result_release(&r);

	search_query_init(&q);
	q.color = "magenta"; /* no product has it */
	assert_string_equal(run(f, &q, "case", &r), "");
	search_result_release(&r);

	search_query_init(&q);
	q.brand = "NoSuchBrand";
	assert_string_equal(run(f, &q, "case", &r), "");
	search_result_release(&r);
}

/* Writes one product (replacing by id) through a writer on c. */
static void put_one(catalog *c, const struct product *p)
{
	char *err = NULL;
	product_writer *w = product_writer_new(c, &err);
	assert_non_null(w);
	assert_int_equal(catalog_begin(c, &err), 0);
	assert_int_equal(product_writer_put(w, p, true, &err), 0);
	product_writer_free(w);
	assert_int_equal(catalog_commit(c, &err), 0);
}

/* A catalog in memory holding the items, in *c, and a searcher over it
 * reading with the language pack given (NULL: none). */
static searcher *searcher_over(const struct product *items, size_t n, const lang *with,
                               catalog **c)
{
	char *err = NULL;
	assert_int_equal(catalog_open(":memory:", c, &err), 0);
	for (size_t i = 0; i < n; i++)
		put_one(*c, &items[i]);
	searcher *s = search_new(*c, NULL, with, &err);
	assert_non_null(s);
	return s;
}

/* What the searcher keeps of the products (their filter columns, the
 * number of products per word) follows changes made through the same
 * catalog and through another connection to the same file. */
static void test_filters_follow_changes(void **state)
{
	(void)state;
	char path[] = "/tmp/clerk-test-search-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	char *err = NULL;
	catalog *c = NULL, *other = NULL;
	assert_int_equal(catalog_open(path, &c, &err), 0);
	for (size_t i = 0; i < sizeof products / sizeof products[0]; i++)
		put_one(c, &products[i]);
	searcher *s = search_new(c, NULL, pack, &err);
	assert_non_null(s);
	struct search_query q;
	search_query_init(&q);
	q.text = "charger";
	q.price_max = 2500;
	struct search_result r;
	assert_int_equal(search_run(s, &q, &r, &err), 0);
	assert_int_equal(r.n_hits, 2); /* p5 and p6 */
	search_result_release(&r);

	/* p5 costs more now: written through the searcher's own catalog */
	struct product p5 = products[4];
	p5.has_price = true;
	p5.price_cents = 9900;
	put_one(c, &p5);
	assert_int_equal(search_run(s, &q, &r, &err), 0);
	assert_int_equal(r.n_hits, 1);
	assert_string_equal(r.hits[0].p.id, "p6");
	search_result_release(&r);

	/* another process makes p6 an Anker, cheaper, and adds a charger */
	assert_int_equal(catalog_open(path, &other, &err), 0);
	struct product p6 = products[5];
	p6.brand = "Anker";
	put_one(other, &p6);
	struct product extra = {.id = "p11", .name = "Travel Charger", .brand = "Anker",
	                        .category = "Electronics > Phones > Chargers",
	                        .has_price = true, .price_cents = 1000};
	put_one(other, &extra);
	q.brand = "Anker";
	assert_int_equal(search_run(s, &q, &r, &err), 0);
	assert_int_equal(r.n_hits, 2); /* p6 and p11, both under $25 and Anker now */
	search_result_release(&r);
	q.brand = NULL;
	q.exclude_brand = "Anker";
	assert_int_equal(search_run(s, &q, &r, &err), 0);
	assert_int_equal(r.n_hits, 0);
	search_result_release(&r);

	catalog_close(other);
	search_free(s);
	catalog_close(c);
	unlink(path);
	char side[64];
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
}

/* A slip in a word of asking is not corrected into a product word two
 * edits away; a slip in a product word still is. */
static void test_talk_words_not_corrected(void **state)
{
	(void)state;
	char *err = NULL;
	catalog *c = NULL;
	assert_int_equal(catalog_open(":memory:", &c, &err), 0);
	const struct product items[] = {
		{.id = "m1", .name = "Memory Chip 64GB", .category = "Parts"},
		{.id = "m2", .name = "Phone Case", .category = "Cases"},
		{.id = "m4", .name = "Phone Stand", .category = "Stands",
		 .description = "Our summer sale favourite."},
		{.id = "m5", .name = "Trucker Jacket", .category = "Jackets"},
	};
	for (size_t i = 0; i < 4; i++)
		put_one(c, &items[i]);
	for (int i = 0; i < 60; i++) { /* "salt" is 60 times as common as "sale" */
		char id[16];
		snprintf(id, sizeof id, "s%d", i);
		struct product salt = {.id = id, .name = "Sea Salt", .category = "Kitchen"};
		put_one(c, &salt);
	}
	searcher *s = search_new(c, NULL, pack, &err);
	assert_non_null(s);
	struct search_query q;
	search_query_init(&q);
	struct search_result r;
	q.text = "cehap phone case"; /* "cheap" swapped; "chip" is two edits away */
	assert_int_equal(search_run(s, &q, &r, &err), 0);
	assert_null(r.corrected);
	assert_true(r.n_hits >= 1);
	assert_string_equal(r.hits[0].p.id, "m2");
	search_result_release(&r);
	/* a word of asking spelled right stays itself, even when one product
	 * has it and a product word is one edit away ("sale", "salt") */
	q.text = "phone sale";
	assert_int_equal(search_run(s, &q, &r, &err), 0);
	assert_null(r.corrected);
	assert_true(r.n_hits >= 1);
	assert_string_equal(r.hits[0].p.id, "m4");
	search_result_release(&r);
	/* a comparative is not a slip for a product word ("trucker") */
	q.text = "thicker";
	assert_int_equal(search_run(s, &q, &r, &err), 0);
	assert_null(r.corrected);
	assert_int_equal(r.n_hits, 0);
	search_result_release(&r);
	q.text = "memory chjp";
	assert_int_equal(search_run(s, &q, &r, &err), 0);
	assert_non_null(r.corrected);
	assert_string_equal(r.hits[0].p.id, "m1");
	search_result_release(&r);
	search_free(s);
	catalog_close(c);
}

/* The last level of a category path says what its products are: a word
 * of the query there counts more than the same word in an upper level
 * (a holder, not a stand from the holders department). */
static void test_last_category_level_names_the_kind(void **state)
{
	(void)state;
	char *err = NULL;
	const struct product items[] = {
		{.id = "stand", .name = "Acme Holder", .category = "Home > Holders > Stands"},
		{.id = "holder", .name = "Acme Widget Holder Deluxe",
		 .category = "Home > Widgets > Holders"},
	};
	catalog *c = NULL;
	searcher *s = searcher_over(items, sizeof items / sizeof items[0], NULL, &c);
	struct search_query q;
	search_query_init(&q);
	q.text = "holder";
	struct search_result r;
	assert_int_equal(search_run(s, &q, &r, &err), 0);
	assert_int_equal(r.n_hits, 2);
	assert_string_equal(r.hits[0].p.id, "holder");
	search_result_release(&r);
	search_free(s);
	catalog_close(c);
}

/* A colour filter finds the shop's spelling of it: "gray" is the "Grey"
 * of "Earl Grey", as the words "earl grey" are. */
static void test_color_spelled_otherwise(void **state)
{
	(void)state;
	char *err = NULL;
	catalog *c = NULL;
	assert_int_equal(catalog_open(":memory:", &c, &err), 0);
	const struct product tea = {.id = "tea", .name = "Earl Grey Loose Leaf Tea",
	                            .category = "Coffee & Tea"};
	put_one(c, &tea);
	lang *en = test_lang_search(TEST_LANG_EN "/synonyms.txt"); /* the shipped rules */
	searcher *s = search_new(c, NULL, en, &err);
	assert_non_null(s);
	const char *texts[] = {"earl grey", "earl", "earl gray"};
	const char *colors[] = {NULL, "gray", NULL};
	for (size_t k = 0; k < 3; k++) {
		struct search_query q;
		search_query_init(&q);
		q.text = texts[k];
		q.color = colors[k];
		struct search_result r;
		assert_int_equal(search_run(s, &q, &r, &err), 0);
		if (r.n_hits != 1)
			fail_msg("\"%s\" (color %s): %zu hits", texts[k], colors[k] ? colors[k] : "-",
			         r.n_hits);
		search_result_release(&r);
	}
	search_free(s);
	lang_free(en);
	catalog_close(c);
}

/* Two words the catalog writes as one ("candy shell": "CandyShell") are
 * that word even when the first has a synonym of its own ("candy,
 * sweets" in the shipped rules): the products that say both words apart
 * ("Candy Stripe ... Shell Case") come after the ones named by it. */
static void test_joined_words_over_a_synonym(void **state)
{
	(void)state;
	char *err = NULL;
	catalog *c = NULL;
	assert_int_equal(catalog_open(":memory:", &c, &err), 0);
	const struct product items[] = {
		{.id = "stripe1", .name = "Candy Stripe Hard Shell Case for Galaxy S5",
		 .brand = "Kate", .category = "Phones > Cases"},
		{.id = "stripe2", .name = "Candy Stripe Hybrid Shell Case for iPhone 6",
		 .brand = "Kate", .category = "Phones > Cases"},
		{.id = "cs1", .name = "CandyShell Grip Case for Galaxy S7", .brand = "Speck",
		 .category = "Phones > Cases"},
		{.id = "cs2", .name = "CandyShell Case for iPhone 7", .brand = "Speck",
		 .category = "Phones > Cases"},
		{.id = "cs3", .name = "CandyShell Clear Case for LG G5", .brand = "Speck",
		 .category = "Phones > Cases"},
		{.id = "other", .name = "Presidio Case for iPhone 7", .brand = "Speck",
		 .category = "Phones > Cases"},
	};
	for (size_t i = 0; i < sizeof items / sizeof items[0]; i++)
		put_one(c, &items[i]);
	lang *en = test_lang_search(TEST_LANG_EN "/synonyms.txt"); /* the shipped rules */
	searcher *s = search_new(c, NULL, en, &err);
	assert_non_null(s);
	/* a slip in the first word is read as its correction before the
	 * words are joined ("camdy": "candy") */
	const char *texts[] = {"candy shell", "speck candy shell", "camdy shell",
	                       "speck camdy shell"};
	for (size_t k = 0; k < sizeof texts / sizeof texts[0]; k++) {
		struct search_query q;
		search_query_init(&q);
		q.text = texts[k];
		struct search_result r;
		assert_int_equal(search_run(s, &q, &r, &err), 0);
		if (r.n_hits < 3)
			fail_msg("\"%s\": %zu hits", texts[k], r.n_hits);
		for (size_t i = 0; i < 3; i++)
			if (strncmp(r.hits[i].p.id, "cs", 2))
				fail_msg("\"%s\": hit %zu is %s", texts[k], i + 1, r.hits[i].p.id);
		search_result_release(&r);
	}
	search_free(s);
	lang_free(en);
	catalog_close(c);
}

/* A product whose own text denies a claim of the query ("Not vegan",
 * "not suitable for vegetarians", "Vegan: No") is no match for it; said
 * plainly anywhere, it is; a query that asks for the absence ("paraben
 * free") keeps the denials. */
static void test_denied_claims(void **state)
{
	(void)state;
	char *err = NULL;
	const struct product items[] = {
		{.id = "chianti", .name = "Chianti Classico", .category = "Wine > Red Wine",
		 .description = "Cherry and herbs.\nNot vegan (fined with egg white)."},
		{.id = "rhone", .name = "Cotes du Rhone", .category = "Wine > Red Wine",
		 .description = "Peppery.\nVegan friendly (unfined)."},
		{.id = "malbec", .name = "Malbec", .category = "Wine > Red Wine",
		 .description = "Plush. Not for the faint of heart, and vegan.", .tags = "red"},
		{.id = "comte", .name = "Comte", .category = "Cheese",
		 .description = "Not suitable for vegetarians (animal rennet)."},
		{.id = "gouda", .name = "Aged Gouda", .category = "Cheese",
		 .description = "Vegetarian rennet."},
		{.id = "cream", .name = "Barrier Cream", .category = "Skincare",
		 .features = "vegan:No; parabens:none", .description = "Contains no parabens."},
		{.id = "serum", .name = "Peptide Serum", .category = "Skincare",
		 .description = "A serum with parabens, vegan."},
	};
	catalog *c = NULL;
	searcher *s = searcher_over(items, sizeof items / sizeof items[0], pack, &c);
	struct {
		const char *query, *has, *lacks;
	} cases[] = {
		{"vegan wine", "rhone", "chianti"},
		{"vegan wine", "malbec", "chianti"},
		{"vegetarian cheese", "gouda", "comte"},
		{"vegan", "serum", "cream"},
		{"paraben free", "cream", NULL},
		{"not vegan", "chianti", NULL},
	};
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		struct search_query q;
		search_query_init(&q);
		q.text = cases[k].query;
		struct search_result r;
		assert_int_equal(search_run(s, &q, &r, &err), 0);
		bool has = false, lacks = true;
		for (size_t i = 0; i < r.n_hits; i++) {
			has |= !strcmp(r.hits[i].p.id, cases[k].has);
			lacks &= !cases[k].lacks || strcmp(r.hits[i].p.id, cases[k].lacks);
		}
		if (!has || !lacks)
			fail_msg("\"%s\": %s should be %s, %s not", cases[k].query, cases[k].has,
			         has ? "found" : "FOUND", cases[k].lacks ? cases[k].lacks : "-");
		search_result_release(&r);
	}
	search_free(s);
	catalog_close(c);
}

/* "type c": a stop word before a lone letter that the catalog writes
 * joined to it ("Type-C") is searched, and the relaxed walk reads every
 * product of a rare word even when the two rarest hold more than a walk
 * reads ("internal" before the many "battery" products). */
static void test_stop_word_designator_and_rare_walk(void **state)
{
	(void)state;
	char *err = NULL;
	catalog *c = NULL;
	assert_int_equal(catalog_open(":memory:", &c, &err), 0);
	const struct product items[] = {
		{.id = "cc", .name = "Acme C-Clip Car Charger", .category = "Chargers"},
		{.id = "tc", .name = "Acme USB Type-C Car Charger Plus", .category = "Chargers"},
	};
	for (size_t i = 0; i < sizeof items / sizeof items[0]; i++)
		put_one(c, &items[i]);
	/* before the internal battery in the index: products holding the two
	 * rarest words, more of them than a walk reads, and "battery" in
	 * many more */
	char id[32], name[96];
	for (int i = 0; i < 400; i++) {
		snprintf(id, sizeof id, "bat%d", i);
		snprintf(name, sizeof name, "Acme Battery Pack %d for Tablet", i);
		put_one(c, &(struct product){.id = id, .name = name, .category = "Packs"});
	}
	for (int i = 0; i < 200; i++) {
		snprintf(id, sizeof id, "guard%d", i);
		snprintf(name, sizeof name, "Acme Screen Guard %d for Phone 5s", i);
		put_one(c, &(struct product){.id = id, .name = name, .category = "Guards"});
	}
	for (int i = 0; i < 119; i++) {
		snprintf(id, sizeof id, "mag%d", i);
		snprintf(name, sizeof name, "Acme Magnet Holder %d", i);
		put_one(c, &(struct product){.id = id, .name = name, .category = "Holders",
		                             .description = "An internal magnet."});
	}
	put_one(c, &(struct product){.id = "inner", .name = "Acme Battery for Phone 5",
	                             .category = "Internal Batteries"});
	searcher *s = search_new(c, NULL, pack, &err);
	assert_non_null(s);
	struct search_query q;
	search_query_init(&q);
	q.text = "type c car charger";
	struct search_result r;
	assert_int_equal(search_run(s, &q, &r, &err), 0);
	assert_true(r.n_hits >= 1);
	assert_string_equal(r.hits[0].p.id, "tc");
	assert_int_equal(r.total_exact, 1); /* the "C" of "C-Clip" is not "Type-C" */
	search_result_release(&r);
	/* nothing has every word: the internal battery covers the most */
	q.text = "internal battery phone 5s";
	assert_int_equal(search_run(s, &q, &r, &err), 0);
	assert_true(r.n_hits >= 1);
	assert_string_equal(r.hits[0].p.id, "inner");
	search_result_release(&r);
	search_free(s);
	catalog_close(c);
}

/* "acme phone z9" is the phone, not one of the many cases whose names
 * and descriptions say the words more often, whatever the page's length;
 * a colour after the part a case fits is the case's own. */
static void test_what_the_product_is(void **state)
{
	(void)state;
	char *err = NULL;
	catalog *c = NULL;
	assert_int_equal(catalog_open(":memory:", &c, &err), 0);
	char id[32], name[96];
	for (int i = 0; i < 60; i++) {
		snprintf(id, sizeof id, "case%d", i);
		snprintf(name, sizeof name, "Acme - Slim Case %d for Acme Phone Z9 - %s", i,
		         i % 2 ? "Black" : "Clear");
		put_one(c, &(struct product){.id = id, .name = name,
		                             .category = "Acme Phone Z9 Cases",
		                             .description = "Fits the Acme Phone Z9: an Acme "
		                                            "Phone Z9 case."});
	}
	put_one(c, &(struct product){.id = "phone", .name = "Acme - Phone Z9 64GB - Black",
	                             .category = "Phones",
	                             .description = "A phone with a large screen and a "
	                                            "battery that lasts two days of use."});
	searcher *s = search_new(c, NULL, pack, &err);
	assert_non_null(s);
	struct search_query q;
	search_query_init(&q);
	q.text = "acme phone z9";
	struct search_result r;
	for (size_t limit = 5; limit <= 50; limit += 45) {
		q.limit = limit;
		assert_int_equal(search_run(s, &q, &r, &err), 0);
		assert_int_equal(r.n_hits, limit);
		assert_string_equal(r.hits[0].p.id, "phone");
		search_result_release(&r);
	}
	q.text = "black acme phone z9 case";
	q.limit = 5;
	assert_int_equal(search_run(s, &q, &r, &err), 0);
	assert_true(r.n_hits >= 1);
	assert_true(!strncmp(r.hits[0].p.id, "case", 4));
	assert_non_null(strstr(r.hits[0].p.name, "Black"));
	search_result_release(&r);
	search_free(s);
	catalog_close(c);
}

/* "cheap phone case": a list by price is of the products the words name
 * (name, brand, category, attributes), not of every product whose
 * description holds them; when none names them, the description counts. */
static void test_sorted_list_is_of_named_products(void **state)
{
	(void)state;
	char *err = NULL;
	const struct product items[] = {
		{.id = "case", .name = "Acme Slim Case", .category = "Phone Cases",
		 .price_cents = 2000, .has_price = true},
		{.id = "case2", .name = "Acme Rugged Phone Case", .category = "Cases",
		 .price_cents = 3000, .has_price = true},
		{.id = "cable", .name = "Acme USB Cable", .category = "Cables",
		 .description = "Charges your phone without taking it out of its case.",
		 .price_cents = 500, .has_price = true},
	};
	catalog *c = NULL;
	searcher *s = searcher_over(items, sizeof items / sizeof items[0], pack, &c);
	struct search_query q;
	search_query_init(&q);
	q.text = "phone case";
	q.sort = SEARCH_SORT_PRICE_ASC;
	struct search_result r;
	assert_int_equal(search_run(s, &q, &r, &err), 0);
	assert_int_equal(r.n_hits, 2);
	assert_string_equal(r.hits[0].p.id, "case");
	assert_string_equal(r.hits[1].p.id, "case2");
	search_result_release(&r);
	/* by relevance, the description still counts */
	q.sort = SEARCH_SORT_RELEVANCE;
	assert_int_equal(search_run(s, &q, &r, &err), 0);
	assert_int_equal(r.n_hits, 3);
	search_result_release(&r);
	/* only a description says it: it is listed */
	q.text = "taking";
	q.sort = SEARCH_SORT_PRICE_ASC;
	assert_int_equal(search_run(s, &q, &r, &err), 0);
	assert_int_equal(r.n_hits, 1);
	assert_string_equal(r.hits[0].p.id, "cable");
	search_result_release(&r);
	search_free(s);
	catalog_close(c);
}

/* "tie mate": known words no product holds together, one of them a slip
 * for a more common word that a name holds beside the other ("Tile
 * Mate"); "red mate" is not "red kate" (no name says it so). */
static void test_slip_into_another_word(void **state)
{
	(void)state;
	char *err = NULL;
	const struct product items[] = {
		{.id = "mate", .name = "Tile - Tile Mate Item Tracker", .category = "Trackers"},
		{.id = "pro", .name = "Tile - Tile Pro Tracker", .category = "Trackers"},
		{.id = "slim", .name = "Tile - Tile Slim Tracker", .category = "Trackers"},
		{.id = "rack", .name = "Acme - Tie Rack", .category = "Closet"},
		{.id = "kate1", .name = "Kate - Glitter Case - Red", .category = "Cases"},
		{.id = "kate2", .name = "Kate - Hybrid Case - Clear", .category = "Cases"},
		{.id = "kate3", .name = "Kate - Wallet Case - Pink", .category = "Cases"},
	};
	catalog *c = NULL;
	searcher *s = searcher_over(items, sizeof items / sizeof items[0], pack, &c);
	struct search_query q;
	search_query_init(&q);
	q.text = "tie mate";
	struct search_result r;
	assert_int_equal(search_run(s, &q, &r, &err), 0);
	assert_true(r.n_hits >= 1);
	assert_string_equal(r.hits[0].p.id, "mate");
	assert_non_null(r.corrected);
	assert_string_equal(r.corrected, "tile mate");
	search_result_release(&r);
	q.text = "red mate";
	assert_int_equal(search_run(s, &q, &r, &err), 0);
	assert_null(r.corrected);
	search_result_release(&r);
	search_free(s);
	catalog_close(c);
}

/* A word no product holds, read with the words around it: "power bak" is
 * "power bank" (names write it), though "back" is as near and in more
 * names; "mofie power" is "mophie power", two edits, not the one-edit
 * "movie"; "moo z", a word too short and too ordinary to be corrected
 * alone, is the Moto Z that names hold with "z"; "ipohne case" stays the
 * nearest, "iphone", which names hold with "case", though names also write
 * "phone case". */
static void test_slip_read_by_its_neighbour(void **state)
{
	(void)state;
	char *err = NULL;
	const struct product items[] = {
		{.id = "bank", .name = "Acme - Slim Power Bank - Black", .category = "Batteries"},
		{.id = "back1", .name = "Acme - Back Cover for Galaxy S7", .category = "Cases"},
		{.id = "back2", .name = "Acme - Clear Back Cover for iPhone 7", .category = "Cases"},
		{.id = "back3", .name = "Acme - Back Case for Pixel", .category = "Cases"},
		{.id = "reserve", .name = "mophie - Power Reserve 2X Portable Charger", .category = "Batteries"},
		{.id = "movie1", .name = "Acme - Movie Stand for Tablets", .category = "Stands"},
		{.id = "movie2", .name = "Acme - Movie Night Tripod", .category = "Stands"},
		{.id = "motoz", .name = "Motorola - Moto Z 64GB Cell Phone", .category = "Phones"},
		{.id = "motog", .name = "Motorola - Moto G Play", .category = "Phones"},
		{.id = "iphcase", .name = "Otter - Slim Case for iPhone 7", .category = "Cases"},
		{.id = "phcase", .name = "Acme - Universal Phone Case", .category = "Cases"},
	};
	catalog *c = NULL;
	searcher *s = searcher_over(items, sizeof items / sizeof items[0], pack, &c);
	struct search_query q;
	search_query_init(&q);
	struct search_result r;
	const char *cases[][3] = {
		{"power bak", "power bank", "bank"},
		{"mofie power", "mophie power", "reserve"},
		{"moo z", "moto z", "motoz"},
		{"ipohne case", "iphone case", "iphcase"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		q.text = cases[i][0];
		assert_int_equal(search_run(s, &q, &r, &err), 0);
		assert_non_null(r.corrected);
		assert_string_equal(r.corrected, cases[i][1]);
		assert_true(r.n_hits >= 1);
		assert_string_equal(r.hits[0].p.id, cases[i][2]);
		search_result_release(&r);
	}
	/* alone, the nearest word: no neighbour vouches for another */
	q.text = "bak";
	assert_int_equal(search_run(s, &q, &r, &err), 0);
	assert_non_null(r.corrected);
	assert_string_equal(r.corrected, "back");
	search_result_release(&r);
	search_free(s);
	catalog_close(c);
}

/* A correction that finds nothing with the other words gives way to the
 * next near word that does: "noe" is nearest "neo" (two letters swapped,
 * and "Neo" is in more names), but only "note" is named with "galaxy" and
 * "case". */
static void test_correction_chosen_by_the_other_words(void **state)
{
	(void)state;
	char *err = NULL;
	const struct product items[] = {
		{.id = "note", .name = "Slim Case for Samsung Galaxy Note 5", .category = "Cases"},
		{.id = "s7", .name = "Slim Case for Samsung Galaxy S7", .category = "Cases"},
		{.id = "neo1", .name = "Neo Hybrid Case for iPhone 7", .category = "Cases"},
		{.id = "neo2", .name = "Neo Hybrid Case for iPhone 6", .category = "Cases"},
		{.id = "neo3", .name = "Neo Hybrid Case for Pixel", .category = "Cases"},
		{.id = "neo4", .name = "Neo Hybrid Crystal Case for iPhone 7 Plus", .category = "Cases"},
		{.id = "phone", .name = "Samsung Galaxy Note 5 32GB", .category = "Phones"},
	};
	catalog *c = NULL;
	searcher *s = searcher_over(items, sizeof items / sizeof items[0], pack, &c);
	struct search_query q;
	search_query_init(&q);
	struct search_result r;
	q.text = "noe";
	assert_int_equal(search_run(s, &q, &r, &err), 0);
	assert_non_null(r.corrected);
	assert_string_equal(r.corrected, "neo"); /* alone, the nearest word */
	search_result_release(&r);
	q.text = "galaxy noe 5 case";
	assert_int_equal(search_run(s, &q, &r, &err), 0);
	assert_true(r.n_hits >= 1);
	assert_string_equal(r.hits[0].p.id, "note");
	assert_int_equal(r.total_exact, 1); /* the others fill the page */
	assert_non_null(r.corrected);
	assert_string_equal(r.corrected, "galaxy note 5 case");
	search_result_release(&r);
	/* the same of a required word, whose span is in the required words:
	 * the replacement stays required, and is no correction of the text */
	search_query_init(&q);
	q.must = "qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq noe";
	q.text = "galaxy 5 case";
	assert_int_equal(search_run(s, &q, &r, &err), 0);
	assert_true(r.n_hits >= 1);
	assert_string_equal(r.hits[0].p.id, "note");
	assert_null(r.corrected);
	search_result_release(&r);
	search_free(s);
	catalog_close(c);
}

/* A brand or model written with digits is corrected in its letters only,
 * among the catalog's words with digits, keeping its digits. */
static void test_codes_corrected_in_letters(void **state)
{
	(void)state;
	char *err = NULL;
	const struct product items[] = {
		{.id = "t1", .name = "Tech21 Evo Case", .brand = "Tech21", .category = "Cases"},
		{.id = "t2", .name = "Tech22 Sleeve", .category = "Sleeves"},
		{.id = "t3", .name = "Galaxy S7 Phone", .category = "Phones"},
	};
	catalog *c = NULL;
	searcher *s = searcher_over(items, sizeof items / sizeof items[0], NULL, &c);
	struct search_query q;
	search_query_init(&q);
	struct search_result r;
	q.text = "tehc21 case"; /* two letters swapped */
	assert_int_equal(search_run(s, &q, &r, &err), 0);
	assert_non_null(r.corrected);
	assert_string_equal(r.corrected, "tech21 case");
	assert_string_equal(r.hits[0].p.id, "t1");
	search_result_release(&r);
	q.text = "tech23"; /* no model 23: not "corrected" into 21 or 22 */
	assert_int_equal(search_run(s, &q, &r, &err), 0);
	assert_null(r.corrected);
	assert_int_equal(r.n_hits, 0);
	search_result_release(&r);
	q.text = "galaxy s8"; /* too few letters to tell a slip from a model */
	assert_int_equal(search_run(s, &q, &r, &err), 0);
	assert_null(r.corrected);
	search_result_release(&r);
	search_free(s);
	catalog_close(c);
}

/* Filters whose products are read first (a category subtree, a brand, a
 * price range) give the same answers as filtering each word match. */
static void test_filters_with_words(void **state)
{
	struct fixture *f = *state;
	struct search_query q;
	struct search_result r;

	search_query_init(&q);
	q.category = "phones"; /* a level name, any case: its subtree */
	q.sort = SEARCH_SORT_PRICE_ASC;
	assert_string_equal(run(f, &q, "galaxy", &r), "p4 p1");
	search_result_release(&r);

	search_query_init(&q);
	q.category = "Electronics > Phones > Cases";
	assert_string_equal(run(f, &q, "galaxy", &r), "p4");
	search_result_release(&r);

	search_query_init(&q);
	q.category = "Chargers"; /* holds products, none with the words */
	assert_string_equal(run(f, &q, "galaxy case", &r), "");
	assert_int_equal(r.total, 0);
	search_result_release(&r);

	search_query_init(&q);
	q.brand = "anker";
	q.price_max = 3000;
	assert_string_equal(run(f, &q, "charger", &r), "p5");
	search_result_release(&r);

	search_query_init(&q);
	q.price_min = 1500;
	q.price_max = 2500;
	q.sort = SEARCH_SORT_PRICE_DESC;
	assert_string_equal(run(f, &q, "charger", &r), "p5");
	search_result_release(&r);

	search_query_init(&q);
	q.category = "Cases"; /* both small: their products intersected */
	q.brand = "Samsung";
	assert_string_equal(run(f, &q, "galaxy case", &r), "");
	search_result_release(&r);

	search_query_init(&q);
	q.category = "Cases";
	q.brand = "incipio";
	q.price_max = 2000;
	assert_string_equal(run(f, &q, "galaxy case", &r), "p4");
	search_result_release(&r);

	search_query_init(&q);
	q.price_min = 3000; /* one bound only */
	q.category = "Cases";
	assert_string_equal(run(f, &q, "case", &r), "p3");
	search_result_release(&r);
}

static void test_paging_and_total(void **state)
{
	struct fixture *f = *state;
	struct search_query q;
	search_query_init(&q);
	struct search_result r;
	q.limit = 2;
	char first[64];
	snprintf(first, sizeof first, "%s", run(f, &q, "phone", &r));
	size_t total = r.total;
	assert_true(total >= 3);
	assert_int_equal(r.n_hits, 2);
	search_result_release(&r);
	q.offset = 2;
	run(f, &q, "phone", &r);
	assert_int_equal(r.total, total);
	assert_null(strstr(first, r.hits[0].p.id));
	search_result_release(&r);
}

static void test_syntax_is_text(void **state)
{
	struct fixture *f = *state;
	const char *nasty[] = {"\"iphone", "iphone*", "NEAR(iphone case)", "-case", "case:iphone",
	                       "o'reilly", "iphone AND OR NOT", "'; DROP TABLE products; --",
	                       "((((", "\"\"\"", "^case", "case + - * /"};
	for (size_t i = 0; i < sizeof nasty / sizeof nasty[0]; i++) {
		struct search_query q;
		search_query_init(&q);
		struct search_result r;
		run(f, &q, nasty[i], &r); /* asserts success */
		search_result_release(&r);
	}
	assert_string_equal(first_of(f, "NEAR(iphone case)"), "p3");
	assert_int_equal(catalog_product_count(f->c), 11);
}

static void test_long_query_is_cut(void **state)
{
	struct fixture *f = *state;
	size_t n = 1 << 20;
	char *big = malloc(n + 1);
	for (size_t i = 0; i < n; i++)
		big[i] = "couch "[i % 6];
	big[n] = '\0';
	struct search_query q;
	search_query_init(&q);
	struct search_result r;
	run(f, &q, big, &r);
	assert_true(r.truncated);
	assert_string_equal(r.hits[0].p.id, "p8");
	search_result_release(&r);
	free(big);
}

static void test_hit_is_a_product_view(void **state)
{
	struct fixture *f = *state;
	struct search_query q;
	search_query_init(&q);
	q.text = "leather couch";
	struct search_result r;
	assert_int_equal(search_run(f->s, &q, &r, NULL), 0);
	assert_true(r.n_hits > 0);
	assert_string_equal(r.hits[0].p.id, "p8");
	assert_string_equal(r.hits[0].p.brand, "HomeCo");
	assert_string_equal(r.hits[0].p.category, "Home > Furniture > Living Room");
	assert_int_equal(r.hits[0].p.price_cents, 89900);
	/* the same summary the product view reads */
	struct product_view p;
	assert_int_equal(product_view_load_rowid(f->c, r.hits[0].p.rowid, false, &p, NULL), 0);
	assert_string_equal(p.name, r.hits[0].p.name);
	product_view_release(&p);
	search_result_release(&r);
}

/* A search reads in one transaction of its own and leaves none open; in
 * a transaction the caller holds, it leaves that one as it was. */
static void test_search_transactions(void **state)
{
	struct fixture *f = *state;
	struct search_query q;
	search_query_init(&q);
	struct search_result r;
	assert_true(sqlite3_get_autocommit(f->c->db));
	run(f, &q, "charger", &r);
	assert_true(r.n_hits > 0);
	search_result_release(&r);
	assert_true(sqlite3_get_autocommit(f->c->db));

	char *err = NULL;
	assert_int_equal(catalog_begin(f->c, &err), 0);
	run(f, &q, "case", &r);
	assert_true(r.n_hits > 0);
	search_result_release(&r);
	assert_false(sqlite3_get_autocommit(f->c->db));
	assert_int_equal(catalog_commit(f->c, &err), 0);
	assert_true(sqlite3_get_autocommit(f->c->db));
}

/* An ordinary word (the dictionary's) is corrected only as a slip one edit
 * from a catalog word, never from two. */
static void test_ordinary_words_corrected_only_as_slips(void **state)
{
	struct fixture *f = *state;
	char path[] = "/tmp/clerk-test-dict-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	const char words[] = "chatter\nlightening\nMiro\nslit\nample\n";
	assert_int_equal(write(fd, words, sizeof words - 1), (ssize_t)(sizeof words - 1));
	close(fd);
	char *err = NULL;
	dictionary *dict = dictionary_load(path, &err);
	unlink(path);
	assert_non_null(dict);
	struct search_query q;
	struct search_result r;

	/* "chatter" is two edits from "charger": corrected without the
	 * dictionary, not with it */
	search_query_init(&q);
	run(f, &q, "chatter", &r);
	assert_non_null(r.corrected);
	search_result_release(&r);
	search_set_dictionary(f->s, dict);
	search_query_init(&q);
	run(f, &q, "chatter", &r);
	assert_null(r.corrected);
	search_result_release(&r);

	/* "slit" is one edit from "slim" but a short word of its own; "ample"
	 * one from the brand "Apple", and a brand is no slip of a word */
	search_query_init(&q);
	run(f, &q, "slit", &r);
	assert_null(r.corrected);
	search_result_release(&r);
	search_query_init(&q);
	run(f, &q, "ample", &r);
	assert_null(r.corrected);
	search_result_release(&r);

	/* "lightening" is one edit from "lightning": still a slip */
	search_query_init(&q);
	assert_true(!strncmp(run(f, &q, "lightening charger", &r), "p6", 2));
	assert_int_equal(r.total_exact, 1);
	assert_non_null(r.corrected);
	search_result_release(&r);
	search_set_dictionary(f->s, NULL);
	dictionary_free(dict);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ranking_prefers_name),
		cmocka_unit_test(test_model_codes_and_sizes),
		cmocka_unit_test(test_stemming_and_accents),
		cmocka_unit_test(test_plural_of_s),
		cmocka_unit_test(test_typo_correction),
		cmocka_unit_test(test_repeated_word),
		cmocka_unit_test(test_corrected_word_brings_its_synonyms),
		cmocka_unit_test(test_required_word_correction_dropped),
		cmocka_unit_test(test_synonyms),
		cmocka_unit_test(test_synonym_rules),
		cmocka_unit_test(test_relaxation),
		cmocka_unit_test(test_filters),
		cmocka_unit_test(test_filters_with_words),
		cmocka_unit_test(test_filters_follow_changes),
		cmocka_unit_test(test_talk_words_not_corrected),
		cmocka_unit_test_setup_teardown(test_ordinary_words_corrected_only_as_slips, setup,
		                                teardown),
		cmocka_unit_test(test_codes_corrected_in_letters),
		cmocka_unit_test(test_last_category_level_names_the_kind),
		cmocka_unit_test(test_denied_claims),
		cmocka_unit_test(test_color_spelled_otherwise),
		cmocka_unit_test(test_joined_words_over_a_synonym),
		cmocka_unit_test(test_stop_word_designator_and_rare_walk),
		cmocka_unit_test(test_paging_and_total),
		cmocka_unit_test(test_syntax_is_text),
		cmocka_unit_test_setup_teardown(test_what_the_product_is, setup, teardown),
		cmocka_unit_test_setup_teardown(test_slip_into_another_word, setup, teardown),
		cmocka_unit_test_setup_teardown(test_slip_read_by_its_neighbour, setup, teardown),
		cmocka_unit_test(test_correction_chosen_by_the_other_words),
		cmocka_unit_test_setup_teardown(test_sorted_list_is_of_named_products, setup, teardown),
		cmocka_unit_test(test_long_query_is_cut),
		cmocka_unit_test(test_hit_is_a_product_view),
		cmocka_unit_test(test_search_transactions),
		cmocka_unit_test_setup_teardown(test_synonym_phrase_apart, setup, teardown),
	};
	pack = test_lang_search(NULL);
	pack_syn = test_lang_search(FIXTURES_DIR "/search/synonyms.txt");
	int rc = cmocka_run_group_tests(tests, setup, teardown);
	lang_free(pack_syn);
	lang_free(pack);
	return rc;
}
