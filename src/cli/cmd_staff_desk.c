/*
 * cmd_staff_desk.c: the counter's work from the command line: `clerk
 * staff orders` (kiosk orders), `clerk staff handoffs` and `clerk staff
 * feedback` (kiosk.h, handoffs.h, feedback.h). The kiosk's staff screens
 * do the same.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/shop/feedback.h"
#include "catalog/shop/handoffs.h"
#include "catalog/shop/kiosk.h"
#include "common/xalloc.h"
#include "src/cli/app.h"
#include "src/cli/staff_cli.h"

#define LIST_LIMIT 200

struct desk_args {
	const char *db, *reason, *note;
	int all;
	const char *verb, *ref;
};

/* Reads --db, --all, --reason, --note, then VERB [REF]; 0, or the exit
 * status of a usage error (or 0 after --help, with *help set). */
static int parse(int argc, char **argv, void (*usage)(FILE *), struct desk_args *a, bool *help)
{
	enum { O_DB = 256, O_ALL, O_REASON, O_NOTE, O_HELP };
	static const struct option opts[] = {
	        {"db", required_argument, NULL, O_DB},
	        {"all", no_argument, NULL, O_ALL},
	        {"reason", required_argument, NULL, O_REASON},
	        {"note", required_argument, NULL, O_NOTE},
	        {"help", no_argument, NULL, O_HELP},
	        {NULL, 0, NULL, 0},
	};
	memset(a, 0, sizeof *a);
	*help = false;
	int ch;
	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case O_DB: a->db = optarg; break;
		case O_ALL: a->all = 1; break;
		case O_REASON: a->reason = optarg; break;
		case O_NOTE: a->note = optarg; break;
		case O_HELP: usage(stdout); *help = true; return 0;
		default:
			app_error("unknown or incomplete option '%s' (see clerk staff %s --help)",
			          argv[optind - 1], argv[0]);
			return 2;
		}
	}
	a->verb = optind < argc ? argv[optind] : "list";
	a->ref = optind + 1 < argc ? argv[optind + 1] : NULL;
	if (optind + 2 < argc) {
		app_error("unexpected argument '%s' (see clerk staff %s --help)", argv[optind + 2],
		          argv[0]);
		return 2;
	}
	return 0;
}

/* Whether a required TEXT option (--reason, --note) was left out or
 * given nothing but spaces: a usage error, said in one line. */
static bool missing_text(const char *value, const char *what, const char *option,
                         const char *cmd)
{
	if (value && value[strspn(value, " \t")])
		return false;
	app_error("%s needs %s TEXT (see clerk staff %s --help)", what, option, cmd);
	return true;
}

/* Runs fn on the catalog and prints its error; the exit status. */
static int with_catalog(const struct desk_args *a, int (*fn)(catalog *, const struct desk_args *,
                                                              char **))
{
	catalog *c = staff_cli_open(a->db);
	if (!c)
		return 1;
	char *err = NULL;
	int rc = fn(c, a, &err) < 0 ? 1 : 0;
	if (rc)
		app_error("%s", err ? err : "failed");
	free(err);
	catalog_close(c);
	return rc;
}

/* ---- kiosk orders ---- */

static void orders_usage(FILE *out)
{
	fprintf(out, "usage: clerk staff orders [list] [--all] [--db PATH]\n"
	             "       clerk staff orders paid|picked-up REF [--db PATH]\n"
	             "       clerk staff orders cancel REF --reason TEXT [--db PATH]\n"
	             "\n"
	             "Kiosk orders waiting at the counter (--all: every one). REF is the pickup\n"
	             "reference or the order number. Cancelling needs a reason; every change is\n"
	             "logged.\n");
}

static int orders_list(catalog *c, const struct desk_args *a, char **err)
{
	struct kiosk_order *o = NULL;
	size_t n = 0;
	if (kiosk_orders_list(c, a->all, LIST_LIMIT, &o, &n, err) < 0)
		return -1;
	if (!n)
		printf("no kiosk orders waiting\n");
	for (size_t i = 0; i < n; i++) {
		char day[11];
		staff_cli_day(o[i].created_at, day);
		printf("%-8s order %-10s %-10s %3lld items  %9.2f %s  %s", o[i].pickup, o[i].order,
		       o[i].state, (long long)o[i].items, (double)o[i].total_cents / 100,
		       o[i].currency ? o[i].currency : "", day);
		if (o[i].reason) {
			char *r = staff_cli_safe(o[i].reason);
			printf("  (%s)", r);
			free(r);
		}
		printf("\n");
	}
	kiosk_orders_free(o, n);
	return 0;
}

static int orders_set(catalog *c, const struct desk_args *a, char **err)
{
	const char *state = !strcmp(a->verb, "picked-up") ? "picked_up"
	                    : !strcmp(a->verb, "cancel") ? "cancelled" : a->verb;
	if (kiosk_order_set(c, a->ref, state, a->reason, err) < 0)
		return -1;
	printf("kiosk order %s: %s\n", a->ref, state);
	return 0;
}

