/*
 * libvipcare — the vipcare command: the KPI report as one HTML file.
 * SPDX-License-Identifier: MIT
 *
 * Self-contained: inline CSS and SVG, no script, no font, no image, no
 * link, so that it opens anywhere (a mail attachment, an offline laptop)
 * and shows the same. Every KPI stands beside its target, marked met or
 * missed; tier distribution, tier migration, the average ticket per tier,
 * service response and the next day's care agenda are drawn as charts.
 * Numbers are formatted with integer arithmetic, so the file is the same
 * on every machine.
 */
#include <inttypes.h>
#include <string.h>

#include "report.h"

enum unit {
	U_COUNT,    /* a plain count */
	U_MONEY,    /* minor units */
	U_FRACTION, /* shown as a percentage */
	U_POINTS,   /* num / den x 100 (NPS, CSAT) */
	U_PER_1000, /* num / den x 1000 */
	U_MINUTES,
};

struct kpi_meta {
	int kpi;
	const char *label;
	enum unit unit;
};

static const struct kpi_meta metas[] = {
	{ VIPCARE_KPI_MEMBERS, "Members", U_COUNT },
	{ VIPCARE_KPI_NEW_MEMBERS, "New members", U_COUNT },
	{ VIPCARE_KPI_ACTIVE, "Active customers", U_COUNT },
	{ VIPCARE_KPI_SALES_NET, "Net sales", U_MONEY },
	{ VIPCARE_KPI_SALES_COUNT, "Sales", U_COUNT },
	{ VIPCARE_KPI_AVG_TICKET, "Average ticket", U_MONEY },
	{ VIPCARE_KPI_REPURCHASE_RATE, "Repurchase rate", U_FRACTION },
	{ VIPCARE_KPI_CHURN_RATE, "Churn rate", U_FRACTION },
	{ VIPCARE_KPI_VIP_CHURN_RATE, "VIP churn rate", U_FRACTION },
	{ VIPCARE_KPI_VIP_SALES_SHARE, "VIP share of sales", U_FRACTION },
	{ VIPCARE_KPI_NPS, "NPS", U_POINTS },
	{ VIPCARE_KPI_CSAT, "CSAT", U_POINTS },
	{ VIPCARE_KPI_SERVICE_OPENED, "Service requests opened", U_COUNT },
	{ VIPCARE_KPI_SERVICE_ANSWERED, "Service requests answered", U_COUNT },
	{ VIPCARE_KPI_SERVICE_COMPLAINTS, "Complaints", U_COUNT },
	{ VIPCARE_KPI_SERVICE_FIRST_RESPONSE_P50, "First response, median", U_MINUTES },
	{ VIPCARE_KPI_SERVICE_FIRST_RESPONSE_P90, "First response, 90th percentile", U_MINUTES },
	{ VIPCARE_KPI_SERVICE_WITHIN_SLA, "Answered within the SLA", U_FRACTION },
	{ VIPCARE_KPI_SERVICE_COMPLAINTS_PER_1000_ACTIVE, "Complaints per 1,000 active", U_PER_1000 },
	{ VIPCARE_KPI_CARE_DUE, "Care items due", U_COUNT },
	{ VIPCARE_KPI_CARE_DONE, "Care items done", U_FRACTION },
	{ VIPCARE_KPI_CARE_DONE_ON_TIME, "Care items done on time", U_FRACTION },
	{ VIPCARE_KPI_CARE_CONVERSION, "Care contacts followed by a sale", U_FRACTION },
	{ VIPCARE_KPI_CARE_CONVERSION_SALES, "Sales after care contacts", U_MONEY },
	{ VIPCARE_KPI_POINTS_ISSUED, "Points issued (less refunds)", U_COUNT },
	{ VIPCARE_KPI_POINTS_REDEEMED, "Points redeemed", U_COUNT },
	{ VIPCARE_KPI_POINTS_EXPIRED, "Points expired", U_COUNT },
	{ VIPCARE_KPI_POINTS_OUTSTANDING, "Points outstanding (the liability)", U_COUNT },
};

static const char *const palette[] = { "#8d99ae", "#d4a017", "#6c757d", "#1f4e79",
				       "#2a9d8f", "#e76f51", "#7b2cbf", "#264653" };

