/*
 * tui_draw.c: painting the screen from the front end's state.
 *
 * Every string reaches the terminal through tui_put(), which fits it with
 * layout_fit() (sanitizing it on the way), so no catalog text is written
 * raw. Geometry comes from layout_compute(); this file only places text.
 */
#include "src/tui/tui_int.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/buf.h"
#include "common/xalloc.h"

struct palette {
	enum tui_role role;
	short fg, bg;
	int color_attr; /* added to the color pair */
	int mono;       /* used without colors */
};

static const struct palette palette[] = {
	{ROLE_NORMAL, -1, -1, 0, A_NORMAL},
	{ROLE_TITLE, COLOR_WHITE, COLOR_BLUE, A_BOLD, A_REVERSE | A_BOLD},
	{ROLE_CART, COLOR_BLACK, COLOR_YELLOW, A_BOLD, A_REVERSE},
	{ROLE_SHOPPER, COLOR_CYAN, -1, A_BOLD, A_BOLD},
	{ROLE_CLERK, -1, -1, 0, A_NORMAL},
	{ROLE_SELECTED, COLOR_BLACK, COLOR_CYAN, 0, A_REVERSE},
	{ROLE_CHIP, COLOR_BLACK, COLOR_WHITE, 0, A_UNDERLINE},
	{ROLE_DIFF, COLOR_YELLOW, -1, A_BOLD, A_BOLD},
	{ROLE_ERROR, COLOR_RED, -1, A_BOLD, A_BOLD},
	{ROLE_DIM, COLOR_BLUE, -1, 0, A_DIM},
	{ROLE_PRICE, COLOR_GREEN, -1, A_BOLD, A_BOLD},
	{ROLE_NOTICE, COLOR_BLACK, COLOR_YELLOW, 0, A_REVERSE},
};

void tui_colors(struct tui *t)
{
	const char *no_color = getenv("NO_COLOR");
	bool color = t->o->color && has_colors() && !(no_color && *no_color);
	if (color) {
		start_color();
		use_default_colors();
	}
	for (size_t i = 0; i < sizeof palette / sizeof palette[0]; i++) {
		const struct palette *p = &palette[i];
		if (color && (p->fg >= 0 || p->bg >= 0)) {
			init_pair((short)(i + 1), p->fg, p->bg);
			t->attr[p->role] = (int)COLOR_PAIR(i + 1) | p->color_attr;
		} else {
			t->attr[p->role] = color ? p->color_attr : p->mono;
		}
	}
}

void tui_put(struct tui *t, int y, int x, int w, const char *s, enum tui_role role)
{
	if (w <= 0 || y < 0 || y >= LINES || x < 0 || x >= COLS)
		return;
	if (x + w > COLS)
		w = COLS - x;
	char *fit = layout_fit(s, w, t->ascii);
	attrset(t->attr[role]);
	mvaddstr(y, x, fit);
	attrset(A_NORMAL);
	free(fit);
}

/* Paints a full-width band of a role, then text on it. */
static void band(struct tui *t, struct rect r, const char *s, enum tui_role role)
{
	attrset(t->attr[role]);
	mvhline(r.y, r.x, ' ', r.w);
	attrset(A_NORMAL);
	tui_put(t, r.y, r.x + 1, r.w - 2, s, role);
}

void tui_draw_box_title(struct tui *t, struct rect r, const char *title)
{
	band(t, (struct rect){r.y, r.x, 1, r.w}, title, ROLE_TITLE);
}

struct rect tui_body(const struct tui *t)
{
	const struct layout *l = &t->lay;
	int top = l->chat.y, bottom = l->chips.y;
	return (struct rect){top, 0, bottom - top, COLS};
}

