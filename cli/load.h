/*
 * libvipcare — the vipcare command: loading a data folder.
 * SPDX-License-Identifier: MIT
 *
 * Each file of DESIGN §10 is a table entry: its name, its columns (which
 * are required), and the function that turns one row into one call of the
 * library. The loader does the rest the same way for every file: header
 * checks, the column map, counting, the rejects file and the messages.
 * A file whose library calls do not exist yet has no row function and is
 * reported as not loaded.
 */
#ifndef VIPCARE_CLI_LOAD_H
#define VIPCARE_CLI_LOAD_H

#include "cli.h"
#include "csv.h"

#define LOAD_COLUMNS_MAX 16

/* What a row function answers. */
enum row_result {
	ROW_ACCEPTED = 0,
	ROW_REJECTED = 1, /* reported through load_reject() */
	ROW_PENDING = 2,  /* held in a batch; counted when the batch is flushed */
	ROW_STOP = 3,     /* the run stops; loader->exit_code says how */
};

struct loader;

struct column {
	const char *name;
	int required;
};

struct table {
	const char *file;
	int required;
	const struct column *columns; /* ends with a NULL name */
	/* NULL when this version cannot record the file's rows: then why not */
	int (*row)(struct loader *ld, const struct csv_row *row);
	/* records what is held in a batch (NULL when the table keeps none) */
	int (*flush)(struct loader *ld);
	const char *not_loaded;
};

/* Counts of one file. */
struct load_count {
	uint64_t read;
	uint64_t accepted;
	uint64_t rejected;
};

/* Rows held in a batch, for the transactions file. */
#define LOAD_BATCH 256

struct pending_row {
	uint64_t line;
	const char *raw;
	size_t raw_len;
	int terminated; /* the raw text has NULs for commas (csv_row.terminated) */
};

struct loader {
	struct vipcare_engine *engine;
	const char *dir;
	const struct table *table;
	char path[4096];
	int column_of[LOAD_COLUMNS_MAX]; /* table column -> field index, -1 when absent */
	size_t field_count;               /* fields of the header */
	FILE *rejects;
	const char *rejects_path;
	int exit_code;
	struct load_count count;
	/* reusable records */
	struct vipcare_customer *customer;
	struct vipcare_transaction *txns[LOAD_BATCH];
	struct pending_row pending[LOAD_BATCH];
	size_t pending_count;
	int flushing;
	struct vipcare_checkout *checkout;
	struct load_report *report;
	/* the raw text of a terminated row with its commas back, for the rejects file */
	char *restored;
	size_t restored_cap;
	/* a field copied as a C string (a row that is not terminated) */
	char text[VIPCARE_ID_MAX + 1];
	/* the last date part of a timestamp read (field_timestamp()), and its day */
	char ts_date[10];
	int32_t ts_day;
	int ts_cached;
};

#define LOAD_TABLES_MAX 8

enum load_state { FILE_ABSENT = 0, FILE_LOADED = 1, FILE_NOT_LOADED = 2 };

/* What a caller that prints its own summary (demo) learns of each file. */
struct load_report {
	int quiet; /* no per-file lines on stderr: the caller tells */
	enum load_state state[LOAD_TABLES_MAX];
	struct load_count count[LOAD_TABLES_MAX];
	uint64_t bytes;
};

/* The tables, one per file (load-*.c), and their list in the order the files are read. */
extern const struct table load_customers, load_transactions, load_surveys, load_service,
	load_care, load_redemptions, load_points;
extern const struct table *const load_tables[];
extern const size_t load_table_count;

/*
 * Loads every file of @dir present into @engine. With @rejects_path bad
 * rows go there and the run goes on; without, the first stops it.
 * @report may be NULL. Returns an exit status.
 */
int load_folder(struct vipcare_engine *engine, const char *dir, const char *rejects_path,
		struct load_report *report);

/* Whether @path is one of the data files of @dir (so that writing it would destroy it). */
int load_is_data_file(const char *dir, const char *path);

/* The field of a table column in a row, or NULL when the file lacks the column. */
static inline const struct csv_field *load_field(const struct loader *ld,
						 const struct csv_row *row, int column)
{
	int index = ld->column_of[column];

	return index < 0 ? NULL : &row->fields[index];
}
/* The row's field index of a table column, from 1 (for messages); 1 when absent. */
size_t load_column_number(const struct loader *ld, int column);

/*
 * Rejects a row (flushing any batch first, so that rows are judged in
 * file order): into the rejects file, or on stderr as the run's last
 * word. @column is a table column, or -1 for "the row as a whole".
 * @terminated: the raw text has NULs for commas (csv_row.terminated); the
 * rejects file gets it with its commas back.
 */
int load_reject(struct loader *ld, uint64_t line, const char *raw, size_t raw_len, int terminated,
		int column, const char *fmt, ...) CLI_PRINTF(7, 8);
/* The same, at a field number (1-based) of the row. */
int load_reject_at(struct loader *ld, uint64_t line, const char *raw, size_t raw_len,
		   int terminated, size_t field, const char *reason);

/* ---- load-fields.c: one field of a row; each returns 0, or the row's
 * result when the row was rejected (then the row function returns it) */

/* Rejects at a table column; the reason starts with the column's name. */
#define REJECT(ld, row, col, ...)                                                          \
	load_reject((ld), (row)->line, (row)->raw, (row)->raw_len, (row)->terminated, (col), \
		    __VA_ARGS__)

const char *field_name(const struct loader *ld, int column);
int field_empty(const struct csv_field *f);
/* A NUL-terminated copy (the library's setters take those): too long or a NUL byte is bad. */
int field_copy(struct loader *ld, const struct csv_row *row, int column, char *buf, size_t size);
/*
 * The same checks, but *out points at the field itself when the row is
 * terminated (no copy), else at @buf holding the copy.
 */
static inline int field_text(struct loader *ld, const struct csv_row *row, int column, char *buf,
			     size_t size, const char **out)
{
	const struct csv_field *f = load_field(ld, row, column);

	/* a terminated row has no NUL byte but the ones ending its fields */
	if (row->terminated && f != NULL && f->len < size) {
		*out = f->ptr;
		return 0;
	}
	*out = buf;
	return field_copy(ld, row, column, buf, size);
}
/* The value of the two decimal digits at @s, or a value above 99 when either is not a digit. */
static inline unsigned two_digits(const char *s)
{
	unsigned a = (unsigned)(unsigned char)s[0] - '0', b = (unsigned)(unsigned char)s[1] - '0';

	return a > 9 || b > 9 ? 100 : a * 10 + b;
}
/* A date; empty or absent gives VIPCARE_DATE_NONE. */
int field_date(struct loader *ld, const struct csv_row *row, int column, int32_t *out);
int field_timestamp(struct loader *ld, const struct csv_row *row, int column, int64_t *out);
/* A whole number of 1 .. @max; empty or absent gives @absent. */
int field_count(struct loader *ld, const struct csv_row *row, int column, int64_t max,
		int64_t absent, int64_t *out);
/* A whole number of @min .. @max; @what follows the range in the message (" for nps"). */
int field_int(struct loader *ld, const struct csv_row *row, int column, int64_t min, int64_t max,
	      const char *what, int64_t *out);
/* The index of the field in a NULL-terminated list of words, or -1. */
int field_word(const struct csv_field *f, const char *const *words);

#endif
