/*
 * measure.c: the units table, reading measures and writing them back.
 */
#include "nlu/text/measure.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/xalloc.h"

/* Longest spelling compared, in bytes after normalizing. */
#define SPELLING_MAX 32

struct unit_row {
	const char *dimension, *unit, *shown; /* into the table's strings */
	double factor;
	bool prefix;
};

struct spelling {
	char key[SPELLING_MAX]; /* normalized */
	size_t row;
};

struct measure_units {
	struct unit_row *rows;
	size_t nrows, rowcap;
	struct spelling *spellings;
	size_t nspellings, spellcap;
	char **strings; /* every string the rows point to */
	size_t nstrings, strcap;
};

/* A spelling's comparison form: ASCII letters folded, spaces, dots and '_'
 * dropped, other bytes kept ("fl. oz" -> "floz", "″" stays). False when it
 * is empty or too long. */
static bool normalize(const char *s, size_t len, char out[SPELLING_MAX])
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == ' ' || c == '\t' || c == '.' || c == '_')
			continue;
		if (n + 1 >= SPELLING_MAX)
			return false;
		out[n++] = (char)tolower(c);
	}
	out[n] = '\0';
	return n > 0;
}

static int cmp_spelling(const void *a, const void *b)
{
	return strcmp(((const struct spelling *)a)->key, ((const struct spelling *)b)->key);
}

static const struct unit_row *lookup(const struct measure_units *u, const char *s, size_t len)
{
	struct spelling key;
	if (!u || !normalize(s, len, key.key))
		return NULL;
	const struct spelling *hit =
		bsearch(&key, u->spellings, u->nspellings, sizeof key, cmp_spelling);
	return hit ? &u->rows[hit->row] : NULL;
}

/* s[0..len) with '_' as a space, kept once: rows share their dimension
 * and unit strings, so they compare them by pointer. */
static const char *intern(struct measure_units *u, const char *s, size_t len)
{
	char *copy = xstrndup(s, len);
	for (char *p = copy; *p; p++)
		if (*p == '_')
			*p = ' ';
	for (size_t i = 0; i < u->nstrings; i++)
		if (!strcmp(u->strings[i], copy)) {
			free(copy);
			return u->strings[i];
		}
	u->strings = xgrow(u->strings, &u->strcap, u->nstrings + 1, sizeof *u->strings);
	u->strings[u->nstrings++] = copy;
	return copy;
}

void measure_units_free(struct measure_units *u)
{
	if (!u)
		return;
	for (size_t i = 0; i < u->nstrings; i++)
		free(u->strings[i]);
	free(u->strings);
	free(u->rows);
	free(u->spellings);
	free(u);
}

/* "1000", "0.001", "1/60". */
static bool parse_factor(const char *s, size_t len, double *out)
{
	char tmp[64];
	if (len == 0 || len >= sizeof tmp)
		return false;
	memcpy(tmp, s, len);
	tmp[len] = '\0';
	char *end;
	errno = 0;
	double v = strtod(tmp, &end);
	if (*end == '/') {
		double d = strtod(end + 1, &end);
		if (d == 0)
			return false;
		v /= d;
	}
	if (errno || *end || !(v > 0))
		return false;
	*out = v;
	return true;
}

/* The next whitespace-separated word of line[*at..len), or false. */
static bool next_word(const char *line, size_t len, size_t *at, const char **w, size_t *wlen)
{
	size_t i = *at;
	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	size_t start = i;
	while (i < len && line[i] != ' ' && line[i] != '\t')
		i++;
	*at = i;
	*w = line + start;
	*wlen = i - start;
	return i > start;
}

