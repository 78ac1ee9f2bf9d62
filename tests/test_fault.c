/*
 * Fault injection, as SQLite tests itself: an import, a checkout and a
 * scripted conversation are run again and again, the n-th allocation,
 * SQLite statement or file write failing (or the process killed there) in
 * run n, for every n until one runs
 * to its end without reaching the fault. Each run is a child process, so
 * that an allocation failure may end it the xalloc way.
 *
 * Three kinds of fault:
 * - xalloc: clerk's own n-th allocation fails. xalloc reports and exits
 *   (STYLE: out-of-memory is decided once), so "clean" means: the child
 *   exits 1 with the one line "clerk: out of memory (N bytes)" on stderr,
 *   and the database it was writing opens afterwards, intact, holding all
 *   of the interrupted write or none of it (SQLite's journal rolls an
 *   uncommitted transaction back);
 * - sqlite malloc: SQLite's n-th allocation fails (sqlite3_config(
 *   SQLITE_CONFIG_MALLOC)): SQLite returns SQLITE_NOMEM, which must become
 *   an ordinary error: the import fails with a message, a turn fails with
 *   `error` set, and the database is intact and all or nothing;
 * - step: clerk's n-th sqlite3_step() or sqlite3_exec() returns
 *   SQLITE_IOERR without running (the calls are wrapped at link time,
 *   -Wl,--wrap; ROLLBACK is let through): every caller must notice;
 * - kill at a statement: SIGKILL before clerk's n-th statement;
 * - kill at a write: SIGKILL before the n-th write, sync or truncation of
 *   the database's files (a VFS in front of SQLite's), inside commits too.
 *   A killed run must leave a database that opens, intact, with all of
 *   the write or none of it.
 *
 * After each run: PRAGMA integrity_check, the full-text index's own check,
 * and the operation's all-or-nothing rule.
 *
 * FAULT_STRIDE (default 1) tries every so many allocations only,
 * FAULT_STEP_STRIDE (default 1) every so many statements and writes, and
 * FAULT_LEAK_EVERY (default 1) checks every so many runs for leaks, for a
 * quicker look (./scripts/test sets them: about 600 of the 15,000 runs;
 * scripts/fuzz --faults runs all); FAULT_ONLY=import|checkout|conversation runs one operation,
 * FAULT_KIND=xalloc|sqlite|step|kill one kind of fault, and FAULT_FROM=N starts
 * at N and FAULT_NOFORK=1 runs that one run in the test's own process (to
 * replay a failure under a debugger).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>

#include "catalog/import/import.h"
#include "catalog/store/catalog_int.h"
#include "common/xalloc.h"
#include "src/dialogue/dialogue.h"

enum kind { FAULT_XALLOC, FAULT_SQLITE_MALLOC, FAULT_STEP, FAULT_KILL_STEP, FAULT_KILL_WRITE };
static const char *const kind_names[] = {"xalloc", "sqlite malloc", "step", "kill at a statement",
                                         "kill at a write"};
#define LAST_KIND FAULT_KILL_WRITE

/* The armed fault: the countdown to the failing call. Process state, as
 * the allocators are; a child arms it after its set-up. */
static struct {
	enum kind kind;
	long countdown; /* 0: not armed */
	bool fired;
	sqlite3_mem_methods real;
} fault;

static bool hit(enum kind k)
{
	if (fault.kind != k || fault.countdown <= 0)
		return false;
	if (--fault.countdown > 0)
		return false;
	fault.fired = true;
	return true;
}

static bool xalloc_fault(void *ctx, size_t n)
{
	(void)ctx;
	(void)n;
	return hit(FAULT_XALLOC);
}

static void *mem_malloc(int n)
{
	return hit(FAULT_SQLITE_MALLOC) ? NULL : fault.real.xMalloc(n);
}

static void *mem_realloc(void *p, int n)
{
	return hit(FAULT_SQLITE_MALLOC) ? NULL : fault.real.xRealloc(p, n);
}

int __real_sqlite3_step(sqlite3_stmt *st);
int __wrap_sqlite3_step(sqlite3_stmt *st);
int __real_sqlite3_exec(sqlite3 *db, const char *sql, int (*cb)(void *, int, char **, char **),
                        void *arg, char **errmsg);
