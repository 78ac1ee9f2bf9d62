#define _GNU_SOURCE /* strcasestr */
/* Unit tests for common/http.c against a scripted HTTP server on a thread
 * of this process: each connection is served answers from a script, one
 * per request, and the requests are kept for the test to look at. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "common/http.h"
#include "common/xalloc.h"

#define MAX_SCRIPT 8
#define MAX_SEEN 8

struct answer {
	int status;
	const char *headers; /* extra header lines, each ending \r\n */
	const char *body;
	long delay_ms;       /* before answering */
	size_t flood;        /* > 0: this many bytes of body, no Content-Length */
	size_t claim;        /* > 0: the Content-Length sent, whatever the body */
};

struct server {
	int fd;
	int port;
	const char *host;
	pthread_t thread;
	atomic_bool stop;
	struct answer script[MAX_SCRIPT];
	size_t n_script;
	size_t next; /* the answer for the next request; the last one repeats */
	char *seen[MAX_SEEN];
	size_t n_seen;
	int connections;
	pthread_mutex_t lock;
};

static void send_all(int fd, const char *data, size_t n)
{
	while (n) {
		ssize_t w = send(fd, data, n, MSG_NOSIGNAL);
		if (w <= 0)
			return;
		data += w;
		n -= (size_t)w;
	}
}

/* Reads one request (head and Content-Length body); NULL at the end. */
static char *read_request(int fd)
{
	size_t cap = 8192, len = 0;
	char *req = xmalloc(cap + 1);
	for (;;) {
		ssize_t r = recv(fd, req + len, cap - len, 0);
		if (r <= 0) {
			free(req);
			return NULL;
		}
		len += (size_t)r;
		req[len] = '\0';
		char *end = strstr(req, "\r\n\r\n");
		if (!end)
			continue;
		size_t want = (size_t)(end + 4 - req);
		const char *cl = strcasestr(req, "\r\nContent-Length:");
		if (cl && cl < end)
			want += strtoul(cl + 17, NULL, 10);
		if (len >= want || len == cap)
			return req;
	}
}

static void answer(struct server *s, int fd, const struct answer *a)
{
	if (a->delay_ms) {
		struct timespec ts = {a->delay_ms / 1000, (a->delay_ms % 1000) * 1000000L};
		nanosleep(&ts, NULL);
	}
	const char *body = a->body ? a->body : "";
	char head[1024];
	int n;
	if (a->flood)
		n = snprintf(head, sizeof head, "HTTP/1.1 %d X\r\nConnection: close\r\n%s\r\n",
		             a->status, a->headers ? a->headers : "");
	else
		n = snprintf(head, sizeof head, "HTTP/1.1 %d X\r\nContent-Length: %zu\r\n%s\r\n",
		             a->status, a->claim ? a->claim : strlen(body),
		             a->headers ? a->headers : "");
	send_all(fd, head, (size_t)n);
	if (a->flood) {
		char chunk[65536];
		memset(chunk, 'x', sizeof chunk);
		for (size_t sent = 0; sent < a->flood && !atomic_load(&s->stop); sent += sizeof chunk)
			if (send(fd, chunk, sizeof chunk, MSG_NOSIGNAL) <= 0)
				break;
		return;
	}
	send_all(fd, body, strlen(body));
}

static void *serve(void *arg)
{
	struct server *s = arg;
	while (!atomic_load(&s->stop)) {
		struct pollfd p = {s->fd, POLLIN, 0};
		if (poll(&p, 1, 50) <= 0)
			continue;
		int c = accept(s->fd, NULL, NULL);
		if (c < 0)
			continue;
		pthread_mutex_lock(&s->lock);
		s->connections++;
		pthread_mutex_unlock(&s->lock);
		for (;;) {
			char *req = read_request(c);
			if (!req)
				break;
			pthread_mutex_lock(&s->lock);
			if (s->n_seen < MAX_SEEN)
				s->seen[s->n_seen++] = req;
			else
				free(req);
			struct answer a = s->script[s->next < s->n_script ? s->next : s->n_script - 1];
			s->next++;
			pthread_mutex_unlock(&s->lock);
			answer(s, c, &a);
			if (a.flood || a.delay_ms)
				break;
		}
		close(c);
	}
	return NULL;
}

