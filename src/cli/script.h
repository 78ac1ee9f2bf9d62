/*
 * script: the scripted front end. Reads one utterance per input line until
 * EOF, runs each through dialogue_turn() and writes one reply per turn:
 * in text mode the reply text, a comparison table when there is one, the
 * products one a line and a blank line; with json one object per line with
 * the keys of DESIGN.md's "JSON turn record".
 *
 * It never touches the terminal. A turn that fails inside says so to the
 * shopper in its reply, carries the cause in the JSON record's "error" and
 * writes the cause to the errors stream, one line "clerk: turn N: CAUSE",
 * so that a person can find out why. Lines longer than SCRIPT_MAX_LINE
 * bytes are cut (the reply says so); NUL bytes become spaces; everything
 * printed is stripped of control characters and escape sequences.
 */
#ifndef CLERK_SCRIPT_H
#define CLERK_SCRIPT_H

#include <stdbool.h>
#include <stdio.h>

#include "src/dialogue/dialogue.h"

#define SCRIPT_MAX_LINE 4096

/* Runs the whole script; causes of failed turns go to errors (may be
 * NULL). Returns the number of turns that failed, or -1 when writing to
 * out failed. */
int script_run(dialogue *d, FILE *in, FILE *out, FILE *errors, bool json);

#endif
