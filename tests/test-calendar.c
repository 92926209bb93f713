/*
 * libvipcare — tests of dates, timestamps and money (calendar.h).
 * Expected day and second counts were taken from GNU date(1), not from
 * the library.
 * SPDX-License-Identifier: MIT
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include <vipcare/vipcare.h>

#define SENTINEL_DATE INT32_C(-424242)
#define SENTINEL_I64 INT64_C(-4242424242)

static int parse_date(const char *text, int32_t *out)
{
	return vipcare_date_parse(out, text, strlen(text), NULL, 0);
}

/* The date of a literal that must parse; for readable expectations. */
static int32_t date_of(const char *text)
{
	int32_t d = SENTINEL_DATE;

	assert_int_equal(parse_date(text, &d), VIPCARE_OK);
	return d;
}

/* Parses @text, expects VIPCARE_E_DATE, @out untouched and @reason in the message. */
static void expect_bad_date(const char *text, const char *reason)
{
	char err[VIPCARE_ERRBUF_SIZE] = "";
	char quoted[64];
	int32_t d = SENTINEL_DATE;

	assert_int_equal(vipcare_date_parse(&d, text, strlen(text), err, sizeof(err)),
			 VIPCARE_E_DATE);
	assert_int_equal(d, SENTINEL_DATE);
	snprintf(quoted, sizeof(quoted), "\"%s\"", text);
	assert_non_null(strstr(err, quoted));
	assert_non_null(strstr(err, "invalid date"));
	assert_non_null(strstr(err, reason));
}

static void expect_bad_timestamp(const char *text, const char *reason)
{
	char err[VIPCARE_ERRBUF_SIZE] = "";
	char quoted[64];
	int64_t ts = SENTINEL_I64;

	assert_int_equal(vipcare_timestamp_parse(&ts, text, strlen(text), err, sizeof(err)),
			 VIPCARE_E_TIMESTAMP);
	assert_true(ts == SENTINEL_I64);
	snprintf(quoted, sizeof(quoted), "\"%s\"", text);
	assert_non_null(strstr(err, quoted));
	assert_non_null(strstr(err, "invalid timestamp"));
	assert_non_null(strstr(err, reason));
}

static void expect_bad_money(const char *text, const char *reason)
{
	char err[VIPCARE_ERRBUF_SIZE] = "";
	char quoted[64];
	int64_t amount = SENTINEL_I64;

	assert_int_equal(vipcare_money_parse(&amount, text, strlen(text), err, sizeof(err)),
			 VIPCARE_E_MONEY);
	assert_true(amount == SENTINEL_I64);
	snprintf(quoted, sizeof(quoted), "\"%s\"", text);
	assert_non_null(strstr(err, quoted));
	assert_non_null(strstr(err, "invalid amount"));
	assert_non_null(strstr(err, reason));
}

static void expect_date_text(int32_t date, const char *text)
{
	char buf[VIPCARE_DATE_BUFSIZE];

	assert_int_equal(vipcare_date_format(buf, sizeof(buf), date), VIPCARE_OK);
	assert_string_equal(buf, text);
}

static void expect_timestamp(const char *text, int64_t expected)
{
	char err[VIPCARE_ERRBUF_SIZE] = "";
	int64_t ts = SENTINEL_I64;

	assert_int_equal(vipcare_timestamp_parse(&ts, text, strlen(text), err, sizeof(err)),
			 VIPCARE_OK);
	assert_true(ts == expected);
	assert_string_equal(err, "");
}

static void expect_money(const char *text, int64_t expected, const char *formatted)
{
	char err[VIPCARE_ERRBUF_SIZE] = "";
	char buf[VIPCARE_MONEY_BUFSIZE];
	int64_t amount = SENTINEL_I64;

	assert_int_equal(vipcare_money_parse(&amount, text, strlen(text), err, sizeof(err)),
			 VIPCARE_OK);
	assert_true(amount == expected);
	assert_int_equal(vipcare_money_format(buf, sizeof(buf), amount), VIPCARE_OK);
	assert_string_equal(buf, formatted);
}

/* ------------------------------------------------------------------ */
/* Dates                                                               */
/* ------------------------------------------------------------------ */

static void test_date_parse_known_days(void **state)
{
	(void)state;
	assert_int_equal(date_of("1970-01-01"), 0);
	assert_int_equal(date_of("1970-01-02"), 1);
	assert_int_equal(date_of("1969-12-31"), -1);
	assert_int_equal(date_of("2000-02-29"), 11016);
	assert_int_equal(date_of("2024-01-01"), 19723);
	assert_int_equal(date_of("2024-03-15"), 19797);
	assert_int_equal(date_of("1960-07-04"), -3468);
	assert_int_equal(date_of("1900-01-01"), VIPCARE_DATE_MIN);
	assert_int_equal(date_of("9999-12-31"), VIPCARE_DATE_MAX);
	assert_int_equal(VIPCARE_DATE_MIN, -25567);
	assert_int_equal(VIPCARE_DATE_MAX, 2932896);
}

static void test_date_parse_compact_form(void **state)
{
	(void)state;
	assert_int_equal(date_of("19700101"), 0);
	assert_int_equal(date_of("20000229"), 11016);
	assert_int_equal(date_of("19000101"), VIPCARE_DATE_MIN);
	assert_int_equal(date_of("99991231"), VIPCARE_DATE_MAX);
	expect_bad_date("20230229", "February 2023 has 28 days");
	expect_bad_date("20231301", "month 13 is not 1..12");
}

