/*
 * libvipcare — the customers' compact summaries: what the care agenda
 * (and anything else that walks every member) needs of a customer's
 * history, without its transactions.
 *
 * A customer's summary is its whole tier history (every stretch, from the
 * effective joined date on, up to the last change the data it holds can
 * cause), its first sale date and its lapse dates (each sale date with no
 * other sale in the policy's lapse_days after it). Since the tier on a
 * date depends only on what is dated up to it (DESIGN §4), the history as
 * of any date D is the prefix of this one whose stretches start by D; the
 * same holds for the first sale and the lapses whose due date is by D
 * (docs/care.md). So one summary serves every date range.
 *
 * Summaries are kept in one int32 array, each as
 *   [stretches, lapses, first sale, (start, tier) x stretches, lapse dates]
 * and found through a per-customer offset (0: out of date). Recording a
 * transaction, a customer record or an override marks the customer's
 * summary out of date; it is rebuilt from the transactions when next
 * needed. Rebuilt summaries are appended; the array is compacted into
 * customer order when more than half of it is stale.
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "engine-private.h"

#define HEADER 3

void vipcare__summary_stale(struct vipcare_engine *e, uint32_t cust)
{
	struct vipcare__summaries *s = &e->summaries;

	if (cust < s->at_count && s->at[cust] != 0) {
		const int32_t *rec = s->data + s->at[cust] - 1;

		s->live -= HEADER + 2 * (size_t)rec[0] + (size_t)rec[1];
		s->at[cust] = 0;
	}
}

void vipcare__summaries_release(struct vipcare__mem *m, struct vipcare__summaries *s)
{
	vipcare__mem_free(m, s->at, s->at_count * sizeof(*s->at));
	vipcare__mem_free(m, s->data, s->capacity * sizeof(*s->data));
	memset(s, 0, sizeof(*s));
}

/* Makes room for @need more values; VIPCARE_OK or VIPCARE_E_NO_MEMORY. */
static int reserve(struct vipcare_engine *e, size_t need)
{
	struct vipcare__summaries *s = &e->summaries;
	size_t cap = s->capacity ? s->capacity : 4096;
	int32_t *grown;

	if (s->used + need <= s->capacity)
		return VIPCARE_OK;
	/* offsets are uint32_t, + 1 */
	if (s->used + need >= UINT32_MAX)
		return VIPCARE_E_NO_MEMORY;
	while (cap < s->used + need)
		cap = cap < UINT32_MAX / 2 ? cap * 2 : UINT32_MAX;
	grown = vipcare__mem_resize(&e->mem, s->data, s->capacity * sizeof(*s->data),
				    cap * sizeof(*s->data));
	if (grown == NULL)
		return VIPCARE_E_NO_MEMORY;
	s->data = grown;
	s->capacity = cap;
	return VIPCARE_OK;
}

int vipcare__summaries_prepare(struct vipcare_engine *e)
{
	struct vipcare__summaries *s = &e->summaries;
	size_t count = e->customers.count, i, out;
	int32_t *packed;

	if (s->at_count < count) {
		uint32_t *grown = vipcare__mem_resize(&e->mem, s->at, s->at_count * sizeof(*s->at),
						      count * sizeof(*s->at));

		if (grown == NULL)
			return VIPCARE_E_NO_MEMORY;
		memset(grown + s->at_count, 0, (count - s->at_count) * sizeof(*grown));
		s->at = grown;
		s->at_count = count;
	}
	if (s->used <= 2 * s->live + 4096)
		return VIPCARE_OK;
	/* compact into customer order, so that a pass over customers reads it in order */
	packed = vipcare__mem_alloc(&e->mem, (s->live > 0 ? s->live : 1) * sizeof(*packed));
	if (packed == NULL)
		return VIPCARE_OK; /* still correct, only looser */
	for (i = 0, out = 0; i < s->at_count; i++) {
		const int32_t *rec;
		size_t len;

		if (s->at[i] == 0)
			continue;
		rec = s->data + s->at[i] - 1;
		len = HEADER + 2 * (size_t)rec[0] + (size_t)rec[1];
		memcpy(packed + out, rec, len * sizeof(*packed));
		s->at[i] = (uint32_t)out + 1;
		out += len;
	}
	vipcare__mem_free(&e->mem, s->data, s->capacity * sizeof(*s->data));
	s->data = packed;
	s->capacity = s->live > 0 ? s->live : 1;
	s->used = out;
	return VIPCARE_OK;
}

