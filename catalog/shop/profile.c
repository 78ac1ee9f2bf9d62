/*
 * profile.c: a shopper's account: sign-in, the anonymous session's cart
 * and end, consent and the history's deletion, and what their orders and
 * cart say (the usual carrier, a cart left waiting). Affinities are
 * profile_affinity.c's; export and forgetting profile_rights.c's.
 */
#include "catalog/shop/profile.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/shop/cart.h"
#include "catalog/shop/profile_int.h"
#include "catalog/store/catalog_int.h"
#include "common/xalloc.h"

char *profile_col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);
	return s ? xstrdup((const char *)s) : NULL;
}

int profile_run(catalog *c, const char *sql, const char *text1, int64_t int2, int64_t *changes,
                const char *what, char **err)
{
	sqlite3_stmt *st = catalog_prepare(c, sql, err);
	if (!st)
		return -1;
	catalog_bind_text(st, 1, text1);
	if (sqlite3_bind_parameter_count(st) >= 2)
		sqlite3_bind_int64(st, 2, int2);
	int step = sqlite3_step(st);
	sqlite3_finalize(st);
	if (step != SQLITE_DONE)
		return catalog_fail(c, err, what);
	if (changes)
		*changes = sqlite3_changes(c->db);
	return 0;
}

/* ---- signing in ---- */

static int is_locked(catalog *c, const char *key, int64_t now, bool *locked, char **err)
{
	sqlite3_stmt *st = catalog_prepare(
	        c, "SELECT locked_until > ?2 FROM verify_failures WHERE order_ref = ?1", err);
	if (!st)
		return -1;
	catalog_bind_text(st, 1, key);
	sqlite3_bind_int64(st, 2, now);
	int step = sqlite3_step(st);
	*locked = step == SQLITE_ROW && sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return catalog_fail(c, err, "reading sign-in failures");
	return 0;
}

