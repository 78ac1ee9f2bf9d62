/*
 * tui_int.h: private to src/tui*.c. The front end's state and the functions
 * its files share: tui.c runs the loop and maps keys, tui_draw.c paints,
 * tui_kiosk.c holds the kiosk's sign-in, idle reset and staff screens,
 * tui_state.c the state they all change (messages, notice, readiness).
 *
 * The state is what is on screen and nothing more; every answer comes from
 * dialogue_turn() or a catalog read, never from logic here.
 */
#ifndef CLERK_TUI_INT_H
#define CLERK_TUI_INT_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "src/dialogue/dialogue.h"
#include "src/dialogue/session.h"
#include "src/tui/layout.h"
#include "src/tui/lineedit.h"
#include "src/tui/tui.h"

/* Screens; each has a row in the table in tui.c with its painter and keys. */
enum tui_view {
	VIEW_CHAT,          /* chat, results, chips, input */
	VIEW_DETAILS,       /* one product's details over the results pane */
	VIEW_HELP,
	VIEW_CONFIRM_QUIT,  /* the cart is not empty */
	VIEW_PIN,           /* kiosk: staff sign-in */
	VIEW_STAFF,         /* kiosk: staff menu */
	VIEW_STAFF_ORDERS,  /* kiosk: a customer's orders */
	VIEW_STAFF_HANDOFFS,
	VIEW_STAFF_KIOSK,   /* kiosk: orders waiting at the counter */
	VIEW_STAFF_REPORT,  /* kiosk: the staff report (tui_report.c) */
	VIEW_COUNT
};

enum tui_focus { FOCUS_INPUT, FOCUS_RESULTS };

/* Display roles, mapped to colors or to monochrome attributes. */
enum tui_role {
	ROLE_NORMAL, ROLE_TITLE, ROLE_CART, ROLE_SHOPPER, ROLE_CLERK, ROLE_SELECTED,
	ROLE_CHIP, ROLE_DIFF, ROLE_ERROR, ROLE_DIM, ROLE_PRICE, ROLE_NOTICE, ROLE_COUNT
};

struct tui_msg {
	bool shopper; /* the shopper's line, else clerk's */
	bool error;
	char *text;   /* raw; sanitized when drawn */
};

struct tui {
	const struct tui_options *o;
	dialogue *d;         /* NULL until the loader thread has made it */
	/* The dialogue (intent model, catalog vocabularies) loads on a thread
	 * while the first frame is up and the shopper can type; nothing here
	 * touches the catalog before tui_ready() has joined it. */
	pthread_t loader;
	bool loading;
	atomic_bool loaded;
	dialogue *loaded_d;
	char *load_err;
	bool completing;     /* live suggestions are ready */
	/* A turn runs on its own thread, so that a slow answer (the order
	 * service) never freezes the screen: keys still edit the input line and
	 * the screen repaints while it runs. Nothing else touches the dialogue
	 * or the catalog until the loop has joined it (tui_ready() says so). */
	pthread_t worker;
	bool busy;           /* a turn is running */
	atomic_bool turn_done;
	char *turn_line;     /* what the turn answers */
	struct reply turn_reply;
	time_t busy_since;
	lineedit *input;
	lineedit *pin;       /* kiosk sign-in field; never echoed */

	struct tui_msg *msgs;
	size_t n_msgs, cap_msgs;
	int chat_scroll;     /* lines scrolled back from the newest */
	bool chat_pin;       /* until the shopper scrolls, a long reply shows from its start */

	struct reply reply;  /* the last reply: products, comparison, chips */
	bool have_reply;
	int selected;        /* product under the cursor in the results pane */
	int cards_page;      /* cards on screen at the last paint */
	int chip;            /* chip chosen with Tab, -1 for none */
	size_t compare_first;/* first compare column shown */
	size_t compare_row;  /* first compare row shown */
	size_t compare_page; /* compare rows on screen at the last paint */
	bool show_compare;   /* results pane shows the comparison, not cards */
	bool earlier_results;/* the products are from an earlier reply */
	int cart_count;
	int64_t cart_total_cents;
	char *completion;    /* live suggestion for the input line, or NULL */

	enum tui_view view;
	enum tui_focus focus;
	struct product_view details;
	bool have_details;
	int details_scroll;
	int help_scroll;
	char *notice;        /* one-line message in the hint line, or NULL */

