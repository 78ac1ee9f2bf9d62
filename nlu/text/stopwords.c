#include "nlu/text/stopwords.h"

#include <stddef.h>
#include <string.h>

void stopwords_init(struct stopwords *sw, const lang *l)
{
	sw->stop = lang_list(l, "stop");
	sw->request = lang_list(l, "request");
	sw->protect = lang_list(l, "constraint");
}

static bool in(const lexicon_list *l, const char *w)
{
	return w && lexicon_list_has(l, w, strlen(w));
}

bool stopwords_is_protected(const struct stopwords *sw, const char *word)
{
	return in(sw->protect, word);
}

bool stopwords_is(const struct stopwords *sw, const char *word)
{
	return in(sw->stop, word) && !stopwords_is_protected(sw, word);
}

bool stopwords_is_request(const struct stopwords *sw, const char *word)
{
	return in(sw->request, word) && !stopwords_is_protected(sw, word);
}

void stopwords_each(const struct stopwords *sw, void (*fn)(const char *word, void *ctx),
                    void *ctx)
{
	const lexicon_list *lists[] = {sw->stop, sw->request, sw->protect};
	for (size_t l = 0; l < sizeof lists / sizeof *lists; l++)
		for (size_t i = 0; i < lexicon_list_size(lists[l]); i++)
			fn(lexicon_list_at(lists[l], i), ctx);
}
