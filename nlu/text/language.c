/*
 * language.c: Snowball names from the names and codes people use.
 */
#include "nlu/text/language.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libstemmer.h>

#include "common/buf.h"
#include "common/xalloc.h"

/* ISO 639-1 and 639-2 (terminology, then bibliographic) codes of the
 * languages Snowball stems. A language this libstemmer lacks is refused
 * by the check against sb_stemmer_list(). */
static const struct {
	const char *snowball;
	const char *codes[3];
} iso_codes[] = {
	{"arabic", {"ar", "ara"}},         {"armenian", {"hy", "hye", "arm"}},
	{"basque", {"eu", "eus", "baq"}},  {"catalan", {"ca", "cat"}},
	{"danish", {"da", "dan"}},         {"dutch", {"nl", "nld", "dut"}},
	{"english", {"en", "eng"}},        {"finnish", {"fi", "fin"}},
	{"french", {"fr", "fra", "fre"}},  {"german", {"de", "deu", "ger"}},
	{"greek", {"el", "ell", "gre"}},   {"hindi", {"hi", "hin"}},
	{"hungarian", {"hu", "hun"}},      {"indonesian", {"id", "ind"}},
	{"irish", {"ga", "gle"}},          {"italian", {"it", "ita"}},
	{"lithuanian", {"lt", "lit"}},     {"nepali", {"ne", "nep"}},
	{"norwegian", {"no", "nor", "nb"}}, {"portuguese", {"pt", "por"}},
	{"romanian", {"ro", "ron", "rum"}}, {"russian", {"ru", "rus"}},
	{"serbian", {"sr", "srp"}},        {"spanish", {"es", "spa"}},
	{"swedish", {"sv", "swe"}},        {"tamil", {"ta", "tam"}},
	{"turkish", {"tr", "tur"}},        {"yiddish", {"yi", "yid"}},
};

/* The entry of libstemmer's list equal to name (case ignored), or NULL. */
static const char *listed(const char *name, size_t len)
{
	for (const char **l = sb_stemmer_list(); *l; l++)
		if (strlen(*l) == len && !strncasecmp(*l, name, len))
			return *l;
	return NULL;
}

static const char *from_code(const char *code, size_t len)
{
	for (size_t i = 0; i < sizeof iso_codes / sizeof iso_codes[0]; i++)
		for (size_t k = 0; k < 3 && iso_codes[i].codes[k]; k++)
			if (strlen(iso_codes[i].codes[k]) == len &&
			    !strncasecmp(iso_codes[i].codes[k], code, len))
				return listed(iso_codes[i].snowball, strlen(iso_codes[i].snowball));
	return NULL;
}

const char *language_snowball(const char *name, char **err)
{
	const char *found = NULL;
	if (name && *name) {
		size_t len = strlen(name);
		/* "fr_CA.UTF-8", "pt-BR", "de@euro": the language is the part
		 * before the first separator. */
		size_t base = strcspn(name, "_-.@");
		found = listed(name, len);
		if (!found)
			found = from_code(name, base);
	}
	if (!found && err) {
		char *all = language_list();
		*err = xasprintf("unknown language '%s' (libstemmer offers: %s)", name ? name : "",
		                 all);
		free(all);
	}
	return found;
}

const char *language_iso(const char *name)
{
	const char *snowball = language_snowball(name, NULL);
	if (!snowball)
		return NULL;
	for (size_t i = 0; i < sizeof iso_codes / sizeof iso_codes[0]; i++)
		if (!strcasecmp(iso_codes[i].snowball, snowball))
			return iso_codes[i].codes[0];
	return NULL;
}

char *language_list(void)
{
	struct buf b;
	buf_init(&b);
	for (const char **l = sb_stemmer_list(); *l; l++) {
		if (b.len)
			buf_adds(&b, ", ");
		buf_adds(&b, *l);
	}
	return buf_detach(&b);
}
