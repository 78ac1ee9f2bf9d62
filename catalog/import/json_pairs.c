/*
 * json_pairs.c: reading name/value lists.
 */
#include "catalog/import/json_pairs.h"

#include <stdio.h>
#include <string.h>

#include "catalog/import/mapping.h"
#include "common/buf.h"

static bool in_list(const char *list, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = list; *p;) {
		size_t len = strcspn(p, " ");
		if (len == n && !strncmp(p, word, n))
			return true;
		p += len;
		while (*p == ' ')
			p++;
	}
	return false;
}

/* Field names, normalized as mapping_normalize() does. */
static const char *const name_fields = "name key label attribute property attributename "
                                       "propertyname specname";
static const char *const value_fields = "value values val attributevalue propertyvalue "
                                        "specvalue options option";
static const char *const unit_fields = "unit units uom unittext unitcode";

struct pair {
	const cJSON *name, *value, *unit;
};

static bool scalar(const cJSON *v)
{
	return cJSON_IsString(v) || cJSON_IsNumber(v) || cJSON_IsBool(v);
}

/* A value given as an object ({"key": "black", "label": {"en-GB":
 * "Black"}}, a localized text {"en-GB": "Black"}): the scalar shoppers
 * read, its label in English when there is one; NULL when none. */
static const cJSON *shown_scalar(const cJSON *v, int depth)
{
	if (scalar(v))
		return v;
	if (!cJSON_IsObject(v) || depth > 2)
		return NULL;
	static const char *const shown[] = {"label", "name", "text", "value", "key"};
	for (size_t k = 0; k < sizeof shown / sizeof shown[0]; k++)
		for (const cJSON *c = v->child; c; c = c->next)
			if (c->string && !strcasecmp(c->string, shown[k])) {
				const cJSON *s = shown_scalar(c, depth + 1);
				if (s)
					return s;
			}
	/* {"en-GB": "Black", "de-DE": "Schwarz"}: English, else the first */
	const cJSON *first = NULL;
	for (const cJSON *c = v->child; c; c = c->next) {
		if (!cJSON_IsString(c) || !c->string || strlen(c->string) < 2)
			continue;
		if (!strncasecmp(c->string, "en", 2) && (!c->string[2] || c->string[2] == '-' ||
		                                         c->string[2] == '_'))
			return c;
		if (!first)
			first = c;
	}
	return first;
}

static bool read_pair(const cJSON *obj, struct pair *p)
{
	char norm[64];
	memset(p, 0, sizeof *p);
	if (!cJSON_IsObject(obj))
		return false;
	for (const cJSON *c = obj->child; c; c = c->next) {
		if (!c->string)
			continue;
		mapping_normalize(c->string, norm, sizeof norm);
		if (!p->name && in_list(name_fields, norm) && cJSON_IsString(c))
			p->name = c;
		else if (!p->value && in_list(value_fields, norm))
			p->value = c;
		else if (!p->unit && in_list(unit_fields, norm) && cJSON_IsString(c))
			p->unit = c;
	}
	if (!p->name || !p->value || !*p->name->valuestring)
		return false;
	if (cJSON_IsObject(p->value))
		p->value = shown_scalar(p->value, 0);
	if (!p->value)
		return false;
	if (scalar(p->value))
		return true;
	if (!cJSON_IsArray(p->value))
		return false;
	for (const cJSON *e = p->value->child; e; e = e->next)
		if (!scalar(e))
			return false;
	return true;
}

static void emit(const struct pair *p, const cJSON *v, struct buf *name, struct buf *text,
                 json_pairs_fn fn, void *ctx)
{
	char num[64];
	buf_reset(text);
	if (cJSON_IsString(v)) {
		buf_adds(text, v->valuestring);
	} else if (cJSON_IsNumber(v)) {
		snprintf(num, sizeof num, "%.15g", v->valuedouble);
		buf_adds(text, num);
	} else {
		buf_adds(text, cJSON_IsTrue(v) ? "true" : "false");
	}
	if (!text->len)
		return;
	if (p->unit && *p->unit->valuestring) {
		buf_addc(text, ' ');
		buf_adds(text, p->unit->valuestring);
	}
	fn(ctx, name->s, text->s, text->len);
}

bool json_pairs_each(const cJSON *array, json_pairs_fn fn, void *ctx)
{
	struct pair p;
	if (!cJSON_IsArray(array) || !array->child)
		return false;
	for (const cJSON *e = array->child; e; e = e->next)
		if (!read_pair(e, &p))
			return false;
	struct buf name, text;
	buf_init(&name);
	buf_init(&text);
	for (const cJSON *e = array->child; e; e = e->next) {
		read_pair(e, &p);
		buf_reset(&name);
		for (const char *s = p.name->valuestring; *s; s++)
			buf_addc(&name, *s == '.' ? ' ' : *s);
		if (cJSON_IsArray(p.value))
			for (const cJSON *v = p.value->child; v; v = v->next)
				emit(&p, v, &name, &text, fn, ctx);
		else
			emit(&p, p.value, &name, &text, fn, ctx);
	}
	buf_release(&name);
	buf_release(&text);
	return true;
}
