/*
 * cmd_staff.c: `clerk staff SUBCOMMAND` — what the shop's staff run: the
 * KPI report, A/B experiments, demand forecasts, price suggestions, kiosk
 * orders, hand-offs and flagged feedback. One file per subcommand
 * (cmd_staff_*.c), one line each in the table below.
 */
#include "src/cli/commands.h"

#include <stdio.h>
#include <string.h>

#include "src/cli/app.h"
#include "src/cli/staff_cli.h"

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} subcommands[] = {
	{"report", staff_report_cmd, "KPIs over a period, with daily sparklines"},
	{"experiment", staff_experiment_cmd, "A/B experiments: add, list, report, stop"},
	{"forecast", staff_forecast_cmd, "daily demand forecast with a backtest and reorder hints"},
	{"pricing", staff_pricing_cmd, "price suggestions within bounds; apply one; the log"},
	{"orders", staff_orders_cmd, "kiosk orders: list, mark paid or picked up, cancel"},
	{"handoffs", staff_handoffs_cmd, "hand-offs to a person: list, close with a note"},
	{"feedback", staff_feedback_cmd, "negative feedback flagged for staff: list, close"},
	{"churn", staff_churn_cmd, "customers at risk of leaving, with reasons and a win-back offer"},
	{"pins", staff_pins_cmd, "products put first in recommendations: list, add, remove"},
	{"log", staff_log_cmd, "what staff did, newest first"},
};

static void usage(FILE *out)
{
	fprintf(out, "usage: clerk staff SUBCOMMAND [--db PATH] [OPTIONS]\n"
	             "       (clerk staff SUBCOMMAND --help for its options)\n\nsubcommands:\n");
	for (size_t i = 0; i < sizeof subcommands / sizeof subcommands[0]; i++)
		fprintf(out, "  %-11s %s\n", subcommands[i].name, subcommands[i].summary);
}

int cmd_staff(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(stdout);
		return 0;
	}
	for (size_t i = 0; i < sizeof subcommands / sizeof subcommands[0]; i++)
		if (!strcmp(argv[1], subcommands[i].name))
			return subcommands[i].run(argc - 1, argv + 1);
	app_error("unknown staff subcommand '%s' (see clerk staff --help)", argv[1]);
	return 2;
}
