/*
 * dialogue.c: the conversation core (first version: echoes the utterance so
 * the front ends link; the intent handlers follow).
 */
#include "src/dialogue.h"

#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"

struct dialogue {
	catalog *cat;
	unsigned long seed;
};

dialogue *dialogue_new(const struct dialogue_options *o, char **err)
{
	(void)err;
	dialogue *d = xcalloc(1, sizeof *d);
	d->cat = o->cat;
	d->seed = o->seed;
	return d;
}

void dialogue_free(dialogue *d)
{
	free(d);
}

static void entities_init(struct nlu_entities *e)
{
	memset(e, 0, sizeof *e);
	e->price_min = -1;
	e->price_max = -1;
}

void dialogue_turn(dialogue *d, const char *utterance, struct reply *out)
{
	(void)d;
	memset(out, 0, sizeof *out);
	entities_init(&out->nlu.entities);
	out->nlu.intent = xstrdup("out_of_scope");
	out->text = xasprintf("You said: %s", utterance ? utterance : "");
	out->suggestions = xcalloc(2, sizeof *out->suggestions);
	out->suggestions[0] = xstrdup("help");
	out->suggestions[1] = xstrdup("show me something");
	out->n_suggestions = 2;
}

void reply_release(struct reply *r)
{
	if (!r)
		return;
	free(r->text);
	free(r->error);
	for (size_t i = 0; i < r->n_suggestions; i++)
		free(r->suggestions[i]);
	free(r->suggestions);
	free(r->nlu.intent);
	free(r->nlu.normalized);
	memset(r, 0, sizeof *r);
}

void dialogue_reset(dialogue *d)
{
	(void)d;
}
