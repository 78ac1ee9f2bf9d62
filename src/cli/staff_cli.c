/*
 * staff_cli.c: helpers of the staff subcommands.
 */
#include "src/cli/staff_cli.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/sanitize.h"
#include "common/xalloc.h"
#include "src/cli/app.h"

int64_t staff_cli_date(const char *s)
{
	int y, m, d;
	char tail;
	if (!s || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || m < 1 || m > 12 || d < 1 ||
	    d > 31 || y < 1970 || y > 9999)
		return -1;
	struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d};
	time_t t = timegm(&tm);
	struct tm back;
	/* 2026-02-31 is no date: timegm() would roll it into March */
	if (t == (time_t)-1 || !gmtime_r(&t, &back) || back.tm_mday != d)
		return -1;
	return (int64_t)t;
}

void staff_cli_day(int64_t t, char out[11])
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (!gmtime_r(&tt, &tm) || !strftime(out, 11, "%Y-%m-%d", &tm))
		strcpy(out, "?");
}

int64_t staff_cli_cents(const char *s)
{
	char *end = NULL;
	double v = s ? strtod(s, &end) : -1;
	if (!s || !*s || end == s || *end || !(v >= 0) || v > 1e12)
		return -1;
	return (int64_t)llround(v * 100);
}

bool staff_cli_date_option(const char *option, const char *s, int64_t *out)
{
	int64_t t = staff_cli_date(s);
	if (t < 0) {
		app_error("%s wants a date as YYYY-MM-DD, not '%s'", option, s);
		return false;
	}
	*out = t;
	return true;
}

bool staff_cli_number(const char *option, const char *s, double lo, double hi, double *out)
{
	char *end = NULL;
	double v = strtod(s, &end);
	if (!*s || *end || !(v >= lo && v <= hi)) {
		app_error("%s wants a number from %g to %g, not '%s'", option, lo, hi, s);
		return false;
	}
	*out = v;
	return true;
}

catalog *staff_cli_open(const char *db)
{
	catalog *c = NULL;
	char *err = NULL;
	if (app_open_catalog(db, &c, &err) < 0) {
		app_error("%s", err ? err : "cannot open the catalog");
		free(err);
		return NULL;
	}
	return c;
}

void staff_cli_print_json(cJSON *v)
{
	char *s = cJSON_Print(v);
	puts(s ? s : "null");
	cJSON_free(s);
	cJSON_Delete(v);
}

char *staff_cli_safe(const char *s)
{
	return sanitize_dup(s ? s : "", 0);
}
