/*
 * product.c: storing products with their brand, category path, attributes
 * and full-text index row.
 */
#include "catalog/store/product.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/store/catalog_int.h"
#include "common/buf.h"
#include "common/xalloc.h"

#define MAX_LEVELS 16
/* Brands and category paths remembered per writer; a catalog with more
 * distinct ones than this falls back to SQL lookups for the rest. */
#define CACHE_MAX 65536

/* A string -> row id map (open addressing), so an import of a million
 * products does not look the same brand up a million times. */
struct id_entry {
	char *key;
	int64_t id;
	char *extra; /* the canonical category path */
};

struct id_cache {
	struct id_entry *slots;
	size_t cap, n;
};

struct product_writer {
	catalog *c;
	sqlite3_stmt *find_product;  /* source_id -> id */
	sqlite3_stmt *insert_product;
	sqlite3_stmt *update_product;
	sqlite3_stmt *old_text;      /* the indexed text of an existing product */
	sqlite3_stmt *find_brand;
	sqlite3_stmt *insert_brand;
	sqlite3_stmt *find_category;
	sqlite3_stmt *insert_category;
	sqlite3_stmt *delete_attrs;
	sqlite3_stmt *insert_attr;
	sqlite3_stmt *fts_insert;
	sqlite3_stmt *fts_delete;
	struct id_cache brands, categories;
	bool bad; /* the last failure was the product's fault */
	int64_t last_id;
};

/* A product's indexed text as stored: the columns read by fts_write_row(),
 * then whatever a caller adds. */
#define TEXT_COLUMNS "p.name, b.name, c.path, p.features, p.color, p.material, p.tags, p.description"
#define TEXT_FROM                                                 \
	" FROM products p LEFT JOIN brands b ON b.id = p.brand_id" \
	" LEFT JOIN categories c ON c.id = p.category_id"

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

static struct id_entry *cache_find(struct id_cache *c, const char *key)
{
	if (!c->cap)
		return NULL;
	for (size_t i = hash_str(key) & (c->cap - 1);; i = (i + 1) & (c->cap - 1)) {
		if (!c->slots[i].key)
			return NULL;
		if (!strcmp(c->slots[i].key, key))
			return &c->slots[i];
	}
}

static void cache_put(struct id_cache *c, const char *key, int64_t id, const char *extra)
{
	if (c->n >= CACHE_MAX)
		return;
	if (2 * (c->n + 1) > c->cap) {
		struct id_cache bigger = {xcalloc(c->cap ? 2 * c->cap : 64, sizeof(struct id_entry)),
		                          c->cap ? 2 * c->cap : 64, 0};
		for (size_t i = 0; i < c->cap; i++) {
			struct id_entry *e = &c->slots[i];
			if (!e->key)
				continue;
			size_t j = hash_str(e->key) & (bigger.cap - 1);
			while (bigger.slots[j].key)
				j = (j + 1) & (bigger.cap - 1);
			bigger.slots[j] = *e;
			bigger.n++;
		}
		free(c->slots);
		*c = bigger;
	}
	size_t j = hash_str(key) & (c->cap - 1);
	while (c->slots[j].key)
		j = (j + 1) & (c->cap - 1);
	c->slots[j] = (struct id_entry){xstrdup(key), id, extra ? xstrdup(extra) : NULL};
	c->n++;
}

static void cache_release(struct id_cache *c)
{
	for (size_t i = 0; i < c->cap; i++) {
		free(c->slots[i].key);
		free(c->slots[i].extra);
	}
	free(c->slots);
}

/* Binds text without a copy: every string bound here outlives the step
 * that reads it, and each statement is reset before it is bound again.
 * Saves a malloc and a copy per field of a million-product import. */
static int bind_text(sqlite3_stmt *st, int idx, const char *s)
{
	if (!s)
		return sqlite3_bind_null(st, idx);
	return sqlite3_bind_text(st, idx, s, -1, SQLITE_STATIC);
}

bool product_writer_bad(const product_writer *w)
{
	return w->bad;
}

int64_t product_writer_last_id(const product_writer *w)
{
	return w->last_id;
}

