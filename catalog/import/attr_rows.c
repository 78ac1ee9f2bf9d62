/*
 * attr_rows.c: naming a record's leftover keys, pairing values with units,
 * sorting out noise and personal data.
 */
#include "catalog/import/attr_rows.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "catalog/import/html.h"
#include "common/xalloc.h"
#include "nlu/text/fieldname.h"
#include "nlu/text/valueshape.h"

#define NONE SIZE_MAX
/* Records with more leftover keys than this skip the search for names two
 * keys share (quadratic); their names are then the last parts alone. */
#define AMBIGUITY_MAX 512

struct entry {
	size_t pair;           /* index in the record */
	size_t dir_len;        /* bytes of the key before its last '.' */
	bool has_dir;
	size_t last, parent;   /* words of the last part and the one before (NONE) */
	size_t qual;           /* "per ..." from a part above, or NONE */
	enum fieldname_noise noise;
	enum fieldname_role role;
	size_t stem_len;       /* bytes of `last` before its last word and space */
	int unit_from;         /* the entry holding this one's units, or -1 */
	int name_from;         /* the entry whose value names this one's attribute
	                        * ("Attribute 1 name" for "Attribute 1 value(s)"), or -1 */
	size_t suffix;         /* a unit for this entry's bare numbers, or NONE */
	size_t name;           /* the attribute's name */
	bool skip;             /* dropped, or used up as another's unit */
};

struct attr_rows {
	const struct measure_units *u;
	const lexicon_list *qualifiers;
	const lexicon_list *unit_endings;
	const char *key_prefix;
	struct buf words; /* NUL-terminated strings the entries point to by offset */
	struct entry *e;
	size_t n, cap;
	struct buf value, scrub;
};

struct attr_rows *attr_rows_new(const struct measure_units *u)
{
	struct attr_rows *a = xcalloc(1, sizeof *a);
	a->u = u;
	buf_init(&a->words);
	buf_init(&a->value);
	buf_init(&a->scrub);
	return a;
}

void attr_rows_set_qualifiers(struct attr_rows *a, const lexicon_list *qualifiers)
{
	a->qualifiers = qualifiers;
}

void attr_rows_set_unit_endings(struct attr_rows *a, const lexicon_list *endings)
{
	a->unit_endings = endings;
}

/* A name that ends in words saying it holds the unit of the name before
 * them ("item weight unit of measure") ends in "unit" instead, so that it
 * pairs with that name as "weight_unit" does with "weight". */
static void unit_ending(const struct attr_rows *a, char *words)
{
	size_t len = strlen(words);
	for (size_t i = 0, n = lexicon_list_size(a->unit_endings); i < n; i++) {
		const char *end = lexicon_list_at(a->unit_endings, i);
		size_t el = strlen(end);
		if (el >= 4 && len > el + 1 && words[len - el - 1] == ' ' &&
		    !strcasecmp(words + len - el, end)) {
			memcpy(words + len - el, "unit", 5);
			return;
		}
	}
}

void attr_rows_set_key_prefix(struct attr_rows *a, const char *prefix)
{
	a->key_prefix = prefix;
}

void attr_rows_free(struct attr_rows *a)
{
	if (!a)
		return;
	buf_release(&a->words);
	buf_release(&a->value);
	buf_release(&a->scrub);
	free(a->e);
	free(a);
}

static const char *W(const struct attr_rows *a, size_t off)
{
	return off == NONE ? "" : a->words.s + off;
}

/* Stores s[0..len) (plain text when words is false, else its words). */
static size_t keep(struct attr_rows *a, const char *s, size_t len, bool words)
{
	size_t off = a->words.len;
	if (words)
		fieldname_words(s, len, &a->words);
	else
		buf_add(&a->words, s, len);
	buf_addc(&a->words, '\0');
	return off;
}

void attr_rows_add_pair(struct buf *out, const char *key, const char *value, size_t len)
{
	if (out->len)
		buf_adds(out, "; ");
	buf_adds(out, key);
	buf_addc(out, ':');
	for (size_t i = 0; i < len; i++) {
		char c = value[i];
		buf_addc(out, c == ';' || c == '|' ? ',' : c == '\n' || c == '\r' || c == '\t' ? ' ' : c);
	}
}

