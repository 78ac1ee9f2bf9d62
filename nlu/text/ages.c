/*
 * ages.c: product age ranges and a child's age in text (see ages.h).
 *
 * The text is cut into small tokens (numbers, words, "+", "-") and read
 * with a few patterns. A number with a unit of age and a "+", a range, or
 * "and up" is an age range wherever it is; a bare number is one only in a
 * field named for ages; "under 3" is a floor only after a "not" ("not
 * suitable for children under 3").
 */
#include "nlu/text/ages.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TOKENS 512

enum kind { T_NUM, T_WORD, T_PLUS, T_DASH, T_STOP };

struct tok {
	enum kind kind;
	int num;             /* T_NUM */
	char word[16];       /* T_WORD, folded, cut */
	size_t start, end;   /* bytes of the text */
};

/* Cuts text into tokens; "4-year-old" is 4, -, year, -, old. */
static size_t tokens(const char *text, size_t len, struct tok *t, size_t cap)
{
	size_t n = 0;
	for (size_t i = 0; i < len && n < cap;) {
		unsigned char c = (unsigned char)text[i];
		struct tok *k = &t[n];
		k->start = i;
		if (isdigit(c)) {
			long v = 0;
			while (i < len && isdigit((unsigned char)text[i])) {
				if (v < 100000)
					v = v * 10 + (text[i] - '0');
				i++;
			}
			/* "1.5 years": the whole part; "3,000 pieces" is no age */
			if (i + 1 < len && (text[i] == '.' || text[i] == ',') &&
			    isdigit((unsigned char)text[i + 1])) {
				i++;
				while (i < len && isdigit((unsigned char)text[i]))
					i++;
				if (text[k->start + 1] == ',' || v > 99)
					v = 100000;
			}
			k->kind = T_NUM;
			k->num = (int)v;
		} else if (isalpha(c)) {
			size_t w = 0;
			while (i < len && (isalpha((unsigned char)text[i]) || text[i] == '\'')) {
				if (text[i] != '\'' && w + 1 < sizeof k->word)
					k->word[w++] = (char)tolower((unsigned char)text[i]);
				i++;
			}
			k->word[w] = '\0';
			k->kind = T_WORD;
		} else if (c == '+') {
			k->kind = T_PLUS;
			i++;
		} else if (c == '-' || c == '/') {
			k->kind = T_DASH;
			i++;
		} else if (c == 0xE2 && i + 2 < len && (unsigned char)text[i + 1] == 0x80 &&
		           ((unsigned char)text[i + 2] == 0x93 || (unsigned char)text[i + 2] == 0x94)) {
			k->kind = T_DASH; /* en or em dash */
			i += 3;
		} else if (c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' ||
		           c == '\n' || c == '(' || c == ')' || c == '|') {
			k->kind = T_STOP;
			i++;
		} else {
			i++;
			continue;
		}
		k->end = i;
		n++;
	}
	/* "from birth to 6 months", "birth - 9 kg": birth is an age of 0 */
	for (size_t j = 0; j + 1 < n; j++)
		if (t[j].kind == T_WORD && (!strcmp(t[j].word, "birth") || !strcmp(t[j].word, "newborn")) &&
		    (t[j + 1].kind == T_DASH || (t[j + 1].kind == T_WORD && !strcmp(t[j + 1].word, "to")))) {
			t[j].kind = T_NUM;
			t[j].num = 0;
		}
	return n;
}

static bool word_is(const struct tok *t, size_t n, size_t i, const char *w)
{
	return i < n && t[i].kind == T_WORD && !strcmp(t[i].word, w);
}

static bool word_in(const struct tok *t, size_t n, size_t i, const char *const *ws)
{
	for (; *ws; ws++)
		if (word_is(t, n, i, *ws))
			return true;
	return false;
}

/* Months in one of the unit at token i, or 0 when it is no unit of age;
 * *used gets its tokens ("y/o" is three). */
static int unit_at(const struct tok *t, size_t n, size_t i, size_t *used)
{
	static const char *const years[] = {"year", "years", "yr", "yrs", "y", "yo", NULL};
	static const char *const months[] = {"month", "months", "mo", "mos", "m", "mths", NULL};
	*used = 1;
	if (word_in(t, n, i, years)) {
		/* "y/o" */
		if (word_is(t, n, i, "y") && i + 2 < n && t[i + 1].kind == T_DASH &&
		    word_is(t, n, i + 2, "o"))
			*used = 3;
		return 12;
	}
	if (word_in(t, n, i, months))
		return 1;
	return 0;
}

/* ---- a product's ages ---- */

/* Words after an age that leave it open: "3 years and up", "or older". */
static size_t open_after(const struct tok *t, size_t n, size_t i)
{
	if (i < n && t[i].kind == T_PLUS)
		return 1;
	if (word_is(t, n, i, "plus"))
		return 1;
	if ((word_is(t, n, i, "and") || word_is(t, n, i, "or")) &&
	    (word_is(t, n, i + 1, "up") || word_is(t, n, i + 1, "over") ||
	     word_is(t, n, i + 1, "older") || word_is(t, n, i + 1, "above")))
		return 2;
	return 0;
}

