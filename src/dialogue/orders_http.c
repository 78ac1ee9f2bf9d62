/*
 * orders_http.c: the order backend over the store's order service
 * (docs/order-api.md), through common/http.h.
 *
 * Every answer is checked before it is believed: its status, its content
 * type, its JSON field by field (order_json.h), and that it is the order
 * asked for. A lookup's good answer is cached in the catalog; when the
 * service fails (no answer, a 5xx after the retries, an answer that is not
 * what the API promises) the cached copy is offered instead, marked stale.
 * Messages in *err are short enough for the shopper to hear and never hold
 * the token.
 */
#include "src/dialogue/orders.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "common/buf.h"
#include "common/http.h"
#include "common/xalloc.h"
#include "src/dialogue/order_json.h"

/* The largest answer taken: an order with a thousand lines fits. */
#define ANSWER_MAX (1024 * 1024)
/* A shopper waits at most about this long for one answer, retries and all. */
#define ORDERS_DEADLINE_MS 12000
/* The most of a service's error message the shopper hears. */
#define MESSAGE_MAX 200

struct service {
	http_client *http;
	char *base;  /* without a trailing slash */
	char *token; /* NULL when none */
	catalog *cache;
};

static void service_free(void *ctx)
{
	struct service *s = ctx;
	if (!s)
		return;
	http_client_free(s->http);
	free(s->base);
	if (s->token) {
		explicit_bzero(s->token, strlen(s->token));
		free(s->token);
	}
	free(s);
}

/* Sends one request to base + path; -1 with *err when no answer came. */
static int call(struct service *s, const char *method, const char *path, const char *body,
                const char *key, struct http_response *r, char **err)
{
	char *url = xasprintf("%s%s", s->base, path);
	const struct http_request rq = {
	        .method = method,
	        .url = url,
	        .body = body,
	        .body_len = body ? strlen(body) : 0,
	        .content_type = body ? "application/json" : NULL,
	        .accept = "application/json",
	        .bearer = s->token,
	        .idempotency_key = key,
	};
	int rc = http_request(s->http, &rq, r, err);
	free(url);
	return rc;
}

static bool is_json(const struct http_response *r)
{
	return http_media_type_is(r->content_type, "application/json") ||
	       http_media_type_is(r->content_type, "+json");
}

/* The order in a 2xx answer, checked to be order `ref` when ref is given. */
static int answer_order(const struct http_response *r, const char *ref, struct order *out,
                        char **err)
{
	if (!is_json(r)) {
		*err = xasprintf("its answer was %.60s, not JSON",
		                 r->content_type ? r->content_type : "of no type");
		return -1;
	}
	char *why = NULL;
	if (order_json_parse(r->body.s, r->body.len, out, &why) < 0) {
		*err = xasprintf("its answer was invalid: %s", why);
		free(why);
		return -1;
	}
	if (ref && strcmp(out->id, ref)) {
		*err = xasprintf("it answered with another order (%.40s)", out->id);
		order_release(out);
		return -1;
	}
	return 0;
}

/* What an answer that is not the expected one means, for the shopper. */
static char *status_error(const struct http_response *r)
{
	char *msg = is_json(r) ? order_json_error(r->body.s, r->body.len) : NULL;
	char *out;
	if (r->status == 401 || r->status == 403)
		out = xasprintf("it refused clerk's credentials (%ld)", r->status);
	else if (msg)
		out = xasprintf("it answered %ld: %.*s", r->status, MESSAGE_MAX, msg);
	else
		out = xasprintf("it answered %ld", r->status);
	free(msg);
	return out;
}

static char *order_path(const char *ref, const char *rest)
{
	char *esc = http_escape(ref);
	char *path = xasprintf("/orders/%s%s", esc, rest);
	free(esc);
	return path;
}

/* The service failed with why: the cached copy of the order, if this
 * verification got one, else the failure. why is consumed into *err. */
static int stale_or_fail(struct service *s, const char *ref, const char *verify, char *why,
                         struct order *out, char **err)
{
	*err = why;
	if (!s->cache)
		return -1;
	char *answer = NULL;
	int64_t at = 0;
	int rc = orders_cache_get(s->cache, s->base, ref, verify, (int64_t)time(NULL), &answer, &at,
	                          NULL);
	if (rc == ORDERS_OK && order_json_parse(answer, strlen(answer), out, NULL) == 0) {
		out->as_of = at;
		rc = ORDERS_STALE;
	} else {
		rc = -1; /* no copy, or locked: the failure is the answer */
	}
	free(answer);
	return rc;
}

static int service_lookup(void *ctx, const char *ref, const char *verify, struct order *out,
                          char **err)
{
	struct service *s = ctx;
	memset(out, 0, sizeof *out);
	if (!ref || !*ref || !verify || !*verify)
		return ORDERS_NO_MATCH;
	char *ev = http_escape(verify);
	char *rest = xasprintf("?verify=%s", ev);
	char *path = order_path(ref, rest);
	free(ev);
	free(rest);
	struct http_response r;
	char *why = NULL;
	int rc = -1;
	if (call(s, "GET", path, NULL, NULL, &r, &why) < 0) {
		rc = stale_or_fail(s, ref, verify, why, out, err);
	} else if (r.status == 200) {
		if (answer_order(&r, ref, out, &why) < 0) {
			rc = stale_or_fail(s, ref, verify, why, out, err);
		} else {
			/* Only the service's own words are cached, for its failures. */
			if (s->cache)
				orders_cache_put(s->cache, s->base, ref, verify, r.body.s,
				                 (int64_t)time(NULL), NULL);
			rc = ORDERS_OK;
		}
	} else if (r.status == 404) {
		rc = ORDERS_NO_MATCH;
	} else if (r.status == 429) {
		rc = ORDERS_LOCKED; /* still too many after the retries: try later */
	} else {
		rc = stale_or_fail(s, ref, verify, status_error(&r), out, err);
	}
	http_response_release(&r);
	free(path);
	return rc;
}

