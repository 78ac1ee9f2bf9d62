/*
 * import_orders: the order-history importer, one order line a record
 * (columns order_id, customer, product, quantity, price, date, status and
 * optionally email, postcode, carrier, tracking). import.c hands it the
 * records of `clerk import --orders`.
 */
#ifndef CLERK_IMPORT_ORDERS_H
#define CLERK_IMPORT_ORDERS_H

#include <stdbool.h>

#include "catalog/import/mapping.h"
#include "catalog/import/record.h"
#include "catalog/store/catalog.h"

struct order_importer;
struct order_importer *order_importer_new(catalog *c, struct mapping *m, bool replace,
                                          const char *currency, char **err);
void order_importer_free(struct order_importer *oi);
/* Stores one order line. IMPORT_OK, IMPORT_BAD or IMPORT_FATAL. */
int order_importer_add(struct order_importer *oi, const struct record *r,
                       const char *source, char **err);

/* Order statuses and dates, exposed for the tests. */
const char *import_order_status(const char *s);
int import_order_date(const char *s, char out[32]);

#endif
