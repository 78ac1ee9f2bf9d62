/*
 * tui.c: the session loop of the curses front end and its key maps.
 *
 * The loop waits for a key at most a quarter second (the kiosk's idle
 * countdown needs the ticks), hands the key to the current view's handler
 * from the `views` table, and repaints. A line the shopper submits goes to
 * dialogue_turn() on a thread of its own, so the screen keeps answering
 * keys while a slow order service is waited for; the loop then looks for
 * the reply every few milliseconds and keeps it whole for tui_draw.c.
 */
#include "src/tui/tui_int.h"

#include <curses.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/sanitize.h"
#include "common/xalloc.h"

#define KEY_CTRL(c) ((c) & 0x1f)
#define TICK_MS 250
/* How often the loop looks for a running turn's reply. */
#define BUSY_TICK_MS 20

/* --- the live suggestion hook ------------------------------------------ */

/* The one place the catalog's autocomplete plugs in: the full line to
 * offer for `text`, or NULL. Nothing while the catalog is still loading:
 * a keystroke never waits. */
static char *complete(struct tui *t, const char *text)
{
	if (t->loading || t->busy || !t->completing)
		return NULL;
	return session_complete(t->d, text);
}

static void refresh_completion(struct tui *t)
{
	free(t->completion);
	t->completion = NULL;
	/* keys arriving faster than they can be drawn (a paste): completed
	 * once they stop */
	if (t->burst) {
		t->completion_stale = true;
		return;
	}
	t->completion_stale = false;
	const char *text = lineedit_text(t->input);
	if (*text && lineedit_cursor(t->input) == strlen(text))
		t->completion = complete(t, text);
	if (t->completion && strlen(t->completion) <= strlen(text)) {
		free(t->completion);
		t->completion = NULL;
	}
	/* typed in lower case, completed in lower case ("headphones un" is
	 * not "headphones Unit") */
	bool upper = false;
	for (const char *c = text; *c && !upper; c++)
		upper = isupper((unsigned char)*c);
	if (t->completion && !upper)
		for (char *c = t->completion; *c; c++)
			*c = (char)tolower((unsigned char)*c);
}

/* --- turns --------------------------------------------------------------- */

static void request_quit(struct tui *t)
{
	if (t->o->kiosk) {
		tui_kiosk_open_pin(t);
		return;
	}
	if (t->cart_count > 0)
		t->view = VIEW_CONFIRM_QUIT;
	else
		t->quit = true;
}

static void take_reply(struct tui *t, struct reply *r)
{
	bool keep = t->have_reply && !r->n_products && !r->compare &&
	            (t->reply.n_products || t->reply.compare);
	if (keep) {
		/* A reply that shows nothing (a cart change, an answer) leaves the
		 * last products on screen: the shopper still refers to them. */
		r->products = t->reply.products;
		r->n_products = t->reply.n_products;
		r->compare = t->reply.compare;
		t->reply.products = NULL;
		t->reply.n_products = 0;
		t->reply.compare = NULL;
	}
	if (t->have_reply)
		reply_release(&t->reply);
	t->reply = *r;
	t->have_reply = true;
	t->chip = -1;
	t->earlier_results = keep;
	if (keep)
		return;
	t->selected = 0;
	t->compare_first = 0;
	t->compare_row = 0;
	t->show_compare = r->compare != NULL;
	if (!r->n_products && !r->compare && t->focus == FOCUS_RESULTS)
		t->focus = FOCUS_INPUT;
}

static void *load_dialogue(void *arg)
{
	struct tui *t = arg;
	t->loaded_d = dialogue_new(t->o->dialogue, &t->load_err);
	/* Live suggestions are a help, not a need: without them the line
	 * still works. */
	if (t->loaded_d)
		t->completing = session_prepare_completion(t->loaded_d, NULL) == 0;
	atomic_store(&t->loaded, true);
	return NULL;
}

static void *run_turn(void *arg)
{
	struct tui *t = arg;
	dialogue_turn(t->d, t->turn_line, &t->turn_reply);
	atomic_store(&t->turn_done, true);
	return NULL;
}

