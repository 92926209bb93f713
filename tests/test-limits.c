/*
 * Numbers at the edges of their types, on every platform: money at the
 * int64_t limits, dates at 1900-01-01 and 9999-12-31, timestamps beyond a
 * 32-bit time_t, a customer's sums up to what the engine adds exactly, and
 * quotas and quantities at their documented maxima.
 *
 * It runs on x86-64 and, in scripts/stages/50-cross.sh, on 32-bit ARM
 * (armhf: 32-bit long, size_t and time_t), big-endian s390x and Windows
 * (LLP64: 32-bit long), where a value that went through a long, a double
 * or a time_t comes out different.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include <vipcare/vipcare.h>

#include "engine-private.h" /* VIPCARE__GROSS_MAX: the bound the engine sums within */
#include "helpers.h"

/* A value a failed call must leave alone. */
#define SENTINEL INT64_C(-4242424242)

static int64_t money_of(const char *text)
{
	int64_t v = SENTINEL;

	assert_int_equal(vipcare_money_parse(&v, text, strlen(text), NULL, 0), VIPCARE_OK);
	return v;
}

static void expect_money_refused(const char *text)
{
	char err[VIPCARE_ERRBUF_SIZE] = "";
	int64_t v = SENTINEL;

	assert_int_equal(vipcare_money_parse(&v, text, strlen(text), err, sizeof(err)),
			 VIPCARE_E_MONEY);
	assert_true(v == SENTINEL);
	assert_non_null(strstr(err, "out of range"));
}

static void expect_money_text(int64_t amount, const char *text)
{
	char buf[VIPCARE_MONEY_BUFSIZE];

	assert_int_equal(vipcare_money_format(buf, sizeof(buf), amount), VIPCARE_OK);
	assert_string_equal(buf, text);
	assert_true(money_of(text) == amount);
}

static void test_money_at_int64_limits(void **state)
{
	(void)state;
	assert_true(money_of("92233720368547758.07") == INT64_MAX);
	assert_true(money_of("-92233720368547758.08") == INT64_MIN);
	assert_true(money_of("92233720368547758.06") == INT64_MAX - 1);
	assert_true(money_of("-92233720368547758.07") == INT64_MIN + 1);
	/* INT64_MAX - 7 minor units, written without fraction digits */
	assert_true(money_of("92233720368547758") == INT64_C(9223372036854775800));
	assert_true(money_of("-92233720368547758") == INT64_C(-9223372036854775800));
}

static void test_money_overflow_refused_not_wrapped(void **state)
{
	(void)state;
	/* one minor unit past each end */
	expect_money_refused("92233720368547758.08");
	expect_money_refused("-92233720368547758.09");
	/* the fraction's implied zero is what overflows */
	expect_money_refused("92233720368547758.1");
	expect_money_refused("92233720368547759");
	/* INT64_MAX as whole units: 100 times too large */
	expect_money_refused("9223372036854775807");
	/* 2^64 minor units would wrap to 0 in uint64_t, 2^64 + 5 to 5 */
	expect_money_refused("184467440737095516.16");
	expect_money_refused("184467440737095516.21");
	expect_money_refused("-184467440737095516.16");
	/* many digits, leading zeros included */
	expect_money_refused("100000000000000000000000000000.00");
	assert_true(money_of("00000000000000000000000000000000000012.34") == 1234);
}

static void test_money_text_round_trips(void **state)
{
	char buf[VIPCARE_MONEY_BUFSIZE];

	(void)state;
	expect_money_text(INT64_MAX, "92233720368547758.07");
	expect_money_text(INT64_MIN, "-92233720368547758.08");
	expect_money_text(INT64_MAX - 1, "92233720368547758.06");
	expect_money_text(INT64_MIN + 1, "-92233720368547758.07");
	/* wrong if the amount went through a double (2^53 + 1) */
	expect_money_text(INT64_C(9007199254740993), "90071992547409.93");
	expect_money_text(INT64_C(-9007199254740993), "-90071992547409.93");
	/* wrong if it went through a 32-bit long */
	expect_money_text(INT64_C(2147483648), "21474836.48");
	expect_money_text(INT64_C(-2147483649), "-21474836.49");
	expect_money_text(INT64_C(4294967296), "42949672.96");
	expect_money_text(INT64_C(1000000000000000), "10000000000000.00");
	/* the longest text, 21 bytes and a NUL, fits VIPCARE_MONEY_BUFSIZE exactly enough */
	assert_int_equal(vipcare_money_format(buf, 21, INT64_MIN), VIPCARE_E_BUFFER_TOO_SMALL);
	assert_string_equal(buf, "");
	assert_int_equal(vipcare_money_format(buf, 22, INT64_MIN), VIPCARE_OK);
	assert_string_equal(buf, "-92233720368547758.08");
}

