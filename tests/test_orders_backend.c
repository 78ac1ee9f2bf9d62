/* One suite for every order backend (src/dialogue/orders.h): the local
 * store and the HTTP service (tests/order_server.py on 127.0.0.1, serving
 * the same fixture orders) must answer alike. Then what only the HTTP
 * backend does: the cache of its answers when the service fails, and its
 * refusal of answers that break the API. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "catalog/import/import.h"
#include "catalog/import/side_tables.h"
#include "catalog_fixture.h"
#include "common/http.h"
#include "common/xalloc.h"
#include "src/dialogue/orders.h"

#define ORDERS FIXTURES_DIR "/orders"
#define TOKEN "test-token"

struct fixture {
	catalog *c;              /* the local store, or the HTTP backend's cache */
	struct order_backend *b;
	bool remote;
};

/* --- the service --------------------------------------------------------- */

static pid_t server_pid;
static char server_url[64];
static char server_dir[64];

static int start_server(void **state)
{
	(void)state;
	snprintf(server_dir, sizeof server_dir, "/tmp/clerk-orders-XXXXXX");
	if (!mkdtemp(server_dir))
		return -1;
	char *port_file = xasprintf("%s/port", server_dir);
	server_pid = fork();
	if (server_pid == 0) {
		/* The server dies with this test, even when the test crashes, and
		 * holds none of its output (ctest waits for that to close). */
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		int null = open("/dev/null", O_WRONLY);
		dup2(null, STDOUT_FILENO);
		dup2(null, STDERR_FILENO);
		execlp("python3", "python3", FIXTURES_DIR "/../order_server.py", "--catalog", ORDERS,
		       "--port-file", port_file, "--token", TOKEN, (char *)NULL);
		_exit(127);
	}
	int port = 0;
	for (int i = 0; i < 100 && !port; i++) {
		FILE *f = fopen(port_file, "r");
		if (f) {
			if (fscanf(f, "%d", &port) != 1)
				port = 0;
			fclose(f);
		}
		if (!port)
			usleep(50000);
	}
	unlink(port_file);
	free(port_file);
	if (!port) {
		fprintf(stderr, "tests/order_server.py did not start (is python3 installed?)\n");
		return -1;
	}
	snprintf(server_url, sizeof server_url, "http://127.0.0.1:%d", port);
	return 0;
}

static int stop_server(void **state)
{
	(void)state;
	if (server_pid > 0) {
		kill(server_pid, SIGTERM);
		waitpid(server_pid, NULL, 0);
	}
	rmdir(server_dir);
	return 0;
}

/* POSTs to one of the server's control endpoints ("/_reset", "/_mode/down"). */
static void control(const char *path)
{
	struct http_options o;
	http_options_init(&o);
	o.retries = 0;
	http_client *h = http_client_new(&o, NULL);
	char *url = xasprintf("%s%s", server_url, path);
	const struct http_request rq = {.method = "POST", .url = url, .body = "", .body_len = 0};
	struct http_response r;
	assert_int_equal(http_request(h, &rq, &r, NULL), 0);
	assert_int_equal(r.status, 200);
	http_response_release(&r);
	free(url);
	http_client_free(h);
}

/* --- set-ups --------------------------------------------------------------- */

static catalog *catalog_with_products(void)
{
	catalog *c = NULL;
	char *err = NULL;
	if (catalog_open(":memory:", &c, &err) < 0) {
		fprintf(stderr, "%s\n", err);
		return NULL;
	}
	struct import_options o = {0};
	struct import_stats st;
	if (import_run(c, ORDERS "/products.csv", &o, &st, &err) < 0) {
		fprintf(stderr, "%s\n", err);
		catalog_close(c);
		return NULL;
	}
	return c;
}

static int setup_local(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	char *err = NULL;
	f->c = catalog_with_products();
	struct import_options o = {.orders = true};
	struct import_stats st;
	if (!f->c || import_run(f->c, ORDERS "/orders.csv", &o, &st, &err) < 0 ||
	    import_shipments(f->c, ORDERS "/shipments.csv", &err) < 0) {
		fprintf(stderr, "%s\n", err ? err : "no catalog");
		return -1;
	}
	f->b = orders_local_new(f->c);
	*state = f;
	return 0;
}

