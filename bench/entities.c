/*
 * bench/entities: precision, recall and F1 of the entity extractor per
 * entity type on the Bitext customer-service corpus, whose rows carry one
 * labelled span each (entity_type, entity_value).
 *
 *   bench_entities [CSV ...]
 *
 * Default: ../shared/data/intents/bitext/validation.csv (from the repo),
 * else /work/shared/data/intents/bitext/validation.csv.
 *
 * Scoring: a prediction is right when it equals the labelled value after
 * trimming, dropping a leading '#' and ignoring case (clerk reports order
 * ids without '#'; Bitext labels invoice ids with it). A wrong value counts
 * as a false positive and a false negative. Amounts compare as numbers.
 * Rows labelled with a type we do not extract (account_type) still count
 * for false positives of the others.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/buf.h"
#include "common/xalloc.h"
#include "nlu/nlu.h"
#include "nlu/text/lang.h"

enum { T_ORDER, T_INVOICE, T_PERSON, T_CITY, T_COUNTRY, T_REFUND, T_N };

static const char *const type_names[T_N] = {
	"order_id", "invoice_id", "person_name", "delivery_city", "delivery_country",
	"refund_amount",
};

struct counts {
	long tp, fp, fn;
};

/* Reads one RFC 4180 record into fields (heap strings). 0 at EOF. */
static int read_record(FILE *f, char ***fields, size_t *n)
{
	struct buf cell;
	size_t cap = 0;
	int c = fgetc(f);
	if (c == EOF)
		return 0;
	*n = 0;
	buf_init(&cell);
	bool quoted = false;
	for (;; c = fgetc(f)) {
		if (quoted) {
			if (c == EOF)
				break;
			if (c == '"') {
				int d = fgetc(f);
				if (d == '"') {
					buf_addc(&cell, '"');
					continue;
				}
				quoted = false;
				c = d;
			} else {
				buf_addc(&cell, (char)c);
				continue;
			}
		}
		if (c == '"' && cell.len == 0) {
			quoted = true;
			continue;
		}
		if (c == ',' || c == '\n' || c == EOF) {
			*fields = xgrow(*fields, &cap, *n + 1, sizeof **fields);
			if (cell.len && cell.s[cell.len - 1] == '\r')
				cell.s[--cell.len] = '\0';
			(*fields)[(*n)++] = xstrdup(cell.s);
			buf_reset(&cell);
			if (c != ',')
				break;
			continue;
		}
		buf_addc(&cell, (char)c);
	}
	buf_release(&cell);
	return 1;
}

static void canon(const char *s, char *out, size_t n)
{
	while (*s == ' ' || *s == '#')
		s++;
	size_t k = 0;
	for (; *s && k + 1 < n; s++)
		out[k++] = (char)tolower((unsigned char)*s);
	while (k && out[k - 1] == ' ')
		k--;
	out[k] = '\0';
}

static bool same(int type, const char *pred, const char *gold)
{
	if (type == T_REFUND)
		return fabs(atof(pred) - atof(gold)) < 0.005;
	char a[256], b[256];
	canon(pred, a, sizeof a);
	canon(gold, b, sizeof b);
	return !strcmp(a, b);
}

static void predicted(const struct nlu_entities *e, char *vals[T_N], char *amount, size_t n)
{
	vals[T_ORDER] = e->order_id;
	vals[T_INVOICE] = e->invoice_id;
	vals[T_PERSON] = e->person_name;
	vals[T_CITY] = e->city;
	vals[T_COUNTRY] = e->country;
	vals[T_REFUND] = NULL;
	if (e->amount >= 0) {
		snprintf(amount, n, "%g", e->amount);
		vals[T_REFUND] = amount;
	}
}

