/*
 * bench/sentiment: accuracy and confusion matrix of the feedback sentiment
 * scorer (nlu/sentiment.h) on bench/sentiment/feedback.tsv, beside two
 * baselines in the same run: the majority class of the tuning half, and
 * the word count the dialogue used before (lexicon.positive minus
 * lexicon.negative words of replies/lexicon.txt).
 *
 *   bench_sentiment [--dict PATH] [--misses] [FILE]
 *
 * The set was written by someone who never saw the scorer and is a test
 * set: lines 1-120 are the only ones the lexicon was tuned on, lines
 * 121-240 are held out; the held-out half is the figure to report.
 * --misses prints the lines of the tuning half the scorer gets wrong; the
 * held-out lines are never printed. Default dictionary:
 * /usr/share/dict/words when present.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"
#include "nlu/sentiment.h"
#include "nlu/text/dictionary.h"
#include "nlu/text/lang.h"
#include "nlu/text/lexicon.h"

#define TUNE_LINES 120

struct row {
	int gold; /* enum sentiment_label */
	char *text;
};

struct confusion {
	long m[3][3]; /* [gold+1][predicted+1] */
};

static int label_of(const char *s)
{
	return !strcmp(s, "pos") ? 1 : !strcmp(s, "neg") ? -1 : !strcmp(s, "neu") ? 0 : 9;
}

static double accuracy(const struct confusion *c, long *n)
{
	long right = 0, all = 0;
	for (int g = 0; g < 3; g++)
		for (int p = 0; p < 3; p++) {
			all += c->m[g][p];
			if (g == p)
				right += c->m[g][p];
		}
	*n = all;
	return all ? (double)right / (double)all : 0;
}

static void print_matrix(const char *title, const struct confusion *c)
{
	long n;
	double acc = accuracy(c, &n);
	printf("%s: accuracy %.3f (%ld lines)\n", title, acc, n);
	printf("  gold \\ predicted   neg   neu   pos\n");
	static const char *const names[3] = {"neg", "neu", "pos"};
	for (int g = 0; g < 3; g++)
		printf("  %-17s %5ld %5ld %5ld\n", names[g], c->m[g][0], c->m[g][1], c->m[g][2]);
}

/* Is w one of the space-separated words of the section's entries? */
static int in_section(const lexicon_list *l, const char *w)
{
	size_t n = strlen(w);
	for (size_t i = 0; i < lexicon_list_size(l); i++) {
		const char *e = lexicon_list_at(l, i);
		for (const char *p = strstr(e, w); p; p = strstr(p + 1, w))
			if ((p == e || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
				return 1;
	}
	return 0;
}

/* The word count the dialogue scored feedback with before. */
static int word_count(const lexicon *lx, const char *text)
{
	const lexicon_list *pos = lexicon_get(lx, "lexicon.positive");
	const lexicon_list *neg = lexicon_get(lx, "lexicon.negative");
	int score = 0;
	const char *p = text;
	while (*p) {
		while (*p && !isalnum((unsigned char)*p))
			p++;
		const char *s = p;
		while (*p && (isalnum((unsigned char)*p) || *p == '\''))
			p++;
		if (p == s)
			continue;
		char *w = xstrndup(s, (size_t)(p - s));
		for (char *c = w; *c; c++)
			*c = (char)tolower((unsigned char)*c);
		score += in_section(pos, w) - in_section(neg, w);
		free(w);
	}
	return score > 0 ? 1 : score < 0 ? -1 : 0;
}

static size_t read_rows(const char *path, struct row **out)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "bench_sentiment: cannot open %s\n", path);
		exit(1);
	}
	size_t n = 0, cap = 0;
	char line[4096];
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\r\n")] = '\0';
		char *tab = strchr(line, '\t');
		if (!tab)
			continue;
		*tab = '\0';
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		(*out)[n].gold = label_of(line);
		(*out)[n].text = xstrdup(tab + 1);
		if ((*out)[n].gold == 9) {
			fprintf(stderr, "bench_sentiment: %s:%zu: bad label '%s'\n", path, n + 1, line);
			exit(1);
		}
		n++;
	}
	fclose(f);
	return n;
}

int main(int argc, char **argv)
{
	const char *path = CLERK_ASSETS_DIR "/../bench/sentiment/feedback.tsv";
	const char *dict_path = "/usr/share/dict/words";
	int show = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--dict") && i + 1 < argc)
			dict_path = argv[++i];
		else if (!strcmp(argv[i], "--misses"))
			show = 1;
		else
			path = argv[i];
	}
	char *err = NULL;
	lang *pack = lang_open(CLERK_ASSETS_DIR, "english", &err);
	if (!pack) {
		fprintf(stderr, "bench_sentiment: %s\n", err);
		return 1;
	}
	dictionary *dict = dictionary_load(dict_path, NULL);
	sentiment *s = sentiment_new(pack, dict, &err);
	if (!s) {
		fprintf(stderr, "bench_sentiment: %s\n", err);
		return 1;
	}
	lexicon *old = lexicon_new();
	if (lexicon_load(old, CLERK_ASSETS_DIR "/lang/en/replies/lexicon.txt", &err) < 0) {
		fprintf(stderr, "bench_sentiment: %s\n", err);
		return 1;
	}
	struct row *rows = NULL;
	size_t n = read_rows(path, &rows);

	/* the majority class of the tuning half (ties go to the first seen) */
	long seen[3] = {0};
	int first[3] = {-1, -1, -1}, order = 0;
	for (size_t i = 0; i < n && i < TUNE_LINES; i++) {
		if (first[rows[i].gold + 1] < 0)
			first[rows[i].gold + 1] = order++;
		seen[rows[i].gold + 1]++;
	}
	int major = 0;
	for (int g = 1; g < 3; g++)
		if (seen[g] > seen[major] || (seen[g] == seen[major] && first[g] < first[major]))
			major = g;

	struct confusion model[2] = {0}, base[2] = {0}, words[2] = {0};
	for (size_t i = 0; i < n; i++) {
		int half = i >= TUNE_LINES;
		struct sentiment_result r;
		sentiment_score(s, rows[i].text, &r);
		int g = rows[i].gold + 1;
		model[half].m[g][r.label + 1]++;
		base[half].m[g][major]++;
		words[half].m[g][word_count(old, rows[i].text) + 1]++;
		if (show && !half && (int)r.label != rows[i].gold)
			printf("miss %zu gold %s got %s (%.2f): %s\n", i + 1,
			       sentiment_label_name(rows[i].gold), sentiment_label_name(r.label),
			       r.score, rows[i].text);
	}
	printf("feedback sentiment, %s (%zu lines; tuned on lines 1-%d only)\n\n", path, n,
	       TUNE_LINES);
	static const char *const majname[3] = {"neg", "neu", "pos"};
	for (int h = 1; h >= 0; h--) {
		printf("== %s (lines %d-%zu) ==\n", h ? "held-out half" : "tuning half",
		       h ? TUNE_LINES + 1 : 1, h ? n : (size_t)TUNE_LINES);
		print_matrix("lexicon model (nlu/sentiment)", &model[h]);
		char title[64];
		snprintf(title, sizeof title, "majority class (%s)", majname[major]);
		print_matrix(title, &base[h]);
		print_matrix("word count (the dialogue's old scorer)", &words[h]);
		printf("\n");
	}
	for (size_t i = 0; i < n; i++)
		free(rows[i].text);
	free(rows);
	lexicon_free(old);
	sentiment_free(s);
	dictionary_free(dict);
	lang_free(pack);
	return 0;
}
