/* The bundled English language pack for the unit tests (nlu/text/lang.h).
 * Header-only: include it in one test file. */
#ifndef CLERK_TEST_LANG_FIXTURE_H
#define CLERK_TEST_LANG_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>

#include "nlu/text/lang.h"

#define TEST_LANG_EN CLERK_ASSETS_DIR "/lang/en"

/* The whole English pack; the test fails to start without it. */
static inline lang *test_lang_en(void)
{
	char *err = NULL;
	lang *l = lang_load(TEST_LANG_EN, &err);
	if (!l) {
		fprintf(stderr, "cannot load %s: %s\n", TEST_LANG_EN, err ? err : "?");
		exit(1);
	}
	return l;
}

/* The English words catalog search reads (stop words, talk words, and the
 * fit words of cues.txt) without the pack's synonyms, and the synonym rules of the lexicon file
 * synonyms instead when it is not NULL: a search with only the rules a
 * test names. */
static inline lang *test_lang_search(const char *synonyms)
{
	char *err = NULL;
	lang *l = lang_load(TEST_LANG_EN "/stopwords.txt", &err);
	if (!l || lang_add(l, TEST_LANG_EN "/search.txt", &err) < 0 ||
	    lang_add(l, TEST_LANG_EN "/cues.txt", &err) < 0 ||
	    (synonyms && lang_add(l, synonyms, &err) < 0)) {
		fprintf(stderr, "cannot load the search words: %s\n", err ? err : "?");
		exit(1);
	}
	return l;
}

#endif
