/*
 * experiments.c: A/B experiments, their assignments and their reports.
 */
#include "catalog/shop/experiments.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "catalog/shop/staff_log.h"
#include "catalog/store/catalog_int.h"
#include "common/buf.h"
#include "common/xalloc.h"

static const struct {
	const char *name;
	bool rate;
	/* the unit's value: its events of these kinds after exposure */
	const char *kinds;
} metrics[] = {
	{"conversion", true, "checkout"},
	{"add_to_cart", true, "add_to_cart"},
	{"click_through", true, "view"},
	{"revenue", false, "checkout"},
};

static int metric_index(const char *metric)
{
	for (size_t i = 0; metric && i < sizeof metrics / sizeof metrics[0]; i++)
		if (!strcmp(metrics[i].name, metric))
			return (int)i;
	return -1;
}

bool experiment_metric_known(const char *metric)
{
	return metric_index(metric) >= 0;
}

size_t experiment_bucket(const char *salt, const char *unit, size_t n_variants)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	const char *parts[3] = {salt, ":", unit};
	for (size_t k = 0; k < 3; k++)
		for (const unsigned char *p = (const unsigned char *)parts[k]; p && *p; p++) {
			h ^= *p;
			h *= 0x100000001b3ULL;
		}
	/* FNV's low bits are weak for short keys: mix (splitmix64's finalizer) */
	h ^= h >> 30;
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 27;
	h *= 0x94d049bb133111ebULL;
	h ^= h >> 31;
	return n_variants ? (size_t)(h % n_variants) : 0;
}

/* Splits "a,b,c" into names; -1 with *err when one is empty, repeated or
 * badly spelt, or there are too few or too many. */
static int split_variants(const char *s, char ***out, size_t *n, char **err)
{
	char **v = NULL;
	size_t count = 0, cap = 0;
	const char *p = s ? s : "";
	for (;;) {
		size_t len = strcspn(p, ",");
		char *name = xstrndup(p, len);
		/* trim */
		char *b = name;
		while (isspace((unsigned char)*b))
			b++;
		size_t l = strlen(b);
		while (l && isspace((unsigned char)b[l - 1]))
			b[--l] = '\0';
		bool ok = l > 0 && l <= 32;
		for (size_t i = 0; ok && i < l; i++)
			ok = isalnum((unsigned char)b[i]) || b[i] == '_' || b[i] == '-';
		for (size_t i = 0; ok && i < count; i++)
			ok = strcmp(v[i], b) != 0;
		if (!ok) {
			if (err)
				*err = xasprintf("bad variant name '%s' (letters, digits, '_' or '-', each once)",
				                 b);
			free(name);
			goto fail;
		}
		v = xgrow(v, &cap, count + 1, sizeof *v);
		v[count++] = xstrdup(b);
		free(name);
		if (!p[len])
			break;
		p += len + 1;
	}
	if (count < 2 || count > EXPERIMENT_MAX_VARIANTS) {
		if (err)
			*err = xasprintf("an experiment needs 2 to %d variants, not %zu",
			                 EXPERIMENT_MAX_VARIANTS, count);
		goto fail;
	}
	*out = v;
	*n = count;
	return 0;
fail:
	for (size_t i = 0; i < count; i++)
		free(v[i]);
	free(v);
	return -1;
}

static char *random_salt(void)
{
	unsigned char raw[8] = {0};
	FILE *f = fopen("/dev/urandom", "rb");
	size_t got = f ? fread(raw, 1, sizeof raw, f) : 0;
	if (f)
		fclose(f);
	if (got != sizeof raw) {
		/* no /dev/urandom: the clock and the address space still differ */
		uint64_t x = (uint64_t)time(NULL) ^ (uint64_t)(uintptr_t)&got;
		memcpy(raw, &x, sizeof raw);
	}
	char *s = xcalloc(sizeof raw * 2 + 1, 1);
	for (size_t i = 0; i < sizeof raw; i++)
		snprintf(s + 2 * i, 3, "%02x", raw[i]);
	return s;
}

