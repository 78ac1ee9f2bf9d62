/*
 * xalloc: allocation that never returns NULL.
 *
 * Out-of-memory is decided once, here: these functions print one line to
 * stderr ("clerk: out of memory (N bytes)") and exit(1) when the allocator
 * fails. Every other failure (I/O, SQL, network, bad input) is returned to
 * the caller, never fatal. Exiting mid-write is safe for the catalog: its
 * open transaction is never committed, and SQLite's journal rolls it back
 * when the database is next opened (tests/test_fault.c checks this for
 * every allocation of an import, a checkout and a conversation).
 */
#ifndef CLERK_XALLOC_H
#define CLERK_XALLOC_H

#include <stdbool.h>
#include <stddef.h>

/* Reports that n bytes could not be had and exits: for allocations made by
 * libraries (a libcurl list), which return NULL. */
_Noreturn void xalloc_die(size_t n);
void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
/* Grows an array to hold at least `need` elements; *cap is updated. */
void *xgrow(void *p, size_t *cap, size_t need, size_t elem_size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* printf into a fresh heap string; the caller frees it. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* For fault-injection tests only (tests/test_fault.c): when set, fail(ctx,
 * n) is asked before each allocation, and true makes the allocation fail
 * as if the allocator had, which ends the process the xalloc way. Process-
 * wide, like the allocator it stands in front of; NULL removes it. */
void xalloc_set_fault(bool (*fail)(void *ctx, size_t n), void *ctx);

#endif
