/*
 * cmd_chat.c: clerk with no subcommand — the conversation, in the TUI when
 * stdin and stdout are terminals and --script is not given, else in script
 * mode. Either way a turn that fails says why where a person can read it:
 * script mode on stderr, the TUI in a log file named on exit (and the exit
 * status is 1).
 */
#include "src/cli/commands.h"

#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog/shop/staff.h"
#include "common/xalloc.h"
#include "src/cli/app.h"
#include "src/cli/config.h"
#include "src/dialogue/dialogue.h"
#include "src/dialogue/orders.h"
#include "src/cli/script.h"
#include "src/tui/tui.h"

static void usage(FILE *out)
{
	fprintf(out,
	        "usage: clerk [--db PATH] [--customer ID] [--kiosk] [--orders-url URL] [--model PATH]\n"
	        "       clerk --script [--json] [--seed N] [--db PATH] [--customer ID]\n"
	        "             [--orders-url URL] [--model PATH]\n"
	        "\n"
	        "Talks with the shopper: the full-screen interface when stdin and stdout are\n"
	        "terminals, else script mode (one utterance per input line, one reply per turn).\n"
	        "\n"
	        "  --script          script mode even on a terminal\n"
	        "  --json            script mode writes one JSON object per turn\n"
	        "  --seed N          chooses the reply wording reproducibly\n"
	        "  --db PATH         the catalog database\n"
	        "  --customer ID     the shopper's customer id, signed in (cart, orders, and\n"
	        "                    history once they agree to personalization)\n"
	        "  --kiosk           kiosk mode (full-screen, staff PIN to leave)\n"
	        "  --orders-url URL  the store's order service instead of local orders\n"
	        "                    (config.ini: orders_url); its bearer token comes from\n"
	        "                    $CLERK_ORDERS_TOKEN or config.ini's orders_token\n"
	        "  --model PATH      the intent model (default: intent.model next to clerk or\n"
	        "                    in the assets folder,\n"
	        "                    or $CLERK_MODEL)\n");
}

/* $CLERK_MODEL, else intent.model in the folder of the running
 * executable (a build), else in the assets folder (an installed clerk:
 * share/clerk/intent.model). */
static char *default_model_path(void)
{
	const char *env = getenv("CLERK_MODEL");
	if (env && *env)
		return xstrdup(env);
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash)
			*slash = '\0';
		char *beside = xasprintf("%s/intent.model", exe);
		if (access(beside, R_OK) == 0)
			return beside;
		free(beside);
	}
	return app_asset_path("intent.model");
}

/* Where the TUI writes why turns failed: $XDG_STATE_HOME/clerk/clerk.log,
 * else ~/.local/state/clerk/clerk.log. Heap string. */
static char *error_log_path(void)
{
	const char *state = getenv("XDG_STATE_HOME");
	if (state && *state == '/')
		return xasprintf("%s/clerk/clerk.log", state);
	const char *home = getenv("HOME");
	return xasprintf("%s/.local/state/clerk/clerk.log", home && *home ? home : ".");
}

struct chat_args {
	const char *db, *customer, *orders_url, *model;
	bool kiosk, script, json;
	unsigned long seed;
};

/* Returns 0, or the exit status (usage or help). */
static int parse(int argc, char **argv, struct chat_args *a)
{
	enum { O_DB = 256, O_CUSTOMER, O_KIOSK, O_SCRIPT, O_JSON, O_SEED, O_ORDERS, O_MODEL, O_HELP };
	static const struct option opts[] = {
	        {"db", required_argument, NULL, O_DB},
	        {"customer", required_argument, NULL, O_CUSTOMER},
	        {"kiosk", no_argument, NULL, O_KIOSK},
	        {"script", no_argument, NULL, O_SCRIPT},
	        {"json", no_argument, NULL, O_JSON},
	        {"seed", required_argument, NULL, O_SEED},
	        {"orders-url", required_argument, NULL, O_ORDERS},
	        {"model", required_argument, NULL, O_MODEL},
	        {"help", no_argument, NULL, O_HELP},
	        {NULL, 0, NULL, 0},
	};
	optind = 1;
	opterr = 0;
	int ch;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		char *end;
		switch (ch) {
		case O_DB: a->db = optarg; break;
		case O_CUSTOMER: a->customer = optarg; break;
		case O_KIOSK: a->kiosk = true; break;
		case O_SCRIPT: a->script = true; break;
		case O_JSON: a->json = true; break;
		case O_ORDERS: a->orders_url = optarg; break;
		case O_MODEL: a->model = optarg; break;
		case O_SEED:
			a->seed = strtoul(optarg, &end, 10);
			if (!*optarg || *end || *optarg == '-') {
				app_error("--seed wants a non-negative number, not '%s'", optarg);
				return 2;
			}
			break;
		case O_HELP: usage(stdout); return -1;
		default:
			app_error("unknown or incomplete option '%s' (see clerk --help)",
			          argv[optind - 1]);
			return 2;
		}
	}
	if (optind < argc) {
		app_error("unexpected argument '%s' (see clerk --help)", argv[optind]);
		return 2;
	}
	if (a->json && !a->script && (isatty(0) && isatty(1))) {
		app_error("--json goes with --script");
		return 2;
	}
	return 0;
}

