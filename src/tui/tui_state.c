/*
 * tui_state.c: the session state every screen changes: the chat's
 * messages, the notice line, the key bindings of the input line, and
 * whether the dialogue (loaded on a thread) is ready. Below both the main
 * loop (tui.c) and the kiosk's screens (tui_kiosk.c).
 */
#include "src/tui/tui_int.h"

#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/xalloc.h"

#define KEY_CTRL(c) ((c) & 0x1f)
#define MAX_MSGS 400

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
	t->chat_pin = false;
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

int64_t tui_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

bool tui_ready(struct tui *t)
{
	if (t->busy) {
		tui_set_notice(t, "One moment: the last answer is still coming.");
		return false;
	}
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
