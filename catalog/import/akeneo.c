/*
 * akeneo.c: Akeneo's columns planned from the header, its values made
 * words, its rows held back and its product models folded.
 */
#include "catalog/import/akeneo.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/buf.h"
#include "common/xalloc.h"
#include "nlu/text/fieldname.h"

#define NONE SIZE_MAX

/* ---- the header ---- */

/* What a column of the export is: a property of the product (its sku,
 * categories, whether it is enabled, its family and groups, its model), a
 * price in the chosen currency, a metric's unit, another attribute, or a
 * copy not used (another locale's, channel's or currency's). */
enum column_kind {
	COL_DROP,
	COL_ID,
	COL_CATEGORIES,
	COL_ENABLED,
	COL_FAMILY,
	COL_GROUPS,
	COL_PARENT,
	COL_PRICE,
	COL_UNIT,
	COL_ATTR,
};

struct column {
	enum column_kind kind;
	char *key;         /* what it is read as: "name", "price", "width-unit" */
	char *words;       /* the key as words: "bed size" */
	int field;         /* the product field the mapping gives key, or a MAPPING_ value */
	bool metric;       /* a value whose unit is in a column beside it */
	bool availability; /* says when the product can be had ("lead_time") */
	bool plain;        /* a fact of the product, not a code, link or time stamp */
	bool zero, one, other; /* values seen while reading ahead */
	bool yes_no;       /* only 1 and 0 were seen, both */
};

struct plan {
	struct column *cols;
	size_t n;
	size_t id, categories, enabled, family, groups, parent; /* NONE: absent */
};

/* A column's name taken apart: "description-en_GB-ecommerce" is the
 * attribute "description" in the locale en_GB and the channel ecommerce;
 * "price-GBP" a price in GBP; "width-unit" the unit of "width";
 * "X_SELL-products" an association's related products. Akeneo's codes
 * hold no '-'. */
struct name_parts {
	size_t code;             /* length of the attribute's code */
	const char *locale, *channel, *currency;
	size_t locale_len, channel_len;
	bool unit;
	bool association; /* "X_SELL-products", "PACK-product_models": related products */
};

/* "en_GB", "de_DE", "zh_Hans_CN": a language, '_', then a region (or a
 * script and a region), which channel codes ("mobile_app") are not. */
static bool locale_part(const char *p, size_t n)
{
	size_t lang = 0;
	while (lang < n && islower((unsigned char)p[lang]))
		lang++;
	if (lang < 2 || lang > 3 || lang + 2 >= n || p[lang] != '_')
		return false;
	bool region = false;
	for (size_t i = lang + 1; i < n; i++) {
		if (!isalnum((unsigned char)p[i]) && p[i] != '_')
			return false;
		region |= isupper((unsigned char)p[i]) || isdigit((unsigned char)p[i]);
	}
	return region;
}

/* "GBP", "EUR": a currency's code. */
static bool currency_part(const char *p, size_t n)
{
	return n == 3 && isupper((unsigned char)p[0]) && isupper((unsigned char)p[1]) &&
	       isupper((unsigned char)p[2]);
}

static bool same_part(const char *a, size_t an, const char *b, size_t bn)
{
	return an == bn && (!an || !memcmp(a, b, an));
}

static void name_parts_of(const char *name, struct name_parts *np)
{
	memset(np, 0, sizeof *np);
	np->code = strcspn(name, "-");
	for (const char *p = name + np->code; *p == '-';) {
		p++;
		size_t n = strcspn(p, "-");
		if (n == 4 && !strncmp(p, "unit", 4))
			np->unit = true;
		else if (same_part(p, n, "products", 8) || same_part(p, n, "product_models", 14) ||
		         same_part(p, n, "groups", 6))
			np->association = true;
		else if (currency_part(p, n))
			np->currency = p;
		else if (locale_part(p, n))
			np->locale = p, np->locale_len = n;
		else if (n)
			np->channel = p, np->channel_len = n;
		p += n;
	}
}


/* The header's locale for the catalog's language (any English one for
 * "en"), else its first: *locale and *len, or NULL. */
static const char *chosen_locale(const char *const *names, size_t n, const char *language,
                                 size_t *len)
{
	const char *first = NULL;
	size_t first_len = 0, lang = strlen(language);
	for (size_t i = 0; i < n; i++) {
		struct name_parts np;
		name_parts_of(names[i], &np);
		if (!np.locale)
			continue;
		if (!strncasecmp(np.locale, language, lang) && np.locale[lang] == '_') {
			*len = np.locale_len;
			return np.locale;
		}
		if (!first)
			first = np.locale, first_len = np.locale_len;
	}
	*len = first_len;
	return first;
}

/* The currency asked for when a price column has it, else the header's
 * first; into cur (4 bytes, "" when no column has one). */
static void chosen_currency(const char *const *names, size_t n, const char *asked, char *cur)
{
	cur[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		struct name_parts np;
		name_parts_of(names[i], &np);
		if (!np.currency)
			continue;
		if (asked && !strncasecmp(np.currency, asked, 3)) {
			memcpy(cur, np.currency, 3);
			cur[3] = '\0';
			return;
		}
		if (!cur[0]) {
			memcpy(cur, np.currency, 3);
			cur[3] = '\0';
		}
	}
}

/* The channel an attribute is read in: "ecommerce", what the shop's
 * website shows, when the attribute has it; else its first (a print
 * catalogue's or an app's copy is another text of the same fact). */
static const char *chosen_channel(const char *const *names, size_t n, const char *code,
                                  size_t code_len, const char *locale, size_t locale_len,
                                  size_t *len)
{
	const char *first = NULL;
	size_t first_len = 0;
	for (size_t i = 0; i < n; i++) {
		struct name_parts np;
		name_parts_of(names[i], &np);
		if (!np.channel || !same_part(names[i], np.code, code, code_len) ||
		    (np.locale && !same_part(np.locale, np.locale_len, locale, locale_len)))
			continue;
		if (same_part(np.channel, np.channel_len, "ecommerce", 9)) {
			*len = np.channel_len;
			return np.channel;
		}
		if (!first)
			first = np.channel, first_len = np.channel_len;
	}
	*len = first_len;
	return first;
}

