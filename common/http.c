/*
 * http.c: requests over one reused curl handle, with retries, size caps,
 * redirect rules and validators.
 *
 * Redirects are followed here, not by libcurl, so that each hop is checked
 * against the policy (libcurl can only follow everywhere or nowhere) and a
 * bearer token never leaves the host it was meant for.
 */
#include "common/http.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "common/xalloc.h"

struct http_client {
	CURL *curl;
	struct http_options o;
	uint64_t rng; /* xorshift state for the backoff's jitter */
};

void http_options_init(struct http_options *o)
{
	memset(o, 0, sizeof *o);
	o->connect_timeout_ms = HTTP_DEFAULT_CONNECT_MS;
	o->timeout_ms = HTTP_DEFAULT_TIMEOUT_MS;
	o->retries = HTTP_DEFAULT_RETRIES;
	o->backoff_ms = HTTP_DEFAULT_BACKOFF_MS;
	o->backoff_max_ms = HTTP_DEFAULT_BACKOFF_MAX_MS;
	o->redirects = HTTP_REDIRECT_SAME_HOST;
}

static int random_bytes(void *out, size_t n)
{
	unsigned char *p = out;
	while (n) {
		ssize_t got = getrandom(p, n, 0);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return -1;
		p += got;
		n -= (size_t)got;
	}
	return 0;
}

http_client *http_client_new(const struct http_options *o, char **err)
{
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		if (err)
			*err = xstrdup("cannot start libcurl");
		return NULL;
	}
	CURL *curl = curl_easy_init();
	if (!curl) {
		curl_global_cleanup();
		if (err)
			*err = xstrdup("cannot start libcurl");
		return NULL;
	}
	http_client *h = xcalloc(1, sizeof *h);
	h->curl = curl;
	h->o = *o;
	h->o.ca_file = o->ca_file ? xstrdup(o->ca_file) : NULL;
	h->o.user_agent = xstrdup(o->user_agent ? o->user_agent : "clerk");
	if (h->o.retries < 0)
		h->o.retries = 0;
	if (h->o.retries > 10)
		h->o.retries = 10;
	if (random_bytes(&h->rng, sizeof h->rng) < 0 || !h->rng)
		h->rng = (uint64_t)time(NULL) * 2654435761u ^ (uint64_t)getpid();
	return h;
}

void http_client_free(http_client *h)
{
	if (!h)
		return;
	curl_easy_cleanup(h->curl);
	curl_global_cleanup();
	free((char *)h->o.ca_file);
	free((char *)h->o.user_agent);
	free(h);
}

void http_response_release(struct http_response *r)
{
	if (!r)
		return;
	free(r->content_type);
	free(r->etag);
	free(r->last_modified);
	free(r->url);
	buf_release(&r->body);
	memset(r, 0, sizeof *r);
}

/* --- one attempt ------------------------------------------------------- */

enum stop { STOP_NONE, STOP_TOO_LARGE, STOP_SINK };

struct transfer {
	http_client *h;
	const struct http_request *rq;
	struct http_response *out;
	bool file;      /* a file:// URL: no status line */
	bool started;   /* the first piece of the body came */
	bool to_body;   /* this answer's body is the caller's (2xx) */
	size_t got;
	enum stop stop;
};

static long response_code(CURL *curl)
{
	long code = 0;
	curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
	return code;
}

static size_t on_write(char *data, size_t size, size_t n, void *arg)
{
	struct transfer *t = arg;
	size_t len = size * n;
	size_t max = t->h->o.max_body;
	if (!t->started) {
		/* The headers are in: the status says whose body this is. */
		t->started = true;
		long code = t->file ? 200 : response_code(t->h->curl);
		t->to_body = code >= 200 && code < 300;
		curl_off_t length = -1;
		curl_easy_getinfo(t->h->curl, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length);
		if (t->to_body && max && length > 0 && (uint64_t)length > max) {
			t->stop = STOP_TOO_LARGE;
			return 0;
		}
	}
	if (!t->to_body) {
		/* An error page: keep the start of it for the message. */
		size_t room = HTTP_ERROR_BODY_MAX - t->out->body.len;
		buf_add(&t->out->body, data, len < room ? len : room);
		return len;
	}
	if (max && (t->got + len > max || t->got + len < t->got)) {
		t->stop = STOP_TOO_LARGE;
		return 0;
	}
	t->got += len;
	const struct http_sink *sink = t->rq->sink;
	if (sink) {
		if (sink->write(sink->ctx, data, len) < 0) {
			t->stop = STOP_SINK;
			return 0;
		}
	} else {
		buf_add(&t->out->body, data, len);
	}
	return len;
}