/* ---- the values of a pair: pieces split at RECORD_SEP ---- */

struct pieces {
	const char *s, *end;
};

static bool next_piece(struct pieces *it, const char **p, size_t *len)
{
	while (it->s < it->end) {
		const char *sep = memchr(it->s, RECORD_SEP, (size_t)(it->end - it->s));
		const char *stop = sep ? sep : it->end;
		const char *b = it->s, *e = stop;
		it->s = sep ? sep + 1 : it->end;
		while (b < e && isspace((unsigned char)*b))
			b++;
		while (e > b && isspace((unsigned char)e[-1]))
			e--;
		if (e > b) {
			*p = b;
			*len = (size_t)(e - b);
			return true;
		}
	}
	return false;
}

static struct pieces pieces_of(const struct record *r, size_t pair)
{
	return (struct pieces){r->values[pair], r->values[pair] + r->lens[pair]};
}

static size_t count_pieces(const struct record *r, size_t pair)
{
	struct pieces it = pieces_of(r, pair);
	const char *p;
	size_t len, n = 0;
	while (next_piece(&it, &p, &len))
		n++;
	return n;
}

/* True when every value of the pair satisfies shape or bare-number-ness. */
static bool all_numbers(const struct record *r, size_t pair)
{
	struct pieces it = pieces_of(r, pair);
	const char *p;
	size_t len, n = 0;
	struct measure m;
	while (next_piece(&it, &p, &len)) {
		if (!measure_parse(NULL, p, len, &m))
			return false;
		n++;
	}
	return n > 0;
}

static bool all_shape(const struct record *r, size_t pair, enum value_shape shape)
{
	struct pieces it = pieces_of(r, pair);
	const char *p;
	size_t len, n = 0;
	while (next_piece(&it, &p, &len)) {
		if (valueshape_of(p, len) != shape)
			return false;
		n++;
	}
	return n > 0;
}

/* ---- reading the keys ---- */

/* "per 100g" from words that hold a "per": the qualifier of a group. */
static size_t qualifier(struct attr_rows *a, size_t words)
{
	const char *w = W(a, words);
	const char *per = !strncmp(w, "per ", 4) ? w : strstr(w, " per ");
	if (!per)
		return NONE;
	if (*per == ' ')
		per++;
	/* Copied out first: keep() may move the words it points into. */
	buf_reset(&a->scrub);
	buf_adds(&a->scrub, per);
	return keep(a, a->scrub.s, a->scrub.len, false);
}

static void read_key(struct attr_rows *a, struct entry *e, const char *key)
{
	if (a->key_prefix && !strncasecmp(key, a->key_prefix, strlen(a->key_prefix)) &&
	    key[strlen(a->key_prefix)])
		key += strlen(a->key_prefix);
	const char *dot = mapping_path_dot(key, strlen(key));
	e->has_dir = dot != NULL;
	e->dir_len = dot ? (size_t)(dot - key) : 0;
	const char *last = dot ? dot + 1 : key;
	e->last = keep(a, last, strlen(last), true);
	unit_ending(a, a->words.s + e->last);
	e->parent = e->qual = NONE;
	/* The parent, and the nearest part above that says "per ...". */
	for (const char *end = dot; end && e->qual == NONE;) {
		const char *up = mapping_path_dot(key, (size_t)(end - key));
		const char *start = up ? up + 1 : key;
		size_t words = keep(a, start, (size_t)(end - start), true);
		if (end == dot)
			e->parent = words;
		e->qual = qualifier(a, words);
		end = up;
	}
	size_t all = keep(a, key, strlen(key), true);
	e->noise = fieldname_noise(W(a, all));
	/* JSON-LD's "@type", "@id", "@context" and the like are the format's. */
	if (key[0] == '@' || strstr(key, ".@"))
		e->noise = FIELDNAME_CODE;
	/* "price_net" beside the price a shopper pays: the shop's own figure */
	if (e->noise == FIELDNAME_PLAIN && mapping_price_without_tax(key))
		e->noise = FIELDNAME_INTERNAL;
	if (e->noise == FIELDNAME_PLAIN && dot) {
		size_t above = keep(a, key, e->dir_len, true);
		if (fieldname_media(W(a, above)))
			e->noise = FIELDNAME_LINK;
	}
	size_t wl;
	const char *lw = fieldname_last_word(W(a, e->last), &wl);
	e->role = lw ? fieldname_role(lw, wl) : FIELDNAME_ROLE_NONE;
	e->stem_len = lw ? (size_t)(lw - W(a, e->last)) : 0;
	if (e->stem_len)
		e->stem_len--; /* the space */
	e->unit_from = -1;
	e->name_from = -1;
	e->suffix = NONE;
	e->name = NONE;
	e->skip = false;
}