/* Names that say when a product can be had: a select of such codes
 * ("lead_time": next_day, out_of_stock) is a stock fact of each variant,
 * never what tells the variants apart. */
static bool availability_name(const char *words)
{
	static const char *const names[] = {"availability", "lead time", "delivery time",
	                                    "dispatch time", "shipping time", "stock status"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strstr(words, names[i]))
			return true;
	return false;
}

/* The properties every export has, by name. */
static enum column_kind property_of(const char *name, bool models)
{
	static const struct {
		const char *name;
		enum column_kind kind;
	} properties[] = {
		{"sku", COL_ID},         {"categories", COL_CATEGORIES}, {"enabled", COL_ENABLED},
		{"family", COL_FAMILY},  {"groups", COL_GROUPS},         {"parent", COL_PARENT},
		{"family_variant", COL_DROP},
	};
	if (models && !strcmp(name, "code"))
		return COL_ID;
	for (size_t i = 0; i < sizeof properties / sizeof properties[0]; i++)
		if (!strcmp(name, properties[i].name))
			return properties[i].kind;
	return COL_ATTR;
}

static void plan_release(struct plan *pl)
{
	for (size_t i = 0; i < pl->n; i++) {
		free(pl->cols[i].key);
		free(pl->cols[i].words);
	}
	free(pl->cols);
	memset(pl, 0, sizeof *pl);
}

/* Which copy of each attribute is read, and as what. */
static void plan_column(struct column *c, const char *const *names, size_t n, size_t i,
                        const char *locale, size_t locale_len, const char *cur, bool models)
{
	struct name_parts np;
	name_parts_of(names[i], &np);
	c->kind = COL_DROP;
	if (np.association)
		return; /* other products the shop relates to it */
	if (np.locale && !same_part(np.locale, np.locale_len, locale, locale_len))
		return; /* another language's copy */
	if (np.currency && strncmp(np.currency, cur, 3))
		return; /* a price in another currency */
	if (np.channel) {
		size_t len;
		const char *ch = chosen_channel(names, n, names[i], np.code, locale, locale_len, &len);
		if (!same_part(np.channel, np.channel_len, ch, len))
			return;
	}
	bool suffixed = names[i][np.code] != '\0';
	c->kind = np.unit ? COL_UNIT : np.currency ? COL_PRICE
	          : suffixed ? COL_ATTR : property_of(names[i], models);
	c->key = np.unit ? xasprintf("%.*s-unit", (int)np.code, names[i])
	                 : xstrndup(names[i], np.code);
}

static void plan_header(struct plan *pl, struct mapping *m, const char *const *names, size_t n,
                        const char *language, const char *currency, char *cur, bool models)
{
	plan_release(pl);
	pl->cols = xcalloc(n ? n : 1, sizeof *pl->cols);
	pl->n = n;
	size_t locale_len;
	const char *locale = chosen_locale(names, n, language, &locale_len);
	chosen_currency(names, n, currency, cur);
	size_t *props[] = {[COL_ID] = &pl->id, [COL_CATEGORIES] = &pl->categories,
	                   [COL_ENABLED] = &pl->enabled, [COL_FAMILY] = &pl->family,
	                   [COL_GROUPS] = &pl->groups, [COL_PARENT] = &pl->parent};
	for (size_t k = COL_ID; k <= COL_PARENT; k++)
		*props[k] = NONE;
	struct buf words;
	buf_init(&words);
	for (size_t i = 0; i < n; i++) {
		struct column *c = &pl->cols[i];
		plan_column(c, names, n, i, locale ? locale : "", locale_len, cur, models);
		if (c->kind >= COL_ID && c->kind <= COL_PARENT && *props[c->kind] == NONE)
			*props[c->kind] = i;
		if (!c->key)
			continue;
		buf_reset(&words);
		fieldname_words(c->key, strlen(c->key), &words);
		c->words = xstrdup(words.s ? words.s : "");
		int rank;
		c->field = m ? mapping_resolve(m, c->key, &rank) : MAPPING_FEATURE;
		c->availability = availability_name(c->words);
		c->plain = fieldname_noise(c->words) == FIELDNAME_PLAIN;
	}
	buf_release(&words);
	/* "width" beside a kept "width-unit" */
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < n && pl->cols[i].kind == COL_ATTR; k++)
			if (pl->cols[k].kind == COL_UNIT &&
			    strlen(pl->cols[k].key) == strlen(pl->cols[i].key) + 5 &&
			    !strncmp(pl->cols[k].key, pl->cols[i].key, strlen(pl->cols[i].key)))
				pl->cols[i].metric = true;
}

bool akeneo_products_header(const char *const *names, size_t n)
{
	bool sku = false, enabled = false, family = false, suffixed = false;
	for (size_t i = 0; i < n; i++) {
		struct name_parts np;
		name_parts_of(names[i], &np);
		sku |= !strcmp(names[i], "sku");
		enabled |= !strcmp(names[i], "enabled");
		family |= !strcmp(names[i], "family") || !strcmp(names[i], "parent");
		suffixed |= np.locale || np.currency;
	}
	return sku && enabled && family && suffixed;
}

bool akeneo_models_header(const char *const *names, size_t n)
{
	bool code = false, family_variant = false;
	for (size_t i = 0; i < n; i++) {
		code |= !strcmp(names[i], "code");
		family_variant |= !strcmp(names[i], "family_variant");
	}
	return code && family_variant;
}

/* ---- values as words ---- */

/* v[0..n) without the spaces around it. */
static const char *trimmed(const char *v, size_t *n)
{
	while (*n && isspace((unsigned char)*v))
		v++, (*n)--;
	while (*n && isspace((unsigned char)v[*n - 1]))
		(*n)--;
	return v;
}

/* Is v an option code or a list of them ("dark_grey", "e27",
 * "pocket_springs,wool", "3_5_working_days"): lower-case letters, digits
 * and '_', ',' between codes, a letter somewhere? */
