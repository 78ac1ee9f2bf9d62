/*
 * dialogue_int.h: private to src/dialogue/. The conversation's state and
 * the turn being answered, as plain types; the functions over them are
 * declared by the file that defines them (turn.h, words.h, state.h,
 * lookup.h, resolve.h, handlers.h).
 *
 * The files stand on each other in this order, lowest first, and never
 * call upwards: replies.c (templates), turn.c (the reply being built),
 * words.c (the shopper's words against the lexicon), attrs.c (the
 * catalog's attribute kinds, measures and related words), state.c (the
 * list in focus, the search frame, the cart, the pending question),
 * personal.c (personalization behind the consent), lookup.c (catalog
 * search and product details for the dialogue), resolve.c (one reading of
 * the turn, grounded against the state and the catalog), the handler files
 * (find.c, recommend.c, product.c, cart.c, orders.c, chat.c, profile.c:
 * one family of intents each), and dialogue.c (lifecycle, the intent table
 * and the dispatch of a turn).
 */
#ifndef CLERK_DIALOGUE_INT_H
#define CLERK_DIALOGUE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "catalog/store/product_view.h"
#include "common/buf.h"
#include "nlu/text/dictionary.h"
#include "nlu/sentiment.h"
#include "src/dialogue/dialogue.h"
#include "src/dialogue/replies.h"

#define DLG_PAGE 5          /* products shown a page */
#define DLG_MAX_SHOWN 16    /* the list in focus: what ordinals refer to */
#define DLG_MAX_VARS 48
#define DLG_MAX_TARGETS 8   /* products one turn may act on */
#define DLG_MAX_QUANTITY 99 /* units of one product a cart line may hold */
#define DLG_MAX_RETURN 16   /* lines of one order a return may name */

struct searcher;
struct autocomplete;
struct measure_units;
struct attr_key;
struct dlg_sample;
struct order_backend;
struct profile;

/* A value an attribute of a product says, as a filter of the search. */
#define DLG_MAX_VALUES 4
struct dlg_value {
	char *key;    /* only this key's values (a yes/no key), or NULL: any shown key and the name */
	char *value;  /* the word or phrase the value must say ("Brazil", "nuts"), or
	               * for a yes/no key NULL: its value must be a yes */
	bool exclude; /* the products whose values say it are left out */
};

/* The search frame: the words and constraints a search runs with. They
 * persist from turn to turn until the shopper changes or clears them;
 * strings are heap (NULL = none). */
struct dlg_frame {
	char *words;       /* product words */
	double price_min;  /* < 0 when none */
	double price_max;
	double rating_min; /* < 0 when none */
	bool in_stock;
	char *brand;
	char *not_brand;
	char *category;
	char *color;
	char *not_color;
	char *material;
	char *size;
	char *measure;     /* a size the words named ("2 l"): products of that size come first */
	char *must;        /* words every product holds ("case" for a phone the words name) */
	char *audience;    /* who it is for ("kids") where no department says it:
	                    * products marked for others only are left out */
	/* "under 200 cm wide": a bound on the measures of attributes whose
	 * key holds bound_key ("width"; NULL: any key) in bound_dim, in its
	 * canonical unit; < 0 when none. bound_shown says it back. */
	char *bound_key, *bound_dim, *bound_shown;
	double bound_lo, bound_hi;
	int age_months;    /* for a child this old (nlu_entities.age_months); < 0 when none */
	bool focus_department; /* the category is the department of the product in
	                        * focus ("a chair for it"): given, not guessed */
	enum nlu_sort sort;
	/* Values the products' attributes must (or must not) say: "from
	 * Brazil", "without nuts", "waterproof ones" (attrs.h). */
	struct dlg_value values[DLG_MAX_VALUES];
	size_t n_values;
};

/* Where the list in focus came from. */
enum dlg_list { LIST_NONE, LIST_SEARCH, LIST_RECOMMEND, LIST_CART, LIST_NAMED };

/* The one question clerk may have asked and waits an answer for. */
enum dlg_ask {
	ASK_NONE,
	ASK_CONFIRM,      /* yes or no to pending.action */
	ASK_ORDER_ID,     /* an order number */
	ASK_ORDER_VERIFY, /* the email or postcode the order was placed with */
	ASK_CONTACT,      /* a guest's email or postcode before checkout */
	ASK_RETURN_ITEMS, /* which lines of the order to return, and how many */
	ASK_WHICH,        /* several products fit a name: which one (in the list) */
	ASK_CUSTOMER_ID,  /* signing in: the customer number */
	ASK_CUSTOMER_VERIFY, /* signing in: the email or postcode on the account */
	ASK_VARIANT,      /* which size or colour of pending.product to add */
};