static bool same_dir(const struct record *r, const struct entry *x, const struct entry *y)
{
	return x->has_dir == y->has_dir && x->dir_len == y->dir_len &&
	       !memcmp(r->keys[x->pair], r->keys[y->pair], x->dir_len);
}

static bool same_stem(const struct attr_rows *a, const struct entry *x, const struct entry *y)
{
	return x->stem_len == y->stem_len && !memcmp(W(a, x->last), W(a, y->last), x->stem_len);
}

/* Pairs value and unit fields of one group: weightValue + weightUnit,
 * {"quantity", "uom"}; a unit without a value field of its own serves
 * the numeric fields beside it. */
static void pair_units(struct attr_rows *a, const struct record *r)
{
	for (size_t i = 0; i < a->n; i++) {
		struct entry *u = &a->e[i];
		if (u->skip || u->role != FIELDNAME_ROLE_UNIT)
			continue;
		bool used = false;
		for (size_t k = 0; k < a->n; k++) {
			struct entry *v = &a->e[k];
			if (k != i && !v->skip && v->role == FIELDNAME_ROLE_VALUE && same_dir(r, u, v) &&
			    same_stem(a, u, v) && v->unit_from < 0) {
				v->unit_from = (int)i;
				used = true;
			}
		}
		/* "weight" + "weight_unit": the value is the unit's stem. */
		for (size_t k = 0; k < a->n && !used && u->stem_len; k++) {
			struct entry *v = &a->e[k];
			const char *vl = W(a, v->last);
			if (k != i && !v->skip && same_dir(r, u, v) && v->unit_from < 0 &&
			    strlen(vl) == u->stem_len && !memcmp(vl, W(a, u->last), u->stem_len)) {
				v->unit_from = (int)i;
				used = true;
			}
		}
		if (!used && !u->stem_len) {
			for (size_t k = 0; k < a->n; k++) {
				struct entry *v = &a->e[k];
				if (k != i && !v->skip && v->role == FIELDNAME_ROLE_NONE &&
				    same_dir(r, u, v) && v->unit_from < 0 && all_numbers(r, v->pair)) {
					v->unit_from = (int)i;
					used = true;
				}
			}
		}
		u->skip = used;
	}
}

/* The unit a name ends with ("energy kcal", "weight kg"): *cut is the
 * name's length without it. */
static bool unit_suffix(const struct attr_rows *a, const char *words, size_t *cut,
                        const char **shown)
{
	size_t wl;
	const char *lw = fieldname_last_word(words, &wl);
	struct measure m;
	if (!lw || lw == words || !measure_unit(a->u, lw, wl, &m) || m.prefix)
		return false;
	*cut = (size_t)(lw - words) - 1;
	*shown = m.given;
	return true;
}

/* Words of a name that say nothing alone; the parent's words go first. */
static bool generic(const char *w)
{
	/* words that say nothing without their object ("delivery.method" is
	 * the delivery method, not a method) */
	static const char *const words[] = {"id", "code", "type", "key", "no", "number",
	                                    "count", "total", "method", "option", "options",
	                                    "mode", "kind"};
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (!strcmp(w, words[i]))
			return true;
	return false;
}

/* Pairs the name and value fields of one attribute written as two
 * (WooCommerce's "Attribute 1 name": Color, "Attribute 1 value(s)":
 * Blue): the attribute is named by the name field's value. */
