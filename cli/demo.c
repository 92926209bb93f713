/*
 * libvipcare — `vipcare demo`: the whole job on an embedded default. It
 * generates a mall, loads it under the default policy, scores every
 * member, lists the next day's care agenda, computes the KPIs of the last
 * month, writes the HTML report, and prints a short summary.
 * SPDX-License-Identifier: MIT
 *
 * The summary on stdout depends only on the arguments (and the folder's
 * name), so that it can be compared as a whole; timings go to stderr.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "load.h"
#include "report.h"

static const char demo_help[] =
	"Usage: vipcare demo [--out DIR] [--members N] [--seed N]\n"
	"\n"
	"Generates a mall of N customers (default 10000) into DIR (default: a new\n"
	"temporary folder), loads it under the default policy, scores every member\n"
	"as of the last day of data, lists the care agenda of the next day,\n"
	"computes the KPIs of the last month of data, writes score.csv,\n"
	"agenda.csv, kpi.json, report.html and rejects.csv into DIR, and prints a\n"
	"summary with the report's path.\n"
	"\n"
	"  --out DIR        the folder to use (created if missing)\n"
	"  --members N      customers (default 10000)\n"
	"  --seed N         the random seed (default 1)\n"
	"\n"
	"Exit status: 0 done, 1 bad usage, 2 bad data, 3 I/O failure.\n";

static const char *const demo_options[] = { "--out", "--members", "--seed", NULL };

static double seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* 1234567 as 1,234,567 */
static const char *grouped(char *buf, size_t size, uint64_t n)
{
	char digits[32];
	size_t len, i, o = 0;

	snprintf(digits, sizeof(digits), "%llu", (unsigned long long)n);
	len = strlen(digits);
	for (i = 0; i < len && o + 2 < size; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = digits[i];
	}
	buf[o] = '\0';
	return buf;
}

/* A KPI that is a count (points), grouped; it may be negative. */
static const char *kpi_count(char *buf, size_t size, const struct vipcare_kpi_state *kpi, int which)
{
	int64_t num = 0, den = 0;
	char digits[28];

	vipcare_kpi_get(kpi, which, &num, &den);
	grouped(digits, sizeof(digits), num < 0 ? (uint64_t)0 - (uint64_t)num : (uint64_t)num);
	snprintf(buf, size, "%s%s", num < 0 ? "-" : "", digits);
	return buf;
}

static int write_file(const char *dir, const char *name, char *path, size_t size, FILE **f)
{
	snprintf(path, size, "%s/%s", dir, name);
	*f = fopen(path, "w");
	if (*f == NULL) {
		fprintf(stderr, "vipcare demo: cannot create %s: %s\n", path, strerror(errno));
		return EXIT_IO;
	}
	return EXIT_DONE;
}

static int close_file(FILE *f, const char *path)
{
	int bad = ferror(f) != 0;

	bad |= fclose(f) != 0;
	if (bad) {
		fprintf(stderr, "vipcare demo: cannot write %s: %s\n", path, strerror(errno));
		return EXIT_IO;
	}
	return EXIT_DONE;
}

/* Members per tier as of @asof, counted from the score cursor. */
static int count_tiers(struct vipcare_engine *e, int32_t asof, uint64_t *per_tier,
		       uint64_t *members)
{
	struct vipcare_score_cursor *cursor = NULL;
	const struct vipcare_score *s;
	int rc;

	if (vipcare_score_cursor_new(&cursor, e, asof) != VIPCARE_OK)
		return -1;
	*members = 0;
	while ((rc = vipcare_score_cursor_next(cursor, &s)) == 1) {
		int rank = vipcare_score_tier(s);

		if (rank >= 0 && rank < VIPCARE_TIERS_MAX)
			per_tier[rank]++;
		(*members)++;
	}
	vipcare_score_cursor_unref(cursor);
	return rc;
}