static void draw_top(struct tui *t)
{
	static const char *const titles[] = {"clerk - shopping assistant", "clerk"};
	static const char *const kiosk_titles[] = {"clerk - ask me about any product", "clerk"};
	char price[64];
	layout_price(t->cart_total_cents, true, NULL, price, sizeof price);
	char *title = NULL, *cart = NULL;
	layout_top(&t->lay, t->o->kiosk ? kiosk_titles : titles, 2, t->cart_count, price, t->ascii,
	           &title, &cart);
	band(t, t->lay.title, title, ROLE_TITLE);
	struct rect r = t->lay.cart;
	attrset(t->attr[ROLE_CART]);
	mvhline(r.y, r.x, ' ', r.w);
	attrset(A_NORMAL);
	int w = layout_width(cart);
	int x = r.x + (r.w - 1 > w ? r.w - 1 - w : 0);
	tui_put(t, r.y, x, r.w - (x - r.x), cart, ROLE_CART);
	free(title);
	free(cart);
}

struct line {
	char *text;
	enum tui_role role;
};

/* The chat as display lines, oldest first; *last receives the index of
 * the newest message's first line. */
static struct line *chat_lines(struct tui *t, int width, size_t *n, size_t *last)
{
	struct line *lines = NULL;
	size_t count = 0, cap = 0;
	*last = 0;
	for (size_t m = 0; m < t->n_msgs; m++) {
		const struct tui_msg *msg = &t->msgs[m];
		const char *who = msg->shopper ? "> " : "  ";
		size_t nw = 0;
		char **wrapped = layout_wrap_list(msg->text, width - 2, &nw);
		lines = xgrow(lines, &cap, count + nw + 1, sizeof *lines);
		if (m > 0 && msg->shopper)
			lines[count++] = (struct line){xstrdup(""), ROLE_NORMAL};
		*last = count;
		for (size_t i = 0; i < nw; i++) {
			enum tui_role role = msg->shopper ? ROLE_SHOPPER : msg->error ? ROLE_ERROR : ROLE_CLERK;
			lines[count++] = (struct line){xasprintf("%s%s", i ? "  " : who, wrapped[i]), role};
		}
		layout_lines_free(wrapped, nw);
	}
	*n = count;
	return lines;
}

static void draw_chat(struct tui *t)
{
	struct rect r = t->lay.chat;
	size_t n = 0, last = 0;
	struct line *lines = chat_lines(t, r.w, &n, &last);
	/* Scrolled back, the last row says what is below instead of a line. */
	int max_scroll = (int)n > r.h ? (int)n - (r.h - 1) : 0;
	if (t->chat_pin) {
		/* A reply longer than the pane is read from its start, not its end
		 * (at any size, until the shopper scrolls): PgDn shows the rest. */
		int below = (int)(n - last) - (r.h - 1);
		t->chat_scroll = (int)(n - last) > r.h && below > 0 ? below : 0;
	}
	if (t->chat_scroll > max_scroll)
		t->chat_scroll = max_scroll;
	int rows = t->chat_scroll > 0 ? r.h - 1 : r.h;
	int first = (int)n - rows - t->chat_scroll;
	if (first < 0)
		first = 0;
	for (int row = 0; row < rows && (size_t)(first + row) < n; row++) {
		const struct line *l = &lines[first + row];
		tui_put(t, r.y + row, r.x, r.w, l->text, l->role);
	}
	if (t->chat_scroll > 0) {
		char more[64];
		/* PgDn pages the pane with the focus: from the results, Esc first */
		snprintf(more, sizeof more, " %d more line%s below (%s) ", t->chat_scroll,
		         t->chat_scroll == 1 ? "" : "s", t->focus == FOCUS_RESULTS ? "Esc, PgDn" : "PgDn");
		int w = layout_width(more);
		tui_put(t, r.y + r.h - 1, r.x + (r.w > w ? r.w - w - 1 : 0), w, more, ROLE_NOTICE);
	}
	for (size_t i = 0; i < n; i++)
		free(lines[i].text);
	free(lines);
}

