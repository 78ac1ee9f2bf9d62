/* Unit tests for src/layout.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "src/tui/layout.h"

static bool inside(struct rect r, int cols, int rows)
{
	return r.y >= 0 && r.x >= 0 && r.y + r.h <= rows && r.x + r.w <= cols;
}

static bool overlap(struct rect a, struct rect b)
{
	if (!a.h || !a.w || !b.h || !b.w)
		return false;
	return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

static void check_layout_flags(int cols, int rows, unsigned flags)
{
	struct layout l;
	layout_compute(cols, rows, flags, &l);
	assert_false(l.too_small);
	struct rect all[] = {l.title, l.cart, l.chat, l.results, l.chips, l.input, l.hint};
	size_t n = sizeof all / sizeof all[0];
	for (size_t i = 0; i < n; i++) {
		assert_true(inside(all[i], cols, rows));
		for (size_t j = i + 1; j < n; j++)
			assert_false(overlap(all[i], all[j]));
	}
	assert_true(l.chat.h >= 2);
	assert_true(l.results.h >= 2);
	assert_int_equal(l.input.h, 1);
	assert_int_equal(l.input.w, cols);
	assert_int_equal(l.cart.h, 1); /* the cart line is always there */
	assert_true(l.cart.w >= 16);
}

static void check_layout(int cols, int rows, bool kiosk)
{
	check_layout_flags(cols, rows, kiosk ? LAYOUT_KIOSK : 0);
}

static void test_layout_sizes(void **state)
{
	(void)state;
	static const int sizes[][2] = {{40, 12}, {40, 13}, {80, 24}, {100, 30}, {89, 40},
	                               {90, 20}, {200, 60}, {500, 200}};
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		check_layout(sizes[i][0], sizes[i][1], false);
		check_layout(sizes[i][0], sizes[i][1], true);
		check_layout_flags(sizes[i][0], sizes[i][1], LAYOUT_TABLE);
		check_layout_flags(sizes[i][0], sizes[i][1], LAYOUT_TABLE | LAYOUT_KIOSK);
	}
}

static void test_layout_wide_and_narrow(void **state)
{
	(void)state;
	struct layout l;
	layout_compute(100, 30, 0, &l);
	assert_true(l.side_by_side);
	assert_int_equal(l.results.y, l.chat.y);
	assert_true(l.results.x > l.chat.x + l.chat.w - 1);
	assert_int_equal(l.hint.h, 1);
	layout_compute(80, 24, 0, &l);
	assert_false(l.side_by_side);
	assert_true(l.results.y > l.chat.y);
	struct layout k;
	layout_compute(100, 30, LAYOUT_KIOSK, &k);
	layout_compute(100, 30, 0, &l);
	assert_true(k.results.w > l.results.w); /* kiosk: bigger cards */
	layout_compute(40, 12, 0, &l);
	assert_int_equal(l.hint.h, 0); /* no room for the key help */
	/* a comparison takes more of the width (or height) than cards */
	layout_compute(120, 40, 0, &l);
	layout_compute(120, 40, LAYOUT_TABLE, &k);
	assert_true(k.results.w >= 66);
	assert_true(k.results.w > l.results.w);
	layout_compute(80, 24, 0, &l);
	layout_compute(80, 24, LAYOUT_TABLE, &k);
	assert_true(k.results.h > l.results.h);
}

static void test_layout_too_small(void **state)
{
	(void)state;
	struct layout l;
	layout_compute(39, 30, 0, &l);
	assert_true(l.too_small);
	layout_compute(100, 11, LAYOUT_KIOSK, &l);
	assert_true(l.too_small);
	layout_compute(0, 0, 0, &l);
	assert_true(l.too_small);
}

static void check_fit(const char *in, int width, bool ascii, const char *want)
{
	char *got = layout_fit(in, width, ascii);
	assert_string_equal(got, want);
	assert_true(layout_width(got) <= width);
	free(got);
}

static void test_fit_by_display_width(void **state)
{
	(void)state;
	check_fit("short", 10, false, "short");
	check_fit("exactly10!", 10, false, "exactly10!");
	check_fit("a longer product name", 10, false, "a longer\xe2\x80\xa6");
	check_fit("a longer product name", 10, true, "a longe...");
	/* wide characters: 日本語 is 6 columns; one does not fit in half */
	check_fit("日本語テキスト", 6, false, "日本\xe2\x80\xa6");
	check_fit("日本語", 6, false, "日本語");
	check_fit("日本語", 1, false, "");
	/* combining marks take no column and stay with their letter */
	check_fit("cafe\xcc\x81 au lait", 5, false, "cafe\xcc\x81\xe2\x80\xa6");
	check_fit("x", 0, false, "");
	check_fit(NULL, 5, false, "");
}

