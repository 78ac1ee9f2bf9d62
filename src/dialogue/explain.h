/*
 * explain: a recommendation's reason as one line in the language pack's
 * words ("bought with Tent One in 6 orders", "popular in Tents"), from the
 * templates [reason.REASON] of its replies (product.txt), REASON being the
 * recommendation's reason tag; with a count of 1, [reason.REASON.one] is
 * tried first. The first variant whose every {variable} is known is said:
 * {about} (the product or category the reason is about) and {count}.
 *
 * Used by the dialogue ("why these?") and by `clerk recommend --json`.
 */
#ifndef CLERK_EXPLAIN_H
#define CLERK_EXPLAIN_H

#include "catalog/recommend/recommend.h"
#include "src/dialogue/replies.h"

/* The line (heap), or NULL when the pack has no wording for the reason. */
char *explain_recommendation(const replies *rp, const struct recommendation *r);

#endif
