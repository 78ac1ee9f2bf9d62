/*
 * source.c: chunked reading of files, stdin and URLs (through a temporary
 * file filled by the HTTP client).
 */
#include "catalog/import/source.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/http.h"
#include "common/xalloc.h"

/* Large enough that a 1 GB file is a few thousand reads. */
#define CHUNK (256 * 1024)

struct source {
	int fd;
	bool owns_fd;
	char *name;
	char *chunk;
	ssize_t held; /* a peeked chunk waiting to be handed out again, or -1 */
	bool unchanged;
	char *etag;
	char *last_modified;
};

bool source_is_url(const char *spec)
{
	static const char *const schemes[] = {"http://", "https://", "file://"};
	for (size_t i = 0; i < sizeof schemes / sizeof schemes[0]; i++)
		if (!strncasecmp(spec, schemes[i], strlen(schemes[i])))
			return true;
	return false;
}

/* The temporary copy a fetch writes into. */
struct copy {
	int fd;
	int write_errno;
};

static int copy_write(void *arg, const char *data, size_t n)
{
	struct copy *c = arg;
	size_t done = 0;
	while (done < n) {
		ssize_t w = write(c->fd, data + done, n - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			c->write_errno = w < 0 ? errno : ENOSPC;
			return -1;
		}
		done += (size_t)w;
	}
	return 0;
}

static int copy_rewind(void *arg)
{
	struct copy *c = arg;
	if (ftruncate(c->fd, 0) < 0 || lseek(c->fd, 0, SEEK_SET) < 0) {
		c->write_errno = errno;
		return -1;
	}
	return 0;
}

static char *copy_error(void *arg)
{
	struct copy *c = arg;
	return xasprintf("writing the temporary copy: %s", strerror(c->write_errno));
}

