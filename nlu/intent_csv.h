/*
 * intent_csv: labelled utterances for the intent classifier, read from a CSV
 * file or from every *.csv in a folder (in name order, so training is
 * reproducible).
 *
 * A CSV is text,intent with an optional header; a header that names a text
 * column (text, utterance, sentence, query, ...) and an intent column
 * (intent, label, class) picks them out of wider files such as Bitext's
 * utterance,intent,entity_type,... Quoted fields follow RFC 4180. A row
 * without an intent is an error naming its file and line. Pure C.
 */
#ifndef CLERK_INTENT_CSV_H
#define CLERK_INTENT_CSV_H

#include <stddef.h>

#include "nlu/intent.h"

struct intent_csv {
	struct intent_example *ex; /* n examples; strings owned by this struct */
	size_t n, cap;
	char **owned;
	size_t n_owned, cap_owned;
};

/* Appends the rows of path (a file or a folder) to *e, which starts zeroed.
 * 0, or -1 with *err (heap). Release e either way. */
int intent_csv_load(const char *path, struct intent_csv *e, char **err);
void intent_csv_release(struct intent_csv *e);

#endif
