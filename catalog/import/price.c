/*
 * price.c: see price.h for the accepted forms and how the decimal mark is
 * decided.
 */
#include "catalog/import/price.h"

#include <ctype.h>
#include <string.h>

static const struct {
	const char *symbol;
	const char *code;
} symbols[] = {
	/* eBay writes its sites' dollars with a space: "US $1,399.00",
	 * "AU $89.95", "C $45.00" */
	{"US $", "USD"}, {"AU $", "AUD"}, {"NZ $", "NZD"}, {"HK $", "HKD"}, {"C $", "CAD"},
	{"US$", "USD"}, {"AU$", "AUD"}, {"NZ$", "NZD"}, {"HK$", "HKD"},
	{"C$", "CAD"}, {"A$", "AUD"}, {"R$", "BRL"},
	{"$", "USD"},   {"\xE2\x82\xAC", "EUR"}, {"\xC2\xA3", "GBP"},
	{"\xC2\xA5", "JPY"}, {"\xE2\x82\xB9", "INR"},
};

bool price_is_blank(const char *s)
{
	while (*s && isspace((unsigned char)*s))
		s++;
	return *s == '\0';
}

static const char *skip_spaces(const char *s)
{
	while (*s == ' ' || *s == '\t' || (unsigned char)*s == 0xC2 /* NBSP lead */) {
		if ((unsigned char)*s == 0xC2) {
			if ((unsigned char)s[1] != 0xA0)
				break;
			s++;
		}
		s++;
	}
	return s;
}

/* Reads a currency symbol or a 3-letter code at *s; advances past it. */
static bool read_currency(const char **s, char currency[4])
{
	for (size_t i = 0; i < sizeof symbols / sizeof symbols[0]; i++) {
		size_t n = strlen(symbols[i].symbol);
		if (!strncmp(*s, symbols[i].symbol, n)) {
			memcpy(currency, symbols[i].code, 4);
			*s += n;
			return true;
		}
	}
	const char *p = *s;
	if (isalpha((unsigned char)p[0]) && isalpha((unsigned char)p[1]) &&
	    isalpha((unsigned char)p[2]) && !isalpha((unsigned char)p[3])) {
		for (int i = 0; i < 3; i++)
			currency[i] = (char)toupper((unsigned char)p[i]);
		currency[3] = '\0';
		*s += 3;
		return true;
	}
	return false;
}

/* Decides which of '.' and ',' is the decimal mark in num[0..n); 0 when
 * the number has none. -1 when the marks make no sense. */
static int decimal_mark(const char *num, size_t n, bool with_currency)
{
	size_t dots = 0, commas = 0, last_dot = 0, last_comma = 0;
	for (size_t i = 0; i < n; i++) {
		if (num[i] == '.') {
			dots++;
			last_dot = i;
		} else if (num[i] == ',') {
			commas++;
			last_comma = i;
		}
	}
	if (dots && commas) {
		char mark = last_dot > last_comma ? '.' : ',';
		if ((mark == '.' ? dots : commas) > 1)
			return -1;
		return mark;
	}
	/* one mark with three digits after it groups thousands: a ',' always
	 * ("1,299"), a '.' beside a currency ("1.299 €"; a bare "4.125" may be
	 * a JSON number); "0.299" is no thousand */
	size_t last = dots == 1 ? last_dot : last_comma;
	bool grouping = n - last - 1 == 3 && last >= 1 && last <= 3 && num[0] != '0';
	if (dots == 1)
		return grouping && with_currency ? 0 : '.';
	if (commas == 1)
		return grouping ? 0 : ',';
	return 0;
}

static int parse_number(const char *num, size_t n, bool with_currency, int64_t *cents)
{
	int mark = decimal_mark(num, n, with_currency);
	if (mark < 0)
		return -1;
	int64_t units = 0;
	int frac = 0, frac_digits = 0, round_up = 0, digits = 0;
	bool in_frac = false;
	for (size_t i = 0; i < n; i++) {
		char c = num[i];
		if (c == mark) {
			in_frac = true;
			continue;
		}
		if (c == '.' || c == ',' || c == '\'')
			continue; /* a thousands separator */
		digits++;
		int d = c - '0';
		if (!in_frac) {
			if (units > PRICE_MAX_CENTS / 100)
				return -1;
			units = units * 10 + d;
		} else if (frac_digits < 2) {
			frac = frac * 10 + d;
			frac_digits++;
		} else if (frac_digits == 2) {
			round_up = d >= 5;
			frac_digits++;
		}
	}
	if (!digits)
		return -1;
	if (frac_digits == 1)
		frac *= 10;
	int64_t v = units * 100 + frac + round_up;
	if (v > PRICE_MAX_CENTS)
		return -1;
	*cents = v;
	return 0;
}

int price_parse(const char *s, int64_t *cents, char currency[4])
{
	char code[4] = "";
	s = skip_spaces(s);
	if (read_currency(&s, code))
		s = skip_spaces(s);
	const char *num = s;
	/* "1'299.00": Swiss thousands, between digits */
	while (isdigit((unsigned char)*s) || *s == '.' || *s == ',' ||
	       (*s == '\'' && s > num && isdigit((unsigned char)s[-1]) && isdigit((unsigned char)s[1])))
		s++;
	size_t n = (size_t)(s - num);
	s = skip_spaces(s);
	if (*s) {
		if (code[0] || !read_currency(&s, code))
			return -1;
		s = skip_spaces(s);
		if (*s)
			return -1;
	}
	if (n == 0 || parse_number(num, n, code[0] != '\0', cents) < 0)
		return -1;
	memcpy(currency, code, 4);
	return 0;
}