static bool code_list(const char *v, size_t n)
{
	bool letter = false;
	for (size_t i = 0; i < n; i++) {
		char c = v[i];
		if (c == ',' && (i == 0 || i + 1 == n || v[i - 1] == ','))
			return false;
		if (!islower((unsigned char)c) && !isdigit((unsigned char)c) && c != '_' && c != ',')
			return false;
		letter |= islower((unsigned char)c) != 0;
	}
	return letter;
}

static bool all_digits(const char *w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)w[i]))
			return false;
	return n > 0;
}

/* "e27", "gu10": a letter first, a digit after it. */
static bool standard_name(const char *w, size_t n)
{
	if (!n || !isalpha((unsigned char)w[0]))
		return false;
	for (size_t i = 1; i < n; i++)
		if (isdigit((unsigned char)w[i]))
			return true;
	return false;
}

/* One code as words: "dark_grey" -> "Dark grey"; numbers side by side are
 * a range ("3_5_working_days" -> "3-5 working days"); a word of letters
 * then digits is a standard's name ("e27" -> "E27", "gu10" -> "GU10");
 * with title, every word starts with a capital ("hartwell_finch" ->
 * "Hartwell Finch": a name). */
static void code_words(const char *c, size_t n, bool title, struct buf *out)
{
	size_t start = out->len;
	bool prev_number = false;
	for (size_t i = 0; i < n;) {
		size_t w = i;
		while (i < n && c[i] != '_')
			i++;
		size_t len = i - w;
		i += i < n;
		if (!len)
			continue;
		bool number = all_digits(c + w, len);
		if (out->len > start)
			buf_addc(out, number && prev_number ? '-' : ' ');
		prev_number = number;
		bool upper = standard_name(c + w, len);
		size_t at = out->len;
		for (size_t k = 0; k < len; k++)
			buf_addc(out, upper ? (char)toupper((unsigned char)c[w + k]) : c[w + k]);
		if (title || at == start)
			out->s[at] = (char)toupper((unsigned char)out->s[at]);
	}
}

/* A decimal with trailing zeros, as Akeneo writes metrics ("58.0000",
 * "49.5000"): without them ("58", "49.5"). */
static bool trim_decimal(const char *v, size_t *n)
{
	size_t i = v[0] == '-';
	size_t digits = 0;
	while (i < *n && isdigit((unsigned char)v[i]))
		i++, digits++;
	if (!digits || i >= *n || v[i] != '.' || !all_digits(v + i + 1, *n - i - 1))
		return false;
	size_t end = *n;
	while (end > i + 1 && v[end - 1] == '0')
		end--;
	*n = end == i + 1 ? i : end;
	return true;
}

/* A cell as the shop would show it, appended to out: codes as words (a
 * list of them RECORD_SEP between, each a value of its own), a yes/no
 * column's 1 and 0 as "yes" and "no", a metric's "58.0000" as "58". */
static void shown_value(const struct column *c, const char *v, size_t n, struct buf *out)
{
	v = trimmed(v, &n);
	if (c->yes_no && n == 1 && (*v == '0' || *v == '1')) {
		buf_adds(out, *v == '1' ? "yes" : "no");
		return;
	}
	if (trim_decimal(v, &n) || !code_list(v, n)) {
		buf_add(out, v, n);
		return;
	}
	for (size_t i = 0; i < n;) {
		size_t len = strcspn(v + i, ",");
		if (len > n - i)
			len = n - i;
		if (i)
			buf_addc(out, RECORD_SEP);
		code_words(v + i, len, c->field == PF_BRAND, out);
		i += len + 1;
	}
}

/* A metric's unit ("CENTIMETER", "CUBIC_METER") as the units table
 * spells it ("centimeter", "cubic meter"). */
static void unit_words(const char *v, size_t n, struct buf *out)
{
	v = trimmed(v, &n);
	for (size_t i = 0; i < n; i++)
		buf_addc(out, v[i] == '_' ? ' ' : (char)tolower((unsigned char)v[i]));
}

/* Codes an availability select says the product is not to be had with. */
static bool none_left(const char *v, size_t n)
{
	static const char *const codes[] = {"out_of_stock", "sold_out", "discontinued",
	                                    "unavailable", "no_longer_available"};
	v = trimmed(v, &n);
	for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
		if (strlen(codes[i]) == n && !strncmp(v, codes[i], n))
			return true;
	return false;
}

/* ---- categories ---- */

/* The root of a category tree, under which every product is: no
 * category of its own. */
static bool root_code(const char *c, size_t n)
{
	static const char *const roots[] = {"master", "default", "root"};
	for (size_t i = 0; i < sizeof roots / sizeof roots[0]; i++)
		if (strlen(roots[i]) == n && !strncmp(c, roots[i], n))
			return true;
	return false;
}

#define MAX_CODES 32

struct codes {
	const char *s[MAX_CODES];
	size_t len[MAX_CODES];
	size_t n;
};

/* The codes of a comma list, each once, roots left out. */
static void codes_add(struct codes *cs, const char *list)
{
	for (const char *p = list; *p && cs->n < MAX_CODES;) {
		size_t n = strcspn(p, ",");
		size_t len = n;
		const char *c = trimmed(p, &len);
		bool seen = !len || root_code(c, len);
		for (size_t k = 0; k < cs->n && !seen; k++)
			seen = same_part(cs->s[k], cs->len[k], c, len);
		if (!seen) {
			cs->s[cs->n] = c;
			cs->len[cs->n++] = len;
		}
		p += n + (p[n] == ',');
	}
}

/* The code of the list that code k's code starts with, then '_' (the
 * longest): "living_room" of "living_room_sofas"; NONE. */
static size_t parent_code(const struct codes *cs, size_t k)
{
	size_t best = NONE;
	for (size_t i = 0; i < cs->n; i++)
		if (i != k && cs->len[i] + 1 < cs->len[k] && cs->s[k][cs->len[i]] == '_' &&
		    !strncmp(cs->s[k], cs->s[i], cs->len[i]) &&
		    (best == NONE || cs->len[i] > cs->len[best]))
			best = i;
	return best;
}

static size_t depth_of(const struct codes *cs, size_t k)
{
	size_t d = 1;
	for (size_t p = parent_code(cs, k); p != NONE && d < MAX_CODES; p = parent_code(cs, p))
		d++;
	return d;
}

