/*
 * events.c: the event log.
 */
#include "catalog/events.h"

#include "catalog/catalog_int.h"

int events_log(catalog *c, const char *customer, const char *session, const char *kind,
               const char *product, const char *detail, char **err)
{
	/* The customer must already exist: logging never creates customers. */
	sqlite3_stmt *st = catalog_prepare(
	        c, "INSERT INTO events (customer_id, session, kind, product_id, detail)"
	           " VALUES ((SELECT id FROM customers WHERE external_id = ?1), ?2, ?3,"
	           " (SELECT id FROM products WHERE source_id = ?4), ?5)", err);
	if (!st)
		return -1;
	catalog_bind_text(st, 1, customer);
	catalog_bind_text(st, 2, session);
	catalog_bind_text(st, 3, kind);
	catalog_bind_text(st, 4, product);
	catalog_bind_text(st, 5, detail);
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : catalog_fail(c, err, "logging an event");
	sqlite3_finalize(st);
	return rc;
}
