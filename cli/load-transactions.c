/*
 * libvipcare — the vipcare command: transactions.csv, sales and refunds
 * handed to the engine in batches of LOAD_BATCH.
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "load.h"

enum { T_ID, T_CUSTOMER, T_TS, T_AMOUNT, T_KIND, T_STORE, T_CATEGORY, T_REF };

static const struct column txn_columns[] = {
	{ "txn_id", 1 },
	{ "customer_id", 1 },
	{ "ts", 1 },
	{ "amount", 1 },
	{ "kind", 0 },
	{ "store", 0 },
	{ "category", 0 },
	{ "ref_txn_id", 0 },
	{ NULL, 0 },
};

/*
 * The usual amount, 1 to 13 digits with an optional '.' and one or two
 * fraction digits, in minor units; -1 for anything else (the library's
 * parser then decides, with its message). 13 digits stay below
 * VIPCARE_AMOUNT_MAX, so a value read here above 0 is always accepted.
 */
static int64_t quick_amount(const char *s, size_t len)
{
	int64_t v = 0;
	size_t i = 0, digits;
	unsigned d;

	/* a 14th digit is enough to give up: no overflow */
	while (i < len && i < 14 && (d = (unsigned)(unsigned char)s[i] - '0') <= 9) {
		v = v * 10 + (int64_t)d;
		i++;
	}
	digits = i;
	if (digits == 0 || digits > 13)
		return -1;
	if (i == len)
		return v * 100;
	if (s[i] != '.' || len - i < 2 || len - i > 3)
		return -1;
	if ((d = (unsigned)(unsigned char)s[i + 1] - '0') > 9)
		return -1;
	v = v * 10 + (int64_t)d;
	if (len - i == 2)
		return v * 10;
	if ((d = (unsigned)(unsigned char)s[i + 2] - '0') > 9)
		return -1;
	return v * 10 + (int64_t)d;
}

/* The library's parser, for every amount quick_amount() does not take. */
static int amount_slowly(struct loader *ld, const struct csv_row *row, int64_t *out)
{
	const struct csv_field *f = load_field(ld, row, T_AMOUNT);
	char why[VIPCARE_ERRBUF_SIZE], quoted[QUOTED_SIZE];

	if (vipcare_money_parse(out, f->ptr, f->len, why, sizeof(why)) != VIPCARE_OK)
		return REJECT(ld, row, T_AMOUNT, "amount: %s", why);
	if (*out <= 0 || *out > VIPCARE_AMOUNT_MAX) {
		quote_value(quoted, sizeof(quoted), f->ptr, f->len);
		return REJECT(ld, row, T_AMOUNT,
			      "amount: expected an amount of 0.01 .. 10000000000000.00 (the kind gives the sign), found %s",
			      quoted);
	}
	return 0;
}

static int parse_amount(struct loader *ld, const struct csv_row *row, int64_t *out)
{
	const struct csv_field *f = load_field(ld, row, T_AMOUNT);

	*out = quick_amount(f->ptr, f->len);
	return *out > 0 ? 0 : amount_slowly(ld, row, out);
}

static int reject_kind(struct loader *ld, const struct csv_row *row, const struct csv_field *f)
{
	char quoted[QUOTED_SIZE];

	quote_value(quoted, sizeof(quoted), f->ptr, f->len);
	return REJECT(ld, row, T_KIND, "kind: expected sale or refund, found %s", quoted);
}

/*
 * sale (0), refund (1), or -1; empty or absent is a sale. field_word()
 * with { "sale", "refund" } says the same, but costs some 50 instructions
 * more a row (its calls to strlen() and memcmp()), 2 % of the whole
 * `kpi --scores` job; the kind is on every transaction row.
 */
static int parse_kind(const struct csv_field *f)
{
	if (f == NULL || f->len == 0)
		return 0;
	if (f->len == 4 && memcmp(f->ptr, "sale", 4) == 0)
		return 0;
	if (f->len == 6 && memcmp(f->ptr, "refund", 6) == 0)
		return 1;
	return -1;
}