/* An unlinked temporary file: it disappears with the process. */
static int temp_fd(char **err)
{
	const char *dir = getenv("TMPDIR");
	char *path = xasprintf("%s/clerk-fetch-XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(path);
	if (fd < 0)
		*err = xasprintf("cannot create a temporary file in %s: %s",
		                 dir && *dir ? dir : "/tmp", strerror(errno));
	else
		unlink(path);
	free(path);
	return fd;
}

static bool is_http(const char *url)
{
	return !strncasecmp(url, "http://", 7) || !strncasecmp(url, "https://", 8);
}

static int fetch_url(struct source *s, const char *url, const struct source_fetch *f,
                     char **err)
{
	long timeout = f->timeout > 0 ? f->timeout : SOURCE_DEFAULT_TIMEOUT;
	struct http_options o;
	http_options_init(&o);
	/* A feed may take minutes: what fails it is a server that stops. */
	o.connect_timeout_ms = timeout * 1000;
	o.timeout_ms = 0;
	o.stall_ms = timeout * 1000;
	o.ca_file = f->ca_file;
	o.user_agent = "clerk/" CLERK_VERSION;
	o.allow_file = true;
	o.redirects = HTTP_REDIRECT_ANY;
	char *why = NULL;
	http_client *h = http_client_new(&o, &why);
	if (!h) {
		*err = xasprintf("cannot fetch %s: %s", url, why);
		free(why);
		return -1;
	}
	struct copy c = {s->fd, 0};
	const struct http_sink sink = {copy_write, copy_rewind, copy_error, &c};
	bool conditional = is_http(url);
	struct http_request rq = {
	        .url = url,
	        .sink = &sink,
	        .if_none_match = conditional ? f->etag : NULL,
	        .if_modified_since = conditional ? f->last_modified : NULL,
	        .progress = f->progress,
	        .progress_ctx = f->progress_ctx,
	};
	struct http_response r;
	int rc = -1;
	if (http_request(h, &rq, &r, &why) < 0) {
		*err = xasprintf("cannot fetch %s: %s", url, why);
		free(why);
	} else if (r.status == 304 && (rq.if_none_match || rq.if_modified_since)) {
		s->unchanged = true;
		rc = 0;
	} else if (r.status < 200 || r.status > 299) {
		*err = xasprintf("cannot fetch %s: the server answered %ld", url, r.status);
	} else {
		s->etag = r.etag ? xstrdup(r.etag) : NULL;
		s->last_modified = r.last_modified ? xstrdup(r.last_modified) : NULL;
		rc = 0;
	}
	http_response_release(&r);
	http_client_free(h);
	return rc;
}

int source_open(const char *spec, long timeout, struct source **out, char **err)
{
	const struct source_fetch f = {.timeout = timeout};
	return source_open_fetch(spec, &f, out, err);
}

int source_open_fetch(const char *spec, const struct source_fetch *f, struct source **out,
                      char **err)
{
	static const struct source_fetch defaults = {0};
	struct source *s = xcalloc(1, sizeof *s);
	s->fd = -1;
	s->held = -1;
	*out = NULL;
	if (!f)
		f = &defaults;
	if (!strcmp(spec, "-")) {
		s->fd = STDIN_FILENO;
		s->name = xstrdup("stdin");
	} else if (source_is_url(spec)) {
		s->name = xstrdup(spec);
		s->owns_fd = true;
		s->fd = temp_fd(err);
		if (s->fd < 0 || fetch_url(s, spec, f, err) < 0)
			goto fail;
		if (lseek(s->fd, 0, SEEK_SET) < 0) {
			*err = xasprintf("cannot read back %s: %s", spec, strerror(errno));
			goto fail;
		}
	} else {
		s->name = xstrdup(spec);
		s->owns_fd = true;
		s->fd = open(spec, O_RDONLY | O_CLOEXEC);
		struct stat st;
		if (s->fd < 0 || fstat(s->fd, &st) < 0) {
			*err = xasprintf("cannot open %s: %s", spec, strerror(errno));
			goto fail;
		}
		if (S_ISDIR(st.st_mode)) {
			*err = xasprintf("cannot open %s: it is a directory", spec);
			goto fail;
		}
		/* /dev/zero never ends; a pipe or "-" is how a stream comes */
		if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) {
			*err = xasprintf("cannot open %s: it is a device, not a file", spec);
			goto fail;
		}
	}
	s->chunk = xmalloc(CHUNK);
	*out = s;
	return 0;
fail:
	source_free(s);
	return -1;
}

void source_free(struct source *s)
{
	if (!s)
		return;
	if (s->owns_fd && s->fd >= 0)
		close(s->fd);
	free(s->chunk);
	free(s->name);
	free(s->etag);
	free(s->last_modified);
	free(s);
}

bool source_unchanged(const struct source *s)
{
	return s->unchanged;
}

const char *source_etag(const struct source *s)
{
	return s->etag;
}

const char *source_last_modified(const struct source *s)
{
	return s->last_modified;
}

ssize_t source_next(struct source *s, const char **data, char **err)
{
	*data = s->chunk;
	if (s->held >= 0) {
		ssize_t n = s->held;
		s->held = -1;
		return n;
	}
	for (;;) {
		ssize_t n = read(s->fd, s->chunk, CHUNK);
		if (n >= 0)
			return n;
		if (errno != EINTR) {
			*err = xasprintf("cannot read %s: %s", s->name, strerror(errno));
			return -1;
		}
	}
}

ssize_t source_peek(struct source *s, const char **data, char **err)
{
	ssize_t n = source_next(s, data, err);
	if (n >= 0)
		s->held = n;
	return n;
}

long long source_size(const struct source *s)
{
	struct stat st;
	if (fstat(s->fd, &st) < 0 || !S_ISREG(st.st_mode))
		return 0;
	return (long long)st.st_size;
}

const char *source_name(const struct source *s)
{
	return s->name;
}

static ssize_t input_next(void *ctx, const char **data, char **err)
{
	return source_next(ctx, data, err);
}

struct chunk_input source_input(struct source *s)
{
	return (struct chunk_input){input_next, s};
}
