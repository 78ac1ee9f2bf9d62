#include "common/xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The fault-injection hook: tests only, set before the work it affects.
 * The allocator is process state already; this stands in front of it. */
static struct {
	bool (*fail)(void *ctx, size_t n);
	void *ctx;
} fault;

void xalloc_set_fault(bool (*fail)(void *ctx, size_t n), void *ctx)
{
	fault.fail = fail;
	fault.ctx = ctx;
}

static bool injected(size_t n)
{
	return fault.fail && fault.fail(fault.ctx, n);
}

void xalloc_die(size_t n)
{
	fprintf(stderr, "clerk: out of memory (%zu bytes)\n", n);
	exit(1);
}

void *xmalloc(size_t n)
{
	void *p = injected(n) ? NULL : malloc(n ? n : 1);
	if (!p)
		xalloc_die(n);
	return p;
}

void *xcalloc(size_t count, size_t size)
{
	void *p = injected(count * size) ? NULL : calloc(count ? count : 1, size ? size : 1);
	if (!p)
		xalloc_die(count * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = injected(n) ? NULL : realloc(p, n ? n : 1);
	if (!q)
		xalloc_die(n);
	return q;
}

void *xgrow(void *p, size_t *cap, size_t need, size_t elem_size)
{
	if (need <= *cap)
		return p;
	size_t c = *cap ? *cap : 8;
	while (c < need)
		c *= 2;
	if (c > (size_t)-1 / elem_size)
		xalloc_die((size_t)-1);
	*cap = c;
	return xrealloc(p, c * elem_size);
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *d = xmalloc(n + 1);
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return xstrdup("");
	char *s = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}
