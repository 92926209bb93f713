/*
 * libvipcare — computing the KPIs of a period (DESIGN §7) over the
 * customers an engine holds.
 *
 * One pass over the customers reads each one's transactions (the period's
 * sales, visits, first sale ever, the churn base window), its compact
 * summary (the tier on `from` - 1 and on `to`) and its care records (the
 * conversion windows); one pass over the survey responses and one over
 * the service requests; and the care agenda's pass counts the items due
 * (agenda.c). Everything is a sum over customers, which is what makes
 * states of slices merge exactly (kpi-state.c).
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>
#include <string.h>

#include "engine-private.h"
#include "kpi-private.h"

/* The tier on @date by the summary, or -1 when not yet a member then. */
static int tier_at(const struct vipcare__summary_view *v, int32_t date)
{
	int32_t k;

	if (v->stretches == 0 || v->history[0] > date)
		return -1;
	for (k = 0; k + 1 < v->stretches && v->history[2 * (k + 1)] <= date; k++)
		;
	return v->history[2 * k + 1];
}

/* What one customer's transactions say about the period. */
struct customer_sums {
	int64_t net;        /* every transaction dated in the period */
	int64_t sales;      /* sales dated in the period */
	int32_t visit;      /* a sale date in the period, VIPCARE_DATE_NONE before the first */
	int two_visits;     /* 2 distinct sale dates in the period */
	int32_t first_sale; /* ever */
	int32_t last_sale;  /* up to `to` */
	int in_base;        /* a sale in [from - lapse_days, from - 1] */
};

static void scan_entries(const struct vipcare__cust *c, int32_t from, int32_t to, int32_t lapse,
			 struct customer_sums *out)
{
	const struct vipcare__chunk *chunk = c->chunk;
	uint64_t end = c->txn_count;
	unsigned k = c->chunks;

	memset(out, 0, sizeof(*out));
	out->visit = out->first_sale = out->last_sale = VIPCARE_DATE_NONE;
	for (; chunk != NULL; chunk = chunk->prev) {
		uint64_t first = vipcare__chunk_start(--k), i;

		for (i = first; i < end; i++) {
			const struct vipcare__entry *en = &chunk->entries[i - first];
			int32_t d = vipcare__ts_date(en->ts);

			if (d >= from && d <= to) {
				out->net += en->amount;
				if (en->amount > 0) {
					out->sales++;
					if (out->visit == VIPCARE_DATE_NONE)
						out->visit = d;
					else if (out->visit != d)
						out->two_visits = 1;
				}
			}
			if (en->amount <= 0)
				continue;
			if (out->first_sale == VIPCARE_DATE_NONE || d < out->first_sale)
				out->first_sale = d;
			if (d <= to && (out->last_sale == VIPCARE_DATE_NONE || d > out->last_sale))
				out->last_sale = d;
			if (d >= from - lapse && d <= from - 1)
				out->in_base = 1;
		}
		end = first;
	}
}

/*
 * The reached contacts of customer @cust dated in the period, and for each
 * the sales in the @days days after it.
 */
static void conversions(const struct vipcare_engine *e, uint32_t cust, int32_t from, int32_t to,
			int32_t days, int64_t *counts)
{
	const struct vipcare__cust *c = vipcare__cust_at(e, cust);
	uint32_t i;

	if (cust >= e->care_last_count)
		return;
	for (i = e->care_last[cust]; i != VIPCARE__NONE;) {
		const struct vipcare__care_record *r = vipcare__blocks_at(&e->care_records, i);
		uint32_t pos;
		int64_t gross = 0;
		int sold = 0;

		i = r->prev;
		if (r->outcome != VIPCARE_OUTCOME_REACHED || r->date < from || r->date > to)
			continue;
		counts[K_CARE_REACHED]++;
		for (pos = 0; pos < c->txn_count; pos++) {
			const struct vipcare__entry *en = vipcare__cust_entry(c, pos);
			int32_t d = vipcare__ts_date(en->ts);

			if (en->amount > 0 && d > r->date && d <= r->date + days) {
				gross += en->amount;
				sold = 1;
			}
		}
		counts[K_CARE_CONVERTED] += sold;
		counts[K_CARE_CONVERSION_SALES] += gross;
	}
}

