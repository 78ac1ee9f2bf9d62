/*
 * tui.c: the session loop of the curses front end and its key maps.
 *
 * The loop waits for a key at most a quarter second (the kiosk's idle
 * countdown needs the ticks), hands the key to the current view's handler
 * from the `views` table, and repaints. A line the shopper submits goes to
 * dialogue_turn() and the reply is kept whole for tui_draw.c to render.
 */
#include "src/tui/tui_int.h"

#include <curses.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/sanitize.h"
#include "common/xalloc.h"

#define KEY_CTRL(c) ((c) & 0x1f)
#define MAX_MSGS 400
#define TICK_MS 250

const char *tui_welcome(const struct tui *t)
{
	return t->o->kiosk ? "Welcome! I'm clerk. Tell me what you are looking for and I'll find it. "
	                     "Press F1 for help."
	                   : "Hello! I'm clerk. Tell me what you are looking for, ask me to compare "
	                     "products, or ask about an order. Press F1 for help.";
}

void tui_add_msg(struct tui *t, bool shopper, bool error, const char *text)
{
	if (t->n_msgs == MAX_MSGS) {
		free(t->msgs[0].text);
		memmove(t->msgs, t->msgs + 1, (t->n_msgs - 1) * sizeof *t->msgs);
		t->n_msgs--;
	}
	t->msgs = xgrow(t->msgs, &t->cap_msgs, t->n_msgs + 1, sizeof *t->msgs);
	t->msgs[t->n_msgs++] = (struct tui_msg){shopper, error, xstrdup(text ? text : "")};
	t->chat_scroll = 0;
}

void tui_set_notice(struct tui *t, const char *fmt, ...)
{
	free(t->notice);
	t->notice = NULL;
	if (!fmt)
		return;
	va_list ap;
	va_start(ap, fmt);
	char tmp[512];
	vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	t->notice = xstrdup(tmp);
}

/* --- the live suggestion hook ------------------------------------------ */

/* The one place the catalog's autocomplete plugs in: the full line to
 * offer for `text`, or NULL. Nothing while the catalog is still loading:
 * a keystroke never waits. */
static char *complete(struct tui *t, const char *text)
{
	if (t->loading || !t->completing)
		return NULL;
	return session_complete(t->d, text);
}

static void refresh_completion(struct tui *t)
{
	free(t->completion);
	t->completion = NULL;
	const char *text = lineedit_text(t->input);
	if (*text && lineedit_cursor(t->input) == strlen(text))
		t->completion = complete(t, text);
	if (t->completion && strlen(t->completion) <= strlen(text)) {
		free(t->completion);
		t->completion = NULL;
	}
}

/* --- the input line ----------------------------------------------------- */

struct editkey {
	int key;
	bool code; /* a KEY_ code, not a character */
	enum lineedit_op op;
};

static const struct editkey editkeys[] = {
	{KEY_LEFT, true, LE_LEFT},        {KEY_RIGHT, true, LE_RIGHT},
	{KEY_HOME, true, LE_HOME},        {KEY_END, true, LE_END},
	{KEY_BACKSPACE, true, LE_BACKSPACE}, {KEY_DC, true, LE_DELETE},
	{KEY_UP, true, LE_HISTORY_PREV},  {KEY_DOWN, true, LE_HISTORY_NEXT},
	{KEY_SLEFT, true, LE_WORD_LEFT},  {KEY_SRIGHT, true, LE_WORD_RIGHT},
	{0x7f, false, LE_BACKSPACE},      {KEY_CTRL('H'), false, LE_BACKSPACE},
	{KEY_CTRL('A'), false, LE_HOME},  {KEY_CTRL('E'), false, LE_END},
	{KEY_CTRL('B'), false, LE_LEFT},  {KEY_CTRL('F'), false, LE_RIGHT},
	{KEY_CTRL('D'), false, LE_DELETE},{KEY_CTRL('K'), false, LE_KILL_END},
	{KEY_CTRL('U'), false, LE_KILL_START}, {KEY_CTRL('W'), false, LE_KILL_WORD},
	{KEY_CTRL('Y'), false, LE_YANK},  {KEY_CTRL('P'), false, LE_HISTORY_PREV},
	{KEY_CTRL('N'), false, LE_HISTORY_NEXT},
};

