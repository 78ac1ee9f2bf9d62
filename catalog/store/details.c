/*
 * details.c: one product's full record and its attributes.
 */
#include "catalog/store/catalog_int.h"
#include "catalog/store/details.h"

#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"

static char *dup_col(sqlite3_stmt *st, int col)
{
	const unsigned char *s = sqlite3_column_text(st, col);
	return s ? xstrdup((const char *)s) : NULL;
}

static int read_attrs(catalog *c, int64_t pid, struct product_details *d, char **err)
{
	sqlite3_stmt *st = catalog_cached(
		c, "SELECT key, value FROM attributes WHERE product_id = ?1 AND NOT hidden"
		" AND key NOT IN (SELECT key FROM attribute_keys WHERE kind = 'hidden')"
		" ORDER BY key, value", err);
	size_t cap_k = 0, cap_v = 0;
	int rc = -1, step;
	if (!st)
		goto cleanup;
	sqlite3_bind_int64(st, 1, pid);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		d->attr_keys = xgrow(d->attr_keys, &cap_k, d->n_attrs + 1, sizeof *d->attr_keys);
		d->attr_values = xgrow(d->attr_values, &cap_v, d->n_attrs + 1, sizeof *d->attr_values);
		d->attr_keys[d->n_attrs] = dup_col(st, 0);
		d->attr_values[d->n_attrs] = dup_col(st, 1);
		d->n_attrs++;
	}
	if (step != SQLITE_DONE) {
		catalog_fail(c, err, "reading product attributes");
		goto cleanup;
	}
	rc = 0;
cleanup:
	catalog_release(st);
	return rc;
}

int details_get(catalog *c, const char *source_id, struct product_details *out, bool *found,
                char **err)
{
	static const char sql[] =
		"SELECT p.id, p.source_id, p.name, b.name, cat.path, p.description, p.color,"
		"  p.material, p.url, p.currency, p.price_cents, p.rating, p.review_count, p.stock"
		" FROM products p LEFT JOIN brands b ON b.id = p.brand_id"
		" LEFT JOIN categories cat ON cat.id = p.category_id"
		" WHERE p.source_id = ?1";
	memset(out, 0, sizeof *out);
	*found = false;
	int rc = -1;
	sqlite3_stmt *st = catalog_cached(c, sql, err);
	if (!st)
		goto cleanup;
	catalog_bind_text(st, 1, source_id);
	int step = sqlite3_step(st);
	if (step == SQLITE_DONE) {
		rc = 0;
		goto cleanup;
	}
	if (step != SQLITE_ROW) {
		catalog_fail(c, err, "reading a product");
		goto cleanup;
	}
	int64_t pid = sqlite3_column_int64(st, 0);
	out->id = dup_col(st, 1);
	out->name = dup_col(st, 2);
	out->brand = dup_col(st, 3);
	out->category = dup_col(st, 4);
	out->description = dup_col(st, 5);
	out->color = dup_col(st, 6);
	out->material = dup_col(st, 7);
	out->url = dup_col(st, 8);
	out->currency = dup_col(st, 9);
	out->has_price = sqlite3_column_type(st, 10) != SQLITE_NULL;
	out->price_cents = sqlite3_column_int64(st, 10);
	out->has_rating = sqlite3_column_type(st, 11) != SQLITE_NULL;
	out->rating = sqlite3_column_double(st, 11);
	out->review_count = sqlite3_column_int64(st, 12);
	out->has_stock = sqlite3_column_type(st, 13) != SQLITE_NULL;
	out->stock = sqlite3_column_int64(st, 13);
	if (read_attrs(c, pid, out, err) < 0) {
		details_release(out);
		goto cleanup;
	}
	*found = true;
	rc = 0;
cleanup:
	catalog_release(st);
	return rc;
}

void details_release(struct product_details *d)
{
	if (!d)
		return;
	char **fields[] = {&d->id, &d->name, &d->brand, &d->category, &d->description,
	                   &d->color, &d->material, &d->url, &d->currency};
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		free(*fields[i]);
	for (size_t i = 0; i < d->n_attrs; i++) {
		free(d->attr_keys[i]);
		free(d->attr_values[i]);
	}
	free(d->attr_keys);
	free(d->attr_values);
	memset(d, 0, sizeof *d);
}
