/*
 * search_int.h: private to catalog/search/. The query plan (the FTS5
 * expression a query becomes) and the searcher's internals, shared by
 * search.c and the files it is split into (search_rank.c, search_facts.c,
 * search_memo.c).
 */
#ifndef CLERK_SEARCH_INT_H
#define CLERK_SEARCH_INT_H

#include <sqlite3.h>

#include "catalog/store/catalog_int.h"
#include "catalog/search/df_cache.h"
#include "catalog/search/search.h"
#include "catalog/search/synonyms.h"
#include "nlu/text/spell.h"
#include "nlu/text/token.h"

#define SEARCH_N_SORTS 5

/* The category path's column in product_fts (catalog/store/schema.c). */
#define SEARCH_COL_CATEGORY 2

struct searcher {
	catalog *c;
	const lang *pack;          /* borrowed: the language's words */
	const lexicon_list *fits;  /* its [fits]: where a name stops saying what it is */
	/* its [claims], [claim_negators], [claim_gap], [claim_free]
	 * (search_claims.c) */
	const lexicon_list *claims, *claim_negators, *claim_gap, *claim_free;
	tokenizer *tok;
	synonyms *syn;
	spell *dict;               /* the index's terms (stems), loaded on first need */
	spell *words;              /* words of names, brands, categories as written */
	spell *codes;              /* their words with digits ("tech21", "s7") */
	spell *talk;               /* words of asking, not of products ("cheap", "the") */
	const dictionary *ordinary; /* borrowed: words never corrected, or NULL */
	sqlite3_stmt *term_docs;   /* term -> number of products holding it */
	df_cache *df;              /* those numbers, kept while the products are unchanged */
	int64_t max_rowid;         /* the largest product id, -1 until read */
	sqlite3_stmt *generation;  /* settings' products_generation */
	int64_t seen_generation;   /* the one df and facts were read at */
	uint64_t seen_changes;     /* catalog's product_changes then */
	int ages_known;            /* do products say their ages (ATTR_AGE_FROM)? -1: unread */
	sqlite3_stmt *hit_info;    /* products.id -> fields of a hit */
	sqlite3_stmt *name_of;     /* products.id -> name */
	sqlite3_stmt *text_of;     /* products.id -> its text, prepared on use (search_claims.c) */
	sqlite3_stmt *any_match;   /* does an expression match anything at all? */
	sqlite3_stmt *is_brand;    /* is a word a brand's whole name? */
	sqlite3_stmt *run[2][SEARCH_N_SORTS]; /* [browse?][sort], prepared on use */
	struct search_facts *facts; /* the products' filter columns (search_facts.c) */
	struct search_memo *memo;   /* the last complete match set (search_memo.c) */
	struct search_leaves *leaves; /* each category's last level (search_rank.c) */
	sqlite3_stmt *memo_run[SEARCH_N_SORTS]; /* a search over it, by sort */
};

/* One group of alternatives: a query word (or a phrase merged by a
 * synonym rule) and what may stand for it. */
struct plan_group {
	char **alts;        /* stems, space-separated: "usbc", "usb c" */
	double *docs;       /* products holding each alternative (estimated past
	                       SEARCH_DF_CAP, see search.c's term_estimate()) */
	double *own_docs;   /* of those, holding it outside the category path */
	size_t n_alts;
	char *display;      /* the word as shown: the shopper's, or its correction */
	char **synonyms;    /* synonym entries that are in the index, for display */
	size_t n_synonyms;
	size_t start, end;  /* byte span in the query text */
	bool corrected;
	bool required;      /* must match even in relaxed mode (a color filter) */
};

struct search_plan {
	struct plan_group *groups;
	size_t n_groups;
	char **unknown;     /* words dropped because nothing relates to them */
	size_t n_unknown;
	char *corrected;    /* the query with corrections, or NULL */
	bool truncated;
	bool dropped_any;   /* some word was unknown and left out */
	bool impossible;    /* a filter word no product has: nothing matches */
};

/* Resolves q's text (and color) into groups. 0 / -1 with *err. */
int search_plan_build(searcher *s, const struct search_query *q, struct search_plan *p,
                      char **err);
void search_plan_release(struct search_plan *p);

enum plan_expr_flags {
	PLAN_RELAXED = 1 << 0, /* optional groups ORed, not ANDed */
	PLAN_GATED = 1 << 1,   /* with PLAN_RELAXED: only products holding one of
	                          the rarest groups (search_plan_expr()) */
	PLAN_OWN_TEXT = 1 << 2, /* without PLAN_RELAXED: only products whose own
	                          text holds the group that narrows most there */
	PLAN_GATE_RAREST = 1 << 3, /* with PLAN_GATED: the gate is the rarest
	                          optional group alone */
	PLAN_NAMED = 1 << 4,    /* every group in what names the product
	                          (SEARCH_NAMING_COLUMNS), not its description */
};

/* Document frequencies are counted up to this many products: counting
 * every product of a word in half of a million would cost more than the
 * whole query may. A word this common gets the idf of this count, which
 * ranks the same within a result where every product holds it. */
#define SEARCH_DF_CAP 2000

/* What clerk_rank knows of one phrase of the MATCH expression (one
 * alternative of a query group), in the expression's order. */
struct search_phrase {
	unsigned char group; /* the query group it stands for */
	unsigned char synonym; /* 1: a synonym, whose bm25 counts for half */
	unsigned char gate;  /* 1: only selects products (PLAN_GATED); not scored */
	unsigned char pad;
	float docs;          /* products holding it (plan_group.docs) */
	float own_docs;      /* of those, holding it outside the category path */
};

