/*
 * search_facts.c: the filter columns of every product, in memory.
 *
 * The FTS loop of a search looks each match up in products to apply the
 * filters, and stops after SEARCH_CANDIDATES pass. A filter that excludes
 * nearly every match (a price cap under what the words' products cost, a
 * brand that makes few of them) makes it look up every match: 60,000 B-tree
 * lookups for two common words at a million products. So the columns the
 * dialogue filters on most (price, brand, category) are read once into
 * arrays indexed by product id, from the covering indexes (not the table,
 * whose rows hold the descriptions), and each match is tested there first.
 * The SQL filters still apply to what passes, so this is only a faster
 * "no": results are the same with or without it.
 *
 * The arrays are read on the first filtered query and again after the
 * products change (settings' products_generation, which product_writer
 * bumps).
 */
#include "catalog/search/search_int.h"

#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"

#define NO_PRICE INT64_MIN

struct search_facts {
	int64_t *price;   /* cents, or NO_PRICE */
	int32_t *brand;   /* brands.id, 0 for none */
	int32_t *category; /* categories.id, 0 for none */
	size_t n;         /* product ids below n are described */
	bool loaded;

	/* the query's filters, resolved to ids */
	bool on;
	int64_t lo, hi;   /* price bounds, inclusive */
	int32_t *brands;  /* the brand's ids (names are unique, but compare as SQL does) */
	size_t n_brands, cap_brands;
	bool by_brand;
	int32_t *not_brands;
	size_t n_not, cap_not;
	uint8_t *cats;    /* one byte per category id: in the subtree */
	size_t n_cats, cap_cats;
	bool by_category;
};

void search_facts_free(struct search_facts *f)
{
	if (!f)
		return;
	free(f->price);
	free(f->brand);
	free(f->category);
	free(f->brands);
	free(f->not_brands);
	free(f->cats);
	free(f);
}

void search_facts_forget(struct search_facts *f)
{
	if (f)
		f->loaded = false;
}

static int load(searcher *s, struct search_facts *f, char **err)
{
	static const char *const sql[2] = {
		"SELECT id, brand_id, price_cents FROM products INDEXED BY products_brand",
		"SELECT id, category_id FROM products INDEXED BY products_category",
	};
	sqlite3_stmt *st = catalog_prepare(s->c, "SELECT coalesce(max(id), 0) FROM products", err);
	if (!st)
		return -1;
	int64_t max = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_finalize(st);
	if (max < 0)
		return catalog_fail(s->c, err, "sizing the filter columns");
	f->n = (size_t)max + 1;
	f->price = xrealloc(f->price, f->n * sizeof *f->price);
	f->brand = xrealloc(f->brand, f->n * sizeof *f->brand);
	f->category = xrealloc(f->category, f->n * sizeof *f->category);
	for (size_t i = 0; i < f->n; i++)
		f->price[i] = NO_PRICE;
	memset(f->brand, 0, f->n * sizeof *f->brand);
	memset(f->category, 0, f->n * sizeof *f->category);
	for (int k = 0; k < 2; k++) {
		if (!(st = catalog_prepare(s->c, sql[k], err)))
			return -1;
		int rc;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			int64_t id = sqlite3_column_int64(st, 0);
			if (id < 0 || (uint64_t)id >= f->n)
				continue;
			int64_t v = sqlite3_column_int64(st, 1);
			int32_t ref = v > 0 && v <= INT32_MAX ? (int32_t)v : 0;
			if (k == 0) {
				f->brand[id] = ref;
				if (sqlite3_column_type(st, 2) != SQLITE_NULL)
					f->price[id] = sqlite3_column_int64(st, 2);
			} else {
				f->category[id] = ref;
			}
		}
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE)
			return catalog_fail(s->c, err, "reading the filter columns");
	}
	f->loaded = true;
	return 0;
}

