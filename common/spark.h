/*
 * spark: a series of numbers as a line of block characters, one a value
 * ("▁▂▄█"), scaled from 0 to the largest value, for staff reports on the
 * command line and in the TUI. Pure; no terminal calls.
 */
#ifndef CLERK_SPARK_H
#define CLERK_SPARK_H

#include <stdbool.h>
#include <stddef.h>

/* The line for v[0..n) (heap, UTF-8; the caller frees it). ascii uses
 * " .:-=+*#" for terminals without the block characters. Negative values
 * and NaN draw as the lowest step. */
char *spark_line(const double *v, size_t n, bool ascii);

#endif
