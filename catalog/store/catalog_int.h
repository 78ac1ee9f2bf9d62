/*
 * catalog_int.h: private to catalog/. The connection handle and helpers
 * shared by the catalog modules; never included outside catalog/ (and its
 * unit tests).
 */
#ifndef CLERK_CATALOG_INT_H
#define CLERK_CATALOG_INT_H

#include <stdbool.h>
#include <stdint.h>

#include <sqlite3.h>

#include "catalog/store/catalog.h"

struct catalog {
	sqlite3 *db;
	char *path;
	bool read_only; /* opened read-only: the file or its folder cannot be written */
	/* Product writes: counted here for readers in this process, and
	 * published to others by catalog_commit() bumping settings'
	 * products_generation when the transaction wrote products. */
	uint64_t product_changes;
	bool products_dirty;
	/* statements kept prepared (catalog_cached()) */
	struct cached_stmt *cached;
	size_t n_cached, cap_cached;
};

/* Records that products (or their index) were written; product.c calls it. */
void catalog_products_changed(catalog *c);

/* Prepares sql on c's connection; on failure sets *err and returns NULL. */
sqlite3_stmt *catalog_prepare(catalog *c, const char *sql, char **err);
/* The statement for sql, prepared on c's first use of that text and kept
 * until catalog_close(): for the statements a conversation turn runs, whose
 * preparing cost more than running them. Hand it back with
 * catalog_release(), which resets it (ending its read) and clears its
 * bindings; never finalize it, and never hold it across a call that may
 * use the same text. NULL with *err on failure. */
sqlite3_stmt *catalog_cached(catalog *c, const char *sql, char **err);
void catalog_release(sqlite3_stmt *st);
/* A read transaction around several statements: each would otherwise
 * begin and end its own, a pair of locking system calls each (a fifth of a
 * conversation's time on a small catalog). A savepoint, so it nests in a
 * transaction the caller holds. Only for code that reads. */
struct catalog_read {
	bool held;    /* the savepoint was opened */
	bool outside; /* no transaction was open before it */
};
struct catalog_read catalog_read_begin(catalog *c);
void catalog_read_end(catalog *c, struct catalog_read tx);
/* Sets *err (when not NULL) to "what: sqlite message", or to a sentence
 * that names the file and says what the user can do when the error is one
 * of the catalog as a whole (read-only, busy, damaged, not a catalog).
 * Returns -1. */
int catalog_fail(catalog *c, char **err, const char *what);
/* Binds text, or NULL when s is NULL. */
int catalog_bind_text(sqlite3_stmt *st, int idx, const char *s);
/* Column col of the current row as a heap string, or NULL when it is NULL. */
char *catalog_column_dup(sqlite3_stmt *st, int col);
/* The rows of a staff queue: runs sql with ?1 = all (every row, not only
 * the open ones) and ?2 = limit, and hands each row to fill() with a
 * zeroed element of `size` bytes in a growing array. 0 with the array in
 * *out and its length in *n; -1 with *err ("listing <what>"), the rows read
 * so far still in *out and *n for the caller to free with its own free. */
int catalog_list_rows(catalog *c, const char *sql, bool all, size_t limit, size_t size,
                      void (*fill)(sqlite3_stmt *st, void *row), void **out, size_t *n,
                      const char *what, char **err);

/* The columns of a product_view's summary, in the order product_view_read()
 * reads them (0-9); add a WHERE clause. Search and recommend read their
 * products with it, so every reader fills the view the same way. */
#define PRODUCT_VIEW_SELECT                                                              \
	"SELECT p.id, p.source_id, p.name, b.name, cat.path, p.currency, p.price_cents,"    \
	" p.rating, p.review_count, p.stock FROM products p"                                \
	" LEFT JOIN brands b ON b.id = p.brand_id"                                          \
	" LEFT JOIN categories cat ON cat.id = p.category_id"
struct product_view;
/* Fills the summary of *out (cleared first) from a PRODUCT_VIEW_SELECT row. */
void product_view_read(sqlite3_stmt *st, struct product_view *out);

#endif