product_writer *product_writer_new(catalog *c, char **err)
{
	product_writer *w = xcalloc(1, sizeof *w);
	w->c = c;
	struct {
		sqlite3_stmt **st;
		const char *sql;
	} stmts[] = {
		{&w->find_product, "SELECT id FROM products WHERE source_id = ?1"},
		{&w->insert_product,
		 "INSERT INTO products (source_id, name, brand_id, category_id, description,"
		 " features, price_cents, currency, rating, review_count, stock, popularity,"
		 " color, material, url, image, tags)"
		 " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17)"},
		{&w->update_product,
		 "UPDATE products SET name=?2, brand_id=?3, category_id=?4, description=?5,"
		 " features=?6, price_cents=?7, currency=?8, rating=?9, review_count=?10,"
		 " stock=?11, popularity=?12, color=?13, material=?14, url=?15, image=?16,"
		 " tags=?17 WHERE id=?18"},
		{&w->old_text, "SELECT " TEXT_COLUMNS TEXT_FROM " WHERE p.id = ?1"},
		{&w->find_brand, "SELECT id FROM brands WHERE name = ?1"},
		{&w->insert_brand, "INSERT INTO brands (name) VALUES (?1)"},
		{&w->find_category, "SELECT id FROM categories WHERE path = ?1"},
		{&w->insert_category,
		 "INSERT INTO categories (parent_id, name, path, depth) VALUES (?1,?2,?3,?4)"},
		{&w->delete_attrs, "DELETE FROM attributes WHERE product_id = ?1"},
		{&w->insert_attr,
		 "INSERT OR IGNORE INTO attributes (product_id, key, value, hidden)"
		 " VALUES (?1,?2,?3,?4)"},
		{&w->fts_insert,
		 "INSERT INTO product_fts (rowid, name, brand, category, attrs, description)"
		 " VALUES (?1,?2,?3,?4,?5,?6)"},
		{&w->fts_delete,
		 "INSERT INTO product_fts (product_fts, rowid, name, brand, category, attrs,"
		 " description) VALUES ('delete',?1,?2,?3,?4,?5,?6)"},
	};
	for (size_t i = 0; i < sizeof stmts / sizeof stmts[0]; i++) {
		*stmts[i].st = catalog_prepare(c, stmts[i].sql, err);
		if (!*stmts[i].st) {
			product_writer_free(w);
			return NULL;
		}
	}
	return w;
}

void product_writer_free(product_writer *w)
{
	if (!w)
		return;
	sqlite3_stmt *all[] = {w->find_product, w->insert_product, w->update_product,
	                       w->old_text, w->find_brand, w->insert_brand,
	                       w->find_category, w->insert_category, w->delete_attrs,
	                       w->insert_attr, w->fts_insert, w->fts_delete};
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
		sqlite3_finalize(all[i]);
	cache_release(&w->brands);
	cache_release(&w->categories);
	free(w);
}

