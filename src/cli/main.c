/*
 * main.c: the clerk entry point. Finds the subcommand in the table and runs
 * it; with no subcommand, clerk talks to the shopper (TUI or script mode).
 */
#include <stdio.h>
#include <string.h>

#include "src/cli/commands.h"

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{"import", cmd_import, "load products or order history from a file or URL"},
	{"search", cmd_search, "search the catalog from the command line"},
	{"recommend", cmd_recommend, "recommendations for a customer or a basket"},
	{"train", cmd_train, "train an intent classifier from a CSV of text,intent"},
	{"classify", cmd_classify, "classify utterances from stdin with a trained model"},
	{"kiosk-pin", cmd_kiosk_pin, "set the staff PIN for kiosk mode"},
	{"privacy", cmd_privacy, "export or forget one customer's data (staff)"},
	{"staff", cmd_staff, "reports, experiments, forecasts, prices and customers at risk for staff"},
};

static void usage(FILE *out)
{
	fprintf(out,
	        "usage: clerk [--db PATH] [--customer ID] [--kiosk]\n"
	        "       clerk --script [--json] [--seed N] [--db PATH] [--customer ID] [--orders-url URL]\n"
	        "       clerk COMMAND [OPTIONS] (clerk COMMAND --help for its options)\n"
	        "\n"
	        "clerk is a shopping assistant for the terminal: it finds, compares and recommends\n"
	        "products from a local catalog, keeps a cart and checks orders.\n"
	        "\n"
	        "commands:\n");
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(out,
	        "\n"
	        "The default database is $XDG_DATA_HOME/clerk/clerk.db (~/.local/share/clerk/clerk.db),\n"
	        "filled from the bundled demo catalog on first use.\n");
}

int main(int argc, char **argv)
{
	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		usage(stdout);
		return 0;
	}
	if (argc > 1 && !strcmp(argv[1], "--version")) {
		printf("clerk %s\n", CLERK_VERSION);
		return 0;
	}
	if (argc > 1 && argv[1][0] != '-') {
		for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
			if (!strcmp(argv[1], commands[i].name))
				return commands[i].run(argc - 1, argv + 1);
		fprintf(stderr, "clerk: unknown command '%s' (see clerk --help)\n", argv[1]);
		return 2;
	}
	return cmd_chat(argc, argv);
}
