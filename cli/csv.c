/*
 * libvipcare — the vipcare command: the CSV reader.
 * SPDX-License-Identifier: MIT
 *
 * A row without a quote (nearly every row of a POS export) takes the fast
 * path: one pass finds its line end, that it has no quote, each comma and
 * whether it holds a NUL byte, 16 bytes at a time with SSE2 (every x86-64
 * has it; elsewhere memchr() does the same job in a few passes); the
 * fields are slices of the buffer. A row with a quote is parsed byte by
 * byte, still without copying, except for a field holding a doubled
 * quote, which is unescaped into a scratch buffer (the raw row must stay as
 * it was, for the rejects file). A row that spans the end of the buffer is
 * moved to its start (or the buffer grows) and parsed again once more is
 * read.
 *
 * The buffer has CSV_PAD bytes more than its capacity, all of them
 * initialised: the 16-byte loads of the fast path may read past the bytes
 * read (never past the allocation), and a terminated row's last NUL may
 * fall just past them.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csv.h"

#if defined(__SSE2__) && defined(__GNUC__) && !defined(CSV_NO_SIMD)
#include <emmintrin.h>
#define CSV_SIMD 1
#endif

#define DEFAULT_BLOCK ((size_t)4 << 20)
/* Bytes allocated past the capacity: a 16-byte load from the last byte read, and the last NUL. */
#define CSV_PAD 32

enum { NEED_MORE = 2 };

struct span {
	size_t off;
	size_t len;
	int in_scratch;
};

struct csv_reader {
	csv_read_fn read;
	void *read_ctx;
	csv_refill_fn refill;
	void *refill_ctx;
	char *buf;
	size_t cap;
	size_t pos; /* first byte not yet handed out */
	size_t end; /* end of the bytes read */
	size_t block;
	int eof;
	int bom_checked;
	int terminate;      /* csv_terminate_fields() */
	uint64_t line;      /* the physical line at pos */
	uint64_t shifted;   /* bytes dropped from the buffer's front so far */
	struct span *spans; /* CSV_FIELDS_MAX */
	struct csv_field *fields;
	char *scratch;
	size_t scratch_len;
	size_t scratch_cap;
};

ssize_t csv_read_fd(void *ctx, char *buf, size_t cap)
{
	int fd = *(int *)ctx;
	ssize_t n;

	do
		n = read(fd, buf, cap);
	while (n < 0 && errno == EINTR);
	return n;
}

ssize_t csv_read_memory(void *ctx, char *buf, size_t cap)
{
	struct csv_memory *m = ctx;
	size_t n = m->size - m->pos;

	if (n > cap)
		n = cap;
	if (m->chunk && n > m->chunk)
		n = m->chunk;
	if (n)
		memcpy(buf, m->data + m->pos, n);
	m->pos += n;
	return (ssize_t)n;
}

struct csv_reader *csv_new(csv_read_fn read_fn, void *read_ctx, size_t block)
{
	struct csv_reader *r = calloc(1, sizeof(*r));

	if (r == NULL)
		return NULL;
	r->read = read_fn;
	r->read_ctx = read_ctx;
	r->block = block ? block : DEFAULT_BLOCK;
	r->cap = r->block;
	r->buf = calloc(1, r->cap + CSV_PAD);
	if (r->buf != NULL)
		r->buf[0] = '\n'; /* past the bytes read: see scan_line() */
	r->spans = malloc(CSV_FIELDS_MAX * sizeof(*r->spans));
	r->fields = malloc(CSV_FIELDS_MAX * sizeof(*r->fields));
	r->line = 1;
	if (r->buf == NULL || r->spans == NULL || r->fields == NULL) {
		csv_free(r);
		return NULL;
	}
	return r;
}

void csv_free(struct csv_reader *r)
{
	if (r == NULL)
		return;
	free(r->buf);
	free(r->spans);
	free(r->fields);
	free(r->scratch);
	free(r);
}

void csv_on_refill(struct csv_reader *r, csv_refill_fn fn, void *ctx)
{
	r->refill = fn;
	r->refill_ctx = ctx;
}

void csv_terminate_fields(struct csv_reader *r, int on)
{
	r->terminate = on != 0;
}

void csv_restore_commas(char *out, const char *raw, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		out[i] = raw[i] != '\0' ? raw[i] : ',';
}

uint64_t csv_bytes_read(const struct csv_reader *r)
{
	return r->shifted + r->pos;
}

