/*
 * config: clerk's settings file, an INI file read with inih.
 *
 * Where: $CLERK_CONFIG when set (it must exist then), else
 * $XDG_CONFIG_HOME/clerk/config.ini, else ~/.config/clerk/config.ini; a
 * missing default file means the defaults. Keys may stand before any section
 * or inside one, where the section name prefixes them: `[kiosk]
 * idle_seconds = 30` is `kiosk_idle_seconds = 30`. Unknown keys are ignored
 * so that older clerks read newer files; a bad value is an error naming its
 * line.
 *
 * Ownership: struct config is embedded; config_init() sets the defaults,
 * config_release() frees its strings.
 */
#ifndef CLERK_CONFIG_H
#define CLERK_CONFIG_H

#include <stdbool.h>

struct config {
	char *path;                  /* the file read, or NULL when none was */
	char *orders_url;            /* remote order service base URL, or NULL */
	char *orders_token;          /* its bearer token, or NULL */
	int orders_connect_timeout_ms; /* to connect to it (2000) */
	int orders_timeout_ms;       /* one request to it, start to end (5000) */
	int orders_retries;          /* retries after a timeout, 408, 429 or 5xx (2) */
	int orders_deadline_ms;      /* no retry that could end later than this (12000) */
	char *http_ca_file;          /* CA certificates for https (orders, feeds), or NULL */
	char *language;              /* stemming language of new catalogs ("en") */
	char *dictionary;            /* a word list of ordinary words, one a line, or NULL
	                                for /usr/share/dict/words when there is one */
	int kiosk_idle_seconds;      /* idle time before the reset countdown (120) */
	int kiosk_countdown_seconds; /* length of that countdown (10) */
	int kiosk_lockout_seconds;   /* sign-in lock after 5 wrong PINs (300) */
	char *kiosk_payment;         /* how a kiosk order is paid, said to the shopper
	                                ("at the counter") */
	char *shop_delivery;         /* the shop's own delivery terms, said when shoppers
	                                ask about delivery ([shop] delivery = ...); NULL:
	                                the general answer */
	char *shop_returns;          /* the shop's returns terms, said when shoppers ask
	                                how returns work ([shop] returns = ...) */
	char *shop_payment;          /* how the shop is paid ([shop] payment = ...) */
	char *shop_location;         /* where the shop is and its hours ([shop] location) */
	bool color;                  /* use colors when the terminal has them (true) */
	bool personal_ranking;       /* re-rank search by a consenting customer's
	                                affinities (true); [personal] ranking = false */
};

void config_init(struct config *c);
void config_release(struct config *c);

/* The path clerk reads (heap; the caller frees it), or NULL when neither
 * CLERK_CONFIG, XDG_CONFIG_HOME nor HOME is set. */
char *config_default_path(void);

/* Reads path (NULL: config_default_path()) into c, which config_init() has
 * prepared. Returns 0, or -1 with a one-line message in *err (heap). */
int config_load(struct config *c, const char *path, char **err);

#endif
