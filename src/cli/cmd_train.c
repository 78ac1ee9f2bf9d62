/*
 * clerk train --data FILE|DIR --out MODEL: reads labelled utterances from a
 * CSV (text,intent with an optional header, or any CSV whose header names
 * its text and intent columns, like Bitext's utterance,intent,...) or from
 * every *.csv in a folder, trains the intent classifier and writes the model.
 */
#include "src/cli/commands.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"
#include "nlu/intent.h"
#include "nlu/intent_csv.h"
#include "src/cli/app.h"

static void usage(FILE *out)
{
	fprintf(out,
	        "usage: clerk train --data FILE|DIR --out MODEL [--seed N] [--epochs N] [--folds N]\n"
	        "\n"
	        "Trains the intent classifier. FILE is a CSV of text,intent (header optional; a\n"
	        "header naming utterance/text and intent columns picks them out of wider CSVs);\n"
	        "DIR means every *.csv in it. Rows labelled oos or out_of_scope train the\n"
	        "out_of_scope class. The out-of-scope threshold is chosen by cross-validation.\n");
}

static bool parse_int(const char *s, long min, long max, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max)
		return false;
	*out = v;
	return true;
}

int cmd_train(int argc, char **argv)
{
	const char *data = NULL, *out = NULL;
	struct intent_train_options o = {0};
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		long v;
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			return 0;
		}
		if (i + 1 >= argc)
			goto bad_usage;
		if (!strcmp(a, "--data"))
			data = argv[++i];
		else if (!strcmp(a, "--out"))
			out = argv[++i];
		else if (!strcmp(a, "--seed") && parse_int(argv[i + 1], 0, 0x7fffffffL, &v))
			o.seed = (uint64_t)v, i++;
		else if (!strcmp(a, "--epochs") && parse_int(argv[i + 1], 1, 1000, &v))
			o.epochs = (int)v, i++;
		else if (!strcmp(a, "--folds") && parse_int(argv[i + 1], 1, 20, &v))
			o.folds = (int)v, i++;
		else
			goto bad_usage;
	}
	if (!data || !out)
		goto bad_usage;

	struct intent_csv e = {0};
	char *err = NULL;
	intent_model *m = NULL;
	int rc = 1;
	if (intent_csv_load(data, &e, &err) < 0)
		goto cleanup;
	m = intent_train(e.ex, e.n, &o, &err);
	if (!m) {
		char *why = err;
		err = xasprintf("%s: %s", data, why);
		free(why);
		goto cleanup;
	}
	if (intent_model_save(m, out, &err) < 0)
		goto cleanup;
	printf("trained %zu utterances, %zu intents (out-of-scope threshold %.2f) into %s\n", e.n,
	       intent_model_n_labels(m), intent_model_threshold(m), out);
	rc = 0;
cleanup:
	if (err)
		app_error("%s", err);
	free(err);
	intent_model_free(m);
	intent_csv_release(&e);
	return rc;

bad_usage:
	usage(stderr);
	return 2;
}