/* What a confirmed question does. */
enum dlg_action {
	ACT_NONE,
	ACT_CHECKOUT,
	ACT_EMPTY_CART,
	ACT_ORDER_STATUS,
	ACT_CANCEL_ORDER,
	ACT_RETURN_ORDER,
	ACT_FORGET_ME,
	ACT_ADD_OFFERED,  /* add the product offered instead of one out of stock */
	ACT_CONSENT,      /* may clerk personalize (record and use the history)? */
	ACT_FORGET_HISTORY, /* after "stop personalizing": delete the recorded history? */
	ACT_SIGN_IN,      /* the sign-in's questions (ASK_CUSTOMER_*) */
};

/* A line of an order the shopper returns. */
struct dlg_return_line {
	char *product; /* source id */
	char *name;
	int64_t quantity; /* chosen */
	int64_t bought;   /* on the order */
};

struct dlg_pending {
	enum dlg_ask ask;
	enum dlg_action action; /* what the answer leads to */
	char *contact;          /* checkout: the guest's email or postcode */
	char *promo;            /* checkout: a promotion code to apply */
	struct dlg_return_line items[DLG_MAX_RETURN]; /* return: the order's lines */
	size_t n_items;
	char *intent;           /* ASK_WHICH: the intent to run on the answer */
	char *sign_in;          /* ASK_CUSTOMER_VERIFY: the customer id being signed in */
	char *product;          /* ASK_VARIANT: the product whose variant is asked */
	long long quantity;     /* ASK_VARIANT: how many were asked for */
};

struct dialogue {
	catalog *cat;
	struct searcher *search;
	struct autocomplete *complete; /* for front ends' completions (session.c); NULL until asked */
	lang *lang;      /* the catalog's language pack; nlu and search borrow it */
	struct measure_units *units; /* the units table, or NULL (attrs.h) */
	struct attr_key *keys;       /* the catalog's attribute keys, most common first */
	size_t n_keys;
	nlu *nlu;
	dictionary *ordinary;      /* the dictionary of ordinary words, or NULL */
	replies *rp;
	struct order_backend *orders;     /* the caller's, or own_orders */
	struct order_backend *own_orders; /* the local store, when the caller gave none */
	char *customer;
	char *session;
	unsigned long seed;
	unsigned long turn;

	/* The list in focus: what the shopper sees, by position. */
	struct product_view shown[DLG_MAX_SHOWN];
	char *shown_matched[DLG_MAX_SHOWN]; /* the words that matched, for "why?" */
	char *shown_lifted[DLG_MAX_SHOWN];  /* what raised it */
	size_t n_shown;
	enum dlg_list list;
	int focus;                          /* the index "it" refers to, or -1 */
	int compared[DLG_MAX_TARGETS];      /* indexes of the last comparison */
	char *variant_of;                   /* a product whose variant was last answered */
	char *variant;                      /* ... that variant ("Pink"): what "add it" adds */
	size_t n_compared;

	/* The search frame and the page of it on screen. */
	bool has_frame;
	struct dlg_frame frame;
	size_t offset;
	size_t total;
	struct dlg_sample *sample; /* the frame's first search; later pages come from it */

	int64_t cart_id;           /* 0 until the cart is first needed */
	char *contact;             /* a guest's email or postcode, once given */
	char *promo_code;          /* a promotion code the shopper gave for the cart */
	char *policy_of;           /* the intent a policy question was about ("return_refund") */

	/* The order in focus. */
	char *order_ref;
	char *order_verify;        /* kept after a successful verification */

	struct dlg_pending pending;
	char *currency;    /* the shop's, from the first products shown (NULL: USD) */
	char *name_ends;   /* "watering can|...": words_note_name_ends() */
	/* the intent the last turn was answered as (a static string; NULL
	 * before the first) */
	const char *last_intent;
	/* The last product question, for "and the X?": its text, and what it
	 * asked (its words without the product's name, its concept). */
	char *last_question;
	char *last_asked;
	const char *last_concept;
	int feedback_score;
	/* The "reply_style" experiment's variant for this session (0, the
	 * control, when none runs): another choice among each reply's wordings
	 * (turn.c pick()); read at the session's first turn. */
	size_t reply_style;
	bool reply_style_read;
	sentiment *sentiment;      /* feedback's scorer; NULL when the pack has no lexicon */
	char *kiosk_payment;       /* dialogue_options.kiosk_payment */
	char *delivery;            /* dialogue_options.delivery */
	char *returns;             /* dialogue_options.returns */
	char *payment;             /* dialogue_options.payment */
	char *location;            /* dialogue_options.location */