int __wrap_sqlite3_exec(sqlite3 *db, const char *sql, int (*cb)(void *, int, char **, char **),
                        void *arg, char **errmsg);

/* SIGKILL, as an operator or the kernel's OOM killer sends it: nothing
 * of the process runs after it. */
static void killed(void)
{
	kill(getpid(), SIGKILL);
}

int __wrap_sqlite3_step(sqlite3_stmt *st)
{
	if (hit(FAULT_KILL_STEP))
		killed();
	return hit(FAULT_STEP) ? SQLITE_IOERR : __real_sqlite3_step(st);
}

int __wrap_sqlite3_exec(sqlite3 *db, const char *sql, int (*cb)(void *, int, char **, char **),
                        void *arg, char **errmsg)
{
	/* A ROLLBACK that did nothing would leave the transaction open for
	 * later writes to land in; SQLite's own rollback does not fail so. */
	if (sql && hit(FAULT_KILL_STEP))
		killed();
	if (sql && strncmp(sql, "ROLLBACK", 8) && hit(FAULT_STEP)) {
		if (errmsg)
			*errmsg = NULL;
		return SQLITE_IOERR;
	}
	return __real_sqlite3_exec(db, sql, cb, arg, errmsg);
}

/* A VFS in front of the default one, for FAULT_KILL_WRITE: the process
 * is killed at the n-th write, sync or truncation of any of the
 * database's files (the database, its journal, its WAL), so that a kill
 * lands inside a commit as well as between statements. Everything else
 * passes through. */
struct shim_file {
	sqlite3_file base;
	sqlite3_file *real; /* follows this struct in the same allocation */
};

static struct {
	sqlite3_vfs vfs;
	sqlite3_vfs *real;
	sqlite3_io_methods io;
	bool io_ready;
} shim;

#define REAL(f) (((struct shim_file *)(f))->real)

static int shim_close(sqlite3_file *f)
{
	int rc = REAL(f)->pMethods->xClose(REAL(f));
	return rc;
}
static int shim_read(sqlite3_file *f, void *p, int n, sqlite3_int64 off)
{
	return REAL(f)->pMethods->xRead(REAL(f), p, n, off);
}
static int shim_write(sqlite3_file *f, const void *p, int n, sqlite3_int64 off)
{
	if (hit(FAULT_KILL_WRITE))
		killed();
	return REAL(f)->pMethods->xWrite(REAL(f), p, n, off);
}
static int shim_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	if (hit(FAULT_KILL_WRITE))
		killed();
	return REAL(f)->pMethods->xTruncate(REAL(f), size);
}
static int shim_sync(sqlite3_file *f, int flags)
{
	if (hit(FAULT_KILL_WRITE))
		killed();
	return REAL(f)->pMethods->xSync(REAL(f), flags);
}
static int shim_file_size(sqlite3_file *f, sqlite3_int64 *size)
{
	return REAL(f)->pMethods->xFileSize(REAL(f), size);
}
static int shim_lock(sqlite3_file *f, int level)
{
	return REAL(f)->pMethods->xLock(REAL(f), level);
}
static int shim_unlock(sqlite3_file *f, int level)
{
	return REAL(f)->pMethods->xUnlock(REAL(f), level);
}
static int shim_check_lock(sqlite3_file *f, int *out)
{
	return REAL(f)->pMethods->xCheckReservedLock(REAL(f), out);
}
static int shim_file_control(sqlite3_file *f, int op, void *arg)
{
	return REAL(f)->pMethods->xFileControl(REAL(f), op, arg);
}
static int shim_sector_size(sqlite3_file *f)
{
	return REAL(f)->pMethods->xSectorSize(REAL(f));
}
static int shim_device(sqlite3_file *f)
{
	return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f));
}
static int shim_shm_map(sqlite3_file *f, int page, int size, int extend, void volatile **p)
{
	return REAL(f)->pMethods->xShmMap(REAL(f), page, size, extend, p);
}
static int shim_shm_lock(sqlite3_file *f, int offset, int n, int flags)
{
	return REAL(f)->pMethods->xShmLock(REAL(f), offset, n, flags);
}
static void shim_shm_barrier(sqlite3_file *f)
{
	REAL(f)->pMethods->xShmBarrier(REAL(f));
}
static int shim_shm_unmap(sqlite3_file *f, int delete_flag)
{
	return REAL(f)->pMethods->xShmUnmap(REAL(f), delete_flag);
}
static int shim_fetch(sqlite3_file *f, sqlite3_int64 off, int n, void **p)
{
	return REAL(f)->pMethods->xFetch(REAL(f), off, n, p);
}
static int shim_unfetch(sqlite3_file *f, sqlite3_int64 off, void *p)
{
	return REAL(f)->pMethods->xUnfetch(REAL(f), off, p);
}

