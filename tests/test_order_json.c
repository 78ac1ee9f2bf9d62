/* Unit tests for src/dialogue/order_json.c: the order service's answers
 * read field by field, and the request bodies. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/dialogue/order_json.h"

#define GOOD                                                                                  \
	"{\"id\":\"10422\",\"status\":\"shipped\",\"placed_at\":\"2026-11-20T10:00:00Z\","      \
	"\"total\":129.99,\"currency\":\"USD\",\"items\":[{\"product\":\"4419\",\"name\":"       \
	"\"Aurora Trail Running Shoe\",\"quantity\":1,\"price\":129.99}],\"carrier\":\"UPS\","   \
	"\"tracking\":\"1Z999AA10123456784\",\"events\":[{\"at\":\"2026-11-21T08:00:00Z\","      \
	"\"status\":\"in transit\",\"location\":\"Memphis, TN\"}],\"loyalty\":{\"points\":12}}"

static int parse(const char *text, struct order *o, char **err)
{
	return order_json_parse(text, strlen(text), o, err);
}

static void test_good_answer(void **state)
{
	(void)state;
	struct order o;
	char *err = NULL;
	assert_int_equal(parse(GOOD, &o, &err), 0);
	assert_string_equal(o.id, "10422");
	assert_string_equal(o.status, "shipped");
	assert_int_equal(o.total_cents, 12999);
	assert_int_equal(o.n_items, 1);
	assert_int_equal(o.items[0].price_cents, 12999);
	assert_int_equal(o.items[0].returned, 0);
	assert_string_equal(o.events[0].location, "Memphis, TN");
	order_release(&o);
	/* Optional fields may be absent or null. */
	const char *lean = "{\"id\":\"1\",\"status\":\"pending\",\"placed_at\":\"x\",\"total\":0,"
	                   "\"currency\":\"EUR\",\"items\":[],\"carrier\":null,\"events\":null}";
	assert_int_equal(parse(lean, &o, &err), 0);
	assert_null(o.carrier);
	assert_null(o.tracking);
	assert_int_equal(o.n_events, 0);
	order_release(&o);
}

/* Each broken answer is refused with the field named. */
static void test_bad_answers(void **state)
{
	(void)state;
	static const struct {
		const char *from, *to, *says;
	} cases[] = {
		{"\"status\":\"shipped\",", "", "status is missing"},
		{"\"status\":\"shipped\"", "\"status\":\"lost\"", "status 'lost' is not one of"},
		/* a control character in a quoted value: the message stays one line */
		{"\"status\":\"shipped\"", "\"status\":\"sh\\nipped\"", "status 'sh ipped' is not"},
		{"\"total\":129.99", "\"total\":\"129.99\"", "total is not a number"},
		{"\"total\":129.99", "\"total\":-1", "total is out of range"},
		{"\"quantity\":1", "\"quantity\":1.5", "items[0].quantity is not a whole number"},
		{"\"quantity\":1", "\"quantity\":0", "items[0].quantity is out of range"},
		{"\"product\":\"4419\",", "", "items[0].product is missing"},
		{"\"id\":\"10422\"", "\"id\":10422", "id is not a string"},
		{"\"id\":\"10422\"", "\"id\":\"\"", "id is empty"},
		{"\"items\":[", "\"items\":\"x\",\"more\":[", "items is not an array"},
		{"\"carrier\":\"UPS\"", "\"carrier\":7", "carrier is not a string"},
		{"\"location\":\"Memphis, TN\"", "\"location\":[]", "events[0].location is not"},
		{"\"at\":\"2026-11-21T08:00:00Z\",", "", "events[0].at is missing"},
		{"\"price\":129.99}", "\"price\":129.99,\"returned\":2}", "returned is more than"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *text = malloc(strlen(GOOD) + 64);
		const char *at = strstr(GOOD, cases[i].from);
		assert_non_null(at);
		size_t head = (size_t)(at - GOOD);
		memcpy(text, GOOD, head);
		strcpy(text + head, cases[i].to);
		strcat(text, at + strlen(cases[i].from));
		struct order o;
		char *err = NULL;
		assert_int_equal(parse(text, &o, &err), -1);
		if (!strstr(err, cases[i].says))
			fail_msg("case %zu: '%s' does not say '%s'", i, err, cases[i].says);
		assert_null(o.id); /* nothing of it is kept */
		free(err);
		free(text);
	}
	struct order o;
	char *err = NULL;
	assert_int_equal(parse("[1,2]", &o, &err), -1);
	assert_string_equal(err, "the answer is not a JSON object");
	free(err);
	assert_int_equal(parse("{\"id\":", &o, &err), -1);
	assert_string_equal(err, "the answer is not valid JSON");
	free(err);
	assert_int_equal(order_json_parse(GOOD, 20, &o, NULL), -1); /* cut short */
}

static void test_limits(void **state)
{
	(void)state;
	size_t n = ORDER_JSON_MAX_TEXT + 10;
	char *name = malloc(n + 1);
	memset(name, 'a', n);
	name[n] = '\0';
	size_t cap = n + 300;
	char *text = malloc(cap);
	snprintf(text, cap, "{\"id\":\"1\",\"status\":\"paid\",\"placed_at\":\"%s\",\"total\":1,"
	                    "\"currency\":\"USD\",\"items\":[]}", name);
	struct order o;
	char *err = NULL;
	assert_int_equal(parse(text, &o, &err), -1);
	assert_non_null(strstr(err, "placed_at is longer than"));
	free(err);
	free(text);
	free(name);
}

static void test_error_and_bodies(void **state)
{
	(void)state;
	const char *e = "{\"error\":\"order 700 is shipped\"}";
	char *msg = order_json_error(e, strlen(e));
	assert_string_equal(msg, "order 700 is shipped");
	free(msg);
	assert_null(order_json_error("<html>", 6));
	assert_null(order_json_error("{\"error\":3}", 11));

	const struct order_line lines[] = {{"4419", 2, NULL}, {"P\"2", 1, "Light Blue, S"}};
	const struct order_placement p = {.customer = "c1", .email = "a@b.c", .items = lines,
	                                  .n_items = 2};
	char *body = order_json_placement(&p);
	assert_string_equal(body, "{\"customer\":\"c1\",\"email\":\"a@b.c\",\"items\":["
	                          "{\"product\":\"4419\",\"quantity\":2},"
	                          "{\"product\":\"P\\\"2\",\"quantity\":1,"
	                          "\"options\":\"Light Blue, S\"}]}");
	free(body);
	const struct order_change all = {.ref = "700", .verify = "SW1A 1AA"};
	body = order_json_change(&all);
	assert_string_equal(body, "{\"verify\":\"SW1A 1AA\"}");
	free(body);
	const struct order_change some = {.ref = "700", .verify = "x@y.z", .items = lines,
	                                  .n_items = 1, .reason = "too big"};
	body = order_json_change(&some);
	assert_string_equal(body, "{\"verify\":\"x@y.z\",\"items\":[{\"product\":\"4419\","
	                          "\"quantity\":2}],\"reason\":\"too big\"}");
	free(body);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_answer),
		cmocka_unit_test(test_bad_answers),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_error_and_bodies),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
