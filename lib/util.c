/*
 * libvipcare — messages, id checks and calendar arithmetic used by every
 * other source file.
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"

VIPCARE__PRINTF(3, 0)
static void format_into(char *buf, size_t size, const char *fmt, va_list ap)
{
	int n = vsnprintf(buf, size, fmt, ap);

	if (n < 0)
		buf[0] = '\0';
}

int vipcare__fail(char *msg, int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	format_into(msg, VIPCARE__MSG_SIZE, fmt, ap);
	va_end(ap);
	return status;
}

int vipcare__fail_buf(char *buf, size_t size, int status, const char *fmt, ...)
{
	va_list ap;

	if (buf == NULL || size == 0)
		return status;
	va_start(ap, fmt);
	format_into(buf, size, fmt, ap);
	va_end(ap);
	return status;
}

void vipcare__quote(char *out, size_t size, const char *text, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0, i;
	const size_t limit = 40;

	if (size == 0)
		return;
	if (text == NULL) {
		snprintf(out, size, "(null)");
		return;
	}
	if (o + 1 < size)
		out[o++] = '"';
	for (i = 0; i < len && i < limit; i++) {
		unsigned char c = (unsigned char)text[i];

		if (c < 0x20 || c == 0x7f || c == '"' || c == '\\') {
			if (o + 5 >= size)
				break;
			out[o++] = '\\';
			out[o++] = 'x';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		} else {
			if (o + 2 >= size)
				break;
			out[o++] = (char)c;
		}
	}
	if (i < len && o + 4 < size) {
		memcpy(out + o, "...", 3);
		o += 3;
	}
	if (o + 1 < size)
		out[o++] = '"';
	out[o] = '\0';
}

/* Length of the UTF-8 sequence at s (at most n bytes), or 0 when invalid. */
static size_t utf8_sequence(const unsigned char *s, size_t n, uint32_t *cp)
{
	uint32_t c;
	size_t len, i;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	} else if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		c = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		c = s[0] & 0x07;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	/* overlong forms, surrogates and values above U+10FFFF */
	if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 || c > 0x10ffff)) ||
	    (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

#if defined(__GNUC__)
#define NOINLINE __attribute__((noinline))
#define ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define NOINLINE
#define ALWAYS_INLINE inline
#endif

/* Nonzero when one of the 8 bytes of @x is outside printable ASCII (0x20 .. 0x7e). */
static uint64_t not_printable8(uint64_t x)
{
	const uint64_t ones = UINT64_C(0x0101010101010101), high = UINT64_C(0x8080808080808080);

	/* a byte below 0x20 (the borrow never flags a byte when none is), or above 0x7e */
	return ((x - ones * 0x20) & ~x & high) | (((x + ones) | x) & high);
}

/*
 * Whether all @len bytes are printable ASCII, 8 at a time (overlapping
 * loads for the tail, never past the id): nearly every id is, and then it
 * needs no UTF-8 decoding.
 */
static ALWAYS_INLINE int printable_ascii(const char *s, size_t len)
{
	uint64_t x, bad = 0;
	size_t i;

	if (len >= 8) {
		for (i = 0; i + 8 <= len; i += 8) {
			memcpy(&x, s + i, 8);
			bad |= not_printable8(x);
		}
		memcpy(&x, s + len - 8, 8);
		return (bad | not_printable8(x)) == 0;
	}
	if (len >= 4) {
		uint32_t a, b;

		memcpy(&a, s, 4);
		memcpy(&b, s + len - 4, 4);
		return not_printable8(a | (uint64_t)b << 32) == 0;
	}
	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] - 0x20u > 0x7eu - 0x20u)
			return 0;
	return 1;
}

/* Copies @n bytes (2 .. VIPCARE_ID_MAX + 1) with a few overlapping loads and stores, no call. */
static ALWAYS_INLINE void copy_short(char *dst, const char *src, size_t n)
{
	if (n >= 8) {
		uint64_t x;
		size_t i;

		for (i = 0; i + 8 < n; i += 8) {
			memcpy(&x, src + i, 8);
			memcpy(dst + i, &x, 8);
		}
		memcpy(&x, src + n - 8, 8);
		memcpy(dst + n - 8, &x, 8);
	} else if (n >= 4) {
		uint32_t a, b;

		memcpy(&a, src, 4);
		memcpy(&b, src + n - 4, 4);
		memcpy(dst, &a, 4);
		memcpy(dst + n - 4, &b, 4);
	} else {
		dst[0] = src[0];
		dst[n - 1] = src[n - 1];
		if (n == 3)
			dst[1] = src[1];
	}
}

/*
 * The whole check, with the message of what is wrong: out of line, so
 * that the usual id (printable ASCII) never pays for its buffer.
 */
static NOINLINE int check_id_slowly(char *msg, const char *what, const char *id, size_t len)
{
	char quoted[64];
	size_t i = 0;

	if (len == 0)
		return vipcare__fail(msg, VIPCARE_E_ID, "%s is empty", what);
	if (len > VIPCARE_ID_MAX) {
		vipcare__quote(quoted, sizeof(quoted), id, len);
		return vipcare__fail(msg, VIPCARE_E_ID, "%s %s is %zu bytes long, at most %d allowed",
				     what, quoted, len, VIPCARE_ID_MAX);
	}
	while (i < len) {
		uint32_t cp = 0;
		size_t n = utf8_sequence((const unsigned char *)id + i, len - i, &cp);

		if (n == 0 || cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) {
			vipcare__quote(quoted, sizeof(quoted), id, len);
			return vipcare__fail(msg, VIPCARE_E_ID,
					     "%s %s has %s at byte %zu; printable UTF-8 expected",
					     what, quoted,
					     n == 0 ? "invalid UTF-8" : "a control character", i + 1);
		}
		i += n;
	}
	return VIPCARE_OK;
}

