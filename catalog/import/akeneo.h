/*
 * akeneo: an Akeneo PIM product export (CSV) read as the shop means it.
 *
 * Akeneo writes one column per attribute, and one per locale, channel or
 * currency of an attribute that has them: "name-en_GB",
 * "description-en_GB-ecommerce", "description-en_GB-print", "price-GBP",
 * "price-EUR"; a metric's unit in a column beside it ("width",
 * "width-unit": CENTIMETER); select options as codes ("dark_grey",
 * "pocket_springs,wool"); booleans as 1 and 0; categories as codes
 * ("master,living_room,living_room_sofas"). A variant product names its
 * product model in "parent"; the models are another sheet
 * (product_models.csv: code, family_variant, parent, categories, ...), a
 * sub-model naming its model in its own "parent".
 *
 * This module turns each record into one the mapping reads like any
 * other's: one copy of each attribute (the locale of the catalog's
 * language, else the header's first; the ecommerce channel, else the
 * attribute's first), named without its suffixes; the price in one
 * currency (--currency when the file has it, else its first) and no other;
 * codes as words ("Dark grey", "3-5 working days"); a column of only 1 and
 * 0 as yes and no; the categories as the most specific one's path
 * ("Living room > Sofas") and the others as tags. It holds back the
 * variants until every row is read, and gives each model's variants as a
 * product record of the model (its own name, description and categories
 * when the models sheet is given) and, for each variant, its record and
 * its options: the attributes whose values tell the model's variants
 * apart ("color", "orientation"). It also holds back the rows read before
 * the yes/no columns are known (at most AKENEO_LOOKAHEAD bytes of values).
 *
 * It knows nothing of rows, products or the catalog: import.c builds
 * them from the records given here. Records handed out are the module's,
 * valid until the next call that hands out one.
 */
#ifndef CLERK_AKENEO_H
#define CLERK_AKENEO_H

#include <stdbool.h>
#include <stddef.h>

#include "catalog/import/mapping.h"
#include "catalog/import/record.h"

/* Bytes of values read ahead to tell the yes/no columns (only 1 and 0)
 * before any row is written; a column's later rows are read as decided. */
#define AKENEO_LOOKAHEAD (16 * 1024 * 1024)
/* Options a folded model has at most (import.c's option slots). */
#define AKENEO_AXES 3

struct akeneo;

/* language: the catalog's ISO 639-1 code ("en"), NULL for English;
 * currency: the one --currency asks for, or NULL. Both are copied. */
struct akeneo *akeneo_new(const char *language, const char *currency);
void akeneo_free(struct akeneo *ak);

/* Is this the header of Akeneo's product export: sku, enabled, family or
 * parent, and a column of one locale ("name-en_GB") or currency
 * ("price-GBP")? And of its product models sheet (code, family_variant)? */
bool akeneo_products_header(const char *const *names, size_t n);
bool akeneo_models_header(const char *const *names, size_t n);

/* The models sheet: its header, then each row (copied). */
void akeneo_models_begin(struct akeneo *ak, const char *const *names, size_t n);
void akeneo_add_model(struct akeneo *ak, const struct record *r);

/* The product file's header, borrowed until akeneo_free(); m tells which
 * columns are the name, the description and the brand. */
void akeneo_begin(struct akeneo *ak, struct mapping *m, const char *const *names, size_t n);

/* Takes the product record r: true when it is held (a variant, or a row
 * read ahead), false when the caller writes it now, as
 * akeneo_rewrite() gives it. */
bool akeneo_take(struct akeneo *ak, const struct record *r);
/* r as the mapping reads it, into *out. */
void akeneo_rewrite(struct akeneo *ak, const struct record *r, struct record *out);
/* Every row is read: what was read ahead can be written. */
void akeneo_finish(struct akeneo *ak);
/* The next row read ahead that is no variant, once the yes/no columns are
 * known (akeneo_take() has read far enough, or akeneo_finish()); false
 * when there is none. */
bool akeneo_next_ready(struct akeneo *ak, struct record *out);

/* After akeneo_finish(): the next model with variants, as one product's
 * record (id: the top model's code); false when there is none. *named
 * says whether its name is the model's own (the models sheet gives it)
 * rather than its first variant's. */
bool akeneo_next_model(struct akeneo *ak, struct record *out, bool *named);
/* The next variant of that model, disabled ones too (the record says
 * so), into *out, and its options: names[k] ("color") and values[k]
 * ("Dark grey"), *n of them; false after the last. */
bool akeneo_next_variant(struct akeneo *ak, struct record *out, const char **names,
                         const char **values, size_t *n);

#endif
