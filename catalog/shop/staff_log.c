/*
 * staff_log.c: the log of staff actions.
 */
#include "catalog/shop/staff_log.h"

#include <stdlib.h>

#include "catalog/store/catalog_int.h"
#include "common/xalloc.h"

int staff_log_add(catalog *c, const char *action, const char *subject, const char *detail,
                  char **err)
{
	sqlite3_stmt *st = catalog_cached(
	        c, "INSERT INTO staff_log (action, subject, detail) VALUES (?1, ?2, ?3)", err);
	if (!st)
		return -1;
	catalog_bind_text(st, 1, action);
	catalog_bind_text(st, 2, subject);
	catalog_bind_text(st, 3, detail);
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : catalog_fail(c, err, "logging a staff action");
	catalog_release(st);
	return rc;
}

int staff_log_recent(catalog *c, const char *action_prefix, size_t limit,
                     struct staff_log_entry **out, size_t *n, char **err)
{
	struct staff_log_entry *rows = NULL;
	size_t count = 0, cap = 0;
	int rc = -1;
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = catalog_prepare(
	        c, "SELECT at, action, subject, detail FROM staff_log"
	           " WHERE ?1 IS NULL OR substr(action, 1, length(?1)) = ?1"
	           " ORDER BY at DESC, id DESC LIMIT ?2", err);
	if (!st)
		goto cleanup;
	catalog_bind_text(st, 1, action_prefix);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)limit);
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		rows = xgrow(rows, &cap, count + 1, sizeof *rows);
		struct staff_log_entry *e = &rows[count++];
		e->at = sqlite3_column_int64(st, 0);
		e->action = catalog_column_dup(st, 1);
		e->subject = catalog_column_dup(st, 2);
		e->detail = catalog_column_dup(st, 3);
	}
	if (step != SQLITE_DONE) {
		catalog_fail(c, err, "reading the staff log");
		goto cleanup;
	}
	*out = rows;
	*n = count;
	rows = NULL;
	rc = 0;
cleanup:
	staff_log_free(rows, count);
	sqlite3_finalize(st);
	return rc;
}

void staff_log_free(struct staff_log_entry *e, size_t n)
{
	for (size_t i = 0; e && i < n; i++) {
		free(e[i].action);
		free(e[i].subject);
		free(e[i].detail);
	}
	free(e);
}
