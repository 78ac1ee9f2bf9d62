#include "src/cli/app.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include "catalog/import/import.h"
#include "catalog/store/attributes.h"
#include "catalog/store/index_language.h"
#include "catalog/recommend/recommend_model.h"
#include "catalog/shop/orders.h"
#include "catalog/import/side_tables.h"
#include "common/xalloc.h"
#include "src/cli/config.h"

char *app_assets_dir(void)
{
	const char *env = getenv("CLERK_ASSETS");
	if (env && *env)
		return xstrdup(env);
	/* An installed clerk: bin/clerk beside share/clerk. */
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			char *installed = xasprintf("%s/../share/clerk", exe);
			if (access(installed, R_OK | X_OK) == 0)
				return installed;
			free(installed);
		}
	}
	return xstrdup(CLERK_ASSETS_DIR);
}

char *app_asset_path(const char *relative)
{
	char *dir = app_assets_dir();
	char *path = xasprintf("%s/%s", dir, relative);
	free(dir);
	return path;
}

int app_load_units(struct measure_units **out, char **err)
{
	*out = NULL;
	char *path = app_asset_path("units.txt");
	int rc = access(path, R_OK) == 0 ? measure_units_load(path, out, err) : 0;
	free(path);
	return rc;
}

lang *app_import_pack(catalog *c, const char *language, char **err)
{
	char *own = NULL, *assets = app_assets_dir();
	lang *pack = NULL;
	if (language || index_language_get(c, &own, NULL, err) == 0)
		pack = lang_open(assets, language ? language : own, err);
	free(own);
	free(assets);
	return pack;
}

/* The first line of a small text file (heap, trimmed), or NULL when the
 * file cannot be read. */
static char *first_line(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n = getline(&line, &cap, f);
	fclose(f);
	if (n < 0) {
		free(line);
		return NULL;
	}
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r' || line[n - 1] == ' '))
		line[--n] = '\0';
	return line;
}

/* The bundled catalog folder: products in any format import reads
 * (products.csv, .tsv, .json or .jsonl), with the --map of products.map
 * when there is one, then orders.csv and the optional side tables. */
static int seed_demo(catalog *c, char **err)
{
	static const char *const product_files[] = {"products.csv", "products.tsv",
	                                            "products.json", "products.jsonl"};
	struct import_options o = {0};
	struct import_stats st = {0};
	char *products = NULL;
	for (size_t i = 0; i < sizeof product_files / sizeof product_files[0] && !products; i++) {
		char *rel = xasprintf("catalog/%s", product_files[i]);
		char *path = app_asset_path(rel);
		free(rel);
		if (access(path, R_OK) == 0)
			products = path;
		else
			free(path);
	}
	if (!products) {
		if (err)
			*err = xstrdup("the bundled catalog has no products file");
		return -1;
	}
	struct measure_units *units = NULL;
	lang *pack = NULL;
	if (app_load_units(&units, err) < 0 || !(pack = app_import_pack(c, NULL, err))) {
		measure_units_free(units);
		free(products);
		return -1;
	}
	o.units = units;
	o.pack = pack;
	char *map_path = app_asset_path("catalog/products.map");
	char *map = first_line(map_path);
	free(map_path);
	o.map = map && *map ? map : NULL;
	int rc = import_run(c, products, &o, &st, err);
	free(products);
	free(map);
	o.units = NULL;
	o.pack = NULL;
	measure_units_free(units);
	lang_free(pack);
	if (rc < 0)
		return -1;
	o.map = NULL;
	char *orders = app_asset_path("catalog/orders.csv");
	o.orders = true;
	rc = access(orders, R_OK) == 0 ? import_run(c, orders, &o, &st, err) : 0;
	free(orders);
	if (rc < 0 || recommend_model_build(c, NULL, err) < 0)
		return -1;
	/* Shipment events and promotions are optional side tables. */
	char *shipments = app_asset_path("catalog/shipments.csv");
	if (access(shipments, R_OK) == 0)
		rc = import_shipments(c, shipments, err);
	free(shipments);
	char *promotions = app_asset_path("catalog/promotions.csv");
	if (rc == 0 && access(promotions, R_OK) == 0)
		rc = import_promotions(c, promotions, err);
	free(promotions);
	return rc;
}