static void expect_date(const char *text, int32_t date, int weekday)
{
	char buf[VIPCARE_DATE_BUFSIZE];

	assert_int_equal(day_of(text), date);
	assert_int_equal(vipcare_date_format(buf, sizeof(buf), date), VIPCARE_OK);
	assert_string_equal(buf, text);
	assert_int_equal(vipcare_date_weekday(date), weekday);
}

static void expect_timestamp(const char *text, int64_t ts, int32_t date)
{
	char buf[VIPCARE_TIMESTAMP_BUFSIZE];

	assert_true(ts_of(text) == ts);
	assert_int_equal(vipcare_timestamp_format(buf, sizeof(buf), ts), VIPCARE_OK);
	assert_string_equal(buf, text);
	assert_int_equal(vipcare_timestamp_date(ts), date);
}

static void test_calendar_ends(void **state)
{
	int32_t d = 12345, y = 0, m = 0, dd = 0;

	(void)state;
	expect_date("1900-01-01", VIPCARE_DATE_MIN, 1); /* a Monday */
	expect_date("9999-12-31", VIPCARE_DATE_MAX, 5); /* a Friday */
	assert_int_equal(vipcare_date_to_ymd(VIPCARE_DATE_MAX, &y, &m, &dd), VIPCARE_OK);
	assert_int_equal(y, 9999);
	assert_int_equal(m, 12);
	assert_int_equal(dd, 31);
	assert_int_equal(vipcare_date_to_ymd(VIPCARE_DATE_MAX + 1, &y, NULL, NULL), VIPCARE_E_DATE);
	assert_int_equal(vipcare_date_to_ymd(VIPCARE_DATE_MIN - 1, &y, NULL, NULL), VIPCARE_E_DATE);
	assert_int_equal(y, 9999);

	/* months added up to the last valid month, and not one further */
	assert_int_equal(vipcare_date_add_months(&d, day_of("9999-11-30"), 1), VIPCARE_OK);
	assert_int_equal(d, day_of("9999-12-30"));
	/* (9999 - 1900) * 12 + 11 months from 1900-01-01 */
	assert_int_equal(vipcare_date_add_months(&d, VIPCARE_DATE_MIN, 97199), VIPCARE_OK);
	assert_int_equal(d, day_of("9999-12-01"));
	d = 12345;
	assert_int_equal(vipcare_date_add_months(&d, VIPCARE_DATE_MIN, 97200), VIPCARE_E_DATE);
	assert_int_equal(vipcare_date_add_months(&d, VIPCARE_DATE_MAX, 1), VIPCARE_E_DATE);
	assert_int_equal(vipcare_date_add_months(&d, VIPCARE_DATE_MIN, -1), VIPCARE_E_DATE);
	assert_int_equal(vipcare_date_add_months(&d, VIPCARE_DATE_MIN, INT32_MAX), VIPCARE_E_DATE);
	assert_int_equal(vipcare_date_add_months(&d, VIPCARE_DATE_MAX, INT32_MIN), VIPCARE_E_DATE);
	assert_int_equal(d, 12345);

	/* timestamps at both ends, and where a 32-bit time_t ends */
	expect_timestamp("1900-01-01T00:00:00", INT64_C(-2208988800), VIPCARE_DATE_MIN);
	expect_timestamp("9999-12-31T23:59:59", INT64_C(253402300799), VIPCARE_DATE_MAX);
	expect_timestamp("1901-12-13T20:45:51", INT64_C(-2147483649), day_of("1901-12-13"));
	expect_timestamp("1901-12-13T20:45:52", INT64_C(-2147483648), day_of("1901-12-13"));
	expect_timestamp("2038-01-19T03:14:07", INT64_C(2147483647), day_of("2038-01-19"));
	expect_timestamp("2038-01-19T03:14:08", INT64_C(2147483648), day_of("2038-01-19"));
	expect_timestamp("2106-02-07T06:28:16", INT64_C(4294967296), day_of("2106-02-07"));
	/* the second before 1970 is on the day before (rounding to the past) */
	expect_timestamp("1969-12-31T23:59:59", INT64_C(-1), -1);
	assert_int_equal(vipcare_timestamp_date(VIPCARE_TIMESTAMP_MIN - 1), VIPCARE_DATE_NONE);
	assert_int_equal(vipcare_timestamp_date(VIPCARE_TIMESTAMP_MAX + 1), VIPCARE_DATE_NONE);
}

