/*
 * mapping.c: the field tables, the presets' columns and the resolution
 * cache.
 */
#include "catalog/import/mapping.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/xalloc.h"

struct field_def {
	const char *name;
	const char *aliases; /* normalized, space-separated, best first */
};

static const struct field_def product_fields[PF_COUNT] = {
	[PF_ID] = {"id", "id sku productid itemid objectid uniqid asin productcode code"},
	[PF_NAME] = {"name", "name title productname producttitle itemname"},
	[PF_BRAND] = {"brand", "brand brandname vendor manufacturer make"},
	[PF_CATEGORY] = {"category", "category categories categorypath categoryname producttype "
	                             "department breadcrumbs breadcrumb type categorypathname"},
	[PF_DESCRIPTION] = {"description", "description desc bodyhtml body longdescription "
	                                   "productdescription details shortdescription"},
	[PF_FEATURES] = {"features", "features feature attributes specs specifications highlights"},
	[PF_PRICE] = {"price", "price regularprice listprice unitprice retailprice currentprice "
	                       "baseprice"},
	[PF_CURRENCY] = {"currency", "currency currencycode"},
	[PF_RATING] = {"rating", "rating averagerating avgrating customerrating stars starrating "
	                         "reviewrating ratingvalue customerreviewaverage"},
	[PF_REVIEW_COUNT] = {"review_count", "reviewcount reviews numreviews reviewscount "
	                                     "ratingcount numberofreviews totalreviews customerreviewcount"},
	[PF_STOCK] = {"stock", "stock stockquantity quantity qty inventory inventoryquantity "
	                       "quantityavailable stocklevel onhand"},
	[PF_COLOR] = {"color", "color colour"},
	[PF_MATERIAL] = {"material", "material materials fabric"},
	[PF_URL] = {"url", "url link producturl href permalink"},
	[PF_IMAGE] = {"image", "image imageurl imagelink img picture thumbnail thumbnailimage "
	                       "images mainimage"},
	[PF_TAGS] = {"tags", "tags keywords labels tag"},
	[PF_POPULARITY] = {"popularity", "popularity popularityscore sales salescount unitssold "
	                                 "views"},
	[PF_SALE_PRICE] = {"sale_price", "saleprice specialprice discountprice offerprice"},
	[PF_AVAILABILITY] = {"availability", "availability stockstatus instock available"},
};

static const struct field_def order_fields[OF_COUNT] = {
	[OF_ORDER_ID] = {"order_id", "orderid order ordernumber orderno ordername"},
	[OF_CUSTOMER] = {"customer", "customer customerid client clientid userid user buyer"},
	[OF_PRODUCT] = {"product", "product productid sku item itemid"},
	[OF_QUANTITY] = {"quantity", "quantity qty count units"},
	[OF_PRICE] = {"price", "price unitprice itemprice lineitemprice"},
	[OF_DATE] = {"date", "date orderdate placedat createdat placed orderedat"},
	[OF_STATUS] = {"status", "status orderstatus state fulfillmentstatus"},
	[OF_EMAIL] = {"email", "email customeremail emailaddress"},
	[OF_POSTCODE] = {"postcode", "postcode zip zipcode postalcode"},
	[OF_CARRIER] = {"carrier", "carrier shippingcarrier shipper"},
	[OF_TRACKING] = {"tracking", "tracking trackingnumber trackingno trackingcode"},
	[OF_CURRENCY] = {"currency", "currency currencycode"},
	[OF_NAME] = {"name", "name productname itemname lineitemname title"},
};

