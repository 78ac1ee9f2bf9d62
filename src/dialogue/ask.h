/*
 * ask: what a question is about. The lexicon's [attribute.CONCEPT]
 * sections say which words name which property ("heavy", "weigh" ->
 * weight); a product's attribute belongs to a concept when its key holds
 * one of the concept's words, so "how heavy is it?" finds the catalog's
 * "net weight" whatever the catalog calls it. [comparative.less] and
 * [comparative.more] say which end wins a comparison ("lighter": the
 * smallest weight).
 */
#ifndef CLERK_ASK_H
#define CLERK_ASK_H

/* The concept of "which is better value": the price per unit of size. */
#define ASK_UNIT_VALUE "value"

#include <stdbool.h>
#include <stddef.h>

#include "nlu/text/measure.h"
#include "src/dialogue/dialogue_int.h"

/* The concept a word or phrase of text names ("weight"), or NULL; the
 * first in the text wins, and of two at one place the longer phrase.
 * Borrowed. */
const char *ask_concept(const dialogue *d, const char *text);
/* The concept a key is a word of, whole ("colour" of [attribute.color];
 * "net weight" is none, being more than the concept's word), or NULL. */
const char *ask_key_concept(const dialogue *d, const char *key);
/* The concept one word belongs to ("contain" -> "ingredients"), or NULL.
 * Borrowed. */
const char *ask_concept_of_word(const dialogue *d, const char *word);
/* Does the word belong to the concept's words? */
bool ask_concept_word(const dialogue *d, const char *concept, const char *word);
/* -1 when the comparative wants the smallest value ("lighter"), +1 the
 * largest ("bigger"), 0 when it says neither. */
int ask_direction(const dialogue *d, const char *comparative);

/* The attributes of p (which has its details) that the words ask about,
 * or that belong to the concept: indexes into p->attrs, best first (a
 * key that is the question's words exactly before one that holds them),
 * every value of at most ASK_MAX_KEYS keys. Returns how many, at most max. */
#define ASK_MAX_KEYS 4
/* Does a key's name hold a word of the concept ("Option1 Value: Colour"
 * is of "color")? */
bool ask_key_of(const dialogue *d, const char *key, const char *concept);

size_t ask_attrs(const dialogue *d, const struct product_view *p, char **words, size_t n,
                 const char *concept, size_t *idx, size_t max);

/* Is the attribute noise a shopper never decides by: a link, an image, a
 * code or id, a timestamp, an email address (by its key's words, the
 * lexicon's [lexicon.hidden_keys], or by the shape of its value)? */
bool ask_hidden(const dialogue *d, const char *key, const char *value);

/* Is the word one of asking ("how", "much", "in stock", "rated")? */
bool ask_question_word(const dialogue *d, const char *w);
/* The words of a question that may name a key: its content words without
 * those of asking. Heap (words_free()). */
char **ask_key_words(const dialogue *d, const char *asked, size_t *n);
/* The attributes of p (with its details) that the words name by their
 * key: keys holding every word ("protein" -> "protein per 100g"), else
 * keys measured in the dimension of a unit a word names ("calories" ->
 * kcal). Hidden keys never. Returns how many, at most max, into idx. */
size_t ask_key_attrs(const dialogue *d, const struct product_view *p, char **words, size_t n,
                     size_t *idx, size_t max);
/* The attributes of p (with its details) measured in the dimension
 * ("length": its diameter, width, height...), hidden keys never; how
 * many, at most max, into idx. */
size_t ask_attrs_in_dimension(const dialogue *d, const struct product_view *p, const char *dim,
                              size_t *idx, size_t max);
/* The colour or size p comes in (an item of an attribute of those
 * concepts, or of one whose items the import kept variants for: "amount:
 * $50") whose every word lower says: "130 Sand" of "is the 130 sand in
 * stock", though no colour list knows "sand". Heap, NULL when none. */
char *ask_variant_named(dialogue *d, const struct product_view *p, const char *lower);
/* The same of an answer to "which one should I add?": words the name
 * holds too ("espresso" of "Espresso Blend") are the variant's. */
char *ask_variant_answered(dialogue *d, const struct product_view *p, const char *lower);
/* The size of a product: the first attribute of the concept "size" (the
 * lexicon's [attribute.size] words: "net content", "volume") whose value
 * is a measure with a unit. */
