-- A mall back office's tables (PostgreSQL), as examples/erp-postgres reads
-- and writes them.
--
--   psql -d mall -f examples/erp-postgres/schema.sql
--
-- The ERP and the CRM keep the input tables: members, orders, care_log,
-- survey_responses, service_requests. The nightly batch (nightly.py) reads
-- them and writes the output tables: member_score, care_agenda,
-- care_agenda_suppressed, kpi_snapshot and vipcare_rejects.
--
-- Conventions (docs/integration.md explains each one):
-- * Money is numeric(14,2): exact, two fraction digits.
-- * Times are `timestamp without time zone` holding local civil time, as
--   libvipcare counts them. An ERP on timestamptz converts in its query:
--   ordered_at AT TIME ZONE 'Asia/Shanghai'.
-- * Names and phone numbers stay here: the batch never reads them.

CREATE TABLE IF NOT EXISTS members (
	member_id         text PRIMARY KEY,     -- the customer id in libvipcare
	full_name         text,                 -- never read by the batch
	mobile            text,                 -- never read by the batch
	birth_year        smallint,             -- optional; when given, the date must exist
	birth_month       smallint,             -- NULL with birth_day: birthday unknown
	birth_day         smallint,
	joined_on         date,                 -- NULL: the first order makes the member
	consent_sms       boolean NOT NULL DEFAULT false,
	consent_wechat    boolean NOT NULL DEFAULT false,
	consent_phone     boolean NOT NULL DEFAULT false,
	consent_email     boolean NOT NULL DEFAULT false,
	consent_app       boolean NOT NULL DEFAULT false,
	marketing_opt_out boolean NOT NULL DEFAULT false,
	advisor_id        text,                 -- the personal advisor; NULL: none
	tier_override     text,                 -- a tier set by hand; NULL: none
	override_until    date                  -- its last day; NULL: no end
);

-- Sales and returns, from every till and the web shop.
CREATE TABLE IF NOT EXISTS orders (
	order_id          text PRIMARY KEY,     -- the transaction id in libvipcare
	member_id         text NOT NULL,
	ordered_at        timestamp(0) without time zone NOT NULL,
	kind              text NOT NULL DEFAULT 'sale' CHECK (kind IN ('sale', 'return')),
	amount            numeric(14,2) NOT NULL CHECK (amount > 0), -- a return is positive too
	store_id          text,
	category          text,
	original_order_id text                  -- a return's sale; NULL: not known
);
CREATE INDEX IF NOT EXISTS orders_kind_time ON orders (kind, ordered_at, order_id);

-- The outcome of each care contact the staff made (the CRM writes it).
CREATE TABLE IF NOT EXISTS care_log (
	id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	member_id    text NOT NULL,
	kind         text NOT NULL,     -- welcome, followup_3d, birthday, lapse, advisor_contact, tier_change
	occasion     text NOT NULL,     -- the care_agenda row's occasion
	contacted_on date NOT NULL,
	outcome      text NOT NULL      -- reached, no_answer, declined
);

CREATE TABLE IF NOT EXISTS survey_responses (
	id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	member_id   text NOT NULL,
	answered_at timestamp(0) without time zone NOT NULL,
	kind        text NOT NULL,      -- nps (0..10) or csat (1..5)
	score       smallint NOT NULL
);

CREATE TABLE IF NOT EXISTS service_requests (
	request_id        text PRIMARY KEY,
	member_id         text NOT NULL,
	kind              text NOT NULL, -- inquiry or complaint
	opened_at         timestamp(0) without time zone NOT NULL,
	first_response_at timestamp(0) without time zone,
	resolved_at       timestamp(0) without time zone
);

-- Every member's tier as of the last batch, explained (DESIGN §4).
CREATE TABLE IF NOT EXISTS member_score (
	member_id      text PRIMARY KEY,
	as_of          date NOT NULL,
	tier           text NOT NULL,
	net_spend      numeric(16,2) NOT NULL,
	visits         integer NOT NULL,
	first_sale     date,
	last_sale      date,
	lifetime_spend numeric(16,2) NOT NULL,
	decided_by     text NOT NULL,  -- base, metrics, retention, override
	next_tier      text,           -- NULL at the top tier (and the two below)
	spend_to_next  numeric(16,2),
	visits_to_next integer,
	tier_expires   date            -- NULL: the base tier, or a tier that never falls
);

-- The care agenda of each day: whom to contact, why, through which channel.
CREATE TABLE IF NOT EXISTS care_agenda (
	agenda_date date NOT NULL,     -- the batch's day
	member_id   text NOT NULL,
	kind        text NOT NULL,
	occasion    text NOT NULL,     -- with kind: what care_log.occasion repeats
	due         date NOT NULL,     -- before agenda_date: overdue
	position    integer NOT NULL,  -- the agenda's order (due, tier, kind, member)
	priority    integer NOT NULL,  -- the tier's rank, 0 for the base tier
	channel     text,              -- NULL: the member consented to none of the kind's channels
	advisor_id  text,
	tier        text NOT NULL,
	PRIMARY KEY (agenda_date, member_id, kind, occasion)
);

-- Marketing items left off a day's agenda because the member opted out.
CREATE TABLE IF NOT EXISTS care_agenda_suppressed (
	agenda_date date NOT NULL,
	kind        text NOT NULL,
	suppressed  integer NOT NULL,
	PRIMARY KEY (agenda_date, kind)
);

-- The KPIs of a period (DESIGN §7), one row per figure as
-- `vipcare kpi --format csv` lists them, with the policy's target.
CREATE TABLE IF NOT EXISTS kpi_snapshot (
	period_from date NOT NULL,
	period_to   date NOT NULL,
	kpi         text NOT NULL,     -- repurchase_rate, tier.gold.customers, migration.none.gold ...
	value       numeric,           -- NULL: no value (a ratio over 0)
	num         numeric NOT NULL,
	den         numeric NOT NULL,
	target      text,              -- 'min 0.600000', 'max 0.050000'; NULL: none
	target_met  boolean,           -- NULL: no target, or no value to judge
	PRIMARY KEY (period_from, period_to, kpi)
);

-- Input rows the library refused, with its reason (the field and value,
-- never the whole row). A row fixed in its table leaves this one.
CREATE TABLE IF NOT EXISTS vipcare_rejects (
	source    text NOT NULL,       -- members, orders, care_log, survey_responses, service_requests
	source_id text NOT NULL,       -- the row's key
	reason    text NOT NULL,
	PRIMARY KEY (source, source_id)
);
