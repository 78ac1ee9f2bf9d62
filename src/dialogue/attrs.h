/*
 * attrs: the catalog's attribute keys and values as the conversation reads
 * them. What each key holds comes from the catalog (catalog/store/
 * attributes.h: text, number, list, yes/no or hidden, with the canonical
 * unit of its measures); measures are read with the units table
 * (assets/units.txt, nlu/text/measure.h), so "1.2 kg" beats "900 g" and
 * "2 litres" in a sentence is the "2 l" of a product; the words related to
 * a value ("nuts" stands for "hazelnut", "shellfish" for "crustaceans")
 * are the language pack's [related] section (synonyms.txt), not code.
 *
 * Nothing here knows a key by its name: a catalog with other field names
 * and units is read the same way. A catalog without key kinds (one
 * imported before them) or a missing units table leaves these functions
 * answering less, never wrongly: no kind is "unknown", no unit is a bare
 * number.
 */
#ifndef CLERK_ATTRS_H
#define CLERK_ATTRS_H

#include <stdbool.h>
#include <stddef.h>

#include "catalog/store/attributes.h"
#include "nlu/text/measure.h"
#include "src/dialogue/dialogue_int.h"

/* Reads the units table (assets_dir/units.txt, when there is one) and the
 * catalog's keys into d. A failure leaves d without them (the dialogue
 * still works, by the older heuristics); it is never fatal. */
void attrs_load(dialogue *d, const char *assets_dir);
void attrs_release(dialogue *d);

/* The key as the catalog describes it, or NULL when it does not. */
const struct attr_key *attrs_key(const dialogue *d, const char *key);
/* Is the key hidden (links, codes, time stamps)? Known only when the
 * catalog has key kinds: *known says so. */
bool attrs_key_hidden(const dialogue *d, const char *key, bool *known);

/* Reads value as a measure with a unit (or, when bare, a plain number);
 * false when it is neither. */
bool attrs_measure(const dialogue *d, const char *value, struct measure *m);
/* The same, and the text without them (heap, "" when nothing is left):
 * "whole milk 2 litres" -> "whole milk" and 2 l. */
char *attrs_cut_measures(const dialogue *d, const char *text, struct measure *out, size_t max,
                         size_t *n);
/* The measures with a unit written in the shopper's text ("500g", "the
 * 2 litre one", "1.5 kg"), at most max, in order. */
size_t attrs_measures_in(const dialogue *d, const char *text, struct measure *out, size_t max);
/* The dimension a word names as a unit ("calories" -> "food_energy",
 * "litres" -> "volume"), or NULL. Borrowed from the units table. */
const char *attrs_unit_dimension(const dialogue *d, const char *word);

/* Does the value say the word, or a word the language relates to it
 * ("tree nuts" and "hazelnut" say "nuts")? Word by word, up to plurals. */
bool attrs_value_says(const dialogue *d, const char *value, const char *word);

/* The same for many values: the word and its related words read once (a
 * value filter over a search's candidates). Free with attrs_matcher_free(). */
struct attrs_matcher;
struct attrs_matcher *attrs_matcher_new(const dialogue *d, const char *word);
bool attrs_matcher_says(const struct attrs_matcher *m, const char *value);
void attrs_matcher_free(struct attrs_matcher *m);
/* Is the value a yes of a yes/no attribute (the lexicon's [lexicon.true])? */
bool attrs_is_yes(const dialogue *d, const char *value);

/* Does the product (with its details) have an attribute of key, whatever
 * its value? */
bool attrs_has_key(const struct product_view *p, const char *key);

/* Does the product (with its details) have an attribute whose value equals
 * the measure (same dimension, same amount)? */
bool attrs_has_measure(const dialogue *d, const struct product_view *p, const struct measure *m);
/* The same for the round number m a shopper says of a size written
 * exactly: "10 inch" of "10.25 in" (measure_rounds_to()). */
bool attrs_has_measure_near(const dialogue *d, const struct product_view *p,
                            const struct measure *m);

/* The distinct values the catalog has for a key (heap; attr_values_free()). */
int attrs_key_values(dialogue *d, const char *key, char ***out, size_t *n);

/* The ages p suits, as the importer reads them (nlu/text/ages.h): from a
 * field named for them, else its description. False when it says none. */
bool attrs_ages(const struct product_view *p, int *from, int *to);

#endif