static struct order_backend *service(catalog *cache, const char *token, long timeout_ms)
{
	char *err = NULL;
	const struct orders_http_options o = {
	        .url = server_url, .token = token, .timeout_ms = timeout_ms, .retries = 1,
	        .cache = cache};
	struct order_backend *b = orders_http_new(&o, &err);
	if (!b)
		fprintf(stderr, "%s\n", err);
	free(err);
	return b;
}

static int setup_http(void **state)
{
	control("/_reset");
	struct fixture *f = xcalloc(1, sizeof *f);
	f->c = catalog_with_products();
	f->b = f->c ? service(f->c, TOKEN, 2000) : NULL;
	f->remote = true;
	*state = f;
	return f->b ? 0 : -1;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	order_backend_free(f->b);
	catalog_close(f->c);
	free(f);
	return 0;
}

/* --- calls ----------------------------------------------------------------- */

static int lookup(struct fixture *f, const char *ref, const char *verify, struct order *o)
{
	char *err = NULL;
	int rc = f->b->lookup(f->b->ctx, ref, verify, o, &err);
	if (rc < 0)
		fprintf(stderr, "lookup: %s\n", err);
	free(err);
	return rc;
}

static int change(struct fixture *f, bool cancel, const struct order_change *ch,
                  const char *key, struct order *o, char **err)
{
	char *mine = NULL;
	int rc = cancel ? f->b->cancel(f->b->ctx, ch, key, o, err ? err : &mine)
	                : f->b->request_return(f->b->ctx, ch, key, o, err ? err : &mine);
	free(mine);
	return rc;
}

static char *key(void)
{
	char k[HTTP_KEY_SIZE];
	assert_int_equal(http_new_key(k, NULL), 0);
	return xstrdup(k);
}

/* --- the shared suite ------------------------------------------------------ */

static void test_lookup_verifies(void **state)
{
	struct fixture *f = *state;
	struct order o;
	assert_int_equal(lookup(f, "10422", "Ann@Example.com", &o), ORDERS_OK);
	assert_string_equal(o.id, "10422");
	assert_string_equal(o.status, "shipped");
	assert_int_equal(o.total_cents, 12999);
	assert_string_equal(o.currency, "USD");
	assert_int_equal(o.n_items, 1);
	assert_string_equal(o.items[0].product, "P3");
	assert_string_equal(o.items[0].name, "Aurora Trail Running Shoe");
	assert_int_equal(o.items[0].quantity, 1);
	assert_int_equal(o.items[0].price_cents, 12999);
	assert_string_equal(o.carrier, "UPS");
	assert_string_equal(o.tracking, "1Z999AA10123456784");
	assert_int_equal(o.n_events, 2);
	assert_string_equal(o.events[0].status, "label created"); /* oldest first */
	assert_string_equal(o.events[1].location, "Memphis, TN");
	assert_int_equal(o.as_of, 0);
	order_release(&o);
	assert_int_equal(lookup(f, "10422", "sw1a1aa", &o), ORDERS_OK);
	order_release(&o);
	assert_int_equal(lookup(f, "10501", "10115", &o), ORDERS_OK);
	assert_null(o.carrier);
	assert_int_equal(o.n_events, 0);
	order_release(&o);
	/* Wrong details and a missing order answer alike. */
	assert_int_equal(lookup(f, "10422", "eve@example.com", &o), ORDERS_NO_MATCH);
	assert_int_equal(lookup(f, "99999", "ann@example.com", &o), ORDERS_NO_MATCH);
	assert_int_equal(lookup(f, "10422", "", &o), ORDERS_NO_MATCH);
	assert_int_equal(lookup(f, "10422/../10501", "10115", &o), ORDERS_NO_MATCH);
}

static void test_lockout_same_for_missing(void **state)
{
	struct fixture *f = *state;
	struct order o;
	const char *refs[] = {"10422", "88888"};
	for (size_t r = 0; r < 2; r++) {
		for (int i = 0; i < ORDERS_MAX_FAILURES; i++)
			assert_int_equal(lookup(f, refs[r], "wrong@x.y", &o), ORDERS_NO_MATCH);
		assert_int_equal(lookup(f, refs[r], "ann@example.com", &o), ORDERS_LOCKED);
	}
	/* Changes are locked too. */
	const struct order_change ch = {.ref = "10422", .verify = "ann@example.com"};
	char *k = key();
	assert_int_equal(change(f, true, &ch, k, &o, NULL), ORDERS_LOCKED);
	free(k);
}

