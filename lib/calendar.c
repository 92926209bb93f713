/*
 * libvipcare — dates, timestamps and amounts of money: exact parsing and
 * formatting, with no floating point, no locale and no shared state.
 * SPDX-License-Identifier: MIT
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

#define SECONDS_PER_DAY 86400
#define YEAR_MIN 1900
#define YEAR_MAX 9999

/* vipcare__quote shows at most 40 bytes, each possibly as \xNN, plus quotes and "...". */
#define QUOTE_SIZE 176
#define WHY_SIZE 80

/* Returned by the readers when the text does not even have the expected shape. */
#define SHAPE_ERROR 1

static const char *const month_names[12] = {
	"January", "February", "March", "April", "May", "June",
	"July", "August", "September", "October", "November", "December",
};

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Reads exactly @n decimal digits; 0 when any byte is not one. */
static int read_digits(const char *s, size_t n, int32_t *value)
{
	int32_t v = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (!is_digit(s[i]))
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	*value = v;
	return 1;
}

/* Writes @value as exactly @n digits, zero-padded on the left. */
static void put_digits(char *p, uint32_t value, int n)
{
	while (n-- > 0) {
		p[n] = (char)('0' + value % 10);
		value /= 10;
	}
}

static int date_in_range(int32_t date)
{
	return date >= VIPCARE_DATE_MIN && date <= VIPCARE_DATE_MAX;
}

static int timestamp_in_range(int64_t ts)
{
	return ts >= VIPCARE_TIMESTAMP_MIN && ts <= VIPCARE_TIMESTAMP_MAX;
}

/*
 * Checks a calendar day; on failure explains it into @why (which may be
 * NULL). The year is checked last so that "1899-13-01" blames the month.
 */
static int check_ymd(int32_t y, int32_t m, int32_t d, char *why, size_t size)
{
	int mdays;

	if (m < 1 || m > 12)
		return vipcare__fail_buf(why, size, VIPCARE_E_DATE,
					 "month %" PRId32 " is not 1..12", m);
	mdays = vipcare__month_days(y, m);
	if (d < 1)
		return vipcare__fail_buf(why, size, VIPCARE_E_DATE,
					 "day %" PRId32 " is not 1..%d", d, mdays);
	if (d > mdays)
		return vipcare__fail_buf(why, size, VIPCARE_E_DATE, "%s %" PRId32 " has %d days",
					 month_names[m - 1], y, mdays);
	if (y < YEAR_MIN)
		return vipcare__fail_buf(why, size, VIPCARE_E_DATE, "before 1900-01-01");
	if (y > YEAR_MAX)
		return vipcare__fail_buf(why, size, VIPCARE_E_DATE, "after 9999-12-31");
	return VIPCARE_OK;
}

/*
 * Reads `YYYY-MM-DD` or `YYYYMMDD`. Returns VIPCARE_OK, SHAPE_ERROR (so
 * that the caller can say which shape it expected), or VIPCARE_E_DATE
 * with the reason in @why.
 */
static int read_date(int32_t *out, const char *s, size_t len, char *why, size_t size)
{
	int32_t y = 0, m = 0, d = 0;
	int ok = 0;

	if (len == 10)
		ok = s[4] == '-' && s[7] == '-' && read_digits(s, 4, &y) &&
		     read_digits(s + 5, 2, &m) && read_digits(s + 8, 2, &d);
	else if (len == 8)
		ok = read_digits(s, 4, &y) && read_digits(s + 4, 2, &m) &&
		     read_digits(s + 6, 2, &d);
	if (!ok)
		return SHAPE_ERROR;
	if (check_ymd(y, m, d, why, size) != VIPCARE_OK)
		return VIPCARE_E_DATE;
	*out = vipcare__days_from_civil(y, m, d);
	return VIPCARE_OK;
}

/* Reads `HH:MM` or `HH:MM:SS` into seconds since midnight; as read_date. */
static int read_time(int32_t *out, const char *s, size_t len, char *why, size_t size)
{
	int32_t h = 0, m = 0, sec = 0;

	if (!((len == 5 || len == 8) && s[2] == ':' && read_digits(s, 2, &h) &&
	      read_digits(s + 3, 2, &m) &&
	      (len == 5 || (s[5] == ':' && read_digits(s + 6, 2, &sec)))))
		return SHAPE_ERROR;
	if (h > 23)
		return vipcare__fail_buf(why, size, VIPCARE_E_TIMESTAMP,
					 "hour %02" PRId32 " is not 00..23", h);
	if (m > 59)
		return vipcare__fail_buf(why, size, VIPCARE_E_TIMESTAMP,
					 "minute %02" PRId32 " is not 00..59", m);
	if (sec > 59)
		return vipcare__fail_buf(why, size, VIPCARE_E_TIMESTAMP,
					 "second %02" PRId32 " is not 00..59 (no leap seconds)", sec);
	*out = h * 3600 + m * 60 + sec;
	return VIPCARE_OK;
}

