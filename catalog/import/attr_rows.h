/*
 * attr_rows: what the keys of a record that no product field takes become.
 * Each becomes attribute rows a shopper can read, or hidden rows, or
 * nothing:
 *
 * - names are words: "warrantyInformation" -> "warranty information",
 *   "dimensions.width" -> "width" (the last part of a path, the path's
 *   parent too when two keys of the record would otherwise share a name),
 *   "material.name" -> "material", "categoryPath.id" -> "category path id";
 *   a part of the path that says "per ..." qualifies its children
 *   ("nutrition_per_100g.protein_g" -> "protein per 100g");
 * - a measure written in two fields becomes one value: {"quantity": 1,
 *   "uom": "l"}, weightValue + weightUnit, a "unit" beside numeric
 *   siblings ({"width": 7, "height": 15, "unit": "cm"}); a unit at the end
 *   of a name goes to its numbers ("energy_kcal": 64 -> "energy" = "64
 *   kcal", "Weight (kg)" -> "weight"); measures are written the one way
 *   nlu/text/measure.h writes them ("1.2kg" -> "1.2 kg");
 * - values found in an array are one row each (["dry", "sensitive"]);
 *   true/false become yes/no;
 * - personal data is dropped: e-mail fields, phone fields holding phone
 *   numbers, values that are an address; addresses inside text are
 *   scrubbed out;
 * - links, codes and time stamps (by name: url, thumbnail, ean13, sku, id,
 *   ref, last modified, ...; by value: URLs, image files, date-times,
 *   barcodes, UUIDs) go to the hidden rows, kept but never shown, compared
 *   or indexed.
 *
 * One attr_rows holds the scratch space of one thread's records; the units
 * table is borrowed (NULL: measures are left as written).
 */
#ifndef CLERK_ATTR_ROWS_H
#define CLERK_ATTR_ROWS_H

#include <stddef.h>

#include "catalog/import/record.h"
#include "common/buf.h"
#include "nlu/text/lexicon.h"
#include "nlu/text/measure.h"

struct attr_rows;

struct attr_rows *attr_rows_new(const struct measure_units *u);
void attr_rows_free(struct attr_rows *a);

/* The words before a measure that say it is the most or about that ("up
 * to", "approx.", "~": a pack's [measure_qualifiers]), which the measure
 * is read past; borrowed. NULL, as from attr_rows_new(): none. */
void attr_rows_set_qualifiers(struct attr_rows *a, const lexicon_list *qualifiers);

/* Words that end a key's name and say it holds the unit of the key named
 * by the words before them ("unit of measure": "item_weight_unit_of_measure"
 * is the unit of "item_weight", "500" and "Grams" one measure); a pack's
 * [unit_name_endings], borrowed. NULL, as from attr_rows_new(): none. */
void attr_rows_set_unit_endings(struct attr_rows *a, const lexicon_list *endings);

/* A prefix of keys that is no part of the attribute's name (eBay's "C:"
 * of its item specifics: "C:Megapixels" is "megapixels"); borrowed. NULL,
 * as from attr_rows_new(): none. */
void attr_rows_set_key_prefix(struct attr_rows *a, const char *prefix);

/* Turns the pairs idx[0..n) of r into "key:value" features appended to
 * visible and hidden ("; " between pairs, as product.h's features). */
void attr_rows_build(struct attr_rows *a, const struct record *r, const size_t *idx, size_t n,
                     struct buf *visible, struct buf *hidden);

/* Appends "key:value" to out as a feature pair: "; " before it when out
 * is not empty, the separators of features (; | newline tab) kept out of
 * the value. */
void attr_rows_add_pair(struct buf *out, const char *key, const char *value, size_t len);

#endif
