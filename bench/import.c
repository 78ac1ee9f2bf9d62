/*
 * bench/import.c: times import_run() on a large source into a fresh
 * database and prints seconds, products per second, CPU time of the writer
 * thread (the caller's) and of the reader thread, the sizes, and the
 * process's peak resident memory (the budget: 256 MB whatever the size of
 * the source).
 *
 * On a shared, loaded machine wall time says little; the writer thread's
 * CPU time is the import's critical path on an idle two-core machine (the
 * reader thread runs beside it). The baseline, measured in the same run, is
 * reading the source once.
 *
 * usage: bench_import SOURCE [DB]   (make the source with bench/gen_catalog.py)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <fcntl.h>

#include "catalog/store/catalog.h"
#include "catalog/import/import.h"

static double now(clockid_t clock)
{
	struct timespec ts;
	clock_gettime(clock, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double process_cpu(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
	       (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

static long long file_size(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? (long long)st.st_size : 0;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: bench_import SOURCE [DB]\n");
		return 2;
	}
	const char *source = argv[1];
	const char *db = argc > 2 ? argv[2] : "/tmp/clerk-bench-import.db";
	char side[4096];
	const char *suffixes[] = {"", "-wal", "-shm", "-journal"};
	for (size_t i = 0; i < 4; i++) {
		snprintf(side, sizeof side, "%s%s", db, suffixes[i]);
		unlink(side);
	}

	/* Baseline: read the source once. */
	double t0 = now(CLOCK_MONOTONIC);
	int fd = open(source, O_RDONLY);
	if (fd < 0) {
		perror(source);
		return 1;
	}
	static char chunk[1 << 18];
	while (read(fd, chunk, sizeof chunk) > 0)
		;
	close(fd);
	double read_secs = now(CLOCK_MONOTONIC) - t0;

	catalog *c = NULL;
	char *err = NULL;
	if (catalog_open(db, &c, &err) < 0) {
		fprintf(stderr, "bench_import: %s\n", err);
		return 1;
	}
	/* The units of measure, as `clerk import` loads them. */
	struct measure_units *units = NULL;
	if (measure_units_load(CLERK_ASSETS_DIR "/units.txt", &units, &err) < 0) {
		fprintf(stderr, "bench_import: %s\n", err);
		return 1;
	}
	struct import_options o = {.units = units};
	struct import_stats st;
	double cpu0 = process_cpu(), thread0 = now(CLOCK_THREAD_CPUTIME_ID);
	t0 = now(CLOCK_MONOTONIC);
	int rc = import_run(c, source, &o, &st, &err);
	catalog_close(c); /* part of the cost: the last writes reach the file */
	double secs = now(CLOCK_MONOTONIC) - t0;
	double writer = now(CLOCK_THREAD_CPUTIME_ID) - thread0;
	double cpu = process_cpu() - cpu0;
	measure_units_free(units);
	if (rc < 0) {
		fprintf(stderr, "bench_import: %s\n", err);
		return 1;
	}
	long long src = file_size(source), size = 0;
	for (size_t i = 0; i < 4; i++) {
		snprintf(side, sizeof side, "%s%s", db, suffixes[i]);
		size += file_size(side);
	}
	printf("products:             %zu\n", st.imported);
	printf("baseline read:        %.2f s\n", read_secs);
	printf("import wall:          %.2f s (%.0f products/s)\n", secs, (double)st.imported / secs);
	printf("writer thread CPU:    %.2f s (%.0f products/s)\n", writer,
	       (double)st.imported / writer);
	printf("reader thread CPU:    %.2f s\n", cpu - writer);
	printf("source size:          %.1f MB\n", (double)src / 1e6);
	printf("database size:        %.1f MB\n", (double)size / 1e6);
	printf("db/source ratio:      %.2f\n", src ? (double)size / (double)src : 0.0);
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("peak resident memory: %.0f MB\n", (double)ru.ru_maxrss / 1024.0);
	return 0;
}