static char *trim_dup(const char *s, size_t n)
{
	while (n && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	return xstrndup(s, n);
}

size_t product_split_category(const char *path, char **levels, size_t max)
{
	size_t n = 0;
	const char *p = path;
	while (p && *p && n < max) {
		size_t len = strcspn(p, ">/|");
		char *level = trim_dup(p, len);
		if (*level)
			levels[n++] = level;
		else
			free(level);
		p += len;
		if (*p)
			p++;
	}
	return n;
}

/* Returns the row id for the key in find/insert, creating the row. */
static int64_t lookup_or_insert(product_writer *w, sqlite3_stmt *find, const char *key,
                                int64_t (*insert)(product_writer *, const char *, void *),
                                void *arg, char **err)
{
	sqlite3_reset(find);
	catalog_bind_text(find, 1, key);
	int rc = sqlite3_step(find);
	if (rc == SQLITE_ROW)
		return sqlite3_column_int64(find, 0);
	if (rc != SQLITE_DONE)
		return catalog_fail(w->c, err, "looking up a brand or category");
	return insert(w, key, arg);
}

static int64_t insert_brand(product_writer *w, const char *name, void *arg)
{
	char **err = arg;
	sqlite3_reset(w->insert_brand);
	catalog_bind_text(w->insert_brand, 1, name);
	if (sqlite3_step(w->insert_brand) != SQLITE_DONE)
		return catalog_fail(w->c, err, "storing a brand");
	return sqlite3_last_insert_rowid(w->c->db);
}

struct category_arg {
	int64_t parent;
	const char *name;
	int depth;
	char **err;
};

static int64_t insert_category(product_writer *w, const char *path, void *arg)
{
	struct category_arg *a = arg;
	sqlite3_stmt *st = w->insert_category;
	sqlite3_reset(st);
	if (a->parent > 0)
		sqlite3_bind_int64(st, 1, a->parent);
	else
		sqlite3_bind_null(st, 1);
	catalog_bind_text(st, 2, a->name);
	catalog_bind_text(st, 3, path);
	sqlite3_bind_int(st, 4, a->depth);
	if (sqlite3_step(st) != SQLITE_DONE)
		return catalog_fail(w->c, a->err, "storing a category");
	return sqlite3_last_insert_rowid(w->c->db);
}

/* Brands compare without ASCII case, as the brands table does. */
static int64_t brand_id(product_writer *w, const char *name, char **err)
{
	char *key = xstrdup(name);
	for (char *k = key; *k; k++)
		*k = (char)tolower((unsigned char)*k);
	struct id_entry *e = cache_find(&w->brands, key);
	int64_t id = e ? e->id : lookup_or_insert(w, w->find_brand, name, insert_brand, err, err);
	if (!e && id > 0)
		cache_put(&w->brands, key, id, NULL);
	free(key);
	return id;
}

/* Resolves a category path to the id of its deepest level, creating levels.
 * *canonical receives the " > "-joined path (heap). 0 when path is empty. */
static int64_t category_id(product_writer *w, const char *path, char **canonical, char **err)
{
	char *levels[MAX_LEVELS];
	size_t n = product_split_category(path, levels, MAX_LEVELS);
	struct buf full;
	buf_init(&full);
	int64_t parent = 0;
	for (size_t i = 0; i < n && parent >= 0; i++) {
		if (i)
			buf_adds(&full, " > ");
		buf_adds(&full, levels[i]);
		struct category_arg a = {parent, levels[i], (int)i, err};
		parent = lookup_or_insert(w, w->find_category, full.s, insert_category, &a, err);
	}
	for (size_t i = 0; i < n; i++)
		free(levels[i]);
	*canonical = buf_detach(&full);
	return parent;
}

char *product_attrs_text(const char *features, const char *color, const char *material,
                         const char *tags)
{
	struct buf b;
	buf_init(&b);
	const char *parts[] = {features, color, material, tags};
	for (size_t i = 0; i < 4; i++) {
		if (!parts[i] || !*parts[i])
			continue;
		if (b.len)
			buf_addc(&b, ' ');
		buf_adds(&b, parts[i]);
	}
	return buf_detach(&b);
}

static int add_attr(product_writer *w, int64_t id, const char *key, const char *value,
                    bool hidden, char **err)
{
	sqlite3_stmt *st = w->insert_attr;
	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, id);
	catalog_bind_text(st, 2, key);
	catalog_bind_text(st, 3, value);
	sqlite3_bind_int(st, 4, hidden);
	if (sqlite3_step(st) != SQLITE_DONE)
		return catalog_fail(w->c, err, "storing an attribute");
	return 0;
}

/* "key:value; key:value" pairs of s become attribute rows; free text is
 * not stored as rows. */
static int store_pairs(product_writer *w, int64_t id, const char *s, bool hidden, char **err)
{
	while (s && *s) {
		size_t len = strcspn(s, ";|\n");
		const char *colon = memchr(s, ':', len);
		if (colon) {
			char *key = trim_dup(s, (size_t)(colon - s));
			char *value = trim_dup(colon + 1, len - (size_t)(colon - s) - 1);
			for (char *k = key; *k; k++)
				*k = (char)tolower((unsigned char)*k);
			int rc = (*key && *value) ? add_attr(w, id, key, value, hidden, err) : 0;
			free(key);
			free(value);
			if (rc < 0)
				return -1;
		}
		s += len;
		if (*s)
			s++;
	}
	return 0;
}

