/*
 * layout.c: pane geometry and text fitted by display width.
 *
 * Everything measures with utf8proc_charwidth() on sanitized text, so the
 * columns computed here are the columns a terminal will use; ambiguous-width
 * characters count as one, as wcwidth() does in the C locale's tables.
 */
#include "src/tui/layout.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "common/buf.h"
#include "common/xalloc.h"
#include "common/sanitize.h"

static int clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

void layout_compute(int cols, int rows, unsigned flags, struct layout *out)
{
	memset(out, 0, sizeof *out);
	if (cols < LAYOUT_MIN_COLS || rows < LAYOUT_MIN_ROWS) {
		out->too_small = true;
		return;
	}
	bool kiosk = flags & LAYOUT_KIOSK, table = flags & LAYOUT_TABLE;
	int cart_w = clamp(cols / 2, 16, 34);
	out->title = (struct rect){0, 0, 1, cols - cart_w};
	out->cart = (struct rect){0, cols - cart_w, 1, cart_w};

	/* Bottom up: the key hint goes first when rows are short. */
	int y = rows;
	if (rows >= 14)
		out->hint = (struct rect){--y, 0, 1, cols};
	out->input = (struct rect){--y, 0, 1, cols};
	out->chips = (struct rect){--y, 0, 1, cols};

	int top = 1, mid_h = y - top;
	out->side_by_side = cols >= 90;
	if (out->side_by_side) {
		/* four products side by side need about 75 columns */
		int res_w = table ? clamp(cols * 65 / 100, 34, 100)
		            : kiosk ? clamp(cols * 55 / 100, 34, 90) : clamp(cols * 42 / 100, 34, 64);
		int chat_w = cols - res_w - 1; /* one column for the divider */
		out->chat = (struct rect){top, 0, mid_h, chat_w};
		out->results = (struct rect){top, chat_w + 1, mid_h, res_w};
	} else {
		/* a short screen keeps the chat's share: the reply is read first */
		int share = table && mid_h >= 14 ? 38 : kiosk ? 40 : 45;
		int chat_h = clamp(mid_h * share / 100, 2, mid_h - 3);
		out->chat = (struct rect){top, 0, chat_h, cols};
		/* one row for the divider between chat and results */
		out->results = (struct rect){top + chat_h + 1, 0, mid_h - chat_h - 1, cols};
	}
}

/* Decodes one code point; invalid bytes decode as U+FFFD, one byte long. */
static size_t next_cp(const char *s, size_t len, size_t i, int32_t *cp)
{
	utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
	                                      (utf8proc_ssize_t)(len - i), cp);
	if (n <= 0) {
		*cp = 0xfffd;
		return 1;
	}
	return (size_t)n;
}

static int cp_width(int32_t cp)
{
	int w = utf8proc_charwidth(cp);
	return w > 0 ? w : 0;
}

static int width_n(const char *s, size_t len)
{
	int w = 0;
	for (size_t i = 0; i < len;) {
		int32_t cp;
		i += next_cp(s, len, i, &cp);
		w += cp_width(cp);
	}
	return w;
}

int layout_width(const char *s)
{
	return s ? width_n(s, strlen(s)) : 0;
}

/* The byte length of the longest prefix of s[0..len) within width columns;
 * zero-width marks after the last character that fits stay with it. */
static size_t prefix_within(const char *s, size_t len, int width, int *used)
{
	size_t i = 0;
	int w = 0;
	while (i < len) {
		int32_t cp;
		size_t n = next_cp(s, len, i, &cp);
		int cw = cp_width(cp);
		if (w + cw > width)
			break;
		w += cw;
		i += n;
	}
	if (used)
		*used = w;
	return i;
}

char *layout_fit(const char *s, int width, bool ascii)
{
	char *clean = sanitize_dup(s, 0);
	size_t len = strlen(clean);
	if (width <= 0) {
		clean[0] = '\0';
		return clean;
	}
	if (width_n(clean, len) <= width)
		return clean;
	const char *ell = ascii ? "..." : "\xe2\x80\xa6";
	int ell_w = ascii ? 3 : 1;
	if (width <= ell_w) {
		clean[prefix_within(clean, len, width, NULL)] = '\0';
		return clean;
	}
	size_t keep = prefix_within(clean, len, width - ell_w, NULL);
	while (keep > 0 && clean[keep - 1] == ' ')
		keep--;
	char *out = xasprintf("%.*s%s", (int)keep, clean, ell);
	free(clean);
	return out;
}