int vipcare__check_id(char *msg, const char *what, const char *id, size_t len)
{
	if (len > 0 && len <= VIPCARE_ID_MAX && printable_ascii(id, len))
		return VIPCARE_OK;
	return check_id_slowly(msg, what, id, len);
}

/* 1 for the bytes of printable ASCII (0x20 .. 0x7e); a NUL is not one. */
static const unsigned char printable_byte[256] = {
#define ROW16 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1
	[0x20] = ROW16, ROW16, ROW16, ROW16, ROW16,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0,
#undef ROW16
};
#define PRINTABLE(c) (printable_byte[(c)] != 0)

/* The rest of vipcare__copy_id(): an empty, long or unusual id, out of line. */
static NOINLINE int copy_id_slowly(char *msg, char *dst, unsigned char *dst_len, const char *what,
				   const char *value, int optional)
{
	size_t len;
	int rc;

	if (value == NULL || value[0] == '\0') {
		if (!optional)
			return vipcare__fail(msg, VIPCARE_E_ID, "%s is empty", what);
		dst[0] = '\0';
		if (dst_len != NULL)
			*dst_len = 0;
		return VIPCARE_OK;
	}
	len = strlen(value);
	rc = check_id_slowly(msg, what, value, len);
	if (rc != VIPCARE_OK)
		return rc;
	memcpy(dst, value, len + 1);
	if (dst_len != NULL)
		*dst_len = (unsigned char)len;
	return VIPCARE_OK;
}

int vipcare__copy_id(char *msg, char *dst, unsigned char *dst_len, const char *what, const char *value,
		     int optional)
{
	/*
	 * The usual id, 1 to VIPCARE_ID_MAX bytes of printable ASCII, without
	 * a call: one look-up a byte finds both its end and any other byte (a
	 * NUL is not printable). It is checked before anything is copied, so a
	 * refused id leaves @dst as it was; everything else the slow way.
	 */
	if (value != NULL) {
		const unsigned char *p = (const unsigned char *)value;
		size_t len;

		/* four bytes a turn: the loop's own cost is spread over them */
		for (;;) {
			if (!PRINTABLE(p[0]))
				break;
			if (!PRINTABLE(p[1])) {
				p += 1;
				break;
			}
			if (!PRINTABLE(p[2])) {
				p += 2;
				break;
			}
			if (!PRINTABLE(p[3])) {
				p += 3;
				break;
			}
			p += 4;
		}
		len = (size_t)(p - (const unsigned char *)value);
		if (*p == '\0' && len - 1u < VIPCARE_ID_MAX) {
			copy_short(dst, value, len + 1);
			if (dst_len != NULL)
				*dst_len = (unsigned char)len;
			return VIPCARE_OK;
		}
		if (len == 0 && *p == '\0' && optional) {
			dst[0] = '\0';
			if (dst_len != NULL)
				*dst_len = 0;
			return VIPCARE_OK;
		}
	}
	return copy_id_slowly(msg, dst, dst_len, what, value, optional);
}

int vipcare__tier_name_ok(const char *name, size_t len)
{
	size_t i;

	if (len == 0 || len > VIPCARE_TIER_NAME_MAX)
		return 0;
	if (len == 4 && memcmp(name, "none", 4) == 0)
		return 0;
	for (i = 0; i < len; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '-'))
			return 0;
	}
	return 1;
}

int vipcare__is_leap(int32_t year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int vipcare__month_days(int32_t year, int32_t month)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (month == 2 && vipcare__is_leap(year))
		return 29;
	return days[month - 1];
}

/* Howard Hinnant's days_from_civil, for years well inside int32_t. */
int32_t vipcare__days_from_civil(int32_t year, int32_t month, int32_t day)
{
	int32_t y = year - (month <= 2);
	int32_t era = (y >= 0 ? y : y - 399) / 400;
	int32_t yoe = y - era * 400;
	int32_t mp = month > 2 ? month - 3 : month + 9;
	int32_t doy = (153 * mp + 2) / 5 + day - 1;
	int32_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

void vipcare__civil_from_days(int32_t days, int32_t *year, int32_t *month, int32_t *day)
{
	int32_t z = days + 719468;
	int32_t era = (z >= 0 ? z : z - 146096) / 146097;
	int32_t doe = z - era * 146097;
	int32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int32_t mp = (5 * doy + 2) / 153;
	int32_t d = doy - (153 * mp + 2) / 5 + 1;
	int32_t m = mp < 10 ? mp + 3 : mp - 9;

	*year = yoe + era * 400 + (m <= 2);
	*month = m;
	*day = d;
}

int32_t vipcare__birthday_in(int32_t year, int month, int day)
{
	if (month == 2 && day == 29 && !vipcare__is_leap(year))
		day = 28;
	return vipcare__days_from_civil(year, month, day);
}

