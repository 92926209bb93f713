/*
 * libvipcare — fuzz target for the vipcare command's CSV reader.
 *
 * Whatever the input, reading it must not crash, leak or read out of
 * bounds, and:
 *  - every byte of every row's raw text and fields can be read (a
 *    sanitizer checks), no field is longer than its row, line numbers only
 *    grow;
 *  - reading it again in tiny blocks of a few bytes (every refill and
 *    buffer growth path) gives exactly the same rows, fields, lines and
 *    verdicts;
 *  - read with its fields NUL-terminated in place (csv_terminate_fields()),
 *    it gives the same rows and fields, every field of a terminated row is
 *    followed by a NUL, and csv_restore_commas() gives back the raw text;
 *  - a well-formed row written back with RFC 4180 quoting reads back as
 *    the same fields.
 * SPDX-License-Identifier: MIT
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../cli/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define ROWS_MAX 4096

struct seen {
	int result;
	uint64_t line;
	size_t count;
	size_t raw_len;
	uint64_t hash; /* of the fields, with their boundaries */
};

static uint64_t mix(uint64_t h, const void *p, size_t len)
{
	const unsigned char *b = p;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ b[i]) * 0x100000001b3u;
	return h;
}

static uint64_t row_hash(const struct csv_row *row)
{
	uint64_t h = 0xcbf29ce484222325u;
	size_t i, kept = row->count < CSV_FIELDS_MAX ? row->count : CSV_FIELDS_MAX;

	for (i = 0; i < kept; i++) {
		h = mix(h, &row->fields[i].len, sizeof(row->fields[i].len));
		h = mix(h, row->fields[i].ptr, row->fields[i].len);
	}
	return h;
}

/* Reads everything; returns the number of rows seen (at most ROWS_MAX kept). */
static size_t read_all(const uint8_t *data, size_t size, size_t block, size_t chunk,
		       int terminate, struct seen *out)
{
	struct csv_memory mem = { (const char *)data, size, 0, chunk };
	struct csv_reader *r = csv_new(csv_read_memory, &mem, block);
	struct csv_row row;
	char *restored = NULL;
	uint64_t last_line = 0;
	size_t n = 0;
	int rc;

	if (r == NULL)
		return 0;
	csv_terminate_fields(r, terminate);
	if (terminate && (restored = malloc(size + 1)) == NULL) {
		csv_free(r);
		return 0;
	}
	while ((rc = csv_next(r, &row)) == CSV_ROW || rc == CSV_BAD) {
		size_t i, kept = row.count < CSV_FIELDS_MAX ? row.count : CSV_FIELDS_MAX;
		const char *raw = row.raw;

		if (row.line <= last_line || row.raw_len > size)
			abort();
		last_line = row.line;
		/* a field is never longer than the raw text it comes from */
		for (i = 0; i < kept; i++)
			if (row.fields[i].len > row.raw_len)
				abort();
		if (rc == CSV_BAD && (row.bad_reason[0] == '\0' || row.bad_column == 0))
			abort();
		if (row.terminated) {
			/* only asked for, only on a good row, and then every field ends in a NUL */
			if (!terminate || rc != CSV_ROW)
				abort();
			for (i = 0; i < kept; i++)
				if (row.fields[i].ptr[row.fields[i].len] != '\0')
					abort();
			csv_restore_commas(restored, row.raw, row.raw_len);
			raw = restored;
		}
		if (n < ROWS_MAX) {
			out[n].result = rc;
			out[n].line = row.line;
			out[n].count = rc == CSV_ROW ? row.count : 0;
			out[n].raw_len = row.raw_len;
			/* hashing reads every byte, so a sanitizer sees any slice out of bounds */
			out[n].hash = mix(rc == CSV_ROW ? row_hash(&row) : 0, raw, row.raw_len);
		}
		n++;
	}
	if (rc != CSV_END && rc != CSV_HUGE)
		abort(); /* memory reads never fail, and nothing asked to stop */
	csv_free(r);
	free(restored);
	return n;
}

/* Writes the fields back with RFC 4180 quoting and checks they read back the same. */
static void round_trip(const struct csv_row *row)
{
	size_t i, len = 0, o = 0;
	char *text;
	struct csv_memory mem;
	struct csv_reader *r;
	struct csv_row again;

	if (row->count == 0 || row->count > CSV_FIELDS_MAX)
		return;
	for (i = 0; i < row->count; i++)
		len += row->fields[i].len * 2 + 3;
	text = malloc(len + 1);
	if (text == NULL)
		return;
	for (i = 0; i < row->count; i++) {
		size_t k;

		if (i)
			text[o++] = ',';
		text[o++] = '"';
		for (k = 0; k < row->fields[i].len; k++) {
			if (row->fields[i].ptr[k] == '"')
				text[o++] = '"';
			text[o++] = row->fields[i].ptr[k];
		}
		text[o++] = '"';
	}
	text[o++] = '\n';
	mem.data = text;
	mem.size = o;
	mem.pos = 0;
	mem.chunk = 0;
	r = csv_new(csv_read_memory, &mem, 4096);
	if (r != NULL) {
		int rc = csv_next(r, &again);

		/* a row of one empty field quoted is `""`, which reads back as one empty field */
		if (rc == CSV_BAD && o - 1 > CSV_ROW_MAX) {
			/* quoting made it longer than a row may be: fine */
		} else if (rc != CSV_ROW || again.count != row->count) {
			abort();
		} else {
			for (i = 0; i < row->count; i++)
				if (again.fields[i].len != row->fields[i].len ||
				    memcmp(again.fields[i].ptr, row->fields[i].ptr,
					   row->fields[i].len) != 0)
					abort();
		}
		csv_free(r);
	}
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct seen big[ROWS_MAX], small[ROWS_MAX], ended[ROWS_MAX];
	size_t n_big, n_small, n_ended, i, chunk;
	struct csv_memory mem = { (const char *)data, size, 0, 0 };
	struct csv_reader *r;
	struct csv_row row;
	int rc;

	/* the reference: blocks of 64 KiB (the command reads 4 MiB, which would
	 * only slow the fuzzer down) */
	n_big = read_all(data, size, 65536, 0, 0, big);
	/* the same in blocks of 16 bytes (the buffer grows for longer rows), fed 1
	 * to 7 bytes at a time for small inputs (a row is parsed again after each
	 * read, so tiny reads of a big input would only measure that) */
	chunk = size && size <= 4096 ? 1 + data[0] % 7 : 0;
	n_small = read_all(data, size, 16, chunk, 0, small);
	/* and with the fields NUL-terminated in place, as the command reads */
	n_ended = read_all(data, size, 65536, 0, 1, ended);
	if (n_big != n_small || n_big != n_ended)
		abort();
	for (i = 0; i < n_big && i < ROWS_MAX; i++)
		if (big[i].result != small[i].result || big[i].line != small[i].line ||
		    big[i].count != small[i].count || big[i].raw_len != small[i].raw_len ||
		    big[i].hash != small[i].hash || big[i].result != ended[i].result ||
		    big[i].line != ended[i].line || big[i].count != ended[i].count ||
		    big[i].raw_len != ended[i].raw_len || big[i].hash != ended[i].hash)
			abort();

	/* a few rows written back and read again */
	r = csv_new(csv_read_memory, &mem, 65536);
	if (r == NULL)
		return 0;
	for (i = 0; i < 64 && (rc = csv_next(r, &row)) != CSV_END; i++) {
		if (rc == CSV_ROW)
			round_trip(&row);
		else if (rc != CSV_BAD)
			break;
	}
	csv_free(r);
	return 0;
}