/* An age statement starting at token i: *from and *to in months; the
 * tokens it takes, or 0. */
static size_t product_ages_at(const struct tok *t, size_t n, size_t i, bool label, int *from,
                              int *to)
{
	/* "aged 18 months", "matured from 24 months": a cheese's or a wine's
	 * age, not its eater's */
	static const char *const floor_words[] = {"from", "ages", "age", NULL};
	static const char *const ripening[] = {"aged", "matured", "ageing", "aging", "cured",
	                                       "oak", "barrel", "cask", "ripened", NULL};
	bool cue = i > 0 && word_in(t, n, i - 1, floor_words) &&
	           !(i > 1 && word_in(t, n, i - 2, ripening));
	if (t[i].kind != T_NUM || t[i].num > 216)
		return 0;
	int a = t[i].num;
	size_t k = i + 1, used = 0;
	/* "18 m+", "3+ years": the plus before or after the unit */
	int unit = unit_at(t, n, k, &used);
	if (unit)
		k += used;
	size_t open = open_after(t, n, k);
	/* "adults aged 16 years and over" is who it is for: an age left
	 * open is no cheese's */
	static const char *const people[] = {"children", "child", "kids", "adults", "adult",
	                                     "boys", "girls", "teens", "teenagers", "babies",
	                                     "people", "users", "those", NULL};
	for (size_t j = i, back = 0; !(open && unit) && j-- > 0 && back < 4; back++)
		if (word_in(t, n, j, ripening) && !(j > 0 && word_in(t, n, j - 1, people)))
			return 0;
	if (open) {
		k += open;
		if (!unit && (unit = unit_at(t, n, k, &used)))
			k += used;
		if (!unit && !label && !cue)
			return 0; /* "3+ players" */
		*from = a * (unit ? unit : 12);
		*to = AGES_OPEN;
		return k - i;
	}
	/* a range: "3-5 years", "0 to 12 months", "18 months - 3 years" */
	if (k < n && (t[k].kind == T_DASH || word_is(t, n, k, "to")) && k + 1 < n &&
	    t[k + 1].kind == T_NUM && t[k + 1].num <= 216) {
		int b = t[k + 1].num;
		size_t used2 = 0;
		int unit2 = unit_at(t, n, k + 2, &used2);
		if (!unit2 && !unit && !label && !cue)
			return 0; /* "2-4 players" */
		size_t took = k + 2 - i + (unit2 ? used2 : 0);
		if (!unit2)
			unit2 = unit ? unit : 12;
		if (!unit)
			unit = unit2;
		if (a * unit > b * unit2)
			return 0;
		*from = a * unit;
		*to = b * unit2 + (unit2 == 12 ? 11 : 0); /* "3-5 years": to the sixth birthday */
		return took;
	}
	/* "from 2 years", "Ages 8", a field's "8" */
	if ((cue && (unit || word_is(t, n, i - 1, "ages") || label)) || (label && k >= n)) {
		*from = a * (unit ? unit : 12);
		*to = AGES_OPEN;
		return k - i;
	}
	return 0;
}

/* "not suitable for children under 3 years", "not for under-3s": a floor. */
static bool under_floor_at(const struct tok *t, size_t n, size_t i, int *from)
{
	if (!word_is(t, n, i, "under") && !word_is(t, n, i, "below"))
		return false;
	size_t k = i + 1;
	if (k < n && t[k].kind == T_DASH)
		k++;
	if (k >= n || t[k].kind != T_NUM || t[k].num > 216)
		return false;
	bool negated = false;
	for (size_t j = i, steps = 0; j-- > 0 && steps < 6; steps++) {
		if (t[j].kind == T_STOP)
			break;
		if (word_is(t, n, j, "not") || word_is(t, n, j, "never"))
			negated = true;
	}
	if (!negated)
		return false;
	size_t used = 0;
	int unit = unit_at(t, n, k + 1, &used);
	*from = t[k].num * (unit ? unit : 12);
	return true;
}

bool ages_in_text(const char *text, size_t len, bool label_age, int *from, int *to)
{
	struct tok *t = malloc(MAX_TOKENS * sizeof *t);
	if (!t)
		return false;
	size_t n = tokens(text, len, t, MAX_TOKENS);
	bool found = false;
	int floor = -1;
	/* several ranges ("sizes 3-4 years, 5-6 years"): all of them */
	for (size_t i = 0; i < n;) {
		int f, e;
		size_t took = product_ages_at(t, n, i, label_age, &f, &e);
		if (!took) {
			i++;
			continue;
		}
		i += took;
		if (!found || f < *from)
			*from = f;
		if (!found || e == AGES_OPEN || (*to != AGES_OPEN && e > *to))
			*to = e;
		found = true;
	}
	for (size_t i = 0; i < n; i++) {
		int f;
		if (under_floor_at(t, n, i, &f) && f > floor)
			floor = f;
	}
	free(t);
	/* a warning's floor is a range's lower end when it says none higher */
	if (floor >= 0 && (!found || *from < floor)) {
		if (found && *to != AGES_OPEN && *to < floor)
			return true;
		*from = floor;
		if (!found)
			*to = AGES_OPEN;
		return true;
	}
	return found;
}