/* The columns of the presets' real exports, best first for each field. */
static const struct preset_column {
	enum import_preset preset;
	int field;
	const char *source; /* normalized */
} preset_columns[] = {
	{PRESET_SHOPIFY, PF_ID, "handle"},
	{PRESET_SHOPIFY, PF_NAME, "title"},
	{PRESET_SHOPIFY, PF_DESCRIPTION, "bodyhtml"},
	{PRESET_SHOPIFY, PF_BRAND, "vendor"},
	{PRESET_SHOPIFY, PF_CATEGORY, "productcategory"},
	{PRESET_SHOPIFY, PF_CATEGORY, "type"},
	{PRESET_SHOPIFY, PF_TAGS, "tags"},
	{PRESET_SHOPIFY, PF_PRICE, "variantprice"},
	{PRESET_SHOPIFY, PF_STOCK, "variantinventoryqty"},
	{PRESET_SHOPIFY, PF_IMAGE, "imagesrc"},
	{PRESET_SHOPIFY, PF_IMAGE, "variantimage"},
	{PRESET_GMC, PF_ID, "id"},
	{PRESET_GMC, PF_NAME, "title"},
	{PRESET_GMC, PF_DESCRIPTION, "description"},
	{PRESET_GMC, PF_URL, "link"},
	{PRESET_GMC, PF_IMAGE, "imagelink"},
	{PRESET_GMC, PF_PRICE, "price"},
	{PRESET_GMC, PF_SALE_PRICE, "saleprice"},
	{PRESET_GMC, PF_AVAILABILITY, "availability"},
	{PRESET_GMC, PF_BRAND, "brand"},
	{PRESET_GMC, PF_CATEGORY, "producttype"},
	{PRESET_GMC, PF_CATEGORY, "googleproductcategory"},
	{PRESET_GMC, PF_COLOR, "color"},
	{PRESET_GMC, PF_MATERIAL, "material"},
};

/* Bookkeeping columns of the exports: neither fields nor features. The
 * Shopify options (Option1 Name, ...) are read by the importer itself. */
static const struct preset_ignore {
	enum import_preset preset;
	const char *prefix; /* normalized */
} preset_ignores[] = {
	{PRESET_SHOPIFY, "option"}, {PRESET_SHOPIFY, "variant"}, {PRESET_SHOPIFY, "image"},
	{PRESET_SHOPIFY, "seo"}, {PRESET_SHOPIFY, "googleshopping"},
	{PRESET_SHOPIFY, "giftcard"}, {PRESET_SHOPIFY, "published"},
	{PRESET_SHOPIFY, "status"}, {PRESET_SHOPIFY, "costperitem"},
	{PRESET_SHOPIFY, "included"}, {PRESET_SHOPIFY, "price"},
	{PRESET_SHOPIFY, "compareatprice"},
	{PRESET_GMC, "saleprice"}, {PRESET_GMC, "identifierexists"},
	{PRESET_GMC, "shipping"}, {PRESET_GMC, "adult"}, {PRESET_GMC, "additionalimagelink"},
};

#define RANK_EXPLICIT 0
#define RANK_PRESET 10
#define RANK_ALIAS 100
#define CACHE_SLOTS 8192 /* a power of two */
#define CACHE_MAX (CACHE_SLOTS / 2)
#define KEY_MAX 256

struct explicit_map {
	int field;
	char source[KEY_MAX];
};

struct cache_entry {
	char *key;
	int field;
	int rank;
};

struct mapping {
	const struct field_def *fields;
	size_t nfields;
	enum import_preset preset;
	bool orders;
	struct explicit_map *maps;
	size_t nmaps;
	bool mapped[MAPPING_MAX_FIELDS];
	struct cache_entry *cache;
	size_t cached;
};

void mapping_normalize(const char *key, char *out, size_t outsize)
{
	size_t n = 0;
	if ((key[0] == 'g' || key[0] == 'G') && key[1] == ':')
		key += 2;
	for (; *key && n + 1 < outsize; key++)
		if (isalnum((unsigned char)*key))
			out[n++] = (char)tolower((unsigned char)*key);
	out[n] = '\0';
}

static int field_by_name(const struct mapping *m, const char *name)
{
	char want[KEY_MAX], have[KEY_MAX];
	mapping_normalize(name, want, sizeof want);
	for (size_t i = 0; i < m->nfields; i++) {
		mapping_normalize(m->fields[i].name, have, sizeof have);
		if (!strcmp(want, have))
			return (int)i;
	}
	return -1;
}

