/*
 * record.c: what the product and order importers do with a source record:
 * map its keys to fields, read a field's value, parse numbers, and name a
 * record's place in a message.
 */
#include "catalog/import/record.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"


long record_invalid_utf8(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		unsigned char c = p[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		size_t len;
		unsigned min;
		unsigned cp;
		if ((c & 0xE0) == 0xC0) {
			len = 2, min = 0x80, cp = c & 0x1F;
		} else if ((c & 0xF0) == 0xE0) {
			len = 3, min = 0x800, cp = c & 0x0F;
		} else if ((c & 0xF8) == 0xF0) {
			len = 4, min = 0x10000, cp = c & 0x07;
		} else {
			return (long)i;
		}
		if (i + len > n)
			return (long)i;
		for (size_t k = 1; k < len; k++) {
			if ((p[i + k] & 0xC0) != 0x80)
				return (long)i;
			cp = cp << 6 | (p[i + k] & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return (long)i;
		i += len;
	}
	return -1;
}

char *record_where(const char *source, const struct record *r, const char *field,
                   const char *fmt, ...)
{
	struct buf b;
	buf_init(&b);
	buf_printf(&b, "%s %s %zu", source, r->by_index ? "index" : "line", r->pos);
	if (field)
		buf_printf(&b, ", field %s", field);
	buf_adds(&b, ": ");
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n > 0) {
		char *msg = xmalloc((size_t)n + 1);
		va_start(ap, fmt);
		vsnprintf(msg, (size_t)n + 1, fmt, ap);
		va_end(ap);
		buf_adds(&b, msg);
		free(msg);
	}
	return buf_detach(&b);
}

/* Keeps the category levels when the chosen category is one of them:
 * they leave the unmapped pairs to make the path together. */
static void join_levels(struct resolved *res)
{
	bool chosen = false;
	for (int k = 0; k < MAPPING_CATEGORY_LEVELS; k++)
		chosen |= res->level_pair[k] >= 0 && res->level_pair[k] == res->chosen[PF_CATEGORY];
	if (res->nlevels < 2 || !chosen) {
		res->nlevels = 0;
		return;
	}
	size_t kept = 0;
	for (size_t u = 0; u < res->nunmapped; u++) {
		bool level = false;
		for (int k = 0; k < MAPPING_CATEGORY_LEVELS; k++)
			level |= res->level_pair[k] == (int)res->unmapped[u];
		if (!level)
			res->unmapped[kept++] = res->unmapped[u];
	}
	res->nunmapped = kept;
}

int record_resolve(struct mapping *m, const struct record *r, struct resolved *res,
                   const char *source, char **err)
{
	int *ranks = res->rank;
	size_t nfields = mapping_field_count(m);
	size_t own = res->unpacked_from ? res->unpacked_from : r->n;
	res->unpacked_from = 0;
	for (size_t f = 0; f < nfields; f++) {
		res->chosen[f] = -1;
		ranks[f] = 0;
	}
	res->nunmapped = 0;
	res->nlisting = 0;
	res->nlevels = 0;
	for (int k = 0; k < MAPPING_CATEGORY_LEVELS; k++)
		res->level_pair[k] = -1;
	for (size_t i = 0; i < r->n; i++) {
		const char *v = r->values[i];
		size_t len = r->lens[i];
		while (len && isspace((unsigned char)*v))
			v++, len--;
		if (!len)
			continue;
		if (record_invalid_utf8(r->values[i], r->lens[i]) >= 0) {
			*err = record_where(source, r, r->keys[i], "invalid UTF-8 (byte %ld)",
			                    record_invalid_utf8(r->values[i], r->lens[i]) + 1);
			return IMPORT_BAD;
		}
		int rank;
		int f = mapping_resolve(m, r->keys[i], &rank);
		if (f == MAPPING_IGNORE)
			continue;
		if (f == MAPPING_LISTING) {
			if (res->nlisting < sizeof res->listing / sizeof res->listing[0])
				res->listing[res->nlisting++] = i;
			continue;
		}
		if (f == MAPPING_FEATURE) {
			res->unmapped = xgrow(res->unmapped, &res->cap, res->nunmapped + 1,
			                      sizeof *res->unmapped);
			res->unmapped[res->nunmapped++] = i;
		} else {
			/* A shop's own attribute named "Type" (a custom field) is
			 * what it says of the product, not a level of where it is
			 * filed; nor is a platform's kind of row ("P", "simple") */
			int level = f == PF_CATEGORY && i < own && !mapping_platform_kind(v, len)
			                ? mapping_category_level(m, r->keys[i])
			                : -1;
			if (level >= 0 && res->level_pair[level] < 0) {
				res->level_pair[level] = (int)i;
				res->nlevels++;
			}
			/* The column that loses to a better one for the same field
			 * is kept as a feature (a shop's own "Type" next to the
			 * standard category, a list price next to the price). */
			size_t loser = i;
			if (res->chosen[f] < 0 || rank < ranks[f]) {
				loser = (size_t)res->chosen[f];
				res->chosen[f] = (int)i;
				ranks[f] = rank;
			}
			/* a second description (a short one beside the long)
			 * says again what the description says: no fact */
			if (loser != (size_t)-1 && f != PF_DESCRIPTION) {
				res->unmapped = xgrow(res->unmapped, &res->cap, res->nunmapped + 1,
				                      sizeof *res->unmapped);
				res->unmapped[res->nunmapped++] = loser;
			}
		}
	}
	join_levels(res);
	return IMPORT_OK;
}

/* Appends v[0..n) trimmed, RECORD_SEP turned into sep (or cut there). */
void record_add_trimmed(struct buf *out, const char *v, size_t n, const char *sep)
{
	size_t start = out->len;
	while (n && isspace((unsigned char)*v))
		v++, n--;
	while (n && isspace((unsigned char)v[n - 1]))
		n--;
	const char *end = v + n;
	while (v < end) {
		const char *s = memchr(v, RECORD_SEP, (size_t)(end - v));
		size_t len = s ? (size_t)(s - v) : (size_t)(end - v);
		if (len) {
			if (out->len > start)
				buf_adds(out, sep);
			buf_add(out, v, len);
			if (!sep)
				return;
		}
		v += len + (s != NULL);
	}
}

bool record_text(const struct record *r, const struct resolved *res, int field,
                 const char *sep, struct buf *out)
{
	int i = res->chosen[field];
	if (i < 0)
		return false;
	size_t before = out->len;
	if (field == PF_CATEGORY && res->nlevels > 1) {
		for (int k = 0; k < MAPPING_CATEGORY_LEVELS; k++) {
			int p = res->level_pair[k];
			if (p < 0)
				continue;
			size_t at = out->len;
			if (at > before && sep)
				buf_adds(out, sep);
			size_t mark = out->len;
			record_add_trimmed(out, r->values[p], r->lens[p], sep);
			if (out->len == mark) {
				out->len = at;
				out->s[at] = '\0';
			}
		}
		return out->len > before;
	}
	record_add_trimmed(out, r->values[i], r->lens[i], sep);
	return out->len > before;
}

const char *record_skip_ws(const char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	return s;
}

/* Copies s without thousands commas into out; false when too long. */
static bool strip_commas(const char *s, char *out, size_t size)
{
	size_t n = 0;
	for (s = record_skip_ws(s); *s; s++) {
		if (*s == ',')
			continue;
		if (n + 1 >= size)
			return false;
		out[n++] = *s;
	}
	while (n && isspace((unsigned char)out[n - 1]))
		n--;
	out[n] = '\0';
	return n > 0;
}

int record_parse_int(const char *s, int64_t *out)
{
	char tmp[32];
	if (!strip_commas(s, tmp, sizeof tmp))
		return -1;
	char *end;
	errno = 0;
	long long v = strtoll(tmp, &end, 10);
	if (errno || *end) {
		/* "12.0" from a spreadsheet is still twelve. */
		double d;
		/* in range (and a number) first: converting a double out of
		 * range is undefined */
		if (record_parse_double(tmp, &d) < 0 || !(d >= -9e18 && d <= 9e18) ||
		    d != (double)(long long)d)
			return -1;
		v = (long long)d;
	}
	*out = v;
	return 0;
}

int record_parse_double(const char *s, double *out)
{
	char tmp[64];
	if (!strip_commas(s, tmp, sizeof tmp))
		return -1;
	char *end;
	errno = 0;
	double v = strtod(tmp, &end);
	if (errno || *end || v != v)
		return -1;
	*out = v;
	return 0;
}
