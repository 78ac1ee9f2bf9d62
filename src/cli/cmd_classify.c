/*
 * clerk classify --model MODEL: one utterance per stdin line, one
 * "INTENT<TAB>CONFIDENCE" per stdout line, out_of_scope when the model
 * judges the utterance outside every intent it was trained on.
 */
#include "src/cli/commands.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nlu/intent.h"
#include "src/cli/app.h"

static void usage(FILE *out)
{
	fprintf(out,
	        "usage: clerk classify --model MODEL\n"
	        "\n"
	        "Reads utterances from stdin, one a line, and prints INTENT<TAB>CONFIDENCE for\n"
	        "each; INTENT is out_of_scope when no trained intent fits.\n");
}

int cmd_classify(int argc, char **argv)
{
	const char *path = NULL;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout);
			return 0;
		}
		if (!strcmp(argv[i], "--model") && i + 1 < argc) {
			path = argv[++i];
		} else {
			usage(stderr);
			return 2;
		}
	}
	if (!path) {
		usage(stderr);
		return 2;
	}
	char *err = NULL;
	intent_model *m = intent_model_load(path, &err);
	if (!m) {
		app_error("%s", err);
		free(err);
		return 1;
	}
	intent_scratch *s = intent_scratch_new();
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	while ((len = getline(&line, &cap, stdin)) >= 0) {
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		double conf = 0;
		const char *intent = intent_classify(m, s, line, &conf);
		printf("%s\t%.4f\n", intent, conf);
	}
	free(line);
	intent_scratch_free(s);
	intent_model_free(m);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		app_error("cannot write the results");
		return 1;
	}
	return 0;
}