static void print_summary(const struct generate_params *g, const struct load_report *report,
			  struct vipcare_engine *e, struct vipcare_agenda *agenda, int32_t today,
			  const uint64_t *per_tier, uint64_t members,
			  const struct vipcare_kpi_state *kpi)
{
	const struct vipcare_policy *p = vipcare_engine_policy(e);
	uint64_t kinds[VIPCARE_CARE_KINDS] = { 0 }, rejected = 0;
	char a[32], b[32], c[32], d[32], date[VIPCARE_DATE_BUFSIZE], end[VIPCARE_DATE_BUFSIZE];
	size_t i, n = vipcare_agenda_count(agenda);
	int rank, kind, first;

	vipcare_date_format(date, sizeof(date), g->start);
	vipcare_date_format(end, sizeof(end), g->end);
	printf("vipcare demo: a mall of %s customers (seed %llu), sales from %s to %s\n",
	       grouped(a, sizeof(a), g->members), (unsigned long long)g->seed, date, end);
	printf("data folder: %s\n\n", g->dir);

	printf("loaded (default policy):\n");
	for (i = 0; i < load_table_count; i++) {
		const struct load_count *count = &report->count[i];

		if (report->state[i] == FILE_LOADED) {
			printf("  %-17s %10s rows, %s rejected\n", load_tables[i]->file,
			       grouped(a, sizeof(a), count->read),
			       grouped(b, sizeof(b), count->rejected));
			rejected += count->rejected;
		} else if (report->state[i] == FILE_NOT_LOADED) {
			printf("  %-17s not loaded: %s\n", load_tables[i]->file,
			       load_tables[i]->not_loaded);
		}
	}

	printf("\ntiers as of %s, %s members:\n", end, grouped(a, sizeof(a), members));
	for (rank = 0; rank < (int)vipcare_policy_tier_count(p); rank++) {
		uint64_t share = members ? (per_tier[rank] * 1000 + members / 2) / members : 0;

		printf("  %-10s %10s  %3llu.%llu%%\n", vipcare_policy_tier_name(p, rank),
		       grouped(a, sizeof(a), per_tier[rank]), (unsigned long long)(share / 10),
		       (unsigned long long)(share % 10));
	}

	for (i = 0; i < n; i++) {
		kind = vipcare_agenda_kind(agenda, i);
		if (kind >= 0 && kind < VIPCARE_CARE_KINDS)
			kinds[kind]++;
	}
	vipcare_date_format(date, sizeof(date), today);
	printf("\ncare agenda for %s: %s items (overdue ones included)\n", date,
	       grouped(a, sizeof(a), n));
	for (kind = 0; kind < VIPCARE_CARE_KINDS; kind++)
		printf("  %-16s %8s\n", vipcare_care_kind_name(kind),
		       grouped(a, sizeof(a), kinds[kind]));
	printf("  not listed, opted out of marketing:");
	first = 1;
	for (kind = 0; kind < VIPCARE_CARE_KINDS; kind++) {
		if (vipcare_policy_care_marketing(p, kind) != 1)
			continue;
		printf("%s %s %s", first ? "" : ",", vipcare_care_kind_name(kind),
		       grouped(a, sizeof(a), vipcare_agenda_suppressed(agenda, kind)));
		first = 0;
	}
	{
		char from[VIPCARE_DATE_BUFSIZE];
		int met, missed;

		met = report_targets_met(kpi, p, &missed);
		vipcare_date_format(from, sizeof(from), vipcare_kpi_state_from(kpi));
		printf("\n\nKPIs for %s to %s: %d target%s met, %d missed\n", from, end, met,
		       met == 1 ? "" : "s", missed);
		report_write_targets(stdout, kpi, p);
		printf("  points: %s issued, %s redeemed, %s expired; %s outstanding at the end\n",
		       kpi_count(a, sizeof(a), kpi, VIPCARE_KPI_POINTS_ISSUED),
		       kpi_count(b, sizeof(b), kpi, VIPCARE_KPI_POINTS_REDEEMED),
		       kpi_count(c, sizeof(c), kpi, VIPCARE_KPI_POINTS_EXPIRED),
		       kpi_count(d, sizeof(d), kpi, VIPCARE_KPI_POINTS_OUTSTANDING));
	}
	printf("\nwritten to %s:\n", g->dir);
	printf("  report.html      the KPI report: open it in a browser\n");
	printf("  kpi.json         the KPIs, every figure with its numerator and denominator\n");
	printf("  score.csv        every member's tier as of %s, explained\n", end);
	printf("  agenda.csv       the care agenda for %s\n", date);
	printf("  rejects.csv      %s bad rows\n", grouped(a, sizeof(a), rejected));
	printf("\nreport: %s/report.html\n", g->dir);
	printf("\nnext: vipcare score --data %s --asof %s --format json\n", g->dir, end);
	snprintf(a, sizeof(a), "%llu", (unsigned long long)g->members);
	/* the generator's ids: C and at least 6 digits */
	printf("      vipcare benefits --data %s --customer C%0*u --at %sT12:00\n", g->dir,
	       strlen(a) < 6 ? 6 : (int)strlen(a), 1u, end);
}

