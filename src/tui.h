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

#include "catalog/catalog.h"

struct config;

struct tui_options {
	catalog *cat;                /* borrowed; must outlive tui_run() */
	const char *model_path;      /* intent model; NULL for the default */
	const char *customer;        /* customer external id, or NULL */
	bool kiosk;                  /* full-screen kiosk: no way out without the PIN */
	unsigned long seed;          /* reply wording */
	const char *orders_url;      /* remote order service, or NULL (config's, then local) */
	const struct config *config; /* borrowed; NULL for the defaults */
};

/* Runs the interactive session until the shopper quits (or staff sign out
 * and quit a kiosk). Returns the process exit status: 0, or 1 after printing
 * one "clerk: ..." line on stderr. */
int tui_run(const struct tui_options *o);

#endif
