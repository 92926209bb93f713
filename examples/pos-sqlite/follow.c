/*
 * pos-sqlite — following the till's tables into the engine.
 * SPDX-License-Identifier: MIT
 *
 * Every table the till appends to (members, orders with their lines,
 * refunds) is read by its AUTOINCREMENT id, from the engine's position to
 * the highest id present, inside one write transaction (BEGIN IMMEDIATE)
 * that also records the rows the library refused and the new checkpoint.
 * Redemptions are replayed where they happened: each one is taken after
 * exactly the rows its after_* columns name, so a restart makes the same
 * decisions in the same order and comes to the same state.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pos.h"

static const char *const statements[ST_COUNT] = {
	[ST_MAX] = "SELECT (SELECT coalesce(max(member_id), 0) FROM members),"
		   " (SELECT coalesce(max(order_id), 0) FROM orders),"
		   " (SELECT coalesce(max(refund_id), 0) FROM refunds),"
		   " (SELECT coalesce(max(seq), 0) FROM redemptions)",
	[ST_MEMBERS] = "SELECT member_id, card_no, birthday, joined_on, consent_sms, consent_wechat,"
		       " consent_phone, consent_email, consent_app, marketing_opt_out, advisor,"
		       " tier_override, override_until"
		       " FROM members WHERE member_id > ?1 AND member_id <= ?2 ORDER BY member_id",
	/* one row per line (an order without lines gives one row of NULLs) */
	[ST_ORDERS] = "SELECT o.order_id, o.receipt_no, o.card_no, o.closed_at, o.store,"
		      " l.line_no, l.amount, l.category"
		      " FROM orders o LEFT JOIN order_lines l ON l.order_id = o.order_id"
		      " WHERE o.order_id > ?1 AND o.order_id <= ?2 ORDER BY o.order_id, l.line_no",
	[ST_REFUNDS] = "SELECT refund_id, receipt_no, original_receipt_no, card_no, refunded_at,"
		       " amount, store"
		       " FROM refunds WHERE refund_id > ?1 AND refund_id <= ?2 ORDER BY refund_id",
	[ST_REDEMPTIONS] = "SELECT seq, redemption_id, card_no, benefit, redeemed_at, qty,"
			   " after_member_id, after_order_id, after_refund_id"
			   " FROM redemptions WHERE seq > ?1 AND seq <= ?2 ORDER BY seq",
	[ST_REJECT] = "INSERT OR IGNORE INTO vipcare_rejects (source, source_id, reason, noticed_at)"
		      " VALUES (?1, ?2, ?3, ?4)",
	[ST_CHECKPOINT_GET] = "SELECT last_member_id, last_order_id, last_refund_id,"
			      " last_redemption_seq FROM vipcare_checkpoint WHERE consumer = ?1",
	[ST_CHECKPOINT_PUT] =
		"INSERT INTO vipcare_checkpoint (consumer, last_member_id, last_order_id,"
		" last_refund_id, last_redemption_seq, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
		" ON CONFLICT (consumer) DO UPDATE SET last_member_id = excluded.last_member_id,"
		" last_order_id = excluded.last_order_id, last_refund_id = excluded.last_refund_id,"
		" last_redemption_seq = excluded.last_redemption_seq,"
		" updated_at = excluded.updated_at",
	[ST_REDEMPTION_ADD] =
		"INSERT INTO redemptions (redemption_id, card_no, benefit, redeemed_at, qty,"
		" after_member_id, after_order_id, after_refund_id)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
};

/* Longest text field copied out of a row; longer ones are refused here. */
#define FIELD_MAX 256

int pos_fail(struct pos *p, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(p->error, sizeof(p->error), fmt, ap);
	va_end(ap);
	return code;
}

int pos_fail_db(struct pos *p, const char *what)
{
	return pos_fail(p, POS_IO, "%s: %s: %s", p->path, what, sqlite3_errmsg(p->db));
}

