/*
 * html.c: a single pass over the fragment; no tree is built, since only
 * the text and where lines break matter.
 */
#include "catalog/import/html.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const block_tags[] = {
	"address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt",
	"fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
	"h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section",
	"table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
};

/* Dropped with everything up to their closing tag. */
static const char *const hidden_tags[] = {"script", "style", "head", "template", "noscript"};

static const struct {
	const char *name;
	const char *utf8;
} entities[] = {
	{"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"},
	{"nbsp", " "}, {"ensp", " "}, {"emsp", " "}, {"thinsp", " "},
	{"copy", "\xC2\xA9"}, {"reg", "\xC2\xAE"}, {"trade", "\xE2\x84\xA2"},
	{"hellip", "\xE2\x80\xA6"}, {"mdash", "\xE2\x80\x94"}, {"ndash", "\xE2\x80\x93"},
	{"lsquo", "\xE2\x80\x98"}, {"rsquo", "\xE2\x80\x99"}, {"ldquo", "\xE2\x80\x9C"},
	{"rdquo", "\xE2\x80\x9D"}, {"bull", "\xE2\x80\xA2"}, {"middot", "\xC2\xB7"},
	{"deg", "\xC2\xB0"}, {"times", "\xC3\x97"}, {"divide", "\xC3\xB7"},
	{"plusmn", "\xC2\xB1"}, {"frac12", "\xC2\xBD"}, {"frac14", "\xC2\xBC"},
	{"frac34", "\xC2\xBE"}, {"euro", "\xE2\x82\xAC"}, {"pound", "\xC2\xA3"},
	{"yen", "\xC2\xA5"}, {"cent", "\xC2\xA2"}, {"sect", "\xC2\xA7"},
	{"para", "\xC2\xB6"}, {"micro", "\xC2\xB5"}, {"laquo", "\xC2\xAB"},
	{"raquo", "\xC2\xBB"}, {"iexcl", "\xC2\xA1"}, {"iquest", "\xC2\xBF"},
	{"agrave", "\xC3\xA0"}, {"aacute", "\xC3\xA1"}, {"acirc", "\xC3\xA2"},
	{"atilde", "\xC3\xA3"}, {"auml", "\xC3\xA4"}, {"aring", "\xC3\xA5"},
	{"aelig", "\xC3\xA6"}, {"ccedil", "\xC3\xA7"}, {"egrave", "\xC3\xA8"},
	{"eacute", "\xC3\xA9"}, {"ecirc", "\xC3\xAA"}, {"euml", "\xC3\xAB"},
	{"igrave", "\xC3\xAC"}, {"iacute", "\xC3\xAD"}, {"icirc", "\xC3\xAE"},
	{"iuml", "\xC3\xAF"}, {"ntilde", "\xC3\xB1"}, {"ograve", "\xC3\xB2"},
	{"oacute", "\xC3\xB3"}, {"ocirc", "\xC3\xB4"}, {"otilde", "\xC3\xB5"},
	{"ouml", "\xC3\xB6"}, {"oslash", "\xC3\xB8"}, {"ugrave", "\xC3\xB9"},
	{"uacute", "\xC3\xBA"}, {"ucirc", "\xC3\xBB"}, {"uuml", "\xC3\xBC"},
	{"yacute", "\xC3\xBD"}, {"yuml", "\xC3\xBF"}, {"szlig", "\xC3\x9F"},
	{"Agrave", "\xC3\x80"}, {"Aacute", "\xC3\x81"}, {"Auml", "\xC3\x84"},
	{"Eacute", "\xC3\x89"}, {"Ntilde", "\xC3\x91"}, {"Ouml", "\xC3\x96"},
	{"Uuml", "\xC3\x9C"}, {"Ccedil", "\xC3\x87"},
};

/* What the output needs before the next word. */
enum pending { NONE, SPACE, NEWLINE };

struct out {
	struct buf *b;
	size_t start;         /* where this call's text begins in b */
	enum pending pending;
};

static void emit(struct out *o, const char *s, size_t n)
{
	if (o->b->len > o->start) {
		if (o->pending == NEWLINE)
			buf_addc(o->b, '\n');
		else if (o->pending == SPACE)
			buf_addc(o->b, ' ');
	}
	o->pending = NONE;
	buf_add(o->b, s, n);
}

static void pend(struct out *o, enum pending p)
{
	if (p > o->pending)
		o->pending = p;
}

static bool in_list(const char *name, size_t n, const char *const *list, size_t count)
{
	for (size_t i = 0; i < count; i++)
		if (strlen(list[i]) == n && !strncasecmp(name, list[i], n))
			return true;
	return false;
}