static void test_date_parse_not_nul_terminated(void **state)
{
	const char text[] = "2000-02-29XYZ";
	int32_t d = SENTINEL_DATE;

	(void)state;
	assert_int_equal(vipcare_date_parse(&d, text, 10, NULL, 0), VIPCARE_OK);
	assert_int_equal(d, 11016);
	assert_int_equal(vipcare_date_parse(&d, text, 8, NULL, 0), VIPCARE_E_DATE);
	assert_int_equal(d, 11016);
}

static void test_date_leap_years(void **state)
{
	int32_t d = SENTINEL_DATE;

	(void)state;
	assert_int_equal(date_of("2000-02-29") + 1, date_of("2000-03-01"));
	assert_int_equal(date_of("2024-02-29") + 1, date_of("2024-03-01"));
	assert_int_equal(date_of("2024-02-29"), 19782);
	assert_int_equal(date_of("2023-02-28") + 1, date_of("2023-03-01"));
	assert_int_equal(date_of("1900-02-28") + 1, date_of("1900-03-01"));
	assert_int_equal(date_of("2024-12-31") - date_of("2024-01-01"), 365);
	assert_int_equal(date_of("2023-12-31") - date_of("2023-01-01"), 364);
	assert_int_equal(date_of("1900-12-31") - date_of("1900-01-01"), 364);
	assert_int_equal(vipcare_date_from_ymd(&d, 1900, 2, 29), VIPCARE_E_DATE);
	assert_int_equal(vipcare_date_from_ymd(&d, 2100, 2, 29), VIPCARE_E_DATE);
	assert_int_equal(vipcare_date_from_ymd(&d, 2400, 2, 29), VIPCARE_OK);
	assert_int_equal(d, date_of("2400-03-01") - 1);
}

static void test_date_parse_feb29_refused(void **state)
{
	(void)state;
	expect_bad_date("2023-02-29", "February 2023 has 28 days");
	expect_bad_date("1900-02-29", "February 1900 has 28 days");
	expect_bad_date("2024-02-30", "February 2024 has 29 days");
	expect_bad_date("2023-04-31", "April 2023 has 30 days");
}

static void test_date_parse_out_of_range(void **state)
{
	(void)state;
	expect_bad_date("1899-12-31", "before 1900-01-01");
	expect_bad_date("0000-01-01", "before 1900-01-01");
	expect_bad_date("18991231", "before 1900-01-01");
	expect_bad_date("10000-01-01", "expected YYYY-MM-DD or YYYYMMDD");
	expect_bad_date("100000101", "expected YYYY-MM-DD or YYYYMMDD");
}

static void test_date_parse_bad_month_day(void **state)
{
	(void)state;
	expect_bad_date("2023-00-10", "month 0 is not 1..12");
	expect_bad_date("2023-13-01", "month 13 is not 1..12");
	expect_bad_date("2023-99-01", "month 99 is not 1..12");
	expect_bad_date("2023-01-00", "day 0 is not 1..31");
	expect_bad_date("2023-01-32", "January 2023 has 31 days");
	expect_bad_date("2023-12-32", "December 2023 has 31 days");
}

static void test_date_parse_garbage(void **state)
{
	static const char *const bad[] = {
		"", "2023/01/01", "2023-1-01", "2023-01-1", "23-01-01", " 2023-01-01",
		"2023-01-01 ", "2023-01-01T00:00", "+2023-01-01", "-2023-01-01", "2023-01-0a",
		"2023_01_01", "2023-0101", "202301-01", "2023010", "202301011", "abcdefgh",
		"\3772023-01-01", "2023-01-01\n",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char err[VIPCARE_ERRBUF_SIZE] = "";
		int32_t d = SENTINEL_DATE;

		assert_int_equal(vipcare_date_parse(&d, bad[i], strlen(bad[i]), err, sizeof(err)),
				 VIPCARE_E_DATE);
		assert_int_equal(d, SENTINEL_DATE);
		assert_non_null(strstr(err, "invalid date \""));
	}
	expect_bad_date("2023/01/01", "expected YYYY-MM-DD or YYYYMMDD");
	expect_bad_date("", "expected YYYY-MM-DD or YYYYMMDD");
}

static void test_date_parse_embedded_nul(void **state)
{
	char err[VIPCARE_ERRBUF_SIZE] = "";
	int32_t d = SENTINEL_DATE;

	(void)state;
	assert_int_equal(vipcare_date_parse(&d, "2023-01-\0001", 10, err, sizeof(err)),
			 VIPCARE_E_DATE);
	assert_int_equal(d, SENTINEL_DATE);
	assert_non_null(strstr(err, "\"2023-01-\\x001\""));
}

