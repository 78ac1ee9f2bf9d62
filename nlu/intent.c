#include "nlu/intent.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#if defined(__GNUC__) && defined(__x86_64__)
#include <immintrin.h>
#endif

#include "common/buf.h"
#include "common/xalloc.h"
#include "nlu/features.h"

#define MODEL_MAGIC "CLRKINTM"
#define MODEL_VERSION 6u
#define NO_CLASS UINT32_MAX
/* Bounds a model file may not exceed: they keep a corrupt size field from
 * asking for absurd memory before the checksum is even looked at. */
#define MAX_LABELS 100000u
#define MAX_LABEL_LEN 1024u

/* Training settings that are not options: chosen by measurement on the
 * Bitext corpus and on held-out-intent simulations (see bench/intent.sh). */
static struct {
	int epochs;
	int folds;
	double lr;           /* initial learning rate, decays linearly to 0 */
	double grad_floor;   /* class gradients below this are not applied */
	double held_out_intents; /* share of intents held out per fold to play OOS */
	double max_reject;   /* share of in-scope utterances the threshold may turn away */
	uint32_t min_count;  /* features seen fewer times are not kept */
} defaults = {15, 5, 2.0, 1e-4, 0.2, 0.02, 2};
/* Inputs of the acceptance score (see gate_inputs()). */
enum { GATE_LOGIT_P, GATE_MARGIN, GATE_ENTROPY, GATE_MAX_LOGIT, GATE_COVERAGE, GATE_COVERAGE_IDF,
       GATE_N };

/* Open-addressing map from feature hash to weight row. Key 0 means empty,
 * so hash 0 is stored as 1. */
struct ftable {
	uint64_t *keys;
	uint32_t *rows;
	size_t mask;
	size_t n;
};

struct intent_model {
	size_t n_labels;
	char **labels;
	uint32_t oos;      /* index of the out_of_scope class, or NO_CLASS */
	float temperature; /* softmax temperature fitted on held-out folds */
	float threshold;   /* acceptance score under which the answer is OOS */
	float expected_reject;     /* what cross-validation measured at that threshold: */
	float expected_oos_recall; /* see intent_model_expected_reject() */
	float gate[GATE_N + 1]; /* acceptance score: sigmoid(gate . inputs + gate[GATE_N]) */
	size_t n_rows;
	uint64_t *row_keys; /* feature hash of each row, in row order */
	struct ftable table;
	float *bias;        /* [n_labels] */
	/* weights [n_rows][n_labels], quantized to 8 bits per row: each row is
	 * q * scale. A quarter of the memory traffic of floats, which is what
	 * bounds classification speed with many intents. */
	int8_t *q;
	float *scale;       /* [n_rows]: quantization step times the row's idf */
	float *idf;         /* [n_rows] */
	float idf_unknown;  /* idf of a feature never seen in training */
};

struct intent_scratch {
	features *feat;
	uint32_t *rows; /* [FEATURES_MAX]: the known rows of one utterance */
	float *scores;
	size_t cap;
};

/* ---------------------------------------------------------------- table */

static uint64_t key_of(uint64_t h)
{
	return h ? h : 1;
}

static void ftable_init(struct ftable *t, size_t want)
{
	size_t cap = 64;
	while (cap < want * 2)
		cap <<= 1;
	t->keys = xcalloc(cap, sizeof *t->keys);
	t->rows = xmalloc(cap * sizeof *t->rows);
	t->mask = cap - 1;
	t->n = 0;
}

static void ftable_release(struct ftable *t)
{
	free(t->keys);
	free(t->rows);
	memset(t, 0, sizeof *t);
}

static size_t ftable_slot(const struct ftable *t, uint64_t key)
{
	size_t i = (size_t)(key ^ (key >> 29)) & t->mask;
	while (t->keys[i] && t->keys[i] != key)
		i = (i + 1) & t->mask;
	return i;
}

static uint32_t ftable_get(const struct ftable *t, uint64_t h)
{
	size_t i = ftable_slot(t, key_of(h));
	return t->keys[i] ? t->rows[i] : NO_CLASS;
}

static void ftable_put_new(struct ftable *t, uint64_t key, uint32_t row)
{
	size_t i = ftable_slot(t, key);
	t->keys[i] = key;
	t->rows[i] = row;
	t->n++;
}

/* A word is known when training kept its word feature (the vocabulary
 * of features_set_vocabulary(); ctx is the model's table, only read). */
static bool model_knows_word(void *ctx, uint64_t word)
{
	return ftable_get(ctx, word) != NO_CLASS;
}

/* Returns the row of h, adding it as row t->n when new. */
static uint32_t ftable_intern(struct ftable *t, uint64_t h)
{
	uint64_t key = key_of(h);
	size_t i = ftable_slot(t, key);
	if (t->keys[i])
		return t->rows[i];
	if ((t->n + 1) * 2 > t->mask + 1) {
		struct ftable bigger;
		ftable_init(&bigger, (t->mask + 1));
		for (size_t j = 0; j <= t->mask; j++)
			if (t->keys[j])
				ftable_put_new(&bigger, t->keys[j], t->rows[j]);
		ftable_release(t);
		*t = bigger;
		i = ftable_slot(t, key);
	}
	uint32_t row = (uint32_t)t->n;
	t->keys[i] = key;
	t->rows[i] = row;
	t->n++;
	return row;
}

/* -------------------------------------------------------------- scoring */

intent_scratch *intent_scratch_new(void)
{
	intent_scratch *s = xcalloc(1, sizeof *s);
	s->feat = features_new();
	s->rows = xmalloc(FEATURES_MAX * sizeof *s->rows);
	return s;
}

void intent_scratch_free(intent_scratch *s)
{
	if (!s)
		return;
	features_free(s->feat);
	free(s->rows);
	free(s->scores);
	free(s);
}

/* Adding weight rows is nearly all the time spent classifying and
 * training. GCC 12 does not vectorize these loops in a target_clones
 * clone, so the AVX2 versions are written out, and chosen at run time where
 * the CPU has AVX2. They add in the same order as the plain loops (no FMA),
 * so every CPU computes the same bits. */
#if defined(__GNUC__) && defined(__x86_64__)
#define HAVE_AVX2_PATH 1
__attribute__((target("avx2"))) static void add_rows_avx2(const float *w, const float *v,
                                                          size_t C, const uint32_t *rows,
                                                          size_t n, float *out)
{
	size_t c8 = C & ~(size_t)7;
	for (size_t i = 0; i < n; i++) {
		const float *r = w + (size_t)rows[i] * C;
		float sc = v[rows[i]];
		__m256 vsc = _mm256_set1_ps(sc);
		size_t k = 0;
		for (; k < c8; k += 8)
			_mm256_storeu_ps(out + k, _mm256_add_ps(_mm256_loadu_ps(out + k),
			                                        _mm256_mul_ps(vsc, _mm256_loadu_ps(r + k))));
		for (; k < C; k++)
			out[k] += sc * r[k];
	}
}

