/*
 * ebay.c: a record of an eBay listing export, read as the shop means it
 * (see ebay.h).
 */
#include "catalog/import/ebay.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/xalloc.h"

#define KEY_MAX 64
/* the pairs a record gains: currency, condition, shipping, returns */
#define EXTRA_PAIRS 4
/* room for the words of the pairs it gains */
#define EXTRA_BYTES 1024

struct ebay {
	char currency[4]; /* the Action column's "Currency=USD", or "" */
	const lexicon_list *conditions, *words;
	struct mapping *m;
};

static bool has_prefix(const char *s, const char *prefix)
{
	return !strncasecmp(s, prefix, strlen(prefix));
}

bool ebay_header(const char *const *header, size_t n)
{
	bool price = false, own = false;
	for (size_t i = 0; i < n; i++) {
		char norm[KEY_MAX];
		mapping_normalize(header[i], norm, sizeof norm);
		price |= !strcmp(norm, "startprice");
		/* "*Action(SiteID=US|...)", the condition's id, the item
		 * specifics, Seller Hub's "eBay category 1 name" */
		own |= !strcmp(norm, "action") || !strcmp(norm, "conditionid") ||
		       has_prefix(header[i], EBAY_SPECIFIC_PREFIX) ||
		       !strncmp(norm, "ebaycategory", 12);
	}
	return price && own;
}

struct ebay *ebay_new(const char *const *header, size_t n, const lang *pack, struct mapping *m)
{
	struct ebay *e = xcalloc(1, sizeof *e);
	e->conditions = lang_list(pack, "ebay_conditions");
	e->words = lang_list(pack, "ebay_words");
	e->m = m;
	for (size_t i = 0; i < n && !e->currency[0]; i++) {
		const char *c = strstr(header[i], "Currency=");
		if (!has_prefix(header[i] + (header[i][0] == '*'), "Action") || !c)
			continue;
		c += strlen("Currency=");
		if (isalpha((unsigned char)c[0]) && isalpha((unsigned char)c[1]) &&
		    isalpha((unsigned char)c[2]) && !isalpha((unsigned char)c[3]))
			for (int k = 0; k < 3; k++)
				e->currency[k] = (char)toupper((unsigned char)c[k]);
	}
	return e;
}

void ebay_free(struct ebay *e)
{
	free(e);
}

/* The pack's words for a code of eBay's ("ReturnsAccepted", "Days_30"),
 * looked up in its comparison form, or NULL. */
static const char *word_for(const struct ebay *e, const char *code)
{
	char norm[KEY_MAX];
	mapping_normalize(code, norm, sizeof norm);
	long i = lexicon_list_find(e->words, norm, strlen(norm));
	return i >= 0 ? lexicon_list_value(e->words, i) : NULL;
}

/* A shipping service's code as words: "USPSFirstClass" is "USPS First
 * Class", "UPS_Ground" "UPS Ground". */
static void service_words(const char *s, char *out, size_t size)
{
	size_t n = 0, len = strlen(s);
	for (size_t i = 0; i < len && n + 2 < size; i++) {
		char c = s[i] == '_' ? ' ' : s[i];
		bool cap = isupper((unsigned char)c);
		bool starts = i > 0 && cap &&
		              (islower((unsigned char)s[i - 1]) ||
		               (isupper((unsigned char)s[i - 1]) && islower((unsigned char)s[i + 1])));
		if (starts && n && out[n - 1] != ' ')
			out[n++] = ' ';
		out[n++] = c;
	}
	out[n] = '\0';
}

/* The strings of one unpacked record, in one block after its arrays. */
struct out {
	char *p, *end;
};

static const char *put(struct out *o, const char *s, size_t len)
{
	if (len + 1 > (size_t)(o->end - o->p))
		len = (size_t)(o->end - o->p) - 1;
	char *at = o->p;
	memcpy(at, s, len);
	at[len] = '\0';
	o->p += len + 1;
	return at;
}

