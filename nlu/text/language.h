/*
 * language: naming a stemming language the way libstemmer (Snowball) does.
 *
 * Shop owners write "fr", "French" or "fr_CA.UTF-8"; the index and the
 * settings table keep the Snowball name ("french"). This module only maps
 * names: it owns no state and does not depend on SQLite.
 */
#ifndef CLERK_LANGUAGE_H
#define CLERK_LANGUAGE_H

/* The Snowball name for name: one that libstemmer lists ("french", case
 * ignored), or an ISO 639-1 or 639-2 code ("fr", "fra", "fre"), with a
 * region or encoding suffix ignored ("fr_CA.UTF-8", "pt-BR").
 * Returns a string from sb_stemmer_list() (static, never freed), or NULL
 * with a one-line message in *err (heap; the caller frees it) that lists
 * the languages libstemmer offers. */
const char *language_snowball(const char *name, char **err);

/* The ISO 639-1 code of name (anything language_snowball() accepts:
 * "french", "fr", "fra", "fr_CA.UTF-8"): "fr". A static string, or NULL
 * when the name is unknown. */
const char *language_iso(const char *name);

/* The languages libstemmer offers, ", "-separated (heap; the caller frees
 * it). */
char *language_list(void);

#endif