static int cmp_minutes(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* The first-response minutes of the period's answered requests, as a histogram. */
static int service(struct vipcare_engine *e, const uint8_t *member, int32_t from, int32_t to,
		   struct vipcare_kpi_state *s)
{
	int64_t sla = e->policy.settings[VIPCARE_SETTING_SLA_MINUTES];
	int64_t *minutes;
	size_t i, n = 0, out = 0;

	size_t bytes = (e->service.count > 0 ? e->service.count : 1) * sizeof(*minutes);

	minutes = vipcare__mem_alloc(&e->mem, bytes);
	if (minutes == NULL)
		return VIPCARE_E_NO_MEMORY;
	for (i = 0; i < e->service.count; i++) {
		const struct vipcare__service *r = vipcare__blocks_at(&e->service, i);
		int32_t d = vipcare__ts_date(r->opened);

		if (d < from || d > to || !member[r->customer])
			continue;
		s->counts[K_SERVICE_OPENED]++;
		s->counts[K_SERVICE_COMPLAINTS] += r->kind == VIPCARE_SERVICE_COMPLAINT;
		if (r->first_response == VIPCARE_TIMESTAMP_NONE)
			continue;
		s->counts[K_SERVICE_ANSWERED]++;
		minutes[n] = (r->first_response - r->opened) / 60;
		s->counts[K_SERVICE_WITHIN_SLA] += minutes[n] <= sla;
		n++;
	}
	qsort(minutes, n, sizeof(*minutes), cmp_minutes);
	for (i = 0; i < n; i++) {
		if (i == 0 || minutes[i] != minutes[i - 1])
			out++;
	}
	s->histogram = malloc((out > 0 ? out : 1) * sizeof(*s->histogram));
	if (s->histogram == NULL) {
		vipcare__mem_free(&e->mem, minutes, bytes);
		return VIPCARE_E_NO_MEMORY;
	}
	s->histogram_cap = out > 0 ? out : 1;
	for (i = 0, out = 0; i < n; i++) {
		if (i == 0 || minutes[i] != minutes[i - 1]) {
			s->histogram[out].minutes = minutes[i];
			s->histogram[out++].count = 0;
		}
		s->histogram[out - 1].count++;
	}
	s->histogram_len = out;
	vipcare__mem_free(&e->mem, minutes, bytes);
	return VIPCARE_OK;
}

/* FNV-1a over the policy's text: equal policies, equal fingerprints, on any machine. */
static int fingerprint(const struct vipcare_policy *p, uint64_t *out)
{
	char *text = NULL;
	uint64_t h = UINT64_C(14695981039346656037);
	const unsigned char *c;
	int rc = vipcare_policy_to_text(p, &text);

	if (rc != VIPCARE_OK)
		return rc;
	for (c = (const unsigned char *)text; *c != '\0'; c++) {
		h ^= *c;
		h *= UINT64_C(1099511628211);
	}
	vipcare_free(text);
	*out = h;
	return VIPCARE_OK;
}

static int compute(struct vipcare_engine *e, int32_t from, int32_t to, struct vipcare_kpi_state *s)
{
	const struct vipcare_policy *p = &e->policy;
	int32_t lapse = (int32_t)p->settings[VIPCARE_SETTING_LAPSE_DAYS];
	int32_t days = (int32_t)p->settings[VIPCARE_SETTING_CONVERSION_DAYS];
	struct vipcare__care_tally tally;
	uint8_t *member;
	size_t i;
	int rc, t;

	s->from = from;
	s->to = to;
	s->tier_count = p->tier_count;
	for (t = 0; t < p->tier_count; t++)
		memcpy(s->tier_names[t], p->tiers[t].name, sizeof(s->tier_names[t]));
	rc = fingerprint(p, &s->policy_fingerprint);
	if (rc != VIPCARE_OK)
		return rc;
	rc = vipcare__summaries_prepare(e);
	if (rc != VIPCARE_OK)
		return rc;
	member = vipcare__mem_calloc(&e->mem, e->customers.count > 0 ? e->customers.count : 1, 1);
	if (member == NULL)
		return VIPCARE_E_NO_MEMORY;
	for (i = 0; i < e->customers.count; i++) {
		const struct vipcare__cust *c = vipcare__cust_at(e, (uint32_t)i);
		int32_t joined = vipcare__effective_joined(c);
		struct vipcare__summary_view v;
		struct customer_sums sums;
		int tier, before;

		if (joined == VIPCARE_DATE_NONE || joined > to)
			continue;
		member[i] = 1;
		rc = vipcare__summary(e, (uint32_t)i, &v);
		if (rc != VIPCARE_OK)
			break;
		tier = tier_at(&v, to);
		before = tier_at(&v, from - 1);
		scan_entries(c, from, to, lapse, &sums);
		s->counts[K_MEMBERS]++;
		s->tier_customers[tier]++;
		s->migration[before + 1][tier]++;
		s->counts[K_SALES_NET] += sums.net;
		s->counts[K_SALES_COUNT] += sums.sales;
		s->tier_sales_net[tier] += sums.net;
		s->tier_sales_count[tier] += sums.sales;
		if (tier >= p->vip_min_tier)
			s->counts[K_VIP_SALES_NET] += sums.net;
		if (sums.sales > 0) {
			s->counts[K_ACTIVE]++;
			s->counts[K_REPURCHASE] += sums.two_visits;
		}
		if (sums.first_sale != VIPCARE_DATE_NONE && sums.first_sale >= from && sums.first_sale <= to)
			s->counts[K_NEW_MEMBERS]++;
		if (sums.in_base) {
			int churned = sums.sales == 0 && sums.last_sale + lapse <= to;
			int vip = before >= p->vip_min_tier;

			s->counts[K_CHURN_BASE]++;
			s->counts[K_CHURN] += churned;
			s->counts[K_VIP_CHURN_BASE] += vip;
			s->counts[K_VIP_CHURN] += vip && churned;
		}
		conversions(e, (uint32_t)i, from, to, days, s->counts);
		{
			int64_t issued, redeemed, expired, outstanding;

			rc = vipcare__points_kpi(e, (uint32_t)i, from, to, &issued, &redeemed, &expired,
						 &outstanding);
			if (rc != VIPCARE_OK)
				break;
			s->counts[K_POINTS_ISSUED] += issued;
			s->counts[K_POINTS_REDEEMED] += redeemed;
			s->counts[K_POINTS_EXPIRED] += expired;
			s->counts[K_POINTS_OUTSTANDING] += outstanding;
		}
	}
	if (rc == VIPCARE_OK) {
		for (i = 0; i < e->surveys.count; i++) {
			const struct vipcare__survey *r = vipcare__blocks_at(&e->surveys, i);
			int32_t d = vipcare__ts_date(r->ts);

			if (d < from || d > to || !member[r->customer])
				continue;
			if (r->kind == VIPCARE_SURVEY_NPS) {
				s->counts[r->score >= 9 ? K_NPS_PROMOTERS :
					  r->score >= 7 ? K_NPS_PASSIVES : K_NPS_DETRACTORS]++;
			} else {
				s->counts[K_CSAT_RESPONSES]++;
				s->counts[K_CSAT_SATISFIED] += r->score >= 4;
			}
		}
		rc = service(e, member, from, to, s);
	}
	vipcare__mem_free(&e->mem, member, e->customers.count > 0 ? e->customers.count : 1);
	if (rc == VIPCARE_OK)
		rc = vipcare__care_tally(e, from, to, &tally);
	if (rc == VIPCARE_OK) {
		s->counts[K_CARE_DUE] = tally.due;
		s->counts[K_CARE_DONE] = tally.done;
		s->counts[K_CARE_ON_TIME] = tally.on_time;
	}
	vipcare__summaries_trim(e);
	return rc;
}

VIPCARE_API int vipcare_kpi_state_new(struct vipcare_kpi_state **out, struct vipcare_engine *e,
				      int32_t from, int32_t to)
{
	struct vipcare_kpi_state *s;
	int rc;

	if (out == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	*out = NULL;
	if (e == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	if (from < VIPCARE_DATE_MIN || from > VIPCARE_DATE_MAX || to < VIPCARE_DATE_MIN ||
	    to > VIPCARE_DATE_MAX)
		return vipcare__fail(e->last_error, VIPCARE_E_DATE,
				     "KPI period dates must be within 1900-01-01 .. 9999-12-31");
	if (to < from)
		return vipcare__fail(e->last_error, VIPCARE_E_INVALID_ARGUMENT,
				     "the KPI period's last day is before its first");
	s = vipcare__kpi_state_alloc();
	if (s == NULL)
		return vipcare__fail(e->last_error, VIPCARE_E_NO_MEMORY, "no memory for a KPI state");
	rc = compute(e, from, to, s);
	if (rc != VIPCARE_OK) {
		vipcare_kpi_state_unref(s);
		return vipcare__fail(e->last_error, rc, "computing the KPIs: %s", vipcare_strerror(rc));
	}
	*out = s;
	return VIPCARE_OK;
}
