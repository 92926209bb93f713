/*
 * libvipcare — the KPIs as text (the JSON of DESIGN §10 and a flat CSV)
 * and measured against the policy's targets.
 *
 * Ratio values and target comparisons use integers only: products of two
 * 64-bit numbers are formed in 128 bits (a pair of uint64_t, since not
 * every compiler the library supports has a 128-bit type), so no value
 * depends on a machine's floating point.
 * SPDX-License-Identifier: MIT
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kpi-private.h"
#include "wide.h"

/* ---------------------------------------------------------------- 128 bits */

#define u128 vipcare__u128
#define mul64 vipcare__mul64
#define cmp128 vipcare__cmp128
#define divmod vipcare__divmod128

static uint64_t magnitude(int64_t v)
{
	return v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
}

/* ---------------------------------------------------------------- text buffer */

struct text {
	char *p;
	size_t n, cap;
	int failed;
};

static void put(struct text *t, const char *fmt, ...) VIPCARE__PRINTF(2, 3);

static void put(struct text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (t->failed)
		return;
	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(t->p + t->n, t->cap - t->n, fmt, ap);
		va_end(ap);
		if (n < 0) {
			t->failed = 1;
			return;
		}
		if ((size_t)n < t->cap - t->n) {
			t->n += (size_t)n;
			return;
		}
		{
			size_t cap = t->cap * 2 + (size_t)n;
			char *grown = realloc(t->p, cap);

			if (grown == NULL) {
				t->failed = 1;
				return;
			}
			t->p = grown;
			t->cap = cap;
		}
	}
}

static int finish(struct text *t, char **out)
{
	if (t->failed) {
		free(t->p);
		return VIPCARE_E_NO_MEMORY;
	}
	*out = t->p;
	return VIPCARE_OK;
}

static int start(struct text *t)
{
	t->cap = 4096;
	t->n = 0;
	t->failed = 0;
	t->p = malloc(t->cap);
	if (t->p == NULL)
		return VIPCARE_E_NO_MEMORY;
	t->p[0] = '\0';
	return VIPCARE_OK;
}

/* ---------------------------------------------------------------- values */

/* How a KPI's value is shown. */
enum unit { PLAIN, MONEY, MONEY_RATIO, FRACTION, PER_100, PER_1000, MINUTES };

static enum unit unit_of(int kpi)
{
	switch (kpi) {
	case VIPCARE_KPI_SALES_NET:
	case VIPCARE_KPI_CARE_CONVERSION_SALES:
		return MONEY;
	case VIPCARE_KPI_AVG_TICKET:
		return MONEY_RATIO;
	case VIPCARE_KPI_REPURCHASE_RATE:
	case VIPCARE_KPI_CHURN_RATE:
	case VIPCARE_KPI_VIP_CHURN_RATE:
	case VIPCARE_KPI_VIP_SALES_SHARE:
	case VIPCARE_KPI_SERVICE_WITHIN_SLA:
	case VIPCARE_KPI_CARE_DONE:
	case VIPCARE_KPI_CARE_DONE_ON_TIME:
	case VIPCARE_KPI_CARE_CONVERSION:
		return FRACTION;
	case VIPCARE_KPI_NPS:
	case VIPCARE_KPI_CSAT:
		return PER_100;
	case VIPCARE_KPI_SERVICE_COMPLAINTS_PER_1000_ACTIVE:
		return PER_1000;
	case VIPCARE_KPI_SERVICE_FIRST_RESPONSE_P50:
	case VIPCARE_KPI_SERVICE_FIRST_RESPONSE_P90:
		return MINUTES;
	default:
		return PLAIN;
	}
}

/* The value's unit times 1,000,000 per unit of num / den. */
static uint64_t micros_factor(enum unit u)
{
	switch (u) {
	case MONEY:
	case MONEY_RATIO:
		return 10000; /* num is in minor units: 1/100 of the unit */
	case PER_100:
		return 100000000;
	case PER_1000:
		return 1000000000;
	default:
		return 1000000;
	}
}

static void put_money(struct text *t, int64_t amount)
{
	char buf[VIPCARE_MONEY_BUFSIZE];

	vipcare_money_format(buf, sizeof(buf), amount);
	put(t, "%s", buf);
}

/* num / den rounded half away from zero (den != 0). */
static int64_t rounded_quotient(int64_t num, int64_t den)
{
	uint64_t a = magnitude(num), b = magnitude(den), q = a / b, r = a % b;

	if (r >= b - r)
		q++;
	return (num < 0) != (den < 0) ? -(int64_t)q : (int64_t)q;
}

