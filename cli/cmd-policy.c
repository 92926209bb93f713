/*
 * libvipcare — `vipcare policy`: validates a policy and prints the
 * effective policy, as a policy file (the library writes it) or as JSON
 * (written here from the policy's getters).
 * SPDX-License-Identifier: MIT
 */
#include <inttypes.h>
#include <string.h>

#include "cli.h"

static const char policy_help[] =
	"Usage: vipcare policy [--policy FILE] [--format ini|json] [--output FILE]\n"
	"\n"
	"Reads the policy file over the default policy (or takes the default\n"
	"policy), validates it as a whole, and prints the effective policy:\n"
	"every setting, tier, benefit and care rule, the defaults included.\n"
	"The ini form read back gives the same policy.\n"
	"\n"
	"  --policy FILE    the policy file (default: the default policy)\n"
	"  --format F       ini (default) or json\n"
	"  --output FILE    write there instead of the standard output\n"
	"\n"
	"Exit status: 0 done, 1 bad usage, 2 bad policy (the message names\n"
	"file:line:column), 3 I/O failure.\n";

static const char *const policy_options[] = { "--policy", "--format", "--output", NULL };

static void json_quota(FILE *f, const struct vipcare_policy *p, size_t b, int rank)
{
	int period = -1;
	int32_t count = 0;

	if (vipcare_policy_benefit_quota(p, b, rank, &period, &count) != 1) {
		fputs("null", f);
		return;
	}
	if (period == VIPCARE_PERIOD_UNLIMITED)
		fputs("\"unlimited\"", f);
	else
		fprintf(f, "\"%ld per %s\"", (long)count, vipcare_period_name(period));
}

static void json_window(FILE *f, const struct vipcare_policy *p, size_t b)
{
	int32_t days = 0;

	switch (vipcare_policy_benefit_window(p, b, &days)) {
	case VIPCARE_WINDOW_BIRTHDAY_MONTH:
		fputs("\"birthday_month\"", f);
		break;
	case VIPCARE_WINDOW_BIRTHDAY_DAYS:
		fprintf(f, "\"birthday\xc2\xb1%ld\"", (long)days);
		break;
	case VIPCARE_WINDOW_FIRST_DAYS:
		fprintf(f, "\"first_%ld_days\"", (long)days);
		break;
	default:
		fputs("\"always\"", f);
		break;
	}
}

/* A target's value, micros of the KPI's unit, as an exact JSON number (0.6, 40, 120). */
static void json_micros(FILE *f, int64_t micros)
{
	uint64_t m = micros < 0 ? (uint64_t)0 - (uint64_t)micros : (uint64_t)micros;
	char frac[8];
	int len;

	fprintf(f, "%s%" PRIu64, micros < 0 ? "-" : "", m / 1000000);
	if (m % 1000000 == 0)
		return;
	len = snprintf(frac, sizeof(frac), "%06" PRIu64, m % 1000000);
	while (len > 0 && frac[len - 1] == '0')
		frac[--len] = '\0';
	fprintf(f, ".%s", frac);
}

