/*
 * lineedit: the editing model of the input line, without a terminal.
 *
 * Holds one line of UTF-8 text, a cursor (a byte offset that always sits on
 * a grapheme-cluster boundary, so Backspace removes a whole "é" or "👍🏽"
 * and arrows step over wide characters as one), a kill buffer and the
 * history of submitted lines. The TUI maps keys to lineedit_op values; the
 * view function says which part of a long line fits a given number of
 * display columns.
 *
 * Ownership: lineedit_new() / lineedit_free(); strings returned by
 * lineedit_submit() are the caller's to free; lineedit_text() is borrowed
 * until the next call that edits.
 */
#ifndef CLERK_LINEEDIT_H
#define CLERK_LINEEDIT_H

#include <stdbool.h>
#include <stddef.h>

typedef struct lineedit lineedit;

enum lineedit_op {
	LE_LEFT,
	LE_RIGHT,
	LE_WORD_LEFT,
	LE_WORD_RIGHT,
	LE_HOME,         /* Home, Ctrl-A */
	LE_END,          /* End, Ctrl-E */
	LE_BACKSPACE,
	LE_DELETE,       /* Delete, Ctrl-D */
	LE_KILL_END,     /* Ctrl-K: cursor to end, into the kill buffer */
	LE_KILL_START,   /* Ctrl-U: start to cursor */
	LE_KILL_WORD,    /* Ctrl-W: the word before the cursor */
	LE_YANK,         /* Ctrl-Y: insert the kill buffer */
	LE_HISTORY_PREV, /* Up */
	LE_HISTORY_NEXT, /* Down */
};

/* max_bytes bounds the line (at least 16); max_history the kept lines. */
lineedit *lineedit_new(size_t max_bytes, size_t max_history);
void lineedit_free(lineedit *le);

/* Inserts UTF-8 text at the cursor; control characters are dropped and
 * invalid bytes refused. Returns 0, or -1 when the line would grow past its
 * bound (nothing is inserted then). */
int lineedit_insert(lineedit *le, const char *utf8, size_t n);
/* Inserts one code point; same rules. */
int lineedit_insert_cp(lineedit *le, long cp);
void lineedit_do(lineedit *le, enum lineedit_op op);

const char *lineedit_text(const lineedit *le);
size_t lineedit_cursor(const lineedit *le); /* byte offset into the text */
bool lineedit_empty(const lineedit *le);

/* Replaces the text (cut to the bound) and puts the cursor at its end. */
void lineedit_set(lineedit *le, const char *text);
/* Returns the line (heap; the caller frees it), adds it to the history when
 * it is not blank nor a repeat of the last entry, and empties the line. */
char *lineedit_submit(lineedit *le);
/* Empties the line, or the line, kill buffer and history (a kiosk reset). */
void lineedit_clear(lineedit *le);
void lineedit_forget(lineedit *le);

/* For a field `width` display columns wide: *start is the byte offset of the
 * first shown character and *cursor_col the cursor's column, keeping the
 * cursor visible with the least scrolling. *end is the byte offset after the
 * last character that fits. */
void lineedit_view(const lineedit *le, int width, size_t *start, size_t *end, int *cursor_col);

/* Display width of s[0..n) in terminal columns (wide characters count 2,
 * combining marks 0). */
int lineedit_width(const char *s, size_t n);

#endif