int staff_orders_cmd(int argc, char **argv)
{
	struct desk_args a;
	bool help;
	int rc = parse(argc, argv, orders_usage, &a, &help);
	if (rc || help)
		return rc;
	if (!strcmp(a.verb, "list") && !a.ref)
		return with_catalog(&a, orders_list);
	if (!strcmp(a.verb, "cancel") && a.ref &&
	    missing_text(a.reason, "cancelling a kiosk order", "--reason", "orders"))
		return 2;
	if ((!strcmp(a.verb, "paid") || !strcmp(a.verb, "picked-up") || !strcmp(a.verb, "cancel")) &&
	    a.ref)
		return with_catalog(&a, orders_set);
	orders_usage(stderr);
	return 2;
}

/* ---- hand-offs ---- */

static void handoffs_usage(FILE *out)
{
	fprintf(out, "usage: clerk staff handoffs [list] [--all] [--db PATH]\n"
	             "       clerk staff handoffs close REF --note TEXT [--db PATH]\n"
	             "\n"
	             "Shoppers who asked for a person: the open ones (--all: every one), and closing\n"
	             "one with a note of what was done.\n");
}

static int handoffs_show(catalog *c, const struct desk_args *a, char **err)
{
	struct handoff *h = NULL;
	size_t n = 0;
	if (handoffs_list(c, a->all, LIST_LIMIT, &h, &n, err) < 0)
		return -1;
	if (!n)
		printf("no open hand-offs\n");
	for (size_t i = 0; i < n; i++) {
		char day[11];
		staff_cli_day(h[i].at, day);
		char *msg = staff_cli_safe(h[i].message), *note = staff_cli_safe(h[i].note);
		char *who = staff_cli_safe(h[i].customer ? h[i].customer : "(guest)");
		printf("%-8s %s  %-12s %s", h[i].reference, day, who, msg);
		if (h[i].closed_at)
			printf("  [closed after %.1f h: %s]", (double)(h[i].closed_at - h[i].at) / 3600,
			       note);
		printf("\n");
		free(msg);
		free(note);
		free(who);
	}
	handoffs_free(h, n);
	return 0;
}

static int handoffs_do_close(catalog *c, const struct desk_args *a, char **err)
{
	if (handoffs_close(c, a->ref, a->note, err) < 0)
		return -1;
	printf("hand-off %s closed\n", a->ref);
	return 0;
}

int staff_handoffs_cmd(int argc, char **argv)
{
	struct desk_args a;
	bool help;
	int rc = parse(argc, argv, handoffs_usage, &a, &help);
	if (rc || help)
		return rc;
	if (!strcmp(a.verb, "list") && !a.ref)
		return with_catalog(&a, handoffs_show);
	if (!strcmp(a.verb, "close") && a.ref &&
	    missing_text(a.note, "closing a hand-off", "--note", "handoffs"))
		return 2;
	if (!strcmp(a.verb, "close") && a.ref)
		return with_catalog(&a, handoffs_do_close);
	handoffs_usage(stderr);
	return 2;
}

/* ---- flagged feedback ---- */

static void feedback_usage(FILE *out)
{
	fprintf(out, "usage: clerk staff feedback [list] [--all] [--db PATH]\n"
	             "       clerk staff feedback close ID [--db PATH]\n"
	             "\n"
	             "Negative feedback said about a product or an order, flagged for staff.\n");
}

static int feedback_show(catalog *c, const struct desk_args *a, char **err)
{
	struct feedback_flag *f = NULL;
	size_t n = 0;
	if (feedback_flags_list(c, a->all, LIST_LIMIT, &f, &n, err) < 0)
		return -1;
	if (!n)
		printf("no flagged feedback\n");
	for (size_t i = 0; i < n; i++) {
		char day[11];
		staff_cli_day(f[i].at, day);
		char *msg = staff_cli_safe(f[i].message), *name = staff_cli_safe(f[i].product_name);
		printf("%-5lld %s  score %+.2f  %s%s%s%s%s  \"%s\"%s\n", (long long)f[i].id, day,
		       f[i].score, f[i].product ? "product " : "", f[i].product ? f[i].product : "",
		       f[i].product ? " " : "", f[i].order ? "order " : "", f[i].order ? f[i].order : "",
		       msg, f[i].closed ? "  [closed]" : "");
		if (*name)
			printf("      %s\n", name);
		free(msg);
		free(name);
	}
	feedback_flags_free(f, n);
	return 0;
}

static int feedback_do_close(catalog *c, const struct desk_args *a, char **err)
{
	char *end = NULL;
	long long id = strtoll(a->ref, &end, 10);
	if (!*a->ref || *end) {
		*err = xstrdup("a feedback flag is closed by its number");
		return -1;
	}
	if (feedback_flag_close(c, id, err) < 0)
		return -1;
	printf("feedback %lld closed\n", id);
	return 0;
}

int staff_feedback_cmd(int argc, char **argv)
{
	struct desk_args a;
	bool help;
	int rc = parse(argc, argv, feedback_usage, &a, &help);
	if (rc || help)
		return rc;
	if (!strcmp(a.verb, "list") && !a.ref)
		return with_catalog(&a, feedback_show);
	if (!strcmp(a.verb, "close") && a.ref)
		return with_catalog(&a, feedback_do_close);
	feedback_usage(stderr);
	return 2;
}
