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

static int parse_amount(struct loader *ld, const struct csv_row *row, int64_t *out)
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

/* Records the held rows; a failing one is rejected and the rest go on. */
static int txn_flush(struct loader *ld)
{
	size_t start = 0, n = ld->pending_count;
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
			rc = load_reject(ld, ld->pending[bad].line, ld->pending[bad].raw,
					 ld->pending[bad].raw_len, column, "duplicate");
		else
			rc = load_reject(ld, ld->pending[bad].line, ld->pending[bad].raw,
					 ld->pending[bad].raw_len, column, "%s: %s",
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
	static const char *const kinds[] = { "sale", "refund", NULL };
	struct vipcare_transaction *t = ld->txns[ld->pending_count];
	const struct csv_field *f;
	char text[VIPCARE_ID_MAX + 1], quoted[QUOTED_SIZE];
	int64_t ts, amount;
	int kind = 0, rc;

	/* every field is set below, so the record is not cleared first (clearing
	 * it costs more than the fields it clears) */
	if ((rc = field_copy(ld, row, T_ID, text, sizeof(text))) != 0)
		return rc;
	if (vipcare_transaction_set_id(t, text) != VIPCARE_OK)
		return REJECT(ld, row, T_ID, "txn_id: %s", vipcare_transaction_last_error(t));
	if ((rc = field_copy(ld, row, T_CUSTOMER, text, sizeof(text))) != 0)
		return rc;
	if (vipcare_transaction_set_customer(t, text) != VIPCARE_OK)
		return REJECT(ld, row, T_CUSTOMER, "customer_id: %s",
			      vipcare_transaction_last_error(t));
	if ((rc = field_timestamp(ld, row, T_TS, &ts)) != 0)
		return rc;
	vipcare_transaction_set_timestamp(t, ts);
	if ((rc = parse_amount(ld, row, &amount)) != 0)
		return rc;
	vipcare_transaction_set_amount(t, amount);
	f = load_field(ld, row, T_KIND);
	if (!field_empty(f)) {
		kind = field_word(f, kinds);
		if (kind < 0) {
			quote_value(quoted, sizeof(quoted), f->ptr, f->len);
			return REJECT(ld, row, T_KIND, "kind: expected sale or refund, found %s",
				      quoted);
		}
	}
	vipcare_transaction_set_kind(t, kind == 1 ? VIPCARE_TXN_REFUND : VIPCARE_TXN_SALE);
	if ((rc = field_copy(ld, row, T_STORE, text, sizeof(text))) != 0)
		return rc;
	if (vipcare_transaction_set_store(t, text) != VIPCARE_OK)
		return REJECT(ld, row, T_STORE, "store: %s", vipcare_transaction_last_error(t));
	if ((rc = field_copy(ld, row, T_CATEGORY, text, sizeof(text))) != 0)
		return rc;
	if (vipcare_transaction_set_category(t, text) != VIPCARE_OK)
		return REJECT(ld, row, T_CATEGORY, "category: %s",
			      vipcare_transaction_last_error(t));
	/* a sale's ref_txn_id is ignored (DESIGN §3), so it is not even read */
	text[0] = '\0';
	if (kind == 1 && (rc = field_copy(ld, row, T_REF, text, sizeof(text))) != 0)
		return rc;
	if (vipcare_transaction_set_original(t, text) != VIPCARE_OK)
		return REJECT(ld, row, T_REF, "ref_txn_id: %s", vipcare_transaction_last_error(t));

	ld->pending[ld->pending_count].line = row->line;
	ld->pending[ld->pending_count].raw = row->raw;
	ld->pending[ld->pending_count].raw_len = row->raw_len;
	if (++ld->pending_count == LOAD_BATCH && txn_flush(ld) == ROW_STOP)
		return ROW_STOP;
	return ROW_PENDING;
}

const struct table load_transactions = {
	"transactions.csv", 1, txn_columns, txn_row, txn_flush, NULL,
};