static int run_script(const struct chat_args *a, const struct dialogue_options *o)
{
	char *err = NULL;
	dialogue *d = dialogue_new(o, &err);
	if (!d) {
		app_error("%s", err ? err : "cannot start the conversation");
		free(err);
		return 1;
	}
	int rc = script_run(d, stdin, stdout, stderr, a->json);
	dialogue_free(d);
	if (rc < 0) {
		app_error("cannot write the replies");
		return 1;
	}
	/* Each failed turn has said why on stderr already. */
	return rc > 0 ? 1 : 0;
}

/* The store's order service when --orders-url or config.ini names one
 * (*out stays NULL for the local orders). The token comes from the
 * environment or the config file, never from the command line. On failure
 * *status is the exit status: 2 for a bad --orders-url, 1 for a bad
 * config. */
static int open_orders(const struct chat_args *a, const struct config *cfg, catalog *cat,
                       struct order_backend **out, int *status)
{
	const char *url = a->orders_url ? a->orders_url : cfg->orders_url;
	*out = NULL;
	if (!url)
		return 0;
	const char *token = getenv("CLERK_ORDERS_TOKEN");
	if (!token || !*token)
		token = cfg->orders_token;
	const struct orders_http_options ho = {
	        .url = url,
	        .token = token,
	        .connect_timeout_ms = cfg->orders_connect_timeout_ms,
	        .timeout_ms = cfg->orders_timeout_ms,
	        .retries = cfg->orders_retries,
	        .deadline_ms = cfg->orders_deadline_ms,
	        .ca_file = cfg->http_ca_file,
	        .user_agent = "clerk/" CLERK_VERSION,
	        .cache = cat,
	};
	char *err = NULL;
	*out = orders_http_new(&ho, &err);
	if (*out)
		return 0;
	if (a->orders_url)
		app_error("--orders-url: %s", err);
	else
		app_error("%s: orders_url: %s", cfg->path ? cfg->path : "config", err);
	*status = a->orders_url ? 2 : 1;
	free(err);
	return -1;
}

int cmd_chat(int argc, char **argv)
{
	struct chat_args a = {0};
	int status = parse(argc, argv, &a);
	if (status)
		return status < 0 ? 0 : status;
	char *err = NULL;
	char *assets = NULL, *log_path = NULL;
	catalog *cat = NULL;
	struct config cfg;
	config_init(&cfg);
	char *model = a.model ? xstrdup(a.model) : default_model_path();
	struct order_backend *orders = NULL;
	int rc = 1;
	if (config_load(&cfg, NULL, &err) < 0) {
		app_error("%s", err);
		goto cleanup;
	}
	if (app_open_catalog(a.db, &cat, &err) < 0) {
		app_error("%s", err);
		goto cleanup;
	}
	if (open_orders(&a, &cfg, cat, &orders, &rc) < 0)
		goto cleanup;
	assets = app_assets_dir();
	struct dialogue_options o = {
	        .dictionary_path = app_dictionary_path(cfg.dictionary),
	        .cat = cat,
	        .assets_dir = assets,
	        .model_path = model,
	        .orders = orders,
	        .customer = a.customer,
	        .seed = a.seed,
	        .kiosk_payment = a.kiosk ? cfg.kiosk_payment : NULL,
	        .delivery = cfg.shop_delivery,
	        .returns = cfg.shop_returns,
	        .payment = cfg.shop_payment,
	        .location = cfg.shop_location,
	        .no_personal_ranking = !cfg.personal_ranking,
	        .shared_terminal = a.kiosk,
	};
	if (!a.script && isatty(STDIN_FILENO) && isatty(STDOUT_FILENO)) {
		bool pin_set = false;
		if (a.kiosk && staff_pin_is_set(cat, &pin_set, &err) < 0) {
			app_error("%s", err);
			goto cleanup;
		}
		if (a.kiosk && !pin_set) {
			app_error("set a staff PIN with 'clerk kiosk-pin' before starting a kiosk");
			goto cleanup;
		}
		/* The screen cannot show why a turn failed: a log can. */
		log_path = error_log_path();
		FILE *log = catalog_make_parent_dirs(log_path, NULL) == 0 ? fopen(log_path, "a") : NULL;
		long logged = log ? ftell(log) : 0;
		struct tui_options t = {
		        .dialogue = &o,
		        .kiosk = a.kiosk,
		        .color = cfg.color,
		        .kiosk_idle_seconds = cfg.kiosk_idle_seconds,
		        .kiosk_countdown_seconds = cfg.kiosk_countdown_seconds,
		        .kiosk_lockout_seconds = cfg.kiosk_lockout_seconds,
		        .errors = log,
		};
		rc = tui_run(&t);
		if (log && ftell(log) > logged) {
			app_error("a turn failed; the cause is in %s", log_path);
			rc = 1;
		}
		if (log)
			fclose(log);
	} else {
		rc = run_script(&a, &o);
	}
cleanup:
	free(log_path);
	free(assets);
	free(err);
	order_backend_free(orders);
	catalog_close(cat);
	free(model);
	config_release(&cfg);
	return rc;
}
