/*
 * bench_intent: accuracy, out-of-scope recall, training time and
 * classification speed of the intent classifier on one core.
 *
 *   bench_intent --train FILE --test FILE [--hold-out N] [--seed N]
 *                [--per-intent N] [--curve] [--synthetic N_INTENTS]
 *                [--fasttext-dir DIR]
 *
 * --hold-out N removes N intents (a seeded choice) from training: their test
 * rows must then come out as out_of_scope, which simulates a corpus with
 * unseen out-of-scope queries. --fasttext-dir writes the same split in
 * fastText's format (train.txt, test.txt) so bench/intent.sh can run fastText
 * on the very same data in the same run. --synthetic N times training and
 * classification on N intents x 100 rows built from the training file (the
 * scale of a 150-intent corpus).
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/buf.h"
#include "common/xalloc.h"
#include "nlu/intent.h"
#include "nlu/intent_csv.h"

/* CPU time of this process: the machine is shared, and the figures are
 * about what one core does, not about who else is running. */
static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static bool is_oos(const char *label)
{
	return !strcmp(label, "oos") || !strcmp(label, INTENT_OUT_OF_SCOPE);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The seeded choice of n intents to hold out of training. */
static char **pick_held_out(const struct intent_csv *d, size_t n, unsigned seed, size_t *n_out)
{
	const char **all = xmalloc((d->n ? d->n : 1) * sizeof *all);
	size_t k = 0;
	for (size_t i = 0; i < d->n; i++)
		if (!is_oos(d->ex[i].intent))
			all[k++] = d->ex[i].intent;
	qsort(all, k, sizeof *all, cmp_str);
	size_t u = 0;
	for (size_t i = 0; i < k; i++)
		if (!u || strcmp(all[u - 1], all[i]))
			all[u++] = all[i];
	srand(seed);
	for (size_t i = u; i > 1; i--) {
		size_t j = (size_t)rand() % i;
		const char *t = all[i - 1];
		all[i - 1] = all[j];
		all[j] = t;
	}
	if (n > u)
		n = u;
	char **out = xmalloc((n ? n : 1) * sizeof *out);
	for (size_t i = 0; i < n; i++)
		out[i] = xstrdup(all[i]);
	qsort(out, n, sizeof *out, cmp_str);
	free(all);
	*n_out = n;
	return out;
}

/* A training set of n_classes x per rows for timing at the scale of a
 * 150-intent corpus: intent i of the source in variant v is the class
 * "INTENT#v", its rows are rows of intent i with the variant's marker word
 * appended, so the classes are learnable as in a real corpus. Strings go
 * into keep (freed by the caller). */
static struct intent_example *synthesize(const struct intent_csv *d, size_t n_classes,
                                         size_t per, char ***keep, size_t *n_out)
{
	static const char *const marker[] = {"alpha", "bravo", "charlie", "delta", "echo",
	                                     "foxtrot", "golf", "hotel", "india", "juliet"};
	size_t n_markers = sizeof marker / sizeof *marker;
	const char **intents = xmalloc((d->n ? d->n : 1) * sizeof *intents);
	size_t u = 0;
	for (size_t i = 0; i < d->n; i++) {
		size_t j = 0;
		while (j < u && strcmp(intents[j], d->ex[i].intent))
			j++;
		if (j == u)
			intents[u++] = d->ex[i].intent;
	}
	struct intent_example *out = xmalloc((n_classes * per + 1) * sizeof *out);
	*keep = xmalloc((2 * n_classes * per + 1) * sizeof **keep);
	size_t n = 0, k = 0;
	for (size_t c = 0; c < n_classes && c / u < n_markers; c++) {
		const char *intent = intents[c % u];
		size_t v = c / u, taken = 0, seen = 0;
		for (size_t pass = 0; taken < per && pass < 1000; pass++)
			for (size_t i = 0; i < d->n && taken < per; i++) {
				if (strcmp(d->ex[i].intent, intent) || seen++ < v * 37)
					continue;
				char *text = xasprintf("%s %s", d->ex[i].text, marker[v]);
				char *label = xasprintf("%s#%zu", intent, v);
				(*keep)[k++] = text;
				(*keep)[k++] = label;
				out[n].text = text;
				out[n++].intent = label;
				taken++;
			}
	}
	free(intents);
	(*keep)[k] = NULL;
	*n_out = n;
	return out;
}

static void time_synthetic(const struct intent_csv *d, size_t n_classes, size_t per,
                           const struct intent_train_options *o)
{
	char **keep = NULL;
	size_t n = 0;
	struct intent_example *ex = synthesize(d, n_classes, per, &keep, &n);
	char *err = NULL;
	double t0 = now();
	intent_model *m = intent_train(ex, n, o, &err);
	double secs = now() - t0;
	if (m) {
		intent_scratch *s = intent_scratch_new();
		size_t done = 0;
		double elapsed;
		t0 = now();
		do {
			for (size_t i = 0; i < n; i++)
				intent_classify(m, s, ex[i].text, NULL);
			done += n;
		} while ((elapsed = now() - t0) < 1.0);
		printf("clerk: synthetic %zu intents x %zu rows: training %.2f s, classification "
		       "%.0f utterances/s (CPU time, one core)\n", intent_model_n_labels(m), per, secs,
		       (double)done / elapsed);
		intent_scratch_free(s);
	} else {
		printf("clerk: synthetic set: %s\n", err);
		free(err);
	}
	intent_model_free(m);
	for (size_t i = 0; keep[i]; i++)
		free(keep[i]);
	free(keep);
	free(ex);
}

static bool held(char **h, size_t n, const char *label)
{
	return bsearch(&label, h, n, sizeof *h, cmp_str) != NULL;
}

static void write_fasttext_line(FILE *fp, const char *label, const char *text)
{
	fprintf(fp, "__label__%s ", is_oos(label) ? INTENT_OUT_OF_SCOPE : label);
	for (const char *p = text; *p; p++)
		fputc(*p == '\n' || *p == '\r' ? ' ' : *p, fp);
	fputc('\n', fp);
}

static int dump_fasttext(const char *dir, const struct intent_example *tr, size_t n_tr,
                         const struct intent_csv *test, char **h, size_t n_h)
{
	char *p1 = xasprintf("%s/train.txt", dir), *p2 = xasprintf("%s/test.txt", dir);
	FILE *a = fopen(p1, "w"), *b = fopen(p2, "w");
	int rc = a && b ? 0 : -1;
	for (size_t i = 0; a && i < n_tr; i++)
		write_fasttext_line(a, tr[i].intent, tr[i].text);
	for (size_t i = 0; b && i < test->n; i++) {
		const char *label = held(h, n_h, test->ex[i].intent) ? INTENT_OUT_OF_SCOPE : test->ex[i].intent;
		write_fasttext_line(b, label, test->ex[i].text);
	}
	if (a)
		fclose(a);
	if (b)
		fclose(b);
	free(p1);
	free(p2);
	return rc;
}

/* Time per byte of classification for growing lines of junk: flat means
 * linear time. */
static void linear_time(const intent_model *m, intent_scratch *s)
{
	static const char piece[] = "where is my ordr 10422 \xF0\x9F\x98\x80 caf\xC3\xA9 \xFF\x01 ";
	printf("bad-input scaling (us per KB):");
	for (size_t size = 1024; size <= 1024 * 1024; size *= 8) {
		char *t = xmalloc(size + 1);
		for (size_t i = 0; i < size; i++)
			t[i] = piece[i % (sizeof piece - 1)];
		t[size] = '\0';
		double t0 = now();
		int reps = 0;
		do {
			intent_classify(m, s, t, NULL);
			reps++;
		} while (now() - t0 < 0.2);
		printf(" %zuKB:%.2f", size / 1024, (now() - t0) / reps * 1e6 / (double)(size / 1024));
		free(t);
	}
	printf("\n");
}

int main(int argc, char **argv)
{
	const char *train_path = NULL, *test_path = NULL, *ft_dir = NULL;
	size_t hold = 0, per_intent = 0, synth = 0;
	bool curve = false;
	struct intent_train_options o = {0};
	for (int i = 1; i < argc; i += 2) {
		if (!strcmp(argv[i], "--curve")) {
			curve = true;
			i--;
			continue;
		}
		if (i + 1 >= argc)
			break;
		if (!strcmp(argv[i], "--train"))
			train_path = argv[i + 1];
		else if (!strcmp(argv[i], "--test"))
			test_path = argv[i + 1];
		else if (!strcmp(argv[i], "--hold-out"))
			hold = (size_t)atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--synthetic"))
			synth = (size_t)atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--per-intent"))
			per_intent = (size_t)atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--seed"))
			o.seed = (uint64_t)atoll(argv[i + 1]);
		else if (!strcmp(argv[i], "--epochs"))
			o.epochs = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--folds"))
			o.folds = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--fasttext-dir"))
			ft_dir = argv[i + 1];
	}
	if (!train_path || !test_path) {
		fprintf(stderr, "usage: bench_intent --train FILE --test FILE [--hold-out N] [--seed N] "
		                "[--per-intent N] [--curve]\n"
		                "       [--synthetic N_INTENTS] [--fasttext-dir DIR]\n");
		return 2;
	}
	struct intent_csv train = {0}, test = {0};
	char *err = NULL;
	if (intent_csv_load(train_path, &train, &err) < 0 || intent_csv_load(test_path, &test, &err) < 0) {
		fprintf(stderr, "bench_intent: %s\n", err);
		return 1;
	}
	size_t n_h = 0;
	char **h = pick_held_out(&train, hold, (unsigned)o.seed + 1, &n_h);
	struct intent_example *tr = xmalloc((train.n ? train.n : 1) * sizeof *tr);
	size_t n_tr = 0;
	/* a seeded random order, so that --per-intent takes a random sample */
	size_t *order = xmalloc((train.n ? train.n : 1) * sizeof *order);
	for (size_t i = 0; i < train.n; i++)
		order[i] = i;
	for (size_t i = train.n; per_intent && i > 1; i--) {
		size_t j = (size_t)rand() % i, t = order[i - 1];
		order[i - 1] = order[j];
		order[j] = t;
	}
	for (size_t oi = 0; oi < train.n; oi++) {
		size_t i = order[oi];
		if (held(h, n_h, train.ex[i].intent))
			continue;
		/* --per-intent N keeps N random rows of each intent: a smaller,
		 * harder training set */
		size_t seen = 0;
		for (size_t j = 0; per_intent && j < n_tr; j++)
			seen += !strcmp(tr[j].intent, train.ex[i].intent);
		if (!per_intent || seen < per_intent)
			tr[n_tr++] = train.ex[i];
	}
	free(order);
	if (ft_dir && dump_fasttext(ft_dir, tr, n_tr, &test, h, n_h) < 0) {
		fprintf(stderr, "bench_intent: cannot write to %s\n", ft_dir);
		return 1;
	}

	double t0 = now();
	intent_model *m = intent_train(tr, n_tr, &o, &err);
	double train_s = now() - t0;
	if (!m) {
		fprintf(stderr, "bench_intent: %s\n", err);
		return 1;
	}
	intent_scratch *s = intent_scratch_new();
	size_t n_in = 0, ok_in = 0, ok_raw = 0, n_oos = 0, ok_oos = 0;
	enum { STEPS = 20 };
	size_t curve_in[STEPS] = {0}, curve_oos[STEPS] = {0};
	for (size_t i = 0; i < test.n; i++) {
		const char *truth = test.ex[i].intent;
		const char *got = intent_classify(m, s, test.ex[i].text, NULL);
		double p;
		const char *raw = intent_classify_raw(m, s, test.ex[i].text, &p);
		bool oos_truth = is_oos(truth) || held(h, n_h, truth);
		for (int g = 0; g < STEPS; g++) {
			bool says_oos = !strcmp(raw, INTENT_OUT_OF_SCOPE) || p < (double)g / STEPS;
			if (oos_truth)
				curve_oos[g] += says_oos;
			else
				curve_in[g] += !says_oos && !strcmp(raw, truth);
		}
		if (oos_truth) {
			n_oos++;
			ok_oos += !strcmp(got, INTENT_OUT_OF_SCOPE);
		} else {
			n_in++;
			ok_in += !strcmp(got, truth);
			ok_raw += !strcmp(raw, truth);
		}
	}
	size_t done = 0;
	t0 = now();
	double elapsed;
	do {
		for (size_t i = 0; i < test.n; i++)
			intent_classify(m, s, test.ex[i].text, NULL);
		done += test.n;
	} while ((elapsed = now() - t0) < 1.0);

	printf("clerk: train %zu rows, %zu intents (%zu held out as OOS), test %zu rows "
	       "(%zu OOS)\n", n_tr, intent_model_n_labels(m), n_h, test.n, n_oos);
	printf("clerk: in-scope accuracy %.2f%% (without threshold %.2f%%), OOS recall %.2f%%, "
	       "threshold %.2f\n", n_in ? 100.0 * (double)ok_in / (double)n_in : 0,
	       n_in ? 100.0 * (double)ok_raw / (double)n_in : 0,
	       n_oos ? 100.0 * (double)ok_oos / (double)n_oos : 0, intent_model_threshold(m));
	printf("clerk: training %.2f s, classification %.0f utterances/s (CPU time, one core)\n", train_s,
	       (double)done / elapsed);
	if (curve) {
		printf("curve of a threshold on the top probability alone (clerk thresholds a learned\n"
		       "acceptance score instead); threshold: in-scope accuracy / OOS recall:\n");
		for (int g = 0; g < STEPS; g++)
			printf("  %.2f: %.2f / %.2f\n", (double)g / STEPS,
			       n_in ? 100.0 * (double)curve_in[g] / (double)n_in : 0,
			       n_oos ? 100.0 * (double)curve_oos[g] / (double)n_oos : 0);
	}
	linear_time(m, s);
	if (synth)
		time_synthetic(&train, synth, 100, &o);

	intent_scratch_free(s);
	intent_model_free(m);
	for (size_t i = 0; i < n_h; i++)
		free(h[i]);
	free(h);
	free(tr);
	intent_csv_release(&train);
	intent_csv_release(&test);
	return 0;
}
