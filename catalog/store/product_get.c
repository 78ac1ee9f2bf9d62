/*
 * product_get.c: reading one product with its brand, category path and
 * attributes.
 */
#include "catalog/store/product_get.h"

#include <stdlib.h>
#include <string.h>

#include "catalog/store/catalog_int.h"
#include "common/xalloc.h"

#define PRODUCT_COLUMNS                                                                  \
	"SELECT p.id, p.source_id, p.name, b.name, cat.path, p.description, p.features,"    \
	" p.currency, p.color, p.material, p.url, p.image, p.tags, p.price_cents,"          \
	" p.rating, p.review_count, p.stock, p.popularity FROM products p"                  \
	" LEFT JOIN brands b ON b.id = p.brand_id"                                          \
	" LEFT JOIN categories cat ON cat.id = p.category_id"

static char *dup_col(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? xstrdup((const char *)t) : NULL;
}

static void read_row(sqlite3_stmt *st, struct product_info *p)
{
	p->rowid = sqlite3_column_int64(st, 0);
	p->id = dup_col(st, 1);
	p->name = dup_col(st, 2);
	p->brand = dup_col(st, 3);
	p->category = dup_col(st, 4);
	p->description = dup_col(st, 5);
	p->features = dup_col(st, 6);
	p->currency = dup_col(st, 7);
	p->color = dup_col(st, 8);
	p->material = dup_col(st, 9);
	p->url = dup_col(st, 10);
	p->image = dup_col(st, 11);
	p->tags = dup_col(st, 12);
	p->has_price = sqlite3_column_type(st, 13) != SQLITE_NULL;
	p->price_cents = sqlite3_column_int64(st, 13);
	p->has_rating = sqlite3_column_type(st, 14) != SQLITE_NULL;
	p->rating = sqlite3_column_double(st, 14);
	p->review_count = sqlite3_column_int64(st, 15);
	p->has_stock = sqlite3_column_type(st, 16) != SQLITE_NULL;
	p->stock = sqlite3_column_int64(st, 16);
	p->popularity = sqlite3_column_double(st, 17);
	if (!p->description)
		p->description = xstrdup("");
	if (!p->features)
		p->features = xstrdup("");
}

static int read_attrs(catalog *c, struct product_info *p, char **err)
{
	sqlite3_stmt *st = catalog_prepare(
		c, "SELECT key, value FROM attributes WHERE product_id = ?1 AND NOT hidden"
		" AND key NOT IN (SELECT key FROM attribute_keys WHERE kind = 'hidden')"
		" ORDER BY key, value", err);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, p->rowid);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		p->attrs = xgrow(p->attrs, &cap, p->n_attrs + 1, sizeof *p->attrs);
		p->attrs[p->n_attrs].key = dup_col(st, 0);
		p->attrs[p->n_attrs].value = dup_col(st, 1);
		p->n_attrs++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return catalog_fail(c, err, "reading product attributes");
	return 0;
}

static int get(catalog *c, const char *sql, const char *id, int64_t rowid,
               struct product_info *out, char **err)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = catalog_prepare(c, sql, err);
	if (!st)
		return -1;
	if (id)
		catalog_bind_text(st, 1, id);
	else
		sqlite3_bind_int64(st, 1, rowid);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		sqlite3_finalize(st);
		return 1;
	}
	if (rc != SQLITE_ROW) {
		catalog_fail(c, err, "reading a product");
		sqlite3_finalize(st);
		return -1;
	}
	read_row(st, out);
	sqlite3_finalize(st);
	if (read_attrs(c, out, err) < 0) {
		product_info_release(out);
		return -1;
	}
	return 0;
}

int product_get_by_id(catalog *c, const char *source_id, struct product_info *out, char **err)
{
	return get(c, PRODUCT_COLUMNS " WHERE p.source_id = ?1", source_id ? source_id : "", 0,
	           out, err);
}

int product_get_by_rowid(catalog *c, int64_t rowid, struct product_info *out, char **err)
{
	return get(c, PRODUCT_COLUMNS " WHERE p.id = ?1", NULL, rowid, out, err);
}

void product_info_release(struct product_info *p)
{
	char *strs[] = {p->id, p->name, p->brand, p->category, p->description, p->features,
	                p->currency, p->color, p->material, p->url, p->image, p->tags};
	for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
		free(strs[i]);
	for (size_t i = 0; i < p->n_attrs; i++) {
		free(p->attrs[i].key);
		free(p->attrs[i].value);
	}
	free(p->attrs);
	memset(p, 0, sizeof *p);
}