static void test_fit_sanitizes(void **state)
{
	(void)state;
	check_fit("Phone\x1b[2J\x1b]0;owned\x07 X", 20, false, "Phone X");
	check_fit("a\nb\tc", 20, false, "a b c");
}

static void test_wrap(void **state)
{
	(void)state;
	size_t n = 0;
	char **l = layout_wrap("the quick brown fox jumps over the lazy dog", 10, &n);
	assert_int_equal(n, 5);
	assert_string_equal(l[0], "the quick");
	assert_string_equal(l[1], "brown fox");
	assert_string_equal(l[4], "dog");
	for (size_t i = 0; i < n; i++)
		assert_true(layout_width(l[i]) <= 10);
	layout_lines_free(l, n);

	l = layout_wrap("line one\n\nsupercalifragilistic", 8, &n);
	assert_int_equal(n, 5);
	assert_string_equal(l[0], "line one");
	assert_string_equal(l[1], "");
	assert_string_equal(l[2], "supercal");
	assert_string_equal(l[3], "ifragili");
	assert_string_equal(l[4], "stic");
	layout_lines_free(l, n);

	l = layout_wrap("日本語のテキスト", 5, &n);
	assert_int_equal(n, 4);
	assert_string_equal(l[0], "日本");
	layout_lines_free(l, n);

	l = layout_wrap("", 5, &n);
	assert_int_equal(n, 1);
	assert_string_equal(l[0], "");
	layout_lines_free(l, n);

	l = layout_wrap("x\x1b[31my", 5, &n);
	assert_string_equal(l[0], "xy");
	layout_lines_free(l, n);
}

static void test_stars_price_stock(void **state)
{
	(void)state;
	char s[64];
	layout_stars(4.5, false, s, sizeof s);
	assert_string_equal(s, "★★★★½");
	layout_stars(3.2, false, s, sizeof s);
	assert_string_equal(s, "★★★☆☆");
	layout_stars(4.8, true, s, sizeof s);
	assert_string_equal(s, "*****");
	layout_stars(-3, true, s, sizeof s);
	assert_string_equal(s, ".....");
	layout_stars(0.3, true, s, sizeof s);
	assert_string_equal(s, "+....");
	assert_int_equal(layout_width("★★★★½"), 5);

	layout_price(5999, true, "USD", s, sizeof s);
	assert_string_equal(s, "$59.99");
	layout_price(129999, true, NULL, s, sizeof s);
	assert_string_equal(s, "$1,299.99");
	layout_price(1250, true, "EUR", s, sizeof s);
	assert_string_equal(s, "€12.50");
	layout_price(1000000, true, "JPY", s, sizeof s);
	assert_string_equal(s, "¥10,000");
	layout_price(1250, true, "CHF", s, sizeof s);
	assert_string_equal(s, "12.50 CHF");
	layout_price(0, false, "USD", s, sizeof s);
	assert_string_equal(s, "-");

	assert_string_equal(layout_stock(true, 0, s, sizeof s), "Out of stock");
	assert_string_equal(layout_stock(true, 3, s, sizeof s), "Only 3 left");
	assert_string_equal(layout_stock(true, 40, s, sizeof s), "In stock");
	assert_string_equal(layout_stock(false, 40, s, sizeof s), "");
}