static void test_date_parse_errbuf_optional(void **state)
{
	char err[8];
	int32_t d = SENTINEL_DATE;

	(void)state;
	assert_int_equal(vipcare_date_parse(&d, "2023-02-29", 10, NULL, 0), VIPCARE_E_DATE);
	assert_int_equal(vipcare_date_parse(&d, "2023-02-29", 10, NULL, 100), VIPCARE_E_DATE);
	memset(err, 'x', sizeof(err));
	assert_int_equal(vipcare_date_parse(&d, "2023-02-29", 10, err, 0), VIPCARE_E_DATE);
	assert_int_equal(err[0], 'x');
	/* a short errbuf gets a truncated, still terminated message */
	assert_int_equal(vipcare_date_parse(&d, "2023-02-29", 10, err, sizeof(err)),
			 VIPCARE_E_DATE);
	assert_string_equal(err, "invalid");
	assert_int_equal(d, SENTINEL_DATE);
}

static void test_date_message_fits_errbuf(void **state)
{
	char text[300];
	char err[VIPCARE_ERRBUF_SIZE];
	int32_t d = SENTINEL_DATE;
	int64_t v = SENTINEL_I64;

	(void)state;
	/* the worst case: a long value of control bytes, each quoted as \xNN */
	memset(text, 1, sizeof(text));
	assert_int_equal(vipcare_date_parse(&d, text, sizeof(text), err, sizeof(err)),
			 VIPCARE_E_DATE);
	assert_non_null(strstr(err, "...\": expected YYYY-MM-DD or YYYYMMDD"));
	assert_int_equal(vipcare_timestamp_parse(&v, text, sizeof(text), err, sizeof(err)),
			 VIPCARE_E_TIMESTAMP);
	assert_non_null(strstr(err, "...\": expected YYYY-MM-DDTHH:MM[:SS] or a bare date"));
	memset(text, '9', sizeof(text));
	assert_int_equal(vipcare_money_parse(&v, text, sizeof(text), err, sizeof(err)),
			 VIPCARE_E_MONEY);
	assert_non_null(strstr(err, "...\": out of range -92233720368547758.08 .. "
				    "92233720368547758.07"));
	assert_int_equal(d, SENTINEL_DATE);
	assert_true(v == SENTINEL_I64);
}

static void test_date_from_to_ymd(void **state)
{
	int32_t d = SENTINEL_DATE, y = 0, m = 0, day = 0;

	(void)state;
	assert_int_equal(vipcare_date_from_ymd(&d, 2000, 2, 29), VIPCARE_OK);
	assert_int_equal(d, 11016);
	assert_int_equal(vipcare_date_to_ymd(11016, &y, &m, &day), VIPCARE_OK);
	assert_int_equal(y, 2000);
	assert_int_equal(m, 2);
	assert_int_equal(day, 29);
	assert_int_equal(vipcare_date_to_ymd(VIPCARE_DATE_MIN, &y, NULL, NULL), VIPCARE_OK);
	assert_int_equal(y, 1900);
	assert_int_equal(vipcare_date_to_ymd(VIPCARE_DATE_MAX, NULL, &m, &day), VIPCARE_OK);
	assert_int_equal(m, 12);
	assert_int_equal(day, 31);

	d = SENTINEL_DATE;
	assert_int_equal(vipcare_date_from_ymd(&d, 1899, 12, 31), VIPCARE_E_DATE);
	assert_int_equal(vipcare_date_from_ymd(&d, 10000, 1, 1), VIPCARE_E_DATE);
	assert_int_equal(vipcare_date_from_ymd(&d, 2023, 0, 1), VIPCARE_E_DATE);
	assert_int_equal(vipcare_date_from_ymd(&d, 2023, 13, 1), VIPCARE_E_DATE);
	assert_int_equal(vipcare_date_from_ymd(&d, 2023, 1, 0), VIPCARE_E_DATE);
	assert_int_equal(vipcare_date_from_ymd(&d, 2023, 1, 32), VIPCARE_E_DATE);
	assert_int_equal(vipcare_date_from_ymd(&d, INT32_MIN, INT32_MIN, INT32_MIN),
			 VIPCARE_E_DATE);
	assert_int_equal(vipcare_date_from_ymd(&d, INT32_MAX, INT32_MAX, INT32_MAX),
			 VIPCARE_E_DATE);
	assert_int_equal(d, SENTINEL_DATE);

	y = m = day = 77;
	assert_int_equal(vipcare_date_to_ymd(VIPCARE_DATE_MIN - 1, &y, &m, &day), VIPCARE_E_DATE);
	assert_int_equal(vipcare_date_to_ymd(VIPCARE_DATE_MAX + 1, &y, &m, &day), VIPCARE_E_DATE);
	assert_int_equal(vipcare_date_to_ymd(VIPCARE_DATE_NONE, &y, &m, &day), VIPCARE_E_DATE);
	assert_int_equal(y, 77);
	assert_int_equal(m, 77);
	assert_int_equal(day, 77);
}

static void test_date_format_round_trip(void **state)
{
	static const char *const dates[] = {
		"1900-01-01", "1900-02-28", "1900-03-01", "1969-12-31", "1970-01-01",
		"1999-12-31", "2000-02-29", "2023-02-28", "2024-02-29", "2038-01-19",
		"2100-03-01", "9999-12-30", "9999-12-31",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(dates) / sizeof(dates[0]); i++)
		expect_date_text(date_of(dates[i]), dates[i]);
	expect_date_text(0, "1970-01-01");
	expect_date_text(11016, "2000-02-29");
	expect_date_text(VIPCARE_DATE_MIN, "1900-01-01");
	expect_date_text(VIPCARE_DATE_MAX, "9999-12-31");
	expect_date_text(date_of("20240229"), "2024-02-29");
}