static int shim_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *out)
{
	(void)vfs;
	struct shim_file *sf = (struct shim_file *)f;
	sf->real = (sqlite3_file *)(sf + 1);
	int rc = shim.real->xOpen(shim.real, name, sf->real, flags, out);
	if (rc != SQLITE_OK || !sf->real->pMethods) {
		f->pMethods = NULL;
		return rc;
	}
	if (!shim.io_ready) {
		const sqlite3_io_methods *m = sf->real->pMethods;
		shim.io = (sqlite3_io_methods){
			.iVersion = m->iVersion < 3 ? m->iVersion : 3,
			.xClose = shim_close, .xRead = shim_read, .xWrite = shim_write,
			.xTruncate = shim_truncate, .xSync = shim_sync, .xFileSize = shim_file_size,
			.xLock = shim_lock, .xUnlock = shim_unlock, .xCheckReservedLock = shim_check_lock,
			.xFileControl = shim_file_control, .xSectorSize = shim_sector_size,
			.xDeviceCharacteristics = shim_device, .xShmMap = shim_shm_map,
			.xShmLock = shim_shm_lock, .xShmBarrier = shim_shm_barrier,
			.xShmUnmap = shim_shm_unmap, .xFetch = shim_fetch, .xUnfetch = shim_unfetch,
		};
		shim.io_ready = true;
	}
	f->pMethods = &shim.io;
	return SQLITE_OK;
}

static void shim_install(void)
{
	shim.real = sqlite3_vfs_find(NULL);
	shim.vfs = *shim.real;
	shim.vfs.zName = "clerk-fault";
	shim.vfs.szOsFile = (int)sizeof(struct shim_file) + shim.real->szOsFile;
	shim.vfs.xOpen = shim_open;
	shim.vfs.pAppData = NULL;
	sqlite3_vfs_register(&shim.vfs, 1);
}

/* LeakSanitizer: a child that ran to its end is checked for leaks before
 * it leaves; one that xalloc ends mid-operation holds what it held, by
 * design, and is not. */
int __lsan_is_turned_off(void);
int __lsan_do_recoverable_leak_check(void) __attribute__((weak));

int __lsan_is_turned_off(void)
{
	return fault.fired && fault.kind == FAULT_XALLOC;
}

/* ---- the operations ---- */

/* Exit statuses of a child. */
#define CHILD_DONE_FAULTED 0 /* ran to its end; the fault fired on the way */
#define CHILD_OOM 1          /* xalloc's exit */
#define CHILD_ERROR 2        /* the operation failed with a clean message */
#define CHILD_DONE_CLEAN 3   /* ran to its end without reaching the fault */
#define CHILD_BROKEN 4       /* a rule was broken; the child said which */

/* What a conversation's runs share: the catalog and the dialogue are made
 * once, in the parent, and each child starts from them (fork copies the
 * model and the caches rather than loading them a thousand times). The
 * catalog's content is put back from the pristine copy before each run. */
struct session {
	catalog *cat;
	dialogue *d;
	const char *db;
};

struct op {
	const char *name;
	/* Makes the database the runs start from (in the parent, once). */
	void (*prepare)(const char *db);
	/* Whether the runs share a session (conversations); imports open the
	 * catalog in the child, so that it is theirs alone (an import into a
	 * catalog no one else has open switches to a rollback journal). */
	bool shared;
	/* Runs in the child: the fault armed by arm() around the operation.
	 * Returns CHILD_DONE_* or CHILD_ERROR (or exits). */
	int (*run)(struct session *s, enum kind k, long n);
	/* Checks the database after a run against the one it started from;
	 * the reason in *why. */
	bool (*check)(catalog *c, catalog *before, const char **why);
};

static char model[PATH_MAX];

static void arm(enum kind k, long n)
{
	fault.kind = k;
	fault.fired = false;
	fault.countdown = n;
}

