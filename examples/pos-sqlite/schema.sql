-- The local database of a POS terminal (SQLite 3), as examples/pos-sqlite
-- reads it: the shape of a till's tables, reduced to what loyalty needs.
--
--   sqlite3 till.db < examples/pos-sqlite/schema.sql
--
-- The till writes members, orders with their order_lines, and refunds.
-- pos-sqlite reads them and writes three tables of its own: redemptions
-- (the benefits it granted), vipcare_checkpoint (how far it has read) and
-- vipcare_rejects (rows the library refused, with the reason).
--
-- Conventions (docs/integration.md explains each one):
-- * Money is INTEGER minor units (fen, cents): 1250000 is 12,500.00. Never
--   REAL: 0.1 has no exact binary value. A line amount that is not an
--   integer is refused, never rounded.
-- * Times are local civil time as TEXT, 'YYYY-MM-DD HH:MM:SS' (a 'T' may
--   replace the space; seconds may be left out). Dates are 'YYYY-MM-DD'.
-- * Rows of members, orders, order_lines and refunds are appended, never
--   updated or deleted: a correction is a refund. pos-sqlite follows each
--   table by its AUTOINCREMENT id; AUTOINCREMENT (not a bare INTEGER PRIMARY
--   KEY) guarantees that an id is never handed out twice, even after the
--   highest row was deleted, so no row can slip in below the checkpoint.
-- * An order is written once it is paid, in one transaction with all of its
--   lines. SQLite admits one writer at a time, so ids become visible in
--   increasing order and reading "id > checkpoint" never misses a row.
-- * Names and phone numbers stay here: pos-sqlite never reads them (the
--   library keeps ids, dates, amounts and consent flags only).

PRAGMA journal_mode = WAL; -- readers (pos-sqlite) never block the till's writes

CREATE TABLE IF NOT EXISTS members (
	member_id         INTEGER PRIMARY KEY AUTOINCREMENT, -- follow-up position
	card_no           TEXT NOT NULL UNIQUE,  -- the customer id in libvipcare
	name              TEXT,                  -- never read by pos-sqlite
	phone             TEXT,                  -- never read by pos-sqlite
	birthday          TEXT,      -- 'MM-DD' or 'YYYY-MM-DD' (the year is not kept); NULL: unknown
	joined_on         TEXT,      -- 'YYYY-MM-DD'; NULL: the first order makes the member
	consent_sms       INTEGER NOT NULL DEFAULT 0, -- 0 or 1: may be contacted this way
	consent_wechat    INTEGER NOT NULL DEFAULT 0,
	consent_phone     INTEGER NOT NULL DEFAULT 0,
	consent_email     INTEGER NOT NULL DEFAULT 0,
	consent_app       INTEGER NOT NULL DEFAULT 0,
	marketing_opt_out INTEGER NOT NULL DEFAULT 0, -- 1: no marketing contacts
	advisor           TEXT,      -- the personal advisor's staff id; NULL: none
	tier_override     TEXT,      -- a tier set by hand; NULL: none
	override_until    TEXT       -- its last day; NULL: no end
);

CREATE TABLE IF NOT EXISTS orders (
	order_id   INTEGER PRIMARY KEY AUTOINCREMENT, -- follow-up position
	receipt_no TEXT NOT NULL UNIQUE, -- the transaction id in libvipcare
	card_no    TEXT,                 -- the member card scanned; NULL: no card (not followed)
	store      TEXT,
	terminal   TEXT,
	closed_at  TEXT NOT NULL         -- when it was paid, local time
);

CREATE TABLE IF NOT EXISTS order_lines (
	order_id   INTEGER NOT NULL REFERENCES orders (order_id),
	line_no    INTEGER NOT NULL,
	sku        TEXT,
	category   TEXT,
	qty        INTEGER NOT NULL DEFAULT 1,
	unit_price INTEGER NOT NULL,     -- minor units
	amount     INTEGER NOT NULL,     -- the line's total after discounts, minor units (may be < 0)
	PRIMARY KEY (order_id, line_no)
);

CREATE TABLE IF NOT EXISTS refunds (
	refund_id           INTEGER PRIMARY KEY AUTOINCREMENT, -- follow-up position
	receipt_no          TEXT NOT NULL UNIQUE, -- the transaction id in libvipcare
	original_receipt_no TEXT,        -- the order refunded, from any till; NULL: not known
	card_no             TEXT,        -- NULL: the original order's card
	store               TEXT,
	refunded_at         TEXT NOT NULL,
	amount              INTEGER NOT NULL -- minor units, > 0
);

-- Benefits granted at the till, in the order they were granted. The after_*
-- columns say which rows the engine held when the benefit was granted, so
-- that a restart replays orders and redemptions in the same order and
-- comes to the same state. Software other than pos-sqlite that inserts a
-- redemption may leave them NULL: the trigger below fills in the rows
-- present at that moment.
CREATE TABLE IF NOT EXISTS redemptions (
	seq             INTEGER PRIMARY KEY AUTOINCREMENT,
	redemption_id   TEXT NOT NULL UNIQUE, -- the till's id: a retry with it spends nothing more
	card_no         TEXT NOT NULL,
	benefit         TEXT NOT NULL,        -- a benefit id of the policy: 'free_parking_hours'
	redeemed_at     TEXT NOT NULL,
	qty             INTEGER NOT NULL DEFAULT 1,
	terminal        TEXT,
	after_member_id INTEGER,
	after_order_id  INTEGER,
	after_refund_id INTEGER
);

CREATE TRIGGER IF NOT EXISTS redemptions_position AFTER INSERT ON redemptions
WHEN NEW.after_member_id IS NULL OR NEW.after_order_id IS NULL OR NEW.after_refund_id IS NULL
BEGIN
	UPDATE redemptions SET
		after_member_id = coalesce(NEW.after_member_id, (SELECT coalesce(max(member_id), 0) FROM members)),
		after_order_id = coalesce(NEW.after_order_id, (SELECT coalesce(max(order_id), 0) FROM orders)),
		after_refund_id = coalesce(NEW.after_refund_id, (SELECT coalesce(max(refund_id), 0) FROM refunds))
	WHERE seq = NEW.seq;
END;

-- How far each reader (pos-sqlite --consumer NAME) has taken the tables.
CREATE TABLE IF NOT EXISTS vipcare_checkpoint (
	consumer            TEXT PRIMARY KEY,
	last_member_id      INTEGER NOT NULL,
	last_order_id       INTEGER NOT NULL,
	last_refund_id      INTEGER NOT NULL,
	last_redemption_seq INTEGER NOT NULL,
	updated_at          TEXT NOT NULL
);

-- Rows the library refused, each once: which table, which row, and the
-- library's reason (it names the field and value, never the whole row).
CREATE TABLE IF NOT EXISTS vipcare_rejects (
	source     TEXT NOT NULL,    -- 'members', 'orders', 'refunds' or 'redemptions'
	source_id  INTEGER NOT NULL, -- its member_id, order_id, refund_id or seq
	reason     TEXT NOT NULL,
	noticed_at TEXT NOT NULL,
	PRIMARY KEY (source, source_id)
);