static void pair_names(struct attr_rows *a, const struct record *r)
{
	for (size_t i = 0; i < a->n; i++) {
		struct entry *v = &a->e[i];
		/* "values" too (Etsy's "Variation 1 values") */
		const char *lw = W(a, v->last) + v->stem_len + (v->stem_len ? 1 : 0);
		bool value = v->role == FIELDNAME_ROLE_VALUE || !strcmp(lw, "values");
		if (v->skip || !value || !v->stem_len || v->unit_from >= 0)
			continue;
		for (size_t k = 0; k < a->n; k++) {
			struct entry *n = &a->e[k];
			if (k == i || n->skip || n->role != FIELDNAME_ROLE_NAME || !same_dir(r, n, v) ||
			    !same_stem(a, n, v))
				continue;
			v->name_from = (int)k;
			n->skip = true;
			break;
		}
		/* the pair's "Variation 1 type" says what kind of field the
		 * shop's form had: no fact of the product */
		for (size_t k = 0; v->name_from >= 0 && k < a->n; k++) {
			struct entry *t = &a->e[k];
			const char *tw = W(a, t->last) + t->stem_len + (t->stem_len ? 1 : 0);
			if (k != i && !t->skip && same_dir(r, t, v) && same_stem(a, t, v) &&
			    (!strcmp(tw, "type") || !strcmp(tw, "kind")))
				t->skip = true;
		}
	}
}

/* Does s[0..cut) end with the word "of" ("number of ")? */
static bool ends_with_of(const char *s, size_t cut)
{
	while (cut && s[cut - 1] == ' ')
		cut--;
	return cut >= 2 && !strncmp(s + cut - 2, "of", 2) && (cut == 2 || s[cut - 3] == ' ');
}

static void name_entry(struct attr_rows *a, const struct record *r, struct entry *e)
{
	struct buf *b = &a->scrub;
	buf_reset(b);
	const char *last = W(a, e->last), *parent = W(a, e->parent);
	const char *p;
	size_t len;
	struct pieces named = e->name_from >= 0 ? pieces_of(r, a->e[e->name_from].pair)
	                                        : (struct pieces){0};
	if (e->name_from >= 0 && next_piece(&named, &p, &len)) {
		fieldname_words(p, len, b);
	} else if (e->unit_from >= 0 && e->role == FIELDNAME_ROLE_VALUE) {
		if (e->stem_len)
			buf_add(b, last, e->stem_len);
		else
			buf_adds(b, *parent ? parent : "size");
	} else if ((e->role == FIELDNAME_ROLE_NAME || e->role == FIELDNAME_ROLE_VALUE) &&
	           !e->stem_len && *parent) {
		buf_adds(b, parent);
	} else if (generic(last) && *parent) {
		buf_printf(b, "%s %s", parent, last);
	} else {
		buf_adds(b, last);
	}
	/* a platform's column family is no part of the name: Shopify's
	 * "Google Shopping / Gender" is the gender, "Variant Compare At
	 * Price" the compare at price */
	/* Ecwid's "product_attribute_Sun exposure" is the shop's "Sun exposure" */
	static const char *const families[] = {"google shopping ", "variant ", "product attribute "};
	for (size_t i = 0; i < sizeof families / sizeof families[0]; i++) {
		size_t n = strlen(families[i]);
		if (b->len > n && !strncmp(b->s, families[i], n)) {
			memmove(b->s, b->s + n, b->len - n + 1);
			b->len -= n;
		}
	}
	size_t cut;
	const char *shown;
	if (e->unit_from < 0 && all_numbers(r, e->pair)) {
		if (unit_suffix(a, b->s, &cut, &shown)) {
			/* "Number of Pieces" keeps its name: "number of" says nothing */
			if (!ends_with_of(b->s, cut)) {
				b->len = cut;
				b->s[cut] = '\0';
			}
			e->suffix = keep(a, shown, strlen(shown), false);
		} else if (*parent && unit_suffix(a, parent, &cut, &shown)) {
			e->suffix = keep(a, shown, strlen(shown), false);
		}
	}
	const char *qual = W(a, e->qual);
	if (*qual && !strstr(b->s, qual))
		buf_printf(b, " %s", qual);
	e->name = keep(a, b->s, b->len, false);
}

/* Two keys of the record whose names came out the same from different
 * paths ("dimensions.width", "package.width") get their parents' words. */
