/*
 * json_pairs: specification lists in JSON records, an array of objects
 * that each name an attribute and give its value:
 *   "specs": [{"name": "Weight", "value": "280 g"}, {"name": "Color", "value": "red"}]
 *   "options": [{"name": "Size", "values": ["S", "M", "L"]}]
 *   "additionalProperty": [{"name": "Capacity", "value": 50, "unitText": "ml"}]
 *   "attributes": [{"name": "Color", "options": ["Red", "Blue"]}]
 * Flattened as they are, the names would become one attribute "specs.name"
 * and the values another; read as pairs, each is its own attribute.
 *
 * Pure reading of a cJSON tree: the caller decides what a pair becomes.
 */
#ifndef CLERK_JSON_PAIRS_H
#define CLERK_JSON_PAIRS_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

/* Called once per value: name is the pair's name (its dots made spaces),
 * value the text of one value, with the pair's unit after a space when it
 * has one. Both live only during the call. */
typedef void (*json_pairs_fn)(void *ctx, const char *name, const char *value, size_t len);

/* When every element of array is an object with a name-like field (name,
 * key, label, attribute, property) holding text and a value-like one
 * (value, values, val, options) holding a scalar or an array of scalars, calls fn
 * for each value and returns true; otherwise calls nothing and returns
 * false. */
bool json_pairs_each(const cJSON *array, json_pairs_fn fn, void *ctx);

#endif