static void test_date_format_errors(void **state)
{
	char buf[VIPCARE_DATE_BUFSIZE];

	(void)state;
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(vipcare_date_format(buf, VIPCARE_DATE_BUFSIZE - 1, 0),
			 VIPCARE_E_BUFFER_TOO_SMALL);
	assert_string_equal(buf, "");
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(vipcare_date_format(buf, 0, 0), VIPCARE_E_BUFFER_TOO_SMALL);
	assert_int_equal(buf[0], 'x');
	assert_int_equal(vipcare_date_format(NULL, 0, 0), VIPCARE_E_BUFFER_TOO_SMALL);
	assert_int_equal(vipcare_date_format(buf, sizeof(buf), VIPCARE_DATE_MIN - 1),
			 VIPCARE_E_DATE);
	assert_string_equal(buf, "");
	assert_int_equal(vipcare_date_format(buf, sizeof(buf), VIPCARE_DATE_MAX + 1),
			 VIPCARE_E_DATE);
	assert_int_equal(vipcare_date_format(buf, sizeof(buf), VIPCARE_DATE_NONE),
			 VIPCARE_E_DATE);
	assert_int_equal(vipcare_date_format(buf, sizeof(buf), INT32_MAX), VIPCARE_E_DATE);
	assert_int_equal(vipcare_date_format(buf, VIPCARE_DATE_BUFSIZE, 0), VIPCARE_OK);
	assert_string_equal(buf, "1970-01-01");
}

static int test_month_days(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return days[m - 1];
}

/* One day of the walk over the whole range, against an independent counter. */
static void check_one_day(int32_t date, int y, int m, int d, int weekday)
{
	char text[VIPCARE_DATE_BUFSIZE], compact[9];
	int32_t ry = 0, rm = 0, rd = 0, back = SENTINEL_DATE;

	if (vipcare_date_to_ymd(date, &ry, &rm, &rd) != VIPCARE_OK || ry != y || rm != m ||
	    rd != d)
		fail_msg("to_ymd(%d) gave %d-%d-%d, expected %d-%d-%d", (int)date, (int)ry,
			 (int)rm, (int)rd, y, m, d);
	if (vipcare_date_from_ymd(&back, y, m, d) != VIPCARE_OK || back != date)
		fail_msg("from_ymd(%d-%d-%d) gave %d, expected %d", y, m, d, (int)back, (int)date);
	if (vipcare_date_format(text, sizeof(text), date) != VIPCARE_OK)
		fail_msg("format(%d) failed", (int)date);
	back = SENTINEL_DATE;
	if (vipcare_date_parse(&back, text, 10, NULL, 0) != VIPCARE_OK || back != date)
		fail_msg("parse(%s) gave %d, expected %d", text, (int)back, (int)date);
	memcpy(compact, text, 4);
	memcpy(compact + 4, text + 5, 2);
	memcpy(compact + 6, text + 8, 2);
	back = SENTINEL_DATE;
	if (vipcare_date_parse(&back, compact, 8, NULL, 0) != VIPCARE_OK || back != date)
		fail_msg("parse(%.8s) gave %d, expected %d", compact, (int)back, (int)date);
	if (vipcare_date_weekday(date) != weekday)
		fail_msg("weekday(%s) gave %d, expected %d", text, vipcare_date_weekday(date),
			 weekday);
}

static void test_date_every_day(void **state)
{
	int y = 1900, m = 1, d = 1, weekday = 1; /* 1900-01-01 was a Monday */
	int32_t date;

	(void)state;
	for (date = VIPCARE_DATE_MIN; date <= VIPCARE_DATE_MAX; date++) {
		check_one_day(date, y, m, d, weekday);
		weekday = weekday % 7 + 1;
		if (++d > test_month_days(y, m)) {
			d = 1;
			if (++m > 12) {
				m = 1;
				y++;
			}
		}
	}
	assert_int_equal(y, 10000);
	assert_int_equal(m, 1);
	assert_int_equal(d, 1);
}

static void test_date_add_months(void **state)
{
	int32_t d = SENTINEL_DATE;

	(void)state;
	assert_int_equal(vipcare_date_add_months(&d, date_of("2024-01-31"), 1), VIPCARE_OK);
	assert_int_equal(d, 19782); /* 2024-02-29 */
	assert_int_equal(vipcare_date_add_months(&d, date_of("2023-01-31"), 1), VIPCARE_OK);
	assert_int_equal(d, 19416); /* 2023-02-28 */
	assert_int_equal(vipcare_date_add_months(&d, date_of("2024-03-31"), -1), VIPCARE_OK);
	assert_int_equal(d, 19782);
	assert_int_equal(vipcare_date_add_months(&d, date_of("2024-01-31"), 0), VIPCARE_OK);
	assert_int_equal(d, date_of("2024-01-31"));
	assert_int_equal(vipcare_date_add_months(&d, date_of("2024-01-31"), 3), VIPCARE_OK);
	assert_int_equal(d, date_of("2024-04-30"));
	assert_int_equal(vipcare_date_add_months(&d, date_of("2024-02-29"), 12), VIPCARE_OK);
	assert_int_equal(d, date_of("2025-02-28"));
	assert_int_equal(vipcare_date_add_months(&d, date_of("2024-02-29"), 48), VIPCARE_OK);
	assert_int_equal(d, date_of("2028-02-29"));
	assert_int_equal(vipcare_date_add_months(&d, date_of("2024-01-15"), -13), VIPCARE_OK);
	assert_int_equal(d, date_of("2022-12-15"));
	assert_int_equal(vipcare_date_add_months(&d, date_of("2023-12-15"), 1), VIPCARE_OK);
	assert_int_equal(d, date_of("2024-01-15"));
	assert_int_equal(vipcare_date_add_months(&d, date_of("1970-01-01"), -1), VIPCARE_OK);
	assert_int_equal(d, -31);
	assert_int_equal(vipcare_date_add_months(&d, VIPCARE_DATE_MIN, 8099 * 12 + 11),
			 VIPCARE_OK);
	assert_int_equal(d, date_of("9999-12-01"));
	assert_int_equal(vipcare_date_add_months(&d, VIPCARE_DATE_MAX, -(8099 * 12 + 11)),
			 VIPCARE_OK);
	assert_int_equal(d, date_of("1900-01-31"));
}