static void disambiguate(struct attr_rows *a, const struct record *r)
{
	if (a->n > AMBIGUITY_MAX)
		return;
	bool *clash = xcalloc(a->n, sizeof *clash);
	for (size_t i = 0; i < a->n; i++)
		for (size_t k = i + 1; k < a->n; k++) {
			struct entry *x = &a->e[i], *y = &a->e[k];
			if (x->skip || y->skip || strcmp(W(a, x->name), W(a, y->name)) ||
			    same_dir(r, x, y))
				continue;
			clash[i] = clash[k] = true;
		}
	for (size_t i = 0; i < a->n; i++) {
		struct entry *e = &a->e[i];
		const char *parent = W(a, e->parent);
		if (!clash[i] || !*parent || !strncmp(W(a, e->name), parent, strlen(parent)))
			continue;
		buf_reset(&a->scrub);
		buf_printf(&a->scrub, "%s %s", parent, W(a, e->name));
		e->name = keep(a, a->scrub.s, a->scrub.len, false);
	}
	free(clash);
}

/* ---- writing the values ---- */

static bool hidden_shape(enum value_shape s)
{
	return s == SHAPE_URL || s == SHAPE_FILE || s == SHAPE_DATETIME || s == SHAPE_BARCODE ||
	       s == SHAPE_UUID;
}

/* Is text an amount of nothing: "0", "0.00", "$0.00"? */
static bool zero_amount(const char *text, size_t len)
{
	bool digit = false;
	for (size_t i = 0; i < len; i++) {
		if (text[i] == '0')
			digit = true;
		else if (isdigit((unsigned char)text[i]))
			return false;
		else if (text[i] != '.' && text[i] != ',' && text[i] != ' ' && text[i] != '$')
			return false;
	}
	return digit;
}

/* The length of a word before a measure that says it is the most or about
 * that ("Up to 18 hours", "approx. 40 hours", "~2 kg"), with the spaces
 * after it, which the measure is read without, or 0. A word of letters
 * ends at a space ("about" is no qualifier of "aboutness"); one that ends
 * in a mark ("~", "approx.") may touch the number. */
static size_t qualifier_len(const lexicon_list *words, const char *s, size_t len)
{
	for (size_t i = 0, nw = lexicon_list_size(words); i < nw; i++) {
		const char *w = lexicon_list_at(words, i);
		size_t n = strlen(w);
		if (!n || len <= n || strncasecmp(s, w, n))
			continue;
		if (s[n] != ' ' && isalnum((unsigned char)w[n - 1]))
			continue;
		while (n < len && s[n] == ' ')
			n++;
		return n;
	}
	return 0;
}