static int finished(void)
{
	bool fired = fault.fired;
	fault.countdown = 0;
	return fired ? CHILD_DONE_FAULTED : CHILD_DONE_CLEAN;
}

static int64_t value(catalog *c, const char *sql)
{
	sqlite3_stmt *st = NULL;
	int64_t v = -1;
	if (sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* A one-line message, as the front ends print it. */
static bool clean_message(const char *err)
{
	return err && *err && !strchr(err, '\n');
}

static int import_file(const char *db, const char *file, bool orders, enum kind k, long n)
{
	catalog *c = NULL;
	char *err = NULL;
	if (catalog_open(db, &c, &err) < 0) {
		fprintf(stderr, "opening: %s\n", err);
		return CHILD_BROKEN;
	}
	struct import_options o = {.orders = orders};
	struct import_stats st;
	arm(k, n);
	int rc = import_run(c, file, &o, &st, &err);
	int status = finished();
	if (rc < 0) {
		if (!clean_message(err)) {
			fprintf(stderr, "import failed without a clean message: %s\n", err ? err : "(none)");
			return CHILD_BROKEN;
		}
		status = CHILD_ERROR;
	}
	free(err);
	catalog_close(c);
	return status;
}

#define PRODUCTS FIXTURES_DIR "/dialogue/outdoor/products.csv"
#define ORDERS FIXTURES_DIR "/dialogue/outdoor/orders.csv"
#define N_PRODUCTS 32 /* the records of PRODUCTS */
#define N_ORDER_LINES 11

static void prepare_empty(const char *db)
{
	catalog *c = NULL;
	assert_int_equal(catalog_open(db, &c, NULL), 0);
	catalog_close(c);
}

static void prepare_products(const char *db)
{
	catalog *c = NULL;
	char *err = NULL;
	struct import_options o = {0};
	struct import_stats st;
	assert_int_equal(catalog_open(db, &c, NULL), 0);
	if (import_run(c, PRODUCTS, &o, &st, &err) < 0)
		fail_msg("preparing: %s", err);
	catalog_close(c);
}

static int run_import(struct session *s, enum kind k, long n)
{
	return import_file(s->db, PRODUCTS, false, k, n);
}

static bool check_import(catalog *c, catalog *before, const char **why)
{
	(void)before;
	int64_t n = value(c, "SELECT count(*) FROM products");
	int64_t indexed = value(c, "SELECT count(*) FROM product_fts_docsize");
	*why = "the import is neither all there nor all gone";
	if (n != 0 && n != N_PRODUCTS)
		return false;
	*why = "the full-text index does not match the products";
	return indexed < 0 || indexed == n;
}

static int run_import_orders(struct session *s, enum kind k, long n)
{
	return import_file(s->db, ORDERS, true, k, n);
}

static bool check_import_orders(catalog *c, catalog *before, const char **why)
{
	(void)before;
	int64_t n = value(c, "SELECT count(*) FROM order_items");
	*why = "the order import is neither all there nor all gone";
	return n == 0 || n == N_ORDER_LINES;
}

/* Turns through the session's dialogue; arm_at is the turn before which
 * the fault is armed. */
static int converse(struct session *s, const char *const *turns, size_t n_turns, size_t arm_at,
                    enum kind k, long n)
{
	for (size_t i = 0; i < n_turns; i++) {
		if (i == arm_at)
			arm(k, n);
		struct reply r;
		dialogue_turn(s->d, turns[i], &r);
		bool ok = r.text && *r.text && (!r.error || clean_message(r.error));
		if (!ok) {
			fprintf(stderr, "turn \"%s\": no reply, or an error that is not one line: %s\n",
			        turns[i], r.error ? r.error : "(none)");
			return CHILD_BROKEN;
		}
		reply_release(&r);
	}
	return finished();
}

static const char *const checkout_turns[] = {"show me headlamps", "add the first one", "checkout",
                                             "yes"};

#define PENDING_LINES                                                              \
	"SELECT count(*) FROM order_items oi JOIN orders o ON o.id = oi.order_id" \
	" WHERE o.status = 'pending'"

/* The order is placed whole, or not at all and the cart is as it was. */
static bool check_checkout(catalog *c, catalog *before, const char **why)
{
	int64_t orders = value(c, "SELECT count(*) FROM orders") -
	                 value(before, "SELECT count(*) FROM orders");
	int64_t lines = value(c, PENDING_LINES) - value(before, PENDING_LINES);
	int64_t in_cart = value(c, "SELECT count(*) FROM cart_items");
	*why = "checkout left a part of the order";
	if (orders == 0)
		return lines == 0 && in_cart == 1;
	return orders == 1 && lines == 1 && in_cart == 0;
}

static const char *const conversation_turns[] = {
	"hi",
	"show me tents under $300",
	"compare the first two",
	"add the second one",
	"what's in my cart?",
	"remove it",
	"add the first one",
	"checkout",
	"yes",
	"where is my order 50002? my email is dana@example.com",
	"thanks",
};

static int run_conversation(struct session *s, enum kind k, long n)
{
	return converse(s, conversation_turns,
	                sizeof conversation_turns / sizeof conversation_turns[0], 0, k, n);
}

/* An order placed in the conversation has its one line. */
static bool check_conversation(catalog *c, catalog *before, const char **why)
{
	int64_t orders = value(c, "SELECT count(*) FROM orders") -
	                 value(before, "SELECT count(*) FROM orders");
	int64_t lines = value(c, PENDING_LINES) - value(before, PENDING_LINES);
	*why = "an order was left without its lines";
	return (orders == 0 && lines == 0) || (orders == 1 && lines == 1);
}

/* The outdoor catalog with its order history, for the conversations. */
static void prepare_shop(const char *db)
{
	catalog *c = NULL;
	char *err = NULL;
	struct import_options o = {0};
	struct import_stats st;
	assert_int_equal(catalog_open(db, &c, NULL), 0);
	if (import_run(c, PRODUCTS, &o, &st, &err) < 0)
		fail_msg("preparing: %s", err);
	o.orders = true;
	if (import_run(c, ORDERS, &o, &st, &err) < 0)
		fail_msg("preparing: %s", err);
	catalog_close(c);
}

static dialogue *start_dialogue(catalog *c)
{
	struct dialogue_options o = {.cat = c, .assets_dir = CLERK_ASSETS_DIR, .model_path = model,
	                             .customer = "c1001", .seed = 1};
	char *err = NULL;
	dialogue *d = dialogue_new(&o, &err);
	if (!d)
		fail_msg("dialogue_new: %s", err);
	return d;
}

/* Puts the cart of checkout_turns' first two turns in place. */
static void prepare_cart(const char *db)
{
	prepare_shop(db);
	struct session s = {.db = db};
	assert_int_equal(catalog_open(db, &s.cat, NULL), 0);
	s.d = start_dialogue(s.cat);
	assert_int_equal(converse(&s, checkout_turns, 2, (size_t)-1, FAULT_STEP, 0),
	                 CHILD_DONE_CLEAN);
	dialogue_free(s.d);
	catalog_close(s.cat);
}

static int run_checkout_only(struct session *s, enum kind k, long n)
{
	static const char *const turns[] = {"checkout", "yes"};
	return converse(s, turns, 2, 1, k, n);
}

/* ---- the driver ---- */

static void copy_file(const char *from, const char *to)
{
	static const char *const sides[] = {"-wal", "-shm", "-journal"};
	char side[PATH_MAX + 16];
	for (size_t i = 0; i < 3; i++) {
		snprintf(side, sizeof side, "%s%s", to, sides[i]);
		unlink(side);
	}
	int in = open(from, O_RDONLY), out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(in >= 0 && out >= 0);
	char buf[1 << 16];
	ssize_t n;
	while ((n = read(in, buf, sizeof buf)) > 0)
		assert_int_equal(write(out, buf, (size_t)n), n);
	assert_int_equal(n, 0);
	close(in);
	close(out);
}

/* Puts from's database into to's connection, whole. */
static void restore(sqlite3 *from, sqlite3 *to)
{
	sqlite3_backup *b = sqlite3_backup_init(to, "main", from, "main");
	if (!b || sqlite3_backup_step(b, -1) != SQLITE_DONE || sqlite3_backup_finish(b) != SQLITE_OK)
		fail_msg("restoring the catalog: %s", sqlite3_errmsg(to));
}

/* The child's stderr: the one line an xalloc exit writes, and nothing else. */
static bool oom_line_only(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[256];
	int lines = 0;
	bool ok = true;
	while (f && fgets(line, sizeof line, f)) {
		lines++;
		ok = ok && !strncmp(line, "clerk: out of memory (", 22);
	}
	if (f)
		fclose(f);
	return ok && lines == 1;
}

static void show(const char *path)
{
	char cmd[PATH_MAX + 16];
	snprintf(cmd, sizeof cmd, "cat '%s' >&2", path);
	if (system(cmd) != 0)
		fprintf(stderr, "(no output)\n");
}

static long env_long(const char *name, long fallback)
{
	const char *s = getenv(name);
	return s && atol(s) > 0 ? atol(s) : fallback;
}

/* What a sweep holds open, for the next sweep to close should this one
 * fail (cmocka leaves a failed test by a long jump): left open, it would
 * be counted as leaked in every child after. */
static struct {
	catalog *before;
	struct session s;
} held;

static void close_held(void)
{
	dialogue_free(held.s.d);
	catalog_close(held.s.cat);
	catalog_close(held.before);
	memset(&held, 0, sizeof held);
}

/* Runs op with fault k at n = 1, 2, ... until a run completes without
 * reaching it. */
static void sweep(const struct op *op, enum kind k, const char *dir)
{
	close_held();
	char pristine[PATH_MAX], db[PATH_MAX], errfile[PATH_MAX];
	snprintf(pristine, sizeof pristine, "%s/pristine.db", dir);
	snprintf(db, sizeof db, "%s/work.db", dir);
	snprintf(errfile, sizeof errfile, "%s/stderr", dir);
	/* Allocations are many (thousands an operation), statements few. */
	bool allocations = k == FAULT_XALLOC || k == FAULT_SQLITE_MALLOC;
	long stride = env_long(allocations ? "FAULT_STRIDE" : "FAULT_STEP_STRIDE", 1);
	long leak_every = env_long("FAULT_LEAK_EVERY", 1);
	long runs = 0, errors = 0, ooms = 0, kills = 0;
	assert_int_equal(catalog_open(pristine, &held.before, NULL), 0);
	catalog *before = held.before;
	struct session *s = &held.s;
	s->db = db;
	if (op->shared) {
		copy_file(pristine, db);
		assert_int_equal(catalog_open(db, &s->cat, NULL), 0);
		s->d = start_dialogue(s->cat);
	}
	for (long n = env_long("FAULT_FROM", 1);; n += stride) {
		if (op->shared)
			restore(before->db, s->cat->db);
		else
			copy_file(pristine, db);
		if (getenv("FAULT_NOFORK")) {
			/* Debugging one run: in this process, under a debugger. */
			printf("run %ld: %d\n", n, op->run(s, k, n));
			return;
		}
		fflush(NULL);
		pid_t pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			/* cmocka's handlers would catch a crash and go on with the
			 * next test inside the child. */
			static const int crashes[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT};
			for (size_t i = 0; i < sizeof crashes / sizeof crashes[0]; i++)
				signal(crashes[i], SIG_DFL);
			int fd = open(errfile, O_WRONLY | O_CREAT | O_TRUNC, 0600);
			if (fd < 0 || dup2(fd, 2) < 0)
				_exit(CHILD_BROKEN);
			int code = op->run(s, k, n);
			if (code != CHILD_BROKEN && runs % leak_every == 0 &&
			    __lsan_do_recoverable_leak_check && __lsan_do_recoverable_leak_check())
				code = CHILD_BROKEN;
			_exit(code);
		}
		int status;
		assert_int_equal(waitpid(pid, &status, 0), pid);
		runs++;
		bool kill_expected = (k == FAULT_KILL_STEP || k == FAULT_KILL_WRITE) &&
		                     WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
		kills += kill_expected;
		if (!kill_expected && (!WIFEXITED(status) || WEXITSTATUS(status) > CHILD_DONE_CLEAN)) {
			show(errfile);
			fail_msg("%s, %s fault at %ld: the run %s %d", op->name, kind_names[k], n,
			         WIFEXITED(status) ? "broke a rule, status" : "died of signal",
			         WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
		}
		int code = kill_expected ? CHILD_ERROR : WEXITSTATUS(status);
		if (code == CHILD_OOM && (k != FAULT_XALLOC || !oom_line_only(errfile))) {
			show(errfile);
			fail_msg("%s, %s fault at %ld: exit 1 without the one out-of-memory line",
			         op->name, kind_names[k], n);
		}
		errors += code == CHILD_ERROR && !kill_expected;
		ooms += code == CHILD_OOM;
		catalog *c = NULL;
		char *err = NULL;
		if (catalog_open(db, &c, &err) < 0)
			fail_msg("%s, %s fault at %ld: the database does not open: %s", op->name,
			         kind_names[k], n, err);
		sqlite3_stmt *st = NULL;
		assert_int_equal(sqlite3_prepare_v2(c->db, "PRAGMA integrity_check", -1, &st, NULL),
		                 SQLITE_OK);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		if (strcmp((const char *)sqlite3_column_text(st, 0), "ok"))
			fail_msg("%s, %s fault at %ld: integrity_check: %s", op->name, kind_names[k], n,
			         sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
		if (sqlite3_exec(c->db,
		                 "INSERT INTO product_fts (product_fts, rank) VALUES ('integrity-check', 0)",
		                 NULL, NULL, NULL) != SQLITE_OK)
			fail_msg("%s, %s fault at %ld: the full-text index: %s", op->name, kind_names[k], n,
			         sqlite3_errmsg(c->db));
		const char *why = "";
		if (!op->check(c, before, &why))
			fail_msg("%s, %s fault at %ld: %s", op->name, kind_names[k], n, why);
		catalog_close(c);
		if (code == CHILD_DONE_CLEAN)
			break;
	}
	close_held();
	printf("  %s, %s: %ld runs (%ld clean errors, %ld out-of-memory exits, %ld kills)\n",
	       op->name, kind_names[k], runs, errors, ooms, kills);
}

static const struct op ops[] = {
	{"import", prepare_empty, false, run_import, check_import},
	{"import --orders", prepare_products, false, run_import_orders, check_import_orders},
	{"checkout", prepare_cart, true, run_checkout_only, check_checkout},
	{"conversation", prepare_shop, true, run_conversation, check_conversation},
};

static void run_op(const struct op *op)
{
	const char *only = getenv("FAULT_ONLY");
	if (only && *only && strncmp(op->name, only, strlen(only)))
		skip();
	/* Memory-backed when there is such a folder: thousands of runs each
	 * commit, and an fsync there costs nothing. */
	char dir[64];
	snprintf(dir, sizeof dir, "%s/clerk-fault-XXXXXX",
	         access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
	assert_non_null(mkdtemp(dir));
	char pristine[PATH_MAX];
	snprintf(pristine, sizeof pristine, "%s/pristine.db", dir);
	op->prepare(pristine);
	const char *kind = getenv("FAULT_KIND");
	for (int k = FAULT_XALLOC; k <= LAST_KIND; k++)
		if (!kind || !*kind || !strncmp(kind_names[k], kind, strlen(kind)))
			sweep(op, (enum kind)k, dir);
	char cmd[PATH_MAX + 16];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

static void test_import(void **state)
{
	(void)state;
	run_op(&ops[0]);
}

static void test_import_orders(void **state)
{
	(void)state;
	run_op(&ops[1]);
}

static void test_checkout(void **state)
{
	(void)state;
	run_op(&ops[2]);
}

static void test_conversation(void **state)
{
	(void)state;
	run_op(&ops[3]);
}

int main(void)
{
	/* The model beside this program, as the build trains it. */
	char exe[PATH_MAX - 16];
	ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
	exe[len > 0 ? len : 0] = '\0';
	char *slash = strrchr(exe, '/');
	if (slash)
		*slash = '\0';
	snprintf(model, sizeof model, "%s/intent.model", exe);
	/* SQLite's allocator, wrapped before SQLite starts. */
	sqlite3_mem_methods wrapped;
	if (sqlite3_config(SQLITE_CONFIG_GETMALLOC, &fault.real) != SQLITE_OK)
		return 1;
	wrapped = fault.real;
	wrapped.xMalloc = mem_malloc;
	wrapped.xRealloc = mem_realloc;
	if (sqlite3_config(SQLITE_CONFIG_MALLOC, &wrapped) != SQLITE_OK)
		return 1;
	xalloc_set_fault(xalloc_fault, NULL);
	shim_install();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_import),
		cmocka_unit_test(test_import_orders),
		cmocka_unit_test(test_checkout),
		cmocka_unit_test(test_conversation),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
