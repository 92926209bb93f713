/*
 * libvipcare — tier scoring (DESIGN §4): window metrics, thresholds,
 * retention, override and the explanation, for one customer or for every
 * member through a cursor.
 *
 * The qualified tier of a customer only changes on the days a sale or
 * refund enters the window (its date) or leaves it (its date + window).
 * Scoring therefore turns the customer's days into a short list of
 * segments, each a first date and the tier qualified from then on; the
 * tier as of the date, retention and the day the tier expires are all
 * read off that list. The work is linear in the customer's transactions.
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>
#include <string.h>

#include "engine-private.h"

struct vipcare_score {
	int refcount;
	char customer[VIPCARE_ID_MAX + 1];
	char tier_name[VIPCARE_TIER_NAME_MAX + 1];
	char next_name[VIPCARE_TIER_NAME_MAX + 1];
	struct vipcare__result r;
};

struct vipcare_score_cursor {
	int refcount;
	struct vipcare_engine *engine;
	uint64_t generation;
	int32_t asof;
	struct vipcare__member *members;
	size_t count, next;
	size_t longest; /* the most transactions of one member */
	struct vipcare__scratch scratch;
	struct vipcare_score score;
};

static const char *const decided_by_names[] = { "base", "metrics", "retention", "override" };

VIPCARE_API const char *vipcare_decided_by_name(int decided_by)
{
	if (decided_by < 0 || decided_by > VIPCARE_DECIDED_BY_OVERRIDE)
		return NULL;
	return decided_by_names[decided_by];
}

void vipcare__scratch_release(struct vipcare__mem *m, struct vipcare__scratch *s)
{
	vipcare__mem_free(m, s->days, s->day_capacity * sizeof(*s->days));
	vipcare__mem_free(m, s->segments, s->segment_capacity * sizeof(*s->segments));
	vipcare__mem_free(m, s->history, s->history_capacity * sizeof(*s->history));
	vipcare__mem_free(m, s->deque, s->deque_capacity * sizeof(*s->deque));
	memset(s, 0, sizeof(*s));
}

/* Grows a scratch array to hold @need elements; 0 on success. */
static int scratch_grow(struct vipcare__mem *m, void *array_ptr, size_t *capacity, size_t need,
			size_t elem)
{
	void **array = array_ptr;
	size_t cap = *capacity ? *capacity : 64;
	void *p;

	if (need <= *capacity)
		return 0;
	while (cap < need)
		cap *= 2;
	p = vipcare__mem_resize(m, *array, *capacity * elem, cap * elem);
	if (p == NULL)
		return -1;
	*array = p;
	*capacity = cap;
	return 0;
}

static int day_order(const void *a, const void *b)
{
	const struct vipcare__day *x = a, *y = b;

	return (x->date > y->date) - (x->date < y->date);
}

/*
 * Sorts days[0, n) by date if they are not in order (transactions are
 * mostly recorded in time order) and merges the entries of one date.
 * Returns the number of days left.
 */
static long finish_days(struct vipcare__scratch *s, size_t n)
{
	size_t i, out;

	for (i = 1; i < n; i++) {
		if (s->days[i].date < s->days[i - 1].date) {
			qsort(s->days, n, sizeof(*s->days), day_order);
			break;
		}
	}
	for (i = 0, out = 0; i < n; i++) {
		if (out > 0 && s->days[out - 1].date == s->days[i].date) {
			s->days[out - 1].sales += s->days[i].sales;
			s->days[out - 1].net += s->days[i].net;
		} else {
			s->days[out++] = s->days[i];
		}
	}
	return (long)out;
}

/*
 * Collects the customer's transactions dated up to @asof into days,
 * sorted, one entry per date, from its chunks (newest first, each in
 * recording order). Returns the number of days, or -1 when out of memory.
 */