uint64_t csv_line(const struct csv_reader *r)
{
	return r->line;
}

/*
 * Makes room after the bytes kept (from pos) and reads more. The refill
 * hook runs first, since every slice handed out is about to move.
 */
static int fill(struct csv_reader *r)
{
	ssize_t n;

	if (r->eof)
		return CSV_END;
	if (r->pos > 0 || r->end == r->cap) {
		if (r->refill && r->refill(r->refill_ctx) != 0)
			return CSV_STOPPED;
	}
	if (r->pos > 0) {
		memmove(r->buf, r->buf + r->pos, r->end - r->pos);
		r->end -= r->pos;
		r->shifted += r->pos;
		r->pos = 0;
		r->buf[r->end] = '\n'; /* see scan_line() */
	}
	if (r->end == r->cap) {
		size_t ncap;
		char *nbuf;

		if (r->cap >= CSV_HOLD_MAX)
			return CSV_HUGE;
		ncap = r->cap * 2;
		nbuf = realloc(r->buf, ncap + CSV_PAD);
		if (nbuf == NULL)
			return CSV_NOMEM;
		/* every byte of the buffer stays initialised (see the top of the file) */
		memset(nbuf + r->cap + CSV_PAD, 0, ncap - r->cap);
		r->buf = nbuf;
		r->cap = ncap;
	}
	n = r->read(r->read_ctx, r->buf + r->end, r->cap - r->end);
	if (n < 0)
		return CSV_IO;
	if (n == 0)
		r->eof = 1;
	r->end += (size_t)n;
	/* the fast path's scan stops here at the latest (see scan_line()) */
	r->buf[r->end] = '\n';
	return CSV_ROW;
}

static int scratch_append(struct csv_reader *r, const char *p, size_t len)
{
	if (r->scratch_len + len > r->scratch_cap) {
		size_t ncap = r->scratch_cap ? r->scratch_cap : 256;
		char *n;

		while (ncap < r->scratch_len + len)
			ncap *= 2;
		n = realloc(r->scratch, ncap);
		if (n == NULL)
			return -1;
		r->scratch = n;
		r->scratch_cap = ncap;
	}
	memcpy(r->scratch + r->scratch_len, p, len);
	r->scratch_len += len;
	return 0;
}

static uint64_t count_newlines(const char *p, const char *e)
{
	uint64_t n = 0;

	while (p < e && (p = memchr(p, '\n', (size_t)(e - p))) != NULL) {
		n++;
		p++;
	}
	return n;
}

static void add_span(struct csv_reader *r, size_t *count, size_t off, size_t len, int in_scratch)
{
	if (*count < CSV_FIELDS_MAX) {
		r->spans[*count].off = off;
		r->spans[*count].len = len;
		r->spans[*count].in_scratch = in_scratch;
	}
	(*count)++;
}

/* Hands out the spans of the row as fields. */
static void publish(struct csv_reader *r, struct csv_row *row, size_t count)
{
	size_t i, kept = count < CSV_FIELDS_MAX ? count : CSV_FIELDS_MAX;

	for (i = 0; i < kept; i++) {
		const struct span *s = &r->spans[i];

		r->fields[i].ptr = (s->in_scratch ? r->scratch : r->buf) + s->off;
		r->fields[i].len = s->len;
	}
	row->fields = r->fields;
	row->count = count;
}

static void set_bad(struct csv_row *row, size_t column, const char *reason)
{
	row->bad_column = column;
	snprintf(row->bad_reason, sizeof(row->bad_reason), "%s", reason);
}

static size_t trim_cr(const char *s, size_t len)
{
	return len > 0 && s[len - 1] == '\r' ? len - 1 : len;
}

/*
 * Ends a malformed row at the end of the physical line where the fault
 * is (from @at), so that reading resumes on the next line.
 */
static int end_bad_row(struct csv_reader *r, struct csv_row *row, size_t start, size_t at)
{
	char *nl = at < r->end ? memchr(r->buf + at, '\n', r->end - at) : NULL;
	size_t stop;

	if (nl == NULL && !r->eof)
		return NEED_MORE;
	stop = nl ? (size_t)(nl - r->buf) : r->end;
	row->raw = r->buf + start;
	row->raw_len = trim_cr(row->raw, stop - start);
	row->count = 0;
	row->fields = r->fields;
	row->line = r->line;
	r->line += count_newlines(r->buf + start, r->buf + stop) + (nl ? 1 : 0);
	r->pos = nl ? stop + 1 : stop;
	return CSV_BAD;
}

