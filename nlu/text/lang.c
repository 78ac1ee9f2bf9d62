/*
 * lang.c: a pack is a lexicon and the folder it came from.
 */
#include "nlu/text/lang.h"

#include <stdlib.h>
#include <sys/stat.h>

#include "common/xalloc.h"
#include "nlu/text/language.h"

struct lang {
	char *dir;
	lexicon *lx;
};

lang *lang_load(const char *dir, char **err)
{
	lang *l = xcalloc(1, sizeof *l);
	l->dir = xstrdup(dir);
	l->lx = lexicon_new();
	if (lexicon_load(l->lx, dir, err) < 0) {
		lang_free(l);
		return NULL;
	}
	return l;
}

void lang_free(lang *l)
{
	if (!l)
		return;
	lexicon_free(l->lx);
	free(l->dir);
	free(l);
}

int lang_add(lang *l, const char *path, char **err)
{
	return lexicon_load(l->lx, path, err);
}

const char *lang_dir(const lang *l)
{
	return l->dir;
}

const lexicon_list *lang_list(const lang *l, const char *section)
{
	return l ? lexicon_get(l->lx, section) : NULL;
}

char *lang_pack_dir(const char *assets_dir, const char *language)
{
	const char *code = language ? language_iso(language) : NULL;
	if (code) {
		char *dir = xasprintf("%s/lang/%s", assets_dir, code);
		struct stat st;
		if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
			return dir;
		free(dir);
	}
	return xasprintf("%s/lang/%s", assets_dir, LANG_DEFAULT);
}