void layout_top(struct layout *l, const char *const *titles, size_t n_titles, int count,
                const char *total, bool ascii, char **title, char **cart)
{
	int cols = l->title.w + l->cart.w;
	const char *dot = ascii ? "-" : "\xc2\xb7";
	char *forms[] = {
		xasprintf("Cart: %d item%s %s %s", count, count == 1 ? "" : "s", dot, total),
		xasprintf("Cart: %d %s %s", count, dot, total),
		xasprintf("%d %s %s", count, dot, total),
		xasprintf("%s", total),
	};
	size_t nf = sizeof forms / sizeof forms[0];
	/* each text has a column of room on either side */
	int shortest = n_titles ? layout_width(titles[n_titles - 1]) + 2 : 0;
	size_t f = 0;
	while (f + 1 < nf && layout_width(forms[f]) + 2 > cols - shortest)
		f++;
	int cart_w = layout_width(forms[f]) + 2;
	/* the cart's band keeps its usual size while the longest title fits */
	int longest = n_titles ? layout_width(titles[0]) + 2 : 0;
	int usual = l->cart.w < cols - longest ? l->cart.w : cols - longest;
	cart_w = clamp(cart_w > usual ? cart_w : usual, 0, cols);
	l->cart = (struct rect){l->cart.y, cols - cart_w, 1, cart_w};
	l->title.w = cols - cart_w;
	size_t t = 0;
	while (t + 1 < n_titles && layout_width(titles[t]) + 2 > l->title.w)
		t++;
	*title = layout_fit(n_titles ? titles[t] : "", l->title.w - 2, ascii);
	*cart = layout_fit(forms[f], cart_w - 2, ascii);
	for (size_t i = 0; i < nf; i++)
		free(forms[i]);
}

struct wrap {
	char **lines;
	size_t n, cap;
	struct buf line;
	int line_w;
	int width;
	int indent; /* continuation lines of a list item ("- ", "2. ") start here */
	size_t pad; /* bytes of indent at the start of the line */
};

static void wrap_push(struct wrap *w)
{
	w->lines = xgrow(w->lines, &w->cap, w->n + 1, sizeof *w->lines);
	w->lines[w->n++] = xstrdup(w->line.s);
	buf_reset(&w->line);
	w->line_w = 0;
	w->pad = 0;
}

/* A continuation line: the item's text goes on under its text, not under
 * its mark, so a wrapped "- 2 x Samsung - Galaxy ... - Black" does not
 * read as another line of the list. */
static void wrap_pad(struct wrap *w)
{
	for (int i = 0; i < w->indent; i++)
		buf_addc(&w->line, ' ');
	w->line_w = w->indent;
	w->pad = (size_t)w->indent;
}

static void wrap_word(struct wrap *w, const char *word, size_t len)
{
	int ww = width_n(word, len);
	bool has_word = w->line.len > w->pad;
	if (has_word && w->line_w + 1 + ww <= w->width) {
		buf_addc(&w->line, ' ');
		buf_add(&w->line, word, len);
		w->line_w += 1 + ww;
		return;
	}
	if (has_word) {
		wrap_push(w);
		wrap_pad(w);
	}
	/* A word wider than a line is broken where the columns run out. */
	while (ww > w->width - w->line_w) {
		size_t cut = prefix_within(word, len, w->width - w->line_w, NULL);
		if (cut == 0) /* a wide character in a 1-column line */
			cut = next_cp(word, len, 0, &(int32_t){0});
		buf_add(&w->line, word, cut);
		wrap_push(w);
		wrap_pad(w);
		word += cut;
		len -= cut;
		ww = width_n(word, len);
	}
	buf_add(&w->line, word, len);
	w->line_w += ww;
}

/* The width of a list item's mark at the start of a paragraph: "- " or
 * "12. " (spaces before it count too), 0 when it is no list item. */
static int list_mark(const char *p, size_t len)
{
	size_t i = 0;
	while (i < len && p[i] == ' ')
		i++;
	if (i + 1 < len && p[i] == '-' && p[i + 1] == ' ')
		return (int)(i + 2);
	size_t d = i;
	while (d < len && p[d] >= '0' && p[d] <= '9')
		d++;
	if (d > i && d - i <= 3 && d + 1 < len && p[d] == '.' && p[d + 1] == ' ')
		return (int)(d + 2);
	return 0;
}

