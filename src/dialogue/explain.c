/*
 * explain.c: a recommendation's reason in the language pack's words.
 */
#include "src/dialogue/explain.h"

#include <stdio.h>
#include <stdlib.h>

#include "common/xalloc.h"

static char *first_known(const replies *rp, const char *key, const struct reply_var *vars,
                         size_t n_vars)
{
	for (size_t i = 0; i < replies_count(rp, key); i++) {
		bool missing = false;
		char *s = replies_render_nth(rp, key, i, vars, n_vars, &missing);
		if (s && !missing)
			return s;
		free(s);
	}
	return NULL;
}

char *explain_recommendation(const replies *rp, const struct recommendation *r)
{
	if (!rp || !r->reason)
		return NULL;
	char count[24];
	snprintf(count, sizeof count, "%u", r->count);
	const struct reply_var vars[] = {{"about", r->about}, {"count", r->count ? count : NULL}};
	char *line = NULL;
	if (r->count == 1) {
		char *key = xasprintf("reason.%s.one", r->reason);
		line = first_known(rp, key, vars, 2);
		free(key);
	}
	if (!line) {
		char *key = xasprintf("reason.%s", r->reason);
		line = first_known(rp, key, vars, 2);
		free(key);
	}
	return line;
}
