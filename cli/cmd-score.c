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

/* Appends @text as a CSV field (RFC 4180 quoting when it needs it). */
static size_t put_csv(char *dst, const char *text)
{
	size_t n = 0, i;

	if (text == NULL)
		return 0;
	if (strpbrk(text, ",\"\r\n") == NULL) {
		n = strlen(text);
		memcpy(dst, text, n);
		return n;
	}
	dst[n++] = '"';
	for (i = 0; text[i] != '\0'; i++) {
		if (text[i] == '"')
			dst[n++] = '"';
		dst[n++] = text[i];
	}
	dst[n++] = '"';
	return n;
}

static size_t put_money(char *dst, int64_t amount)
{
	char buf[VIPCARE_MONEY_BUFSIZE];
	size_t n;

	vipcare_money_format(buf, sizeof(buf), amount);
	n = strlen(buf);
	memcpy(dst, buf, n);
	return n;
}

static size_t put_date(char *dst, int32_t date)
{
	char buf[VIPCARE_DATE_BUFSIZE];

	if (date == VIPCARE_DATE_NONE || vipcare_date_format(buf, sizeof(buf), date) != VIPCARE_OK)
		return 0;
	memcpy(dst, buf, 10);
	return 10;
}

static size_t put_count(char *dst, long value)
{
	char digits[24];
	unsigned long mag = value < 0 ? 0ul - (unsigned long)value : (unsigned long)value;
	size_t n = 0, k = 0;

	do {
		digits[k++] = (char)('0' + mag % 10);
		mag /= 10;
	} while (mag > 0);
	if (value < 0)
		dst[n++] = '-';
	while (k > 0)
		dst[n++] = digits[--k];
	return n;
}

/* One row, formatted in memory and written at once (a row is one stdio call, not twenty). */
static void csv_row(FILE *f, const struct vipcare_score *s)
{
	/* two quoted names of at most 64 and 32 bytes, four amounts, three dates, small numbers */
	char row[2 * (2 * VIPCARE_ID_MAX + 2) + 2 * (2 * VIPCARE_TIER_NAME_MAX + 2) +
		 4 * VIPCARE_MONEY_BUFSIZE + 3 * VIPCARE_DATE_BUFSIZE + 128];
	const char *next = vipcare_score_next_tier_name(s);
	size_t n = 0;

	n += put_csv(row + n, vipcare_score_customer(s));
	row[n++] = ',';
	n += put_csv(row + n, vipcare_score_tier_name(s));
	row[n++] = ',';
	n += put_money(row + n, vipcare_score_net_spend(s));
	row[n++] = ',';
	n += put_count(row + n, (long)vipcare_score_visits(s));
	row[n++] = ',';
	n += put_date(row + n, vipcare_score_first_sale(s));
	row[n++] = ',';
	n += put_date(row + n, vipcare_score_last_sale(s));
	row[n++] = ',';
	n += put_money(row + n, vipcare_score_lifetime_spend(s));
	row[n++] = ',';
	n += put_csv(row + n, vipcare_decided_by_name(vipcare_score_decided_by(s)));
	row[n++] = ',';
	if (next != NULL) {
		n += put_csv(row + n, next);
		row[n++] = ',';
		n += put_money(row + n, vipcare_score_spend_to_next(s));
		row[n++] = ',';
		n += put_count(row + n, (long)vipcare_score_visits_to_next(s));
		row[n++] = ',';
	} else {
		memcpy(row + n, ",,,", 3); /* at the top tier all three are empty */
		n += 3;
	}
	n += put_date(row + n, vipcare_score_tier_expires(s));
	row[n++] = '\n';
	fwrite(row, 1, n, f);
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
