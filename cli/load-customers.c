/*
 * libvipcare — the vipcare command: customers.csv, one customer record a row (DESIGN §10, §11).
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "load.h"

enum {
	C_ID, C_BIRTHDAY, C_JOINED, C_CONSENT, C_OPT_OUT, C_ADVISOR, C_OVERRIDE_TIER,
	C_OVERRIDE_UNTIL,
};

static const struct column customer_columns[] = {
	{ "customer_id", 1 },
	{ "birthday", 0 },
	{ "joined", 0 },
	{ "consent", 0 },
	{ "marketing_opt_out", 0 },
	{ "advisor", 0 },
	{ "override_tier", 0 },
	{ "override_until", 0 },
	{ NULL, 0 },
};

/* `MM-DD` (any day of a leap year, so 02-29 too) or a real date `YYYY-MM-DD`. */
static int parse_birthday(struct loader *ld, const struct csv_row *row, int32_t *month,
			  int32_t *day)
{
	const struct csv_field *f = load_field(ld, row, C_BIRTHDAY);
	char quoted[QUOTED_SIZE], why[VIPCARE_ERRBUF_SIZE];
	int32_t date, m = 0, d = 0;

	*month = *day = 0;
	if (field_empty(f))
		return 0;
	if (f->len == 5 && f->ptr[2] == '-' && (m = (int32_t)two_digits(f->ptr)) <= 99 &&
	    (d = (int32_t)two_digits(f->ptr + 3)) <= 99) {
		if (vipcare_customer_set_birthday(ld->customer, m, d) != VIPCARE_OK || m == 0) {
			quote_value(quoted, sizeof(quoted), f->ptr, f->len);
			return REJECT(ld, row, C_BIRTHDAY,
				      "birthday: %s is not a day of the year (MM-DD)", quoted);
		}
		*month = m;
		*day = d;
		return 0;
	}
	if (f->len == 10 && f->ptr[4] == '-' && f->ptr[7] == '-') {
		if (vipcare_date_parse(&date, f->ptr, f->len, why, sizeof(why)) != VIPCARE_OK)
			return REJECT(ld, row, C_BIRTHDAY, "birthday: %s", why);
		vipcare_date_to_ymd(date, NULL, month, day);
		return 0;
	}
	quote_value(quoted, sizeof(quoted), f->ptr, f->len);
	return REJECT(ld, row, C_BIRTHDAY, "birthday: expected MM-DD or YYYY-MM-DD, found %s",
		      quoted);
}

/* A `;`-separated list of channels, each at most once; empty means none. */
static int parse_consent(struct loader *ld, const struct csv_row *row)
{
	const struct csv_field *f = load_field(ld, row, C_CONSENT);
	char quoted[QUOTED_SIZE], name[16];
	int seen[VIPCARE_CHANNEL_COUNT] = { 0 };
	size_t start = 0;

	if (field_empty(f))
		return 0;
	while (start <= f->len) {
		const char *semi = memchr(f->ptr + start, ';', f->len - start);
		size_t end = semi ? (size_t)(semi - f->ptr) : f->len;
		size_t len = end - start;
		int channel = VIPCARE_E_RANGE;

		if (len > 0 && len < sizeof(name)) {
			memcpy(name, f->ptr + start, len);
			name[len] = '\0';
			if (memchr(name, '\0', len) == NULL)
				channel = vipcare_channel_from_name(name);
		}
		if (channel < 0) {
			quote_value(quoted, sizeof(quoted), f->ptr + start, len);
			return REJECT(ld, row, C_CONSENT,
				      "consent: expected channels sms, wechat, phone, email, app separated by ';', found %s",
				      quoted);
		}
		if (seen[channel]++) {
			return REJECT(ld, row, C_CONSENT, "consent: channel %s is listed twice",
				      vipcare_channel_name(channel));
		}
		vipcare_customer_set_consent(ld->customer, channel, 1);
		start = end + 1;
	}
	return 0;
}

static int customer_row(struct loader *ld, const struct csv_row *row)
{
	static const char *const flags[] = { "0", "1", NULL };
	struct vipcare_customer *c = ld->customer;
	const struct csv_field *f;
	char id[VIPCARE_ID_MAX + 1], advisor[VIPCARE_ID_MAX + 1], tier[VIPCARE_TIER_NAME_MAX + 1];
	char quoted[QUOTED_SIZE];
	int32_t month, day, joined, until;
	int rc;

	vipcare_customer_clear(c);
	if ((rc = field_copy(ld, row, C_ID, id, sizeof(id))) != 0)
		return rc;
	if (vipcare_customer_set_id(c, id) != VIPCARE_OK)
		return REJECT(ld, row, C_ID, "customer_id: %s", vipcare_customer_last_error(c));
	if ((rc = parse_birthday(ld, row, &month, &day)) != 0)
		return rc;
	vipcare_customer_set_birthday(c, month, day);
	if ((rc = field_date(ld, row, C_JOINED, &joined)) != 0)
		return rc;
	vipcare_customer_set_joined(c, joined);
	if ((rc = parse_consent(ld, row)) != 0)
		return rc;
	f = load_field(ld, row, C_OPT_OUT);
	if (!field_empty(f)) {
		int flag = field_word(f, flags);

		if (flag < 0) {
			quote_value(quoted, sizeof(quoted), f->ptr, f->len);
			return REJECT(ld, row, C_OPT_OUT,
				      "marketing_opt_out: expected 0, 1 or nothing, found %s", quoted);
		}
		vipcare_customer_set_marketing_opt_out(c, flag);
	}
	if ((rc = field_copy(ld, row, C_ADVISOR, advisor, sizeof(advisor))) != 0)
		return rc;
	if (vipcare_customer_set_advisor(c, advisor) != VIPCARE_OK)
		return REJECT(ld, row, C_ADVISOR, "advisor: %s", vipcare_customer_last_error(c));
	if ((rc = field_copy(ld, row, C_OVERRIDE_TIER, tier, sizeof(tier))) != 0)
		return rc;
	if ((rc = field_date(ld, row, C_OVERRIDE_UNTIL, &until)) != 0)
		return rc;
	if (tier[0] == '\0' && until != VIPCARE_DATE_NONE)
		return REJECT(ld, row, C_OVERRIDE_UNTIL,
			      "override_until: given without an override_tier");
	if (tier[0] != '\0' && vipcare_customer_set_override(c, tier, until) != VIPCARE_OK)
		return REJECT(ld, row, C_OVERRIDE_TIER, "override_tier: %s",
			      vipcare_customer_last_error(c));

	rc = vipcare_engine_add_customer(ld->engine, c);
	switch (rc) {
	case VIPCARE_OK:
		return ROW_ACCEPTED;
	case VIPCARE_E_DUPLICATE:
		return REJECT(ld, row, C_ID, "duplicate");
	case VIPCARE_E_UNKNOWN_TIER:
		return REJECT(ld, row, C_OVERRIDE_TIER, "override_tier: %s",
			      vipcare_engine_last_error(ld->engine));
	default:
		return REJECT(ld, row, -1, "%s", vipcare_engine_last_error(ld->engine));
	}
}

const struct table load_customers = {
	"customers.csv", 0, customer_columns, customer_row, NULL, NULL,
};