bool ages_label(const char *key, size_t len)
{
	struct tok t[8];
	size_t n = tokens(key, len, t, 8);
	for (size_t i = 0; i < n; i++)
		if (word_is(t, n, i, "age") || word_is(t, n, i, "ages"))
			return true;
	return false;
}

/* ---- a child's age ---- */

/* Words for a child the shopper speaks of. */
static const char *const child_words[] = {
	"son", "daughter", "kid", "kids", "child", "children", "boy", "boys", "girl", "girls",
	"nephew", "niece", "nephews", "nieces", "grandson", "granddaughter", "grandkid",
	"grandkids", "grandchild", "grandchildren", "toddler", "baby", "he", "she", "they",
	"twins", "brother", "sister", "cousin", "godson", "goddaughter", "little", NULL};

struct found {
	int months;
	size_t start, end;
};

/* The youngest age found, with its words. */
static void keep(struct found *best, int months, size_t start, size_t end)
{
	if (best->months >= 0 && months >= best->months)
		return;
	best->months = months;
	best->start = start;
	best->end = end;
}

int ages_of_stage(const char *word)
{
	static const struct {
		const char *word;
		int months;
	} stages[] = {{"newborn", 0},   {"newborns", 0},  {"infant", 6},      {"infants", 6},
	              {"baby", 6},      {"babies", 6},    {"toddler", 24},    {"toddlers", 24},
	              {"preschooler", 48}, {"preschoolers", 48}, {"tween", 132},
	              {"tweens", 132},  {"teen", 168},    {"teens", 168},     {"teenager", 168},
	              {"teenagers", 168}};
	for (size_t s = 0; s < sizeof stages / sizeof stages[0]; s++)
		if (!strcmp(word, stages[s].word))
			return stages[s].months;
	return -1;
}

int ages_of_child(const char *text, size_t len, size_t *start, size_t *end)
{
	struct tok *t = malloc(MAX_TOKENS * sizeof *t);
	if (!t)
		return -1;
	size_t n = tokens(text, len, t, MAX_TOKENS);
	struct found best = {-1, 0, 0};
	for (size_t i = 0; i < n; i++) {
		if (t[i].kind != T_NUM || t[i].num > 18 * 12)
			continue;
		int a = t[i].num;
		size_t k = i + 1, used = 0;
		if (k < n && t[k].kind == T_DASH)
			k++;
		int unit = unit_at(t, n, k, &used);
		/* "4 year old", "4-year-old", "6 months old", "4 yo", "4 y/o" */
		if (unit) {
			size_t u = k + used;
			if (u < n && t[u].kind == T_DASH)
				u++;
			bool old = word_is(t, n, u, "old") || word_is(t, n, u, "olds");
			if (old || word_is(t, n, k, "yo") || used == 3) {
				if (unit == 12 && a > 18)
					continue;
				keep(&best, a * unit, t[i].start, old ? t[u].end : t[k + used - 1].end);
				continue;
			}
		}
		/* "turning 4", "aged 4", "age 4" */
		if (i > 0 && (word_is(t, n, i - 1, "turning") || word_is(t, n, i - 1, "turns") ||
		              word_is(t, n, i - 1, "turned") || word_is(t, n, i - 1, "aged") ||
		              word_is(t, n, i - 1, "age")) && a <= 18) {
			size_t e = unit ? k + used - 1 : i;
			keep(&best, a * (unit == 1 ? 1 : 12), t[i - 1].start, t[e].end);
			continue;
		}
		/* "my son is 6", "the kids are 8 and 11", "she's 4" */
		bool said = false;
		for (size_t j = i, steps = 0; j-- > 0 && steps < 5 && !said; steps++) {
			if (t[j].kind == T_STOP)
				break;
			if (word_is(t, n, j, "shes") || word_is(t, n, j, "hes")) {
				said = true;
			} else if (word_is(t, n, j, "is") || word_is(t, n, j, "are") ||
			           word_is(t, n, j, "and")) {
				for (size_t c = j, back = 0; c-- > 0 && back < 3; back++)
					if (word_in(t, n, c, child_words))
						said = true;
			}
		}
		if (said && a <= 18 && (unit == 0 || unit == 12)) {
			size_t e = unit ? k + used - 1 : i;
			keep(&best, a * 12, t[i].start, t[e].end);
		}
	}
	for (size_t i = 0; i < n && best.months < 0; i++)
		if (t[i].kind == T_WORD && (best.months = ages_of_stage(t[i].word)) >= 0)
			best.start = best.end = 0;
	free(t);
	if (start)
		*start = best.start;
	if (end)
		*end = best.end;
	return best.months;
}