static void draw_cards(struct tui *t, struct rect r)
{
	const struct reply *rp = &t->reply;
	int per = t->o->kiosk ? 5 : 4; /* card lines plus a gap; kiosk cards breathe more */
	int lines_each = per - 1;
	if (r.h < per * 2)
		lines_each = per - 2; /* short panes: one-line names */
	if (lines_each > LAYOUT_CARD_MAX_LINES)
		lines_each = LAYOUT_CARD_MAX_LINES;
	int slot = lines_each + 1;
	/* cards at their longest, and a line for the note of more: the first
	 * card shown keeps the selected one on screen */
	int room = rp->n_products * (size_t)slot > (size_t)r.h ? r.h - 1 : r.h;
	int visible = room / slot > 0 ? room / slot : 1;
	int first = t->selected >= visible ? t->selected - visible + 1 : 0;
	bool focus = t->focus == FOCUS_RESULTS;
	/* each card takes the lines it has: one without a rating or stock
	 * leaves no blank lines, so more fit */
	int y = r.y, drawn = 0, bottom = r.y + r.h;
	for (size_t idx = (size_t)first; idx < rp->n_products; idx++) {
		char *lines[LAYOUT_CARD_MAX_LINES];
		size_t nl = layout_card(&rp->products[idx], (int)idx + 1, r.w - 1, t->ascii, lines,
		                        (size_t)lines_each);
		int limit = idx + 1 < rp->n_products ? bottom - 1 : bottom;
		if (drawn > 0 && y + (int)nl > limit) {
			for (size_t i = 0; i < nl; i++)
				free(lines[i]);
			break;
		}
		bool sel = (int)idx == t->selected && focus;
		for (size_t i = 0; i < nl; i++, y++) {
			if (y < bottom) {
				enum tui_role role = sel ? ROLE_SELECTED : i == 0 ? ROLE_CLERK : ROLE_NORMAL;
				if (sel) {
					attrset(t->attr[ROLE_SELECTED]);
					mvhline(y, r.x, ' ', r.w);
					attrset(A_NORMAL);
				}
				tui_put(t, y, r.x, r.w - 1, lines[i], i == 0 && !sel ? ROLE_SHOPPER : role);
			}
			free(lines[i]);
		}
		y++; /* the gap */
		drawn++;
	}
	t->cards_page = drawn > 0 ? drawn : 1;
	if (first > 0 || (size_t)first + (size_t)drawn < rp->n_products) {
		char *more = layout_cards_more((size_t)first, (size_t)drawn, rp->n_products,
		                               (size_t)t->selected, focus);
		int w = layout_width(more);
		tui_put(t, r.y + r.h - 1, r.x + r.w - w - 1, w + 1, more, ROLE_DIM);
		free(more);
	}
}

/* A product column's heading: the name, with its variant, on head_h lines. */
static void draw_heading(struct tui *t, int y, int x, int w, int head_h, size_t col)
{
	const struct reply_compare *c = t->reply.compare;
	char *lines[2];
	size_t n = layout_name_lines(NULL, c->col_names[col], layout_compare_variant(&t->reply, col),
	                             w, t->ascii, lines, (size_t)head_h);
	/* the column Left/Right moves to and Enter opens */
	bool cursor = t->focus == FOCUS_RESULTS && t->selected == (int)col;
	for (size_t i = 0; i < n; i++) {
		if (cursor) { /* the whole width marked */
			attrset(t->attr[ROLE_SELECTED]);
			mvhline(y + (int)i, x, ' ', w);
			attrset(A_NORMAL);
		}
		tui_put(t, y + (int)i, x, w, lines[i], cursor ? ROLE_SELECTED : ROLE_SHOPPER);
		free(lines[i]);
	}
}

