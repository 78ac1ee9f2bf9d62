/*
 * measure: quantities with a unit as catalogs write them ("280 g", "1.2kg",
 * "6.1\"", "6.1-inch", "5,000 mAh", "12 fl oz", "2 x 3 x 4 cm", "IP68"),
 * read into numbers in the canonical unit of their dimension (mass in g,
 * length in mm, volume in ml, time in h, charge in mAh, storage in GB, ...),
 * so that values written in different units compare ("1.2 kg" > "900 g"),
 * and written back for display.
 *
 * The units are data: a table of spellings, dimensions and factors
 * (assets/units.txt, its format described at its top) that the caller loads
 * once and hands to every call. Spellings are words of a language
 * ("inches", "litres"), so they live with the other word lists rather than
 * in the program.
 *
 * Numbers: thousands commas ("5,000"), a decimal comma ("1,5 kg"), a space,
 * a hyphen or nothing between number and unit; "x", "X", "×" or "*" between
 * the sides of a box ("2 x 3 x 4 cm", "2cm x 3cm"). A parenthesis after a
 * measure is a note and ignored ("171 g (6.03 oz)"). Anything else makes the
 * text not a measure: ranges, words around it.
 *
 * Pure C: no SQLite, no curses, no state beside the table. A measure_units
 * is immutable once loaded and may be shared by threads.
 * Errors: 0 / -1 with a heap message in *err.
 */
#ifndef CLERK_MEASURE_H
#define CLERK_MEASURE_H

#include <stdbool.h>
#include <stddef.h>

struct measure_units;

/* Reads the table at path. *out is freed with measure_units_free(). */
int measure_units_load(const char *path, struct measure_units **out, char **err);
/* The same from text[0..len); name says where it came from in messages. */
int measure_units_parse(const char *text, size_t len, const char *name,
                        struct measure_units **out, char **err);
void measure_units_free(struct measure_units *u);

/* Sides of a box, at most. */
#define MEASURE_MAX_VALUES 4

/* One measure. The strings point into the table and live as long as it. */
struct measure {
	double value[MEASURE_MAX_VALUES]; /* in the canonical unit */
	size_t n;                         /* 1, or the sides of a box */
	const char *dimension;            /* "mass"; NULL for a bare number */
	const char *unit;                 /* the canonical unit, "g"; NULL for a bare number */
	const char *given;                /* the unit as written, shown as "kg"; NULL for a bare number */
	double factor;                    /* canonical units in one `given` */
	bool prefix;                      /* `given` goes before the number ("IP68") */
};

/* Reads the whole of text[0..len) as a measure, or as a bare number (a
 * measure without a unit); false when it is neither. u may be NULL: then
 * only bare numbers are read. */
bool measure_parse(const struct measure_units *u, const char *text, size_t len,
                   struct measure *out);

/* The unit one spelling names ("kgs", "Inches", "fl. oz"): out gets the
 * unit's fields and n = 0. False when the table has no such spelling. */
bool measure_unit(const struct measure_units *u, const char *spelling, size_t len,
                  struct measure *out);

/* Compares the first values of two measures of one dimension: -1, 0 or 1
 * (0 within conversion rounding: 6.1 in and 154.94 mm are equal), or
 * MEASURE_INCOMPARABLE when their dimensions differ (a bare number
 * compares only with a bare number). */
#define MEASURE_INCOMPARABLE 2
int measure_compare(const struct measure *a, const struct measure *b);

/* Is listed the round number said stands for: said a whole number of
 * its unit, listed of the same dimension and within 5% of it, nearer to
 * it than to the next whole number ("10 inch" of "10.25 in", not of "10.5
 * in")? A shopper rounds the size a catalog writes exactly. */
bool measure_rounds_to(const struct measure *listed, const struct measure *said);

/* Writes m in the unit it was written in ("1.2 kg", "2 x 3 x 4 cm", "6.1
 * in", "IP68") into out (size bytes, always NUL-terminated). Returns the
 * length the whole text needs, as snprintf does. */
size_t measure_format(const struct measure *m, char *out, size_t size);

/* Writes value, in unit (a canonical unit of the table), in the unit of its
 * dimension that reads best: 1200 g as "1.2 kg", 0.5 g as "500 mg". An
 * unknown unit is written as given ("3 widgets"). Returns as
 * measure_format(). */
size_t measure_format_value(const struct measure_units *u, double value, const char *unit,
                            char *out, size_t size);

/* A number as clerk writes it in a measure: at most three decimals, no
 * trailing zeros, no exponent ("1.2", "5000", "0.125"). */
size_t measure_format_number(double v, char *out, size_t size);

#endif