static struct server *server_start(const char *host)
{
	struct server *s = xcalloc(1, sizeof *s);
	s->host = host;
	pthread_mutex_init(&s->lock, NULL);
	s->fd = socket(AF_INET, SOCK_STREAM, 0);
	int one = 1;
	setsockopt(s->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	struct sockaddr_in sa = {.sin_family = AF_INET};
	inet_pton(AF_INET, host, &sa.sin_addr);
	assert_int_equal(bind(s->fd, (struct sockaddr *)&sa, sizeof sa), 0);
	assert_int_equal(listen(s->fd, 8), 0);
	socklen_t len = sizeof sa;
	getsockname(s->fd, (struct sockaddr *)&sa, &len);
	s->port = ntohs(sa.sin_port);
	atomic_init(&s->stop, false);
	pthread_create(&s->thread, NULL, serve, s);
	return s;
}

static void script(struct server *s, const struct answer *a, size_t n)
{
	pthread_mutex_lock(&s->lock);
	memcpy(s->script, a, n * sizeof *a);
	s->n_script = n;
	s->next = 0;
	pthread_mutex_unlock(&s->lock);
}

static void server_stop(struct server *s)
{
	atomic_store(&s->stop, true);
	pthread_join(s->thread, NULL);
	close(s->fd);
	for (size_t i = 0; i < s->n_seen; i++)
		free(s->seen[i]);
	pthread_mutex_destroy(&s->lock);
	free(s);
}

static char *url(const struct server *s, const char *path)
{
	return xasprintf("http://%s:%d%s", s->host, s->port, path);
}

static http_client *client(long timeout_ms, int retries)
{
	struct http_options o;
	http_options_init(&o);
	o.timeout_ms = timeout_ms;
	o.retries = retries;
	o.backoff_ms = 10;
	o.max_body = 1024 * 1024;
	http_client *h = http_client_new(&o, NULL);
	assert_non_null(h);
	return h;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int setup(void **state)
{
	*state = server_start("127.0.0.1");
	return 0;
}

static int teardown(void **state)
{
	server_stop(*state);
	return 0;
}

static void test_get_reuses_connection(void **state)
{
	struct server *s = *state;
	const struct answer a[] = {{200,
	                            "Content-Type: application/json; charset=utf-8\r\n"
	                            "ETag: \"v1\"\r\n"
	                            "Last-Modified: Mon, 02 Nov 2026 10:00:00 GMT\r\n",
	                            "{\"ok\":true}", 0, 0, 0}};
	script(s, a, 1);
	http_client *h = client(2000, 0);
	char *u = url(s, "/orders/1");
	struct http_request rq = {.url = u, .accept = "application/json", .bearer = "s3cret"};
	struct http_response r;
	char *err = NULL;
	for (int i = 0; i < 2; i++) {
		assert_int_equal(http_request(h, &rq, &r, &err), 0);
		assert_int_equal(r.status, 200);
		assert_string_equal(r.body.s, "{\"ok\":true}");
		assert_true(http_media_type_is(r.content_type, "application/json"));
		assert_string_equal(r.etag, "\"v1\"");
		assert_string_equal(r.last_modified, "Mon, 02 Nov 2026 10:00:00 GMT");
		assert_int_equal(r.attempts, 1);
		http_response_release(&r);
	}
	assert_int_equal(s->connections, 1); /* one handle, one kept connection */
	assert_non_null(strstr(s->seen[0], "Authorization: Bearer s3cret\r\n"));
	assert_non_null(strstr(s->seen[0], "Accept: application/json\r\n"));
	assert_non_null(strstr(s->seen[0], "User-Agent: clerk\r\n"));
	free(u);
	http_client_free(h);
}

static void test_retries_5xx_then_success(void **state)
{
	struct server *s = *state;
	const struct answer a[] = {{500, NULL, "oops", 0, 0, 0}, {503, NULL, "", 0, 0, 0},
	                           {200, NULL, "fine", 0, 0, 0}};
	script(s, a, 3);
	http_client *h = client(2000, 2);
	char *u = url(s, "/x");
	struct http_request rq = {.url = u};
	struct http_response r;
	assert_int_equal(http_request(h, &rq, &r, NULL), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(r.attempts, 3);
	assert_string_equal(r.body.s, "fine");
	http_response_release(&r);
	/* Out of retries, the last answer is the answer. */
	const struct answer down[] = {{502, NULL, "bad gateway", 0, 0, 0}};
	script(s, down, 1);
	assert_int_equal(http_request(h, &rq, &r, NULL), 0);
	assert_int_equal(r.status, 502);
	assert_int_equal(r.attempts, 3);
	assert_string_equal(r.body.s, "bad gateway");
	http_response_release(&r);
	free(u);
	http_client_free(h);
}

static void test_no_retry_on_4xx(void **state)
{
	struct server *s = *state;
	const struct answer a[] = {{404, NULL, "{\"error\":\"no\"}", 0, 0, 0},
	                           {200, NULL, "late", 0, 0, 0}};
	script(s, a, 2);
	http_client *h = client(2000, 3);
	char *u = url(s, "/x");
	struct http_request rq = {.url = u};
	struct http_response r;
	assert_int_equal(http_request(h, &rq, &r, NULL), 0);
	assert_int_equal(r.status, 404);
	assert_int_equal(r.attempts, 1);
	assert_string_equal(r.body.s, "{\"error\":\"no\"}");
	http_response_release(&r);
	/* 408 and 429 are retried like 5xx. */
	const struct answer b[] = {{408, NULL, "", 0, 0, 0}, {429, NULL, "", 0, 0, 0},
	                           {200, NULL, "ok", 0, 0, 0}};
	script(s, b, 3);
	assert_int_equal(http_request(h, &rq, &r, NULL), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(r.attempts, 3);
	http_response_release(&r);
	free(u);
	http_client_free(h);
}

static void test_retry_after(void **state)
{
	struct server *s = *state;
	const struct answer a[] = {{429, "Retry-After: 1\r\n", "", 0, 0, 0},
	                           {200, NULL, "ok", 0, 0, 0}};
	script(s, a, 2);
	http_client *h = client(2000, 2);
	char *u = url(s, "/x");
	struct http_request rq = {.url = u};
	struct http_response r;
	double t0 = now_s();
	assert_int_equal(http_request(h, &rq, &r, NULL), 0);
	assert_true(now_s() - t0 >= 0.95); /* waited as asked, not the 10 ms backoff */
	assert_int_equal(r.status, 200);
	assert_int_equal(r.attempts, 2);
	http_response_release(&r);
	/* Later than the longest backoff: no wait, the 503 is the answer. */
	const struct answer b[] = {{503, "Retry-After: 120\r\n", "", 0, 0, 0},
	                           {200, NULL, "ok", 0, 0, 0}};
	script(s, b, 2);
	t0 = now_s();
	assert_int_equal(http_request(h, &rq, &r, NULL), 0);
	assert_true(now_s() - t0 < 1.0);
	assert_int_equal(r.status, 503);
	assert_int_equal(r.attempts, 1);
	http_response_release(&r);
	free(u);
	http_client_free(h);
}

static void test_post_needs_key_to_retry(void **state)
{
	struct server *s = *state;
	const struct answer a[] = {{503, NULL, "", 0, 0, 0}, {201, NULL, "{}", 0, 0, 0}};
	script(s, a, 2);
	http_client *h = client(2000, 2);
	char *u = url(s, "/orders");
	const char *body = "{\"items\":[]}";
	struct http_request rq = {.method = "POST", .url = u, .body = body,
	                          .body_len = strlen(body), .content_type = "application/json"};
	struct http_response r;
	assert_int_equal(http_request(h, &rq, &r, NULL), 0);
	assert_int_equal(r.status, 503);
	assert_int_equal(r.attempts, 1);
	http_response_release(&r);

	char key[HTTP_KEY_SIZE];
	assert_int_equal(http_new_key(key, NULL), 0);
	rq.idempotency_key = key;
	script(s, a, 2);
	size_t before = s->n_seen;
	assert_int_equal(http_request(h, &rq, &r, NULL), 0);
	assert_int_equal(r.status, 201);
	assert_int_equal(r.attempts, 2);
	http_response_release(&r);
	char *line = xasprintf("Idempotency-Key: %s\r\n", key);
	for (size_t i = before; i < s->n_seen; i++) {
		assert_non_null(strstr(s->seen[i], line)); /* the same key each time */
		assert_non_null(strstr(s->seen[i], "POST /orders HTTP/1.1"));
		assert_non_null(strstr(s->seen[i], body));
		assert_null(strstr(s->seen[i], "Expect"));
	}
	free(line);
	free(u);
	http_client_free(h);
}

static void test_timeout_retried_then_fails(void **state)
{
	struct server *s = *state;
	const struct answer a[] = {{200, NULL, "late", 1500, 0, 0}};
	script(s, a, 1);
	http_client *h = client(300, 1);
	char *u = url(s, "/slow");
	struct http_request rq = {.url = u};
	struct http_response r;
	char *err = NULL;
	double t0 = now_s();
	assert_int_equal(http_request(h, &rq, &r, &err), -1);
	assert_true(now_s() - t0 < 1.4);
	assert_int_equal(r.attempts, 2);
	assert_string_equal(err, "no answer within 0.3 s after 2 tries");
	free(err);
	http_response_release(&r);
	http_client_free(h);
	/* A deadline leaves out the retry that could not end before it. */
	struct http_options o;
	http_options_init(&o);
	o.timeout_ms = 300;
	o.retries = 5;
	o.backoff_ms = 10;
	o.deadline_ms = 700;
	h = http_client_new(&o, NULL);
	t0 = now_s();
	assert_int_equal(http_request(h, &rq, &r, &err), -1);
	assert_true(now_s() - t0 < 0.7);
	assert_int_equal(r.attempts, 2);
	free(err);
	http_response_release(&r);
	free(u);
	http_client_free(h);
}

static void test_body_cap(void **state)
{
	struct server *s = *state;
	http_client *h = client(5000, 2);
	char *u = url(s, "/big");
	struct http_request rq = {.url = u};
	struct http_response r;
	char *err = NULL;
	/* Announced too large: refused before the body. */
	const struct answer a[] = {{200, NULL, "", 0, 0, 50u * 1024 * 1024}};
	script(s, a, 1);
	assert_int_equal(http_request(h, &rq, &r, &err), -1);
	assert_int_equal(r.attempts, 1);
	assert_non_null(strstr(err, "larger than 1048576 bytes"));
	free(err);
	http_response_release(&r);
	/* Not announced: stopped once past the cap. */
	const struct answer b[] = {{200, NULL, NULL, 0, 50u * 1024 * 1024, 0}};
	script(s, b, 1);
	double t0 = now_s();
	assert_int_equal(http_request(h, &rq, &r, &err), -1);
	assert_true(now_s() - t0 < 3.0);
	assert_non_null(strstr(err, "larger than"));
	free(err);
	http_response_release(&r);
	free(u);
	http_client_free(h);
}

static void test_redirects(void **state)
{
	struct server *s = *state;
	struct server *other = server_start("127.0.0.2");
	char *there = url(other, "/moved");
	char *here = url(s, "/moved");
	char *to_other = xasprintf("Location: %s\r\n", there);
	char *to_here = xasprintf("Location: %s\r\n", here);
	const struct answer ok[] = {{200, NULL, "moved ok", 0, 0, 0}};
	script(other, ok, 1);
	http_client *h = client(2000, 0);
	char *u = url(s, "/start");
	struct http_request rq = {.url = u, .bearer = "s3cret"};
	struct http_response r;
	char *err = NULL;

	/* Same host: followed, token kept. */
	const struct answer a[] = {{302, to_here, "", 0, 0, 0}, {200, NULL, "here", 0, 0, 0}};
	script(s, a, 2);
	size_t before = s->n_seen;
	assert_int_equal(http_request(h, &rq, &r, &err), 0);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.body.s, "here");
	assert_string_equal(r.url, here);
	assert_int_equal(s->n_seen, before + 2);
	assert_non_null(strstr(s->seen[before + 1], "GET /moved "));
	assert_non_null(strstr(s->seen[before + 1], "Bearer s3cret"));
	http_response_release(&r);

	/* Another host: not followed, and nothing is sent there. */
	const struct answer b[] = {{302, to_other, "", 0, 0, 0}};
	script(s, b, 1);
	assert_int_equal(http_request(h, &rq, &r, &err), -1);
	assert_non_null(strstr(err, "another host"));
	assert_non_null(strstr(err, "127.0.0.2"));
	assert_int_equal(other->n_seen, 0);
	free(err);
	http_response_release(&r);
	http_client_free(h);

	/* A feed client follows anywhere, without the token. */
	struct http_options o;
	http_options_init(&o);
	o.redirects = HTTP_REDIRECT_ANY;
	h = http_client_new(&o, NULL);
	script(s, b, 1);
	assert_int_equal(http_request(h, &rq, &r, &err), 0);
	assert_string_equal(r.body.s, "moved ok");
	assert_int_equal(other->n_seen, 1);
	assert_null(strstr(other->seen[0], "Authorization"));
	http_response_release(&r);
	http_client_free(h);

	free(u);
	free(to_other);
	free(to_here);
	free(here);
	free(there);
	server_stop(other);
}

static void test_validators(void **state)
{
	struct server *s = *state;
	const struct answer a[] = {{304, "ETag: \"v1\"\r\n", "", 0, 0, 0}};
	script(s, a, 1);
	http_client *h = client(2000, 0);
	char *u = url(s, "/feed.csv");
	struct http_request rq = {.url = u, .if_none_match = "\"v1\"",
	                          .if_modified_since = "Mon, 02 Nov 2026 10:00:00 GMT"};
	struct http_response r;
	size_t before = s->n_seen;
	assert_int_equal(http_request(h, &rq, &r, NULL), 0);
	assert_int_equal(r.status, 304);
	assert_non_null(strstr(s->seen[before], "If-None-Match: \"v1\"\r\n"));
	assert_non_null(strstr(s->seen[before], "If-Modified-Since: Mon, 02 Nov 2026 10:00:00 GMT\r\n"));
	http_response_release(&r);
	free(u);
	http_client_free(h);
}

struct collect {
	struct buf b;
	int rewinds;
	bool fail;
	int64_t last_progress;
};

static int collect_write(void *ctx, const char *data, size_t n)
{
	struct collect *c = ctx;
	if (c->fail)
		return -1;
	buf_add(&c->b, data, n);
	return 0;
}

static int collect_rewind(void *ctx)
{
	struct collect *c = ctx;
	buf_reset(&c->b);
	c->rewinds++;
	return 0;
}

static char *collect_error(void *ctx)
{
	(void)ctx;
	return xstrdup("the disk is full");
}

static void collect_progress(void *ctx, int64_t got, int64_t total)
{
	(void)total;
	struct collect *c = ctx;
	c->last_progress = got;
}

static void test_sink_rewind_progress(void **state)
{
	struct server *s = *state;
	const struct answer a[] = {{503, NULL, "busy", 0, 0, 0}, {200, NULL, "a,b\n1,2\n", 0, 0, 0}};
	script(s, a, 2);
	http_client *h = client(2000, 2);
	char *u = url(s, "/feed.csv");
	struct collect c = {0};
	buf_init(&c.b);
	struct http_sink sink = {collect_write, collect_rewind, collect_error, &c};
	struct http_request rq = {.url = u, .sink = &sink, .progress = collect_progress,
	                          .progress_ctx = &c};
	struct http_response r;
	char *err = NULL;
	assert_int_equal(http_request(h, &rq, &r, &err), 0);
	assert_int_equal(r.status, 200);
	assert_string_equal(c.b.s, "a,b\n1,2\n"); /* the 503's body never reached it */
	assert_int_equal(c.rewinds, 1);
	assert_int_equal(r.body.len, 0);
	assert_int_equal(c.last_progress, 8);
	http_response_release(&r);
	c.fail = true;
	script(s, a + 1, 1);
	assert_int_equal(http_request(h, &rq, &r, &err), -1);
	assert_string_equal(err, "the disk is full");
	free(err);
	http_response_release(&r);
	buf_release(&c.b);
	free(u);
	http_client_free(h);
}

static void test_refused_connection_not_retried(void **state)
{
	(void)state;
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = {.sin_family = AF_INET};
	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	bind(fd, (struct sockaddr *)&sa, sizeof sa);
	socklen_t len = sizeof sa;
	getsockname(fd, (struct sockaddr *)&sa, &len);
	close(fd); /* nobody listens there now */
	char *u = xasprintf("http://127.0.0.1:%d/", ntohs(sa.sin_port));
	http_client *h = client(2000, 3);
	struct http_request rq = {.url = u};
	struct http_response r;
	char *err = NULL;
	assert_int_equal(http_request(h, &rq, &r, &err), -1);
	assert_int_equal(r.attempts, 1);
	assert_string_equal(err, "the connection was refused");
	free(err);
	http_response_release(&r);
	free(u);
	http_client_free(h);
}

static void test_helpers(void **state)
{
	(void)state;
	assert_true(http_media_type_is("application/json", "application/json"));
	assert_true(http_media_type_is(" Application/JSON ; charset=utf-8", "application/json"));
	assert_false(http_media_type_is("text/html", "application/json"));
	assert_false(http_media_type_is("application/jsonx", "application/json"));
	assert_false(http_media_type_is(NULL, "application/json"));
	assert_true(http_media_type_is("application/problem+json", "+json"));
	assert_false(http_media_type_is("+json", "+json"));
	char *e = http_escape("a b/c?d=é&");
	assert_string_equal(e, "a%20b%2Fc%3Fd%3D%C3%A9%26");
	free(e);
	char k1[HTTP_KEY_SIZE], k2[HTTP_KEY_SIZE];
	assert_int_equal(http_new_key(k1, NULL), 0);
	assert_int_equal(http_new_key(k2, NULL), 0);
	assert_int_equal(strlen(k1), 32);
	assert_int_equal(strspn(k1, "0123456789abcdef"), 32);
	assert_string_not_equal(k1, k2);
	http_client_free(NULL);
	http_response_release(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_get_reuses_connection, setup, teardown),
		cmocka_unit_test_setup_teardown(test_retries_5xx_then_success, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_retry_on_4xx, setup, teardown),
		cmocka_unit_test_setup_teardown(test_retry_after, setup, teardown),
		cmocka_unit_test_setup_teardown(test_post_needs_key_to_retry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_timeout_retried_then_fails, setup, teardown),
		cmocka_unit_test_setup_teardown(test_body_cap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_redirects, setup, teardown),
		cmocka_unit_test_setup_teardown(test_validators, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sink_rewind_progress, setup, teardown),
		cmocka_unit_test(test_refused_connection_not_retried),
		cmocka_unit_test(test_helpers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