static void test_date_add_months_errors(void **state)
{
	int32_t d = SENTINEL_DATE;

	(void)state;
	assert_int_equal(vipcare_date_add_months(&d, VIPCARE_DATE_MAX, 1), VIPCARE_E_DATE);
	assert_int_equal(vipcare_date_add_months(&d, VIPCARE_DATE_MIN, -1), VIPCARE_E_DATE);
	assert_int_equal(vipcare_date_add_months(&d, 0, INT32_MAX), VIPCARE_E_DATE);
	assert_int_equal(vipcare_date_add_months(&d, 0, INT32_MIN), VIPCARE_E_DATE);
	assert_int_equal(vipcare_date_add_months(&d, VIPCARE_DATE_MAX, INT32_MAX), VIPCARE_E_DATE);
	assert_int_equal(vipcare_date_add_months(&d, VIPCARE_DATE_MIN, INT32_MIN), VIPCARE_E_DATE);
	assert_int_equal(vipcare_date_add_months(&d, VIPCARE_DATE_NONE, 1), VIPCARE_E_DATE);
	assert_int_equal(vipcare_date_add_months(&d, VIPCARE_DATE_MAX + 1, -1), VIPCARE_E_DATE);
	assert_int_equal(d, SENTINEL_DATE);
	assert_int_equal(vipcare_date_add_months(NULL, 0, 1), VIPCARE_E_INVALID_ARGUMENT);
}

static void test_date_weekday(void **state)
{
	(void)state;
	assert_int_equal(vipcare_date_weekday(date_of("2024-01-01")), 1);
	assert_int_equal(vipcare_date_weekday(0), 4);
	assert_int_equal(vipcare_date_weekday(11016), 2);
	assert_int_equal(vipcare_date_weekday(-1), 3);
	assert_int_equal(vipcare_date_weekday(date_of("2023-12-31")), 7);
	assert_int_equal(vipcare_date_weekday(date_of("2024-03-15")), 5);
	assert_int_equal(vipcare_date_weekday(VIPCARE_DATE_MIN), 1);
	assert_int_equal(vipcare_date_weekday(VIPCARE_DATE_MAX), 5);
	assert_int_equal(vipcare_date_weekday(VIPCARE_DATE_MIN - 1), VIPCARE_E_DATE);
	assert_int_equal(vipcare_date_weekday(VIPCARE_DATE_MAX + 1), VIPCARE_E_DATE);
	assert_int_equal(vipcare_date_weekday(VIPCARE_DATE_NONE), VIPCARE_E_DATE);
}

/* ------------------------------------------------------------------ */
/* Timestamps                                                          */
/* ------------------------------------------------------------------ */

static void test_timestamp_parse_forms(void **state)
{
	(void)state;
	expect_timestamp("2024-03-15T13:45:30", INT64_C(1710510330));
	expect_timestamp("2024-03-15 13:45:30", INT64_C(1710510330));
	expect_timestamp("20240315T13:45:30", INT64_C(1710510330));
	expect_timestamp("20240315 13:45:30", INT64_C(1710510330));
	expect_timestamp("2023-06-01T08:05", INT64_C(1685606700));
	expect_timestamp("2023-06-01 08:05", INT64_C(1685606700));
	expect_timestamp("20230601T08:05", INT64_C(1685606700));
	expect_timestamp("2024-03-15", INT64_C(19797) * 86400);
	expect_timestamp("20240315", INT64_C(19797) * 86400);
	expect_timestamp("1970-01-01T00:00:00", 0);
	expect_timestamp("1969-12-31T23:59:59", -1);
	expect_timestamp("1955-11-05T06:15", INT64_C(-446751900));
	expect_timestamp("1900-01-01T00:00:00", INT64_C(-2208988800));
	expect_timestamp("9999-12-31T23:59:59", INT64_C(253402300799));
	assert_true(VIPCARE_TIMESTAMP_MIN == INT64_C(-2208988800));
	assert_true(VIPCARE_TIMESTAMP_MAX == INT64_C(253402300799));
}

