/*
 * cart: the shopper's persistent cart, one per customer (by external id) or,
 * for an anonymous shopper, one per session string.
 *
 * Every change is its own transaction, so a process killed at any point
 * keeps every change that returned 0. Products are named by their source id
 * (the id the shopper sees); a line keeps the price it was added at.
 *
 * Errors: 0 / -1 with a heap message in *err (the caller frees it).
 */
#ifndef CLERK_CART_H
#define CLERK_CART_H

#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>

#include "catalog/store/catalog.h"
#include "common/buf.h"

struct cart_line {
	char *product;      /* source id */
	char *name;
	char *currency;
	int64_t quantity;
	int64_t price_cents; /* unit price when added; -1 when the product has none */
	char *options;       /* the colour and size chosen ("Light Blue, S"), or NULL */
};

struct cart_contents {
	struct cart_line *lines;
	size_t n;
	int64_t total_cents; /* sum of quantity * price over priced lines */
	int64_t items;       /* sum of quantities */
};

/* Finds or creates the cart of `customer` (external id; the customer row is
 * created when missing) or, when customer is NULL, of `session`.
 * *cart_id receives the cart's id. */
/* The customers.id of external id `customer`, creating the row when create
 * is true. Returns 1 and sets *id when found (or created), 0 when missing. */
int cart_customer_id(catalog *c, const char *customer, int create, int64_t *id, char **err);

int cart_open(catalog *c, const char *customer, const char *session, int64_t *cart_id,
              char **err);

/* Adds quantity of product, chosen in options ("Light Blue, S"; NULL or
 * "" for none), to the cart, adding to the line of the same product and
 * options when there is one. An unknown product id is an error ("no
 * product ..."). */
int cart_add(catalog *c, int64_t cart_id, const char *product, const char *options,
             int64_t quantity, char **err);

/* The price of product (a source id) in options ("3 qt", "Red, M") when
 * the import kept its variants' prices: the lowest of the variants that
 * have every option; -1 when none is known. cart_add() and an order
 * placed locally charge it. */
int64_t cart_variant_price(catalog *c, const char *product, const char *options);

/* The price before a sale of product's variant in options, when the
 * import kept it (the variant is on sale); -1 when not. */
int64_t cart_variant_was_price(catalog *c, const char *product, const char *options);

/* The product's variants on sale (options ", " between, into out), the
 * first one's price and price before its sale; how many. */
size_t cart_variants_on_sale(catalog *c, const char *product, struct buf *out, int64_t *price,
                             int64_t *was);

/* The stock of product's variants in options ("XL": every XL, whatever
 * its colour), when the import kept their stock; -1 when not known. */
int64_t cart_variant_stock(catalog *c, const char *product, const char *options);

/* The options of the product's variants that have a price, cheapest
 * first ("2 qt, 3 qt or 4 qt"), appended to out; how many (at most 24). */
size_t cart_variant_list(catalog *c, const char *product, struct buf *out);

/* The options of each of the product's variants that have a price ("Vanilla,
 * 5 lb"), into *out (heap, each string too; free with free() each and the
 * array); how many. */
size_t cart_variant_options(catalog *c, const char *product, char ***out);

/* The same of the variants that hold every option of options ("Regular
 * Slinky 10-46": its single set and its 3 sets), with their lowest and
 * highest price into *lo and *hi (set when any is listed). */
size_t cart_variant_list_with(catalog *c, const char *product, const char *options,
                              struct buf *out, int64_t *lo, int64_t *hi);

/* The lowest and highest of product's variant prices; false when they
 * are not known or all the same. */
bool cart_variant_range(catalog *c, const char *product, int64_t *lo, int64_t *hi);

/* Sets the quantity of the line of product in options ("" for the line
 * chosen in nothing; NULL for every line of the product); 0 removes it.
 * Returns 1 when no such line is in the cart (nothing changed), 0 on
 * success, -1 on error. */
int cart_set_quantity(catalog *c, int64_t cart_id, const char *product, const char *options,
                      int64_t quantity, char **err);

int cart_clear(catalog *c, int64_t cart_id, char **err);


/* Fills *out (released with cart_contents_release) with the lines in the
 * order they were added. */
int cart_list(catalog *c, int64_t cart_id, struct cart_contents *out, char **err);
void cart_contents_release(struct cart_contents *cc);

#endif
