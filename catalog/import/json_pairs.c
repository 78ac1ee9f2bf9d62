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
                                        "specvalue options";
static const char *const unit_fields = "unit units uom unittext unitcode";

struct pair {
	const cJSON *name, *value, *unit;
};

static bool scalar(const cJSON *v)
{
	return cJSON_IsString(v) || cJSON_IsNumber(v) || cJSON_IsBool(v);
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