static void test_timestamp_parse_refused(void **state)
{
	static const char *const bad[] = {
		"", "2024-03-15T", "2024-03-15T13", "2024-03-15T13:4", "2024-03-15T1:45",
		"2024-03-15T13:45:3", "2024-03-15T13:45:30Z", "2024-03-15T13:45:30.5",
		"2024-03-15t13:45", "2024-03-15  13:45", "2024-03-15_13:45", "2024-03-15T1345",
		"2024-03-15T13-45", " 2024-03-15T13:45", "2024-03-15T13:45 ", "2024-3-15T13:45",
		"2024-03-15T+1:45", "10000-01-01T00:00",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		expect_bad_timestamp(bad[i], "expected YYYY-MM-DDTHH:MM[:SS] or a bare date");
	expect_bad_timestamp("2024-03-15T24:00", "hour 24 is not 00..23");
	expect_bad_timestamp("2024-03-15T13:60", "minute 60 is not 00..59");
	expect_bad_timestamp("2024-03-15T23:59:60", "second 60 is not 00..59");
	expect_bad_timestamp("2023-02-29T10:00", "February 2023 has 28 days");
	expect_bad_timestamp("2023-13-01", "month 13 is not 1..12");
	expect_bad_timestamp("1899-12-31T23:59:59", "before 1900-01-01");
}

static void test_timestamp_format(void **state)
{
	static const char *const texts[] = {
		"1900-01-01T00:00:00", "1955-11-05T06:15:00", "1969-12-31T23:59:59",
		"1970-01-01T00:00:00", "2000-02-29T12:00:01", "2024-03-15T13:45:30",
		"9999-12-31T23:59:59",
	};
	char buf[VIPCARE_TIMESTAMP_BUFSIZE];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		int64_t ts = SENTINEL_I64;

		assert_int_equal(vipcare_timestamp_parse(&ts, texts[i], strlen(texts[i]), NULL, 0),
				 VIPCARE_OK);
		assert_int_equal(vipcare_timestamp_format(buf, sizeof(buf), ts), VIPCARE_OK);
		assert_string_equal(buf, texts[i]);
	}
	assert_int_equal(vipcare_timestamp_format(buf, sizeof(buf), -1), VIPCARE_OK);
	assert_string_equal(buf, "1969-12-31T23:59:59");
	assert_int_equal(vipcare_timestamp_format(buf, sizeof(buf), INT64_C(1710510330)),
			 VIPCARE_OK);
	assert_string_equal(buf, "2024-03-15T13:45:30");
	assert_int_equal(vipcare_timestamp_format(buf, sizeof(buf), INT64_C(-446751900)),
			 VIPCARE_OK);
	assert_string_equal(buf, "1955-11-05T06:15:00");
}

static void test_timestamp_format_errors(void **state)
{
	char buf[VIPCARE_TIMESTAMP_BUFSIZE];

	(void)state;
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(vipcare_timestamp_format(buf, VIPCARE_TIMESTAMP_BUFSIZE - 1, 0),
			 VIPCARE_E_BUFFER_TOO_SMALL);
	assert_string_equal(buf, "");
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(vipcare_timestamp_format(buf, 0, 0), VIPCARE_E_BUFFER_TOO_SMALL);
	assert_int_equal(buf[0], 'x');
	assert_int_equal(vipcare_timestamp_format(NULL, 0, 0), VIPCARE_E_BUFFER_TOO_SMALL);
	assert_int_equal(vipcare_timestamp_format(buf, sizeof(buf), VIPCARE_TIMESTAMP_MIN - 1),
			 VIPCARE_E_TIMESTAMP);
	assert_string_equal(buf, "");
	assert_int_equal(vipcare_timestamp_format(buf, sizeof(buf), VIPCARE_TIMESTAMP_MAX + 1),
			 VIPCARE_E_TIMESTAMP);
	assert_int_equal(vipcare_timestamp_format(buf, sizeof(buf), INT64_MIN), VIPCARE_E_TIMESTAMP);
	assert_int_equal(vipcare_timestamp_format(buf, sizeof(buf), INT64_MAX), VIPCARE_E_TIMESTAMP);
	assert_int_equal(vipcare_timestamp_format(buf, VIPCARE_TIMESTAMP_BUFSIZE,
						  VIPCARE_TIMESTAMP_MIN),
			 VIPCARE_OK);
	assert_string_equal(buf, "1900-01-01T00:00:00");
}

static void test_timestamp_date(void **state)
{
	(void)state;
	assert_int_equal(vipcare_timestamp_date(0), 0);
	assert_int_equal(vipcare_timestamp_date(86399), 0);
	assert_int_equal(vipcare_timestamp_date(86400), 1);
	assert_int_equal(vipcare_timestamp_date(-1), -1);
	assert_int_equal(vipcare_timestamp_date(-86400), -1);
	assert_int_equal(vipcare_timestamp_date(-86401), -2);
	assert_int_equal(vipcare_timestamp_date(INT64_C(1710510330)), 19797);
	assert_int_equal(vipcare_timestamp_date(VIPCARE_TIMESTAMP_MIN), VIPCARE_DATE_MIN);
	assert_int_equal(vipcare_timestamp_date(VIPCARE_TIMESTAMP_MAX), VIPCARE_DATE_MAX);
	assert_int_equal(vipcare_timestamp_date(VIPCARE_TIMESTAMP_MIN - 1), VIPCARE_DATE_NONE);
	assert_int_equal(vipcare_timestamp_date(VIPCARE_TIMESTAMP_MAX + 1), VIPCARE_DATE_NONE);
	assert_int_equal(vipcare_timestamp_date(INT64_MIN), VIPCARE_DATE_NONE);
	assert_int_equal(vipcare_timestamp_date(INT64_MAX), VIPCARE_DATE_NONE);
}

