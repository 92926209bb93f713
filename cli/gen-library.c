/*
 * libvipcare — the vipcare command: `generate`'s care records and benefit
 * redemptions, made by asking the library, so that their occasion keys,
 * tiers and quotas are exactly what it decides.
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "gen.h"

static int compare_care(const void *a, const void *b)
{
	const struct care_row *x = a, *y = b;

	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static uint32_t member_of(const char *id)
{
	return (uint32_t)strtoul(id + 1, NULL, 10) - 1;
}

/* The staff work through each month's agenda; most items get a record. */
int gen_care(struct gen *g)
{
	static const uint32_t outcome_weights[] = { 65, 25, 10 };
	struct progress bar;
	int32_t month_start = g->p->start, y, m;
	uint32_t seq = 0;
	size_t i;

	progress_start(&bar, "care records", (uint64_t)g->days);
	bar.mask = 0;
	while (month_start <= g->p->end) {
		struct vipcare_agenda *agenda = NULL;
		int32_t month_end, first_of_month;

		vipcare_date_to_ymd(month_start, &y, &m, NULL);
		vipcare_date_from_ymd(&first_of_month, y, m, 1);
		vipcare_date_add_months(&month_end, first_of_month, 1);
		month_end -= 1;
		if (month_end > g->p->end)
			month_end = g->p->end;
		if (vipcare_agenda_new(&agenda, g->engine, month_start, month_end) != VIPCARE_OK)
			return gen_fail(g, vipcare_engine_last_error(g->engine));
		for (i = 0; i < vipcare_agenda_count(agenda); i++) {
			int32_t due = vipcare_agenda_due(agenda, i);
			int reachable = vipcare_agenda_channel(agenda, i) >= 0;
			struct care_row *row;

			if (due < month_start)
				continue; /* overdue from last month: left undone then */
			if (!rng_chance(&g->rng, reachable ? 720 : 150))
				continue;
			row = vec_push(&g->care);
			if (row == NULL) {
				vipcare_agenda_unref(agenda);
				return gen_fail(g, "out of memory");
			}
			row->date = due + (int32_t)rng_below(&g->rng, 4);
			if (row->date > g->p->end)
				row->date = g->p->end;
			row->seq = seq++;
			row->member = member_of(vipcare_agenda_customer(agenda, i));
			row->kind = (uint8_t)vipcare_agenda_kind(agenda, i);
			row->outcome = (uint8_t)(reachable ? rng_weighted(&g->rng, outcome_weights, 3)
							   : VIPCARE_OUTCOME_NO_ANSWER);
			snprintf(row->occasion, sizeof(row->occasion), "%s",
				 vipcare_agenda_occasion(agenda, i));
			if (vipcare_engine_record_care(g->engine, vipcare_agenda_customer(agenda, i),
						       row->kind, row->occasion, row->date,
						       row->outcome) != VIPCARE_OK) {
				vipcare_agenda_unref(agenda);
				return gen_fail(g, vipcare_engine_last_error(g->engine));
			}
		}
		vipcare_agenda_unref(agenda);
		month_start = month_end + 1;
		progress_update(&bar, (uint64_t)(month_start - g->p->start));
	}
	progress_finish(&bar);

	vec_sort(&g->care, compare_care);
	fputs("customer_id,kind,occasion,date,outcome\n", g->care_f);
	for (i = 0; i < g->care.count; i++) {
		const struct care_row *row = (struct care_row *)g->care.items + i;
		char customer[32];

		member_id(g, row->member, customer, sizeof(customer));
		fprintf(g->care_f, "%s,%s,", customer, vipcare_care_kind_name(row->kind));
		out_csv(g->care_f, row->occasion);
		fputc(',', g->care_f);
		out_date(g->care_f, row->date);
		fprintf(g->care_f, ",%s\n", vipcare_care_outcome_name(row->outcome));
	}
	return 0;
}

static int compare_wishes(const void *a, const void *b)
{
	const struct wish *x = a, *y = b;

	if (x->ts != y->ts)
		return x->ts < y->ts ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Each wish the library allows (in time order, so quotas fill up as they would) is redeemed. */
int gen_redemptions(struct gen *g)
{
	struct vipcare_checkout *check = NULL;
	struct progress bar;
	uint64_t count = 0;
	size_t i;

	if (vipcare_checkout_new(&check) != VIPCARE_OK)
		return gen_fail(g, "out of memory");
	vec_sort(&g->wishes, compare_wishes);
	fputs("redemption_id,customer_id,benefit,ts,qty\n", g->redemptions_f);
	progress_start(&bar, "redemptions", g->wishes.count);
	for (i = 0; i < g->wishes.count; i++) {
		const struct wish *w = (struct wish *)g->wishes.items + i;
		const char *benefit = gen_benefit_ids[w->benefit];
		char customer[32], id[32];
		int32_t left, qty = w->qty;

		member_id(g, w->member, customer, sizeof(customer));
		if (vipcare_engine_check_benefit(g->engine, customer, benefit, w->ts, check) !=
		    VIPCARE_OK) {
			vipcare_checkout_unref(check);
			return gen_fail(g, vipcare_engine_last_error(g->engine));
		}
		progress_update(&bar, i + 1);
		if (vipcare_checkout_eligible(check, 0) != 1)
			continue;
		left = vipcare_checkout_left(check, 0);
		if (left >= 0 && qty > left)
			qty = left;
		snprintf(id, sizeof(id), "R%09llu", (unsigned long long)count + 1);
		if (vipcare_engine_redeem(g->engine, id, customer, benefit, w->ts, qty, check) !=
		    VIPCARE_OK) {
			vipcare_checkout_unref(check);
			return gen_fail(g, vipcare_engine_last_error(g->engine));
		}
		count++;
		fprintf(g->redemptions_f, "%s,%s,%s,", id, customer, benefit);
		write_ts(g->redemptions_f, w->ts);
		fprintf(g->redemptions_f, ",%ld\n", (long)qty);
	}
	progress_finish(&bar);
	vipcare_checkout_unref(check);
	return 0;
}
