/*
 * bench_intent: accuracy, out-of-scope recall, training time and
 * classification speed of the intent classifier on one core.
 *
 *   bench_intent --train FILE (--test FILE | --split SHARE) [--hold-out N]
 *                [--seed N] [--runs N] [--per-intent N] [--no-oos-train]
 *                [--curve] [--synthetic N_INTENTS] [--fasttext-dir DIR]
 *                [--max-reject PERCENT] [--epochs N] [--folds N]
 *
 * --hold-out N removes N intents (a seeded choice) from training: their test
 * rows must then come out as out_of_scope, which simulates a corpus with
 * unseen out-of-scope queries. --fasttext-dir writes the same split in
 * fastText's format (train.txt, test.txt) so bench/intent.sh can run fastText
 * on the very same data in the same run. --synthetic N times training and
 * classification on N intents x 100 rows built from the training file (the
 * scale of a 150-intent corpus).
 *
 * --curve prints the trade-off of the out-of-scope threshold on the test set
 * (in-scope accuracy, a rejection counted as an error, against OOS recall,
 * for thresholds that turn away 0 to 40% of the in-scope rows). A single run
 * also lists the 20 most frequent confusions of the raw answer.
 *
 * --max-reject PERCENT is training's false-rejection budget (default 2).
 *
 * --split SHARE tests on a seeded, per-intent SHARE of the training file's
 * rows instead of a test file. --no-oos-train keeps rows labelled oos out of
 * training (they are tested, as unseen out-of-scope queries). --runs N
 * repeats the experiment with seeds seed .. seed+N-1 (another choice of
 * held-out intents, sample and split each time) and prints the mean and the
 * spread, so that a change is not judged on one lucky split.
 */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
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

/* One experiment's settings. */
struct setup {
	const struct intent_csv *train, *test; /* test NULL: split the training file */
	double split;
	size_t hold, per_intent;
	bool no_oos_train, curve, verbose;
	const char *ft_dir;
	struct intent_train_options o;
};

struct result {
	double acc, acc_raw, rec, reject, train_s, per_s;
	double rec_at[2]; /* OOS recall of the best threshold for the test set that
	                   * costs at most 2 (5) points of in-scope accuracy */
};

struct scored {
	double q;
	int kind; /* 0: in scope, right; 1: in scope, wrong; 2: out of scope */
};

static int cmp_scored(const void *a, const void *b)
{
	const struct scored *x = a, *y = b;
	return x->q < y->q ? -1 : x->q > y->q;
}

/* OOS recall of an oracle threshold on the acceptance score that gives away
 * at most loss points of in-scope accuracy: how well the score ranks,
 * whatever threshold training picked. */
static double recall_at(struct scored *v, size_t n, size_t n_in, size_t n_oos, double loss)
{
	qsort(v, n, sizeof *v, cmp_scored);
	size_t lost = 0, caught = 0, best = 0;
	for (size_t j = 0; j < n; j++) {
		lost += v[j].kind == 0;
		caught += v[j].kind == 2;
		if (100.0 * (double)lost / (double)n_in > loss)
			break;
		if (j + 1 == n || v[j + 1].q > v[j].q)
			best = caught;
	}
	return n_oos ? 100.0 * (double)best / (double)n_oos : 0;
}

/* One error of the raw answer: the truth and what the model said. */
struct pair {
	const char *truth, *got;
	size_t n;
};

static int cmp_pair(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;
	int c = strcmp(x->truth, y->truth);
	return c ? c : strcmp(x->got, y->got);
}

static int cmp_pair_count(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;
	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return cmp_pair(a, b);
}

/* The most frequent errors of the raw answer (before the out-of-scope
 * gate), as "truth -> answer": what to look at before changing features. */
