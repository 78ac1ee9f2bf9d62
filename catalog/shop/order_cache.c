/*
 * order_cache.c: what clerk keeps of its dealings with an order service.
 *
 * The last answer of the service for each order looked up through it, told
 * again only when the service fails and only to the same verification. The
 * verification is kept as a hash (BLAKE2b over the order number and the
 * normalized email or postcode), never as text, and failed reads count
 * against the order number like failed lookups.
 *
 * The idempotency keys of the shopper's actions whose outcome is not known,
 * under a hash of the request they went with.
 */
#include "catalog/shop/orders_int.h"

#include <sodium.h>
#include <string.h>

#include "common/http.h"
#include "common/xalloc.h"

static char *verify_hash(const char *ref, const char *verify)
{
	unsigned char h[crypto_generichash_BYTES];
	char *norm = orders_verify_normal(verify);
	crypto_generichash_state st;
	crypto_generichash_init(&st, NULL, 0, sizeof h);
	crypto_generichash_update(&st, (const unsigned char *)ref, strlen(ref) + 1);
	crypto_generichash_update(&st, (const unsigned char *)norm, strlen(norm));
	crypto_generichash_final(&st, h, sizeof h);
	free(norm);
	char *hex = xmalloc(2 * sizeof h + 1);
	sodium_bin2hex(hex, 2 * sizeof h + 1, h, sizeof h);
	return hex;
}

static int sodium_ready(char **err)
{
	if (sodium_init() < 0)
		return orders_fail(err, xstrdup("libsodium could not start"));
	return 0;
}

int orders_cache_put(catalog *c, const char *service, const char *ref, const char *verify,
                     const char *answer, int64_t now, char **err)
{
	if (!ref || !*ref || !verify || !*verify)
		return 0;
	if (sodium_ready(err) < 0 || catalog_begin(c, err) < 0)
		return -1;
	char *hash = verify_hash(ref, verify);
	sqlite3_stmt *st = catalog_prepare(c, "DELETE FROM order_cache WHERE fetched_at < ?1", err);
	if (!st)
		goto fail;
	sqlite3_bind_int64(st, 1, now - ORDERS_CACHE_MAX_AGE);
	int step = sqlite3_step(st);
	sqlite3_finalize(st);
	if (step != SQLITE_DONE) {
		catalog_fail(c, err, "dropping old cached orders");
		goto fail;
	}
	st = catalog_prepare(c, "INSERT INTO order_cache (order_ref, verify_hash, answer, fetched_at,"
	                        " service) VALUES (?1, ?2, ?3, ?4, ?5)"
	                        " ON CONFLICT (service, order_ref) DO UPDATE SET"
	                        " verify_hash = excluded.verify_hash, answer = excluded.answer,"
	                        " fetched_at = excluded.fetched_at", err);
	if (!st)
		goto fail;
	catalog_bind_text(st, 1, ref);
	catalog_bind_text(st, 2, hash);
	catalog_bind_text(st, 3, answer);
	sqlite3_bind_int64(st, 4, now);
	catalog_bind_text(st, 5, service);
	step = sqlite3_step(st);
	sqlite3_finalize(st);
	if (step != SQLITE_DONE) {
		catalog_fail(c, err, "caching an order");
		goto fail;
	}
	free(hash);
	return catalog_commit(c, err);
fail:
	free(hash);
	catalog_rollback(c);
	return -1;
}

