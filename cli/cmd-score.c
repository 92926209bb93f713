/*
 * libvipcare — `vipcare score`: every member's tier as of a date, with the
 * metrics and the explanation (DESIGN §4, §10).
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "cli.h"

static const char score_help[] =
	"Usage: vipcare score --asof DATE [--data DIR] [--policy FILE] [--rejects FILE]\n"
	"                     [--format csv|json] [--output FILE]\n"
	"\n"
	"Scores every member as of DATE (YYYY-MM-DD): one row per member, by\n"
	"customer_id (bytewise), with the columns\n"
	"  customer_id,tier,net_spend,visits,first_sale,last_sale,lifetime_spend,\n"
	"  decided_by,next_tier,spend_to_next,visits_to_next,tier_expires\n"
	"\n"
	"  --asof DATE      the scoring date (required)\n"
	"  --data DIR       the data folder (default: the current folder)\n"
	"  --policy FILE    the policy file (default: the default policy)\n"
	"  --rejects FILE   write bad rows there and go on (default: stop at the first)\n"
	"  --format F       csv (default) or json\n"
	"  --output FILE    write there instead of the standard output\n"
	"\n"
	"Exit status: 0 done, 1 bad usage, 2 bad data or policy, 3 I/O failure.\n";

static const char *const score_options[] = {
	"--data", "--policy", "--rejects", "--asof", "--format", "--output", NULL,
};

static void csv_row(FILE *f, const struct vipcare_score *s)
{
	const char *next = vipcare_score_next_tier_name(s);

	out_csv(f, vipcare_score_customer(s));
	fputc(',', f);
	out_csv(f, vipcare_score_tier_name(s));
	fputc(',', f);
	out_money(f, vipcare_score_net_spend(s));
	fprintf(f, ",%ld,", (long)vipcare_score_visits(s));
	out_date(f, vipcare_score_first_sale(s));
	fputc(',', f);
	out_date(f, vipcare_score_last_sale(s));
	fputc(',', f);
	out_money(f, vipcare_score_lifetime_spend(s));
	fputc(',', f);
	fputs(vipcare_decided_by_name(vipcare_score_decided_by(s)), f);
	fputc(',', f);
	if (next != NULL) {
		out_csv(f, next);
		fputc(',', f);
		out_money(f, vipcare_score_spend_to_next(s));
		fprintf(f, ",%ld,", (long)vipcare_score_visits_to_next(s));
	} else {
		fputs(",,,", f); /* at the top tier all three are empty */
	}
	out_date(f, vipcare_score_tier_expires(s));
	fputc('\n', f);
}

static void json_row(FILE *f, const struct vipcare_score *s)
{
	const char *next = vipcare_score_next_tier_name(s);

	fputs("{\"customer_id\": ", f);
	out_json_string(f, vipcare_score_customer(s));
	fputs(", \"tier\": ", f);
	out_json_string(f, vipcare_score_tier_name(s));
	fputs(", \"net_spend\": ", f);
	out_json_money(f, vipcare_score_net_spend(s));
	fprintf(f, ", \"visits\": %ld, \"first_sale\": ", (long)vipcare_score_visits(s));
	out_json_date(f, vipcare_score_first_sale(s));
	fputs(", \"last_sale\": ", f);
	out_json_date(f, vipcare_score_last_sale(s));
	fputs(", \"lifetime_spend\": ", f);
	out_json_money(f, vipcare_score_lifetime_spend(s));
	fputs(", \"decided_by\": ", f);
	out_json_string(f, vipcare_decided_by_name(vipcare_score_decided_by(s)));
	fputs(", \"next_tier\": ", f);
	if (next != NULL) {
		out_json_string(f, next);
		fputs(", \"spend_to_next\": ", f);
		out_json_money(f, vipcare_score_spend_to_next(s));
		fprintf(f, ", \"visits_to_next\": %ld", (long)vipcare_score_visits_to_next(s));
	} else {
		fputs("null, \"spend_to_next\": null, \"visits_to_next\": null", f);
	}
	fputs(", \"tier_expires\": ", f);
	out_json_date(f, vipcare_score_tier_expires(s));
	fputc('}', f);
}

int score_write(struct vipcare_engine *e, int32_t asof, const char *format, FILE *f,
		const char *command)
{
	struct vipcare_score_cursor *cursor = NULL;
	const struct vipcare_score *s;
	struct progress bar;
	uint64_t done = 0;
	int json = strcmp(format, "json") == 0;
	int rc;

	rc = vipcare_score_cursor_new(&cursor, e, asof);
	if (rc != VIPCARE_OK) {
		fprintf(stderr, "vipcare %s: %s\n", command, vipcare_engine_last_error(e));
		return EXIT_IO;
	}
	progress_start(&bar, "scoring", vipcare_score_cursor_count(cursor));
	if (json) {
		fputs("{\"asof\": ", f);
		out_json_date(f, asof);
		fputs(", \"members\": [", f);
	} else {
		fputs("customer_id,tier,net_spend,visits,first_sale,last_sale,lifetime_spend,"
		      "decided_by,next_tier,spend_to_next,visits_to_next,tier_expires\n",
		      f);
	}
	while ((rc = vipcare_score_cursor_next(cursor, &s)) == 1) {
		if (json) {
			fputs(done ? ",\n" : "\n", f);
			json_row(f, s);
		} else {
			csv_row(f, s);
		}
		progress_update(&bar, ++done);
	}
	if (json)
		fputs(done ? "\n]}\n" : "]}\n", f);
	progress_finish(&bar);
	vipcare_score_cursor_unref(cursor);
	if (rc < 0) {
		fprintf(stderr, "vipcare %s: %s\n", command, vipcare_engine_last_error(e));
		return EXIT_IO;
	}
	return EXIT_DONE;
}

int cmd_score(int argc, char **argv)
{
	static const char *const formats[] = { "csv", "json", NULL };
	struct options o;
	struct session s;
	struct out out = { NULL, NULL };
	const char *format;
	int32_t asof;
	int rc;

	rc = args_parse(&o, "score", score_options, argc, argv);
	if (rc != EXIT_DONE)
		return rc;
	if (o.help) {
		fputs(score_help, stdout);
		return EXIT_DONE;
	}
	if (o.asof == NULL)
		return usage_error("score", "--asof DATE is required");
	if ((rc = args_date("score", "--asof", o.asof, &asof)) != EXIT_DONE ||
	    (rc = args_format("score", o.format, formats, &format)) != EXIT_DONE)
		return rc;
	rc = session_open(&s, &o);
	if (rc == EXIT_DONE)
		rc = out_open(&out, "score", o.output);
	if (rc == EXIT_DONE) {
		rc = score_write(s.engine, asof, format, out.f, "score");
		if (out_close(&out, "score") != EXIT_DONE && rc == EXIT_DONE)
			rc = EXIT_IO;
	}
	session_close(&s);
	return rc;
}