static void draw_compare(struct tui *t, struct rect r)
{
	const struct reply_compare *c = t->reply.compare;
	if (!c->n_cols)
		return;
	struct compare_view v = {.col_w = xcalloc(c->n_cols, sizeof(int))};
	layout_compare_view(&t->reply, r.w, r.h, t->compare_first, t->compare_row, &v);
	/* the column under the cursor stays on screen */
	size_t sel = t->selected > 0 ? (size_t)t->selected : 0;
	if (sel < c->n_cols && (sel < v.first_col || sel >= v.first_col + v.n_cols_shown) &&
	    v.n_cols_shown) {
		size_t first = sel < v.first_col ? sel : sel + 1 - v.n_cols_shown;
		layout_compare_view(&t->reply, r.w, r.h, first, t->compare_row, &v);
	}
	/* what is on screen is what the paging keys move from */
	t->compare_first = v.first_col;
	t->compare_row = v.first_row;
	t->compare_page = v.n_rows_shown;
	int y = r.y;
	int x = r.x + v.label_w;
	for (size_t k = v.first_col; k < v.first_col + v.n_cols_shown; k++) {
		draw_heading(t, y, x + 2, v.col_w[k], v.head_h, k);
		x += 2 + v.col_w[k];
	}
	y += v.head_h;
	for (size_t row = v.first_row; row < v.first_row + v.n_rows_shown; row++, y++) {
		bool differs = c->row_differs && c->row_differs[row];
		/* The mark tells differing rows apart without colors too. */
		char *label = xasprintf("%s%s", differs ? "*" : " ", c->row_labels[row]);
		tui_put(t, y, r.x, v.label_w, label, differs ? ROLE_DIFF : ROLE_DIM);
		free(label);
		x = r.x + v.label_w;
		for (size_t k = v.first_col; k < v.first_col + v.n_cols_shown; k++) {
			tui_put(t, y, x + 2, v.col_w[k], c->cells[row][k], differs ? ROLE_DIFF : ROLE_NORMAL);
			x += 2 + v.col_w[k];
		}
	}
	int bottom = r.y + r.h - (v.more ? 1 : 0);
	if (c->verdict && y < bottom) {
		size_t nl = 0;
		char **lines = layout_wrap(c->verdict, r.w, &nl);
		for (size_t i = 0; i < nl && y < bottom; i++)
			tui_put(t, y++, r.x, r.w, lines[i], ROLE_PRICE);
		layout_lines_free(lines, nl);
	}
	if (v.more) {
		char *more = layout_compare_more(c, &v, t->focus == FOCUS_RESULTS, r.w);
		int w = layout_width(more);
		tui_put(t, r.y + r.h - 1, r.x + r.w - w, w, more, ROLE_DIM);
		free(more);
	}
	free(v.col_w);
}

static void draw_results(struct tui *t)
{
	struct rect r = t->lay.results;
	const struct layout *l = &t->lay;
	/* Line-drawing characters need a charset switch some terminals (and
	 * multiplexers in UTF-8 mode) ignore; plain ASCII there. */
	if (l->side_by_side)
		mvvline(r.y, r.x - 1, t->ascii ? '|' : ACS_VLINE, r.h);
	else
		mvhline(r.y - 1, 0, t->ascii ? '-' : ACS_HLINE, COLS);
	char head[96];
	bool compare = t->have_reply && t->show_compare && t->reply.compare;
	size_t n = t->have_reply ? t->reply.n_products : 0;
	/* 'v' is a key of the results pane; typing, it would be a letter */
	const char *v = t->focus == FOCUS_RESULTS ? "v" : "Esc, v";
	char toggle[32] = "";
	if (compare && t->reply.n_products)
		snprintf(toggle, sizeof toggle, " (%s: cards)", v);
	else if (!compare && t->have_reply && t->reply.compare)
		snprintf(toggle, sizeof toggle, " (%s: table)", v);
	if (compare)
		snprintf(head, sizeof head, " Comparison%s ", toggle);
	else
		snprintf(head, sizeof head, " Results (%zu%s)%s ", n, t->earlier_results ? ", earlier" : "",
		         toggle);
	int hy = l->side_by_side ? r.y : r.y - 1;
	tui_put(t, hy, r.x + 1, r.w - 2, head, t->focus == FOCUS_RESULTS ? ROLE_SELECTED : ROLE_DIM);
	struct rect body = l->side_by_side ? (struct rect){r.y + 1, r.x + 1, r.h - 1, r.w - 1}
	                                   : (struct rect){r.y, r.x, r.h, r.w};
	if (compare)
		draw_compare(t, body);
	else if (n)
		draw_cards(t, body);
	else
		tui_put(t, body.y, body.x, body.w, "Products you ask about appear here.", ROLE_DIM);
}

