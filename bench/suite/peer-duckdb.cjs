/*
 * The core job in DuckDB through its Node.js client (@duckdb/node-api,
 * whose package ships the DuckDB library): load customers.csv and
 * transactions.csv, score every member as of one date with the default
 * tiers, and the KPIs of one period that ends on that date.
 *
 *   NODE_PATH=DIR/node_modules node peer-duckdb.cjs ASOF PERIOD_FROM
 *
 * Run from a folder holding customers.csv and transactions.csv. Writes
 * scores.csv (customer_id,tier,net_spend,visits, by id) and kpi.txt
 * (`name value` lines: every KPI's numerator and denominator).
 *
 * DuckDB runs in memory with its defaults (a thread per core). The files
 * are read with their columns typed: money as DECIMAL(18,2) (exact),
 * timestamps as TIMESTAMP.
 */
'use strict';

const fs = require('fs');
const { DuckDBInstance } = require('@duckdb/node-api');

function isoDate(text) {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(text || ''))
		throw new Error(`not a date (YYYY-MM-DD): ${text}`);
	return text;
}

async function main() {
	const asof = isoDate(process.argv[2]);
	const periodFrom = isoDate(process.argv[3]);
	const instance = await DuckDBInstance.create(':memory:');
	const db = await instance.connect();

	await db.run(`
		CREATE TABLE bounds AS
		SELECT DATE '${asof}' AS asof,
		       DATE '${asof}' - 364 AS window_from,       -- 365 days ending on asof
		       DATE '${periodFrom}' AS period_from,
		       DATE '${asof}' AS period_to,
		       DATE '${periodFrom}' - 90 AS base_from,    -- lapse_days 90
		       DATE '${periodFrom}' - 1 AS base_to,
		       DATE '${asof}' - 90 AS lapse_by`);
	await db.run(`
		CREATE TABLE customers AS
		SELECT customer_id, joined, override_tier, override_until
		FROM read_csv('customers.csv', header = true, columns = {
			'customer_id': 'VARCHAR', 'birthday': 'VARCHAR', 'joined': 'DATE',
			'consent': 'VARCHAR', 'marketing_opt_out': 'VARCHAR', 'advisor': 'VARCHAR',
			'override_tier': 'VARCHAR', 'override_until': 'DATE'})`);
	/*
	 * One row per customer and day: what the window, the visits and every
	 * KPI need. A refund subtracts from the day's net and never removes a
	 * visit (a day with a sale is a visit).
	 */
	await db.run(`
		CREATE TABLE customer_day AS
		SELECT customer_id, CAST(ts AS DATE) AS day,
		       sum(CASE WHEN kind = 'refund' THEN -amount ELSE amount END) AS net,
		       count(*) FILTER (WHERE kind IS DISTINCT FROM 'refund') AS sales
		FROM read_csv('transactions.csv', header = true, columns = {
			'txn_id': 'VARCHAR', 'customer_id': 'VARCHAR', 'ts': 'TIMESTAMP',
			'amount': 'DECIMAL(18,2)', 'kind': 'VARCHAR', 'store': 'VARCHAR',
			'category': 'VARCHAR', 'ref_txn_id': 'VARCHAR'})
		GROUP BY ALL`);
	await db.run(`
		CREATE TABLE activity AS
		SELECT d.customer_id,
		       min(d.day) AS first_day,
		       coalesce(sum(d.net) FILTER (WHERE d.day BETWEEN b.window_from AND b.asof), 0) AS window_net,
		       count(*) FILTER (WHERE d.day BETWEEN b.window_from AND b.asof AND d.sales > 0) AS window_visits,
		       coalesce(sum(d.net) FILTER (WHERE d.day BETWEEN b.period_from AND b.period_to), 0) AS period_net,
		       coalesce(sum(d.sales) FILTER (WHERE d.day BETWEEN b.period_from AND b.period_to), 0) AS period_sales,
		       count(*) FILTER (WHERE d.day BETWEEN b.period_from AND b.period_to AND d.sales > 0) AS period_visits,
		       bool_or(d.day BETWEEN b.base_from AND b.base_to AND d.sales > 0) AS churn_base,
		       max(d.day) FILTER (WHERE d.sales > 0 AND d.day <= b.period_to) AS last_sale
		FROM customer_day d, bounds b
		GROUP BY d.customer_id`);
	/*
	 * Customers of customers.csv, and those only seen in a transaction.
	 * Members: effective joined (the earlier of joined and the first
	 * transaction) on or before asof. The tier: the default thresholds
	 * over the window (retain_days 0), unless a manual override applies.
	 */
	await db.run(`
		CREATE TABLE tiers AS
		SELECT * FROM (VALUES (0, 'member'), (1, 'gold'), (2, 'platinum'), (3, 'diamond')) t(rank, name)`);
	await db.run(`
		CREATE TABLE member AS
		SELECT coalesce(c.customer_id, a.customer_id) AS customer_id,
		       coalesce(a.window_net, 0) AS window_net,
		       coalesce(a.window_visits, 0) AS window_visits,
		       coalesce(a.period_net, 0) AS period_net,
		       coalesce(a.period_sales, 0) AS period_sales,
		       coalesce(a.period_visits, 0) AS period_visits,
		       coalesce(a.churn_base, false) AS churn_base,
		       a.last_sale,
		       CASE
			       WHEN c.override_tier IS NOT NULL AND (c.override_until IS NULL OR b.asof <= c.override_until)
				       THEN o.rank
			       WHEN a.window_net >= 100000 AND a.window_visits >= 52 THEN 3
			       WHEN a.window_net >= 50000 THEN 2
			       WHEN a.window_net >= 10000 THEN 1
			       ELSE 0
		       END AS tier
		FROM customers c
		FULL JOIN activity a ON a.customer_id = c.customer_id
		CROSS JOIN bounds b
		LEFT JOIN tiers o ON o.name = c.override_tier
		WHERE least(c.joined, a.first_day) <= b.asof`);
	await db.run(`
		COPY (
			SELECT m.customer_id, t.name AS tier, CAST(m.window_net AS VARCHAR) AS net_spend,
			       m.window_visits AS visits
			FROM member m JOIN tiers t ON t.rank = m.tier
			ORDER BY m.customer_id
		) TO 'scores.csv' (HEADER, DELIMITER ',', QUOTE '')`);

	const k = (await db.runAndReadAll(`
		SELECT count(*) AS members,
		       count(*) FILTER (WHERE period_sales > 0) AS active,
		       CAST(sum(period_net) * 100 AS BIGINT) AS sales_net,
		       sum(period_sales) AS sales_count,
		       count(*) FILTER (WHERE period_visits >= 2) AS repurchasers,
		       count(*) FILTER (WHERE churn_base) AS churn_base,
		       count(*) FILTER (WHERE churn_base AND period_sales = 0 AND last_sale <= b.lapse_by) AS churned,
		       CAST(coalesce(sum(period_net) FILTER (WHERE tier >= 1), 0) * 100 AS BIGINT) AS vip_net
		FROM member, bounds b
		GROUP BY b.lapse_by`)).getRowObjectsJS()[0];
	const perTier = (await db.runAndReadAll(`
		SELECT t.name, count(m.tier) AS customers,
		       CAST(coalesce(sum(m.period_net), 0) * 100 AS BIGINT) AS sales_net,
		       coalesce(sum(m.period_sales), 0) AS sales_count
		FROM tiers t LEFT JOIN member m ON m.tier = t.rank
		GROUP BY t.rank, t.name ORDER BY t.rank`)).getRowObjectsJS();

	const lines = [
		['members', k.members], ['active', k.active],
		['sales_net', k.sales_net], ['sales_count', k.sales_count],
		['avg_ticket.num', k.sales_net], ['avg_ticket.den', k.sales_count],
		['repurchase_rate.num', k.repurchasers], ['repurchase_rate.den', k.active],
		['churn_rate.num', k.churned], ['churn_rate.den', k.churn_base],
		['vip_sales_share.num', k.vip_net], ['vip_sales_share.den', k.sales_net],
	];
	for (const t of perTier)
		lines.push([`tier_distribution.${t.name}`, t.customers]);
	for (const field of ['customers', 'sales_net', 'sales_count']) {
		for (const t of perTier)
			lines.push([`avg_ticket.${t.name}.${field}`, t[field]]);
	}
	fs.writeFileSync('kpi.txt', lines.map(([name, value]) => `${name} ${value}\n`).join(''));
	db.closeSync();
	instance.closeSync();
}

main().catch((err) => {
	console.error(`peer-duckdb: ${err.message}`);
	process.exit(1);
});