__attribute__((target("avx2"))) static void add_qrows_avx2(const int8_t *q, const float *scale,
                                                           size_t C, const uint32_t *rows,
                                                           size_t n, float *out)
{
	size_t c8 = C & ~(size_t)7;
	for (size_t i = 0; i < n; i++) {
		const int8_t *r = q + (size_t)rows[i] * C;
		float sc = scale[rows[i]];
		__m256 vsc = _mm256_set1_ps(sc);
		size_t k = 0;
		for (; k < c8; k += 8) {
			__m128i b = _mm_loadl_epi64((const __m128i *)(const void *)(r + k));
			__m256 f = _mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(b));
			_mm256_storeu_ps(out + k, _mm256_add_ps(_mm256_loadu_ps(out + k),
			                                        _mm256_mul_ps(vsc, f)));
		}
		for (; k < C; k++)
			out[k] += sc * (float)r[k];
	}
}
#endif

/* out += v[row] * w[row] for each row */
static void add_rows(const float *w, const float *v, size_t C, const uint32_t *rows, size_t n,
                     float *out)
{
#ifdef HAVE_AVX2_PATH
	if (__builtin_cpu_supports("avx2")) {
		add_rows_avx2(w, v, C, rows, n, out);
		return;
	}
#endif
	for (size_t i = 0; i < n; i++) {
		const float *r = w + (size_t)rows[i] * C;
		float sc = v[rows[i]];
		for (size_t k = 0; k < C; k++)
			out[k] += sc * r[k];
	}
}

static void add_qrows(const int8_t *q, const float *scale, size_t C, const uint32_t *rows,
                      size_t n, float *out)
{
#ifdef HAVE_AVX2_PATH
	if (__builtin_cpu_supports("avx2")) {
		add_qrows_avx2(q, scale, C, rows, n, out);
		return;
	}
#endif
	for (size_t i = 0; i < n; i++) {
		const int8_t *r = q + (size_t)rows[i] * C;
		float sc = scale[rows[i]];
		for (size_t k = 0; k < C; k++)
			out[k] += sc * (float)r[k];
	}
}

/* Feature values are idf / norm: a feature's idf (log of how rare it is in
 * training) and the Euclidean norm of the utterance's idf vector over all its
 * features, known or not (unknown ones count with the idf of a feature never
 * seen). Rare words speak louder than "the" and "<th", and long utterances
 * do not get sharper answers merely by being long. */
static float idf_of(size_t n_examples, uint32_t count)
{
	return logf((1.0f + (float)n_examples) / (1.0f + (float)count)) + 1.0f;
}

/* Weighted sum of rows -> logits. */
static void finish_scores(const float *bias, size_t C, float norm, float *out)
{
	float inv = norm > 0 ? 1.0f / norm : 0.0f;
	for (size_t k = 0; k < C; k++)
		out[k] = out[k] * inv + bias[k];
}

/* Logits of a bag of rows of float weights (training). */
static void score_rows(const float *w, const float *idf, const float *bias, size_t C,
                       const uint32_t *rows, size_t n, float norm, float *out)
{
	memset(out, 0, C * sizeof *out);
	add_rows(w, idf, C, rows, n, out);
	finish_scores(bias, C, norm, out);
}

/* Rounds each weight row to 8 bits with its own scale. */
static void quantize(intent_model *m, const float *w)
{
	size_t C = m->n_labels;
	m->q = xmalloc((m->n_rows * C) + 1);
	m->scale = xmalloc((m->n_rows ? m->n_rows : 1) * sizeof *m->scale);
	for (size_t r = 0; r < m->n_rows; r++) {
		const float *row = w + r * C;
		float max = 0;
		for (size_t k = 0; k < C; k++)
			max = fmaxf(max, fabsf(row[k]));
		float sc = max > 0 ? max / 127.0f : 0.0f;
		m->scale[r] = sc;
		for (size_t k = 0; k < C; k++)
			m->q[r * C + k] = (int8_t)(sc > 0 ? lrintf(row[k] / sc) : 0);
	}
}

/* What the acceptance score reads off a softmax (see softmax()). */
struct answer {
	float max, second; /* the top two logits (second -inf with one class) */
	float z, ez;       /* sum of e_k = exp(d_k), d_k = (logit_k - max) / T, and of e_k d_k */
};

/* The inputs of the acceptance score for an answer at temperature T, and
 * the share of the utterance's features the model knows, plain and weighted
 * by idf. A query unlike any intent tends to have a flat softmax (low top
 * probability, small margin over the runner-up, high entropy), weak
 * evidence for every class (a low top logit) and words no intent uses (low
 * coverage, the rare ones weighing most). */
static void gate_inputs(const struct answer *a, float T, float coverage, float coverage_idf,
                        float x[GATE_N])
{
	float pmax = 1.0f / a->z;
	pmax = pmax < 1e-6f ? 1e-6f : pmax > 1 - 1e-6f ? 1 - 1e-6f : pmax;
	x[GATE_LOGIT_P] = logf(pmax / (1 - pmax));
	x[GATE_MARGIN] = isfinite(a->second) ? (a->max - a->second) / T : 0.0f;
	x[GATE_ENTROPY] = logf(a->z) - a->ez / a->z;
	x[GATE_MAX_LOGIT] = a->max;
	x[GATE_COVERAGE] = coverage;
	x[GATE_COVERAGE_IDF] = coverage_idf;
}

/* How much an answer deserves to be given rather than out_of_scope: a
 * logistic function of gate_inputs(), its weights fitted on held-out folds. */
static float acceptance(const float gate[GATE_N + 1], const float x[GATE_N])
{
	float z = gate[GATE_N];
	for (int k = 0; k < GATE_N; k++)
		z += gate[k] * x[k];
	return 1.0f / (1.0f + expf(-z));
}

/* Logits of text into out; the shares of its features the model knows,
 * plain and idf-weighted, into cov[2]. */