int tui_edit_op(int key, bool code)
{
	for (size_t i = 0; i < sizeof editkeys / sizeof editkeys[0]; i++)
		if (editkeys[i].key == key && editkeys[i].code == code)
			return (int)editkeys[i].op;
	return -1;
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

bool tui_ready(struct tui *t)
{
	if (t->loading) {
		pthread_join(t->loader, NULL);
		t->loading = false;
		t->d = t->loaded_d;
		if (!t->d) {
			if (!t->load_err)
				t->load_err = xstrdup("the conversation could not start");
			t->quit = true;
		}
	}
	return t->d != NULL;
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

static void send_line(struct tui *t, const char *line)
{
	struct reply r;
	memset(&r, 0, sizeof r);
	if (!tui_ready(t))
		return;
	tui_add_msg(t, true, false, line);
	dialogue_turn(t->d, line, &r);
	tui_add_msg(t, false, r.error != NULL, r.text ? r.text : r.error);
	if (r.error && t->o->errors)
		log_failure(t->o->errors, r.error);
	bool end = r.end;
	t->cart_count = r.cart_count;
	t->cart_total_cents = r.cart_total_cents;
	take_reply(t, &r);
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

static void submit(struct tui *t)
{
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
	if (t->completion && step > 0) {
		lineedit_set(t->input, t->completion);
		refresh_completion(t);
		return;
	}
	size_t n = t->have_reply ? t->reply.n_suggestions : 0;
	if (!n)
		return;
	int chip = t->chip < 0 ? (step > 0 ? 0 : (int)n - 1) : (t->chip + step + (int)n) % (int)n;
	t->chip = chip;
	lineedit_set(t->input, t->reply.suggestions[chip]);
	refresh_completion(t);
}

static void pick_chip(struct tui *t, int number)
{
	if (!t->have_reply || number < 1 || (size_t)number > t->reply.n_suggestions)
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
		details_release(&t->details);
	t->have_details = false;
	bool found = false;
	char *err = NULL;
	if (!tui_ready(t))
		return;
	if (session_details(t->d, t->reply.products[t->selected].id, &t->details, &found, &err) < 0)
		tui_set_notice(t, "cannot read the product: %s", err);
	else if (!found)
		tui_set_notice(t, "that product is no longer in the catalog");
	else {
		t->have_details = true;
		t->details_scroll = 0;
		t->view = VIEW_DETAILS;
	}
	free(err);
}

static void scroll_chat(struct tui *t, int lines)
{
	t->chat_scroll += lines;
	if (t->chat_scroll < 0)
		t->chat_scroll = 0; /* the painter caps the other end */
}

static void move_selection(struct tui *t, int step)
{
	if (t->show_compare && t->reply.compare) {
		long first = (long)t->compare_first + step;
		long max = (long)t->reply.compare->n_cols - 1;
		t->compare_first = (size_t)(first < 0 ? 0 : first > max ? max : first);
		return;
	}
	int n = t->have_reply ? (int)t->reply.n_products : 0;
	if (!n)
		return;
	t->selected += step;
	t->selected = t->selected < 0 ? 0 : t->selected >= n ? n - 1 : t->selected;
}

static bool has_results(const struct tui *t)
{
	return t->have_reply && (t->reply.n_products || t->reply.compare);
}

static void show_help(struct tui *t)
{
	t->view = VIEW_HELP;
}

static void page_up(struct tui *t)
{
	scroll_chat(t, t->lay.chat.h > 2 ? t->lay.chat.h - 1 : 1);
}

static void page_down(struct tui *t)
{
	scroll_chat(t, -(t->lay.chat.h > 2 ? t->lay.chat.h - 1 : 1));
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
	if (t->show_compare)
		move_selection(t, -1);
}

static void column_right(struct tui *t)
{
	if (t->show_compare)
		move_selection(t, 1);
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

/* Reads the key after an ESC without waiting: Alt+key, or -1 for a lone Esc. */
static int alt_key(void)
{
	wint_t ch;
	timeout(0);
	int r = get_wch(&ch);
	timeout(TICK_MS);
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
	} else if (key == '\t') {
		tab(t, 1);
	} else if (key == 27) {
		int next = alt_key();
		if (next >= '1' && next <= '9')
			pick_chip(t, next - '0');
		else if (next < 0 && has_results(t))
			t->focus = FOCUS_RESULTS;
	} else if (key == '?' && lineedit_empty(t->input)) {
		t->view = VIEW_HELP;
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

static bool key_details(struct tui *t, int key, bool code)
{
	if (common_key(t, key, code))
		return true;
	if (code && key == KEY_UP)
		t->details_scroll = t->details_scroll > 0 ? t->details_scroll - 1 : 0;
	else if (code && key == KEY_DOWN)
		t->details_scroll++;
	else
		t->view = VIEW_CHAT; /* any other key closes the details */
	return true;
}

static bool key_help(struct tui *t, int key, bool code)
{
	(void)key;
	(void)code;
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
};

void tui_draw(struct tui *t)
{
	layout_compute(COLS, LINES, t->o->kiosk, &t->lay);
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
		details_release(&t->details);
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
		tui_draw(t);
		wint_t ch;
		int r = get_wch(&ch);
		time_t now = time(NULL);
		if (t->loading && atomic_load(&t->loaded)) {
			tui_ready(t);
			refresh_completion(t); /* for what was typed while loading */
		}
		if (r == ERR) {
			if (t->o->kiosk)
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
		/* A slow turn or PIN check is not idle time. */
		t->last_key = time(NULL);
	}
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
