/*
 * fuzz_nlu: libFuzzer target for nlu_analyze(). Any bytes go in; nothing may
 * crash, leak, hit undefined behaviour or take time beyond linear.
 *
 * Built by CMake with CLERK_FUZZ=ON (clang -fsanitize=fuzzer,address,
 * undefined) and run by tests/fuzz/run.sh. The intent model comes from
 * $FUZZ_NLU_MODEL when set (run.sh passes the one the build trains), else
 * the nlu runs without a model (entities only). It reads the English
 * language pack of the source tree it was built from (CLERK_ASSETS_DIR).
 *
 * The nlu is made once per process, as a program would: the harness's one
 * static is the fuzzer's convention, not library state.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nlu/nlu.h"
#include "nlu/text/lang.h"

static lang *the_lang;
static nlu *the_nlu;

static void release_nlu(void)
{
	nlu_free(the_nlu);
	the_nlu = NULL;
	lang_free(the_lang);
	the_lang = NULL;
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	char *err = NULL;
	const char *model = getenv("FUZZ_NLU_MODEL");
	the_lang = lang_load(CLERK_ASSETS_DIR "/lang/en", &err);
	the_nlu = the_lang ? nlu_new(the_lang, model && *model ? model : NULL, &err) : NULL;
	if (!the_nlu) {
		fprintf(stderr, "fuzz_nlu: %s\n", err ? err : "cannot make the nlu");
		free(err);
		exit(1);
	}
	static const char *const brands[] = {"Samsung", "Apple", "kate spade new york", "LG"};
	static const char *const cats[] = {"Cell Phones", "Cell Phone Cases & Clips", "Headphones"};
	static const char *const colors[] = {"Rose Gold"};
	static const char *const materials[] = {"Leather"};
	struct nlu_vocab v = {brands, 4, cats, 3, colors, 1, materials, 1};
	nlu_set_vocab(the_nlu, &v);
	atexit(release_nlu);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* nlu_analyze takes a C string: the bytes up to the first NUL */
	char *s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	struct nlu_result r;
	nlu_analyze(the_nlu, s, &r);
	if (!r.intent || !r.normalized || r.confidence < 0 || r.confidence > 1 ||
	    r.entities.n_ordinals > NLU_MAX_ORDINALS)
		abort();
	nlu_result_release(&r);
	free(s);
	return 0;
}
