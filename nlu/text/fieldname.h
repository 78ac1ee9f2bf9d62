/*
 * fieldname: what the name of a catalog field says, read the way a person
 * reads it. "warrantyInformation", "warranty_information" and "Warranty
 * Information" are the words "warranty information"; "thumbnail_url" names
 * a link, "ean13" and "internal_ref" codes, "last_modified" a time stamp,
 * "reviewer_email" personal data; "quantity" and "uom" are the value and
 * unit halves of a measure written in two fields.
 *
 * The words these tables hold are the vocabulary of feed formats (schema.org,
 * Shopify, GS1 identifiers, database columns), not of a language a shopper
 * speaks: like the field aliases of catalog/import/mapping.c they are what
 * the importer is built to understand, and they change with its code, so
 * they are tables here rather than files in assets/.
 *
 * Pure C: no SQLite, no state.
 */
#ifndef CLERK_FIELDNAME_H
#define CLERK_FIELDNAME_H

#include <stdbool.h>
#include <stddef.h>

#include "common/buf.h"

/* Appends the words of key[0..len) to out, lower case, one space between:
 * camelCase and PascalCase are split ("HTTPStatus" -> "http status"), any
 * byte that is not a letter or digit separates ('_', '-', '.', ' ', ...),
 * digits stay with the letters before them ("ean13", "per 100g"). Bytes
 * from 0x80 up are kept as they are. */
void fieldname_words(const char *key, size_t len, struct buf *out);

/* What a field's name says about its values. */
enum fieldname_noise {
	FIELDNAME_PLAIN,    /* nothing: a product attribute */
	FIELDNAME_LINK,     /* url, href, thumbnail, permalink, slug, ... */
	FIELDNAME_CODE,     /* identifiers: id, uuid, sku, gtin, ean13, mpn, ref, ... */
	FIELDNAME_TIME,     /* bookkeeping times: created at, last modified, ... */
	FIELDNAME_INTERNAL, /* the shop's own figures and settings: cost price,
	                     * margin, wholesale, supplier, tax class, "is featured",
	                     * "allow backorders", an attribute's "visible" and
	                     * "global" flags, a platform's meta fields: kept,
	                     * never shown to shoppers */
	FIELDNAME_PERSONAL, /* an e-mail address field: never stored */
	FIELDNAME_PHONE,    /* phone, tel, mobile, fax: personal when the value is a
	                     * phone number ("mobile: yes" is a product's) */
};

/* The noise kind of a field from its words (fieldname_words()'s form);
 * the strongest word wins, a personal one first. */
enum fieldname_noise fieldname_noise(const char *words);

/* The part one word of a field's name plays when a measure is written in
 * two fields (weightValue + weightUnit, {"quantity": 1, "uom": "l"}), or
 * when a nested object only names its parent ({"name": "steel"}). */
enum fieldname_role {
	FIELDNAME_ROLE_NONE,
	FIELDNAME_ROLE_VALUE, /* value, amount, quantity, qty, val */
	FIELDNAME_ROLE_UNIT,  /* unit, units, uom, measure */
	FIELDNAME_ROLE_NAME,  /* name, label, title, text, display */
};
enum fieldname_role fieldname_role(const char *word, size_t len);

/* True when words name pictures or videos ("images", "media",
 * "thumbnail"): an object so named describes a file, so what it holds
 * (its width, position, alt text) is not the product's. A field named
 * "image stabilization" is the product's: callers ask this of the parts of
 * a path above a field, not of the field. */
bool fieldname_media(const char *words);

/* The last word of words and its length (words in fieldname_words()'s
 * form); NULL when words is empty. */
const char *fieldname_last_word(const char *words, size_t *len);

#endif
