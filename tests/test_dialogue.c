/* Unit tests for the dialogue core (src/dialogue*.c) over the outdoor
 * fixture catalog and the intent model trained by the build. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog/import/import.h"
#include "src/dialogue/dialogue.h"

struct fixture {
	catalog *cat;
	dialogue *d;
	char model[PATH_MAX];
};

static void model_path(char *out, size_t n)
{
	char exe[PATH_MAX];
	ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
	exe[len > 0 ? len : 0] = '\0';
	char *slash = strrchr(exe, '/');
	if (slash)
		*slash = '\0';
	if (snprintf(out, n, "%s/intent.model", exe) >= (int)n)
		out[0] = '\0';
}

static dialogue *start(struct fixture *f, unsigned long seed, const char *customer)
{
	struct dialogue_options o = {.cat = f->cat, .assets_dir = CLERK_ASSETS_DIR,
	                             .model_path = f->model, .seed = seed, .customer = customer};
	char *err = NULL;
	dialogue *d = dialogue_new(&o, &err);
	if (!d)
		fail_msg("dialogue_new: %s", err);
	return d;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	model_path(f->model, sizeof f->model);
	if (access(f->model, R_OK) != 0) {
		fprintf(stderr, "no intent model at %s\n", f->model);
		free(f);
		return -1;
	}
	if (catalog_open(":memory:", &f->cat, NULL) < 0)
		return -1;
	struct import_options o = {0};
	struct import_stats st = {0};
	char *err = NULL;
	if (import_run(f->cat, FIXTURES_DIR "/dialogue/outdoor/products.csv", &o, &st, &err) < 0 ||
	    (o.orders = true,
	     import_run(f->cat, FIXTURES_DIR "/dialogue/outdoor/orders.csv", &o, &st, &err)) < 0) {
		fprintf(stderr, "import: %s\n", err);
		free(err);
		return -1;
	}
	f->d = start(f, 1, NULL);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	dialogue_free(f->d);
	catalog_close(f->cat);
	free(f);
	return 0;
}

/* Runs one turn and checks what every reply must have. */
static void turn(dialogue *d, const char *text, struct reply *r)
{
	dialogue_turn(d, text, r);
	assert_non_null(r->text);
	assert_true(strlen(r->text) > 0);
	assert_non_null(r->nlu.intent);
	assert_true(r->n_suggestions >= 2 && r->n_suggestions <= 4);
}

static void test_search_then_ordinals(void **state)
{
	struct fixture *f = *state;
	struct reply r;
	turn(f->d, "show me tents", &r);
	assert_true(r.n_products >= 2);
	char first[64];
	snprintf(first, sizeof first, "%s", r.products[0].id);
	reply_release(&r);
	assert_null(r.text); /* released replies are zeroed */
	turn(f->d, "compare the first two", &r);
	assert_non_null(r.compare);
	assert_int_equal(r.compare->n_cols, 2);
	assert_true(r.compare->n_rows >= 4);
	assert_string_equal(r.products[0].id, first);
	reply_release(&r);
	turn(f->d, "compare the 9th one", &r);
	assert_null(r.compare);
	assert_null(r.error);
	reply_release(&r);
}

/* The shop's own delivery and returns terms (config.ini's [shop]) are
 * the answers to questions of delivery and of how returns work, not the
 * general ones. */