static void test_transaction_amount_bounds(void **state)
{
	struct vipcare_transaction *t = NULL;

	(void)state;
	assert_int_equal(vipcare_transaction_new(&t), VIPCARE_OK);
	assert_int_equal(vipcare_transaction_set_amount(t, VIPCARE_AMOUNT_MAX), VIPCARE_OK);
	assert_true(vipcare_transaction_amount(t) == INT64_C(1000000000000000));
	assert_int_equal(vipcare_transaction_set_amount(t, VIPCARE_AMOUNT_MAX + 1), VIPCARE_E_MONEY);
	assert_int_equal(vipcare_transaction_set_amount(t, INT64_MAX), VIPCARE_E_MONEY);
	assert_int_equal(vipcare_transaction_set_amount(t, INT64_MIN), VIPCARE_E_MONEY);
	assert_int_equal(vipcare_transaction_set_amount(t, 0), VIPCARE_E_MONEY);
	assert_int_equal(vipcare_transaction_set_amount(t, -1), VIPCARE_E_MONEY);
	/* a refused amount leaves the one before */
	assert_true(vipcare_transaction_amount(t) == VIPCARE_AMOUNT_MAX);
	assert_int_equal(vipcare_transaction_set_amount(t, 1), VIPCARE_OK);
	assert_true(vipcare_transaction_amount(t) == 1);
	/* timestamps: the valid range, not time_t's */
	assert_int_equal(vipcare_transaction_set_timestamp(t, VIPCARE_TIMESTAMP_MAX), VIPCARE_OK);
	assert_int_equal(vipcare_transaction_set_timestamp(t, VIPCARE_TIMESTAMP_MAX + 1),
			 VIPCARE_E_TIMESTAMP);
	assert_int_equal(vipcare_transaction_set_timestamp(t, INT64_MIN), VIPCARE_E_TIMESTAMP);
	assert_true(vipcare_transaction_timestamp(t) == INT64_C(253402300799));
	vipcare_transaction_unref(t);
}

/*
 * Records @n transactions of @amount for @customer, one per second from
 * @first, ids PREFIX-0, PREFIX-1, ... Returns the status of the first
 * failure, or VIPCARE_OK.
 */
static int record_many(struct vipcare_engine *e, const char *prefix, const char *customer,
		       int64_t first, int n, int64_t amount, int kind, int days_apart)
{
	struct vipcare_transaction *t = NULL;
	char id[VIPCARE_ID_MAX + 1];
	int i, rc = VIPCARE_OK;

	assert_int_equal(vipcare_transaction_new(&t), VIPCARE_OK);
	assert_int_equal(vipcare_transaction_set_customer(t, customer), VIPCARE_OK);
	assert_int_equal(vipcare_transaction_set_amount(t, amount), VIPCARE_OK);
	assert_int_equal(vipcare_transaction_set_kind(t, kind), VIPCARE_OK);
	for (i = 0; i < n && rc == VIPCARE_OK; i++) {
		snprintf(id, sizeof(id), "%s-%d", prefix, i);
		assert_int_equal(vipcare_transaction_set_id(t, id), VIPCARE_OK);
		/* spread over days_apart distinct days, one second apart within a day */
		assert_int_equal(vipcare_transaction_set_timestamp(
					 t, first + (int64_t)(i % days_apart) * 86400 + i / days_apart),
				 VIPCARE_OK);
		rc = vipcare_engine_add_transaction(e, t);
	}
	vipcare_transaction_unref(t);
	return rc;
}

