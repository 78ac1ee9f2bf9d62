/*
 * vocab: the catalog's own words for the NLU — brand names, category level
 * names, colors and materials — read from the catalog so that clerk
 * understands any imported catalog without built-in lists.
 */
#ifndef CLERK_VOCAB_H
#define CLERK_VOCAB_H

#include <stddef.h>

#include "catalog/store/catalog.h"

struct vocab {
	char **brands;
	size_t n_brands;
	char **categories; /* distinct level names ("Cases", "Phones") */
	size_t n_categories;
	char **colors;
	size_t n_colors;
	char **materials;
	size_t n_materials;
};

/* Fills *v (release with vocab_release). At most `limit` entries a list;
 * categories shallowest first (the broad kinds), colors and materials in
 * alphabetical order. 0 / -1 with *err. */
int vocab_load(catalog *c, size_t limit, struct vocab *v, char **err);
void vocab_release(struct vocab *v);

#endif
