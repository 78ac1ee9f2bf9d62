#include "nlu/text/stopwords.h"

#include <stddef.h>
#include <string.h>

#include "nlu/text/spell.h"

void stopwords_init(struct stopwords *sw, const lang *l)
{
	sw->stop = lang_list(l, "stop");
	sw->request = lang_list(l, "request");
	sw->protect = lang_list(l, "constraint");
	sw->noun_too = lang_list(l, "noun_too");
}

static bool in(const lexicon_list *l, const char *w)
{
	return w && lexicon_list_has(l, w, strlen(w));
}

bool stopwords_is_protected(const struct stopwords *sw, const char *word)
{
	return in(sw->protect, word);
}

bool stopwords_may_name(const struct stopwords *sw, const char *word)
{
	return in(sw->noun_too, word);
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

/* Is w one edit from a word of l of at least min letters? */
static bool near_in(const lexicon_list *l, const char *w, size_t n, size_t min)
{
	for (size_t i = 0; i < lexicon_list_size(l); i++) {
		const char *s = lexicon_list_at(l, i);
		size_t m = strlen(s);
		if (m >= min && (m > n ? m - n : n - m) <= 1 && spell_distance(w, n, s, m, 1) <= 1)
			return true;
	}
	return false;
}

#define NEAR_MIN_LETTERS 6

bool stopwords_near(const struct stopwords *sw, const char *word)
{
	size_t n = word ? strlen(word) : 0;
	if (n < NEAR_MIN_LETTERS || in(sw->protect, word))
		return false;
	return near_in(sw->stop, word, n, NEAR_MIN_LETTERS) ||
	       near_in(sw->request, word, n, NEAR_MIN_LETTERS);
}