static void test_cancel(void **state)
{
	struct fixture *f = *state;
	struct order o;
	char *k1 = key(), *k2 = key(), *k3 = key(), *k4 = key();
	const struct order_change paid = {.ref = "10501", .verify = "bob@example.com",
	                                  .reason = "changed my mind"};
	assert_int_equal(change(f, true, &paid, k1, &o, NULL), ORDERS_OK);
	assert_string_equal(o.id, "10501");
	assert_string_equal(o.status, "cancelled");
	order_release(&o);
	/* The same action again (a retry): the same answer, done once. */
	assert_int_equal(change(f, true, &paid, k1, &o, NULL), ORDERS_OK);
	assert_string_equal(o.status, "cancelled");
	order_release(&o);
	/* A new action: refused, with the order as it now is. */
	assert_int_equal(change(f, true, &paid, k2, &o, NULL), ORDERS_FORBIDDEN);
	assert_string_equal(o.status, "cancelled");
	order_release(&o);
	const struct order_change shipped = {.ref = "10422", .verify = "ann@example.com"};
	assert_int_equal(change(f, true, &shipped, k3, &o, NULL), ORDERS_FORBIDDEN);
	assert_string_equal(o.status, "shipped");
	order_release(&o);
	const struct order_change wrong = {.ref = "10503", .verify = "bob@example.com"};
	assert_int_equal(change(f, true, &wrong, k4, &o, NULL), ORDERS_NO_MATCH);
	assert_int_equal(lookup(f, "10503", "dee@example.com", &o), ORDERS_OK);
	assert_string_equal(o.status, "pending"); /* unverified changes nothing */
	order_release(&o);
	/* A key goes with one request. */
	char *err = NULL;
	const struct order_change other = {.ref = "10503", .verify = "dee@example.com"};
	assert_int_equal(change(f, true, &other, k1, &o, &err), -1);
	assert_non_null(err);
	free(err);
	free(k1);
	free(k2);
	free(k3);
	free(k4);
}

static void test_return_items(void **state)
{
	struct fixture *f = *state;
	struct order o;
	char *err = NULL;
	struct order_line one_lamp[] = {{"P1", 1, NULL}};
	struct order_change ch = {"10502", "cy@example.com", one_lamp, 1, "too bright"};
	char *k = key();
	assert_int_equal(change(f, false, &ch, k, &o, NULL), ORDERS_OK);
	assert_string_equal(o.status, "delivered");
	assert_int_equal(o.n_items, 2);
	assert_int_equal(o.items[0].returned, 1);
	assert_int_equal(o.items[1].returned, 0);
	order_release(&o);
	assert_int_equal(change(f, false, &ch, k, &o, NULL), ORDERS_OK); /* a retry */
	assert_int_equal(o.items[0].returned, 1);
	order_release(&o);
	free(k);
	/* A product the order lacks, or more than were bought: a bad request. */
	struct order_line absent[] = {{"P3", 1, NULL}}, too_many[] = {{"P1", 3, NULL}};
	ch.items = absent;
	k = key();
	assert_int_equal(change(f, false, &ch, k, &o, &err), -1);
	assert_non_null(err);
	free(err);
	free(k);
	ch.items = too_many;
	k = key();
	assert_int_equal(change(f, false, &ch, k, &o, &err), -1);
	free(err);
	free(k);
	/* More than are left: refused. */
	struct order_line two[] = {{"P1", 2, NULL}};
	ch.items = two;
	k = key();
	assert_int_equal(change(f, false, &ch, k, &o, NULL), ORDERS_FORBIDDEN);
	assert_string_equal(o.status, "delivered");
	order_release(&o);
	free(k);
	/* The rest: the order is returned. */
	struct order_line rest[] = {{"P1", 1, NULL}, {"P2", 1, NULL}};
	ch.items = rest;
	ch.n_items = 2;
	k = key();
	assert_int_equal(change(f, false, &ch, k, &o, NULL), ORDERS_OK);
	assert_string_equal(o.status, "returned");
	order_release(&o);
	free(k);
	/* Only delivered orders take returns. */
	const struct order_change shipped = {.ref = "10422", .verify = "ann@example.com"};
	k = key();
	assert_int_equal(change(f, false, &shipped, k, &o, NULL), ORDERS_FORBIDDEN);
	order_release(&o);
	free(k);
}

