/*
 * tui_kiosk.c: what makes `clerk --kiosk` a kiosk: no way out to a shell,
 * the staff sign-in and staff screens, and the idle reset.
 *
 * The terminal is in raw mode (tui.c), so Ctrl-C, Ctrl-Z and Ctrl-\ arrive
 * as keys; the signals are ignored as well in case one comes from
 * elsewhere (a job-control shell, a stray kill). The PIN check, its lockout
 * and the staff queries are catalog functions (catalog/staff.h).
 */
#include "src/tui/tui_int.h"

#include <curses.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"

#define KEY_CTRL(c) ((c) & 0x1f)
#define STAFF_LIST_LIMIT 50

void tui_kiosk_signals(bool kiosk)
{
	if (!kiosk)
		return;
	static const int ignored[] = {SIGINT, SIGQUIT, SIGTSTP, SIGTTIN, SIGTTOU};
	for (size_t i = 0; i < sizeof ignored / sizeof ignored[0]; i++)
		signal(ignored[i], SIG_IGN);
}

void tui_kiosk_clear_staff(struct tui *t)
{
	staff_orders_free(t->orders, t->n_orders);
	t->orders = NULL;
	t->n_orders = 0;
	staff_handoffs_free(t->handoffs, t->n_handoffs);
	t->handoffs = NULL;
	t->n_handoffs = 0;
	t->staff_prompt = false;
}

/* Forgets everything about the shopper: conversation, cart, results,
 * history, anything typed, and any staff screen. */
void tui_kiosk_reset(struct tui *t)
{
	if (!tui_ready(t))
		return;
	dialogue_reset(t->d);
	for (size_t i = 0; i < t->n_msgs; i++)
		free(t->msgs[i].text);
	t->n_msgs = 0;
	if (t->have_reply)
		reply_release(&t->reply);
	t->have_reply = false;
	if (t->have_details)
		product_view_release(&t->details);
	t->have_details = false;
	tui_kiosk_clear_staff(t);
	lineedit_forget(t->input);
	lineedit_forget(t->pin);
	free(t->completion);
	t->completion = NULL;
	tui_set_notice(t, NULL);
	t->cart_count = 0;
	t->cart_total_cents = 0;
	t->selected = 0;
	t->chip = -1;
	t->chat_scroll = 0;
	t->view = VIEW_CHAT;
	t->focus = FOCUS_INPUT;
	t->counting_down = false;
	t->reset_at = 0;
	tui_add_msg(t, false, false, tui_welcome(t));
	clearok(curscr, TRUE); /* repaint every cell: nothing of the last shopper stays */
}

/* Whether the screen shows anything a next shopper should not see. */
static bool dirty(const struct tui *t)
{
	return t->n_msgs > 1 || t->have_reply || !lineedit_empty(t->input) || t->cart_count ||
	       t->view != VIEW_CHAT || t->orders || t->handoffs;
}

void tui_kiosk_tick(struct tui *t, time_t now)
{
	if (t->reset_at && now >= t->reset_at) {
		tui_kiosk_reset(t);
		return;
	}
	if (!dirty(t)) {
		t->counting_down = false;
		return;
	}
	time_t idle = now - t->last_key;
	if (idle >= t->o->kiosk_idle_seconds + t->o->kiosk_countdown_seconds)
		tui_kiosk_reset(t);
	else if (idle >= t->o->kiosk_idle_seconds)
		t->counting_down = true;
}

void tui_kiosk_draw_countdown(struct tui *t, time_t now)
{
	long left = (long)(t->last_key + t->o->kiosk_idle_seconds +
	                   t->o->kiosk_countdown_seconds - now);
	if (left < 0)
		left = 0;
	char msg[128];
	snprintf(msg, sizeof msg, " Still there? Starting over in %ld s - press any key to stay ", left);
	int w = layout_width(msg);
	int x = COLS > w ? (COLS - w) / 2 : 0;
	int y = LINES / 2;
	attrset(t->attr[ROLE_NOTICE]);
	mvhline(y - 1, x, ' ', w < COLS ? w : COLS);
	mvhline(y + 1, x, ' ', w < COLS ? w : COLS);
	attrset(A_NORMAL);
	tui_put(t, y, x, COLS - x, msg, ROLE_NOTICE);
}

void tui_kiosk_open_pin(struct tui *t)
{
	lineedit_clear(t->pin);
	t->view = VIEW_PIN;
	tui_set_notice(t, NULL);
}

