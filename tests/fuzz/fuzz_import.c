/*
 * fuzz_import: libFuzzer target for the import path behind `clerk import`:
 * the JSON splitter and cJSON flattening, the CSV reader, the mapping of
 * source keys to fields (--map, presets, aliases), the row builder (HTML,
 * prices, availability, Shopify variants) and the writes, into an
 * in-memory catalog.
 *
 * The first byte picks the options: the format (guessed, CSV, TSV, JSON
 * array, JSON lines), products or order history, the preset, --skip-bad
 * and --replace. When the next byte is 'M', the text up to a newline is
 * the --map spec. The rest is the source file.
 *
 * Beyond "no crash, leak or undefined behaviour": a failed import leaves
 * the catalog as it was (all or nothing) and says why.
 *
 * Built by CMake with CLERK_FUZZ=ON (clang); run by tests/fuzz/run.sh.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog/import/import.h"
#include "catalog/store/catalog_int.h"

/* Made once per process, as is the fuzzer's convention: the source file
 * the inputs are written to, the catalog, and a pristine copy of it that
 * is copied back before each input (opening a new catalog costs ten times
 * an import of a small input under AddressSanitizer). */
static struct {
	char source_path[64];
	int source_fd;
	catalog *cat;
	sqlite3 *pristine;
} h = {.source_fd = -1};

static void release(void)
{
	if (h.source_fd >= 0) {
		close(h.source_fd);
		unlink(h.source_path);
	}
	catalog_close(h.cat);
	sqlite3_close(h.pristine);
}

static void copy_db(sqlite3 *from, sqlite3 *to)
{
	sqlite3_backup *b = sqlite3_backup_init(to, "main", from, "main");
	if (!b || sqlite3_backup_step(b, -1) != SQLITE_DONE || sqlite3_backup_finish(b) != SQLITE_OK) {
		fprintf(stderr, "fuzz_import: copying the catalog: %s\n", sqlite3_errmsg(to));
		abort();
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	const char *dir = getenv("TMPDIR");
	snprintf(h.source_path, sizeof h.source_path, "%s/fuzz-import-XXXXXX",
	         dir && strlen(dir) < 32 ? dir : "/tmp");
	h.source_fd = mkstemp(h.source_path);
	if (h.source_fd < 0) {
		perror("fuzz_import: mkstemp");
		exit(1);
	}
	char *err = NULL;
	if (catalog_open(":memory:", &h.cat, &err) < 0 || sqlite3_open(":memory:", &h.pristine)) {
		fprintf(stderr, "fuzz_import: %s\n", err ? err : "cannot open a catalog");
		exit(1);
	}
	copy_db(h.cat->db, h.pristine);
	atexit(release);
	return 0;
}

static int64_t count(catalog *c, const char *sql)
{
	sqlite3_stmt *st = catalog_prepare(c, sql, NULL);
	int64_t n = st && sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_finalize(st);
	return n;
}

static int64_t state(catalog *c)
{
	return count(c, "SELECT (SELECT count(*) FROM products) * 1000003"
	                " + (SELECT count(*) FROM order_items) * 1009"
	                " + (SELECT count(*) FROM attributes)");
}

/* Two products the order lines of an input may name. */
static void seed_products(catalog *c)
{
	static const char csv[] = "id,name,price\nA1,Alpha,1.50\nB2,Beta,2\n";
	if (ftruncate(h.source_fd, 0) < 0 || pwrite(h.source_fd, csv, sizeof csv - 1, 0) < 0)
		abort();
	struct import_options o = {.format = IMPORT_CSV};
	struct import_stats st;
	char *err = NULL;
	if (import_run(c, h.source_path, &o, &st, &err) < 0) {
		fprintf(stderr, "fuzz_import: seeding: %s\n", err);
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	static const enum import_format formats[] = {IMPORT_AUTO, IMPORT_CSV, IMPORT_TSV,
	                                             IMPORT_JSON, IMPORT_JSONL};
	static const enum import_preset presets[] = {PRESET_NONE, PRESET_SHOPIFY, PRESET_GMC,
	                                             PRESET_EBAY};
	struct import_options o = {
		.format = formats[(data[0] & 7) % 5],
		.orders = data[0] & 8,
		.preset = presets[(data[0] >> 4) & 3],
		.skip_bad = data[0] & 64,
		.replace = data[0] & 128,
	};
	if (o.orders)
		o.preset = PRESET_NONE;
	size_t at = 1;
	char *map = NULL;
	if (at < size && data[at] == 'M') {
		const uint8_t *nl = memchr(data + at, '\n', size - at);
		size_t end = nl ? (size_t)(nl - data) : size;
		map = strndup((const char *)data + at + 1, end - at - 1);
		at = nl ? end + 1 : size;
	}
	catalog *c = h.cat;
	char *err = NULL;
	copy_db(h.pristine, c->db);
	if (o.orders)
		seed_products(c);
	o.map = map;
	if (ftruncate(h.source_fd, 0) < 0 ||
	    (size > at && pwrite(h.source_fd, data + at, size - at, 0) != (ssize_t)(size - at)))
		abort();
	int64_t before = state(c);
	struct import_stats st;
	int rc = import_run(c, h.source_path, &o, &st, &err);
	if (rc < 0) {
		if (!err || !*err || state(c) != before || st.imported != 0)
			abort();
	} else if (err) {
		abort();
	}
	free(err);
	free(map);
	return 0;
}
