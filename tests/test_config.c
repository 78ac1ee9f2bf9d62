/* Unit tests for src/config.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "src/cli/config.h"

static char dir[] = "/tmp/clerk-config-XXXXXX";

static int make_dir(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int remove_dir(void **state)
{
	(void)state;
	char path[256];
	snprintf(path, sizeof path, "%s/clerk/config.ini", dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/clerk", dir);
	rmdir(path);
	snprintf(path, sizeof path, "%s/c.ini", dir);
	unlink(path);
	rmdir(dir);
	return 0;
}

static char *write_file(const char *text)
{
	char *path = malloc(256);
	snprintf(path, 256, "%s/c.ini", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return path;
}

static void test_defaults(void **state)
{
	(void)state;
	struct config c;
	config_init(&c);
	assert_int_equal(c.kiosk_idle_seconds, 120);
	assert_int_equal(c.kiosk_countdown_seconds, 10);
	assert_string_equal(c.language, "en");
	assert_null(c.orders_url);
	assert_int_equal(c.orders_connect_timeout_ms, 2000);
	assert_int_equal(c.orders_timeout_ms, 5000);
	assert_int_equal(c.orders_retries, 2);
	assert_int_equal(c.orders_deadline_ms, 12000);
	assert_null(c.http_ca_file);
	assert_true(c.color);
	config_release(&c);
	config_release(NULL);
}

static void test_keys_and_sections(void **state)
{
	(void)state;
	char *path = write_file("; clerk settings\n"
	                        "orders_url = https://orders.example.com/api\n"
	                        "language = fr\n"
	                        "[kiosk]\n"
	                        "idle_seconds = 30\n"
	                        "countdown_seconds = 0\n"
	                        "[shop]\n"
	                        "payment = Cards and PayPal\n"
	                        "location = Online only\n"
	                        "[unrelated]\n"
	                        "whatever = 1\n"
	                        "color = off\n");
	struct config c;
	config_init(&c);
	char *err = NULL;
	assert_int_equal(config_load(&c, path, &err), 0);
	assert_null(err);
	assert_string_equal(c.orders_url, "https://orders.example.com/api");
	assert_string_equal(c.language, "fr");
	assert_int_equal(c.kiosk_idle_seconds, 30);
	assert_int_equal(c.kiosk_countdown_seconds, 0);
	assert_string_equal(c.shop_payment, "Cards and PayPal");
	assert_string_equal(c.shop_location, "Online only");
	assert_true(c.color); /* [unrelated] color is unrelated_color */
	assert_string_equal(c.path, path);
	config_release(&c);
	free(path);
}

/* The order service's settings, in their section as the README shows them. */
/* The shop's delivery terms, however long the line that says them. */
static void test_shop_delivery_long_line(void **state)
{
	(void)state;
	char terms[1200];
	size_t n = 0;
	while (n + 40 < sizeof terms)
		n += (size_t)snprintf(terms + n, sizeof terms - n, "Tracked 48 in the UK, 3.49 GBP. ");
	char *text = malloc(sizeof terms + 32);
	assert_non_null(text);
	snprintf(text, sizeof terms + 32, "[shop]\ndelivery = %s\n", terms);
	char *path = write_file(text);
	struct config c;
	config_init(&c);
	char *err = NULL;
	assert_int_equal(config_load(&c, path, &err), 0);
	assert_non_null(c.shop_delivery);
	assert_true(strlen(c.shop_delivery) > 1000);
	assert_non_null(strstr(c.shop_delivery, "Tracked 48"));
	config_release(&c);
	unlink(path);
	free(path);
	free(text);
}

static void test_orders_section(void **state)
{
	(void)state;
	char *path = write_file("[orders]\n"
	                        "url = https://orders.example.com/api\n"
	                        "token = s3cret\n"
	                        "connect_timeout_ms = 500\n"
	                        "timeout_ms = 1500\n"
	                        "retries = 0\n"
	                        "deadline_ms = 3000\n"
	                        "[http]\n"
	                        "ca_file = /etc/clerk/store-ca.pem\n");
	struct config c;
	config_init(&c);
	char *err = NULL;
	assert_int_equal(config_load(&c, path, &err), 0);
	assert_string_equal(c.orders_url, "https://orders.example.com/api");
	assert_string_equal(c.orders_token, "s3cret");
	assert_int_equal(c.orders_connect_timeout_ms, 500);
	assert_int_equal(c.orders_timeout_ms, 1500);
	assert_int_equal(c.orders_retries, 0);
	assert_int_equal(c.orders_deadline_ms, 3000);
	assert_string_equal(c.http_ca_file, "/etc/clerk/store-ca.pem");
	config_release(&c);
	free(path);
	path = write_file("[orders]\nretries = 11\n");
	config_init(&c);
	assert_int_equal(config_load(&c, path, &err), -1);
	assert_non_null(strstr(err, "orders_retries"));
	free(err);
	config_release(&c);
	free(path);
}

static void test_bad_value_names_line(void **state)
{
	(void)state;
	char *path = write_file("language = en\nkiosk_idle_seconds = soon\n");
	struct config c;
	config_init(&c);
	char *err = NULL;
	assert_int_equal(config_load(&c, path, &err), -1);
	assert_non_null(err);
	assert_non_null(strstr(err, ":2:"));
	assert_non_null(strstr(err, "kiosk_idle_seconds"));
	free(err);
	config_release(&c);

	free(path);
	path = write_file("kiosk_idle_seconds = 0\n");
	config_init(&c);
	err = NULL;
	assert_int_equal(config_load(&c, path, &err), -1);
	free(err);
	config_release(&c);

	free(path);
	path = write_file("color = maybe\n");
	config_init(&c);
	err = NULL;
	assert_int_equal(config_load(&c, path, &err), -1);
	assert_non_null(strstr(err, "true or false"));
	free(err);
	config_release(&c);
	free(path);
}

static void test_default_path_lookup(void **state)
{
	(void)state;
	unsetenv("CLERK_CONFIG");
	setenv("XDG_CONFIG_HOME", dir, 1);
	char *p = config_default_path();
	char want[256];
	snprintf(want, sizeof want, "%s/clerk/config.ini", dir);
	assert_string_equal(p, want);
	free(p);

	/* a missing default file: the defaults, no error */
	struct config c;
	config_init(&c);
	assert_int_equal(config_load(&c, NULL, NULL), 0);
	assert_null(c.path);
	config_release(&c);

	unsetenv("XDG_CONFIG_HOME");
	setenv("HOME", "/home/someone", 1);
	p = config_default_path();
	assert_string_equal(p, "/home/someone/.config/clerk/config.ini");
	free(p);

	/* CLERK_CONFIG wins, and must exist */
	setenv("CLERK_CONFIG", "/nonexistent/clerk.ini", 1);
	p = config_default_path();
	assert_string_equal(p, "/nonexistent/clerk.ini");
	free(p);
	config_init(&c);
	char *err = NULL;
	assert_int_equal(config_load(&c, NULL, &err), -1);
	assert_non_null(strstr(err, "/nonexistent/clerk.ini"));
	free(err);
	config_release(&c);
	unsetenv("CLERK_CONFIG");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_keys_and_sections),
		cmocka_unit_test(test_orders_section),
		cmocka_unit_test(test_shop_delivery_long_line),
		cmocka_unit_test(test_bad_value_names_line),
		cmocka_unit_test(test_default_path_lookup),
	};
	return cmocka_run_group_tests(tests, make_dir, remove_dir);
}
