/* Unit tests for src/dialogue/attrs.c and the answers standing on it
 * (product.c, resolve.c, find.c, lookup.c): the catalog's attribute kinds,
 * measures and related words. The fixture is a small pantry with field
 * names and units of its own ("pack size" in kg and g, "fibre", a
 * "contains" list, "grown in", reviews under "feedback" with an e-mail),
 * so that nothing passes by knowing another catalog's keys. Each test
 * names the intent, as test_handlers.c does; the entities come from the
 * real NLU. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/import/import.h"
#include "catalog/store/attributes.h"
#include "common/buf.h"
#include "nlu/text/lang.h"
#include "nlu/text/measure.h"
#include "src/dialogue/attrs.h"
#include "src/dialogue/dialogue_int.h"
#include "src/dialogue/handlers.h"
#include "src/dialogue/resolve.h"
#include "src/dialogue/state.h"

#define PANTRY_MAP "id=sku,name=title,brand=maker,category=aisle,description=blurb,price=cost"

struct fixture {
	catalog *cat;
	dialogue *d;
	lang *lang;
	nlu *n;
	struct measure_units *units;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	char *err = NULL;
	if (measure_units_load(CLERK_ASSETS_DIR "/units.txt", &f->units, &err) < 0) {
		fprintf(stderr, "setup: %s\n", err);
		return -1;
	}
	struct import_options o = {.map = PANTRY_MAP, .units = f->units};
	struct import_stats st = {0};
	if (catalog_open(":memory:", &f->cat, NULL) < 0 ||
	    import_run(f->cat, FIXTURES_DIR "/attrs/pantry.jsonl", &o, &st, &err) < 0) {
		fprintf(stderr, "setup: %s\n", err ? err : "cannot open");
		return -1;
	}
	struct dialogue_options d = {.cat = f->cat, .assets_dir = CLERK_ASSETS_DIR};
	f->d = dialogue_new(&d, &err);
	f->lang = lang_open(CLERK_ASSETS_DIR, "english", &err);
	f->n = f->lang ? nlu_new(f->lang, NULL, &err) : NULL;
	if (!f->d || !f->n) {
		fprintf(stderr, "setup: %s\n", err ? err : "cannot start");
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	nlu_free(f->n);
	lang_free(f->lang);
	dialogue_free(f->d);
	catalog_close(f->cat);
	measure_units_free(f->units);
	free(f);
	return 0;
}

static int fresh(void **state)
{
	struct fixture *f = *state;
	state_ask_clear(f->d);
	state_list_forget(f->d);
	state_frame_forget(f->d);
	return 0;
}

/* One turn answered by handler as intent: the reply text, and the ids of
 * the products it shows, space-separated, in *ids (both heap). */
static char *run(struct fixture *f, dlg_handler handler, const char *intent, const char *text,
                 char **ids)
{
	struct reply out;
	memset(&out, 0, sizeof out);
	struct turn t = {.d = f->d, .input = text, .out = &out};
	t.lower = strdup(text);
	for (char *c = t.lower; *c; c++)
		*c = (char)(*c >= 'A' && *c <= 'Z' ? *c + 32 : *c);
	buf_init(&t.text);
	f->d->turn++;
	nlu_analyze(f->n, text, &out.nlu);
	free(out.nlu.intent);
	out.nlu.intent = strdup(intent);
	resolve_answer(&t);
	resolve_turn(&t, intent);
	handler(&t);
	char *said = strdup(t.text.s ? t.text.s : "");
	if (ids) {
		struct buf b;
		buf_init(&b);
		for (size_t i = 0; i < out.n_products; i++)
			buf_printf(&b, "%s%s", i ? " " : "", out.products[i].id);
		*ids = buf_detach(&b);
	}
	for (size_t i = 0; i < t.n_vars; i++)
		free(t.owned[i]);
	reading_release(&t.r);
	buf_release(&t.text);
	reply_release(&out);
	free(t.lower);
	return said;
}

static void assert_has(const char *text, const char *part)
{
	if (!strstr(text, part))
		fail_msg("\"%s\" does not say \"%s\"", text, part);
}

static void assert_lacks(const char *text, const char *part)
{
	if (strstr(text, part))
		fail_msg("\"%s\" says \"%s\"", text, part);
}

/* ---- attrs.c ---- */