static void test_card(void **state)
{
	(void)state;
	struct product_view p = {
		.id = "42", .name = "Samsung Galaxy S21 5G 128GB Phantom Gray \x1b[31mUnlocked",
		.brand = "Samsung", .price_cents = 79999, .has_price = true, .currency = "USD",
		.rating = 4.5, .has_rating = true, .stock = 2, .has_stock = true,
	};
	char *lines[LAYOUT_CARD_MAX_LINES];
	size_t n = layout_card(&p, 3, 30, false, lines, LAYOUT_CARD_MAX_LINES);
	assert_int_equal(n, 4);
	assert_true(strncmp(lines[0], "3. Samsung Galaxy", 17) == 0);
	for (size_t i = 0; i < n; i++) {
		assert_true(layout_width(lines[i]) <= 30);
		assert_null(strchr(lines[i], '\x1b'));
	}
	assert_string_equal(lines[2], "   Samsung · $799.99");
	assert_string_equal(lines[3], "   ★★★★½ 4.5 · Only 2 left");
	for (size_t i = 0; i < n; i++)
		free(lines[i]);

	/* three lines: the name keeps one */
	n = layout_card(&p, 1, 30, true, lines, 3);
	assert_int_equal(n, 3);
	assert_true(strstr(lines[0], "...") != NULL);
	assert_string_equal(lines[2], "   ****+ 4.5 - Only 2 left");
	for (size_t i = 0; i < n; i++)
		free(lines[i]);

	struct product_view bare = {.id = "1", .name = "Cable"};
	n = layout_card(&bare, 1, 30, false, lines, LAYOUT_CARD_MAX_LINES);
	/* a short name takes one line; no rating and no stock take none */
	assert_int_equal(n, 2);
	assert_string_equal(lines[0], "1. Cable");
	assert_string_equal(lines[1], "   -");
	for (size_t i = 0; i < n; i++)
		free(lines[i]);
}

static void free_lines(char **lines, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(lines[i]);
}

/* Cards of one name show their variant at every width, the name giving way. */
static void test_card_variant(void **state)
{
	(void)state;
	struct product_view p = {
		.id = "HP-2007", .name = "Tune 520BT On-Ear Headphones", .variant = "Blue",
		.brand = "JBL", .price_cents = 4995, .has_price = true,
	};
	char *lines[LAYOUT_CARD_MAX_LINES];
	/* room enough: "name, variant" as it reads */
	size_t n = layout_card(&p, 1, 60, false, lines, 4);
	assert_string_equal(lines[0], "1. Tune 520BT On-Ear Headphones, Blue");
	free_lines(lines, n);
	/* two lines */
	n = layout_card(&p, 1, 30, false, lines, 4);
	assert_string_equal(lines[0], "1. Tune 520BT On-Ear");
	assert_string_equal(lines[1], "Headphones, Blue");
	free_lines(lines, n);
	/* one line (short panes) and narrow ones: the name is cut, not the colour */
	for (int w = 14; w <= 60; w++) {
		for (size_t max = 3; max <= 4; max++) {
			n = layout_card(&p, 2, w, max == 3, lines, max);
			/* the variant ends the name's last line, whole (the line
			 * before brand and price: the card has no rating or stock) */
			const char *name_end = lines[n - 2];
			size_t len = strlen(name_end);
			assert_true(len >= 4);
			assert_string_equal(name_end + len - 4, "Blue");
			for (size_t i = 0; i < n; i++)
				assert_true(layout_width(lines[i]) <= w);
			free_lines(lines, n);
		}
	}
	n = layout_card(&p, 2, 30, false, lines, 3);
	assert_string_equal(lines[0], "2. Tune 520BT On-Ear He\xe2\x80\xa6, Blue");
	free_lines(lines, n);
	/* a variant longer than two thirds of a line is cut too */
	p.variant = "Midnight Blue with Silver Accents";
	n = layout_card(&p, 1, 24, true, lines, 3);
	assert_true(layout_width(lines[0]) <= 24);
	assert_non_null(strstr(lines[0], ", Midn"));
	free_lines(lines, n);
	/* a comparison's heading: two lines of a narrow column, the variant whole */
	n = layout_name_lines(NULL, "Tune 520BT On-Ear Headphones", "Black", 13, false, lines, 2);
	assert_int_equal(n, 2);
	assert_string_equal(lines[0], "Tune 520BT");
	assert_string_equal(lines[1], "On-Ea\xe2\x80\xa6, Black");
	free_lines(lines, n);
	/* names without a variant are as before */
	n = layout_name_lines("1. ", "Cable", NULL, 20, false, lines, 2);
	assert_int_equal(n, 1);
	assert_string_equal(lines[0], "1. Cable");
	free_lines(lines, n);
	/* the variant is sanitized like the name */
	n = layout_name_lines(NULL, "Mug", "Red\x1b[2J", 20, false, lines, 1);
	assert_string_equal(lines[0], "Mug, Red");
	free_lines(lines, n);
}

/* The top line: the cart's count and total stay whole at every width; the
 * title gives way first. */
