/*
 * lang.c: a pack is a lexicon, the folder it came from, and the English
 * pack it was opened over.
 */
#include "nlu/text/lang.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/xalloc.h"
#include "nlu/text/language.h"

struct lang {
	char *dir;
	lexicon *lx;
	lang *under; /* the English pack, or NULL */
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

lang *lang_open(const char *assets_dir, const char *language, char **err)
{
	char *dir = lang_pack_dir(assets_dir, language);
	char *en = xasprintf("%s/lang/%s", assets_dir, LANG_DEFAULT);
	lang *l = lang_load(dir, err);
	if (l && strcmp(dir, en)) {
		l->under = lang_load(en, err);
		if (!l->under) {
			lang_free(l);
			l = NULL;
		}
	}
	free(en);
	free(dir);
	return l;
}

void lang_free(lang *l)
{
	if (!l)
		return;
	lang_free(l->under);
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

char *lang_path(const lang *l, const char *name)
{
	char *path = xasprintf("%s/%s", l->dir, name);
	struct stat st;
	if (l->under && stat(path, &st) < 0) {
		free(path);
		return lang_path(l->under, name);
	}
	return path;
}

const lexicon_list *lang_list(const lang *l, const char *section)
{
	if (!l)
		return NULL;
	const lexicon_list *own = lexicon_get(l->lx, section);
	return own || !l->under ? own : lang_list(l->under, section);
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