static int on_progress(void *arg, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                       curl_off_t ulnow)
{
	(void)ultotal;
	(void)ulnow;
	struct transfer *t = arg;
	if (t->rq->progress && (!t->started || t->to_body))
		t->rq->progress(t->rq->progress_ctx, (int64_t)dlnow, (int64_t)dltotal);
	return 0;
}

static struct curl_slist *add_header(struct curl_slist *list, const char *name,
                                     const char *value)
{
	if (!value)
		return list;
	/* "Name:" with nothing after it is how curl is told to send no such
	 * header. */
	char *line = *value ? xasprintf("%s: %s", name, value) : xasprintf("%s:", name);
	struct curl_slist *next = curl_slist_append(list, line);
	size_t n = strlen(line);
	explicit_bzero(line, n); /* it may hold the token */
	free(line);
	if (!next)
		xalloc_die(n);
	return next;
}

static struct curl_slist *request_headers(const struct http_request *rq, bool with_token)
{
	struct curl_slist *list = NULL;
	list = add_header(list, "Accept", rq->accept);
	list = add_header(list, "Content-Type", rq->body ? rq->content_type : NULL);
	list = add_header(list, "Idempotency-Key", rq->idempotency_key);
	list = add_header(list, "If-None-Match", rq->if_none_match);
	list = add_header(list, "If-Modified-Since", rq->if_modified_since);
	if (with_token && rq->bearer) {
		char *auth = xasprintf("Bearer %s", rq->bearer);
		list = add_header(list, "Authorization", auth);
		explicit_bzero(auth, strlen(auth));
		free(auth);
	}
	/* A small POST is sent at once, without waiting for 100 Continue. */
	list = add_header(list, "Expect", "");
	return list;
}

static void set_options(http_client *h, struct transfer *t, const char *url, bool post,
                        struct curl_slist *headers, char *errbuf)
{
	CURL *c = h->curl;
	const struct http_options *o = &h->o;
	curl_easy_reset(c);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, o->allow_file ? "http,https,file" : "http,https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	if (o->ca_file)
		curl_easy_setopt(c, CURLOPT_CAINFO, o->ca_file);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, o->connect_timeout_ms);
	if (o->timeout_ms > 0)
		curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, o->timeout_ms);
	if (o->stall_ms > 0) {
		curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
		curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, o->stall_ms < 1000 ? 1L : o->stall_ms / 1000);
	}
	if (o->max_body)
		curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)o->max_body);
	curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(c, CURLOPT_USERAGENT, o->user_agent);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_write);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, t);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
	if (t->rq->progress) {
		curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
		curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
		curl_easy_setopt(c, CURLOPT_XFERINFODATA, t);
	}
	if (post) {
		curl_easy_setopt(c, CURLOPT_POST, 1L);
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, t->rq->body ? t->rq->body : "");
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
		                 (curl_off_t)(t->rq->body ? t->rq->body_len : 0));
	} else {
		curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
	}
}

static char *header_value(CURL *curl, const char *name)
{
	struct curl_header *hdr = NULL;
	if (curl_easy_header(curl, name, 0, CURLH_HEADER, -1, &hdr) != CURLHE_OK || !hdr->value)
		return NULL;
	return xstrdup(hdr->value);
}

/* Retry-After in milliseconds: -1 when absent or unreadable. */
static long retry_after_ms(CURL *curl)
{
	char *v = header_value(curl, "Retry-After");
	if (!v)
		return -1;
	long ms = -1;
	char *end;
	errno = 0;
	long secs = strtol(v, &end, 10);
	if (end != v && !*end && !errno && secs >= 0)
		ms = secs > 86400 ? 86400000L : secs * 1000;
	else {
		time_t when = curl_getdate(v, NULL);
		if (when >= 0) {
			time_t now = time(NULL);
			ms = when <= now ? 0 : (long)(when - now > 86400 ? 86400 : when - now) * 1000;
		}
	}
	free(v);
	return ms;
}

static uint64_t next_random(http_client *h)
{
	uint64_t x = h->rng;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	h->rng = x;
	return x;
}

