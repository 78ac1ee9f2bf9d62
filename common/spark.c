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

char *spark_bar(double value, double max, int width, bool ascii)
{
	static const char *const eighths[8] = {"", "\xe2\x96\x8f", "\xe2\x96\x8e", "\xe2\x96\x8d",
	                                       "\xe2\x96\x8c", "\xe2\x96\x8b", "\xe2\x96\x8a",
	                                       "\xe2\x96\x89"};
	struct buf b;
	buf_init(&b);
	if (width < 0)
		width = 0;
	long units = 0;
	if (max > 0 && value > 0)
		units = lround(value / max * width * 8);
	if (units > (long)width * 8)
		units = (long)width * 8;
	int cells = 0;
	for (; units >= 8; units -= 8, cells++)
		buf_adds(&b, ascii ? "#" : "\xe2\x96\x88");
	if (units > 0) {
		buf_adds(&b, ascii ? (units >= 4 ? "#" : "") : eighths[units]);
		cells += ascii ? units >= 4 : 1;
	}
	for (; cells < width; cells++)
		buf_addc(&b, ' ');
	return buf_detach(&b);
}