static char **wrap_text(const char *s, int width, bool hang, size_t *n);

char **layout_wrap(const char *s, int width, size_t *n)
{
	return wrap_text(s, width, false, n);
}

char **layout_wrap_list(const char *s, int width, size_t *n)
{
	return wrap_text(s, width, true, n);
}

static char **wrap_text(const char *s, int width, bool hang, size_t *n)
{
	char *clean = sanitize_dup(s, SANITIZE_KEEP_NEWLINES);
	struct wrap w = {.width = width < 1 ? 1 : width};
	buf_init(&w.line);
	const char *p = clean;
	for (;;) {
		size_t para = strcspn(p, "\n");
		int mark = hang ? list_mark(p, para) : 0;
		w.indent = mark * 2 < w.width ? mark : 0;
		size_t i = 0;
		while (i < para) {
			while (i < para && p[i] == ' ')
				i++;
			size_t start = i;
			while (i < para && p[i] != ' ')
				i++;
			if (i > start)
				wrap_word(&w, p + start, i - start);
		}
		wrap_push(&w);
		if (!p[para])
			break;
		p += para + 1;
	}
	buf_release(&w.line);
	free(clean);
	*n = w.n;
	return w.lines;
}

void layout_lines_free(char **lines, size_t n)
{
	for (size_t i = 0; lines && i < n; i++)
		free(lines[i]);
	free(lines);
}

void layout_stars(double rating, bool ascii, char *out, size_t size)
{
	if (!(rating >= 0))
		rating = 0;
	if (rating > 5)
		rating = 5;
	int halves = (int)lround(rating * 2);
	struct buf b;
	buf_init(&b);
	for (int i = 0; i < 5; i++) {
		int left = halves - 2 * i;
		if (left >= 2)
			buf_adds(&b, ascii ? "*" : "\xe2\x98\x85");      /* ★ */
		else if (left == 1)
			buf_adds(&b, ascii ? "+" : "\xc2\xbd");          /* ½ */
		else
			buf_adds(&b, ascii ? "." : "\xe2\x98\x86");      /* ☆ */
	}
	snprintf(out, size, "%s", b.s);
	buf_release(&b);
}

struct currency {
	const char *code, *symbol;
	bool cents;
};

static const struct currency currencies[] = {
	{"USD", "$", true},  {"EUR", "\xe2\x82\xac", true}, {"GBP", "\xc2\xa3", true},
	{"JPY", "\xc2\xa5", false}, {"CAD", "CA$", true}, {"AUD", "A$", true},
	{"INR", "\xe2\x82\xb9", true},
};

void layout_price(int64_t cents, bool has_price, const char *currency, char *out, size_t size)
{
	if (!has_price) {
		snprintf(out, size, "-");
		return;
	}
	const struct currency *cur = NULL;
	for (size_t i = 0; i < sizeof currencies / sizeof currencies[0]; i++)
		if (!currency || !strcmp(currency, currencies[i].code))
			cur = &currencies[currency ? i : 0];
	bool neg = cents < 0;
	uint64_t v = neg ? (uint64_t)0 - (uint64_t)cents : (uint64_t)cents;
	uint64_t whole = v / 100, frac = v % 100;
	char digits[32], grouped[48];
	snprintf(digits, sizeof digits, "%" PRIu64, whole);
	size_t len = strlen(digits), o = 0;
	for (size_t i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			grouped[o++] = ',';
		grouped[o++] = digits[i];
	}
	grouped[o] = '\0';
	char num[64];
	if (cur && !cur->cents)
		snprintf(num, sizeof num, "%s%s", neg ? "-" : "", grouped);
	else
		snprintf(num, sizeof num, "%s%s.%02" PRIu64, neg ? "-" : "", grouped, frac);
	if (cur) {
		snprintf(out, size, "%s%s", cur->symbol, num);
	} else {
		char *code = sanitize_dup(currency, 0);
		snprintf(out, size, "%s %.8s", num, code);
		free(code);
	}
}

const char *layout_stock(bool has_stock, int64_t stock, char *out, size_t size)
{
	if (!has_stock)
		snprintf(out, size, "%s", "");
	else if (stock <= 0)
		snprintf(out, size, "Out of stock");
	else if (stock <= 5)
		snprintf(out, size, "Only %" PRId64 " left", stock);
	else
		snprintf(out, size, "In stock");
	return out;
}