static void html(FILE *f, const char *s)
{
	for (; s != NULL && *s; s++) {
		switch (*s) {
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		default:
			fputc(*s, f);
		}
	}
}

/* 1234567 as 1,234,567 */
static void grouped(char *buf, size_t size, int64_t n)
{
	char digits[32];
	size_t len, i, o = 0;
	int negative = n < 0;

	snprintf(digits, sizeof(digits), "%" PRIu64,
		 negative ? (uint64_t)0 - (uint64_t)n : (uint64_t)n);
	len = strlen(digits);
	if (negative && o + 1 < size)
		buf[o++] = '-';
	for (i = 0; i < len && o + 2 < size; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = digits[i];
	}
	buf[o] = '\0';
}

/* num / den x scale with one decimal, rounded half away from zero, exactly. */
static void scaled(char *buf, size_t size, int64_t num, int64_t den, int64_t scale)
{
	int negative = (num < 0) != (den < 0);
	uint64_t n = num < 0 ? (uint64_t)0 - (uint64_t)num : (uint64_t)num;
	uint64_t d = den < 0 ? (uint64_t)0 - (uint64_t)den : (uint64_t)den;
	uint64_t tenths;

	/* exact when n * scale * 10 fits; else the ratio is reduced first */
	while (n > UINT64_MAX / 20 / (uint64_t)scale) {
		n /= 2;
		d /= 2;
	}
	if (d == 0) {
		snprintf(buf, size, "-");
		return;
	}
	tenths = (n * (uint64_t)scale * 20 / d + 1) / 2;
	snprintf(buf, size, "%s%" PRIu64 ".%" PRIu64, negative && tenths ? "-" : "",
		 tenths / 10, tenths % 10);
}

static void money(char *buf, size_t size, int64_t minor)
{
	char text[VIPCARE_MONEY_BUFSIZE], units[32];
	const char *dot;
	int64_t whole = minor / 100;

	vipcare_money_format(text, sizeof(text), minor);
	dot = strchr(text, '.');
	grouped(units, sizeof(units), whole < 0 ? -whole : whole);
	snprintf(buf, size, "%s%s%s", minor < 0 ? "-" : "", units, dot ? dot : "");
}

static void format_value(char *buf, size_t size, enum unit unit, int64_t num, int64_t den)
{
	if (den == 0) {
		snprintf(buf, size, "no value");
		return;
	}
	switch (unit) {
	case U_COUNT:
		grouped(buf, size, num / den);
		break;
	case U_MONEY:
		/* an average: half away from zero, as the library rounds it */
		if (den < 0) {
			num = -num;
			den = -den;
		}
		money(buf, size, den == 1 ? num : num >= 0 ? (num * 2 + den) / (2 * den)
							   : -((-num * 2 + den) / (2 * den)));
		break;
	case U_FRACTION:
		scaled(buf, size, num, den, 100);
		strncat(buf, "%", size - strlen(buf) - 1);
		break;
	case U_POINTS:
		scaled(buf, size, num, den, 100);
		break;
	case U_PER_1000:
		scaled(buf, size, num, den, 1000);
		break;
	case U_MINUTES:
		grouped(buf, size, num / den);
		strncat(buf, " min", size - strlen(buf) - 1);
		break;
	}
}

/* A target's value (micros of the KPI's unit) as the KPI is shown. */
static void format_target(char *buf, size_t size, enum unit unit, int op, int64_t micros)
{
	char value[48];
	const char *sign = op == VIPCARE_TARGET_MIN ? "at least " : "at most ";

	switch (unit) {
	case U_FRACTION:
		scaled(value, sizeof(value), micros, 1000000, 100);
		strncat(value, "%", sizeof(value) - strlen(value) - 1);
		break;
	case U_MONEY:
		money(value, sizeof(value), micros / 10000);
		break;
	default:
		/* whole minutes and counts without a fraction */
		if (micros % 1000000 == 0)
			grouped(value, sizeof(value), micros / 1000000);
		else
			scaled(value, sizeof(value), micros, 1000000, 1);
		if (unit == U_MINUTES)
			strncat(value, " min", sizeof(value) - strlen(value) - 1);
		break;
	}
	snprintf(buf, size, "%s%s", sign, value);
}

static int64_t get(const struct vipcare_kpi_state *s, int kpi, int64_t *den)
{
	int64_t num = 0;

	*den = 0;
	vipcare_kpi_get(s, kpi, &num, den);
	return num;
}