/*
 * Parses a row that holds a quote, from r->pos. Returns CSV_ROW, CSV_BAD,
 * CSV_NOMEM, or NEED_MORE when the row may go on past the bytes read.
 */
static int parse_quoted_row(struct csv_reader *r, struct csv_row *row)
{
	const size_t start = r->pos;
	const char *base = r->buf;
	const char *limit = r->buf + r->end;
	const char *i = base + start;
	size_t count = 0;
	char why[120];

	r->scratch_len = 0;
	for (;;) {
		size_t column = count + 1;

		if (i < limit && *i == '"') {
			const char *content = ++i;
			int escaped = 0;
			size_t off = 0;

			for (;;) {
				const char *q = memchr(i, '"', (size_t)(limit - i));

				if (q == NULL) {
					if (!r->eof)
						return NEED_MORE;
					snprintf(why, sizeof(why),
						 "field %zu: a quoted field is not closed before the end of the file",
						 column);
					set_bad(row, column, why);
					return end_bad_row(r, row, start, r->end);
				}
				if (q + 1 == limit && !r->eof)
					return NEED_MORE;
				if (q + 1 < limit && q[1] == '"') {
					if (!escaped) {
						escaped = 1;
						off = r->scratch_len;
					}
					if (scratch_append(r, content, (size_t)(q + 1 - content)) < 0)
						return CSV_NOMEM;
					i = q + 2;
					content = i;
					continue;
				}
				if (escaped) {
					if (scratch_append(r, content, (size_t)(q - content)) < 0)
						return CSV_NOMEM;
					add_span(r, &count, off, r->scratch_len - off, 1);
				} else {
					add_span(r, &count, (size_t)(content - base), (size_t)(q - content), 0);
				}
				i = q + 1;
				break;
			}
			/* after the closing quote: a comma, the line end, or the file end */
			if (i == limit) {
				if (!r->eof)
					return NEED_MORE;
				break;
			}
			if (*i == ',') {
				i++;
				if (i == limit && r->eof) {
					add_span(r, &count, 0, 0, 0);
					break;
				}
				continue;
			}
			if (*i == '\n')
				break;
			if (*i == '\r') {
				if (i + 1 == limit && !r->eof)
					return NEED_MORE;
				if (i + 1 == limit || i[1] == '\n')
					break;
			}
			if ((unsigned char)*i >= 0x20 && (unsigned char)*i < 0x7f)
				snprintf(why, sizeof(why),
					 "field %zu: expected ',' or the end of the row after the closing quote, found '%c'",
					 column, *i);
			else
				snprintf(why, sizeof(why),
					 "field %zu: expected ',' or the end of the row after the closing quote, found byte 0x%02x",
					 column, (unsigned)(unsigned char)*i);
			set_bad(row, column, why);
			return end_bad_row(r, row, start, (size_t)(i - base));
		}

		/* an unquoted field */
		{
			const char *f = i;

			while (i < limit && *i != ',' && *i != '\n' && *i != '"')
				i++;
			if (i == limit && !r->eof)
				return NEED_MORE;
			if (i < limit && *i == '"') {
				snprintf(why, sizeof(why),
					 "field %zu: a quote inside an unquoted field; quote the whole field and double the quote",
					 column);
				set_bad(row, column, why);
				return end_bad_row(r, row, start, (size_t)(i - base));
			}
			if (i == limit || *i == '\n') {
				add_span(r, &count, (size_t)(f - base), trim_cr(f, (size_t)(i - f)), 0);
				break;
			}
			add_span(r, &count, (size_t)(f - base), (size_t)(i - f), 0);
			i++; /* the comma */
			if (i == limit && r->eof) {
				add_span(r, &count, 0, 0, 0);
				break;
			}
		}
	}

	/* i is at the line end ('\n', "\r\n") or the file end */
	{
		size_t stop = (size_t)(i - base);
		size_t next = stop;

		if (i < limit && *i == '\r')
			next = stop + (i + 1 < limit ? 2 : 1);
		else if (i < limit && *i == '\n')
			next = stop + 1;
		row->raw = base + start;
		row->raw_len = trim_cr(base + start, stop - start);
		row->line = r->line;
		r->line += count_newlines(base + start, base + next);
		r->pos = next;
	}
	publish(r, row, count);
	return CSV_ROW;
}

