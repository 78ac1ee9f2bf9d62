/* Unit tests for nlu/text/lexicon.c and nlu/text/lang.c: the word-list
 * format, membership, mappings, folders and choosing a language pack. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/xalloc.h"
#include "nlu/text/lang.h"
#include "nlu/text/lexicon.h"

static bool has(const lexicon_list *l, const char *w)
{
	return lexicon_list_has(l, w, strlen(w));
}

static void test_sections_and_entries(void **state)
{
	(void)state;
	static const char text[] =
		"# a comment\n"
		"\n"
		"[colors]\n"
		"red\n"
		"  navy   blue \t\n"
		"# not an entry\n"
		"[countries]\r\n"
		"Costa Rica\r\n"
		"[colors]\n"
		"teal\n";
	lexicon *lx = lexicon_new();
	char *err = NULL;
	assert_int_equal(lexicon_parse(lx, text, strlen(text), "test", &err), 0);
	const lexicon_list *colors = lexicon_get(lx, "colors");
	assert_non_null(colors);
	/* a section named again goes on; order is kept */
	assert_int_equal(lexicon_list_size(colors), 3);
	assert_string_equal(lexicon_list_at(colors, 0), "red");
	assert_string_equal(lexicon_list_at(colors, 1), "navy blue");
	assert_string_equal(lexicon_list_at(colors, 2), "teal");
	assert_true(has(colors, "navy blue"));
	assert_true(has(colors, "teal"));
	assert_false(has(colors, "navy"));
	assert_false(has(colors, "# not an entry"));
	/* case is kept: callers fold what they compare */
	const lexicon_list *countries = lexicon_get(lx, "countries");
	assert_true(has(countries, "Costa Rica"));
	assert_false(has(countries, "costa rica"));
	assert_null(lexicon_get(lx, "cities"));
	lexicon_free(lx);
}

static void test_null_list_is_empty(void **state)
{
	(void)state;
	assert_int_equal(lexicon_list_size(NULL), 0);
	assert_false(lexicon_list_has(NULL, "a", 1));
	assert_int_equal(lexicon_list_find(NULL, "a", 1), -1);
	assert_null(lexicon_list_at(NULL, 0));
	assert_null(lang_list(NULL, "stop"));
	lexicon_free(NULL);
	lang_free(NULL);
}

static void test_mappings(void **state)
{
	(void)state;
	static const char text[] = "[contractions]\ndont => do not\nplain\nwont=>will not\n";
	lexicon *lx = lexicon_new();
	assert_int_equal(lexicon_parse(lx, text, strlen(text), "test", NULL), 0);
	const lexicon_list *l = lexicon_get(lx, "contractions");
	long i = lexicon_list_find(l, "dont", 4);
	assert_true(i >= 0);
	assert_string_equal(lexicon_list_value(l, (size_t)i), "do not");
	i = lexicon_list_find(l, "wont", 4);
	assert_true(i >= 0);
	assert_string_equal(lexicon_list_value(l, (size_t)i), "will not");
	i = lexicon_list_find(l, "plain", 5);
	assert_true(i >= 0);
	assert_null(lexicon_list_value(l, (size_t)i));
	assert_false(has(l, "dont => do not"));
	lexicon_free(lx);
}

static void test_many_entries(void **state)
{
	(void)state;
	lexicon *lx = lexicon_new();
	char line[64];
	assert_int_equal(lexicon_parse(lx, "[n]\n", 4, "test", NULL), 0);
	for (int i = 0; i < 5000; i++) {
		int n = snprintf(line, sizeof line, "[n]\nword%d\n", i);
		assert_int_equal(lexicon_parse(lx, line, (size_t)n, "test", NULL), 0);
	}
	const lexicon_list *l = lexicon_get(lx, "n");
	assert_int_equal(lexicon_list_size(l), 5000);
	for (int i = 0; i < 5000; i += 7) {
		int n = snprintf(line, sizeof line, "word%d", i);
		assert_int_equal(lexicon_list_find(l, line, (size_t)n), i);
	}
	assert_false(has(l, "word5000"));
	/* a repeated entry is found at its first place */
	assert_int_equal(lexicon_parse(lx, "[n]\nword3\n", 10, "test", NULL), 0);
	assert_int_equal(lexicon_list_find(l, "word3", 5), 3);
	lexicon_free(lx);
}

static void test_entry_outside_section(void **state)
{
	(void)state;
	lexicon *lx = lexicon_new();
	char *err = NULL;
	static const char text[] = "# words\nstray\n[s]\nok\n";
	assert_int_equal(lexicon_parse(lx, text, strlen(text), "f.txt", &err), -1);
	assert_non_null(strstr(err, "f.txt:2"));
	free(err);
	lexicon_free(lx);
}

static char *make_dir(void)
{
	char tmpl[] = "/tmp/clerk-lexicon-XXXXXX";
	char *d = mkdtemp(tmpl);
	assert_non_null(d);
	return xstrdup(d);
}

static void write_file(const char *dir, const char *name, const char *text)
{
	char *path = xasprintf("%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	free(path);
}

static void remove_dir(const char *dir)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
}

