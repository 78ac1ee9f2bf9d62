/*
 * profile_rights.c: the shopper's rights over what is stored about them:
 * the export of all of it as JSON, and forgetting them.
 */
#include "catalog/shop/profile.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "catalog/shop/cart.h"
#include "catalog/shop/profile_int.h"
#include "catalog/store/catalog_int.h"
#include "common/xalloc.h"

/* ---- export ---- */

/* One statement builds the document from the tables (json() keeps the
 * nested documents JSON through the subqueries). Orders are the
 * customer's own and the guest orders placed with their email. */
#define THEIR_ORDERS                                                                       \
	"(o.customer_id = cu.id OR (o.customer_id IS NULL AND cu.email IS NOT NULL"           \
	" AND lower(o.email) = lower(cu.email)))"
static const char export_sql[] =
        "SELECT json_object("
        " 'customer', json_object('id', cu.external_id, 'name', cu.name, 'email', cu.email,"
        "  'postcode', cu.postcode, 'created_at', strftime('%Y-%m-%dT%H:%M:%SZ', cu.created_at, 'unixepoch')),"
        " 'consent', json((SELECT json_group_array(json_object('purpose', k.purpose,"
        "  'granted', json(CASE k.granted WHEN 1 THEN 'true' ELSE 'false' END),"
        "  'at', strftime('%Y-%m-%dT%H:%M:%SZ', k.at, 'unixepoch'))) FROM consent k WHERE k.customer_id = cu.id)),"
        " 'events', json((SELECT json_group_array(json_object('kind', e.kind,"
        "  'product', p.source_id, 'product_name', p.name, 'detail', e.detail,"
        "  'session', e.session, 'at', strftime('%Y-%m-%dT%H:%M:%SZ', e.at, 'unixepoch')))"
        "  FROM (SELECT * FROM events WHERE customer_id = cu.id ORDER BY at, id) e"
        "  LEFT JOIN products p ON p.id = e.product_id)),"
        " 'carts', json((SELECT json_group_array(json_object('updated_at',"
        "  strftime('%Y-%m-%dT%H:%M:%SZ', k.updated_at, 'unixepoch'), 'items', json((SELECT json_group_array("
        "  json_object('product', p.source_id, 'name', p.name, 'options', ci.options,"
        "  'quantity', ci.quantity,"
        "  'price', ci.price_cents / 100.0, 'added_at', strftime('%Y-%m-%dT%H:%M:%SZ', ci.added_at, 'unixepoch')))"
        "  FROM cart_items ci JOIN products p ON p.id = ci.product_id"
        "  WHERE ci.cart_id = k.id)))) FROM carts k WHERE k.customer_id = cu.id)),"
        " 'orders', json((SELECT json_group_array(json_object('id', o.source_id,"
        "  'status', o.status, 'placed_at', o.placed_at, 'total', o.total_cents / 100.0,"
        "  'currency', o.currency, 'email', o.email, 'postcode', o.postcode,"
        "  'carrier', o.carrier, 'tracking', o.tracking,"
        "  'items', json((SELECT json_group_array(json_object('product', oi.product_source_id,"
        "   'name', oi.name, 'quantity', oi.quantity, 'price', oi.price_cents / 100.0))"
        "   FROM order_items oi WHERE oi.order_id = o.id)),"
        "  'shipments', json((SELECT json_group_array(json_object('at', s.at,"
        "   'status', s.status, 'location', s.location)) FROM shipments s"
        "   WHERE s.order_id = o.id))))"
        "  FROM orders o WHERE " THEIR_ORDERS ")),"
        " 'offers', json((SELECT json_group_array(json_object('code', f.code,"
        "  'description', f.description, 'kind', f.kind, 'value', f.value,"
        "  'issued_at', strftime('%Y-%m-%dT%H:%M:%SZ', f.issued_at, 'unixepoch'), 'ends_at', f.ends_at,"
        "  'redeemed_at', strftime('%Y-%m-%dT%H:%M:%SZ', f.redeemed_at, 'unixepoch'), 'order', f.order_ref))"
        "  FROM offers f WHERE f.customer_id = cu.id)),"
        " 'handoffs', json((SELECT json_group_array(json_object('reference', h.reference,"
        "  'message', h.message, 'at', strftime('%Y-%m-%dT%H:%M:%SZ', h.at, 'unixepoch')))"
        "  FROM handoffs h WHERE h.customer_id = cu.id))"
        ") FROM customers cu WHERE cu.external_id = ?1";

