/*
 * cmd_staff.c: `clerk staff SUBCOMMAND` — what staff ask of the store's
 * data, one subcommand a table line (the subcommands live in their own
 * cmd_staff_*.c files).
 */
#include "src/cli/commands.h"

#include <stdio.h>
#include <string.h>

#include "src/cli/app.h"

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} subcommands[] = {
	{"churn", cmd_staff_churn, "customers at risk of leaving, with reasons and a win-back offer"},
};

static void usage(FILE *out)
{
	fprintf(out, "usage: clerk staff SUBCOMMAND [OPTIONS] (clerk staff SUBCOMMAND --help)\n\n");
	for (size_t i = 0; i < sizeof subcommands / sizeof subcommands[0]; i++)
		fprintf(out, "  %-10s %s\n", subcommands[i].name, subcommands[i].summary);
}

int cmd_staff(int argc, char **argv)
{
	if (argc < 2) {
		app_error("staff wants a subcommand (see clerk staff --help)");
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