/* Does code k name the product's family ("rugs" of rugs, "living_room_
 * sofas" of sofas)? */
static bool names_family(const struct codes *cs, size_t k, const char *family)
{
	size_t f = strlen(family);
	const char *c = cs->s[k];
	size_t n = cs->len[k];
	return f && (same_part(c, n, family, f) ||
	             (n > f + 1 && c[n - f - 1] == '_' && !strncmp(c + n - f, family, f)));
}

static size_t words_in(const char *c, size_t n)
{
	size_t w = 1;
	for (size_t i = 0; i < n; i++)
		w += c[i] == '_';
	return w;
}

/* Is code k more specific than code best: deeper by prefix; as deep,
 * naming the family; then of more words ("lighting_desk_lamps" beside
 * "lighting_lamps"); else the first stays. */
static bool more_specific(const struct codes *cs, size_t k, size_t best, const char *family)
{
	if (best == NONE)
		return true;
	size_t dk = depth_of(cs, k), db = depth_of(cs, best);
	if (dk != db)
		return dk > db;
	bool fk = names_family(cs, k, family), fb = names_family(cs, best, family);
	if (fk != fb)
		return fk;
	return words_in(cs->s[k], cs->len[k]) > words_in(cs->s[best], cs->len[best]);
}

static size_t most_specific(const struct codes *cs, const char *family)
{
	size_t best = NONE;
	for (size_t k = 0; k < cs->n; k++)
		if (more_specific(cs, k, best, family))
			best = k;
	return best;
}

/* Category codes as a path of words and tags: "master,living_room,
 * living_room_sofas,sofa_beds" is "Living room > Sofas" (a code nests in
 * the one it starts with), tagged "Sofa beds"; the family's words
 * ("Light bulbs") when there are none. Tags RECORD_SEP between, each
 * without the code it nests in ("living_room_armchairs": "Armchairs"). */
static void category_of(const char *list, const char *family, struct buf *path,
                        struct buf *tags)
{
	struct codes cs = {0};
	codes_add(&cs, list);
	size_t best = most_specific(&cs, family);
	if (best == NONE) {
		code_words(family, strlen(family), false, path);
		return;
	}
	size_t chain[MAX_CODES], n = 0;
	for (size_t k = best; k != NONE && n < MAX_CODES; k = parent_code(&cs, k))
		chain[n++] = k;
	for (size_t i = n; i-- > 0;) {
		size_t k = chain[i], skip = i + 1 < n ? cs.len[chain[i + 1]] + 1 : 0;
		if (path->len)
			buf_adds(path, " > ");
		code_words(cs.s[k] + skip, cs.len[k] - skip, false, path);
	}
	for (size_t k = 0; k < cs.n; k++) {
		bool in_path = false;
		for (size_t i = 0; i < n && !in_path; i++)
			in_path = chain[i] == k;
		if (in_path)
			continue;
		/* "lighting_floor_lamps" under "lighting" is "Floor lamps" */
		size_t p = parent_code(&cs, k), skip = p == NONE ? 0 : cs.len[p] + 1;
		if (tags->len)
			buf_addc(tags, RECORD_SEP);
		code_words(cs.s[k] + skip, cs.len[k] - skip, false, tags);
	}
}

/* ---- the module ---- */

/* A row held back: its values in the store, from vals[at]. */
struct held {
	size_t pos, ordinal, n, at;
	bool variant;
};

struct span {
	size_t off, len;
};

/* A held variant, in the order models are handed out: by top model,
 * then as read. */
struct variant_ref {
	const char *root;   /* its top model's code */
	const char *parent; /* its own model's */
	size_t ordinal;
	size_t held;
};

/* A product model of the models sheet. */
struct model {
	char *code, *parent, *name, *description, *categories;
};

struct akeneo {
	char *language, *currency;
	char cur[4];
	struct plan plan;
	const char *const *names; /* the product file's header */
	/* rows held back */
	struct buf store;
	struct span *vals;
	size_t nvals, capvals;
	struct held *held;
	size_t nheld, capheld;
	bool decided;
	size_t ready; /* the next held row akeneo_next_ready() looks at */
	/* the models sheet: as read, then as models sorted by code */
	char **model_names;
	size_t n_model_names;
	char **model_rows; /* n_model_names values per row */
	size_t n_model_rows, cap_model_rows;
	struct model *models;
	size_t n_models;
	/* the variants by model, and the model handed out: variants
	 * [group, group_end) of `order`, the next one `next`, its axes */
	struct variant_ref *order;
	size_t norder, group, group_end, next;
	size_t axes[AKENEO_AXES], n_axes;
	/* the record handed out: keys borrowed, values at offsets in text */
	const char **keys, **values;
	size_t *lens, *offs;
	size_t n, cap;
	struct buf text, scratch, list;
	struct buf parents; /* the held variants' model codes (akeneo_finish()) */
	/* a held row's values as a record (view()) */
	const char **vv;
	size_t *vl, vcap;
};

struct akeneo *akeneo_new(const char *language, const char *currency)
{
	struct akeneo *ak = xcalloc(1, sizeof *ak);
	ak->language = xstrdup(language ? language : "en");
	ak->currency = currency ? xstrdup(currency) : NULL;
	buf_init(&ak->store);
	buf_init(&ak->text);
	buf_init(&ak->scratch);
	buf_init(&ak->list);
	buf_init(&ak->parents);
	return ak;
}

static void models_release(struct akeneo *ak)
{
	for (size_t i = 0; i < ak->n_models; i++) {
		struct model *m = &ak->models[i];
		free(m->code);
		free(m->parent);
		free(m->name);
		free(m->description);
		free(m->categories);
	}
	free(ak->models);
	ak->models = NULL;
	ak->n_models = 0;
}