void vipcare__summaries_trim(struct vipcare_engine *e)
{
	struct vipcare__summaries *s = &e->summaries;
	size_t cap = s->used > 0 ? s->used : 1;
	int32_t *shrunk;

	if (s->capacity <= cap + cap / 4 + 4096)
		return;
	shrunk = vipcare__mem_resize(&e->mem, s->data, s->capacity * sizeof(*s->data),
				     cap * sizeof(*s->data));
	if (shrunk == NULL)
		return; /* keeps the larger array, still correct */
	s->data = shrunk;
	s->capacity = cap;
}

int vipcare__summary(struct vipcare_engine *e, uint32_t cust, struct vipcare__summary_view *out)
{
	struct vipcare__summaries *s = &e->summaries;
	const struct vipcare__segment *history;
	const struct vipcare__day *days;
	int32_t lapse = (int32_t)e->policy.settings[VIPCARE_SETTING_LAPSE_DAYS];
	int32_t *rec, first_sale = VIPCARE_DATE_NONE, prev = VIPCARE_DATE_NONE;
	size_t lapses = 0, i, len;
	long n, k;
	int rc;

	if (cust >= s->at_count)
		return VIPCARE_E_INVALID_ARGUMENT;
	if (s->at[cust] == 0) {
		n = vipcare__tier_history(e, cust, VIPCARE_DATE_MAX, &history);
		if (n < 0)
			return (int)n;
		/* tier_history left the customer's days in the scratch when it is a member */
		days = e->scratch.days;
		if (n > 0) {
			for (i = 0; i < e->scratch.day_count; i++) {
				if (days[i].sales == 0)
					continue;
				if (prev != VIPCARE_DATE_NONE && days[i].date > prev + lapse)
					lapses++;
				if (first_sale == VIPCARE_DATE_NONE)
					first_sale = days[i].date;
				prev = days[i].date;
			}
			if (prev != VIPCARE_DATE_NONE)
				lapses++;
		}
		len = HEADER + 2 * (size_t)n + lapses;
		rc = reserve(e, len);
		if (rc != VIPCARE_OK)
			return rc;
		rec = s->data + s->used;
		rec[0] = (int32_t)n;
		rec[1] = (int32_t)lapses;
		rec[2] = first_sale;
		for (k = 0; k < n; k++) {
			rec[HEADER + 2 * k] = history[k].start;
			rec[HEADER + 2 * k + 1] = history[k].tier;
		}
		if (lapses > 0) {
			int32_t *lapse_at = rec + HEADER + 2 * n;

			prev = VIPCARE_DATE_NONE;
			for (i = 0; i < e->scratch.day_count; i++) {
				if (days[i].sales == 0)
					continue;
				if (prev != VIPCARE_DATE_NONE && days[i].date > prev + lapse)
					*lapse_at++ = prev;
				prev = days[i].date;
			}
			*lapse_at = prev;
		}
		s->at[cust] = (uint32_t)s->used + 1;
		s->used += len;
		s->live += len;
	}
	rec = s->data + s->at[cust] - 1;
	out->stretches = rec[0];
	out->lapses = rec[1];
	out->first_sale = rec[2];
	out->history = rec + HEADER;
	out->lapse_dates = rec + HEADER + 2 * rec[0];
	return VIPCARE_OK;
}