static int verify_matches(catalog *c, const char *customer, const char *verify, bool *match,
                          char **err)
{
	/* Postcodes compare without case, spaces and dashes. */
#define NORM(x) "upper(replace(replace(" x ", ' ', ''), '-', ''))"
	sqlite3_stmt *st = catalog_prepare(
	        c, "SELECT 1 FROM customers cu WHERE cu.external_id = ?1 AND ("
	           " lower(cu.email) = lower(?2) OR " NORM("cu.postcode") " = " NORM("?2")
	           " OR EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = cu.id AND"
	           "  (lower(o.email) = lower(?2) OR " NORM("o.postcode") " = " NORM("?2") ")))",
	        err);
#undef NORM
	if (!st)
		return -1;
	catalog_bind_text(st, 1, customer);
	catalog_bind_text(st, 2, verify);
	int step = sqlite3_step(st);
	*match = step == SQLITE_ROW;
	sqlite3_finalize(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return catalog_fail(c, err, "checking a sign-in");
	return 0;
}

int profile_sign_in(catalog *c, const char *customer, const char *verify, int64_t now,
                    enum profile_sign_in *out, char **err)
{
	*out = PROFILE_NO_MATCH;
	char *key = xasprintf(PROFILE_SIGN_IN_KEY "%s", customer ? customer : "");
	int rc = -1;
	if (catalog_begin(c, err) < 0)
		goto done;
	bool locked = false, match = false;
	if (is_locked(c, key, now, &locked, err) < 0)
		goto cleanup;
	if (locked) {
		*out = PROFILE_LOCKED;
	} else {
		if (customer && verify && *verify && verify_matches(c, customer, verify, &match, err) < 0)
			goto cleanup;
		/* A lock that has run out starts a fresh count. */
		static const char failed[] =
		        "INSERT INTO verify_failures (order_ref, failures, locked_until)"
		        " VALUES (?1, 1, 0) ON CONFLICT (order_ref) DO UPDATE SET"
		        "  failures = CASE WHEN locked_until != 0 AND locked_until <= ?2 THEN 1"
		        "             ELSE failures + 1 END,"
		        "  locked_until = CASE WHEN locked_until != 0 AND locked_until <= ?2 THEN 0"
		        "             WHEN failures + 1 >= " PROFILE_STR(PROFILE_MAX_FAILURES)
		        "             THEN ?2 + " PROFILE_STR(PROFILE_LOCK_SECONDS) " ELSE locked_until END";
		if (profile_run(c, match ? "DELETE FROM verify_failures WHERE order_ref = ?1" : failed, key,
		         now, NULL, "recording a sign-in", err) < 0)
			goto cleanup;
		*out = match ? PROFILE_SIGNED_IN : PROFILE_NO_MATCH;
	}
	if (catalog_commit(c, err) < 0)
		goto done;
	rc = 0;
cleanup:
	if (rc < 0)
		catalog_rollback(c);
done:
	free(key);
	return rc;
}

int profile_adopt_session_cart(catalog *c, const char *customer, const char *session,
                               char **err)
{
	int64_t dst = 0;
	if (!session || cart_open(c, customer, NULL, &dst, err) < 0)
		return session ? -1 : 0;
	if (catalog_begin(c, err) < 0)
		return -1;
	static const char *const steps[] = {
		"INSERT INTO cart_items (cart_id, product_id, options, quantity, price_cents, added_at)"
		" SELECT ?2, ci.product_id, ci.options, ci.quantity, ci.price_cents, ci.added_at"
		" FROM cart_items ci JOIN carts k ON k.id = ci.cart_id"
		" WHERE k.customer_id IS NULL AND k.session = ?1"
		" ON CONFLICT (cart_id, product_id, options) DO UPDATE SET"
		"  quantity = min(quantity + excluded.quantity, 1000000)",
		("UPDATE carts SET updated_at = unixepoch() WHERE id = ?2 AND EXISTS"
		 " (SELECT 1 FROM carts WHERE customer_id IS NULL AND session = ?1)"),
		"DELETE FROM carts WHERE customer_id IS NULL AND session = ?1",
	};
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		if (profile_run(c, steps[i], session, dst, NULL, "moving the cart to the customer", err) < 0) {
			catalog_rollback(c);
			return -1;
		}
	}
	return catalog_commit(c, err);
}

/* The session's anonymous events take a new random name that nothing
 * else holds (no cart, hand-off or later event): they still count as one
 * conversation for staff, but no longer lead to anything about the
 * shopper. */
static int rekey_events(catalog *c, const char *session, char **err)
{
	unsigned char b[8];
	randombytes_buf(b, sizeof b);
	char hex[2 * sizeof b + 1], name[2 * sizeof b + 2];
	sodium_bin2hex(hex, sizeof hex, b, sizeof b);
	snprintf(name, sizeof name, "e%s", hex);
	sqlite3_stmt *st = catalog_prepare(
	        c, "UPDATE events SET session = ?2 WHERE customer_id IS NULL AND session = ?1", err);
	if (!st)
		return -1;
	catalog_bind_text(st, 1, session);
	catalog_bind_text(st, 2, name);
	int step = sqlite3_step(st);
	sqlite3_finalize(st);
	return step == SQLITE_DONE ? 0 : catalog_fail(c, err, "ending a session");
}

int profile_session_end(catalog *c, const char *session, char **err)
{
	if (!session)
		return 0;
	if (catalog_begin(c, err) < 0)
		return -1;
	if (profile_run(c, "DELETE FROM carts WHERE customer_id IS NULL AND session = ?1", session, 0,
	         NULL, "ending a session", err) < 0 ||
	    rekey_events(c, session, err) < 0) {
		catalog_rollback(c);
		return -1;
	}
	return catalog_commit(c, err);
}

/* ---- consent ---- */

