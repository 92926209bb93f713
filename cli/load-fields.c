/*
 * libvipcare — the vipcare command: reading one field of a row, with the
 * message a bad one gets (what was expected, what was found, never more
 * than 40 bytes of the value).
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "load.h"

const char *field_name(const struct loader *ld, int column)
{
	return ld->table->columns[column].name;
}

int field_empty(const struct csv_field *f)
{
	return f == NULL || f->len == 0;
}

/*
 * Copies a field into @buf as a NUL-terminated string (the library's
 * setters take those). Returns 0, or the row's result when it is
 * rejected: too long, or holding a NUL byte.
 */
int field_copy(struct loader *ld, const struct csv_row *row, int column, char *buf, size_t size)
{
	const struct csv_field *f = load_field(ld, row, column);
	char quoted[QUOTED_SIZE];
	const char *nul;

	buf[0] = '\0';
	if (f == NULL)
		return 0;
	if (f->len >= size) {
		quote_value(quoted, sizeof(quoted), f->ptr, f->len);
		return REJECT(ld, row, column, "%s: %s is %zu bytes long; at most %zu allowed",
			      field_name(ld, column), quoted, f->len, size - 1);
	}
	nul = row->has_nul ? memchr(f->ptr, '\0', f->len) : NULL;
	if (nul != NULL) {
		quote_value(quoted, sizeof(quoted), f->ptr, f->len);
		return REJECT(ld, row, column, "%s: %s has a NUL byte at byte %zu",
			      field_name(ld, column), quoted, (size_t)(nul - f->ptr) + 1);
	}
	memcpy(buf, f->ptr, f->len);
	buf[f->len] = '\0';
	return 0;
}

/*
 * The day of a valid `YYYY-MM-DD`, as vipcare_date_parse() gives it; 0
 * when it is anything else (the caller then asks the parser, which says
 * what is wrong). The digits are read here; whether they make a date of
 * 1900 .. 9999 is the library's to say.
 */
static int quick_date(const char *s, int32_t *out)
{
	unsigned hi = two_digits(s), lo = two_digits(s + 2), m = two_digits(s + 5),
		 d = two_digits(s + 8);

	if (hi > 99 || lo > 99 || m > 99 || d > 99 || s[4] != '-' || s[7] != '-')
		return 0;
	return vipcare_date_from_ymd(out, (int32_t)(hi * 100 + lo), (int32_t)m, (int32_t)d) ==
	       VIPCARE_OK;
}

/* Whether the 10 bytes of a date part are the same (two loads each, not a call). */
static int same_date(const char *a, const char *b)
{
	uint64_t a8, b8;
	uint16_t a2, b2;

	memcpy(&a8, a, 8);
	memcpy(&b8, b, 8);
	memcpy(&a2, a + 8, 2);
	memcpy(&b2, b + 8, 2);
	return a8 == b8 && a2 == b2;
}

/* The library's parser, for every timestamp the quick way does not read. */
static int timestamp_slowly(struct loader *ld, const struct csv_row *row, int column,
			    int64_t *out)
{
	const struct csv_field *f = load_field(ld, row, column);
	char why[VIPCARE_ERRBUF_SIZE];

	if (vipcare_timestamp_parse(out, f->ptr, f->len, why, sizeof(why)) != VIPCARE_OK)
		return REJECT(ld, row, column, "%s: %s", field_name(ld, column), why);
	return 0;
}

/*
 * The usual shape, `YYYY-MM-DDTHH:MM:SS` (or a space for the T), is read
 * here, the date part remembered from the row before (a POS export is in
 * time order, so most rows share it); anything else, valid or not, goes
 * to vipcare_timestamp_parse(), which gives the same value and says what
 * is wrong.
 */
int field_timestamp(struct loader *ld, const struct csv_row *row, int column, int64_t *out)
{
	const struct csv_field *f = load_field(ld, row, column);
	const char *s = f->ptr;
	unsigned h, m, sec;
	int32_t day;

	if (f->len != 19 || (s[10] != 'T' && s[10] != ' ') || s[13] != ':' || s[16] != ':')
		return timestamp_slowly(ld, row, column, out);
	h = two_digits(s + 11);
	m = two_digits(s + 14);
	sec = two_digits(s + 17);
	if (h > 23 || m > 59 || sec > 59)
		return timestamp_slowly(ld, row, column, out);
	if (ld->ts_cached && same_date(ld->ts_date, s)) {
		day = ld->ts_day;
	} else {
		if (!quick_date(s, &day))
			return timestamp_slowly(ld, row, column, out);
		memcpy(ld->ts_date, s, 10);
		ld->ts_day = day;
		ld->ts_cached = 1;
	}
	*out = (int64_t)day * 86400 + (int64_t)(h * 3600 + m * 60 + sec);
	return 0;
}

int field_date(struct loader *ld, const struct csv_row *row, int column, int32_t *out)
{
	const struct csv_field *f = load_field(ld, row, column);
	char why[VIPCARE_ERRBUF_SIZE];

	*out = VIPCARE_DATE_NONE;
	if (field_empty(f))
		return 0;
	if (f->len == 10 && quick_date(f->ptr, out))
		return 0;
	if (vipcare_date_parse(out, f->ptr, f->len, why, sizeof(why)) != VIPCARE_OK)
		return REJECT(ld, row, column, "%s: %s", field_name(ld, column), why);
	return 0;
}

/* A whole number of 1 .. @max; empty or absent gives @absent. */
int field_count(struct loader *ld, const struct csv_row *row, int column, int64_t max,
		int64_t absent, int64_t *out)
{
	const struct csv_field *f = load_field(ld, row, column);
	char quoted[QUOTED_SIZE];
	int64_t n = 0;
	size_t i;

	if (field_empty(f)) {
		*out = absent;
		return 0;
	}
	for (i = 0; i < f->len; i++) {
		unsigned d = (unsigned char)f->ptr[i] - '0';

		if (d > 9 || n > max)
			break;
		n = n * 10 + d;
	}
	if (i < f->len || n < 1 || n > max) {
		quote_value(quoted, sizeof(quoted), f->ptr, f->len);
		return REJECT(ld, row, column, "%s: expected a whole number 1..%lld, found %s",
			      field_name(ld, column), (long long)max, quoted);
	}
	*out = n;
	return 0;
}

/* Matches a field against a NULL-terminated list of words; -1 when none. */
int field_word(const struct csv_field *f, const char *const *words)
{
	int i;

	for (i = 0; words[i] != NULL; i++)
		if (strlen(words[i]) == f->len && memcmp(words[i], f->ptr, f->len) == 0)
			return i;
	return -1;
}

/* A whole number of @min .. @max, digits only. */
int field_int(struct loader *ld, const struct csv_row *row, int column, int64_t min, int64_t max,
	      const char *what, int64_t *out)
{
	const struct csv_field *f = load_field(ld, row, column);
	char quoted[QUOTED_SIZE];
	int64_t n = 0;
	size_t i;

	for (i = 0; i < f->len; i++) {
		unsigned d = (unsigned char)f->ptr[i] - '0';

		if (d > 9 || n > max)
			break;
		n = n * 10 + d;
	}
	if (f->len == 0 || i < f->len || n < min || n > max) {
		quote_value(quoted, sizeof(quoted), f->ptr, f->len);
		return REJECT(ld, row, column, "%s: expected %lld..%lld%s, found %s",
			      field_name(ld, column), (long long)min, (long long)max, what, quoted);
	}
	*out = n;
	return 0;
}
