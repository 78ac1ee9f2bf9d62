/*
 * search_memo.c: the last complete match set, for the refinements after it.
 *
 * A filtered search whose words match many products but whose filters pass
 * few walks every match: "samsung charger" in Car Chargers and by Samsung
 * reads 10,000 matches at a million products to find 16. The shopper's next
 * turn is usually the same words narrowed or reordered ("cheaper", "best
 * rated first", "only black"), which would walk them all again. When a
 * search's walk was complete (fewer than SEARCH_CANDIDATES passed, so every
 * match was seen), its products and their scores are kept; a later search
 * with the same expression and filters at least as narrow is answered from
 * them: the products it can return are among those, with the same scores,
 * and the SQL filters and order still apply to them. A walk that stopped at
 * SEARCH_CANDIDATES is kept too, for a search with the very same filters in
 * another order ("best rated first"): the walk's candidates do not depend
 * on the order, only on the expression and the filters.
 *
 * The memo is dropped when the products change (products_sync()).
 */
#include "catalog/search/search_int.h"

#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/xalloc.h"

struct memo_entry {
	int64_t id;
	double score;
};

struct search_memo {
	bool valid;
	bool complete; /* every match was seen, not the first SEARCH_CANDIDATES */
	char *expr;
	bool relaxed;
	/* the filters of the search it holds */
	int64_t price_min, price_max;
	char *brand, *exclude_brand, *category;
	double min_rating;
	bool in_stock;
	int age_months;
	struct memo_entry *e; /* sorted by id */
	size_t n;
};

struct search_memo *search_memo_new(void)
{
	return xcalloc(1, sizeof(struct search_memo));
}

void search_memo_forget(struct search_memo *m)
{
	if (!m)
		return;
	free(m->expr);
	free(m->brand);
	free(m->exclude_brand);
	free(m->category);
	free(m->e);
	memset(m, 0, sizeof *m);
}

void search_memo_free(struct search_memo *m)
{
	search_memo_forget(m);
	free(m);
}

static char *dup_filter(const char *s)
{
	return s && *s ? xstrdup(s) : NULL;
}

static int by_id(const void *a, const void *b)
{
	const struct memo_entry *x = a, *y = b;
	return (x->id > y->id) - (x->id < y->id);
}

void search_memo_keep(struct search_memo *m, const char *expr, bool relaxed,
                      const struct search_query *q, const int64_t *ids, const double *scores,
                      size_t n, bool complete)
{
	search_memo_forget(m);
	m->complete = complete;
	m->expr = xstrdup(expr);
	m->relaxed = relaxed;
	m->price_min = q->price_min;
	m->price_max = q->price_max;
	m->brand = dup_filter(q->brand);
	m->exclude_brand = dup_filter(q->exclude_brand);
	m->category = dup_filter(q->category);
	m->min_rating = q->min_rating;
	m->in_stock = q->in_stock;
	m->age_months = q->age_months;
	m->e = xcalloc(n ? n : 1, sizeof *m->e);
	for (size_t i = 0; i < n; i++)
		m->e[i] = (struct memo_entry){ids[i], scores[i]};
	qsort(m->e, n, sizeof *m->e, by_id);
	m->n = n;
	m->valid = true;
}

/* A filter the memo had must still be there, the same or narrower; a
 * filter it had not may be added only to a complete memo. */
static bool same_or_narrower(bool complete, const char *had, const char *now)
{
	if (!had)
		return complete || !now || !*now;
	return now && *now && !strcmp(had, now);
}

static bool same_filters(const struct search_memo *m, const struct search_query *q)
{
	return q->price_min == m->price_min && q->price_max == m->price_max &&
	       q->min_rating == m->min_rating && q->in_stock == m->in_stock &&
	       q->age_months == m->age_months;
}

bool search_memo_covers(const struct search_memo *m, const char *expr, bool relaxed,
                        const struct search_query *q)
{
	if (!m || !m->valid || relaxed != m->relaxed || strcmp(expr, m->expr))
		return false;
	if (!m->complete && !same_filters(m, q))
		return false;
	if (m->price_min >= 0 && q->price_min < m->price_min)
		return false;
	if (m->price_max >= 0 && (q->price_max < 0 || q->price_max > m->price_max))
		return false;
	if (q->min_rating < m->min_rating || (m->in_stock && !q->in_stock))
		return false;
	if (m->age_months >= 0 ? q->age_months != m->age_months
	                       : q->age_months >= 0 && !m->complete)
		return false;
	return same_or_narrower(m->complete, m->brand, q->brand) &&
	       same_or_narrower(m->complete, m->exclude_brand, q->exclude_brand) &&
	       same_or_narrower(m->complete, m->category, q->category);
}

char *search_memo_ids_json(const struct search_memo *m)
{
	struct buf b;
	buf_init(&b);
	buf_addc(&b, '[');
	for (size_t i = 0; i < m->n; i++)
		buf_printf(&b, "%s%lld", i ? "," : "", (long long)m->e[i].id);
	buf_addc(&b, ']');
	return buf_detach(&b);
}

bool search_memo_score(const struct search_memo *m, int64_t id, double *score)
{
	struct memo_entry key = {id, 0};
	const struct memo_entry *e = m ? bsearch(&key, m->e, m->n, sizeof *m->e, by_id) : NULL;
	if (e)
		*score = e->score;
	return e != NULL;
}