static void print_confusions(struct pair *e, size_t n, size_t top)
{
	qsort(e, n, sizeof *e, cmp_pair);
	size_t u = 0;
	for (size_t i = 0; i < n; i++) {
		if (u && !cmp_pair(&e[u - 1], &e[i]))
			e[u - 1].n++;
		else
			e[u++] = (struct pair){e[i].truth, e[i].got, 1};
	}
	qsort(e, u, sizeof *e, cmp_pair_count);
	printf("most confused (truth -> raw answer, of %zu raw errors):\n", n);
	for (size_t i = 0; i < u && i < top; i++)
		printf("  %3zu  %s -> %s\n", e[i].n, e[i].truth, e[i].got);
}

/* The trade-off a threshold on the acceptance score offers on this test
 * set: for thresholds that turn away a given share of the in-scope rows,
 * the in-scope accuracy (a rejection counts as an error) and the OOS
 * recall. */
static void print_curve(struct scored *v, size_t n, size_t n_in, size_t n_oos)
{
	static const double share[] = {0, 0.5, 1, 2, 3, 5, 7.5, 10, 15, 20, 30, 40};
	qsort(v, n, sizeof *v, cmp_scored);
	printf("trade-off of the acceptance threshold on this test set:\n"
	       "  in-scope rejected  threshold  in-scope accuracy  OOS recall\n");
	size_t n_ok = 0, n_caught_raw = 0;
	for (size_t i = 0; i < n; i++) {
		n_ok += v[i].kind == 0;
		n_caught_raw += v[i].kind == 2 && v[i].q == 0; /* the raw answer was out_of_scope */
	}
	for (size_t s = 0; s < sizeof share / sizeof *share; s++) {
		size_t allowed = (size_t)(share[s] / 100.0 * (double)n_in), lost_in = 0, lost_ok = 0;
		size_t caught = 0, j = 0;
		double t = 0;
		/* reject rows in increasing score until the next one would pass
		 * the allowance; ties go together */
		while (j < n) {
			size_t k = j, in = 0, ok = 0, oos = 0;
			while (k < n && v[k].q == v[j].q) {
				in += v[k].kind != 2;
				ok += v[k].kind == 0;
				oos += v[k].kind == 2 && v[k].q > 0;
				k++;
			}
			if (lost_in + in > allowed)
				break;
			lost_in += in, lost_ok += ok, caught += oos;
			j = k;
		}
		t = j < n ? v[j].q : 1.0;
		printf("  %16.1f%%  %9.3f  %16.2f%%  %9.2f%%\n", share[s], t,
		       n_in ? 100.0 * (double)(n_ok - lost_ok) / (double)n_in : 0,
		       n_oos ? 100.0 * (double)(caught + n_caught_raw) / (double)n_oos : 0);
	}
}

/* The rows of one run: which rows train and which test, by seed. */
struct split {
	struct intent_example *tr, *te;
	size_t n_tr, n_te;
	char **h;
	size_t n_h;
};

static void split_release(struct split *sp)
{
	for (size_t i = 0; i < sp->n_h; i++)
		free(sp->h[i]);
	free(sp->h);
	free(sp->tr);
	free(sp->te);
}

/* Seeded shuffle with its own generator, so that a run does not depend on
 * what ran before it. */
