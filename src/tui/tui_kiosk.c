/*
 * tui_kiosk.c: what makes `clerk --kiosk` a kiosk: no way out to a shell,
 * the staff sign-in and staff screens, and the idle reset.
 *
 * The terminal is in raw mode (tui.c), so Ctrl-C, Ctrl-Z and Ctrl-\ arrive
 * as keys; the signals are ignored as well in case one comes from
 * elsewhere (a job-control shell, a stray kill). The PIN check, its lockout
 * and the staff queries are catalog functions (catalog/staff.h).
 *
 * Staff at the counter: kiosk orders waiting there (mark paid, picked up,
 * or cancel with a reason), hand-offs (close with a note), and the staff
 * report (tui_report.c). Signing out resets the kiosk as the idle reset
 * does, so nothing of the shopper before stays on screen or in memory.
 *
 * The staff screens take one-key commands and, in their prompts, typed
 * words; words must never turn into commands. A prompt closes only on
 * text or on Esc, never on an empty Enter; a list leaves for the menu
 * only on Esc, not on any letter; and a command that changes an order or
 * quits opens a prompt or a question that takes keys only once the
 * keyboard has been still (STAFF_QUIET_MS): whatever follows the letter
 * in a word being typed is dropped, and "y" answers only on its own.
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
/* How long the keyboard is still before a prompt or question a one-key
 * command opened takes keys: longer than the gap between two keys of a
 * word, shorter than reading the question. */
#define STAFF_QUIET_MS 600
/* Below these widths the staff lists keep their essential columns only. */
#define ORDERS_WIDE_COLS 53
#define KIOSK_WIDE_COLS 52

void tui_kiosk_signals(bool kiosk)
{
	if (!kiosk)
		return;
	static const int ignored[] = {SIGINT, SIGQUIT, SIGTSTP, SIGTTIN, SIGTTOU};
	for (size_t i = 0; i < sizeof ignored / sizeof ignored[0]; i++)
		signal(ignored[i], SIG_IGN);
}

/* The staff question or prompt open, and what it was about, gone. */
static void forget_question(struct tui *t)
{
	t->staff_ask = 0;
	t->staff_confirm = 0;
	free(t->staff_ref);
	t->staff_ref = NULL;
	free(t->staff_question);
	t->staff_question = NULL;
	t->staff_quiet_until = 0;
}

void tui_kiosk_clear_staff(struct tui *t)
{
	staff_orders_free(t->orders, t->n_orders);
	t->orders = NULL;
	t->n_orders = 0;
	handoffs_free(t->handoffs, t->n_handoffs);
	t->handoffs = NULL;
	t->n_handoffs = 0;
	kiosk_orders_free(t->kiosk, t->n_kiosk);
	t->kiosk = NULL;
	t->n_kiosk = 0;
	tui_report_release(t);
	t->staff_prompt = false;
	forget_question(t);
	t->staff_sel = 0;
}

/* Forgets everything about the shopper: conversation, cart, results,
 * history, anything typed, and any staff screen. */
