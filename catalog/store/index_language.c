/*
 * index_language.c: reading the catalog's language and rebuilding the index
 * in another one.
 */
#include "catalog/store/index_language.h"

#include <stdlib.h>
#include <string.h>

#include "catalog/store/catalog_int.h"
#include "catalog/store/product.h"
#include "catalog/store/schema.h"
#include "catalog/store/settings.h"
#include "common/xalloc.h"
#include "nlu/text/language.h"

#define KEY "language"

int index_language_get(catalog *c, char **out, bool *recorded, char **err)
{
	char *value = NULL;
	*out = NULL;
	if (settings_get(c, KEY, &value, err) < 0)
		return -1;
	if (recorded)
		*recorded = value != NULL;
	if (!value) {
		*out = xstrdup(INDEX_LANGUAGE_DEFAULT);
		return 0;
	}
	char *why = NULL;
	const char *name = language_snowball(value, &why);
	free(value);
	if (!name) {
		if (err)
			*err = xasprintf("the catalog's language setting: %s", why);
		free(why);
		return -1;
	}
	*out = xstrdup(name);
	return 0;
}

int index_language_pending(catalog *c, bool *out, char **err)
{
	*out = false;
	sqlite3_stmt *st = catalog_prepare(
		c,
		"SELECT NOT EXISTS (SELECT 1 FROM settings WHERE key = ?1)"
		" AND NOT EXISTS (SELECT 1 FROM products)",
		err);
	int rc = -1;
	if (!st)
		goto cleanup;
	catalog_bind_text(st, 1, KEY);
	if (sqlite3_step(st) != SQLITE_ROW) {
		catalog_fail(c, err, "reading the catalog's language");
		goto cleanup;
	}
	*out = sqlite3_column_int(st, 0) != 0;
	rc = 0;
cleanup:
	sqlite3_finalize(st);
	return rc;
}

static int exec(catalog *c, const char *sql, const char *what, char **err)
{
	if (sqlite3_exec(c->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return catalog_fail(c, err, what);
	return 0;
}

/* Drops product_fts, creates it with language's tokenizer and indexes every
 * product again. */
static int rebuild(catalog *c, const char *language, size_t *count, char **err)
{
	product_writer *w = NULL;
	char *create = schema_fts_sql(language);
	int rc = -1;
	if (!create) {
		if (err)
			*err = xasprintf("'%s' is not a Snowball language name", language);
		goto cleanup;
	}
	if (exec(c, "DROP TABLE product_fts", "dropping the search index", err) < 0 ||
	    exec(c, create, "creating the search index", err) < 0)
		goto cleanup;
	w = product_writer_new(c, err);
	if (!w || product_writer_index_all(w, count, err) < 0)
		goto cleanup;
	rc = 0;
cleanup:
	product_writer_free(w);
	free(create);
	return rc;
}

int index_language_apply(catalog *c, const char *name, size_t *reindexed, char **err)
{
	char *stored = NULL;
	size_t count = 0;
	int rc = -1;
	if (reindexed)
		*reindexed = 0;
	const char *want = language_snowball(name, err);
	if (!want)
		goto cleanup;
	if (settings_get(c, KEY, &stored, err) < 0)
		goto cleanup;
	/* No row: the index is the schema's English one. A row libstemmer
	 * does not know (edited by hand) is replaced, index and all. */
	const char *have = stored ? language_snowball(stored, NULL) : INDEX_LANGUAGE_DEFAULT;
	if (!have || strcmp(have, want)) {
		if (rebuild(c, want, &count, err) < 0)
			goto cleanup;
	}
	if ((!stored || strcmp(stored, want)) && settings_set(c, KEY, want, err) < 0)
		goto cleanup;
	if (reindexed)
		*reindexed = count;
	rc = 0;
cleanup:
	free(stored);
	return rc;
}

int index_language_set(catalog *c, const char *name, size_t *reindexed, char **err)
{
	if (reindexed)
		*reindexed = 0;
	if (!language_snowball(name, err))
		return -1;
	if (catalog_begin(c, err) < 0)
		return -1;
	if (index_language_apply(c, name, reindexed, err) < 0) {
		catalog_rollback(c);
		if (reindexed)
			*reindexed = 0;
		return -1;
	}
	if (catalog_commit(c, err) < 0) {
		if (reindexed)
			*reindexed = 0;
		return -1;
	}
	return 0;
}