static uint64_t next_rand(uint64_t *st)
{
	uint64_t z = (*st += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static size_t count_label(const struct intent_example *ex, size_t n, const char *label)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += !strcmp(ex[i].intent, label);
	return c;
}

static void make_split(const struct setup *su, uint64_t seed, struct split *sp)
{
	const struct intent_csv *train = su->train;
	memset(sp, 0, sizeof *sp);
	sp->h = pick_held_out(train, su->hold, (unsigned)seed + 1, &sp->n_h);
	size_t n = train->n;
	size_t *order = xmalloc((n ? n : 1) * sizeof *order);
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	uint64_t st = seed * 0x2545f4914f6cdd1dULL + 17;
	for (size_t i = n; i > 1 && (su->per_intent || !su->test); i--) {
		size_t j = (size_t)(next_rand(&st) % i), t = order[i - 1];
		order[i - 1] = order[j];
		order[j] = t;
	}
	sp->tr = xmalloc((n ? n : 1) * sizeof *sp->tr);
	sp->te = xmalloc((n + (su->test ? su->test->n : 0) + 1) * sizeof *sp->te);
	/* with --split, the first SHARE of each intent's rows (in the seeded
	 * order) are tested: count each intent's rows to know where that ends */
	for (size_t oi = 0; oi < n; oi++) {
		const struct intent_example *e = &train->ex[order[oi]];
		if (!su->test) {
			size_t total = count_label(train->ex, n, e->intent);
			size_t before = 0;
			for (size_t j = 0; j < oi; j++)
				before += !strcmp(train->ex[order[j]].intent, e->intent);
			if ((double)before < su->split * (double)total) {
				sp->te[sp->n_te++] = *e;
				continue;
			}
		}
		if (held(sp->h, sp->n_h, e->intent))
			continue;
		if (su->no_oos_train && is_oos(e->intent)) {
			if (su->test)
				continue;
			sp->te[sp->n_te++] = *e;
			continue;
		}
		/* --per-intent N keeps N random rows of each intent: a smaller,
		 * harder training set */
		if (!su->per_intent || count_label(sp->tr, sp->n_tr, e->intent) < su->per_intent)
			sp->tr[sp->n_tr++] = *e;
	}
	for (size_t i = 0; su->test && i < su->test->n; i++)
		sp->te[sp->n_te++] = su->test->ex[i];
	free(order);
}

static int run_once(const struct setup *su, uint64_t seed, struct result *res)
{
	struct split sp;
	make_split(su, seed, &sp);
	struct intent_csv test_view = {.ex = sp.te, .n = sp.n_te};
	if (su->ft_dir && dump_fasttext(su->ft_dir, sp.tr, sp.n_tr, &test_view, sp.h, sp.n_h) < 0) {
		fprintf(stderr, "bench_intent: cannot write to %s\n", su->ft_dir);
		split_release(&sp);
		return -1;
	}
	struct intent_train_options o = su->o;
	o.seed = seed;
	char *err = NULL;
	double t0 = now();
	intent_model *m = intent_train(sp.tr, sp.n_tr, &o, &err);
	res->train_s = now() - t0;
	if (!m) {
		fprintf(stderr, "bench_intent: %s\n", err);
		free(err);
		split_release(&sp);
		return -1;
	}
	intent_scratch *s = intent_scratch_new();
	size_t n_in = 0, ok_in = 0, ok_raw = 0, n_oos = 0, ok_oos = 0, rejected_in = 0;
	struct scored *sc = xmalloc((sp.n_te + 1) * sizeof *sc);
	struct pair *errs = xmalloc((sp.n_te + 1) * sizeof *errs);
	size_t n_errs = 0;
	for (size_t i = 0; i < sp.n_te; i++) {
		const char *truth = sp.te[i].intent;
		const char *got = intent_classify(m, s, sp.te[i].text, NULL);
		const char *raw = intent_classify_raw(m, s, sp.te[i].text, NULL);
		bool oos_truth = is_oos(truth) || held(sp.h, sp.n_h, truth);
		sc[i].q = intent_acceptance(m, s, sp.te[i].text);
		sc[i].kind = oos_truth ? 2 : !strcmp(raw, truth) ? 0 : 1;
		if (oos_truth) {
			n_oos++;
			ok_oos += !strcmp(got, INTENT_OUT_OF_SCOPE);
			if (strcmp(raw, INTENT_OUT_OF_SCOPE) && strcmp(got, INTENT_OUT_OF_SCOPE))
				errs[n_errs++] = (struct pair){INTENT_OUT_OF_SCOPE, raw, 1};
		} else {
			n_in++;
			ok_in += !strcmp(got, truth);
			ok_raw += !strcmp(raw, truth);
			rejected_in += !strcmp(got, INTENT_OUT_OF_SCOPE) && strcmp(raw, INTENT_OUT_OF_SCOPE);
			if (strcmp(raw, truth))
				errs[n_errs++] = (struct pair){truth, raw, 1};
		}
	}
	res->acc = n_in ? 100.0 * (double)ok_in / (double)n_in : 0;
	res->acc_raw = n_in ? 100.0 * (double)ok_raw / (double)n_in : 0;
	res->rec = n_oos ? 100.0 * (double)ok_oos / (double)n_oos : 0;
	res->reject = n_in ? 100.0 * (double)rejected_in / (double)n_in : 0;
	res->rec_at[0] = recall_at(sc, sp.n_te, n_in, n_oos, 2.0);
	res->rec_at[1] = recall_at(sc, sp.n_te, n_in, n_oos, 5.0);
	if (su->curve)
		print_curve(sc, sp.n_te, n_in, n_oos);
	size_t done = 0;
	double elapsed;
	t0 = now();
	do {
		for (size_t i = 0; i < sp.n_te; i++)
			intent_classify(m, s, sp.te[i].text, NULL);
		done += sp.n_te;
	} while ((elapsed = now() - t0) < (su->verbose ? 1.0 : 0.2));
	res->per_s = (double)done / elapsed;

	if (su->verbose) {
		printf("clerk: train %zu rows, %zu intents (%zu held out as OOS), test %zu rows "
		       "(%zu OOS)\n", sp.n_tr, intent_model_n_labels(m), sp.n_h, sp.n_te, n_oos);
		printf("clerk: in-scope accuracy %.2f%% (without threshold %.2f%%; %zu in-scope rows "
		       "rejected, %.2f%%), OOS recall %.2f%%, threshold %.3f\n", res->acc, res->acc_raw,
		       rejected_in, res->reject, res->rec, intent_model_threshold(m));
		printf("clerk: training expected %.2f%% of in-scope rows rejected and %.2f%% OOS recall "
		       "(cross-validation)\n", 100 * intent_model_expected_reject(m),
		       100 * intent_model_expected_oos_recall(m));
		printf("clerk: training %.2f s, classification %.0f utterances/s (CPU time, one core)\n",
		       res->train_s, res->per_s);
		printf("clerk: OOS recall of the best threshold for this test set that costs at most\n"
		       "       2 / 5 points of in-scope accuracy: %.2f%% / %.2f%%\n", res->rec_at[0],
		       res->rec_at[1]);
		print_confusions(errs, n_errs, 20);
	}
	free(sc);
	free(errs);
	if (su->verbose)
		linear_time(m, s);
	intent_scratch_free(s);
	intent_model_free(m);
	split_release(&sp);
	return 0;
}

static void mean_sd(const double *v, size_t n, double *mean, double *sd)
{
	double sum = 0, sq = 0;
	for (size_t i = 0; i < n; i++)
		sum += v[i];
	*mean = n ? sum / (double)n : 0;
	for (size_t i = 0; i < n; i++)
		sq += (v[i] - *mean) * (v[i] - *mean);
	*sd = n > 1 ? sqrt(sq / (double)(n - 1)) : 0;
}

/* Runs seeds seed .. seed+runs-1 and prints mean, spread and range. */
static int run_many(const struct setup *su, uint64_t seed, size_t runs)
{
	double *acc = xmalloc(runs * sizeof *acc), *raw = xmalloc(runs * sizeof *raw);
	double *rec = xmalloc(runs * sizeof *rec), *r2 = xmalloc(runs * sizeof *r2);
	double *r5 = xmalloc(runs * sizeof *r5), *rej = xmalloc(runs * sizeof *rej);
	double secs = 0;
	int rc = 0;
	for (size_t r = 0; r < runs && rc == 0; r++) {
		struct result res;
		rc = run_once(su, seed + r, &res);
		acc[r] = res.acc, raw[r] = res.acc_raw, rec[r] = res.rec;
		r2[r] = res.rec_at[0], r5[r] = res.rec_at[1];
		secs += res.train_s;
		rej[r] = res.reject;
		printf("  seed %llu: in-scope accuracy %.2f%% (without threshold %.2f%%, %.2f%% rejected), "
		       "OOS recall %.2f%%\n", (unsigned long long)(seed + r), res.acc, res.acc_raw,
		       res.reject, res.rec);
	}
	if (rc == 0) {
		double ma, sa, mr, sr, mw, sw, m2, s2, m5, s5, mj, sj;
		mean_sd(rej, runs, &mj, &sj);
		mean_sd(r2, runs, &m2, &s2);
		mean_sd(r5, runs, &m5, &s5);
		printf("clerk: %zu runs: OOS recall of the best test-set threshold costing at most 2 / 5 "
		       "points: %.2f%% +- %.2f / %.2f%% +- %.2f\n", runs, m2, s2, m5, s5);
		mean_sd(acc, runs, &ma, &sa);
		mean_sd(raw, runs, &mw, &sw);
		mean_sd(rec, runs, &mr, &sr);
		printf("clerk: %zu runs: in-scope accuracy %.2f%% +- %.2f (without threshold %.2f%%, "
		       "%.2f%% rejected), OOS recall %.2f%% +- %.2f, training %.2f s a run\n", runs, ma,
		       sa, mw, mj, mr, sr, secs / (double)runs);
	}
	free(acc);
	free(raw);
	free(rec);
	free(r2);
	free(r5);
	free(rej);
	return rc;
}

int main(int argc, char **argv)
{
	const char *train_path = NULL, *test_path = NULL;
	size_t synth = 0, runs = 0;
	uint64_t seed = 0;
	struct setup su = {0};
	for (int i = 1; i < argc; i += 2) {
		if (!strcmp(argv[i], "--curve") || !strcmp(argv[i], "--no-oos-train")) {
			*(argv[i][2] == 'c' ? &su.curve : &su.no_oos_train) = true;
			i--;
			continue;
		}
		if (i + 1 >= argc)
			break;
		if (!strcmp(argv[i], "--train"))
			train_path = argv[i + 1];
		else if (!strcmp(argv[i], "--test"))
			test_path = argv[i + 1];
		else if (!strcmp(argv[i], "--split"))
			su.split = atof(argv[i + 1]);
		else if (!strcmp(argv[i], "--hold-out"))
			su.hold = (size_t)atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--synthetic"))
			synth = (size_t)atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--per-intent"))
			su.per_intent = (size_t)atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--seed"))
			seed = (uint64_t)atoll(argv[i + 1]);
		else if (!strcmp(argv[i], "--runs"))
			runs = (size_t)atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--epochs"))
			su.o.epochs = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--folds"))
			su.o.folds = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--max-reject"))
			su.o.max_reject = atof(argv[i + 1]) / 100.0;
		else if (!strcmp(argv[i], "--fasttext-dir"))
			su.ft_dir = argv[i + 1];
	}
	if (!train_path || (!test_path && !(su.split > 0 && su.split < 1))) {
		fprintf(stderr, "usage: bench_intent --train FILE (--test FILE | --split SHARE) "
		                "[--hold-out N] [--seed N] [--runs N]\n"
		                "       [--per-intent N] [--no-oos-train] [--curve] "
		                "[--synthetic N_INTENTS] [--fasttext-dir DIR]\n"
		                "       [--max-reject PERCENT] [--epochs N] [--folds N]\n");
		return 2;
	}
	struct intent_csv train = {0}, test = {0};
	char *err = NULL;
	if (intent_csv_load(train_path, &train, &err) < 0 ||
	    (test_path && intent_csv_load(test_path, &test, &err) < 0)) {
		fprintf(stderr, "bench_intent: %s\n", err);
		free(err);
		intent_csv_release(&train);
		intent_csv_release(&test);
		return 1;
	}
	su.train = &train;
	su.test = test_path ? &test : NULL;
	int rc;
	if (runs) {
		su.ft_dir = NULL;
		rc = run_many(&su, seed, runs);
	} else {
		su.verbose = true;
		struct result res;
		rc = run_once(&su, seed, &res);
	}
	if (rc == 0 && synth) {
		struct intent_train_options o = su.o;
		o.seed = seed;
		time_synthetic(&train, synth, 100, &o);
	}
	intent_csv_release(&train);
	intent_csv_release(&test);
	return rc ? 1 : 0;
}