static void sign_in(struct tui *t)
{
	char *pin = lineedit_submit(t->pin);
	struct staff_signin s;
	char *err = NULL;
	if (!tui_ready(t)) {
		free(pin);
		return;
	}
	if (session_staff_sign_in(t->d, pin, t->o->kiosk_lockout_seconds, &s, &err) < 0) {
		tui_set_notice(t, "Sign-in failed: %s", err);
	} else if (s.result == STAFF_PIN_OK) {
		t->view = VIEW_STAFF;
	} else if (s.result == STAFF_PIN_WRONG) {
		tui_set_notice(t, "Wrong PIN. %d attempt%s left before sign-in locks.", s.attempts_left,
		               s.attempts_left == 1 ? "" : "s");
	} else if (s.result == STAFF_PIN_LOCKED) {
		long mins = (long)((s.locked_until - (int64_t)time(NULL) + 59) / 60);
		tui_set_notice(t, "Too many wrong PINs: sign-in is locked for %ld minute%s.",
		               mins < 1 ? 1 : mins, mins == 1 ? "" : "s");
		t->view = VIEW_CHAT;
	} else {
		tui_set_notice(t, "No staff PIN is set (clerk kiosk-pin).");
		t->view = VIEW_CHAT;
	}
	free(err);
	/* The typed PIN is gone from memory as well as from the field. */
	explicit_bzero(pin, strlen(pin));
	free(pin);
}

bool tui_kiosk_key_pin(struct tui *t, int key, bool code)
{
	if (!code && (key == '\r' || key == '\n')) {
		sign_in(t);
	} else if (code && key == KEY_ENTER) {
		sign_in(t);
	} else if (!code && (key == 27 || key == KEY_CTRL('C'))) {
		lineedit_clear(t->pin);
		t->view = VIEW_CHAT;
	} else if (code && key == KEY_BACKSPACE) {
		lineedit_do(t->pin, LE_BACKSPACE);
	} else if (!code && (key == 0x7f || key == KEY_CTRL('H'))) {
		lineedit_do(t->pin, LE_BACKSPACE);
	} else if (!code && key == KEY_CTRL('U')) {
		lineedit_clear(t->pin);
	} else if (!code && key >= ' ') {
		lineedit_insert_cp(t->pin, key);
	}
	return true;
}

static struct rect staff_panel(struct tui *t, const char *title)
{
	struct rect b = tui_body(t);
	for (int y = 0; y < LINES; y++)
		mvhline(y, 0, ' ', COLS);
	tui_draw_box_title(t, (struct rect){0, 0, 1, COLS}, "clerk - kiosk");
	tui_draw_box_title(t, (struct rect){b.y, b.x, 1, b.w}, title);
	return (struct rect){b.y + 2, b.x + 2, b.h - 2, b.w - 4};
}

static void draw_notice_line(struct tui *t)
{
	struct rect r = t->lay.hint.h ? t->lay.hint : t->lay.chips;
	if (t->notice)
		tui_put(t, r.y, r.x, r.w, t->notice, ROLE_NOTICE);
}

void tui_kiosk_draw_pin(struct tui *t)
{
	struct rect r = staff_panel(t, "Staff sign-in");
	tui_put(t, r.y, r.x, r.w, "Enter the staff PIN and press Enter (Esc cancels).", ROLE_NORMAL);
	/* One star per character typed, never the characters. */
	size_t n = strlen(lineedit_text(t->pin));
	char stars[STAFF_PIN_MAX_LEN + 8];
	snprintf(stars, sizeof stars, "PIN: ");
	for (size_t i = 0; i < n && i < STAFF_PIN_MAX_LEN; i++)
		strcat(stars, "*");
	tui_put(t, r.y + 2, r.x, r.w, stars, ROLE_SHOPPER);
	draw_notice_line(t);
	curs_set(1);
	move(r.y + 2, r.x + 5 + (int)n);
}

void tui_kiosk_draw_staff(struct tui *t)
{
	struct rect r = staff_panel(t, "Staff mode");
	static const char *const items[] = {
		"1  Look up a customer's orders",
		"2  Hand-off requests (customers who asked for a person)",
		"3  Sign out (back to the shopper screen)",
		"4  Quit the kiosk",
	};
	for (size_t i = 0; i < sizeof items / sizeof items[0] && (int)i * 2 < r.h; i++)
		tui_put(t, r.y + (int)i * 2, r.x, r.w, items[i], ROLE_NORMAL);
	draw_notice_line(t);
	curs_set(0);
}

static void load_handoffs(struct tui *t)
{
	char *err = NULL;
	if (!tui_ready(t))
		return;
	staff_handoffs_free(t->handoffs, t->n_handoffs);
	t->handoffs = NULL;
	t->n_handoffs = 0;
	if (session_staff_handoffs(t->d, STAFF_LIST_LIMIT, &t->handoffs, &t->n_handoffs, &err) < 0)
		tui_set_notice(t, "cannot read hand-off requests: %s", err);
	free(err);
	t->view = VIEW_STAFF_HANDOFFS;
}

static void staff_orders(struct tui *t)
{
	tui_kiosk_clear_staff(t);
	lineedit_clear(t->input);
	t->staff_prompt = true;
	t->view = VIEW_STAFF_ORDERS;
}

static void staff_sign_out(struct tui *t)
{
	tui_kiosk_clear_staff(t);
	t->view = VIEW_CHAT;
}

static void staff_quit(struct tui *t)
{
	t->quit = true;
}

/* The staff menu: a key per item, as drawn by tui_kiosk_draw_staff(). */
static const struct {
	int key;
	void (*fn)(struct tui *t);
} staff_menu[] = {
	{'1', staff_orders}, {'2', load_handoffs}, {'3', staff_sign_out},
	{27, staff_sign_out}, {'4', staff_quit},
};

