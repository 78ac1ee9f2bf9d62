/*
 * html: HTML fragments (product descriptions) to plain text.
 *
 * Tags are dropped; block-level tags (p, div, br, li, h1-h6, tr, ...) end a
 * line; <script>, <style> and comments are dropped with their content;
 * character references (&amp;, &eacute;, &#233;, &#xE9;) are decoded; runs
 * of white space fold to one space, and blank lines to one newline (text
 * without a tag keeps each of its lines). A '<'
 * that does not open a tag and an '&' that is not a known reference stay as
 * they are, so plain text passes through unchanged but for its spacing.
 * Pure functions; no dependencies beyond common/.
 */
#ifndef CLERK_HTML_H
#define CLERK_HTML_H

#include <stddef.h>

#include "common/buf.h"

/* Appends the text of html[0..n) to out. */
void html_to_text(const char *html, size_t n, struct buf *out);

#endif
