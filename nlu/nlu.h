/*
 * nlu: text to meaning. nlu_analyze() turns one utterance into an intent
 * with a confidence and the entities it names.
 *
 * Pure C: nlu/ never includes SQLite or curses. The catalog's vocabularies
 * (brands, categories, colors, materials) are handed in by the caller with
 * nlu_set_vocab(); the language's words (stop words, gazetteers, cue
 * words) come from the language pack the caller loaded (nlu/text/lang.h);
 * the intent model is loaded from a file.
 *
 * Ownership: an nlu_result is filled by nlu_analyze() and released with
 * nlu_result_release(); its strings belong to it.
 *
 * The entities and the vocabularies they are matched against are
 * declared in nlu/entities.h, which extracts them.
 */
#ifndef CLERK_NLU_H
#define CLERK_NLU_H

#include <stdbool.h>
#include <stddef.h>

#include "nlu/entities.h"

typedef struct nlu nlu;

struct nlu_result {
	char *intent;      /* label from the model, e.g. "search"; "out_of_scope" */
	double confidence; /* 0..1, calibrated */
	struct nlu_entities entities;
	char *normalized;  /* the normalized utterance */
	char *spelled;     /* the utterance with chat spellings and "ill", "id"
	                      before a verb spelled out ("i will take it"), as
	                      the entities read it; NULL when it is the same */
};

/* Reads with the words of pack (borrowed: it must outlive the nlu; NULL
 * reads with none) and loads the intent model at model_path. Returns NULL
 * with *err set (heap) when the file is missing, corrupt or of another
 * version. model_path NULL makes an nlu without a model: entities only,
 * every intent out_of_scope with confidence 0 (for tests and fuzzing). */
nlu *nlu_new(const lang *pack, const char *model_path, char **err);
void nlu_free(nlu *n);

/* Copies the vocabularies; may be called again to replace them. Names are
 * matched by their words (brands as written, others by Snowball stem), in
 * part (a brand's first words, a category's last words) and with typos;
 * between equally good matches the earlier entry wins, so pass the most
 * common first. Built-in basic colors and materials are always known. */
void nlu_set_vocab(nlu *n, const struct nlu_vocab *v);

/* The language's dictionary (borrowed; must outlive n; NULL for none):
 * its words are never corrected into catalog words. */
void nlu_set_dictionary(nlu *n, const dictionary *d);
/* The catalog's own words (see entities_set_known()). */
void nlu_set_known_words(nlu *n, entities_known_fn fn, void *ctx);

/* Analyzes text (any bytes: invalid UTF-8, control characters and very long
 * lines are handled, in time linear in the length). The intent model sees
 * the text as given (as in `clerk classify`); entities come from its
 * normalized tokens (nlu/normalize.h, nlu/entities.h). Never fails except
 * for allocation, which exits. An nlu is not thread-safe: one per thread. */
void nlu_analyze(nlu *n, const char *text, struct nlu_result *out);

void nlu_result_release(struct nlu_result *r);

#endif
