/*
 * fieldname.c: splitting field names into words and reading their kind.
 */
#include "nlu/text/fieldname.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static bool is_lower(unsigned char c)
{
	return c >= 'a' && c <= 'z';
}

static bool is_upper(unsigned char c)
{
	return c >= 'A' && c <= 'Z';
}

static bool is_word_byte(unsigned char c)
{
	return isalnum(c) || c >= 0x80;
}

void fieldname_words(const char *key, size_t len, struct buf *out)
{
	const unsigned char *s = (const unsigned char *)key;
	size_t start = out->len;
	size_t word = 0; /* bytes of the word being written */
	bool gap = false;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = s[i];
		/* "Value(s)", "Size(s)": a plural said in brackets is the word */
		if (c == '(' && i + 2 < len && (s[i + 1] == 's' || s[i + 1] == 'S') && s[i + 2] == ')') {
			i += 2;
			continue;
		}
		if (!is_word_byte(c)) {
			gap = true;
			continue;
		}
		/* A new word at "aB" and at the last capital of "ABc", but not
		 * after one letter: unit symbols ("mAh", "kWh", "MHz") and
		 * "iPhone" stay whole. */
		bool split = i > 0 && word > 1 && is_upper(c) &&
		             (is_lower(s[i - 1]) || isdigit(s[i - 1]) ||
		              (is_upper(s[i - 1]) && i + 1 < len && is_lower(s[i + 1])));
		if ((gap || split) && out->len > start) {
			buf_addc(out, ' ');
			word = 0;
		}
		gap = false;
		buf_addc(out, (char)tolower(c));
		word++;
	}
}

struct word_kind {
	const char *word;
	enum fieldname_noise kind;
};

/* Sorted by word, for bsearch. Codes are matched without trailing digits
 * ("ean13", "isbn10", "gtin14" are "ean", "isbn", "gtin"). */
static const struct word_kind noise_words[] = {
	{"align", FIELDNAME_INTERNAL},        {"allow", FIELDNAME_INTERNAL},
	{"asin", FIELDNAME_CODE},             {"backorders", FIELDNAME_INTERNAL},
	{"barcode", FIELDNAME_CODE},          {"barcodes", FIELDNAME_CODE},
	{"cart", FIELDNAME_INTERNAL},         {"cell", FIELDNAME_PHONE},
	{"channel", FIELDNAME_INTERNAL},      {"channels", FIELDNAME_INTERNAL},
	{"checksum", FIELDNAME_CODE},         {"code", FIELDNAME_CODE},
	{"cogs", FIELDNAME_INTERNAL},         {"config", FIELDNAME_INTERNAL},
	{"configurable", FIELDNAME_INTERNAL}, {"cost", FIELDNAME_INTERNAL},
	{"costs", FIELDNAME_INTERNAL},        {"crawled", FIELDNAME_TIME},
	{"created", FIELDNAME_TIME},          {"decimal", FIELDNAME_INTERNAL},
	{"default", FIELDNAME_INTERNAL},      {"ean", FIELDNAME_CODE},
	{"email", FIELDNAME_PERSONAL},        {"emails", FIELDNAME_PERSONAL},
	{"etag", FIELDNAME_CODE},             {"fax", FIELDNAME_PHONE},
	{"featured", FIELDNAME_INTERNAL},     {"fetched", FIELDNAME_TIME},
	{"global", FIELDNAME_INTERNAL},       {"gtin", FIELDNAME_CODE},
	{"guid", FIELDNAME_CODE},             {"hash", FIELDNAME_CODE},
	{"href", FIELDNAME_LINK},             {"id", FIELDNAME_CODE},
	{"ids", FIELDNAME_CODE},              {"imported", FIELDNAME_TIME},
	{"increments", FIELDNAME_INTERNAL},   {"indexed", FIELDNAME_TIME},
	{"individually", FIELDNAME_INTERNAL}, {"inventory", FIELDNAME_INTERNAL},
	{"isbn", FIELDNAME_CODE},             {"jan", FIELDNAME_CODE},
	{"keywords", FIELDNAME_INTERNAL},     {"lastmod", FIELDNAME_TIME},
	{"link", FIELDNAME_LINK},             {"links", FIELDNAME_LINK},
	{"mail", FIELDNAME_PERSONAL},         {"manage", FIELDNAME_INTERNAL},
	{"margin", FIELDNAME_INTERNAL},       {"markup", FIELDNAME_INTERNAL},
	{"message", FIELDNAME_INTERNAL},      {"meta", FIELDNAME_INTERNAL},
	{"mobile", FIELDNAME_PHONE},          {"modified", FIELDNAME_TIME},
	{"mpn", FIELDNAME_CODE},              {"notify", FIELDNAME_INTERNAL},
	{"permalink", FIELDNAME_LINK},        {"phone", FIELDNAME_PHONE},
	{"picking", FIELDNAME_INTERNAL},      {"position", FIELDNAME_INTERNAL},
	{"profit", FIELDNAME_INTERNAL},       {"purchase", FIELDNAME_INTERNAL},
	{"purchases", FIELDNAME_INTERNAL},    {"ref", FIELDNAME_CODE},
	{"reference", FIELDNAME_CODE},        {"refs", FIELDNAME_CODE},
	{"scraped", FIELDNAME_TIME},          {"seo", FIELDNAME_INTERNAL},
	{"show", FIELDNAME_INTERNAL},         {"sku", FIELDNAME_CODE},
	{"skus", FIELDNAME_CODE},             {"slug", FIELDNAME_LINK},
	{"sort", FIELDNAME_INTERNAL},         {"src", FIELDNAME_LINK},
	{"supplier", FIELDNAME_INTERNAL},     {"synced", FIELDNAME_TIME},
	{"tax", FIELDNAME_INTERNAL},          {"tel", FIELDNAME_PHONE},
	{"telephone", FIELDNAME_PHONE},       {"thumb", FIELDNAME_LINK},
	{"thumbnail", FIELDNAME_LINK},        {"thumbnails", FIELDNAME_LINK},
	{"timestamp", FIELDNAME_TIME},        {"upc", FIELDNAME_CODE},
	{"updated", FIELDNAME_TIME},          {"upsells", FIELDNAME_INTERNAL},
	{"uri", FIELDNAME_LINK},              {"url", FIELDNAME_LINK},
	{"urls", FIELDNAME_LINK},             {"uuid", FIELDNAME_CODE},
	{"visible", FIELDNAME_INTERNAL},      {"warehouse", FIELDNAME_INTERNAL},
	{"websites", FIELDNAME_INTERNAL},     {"wholesale", FIELDNAME_INTERNAL},
};

