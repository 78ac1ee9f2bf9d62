/* Unit tests for catalog/import/review_json.c (reviews read out of JSON
 * records, personal data left behind), catalog/import/json_pairs.c and
 * catalog/store/reviews.c (storing and summarizing them). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/import/import.h"
#include "catalog/import/json_pairs.h"
#include "catalog/import/review_json.h"
#include "catalog/store/reviews.h"
#include "tests/catalog_fixture.h"

/* Runs review_json_take() on the array at "key" of the JSON object doc. */
static bool take(struct review_list *l, const char *path, const char *json)
{
	cJSON *doc = cJSON_Parse(json);
	assert_non_null(doc);
	bool taken = review_json_take(l, path, doc);
	cJSON_Delete(doc);
	return taken;
}

static void test_recognized(void **state)
{
	(void)state;
	struct review_list l;
	review_list_init(&l);
	/* Named reviews; a rating alone is a review there. */
	assert_true(take(&l, "reviews",
	                 "[{\"reviewer\": \"Tom B.\", \"stars\": 5, \"text\": \"Tastes good.\"},"
	                 " {\"reviewer\": \"Ann\", \"stars\": 3}]"));
	assert_int_equal(l.n, 2);
	/* Unnamed, but a rating and a text make a review. */
	assert_true(take(&l, "feedbackItems.entries",
	                 "[{\"score\": 4, \"comment\": \"Nice\"}]"));
	assert_true(take(&l, "ugc", "[{\"rating\": 4, \"body\": \"Nice\"}]"));
	assert_int_equal(l.n, 4);
	/* A marketplace's: the name in a profile object. */
	assert_true(take(&l, "top_reviews",
	                 "[{\"title\": \"Good\", \"body\": \"Fine.\", \"rating\": 5,"
	                 " \"profile\": {\"name\": \"Kim\", \"link\": \"https://m.example/u/1\"}}]"));
	assert_string_equal(l.items[4].author, "Kim");
	l.n = 4;
	/* Not reviews: a category path, a spec list, a variant list, texts
	 * with no rating outside a reviews name, scalars. */
	assert_false(take(&l, "categoryPath", "[{\"id\": \"c1\", \"name\": \"Apparel\"}]"));
	assert_false(take(&l, "specs", "[{\"name\": \"Weight\", \"value\": \"280 g\"}]"));
	assert_false(take(&l, "variants", "[{\"title\": \"Small\", \"price\": 19}]"));
	assert_false(take(&l, "faq", "[{\"title\": \"Q\", \"text\": \"A\"}]"));
	assert_false(take(&l, "reviews", "[\"great\", \"bad\"]"));
	assert_false(take(&l, "reviews", "[]"));
	assert_false(take(&l, "reviews", "[{\"text\": \"ok\"}, 3]"));
	assert_int_equal(l.n, 4);
	/* A tally of ratings is taken and dropped. */
	assert_true(take(&l, "ratingBreakdown",
	                 "[{\"stars\": 5, \"count\": 30}, {\"stars\": 4, \"count\": 16}]"));
	assert_int_equal(l.n, 4);
	/* Mostly text-less objects under a reviews name are not reviews. */
	assert_false(take(&l, "reviews",
	                  "[{\"stars\": 5}, {\"stars\": 4}, {\"stars\": 4, \"text\": \"ok\"}]"));
	review_list_release(&l);
}

static void test_parts_and_privacy(void **state)
{
	(void)state;
	struct review_list l;
	review_list_init(&l);
	assert_true(take(&l, "product.reviews",
	                 "[{\"author\": {\"name\": \"Mia K.\", \"email\": \"mia@mail.example\"},"
	                 "  \"rating\": 5, \"title\": \"Calmed <b>my</b> skin\","
	                 "  \"body\": \"Red cheeks gone. Mail me: mia@mail.example &amp; ask.\","
	                 "  \"helpfulVotes\": 12, \"submittedAt\": \"2025-09-01T10:00:00Z\","
	                 "  \"authorPhone\": \"+44 20 7946 0958\", \"ip\": \"10.0.0.1\"},"
	                 " {\"user\": \"jo@inbox.example\", \"rating\": 8, \"bestRating\": 10,"
	                 "  \"text\": \"Fine\", \"helpful\": \"3\"},"
	                 " {\"nickname\": \"+1 555 123 4567\", \"rating\": {\"value\": 80, \"best\": 100},"
	                 "  \"comment\": \"ok\"},"
	                 " {\"name\": \"Al\", \"score\": 9, \"review\": \"Out of ten\"},"
	                 " {\"name\": \"Bo\", \"score\": 70, \"review\": \"Out of a hundred\"},"
	                 " {\"name\": \"Cy\", \"score\": 700, \"review\": \"Nonsense\"}]"));
	assert_int_equal(l.n, 6);
	const struct review *r = l.items;
	assert_string_equal(r[0].author, "Mia K.");
	assert_string_equal(r[0].title, "Calmed my skin");
	assert_string_equal(r[0].body, "Red cheeks gone. Mail me: & ask.");
	assert_true(r[0].has_rating && r[0].rating == 5);
	assert_int_equal(r[0].helpful, 12);
	assert_string_equal(r[0].date, "2025-09-01T10:00:00Z");
	assert_null(r[1].author); /* an address */
	assert_true(r[1].has_rating && r[1].rating == 4);
	assert_int_equal(r[1].helpful, 3);
	assert_null(r[2].author); /* a phone number */
	assert_true(r[2].has_rating && r[2].rating == 4);
	assert_true(r[3].rating == 4.5);
	assert_true(r[4].rating == 3.5);
	assert_false(r[5].has_rating);
	double avg;
	assert_true(review_list_average(&l, &avg));
	assert_true(avg > 4.19 && avg < 4.21);
	/* Nothing personal is kept anywhere in the list. */
	for (size_t i = 0; i < l.nstrings; i++) {
		assert_null(strchr(l.strings[i], '@'));
		assert_null(strstr(l.strings[i], "7946"));
		assert_null(strstr(l.strings[i], "10.0.0.1"));
	}
	struct review_list other;
	review_list_init(&other);
	review_list_swap(&l, &other);
	assert_int_equal(l.n, 0);
	assert_int_equal(other.n, 6);
	review_list_reset(&other);
	assert_false(review_list_average(&other, &avg));
	review_list_release(&other);
	review_list_release(&l);
}

