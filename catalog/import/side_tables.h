/*
 * side_tables: the small CSV tables that sit beside products and orders,
 * loaded each in one transaction (all rows or none).
 *
 *   shipments:  order_id,at,status,location   carrier events of an order
 *               (events of unknown orders are skipped)
 *   promotions: code,description,kind,value,brand,category,min_total,starts_at,ends_at
 *               kind is percent, amount or shipping; dates ISO "YYYY-MM-DD",
 *               empty for open-ended; a brand or category the catalog lacks
 *               leaves the promotion store-wide; a code replaces its old row
 *
 * Columns are found by their header names, in any order. Errors: 0 / -1 with
 * a heap message in *err naming the table and line.
 */
#ifndef CLERK_SIDE_TABLES_H
#define CLERK_SIDE_TABLES_H

#include "catalog/store/catalog.h"

int import_shipments(catalog *c, const char *path, char **err);
int import_promotions(catalog *c, const char *path, char **err);

#endif
