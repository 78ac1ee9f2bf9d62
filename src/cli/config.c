/*
 * config.c: reading config.ini with inih into struct config.
 *
 * Each key is one row of `keys` with the parser that stores it, so a new
 * setting is one table line and one field.
 */
#include "src/cli/config.h"

#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <ini.h>

#include "common/xalloc.h"

enum kind { K_STRING, K_INT, K_BOOL };

struct key {
	const char *name;
	enum kind kind;
	size_t offset;
	long min, max; /* K_INT bounds */
};

#define STR(field) K_STRING, offsetof(struct config, field), 0, 0
#define INT(field, lo, hi) K_INT, offsetof(struct config, field), lo, hi
#define BOOL(field) K_BOOL, offsetof(struct config, field), 0, 0

static const struct key keys[] = {
	{"orders_url", STR(orders_url)},
	{"orders_token", STR(orders_token)},
	{"orders_connect_timeout_ms", INT(orders_connect_timeout_ms, 1, 600000)},
	{"orders_timeout_ms", INT(orders_timeout_ms, 1, 600000)},
	{"orders_retries", INT(orders_retries, 0, 10)},
	{"orders_deadline_ms", INT(orders_deadline_ms, 1, 3600000)},
	{"http_ca_file", STR(http_ca_file)},
	{"language", STR(language)},
	{"dictionary", STR(dictionary)},
	{"kiosk_idle_seconds", INT(kiosk_idle_seconds, 1, 86400)},
	{"kiosk_countdown_seconds", INT(kiosk_countdown_seconds, 0, 600)},
	{"kiosk_lockout_seconds", INT(kiosk_lockout_seconds, 1, 86400)},
	{"kiosk_payment", STR(kiosk_payment)},
	{"shop_delivery", STR(shop_delivery)},
	{"shop_returns", STR(shop_returns)},
	{"shop_payment", STR(shop_payment)},
	{"shop_location", STR(shop_location)},
	{"color", BOOL(color)},
	{"personal_ranking", BOOL(personal_ranking)},
};

void config_init(struct config *c)
{
	memset(c, 0, sizeof *c);
	c->language = xstrdup("en");
	c->orders_connect_timeout_ms = 2000;
	c->orders_timeout_ms = 5000;
	c->orders_retries = 2;
	c->orders_deadline_ms = 12000;
	c->kiosk_idle_seconds = 120;
	c->kiosk_countdown_seconds = 10;
	c->kiosk_lockout_seconds = 300;
	c->kiosk_payment = xstrdup("at the counter");
	c->color = true;
	c->personal_ranking = true;
}

void config_release(struct config *c)
{
	if (!c)
		return;
	free(c->path);
	free(c->orders_url);
	free(c->dictionary);
	free(c->orders_token);
	free(c->http_ca_file);
	free(c->language);
	free(c->kiosk_payment);
	free(c->shop_delivery);
	free(c->shop_returns);
	free(c->shop_payment);
	free(c->shop_location);
	memset(c, 0, sizeof *c);
}

char *config_default_path(void)
{
	const char *env = getenv("CLERK_CONFIG");
	if (env && *env)
		return xstrdup(env);
	const char *xdg = getenv("XDG_CONFIG_HOME");
	if (xdg && *xdg)
		return xasprintf("%s/clerk/config.ini", xdg);
	const char *home = getenv("HOME");
	if (home && *home)
		return xasprintf("%s/.config/clerk/config.ini", home);
	return NULL;
}

struct parse {
	struct config *c;
	char *error; /* the first bad value */
	int line;
};

static bool parse_bool(const char *v, bool *out)
{
	static const char *const yes[] = {"1", "true", "yes", "on"};
	static const char *const no[] = {"0", "false", "no", "off"};
	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
		if (!strcasecmp(v, yes[i]))
			return *out = true, true;
		if (!strcasecmp(v, no[i]))
			return *out = false, true;
	}
	return false;
}

static char *set_value(struct config *c, const struct key *k, const char *value)
{
	char *field = (char *)c + k->offset;
	if (k->kind == K_STRING) {
		char **s = (char **)(void *)field;
		free(*s);
		*s = *value ? xstrdup(value) : NULL;
		return NULL;
	}
	if (k->kind == K_BOOL) {
		bool b;
		if (!parse_bool(value, &b))
			return xasprintf("%s must be true or false, not '%s'", k->name, value);
		*(bool *)(void *)field = b;
		return NULL;
	}
	char *end = NULL;
	errno = 0;
	long n = strtol(value, &end, 10);
	if (errno || end == value || *end || n < k->min || n > k->max)
		return xasprintf("%s must be a whole number from %ld to %ld, not '%s'",
		                 k->name, k->min, k->max, value);
	*(int *)(void *)field = (int)n;
	return NULL;
}

static int on_pair(void *user, const char *section, const char *name, const char *value)
{
	struct parse *p = user;
	char *full = *section ? xasprintf("%s_%s", section, name) : xstrdup(name);
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		if (strcasecmp(full, keys[i].name))
			continue;
		char *bad = set_value(p->c, &keys[i], value);
		if (bad && !p->error)
			p->error = bad;
		else
			free(bad);
		free(full);
		return bad ? 0 : 1;
	}
	free(full);
	return 1;
}

int config_load(struct config *c, const char *path, char **err)
{
	char *owned = path ? NULL : config_default_path();
	const char *file = path ? path : owned;
	bool must_exist = path || (getenv("CLERK_CONFIG") && *getenv("CLERK_CONFIG"));
	struct parse p = {c, NULL, 0};
	int rc = -1;
	struct stat st;
	if (!file || stat(file, &st) < 0) {
		if (file && must_exist) {
			if (err)
				*err = xasprintf("cannot read config %s: %s", file, strerror(errno));
			goto cleanup;
		}
		rc = 0;
		goto cleanup;
	}
	/* a line as long as a shop's delivery terms: the line buffer on the
	 * heap, grown as needed (Debian's inih sets these at run time) */
	ini_use_stack = false;
	ini_allow_realloc = true;
	ini_max_line = 64 * 1024;
	int line = ini_parse(file, on_pair, &p);
	if (line < 0) {
		if (err)
			*err = xasprintf("cannot read config %s", file);
		goto cleanup;
	}
	if (line > 0) {
		if (err)
			*err = xasprintf("%s:%d: %s", file, line,
			                 p.error ? p.error : "not a key = value line");
		goto cleanup;
	}
	free(c->path);
	c->path = xstrdup(file);
	rc = 0;
cleanup:
	free(p.error);
	free(owned);
	return rc;
}