/*
 * The engine sums a customer's amounts exactly while their gross (sales
 * plus refunds) stays within VIPCARE__GROSS_MAX (2^61 - 1), and refuses the
 * transaction that would pass it with VIPCARE_E_LIMIT (engine.h), changing
 * nothing.
 */
#define FULL_SALES ((int)(VIPCARE__GROSS_MAX / VIPCARE_AMOUNT_MAX))
#define REST (VIPCARE__GROSS_MAX % VIPCARE_AMOUNT_MAX)

static void test_sales_summed_exactly_up_to_the_limit(void **state)
{
	struct vipcare_engine *e = NULL;
	struct vipcare_score *s = NULL;
	const int32_t asof = day_of("2025-12-31");

	(void)state;
	assert_true(VIPCARE__GROSS_MAX == INT64_C(2305843009213693951));
	assert_int_equal(FULL_SALES, 2305);
	assert_true(REST == INT64_C(843009213693951));
	assert_int_equal(vipcare_engine_new(&e, NULL), VIPCARE_OK);
	assert_int_equal(vipcare_score_new(&s), VIPCARE_OK);

	/* 2305 sales of 10^15 on 61 distinct days of 2025, then the rest */
	assert_int_equal(record_many(e, "MAX", "WHALE", ts_of("2025-10-01T10:00"), FULL_SALES,
				     VIPCARE_AMOUNT_MAX, VIPCARE_TXN_SALE, 61),
			 VIPCARE_OK);
	assert_int_equal(record(e, "REST", "WHALE", "2025-12-31T12:00", REST, VIPCARE_TXN_SALE, NULL),
			 VIPCARE_OK);
	assert_int_equal(vipcare_engine_transaction_count(e), (size_t)FULL_SALES + 1);

	/* one minor unit more is refused, and nothing of it stays */
	assert_int_equal(record(e, "ONE-MORE", "WHALE", "2025-12-31T12:01", 1, VIPCARE_TXN_SALE, NULL),
			 VIPCARE_E_LIMIT);
	assert_non_null(strstr(vipcare_engine_last_error(e), "\"ONE-MORE\""));
	assert_non_null(strstr(vipcare_engine_last_error(e), "sums exactly"));
	/* a refund adds to the gross as well */
	assert_int_equal(record(e, "BACK", "WHALE", "2025-12-31T12:02", 1, VIPCARE_TXN_REFUND, "MAX-0"),
			 VIPCARE_E_LIMIT);
	assert_int_equal(vipcare_engine_transaction_count(e), (size_t)FULL_SALES + 1);
	assert_int_equal(vipcare_engine_customer_count(e), 1);

	assert_int_equal(vipcare_engine_score(e, "WHALE", asof, s), VIPCARE_OK);
	assert_true(vipcare_score_net_spend(s) == INT64_C(2305843009213693951));
	assert_true(vipcare_score_lifetime_spend(s) == INT64_C(2305843009213693951));
	assert_int_equal(vipcare_score_visits(s), 62); /* 61 days from 1 Oct, and 31 Dec */
	assert_int_equal(vipcare_score_first_sale(s), day_of("2025-10-01"));
	assert_int_equal(vipcare_score_last_sale(s), asof);
	assert_string_equal(vipcare_score_tier_name(s), "diamond");
	assert_int_equal(vipcare_score_next_tier(s), -1);
	assert_true(vipcare_score_spend_to_next(s) == 0);

	/* another customer is not affected by the first one's limit */
	sale(e, "OTHER", "MINNOW", "2025-12-31T12:03", VIPCARE_AMOUNT_MAX);
	assert_int_equal(vipcare_engine_score(e, "MINNOW", asof, s), VIPCARE_OK);
	assert_true(vipcare_score_net_spend(s) == VIPCARE_AMOUNT_MAX);

	vipcare_score_unref(s);
	vipcare_engine_unref(e);
}