static void model_scores(const intent_model *m, intent_scratch *s, const char *text, float *out,
                         float cov[2])
{
	const uint64_t *h = NULL;
	features_set_vocabulary(s->feat, model_knows_word, (void *)&m->table);
	size_t n = features_extract(s->feat, text, strlen(text), &h);
	size_t known = 0;
	for (size_t i = 0; i < n; i++) {
		uint32_t row = ftable_get(&m->table, h[i]);
		if (row != NO_CLASS)
			s->rows[known++] = row;
	}
	/* unknown features count in the scaling, as rare ones did in training */
	double sq = (double)(n - known) * m->idf_unknown * m->idf_unknown, sum = 0;
	for (size_t i = 0; i < known; i++) {
		sq += (double)m->idf[s->rows[i]] * m->idf[s->rows[i]];
		sum += m->idf[s->rows[i]];
	}
	memset(out, 0, m->n_labels * sizeof *out);
	add_qrows(m->q, m->scale, m->n_labels, s->rows, known, out);
	finish_scores(m->bias, m->n_labels, (float)sqrt(sq), out);
	double all = sum + (double)(n - known) * m->idf_unknown;
	cov[0] = n ? (float)known / (float)n : 0.0f;
	cov[1] = all > 0 ? (float)(sum / all) : 0.0f;
}

/* Softmax at temperature T over logits, in place (a logit of -inf, a class
 * the model lacks, gets 0); returns the argmax, and in *a (may be NULL)
 * what the acceptance score needs, from the same pass. */
static size_t softmax(float *p, size_t C, float T, struct answer *a)
{
	size_t best = 0;
	for (size_t k = 1; k < C; k++)
		if (p[k] > p[best])
			best = k;
	float max = p[best], second = -INFINITY, z = 0, ez = 0;
	for (size_t k = 0; k < C; k++) {
		if (k != best && p[k] > second)
			second = p[k];
		float d = (p[k] - max) / T, e = expf(d);
		p[k] = e;
		z += e;
		if (e > 0)
			ez += e * d;
	}
	for (size_t k = 0; k < C; k++)
		p[k] /= z;
	if (a)
		*a = (struct answer){max, second, z, ez};
	return best;
}

static const char *classify(const intent_model *m, intent_scratch *s, const char *text,
                            double *confidence, bool use_threshold, double *accept)
{
	intent_scratch *own = NULL;
	if (!s)
		s = own = intent_scratch_new();
	if (s->cap < m->n_labels) {
		free(s->scores);
		s->scores = xmalloc(m->n_labels * sizeof *s->scores);
		s->cap = m->n_labels;
	}
	float cov[2], x[GATE_N];
	struct answer ans;
	model_scores(m, s, text ? text : "", s->scores, cov);
	size_t best = softmax(s->scores, m->n_labels, m->temperature, &ans);
	gate_inputs(&ans, m->temperature, cov[0], cov[1], x);
	double p = s->scores[best];
	const char *label = m->labels[best];
	if (accept)
		*accept = best == m->oos ? 0.0 : acceptance(m->gate, x);
	if (use_threshold && best != m->oos) {
		float q = acceptance(m->gate, x);
		if (q < m->threshold) {
			label = INTENT_OUT_OF_SCOPE;
			p = 1.0 - q;
		}
	}
	if (confidence)
		*confidence = p;
	intent_scratch_free(own);
	return label;
}

const char *intent_classify(const intent_model *m, intent_scratch *s, const char *text,
                            double *confidence)
{
	return classify(m, s, text, confidence, true, NULL);
}

const char *intent_classify_raw(const intent_model *m, intent_scratch *s, const char *text,
                                double *confidence)
{
	return classify(m, s, text, confidence, false, NULL);
}

double intent_acceptance(const intent_model *m, intent_scratch *s, const char *text)
{
	double q = 0;
	classify(m, s, text, NULL, false, &q);
	return q;
}

size_t intent_model_n_labels(const intent_model *m)
{
	return m->n_labels;
}

const char *intent_model_label(const intent_model *m, size_t i)
{
	return i < m->n_labels ? m->labels[i] : NULL;
}

double intent_model_threshold(const intent_model *m)
{
	return m->threshold;
}

double intent_model_expected_reject(const intent_model *m)
{
	return m->expected_reject;
}

double intent_model_expected_oos_recall(const intent_model *m)
{
	return m->expected_oos_recall;
}

void intent_model_free(intent_model *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->n_labels; i++)
		free(m->labels[i]);
	free(m->labels);
	free(m->row_keys);
	ftable_release(&m->table);
	free(m->bias);
	free(m->q);
	free(m->scale);
	free(m->idf);
	free(m);
}

/* ------------------------------------------------------------- training */