void akeneo_free(struct akeneo *ak)
{
	if (!ak)
		return;
	plan_release(&ak->plan);
	models_release(ak);
	for (size_t i = 0; i < ak->n_model_rows * ak->n_model_names; i++)
		free(ak->model_rows[i]);
	free(ak->model_rows);
	for (size_t i = 0; i < ak->n_model_names; i++)
		free(ak->model_names[i]);
	free(ak->model_names);
	buf_release(&ak->store);
	buf_release(&ak->text);
	buf_release(&ak->scratch);
	buf_release(&ak->list);
	buf_release(&ak->parents);
	free(ak->vals);
	free(ak->held);
	free(ak->order);
	free(ak->keys);
	free(ak->values);
	free(ak->lens);
	free(ak->offs);
	free(ak->vv);
	free(ak->vl);
	free(ak->language);
	free(ak->currency);
	free(ak);
}

/* ---- the record handed out ---- */

static void out_reset(struct akeneo *ak)
{
	ak->n = 0;
	buf_reset(&ak->text);
}

/* The pair key = text[start..] (the value just written), unless empty. */
static void out_pair(struct akeneo *ak, const char *key, size_t start)
{
	if (ak->text.len == start)
		return;
	if (ak->n == ak->cap) {
		size_t cap = ak->cap;
		ak->keys = xgrow(ak->keys, &cap, ak->n + 1, sizeof *ak->keys);
		cap = ak->cap;
		ak->values = xgrow(ak->values, &cap, ak->n + 1, sizeof *ak->values);
		cap = ak->cap;
		ak->lens = xgrow(ak->lens, &cap, ak->n + 1, sizeof *ak->lens);
		cap = ak->cap;
		ak->offs = xgrow(ak->offs, &cap, ak->n + 1, sizeof *ak->offs);
		ak->cap = cap;
	}
	ak->keys[ak->n] = key;
	ak->offs[ak->n] = start;
	ak->lens[ak->n++] = ak->text.len - start;
	buf_addc(&ak->text, '\0');
}

static void out_text(struct akeneo *ak, const char *key, const char *v, size_t n)
{
	size_t start = ak->text.len;
	buf_add(&ak->text, v, n);
	out_pair(ak, key, start);
}

static void out_finish(struct akeneo *ak, size_t pos, size_t ordinal, struct record *out)
{
	for (size_t i = 0; i < ak->n; i++)
		ak->values[i] = ak->text.s + ak->offs[i];
	*out = (struct record){.keys = ak->keys, .values = ak->values, .lens = ak->lens,
	                       .n = ak->n, .pos = pos, .ordinal = ordinal};
}

/* One attribute's cell: an availability select that says none are left
 * is the availability ("availability: Out of stock"), which sets the
 * stock; a price says its currency. */
static void out_cell(struct akeneo *ak, const struct column *c, const char *v, size_t n)
{
	size_t start = ak->text.len;
	size_t tn = n;
	const char *t = trimmed(v, &tn);
	if (!tn)
		return;
	switch (c->kind) {
	case COL_PRICE:
		buf_printf(&ak->text, "%.*s %s", (int)tn, t, ak->cur);
		break;
	case COL_UNIT:
		unit_words(t, tn, &ak->text);
		break;
	case COL_ATTR:
		shown_value(c, t, tn, &ak->text);
		if (c->availability && none_left(t, tn)) {
			out_pair(ak, "availability", start);
			return;
		}
		break;
	default:
		buf_add(&ak->text, t, tn);
		break;
	}
	out_pair(ak, c->key, start);
}

/* The category and the tags of category codes (',' between), with the
 * family (the category when there are none) and the groups' words (tags:
 * "harlow_collection" is "Harlow collection"). */
static void out_categories(struct akeneo *ak, const char *codes, const char *family,
                           const char *groups)
{
	buf_reset(&ak->scratch);
	buf_reset(&ak->list);
	category_of(codes, family, &ak->scratch, &ak->list);
	struct codes gs = {0};
	codes_add(&gs, groups);
	for (size_t k = 0; k < gs.n; k++) {
		if (ak->list.len)
			buf_addc(&ak->list, RECORD_SEP);
		code_words(gs.s[k], gs.len[k], false, &ak->list);
	}
	out_text(ak, "category", ak->scratch.s ? ak->scratch.s : "", ak->scratch.len);
	out_text(ak, "tags", ak->list.s ? ak->list.s : "", ak->list.len);
}

/* The currency of the file's prices: a product whose price is left
 * empty is still the shop's, in its currency. */
static void out_currency(struct akeneo *ak)
{
	if (ak->cur[0])
		out_text(ak, "currency", ak->cur, strlen(ak->cur));
}

/* The value of column i of r, trimmed, or "". Heap. */
static char *value_at(const struct record *r, size_t i)
{
	if (i == NONE || i >= r->n)
		return xstrdup("");
	size_t n = r->lens[i];
	const char *v = trimmed(r->values[i], &n);
	return xstrndup(v, n);
}

/* r's pairs as the mapping reads them, into the record handed out. */
static void rewrite_pairs(struct akeneo *ak, const struct record *r)
{
	out_reset(ak);
	const struct plan *pl = &ak->plan;
	for (size_t i = 0; i < r->n && i < pl->n; i++) {
		const struct column *c = &pl->cols[i];
		if (c->kind == COL_ID)
			out_text(ak, "sku", r->values[i], r->lens[i]);
		else if (c->kind == COL_ENABLED || c->kind == COL_PRICE || c->kind == COL_UNIT ||
		         c->kind == COL_ATTR)
			out_cell(ak, c, r->values[i], r->lens[i]);
	}
	char *codes = value_at(r, pl->categories), *family = value_at(r, pl->family);
	char *groups = value_at(r, pl->groups);
	out_categories(ak, codes, family, groups);
	out_currency(ak);
	free(codes);
	free(family);
	free(groups);
}

void akeneo_rewrite(struct akeneo *ak, const struct record *r, struct record *out)
{
	rewrite_pairs(ak, r);
	out_finish(ak, r->pos, r->ordinal, out);
}

/* ---- the models sheet ---- */

void akeneo_models_begin(struct akeneo *ak, const char *const *names, size_t n)
{
	for (size_t i = 0; i < ak->n_model_rows * ak->n_model_names; i++)
		free(ak->model_rows[i]);
	for (size_t i = 0; i < ak->n_model_names; i++)
		free(ak->model_names[i]);
	free(ak->model_names);
	ak->n_model_rows = 0;
	ak->model_names = xcalloc(n ? n : 1, sizeof *ak->model_names);
	for (size_t i = 0; i < n; i++)
		ak->model_names[i] = xstrdup(names[i]);
	ak->n_model_names = n;
}

