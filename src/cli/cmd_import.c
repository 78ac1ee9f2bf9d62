/*
 * cmd_import.c: `clerk import`, products or (--orders) order history from a
 * file, stdin or a URL, into the catalog in one transaction; --language sets
 * the catalog's stemming language.
 */
#include "src/cli/commands.h"

#include <ctype.h>
#include <getopt.h>
#include <stdbool.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "catalog/import/import.h"
#include "catalog/recommend/recommend_model.h"
#include "catalog/import/mapping.h"
#include "catalog/store/index_language.h"
#include "common/xalloc.h"
#include "nlu/text/language.h"
#include "src/cli/app.h"
#include "src/cli/config.h"

static void usage(FILE *out)
{
	fprintf(out,
	        "usage: clerk import [--db PATH] [--format csv|tsv|json|jsonl]\n"
	        "                    [--preset NAME] [--map FIELD=SRC,...]\n"
	        "                    [--currency CODE] [--tax PERCENT] [--with FILE]...\n"
	        "                    [--replace] [--skip-bad] [--language NAME] SOURCE\n"
	        "       clerk import --orders [--db PATH] [--map FIELD=SRC,...] [--replace]\n"
	        "                    [--skip-bad] SOURCE\n"
	        "       clerk import --language NAME [--db PATH]\n"
	        "\n"
	        "Loads products (or, with --orders, order history) from SOURCE: a path, - for\n"
	        "stdin, or an http, https or file URL. All or nothing: one transaction, and on\n"
	        "any error the database is left as it was.\n"
	        "\n"
	        "  --db PATH        the database (default: $XDG_DATA_HOME/clerk/clerk.db)\n"
	        "  --format F       csv, tsv, json (an array) or jsonl; guessed when absent\n"
	        "  --preset P       shopify (product CSV export; variant rows are grouped)\n"
	        "                   gmc (Google Merchant Center TSV feed), squarespace, wix,\n"
	        "                   prestashop, ecwid, square, lightspeed, opencart or odoo (product\n"
	        "                   CSV exports; variant rows are grouped), amazon (Seller\n"
	        "                   Central's inventory file), magento (Magento 2's product\n"
	        "                   export), akeneo (Akeneo PIM's product CSV export: the\n"
	        "                   catalog language's locale, the ecommerce channel, the\n"
	        "                   --currency price; variants fold into their product\n"
	        "                   model, --with product_models.csv names it), bigcommerce\n"
	        "                   (BigCommerce's bulk-edit product export), ebay (eBay's\n"
	        "                   File Exchange / Seller Hub listing CSV); these exports\n"
	        "                   are known by their header without it\n"
	        "  --map F=S,...    take field F from source column or JSON key S (dotted paths\n"
	        "                   such as categoryPath.name reach into nested objects)\n"
	        "  --currency CODE  the currency of prices that do not say theirs (EUR, GBP...);\n"
	        "                   USD when absent\n"
	        "  --tax PERCENT    add this tax to prices the file gives without it (a column\n"
	        "                   such as \"Price tax excluded\" or \"net price\"); per tax\n"
	        "                   rule of a \"Tax rules ID\" column: 1=20,3=5.5 (a row of\n"
	        "                   rule 0 has none; a percent alone is for the other rules)\n"
	        "  --with FILE      another sheet of the same export, known by its header;\n"
	        "                   may be given several times: the products' variants\n"
	        "                   (PrestaShop's combinations, OpenCart's option values,\n"
	        "                   WooCommerce's variations as the REST API gives them),\n"
	        "                   sale prices (product_id, price, date_start, date_end),\n"
	        "                   attributes (product_id, attribute, text), the\n"
	        "                   categories products name by id (category_id, parent_id,\n"
	        "                   name) and Akeneo's product models (code, family_variant);\n"
	        "                   --variants FILE is the same\n"
	        "  --replace        update products (or orders) whose id is already there\n"
	        "  --skip-bad       report bad rows on stderr and import the rest\n"
	        "  --language NAME  the catalog's stemming language for search: a Snowball name\n"
	        "                   (english, french, german, spanish, ...) or an ISO code (en,\n"
	        "                   fr, de, es); a new catalog takes config.ini's `language`\n"
	        "                   (english when unset). Changing it re-indexes every product\n"
	        "                   in one transaction, after the import when there is SOURCE.\n"
	        "  --orders         order history: order_id, customer, product, quantity,\n"
	        "                   price (unit), date, status [, email, postcode, carrier,\n"
	        "                   tracking]; one row per order line\n"
	        "\n"
	        "Product fields: id, name, brand, category (levels split by ' > ', '/' or '|'),\n"
	        "description, features, price, currency, rating, review_count, stock, color,\n"
	        "material, url, image, tags, popularity (and sale_price, availability).\n"
	        "Columns named like a field (or a common alias: title, vendor, categories, ...)\n"
	        "are used without --map, and so are other spellings of them read as words\n"
	        "(productDisplayName, Qty Available, pricing.listPrice, unit_price.amount,\n"
	        "ratingSummary.average, inventory.quantity; department + aisle make a category\n"
	        "path). Other columns become attributes: names made words, a value and its unit\n"
	        "in two fields joined (\"1 l\"), arrays one value each, true/false yes/no; links,\n"
	        "codes and time stamps are kept hidden; e-mail addresses and phone fields are\n"
	        "never stored. Review arrays in JSON become reviews (author name, rating, text,\n"
	        "helpful votes, date). Without an id, a product's id is its position from 0.\n"
	        "Text must be UTF-8. Limits: a CSV field 1 MiB; a row (CSV record or JSON\n"
	        "element) 4 MiB and 4096 fields or values; a wrapped JSON file\n"
	        "({\"products\": [...]}) 16 MiB; a row over a limit is a bad row. A CSV header\n"
	        "with more ';' than ',' makes ';' the separator. HTML in names and descriptions\n"
	        "becomes text.\n"
	        "Prices: \"15.00 USD\", \"$1,299.99\", \"1.299,99 EUR\" (the last of '.' and ','\n"
	        "is the decimal mark). Order statuses: pending, paid, shipped, delivered,\n"
	        "cancelled, returned, and synonyms (completed = delivered, fulfilled = shipped).\n"
	        "CLERK_HTTP_TIMEOUT sets the seconds a URL may stall (default 30); config.ini's\n"
	        "http_ca_file names CA certificates for https. A URL imported before is fetched\n"
	        "only when it has changed (ETag, Last-Modified); else clerk says 'unchanged'.\n"
	        "A download shows its progress on stderr when that is a terminal.\n");
}