static int parse_line(struct measure_units *u, const char *line, size_t len, const char *name,
                      size_t lineno, char **err)
{
	const char *w[3];
	size_t wl[3], at = 0;
	for (int k = 0; k < 3; k++)
		if (!next_word(line, len, &at, &w[k], &wl[k])) {
			*err = xasprintf("%s line %zu: want DIMENSION UNIT FACTOR SPELLING...", name,
			                 lineno);
			return -1;
		}
	struct unit_row row = {intern(u, w[0], wl[0]), intern(u, w[1], wl[1]), NULL, 0, false};
	if (!parse_factor(w[2], wl[2], &row.factor)) {
		*err = xasprintf("%s line %zu: \"%.*s\" is not a factor", name, lineno, (int)wl[2],
		                 w[2]);
		return -1;
	}
	const char *s;
	size_t sl;
	size_t first = u->nspellings;
	while (next_word(line, len, &at, &s, &sl)) {
		bool prefix = sl > 1 && s[sl - 1] == '#';
		if (!row.shown) {
			row.shown = intern(u, s, sl - prefix);
			row.prefix = prefix;
		}
		u->spellings = xgrow(u->spellings, &u->spellcap, u->nspellings + 1,
		                     sizeof *u->spellings);
		struct spelling *sp = &u->spellings[u->nspellings];
		char prefixed[SPELLING_MAX + 1];
		snprintf(prefixed, sizeof prefixed, "%.*s", (int)sl, s);
		if (!normalize(prefixed, strlen(prefixed), sp->key)) {
			*err = xasprintf("%s line %zu: spelling \"%.*s\" is too long", name, lineno,
			                 (int)sl, s);
			return -1;
		}
		sp->row = u->nrows;
		u->nspellings++;
	}
	if (u->nspellings == first) {
		*err = xasprintf("%s line %zu: a unit without a spelling", name, lineno);
		return -1;
	}
	u->rows = xgrow(u->rows, &u->rowcap, u->nrows + 1, sizeof *u->rows);
	u->rows[u->nrows++] = row;
	return 0;
}

/* Every dimension's canonical unit is shown by one of its rows with
 * factor 1; no spelling names two units. */
static int check(const struct measure_units *u, const char *name, char **err)
{
	for (size_t i = 0; i < u->nrows; i++) {
		bool found = false;
		for (size_t k = 0; k < u->nrows && !found; k++)
			found = u->rows[k].dimension == u->rows[i].dimension &&
			        u->rows[k].shown == u->rows[i].unit && u->rows[k].factor == 1;
		if (!found) {
			*err = xasprintf("%s: unit %s of %s has no line with factor 1", name,
			                 u->rows[i].unit, u->rows[i].dimension);
			return -1;
		}
	}
	for (size_t i = 1; i < u->nspellings; i++)
		if (!strcmp(u->spellings[i - 1].key, u->spellings[i].key)) {
			*err = xasprintf("%s: spelling \"%s\" names two units", name,
			                 u->spellings[i].key);
			return -1;
		}
	return 0;
}

int measure_units_parse(const char *text, size_t len, const char *name,
                        struct measure_units **out, char **err)
{
	struct measure_units *u = xcalloc(1, sizeof *u);
	size_t lineno = 0;
	for (size_t at = 0; at < len;) {
		const char *nl = memchr(text + at, '\n', len - at);
		size_t end = nl ? (size_t)(nl - text) : len;
		const char *line = text + at;
		size_t n = end - at;
		lineno++;
		at = end + 1;
		while (n && (line[n - 1] == '\r' || line[n - 1] == ' ' || line[n - 1] == '\t'))
			n--;
		size_t lead = 0;
		while (lead < n && (line[lead] == ' ' || line[lead] == '\t'))
			lead++;
		if (lead == n || line[lead] == '#')
			continue;
		if (parse_line(u, line, n, name, lineno, err) < 0)
			goto fail;
	}
	qsort(u->spellings, u->nspellings, sizeof *u->spellings, cmp_spelling);
	if (check(u, name, err) < 0)
		goto fail;
	*out = u;
	return 0;
fail:
	measure_units_free(u);
	return -1;
}

int measure_units_load(const char *path, struct measure_units **out, char **err)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		*err = xasprintf("%s: %s", path, strerror(errno));
		return -1;
	}
	struct buf b;
	buf_init(&b);
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	int rc = -1;
	if (ferror(f))
		*err = xasprintf("%s: %s", path, strerror(errno));
	else
		rc = measure_units_parse(b.s, b.len, path, out, err);
	fclose(f);
	buf_release(&b);
	return rc;
}

