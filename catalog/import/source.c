/*
 * source.c: chunked reading of files, stdin and URLs (through a temporary
 * file filled by libcurl).
 */
#include "catalog/import/source.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/xalloc.h"

/* Large enough that a 1 GB file is a few thousand reads. */
#define CHUNK (256 * 1024)

struct source {
	int fd;
	bool owns_fd;
	char *name;
	char *chunk;
	ssize_t held; /* a peeked chunk waiting to be handed out again, or -1 */
};

bool source_is_url(const char *spec)
{
	static const char *const schemes[] = {"http://", "https://", "file://"};
	for (size_t i = 0; i < sizeof schemes / sizeof schemes[0]; i++)
		if (!strncasecmp(spec, schemes[i], strlen(schemes[i])))
			return true;
	return false;
}

struct fetch {
	int fd;
	int write_errno;
};

static size_t fetch_write(char *data, size_t size, size_t n, void *arg)
{
	struct fetch *f = arg;
	size_t total = size * n, done = 0;
	while (done < total) {
		ssize_t w = write(f->fd, data + done, total - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			f->write_errno = w < 0 ? errno : ENOSPC;
			return 0; /* makes curl stop with CURLE_WRITE_ERROR */
		}
		done += (size_t)w;
	}
	return total;
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

static int fetch_url(const char *url, long timeout, int fd, char **err)
{
	char errbuf[CURL_ERROR_SIZE] = "";
	struct fetch f = {fd, 0};
	int rc = -1;
	CURL *curl = curl_easy_init();
	if (!curl) {
		*err = xstrdup("cannot start libcurl");
		return -1;
	}
	curl_easy_setopt(curl, CURLOPT_URL, url);
	curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https,file");
	curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(curl, CURLOPT_MAXREDIRS, 5L);
	curl_easy_setopt(curl, CURLOPT_FAILONERROR, 1L);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, timeout);
	/* A server that accepts and then goes quiet fails here. */
	curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, timeout);
	curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(curl, CURLOPT_USERAGENT, "clerk/" CLERK_VERSION);
	curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, fetch_write);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, &f);
	CURLcode res = curl_easy_perform(curl);
	if (res == CURLE_OPERATION_TIMEDOUT)
		*err = xasprintf("cannot fetch %s: no answer within %ld s", url, timeout);
	else if (res == CURLE_WRITE_ERROR && f.write_errno)
		*err = xasprintf("cannot fetch %s: writing the temporary copy: %s", url,
		                 strerror(f.write_errno));
	else if (res != CURLE_OK)
		*err = xasprintf("cannot fetch %s: %s", url,
		                 *errbuf ? errbuf : curl_easy_strerror(res));
	else
		rc = 0;
	curl_easy_cleanup(curl);
	return rc;
}

int source_open(const char *spec, long timeout, struct source **out, char **err)
{
	struct source *s = xcalloc(1, sizeof *s);
	s->fd = -1;
	s->held = -1;
	*out = NULL;
	if (timeout <= 0)
		timeout = SOURCE_DEFAULT_TIMEOUT;
	if (!strcmp(spec, "-")) {
		s->fd = STDIN_FILENO;
		s->name = xstrdup("stdin");
	} else if (source_is_url(spec)) {
		s->name = xstrdup(spec);
		s->owns_fd = true;
		s->fd = temp_fd(err);
		if (s->fd < 0 || fetch_url(spec, timeout, s->fd, err) < 0)
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
	free(s);
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