struct collected {
	char text[512];
};

static void collect(void *ctx, const char *name, const char *value, size_t len)
{
	struct collected *c = ctx;
	size_t at = strlen(c->text);
	snprintf(c->text + at, sizeof c->text - at, "%s=%.*s;", name, (int)len, value);
}

static void test_pairs(void **state)
{
	(void)state;
	struct collected c = {""};
	cJSON *doc = cJSON_Parse("[{\"name\": \"Weight\", \"value\": \"280 g\"},"
	                         " {\"label\": \"Dim. Width\", \"value\": 7, \"unit\": \"cm\"},"
	                         " {\"name\": \"Size\", \"values\": [\"S\", \"M\"], \"id\": 3},"
	                         " {\"key\": \"Waterproof\", \"value\": true}]");
	assert_true(json_pairs_each(doc, collect, &c));
	assert_string_equal(c.text, "Weight=280 g;Dim  Width=7 cm;Size=S;Size=M;Waterproof=true;");
	cJSON_Delete(doc);
	c.text[0] = '\0';
	doc = cJSON_Parse("[{\"id\": 1, \"name\": \"Color\", \"options\": [\"Red\", \"Blue\"]}]");
	assert_true(json_pairs_each(doc, collect, &c));
	assert_string_equal(c.text, "Color=Red;Color=Blue;");
	cJSON_Delete(doc);
	/* Not pairs: a missing value, a nested value, no name. */
	const char *no[] = {
		"[{\"name\": \"Weight\"}]",
		"[{\"name\": \"Weight\", \"value\": {\"g\": 280}}]",
		"[{\"value\": 3}]",
		"[\"a\"]",
		"[]",
	};
	for (size_t i = 0; i < sizeof no / sizeof no[0]; i++) {
		c.text[0] = '\0';
		doc = cJSON_Parse(no[i]);
		assert_false(json_pairs_each(doc, collect, &c));
		assert_string_equal(c.text, "");
		cJSON_Delete(doc);
	}
}

/* ---- the reviews table ---- */

static void put(catalog *c, int64_t product, const struct review *r, size_t n, bool replace)
{
	char *err = NULL;
	reviews_writer *w = reviews_writer_new(c, &err);
	assert_non_null(w);
	assert_int_equal(reviews_writer_put(w, product, r, n, replace, &err), 0);
	reviews_writer_free(w);
	reviews_writer_free(NULL);
}

