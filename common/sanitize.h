/*
 * sanitize: makes untrusted text (product names, descriptions, anything from
 * a catalog, a feed or an order service) safe to write to a terminal.
 *
 * Escape sequences (CSI, OSC, DCS, SOS, PM, APC and two-byte ESC
 * sequences, in their 7-bit and 8-bit forms) are removed whole, so no
 * parameter text leaks onto the screen; other C0 and C1 control characters,
 * DEL and the bidirectional overrides that reorder what a reader sees are
 * dropped; invalid UTF-8 becomes U+FFFD. Tabs become one space; newlines
 * are kept or turned into spaces as the caller asks.
 *
 * Pure: no terminal, no globals; the script front end may reuse it.
 */
#ifndef CLERK_SANITIZE_H
#define CLERK_SANITIZE_H

#include <stddef.h>

#include "common/buf.h"

enum {
	SANITIZE_KEEP_NEWLINES = 1 << 0, /* keep '\n' (CR LF and CR become '\n') */
};

/* Appends the sanitized form of s[0..n) to out. */
void sanitize_append(struct buf *out, const char *s, size_t n, unsigned flags);

/* The sanitized copy of the NUL-terminated s ("" for NULL); heap string,
 * the caller frees it. */
char *sanitize_dup(const char *s, unsigned flags);

#endif
