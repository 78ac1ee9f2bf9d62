/*
 * lineedit.c: the input line's text, cursor, kill buffer and history.
 *
 * Cursor motion is by grapheme cluster (utf8proc's stateful break rules) so
 * that a base letter and its combining marks, an emoji with its modifier, or
 * a flag move and delete as one character, the way a person sees them.
 */
#include "src/tui/lineedit.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "common/buf.h"
#include "common/xalloc.h"

struct lineedit {
	struct buf text;
	size_t cursor;
	size_t max_bytes;
	char *kill;
	char **history;
	size_t n_history, max_history;
	size_t hist_pos;   /* == n_history while editing a new line */
	char *draft;       /* the new line, kept while browsing history */
};

lineedit *lineedit_new(size_t max_bytes, size_t max_history)
{
	lineedit *le = xcalloc(1, sizeof *le);
	buf_init(&le->text);
	le->max_bytes = max_bytes < 16 ? 16 : max_bytes;
	le->max_history = max_history;
	le->history = xcalloc(max_history ? max_history : 1, sizeof *le->history);
	return le;
}

void lineedit_forget(lineedit *le)
{
	for (size_t i = 0; i < le->n_history; i++)
		free(le->history[i]);
	le->n_history = le->hist_pos = 0;
	free(le->kill);
	le->kill = NULL;
	free(le->draft);
	le->draft = NULL;
	lineedit_clear(le);
}

void lineedit_free(lineedit *le)
{
	if (!le)
		return;
	lineedit_forget(le);
	free(le->history);
	buf_release(&le->text);
	free(le);
}

static int32_t decode_at(const char *s, size_t len, size_t pos, size_t *next)
{
	int32_t cp = -1;
	utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + pos,
	                                      (utf8proc_ssize_t)(len - pos), &cp);
	*next = pos + (n > 0 ? (size_t)n : 1);
	return n > 0 ? cp : 0xfffd;
}

/* The byte offset after the grapheme cluster starting at pos. */
static size_t next_boundary(const char *s, size_t len, size_t pos)
{
	if (pos >= len)
		return len;
	utf8proc_int32_t state = 0;
	size_t next;
	int32_t cp = decode_at(s, len, pos, &next);
	while (next < len) {
		size_t after;
		int32_t cp2 = decode_at(s, len, next, &after);
		if (utf8proc_grapheme_break_stateful(cp, cp2, &state))
			break;
		cp = cp2;
		next = after;
	}
	return next;
}

static size_t prev_boundary(const char *s, size_t len, size_t pos)
{
	size_t at = 0;
	while (at < pos) {
		size_t next = next_boundary(s, len, at);
		if (next >= pos)
			break;
		at = next;
	}
	return at;
}

static bool is_space(char c)
{
	return c == ' ';
}

static size_t word_left(const char *s, size_t pos)
{
	while (pos > 0 && is_space(s[pos - 1]))
		pos--;
	while (pos > 0 && !is_space(s[pos - 1]))
		pos--;
	return pos;
}

static size_t word_right(const char *s, size_t len, size_t pos)
{
	while (pos < len && is_space(s[pos]))
		pos++;
	while (pos < len && !is_space(s[pos]))
		pos++;
	return pos;
}

static void cut(lineedit *le, size_t from, size_t to, bool keep)
{
	if (to <= from)
		return;
	if (keep) {
		free(le->kill);
		le->kill = xstrndup(le->text.s + from, to - from);
	}
	memmove(le->text.s + from, le->text.s + to, le->text.len - to + 1);
	le->text.len -= to - from;
	le->cursor = from;
}

/* Leaving history browsing on an edit: the shown entry becomes the line. */
static void stop_browsing(lineedit *le)
{
	le->hist_pos = le->n_history;
	free(le->draft);
	le->draft = NULL;
}

int lineedit_insert(lineedit *le, const char *utf8, size_t n)
{
	struct buf clean;
	buf_init(&clean);
	size_t i = 0;
	int rc = -1;
	while (i < n) {
		int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)utf8 + i,
		                                      (utf8proc_ssize_t)(n - i), &cp);
		if (k <= 0)
			goto cleanup;
		if (cp >= 0x20 && cp != 0x7f && !(cp >= 0x80 && cp < 0xa0))
			buf_add(&clean, utf8 + i, (size_t)k);
		i += (size_t)k;
	}
	if (le->text.len + clean.len > le->max_bytes)
		goto cleanup;
	stop_browsing(le);
	size_t tail = le->text.len - le->cursor;
	buf_add(&le->text, clean.s, clean.len); /* grow; the bytes are moved below */
	memmove(le->text.s + le->cursor + clean.len, le->text.s + le->cursor, tail);
	memcpy(le->text.s + le->cursor, clean.s, clean.len);
	le->cursor += clean.len;
	rc = 0;
cleanup:
	buf_release(&clean);
	return rc;
}

int lineedit_insert_cp(lineedit *le, long cp)
{
	utf8proc_uint8_t tmp[4];
	if (cp < 0 || cp > 0x10ffff || !utf8proc_codepoint_valid((utf8proc_int32_t)cp))
		return -1;
	utf8proc_ssize_t n = utf8proc_encode_char((utf8proc_int32_t)cp, tmp);
	return lineedit_insert(le, (const char *)tmp, (size_t)n);
}

