/*
 * ebay: a listing export of eBay's (the File Exchange / Seller Hub bulk
 * CSV: "*Action(SiteID=US|Country=US|Currency=USD|Version=1193)",
 * "*Title", "*StartPrice", "*ConditionID", "ConditionDescription",
 * "C:Brand" and the other item specifics) read as the shop means it.
 *
 * Each record is read through a copy (ebay_unpack()) in which
 * - an item specific's list ("Wi-Fi|Bluetooth") is its values, one each
 *   (the first only, when the item specific is a field: the brand);
 * - the condition id (3000) is the condition in words ("Used"), from the
 *   pack's [ebay_conditions]; an id it does not list is no condition;
 * - the currency the Action column's header names ("Currency=USD") is the
 *   record's when no column gives one;
 * - the listing's first shipping service and its cost are one "shipping"
 *   fact ("free, USPS Priority"; "5.95 USD, USPS First Class") and its
 *   returns policy one "returns" fact ("accepted within 30 days, buyer
 *   pays return shipping"; "not accepted"), in the pack's [ebay_words];
 * - only the first of several picture links ("a.jpg|b.jpg") is kept.
 * The "C:" of an item specific is no part of its name (mapping.c,
 * attr_rows.c); the listing's own settings (format, duration, PayPal, the
 * category's number, dispatch time, location) are the preset's ignored
 * columns (mapping.c).
 *
 * It knows nothing of rows, products or the catalog. Ownership:
 * ebay_new() / ebay_free(); the pack and mapping are borrowed.
 */
#ifndef CLERK_EBAY_H
#define CLERK_EBAY_H

#include <stdbool.h>
#include <stddef.h>

#include "catalog/import/mapping.h"
#include "catalog/import/record.h"
#include "nlu/text/lang.h"

/* The prefix of an item specific's column ("C:Brand"). */
#define EBAY_SPECIFIC_PREFIX "C:"

/* Is this the header of an eBay listing export? */
bool ebay_header(const char *const *header, size_t n);

struct ebay;

/* The reading of an export whose header is header[0..n) (copied), with
 * the words of pack (may be NULL: no condition or policy in words) and the
 * fields of m. */
struct ebay *ebay_new(const char *const *header, size_t n, const lang *pack, struct mapping *m);
void ebay_free(struct ebay *e);

/* A copy of r in *x as described above; its arrays and strings are in the
 * returned block, which the caller frees after the last use of x. */
void *ebay_unpack(struct ebay *e, const struct record *r, struct record *x);

#endif