/* num / den x scale with 6 fraction digits, rounded half away from zero (den != 0). */
static void put_ratio_value(struct text *t, int64_t num, int64_t den, uint64_t scale)
{
	uint64_t b = magnitude(den), rem, frac;
	struct u128 q = divmod(mul64(magnitude(num), scale * 1000000u), b, &rem);
	char digits[48];
	int n = 0;

	if (rem >= b - rem) {
		q.lo++;
		if (q.lo == 0)
			q.hi++;
	}
	q = divmod(q, 1000000u, &frac);
	do {
		q = divmod(q, 10u, &rem);
		digits[n++] = (char)('0' + rem);
	} while (q.hi != 0 || q.lo != 0);
	if ((num < 0) != (den < 0) && (n > 1 || digits[0] != '0' || frac != 0))
		put(t, "-");
	while (n > 0)
		put(t, "%c", digits[--n]);
	put(t, ".%06u", (unsigned)frac);
}

static void put_date(struct text *t, int32_t date)
{
	char buf[VIPCARE_DATE_BUFSIZE];

	vipcare_date_format(buf, sizeof(buf), date);
	put(t, "%s", buf);
}

/* A ratio as JSON: {"value": x|null, "num": n, "den": d}, without the closing brace. */
static void json_ratio_open(struct text *t, const struct vipcare_kpi_state *s, int kpi)
{
	int64_t num, den;
	enum unit u = unit_of(kpi);
	int money = kpi == VIPCARE_KPI_VIP_SALES_SHARE;

	vipcare_kpi_get(s, kpi, &num, &den);
	put(t, "{\"value\": ");
	if (den == 0)
		put(t, "null");
	else
		put_ratio_value(t, num, den, u == PER_100 ? 100 : u == PER_1000 ? 1000 : 1);
	if (money) {
		put(t, ", \"num\": \"");
		put_money(t, num);
		put(t, "\", \"den\": \"");
		put_money(t, den);
		put(t, "\"");
	} else {
		put(t, ", \"num\": %lld, \"den\": %lld", (long long)num, (long long)den);
	}
}

static void json_ratio(struct text *t, const struct vipcare_kpi_state *s, int kpi)
{
	json_ratio_open(t, s, kpi);
	put(t, "}");
}

static void json_avg(struct text *t, int64_t net, int64_t count)
{
	if (count == 0) {
		put(t, "null");
		return;
	}
	put(t, "\"");
	put_money(t, rounded_quotient(net, count));
	put(t, "\"");
}

