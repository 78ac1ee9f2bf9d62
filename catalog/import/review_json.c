/*
 * review_json.c: recognizing review arrays and reading the parts of a
 * review, and nothing else, from each object.
 */
#include "catalog/import/review_json.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/import/html.h"
#include "catalog/import/mapping.h"
#include "common/buf.h"
#include "common/xalloc.h"
#include "nlu/text/fieldname.h"
#include "nlu/text/valueshape.h"

enum role { R_NONE, R_AUTHOR, R_RATING, R_TITLE, R_BODY, R_HELPFUL, R_DATE, R_BEST };

/* Field names (normalized: letters and digits, lower case) of each part. */
static const struct {
	enum role role;
	const char *names;
} roles[] = {
	{R_AUTHOR, "author reviewer user username nickname displayname name by customer "
	           "reviewername authorname customername reviewedby writer postedby nick "
	           "screenname profile"},
	{R_RATING, "rating stars star score rate ratingvalue grade reviewrating overallrating"},
	{R_TITLE, "title headline summary subject reviewtitle"},
	{R_BODY, "text body comment content review reviewtext reviewbody description message "
	         "opinion details"},
	{R_HELPFUL, "helpful helpfulvotes helpfulcount upvotes likes votes thumbsup helpfulness "
	            "positivefeedback usefulvotes"},
	{R_DATE, "date created createdat submitted submittedat time timestamp published "
	         "publishedat reviewdate datepublished posted postedat datecreated"},
	{R_BEST, "bestrating best max maxrating scale outof"},
};

/* Inside {"author": {...}} and {"rating": {...}}. */
static const char *const nested_names = "name displayname nickname username fullname";
static const char *const nested_values = "value ratingvalue score rating stars";

/* Words of an array's path that say it holds reviews. */
static const char *const review_words[] = {
	"review", "reviews", "rating", "ratings", "comment", "comments",
	"testimonial", "testimonials", "feedback", "feedbacks", "opinions",
};

void review_list_init(struct review_list *l)
{
	memset(l, 0, sizeof *l);
}

void review_list_reset(struct review_list *l)
{
	for (size_t i = 0; i < l->nstrings; i++)
		free(l->strings[i]);
	l->nstrings = 0;
	l->n = 0;
}

void review_list_release(struct review_list *l)
{
	review_list_reset(l);
	free(l->strings);
	free(l->items);
	memset(l, 0, sizeof *l);
}

void review_list_swap(struct review_list *a, struct review_list *b)
{
	struct review_list t = *a;
	*a = *b;
	*b = t;
}

bool review_list_average(const struct review_list *l, double *avg)
{
	double sum = 0;
	size_t n = 0;
	for (size_t i = 0; i < l->n; i++)
		if (l->items[i].has_rating) {
			sum += l->items[i].rating;
			n++;
		}
	if (n)
		*avg = sum / (double)n;
	return n > 0;
}

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

static enum role role_of(const char *key)
{
	char norm[64];
	if (!key)
		return R_NONE;
	mapping_normalize(key, norm, sizeof norm);
	for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
		if (in_list(roles[i].names, norm))
			return roles[i].role;
	return R_NONE;
}

static bool number_of(const cJSON *v, double *out)
{
	if (cJSON_IsNumber(v)) {
		*out = v->valuedouble;
		return true;
	}
	if (!cJSON_IsString(v))
		return false;
	char *end;
	double d = strtod(v->valuestring, &end);
	while (isspace((unsigned char)*end))
		end++;
	if (end == v->valuestring || *end)
		return false;
	*out = d;
	return true;
}

/* The parts of one review as found, before they are cleaned. */
struct parts {
	const char *author, *title, *body, *date;
	double rating, best, helpful;
	bool has_rating, has_best, has_helpful;
};

static const char *nonempty(const cJSON *v)
{
	if (!cJSON_IsString(v))
		return NULL;
	const char *s = v->valuestring;
	while (isspace((unsigned char)*s))
		s++;
	return *s ? s : NULL;
}

static void read_nested(const cJSON *obj, enum role role, struct parts *p)
{
	char norm[64];
	for (const cJSON *c = obj->child; c; c = c->next) {
		if (!c->string)
			continue;
		mapping_normalize(c->string, norm, sizeof norm);
		if (role == R_AUTHOR && !p->author && in_list(nested_names, norm))
			p->author = nonempty(c);
		else if (role == R_RATING && in_list(nested_values, norm))
			p->has_rating = number_of(c, &p->rating) || p->has_rating;
		else if (role == R_RATING && role_of(c->string) == R_BEST)
			p->has_best = number_of(c, &p->best);
	}
}