bool tui_kiosk_key_staff(struct tui *t, int key, bool code)
{
	for (size_t i = 0; !code && i < sizeof staff_menu / sizeof staff_menu[0]; i++)
		if (staff_menu[i].key == key)
			staff_menu[i].fn(t);
	return true;
}

static void find_orders(struct tui *t)
{
	if (!tui_ready(t))
		return;
	char *who = lineedit_submit(t->input);
	char *err = NULL;
	staff_orders_free(t->orders, t->n_orders);
	t->orders = NULL;
	t->n_orders = 0;
	if (session_staff_orders(t->d, who, STAFF_LIST_LIMIT, &t->orders, &t->n_orders, &err) < 0)
		tui_set_notice(t, "cannot look up orders: %s", err);
	else if (!t->n_orders)
		tui_set_notice(t, "No orders for '%.60s'.", who);
	t->staff_prompt = false;
	free(err);
	free(who);
	/* Staff lookups stay out of the shopper's history. */
	lineedit_forget(t->input);
}

bool tui_kiosk_key_orders(struct tui *t, int key, bool code)
{
	if (!t->staff_prompt) {
		if (!code && (key == '/' || key == '1')) {
			t->staff_prompt = true;
		} else {
			tui_kiosk_clear_staff(t);
			t->view = VIEW_STAFF;
		}
		return true;
	}
	int op = tui_edit_op(key, code);
	if (op >= 0 && op != LE_HISTORY_PREV && op != LE_HISTORY_NEXT)
		lineedit_do(t->input, (enum lineedit_op)op);
	else if ((!code && (key == '\r' || key == '\n')) || (code && key == KEY_ENTER))
		find_orders(t);
	else if (!code && key == 27) {
		lineedit_clear(t->input);
		t->staff_prompt = false;
		t->view = VIEW_STAFF;
	} else if (!code && key >= ' ')
		lineedit_insert_cp(t->input, key);
	return true;
}

void tui_kiosk_draw_orders(struct tui *t)
{
	struct rect r = staff_panel(t, "Staff mode - customer orders");
	if (t->staff_prompt) {
		tui_put(t, r.y, r.x, r.w, "Customer id, e-mail or order number (Enter looks up, Esc back):",
		        ROLE_NORMAL);
		char *line = xasprintf("> %s", lineedit_text(t->input));
		tui_put(t, r.y + 1, r.x, r.w, line, ROLE_SHOPPER);
		free(line);
		draw_notice_line(t);
		curs_set(1);
		size_t start, end;
		int col;
		lineedit_view(t->input, r.w - 3, &start, &end, &col);
		move(r.y + 1, r.x + 2 + col);
		return;
	}
	curs_set(0);
	tui_put(t, r.y, r.x, r.w, "Order      Placed       Status     Items  Total       Customer",
	        ROLE_DIM);
	for (size_t i = 0; i < t->n_orders && (int)i + 1 < r.h - 1; i++) {
		const struct staff_order *o = &t->orders[i];
		char price[64], row[256];
		layout_price(o->total_cents, true, o->currency, price, sizeof price);
		snprintf(row, sizeof row, "%-10.10s %-12.10s %-10.10s %5lld  %-11s %s", o->id,
		         o->placed_at ? o->placed_at : "", o->status, (long long)o->items, price,
		         o->customer ? o->customer : "-");
		tui_put(t, r.y + 1 + (int)i, r.x, r.w, row, ROLE_NORMAL);
	}
	tui_put(t, r.y + r.h - 1, r.x, r.w, "1 or / new lookup, any other key back to the menu",
	        ROLE_DIM);
	draw_notice_line(t);
}

bool tui_kiosk_key_handoffs(struct tui *t, int key, bool code)
{
	(void)key;
	(void)code;
	tui_kiosk_clear_staff(t);
	t->view = VIEW_STAFF;
	return true;
}

void tui_kiosk_draw_handoffs(struct tui *t)
{
	struct rect r = staff_panel(t, "Staff mode - hand-off requests");
	curs_set(0);
	if (!t->n_handoffs)
		tui_put(t, r.y, r.x, r.w, "No hand-off requests.", ROLE_DIM);
	int y = r.y;
	for (size_t i = 0; i < t->n_handoffs && y < r.y + r.h - 2; i++) {
		const struct staff_handoff *h = &t->handoffs[i];
		char when[32] = "";
		time_t at = (time_t)h->at;
		struct tm tm;
		if (localtime_r(&at, &tm))
			strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
		char *head = xasprintf("%s  %s  customer %s", when, h->reference,
		                       h->customer ? h->customer : "(guest)");
		tui_put(t, y++, r.x, r.w, head, ROLE_SHOPPER);
		free(head);
		if (h->message && *h->message)
			tui_put(t, y++, r.x + 2, r.w - 2, h->message, ROLE_NORMAL);
	}
	tui_put(t, r.y + r.h - 1, r.x, r.w, "any key: back to the menu", ROLE_DIM);
	draw_notice_line(t);
}