/* Joins lines[from..n) with single spaces. */
static char *join_from(char **lines, size_t n, size_t from)
{
	struct buf b;
	buf_init(&b);
	for (size_t i = from; i < n; i++) {
		if (b.len)
			buf_addc(&b, ' ');
		buf_adds(&b, lines[i]);
	}
	return buf_detach(&b);
}

size_t layout_name_lines(const char *prefix, const char *name, const char *variant, int width,
                         bool ascii, char **lines, size_t max)
{
	if (max > LAYOUT_CARD_MAX_LINES)
		max = LAYOUT_CARD_MAX_LINES;
	if (max == 0)
		return 0;
	char *head = xasprintf("%s%s", prefix ? prefix : "", name ? name : "");
	char *tail = variant && *variant ? xasprintf(", %s", variant) : xstrdup("");
	char *whole = xasprintf("%s%s", head, tail);
	size_t n = 0, nw = 0;
	char **wrapped = layout_wrap(whole, width, &nw);
	if (nw <= max) {
		for (size_t i = 0; i < nw; i++)
			lines[n++] = layout_fit(wrapped[i], width, ascii);
		goto cleanup;
	}
	layout_lines_free(wrapped, nw);
	/* Too long: the name gives way and the variant stays whole, up to two
	 * thirds of a line when the name has one line, a line when it has more. */
	int budget = max > 1 ? width : width - width / 3;
	char *end = layout_fit(tail, *tail ? (budget > 1 ? budget : 1) : 0, ascii);
	int room = width - layout_width(end);
	wrapped = layout_wrap(head, width, &nw);
	for (size_t i = 0; i + 1 < max && i < nw; i++)
		lines[n++] = layout_fit(wrapped[i], width, ascii);
	char *rest = join_from(wrapped, nw, n);
	char *cut = layout_fit(rest, room, ascii);
	/* a name that ended on the line before leaves the variant a line of its own */
	lines[n++] = *cut ? xasprintf("%s%s", cut, end) : layout_fit(tail + 2, width, ascii);
	free(cut);
	free(rest);
	free(end);
cleanup:
	layout_lines_free(wrapped, nw);
	free(whole);
	free(tail);
	free(head);
	return n;
}

size_t layout_card(const struct product_view *p, int number, int width, bool ascii,
                   char **lines, size_t max)
{
	if (max > LAYOUT_CARD_MAX_LINES)
		max = LAYOUT_CARD_MAX_LINES;
	if (max == 0)
		return 0;
	const char *dot = ascii ? " - " : " \xc2\xb7 ";
	/* two cards of one name say what tells them apart: "Tune 520BT, Blue" */
	char prefix[32];
	snprintf(prefix, sizeof prefix, "%d. ", number);
	size_t n = layout_name_lines(prefix, p->name, p->variant, width, ascii, lines,
	                             max >= 4 ? 2 : 1);

	char price[64], stock[32], stars[32];
	/* the least of its sizes' prices: "from $11.00" */
	const size_t from = p->price_from && p->has_price ? 5 : 0;
	memcpy(price, "from ", from);
	layout_price(p->price_cents, p->has_price, p->currency, price + from, sizeof price - from);
	if (n < max) {
		char *s = p->brand && *p->brand ? xasprintf("   %s%s%s", p->brand, dot, price)
		                                : xasprintf("   %s", price);
		lines[n++] = layout_fit(s, width, ascii);
		free(s);
	}
	layout_stock(p->has_stock, p->stock, stock, sizeof stock);
	/* no rating and no stock: no line for them */
	if (n < max && (p->has_rating || *stock)) {
		struct buf b;
		buf_init(&b);
		buf_adds(&b, "   ");
		if (p->has_rating) {
			layout_stars(p->rating, ascii, stars, sizeof stars);
			buf_printf(&b, "%s %.1f", stars, p->rating);
		}
		if (*stock)
			buf_printf(&b, "%s%s", p->has_rating ? dot : "", stock);
		lines[n++] = layout_fit(b.s, width, ascii);
		buf_release(&b);
	}
	return n;
}

size_t layout_compare_fit(const int *col_w, size_t n_cols, int label_w, int width, size_t first)
{
	int used = label_w;
	size_t count = 0;
	for (size_t k = first; k < n_cols; k++) {
		int need = 2 + col_w[k];
		if (used + need > width && count > 0)
			break;
		used += need;
		count++;
	}
	return count;
}

