/* Unit tests for src/dialogue/resolve.c: the reading of one turn, grounded
 * against a small in-memory state (a list in focus set by hand) and the
 * outdoor fixture catalog. The turn's entities come from the real NLU
 * (entities only: no intent model), so each test states the sentence a
 * shopper types and the products it must come to. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/import/import.h"
#include "catalog/shop/cart.h"
#include "common/buf.h"
#include "nlu/text/lang.h"
#include "src/dialogue/dialogue_int.h"
#include "src/dialogue/resolve.h"
#include "src/dialogue/state.h"

struct fixture {
	catalog *cat;
	dialogue *d;
	lang *lang;
	nlu *n;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	struct import_options o = {0};
	struct import_stats st = {0};
	char *err = NULL;
	if (catalog_open(":memory:", &f->cat, NULL) < 0 ||
	    import_run(f->cat, FIXTURES_DIR "/dialogue/outdoor/products.csv", &o, &st, &err) < 0) {
		fprintf(stderr, "setup: %s\n", err ? err : "cannot open");
		return -1;
	}
	/* the dialogue's own model is not needed: the reading never asks it */
	struct dialogue_options d = {.cat = f->cat, .assets_dir = CLERK_ASSETS_DIR,
	                             .model_path = NULL};
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
	free(f);
	return 0;
}

/* A turn read as intent, with the list in focus holding ids (NULL ends). */
struct read {
	struct turn t;
	struct reply out;
};

static void shown(struct fixture *f, const char *const *ids)
{
	struct product_view p[DLG_MAX_SHOWN];
	size_t n = 0;
	for (; ids && ids[n]; n++) {
		assert_int_equal(product_view_load(f->cat, ids[n], false, &p[n], NULL), 0);
		assert_non_null(p[n].id);
	}
	state_list_set(f->d, p, n, NULL, NULL, LIST_SEARCH);
	for (size_t i = 0; i < n; i++)
		product_view_release(&p[i]);
}

static void read_turn(struct fixture *f, struct read *rd, const char *text, const char *intent)
{
	memset(rd, 0, sizeof *rd);
	rd->t.d = f->d;
	rd->t.input = text;
	rd->t.out = &rd->out;
	rd->t.lower = strdup(text);
	for (char *c = rd->t.lower; *c; c++)
		*c = (char)(*c >= 'A' && *c <= 'Z' ? *c + 32 : *c);
	buf_init(&rd->t.text);
	nlu_analyze(f->n, text, &rd->out.nlu);
	resolve_answer(&rd->t);
	resolve_turn(&rd->t, intent);
}

static void done(struct read *rd)
{
	reading_release(&rd->t.r);
	reply_release(&rd->out);
	buf_release(&rd->t.text);
	free(rd->t.lower);
}