static void keys_come_with_kinds(void **state)
{
	struct fixture *f = *state;
	const struct attr_key *k = attrs_key(f->d, "pack size");
	assert_non_null(k);
	assert_int_equal(k->kind, ATTR_NUMBER);
	assert_string_equal(k->dimension, "mass");
	bool known = false;
	assert_true(attrs_key_hidden(f->d, "barcode", &known));
	assert_true(known);
	assert_false(attrs_key_hidden(f->d, "contains", &known));
	assert_false(attrs_key_hidden(f->d, "no such key", &known));
	assert_false(known);
}

static void measures_are_read_from_text(void **state)
{
	struct fixture *f = *state;
	struct measure m[4];
	size_t n = 0;
	char *rest = attrs_cut_measures(f->d, "whole milk 2 litres", m, 4, &n);
	assert_int_equal(n, 1);
	assert_string_equal(rest, "whole milk");
	assert_string_equal(m[0].dimension, "volume");
	assert_true(m[0].value[0] > 1999.0 && m[0].value[0] < 2001.0);
	free(rest);
	assert_int_equal(attrs_measures_in(f->d, "the 500g or the 1kg?", m, 4), 2);
	assert_true(measure_compare(&m[1], &m[0]) > 0);
	/* a count or a bare number is no size */
	assert_int_equal(attrs_measures_in(f->d, "add 2 of them", m, 4), 0);
	rest = attrs_cut_measures(f->d, "size 4 nappies", m, 4, &n);
	assert_int_equal(n, 0);
	assert_string_equal(rest, "size 4 nappies");
	free(rest);
	assert_string_equal(attrs_unit_dimension(f->d, "calories"), "food energy");
	assert_null(attrs_unit_dimension(f->d, "protein"));
}

static void values_say_related_words(void **state)
{
	struct fixture *f = *state;
	assert_true(attrs_value_says(f->d, "almonds", "nuts"));
	assert_true(attrs_value_says(f->d, "Tree Nuts", "nuts"));
	assert_true(attrs_value_says(f->d, "crustaceans", "shellfish"));
	assert_true(attrs_value_says(f->d, "gluten-free", "gluten"));
	/* the other way round, and a word that only starts like another */
	assert_false(attrs_value_says(f->d, "nuts", "almonds"));
	assert_false(attrs_value_says(f->d, "gluten-free", "freeze"));
	assert_true(attrs_is_yes(f->d, "Yes"));
	assert_false(attrs_is_yes(f->d, "no"));
}

/* ---- questions ---- */

static void a_key_named_beats_the_price(void **state)
{
	struct fixture *f = *state;
	char *s = run(f, dlg_question, "product_question", "how much fibre is in the Oat Bar?", NULL);
	assert_has(s, "9.5 g");
	assert_lacks(s, "$1.00");
	free(s);
	s = run(f, dlg_question, "product_question", "how much is the Oat Bar?", NULL);
	assert_has(s, "$1.00");
	free(s);
}

static void list_values_answer_yes_or_no(void **state)
{
	struct fixture *f = *state;
	char *s = run(f, dlg_question, "product_question", "does the Seed Bar contain nuts?", NULL);
	assert_true(!strncmp(s, "No", 2));
	assert_has(s, "sesame");
	free(s);
	s = run(f, dlg_question, "product_question", "does the Oat Bar contain nuts?", NULL);
	assert_true(!strncmp(s, "No", 2));
	free(s);
	s = run(f, dlg_question, "product_question", "is the Fig Bar nut free?", NULL);
	assert_true(!strncmp(s, "Yes", 3));
	free(s);
	s = run(f, dlg_question, "product_question", "is the Fig Bar vegan?", NULL);
	assert_true(!strncmp(s, "Yes", 3));
	free(s);
	s = run(f, dlg_question, "product_question", "is the Oat Bar suitable for vegans?", NULL);
	assert_true(!strncmp(s, "Yes", 3));
	free(s);
	/* an allergy asks for an absence */
	s = run(f, dlg_question, "product_question", "is the Seed Bar safe for a nut allergy?", NULL);
	assert_true(!strncmp(s, "Yes", 3));
	free(s);
	s = run(f, dlg_question, "product_question", "is the Trail Mix safe for a nut allergy?", NULL);
	assert_true(!strncmp(s, "No", 2));
	assert_has(s, "almonds");
	free(s);
}

static void reviews_are_quoted_without_addresses(void **state)
{
	struct fixture *f = *state;
	char *s = run(f, dlg_question, "product_question", "what do people say about the Trail Mix 1.2 kg?",
	              NULL);
	assert_has(s, "Crunchy and fresh");
	assert_has(s, "Ann");
	assert_lacks(s, "@");
	free(s);
	s = run(f, dlg_question, "product_question", "what do people say about the Seed Bar?", NULL);
	assert_has(s, "reviewed");
	assert_lacks(s, "rated");
	free(s);
}