/* The wait before retry number `attempt` (0 for the first retry): half the
 * doubled backoff plus a random part of the other half, so that clients
 * that failed together do not come back together. */
static long backoff_ms(http_client *h, int attempt)
{
	long cap = h->o.backoff_max_ms > 0 ? h->o.backoff_max_ms : HTTP_DEFAULT_BACKOFF_MAX_MS;
	long d = h->o.backoff_ms > 0 ? h->o.backoff_ms : 1;
	for (int i = 0; i < attempt && d < cap; i++)
		d *= 2;
	if (d > cap)
		d = cap;
	return d / 2 + (long)(next_random(h) % (uint64_t)(d / 2 + 1));
}

static long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static bool retryable_status(long status)
{
	return status == 408 || status == 429 || (status >= 500 && status <= 599);
}

static bool is_redirect(long status)
{
	return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

/* Scheme, host and port of url (heap strings), or -1. */
static int url_origin(const char *url, char **scheme, char **host, char **port)
{
	*scheme = *host = *port = NULL;
	CURLU *u = curl_url();
	if (!u)
		return -1;
	int rc = -1;
	char *s = NULL, *h = NULL, *p = NULL;
	if (curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_SCHEME, &s, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &h, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_PORT, &p, CURLU_DEFAULT_PORT) == CURLUE_OK) {
		*scheme = xstrdup(s);
		*host = xstrdup(h);
		*port = xstrdup(p);
		rc = 0;
	}
	curl_free(s);
	curl_free(h);
	curl_free(p);
	curl_url_cleanup(u);
	return rc;
}

/* Whether the hop from `from` to `to` may be taken. *same_host tells
 * whether the token may go along. Sets *err when not. */
static bool redirect_allowed(const struct http_options *o, const char *from, const char *to,
                             bool *same_host, char **err)
{
	char *fs, *fh, *fp, *ts, *th, *tp;
	bool ok = false;
	*same_host = false;
	if (url_origin(from, &fs, &fh, &fp) < 0 || url_origin(to, &ts, &th, &tp) < 0) {
		*err = xasprintf("the server redirected to an address clerk cannot read");
		free(fs);
		free(fh);
		free(fp);
		return false;
	}
	bool web = !strcasecmp(ts, "http") || !strcasecmp(ts, "https");
	bool downgrade = !strcasecmp(fs, "https") && strcasecmp(ts, "https");
	*same_host = !strcasecmp(fh, th) && !strcmp(fp, tp);
	if (o->redirects == HTTP_REDIRECT_NONE)
		*err = xasprintf("the server redirected to %s://%s:%s; clerk does not follow redirects "
		                 "here", ts, th, tp);
	else if (!web)
		*err = xasprintf("the server redirected to a %s URL; clerk follows only http and https",
		                 ts);
	else if (o->redirects == HTTP_REDIRECT_SAME_HOST && (!*same_host || downgrade))
		*err = xasprintf("the server redirected to another %s (%s://%s:%s); clerk does not "
		                 "follow it", downgrade && *same_host ? "scheme" : "host", ts, th, tp);
	else
		ok = true;
	free(fs);
	free(fh);
	free(fp);
	free(ts);
	free(th);
	free(tp);
	return ok;
}

static char *seconds(long ms)
{
	if (ms % 1000 == 0)
		return xasprintf("%ld s", ms / 1000);
	return xasprintf("%.1f s", (double)ms / 1000.0);
}

/* The message for a transfer that got no answer. */
static char *transport_error(http_client *h, CURLcode res, const char *errbuf)
{
	const struct http_options *o = &h->o;
	if (res == CURLE_OPERATION_TIMEDOUT) {
		double connect = 0;
		curl_easy_getinfo(h->curl, CURLINFO_CONNECT_TIME, &connect);
		char *s;
		char *msg;
		if (connect <= 0) {
			s = seconds(o->connect_timeout_ms);
			msg = xasprintf("no connection within %s", s);
		} else {
			s = seconds(o->timeout_ms > 0 ? o->timeout_ms : o->stall_ms);
			msg = xasprintf("no answer within %s", s);
		}
		free(s);
		return msg;
	}
	if (res == CURLE_FILESIZE_EXCEEDED)
		return xasprintf("the answer is larger than %zu bytes", o->max_body);
	if (res == CURLE_COULDNT_CONNECT)
		return xstrdup("the connection was refused");
	if (res == CURLE_COULDNT_RESOLVE_HOST)
		return xstrdup("the host name is not known");
	if (res == CURLE_PEER_FAILED_VERIFICATION || res == CURLE_SSL_CACERT_BADFILE ||
	    res == CURLE_SSL_CONNECT_ERROR || res == CURLE_SSL_CERTPROBLEM)
		return xasprintf("TLS: %s", *errbuf ? errbuf : curl_easy_strerror(res));
	return xstrdup(*errbuf ? errbuf : curl_easy_strerror(res));
}