static void test_top_line(void **state)
{
	(void)state;
	static const char *const titles[] = {"clerk - shopping assistant", "clerk"};
	struct layout l;
	char *title, *cart;
	layout_compute(80, 24, 0, &l);
	layout_top(&l, titles, 2, 1, "$49.95", false, &title, &cart);
	assert_string_equal(title, "clerk - shopping assistant");
	assert_string_equal(cart, "Cart: 1 item · $49.95");
	assert_int_equal(l.title.w + l.cart.w, 80);
	free(title);
	free(cart);
	for (int cols = 40; cols <= 120; cols++) {
		layout_compute(cols, 12, 0, &l);
		layout_top(&l, titles, 2, 12, "$1,299.97", false, &title, &cart);
		assert_non_null(strstr(cart, "$1,299.97"));
		assert_non_null(strstr(cart, "12"));
		assert_true(layout_width(title) + 2 <= l.title.w);
		assert_true(layout_width(cart) + 2 <= l.cart.w);
		assert_int_equal(l.title.w + l.cart.w, cols);
		assert_int_equal(l.cart.x, l.title.w);
		if (cols == 40) {
			assert_string_equal(title, "clerk"); /* shortened first */
			assert_string_equal(cart, "Cart: 12 items · $1,299.97");
		}
		free(title);
		free(cart);
	}
	/* a huge total: the cart's words go before its numbers */
	layout_compute(40, 12, 0, &l);
	layout_top(&l, titles, 2, 120, "$12,345,678,901.00", false, &title, &cart);
	assert_string_equal(cart, "Cart: 120 · $12,345,678,901.00");
	assert_string_equal(title, "clerk");
	free(title);
	free(cart);
}

static void test_compare_view(void **state)
{
	(void)state;
	char *names[] = {"Tune 520BT On-Ear Headphones", "Tune 520BT On-Ear Headphones",
	                 "QuietComfort 45 Headphones", "WH-1000XM5 Wireless Noise Cancelling"};
	enum { ROWS = 23 };
	char *labels[ROWS], **cells[ROWS];
	bool differs[ROWS];
	char *row[] = {"$49.95", "$49.95", "$329.00", "$399.99"};
	for (size_t i = 0; i < ROWS; i++) {
		labels[i] = i ? "battery life" : "price";
		cells[i] = row;
		differs[i] = true;
	}
	struct reply_compare c = {.n_cols = 4, .col_names = names, .n_rows = ROWS, .n_fixed = 1,
	                          .row_labels = labels, .cells = cells, .row_differs = differs};
	struct product_view p[4] = {
		{.name = names[0], .variant = "Blue"}, {.name = names[1], .variant = "Black"},
		{.name = names[2]}, {.name = names[3]},
	};
	struct reply r = {.products = p, .n_products = 4, .compare = &c};
	int w[4];
	struct compare_view v = {.col_w = w};

	/* 80 columns: all four products side by side, names on two lines */
	layout_compare_view(&r, 80, 11, 0, 0, &v);
	assert_int_equal(v.first_col, 0);
	assert_int_equal(v.n_cols_shown, 4);
	assert_int_equal(v.head_h, 2);
	int used = v.label_w;
	for (size_t k = 0; k < 4; k++) {
		assert_true(w[k] >= 10);
		used += 2 + w[k];
	}
	assert_true(used <= 80);
	/* rows: 11 - 2 heading lines - 1 line saying there is more */
	assert_true(v.more);
	assert_int_equal(v.first_row, 0);
	assert_int_equal(v.n_rows_shown, 8);
	char *more = layout_compare_more(&c, &v, true, 79);
	assert_string_equal(more, "rows 1-8 of 23, PgDn for more");
	free(more);
	more = layout_compare_more(&c, &v, false, 79);
	assert_string_equal(more, "rows 1-8 of 23, Esc, then PgDn for more");
	free(more);
	/* the variant is in the heading */
	assert_string_equal(layout_compare_variant(&r, 1), "Black");
	assert_null(layout_compare_variant(&r, 2));

	/* paging: the middle, then the end (a full last page) */
	layout_compare_view(&r, 80, 11, 0, 8, &v);
	assert_int_equal(v.first_row, 8);
	more = layout_compare_more(&c, &v, true, 79);
	assert_string_equal(more, "rows 9-16 of 23, PgUp/PgDn for more");
	free(more);
	layout_compare_view(&r, 80, 11, 0, 1000, &v);
	assert_int_equal(v.first_row, 15);
	assert_int_equal(v.n_rows_shown, 8);

	/* 40 columns: two at a time, and the line says how to reach the rest */
	layout_compare_view(&r, 40, 8, 0, 0, &v);
	assert_int_equal(v.n_cols_shown, 2);
	more = layout_compare_more(&c, &v, true, 39);
	assert_true(layout_width(more) <= 39);
	assert_non_null(strstr(more, "PgDn"));
	assert_non_null(strstr(more, "Right"));
	free(more);
	layout_compare_view(&r, 40, 8, 3, 0, &v);
	assert_int_equal(v.first_col, 2); /* the last page of columns is full */
	assert_int_equal(v.n_cols_shown, 2);
	more = layout_compare_more(&c, &v, false, 39);
	assert_true(layout_width(more) <= 39);
	assert_non_null(strstr(more, "Esc"));
	assert_non_null(strstr(more, "Left"));
	free(more);

	/* any pane: what is shown fits it and the table */
	for (int width = 10; width <= 130; width += 3) {
		for (int height = 1; height <= 14; height++) {
			layout_compare_view(&r, width, height, 2, 7, &v);
			int used = v.label_w;
			for (size_t k = v.first_col; k < v.first_col + v.n_cols_shown; k++)
				used += 2 + w[k];
			assert_true(v.n_cols_shown >= 1);
			assert_true(v.n_cols_shown == 1 || used <= width);
			assert_true(v.first_col + v.n_cols_shown <= 4);
			assert_true(v.head_h + (int)v.n_rows_shown + (v.more ? 1 : 0) <= height ||
			            height < v.head_h);
			assert_true(v.first_row + v.n_rows_shown <= ROWS);
			more = layout_compare_more(&c, &v, height % 2, width);
			assert_true(layout_width(more) <= width);
			free(more);
		}
	}

	/* everything fits: no line about more */
	c.n_rows = 3;
	c.n_cols = 2;
	r.n_products = 2;
	layout_compare_view(&r, 80, 11, 0, 0, &v);
	assert_false(v.more);
	assert_int_equal(v.n_rows_shown, 3);
	assert_int_equal(v.n_cols_shown, 2);
	more = layout_compare_more(&c, &v, true, 79);
	assert_string_equal(more, "");
	free(more);

	/* the column fit itself */
	int cw[] = {8, 20, 8};
	assert_int_equal(layout_compare_fit(cw, 3, 16, 100, 0), 3);
	assert_int_equal(layout_compare_fit(cw, 3, 16, 50, 0), 2);
	assert_int_equal(layout_compare_fit(cw, 3, 16, 50, 1), 2);
	assert_int_equal(layout_compare_fit(cw, 3, 16, 20, 1), 1); /* always one */
	assert_int_equal(layout_compare_fit(cw, 3, 16, 50, 3), 0);
}

