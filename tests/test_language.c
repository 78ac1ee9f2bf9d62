/* Unit tests for nlu/language.c and catalog/index_language.c: naming a
 * language, a catalog that stems in it, and re-indexing into another one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <libstemmer.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/store/catalog_int.h"
#include "catalog/store/index_language.h"
#include "catalog/store/product.h"
#include "catalog/search/search.h"
#include "catalog/store/settings.h"
#include "nlu/text/language.h"

static const struct product french[] = {
	{.id = "f1", .name = "Chaussure de randonnée imperméable", .brand = "Montagne",
	 .category = "Sport > Randonnée", .description = "Une chaussure légère pour la montagne."},
	{.id = "f2", .name = "Couverture pour chevaux", .brand = "Écurie",
	 .category = "Équitation", .description = "Laine épaisse, lavable."},
	{.id = "f3", .name = "Sac à dos 30 litres", .brand = "Montagne",
	 .category = "Sport > Randonnée", .features = "couleur:rouge; volume:30 l"},
};

static const struct product english[] = {
	{.id = "e1", .name = "Waterproof Hiking Boot", .brand = "Summit",
	 .category = "Outdoor > Footwear", .description = "A light boot for long trails."},
	{.id = "e2", .name = "Wool Running Socks", .brand = "Trailhead",
	 .category = "Outdoor > Clothing", .features = "material:merino; size:M"},
	{.id = "e3", .name = "Insulated Water Bottle", .brand = "Summit",
	 .category = "Outdoor > Camping", .description = "Keeps drinks cold for a day.",
	 .color = "green"},
	{.id = "e4", .name = "Trekking Poles", .brand = "Ridge", .category = "Outdoor > Hiking",
	 .tags = "carbon lightweight"},
};

static void put_all(catalog *c, const struct product *p, size_t n)
{
	char *err = NULL;
	product_writer *w = product_writer_new(c, &err);
	assert_non_null(w);
	assert_int_equal(catalog_begin(c, NULL), 0);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(product_writer_put(w, &p[i], false, &err), 0);
	product_writer_free(w);
	assert_int_equal(catalog_commit(c, NULL), 0);
}

static catalog *open_memory(void)
{
	catalog *c = NULL;
	assert_int_equal(catalog_open(":memory:", &c, NULL), 0);
	return c;
}

/* The source ids that search finds for text, space-separated (static). */
static const char *found(catalog *c, const char *text, bool exact)
{
	static char ids[256];
	char *err = NULL;
	searcher *s = search_new(c, NULL, NULL, &err);
	if (!s)
		fprintf(stderr, "search_new: %s\n", err);
	assert_non_null(s);
	struct search_query q;
	search_query_init(&q);
	q.text = text;
	q.no_correct = q.no_relax = exact;
	struct search_result r;
	assert_int_equal(search_run(s, &q, &r, &err), 0);
	ids[0] = '\0';
	for (size_t i = 0; i < r.n_hits; i++)
		snprintf(ids + strlen(ids), sizeof ids - strlen(ids), "%s%s", i ? " " : "",
		         r.hits[i].p.id);
	search_result_release(&r);
	search_free(s);
	return ids;
}

static char *fts_sql(catalog *c)
{
	sqlite3_stmt *st =
		catalog_prepare(c, "SELECT sql FROM sqlite_schema WHERE name = 'product_fts'", NULL);
	assert_non_null(st);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	char *sql = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return sql;
}

static bool in_stemmer_list(const char *name)
{
	for (const char **l = sb_stemmer_list(); *l; l++)
		if (*l == name)
			return true;
	return false;
}