bool ask_size(const dialogue *d, const struct product_view *p, struct measure *m);
/* The price of p (with its details) per unit of its size: per kg or per
 * l when the size's dimension has a unit of a thousand canonical ones,
 * else per canonical unit ("pcs"). *cents is the price of one such unit,
 * per gets its name ("kg"), size the product's size. False without a
 * price or a size. */
bool ask_unit_price(const dialogue *d, const struct product_view *p, double *cents, char *per,
                    size_t per_size, struct measure *size);
/* The catalog's number key whose name holds the most of the words
 * ("protein" -> "protein per 100g"), or NULL. Borrowed from d. */
const struct attr_key *ask_number_key(const dialogue *d, char **words, size_t n);

/* The number a value starts with, and its unit (the rest, trimmed):
 * "280 g" -> 280, "g"; "6.1 inches" -> 6.1, "inches". false when the value
 * does not start with a number. unit gets at most size-1 bytes. */
bool ask_number(const char *value, double *num, char *unit, size_t size);

/* The amount a line of text gives what word names: the number written
 * just before it ("20g of protein", "350mg caffeine", "80 servings"; a
 * few words between, none of [lexicon.amount_breaks]: not the "1.5g" of
 * "1.5g creatine per serving" for servings) or right after it
 * ("caffeine: 200 mg"). Measures read with their unit (canonical: "350mg"
 * and "0.35 g" alike), else bare numbers. Of several, the first; when
 * direction is +1 the largest, -1 the smallest (of the first one's
 * dimension). False when the line gives none. */
bool ask_amount_in(const dialogue *d, const char *line, const char *word, int direction,
                   struct measure *m);
/* The line of p's data (with its details) that gives an amount of what
 * the words name: an attribute's value ("key product features: 350mg
 * caffeine per scoop"), else a sentence of its description or feature
 * lines, else its name ("Vitamin D3 5000 IU Softgels"). The line holds
 * every word, else the first `measured`, and an amount of one of those
 * (ask_amount_in(); *m when not NULL): of "protein per scoop" the
 * protein is measured, not the 30 g scoop. Heap, or NULL when no line
 * does. */
char *ask_amount_line(const dialogue *d, const struct product_view *p, char **words, size_t n,
                      size_t measured, int direction, struct measure *m);
/* How many of the words (content words, in order) come before the first
 * of [lexicon.amount_breaks] in text: "protein" of "protein per scoop".
 * The words of text after it name what the amount is per. */
size_t ask_measured_words(const dialogue *d, const char *text, char **words, size_t n);

/* The price p (with its details) had before a markdown, from an attribute
 * of [lexicon.was_price_keys] ("was price: 190.00"), in cents: above the
 * price when it is marked down. -1 when no such attribute. */
int64_t ask_was_price(const dialogue *d, const struct product_view *p);

/* The keys of [lexicon.was_price_keys] as a JSON array of strings, for
 * promotions_markdowns() (heap). */
char *ask_was_price_keys(dialogue *d);

/* Does the catalog mark any product down (a price before a markdown
 * above its price, of the product or of one of its variants)? Then a
 * product without one is at its regular price. */
bool ask_catalog_marks_down(dialogue *d);

/* Does an attribute of p that lists sizes ("sizes: XS,S,M,L,XL") list
 * size ("medium" is "M" by the language's [size.*] sections)? 1 yes, 0
 * no, -1 when p has no such attribute; *sizes (when not NULL) is the
 * list, borrowed from p. */
int ask_size_listed(const dialogue *d, const struct product_view *p, const char *size,
                    const char **sizes);
/* The same, with *as_listed (heap, or NULL) the size as the list writes
 * it: "8 in" for "8 inch". */
int ask_size_listed_as(const dialogue *d, const struct product_view *p, const char *size,
                       const char **sizes, char **as_listed);

/* Every value of the attribute key whose value sizes points at (what
 * ask_size_listed() gave), ", " between: "L, M, S, XS" when each size is
 * a row of its own. Heap, or NULL when sizes is no attribute's. */
char *ask_sizes_all(const struct product_view *p, const char *sizes);

#endif
