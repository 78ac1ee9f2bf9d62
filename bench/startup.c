/*
 * bench/startup.c: time from starting clerk to a usable prompt.
 *
 * Two measurements, each over --runs runs:
 *  - in process: catalog_open() and dialogue_new(), the work the TUI does
 *    before its first frame, with the resident memory after it;
 *  - end to end: the real binary started on a pseudo-terminal (100x30,
 *    TERM=xterm-256color) until its first frame shows the input line's
 *    placeholder, then Ctrl-C. The baseline, in the same run, is the same
 *    spawn of `clerk --version` until it exits: process start-up alone.
 *
 * usage: bench_startup [--runs N] [--clerk PATH] [--model PATH] DB
 *        (CLERK defaults to ./clerk next to this program; MODEL to the
 *        build's intent.model)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "catalog/store/catalog.h"
#include "src/dialogue/dialogue.h"

#define PROMPT "Ask for a product"
#define MAX_RUNS 200

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static void report(const char *what, double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	printf("%-34s median %8.2f ms  p90 %8.2f ms  max %8.2f ms  (%d runs)\n", what, v[n / 2],
	       v[(n * 9) / 10 < n ? (n * 9) / 10 : n - 1], v[n - 1], n);
}

static long rss_kb(void)
{
	FILE *f = fopen("/proc/self/statm", "r");
	long pages = 0, resident = 0;
	if (f) {
		if (fscanf(f, "%ld %ld", &pages, &resident) != 2)
			resident = 0;
		fclose(f);
	}
	return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

/* Starts argv on a new pseudo-terminal; returns the master fd. */
static int spawn_pty(char *const argv[], pid_t *pid)
{
	int master = posix_openpt(O_RDWR | O_NOCTTY);
	if (master < 0 || grantpt(master) < 0 || unlockpt(master) < 0)
		return -1;
	char *slave_name = ptsname(master);
	*pid = fork();
	if (*pid < 0)
		return -1;
	if (*pid == 0) {
		setsid();
		int slave = open(slave_name, O_RDWR);
		if (slave < 0)
			_exit(127);
		ioctl(slave, TIOCSCTTY, 0);
		struct winsize ws = {.ws_row = 30, .ws_col = 100};
		ioctl(slave, TIOCSWINSZ, &ws);
		dup2(slave, 0);
		dup2(slave, 1);
		dup2(slave, 2);
		close(master);
		close(slave);
		setenv("TERM", "xterm-256color", 1);
		setenv("LANG", "C.UTF-8", 1);
		execv(argv[0], argv);
		_exit(127);
	}
	return master;
}

/* Reads from fd until `want` appears (or EOF when want is NULL); returns
 * the elapsed ms from t0, or -1 on a timeout of 10 s. */
static double read_until(int fd, const char *want, double t0)
{
	char window[8192];
	size_t used = 0;
	for (;;) {
		struct pollfd p = {fd, POLLIN, 0};
		int left = (int)(10000 - (now_ms() - t0));
		if (left <= 0 || poll(&p, 1, left) <= 0)
			return -1;
		if (used > sizeof window / 2) {
			memmove(window, window + used - 256, 256);
			used = 256;
		}
		ssize_t n = read(fd, window + used, sizeof window - used - 1);
		if (n <= 0)
			return want ? -1 : now_ms() - t0;
		used += (size_t)n;
		window[used] = '\0';
		if (want && memmem(window, used, want, strlen(want)))
			return now_ms() - t0;
	}
}

static double run_once(char *const argv[], const char *want, long *maxrss_kb)
{
	pid_t pid;
	double t0 = now_ms();
	int fd = spawn_pty(argv, &pid);
	if (fd < 0)
		return -1;
	double ms = read_until(fd, want, t0);
	if (want) {
		if (write(fd, "\x03", 1) != 1)
			kill(pid, SIGTERM);
		/* Drain until the child hangs up so it can exit. */
		char sink[4096];
		struct pollfd p = {fd, POLLIN, 0};
		while (poll(&p, 1, 2000) > 0 && read(fd, sink, sizeof sink) > 0)
			;
	}
	int status;
	struct rusage ru;
	if (wait4(pid, &status, 0, &ru) < 0)
		ms = -1;
	if (maxrss_kb)
		*maxrss_kb = ru.ru_maxrss;
	close(fd);
	return ms;
}

