/*
 * fuzz_order_json: libFuzzer target for the reader of the order service's
 * answers (src/dialogue/order_json.c), the bytes a remote server controls.
 * Nothing may crash, leak or hit undefined behaviour; an answer read as an
 * order must keep the reader's promises (docs/order-api.md): an id and a
 * known status, no string over ORDER_JSON_MAX_TEXT bytes, at most
 * ORDER_JSON_MAX_LINES items and events, positive quantities; one that is
 * not is refused with a one-line message.
 *
 * Built by CMake with CLERK_FUZZ=ON (clang); run by tests/fuzz/run.sh.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "src/dialogue/order_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_text(const char *s, bool required)
{
	if ((required && !s) || (s && strlen(s) > ORDER_JSON_MAX_TEXT))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct order o;
	char *err = NULL;
	if (order_json_parse(text, size, &o, &err) == 0) {
		check_text(o.id, true);
		check_text(o.placed_at, false);
		check_text(o.currency, false);
		check_text(o.carrier, false);
		check_text(o.tracking, false);
		if (!o.status || !order_status_valid(o.status) || o.n_items > ORDER_JSON_MAX_LINES ||
		    o.n_events > ORDER_JSON_MAX_LINES || o.total_cents < 0)
			abort();
		for (size_t i = 0; i < o.n_items; i++)
			if (o.items[i].quantity < 1)
				abort();
		order_release(&o);
	} else if (!err || !*err || strchr(err, '\n')) {
		abort();
	}
	free(err);
	char *e = order_json_error(text, size);
	if (e && strlen(e) > ORDER_JSON_MAX_TEXT)
		abort();
	free(e);
	return 0;
}