/* Features and the hidden pairs become attribute rows; free text stays
 * only in products.features and the index. */
static int store_attrs(product_writer *w, int64_t id, const struct product *p, bool existing,
                       char **err)
{
	sqlite3_reset(w->delete_attrs);
	sqlite3_bind_int64(w->delete_attrs, 1, id);
	if (existing && sqlite3_step(w->delete_attrs) != SQLITE_DONE)
		return catalog_fail(w->c, err, "replacing attributes");
	if (store_pairs(w, id, p->features, false, err) < 0 ||
	    store_pairs(w, id, p->hidden, true, err) < 0)
		return -1;
	if (p->color && *p->color && add_attr(w, id, "color", p->color, false, err) < 0)
		return -1;
	if (p->material && *p->material && add_attr(w, id, "material", p->material, false, err) < 0)
		return -1;
	return 0;
}

static int fts_write(product_writer *w, sqlite3_stmt *st, int64_t id, const char *name,
                     const char *brand, const char *category, const char *attrs,
                     const char *description, char **err)
{
	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, id);
	bind_text(st, 2, name ? name : "");
	bind_text(st, 3, brand ? brand : "");
	bind_text(st, 4, category ? category : "");
	bind_text(st, 5, attrs ? attrs : "");
	bind_text(st, 6, description ? description : "");
	if (sqlite3_step(st) != SQLITE_DONE)
		return catalog_fail(w->c, err, "updating the search index");
	return 0;
}

/* Writes the text of the product on row's current row (TEXT_COLUMNS) to
 * the index through st (an insert or a 'delete'). */
static int fts_write_row(product_writer *w, sqlite3_stmt *st, int64_t id, sqlite3_stmt *row,
                         char **err)
{
	char *attrs = product_attrs_text((const char *)sqlite3_column_text(row, 3),
	                         (const char *)sqlite3_column_text(row, 4),
	                         (const char *)sqlite3_column_text(row, 5),
	                         (const char *)sqlite3_column_text(row, 6));
	int rc = fts_write(w, st, id, (const char *)sqlite3_column_text(row, 0),
	                   (const char *)sqlite3_column_text(row, 1),
	                   (const char *)sqlite3_column_text(row, 2), attrs,
	                   (const char *)sqlite3_column_text(row, 7), err);
	free(attrs);
	return rc;
}

/* Removes an existing product's row from the contentless index, which needs
 * the exact text that was indexed. */
static int fts_remove(product_writer *w, int64_t id, char **err)
{
	sqlite3_stmt *st = w->old_text;
	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_ROW)
		return catalog_fail(w->c, err, "reading a product to replace");
	int rc = fts_write_row(w, w->fts_delete, id, st, err);
	sqlite3_reset(st);
	return rc;
}

int product_writer_index_all(product_writer *w, size_t *count, char **err)
{
	size_t n = 0;
	int rc = -1, step;
	sqlite3_stmt *all = catalog_prepare(
		w->c, "SELECT " TEXT_COLUMNS ", p.id" TEXT_FROM " ORDER BY p.id", err);
	if (!all)
		goto cleanup;
	while ((step = sqlite3_step(all)) == SQLITE_ROW) {
		if (fts_write_row(w, w->fts_insert, sqlite3_column_int64(all, 8), all, err) < 0)
			goto cleanup;
		n++;
	}
	if (step != SQLITE_DONE) {
		catalog_fail(w->c, err, "reading the products to index");
		goto cleanup;
	}
	catalog_products_changed(w->c);
	rc = 0;
cleanup:
	sqlite3_finalize(all);
	if (count)
		*count = n;
	return rc;
}