static void test_cards_more(void **state)
{
	(void)state;
	char *s = layout_cards_more(0, 2, 5, 0, false);
	assert_string_equal(s, "1-2 of 5, Esc, then Down");
	free(s);
	s = layout_cards_more(2, 2, 5, 3, true);
	assert_string_equal(s, "4 of 5, Up/Down");
	free(s);
}

static void test_help(void **state)
{
	(void)state;
	static const struct layout_help h[] = {
		{NULL, "Type what you want and press Enter."},
		{"Enter", "send the line"},
		{"Esc", "move to the results: Up/Down or PgUp/PgDn choose, Enter details"},
		{"", "Esc back to typing"},
		{"Backspace, Delete, Ctrl-K/U/W/Y", "delete"},
	};
	size_t n = 0;
	/* wide: two columns */
	char **l = layout_help(h, 5, 17, 100, &n);
	assert_int_equal(n, 5);
	assert_string_equal(l[0], "Type what you want and press Enter.");
	assert_string_equal(l[1], "Enter            send the line");
	assert_string_equal(l[2], "Esc              move to the results: Up/Down or PgUp/PgDn choose, "
	                          "Enter details");
	assert_string_equal(l[3], "                 Esc back to typing");
	assert_string_equal(l[4], "Backspace, Delete, Ctrl-K/U/W/Y  delete"); /* a long key */
	layout_lines_free(l, n);
	/* a long key with a long text: the key on a line of its own */
	static const struct layout_help long_key = {"Backspace, Delete, Ctrl-K/U/W/Y",
	                                            "delete to end/start, word, paste back"};
	l = layout_help(&long_key, 1, 17, 60, &n);
	assert_int_equal(n, 2);
	assert_string_equal(l[0], "Backspace, Delete, Ctrl-K/U/W/Y");
	assert_string_equal(l[1], "                 delete to end/start, word, paste back");
	layout_lines_free(l, n);
	/* 40 columns: keys on their own lines, every word of the text kept */
	l = layout_help(h, 5, 17, 40, &n);
	assert_string_equal(l[1], "Enter");
	assert_string_equal(l[2], "  send the line");
	bool seen = false;
	for (size_t i = 0; i < n; i++) {
		assert_true(layout_width(l[i]) <= 40);
		seen |= strstr(l[i], "Enter details") != NULL;
	}
	assert_true(seen);
	layout_lines_free(l, n);
}