static int is_separator(char c)
{
	return c == 'T' || c == ' ';
}

/* Length of the date part of a timestamp, 0 when there is no recognisable one. */
static size_t date_part_length(const char *s, size_t len)
{
	if (len == 8 || len == 10)
		return len;
	if (len > 8 && is_separator(s[8]))
		return 8;
	if (len > 10 && is_separator(s[10]))
		return 10;
	return 0;
}

/* Writes `invalid <what> "<text>": <why>` into the caller's errbuf. */
static int fail_value(char *errbuf, size_t errbuf_size, int status, const char *what,
		      const char *text, size_t len, const char *why)
{
	char quoted[QUOTE_SIZE];

	vipcare__quote(quoted, sizeof(quoted), text, len);
	return vipcare__fail_buf(errbuf, errbuf_size, status, "invalid %s %s: %s", what, quoted,
				 why);
}

/* A formatter never leaves a half-written or stale string behind. */
static int fail_format(char *buf, size_t size, int status)
{
	if (buf != NULL && size > 0)
		buf[0] = '\0';
	return status;
}

static void put_date(char *p, int32_t date)
{
	int32_t y, m, d;

	vipcare__civil_from_days(date, &y, &m, &d);
	put_digits(p, (uint32_t)y, 4);
	p[4] = '-';
	put_digits(p + 5, (uint32_t)m, 2);
	p[7] = '-';
	put_digits(p + 8, (uint32_t)d, 2);
}