static int too_long(struct csv_row *row)
{
	if (row->raw_len <= CSV_ROW_MAX)
		return 0;
	snprintf(row->bad_reason, sizeof(row->bad_reason),
		 "row is %zu bytes long; at most %d allowed", row->raw_len, CSV_ROW_MAX);
	row->bad_column = 1;
	return 1;
}

/* What scan_line() found. */
enum scan_result { SCAN_ROW, SCAN_QUOTE, SCAN_MORE };

struct scan {
	const char *end;  /* the '\n' that ends the line, or the end of the file */
	const char *last; /* where the last field starts */
	size_t commas;    /* commas before end (fields[] holds the first CSV_FIELDS_MAX) */
	int newline;      /* whether end is a '\n' */
	int has_nul;      /* whether [start, end) holds a NUL byte */
};

/* Puts back the commas that terminated fields replaced (rows that turn out not to be plain). */
static void unterminate(struct csv_reader *r, size_t commas)
{
	size_t i, kept = commas < CSV_FIELDS_MAX ? commas : CSV_FIELDS_MAX;

	for (i = 0; i < kept; i++)
		r->buf[(size_t)(r->fields[i].ptr - r->buf) + r->fields[i].len] = ',';
}

#ifdef CSV_SIMD
/*
 * Records the fields ended by the commas of @commas (bits of the 16 bytes
 * at @p), the first of them starting at *@f; returns the field count.
 */
static inline __attribute__((always_inline)) size_t
split_commas(struct csv_reader *r, char *p, unsigned commas, char **f, size_t count, int terminate)
{
	struct csv_field *fp = r->fields + count;
	char *start = *f;

	if (count + 16 > CSV_FIELDS_MAX) {
		/* near the most fields kept: count the rest without keeping them */
		do {
			char *c = p + (size_t)__builtin_ctz(commas);

			if (count < CSV_FIELDS_MAX) {
				r->fields[count].ptr = start;
				r->fields[count].len = (size_t)(c - start);
				if (terminate)
					*c = '\0';
			}
			count++;
			start = c + 1;
			commas &= commas - 1u;
		} while (commas != 0);
		*f = start;
		return count;
	}
	do {
		char *c = p + (size_t)__builtin_ctz(commas);

		fp->ptr = start;
		fp->len = (size_t)(c - start);
		fp++;
		if (terminate)
			*c = '\0';
		start = c + 1;
		commas &= commas - 1u;
	} while (commas != 0);
	*f = start;
	return (size_t)(fp - r->fields);
}

#endif

/*
 * Scans the line at @s up to its '\n' as a row without quotes: each comma
 * before it becomes the end of a field in r->fields (and a NUL when the
 * reader terminates fields). SCAN_QUOTE: a quote comes first, so the row
 * is for the careful parser; SCAN_MORE: the line goes on past the bytes
 * read. Either way nothing is left written in the buffer.
 */
#ifdef CSV_SIMD
/*
 * 16 bytes at a time: a mask of the bytes that stop the scan ('\n', '"'
 * and NUL) and one of the commas. fill() puts a '\n' just past the bytes
 * read, so the scan always stops by the end of them; the bytes loaded past
 * it are never looked at.
 */
static enum scan_result scan_line(struct csv_reader *r, char *s, struct scan *sc)
{
	const __m128i nl = _mm_set1_epi8('\n'), quote = _mm_set1_epi8('"');
	const __m128i comma = _mm_set1_epi8(','), zero = _mm_setzero_si128();
	char *const limit = r->buf + r->end;
	char *p = s, *f = s;
	size_t count = 0;
	const int terminate = r->terminate;
	int nul = 0;