static void test_shop_delivery_terms(void **state)
{
	struct fixture *f = *state;
	struct dialogue_options o = {.cat = f->cat, .assets_dir = CLERK_ASSETS_DIR,
	                             .model_path = f->model, .seed = 1,
	                             .delivery = "UK only. Tracked 48: 3.49, free over 30.",
	                             .returns = "Returns within 30 days, unused. Every product"
	                                        " has a 2-year warranty."};
	char *err = NULL;
	dialogue *d = dialogue_new(&o, &err);
	assert_non_null(d);
	struct reply r;
	turn(d, "how much is delivery", &r);
	assert_non_null(strstr(r.text, "Tracked 48: 3.49"));
	assert_null(strstr(r.text, "working days"));
	assert_null(strstr(r.text, "hasn't told me")); /* the terms give a cost */
	reply_release(&r);
	turn(d, "do you deliver to canada", &r);
	assert_non_null(strstr(r.text, "UK only"));
	assert_null(strstr(r.text, "can't tell")); /* the terms say where */
	reply_release(&r);
	/* whether a return is possible is how returns work, not a return */
	turn(d, "can i return it if it doesnt fit", &r);
	assert_non_null(strstr(r.text, "Returns within 30 days"));
	assert_null(strstr(r.text, "order number"));
	reply_release(&r);
	turn(d, "if my son doesnt like it can i send it back", &r);
	assert_non_null(strstr(r.text, "Returns within 30 days"));
	assert_null(strstr(r.text, "order number"));
	reply_release(&r);
	/* a question of no one product the terms answer: their sentence */
	turn(d, "is there a warranty on the tents", &r);
	assert_non_null(strstr(r.text, "2-year warranty"));
	assert_null(strstr(r.text, "Returns within"));
	reply_release(&r);
	turn(d, "i want to return my order", &r);
	assert_null(strstr(r.text, "Returns within 30 days"));
	reply_release(&r);
	/* a service the terms do not name is not promised */
	turn(d, "do you gift wrap", &r);
	assert_non_null(strstr(r.text, "anything about gift wrap"));
	reply_release(&r);
	dialogue_free(d);
	o.delivery = "Tracked 48: 3.49. Gift wrap: 2.50 an item.";
	d = dialogue_new(&o, &err);
	assert_non_null(d);
	turn(d, "do you gift wrap", &r);
	assert_non_null(strstr(r.text, "Gift wrap: 2.50"));
	assert_null(strstr(r.text, "anything about gift wrap"));
	reply_release(&r);
	dialogue_free(d);
	turn(f->d, "do you offer gift wrapping", &r);
	assert_non_null(strstr(r.text, "anything about gift wrapping"));
	assert_null(strstr(r.text, "working days")); /* delivery times answer nothing */
	reply_release(&r);
	turn(f->d, "how much is delivery", &r);
	assert_null(strstr(r.text, "Tracked 48"));
	/* no terms: a cost or a place is not promised */
	assert_non_null(strstr(r.text, "hasn't told me what delivery costs"));
	reply_release(&r);
	turn(f->d, "do you ship to canada", &r);
	assert_non_null(strstr(r.text, "whether we deliver to Canada"));
	reply_release(&r);
	/* no terms: no times are made up either */
	turn(f->d, "how long does delivery take", &r);
	assert_non_null(strstr(r.text, "hasn't told me its delivery options or times"));
	assert_null(strstr(r.text, "working days"));
	reply_release(&r);
}

/* How the shop is paid and where it is: its own terms ([shop] payment,
 * location) when it gave them, else that it has not said; never an order
 * look-up or a checkout ("do you take paypal" had asked for an order
 * number). */
static void test_shop_payment_location_terms(void **state)
{
	struct fixture *f = *state;
	struct reply r;
	turn(f->d, "do you take paypal", &r);
	assert_non_null(strstr(r.text, "hasn't told me how it can be paid"));
	assert_null(strstr(r.text, "order number"));
	reply_release(&r);
	turn(f->d, "where are you located", &r);
	assert_non_null(strstr(r.text, "hasn't told me where it is"));
	reply_release(&r);
	turn(f->d, "where is my order", &r);
	assert_non_null(strstr(r.text, "order number"));
	reply_release(&r);
	struct dialogue_options o = {.cat = f->cat, .assets_dir = CLERK_ASSETS_DIR,
	                             .model_path = f->model, .seed = 1,
	                             .payment = "Visa, Mastercard and PayPal.",
	                             .location = "Online only, shipping from Leeds."};
	char *err = NULL;
	dialogue *d = dialogue_new(&o, &err);
	assert_non_null(d);
	turn(d, "what payment methods do you accept", &r);
	assert_non_null(strstr(r.text, "Visa, Mastercard and PayPal."));
	reply_release(&r);
	turn(d, "do you have a physical store", &r);
	assert_non_null(strstr(r.text, "Online only"));
	reply_release(&r);
	dialogue_free(d);
	/* a kiosk is paid its own way */
	o.payment = NULL;
	o.kiosk_payment = "at the counter";
	d = dialogue_new(&o, &err);
	assert_non_null(d);
	turn(d, "can i pay with apple pay", &r);
	assert_non_null(strstr(r.text, "paid at the counter"));
	reply_release(&r);
	dialogue_free(d);
}

static bool suggests(const struct reply *r, const char *text)
{
	for (size_t i = 0; i < r->n_suggestions; i++)
		if (!strcmp(r->suggestions[i], text))
			return true;
	return false;
}

/* Suggestions never contradict the screen: no "show more" once every
 * result is shown, no comparing one product, no "only X" or "not X" where
 * the shopper asked for X. */
static void test_suggestions_fit_the_screen(void **state)
{
	struct fixture *f = *state;
	struct reply r;
	turn(f->d, "headlamps", &r); /* 3 matches, all shown */
	assert_int_equal(r.n_products, 3);
	assert_false(suggests(&r, "show more"));
	reply_release(&r);
	turn(f->d, "the downlite 20 sleeping bag", &r); /* one product */
	assert_false(suggests(&r, "compare the first two"));
	reply_release(&r);
	turn(f->d, "northridge tents", &r);
	for (size_t i = 0; i < r.n_suggestions; i++)
		if (strstr(r.suggestions[i], "Northridge"))
			fail_msg("\"%s\" right after asking for Northridge", r.suggestions[i]);
	reply_release(&r);
	/* "shall I add that instead?" offers yes and no */
	turn(f->d, "fleece", &r);
	reply_release(&r);
	turn(f->d, "add the hearth sherpa fleece", &r);
	assert_non_null(strstr(r.text, "instead"));
	assert_true(suggests(&r, "yes") && suggests(&r, "no"));
	reply_release(&r);
}

