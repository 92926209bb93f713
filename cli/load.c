/*
 * libvipcare — the vipcare command: loading a data folder, the same way
 * for every file (DESIGN §10, §11).
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "load.h"

static int field_is(const struct csv_field *f, const char *name)
{
	size_t len = strlen(name);

	return f->len == len && memcmp(f->ptr, name, len) == 0;
}

size_t load_column_number(const struct loader *ld, int column)
{
	return column < 0 || ld->column_of[column] < 0 ? 1 : (size_t)ld->column_of[column] + 1;
}

static int flush_pending(struct loader *ld)
{
	if (ld->table == NULL || ld->table->flush == NULL || ld->pending_count == 0 || ld->flushing)
		return ROW_ACCEPTED;
	return ld->table->flush(ld);
}

/* The raw text of a terminated row with its commas back (NULL when out of memory). */
static const char *restore_raw(struct loader *ld, const char *raw, size_t raw_len)
{
	if (raw_len > ld->restored_cap) {
		char *n = realloc(ld->restored, raw_len);

		if (n == NULL)
			return NULL;
		ld->restored = n;
		ld->restored_cap = raw_len;
	}
	csv_restore_commas(ld->restored, raw, raw_len);
	return ld->restored;
}

int load_reject_at(struct loader *ld, uint64_t line, const char *raw, size_t raw_len,
		   int terminated, size_t field, const char *reason)
{
	/* rows are judged in file order: the batch before this row first */
	if (flush_pending(ld) == ROW_STOP)
		return ROW_STOP;
	ld->count.rejected++;
	if (ld->rejects == NULL) {
		fprintf(stderr, "%s:%llu:%zu: %s\n", ld->path, (unsigned long long)line, field,
			reason);
		ld->exit_code = EXIT_DATA;
		return ROW_STOP;
	}
	if (terminated && raw_len > 0 && (raw = restore_raw(ld, raw, raw_len)) == NULL) {
		fprintf(stderr, "%s: out of memory\n", ld->path);
		ld->exit_code = EXIT_IO;
		return ROW_STOP;
	}
	out_csv(ld->rejects, ld->table->file);
	fprintf(ld->rejects, ",%llu,", (unsigned long long)line);
	out_csv(ld->rejects, reason);
	fputc(',', ld->rejects);
	out_csv_n(ld->rejects, raw, raw_len);
	fputc('\n', ld->rejects);
	return ROW_REJECTED;
}

