/*
 * app: what the commands share: opening the catalog the user asked for (or
 * the default one, filled from the bundled demo catalog on first use; a new
 * catalog takes its stemming language from config.ini) and printing errors
 * the one way clerk prints them.
 */
#ifndef CLERK_APP_H
#define CLERK_APP_H

#include <stdbool.h>

#include "catalog/store/catalog.h"
#include "nlu/text/lang.h"
#include "nlu/text/measure.h"

/* Opens db_path, which must exist, or the default path when NULL. The
 * default database is made when missing and, while it has no products,
 * filled from the demo catalog in assets/. A file that cannot be written
 * opens read-only (catalog_is_read_only()). Returns 0, or -1 with a
 * message in *err. */
int app_open_catalog(const char *db_path, catalog **out, char **err);
/* For import: the same, but db_path is made when missing, and a new
 * catalog (no products, no language yet) gets language as its stemming
 * language; NULL means config.ini's `language` (english when unset). An
 * existing catalog keeps its own: changing it re-indexes, which is
 * catalog/index_language.h's index_language_set(). */
int app_open_catalog_language(const char *db_path, const char *language, catalog **out,
                              char **err);

/* The folder of the bundled data: $CLERK_ASSETS, else share/clerk beside
 * an installed binary's bin/, else the source tree's assets/ a build was
 * made from. Heap string; the caller frees it. */
char *app_assets_dir(void);
/* A file in it. Heap string; the caller frees it. */
char *app_asset_path(const char *relative);

/* The word list of ordinary words (dialogue_options.dictionary_path):
 * config.ini's `dictionary` when set, else /usr/share/dict/words when it
 * exists; NULL when there is none (clerk works without it, only its
 * spelling correction is less careful). Borrowed from configured or
 * static. */
const char *app_dictionary_path(const char *configured);

/* Loads the units of measure (assets/units.txt) into *out, or sets it to
 * NULL when the file is not there (measures are then left as written).
 * Returns -1 with *err for a file that does not read. Free *out with
 * measure_units_free(). */
int app_load_units(struct measure_units **out, char **err);

/* The language pack an import of products into c reads its words from
 * (import_options.pack): language's (a Snowball name or an ISO code),
 * else the catalog's own, over English. NULL with *err when it cannot be
 * read. Free with lang_free(). */
lang *app_import_pack(catalog *c, const char *language, char **err);

/* Prints "clerk: MESSAGE" on stderr, one line (newlines in msg are folded). */
void app_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
