/*
 * tui: the curses front end (and kiosk mode). It renders what the dialogue
 * core returns and turns keys into actions; it holds no shopping logic.
 *
 * Only src/tui*.c include curses. The pure parts it draws with live in
 * src/layout.h (where things go, text fitted to display widths),
 * src/lineedit.h (the input line) and src/sanitize.h (untrusted text).
 *
 * cmd_chat calls tui_run() when stdin and stdout are terminals.
 */
#ifndef CLERK_TUI_H
#define CLERK_TUI_H

#include <stdbool.h>
#include <stdio.h>

#include "src/dialogue/dialogue.h"

struct tui_options {
	const struct dialogue_options *dialogue; /* what the conversation is made with */
	bool kiosk;               /* full-screen kiosk: no way out without the PIN */
	bool color;               /* colours when the terminal has them (NO_COLOR wins) */
	int kiosk_idle_seconds;   /* a kiosk resets after this long without a key */
	int kiosk_countdown_seconds; /* ... after a countdown this long */
	int kiosk_lockout_seconds;   /* staff sign-in locked this long after failures */
	/* Where the cause of a turn that failed goes, one line with the time
	 * (the screen only says "Something went wrong"); NULL: nowhere. */
	FILE *errors;
};

/* Runs the interactive session until the shopper quits (or staff sign out
 * and quit a kiosk). Returns the process exit status: 0, or 1 after printing
 * one "clerk: ..." line on stderr. */
int tui_run(const struct tui_options *o);

#endif