/* Refunds of unknown sales take the net spend to minus the limit. */
static void test_refunds_summed_exactly_to_the_negative_limit(void **state)
{
	struct vipcare_engine *e = NULL;
	struct vipcare_score *s = NULL;
	const int32_t asof = day_of("2025-12-31");

	(void)state;
	assert_int_equal(vipcare_engine_new(&e, NULL), VIPCARE_OK);
	assert_int_equal(vipcare_score_new(&s), VIPCARE_OK);
	assert_int_equal(record_many(e, "RF", "RETURNER", ts_of("2025-06-01T09:00"), FULL_SALES,
				     VIPCARE_AMOUNT_MAX, VIPCARE_TXN_REFUND, 7),
			 VIPCARE_OK);
	assert_int_equal(record(e, "RF-REST", "RETURNER", "2025-12-30T09:00", REST, VIPCARE_TXN_REFUND,
				"UNKNOWN-SALE"),
			 VIPCARE_OK);
	assert_int_equal(record(e, "RF-MORE", "RETURNER", "2025-12-30T09:01", 1, VIPCARE_TXN_REFUND, NULL),
			 VIPCARE_E_LIMIT);

	assert_int_equal(vipcare_engine_score(e, "RETURNER", asof, s), VIPCARE_OK);
	assert_true(vipcare_score_net_spend(s) == -INT64_C(2305843009213693951));
	assert_true(vipcare_score_lifetime_spend(s) == -INT64_C(2305843009213693951));
	assert_int_equal(vipcare_score_visits(s), 0); /* a refund is never a visit */
	assert_int_equal(vipcare_score_first_sale(s), VIPCARE_DATE_NONE);
	assert_string_equal(vipcare_score_tier_name(s), "member");
	/* gold's 10,000.00 minus a net spend of -2305843009213693951 */
	assert_string_equal(vipcare_score_next_tier_name(s), "gold");
	assert_true(vipcare_score_spend_to_next(s) == INT64_C(2305843009214693951));

	vipcare_score_unref(s);
	vipcare_engine_unref(e);
}