/* "TIME clerk: CAUSE", one line, control characters stripped. */
static void log_failure(FILE *errors, const char *cause)
{
	char when[32];
	time_t now = time(NULL);
	struct tm tm;
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", localtime_r(&now, &tm));
	char *clean = sanitize_dup(cause, 0);
	fprintf(errors, "%s clerk: %s\n", when, clean);
	fflush(errors);
	free(clean);
}

/* Takes the reply of the turn that ran (joining its thread). */
static void finish_turn(struct tui *t)
{
	if (t->busy)
		pthread_join(t->worker, NULL);
	t->busy = false;
	free(t->turn_line);
	t->turn_line = NULL;
	tui_set_notice(t, NULL); /* "the last answer is still coming" */
	struct reply *r = &t->turn_reply;
	tui_add_msg(t, false, r->error != NULL, r->text ? r->text : r->error);
	if (r->error && t->o->errors)
		log_failure(t->o->errors, r->error);
	t->chat_pin = true; /* a new answer shows from its start */
	bool end = r->end;
	t->cart_count = r->cart_count;
	t->cart_total_cents = r->cart_total_cents;
	take_reply(t, r);
	memset(r, 0, sizeof *r);
	refresh_completion(t);
	tui_kiosk_pin_ready(t);
	if (end) {
		if (t->o->kiosk) {
			t->reset_at = time(NULL) + 4; /* let the goodbye be read */
		} else if (t->cart_count == 0) {
			tui_draw(t);
			napms(800); /* long enough to see the goodbye */
			t->quit = true;
		} else {
			request_quit(t);
		}
	}
}

/* Waits for a running turn, at the end of the session. */
static void wait_turn(struct tui *t)
{
	if (t->busy) {
		pthread_join(t->worker, NULL);
		t->busy = false;
		reply_release(&t->turn_reply);
		free(t->turn_line);
		t->turn_line = NULL;
	}
}

static void send_line(struct tui *t, const char *line)
{
	if (!tui_ready(t))
		return;
	tui_add_msg(t, true, false, line);
	t->turn_line = xstrdup(line);
	memset(&t->turn_reply, 0, sizeof t->turn_reply);
	atomic_store(&t->turn_done, false);
	t->busy_since = time(NULL);
	if (pthread_create(&t->worker, NULL, run_turn, t) == 0) {
		t->busy = true;
	} else {
		run_turn(t); /* no thread to be had: the turn runs here */
		finish_turn(t);
	}
}

static void submit(struct tui *t)
{
	if (t->busy) {
		/* The line stays in the field until the answer is in. */
		tui_ready(t);
		return;
	}
	char *line = lineedit_submit(t->input);
	bool blank = strspn(line, " ") == strlen(line);
	if (!blank)
		send_line(t, line);
	free(line);
	refresh_completion(t);
}

/* Tab: take the live suggestion, else step through the reply's chips. */
static void tab(struct tui *t, int step)
{
	size_t n = t->have_reply ? t->reply.n_suggestions : 0;
	/* stepping through the chips goes on: a chip's last word is not
	 * completed ("add the first one" is not "add the first On-Ear") */
	bool on_chip = t->chip >= 0 && (size_t)t->chip < n &&
	               !strcmp(lineedit_text(t->input), t->reply.suggestions[t->chip]);
	if (t->completion && step > 0 && !on_chip) {
		lineedit_set(t->input, t->completion);
		refresh_completion(t);
		return;
	}
	if (!n)
		return;
	int chip = t->chip < 0 ? (step > 0 ? 0 : (int)n - 1) : (t->chip + step + (int)n) % (int)n;
	t->chip = chip;
	lineedit_set(t->input, t->reply.suggestions[chip]);
	free(t->completion);
	t->completion = NULL;
}

static void pick_chip(struct tui *t, int number)
{
	if (!t->have_reply || number < 1 || (size_t)number > t->reply.n_suggestions || t->busy)
		return;
	t->chip = number - 1;
	lineedit_set(t->input, t->reply.suggestions[number - 1]);
	submit(t);
}

