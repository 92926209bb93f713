/*
 * libvipcare — VIP customer care for shopping malls.
 * SPDX-License-Identifier: MIT
 */
#ifndef VIPCARE_CALENDAR_H
#define VIPCARE_CALENDAR_H

/**
 * @file calendar.h
 * @brief Dates, timestamps and amounts of money: exact parsing and formatting.
 *
 * A date is an `int32_t` count of days since 1970-01-01 in the proleptic
 * Gregorian calendar, valid from 1900-01-01 to 9999-12-31. A timestamp is
 * an `int64_t` count of seconds since 1970-01-01T00:00:00 local civil time;
 * the library never converts time zones. Money is an `int64_t` count of
 * minor units (cents, fen); no floating point touches it.
 *
 * Every function here is pure and thread-safe. Parsers that fail write a
 * message naming the offending value into the caller's `errbuf` (when it is
 * not NULL), since they have no handle to keep it on.
 */

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** "No date": an empty field, an unknown or absent date. @since 1.0 */
#define VIPCARE_DATE_NONE INT32_MIN
/** The first valid date, 1900-01-01. @since 1.0 */
#define VIPCARE_DATE_MIN (-25567)
/** The last valid date, 9999-12-31. @since 1.0 */
#define VIPCARE_DATE_MAX 2932896
/** The first valid timestamp, 1900-01-01T00:00:00. @since 1.0 */
#define VIPCARE_TIMESTAMP_MIN ((int64_t)VIPCARE_DATE_MIN * 86400)
/** The last valid timestamp, 9999-12-31T23:59:59. @since 1.0 */
#define VIPCARE_TIMESTAMP_MAX ((int64_t)VIPCARE_DATE_MAX * 86400 + 86399)
/** Bytes a formatted date needs, with its NUL ("YYYY-MM-DD"). @since 1.0 */
#define VIPCARE_DATE_BUFSIZE 11
/** Bytes a formatted timestamp needs, with its NUL ("YYYY-MM-DDTHH:MM:SS"). @since 1.0 */
#define VIPCARE_TIMESTAMP_BUFSIZE 20
/** Bytes a formatted amount of money needs at most, with its NUL. @since 1.0 */
#define VIPCARE_MONEY_BUFSIZE 24
/** Bytes that hold any message written to an `errbuf`. @since 1.0 */
#define VIPCARE_ERRBUF_SIZE 256

/**
 * @brief The date of a calendar day.
 *
 * Thread-safe.
 *
 * @param[out] out receives the date; untouched on error
 * @param[in] year 1900 .. 9999
 * @param[in] month 1 .. 12
 * @param[in] day 1 .. the month's length in @p year
 * @return VIPCARE_OK; VIPCARE_E_INVALID_ARGUMENT when @p out is NULL;
 *         VIPCARE_E_DATE for a day that does not exist or lies outside
 *         1900-01-01 .. 9999-12-31
 * @since 1.0
 */
VIPCARE_API int vipcare_date_from_ymd(int32_t *out, int32_t year, int32_t month, int32_t day);

/**
 * @brief The calendar day of a date.
 *
 * Thread-safe.
 *
 * @param[in] date a date, VIPCARE_DATE_MIN .. VIPCARE_DATE_MAX
 * @param[out] year receives 1900 .. 9999; may be NULL; untouched on error
 * @param[out] month receives 1 .. 12; may be NULL; untouched on error
 * @param[out] day receives 1 .. 31; may be NULL; untouched on error
 * @return VIPCARE_OK, or VIPCARE_E_DATE when @p date is outside the valid
 *         range (VIPCARE_DATE_NONE included)
 * @since 1.0
 */
VIPCARE_API int vipcare_date_to_ymd(int32_t date, int32_t *year, int32_t *month, int32_t *day);

