/*
 * tui.c: the session loop of the curses front end.
 */
#include "src/tui.h"

#include <curses.h>
#include <locale.h>

#include "src/app.h"

int tui_run(const struct tui_options *o)
{
	(void)o;
	setlocale(LC_ALL, "");
	app_error("the terminal front end is not implemented yet; use --script");
	return 1;
}