static void open_details(struct tui *t)
{
	if (!t->have_reply || t->selected < 0 || (size_t)t->selected >= t->reply.n_products)
		return;
	if (t->have_details)
		product_view_release(&t->details);
	t->have_details = false;
	char *err = NULL;
	if (!tui_ready(t))
		return;
	if (session_details(t->d, t->reply.products[t->selected].id, &t->details, &err) < 0)
		tui_set_notice(t, "cannot read the product: %s", err);
	else if (!t->details.id)
		tui_set_notice(t, "that product is no longer in the catalog");
	else {
		/* the card's variant came with the list it was shown in */
		const char *variant = t->reply.products[t->selected].variant;
		t->details.variant = variant ? xstrdup(variant) : NULL;
		t->have_details = true;
		t->details_scroll = 0;
		t->view = VIEW_DETAILS;
	}
	free(err);
}

static void scroll_chat(struct tui *t, int lines)
{
	t->chat_pin = false; /* the shopper scrolls from here */
	t->chat_scroll += lines;
	if (t->chat_scroll < 0)
		t->chat_scroll = 0; /* the painter caps the other end */
}

/* Up/Down: the product under the cursor, or a comparison's rows. */
static void move_selection(struct tui *t, int step)
{
	if (t->show_compare && t->reply.compare) {
		/* the painter stops it at the last page */
		t->compare_row = step < 0 && t->compare_row < (size_t)-step ? 0 : t->compare_row + step;
		return;
	}
	int n = t->have_reply ? (int)t->reply.n_products : 0;
	if (!n)
		return;
	t->selected += step;
	t->selected = t->selected < 0 ? 0 : t->selected >= n ? n - 1 : t->selected;
}

/* Left/Right: the product column under the cursor (the painter keeps it
 * on screen); Enter opens it, as in the cards. */
static void move_column(struct tui *t, int step)
{
	if (!t->show_compare || !t->reply.compare)
		return;
	int n = (int)t->reply.compare->n_cols;
	if (n > (int)t->reply.n_products)
		n = (int)t->reply.n_products;
	t->selected += step;
	t->selected = t->selected < 0 ? 0 : t->selected >= n ? n - 1 : t->selected;
}

/* PgUp/PgDn page the pane with the focus: the results (a comparison's
 * rows, or the cards), else the conversation. */
static void page(struct tui *t, int dir)
{
	if (t->focus == FOCUS_RESULTS && t->have_reply) {
		bool table = t->show_compare && t->reply.compare;
		int rows = table ? (int)t->compare_page : t->cards_page;
		move_selection(t, dir * (rows > 1 ? rows : 1));
		return;
	}
	int lines = t->lay.chat.h > 2 ? t->lay.chat.h - 1 : 1;
	scroll_chat(t, -dir * lines);
}

static bool has_results(const struct tui *t)
{
	return t->have_reply && (t->reply.n_products || t->reply.compare);
}

static void show_help(struct tui *t)
{
	t->view = VIEW_HELP;
	t->help_scroll = 0;
}

static void page_up(struct tui *t)
{
	page(t, -1);
}

static void page_down(struct tui *t)
{
	page(t, 1);
}

static void staff_sign_in(struct tui *t)
{
	if (t->o->kiosk)
		tui_kiosk_open_pin(t);
}

static void suspend(struct tui *t)
{
	if (t->o->kiosk) {
		tui_kiosk_open_pin(t); /* a kiosk never stops; staff may sign in */
		return;
	}
	endwin();
	raise(SIGTSTP);
	refresh();
}

static void redraw(struct tui *t)
{
	(void)t;
	clearok(curscr, TRUE);
}

static void mouse(struct tui *t)
{
	MEVENT ev;
	if (getmouse(&ev) != OK)
		return;
	if (ev.bstate & BUTTON4_PRESSED)
		scroll_chat(t, 3);
#ifdef BUTTON5_PRESSED
	else if (ev.bstate & BUTTON5_PRESSED)
		scroll_chat(t, -3);
#endif
}

static void select_up(struct tui *t)
{
	move_selection(t, -1);
}

static void select_down(struct tui *t)
{
	move_selection(t, 1);
}

static void column_left(struct tui *t)
{
	move_column(t, -1);
}

static void column_right(struct tui *t)
{
	move_column(t, 1);
}

static void back_to_input(struct tui *t)
{
	t->focus = FOCUS_INPUT;
}