static const char *const kind_names[PROFILE_KINDS] = {
	[PROFILE_BRAND] = "brand", [PROFILE_CATEGORY] = "category", [PROFILE_COLOR] = "color",
	[PROFILE_PRICE] = "price_band", [PROFILE_ECO] = "eco",
};

int profile_export(catalog *c, const char *customer, int64_t now, char **json, char **err)
{
	*json = NULL;
	sqlite3_stmt *st = catalog_prepare(c, export_sql, err);
	if (!st)
		return -1;
	struct catalog_read tx = catalog_read_begin(c);
	catalog_bind_text(st, 1, customer);
	int step = sqlite3_step(st);
	char *doc = step == SQLITE_ROW ? profile_col_dup(st, 0) : NULL;
	sqlite3_finalize(st);
	struct profile p = {0};
	int rc = step == SQLITE_ROW || step == SQLITE_DONE ? 0 : catalog_fail(c, err, "exporting");
	if (rc == 0 && doc)
		rc = profile_read(c, customer, NULL, now, NULL, 0, &p, err);
	catalog_read_end(c, tx);
	if (rc < 0 || !doc) {
		free(doc);
		return rc;
	}
	cJSON *root = cJSON_Parse(doc);
	free(doc);
	if (!root) {
		profile_release(&p);
		if (err)
			*err = xstrdup("exporting: the document did not parse");
		return -1;
	}
	/* what the history says, as personalization reads it */
	cJSON *aff = cJSON_AddArrayToObject(root, "affinities");
	for (size_t i = 0; i < p.n_affinities; i++) {
		cJSON *a = cJSON_CreateObject();
		cJSON_AddStringToObject(a, "kind", kind_names[p.affinities[i].kind]);
		cJSON_AddStringToObject(a, "value", p.affinities[i].value);
		cJSON_AddNumberToObject(a, "share", round(p.affinities[i].share * 1000) / 1000);
		cJSON_AddItemToArray(aff, a);
	}
	char when[32];
	time_t t = (time_t)now;
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", gmtime(&t));
	cJSON_AddStringToObject(root, "exported_at", when);
	char *text = cJSON_Print(root);
	cJSON_Delete(root);
	profile_release(&p);
	*json = xstrdup(text);
	cJSON_free(text);
	return 0;
}

/* $XDG_DATA_HOME/clerk/exports/clerk-export-ID-TIME.json, with only
 * letters, digits, '-' and '_' of the id in the name. */