static void draw_chips(struct tui *t)
{
	struct rect r = t->lay.chips;
	if (!t->have_reply || !t->reply.n_suggestions)
		return;
	int x = r.x;
	tui_put(t, r.y, x, r.w, "Try:", ROLE_DIM);
	x += 5;
	for (size_t i = 0; i < t->reply.n_suggestions && i < 9 && x < r.x + r.w - 4; i++) {
		char *chip = xasprintf("%zu %s", i + 1, t->reply.suggestions[i]);
		char *fit = layout_fit(chip, r.w / 2, t->ascii);
		int w = layout_width(fit);
		tui_put(t, r.y, x, r.x + r.w - x, fit, (int)i == t->chip ? ROLE_SELECTED : ROLE_CHIP);
		x += w + 2;
		free(fit);
		free(chip);
	}
}

static void draw_input(struct tui *t)
{
	struct rect r = t->lay.input;
	const char *prompt = "> ";
	tui_put(t, r.y, r.x, 2, prompt, ROLE_SHOPPER);
	int field = r.w - 3;
	size_t start, end;
	int col;
	lineedit_view(t->input, field, &start, &end, &col);
	const char *text = lineedit_text(t->input);
	char *shown = xstrndup(text + start, end - start);
	tui_put(t, r.y, r.x + 2, field, shown, ROLE_NORMAL);
	if (t->completion && end == strlen(text)) {
		/* Ghost text after the cursor: the rest of the word when the
		 * suggestion extends what was typed, else the whole suggestion
		 * (it may differ in accents or spelling). */
		size_t n = strlen(text);
		bool extends = !strncasecmp(t->completion, text, n);
		char *ghost = extends ? xstrdup(t->completion + n)
		                      : xasprintf("  %s %s", t->ascii ? "->" : "\xe2\x86\x92",
		                                  t->completion);
		int used = layout_width(shown);
		tui_put(t, r.y, r.x + 2 + used, field - used, ghost, ROLE_DIM);
		free(ghost);
	}
	free(shown);
	if (lineedit_empty(t->input) && !t->completion)
		tui_put(t, r.y, r.x + 2, field,
		        t->o->kiosk ? "Type what you are looking for and press Enter"
		                    : "Ask for a product, compare, or check an order",
		        ROLE_DIM);
	if (t->focus == FOCUS_INPUT && t->view == VIEW_CHAT) {
		curs_set(1);
		move(r.y, r.x + 2 + col);
	} else {
		curs_set(0);
	}
}

static void draw_hint(struct tui *t)
{
	struct rect r = t->lay.hint;
	if (!r.h && !t->notice)
		return;
	if (!r.h) /* no hint line: a notice borrows the chips line */
		r = t->lay.chips;
	if (t->notice) {
		band(t, r, t->notice, ROLE_NOTICE);
		return;
	}
	long waited = t->busy ? (long)(time(NULL) - t->busy_since) : 0;
	if (waited >= 1) {
		char waiting[64];
		snprintf(waiting, sizeof waiting, "Waiting for the answer... %ld s (type away)", waited);
		tui_put(t, r.y, r.x, r.w, waiting, ROLE_NOTICE);
		return;
	}
	const char *keys;
	if (t->loading)
		keys = "Opening the catalog... (type away)";
	else if (t->focus == FOCUS_RESULTS && t->show_compare && t->reply.compare)
		keys = "Up/Down PgUp/PgDn rows  Left/Right columns  v cards  Esc typing  F1 help";
	else if (t->focus == FOCUS_RESULTS)
		keys = "Up/Down PgUp/PgDn choose  Enter details  1-9 suggestion  Esc typing  F1 help";
	else if (t->o->kiosk)
		keys = "Enter send  Tab complete  Esc results  F1 help  F2 staff";
	else
		keys = "Enter send  Tab complete  Esc results  PgUp/PgDn scroll  F1 help  Ctrl-C quit";
	tui_put(t, r.y, r.x, r.w, keys, ROLE_DIM);
}

void tui_draw_chat_screen(struct tui *t)
{
	draw_top(t);
	draw_chat(t);
	draw_results(t);
	draw_chips(t);
	draw_hint(t);
	draw_input(t); /* last: it places the cursor */
}

