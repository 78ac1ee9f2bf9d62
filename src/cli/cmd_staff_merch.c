/*
 * cmd_staff_merch.c: `clerk staff pins` (products staff put first in
 * recommendations, catalog/recommend/pins.h) and `clerk staff log` (what
 * staff did, catalog/shop/staff_log.h).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/recommend/pins.h"
#include "catalog/shop/staff_log.h"
#include "common/xalloc.h"
#include "src/cli/app.h"
#include "src/cli/staff_cli.h"

#define LOG_LIMIT 200

/* ---- pins ---- */

static void pins_usage(FILE *out)
{
	fprintf(out,
	        "usage: clerk staff pins [list] [--db PATH]\n"
	        "       clerk staff pins add PRODUCT [--with PRODUCT | --category PATH]\n"
	        "                        [--position N] [--db PATH]\n"
	        "       clerk staff pins remove PRODUCT [--with PRODUCT | --category PATH] [--db PATH]\n"
	        "\n"
	        "Products put first in recommendations: for every list, for baskets holding\n"
	        "a product (--with), or for baskets holding a product of a category\n"
	        "(--category \"Camping > Tents\"). Products are named by their ids. Every\n"
	        "change is logged (clerk staff log).\n");
}

struct pin_args {
	const char *db, *with, *category, *verb, *product;
	int position;
};

static int pins_parse(int argc, char **argv, struct pin_args *a, bool *help)
{
	enum { O_DB = 256, O_WITH, O_CATEGORY, O_POSITION, O_HELP };
	static const struct option opts[] = {
	        {"db", required_argument, NULL, O_DB},
	        {"with", required_argument, NULL, O_WITH},
	        {"category", required_argument, NULL, O_CATEGORY},
	        {"position", required_argument, NULL, O_POSITION},
	        {"help", no_argument, NULL, O_HELP},
	        {NULL, 0, NULL, 0},
	};
	memset(a, 0, sizeof *a);
	*help = false;
	double position = 0;
	int ch;
	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case O_DB: a->db = optarg; break;
		case O_WITH: a->with = optarg; break;
		case O_CATEGORY: a->category = optarg; break;
		case O_POSITION:
			if (!staff_cli_number("--position", optarg, 0, 1000, &position))
				return 2;
			a->position = (int)position;
			break;
		case O_HELP: pins_usage(stdout); *help = true; return 0;
		default:
			app_error("unknown or incomplete option '%s' (see clerk staff pins --help)",
			          argv[optind - 1]);
			return 2;
		}
	}
	a->verb = optind < argc ? argv[optind] : "list";
	a->product = optind + 1 < argc ? argv[optind + 1] : NULL;
	bool list = !strcmp(a->verb, "list");
	bool change = !strcmp(a->verb, "add") || !strcmp(a->verb, "remove");
	if ((!list && !change) || (list && a->product) || (change && !a->product) ||
	    optind + 2 < argc || (a->with && a->category)) {
		pins_usage(stderr);
		return 2;
	}
	return 0;
}

static int pins_show(catalog *c, char **err)
{
	struct pin *p = NULL;
	size_t n = 0;
	if (pins_list(c, &p, &n, err) < 0)
		return -1;
	if (!n)
		printf("no pins\n");
	for (size_t i = 0; i < n; i++) {
		char *product = staff_cli_safe(p[i].product);
		char *scope = staff_cli_safe(p[i].anchor     ? p[i].anchor
		                             : p[i].category ? p[i].category
		                                             : "every list");
		printf("%-3d %-16s %s%s\n", p[i].position, product,
		       p[i].anchor ? "with " : p[i].category ? "in " : "", scope);
		free(product);
		free(scope);
	}
	pins_free(p, n);
	return 0;
}

static int pins_change(catalog *c, const struct pin_args *a, char **err)
{
	bool add = !strcmp(a->verb, "add");
	int rc = add ? pins_add(c, a->product, a->with, a->category, a->position, err)
	             : pins_remove(c, a->product, a->with, a->category, err);
	if (rc < 0)
		return -1;
	/* logged after the change has committed (pins_*() run their own
	 * transaction): a crash in between loses the line, never the pin */
	char *detail = a->with       ? xasprintf("with %s", a->with)
	               : a->category ? xasprintf("in %s", a->category)
	                             : xstrdup("every list");
	rc = staff_log_add(c, add ? "pin.add" : "pin.remove", a->product, detail, err);
	free(detail);
	if (rc < 0)
		return -1;
	printf("%s %s\n", add ? "pinned" : "unpinned", a->product);
	return 0;
}

int staff_pins_cmd(int argc, char **argv)
{
	struct pin_args a;
	bool help;
	int rc = pins_parse(argc, argv, &a, &help);
	if (rc || help)
		return rc;
	catalog *c = staff_cli_open(a.db);
	if (!c)
		return 1;
	char *err = NULL;
	rc = (!strcmp(a.verb, "list") ? pins_show(c, &err) : pins_change(c, &a, &err)) < 0 ? 1 : 0;
	if (rc)
		app_error("%s", err ? err : "failed");
	free(err);
	catalog_close(c);
	return rc;
}

/* ---- the staff log ---- */

static void log_usage(FILE *out)
{
	fprintf(out, "usage: clerk staff log [PREFIX] [--db PATH]\n"
	             "\n"
	             "What staff did, newest first (at most %d lines): kiosk orders, hand-offs,\n"
	             "prices, experiments, pins. PREFIX keeps the actions that start with it\n"
	             "(\"price.\", \"kiosk.\").\n",
	        LOG_LIMIT);
}

int staff_log_cmd(int argc, char **argv)
{
	enum { O_DB = 256, O_HELP };
	static const struct option opts[] = {
	        {"db", required_argument, NULL, O_DB},
	        {"help", no_argument, NULL, O_HELP},
	        {NULL, 0, NULL, 0},
	};
	const char *db = NULL;
	int ch;
	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case O_DB: db = optarg; break;
		case O_HELP: log_usage(stdout); return 0;
		default:
			app_error("unknown or incomplete option '%s' (see clerk staff log --help)",
			          argv[optind - 1]);
			return 2;
		}
	}
	if (optind + 1 < argc) {
		log_usage(stderr);
		return 2;
	}
	const char *prefix = optind < argc ? argv[optind] : NULL;
	catalog *c = staff_cli_open(db);
	if (!c)
		return 1;
	struct staff_log_entry *e = NULL;
	size_t n = 0;
	char *err = NULL;
	int rc = 0;
	if (staff_log_recent(c, prefix, LOG_LIMIT, &e, &n, &err) < 0) {
		app_error("%s", err ? err : "failed");
		rc = 1;
	} else if (!n) {
		printf("nothing logged\n");
	}
	for (size_t i = 0; i < n; i++) {
		char day[11];
		staff_cli_day(e[i].at, day);
		char *action = staff_cli_safe(e[i].action), *subject = staff_cli_safe(e[i].subject);
		char *detail = staff_cli_safe(e[i].detail);
		printf("%s  %-16s %-14s %s\n", day, action, subject, detail);
		free(action);
		free(subject);
		free(detail);
	}
	staff_log_free(e, n);
	free(err);
	catalog_close(c);
	return rc;
}