static int parse_spec(struct mapping *m, const char *spec, char **err)
{
	char *copy = xstrdup(spec);
	int rc = -1;
	for (char *save = NULL, *item = strtok_r(copy, ",", &save); item;
	     item = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(item, '=');
		if (!eq) {
			*err = xasprintf("--map: \"%s\" is not FIELD=SOURCE", item);
			goto cleanup;
		}
		*eq = '\0';
		int field = field_by_name(m, item);
		if (field < 0) {
			struct buf names;
			buf_init(&names);
			for (size_t i = 0; i < m->nfields; i++)
				buf_printf(&names, "%s%s", i ? ", " : "", m->fields[i].name);
			*err = xasprintf("--map: unknown field \"%s\" (fields: %s)", item, names.s);
			buf_release(&names);
			goto cleanup;
		}
		m->maps = xrealloc(m->maps, (m->nmaps + 1) * sizeof *m->maps);
		struct explicit_map *e = &m->maps[m->nmaps++];
		e->field = field;
		mapping_normalize(eq + 1, e->source, sizeof e->source);
		if (!e->source[0]) {
			*err = xasprintf("--map: field \"%s\" has no source", item);
			goto cleanup;
		}
		m->mapped[field] = true;
	}
	rc = 0;
cleanup:
	free(copy);
	return rc;
}

struct mapping *mapping_new(bool orders, enum import_preset preset, const char *spec,
                            char **err)
{
	struct mapping *m = xcalloc(1, sizeof *m);
	m->orders = orders;
	m->preset = orders ? PRESET_NONE : preset;
	m->fields = orders ? order_fields : product_fields;
	m->nfields = orders ? OF_COUNT : PF_COUNT;
	m->cache = xcalloc(CACHE_SLOTS, sizeof *m->cache);
	if (spec && parse_spec(m, spec, err) < 0) {
		mapping_free(m);
		return NULL;
	}
	return m;
}

void mapping_free(struct mapping *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < CACHE_SLOTS; i++)
		free(m->cache[i].key);
	free(m->cache);
	free(m->maps);
	free(m);
}

/* The position of word in a space-separated list, or -1. */
static int word_index(const char *list, const char *word)
{
	size_t n = strlen(word);
	int i = 0;
	for (const char *p = list; *p; i++) {
		size_t len = strcspn(p, " ");
		if (len == n && !strncmp(p, word, n))
			return i;
		p += len;
		while (*p == ' ')
			p++;
	}
	return -1;
}

static int resolve(const struct mapping *m, const char *key, int *rank)
{
	char norm[KEY_MAX];
	mapping_normalize(key, norm, sizeof norm);
	for (size_t i = 0; i < m->nmaps; i++)
		if (!strcmp(norm, m->maps[i].source)) {
			*rank = RANK_EXPLICIT + (int)i;
			return m->maps[i].field;
		}
	int position = 0;
	for (size_t i = 0; i < sizeof preset_columns / sizeof preset_columns[0]; i++) {
		const struct preset_column *c = &preset_columns[i];
		if (c->preset != m->preset)
			continue;
		position++;
		if (!m->mapped[c->field] && !strcmp(norm, c->source)) {
			*rank = RANK_PRESET + position;
			return c->field;
		}
	}
	for (size_t i = 0; i < sizeof preset_ignores / sizeof preset_ignores[0]; i++) {
		const struct preset_ignore *g = &preset_ignores[i];
		if (g->preset == m->preset && !strncmp(norm, g->prefix, strlen(g->prefix)))
			return MAPPING_IGNORE;
	}
	for (size_t f = 0; f < m->nfields; f++) {
		if (m->mapped[f])
			continue;
		int at = word_index(m->fields[f].aliases, norm);
		if (at >= 0) {
			*rank = RANK_ALIAS + at;
			return (int)f;
		}
	}
	*rank = 0;
	return MAPPING_FEATURE;
}

static uint32_t hash(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

int mapping_resolve(struct mapping *m, const char *key, int *rank)
{
	uint32_t slot = hash(key) & (CACHE_SLOTS - 1);
	for (;;) {
		struct cache_entry *e = &m->cache[slot];
		if (!e->key)
			break;
		if (!strcmp(e->key, key)) {
			*rank = e->rank;
			return e->field;
		}
		slot = (slot + 1) & (CACHE_SLOTS - 1);
	}
	int field = resolve(m, key, rank);
	if (m->cached < CACHE_MAX) {
		m->cache[slot] = (struct cache_entry){xstrdup(key), field, *rank};
		m->cached++;
	}
	return field;
}

size_t mapping_field_count(const struct mapping *m)
{
	return m->nfields;
}

const char *mapping_field_name(const struct mapping *m, int field)
{
	return field >= 0 && (size_t)field < m->nfields ? m->fields[field].name : "feature";
}

bool mapping_rank_is_guess(int rank)
{
	return rank > RANK_ALIAS;
}
