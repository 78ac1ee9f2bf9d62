/*
 * lang: a language pack, the words of one language that clerk reads as
 * data. A pack is a folder, assets/lang/<ISO 639-1 code>/, whose *.txt
 * files are lexicons (nlu/text/lexicon.h): stop words, synonyms, the
 * entity extractor's gazetteers and cue words, the words normalizing reads.
 * Its replies/ and intents/ subfolders (the dialogue's templates, the
 * intent classifier's training rows) are read by their own modules, not
 * here. Every section is optional. A catalog's pack is opened over the
 * English one (lang_open()): what it lacks, a section or replies/, is
 * read from English, so a pack that holds only stopwords.txt is English
 * with that language's stop words. assets/lang/README.md says which
 * sections exist and who reads them.
 *
 * The caller loads a pack once at start-up and hands it down (nlu_new(),
 * search_new(), the dialogue); modules keep borrowed pointers into it, so
 * it must outlive them. No global state, no environment.
 *
 * Ownership: lang_load() / lang_free(); lists and strings are borrowed.
 */
#ifndef CLERK_LANG_H
#define CLERK_LANG_H

#include "nlu/text/lexicon.h"

typedef struct lang lang;

/* Loads the pack in the folder dir (every *.txt directly in it), alone.
 * NULL with a one-line message in *err (heap; the caller frees it) when
 * the folder or one of its files cannot be read or a file is malformed. */
lang *lang_load(const char *dir, char **err);

/* The pack of a catalog's language (lang_pack_dir()), over the English
 * pack assets_dir/lang/en when it is another one. Errors as lang_load(). */
lang *lang_open(const char *assets_dir, const char *language, char **err);

void lang_free(lang *l);

/* Adds the sections of one more file or folder to the pack (a shop's own
 * synonyms, say): a section the pack has goes on with the new entries.
 * 0, or -1 with *err. */
int lang_add(lang *l, const char *path, char **err);

/* The folder the pack was loaded from. */
const char *lang_dir(const lang *l);

/* The path of name ("replies") in the pack's folder, or in the English
 * pack's when the pack has no such file or folder. Heap string; the
 * caller frees it. */
char *lang_path(const lang *l, const char *name);

/* The entries of a section of the pack (of the English pack under it when
 * the pack has no such section), or NULL (an empty list to every
 * lexicon_list_*() function) when l is NULL or no file names it. */
const lexicon_list *lang_list(const lang *l, const char *section);

/* The pack for a catalog's language under assets_dir: assets_dir/lang/CODE
 * when that folder exists, CODE being the ISO 639-1 code of language (a
 * Snowball name such as "french", or a code), else assets_dir/lang/en.
 * Heap string; the caller frees it. */
char *lang_pack_dir(const char *assets_dir, const char *language);

/* The pack a language falls back to. */
#define LANG_DEFAULT "en"

#endif
