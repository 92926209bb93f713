/*
 * libvipcare — the vipcare command: `generate`'s customers: budgets,
 * shopping habits, birthdays, consents, opt-outs, advisors and overrides,
 * written to customers.csv and given to the generator's engine alike.
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "gen.h"

/* Pareto with alpha 1 from 1,500.00 a year, capped at 3,000,000.00. */
static int64_t draw_budget(struct rng *r)
{
	uint64_t u = (rng_next(r) >> 32) + 1;
	uint64_t b = 1500u * ((uint64_t)1 << 32) / u;

	return b > 3000000 ? 3000000 : (int64_t)b;
}

static void draw_birthday(struct member *m, struct rng *r, uint32_t index, int *year)
{
	static const int month_days[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int doy, month = 0;

	*year = 0;
	/* about one in 366 on 29 February, one at a fixed place so that a small mall has one */
	if (index % 400 == 7) {
		doy = 59;
	} else if (rng_chance(r, 120)) {
		m->birth_month = m->birth_day = 0;
		return;
	} else {
		doy = (int)rng_below(r, 366);
	}
	while (doy >= month_days[month])
		doy -= month_days[month++];
	m->birth_month = (int8_t)(month + 1);
	m->birth_day = (int8_t)(doy + 1);
	if (rng_chance(r, 600)) {
		*year = 1950 + (int)rng_below(r, 56);
		if (m->birth_month == 2 && m->birth_day == 29)
			*year -= *year % 4; /* a leap year: 1952 .. 2004 are all leap years */
	}
}

int gen_customers(struct gen *g)
{
	static const char *const channel_names[] = { "wechat", "sms", "app", "email", "phone" };
	static const int channel_codes[] = {
		VIPCARE_CHANNEL_WECHAT, VIPCARE_CHANNEL_SMS, VIPCARE_CHANNEL_APP,
		VIPCARE_CHANNEL_EMAIL, VIPCARE_CHANNEL_PHONE,
	};
	const struct generate_params *p = g->p;
	uint32_t i, n = (uint32_t)p->members;
	int32_t span = p->end - p->start + 1;
	FILE *f = g->customers;

	fputs("customer_id,birthday,joined,consent,marketing_opt_out,advisor,override_tier,"
	      "override_until\n",
	      f);
	for (i = 0; i < n; i++) {
		struct member *m = &g->members[i];
		struct rng r;
		char id[32], date[VIPCARE_DATE_BUFSIZE];
		uint32_t phone, kind;
		int year, c, first = 1;
		int32_t joined = VIPCARE_DATE_NONE, until = VIPCARE_DATE_NONE;
		const char *override = NULL, *opt_out;
		char advisor[8] = "";

		rng_seed(&r, p->seed, 1000 + (uint64_t)i);
		memset(m, 0, sizeof(*m));
		member_id(g, i, id, sizeof(id));
		m->budget = draw_budget(&r);
		if ((m->budget >= 60000 && rng_chance(&r, 700)) || rng_chance(&r, 20))
			m->visits = 60 + (int32_t)rng_below(&r, 60); /* weekly or more */
		else if (rng_chance(&r, 300))
			m->visits = 10 + (int32_t)rng_below(&r, 22);
		else
			m->visits = 2 + (int32_t)rng_below(&r, 7);
		m->store = (uint8_t)rng_below(&r, STORES);
		m->stop = p->end;

		kind = rng_below(&r, 1000);
		if (kind < 350) {
			/* a member from before the period */
			joined = p->start - 1 - (int32_t)rng_below(&r, 1500);
			m->first_visit = p->start + (int32_t)rng_below(&r, 21);
		} else if (kind < 940) {
			/* joins during the period, on the day of the first sale */
			m->first_visit = p->start + (int32_t)rng_below(&r, (uint32_t)span);
			if (!rng_chance(&r, 300))
				joined = m->first_visit;
		} else if (kind < 990) {
			/* signed up, never bought */
			joined = p->start + (int32_t)rng_below(&r, (uint32_t)span);
			m->first_visit = VIPCARE_DATE_NONE;
		} else {
			/* a record without a joined date or a sale: not a member */
			m->first_visit = VIPCARE_DATE_NONE;
		}
		if (m->first_visit != VIPCARE_DATE_NONE && rng_chance(&r, 250))
			m->stop = m->first_visit + (int32_t)rng_below(&r, (uint32_t)span);

		draw_birthday(m, &r, i, &year);

		vipcare_customer_clear(g->customer);
		vipcare_customer_set_id(g->customer, id);
		out_csv(f, id);
		fputc(',', f);
		if (m->birth_month) {
			vipcare_customer_set_birthday(g->customer, m->birth_month, m->birth_day);
			if (year)
				fprintf(f, "%04d-", year);
			fprintf(f, "%02d-%02d", m->birth_month, m->birth_day);
		}
		fputc(',', f);
		if (joined != VIPCARE_DATE_NONE) {
			vipcare_customer_set_joined(g->customer, joined);
			out_date(f, joined);
		}
		fputc(',', f);
		phone = m->budget >= 50000 ? 650 : 250;
		if (!rng_chance(&r, 60)) {
			static const uint32_t chance[] = { 750, 600, 450, 300, 0 };

			for (c = 0; c < 5; c++) {
				if (!rng_chance(&r, c == 4 ? phone : chance[c]))
					continue;
				vipcare_customer_set_consent(g->customer, channel_codes[c], 1);
				fprintf(f, "%s%s", first ? "" : ";", channel_names[c]);
				first = 0;
			}
		}
		kind = rng_below(&r, 1000);
		opt_out = kind < 70 ? "1" : kind < 170 ? "" : "0";
		vipcare_customer_set_marketing_opt_out(g->customer, opt_out[0] == '1');
		fprintf(f, ",%s,", opt_out);
		if (m->budget >= 50000 || rng_chance(&r, 20)) {
			snprintf(advisor, sizeof(advisor), "A%02u", 1 + rng_below(&r, 12));
			vipcare_customer_set_advisor(g->customer, advisor);
		}
		fputs(advisor, f);
		fputc(',', f);
		kind = rng_below(&r, 1000);
		if (kind < 3) {
			override = "platinum";
			until = p->end + 180;
		} else if (kind < 4) {
			override = "diamond";
		} else if (kind < 5) {
			override = "member";
			until = p->end - 30;
		}
		if (override != NULL) {
			vipcare_customer_set_override(g->customer, override, until);
			fputs(override, f);
		}
		fputc(',', f);
		if (until != VIPCARE_DATE_NONE) {
			vipcare_date_format(date, sizeof(date), until);
			fputs(date, f);
		}
		fputc('\n', f);
		if (vipcare_engine_add_customer(g->engine, g->customer) != VIPCARE_OK)
			return gen_fail(g, vipcare_engine_last_error(g->engine));
	}
	return 0;
}