static long collect_days(struct vipcare__mem *m, struct vipcare__scratch *s,
			 const struct vipcare__cust *c, int32_t asof)
{
	/* dated up to asof: before the first second of the next day */
	const int64_t end = ((int64_t)asof + 1) * 86400;
	const struct vipcare__chunk *chunk = c->chunk;
	size_t n = 0, i, pos = c->txn_count;
	unsigned k = c->chunks;

	if (scratch_grow(m, &s->days, &s->day_capacity, c->txn_count, sizeof(*s->days)) != 0)
		return -1;
	/* fill each transaction's place, then close the gaps of those after asof */
	for (; chunk != NULL; chunk = chunk->prev) {
		size_t first = (size_t)vipcare__chunk_start(--k);

		for (i = pos; i-- > first;) {
			const struct vipcare__entry *en = &chunk->entries[i - first];
			struct vipcare__day *d = &s->days[i];

			d->date = en->ts < end ? vipcare__ts_date(en->ts) : INT32_MAX;
			d->sales = en->amount > 0;
			d->net = en->amount;
		}
		pos = first;
	}
	for (i = 0; i < c->txn_count; i++) {
		if (s->days[i].date != INT32_MAX)
			s->days[n++] = s->days[i];
	}
	s->day_count = (size_t)finish_days(s, n);
	return (long)s->day_count;
}

/* The highest tier whose every threshold the window meets. */
static int qualify(const struct vipcare_policy *p, int64_t spend, int32_t visits)
{
	int rank;

	for (rank = p->tier_count - 1; rank > 0; rank--) {
		const struct vipcare__tier *t = &p->tiers[rank];

		if ((!t->has_min_spend || spend >= t->min_spend) &&
		    (!t->has_min_visits || visits >= t->min_visits))
			return rank;
	}
	return 0;
}

/*
 * Builds the segments of the qualified tier from @from on: segment i holds
 * from its start to the next segment's start - 1, the last one for ever.
 * Returns the number of segments, or -1 when out of memory.
 */
static long build_segments(const struct vipcare_policy *p, struct vipcare__mem *m,
			   struct vipcare__scratch *s, size_t n, int32_t from)
{
	const struct vipcare__day *d = s->days;
	int32_t window = (int32_t)p->settings[VIPCARE_SETTING_WINDOW_DAYS];
	size_t enter = 0, leave = 0, count = 0;
	int64_t spend = 0;
	int32_t visits = 0;
	int tier;

	if (scratch_grow(m, &s->segments, &s->segment_capacity, 2 * n + 1, sizeof(*s->segments)) != 0)
		return -1;
	while (leave < n && d[leave].date < from - window + 1)
		leave++;
	for (enter = leave; enter < n && d[enter].date <= from; enter++) {
		spend += d[enter].net;
		visits += d[enter].sales > 0;
	}
	tier = qualify(p, spend, visits);
	s->segments[count].start = from;
	s->segments[count++].tier = tier;
	for (;;) {
		int64_t next_enter = enter < n ? d[enter].date : INT64_MAX;
		int64_t next_leave = leave < enter ? (int64_t)d[leave].date + window : INT64_MAX;
		int64_t at = next_enter < next_leave ? next_enter : next_leave;

		if (at == INT64_MAX)
			break;
		for (; enter < n && d[enter].date == at; enter++) {
			spend += d[enter].net;
			visits += d[enter].sales > 0;
		}
		for (; leave < enter && (int64_t)d[leave].date + window == at; leave++) {
			spend -= d[leave].net;
			visits -= d[leave].sales > 0;
		}
		tier = qualify(p, spend, visits);
		if (tier != s->segments[count - 1].tier) {
			s->segments[count].start = (int32_t)at;
			s->segments[count++].tier = tier;
		}
	}
	return (long)count;
}

/*
 * The first day from @start on whose retention span [d - retain, d] sees
 * no qualification at @tier or above, minus one: the last day the tier is
 * held. VIPCARE_DATE_NONE when it is held for ever.
 */
static int32_t held_until(const struct vipcare__segment *seg, size_t count, int32_t retain,
			  int tier, int32_t start)
{
	int64_t cur = start;
	size_t i;

	for (i = 0; i < count; i++) {
		int64_t end;

		if (seg[i].tier < tier)
			continue;
		if (seg[i].start > cur)
			break;
		if (i + 1 == count)
			return VIPCARE_DATE_NONE;
		end = (int64_t)seg[i + 1].start - 1 + retain;
		if (end + 1 > cur)
			cur = end + 1;
	}
	return (int32_t)(cur - 1);
}