static int cmp_word(const void *key, const void *elem)
{
	return strcmp(key, ((const struct word_kind *)elem)->word);
}

static enum fieldname_noise word_noise(const char *w, size_t len)
{
	char word[32];
	while (len > 1 && isdigit((unsigned char)w[len - 1]))
		len--;
	if (len >= sizeof word)
		return FIELDNAME_PLAIN;
	memcpy(word, w, len);
	word[len] = '\0';
	const struct word_kind *k = bsearch(word, noise_words, sizeof noise_words / sizeof *noise_words,
	                                    sizeof *noise_words, cmp_word);
	return k ? k->kind : FIELDNAME_PLAIN;
}

/* A shop's own settings for a product, whole keys (WooCommerce's REST
 * API: "download limit", "menu order", "price html", "total sales",
 * "shipping taxable", "purchasable" ...): no fact for a shopper. */
static bool shop_setting(const char *words)
{
	static const char *const keys[] = {
		"backordered",      "backorders allowed", "catalog visibility", "download expiry",
		"download limit",   "downloadable",       "has options",        "menu order",
		"price html",       "purchasable",        "reviews allowed",    "shipping class",
		"shipping class id", "shipping required", "shipping taxable",   "sold individually",
		"tax status",       "total sales",        "virtual",
	};
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
		if (!strcmp(words, keys[i]))
			return true;
	return false;
}

/* BigCommerce's columns for Google Product Search ("GPS Gender", "GPS
 * Category", "GPS Global Trade Item Number"): "gps" and a field of the
 * feed; "gps battery life" is a watch's fact. */
static bool gps_feed_field(const char *words)
{
	static const char *const fields[] = {"gender", "category", "age group", "color", "colour",
	                                     "size", "material", "pattern", "enabled", "condition",
	                                     "global trade", "manufacturer part", "custom label",
	                                     "product type", "mpn", "gtin"};
	if (strncmp(words, "gps ", 4))
		return false;
	for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
		if (!strncmp(words + 4, fields[i], strlen(fields[i])))
			return true;
	return false;
}

