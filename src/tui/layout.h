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

/* What the screen shows, for layout_compute(). */
enum {
	LAYOUT_KIOSK = 1, /* the shopper reads cards more than chat: results get more room */
	LAYOUT_TABLE = 2, /* a wide comparison is up: its columns need the room more than the chat */
};

/* Places the panes on a cols x rows screen; flags are LAYOUT_* bits. */
void layout_compute(int cols, int rows, unsigned flags, struct layout *out);

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
/* The same, where a paragraph that starts as a list item ("- ", "2. ")
 * continues under its text, not under its mark. */
char **layout_wrap_list(const char *s, int width, size_t *n);
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

/* How many columns, from `first`, fit in width next to the label column
 * (columns are separated by 2 spaces); at least 1 when any remain. */
size_t layout_compare_fit(const int *col_w, size_t n_cols, int label_w, int width, size_t first);

/* The most product columns a comparison puts side by side. */
#define LAYOUT_COMPARE_MAX_SHOWN 4

/* Which part of a comparison a width x height pane shows. */
struct compare_view {
	int label_w;          /* the label column, with the difference mark */
	int *col_w;           /* the caller's array of c->n_cols widths, filled */
	int head_h;           /* heading lines: names take two when they need them */
	size_t first_col, n_cols_shown;
	size_t first_row, n_rows_shown;
	bool more;            /* rows or columns are off screen: the last line says so */
};

/* Plans r->compare in a width x height pane: as many product columns side
 * by side as keep at least 10 columns each (up to LAYOUT_COMPARE_MAX_SHOWN;
 * names wrap to two lines to make them fit), then the rows that fit from
 * first_row. first_col and first_row are clamped so that the last page is
 * full. Set v->col_w to an array of r->compare->n_cols ints first. */
void layout_compare_view(const struct reply *r, int width, int height, size_t first_col,
                         size_t first_row, struct compare_view *v);

/* The variant of column k (what tells it from a product of the same name):
 * a comparison's products come with the reply, in its column order and
 * with their variants set. NULL when there is none. */
const char *layout_compare_variant(const struct reply *r, size_t k);

/* The line that says what of the table is off screen and the keys that
 * reach it: "rows 1-8 of 23, PgDn for more"; "Esc, then ..." before the
 * keys when the results pane does not have the focus. Shorter forms when
 * width is tight; "" when nothing is off screen. Heap string. */
char *layout_compare_more(const struct reply_compare *c, const struct compare_view *v,
                          bool focused, int width);

/* The line under the cards when some are off screen, with the keys that
 * reach them: "2 of 5, Up/Down" while the results have the focus (the one
 * under the cursor), "1-2 of 5, Esc, then Down" while the shopper types.
 * Heap string. */
char *layout_cards_more(size_t first, size_t shown, size_t n, size_t selected, bool focused);

/* One entry of the key help: a key and what it does, or (key NULL) a
 * paragraph; a key of "" continues the entry before. */
struct layout_help {
	const char *key;
	const char *text;
};

/* The key help as lines of width: two columns, the text from column key_w
 * and wrapped under itself, while that leaves it 30 columns; else each key
 * on a line of its own with its text wrapped below, indented two columns.
 * Paragraphs wrap across the width. Free with layout_lines_free(). */
char **layout_help(const struct layout_help *h, size_t n, int key_w, int width, size_t *out);

#endif