static void fill_next(const struct vipcare_policy *p, struct vipcare__result *r)
{
	const struct vipcare__tier *next;

	r->spend_to_next = 0;
	r->visits_to_next = 0;
	if (r->tier + 1 >= p->tier_count) {
		r->next_tier = -1;
		return;
	}
	r->next_tier = r->tier + 1;
	next = &p->tiers[r->next_tier];
	if (next->has_min_spend && next->min_spend > r->net_spend)
		r->spend_to_next = next->min_spend - r->net_spend;
	if (next->has_min_visits && next->min_visits > r->visits)
		r->visits_to_next = next->min_visits - r->visits;
}

/*
 * Scores customer @cust as of @asof into @r, from its days up to @asof in
 * s->days[0, n) (or -1 when collecting them ran out of memory).
 */
static int score_days(const struct vipcare_engine *e, struct vipcare__mem *m,
		      struct vipcare__scratch *s, uint32_t cust, int32_t asof, long n,
		      struct vipcare__result *r)
{
	const struct vipcare_policy *p = &e->policy;
	const struct vipcare__cust *c = vipcare__cust_at(e, cust);
	int32_t window = (int32_t)p->settings[VIPCARE_SETTING_WINDOW_DAYS];
	int32_t retain = (int32_t)p->settings[VIPCARE_SETTING_RETAIN_DAYS];
	int32_t joined = vipcare__effective_joined(c);
	int overridden, held = 0, qualified_now = 0;
	long count, i;

	memset(r, 0, sizeof(*r));
	r->asof = asof;
	r->is_member = joined != VIPCARE_DATE_NONE && joined <= asof;
	r->first_sale = r->last_sale = VIPCARE_DATE_NONE;
	if (n < 0)
		return VIPCARE_E_NO_MEMORY;
	for (i = 0; i < n; i++) {
		const struct vipcare__day *d = &s->days[i];

		r->lifetime += d->net;
		if (d->sales > 0) {
			if (r->first_sale == VIPCARE_DATE_NONE)
				r->first_sale = d->date;
			r->last_sale = d->date;
		}
		if (d->date > asof - window) {
			r->net_spend += d->net;
			r->visits += d->sales > 0;
		}
	}
	count = build_segments(p, m, s, (size_t)n, asof - retain);
	if (count < 0)
		return VIPCARE_E_NO_MEMORY;
	for (i = 0; i < count && s->segments[i].start <= asof; i++) {
		if (s->segments[i].tier > held)
			held = s->segments[i].tier;
		qualified_now = s->segments[i].tier;
	}
	overridden = c->override_tier >= 0 &&
		     (c->override_until == VIPCARE_DATE_NONE || asof <= c->override_until);
	if (overridden) {
		r->tier = c->override_tier;
		r->decided_by = VIPCARE_DECIDED_BY_OVERRIDE;
	} else {
		r->tier = held;
		r->decided_by = held == 0 ? VIPCARE_DECIDED_BY_BASE
			      : qualified_now == held ? VIPCARE_DECIDED_BY_METRICS
						      : VIPCARE_DECIDED_BY_RETENTION;
	}
	if (r->tier == 0 || (overridden && c->override_until == VIPCARE_DATE_NONE))
		r->tier_expires = VIPCARE_DATE_NONE;
	else
		r->tier_expires = held_until(s->segments, (size_t)count, retain, r->tier,
					     overridden ? c->override_until + 1 : asof + 1);
	/* held beyond the calendar: through its last day, the last a date can name */
	if (r->tier_expires != VIPCARE_DATE_NONE && r->tier_expires > VIPCARE_DATE_MAX)
		r->tier_expires = VIPCARE_DATE_MAX;
	fill_next(p, r);
	return VIPCARE_OK;
}

int vipcare__score_customer(struct vipcare_engine *e, uint32_t cust, int32_t asof,
			    struct vipcare__result *r)
{
	return score_days(e, &e->mem, &e->scratch, cust, asof,
			  collect_days(&e->mem, &e->scratch, vipcare__cust_at(e, cust), asof), r);
}

