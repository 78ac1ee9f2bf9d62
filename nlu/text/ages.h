/*
 * ages: who a product is for by age, and how old the child a shopper
 * speaks of is, in months.
 *
 * A shop writes the ages a toy suits in many ways: "Age range: 3+ years",
 * "Ages 3-5", "0-12 months", "18 m+", "10 years and up", "from 2 years",
 * "Not suitable for children under 3 years" (a floor of 36 months),
 * "not for under-3s". A shopper says "for a 4 year old", "a 4-year-old",
 * "she's turning 4", "my son is 6", "6 months old", "a toddler", "a
 * newborn". English wording; plain ASCII matching on folded text.
 * Pure functions; no dependencies beyond common/.
 */
#ifndef CLERK_AGES_H
#define CLERK_AGES_H

#include <stdbool.h>
#include <stddef.h>

/* No upper bound of an age range ("3+ years"). */
#define AGES_OPEN (-1)

/* The ages text[0..len) says a product suits, as months from *from to *to
 * (inclusive; *to is AGES_OPEN when it says no end). label_age: the text
 * is the value of a field named for ages ("Age range": "3-5 years", "8+"),
 * where a bare number counts years. false when the text says none. */
bool ages_in_text(const char *text, size_t len, bool label_age, int *from, int *to);

/* Is a field's name about ages ("Age", "Age range", "Recommended age",
 * "ages")? */
bool ages_label(const char *key, size_t len);

/* The typical age in months of a stage of childhood named by word
 * (folded: "toddler", "babies", "newborn"), or -1. */
int ages_of_stage(const char *word);

/* The age of the child text speaks of, in months, or -1; *start and *end
 * (either may be NULL) get the byte span of the words that say it
 * ("4 year old"), which say nothing else. A word for a stage of childhood
 * ("toddler", "newborn") gives its typical age with an empty span: the
 * word stays a search word too. With several ages ("kids are 8 and 11")
 * the youngest, and its words. */
int ages_of_child(const char *text, size_t len, size_t *start, size_t *end);

#endif