/* The download's progress on stderr, when that is a terminal and the
 * download is large or slow enough to be worth watching. */
#define PROGRESS_MIN_BYTES (4 * 1024 * 1024)
#define PROGRESS_BAR 30

struct progress {
	bool tty;
	bool shown;
	double start, last;
};

static double seconds_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void show_progress(void *ctx, int64_t got, int64_t total)
{
	struct progress *p = ctx;
	if (!p->tty)
		return;
	double now = seconds_now();
	if (!p->start)
		p->start = now;
	if (total < PROGRESS_MIN_BYTES && now - p->start < 1.0)
		return;
	if (p->shown && now - p->last < 0.1 && got != total)
		return;
	const double mb = 1024.0 * 1024.0;
	if (total > 0 && got <= total) {
		int done = (int)(got * PROGRESS_BAR / total);
		char bar[PROGRESS_BAR + 1];
		memset(bar, '#', (size_t)done);
		memset(bar + done, '-', (size_t)(PROGRESS_BAR - done));
		bar[PROGRESS_BAR] = '\0';
		fprintf(stderr, "\rdownloading [%s] %3d%% %.1f of %.1f MB\033[K", bar,
		        (int)(got * 100 / total), (double)got / mb, (double)total / mb);
	} else {
		fprintf(stderr, "\rdownloading %.1f MB\033[K", (double)got / mb);
	}
	fflush(stderr);
	p->shown = true;
	p->last = now;
}

static void end_progress(struct progress *p)
{
	if (p->shown)
		fputs("\r\033[K", stderr);
	p->shown = false;
}

static void print_skipped(void *ctx, const char *msg)
{
	(void)ctx;
	app_error("skipped %s", msg);
}

static const struct {
	const char *name;
	int value;
} formats[] = {
	{"csv", IMPORT_CSV}, {"tsv", IMPORT_TSV}, {"json", IMPORT_JSON}, {"jsonl", IMPORT_JSONL},
	{"ndjson", IMPORT_JSONL},
}, presets[] = {
	{"shopify", PRESET_SHOPIFY}, {"gmc", PRESET_GMC}, {"squarespace", PRESET_SQUARESPACE},
	{"wix", PRESET_WIX}, {"prestashop", PRESET_PRESTASHOP}, {"ecwid", PRESET_ECWID},
	{"square", PRESET_SQUARE}, {"lightspeed", PRESET_LIGHTSPEED}, {"opencart", PRESET_OPENCART}, {"odoo", PRESET_ODOO},
	{"amazon", PRESET_AMAZON}, {"magento", PRESET_MAGENTO}, {"akeneo", PRESET_AKENEO},
	{"bigcommerce", PRESET_BIGCOMMERCE}, {"ebay", PRESET_EBAY}, {"none", PRESET_NONE},
};

