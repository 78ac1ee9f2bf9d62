/*
 * buf: a growable byte string, always NUL-terminated.
 *
 * A `struct buf` is embedded by value: buf_init() before use, buf_release()
 * to free its memory. buf_detach() hands the heap string to the caller, who
 * then frees it with free(); b needs no buf_release() after that. Allocation failures exit via xalloc.
 */
#ifndef CLERK_BUF_H
#define CLERK_BUF_H

#include <stddef.h>

struct buf {
	char *s;    /* NUL-terminated; never NULL after buf_init */
	size_t len; /* bytes before the NUL */
	size_t cap;
};

void buf_init(struct buf *b);
void buf_release(struct buf *b);
void buf_reset(struct buf *b);
void buf_add(struct buf *b, const void *data, size_t n);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Returns the heap string and leaves b released (buf_init to reuse it). */
char *buf_detach(struct buf *b);

#endif
