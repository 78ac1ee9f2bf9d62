/*
 * promo.c: a code's effect on the cart.
 */
#include "src/dialogue/promo.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "catalog/shop/cart.h"
#include "src/dialogue/lookup.h"
#include "common/xalloc.h"
#include "src/dialogue/state.h"
#include "src/dialogue/words.h"

int promo_effect(dialogue *d, const char *code, struct promo_effect *out, char **err)
{
	memset(out, 0, sizeof *out);
	char today[16];
	time_t now = time(NULL);
	strftime(today, sizeof today, "%Y-%m-%d", gmtime(&now));
	if (promotions_lookup(d->cat, code, d->customer, today, &out->p, &out->check, err) < 0)
		return -1;
	if (out->check == PROMO_UNKNOWN)
		return 0;
	int64_t cart;
	struct cart_contents cc;
	if (state_cart(d, &cart, err) < 0 || cart_list(d->cat, cart, &cc, err) < 0)
		return -1;
	for (size_t i = 0; i < cc.n; i++) {
		const struct cart_line *l = &cc.lines[i];
		if (l->price_cents < 0)
			continue;
		int64_t line = l->price_cents * l->quantity;
		out->total_cents += line;
		struct product_view p;
		if (product_view_load(d->cat, l->product, false, &p, NULL) < 0 || !p.id)
			continue;
		bool covered = (!out->p.brand || (p.brand && !strcasecmp(p.brand, out->p.brand))) &&
		               (!out->p.category || lookup_path_under(p.category, out->p.category));
		if (covered)
			out->eligible_cents += line;
		product_view_release(&p);
	}
	cart_contents_release(&cc);
	out->reaches_minimum = out->eligible_cents >= out->p.min_total_cents;
	out->applies = out->check == PROMO_VALID && out->eligible_cents > 0 && out->reaches_minimum;
	if (!out->applies)
		return 0;
	if (!strcmp(out->p.kind, "percent"))
		out->saving_cents = (int64_t)llround((double)out->eligible_cents * out->p.value / 100.0);
	else if (!strcmp(out->p.kind, "amount"))
		out->saving_cents = (int64_t)llround(out->p.value * 100.0);
	else
		out->free_delivery = true;
	if (out->saving_cents > out->eligible_cents)
		out->saving_cents = out->eligible_cents;
	return 0;
}

void promo_effect_release(struct promo_effect *e)
{
	promotion_release(&e->p);
	memset(e, 0, sizeof *e);
}

/* A word no product or code is named by: "for", "on". */
static bool stop_word(const dialogue *d, const char *word)
{
	size_t n = 0;
	char **w = words_content(d, word, &n);
	words_free(w, n);
	return n == 0;
}

char *promo_code_in(dialogue *d, const char *text, char **asked)
{
	if (asked)
		*asked = NULL;
	bool cue = false;
	char *found = NULL;
	const char *s = text;
	while (*s && !found) {
		while (*s && !isalnum((unsigned char)*s))
			s++;
		size_t n = 0;
		while (isalnum((unsigned char)s[n]) || s[n] == '-' || s[n] == '_')
			n++;
		if (!n)
			break;
		char *word = xstrndup(s, n);
		bool digit = false, alpha = false, lower = false;
		for (const char *c = word; *c; c++) {
			digit |= isdigit((unsigned char)*c) != 0;
			alpha |= isalpha((unsigned char)*c) != 0;
			lower |= islower((unsigned char)*c) != 0;
		}
		bool shaped = (digit && alpha) || (alpha && !lower && n >= 4);
		if ((shaped || cue) && n <= 32) {
			struct promotion p;
			enum promo_check check;
			char today[] = "0000-00-00";
			if (promotions_lookup(d->cat, word, d->customer, today, &p, &check, NULL) == 0 &&
			    check != PROMO_UNKNOWN)
				found = xstrdup(p.code);
			else if (cue && asked && !*asked && !words_is(d, word, "lexicon.promo_cues") &&
			         !stop_word(d, word))
				*asked = xstrdup(word); /* "code SPRING", not "discount for" */
			promotion_release(&p);
		}
		for (char *c = word; *c; c++)
			*c = (char)tolower((unsigned char)*c);
		cue = words_is(d, word, "lexicon.promo_cues");
		free(word);
		s += n;
	}
	if (found && asked) {
		free(*asked);
		*asked = NULL;
	}
	return found;
}