static const struct kpi_meta *meta_of(int kpi)
{
	size_t i;

	for (i = 0; i < sizeof(metas) / sizeof(metas[0]); i++)
		if (metas[i].kpi == kpi)
			return &metas[i];
	return NULL;
}

static void kpi_row(FILE *f, const struct vipcare_kpi_state *s, const struct vipcare_policy *p,
		    const struct kpi_meta *m)
{
	char value[64], target[64];
	int64_t den, num = get(s, m->kpi, &den), micros = 0;
	int op = vipcare_policy_target(p, m->kpi, &micros);
	int result = vipcare_kpi_target_check(s, p, m->kpi);
	const char *status, *cls;

	format_value(value, sizeof(value), m->unit, num, den);
	if (op == VIPCARE_TARGET_MIN || op == VIPCARE_TARGET_MAX)
		format_target(target, sizeof(target), m->unit, op, micros);
	else
		snprintf(target, sizeof(target), "-");
	if (result == VIPCARE_TARGET_MET) {
		status = "met";
		cls = "met";
	} else if (result == VIPCARE_TARGET_MISSED) {
		status = "missed";
		cls = "missed";
	} else {
		status = op > 0 ? "no value" : "";
		cls = "none";
	}
	fputs("<tr><td>", f);
	html(f, m->label);
	fputs(" <span class=\"key\">", f);
	html(f, vipcare_kpi_name(m->kpi));
	fprintf(f, "</span></td><td class=\"num\">%s</td><td class=\"num\">%s</td>"
		   "<td class=\"%s\">%s</td></tr>\n",
		value, target, cls, status);
}

void report_write_targets(FILE *f, const struct vipcare_kpi_state *s,
			  const struct vipcare_policy *p)
{
	size_t i;

	for (i = 0; i < sizeof(metas) / sizeof(metas[0]); i++) {
		const struct kpi_meta *m = &metas[i];
		char value[64], target[64];
		int64_t den, num = get(s, m->kpi, &den), micros = 0;
		int op = vipcare_policy_target(p, m->kpi, &micros);
		int result = vipcare_kpi_target_check(s, p, m->kpi);

		if (op != VIPCARE_TARGET_MIN && op != VIPCARE_TARGET_MAX)
			continue;
		format_value(value, sizeof(value), m->unit, num, den);
		format_target(target, sizeof(target), m->unit, op, micros);
		fprintf(f, "  %-28s %12s   target %-18s %s\n", vipcare_kpi_name(m->kpi), value,
			target,
			result == VIPCARE_TARGET_MET ? "met" :
			result == VIPCARE_TARGET_MISSED ? "MISSED" : "no value");
	}
}

int report_targets_met(const struct vipcare_kpi_state *s, const struct vipcare_policy *p,
		       int *missed)
{
	size_t i;
	int met = 0;

	*missed = 0;
	for (i = 0; i < sizeof(metas) / sizeof(metas[0]); i++) {
		int r = vipcare_kpi_target_check(s, p, metas[i].kpi);

		met += r == VIPCARE_TARGET_MET;
		*missed += r == VIPCARE_TARGET_MISSED;
	}
	return met;
}

/* ------------------------------------------------------------------ charts */

struct bar {
	const char *label;
	int64_t value;
	char text[96];
};

/* Horizontal bars, the longest as wide as the chart. */
static void bar_chart(FILE *f, const char *title, const struct bar *bars, size_t n)
{
	const int label_w = 120, bar_w = 240, row_h = 26;
	int64_t max = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (bars[i].value > max)
			max = bars[i].value;
	fprintf(f, "<svg role=\"img\" aria-label=\"");
	html(f, title);
	fprintf(f, "\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">\n",
		label_w + bar_w + 110, (int)n * row_h + 8, label_w + bar_w + 110,
		(int)n * row_h + 8);
	for (i = 0; i < n; i++) {
		int w = max > 0 && bars[i].value > 0 ? (int)(bars[i].value * bar_w / max) : 0;
		int y = (int)i * row_h + 4;

		if (bars[i].value > 0 && w < 2)
			w = 2;
		fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", label_w - 8, y + 16);
		html(f, bars[i].label);
		fprintf(f, "</text><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"18\" "
			   "fill=\"%s\"/><text x=\"%d\" y=\"%d\">",
			label_w, y + 2, w, palette[i % 8], label_w + w + 6, y + 16);
		html(f, bars[i].text);
		fputs("</text>\n", f);
	}
	fputs("</svg>\n", f);
}

