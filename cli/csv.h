/*
 * libvipcare — the vipcare command.
 * SPDX-License-Identifier: MIT
 *
 * An RFC 4180 CSV reader built for speed: it reads big blocks, finds row
 * ends, quotes and commas 16 bytes at a time (SSE2 on x86-64, memchr()
 * elsewhere), and hands out fields as (pointer, length) slices of its own
 * buffer, allocating nothing per row or field. A UTF-8 byte-order mark is
 * skipped; LF and CRLF both end a row; a quoted field may hold commas,
 * doubled quotes and line breaks. The raw text of each row stays in the
 * buffer, so a rejected row can be written out unchanged; only a reader
 * asked to (csv_terminate_fields()) writes a NUL after each field of a row
 * without quotes, and then says so in the row (see csv_row.terminated).
 */
#ifndef VIPCARE_CLI_CSV_H
#define VIPCARE_CLI_CSV_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* The longest row accepted, in bytes of raw text; a longer one is a bad row. */
#define CSV_ROW_MAX 65536
/* The longest row the reader holds in memory at all; past it the file is refused. */
#define CSV_HOLD_MAX ((size_t)64 << 20)
/* Fields kept per row; further ones are counted, not kept. */
#define CSV_FIELDS_MAX 1024

/* Fills @buf with up to @cap bytes; returns the count, 0 at the end, -1 on error (errno). */
typedef ssize_t (*csv_read_fn)(void *ctx, char *buf, size_t cap);
/* Called before the reader moves its buffer: slices handed out so far become invalid. */
typedef int (*csv_refill_fn)(void *ctx);

struct csv_field {
	const char *ptr;
	size_t len;
};

struct csv_row {
	/* fields[0 .. min(count, CSV_FIELDS_MAX) - 1]; valid until the next csv_next() */
	const struct csv_field *fields;
	size_t count;
	/* the first physical line of the row, from 1 */
	uint64_t line;
	/* the raw text, without the line end that closes it */
	const char *raw;
	size_t raw_len;
	/* whether the raw text holds a NUL byte (one look per row, so that a
	 * reader of the fields need not look in each one) */
	int has_nul;
	/*
	 * 1 when every field kept is followed by a NUL byte in the buffer
	 * (fields[i].ptr[fields[i].len] == '\0'): only for a row without
	 * quotes and without NUL bytes, read by a reader asked to. The NULs
	 * stand where the commas were, so the raw text has a NUL in place of
	 * each comma (csv_restore_commas() gives it back); the NUL after the
	 * last field is past raw_len.
	 */
	int terminated;
	/* when the row is malformed (csv_next() returned CSV_BAD): where and why */
	size_t bad_column;
	char bad_reason[160];
};

enum csv_result {
	CSV_ROW = 1,     /* a row */
	CSV_END = 0,     /* no more rows */
	CSV_BAD = -1,    /* a malformed row: raw, line, bad_column and bad_reason are set */
	CSV_IO = -2,     /* a read failed; errno tells why */
	CSV_NOMEM = -3,  /* out of memory */
	CSV_HUGE = -4,   /* a row longer than CSV_HOLD_MAX: the file cannot be read further */
	CSV_STOPPED = -5, /* the refill hook asked to stop */
};

struct csv_reader;

/*
 * A reader over @read (with @read_ctx); @block is the size of each read
 * (0 for the default, 4 MiB). Returns NULL when out of memory.
 */
struct csv_reader *csv_new(csv_read_fn read, void *read_ctx, size_t block);
void csv_free(struct csv_reader *r);

/* Sets the hook called before the buffer moves (for batches holding raw rows). */
void csv_on_refill(struct csv_reader *r, csv_refill_fn fn, void *ctx);

/*
 * With @on, each row without quotes (and without NUL bytes) gets its
 * fields NUL-terminated in place, so that they can be handed to a function
 * taking a C string without a copy (see csv_row.terminated).
 */
void csv_terminate_fields(struct csv_reader *r, int on);

/*
 * Copies @len bytes of a terminated row's raw text into @out (which holds
 * @len bytes), each NUL turned back into the comma it replaced. A
 * terminated row has no NUL byte of its own, so this gives the row as read.
 */
void csv_restore_commas(char *out, const char *raw, size_t len);

/* The next row; blank lines are skipped (and counted as lines). */
int csv_next(struct csv_reader *r, struct csv_row *row);

/* The physical line the reader is at (for a message after CSV_HUGE or CSV_IO). */
uint64_t csv_line(const struct csv_reader *r);

/* Bytes consumed so far (for progress). */
uint64_t csv_bytes_read(const struct csv_reader *r);

/* A read function over a file descriptor (ctx points to the int). */
ssize_t csv_read_fd(void *ctx, char *buf, size_t cap);

/* A read function over memory: ctx is a struct csv_memory. */
struct csv_memory {
	const char *data;
	size_t size;
	size_t pos;
	size_t chunk; /* bytes per read at most (0: all) */
};
ssize_t csv_read_memory(void *ctx, char *buf, size_t cap);

#endif
