/*
 * schema.c: the catalog's tables and the migrations between versions.
 *
 * PRAGMA user_version holds the schema version. Each entry of `migrations`
 * takes the database from version i to i+1 and runs in one transaction with
 * the version bump, so a database is always at exactly one version.
 */
#include "catalog/store/schema.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"

/* product_fts up to its tokenizer argument: the first schema creates it
 * with English stems, index_language.c recreates it in another language. */
#define PRODUCT_FTS_CREATE                                   \
	"CREATE VIRTUAL TABLE product_fts USING fts5("       \
	"  name, brand, category, attrs, description,"       \
	"  content='', tokenize="

static const char *const migrations[] = {
	/* 0 -> 1: the first schema. */
	"CREATE TABLE brands ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE COLLATE NOCASE);"

	/* A category path is stored one row per level; path is the full
	 * ' > '-joined path of the row, unique, and depth counts from 0. */
	"CREATE TABLE categories ("
	"  id INTEGER PRIMARY KEY,"
	"  parent_id INTEGER REFERENCES categories(id),"
	"  name TEXT NOT NULL,"
	"  path TEXT NOT NULL UNIQUE COLLATE NOCASE,"
	"  depth INTEGER NOT NULL);"
	"CREATE INDEX categories_parent ON categories(parent_id);"

	"CREATE TABLE products ("
	"  id INTEGER PRIMARY KEY,"
	"  source_id TEXT NOT NULL UNIQUE,"
	"  name TEXT NOT NULL,"
	"  brand_id INTEGER REFERENCES brands(id),"
	"  category_id INTEGER REFERENCES categories(id),"
	"  description TEXT NOT NULL DEFAULT '',"
	"  features TEXT NOT NULL DEFAULT '',"
	"  price_cents INTEGER,"
	"  currency TEXT NOT NULL DEFAULT 'USD',"
	"  rating REAL,"
	"  review_count INTEGER NOT NULL DEFAULT 0,"
	"  stock INTEGER,"
	"  popularity REAL NOT NULL DEFAULT 0,"
	"  color TEXT,"
	"  material TEXT,"
	"  url TEXT,"
	"  image TEXT,"
	"  tags TEXT,"
	"  CHECK (price_cents IS NULL OR price_cents >= 0),"
	"  CHECK (rating IS NULL OR (rating >= 0 AND rating <= 5)));"
	"CREATE INDEX products_price ON products(price_cents);"
	"CREATE INDEX products_brand ON products(brand_id, price_cents);"
	"CREATE INDEX products_category ON products(category_id, price_cents);"

	/* Attributes as key/value rows: features "key:value", color, material,
	 * eco labels. A product may have several values for one key. */
	"CREATE TABLE attributes ("
	"  product_id INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,"
	"  key TEXT NOT NULL,"
	"  value TEXT NOT NULL,"
	"  PRIMARY KEY (product_id, key, value)) WITHOUT ROWID;"
	"CREATE INDEX attributes_key ON attributes(key, value);"

	"CREATE TABLE customers ("
	"  id INTEGER PRIMARY KEY,"
	"  external_id TEXT NOT NULL UNIQUE,"
	"  name TEXT,"
	"  email TEXT,"
	"  postcode TEXT,"
	"  created_at INTEGER NOT NULL DEFAULT (unixepoch()));"

	"CREATE TABLE events ("
	"  id INTEGER PRIMARY KEY,"
	"  customer_id INTEGER REFERENCES customers(id) ON DELETE CASCADE,"
	"  session TEXT,"
	"  kind TEXT NOT NULL CHECK (kind IN"
	"    ('search','view','compare','add_to_cart','remove_from_cart','purchase','feedback')),"
	"  product_id INTEGER REFERENCES products(id) ON DELETE SET NULL,"
	"  detail TEXT,"
	"  at INTEGER NOT NULL DEFAULT (unixepoch()));"
	"CREATE INDEX events_customer ON events(customer_id, at);"
	"CREATE INDEX events_product ON events(product_id);"

	"CREATE TABLE carts ("
	"  id INTEGER PRIMARY KEY,"
	"  customer_id INTEGER REFERENCES customers(id) ON DELETE CASCADE,"
	"  session TEXT,"
	"  updated_at INTEGER NOT NULL DEFAULT (unixepoch()));"
	"CREATE INDEX carts_customer ON carts(customer_id);"
	"CREATE TABLE cart_items ("
	"  cart_id INTEGER NOT NULL REFERENCES carts(id) ON DELETE CASCADE,"
	"  product_id INTEGER NOT NULL REFERENCES products(id),"
	"  quantity INTEGER NOT NULL CHECK (quantity > 0),"
	"  price_cents INTEGER,"
	"  added_at INTEGER NOT NULL DEFAULT (unixepoch()),"
	"  PRIMARY KEY (cart_id, product_id)) WITHOUT ROWID;"

	/* source_id is the order number shoppers quote ("10422"). */
	"CREATE TABLE orders ("
	"  id INTEGER PRIMARY KEY,"
	"  source_id TEXT NOT NULL UNIQUE,"
	"  customer_id INTEGER REFERENCES customers(id) ON DELETE SET NULL,"
	"  status TEXT NOT NULL CHECK (status IN"
	"    ('pending','paid','shipped','delivered','cancelled','returned')),"
	"  placed_at TEXT NOT NULL,"
	"  total_cents INTEGER NOT NULL DEFAULT 0,"
	"  currency TEXT NOT NULL DEFAULT 'USD',"
	"  email TEXT,"
	"  postcode TEXT,"
	"  carrier TEXT,"
	"  tracking TEXT);"
	"CREATE INDEX orders_customer ON orders(customer_id);"
	"CREATE TABLE order_items ("
	"  order_id INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,"
	"  line INTEGER NOT NULL,"
	"  product_id INTEGER REFERENCES products(id) ON DELETE SET NULL,"
	"  product_source_id TEXT NOT NULL,"
	"  name TEXT,"
	"  quantity INTEGER NOT NULL CHECK (quantity > 0),"
	"  price_cents INTEGER NOT NULL,"
	"  PRIMARY KEY (order_id, line)) WITHOUT ROWID;"
	"CREATE INDEX order_items_product ON order_items(product_id);"
	"CREATE TABLE shipments ("
	"  id INTEGER PRIMARY KEY,"
	"  order_id INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,"
	"  at TEXT NOT NULL,"
	"  status TEXT NOT NULL,"
	"  location TEXT);"
	"CREATE INDEX shipments_order ON shipments(order_id, at);"

	/* Failed order verifications, for rate limiting. */
	"CREATE TABLE verify_failures ("
	"  order_ref TEXT PRIMARY KEY,"
	"  failures INTEGER NOT NULL,"
	"  locked_until INTEGER NOT NULL DEFAULT 0);"

	"CREATE TABLE promotions ("
	"  id INTEGER PRIMARY KEY,"
	"  code TEXT UNIQUE,"
	"  description TEXT NOT NULL,"
	"  kind TEXT NOT NULL CHECK (kind IN ('percent','amount','shipping')),"
	"  value REAL NOT NULL DEFAULT 0,"
	"  brand_id INTEGER REFERENCES brands(id),"
	"  category_id INTEGER REFERENCES categories(id),"
	"  min_total_cents INTEGER NOT NULL DEFAULT 0,"
	"  starts_at TEXT,"
	"  ends_at TEXT);"

	"CREATE TABLE consent ("
	"  customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,"
	"  purpose TEXT NOT NULL,"
	"  granted INTEGER NOT NULL CHECK (granted IN (0,1)),"
	"  at INTEGER NOT NULL DEFAULT (unixepoch()),"
	"  PRIMARY KEY (customer_id, purpose)) WITHOUT ROWID;"

	"CREATE TABLE handoffs ("
	"  id INTEGER PRIMARY KEY,"
	"  reference TEXT NOT NULL UNIQUE,"
	"  customer_id INTEGER REFERENCES customers(id) ON DELETE SET NULL,"
	"  session TEXT,"
	"  message TEXT,"
	"  at INTEGER NOT NULL DEFAULT (unixepoch()));"

	"CREATE TABLE settings ("
	"  key TEXT PRIMARY KEY,"
	"  value TEXT NOT NULL);"

	/* Full-text index over the product text, contentless to keep the
	 * database small: products holds the text, product_fts the index.
	 * Rowids match products.id. The tokenizer is clerk's own
	 * (catalog/fts_tokenizer.c): folding, compounds kept whole, Snowball
	 * stems in the language named after it. Column order is relied on by
	 * the bm25() weights in catalog/search.c. */
	PRODUCT_FTS_CREATE "'clerk english');",

	/* 1 -> 2: orders through a backend. Returns of chosen items; the
	 * idempotency keys of order actions, with a fingerprint of the request
	 * each came with and the answer it got (the store's side); the keys of
	 * the shopper's actions whose outcome is not known yet (the client's
	 * side); the last answer of a remote order service per order, told only
	 * when the service fails. */
	"ALTER TABLE order_items ADD COLUMN returned INTEGER NOT NULL DEFAULT 0"
	"  CHECK (returned >= 0 AND returned <= quantity);"
	"CREATE TABLE order_actions ("
	"  key TEXT PRIMARY KEY,"
	"  request TEXT NOT NULL,"
	"  order_ref TEXT NOT NULL,"
	"  result INTEGER NOT NULL,"
	"  at INTEGER NOT NULL);"
	"CREATE TABLE order_pending ("
	"  what_hash TEXT PRIMARY KEY,"
	"  key TEXT NOT NULL,"
	"  at INTEGER NOT NULL);"
	"CREATE TABLE order_cache ("
	"  service TEXT NOT NULL,"
	"  order_ref TEXT NOT NULL,"
	"  verify_hash TEXT NOT NULL,"
	"  answer TEXT NOT NULL,"
	"  fetched_at INTEGER NOT NULL,"
	"  PRIMARY KEY (service, order_ref)) WITHOUT ROWID;",

	/* 2 -> 3: the promotion code an order was placed with and what it took
	 * off its total. */
	"ALTER TABLE orders ADD COLUMN promotion TEXT;"
	"ALTER TABLE orders ADD COLUMN discount_cents INTEGER NOT NULL DEFAULT 0"
	"  CHECK (discount_cents >= 0);",

	/* 3 -> 4: what each attribute key holds, and product reviews.
	 * attributes.hidden marks a row the importer found to be a link, a
	 * code or a time stamp (by its value, or by the object it sat in: an
	 * image's width), never shown or indexed. attribute_keys is computed
	 * from the attributes at the end of each import (catalog/store/
	 * attributes.c): a key's kind ('hidden' for links, codes and time
	 * stamps, `noise` saying which), the canonical unit of a number kind,
	 * how many products have it. Reviews keep no personal data: the
	 * author is a display name as the catalog gives it; e-mail addresses
	 * and phone numbers are dropped at import. */
	"ALTER TABLE attributes ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0;"
	"CREATE TABLE attribute_keys ("
	"  key TEXT PRIMARY KEY,"
	"  label TEXT NOT NULL,"
	"  kind TEXT NOT NULL CHECK (kind IN ('text','number','list','bool','hidden')),"
	"  unit TEXT,"
	"  dimension TEXT,"
	"  noise TEXT CHECK (noise IS NULL OR noise IN ('link','code','time','personal')),"
	"  products INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;"

	"CREATE TABLE reviews ("
	"  id INTEGER PRIMARY KEY,"
	"  product_id INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,"
	"  author TEXT,"
	"  rating REAL CHECK (rating IS NULL OR (rating >= 0 AND rating <= 5)),"
	"  title TEXT,"
	"  body TEXT,"
	"  helpful INTEGER NOT NULL DEFAULT 0,"
	"  date TEXT);"
	"CREATE INDEX reviews_product ON reviews(product_id, helpful);",

	/* 4 -> 5: the recommender's model (catalog/recommend/recommend_model.c
	 * writes it, recommend.c reads it). One row per product that was
	 * ordered or viewed: how many orders hold it, its prior and trend
	 * scores, and its best neighbours packed in a blob (the layout is in
	 * catalog/recommend/recommend_int.h). Lists are ranked product lists
	 * per category (0: the whole catalog): 'popular' (ranked by orders,
	 * scored by the prior) and 'trending' (by the trend score). Pins are
	 * products staff put first: for every list (no anchor), when a product
	 * is in the basket (anchor_product_id) or for a category. */
	"CREATE TABLE recommend_items ("
	"  product_id INTEGER PRIMARY KEY REFERENCES products(id) ON DELETE CASCADE,"
	"  orders INTEGER NOT NULL DEFAULT 0,"
	"  prior REAL NOT NULL DEFAULT 0,"
	"  trend REAL NOT NULL DEFAULT 0,"
	"  neighbors BLOB);"
	"CREATE TABLE recommend_lists ("
	"  list TEXT NOT NULL,"
	"  category_id INTEGER NOT NULL,"
	"  rank INTEGER NOT NULL,"
	"  product_id INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,"
	"  score REAL NOT NULL,"
	"  PRIMARY KEY (list, category_id, rank)) WITHOUT ROWID;"
	"CREATE TABLE recommend_pins ("
	"  id INTEGER PRIMARY KEY,"
	"  product_id INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,"
	"  anchor_product_id INTEGER REFERENCES products(id) ON DELETE CASCADE,"
	"  category_id INTEGER REFERENCES categories(id) ON DELETE CASCADE,"
	"  position INTEGER NOT NULL DEFAULT 0,"
	"  created_at INTEGER NOT NULL DEFAULT (unixepoch()),"
	"  UNIQUE (product_id, anchor_product_id, category_id));"
	"CREATE INDEX recommend_pins_anchor ON recommend_pins(anchor_product_id, position);"
	"CREATE INDEX recommend_pins_category ON recommend_pins(category_id, position);",

	/* 5 -> 6: what staff measure and decide (catalog/shop/analytics.c,
	 * experiments.c, pricing.c, kiosk.c, feedback.c).
	 *
	 * Event kinds become rows of event_kinds, so a new kind is an INSERT in
	 * a migration, not a rebuild of events; the rebuild here is the last.
	 * The new kinds: a 'turn' (detail: the intent it was answered as), a
	 * search that found nothing ('search_empty', detail: the query), the
	 * products a reply showed ('shown') or recommended ('recommended'),
	 * detail a JSON array of their source ids, an 'out_of_scope' turn
	 * (detail: what was said), and a 'checkout' (detail: the order number,
	 * which ties a guest's order to the session that placed it).
	 * events.variants records the A/B variants the event's customer or
	 * session was assigned when it happened ("name=variant ..."); the
	 * trigger fills it, so logging code need not know about experiments. */
	"CREATE TABLE event_kinds (kind TEXT PRIMARY KEY) WITHOUT ROWID;"
	"INSERT INTO event_kinds VALUES ('search'),('view'),('compare'),('add_to_cart'),"
	"  ('remove_from_cart'),('purchase'),('feedback'),('turn'),('search_empty'),('shown'),"
	"  ('recommended'),('out_of_scope'),('checkout');"
	"CREATE TABLE events_new ("
	"  id INTEGER PRIMARY KEY,"
	"  customer_id INTEGER REFERENCES customers(id) ON DELETE CASCADE,"
	"  session TEXT,"
	"  kind TEXT NOT NULL REFERENCES event_kinds(kind),"
	"  product_id INTEGER REFERENCES products(id) ON DELETE SET NULL,"
	"  detail TEXT,"
	"  at INTEGER NOT NULL DEFAULT (unixepoch()),"
	"  variants TEXT);"
	"INSERT INTO events_new (id, customer_id, session, kind, product_id, detail, at)"
	"  SELECT id, customer_id, session, kind, product_id, detail, at FROM events;"
	"DROP TABLE events;"
	"ALTER TABLE events_new RENAME TO events;"
	"CREATE INDEX events_customer ON events(customer_id, at);"
	"CREATE INDEX events_product ON events(product_id);"
	"CREATE INDEX events_kind ON events(kind, at);"
	"CREATE INDEX events_session ON events(session, at);"

	/* An experiment splits customers or sessions (units) between its
	 * variants by a hash of the unit with the experiment's salt; an
	 * assignment row is the unit's first exposure. */
	"CREATE TABLE experiments ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE,"
	"  variants TEXT NOT NULL,"
	"  metric TEXT NOT NULL,"
	"  salt TEXT NOT NULL,"
	"  status TEXT NOT NULL DEFAULT 'running' CHECK (status IN ('running','stopped')),"
	"  created_at INTEGER NOT NULL DEFAULT (unixepoch()),"
	"  stopped_at INTEGER);"
	"CREATE TABLE assignments ("
	"  experiment_id INTEGER NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,"
	"  unit TEXT NOT NULL,"
	"  variant TEXT NOT NULL,"
	"  at INTEGER NOT NULL DEFAULT (unixepoch()),"
	"  PRIMARY KEY (experiment_id, unit)) WITHOUT ROWID;"
	"CREATE INDEX assignments_unit ON assignments(unit);"
	"CREATE TRIGGER events_variants AFTER INSERT ON events"
	"  WHEN NEW.variants IS NULL AND EXISTS (SELECT 1 FROM assignments a"
	"    WHERE a.unit = NEW.session"
	"       OR a.unit = (SELECT external_id FROM customers WHERE id = NEW.customer_id))"
	"  BEGIN UPDATE events SET variants = (SELECT group_concat(x.name || '=' || a.variant, ' ')"
	"    FROM assignments a JOIN experiments x ON x.id = a.experiment_id"
	"    WHERE a.unit = NEW.session"
	"       OR a.unit = (SELECT external_id FROM customers WHERE id = NEW.customer_id))"
	"  WHERE id = NEW.id; END;"
	/* a forgotten customer leaves no assignment under their id */
	"CREATE TRIGGER customers_forget_assignments AFTER DELETE ON customers"
	"  BEGIN DELETE FROM assignments WHERE unit = OLD.external_id; END;"

	/* Prices: what a product costs the shop (for the minimum margin),
	 * and every price change staff applied, with the suggestion it took. */
	"ALTER TABLE products ADD COLUMN cost_cents INTEGER CHECK (cost_cents IS NULL OR cost_cents >= 0);"
	"CREATE TABLE price_changes ("
	"  id INTEGER PRIMARY KEY,"
	"  product_id INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,"
	"  old_cents INTEGER,"
	"  new_cents INTEGER NOT NULL,"
	"  suggested_cents INTEGER,"
	"  staff TEXT,"
	"  reason TEXT,"
	"  at INTEGER NOT NULL DEFAULT (unixepoch()));"
	"CREATE INDEX price_changes_product ON price_changes(product_id, at);"

	/* Hand-offs are closed by staff with a note. */
	"ALTER TABLE handoffs ADD COLUMN closed_at INTEGER;"
	"ALTER TABLE handoffs ADD COLUMN note TEXT;"

	/* A kiosk order is handed over at the counter: its pickup reference
	 * and where it stands there (the order's own status follows: paid,
	 * delivered when picked up, cancelled). */
	"CREATE TABLE kiosk_orders ("
	"  order_id INTEGER PRIMARY KEY REFERENCES orders(id) ON DELETE CASCADE,"
	"  pickup TEXT NOT NULL UNIQUE,"
	"  state TEXT NOT NULL DEFAULT 'open'"
	"    CHECK (state IN ('open','paid','picked_up','cancelled')),"
	"  reason TEXT,"
	"  created_at INTEGER NOT NULL DEFAULT (unixepoch()),"
	"  updated_at INTEGER);"

	/* Negative feedback about a product or an order, for staff to read. */
	"CREATE TABLE feedback_flags ("
	"  id INTEGER PRIMARY KEY,"
	"  customer_id INTEGER REFERENCES customers(id) ON DELETE CASCADE,"
	"  session TEXT,"
	"  product_id INTEGER REFERENCES products(id) ON DELETE SET NULL,"
	"  order_ref TEXT,"
	"  score REAL NOT NULL,"
	"  message TEXT,"
	"  at INTEGER NOT NULL DEFAULT (unixepoch()),"
	"  closed_at INTEGER);"

	/* What staff did: kiosk orders marked or cancelled (with the reason),
	 * hand-offs closed, prices applied, experiments started and stopped. */
	"CREATE TABLE staff_log ("
	"  id INTEGER PRIMARY KEY,"
	"  at INTEGER NOT NULL DEFAULT (unixepoch()),"
	"  action TEXT NOT NULL,"
	"  subject TEXT,"
	"  detail TEXT);",

	/* 6 -> 7: personalization (catalog/shop/profile.c, offers.c).
	 *
	 * Consent first, kept by the database itself: an event never names a
	 * customer who has not granted the 'personalization' purpose, whoever
	 * writes it (the event log, checkout's purchase events, an import).
	 * It is kept without the customer, so that staff's counts (searches,
	 * conversions) still hold it while nothing ties it to a person (the
	 * session string goes when the session ends). After 5 -> 6, which
	 * rebuilt events (a rebuild drops its triggers). */
	"CREATE TRIGGER events_need_consent AFTER INSERT ON events"
	" WHEN NEW.customer_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM consent"
	"  WHERE consent.customer_id = NEW.customer_id"
	"  AND consent.purpose = 'personalization' AND consent.granted = 1)"
	" BEGIN UPDATE events SET customer_id = NULL WHERE id = NEW.id; END;"
	/* when a returning customer was last told of their waiting cart */
	"ALTER TABLE carts ADD COLUMN reminded_at INTEGER;"

	/* Rules of personal offers, edited by staff. trigger: 'loyalty'
	 * (min_orders orders or min_spent_cents spent), 'affinity' (the
	 * customer's favourite category holds at least min_affinity of their
	 * interest; the offer is for that category) or 'lapsed' (a customer
	 * with min_orders orders, none for lapsed_days). description may say
	 * {category}. */
	"CREATE TABLE offer_rules ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE,"
	"  trigger TEXT NOT NULL CHECK (trigger IN ('loyalty','affinity','lapsed')),"
	"  min_orders INTEGER NOT NULL DEFAULT 0,"
	"  min_spent_cents INTEGER NOT NULL DEFAULT 0,"
	"  lapsed_days INTEGER NOT NULL DEFAULT 0,"
	"  min_affinity REAL NOT NULL DEFAULT 0,"
	"  kind TEXT NOT NULL CHECK (kind IN ('percent','amount','shipping')),"
	"  value REAL NOT NULL DEFAULT 0,"
	"  min_total_cents INTEGER NOT NULL DEFAULT 0,"
	"  valid_days INTEGER NOT NULL DEFAULT 30 CHECK (valid_days > 0),"
	"  description TEXT NOT NULL,"
	"  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)));"
	"INSERT INTO offer_rules (name, trigger, min_orders, min_spent_cents, lapsed_days,"
	"  min_affinity, kind, value, valid_days, description) VALUES"
	" ('loyal customer', 'loyalty', 3, 0, 0, 0, 'percent', 10, 30,"
	"  '10% off your next order, for shopping with us so often'),"
	" ('favourite category', 'affinity', 0, 0, 0, 0.4, 'percent', 10, 30,"
	"  '10% off {category}'),"
	" ('we miss you', 'lapsed', 1, 0, 90, 0, 'percent', 15, 30,"
	"  '15% off to welcome you back');"

	/* Personal offers issued: one code per rule and customer, ever; the
	 * code is single-use (redeemed_at set when an order is placed with
	 * it) and belongs to its customer alone. */
	"CREATE TABLE offers ("
	"  id INTEGER PRIMARY KEY,"
	"  code TEXT NOT NULL UNIQUE COLLATE NOCASE,"
	"  rule_id INTEGER REFERENCES offer_rules(id) ON DELETE SET NULL,"
	"  customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,"
	"  description TEXT NOT NULL,"
	"  kind TEXT NOT NULL CHECK (kind IN ('percent','amount','shipping')),"
	"  value REAL NOT NULL DEFAULT 0,"
	"  category_id INTEGER REFERENCES categories(id) ON DELETE SET NULL,"
	"  min_total_cents INTEGER NOT NULL DEFAULT 0,"
	"  issued_at INTEGER NOT NULL DEFAULT (unixepoch()),"
	"  ends_at TEXT NOT NULL,"
	"  redeemed_at INTEGER,"
	"  order_ref TEXT,"
	"  UNIQUE (rule_id, customer_id));"
	"CREATE INDEX offers_customer ON offers(customer_id);",

	/* The shop's own figures (a cost price, a margin, a supplier) are
	 * kept hidden like links and codes: attribute_keys.noise may say
	 * 'internal'. SQLite changes a CHECK by rebuilding the table. */
	"CREATE TABLE attribute_keys_new ("
	"  key TEXT PRIMARY KEY,"
	"  label TEXT NOT NULL,"
	"  kind TEXT NOT NULL CHECK (kind IN ('text','number','list','bool','hidden')),"
	"  unit TEXT,"
	"  dimension TEXT,"
	"  noise TEXT CHECK (noise IS NULL OR"
	"                    noise IN ('link','code','time','personal','internal')),"
	"  products INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;"
	"INSERT INTO attribute_keys_new (key, label, kind, unit, dimension, noise, products)"
	"  SELECT key, label, kind, unit, dimension, noise, products FROM attribute_keys;"
	"DROP TABLE attribute_keys;"
	"ALTER TABLE attribute_keys_new RENAME TO attribute_keys;",

	/* The colour and size a shopper chose ("Light Blue, S") make a cart
	 * line of their own: one beanie in mustard and one in red are two
	 * lines; '' is a line chosen in nothing. Shown with the line and
	 * carried into the order. The key changes, so the table is rebuilt. */
	"CREATE TABLE cart_items_new ("
	"  cart_id INTEGER NOT NULL REFERENCES carts(id) ON DELETE CASCADE,"
	"  product_id INTEGER NOT NULL REFERENCES products(id),"
	"  options TEXT NOT NULL DEFAULT '',"
	"  quantity INTEGER NOT NULL CHECK (quantity > 0),"
	"  price_cents INTEGER,"
	"  added_at INTEGER NOT NULL DEFAULT (unixepoch()),"
	"  PRIMARY KEY (cart_id, product_id, options)) WITHOUT ROWID;"
	"INSERT INTO cart_items_new (cart_id, product_id, quantity, price_cents, added_at)"
	"  SELECT cart_id, product_id, quantity, price_cents, added_at FROM cart_items;"
	"DROP TABLE cart_items;"
	"ALTER TABLE cart_items_new RENAME TO cart_items;",
};

