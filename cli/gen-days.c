/*
 * libvipcare — the vipcare command: `generate`'s days. Each member's visits
 * are kept in buckets by day; each day's sales, refunds due and points
 * spent are sorted by time, numbered and written, then its surveys and
 * service requests. The sales and refunds go into the generator's engine
 * too, so that care records and redemptions can be asked of the library.
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "gen.h"

static void schedule(struct gen *g, uint32_t index, int32_t day)
{
	struct member *m = &g->members[index];
	int32_t slot = day - g->p->start;

	if (day > m->stop || slot >= g->days)
		return;
	m->next = g->bucket[slot];
	g->bucket[slot] = index;
}

/* The next visit, at a random gap averaging a year over the visits a year. */
static int32_t next_visit(struct rng *r, const struct member *m, int32_t day)
{
	uint32_t mean = 365u / (uint32_t)m->visits;

	if (mean < 1)
		mean = 1;
	return day + 1 + (int32_t)rng_below(r, 2 * mean - 1);
}

static int visit(struct gen *g, uint32_t index, int32_t day)
{
	static const uint32_t sales_weights[] = { 85, 13, 2 };
	static const uint32_t nps_weights[] = { 2, 1, 1, 2, 2, 4, 6, 10, 14, 24, 34 };
	static const uint32_t csat_weights[] = { 3, 5, 12, 35, 45 };
	struct member *m = &g->members[index];
	struct rng *r = &g->rng;
	int64_t ts = (int64_t)day * DAY + 10 * 3600 + rng_below(r, 11 * 3600);
	int64_t ticket = m->budget * 100 / m->visits, first_ts = ts;
	int sales = 1 + rng_weighted(r, sales_weights, 3), s;
	int first_visit = !m->visited;

	m->visited = 1;
	for (s = 0; s < sales; s++) {
		struct day_row *row = vec_push(&g->today);
		int store = rng_chance(r, 700) ? m->store : (int)rng_below(r, STORES);
		int64_t amount = ticket * gen_category_level[store % 10] / 100;

		if (row == NULL)
			return gen_fail(g, "out of memory");
		amount = amount * (40 + rng_below(r, 121)) / 100;
		amount = amount / sales + rng_below(r, 100);
		if (amount < 500)
			amount = 500 + rng_below(r, 1000);
		memset(row, 0, sizeof(*row));
		row->ts = ts;
		row->amount = amount;
		row->seq = g->seq++;
		row->member = index;
		row->type = ROW_SALE;
		row->store = (uint8_t)store;
		if (rng_chance(r, 30)) {
			row->refund_days = (uint8_t)(1 + rng_below(r, 30));
			row->refund_pct = (uint8_t)(rng_chance(r, 500) ? 100 : 10 + rng_below(r, 81));
		}
		ts += 300 + rng_below(r, 3600);
		if (ts >= (int64_t)(day + 1) * DAY)
			ts = (int64_t)(day + 1) * DAY - 1;
	}
	/* a return without a receipt */
	if (rng_chance(r, 3)) {
		struct day_row *row = vec_push(&g->today);

		if (row == NULL)
			return gen_fail(g, "out of memory");
		memset(row, 0, sizeof(*row));
		row->ts = ts;
		row->amount = 100 + (int64_t)rng_below(r, (uint32_t)(ticket / 2 + 1));
		row->seq = g->seq++;
		row->member = index;
		row->type = ROW_REFUND;
		row->store = m->store;
	}
	/* points spent at the till, if the balance allows when the day is written */
	if (rng_chance(r, 30)) {
		struct day_row *row = vec_push(&g->today);

		if (row == NULL)
			return gen_fail(g, "out of memory");
		memset(row, 0, sizeof(*row));
		row->ts = first_ts + 60;
		row->amount = 100 * (1 + (int64_t)rng_below(r, 5));
		row->seq = g->seq++;
		row->member = index;
		row->type = ROW_POINTS;
		row->store = (uint8_t)rng_below(r, 4);
	}
	if (rng_chance(r, 40)) {
		struct survey_row *sv = vec_push(&g->surveys);

		if (sv == NULL)
			return gen_fail(g, "out of memory");
		sv->ts = ts + 600 + rng_below(r, 7200);
		if (sv->ts >= (int64_t)(day + 1) * DAY)
			sv->ts = (int64_t)(day + 1) * DAY - 1;
		sv->seq = g->seq++;
		sv->member = index;
		sv->csat = (uint8_t)rng_chance(r, 300);
		sv->score = sv->csat ? (uint8_t)(1 + rng_weighted(r, csat_weights, 5))
				     : (uint8_t)rng_weighted(r, nps_weights, 11);
	}
	if (rng_chance(r, 10)) {
		struct service_row *sr = vec_push(&g->service);
		uint32_t band = rng_below(r, 100);

		if (sr == NULL)
			return gen_fail(g, "out of memory");
		sr->opened = first_ts + rng_below(r, 4 * 3600);
		sr->seq = g->seq++;
		sr->member = index;
		sr->complaint = (uint8_t)rng_chance(r, 250);
		sr->first_response = -1;
		sr->resolved = -1;
		if (band < 92) {
			int64_t minutes = band < 65 ? 5 + rng_below(r, 115)
				       : band < 87 ? 120 + rng_below(r, 1320)
						   : 1440 + rng_below(r, 2880);

			sr->first_response = sr->opened + minutes * 60 + rng_below(r, 60);
			if (rng_chance(r, 850))
				sr->resolved = sr->first_response + 600 + rng_below(r, 5 * DAY);
		}
	}
	/* benefits the customer asks for at the till; the library decides later */
	{
		struct wish w[4];
		int n = 0, k;

		if (first_visit && rng_chance(r, 600))
			w[n++] = (struct wish){ first_ts + 120, 0, index, WISH_WELCOME, 1 };
		if (m->birth_month && rng_chance(r, 500)) {
			int32_t month = 0;

			vipcare_date_to_ymd(day, NULL, &month, NULL);
			if (month == m->birth_month)
				w[n++] = (struct wish){ first_ts + 180, 0, index, WISH_BIRTHDAY_COUPON, 1 };
		}
		if (m->budget >= 8000 && rng_chance(r, 400))
			w[n++] = (struct wish){ first_ts + 240, 0, index, WISH_PARKING,
						(uint8_t)(1 + rng_below(r, 3)) };
		if (m->budget >= 40000) {
			uint32_t x = rng_below(r, 1000);

			if (x < 250)
				w[n++] = (struct wish){ first_ts + 300, 0, index, WISH_PRIORITY, 1 };
			else if (x < 290)
				w[n++] = (struct wish){ first_ts + 300, 0, index, WISH_EVENT, 1 };
			else if (x < 390 && m->budget >= 90000)
				w[n++] = (struct wish){ first_ts + 300, 0, index, WISH_ADVISOR, 1 };
		}
		for (k = 0; k < n; k++) {
			struct wish *slot = vec_push(&g->wishes);

			if (slot == NULL)
				return gen_fail(g, "out of memory");
			*slot = w[k];
			slot->seq = g->seq++;
		}
	}
	schedule(g, index, next_visit(r, m, day));
	return 0;
}

