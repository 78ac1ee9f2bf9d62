/* Unit tests for catalog/fts_tokenizer.c's tokens made ahead: an offer is
 * replayed only for the same text in the same language, and builds the
 * same index as tokenizing there and then. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "catalog/store/catalog_int.h"
#include "catalog/store/fts_tokenizer.h"
#include "nlu/text/token.h"
#include "tests/catalog_fixture.h"

static const char *const texts[] = {
	"Anker USB-C Charger 65W, 2,500 mAh \xE2\x80\x93 Caf\xC3\xA9 edition (men's)",
	"Kettles and the kettle: stainless steel 1.7 l; sm-g930v at&t",
	"",
	("word with a very very long token "
	 "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz"),
};
#define NTEXTS (sizeof texts / sizeof texts[0])

/* Inserts every text as one row of table (columns x and y, y a copy of x
 * with a suffix nobody offers), with ft offered when not NULL. */
static void fill(catalog *c, const char *table, const struct fts_tokens *ft)
{
	struct fts_shared *shared = fts_tokenizer_shared(c->db);
	assert_non_null(shared);
	char sql[128];
	snprintf(sql, sizeof sql, "INSERT INTO %s (rowid, x, y) VALUES (?1, ?2, ?2 || ' tail')",
	         table);
	sqlite3_stmt *st = catalog_prepare(c, sql, NULL);
	assert_non_null(st);
	fts_tokenizer_offer(shared, ft);
	for (size_t i = 0; i < NTEXTS; i++) {
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, (int64_t)i + 1);
		sqlite3_bind_text(st, 2, texts[i], -1, SQLITE_STATIC);
		assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	}
	fts_tokenizer_offer(shared, NULL);
	sqlite3_finalize(st);
}

/* Tokens of every text, made by a tokenizer of `stem_language` and
 * labelled `language`. */
static void make_offer(struct fts_tokens *ft, const char *stem_language, const char *language)
{
	tokenizer *t = tokenizer_new(stem_language, NULL);
	assert_non_null(t);
	fts_tokens_reset(ft, language);
	for (size_t i = 0; i < NTEXTS; i++)
		fts_tokens_add(ft, t, texts[i], strlen(texts[i]));
	tokenizer_free(t);
}

static void create(catalog *c, const char *table)
{
	char sql[160];
	snprintf(sql, sizeof sql,
	         "CREATE VIRTUAL TABLE %s USING fts5(x, y, content='', tokenize='clerk english')",
	         table);
	exec(c, sql);
}

static void test_replay_builds_the_same_index(void **state)
{
	catalog *c = *state;
	create(c, "a");
	create(c, "b");
	struct fts_tokens ft;
	fts_tokens_init(&ft);
	make_offer(&ft, "english", "english");
	assert_int_equal(ft.ntexts, NTEXTS - 1); /* the empty text is left out */
	fill(c, "a", &ft);
	fill(c, "b", NULL);
	fts_tokens_release(&ft);
	assert_int_equal(scalar(c, "SELECT count(*) FROM a_data"), scalar(c, "SELECT count(*) FROM b_data"));
	assert_int_equal(scalar(c, "SELECT count(*) FROM a_data JOIN b_data USING (id)"
	                           " WHERE a_data.block IS NOT b_data.block"),
	                 0);
	assert_int_equal(scalar(c, "SELECT count(*) FROM a_docsize JOIN b_docsize USING (id)"
	                           " WHERE a_docsize.sz IS NOT b_docsize.sz"),
	                 0);
	assert_int_equal(scalar(c, "SELECT count(*) FROM a WHERE a MATCH 'usbc AND kettl'"), 0);
	assert_int_equal(scalar(c, "SELECT count(*) FROM a WHERE a MATCH 'usbc'"), 1);
	assert_int_equal(scalar(c, "SELECT count(*) FROM a WHERE a MATCH 'x:kettl'"), 1);
}

static void test_offer_is_used_only_for_its_language(void **state)
{
	catalog *c = *state;
	create(c, "a");
	create(c, "b");
	struct fts_tokens ft;
	fts_tokens_init(&ft);
	/* Unstemmed tokens labelled english: replayed, they show in the index
	 * ("kettles" stays whole), which proves the offer is taken... */
	make_offer(&ft, "none", "english");
	fill(c, "a", &ft);
	/* ...and labelled french, they are not. */
	make_offer(&ft, "none", "french");
	fill(c, "b", &ft);
	fts_tokens_release(&ft);
	assert_int_equal(scalar(c, "SELECT count(*) FROM a WHERE a MATCH 'x:kettles'"), 1);
	assert_int_equal(scalar(c, "SELECT count(*) FROM b WHERE b MATCH 'x:kettles'"), 0);
	assert_int_equal(scalar(c, "SELECT count(*) FROM b WHERE b MATCH 'x:kettl'"), 1);
	/* Column y's texts were never offered: tokenized as usual. */
	assert_int_equal(scalar(c, "SELECT count(*) FROM a WHERE a MATCH 'y:kettles'"), 0);
	assert_int_equal(scalar(c, "SELECT count(*) FROM a WHERE a MATCH 'y:kettl'"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_replay_builds_the_same_index, open_memory,
		                                close_catalog),
		cmocka_unit_test_setup_teardown(test_offer_is_used_only_for_its_language, open_memory,
		                                close_catalog),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