static void test_add_nothing_shown(void **state)
{
	struct fixture *f = *state;
	struct reply r;
	turn(f->d, "add it to my cart", &r);
	assert_int_equal(r.cart_count, 0);
	assert_null(r.error);
	reply_release(&r);
}

static void test_checkout_needs_yes(void **state)
{
	struct fixture *f = *state;
	struct reply r;
	turn(f->d, "show me headlamps", &r);
	reply_release(&r);
	turn(f->d, "add the first one", &r);
	assert_int_equal(r.cart_count, 1);
	reply_release(&r);
	turn(f->d, "checkout", &r);
	assert_int_equal(r.cart_count, 1); /* nothing ordered yet */
	assert_non_null(strstr(r.text, "email")); /* a guest is asked how to find it later */
	reply_release(&r);
	turn(f->d, "no", &r);
	assert_int_equal(r.cart_count, 1);
	reply_release(&r);
	turn(f->d, "checkout", &r);
	reply_release(&r);
	turn(f->d, "my email is pat@example.com", &r);
	assert_int_equal(r.cart_count, 1); /* still nothing before the yes */
	reply_release(&r);
	turn(f->d, "yes", &r);
	assert_int_equal(r.cart_count, 0);
	assert_non_null(strstr(r.text, "order"));
	reply_release(&r);
	/* the guest's order verifies with the email given */
	turn(f->d, "where is my order?", &r);
	assert_non_null(strstr(r.text, "pending"));
	reply_release(&r);
}

static void test_order_lock_reveals_nothing(void **state)
{
	struct fixture *f = *state;
	struct reply r, missing;
	turn(f->d, "where is my order 50002?", &r);
	reply_release(&r);
	for (int i = 0; i < 5; i++) {
		turn(f->d, "nobody@example.com", &r);
		assert_null(strstr(r.text, "shipped"));
		reply_release(&r);
	}
	turn(f->d, "bob@example.org", &r); /* right, but locked now */
	assert_null(strstr(r.text, "shipped"));
	/* An order that does not exist gets the very same words. */
	dialogue *other = start(f, 1, NULL);
	dialogue_turn(other, "where is my order 999999?", &missing);
	reply_release(&missing);
	for (int i = 0; i < 5; i++) {
		dialogue_turn(other, "nobody@example.com", &missing);
		reply_release(&missing);
	}
	dialogue_turn(other, "bob@example.org", &missing);
	assert_string_equal(r.text, missing.text);
	reply_release(&missing);
	reply_release(&r);
	dialogue_free(other);
}

static void test_seed_reproducible(void **state)
{
	struct fixture *f = *state;
	const char *script[] = {"hello", "show me stoves", "thanks", "help"};
	dialogue *a = start(f, 42, NULL), *b = start(f, 42, NULL);
	for (size_t i = 0; i < sizeof script / sizeof script[0]; i++) {
		struct reply ra, rb;
		dialogue_turn(a, script[i], &ra);
		dialogue_turn(b, script[i], &rb);
		assert_string_equal(ra.text, rb.text);
		assert_int_equal(ra.n_suggestions, rb.n_suggestions);
		reply_release(&ra);
		reply_release(&rb);
	}
	dialogue_free(a);
	dialogue_free(b);
}

static void test_garbage(void **state)
{
	struct fixture *f = *state;
	static const char *const bad[] = {"", "   ", "\x01\x02\x7f", "\xff\xfe\xfd",
	                                  "\x1b[2J\x1b]0;x\x07", "?!?!"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct reply r;
		turn(f->d, bad[i], &r);
		reply_release(&r);
	}
	char *big = malloc(100001);
	memset(big, 'a', 100000);
	big[100000] = '\0';
	struct reply r;
	turn(f->d, big, &r);
	reply_release(&r);
	free(big);
}

static void test_goodbye_ends(void **state)
{
	struct fixture *f = *state;
	struct reply r;
	turn(f->d, "goodbye", &r);
	assert_true(r.end);
	reply_release(&r);
	dialogue_reset(f->d);
	turn(f->d, "add the first one", &r); /* the reset forgot the list */
	assert_int_equal(r.cart_count, 0);
	reply_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_search_then_ordinals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_shop_delivery_terms, setup, teardown),
		cmocka_unit_test_setup_teardown(test_shop_payment_location_terms, setup, teardown),
		cmocka_unit_test_setup_teardown(test_suggestions_fit_the_screen, setup, teardown),
		cmocka_unit_test_setup_teardown(test_add_nothing_shown, setup, teardown),
		cmocka_unit_test_setup_teardown(test_checkout_needs_yes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_order_lock_reveals_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_seed_reproducible, setup, teardown),
		cmocka_unit_test_setup_teardown(test_garbage, setup, teardown),
		cmocka_unit_test_setup_teardown(test_goodbye_ends, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