int vipcare__tier_on(struct vipcare_engine *e, uint32_t cust, int32_t date, int *tier,
		     int32_t *first_sale)
{
	const struct vipcare_policy *p = &e->policy;
	const struct vipcare__cust *c = vipcare__cust_at(e, cust);
	int32_t window = (int32_t)p->settings[VIPCARE_SETTING_WINDOW_DAYS];
	int32_t retain = (int32_t)p->settings[VIPCARE_SETTING_RETAIN_DAYS];
	long n = collect_days(&e->mem, &e->scratch, c, date), i, count;
	int64_t spend = 0;
	int32_t visits = 0;

	if (n < 0)
		return VIPCARE_E_NO_MEMORY;
	*first_sale = VIPCARE_DATE_NONE;
	for (i = 0; i < n; i++) {
		if (e->scratch.days[i].sales > 0) {
			*first_sale = e->scratch.days[i].date;
			break;
		}
	}
	if (c->override_tier >= 0 &&
	    (c->override_until == VIPCARE_DATE_NONE || date <= c->override_until)) {
		*tier = c->override_tier;
		return VIPCARE_OK;
	}
	if (retain == 0) {
		for (i = n; i-- > 0 && e->scratch.days[i].date > date - window;) {
			spend += e->scratch.days[i].net;
			visits += e->scratch.days[i].sales > 0;
		}
		*tier = qualify(p, spend, visits);
		return VIPCARE_OK;
	}
	count = build_segments(p, &e->mem, &e->scratch, (size_t)n, date - retain);
	if (count < 0)
		return VIPCARE_E_NO_MEMORY;
	*tier = 0;
	for (i = 0; i < count && e->scratch.segments[i].start <= date; i++) {
		if (e->scratch.segments[i].tier > *tier)
			*tier = e->scratch.segments[i].tier;
	}
	return VIPCARE_OK;
}

/* Appends (start, tier) to the history unless the tier is the same as the last. */
static void history_push(struct vipcare__scratch *s, size_t *n, int32_t start, int tier)
{
	if (*n > 0 && s->history[*n - 1].tier == tier)
		return;
	if (*n > 0 && s->history[*n - 1].start == start) {
		/* a later value for the same day replaces the earlier one */
		s->history[*n - 1].tier = tier;
		if (*n > 1 && s->history[*n - 2].tier == tier)
			(*n)--;
		return;
	}
	s->history[*n].start = start;
	s->history[(*n)++].tier = tier;
}

/*
 * The tier by the metrics, Tier_m(d) = the highest qualified tier over
 * [d - retain, d], is piecewise constant: it can only rise where a
 * qualified segment starts and only fall where a segment's retention
 * ends (its end + retain + 1). Those candidate days are visited in order
 * with a sliding-window maximum over the segments (a deque of segment
 * numbers with falling tiers), so the whole history costs O(segments).
 */
long vipcare__tier_history(struct vipcare_engine *e, uint32_t cust, int32_t until,
			   const struct vipcare__segment **out)
{
	struct vipcare__scratch *s = &e->scratch;
	const struct vipcare_policy *p = &e->policy;
	const struct vipcare__cust *c = vipcare__cust_at(e, cust);
	int32_t retain = (int32_t)p->settings[VIPCARE_SETTING_RETAIN_DAYS];
	int32_t joined = vipcare__effective_joined(c);
	int overridden = c->override_tier >= 0;
	int32_t o_until = c->override_until;
	size_t n = 0, head = 0, tail = 0, next = 0;
	long days, count;

	*out = NULL;
	if (joined == VIPCARE_DATE_NONE || joined > until)
		return 0;
	days = collect_days(&e->mem, s, c, until);
	if (days < 0)
		return VIPCARE_E_NO_MEMORY;
	count = build_segments(p, &e->mem, s, (size_t)days, joined - retain);
	if (count < 0)
		return VIPCARE_E_NO_MEMORY;
	/* at most two history entries per segment, and one for the override's end */
	if (scratch_grow(&e->mem, &s->history, &s->history_capacity, 2 * (size_t)count + 2,
			 sizeof(*s->history)) != 0 ||
	    scratch_grow(&e->mem, &s->deque, &s->deque_capacity, (size_t)count, sizeof(*s->deque)) != 0)
		return VIPCARE_E_NO_MEMORY;
	if (overridden && (o_until == VIPCARE_DATE_NONE || o_until >= until)) {
		history_push(s, &n, joined, c->override_tier);
		*out = s->history;
		return (long)n;
	}
	for (;;) {
		/* the next candidate day: a segment starts, or the front's retention ends */
		int64_t start_next = next < (size_t)count ? s->segments[next].start : INT64_MAX;
		int64_t front_end = INT64_MAX, d;

		if (head < tail && s->deque[head] + 1 < (uint32_t)count)
			front_end = (int64_t)s->segments[s->deque[head] + 1].start + retain;
		d = start_next < front_end ? start_next : front_end;
		if (d == INT64_MAX || d > until)
			break;
		while (next < (size_t)count && s->segments[next].start <= d) {
			while (tail > head && s->segments[s->deque[tail - 1]].tier <= s->segments[next].tier)
				tail--;
			s->deque[tail++] = (uint32_t)next++;
		}
		/* segment i is seen through [its start, next start - 1 + retain] */
		while (head < tail && s->deque[head] + 1 < (uint32_t)count &&
		       (int64_t)s->segments[s->deque[head] + 1].start - 1 + retain < d)
			head++;
		history_push(s, &n, (int32_t)(d < joined ? joined : d), s->segments[s->deque[head]].tier);
	}
	if (overridden && o_until != VIPCARE_DATE_NONE && o_until >= joined) {
		/*
		 * The override holds from the joined date through o_until, then
		 * the metrics' tier of o_until + 1 and their later changes.
		 */
		size_t first_after = 0, tail_len, i, m;
		int after;

		while (first_after < n && s->history[first_after].start <= o_until + 1)
			first_after++;
		after = s->history[first_after - 1].tier;
		tail_len = n - first_after;
		memmove(s->history + 2, s->history + first_after, tail_len * sizeof(*s->history));
		s->history[0].start = joined;
		s->history[0].tier = c->override_tier;
		s->history[1].start = o_until + 1;
		s->history[1].tier = after;
		n = tail_len + 2;
		for (i = 1, m = 1; i < n; i++) {
			if (s->history[i].tier != s->history[m - 1].tier)
				s->history[m++] = s->history[i];
		}
		n = m;
	}
	*out = s->history;
	return (long)n;
}

