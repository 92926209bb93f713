/*
 * libvipcare — the KPI targets of a policy (DESIGN §8 `[targets]`): the
 * defaults, the setter and getter, and the value syntax of the policy
 * file ("min 0.60", "max 120", "none") for its reader and writer.
 *
 * A target is kept as the KPI's value in its own unit times 1,000,000, so
 * that "min 0.6" and "min 40" are exact integers and the KPI can be
 * judged without floating point.
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <string.h>

#include "policy-targets.h"

_Static_assert(VIPCARE_KPI_POINTS_OUTSTANDING + 1 == VIPCARE__KPI_COUNT,
	       "every KPI has a unit below");

#define MICROS INT64_C(1000000)
/* 10^12 of any unit: beyond every count, amount of money or minute a mall has */
#define LIMIT (INT64_C(1000000000000) * MICROS)

enum unit { UNIT_COUNT, UNIT_MONEY, UNIT_FRACTION, UNIT_NPS, UNIT_PERCENT, UNIT_MINUTES,
	    UNIT_PER_1000, UNIT_POINTS };

/*
 * The values a target may take are those the KPI can take, so that a
 * target written in the wrong unit ("min 60" for a 60% rate, which could
 * never be met) is refused instead of silently judging every period.
 */
static const struct unit_info {
	int64_t min, max;
	int fraction_digits; /* the fewest the writer puts */
	const char *what;
} units[] = {
	[UNIT_COUNT] = { 0, LIMIT, 0, "the KPI is a count" },
	[UNIT_MONEY] = { -LIMIT, LIMIT, 2, "the KPI is money in units, not minor units (10000.50)" },
	[UNIT_FRACTION] = { 0, MICROS, 2, "the KPI is a fraction (0.60 for 60%)" },
	[UNIT_NPS] = { -100 * MICROS, 100 * MICROS, 0, "NPS runs from -100 to 100" },
	[UNIT_PERCENT] = { 0, 100 * MICROS, 0, "the KPI is a percentage (85 for 85%)" },
	[UNIT_MINUTES] = { 0, LIMIT, 0, "the KPI is in minutes" },
	[UNIT_PER_1000] = { 0, LIMIT, 0, "the KPI is per 1,000 active customers" },
	[UNIT_POINTS] = { -LIMIT, LIMIT, 0, "the KPI is points" },
};

static const int8_t kpi_unit[VIPCARE__KPI_COUNT] = {
	[VIPCARE_KPI_MEMBERS] = UNIT_COUNT,
	[VIPCARE_KPI_NEW_MEMBERS] = UNIT_COUNT,
	[VIPCARE_KPI_ACTIVE] = UNIT_COUNT,
	[VIPCARE_KPI_SALES_NET] = UNIT_MONEY,
	[VIPCARE_KPI_SALES_COUNT] = UNIT_COUNT,
	[VIPCARE_KPI_AVG_TICKET] = UNIT_MONEY,
	[VIPCARE_KPI_REPURCHASE_RATE] = UNIT_FRACTION,
	[VIPCARE_KPI_CHURN_RATE] = UNIT_FRACTION,
	[VIPCARE_KPI_VIP_CHURN_RATE] = UNIT_FRACTION,
	[VIPCARE_KPI_VIP_SALES_SHARE] = UNIT_FRACTION,
	[VIPCARE_KPI_NPS] = UNIT_NPS,
	[VIPCARE_KPI_NPS_PROMOTERS] = UNIT_COUNT,
	[VIPCARE_KPI_NPS_PASSIVES] = UNIT_COUNT,
	[VIPCARE_KPI_NPS_DETRACTORS] = UNIT_COUNT,
	[VIPCARE_KPI_CSAT] = UNIT_PERCENT,
	[VIPCARE_KPI_SERVICE_OPENED] = UNIT_COUNT,
	[VIPCARE_KPI_SERVICE_ANSWERED] = UNIT_COUNT,
	[VIPCARE_KPI_SERVICE_COMPLAINTS] = UNIT_COUNT,
	[VIPCARE_KPI_SERVICE_FIRST_RESPONSE_P50] = UNIT_MINUTES,
	[VIPCARE_KPI_SERVICE_FIRST_RESPONSE_P90] = UNIT_MINUTES,
	[VIPCARE_KPI_SERVICE_WITHIN_SLA] = UNIT_FRACTION,
	[VIPCARE_KPI_SERVICE_COMPLAINTS_PER_1000_ACTIVE] = UNIT_PER_1000,
	[VIPCARE_KPI_CARE_DUE] = UNIT_COUNT,
	[VIPCARE_KPI_CARE_DONE] = UNIT_FRACTION,
	[VIPCARE_KPI_CARE_DONE_ON_TIME] = UNIT_FRACTION,
	[VIPCARE_KPI_CARE_CONVERSION] = UNIT_FRACTION,
	[VIPCARE_KPI_CARE_CONVERSION_SALES] = UNIT_MONEY,
	[VIPCARE_KPI_POINTS_ISSUED] = UNIT_POINTS,
	[VIPCARE_KPI_POINTS_REDEEMED] = UNIT_POINTS,
	[VIPCARE_KPI_POINTS_EXPIRED] = UNIT_POINTS,
	[VIPCARE_KPI_POINTS_OUTSTANDING] = UNIT_POINTS,
};