void tui_kiosk_reset(struct tui *t)
{
	if (!tui_ready(t))
		return;
	dialogue_reset(t->d);
	/* gone from memory, not only from the screen: the lines may hold an
	 * email, a postcode or an order number */
	for (size_t i = 0; i < t->n_msgs; i++) {
		explicit_bzero(t->msgs[i].text, strlen(t->msgs[i].text));
		free(t->msgs[i].text);
	}
	t->n_msgs = 0;
	if (t->have_reply)
		reply_release(&t->reply);
	t->have_reply = false;
	/* the results pane as at a first start: "Results (0)", never
	 * "earlier" results of a shopper who has gone */
	t->earlier_results = false;
	t->show_compare = false;
	t->compare_first = 0;
	t->compare_row = 0;
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
	       t->view != VIEW_CHAT || t->orders || t->handoffs || t->kiosk || t->have_report;
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

/* "Too many wrong PINs: sign-in is locked for 25 seconds." as the notice,
 * with the time left. */
static void notice_locked(struct tui *t)
{
	long left = (long)(t->pin_locked_until - (int64_t)time(NULL));
	if (left < 1)
		left = 1;
	if (left < 60)
		tui_set_notice(t, "Too many wrong PINs: sign-in is locked for %ld second%s.", left,
		               left == 1 ? "" : "s");
	else
		tui_set_notice(t, "Too many wrong PINs: sign-in is locked for %ld minute%s.",
		               (left + 59) / 60, (left + 59) / 60 == 1 ? "" : "s");
}

void tui_kiosk_open_pin(struct tui *t)
{
	lineedit_clear(t->pin);
	t->pin_waiting = false;
	t->view = VIEW_PIN;
	tui_set_notice(t, NULL);
	if (t->pin_locked_until > (int64_t)time(NULL))
		notice_locked(t); /* said before a PIN is typed for nothing */
}

static void sign_in(struct tui *t)
{
	/* the shopper's last answer is still coming: the PIN stays in the
	 * field (masked) and is used when the answer is in, not dropped */
	if (t->busy) {
		t->pin_waiting = true;
		tui_set_notice(t, "One moment: signing in as soon as the last answer is in.");
		return;
	}
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
		/* the box stays open: what staff type next stays masked there,
		 * never in the shopper's chat */
		t->pin_locked_until = s.locked_until;
		notice_locked(t);
	} else {
		tui_set_notice(t, "No staff PIN is set (clerk kiosk-pin).");
		t->view = VIEW_CHAT;
	}
	free(err);
	/* The typed PIN is gone from memory as well as from the field. */
	explicit_bzero(pin, strlen(pin));
	free(pin);
}

void tui_kiosk_pin_ready(struct tui *t)
{
	if (!t->pin_waiting)
		return;
	t->pin_waiting = false;
	if (t->view == VIEW_PIN)
		sign_in(t);
}

