/*
 * handoffs.c: closing hand-offs.
 */
#include "catalog/shop/handoffs.h"

#include <stdlib.h>
#include <string.h>

#include "catalog/shop/staff_log.h"
#include "catalog/store/catalog_int.h"
#include "common/xalloc.h"

static void fill_handoff(sqlite3_stmt *st, void *row)
{
	struct handoff *h = row;
	h->reference = catalog_column_dup(st, 0);
	h->customer = catalog_column_dup(st, 1);
	h->message = catalog_column_dup(st, 2);
	h->at = sqlite3_column_int64(st, 3);
	h->closed_at = sqlite3_column_int64(st, 4);
	h->note = catalog_column_dup(st, 5);
}

int handoffs_list(catalog *c, bool all, size_t limit, struct handoff **out, size_t *n,
                  char **err)
{
	void *rows;
	int rc = catalog_list_rows(
	        c, "SELECT h.reference, cu.external_id, h.message, h.at, coalesce(h.closed_at, 0),"
	           " h.note FROM handoffs h LEFT JOIN customers cu ON cu.id = h.customer_id"
	           " WHERE ?1 OR h.closed_at IS NULL ORDER BY h.at DESC, h.id DESC LIMIT ?2",
	        all, limit, sizeof **out, fill_handoff, &rows, n, "listing hand-offs", err);
	*out = rows;
	if (rc < 0) {
		handoffs_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

void handoffs_free(struct handoff *h, size_t n)
{
	for (size_t i = 0; h && i < n; i++) {
		free(h[i].reference);
		free(h[i].customer);
		free(h[i].message);
		free(h[i].note);
	}
	free(h);
}

int handoffs_close(catalog *c, const char *reference, const char *note, char **err)
{
	if (!note || !*note) {
		if (err)
			*err = xstrdup("closing a hand-off needs a note");
		return -1;
	}
	if (catalog_begin(c, err) < 0)
		return -1;
	sqlite3_stmt *st = catalog_prepare(
	        c, "UPDATE handoffs SET closed_at = unixepoch(), note = ?2"
	           " WHERE reference = upper(?1) AND closed_at IS NULL", err);
	if (!st)
		goto fail;
	catalog_bind_text(st, 1, reference);
	catalog_bind_text(st, 2, note);
	int step = sqlite3_step(st);
	sqlite3_finalize(st);
	if (step != SQLITE_DONE) {
		catalog_fail(c, err, "closing a hand-off");
		goto fail;
	}
	if (!sqlite3_changes(c->db)) {
		if (err)
			*err = xasprintf("no open hand-off %s", reference);
		goto fail;
	}
	if (staff_log_add(c, "handoff.close", reference, note, err) < 0)
		goto fail;
	return catalog_commit(c, err);
fail:
	catalog_rollback(c);
	return -1;
}
