/*
 * bench/entities_shopper: precision, recall and F1 of the entity extractor
 * per key on hand-labelled shopper utterances (bench/entities/shopper.jsonl,
 * format in bench/entities/README.md), read with the vocabulary of the
 * catalog they were written against, handed to the NLU as the dialogue
 * hands it: the catalog imported into an in-memory database, vocab_load()
 * and nlu_set_vocab(), the system's word list as the dictionary.
 *
 *   bench_entities_shopper [--misses] [--split N] [--catalog DIR] [FILE]
 *   bench_entities_shopper [--catalog DIR] --show TEXT
 *
 * Run from the repository root. Defaults: FILE bench/entities/shopper.jsonl,
 * DIR tests/fixtures/dialogue/outdoor (its products.csv), N 170.
 *
 * Lines 1..N are the tuning half and the rest the held-out half; each is
 * scored and printed on its own. --misses lists the misses of the tuning
 * half only: the held-out half is there to be measured, not read. --show
 * prints what one utterance is read as: its tokens and its keys.
 *
 * Scoring, per key: a labelled array counts one value per element (ordinal
 * arrays are one value, compared whole, in order). A predicted value equal
 * to a labelled value of the same key is a true positive; every other
 * predicted value a false positive, every unmatched label a false negative.
 * Numbers compare as numbers, strings without regard to case; a leading
 * "size " is dropped on both sides of a size (the README allows it).
 * clerk turns "around $100" into a price range for its search and keeps the
 * amount said in price_around: when price_around is set it is the one
 * price reported, in place of the range derived from it.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "catalog/import/import.h"
#include "catalog/search/vocab.h"
#include "catalog/store/catalog.h"
#include "common/buf.h"
#include "common/xalloc.h"
#include "nlu/nlu.h"
#include "nlu/text/dictionary.h"
#include "nlu/text/lang.h"
#include "nlu/text/normalize.h"

#define MAX_VALS 8

enum key {
	K_PRICE_MAX, K_PRICE_MIN, K_PRICE_AROUND, K_RATING_MIN, K_BRAND, K_NOT_BRAND, K_COLOR,
	K_NOT_COLOR, K_SIZE, K_QUANTITY, K_ORDINAL, K_ORDER_ID, K_EMAIL, K_POSTCODE, K_DATE,
	K_DATE_RELATIVE, K_N
};

static const char *const key_names[K_N] = {
	"price_max", "price_min", "price_around", "rating_min", "brand", "not_brand", "color",
	"not_color", "size", "quantity", "ordinal", "order_id", "email", "postcode", "date",
	"date_relative",
};

static bool numeric_key(int k)
{
	return k == K_PRICE_MAX || k == K_PRICE_MIN || k == K_PRICE_AROUND || k == K_RATING_MIN ||
	       k == K_QUANTITY;
}

struct counts {
	long tp, fp, fn;
};

/* The values of one key, as text ("80", "Northridge", "[1,3]"). */
struct vals {
	char *v[MAX_VALS];
	size_t n;
};

static void vals_add(struct vals *s, const char *v)
{
	if (v && s->n < MAX_VALS)
		s->v[s->n++] = xstrdup(v);
}

static void vals_addf(struct vals *s, double d)
{
	char b[64];
	snprintf(b, sizeof b, "%g", d);
	vals_add(s, b);
}

static void vals_release(struct vals *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	s->n = 0;
}

static void ordinals_text(const int *o, size_t n, struct buf *b)
{
	buf_addc(b, '[');
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_addc(b, ',');
		if (o[i] == NLU_ORDINAL_LAST)
			buf_adds(b, "\"last\"");
		else if (o[i] == NLU_ORDINAL_ALL)
			buf_adds(b, "\"all\"");
		else
			buf_printf(b, "%d", o[i]);
	}
	buf_addc(b, ']');
}

static void add_list(struct vals *s, char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		vals_add(s, list[i]);
}