/* A new catalog takes language, else config.ini's `language`; a catalog
 * that has products or a language keeps what it has. */
static int new_catalog_language(catalog *c, const char *language, char **err)
{
	struct config cfg;
	bool pending = false;
	char *why = NULL;
	int rc = -1;
	config_init(&cfg);
	if (index_language_pending(c, &pending, err) < 0)
		goto cleanup;
	if (!pending) {
		rc = 0;
		goto cleanup;
	}
	if (!language) {
		if (config_load(&cfg, NULL, err) < 0)
			goto cleanup;
		if (cfg.language) {
			rc = index_language_set(c, cfg.language, NULL, &why);
			if (rc < 0 && err)
				*err = xasprintf("%s: language: %s", cfg.path ? cfg.path : "config", why);
			goto cleanup;
		}
		language = INDEX_LANGUAGE_DEFAULT; /* `language =` left empty */
	}
	rc = index_language_set(c, language, NULL, err);
cleanup:
	free(why);
	config_release(&cfg);
	return rc;
}

/* A catalog imported before attribute_keys existed gets it on first open
 * (a quick check otherwise). One that cannot be written, or a units file
 * that does not read, leaves it without: its attributes then have no kinds,
 * which readers must bear anyway, and the commands still work. */
static void ensure_attr_keys(catalog *c)
{
	struct measure_units *units = NULL;
	char *ignored = NULL;
	if (app_load_units(&units, &ignored) == 0)
		attr_keys_ensure(c, units, &ignored);
	free(ignored);
	measure_units_free(units);
}

static int open_catalog(const char *db_path, const char *language, enum catalog_mode mode,
                        catalog **out, char **err);

int app_open_catalog(const char *db_path, catalog **out, char **err)
{
	return open_catalog(db_path, NULL, CATALOG_EXISTING, out, err);
}

int app_open_catalog_language(const char *db_path, const char *language, catalog **out,
                              char **err)
{
	return open_catalog(db_path, language, CATALOG_CREATE, out, err);
}

static int open_catalog(const char *db_path, const char *language, enum catalog_mode mode,
                        catalog **out, char **err)
{
	char *path = db_path ? xstrdup(db_path) : catalog_default_path();
	int rc = -1;
	if (!db_path && catalog_make_parent_dirs(path, err) < 0)
		goto cleanup;
	/* The default catalog is made (and filled) on first use; a path the
	 * user typed is made only by import, so that a typo is an error, not
	 * a new empty catalog that finds nothing. */
	if (catalog_open_mode(path, db_path ? mode : CATALOG_CREATE, out, err) < 0)
		goto cleanup;
	/* A catalog that can only be read is used as it is. */
	if (catalog_is_read_only(*out)) {
		rc = 0;
		goto cleanup;
	}
	if (new_catalog_language(*out, language, err) < 0 ||
	    (!db_path && catalog_product_count(*out) == 0 && seed_demo(*out, err) < 0)) {
		catalog_close(*out);
		*out = NULL;
		goto cleanup;
	}
	ensure_attr_keys(*out);
	rc = 0;
cleanup:
	free(path);
	return rc;
}

#define SYSTEM_WORDS "/usr/share/dict/words"

const char *app_dictionary_path(const char *configured)
{
	if (configured)
		return configured;
	return access(SYSTEM_WORDS, R_OK) == 0 ? SYSTEM_WORDS : NULL;
}

void app_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *msg = xmalloc(n > 0 ? (size_t)n + 1 : 1);
	msg[0] = '\0';
	va_start(ap, fmt);
	if (n > 0)
		vsnprintf(msg, (size_t)n + 1, fmt, ap);
	va_end(ap);
	for (char *p = msg; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	fprintf(stderr, "clerk: %s\n", msg);
	free(msg);
}