int experiment_add(catalog *c, const char *name, const char *variants, const char *metric,
                   const char *salt, char **err)
{
	char **v = NULL;
	size_t n = 0;
	char *own_salt = NULL;
	sqlite3_stmt *st = NULL;
	int rc = -1;
	if (!name || !*name || strlen(name) > 64) {
		if (err)
			*err = xstrdup("an experiment needs a name of 1 to 64 characters");
		return -1;
	}
	if (!experiment_metric_known(metric)) {
		if (err)
			*err = xasprintf("unknown metric '%s' (conversion, add_to_cart, click_through, "
			                 "revenue)", metric ? metric : "");
		return -1;
	}
	if (split_variants(variants, &v, &n, err) < 0)
		return -1;
	struct buf joined;
	buf_init(&joined);
	for (size_t i = 0; i < n; i++)
		buf_printf(&joined, "%s%s", i ? "," : "", v[i]);
	if (!salt)
		salt = own_salt = random_salt();
	if (catalog_begin(c, err) < 0)
		goto cleanup;
	st = catalog_prepare(c, "INSERT INTO experiments (name, variants, metric, salt)"
	                        " VALUES (?1, ?2, ?3, ?4)", err);
	if (!st)
		goto rollback;
	catalog_bind_text(st, 1, name);
	catalog_bind_text(st, 2, joined.s);
	catalog_bind_text(st, 3, metric);
	catalog_bind_text(st, 4, salt);
	int step = sqlite3_step(st);
	if ((step & 0xff) == SQLITE_CONSTRAINT) {
		if (err)
			*err = xasprintf("an experiment named '%s' exists already", name);
		goto rollback;
	}
	if (step != SQLITE_DONE) {
		catalog_fail(c, err, "adding an experiment");
		goto rollback;
	}
	char *detail = xasprintf("variants %s, metric %s", joined.s, metric);
	int logged = staff_log_add(c, "experiment.add", name, detail, err);
	free(detail);
	if (logged < 0 || catalog_commit(c, err) < 0)
		goto rollback;
	rc = 0;
	goto cleanup;
rollback:
	catalog_rollback(c);
cleanup:
	sqlite3_finalize(st);
	buf_release(&joined);
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
	free(own_salt);
	return rc;
}

int experiment_stop(catalog *c, const char *name, char **err)
{
	if (catalog_begin(c, err) < 0)
		return -1;
	sqlite3_stmt *st = catalog_prepare(
	        c, "UPDATE experiments SET status = 'stopped', stopped_at = unixepoch()"
	           " WHERE name = ?1 AND status = 'running'", err);
	if (!st)
		goto fail;
	catalog_bind_text(st, 1, name);
	int step = sqlite3_step(st);
	sqlite3_finalize(st);
	if (step != SQLITE_DONE) {
		catalog_fail(c, err, "stopping an experiment");
		goto fail;
	}
	if (!sqlite3_changes(c->db)) {
		if (err)
			*err = xasprintf("no running experiment named '%s'", name);
		goto fail;
	}
	if (staff_log_add(c, "experiment.stop", name, NULL, err) < 0)
		goto fail;
	return catalog_commit(c, err);
fail:
	catalog_rollback(c);
	return -1;
}

#define EXPERIMENT_COLUMNS                                                              \
	"SELECT x.id, x.name, x.variants, x.metric, x.salt, x.status = 'running',"        \
	" x.created_at, (SELECT count(*) FROM assignments a WHERE a.experiment_id = x.id)" \
	" FROM experiments x"

static void read_experiment(sqlite3_stmt *st, struct experiment *e)
{
	memset(e, 0, sizeof *e);
	e->id = sqlite3_column_int64(st, 0);
	e->name = catalog_column_dup(st, 1);
	const char *v = (const char *)sqlite3_column_text(st, 2);
	if (split_variants(v, &e->variants, &e->n_variants, NULL) < 0) {
		e->variants = NULL;
		e->n_variants = 0;
	}
	e->metric = catalog_column_dup(st, 3);
	e->salt = catalog_column_dup(st, 4);
	e->running = sqlite3_column_int(st, 5) != 0;
	e->created_at = sqlite3_column_int64(st, 6);
	e->units = sqlite3_column_int64(st, 7);
}