/* Any text, any width: what comes out fits and carries no escapes. */
/* A wrapped list item goes on under its text, not under its mark: the
 * continuation of "- 2 x Samsung - Galaxy J3 ... - Black" does not read as
 * another line of the list. Plain text wraps flush. */
static void test_wrap_list_hangs(void **state)
{
	(void)state;
	size_t n = 0;
	char **l = layout_wrap_list("In your cart:\n- 2 x Samsung - Galaxy J3 Phone - Black: $359.98", 24, &n);
	assert_true(n >= 3);
	assert_string_equal(l[0], "In your cart:");
	assert_true(!strncmp(l[1], "- 2 x", 5));
	for (size_t i = 2; i < n; i++)
		if (strncmp(l[i], "  ", 2) || l[i][2] == ' ')
			fail_msg("line %zu \"%s\" does not hang under the item's text", i, l[i]);
	layout_lines_free(l, n);
	l = layout_wrap_list("12. Tune 520BT On-Ear Headphones", 16, &n);
	assert_true(n >= 2);
	assert_true(!strncmp(l[1], "    ", 4) && l[1][4] != ' ');
	layout_lines_free(l, n);
	l = layout_wrap("- a list item that wraps here", 12, &n);
	assert_true(n >= 2);
	assert_true(l[1][0] != ' '); /* layout_wrap() itself never hangs */
	layout_lines_free(l, n);
}

static void test_fit_and_wrap_properties(void **state)
{
	(void)state;
	static const char *const pieces[] = {
		"a", "word ", " ", "日本", "é", "e\xcc\x81", "\xf0\x9f\x91\x8d", "\x1b[31m", "\x1b]0;t\x07",
		"\n", "\t", "\xff", "\xe2\x80\xae", "supercalifragilistic", ("\xc2\x9b" "1m"),
	};
	unsigned seed = 12345;
	for (int round = 0; round < 2000; round++) {
		char text[256] = "";
		size_t len = 0;
		int n = (int)((seed = seed * 1103515245u + 12345u) >> 16) % 12;
		for (int i = 0; i < n; i++) {
			const char *p = pieces[((seed = seed * 1103515245u + 12345u) >> 16) %
			                       (sizeof pieces / sizeof pieces[0])];
			if (len + strlen(p) + 1 < sizeof text) {
				strcat(text, p);
				len += strlen(p);
			}
		}
		int width = (int)((seed = seed * 1103515245u + 12345u) >> 16) % 30 + 1;
		char *fit = layout_fit(text, width, round % 2);
		assert_true(layout_width(fit) <= width);
		assert_null(strchr(fit, '\x1b'));
		free(fit);
		size_t nl = 0;
		char **lines = layout_wrap(text, width, &nl);
		assert_true(nl >= 1);
		for (size_t i = 0; i < nl; i++) {
			assert_true(layout_width(lines[i]) <= (width < 2 ? 2 : width));
			assert_null(strchr(lines[i], '\x1b'));
			assert_null(strchr(lines[i], '\n'));
		}
		layout_lines_free(lines, nl);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout_sizes),
		cmocka_unit_test(test_layout_wide_and_narrow),
		cmocka_unit_test(test_layout_too_small),
		cmocka_unit_test(test_fit_by_display_width),
		cmocka_unit_test(test_fit_sanitizes),
		cmocka_unit_test(test_wrap),
		cmocka_unit_test(test_stars_price_stock),
		cmocka_unit_test(test_card),
		cmocka_unit_test(test_card_variant),
		cmocka_unit_test(test_top_line),
		cmocka_unit_test(test_compare_view),
		cmocka_unit_test(test_cards_more),
		cmocka_unit_test(test_help),
		cmocka_unit_test(test_wrap_list_hangs),
		cmocka_unit_test(test_fit_and_wrap_properties),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
