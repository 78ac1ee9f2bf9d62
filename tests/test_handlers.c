/* Unit tests for the intent handlers (src/dialogue/cart.c, order_flow.c,
 * product.c, find.c), each called directly on a turn read by the
 * resolver, over the outdoor fixture catalog and its orders. No intent
 * model: the test names the intent, so a handler's rules are tested apart
 * from the classifier. What a handler did is read back from the catalog
 * (cart lines, order status), not only from its words. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "catalog/import/import.h"
#include "catalog/import/side_tables.h"
#include "catalog/shop/cart.h"
#include "catalog/shop/orders.h"
#include "common/buf.h"
#include "nlu/text/lang.h"
#include "src/dialogue/dialogue_int.h"
#include "src/dialogue/handlers.h"
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
	    import_run(f->cat, FIXTURES_DIR "/dialogue/outdoor/products.csv", &o, &st, &err) < 0 ||
	    (o.orders = true,
	     import_run(f->cat, FIXTURES_DIR "/dialogue/outdoor/orders.csv", &o, &st, &err)) < 0 ||
	    import_promotions(f->cat, FIXTURES_DIR "/dialogue/outdoor/promotions.csv", &err) < 0) {
		fprintf(stderr, "setup: %s\n", err ? err : "cannot open");
		return -1;
	}
	struct dialogue_options d = {.cat = f->cat, .assets_dir = CLERK_ASSETS_DIR};
	f->d = dialogue_new(&d, &err);
	f->lang = lang_open(CLERK_ASSETS_DIR, "english", &err);
	f->n = f->lang ? nlu_new(f->lang, NULL, &err) : NULL;
	if (!f->d || !f->n)
		return -1;
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

/* Each test starts with an empty cart and no pending question. */
static int fresh(void **state)
{
	struct fixture *f = *state;
	int64_t cart;
	assert_int_equal(state_cart(f->d, &cart, NULL), 0);
	assert_int_equal(cart_clear(f->cat, cart, NULL), 0);
	state_ask_clear(f->d);
	state_list_forget(f->d);
	return 0;
}

/* One turn answered by handler as intent; returns the reply text (heap). */
static char *run(struct fixture *f, dlg_handler handler, const char *intent, const char *text)
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
	for (size_t i = 0; i < t.n_vars; i++)
		free(t.owned[i]);
	reading_release(&t.r);
	buf_release(&t.text);
	reply_release(&out);
	free(t.lower);
	return said;
}

static int64_t units_in_cart(struct fixture *f, const char *id)
{
	int64_t cart, n = 0;
	struct cart_contents cc;
	assert_int_equal(state_cart(f->d, &cart, NULL), 0);
	assert_int_equal(cart_list(f->cat, cart, &cc, NULL), 0);
	for (size_t i = 0; i < cc.n; i++)
		if (!id || !strcmp(cc.lines[i].product, id))
			n += cc.lines[i].quantity;
	cart_contents_release(&cc);
	return n;
}

static void show(struct fixture *f, const char *id)
{
	struct product_view p;
	assert_int_equal(product_view_load(f->cat, id, false, &p, NULL), 0);
	state_list_set(f->d, &p, 1, NULL, NULL, LIST_SEARCH);
	product_view_release(&p);
}

static void test_quantities_refused(void **state)
{
	struct fixture *f = *state;
	show(f, "C500"); /* Trailbase 2 Tent, 7 in stock */
	free(run(f, dlg_add, "add_to_cart", "add -3"));
	free(run(f, dlg_add, "add_to_cart", "add 0"));
	assert_int_equal(units_in_cart(f, NULL), 0);
	char *s = run(f, dlg_add, "add_to_cart", "add 1000");
	assert_int_equal(units_in_cart(f, NULL), 0);
	assert_non_null(strstr(s, "7")); /* says how many there are */
	free(s);
	free(run(f, dlg_add, "add_to_cart", "add 2"));
	assert_int_equal(units_in_cart(f, "C500"), 2);
	free(run(f, dlg_add, "add_to_cart", "make that 3"));
	assert_int_equal(units_in_cart(f, "C500"), 3);
	free(run(f, dlg_remove, "remove_from_cart", "remove one of them"));
	assert_int_equal(units_in_cart(f, "C500"), 2);
}