void akeneo_add_model(struct akeneo *ak, const struct record *r)
{
	size_t n = ak->n_model_names;
	size_t need = (ak->n_model_rows + 1) * n;
	ak->model_rows = xgrow(ak->model_rows, &ak->cap_model_rows, need ? need : 1,
	                       sizeof *ak->model_rows);
	for (size_t i = 0; i < n; i++)
		ak->model_rows[ak->n_model_rows * n + i] = value_at(r, i);
	ak->n_model_rows++;
}

static int by_code(const void *a, const void *b)
{
	return strcmp(((const struct model *)a)->code, ((const struct model *)b)->code);
}

static const struct model *model_of(const struct akeneo *ak, const char *code)
{
	struct model key = {.code = (char *)code};
	return ak->n_models ? bsearch(&key, ak->models, ak->n_models, sizeof key, by_code) : NULL;
}

/* The models of the sheet, as the header's plan reads their columns. */
static void models_read(struct akeneo *ak, struct mapping *m)
{
	struct plan pl = {0};
	char cur[4];
	plan_header(&pl, m, (const char *const *)ak->model_names, ak->n_model_names, ak->language,
	            ak->currency, cur, true);
	models_release(ak);
	ak->models = xcalloc(ak->n_model_rows ? ak->n_model_rows : 1, sizeof *ak->models);
	for (size_t r = 0; r < ak->n_model_rows; r++) {
		char **row = ak->model_rows + r * ak->n_model_names;
		struct model *md = &ak->models[ak->n_models];
		const char *code = pl.id != NONE ? row[pl.id] : "";
		if (!*code)
			continue;
		md->code = xstrdup(code);
		md->parent = pl.parent != NONE && *row[pl.parent] ? xstrdup(row[pl.parent]) : NULL;
		md->categories = xstrdup(pl.categories != NONE ? row[pl.categories] : "");
		for (size_t i = 0; i < pl.n; i++) {
			const struct column *c = &pl.cols[i];
			char **slot = c->kind != COL_ATTR ? NULL
			              : c->field == PF_NAME        ? &md->name
			              : c->field == PF_DESCRIPTION ? &md->description
			                                           : NULL;
			if (slot && !*slot && *row[i])
				*slot = xstrdup(row[i]);
		}
		ak->n_models++;
	}
	if (ak->n_models > 1)
		qsort(ak->models, ak->n_models, sizeof *ak->models, by_code);
	plan_release(&pl);
}

/* The top model above code (a sub-model's model), or code itself. */
static const char *root_of(const struct akeneo *ak, const char *code)
{
	const struct model *m = model_of(ak, code);
	for (int depth = 0; m && m->parent && depth < 8; depth++) {
		const struct model *up = model_of(ak, m->parent);
		if (!up)
			break;
		m = up;
	}
	return m ? m->code : code;
}

void akeneo_begin(struct akeneo *ak, struct mapping *m, const char *const *names, size_t n)
{
	plan_header(&ak->plan, m, names, n, ak->language, ak->currency, ak->cur, false);
	ak->names = names;
	if (ak->n_model_names)
		models_read(ak, m);
}

/* ---- rows held back ---- */

static void observe(struct akeneo *ak, const struct record *r)
{
	for (size_t i = 0; i < r->n && i < ak->plan.n; i++) {
		struct column *c = &ak->plan.cols[i];
		size_t n = r->lens[i];
		const char *v = trimmed(r->values[i], &n);
		if (c->kind != COL_ATTR || !n)
			continue;
		c->zero |= n == 1 && *v == '0';
		c->one |= n == 1 && *v == '1';
		c->other |= n != 1 || (*v != '0' && *v != '1');
	}
}

static void decide(struct akeneo *ak)
{
	for (size_t i = 0; i < ak->plan.n; i++) {
		struct column *c = &ak->plan.cols[i];
		c->yes_no = c->kind == COL_ATTR && c->zero && c->one && !c->other;
	}
	ak->decided = true;
}

static void hold(struct akeneo *ak, const struct record *r, bool variant)
{
	ak->vals = xgrow(ak->vals, &ak->capvals, ak->nvals + r->n + 1, sizeof *ak->vals);
	ak->held = xgrow(ak->held, &ak->capheld, ak->nheld + 1, sizeof *ak->held);
	ak->held[ak->nheld++] = (struct held){.pos = r->pos, .ordinal = r->ordinal, .n = r->n,
	                                      .at = ak->nvals, .variant = variant};
	for (size_t i = 0; i < r->n; i++) {
		ak->vals[ak->nvals++] = (struct span){ak->store.len, r->lens[i]};
		buf_add(&ak->store, r->values[i], r->lens[i]);
		buf_addc(&ak->store, '\0');
	}
}

/* A held row as a record (valid until the next view). */
static struct record view(struct akeneo *ak, const struct held *h)
{
	if (h->n > ak->vcap) {
		size_t cap = ak->vcap;
		ak->vv = xgrow(ak->vv, &cap, h->n, sizeof *ak->vv);
		cap = ak->vcap;
		ak->vl = xgrow(ak->vl, &cap, h->n, sizeof *ak->vl);
		ak->vcap = cap;
	}
	for (size_t i = 0; i < h->n; i++) {
		ak->vv[i] = ak->store.s + ak->vals[h->at + i].off;
		ak->vl[i] = ak->vals[h->at + i].len;
	}
	return (struct record){.keys = ak->names, .values = ak->vv, .lens = ak->vl, .n = h->n,
	                       .pos = h->pos, .ordinal = h->ordinal};
}

/* The value of column i of a held row, and its length; "" when absent. */
static const char *held_value(const struct akeneo *ak, const struct held *h, size_t i,
                              size_t *len)
{
	if (i == NONE || i >= h->n) {
		*len = 0;
		return "";
	}
	*len = ak->vals[h->at + i].len;
	return trimmed(ak->store.s + ak->vals[h->at + i].off, len);
}

