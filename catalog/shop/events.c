/*
 * events.c: the event log.
 */
#include "catalog/shop/events.h"

#include <stdlib.h>

#include "catalog/store/catalog_int.h"
#include "common/xalloc.h"

int events_log(catalog *c, const char *customer, const char *session, const char *kind,
               const char *product, const char *detail, char **err)
{
	/* Logging never creates customers, and an event of a customer who is
	 * not in the table is not logged at all (not even as the session's:
	 * the session would tie it to them once they are). One who has not
	 * consented is refused by the table's trigger (schema.c). */
	sqlite3_stmt *st = catalog_cached(
	        c, "INSERT INTO events (customer_id, session, kind, product_id, detail)"
	           " SELECT cu.id, ?2, ?3, (SELECT id FROM products WHERE source_id = ?4), ?5"
	           " FROM (SELECT (SELECT id FROM customers WHERE external_id = ?1) AS id) cu"
	           " WHERE ?1 IS NULL OR cu.id IS NOT NULL", err);
	if (!st)
		return -1;
	catalog_bind_text(st, 1, customer);
	catalog_bind_text(st, 2, session);
	catalog_bind_text(st, 3, kind);
	catalog_bind_text(st, 4, product);
	catalog_bind_text(st, 5, detail);
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : catalog_fail(c, err, "logging an event");
	catalog_release(st);
	return rc;
}

int events_handoff(catalog *c, const char *customer, const char *session, const char *message,
                   char **reference, char **err)
{
	*reference = NULL;
	if (catalog_begin(c, err) < 0)
		return -1;
	/* The reference is the row's own number, so it is unique without a
	 * second query and short enough to read out on the phone. */
	sqlite3_stmt *st = catalog_prepare(
	        c, "INSERT INTO handoffs (reference, customer_id, session, message)"
	           " VALUES ('H' || (SELECT coalesce(max(id), 0) + 100001 FROM handoffs),"
	           " (SELECT id FROM customers WHERE external_id = ?1), ?2, ?3)"
	           " RETURNING reference", err);
	int rc = -1;
	if (!st)
		goto cleanup;
	catalog_bind_text(st, 1, customer);
	catalog_bind_text(st, 2, session);
	catalog_bind_text(st, 3, message);
	if (sqlite3_step(st) != SQLITE_ROW) {
		catalog_fail(c, err, "recording a hand-off");
		goto cleanup;
	}
	*reference = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	st = NULL;
	if (catalog_commit(c, err) < 0)
		goto cleanup;
	rc = 0;
cleanup:
	sqlite3_finalize(st);
	if (rc < 0) {
		catalog_rollback(c);
		free(*reference);
		*reference = NULL;
	}
	return rc;
}
