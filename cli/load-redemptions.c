/*
 * libvipcare — the vipcare command: redemptions.csv and points.csv,
 * benefits and points used, as `redeem` calls in file order (DESIGN §11).
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "load.h"

enum { R_ID, R_CUSTOMER, R_BENEFIT, R_TS, R_QTY };

static const struct column redemption_columns[] = {
	{ "redemption_id", 1 },
	{ "customer_id", 1 },
	{ "benefit", 1 },
	{ "ts", 1 },
	{ "qty", 0 },
	{ NULL, 0 },
};

static int redemption_row(struct loader *ld, const struct csv_row *row)
{
	char id[VIPCARE_ID_MAX + 1], customer[VIPCARE_ID_MAX + 1];
	char benefit[VIPCARE_BENEFIT_ID_MAX + 1];
	int64_t ts = 0, qty = 1;
	int rc, reason, column;

	if ((rc = field_copy(ld, row, R_ID, id, sizeof(id))) != 0)
		return rc;
	if ((rc = field_copy(ld, row, R_CUSTOMER, customer, sizeof(customer))) != 0)
		return rc;
	if ((rc = field_copy(ld, row, R_BENEFIT, benefit, sizeof(benefit))) != 0)
		return rc;
	if ((rc = field_timestamp(ld, row, R_TS, &ts)) != 0)
		return rc;
	if ((rc = field_count(ld, row, R_QTY, 1000000, 1, &qty)) != 0)
		return rc;

	rc = vipcare_engine_redeem(ld->engine, id, customer, benefit, ts, (int32_t)qty,
				   ld->checkout);
	switch (rc) {
	case VIPCARE_OK:
		/* a retry of an id this file had accepted: the library answers it
		 * again, but the file holds the same redemption twice */
		if (vipcare_checkout_replayed(ld->checkout))
			return REJECT(ld, row, R_ID, "duplicate");
		return ROW_ACCEPTED;
	case VIPCARE_E_DUPLICATE:
		return REJECT(ld, row, R_ID, "duplicate");
	case VIPCARE_E_REFUSED:
		reason = vipcare_checkout_reason(ld->checkout, 0);
		switch (reason) {
		case VIPCARE_REASON_UNKNOWN_CUSTOMER:
			column = R_CUSTOMER;
			break;
		case VIPCARE_REASON_QUOTA_EXHAUSTED:
			column = ld->column_of[R_QTY] >= 0 ? R_QTY : R_BENEFIT;
			break;
		case VIPCARE_REASON_OUTSIDE_WINDOW:
			column = R_TS;
			break;
		default:
			column = R_BENEFIT;
			break;
		}
		return REJECT(ld, row, column, "%s",
			      vipcare_reason_name(reason) ? vipcare_reason_name(reason) : "refused");
	case VIPCARE_E_ID:
		return REJECT(ld, row, R_ID, "redemption_id: %s",
			      vipcare_engine_last_error(ld->engine));
	case VIPCARE_E_TIMESTAMP:
		return REJECT(ld, row, R_TS, "ts: %s", vipcare_engine_last_error(ld->engine));
	case VIPCARE_E_RANGE:
		return REJECT(ld, row, R_QTY, "qty: %s", vipcare_engine_last_error(ld->engine));
	default:
		return REJECT(ld, row, -1, "%s", vipcare_engine_last_error(ld->engine));
	}
}

/* ------------------------------------------------------------------ points.csv */

enum { P_ID, P_CUSTOMER, P_POINTS, P_TS, P_REASON };

static const struct column points_columns[] = {
	{ "redemption_id", 1 },
	{ "customer_id", 1 },
	{ "points", 1 },
	{ "ts", 1 },
	{ "reason", 0 },
	{ NULL, 0 },
};

static int points_row(struct loader *ld, const struct csv_row *row)
{
	char id[VIPCARE_ID_MAX + 1], customer[VIPCARE_ID_MAX + 1], reason[VIPCARE_ID_MAX + 1];
	int64_t ts = 0, points = 0;
	size_t before;
	int rc;

	if ((rc = field_copy(ld, row, P_ID, id, sizeof(id))) != 0 ||
	    (rc = field_copy(ld, row, P_CUSTOMER, customer, sizeof(customer))) != 0)
		return rc;
	if ((rc = field_count(ld, row, P_POINTS, INT64_C(1000000000000000), 0, &points)) != 0)
		return rc;
	if (points == 0)
		return REJECT(ld, row, P_POINTS,
			      "points: expected a whole number 1..1000000000000000, found \"\"");
	if ((rc = field_timestamp(ld, row, P_TS, &ts)) != 0 ||
	    (rc = field_copy(ld, row, P_REASON, reason, sizeof(reason))) != 0)
		return rc;

	/* a retry of an id this file had accepted is answered again by the
	 * library, and leaves the count as it was: the file holds it twice */
	before = vipcare_engine_points_redemption_count(ld->engine);
	rc = vipcare_engine_redeem_points(ld->engine, id, customer, ts, points,
					  reason[0] ? reason : NULL);
	switch (rc) {
	case VIPCARE_OK:
		if (vipcare_engine_points_redemption_count(ld->engine) == before)
			return REJECT(ld, row, P_ID, "duplicate");
		return ROW_ACCEPTED;
	case VIPCARE_E_DUPLICATE:
		return REJECT(ld, row, P_ID, "duplicate");
	case VIPCARE_E_REFUSED:
		return REJECT(ld, row, P_POINTS, "insufficient_points");
	case VIPCARE_E_UNKNOWN_CUSTOMER:
		return REJECT(ld, row, P_CUSTOMER, "customer_id: %s",
			      vipcare_engine_last_error(ld->engine));
	case VIPCARE_E_ID:
		/* the id is checked first, then the reason; the message says which */
		if (strstr(vipcare_engine_last_error(ld->engine), "redemption reason") != NULL)
			return REJECT(ld, row, P_REASON, "reason: %s",
				      vipcare_engine_last_error(ld->engine));
		return REJECT(ld, row, P_ID, "redemption_id: %s",
			      vipcare_engine_last_error(ld->engine));
	case VIPCARE_E_TIMESTAMP:
		return REJECT(ld, row, P_TS, "ts: %s", vipcare_engine_last_error(ld->engine));
	default:
		return REJECT(ld, row, -1, "%s", vipcare_engine_last_error(ld->engine));
	}
}

const struct table load_redemptions = {
	"redemptions.csv", 0, redemption_columns, redemption_row, NULL, NULL,
};

const struct table load_points = { "points.csv", 0, points_columns, points_row, NULL, NULL };