static void hidden_keys_are_never_shown(void **state)
{
	struct fixture *f = *state;
	char *s = run(f, dlg_question, "product_question", "tell me about the Oat Bar", NULL);
	assert_has(s, "fibre: 9.5 g");
	assert_has(s, "Canada");
	assert_lacks(s, "4006381333955");
	assert_lacks(s, "https://");
	free(s);
}

/* ---- superlatives ---- */

static void the_most_of_a_key_over_a_kind(void **state)
{
	struct fixture *f = *state;
	char *ids = NULL;
	char *s = run(f, dlg_question, "product_question", "which bar has the most fibre?", &ids);
	assert_has(s, "Seed Bar");
	assert_has(s, "11 g");
	assert_true(!strncmp(ids, "P5", 2)); /* the list, best first */
	free(s);
	free(ids);
}

static void better_value_by_the_price_per_kg(void **state)
{
	struct fixture *f = *state;
	char *s = run(f, dlg_search, "search", "trail mix", NULL);
	free(s);
	assert_int_equal(f->d->n_shown, 2);
	/* 1.2 kg for $4.00 ($3.33 a kg) beats 900 g for $3.60 ($4.00 a kg),
	 * though it costs more: measures compare across kg and g */
	s = run(f, dlg_compare, "compare", "which is better value?", NULL);
	assert_has(s, "$3.33 per kg");
	assert_has(s, "1.2 kg");
	free(s);
	/* 1.2 kg is bigger than 900 g, though 900 is more than 1.2 */
	char *ids = NULL;
	s = run(f, dlg_compare, "compare", "which is the biggest?", &ids);
	assert_has(s, "1.2 kg");
	assert_string_equal(ids, "P1");
	free(s);
	free(ids);
}

/* ---- the search frame ---- */

static void value_filters_leave_products_out(void **state)
{
	struct fixture *f = *state;
	char *ids = NULL;
	char *s = run(f, dlg_search, "search", "snacks without nuts", &ids);
	assert_lacks(ids, "P1");
	assert_lacks(ids, "P2");
	assert_has(ids, "P3");
	free(s);
	free(ids);
	fresh(state);
	s = run(f, dlg_search, "search", "bars from canada", &ids);
	assert_has(ids, "P3");
	assert_has(ids, "P5");
	assert_lacks(ids, "P4");
	free(s);
	free(ids);
}

static void a_size_picks_the_variant(void **state)
{
	struct fixture *f = *state;
	char *ids = NULL;
	char *s = run(f, dlg_search, "search", "trail mix 900 g", &ids);
	assert_true(!strncmp(ids, "P2", 2));
	free(s);
	free(ids);
	/* both on the list; "the 1.2 kg one" picks one */
	s = run(f, dlg_search, "search", "trail mix", NULL);
	free(s);
	struct reply out;
	memset(&out, 0, sizeof out);
	struct turn t = {.d = f->d, .input = "the 1.2 kg one", .out = &out};
	t.lower = strdup("the 1.2 kg one");
	nlu_analyze(f->n, t.input, &out.nlu);
	int pick = resolve_variant_pick(&t);
	assert_true(pick >= 0);
	assert_string_equal(f->d->shown[pick].id, "P1");
	free(t.lower);
	t.lower = strdup("the 2 kg one");
	assert_int_equal(resolve_variant_pick(&t), -1);
	free(t.lower);
	reply_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(keys_come_with_kinds, fresh),
		cmocka_unit_test_setup(measures_are_read_from_text, fresh),
		cmocka_unit_test_setup(values_say_related_words, fresh),
		cmocka_unit_test_setup(a_key_named_beats_the_price, fresh),
		cmocka_unit_test_setup(list_values_answer_yes_or_no, fresh),
		cmocka_unit_test_setup(reviews_are_quoted_without_addresses, fresh),
		cmocka_unit_test_setup(hidden_keys_are_never_shown, fresh),
		cmocka_unit_test_setup(the_most_of_a_key_over_a_kind, fresh),
		cmocka_unit_test_setup(better_value_by_the_price_per_kg, fresh),
		cmocka_unit_test_setup(value_filters_leave_products_out, fresh),
		cmocka_unit_test_setup(a_size_picks_the_variant, fresh),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
