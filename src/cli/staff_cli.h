/*
 * staff_cli: what the `clerk staff` subcommands share (src/cli/
 * cmd_staff_*.c): reading their common options, dates and money, and
 * printing a cJSON value. The dispatch table is cmd_staff.c's.
 *
 * Each subcommand takes the arguments after `staff` (argv[0] is its own
 * name) and returns the exit status (0, 1 runtime error, 2 usage error).
 */
#ifndef CLERK_STAFF_CLI_H
#define CLERK_STAFF_CLI_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdint.h>

#include "catalog/store/catalog.h"

int staff_report_cmd(int argc, char **argv);
int staff_experiment_cmd(int argc, char **argv);
int staff_forecast_cmd(int argc, char **argv);
int staff_pricing_cmd(int argc, char **argv);
int staff_orders_cmd(int argc, char **argv);
int staff_handoffs_cmd(int argc, char **argv);
int staff_feedback_cmd(int argc, char **argv);
int staff_churn_cmd(int argc, char **argv);
int staff_pins_cmd(int argc, char **argv);
int staff_log_cmd(int argc, char **argv);

/* YYYY-MM-DD as the unix time of that day's start (UTC); -1 when s is no
 * such date. */
int64_t staff_cli_date(const char *s);
/* The day (YYYY-MM-DD, UTC) of unix time t into out[11]. */
void staff_cli_day(int64_t t, char out[11]);
/* A price in the main unit ("12.50", "12") as cents; -1 when s is none. */
int64_t staff_cli_cents(const char *s);
/* A date option's YYYY-MM-DD as the unix time of that day's start (UTC);
 * false (with the message printed) when s is no such date. */
bool staff_cli_date_option(const char *option, const char *s, int64_t *out);
/* A number from lo to hi; false (with the message printed) when s is not. */
bool staff_cli_number(const char *option, const char *s, double lo, double hi, double *out);

/* Opens the catalog (app_open_catalog); on failure prints the error and
 * returns NULL. */
catalog *staff_cli_open(const char *db);

/* Prints v on stdout, formatted, and deletes it. */
void staff_cli_print_json(cJSON *v);

/* Text from the database, fit for the terminal (heap). */
char *staff_cli_safe(const char *s);

#endif