const char *layout_compare_variant(const struct reply *r, size_t k)
{
	const struct reply_compare *c = r->compare;
	if (!c || k >= c->n_cols || r->n_products != c->n_cols)
		return NULL;
	const struct product_view *p = &r->products[k];
	if (!p->variant || !p->name || !c->col_names[k] || strcmp(p->name, c->col_names[k]))
		return NULL; /* not the products the table was made of */
	return p->variant;
}

/* The narrowest width, from lo up to hi, at which text wraps to two lines. */
static int two_line_width(const char *text, int lo, int hi)
{
	int total = layout_width(text);
	int w = (total + 1) / 2 > lo ? (total + 1) / 2 : lo;
	for (; w < hi; w++) {
		size_t n = 0;
		char **l = layout_wrap(text, w, &n);
		layout_lines_free(l, n);
		if (n <= 2)
			break;
	}
	return w < hi ? w : hi;
}

#define COMPARE_MIN_COL 10

void layout_compare_view(const struct reply *r, int width, int height, size_t first_col,
                         size_t first_row, struct compare_view *v)
{
	const struct reply_compare *c = r->compare;
	int *col_w = v->col_w;
	memset(v, 0, sizeof *v);
	v->col_w = col_w;
	if (!c || !c->n_cols)
		return;
	int lw = 5;
	for (size_t row = 0; row < c->n_rows; row++) {
		int w = layout_width(c->row_labels[row]);
		lw = w > lw ? w : lw;
	}
	v->label_w = clamp(lw, 5, clamp(width / 4, 5, 16)) + 1;
	/* As many columns as keep COMPARE_MIN_COL each, names on two lines. */
	int avail = width - v->label_w;
	size_t k = c->n_cols < LAYOUT_COMPARE_MAX_SHOWN ? c->n_cols : LAYOUT_COMPARE_MAX_SHOWN;
	while (k > 1 && avail / (int)k - 2 < COMPARE_MIN_COL)
		k--;
	int share = avail / (int)k - 2 > 6 ? avail / (int)k - 2 : 6;
	bool two = false;
	for (size_t col = 0; col < c->n_cols; col++) {
		int w = 0;
		for (size_t row = 0; row < c->n_rows; row++) {
			int cw = layout_width(c->cells[row][col]);
			w = cw > w ? cw : w;
		}
		const char *variant = layout_compare_variant(r, col);
		char *head = variant ? xasprintf("%s, %s", c->col_names[col], variant)
		                     : xstrdup(c->col_names[col]);
		int hw = layout_width(head);
		if (hw > share)
			hw = two_line_width(head, 6, share);
		free(head);
		col_w[col] = clamp(w > hw ? w : hw, 6, share);
	}
	/* the last page of columns is full: no scrolling past what fits */
	size_t last = 0;
	while (last + layout_compare_fit(col_w, c->n_cols, v->label_w, width, last) < c->n_cols)
		last++;
	v->first_col = first_col < last ? first_col : last;
	v->n_cols_shown = layout_compare_fit(col_w, c->n_cols, v->label_w, width, v->first_col);
	for (size_t col = v->first_col; col < v->first_col + v->n_cols_shown; col++) {
		const char *variant = layout_compare_variant(r, col);
		two |= layout_width(c->col_names[col]) + (variant ? 2 + layout_width(variant) : 0) >
		       col_w[col];
	}
	v->head_h = two && height >= 6 ? 2 : 1;
	int body = height - v->head_h;
	/* the line about what is off screen, when it leaves a row to show */
	v->more = (v->n_cols_shown < c->n_cols || (int)c->n_rows > body) && body >= 2;
	if (v->more)
		body--;
	if (body < 0)
		body = 0;
	size_t last_first = c->n_rows > (size_t)body ? c->n_rows - (size_t)body : 0;
	v->first_row = first_row < last_first ? first_row : last_first;
	v->n_rows_shown = c->n_rows - v->first_row < (size_t)body ? c->n_rows - v->first_row
	                                                          : (size_t)body;
}

/* "PgDn", "PgUp" or "PgUp/PgDn": which way there is more. */
static const char *keys_for(size_t first, size_t shown, size_t n, const char *back,
                            const char *fwd, const char *both)
{
	bool before = first > 0, after = first + shown < n;
	return before && after ? both : after ? fwd : before ? back : NULL;
}

