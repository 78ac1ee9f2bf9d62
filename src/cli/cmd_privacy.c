/*
 * cmd_privacy.c: `clerk privacy export|forget --customer ID` — the staff
 * side of a shopper's "export my data" and "forget me", with the same
 * catalog calls (catalog/shop/profile.h). The command is the staff
 * member's explicit request, so forget asks nothing more.
 */
#include "src/cli/commands.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "catalog/shop/profile.h"
#include "common/sanitize.h"
#include "src/cli/app.h"

static void usage(FILE *out)
{
	fprintf(out,
	        "usage: clerk privacy export --customer ID [--db PATH] [--out PATH]\n"
	        "       clerk privacy forget --customer ID [--db PATH]\n"
	        "\n"
	        "export writes everything stored about a customer (profile, consent, history,\n"
	        "carts, orders, personal offers, hand-off requests and the affinities derived\n"
	        "from the history) as JSON to a new file under $XDG_DATA_HOME/clerk/exports/,\n"
	        "or to PATH (- for standard output), and says where.\n"
	        "forget deletes the customer's profile, history, consent, carts, offers and\n"
	        "hand-off requests in one transaction; their orders stay for the store's\n"
	        "accounts with no customer, email, postcode or tracking number.\n");
}

static int export(catalog *cat, const char *customer, const char *out)
{
	char *err = NULL, *path = NULL, *json = NULL;
	int rc = 1;
	int64_t now = (int64_t)time(NULL);
	if (out && !strcmp(out, "-")) {
		if (profile_export(cat, customer, now, &json, &err) < 0)
			goto fail;
		if (json) {
			puts(json);
			rc = 0;
		}
	} else {
		if (profile_export_file(cat, customer, out, now, &path, &err) < 0)
			goto fail;
		if (path) {
			char *id = sanitize_dup(customer, 0);
			printf("exported customer %s to %s\n", id, path);
			free(id);
			rc = 0;
		}
	}
	if (rc) {
		char *id = sanitize_dup(customer, 0);
		app_error("no customer '%s'", id);
		free(id);
	}
	free(path);
	free(json);
	return rc;
fail:
	app_error("%s", err ? err : "export failed");
	free(err);
	return 1;
}

static int forget(catalog *cat, const char *customer)
{
	struct profile_forgotten f;
	char *err = NULL;
	char *id = sanitize_dup(customer, 0);
	int rc = 1;
	if (profile_forget(cat, customer, &f, &err) < 0) {
		app_error("%s", err ? err : "forget failed");
		free(err);
	} else if (!f.found) {
		app_error("no customer '%s'", id);
	} else {
		printf("forgot customer %s: deleted %lld events, %lld carts, %lld consent records,"
		       " %lld offers, %lld hand-off requests; kept %lld orders without customer,"
		       " email, postcode or tracking\n",
		       id, (long long)f.events, (long long)f.carts, (long long)f.consents,
		       (long long)f.offers, (long long)f.handoffs, (long long)f.orders);
		rc = 0;
	}
	free(id);
	return rc;
}

int cmd_privacy(int argc, char **argv)
{
	enum { O_DB = 256, O_CUSTOMER, O_OUT, O_HELP };
	static const struct option opts[] = {
	        {"db", required_argument, NULL, O_DB},
	        {"customer", required_argument, NULL, O_CUSTOMER},
	        {"out", required_argument, NULL, O_OUT},
	        {"help", no_argument, NULL, O_HELP},
	        {NULL, 0, NULL, 0},
	};
	const char *db = NULL, *customer = NULL, *out = NULL;
	int ch;
	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case O_DB: db = optarg; break;
		case O_CUSTOMER: customer = optarg; break;
		case O_OUT: out = optarg; break;
		case O_HELP: usage(stdout); return 0;
		default:
			app_error("unknown or incomplete option '%s' (see clerk privacy --help)",
			          argv[optind - 1]);
			return 2;
		}
	}
	if (optind + 1 != argc || (strcmp(argv[optind], "export") && strcmp(argv[optind], "forget"))) {
		app_error(optind < argc ? "unknown privacy action '%s' (export or forget)"
		                        : "privacy wants an action: export or forget%s",
		          optind < argc ? argv[optind] : "");
		return 2;
	}
	bool exporting = !strcmp(argv[optind], "export");
	if (!customer || !*customer) {
		app_error("privacy %s wants --customer ID", argv[optind]);
		return 2;
	}
	if (out && !exporting) {
		app_error("--out goes with privacy export");
		return 2;
	}
	catalog *cat = NULL;
	char *err = NULL;
	if (app_open_catalog(db, &cat, &err) < 0) {
		app_error("%s", err);
		free(err);
		return 1;
	}
	int rc = exporting ? export(cat, customer, out) : forget(cat, customer);
	catalog_close(cat);
	return rc;
}
