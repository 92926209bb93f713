/*
 * libvipcare — `vipcare points`: every member's points balance as of a
 * date, with the next expiry (DESIGN §5b, §10).
 * SPDX-License-Identifier: MIT
 */
#include <inttypes.h>
#include <string.h>

#include "cli.h"

static const char points_help[] =
	"Usage: vipcare points --asof DATE [--data DIR] [--policy FILE] [--rejects FILE]\n"
	"                      [--format csv|json] [--output FILE]\n"
	"\n"
	"Every member's points balance at the end of DATE, by customer_id\n"
	"(bytewise), with the columns\n"
	"  customer_id,balance,next_expiry,next_expiry_points\n"
	"next_expiry is the last day of the oldest lot that still holds points\n"
	"(31 December) and next_expiry_points what expires after it; both are\n"
	"empty when nothing is due to expire. A balance may be negative when\n"
	"refunds took back points already spent or expired.\n"
	"\n"
	"  --asof DATE      the date (required)\n"
	"  --data DIR       the data folder (default: the current folder)\n"
	"  --policy FILE    the policy file (default: the default policy)\n"
	"  --rejects FILE   write bad rows there and go on (default: stop at the first)\n"
	"  --format F       csv (default) or json\n"
	"  --output FILE    write there instead of the standard output\n"
	"\n"
	"Exit status: 0 done, 1 bad usage, 2 bad data or policy, 3 I/O failure.\n";

static const char *const points_options[] = {
	"--data", "--policy", "--rejects", "--asof", "--format", "--output", NULL,
};

/* The members come from the score cursor: the members as of the date, in id order. */
static int points_write(struct vipcare_engine *e, int32_t asof, int json, FILE *f)
{
	struct vipcare_score_cursor *cursor = NULL;
	const struct vipcare_score *s;
	struct progress bar;
	uint64_t done = 0;
	int rc;

	if (vipcare_score_cursor_new(&cursor, e, asof) != VIPCARE_OK) {
		fprintf(stderr, "vipcare points: %s\n", vipcare_engine_last_error(e));
		return EXIT_IO;
	}
	progress_start(&bar, "points", vipcare_score_cursor_count(cursor));
	if (json) {
		fputs("{\"asof\": ", f);
		out_json_date(f, asof);
		fputs(", \"members\": [", f);
	} else {
		fputs("customer_id,balance,next_expiry,next_expiry_points\n", f);
	}
	while ((rc = vipcare_score_cursor_next(cursor, &s)) == 1) {
		const char *id = vipcare_score_customer(s);
		int64_t balance = 0, expiring = 0;
		int32_t expiry = VIPCARE_DATE_NONE;

		if (vipcare_engine_points_balance(e, id, asof, &balance, &expiry, &expiring) !=
		    VIPCARE_OK) {
			rc = -1;
			break;
		}
		if (json) {
			fputs(done ? ",\n{\"customer_id\": " : "\n{\"customer_id\": ", f);
			out_json_string(f, id);
			fprintf(f, ", \"balance\": %" PRId64 ", \"next_expiry\": ", balance);
			out_json_date(f, expiry);
			if (expiry == VIPCARE_DATE_NONE)
				fputs(", \"next_expiry_points\": null}", f);
			else
				fprintf(f, ", \"next_expiry_points\": %" PRId64 "}", expiring);
		} else {
			out_csv(f, id);
			fprintf(f, ",%" PRId64 ",", balance);
			out_date(f, expiry);
			if (expiry != VIPCARE_DATE_NONE)
				fprintf(f, ",%" PRId64 "\n", expiring);
			else
				fputs(",\n", f);
		}
		progress_update(&bar, ++done);
	}
	if (json)
		fputs(done ? "\n]}\n" : "]}\n", f);
	progress_finish(&bar);
	/* the cursor's engine stays alive until the cursor goes */
	vipcare_score_cursor_unref(cursor);
	if (rc < 0) {
		fprintf(stderr, "vipcare points: %s\n", vipcare_engine_last_error(e));
		return EXIT_IO;
	}
	return EXIT_DONE;
}

int cmd_points(int argc, char **argv)
{
	static const char *const formats[] = { "csv", "json", NULL };
	struct options o;
	struct session s;
	struct out out = { NULL, NULL };
	const char *format;
	int32_t asof;
	int rc;

	rc = args_parse(&o, "points", points_options, argc, argv);
	if (rc != EXIT_DONE)
		return rc;
	if (o.help) {
		fputs(points_help, stdout);
		return EXIT_DONE;
	}
	if (o.asof == NULL)
		return usage_error("points", "--asof DATE is required");
	if ((rc = args_date("points", "--asof", o.asof, &asof)) != EXIT_DONE ||
	    (rc = args_format("points", o.format, formats, &format)) != EXIT_DONE)
		return rc;
	rc = session_open(&s, &o);
	if (rc == EXIT_DONE)
		rc = out_open(&out, "points", o.output);
	if (rc == EXIT_DONE) {
		rc = points_write(s.engine, asof, strcmp(format, "json") == 0, out.f);
		if (out_close(&out, "points") != EXIT_DONE && rc == EXIT_DONE)
			rc = EXIT_IO;
	}
	session_close(&s);
	return rc;
}
