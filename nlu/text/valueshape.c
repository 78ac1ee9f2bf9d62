/*
 * valueshape.c: recognizing links, files, addresses, numbers that are not
 * quantities, and time stamps by their characters alone.
 */
#include "nlu/text/valueshape.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

static void trim(const char **s, size_t *len)
{
	while (*len && isspace((unsigned char)**s))
		(*s)++, (*len)--;
	while (*len && isspace((unsigned char)(*s)[*len - 1]))
		(*len)--;
}

static bool starts(const char *s, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);
	return len >= n && !strncasecmp(s, prefix, n);
}

static bool has_space(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (isspace((unsigned char)s[i]))
			return true;
	return false;
}

static bool is_url(const char *s, size_t len)
{
	if (has_space(s, len))
		return false;
	return starts(s, len, "http://") || starts(s, len, "https://") ||
	       starts(s, len, "ftp://") || (starts(s, len, "//") && len > 3 && isalnum((unsigned char)s[2])) ||
	       (starts(s, len, "www.") && len > 5) || starts(s, len, "data:");
}

/* A file name or path with the extension of an image or a document. */
static bool is_file(const char *s, size_t len)
{
	static const char *const ext[] = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg",
	                                  ".avif", ".bmp", ".tif", ".tiff", ".heic", ".pdf"};
	if (has_space(s, len))
		return false;
	size_t q = 0;
	while (q < len && s[q] != '?' && s[q] != '#')
		q++; /* "p.jpg?v=3" */
	for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
		size_t n = strlen(ext[i]);
		if (q > n && !strncasecmp(s + q - n, ext[i], n))
			return true;
	}
	return false;
}

static bool local_byte(unsigned char c)
{
	return isalnum(c) || strchr("._%+-'", c);
}

static bool domain_byte(unsigned char c)
{
	return isalnum(c) || c == '.' || c == '-';
}

/* An address around the '@' at s[at]: its span [*start, *end), or false. */
static bool email_at(const char *s, size_t len, size_t at, size_t *start, size_t *end)
{
	size_t a = at;
	while (a > 0 && local_byte((unsigned char)s[a - 1]))
		a--;
	while (a < at && !isalnum((unsigned char)s[a]))
		a++; /* a quote or dot before the name belongs to the text */
	if (a == at)
		return false;
	size_t b = at + 1, last_dot = 0;
	while (b < len && domain_byte((unsigned char)s[b]))
		b++;
	while (b > at + 1 && (s[b - 1] == '.' || s[b - 1] == '-'))
		b--; /* the full stop ending a sentence */
	for (size_t i = at + 1; i < b; i++)
		if (s[i] == '.')
			last_dot = i;
	if (!last_dot || last_dot == at + 1)
		return false;
	size_t tld = 0;
	for (size_t i = last_dot + 1; i < b; i++) {
		if (!isalpha((unsigned char)s[i]))
			return false;
		tld++;
	}
	if (tld < 2)
		return false;
	*start = a;
	*end = b;
	return true;
}

static bool is_email(const char *s, size_t len)
{
	const char *at = memchr(s, '@', len);
	size_t a, b;
	return at && email_at(s, len, (size_t)(at - s), &a, &b) && a == 0 && b == len;
}

static bool is_phone(const char *s, size_t len)
{
	size_t digits = 0, marks = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (isdigit(c))
			digits++;
		else if (c == '+' && i == 0)
			marks++;
		else if (c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '/')
			marks++;
		else
			return false;
	}
	return digits >= 7 && digits <= 15 && marks > 0;
}

static size_t digits_at(const char *s, size_t len, size_t at, size_t want)
{
	size_t n = 0;
	while (at + n < len && n < want && isdigit((unsigned char)s[at + n]))
		n++;
	return n;
}