/* ------------------------------------------------------------------ */
/* Money                                                               */
/* ------------------------------------------------------------------ */

static void test_money_parse_values(void **state)
{
	(void)state;
	expect_money("50", 5000, "50.00");
	expect_money("3.2", 320, "3.20");
	expect_money("-1234.50", -123450, "-1234.50");
	expect_money("0.05", 5, "0.05");
	expect_money("-0.05", -5, "-0.05");
	expect_money("0", 0, "0.00");
	expect_money("-0", 0, "0.00");
	expect_money("-0.00", 0, "0.00");
	expect_money("007.50", 750, "7.50");
	expect_money("1.99", 199, "1.99");
	expect_money("-7", -700, "-7.00");
	expect_money("123456789012.34", INT64_C(12345678901234), "123456789012.34");
}

static void test_money_parse_refused(void **state)
{
	(void)state;
	expect_bad_money("", "empty");
	expect_bad_money("-", "no digits");
	expect_bad_money("1.234", "at most 2 fraction digits");
	expect_bad_money("0.001", "at most 2 fraction digits");
	expect_bad_money("1e3", "exponents are not allowed");
	expect_bad_money("1.5E2", "exponents are not allowed");
	expect_bad_money("+1", "'+' sign is not allowed");
	expect_bad_money(" 1", "spaces are not allowed");
	expect_bad_money("1 ", "spaces are not allowed");
	expect_bad_money("- 1", "spaces are not allowed");
	expect_bad_money("1,000", "thousands separators are not allowed");
	expect_bad_money("1.", "no digit after '.'");
	expect_bad_money(".5", "no digit before '.'");
	expect_bad_money("-.5", "no digit before '.'");
	expect_bad_money("--1", "'-' is allowed only first");
	expect_bad_money("1-", "'-' is allowed only first");
	expect_bad_money("1.2.3", "unexpected character '.' at byte 4");
	expect_bad_money("12a", "unexpected character 'a' at byte 3");
	expect_bad_money("0x10", "unexpected character 'x' at byte 2");
	expect_bad_money("92233720368547758.08", "out of range");
	expect_bad_money("-92233720368547758.09", "out of range");
	expect_bad_money("92233720368547759", "out of range");
	expect_bad_money("100000000000000000000", "out of range");
	expect_bad_money("-100000000000000000000", "out of range");
	expect_bad_money("18446744073709551616", "out of range");
}

static void test_money_parse_control_byte(void **state)
{
	char err[VIPCARE_ERRBUF_SIZE] = "";
	int64_t amount = SENTINEL_I64;

	(void)state;
	assert_int_equal(vipcare_money_parse(&amount, "1\0002", 3, err, sizeof(err)),
			 VIPCARE_E_MONEY);
	assert_true(amount == SENTINEL_I64);
	assert_non_null(strstr(err, "\"1\\x002\""));
	assert_non_null(strstr(err, "unexpected byte 0x00 at byte 2"));
	assert_int_equal(vipcare_money_parse(&amount, "1\t", 2, err, sizeof(err)), VIPCARE_E_MONEY);
	assert_non_null(strstr(err, "\"1\\x09\": spaces are not allowed"));
	assert_true(amount == SENTINEL_I64);
	/* only len bytes are read */
	assert_int_equal(vipcare_money_parse(&amount, "12.345", 5, err, sizeof(err)), VIPCARE_OK);
	assert_true(amount == 1234);
}

static void test_money_limits(void **state)
{
	(void)state;
	expect_money("92233720368547758.07", INT64_MAX, "92233720368547758.07");
	expect_money("-92233720368547758.08", INT64_MIN, "-92233720368547758.08");
	expect_money("-92233720368547758.07", -INT64_MAX, "-92233720368547758.07");
	expect_money("92233720368547758", INT64_C(9223372036854775800), "92233720368547758.00");
	expect_money("0000000000000000000000000001.5", 150, "1.50");
}

static void test_money_format(void **state)
{
	char buf[VIPCARE_MONEY_BUFSIZE];

	(void)state;
	assert_int_equal(vipcare_money_format(buf, sizeof(buf), 0), VIPCARE_OK);
	assert_string_equal(buf, "0.00");
	assert_int_equal(vipcare_money_format(buf, sizeof(buf), -5), VIPCARE_OK);
	assert_string_equal(buf, "-0.05");
	assert_int_equal(vipcare_money_format(buf, sizeof(buf), 10), VIPCARE_OK);
	assert_string_equal(buf, "0.10");
	assert_int_equal(vipcare_money_format(buf, sizeof(buf), -100), VIPCARE_OK);
	assert_string_equal(buf, "-1.00");
	assert_int_equal(vipcare_money_format(buf, sizeof(buf), 123450), VIPCARE_OK);
	assert_string_equal(buf, "1234.50");
	assert_int_equal(vipcare_money_format(buf, sizeof(buf), INT64_MAX), VIPCARE_OK);
	assert_string_equal(buf, "92233720368547758.07");
	assert_int_equal(vipcare_money_format(buf, sizeof(buf), INT64_MIN), VIPCARE_OK);
	assert_string_equal(buf, "-92233720368547758.08");
}