static void tab_from_results(struct tui *t)
{
	t->focus = FOCUS_INPUT;
	tab(t, 1);
}

static void toggle_table(struct tui *t)
{
	if (t->reply.compare)
		t->show_compare = !t->show_compare;
}

struct keyact {
	int key;
	bool code; /* a KEY_ code, not a character */
	void (*fn)(struct tui *t);
};

/* Keys that mean the same wherever the focus is. */
static const struct keyact common_keys[] = {
	{KEY_F(1), true, show_help},        {KEY_PPAGE, true, page_up},
	{KEY_NPAGE, true, page_down},       {KEY_CTRL('C'), false, request_quit},
	{KEY_CTRL('\\'), false, request_quit}, {KEY_F(2), true, staff_sign_in},
	{KEY_CTRL('Z'), false, suspend},    {KEY_CTRL('L'), false, redraw},
	{KEY_MOUSE, true, mouse},
};

/* Keys of the results pane (after Esc). */
static const struct keyact results_keys[] = {
	{KEY_UP, true, select_up},          {KEY_DOWN, true, select_down},
	{KEY_LEFT, true, column_left},      {KEY_RIGHT, true, column_right},
	{KEY_ENTER, true, open_details},    {'\r', false, open_details},
	{'\n', false, open_details},        {KEY_BTAB, true, back_to_input},
	{27, false, back_to_input},         {'\t', false, tab_from_results},
	{'v', false, toggle_table},         {'?', false, show_help},
};

static bool run_keyact(const struct keyact *table, size_t n, struct tui *t, int key, bool code)
{
	for (size_t i = 0; i < n; i++) {
		if (table[i].key == key && table[i].code == code) {
			table[i].fn(t);
			return true;
		}
	}
	return false;
}

static bool common_key(struct tui *t, int key, bool code)
{
	return run_keyact(common_keys, sizeof common_keys / sizeof common_keys[0], t, key, code);
}

static bool key_results(struct tui *t, int key, bool code)
{
	if (run_keyact(results_keys, sizeof results_keys / sizeof results_keys[0], t, key, code))
		return true;
	if (code)
		return false;
	if (key >= '1' && key <= '9') {
		pick_chip(t, key - '0');
		t->focus = FOCUS_INPUT;
	} else if (key >= ' ') {
		/* Typing goes to the input line. */
		t->focus = FOCUS_INPUT;
		lineedit_insert_cp(t->input, key);
		refresh_completion(t);
	}
	return true;
}

/* Reads the key after an ESC without waiting: Alt+key, or -1 for a lone
 * Esc. A function key that came right behind the Esc (Esc, then PgDn,
 * typed fast) is put back to be read as itself. */
static int alt_key(void)
{
	wint_t ch;
	timeout(0);
	int r = get_wch(&ch);
	timeout(TICK_MS);
	if (r == KEY_CODE_YES)
		ungetch((int)ch);
	return r == OK ? (int)ch : -1;
}

static bool key_input(struct tui *t, int key, bool code)
{
	int op = tui_edit_op(key, code);
	if (op >= 0) {
		lineedit_do(t->input, (enum lineedit_op)op);
		refresh_completion(t);
		return true;
	}
	if (code) {
		if (key == KEY_ENTER)
			submit(t);
		else if (key == KEY_BTAB)
			tab(t, -1);
		return true;
	}
	if (key == '\r' || key == '\n') {
		submit(t);
	} else if (key == '\t' && t->burst) {
		/* a Tab that came with the keys before it is part of pasted
		 * text, not a key pressed: it stays a gap between words */
		lineedit_insert_cp(t->input, ' ');
		t->chip = -1;
		refresh_completion(t);
	} else if (key == '\t') {
		tab(t, 1);
	} else if (key == 27) {
		int next = alt_key();
		if (next >= '1' && next <= '9')
			pick_chip(t, next - '0');
		else if (next < 0 && has_results(t))
			t->focus = FOCUS_RESULTS;
	} else if (key == '?' && lineedit_empty(t->input)) {
		show_help(t);
	} else if (key >= ' ') {
		lineedit_insert_cp(t->input, key);
		t->chip = -1;
		refresh_completion(t);
	}
	return true;
}