/* An overlay framed over the body, with a title; returns its inside. */
static struct rect open_overlay(struct tui *t, const char *title)
{
	draw_top(t);
	struct rect b = tui_body(t);
	for (int y = b.y; y < b.y + b.h; y++)
		mvhline(y, 0, ' ', COLS);
	tui_draw_box_title(t, (struct rect){b.y, b.x, 1, b.w}, title);
	draw_hint(t);
	curs_set(0);
	return (struct rect){b.y + 1, b.x + 1, b.h - 1, b.w - 2};
}

static void add_wrapped(struct line **lines, size_t *n, size_t *cap, const char *text, int width,
                        enum tui_role role)
{
	size_t nw = 0;
	char **w = layout_wrap(text, width, &nw);
	*lines = xgrow(*lines, cap, *n + nw, sizeof **lines);
	for (size_t i = 0; i < nw; i++)
		(*lines)[(*n)++] = (struct line){w[i], role};
	free(w); /* the strings moved into lines */
}

void tui_draw_details(struct tui *t)
{
	struct rect r =
		open_overlay(t, "Product details  (Up/Down, PgUp/PgDn scroll; any other key closes)");
	const struct product_view *d = &t->details;
	struct line *lines = NULL;
	size_t n = 0, cap = 0;
	char price[64], stars[32], stock[32];
	struct buf b;
	buf_init(&b);
	if (d->variant) {
		char *name = xasprintf("%s, %s", d->name, d->variant);
		add_wrapped(&lines, &n, &cap, name, r.w, ROLE_SHOPPER);
		free(name);
	} else {
		add_wrapped(&lines, &n, &cap, d->name, r.w, ROLE_SHOPPER);
	}
	layout_price(d->price_cents, d->has_price, d->currency, price, sizeof price);
	/* wrapping folds runs of spaces, so the parts are set apart with dots */
	const char *dot = t->ascii ? " - " : " \xc2\xb7 ";
	buf_printf(&b, "%s%s%s", d->brand ? d->brand : "", d->brand ? dot : "", price);
	add_wrapped(&lines, &n, &cap, b.s, r.w, ROLE_PRICE);
	buf_reset(&b);
	layout_stock(d->has_stock, d->stock, stock, sizeof stock);
	if (d->has_rating) {
		layout_stars(d->rating, t->ascii, stars, sizeof stars);
		buf_printf(&b, "%s %.1f (%lld reviews)%s", stars, d->rating, (long long)d->review_count,
		           *stock ? dot : "");
	}
	buf_adds(&b, stock);
	add_wrapped(&lines, &n, &cap, b.s, r.w, ROLE_NORMAL);
	const char *const labels[] = {"Category", "Color", "Material", "Link", "Id"};
	const char *const values[] = {d->category, d->color, d->material, d->url, d->id};
	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++) {
		if (!values[i] || !*values[i])
			continue;
		buf_reset(&b);
		buf_printf(&b, "%s: %s", labels[i], values[i]);
		add_wrapped(&lines, &n, &cap, b.s, r.w, ROLE_DIM);
	}
	if (d->description && *d->description) {
		add_wrapped(&lines, &n, &cap, "", r.w, ROLE_NORMAL);
		add_wrapped(&lines, &n, &cap, d->description, r.w, ROLE_NORMAL);
	}
	/* the listing's bullet points, a line each */
	for (const char *s = d->notes ? d->notes : ""; *s;) {
		size_t len = strcspn(s, "\n");
		buf_reset(&b);
		buf_printf(&b, "- %.*s", (int)len, s);
		add_wrapped(&lines, &n, &cap, b.s, r.w, ROLE_NORMAL);
		s += len;
		if (*s == '\n')
			s++;
	}
	if (d->n_attrs)
		add_wrapped(&lines, &n, &cap, "", r.w, ROLE_NORMAL);
	for (size_t i = 0; i < d->n_attrs; i++) {
		buf_reset(&b);
		buf_printf(&b, "%s: %s", d->attrs[i].key, d->attrs[i].value);
		add_wrapped(&lines, &n, &cap, b.s, r.w, ROLE_NORMAL);
	}
	buf_release(&b);
	int max_scroll = (int)n > r.h ? (int)n - r.h : 0;
	if (t->details_scroll > max_scroll)
		t->details_scroll = max_scroll;
	for (int row = 0; row < r.h && (size_t)(t->details_scroll + row) < n; row++) {
		const struct line *l = &lines[t->details_scroll + row];
		tui_put(t, r.y + row, r.x, r.w, l->text, l->role);
	}
	for (size_t i = 0; i < n; i++)
		free(lines[i].text);
	free(lines);
}

