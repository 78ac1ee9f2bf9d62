/*
 * spark.c: sparklines and bars of block characters.
 */
#include "common/spark.h"

#include <math.h>

#include "common/buf.h"

static const char *const blocks[8] = {"\xe2\x96\x81", "\xe2\x96\x82", "\xe2\x96\x83",
                                      "\xe2\x96\x84", "\xe2\x96\x85", "\xe2\x96\x86",
                                      "\xe2\x96\x87", "\xe2\x96\x88"};
static const char ascii_steps[] = " .:-=+*#";

char *spark_line(const double *v, size_t n, bool ascii)
{
	double max = 0;
	for (size_t i = 0; i < n; i++)
		if (v[i] > max)
			max = v[i];
	struct buf b;
	buf_init(&b);
	for (size_t i = 0; i < n; i++) {
		int step = 0;
		if (max > 0 && v[i] > 0)
			step = (int)lround(v[i] / max * 7);
		if (step < 0)
			step = 0;
		if (step > 7)
			step = 7;
		if (ascii)
			buf_addc(&b, ascii_steps[step]);
		else
			buf_adds(&b, blocks[step]);
	}
	return buf_detach(&b);
}