/* What the extractor said, key by key. */
static void predicted(const struct nlu_entities *e, struct vals out[K_N])
{
	if (e->price_around >= 0) {
		vals_addf(&out[K_PRICE_AROUND], e->price_around);
	} else {
		if (e->price_max >= 0)
			vals_addf(&out[K_PRICE_MAX], e->price_max);
		if (e->price_min >= 0)
			vals_addf(&out[K_PRICE_MIN], e->price_min);
	}
	if (e->rating_min >= 0)
		vals_addf(&out[K_RATING_MIN], e->rating_min);
	vals_add(&out[K_BRAND], e->brand);
	add_list(&out[K_BRAND], e->more_brands.v, e->more_brands.n);
	vals_add(&out[K_NOT_BRAND], e->not_brand);
	add_list(&out[K_NOT_BRAND], e->more_not_brands.v, e->more_not_brands.n);
	vals_add(&out[K_COLOR], e->color);
	add_list(&out[K_COLOR], e->more_colors.v, e->more_colors.n);
	vals_add(&out[K_NOT_COLOR], e->not_color);
	add_list(&out[K_NOT_COLOR], e->more_not_colors.v, e->more_not_colors.n);
	vals_add(&out[K_SIZE], e->size);
	if (e->quantity_said)
		vals_addf(&out[K_QUANTITY], e->quantity);
	if (e->n_ordinals) {
		struct buf b;
		buf_init(&b);
		ordinals_text(e->ordinals, e->n_ordinals, &b);
		vals_add(&out[K_ORDINAL], b.s);
		buf_release(&b);
	}
	vals_add(&out[K_ORDER_ID], e->order_id);
	add_list(&out[K_ORDER_ID], e->more_order_ids.v, e->more_order_ids.n);
	vals_add(&out[K_EMAIL], e->email);
	vals_add(&out[K_POSTCODE], e->postcode);
	vals_add(&out[K_DATE], e->date);
	vals_add(&out[K_DATE_RELATIVE], e->date_relative);
}

static void gold_value(const cJSON *v, struct vals *s)
{
	if (cJSON_IsNumber(v))
		vals_addf(s, v->valuedouble);
	else if (cJSON_IsString(v))
		vals_add(s, v->valuestring);
}

/* The labels of one line; 0, or -1 when a key is unknown to the bench. */
static int gold(const cJSON *ents, struct vals out[K_N], long line)
{
	const cJSON *it;
	cJSON_ArrayForEach(it, ents) {
		int k = 0;
		while (k < K_N && strcmp(key_names[k], it->string))
			k++;
		if (k == K_N) {
			fprintf(stderr, "bench_entities_shopper: line %ld: unknown key %s\n", line,
			        it->string);
			return -1;
		}
		if (k == K_ORDINAL) {
			char *s = cJSON_PrintUnformatted(it);
			vals_add(&out[k], s);
			free(s);
		} else if (cJSON_IsArray(it)) {
			const cJSON *e;
			cJSON_ArrayForEach(e, it)
				gold_value(e, &out[k]);
		} else {
			gold_value(it, &out[k]);
		}
	}
	return 0;
}

static const char *strip_size(const char *s)
{
	return strncasecmp(s, "size ", 5) ? s : s + 5;
}

static bool same(int k, const char *pred, const char *gold)
{
	if (numeric_key(k))
		return fabs(atof(pred) - atof(gold)) < 0.005;
	if (k == K_SIZE)
		return !strcasecmp(strip_size(pred), strip_size(gold));
	return !strcasecmp(pred, gold);
}

/* Scores one key of one line; prints the values that miss when show. */
static void score(int k, const struct vals *p, const struct vals *g, struct counts *c,
                  bool show, long line, const char *text)
{
	bool used[MAX_VALS] = {false};
	long tp = 0;
	for (size_t i = 0; i < p->n; i++) {
		for (size_t j = 0; j < g->n; j++) {
			if (!used[j] && same(k, p->v[i], g->v[j])) {
				used[j] = true;
				tp++;
				break;
			}
		}
	}
	c->tp += tp;
	c->fp += (long)p->n - tp;
	c->fn += (long)g->n - tp;
	if (!show || (tp == (long)p->n && tp == (long)g->n))
		return;
	struct buf gs, ps;
	buf_init(&gs);
	buf_init(&ps);
	for (size_t j = 0; j < g->n; j++)
		buf_printf(&gs, "%s%s", j ? "|" : "", g->v[j]);
	for (size_t i = 0; i < p->n; i++)
		buf_printf(&ps, "%s%s", i ? "|" : "", p->v[i]);
	printf("  %3ld %-13s gold=%-14s pred=%-14s | %s\n", line, key_names[k],
	       gs.len ? gs.s : "-", ps.len ? ps.s : "-", text);
	buf_release(&gs);
	buf_release(&ps);
}