static void test_summary(void **state)
{
	catalog *c = *state;
	exec(c, "INSERT INTO products (id, source_id, name) VALUES (1, 'p1', 'One'), (2, 'p2', 'Two')");
	const char *long_body =
		"I have used this kettle every morning for a year and it still boils fast. The lid "
		"is a little stiff, the handle stays cool, and the light is bright enough to see "
		"from across the room without being annoying at night.";
	const char *no_stop =
		"Lovely lovely lovely lovely lovely lovely lovely lovely lovely lovely lovely lovely "
		"lovely lovely lovely lovely lovely lovely lovely lovely lovely lovely lovely lovely";
	struct review r[] = {
		{.author = "Ann", .body = "Boils fast.", .rating = 5, .has_rating = true, .helpful = 2},
		{.author = "Ben", .body = long_body, .rating = 4, .has_rating = true, .helpful = 40},
		{.author = "Cat", .body = "Quiet and quick.", .rating = 4, .has_rating = true,
		 .helpful = 9},
		{.author = "eve@mail.example", .title = "Too long to quote", .body = no_stop,
		 .helpful = 1},
		{.author = NULL, .title = NULL, .body = no_stop, .helpful = 0},
	};
	put(c, 1, r, 5, false);
	struct review_summary s;
	char *err = NULL;
	assert_int_equal(reviews_summary(c, 1, 10, &s, &err), 0);
	assert_int_equal(s.count, 5);
	assert_int_equal(s.rated, 3);
	assert_true(s.average > 4.33 && s.average < 4.34);
	assert_int_equal(s.n_quotes, 5);
	/* Short ones first, the most helpful first among them. */
	assert_string_equal(s.quotes[0].author, "Cat");
	assert_string_equal(s.quotes[0].text, "Quiet and quick.");
	assert_int_equal(s.quotes[0].helpful, 9);
	assert_string_equal(s.quotes[1].text, "Boils fast.");
	assert_true(s.quotes[1].has_rating && s.quotes[1].rating == 5);
	/* A long body is quoted by its first sentence, its title, or cut. */
	assert_string_equal(s.quotes[2].author, "Ben");
	assert_string_equal(s.quotes[2].text,
	                    "I have used this kettle every morning for a year and it still "
	                    "boils fast.");
	assert_null(s.quotes[3].author); /* an address is no name */
	assert_string_equal(s.quotes[3].text, "Too long to quote");
	assert_false(s.quotes[3].has_rating);
	assert_true(strlen(s.quotes[4].text) <= REVIEW_QUOTE_MAX + 3);
	assert_non_null(strstr(s.quotes[4].text, "lovely..."));
	review_summary_release(&s);
	/* Fewer quotes when asked; none for a product without reviews. */
	assert_int_equal(reviews_summary(c, 1, 1, &s, &err), 0);
	assert_int_equal(s.n_quotes, 1);
	review_summary_release(&s);
	assert_int_equal(reviews_summary(c, 2, 3, &s, &err), 0);
	assert_int_equal(s.count, 0);
	assert_int_equal(s.n_quotes, 0);
	review_summary_release(&s);
	/* Replacing takes the old ones away. */
	put(c, 1, r, 1, true);
	assert_int_equal(reviews_summary(c, 1, 3, &s, &err), 0);
	assert_int_equal(s.count, 1);
	review_summary_release(&s);
	/* A rating out of range is refused by the table. */
	struct review bad = {.body = "x", .rating = 7, .has_rating = true};
	reviews_writer *w = reviews_writer_new(c, &err);
	assert_int_equal(reviews_writer_put(w, 2, &bad, 1, false, &err), -1);
	assert_non_null(err);
	free(err);
	reviews_writer_free(w);
	exec(c, "DELETE FROM reviews; DELETE FROM products");
}

static void test_import(void **state)
{
	catalog *c = *state;
	struct import_options o = {0};
	struct import_stats st;
	char *err = NULL;
	assert_int_equal(import_run(c, FIXTURES_DIR "/import/cosmetics.jsonl", &o, &st, &err), 0);
	assert_int_equal(scalar(c, "SELECT count(*) FROM reviews"), 4);
	/* The catalog's rating and count win; without them, the reviews'. */
	assert_int_equal(scalar(c, "SELECT review_count FROM products WHERE source_id = 'BC-101'"), 128);
	assert_int_equal(scalar(c, "SELECT review_count FROM products WHERE source_id = 'BC-102'"), 2);
	assert_int_equal(scalar(c, "SELECT rating * 10 FROM products WHERE source_id = 'BC-102'"), 35);
	assert_int_equal(scalar(c, "SELECT count(*) FROM reviews WHERE author LIKE '%@%'"
	                           " OR body LIKE '%@%' OR title LIKE '%@%'"),
	                 0);
	assert_int_equal(scalar(c, "SELECT count(*) FROM reviews WHERE author IS NULL"), 1);
	struct review_summary s;
	int64_t bc101 = scalar(c, "SELECT id FROM products WHERE source_id = 'BC-101'");
	assert_int_equal(reviews_summary(c, bc101, 2, &s, &err), 0);
	assert_int_equal(s.count, 2);
	assert_string_equal(s.quotes[0].author, "Mia K.");
	assert_string_equal(s.quotes[0].text, "My cheeks stopped going red within a week. "
	                                      "Contact me at if you want tips!");
	assert_string_equal(s.quotes[1].author, "Dev");
	review_summary_release(&s);
	/* Imported again with --replace: the reviews are not doubled. */
	o.replace = true;
	assert_int_equal(import_run(c, FIXTURES_DIR "/import/cosmetics.jsonl", &o, &st, &err), 0);
	assert_int_equal(scalar(c, "SELECT count(*) FROM reviews"), 4);
	/* Nothing of the reviews became an attribute. */
	assert_int_equal(scalar(c, "SELECT count(*) FROM attributes WHERE key LIKE '%author%'"
	                           " OR key LIKE '%body%' OR key LIKE '%helpful%'"),
	                 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_recognized),
		cmocka_unit_test(test_parts_and_privacy),
		cmocka_unit_test(test_pairs),
		cmocka_unit_test_setup_teardown(test_summary, open_memory, close_catalog),
		cmocka_unit_test_setup_teardown(test_import, open_memory, close_catalog),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
