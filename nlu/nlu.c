#include "nlu/nlu.h"

#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"
#include "nlu/entities.h"
#include "nlu/intent.h"
#include "nlu/text/normalize.h"

struct nlu {
	intent_model *model;     /* NULL: no model, every intent is out_of_scope */
	intent_scratch *scratch;
	entities *ent;
	struct norm_text nt;     /* reused between calls */
};

nlu *nlu_new(const lang *pack, const char *model_path, char **err)
{
	intent_model *m = NULL;
	if (model_path) {
		m = intent_model_load(model_path, err);
		if (!m)
			return NULL;
	}
	nlu *n = xcalloc(1, sizeof *n);
	n->model = m;
	n->scratch = intent_scratch_new();
	n->ent = entities_new(pack);
	norm_text_init(&n->nt);
	return n;
}

void nlu_free(nlu *n)
{
	if (!n)
		return;
	norm_text_release(&n->nt);
	entities_free(n->ent);
	intent_scratch_free(n->scratch);
	intent_model_free(n->model);
	free(n);
}

void nlu_set_dictionary(nlu *n, const dictionary *d)
{
	entities_set_dictionary(n->ent, d);
}

void nlu_set_known_words(nlu *n, entities_known_fn fn, void *ctx)
{
	entities_set_known(n->ent, fn, ctx);
}

void nlu_set_vocab(nlu *n, const struct nlu_vocab *v)
{
	entities_set_vocab(n->ent, v);
}

void nlu_analyze(nlu *n, const char *text, struct nlu_result *out)
{
	memset(out, 0, sizeof *out);
	if (!text)
		text = "";
	out->spelled = norm_spell_out(entities_norm_words(n->ent), text,
	                              NORM_SPELL_CHAT | NORM_SPELL_BEFORE_VERB);
	const char *read = out->spelled ? out->spelled : text;
	normalize(entities_tokenizer(n->ent), entities_norm_words(n->ent), read, strlen(read),
	          &n->nt);
	entities_extract(n->ent, read, &n->nt, &out->entities);
	out->normalized = xstrdup(n->nt.text);
	double conf = 0;
	const char *label = INTENT_OUT_OF_SCOPE;
	/* the model reads chat spellings as words ("do u hav" as "do you
	 * have") and "I'll" as it learned it, "ill" */
	char *chat = norm_spell_out(entities_norm_words(n->ent), text, NORM_SPELL_CHAT);
	if (n->model)
		label = intent_classify(n->model, n->scratch, chat ? chat : text, &conf);
	free(chat);
	out->intent = xstrdup(label);
	out->confidence = conf;
}

void nlu_result_release(struct nlu_result *r)
{
	if (!r)
		return;
	free(r->intent);
	free(r->normalized);
	free(r->spelled);
	r->intent = r->normalized = r->spelled = NULL;
	nlu_entities_release(&r->entities);
}