static void experiment_release(struct experiment *e)
{
	free(e->name);
	for (size_t i = 0; i < e->n_variants; i++)
		free(e->variants[i]);
	free(e->variants);
	free(e->metric);
	free(e->salt);
	memset(e, 0, sizeof *e);
}

int experiment_list(catalog *c, struct experiment **out, size_t *n, char **err)
{
	struct experiment *rows = NULL;
	size_t count = 0, cap = 0;
	int rc = -1;
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = catalog_prepare(c, EXPERIMENT_COLUMNS " ORDER BY x.id", err);
	if (!st)
		goto cleanup;
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		rows = xgrow(rows, &cap, count + 1, sizeof *rows);
		read_experiment(st, &rows[count++]);
	}
	if (step != SQLITE_DONE) {
		catalog_fail(c, err, "listing experiments");
		goto cleanup;
	}
	*out = rows;
	*n = count;
	rows = NULL;
	rc = 0;
cleanup:
	experiments_free(rows, count);
	sqlite3_finalize(st);
	return rc;
}

void experiments_free(struct experiment *e, size_t n)
{
	for (size_t i = 0; e && i < n; i++)
		experiment_release(&e[i]);
	free(e);
}

int experiment_variant(catalog *c, const char *name, const char *unit, char **variant,
                       size_t *index, char **err)
{
	*variant = NULL;
	if (index)
		*index = 0;
	if (!unit || !*unit || !name)
		return 0;
	sqlite3_stmt *st = catalog_cached(
	        c, "SELECT id, variants, salt FROM experiments WHERE name = ?1 AND status = 'running'",
	        err);
	if (!st)
		return -1;
	catalog_bind_text(st, 1, name);
	int step = sqlite3_step(st);
	if (step == SQLITE_DONE) {
		catalog_release(st);
		return 0;
	}
	if (step != SQLITE_ROW) {
		catalog_release(st);
		return catalog_fail(c, err, "looking up an experiment");
	}
	int64_t id = sqlite3_column_int64(st, 0);
	char **v = NULL;
	size_t n = 0;
	int split = split_variants((const char *)sqlite3_column_text(st, 1), &v, &n, err);
	char *salt = catalog_column_dup(st, 2);
	catalog_release(st);
	if (split < 0) {
		free(salt);
		return -1;
	}
	size_t at = experiment_bucket(salt, unit, n);
	char *chosen = xstrdup(v[at]);
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
	free(salt);
	/* the exposure: the first lookup's time stays */
	st = catalog_cached(c, "INSERT OR IGNORE INTO assignments (experiment_id, unit, variant)"
	                       " VALUES (?1, ?2, ?3)", err);
	if (!st) {
		free(chosen);
		return -1;
	}
	sqlite3_bind_int64(st, 1, id);
	catalog_bind_text(st, 2, unit);
	catalog_bind_text(st, 3, chosen);
	step = sqlite3_step(st);
	catalog_release(st);
	if (step != SQLITE_DONE) {
		free(chosen);
		return catalog_fail(c, err, "recording an assignment");
	}
	*variant = chosen;
	if (index)
		*index = at;
	return 0;
}

