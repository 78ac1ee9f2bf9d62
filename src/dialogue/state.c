/*
 * state.c: the writers of the conversation's state.
 */
#include "src/dialogue/state.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "catalog/shop/cart.h"
#include "common/xalloc.h"

void state_list_forget(dialogue *d)
{
	for (size_t i = 0; i < d->n_shown; i++) {
		product_view_release(&d->shown[i]);
		free(d->shown_matched[i]);
		free(d->shown_lifted[i]);
		d->shown_matched[i] = d->shown_lifted[i] = NULL;
	}
	d->n_shown = 0;
	d->list = LIST_NONE;
	d->focus = -1;
	d->n_compared = 0;
}

void state_list_set(dialogue *d, const struct product_view *p, size_t n, char **matched,
                    char **lifted, enum dlg_list from)
{
	state_list_forget(d);
	if (!d->currency && n && p[0].currency && *p[0].currency)
		d->currency = xstrdup(p[0].currency);
	if (n > DLG_MAX_SHOWN)
		n = DLG_MAX_SHOWN;
	for (size_t i = 0; i < n; i++) {
		product_view_copy(&d->shown[i], &p[i]);
		d->shown_matched[i] = matched && matched[i] ? xstrdup(matched[i]) : NULL;
		d->shown_lifted[i] = lifted && lifted[i] ? xstrdup(lifted[i]) : NULL;
	}
	d->n_shown = n;
	d->list = from;
	if (n == 1)
		d->focus = 0;
}

void state_focus_targets(dialogue *d, const struct reading *r)
{
	bool all_listed = true;
	for (size_t k = 0; k < r->n_targets; k++)
		all_listed &= r->index[k] >= 0;
	if (!all_listed) {
		state_list_set(d, r->targets, r->n_targets, NULL, NULL, LIST_NAMED);
		d->focus = r->n_targets == 1 ? 0 : -1;
	} else if (r->n_targets == 1) {
		d->focus = r->index[0];
	}
}

void state_variant_set(dialogue *d, const char *product, const char *variant)
{
	free(d->variant_of);
	free(d->variant);
	d->variant_of = product && variant ? xstrdup(product) : NULL;
	d->variant = product && variant ? xstrdup(variant) : NULL;
}

const char *state_variant_of(const dialogue *d, const char *product)
{
	return product && d->variant_of && !strcmp(d->variant_of, product) ? d->variant : NULL;
}

int state_list_find(const dialogue *d, const char *id)
{
	for (size_t i = 0; id && i < d->n_shown; i++)
		if (d->shown[i].id && !strcmp(d->shown[i].id, id))
			return (int)i;
	return -1;
}

void frame_init(struct dlg_frame *f)
{
	memset(f, 0, sizeof *f);
	f->price_min = f->price_max = f->rating_min = -1;
	f->bound_lo = f->bound_hi = -1;
	f->age_months = -1;
}

void frame_release(struct dlg_frame *f)
{
	char **strs[] = {&f->words, &f->brand, &f->not_brand, &f->category, &f->color,
	                 &f->not_color, &f->material, &f->size, &f->measure, &f->must,
	                 &f->audience, &f->bound_key, &f->bound_dim, &f->bound_shown};
	for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
		free(*strs[i]);
	for (size_t i = 0; i < f->n_values; i++) {
		free(f->values[i].key);
		free(f->values[i].value);
	}
	frame_init(f);
}

static char *dup_or_null(const char *s)
{
	return s && *s ? xstrdup(s) : NULL;
}

void frame_copy(struct dlg_frame *dst, const struct dlg_frame *src)
{
	*dst = *src;
	char **strs[] = {&dst->words, &dst->brand, &dst->not_brand, &dst->category, &dst->color,
	                 &dst->not_color, &dst->material, &dst->size, &dst->measure, &dst->must,
	                 &dst->audience, &dst->bound_key, &dst->bound_dim, &dst->bound_shown};
	for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
		*strs[i] = dup_or_null(*strs[i]);
	for (size_t i = 0; i < dst->n_values; i++) {
		dst->values[i].key = dup_or_null(src->values[i].key);
		dst->values[i].value = dup_or_null(src->values[i].value);
	}
}

bool frame_empty(const struct dlg_frame *f)
{
	return !f->words && !f->brand && !f->not_brand && !f->category && !f->color &&
	       !f->not_color && !f->material && !f->size && !f->measure && !f->must &&
	       !f->audience && !f->bound_dim &&
	       f->price_min < 0 &&
	       f->price_max < 0 &&
	       f->rating_min < 0 && !f->in_stock && !f->n_values && f->age_months < 0;
}

bool frame_add_value(struct dlg_frame *f, const char *key, const char *value, bool exclude)
{
	if ((!key || !*key) && (!value || !*value))
		return false;
	for (size_t i = 0; i < f->n_values; i++) {
		struct dlg_value *v = &f->values[i];
		bool same_key = (!v->key && !key) || (v->key && key && !strcasecmp(v->key, key));
		bool same_value = (!v->value && !value) || (v->value && value && !strcasecmp(v->value, value));
		if (same_key && same_value) {
			/* "with nuts" after "without nuts" turns it round */
			bool changed = v->exclude != exclude;
			v->exclude = exclude;
			return changed;
		}
	}
	if (f->n_values == DLG_MAX_VALUES)
		return false;
	struct dlg_value *v = &f->values[f->n_values++];
	v->key = dup_or_null(key);
	v->value = dup_or_null(value);
	v->exclude = exclude;
	return true;
}

