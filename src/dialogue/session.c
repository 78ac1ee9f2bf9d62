/*
 * session.c: the front ends' calls beside the conversation, over the
 * dialogue's catalog.
 */
#include "src/dialogue/session.h"

#include <stdint.h>
#include <time.h>

#include "catalog/search/autocomplete.h"
#include "common/xalloc.h"
#include "src/dialogue/dialogue_int.h"

int session_prepare_completion(dialogue *d, char **err)
{
	if (d->complete)
		return 0;
	d->complete = autocomplete_new(d->cat, err);
	return d->complete ? 0 : -1;
}

char *session_complete(dialogue *d, const char *typed)
{
	struct completion c;
	if (!d->complete || autocomplete_suggest(d->complete, typed, &c, 1) == 0)
		return NULL;
	char *line = xstrdup(c.text);
	autocomplete_release(&c, 1);
	return line;
}

int session_details(dialogue *d, const char *id, struct product_view *out, char **err)
{
	return product_view_load(d->cat, id, true, out, err);
}

int session_staff_sign_in(dialogue *d, const char *pin, int lockout_seconds,
                          struct staff_signin *out, char **err)
{
	return staff_pin_check(d->cat, pin, (int64_t)time(NULL), lockout_seconds, out, err);
}

int session_staff_orders(dialogue *d, const char *who, size_t limit, struct staff_order **out,
                         size_t *n, char **err)
{
	return staff_orders_find(d->cat, who, limit, out, n, err);
}

int session_staff_handoffs(dialogue *d, size_t limit, struct staff_handoff **out, size_t *n,
                           char **err)
{
	return staff_handoffs_recent(d->cat, limit, out, n, err);
}