static void assert_targets(const struct read *rd, const char *const *ids)
{
	size_t n = 0;
	while (ids[n])
		n++;
	assert_int_equal(rd->t.r.ref, REF_OK);
	assert_int_equal(rd->t.r.n_targets, n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(rd->t.r.targets[i].id, ids[i]);
}

static void test_ordinals_and_both(void **state)
{
	struct fixture *f = *state;
	static const char *const tents[] = {"C500", "C501", "C502", NULL};
	shown(f, tents);
	struct read rd;
	read_turn(f, &rd, "add the second one", "add_to_cart");
	assert_targets(&rd, (const char *const[]){"C501", NULL});
	assert_int_equal(rd.t.r.index[0], 1);
	done(&rd);
	read_turn(f, &rd, "compare the first and third", "compare");
	assert_targets(&rd, (const char *const[]){"C500", "C502", NULL});
	done(&rd);
	read_turn(f, &rd, "add both", "add_to_cart");
	assert_targets(&rd, (const char *const[]){"C500", "C501", NULL});
	done(&rd);
	/* past the end is said to be so, never another product */
	read_turn(f, &rd, "tell me about the fifth one", "product_question");
	assert_int_equal(rd.t.r.ref, REF_OUT_OF_RANGE);
	assert_int_equal(rd.t.r.n_targets, 0);
	done(&rd);
}

static void test_it_is_the_focus(void **state)
{
	struct fixture *f = *state;
	static const char *const tents[] = {"C500", "C501", "C502", NULL};
	shown(f, tents);
	f->d->focus = 2;
	struct read rd;
	read_turn(f, &rd, "is it waterproof?", "product_question");
	assert_targets(&rd, (const char *const[]){"C502", NULL});
	assert_non_null(rd.t.r.asked);
	assert_non_null(strstr(rd.t.r.asked, "waterproof"));
	done(&rd);
	/* no focus, a short list: each answers; a longer one: no guess */
	f->d->focus = -1;
	read_turn(f, &rd, "is it waterproof?", "product_question");
	assert_targets(&rd, (const char *const[]){"C500", "C501", "C502", NULL});
	assert_true(rd.t.r.each);
	done(&rd);
	static const char *const four[] = {"C500", "C501", "C502", "C503", NULL};
	shown(f, four);
	f->d->focus = -1;
	read_turn(f, &rd, "is it waterproof?", "product_question");
	assert_int_equal(rd.t.r.ref, REF_NONE);
	done(&rd);
}

static void test_superlative_over_the_list(void **state)
{
	struct fixture *f = *state;
	/* Trailbase 2 Tent $299 1.6 kg; Quickpitch 3 Tent $189 3.2 kg */
	static const char *const two[] = {"C500", "C503", NULL};
	shown(f, two);
	struct read rd;
	read_turn(f, &rd, "which one is cheaper?", "product_question");
	assert_targets(&rd, (const char *const[]){"C503", NULL});
	assert_true(rd.t.r.winner);
	assert_string_equal(rd.t.r.comparative, "price");
	done(&rd);
	read_turn(f, &rd, "which one is lighter?", "product_question");
	assert_targets(&rd, (const char *const[]){"C500", NULL});
	assert_string_equal(rd.t.r.comparative, "weight");
	assert_int_equal(rd.t.r.direction, -1);
	done(&rd);
}

static void test_named_in_the_sentence(void **state)
{
	struct fixture *f = *state;
	shown(f, NULL);
	struct read rd;
	/* a name said among other words: the question keeps its own words */
	read_turn(f, &rd, "is the Trailbase 2 Tent waterproof?", "product_question");
	assert_targets(&rd, (const char *const[]){"C500", NULL});
	assert_true(rd.t.r.named);
	assert_non_null(strstr(rd.t.r.asked, "waterproof"));
	done(&rd);
	read_turn(f, &rd, "compare the Trailbase 2 Tent and the Alpine Solo Tent", "compare");
	assert_targets(&rd, (const char *const[]){"C500", "C502", NULL});
	done(&rd);
	/* a name the catalog lacks is said to be missing */
	read_turn(f, &rd, "add the espresso machine", "add_to_cart");
	assert_int_equal(rd.t.r.ref, REF_NOT_FOUND);
	assert_int_equal(rd.t.r.n_targets, 0);
	assert_non_null(rd.t.r.missing);
	done(&rd);
}

static void test_cart_lines_by_name(void **state)
{
	struct fixture *f = *state;
	int64_t cart;
	assert_int_equal(state_cart(f->d, &cart, NULL), 0);
	assert_int_equal(cart_add(f->cat, cart, "C500", NULL, 1, NULL), 0);
	assert_int_equal(cart_add(f->cat, cart, "A800", NULL, 1, NULL), 0);
	shown(f, NULL);
	struct read rd;
	read_turn(f, &rd, "remove the headlamp", "remove_from_cart");
	assert_targets(&rd, (const char *const[]){"A800", NULL});
	done(&rd);
	/* a product named that is not in the cart never becomes another line */
	read_turn(f, &rd, "remove the toaster", "remove_from_cart");
	assert_int_equal(rd.t.r.ref, REF_NOT_FOUND);
	assert_string_equal(rd.t.r.missing, "toaster");
	done(&rd);
	assert_int_equal(cart_clear(f->cat, cart, NULL), 0);
}

static void test_quantities_as_said(void **state)
{
	struct fixture *f = *state;
	static const char *const one[] = {"C500", NULL};
	shown(f, one);
	struct read rd;
	read_turn(f, &rd, "add -3", "add_to_cart");
	assert_true(rd.t.r.has_quantity);
	assert_int_equal(rd.t.r.quantity, -3);
	done(&rd);
	read_turn(f, &rd, "make that 3", "add_to_cart");
	assert_true(rd.t.r.set_quantity);
	assert_int_equal(rd.t.r.quantity, 3);
	assert_targets(&rd, (const char *const[]){"C500", NULL});
	done(&rd);
	read_turn(f, &rd, "yes please", "add_to_cart");
	assert_true(rd.t.r.yes);
	assert_false(rd.t.r.no);
	done(&rd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ordinals_and_both),
		cmocka_unit_test(test_it_is_the_focus),
		cmocka_unit_test(test_superlative_over_the_list),
		cmocka_unit_test(test_named_in_the_sentence),
		cmocka_unit_test(test_cart_lines_by_name),
		cmocka_unit_test(test_quantities_as_said),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
