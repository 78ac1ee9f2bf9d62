/*
 * import: loading products and order history from CSV, TSV, JSON arrays and
 * JSON lines, from a path, "-" (stdin) or an http/https/file URL.
 *
 * An import is all or nothing: it runs in one transaction and leaves the
 * database as it was on any error. An http(s) feed is fetched conditionally
 * (catalog/import/feed_state.h): when it has not changed since its last
 * import with the same options, nothing is downloaded or written. A bad
 * row is named by the line where it starts and its field; a JSON syntax
 * error by its line and column (an element of a wrapped array,
 * {"products": [...]}, by its index).
 */
#ifndef CLERK_IMPORT_H
#define CLERK_IMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "catalog/store/catalog.h"
#include "nlu/text/lang.h"
#include "nlu/text/measure.h"

enum import_format { IMPORT_AUTO, IMPORT_CSV, IMPORT_TSV, IMPORT_JSON, IMPORT_JSONL };
enum import_preset {
	PRESET_NONE,
	PRESET_SHOPIFY,
	PRESET_GMC,
	PRESET_SQUARESPACE,
	PRESET_WIX,
	PRESET_PRESTASHOP,
	PRESET_ECWID,
	PRESET_SQUARE,
	PRESET_LIGHTSPEED,
	PRESET_OPENCART,
	PRESET_ODOO,
	PRESET_AMAZON,
	PRESET_MAGENTO,
	PRESET_AKENEO,
	PRESET_BIGCOMMERCE,
	PRESET_EBAY
};

struct import_options {
	enum import_format format; /* IMPORT_AUTO guesses from the name and content */
	enum import_preset preset;
	const char *map;           /* "field=source,field=source", or NULL */
	bool replace;              /* update products whose id exists */
	bool skip_bad;             /* report bad rows through `report` and go on */
	bool orders;               /* order history instead of products */
	long http_timeout;         /* seconds for a URL to connect or stall; 0: 30 */
	const char *ca_file;       /* CA certificates for https URLs; NULL: the system's */
	/* Called as a URL downloads: bytes so far, bytes expected (0: unknown);
	 * may be NULL. */
	void (*progress)(void *ctx, int64_t got, int64_t total);
	void *progress_ctx;
	/* The units table (assets/units.txt) that measures in attribute
	 * values are read with; NULL leaves them as written. */
	const struct measure_units *units;
	/* The catalog language's pack (borrowed), for the words shops write
	 * around a product's facts: its [collections] ("Sale", "New
	 * Arrivals": a category path no other path loses to) and
	 * [measure_qualifiers] ("up to", "approx.": read past before a
	 * measure). NULL: no such words. */
	const lang *pack;
	/* A file of the products' variants kept apart from them (PrestaShop's
	 * combinations export: "Product ID", "Attribute (Name:Type:Position)",
	 * "Value (Value:Position)", "Impact on price", "Quantity"), or NULL. */
	const char *variants;
	/* Other sheets of the same export, each known by its header: the
	 * variants (PrestaShop's combinations, OpenCart's option values:
	 * "product_id", "option", "option_value", "price", "price_prefix",
	 * "quantity"), sale prices ("product_id", "price", "date_start",
	 * "date_end", a "customer_group"), attributes ("product_id",
	 * "attribute", "text") and the categories that products name by id
	 * ("category_id", "parent_id", "name"). */
	const char *const *sheets;
	size_t n_sheets;
	/* The currency of prices that do not say theirs ("EUR"); NULL: USD. */
	const char *currency;
	/* The tax added to prices the file gives without it (a column named
	 * "Price tax excluded", "price excl. VAT", "net price"): a percent for
	 * every row ("20"), or one per tax rule the rows name in a "Tax rules
	 * ID" column, with a percent for the others ("1=20,3=5.5" or
	 * "3=5.5,20"); a row whose rule is 0 has none. NULL: none. See
	 * import_tax_check(). */
	const char *tax;
	/* Called once per skipped row with a one-line message; may be NULL. */
	void (*report)(void *ctx, const char *msg);
	void *report_ctx;
};

struct import_stats {
	size_t imported; /* products, or order lines with --orders */
	size_t skipped;
	size_t no_price; /* products imported without a price */
	size_t unlisted; /* products left out: the shop does not list them */
	size_t variants; /* variant rows read into their product (sizes, colours) */
	size_t rules;    /* price-rule rows passed over (BigCommerce's "Rule") */
	size_t untaxed;  /* products priced from a column without tax, none added */
	size_t taxed;    /* products priced from a column without tax, --tax added */
	size_t unnamed_currency; /* products priced in the default currency (USD): the
	                            row names none and options.currency is NULL */
	bool unchanged;  /* an http(s) feed answered that it is as at its last
	                    import: nothing was downloaded or changed */
};

/* Imports source into c. Returns 0, or -1 with a one-line message in *err
 * (heap; the caller frees it). */
int import_run(catalog *c, const char *source, const struct import_options *o,
               struct import_stats *stats, char **err);

/* Is spec a tax as import_options.tax reads it? false with a one-line
 * message in *err (heap). */
bool import_tax_check(const char *spec, char **err);

#endif