static bool key_chat(struct tui *t, int key, bool code)
{
	if (common_key(t, key, code))
		return true;
	return t->focus == FOCUS_RESULTS ? key_results(t, key, code) : key_input(t, key, code);
}

static void scroll_details(struct tui *t, int lines)
{
	t->details_scroll += lines; /* the painter caps the far end */
	if (t->details_scroll < 0)
		t->details_scroll = 0;
}

static bool key_details(struct tui *t, int key, bool code)
{
	int page = tui_body(t).h - 2; /* the overlay's title takes a line */
	if (code && key == KEY_UP)
		scroll_details(t, -1);
	else if (code && key == KEY_DOWN)
		scroll_details(t, 1);
	else if (code && key == KEY_PPAGE)
		scroll_details(t, -(page > 1 ? page : 1));
	else if (code && key == KEY_NPAGE)
		scroll_details(t, page > 1 ? page : 1);
	else if (common_key(t, key, code))
		return true;
	else
		t->view = VIEW_CHAT; /* any other key closes the details */
	return true;
}

static bool key_help(struct tui *t, int key, bool code)
{
	int page = tui_body(t).h - 2; /* the overlay's title takes a line */
	if (code && (key == KEY_UP || key == KEY_DOWN))
		t->help_scroll += key == KEY_UP ? -1 : 1; /* the painter caps both ends */
	else if (code && (key == KEY_PPAGE || key == KEY_NPAGE))
		t->help_scroll += (key == KEY_PPAGE ? -1 : 1) * (page > 1 ? page : 1);
	else
		t->view = VIEW_CHAT;
	return true;
}

static bool key_confirm(struct tui *t, int key, bool code)
{
	if (!code && (key == 'y' || key == 'Y' || key == KEY_CTRL('C')))
		t->quit = true;
	else
		t->view = VIEW_CHAT;
	return true;
}

struct view {
	void (*draw)(struct tui *t);
	bool (*key)(struct tui *t, int key, bool code);
};

static const struct view views[VIEW_COUNT] = {
	[VIEW_CHAT] = {tui_draw_chat_screen, key_chat},
	[VIEW_DETAILS] = {tui_draw_details, key_details},
	[VIEW_HELP] = {tui_draw_help, key_help},
	[VIEW_CONFIRM_QUIT] = {tui_draw_confirm, key_confirm},
	[VIEW_PIN] = {tui_kiosk_draw_pin, tui_kiosk_key_pin},
	[VIEW_STAFF] = {tui_kiosk_draw_staff, tui_kiosk_key_staff},
	[VIEW_STAFF_ORDERS] = {tui_kiosk_draw_orders, tui_kiosk_key_orders},
	[VIEW_STAFF_HANDOFFS] = {tui_kiosk_draw_handoffs, tui_kiosk_key_handoffs},
	[VIEW_STAFF_KIOSK] = {tui_kiosk_draw_kiosk, tui_kiosk_key_kiosk},
	[VIEW_STAFF_REPORT] = {tui_report_draw, tui_report_key},
};

void tui_draw(struct tui *t)
{
	/* two products fit the usual results pane; three or four need more */
	bool table = t->view == VIEW_CHAT && t->have_reply && t->show_compare && t->reply.compare &&
	             t->reply.compare->n_cols > 2;
	layout_compute(COLS, LINES, (t->o->kiosk ? LAYOUT_KIOSK : 0) | (table ? LAYOUT_TABLE : 0),
	               &t->lay);
	erase();
	if (t->lay.too_small) {
		curs_set(0);
		const char *msg = "Terminal too small";
		char need[64];
		snprintf(need, sizeof need, "need %dx%d", LAYOUT_MIN_COLS, LAYOUT_MIN_ROWS);
		tui_put(t, LINES / 2 - 1, 0, COLS, msg, ROLE_ERROR);
		tui_put(t, LINES / 2, 0, COLS, need, ROLE_NORMAL);
		refresh();
		return;
	}
	views[t->view].draw(t);
	if (t->counting_down)
		tui_kiosk_draw_countdown(t, time(NULL));
	refresh();
}

/* --- set-up ---------------------------------------------------------------- */