	for (;;) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
		unsigned stop = (unsigned)_mm_movemask_epi8(
			_mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, nl), _mm_cmpeq_epi8(v, quote)),
				     _mm_cmpeq_epi8(v, zero)));
		unsigned commas = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, comma));
		char *e;

		if (stop == 0) {
			if (commas != 0)
				count = split_commas(r, p, commas, &f, count, terminate);
			p += 16;
			continue;
		}
		commas &= (stop & (0u - stop)) - 1u;
		if (commas != 0)
			count = split_commas(r, p, commas, &f, count, terminate);
		e = p + __builtin_ctz(stop);
		if (e == limit) {
			/* the '\n' fill() put past the bytes read */
			if (!r->eof) {
				if (terminate)
					unterminate(r, count);
				return SCAN_MORE;
			}
			sc->newline = 0;
		} else if (*e == '\0') {
			/* a NUL byte of the row: noted, and the scan goes on after it */
			nul = 1;
			p = e + 1;
			continue;
		} else if (*e == '"') {
			if (terminate)
				unterminate(r, count);
			return SCAN_QUOTE;
		} else {
			sc->newline = 1;
		}
		sc->end = e;
		break;
	}
	sc->last = f;
	sc->commas = count;
	sc->has_nul = nul;
	return SCAN_ROW;
}
#else
/* The same with memchr(): the line end, then a quote in the line, then a NUL, then each comma. */
static enum scan_result scan_line(struct csv_reader *r, char *s, struct scan *sc)
{
	size_t avail = r->end - (size_t)(s - r->buf), count = 0;
	char *nl = memchr(s, '\n', avail), *e, *f = s, *c;

	if (nl == NULL && !r->eof)
		return SCAN_MORE;
	e = nl ? nl : s + avail;
	if (memchr(s, '"', (size_t)(e - s)) != NULL)
		return SCAN_QUOTE;
	/* before the commas become NULs */
	sc->has_nul = memchr(s, '\0', (size_t)(e - s)) != NULL;
	while ((c = memchr(f, ',', (size_t)(e - f))) != NULL) {
		if (count < CSV_FIELDS_MAX) {
			r->fields[count].ptr = f;
			r->fields[count].len = (size_t)(c - f);
			if (r->terminate)
				*c = '\0';
		}
		count++;
		f = c + 1;
	}
	sc->end = e;
	sc->newline = nl != NULL;
	sc->last = f;
	sc->commas = count;
	return SCAN_ROW;
}
#endif

int csv_next(struct csv_reader *r, struct csv_row *row)
{
	for (;;) {
		struct scan sc;
		char *s;
		size_t avail;
		int rc;

		avail = r->end - r->pos;
		if (!r->bom_checked) {
			if (avail < 3 && !r->eof) {
				rc = fill(r);
				if (rc < 0)
					return rc;
				continue;
			}
			r->bom_checked = 1;
			if (avail >= 3 && memcmp(r->buf + r->pos, "\xef\xbb\xbf", 3) == 0)
				r->pos += 3;
			continue;
		}
		if (avail == 0) {
			if (r->eof)
				return CSV_END;
			rc = fill(r);
			if (rc < 0)
				return rc;
			continue;
		}
		s = r->buf + r->pos;
		rc = scan_line(r, s, &sc);
		if (rc == SCAN_MORE) {
			rc = fill(r);
			if (rc < 0)
				return rc;
			continue;
		}

		if (rc == SCAN_ROW) {
			const char *e = sc.end;
			size_t len;

			/* a blank line is no row (and has no comma: nothing was written) */
			if (e == s || (e == s + 1 && *s == '\r')) {
				r->pos += (size_t)(e - s) + (size_t)sc.newline;
				r->line++;
				continue;
			}
			len = trim_cr(s, (size_t)(e - s));
			if (sc.commas < CSV_FIELDS_MAX) {
				r->fields[sc.commas].ptr = sc.last;
				r->fields[sc.commas].len = (size_t)(s + len - sc.last);
			}
			row->fields = r->fields;
			row->count = sc.commas + 1;
			row->raw = s;
			row->raw_len = len;
			row->has_nul = sc.has_nul;
			row->terminated = 0;
			row->line = r->line++;
			r->pos += (size_t)(e - s) + (size_t)sc.newline;
			if (too_long(row) || (r->terminate && sc.has_nul)) {
				if (r->terminate)
					unterminate(r, sc.commas);
				return row->raw_len > CSV_ROW_MAX ? CSV_BAD : CSV_ROW;
			}
			if (r->terminate) {
				/* past the raw text: its '\r' or '\n', or the padding */
				s[len] = '\0';
				row->terminated = 1;
			}
			return CSV_ROW;
		}

		rc = parse_quoted_row(r, row);
		row->terminated = 0;
		if (rc == CSV_ROW || rc == CSV_BAD)
			row->has_nul = memchr(row->raw, '\0', row->raw_len) != NULL;
		if (rc == NEED_MORE) {
			rc = fill(r);
			if (rc < 0)
				return rc;
			continue;
		}
		if (rc == CSV_ROW && too_long(row))
			return CSV_BAD;
		return rc;
	}
}
