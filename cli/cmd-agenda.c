/*
 * libvipcare — `vipcare agenda`: whom to contact, why and how, for a date
 * range (DESIGN §6, §10).
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "cli.h"

static const char agenda_help[] =
	"Usage: vipcare agenda --from DATE --to DATE [--data DIR] [--policy FILE]\n"
	"                      [--rejects FILE] [--format csv|json] [--output FILE]\n"
	"\n"
	"The care agenda of [FROM, TO]: the care items due then, and the overdue\n"
	"ones of the policy's overdue_days before FROM, that no care record\n"
	"covers, in agenda order, with the columns\n"
	"  due,customer_id,kind,occasion,priority,channel,advisor,tier\n"
	"The marketing items not listed because the customer opted out are\n"
	"counted on stderr as `suppressed: birthday=N lapse=N` (in JSON, under\n"
	"\"suppressed\").\n"
	"\n"
	"  --from DATE      the first day (required)\n"
	"  --to DATE        the last day, not before FROM (required)\n"
	"  --data DIR       the data folder (default: the current folder)\n"
	"  --policy FILE    the policy file (default: the default policy)\n"
	"  --rejects FILE   write bad rows there and go on (default: stop at the first)\n"
	"  --format F       csv (default) or json\n"
	"  --output FILE    write there instead of the standard output\n"
	"\n"
	"Exit status: 0 done, 1 bad usage, 2 bad data or policy, 3 I/O failure.\n";

static const char *const agenda_options[] = {
	"--data", "--policy", "--rejects", "--from", "--to", "--format", "--output", NULL,
};

static const char *channel_text(int channel)
{
	const char *name = channel >= 0 ? vipcare_channel_name(channel) : NULL;

	return name ? name : "no_channel";
}

static const char *tier_text(const struct vipcare_policy *p, int rank)
{
	const char *name = vipcare_policy_tier_name(p, rank);

	return name ? name : "";
}

/* `birthday=N lapse=N`: every marketing kind, zeros included, in the kinds' order. */
static void suppressed_line(FILE *f, struct vipcare_agenda *a, const struct vipcare_policy *p)
{
	int kind;

	fputs("suppressed:", f);
	for (kind = 0; kind < VIPCARE_CARE_KINDS; kind++)
		if (vipcare_policy_care_marketing(p, kind) == 1)
			fprintf(f, " %s=%zu", vipcare_care_kind_name(kind),
				vipcare_agenda_suppressed(a, kind));
	fputc('\n', f);
}

int agenda_write(struct vipcare_agenda *a, const struct vipcare_policy *p, const char *format,
		 FILE *f, FILE *summary)
{
	size_t i, n = vipcare_agenda_count(a);
	int kind, first = 1;

	if (strcmp(format, "json") == 0) {
		fputs("{\"items\": [", f);
		for (i = 0; i < n; i++) {
			const char *advisor = vipcare_agenda_advisor(a, i);

			fputs(i ? ",\n" : "\n", f);
			fputs("{\"due\": ", f);
			out_json_date(f, vipcare_agenda_due(a, i));
			fputs(", \"customer_id\": ", f);
			out_json_string(f, vipcare_agenda_customer(a, i));
			fputs(", \"kind\": ", f);
			out_json_string(f, vipcare_care_kind_name(vipcare_agenda_kind(a, i)));
			fputs(", \"occasion\": ", f);
			out_json_string(f, vipcare_agenda_occasion(a, i));
			fprintf(f, ", \"priority\": %d, \"channel\": ", vipcare_agenda_tier(a, i));
			out_json_string(f, channel_text(vipcare_agenda_channel(a, i)));
			fputs(", \"advisor\": ", f);
			out_json_string(f, advisor && advisor[0] ? advisor : NULL);
			fputs(", \"tier\": ", f);
			out_json_string(f, tier_text(p, vipcare_agenda_tier(a, i)));
			fputc('}', f);
		}
		fputs(n ? "\n], \"suppressed\": {" : "], \"suppressed\": {", f);
		for (kind = 0; kind < VIPCARE_CARE_KINDS; kind++) {
			if (vipcare_policy_care_marketing(p, kind) != 1)
				continue;
			fputs(first ? "" : ", ", f);
			out_json_string(f, vipcare_care_kind_name(kind));
			fprintf(f, ": %zu", vipcare_agenda_suppressed(a, kind));
			first = 0;
		}
		fputs("}}\n", f);
		return EXIT_DONE;
	}

	fputs("due,customer_id,kind,occasion,priority,channel,advisor,tier\n", f);
	for (i = 0; i < n; i++) {
		out_date(f, vipcare_agenda_due(a, i));
		fputc(',', f);
		out_csv(f, vipcare_agenda_customer(a, i));
		fputc(',', f);
		fputs(vipcare_care_kind_name(vipcare_agenda_kind(a, i)), f);
		fputc(',', f);
		out_csv(f, vipcare_agenda_occasion(a, i));
		fprintf(f, ",%d,%s,", vipcare_agenda_tier(a, i),
			channel_text(vipcare_agenda_channel(a, i)));
		out_csv(f, vipcare_agenda_advisor(a, i));
		fputc(',', f);
		out_csv(f, tier_text(p, vipcare_agenda_tier(a, i)));
		fputc('\n', f);
	}
	if (summary != NULL)
		suppressed_line(summary, a, p);
	return EXIT_DONE;
}

int cmd_agenda(int argc, char **argv)
{
	static const char *const formats[] = { "csv", "json", NULL };
	struct vipcare_agenda *agenda = NULL;
	struct options o;
	struct session s;
	struct out out = { NULL, NULL };
	const char *format;
	int32_t from, to;
	int rc;

	rc = args_parse(&o, "agenda", agenda_options, argc, argv);
	if (rc != EXIT_DONE)
		return rc;
	if (o.help) {
		fputs(agenda_help, stdout);
		return EXIT_DONE;
	}
	if (o.from == NULL || o.to == NULL)
		return usage_error("agenda", "--from DATE and --to DATE are required");
	if ((rc = args_date("agenda", "--from", o.from, &from)) != EXIT_DONE ||
	    (rc = args_date("agenda", "--to", o.to, &to)) != EXIT_DONE ||
	    (rc = args_format("agenda", o.format, formats, &format)) != EXIT_DONE)
		return rc;
	if (to < from)
		return usage_error("agenda", "--to %s is before --from %s", o.to, o.from);
	rc = session_open(&s, &o);
	if (rc == EXIT_DONE && vipcare_agenda_new(&agenda, s.engine, from, to) != VIPCARE_OK) {
		fprintf(stderr, "vipcare agenda: %s\n", vipcare_engine_last_error(s.engine));
		rc = EXIT_IO;
	}
	if (rc == EXIT_DONE)
		rc = out_open(&out, "agenda", o.output);
	if (rc == EXIT_DONE) {
		rc = agenda_write(agenda, vipcare_engine_policy(s.engine), format, out.f,
				  strcmp(format, "csv") == 0 ? stderr : NULL);
		if (out_close(&out, "agenda") != EXIT_DONE && rc == EXIT_DONE)
			rc = EXIT_IO;
	}
	vipcare_agenda_unref(agenda);
	session_close(&s);
	return rc;
}
