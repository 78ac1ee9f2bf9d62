/*
 * session.c: the front ends' calls beside the conversation, over the
 * dialogue's catalog.
 */
#include "src/dialogue/session.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "catalog/search/autocomplete.h"
#include "common/xalloc.h"
#include "src/dialogue/dialogue_int.h"
#include "src/dialogue/handlers.h"
#include "src/dialogue/lookup.h"
#include "src/dialogue/resolve.h"
#include "src/dialogue/state.h"
#include "src/dialogue/words.h"

/* The command line's search keeps what the query says as a constraint
 * (a price, "by sony", "not otterbox", a colour) and searches the rest as
 * words: a category or brand guessed from the words ("bluetooth headsets
 * jabra") would hide the products the catalog files elsewhere, which the
 * ranking already puts after those that the words describe best. Measured
 * by bench/search_cli.py: with the guesses as filters nDCG@10 was 0.908 /
 * 0.824 / 0.784 on phones / dev2 / dept_dev, without them 0.926 / 0.832 /
 * 0.840. The conversation keeps its guesses: it asks which kind, and
 * narrows within one. */
static void unguess(dialogue *d, const struct turn *t, struct dlg_frame *f)
{
	free(f->category);
	f->category = NULL;
	if (!f->brand)
		return;
	static const char *const explicit[] = {"by", "from", "only", "just"};
	char *lower = xstrdup(f->brand);
	for (char *c = lower; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	bool said = false;
	for (size_t i = 0; i < sizeof explicit / sizeof *explicit && !said; i++) {
		char *phrase = xasprintf("%s %.*s", explicit[i], (int)strcspn(lower, " "), lower);
		said = words_at(t->lower, phrase) != NULL;
		free(phrase);
	}
	free(lower);
	if (said)
		return;
	if (!lookup_any_word_said(d, f->brand, f->words)) {
		char *w = f->words ? xasprintf("%s %s", f->words, f->brand) : xstrdup(f->brand);
		free(f->words);
		f->words = w;
	}
	free(f->brand);
	f->brand = NULL;
}

int session_read_query(dialogue *d, const char *text, struct session_query *out, char **err)
{
	memset(out, 0, sizeof *out);
	struct reply r;
	memset(&r, 0, sizeof r);
	struct turn t = {.d = d, .input = text, .out = &r};
	t.lower = xstrdup(text);
	for (char *c = t.lower; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	nlu_analyze(d->nlu, text, &r.nlu);
	struct dlg_frame f;
	find_frame_of_turn(&t, &f);
	struct dlg_results res;
	int rc = find_search(d, &f, FIND_GUESSED, 1, &res, err); /* settles the guesses */
	if (rc == 0)
		unguess(d, &t, &f);
	if (rc == 0) {
		lookup_results_release(&res);
		char *q_text = lookup_query(&f, &out->q);
		out->text = q_text;
		out->brand = f.brand ? xstrdup(f.brand) : NULL;
		out->exclude_brand = f.not_brand ? xstrdup(f.not_brand) : NULL;
		out->category = f.category ? xstrdup(f.category) : NULL;
		out->color = f.color ? xstrdup(f.color) : NULL;
		out->measure = f.measure ? xstrdup(f.measure) : NULL;
		out->q.text = out->text;
		out->q.brand = out->brand;
		out->q.exclude_brand = out->exclude_brand;
		out->q.category = out->category;
		out->q.color = out->color;
	}
	frame_release(&f);
	lookup_forget(d);
	reading_release(&t.r);
	reply_release(&r);
	free(t.lower);
	return rc;
}

void session_query_release(struct session_query *q)
{
	free(q->text);
	free(q->brand);
	free(q->exclude_brand);
	free(q->category);
	free(q->color);
	free(q->measure);
	memset(q, 0, sizeof *q);
}

int session_run_query(dialogue *d, const struct session_query *q, struct search_result *out,
                      char **err)
{
	if (!q->measure)
		return search_run(d->search, &q->q, out, err);
	/* the measure's products are looked for among the first sample */
	struct search_query wide = q->q;
	size_t limit = q->q.limit ? q->q.limit : 10;
	wide.limit = q->q.offset + limit > FACET_SAMPLE ? q->q.offset + limit : FACET_SAMPLE;
	wide.offset = 0;
	if (search_run(d->search, &wide, out, err) < 0)
		return -1;
	lookup_measure_first(d, q->measure, &wide, out);
	size_t from = q->q.offset < out->n_hits ? q->q.offset : out->n_hits;
	size_t to = from + limit < out->n_hits ? from + limit : out->n_hits;
	for (size_t i = 0; i < out->n_hits; i++)
		if (i < from || i >= to)
			product_view_release(&out->hits[i].p);
	if (to > from)
		memmove(out->hits, out->hits + from, (to - from) * sizeof *out->hits);
	out->n_hits = to - from;
	return 0;
}

int session_prepare_completion(dialogue *d, char **err)
{
	if (d->complete)
		return 0;
	d->complete = autocomplete_new(d->cat, err);
	return d->complete ? 0 : -1;
}

char *session_complete(dialogue *d, const char *typed)
{
	struct completion c;
	if (!d->complete || autocomplete_suggest(d->complete, typed, &c, 1) == 0)
		return NULL;
	char *line = xstrdup(c.text);
	autocomplete_release(&c, 1);
	return line;
}

int session_details(dialogue *d, const char *id, struct product_view *out, char **err)
{
	return product_view_load(d->cat, id, true, out, err);
}

int session_staff_sign_in(dialogue *d, const char *pin, int lockout_seconds,
                          struct staff_signin *out, char **err)
{
	return staff_pin_check(d->cat, pin, (int64_t)time(NULL), lockout_seconds, out, err);
}

int session_staff_orders(dialogue *d, const char *who, size_t limit, struct staff_order **out,
                         size_t *n, char **err)
{
	return staff_orders_find(d->cat, who, limit, out, n, err);
}

int session_staff_report(dialogue *d, int64_t since, int64_t until, struct analytics_report *out,
                         char **err)
{
	return analytics_report(d->cat, since, until, out, err);
}

int session_kiosk_orders(dialogue *d, size_t limit, struct kiosk_order **out, size_t *n,
                         char **err)
{
	return kiosk_orders_list(d->cat, false, limit, out, n, err);
}

int session_kiosk_order_set(dialogue *d, const char *ref, const char *state, const char *reason,
                            char **err)
{
	return kiosk_order_set(d->cat, ref, state, reason, err);
}

int session_handoffs_open(dialogue *d, size_t limit, struct handoff **out, size_t *n, char **err)
{
	return handoffs_list(d->cat, false, limit, out, n, err);
}

int session_handoff_close(dialogue *d, const char *reference, const char *note, char **err)
{
	return handoffs_close(d->cat, reference, note, err);
}
