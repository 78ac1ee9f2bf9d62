/*
 * intent: a trainable intent classifier. Multinomial logistic regression
 * (softmax, trained by SGD, deterministic for a seed) over hashed sparse
 * features of the utterance (folded words, their Snowball stems, word
 * bigrams and character n-grams with word boundaries, see features.h), each
 * weighted by its idf and the whole vector normalized.
 *
 * An intent_model is trained from labelled examples with intent_train() or
 * read from a file with intent_model_load(); once built it is immutable, so
 * one model may be shared by many threads. Classification needs scratch
 * space (the stemmer keeps state, the scores need a buffer): each thread
 * passes its own intent_scratch, or NULL to have one made for the call.
 *
 * Out-of-scope: training rows labelled "oos" or "out_of_scope" train one
 * class whose label is reported as "out_of_scope". In addition, an
 * acceptance score (a logistic function of the top probability, the margin
 * over the runner-up, the entropy of the answer, the top logit, and the
 * share of the utterance's features the model knows, plain and weighted by
 * idf) is compared with a threshold, and answers under it become
 * "out_of_scope". Both come from cross-validation inside intent_train(),
 * where each fold also holds out a fifth of the intents to play the unseen
 * out-of-scope queries: the score is fitted to tell right answers from
 * those, and the threshold is set to turn away a stated share of the
 * in-scope held-out queries (max_reject, 2% by default).
 *
 * Model files are little-endian, start with a magic and a format version,
 * and end with a checksum over everything before it; a corrupt file or one
 * of another version is rejected with a message.
 *
 * Pure C: no SQLite, no curses. Errors come back as 0 / -1 (or NULL) with a
 * heap message in *err (the caller frees it; err may be NULL).
 */
#ifndef CLERK_INTENT_H
#define CLERK_INTENT_H

#include <stddef.h>
#include <stdint.h>

#define INTENT_OUT_OF_SCOPE "out_of_scope"

typedef struct intent_model intent_model;
typedef struct intent_scratch intent_scratch;

struct intent_example {
	const char *text;   /* any bytes, NUL-terminated */
	const char *intent; /* label; "oos" and "out_of_scope" mean out of scope */
};

struct intent_train_options {
	uint64_t seed;   /* same seed, same data: same model, byte for byte */
	int epochs;      /* 0: the default */
	int folds;       /* cross-validation folds for the threshold; 0: default, 1: none */
	double max_reject; /* share of in-scope utterances, under 1, the threshold may turn
	                    * away (its false-rejection rate); 0: the default, 0.02 */
};

/* Trains a model on n examples. opt may be NULL for the defaults. Returns
 * the model (caller frees it with intent_model_free()), or NULL with *err set
 * when the data cannot train a model (no rows, fewer than two classes) or
 * max_reject is not under 1. */
intent_model *intent_train(const struct intent_example *ex, size_t n,
                           const struct intent_train_options *opt, char **err);

/* Writes the model to path (replacing it atomically). 0 or -1 with *err. */
int intent_model_save(const intent_model *m, const char *path, char **err);

/* Reads a model file. NULL with *err when the file is missing, truncated,
 * corrupt or of another format version. */
intent_model *intent_model_load(const char *path, char **err);

void intent_model_free(intent_model *m);

/* Number of labels the model knows (out_of_scope included when trained) and
 * the i-th label; the strings belong to the model. */
size_t intent_model_n_labels(const intent_model *m);
const char *intent_model_label(const intent_model *m, size_t i);

/* The acceptance score under which an answer becomes out_of_scope. */
double intent_model_threshold(const intent_model *m);

/* What cross-validation inside training measured at that threshold: the
 * share of in-scope utterances answered out_of_scope (at most max_reject,
 * less when the held-out scores tie), and the share of out-of-scope ones
 * (rows labelled oos and rows of intents held out of their fold) caught.
 * 0 when the model was trained without cross-validation. */
double intent_model_expected_reject(const intent_model *m);
double intent_model_expected_oos_recall(const intent_model *m);

/* Scratch space for one thread; free with intent_scratch_free(). */
intent_scratch *intent_scratch_new(void);
void intent_scratch_free(intent_scratch *s);

/* Classifies text (any bytes; time linear in its length). Returns the label
 * (owned by the model) or INTENT_OUT_OF_SCOPE, and in *confidence (may be
 * NULL) the calibrated probability of the label, or for an answer turned
 * out of scope by the threshold, 1 - its acceptance score. s may be NULL: a scratch is then
 * made and freed inside the call (slower). Never fails. */
const char *intent_classify(const intent_model *m, intent_scratch *s,
                            const char *text, double *confidence);

/* Like intent_classify() without the threshold: the most likely trained
 * label and its probability. */
const char *intent_classify_raw(const intent_model *m, intent_scratch *s,
                                const char *text, double *confidence);

/* The acceptance score of text's raw answer, in [0, 1]: the answer
 * becomes out_of_scope when this is under intent_model_threshold(); 0 when
 * the raw answer is the trained out_of_scope class. */
double intent_acceptance(const intent_model *m, intent_scratch *s, const char *text);

#endif