int cmd_demo(int argc, char **argv)
{
	struct vipcare_engine *engine = NULL;
	struct vipcare_agenda *agenda = NULL;
	struct vipcare_kpi_state *kpi = NULL;
	struct generate_params g;
	struct load_report report;
	struct options o;
	uint64_t per_tier[VIPCARE_TIERS_MAX] = { 0 }, members = 0;
	char dir[4096], path[4200], rejects[4200];
	double t0, t1, t2, t3;
	FILE *f;
	int rc;

	rc = args_parse(&o, "demo", demo_options, argc, argv);
	if (rc != EXIT_DONE)
		return rc;
	if (o.help) {
		fputs(demo_help, stdout);
		return EXIT_DONE;
	}
	if ((rc = generate_parse(&o, "demo", &g)) != EXIT_DONE)
		return rc;
	if (o.out != NULL) {
		snprintf(dir, sizeof(dir), "%s", o.out);
	} else {
		const char *tmp = getenv("TMPDIR");

		snprintf(dir, sizeof(dir), "%s/vipcare-demo-XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
		if (mkdtemp(dir) == NULL) {
			fprintf(stderr, "vipcare demo: cannot create a folder in %s: %s\n",
				tmp && tmp[0] ? tmp : "/tmp", strerror(errno));
			return EXIT_IO;
		}
	}
	g.dir = dir;

	t0 = seconds();
	rc = generate_run(&g, "demo");
	if (rc != EXIT_DONE)
		return rc;
	t1 = seconds();

	if (vipcare_engine_new(&engine, NULL) != VIPCARE_OK) {
		fprintf(stderr, "vipcare demo: out of memory\n");
		return EXIT_IO;
	}
	memset(&report, 0, sizeof(report));
	report.quiet = 1;
	snprintf(rejects, sizeof(rejects), "%s/rejects.csv", dir);
	rc = load_folder(engine, dir, rejects, &report);
	t2 = seconds();

	if (rc == EXIT_DONE && (rc = write_file(dir, "score.csv", path, sizeof(path), &f)) == EXIT_DONE) {
		rc = score_write(engine, g.end, "csv", f, "demo");
		if (close_file(f, path) != EXIT_DONE && rc == EXIT_DONE)
			rc = EXIT_IO;
	}
	if (rc == EXIT_DONE && count_tiers(engine, g.end, per_tier, &members) < 0) {
		fprintf(stderr, "vipcare demo: %s\n", vipcare_engine_last_error(engine));
		rc = EXIT_IO;
	}
	if (rc == EXIT_DONE && vipcare_agenda_new(&agenda, engine, g.end + 1, g.end + 1) != VIPCARE_OK) {
		fprintf(stderr, "vipcare demo: %s\n", vipcare_engine_last_error(engine));
		rc = EXIT_IO;
	}
	if (rc == EXIT_DONE && (rc = write_file(dir, "agenda.csv", path, sizeof(path), &f)) == EXIT_DONE) {
		rc = agenda_write(agenda, vipcare_engine_policy(engine), "csv", f, NULL);
		if (close_file(f, path) != EXIT_DONE && rc == EXIT_DONE)
			rc = EXIT_IO;
	}
	if (rc == EXIT_DONE) {
		/* the last month of data: from the first of the last day's month */
		int32_t y, m, from;

		vipcare_date_to_ymd(g.end, &y, &m, NULL);
		vipcare_date_from_ymd(&from, y, m, 1);
		if (from < g.start)
			from = g.start;
		if (vipcare_kpi_state_new(&kpi, engine, from, g.end) != VIPCARE_OK) {
			fprintf(stderr, "vipcare demo: %s\n", vipcare_engine_last_error(engine));
			rc = EXIT_IO;
		}
	}
	if (rc == EXIT_DONE &&
	    (rc = write_file(dir, "kpi.json", path, sizeof(path), &f)) == EXIT_DONE) {
		char *text = NULL;

		if (vipcare_kpi_state_to_json(kpi, &text) == VIPCARE_OK)
			fputs(text, f);
		else
			rc = EXIT_IO;
		vipcare_free(text);
		if (close_file(f, path) != EXIT_DONE && rc == EXIT_DONE)
			rc = EXIT_IO;
	}
	if (rc == EXIT_DONE &&
	    (rc = write_file(dir, "report.html", path, sizeof(path), &f)) == EXIT_DONE) {
		report_write_html(f, kpi, vipcare_engine_policy(engine), agenda, g.end + 1);
		if (close_file(f, path) != EXIT_DONE && rc == EXIT_DONE)
			rc = EXIT_IO;
	}
	t3 = seconds();
	if (rc == EXIT_DONE) {
		uint64_t rows = 0;
		size_t i;

		print_summary(&g, &report, engine, agenda, g.end + 1, per_tier, members, kpi);
		for (i = 0; i < load_table_count; i++)
			rows += report.count[i].read;
		fprintf(stderr,
			"timing: generate %.2f s; load %.1f MB, %llu rows in %.2f s (%.0f MB/s, %.0f rows/s); score, agenda, KPIs and report %.2f s\n",
			t1 - t0, (double)report.bytes / 1e6, (unsigned long long)rows, t2 - t1,
			t2 > t1 ? (double)report.bytes / 1e6 / (t2 - t1) : 0.0,
			t2 > t1 ? (double)rows / (t2 - t1) : 0.0, t3 - t2);
	}
	vipcare_kpi_state_unref(kpi);
	vipcare_agenda_unref(agenda);
	vipcare_engine_unref(engine);
	return rc;
}
