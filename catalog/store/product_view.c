/*
 * product_view.c: reading products into the view every reader shares.
 * catalog_int.h's PRODUCT_VIEW_SELECT and product_view_read() let other
 * catalog modules (search, recommend) read the summary the same way in
 * statements of their own.
 */
#include "catalog/store/product_view.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "catalog/store/catalog_int.h"
#include "common/buf.h"
#include "common/xalloc.h"

void product_view_read(sqlite3_stmt *st, struct product_view *p)
{
	memset(p, 0, sizeof *p);
	p->rowid = sqlite3_column_int64(st, 0);
	p->id = catalog_column_dup(st, 1);
	p->name = catalog_column_dup(st, 2);
	p->brand = catalog_column_dup(st, 3);
	p->category = catalog_column_dup(st, 4);
	p->currency = catalog_column_dup(st, 5);
	p->has_price = sqlite3_column_type(st, 6) != SQLITE_NULL;
	p->price_cents = sqlite3_column_int64(st, 6);
	p->has_rating = sqlite3_column_type(st, 7) != SQLITE_NULL;
	p->rating = sqlite3_column_double(st, 7);
	p->review_count = sqlite3_column_int64(st, 8);
	p->has_stock = sqlite3_column_type(st, 9) != SQLITE_NULL;
	p->stock = sqlite3_column_int64(st, 9);
}

/* Does s hold an e-mail address ("name@host.tld")? Catalogs bring
 * reviewers' and suppliers' addresses along; a shopper is never shown
 * one, whatever the field is called. */
static bool holds_email(const char *s)
{
	for (const char *at = s ? strchr(s, '@') : NULL; at; at = strchr(at + 1, '@')) {
		bool local = at > s && (isalnum((unsigned char)at[-1]) || strchr("._%+-", at[-1]));
		const char *h = at + 1;
		while (isalnum((unsigned char)*h) || *h == '-')
			h++;
		bool host = h > at + 1 && *h == '.' && isalpha((unsigned char)h[1]);
		if (local && host)
			return true;
	}
	return false;
}

/* Does text hold s, case aside? */
static bool holds_text(const char *text, const char *s)
{
	size_t n = strlen(s);
	for (const char *t = text; *t; t++)
		if (!strncasecmp(t, s, n))
			return true;
	return false;
}

/* The lines of features ("; " between) that are no "key: value" pair
 * and that the description does not say already, "\n" between (heap). */
static char *feature_notes(const char *features, const char *description)
{
	struct buf b;
	buf_init(&b);
	buf_adds(&b, "");
	for (const char *s = features ? features : ""; *s;) {
		size_t len = strcspn(s, ";");
		const char *at = s;
		size_t n = len;
		while (n && isspace((unsigned char)*at)) {
			at++;
			n--;
		}
		while (n && isspace((unsigned char)at[n - 1]))
			n--;
		char *line = xstrndup(at, n);
		if (n && !strchr(line, ':') && !holds_text(description ? description : "", line)) {
			if (b.len)
				buf_addc(&b, '\n');
			buf_adds(&b, line);
		}
		free(line);
		s += len;
		if (*s == ';')
			s++;
	}
	return buf_detach(&b);
}

static int read_details(catalog *c, struct product_view *p, char **err)
{
	sqlite3_stmt *st = catalog_cached(
		c, "SELECT description, color, material, url, features FROM products WHERE id = ?1",
		err);
	int rc = -1, step;
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, p->rowid);
	if (sqlite3_step(st) == SQLITE_ROW) {
		p->description = catalog_column_dup(st, 0);
		p->color = catalog_column_dup(st, 1);
		p->material = catalog_column_dup(st, 2);
		p->url = catalog_column_dup(st, 3);
		p->notes = feature_notes((const char *)sqlite3_column_text(st, 4), p->description);
	}
	catalog_release(st);
	if (!p->description)
		p->description = xstrdup("");
	if (!p->notes)
		p->notes = xstrdup("");
	st = catalog_cached(
		c, "SELECT key, value FROM attributes WHERE product_id = ?1 AND NOT hidden"
		" AND key NOT IN (SELECT key FROM attribute_keys WHERE kind = 'hidden')"
		" ORDER BY key, value", err);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, p->rowid);
	size_t cap = 0;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (holds_email((const char *)sqlite3_column_text(st, 1)))
			continue;
		p->attrs = xgrow(p->attrs, &cap, p->n_attrs + 1, sizeof *p->attrs);
		p->attrs[p->n_attrs].key = catalog_column_dup(st, 0);
		p->attrs[p->n_attrs].value = catalog_column_dup(st, 1);
		p->n_attrs++;
	}
	if (step != SQLITE_DONE)
		catalog_fail(c, err, "reading product attributes");
	else
		rc = 0;
	catalog_release(st);
	p->has_details = true;
	return rc;
}

static int load(catalog *c, const char *sql, const char *id, int64_t rowid, bool details,
                struct product_view *out, char **err)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = catalog_cached(c, sql, err);
	if (!st)
		return -1;
	if (id)
		catalog_bind_text(st, 1, id);
	else
		sqlite3_bind_int64(st, 1, rowid);
	int step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		product_view_read(st, out);
	catalog_release(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return catalog_fail(c, err, "reading a product");
	if (step == SQLITE_ROW && details && read_details(c, out, err) < 0) {
		product_view_release(out);
		return -1;
	}
	return 0;
}

int product_view_load(catalog *c, const char *id, bool details, struct product_view *out,
                      char **err)
{
	return load(c, PRODUCT_VIEW_SELECT " WHERE p.source_id = ?1", id ? id : "", 0, details,
	            out, err);
}

int product_view_load_rowid(catalog *c, int64_t rowid, bool details, struct product_view *out,
                            char **err)
{
	return load(c, PRODUCT_VIEW_SELECT " WHERE p.id = ?1", NULL, rowid, details, out, err);
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

void product_view_copy(struct product_view *dst, const struct product_view *src)
{
	*dst = *src;
	char **fields[] = {&dst->id, &dst->name, &dst->brand, &dst->category, &dst->currency,
	                   &dst->variant, &dst->description, &dst->notes, &dst->color,
	                   &dst->material, &dst->url};
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		*fields[i] = dup_or_null(*fields[i]);
	dst->attrs = src->n_attrs ? xcalloc(src->n_attrs, sizeof *dst->attrs) : NULL;
	for (size_t i = 0; i < src->n_attrs; i++) {
		dst->attrs[i].key = xstrdup(src->attrs[i].key);
		dst->attrs[i].value = xstrdup(src->attrs[i].value);
	}
}

void product_view_release(struct product_view *p)
{
	if (!p)
		return;
	char **fields[] = {&p->id, &p->name, &p->brand, &p->category, &p->currency,
	                   &p->variant, &p->description, &p->notes, &p->color, &p->material,
	                   &p->url};
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		free(*fields[i]);
	for (size_t i = 0; i < p->n_attrs; i++) {
		free(p->attrs[i].key);
		free(p->attrs[i].value);
	}
	free(p->attrs);
	memset(p, 0, sizeof *p);
}
