/*
 * fuzz_dialogue: libFuzzer target for dialogue_turn(), the whole of a
 * turn: the NLU, reference resolution, every handler and the catalog under
 * it (search, cart, checkout, order look-ups), on the outdoor fixture
 * catalog held in memory.
 *
 * An input is a conversation, one turn a line (at most 16 turns; NUL bytes
 * read as spaces, as script mode reads them). Before each input the
 * catalog is put back as it was loaded (an SQLite backup from a pristine
 * copy) and the conversation is reset, so a crash reproduces from its
 * input alone. Every reply must have text, an intent and two to four
 * suggestions; a failed turn must say why in `error`.
 *
 * The intent model is intent.model beside the executable (the build
 * trains one) or $FUZZ_MODEL. Built by CMake with CLERK_FUZZ=ON (clang);
 * run by tests/fuzz/run.sh.
 */
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog/import/import.h"
#include "catalog/import/side_tables.h"
#include "catalog/store/catalog_int.h"
#include "src/dialogue/dialogue.h"

#define MAX_TURNS 16
#define MAX_LINE 4096

/* What the harness keeps across inputs, made once per process as a
 * program would: the fuzzer's convention, not library state. */
static struct {
	catalog *cat;
	sqlite3 *pristine;
	dialogue *d;
	char model[PATH_MAX];
} h;

static void release(void)
{
	dialogue_free(h.d);
	catalog_close(h.cat);
	sqlite3_close(h.pristine);
}

static void die(const char *what, char *err)
{
	fprintf(stderr, "fuzz_dialogue: %s: %s\n", what, err ? err : "failed");
	free(err);
	exit(1);
}

/* Copies the database of from into to (whole). */
static void copy_db(sqlite3 *from, sqlite3 *to)
{
	sqlite3_backup *b = sqlite3_backup_init(to, "main", from, "main");
	if (!b || sqlite3_backup_step(b, -1) != SQLITE_DONE || sqlite3_backup_finish(b) != SQLITE_OK)
		die("restoring the catalog", sqlite3_mprintf("%s", sqlite3_errmsg(to)));
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	char *err = NULL;
	const char *env = getenv("FUZZ_MODEL");
	if (env && *env) {
		snprintf(h.model, sizeof h.model, "%s", env);
	} else {
		char exe[PATH_MAX];
		ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
		exe[n > 0 ? n : 0] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash)
			*slash = '\0';
		snprintf(h.model, sizeof h.model, "%s/intent.model", exe);
	}
	if (catalog_open(":memory:", &h.cat, &err) < 0)
		die("opening a catalog", err);
	struct import_options o = {0};
	struct import_stats st;
	if (import_run(h.cat, FIXTURES_DIR "/dialogue/outdoor/products.csv", &o, &st, &err) < 0)
		die("importing products", err);
	o.orders = true;
	if (import_run(h.cat, FIXTURES_DIR "/dialogue/outdoor/orders.csv", &o, &st, &err) < 0)
		die("importing orders", err);
	if (import_shipments(h.cat, FIXTURES_DIR "/dialogue/outdoor/shipments.csv", &err) < 0 ||
	    import_promotions(h.cat, FIXTURES_DIR "/dialogue/outdoor/promotions.csv", &err) < 0)
		die("importing side tables", err);
	if (sqlite3_open(":memory:", &h.pristine) != SQLITE_OK)
		die("opening a copy", NULL);
	copy_db(h.cat->db, h.pristine);
	struct dialogue_options d = {
		.cat = h.cat,
		.assets_dir = CLERK_ASSETS_DIR,
		.model_path = h.model,
		.customer = "c1001",
		.seed = 1,
	};
	h.d = dialogue_new(&d, &err);
	if (!h.d)
		die("starting the dialogue", err);
	atexit(release);
	return 0;
}

static void check(const struct reply *r)
{
	if (!r->text || !*r->text || !r->nlu.intent || r->n_suggestions < 2 ||
	    r->n_suggestions > 4 || (r->error && !*r->error) || r->n_products > 1000)
		abort();
	for (size_t i = 0; i < r->n_products; i++)
		if (!r->products[i].id || !r->products[i].name)
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	copy_db(h.pristine, h.cat->db);
	dialogue_reset(h.d);
	char line[MAX_LINE + 1];
	size_t at = 0;
	for (int turn = 0; turn < MAX_TURNS && at < size; turn++) {
		size_t n = 0;
		while (at < size && data[at] != '\n') {
			if (n < MAX_LINE)
				line[n++] = data[at] ? (char)data[at] : ' ';
			at++;
		}
		at++; /* the newline */
		line[n] = '\0';
		struct reply r;
		dialogue_turn(h.d, line, &r);
		check(&r);
		reply_release(&r);
	}
	return 0;
}