static int lookup(const char *name, const void *table, size_t n, int *out)
{
	const struct {
		const char *name;
		int value;
	} *t = table;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(name, t[i].name)) {
			*out = t[i].value;
			return 0;
		}
	return -1;
}

int cmd_import(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"db", required_argument, NULL, 'd'},      {"format", required_argument, NULL, 'f'},
		{"preset", required_argument, NULL, 'p'},  {"map", required_argument, NULL, 'm'},
		{"replace", no_argument, NULL, 'r'},       {"skip-bad", no_argument, NULL, 's'},
		{"orders", no_argument, NULL, 'o'},        {"help", no_argument, NULL, 'h'},
		{"language", required_argument, NULL, 'l'}, {"currency", required_argument, NULL, 'c'},
		{"tax", required_argument, NULL, 't'},     {"variants", required_argument, NULL, 'v'},
		{"with", required_argument, NULL, 'w'},
		{NULL, 0, NULL, 0},
	};
	struct progress bar = {.tty = isatty(STDERR_FILENO) != 0};
	struct import_options o = {.report = print_skipped, .progress = show_progress,
	                           .progress_ctx = &bar};
	const char *db = NULL, *language = NULL;
	const char *sheets[16];
	size_t n_sheets = 0;
	char currency[4] = "";
	char *err = NULL;
	int value, c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			db = optarg;
			break;
		case 'f':
			if (lookup(optarg, formats, sizeof formats / sizeof formats[0], &value) < 0) {
				app_error("import: unknown format '%s' (csv, tsv, json, jsonl)", optarg);
				return 2;
			}
			o.format = (enum import_format)value;
			break;
		case 'p':
			if (lookup(optarg, presets, sizeof presets / sizeof presets[0], &value) < 0) {
				app_error("import: unknown preset '%s' (shopify, gmc, squarespace, wix, prestashop, ecwid, square, lightspeed, opencart, odoo, amazon, magento, akeneo, bigcommerce, ebay)", optarg);
				return 2;
			}
			o.preset = (enum import_preset)value;
			break;
		case 'm':
			o.map = optarg;
			break;
		case 'v':
		case 'w':
			if (n_sheets == sizeof sheets / sizeof sheets[0]) {
				app_error("import: at most %zu sheets with --with",
				          sizeof sheets / sizeof sheets[0]);
				return 2;
			}
			sheets[n_sheets++] = optarg;
			o.sheets = sheets;
			o.n_sheets = n_sheets;
			break;
		case 'c':
			if (strlen(optarg) != 3 || !isalpha((unsigned char)optarg[0]) ||
			    !isalpha((unsigned char)optarg[1]) || !isalpha((unsigned char)optarg[2])) {
				app_error("import: --currency takes a three-letter code such as EUR, not '%s'",
				          optarg);
				return 2;
			}
			for (int k = 0; k < 3; k++)
				currency[k] = (char)toupper((unsigned char)optarg[k]);
			o.currency = currency;
			break;
		case 't':
			if (!import_tax_check(optarg, &err)) {
				app_error("import: %s", err);
				free(err);
				return 2;
			}
			o.tax = optarg;
			break;
		case 'r':
			o.replace = true;
			break;
		case 's':
			o.skip_bad = true;
			break;
		case 'o':
			o.orders = true;
			break;
		case 'l':
			if (!language_snowball(optarg, &err)) {
				app_error("import: %s", err);
				free(err);
				return 2;
			}
			language = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case ':':
			app_error("import: %s needs a value (see clerk import --help)", argv[optind - 1]);
			return 2;
		default:
			app_error("import: unknown option '%s' (see clerk import --help)",
			          argv[optind - 1]);
			return 2;
		}
	}
	const bool has_source = optind < argc;
	if (optind < argc - 1 || (!has_source && !language)) {
		app_error("import: %s (see clerk import --help)",
		          has_source ? "only one SOURCE at a time" : "no SOURCE given");
		return 2;
	}
	if (o.orders && o.preset != PRESET_NONE) {
		app_error("import: --preset is for products, not --orders");
		return 2;
	}
	/* A --map that cannot be read is a usage error, found before any
	 * database is touched. */
	struct mapping *m = mapping_new(o.orders, o.preset, o.map, &err);
	if (!m) {
		app_error("import: %s (see clerk import --help)", err);
		free(err);
		return 2;
	}
	mapping_free(m);
	const char *timeout = getenv("CLERK_HTTP_TIMEOUT");
	if (timeout && *timeout)
		o.http_timeout = strtol(timeout, NULL, 10);
	struct config cfg;
	config_init(&cfg);
	if (config_load(&cfg, NULL, &err) < 0) {
		app_error("%s", err);
		free(err);
		config_release(&cfg);
		return 1;
	}
	o.ca_file = cfg.http_ca_file;
	/* A file size limit (ulimit -f) must become an error that rolls the
	 * import back, not a signal that kills clerk mid-write. */
	signal(SIGXFSZ, SIG_IGN);

	catalog *cat = NULL;
	struct measure_units *units = NULL;
	lang *pack = NULL;
	struct import_stats stats = {0};
	size_t reindexed = 0;
	int rc = 1;
	if (app_load_units(&units, &err) < 0)
		goto cleanup;
	o.units = units;
	if (app_open_catalog_language(db, language, &cat, &err) < 0)
		goto cleanup;
	if (has_source && !o.orders) {
		pack = app_import_pack(cat, language, &err);
		if (!pack)
			goto cleanup;
		o.pack = pack;
	}
	if (has_source) {
		int ran = import_run(cat, argv[optind], &o, &stats, &err);
		end_progress(&bar);
		if (ran < 0)
			goto cleanup;
		/* The recommender learns from order history: refit it now rather
		 * than on the first recommendation. */
		if (!stats.unchanged && o.orders && recommend_model_build(cat, NULL, &err) < 0)
			goto cleanup;
		if (stats.unchanged)
			printf("unchanged: %s is as it was at its last import\n", argv[optind]);
		else if (o.orders)
			printf("imported %zu order lines\n", stats.imported);
		else
			printf("imported %zu products\n", stats.imported);
		if (stats.skipped)
			app_error("skipped %zu bad %s", stats.skipped,
			          stats.skipped == 1 ? "row" : "rows");
		if (stats.unlisted)
			app_error("left out %zu %s the shop does not list or sell (draft, archived, hidden, "
			          "not for sale or another store view's)", stats.unlisted,
			          stats.unlisted == 1 ? "row" : "rows");
		if (stats.variants)
			app_error("read %zu variant %s (sizes, colours) into their products",
			          stats.variants, stats.variants == 1 ? "row" : "rows");
		if (stats.untaxed)
			app_error("%zu %s priced without tax, as the file gives them (--tax PERCENT adds it)",
			          stats.untaxed, stats.untaxed == 1 ? "product is" : "products are");
		/* the currency taken for granted is said, with how to change
		 * it, as the tax is */
		if (stats.unnamed_currency)
			app_error("prices read as USD (the file names no currency; --currency CODE sets "
			          "it)");
		/* --tax given for a file whose prices say nothing of tax: said,
		 * not passed over quietly */
		if (o.tax && !o.orders && stats.imported && !stats.taxed)
			app_error("--tax added no tax: no price column says it is without tax (such as "
			          "\"Price tax excluded\" or \"net price\"); prices are as the file gives "
			          "them");
		if (stats.rules)
			app_error("passed over %zu price %s (each variant's own price is kept)",
			          stats.rules, stats.rules == 1 ? "rule" : "rules");
		/* --skip-bad that skipped every row imported nothing: a failure */
		if (stats.skipped && !stats.imported) {
			err = xstrdup("no row could be imported");
			goto cleanup;
		}
		/* Shoppers filter and compare by price: a feed whose price
		 * column has a name clerk does not know must not pass quietly. */
		if (!o.orders && stats.imported && stats.no_price == stats.imported)
			app_error("no column gave a price (name it with --map price=COLUMN)");
		else if (!o.orders && stats.no_price)
			app_error("%zu of %zu products have no price", stats.no_price, stats.imported);
	}
	/* After the import, so that a bad SOURCE leaves the language as it
	 * was too; a new catalog already took it when opened. */
	if (language) {
		if (index_language_set(cat, language, &reindexed, &err) < 0)
			goto cleanup;
		if (reindexed)
			printf("re-indexed %zu products in %s\n", reindexed,
			       language_snowball(language, NULL));
		else if (!has_source)
			printf("language %s\n", language_snowball(language, NULL));
	}
	rc = 0;
cleanup:
	if (err)
		app_error("%s", err);
	free(err);
	catalog_close(cat);
	config_release(&cfg);
	lang_free(pack);
	measure_units_free(units);
	return rc;
}