int profile_consent(catalog *c, const char *customer, enum profile_consent *out, char **err)
{
	*out = PROFILE_CONSENT_UNASKED;
	if (!customer)
		return 0;
	sqlite3_stmt *st = catalog_cached(
	        c, "SELECT k.granted FROM consent k JOIN customers cu ON cu.id = k.customer_id"
	           " WHERE cu.external_id = ?1 AND k.purpose = '" PROFILE_PURPOSE "'", err);
	if (!st)
		return -1;
	catalog_bind_text(st, 1, customer);
	int step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		*out = sqlite3_column_int(st, 0) ? PROFILE_CONSENT_GRANTED : PROFILE_CONSENT_REFUSED;
	catalog_release(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return catalog_fail(c, err, "reading consent");
	return 0;
}

int profile_set_consent(catalog *c, const char *customer, bool granted, char **err)
{
	if (!customer) {
		if (err)
			*err = xstrdup("consent needs a customer");
		return -1;
	}
	if (catalog_begin(c, err) < 0)
		return -1;
	int64_t id;
	if (cart_customer_id(c, customer, 1, &id, err) < 0)
		goto fail;
	sqlite3_stmt *st = catalog_prepare(
	        c, "INSERT INTO consent (customer_id, purpose, granted, at)"
	           " VALUES (?1, '" PROFILE_PURPOSE "', ?2, unixepoch())"
	           " ON CONFLICT (customer_id, purpose) DO UPDATE SET"
	           "  granted = excluded.granted, at = excluded.at", err);
	if (!st)
		goto fail;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, granted ? 1 : 0);
	int step = sqlite3_step(st);
	sqlite3_finalize(st);
	if (step != SQLITE_DONE) {
		catalog_fail(c, err, "recording consent");
		goto fail;
	}
	return catalog_commit(c, err);
fail:
	catalog_rollback(c);
	return -1;
}

int profile_forget_history(catalog *c, const char *customer, int64_t *deleted, char **err)
{
	*deleted = 0;
	return profile_run(c, "DELETE FROM events WHERE customer_id ="
	               " (SELECT id FROM customers WHERE external_id = ?1)",
	            customer, 0, deleted, "deleting the history", err);
}

/* ---- what the history suggests ---- */

int profile_usual_carrier(catalog *c, const char *customer, char **carrier, int64_t *orders,
                          char **err)
{
	*carrier = NULL;
	*orders = 0;
	sqlite3_stmt *st = catalog_prepare(
	        c, "SELECT o.carrier, count(*) AS n, max(o.placed_at) AS last FROM orders o"
	           " JOIN customers cu ON cu.id = o.customer_id WHERE cu.external_id = ?1"
	           " AND o.carrier IS NOT NULL AND o.carrier != '' AND o.status != 'cancelled'"
	           " GROUP BY o.carrier COLLATE NOCASE ORDER BY n DESC, last DESC LIMIT 1", err);
	if (!st)
		return -1;
	catalog_bind_text(st, 1, customer);
	int step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		*carrier = profile_col_dup(st, 0);
		*orders = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return catalog_fail(c, err, "reading the customer's carriers");
	return 0;
}

int profile_cart_waiting(catalog *c, const char *customer, int64_t before, bool *waiting,
                         char **err)
{
	*waiting = false;
	sqlite3_stmt *st = catalog_prepare(
	        c, "SELECT 1 FROM carts k JOIN customers cu ON cu.id = k.customer_id"
	           " WHERE cu.external_id = ?1 AND k.updated_at < ?2"
	           " AND (k.reminded_at IS NULL OR k.reminded_at < k.updated_at)"
	           " AND EXISTS (SELECT 1 FROM cart_items ci WHERE ci.cart_id = k.id)", err);
	if (!st)
		return -1;
	catalog_bind_text(st, 1, customer);
	sqlite3_bind_int64(st, 2, before);
	int step = sqlite3_step(st);
	*waiting = step == SQLITE_ROW;
	sqlite3_finalize(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return catalog_fail(c, err, "reading the customer's cart");
	return 0;
}

int profile_cart_reminded(catalog *c, const char *customer, int64_t now, char **err)
{
	return profile_run(c, "UPDATE carts SET reminded_at = ?2 WHERE customer_id ="
	               " (SELECT id FROM customers WHERE external_id = ?1)",
	            customer, now, NULL, "recording a cart reminder", err);
}