static int compare_day_rows(const void *a, const void *b)
{
	const struct day_row *x = a, *y = b;
	int tx = x->type == ROW_POINTS, ty = y->type == ROW_POINTS;

	/* within a second: transactions, then points redemptions (DESIGN §11) */
	if (x->ts != y->ts)
		return x->ts < y->ts ? -1 : 1;
	if (tx != ty)
		return tx - ty;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int compare_surveys(const void *a, const void *b)
{
	const struct survey_row *x = a, *y = b;

	if (x->ts != y->ts)
		return x->ts < y->ts ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int compare_service(const void *a, const void *b)
{
	const struct service_row *x = a, *y = b;

	if (x->opened != y->opened)
		return x->opened < y->opened ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int flush_txns(struct gen *g)
{
	size_t done = 0;

	if (g->pending == 0)
		return 0;
	if (vipcare_engine_add_transactions(g->engine,
					    (const struct vipcare_transaction *const *)g->txns,
					    g->pending, &done) != VIPCARE_OK)
		return gen_fail(g, vipcare_engine_last_error(g->engine));
	g->pending = 0;
	return 0;
}

/* The lower bound of a member's points balance in the year of @ts. */
static int64_t points_floor(struct member *m, int64_t ts)
{
	int32_t year;

	vipcare_date_to_ymd(vipcare_timestamp_date(ts), &year, NULL, NULL);
	if (m->points_year != year) {
		m->earned_prev = m->points_year == year - 1 ? m->earned_cur : 0;
		m->earned_cur = 0;
		m->points_year = year;
	}
	return m->earned_cur + m->earned_prev - m->owed;
}

static int write_txn(struct gen *g, const struct day_row *row, uint64_t number)
{
	struct vipcare_transaction *t = g->txns[g->pending];
	char id[32], customer[32], store[8];
	int refund = row->type == ROW_REFUND;

	snprintf(id, sizeof(id), "T%09llu", (unsigned long long)number);
	member_id(g, row->member, customer, sizeof(customer));
	snprintf(store, sizeof(store), "S%02u", row->store + 1u);
	fprintf(g->transactions, "%s,%s,", id, customer);
	write_ts(g->transactions, row->ts);
	fputc(',', g->transactions);
	out_money(g->transactions, row->amount);
	fprintf(g->transactions, ",%s,%s,%s,", refund ? "refund" : "sale", store,
		gen_categories[row->store % 10]);
	vipcare_transaction_clear(t);
	vipcare_transaction_set_id(t, id);
	vipcare_transaction_set_customer(t, customer);
	vipcare_transaction_set_timestamp(t, row->ts);
	vipcare_transaction_set_amount(t, row->amount);
	vipcare_transaction_set_kind(t, refund ? VIPCARE_TXN_REFUND : VIPCARE_TXN_SALE);
	vipcare_transaction_set_store(t, store);
	vipcare_transaction_set_category(t, gen_categories[row->store % 10]);
	if (refund && row->ref) {
		char ref[32];

		snprintf(ref, sizeof(ref), "T%09llu", (unsigned long long)row->ref);
		fputs(ref, g->transactions);
		vipcare_transaction_set_original(t, ref);
	}
	fputc('\n', g->transactions);
	if (++g->pending == TXN_BATCH)
		return flush_txns(g);
	return 0;
}

static int write_day(struct gen *g, int32_t day)
{
	struct vec *due = &g->refunds[(uint32_t)day % REFUND_RING];
	struct day_row *rows;
	size_t i;

	/* the refunds due today join the day's rows */
	for (i = 0; i < due->count; i++) {
		struct day_row *row = vec_push(&g->today);

		if (row == NULL)
			return gen_fail(g, "out of memory");
		*row = ((struct day_row *)due->items)[i];
	}
	due->count = 0;
	vec_sort(&g->today, compare_day_rows);
	rows = g->today.items;
	for (i = 0; i < g->today.count; i++) {
		struct day_row *row = &rows[i];
		struct member *m = &g->members[row->member];
		int64_t floor_points = points_floor(m, row->ts);

		if (row->type == ROW_POINTS) {
			int64_t points = row->amount;
			char customer[32];

			if (floor_points < 100)
				continue;
			if (points > floor_points)
				points = floor_points / 100 * 100;
			m->owed += points;
			member_id(g, row->member, customer, sizeof(customer));
			fprintf(g->points_f, "P%09llu,%s,%lld,",
				(unsigned long long)++g->points_count, customer, (long long)points);
			write_ts(g->points_f, row->ts);
			fprintf(g->points_f, ",%s\n", gen_points_reasons[row->store % 4]);
			continue;
		}
		++g->txn_count;
		if (row->type == ROW_SALE) {
			m->earned_cur += row->amount / 100;
			if (row->refund_days && day + row->refund_days <= g->p->end) {
				int32_t when = day + row->refund_days;
				struct day_row *refund = vec_push(&g->refunds[(uint32_t)when % REFUND_RING]);

				if (refund == NULL)
					return gen_fail(g, "out of memory");
				*refund = *row;
				refund->type = ROW_REFUND;
				refund->ref = g->txn_count;
				refund->amount = row->amount * row->refund_pct / 100;
				if (refund->amount < 1)
					refund->amount = 1;
				refund->ts = (int64_t)when * DAY + 10 * 3600 + rng_below(&g->rng, 11 * 3600);
				refund->seq = g->seq++;
				refund->refund_days = 0;
			}
		} else {
			m->owed += (row->amount * 2 + 99) / 100;
		}
		if (write_txn(g, row, g->txn_count) < 0)
			return -1;
	}
	g->today.count = 0;

	vec_sort(&g->surveys, compare_surveys);
	for (i = 0; i < g->surveys.count; i++) {
		const struct survey_row *sv = (struct survey_row *)g->surveys.items + i;
		char customer[32];

		member_id(g, sv->member, customer, sizeof(customer));
		fprintf(g->surveys_f, "%s,", customer);
		write_ts(g->surveys_f, sv->ts);
		fprintf(g->surveys_f, ",%s,%u\n", sv->csat ? "csat" : "nps", sv->score);
	}
	g->surveys.count = 0;

	vec_sort(&g->service, compare_service);
	for (i = 0; i < g->service.count; i++) {
		const struct service_row *sr = (struct service_row *)g->service.items + i;
		char customer[32];

		member_id(g, sr->member, customer, sizeof(customer));
		fprintf(g->service_f, "SR%08llu,%s,%s,", (unsigned long long)++g->service_count,
			customer, sr->complaint ? "complaint" : "inquiry");
		write_ts(g->service_f, sr->opened);
		fputc(',', g->service_f);
		if (sr->first_response >= 0)
			write_ts(g->service_f, sr->first_response);
		fputc(',', g->service_f);
		if (sr->resolved >= 0)
			write_ts(g->service_f, sr->resolved);
		fputc('\n', g->service_f);
	}
	g->service.count = 0;
	return 0;
}

int gen_days(struct gen *g)
{
	struct progress bar;
	uint32_t i;
	int32_t day;

	for (i = 0; i < (uint32_t)g->days; i++)
		g->bucket[i] = UINT32_MAX;
	for (i = 0; i < (uint32_t)g->p->members; i++)
		if (g->members[i].first_visit != VIPCARE_DATE_NONE)
			schedule(g, i, g->members[i].first_visit);

	fputs("txn_id,customer_id,ts,amount,kind,store,category,ref_txn_id\n", g->transactions);
	fputs("customer_id,ts,kind,score\n", g->surveys_f);
	fputs("request_id,customer_id,kind,opened,first_response,resolved\n", g->service_f);
	fputs("redemption_id,customer_id,points,ts,reason\n", g->points_f);
	progress_start(&bar, "generating days", (uint64_t)g->days);
	bar.mask = 0;
	for (day = g->p->start; day <= g->p->end; day++) {
		uint32_t index = g->bucket[day - g->p->start];

		/* the bucket is walked in the order it was filled; the rows are sorted anyway */
		while (index != UINT32_MAX) {
			uint32_t next = g->members[index].next;

			if (visit(g, index, day) < 0)
				return -1;
			index = next;
		}
		if (write_day(g, day) < 0)
			return -1;
		progress_update(&bar, (uint64_t)(day - g->p->start + 1));
	}
	progress_finish(&bar);
	return flush_txns(g);
}
