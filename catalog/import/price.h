/*
 * price: reading a price as shops write it into integer cents and a
 * currency code.
 *
 * Accepted: "15", "15.5", "1,299.99", "$1,299.99", "15.00 USD", "USD 15.00",
 * "€12,50", "1.299,99 EUR", "£5", "-" never (a negative price is an error).
 * The decimal separator: when a number has both '.' and ',', the last one of
 * them is the decimal mark and the other groups thousands ("1.299,99" and
 * "1,299.99" are both 1299.99); a lone ',' followed by exactly three digits,
 * after one to three digits not starting with 0, groups thousands ("1,299"
 * is 1299; "0,999" is not), and so does a lone '.' when a currency is
 * written ("1.299 €"; a bare "4.125" may be a JSON number), otherwise it is
 * the decimal mark ("12,5" is 12.50); several group thousands ("1.299.000"). Amounts are rounded half up to whole cents.
 * Currency: a 3-letter code before or after the number, or a symbol
 * ($ USD, € EUR, £ GBP, ¥ JPY, ₹ INR; a country's dollar, "C$", "AU$", or
 * as eBay writes it, "US $1,399.00"); none leaves the currency empty.
 * Pure functions; no dependencies.
 */
#ifndef CLERK_PRICE_H
#define CLERK_PRICE_H

#include <stdbool.h>
#include <stdint.h>

/* The largest price accepted, in cents (a trillion in the main unit). */
#define PRICE_MAX_CENTS INT64_C(100000000000000)

/* Parses s. On success *cents is set, currency (4 bytes) receives the code
 * or "" and 0 is returned; -1 when s is not a price. */
int price_parse(const char *s, int64_t *cents, char currency[4]);

/* True when s holds nothing but spaces (an absent price, not an error). */
bool price_is_blank(const char *s);

#endif
