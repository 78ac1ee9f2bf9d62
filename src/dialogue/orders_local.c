/*
 * orders_local.c: the order backend over the local catalog's orders.
 */
#include "src/dialogue/orders.h"

#include <stdlib.h>
#include <time.h>

#include "common/xalloc.h"

static int local_lookup(void *ctx, const char *ref, const char *verify, struct order *out,
                        char **err)
{
	return orders_lookup(ctx, ref, verify, (int64_t)time(NULL), out, err);
}

static int local_place(void *ctx, const struct order_placement *p, const char *key,
                       struct order *out, char **err)
{
	return orders_place(ctx, p, key, (int64_t)time(NULL), out, err);
}

static int local_cancel(void *ctx, const struct order_change *ch, const char *key,
                        struct order *out, char **err)
{
	return orders_cancel(ctx, ch, key, (int64_t)time(NULL), out, err);
}

static int local_return(void *ctx, const struct order_change *ch, const char *key,
                        struct order *out, char **err)
{
	return orders_return(ctx, ch, key, (int64_t)time(NULL), out, err);
}

struct order_backend *orders_local_new(catalog *c)
{
	struct order_backend *b = xcalloc(1, sizeof *b);
	b->ctx = c;
	b->lookup = local_lookup;
	b->place = local_place;
	b->cancel = local_cancel;
	b->request_return = local_return;
	b->free = NULL;
	return b;
}

void order_backend_free(struct order_backend *b)
{
	if (!b)
		return;
	if (b->free)
		b->free(b->ctx);
	free(b);
}

char *order_action_key(catalog *c, const char *what, char **err)
{
	char *key = NULL;
	if (orders_pending_key(c, what, (int64_t)time(NULL), &key, err) < 0)
		return NULL;
	return key;
}

void order_action_done(catalog *c, const char *what)
{
	/* Failing to forget costs nothing but a reused key for a new try. */
	orders_pending_done(c, what, NULL);
}