/* Runs sql; on failure sets *err to "what: SQLite's message". */
static int run(sqlite3 *db, const char *sql, const char *what, char **err)
{
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK)
		return 0;
	if (err)
		*err = xasprintf("%s: %s", what, sqlite3_errmsg(db));
	return -1;
}

int schema_version(sqlite3 *db)
{
	sqlite3_stmt *st = NULL;
	int v = -1;
	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

int schema_migrate(sqlite3 *db, char **err)
{
	const int target = schema_target_version();
	int version = schema_version(db);
	if (version < 0) {
		if (err)
			*err = xasprintf("reading the schema version: %s", sqlite3_errmsg(db));
		return -1;
	}
	if (version > target) {
		if (err)
			*err = xasprintf("database schema version %d is newer than this clerk (%d)",
			                 version, target);
		return -1;
	}
	while (version < target) {
		char *what = xasprintf("migrating schema %d to %d", version, version + 1);
		char pragma[64];
		snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", version + 1);
		int rc = run(db, "BEGIN IMMEDIATE", what, err);
		if (rc == 0 && (run(db, migrations[version], what, err) < 0 ||
		                run(db, pragma, what, err) < 0 || run(db, "COMMIT", what, err) < 0)) {
			sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
			rc = -1;
		}
		free(what);
		if (rc < 0)
			return -1;
		version++;
	}
	return 0;
}

int schema_target_version(void)
{
	return (int)(sizeof migrations / sizeof migrations[0]);
}

char *schema_fts_sql(const char *language)
{
	if (!*language || strspn(language, "abcdefghijklmnopqrstuvwxyz_") != strlen(language))
		return NULL;
	return xasprintf(PRODUCT_FTS_CREATE "'clerk %s');", language);
}