/* The ids a statement yields (?1 bound to name) into *ids. */
static int read_ids(searcher *s, const char *sql, const char *name, int32_t **ids, size_t *n,
                    size_t *cap, char **err)
{
	sqlite3_stmt *st = catalog_cached(s->c, sql, err);
	if (!st)
		return -1;
	catalog_bind_text(st, 1, name);
	*n = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t v = sqlite3_column_int64(st, 0);
		if (v <= 0 || v > INT32_MAX)
			continue;
		*ids = xgrow(*ids, cap, *n + 1, sizeof **ids);
		(*ids)[(*n)++] = (int32_t)v;
	}
	catalog_release(st);
	return rc == SQLITE_DONE ? 0 : catalog_fail(s->c, err, "resolving a filter");
}

/* The same conditions as search_filter_sql (search.c), on ids. */
static const char brand_sql[] = "SELECT id FROM brands WHERE name = ?1";
static const char subtree_sql[] =
	"SELECT d.id FROM categories a, categories d"
	" WHERE (a.name = ?1 COLLATE NOCASE OR a.path = ?1 COLLATE NOCASE)"
	"   AND (d.id = a.id OR substr(d.path, 1, length(a.path) + 3) = a.path || ' > '"
	"        COLLATE NOCASE)";

int search_facts_prepare(searcher *s, const struct search_query *q, bool *nothing, char **err)
{
	*nothing = false;
	struct search_facts *f = s->facts;
	f->on = false;
	bool price = q->price_min >= 0 || q->price_max >= 0;
	bool brand = q->brand && *q->brand;
	bool not_brand = q->exclude_brand && *q->exclude_brand;
	bool category = q->category && *q->category;
	if (!price && !brand && !not_brand && !category)
		return 0;
	if (!f->loaded && load(s, f, err) < 0)
		return -1;
	f->lo = q->price_min >= 0 ? q->price_min : INT64_MIN;
	f->hi = q->price_max >= 0 ? q->price_max : INT64_MAX;
	f->by_brand = brand;
	f->n_brands = f->n_not = 0;
	if (brand && read_ids(s, brand_sql, q->brand, &f->brands, &f->n_brands, &f->cap_brands,
	                      err) < 0)
		return -1;
	if (not_brand && read_ids(s, brand_sql, q->exclude_brand, &f->not_brands, &f->n_not,
	                          &f->cap_not, err) < 0)
		return -1;
	f->by_category = category;
	if (category) {
		int32_t *ids = NULL;
		size_t n = 0, cap = 0;
		if (read_ids(s, subtree_sql, q->category, &ids, &n, &cap, err) < 0) {
			free(ids);
			return -1;
		}
		int32_t max = 0;
		for (size_t i = 0; i < n; i++)
			if (ids[i] > max)
				max = ids[i];
		f->n_cats = (size_t)max + 1;
		f->cats = xgrow(f->cats, &f->cap_cats, f->n_cats, 1);
		memset(f->cats, 0, f->n_cats);
		for (size_t i = 0; i < n; i++)
			f->cats[ids[i]] = 1;
		free(ids);
		if (n == 0)
			*nothing = true; /* no such category */
	}
	if (brand && f->n_brands == 0)
		*nothing = true; /* no such brand */
	f->on = true;
	return 0;
}

void search_facts_done(searcher *s)
{
	s->facts->on = false;
}

bool search_facts_pass(const struct search_facts *f, int64_t id)
{
	if (!f || !f->on || id < 0 || (uint64_t)id >= f->n)
		return true; /* undescribed: the SQL filters decide */
	int64_t price = f->price[id];
	if ((f->lo != INT64_MIN || f->hi != INT64_MAX) &&
	    (price == NO_PRICE || price < f->lo || price > f->hi))
		return false;
	int32_t b = f->brand[id];
	if (f->by_brand) {
		bool in = false;
		for (size_t i = 0; i < f->n_brands && !in; i++)
			in = f->brands[i] == b;
		if (!in)
			return false;
	}
	for (size_t i = 0; i < f->n_not; i++)
		if (b != 0 && f->not_brands[i] == b)
			return false;
	if (f->by_category) {
		int32_t c = f->category[id];
		if (c <= 0 || (size_t)c >= f->n_cats || !f->cats[c])
			return false;
	}
	return true;
}

struct search_facts *search_facts_new(void)
{
	return xcalloc(1, sizeof(struct search_facts));
}