/* The FTS5 expression of a plan (flags from enum plan_expr_flags); required
 * groups are always ANDed, anywhere. PLAN_GATED adds a condition that a
 * product hold one of the rarest optional groups: as many of them, rarest
 * first, as hold SEARCH_CANDIDATES products together, and at least two. A
 * product missing at most one group of the query holds one of any two, so
 * the products covering the most groups are among those; without the gate
 * a common group ("cell phone" in every product's category) fills the
 * walk's SEARCH_CANDIDATES with products that have nothing else. The
 * gate's phrases come first and are marked (search_phrase.gate). NULL when
 * the plan has no groups.
 * *phrases receives one struct search_phrase per phrase (heap; the caller
 * frees it); *n_phrases their count. */
char *search_plan_expr(const struct search_plan *p, unsigned flags,
                       struct search_phrase **phrases, size_t *n_phrases);

/* Whether PLAN_GATED narrows p's relaxed expression: false when the gate
 * would hold every optional group. */
bool search_plan_gated(const struct search_plan *p);
/* Whether the gate holds more products than a walk reads
 * (SEARCH_CANDIDATES), so that the walk stops at those first in the
 * index, while its rarest group alone is read whole (PLAN_GATE_RAREST). */
bool search_plan_gate_overflows(const struct search_plan *p);

/* PLAN_OWN_TEXT: the optional group whose alternatives the fewest products
 * hold in their own text (name, brand, attributes, description), when most
 * of the products holding it hold it only in their category path ("clips"
 * in "Cell Phone Cases & Clips"); -1 when there is none. An all-word walk
 * that stops at SEARCH_CANDIDATES ranks the first products of the
 * department, where the few that are about the word may never be; a second
 * walk over those whose own text holds it reaches them. *docs and
 * *own_docs receive the group's products, all and by their own text (the
 * walk is made only when the first are few enough, search.c). */
int search_plan_own_group(const struct search_plan *p, double *docs, double *own_docs);

/* The columns of a product's own text, as an FTS5 column filter. */
#define SEARCH_OWN_COLUMNS "{name brand attrs description}"
/* The columns that say what a product is: all but its description. */
#define SEARCH_NAMING_COLUMNS "{name brand category attrs}"

/* Counts the products expr matches, up to cap, without ranking or
 * filters. -1 on error. */
int64_t search_count_upto(searcher *s, const char *expr, int64_t cap);

/* Binds the filters of q to st at the numbered parameters the search
 * statements use (?2 .. ?8). */
void search_bind_filters(sqlite3_stmt *st, const struct search_query *q);

/* Registers the FTS5 auxiliary functions of search_rank.c:
 *   clerk_rank(product_fts, phrases BLOB, leaves, category_id)
 *     -> REAL, higher is better; phrases is the array of struct
 *     search_phrase that search_plan_expr() made, leaves the searcher's
 *     search_leaves (a pointer, "clerk_leaves"), category_id the product's;
 *   clerk_cols(product_fts) -> the columns holding the first phrase, a bit
 *     each (1 << column).
 * 0 / -1 with *err. */
int search_rank_register(sqlite3 *db, char **err);

/* The last level of each category path, which names what its products are
 * ("All Prepaid Phones", not "Cell Phones"): how many index positions it
 * takes at the end of the path. Read from the categories table on first use
 * and again after the products change. */
/* The claim words of a query ("vegan" of "vegan wine": see
 * search_claims.c): their stems into stems[0..max) (borrowed from p), how
 * many. query: the query's text, which p's spans index. */
#define SEARCH_MAX_CLAIMS 8
size_t search_claims_of(const searcher *s, const struct search_plan *p, const char *query,
                        const char **stems, size_t max);
/* Marks in denied[0..n) the products of ids[0..n) whose own text denies
 * one of the claims stems[0..n_claims) ("Not vegan"). 0, or -1 with
 * *err. */
int search_claims_denied(searcher *s, const char *const *stems, size_t n_claims,
                         const int64_t *ids, size_t n, bool *denied, char **err);

struct search_leaves *search_leaves_new(void);
void search_leaves_free(struct search_leaves *l);
void search_leaves_forget(struct search_leaves *l);
int search_leaves_load(searcher *s, char **err);

/* The filter columns of every product, read on the first filtered query
 * (search_facts.c). search_facts_prepare() resolves q's price, brand and
 * category filters for search_facts_pass(); *nothing is set when a brand or
 * category filter names none the catalog has. search_facts_pass() is false
 * only for a product the SQL filters would reject too. */
struct search_facts *search_facts_new(void);
void search_facts_free(struct search_facts *f);
void search_facts_forget(struct search_facts *f); /* the products changed */
int search_facts_prepare(searcher *s, const struct search_query *q, bool *nothing, char **err);
void search_facts_done(searcher *s);
bool search_facts_pass(const struct search_facts *f, int64_t id);

/* The last match set (search_memo.c): a search keeps its candidates and
 * their scores; a later one with the same expression is answered from them
 * when its filters are at least as narrow and the walk saw every match
 * (complete), or when its filters are the same. */
struct search_memo *search_memo_new(void);
void search_memo_free(struct search_memo *m);
void search_memo_forget(struct search_memo *m); /* the products changed */
void search_memo_keep(struct search_memo *m, const char *expr, bool relaxed,
                      const struct search_query *q, const int64_t *ids, const double *scores,
                      size_t n, bool complete);
bool search_memo_covers(const struct search_memo *m, const char *expr, bool relaxed,
                        const struct search_query *q);
char *search_memo_ids_json(const struct search_memo *m); /* "[3,17,...]" */
bool search_memo_score(const struct search_memo *m, int64_t id, double *score);

/* SQL of the filters on products p, parameters ?2 .. ?8. */
extern const char search_filter_sql[];

#endif
