/*
 * libvipcare — `vipcare kpi`: the KPIs of a period (DESIGN §7, §10), as
 * the library writes them (JSON, CSV) or as the HTML report for the
 * management.
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "cli.h"
#include "report.h"

static const char kpi_help[] =
	"Usage: vipcare kpi --from DATE --to DATE [--data DIR] [--policy FILE]\n"
	"                   [--rejects FILE] [--format json|csv|html] [--output FILE]\n"
	"                   [--scores FILE]\n"
	"\n"
	"The KPIs of [FROM, TO], both days included: members, activity, sales,\n"
	"repurchase and churn, the VIP share, tier distribution and migration,\n"
	"NPS and CSAT, service response, care done and converted.\n"
	"  json  one object with from, to and every KPI under its key (default)\n"
	"  csv   kpi,value,num,den: one row per KPI, then per tier and migration cell\n"
	"  html  a self-contained report for the management: each KPI beside its\n"
	"        target (met or missed), charts of the tiers, the average ticket,\n"
	"        service response, and the care agenda of the day after TO\n"
	"\n"
	"  --from DATE      the first day (required)\n"
	"  --to DATE        the last day, not before FROM (required)\n"
	"  --data DIR       the data folder (default: the current folder)\n"
	"  --policy FILE    the policy file (default: the default policy)\n"
	"  --rejects FILE   write bad rows there and go on (default: stop at the first)\n"
	"  --format F       json (default), csv or html\n"
	"  --output FILE    write there instead of the standard output\n"
	"  --scores FILE    also write every member's score as of TO there, the CSV\n"
	"                   of `vipcare score --asof TO`, from the same load\n"
	"\n"
	"Exit status: 0 done, 1 bad usage, 2 bad data or policy, 3 I/O failure.\n";

static const char *const kpi_options[] = {
	"--data", "--policy", "--rejects", "--from", "--to", "--format", "--output", "--scores", NULL,
};

int kpi_write(struct vipcare_engine *e, int32_t from, int32_t to, const char *format, FILE *f,
	      const char *command)
{
	struct vipcare_kpi_state *state = NULL;
	struct vipcare_agenda *agenda = NULL;
	char *text = NULL;
	int rc = EXIT_DONE;

	if (vipcare_kpi_state_new(&state, e, from, to) != VIPCARE_OK) {
		fprintf(stderr, "vipcare %s: %s\n", command, vipcare_engine_last_error(e));
		return EXIT_IO;
	}
	if (strcmp(format, "html") == 0) {
		/* the next morning's work: the agenda of the day after the period */
		if (vipcare_agenda_new(&agenda, e, to + 1, to + 1) != VIPCARE_OK) {
			fprintf(stderr, "vipcare %s: %s\n", command, vipcare_engine_last_error(e));
			rc = EXIT_IO;
		} else {
			report_write_html(f, state, vipcare_engine_policy(e), agenda, to + 1);
		}
	} else if ((strcmp(format, "csv") == 0 ? vipcare_kpi_state_to_csv(state, &text)
					       : vipcare_kpi_state_to_json(state, &text)) !=
		   VIPCARE_OK) {
		fprintf(stderr, "vipcare %s: out of memory\n", command);
		rc = EXIT_IO;
	} else {
		fputs(text, f);
	}
	vipcare_free(text);
	vipcare_agenda_unref(agenda);
	vipcare_kpi_state_unref(state);
	return rc;
}

int cmd_kpi(int argc, char **argv)
{
	static const char *const formats[] = { "json", "csv", "html", NULL };
	struct options o;
	struct session s;
	struct out out = { NULL, NULL }, scores = { NULL, NULL };
	const char *format;
	int32_t from, to;
	int rc;

	rc = args_parse(&o, "kpi", kpi_options, argc, argv);
	if (rc != EXIT_DONE)
		return rc;
	if (o.help) {
		fputs(kpi_help, stdout);
		return EXIT_DONE;
	}
	if (o.from == NULL || o.to == NULL)
		return usage_error("kpi", "--from DATE and --to DATE are required");
	if ((rc = args_date("kpi", "--from", o.from, &from)) != EXIT_DONE ||
	    (rc = args_date("kpi", "--to", o.to, &to)) != EXIT_DONE ||
	    (rc = args_format("kpi", o.format, formats, &format)) != EXIT_DONE)
		return rc;
	if (to < from)
		return usage_error("kpi", "--to %s is before --from %s", o.to, o.from);
	if (to >= VIPCARE_DATE_MAX)
		return usage_error("kpi", "--to must be before 9999-12-31");
	if (o.scores != NULL && strcmp(o.scores, o.output != NULL ? o.output : "-") == 0)
		return usage_error("kpi", "--scores and --output name the same file");
	rc = session_open(&s, &o);
	if (rc == EXIT_DONE)
		rc = out_open(&out, "kpi", o.output);
	if (rc == EXIT_DONE) {
		rc = kpi_write(s.engine, from, to, format, out.f, "kpi");
		if (out_close(&out, "kpi") != EXIT_DONE && rc == EXIT_DONE)
			rc = EXIT_IO;
	}
	/* the scores behind the tier distribution, without loading the files again */
	if (rc == EXIT_DONE && o.scores != NULL) {
		rc = out_open(&scores, "kpi", o.scores);
		if (rc == EXIT_DONE) {
			rc = score_write(s.engine, to, "csv", scores.f, "kpi");
			if (out_close(&scores, "kpi") != EXIT_DONE && rc == EXIT_DONE)
				rc = EXIT_IO;
		}
	}
	session_close(&s);
	return rc;
}