static void test_out_of_stock_not_added(void **state)
{
	struct fixture *f = *state;
	show(f, "T102"); /* Fastpack Speed Trail Shoe: stock 0 */
	char *s = run(f, dlg_add, "add_to_cart", "add it");
	assert_int_equal(units_in_cart(f, NULL), 0);
	/* an in-stock product of its kind is offered, and a yes adds it */
	assert_int_equal(f->d->pending.action, ACT_ADD_OFFERED);
	assert_int_equal(f->d->n_shown, 1);
	char offered[32];
	snprintf(offered, sizeof offered, "%s", f->d->shown[0].id);
	assert_string_not_equal(offered, "T102");
	assert_non_null(strstr(s, f->d->shown[0].name));
	free(s);
	free(run(f, cart_answer, "add_to_cart", "yes"));
	assert_int_equal(units_in_cart(f, offered), 1);
}

static void test_remove_names_what_is_missing(void **state)
{
	struct fixture *f = *state;
	show(f, "A800");
	free(run(f, dlg_add, "add_to_cart", "add it"));
	char *s = run(f, dlg_remove, "remove_from_cart", "remove the toaster");
	assert_non_null(strstr(s, "toaster"));
	assert_int_equal(units_in_cart(f, "A800"), 1); /* nothing else removed */
	free(s);
}

static void test_empty_cart_needs_yes(void **state)
{
	struct fixture *f = *state;
	show(f, "A800");
	free(run(f, dlg_add, "add_to_cart", "add it"));
	free(run(f, dlg_remove, "remove_from_cart", "empty my cart"));
	assert_int_equal(units_in_cart(f, NULL), 1);
	assert_int_equal(f->d->pending.action, ACT_EMPTY_CART);
	free(run(f, cart_answer, "remove_from_cart", "no"));
	assert_int_equal(units_in_cart(f, NULL), 1);
	free(run(f, dlg_remove, "remove_from_cart", "empty my cart"));
	free(run(f, cart_answer, "remove_from_cart", "yes"));
	assert_int_equal(units_in_cart(f, NULL), 0);
}

static void test_checkout_guest_then_yes(void **state)
{
	struct fixture *f = *state;
	show(f, "A800");
	free(run(f, dlg_add, "add_to_cart", "add it"));
	char *s = run(f, dlg_checkout, "checkout", "checkout");
	assert_int_equal(f->d->pending.ask, ASK_CONTACT);
	free(s);
	free(run(f, cart_answer, "checkout", "my email is pat@example.com"));
	assert_int_equal(f->d->pending.ask, ASK_CONFIRM);
	assert_int_equal(units_in_cart(f, NULL), 1);
	free(run(f, cart_answer, "checkout", "yes"));
	assert_int_equal(units_in_cart(f, NULL), 0);
	/* the new order verifies with the email given */
	struct order o;
	assert_int_equal(orders_lookup(f->cat, f->d->order_ref, "pat@example.com", time(NULL), &o,
	                               NULL),
	                 ORDERS_OK);
	assert_string_equal(o.status, "pending");
	order_release(&o);
}

static void test_cancel_needs_yes(void **state)
{
	struct fixture *f = *state;
	/* 50003 is paid: it may be cancelled, but only after a yes */
	free(run(f, dlg_cancel_order, "cancel_order", "cancel order 50003, email cy@example.net"));
	assert_int_equal(f->d->pending.ask, ASK_CONFIRM);
	struct order o;
	assert_int_equal(orders_lookup(f->cat, "50003", "cy@example.net", time(NULL), &o, NULL),
	                 ORDERS_OK);
	assert_string_equal(o.status, "paid");
	order_release(&o);
	free(run(f, order_answer, "cancel_order", "no"));
	assert_int_equal(orders_lookup(f->cat, "50003", "cy@example.net", time(NULL), &o, NULL),
	                 ORDERS_OK);
	assert_string_equal(o.status, "paid");
	order_release(&o);
	free(run(f, dlg_cancel_order, "cancel_order", "cancel order 50003"));
	free(run(f, order_answer, "cancel_order", "yes"));
	assert_int_equal(orders_lookup(f->cat, "50003", "cy@example.net", time(NULL), &o, NULL),
	                 ORDERS_OK);
	assert_string_equal(o.status, "cancelled");
	order_release(&o);
}

