/*
 * bench/nlu_linear: nlu_analyze() time against input length, to show it is
 * linear: 1 KB, 10 KB, 100 KB and 1 MB inputs of three kinds (shopping
 * text, digits and symbols, invalid UTF-8 and control bytes), time per byte
 * for each. The baseline, measured in the same run on the same bytes, is
 * one pass of the shared tokenizer (nlu/token.h), which is linear by
 * construction; a quadratic step would show as a per-byte time growing
 * with the size while the baseline's stays flat.
 *
 *   bench_nlu_linear [MODEL]
 *
 * With MODEL the intent classifier runs too; without, entities only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "nlu/nlu.h"
#include "nlu/text/token.h"
#include "nlu/text/lang.h"

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static const char *const kinds[] = {"text", "digits", "junk"};

static const char *const pieces[] = {
	/* text */
	("show me wireless samsung headphones under $80 but not black, the second one "
	 "please; compare 1 and 3. where's my order #10422? email me at a.b@example.com "),
	/* digits */
	"1,299.99 20-40 $5 #12 4k 64gb ORD-1234 12345-6789 1.2k x3 3x 00042 ",
	/* junk */
	"\xff\xfe\x01\x1b[31m\xf0\x9f\x98\x80\xc3 ---###$$$'''..,,\t\xe2\x82 \xd0\x9f\xd1\x80 ",
};

static char *make_input(int kind, size_t len)
{
	char *s = malloc(len + 1);
	size_t pl = strlen(pieces[kind]);
	for (size_t i = 0; i < len; i++)
		s[i] = pieces[kind][i % pl];
	s[len] = '\0';
	return s;
}

static int count_token(void *ctx, const struct token *t)
{
	(void)t;
	(*(size_t *)ctx)++;
	return 0;
}

/* Seconds per call on s (nlu_analyze, or the tokenizer baseline), repeated
 * until at least 0.2 s have passed. */
static double per_call(nlu *n, tokenizer *tk, const char *s, size_t len, bool baseline)
{
	int reps = 0;
	double start = now(), t;
	do {
		if (baseline) {
			size_t count = 0;
			tokenizer_run(tk, s, len, count_token, &count);
		} else {
			struct nlu_result r;
			nlu_analyze(n, s, &r);
			nlu_result_release(&r);
		}
		reps++;
		t = now() - start;
	} while (t < 0.2);
	return t / reps;
}

int main(int argc, char **argv)
{
	char *err = NULL;
	lang *pack = lang_load(CLERK_ASSETS_DIR "/lang/en", &err);
	if (!pack) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	nlu *n = nlu_new(pack, argc > 1 ? argv[1] : NULL, &err);
	if (!n) {
		fprintf(stderr, "bench_nlu_linear: %s\n", err);
		free(err);
		return 1;
	}
	static const char *const brands[] = {"Samsung", "Apple", "Sony", "OtterBox"};
	static const char *const cats[] = {"Headphones", "Cell Phones", "Cases"};
	struct nlu_vocab v = {brands, 4, cats, 3, NULL, 0, NULL, 0};
	nlu_set_vocab(n, &v);
	tokenizer *tk = tokenizer_new("english", NULL);
	printf("nlu_analyze %s; baseline: one tokenizer pass over the same bytes\n",
	       argc > 1 ? "with the intent model" : "without a model (entities only)");
	printf("%-7s %9s %12s %10s %12s %10s %8s\n", "kind", "bytes", "nlu ms", "nlu ns/B",
	       "base ms", "base ns/B", "ratio");
	static const size_t sizes[] = {1 << 10, 10 << 10, 100 << 10, 1 << 20};
	for (int k = 0; k < 3; k++) {
		for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
			char *s = make_input(k, sizes[i]);
			double a = per_call(n, tk, s, sizes[i], false);
			double b = per_call(n, tk, s, sizes[i], true);
			double nsb = a * 1e9 / (double)sizes[i];
			printf("%-7s %9zu %12.3f %10.1f %12.3f %10.1f %8.2f\n", kinds[k], sizes[i],
			       a * 1e3, nsb, b * 1e3, b * 1e9 / (double)sizes[i], a / b);
			free(s);
		}
	}
	tokenizer_free(tk);
	nlu_free(n);
	lang_free(pack);
	return 0;
}
