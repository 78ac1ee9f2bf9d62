/*
 * http: clerk's HTTP client, the one place libcurl is used (the order
 * service, feeds by URL).
 *
 * A client owns one curl handle, reused request after request so that
 * connections, TLS sessions and DNS answers are kept. Every request has a
 * connect and a total timeout (or, for a feed that may take minutes, a stall
 * limit) and is retried with jittered exponential backoff when the server
 * timed out or answered 408, 429 or 5xx; never after another 4xx, never a
 * POST that carries no idempotency key, and never when it could not end by
 * the deadline. A Retry-After the server sends is honoured when it is no
 * longer than the longest backoff, else the answer is returned as it is.
 * TLS peers are always verified (a CA file may be named; nothing turns
 * verification off). Bodies are capped, and redirects are followed only as
 * the client's policy allows.
 *
 * Not thread-safe: one client serves one thread at a time. Knows nothing of
 * JSON, orders or the catalog. Credentials given in a request are sent and
 * never copied into messages.
 *
 * Errors: http_request() returns 0 when an answer came (whatever its
 * status), -1 with a one-line message in *err (heap; the caller frees it)
 * when none did.
 */
#ifndef CLERK_HTTP_H
#define CLERK_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"

#define HTTP_DEFAULT_CONNECT_MS 2000
#define HTTP_DEFAULT_TIMEOUT_MS 5000
#define HTTP_DEFAULT_RETRIES 2
#define HTTP_DEFAULT_BACKOFF_MS 250
#define HTTP_DEFAULT_BACKOFF_MAX_MS 4000
/* The part of a non-2xx answer's body kept for the caller (an error
 * message); the rest is dropped. */
#define HTTP_ERROR_BODY_MAX (64 * 1024)
#define HTTP_MAX_REDIRECTS 5
/* An idempotency key: 32 hex digits (128 random bits) and the NUL. */
#define HTTP_KEY_SIZE 33

enum http_redirects {
	HTTP_REDIRECT_NONE,      /* a 3xx fails the request */
	HTTP_REDIRECT_SAME_HOST, /* followed to the same host and port, never to http from https */
	HTTP_REDIRECT_ANY,       /* followed to any http or https URL */
};

struct http_options {
	long connect_timeout_ms; /* to connect (and finish TLS) */
	long timeout_ms;         /* one attempt, start to end; 0: no limit */
	long deadline_ms;        /* no retry that could end later than this after the start; 0: none */
	long stall_ms;           /* fail when under a byte a second comes this long; 0: off */
	int retries;             /* attempts after the first, 0-10 */
	long backoff_ms;         /* the first wait before a retry; doubles, jittered */
	long backoff_max_ms;     /* the longest wait, and the longest Retry-After honoured */
	size_t max_body;         /* the largest 2xx body taken, 0: no limit */
	const char *ca_file;     /* CA certificates (PEM) instead of the system's; NULL */
	const char *user_agent;  /* NULL: "clerk" */
	bool allow_file;         /* file:// URLs too (imports) */
	enum http_redirects redirects;
};

/* The defaults above: 2 s to connect, 5 s an attempt, 2 retries, no size
 * limit, no file URLs, same-host redirects. */
void http_options_init(struct http_options *o);

typedef struct http_client http_client;

/* A client with o's settings (copied). NULL with *err when libcurl cannot
 * start. Free with http_client_free(); http_client_free(NULL) is a no-op. */
http_client *http_client_new(const struct http_options *o, char **err);
void http_client_free(http_client *h);

/* The body of a 2xx answer goes to the response's buffer, or to a sink:
 * write() takes each piece and returns 0, or -1 to stop the transfer (its
 * message is then *err of the sink's own making, through sink_error);
 * rewind() starts over before a retry. */
struct http_sink {
	int (*write)(void *ctx, const char *data, size_t n);
	int (*rewind)(void *ctx);
	char *(*error)(void *ctx); /* heap message after write or rewind failed */
	void *ctx;
};

struct http_request {
	const char *method;          /* "GET" (or NULL), "POST" */
	const char *url;
	const char *body;            /* POST body, body_len bytes */
	size_t body_len;
	const char *content_type;    /* of the body */
	const char *accept;          /* Accept header, or NULL */
	const char *bearer;          /* Authorization: Bearer token, or NULL */
	const char *idempotency_key; /* Idempotency-Key; a POST without one is never retried */
	const char *if_none_match;   /* a validator from an earlier answer, or NULL */
	const char *if_modified_since;
	const struct http_sink *sink; /* NULL: keep the body in the response */
	/* Called as bytes arrive: got so far, total expected (0: unknown). */
	void (*progress)(void *ctx, int64_t got, int64_t total);
	void *progress_ctx;
};

struct http_response {
	long status;        /* 200, 404, ...; a file:// URL that was read answers 200 */
	char *content_type; /* as sent, or NULL */
	char *etag;         /* validators, or NULL */
	char *last_modified;
	char *url;          /* the URL that answered, after redirects */
	struct buf body;    /* without a sink, the body (a 2xx one whole up to max_body) */
	int attempts;       /* how many were made */
};

/* Sends rq and waits for its answer, retrying as above. *out is filled in
 * both cases (release it with http_response_release). */
int http_request(http_client *h, const struct http_request *rq, struct http_response *out,
                 char **err);
void http_response_release(struct http_response *r);

/* True when content_type names media type `type` ("application/json"),
 * parameters and case ignored; "application/x+json" matches "+json". */
bool http_media_type_is(const char *content_type, const char *type);

/* Percent-encodes s for a URL path segment or query value. Heap. */
char *http_escape(const char *s);

/* Writes a fresh random idempotency key (32 hex digits) into key. Returns
 * 0, or -1 with *err when the system has no randomness to give. */
int http_new_key(char key[HTTP_KEY_SIZE], char **err);

#endif