static void migration_chart(FILE *f, const struct vipcare_kpi_state *s)
{
	size_t tiers = vipcare_kpi_state_tier_count(s), to;
	const int cell_w = 96, cell_h = 34, left = 110, top = 44;
	int64_t max = 0, count;
	int from;

	for (from = -1; from < (int)tiers; from++)
		for (to = 0; to < tiers; to++)
			if (vipcare_kpi_migration(s, from, to, &count) == VIPCARE_OK && count > max)
				max = count;
	fprintf(f,
		"<svg role=\"img\" aria-label=\"Tier migration\" width=\"%d\" height=\"%d\" "
		"viewBox=\"0 0 %d %d\">\n",
		left + cell_w * (int)tiers + 10, top + cell_h * ((int)tiers + 1) + 10,
		left + cell_w * (int)tiers + 10, top + cell_h * ((int)tiers + 1) + 10);
	fprintf(f, "<text x=\"%d\" y=\"14\" class=\"axis\">to (as of the period's last day)</text>\n",
		left);
	for (to = 0; to < tiers; to++) {
		fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">",
			left + (int)to * cell_w + cell_w / 2, top - 8);
		html(f, vipcare_kpi_state_tier_name(s, to));
		fputs("</text>\n", f);
	}
	for (from = -1; from < (int)tiers; from++) {
		int y = top + (from + 1) * cell_h;

		fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", left - 8, y + 22);
		html(f, from < 0 ? "new" : vipcare_kpi_state_tier_name(s, (size_t)from));
		fputs("</text>\n", f);
		for (to = 0; to < tiers; to++) {
			int x = left + (int)to * cell_w;
			/* darker for more members */
			int shade;
			const char *ink;
			char text[32];

			count = 0;
			vipcare_kpi_migration(s, from, to, &count);
			shade = max > 0 ? (int)(count * 200 / max) : 0;
			ink = shade > 120 ? "#ffffff" : "#1d1d1f";
			/* the diagonal (no change) in blue, moves up or down in orange */
			if (from == (int)to)
				fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
					   "fill=\"rgb(%d,%d,%d)\" stroke=\"#ffffff\"/>",
					x, y, cell_w, cell_h, 225 - shade, 235 - shade * 3 / 4,
					245 - shade / 3);
			else
				fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
					   "fill=\"rgb(%d,%d,%d)\" stroke=\"#ffffff\"/>",
					x, y, cell_w, cell_h, 252 - shade / 5, 236 - shade * 3 / 4,
					222 - shade);
			grouped(text, sizeof(text), count);
			fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" style=\"fill:%s\">%s"
				   "</text>\n",
				x + cell_w / 2, y + 22, ink, text);
		}
	}
	fputs("</svg>\n", f);
}

/* NPS answers as one bar of three parts. */
static void nps_chart(FILE *f, const struct vipcare_kpi_state *s)
{
	int64_t den, promoters = get(s, VIPCARE_KPI_NPS_PROMOTERS, &den);
	int64_t passives = get(s, VIPCARE_KPI_NPS_PASSIVES, &den);
	int64_t detractors = get(s, VIPCARE_KPI_NPS_DETRACTORS, &den);
	int64_t total = promoters + passives + detractors;
	const int width = 560;
	int wd = total ? (int)(detractors * width / total) : 0;
	int wp = total ? (int)(passives * width / total) : 0;
	int wr = total ? width - wd - wp : 0;

	fprintf(f, "<svg role=\"img\" aria-label=\"NPS answers\" width=\"%d\" height=\"56\" "
		   "viewBox=\"0 0 %d 56\">\n", width + 20, width + 20);
	fprintf(f, "<rect x=\"0\" y=\"4\" width=\"%d\" height=\"22\" fill=\"#e76f51\"/>"
		   "<rect x=\"%d\" y=\"4\" width=\"%d\" height=\"22\" fill=\"#c9c9c9\"/>"
		   "<rect x=\"%d\" y=\"4\" width=\"%d\" height=\"22\" fill=\"#2a9d8f\"/>\n",
		wd, wd, wp, wd + wp, wr);
	fprintf(f, "<text x=\"0\" y=\"46\">detractors (0-6): %" PRId64 "</text>"
		   "<text x=\"%d\" y=\"46\" text-anchor=\"middle\">passives (7-8): %" PRId64 "</text>"
		   "<text x=\"%d\" y=\"46\" text-anchor=\"end\">promoters (9-10): %" PRId64 "</text>\n",
		detractors, width / 2, passives, width, promoters);
	fputs("</svg>\n", f);
}