bool akeneo_take(struct akeneo *ak, const struct record *r)
{
	size_t pn = ak->plan.parent < r->n ? r->lens[ak->plan.parent] : 0;
	if (pn)
		trimmed(r->values[ak->plan.parent], &pn);
	bool variant = pn > 0;
	if (ak->decided && !variant)
		return false;
	if (!ak->decided)
		observe(ak, r);
	hold(ak, r, variant);
	if (!ak->decided && ak->store.len >= AKENEO_LOOKAHEAD)
		decide(ak);
	return true;
}

bool akeneo_next_ready(struct akeneo *ak, struct record *out)
{
	while (ak->decided && ak->ready < ak->nheld) {
		const struct held *h = &ak->held[ak->ready++];
		if (h->variant)
			continue;
		struct record r = view(ak, h);
		akeneo_rewrite(ak, &r, out);
		return true;
	}
	return false;
}

/* ---- product models ---- */

static int by_model(const void *a, const void *b)
{
	const struct variant_ref *x = a, *y = b;
	int c = strcmp(x->root, y->root);
	return c ? c : (x->ordinal > y->ordinal) - (x->ordinal < y->ordinal);
}

void akeneo_finish(struct akeneo *ak)
{
	if (!ak->decided)
		decide(ak);
	free(ak->order);
	ak->order = xcalloc(ak->nheld ? ak->nheld : 1, sizeof *ak->order);
	ak->norder = 0;
	/* each variant's model's code, NUL-ended, in `parents`: the store
	 * holds them with the spaces around them */
	size_t *at = xcalloc(ak->nheld ? ak->nheld : 1, sizeof *at);
	buf_reset(&ak->parents);
	for (size_t i = 0; i < ak->nheld; i++) {
		const struct held *h = &ak->held[i];
		if (!h->variant)
			continue;
		size_t len;
		const char *parent = held_value(ak, h, ak->plan.parent, &len);
		at[ak->norder] = ak->parents.len;
		buf_add(&ak->parents, parent, len);
		buf_addc(&ak->parents, '\0');
		ak->order[ak->norder++] = (struct variant_ref){NULL, NULL, h->ordinal, i};
	}
	for (size_t k = 0; k < ak->norder; k++) {
		ak->order[k].parent = ak->parents.s + at[k];
		ak->order[k].root = root_of(ak, ak->order[k].parent);
	}
	free(at);
	if (ak->norder > 1)
		qsort(ak->order, ak->norder, sizeof *ak->order, by_model);
	ak->group = ak->group_end = ak->next = 0;
}

/* Is the held row listed (its "enabled" is not 0)? */
static bool held_enabled(const struct akeneo *ak, const struct held *h)
{
	size_t len;
	const char *v = held_value(ak, h, ak->plan.enabled, &len);
	return !len || !mapping_unlisted("enabled", v, len);
}

/* The held variant k of the model handed out. */
static const struct held *variant_at(const struct akeneo *ak, size_t k)
{
	return &ak->held[ak->order[k].held];
}

/* How many of the model's listed variants the columns cols[0..n) tell
 * apart: the number of different combinations of their values. */
static size_t told_apart(const struct akeneo *ak, const size_t *cols, size_t n)
{
	size_t count = 0;
	for (size_t a = ak->group; a < ak->group_end; a++) {
		const struct held *x = variant_at(ak, a);
		if (!held_enabled(ak, x))
			continue;
		bool seen = false;
		for (size_t b = ak->group; b < a && !seen; b++) {
			const struct held *y = variant_at(ak, b);
			if (!held_enabled(ak, y))
				continue;
			bool same = true;
			for (size_t k = 0; k < n && same; k++) {
				size_t xl, yl;
				const char *xv = held_value(ak, x, cols[k], &xl);
				const char *yv = held_value(ak, y, cols[k], &yl);
				same = same_part(xv, xl, yv, yl);
			}
			seen = same;
		}
		count += !seen;
	}
	return count;
}

/* May column i tell the model's variants apart, and how well: 0 for a
 * select's codes (color: dark_grey, sage_green), 1 for numbers and
 * measures (a bed's width follows its size), -1 not at all: a field of
 * the product's own (its name, price, picture), a code, link or time
 * stamp, an availability ("lead_time" varies, but is no option), free
 * text or a list, a column some variant leaves empty or all give alike. */
static int axis_rank(const struct akeneo *ak, size_t i)
{
	const struct column *c = &ak->plan.cols[i];
	if (c->kind != COL_ATTR || !c->plain || c->availability ||
	    (c->field != MAPPING_FEATURE && c->field != PF_COLOR && c->field != PF_MATERIAL))
		return -1;
	const char *first = NULL;
	size_t first_len = 0;
	bool differ = false, codes = true;
	for (size_t k = ak->group; k < ak->group_end; k++) {
		const struct held *h = variant_at(ak, k);
		if (!held_enabled(ak, h))
			continue;
		size_t len;
		const char *v = held_value(ak, h, i, &len);
		if (!len || memchr(v, ' ', len) || memchr(v, ',', len))
			return -1;
		codes &= code_list(v, len);
		if (!first)
			first = v, first_len = len;
		else
			differ |= !same_part(v, len, first, first_len);
	}
	return !differ ? -1 : codes && !c->metric ? 0 : 1;
}

/* The model's axes: the fewest columns, best first, whose values tell its
 * listed variants apart, as Akeneo's axes do (colour, size, orientation). */
static void find_axes(struct akeneo *ak)
{
	size_t listed = 0;
	for (size_t k = ak->group; k < ak->group_end; k++)
		listed += held_enabled(ak, variant_at(ak, k));
	ak->n_axes = 0;
	for (int rank = 0; rank <= 1; rank++)
		for (size_t i = 0; i < ak->plan.n; i++) {
			if (ak->n_axes == AKENEO_AXES || told_apart(ak, ak->axes, ak->n_axes) == listed)
				return;
			if (axis_rank(ak, i) != rank)
				continue;
			size_t before = told_apart(ak, ak->axes, ak->n_axes);
			ak->axes[ak->n_axes] = i;
			if (told_apart(ak, ak->axes, ak->n_axes + 1) > before)
				ak->n_axes++;
		}
}

