/*
 * libvipcare — the vipcare command: surveys.csv and service.csv, what the
 * KPIs of satisfaction and service read.
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "load.h"

enum { S_CUSTOMER, S_TS, S_KIND, S_SCORE };

static const struct column survey_columns[] = {
	{ "customer_id", 1 },
	{ "ts", 1 },
	{ "kind", 1 },
	{ "score", 1 },
	{ NULL, 0 },
};

static int survey_row(struct loader *ld, const struct csv_row *row)
{
	char customer[VIPCARE_ID_MAX + 1], quoted[QUOTED_SIZE];
	const struct csv_field *f;
	int64_t ts, score;
	int kind, rc;

	if ((rc = field_copy(ld, row, S_CUSTOMER, customer, sizeof(customer))) != 0)
		return rc;
	if ((rc = field_timestamp(ld, row, S_TS, &ts)) != 0)
		return rc;
	f = load_field(ld, row, S_KIND);
	kind = vipcare_survey_kind_from_name(f->ptr, f->len);
	if (kind < 0) {
		quote_value(quoted, sizeof(quoted), f->ptr, f->len);
		return REJECT(ld, row, S_KIND, "kind: expected nps or csat, found %s", quoted);
	}
	if (kind == VIPCARE_SURVEY_NPS)
		rc = field_int(ld, row, S_SCORE, 0, 10, " for nps", &score);
	else
		rc = field_int(ld, row, S_SCORE, 1, 5, " for csat", &score);
	if (rc != 0)
		return rc;
	rc = vipcare_engine_add_survey(ld->engine, customer, ts, kind, (int)score);
	switch (rc) {
	case VIPCARE_OK:
		return ROW_ACCEPTED;
	case VIPCARE_E_UNKNOWN_CUSTOMER:
	case VIPCARE_E_ID:
		return REJECT(ld, row, S_CUSTOMER, "customer_id: %s",
			      vipcare_engine_last_error(ld->engine));
	case VIPCARE_E_TIMESTAMP:
		return REJECT(ld, row, S_TS, "ts: %s", vipcare_engine_last_error(ld->engine));
	case VIPCARE_E_RANGE:
		return REJECT(ld, row, S_SCORE, "score: %s", vipcare_engine_last_error(ld->engine));
	default:
		return REJECT(ld, row, -1, "%s", vipcare_engine_last_error(ld->engine));
	}
}

/* ------------------------------------------------------------------ service.csv */

enum { V_ID, V_CUSTOMER, V_KIND, V_OPENED, V_FIRST_RESPONSE, V_RESOLVED };

static const struct column service_columns[] = {
	{ "request_id", 1 },
	{ "customer_id", 1 },
	{ "kind", 1 },
	{ "opened", 1 },
	{ "first_response", 0 },
	{ "resolved", 0 },
	{ NULL, 0 },
};

/* An optional timestamp not before @opened; none gives VIPCARE_TIMESTAMP_NONE. */
static int parse_later(struct loader *ld, const struct csv_row *row, int column, int64_t opened,
		       int64_t *out)
{
	const struct csv_field *f = load_field(ld, row, column);
	char text[VIPCARE_TIMESTAMP_BUFSIZE], start[VIPCARE_TIMESTAMP_BUFSIZE];
	int rc;

	*out = VIPCARE_TIMESTAMP_NONE;
	if (field_empty(f))
		return 0;
	if ((rc = field_timestamp(ld, row, column, out)) != 0)
		return rc;
	if (*out < opened) {
		vipcare_timestamp_format(text, sizeof(text), *out);
		vipcare_timestamp_format(start, sizeof(start), opened);
		return REJECT(ld, row, column, "%s: expected a time not before opened %s, found %s",
			      field_name(ld, column), start, text);
	}
	return 0;
}

static int service_row(struct loader *ld, const struct csv_row *row)
{
	char id[VIPCARE_ID_MAX + 1], customer[VIPCARE_ID_MAX + 1], quoted[QUOTED_SIZE];
	const struct csv_field *f;
	int64_t opened, first_response, resolved;
	int kind, rc;

	if ((rc = field_copy(ld, row, V_ID, id, sizeof(id))) != 0)
		return rc;
	if ((rc = field_copy(ld, row, V_CUSTOMER, customer, sizeof(customer))) != 0)
		return rc;
	f = load_field(ld, row, V_KIND);
	kind = vipcare_service_kind_from_name(f->ptr, f->len);
	if (kind < 0) {
		quote_value(quoted, sizeof(quoted), f->ptr, f->len);
		return REJECT(ld, row, V_KIND, "kind: expected inquiry or complaint, found %s",
			      quoted);
	}
	if ((rc = field_timestamp(ld, row, V_OPENED, &opened)) != 0 ||
	    (rc = parse_later(ld, row, V_FIRST_RESPONSE, opened, &first_response)) != 0 ||
	    (rc = parse_later(ld, row, V_RESOLVED, opened, &resolved)) != 0)
		return rc;
	rc = vipcare_engine_add_service_request(ld->engine, id, customer, kind, opened,
						first_response, resolved);
	switch (rc) {
	case VIPCARE_OK:
		return ROW_ACCEPTED;
	case VIPCARE_E_DUPLICATE:
		return REJECT(ld, row, V_ID, "duplicate");
	case VIPCARE_E_ID:
		return REJECT(ld, row, V_ID, "request_id: %s", vipcare_engine_last_error(ld->engine));
	case VIPCARE_E_UNKNOWN_CUSTOMER:
		return REJECT(ld, row, V_CUSTOMER, "customer_id: %s",
			      vipcare_engine_last_error(ld->engine));
	default:
		return REJECT(ld, row, -1, "%s", vipcare_engine_last_error(ld->engine));
	}
}

const struct table load_surveys = { "surveys.csv", 0, survey_columns, survey_row, NULL, NULL };

const struct table load_service = { "service.csv", 0, service_columns, service_row, NULL, NULL };