VIPCARE_API int vipcare_date_from_ymd(int32_t *out, int32_t year, int32_t month, int32_t day)
{
	if (out == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	if (check_ymd(year, month, day, NULL, 0) != VIPCARE_OK)
		return VIPCARE_E_DATE;
	*out = vipcare__days_from_civil(year, month, day);
	return VIPCARE_OK;
}

VIPCARE_API int vipcare_date_to_ymd(int32_t date, int32_t *year, int32_t *month, int32_t *day)
{
	int32_t y, m, d;

	if (!date_in_range(date))
		return VIPCARE_E_DATE;
	vipcare__civil_from_days(date, &y, &m, &d);
	if (year != NULL)
		*year = y;
	if (month != NULL)
		*month = m;
	if (day != NULL)
		*day = d;
	return VIPCARE_OK;
}

VIPCARE_API int vipcare_date_parse(int32_t *out, const char *text, size_t len,
				   char *errbuf, size_t errbuf_size)
{
	char why[WHY_SIZE] = "expected YYYY-MM-DD or YYYYMMDD";
	int32_t date = 0;

	if (out == NULL || (text == NULL && len > 0))
		return vipcare__fail_buf(errbuf, errbuf_size, VIPCARE_E_INVALID_ARGUMENT,
					 "vipcare_date_parse: %s is NULL",
					 out == NULL ? "out" : "text");
	if (text == NULL)
		text = "";
	if (read_date(&date, text, len, why, sizeof(why)) != VIPCARE_OK)
		return fail_value(errbuf, errbuf_size, VIPCARE_E_DATE, "date", text, len, why);
	*out = date;
	return VIPCARE_OK;
}

VIPCARE_API int vipcare_date_format(char *buf, size_t size, int32_t date)
{
	if (!date_in_range(date))
		return fail_format(buf, size, VIPCARE_E_DATE);
	if (buf == NULL || size < VIPCARE_DATE_BUFSIZE)
		return fail_format(buf, size, VIPCARE_E_BUFFER_TOO_SMALL);
	put_date(buf, date);
	buf[10] = '\0';
	return VIPCARE_OK;
}

VIPCARE_API int vipcare_date_add_months(int32_t *out, int32_t date, int32_t months)
{
	int32_t y, m, d, year, month;
	int64_t total;
	int mdays;

	if (out == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	if (!date_in_range(date))
		return VIPCARE_E_DATE;
	vipcare__civil_from_days(date, &y, &m, &d);
	/* months since year 0, in int64_t: y * 12 + INT32_MAX does not fit an int32_t */
	total = (int64_t)y * 12 + (m - 1) + months;
	if (total < (int64_t)YEAR_MIN * 12 || total > (int64_t)YEAR_MAX * 12 + 11)
		return VIPCARE_E_DATE;
	year = (int32_t)(total / 12);
	month = (int32_t)(total % 12) + 1;
	mdays = vipcare__month_days(year, month);
	if (d > mdays)
		d = mdays;
	*out = vipcare__days_from_civil(year, month, d);
	return VIPCARE_OK;
}

VIPCARE_API int vipcare_date_weekday(int32_t date)
{
	int32_t r;

	if (!date_in_range(date))
		return VIPCARE_E_DATE;
	/* 1970-01-01 (date 0) was a Thursday, ISO day 4 */
	r = (date + 3) % 7;
	if (r < 0)
		r += 7;
	return (int)r + 1;
}

VIPCARE_API int vipcare_timestamp_parse(int64_t *out, const char *text, size_t len,
					char *errbuf, size_t errbuf_size)
{
	char why[WHY_SIZE] = "expected YYYY-MM-DDTHH:MM[:SS] or a bare date";
	int32_t date = 0, seconds = 0;
	size_t dlen;
	int rc;

	if (out == NULL || (text == NULL && len > 0))
		return vipcare__fail_buf(errbuf, errbuf_size, VIPCARE_E_INVALID_ARGUMENT,
					 "vipcare_timestamp_parse: %s is NULL",
					 out == NULL ? "out" : "text");
	if (text == NULL)
		text = "";
	dlen = date_part_length(text, len);
	rc = dlen == 0 ? SHAPE_ERROR : read_date(&date, text, dlen, why, sizeof(why));
	if (rc == VIPCARE_OK && dlen < len)
		rc = read_time(&seconds, text + dlen + 1, len - dlen - 1, why, sizeof(why));
	if (rc != VIPCARE_OK)
		return fail_value(errbuf, errbuf_size, VIPCARE_E_TIMESTAMP, "timestamp", text, len,
				  why);
	*out = (int64_t)date * SECONDS_PER_DAY + seconds;
	return VIPCARE_OK;
}

VIPCARE_API int vipcare_timestamp_format(char *buf, size_t size, int64_t ts)
{
	int32_t date;
	uint32_t seconds;

	if (!timestamp_in_range(ts))
		return fail_format(buf, size, VIPCARE_E_TIMESTAMP);
	if (buf == NULL || size < VIPCARE_TIMESTAMP_BUFSIZE)
		return fail_format(buf, size, VIPCARE_E_BUFFER_TOO_SMALL);
	date = vipcare__ts_date(ts);
	seconds = (uint32_t)(ts - (int64_t)date * SECONDS_PER_DAY);
	put_date(buf, date);
	buf[10] = 'T';
	put_digits(buf + 11, seconds / 3600, 2);
	buf[13] = ':';
	put_digits(buf + 14, seconds / 60 % 60, 2);
	buf[16] = ':';
	put_digits(buf + 17, seconds % 60, 2);
	buf[19] = '\0';
	return VIPCARE_OK;
}

VIPCARE_API int32_t vipcare_timestamp_date(int64_t ts)
{
	if (!timestamp_in_range(ts))
		return VIPCARE_DATE_NONE;
	return vipcare__ts_date(ts);
}

static size_t count_digits(const char *s, size_t len)
{
	size_t n = 0;

	while (n < len && is_digit(s[n]))
		n++;
	return n;
}

/* Names the usual mistakes (spaces, separators, exponents) rather than just the byte. */
static int money_byte_problem(char c, size_t pos, char *why, size_t size)
{
	unsigned char u = (unsigned char)c;

	if (c == ' ' || c == '\t')
		return vipcare__fail_buf(why, size, VIPCARE_E_MONEY, "spaces are not allowed");
	if (c == ',' || c == '\'' || c == '_')
		return vipcare__fail_buf(why, size, VIPCARE_E_MONEY,
					 "thousands separators are not allowed");
	if (c == 'e' || c == 'E')
		return vipcare__fail_buf(why, size, VIPCARE_E_MONEY, "exponents are not allowed");
	if (c == '+')
		return vipcare__fail_buf(why, size, VIPCARE_E_MONEY, "a '+' sign is not allowed");
	if (c == '-')
		return vipcare__fail_buf(why, size, VIPCARE_E_MONEY, "'-' is allowed only first");
	if (u > 0x20 && u < 0x7f)
		return vipcare__fail_buf(why, size, VIPCARE_E_MONEY,
					 "unexpected character '%c' at byte %zu", c, pos);
	return vipcare__fail_buf(why, size, VIPCARE_E_MONEY, "unexpected byte 0x%02x at byte %zu",
				 (unsigned)u, pos);
}

/* Checks the form: an optional '-', digits, and '.' with 1 or 2 digits. */
static int check_money_form(const char *s, size_t len, char *why, size_t size)
{
	size_t i = 0, int_digits, frac_digits;

	if (len == 0)
		return vipcare__fail_buf(why, size, VIPCARE_E_MONEY, "empty");
	if (s[0] == '-')
		i = 1;
	int_digits = count_digits(s + i, len - i);
	i += int_digits;
	if (i < len && s[i] == '.') {
		if (int_digits == 0)
			return vipcare__fail_buf(why, size, VIPCARE_E_MONEY, "no digit before '.'");
		frac_digits = count_digits(s + i + 1, len - i - 1);
		if (frac_digits == 0)
			return vipcare__fail_buf(why, size, VIPCARE_E_MONEY, "no digit after '.'");
		if (frac_digits > 2)
			return vipcare__fail_buf(why, size, VIPCARE_E_MONEY,
						 "at most 2 fraction digits");
		i += 1 + frac_digits;
	}
	if (i < len)
		return money_byte_problem(s[i], i + 1, why, size);
	if (int_digits == 0)
		return vipcare__fail_buf(why, size, VIPCARE_E_MONEY, "no digits");
	return VIPCARE_OK;
}

/* *mag = *mag * 10 + digit, refused when the result would exceed @limit. */
static int push_digit(uint64_t *mag, unsigned digit, uint64_t limit)
{
	if (*mag > (limit - digit) / 10)
		return 0;
	*mag = *mag * 10 + digit;
	return 1;
}

/*
 * Converts well-formed text to minor units. The magnitude is built in
 * uint64_t against a sign-dependent limit, so that INT64_MIN, whose
 * magnitude has no int64_t, is reachable and everything beyond is refused.
 */
static int money_value(int64_t *out, const char *s, size_t len)
{
	const int negative = s[0] == '-';
	const uint64_t limit = (uint64_t)INT64_MAX + (negative ? 1u : 0u);
	uint64_t mag = 0;
	size_t i, frac = 0;
	int after_dot = 0;

	for (i = negative ? 1 : 0; i < len; i++) {
		if (s[i] == '.') {
			after_dot = 1;
			continue;
		}
		frac += (size_t)after_dot;
		if (!push_digit(&mag, (unsigned)(s[i] - '0'), limit))
			return 0;
	}
	for (; frac < 2; frac++)
		if (!push_digit(&mag, 0, limit))
			return 0;
	if (!negative)
		*out = (int64_t)mag;
	else if (mag > (uint64_t)INT64_MAX)
		*out = INT64_MIN;
	else
		*out = -(int64_t)mag;
	return 1;
}

VIPCARE_API int vipcare_money_parse(int64_t *out, const char *text, size_t len,
				    char *errbuf, size_t errbuf_size)
{
	char why[WHY_SIZE];
	int64_t amount = 0;

	if (out == NULL || (text == NULL && len > 0))
		return vipcare__fail_buf(errbuf, errbuf_size, VIPCARE_E_INVALID_ARGUMENT,
					 "vipcare_money_parse: %s is NULL",
					 out == NULL ? "out" : "text");
	if (text == NULL)
		text = "";
	if (check_money_form(text, len, why, sizeof(why)) != VIPCARE_OK)
		return fail_value(errbuf, errbuf_size, VIPCARE_E_MONEY, "amount", text, len, why);
	if (!money_value(&amount, text, len))
		return fail_value(errbuf, errbuf_size, VIPCARE_E_MONEY, "amount", text, len,
				  "out of range -92233720368547758.08 .. 92233720368547758.07");
	*out = amount;
	return VIPCARE_OK;
}

VIPCARE_API int vipcare_money_format(char *buf, size_t size, int64_t amount)
{
	char digits[24]; /* least significant first; 2^63 has 19 digits */
	/* unsigned negation: well defined for INT64_MIN too */
	uint64_t mag = amount < 0 ? 0u - (uint64_t)amount : (uint64_t)amount;
	size_t n = 0, need, o = 0;

	do {
		digits[n++] = (char)('0' + mag % 10);
		mag /= 10;
	} while (mag > 0 || n < 3);
	need = (amount < 0 ? 1u : 0u) + n + 1 /* '.' */ + 1 /* NUL */;
	if (buf == NULL || size < need)
		return fail_format(buf, size, VIPCARE_E_BUFFER_TOO_SMALL);
	if (amount < 0)
		buf[o++] = '-';
	while (n > 0) {
		if (n == 2)
			buf[o++] = '.';
		buf[o++] = digits[--n];
	}
	buf[o] = '\0';
	return VIPCARE_OK;
}
