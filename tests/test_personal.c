/* Unit tests for personalization in the conversation (src/dialogue/
 * personal.c and profile.c) through dialogue_turn(), over the outdoor
 * fixture catalog and the intent model trained by the build: the consent
 * question asked once, the re-rank behind consent and the setting, the
 * anonymous session's end, "forget me" not recreating the customer, and
 * no export file on a shared terminal. */
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
#include "catalog/shop/experiments.h"
#include "catalog/shop/profile.h"
#include "common/buf.h"
#include "common/xalloc.h"
#include "src/dialogue/dialogue.h"
#include "tests/catalog_fixture.h"

struct fixture {
	catalog *cat;
	char model[PATH_MAX];
};

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	char exe[PATH_MAX];
	ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
	exe[len > 0 ? len : 0] = '\0';
	char *slash = strrchr(exe, '/');
	if (slash)
		*slash = '\0';
	if (snprintf(f->model, sizeof f->model, "%s/intent.model", exe) >= (int)sizeof f->model)
		f->model[0] = '\0';
	if (access(f->model, R_OK) != 0 || catalog_open(":memory:", &f->cat, NULL) < 0) {
		free(f);
		return -1;
	}
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
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	catalog_close(f->cat);
	free(f);
	return 0;
}

static dialogue *start(struct fixture *f, const char *customer, bool no_ranking, bool shared)
{
	struct dialogue_options o = {
		.cat = f->cat, .assets_dir = CLERK_ASSETS_DIR, .model_path = f->model, .seed = 1,
		.customer = customer, .no_personal_ranking = no_ranking, .shared_terminal = shared,
	};
	dialogue *d = dialogue_new(&o, NULL);
	assert_non_null(d);
	return d;
}

/* The turn's reply text (heap); the product ids shown into ids (heap,
 * ", "-joined) when ids is not NULL. */
static char *say(dialogue *d, const char *text, char **ids)
{
	struct reply r;
	dialogue_turn(d, text, &r);
	assert_null(r.error);
	char *out = xstrdup(r.text);
	if (ids) {
		struct buf b;
		buf_init(&b);
		for (size_t i = 0; i < r.n_products; i++)
			buf_printf(&b, "%s%s", i ? "," : "", r.products[i].id);
		*ids = buf_detach(&b);
	}
	reply_release(&r);
	return out;
}

static void says(dialogue *d, const char *text, const char *want)
{
	char *got = say(d, text, NULL);
	if (want && !strstr(got, want))
		fail_msg("\"%s\" answered \"%s\", without \"%s\"", text, got, want);
	free(got);
}

static void test_consent_asked_once(void **state)
{
	struct fixture *f = *state;
	dialogue *d = start(f, "c1", false, false);
	says(d, "show me tents", "stop personalizing");
	says(d, "no", "won't record");
	char *again = say(d, "show me stoves", NULL);
	assert_null(strstr(again, "stop personalizing"));
	free(again);
	dialogue_free(d);
	enum profile_consent k;
	assert_int_equal(profile_consent(f->cat, "c1", &k, NULL), 0);
	assert_int_equal(k, PROFILE_CONSENT_REFUSED);
	/* a later session does not ask again either */
	d = start(f, "c1", false, false);
	again = say(d, "show me tents", NULL);
	assert_null(strstr(again, "stop personalizing"));
	free(again);
	dialogue_free(d);
	assert_int_equal(scalar(f->cat, "SELECT count(*) FROM events e JOIN customers c"
	                                " ON c.id = e.customer_id WHERE c.external_id = 'c1'"), 0);
}