/* "YYYY-MM-DD" then 'T' or a space and "HH:MM". */
static bool is_datetime(const char *s, size_t len)
{
	if (len < 16 || digits_at(s, len, 0, 4) != 4 || s[4] != '-' ||
	    digits_at(s, len, 5, 2) != 2 || s[7] != '-' || digits_at(s, len, 8, 2) != 2 ||
	    (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || digits_at(s, len, 11, 2) != 2 ||
	    s[13] != ':' || digits_at(s, len, 14, 2) != 2)
		return false;
	for (size_t i = 16; i < len; i++)
		if (!isdigit((unsigned char)s[i]) && !strchr(":.+-Zz ", s[i]))
			return false;
	return true;
}

/* GS1: EAN-8, UPC-A, EAN-13, GTIN-14, whose last digit checks the rest. */
static bool is_barcode(const char *s, size_t len)
{
	if (len != 8 && len != 12 && len != 13 && len != 14)
		return false;
	int sum = 0;
	for (size_t i = 0; i < len; i++) {
		if (!isdigit((unsigned char)s[i]))
			return false;
		if (i + 1 < len) {
			int d = s[i] - '0';
			/* weights 3,1,3,... counted from the digit before the check */
			sum += (len - 1 - i) % 2 ? 3 * d : d;
		}
	}
	return (10 - sum % 10) % 10 == s[len - 1] - '0';
}

static bool is_uuid(const char *s, size_t len)
{
	static const size_t groups[] = {8, 4, 4, 4, 12};
	if (len != 36)
		return false;
	size_t at = 0;
	for (size_t g = 0; g < 5; g++) {
		for (size_t i = 0; i < groups[g]; i++, at++)
			if (!isxdigit((unsigned char)s[at]))
				return false;
		if (g < 4 && s[at++] != '-')
			return false;
	}
	return true;
}

bool valueshape_bool(const char *s, size_t len, bool *value)
{
	trim(&s, &len);
	if (len == 4 && !strncasecmp(s, "true", 4)) {
		*value = true;
		return true;
	}
	if (len == 5 && !strncasecmp(s, "false", 5)) {
		*value = false;
		return true;
	}
	return false;
}

enum value_shape valueshape_of(const char *s, size_t len)
{
	trim(&s, &len);
	bool b;
	if (!len)
		return SHAPE_TEXT;
	if (is_url(s, len))
		return SHAPE_URL;
	if (is_email(s, len))
		return SHAPE_EMAIL;
	if (is_file(s, len))
		return SHAPE_FILE;
	if (is_datetime(s, len))
		return SHAPE_DATETIME;
	if (is_barcode(s, len))
		return SHAPE_BARCODE;
	if (is_uuid(s, len))
		return SHAPE_UUID;
	/* A date alone ("2026-03-08", a release date) is text, not a phone. */
	if (len == 10 && digits_at(s, len, 0, 4) == 4 && s[4] == '-' && s[7] == '-')
		return SHAPE_TEXT;
	if (is_phone(s, len))
		return SHAPE_PHONE;
	if (valueshape_bool(s, len, &b) || (len == 3 && !strncasecmp(s, "yes", 3)) ||
	    (len == 2 && !strncasecmp(s, "no", 2)))
		return SHAPE_BOOL;
	return SHAPE_TEXT;
}

size_t valueshape_scrub_emails(const char *s, size_t len, struct buf *out)
{
	size_t removed = 0, copied = 0;
	for (const char *at = memchr(s, '@', len); at; at = memchr(at + 1, '@', len - (size_t)(at + 1 - s))) {
		size_t a, b;
		if (!email_at(s, len, (size_t)(at - s), &a, &b) || a < copied)
			continue;
		size_t keep = a;
		if (keep > copied && s[keep - 1] == ' ' && (b == len || s[b] == ' '))
			keep--;
		buf_add(out, s + copied, keep - copied);
		copied = b;
		removed++;
		if (b >= len)
			break;
		at = s + b - 1;
	}
	buf_add(out, s + copied, len - copied);
	return removed;
}

bool valueshape_has_email(const char *s, size_t len)
{
	for (const char *at = memchr(s, '@', len); at;
	     at = memchr(at + 1, '@', len - (size_t)(at + 1 - s))) {
		size_t a, b;
		if (email_at(s, len, (size_t)(at - s), &a, &b))
			return true;
		if (at + 1 >= s + len)
			break;
	}
	return false;
}