static uint64_t rng_next(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void shuffle(size_t *a, size_t n, uint64_t *rng)
{
	for (size_t i = n; i > 1; i--) {
		size_t j = (size_t)(rng_next(rng) % i);
		size_t t = a[i - 1];
		a[i - 1] = a[j];
		a[j] = t;
	}
}

/* The training set, featurized once: example i has rows
 * rows[off[i] .. off[i] + cnt[i]) out of all[i] features (the others were
 * too rare to keep) and class label[i]. */
struct dataset {
	size_t n;
	size_t C;
	size_t n_rows;
	uint32_t *rows;
	size_t *off;
	size_t *cnt;
	size_t *all;
	float *idf;        /* [n_rows] */
	float idf_unknown;
	float *norm;       /* [n]: norm of each example's idf vector */
	uint32_t *label;
	uint32_t oos;
};

static bool is_oos_label(const char *s)
{
	return !strcmp(s, "oos") || !strcmp(s, "out_of_scope") || !strcmp(s, "OOS");
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Collects the sorted distinct labels ("oos" spelled out_of_scope). */
static char **collect_labels(const struct intent_example *ex, size_t n, size_t *n_out)
{
	char **all = xmalloc((n ? n : 1) * sizeof *all);
	for (size_t i = 0; i < n; i++)
		all[i] = (char *)(is_oos_label(ex[i].intent) ? INTENT_OUT_OF_SCOPE : ex[i].intent);
	qsort(all, n, sizeof *all, cmp_str);
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (!k || strcmp(all[k - 1], all[i]))
			all[k++] = all[i];
	char **labels = xmalloc((k ? k : 1) * sizeof *labels);
	for (size_t i = 0; i < k; i++)
		labels[i] = xstrdup(all[i]);
	free(all);
	*n_out = k;
	return labels;
}

static uint32_t label_index(char **labels, size_t C, const char *intent)
{
	const char *key = is_oos_label(intent) ? INTENT_OUT_OF_SCOPE : intent;
	char **hit = bsearch(&key, labels, C, sizeof *labels, cmp_str);
	return hit ? (uint32_t)(hit - labels) : NO_CLASS;
}

/* Drops the features seen fewer than min_count times: they can only
 * memorize the row they came from, and they would make the model bigger and
 * slower. Renumbers the rest in order of first appearance. */
static void prune_rare(struct dataset *d, struct ftable *table, size_t len)
{
	size_t n_rows = table->n;
	uint32_t *count = xcalloc(n_rows ? n_rows : 1, sizeof *count);
	for (size_t j = 0; j < len; j++)
		count[d->rows[j]]++;
	uint64_t *key = xmalloc((n_rows ? n_rows : 1) * sizeof *key);
	for (size_t j = 0; j <= table->mask; j++)
		if (table->keys[j])
			key[table->rows[j]] = table->keys[j];
	uint32_t *remap = count; /* reused in place: count is read before written */
	uint32_t kept = 0;
	struct ftable t;
	ftable_init(&t, n_rows);
	for (size_t r = 0; r < n_rows; r++) {
		if (count[r] >= defaults.min_count) {
			ftable_put_new(&t, key[r], kept);
			remap[r] = kept++;
		} else {
			remap[r] = NO_CLASS;
		}
	}
	size_t out = 0;
	for (size_t i = 0; i < d->n; i++) {
		size_t start = out;
		for (size_t j = d->off[i]; j < d->off[i] + d->cnt[i]; j++)
			if (remap[d->rows[j]] != NO_CLASS)
				d->rows[out++] = remap[d->rows[j]];
		d->off[i] = start;
		d->cnt[i] = out - start;
	}
	ftable_release(table);
	*table = t;
	d->n_rows = kept;
	free(key);
	free(count);
}

/* Idf of every kept feature (from its count of occurrences) and the norm
 * of every example. */
static void dataset_weigh(struct dataset *d)
{
	uint32_t *count = xcalloc(d->n_rows ? d->n_rows : 1, sizeof *count);
	for (size_t i = 0; i < d->n; i++)
		for (size_t j = 0; j < d->cnt[i]; j++)
			count[d->rows[d->off[i] + j]]++;
	d->idf = xmalloc((d->n_rows ? d->n_rows : 1) * sizeof *d->idf);
	for (size_t r = 0; r < d->n_rows; r++)
		d->idf[r] = idf_of(d->n, count[r]);
	d->idf_unknown = idf_of(d->n, 0);
	d->norm = xmalloc((d->n ? d->n : 1) * sizeof *d->norm);
	for (size_t i = 0; i < d->n; i++) {
		double sq = (double)(d->all[i] - d->cnt[i]) * d->idf_unknown * d->idf_unknown;
		for (size_t j = 0; j < d->cnt[i]; j++) {
			double v = d->idf[d->rows[d->off[i] + j]];
			sq += v * v;
		}
		d->norm[i] = (float)sqrt(sq);
	}
	free(count);
}

/* Word counts of the training text, for the vocabulary (see
 * features_set_vocabulary()): words seen fewer than min_count times are
 * the unknown words of training, as unseen ones are in use. */
struct word_counts {
	struct ftable table;
	uint32_t *count;
	size_t cap;
	bool counting;
};

static bool count_word(void *ctx, uint64_t word)
{
	struct word_counts *wc = ctx;
	uint32_t row;
	if (!wc->counting) {
		row = ftable_get(&wc->table, word);
		return row != NO_CLASS && wc->count[row] >= defaults.min_count;
	}
	row = ftable_intern(&wc->table, word);
	if (row >= wc->cap) {
		size_t old = wc->cap;
		wc->count = xgrow(wc->count, &wc->cap, (size_t)row + 1, sizeof *wc->count);
		memset(wc->count + old, 0, (wc->cap - old) * sizeof *wc->count);
	}
	wc->count[row]++;
	return true;
}

static void dataset_build(struct dataset *d, const struct intent_example *ex, size_t n,
                          char **labels, size_t C, struct ftable *table)
{
	features *f = features_new();
	struct word_counts wc = {.counting = true};
	ftable_init(&wc.table, 1024);
	features_set_vocabulary(f, count_word, &wc);
	for (size_t i = 0; i < n; i++) {
		const uint64_t *h = NULL;
		features_extract(f, ex[i].text, strlen(ex[i].text), &h);
	}
	wc.counting = false;
	size_t cap = 0, len = 0;
	d->n = n;
	d->C = C;
	d->rows = NULL;
	d->off = xmalloc((n ? n : 1) * sizeof *d->off);
	d->cnt = xmalloc((n ? n : 1) * sizeof *d->cnt);
	d->all = xmalloc((n ? n : 1) * sizeof *d->all);
	d->label = xmalloc((n ? n : 1) * sizeof *d->label);
	d->oos = label_index(labels, C, INTENT_OUT_OF_SCOPE);
	ftable_init(table, 1024);
	for (size_t i = 0; i < n; i++) {
		const uint64_t *h = NULL;
		size_t m = features_extract(f, ex[i].text, strlen(ex[i].text), &h);
		d->rows = xgrow(d->rows, &cap, len + m, sizeof *d->rows);
		d->off[i] = len;
		d->cnt[i] = d->all[i] = m;
		for (size_t j = 0; j < m; j++)
			d->rows[len + j] = ftable_intern(table, h[j]);
		len += m;
		d->label[i] = label_index(labels, C, ex[i].intent);
	}
	features_free(f);
	ftable_release(&wc.table);
	free(wc.count);
	prune_rare(d, table, len);
	dataset_weigh(d);
}

static void dataset_release(struct dataset *d)
{
	free(d->rows);
	free(d->off);
	free(d->cnt);
	free(d->all);
	free(d->idf);
	free(d->norm);
	free(d->label);
}

/* Softmax over the active classes only (the others are held out). */
static size_t masked_softmax(float *s, const uint32_t *active, size_t n_active, float *p)
{
	size_t best = active[0];
	for (size_t a = 1; a < n_active; a++)
		if (s[active[a]] > s[best])
			best = active[a];
	float z = 0;
	for (size_t a = 0; a < n_active; a++) {
		size_t k = active[a];
		p[k] = expf(s[k] - s[best]);
		z += p[k];
	}
	for (size_t a = 0; a < n_active; a++)
		p[active[a]] /= z;
	return best;
}

/* SGD on the softmax loss over the examples idx[0..n_idx), classes
 * active[0..n_active). w and bias start at zero. The learning rate decays
 * linearly to 0 over all epochs, as fastText does: it settles without a
 * tuned schedule. */
static void sgd(const struct dataset *d, size_t *idx, size_t n_idx, const uint32_t *active,
                size_t n_active, int epochs, uint64_t seed, float *w, float *bias)
{
	size_t C = d->C;
	float *s = xmalloc(C * sizeof *s);
	float *p = xmalloc(C * sizeof *p);
	uint32_t *upd_k = xmalloc(C * sizeof *upd_k);
	float *upd_g = xmalloc(C * sizeof *upd_g);
	uint64_t rng = seed;
	size_t total = (size_t)epochs * n_idx, step = 0;
	for (int e = 0; e < epochs; e++) {
		shuffle(idx, n_idx, &rng);
		for (size_t t = 0; t < n_idx; t++, step++) {
			size_t i = idx[t];
			const uint32_t *rows = d->rows + d->off[i];
			size_t n = d->cnt[i];
			float lr = (float)(defaults.lr * (1.0 - (double)step / (double)total));
			score_rows(w, d->idf, bias, C, rows, n, d->norm[i], s);
			masked_softmax(s, active, n_active, p);
			size_t nu = 0;
			for (size_t a = 0; a < n_active; a++) {
				size_t k = active[a];
				float g = p[k] - (k == d->label[i] ? 1.0f : 0.0f);
				if (fabsf(g) < defaults.grad_floor)
					continue;
				upd_k[nu] = (uint32_t)k;
				upd_g[nu++] = g;
				bias[k] -= lr * g;
			}
			float scale = d->norm[i] > 0 ? lr / d->norm[i] : 0.0f;
			for (size_t j = 0; j < n; j++) {
				float *r = w + (size_t)rows[j] * C;
				float step = scale * d->idf[rows[j]];
				for (size_t q = 0; q < nu; q++)
					r[upd_k[q]] -= step * upd_g[q];
			}
		}
	}
	free(s);
	free(p);
	free(upd_k);
	free(upd_g);
}

/* One held-out prediction from cross-validation. */
struct heldout {
	float *logits;  /* [C], -inf for classes the fold's model lacked */
	float coverage; /* share of its features the fold's model knew */
	float coverage_idf; /* the same weighted by idf */
	uint32_t truth;
	bool unseen;    /* its intent was held out of the fold: it plays OOS */
};

static double nll_at(const struct heldout *h, size_t n, size_t C, float T, float *p)
{
	double sum = 0;
	size_t used = 0;
	for (size_t i = 0; i < n; i++) {
		if (h[i].unseen)
			continue;
		memcpy(p, h[i].logits, C * sizeof *p);
		softmax(p, C, T, NULL);
		sum -= log(p[h[i].truth] > 1e-12f ? p[h[i].truth] : 1e-12);
		used++;
	}
	return used ? sum / (double)used : 0;
}

/* Temperature: the value on a log grid that minimizes held-out NLL. */
static float fit_temperature(const struct heldout *h, size_t n, size_t C)
{
	float *p = xmalloc(C * sizeof *p);
	float best_t = 1.0f;
	double best = INFINITY;
	for (int g = -12; g <= 12; g++) {
		float T = powf(2.0f, (float)g / 6.0f);
		double v = nll_at(h, n, C, T, p);
		if (v < best) {
			best = v;
			best_t = T;
		}
	}
	free(p);
	return best_t;
}

/* Fits the acceptance gate: logistic regression of "right answer" against
 * "out of scope" on the gate inputs x[n][GATE_N] of the held-out
 * predictions (pred[n]), the two kinds weighted equally, by full-batch
 * gradient descent on standardized inputs (seven weights, a few hundred
 * steps, a little L2 so that inputs that say the same thing share the
 * weight). In-scope queries the model gets wrong are left out: turning them
 * away costs no accuracy, so the gate need not keep them. Without OOS
 * examples the gate stays logit(pmax) itself. */
static void fit_gate(const struct heldout *h, const float *x, const uint32_t *pred, size_t n,
                     uint32_t oos, float gate[GATE_N + 1])
{
	memset(gate, 0, (GATE_N + 1) * sizeof *gate);
	gate[GATE_LOGIT_P] = 1;
	size_t n_pos = 0, n_neg = 0;
	for (size_t i = 0; i < n; i++) {
		if (h[i].unseen || h[i].truth == oos)
			n_neg++;
		else if (pred[i] == h[i].truth)
			n_pos++;
	}
	if (!n_pos || !n_neg)
		return;
	double mean[GATE_N] = {0}, sd[GATE_N] = {0};
	for (size_t i = 0; i < n; i++)
		for (int k = 0; k < GATE_N; k++)
			mean[k] += x[i * GATE_N + k] / (double)n;
	for (size_t i = 0; i < n; i++)
		for (int k = 0; k < GATE_N; k++) {
			double v = x[i * GATE_N + k] - mean[k];
			sd[k] += v * v / (double)n;
		}
	for (int k = 0; k < GATE_N; k++)
		sd[k] = sd[k] > 1e-12 ? sqrt(sd[k]) : 0;
	double g[GATE_N + 1] = {0};
	for (int it = 0; it < 500; it++) {
		double grad[GATE_N + 1] = {0};
		for (size_t i = 0; i < n; i++) {
			bool pos = !(h[i].unseen || h[i].truth == oos);
			if (pos && pred[i] != h[i].truth)
				continue;
			double wt = pos ? 0.5 / (double)n_pos : 0.5 / (double)n_neg;
			double u[GATE_N + 1], z = g[GATE_N];
			for (int k = 0; k < GATE_N; k++) {
				u[k] = sd[k] > 0 ? (x[i * GATE_N + k] - mean[k]) / sd[k] : 0;
				z += g[k] * u[k];
			}
			u[GATE_N] = 1;
			double e = 1 / (1 + exp(-z)) - (pos ? 1 : 0);
			for (int k = 0; k <= GATE_N; k++)
				grad[k] += wt * e * u[k];
		}
		for (int k = 0; k < GATE_N; k++)
			grad[k] += 1e-3 * g[k];
		for (int k = 0; k <= GATE_N; k++)
			g[k] -= 1.0 * grad[k];
	}
	/* back to raw inputs: g . (x - mean) / sd + g0 */
	gate[GATE_N] = (float)g[GATE_N];
	for (int k = 0; k < GATE_N; k++) {
		gate[k] = sd[k] > 0 ? (float)(g[k] / sd[k]) : 0.0f;
		gate[GATE_N] -= sd[k] > 0 ? (float)(g[k] * mean[k] / sd[k]) : 0.0f;
	}
}

static int cmp_float(const void *a, const void *b)
{
	float x = *(const float *)a, y = *(const float *)b;
	return x < y ? -1 : x > y;
}

/* What the gate does on the held-out predictions of cross-validation. */
struct gate_fit {
	float threshold;
	float reject;     /* share of in-scope rows answered out_of_scope */
	float oos_recall; /* share of out-of-scope rows (labelled oos, or of an
	                   * intent held out of their fold) answered so */
};

/* Fits the acceptance gate on the held-out predictions, then sets the
 * threshold at the share max_reject of the in-scope rows' acceptance
 * scores: the operating point is a stated false-rejection rate, which a
 * user can weigh, rather than the best of some sum of accuracy and recall
 * on simulated out-of-scope queries, whose cost in good queries turned away
 * depends on how the folds happen to fall. In-scope rows whose raw answer is
 * the trained out_of_scope class are turned away whatever the threshold,
 * and count against the same budget. */
static void pick_threshold(const struct heldout *h, size_t n, size_t C, uint32_t oos, float T,
                           double max_reject, float gate[GATE_N + 1], struct gate_fit *out)
{
	float *p = xmalloc(C * sizeof *p);
	float *x = xmalloc((n ? n : 1) * GATE_N * sizeof *x);
	float *q = xmalloc((n ? n : 1) * sizeof *q);
	float *in_q = xmalloc((n ? n : 1) * sizeof *in_q);
	uint32_t *pred = xmalloc((n ? n : 1) * sizeof *pred);
	size_t n_in = 0, n_in_q = 0, n_out = 0;
	for (size_t i = 0; i < n; i++) {
		struct answer a;
		memcpy(p, h[i].logits, C * sizeof *p);
		pred[i] = (uint32_t)softmax(p, C, T, &a);
		gate_inputs(&a, T, h[i].coverage, h[i].coverage_idf, x + i * GATE_N);
	}
	fit_gate(h, x, pred, n, oos, gate);
	for (size_t i = 0; i < n; i++) {
		q[i] = acceptance(gate, x + i * GATE_N);
		if (h[i].unseen || h[i].truth == oos) {
			n_out++;
			continue;
		}
		n_in++;
		if (pred[i] != oos)
			in_q[n_in_q++] = q[i];
	}
	/* in-scope rows the threshold may still turn away */
	size_t budget = (size_t)floor(max_reject * (double)n_in + 1e-9);
	size_t already = n_in - n_in_q;
	budget = budget > already ? budget - already : 0;
	float t = 0;
	if (budget && n_in_q) {
		qsort(in_q, n_in_q, sizeof *in_q, cmp_float);
		if (budget >= n_in_q)
			t = fminf(in_q[n_in_q - 1] + 1e-6f, 1.0f);
		else if (in_q[budget] > in_q[budget - 1])
			t = (in_q[budget - 1] + in_q[budget]) / 2; /* rejects exactly budget rows */
		else
			t = in_q[budget - 1]; /* a tie at the cut: keep the tied rows */
	}
	size_t rejected = 0, caught = 0;
	for (size_t i = 0; i < n; i++) {
		bool says_oos = pred[i] == oos || q[i] < t;
		if (h[i].unseen || h[i].truth == oos)
			caught += says_oos;
		else
			rejected += says_oos;
	}
	out->threshold = t;
	out->reject = n_in ? (float)rejected / (float)n_in : 0.0f;
	out->oos_recall = n_out ? (float)caught / (float)n_out : 0.0f;
	free(p);
	free(x);
	free(q);
	free(in_q);
	free(pred);
}

/* k-fold cross-validation: each fold also holds out a few whole intents, so
 * that there is always something out of scope to tune the threshold on. */
static void cross_validate(const struct dataset *d, int folds, int epochs, uint64_t seed,
                           double max_reject, float *temperature, float gate[GATE_N + 1],
                           struct gate_fit *fit)
{
	size_t C = d->C, n = d->n;
	uint64_t rng = seed ^ 0xc0ffee;
	size_t *order = xmalloc((n ? n : 1) * sizeof *order);
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	shuffle(order, n, &rng);
	size_t *fold_of = xmalloc((n ? n : 1) * sizeof *fold_of);
	for (size_t i = 0; i < n; i++)
		fold_of[order[i]] = i % (size_t)folds;
	/* in-scope classes in a seeded order; fold f holds out a slice of them */
	size_t *cls = xmalloc(C * sizeof *cls);
	size_t n_cls = 0;
	for (size_t k = 0; k < C; k++)
		if (k != d->oos)
			cls[n_cls++] = k;
	shuffle(cls, n_cls, &rng);
	size_t per_fold = (size_t)(defaults.held_out_intents * (double)n_cls + 0.5);
	if (per_fold < 1)
		per_fold = 1;
	/* at least two intents stay in every fold; with few intents the folds'
	 * slices wrap around and overlap */
	if (n_cls < 3)
		per_fold = 0;
	else if (per_fold > n_cls - 2)
		per_fold = n_cls - 2;

	struct heldout *h = xcalloc(n ? n : 1, sizeof *h);
	size_t n_h = 0;
	float *w = xmalloc(d->n_rows * C * sizeof *w);
	float *bias = xmalloc(C * sizeof *bias);
	size_t *train = xmalloc((n ? n : 1) * sizeof *train);
	uint32_t *active = xmalloc(C * sizeof *active);
	bool *held = xmalloc(C * sizeof *held);
	bool *seen = xmalloc((d->n_rows ? d->n_rows : 1) * sizeof *seen);
	for (int f = 0; f < folds; f++) {
		memset(held, 0, C * sizeof *held);
		for (size_t j = 0; j < per_fold; j++)
			held[cls[((size_t)f * per_fold + j) % n_cls]] = true;
		size_t n_active = 0, n_train = 0;
		for (size_t k = 0; k < C; k++)
			if (!held[k])
				active[n_active++] = (uint32_t)k;
		for (size_t i = 0; i < n; i++)
			if (fold_of[i] != (size_t)f && !held[d->label[i]])
				train[n_train++] = i;
		if (n_active < 2 || !n_train)
			continue;
		memset(w, 0, d->n_rows * C * sizeof *w);
		memset(bias, 0, C * sizeof *bias);
		sgd(d, train, n_train, active, n_active, epochs, seed + (uint64_t)f + 1, w, bias);
		memset(seen, 0, (d->n_rows ? d->n_rows : 1) * sizeof *seen);
		for (size_t t = 0; t < n_train; t++)
			for (size_t j = 0; j < d->cnt[train[t]]; j++)
				seen[d->rows[d->off[train[t]] + j]] = true;
		for (size_t i = 0; i < n; i++) {
			if (fold_of[i] != (size_t)f)
				continue;
			float *lg = xmalloc(C * sizeof *lg);
			score_rows(w, d->idf, bias, C, d->rows + d->off[i], d->cnt[i], d->norm[i], lg);
			for (size_t k = 0; k < C; k++)
				if (held[k])
					lg[k] = -INFINITY;
			size_t known = 0;
			double sum = 0;
			for (size_t j = 0; j < d->cnt[i]; j++) {
				uint32_t r = d->rows[d->off[i] + j];
				known += seen[r];
				sum += seen[r] ? d->idf[r] : 0;
			}
			double all = sum + (double)(d->all[i] - known) * d->idf_unknown;
			h[n_h].coverage = d->all[i] ? (float)known / (float)d->all[i] : 0.0f;
			h[n_h].coverage_idf = all > 0 ? (float)(sum / all) : 0.0f;
			h[n_h].logits = lg;
			h[n_h].truth = d->label[i];
			h[n_h].unseen = held[d->label[i]];
			n_h++;
		}
	}
	*temperature = n_h ? fit_temperature(h, n_h, C) : 1.0f;
	if (n_h)
		pick_threshold(h, n_h, C, d->oos, *temperature, max_reject, gate, fit);
	for (size_t i = 0; i < n_h; i++)
		free(h[i].logits);
	free(h);
	free(w);
	free(bias);
	free(train);
	free(active);
	free(held);
	free(seen);
	free(cls);
	free(order);
	free(fold_of);
}

intent_model *intent_train(const struct intent_example *ex, size_t n,
                           const struct intent_train_options *opt, char **err)
{
	struct intent_train_options o = {0};
	if (opt)
		o = *opt;
	int epochs = o.epochs > 0 ? o.epochs : defaults.epochs;
	int folds = o.folds > 0 ? o.folds : defaults.folds;
	double max_reject = o.max_reject > 0 ? o.max_reject : defaults.max_reject;
	if (!n) {
		if (err)
			*err = xstrdup("no training examples");
		return NULL;
	}
	if (!(max_reject < 1)) {
		if (err)
			*err = xasprintf("the share of in-scope utterances the threshold may reject "
			                 "must be under 1, not %g", max_reject);
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		if (!ex[i].text || !ex[i].intent || !*ex[i].intent) {
			if (err)
				*err = xasprintf("example %zu has no text or no intent", i + 1);
			return NULL;
		}
		size_t len = strlen(ex[i].intent);
		bool control = false;
		for (const unsigned char *c = (const unsigned char *)ex[i].intent; *c; c++)
			control |= *c < 0x20 || *c == 0x7f;
		/* labels are printed one a line, tab-separated */
		if (len > MAX_LABEL_LEN || control) {
			if (err)
				*err = xasprintf("example %zu: an intent label must be at most %u bytes "
				                 "without control characters", i + 1, MAX_LABEL_LEN);
			return NULL;
		}
	}
	intent_model *m = xcalloc(1, sizeof *m);
	m->labels = collect_labels(ex, n, &m->n_labels);
	if (m->n_labels < 2) {
		if (err)
			*err = xasprintf("training needs at least two intents, found %zu", m->n_labels);
		intent_model_free(m);
		return NULL;
	}
	struct dataset d;
	dataset_build(&d, ex, n, m->labels, m->n_labels, &m->table);
	m->oos = d.oos;
	m->n_rows = d.n_rows;
	size_t C = m->n_labels;

	m->temperature = 1.0f;
	m->gate[GATE_LOGIT_P] = 1.0f;
	struct gate_fit fit = {0, 0, 0};
	if (folds > 1 && n >= (size_t)folds * 2)
		cross_validate(&d, folds, epochs, o.seed, max_reject, &m->temperature, m->gate, &fit);
	m->threshold = fit.threshold;
	m->expected_reject = fit.reject;
	m->expected_oos_recall = fit.oos_recall;

	size_t nw = m->n_rows * C;
	float *w = xcalloc(nw ? nw : 1, sizeof *w);
	m->bias = xcalloc(C, sizeof *m->bias);
	size_t *idx = xmalloc(n * sizeof *idx);
	uint32_t *active = xmalloc(C * sizeof *active);
	for (size_t i = 0; i < n; i++)
		idx[i] = i;
	for (size_t k = 0; k < C; k++)
		active[k] = (uint32_t)k;
	sgd(&d, idx, n, active, C, epochs, o.seed, w, m->bias);
	quantize(m, w);
	free(w);
	m->idf = xmalloc((m->n_rows ? m->n_rows : 1) * sizeof *m->idf);
	memcpy(m->idf, d.idf, m->n_rows * sizeof *m->idf);
	m->idf_unknown = d.idf_unknown;
	for (size_t r = 0; r < m->n_rows; r++)
		m->scale[r] *= m->idf[r];
	free(idx);
	free(active);

	m->row_keys = xmalloc((m->n_rows ? m->n_rows : 1) * sizeof *m->row_keys);
	for (size_t j = 0; j <= m->table.mask; j++)
		if (m->table.keys[j])
			m->row_keys[m->table.rows[j]] = m->table.keys[j];
	dataset_release(&d);
	return m;
}

/* ------------------------------------------------------------ model I/O */

static uint64_t fnv1a(const unsigned char *p, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

static void put_u32(struct buf *b, uint32_t v)
{
	unsigned char c[4] = {v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, (v >> 24) & 0xff};
	buf_add(b, c, 4);
}

static void put_u64(struct buf *b, uint64_t v)
{
	put_u32(b, (uint32_t)v);
	put_u32(b, (uint32_t)(v >> 32));
}

static void put_f32(struct buf *b, float f)
{
	uint32_t v;
	memcpy(&v, &f, 4);
	put_u32(b, v);
}

int intent_model_save(const intent_model *m, const char *path, char **err)
{
	struct buf b;
	buf_init(&b);
	char *tmp = xasprintf("%s.tmp%ld", path, (long)getpid());
	FILE *fp = NULL;
	int rc = -1;
	buf_add(&b, MODEL_MAGIC, 8);
	put_u32(&b, MODEL_VERSION);
	put_u32(&b, (uint32_t)m->n_labels);
	for (size_t i = 0; i < m->n_labels; i++) {
		size_t len = strlen(m->labels[i]);
		put_u32(&b, (uint32_t)len);
		buf_add(&b, m->labels[i], len);
	}
	put_u32(&b, m->oos);
	put_f32(&b, m->temperature);
	put_f32(&b, m->threshold);
	put_f32(&b, m->expected_reject);
	put_f32(&b, m->expected_oos_recall);
	for (int k = 0; k <= GATE_N; k++)
		put_f32(&b, m->gate[k]);
	put_f32(&b, m->idf_unknown);
	put_u64(&b, (uint64_t)m->n_rows);
	for (size_t r = 0; r < m->n_rows; r++)
		put_u64(&b, m->row_keys[r]);
	for (size_t k = 0; k < m->n_labels; k++)
		put_f32(&b, m->bias[k]);
	for (size_t r = 0; r < m->n_rows; r++)
		put_f32(&b, m->scale[r]);
	for (size_t r = 0; r < m->n_rows; r++)
		put_f32(&b, m->idf[r]);
	buf_add(&b, m->q, m->n_rows * m->n_labels);
	put_u64(&b, fnv1a((const unsigned char *)b.s, b.len));

	fp = fopen(tmp, "wb");
	if (!fp) {
		if (err)
			*err = xasprintf("cannot write %s: %s", tmp, strerror(errno));
		goto cleanup;
	}
	if (fwrite(b.s, 1, b.len, fp) != b.len || fclose(fp) != 0) {
		fp = NULL;
		if (err)
			*err = xasprintf("cannot write %s: %s", tmp, strerror(errno));
		remove(tmp);
		goto cleanup;
	}
	fp = NULL;
	if (rename(tmp, path) != 0) {
		if (err)
			*err = xasprintf("cannot rename %s to %s: %s", tmp, path, strerror(errno));
		remove(tmp);
		goto cleanup;
	}
	rc = 0;
cleanup:
	if (fp)
		fclose(fp);
	free(tmp);
	buf_release(&b);
	return rc;
}

/* A bounds-checked little-endian reader over the file's bytes. */
struct reader {
	const unsigned char *p;
	size_t len, pos;
	bool bad;
};

static const unsigned char *take(struct reader *r, size_t n)
{
	if (r->bad || n > r->len - r->pos) {
		r->bad = true;
		return NULL;
	}
	const unsigned char *p = r->p + r->pos;
	r->pos += n;
	return p;
}

static uint32_t get_u32(struct reader *r)
{
	const unsigned char *c = take(r, 4);
	if (!c)
		return 0;
	return (uint32_t)c[0] | (uint32_t)c[1] << 8 | (uint32_t)c[2] << 16 | (uint32_t)c[3] << 24;
}

static uint64_t get_u64(struct reader *r)
{
	uint64_t lo = get_u32(r);
	return lo | (uint64_t)get_u32(r) << 32;
}

static float get_f32(struct reader *r)
{
	uint32_t v = get_u32(r);
	float f;
	memcpy(&f, &v, 4);
	return f;
}

static int read_file(const char *path, unsigned char **out, size_t *len, char **err)
{
	FILE *fp = fopen(path, "rb");
	struct buf b;
	buf_init(&b);
	if (!fp) {
		if (err)
			*err = xasprintf("cannot open model %s: %s", path, strerror(errno));
		buf_release(&b);
		return -1;
	}
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		buf_add(&b, chunk, n);
	int failed = ferror(fp);
	fclose(fp);
	if (failed) {
		if (err)
			*err = xasprintf("cannot read model %s", path);
		buf_release(&b);
		return -1;
	}
	*len = b.len;
	*out = (unsigned char *)buf_detach(&b);
	return 0;
}

static int parse_model(intent_model *m, struct reader *r, const char *path, char **err)
{
	m->n_labels = get_u32(r);
	if (r->bad || m->n_labels < 2 || m->n_labels > MAX_LABELS)
		goto corrupt;
	m->labels = xcalloc(m->n_labels, sizeof *m->labels);
	for (size_t i = 0; i < m->n_labels; i++) {
		uint32_t len = get_u32(r);
		const unsigned char *s = len <= MAX_LABEL_LEN ? take(r, len) : NULL;
		if (!s)
			goto corrupt;
		m->labels[i] = xstrndup((const char *)s, len);
	}
	m->oos = get_u32(r);
	m->temperature = get_f32(r);
	m->threshold = get_f32(r);
	m->expected_reject = get_f32(r);
	m->expected_oos_recall = get_f32(r);
	if (!(m->expected_reject >= 0 && m->expected_reject <= 1) ||
	    !(m->expected_oos_recall >= 0 && m->expected_oos_recall <= 1))
		goto corrupt;
	for (int k = 0; k <= GATE_N; k++) {
		m->gate[k] = get_f32(r);
		if (!isfinite(m->gate[k]))
			goto corrupt;
	}
	m->idf_unknown = get_f32(r);
	if (!(m->idf_unknown > 0) || !isfinite(m->idf_unknown))
		goto corrupt;
	uint64_t rows = get_u64(r);
	if (r->bad || (m->oos != NO_CLASS && m->oos >= m->n_labels) || !(m->temperature > 0) ||
	    !(m->threshold >= 0 && m->threshold <= 1))
		goto corrupt;
	/* each row needs 8 bytes of key, 4 of scale, 4 of idf and 1 per class:
	 * bound it by the file */
	if (rows > (r->len - r->pos) / (16 + (uint64_t)m->n_labels))
		goto corrupt;
	m->n_rows = (size_t)rows;
	m->row_keys = xmalloc((m->n_rows ? m->n_rows : 1) * sizeof *m->row_keys);
	ftable_init(&m->table, m->n_rows);
	for (size_t i = 0; i < m->n_rows; i++) {
		m->row_keys[i] = get_u64(r);
		if (!m->row_keys[i] || ftable_get(&m->table, m->row_keys[i]) != NO_CLASS)
			goto corrupt;
		ftable_put_new(&m->table, m->row_keys[i], (uint32_t)i);
	}
	m->bias = xmalloc(m->n_labels * sizeof *m->bias);
	for (size_t k = 0; k < m->n_labels; k++)
		m->bias[k] = get_f32(r);
	m->scale = xmalloc((m->n_rows ? m->n_rows : 1) * sizeof *m->scale);
	for (size_t i = 0; i < m->n_rows; i++) {
		m->scale[i] = get_f32(r);
		if (!isfinite(m->scale[i]))
			goto corrupt;
	}
	m->idf = xmalloc((m->n_rows ? m->n_rows : 1) * sizeof *m->idf);
	for (size_t i = 0; i < m->n_rows; i++) {
		m->idf[i] = get_f32(r);
		if (!isfinite(m->idf[i]))
			goto corrupt;
	}
	size_t nw = m->n_rows * m->n_labels;
	const unsigned char *q = take(r, nw);
	if (!q)
		goto corrupt;
	m->q = xmalloc(nw + 1);
	memcpy(m->q, q, nw);
	if (r->bad || r->pos != r->len)
		goto corrupt;
	return 0;
corrupt:
	if (err)
		*err = xasprintf("model %s is corrupt", path);
	return -1;
}

intent_model *intent_model_load(const char *path, char **err)
{
	unsigned char *data = NULL;
	size_t len = 0;
	intent_model *m = NULL;
	if (read_file(path, &data, &len, err) < 0)
		goto cleanup;
	if (len < 8 + 4 + 8 || memcmp(data, MODEL_MAGIC, 8) != 0) {
		if (err)
			*err = xasprintf("%s is not a clerk intent model", path);
		goto cleanup;
	}
	struct reader r = {data, len - 8, 8, false};
	uint32_t version = get_u32(&r);
	if (version != MODEL_VERSION) {
		if (err)
			*err = xasprintf("model %s has format version %u; this clerk reads version %u "
			                 "(retrain it with clerk train)", path, version, MODEL_VERSION);
		goto cleanup;
	}
	struct reader sum = {data, len, len - 8, false};
	if (get_u64(&sum) != fnv1a(data, len - 8)) {
		if (err)
			*err = xasprintf("model %s is corrupt (checksum mismatch)", path);
		goto cleanup;
	}
	m = xcalloc(1, sizeof *m);
	if (parse_model(m, &r, path, err) < 0) {
		intent_model_free(m);
		m = NULL;
	}
cleanup:
	free(data);
	return m;
}
