/*
 * review_json: shoppers' reviews inside a JSON product record, taken out
 * before the record is flattened (flattened, the reviews' texts and authors
 * would be joined into one attribute each, their boundaries lost).
 *
 * An array is reviews when its objects have a text-like field (text, body,
 * comment, content, review) or a title, and either the array's path names
 * reviews (reviews, ratings, comments, testimonials, feedback) or its
 * objects also have a rating-like field (rating, stars, score). An array
 * under such a name whose objects have ratings and no text at all is a
 * tally of ratings ([{"stars": 5, "count": 120}, ...]): it is taken and
 * dropped, its counts being nobody's attribute. From each
 * object only what a review is made of is kept: the author's display name
 * (author, reviewer, user, nickname, name, also nested: {"author":
 * {"name": ...}}), the rating (scaled to 0..5 when out of 10 or 100 or of a
 * given best), title, body (HTML made text), helpful votes and date. Every
 * other field is dropped, so e-mail addresses, phone numbers and user ids
 * never reach the catalog; addresses are scrubbed from the texts too, and
 * an author that is an address or a phone number is dropped.
 *
 * Ownership: a review_list is embedded by its owner: review_list_init()
 * before use, review_list_release() after; its struct review items point
 * into strings the list owns until the next reset.
 */
#ifndef CLERK_REVIEW_JSON_H
#define CLERK_REVIEW_JSON_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

#include "catalog/store/reviews.h"

struct review_list {
	struct review *items;
	size_t n, cap;
	char **strings; /* what the items point to */
	size_t nstrings, strcap;
};

void review_list_init(struct review_list *l);
void review_list_reset(struct review_list *l);
void review_list_release(struct review_list *l);
void review_list_swap(struct review_list *a, struct review_list *b);

/* The mean rating of the rated reviews in *avg; false when none is rated. */
bool review_list_average(const struct review_list *l, double *avg);

/* When array (found at the dotted path) is an array of reviews, appends
 * them to l and returns true; a tally of ratings is taken too, adding
 * nothing; otherwise leaves l alone and returns false. */
bool review_json_take(struct review_list *l, const char *path, const cJSON *array);

#endif
