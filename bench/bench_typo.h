/*
 * bench_typo.h: the deterministic typo the search benchmarks apply to a
 * query, shared by bench/search_quality.c and bench/search_latency.c so
 * both measure the same misspellings. Header-only: each bench is one .c.
 */
#ifndef CLERK_BENCH_TYPO_H
#define CLERK_BENCH_TYPO_H

#include <ctype.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

/* One typo in the longest word of 4+ letters: alternately a swap of two
 * middle letters, a dropped letter and a doubled letter. */
static inline bool bench_misspell(const char *q, char *out, size_t cap, int which)
{
	size_t best = 0, best_len = 0, i = 0, n = strlen(q);
	while (i < n) {
		while (i < n && !isalpha((unsigned char)q[i]))
			i++;
		size_t s = i;
		while (i < n && isalpha((unsigned char)q[i]))
			i++;
		if (i - s > best_len) {
			best = s;
			best_len = i - s;
		}
	}
	if (best_len < 4 || n + 2 >= cap)
		return false;
	size_t at = best + best_len / 2;
	switch (which % 3) {
	case 0: /* swap */
		memcpy(out, q, n + 1);
		out[at] = q[at - 1];
		out[at - 1] = q[at];
		break;
	case 1: /* drop */
		memcpy(out, q, at);
		memcpy(out + at, q + at + 1, n - at);
		break;
	default: /* double */
		memcpy(out, q, at + 1);
		memcpy(out + at + 1, q + at, n - at + 1);
		break;
	}
	return true;
}

#endif