void *ebay_unpack(struct ebay *e, const struct record *r, struct record *x)
{
	size_t n = r->n + EXTRA_PAIRS, bytes = EXTRA_BYTES;
	for (size_t i = 0; i < r->n; i++)
		bytes += r->lens[i] + 1;
	size_t arrays = n * (2 * sizeof(char *) + sizeof(size_t));
	char *block = xcalloc(1, arrays + bytes);
	const char **keys = (const char **)block;
	const char **values = keys + n;
	size_t *lens = (size_t *)(values + n);
	struct out o = {block + arrays, block + arrays + bytes};
	const char *condition = NULL, *service = NULL, *cost = NULL, *accepted = NULL,
	           *within = NULL, *paid_by = NULL;
	bool currency = false, free_shipping = false, variation = false;
	const char *details = NULL;
	long title = -1;
	size_t m = 0;
	for (size_t i = 0; i < r->n; i++) {
		const char *v = r->values[i];
		size_t len = r->lens[i];
		char norm[KEY_MAX];
		mapping_normalize(r->keys[i], norm, sizeof norm);
		/* the seller's own code for the listing ("CustomLabel") is its
		 * SKU, and hidden as one when it is not the id */
		keys[m] = !strcmp(norm, "customlabel") ? "Custom label (SKU)" : r->keys[i];
		values[m] = v;
		lens[m] = len;
		const char *bar = memchr(v, '|', len);
		if (has_prefix(r->keys[i], EBAY_SPECIFIC_PREFIX) && bar) {
			/* a list of values ("Wi-Fi|Bluetooth"); a field takes the
			 * first */
			int rank;
			if (mapping_resolve(e->m, r->keys[i], &rank) >= 0) {
				lens[m] = (size_t)(bar - v);
				values[m] = put(&o, v, lens[m]);
			} else {
				char *copy = (char *)put(&o, v, len);
				for (char *c = copy; *c; c++)
					if (*c == '|')
						*c = RECORD_SEP;
				values[m] = copy;
			}
		} else if ((!strcmp(norm, "picurl") || !strcmp(norm, "pictureurl")) && bar) {
			lens[m] = (size_t)(bar - v);
			values[m] = put(&o, v, lens[m]);
		}
		m++;
		const char *t = record_skip_ws(v);
		if (!strcmp(norm, "title"))
			title = (long)(m - 1);
		if (!*t)
			continue;
		if (!strcmp(norm, "currency"))
			currency = true;
		else if (!strcmp(norm, "relationship"))
			variation = !strncasecmp(t, "variation", 9);
		else if (!strcmp(norm, "relationshipdetails"))
			details = t;
		else if (!strcmp(norm, "conditionid"))
			condition = t;
		else if (!strcmp(norm, "shippingservice1option"))
			service = t;
		else if (!strcmp(norm, "shippingservice1cost"))
			cost = t;
		else if (!strcmp(norm, "shippingservice1freeshipping"))
			free_shipping = !strcmp(t, "1") || !strcasecmp(t, "true");
		else if (!strcmp(norm, "returnsacceptedoption"))
			accepted = t;
		else if (!strcmp(norm, "returnswithinoption"))
			within = t;
		else if (!strcmp(norm, "shippingcostpaidbyoption"))
			paid_by = t;
	}
	char text[EXTRA_BYTES / 4];
	/* a variation row ("Relationship: Variation") names its options in
	 * "Color=Red|Size=M" and has no title: its name says them as a
	 * variant row's name does ("[V]Color=Red,[V]Size=M"; import.c folds
	 * it into the listing above it) */
	if (variation && details && title >= 0 && !*record_skip_ws(values[title])) {
		size_t tl = 0;
		text[0] = '\0';
		for (const char *p = details; *p && tl + 8 < sizeof text;) {
			size_t len = strcspn(p, "|");
			if (memchr(p, '=', len))
				tl += (size_t)snprintf(text + tl, sizeof text - tl, "%s[V]%.*s", tl ? "," : "",
				                       (int)len, p);
			p += len + (p[len] == '|');
		}
		if (tl >= sizeof text)
			tl = sizeof text - 1;
		values[title] = put(&o, text, tl);
		lens[title] = strlen(values[title]);
	}
	if (!currency && e->currency[0]) {
		keys[m] = "currency";
		values[m] = put(&o, e->currency, strlen(e->currency));
		lens[m++] = strlen(e->currency);
	}
	if (condition) {
		size_t cl = strcspn(condition, " \t\r\n");
		long k = lexicon_list_find(e->conditions, condition, cl);
		const char *word = k >= 0 ? lexicon_list_value(e->conditions, k) : NULL;
		if (word) {
			keys[m] = "condition";
			values[m] = put(&o, word, strlen(word));
			lens[m++] = strlen(word);
		}
	}
	/* the first service's cost, said as a shopper asks it: free, or the
	 * amount in the listing's currency */
	const char *free_word = word_for(e, "free");
	double amount = -1;
	if (cost && record_parse_double(cost, &amount) < 0)
		amount = -1;
	if (free_shipping)
		amount = 0;
	char service_text[128] = "";
	if (service)
		service_words(service, service_text, sizeof service_text);
	text[0] = '\0';
	if (amount == 0 && free_word)
		snprintf(text, sizeof text, "%s%s%s", free_word, *service_text ? ", " : "", service_text);
	else if (amount > 0)
		snprintf(text, sizeof text, "%.2f%s%s%s%s", amount, e->currency[0] ? " " : "",
		         e->currency, *service_text ? ", " : "", service_text);
	if (text[0]) {
		keys[m] = "shipping";
		values[m] = put(&o, text, strlen(text));
		lens[m++] = strlen(text);
	}
	/* the returns policy: accepted or not, within how long, who pays the
	 * postage back */
	const char *policy = accepted ? word_for(e, accepted) : NULL;
	if (policy) {
		char norm[KEY_MAX];
		mapping_normalize(accepted, norm, sizeof norm);
		bool yes = !strcmp(norm, "returnsaccepted");
		const char *days = yes && within ? word_for(e, within) : NULL;
		const char *payer = yes && paid_by ? word_for(e, paid_by) : NULL;
		snprintf(text, sizeof text, "%s%s%s%s%s", policy, days ? " " : "", days ? days : "",
		         payer ? ", " : "", payer ? payer : "");
		keys[m] = "returns";
		values[m] = put(&o, text, strlen(text));
		lens[m++] = strlen(text);
	}
	*x = *r;
	x->keys = keys;
	x->values = values;
	x->lens = lens;
	x->n = m;
	return block;
}