static void test_return_everything(void **state)
{
	struct fixture *f = *state;
	struct order o;
	const struct order_change ch = {.ref = "10502", .verify = "75001"};
	char *k = key();
	assert_int_equal(change(f, false, &ch, k, &o, NULL), ORDERS_OK);
	assert_string_equal(o.status, "returned");
	assert_int_equal(o.items[0].returned, 2);
	assert_int_equal(o.items[1].returned, 1);
	order_release(&o);
	free(k);
}

static void test_place(void **state)
{
	struct fixture *f = *state;
	struct order o;
	char *err = NULL;
	struct order_line lines[] = {{"P1", 2, NULL}, {"P2", 1, NULL}};
	const struct order_placement p = {.customer = "c9", .email = "new@example.com",
	                                  .items = lines, .n_items = 2};
	char *k = key();
	assert_int_equal(f->b->place(f->b->ctx, &p, k, &o, &err), ORDERS_OK);
	assert_string_equal(o.status, "pending");
	assert_int_equal(o.total_cents, 2 * 2500 + 999);
	assert_int_equal(o.n_items, 2);
	assert_string_equal(o.items[1].product, "P2");
	assert_int_equal(o.items[0].quantity, 2);
	assert_int_equal(strtol(o.id, NULL, 10), 100001);
	char *id = xstrdup(o.id);
	order_release(&o);
	/* A retry with the key: the same order, not a second. */
	assert_int_equal(f->b->place(f->b->ctx, &p, k, &o, &err), ORDERS_OK);
	assert_string_equal(o.id, id);
	order_release(&o);
	/* The shopper's details find it. */
	assert_int_equal(lookup(f, id, "NEW@example.com", &o), ORDERS_OK);
	assert_string_equal(o.status, "pending");
	order_release(&o);
	/* The key with another order: an error, nothing placed. */
	struct order_line other[] = {{"P3", 1, NULL}};
	const struct order_placement q = {.email = "new@example.com", .items = other, .n_items = 1};
	assert_int_equal(f->b->place(f->b->ctx, &q, k, &o, &err), -1);
	free(err);
	err = NULL;
	char *k2 = key();
	assert_int_equal(f->b->place(f->b->ctx, &q, k2, &o, &err), ORDERS_OK);
	assert_int_equal(strtol(o.id, NULL, 10), 100002);
	order_release(&o);
	/* A product the store does not have. */
	struct order_line unknown[] = {{"NOPE", 1, NULL}};
	const struct order_placement bad = {.items = unknown, .n_items = 1};
	char *k3 = key();
	assert_int_equal(f->b->place(f->b->ctx, &bad, k3, &o, &err), -1);
	assert_non_null(strstr(err, "NOPE"));
	free(err);
	free(id);
	free(k);
	free(k2);
	free(k3);
}

/* --- only the HTTP backend ------------------------------------------------- */

static void test_cached_when_down(void **state)
{
	struct fixture *f = *state;
	struct order o;
	char *err = NULL;
	assert_int_equal(lookup(f, "10422", "ann@example.com", &o), ORDERS_OK);
	order_release(&o);
	control("/_mode/down");
	time_t before = time(NULL);
	assert_int_equal(f->b->lookup(f->b->ctx, "10422", "ANN@example.com", &o, &err),
	                 ORDERS_STALE);
	assert_string_equal(err, "it answered 500: the order database is down");
	free(err);
	err = NULL;
	assert_string_equal(o.status, "shipped");
	assert_int_equal(o.n_events, 2);
	assert_true(o.as_of >= before - 5 && o.as_of <= time(NULL));
	order_release(&o);
	/* Another verification gets no copy; nor does an order never seen. */
	assert_int_equal(f->b->lookup(f->b->ctx, "10422", "94110", &o, &err), -1);
	assert_non_null(strstr(err, "500"));
	free(err);
	err = NULL;
	assert_int_equal(f->b->lookup(f->b->ctx, "10501", "10115", &o, &err), -1);
	free(err);
	control("/_mode/normal");
}