static bool unicode_terminal(void)
{
	const char *term = getenv("TERM");
	if (term && (!strncmp(term, "linux", 5) || !strncmp(term, "vt", 2)))
		return false;
	const char *cs = nl_langinfo(CODESET);
	return cs && (!strcmp(cs, "UTF-8") || !strcmp(cs, "utf8"));
}

static void start_curses(struct tui *t)
{
	initscr();
	raw(); /* Ctrl-C, Ctrl-Z and Ctrl-\ arrive as keys, never as signals */
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	timeout(TICK_MS);
	mousemask(BUTTON4_PRESSED
#ifdef BUTTON5_PRESSED
	          | BUTTON5_PRESSED
#endif
	          , NULL);
	tui_colors(t);
}

static void free_state(struct tui *t)
{
	for (size_t i = 0; i < t->n_msgs; i++)
		free(t->msgs[i].text);
	free(t->msgs);
	if (t->have_reply)
		reply_release(&t->reply);
	if (t->have_details)
		product_view_release(&t->details);
	tui_kiosk_clear_staff(t);
	free(t->completion);
	free(t->notice);
	lineedit_free(t->input);
	lineedit_free(t->pin);
	dialogue_free(t->d);
	free(t->load_err);
}

static void loop(struct tui *t)
{
	while (!t->quit) {
		/* keys already waiting (a paste, fast typing) are taken before
		 * the screen is drawn again: a 2,000-character paste is drawn
		 * once, not 2,000 times */
		if (!t->burst)
			tui_draw(t);
		wint_t ch;
		timeout(t->burst ? 0 : t->busy ? BUSY_TICK_MS : TICK_MS);
		int r = get_wch(&ch);
		if (t->burst && r == ERR) {
			t->burst = false;
			if (t->completion_stale)
				refresh_completion(t);
			continue;
		}
		time_t now = time(NULL);
		if (t->loading && atomic_load(&t->loaded)) {
			tui_ready(t);
			refresh_completion(t); /* for what was typed while loading */
		}
		if (t->busy && atomic_load(&t->turn_done)) {
			finish_turn(t);
			t->last_key = time(NULL); /* a slow turn is not idle time */
		}
		if (r == ERR) {
			if (t->o->kiosk && !t->busy)
				tui_kiosk_tick(t, now);
			continue;
		}
		t->last_key = now;
		if (t->counting_down) {
			t->counting_down = false; /* the key only says "still here" */
			continue;
		}
		if (r == KEY_CODE_YES && ch == KEY_RESIZE)
			continue;
		if (t->notice && !(r == KEY_CODE_YES && ch == KEY_MOUSE))
			tui_set_notice(t, NULL);
		views[t->view].key(t, (int)ch, r == KEY_CODE_YES);
		/* A slow PIN check is not idle time. */
		t->last_key = time(NULL);
		t->burst = !t->quit;
	}
	wait_turn(t);
}

int tui_run(const struct tui_options *o)
{
	struct tui t;
	char *err = NULL;
	int rc = 1;
	memset(&t, 0, sizeof t);
	setlocale(LC_ALL, "");
	t.o = o;
	t.chip = -1;
	atomic_init(&t.loaded, false);
	atomic_init(&t.turn_done, false);
	t.input = lineedit_new(2000, 100);
	t.pin = lineedit_new(STAFF_PIN_MAX_LEN, 0);
	t.ascii = !unicode_terminal();
	tui_add_msg(&t, false, false, tui_welcome(&t));
	tui_kiosk_signals(o->kiosk);
	start_curses(&t);
	tui_draw(&t); /* the prompt is up and takes keys while the rest loads */
	if (pthread_create(&t.loader, NULL, load_dialogue, &t) == 0) {
		t.loading = true;
	} else {
		load_dialogue(&t);
		t.d = t.loaded_d;
	}
	t.last_key = time(NULL);
	if (t.d || t.loading)
		loop(&t);
	wait_turn(&t);
	tui_ready(&t);
	endwin();
	if (t.load_err) {
		err = t.load_err;
		t.load_err = NULL;
		goto cleanup;
	}
	rc = 0;
cleanup:
	if (err)
		fprintf(stderr, "clerk: %s\n", err);
	free(err);
	free_state(&t);
	return rc;
}