int64_t pos_now(void)
{
	time_t t = time(NULL);
	struct tm tm;
	int32_t day = 0;

	localtime_r(&t, &tm);
	vipcare_date_from_ymd(&day, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	/* a leap second (tm_sec 60) is counted as 59: the library has none */
	return (int64_t)day * 86400 + tm.tm_hour * 3600 + tm.tm_min * 60 +
	       (tm.tm_sec > 59 ? 59 : tm.tm_sec);
}

double pos_clock_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* ------------------------------------------------------------------ */
/* Reading fields                                                       */
/* ------------------------------------------------------------------ */

/*
 * A text column as a NUL-terminated string, "" for NULL. Text and integers
 * (a till may keep card numbers as integers) are taken; a real or a blob,
 * a NUL byte inside, or more than FIELD_MAX - 1 bytes are not: then
 * @why says what was wrong and NULL is returned.
 */
static const char *text_of(sqlite3_stmt *s, int col, char *buf, char *why, size_t why_size)
{
	int type = sqlite3_column_type(s, col);
	const unsigned char *t;
	int len;

	if (type == SQLITE_NULL) {
		buf[0] = '\0';
		return buf;
	}
	if (type != SQLITE_TEXT && type != SQLITE_INTEGER) {
		snprintf(why, why_size, "a %s where text is expected",
			 type == SQLITE_FLOAT ? "real number" : "blob");
		return NULL;
	}
	t = sqlite3_column_text(s, col);
	len = sqlite3_column_bytes(s, col);
	if (t == NULL) {
		snprintf(why, why_size, "out of memory reading the value");
		return NULL;
	}
	if (len >= FIELD_MAX) {
		snprintf(why, why_size, "%d bytes long; at most %d allowed", len, FIELD_MAX - 1);
		return NULL;
	}
	if (memchr(t, '\0', (size_t)len) != NULL) {
		snprintf(why, why_size, "holds a NUL byte");
		return NULL;
	}
	memcpy(buf, t, (size_t)len + 1);
	return buf;
}

/* A 0/1 flag column (NULL is 0). Returns 0 or 1, or -1 with @why set. */
static int flag_of(sqlite3_stmt *s, int col, char *why, size_t why_size)
{
	int64_t v;

	if (sqlite3_column_type(s, col) == SQLITE_NULL)
		return 0;
	if (sqlite3_column_type(s, col) != SQLITE_INTEGER) {
		snprintf(why, why_size, "'%.40s' is not 0 or 1", (const char *)sqlite3_column_text(s, col));
		return -1;
	}
	v = sqlite3_column_int64(s, col);
	if (v != 0 && v != 1) {
		snprintf(why, why_size, "%lld is not 0 or 1", (long long)v);
		return -1;
	}
	return (int)v;
}

/* ------------------------------------------------------------------ */
/* Rejects                                                              */
/* ------------------------------------------------------------------ */

/*
 * Records a refused row in vipcare_rejects (once per row: a row refused
 * again after a restart keeps its first entry) and says so on stderr the
 * first time. The reason names the column and the one value at fault.
 */
static int reject(struct pos *p, struct pos_counts *c, const char *source, int64_t id,
		  const char *fmt, ...) POS_PRINTF(5, 6);

static int reject(struct pos *p, struct pos_counts *c, const char *source, int64_t id,
		  const char *fmt, ...)
{
	sqlite3_stmt *s = p->st[ST_REJECT];
	char reason[768], now[VIPCARE_TIMESTAMP_BUFSIZE];
	va_list ap;
	int rc;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	vipcare_timestamp_format(now, sizeof(now), pos_now());
	sqlite3_bind_text(s, 1, source, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, id);
	sqlite3_bind_text(s, 3, reason, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 4, now, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return pos_fail_db(p, "recording a reject in vipcare_rejects");
	if (sqlite3_changes(p->db) == 1)
		fprintf(stderr, "pos-sqlite: %s %lld refused: %s\n", source, (long long)id, reason);
	if (c != NULL)
		c->rejected++;
	return POS_DONE;
}

/* ------------------------------------------------------------------ */
/* Members                                                              */
/* ------------------------------------------------------------------ */

static const char *const consent_columns[VIPCARE_CHANNEL_COUNT] = {
	[VIPCARE_CHANNEL_SMS] = "consent_sms",       [VIPCARE_CHANNEL_WECHAT] = "consent_wechat",
	[VIPCARE_CHANNEL_PHONE] = "consent_phone",   [VIPCARE_CHANNEL_EMAIL] = "consent_email",
	[VIPCARE_CHANNEL_APP] = "consent_app",
};
/* the columns of ST_MEMBERS that hold them */
static const int consent_index[VIPCARE_CHANNEL_COUNT] = {
	[VIPCARE_CHANNEL_SMS] = 4, [VIPCARE_CHANNEL_WECHAT] = 5, [VIPCARE_CHANNEL_PHONE] = 6,
	[VIPCARE_CHANNEL_EMAIL] = 7, [VIPCARE_CHANNEL_APP] = 8,
};

/* 'MM-DD' or a real 'YYYY-MM-DD' (the year is not kept). */
static int set_birthday(struct vipcare_customer *cust, const char *text, char *why, size_t size)
{
	size_t len = strlen(text);
	int32_t date, y, m, d;
	char err[VIPCARE_ERRBUF_SIZE];

	if (len == 0)
		return 0;
	if (len == 5 && text[2] == '-' && strspn(text, "0123456789-") == 5 && text[0] != '-' &&
	    text[1] != '-' && text[3] != '-' && text[4] != '-') {
		m = (text[0] - '0') * 10 + (text[1] - '0');
		d = (text[3] - '0') * 10 + (text[4] - '0');
		if (vipcare_customer_set_birthday(cust, m, d) != VIPCARE_OK) {
			snprintf(why, size, "%s", vipcare_customer_last_error(cust));
			return -1;
		}
		return 0;
	}
	if (vipcare_date_parse(&date, text, len, err, sizeof(err)) != VIPCARE_OK) {
		if (len == 10) /* a date, but not a real one: the parser says why */
			snprintf(why, size, "%s", err);
		else
			snprintf(why, size, "'%.40s' is neither MM-DD nor YYYY-MM-DD", text);
		return -1;
	}
	vipcare_date_to_ymd(date, &y, &m, &d);
	return vipcare_customer_set_birthday(cust, m, d) == VIPCARE_OK ? 0 : -1;
}

/* An optional date column into @out (VIPCARE_DATE_NONE when empty). */
static int date_of(const char *text, int32_t *out, char *why, size_t size)
{
	*out = VIPCARE_DATE_NONE;
	if (text[0] == '\0')
		return 0;
	return vipcare_date_parse(out, text, strlen(text), why, size) == VIPCARE_OK ? 0 : -1;
}

static int take_member(struct pos *p, sqlite3_stmt *s, struct pos_counts *c)
{
	struct vipcare_customer *cust = p->customer;
	int64_t id = sqlite3_column_int64(s, 0);
	char card[FIELD_MAX], birthday[FIELD_MAX], joined[FIELD_MAX], advisor[FIELD_MAX];
	char tier[FIELD_MAX], until[FIELD_MAX], why[512];
	int32_t joined_date, until_date;
	int ch, flag, rc;

	vipcare_customer_clear(cust);
	if (text_of(s, 1, card, why, sizeof(why)) == NULL)
		return reject(p, c, "members", id, "card_no: %s", why);
	if (vipcare_customer_set_id(cust, card) != VIPCARE_OK)
		return reject(p, c, "members", id, "card_no: %s", vipcare_customer_last_error(cust));
	if (text_of(s, 2, birthday, why, sizeof(why)) == NULL ||
	    set_birthday(cust, birthday, why, sizeof(why)) != 0)
		return reject(p, c, "members", id, "birthday: %s", why);
	if (text_of(s, 3, joined, why, sizeof(why)) == NULL ||
	    date_of(joined, &joined_date, why, sizeof(why)) != 0)
		return reject(p, c, "members", id, "joined_on: %s", why);
	vipcare_customer_set_joined(cust, joined_date);
	for (ch = 0; ch < VIPCARE_CHANNEL_COUNT; ch++) {
		flag = flag_of(s, consent_index[ch], why, sizeof(why));
		if (flag < 0)
			return reject(p, c, "members", id, "%s: %s", consent_columns[ch], why);
		vipcare_customer_set_consent(cust, ch, flag);
	}
	flag = flag_of(s, 9, why, sizeof(why));
	if (flag < 0)
		return reject(p, c, "members", id, "marketing_opt_out: %s", why);
	vipcare_customer_set_marketing_opt_out(cust, flag);
	if (text_of(s, 10, advisor, why, sizeof(why)) == NULL)
		return reject(p, c, "members", id, "advisor: %s", why);
	if (vipcare_customer_set_advisor(cust, advisor) != VIPCARE_OK)
		return reject(p, c, "members", id, "advisor: %s", vipcare_customer_last_error(cust));
	if (text_of(s, 11, tier, why, sizeof(why)) == NULL)
		return reject(p, c, "members", id, "tier_override: %s", why);
	if (text_of(s, 12, until, why, sizeof(why)) == NULL ||
	    date_of(until, &until_date, why, sizeof(why)) != 0)
		return reject(p, c, "members", id, "override_until: %s", why);
	if (until[0] != '\0' && tier[0] == '\0')
		return reject(p, c, "members", id, "override_until: set without a tier_override");
	if (vipcare_customer_set_override(cust, tier, until_date) != VIPCARE_OK)
		return reject(p, c, "members", id, "tier_override: %s",
			      vipcare_customer_last_error(cust));
	rc = vipcare_engine_add_customer(p->engine, cust);
	if (rc == VIPCARE_E_NO_MEMORY)
		return pos_fail(p, POS_IO, "%s", vipcare_engine_last_error(p->engine));
	if (rc != VIPCARE_OK)
		return reject(p, c, "members", id, "%s", vipcare_engine_last_error(p->engine));
	c->members++;
	return POS_DONE;
}

/* ------------------------------------------------------------------ */
/* Orders and refunds                                                   */
/* ------------------------------------------------------------------ */

/* One order being read, line by line. */
struct order {
	int64_t id;
	char receipt[FIELD_MAX], card[FIELD_MAX], closed[FIELD_MAX], store[FIELD_MAX];
	char category[FIELD_MAX];
	const char *bad_header; /* the first bad header column, or NULL */
	char why[512];
	int64_t lines;
	int64_t total;
	int64_t best; /* the largest line amount so far: it names the category */
	int64_t bad_line; /* the line_no of a line whose amount is not an integer, or 0 */
	int bad_category; /* the largest line's category cannot be read */
	int overflow;
};

static void order_start(struct order *o, sqlite3_stmt *s)
{
	static const char *const header[] = { NULL, "receipt_no", "card_no", "closed_at", "store" };
	char *const bufs[] = { NULL, o->receipt, o->card, o->closed, o->store };
	int col;

	o->id = sqlite3_column_int64(s, 0);
	o->bad_header = NULL;
	o->lines = o->total = o->bad_line = 0;
	o->best = INT64_MIN;
	o->bad_category = o->overflow = 0;
	o->category[0] = '\0';
	for (col = 1; col <= 4; col++) {
		char why[sizeof(o->why)];

		if (text_of(s, col, bufs[col], why, sizeof(why)) == NULL && o->bad_header == NULL) {
			o->bad_header = header[col];
			memcpy(o->why, why, sizeof(why));
		}
	}
}

static void order_line(struct order *o, sqlite3_stmt *s)
{
	int64_t amount;
	char why[128];

	if (sqlite3_column_type(s, 5) == SQLITE_NULL)
		return; /* the LEFT JOIN's row of an order without lines */
	o->lines++;
	if (sqlite3_column_type(s, 6) != SQLITE_INTEGER) {
		if (o->bad_line == 0)
			o->bad_line = sqlite3_column_int64(s, 5);
		return;
	}
	amount = sqlite3_column_int64(s, 6);
	if ((amount > 0 && o->total > INT64_MAX - amount) ||
	    (amount < 0 && o->total < INT64_MIN - amount))
		o->overflow = 1;
	else
		o->total += amount;
	if (amount > o->best) {
		o->best = amount;
		o->bad_category = text_of(s, 7, o->category, why, sizeof(why)) == NULL;
	}
}

static int order_finish(struct pos *p, struct order *o, struct pos_counts *c)
{
	struct vipcare_transaction *t = p->txn;
	char err[VIPCARE_ERRBUF_SIZE], money[VIPCARE_MONEY_BUFSIZE];
	int64_t ts;
	int rc;

	if (o->bad_header != NULL)
		return reject(p, c, "orders", o->id, "%s: %s", o->bad_header, o->why);
	if (o->card[0] == '\0') {
		c->anonymous++; /* no member card: nothing for the engine */
		return POS_DONE;
	}
	if (o->lines == 0)
		return reject(p, c, "orders", o->id, "order_lines: the order has none");
	if (o->bad_line != 0)
		return reject(p, c, "orders", o->id,
			      "order_lines.amount of line %lld: not an integer of minor units",
			      (long long)o->bad_line);
	if (o->overflow)
		return reject(p, c, "orders", o->id, "order_lines.amount: the lines' sum overflows");
	if (o->total <= 0) {
		vipcare_money_format(money, sizeof(money), o->total);
		return reject(p, c, "orders", o->id,
			      "order_lines.amount: the lines sum to %s; a sale is above 0.00", money);
	}
	vipcare_transaction_clear(t);
	if (vipcare_transaction_set_id(t, o->receipt) != VIPCARE_OK)
		return reject(p, c, "orders", o->id, "receipt_no: %s", vipcare_transaction_last_error(t));
	if (vipcare_transaction_set_customer(t, o->card) != VIPCARE_OK)
		return reject(p, c, "orders", o->id, "card_no: %s", vipcare_transaction_last_error(t));
	if (vipcare_timestamp_parse(&ts, o->closed, strlen(o->closed), err, sizeof(err)) != VIPCARE_OK)
		return reject(p, c, "orders", o->id, "closed_at: %s", err);
	vipcare_transaction_set_timestamp(t, ts);
	if (vipcare_transaction_set_amount(t, o->total) != VIPCARE_OK)
		return reject(p, c, "orders", o->id, "order_lines.amount: %s",
			      vipcare_transaction_last_error(t));
	if (o->store[0] != '\0' && vipcare_transaction_set_store(t, o->store) != VIPCARE_OK)
		return reject(p, c, "orders", o->id, "store: %s", vipcare_transaction_last_error(t));
	if (o->bad_category)
		return reject(p, c, "orders", o->id, "order_lines.category: not text");
	if (o->category[0] != '\0' && vipcare_transaction_set_category(t, o->category) != VIPCARE_OK)
		return reject(p, c, "orders", o->id, "order_lines.category: %s",
			      vipcare_transaction_last_error(t));
	rc = vipcare_engine_add_transaction(p->engine, t);
	if (rc == VIPCARE_E_NO_MEMORY)
		return pos_fail(p, POS_IO, "%s", vipcare_engine_last_error(p->engine));
	if (rc != VIPCARE_OK)
		return reject(p, c, "orders", o->id, "%s", vipcare_engine_last_error(p->engine));
	c->orders++;
	return POS_DONE;
}

static int take_orders(struct pos *p, int64_t after, int64_t upto, struct pos_counts *c)
{
	sqlite3_stmt *s = p->st[ST_ORDERS];
	struct order *o = malloc(sizeof(*o));
	int have = 0, rc, out = POS_DONE;

	if (o == NULL)
		return pos_fail(p, POS_IO, "out of memory");
	sqlite3_bind_int64(s, 1, after);
	sqlite3_bind_int64(s, 2, upto);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (!have || sqlite3_column_int64(s, 0) != o->id) {
			if (have && (out = order_finish(p, o, c)) != POS_DONE)
				break;
			order_start(o, s);
			have = 1;
		}
		order_line(o, s);
	}
	if (out == POS_DONE && rc != SQLITE_DONE)
		out = pos_fail_db(p, "reading orders");
	if (out == POS_DONE && have)
		out = order_finish(p, o, c);
	sqlite3_reset(s);
	free(o);
	return out;
}

static int take_refund(struct pos *p, sqlite3_stmt *s, struct pos_counts *c)
{
	struct vipcare_transaction *t = p->txn;
	int64_t id = sqlite3_column_int64(s, 0), ts, amount;
	char receipt[FIELD_MAX], original[FIELD_MAX], card[FIELD_MAX], at[FIELD_MAX];
	char store[FIELD_MAX], why[512], err[VIPCARE_ERRBUF_SIZE];
	int rc;

	if (text_of(s, 1, receipt, why, sizeof(why)) == NULL)
		return reject(p, c, "refunds", id, "receipt_no: %s", why);
	if (text_of(s, 2, original, why, sizeof(why)) == NULL)
		return reject(p, c, "refunds", id, "original_receipt_no: %s", why);
	if (text_of(s, 3, card, why, sizeof(why)) == NULL)
		return reject(p, c, "refunds", id, "card_no: %s", why);
	if (text_of(s, 4, at, why, sizeof(why)) == NULL)
		return reject(p, c, "refunds", id, "refunded_at: %s", why);
	if (text_of(s, 6, store, why, sizeof(why)) == NULL)
		return reject(p, c, "refunds", id, "store: %s", why);
	if (card[0] == '\0') {
		/* no card scanned: the customer of the original order, when known */
		vipcare_transaction_clear(t);
		if (original[0] == '\0' ||
		    vipcare_engine_get_transaction(p->engine, original, t) != VIPCARE_OK) {
			c->anonymous++;
			return POS_DONE;
		}
		snprintf(card, sizeof(card), "%s", vipcare_transaction_customer(t));
	}
	if (sqlite3_column_type(s, 5) != SQLITE_INTEGER)
		return reject(p, c, "refunds", id, "amount: not an integer of minor units");
	amount = sqlite3_column_int64(s, 5);
	vipcare_transaction_clear(t);
	vipcare_transaction_set_kind(t, VIPCARE_TXN_REFUND);
	if (vipcare_transaction_set_id(t, receipt) != VIPCARE_OK)
		return reject(p, c, "refunds", id, "receipt_no: %s", vipcare_transaction_last_error(t));
	if (vipcare_transaction_set_customer(t, card) != VIPCARE_OK)
		return reject(p, c, "refunds", id, "card_no: %s", vipcare_transaction_last_error(t));
	if (vipcare_timestamp_parse(&ts, at, strlen(at), err, sizeof(err)) != VIPCARE_OK)
		return reject(p, c, "refunds", id, "refunded_at: %s", err);
	vipcare_transaction_set_timestamp(t, ts);
	if (vipcare_transaction_set_amount(t, amount) != VIPCARE_OK)
		return reject(p, c, "refunds", id, "amount: %s", vipcare_transaction_last_error(t));
	if (store[0] != '\0' && vipcare_transaction_set_store(t, store) != VIPCARE_OK)
		return reject(p, c, "refunds", id, "store: %s", vipcare_transaction_last_error(t));
	if (original[0] != '\0' && vipcare_transaction_set_original(t, original) != VIPCARE_OK)
		return reject(p, c, "refunds", id, "original_receipt_no: %s",
			      vipcare_transaction_last_error(t));
	rc = vipcare_engine_add_transaction(p->engine, t);
	if (rc == VIPCARE_E_NO_MEMORY)
		return pos_fail(p, POS_IO, "%s", vipcare_engine_last_error(p->engine));
	if (rc != VIPCARE_OK)
		return reject(p, c, "refunds", id, "%s", vipcare_engine_last_error(p->engine));
	c->refunds++;
	return POS_DONE;
}

/* Runs a row function over the ids (@after, @upto] of one table. */
static int take_rows(struct pos *p, enum pos_statement st, int64_t after, int64_t upto,
		     struct pos_counts *c, int (*row)(struct pos *, sqlite3_stmt *, struct pos_counts *),
		     const char *what)
{
	sqlite3_stmt *s = p->st[st];
	int rc, out = POS_DONE;

	sqlite3_bind_int64(s, 1, after);
	sqlite3_bind_int64(s, 2, upto);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if ((out = row(p, s, c)) != POS_DONE)
			break;
	if (out == POS_DONE && rc != SQLITE_DONE)
		out = pos_fail_db(p, what);
	sqlite3_reset(s);
	return out;
}

/* Takes members, orders and refunds up to @bound (members first, so that
 * an order finds its member's record; orders before refunds, so that a
 * refund finds its order). */
static int take_up_to(struct pos *p, const struct pos_position *bound, struct pos_counts *c)
{
	int rc;

	if (bound->members > p->at.members) {
		rc = take_rows(p, ST_MEMBERS, p->at.members, bound->members, c, take_member,
			       "reading members");
		if (rc != POS_DONE)
			return rc;
		p->at.members = bound->members;
	}
	if (bound->orders > p->at.orders) {
		rc = take_orders(p, p->at.orders, bound->orders, c);
		if (rc != POS_DONE)
			return rc;
		p->at.orders = bound->orders;
	}
	if (bound->refunds > p->at.refunds) {
		rc = take_rows(p, ST_REFUNDS, p->at.refunds, bound->refunds, c, take_refund,
			       "reading refunds");
		if (rc != POS_DONE)
			return rc;
		p->at.refunds = bound->refunds;
	}
	return POS_DONE;
}

/* ------------------------------------------------------------------ */
/* Redemptions                                                          */
/* ------------------------------------------------------------------ */

static int64_t clamp(int64_t v, int64_t lo, int64_t hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* A position column; NULL (a row the trigger did not fill) means "all". */
static int64_t position_of(sqlite3_stmt *s, int col, int64_t all)
{
	return sqlite3_column_type(s, col) == SQLITE_NULL ? all : sqlite3_column_int64(s, col);
}

static int replay_redemption(struct pos *p, sqlite3_stmt *s, struct pos_counts *c)
{
	int64_t seq = sqlite3_column_int64(s, 0), at, qty;
	char id[FIELD_MAX], card[FIELD_MAX], benefit[FIELD_MAX], when[FIELD_MAX], why[512];
	char err[VIPCARE_ERRBUF_SIZE];
	int rc;

	if (text_of(s, 1, id, why, sizeof(why)) == NULL)
		return reject(p, c, "redemptions", seq, "redemption_id: %s", why);
	if (text_of(s, 2, card, why, sizeof(why)) == NULL)
		return reject(p, c, "redemptions", seq, "card_no: %s", why);
	if (text_of(s, 3, benefit, why, sizeof(why)) == NULL)
		return reject(p, c, "redemptions", seq, "benefit: %s", why);
	if (text_of(s, 4, when, why, sizeof(why)) == NULL)
		return reject(p, c, "redemptions", seq, "redeemed_at: %s", why);
	if (vipcare_timestamp_parse(&at, when, strlen(when), err, sizeof(err)) != VIPCARE_OK)
		return reject(p, c, "redemptions", seq, "redeemed_at: %s", err);
	if (sqlite3_column_type(s, 5) != SQLITE_INTEGER ||
	    (qty = sqlite3_column_int64(s, 5)) < 1 || qty > 1000000)
		return reject(p, c, "redemptions", seq, "qty: not an integer of 1 .. 1000000");
	rc = vipcare_engine_redeem(p->engine, id, card, benefit, at, (int32_t)qty, p->checkout);
	if (rc == VIPCARE_E_NO_MEMORY)
		return pos_fail(p, POS_IO, "%s", vipcare_engine_last_error(p->engine));
	if (rc != VIPCARE_OK)
		return reject(p, c, "redemptions", seq, "%s", vipcare_engine_last_error(p->engine));
	if (!vipcare_checkout_replayed(p->checkout))
		c->redemptions++;
	return POS_DONE;
}

/*
 * Takes every row up to @target: each redemption after the rows it was
 * granted after, then the rest.
 */
static int advance(struct pos *p, const struct pos_position *target, struct pos_counts *c)
{
	sqlite3_stmt *s = p->st[ST_REDEMPTIONS];
	struct pos_position bound;
	int rc = SQLITE_DONE, out = POS_DONE;

	if (target->redemptions > p->at.redemptions) {
		sqlite3_bind_int64(s, 1, p->at.redemptions);
		sqlite3_bind_int64(s, 2, target->redemptions);
		while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			bound.members = clamp(position_of(s, 6, target->members), p->at.members,
					      target->members);
			bound.orders = clamp(position_of(s, 7, target->orders), p->at.orders,
					     target->orders);
			bound.refunds = clamp(position_of(s, 8, target->refunds), p->at.refunds,
					      target->refunds);
			if ((out = take_up_to(p, &bound, c)) != POS_DONE)
				break;
			if ((out = replay_redemption(p, s, c)) != POS_DONE)
				break;
			p->at.redemptions = sqlite3_column_int64(s, 0);
		}
		if (out == POS_DONE && rc != SQLITE_DONE)
			out = pos_fail_db(p, "reading redemptions");
		sqlite3_reset(s);
		if (out != POS_DONE)
			return out;
		p->at.redemptions = target->redemptions;
	}
	return take_up_to(p, target, c);
}

/* The highest id of each table. */
static int read_max(struct pos *p, struct pos_position *max)
{
	sqlite3_stmt *s = p->st[ST_MAX];
	int rc = sqlite3_step(s);

	if (rc == SQLITE_ROW) {
		max->members = sqlite3_column_int64(s, 0);
		max->orders = sqlite3_column_int64(s, 1);
		max->refunds = sqlite3_column_int64(s, 2);
		max->redemptions = sqlite3_column_int64(s, 3);
	}
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? POS_DONE : pos_fail_db(p, "reading the highest ids");
}

/* ------------------------------------------------------------------ */
/* Transactions and the checkpoint                                      */
/* ------------------------------------------------------------------ */

int pos_begin(struct pos *p)
{
	if (sqlite3_exec(p->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return pos_fail_db(p, "BEGIN IMMEDIATE (the write lock)");
	p->in_transaction = 1;
	return POS_DONE;
}

int pos_commit(struct pos *p)
{
	int rc = POS_DONE;

	if (sqlite3_exec(p->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		rc = pos_fail_db(p, "COMMIT");
		sqlite3_exec(p->db, "ROLLBACK", NULL, NULL, NULL);
	}
	p->in_transaction = 0;
	return rc;
}

void pos_rollback(struct pos *p)
{
	if (p->in_transaction)
		sqlite3_exec(p->db, "ROLLBACK", NULL, NULL, NULL);
	p->in_transaction = 0;
}

int pos_store_checkpoint(struct pos *p)
{
	sqlite3_stmt *s = p->st[ST_CHECKPOINT_PUT];
	char now[VIPCARE_TIMESTAMP_BUFSIZE];
	int rc;

	vipcare_timestamp_format(now, sizeof(now), pos_now());
	sqlite3_bind_text(s, 1, p->consumer, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, p->at.members);
	sqlite3_bind_int64(s, 3, p->at.orders);
	sqlite3_bind_int64(s, 4, p->at.refunds);
	sqlite3_bind_int64(s, 5, p->at.redemptions);
	sqlite3_bind_text(s, 6, now, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return pos_fail_db(p, "storing the checkpoint");
	p->stored = p->at;
	return POS_DONE;
}

static int read_checkpoint(struct pos *p)
{
	sqlite3_stmt *s = p->st[ST_CHECKPOINT_GET];
	int rc;

	memset(&p->stored, 0, sizeof(p->stored));
	sqlite3_bind_text(s, 1, p->consumer, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		p->stored.members = sqlite3_column_int64(s, 0);
		p->stored.orders = sqlite3_column_int64(s, 1);
		p->stored.refunds = sqlite3_column_int64(s, 2);
		p->stored.redemptions = sqlite3_column_int64(s, 3);
	}
	sqlite3_reset(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? POS_DONE
						      : pos_fail_db(p, "reading vipcare_checkpoint");
}

int pos_follow_locked(struct pos *p, struct pos_counts *counts)
{
	struct pos_position max;
	struct pos_counts scratch;
	double t0 = pos_clock_ms();
	int rc;

	if (counts == NULL)
		counts = &scratch;
	memset(counts, 0, sizeof(*counts));
	if ((rc = read_max(p, &max)) != POS_DONE)
		return rc;
	if (memcmp(&max, &p->at, sizeof(max)) != 0 && (rc = advance(p, &max, counts)) != POS_DONE)
		return rc;
	if (memcmp(&p->at, &p->stored, sizeof(max)) != 0 &&
	    (rc = pos_store_checkpoint(p)) != POS_DONE)
		return rc;
	counts->ms = pos_clock_ms() - t0;
	return POS_DONE;
}

int pos_follow(struct pos *p, struct pos_counts *counts)
{
	struct pos_position max;
	double t0 = pos_clock_ms();
	int rc;

	if (counts != NULL)
		memset(counts, 0, sizeof(*counts));
	/* every few seconds, mostly nothing new: then no write lock is taken */
	if ((rc = read_max(p, &max)) != POS_DONE)
		return rc;
	if (memcmp(&max, &p->at, sizeof(max)) == 0 && memcmp(&p->at, &p->stored, sizeof(max)) == 0) {
		if (counts != NULL)
			counts->ms = pos_clock_ms() - t0;
		return POS_DONE;
	}
	if ((rc = pos_begin(p)) != POS_DONE)
		return rc;
	rc = pos_follow_locked(p, counts);
	if (rc == POS_DONE)
		rc = pos_commit(p);
	else
		pos_rollback(p);
	if (rc != POS_DONE) {
		/* the engine may hold rows whose rejects and checkpoint were not
		 * stored: start again from the database */
		char why[sizeof(p->error)];

		memcpy(why, p->error, sizeof(why));
		if (pos_rebuild(p) == POS_DONE)
			memcpy(p->error, why, sizeof(why));
		return rc;
	}
	if (counts != NULL)
		counts->ms = pos_clock_ms() - t0;
	return POS_DONE;
}

/* ------------------------------------------------------------------ */
/* Opening, rebuilding, closing                                         */
/* ------------------------------------------------------------------ */

static int new_engine(struct pos *p)
{
	vipcare_engine_unref(p->engine);
	p->engine = NULL;
	memset(&p->at, 0, sizeof(p->at));
	if (vipcare_engine_new(&p->engine, p->policy) != VIPCARE_OK)
		return pos_fail(p, POS_IO, "out of memory creating the engine");
	return POS_DONE;
}

/* Loads the rows up to the stored checkpoint: the state the engine had
 * when it was last stopped. */
static int load_to_checkpoint(struct pos *p)
{
	struct pos_position max, bound;
	struct pos_counts c;
	int rc;

	memset(&c, 0, sizeof(c));
	if ((rc = pos_begin(p)) != POS_DONE)
		return rc;
	rc = read_max(p, &max);
	if (rc == POS_DONE) {
		/* a database restored from an older copy may end below it */
		bound.members = clamp(p->stored.members, 0, max.members);
		bound.orders = clamp(p->stored.orders, 0, max.orders);
		bound.refunds = clamp(p->stored.refunds, 0, max.refunds);
		bound.redemptions = clamp(p->stored.redemptions, 0, max.redemptions);
		rc = advance(p, &bound, &c);
	}
	if (rc == POS_DONE)
		return pos_commit(p);
	pos_rollback(p);
	return rc;
}

int pos_rebuild(struct pos *p)
{
	int rc = new_engine(p);

	if (rc == POS_DONE)
		rc = read_checkpoint(p);
	if (rc == POS_DONE)
		rc = load_to_checkpoint(p);
	return rc;
}

int pos_open(struct pos *p, const char *path, const char *policy_path, const char *consumer)
{
	int i, rc;

	memset(p, 0, sizeof(*p));
	p->path = path;
	p->consumer = consumer;
	if (policy_path != NULL) {
		if (vipcare_policy_new(&p->policy) != VIPCARE_OK)
			return pos_fail(p, POS_IO, "out of memory");
		if (vipcare_policy_load_file(p->policy, policy_path) != VIPCARE_OK)
			return pos_fail(p, POS_DATA, "%s", vipcare_policy_last_error(p->policy));
	}
	/* the till creates the database; a missing file is an error, not a new one */
	if (sqlite3_open_v2(path, &p->db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
		return pos_fail(p, POS_IO, "%s: cannot open: %s", path,
				p->db ? sqlite3_errmsg(p->db) : "out of memory");
	sqlite3_busy_timeout(p->db, 5000);
	for (i = 0; i < ST_COUNT; i++) {
		if (sqlite3_prepare_v3(p->db, statements[i], -1, SQLITE_PREPARE_PERSISTENT,
				       &p->st[i], NULL) != SQLITE_OK) {
			rc = sqlite3_errcode(p->db);
			return pos_fail(p, rc == SQLITE_ERROR ? POS_DATA : POS_IO,
					"%s: not the schema of examples/pos-sqlite/schema.sql: %s",
					path, sqlite3_errmsg(p->db));
		}
	}
	if (vipcare_customer_new(&p->customer) != VIPCARE_OK ||
	    vipcare_transaction_new(&p->txn) != VIPCARE_OK ||
	    vipcare_checkout_new(&p->checkout) != VIPCARE_OK ||
	    vipcare_score_new(&p->score) != VIPCARE_OK)
		return pos_fail(p, POS_IO, "out of memory");
	return pos_rebuild(p);
}

void pos_close(struct pos *p)
{
	int i;

	pos_rollback(p);
	for (i = 0; i < ST_COUNT; i++)
		sqlite3_finalize(p->st[i]);
	sqlite3_close(p->db);
	vipcare_score_unref(p->score);
	vipcare_checkout_unref(p->checkout);
	vipcare_transaction_unref(p->txn);
	vipcare_customer_unref(p->customer);
	vipcare_engine_unref(p->engine);
	vipcare_policy_unref(p->policy);
	memset(p, 0, sizeof(*p));
}