/**
 * @brief Parses `YYYY-MM-DD` or `YYYYMMDD`.
 *
 * Nothing else is accepted: no spaces around the date, no other
 * separators. Thread-safe.
 *
 * @param[out] out receives the date; untouched on error
 * @param[in] text the text, borrowed for the call, not necessarily
 *        NUL-terminated; may be NULL only when @p len is 0
 * @param[in] len the length of @p text in bytes
 * @param[out] errbuf receives a NUL-terminated message naming the value and
 *        the reason when the call fails, cut to @p errbuf_size; untouched on
 *        success; may be NULL
 * @param[in] errbuf_size the size of @p errbuf in bytes (0: nothing is
 *        written); VIPCARE_ERRBUF_SIZE holds any message
 * @return VIPCARE_OK; VIPCARE_E_INVALID_ARGUMENT when @p out is NULL, or
 *         @p text is NULL with @p len above 0; VIPCARE_E_DATE for any other
 *         text that is not a valid date (the empty text included)
 * @since 1.0
 */
VIPCARE_API int vipcare_date_parse(int32_t *out, const char *text, size_t len,
				   char *errbuf, size_t errbuf_size);

/**
 * @brief Writes a date as `YYYY-MM-DD` and a NUL.
 *
 * On any error a non-NULL @p buf of a size above 0 is left holding "", so
 * that no stale text is shown. Thread-safe.
 *
 * @param[out] buf receives the text; at least VIPCARE_DATE_BUFSIZE bytes
 * @param[in] size the size of @p buf in bytes
 * @param[in] date a date, VIPCARE_DATE_MIN .. VIPCARE_DATE_MAX
 * @return VIPCARE_OK; VIPCARE_E_DATE when @p date is outside the valid
 *         range (checked first); VIPCARE_E_BUFFER_TOO_SMALL when @p buf is
 *         NULL or @p size is below VIPCARE_DATE_BUFSIZE
 * @since 1.0
 */
VIPCARE_API int vipcare_date_format(char *buf, size_t size, int32_t date);

/**
 * @brief Adds calendar months, clamping to the month's end.
 *
 * 2024-01-31 + 1 month = 2024-02-29; 2023-01-31 + 1 month = 2023-02-28.
 * Thread-safe.
 *
 * @param[out] out receives the new date; untouched on error
 * @param[in] date a date, VIPCARE_DATE_MIN .. VIPCARE_DATE_MAX
 * @param[in] months the months to add; may be negative
 * @return VIPCARE_OK; VIPCARE_E_INVALID_ARGUMENT when @p out is NULL;
 *         VIPCARE_E_DATE when @p date is outside the valid range or the
 *         result would leave it
 * @since 1.0
 */
VIPCARE_API int vipcare_date_add_months(int32_t *out, int32_t date, int32_t months);

/**
 * @brief The ISO weekday of a date.
 *
 * Thread-safe.
 *
 * @param[in] date a date, VIPCARE_DATE_MIN .. VIPCARE_DATE_MAX
 * @return 1 (Monday) .. 7 (Sunday), or VIPCARE_E_DATE for a date outside
 *         the valid range
 * @since 1.0
 */
VIPCARE_API int vipcare_date_weekday(int32_t date);

/**
 * @brief Parses `YYYY-MM-DDTHH:MM[:SS]`; a space may replace `T`, the date
 * may also be written `YYYYMMDD`, and a bare date (either form) means
 * 00:00:00.
 *
 * Hours are 00 .. 23, minutes and seconds 00 .. 59 (no leap seconds).
 * Thread-safe.
 *
 * @param[out] out receives the timestamp; untouched on error
 * @param[in] text the text, borrowed for the call, not necessarily
 *        NUL-terminated; may be NULL only when @p len is 0
 * @param[in] len the length of @p text in bytes
 * @param[out] errbuf receives a NUL-terminated message naming the value and
 *        the reason when the call fails, cut to @p errbuf_size; untouched on
 *        success; may be NULL
 * @param[in] errbuf_size the size of @p errbuf in bytes (0: nothing is
 *        written); VIPCARE_ERRBUF_SIZE holds any message
 * @return VIPCARE_OK; VIPCARE_E_INVALID_ARGUMENT when @p out is NULL, or
 *         @p text is NULL with @p len above 0; VIPCARE_E_TIMESTAMP for any
 *         other text that is not a valid timestamp (the empty text included)
 * @since 1.0
 */