static int run(nlu *nl, const char *path, struct counts c[T_N], long *rows, double *secs,
               bool verbose)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "bench_entities: cannot open %s\n", path);
		return -1;
	}
	char **fields = NULL;
	size_t nf = 0;
	long col_text = -1, col_type = -1, col_value = -1;
	bool header = true;
	while (read_record(f, &fields, &nf)) {
		if (header) {
			for (size_t i = 0; i < nf; i++) {
				if (!strcmp(fields[i], "utterance"))
					col_text = (long)i;
				if (!strcmp(fields[i], "entity_type"))
					col_type = (long)i;
				if (!strcmp(fields[i], "entity_value"))
					col_value = (long)i;
			}
			header = false;
		} else if (col_text >= 0 && col_type >= 0 && col_value >= 0 &&
		           (size_t)col_value < nf) {
			const char *text = fields[col_text], *gtype = fields[col_type];
			const char *gval = fields[col_value];
			struct nlu_result r;
			struct timespec a, b;
			clock_gettime(CLOCK_MONOTONIC, &a);
			nlu_analyze(nl, text, &r);
			clock_gettime(CLOCK_MONOTONIC, &b);
			*secs += (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
			(*rows)++;
			char *vals[T_N], amount[64];
			predicted(&r.entities, vals, amount, sizeof amount);
			for (int t = 0; t < T_N; t++) {
				bool gold = !strcmp(gtype, type_names[t]);
				if (vals[t] && gold && same(t, vals[t], gval)) {
					c[t].tp++;
					continue;
				}
				if (vals[t])
					c[t].fp++;
				if (gold)
					c[t].fn++;
				if (verbose && (vals[t] || gold))
					printf("  miss %-16s gold=%-16s pred=%-16s | %s\n", type_names[t],
					       gold ? gval : "-", vals[t] ? vals[t] : "-", text);
			}
			nlu_result_release(&r);
		}
		for (size_t i = 0; i < nf; i++)
			free(fields[i]);
	}
	free(fields);
	fclose(f);
	if (col_text < 0 || col_type < 0 || col_value < 0) {
		fprintf(stderr, "bench_entities: %s has no utterance/entity_type/entity_value header\n",
		        path);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	bool verbose = false;
	const char *paths[64];
	int np = 0;
	for (int i = 1; i < argc && np < 64; i++) {
		if (!strcmp(argv[i], "-v"))
			verbose = true;
		else
			paths[np++] = argv[i];
	}
	if (np == 0) {
		const char *rel = "../shared/data/intents/bitext/validation.csv";
		FILE *f = fopen(rel, "r");
		paths[np++] = f ? rel : "/work/shared/data/intents/bitext/validation.csv";
		if (f)
			fclose(f);
	}
	char *err = NULL;
	lang *pack = lang_load(CLERK_ASSETS_DIR "/lang/en", &err);
	if (!pack) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	nlu *nl = nlu_new(pack, NULL, &err); /* entities only: no model needed */
	if (!nl) {
		fprintf(stderr, "bench_entities: %s\n", err);
		free(err);
		return 1;
	}
	int rc = 0;
	for (int p = 0; p < np; p++) {
		struct counts c[T_N] = {{0}};
		long rows = 0;
		double secs = 0;
		if (run(nl, paths[p], c, &rows, &secs, verbose) < 0) {
			rc = 1;
			continue;
		}
		printf("%s: %ld utterances, %.1f us per utterance (nlu_analyze, no model)\n",
		       paths[p], rows, rows ? secs * 1e6 / (double)rows : 0.0);
		printf("%-18s %6s %6s %6s %9s %7s %6s\n", "type", "tp", "fp", "fn", "precision",
		       "recall", "F1");
		for (int t = 0; t < T_N; t++) {
			double pr = c[t].tp + c[t].fp ? (double)c[t].tp / (double)(c[t].tp + c[t].fp) : 0;
			double re = c[t].tp + c[t].fn ? (double)c[t].tp / (double)(c[t].tp + c[t].fn) : 0;
			double f1 = pr + re > 0 ? 2 * pr * re / (pr + re) : 0;
			printf("%-18s %6ld %6ld %6ld %9.3f %7.3f %6.3f\n", type_names[t], c[t].tp,
			       c[t].fp, c[t].fn, pr, re, f1);
		}
	}
	nlu_free(nl);
	lang_free(pack);
	return rc;
}