/* One value of an entry, with its unit when it has one, out to the rows. */
static void put_value(struct attr_rows *a, const struct entry *e, const char *p, size_t len,
                      const char *unit, size_t unit_len, struct buf *visible, struct buf *hidden)
{
	struct buf *v = &a->value;
	buf_reset(v);
	bool yes;
	struct measure m;
	if (valueshape_bool(p, len, &yes)) {
		buf_adds(v, yes ? "yes" : "no");
	} else {
		if (memchr(p, '<', len) || memchr(p, '&', len)) {
			/* "<p>Pre-seasoned carbon steel.</p>", "Pots &amp; Pans" */
			html_to_text(p, len, v);
			for (size_t i = 0; i < v->len; i++)
				if (v->s[i] == '\n')
					v->s[i] = ' ';
		} else {
			buf_add(v, p, len);
		}
		if (unit_len || (e->suffix != NONE && measure_parse(NULL, p, len, &m))) {
			buf_addc(v, ' ');
			if (unit_len)
				buf_add(v, unit, unit_len);
			else
				buf_adds(v, W(a, e->suffix));
		}
	}
	enum value_shape shape = valueshape_of(v->s, v->len);
	if (shape == SHAPE_EMAIL || (e->noise == FIELDNAME_PHONE && shape == SHAPE_PHONE))
		return;
	if (memchr(v->s, '@', v->len)) {
		buf_reset(&a->scrub);
		valueshape_scrub_emails(v->s, v->len, &a->scrub);
		buf_reset(v);
		buf_add(v, a->scrub.s, a->scrub.len);
		if (!v->len)
			return;
	}
	size_t skip = a->u ? qualifier_len(a->qualifiers, v->s, v->len) : 0;
	if (skip && !(measure_parse(a->u, v->s + skip, v->len - skip, &m) && m.dimension))
		skip = 0;
	if (a->u && measure_parse(a->u, v->s + skip, v->len - skip, &m) && m.dimension) {
		char out[128];
		size_t n = measure_format(&m, out, sizeof out);
		if (n < sizeof out) {
			buf_reset(v);
			buf_add(v, out, n);
		}
	}
	/* "Type: variable": the platform's kind of row, not the product's */
	size_t tl;
	const char *tw = fieldname_last_word(W(a, e->name), &tl);
	bool row_kind = tw && tl == 4 && !strncmp(tw, "type", 4) &&
	                mapping_platform_kind(v->s, v->len);
	/* a condition of "new" is what every product is unless it says
	 * otherwise: no fact worth a card's line ("refurbished" and "used"
	 * are), not even a hidden one (a key mostly hidden is hidden for
	 * every product, the refurbished ones too) */
	if (tw && tl == 9 && !strncmp(tw, "condition", 9) && v->len == 3 &&
	    !strncasecmp(v->s, "new", 3))
		return;
	/* Magento's "Use config": a setting left to the shop's defaults */
	bool setting = v->len == 10 && !strncasecmp(v->s, "use config", 10);
	/* BigCommerce's "Retail Price: 0.00": a price of nothing is none, not
	 * even a hidden one (a key mostly hidden is hidden for every product) */
	if (tw && tl == 5 && !strncmp(tw, "price", 5) && zero_amount(v->s, v->len))
		return;
	bool noise = e->noise == FIELDNAME_LINK || e->noise == FIELDNAME_CODE ||
	             e->noise == FIELDNAME_TIME || e->noise == FIELDNAME_INTERNAL ||
	             hidden_shape(shape) || row_kind || setting;
	attr_rows_add_pair(noise ? hidden : visible, W(a, e->name), v->s, v->len);
}

static void put_entry(struct attr_rows *a, const struct record *r, const struct entry *e,
                      struct buf *visible, struct buf *hidden)
{
	const struct entry *u = e->unit_from >= 0 ? &a->e[e->unit_from] : NULL;
	size_t nunits = u ? count_pieces(r, u->pair) : 0;
	struct pieces it = pieces_of(r, e->pair), units = {0};
	if (u)
		units = pieces_of(r, u->pair);
	const char *p, *unit = NULL;
	size_t len, unit_len = 0;
	for (size_t k = 0; next_piece(&it, &p, &len); k++) {
		/* One unit for every value, or one each. */
		if (u && (k == 0 || nunits > 1) && !next_piece(&units, &unit, &unit_len))
			unit_len = 0;
		put_value(a, e, p, len, unit, unit_len, visible, hidden);
	}
}

void attr_rows_build(struct attr_rows *a, const struct record *r, const size_t *idx, size_t n,
                     struct buf *visible, struct buf *hidden)
{
	buf_reset(&a->words);
	a->e = xgrow(a->e, &a->cap, n ? n : 1, sizeof *a->e);
	a->n = 0;
	for (size_t i = 0; i < n; i++) {
		struct entry *e = &a->e[a->n];
		e->pair = idx[i];
		read_key(a, e, r->keys[idx[i]]);
		/* Personal data goes now, before it can name or pair anything. */
		if (e->noise == FIELDNAME_PERSONAL ||
		    (e->noise == FIELDNAME_PHONE && all_shape(r, e->pair, SHAPE_PHONE)))
			continue;
		a->n++;
	}
	pair_units(a, r);
	pair_names(a, r);
	for (size_t i = 0; i < a->n; i++)
		if (!a->e[i].skip)
			name_entry(a, r, &a->e[i]);
	disambiguate(a, r);
	for (size_t i = 0; i < a->n; i++)
		if (!a->e[i].skip && *W(a, a->e[i].name))
			put_entry(a, r, &a->e[i], visible, hidden);
}