/* The first and the last valid second, in one customer's history. */
static void test_sales_on_the_first_and_last_valid_day(void **state)
{
	struct vipcare_engine *e = NULL;
	struct vipcare_score *s = NULL;
	struct vipcare_transaction *t = NULL;
	int32_t joined = 0;

	(void)state;
	assert_int_equal(vipcare_engine_new(&e, NULL), VIPCARE_OK);
	assert_int_equal(vipcare_score_new(&s), VIPCARE_OK);
	assert_int_equal(vipcare_transaction_new(&t), VIPCARE_OK);
	sale(e, "FIRST", "ETERNAL", "1900-01-01T00:00:00", 123456);
	sale(e, "LAST", "ETERNAL", "9999-12-31T23:59:59", VIPCARE_AMOUNT_MAX);

	assert_int_equal(vipcare_engine_get_transaction(e, "FIRST", t), VIPCARE_OK);
	assert_true(vipcare_transaction_timestamp(t) == VIPCARE_TIMESTAMP_MIN);
	assert_int_equal(vipcare_engine_get_transaction(e, "LAST", t), VIPCARE_OK);
	assert_true(vipcare_transaction_timestamp(t) == VIPCARE_TIMESTAMP_MAX);
	assert_true(vipcare_transaction_amount(t) == VIPCARE_AMOUNT_MAX);
	assert_int_equal(vipcare_engine_effective_joined(e, "ETERNAL", &joined), VIPCARE_OK);
	assert_int_equal(joined, VIPCARE_DATE_MIN);

	/* as of the first day: only the first sale */
	assert_int_equal(vipcare_engine_score(e, "ETERNAL", VIPCARE_DATE_MIN, s), VIPCARE_OK);
	assert_true(vipcare_score_net_spend(s) == 123456);
	assert_int_equal(vipcare_score_first_sale(s), VIPCARE_DATE_MIN);
	assert_int_equal(vipcare_score_last_sale(s), VIPCARE_DATE_MIN);
	assert_string_equal(vipcare_score_tier_name(s), "member");

	/* as of the last day: the window holds the last sale, the lifetime both */
	assert_int_equal(vipcare_engine_score(e, "ETERNAL", VIPCARE_DATE_MAX, s), VIPCARE_OK);
	assert_true(vipcare_score_net_spend(s) == VIPCARE_AMOUNT_MAX);
	assert_true(vipcare_score_lifetime_spend(s) == VIPCARE_AMOUNT_MAX + 123456);
	assert_int_equal(vipcare_score_visits(s), 1);
	assert_int_equal(vipcare_score_first_sale(s), VIPCARE_DATE_MIN);
	assert_int_equal(vipcare_score_last_sale(s), VIPCARE_DATE_MAX);
	assert_string_equal(vipcare_score_tier_name(s), "platinum");
	assert_string_equal(vipcare_score_next_tier_name(s), "diamond");
	assert_true(vipcare_score_spend_to_next(s) == 0);
	assert_int_equal(vipcare_score_visits_to_next(s), 51);
	/* held 364 days past the last sale, beyond the calendar: through its last day */
	assert_int_equal(vipcare_score_tier_expires(s), VIPCARE_DATE_MAX);

	assert_int_equal(vipcare_engine_score(e, "ETERNAL", VIPCARE_DATE_MAX + 1, s), VIPCARE_E_DATE);
	assert_int_equal(vipcare_engine_score(e, "ETERNAL", VIPCARE_DATE_MIN - 1, s), VIPCARE_E_DATE);

	vipcare_transaction_unref(t);
	vipcare_score_unref(s);
	vipcare_engine_unref(e);
}

/* A tier threshold at its largest value, met to the minor unit. */
static void test_threshold_at_its_maximum(void **state)
{
	struct vipcare_policy *p = NULL;
	struct vipcare_engine *e = NULL;
	struct vipcare_score *s = NULL;
	int64_t spend = 0;
	const int32_t asof = day_of("2025-12-31");

	(void)state;
	assert_int_equal(vipcare_policy_new(&p), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_tier_min_spend(p, 3, 1, INT64_C(1000000000000001)),
			 VIPCARE_E_RANGE);
	assert_int_equal(vipcare_policy_set_tier_min_spend(p, 3, 1, INT64_MAX), VIPCARE_E_RANGE);
	assert_int_equal(vipcare_policy_set_tier_min_spend(p, 3, 1, INT64_C(1000000000000000)),
			 VIPCARE_OK);
	assert_int_equal(vipcare_policy_tier_min_spend(p, 3, &spend), 1);
	assert_true(spend == INT64_C(1000000000000000));
	assert_int_equal(vipcare_policy_set_tier_min_visits(p, 3, 1, 36526), VIPCARE_E_RANGE);
	assert_int_equal(vipcare_policy_set_tier_min_visits(p, 3, 0, 0), VIPCARE_OK);
	assert_int_equal(vipcare_policy_validate(p), VIPCARE_OK);
	assert_int_equal(vipcare_engine_new(&e, p), VIPCARE_OK);
	assert_int_equal(vipcare_score_new(&s), VIPCARE_OK);

	sale(e, "A1", "ALMOST", "2025-12-31T10:00", VIPCARE_AMOUNT_MAX - 1);
	sale(e, "E1", "EXACT", "2025-12-31T10:00", VIPCARE_AMOUNT_MAX);
	assert_int_equal(vipcare_engine_score(e, "ALMOST", asof, s), VIPCARE_OK);
	assert_string_equal(vipcare_score_tier_name(s), "platinum");
	assert_true(vipcare_score_spend_to_next(s) == 1);
	assert_int_equal(vipcare_engine_score(e, "EXACT", asof, s), VIPCARE_OK);
	assert_string_equal(vipcare_score_tier_name(s), "diamond");
	assert_int_equal(vipcare_score_decided_by(s), VIPCARE_DECIDED_BY_METRICS);

	vipcare_score_unref(s);
	vipcare_engine_unref(e);
	vipcare_policy_unref(p);
}