static void put_utf8(struct out *o, uint32_t cp)
{
	char s[4];
	size_t n;
	if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = 0xFFFD;
	if (cp < 0x80) {
		s[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		s[0] = (char)(0xC0 | cp >> 6);
		s[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		s[0] = (char)(0xE0 | cp >> 12);
		s[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		s[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		s[0] = (char)(0xF0 | cp >> 18);
		s[1] = (char)(0x80 | (cp >> 12 & 0x3F));
		s[2] = (char)(0x80 | (cp >> 6 & 0x3F));
		s[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	if (cp < 0x80 && isspace((unsigned char)s[0]))
		pend(o, SPACE);
	else
		emit(o, s, n);
}

/* Decodes the reference at p (just after '&'); returns the bytes used, 0
 * when it is not a reference. */
static size_t entity(const char *p, const char *end, struct out *o)
{
	const char *semi = memchr(p, ';', (size_t)(end - p) < 12 ? (size_t)(end - p) : 12);
	if (!semi || semi == p)
		return 0;
	size_t n = (size_t)(semi - p);
	if (*p == '#') {
		bool hex = n > 1 && (p[1] == 'x' || p[1] == 'X');
		const char *d = p + 1 + hex;
		if (d == semi)
			return 0;
		uint32_t cp = 0;
		for (; d < semi; d++) {
			int v = isdigit((unsigned char)*d) ? *d - '0'
			        : hex && isxdigit((unsigned char)*d) ? (tolower((unsigned char)*d) - 'a' + 10)
			        : -1;
			if (v < 0)
				return 0;
			cp = cp * (hex ? 16 : 10) + (uint32_t)v;
			if (cp > 0x10FFFF)
				cp = 0x110000;
		}
		put_utf8(o, cp);
		return n + 1;
	}
	for (size_t i = 0; i < sizeof entities / sizeof entities[0]; i++) {
		if (strlen(entities[i].name) == n && !strncmp(entities[i].name, p, n)) {
			if (!strcmp(entities[i].utf8, " "))
				pend(o, SPACE);
			else
				emit(o, entities[i].utf8, strlen(entities[i].utf8));
			return n + 1;
		}
	}
	return 0;
}

/* Skips past "</name>" (any case) from p; returns end when it is missing. */
static const char *skip_hidden(const char *p, const char *end, const char *name, size_t n)
{
	for (; p < end; p++) {
		if (*p == '<' && p + 2 + n <= end && p[1] == '/' && !strncasecmp(p + 2, name, n)) {
			const char *gt = memchr(p, '>', (size_t)(end - p));
			return gt ? gt + 1 : end;
		}
	}
	return end;
}

/* Handles the markup at p ('<'); returns the bytes used, 0 when p does not
 * open a tag, comment or declaration. */
static size_t tag(const char *p, const char *end, struct out *o)
{
	const char *q = p + 1;
	if (q < end && *q == '!') {
		if (end - q >= 3 && !strncmp(q, "!--", 3)) {
			for (const char *c = q + 3; c + 3 <= end; c++)
				if (!strncmp(c, "-->", 3))
					return (size_t)(c + 3 - p);
			return (size_t)(end - p);
		}
		const char *gt = memchr(q, '>', (size_t)(end - q));
		return gt ? (size_t)(gt + 1 - p) : (size_t)(end - p);
	}
	bool closing = q < end && *q == '/';
	q += closing;
	if (q >= end || !isalpha((unsigned char)*q))
		return 0;
	const char *name = q;
	while (q < end && (isalnum((unsigned char)*q)))
		q++;
	size_t n = (size_t)(q - name);
	/* The end of the tag, past quoted attribute values. */
	char quote = 0;
	for (; q < end; q++) {
		if (quote) {
			if (*q == quote)
				quote = 0;
		} else if (*q == '"' || *q == '\'') {
			quote = *q;
		} else if (*q == '>') {
			break;
		}
	}
	const char *after = q < end ? q + 1 : end;
	if (in_list(name, n, block_tags, sizeof block_tags / sizeof block_tags[0]))
		pend(o, NEWLINE);
	else if (!closing &&
	         in_list(name, n, hidden_tags, sizeof hidden_tags / sizeof hidden_tags[0])) {
		char lower[16];
		for (size_t i = 0; i < n && i < sizeof lower; i++)
			lower[i] = (char)tolower((unsigned char)name[i]);
		after = skip_hidden(after, end, lower, n);
		pend(o, SPACE);
	}
	return (size_t)(after - p);
}

/* Does html[0..n) hold a tag ("<p>", "</li>", "<br/>")? */
static bool has_tag(const char *html, size_t n)
{
	for (const char *p = html, *end = html + n; (p = memchr(p, '<', (size_t)(end - p))); p++)
		if (p + 1 < end && (isalpha((unsigned char)p[1]) || p[1] == '/'))
			return true;
	return false;
}

void html_to_text(const char *html, size_t n, struct buf *out)
{
	struct out o = {out, out->len, NONE};
	const char *p = html, *end = html + n;
	/* plain text keeps its lines ("• Soy wax\n• Cotton wick"): in HTML
	 * a line break is a space */
	bool plain = !has_tag(html, n);
	while (p < end) {
		unsigned char c = (unsigned char)*p;
		size_t used = 0;
		if (c == '<')
			used = tag(p, end, &o);
		else if (c == '&')
			used = entity(p + 1, end, &o) + 0;
		if (c == '&' && used)
			used++; /* the '&' itself */
		if (used) {
			p += used;
			continue;
		}
		if (isspace(c)) {
			pend(&o, c == '\n' && (plain || (p + 1 < end && p[1] == '\n')) ? NEWLINE : SPACE);
			p++;
			continue;
		}
		/* A run of plain text in one append. */
		const char *s = p++;
		while (p < end && *p != '<' && *p != '&' && !isspace((unsigned char)*p))
			p++;
		emit(&o, s, (size_t)(p - s));
	}
}