static void take_headers(http_client *h, struct http_response *out)
{
	char *ct = NULL;
	curl_easy_getinfo(h->curl, CURLINFO_CONTENT_TYPE, &ct);
	free(out->content_type);
	out->content_type = ct ? xstrdup(ct) : NULL;
	free(out->etag);
	out->etag = header_value(h->curl, "ETag");
	free(out->last_modified);
	out->last_modified = header_value(h->curl, "Last-Modified");
}

static int start_over(const struct http_request *rq, struct http_response *out, char **err)
{
	buf_reset(&out->body);
	if (rq->sink && rq->sink->rewind && rq->sink->rewind(rq->sink->ctx) < 0) {
		*err = rq->sink->error ? rq->sink->error(rq->sink->ctx)
		                       : xstrdup("cannot start the download over");
		return -1;
	}
	return 0;
}

/* One request through its attempts and redirects. */
struct call {
	http_client *h;
	const struct http_request *rq;
	struct http_response *out;
	char *url;                  /* where the next attempt goes */
	struct curl_slist *headers;
	bool post;
	bool may_retry;             /* a GET, or a POST with its idempotency key */
	bool with_token;            /* the bearer token still goes along */
	int redirects;
	long start;                 /* ms, for the deadline */
	char *why;                  /* why the last attempt got no answer */
};

enum next { NEXT_ANSWER, NEXT_FAIL, NEXT_AGAIN };

/* Takes the redirect of the answer in hand when the policy allows it. */
static enum next follow(struct call *c, const char *to)
{
	bool same_host;
	if (!redirect_allowed(&c->h->o, c->url, to, &same_host, &c->why))
		return NEXT_FAIL;
	if (++c->redirects > HTTP_MAX_REDIRECTS) {
		c->why = xasprintf("more than %d redirects", HTTP_MAX_REDIRECTS);
		return NEXT_FAIL;
	}
	if (c->post && c->out->status != 307 && c->out->status != 308) {
		c->why = xasprintf("the server answered a POST with redirect %ld", c->out->status);
		return NEXT_FAIL;
	}
	if (!same_host && c->with_token && c->rq->bearer) {
		/* The token is for the host it was given for. */
		c->with_token = false;
		curl_slist_free_all(c->headers);
		c->headers = request_headers(c->rq, false);
	}
	free(c->url);
	c->url = xstrdup(to);
	if (start_over(c->rq, c->out, &c->why) < 0)
		return NEXT_FAIL;
	c->out->attempts--; /* a hop is not a new attempt */
	return NEXT_AGAIN;
}

/* After a retryable outcome: waits and starts over, unless retries, the
 * deadline or the request's kind say the outcome stands. */
static enum next retry(struct call *c, long wait)
{
	const struct http_options *o = &c->h->o;
	enum next stands = c->why ? NEXT_FAIL : NEXT_ANSWER;
	if (!c->may_retry || c->out->attempts > o->retries)
		return stands;
	long pause = backoff_ms(c->h, c->out->attempts - 1);
	if (wait > pause)
		pause = wait;
	/* An attempt that could not end before the deadline is not made. */
	long next = pause + (o->timeout_ms > 0 ? o->timeout_ms : 0);
	if (o->deadline_ms > 0 && now_ms() - c->start + next > o->deadline_ms)
		return stands;
	sleep_ms(pause);
	free(c->why);
	c->why = NULL;
	if (start_over(c->rq, c->out, &c->why) < 0)
		return NEXT_FAIL;
	c->out->status = 0;
	return NEXT_AGAIN;
}