/* Records the held rows; a failing one is rejected and the rest go on. */
static int txn_flush(struct loader *ld)
{
	size_t start = 0, n = ld->pending_count;
	const struct pending_row *rows = ld->pending;
	int result = ROW_ACCEPTED;

	ld->flushing = 1;
	while (start < n) {
		size_t done = 0, bad;
		int rc, column;

		rc = vipcare_engine_add_transactions(
			ld->engine, (const struct vipcare_transaction *const *)(ld->txns + start),
			n - start, &done);
		ld->count.accepted += done;
		if (rc == VIPCARE_OK)
			break;
		bad = start + done;
		switch (rc) {
		case VIPCARE_E_DUPLICATE:
			column = T_ID;
			break;
		case VIPCARE_E_REFUND_OF_REFUND:
		case VIPCARE_E_REFUND_CUSTOMER:
			column = T_REF;
			break;
		case VIPCARE_E_REFUND_EXCEEDS:
		case VIPCARE_E_LIMIT:
			column = T_AMOUNT;
			break;
		default:
			column = -1;
			break;
		}
		if (rc == VIPCARE_E_DUPLICATE)
			rc = load_reject(ld, rows[bad].line, rows[bad].raw, rows[bad].raw_len,
					 rows[bad].terminated, column, "duplicate");
		else
			rc = load_reject(ld, rows[bad].line, rows[bad].raw, rows[bad].raw_len,
					 rows[bad].terminated, column, "%s: %s",
					 column >= 0 ? field_name(ld, column) : "row",
					 vipcare_engine_last_error(ld->engine));
		if (rc == ROW_STOP) {
			result = ROW_STOP;
			break;
		}
		start = bad + 1;
	}
	ld->pending_count = 0;
	ld->flushing = 0;
	return result;
}

static int txn_row(struct loader *ld, const struct csv_row *row)
{
	struct vipcare_transaction *t = ld->txns[ld->pending_count];
	const struct csv_field *f;
	char *text = ld->text; /* for a field copied: the row is not terminated */
	const char *value;
	int64_t ts, amount;
	int kind, rc;

	/* every field is set below, so the record is not cleared first (clearing
	 * it costs more than the fields it clears) */
	if ((rc = field_text(ld, row, T_ID, text, sizeof(ld->text), &value)) != 0)
		return rc;
	if (vipcare_transaction_set_id(t, value) != VIPCARE_OK)
		return REJECT(ld, row, T_ID, "txn_id: %s", vipcare_transaction_last_error(t));
	if ((rc = field_text(ld, row, T_CUSTOMER, text, sizeof(ld->text), &value)) != 0)
		return rc;
	if (vipcare_transaction_set_customer(t, value) != VIPCARE_OK)
		return REJECT(ld, row, T_CUSTOMER, "customer_id: %s",
			      vipcare_transaction_last_error(t));
	if ((rc = field_timestamp(ld, row, T_TS, &ts)) != 0)
		return rc;
	vipcare_transaction_set_timestamp(t, ts);
	if ((rc = parse_amount(ld, row, &amount)) != 0)
		return rc;
	vipcare_transaction_set_amount(t, amount);
	f = load_field(ld, row, T_KIND);
	kind = parse_kind(f);
	if (kind < 0)
		return reject_kind(ld, row, f);
	vipcare_transaction_set_kind(t, kind == 1 ? VIPCARE_TXN_REFUND : VIPCARE_TXN_SALE);
	if ((rc = field_text(ld, row, T_STORE, text, sizeof(ld->text), &value)) != 0)
		return rc;
	if (vipcare_transaction_set_store(t, value) != VIPCARE_OK)
		return REJECT(ld, row, T_STORE, "store: %s", vipcare_transaction_last_error(t));
	if ((rc = field_text(ld, row, T_CATEGORY, text, sizeof(ld->text), &value)) != 0)
		return rc;
	if (vipcare_transaction_set_category(t, value) != VIPCARE_OK)
		return REJECT(ld, row, T_CATEGORY, "category: %s",
			      vipcare_transaction_last_error(t));
	/* a sale's ref_txn_id is ignored (DESIGN §3), so it is not even read */
	value = "";
	if (kind == 1 && (rc = field_text(ld, row, T_REF, text, sizeof(ld->text), &value)) != 0)
		return rc;
	if (vipcare_transaction_set_original(t, value) != VIPCARE_OK)
		return REJECT(ld, row, T_REF, "ref_txn_id: %s", vipcare_transaction_last_error(t));

	ld->pending[ld->pending_count].line = row->line;
	ld->pending[ld->pending_count].raw = row->raw;
	ld->pending[ld->pending_count].raw_len = row->raw_len;
	ld->pending[ld->pending_count].terminated = row->terminated;
	if (++ld->pending_count == LOAD_BATCH && txn_flush(ld) == ROW_STOP)
		return ROW_STOP;
	return ROW_PENDING;
}

const struct table load_transactions = {
	"transactions.csv", 1, txn_columns, txn_row, txn_flush, NULL,
};