static void test_names_and_codes(void **state)
{
	(void)state;
	const struct {
		const char *in, *want;
	} cases[] = {
		{"french", "french"},   {"French", "french"},       {"fr", "french"},
		{"fra", "french"},      {"fre", "french"},          {"FR", "french"},
		{"fr_CA.UTF-8", "french"}, {"pt-BR", "portuguese"}, {"de", "german"},
		{"ger", "german"},      {"es", "spanish"},          {"en", "english"},
		{"english", "english"}, {"porter", "porter"},       {"nl", "dutch"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *got = language_snowball(cases[i].in, NULL);
		assert_non_null(got);
		assert_string_equal(got, cases[i].want);
		/* what reaches the index's SQL is libstemmer's own string */
		assert_true(in_stemmer_list(got));
	}
	/* every language libstemmer lists is accepted as itself */
	for (const char **l = sb_stemmer_list(); *l; l++)
		assert_ptr_equal(language_snowball(*l, NULL), *l);
}

static void test_unknown_language_lists_the_others(void **state)
{
	(void)state;
	const char *bad[] = {"klingon", "", "frenchy", "f", "english'); DROP TABLE products;--",
	                     "_fr"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char *err = NULL;
		assert_null(language_snowball(bad[i], &err));
		assert_non_null(err);
		assert_non_null(strstr(err, "unknown language"));
		assert_non_null(strstr(err, "english, "));
		assert_non_null(strstr(err, "french"));
		assert_null(strchr(err, '\n'));
		free(err);
	}
	char *err = NULL;
	assert_null(language_snowball(NULL, &err));
	assert_non_null(err);
	free(err);
}

static void test_default_is_english(void **state)
{
	(void)state;
	catalog *c = open_memory();
	char *lang = NULL;
	bool recorded = true, pending = false;
	assert_int_equal(index_language_get(c, &lang, &recorded, NULL), 0);
	assert_string_equal(lang, "english");
	assert_false(recorded);
	free(lang);
	assert_int_equal(index_language_pending(c, &pending, NULL), 0);
	assert_true(pending);

	put_all(c, english, sizeof english / sizeof english[0]);
	assert_int_equal(index_language_pending(c, &pending, NULL), 0);
	assert_false(pending); /* products without a row: an older catalog, english */
	assert_string_equal(found(c, "boots", true), "e1");
	assert_string_equal(found(c, "sock", true), "e2");
	assert_string_equal(found(c, "bottles", true), "e3");
	catalog_close(c);
}

static void test_french_catalog_stems_french(void **state)
{
	(void)state;
	catalog *c = open_memory();
	size_t n = 99;
	assert_int_equal(index_language_set(c, "fr", &n, NULL), 0);
	assert_int_equal(n, 0);
	bool pending = true;
	assert_int_equal(index_language_pending(c, &pending, NULL), 0);
	assert_false(pending);
	char *lang = NULL;
	assert_int_equal(index_language_get(c, &lang, NULL, NULL), 0);
	assert_string_equal(lang, "french");
	free(lang);

	put_all(c, french, sizeof french / sizeof french[0]);
	assert_string_equal(found(c, "chaussures", true), "f1");
	assert_string_equal(found(c, "randonnées", true), "f1 f3");
	/* French stems: chevaux -> cheval (English keeps "chevaux") */
	assert_string_equal(found(c, "cheval", true), "f2");
	/* and the query is stemmed in French too */
	assert_string_equal(found(c, "chevaux", true), "f2");
	assert_string_equal(found(c, "lavables", true), "f2");
	assert_string_equal(found(c, "sacs", true), "f3");
	catalog_close(c);
}

static void test_reindex_keeps_every_product(void **state)
{
	(void)state;
	catalog *c = open_memory();
	const size_t n_en = sizeof english / sizeof english[0];
	const size_t n_fr = sizeof french / sizeof french[0];
	put_all(c, english, n_en);
	put_all(c, french, n_fr);
	/* in English, "cheval" is not what the index holds for "chevaux" */
	assert_string_equal(found(c, "cheval", true), "");

	size_t n = 0;
	assert_int_equal(index_language_set(c, "french", &n, NULL), 0);
	assert_int_equal(n, n_en + n_fr);
	char *sql = fts_sql(c);
	assert_non_null(strstr(sql, "tokenize='clerk french'"));
	free(sql);
	assert_string_equal(found(c, "cheval", true), "f2");
	/* every product is still found by its name, and by its brand */
	const struct product *all[] = {&english[0], &english[1], &english[2], &english[3],
	                               &french[0],  &french[1],  &french[2]};
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
		assert_non_null(strstr(found(c, all[i]->name, true), all[i]->id));
		assert_non_null(strstr(found(c, all[i]->brand, true), all[i]->id));
	}
	/* attributes and tags were indexed again too */
	assert_string_equal(found(c, "merino", true), "e2");
	assert_string_equal(found(c, "carbon", true), "e4");

	/* Replacing a product after the re-index removes its old words: the
	 * contentless 'delete' must see the tokens the re-index wrote. */
	product_writer *w = product_writer_new(c, NULL);
	struct product p = french[1];
	p.name = "Tapis de selle";
	assert_int_equal(product_writer_put(w, &p, true, NULL), 0);
	product_writer_free(w);
	assert_string_equal(found(c, "couverture", true), "");
	assert_string_equal(found(c, "tapis", true), "f2");

	/* the same language again changes nothing */
	assert_int_equal(index_language_set(c, "fr", &n, NULL), 0);
	assert_int_equal(n, 0);
	/* and back to English */
	assert_int_equal(index_language_set(c, "en", &n, NULL), 0);
	assert_int_equal(n, n_en + n_fr);
	assert_string_equal(found(c, "cheval", true), "");
	assert_string_equal(found(c, "boots", true), "e1");
	catalog_close(c);
}

