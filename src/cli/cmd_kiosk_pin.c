/*
 * cmd_kiosk_pin.c: `clerk kiosk-pin [--db PATH]` sets the staff PIN that
 * unlocks a kiosk. On a terminal the PIN is asked twice without echo; from a
 * pipe it is the first line of stdin (for provisioning scripts).
 */
#include "src/cli/commands.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <sodium.h>

#include "catalog/shop/staff.h"
#include "common/xalloc.h"
#include "src/cli/app.h"

static void usage(FILE *out)
{
	fprintf(out,
	        "usage: clerk kiosk-pin [--db PATH]\n"
	        "\n"
	        "Sets the staff PIN for kiosk mode (%d to %d characters). It is asked twice\n"
	        "without echo on a terminal, or read as one line from stdin otherwise. The\n"
	        "database keeps only a salted Argon2 hash of it.\n",
	        STAFF_PIN_MIN_LEN, STAFF_PIN_MAX_LEN);
}

/* Reads one line from f into buf (without its newline). false at EOF. */
static bool read_line(FILE *f, char *buf, size_t size)
{
	if (!fgets(buf, (int)size, f))
		return false;
	buf[strcspn(buf, "\r\n")] = '\0';
	return true;
}

static bool ask_hidden(const char *prompt, char *buf, size_t size)
{
	struct termios old, quiet;
	bool restore = tcgetattr(STDIN_FILENO, &old) == 0;
	if (restore) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		quiet.c_lflag |= ECHONL;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	fputs(prompt, stderr);
	fflush(stderr);
	bool ok = read_line(stdin, buf, size);
	if (restore)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	return ok;
}

/* Fills pin from the terminal (twice, matching; one that may not be a PIN
 * is refused before it is asked again) or from stdin's first line. */
static int read_pin(char *pin, size_t size, char **err)
{
	if (!isatty(STDIN_FILENO)) {
		if (!read_line(stdin, pin, size)) {
			*err = xstrdup("no PIN on stdin");
			return -1;
		}
		return 0;
	}
	char again[STAFF_PIN_MAX_LEN + 2];
	int rc = -1;
	if (!ask_hidden("New staff PIN: ", pin, size)) {
		*err = xstrdup("no PIN given");
		goto cleanup;
	}
	if (staff_pin_valid(pin, err) < 0)
		goto cleanup;
	if (!ask_hidden("Repeat it: ", again, sizeof again)) {
		*err = xstrdup("no PIN given");
		goto cleanup;
	}
	if (strcmp(pin, again)) {
		*err = xstrdup("the two PINs differ; nothing changed");
		goto cleanup;
	}
	rc = 0;
cleanup:
	sodium_memzero(again, sizeof again);
	return rc;
}

int cmd_kiosk_pin(int argc, char **argv)
{
	const char *db = NULL;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout);
			return 0;
		}
		if (!strcmp(argv[i], "--db") && i + 1 < argc) {
			db = argv[++i];
		} else {
			fprintf(stderr, "clerk: kiosk-pin: unexpected argument '%s'\n", argv[i]);
			usage(stderr);
			return 2;
		}
	}
	/* Room for one character past the longest PIN, so an overlong one is
	 * refused rather than silently cut. */
	char pin[STAFF_PIN_MAX_LEN + 2];
	char *err = NULL;
	catalog *cat = NULL;
	int rc = 1;
	pin[0] = '\0';
	if (read_pin(pin, sizeof pin, &err) < 0)
		goto cleanup;
	if (app_open_catalog(db, &cat, &err) < 0 || staff_pin_set(cat, pin, &err) < 0)
		goto cleanup;
	printf("kiosk PIN set\n");
	rc = 0;
cleanup:
	if (err)
		app_error("%s", err);
	free(err);
	sodium_memzero(pin, sizeof pin);
	catalog_close(cat);
	return rc;
}