VIPCARE_API int vipcare_kpi_state_to_json(const struct vipcare_kpi_state *s, char **out)
{
	const int64_t *k;
	struct text t;
	int64_t p;
	int i, j;

	if (out != NULL)
		*out = NULL;
	if (s == NULL || out == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	if (start(&t) != VIPCARE_OK)
		return VIPCARE_E_NO_MEMORY;
	k = s->counts;
	put(&t, "{\n  \"from\": \"");
	put_date(&t, s->from);
	put(&t, "\",\n  \"to\": \"");
	put_date(&t, s->to);
	put(&t, "\",\n  \"members\": %lld,\n  \"new_members\": %lld,\n  \"active\": %lld,\n",
	    (long long)k[K_MEMBERS], (long long)k[K_NEW_MEMBERS], (long long)k[K_ACTIVE]);
	put(&t, "  \"sales_net\": \"");
	put_money(&t, k[K_SALES_NET]);
	put(&t, "\",\n  \"sales_count\": %lld,\n", (long long)k[K_SALES_COUNT]);
	put(&t, "  \"avg_ticket\": {\"value\": ");
	json_avg(&t, k[K_SALES_NET], k[K_SALES_COUNT]);
	put(&t, ", \"num\": \"");
	put_money(&t, k[K_SALES_NET]);
	put(&t, "\", \"den\": %lld, \"per_tier\": {", (long long)k[K_SALES_COUNT]);
	for (i = 0; i < s->tier_count; i++) {
		put(&t, "%s\n    \"%s\": {\"customers\": %lld, \"sales_net\": \"", i ? "," : "",
		    s->tier_names[i], (long long)s->tier_customers[i]);
		put_money(&t, s->tier_sales_net[i]);
		put(&t, "\", \"sales_count\": %lld, \"avg_ticket\": ", (long long)s->tier_sales_count[i]);
		json_avg(&t, s->tier_sales_net[i], s->tier_sales_count[i]);
		put(&t, "}");
	}
	put(&t, "\n  }},\n  \"repurchase_rate\": ");
	json_ratio(&t, s, VIPCARE_KPI_REPURCHASE_RATE);
	put(&t, ",\n  \"churn_rate\": ");
	json_ratio(&t, s, VIPCARE_KPI_CHURN_RATE);
	put(&t, ",\n  \"vip_churn_rate\": ");
	json_ratio(&t, s, VIPCARE_KPI_VIP_CHURN_RATE);
	put(&t, ",\n  \"vip_sales_share\": ");
	json_ratio(&t, s, VIPCARE_KPI_VIP_SALES_SHARE);
	put(&t, ",\n  \"tier_distribution\": {");
	for (i = 0; i < s->tier_count; i++)
		put(&t, "%s\"%s\": %lld", i ? ", " : "", s->tier_names[i], (long long)s->tier_customers[i]);
	put(&t, "},\n  \"tier_migration\": {");
	for (i = -1; i < s->tier_count; i++) {
		put(&t, "%s\n    \"%s\": {", i > -1 ? "," : "", i < 0 ? "none" : s->tier_names[i]);
		for (j = 0; j < s->tier_count; j++)
			put(&t, "%s\"%s\": %lld", j ? ", " : "", s->tier_names[j],
			    (long long)s->migration[i + 1][j]);
		put(&t, "}");
	}
	put(&t, "\n  },\n  \"nps\": ");
	json_ratio_open(&t, s, VIPCARE_KPI_NPS);
	put(&t, ", \"promoters\": %lld, \"passives\": %lld, \"detractors\": %lld},\n",
	    (long long)k[K_NPS_PROMOTERS], (long long)k[K_NPS_PASSIVES], (long long)k[K_NPS_DETRACTORS]);
	put(&t, "  \"csat\": ");
	json_ratio(&t, s, VIPCARE_KPI_CSAT);
	put(&t, ",\n  \"service\": {\"opened\": %lld, \"answered\": %lld, \"complaints\": %lld, ",
	    (long long)k[K_SERVICE_OPENED], (long long)k[K_SERVICE_ANSWERED],
	    (long long)k[K_SERVICE_COMPLAINTS]);
	for (i = 50; i <= 90; i += 40) {
		p = vipcare__kpi_percentile(s, i);
		if (p < 0)
			put(&t, "\"first_response_p%d\": null, ", i);
		else
			put(&t, "\"first_response_p%d\": %lld, ", i, (long long)p);
	}
	put(&t, "\"within_sla\": ");
	json_ratio(&t, s, VIPCARE_KPI_SERVICE_WITHIN_SLA);
	put(&t, ", \"complaints_per_1000_active\": ");
	json_ratio(&t, s, VIPCARE_KPI_SERVICE_COMPLAINTS_PER_1000_ACTIVE);
	put(&t, "},\n  \"care\": {\"due\": %lld, \"done\": ", (long long)k[K_CARE_DUE]);
	json_ratio(&t, s, VIPCARE_KPI_CARE_DONE);
	put(&t, ", \"done_on_time\": ");
	json_ratio(&t, s, VIPCARE_KPI_CARE_DONE_ON_TIME);
	put(&t, ", \"conversion\": ");
	json_ratio(&t, s, VIPCARE_KPI_CARE_CONVERSION);
	put(&t, ", \"conversion_sales\": \"");
	put_money(&t, k[K_CARE_CONVERSION_SALES]);
	put(&t, "\"},\n  \"points\": {\"issued\": %lld, \"redeemed\": %lld, \"expired\": %lld, "
	    "\"outstanding\": %lld}\n}\n",
	    (long long)k[K_POINTS_ISSUED], (long long)k[K_POINTS_REDEEMED],
	    (long long)k[K_POINTS_EXPIRED], (long long)k[K_POINTS_OUTSTANDING]);
	return finish(&t, out);
}

/* One CSV row kpi,value,num,den for a KPI. */
static void csv_kpi(struct text *t, const struct vipcare_kpi_state *s, int kpi)
{
	int64_t num, den;
	enum unit u = unit_of(kpi);

	vipcare_kpi_get(s, kpi, &num, &den);
	put(t, "%s,", vipcare_kpi_name(kpi));
	switch (u) {
	case PLAIN:
		put(t, "%lld,%lld,1\n", (long long)num, (long long)num);
		return;
	case MONEY:
		put_money(t, num);
		put(t, ",");
		put_money(t, num);
		put(t, ",1\n");
		return;
	case MONEY_RATIO:
		if (den != 0)
			put_money(t, rounded_quotient(num, den));
		put(t, ",");
		put_money(t, num);
		put(t, ",%lld\n", (long long)den);
		return;
	case MINUTES:
		if (den != 0)
			put(t, "%lld", (long long)num);
		put(t, ",%lld,%lld\n", (long long)num, (long long)den);
		return;
	default:
		if (den != 0)
			put_ratio_value(t, num, den, u == PER_100 ? 100 : u == PER_1000 ? 1000 : 1);
		if (kpi == VIPCARE_KPI_VIP_SALES_SHARE) {
			put(t, ",");
			put_money(t, num);
			put(t, ",");
			put_money(t, den);
			put(t, "\n");
		} else {
			put(t, ",%lld,%lld\n", (long long)num, (long long)den);
		}
		return;
	}
}

VIPCARE_API int vipcare_kpi_state_to_csv(const struct vipcare_kpi_state *s, char **out)
{
	struct text t;
	int i, j;

	if (out != NULL)
		*out = NULL;
	if (s == NULL || out == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	if (start(&t) != VIPCARE_OK)
		return VIPCARE_E_NO_MEMORY;
	put(&t, "kpi,value,num,den\n");
	for (i = 0; i < VIPCARE__KPI_COUNT; i++)
		csv_kpi(&t, s, i);
	for (i = 0; i < s->tier_count; i++) {
		const char *name = s->tier_names[i];

		put(&t, "tier.%s.customers,%lld,%lld,1\n", name, (long long)s->tier_customers[i],
		    (long long)s->tier_customers[i]);
		put(&t, "tier.%s.sales_net,", name);
		put_money(&t, s->tier_sales_net[i]);
		put(&t, ",");
		put_money(&t, s->tier_sales_net[i]);
		put(&t, ",1\ntier.%s.sales_count,%lld,%lld,1\n", name, (long long)s->tier_sales_count[i],
		    (long long)s->tier_sales_count[i]);
		put(&t, "tier.%s.avg_ticket,", name);
		if (s->tier_sales_count[i] != 0)
			put_money(&t, rounded_quotient(s->tier_sales_net[i], s->tier_sales_count[i]));
		put(&t, ",");
		put_money(&t, s->tier_sales_net[i]);
		put(&t, ",%lld\n", (long long)s->tier_sales_count[i]);
	}
	for (i = -1; i < s->tier_count; i++) {
		for (j = 0; j < s->tier_count; j++) {
			int64_t n = s->migration[i + 1][j];

			put(&t, "migration.%s.%s,%lld,%lld,1\n", i < 0 ? "none" : s->tier_names[i],
			    s->tier_names[j], (long long)n, (long long)n);
		}
	}
	return finish(&t, out);
}

/* ---------------------------------------------------------------- targets */

/* The sign and magnitude of a x b. */
static int signed_product(int64_t a, uint64_t b_mag, int b_negative, struct u128 *mag)
{
	*mag = mul64(magnitude(a), b_mag);
	if (mag->hi == 0 && mag->lo == 0)
		return 0;
	return (a < 0) != b_negative ? -1 : 1;
}

/* Compares x = sx|mx with y = sy|my. */
static int compare_signed(int sx, struct u128 mx, int sy, struct u128 my)
{
	if (sx != sy)
		return sx < sy ? -1 : 1;
	if (sx == 0)
		return 0;
	return sx > 0 ? cmp128(mx, my) : -cmp128(mx, my);
}

VIPCARE_API int vipcare_kpi_target_check(const struct vipcare_kpi_state *s,
					 const struct vipcare_policy *p, int kpi)
{
	int64_t num, den, target;
	struct u128 left, right;
	int op, sl, sr, c;

	if (s == NULL || p == NULL || vipcare_kpi_get(s, kpi, &num, &den) != VIPCARE_OK)
		return VIPCARE_E_INVALID_ARGUMENT;
	op = vipcare_policy_target(p, kpi, &target);
	if (op < 0)
		return op;
	if (op == VIPCARE_TARGET_NONE || den == 0)
		return VIPCARE_TARGET_UNJUDGED;
	/* num / den x factor / 1e6 against target / 1e6: num x factor against target x den */
	sl = signed_product(num, micros_factor(unit_of(kpi)), den < 0, &left);
	sr = signed_product(target, magnitude(den), 0, &right);
	c = compare_signed(sl, left, sr, right);
	if (op == VIPCARE_TARGET_MIN)
		return c >= 0 ? VIPCARE_TARGET_MET : VIPCARE_TARGET_MISSED;
	return c <= 0 ? VIPCARE_TARGET_MET : VIPCARE_TARGET_MISSED;
}