static const struct unit_info *unit_of(int kpi)
{
	return &units[kpi_unit[kpi]];
}

static const char *op_word(int op)
{
	return op == VIPCARE_TARGET_MIN ? "min" : op == VIPCARE_TARGET_MAX ? "max" : "none";
}

/* @micros as a decimal number with at least @min_digits fraction digits. */
static void format_micros(char *buf, size_t size, int64_t micros, int min_digits)
{
	/* unsigned negation: well defined for INT64_MIN too */
	uint64_t mag = micros < 0 ? 0u - (uint64_t)micros : (uint64_t)micros;
	char fraction[8];
	int digits = 6;

	snprintf(fraction, sizeof(fraction), "%06u", (unsigned)(mag % 1000000u));
	while (digits > min_digits && fraction[digits - 1] == '0')
		digits--;
	snprintf(buf, size, "%s%llu%s%.*s", micros < 0 ? "-" : "",
		 (unsigned long long)(mag / 1000000u), digits > 0 ? "." : "", digits, fraction);
}

/* "0..1; the KPI is a fraction (0.60 for 60%)" */
static void range_text(char *buf, size_t size, const struct unit_info *u)
{
	char lo[VIPCARE__TARGET_TEXT_SIZE], hi[VIPCARE__TARGET_TEXT_SIZE];

	format_micros(lo, sizeof(lo), u->min, 0);
	format_micros(hi, sizeof(hi), u->max, 0);
	snprintf(buf, size, "%s..%s; %s", lo, hi, u->what);
}

void vipcare__targets_set_default(struct vipcare_policy *p)
{
	memset(p->targets, 0, sizeof(p->targets));
	p->targets[VIPCARE_KPI_REPURCHASE_RATE].op = VIPCARE_TARGET_MIN;
	p->targets[VIPCARE_KPI_REPURCHASE_RATE].micros = 600000;
	p->targets[VIPCARE_KPI_NPS].op = VIPCARE_TARGET_MIN;
	p->targets[VIPCARE_KPI_NPS].micros = 40 * MICROS;
	p->targets[VIPCARE_KPI_CHURN_RATE].op = VIPCARE_TARGET_MAX;
	p->targets[VIPCARE_KPI_CHURN_RATE].micros = 50000;
	p->targets[VIPCARE_KPI_CSAT].op = VIPCARE_TARGET_MIN;
	p->targets[VIPCARE_KPI_CSAT].micros = 85 * MICROS;
	p->targets[VIPCARE_KPI_VIP_SALES_SHARE].op = VIPCARE_TARGET_MIN;
	p->targets[VIPCARE_KPI_VIP_SALES_SHARE].micros = 450000;
	p->targets[VIPCARE_KPI_SERVICE_FIRST_RESPONSE_P50].op = VIPCARE_TARGET_MAX;
	p->targets[VIPCARE_KPI_SERVICE_FIRST_RESPONSE_P50].micros = 120 * MICROS;
}

int vipcare__targets_equal(const struct vipcare_policy *a, const struct vipcare_policy *b)
{
	int k;

	for (k = 0; k < VIPCARE__KPI_COUNT; k++) {
		const struct vipcare__target *x = &a->targets[k], *y = &b->targets[k];

		if (x->op != y->op || (x->op != VIPCARE_TARGET_NONE && x->micros != y->micros))
			return 0;
	}
	return 1;
}

