/*
 * mapping: which source column (CSV/TSV header) or JSON key feeds which
 * canonical field of an import.
 *
 * Three layers, strongest first: `--map field=source,...`; the preset's
 * columns (Shopify export, Google Merchant Center feed); and aliases, the
 * names feeds commonly use for a field ("title" for name, "vendor" for
 * brand, "categories" for category). Names are compared by their letters
 * and digits only, case-folded, with a "g:" prefix dropped, so "Variant
 * Price", "variant_price" and "g:price"/"price" match. A field named by
 * --map takes only its mapped source. Dotted JSON paths
 * ("categoryPath.name") are keys like any other.
 *
 * A key that no alias names is read as words and guessed from its shape
 * ("Qty Available", "pricing.listPrice", "unit_price.amount",
 * "ratingSummary.average", "inventory.quantity", "brand.name"; see
 * guess() in mapping.c); a guess ranks below every alias.
 *
 * A source key resolves to a field and a rank (lower wins when several
 * keys feed one field), to MAPPING_FEATURE (unmapped: it becomes a
 * "key:value" feature) or to MAPPING_IGNORE (a preset's bookkeeping
 * column). Resolutions are cached per key.
 */
#ifndef CLERK_MAPPING_H
#define CLERK_MAPPING_H

#include <stdbool.h>
#include <stddef.h>

#include "catalog/import/import.h"

/* Product fields: the canonical ones of the import contract, then two that
 * feeds carry and the importer understands (a sale price wins over the
 * price; an availability word sets the stock). */
enum product_field {
	PF_ID, PF_NAME, PF_BRAND, PF_CATEGORY, PF_DESCRIPTION, PF_FEATURES, PF_PRICE,
	PF_CURRENCY, PF_RATING, PF_REVIEW_COUNT, PF_STOCK, PF_COLOR, PF_MATERIAL,
	PF_URL, PF_IMAGE, PF_TAGS, PF_POPULARITY, PF_SALE_PRICE, PF_AVAILABILITY,
	PF_COUNT
};

/* Order-line fields (import --orders). */
enum order_field {
	OF_ORDER_ID, OF_CUSTOMER, OF_PRODUCT, OF_QUANTITY, OF_PRICE, OF_DATE, OF_STATUS,
	OF_EMAIL, OF_POSTCODE, OF_CARRIER, OF_TRACKING, OF_CURRENCY, OF_NAME,
	OF_COUNT
};

/* The larger of PF_COUNT and OF_COUNT, for arrays indexed by either. */
#define MAPPING_MAX_FIELDS ((int)PF_COUNT > (int)OF_COUNT ? (int)PF_COUNT : (int)OF_COUNT)

#define MAPPING_FEATURE (-1)
#define MAPPING_IGNORE (-2)
/* A column that says whether the shop lists the product at all: Status
 * (draft, archived), Published, Active, Visibility (hidden). */
#define MAPPING_LISTING (-3)

struct mapping;

/* spec is the --map text or NULL. Returns NULL with a heap message in *err
 * when spec names an unknown field or is malformed. */
struct mapping *mapping_new(bool orders, enum import_preset preset, const char *spec,
                            char **err);
void mapping_free(struct mapping *m);
/* The preset the source turned out to be (a Shopify header without
 * --preset); before any key is resolved, or the cache is dropped. */
void mapping_set_preset(struct mapping *m, enum import_preset preset);

/* Does a MAPPING_LISTING column's value say the shop does not list the
 * product ("draft", "archived", "hidden", "FALSE", "0")? */
bool mapping_unlisted(const char *key, const char *value, size_t len);

/* The field key feeds (an enum product_field or order_field value), or
 * MAPPING_FEATURE / MAPPING_IGNORE; *rank orders competing keys. */
int mapping_resolve(struct mapping *m, const char *key, int *rank);

/* The level of a category-level key ("department" 1, "category" 2,
 * "aisle" 3, ...; outermost lowest), or -1: keys of several levels in one
 * record make one category path. -1 for orders and when --map names the
 * category. */
#define MAPPING_CATEGORY_LEVELS 8
int mapping_category_level(const struct mapping *m, const char *key);

/* True for a rank that comes from an alias other than the field's own
 * name: a guess, so a value that does not fit the field (a "quantity" of
 * "12 pack") is kept as a feature rather than failing the row. */
bool mapping_rank_is_guess(int rank);

/* Notes that the source has key (a CSV header's column, empty or not):
 * a --map pair naming it is used. mapping_resolve() notes the keys it
 * resolves. */
void mapping_note_key(struct mapping *m, const char *key);

/* The first --map pair, as given ("brand=Brand"), whose source names no
 * key noted so far, or NULL: a column the file does not have. */
const char *mapping_unseen(const struct mapping *m);

/* Number of fields and the canonical name of field i. */
size_t mapping_field_count(const struct mapping *m);
const char *mapping_field_name(const struct mapping *m, int field);

/* The last '.' of key[0..len) that joins two parts of a JSON path, or
 * NULL: a dot with no space or dot on either side, so that the CSV
 * headers "Item No." and "Avg. Stars" are one part each. */
const char *mapping_path_dot(const char *key, size_t len);

/* Writes key's comparison form (letters and digits, lower case, no "g:")
 * into out (size outsize, always NUL-terminated). */
void mapping_normalize(const char *key, char *out, size_t outsize);

/* Is value[0..len), spaces around it aside, one of words (NULL-ended),
 * case aside? */
bool mapping_value_in(const char *value, size_t len, const char *const *words);

/* Does a price column's name say the price is without tax ("Price tax
 * excluded", "price_excl_vat", "Net price", Shopware's "price_net")? */
bool mapping_price_without_tax(const char *key);

/* Does a price key give the amount in the currency's minor unit
 * ("centAmount", "amount_in_cents")? */
bool mapping_minor_units(const char *key);

/* Is s[0, n) a platform's kind of row or product ("variable", "simple,
 * virtual", BigCommerce's "SKU"), not a product's type? */
bool mapping_platform_kind(const char *s, size_t n);

#endif