static char *default_export_path(const char *customer, int64_t now)
{
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	char *base = xdg && *xdg ? xasprintf("%s/clerk/exports", xdg)
	             : home && *home ? xasprintf("%s/.local/share/clerk/exports", home)
	                             : xstrdup("clerk-exports");
	char *id = xstrdup(customer);
	for (char *p = id; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_')
			*p = '_';
	char stamp[32];
	time_t t = (time_t)now;
	strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", gmtime(&t));
	char *path = xasprintf("%s/clerk-export-%s-%s.json", base, id, stamp);
	free(base);
	free(id);
	return path;
}

int profile_export_file(catalog *c, const char *customer, const char *path, int64_t now,
                        char **written, char **err)
{
	*written = NULL;
	char *json = NULL;
	if (profile_export(c, customer, now, &json, err) < 0)
		return -1;
	if (!json)
		return 0;
	char *target = path ? xstrdup(path) : default_export_path(customer, now);
	int rc = -1;
	if (!path && catalog_make_parent_dirs(target, err) < 0)
		goto cleanup;
	/* personal data: readable by its owner only */
	int fd = open(target, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!f) {
		if (err)
			*err = xasprintf("cannot write %s: %s", target, strerror(errno));
		if (fd >= 0)
			close(fd);
		goto cleanup;
	}
	bool ok = fputs(json, f) >= 0 && fputc('\n', f) != EOF;
	ok = fclose(f) == 0 && ok;
	if (!ok) {
		if (err)
			*err = xasprintf("cannot write %s: %s", target, strerror(errno));
		goto cleanup;
	}
	*written = target;
	target = NULL;
	rc = 0;
cleanup:
	free(target);
	free(json);
	return rc;
}

/* ---- forgetting ---- */

int profile_forget(catalog *c, const char *customer, struct profile_forgotten *out, char **err)
{
	memset(out, 0, sizeof *out);
	if (!customer)
		return 0;
	/* What is deleted is overwritten, not left in free pages; the
	 * connection's own setting comes back afterwards. */
	sqlite3_stmt *sd = catalog_prepare(c, "PRAGMA secure_delete", NULL);
	int was_secure = sd && sqlite3_step(sd) == SQLITE_ROW ? sqlite3_column_int(sd, 0) : 0;
	sqlite3_finalize(sd);
	sqlite3_exec(c->db, "PRAGMA secure_delete = ON", NULL, NULL, NULL);
	int rc = -1;
	if (catalog_begin(c, err) < 0)
		goto done;
	int64_t id = 0;
	int found = cart_customer_id(c, customer, 0, &id, err);
	if (found < 0)
		goto cleanup;
	if (!found) {
		rc = catalog_commit(c, err);
		goto done;
	}
	out->found = true;
	int64_t guest_orders = 0;
#define CU "(SELECT id FROM customers WHERE external_id = ?1)"
	const struct {
		const char *sql;
		int64_t *count;
	} steps[] = {
		/* sessions they used no longer link anonymous events to them */
		{"UPDATE events SET session = NULL WHERE session IN"
		 " (SELECT session FROM carts WHERE customer_id = " CU
		 "  UNION SELECT session FROM handoffs WHERE customer_id = " CU ")", NULL},
		/* the order service's answers kept for them (their orders, or
		 * naming them or their email), while their orders still say
		 * which those are */
		{"DELETE FROM order_cache WHERE order_ref IN"
		 " (SELECT source_id FROM orders WHERE customer_id = " CU ")"
		 " OR instr(answer, '\"' || ?1 || '\"') > 0"
		 " OR EXISTS (SELECT 1 FROM customers WHERE external_id = ?1 AND email IS NOT NULL"
		 "  AND instr(lower(answer), lower(email)) > 0)", NULL},
		{"DELETE FROM events WHERE customer_id = " CU, &out->events},
		{"DELETE FROM carts WHERE customer_id = " CU, &out->carts},
		{"DELETE FROM consent WHERE customer_id = " CU, &out->consents},
		{"DELETE FROM offers WHERE customer_id = " CU, &out->offers},
		{"DELETE FROM handoffs WHERE customer_id = " CU, &out->handoffs},
		{"DELETE FROM verify_failures WHERE order_ref = '" PROFILE_SIGN_IN_KEY "' || ?1", NULL},
		/* The store keeps its accounts (the order, its lines and total):
		 * guest orders placed with their email first, while their own
		 * orders still say which emails those are. */
		{"UPDATE orders SET email = NULL, postcode = NULL, tracking = NULL"
		 " WHERE customer_id IS NULL AND lower(email) IN"
		 " (SELECT lower(email) FROM customers WHERE external_id = ?1 AND email IS NOT NULL"
		 "  UNION SELECT lower(email) FROM orders WHERE customer_id = " CU
		 "  AND email IS NOT NULL)", &guest_orders},
		{"UPDATE orders SET customer_id = NULL, email = NULL, postcode = NULL,"
		 " tracking = NULL WHERE customer_id = " CU, &out->orders},
		{"DELETE FROM customers WHERE external_id = ?1", NULL},
	};
#undef CU
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
		if (profile_run(c, steps[i].sql, customer, 0, steps[i].count, "forgetting a customer", err) < 0)
			goto cleanup;
	out->orders += guest_orders;
	if (catalog_commit(c, err) < 0)
		goto done;
	/* The log's frames still hold the old pages until a checkpoint; a
	 * reader in another process may keep it from finishing, which only
	 * delays it to the next one. */
	sqlite3_exec(c->db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
	rc = 0;
	goto done;
cleanup:
	catalog_rollback(c);
done:
	if (!was_secure)
		sqlite3_exec(c->db, "PRAGMA secure_delete = OFF", NULL, NULL, NULL);
	return rc;
}
