/*
 * order_json.c: field-by-field reading of the order service's answers.
 */
#include "src/dialogue/order_json.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"

/* The largest amount taken, in the currency's main unit. */
#define MAX_AMOUNT 1e10
#define MAX_QUANTITY 1000000

struct reader {
	char *err; /* the first problem */
};

static bool bad(struct reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static bool bad(struct reader *r, const char *fmt, ...)
{
	if (!r->err) {
		va_list ap;
		va_start(ap, fmt);
		char tmp[256];
		vsnprintf(tmp, sizeof tmp, fmt, ap);
		va_end(ap);
		/* one line, whatever a quoted value of the answer held */
		for (char *c = tmp; *c; c++)
			if ((unsigned char)*c < 0x20 || *c == 0x7f)
				*c = ' ';
		r->err = xstrdup(tmp);
	}
	return false;
}

/* A string field: required, or optional (absent or null leaves *out NULL). */
static bool text(struct reader *r, const cJSON *obj, const char *name, const char *where,
                 bool required, char **out)
{
	*out = NULL;
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
	if (!v || cJSON_IsNull(v)) {
		if (required)
			return bad(r, "%s%s is missing", where, name);
		return true;
	}
	if (!cJSON_IsString(v) || !v->valuestring)
		return bad(r, "%s%s is not a string", where, name);
	size_t n = strlen(v->valuestring);
	if (n > ORDER_JSON_MAX_TEXT)
		return bad(r, "%s%s is longer than %d bytes", where, name, ORDER_JSON_MAX_TEXT);
	if (required && !n)
		return bad(r, "%s%s is empty", where, name);
	*out = xstrdup(v->valuestring);
	return true;
}

/* A number field; *present tells whether it was there (NULL: required). */
static bool number(struct reader *r, const cJSON *obj, const char *name, const char *where,
                   double lo, double hi, bool whole, double *out, bool *present)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
	if (present)
		*present = v && !cJSON_IsNull(v);
	if (!v || cJSON_IsNull(v)) {
		if (!present)
			return bad(r, "%s%s is missing", where, name);
		return true;
	}
	if (!cJSON_IsNumber(v))
		return bad(r, "%s%s is not a number", where, name);
	double d = v->valuedouble;
	if (!isfinite(d) || d < lo || d > hi)
		return bad(r, "%s%s is out of range", where, name);
	if (whole && d != floor(d))
		return bad(r, "%s%s is not a whole number", where, name);
	*out = d;
	return true;
}

static int64_t cents(double amount)
{
	return (int64_t)llround(amount * 100.0);
}

/* An array field: required, or optional (absent or null: n = 0). */
static bool array(struct reader *r, const cJSON *obj, const char *name, bool required,
                  const cJSON **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
	if (!v || cJSON_IsNull(v))
		return required ? bad(r, "%s is missing", name) : true;
	if (!cJSON_IsArray(v))
		return bad(r, "%s is not an array", name);
	int size = cJSON_GetArraySize(v);
	if (size > ORDER_JSON_MAX_LINES)
		return bad(r, "%s has more than %d entries", name, ORDER_JSON_MAX_LINES);
	*out = v;
	*n = (size_t)size;
	return true;
}

static bool read_item(struct reader *r, const cJSON *v, size_t i, struct order_item *it)
{
	char where[48];
	snprintf(where, sizeof where, "items[%zu].", i);
	if (!cJSON_IsObject(v))
		return bad(r, "items[%zu] is not an object", i);
	double quantity = 0, price = 0, returned = 0;
	bool has_returned;
	if (!text(r, v, "product", where, true, &it->product) ||
	    !text(r, v, "name", where, false, &it->name) ||
	    !number(r, v, "quantity", where, 1, MAX_QUANTITY, true, &quantity, NULL) ||
	    !number(r, v, "price", where, 0, MAX_AMOUNT, false, &price, NULL) ||
	    !number(r, v, "returned", where, 0, MAX_QUANTITY, true, &returned, &has_returned))
		return false;
	if (returned > quantity)
		return bad(r, "%sreturned is more than its quantity", where);
	it->quantity = (int64_t)quantity;
	it->price_cents = cents(price);
	it->returned = (int64_t)returned;
	return true;
}

static bool read_event(struct reader *r, const cJSON *v, size_t i, struct order_event *ev)
{
	char where[48];
	snprintf(where, sizeof where, "events[%zu].", i);
	if (!cJSON_IsObject(v))
		return bad(r, "events[%zu] is not an object", i);
	return text(r, v, "at", where, true, &ev->at) &&
	       text(r, v, "status", where, true, &ev->status) &&
	       text(r, v, "location", where, false, &ev->location);
}

