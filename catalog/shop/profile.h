/*
 * profile: what clerk knows about one shopper, and the shopper's rights
 * over it.
 *
 * Owns: signing a known customer in (their email or postcode, failures
 * counted and locked like order lookups), the consent to personalize
 * (purpose PROFILE_PURPOSE in the consent table), the affinities derived
 * from the shopper's events (brands, categories, colours, price band and
 * eco labels, each event weighed by its kind and by its age with a
 * half-life of PROFILE_HALF_LIFE_DAYS), the bounded re-ranking by them,
 * the anonymous session's end, and the two rights: the export of
 * everything stored about a customer as JSON, and forgetting them.
 * (profile.c: the account, sessions and consent; profile_affinity.c: the
 * affinities and what they pick; profile_rights.c: export and forget.)
 *
 * Consent first: events that name a customer are stored only after the
 * customer granted consent (the events table refuses them otherwise, see
 * catalog/store/schema.c), and affinities are read from events alone, so
 * a customer who never agreed has none and nothing here personalizes for
 * them. Orders are the store's bookkeeping, not personalization: they are
 * read only for the customer's own questions (their tier, their usual
 * carrier) and for staff.
 *
 * Must not depend on the dialogue or on any word list: the words that
 * mark an eco label come from the caller (the language pack's lexicon).
 *
 * Errors: 0 / -1 with a heap message in *err, as in catalog.h. Structs
 * filled through out-parameters are released with the matching
 * _release(); heap strings are the caller's to free.
 */
#ifndef CLERK_PROFILE_H
#define CLERK_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "catalog/store/catalog.h"
#include "catalog/store/product_view.h"

#define PROFILE_PURPOSE "personalization"
#define PROFILE_MAX_FAILURES 5
#define PROFILE_LOCK_SECONDS (15 * 60)
#define PROFILE_HALF_LIFE_DAYS 60
/* No product moves up more than this many places in profile_rerank(). */
#define PROFILE_MAX_SHIFT 2

/* ---- signing in ---- */

enum profile_sign_in {
	PROFILE_SIGNED_IN, /* the customer exists and verify matches */
	PROFILE_NO_MATCH,  /* no such customer, or verify does not match: the same answer */
	PROFILE_LOCKED,    /* too many failures for that customer id; try later */
};

/* Checks verify against the email (case ignored) or postcode (case and
 * spaces ignored) of customer (external id): the customer's own, or one of
 * their orders'. now is the Unix time. Failures are counted per customer
 * id, existing or not; after PROFILE_MAX_FAILURES the id is locked for
 * PROFILE_LOCK_SECONDS. */
int profile_sign_in(catalog *c, const char *customer, const char *verify, int64_t now,
                    enum profile_sign_in *out, char **err);

/* Moves the lines of the anonymous cart of session into customer's cart
 * (created when missing; quantities add up) and drops the anonymous cart.
 * Nothing to move is no error. */
int profile_adopt_session_cart(catalog *c, const char *customer, const char *session,
                               char **err);

/* The end of a session: its anonymous cart is deleted and its anonymous
 * events take a new random session name that nothing else holds, so they
 * still count as one conversation (staff's reports) but lead to no cart,
 * hand-off or customer. A customer's cart and events are not touched. */
int profile_session_end(catalog *c, const char *session, char **err);

/* ---- consent ---- */

enum profile_consent {
	PROFILE_CONSENT_UNASKED, /* never answered (also: no such customer) */
	PROFILE_CONSENT_GRANTED,
	PROFILE_CONSENT_REFUSED, /* said no, or withdrew */
};

int profile_consent(catalog *c, const char *customer, enum profile_consent *out, char **err);
/* Records the answer (the customer row is created when missing). A
 * withdrawal stops new events at once; what was recorded stays until
 * profile_forget_history() or profile_forget(). */
int profile_set_consent(catalog *c, const char *customer, bool granted, char **err);
/* Deletes the customer's events (their browsing and buying history) and
 * says how many there were in *deleted. */
int profile_forget_history(catalog *c, const char *customer, int64_t *deleted, char **err);

/* ---- affinities ---- */

enum profile_kind {
	PROFILE_BRAND,
	PROFILE_CATEGORY, /* the last level of the category path */
	PROFILE_COLOR,
	PROFILE_PRICE,    /* a price band: value is its lower bound in cents ("2500") */
	PROFILE_ECO,      /* value is the label's word ("organic") */
	PROFILE_KINDS
};

struct profile_affinity {
	enum profile_kind kind;
	char *value;
	double share; /* of the shopper's decayed interest in products, 0..1 */
};