	/* kiosk */
	time_t last_key;
	bool counting_down;
	bool burst;            /* keys are waiting: drawn and completed once they stop */
	bool completion_stale; /* the completion waits for the burst's end */
	time_t reset_at;     /* a goodbye schedules a reset; 0 when none */
	int64_t pin_locked_until; /* staff sign-in locked until (unix time); 0 */
	bool pin_waiting;    /* a PIN was entered while an answer was coming */
	bool staff_prompt;   /* staff orders: the input line asks who */
	struct staff_order *orders;
	size_t n_orders;
	struct handoff *handoffs;
	size_t n_handoffs;
	struct kiosk_order *kiosk; /* orders waiting at the counter */
	size_t n_kiosk;
	int staff_sel;       /* the row under the cursor in a staff list */
	int staff_ask;       /* what the staff prompt asks: 'x' a reason to cancel,
	                        'c' a note to close a hand-off; 0 none */
	int staff_confirm;   /* what the staff question asks a "y" to: 'p' paid,
	                        'u' picked up, 'q' quit the kiosk; 0 none */
	char *staff_ref;     /* the order or hand-off the prompt or question is about */
	char *staff_question;/* the question, as drawn */
	/* A prompt or question a one-key command opened takes no key before
	 * this time (tui_now_ms()): a key that comes sooner is the rest of
	 * something being typed, never its answer. */
	int64_t staff_quiet_until;
	struct analytics_report report;
	bool have_report;
	int report_scroll;   /* lines of the report scrolled past */
	int report_page;     /* report lines on screen at the last paint */

	struct layout lay;
	bool ascii;          /* no Unicode glyphs for stars and ellipses */
	int attr[ROLE_COUNT];
	bool quit;
};

/* tui_state.c */
/* Waits for the dialogue to be loaded; false (and the session ends with
 * the error) when it could not be, and false with a notice while a turn is
 * running. Call before any use of t->d or the catalog. */
bool tui_ready(struct tui *t);
const char *tui_welcome(const struct tui *t);
void tui_add_msg(struct tui *t, bool shopper, bool error, const char *text);
void tui_set_notice(struct tui *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Returns the shared editing op for key (a character or a KEY_ code), or -1. */
int tui_edit_op(int key, bool code);
/* Milliseconds on a clock that only goes forward. */
int64_t tui_now_ms(void);

/* tui_draw.c */
void tui_colors(struct tui *t);
void tui_draw(struct tui *t);
void tui_put(struct tui *t, int y, int x, int w, const char *s, enum tui_role role);
void tui_draw_box_title(struct tui *t, struct rect r, const char *title);
void tui_draw_chat_screen(struct tui *t);
void tui_draw_details(struct tui *t);
void tui_draw_help(struct tui *t);
void tui_draw_confirm(struct tui *t);
/* The area overlays draw in: the chat and results panes together. */
struct rect tui_body(const struct tui *t);

/* tui_kiosk.c */
void tui_kiosk_signals(bool kiosk);
/* Called about 4 times a second: the idle countdown and reset. */
void tui_kiosk_tick(struct tui *t, time_t now);
void tui_kiosk_reset(struct tui *t);
void tui_kiosk_open_pin(struct tui *t);
bool tui_kiosk_key_pin(struct tui *t, int key, bool code);
/* An answer is in: signs in with the PIN entered while it was coming. */
void tui_kiosk_pin_ready(struct tui *t);
bool tui_kiosk_key_staff(struct tui *t, int key, bool code);
bool tui_kiosk_key_orders(struct tui *t, int key, bool code);
bool tui_kiosk_key_handoffs(struct tui *t, int key, bool code);
void tui_kiosk_draw_pin(struct tui *t);
void tui_kiosk_draw_staff(struct tui *t);
void tui_kiosk_draw_orders(struct tui *t);
void tui_kiosk_draw_handoffs(struct tui *t);
void tui_kiosk_draw_countdown(struct tui *t, time_t now);
void tui_kiosk_clear_staff(struct tui *t);
bool tui_kiosk_key_kiosk(struct tui *t, int key, bool code);
void tui_kiosk_draw_kiosk(struct tui *t);

/* tui_report.c: the staff report of the last 30 days, with daily
 * sparklines; any key goes back to the staff menu. */
void tui_report_open(struct tui *t);
void tui_report_draw(struct tui *t);
bool tui_report_key(struct tui *t, int key, bool code);
void tui_report_release(struct tui *t);

#endif