int orders_cache_get(catalog *c, const char *service, const char *ref, const char *verify,
                     int64_t now, char **answer, int64_t *fetched_at, char **err)
{
	*answer = NULL;
	*fetched_at = 0;
	if (!ref || !*ref)
		return ORDERS_NO_MATCH;
	if (sodium_ready(err) < 0 || catalog_begin(c, err) < 0)
		return -1;
	char *hash = NULL;
	int rc = orders_locked(c, ref, now, err);
	if (rc) {
		rc = rc < 0 ? -1 : ORDERS_LOCKED;
		goto done;
	}
	hash = verify_hash(ref, verify ? verify : "");
	sqlite3_stmt *st = catalog_prepare(
	        c, "SELECT verify_hash, answer, fetched_at FROM order_cache"
	           " WHERE order_ref = ?1 AND fetched_at >= ?2 AND service = ?3", err);
	if (!st) {
		rc = -1;
		goto done;
	}
	catalog_bind_text(st, 1, ref);
	sqlite3_bind_int64(st, 2, now - ORDERS_CACHE_MAX_AGE);
	catalog_bind_text(st, 3, service);
	int step = sqlite3_step(st);
	rc = ORDERS_NO_MATCH;
	if (step == SQLITE_ROW) {
		const char *stored = (const char *)sqlite3_column_text(st, 0);
		if (verify && *verify && stored && strlen(stored) == strlen(hash) &&
		    sodium_memcmp(stored, hash, strlen(hash)) == 0) {
			*answer = xstrdup((const char *)sqlite3_column_text(st, 1));
			*fetched_at = sqlite3_column_int64(st, 2);
			rc = ORDERS_OK;
		}
	} else if (step != SQLITE_DONE) {
		rc = catalog_fail(c, err, "reading the order cache");
	}
	sqlite3_finalize(st);
	if (rc == ORDERS_NO_MATCH && orders_failed(c, ref, now, err) < 0)
		rc = -1;
	if (rc == ORDERS_OK && orders_verified(c, ref, err) < 0)
		rc = -1;
done:
	free(hash);
	if (rc < 0 || catalog_commit(c, err) < 0) {
		catalog_rollback(c);
		free(*answer);
		*answer = NULL;
		return -1;
	}
	return rc;
}

/* --- keys of actions whose outcome is not known -------------------------- */

static char *what_hash(const char *what)
{
	unsigned char h[crypto_generichash_BYTES];
	crypto_generichash(h, sizeof h, (const unsigned char *)what, strlen(what), NULL, 0);
	char *hex = xmalloc(2 * sizeof h + 1);
	sodium_bin2hex(hex, 2 * sizeof h + 1, h, sizeof h);
	return hex;
}

int orders_pending_key(catalog *c, const char *what, int64_t now, char **key, char **err)
{
	*key = NULL;
	if (sodium_ready(err) < 0 || catalog_begin(c, err) < 0)
		return -1;
	char *hash = what_hash(what);
	sqlite3_stmt *st = catalog_prepare(c, "DELETE FROM order_pending WHERE at < ?1", err);
	if (!st)
		goto fail;
	sqlite3_bind_int64(st, 1, now - ORDERS_PENDING_MAX_AGE);
	int step = sqlite3_step(st);
	sqlite3_finalize(st);
	if (step != SQLITE_DONE) {
		catalog_fail(c, err, "dropping old action keys");
		goto fail;
	}
	st = catalog_prepare(c, "SELECT key FROM order_pending WHERE what_hash = ?1", err);
	if (!st)
		goto fail;
	catalog_bind_text(st, 1, hash);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		*key = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE) {
		catalog_fail(c, err, "reading an action key");
		goto fail;
	}
	if (!*key) {
		char fresh[HTTP_KEY_SIZE];
		if (http_new_key(fresh, err) < 0)
			goto fail;
		*key = xstrdup(fresh);
		st = catalog_prepare(c, "INSERT INTO order_pending (what_hash, key, at)"
		                        " VALUES (?1, ?2, ?3)", err);
		if (!st)
			goto fail;
		catalog_bind_text(st, 1, hash);
		catalog_bind_text(st, 2, *key);
		sqlite3_bind_int64(st, 3, now);
		step = sqlite3_step(st);
		sqlite3_finalize(st);
		if (step != SQLITE_DONE) {
			catalog_fail(c, err, "keeping an action key");
			goto fail;
		}
	}
	free(hash);
	if (catalog_commit(c, err) < 0) {
		free(*key);
		*key = NULL;
		return -1;
	}
	return 0;
fail:
	free(hash);
	free(*key);
	*key = NULL;
	catalog_rollback(c);
	return -1;
}

int orders_pending_done(catalog *c, const char *what, char **err)
{
	if (sodium_ready(err) < 0)
		return -1;
	char *hash = what_hash(what);
	sqlite3_stmt *st = catalog_prepare(c, "DELETE FROM order_pending WHERE what_hash = ?1", err);
	int rc = -1;
	if (st) {
		catalog_bind_text(st, 1, hash);
		rc = sqlite3_step(st) == SQLITE_DONE ? 0 : catalog_fail(c, err, "forgetting an action key");
		sqlite3_finalize(st);
	}
	free(hash);
	return rc;
}
