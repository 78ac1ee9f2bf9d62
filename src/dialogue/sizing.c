/*
 * sizing.c: "im 5'10 what size should i get", "my head is 57cm what size":
 * a size question with the shopper's own measure, answered from the size
 * guide the product's data writes ("M: 170-178 cm", "L (59-63 cm)").
 */
#include "src/dialogue/handlers.h"

#include <ctype.h>
#include <math.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/xalloc.h"
#include "src/dialogue/lookup.h"
#include "src/dialogue/state.h"
#include "src/dialogue/turn.h"
#include "src/dialogue/words.h"

#define CM_PER_INCH 2.54

/* The shopper's measure in cm: "5'10", "5 ft 10", "6 foot 2", "178 cm",
 * "1.78 m", "57cm". false when the text says none. */
static bool measure_said(const char *text, double *cm)
{
	static const char *const feet =
		"([4-7])[[:space:]]*('|ft|foot|feet)[[:space:]]*([0-9]{1,2})?([[:space:]]*(\"|''|in|inch|inches))?";
	static const char *const metric = "([0-9]{2,3}(\\.[0-9])?)[[:space:]]*cm|(1\\.[0-9]{1,2})[[:space:]]*m([^a-z]|$)";
	regex_t re;
	regmatch_t m[6];
	bool found = false;
	if (regcomp(&re, feet, REG_EXTENDED | REG_ICASE) == 0) {
		if (regexec(&re, text, 6, m, 0) == 0) {
			double ft = atof(text + m[1].rm_so);
			double in = m[3].rm_so >= 0 ? atof(text + m[3].rm_so) : 0;
			if (in < 12) {
				*cm = (ft * 12 + in) * CM_PER_INCH;
				found = true;
			}
		}
		regfree(&re);
	}
	if (!found && regcomp(&re, metric, REG_EXTENDED | REG_ICASE) == 0) {
		if (regexec(&re, text, 6, m, 0) == 0) {
			*cm = m[1].rm_so >= 0 ? atof(text + m[1].rm_so) : atof(text + m[3].rm_so) * 100;
			found = *cm >= 30 && *cm <= 230;
		}
		regfree(&re);
	}
	return found;
}

bool sizing_asked(struct turn *t)
{
	double cm;
	/* the shopper's own measure ("im 5'10", "my head is 57cm"), not a
	 * product's ("what size is the 30 cm pan") */
	return words_says(t->d, t->lower, "lexicon.size_question") &&
	       words_says(t->d, t->lower, "lexicon.own_measure") && measure_said(t->lower, &cm);
}

/* A size guide's range: "S: rider 160-170 cm", "L (59-63 cm)". */
static const char range_re[] =
	"([A-Za-z0-9]{1,4})[[:space:]]*(:|\\()[^0-9;]*([0-9]+(\\.[0-9]+)?)[[:space:]]*(-|\xe2\x80\x93)"
	"[[:space:]]*([0-9]+(\\.[0-9]+)?)[[:space:]]*cm";

/* The sizes of text's guide (re, range_re compiled) whose range holds cm;
 * their labels " or " between into out. How many ranges the text gives. */
static size_t sizes_holding(const regex_t *re, const char *text, double cm, struct buf *out)
{
	size_t ranges = 0;
	regmatch_t m[8];
	for (const char *p = text; regexec(re, p, 8, m, 0) == 0; p += m[0].rm_eo) {
		ranges++;
		double lo = atof(p + m[3].rm_so), hi = atof(p + m[6].rm_so);
		if (cm + 0.5 < lo || cm - 0.5 > hi)
			continue;
		char label[8];
		snprintf(label, sizeof label, "%.*s", (int)(m[1].rm_eo - m[1].rm_so), p + m[1].rm_so);
		if (out->s && strstr(out->s, label))
			continue;
		buf_printf(out, "%s%s (%g-%g cm)", out->len ? " or " : "", label, lo, hi);
		if (m[0].rm_eo == 0)
			break;
	}
	return ranges;
}

/* The sizes of p's guide holding cm into out; how many ranges it gives. */
static size_t guide_of(const regex_t *re, const struct product_view *p, double cm,
                       struct buf *out)
{
	size_t ranges = sizes_holding(re, p->description ? p->description : "", cm, out);
	for (size_t i = 0; i < p->n_attrs; i++)
		ranges += sizes_holding(re, p->attrs[i].value, cm, out);
	return ranges;
}

void dlg_size_advice(struct turn *t)
{
	dialogue *d = t->d;
	double cm = 0;
	measure_said(t->lower, &cm);
	turn_varf(t, "measure", "%.0f cm", cm);
	/* the product in focus; else the first listed whose data gives a
	 * size guide */
	regex_t re;
	if (regcomp(&re, range_re, REG_EXTENDED) != 0) {
		say(t, "sizing.which");
		return;
	}
	bool focused = d->focus >= 0 && (size_t)d->focus < d->n_shown;
	size_t from = focused ? (size_t)d->focus : 0, to = focused ? from + 1 : d->n_shown;
	for (size_t i = from; i < to; i++) {
		struct product_view p;
		if (lookup_product(d, d->shown[i].id, true, &p, NULL) < 0)
			continue;
		struct buf sizes;
		buf_init(&sizes);
		size_t ranges = guide_of(&re, &p, cm, &sizes);
		if (ranges || focused) {
			turn_var(t, "name", p.name);
			if (sizes.len)
				turn_var(t, "sizes", sizes.s);
			say(t, sizes.len ? "sizing.pick" : ranges ? "sizing.outside" : "sizing.no_guide");
			d->focus = (int)i;
			buf_release(&sizes);
			product_view_release(&p);
			regfree(&re);
			suggest(t, "suggest.question");
			return;
		}
		buf_release(&sizes);
		product_view_release(&p);
	}
	regfree(&re);
	say(t, "sizing.which");
	suggest(t, "suggest.which");
}
