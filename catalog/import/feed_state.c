/*
 * feed_state.c: validators in the settings table, one row per URL:
 * key "feed:URL", value the options, the ETag and Last-Modified on three
 * lines (a header value never holds a newline).
 */
#include "catalog/import/feed_state.h"

#include <stdlib.h>
#include <string.h>

#include "catalog/store/settings.h"
#include "common/xalloc.h"

void feed_state_release(struct feed_state *f)
{
	if (!f)
		return;
	free(f->etag);
	free(f->last_modified);
	memset(f, 0, sizeof *f);
}

static char *key_of(const char *url)
{
	return xasprintf("feed:%s", url);
}

/* The next line of *s (heap; NULL when empty); advances *s. */
static char *take_line(const char **s)
{
	const char *nl = strchr(*s, '\n');
	size_t n = nl ? (size_t)(nl - *s) : strlen(*s);
	char *line = n ? xstrndup(*s, n) : NULL;
	*s += n + (nl != NULL);
	return line;
}

int feed_state_load(catalog *c, const char *url, const char *options, struct feed_state *out,
                    char **err)
{
	memset(out, 0, sizeof *out);
	char *key = key_of(url), *value = NULL;
	int rc = settings_get(c, key, &value, err);
	if (rc == 0 && value) {
		const char *p = value;
		char *opts = take_line(&p);
		if (opts && !strcmp(opts, options)) {
			out->etag = take_line(&p);
			out->last_modified = take_line(&p);
		}
		free(opts);
	}
	free(value);
	free(key);
	return rc;
}

static bool one_line(const char *s)
{
	return s && *s && !strpbrk(s, "\r\n");
}

int feed_state_save(catalog *c, const char *url, const char *options,
                    const struct feed_state *f, char **err)
{
	char *key = key_of(url);
	bool etag = one_line(f->etag), modified = one_line(f->last_modified);
	int rc;
	if ((!etag && !modified) || !one_line(options)) {
		rc = settings_delete(c, key, err);
	} else {
		char *value = xasprintf("%s\n%s\n%s", options, etag ? f->etag : "",
		                        modified ? f->last_modified : "");
		rc = settings_set(c, key, value, err);
		free(value);
	}
	free(key);
	return rc;
}