VIPCARE_API int vipcare_timestamp_parse(int64_t *out, const char *text, size_t len,
					char *errbuf, size_t errbuf_size);

/**
 * @brief Writes a timestamp as `YYYY-MM-DDTHH:MM:SS` and a NUL.
 *
 * On any error a non-NULL @p buf of a size above 0 is left holding "".
 * Thread-safe.
 *
 * @param[out] buf receives the text; at least VIPCARE_TIMESTAMP_BUFSIZE
 *        bytes
 * @param[in] size the size of @p buf in bytes
 * @param[in] ts a timestamp, VIPCARE_TIMESTAMP_MIN .. VIPCARE_TIMESTAMP_MAX
 * @return VIPCARE_OK; VIPCARE_E_TIMESTAMP when @p ts is outside the valid
 *         range (checked first); VIPCARE_E_BUFFER_TOO_SMALL when @p buf is
 *         NULL or @p size is below VIPCARE_TIMESTAMP_BUFSIZE
 * @since 1.0
 */
VIPCARE_API int vipcare_timestamp_format(char *buf, size_t size, int64_t ts);

/**
 * @brief The date a timestamp falls on (rounding towards the past).
 *
 * Thread-safe.
 *
 * @param[in] ts a timestamp, VIPCARE_TIMESTAMP_MIN .. VIPCARE_TIMESTAMP_MAX
 * @return the date, or VIPCARE_DATE_NONE when @p ts is outside the valid
 *         range
 * @since 1.0
 */
VIPCARE_API int32_t vipcare_timestamp_date(int64_t ts);

/**
 * @brief Parses an amount of money: an optional `-`, digits, and at most
 * two fraction digits after a `.` (`50`, `3.2`, `-1234.50`).
 *
 * At least one digit must stand before a `.` and one after it. More
 * fraction digits, exponents, thousands separators, spaces, a `+` and
 * amounts beyond the range of `int64_t` minor units are refused, never
 * rounded. Thread-safe.
 *
 * @param[out] out receives the amount in minor units; untouched on error
 * @param[in] text the text, borrowed for the call, not necessarily
 *        NUL-terminated; may be NULL only when @p len is 0
 * @param[in] len the length of @p text in bytes
 * @param[out] errbuf receives a NUL-terminated message naming the value and
 *        the reason when the call fails, cut to @p errbuf_size; untouched on
 *        success; may be NULL
 * @param[in] errbuf_size the size of @p errbuf in bytes (0: nothing is
 *        written); VIPCARE_ERRBUF_SIZE holds any message
 * @return VIPCARE_OK; VIPCARE_E_INVALID_ARGUMENT when @p out is NULL, or
 *         @p text is NULL with @p len above 0; VIPCARE_E_MONEY for any
 *         other text that is not a valid amount (the empty text included)
 * @since 1.0
 */
VIPCARE_API int vipcare_money_parse(int64_t *out, const char *text, size_t len,
				    char *errbuf, size_t errbuf_size);

/**
 * @brief Writes an amount with exactly two fraction digits (`-1234.50`,
 * `0.05`) and a NUL.
 *
 * On error a non-NULL @p buf of a size above 0 is left holding "".
 * Thread-safe.
 *
 * @param[out] buf receives the text; VIPCARE_MONEY_BUFSIZE bytes always
 *        suffice
 * @param[in] size the size of @p buf in bytes
 * @param[in] amount minor units, any value of int64_t
 * @return VIPCARE_OK, or VIPCARE_E_BUFFER_TOO_SMALL when @p buf is NULL or
 *         too small for this amount's text
 * @since 1.0
 */
VIPCARE_API int vipcare_money_format(char *buf, size_t size, int64_t amount);

#ifdef __cplusplus
}
#endif

#endif /* VIPCARE_CALENDAR_H */