static void write_json(FILE *f, const struct vipcare_policy *p)
{
	int tiers = (int)vipcare_policy_tier_count(p);
	size_t benefits = vipcare_policy_benefit_count(p), b;
	int setting, rank, kind;

	fputs("{\n  \"name\": ", f);
	out_json_string(f, vipcare_policy_name(p));
	fputs(",\n  \"settings\": {", f);
	for (setting = 1; vipcare_setting_name(setting) != NULL; setting++) {
		int64_t value = 0;

		vipcare_policy_get(p, setting, &value);
		fprintf(f, "%s\"%s\": %lld", setting > 1 ? ", " : "", vipcare_setting_name(setting),
			(long long)value);
	}
	fputs("},\n  \"vip_min_tier\": ", f);
	out_json_string(f, vipcare_policy_tier_name(p, vipcare_policy_vip_min_tier(p)));
	fputs(",\n  \"tiers\": [", f);
	for (rank = 0; rank < tiers; rank++) {
		int64_t spend = 0;
		int32_t visits = 0;

		fputs(rank ? ",\n    {\"name\": " : "\n    {\"name\": ", f);
		out_json_string(f, vipcare_policy_tier_name(p, rank));
		fputs(", \"min_spend\": ", f);
		if (vipcare_policy_tier_min_spend(p, rank, &spend) == 1)
			out_json_money(f, spend);
		else
			fputs("null", f);
		fputs(", \"min_visits\": ", f);
		if (vipcare_policy_tier_min_visits(p, rank, &visits) == 1)
			fprintf(f, "%ld", (long)visits);
		else
			fputs("null", f);
		fputc('}', f);
	}
	fputs("\n  ],\n  \"benefits\": [", f);
	for (b = 0; b < benefits; b++) {
		int min = vipcare_policy_benefit_min_tier(p, b);

		fputs(b ? ",\n    {\"id\": " : "\n    {\"id\": ", f);
		out_json_string(f, vipcare_policy_benefit_id(p, b));
		fputs(", \"name\": ", f);
		out_json_string(f, vipcare_policy_benefit_name(p, b));
		fputs(", \"min_tier\": ", f);
		out_json_string(f, vipcare_policy_tier_name(p, min));
		fputs(", \"window\": ", f);
		json_window(f, p, b);
		fputs(", \"quota\": {", f);
		for (rank = min < 0 ? tiers : min; rank < tiers; rank++) {
			fputs(rank > min ? ", " : "", f);
			out_json_string(f, vipcare_policy_tier_name(p, rank));
			fputs(": ", f);
			json_quota(f, p, b, rank);
		}
		fputs("}}", f);
	}
	fputs("\n  ],\n  \"care\": {", f);
	for (kind = 0; kind < VIPCARE_CARE_KINDS; kind++) {
		int channels[VIPCARE_CHANNEL_COUNT];
		int n = vipcare_policy_care_channels(p, kind, channels, VIPCARE_CHANNEL_COUNT), i;

		fputs(kind ? ",\n    " : "\n    ", f);
		out_json_string(f, vipcare_care_kind_name(kind));
		fprintf(f, ": {\"enabled\": %s, \"min_tier\": ",
			vipcare_policy_care_enabled(p, kind) == 1 ? "true" : "false");
		out_json_string(f, vipcare_policy_tier_name(p, vipcare_policy_care_min_tier(p, kind)));
		fprintf(f, ", \"marketing\": %s, \"channels\": [",
			vipcare_policy_care_marketing(p, kind) == 1 ? "true" : "false");
		for (i = 0; i < n && i < VIPCARE_CHANNEL_COUNT; i++) {
			fputs(i ? ", " : "", f);
			out_json_string(f, vipcare_channel_name(channels[i]));
		}
		fputc(']', f);
		if (kind == VIPCARE_CARE_FOLLOWUP_3D)
			fprintf(f, ", \"days\": %ld", (long)vipcare_policy_care_days(p, kind));
		if (kind == VIPCARE_CARE_BIRTHDAY)
			fprintf(f, ", \"lead_days\": %ld", (long)vipcare_policy_care_days(p, kind));
		if (kind == VIPCARE_CARE_ADVISOR_CONTACT) {
			fputs(", \"period\": {", f);
			for (rank = 0; rank < tiers; rank++) {
				int period = vipcare_policy_advisor_period(p, rank);

				fputs(rank ? ", " : "", f);
				out_json_string(f, vipcare_policy_tier_name(p, rank));
				fputs(": ", f);
				out_json_string(f, period >= 0 ? vipcare_period_name(period) : NULL);
			}
			fputc('}', f);
		}
		fputc('}', f);
	}
	fputs("\n  },\n  \"points\": {\"unit\": ", f);
	out_json_money(f, vipcare_policy_points_unit(p));
	fprintf(f, ", \"expiry_years\": %ld, \"multipliers\": {",
		(long)vipcare_policy_points_expiry_years(p));
	for (rank = 0; rank < tiers; rank++) {
		fputs(rank ? ", " : "", f);
		out_json_string(f, vipcare_policy_tier_name(p, rank));
		fputs(": ", f);
		/* hundredths, written as money is (1.50) */
		out_json_money(f, vipcare_policy_points_multiplier(p, rank));
	}
	fputs("}},\n  \"targets\": {", f);
	for (kind = 0, setting = 0; vipcare_kpi_name(kind) != NULL; kind++) {
		int64_t micros = 0;
		int op = vipcare_policy_target(p, kind, &micros);

		if (op != VIPCARE_TARGET_MIN && op != VIPCARE_TARGET_MAX)
			continue;
		fputs(setting++ ? ",\n    " : "\n    ", f);
		out_json_string(f, vipcare_kpi_name(kind));
		fprintf(f, ": {\"op\": \"%s\", \"value\": ", op == VIPCARE_TARGET_MIN ? "min" : "max");
		json_micros(f, micros);
		fputc('}', f);
	}
	fputs(setting ? "\n  }\n}\n" : "}\n}\n", f);
}

int cmd_policy(int argc, char **argv)
{
	static const char *const formats[] = { "ini", "json", NULL };
	struct options o;
	struct session s;
	struct out out = { NULL, NULL };
	const char *format;
	char *text = NULL;
	int rc;

	rc = args_parse(&o, "policy", policy_options, argc, argv);
	if (rc != EXIT_DONE)
		return rc;
	if (o.help) {
		fputs(policy_help, stdout);
		return EXIT_DONE;
	}
	if ((rc = args_format("policy", o.format, formats, &format)) != EXIT_DONE)
		return rc;
	rc = session_policy(&s, &o);
	if (rc == EXIT_DONE && vipcare_policy_validate(s.policy) != VIPCARE_OK) {
		fprintf(stderr, "%s: %s\n", o.policy ? o.policy : "the default policy",
			vipcare_policy_last_error(s.policy));
		rc = EXIT_DATA;
	}
	if (rc == EXIT_DONE && strcmp(format, "ini") == 0 &&
	    vipcare_policy_to_text(s.policy, &text) != VIPCARE_OK) {
		fprintf(stderr, "vipcare policy: out of memory\n");
		rc = EXIT_IO;
	}
	if (rc == EXIT_DONE)
		rc = out_open(&out, "policy", o.output);
	if (rc == EXIT_DONE) {
		if (text != NULL)
			fputs(text, out.f);
		else
			write_json(out.f, s.policy);
		rc = out_close(&out, "policy");
	}
	vipcare_free(text);
	session_close(&s);
	return rc;
}