static void test_return_asks_which_items(void **state)
{
	struct fixture *f = *state;
	/* 50001 (delivered) has two lines: a return asks which */
	char *s = run(f, dlg_return, "return_refund", "return order 50001, email ann@example.com");
	assert_int_equal(f->d->pending.ask, ASK_RETURN_ITEMS);
	assert_int_equal(f->d->pending.n_items, 2);
	free(s);
	free(run(f, order_answer, "return_refund", "the first one"));
	assert_int_equal(f->d->pending.ask, ASK_CONFIRM);
	assert_true(f->d->pending.items[0].quantity > 0);
	assert_int_equal(f->d->pending.items[1].quantity, 0);
	free(run(f, order_answer, "return_refund", "no"));
	assert_int_equal(f->d->pending.ask, ASK_NONE);
	struct order o;
	assert_int_equal(orders_lookup(f->cat, "50001", "ann@example.com", time(NULL), &o, NULL),
	                 ORDERS_OK);
	assert_string_equal(o.status, "delivered");
	order_release(&o);
}

static void test_question_answers_from_the_data(void **state)
{
	struct fixture *f = *state;
	show(f, "C500"); /* weight:1.6 kg */
	f->d->focus = 0;
	char *s = run(f, dlg_question, "product_question", "how heavy is it?");
	assert_non_null(strstr(s, "1.6 kg"));
	free(s);
	s = run(f, dlg_question, "product_question", "does it have a solar panel?");
	assert_null(strstr(s, "1.6 kg"));
	assert_true(strstr(s, "don't know") || strstr(s, "doesn't say"));
	free(s);
}

static void test_compare_shows_what_decides(void **state)
{
	struct fixture *f = *state;
	static const char *const ids[] = {"C500", "C503"};
	struct product_view p[2];
	for (int i = 0; i < 2; i++)
		assert_int_equal(product_view_load(f->cat, ids[i], false, &p[i], NULL), 0);
	state_list_set(f->d, p, 2, NULL, NULL, LIST_SEARCH);
	for (int i = 0; i < 2; i++)
		product_view_release(&p[i]);
	struct reply out;
	memset(&out, 0, sizeof out);
	struct turn t = {.d = f->d, .input = "compare them", .out = &out};
	t.lower = strdup("compare them");
	buf_init(&t.text);
	nlu_analyze(f->n, t.input, &out.nlu);
	resolve_turn(&t, "compare");
	dlg_compare(&t);
	assert_non_null(out.compare);
	assert_int_equal(out.compare->n_cols, 2);
	/* after price, brand, rating and stock, the rows that differ come first */
	bool seen_same = false;
	for (size_t r = 4; r < out.compare->n_rows; r++) {
		if (!out.compare->row_differs[r])
			seen_same = true;
		else
			assert_false(seen_same);
	}
	for (size_t i = 0; i < t.n_vars; i++)
		free(t.owned[i]);
	reading_release(&t.r);
	buf_release(&t.text);
	reply_release(&out);
	free(t.lower);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_quantities_refused, fresh),
		cmocka_unit_test_setup(test_out_of_stock_not_added, fresh),
		cmocka_unit_test_setup(test_remove_names_what_is_missing, fresh),
		cmocka_unit_test_setup(test_empty_cart_needs_yes, fresh),
		cmocka_unit_test_setup(test_checkout_guest_then_yes, fresh),
		cmocka_unit_test_setup(test_cancel_needs_yes, fresh),
		cmocka_unit_test_setup(test_return_asks_which_items, fresh),
		cmocka_unit_test_setup(test_question_answers_from_the_data, fresh),
		cmocka_unit_test_setup(test_compare_shows_what_decides, fresh),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