struct profile {
	struct profile_affinity *affinities; /* by kind, strongest first within one */
	size_t n_affinities;
	size_t n_events;        /* the shopper's own events read (searches, views, carts,
	                           purchases; at most the newest 500) */
	char **searches;        /* the newest distinct queries, newest first */
	size_t n_searches;
	int64_t first_at, last_at; /* the oldest and newest event read; 0 when none */
	/* orders, for the customer's own questions (0 for a session) */
	int64_t orders;
	int64_t spent_cents;
	int tier;               /* 0 none, 1 after an order, 2 regular, 3 best customers */
};

/* The profile of customer (external id) or, when customer is NULL, of the
 * anonymous session; eco_words (may be NULL) are the lowercase words whose
 * presence in a product's attribute key or value marks an eco label. */
int profile_read(catalog *c, const char *customer, const char *session, int64_t now,
                 const char *const *eco_words, size_t n_eco, struct profile *out, char **err);
void profile_release(struct profile *p);
/* The strongest affinity of kind, or NULL. */
const struct profile_affinity *profile_top(const struct profile *p, enum profile_kind kind);
/* The price band of value (a profile_affinity of kind PROFILE_PRICE):
 * [*lo, *hi) in cents, *hi -1 for the top band. */
void profile_price_band(const char *value, int64_t *lo, int64_t *hi);

/* Reorders ids[] (source ids; the pointers move, the strings stay the
 * caller's) by the customer's affinities: each product moves up by at
 * most PROFILE_MAX_SHIFT places, in proportion to how well it fits, ties
 * keeping their order. A customer with no events leaves the list as it
 * was. */
int profile_rerank(catalog *c, const char *customer, const char **ids, size_t n, char **err);
/* The same by a profile the caller read with profile_read(), for one that
 * re-ranks several lists by one reading. */
int profile_rerank_by(catalog *c, const struct profile *p, const char **ids, size_t n,
                      char **err);
/* The same over product views already read (a search's hits), by their
 * brand, category, colour and price, with no statement run: v[] (the
 * pointers) is reordered. */
void profile_rerank_views(const struct profile *p, const struct product_view **v, size_t n);

/* ---- what the shopper's history suggests ---- */

/* The carrier of most of the customer's orders (the latest on a tie) in
 * *carrier (heap) and how many orders used it; NULL when none says. */
int profile_usual_carrier(catalog *c, const char *customer, char **carrier, int64_t *orders,
                          char **err);

/* Does the customer have a cart with items that was last changed before
 * `before` (Unix time) and that they were not reminded of since? */
int profile_cart_waiting(catalog *c, const char *customer, int64_t before, bool *waiting,
                         char **err);
/* Records that the customer was reminded of their cart at time now. */
int profile_cart_reminded(catalog *c, const char *customer, int64_t now, char **err);

/* The best rated product in stock under category (a path or a level's
 * name) whose attributes carry one of eco_words, with the word in *label
 * (heap). out->id is NULL when there is none. */
int profile_eco_pick(catalog *c, const char *category, const char *const *eco_words,
                     size_t n_eco, struct product_view *out, char **label, char **err);

/* ---- the shopper's rights ---- */

/* Everything stored about the customer, as a JSON document (heap, in
 * *json): the customer row, consent, events, carts, orders with their
 * lines and shipments, personal offers, hand-off requests. *json is NULL
 * when there is no such customer. */
int profile_export(catalog *c, const char *customer, int64_t now, char **json, char **err);
/* The export written to path (NULL: a new file under
 * $XDG_DATA_HOME/clerk/exports/, else ~/.local/share/clerk/exports/),
 * readable by its owner only. *written (heap) is the path; NULL when there
 * is no such customer (nothing is written). */
int profile_export_file(catalog *c, const char *customer, const char *path, int64_t now,
                        char **written, char **err);

/* What profile_forget() deleted or detached. */
struct profile_forgotten {
	bool found;       /* there was such a customer */
	int64_t events;
	int64_t carts;
	int64_t consents;
	int64_t offers;
	int64_t handoffs;
	int64_t orders;   /* kept for the store's accounts, detached */
};

/* Forgets the customer in one transaction: their events, carts, consent,
 * personal offers, hand-off requests, sign-in failures and the customer
 * row are deleted; their orders (and guest orders placed with their
 * email) stay for the store's accounts with no customer, email, postcode
 * or tracking number. Deleted rows are overwritten in the file
 * (secure_delete) and the write-ahead log is checkpointed, so the data
 * does not linger in free pages. No such customer is no error. */
int profile_forget(catalog *c, const char *customer, struct profile_forgotten *out, char **err);

#endif
