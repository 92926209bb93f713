-- The core job in SQLite, as an analyst would write it for the `sqlite3`
-- command (Debian 12: 3.40): load customers.csv and transactions.csv,
-- score every member as of one date with the default tiers, and the KPIs
-- of one period that ends on that date.
--
-- Run from a folder holding customers.csv, transactions.csv and
-- params.sql (written by run.sh):
--     sqlite3 -bail :memory: < peer-sqlite.sql
-- params.sql creates the one-row table `params` (asof, period_from).
-- Writes scores.csv (customer_id,tier,net_spend,visits, by id) and
-- kpi.txt (`name value` lines: every KPI's numerator and denominator).
--
-- Money is kept in integer minor units (cents), converted once on load;
-- dates stay ISO text (YYYY-MM-DD compares like a date).

PRAGMA temp_store = MEMORY;
PRAGMA cache_size = -1000000;

.read params.sql
CREATE TABLE bounds AS
SELECT asof,
       date(asof, '-364 days') AS window_from,  -- 365 days ending on asof
       period_from,
       asof AS period_to,
       date(period_from, '-90 days') AS base_from, -- lapse_days 90
       date(period_from, '-1 day') AS base_to,
       date(asof, '-90 days') AS lapse_by
FROM params;

-- Without a table of their own the files' header rows name the columns
-- (so their order does not matter); every value arrives as text.
.import --csv customers.csv customers_raw
.import --csv transactions.csv transactions_raw

-- One row per customer and day: what the window, the visits and every
-- KPI need. A refund subtracts from the day's net and never removes a
-- visit (a day with a sale is a visit).
CREATE TABLE customer_day (
	customer_id TEXT NOT NULL,
	day TEXT NOT NULL,
	net INTEGER NOT NULL,
	sales INTEGER NOT NULL,
	PRIMARY KEY (customer_id, day)
) WITHOUT ROWID;
INSERT INTO customer_day
SELECT customer_id, substr(ts, 1, 10),
       sum(CASE kind WHEN 'refund' THEN -1 ELSE 1 END * CAST(round(amount * 100) AS INTEGER)),
       sum(kind <> 'refund')
FROM transactions_raw
GROUP BY 1, 2;
DROP TABLE transactions_raw;

CREATE TABLE activity AS
SELECT d.customer_id,
       min(d.day) AS first_day,
       sum(CASE WHEN d.day BETWEEN b.window_from AND b.asof THEN d.net ELSE 0 END) AS window_net,
       sum(d.day BETWEEN b.window_from AND b.asof AND d.sales > 0) AS window_visits,
       sum(CASE WHEN d.day BETWEEN b.period_from AND b.period_to THEN d.net ELSE 0 END) AS period_net,
       sum(CASE WHEN d.day BETWEEN b.period_from AND b.period_to THEN d.sales ELSE 0 END) AS period_sales,
       sum(d.day BETWEEN b.period_from AND b.period_to AND d.sales > 0) AS period_visits,
       max(d.day BETWEEN b.base_from AND b.base_to AND d.sales > 0) AS churn_base,
       max(CASE WHEN d.sales > 0 AND d.day <= b.period_to THEN d.day END) AS last_sale
FROM customer_day d, bounds b
GROUP BY d.customer_id;
CREATE UNIQUE INDEX activity_customer ON activity(customer_id);

CREATE TABLE tiers (rank INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
INSERT INTO tiers VALUES (0, 'member'), (1, 'gold'), (2, 'platinum'), (3, 'diamond');

-- Customers of customers.csv, and those only seen in a transaction.
-- Members: effective joined (the earlier of joined and the first
-- transaction) on or before asof. The tier: the default thresholds over
-- the window (retain_days 0), unless a manual override applies.
CREATE TABLE member AS
WITH everyone AS (
	SELECT customer_id, nullif(joined, '') AS joined, nullif(override_tier, '') AS override_tier,
	       nullif(override_until, '') AS override_until
	FROM customers_raw
	UNION ALL
	SELECT customer_id, NULL, NULL, NULL FROM activity
	WHERE customer_id NOT IN (SELECT customer_id FROM customers_raw)
)
SELECT e.customer_id,
       coalesce(a.window_net, 0) AS window_net,
       coalesce(a.window_visits, 0) AS window_visits,
       coalesce(a.period_net, 0) AS period_net,
       coalesce(a.period_sales, 0) AS period_sales,
       coalesce(a.period_visits, 0) AS period_visits,
       coalesce(a.churn_base, 0) AS churn_base,
       a.last_sale,
       CASE
	       WHEN e.override_tier IS NOT NULL AND (e.override_until IS NULL OR b.asof <= e.override_until)
		       THEN (SELECT rank FROM tiers WHERE name = e.override_tier)
	       WHEN a.window_net >= 10000000 AND a.window_visits >= 52 THEN 3
	       WHEN a.window_net >= 5000000 THEN 2
	       WHEN a.window_net >= 1000000 THEN 1
	       ELSE 0
       END AS tier
FROM everyone e
CROSS JOIN bounds b
LEFT JOIN activity a ON a.customer_id = e.customer_id
WHERE min(coalesce(e.joined, a.first_day), coalesce(a.first_day, e.joined)) <= b.asof;

.headers on
.mode csv
.separator , "\n"
.output scores.csv
SELECT m.customer_id, t.name AS tier,
       printf('%s%d.%02d', CASE WHEN m.window_net < 0 THEN '-' ELSE '' END,
	      abs(m.window_net) / 100, abs(m.window_net) % 100) AS net_spend,
       m.window_visits AS visits
FROM member m JOIN tiers t ON t.rank = m.tier
ORDER BY m.customer_id;

.headers off
.mode list
.separator ' '
.output kpi.txt
WITH k AS (
	SELECT count(*) AS members,
	       sum(period_sales > 0) AS active,
	       sum(period_net) AS sales_net,
	       sum(period_sales) AS sales_count,
	       sum(period_visits >= 2) AS repurchasers,
	       sum(churn_base) AS churn_base,
	       sum(churn_base AND period_sales = 0 AND last_sale <= b.lapse_by) AS churned,
	       sum(CASE WHEN tier >= 1 THEN period_net ELSE 0 END) AS vip_net -- vip_min_tier gold
	FROM member, bounds b
)
SELECT 'members', members FROM k
UNION ALL SELECT 'active', active FROM k
UNION ALL SELECT 'sales_net', sales_net FROM k
UNION ALL SELECT 'sales_count', sales_count FROM k
UNION ALL SELECT 'avg_ticket.num', sales_net FROM k
UNION ALL SELECT 'avg_ticket.den', sales_count FROM k
UNION ALL SELECT 'repurchase_rate.num', repurchasers FROM k
UNION ALL SELECT 'repurchase_rate.den', active FROM k
UNION ALL SELECT 'churn_rate.num', churned FROM k
UNION ALL SELECT 'churn_rate.den', churn_base FROM k
UNION ALL SELECT 'vip_sales_share.num', vip_net FROM k
UNION ALL SELECT 'vip_sales_share.den', sales_net FROM k;
WITH per_tier AS (
	SELECT t.rank, t.name, count(m.tier) AS customers, coalesce(sum(m.period_net), 0) AS sales_net,
	       coalesce(sum(m.period_sales), 0) AS sales_count
	FROM tiers t LEFT JOIN member m ON m.tier = t.rank
	GROUP BY t.rank
)
SELECT 'tier_distribution.' || name, customers FROM per_tier
UNION ALL SELECT 'avg_ticket.' || name || '.customers', customers FROM per_tier
UNION ALL SELECT 'avg_ticket.' || name || '.sales_net', sales_net FROM per_tier
UNION ALL SELECT 'avg_ticket.' || name || '.sales_count', sales_count FROM per_tier;
.output stdout