static void test_money_format_buffer(void **state)
{
	char buf[VIPCARE_MONEY_BUFSIZE];

	(void)state;
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(vipcare_money_format(buf, 4, 0), VIPCARE_E_BUFFER_TOO_SMALL);
	assert_string_equal(buf, "");
	assert_int_equal(vipcare_money_format(buf, 5, 0), VIPCARE_OK);
	assert_string_equal(buf, "0.00");
	assert_int_equal(vipcare_money_format(buf, 5, -5), VIPCARE_E_BUFFER_TOO_SMALL);
	assert_string_equal(buf, "");
	assert_int_equal(vipcare_money_format(buf, 6, -5), VIPCARE_OK);
	assert_string_equal(buf, "-0.05");
	assert_int_equal(vipcare_money_format(buf, 21, INT64_MIN), VIPCARE_E_BUFFER_TOO_SMALL);
	assert_int_equal(vipcare_money_format(buf, 22, INT64_MIN), VIPCARE_OK);
	assert_string_equal(buf, "-92233720368547758.08");
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(vipcare_money_format(buf, 0, 0), VIPCARE_E_BUFFER_TOO_SMALL);
	assert_int_equal(buf[0], 'x');
	assert_int_equal(vipcare_money_format(NULL, 0, 0), VIPCARE_E_BUFFER_TOO_SMALL);
}

static void test_null_arguments(void **state)
{
	char err[VIPCARE_ERRBUF_SIZE] = "";
	int32_t d = SENTINEL_DATE;
	int64_t v = SENTINEL_I64;

	(void)state;
	assert_int_equal(vipcare_date_parse(NULL, "2024-01-01", 10, err, sizeof(err)),
			 VIPCARE_E_INVALID_ARGUMENT);
	assert_non_null(strstr(err, "out is NULL"));
	assert_int_equal(vipcare_date_parse(&d, NULL, 10, NULL, 0), VIPCARE_E_INVALID_ARGUMENT);
	assert_int_equal(vipcare_date_parse(&d, NULL, 0, NULL, 0), VIPCARE_E_DATE);
	assert_int_equal(vipcare_date_from_ymd(NULL, 2024, 1, 1), VIPCARE_E_INVALID_ARGUMENT);
	assert_int_equal(vipcare_timestamp_parse(NULL, "2024-01-01", 10, NULL, 0),
			 VIPCARE_E_INVALID_ARGUMENT);
	assert_int_equal(vipcare_timestamp_parse(&v, NULL, 3, NULL, 0),
			 VIPCARE_E_INVALID_ARGUMENT);
	assert_int_equal(vipcare_timestamp_parse(&v, NULL, 0, NULL, 0), VIPCARE_E_TIMESTAMP);
	assert_int_equal(vipcare_money_parse(NULL, "1", 1, NULL, 0), VIPCARE_E_INVALID_ARGUMENT);
	assert_int_equal(vipcare_money_parse(&v, NULL, 1, err, sizeof(err)),
			 VIPCARE_E_INVALID_ARGUMENT);
	assert_non_null(strstr(err, "text is NULL"));
	assert_int_equal(vipcare_money_parse(&v, NULL, 0, err, sizeof(err)), VIPCARE_E_MONEY);
	assert_non_null(strstr(err, "\"\": empty"));
	assert_int_equal(d, SENTINEL_DATE);
	assert_true(v == SENTINEL_I64);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_date_parse_known_days),
		cmocka_unit_test(test_date_parse_compact_form),
		cmocka_unit_test(test_date_parse_not_nul_terminated),
		cmocka_unit_test(test_date_leap_years),
		cmocka_unit_test(test_date_parse_feb29_refused),
		cmocka_unit_test(test_date_parse_out_of_range),
		cmocka_unit_test(test_date_parse_bad_month_day),
		cmocka_unit_test(test_date_parse_garbage),
		cmocka_unit_test(test_date_parse_embedded_nul),
		cmocka_unit_test(test_date_parse_errbuf_optional),
		cmocka_unit_test(test_date_message_fits_errbuf),
		cmocka_unit_test(test_date_from_to_ymd),
		cmocka_unit_test(test_date_format_round_trip),
		cmocka_unit_test(test_date_format_errors),
		cmocka_unit_test(test_date_every_day),
		cmocka_unit_test(test_date_add_months),
		cmocka_unit_test(test_date_add_months_errors),
		cmocka_unit_test(test_date_weekday),
		cmocka_unit_test(test_timestamp_parse_forms),
		cmocka_unit_test(test_timestamp_parse_refused),
		cmocka_unit_test(test_timestamp_format),
		cmocka_unit_test(test_timestamp_format_errors),
		cmocka_unit_test(test_timestamp_date),
		cmocka_unit_test(test_money_parse_values),
		cmocka_unit_test(test_money_parse_refused),
		cmocka_unit_test(test_money_parse_control_byte),
		cmocka_unit_test(test_money_limits),
		cmocka_unit_test(test_money_format),
		cmocka_unit_test(test_money_format_buffer),
		cmocka_unit_test(test_null_arguments),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