static bool read_order(struct reader *r, const cJSON *root, struct order *o)
{
	if (!cJSON_IsObject(root))
		return bad(r, "the answer is not a JSON object");
	double total = 0;
	if (!text(r, root, "id", "", true, &o->id) ||
	    !text(r, root, "status", "", true, &o->status) ||
	    !text(r, root, "placed_at", "", true, &o->placed_at) ||
	    !number(r, root, "total", "", 0, MAX_AMOUNT, false, &total, NULL) ||
	    !text(r, root, "currency", "", true, &o->currency) ||
	    !text(r, root, "carrier", "", false, &o->carrier) ||
	    !text(r, root, "tracking", "", false, &o->tracking))
		return false;
	if (!order_status_valid(o->status))
		return bad(r, "status '%.40s' is not one of pending, paid, shipped, delivered, "
		              "cancelled, returned", o->status);
	if (strlen(o->currency) > 8)
		return bad(r, "currency is not a currency code");
	o->total_cents = cents(total);
	const cJSON *items, *events;
	size_t n_items, n_events;
	if (!array(r, root, "items", true, &items, &n_items) ||
	    !array(r, root, "events", false, &events, &n_events))
		return false;
	o->items = xcalloc(n_items ? n_items : 1, sizeof *o->items);
	const cJSON *v;
	cJSON_ArrayForEach(v, items) {
		/* Counted first, so that a half-read line is released too. */
		struct order_item *it = &o->items[o->n_items++];
		if (!read_item(r, v, o->n_items - 1, it))
			return false;
	}
	o->events = xcalloc(n_events ? n_events : 1, sizeof *o->events);
	if (events) {
		cJSON_ArrayForEach(v, events) {
			struct order_event *ev = &o->events[o->n_events++];
			if (!read_event(r, v, o->n_events - 1, ev))
				return false;
		}
	}
	return true;
}

int order_json_parse(const char *text, size_t len, struct order *out, char **err)
{
	memset(out, 0, sizeof *out);
	cJSON *root = cJSON_ParseWithLength(text, len);
	if (!root) {
		if (err)
			*err = xstrdup("the answer is not valid JSON");
		return -1;
	}
	struct reader r = {NULL};
	bool ok = read_order(&r, root, out);
	cJSON_Delete(root);
	if (ok)
		return 0;
	order_release(out);
	if (err)
		*err = r.err;
	else
		free(r.err);
	return -1;
}

char *order_json_error(const char *text, size_t len)
{
	cJSON *root = cJSON_ParseWithLength(text, len);
	const cJSON *e = cJSON_GetObjectItemCaseSensitive(root, "error");
	char *msg = NULL;
	if (cJSON_IsString(e) && e->valuestring && *e->valuestring) {
		size_t n = strlen(e->valuestring);
		msg = xstrndup(e->valuestring, n < ORDER_JSON_MAX_TEXT ? n : ORDER_JSON_MAX_TEXT);
	}
	cJSON_Delete(root);
	return msg;
}

static char *print(cJSON *o)
{
	char *s = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	if (!s)
		xalloc_die(0);
	char *out = xstrdup(s);
	cJSON_free(s);
	return out;
}

static void add_string(cJSON *o, const char *name, const char *value)
{
	if (value)
		cJSON_AddStringToObject(o, name, value);
}

static void add_lines(cJSON *o, const struct order_line *lines, size_t n)
{
	cJSON *items = cJSON_AddArrayToObject(o, "items");
	for (size_t i = 0; i < n; i++) {
		cJSON *it = cJSON_CreateObject();
		cJSON_AddStringToObject(it, "product", lines[i].product);
		cJSON_AddNumberToObject(it, "quantity", (double)lines[i].quantity);
		if (lines[i].options)
			cJSON_AddStringToObject(it, "options", lines[i].options);
		cJSON_AddItemToArray(items, it);
	}
}

char *order_json_placement(const struct order_placement *p)
{
	cJSON *o = cJSON_CreateObject();
	add_string(o, "customer", p->customer);
	add_string(o, "email", p->email);
	add_string(o, "postcode", p->postcode);
	add_lines(o, p->items, p->n_items);
	add_string(o, "promotion", p->promotion); /* the service prices it */
	return print(o);
}

char *order_json_change(const struct order_change *ch)
{
	cJSON *o = cJSON_CreateObject();
	add_string(o, "verify", ch->verify);
	if (ch->items)
		add_lines(o, ch->items, ch->n_items);
	add_string(o, "reason", ch->reason);
	return print(o);
}