/* The settings row and the index definition, to compare before and after. */
static char *snapshot(catalog *c)
{
	char *value = NULL;
	assert_int_equal(settings_get(c, "language", &value, NULL), 0);
	char *sql = fts_sql(c);
	size_t len = strlen(sql) + (value ? strlen(value) : 6) + 2;
	char *s = malloc(len);
	snprintf(s, len, "%s|%s", value ? value : "(none)", sql);
	free(value);
	free(sql);
	return s;
}

static void test_bad_language_changes_nothing(void **state)
{
	(void)state;
	catalog *c = open_memory();
	put_all(c, english, sizeof english / sizeof english[0]);
	char *before = snapshot(c);
	char *err = NULL;
	size_t n = 7;
	assert_int_equal(index_language_set(c, "klingon", &n, &err), -1);
	assert_int_equal(n, 0);
	assert_non_null(strstr(err, "klingon"));
	assert_non_null(strstr(err, "libstemmer offers"));
	free(err);
	char *after = snapshot(c);
	assert_string_equal(before, after);
	free(after);
	assert_string_equal(found(c, "boots", true), "e1");
	free(before);
	catalog_close(c);
}

/* Refuses writes to the new index, so the re-index fails half-way: after
 * the old index was dropped and the new one created. */
static int deny_fts_insert(void *arg, int action, const char *a, const char *b, const char *d,
                           const char *e)
{
	(void)arg, (void)b, (void)d, (void)e;
	return action == SQLITE_INSERT && a && !strcmp(a, "product_fts") ? SQLITE_DENY : SQLITE_OK;
}

static void test_failed_reindex_rolls_back(void **state)
{
	(void)state;
	catalog *c = open_memory();
	put_all(c, french, sizeof french / sizeof french[0]);
	char *before = snapshot(c);
	sqlite3_set_authorizer(c->db, deny_fts_insert, NULL);
	char *err = NULL;
	assert_int_equal(index_language_set(c, "french", NULL, &err), -1);
	assert_non_null(err);
	free(err);
	sqlite3_set_authorizer(c->db, NULL, NULL);
	char *after = snapshot(c);
	assert_string_equal(before, after);
	free(after);
	free(before);
	/* the English index is whole: every product is found */
	assert_string_equal(found(c, "chaussure", true), "f1");
	assert_string_equal(found(c, "chevaux", true), "f2");
	assert_string_equal(found(c, "litres", true), "f3");
	catalog_close(c);
}

static void test_bad_stored_language(void **state)
{
	(void)state;
	catalog *c = open_memory();
	put_all(c, english, sizeof english / sizeof english[0]);
	assert_int_equal(settings_set(c, "language", "elvish", NULL), 0);
	char *lang = NULL, *err = NULL;
	assert_int_equal(index_language_get(c, &lang, NULL, &err), -1);
	assert_null(lang);
	assert_non_null(strstr(err, "elvish"));
	free(err);
	err = NULL;
	assert_null(search_new(c, NULL, NULL, &err));
	assert_non_null(strstr(err, "language"));
	free(err);
	/* setting a good language repairs it, index and all */
	size_t n = 0;
	assert_int_equal(index_language_set(c, "english", &n, NULL), 0);
	assert_int_equal(n, sizeof english / sizeof english[0]);
	assert_string_equal(found(c, "boots", true), "e1");
	catalog_close(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names_and_codes),
		cmocka_unit_test(test_unknown_language_lists_the_others),
		cmocka_unit_test(test_default_is_english),
		cmocka_unit_test(test_french_catalog_stems_french),
		cmocka_unit_test(test_reindex_keeps_every_product),
		cmocka_unit_test(test_bad_language_changes_nothing),
		cmocka_unit_test(test_failed_reindex_rolls_back),
		cmocka_unit_test(test_bad_stored_language),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