static double ratio(long a, long b)
{
	return b ? (double)a / (double)b : 0;
}

static void report(const char *title, const struct counts c[K_N], long lines)
{
	printf("%s: %ld utterances\n", title, lines);
	printf("%-14s %5s %5s %5s %9s %7s %6s\n", "key", "tp", "fp", "fn", "precision", "recall",
	       "F1");
	struct counts all = {0};
	for (int k = 0; k <= K_N; k++) {
		const struct counts *x = k < K_N ? &c[k] : &all;
		if (k < K_N) {
			all.tp += x->tp;
			all.fp += x->fp;
			all.fn += x->fn;
		}
		double pr = ratio(x->tp, x->tp + x->fp), re = ratio(x->tp, x->tp + x->fn);
		double f1 = pr + re > 0 ? 2 * pr * re / (pr + re) : 0;
		printf("%-14s %5ld %5ld %5ld %9.3f %7.3f %6.3f\n", k < K_N ? key_names[k] : "overall",
		       x->tp, x->fp, x->fn, pr, re, f1);
	}
}

/* --show: the tokens of text (with their flags) and the keys read. */
static void show(nlu *nl, const lang *pack, const char *text)
{
	static const char *const flags[] = {
		"number", "numpfx", "money", "ordinal", "numword", "email", "hash", "hyphen",
		"capital", "upper", "currency", "symbol", "decimal", "alnum", "expanded", "sentence",
		"slash",
	};
	tokenizer *tk = tokenizer_new("english", NULL);
	struct norm_words nw;
	struct norm_text nt;
	norm_words_init(&nw, pack);
	norm_text_init(&nt);
	normalize(tk, &nw, text, strlen(text), &nt);
	for (size_t i = 0; i < nt.n; i++) {
		printf("  [%s]", nt.tok[i].text);
		for (size_t f = 0; f < sizeof flags / sizeof *flags; f++)
			if (nt.tok[i].flags & (1u << f))
				printf(" %s", flags[f]);
		if (nt.tok[i].flags & (NORM_NUMBER | NORM_NUMPFX | NORM_ORDINAL))
			printf(" =%g", nt.tok[i].number);
		printf("\n");
	}
	norm_text_release(&nt);
	tokenizer_free(tk);
	struct nlu_result r;
	nlu_analyze(nl, text, &r);
	struct vals p[K_N];
	memset(p, 0, sizeof p);
	predicted(&r.entities, p);
	for (int k = 0; k < K_N; k++) {
		for (size_t i = 0; i < p[k].n; i++)
			printf("%s = %s\n", key_names[k], p[k].v[i]);
		vals_release(&p[k]);
	}
	printf("product_words = %s\n", r.entities.product_words ? r.entities.product_words : "");
	nlu_result_release(&r);
}

/* An nlu reading with the vocabulary of the catalog in dir, as the
 * dialogue reads (src/dialogue/dialogue.c, load_vocab()). */
static nlu *open_nlu(const lang *pack, const char *dir, dictionary **dict, char **err)
{
	catalog *c = NULL;
	char *src = xasprintf("%s/products.csv", dir);
	struct import_options io = {.format = IMPORT_CSV};
	struct import_stats st;
	struct vocab v;
	nlu *n = NULL;
	if (catalog_open(":memory:", &c, err) < 0 || import_run(c, src, &io, &st, err) < 0 ||
	    vocab_load(c, 5000, &v, err) < 0)
		goto cleanup;
	n = nlu_new(pack, NULL, err);
	if (!n) {
		vocab_release(&v);
		goto cleanup;
	}
	struct nlu_vocab nv = {
		.brands = (const char *const *)v.brands, .n_brands = v.n_brands,
		.categories = (const char *const *)v.categories, .n_categories = v.n_categories,
		.colors = (const char *const *)v.colors, .n_colors = v.n_colors,
		.materials = (const char *const *)v.materials, .n_materials = v.n_materials,
	};
	nlu_set_vocab(n, &nv);
	vocab_release(&v);
	/* the dialogue's dictionary when none is configured (src/cli/app.c) */
	*dict = dictionary_load("/usr/share/dict/words", NULL);
	nlu_set_dictionary(n, *dict);
cleanup:
	catalog_close(c);
	free(src);
	return n;
}

