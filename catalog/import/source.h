/*
 * source: the bytes of an import, read in chunks from a path, "-" (standard
 * input) or an http, https or file URL.
 *
 * URLs are fetched with clerk's HTTP client (common/http.h) into an
 * unlinked temporary file first, so an import never holds a whole feed in
 * memory and a transfer error (a 404, a stalled server) is known before the
 * first row is written. A stalled server fails after the timeout (connect
 * and low-speed limits), after the client's retries. Given the validators
 * of an earlier fetch, an http(s) fetch is conditional: a 304 answer opens
 * an empty source that says it is unchanged.
 * Knows nothing of formats or the catalog.
 */
#ifndef CLERK_SOURCE_H
#define CLERK_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct source;

/* Seconds a URL may take to connect, or may send less than one byte a
 * second, before the fetch fails. */
#define SOURCE_DEFAULT_TIMEOUT 30

/* Opens spec. timeout is in seconds (0: SOURCE_DEFAULT_TIMEOUT). On success
 * *out owns the source; release it with source_free(). Returns 0, or -1 with
 * a heap message in *err. */
int source_open(const char *spec, long timeout, struct source **out, char **err);
void source_free(struct source *s);

/* How a URL is fetched; every field may be zero. */
struct source_fetch {
	long timeout;              /* seconds, as for source_open() */
	const char *ca_file;       /* CA certificates for https, or NULL for the system's */
	const char *etag;          /* validators of the last fetch of this URL, or NULL */
	const char *last_modified;
	/* Bytes fetched so far and expected in all (0: unknown), as they come. */
	void (*progress)(void *ctx, int64_t got, int64_t total);
	void *progress_ctx;
};

/* source_open() with the fetch settings f (NULL: defaults). */
int source_open_fetch(const char *spec, const struct source_fetch *f, struct source **out,
                      char **err);

/* True when a conditional fetch was answered 304: the source is empty and
 * the feed is as it was. */
bool source_unchanged(const struct source *s);
/* The validators the server sent with the body (NULL when none, or not a
 * URL): what the next fetch of the URL hands back in struct source_fetch. */
const char *source_etag(const struct source *s);
const char *source_last_modified(const struct source *s);

/* Points *data at the next chunk of bytes and returns its length: 0 at the
 * end, -1 on a read error (message in *err). The chunk stays valid until the
 * next call. */
ssize_t source_next(struct source *s, const char **data, char **err);

/* Like source_next(), but the chunk is handed out again by the next
 * source_next(): for guessing a format from the first bytes. */
ssize_t source_peek(struct source *s, const char **data, char **err);

/* The size in bytes when the source is a file (or a fetched URL), 0 when
 * it cannot be known (a pipe). */
long long source_size(const struct source *s);

/* The name to use in messages: the path or URL as given, "stdin" for "-". */
const char *source_name(const struct source *s);

/* A stream of chunks, the interface the format readers take (so tests can
 * feed them strings): next() points *data at the next chunk and returns its
 * length, 0 at the end, -1 on error with a heap message in *err. A source is
 * one through source_input(). */
struct chunk_input {
	ssize_t (*next)(void *ctx, const char **data, char **err);
	void *ctx;
};

struct chunk_input source_input(struct source *s);

/* True when spec names a URL clerk fetches (http, https, file). */
bool source_is_url(const char *spec);

#endif