static void test_rerank_behind_consent_and_setting(void **state)
{
	struct fixture *f = *state;
	dialogue *anon = start(f, NULL, false, false);
	char *plain = NULL;
	free(say(anon, "show me jackets", &plain));
	dialogue_free(anon);
	/* history in Northridge rain jackets, before consent: no change */
	dialogue *d = start(f, "c4", false, false);
	free(say(d, "tell me about the Stormshell Rain Jacket", NULL));
	char *before = NULL;
	free(say(d, "show me jackets", &before));
	assert_string_equal(before, plain);
	says(d, "yes", "stop personalizing");
	says(d, "tell me about the Stormshell Rain Jacket", "Stormshell");
	says(d, "add it to my cart", NULL);
	char *personal = NULL;
	free(say(d, "show me jackets", &personal));
	dialogue_free(d);
	assert_string_not_equal(personal, plain);
	/* the first stays first */
	assert_memory_equal(personal, plain, strcspn(plain, ","));
	d = start(f, "c4", true, false);
	char *off = NULL;
	free(say(d, "show me jackets", &off));
	assert_string_equal(off, plain);
	dialogue_free(d);
	free(plain);
	free(before);
	free(personal);
	free(off);
}

/* A salt under which unit falls in variant `want` of 2. */
static void salt_for(const char *unit, size_t want, char *salt, size_t size)
{
	for (int i = 0;; i++) {
		snprintf(salt, size, "salt-%d", i);
		if (experiment_bucket(salt, unit, 2) == want)
			return;
	}
}

/* A "ranking_nudge" experiment switches the nudge: its variant "off"
 * searches as without personalization, "on" nudges. */
static void test_ranking_nudge_experiment(void **state)
{
	struct fixture *f = *state;
	dialogue *anon = start(f, NULL, false, false);
	char *plain = NULL;
	free(say(anon, "show me jackets", &plain));
	dialogue_free(anon);
	dialogue *d = start(f, "c4", false, false);
	free(say(d, "show me jackets", NULL));
	says(d, "yes", "stop personalizing");
	says(d, "tell me about the Stormshell Rain Jacket", "Stormshell");
	says(d, "add it to my cart", NULL);
	dialogue_free(d);
	for (size_t want = 0; want < 2; want++) {
		char salt[32];
		salt_for("c4", want, salt, sizeof salt);
		assert_int_equal(experiment_add(f->cat, "ranking_nudge", "on,off", "conversion", salt,
		                                NULL),
		                 0);
		d = start(f, "c4", false, false);
		char *shown = NULL;
		free(say(d, "show me jackets", &shown));
		dialogue_free(d);
		if (want == 1)
			assert_string_equal(shown, plain);
		else
			assert_string_not_equal(shown, plain);
		free(shown);
		/* the search it applied to was the exposure */
		assert_int_equal(scalar(f->cat, "SELECT count(*) FROM assignments a JOIN experiments x"
		                                " ON x.id = a.experiment_id WHERE a.unit = 'c4'"),
		                 1);
		exec(f->cat, "DELETE FROM assignments; DELETE FROM experiments");
	}
	free(plain);
}

/* A "reply_style" experiment gives its variants other wordings of the
 * same replies; the control keeps the default ones. */
static void test_reply_style_experiment(void **state)
{
	struct fixture *f = *state;
	/* replies with several wordings each: that every one of them picks the
	 * same wording under another style is a chance well under 1 in 1,000 */
	const char *turns[] = {"hello",         "show me tents", "show me jackets", "what's in my cart?",
	                       "thanks",        "hi",            "show me boots",   "help",
	                       "show me stoves", "thank you"};
	enum { N_TURNS = sizeof turns / sizeof turns[0] };
	char *text[2][N_TURNS];
	for (size_t style = 0; style < 2; style++) {
		dialogue *d = start(f, NULL, false, false);
		if (style)
			assert_int_equal(experiment_add(f->cat, "reply_style", "a,b", "conversion", NULL,
			                                NULL),
			                 0);
		for (size_t i = 0; i < N_TURNS; i++)
			text[style][i] = say(d, turns[i], NULL);
		/* the session was assigned at its first turn */
		assert_int_equal(scalar(f->cat, "SELECT count(*) FROM assignments"), style ? 1 : 0);
		dialogue_free(d);
	}
	int64_t b = scalar(f->cat, "SELECT variant = 'b' FROM assignments");
	size_t differ = 0;
	for (size_t i = 0; i < N_TURNS; i++)
		differ += strcmp(text[0][i], text[1][i]) != 0;
	/* variant a is the control: the default wording; b: another one */
	if (b)
		assert_true(differ > 0);
	else
		assert_int_equal(differ, 0);
	for (size_t s = 0; s < 2; s++)
		for (size_t i = 0; i < N_TURNS; i++)
			free(text[s][i]);
	exec(f->cat, "DELETE FROM assignments; DELETE FROM experiments");
}