int main(int argc, char **argv)
{
	bool misses = false;
	long split = 170;
	const char *path = "bench/entities/shopper.jsonl";
	const char *dir = "tests/fixtures/dialogue/outdoor";
	const char *show_text = NULL;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--misses"))
			misses = true;
		else if (!strcmp(argv[i], "--split") && i + 1 < argc)
			split = atol(argv[++i]);
		else if (!strcmp(argv[i], "--show") && i + 1 < argc)
			show_text = argv[++i];
		else if (!strcmp(argv[i], "--catalog") && i + 1 < argc)
			dir = argv[++i];
		else if (argv[i][0] == '-') {
			fprintf(stderr, "usage: bench_entities_shopper [--misses] [--split N] "
			                "[--catalog DIR] [FILE | --show TEXT]\n");
			return 2;
		} else
			path = argv[i];
	}
	char *err = NULL;
	int rc = 1;
	dictionary *dict = NULL;
	lang *pack = lang_load(CLERK_ASSETS_DIR "/lang/en", &err);
	nlu *nl = pack ? open_nlu(pack, dir, &dict, &err) : NULL;
	if (nl && show_text) {
		show(nl, pack, show_text);
		rc = 0;
		goto cleanup;
	}
	FILE *f = nl ? fopen(path, "r") : NULL;
	if (!f) {
		fprintf(stderr, "bench_entities_shopper: %s\n", err ? err : path);
		goto cleanup;
	}
	struct counts c[2][K_N];
	memset(c, 0, sizeof c);
	long lines[2] = {0, 0}, line = 0;
	char *text = NULL;
	size_t cap = 0;
	if (misses)
		printf("misses of lines 1-%ld (line key gold pred | text)\n", split);
	while (getline(&text, &cap, f) > 0) {
		line++;
		cJSON *j = cJSON_Parse(text);
		const cJSON *t = cJSON_GetObjectItemCaseSensitive(j, "text");
		const cJSON *ents = cJSON_GetObjectItemCaseSensitive(j, "entities");
		struct vals g[K_N], p[K_N];
		memset(g, 0, sizeof g);
		memset(p, 0, sizeof p);
		if (!cJSON_IsString(t) || !cJSON_IsObject(ents) || gold(ents, g, line) < 0) {
			fprintf(stderr, "bench_entities_shopper: %s:%ld: not a labelled line\n", path,
			        line);
			cJSON_Delete(j);
			for (int k = 0; k < K_N; k++)
				vals_release(&g[k]);
			free(text);
			fclose(f);
			goto cleanup;
		}
		int half = line > split;
		struct nlu_result r;
		nlu_analyze(nl, t->valuestring, &r);
		predicted(&r.entities, p);
		for (int k = 0; k < K_N; k++) {
			score(k, &p[k], &g[k], &c[half][k], misses && !half, line, t->valuestring);
			vals_release(&g[k]);
			vals_release(&p[k]);
		}
		lines[half]++;
		nlu_result_release(&r);
		cJSON_Delete(j);
	}
	free(text);
	fclose(f);
	char title[128];
	snprintf(title, sizeof title, "\ntuning half (lines 1-%ld)", split);
	report(title, c[0], lines[0]);
	snprintf(title, sizeof title, "\nheld-out half (lines %ld-%ld)", split + 1, line);
	report(title, c[1], lines[1]);
	rc = 0;
cleanup:
	free(err);
	nlu_free(nl);
	dictionary_free(dict);
	lang_free(pack);
	return rc;
}