enum fieldname_noise fieldname_noise(const char *words)
{
	/* Personal data first: "reviewer email id" is never stored. */
	static const int strength[] = {
		[FIELDNAME_PLAIN] = 0, [FIELDNAME_TIME] = 1,  [FIELDNAME_LINK] = 2,
		[FIELDNAME_CODE] = 3,  [FIELDNAME_INTERNAL] = 4, [FIELDNAME_PHONE] = 5,
		[FIELDNAME_PERSONAL] = 6,
	};
	enum fieldname_noise best = FIELDNAME_PLAIN;
	for (const char *p = words; *p;) {
		size_t n = strcspn(p, " ");
		enum fieldname_noise k = word_noise(p, n);
		if (strength[k] > strength[best])
			best = k;
		p += n;
		while (*p == ' ')
			p++;
	}
	/* a shop's settings for its feeds and pages: BigCommerce's "GPS
	 * Gender", "GPS Category" (Google Product Search), "Page Title",
	 * "Low Stock Level", "Option Set" */
	if (best == FIELDNAME_PLAIN && (gps_feed_field(words) || strstr(words, "page title") ||
	                                strstr(words, "low stock") || !strncmp(words, "option set", 10) ||
	                                shop_setting(words)))
		best = FIELDNAME_INTERNAL;
	/* "master variant key", "variants key": a record's key in its
	 * platform ("key features" is no code); a rating's range beside its
	 * average ("highest rating", "lowest rating") */
	size_t wl = strlen(words);
	if (best == FIELDNAME_PLAIN && wl > 4 && !strcmp(words + wl - 4, " key"))
		best = FIELDNAME_CODE;
	static const char *const ranges[] = {"highest rating", "lowest rating"};
	for (size_t i = 0; best == FIELDNAME_PLAIN && i < 2; i++) {
		size_t rl = strlen(ranges[i]);
		if (wl >= rl && !strcmp(words + wl - rl, ranges[i]) &&
		    (wl == rl || words[wl - rl - 1] == ' '))
			best = FIELDNAME_INTERNAL;
	}
	/* "e mail", as "e-mail" splits. */
	if (best != FIELDNAME_PERSONAL && strstr(words, "e mail"))
		best = FIELDNAME_PERSONAL;
	/* "base image label", "thumbnail alt", "product image description 1":
	 * what an image is called */
	size_t n;
	const char *last = fieldname_last_word(words, &n);
	if (best == FIELDNAME_PLAIN && last && fieldname_media(words) &&
	    ((n == 5 && !strncmp(last, "label", 5)) || (n == 6 && !strncmp(last, "labels", 6)) ||
	     strstr(words, " description") ||
	     (n == 3 && !strncmp(last, "alt", 3)) || (n == 4 && !strncmp(last, "role", 4)) ||
	     (n == 5 && !strncmp(last, "roles", 5))))
		best = FIELDNAME_LINK;
	return best;
}

enum fieldname_role fieldname_role(const char *word, size_t len)
{
	static const struct {
		const char *word;
		enum fieldname_role role;
	} roles[] = {
		{"value", FIELDNAME_ROLE_VALUE},  {"amount", FIELDNAME_ROLE_VALUE},
		{"quantity", FIELDNAME_ROLE_VALUE}, {"qty", FIELDNAME_ROLE_VALUE},
		{"val", FIELDNAME_ROLE_VALUE},    {"unit", FIELDNAME_ROLE_UNIT},
		{"units", FIELDNAME_ROLE_UNIT},   {"uom", FIELDNAME_ROLE_UNIT},
		{"unitofmeasure", FIELDNAME_ROLE_UNIT}, {"measure", FIELDNAME_ROLE_UNIT},
		{"name", FIELDNAME_ROLE_NAME},
		{"label", FIELDNAME_ROLE_NAME},   {"title", FIELDNAME_ROLE_NAME},
		{"text", FIELDNAME_ROLE_NAME},    {"display", FIELDNAME_ROLE_NAME},
	};
	for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
		if (strlen(roles[i].word) == len && !memcmp(roles[i].word, word, len))
			return roles[i].role;
	return FIELDNAME_ROLE_NONE;
}

bool fieldname_media(const char *words)
{
	static const char *const media[] = {
		"gallery", "icon", "icons", "image", "images", "img", "media", "photo", "photos",
		"picture", "pictures", "thumbnail", "thumbnails", "video", "videos",
	};
	for (const char *p = words; *p;) {
		size_t n = strcspn(p, " ");
		for (size_t i = 0; i < sizeof media / sizeof media[0]; i++)
			if (strlen(media[i]) == n && !strncmp(media[i], p, n))
				return true;
		p += n;
		while (*p == ' ')
			p++;
	}
	return false;
}

const char *fieldname_last_word(const char *words, size_t *len)
{
	size_t n = strlen(words);
	while (n && words[n - 1] == ' ')
		n--;
	if (!n)
		return NULL;
	size_t start = n;
	while (start && words[start - 1] != ' ')
		start--;
	*len = n - start;
	return words + start;
}