static void test_folder_and_pack(void **state)
{
	(void)state;
	char *dir = make_dir();
	/* files load in name order; other files and subfolders are not read */
	write_file(dir, "b.txt", "[stop]\nthe\n");
	write_file(dir, "a.txt", "[stop]\na\n[colors]\nred\n");
	write_file(dir, "README.md", "[stop]\nnot read\n");
	char *sub = xasprintf("%s/replies", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	write_file(sub, "x.txt", "[stop]\nnor this\n");
	char *err = NULL;
	lang *l = lang_load(dir, &err);
	assert_non_null(l);
	assert_string_equal(lang_dir(l), dir);
	const lexicon_list *stop = lang_list(l, "stop");
	assert_int_equal(lexicon_list_size(stop), 2);
	assert_string_equal(lexicon_list_at(stop, 0), "a");
	assert_string_equal(lexicon_list_at(stop, 1), "the");
	assert_false(has(stop, "not read"));
	assert_false(has(stop, "nor this"));
	/* a shop's own file adds to the pack's sections */
	char *extra = xasprintf("%s/x.txt", sub);
	assert_int_equal(lang_add(l, extra, &err), 0);
	assert_true(has(lang_list(l, "stop"), "nor this"));
	lang_free(l);
	free(extra);
	free(sub);

	/* a folder without lists is an empty pack */
	char *empty = make_dir();
	l = lang_load(empty, &err);
	assert_non_null(l);
	assert_null(lang_list(l, "stop"));
	lang_free(l);
	remove_dir(empty);
	free(empty);

	write_file(dir, "c.txt", "oops\n");
	assert_null(lang_load(dir, &err));
	assert_non_null(strstr(err, "c.txt:1"));
	free(err);
	err = NULL;
	assert_null(lang_load("/nonexistent/clerk/lang/en", &err));
	assert_non_null(err);
	free(err);
	remove_dir(dir);
	free(dir);
}

static void test_pack_dir(void **state)
{
	(void)state;
	char *assets = make_dir();
	char *lang_dir_path = xasprintf("%s/lang", assets);
	assert_int_equal(mkdir(lang_dir_path, 0700), 0);
	char *fr = xasprintf("%s/lang/fr", assets);
	assert_int_equal(mkdir(fr, 0700), 0);
	char *en = xasprintf("%s/lang/en", assets);
	char *d = lang_pack_dir(assets, "french");
	assert_string_equal(d, fr);
	free(d);
	d = lang_pack_dir(assets, "fr_CA.UTF-8");
	assert_string_equal(d, fr);
	free(d);
	/* no pack for the language, or no language: English */
	d = lang_pack_dir(assets, "german");
	assert_string_equal(d, en);
	free(d);
	d = lang_pack_dir(assets, NULL);
	assert_string_equal(d, en);
	free(d);
	d = lang_pack_dir(assets, "klingon");
	assert_string_equal(d, en);
	free(d);

	/* a pack opened over English: what it lacks is English's */
	assert_int_equal(mkdir(en, 0700), 0);
	write_file(en, "stopwords.txt", "[stop]\nthe\n[query]\nthe\n");
	write_file(en, "synonyms.txt", "[synonyms]\nsofa, couch\n");
	char *en_replies = xasprintf("%s/replies", en);
	assert_int_equal(mkdir(en_replies, 0700), 0);
	write_file(fr, "stopwords.txt", "[query]\nles\n");
	char *err = NULL;
	lang *l = lang_open(assets, "fr", &err);
	assert_non_null(l);
	assert_string_equal(lang_dir(l), fr);
	assert_true(has(lang_list(l, "query"), "les"));
	assert_false(has(lang_list(l, "query"), "the"));
	assert_true(has(lang_list(l, "stop"), "the"));
	assert_true(has(lang_list(l, "synonyms"), "sofa, couch"));
	assert_null(lang_list(l, "cities"));
	char *path = lang_path(l, "replies");
	assert_string_equal(path, en_replies);
	free(path);
	path = lang_path(l, "stopwords.txt");
	char *own = xasprintf("%s/stopwords.txt", fr);
	assert_string_equal(path, own);
	free(own);
	free(path);
	lang_free(l);
	/* English itself is opened alone */
	l = lang_open(assets, "english", &err);
	assert_non_null(l);
	assert_string_equal(lang_dir(l), en);
	assert_true(has(lang_list(l, "query"), "the"));
	lang_free(l);
	/* an unreadable English pack under another one is an error */
	write_file(en, "bad.txt", "stray\n");
	assert_null(lang_open(assets, "fr", &err));
	assert_non_null(strstr(err, "bad.txt:1"));
	free(err);
	free(en_replies);
	remove_dir(assets);
	free(en);
	free(fr);
	free(lang_dir_path);
	free(assets);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sections_and_entries),
		cmocka_unit_test(test_null_list_is_empty),
		cmocka_unit_test(test_mappings),
		cmocka_unit_test(test_many_entries),
		cmocka_unit_test(test_entry_outside_section),
		cmocka_unit_test(test_folder_and_pack),
		cmocka_unit_test(test_pack_dir),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
