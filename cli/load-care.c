/*
 * libvipcare — the vipcare command: care.csv, the log of care contacts made.
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "load.h"

enum { K_CUSTOMER, K_KIND, K_OCCASION, K_DATE, K_OUTCOME };

static const struct column care_columns[] = {
	{ "customer_id", 1 },
	{ "kind", 1 },
	{ "occasion", 1 },
	{ "date", 1 },
	{ "outcome", 1 },
	{ NULL, 0 },
};

static int care_row(struct loader *ld, const struct csv_row *row)
{
	char customer[VIPCARE_ID_MAX + 1], word[32], occasion[VIPCARE_OCCASION_MAX + 1];
	char quoted[QUOTED_SIZE];
	const struct csv_field *f;
	int32_t date;
	int kind, outcome, rc;

	if ((rc = field_copy(ld, row, K_CUSTOMER, customer, sizeof(customer))) != 0)
		return rc;
	if (customer[0] == '\0')
		return REJECT(ld, row, K_CUSTOMER, "customer_id: empty");
	f = load_field(ld, row, K_KIND);
	kind = VIPCARE_E_RANGE;
	if (f->len < sizeof(word) && memchr(f->ptr, '\0', f->len) == NULL) {
		memcpy(word, f->ptr, f->len);
		word[f->len] = '\0';
		kind = vipcare_care_kind_from_name(word);
	}
	if (kind < 0) {
		quote_value(quoted, sizeof(quoted), f->ptr, f->len);
		return REJECT(ld, row, K_KIND,
			      "kind: expected welcome, followup_3d, birthday, lapse, advisor_contact or tier_change, found %s",
			      quoted);
	}
	if ((rc = field_copy(ld, row, K_OCCASION, occasion, sizeof(occasion))) != 0)
		return rc;
	f = load_field(ld, row, K_DATE);
	if (field_empty(f))
		return REJECT(ld, row, K_DATE, "date: expected YYYY-MM-DD, found \"\"");
	if ((rc = field_date(ld, row, K_DATE, &date)) != 0)
		return rc;
	f = load_field(ld, row, K_OUTCOME);
	outcome = VIPCARE_E_RANGE;
	if (f->len < sizeof(word) && memchr(f->ptr, '\0', f->len) == NULL) {
		memcpy(word, f->ptr, f->len);
		word[f->len] = '\0';
		outcome = vipcare_care_outcome_from_name(word);
	}
	if (outcome < 0) {
		quote_value(quoted, sizeof(quoted), f->ptr, f->len);
		return REJECT(ld, row, K_OUTCOME,
			      "outcome: expected reached, no_answer or declined, found %s", quoted);
	}
	rc = vipcare_engine_record_care(ld->engine, customer, kind, occasion, date, outcome);
	switch (rc) {
	case VIPCARE_OK:
		return ROW_ACCEPTED;
	case VIPCARE_E_UNKNOWN_CUSTOMER:
		return REJECT(ld, row, K_CUSTOMER, "customer_id: %s",
			      vipcare_engine_last_error(ld->engine));
	case VIPCARE_E_ID:
		return REJECT(ld, row, K_OCCASION, "occasion: %s",
			      vipcare_engine_last_error(ld->engine));
	default:
		return REJECT(ld, row, -1, "%s", vipcare_engine_last_error(ld->engine));
	}
}

const struct table load_care = { "care.csv", 0, care_columns, care_row, NULL, NULL };