int load_reject(struct loader *ld, uint64_t line, const char *raw, size_t raw_len, int terminated,
		int column, const char *fmt, ...)
{
	char reason[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	return load_reject_at(ld, line, raw, raw_len, terminated, load_column_number(ld, column),
			      reason);
}

static int refill_hook(void *ctx)
{
	struct loader *ld = ctx;

	return flush_pending(ld) == ROW_STOP ? -1 : 0;
}

static int fatal_at(struct loader *ld, uint64_t line, size_t column, int code, const char *fmt,
		    ...) CLI_PRINTF(5, 6);

static int fatal_at(struct loader *ld, uint64_t line, size_t column, int code, const char *fmt,
		    ...)
{
	va_list ap;

	fprintf(stderr, "%s:%llu:%zu: ", ld->path, (unsigned long long)line, column);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	ld->exit_code = code;
	return code;
}

/*
 * The header row: every column of the table found by name, in any order;
 * an unknown column is ignored with one warning; a repeated known column
 * or a missing required one stops before any row is read.
 */
static int read_header(struct loader *ld, const struct csv_row *row)
{
	const struct table *t = ld->table;
	char quoted[QUOTED_SIZE];
	char missing[512];
	size_t i, j, nmissing = 0;
	int c;

	for (c = 0; c < LOAD_COLUMNS_MAX; c++)
		ld->column_of[c] = -1;
	if (row->count > CSV_FIELDS_MAX)
		return fatal_at(ld, row->line, 1, EXIT_DATA,
				"the header has %zu columns; at most %d are read", row->count,
				CSV_FIELDS_MAX);
	for (i = 0; i < row->count; i++) {
		const struct csv_field *f = &row->fields[i];
		int known = -1;

		for (c = 0; t->columns[c].name != NULL; c++) {
			if (field_is(f, t->columns[c].name)) {
				known = c;
				break;
			}
		}
		quote_value(quoted, sizeof(quoted), f->ptr, f->len);
		if (known >= 0) {
			if (ld->column_of[known] >= 0)
				return fatal_at(ld, row->line, i + 1, EXIT_DATA,
						"column %s appears twice (columns %d and %zu)", quoted,
						ld->column_of[known] + 1, i + 1);
			ld->column_of[known] = (int)i;
			continue;
		}
		/* an unknown column: one warning per name */
		for (j = 0; j < i; j++)
			if (row->fields[j].len == f->len &&
			    memcmp(row->fields[j].ptr, f->ptr, f->len) == 0)
				break;
		if (j == i)
			fprintf(stderr, "%s:%llu:%zu: warning: unknown column %s is ignored\n", ld->path,
				(unsigned long long)row->line, i + 1, quoted);
	}
	missing[0] = '\0';
	for (c = 0; t->columns[c].name != NULL; c++) {
		if (t->columns[c].required && ld->column_of[c] < 0) {
			size_t used = strlen(missing);

			snprintf(missing + used, sizeof(missing) - used, "%s\"%s\"",
				 nmissing ? ", " : "", t->columns[c].name);
			nmissing++;
		}
	}
	if (nmissing)
		return fatal_at(ld, row->line, 1, EXIT_DATA, "required column%s %s %s missing",
				nmissing > 1 ? "s" : "", missing, nmissing > 1 ? "are" : "is");
	ld->field_count = row->count;
	return EXIT_DONE;
}

static int read_rows(struct loader *ld, struct csv_reader *r, uint64_t size)
{
	struct progress bar;
	struct csv_row row;
	int rc, result = EXIT_DONE;

	progress_start(&bar, ld->table->file, size);
	for (;;) {
		rc = csv_next(r, &row);
		if (rc == CSV_END)
			break;
		if (rc == CSV_ROW || rc == CSV_BAD)
			ld->count.read++;
		if (rc == CSV_ROW && row.count != ld->field_count) {
			/* the first missing field, or the first one too many */
			size_t column = row.count < ld->field_count ? row.count + 1 : ld->field_count + 1;
			char why[96];

			snprintf(why, sizeof(why), "the row has %zu field%s; the header has %zu",
				 row.count, row.count == 1 ? "" : "s", ld->field_count);
			if (load_reject_at(ld, row.line, row.raw, row.raw_len, row.terminated, column,
					   why) == ROW_STOP)
				break;
			progress_update(&bar, csv_bytes_read(r));
			continue;
		}
		if (rc == CSV_ROW) {
			int r2 = ld->table->row(ld, &row);

			if (r2 == ROW_ACCEPTED)
				ld->count.accepted++;
			else if (r2 == ROW_STOP)
				break;
		} else if (rc == CSV_BAD) {
			if (load_reject_at(ld, row.line, row.raw, row.raw_len, row.terminated,
					   row.bad_column, row.bad_reason) == ROW_STOP)
				break;
		} else if (rc == CSV_STOPPED) {
			break;
		} else if (rc == CSV_IO) {
			fprintf(stderr, "%s: cannot read: %s\n", ld->path, strerror(errno));
			ld->exit_code = EXIT_IO;
			break;
		} else if (rc == CSV_NOMEM) {
			fprintf(stderr, "%s: out of memory\n", ld->path);
			ld->exit_code = EXIT_IO;
			break;
		} else if (rc == CSV_HUGE) {
			fatal_at(ld, csv_line(r), 1, EXIT_DATA,
				 "a row longer than %zu MiB; this does not look like a CSV file",
				 CSV_HOLD_MAX >> 20);
			break;
		}
		progress_update(&bar, csv_bytes_read(r));
	}
	if (ld->exit_code == EXIT_DONE && flush_pending(ld) == ROW_STOP)
		result = ld->exit_code;
	progress_finish(&bar);
	return ld->exit_code != EXIT_DONE ? ld->exit_code : result;
}

static int load_file(struct loader *ld, int fd, uint64_t size)
{
	struct csv_reader *r = csv_new(csv_read_fd, &fd, 0);
	struct csv_row row;
	int rc;

	if (r == NULL) {
		fprintf(stderr, "%s: out of memory\n", ld->path);
		return ld->exit_code = EXIT_IO;
	}
	csv_on_refill(r, refill_hook, ld);
	rc = csv_next(r, &row);
	switch (rc) {
	case CSV_ROW:
		rc = read_header(ld, &row);
		if (rc != EXIT_DONE)
			break;
		/* the fields of plain rows become C strings in place, so that the
		 * setters take them without a copy (load_reject_at() puts the
		 * commas back in what it writes) */
		csv_terminate_fields(r, 1);
		rc = read_rows(ld, r, size);
		break;
	case CSV_END:
		rc = fatal_at(ld, 1, 1, EXIT_DATA, "the file is empty; expected a header row");
		break;
	case CSV_BAD:
		rc = fatal_at(ld, row.line, row.bad_column, EXIT_DATA, "header: %s", row.bad_reason);
		break;
	case CSV_IO:
		fprintf(stderr, "%s: cannot read: %s\n", ld->path, strerror(errno));
		rc = ld->exit_code = EXIT_IO;
		break;
	case CSV_HUGE:
		rc = fatal_at(ld, 1, 1, EXIT_DATA,
			      "a row longer than %zu MiB; this does not look like a CSV file",
			      CSV_HOLD_MAX >> 20);
		break;
	default:
		fprintf(stderr, "%s: out of memory\n", ld->path);
		rc = ld->exit_code = EXIT_IO;
		break;
	}
	csv_free(r);
	return rc;
}

static int loader_init(struct loader *ld, struct vipcare_engine *engine, const char *dir)
{
	size_t i;

	memset(ld, 0, sizeof(*ld));
	ld->engine = engine;
	ld->dir = dir;
	if (vipcare_customer_new(&ld->customer) != VIPCARE_OK ||
	    vipcare_checkout_new(&ld->checkout) != VIPCARE_OK)
		return -1;
	for (i = 0; i < LOAD_BATCH; i++)
		if (vipcare_transaction_new(&ld->txns[i]) != VIPCARE_OK)
			return -1;
	return 0;
}

static void loader_release(struct loader *ld)
{
	size_t i;

	vipcare_customer_unref(ld->customer);
	vipcare_checkout_unref(ld->checkout);
	for (i = 0; i < LOAD_BATCH; i++)
		vipcare_transaction_unref(ld->txns[i]);
	free(ld->restored);
}

static int load_table(struct loader *ld, const struct table *t, size_t index)
{
	struct load_report *report = ld->report;
	int quiet = report != NULL && report->quiet;
	struct stat st;
	int fd, rc;
	size_t dirlen = strlen(ld->dir);

	ld->table = t;
	memset(&ld->count, 0, sizeof(ld->count));
	ld->pending_count = 0;
	snprintf(ld->path, sizeof(ld->path), "%s%s%s", ld->dir,
		 dirlen && ld->dir[dirlen - 1] == '/' ? "" : "/", t->file);
	fd = open(ld->path, O_RDONLY);
	if (fd < 0) {
		if (errno == ENOENT && !t->required)
			return EXIT_DONE;
		fprintf(stderr, "%s: cannot open: %s%s\n", ld->path, strerror(errno),
			errno == ENOENT ? " (the file is required)" : "");
		return ld->exit_code = EXIT_IO;
	}
	if (t->row == NULL) {
		if (!quiet)
			fprintf(stderr, "%s: not loaded: %s\n", ld->path, t->not_loaded);
		if (report != NULL)
			report->state[index] = FILE_NOT_LOADED;
		close(fd);
		return EXIT_DONE;
	}
	if (fstat(fd, &st) != 0)
		memset(&st, 0, sizeof(st));
	if (S_ISDIR(st.st_mode)) {
		fprintf(stderr, "%s: cannot read: %s\n", ld->path, strerror(EISDIR));
		close(fd);
		return ld->exit_code = EXIT_IO;
	}
#ifdef POSIX_FADV_SEQUENTIAL
	posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
	rc = load_file(ld, fd, st.st_size > 0 ? (uint64_t)st.st_size : 0);
	close(fd);
	if (report != NULL) {
		report->state[index] = FILE_LOADED;
		report->count[index] = ld->count;
		report->bytes += st.st_size > 0 ? (uint64_t)st.st_size : 0;
	}
	if (ld->rejects != NULL && !quiet && rc != EXIT_IO && ld->field_count > 0)
		fprintf(stderr, "%s: read %llu, accepted %llu, rejected %llu\n", ld->path,
			(unsigned long long)ld->count.read, (unsigned long long)ld->count.accepted,
			(unsigned long long)ld->count.rejected);
	ld->field_count = 0;
	return rc;
}

const struct table *const load_tables[] = {
	&load_customers, &load_transactions, &load_surveys, &load_service,
	&load_care, &load_redemptions, &load_points,
};

const size_t load_table_count = sizeof(load_tables) / sizeof(load_tables[0]);

int load_is_data_file(const char *dir, const char *path)
{
	struct stat target, st;
	char file[4096];
	size_t i;

	if (path == NULL || stat(path, &target) != 0)
		return 0;
	for (i = 0; i < load_table_count; i++) {
		snprintf(file, sizeof(file), "%s/%s", dir, load_tables[i]->file);
		if (stat(file, &st) == 0 && st.st_dev == target.st_dev && st.st_ino == target.st_ino)
			return 1;
	}
	return 0;
}

int load_folder(struct vipcare_engine *engine, const char *dir, const char *rejects_path,
		struct load_report *report)
{
	struct loader *ld = malloc(sizeof(*ld));
	struct stat st;
	size_t i;
	int rc = EXIT_DONE;

	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		int err = errno;

		fprintf(stderr, "%s: cannot read the data folder: %s\n", dir,
			stat(dir, &st) != 0 ? strerror(err) : "not a directory");
		free(ld);
		return EXIT_IO;
	}
	if (ld == NULL || loader_init(ld, engine, dir) != 0) {
		fprintf(stderr, "vipcare: out of memory\n");
		if (ld)
			loader_release(ld);
		free(ld);
		return EXIT_IO;
	}
	if (rejects_path != NULL) {
		ld->rejects_path = rejects_path;
		ld->rejects = fopen(rejects_path, "w");
		if (ld->rejects == NULL) {
			fprintf(stderr, "%s: cannot create the rejects file: %s\n", rejects_path,
				strerror(errno));
			loader_release(ld);
			free(ld);
			return EXIT_IO;
		}
		fputs("file,line,reason,row\n", ld->rejects);
	}
	ld->report = report;
	for (i = 0; i < load_table_count && rc == EXIT_DONE; i++)
		rc = load_table(ld, load_tables[i], i);
	if (ld->rejects != NULL) {
		int failed = ferror(ld->rejects);

		if (fclose(ld->rejects) != 0 || failed) {
			fprintf(stderr, "%s: cannot write the rejects file: %s\n", rejects_path,
				strerror(errno));
			if (rc == EXIT_DONE)
				rc = EXIT_IO;
		}
	}
	loader_release(ld);
	free(ld);
	return rc;
}
