/*
 * valueshape: what a catalog value looks like, whatever its field is
 * called: a link, an image file, an e-mail address, a phone number, a time
 * stamp, a barcode, a UUID, a yes/no, or text. The importer hides links,
 * codes and time stamps from shoppers and drops personal data; the catalog
 * reads the kind of an attribute from its values.
 *
 * And the one rewrite personal data needs everywhere: e-mail addresses
 * taken out of free text.
 *
 * Pure C: no SQLite, no state. Time is linear in the length.
 */
#ifndef CLERK_VALUESHAPE_H
#define CLERK_VALUESHAPE_H

#include <stdbool.h>
#include <stddef.h>

#include "common/buf.h"

enum value_shape {
	SHAPE_TEXT,
	SHAPE_URL,      /* http(s)://, ftp://, //host, www.host, data: */
	SHAPE_FILE,     /* an image or document file name or path: "img/p1.jpg" */
	SHAPE_EMAIL,    /* the whole value is one address */
	SHAPE_PHONE,    /* 7 to 15 digits with '+', spaces, dashes, dots or parentheses */
	SHAPE_DATETIME, /* ISO 8601 date and time: "2026-03-08T05:13:00Z", "2026-03-08 05:13" */
	SHAPE_BARCODE,  /* 8, 12, 13 or 14 digits with a valid GS1 check digit */
	SHAPE_UUID,     /* 8-4-4-4-12 hexadecimal digits */
	SHAPE_BOOL,     /* true/false, yes/no (any case) */
};

/* The shape of s[0..len), blanks around it ignored. */
enum value_shape valueshape_of(const char *s, size_t len);

/* True when s[0..len) is "true" or "false" in any case, with *value set:
 * the spellings JSON and spreadsheets use for a boolean, which the catalog
 * stores as "yes" / "no". */
bool valueshape_bool(const char *s, size_t len, bool *value);

/* Appends s[0..len) to out without the e-mail addresses in it (and the
 * space before one when a space follows it). Returns how many it took out. */
size_t valueshape_scrub_emails(const char *s, size_t len, struct buf *out);

/* True when s[0..len) holds an e-mail address anywhere. */
bool valueshape_has_email(const char *s, size_t len);

#endif