static void read_parts(const cJSON *obj, struct parts *p)
{
	memset(p, 0, sizeof *p);
	for (const cJSON *c = obj->child; c; c = c->next) {
		enum role role = role_of(c->string);
		if (cJSON_IsObject(c)) {
			if (role == R_AUTHOR || role == R_RATING)
				read_nested(c, role, p);
			continue;
		}
		switch (role) {
		case R_AUTHOR:
			if (!p->author)
				p->author = nonempty(c);
			break;
		case R_TITLE:
			if (!p->title)
				p->title = nonempty(c);
			break;
		case R_BODY:
			if (!p->body)
				p->body = nonempty(c);
			break;
		case R_DATE:
			if (!p->date)
				p->date = nonempty(c);
			break;
		case R_RATING:
			if (!p->has_rating)
				p->has_rating = number_of(c, &p->rating);
			break;
		case R_BEST:
			p->has_best = number_of(c, &p->best);
			break;
		case R_HELPFUL:
			p->has_helpful = number_of(c, &p->helpful);
			break;
		case R_NONE:
			break;
		}
	}
}

static bool path_names_reviews(const char *path)
{
	struct buf words;
	buf_init(&words);
	fieldname_words(path, strlen(path), &words);
	bool named = false;
	for (const char *p = words.s; *p && !named;) {
		size_t n = strcspn(p, " ");
		for (size_t i = 0; i < sizeof review_words / sizeof review_words[0] && !named; i++)
			named = strlen(review_words[i]) == n && !strncmp(review_words[i], p, n);
		p += n;
		while (*p == ' ')
			p++;
	}
	buf_release(&words);
	return named;
}

/* A text cleaned for keeping: HTML made text, addresses out, trimmed;
 * NULL when nothing is left. Owned by l. */
static const char *keep_text(struct review_list *l, const char *s, bool html)
{
	if (!s)
		return NULL;
	struct buf a, b;
	buf_init(&a);
	buf_init(&b);
	if (html)
		html_to_text(s, strlen(s), &a);
	else
		buf_adds(&a, s);
	valueshape_scrub_emails(a.s, a.len, &b);
	size_t start = 0, end = b.len;
	while (start < end && isspace((unsigned char)b.s[start]))
		start++;
	while (end > start && isspace((unsigned char)b.s[end - 1]))
		end--;
	const char *kept = NULL;
	if (end > start) {
		l->strings = xgrow(l->strings, &l->strcap, l->nstrings + 1, sizeof *l->strings);
		kept = l->strings[l->nstrings++] = xstrndup(b.s + start, end - start);
	}
	buf_release(&a);
	buf_release(&b);
	return kept;
}

/* A rating on 0..5: out of `best` when given, else out of 10 or 100 when
 * it is above 5. */
static bool scale_rating(const struct parts *p, double *out)
{
	if (!p->has_rating || !(p->rating >= 0))
		return false;
	double r = p->rating;
	if (p->has_best && p->best > 0)
		r = r * 5 / p->best;
	else if (r > 10 && r <= 100)
		r /= 20;
	else if (r > 5 && r <= 10)
		r /= 2;
	if (r > 5)
		return false;
	*out = r;
	return true;
}

static void add_review(struct review_list *l, const struct parts *p)
{
	l->items = xgrow(l->items, &l->cap, l->n + 1, sizeof *l->items);
	struct review *r = &l->items[l->n++];
	memset(r, 0, sizeof *r);
	if (p->author) {
		size_t len = strlen(p->author);
		enum value_shape shape = valueshape_of(p->author, len);
		if (shape != SHAPE_EMAIL && shape != SHAPE_PHONE && !valueshape_has_email(p->author, len))
			r->author = keep_text(l, p->author, false);
	}
	r->title = keep_text(l, p->title, true);
	r->body = keep_text(l, p->body, true);
	r->date = keep_text(l, p->date, false);
	r->has_rating = scale_rating(p, &r->rating);
	if (p->has_helpful && p->helpful > 0 && p->helpful < 1e15)
		r->helpful = llround(p->helpful);
}

bool review_json_take(struct review_list *l, const char *path, const cJSON *array)
{
	if (!cJSON_IsArray(array) || !cJSON_IsObject(array->child))
		return false;
	/* Under a name that says reviews, an object with a rating and no text
	 * is a review too, but most must have text: a histogram of ratings
	 * ([{"stars": 5, "count": 120}]) is not reviews. Elsewhere each object
	 * needs a text and a rating. */
	bool named = path_names_reviews(path);
	size_t n = 0, texts = 0;
	struct parts p;
	for (const cJSON *e = array->child; e; e = e->next) {
		if (!cJSON_IsObject(e))
			return false;
		read_parts(e, &p);
		bool text = p.body || p.title;
		if (named ? !text && !p.has_rating : !(p.has_rating && p.body))
			return false;
		n++;
		texts += text;
	}
	/* Ratings without a word of text under such a name are a tally of
	 * the reviews, not the product's attributes: dropped. */
	if (named && !texts)
		return true;
	if (2 * texts < n)
		return false;
	for (const cJSON *e = array->child; e; e = e->next) {
		read_parts(e, &p);
		add_review(l, &p);
	}
	return true;
}
