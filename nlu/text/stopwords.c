#include "nlu/text/stopwords.h"

#include <stdlib.h>
#include <string.h>

/* Sorted, for bsearch. */
static const char *const function_words[] = {
	"a", "about", "again", "all", "also", "although", "am", "an", "and", "any",
	"anything", "are", "as", "at", "be", "because", "been", "being", "by", "can",
	"could", "did", "do", "does", "doing", "every", "everything", "for", "from",
	"had", "has", "have", "having", "he", "her", "here", "hers", "him", "his",
	"how", "i", "if", "in", "into", "is", "it", "its", "just", "kind", "kinda",
	"lot", "lots", "many", "maybe", "me", "might", "mine", "much", "must", "my",
	"myself", "of", "off", "ok", "okay", "on", "once", "or", "our", "ours",
	"perhaps", "really", "several", "she", "should", "since", "so", "some",
	"something", "sort", "that", "the", "their", "them", "then", "there", "these",
	"they", "this", "those", "though", "to", "too", "type", "uh", "um", "until",
	"us", "very", "was", "we", "were", "what", "whats", "when", "whenever",
	"where", "which", "while", "who", "whom", "why", "will", "with", "would",
	"yeah", "yes", "you", "your", "yours",
};

static const char *const request_words[] = {
	"add", "anyone", "assist", "available", "browse", "buy", "buying",
	"carry", "check", "choose", "could", "display", "find", "finding",
	"get", "getting", "give", "go", "got", "hello", "help", "hey", "hi",
	"interested", "item", "items", "know", "like", "list", "look", "looking",
	"need", "needing", "options", "order", "ordering", "pick", "please",
	"product", "products", "purchase", "recommend", "search", "searching",
	"see", "seek", "seeking", "sell", "selling", "sells", "shop", "shopping",
	"show", "showing", "stock", "suggest", "suggestions", "take", "tell",
	"thanks", "thing", "things", "wanna", "want", "wanted", "wanting",
	"wish", "would",
};

/* Words that change what the shopper asks for. Sorted. */
static const char *const protected_words[] = {
	"above", "below", "best", "between", "but", "cheaper", "cheapest",
	"except", "fewer", "least", "less", "lower", "max", "maximum", "min",
	"minimum", "more", "most", "never", "no", "none", "nor", "not",
	"nothing", "only", "over", "than", "under", "without", "worst",
};

static int cmp(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

static bool in(const char *const *list, size_t n, const char *w)
{
	return w && bsearch(w, list, n, sizeof *list, cmp) != NULL;
}

bool stopwords_is_protected(const char *word)
{
	return in(protected_words, sizeof protected_words / sizeof *protected_words, word);
}

bool stopwords_is(const char *word)
{
	return in(function_words, sizeof function_words / sizeof *function_words, word) &&
	       !stopwords_is_protected(word);
}

bool stopwords_is_request(const char *word)
{
	return in(request_words, sizeof request_words / sizeof *request_words, word) &&
	       !stopwords_is_protected(word);
}

void stopwords_each(void (*fn)(const char *word, void *ctx), void *ctx)
{
	const struct {
		const char *const *words;
		size_t n;
	} lists[] = {
		{function_words, sizeof function_words / sizeof *function_words},
		{request_words, sizeof request_words / sizeof *request_words},
		{protected_words, sizeof protected_words / sizeof *protected_words},
	};
	for (size_t l = 0; l < sizeof lists / sizeof *lists; l++)
		for (size_t i = 0; i < lists[l].n; i++)
			fn(lists[l].words[i], ctx);
}