static void fill_score(const struct vipcare_engine *e, uint32_t cust, struct vipcare_score *out)
{
	const struct vipcare__cust *c = vipcare__cust_at(e, cust);

	memcpy(out->customer, vipcare__pool_str(&e->pool, c->id), vipcare__pool_len(&e->pool, c->id) + 1);
	strcpy(out->tier_name, e->policy.tiers[out->r.tier].name);
	if (out->r.next_tier >= 0)
		strcpy(out->next_name, e->policy.tiers[out->r.next_tier].name);
	else
		out->next_name[0] = '\0';
}

static int date_ok(int32_t date)
{
	return date >= VIPCARE_DATE_MIN && date <= VIPCARE_DATE_MAX;
}

VIPCARE_API int vipcare_score_new(struct vipcare_score **out)
{
	struct vipcare_score *s;

	if (out == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	s = calloc(1, sizeof(*s));
	*out = s;
	if (s == NULL)
		return VIPCARE_E_NO_MEMORY;
	s->refcount = 1;
	s->r.first_sale = s->r.last_sale = s->r.tier_expires = s->r.asof = VIPCARE_DATE_NONE;
	s->r.next_tier = -1;
	return VIPCARE_OK;
}

VIPCARE_API struct vipcare_score *vipcare_score_ref(struct vipcare_score *s)
{
	if (s != NULL)
		s->refcount++;
	return s;
}

VIPCARE_API struct vipcare_score *vipcare_score_unref(struct vipcare_score *s)
{
	if (s != NULL && --s->refcount == 0)
		free(s);
	return NULL;
}

VIPCARE_API int vipcare_engine_score(struct vipcare_engine *e, const char *customer_id, int32_t asof,
				     struct vipcare_score *out)
{
	uint32_t cust;
	int rc;

	if (e == NULL || customer_id == NULL || out == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	if (!date_ok(asof))
		return vipcare__fail(e->last_error, VIPCARE_E_DATE,
				     "scoring date %ld is outside 1900-01-01 .. 9999-12-31", (long)asof);
	cust = vipcare__known_customer(e, customer_id);
	if (cust == VIPCARE__NONE)
		return VIPCARE_E_UNKNOWN_CUSTOMER;
	rc = vipcare__score_customer(e, cust, asof, &out->r);
	if (rc != VIPCARE_OK)
		return vipcare__fail(e->last_error, rc, "no memory to score a customer");
	fill_score(e, cust, out);
	return VIPCARE_OK;
}

VIPCARE_API const char *vipcare_score_customer(const struct vipcare_score *s)
{
	return s == NULL ? "" : s->customer;
}

VIPCARE_API int32_t vipcare_score_asof(const struct vipcare_score *s)
{
	return s == NULL ? VIPCARE_DATE_NONE : s->r.asof;
}

VIPCARE_API int vipcare_score_is_member(const struct vipcare_score *s)
{
	return s == NULL ? 0 : s->r.is_member;
}

VIPCARE_API int vipcare_score_tier(const struct vipcare_score *s)
{
	return s == NULL ? VIPCARE_E_INVALID_ARGUMENT : s->r.tier;
}

VIPCARE_API const char *vipcare_score_tier_name(const struct vipcare_score *s)
{
	return s == NULL ? "" : s->tier_name;
}

VIPCARE_API int64_t vipcare_score_net_spend(const struct vipcare_score *s)
{
	return s == NULL ? 0 : s->r.net_spend;
}

VIPCARE_API int32_t vipcare_score_visits(const struct vipcare_score *s)
{
	return s == NULL ? 0 : s->r.visits;
}

VIPCARE_API int32_t vipcare_score_first_sale(const struct vipcare_score *s)
{
	return s == NULL ? VIPCARE_DATE_NONE : s->r.first_sale;
}

VIPCARE_API int32_t vipcare_score_last_sale(const struct vipcare_score *s)
{
	return s == NULL ? VIPCARE_DATE_NONE : s->r.last_sale;
}

VIPCARE_API int64_t vipcare_score_lifetime_spend(const struct vipcare_score *s)
{
	return s == NULL ? 0 : s->r.lifetime;
}

VIPCARE_API int vipcare_score_decided_by(const struct vipcare_score *s)
{
	return s == NULL ? VIPCARE_E_INVALID_ARGUMENT : s->r.decided_by;
}

VIPCARE_API int vipcare_score_next_tier(const struct vipcare_score *s)
{
	return s == NULL ? -1 : s->r.next_tier;
}

VIPCARE_API const char *vipcare_score_next_tier_name(const struct vipcare_score *s)
{
	return s == NULL || s->r.next_tier < 0 ? NULL : s->next_name;
}

VIPCARE_API int64_t vipcare_score_spend_to_next(const struct vipcare_score *s)
{
	return s == NULL ? 0 : s->r.spend_to_next;
}

VIPCARE_API int32_t vipcare_score_visits_to_next(const struct vipcare_score *s)
{
	return s == NULL ? 0 : s->r.visits_to_next;
}

VIPCARE_API int32_t vipcare_score_tier_expires(const struct vipcare_score *s)
{
	return s == NULL ? VIPCARE_DATE_NONE : s->r.tier_expires;
}

/* ------------------------------------------------------------------ */
/* The cursor over every member                                        */
/* ------------------------------------------------------------------ */

/* The first 16 bytes of the id, big-endian, sort most ids on their own. */
struct vipcare__member {
	uint64_t key_hi, key_lo;
	uint32_t cust;
	const char *id;
};

static uint64_t be_bytes(const char *s, size_t len, size_t from)
{
	uint64_t v = 0;
	size_t i;

	for (i = 0; i < 8; i++)
		v = (v << 8) | (from + i < len ? (unsigned char)s[from + i] : 0u);
	return v;
}

static int member_order(const void *a, const void *b)
{
	const struct vipcare__member *x = a, *y = b;

	if (x->key_hi != y->key_hi)
		return x->key_hi < y->key_hi ? -1 : 1;
	if (x->key_lo != y->key_lo)
		return x->key_lo < y->key_lo ? -1 : 1;
	return strcmp(x->id, y->id);
}

VIPCARE_API int vipcare_score_cursor_new(struct vipcare_score_cursor **out,
					 struct vipcare_engine *e, int32_t asof)
{
	struct vipcare_score_cursor *cur;
	size_t i, n = 0;

	if (out == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	*out = NULL;
	if (e == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	if (!date_ok(asof))
		return vipcare__fail(e->last_error, VIPCARE_E_DATE,
				     "scoring date %ld is outside 1900-01-01 .. 9999-12-31", (long)asof);
	cur = vipcare__mem_calloc(&e->mem, 1, sizeof(*cur));
	if (cur == NULL)
		return vipcare__fail(e->last_error, VIPCARE_E_NO_MEMORY, "no memory for a score cursor");
	for (i = 0; i < e->customers.count; i++) {
		int32_t joined = vipcare__effective_joined(vipcare__cust_at(e, (uint32_t)i));

		n += joined != VIPCARE_DATE_NONE && joined <= asof;
	}
	cur->members = vipcare__mem_alloc(&e->mem, (n ? n : 1) * sizeof(*cur->members));
	if (cur->members == NULL) {
		vipcare__mem_free(&e->mem, cur, sizeof(*cur));
		return vipcare__fail(e->last_error, VIPCARE_E_NO_MEMORY,
				     "no memory to list %zu members", n);
	}
	for (i = 0, n = 0; i < e->customers.count; i++) {
		const struct vipcare__cust *c = vipcare__cust_at(e, (uint32_t)i);
		int32_t joined = vipcare__effective_joined(c);
		struct vipcare__member *mb;
		size_t len;

		if (joined == VIPCARE_DATE_NONE || joined > asof)
			continue;
		mb = &cur->members[n++];
		mb->cust = (uint32_t)i;
		if (c->txn_count > cur->longest)
			cur->longest = c->txn_count;
		mb->id = vipcare__pool_str(&e->pool, c->id);
		len = vipcare__pool_len(&e->pool, c->id);
		mb->key_hi = be_bytes(mb->id, len, 0);
		mb->key_lo = be_bytes(mb->id, len, 8);
	}
	qsort(cur->members, n, sizeof(*cur->members), member_order);
	cur->count = n;
	/* all the working memory next() needs, so that it allocates nothing */
	if (scratch_grow(&e->mem, &cur->scratch.days, &cur->scratch.day_capacity, cur->longest,
			 sizeof(*cur->scratch.days)) != 0 ||
	    scratch_grow(&e->mem, &cur->scratch.segments, &cur->scratch.segment_capacity,
			 2 * cur->longest + 1, sizeof(*cur->scratch.segments)) != 0) {
		vipcare__scratch_release(&e->mem, &cur->scratch);
		vipcare__mem_free(&e->mem, cur->members, (n ? n : 1) * sizeof(*cur->members));
		vipcare__mem_free(&e->mem, cur, sizeof(*cur));
		return vipcare__fail(e->last_error, VIPCARE_E_NO_MEMORY,
				     "no memory to score %zu members", n);
	}
	cur->refcount = 1;
	cur->engine = vipcare_engine_ref(e);
	cur->generation = e->generation;
	cur->asof = asof;
	cur->score.refcount = 1;
	*out = cur;
	return VIPCARE_OK;
}

VIPCARE_API struct vipcare_score_cursor *vipcare_score_cursor_ref(struct vipcare_score_cursor *cur)
{
	if (cur != NULL)
		cur->refcount++;
	return cur;
}

VIPCARE_API struct vipcare_score_cursor *vipcare_score_cursor_unref(struct vipcare_score_cursor *cur)
{
	struct vipcare_engine *e;

	if (cur == NULL || --cur->refcount > 0)
		return NULL;
	e = cur->engine;
	vipcare__scratch_release(&e->mem, &cur->scratch);
	vipcare__mem_free(&e->mem, cur->members, (cur->count ? cur->count : 1) * sizeof(*cur->members));
	vipcare__mem_free(&e->mem, cur, sizeof(*cur));
	vipcare_engine_unref(e);
	return NULL;
}

VIPCARE_API int vipcare_score_cursor_next(struct vipcare_score_cursor *cur,
					  const struct vipcare_score **out)
{
	struct vipcare_engine *e;
	uint32_t cust;
	int rc;

	if (cur == NULL || out == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	*out = NULL;
	e = cur->engine;
	if (e->generation != cur->generation)
		return vipcare__fail(e->last_error, VIPCARE_E_STALE,
				     "the engine changed after the score cursor was opened");
	if (cur->next >= cur->count)
		return 0;
	cust = cur->members[cur->next].cust;
	rc = score_days(e, &e->mem, &cur->scratch, cust, cur->asof,
			collect_days(&e->mem, &cur->scratch, vipcare__cust_at(e, cust), cur->asof),
			&cur->score.r);
	if (rc != VIPCARE_OK)
		return vipcare__fail(e->last_error, rc, "no memory to score a customer");
	fill_score(e, cust, &cur->score);
	cur->next++;
	*out = &cur->score;
	return 1;
}

VIPCARE_API size_t vipcare_score_cursor_count(const struct vipcare_score_cursor *cur)
{
	return cur == NULL ? 0 : cur->count;
}
