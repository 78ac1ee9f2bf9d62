/*
 * script: the scripted front end. Reads one utterance per input line until
 * EOF, runs each through dialogue_turn() and writes one reply per turn:
 * in text mode the reply text, a comparison table when there is one, the
 * products one a line and a blank line; with json one object per line with
 * the keys of DESIGN.md's "JSON turn record".
 *
 * It never touches the terminal and a failed turn is only reported in that
 * turn's reply. Lines longer than SCRIPT_MAX_LINE bytes are cut (the reply
 * says so); NUL bytes become spaces; everything printed is stripped of
 * control characters and escape sequences.
 */
#ifndef CLERK_SCRIPT_H
#define CLERK_SCRIPT_H

#include <stdbool.h>
#include <stdio.h>

#include "src/dialogue/dialogue.h"

#define SCRIPT_MAX_LINE 4096

/* Runs the whole script. Returns 0, or -1 when writing to out failed. */
int script_run(dialogue *d, FILE *in, FILE *out, bool json);

#endif