char *layout_compare_more(const struct reply_compare *c, const struct compare_view *v,
                          bool focused, int width)
{
	if (!c || !v->more)
		return xstrdup("");
	const char *rk = keys_for(v->first_row, v->n_rows_shown, c->n_rows, "PgUp", "PgDn",
	                          "PgUp/PgDn");
	const char *ck = keys_for(v->first_col, v->n_cols_shown, c->n_cols, "Left", "Right",
	                          "Left/Right");
	char rows[64] = "", cols[64] = "", rows_s[64] = "", cols_s[64] = "";
	if (rk) {
		snprintf(rows, sizeof rows, "rows %zu-%zu of %zu", v->first_row + 1,
		         v->first_row + v->n_rows_shown, c->n_rows);
		snprintf(rows_s, sizeof rows_s, "rows %zu-%zu/%zu", v->first_row + 1,
		         v->first_row + v->n_rows_shown, c->n_rows);
	}
	if (ck) {
		snprintf(cols, sizeof cols, "columns %zu-%zu of %zu", v->first_col + 1,
		         v->first_col + v->n_cols_shown, c->n_cols);
		snprintf(cols_s, sizeof cols_s, "cols %zu-%zu/%zu", v->first_col + 1,
		         v->first_col + v->n_cols_shown, c->n_cols);
	}
	const char *sep = rk && ck ? ", " : "";
	char keys[64];
	snprintf(keys, sizeof keys, "%s%s%s", rk ? rk : "", rk && ck ? ", " : "", ck ? ck : "");
	const char *esc = focused ? "" : "Esc, then ", *esc_s = focused ? "" : "Esc ";
	const char *sep_s = rk && ck ? ", " : "";
	char *forms[] = {
		xasprintf("%s%s%s, %s%s for more", rows, sep, cols, esc, keys),
		xasprintf("%s%s%s: %s%s", rows, sep, cols, esc_s, keys),
		xasprintf("%s%s%s: %s%s", rows_s, sep_s, cols_s, esc_s, keys),
		xasprintf("%s%s%s %s%s%s%s", rows_s, rk && ck ? " " : "", cols_s, esc_s, rk ? rk : "",
		          rk && ck ? " " : "", ck ? ck : ""),
		xasprintf("%s%s", esc_s, keys),
	};
	size_t nf = sizeof forms / sizeof forms[0], f = 0;
	while (f + 1 < nf && layout_width(forms[f]) > width)
		f++;
	char *out = layout_fit(forms[f], width, true);
	for (size_t i = 0; i < nf; i++)
		free(forms[i]);
	return out;
}

char *layout_cards_more(size_t first, size_t shown, size_t n, size_t selected, bool focused)
{
	if (focused)
		return xasprintf("%zu of %zu, Up/Down", selected + 1, n);
	return xasprintf("%zu-%zu of %zu, Esc, then Down", first + 1, first + shown, n);
}

static void push_line(char ***lines, size_t *n, size_t *cap, char *line)
{
	*lines = xgrow(*lines, cap, *n + 1, sizeof **lines);
	(*lines)[(*n)++] = line;
}

char **layout_help(const struct layout_help *h, size_t n, int key_w, int width, size_t *out)
{
	char **lines = NULL;
	size_t count = 0, cap = 0;
	bool two_col = width - key_w >= 30;
	for (size_t i = 0; i < n; i++) {
		const char *key = h[i].key;
		int indent = !key ? 0 : two_col ? key_w : 2;
		int kw = key ? layout_width(key) : 0;
		if (two_col && kw > key_w - 1 && kw + 2 + layout_width(h[i].text) <= width) {
			/* a key too wide for its column, and a short text: one line */
			push_line(&lines, &count, &cap, xasprintf("%s  %s", key, h[i].text));
			continue;
		}
		/* else a key too wide for its column gets a line of its own */
		bool own_line = key && *key && (!two_col || kw > key_w - 1);
		if (own_line)
			push_line(&lines, &count, &cap, layout_fit(key, width, true));
		size_t nw = 0;
		char **w = layout_wrap(h[i].text, width - indent, &nw);
		for (size_t k = 0; k < nw; k++) {
			const char *lead = k == 0 && key && !own_line ? key : "";
			push_line(&lines, &count, &cap,
			          xasprintf("%s%*s%s", lead, indent - layout_width(lead), "", w[k]));
		}
		layout_lines_free(w, nw);
	}
	*out = count;
	return lines;
}