static void test_invalid_answers(void **state)
{
	struct fixture *f = *state;
	static const struct {
		const char *mode;
		const char *says;
	} cases[] = {
		{"/_mode/badjson", "not valid JSON"},
		{"/_mode/missing", "its answer was invalid: status is missing"},
		{"/_mode/html", "its answer was text/html, not JSON"},
		{"/_mode/big", "larger than 1048576 bytes"},
		{"/_mode/redirect?to=http://127.0.0.2:9/orders/10422", "another host"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct order o;
		char *err = NULL;
		control(cases[i].mode);
		assert_int_equal(f->b->lookup(f->b->ctx, "10501", "10115", &o, &err), -1);
		if (!strstr(err, cases[i].says))
			fail_msg("%s: %s", cases[i].mode, err);
		free(err);
	}
	control("/_mode/normal");
}

static void test_retries_then_succeeds(void **state)
{
	struct fixture *f = *state;
	struct order o;
	control("/_mode/fail?count=1");
	assert_int_equal(lookup(f, "10501", "10115", &o), ORDERS_OK);
	order_release(&o);
	/* A POST is retried with its key, and done once. */
	control("/_mode/fail?count=1");
	const struct order_change ch = {.ref = "10501", .verify = "10115"};
	char *k = key();
	assert_int_equal(change(f, true, &ch, k, &o, NULL), ORDERS_OK);
	order_release(&o);
	free(k);
}

static void test_stall_times_out(void **state)
{
	struct fixture *f = *state;
	struct order_backend *slow = service(f->c, TOKEN, 300);
	struct order o;
	char *err = NULL;
	control("/_mode/stall?seconds=2");
	time_t start = time(NULL);
	assert_int_equal(slow->lookup(slow->ctx, "10501", "10115", &o, &err), -1);
	assert_true(time(NULL) - start <= 2);
	assert_string_equal(err, "no answer within 0.3 s after 2 tries");
	free(err);
	control("/_mode/normal");
	order_backend_free(slow);
}

static void test_token(void **state)
{
	struct fixture *f = *state;
	struct order_backend *stranger = service(f->c, "wrong", 2000);
	struct order o;
	char *err = NULL;
	assert_int_equal(stranger->lookup(stranger->ctx, "10501", "10115", &o, &err), -1);
	assert_string_equal(err, "it refused clerk's credentials (401)");
	free(err);
	order_backend_free(stranger);
	/* A token goes to another machine only over https. */
	const struct orders_http_options plain = {.url = "http://orders.example.com", .token = "t"};
	assert_null(orders_http_new(&plain, &err));
	assert_non_null(strstr(err, "https"));
	free(err);
	const struct orders_http_options ftp = {.url = "ftp://orders.example.com"};
	assert_null(orders_http_new(&ftp, &err));
	free(err);
	const struct orders_http_options tls = {.url = "https://orders.example.com/api/", .token = "t"};
	struct order_backend *b = orders_http_new(&tls, &err);
	assert_non_null(b);
	order_backend_free(b);
}

#define BOTH(test) \
	cmocka_unit_test_setup_teardown(test, setup_local, teardown),

int main(void)
{
	const struct CMUnitTest local[] = {
		BOTH(test_lookup_verifies) BOTH(test_lockout_same_for_missing) BOTH(test_cancel)
		BOTH(test_return_items) BOTH(test_return_everything) BOTH(test_place)
	};
#define HTTP(test) cmocka_unit_test_setup_teardown(test, setup_http, teardown),
	const struct CMUnitTest remote[] = {
		HTTP(test_lookup_verifies) HTTP(test_lockout_same_for_missing) HTTP(test_cancel)
		HTTP(test_return_items) HTTP(test_return_everything) HTTP(test_place)
		HTTP(test_cached_when_down) HTTP(test_invalid_answers) HTTP(test_retries_then_succeeds)
		HTTP(test_stall_times_out) HTTP(test_token)
	};
	int failed = cmocka_run_group_tests_name("local store", local, NULL, NULL);
	failed += cmocka_run_group_tests_name("HTTP service", remote, start_server, stop_server);
	return failed;
}