static void service_chart(FILE *f, const struct vipcare_kpi_state *s, int64_t sla)
{
	int64_t den50, den90;
	int64_t p50 = get(s, VIPCARE_KPI_SERVICE_FIRST_RESPONSE_P50, &den50);
	int64_t p90 = get(s, VIPCARE_KPI_SERVICE_FIRST_RESPONSE_P90, &den90);
	struct bar bars[3];

	bars[0].label = "median (p50)";
	bars[0].value = den50 ? p50 : 0;
	bars[1].label = "90th percentile";
	bars[1].value = den90 ? p90 : 0;
	bars[2].label = "SLA";
	bars[2].value = sla;
	format_value(bars[0].text, sizeof(bars[0].text), U_MINUTES, p50, den50);
	format_value(bars[1].text, sizeof(bars[1].text), U_MINUTES, p90, den90);
	format_value(bars[2].text, sizeof(bars[2].text), U_MINUTES, sla, 1);
	bar_chart(f, "First response in minutes", bars, 3);
}

/* ------------------------------------------------------------------ the page */

static const char style[] =
	"<style>\n"
	"body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;"
	"margin:0;background:#f4f5f7;color:#1d1d1f}\n"
	"header{background:#1f4e79;color:#fff;padding:20px 32px}\n"
	"header h1{margin:0;font-size:24px}header p{margin:4px 0 0;opacity:.85}\n"
	"main{padding:8px 32px 32px;max-width:1100px}\n"
	"section{background:#fff;border-radius:8px;padding:16px 20px;margin:16px 0;"
	"box-shadow:0 1px 3px rgba(0,0,0,.08)}\n"
	"h2{font-size:18px;margin:0 0 10px}\n"
	".tiles{display:flex;flex-wrap:wrap;gap:12px}\n"
	".tile{background:#f4f5f7;border-radius:6px;padding:10px 14px;min-width:150px}\n"
	".tile b{display:block;font-size:22px}.tile span{font-size:13px;color:#555}\n"
	"table{border-collapse:collapse;width:100%;font-size:14px}\n"
	"th,td{padding:6px 8px;border-bottom:1px solid #e4e6ea;text-align:left}\n"
	"th{font-weight:600;color:#555}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}\n"
	"td.met{color:#1b7f3b;font-weight:600}td.met::before{content:'\\2714  '}\n"
	"td.missed{color:#b42318;font-weight:600}td.missed::before{content:'\\2718  '}\n"
	"td.none{color:#888}.key{color:#888;font-size:12px}\n"
	"section svg{max-width:100%;height:auto;display:block}\n"
	"svg text{font-size:13px;fill:#1d1d1f}svg text.axis{fill:#666;font-size:12px}\n"
	".grid{display:grid;grid-template-columns:1fr 1fr;gap:16px}\n"
	"@media (max-width:900px){.grid{grid-template-columns:1fr}}\n"
	"footer{color:#888;font-size:12px;padding:0 32px 24px}\n"
	"</style>\n";

static void tile(FILE *f, const struct vipcare_kpi_state *s, int kpi)
{
	const struct kpi_meta *m = meta_of(kpi);
	char value[64];
	int64_t den, num = get(s, kpi, &den);

	format_value(value, sizeof(value), m->unit, num, den);
	fprintf(f, "<div class=\"tile\"><b>%s</b><span>", value);
	html(f, m->label);
	fputs("</span></div>\n", f);
}