static bool is_axis(const struct akeneo *ak, size_t i)
{
	for (size_t k = 0; k < ak->n_axes; k++)
		if (ak->axes[k] == i)
			return true;
	return false;
}

/* Does the RECORD_SEP list list[0..n) hold item? */
static bool list_has(const char *list, size_t n, const char *item, size_t len)
{
	for (size_t i = 0; i < n;) {
		const char *sep = memchr(list + i, RECORD_SEP, n - i);
		size_t end = sep ? (size_t)(sep - list) : n;
		if (same_part(list + i, end - i, item, len))
			return true;
		i = end + 1;
	}
	return false;
}

/* Column i of the model: the listed variants' values, each once
 * ("lead time": 3-5 working days, Made to order 6-8 weeks; a bed's
 * widths), or the first one's for a field that has one value (its
 * name, description, picture). */
static void out_values(struct akeneo *ak, size_t i)
{
	const struct column *c = &ak->plan.cols[i];
	bool one = c->field == PF_NAME || c->field == PF_DESCRIPTION || c->field == PF_IMAGE ||
	           c->field == PF_URL;
	size_t start = ak->text.len;
	for (size_t k = ak->group; k < ak->group_end; k++) {
		const struct held *h = variant_at(ak, k);
		size_t len;
		const char *v = held_value(ak, h, i, &len);
		if (!held_enabled(ak, h) || !len || (c->availability && none_left(v, len)))
			continue;
		buf_reset(&ak->scratch);
		if (c->kind == COL_UNIT)
			unit_words(v, len, &ak->scratch);
		else
			shown_value(c, v, len, &ak->scratch);
		/* each value once: the items of a list too ("Velvet", "Solid oak") */
		for (size_t at = 0; at < ak->scratch.len;) {
			const char *item = ak->scratch.s + at;
			const char *sep = memchr(item, RECORD_SEP, ak->scratch.len - at);
			size_t n = sep ? (size_t)(sep - item) : ak->scratch.len - at;
			at += n + 1;
			if (!n || list_has(ak->text.s + start, ak->text.len - start, item, n))
				continue;
			if (ak->text.len > start)
				buf_addc(&ak->text, RECORD_SEP);
			buf_add(&ak->text, item, n);
		}
		if (one && ak->text.len > start)
			break;
	}
	out_pair(ak, c->key, start);
}

/* The category codes of the model: its listed variants' and their
 * models' (a sub-model's and the one above it), ',' between, into codes;
 * the first listed variant's family and every group into family and
 * groups. */
static void model_codes(struct akeneo *ak, struct buf *codes, struct buf *family,
                        struct buf *groups)
{
	for (size_t k = ak->group; k < ak->group_end; k++) {
		const struct held *h = variant_at(ak, k);
		if (!held_enabled(ak, h))
			continue;
		const struct model *m = model_of(ak, ak->order[k].parent);
		for (int depth = 0; m && depth < 8; depth++) {
			buf_printf(codes, "%s,", m->categories);
			m = m->parent ? model_of(ak, m->parent) : NULL;
		}
		size_t len;
		const char *v = held_value(ak, h, ak->plan.categories, &len);
		buf_add(codes, v, len);
		buf_addc(codes, ',');
		v = held_value(ak, h, ak->plan.groups, &len);
		buf_add(groups, v, len);
		buf_addc(groups, ',');
		v = held_value(ak, h, ak->plan.family, &len);
		if (!family->len)
			buf_add(family, v, len);
	}
}

bool akeneo_next_model(struct akeneo *ak, struct record *out, bool *named)
{
	if (ak->group_end >= ak->norder)
		return false;
	ak->group = ak->next = ak->group_end;
	const char *root = ak->order[ak->group].root;
	while (ak->group_end < ak->norder && !strcmp(ak->order[ak->group_end].root, root))
		ak->group_end++;
	find_axes(ak);
	const struct model *md = model_of(ak, root);
	*named = md && md->name;
	out_reset(ak);
	out_text(ak, "sku", root, strlen(root));
	for (size_t i = 0; i < ak->plan.n; i++) {
		const struct column *c = &ak->plan.cols[i];
		const char *own = !md || c->kind != COL_ATTR ? NULL
		                  : c->field == PF_NAME      ? md->name
		                  : c->field == PF_DESCRIPTION ? md->description
		                                             : NULL;
		if (own)
			out_text(ak, c->key, own, strlen(own));
		else if ((c->kind == COL_ATTR || c->kind == COL_UNIT) && !is_axis(ak, i))
			out_values(ak, i);
	}
	struct buf codes, family, groups;
	buf_init(&codes);
	buf_init(&family);
	buf_init(&groups);
	model_codes(ak, &codes, &family, &groups);
	out_categories(ak, codes.s ? codes.s : "", family.s ? family.s : "",
	               groups.s ? groups.s : "");
	buf_release(&codes);
	buf_release(&family);
	buf_release(&groups);
	out_currency(ak);
	const struct held *first = variant_at(ak, ak->group);
	out_finish(ak, first->pos, first->ordinal, out);
	return true;
}

bool akeneo_next_variant(struct akeneo *ak, struct record *out, const char **names,
                         const char **values, size_t *n)
{
	if (ak->next >= ak->group_end)
		return false;
	const struct held *h = variant_at(ak, ak->next++);
	struct record r = view(ak, h);
	rewrite_pairs(ak, &r);
	size_t at[AKENEO_AXES];
	*n = 0;
	for (size_t k = 0; k < ak->n_axes; k++) {
		const struct column *c = &ak->plan.cols[ak->axes[k]];
		size_t len;
		const char *v = held_value(ak, h, ak->axes[k], &len);
		at[*n] = ak->text.len;
		shown_value(c, v, len, &ak->text);
		buf_addc(&ak->text, '\0');
		names[(*n)++] = c->words;
	}
	out_finish(ak, h->pos, h->ordinal, out);
	for (size_t k = 0; k < *n; k++)
		values[k] = ak->text.s + at[k];
	return true;
}