static void test_anonymous_session_ends(void **state)
{
	struct fixture *f = *state;
	dialogue *d = start(f, NULL, false, false);
	free(say(d, "show me tents", NULL));
	says(d, "add the first one", "Added");
	assert_int_equal(scalar(f->cat, "SELECT count(*) FROM carts WHERE customer_id IS NULL"), 1);
	assert_true(scalar(f->cat, "SELECT count(*) FROM events WHERE session IS NOT NULL"
	                           " AND customer_id IS NULL") > 0);
	int64_t n = scalar(f->cat, "SELECT count(*) FROM events WHERE customer_id IS NULL");
	exec(f->cat, "CREATE TEMP TABLE old_session AS SELECT DISTINCT session FROM events");
	dialogue_free(d);
	assert_int_equal(scalar(f->cat, "SELECT count(*) FROM carts WHERE customer_id IS NULL"), 0);
	/* its events now bear one new name that nothing else holds: still one
	 * conversation, no longer the session's */
	assert_int_equal(scalar(f->cat, "SELECT count(*) FROM events WHERE session IN"
	                                " (SELECT session FROM old_session)"), 0);
	assert_int_equal(scalar(f->cat, "SELECT count(DISTINCT session) FROM events"), 1);
	assert_int_equal(scalar(f->cat, "SELECT count(*) FROM events WHERE customer_id IS NULL"), n);
}

static void test_forget_does_not_come_back(void **state)
{
	struct fixture *f = *state;
	dialogue *d = start(f, "c3", false, false);
	says(d, "forget me", "yes or no");
	says(d, "yes", "deleted your profile");
	says(d, "what's in my cart?", NULL);
	says(d, "show me tents", NULL);
	says(d, "what do you know about me", "not signed in");
	dialogue_free(d);
	assert_int_equal(scalar(f->cat, "SELECT count(*) FROM customers WHERE external_id = 'c3'"), 0);
	assert_int_equal(scalar(f->cat, "SELECT count(*) FROM orders WHERE email = 'cy@example.net'"), 0);
}

static void test_no_export_on_shared_terminal(void **state)
{
	struct fixture *f = *state;
	char dir[] = "/tmp/clerk-personal-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char *old = getenv("XDG_DATA_HOME") ? xstrdup(getenv("XDG_DATA_HOME")) : NULL;
	setenv("XDG_DATA_HOME", dir, 1);
	dialogue *d = start(f, "c2", false, true);
	says(d, "export my data", "member of staff");
	dialogue_free(d);
	char *exports = xasprintf("%s/clerk/exports", dir);
	assert_int_not_equal(access(exports, F_OK), 0);
	d = start(f, "c2", false, false);
	says(d, "export my data", "clerk/exports/clerk-export-c2-");
	dialogue_free(d);
	assert_int_equal(access(exports, F_OK), 0);
	if (old)
		setenv("XDG_DATA_HOME", old, 1);
	else
		unsetenv("XDG_DATA_HOME");
	free(old);
	char *cmd = xasprintf("rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(exports);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_consent_asked_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rerank_behind_consent_and_setting, setup, teardown),
		cmocka_unit_test_setup_teardown(test_anonymous_session_ends, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ranking_nudge_experiment, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reply_style_experiment, setup, teardown),
		cmocka_unit_test_setup_teardown(test_forget_does_not_come_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_export_on_shared_terminal, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
