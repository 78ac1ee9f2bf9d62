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
	        "usage: clerk train --data FILE|DIR --out MODEL [--max-reject PERCENT] [--seed N]\n"
	        "                   [--epochs N] [--folds N]\n"
	        "\n"
	        "Trains the intent classifier. FILE is a CSV of text,intent (header optional; a\n"
	        "header naming utterance/text and intent columns picks them out of wider CSVs);\n"
	        "DIR means every *.csv in it. Rows labelled oos or out_of_scope train the\n"
	        "out_of_scope class. Utterances unlike every intent are also answered\n"
	        "out_of_scope: the threshold is set by cross-validation to turn away at most\n"
	        "PERCENT of in-scope utterances (default 2; higher catches more out-of-scope\n"
	        "queries), and the rates cross-validation measured at it are printed.\n");
}

/* A percentage in (0, 100), "2" or "2%". */
static bool parse_percent(const char *s, double *out)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (end != s && *end == '%')
		end++;
	if (errno || end == s || *end || !(v > 0 && v < 100))
		return false;
	*out = v / 100.0;
	return true;
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
		else if (!strcmp(a, "--max-reject") && parse_percent(argv[i + 1], &o.max_reject))
			i++;
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
	printf("trained %zu utterances, %zu intents into %s\n", e.n, intent_model_n_labels(m), out);
	if (intent_model_threshold(m) > 0 || intent_model_expected_reject(m) > 0)
		printf("out-of-scope threshold %.3f: cross-validation expects %.1f%% of in-scope "
		       "utterances turned away (at most %.1f%% asked) and %.1f%% of out-of-scope ones "
		       "caught\n", intent_model_threshold(m), 100 * intent_model_expected_reject(m),
		       100 * (o.max_reject > 0 ? o.max_reject : 0.02),
		       100 * intent_model_expected_oos_recall(m));
	if (intent_model_expected_reject(m) > (o.max_reject > 0 ? o.max_reject : 0.02) + 1e-6)
		printf("(the in-scope utterances the trained out_of_scope class takes are over the "
		       "budget already: no threshold)\n");
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