/* ---- reading ---- */

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static const char *skip_spaces(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

/* A number at p: digits with '.' and ',' read as thousands separators or a
 * decimal mark, whichever the groups say ("5,000", "1,5", "1.234,5"). */
static bool parse_number(const char *p, const char *end, const char **next, double *out)
{
	const char *s = p;
	bool minus = false;
	if (s < end && *s == '-') {
		minus = true;
		s++;
	}
	if (s >= end || !(is_digit(*s) || (*s == '.' && s + 1 < end && is_digit(s[1]))))
		return false;
	const char *q = s;
	while (q < end && (is_digit(*q) || *q == '.' || *q == ','))
		q++;
	while (q > s && (q[-1] == '.' || q[-1] == ','))
		q--; /* "5," at the end of a clause */
	size_t dots = 0, commas = 0;
	const char *last_dot = NULL, *last_comma = NULL;
	for (const char *c = s; c < q; c++) {
		if (*c == '.')
			dots++, last_dot = c;
		else if (*c == ',')
			commas++, last_comma = c;
	}
	char decimal = 0;
	if (dots && commas) {
		decimal = last_dot > last_comma ? '.' : ',';
	} else if (dots == 1 || commas == 1) {
		const char *mark = dots ? last_dot : last_comma;
		size_t after = (size_t)(q - mark - 1);
		/* One comma with three digits after it groups thousands; a dot
		 * is a decimal point whatever follows. */
		decimal = dots || after != 3 ? (dots ? '.' : ',') : 0;
	} else if (dots > 1 || commas > 1) {
		decimal = 0; /* "1.000.000", "1,000,000" */
	}
	char sep = decimal == '.' ? ',' : decimal == ',' ? '.' : (dots ? '.' : ',');
	char tmp[64];
	size_t n = 0;
	size_t group = 0;
	bool grouped = false;
	for (const char *c = s; c < q; c++) {
		if (*c == sep) {
			if (grouped && group != 3)
				return false;
			grouped = true;
			group = 0;
			continue;
		}
		if (n + 2 >= sizeof tmp)
			return false;
		if (*c == decimal) {
			if (grouped && group != 3)
				return false;
			grouped = false;
			tmp[n++] = '.';
			continue;
		}
		group++;
		tmp[n++] = *c;
	}
	if (grouped && group != 3)
		return false;
	tmp[n] = '\0';
	char *stop;
	double v = strtod(tmp, &stop);
	if (*stop)
		return false;
	*out = minus ? -v : v;
	*next = q;
	return true;
}

/* A fraction at p as sizes are written, "1/2" or "15/16": whole numbers,
 * the numerator below a denominator of 2 to 64. */
static bool parse_fraction(const char *p, const char *end, const char **next, double *out)
{
	const char *q = p;
	long a = 0, b = 0;
	while (q < end && is_digit(*q) && a < 100)
		a = a * 10 + (*q++ - '0');
	if (q == p || q >= end || *q != '/')
		return false;
	const char *d = ++q;
	while (q < end && is_digit(*q) && b < 100)
		b = b * 10 + (*q++ - '0');
	if (q == d || (q < end && (is_digit(*q) || *q == '.' || *q == ',')) || b < 2 || b > 64 ||
	    a < 1 || a >= b)
		return false;
	*out = (double)a / (double)b;
	*next = q;
	return true;
}

/* A number, a fraction or a whole number and a fraction: "2.5", "1/2",
 * "2-1/2", "2 1/2". */
static bool parse_amount(const char *p, const char *end, const char **next, double *out)
{
	if (parse_fraction(p, end, next, out))
		return true;
	const char *q;
	if (!parse_number(p, end, &q, out))
		return false;
	double part;
	const char *r;
	bool whole = *out == floor(*out) && *out >= 0;
	for (const char *c = p; c < q && whole; c++)
		whole = is_digit(*c);
	if (whole && q + 1 < end && (*q == '-' || *q == ' ') && is_digit(q[1]) &&
	    parse_fraction(q + 1, end, &r, &part)) {
		*out += part;
		q = r;
	}
	*next = q;
	return true;
}

/* '×' in UTF-8. */
static bool is_times(const char *p, const char *end)
{
	return end - p >= 2 && (unsigned char)p[0] == 0xC3 && (unsigned char)p[1] == 0x97;
}

/* After a side of a box: the 'x' to the next side, and where it starts. */
static bool box_separator(const char *p, const char *end, const char **next)
{
	p = skip_spaces(p, end);
	size_t w = is_times(p, end) ? 2 : (p < end && (*p == 'x' || *p == 'X' || *p == '*'));
	if (!w)
		return false;
	const char *q = skip_spaces(p + w, end);
	if (q < end && (is_digit(*q) || (*q == '.' && q + 1 < end && is_digit(q[1])))) {
		*next = q;
		return true;
	}
	return false;
}

/* The bytes a unit may be written with: letters (any script), quote marks,
 * '%', '/', '.', '°'; digits, spaces, '×' and punctuation end it. */
static bool unit_byte(const char *p, const char *end)
{
	unsigned char c = (unsigned char)*p;
	if (c >= 0x80)
		return !is_times(p, end);
	return isalpha(c) || c == '"' || c == '\'' || c == '%' || c == '/' || c == '.';
}

/* The unit written at p (one or two words: "fl oz"), or NULL. */
static const struct unit_row *read_unit(const struct measure_units *u, const char *p,
                                        const char *end, const char **next)
{
	const char *q = p;
	while (q < end && unit_byte(q, end))
		q++;
	if (q == p)
		return NULL;
	/* Two words first, so "fl oz" is not read as "fl" then " oz". */
	const char *r = skip_spaces(q, end);
	if (r > q && r < end && isalpha((unsigned char)*r)) {
		const char *t = r;
		while (t < end && unit_byte(t, end))
			t++;
		const struct unit_row *two = lookup(u, p, (size_t)(t - p));
		if (two && !two->prefix) {
			*next = t;
			return two;
		}
	}
	const struct unit_row *one = lookup(u, p, (size_t)(q - p));
	if (!one || one->prefix)
		return NULL;
	*next = q;
	return one;
}

static void fill(struct measure *m, const struct unit_row *row)
{
	m->dimension = row ? row->dimension : NULL;
	m->unit = row ? row->unit : NULL;
	m->given = row ? row->shown : NULL;
	m->factor = row ? row->factor : 1;
	m->prefix = row && row->prefix;
}

/* The rest of a measure: nothing, or a note in parentheses. */
static bool at_end(const char *p, const char *end)
{
	p = skip_spaces(p, end);
	return p == end || *p == '(';
}

/* "IP68": a unit written before its number. */
static bool parse_prefixed(const struct measure_units *u, const char *p, const char *end,
                           struct measure *out)
{
	const char *q = p;
	while (q < end && isalpha((unsigned char)*q))
		q++;
	if (q == p || q - p >= SPELLING_MAX - 1)
		return false;
	char word[SPELLING_MAX + 1];
	snprintf(word, sizeof word, "%.*s#", (int)(q - p), p);
	const struct unit_row *row = lookup(u, word, strlen(word));
	double v;
	const char *next;
	if (!row || !row->prefix || !parse_number(skip_spaces(q, end), end, &next, &v) ||
	    !at_end(next, end))
		return false;
	memset(out, 0, sizeof *out);
	fill(out, row);
	out->value[0] = v * row->factor;
	out->n = 1;
	return true;
}

bool measure_parse(const struct measure_units *u, const char *text, size_t len,
                   struct measure *out)
{
	const char *p = text, *end = text + len;
	while (p < end && isspace((unsigned char)*p))
		p++;
	while (end > p && (isspace((unsigned char)end[-1]) || end[-1] == '.'))
		end--;
	if (p < end && isalpha((unsigned char)*p))
		return u && parse_prefixed(u, p, end, out);
	double raw[MEASURE_MAX_VALUES];
	const struct unit_row *units[MEASURE_MAX_VALUES];
	const struct unit_row *last = NULL;
	size_t n = 0;
	for (;;) {
		if (n == MEASURE_MAX_VALUES || !parse_amount(p, end, &p, &raw[n]))
			return false;
		units[n] = NULL;
		const char *q = skip_spaces(p, end);
		if (q < end && *q == '-' && q + 1 < end && !is_digit(q[1]))
			q++; /* "6.1-inch" */
		const char *after;
		if (!box_separator(p, end, &after) && q < end && !at_end(q, end)) {
			units[n] = u ? read_unit(u, q, end, &p) : NULL;
			if (!units[n])
				return false;
			if (last && units[n]->dimension != last->dimension)
				return false;
			last = units[n];
		}
		n++;
		if (!box_separator(p, end, &after))
			break;
		p = after;
	}
	if (!at_end(p, end))
		return false;
	memset(out, 0, sizeof *out);
	fill(out, last);
	out->n = n;
	for (size_t i = 0; i < n; i++)
		out->value[i] = raw[i] * (units[i] ? units[i]->factor : out->factor);
	return true;
}

bool measure_unit(const struct measure_units *u, const char *spelling, size_t len,
                  struct measure *out)
{
	const struct unit_row *row = lookup(u, spelling, len);
	if (!row)
		return false;
	memset(out, 0, sizeof *out);
	fill(out, row);
	return true;
}

int measure_compare(const struct measure *a, const struct measure *b)
{
	if (!a->n || !b->n)
		return MEASURE_INCOMPARABLE;
	if ((a->dimension == NULL) != (b->dimension == NULL) ||
	    (a->dimension && strcmp(a->dimension, b->dimension)))
		return MEASURE_INCOMPARABLE;
	/* Converted values carry rounding: 6.1 in is 154.94 mm give or take. */
	double x = a->value[0], y = b->value[0];
	if (fabs(x - y) <= 1e-9 * fmax(fabs(x), fabs(y)))
		return 0;
	return x > y ? 1 : -1;
}

bool measure_rounds_to(const struct measure *listed, const struct measure *said)
{
	if (listed->n != 1 || said->n != 1 || !listed->dimension || !said->dimension ||
	    strcmp(listed->dimension, said->dimension) || said->factor <= 0)
		return false;
	double s = said->value[0] / said->factor, l = listed->value[0] / said->factor;
	if (s < 1 || fabs(s - round(s)) > 1e-9)
		return false;
	return fabs(l - s) < 0.5 && fabs(l - s) <= 0.05 * s;
}

/* ---- writing ---- */

static size_t put(char *out, size_t size, size_t at, const char *s)
{
	size_t n = strlen(s);
	if (at < size) {
		size_t room = size - at - 1;
		memcpy(out + at, s, n < room ? n : room);
		out[at + (n < room ? n : room)] = '\0';
	}
	return at + n;
}

size_t measure_format_number(double v, char *out, size_t size)
{
	char tmp[64];
	if (fabs(v) >= 1e15)
		snprintf(tmp, sizeof tmp, "%.0f", v);
	else
		snprintf(tmp, sizeof tmp, "%.3f", v);
	char *dot = strchr(tmp, '.');
	if (dot) {
		char *z = tmp + strlen(tmp);
		while (z > dot + 1 && z[-1] == '0')
			z--;
		if (z == dot + 1)
			z = dot;
		*z = '\0';
	}
	if (!strcmp(tmp, "-0"))
		strcpy(tmp, "0");
	if (size)
		out[0] = '\0';
	return put(out, size, 0, tmp);
}

/* A unit written right after its number ("50%"), or after a space. */
static bool glued(const char *shown)
{
	return !isalpha((unsigned char)shown[0]) && (unsigned char)shown[0] < 0x80;
}

static size_t format_in(const double *values, size_t n, double factor, const char *shown,
                        bool prefix, char *out, size_t size)
{
	char num[64];
	size_t at = 0;
	if (size)
		out[0] = '\0';
	if (prefix && shown)
		at = put(out, size, at, shown);
	for (size_t i = 0; i < n; i++) {
		if (i)
			at = put(out, size, at, " x ");
		measure_format_number(values[i] / factor, num, sizeof num);
		at = put(out, size, at, num);
	}
	if (!prefix && shown) {
		if (!glued(shown))
			at = put(out, size, at, " ");
		/* "1 year", not "1 years": a unit shown as a plural word says
		 * one without its "s" */
		size_t len = strlen(shown);
		bool word = len > 3 && shown[len - 1] == 's';
		for (size_t i = 0; word && i < len; i++)
			word = islower((unsigned char)shown[i]) != 0;
		if (word && n == 1 && !strcmp(num, "1")) {
			char one[SPELLING_MAX];
			snprintf(one, sizeof one, "%.*s", (int)(len - 1), shown);
			at = put(out, size, at, one);
		} else {
			at = put(out, size, at, shown);
		}
	}
	return at;
}

size_t measure_format(const struct measure *m, char *out, size_t size)
{
	return format_in(m->value, m->n, m->given ? m->factor : 1, m->given, m->prefix, out, size);
}

/* True for 1, 1000, 0.001, ...: the steps of metric prefixes a value is
 * shown in. */
static bool thousands_step(double f)
{
	double k = log10(f) / 3;
	return fabs(k - round(k)) < 1e-9;
}

size_t measure_format_value(const struct measure_units *u, double value, const char *unit,
                            char *out, size_t size)
{
	const struct unit_row *best = NULL, *smallest = NULL;
	for (size_t i = 0; u && unit && i < u->nrows; i++) {
		const struct unit_row *r = &u->rows[i];
		if (strcmp(r->unit, unit) || !thousands_step(r->factor))
			continue;
		if (!smallest || r->factor < smallest->factor)
			smallest = r;
		if (r->factor <= fabs(value) && (!best || r->factor > best->factor))
			best = r;
	}
	if (!best)
		best = smallest;
	if (!best)
		return format_in(&value, 1, 1, unit, false, out, size);
	return format_in(&value, 1, best->factor, best->shown, best->prefix, out, size);
}
