/*
 * promotions.c: listing the promotions active on a date.
 */
#include "catalog/shop/promotions.h"

#include <stdlib.h>
#include <string.h>

#include "catalog/store/catalog_int.h"
#include "common/xalloc.h"

int promotions_markdowns(catalog *c, const char *keys_json, size_t limit, char ***ids,
                         size_t *n, char **err)
{
	*ids = NULL;
	*n = 0;
	/* a product marked down as a whole (a "was price" key above its
	 * price), or one of its variants ("variant was price" Navy=34900
	 * above its "variant price" Navy=27900: the navy armchair on sale),
	 * most off first */
	sqlite3_stmt *st = catalog_prepare(
	        c, "SELECT source_id FROM ("
	           " SELECT p.id AS id, p.source_id AS source_id,"
	           "  CAST(replace(replace(a.value, '$', ''), ',', '') AS REAL) * 100"
	           "   / p.price_cents AS off"
	           " FROM attributes a JOIN products p ON p.id = a.product_id"
	           " WHERE a.key IN (SELECT value FROM json_each(?1))"
	           " AND p.price_cents > 0 AND (p.stock IS NULL OR p.stock > 0)"
	           " AND CAST(replace(replace(a.value, '$', ''), ',', '') AS REAL) * 100"
	           "     > p.price_cents"
	           " UNION ALL"
	           " SELECT p.id, p.source_id,"
	           "  CAST(substr(w.value, instr(w.value, '=') + 1) AS REAL)"
	           "   / CAST(substr(v.value, instr(v.value, '=') + 1) AS REAL)"
	           " FROM attributes w"
	           " JOIN attributes v ON v.product_id = w.product_id AND v.key = 'variant price'"
	           "  AND substr(v.value, 1, instr(v.value, '=')) = substr(w.value, 1, instr(w.value, '='))"
	           " JOIN products p ON p.id = w.product_id"
	           " WHERE w.key = 'variant was price' AND (p.stock IS NULL OR p.stock > 0)"
	           " AND CAST(substr(v.value, instr(v.value, '=') + 1) AS INTEGER) > 0"
	           " AND CAST(substr(w.value, instr(w.value, '=') + 1) AS INTEGER)"
	           "     > CAST(substr(v.value, instr(v.value, '=') + 1) AS INTEGER))"
	           " GROUP BY id ORDER BY max(off) DESC, id LIMIT ?2", err);
	if (!st)
		return -1;
	catalog_bind_text(st, 1, keys_json);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)limit);
	size_t cap = 0;
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		*ids = xgrow(*ids, &cap, *n + 1, sizeof **ids);
		(*ids)[(*n)++] = xstrdup((const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	if (step != SQLITE_DONE) {
		for (size_t i = 0; i < *n; i++)
			free((*ids)[i]);
		free(*ids);
		*ids = NULL;
		*n = 0;
		return catalog_fail(c, err, "reading markdowns");
	}
	return 0;
}

int promotions_active(catalog *c, const char *date, struct promotion **out, size_t *n,
                      char **err)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = catalog_prepare(
	        c, "SELECT p.code, p.description, p.kind, p.value, b.name, cat.path,"
	           " p.min_total_cents, p.ends_at FROM promotions p"
	           " LEFT JOIN brands b ON b.id = p.brand_id"
	           " LEFT JOIN categories cat ON cat.id = p.category_id"
	           " WHERE (p.starts_at IS NULL OR substr(p.starts_at, 1, 10) <= ?1)"
	           " AND (p.ends_at IS NULL OR substr(p.ends_at, 1, 10) >= ?1)"
	           " ORDER BY p.ends_at IS NULL, p.ends_at, p.id", err);
	if (!st)
		return -1;
	catalog_bind_text(st, 1, date);
	size_t cap = 0;
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		*out = xgrow(*out, &cap, *n + 1, sizeof **out);
		struct promotion *p = &(*out)[(*n)++];
		memset(p, 0, sizeof *p);
		p->code = catalog_column_dup(st, 0);
		p->description = catalog_column_dup(st, 1);
		p->kind = catalog_column_dup(st, 2);
		p->value = sqlite3_column_double(st, 3);
		p->brand = catalog_column_dup(st, 4);
		p->category = catalog_column_dup(st, 5);
		p->min_total_cents = sqlite3_column_int64(st, 6);
		p->ends_at = catalog_column_dup(st, 7);
	}
	sqlite3_finalize(st);
	if (step != SQLITE_DONE) {
		promotions_free(*out, *n);
		*out = NULL;
		*n = 0;
		return catalog_fail(c, err, "listing promotions");
	}
	return 0;
}

int promotions_lookup(catalog *c, const char *code, const char *customer, const char *date,
                      struct promotion *out, enum promo_check *check, char **err)
{
	memset(out, 0, sizeof *out);
	*check = PROMO_UNKNOWN;
	/* Store-wide codes, then the customer's own personal ones; codes are
	 * unique across both (offers.c issues none a promotion has). */
	sqlite3_stmt *st = catalog_cached(
	        c, "SELECT p.code, p.description, p.kind, p.value, b.name, cat.path,"
	           " p.min_total_cents, p.ends_at, p.starts_at, 0, 0 FROM promotions p"
	           " LEFT JOIN brands b ON b.id = p.brand_id"
	           " LEFT JOIN categories cat ON cat.id = p.category_id"
	           " WHERE p.code = ?1 COLLATE NOCASE"
	           " UNION ALL SELECT f.code, f.description, f.kind, f.value, NULL, cat.path,"
	           " f.min_total_cents, f.ends_at, date(f.issued_at, 'unixepoch'), 1,"
	           " f.redeemed_at IS NOT NULL FROM offers f"
	           " JOIN customers cu ON cu.id = f.customer_id"
	           " LEFT JOIN categories cat ON cat.id = f.category_id"
	           " WHERE f.code = ?1 COLLATE NOCASE AND cu.external_id = ?2"
	           " LIMIT 1", err);
	if (!st)
		return -1;
	catalog_bind_text(st, 1, code);
	catalog_bind_text(st, 2, customer);
	int step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		out->code = catalog_column_dup(st, 0);
		out->description = catalog_column_dup(st, 1);
		out->kind = catalog_column_dup(st, 2);
		out->value = sqlite3_column_double(st, 3);
		out->brand = catalog_column_dup(st, 4);
		out->category = catalog_column_dup(st, 5);
		out->min_total_cents = sqlite3_column_int64(st, 6);
		out->ends_at = catalog_column_dup(st, 7);
		out->starts_at = catalog_column_dup(st, 8);
		out->personal = sqlite3_column_int(st, 9) != 0;
		*check = sqlite3_column_int(st, 10) ? PROMO_USED
		         : out->starts_at && strncmp(out->starts_at, date, 10) > 0 ? PROMO_NOT_YET
		         : out->ends_at && strncmp(out->ends_at, date, 10) < 0     ? PROMO_ENDED
		                                                                     : PROMO_VALID;
	}
	catalog_release(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return catalog_fail(c, err, "reading a promotion");
	return 0;
}

void promotion_release(struct promotion *p)
{
	if (!p)
		return;
	free(p->code);
	free(p->description);
	free(p->kind);
	free(p->brand);
	free(p->category);
	free(p->ends_at);
	free(p->starts_at);
	memset(p, 0, sizeof *p);
}

void promotions_free(struct promotion *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		promotion_release(&p[i]);
	free(p);
}