static void show_history(lineedit *le, size_t pos)
{
	const char *s = pos < le->n_history ? le->history[pos] : (le->draft ? le->draft : "");
	buf_reset(&le->text);
	buf_adds(&le->text, s);
	le->cursor = le->text.len;
	le->hist_pos = pos;
}

static void history_prev(lineedit *le)
{
	if (le->hist_pos == 0)
		return;
	if (le->hist_pos == le->n_history) {
		free(le->draft);
		le->draft = xstrdup(le->text.s);
	}
	size_t pos = le->hist_pos - 1;
	char *draft = le->draft;
	show_history(le, pos);
	le->draft = draft;
}

static void history_next(lineedit *le)
{
	if (le->hist_pos >= le->n_history)
		return;
	show_history(le, le->hist_pos + 1);
	if (le->hist_pos == le->n_history) {
		free(le->draft);
		le->draft = NULL;
	}
}

void lineedit_do(lineedit *le, enum lineedit_op op)
{
	const char *s = le->text.s;
	size_t len = le->text.len, c = le->cursor;
	switch (op) {
	case LE_LEFT: le->cursor = prev_boundary(s, len, c); break;
	case LE_RIGHT: le->cursor = next_boundary(s, len, c); break;
	case LE_WORD_LEFT: le->cursor = word_left(s, c); break;
	case LE_WORD_RIGHT: le->cursor = word_right(s, len, c); break;
	case LE_HOME: le->cursor = 0; break;
	case LE_END: le->cursor = len; break;
	case LE_BACKSPACE: stop_browsing(le); cut(le, prev_boundary(s, len, c), c, false); break;
	case LE_DELETE: stop_browsing(le); cut(le, c, next_boundary(s, len, c), false); break;
	case LE_KILL_END: stop_browsing(le); cut(le, c, len, true); break;
	case LE_KILL_START: stop_browsing(le); cut(le, 0, c, true); break;
	case LE_KILL_WORD: stop_browsing(le); cut(le, word_left(s, c), c, true); break;
	case LE_YANK:
		if (le->kill)
			lineedit_insert(le, le->kill, strlen(le->kill));
		break;
	case LE_HISTORY_PREV: history_prev(le); break;
	case LE_HISTORY_NEXT: history_next(le); break;
	}
}

const char *lineedit_text(const lineedit *le)
{
	return le->text.s;
}

size_t lineedit_cursor(const lineedit *le)
{
	return le->cursor;
}

bool lineedit_empty(const lineedit *le)
{
	return le->text.len == 0;
}

void lineedit_set(lineedit *le, const char *text)
{
	stop_browsing(le);
	buf_reset(&le->text);
	le->cursor = 0;
	size_t n = strlen(text);
	if (n > le->max_bytes) {
		/* Cut on a code point boundary so the line stays valid UTF-8. */
		n = le->max_bytes;
		while (n > 0 && ((unsigned char)text[n] & 0xc0) == 0x80)
			n--;
	}
	if (lineedit_insert(le, text, n) < 0)
		buf_reset(&le->text);
	le->cursor = le->text.len;
}

static bool blank(const char *s)
{
	for (; *s; s++)
		if (!is_space(*s))
			return false;
	return true;
}

char *lineedit_submit(lineedit *le)
{
	char *line = xstrdup(le->text.s);
	stop_browsing(le);
	bool repeat = le->n_history && !strcmp(le->history[le->n_history - 1], line);
	if (le->max_history && !blank(line) && !repeat) {
		if (le->n_history == le->max_history) {
			free(le->history[0]);
			memmove(le->history, le->history + 1, (le->n_history - 1) * sizeof *le->history);
			le->n_history--;
		}
		le->history[le->n_history++] = xstrdup(line);
	}
	lineedit_clear(le);
	return line;
}

void lineedit_clear(lineedit *le)
{
	buf_reset(&le->text);
	le->cursor = 0;
	le->hist_pos = le->n_history;
}

int lineedit_width(const char *s, size_t n)
{
	int w = 0;
	size_t i = 0;
	while (i < n) {
		size_t next;
		int32_t cp = decode_at(s, n, i, &next);
		int cw = utf8proc_charwidth(cp);
		w += cw > 0 ? cw : 0;
		i = next;
	}
	return w;
}

void lineedit_view(const lineedit *le, int width, size_t *start, size_t *end, int *cursor_col)
{
	const char *s = le->text.s;
	size_t len = le->text.len;
	if (width < 1)
		width = 1;
	/* Scroll just enough that the cursor's cell (one past the text at the
	 * end) fits: drop clusters from the left while it does not. */
	size_t from = 0;
	while (from < le->cursor && lineedit_width(s + from, le->cursor - from) >= width)
		from = next_boundary(s, len, from);
	*start = from;
	*cursor_col = lineedit_width(s + from, le->cursor - from);
	size_t to = from;
	int used = 0;
	while (to < len) {
		size_t next = next_boundary(s, len, to);
		int w = lineedit_width(s + to, next - to);
		if (used + w > width)
			break;
		used += w;
		to = next;
	}
	*end = to;
}
