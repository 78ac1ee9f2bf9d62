/*
 * feedback.c: flagged feedback.
 */
#include "catalog/shop/feedback.h"

#include <stdio.h>
#include <stdlib.h>

#include "catalog/shop/staff_log.h"
#include "catalog/store/catalog_int.h"
#include "common/xalloc.h"

int feedback_flag(catalog *c, const char *customer, const char *session, const char *product,
                  const char *order, double score, const char *message, char **err)
{
	if (!product && !order) {
		if (err)
			*err = xstrdup("flagged feedback needs a product or an order");
		return -1;
	}
	sqlite3_stmt *st = catalog_prepare(
	        c, "INSERT INTO feedback_flags (customer_id, session, product_id, order_ref, score,"
	           " message) VALUES ((SELECT id FROM customers WHERE external_id = ?1), ?2,"
	           " (SELECT id FROM products WHERE source_id = ?3), ?4, ?5, ?6)", err);
	if (!st)
		return -1;
	catalog_bind_text(st, 1, customer);
	catalog_bind_text(st, 2, session);
	catalog_bind_text(st, 3, product);
	catalog_bind_text(st, 4, order);
	sqlite3_bind_double(st, 5, score);
	catalog_bind_text(st, 6, message);
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : catalog_fail(c, err, "flagging feedback");
	sqlite3_finalize(st);
	return rc;
}

static void fill_flag(sqlite3_stmt *st, void *row)
{
	struct feedback_flag *f = row;
	f->id = sqlite3_column_int64(st, 0);
	f->customer = catalog_column_dup(st, 1);
	f->product = catalog_column_dup(st, 2);
	f->product_name = catalog_column_dup(st, 3);
	f->order = catalog_column_dup(st, 4);
	f->message = catalog_column_dup(st, 5);
	f->score = sqlite3_column_double(st, 6);
	f->at = sqlite3_column_int64(st, 7);
	f->closed = sqlite3_column_int(st, 8) != 0;
}

int feedback_flags_list(catalog *c, bool all, size_t limit, struct feedback_flag **out,
                        size_t *n, char **err)
{
	void *rows;
	int rc = catalog_list_rows(
	        c, "SELECT f.id, cu.external_id, p.source_id, p.name, f.order_ref, f.message,"
	           " f.score, f.at, f.closed_at IS NOT NULL FROM feedback_flags f"
	           " LEFT JOIN customers cu ON cu.id = f.customer_id"
	           " LEFT JOIN products p ON p.id = f.product_id"
	           " WHERE ?1 OR f.closed_at IS NULL ORDER BY f.at DESC, f.id DESC LIMIT ?2",
	        all, limit, sizeof **out, fill_flag, &rows, n, "listing flagged feedback", err);
	*out = rows;
	if (rc < 0) {
		feedback_flags_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

void feedback_flags_free(struct feedback_flag *f, size_t n)
{
	for (size_t i = 0; f && i < n; i++) {
		free(f[i].customer);
		free(f[i].product);
		free(f[i].product_name);
		free(f[i].order);
		free(f[i].message);
	}
	free(f);
}

int feedback_flag_close(catalog *c, int64_t id, char **err)
{
	if (catalog_begin(c, err) < 0)
		return -1;
	sqlite3_stmt *st = catalog_prepare(
	        c, "UPDATE feedback_flags SET closed_at = unixepoch() WHERE id = ?1"
	           " AND closed_at IS NULL", err);
	if (!st)
		goto fail;
	sqlite3_bind_int64(st, 1, id);
	int step = sqlite3_step(st);
	sqlite3_finalize(st);
	if (step != SQLITE_DONE) {
		catalog_fail(c, err, "closing a feedback flag");
		goto fail;
	}
	if (!sqlite3_changes(c->db)) {
		if (err)
			*err = xasprintf("no open feedback flag %lld", (long long)id);
		goto fail;
	}
	char subject[32];
	snprintf(subject, sizeof subject, "%lld", (long long)id);
	if (staff_log_add(c, "feedback.close", subject, NULL, err) < 0)
		goto fail;
	return catalog_commit(c, err);
fail:
	catalog_rollback(c);
	return -1;
}