static const struct layout_help help[] = {
	{NULL, "Type what you want and press Enter: \"wireless earbuds under $80\", \"compare the "
	       "first two\", \"add the second to my cart\", \"where is order 10422?\""},
	{NULL, ""},
	{"Enter", "send the line"},
	{"Tab / Shift-Tab", "take the live suggestion, or step through the suggestions"},
	{"Alt-1..9", "send suggestion 1..9"},
	{"Esc", "move to the results: Up/Down or PgUp/PgDn choose, Enter details, v table or "
	        "cards; a table's rows Up/Down and PgUp/PgDn, its columns Left/Right; Esc back "
	        "to typing"},
	{"Left/Right, Home/End, Ctrl-A/E", "move in the line"},
	{"Backspace, Delete, Ctrl-K/U/W/Y", "delete to end/start, word, paste back"},
	{"Up/Down", "earlier lines"},
	{"PgUp/PgDn, wheel", "scroll the conversation"},
	{"Ctrl-L", "redraw the screen"},
};

static const struct layout_help quit_help[] = {
	{"Ctrl-C or bye", "quit"},
};

static const struct layout_help kiosk_help[] = {
	{"F2 or Ctrl-C", "staff sign-in (staff PIN)"},
	{NULL, "The screen starts over by itself when nobody has typed for a while."},
};

void tui_draw_help(struct tui *t)
{
	struct rect r = open_overlay(t, "Help  (Up/Down, PgUp/PgDn scroll; any other key closes)");
	size_t n = 0, nq = 0;
	char **lines = layout_help(help, sizeof help / sizeof help[0], 17, r.w, &n);
	char **more = t->o->kiosk ? layout_help(kiosk_help, 2, 17, r.w, &nq)
	                          : layout_help(quit_help, 1, 17, r.w, &nq);
	lines = xrealloc(lines, (n + nq) * sizeof *lines);
	memcpy(lines + n, more, nq * sizeof *more);
	free(more);
	n += nq;
	/* at 40x12 the help is three screens long: it scrolls */
	int max_scroll = (int)n > r.h ? (int)n - (r.h - 1) : 0;
	t->help_scroll = t->help_scroll < 0 ? 0 : t->help_scroll > max_scroll ? max_scroll
	                                                                       : t->help_scroll;
	int rows = (size_t)t->help_scroll + (size_t)r.h < n ? r.h - 1 : r.h;
	for (int row = 0; row < rows && (size_t)(t->help_scroll + row) < n; row++)
		tui_put(t, r.y + row, r.x, r.w, lines[t->help_scroll + row], ROLE_NORMAL);
	if (rows < r.h) {
		size_t below = n - (size_t)(t->help_scroll + rows);
		char note[64];
		snprintf(note, sizeof note, " %zu more line%s (Down/PgDn) ", below, below == 1 ? "" : "s");
		int w = layout_width(note);
		tui_put(t, r.y + r.h - 1, r.x + (r.w > w ? r.w - w : 0), w, note, ROLE_NOTICE);
	}
	layout_lines_free(lines, n);
}

void tui_draw_confirm(struct tui *t)
{
	struct rect r = open_overlay(t, "Quit?");
	char price[64], msg[160];
	layout_price(t->cart_total_cents, true, NULL, price, sizeof price);
	snprintf(msg, sizeof msg, "Your cart holds %d item%s (%s). Quit anyway? (y/n)",
	         t->cart_count, t->cart_count == 1 ? "" : "s", price);
	tui_put(t, r.y + 1, r.x, r.w, msg, ROLE_NOTICE);
}