	/* Personalization (personal.c, profile.c): the customer's consent as
	 * last read (enum profile_consent; valid when consent_read), whether
	 * the question was asked this session, whether a returning customer
	 * heard about their waiting cart, config.ini's switch for re-ranking
	 * search, the eco words of the lexicon, and when the session began. */
	int consent;
	bool consent_read;
	bool consent_asked;
	bool reminded;
	bool no_personal_ranking;
	bool shared_terminal;
	const char **eco_words;
	size_t n_eco_words;
	int64_t started_at;
	struct profile *profile;    /* the customer's, read once a turn (profile_turn) */
	unsigned long profile_turn;
	char *top_categories[4];   /* the catalog's biggest categories, for examples */
	size_t n_top_categories;
	/* every category level name, as its content words (lookup_names_said()) */
	char ***category_words;
	size_t *n_category_words;
	size_t n_category_names;
};

/* How the turn's references came out. */
enum ref_result {
	REF_NONE,         /* the turn names no product */
	REF_OK,           /* targets hold the products */
	REF_OUT_OF_RANGE, /* an ordinal past the end of the list */
	REF_NOT_FOUND,    /* a product named by name that the catalog lacks */
	REF_AMBIGUOUS,    /* a name several products fit: they are in the list now */
};

/* One reading of the turn: the NLU's intent and entities, grounded once
 * against the state and the catalog. Handlers act on these and never read
 * the text again. */
struct reading {
	const char *intent;      /* the intent the turn is answered as */
	bool yes, no;            /* the turn is a plain yes or no */
	bool foreign;            /* written in a language clerk does not read */

	/* Products the turn refers to: ordinals, "it", "both", "the cheaper
	 * one", or names in the sentence. */
	enum ref_result ref;
	struct product_view targets[DLG_MAX_TARGETS];
	size_t n_targets;
	size_t found;            /* products found for the turn's names, once or again */
	bool named;              /* the targets were named in the sentence */
	bool from_list;          /* ... or picked from the list in focus */
	bool one_name;           /* the sentence names one product (not "the X and the Y") */
	bool each;               /* "it" of a short list: each listed product answers */
	bool by_value;           /* ... picked by an attribute value the words say ("the
	                            one from france"): those words are no question */
	bool by_degree;          /* ... or by a plain adjective ("the cheap one") */
	int index[DLG_MAX_TARGETS]; /* their positions in the list, -1 when not in it */
	char *missing;           /* REF_NOT_FOUND: the words that named nothing */

	/* Quantities: "add 2", "make that 3", "remove one". */
	long long quantity;      /* as said; may be 0, negative or huge */
	bool has_quantity;       /* a quantity was said */
	bool set_quantity;       /* "make that 3": the line's new quantity */

	/* A question about an attribute: "how heavy", "does it come in white". */
	const char *question;    /* the text asked: the turn's, or for "and the X?" the
	                            last question's (borrowed) */
	char *asked;             /* the question's own words ("waterproof"), or NULL */
	const char *concept;     /* the property asked about ("weight"), or NULL */
	/* "longer ones" with one product on screen: the targets are the kind's
	 * products beyond it on the concept (comparative), closest first */
	bool beyond;
	char *beyond_of;         /* ... the product on screen it was beyond (heap) */
	/* "which is lighter", "the cheaper one": the target won on a concept */
	bool winner;
	const char *comparative; /* the concept it won on ("weight", "price", "rating") */
	const char *winner_key;  /* ... or the attribute key it won on ("protein per 100g") */
	int direction;           /* -1: the least of it won, +1: the most */
	const char *no_winner;   /* asked the most or least of it ("rating"), and no
	                            product of the list has a value (borrowed) */
	int among[DLG_MAX_SHOWN]; /* the positions in the list it won among */
	size_t n_among;
	bool listed;             /* they were found for this turn: the answer shows them */
};

/* The turn being answered. */
struct turn {
	dialogue *d;
	const char *input;      /* the utterance as given */
	char *lower;            /* the utterance lowercased (ASCII), trimmed */
	struct reply *out;
	struct reading r;
	struct buf text;
	struct reply_var vars[DLG_MAX_VARS];
	char *owned[DLG_MAX_VARS]; /* heap values of vars, freed after the turn */
	size_t n_vars;
	bool resume_checkout;   /* a promotion code said while checking out */
	bool then_checkout;     /* "add to basket and checkout": checkout after the add */
	bool variant_answer;    /* the turn answers which variant to add (ASK_VARIANT) */
	/* "make it the 32 pack" of the 16 pack in the cart: the product (source
	 * id) that takes its line, and the one it replaces (heap, or NULL) */
	char *swap_to, *swap_from;
};

#endif
