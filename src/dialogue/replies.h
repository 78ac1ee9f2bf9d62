/*
 * replies: the words clerk says, kept out of the C code. Templates live in
 * assets/replies (files NAME.txt): a line "[key]" opens a section and every following
 * non-blank line is one variant of that reply; "#" starts a comment line.
 * A variant may name variables as {name}; "\n" in a variant is a newline.
 *
 * Which variant is said is chosen by the caller's `pick` number (the
 * dialogue derives it from the seed and the turn), so the same seed always
 * gives the same transcript.
 *
 * Ownership: replies_new() returns a heap object freed with replies_free();
 * rendered strings are heap strings the caller frees.
 */
#ifndef CLERK_REPLIES_H
#define CLERK_REPLIES_H

#include <stdbool.h>
#include <stddef.h>

typedef struct replies replies;

struct reply_var {
	const char *name;
	const char *value; /* NULL: the variable is unknown */
};

/* Loads every *.txt in dir. NULL with *err when the folder cannot be read
 * or holds no template. */
replies *replies_new(const char *dir, char **err);
void replies_free(replies *r);

/* Number of variants under key (0 when there is no such key). */
size_t replies_count(const replies *r, const char *key);

/* The keys in sorted order: key i (borrowed), or NULL past the end. */
const char *replies_key(const replies *r, size_t i);

/* The raw text of variant i of key (borrowed), or NULL. */
const char *replies_raw(const replies *r, const char *key, size_t i);

/* Renders variant pick % count of key with vars. A variable that is not
 * given (or is NULL) renders as "" and sets *missing (when not NULL).
 * An unknown key renders as "" too, with *missing set. */
char *replies_render(const replies *r, const char *key, unsigned long pick,
                     const struct reply_var *vars, size_t n_vars, bool *missing);

/* Renders variant i exactly (no modulo); NULL when i is out of range. */
char *replies_render_nth(const replies *r, const char *key, size_t i,
                         const struct reply_var *vars, size_t n_vars, bool *missing);

#endif