/* One attempt, and what comes of it. */
static enum next attempt(struct call *c)
{
	http_client *h = c->h;
	struct transfer t = {.h = h, .rq = c->rq, .out = c->out};
	t.file = !strncasecmp(c->url, "file:", 5);
	char errbuf[CURL_ERROR_SIZE] = "";
	set_options(h, &t, c->url, c->post, c->headers, errbuf);
	c->out->attempts++;
	CURLcode res = curl_easy_perform(h->curl);
	/* The handle must not keep pointers into this frame. */
	curl_easy_setopt(h->curl, CURLOPT_ERRORBUFFER, NULL);
	free(c->why);
	c->why = NULL;
	if (t.stop == STOP_TOO_LARGE || res == CURLE_FILESIZE_EXCEEDED) {
		c->why = xasprintf("the answer is larger than %zu bytes", h->o.max_body);
		return NEXT_FAIL;
	}
	if (t.stop == STOP_SINK) {
		const struct http_sink *sink = c->rq->sink;
		c->why = sink->error ? sink->error(sink->ctx) : xstrdup("cannot keep the answer");
		return NEXT_FAIL;
	}
	if (res != CURLE_OK) {
		c->why = transport_error(h, res, errbuf);
		return res == CURLE_OPERATION_TIMEDOUT ? retry(c, -1) : NEXT_FAIL;
	}
	struct http_response *out = c->out;
	out->status = t.file ? 200 : response_code(h->curl);
	take_headers(h, out);
	free(out->url);
	out->url = xstrdup(c->url);
	char *to = NULL;
	curl_easy_getinfo(h->curl, CURLINFO_REDIRECT_URL, &to);
	if (is_redirect(out->status) && to)
		return follow(c, to);
	if (!retryable_status(out->status))
		return NEXT_ANSWER;
	long wait = retry_after_ms(h->curl);
	if (wait > h->o.backoff_max_ms)
		return NEXT_ANSWER; /* later than we wait: the answer stands */
	return retry(c, wait);
}

int http_request(http_client *h, const struct http_request *rq, struct http_response *out,
                 char **err)
{
	memset(out, 0, sizeof *out);
	buf_init(&out->body);
	bool post = rq->method && !strcasecmp(rq->method, "POST");
	struct call c = {
	        .h = h,
	        .rq = rq,
	        .out = out,
	        .url = xstrdup(rq->url),
	        .headers = request_headers(rq, true),
	        .post = post,
	        .may_retry = !post || (rq->idempotency_key && *rq->idempotency_key),
	        .with_token = true,
	        .start = now_ms(),
	};
	enum next n;
	while ((n = attempt(&c)) == NEXT_AGAIN)
		;
	int rc = 0;
	if (n == NEXT_FAIL) {
		rc = -1;
		if (!c.why)
			c.why = xstrdup("no answer");
		if (out->attempts > 1)
			*err = xasprintf("%s after %d tries", c.why, out->attempts);
		else
			*err = xstrdup(c.why);
	}
	free(c.why);
	/* Nor to the request's headers. */
	curl_easy_reset(h->curl);
	curl_slist_free_all(c.headers);
	free(c.url);
	return rc;
}

/* --- helpers ----------------------------------------------------------- */

bool http_media_type_is(const char *content_type, const char *type)
{
	if (!content_type || !type)
		return false;
	while (*content_type == ' ' || *content_type == '\t')
		content_type++;
	size_t n = strcspn(content_type, ";");
	while (n && (content_type[n - 1] == ' ' || content_type[n - 1] == '\t'))
		n--;
	size_t want = strlen(type);
	if (*type == '+')
		return n > want && !strncasecmp(content_type + n - want, type, want) &&
		       memchr(content_type, '/', n);
	return n == want && !strncasecmp(content_type, type, n);
}

char *http_escape(const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	struct buf b;
	buf_init(&b);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    *p == '-' || *p == '.' || *p == '_' || *p == '~') {
			buf_addc(&b, (char)*p);
		} else {
			buf_addc(&b, '%');
			buf_addc(&b, hex[*p >> 4]);
			buf_addc(&b, hex[*p & 15]);
		}
	}
	return buf_detach(&b);
}

int http_new_key(char key[HTTP_KEY_SIZE], char **err)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char raw[(HTTP_KEY_SIZE - 1) / 2];
	if (random_bytes(raw, sizeof raw) < 0) {
		if (err)
			*err = xasprintf("no randomness for an idempotency key: %s", strerror(errno));
		return -1;
	}
	for (size_t i = 0; i < sizeof raw; i++) {
		key[2 * i] = hex[raw[i] >> 4];
		key[2 * i + 1] = hex[raw[i] & 15];
	}
	key[HTTP_KEY_SIZE - 1] = '\0';
	return 0;
}