void report_write_html(FILE *f, const struct vipcare_kpi_state *s, const struct vipcare_policy *p,
		       const struct vipcare_agenda *agenda, int32_t agenda_day)
{
	static const int headline[] = {
		VIPCARE_KPI_MEMBERS, VIPCARE_KPI_NEW_MEMBERS, VIPCARE_KPI_ACTIVE,
		VIPCARE_KPI_SALES_NET, VIPCARE_KPI_SALES_COUNT, VIPCARE_KPI_AVG_TICKET,
	};
	char from[VIPCARE_DATE_BUFSIZE], to[VIPCARE_DATE_BUFSIZE], day[VIPCARE_DATE_BUFSIZE];
	size_t tiers = vipcare_kpi_state_tier_count(s), i, n;
	struct bar bars[VIPCARE_TIERS_MAX > VIPCARE_CARE_KINDS ? VIPCARE_TIERS_MAX : VIPCARE_CARE_KINDS];
	int64_t members = 0, value, sla = 0, den;
	int met, missed, kind;

	vipcare_date_format(from, sizeof(from), vipcare_kpi_state_from(s));
	vipcare_date_format(to, sizeof(to), vipcare_kpi_state_to(s));
	vipcare_date_format(day, sizeof(day), agenda_day);
	vipcare_policy_get(p, VIPCARE_SETTING_SLA_MINUTES, &sla);
	met = report_targets_met(s, p, &missed);

	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	      "<link rel=\"icon\" href=\"data:,\">\n<title>",
	      f);
	html(f, vipcare_policy_name(p));
	fprintf(f, ": KPI report %s to %s</title>\n", from, to);
	fputs(style, f);
	fputs("</head>\n<body>\n<header><h1>", f);
	html(f, vipcare_policy_name(p));
	fprintf(f, "</h1><p>KPI report for %s to %s &middot; %d target%s met, %d missed</p></header>\n",
		from, to, met, met == 1 ? "" : "s", missed);
	fputs("<main>\n", f);

	fputs("<section><h2>The period at a glance</h2><div class=\"tiles\">\n", f);
	for (i = 0; i < sizeof(headline) / sizeof(headline[0]); i++)
		tile(f, s, headline[i]);
	fputs("</div></section>\n", f);

	fputs("<section><h2>KPIs and targets</h2>\n<table>\n<tr><th>KPI</th><th class=\"num\">value"
	      "</th><th class=\"num\">target</th><th>status</th></tr>\n",
	      f);
	for (i = 0; i < sizeof(metas) / sizeof(metas[0]); i++)
		kpi_row(f, s, p, &metas[i]);
	fputs("</table></section>\n", f);

	fputs("<div class=\"grid\">\n<section><h2>Members per tier</h2>\n", f);
	for (i = 0; i < tiers && i < VIPCARE_TIERS_MAX; i++) {
		vipcare_kpi_tier_get(s, i, VIPCARE_KPI_TIER_CUSTOMERS, &value);
		members += value;
	}
	for (i = 0; i < tiers && i < VIPCARE_TIERS_MAX; i++) {
		char count[32], share[32];

		vipcare_kpi_tier_get(s, i, VIPCARE_KPI_TIER_CUSTOMERS, &value);
		bars[i].label = vipcare_kpi_state_tier_name(s, i);
		bars[i].value = value;
		grouped(count, sizeof(count), value);
		scaled(share, sizeof(share), value, members, 100);
		snprintf(bars[i].text, sizeof(bars[i].text), "%s (%s%%)", count,
			 members ? share : "0.0");
	}
	bar_chart(f, "Members per tier", bars, i);
	fprintf(f, "<p class=\"key\">As of %s.</p></section>\n", to);

	fputs("<section><h2>Tier migration</h2>\n", f);
	migration_chart(f, s);
	fprintf(f, "<p class=\"key\">Members as of %s, by their tier on the day before %s "
		   "(\"new\": not yet a member then) and their tier on %s.</p></section>\n</div>\n",
		to, from, to);

	fputs("<div class=\"grid\">\n<section><h2>Average ticket per tier</h2>\n", f);
	for (i = 0; i < tiers && i < VIPCARE_TIERS_MAX; i++) {
		int64_t sales = 0, count = 0;

		vipcare_kpi_tier_get(s, i, VIPCARE_KPI_TIER_SALES_NET, &sales);
		vipcare_kpi_tier_get(s, i, VIPCARE_KPI_TIER_SALES_COUNT, &count);
		bars[i].label = vipcare_kpi_state_tier_name(s, i);
		/* half away from zero, as the library rounds the average ticket */
		bars[i].value = count ? (sales >= 0 ? (sales * 2 + count) / (2 * count)
						    : -((-sales * 2 + count) / (2 * count)))
				      : 0;
		if (count)
			money(bars[i].text, sizeof(bars[i].text), bars[i].value);
		else
			snprintf(bars[i].text, sizeof(bars[i].text), "no sales");
	}
	bar_chart(f, "Average ticket per tier", bars, i);
	fputs("<table><tr><th>tier</th><th class=\"num\">members</th><th class=\"num\">net sales"
	      "</th><th class=\"num\">sales</th></tr>\n",
	      f);
	for (i = 0; i < tiers && i < VIPCARE_TIERS_MAX; i++) {
		int64_t customers = 0, sales = 0, count = 0;
		char a[32], b[48], c[32];

		vipcare_kpi_tier_get(s, i, VIPCARE_KPI_TIER_CUSTOMERS, &customers);
		vipcare_kpi_tier_get(s, i, VIPCARE_KPI_TIER_SALES_NET, &sales);
		vipcare_kpi_tier_get(s, i, VIPCARE_KPI_TIER_SALES_COUNT, &count);
		grouped(a, sizeof(a), customers);
		money(b, sizeof(b), sales);
		grouped(c, sizeof(c), count);
		fputs("<tr><td>", f);
		html(f, vipcare_kpi_state_tier_name(s, i));
		fprintf(f, "</td><td class=\"num\">%s</td><td class=\"num\">%s</td>"
			   "<td class=\"num\">%s</td></tr>\n", a, b, c);
	}
	fputs("</table></section>\n", f);

	fputs("<section><h2>Service response</h2>\n", f);
	service_chart(f, s, sla);
	{
		char opened[32], answered[32], complaints[32], within[32];
		int64_t num;

		num = get(s, VIPCARE_KPI_SERVICE_OPENED, &den);
		format_value(opened, sizeof(opened), U_COUNT, num, den);
		num = get(s, VIPCARE_KPI_SERVICE_ANSWERED, &den);
		format_value(answered, sizeof(answered), U_COUNT, num, den);
		num = get(s, VIPCARE_KPI_SERVICE_COMPLAINTS, &den);
		format_value(complaints, sizeof(complaints), U_COUNT, num, den);
		num = get(s, VIPCARE_KPI_SERVICE_WITHIN_SLA, &den);
		format_value(within, sizeof(within), U_FRACTION, num, den);
		fprintf(f, "<p>%s requests opened, %s answered, %s complaints; %s answered within "
			   "the SLA of %" PRId64 " minutes.</p>\n",
			opened, answered, complaints, within, sla);
	}
	fputs("<h2>NPS answers</h2>\n", f);
	nps_chart(f, s);
	fputs("</section>\n</div>\n", f);

	n = vipcare_agenda_count(agenda);
	fprintf(f, "<section><h2>Care agenda for %s</h2>\n", day);
	for (kind = 0; kind < VIPCARE_CARE_KINDS; kind++) {
		bars[kind].label = vipcare_care_kind_name(kind);
		bars[kind].value = 0;
	}
	for (i = 0; i < n; i++) {
		kind = vipcare_agenda_kind(agenda, i);
		if (kind >= 0 && kind < VIPCARE_CARE_KINDS)
			bars[kind].value++;
	}
	for (kind = 0; kind < VIPCARE_CARE_KINDS; kind++)
		grouped(bars[kind].text, sizeof(bars[kind].text), bars[kind].value);
	bar_chart(f, "Care agenda by kind", bars, VIPCARE_CARE_KINDS);
	{
		char total[32];

		grouped(total, sizeof(total), (int64_t)n);
		fprintf(f, "<p>%s items to contact (with the overdue ones). Not listed because the "
			   "customer opted out of marketing:", total);
	}
	for (kind = 0, i = 0; kind < VIPCARE_CARE_KINDS; kind++) {
		char count[32];

		if (vipcare_policy_care_marketing(p, kind) != 1)
			continue;
		grouped(count, sizeof(count), (int64_t)vipcare_agenda_suppressed(agenda, kind));
		fprintf(f, "%s %s %s", i++ ? "," : "", vipcare_care_kind_name(kind), count);
	}
	fputs(".</p></section>\n", f);

	fputs("</main>\n<footer>Made by vipcare " VIPCARE_VERSION_STRING
	      " from the data folder and the policy; every figure is defined in the library's "
	      "documentation.</footer>\n</body>\n</html>\n",
	      f);
}