static bool set_str(char **dst, const char *src)
{
	if (!src || !*src || (*dst && !strcasecmp(*dst, src)))
		return false;
	free(*dst);
	*dst = xstrdup(src);
	return true;
}

static bool drop_str(char **s)
{
	if (!*s)
		return false;
	free(*s);
	*s = NULL;
	return true;
}

bool frame_merge(struct dlg_frame *f, const struct nlu_entities *e)
{
	bool any = false;
	if (e->price_min >= 0 && f->price_min != e->price_min) {
		f->price_min = e->price_min;
		if (f->price_max >= 0 && f->price_max < f->price_min && e->price_max < 0)
			f->price_max = -1;
		any = true;
	}
	if (e->price_max >= 0 && f->price_max != e->price_max) {
		f->price_max = e->price_max;
		if (f->price_min > f->price_max)
			f->price_min = -1;
		any = true;
	}
	if (e->age_months >= 0 && f->age_months != e->age_months) {
		f->age_months = e->age_months;
		any = true;
	}
	if (e->rating_min >= 0 && f->rating_min != e->rating_min) {
		f->rating_min = e->rating_min;
		any = true;
	}
	if (e->in_stock && !f->in_stock) {
		f->in_stock = true;
		any = true;
	}
	if (e->brand) {
		/* "only X" makes any "not Y" moot */
		any |= set_str(&f->brand, e->brand);
		any |= drop_str(&f->not_brand);
	}
	if (e->not_brand) {
		any |= set_str(&f->not_brand, e->not_brand);
		if (f->brand && !strcasecmp(f->brand, e->not_brand))
			any |= drop_str(&f->brand);
	}
	if (e->category)
		any |= set_str(&f->category, e->category);
	if (e->color) {
		any |= set_str(&f->color, e->color);
		drop_str(&f->not_color);
	}
	if (e->not_color)
		any |= set_str(&f->not_color, e->not_color);
	if (e->material)
		any |= set_str(&f->material, e->material);
	if (e->size)
		any |= set_str(&f->size, e->size);
	if (e->sort != NLU_SORT_NONE && f->sort != e->sort) {
		f->sort = e->sort;
		any = true;
	}
	return any;
}

void state_frame_set(dialogue *d, const struct dlg_frame *f)
{
	frame_release(&d->frame);
	frame_copy(&d->frame, f);
	d->has_frame = true;
}

void state_frame_forget(dialogue *d)
{
	frame_release(&d->frame);
	d->has_frame = false;
	d->offset = d->total = 0;
}

int state_cart(dialogue *d, int64_t *id, char **err)
{
	if (!d->cart_id && cart_open(d->cat, d->customer, d->session, &d->cart_id, err) < 0)
		return -1;
	*id = d->cart_id;
	return 0;
}

void state_cart_totals(dialogue *d, struct reply *out)
{
	if (!d->cart_id && !d->customer)
		return; /* an anonymous shopper who never used the cart has none */
	int64_t id;
	struct cart_contents cc;
	if (state_cart(d, &id, NULL) < 0 || cart_list(d->cat, id, &cc, NULL) < 0)
		return;
	out->cart_count = (int)cc.items;
	out->cart_total_cents = cc.total_cents;
	cart_contents_release(&cc);
}

void state_ask_clear(dialogue *d)
{
	struct dlg_pending *p = &d->pending;
	if (p->contact)
		explicit_bzero(p->contact, strlen(p->contact));
	free(p->contact);
	free(p->promo);
	free(p->intent);
	free(p->sign_in);
	free(p->product);
	for (size_t i = 0; i < p->n_items; i++) {
		free(p->items[i].product);
		free(p->items[i].name);
	}
	memset(p, 0, sizeof *p);
}

void state_ask(dialogue *d, enum dlg_ask ask, enum dlg_action action)
{
	struct dlg_pending *p = &d->pending;
	p->ask = ask;
	p->action = action;
}

void state_order_set(dialogue *d, const char *ref)
{
	if (d->order_ref && ref && !strcmp(d->order_ref, ref))
		return;
	free(d->order_ref);
	d->order_ref = ref ? xstrdup(ref) : NULL;
	/* an email or postcode leaves memory, not only the state (a kiosk's
	 * next shopper shares the process) */
	if (d->order_verify)
		explicit_bzero(d->order_verify, strlen(d->order_verify));
	free(d->order_verify); /* a new order needs its own check */
	d->order_verify = NULL;
}

void state_order_verify(dialogue *d, const char *verify)
{
	free(d->order_verify);
	d->order_verify = verify ? xstrdup(verify) : NULL;
}

void state_order_forget(dialogue *d)
{
	state_order_set(d, NULL);
}