int main(int argc, char **argv)
{
	int runs = 20;
	const char *clerk = NULL, *model = NULL, *db = NULL;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--runs") && i + 1 < argc)
			runs = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--clerk") && i + 1 < argc)
			clerk = argv[++i];
		else if (!strcmp(argv[i], "--model") && i + 1 < argc)
			model = argv[++i];
		else if (argv[i][0] != '-')
			db = argv[i];
		else {
			fprintf(stderr, "usage: bench_startup [--runs N] [--clerk PATH] [--model PATH] DB\n");
			return 2;
		}
	}
	if (!db || runs < 1 || runs > MAX_RUNS) {
		fprintf(stderr, "usage: bench_startup [--runs N] [--clerk PATH] [--model PATH] DB\n");
		return 2;
	}
	char self_dir[4096] = ".";
	ssize_t n = readlink("/proc/self/exe", self_dir, sizeof self_dir - 1);
	if (n > 0) {
		self_dir[n] = '\0';
		char *slash = strrchr(self_dir, '/');
		if (slash)
			*slash = '\0';
	}
	char clerk_buf[4200], model_buf[4200];
	if (!clerk) {
		snprintf(clerk_buf, sizeof clerk_buf, "%s/clerk", self_dir);
		clerk = clerk_buf;
	}
	if (!model) {
		snprintf(model_buf, sizeof model_buf, "%s/intent.model", self_dir);
		model = model_buf;
	}

	double open_ms[MAX_RUNS], new_ms[MAX_RUNS], tui_ms[MAX_RUNS], base_ms[MAX_RUNS];
	long rss = 0, tui_rss = 0, products = -1;
	for (int r = 0; r < runs; r++) {
		catalog *c = NULL;
		char *err = NULL;
		double t0 = now_ms();
		if (catalog_open(db, &c, &err) < 0) {
			fprintf(stderr, "bench_startup: %s\n", err);
			return 1;
		}
		double t1 = now_ms();
		struct dialogue_options o = {.cat = c, .assets_dir = CLERK_ASSETS_DIR, .model_path = model};
		dialogue *d = dialogue_new(&o, &err);
		if (!d) {
			fprintf(stderr, "bench_startup: %s\n", err);
			return 1;
		}
		double t2 = now_ms();
		open_ms[r] = t1 - t0;
		new_ms[r] = t2 - t1;
		if (r == 0) {
			rss = rss_kb();
			products = (long)catalog_product_count(c);
		}
		dialogue_free(d);
		catalog_close(c);
	}
	char *tui_argv[] = {(char *)clerk, "--db", (char *)db, "--model", (char *)model, NULL};
	char *base_argv[] = {(char *)clerk, "--version", NULL};
	for (int r = 0; r < runs; r++) {
		base_ms[r] = run_once(base_argv, NULL, NULL);
		tui_ms[r] = run_once(tui_argv, PROMPT, &tui_rss);
		if (tui_ms[r] < 0 || base_ms[r] < 0) {
			fprintf(stderr, "bench_startup: %s did not show its prompt within 10 s\n", clerk);
			return 1;
		}
	}
	printf("catalog: %s (%ld products)\n", db, products);
	report("in process: catalog_open", open_ms, runs);
	report("in process: dialogue_new", new_ms, runs);
	printf("%-34s %ld KB resident after dialogue_new\n", "in process: memory", rss);
	report("baseline: clerk --version on a pty", base_ms, runs);
	report("clerk TUI: start to prompt", tui_ms, runs);
	printf("%-34s %8.2f ms (medians)\n", "clerk TUI minus baseline", tui_ms[runs / 2] - base_ms[runs / 2]);
	printf("%-34s %ld KB peak resident (last run)\n", "clerk TUI: memory", tui_rss);
	return 0;
}
