/*
 * layout: where the TUI's panes go and how text fits them, computed into
 * plain structs and strings with no terminal, so it is unit-tested.
 *
 * Widths are display columns (utf8proc's charwidth: CJK and emoji take two,
 * combining marks none), never bytes. Text handed to the fitting functions
 * is sanitized here first (src/sanitize.h), so what comes out is safe to
 * write to a terminal. `ascii` asks for the forms that render on terminals
 * without Unicode glyphs (TERM=linux, vt100): "*" stars and "..." ellipses.
 *
 * Ownership: functions returning char * return heap strings the caller
 * frees; layout_wrap() returns an array freed with layout_lines_free().
 */
#ifndef CLERK_LAYOUT_H
#define CLERK_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "src/dialogue/dialogue.h"

#define LAYOUT_MIN_COLS 40
#define LAYOUT_MIN_ROWS 12

struct rect {
	int y, x, h, w;
};

struct layout {
	bool too_small;     /* below LAYOUT_MIN_COLS x LAYOUT_MIN_ROWS: say so, draw nothing else */
	bool side_by_side;  /* results beside the chat, else below it */
	struct rect title;  /* top line, left part */
	struct rect cart;   /* top line, right part: items and total, always shown */
	struct rect chat;
	struct rect results;
	struct rect chips;  /* suggestion chips of the last reply */
	struct rect input;
	struct rect hint;   /* key help; h == 0 when there is no room */
};

/* Places the panes on a cols x rows screen. Kiosk mode gives the results
 * more room (the shopper reads cards more than chat there). */
void layout_compute(int cols, int rows, bool kiosk, struct layout *out);

/* The top line's texts: the cart's label in the longest of its forms
 * ("Cart: 3 items · $12.00", "Cart: 3 · $12.00", "3 · $12.00", "$12.00")
 * that fits beside the last (shortest) of titles, then the longest title
 * that fits what is left, so the total is the last thing cut. Resizes
 * l->title and l->cart to match; *title and *cart receive heap strings. */
void layout_top(struct layout *l, const char *const *titles, size_t n_titles, int count,
                const char *total, bool ascii, char **title, char **cart);

/* Display width of the NUL-terminated s. */
int layout_width(const char *s);

/* s sanitized and cut to at most width columns, ending in an ellipsis when
 * cut. Never splits a character; a wide character that does not fit is left
 * out whole. */
char *layout_fit(const char *s, int width, bool ascii);

/* s sanitized (newlines kept as line breaks) and word-wrapped to width
 * columns; words longer than a line are broken. *n receives the count; a
 * blank s gives one empty line. */
char **layout_wrap(const char *s, int width, size_t *n);
void layout_lines_free(char **lines, size_t n);

/* Five cells of stars for a 0..5 rating, rounded to the nearest half:
 * "★★★★½" for 4.5, "★★★☆☆" for 3 (ASCII: "****+", "***.."). */
void layout_stars(double rating, bool ascii, char *out, size_t size);

/* "$1,299.99", "€12.50", "12.50 CHF"; "-" when there is no price. */
void layout_price(int64_t cents, bool has_price, const char *currency, char *out, size_t size);

/* "In stock", "Only 3 left", "Out of stock", or "" when unknown. */
const char *layout_stock(bool has_stock, int64_t stock, char *out, size_t size);

/* A product's heading in at most max lines of width (at most
 * LAYOUT_CARD_MAX_LINES): prefix ("3. "), name and ", variant" when variant
 * is set. What does not fit is cut from the name, never from the variant
 * (it is what tells two products of one name apart), unless the variant
 * alone is wider than a line or, when the name has one line only, than two
 * thirds of it. Returns the number of lines written. */
size_t layout_name_lines(const char *prefix, const char *name, const char *variant, int width,
                         bool ascii, char **lines, size_t max);

#define LAYOUT_CARD_MAX_LINES 4

/* A product card: up to max lines (at most LAYOUT_CARD_MAX_LINES), each
 * fitting width: "N. name" (the name may take two lines), "brand · price",
 * "stars rating · stock". Returns the number of lines written to lines[]. */
size_t layout_card(const struct product_view *p, int number, int width, bool ascii,
                   char **lines, size_t max);

/* Column widths of a comparison table: the label column and each product
 * column sized to its widest cell or heading, within [6, max_col]. */
void layout_compare_widths(const struct reply_compare *c, int max_col, int *label_w, int *col_w);
/* How many columns, from `first`, fit in width next to the label column
 * (columns are separated by 2 spaces); at least 1 when any remain. */
size_t layout_compare_fit(const int *col_w, size_t n_cols, int label_w, int width, size_t first);

#endif