static void bind_product(sqlite3_stmt *st, const struct product *p, int64_t brand,
                         int64_t category)
{
	bind_text(st, 1, p->id);
	bind_text(st, 2, p->name);
	if (brand > 0)
		sqlite3_bind_int64(st, 3, brand);
	else
		sqlite3_bind_null(st, 3);
	if (category > 0)
		sqlite3_bind_int64(st, 4, category);
	else
		sqlite3_bind_null(st, 4);
	bind_text(st, 5, p->description ? p->description : "");
	bind_text(st, 6, p->features ? p->features : "");
	if (p->has_price)
		sqlite3_bind_int64(st, 7, p->price_cents);
	else
		sqlite3_bind_null(st, 7);
	bind_text(st, 8, p->currency && *p->currency ? p->currency : "USD");
	if (p->has_rating)
		sqlite3_bind_double(st, 9, p->rating);
	else
		sqlite3_bind_null(st, 9);
	sqlite3_bind_int64(st, 10, p->review_count);
	if (p->has_stock)
		sqlite3_bind_int64(st, 11, p->stock);
	else
		sqlite3_bind_null(st, 11);
	sqlite3_bind_double(st, 12, p->popularity);
	bind_text(st, 13, p->color);
	bind_text(st, 14, p->material);
	bind_text(st, 15, p->url);
	bind_text(st, 16, p->image);
	bind_text(st, 17, p->tags);
}

int product_writer_put(product_writer *w, const struct product *p, bool replace, char **err)
{
	char *category_path = NULL;
	char *attrs = NULL;
	int rc = -1;

	w->bad = false;
	if (!p->id || !*p->id || !p->name || !*p->name) {
		w->bad = true;
		if (err)
			*err = xstrdup(!p->id || !*p->id ? "missing id" : "missing name");
		return -1;
	}
	sqlite3_reset(w->find_product);
	catalog_bind_text(w->find_product, 1, p->id);
	int64_t existing = 0;
	int step = sqlite3_step(w->find_product);
	if (step == SQLITE_ROW)
		existing = sqlite3_column_int64(w->find_product, 0);
	else if (step != SQLITE_DONE)
		return catalog_fail(w->c, err, "looking up a product");
	sqlite3_reset(w->find_product);
	if (existing && !replace) {
		w->bad = true;
		if (err)
			*err = xasprintf("duplicate id \"%s\"", p->id);
		return -1;
	}

	int64_t brand = 0;
	if (p->brand && *p->brand) {
		brand = brand_id(w, p->brand, err);
		if (brand < 0)
			goto cleanup;
	}
	int64_t category = 0;
	const char *category_text = NULL;
	if (p->category && *p->category) {
		struct id_entry *e = cache_find(&w->categories, p->category);
		if (e) {
			category = e->id;
			category_text = e->extra;
		} else {
			category = category_id(w, p->category, &category_path, err);
			if (category < 0)
				goto cleanup;
			cache_put(&w->categories, p->category, category, category_path);
			category_text = category_path;
		}
	}

	int64_t id;
	if (existing) {
		if (fts_remove(w, existing, err) < 0)
			goto cleanup;
		sqlite3_reset(w->update_product);
		bind_product(w->update_product, p, brand, category);
		sqlite3_bind_int64(w->update_product, 18, existing);
		if (sqlite3_step(w->update_product) != SQLITE_DONE) {
			catalog_fail(w->c, err, "updating a product");
			goto cleanup;
		}
		id = existing;
	} else {
		sqlite3_reset(w->insert_product);
		bind_product(w->insert_product, p, brand, category);
		if (sqlite3_step(w->insert_product) != SQLITE_DONE) {
			w->bad = sqlite3_extended_errcode(w->c->db) == SQLITE_CONSTRAINT_CHECK;
			catalog_fail(w->c, err, "storing a product");
			goto cleanup;
		}
		id = sqlite3_last_insert_rowid(w->c->db);
	}
	if (store_attrs(w, id, p, existing != 0, err) < 0)
		goto cleanup;
	attrs = product_attrs_text(p->features, p->color, p->material, p->tags);
	if (fts_write(w, w->fts_insert, id, p->name, brand > 0 ? p->brand : NULL,
	              category_text, attrs, p->description, err) < 0)
		goto cleanup;
	catalog_products_changed(w->c);
	w->last_id = id;
	rc = 0;
cleanup:
	free(attrs);
	free(category_path);
	return rc;
}