bool tui_kiosk_key_pin(struct tui *t, int key, bool code)
{
	if (t->pin_waiting && !(!code && (key == 27 || key == KEY_CTRL('C'))))
		return true; /* the PIN is in; only Esc takes it back */
	if (!code && (key == '\r' || key == '\n')) {
		sign_in(t);
	} else if (code && key == KEY_ENTER) {
		sign_in(t);
	} else if (!code && (key == 27 || key == KEY_CTRL('C'))) {
		lineedit_clear(t->pin);
		t->pin_waiting = false;
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

/* The notice on the last line, wrapped upwards over the lines below the
 * panel when it is longer than the screen is wide. */
static void draw_notice_line(struct tui *t)
{
	if (!t->notice)
		return;
	size_t n = 0;
	char **lines = layout_wrap(t->notice, COLS, &n);
	int room = LINES - t->lay.chips.y;
	int shown = (int)n < room ? (int)n : room;
	for (int i = 0; i < shown; i++)
		tui_put(t, LINES - shown + i, 0, COLS, lines[i], ROLE_NOTICE);
	layout_lines_free(lines, n);
}

/* wide when it fits w columns, else narrow. */
static const char *fits(int w, const char *wide, const char *narrow)
{
	return layout_width(wide) <= w ? wide : narrow;
}

/* The first of n rows to show in room rows so that row sel is on screen. */
static size_t first_shown(int sel, int room, size_t n)
{
	if (room < 1 || n <= (size_t)room || sel < room)
		return 0;
	return (size_t)(sel - room + 1);
}

/* "rows 3-6 of 9, Up/Down" at the right end of the line above the keys
 * when rows are off screen (a prompt or question takes that line). */
static void draw_range(struct tui *t, struct rect r, size_t first, size_t shown, size_t n)
{
	if ((first == 0 && shown >= n) || t->staff_ask || t->staff_confirm)
		return;
	char range[96];
	snprintf(range, sizeof range, "rows %zu-%zu of %zu, Up/Down", first + 1, first + shown, n);
	int w = layout_width(range);
	tui_put(t, r.y + r.h - 2, r.x + (r.w > w ? r.w - w : 0), w, range, ROLE_DIM);
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

/* --- prompts and questions -------------------------------------------------- */

/* Opens a prompt for words (ask: 'x' a reason, 'c' a note) or a question
 * (confirm: 'p', 'u', 'q'; the question as drawn) about ref. Either waits
 * for the keyboard to be still before it takes a key. */
static void open_question(struct tui *t, int ask, int confirm, const char *ref,
                          const char *question)
{
	lineedit_clear(t->input);
	t->staff_ask = ask;
	t->staff_confirm = confirm;
	free(t->staff_ref);
	t->staff_ref = ref ? xstrdup(ref) : NULL;
	free(t->staff_question);
	t->staff_question = question ? xstrdup(question) : NULL;
	t->staff_quiet_until = tui_now_ms() + STAFF_QUIET_MS;
}

static void close_question(struct tui *t)
{
	lineedit_clear(t->input);
	forget_question(t);
}

/* A key that comes on the heels of the command that opened the prompt or
 * question is the rest of a word being typed, not an answer: it is
 * dropped, and the wait starts again. Esc always counts: it only ever
 * takes a question back. */
static bool typed_ahead(struct tui *t, int key, bool code)
{
	if (!code && key == 27)
		return false;
	int64_t now = tui_now_ms();
	if (now >= t->staff_quiet_until)
		return false;
	t->staff_quiet_until = now + STAFF_QUIET_MS;
	tui_set_notice(t, "Not taken: typed before the question was up.");
	return true;
}

static bool is_enter(int key, bool code)
{
	return (!code && (key == '\r' || key == '\n')) || (code && key == KEY_ENTER);
}

static bool blank(const char *s)
{
	return strspn(s, " \t") == strlen(s);
}

/* What a prompt says when Enter finds it empty, and when Esc takes it
 * back; "%s" is the order or hand-off. */
static const struct {
	int ask;
	const char *empty, *kept;
} prompts[] = {
	{'x', "A reason is needed to cancel %s: type it, or Esc keeps the order.",
	 "%s is not cancelled: nothing changed."},
	{'c', "A note is needed to close %s: type it, or Esc leaves it open.",
	 "%s stays open: nothing changed."},
};

static void prompt_notice(struct tui *t, bool empty)
{
	for (size_t i = 0; i < sizeof prompts / sizeof prompts[0]; i++)
		if (prompts[i].ask == t->staff_ask)
			tui_set_notice(t, empty ? prompts[i].empty : prompts[i].kept,
			               t->staff_ref ? t->staff_ref : "it");
}

/* The staff prompt (a reason, a note) on the input line: editing keys;
 * Enter hands the words to done(), and keeps the prompt open while there
 * are none; Esc drops it. True while it asks. */
static bool prompt_key(struct tui *t, int key, bool code,
                       void (*done)(struct tui *t, const char *text))
{
	if (!t->staff_ask)
		return false;
	if (typed_ahead(t, key, code))
		return true;
	int op = tui_edit_op(key, code);
	if (op >= 0 && op != LE_HISTORY_PREV && op != LE_HISTORY_NEXT) {
		lineedit_do(t->input, (enum lineedit_op)op);
	} else if (is_enter(key, code)) {
		if (blank(lineedit_text(t->input))) {
			prompt_notice(t, true);
			return true;
		}
		char *text = lineedit_submit(t->input);
		lineedit_forget(t->input); /* staff notes stay out of the shopper's history */
		done(t, text);
		close_question(t);
		explicit_bzero(text, strlen(text));
		free(text);
	} else if (!code && key == 27) {
		prompt_notice(t, false);
		close_question(t);
	} else if (!code && key >= ' ') {
		lineedit_insert_cp(t->input, key);
	}
	return true;
}

static void draw_prompt(struct tui *t, struct rect r, const char *question)
{
	tui_put(t, r.y + r.h - 2, r.x, r.w, question, ROLE_NORMAL);
	char *line = xasprintf("> %s", lineedit_text(t->input));
	tui_put(t, r.y + r.h - 1, r.x, r.w, line, ROLE_SHOPPER);
	free(line);
	curs_set(1);
	size_t start, end;
	int col;
	lineedit_view(t->input, r.w - 3, &start, &end, &col);
	move(r.y + r.h - 1, r.x + 2 + col);
}

/* The question over the last two lines of r, and the keys that answer. */
static void draw_question(struct tui *t, struct rect r)
{
	int y = r.y + r.h - 2;
	mvhline(y, r.x, ' ', r.w);
	mvhline(y + 1, r.x, ' ', r.w);
	tui_put(t, y, r.x, r.w, t->staff_question, ROLE_NOTICE);
	tui_put(t, y + 1, r.x, r.w,
	        t->staff_confirm == 'q' ? fits(r.w, "y quits; any other key: it keeps running",
	                                       "y quits; other keys: it runs on")
	                                : "y yes; any other key: no",
	        ROLE_NORMAL);
}

/* --- the staff menu ---------------------------------------------------------- */

void tui_kiosk_draw_staff(struct tui *t)
{
	struct rect r = staff_panel(t, "Staff mode");
	static const struct {
		const char *wide, *narrow;
	} items[] = {
		{"1  Look up a customer's orders", "1  Look up a customer's orders"},
		{"2  Hand-off requests (customers who asked for a person)", "2  Hand-off requests"},
		{"3  Sign out (back to the shopper screen)", "3  Sign out"},
		{"4  Quit the kiosk", "4  Quit the kiosk"},
		{"5  Kiosk orders at the counter (paid, picked up, cancel)", "5  Kiosk orders at the counter"},
		{"6  Report: the last 30 days", "6  Report: the last 30 days"},
	};
	int n = (int)(sizeof items / sizeof items[0]);
	int gap = r.h >= 2 * n ? 2 : 1; /* every item on screen, spaced when there is room */
	for (int i = 0; i < n && i * gap < r.h; i++)
		tui_put(t, r.y + i * gap, r.x, r.w, fits(r.w, items[i].wide, items[i].narrow),
		        ROLE_NORMAL);
	if (t->staff_confirm)
		draw_question(t, r);
	draw_notice_line(t);
	curs_set(0);
}

static void load_handoffs(struct tui *t)
{
	char *err = NULL;
	if (!tui_ready(t))
		return;
	handoffs_free(t->handoffs, t->n_handoffs);
	t->handoffs = NULL;
	t->n_handoffs = 0;
	if (session_handoffs_open(t->d, STAFF_LIST_LIMIT, &t->handoffs, &t->n_handoffs, &err) < 0)
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

/* Signing out starts the kiosk afresh for the next shopper. */
static void staff_sign_out(struct tui *t)
{
	tui_kiosk_reset(t);
}

static void load_kiosk(struct tui *t)
{
	char *err = NULL;
	if (!tui_ready(t))
		return;
	kiosk_orders_free(t->kiosk, t->n_kiosk);
	t->kiosk = NULL;
	t->n_kiosk = 0;
	if (session_kiosk_orders(t->d, STAFF_LIST_LIMIT, &t->kiosk, &t->n_kiosk, &err) < 0)
		tui_set_notice(t, "cannot read kiosk orders: %s", err);
	free(err);
	if (t->staff_sel >= (int)t->n_kiosk)
		t->staff_sel = t->n_kiosk ? (int)t->n_kiosk - 1 : 0;
	t->view = VIEW_STAFF_KIOSK;
}

static void open_report(struct tui *t)
{
	if (tui_ready(t))
		tui_report_open(t);
}

/* Quitting leaves the terminal at a shell: asked first. */
static void staff_quit(struct tui *t)
{
	open_question(t, 0, 'q', NULL, "Quit the kiosk? This terminal is left at a shell.");
}

static void back_to_menu(struct tui *t)
{
	tui_kiosk_clear_staff(t);
	t->view = VIEW_STAFF;
}

/* Moves the kiosk order ref to state; what happened goes to the notice. */
static void set_kiosk(struct tui *t, const char *ref, const char *state, const char *reason)
{
	char *err = NULL;
	if (!ref || !tui_ready(t))
		return;
	if (session_kiosk_order_set(t->d, ref, state, reason, &err) < 0)
		tui_set_notice(t, "%s", err);
	else
		tui_set_notice(t, "Order %s: %s.", ref,
		               !strcmp(state, "picked_up") ? "picked up" : state);
	free(err);
	load_kiosk(t);
}

/* The question a command asked: "y" does it, any other key takes it
 * back. True while it asks. */
static bool confirm_key(struct tui *t, int key, bool code)
{
	if (!t->staff_confirm)
		return false;
	if (typed_ahead(t, key, code))
		return true;
	int what = t->staff_confirm;
	if (!code && (key == 'y' || key == 'Y')) {
		if (what == 'q')
			t->quit = true;
		else
			set_kiosk(t, t->staff_ref, what == 'p' ? "paid" : "picked_up", NULL);
	} else {
		tui_set_notice(t, what == 'q' ? "The kiosk keeps running." : "Nothing changed.");
	}
	close_question(t);
	return true;
}

/* The staff menu: a key per item, as drawn by tui_kiosk_draw_staff(). */
static const struct {
	int key;
	void (*fn)(struct tui *t);
} staff_menu[] = {
	{'1', staff_orders}, {'2', load_handoffs}, {'3', staff_sign_out},
	{27, staff_sign_out}, {'4', staff_quit}, {'5', load_kiosk}, {'6', open_report},
};

bool tui_kiosk_key_staff(struct tui *t, int key, bool code)
{
	if (confirm_key(t, key, code))
		return true;
	for (size_t i = 0; !code && i < sizeof staff_menu / sizeof staff_menu[0]; i++) {
		if (staff_menu[i].key == key) {
			staff_menu[i].fn(t);
			return true;
		}
	}
	if (!code && key >= ' ')
		tui_set_notice(t, "Press 1 to 6 for the menu's items (Esc signs out).");
	return true;
}

/* --- a customer's orders -------------------------------------------------- */

static void find_orders(struct tui *t)
{
	if (!tui_ready(t))
		return;
	if (blank(lineedit_text(t->input))) {
		tui_set_notice(t, "Type a customer id, e-mail or order number (Esc: back to the menu).");
		return;
	}
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
		if (!code && (key == '/' || key == '1'))
			t->staff_prompt = true;
		else if (!code && key == 27)
			back_to_menu(t);
		else if (!code && key >= ' ')
			tui_set_notice(t, "1 or / looks up another; Esc goes back to the menu.");
		return true;
	}
	int op = tui_edit_op(key, code);
	if (op >= 0 && op != LE_HISTORY_PREV && op != LE_HISTORY_NEXT)
		lineedit_do(t->input, (enum lineedit_op)op);
	else if (is_enter(key, code))
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
		tui_put(t, r.y, r.x, r.w,
		        fits(r.w, "Customer id, e-mail or order number (Enter looks up, Esc back):",
		             "Customer id, e-mail or order no.:"),
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
	/* narrow: the order number, its status and total; the date, items
	 * and customer where they fit */
	bool wide = r.w >= ORDERS_WIDE_COLS;
	if (t->n_orders)
		tui_put(t, r.y, r.x, r.w,
		        wide ? "Order      Placed       Status     Items  Total       Customer"
		             : "Order      Status     Total",
		        ROLE_DIM);
	if (t->n_orders && !wide)
		tui_put(t, r.y - 1, r.x, r.w, "Not shown: placed, items, customer", ROLE_DIM);
	int room = r.h - 2; /* the heading and the keys' line */
	size_t shown = t->n_orders <= (size_t)room ? t->n_orders : (size_t)(room > 1 ? room - 1 : 0);
	for (size_t i = 0; i < shown; i++) {
		const struct staff_order *o = &t->orders[i];
		char price[64], row[256];
		layout_price(o->total_cents, true, o->currency, price, sizeof price);
		if (wide)
			snprintf(row, sizeof row, "%-10.10s %-12.10s %-10.10s %5lld  %-11s %s", o->id,
			         o->placed_at ? o->placed_at : "", o->status, (long long)o->items, price,
			         o->customer ? o->customer : "-");
		else
			snprintf(row, sizeof row, "%-10.10s %-10.10s %s", o->id, o->status, price);
		tui_put(t, r.y + 1 + (int)i, r.x, r.w, row, ROLE_NORMAL);
	}
	if (shown < t->n_orders) {
		char more[64];
		snprintf(more, sizeof more, "and %zu more, not shown", t->n_orders - shown);
		tui_put(t, r.y + 1 + (int)shown, r.x, r.w, more, ROLE_DIM);
	}
	tui_put(t, r.y + r.h - 1, r.x, r.w,
	        fits(r.w, "1 or / new lookup, Esc back to the menu", "1 or / new lookup, Esc menu"),
	        ROLE_DIM);
	draw_notice_line(t);
}

/* --- lists with a cursor ------------------------------------------------------ */

/* Up and Down move the cursor over n rows; true when key was one. */
static bool move_key(struct tui *t, int key, bool code, size_t n)
{
	if (!code || (key != KEY_UP && key != KEY_DOWN))
		return false;
	t->staff_sel += key == KEY_UP ? -1 : 1;
	if (t->staff_sel >= (int)n)
		t->staff_sel = n ? (int)n - 1 : 0;
	if (t->staff_sel < 0)
		t->staff_sel = 0;
	return true;
}

/* --- hand-offs -------------------------------------------------------------- */

static void close_handoff(struct tui *t, const char *note)
{
	char *err = NULL;
	if (!t->staff_ref || !tui_ready(t))
		return;
	if (session_handoff_close(t->d, t->staff_ref, note, &err) < 0)
		tui_set_notice(t, "%s", err);
	else
		tui_set_notice(t, "Hand-off closed.");
	free(err);
	load_handoffs(t);
	if (t->staff_sel >= (int)t->n_handoffs)
		t->staff_sel = t->n_handoffs ? (int)t->n_handoffs - 1 : 0;
}

bool tui_kiosk_key_handoffs(struct tui *t, int key, bool code)
{
	if (prompt_key(t, key, code, close_handoff) || move_key(t, key, code, t->n_handoffs))
		return true;
	if (!code && key == 'c' && t->staff_sel < (int)t->n_handoffs)
		open_question(t, 'c', 0, t->handoffs[t->staff_sel].reference, NULL);
	else if (!code && key == 27)
		back_to_menu(t);
	else if (!code && key >= ' ')
		tui_set_notice(t, "Up/Down choose, c closes with a note, Esc goes back to the menu.");
	return true;
}

void tui_kiosk_draw_handoffs(struct tui *t)
{
	struct rect r = staff_panel(t, "Staff mode - hand-off requests");
	curs_set(0);
	if (!t->n_handoffs)
		tui_put(t, r.y, r.x, r.w, "No open hand-off requests.", ROLE_DIM);
	/* a request takes two lines (its words under it): from the first
	 * that keeps the cursor's on screen */
	int room = r.h - 2;
	size_t first = first_shown(t->staff_sel, room / 2, t->n_handoffs), i = first;
	int y = r.y;
	for (; i < t->n_handoffs && y + 1 < r.y + room; i++) {
		const struct handoff *h = &t->handoffs[i];
		char when[32] = "";
		time_t at = (time_t)h->at;
		struct tm tm;
		if (localtime_r(&at, &tm))
			strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
		char *head = xasprintf("%s %s  %s  customer %s", (int)i == t->staff_sel ? ">" : " ",
		                       when, h->reference, h->customer ? h->customer : "(guest)");
		tui_put(t, y++, r.x, r.w, head, (int)i == t->staff_sel ? ROLE_SELECTED : ROLE_SHOPPER);
		free(head);
		if (h->message && *h->message)
			tui_put(t, y++, r.x + 4, r.w - 4, h->message, ROLE_NORMAL);
	}
	draw_range(t, r, first, i - first, t->n_handoffs);
	if (t->staff_ask == 'c')
		draw_prompt(t, r,
		            fits(r.w, "A note of what was done (Enter closes the hand-off, Esc cancels):",
		                 "Note of what was done (Esc keeps it)"));
	else
		tui_put(t, r.y + r.h - 1, r.x, r.w,
		        fits(r.w, "Up/Down choose, c close with a note, Esc: back to the menu",
		             "c close with a note, Esc menu"),
		        ROLE_DIM);
	draw_notice_line(t);
}

/* --- kiosk orders at the counter -------------------------------------------- */

static void cancel_kiosk(struct tui *t, const char *reason)
{
	set_kiosk(t, t->staff_ref, "cancelled", reason);
}

/* p: asks before an open order is marked paid. */
static void ask_paid(struct tui *t, const struct kiosk_order *o)
{
	if (strcmp(o->state, "open")) {
		tui_set_notice(t, "%s is %s already.", o->pickup, o->state);
		return;
	}
	char price[64];
	layout_price(o->total_cents, true, o->currency, price, sizeof price);
	char *q = xasprintf("Mark %s paid? (%s taken)", o->pickup, price);
	open_question(t, 0, 'p', o->pickup, q);
	free(q);
}

/* u: an order is handed over only once it is paid (the till and the
 * record agree), and then only after a "y". */
static void ask_picked_up(struct tui *t, const struct kiosk_order *o)
{
	if (!strcmp(o->state, "open")) {
		char price[64];
		layout_price(o->total_cents, true, o->currency, price, sizeof price);
		tui_set_notice(t, "%s is not paid yet (%s): take the payment and mark it paid (p) first.",
		               o->pickup, price);
		return;
	}
	char *q = xasprintf("Mark %s picked up? (handed to the shopper)", o->pickup);
	open_question(t, 0, 'u', o->pickup, q);
	free(q);
}

bool tui_kiosk_key_kiosk(struct tui *t, int key, bool code)
{
	if (confirm_key(t, key, code) || prompt_key(t, key, code, cancel_kiosk) ||
	    move_key(t, key, code, t->n_kiosk))
		return true;
	const struct kiosk_order *o = t->staff_sel < (int)t->n_kiosk ? &t->kiosk[t->staff_sel] : NULL;
	if (!code && o && key == 'p')
		ask_paid(t, o);
	else if (!code && o && key == 'u')
		ask_picked_up(t, o);
	else if (!code && o && key == 'x')
		open_question(t, 'x', 0, o->pickup, NULL);
	else if (!code && key == 27)
		back_to_menu(t);
	else if (!code && key >= ' ')
		tui_set_notice(t, "Up/Down choose, p paid, u picked up, x cancel, Esc: back to the menu.");
	return true;
}

void tui_kiosk_draw_kiosk(struct tui *t)
{
	struct rect r = staff_panel(t, fits(COLS - 2, "Staff mode - kiosk orders at the counter",
	                                    "Staff - kiosk orders at the counter"));
	curs_set(0);
	/* narrow: the pickup code the shopper quotes, the state and the
	 * total; the order number and the items where they fit */
	bool wide = r.w >= KIOSK_WIDE_COLS;
	if (!t->n_kiosk)
		tui_put(t, r.y, r.x, r.w, "No kiosk orders waiting.", ROLE_DIM);
	else if (wide)
		tui_put(t, r.y, r.x, r.w, "  Pickup    Order      State      Items  Total", ROLE_DIM);
	else
		tui_put(t, r.y, r.x, r.w, "  Pickup  State      Total", ROLE_DIM);
	if (t->n_kiosk && !wide)
		tui_put(t, r.y - 1, r.x, r.w, "Not shown: order no., items", ROLE_DIM);
	int room = r.h - 3; /* the heading, and two lines for the keys or a question */
	size_t first = first_shown(t->staff_sel, room, t->n_kiosk), i = first;
	for (; i < t->n_kiosk && (int)(i - first) < room; i++) {
		const struct kiosk_order *o = &t->kiosk[i];
		const char *mark = (int)i == t->staff_sel ? ">" : " ";
		char price[64], row[256];
		layout_price(o->total_cents, true, o->currency, price, sizeof price);
		if (wide)
			snprintf(row, sizeof row, "%s %-9.9s %-10.10s %-10.10s %5lld  %s", mark, o->pickup,
			         o->order, o->state, (long long)o->items, price);
		else
			snprintf(row, sizeof row, "%s %-7.7s %-10.10s %s", mark, o->pickup, o->state, price);
		tui_put(t, r.y + 1 + (int)(i - first), r.x, r.w, row,
		        (int)i == t->staff_sel ? ROLE_SELECTED : ROLE_NORMAL);
	}
	draw_range(t, r, first, i - first, t->n_kiosk);
	if (t->staff_ask == 'x')
		draw_prompt(t, r,
		            fits(r.w, "Why is it cancelled? (Enter cancels the order, Esc keeps it):",
		                 "Why is it cancelled? (Esc keeps it)"));
	else if (t->staff_confirm)
		draw_question(t, r);
	else
		tui_put(t, r.y + r.h - 1, r.x, r.w,
		        fits(r.w, "Up/Down choose, p paid, u picked up, x cancel (asks why), Esc: menu",
		             fits(r.w, "Up/Down choose, p paid, u picked up, x cancel, Esc menu",
		                  "p paid, u picked up, x cancel, Esc")),
		        ROLE_DIM);
	draw_notice_line(t);
}