/* A POST that answers with the order: cancel, return, place. ref is the
 * order changed (NULL for place); ok is the status of success. */
static int post_order(struct service *s, const char *path, const char *body, const char *key,
                      const char *ref, long ok, struct order *out, char **err)
{
	struct http_response r;
	int rc = -1;
	if (call(s, "POST", path, body, key, &r, err) < 0) {
		http_response_release(&r);
		return -1;
	}
	if (r.status == ok || (ok == 201 && r.status == 200)) {
		rc = answer_order(&r, ref, out, err) < 0 ? -1 : ORDERS_OK;
	} else if (r.status == 404 && ref) {
		rc = ORDERS_NO_MATCH;
	} else if (r.status == 409) {
		rc = ORDERS_FORBIDDEN;
		char *msg = is_json(&r) ? order_json_error(r.body.s, r.body.len) : NULL;
		*err = msg ? xasprintf("%.*s", MESSAGE_MAX, msg) : NULL;
		free(msg);
	} else if (r.status == 429) {
		rc = ORDERS_LOCKED;
	} else {
		*err = status_error(&r);
	}
	http_response_release(&r);
	return rc;
}

static int service_change(struct service *s, const char *what, const struct order_change *ch,
                          const char *key, struct order *out, char **err)
{
	memset(out, 0, sizeof *out);
	if (!ch->ref || !*ch->ref || !ch->verify || !*ch->verify)
		return ORDERS_NO_MATCH;
	char *body = order_json_change(ch);
	char *path = order_path(ch->ref, what);
	int rc = post_order(s, path, body, key, ch->ref, 200, out, err);
	if (rc == ORDERS_FORBIDDEN) {
		/* The refusal names no state: the order as it is now says it. */
		char *why = NULL;
		struct order now;
		if (service_lookup(s, ch->ref, ch->verify, &now, &why) == ORDERS_OK)
			*out = now;
		else
			order_release(&now);
		free(why);
	}
	free(path);
	free(body);
	return rc;
}

static int service_cancel(void *ctx, const struct order_change *ch, const char *key,
                          struct order *out, char **err)
{
	return service_change(ctx, "/cancel", ch, key, out, err);
}

static int service_return(void *ctx, const struct order_change *ch, const char *key,
                          struct order *out, char **err)
{
	return service_change(ctx, "/returns", ch, key, out, err);
}

static int service_place(void *ctx, const struct order_placement *p, const char *key,
                         struct order *out, char **err)
{
	memset(out, 0, sizeof *out);
	char *body = order_json_placement(p);
	int rc = post_order(ctx, "/orders", body, key, NULL, 201, out, err);
	free(body);
	return rc;
}

/* The host of an http(s) URL (heap), or NULL. */
static char *url_host(const char *url)
{
	const char *p = strstr(url, "://");
	if (!p)
		return NULL;
	p += 3;
	const char *at = NULL;
	for (const char *q = p; *q && !strchr("/?#", *q); q++)
		if (*q == '@')
			at = q;
	if (at)
		p = at + 1;
	const char *close = *p == '[' ? strchr(p, ']') : NULL;
	size_t n = close ? (size_t)(close - p) + 1 : strcspn(p, ":/?#");
	return n ? xstrndup(p, n) : NULL;
}

static bool loopback(const char *host)
{
	return !strcasecmp(host, "localhost") || !strncmp(host, "127.", 4) || !strcmp(host, "[::1]");
}

struct order_backend *orders_http_new(const struct orders_http_options *o, char **err)
{
	bool https = !strncasecmp(o->url, "https://", 8);
	if (!https && strncasecmp(o->url, "http://", 7)) {
		*err = xasprintf("the order service URL must start with https:// or http://, not '%.80s'",
		                 o->url);
		return NULL;
	}
	char *host = url_host(o->url);
	if (!host) {
		*err = xasprintf("the order service URL '%.80s' names no host", o->url);
		return NULL;
	}
	bool plain_remote = !https && !loopback(host);
	free(host);
	if (plain_remote && o->token && *o->token) {
		*err = xstrdup("the order service URL must be https to send it a token "
		               "(plain http only to this machine)");
		return NULL;
	}
	struct http_options h;
	http_options_init(&h);
	if (o->connect_timeout_ms > 0)
		h.connect_timeout_ms = o->connect_timeout_ms;
	if (o->timeout_ms > 0)
		h.timeout_ms = o->timeout_ms;
	if (o->retries >= 0)
		h.retries = o->retries;
	h.deadline_ms = o->deadline_ms > 0 ? o->deadline_ms : ORDERS_DEADLINE_MS;
	h.max_body = ANSWER_MAX;
	h.ca_file = o->ca_file;
	h.user_agent = o->user_agent;
	h.redirects = HTTP_REDIRECT_SAME_HOST;
	struct service *s = xcalloc(1, sizeof *s);
	s->http = http_client_new(&h, err);
	if (!s->http) {
		service_free(s);
		return NULL;
	}
	s->base = xstrdup(o->url);
	size_t n = strlen(s->base);
	while (n && s->base[n - 1] == '/')
		s->base[--n] = '\0';
	s->token = o->token && *o->token ? xstrdup(o->token) : NULL;
	s->cache = o->cache;
	struct order_backend *b = xcalloc(1, sizeof *b);
	b->ctx = s;
	b->remote = true;
	b->lookup = service_lookup;
	b->place = service_place;
	b->cancel = service_cancel;
	b->request_return = service_return;
	b->free = service_free;
	return b;
}
