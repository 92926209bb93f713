/*
 * libvipcare — `vipcare benefits`: the checkout screen of one customer at
 * one time, after the redemptions of the data folder (DESIGN §5, §10).
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "cli.h"

static const char benefits_help[] =
	"Usage: vipcare benefits --customer ID --at TIMESTAMP [--data DIR] [--policy FILE]\n"
	"                        [--rejects FILE] [--format text|json] [--output FILE]\n"
	"\n"
	"Every benefit of the policy, in the policy's order, for one customer at\n"
	"one time (YYYY-MM-DDTHH:MM[:SS], or a bare date for 00:00): whether it\n"
	"may be used, why, what is left of its quota in the current period and\n"
	"the period's last day. The redemptions in redemptions.csv count against\n"
	"the quotas. An unknown customer is no error: every benefit then says\n"
	"unknown_customer.\n"
	"\n"
	"  --customer ID    the customer (required)\n"
	"  --at TIMESTAMP   the local time of the checkout (required)\n"
	"  --data DIR       the data folder (default: the current folder)\n"
	"  --policy FILE    the policy file (default: the default policy)\n"
	"  --rejects FILE   write bad rows there and go on (default: stop at the first)\n"
	"  --format F       text (default) or json\n"
	"  --output FILE    write there instead of the standard output\n"
	"\n"
	"Exit status: 0 done, 1 bad usage, 2 bad data or policy, 3 I/O failure.\n";

static const char *const benefits_options[] = {
	"--data", "--policy", "--rejects", "--customer", "--at", "--format", "--output", NULL,
};

static void write_json(FILE *f, const struct vipcare_checkout *c)
{
	char at[VIPCARE_TIMESTAMP_BUFSIZE];
	size_t i, n = vipcare_checkout_count(c);

	vipcare_timestamp_format(at, sizeof(at), vipcare_checkout_at(c));
	fputs("{\"customer\": ", f);
	out_json_string(f, vipcare_checkout_customer(c));
	fputs(", \"at\": ", f);
	out_json_string(f, at);
	fputs(", \"tier\": ", f);
	out_json_string(f, vipcare_checkout_tier_name(c));
	fputs(", \"benefits\": [", f);
	for (i = 0; i < n; i++) {
		int32_t left = vipcare_checkout_left(c, i);

		fputs(i ? ",\n" : "\n", f);
		fputs("{\"benefit\": ", f);
		out_json_string(f, vipcare_checkout_benefit(c, i));
		fprintf(f, ", \"eligible\": %s, \"reason\": ",
			vipcare_checkout_eligible(c, i) == 1 ? "true" : "false");
		out_json_string(f, vipcare_reason_name(vipcare_checkout_reason(c, i)));
		if (left < 0)
			fputs(", \"left\": null", f);
		else
			fprintf(f, ", \"left\": %ld", (long)left);
		fputs(", \"period_end\": ", f);
		out_json_date(f, vipcare_checkout_period_end(c, i));
		fputc('}', f);
	}
	fputs(n ? "\n]}\n" : "]}\n", f);
}

/* One line, without the spaces that padding leaves at its end. */
static void put_line(FILE *f, char *line)
{
	size_t len = strlen(line);

	while (len > 0 && line[len - 1] == ' ')
		line[--len] = '\0';
	fputs(line, f);
	fputc('\n', f);
}

static void write_text(FILE *f, const struct vipcare_checkout *c, const struct vipcare_policy *p)
{
	char at[VIPCARE_TIMESTAMP_BUFSIZE], line[256];
	size_t i, n = vipcare_checkout_count(c);
	const char *tier = vipcare_checkout_tier_name(c);

	vipcare_timestamp_format(at, sizeof(at), vipcare_checkout_at(c));
	fprintf(f, "customer %s at %s: tier %s\n", vipcare_checkout_customer(c), at,
		tier ? tier : "none (unknown customer)");
	snprintf(line, sizeof(line), "%-22s %-24s %-8s %-16s %-9s %s", "benefit", "name",
		 "eligible", "reason", "left", "period_end");
	put_line(f, line);
	for (i = 0; i < n; i++) {
		const char *id = vipcare_checkout_benefit(c, i);
		const char *name = "";
		int32_t left = vipcare_checkout_left(c, i), end = vipcare_checkout_period_end(c, i);
		size_t index;
		char count[16], date[VIPCARE_DATE_BUFSIZE] = "";

		if (vipcare_policy_benefit_index(p, id, &index) == VIPCARE_OK)
			name = vipcare_policy_benefit_name(p, index);
		if (left < 0)
			snprintf(count, sizeof(count), "unlimited");
		else
			snprintf(count, sizeof(count), "%ld", (long)left);
		if (end != VIPCARE_DATE_NONE)
			vipcare_date_format(date, sizeof(date), end);
		snprintf(line, sizeof(line), "%-22s %-24s %-8s %-16s %-9s %s", id, name,
			 vipcare_checkout_eligible(c, i) == 1 ? "yes" : "no",
			 vipcare_reason_name(vipcare_checkout_reason(c, i)), count, date);
		put_line(f, line);
	}
}

int cmd_benefits(int argc, char **argv)
{
	static const char *const formats[] = { "text", "json", NULL };
	struct vipcare_checkout *checkout = NULL;
	struct options o;
	struct session s;
	struct out out = { NULL, NULL };
	const char *format;
	int64_t at;
	int rc;

	rc = args_parse(&o, "benefits", benefits_options, argc, argv);
	if (rc != EXIT_DONE)
		return rc;
	if (o.help) {
		fputs(benefits_help, stdout);
		return EXIT_DONE;
	}
	if (o.customer == NULL || o.at == NULL)
		return usage_error("benefits", "--customer ID and --at TIMESTAMP are required");
	if ((rc = args_timestamp("benefits", "--at", o.at, &at)) != EXIT_DONE ||
	    (rc = args_format("benefits", o.format, formats, &format)) != EXIT_DONE)
		return rc;
	rc = session_open(&s, &o);
	if (rc == EXIT_DONE && vipcare_checkout_new(&checkout) != VIPCARE_OK) {
		fprintf(stderr, "vipcare benefits: out of memory\n");
		rc = EXIT_IO;
	}
	if (rc == EXIT_DONE &&
	    vipcare_engine_checkout(s.engine, o.customer, at, checkout) != VIPCARE_OK) {
		fprintf(stderr, "vipcare benefits: %s\n", vipcare_engine_last_error(s.engine));
		rc = EXIT_IO;
	}
	if (rc == EXIT_DONE)
		rc = out_open(&out, "benefits", o.output);
	if (rc == EXIT_DONE) {
		if (strcmp(format, "json") == 0)
			write_json(out.f, checkout);
		else
			write_text(out.f, checkout, vipcare_engine_policy(s.engine));
		rc = out_close(&out, "benefits");
	}
	vipcare_checkout_unref(checkout);
	session_close(&s);
	return rc;
}