void vipcare__target_text(char *buf, size_t size, int kpi, const struct vipcare__target *target)
{
	char number[VIPCARE__TARGET_TEXT_SIZE];

	if (target->op != VIPCARE_TARGET_MIN && target->op != VIPCARE_TARGET_MAX) {
		snprintf(buf, size, "none");
		return;
	}
	format_micros(number, sizeof(number), target->micros, unit_of(kpi)->fraction_digits);
	snprintf(buf, size, "%s %s", op_word(target->op), number);
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * "-"? digits ("." 1..6 digits)?, the whole of @s. Returns 1 when the form
 * is right; then *too_big is set when the magnitude is beyond 10^13 (past
 * every unit's range, and far from overflowing) or *micros is the value.
 */
static int number_value(const char *s, size_t n, int64_t *micros, int *too_big)
{
	const uint64_t whole_cap = UINT64_C(10000000000000);
	uint64_t whole = 0, fraction = 0;
	size_t i = 0, digits = 0, fraction_digits = 0;
	int negative = n > 0 && s[0] == '-';

	*too_big = 0;
	if (negative)
		i++;
	for (; i < n && is_digit(s[i]); i++, digits++) {
		if (whole > whole_cap)
			*too_big = 1;
		else
			whole = whole * 10 + (uint64_t)(s[i] - '0');
	}
	if (digits == 0)
		return 0;
	if (i < n && s[i] == '.') {
		for (i++; i < n && is_digit(s[i]); i++, fraction_digits++)
			if (fraction_digits < 6)
				fraction = fraction * 10 + (uint64_t)(s[i] - '0');
		if (fraction_digits == 0 || fraction_digits > 6)
			return 0;
	}
	if (i != n)
		return 0;
	if (whole > whole_cap)
		*too_big = 1;
	if (*too_big)
		return 1;
	for (; fraction_digits < 6; fraction_digits++)
		fraction *= 10;
	/* below 10^19 + 10^6: fits uint64_t; past LIMIT it is out of every range */
	whole = whole * 1000000u + fraction;
	if (whole > (uint64_t)LIMIT) {
		*too_big = 1;
		return 1;
	}
	*micros = negative ? -(int64_t)whole : (int64_t)whole;
	return 1;
}

int vipcare__target_parse(int kpi, const char *v, size_t n, struct vipcare__target *out,
			  char *why, size_t why_size, size_t *at)
{
	const struct unit_info *u = unit_of(kpi);
	char quoted[64], range[160];
	int64_t micros = 0;
	size_t i = 3;
	int op = VIPCARE_TARGET_NONE, too_big;

	*at = 0;
	if (n == 4 && memcmp(v, "none", 4) == 0) {
		out->op = VIPCARE_TARGET_NONE;
		out->micros = 0;
		return VIPCARE_OK;
	}
	if (n > 3 && memcmp(v, "min", 3) == 0)
		op = VIPCARE_TARGET_MIN;
	else if (n > 3 && memcmp(v, "max", 3) == 0)
		op = VIPCARE_TARGET_MAX;
	if (op == VIPCARE_TARGET_NONE || !is_blank(v[3])) {
		vipcare__quote(quoted, sizeof(quoted), v, n);
		return vipcare__fail_buf(why, why_size, VIPCARE_E_POLICY_VALUE,
					 "expected \"min X\", \"max X\" or \"none\" (X a number), "
					 "found %s",
					 quoted);
	}
	/* the value is trimmed: something follows the blanks */
	while (i < n && is_blank(v[i]))
		i++;
	*at = i;
	if (!number_value(v + i, n - i, &micros, &too_big)) {
		vipcare__quote(quoted, sizeof(quoted), v + i, n - i);
		return vipcare__fail_buf(why, why_size, VIPCARE_E_POLICY_VALUE,
					 "expected a number after \"%s\" (an optional -, digits and "
					 "at most 6 fraction digits), found %s",
					 op_word(op), quoted);
	}
	if (too_big || micros < u->min || micros > u->max) {
		/* the number is only '-', digits and '.': shown as written, cut when long */
		range_text(range, sizeof(range), u);
		return vipcare__fail_buf(why, why_size, VIPCARE_E_POLICY_VALUE,
					 "%s %.*s%s is outside %s", op_word(op),
					 (int)(n - i > 24 ? 24 : n - i), v + i, n - i > 24 ? "..." : "",
					 range);
	}
	out->op = op;
	out->micros = micros;
	return VIPCARE_OK;
}

VIPCARE_API int vipcare_policy_set_target(struct vipcare_policy *policy, int kpi, int op,
					  int64_t value_micros)
{
	const char *name = vipcare_kpi_name(kpi);
	char number[VIPCARE__TARGET_TEXT_SIZE], range[160];
	const struct unit_info *u;

	if (policy == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	if (name == NULL)
		return vipcare__fail(policy->last_error, VIPCARE_E_INVALID_ARGUMENT,
				     "unknown KPI %d; 0..%d expected", kpi, VIPCARE__KPI_COUNT - 1);
	if (op != VIPCARE_TARGET_NONE && op != VIPCARE_TARGET_MIN && op != VIPCARE_TARGET_MAX)
		return vipcare__fail(policy->last_error, VIPCARE_E_INVALID_ARGUMENT,
				     "target of %s: unknown operator %d; 0 (none), 1 (min) or 2 "
				     "(max) expected",
				     name, op);
	u = unit_of(kpi);
	if (op != VIPCARE_TARGET_NONE && (value_micros < u->min || value_micros > u->max)) {
		format_micros(number, sizeof(number), value_micros, 0);
		range_text(range, sizeof(range), u);
		return vipcare__fail(policy->last_error, VIPCARE_E_INVALID_ARGUMENT,
				     "target of %s: %s %s is outside %s", name, op_word(op), number,
				     range);
	}
	policy->targets[kpi].op = op;
	policy->targets[kpi].micros = op != VIPCARE_TARGET_NONE ? value_micros : 0;
	return VIPCARE_OK;
}

VIPCARE_API int vipcare_policy_target(const struct vipcare_policy *policy, int kpi,
				      int64_t *value_micros)
{
	const struct vipcare__target *t;

	if (policy == NULL || vipcare_kpi_name(kpi) == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	t = &policy->targets[kpi];
	if (value_micros != NULL)
		*value_micros = t->op != VIPCARE_TARGET_NONE ? t->micros : 0;
	return t->op;
}
