/*
 * staff.c: the kiosk PIN (libsodium's crypto_pwhash_str) with its lockout,
 * and the read-only queries behind the staff screens.
 */
#include "catalog/store/catalog_int.h"
#include "catalog/store/settings.h"
#include "catalog/shop/staff.h"

#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "common/xalloc.h"

#define KEY_HASH "kiosk.pin_hash"
#define KEY_FAILURES "kiosk.pin_failures"
#define KEY_LOCKED_UNTIL "kiosk.locked_until"

static int need_sodium(char **err)
{
	if (sodium_init() < 0) {
		if (err)
			*err = xstrdup("libsodium could not start");
		return -1;
	}
	return 0;
}

int staff_pin_valid(const char *pin, char **err)
{
	size_t n = strlen(pin);
	bool ok = n >= STAFF_PIN_MIN_LEN && n <= STAFF_PIN_MAX_LEN;
	for (const unsigned char *p = (const unsigned char *)pin; ok && *p; p++)
		ok = *p >= 0x20 && *p != 0x7f;
	if (ok)
		return 0;
	if (err)
		*err = xasprintf("a PIN has %d to %d characters and no control characters",
		                 STAFF_PIN_MIN_LEN, STAFF_PIN_MAX_LEN);
	return -1;
}

int staff_pin_set(catalog *c, const char *pin, char **err)
{
	char hash[crypto_pwhash_STRBYTES];
	int rc = -1;
	bool in_tx = false;
	if (need_sodium(err) < 0)
		goto cleanup;
	if (staff_pin_valid(pin, err) < 0)
		goto cleanup;
	if (crypto_pwhash_str(hash, pin, strlen(pin), crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
		if (err)
			*err = xstrdup("hashing the PIN failed (out of memory)");
		goto cleanup;
	}
	if (catalog_begin(c, err) < 0)
		goto cleanup;
	in_tx = true;
	if (settings_set(c, KEY_HASH, hash, err) < 0 || settings_delete(c, KEY_FAILURES, err) < 0 ||
	    settings_delete(c, KEY_LOCKED_UNTIL, err) < 0 || catalog_commit(c, err) < 0)
		goto cleanup;
	in_tx = false;
	rc = 0;
cleanup:
	if (in_tx)
		catalog_rollback(c);
	sodium_memzero(hash, sizeof hash);
	return rc;
}

int staff_pin_is_set(catalog *c, bool *out, char **err)
{
	char *hash = NULL;
	*out = false;
	if (settings_get(c, KEY_HASH, &hash, err) < 0)
		return -1;
	*out = hash && *hash;
	free(hash);
	return 0;
}

/* Records one more failure, locking when it is the last allowed. */
static int count_failure(catalog *c, int64_t now, int lockout_seconds, struct staff_signin *out,
                         char **err)
{
	int64_t failures = 0;
	if (catalog_begin(c, err) < 0)
		return -1;
	if (settings_get_int(c, KEY_FAILURES, 0, &failures, err) < 0)
		goto fail;
	failures++;
	if (failures >= STAFF_PIN_MAX_FAILURES) {
		out->result = STAFF_PIN_LOCKED;
		out->locked_until = now + lockout_seconds;
		out->attempts_left = 0;
		if (settings_set_int(c, KEY_LOCKED_UNTIL, out->locked_until, err) < 0 ||
		    settings_delete(c, KEY_FAILURES, err) < 0)
			goto fail;
	} else {
		out->result = STAFF_PIN_WRONG;
		out->attempts_left = (int)(STAFF_PIN_MAX_FAILURES - failures);
		if (settings_set_int(c, KEY_FAILURES, failures, err) < 0)
			goto fail;
	}
	return catalog_commit(c, err);
fail:
	catalog_rollback(c);
	return -1;
}

int staff_pin_check(catalog *c, const char *pin, int64_t now, int lockout_seconds,
                    struct staff_signin *out, char **err)
{
	char *hash = NULL;
	int64_t locked_until = 0;
	int rc = -1;
	memset(out, 0, sizeof *out);
	if (need_sodium(err) < 0 || settings_get(c, KEY_HASH, &hash, err) < 0 ||
	    settings_get_int(c, KEY_LOCKED_UNTIL, 0, &locked_until, err) < 0)
		goto cleanup;
	if (!hash || !*hash) {
		out->result = STAFF_PIN_UNSET;
		rc = 0;
		goto cleanup;
	}
	if (now < locked_until) {
		out->result = STAFF_PIN_LOCKED;
		out->locked_until = locked_until;
		rc = 0;
		goto cleanup;
	}
	if (crypto_pwhash_str_verify(hash, pin, strlen(pin)) == 0) {
		out->result = STAFF_PIN_OK;
		out->attempts_left = STAFF_PIN_MAX_FAILURES;
		if (settings_delete(c, KEY_FAILURES, err) < 0)
			goto cleanup;
		rc = 0;
		goto cleanup;
	}
	rc = count_failure(c, now, lockout_seconds, out, err);
cleanup:
	free(hash);
	return rc;
}

int staff_orders_find(catalog *c, const char *who, size_t limit,
                      struct staff_order **out, size_t *n, char **err)
{
	/* One branch per way of naming the customer, each able to use an index. */
	static const char sql[] =
		"WITH hits(id) AS ("
		"  SELECT o.id FROM orders o JOIN customers cu ON cu.id = o.customer_id"
		"   WHERE cu.external_id = ?1 OR cu.email = ?1 COLLATE NOCASE"
		"  UNION SELECT id FROM orders WHERE source_id = ?1"
		"  UNION SELECT id FROM orders WHERE email = ?1 COLLATE NOCASE)"
		"SELECT o.source_id, o.status, o.placed_at, o.total_cents, o.currency,"
		"  (SELECT COALESCE(SUM(quantity), 0) FROM order_items i WHERE i.order_id = o.id),"
		"  cu.external_id"
		" FROM hits JOIN orders o ON o.id = hits.id"
		" LEFT JOIN customers cu ON cu.id = o.customer_id"
		" ORDER BY o.placed_at DESC, o.id DESC LIMIT ?2";
	struct staff_order *rows = NULL;
	size_t count = 0, cap = 0;
	int rc = -1;
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = catalog_prepare(c, sql, err);
	if (!st)
		goto cleanup;
	catalog_bind_text(st, 1, who);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)limit);
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		rows = xgrow(rows, &cap, count + 1, sizeof *rows);
		struct staff_order *o = &rows[count++];
		o->id = catalog_column_dup(st, 0);
		o->status = catalog_column_dup(st, 1);
		o->placed_at = catalog_column_dup(st, 2);
		o->total_cents = sqlite3_column_int64(st, 3);
		o->currency = catalog_column_dup(st, 4);
		o->items = sqlite3_column_int64(st, 5);
		o->customer = catalog_column_dup(st, 6);
	}
	if (step != SQLITE_DONE) {
		catalog_fail(c, err, "looking up orders");
		goto cleanup;
	}
	*out = rows;
	*n = count;
	rows = NULL;
	rc = 0;
cleanup:
	staff_orders_free(rows, count);
	sqlite3_finalize(st);
	return rc;
}

void staff_orders_free(struct staff_order *o, size_t n)
{
	for (size_t i = 0; o && i < n; i++) {
		free(o[i].id);
		free(o[i].status);
		free(o[i].placed_at);
		free(o[i].currency);
		free(o[i].customer);
	}
	free(o);
}