/* Quotas and quantities at their documented maximum, 1,000,000. */
static void test_quota_and_quantity_at_their_maximum(void **state)
{
	struct vipcare_policy *p = NULL;
	struct vipcare_engine *e = NULL;
	struct vipcare_checkout *c = NULL;
	size_t index = 0;
	int period = -1;
	int32_t count = 0;
	const int64_t at = ts_of("2025-05-05T10:00");

	(void)state;
	assert_int_equal(vipcare_policy_new(&p), VIPCARE_OK);
	assert_int_equal(vipcare_policy_add_benefit(p, "stamp", &index), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_benefit_quota(p, index, -1, VIPCARE_PERIOD_LIFETIME,
							  1000001),
			 VIPCARE_E_RANGE);
	assert_int_equal(vipcare_policy_set_benefit_quota(p, index, -1, VIPCARE_PERIOD_LIFETIME,
							  INT32_MAX),
			 VIPCARE_E_RANGE);
	assert_int_equal(vipcare_policy_set_benefit_quota(p, index, -1, VIPCARE_PERIOD_LIFETIME,
							  1000000),
			 VIPCARE_OK);
	assert_int_equal(vipcare_policy_benefit_quota(p, index, 0, &period, &count), 1);
	assert_int_equal(period, VIPCARE_PERIOD_LIFETIME);
	assert_int_equal(count, 1000000);
	assert_int_equal(vipcare_engine_new(&e, p), VIPCARE_OK);
	assert_int_equal(vipcare_checkout_new(&c), VIPCARE_OK);
	sale(e, "S1", "COLLECTOR", "2025-05-01T10:00", 100);

	assert_int_equal(vipcare_engine_redeem(e, "R0", "COLLECTOR", "stamp", at, 1000001, c),
			 VIPCARE_E_RANGE);
	assert_int_equal(vipcare_engine_redeem(e, "R0", "COLLECTOR", "stamp", at, INT32_MAX, c),
			 VIPCARE_E_RANGE);
	assert_int_equal(vipcare_engine_redeem(e, "R0", "COLLECTOR", "stamp", at, 0, c),
			 VIPCARE_E_RANGE);
	assert_int_equal(vipcare_engine_redemption_count(e), 0);
	assert_int_equal(vipcare_engine_redeem(e, "R1", "COLLECTOR", "stamp", at, 999999, c),
			 VIPCARE_OK);
	assert_int_equal(vipcare_checkout_left(c, 0), 1);
	assert_int_equal(vipcare_engine_redeem(e, "R2", "COLLECTOR", "stamp", at, 2, c),
			 VIPCARE_E_REFUSED);
	assert_int_equal(vipcare_checkout_reason(c, 0), VIPCARE_REASON_QUOTA_EXHAUSTED);
	assert_int_equal(vipcare_engine_redeem(e, "R3", "COLLECTOR", "stamp", at, 1, c), VIPCARE_OK);
	assert_int_equal(vipcare_checkout_left(c, 0), 0);
	assert_int_equal(vipcare_engine_redemption_count(e), 2);

	vipcare_checkout_unref(c);
	vipcare_engine_unref(e);
	vipcare_policy_unref(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_money_at_int64_limits),
		cmocka_unit_test(test_money_overflow_refused_not_wrapped),
		cmocka_unit_test(test_money_text_round_trips),
		cmocka_unit_test(test_calendar_ends),
		cmocka_unit_test(test_transaction_amount_bounds),
		cmocka_unit_test(test_sales_summed_exactly_up_to_the_limit),
		cmocka_unit_test(test_refunds_summed_exactly_to_the_negative_limit),
		cmocka_unit_test(test_sales_on_the_first_and_last_valid_day),
		cmocka_unit_test(test_threshold_at_its_maximum),
		cmocka_unit_test(test_quota_and_quantity_at_their_maximum),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
