/*
 * sanitize.c: stripping control characters and escape sequences.
 *
 * The parser follows ECMA-48's shapes rather than a list of known
 * sequences, so sequences no terminal has invented yet are removed too.
 * An unterminated sequence swallows the rest of the text: printing its tail
 * could be the second half of an attack split across fields.
 */
#include "common/sanitize.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <utf8proc.h>

#include "common/xalloc.h"

#define ESC 0x1b
#define BEL 0x07

/* Control-string introducers (after ESC, or as C1 code points): these run to
 * ST (ESC \ or U+009C) or BEL. */
static bool is_string_introducer(int32_t c)
{
	return c == ']' || c == 'P' || c == 'X' || c == '^' || c == '_';
}

/* Code points that are never shown: C0 but tab and newline, DEL, C1, and the
 * bidi embeddings, overrides and isolates (trojan-source reordering). */
static bool is_hidden(int32_t c)
{
	if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0))
		return true;
	if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069))
		return true;
	return c == 0x200e || c == 0x200f || c == 0x061c || c == 0xfeff;
}

/* Decodes one code point at s[i..n); invalid bytes decode as -1 and take
 * one byte. Returns the byte length. */
static size_t decode(const char *s, size_t i, size_t n, int32_t *cp)
{
	utf8proc_ssize_t len = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
	                                        (utf8proc_ssize_t)(n - i), cp);
	if (len <= 0) {
		*cp = -1;
		return 1;
	}
	return (size_t)len;
}

/* Skips a CSI body: parameter and intermediate bytes up to a final byte.
 * Any other byte ends a malformed sequence and is judged on its own. */
static size_t skip_csi(const char *s, size_t i, size_t n)
{
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x40 && c <= 0x7e)
			return i + 1;
		if (c < 0x20 || c > 0x3f)
			return i;
		i++;
	}
	return n;
}

/* Skips a control string up to and including its terminator. */
static size_t skip_string(const char *s, size_t i, size_t n)
{
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		if (c == BEL)
			return i + 1;
		if (c == ESC && i + 1 < n && s[i + 1] == '\\')
			return i + 2;
		if (c == 0xc2 && i + 1 < n && (unsigned char)s[i + 1] == 0x9c)
			return i + 2;
		i++;
	}
	return n;
}

/* Skips what follows ESC at s[i]; returns the index after the sequence. */
static size_t skip_escape(const char *s, size_t i, size_t n)
{
	if (i >= n)
		return n;
	unsigned char c = (unsigned char)s[i];
	if (c == '[')
		return skip_csi(s, i + 1, n);
	if (is_string_introducer(c))
		return skip_string(s, i + 1, n);
	/* nF sequences: intermediates, then one final byte. */
	while (i < n && (unsigned char)s[i] >= 0x20 && (unsigned char)s[i] <= 0x2f)
		i++;
	if (i < n && (unsigned char)s[i] >= 0x30 && (unsigned char)s[i] <= 0x7e)
		i++;
	return i;
}

void sanitize_append(struct buf *out, const char *s, size_t n, unsigned flags)
{
	size_t i = 0;
	while (s && i < n) {
		int32_t cp;
		size_t len = decode(s, i, n, &cp);
		if (cp == ESC) {
			i = skip_escape(s, i + 1, n);
			continue;
		}
		if (cp == 0x9b) {
			i = skip_csi(s, i + len, n);
			continue;
		}
		if (cp == 0x90 || cp == 0x98 || cp == 0x9d || cp == 0x9e || cp == 0x9f) {
			i = skip_string(s, i + len, n);
			continue;
		}
		i += len;
		if (cp == -1) {
			buf_adds(out, "\xef\xbf\xbd");
		} else if (cp == '\n' || cp == '\r' || cp == 0x2028 || cp == 0x2029) {
			if (cp == '\r' && i < n && s[i] == '\n')
				i++;
			buf_addc(out, (flags & SANITIZE_KEEP_NEWLINES) ? '\n' : ' ');
		} else if (cp == '\t') {
			buf_addc(out, ' ');
		} else if (!is_hidden(cp)) {
			buf_add(out, s + i - len, len);
		}
	}
}

char *sanitize_dup(const char *s, unsigned flags)
{
	struct buf b;
	buf_init(&b);
	if (s)
		sanitize_append(&b, s, strlen(s), flags);
	return buf_detach(&b);
}