int experiment_report(catalog *c, const char *name, struct experiment_report *out, char **err)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = NULL;
	int rc = -1;
	struct catalog_read tx = catalog_read_begin(c);
	st = catalog_prepare(c, EXPERIMENT_COLUMNS " WHERE x.name = ?1", err);
	if (!st)
		goto cleanup;
	catalog_bind_text(st, 1, name);
	int step = sqlite3_step(st);
	if (step != SQLITE_ROW) {
		if (step == SQLITE_DONE) {
			if (err)
				*err = xasprintf("no experiment named '%s'", name);
		} else {
			catalog_fail(c, err, "reading an experiment");
		}
		goto cleanup;
	}
	read_experiment(st, &out->e);
	sqlite3_finalize(st);
	st = NULL;
	int m = metric_index(out->e.metric);
	if (m < 0 || !out->e.n_variants) {
		if (err)
			*err = xasprintf("experiment '%s' has an unknown metric or no variants", name);
		goto cleanup;
	}
	out->rate = metrics[m].rate;
	out->n_arms = out->e.n_variants;
	out->arms = xcalloc(out->n_arms, sizeof *out->arms);
	out->vs_control = xcalloc(out->n_arms, sizeof *out->vs_control);
	for (size_t i = 0; i < out->n_arms; i++)
		out->arms[i].variant = xstrdup(out->e.variants[i]);

	/* Each unit's value: whether it did the metric's action after its
	 * exposure (rates), or the total of the orders it placed then
	 * (revenue). Its events are those of its session or its customer. */
	/* Each side of "its session or its customer" is its own lookup, so
	 * each uses its index (events_session, events_customer; "+e.kind" keeps
	 * the planner off events_kind, which would scan every checkout); v is
	 * materialized so the subqueries run once per unit. */
	char *sql = xasprintf(
	        "WITH u AS (SELECT a.unit, a.variant, a.at,"
	        "   (SELECT id FROM customers WHERE external_id = a.unit) AS cid"
	        "   FROM assignments a WHERE a.experiment_id = ?1),"
	        " v AS MATERIALIZED (SELECT u.variant, %s AS value FROM u)"
	        " SELECT variant, count(*), total(value), total(value * value) FROM v GROUP BY variant",
	        metrics[m].rate
	                ? "(EXISTS (SELECT 1 FROM events e WHERE e.session = u.unit AND e.at >= u.at"
	                  "   AND +e.kind = ?2)"
	                  " OR EXISTS (SELECT 1 FROM events e WHERE e.customer_id = u.cid"
	                  "   AND e.at >= u.at AND +e.kind = ?2))"
	                : "(SELECT total(o.total_cents) / 100.0 FROM orders o"
	                  " WHERE o.status <> 'cancelled' AND o.source_id IN"
	                  " (SELECT detail FROM events e WHERE e.session = u.unit AND e.at >= u.at"
	                  "   AND +e.kind = ?2"
	                  "  UNION SELECT detail FROM events e WHERE e.customer_id = u.cid"
	                  "   AND e.at >= u.at AND +e.kind = ?2))");
	st = catalog_prepare(c, sql, err);
	free(sql);
	if (!st)
		goto cleanup;
	sqlite3_bind_int64(st, 1, out->e.id);
	catalog_bind_text(st, 2, metrics[m].kinds);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *variant = (const char *)sqlite3_column_text(st, 0);
		for (size_t i = 0; variant && i < out->n_arms; i++) {
			if (strcmp(out->arms[i].variant, variant))
				continue;
			struct experiment_arm *a = &out->arms[i];
			a->units = sqlite3_column_int64(st, 1);
			double sum = sqlite3_column_double(st, 2), sq = sqlite3_column_double(st, 3);
			a->successes = metrics[m].rate ? (int64_t)(sum + 0.5) : 0;
			a->mean = a->units ? sum / (double)a->units : 0;
			a->var = a->units > 1 ? (sq - sum * a->mean) / (double)(a->units - 1) : 0;
			if (a->var < 0)
				a->var = 0;
		}
	}
	if (step != SQLITE_DONE) {
		catalog_fail(c, err, "reading an experiment's outcomes");
		goto cleanup;
	}
	const struct experiment_arm *ctl = &out->arms[0];
	for (size_t i = 1; i < out->n_arms; i++) {
		const struct experiment_arm *a = &out->arms[i];
		if (out->rate)
			stats_ztest(ctl->successes, ctl->units, a->successes, a->units, EXPERIMENT_LEVEL,
			            &out->vs_control[i]);
		else
			stats_welch(ctl->mean, ctl->var, ctl->units, a->mean, a->var, a->units,
			            EXPERIMENT_LEVEL, &out->vs_control[i]);
	}
	rc = 0;
cleanup:
	sqlite3_finalize(st);
	catalog_read_end(c, tx);
	if (rc < 0)
		experiment_report_release(out);
	return rc;
}

void experiment_report_release(struct experiment_report *r)
{
	experiment_release(&r->e);
	for (size_t i = 0; r->arms && i < r->n_arms; i++)
		free(r->arms[i].variant);
	free(r->arms);
	free(r->vs_control);
	memset(r, 0, sizeof *r);
}
