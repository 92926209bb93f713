/*
 * libvipcare — points (DESIGN §5b, §11 "Points").
 *
 * Nothing is stored per sale: a customer's points are worked out, when
 * asked, by replaying its transactions and points redemptions in time
 * order over lots by calendar year:
 *
 * - within one second, expiries come first, then transactions, then
 *   redemptions, each in recording order;
 * - a lot of year Y is in the balance through 31 December of Y +
 *   expiry_years and expires on 1 January after;
 * - a sale earns floor(amount x multiplier / unit) at the multiplier of
 *   the tier on its date (from the customer's compact summary); new points
 *   pay any debt first, the rest goes to the sale year's lot;
 * - a refund takes back floor(its amount x multiplier / unit): with a
 *   known original at the original's multiplier, from the original's lot
 *   first; otherwise at the multiplier of the refund's date; then from the
 *   newest lots; what is left becomes debt, which never expires;
 * - a redemption spends the oldest unexpired lots first; when they are
 *   not enough (a refund recorded later took points back), the rest
 *   becomes debt.
 *
 * So the balance is a pure function of the engine's state, and recording
 * a sale costs nothing more.
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>
#include <string.h>

#include "durability-private.h"
#include "engine-private.h"
#include "kpi-private.h"
#include "wide.h"

/* One thing that moves points, in replay order. */
struct event {
	int64_t ts;
	int32_t date;   /* the day of ts */
	uint32_t type;  /* 0 transaction, 1 redemption */
	uint32_t order; /* the entry's position, or the redemption's number */
	int64_t amount; /* signed money of a transaction, points of a redemption */
};

struct lot {
	int32_t year;
	int64_t points;
};

/* The replay of one customer. */
struct run {
	struct vipcare_engine *e;
	uint32_t cust;
	const struct vipcare__cust *c;
	struct vipcare__summary_view sum;
	int32_t expiry_years;
	struct lot *lots; /* by year, ascending */
	size_t lot_count, lot_cap;
	int64_t debt;
	/* the KPI period, or from > to when not wanted */
	int32_t from, to;
	int64_t issued, redeemed, expired;
	/* the year of the last date asked, and its first and last day */
	int32_t year, year_first, year_last;
	/* recorded redemptions not covered at their time, and whether the extra one is */
	size_t uncovered;
	int extra_covered;
};

static int event_order(const void *pa, const void *pb)
{
	const struct event *a = pa, *b = pb;

	if (a->ts != b->ts)
		return a->ts < b->ts ? -1 : 1;
	if (a->type != b->type)
		return a->type < b->type ? -1 : 1;
	return (a->order > b->order) - (a->order < b->order);
}

static int32_t civil_year(int32_t date)
{
	int32_t y, m, d;

	vipcare__civil_from_days(date, &y, &m, &d);
	return y;
}

/* The year of @date, remembered, since a customer's dates are mostly in a few years. */
static int32_t year_of(struct run *r, int32_t date)
{
	if (date < r->year_first || date > r->year_last) {
		r->year = civil_year(date);
		r->year_first = vipcare__days_from_civil(r->year, 1, 1);
		r->year_last = vipcare__days_from_civil(r->year, 12, 31);
	}
	return r->year;
}

/* The tier on @date by the summary (the base tier before the joined date). */
static int tier_on(const struct run *r, int32_t date)
{
	int32_t k;

	if (r->sum.stretches == 0 || r->sum.history[0] > date)
		return 0;
	for (k = 0; k + 1 < r->sum.stretches && r->sum.history[2 * (k + 1)] <= date; k++)
		;
	return r->sum.history[2 * k + 1];
}

/* floor(amount x multiplier of the tier on @date / unit). */
static int64_t points_for(const struct run *r, int64_t amount, int32_t date)
{
	const struct vipcare_policy *p = &r->e->policy;

	return vipcare__muldiv((uint64_t)amount, (uint64_t)p->points_multiplier[tier_on(r, date)],
			       (uint64_t)p->points_unit * 100u);
}

static int in_period(const struct run *r, int32_t date)
{
	return date >= r->from && date <= r->to;
}

/* Expires the lots whose last year is before @year. */
static void expire_before(struct run *r, int32_t year)
{
	size_t i, out = 0;

	for (i = 0; i < r->lot_count; i++) {
		struct lot *l = &r->lots[i];

		if ((int64_t)l->year + r->expiry_years < year) {
			/* dated 1 January after its last year */
			int32_t day = vipcare__days_from_civil(l->year + r->expiry_years + 1, 1, 1);

			if (in_period(r, day))
				r->expired += l->points;
			continue;
		}
		r->lots[out++] = *l;
	}
	r->lot_count = out;
}

/* The lot of @year, made when missing; NULL when out of memory. */
static struct lot *lot_of(struct run *r, int32_t year)
{
	size_t i;

	for (i = 0; i < r->lot_count && r->lots[i].year < year; i++)
		;
	if (i < r->lot_count && r->lots[i].year == year)
		return &r->lots[i];
	if (r->lot_count == r->lot_cap) {
		size_t cap = r->lot_cap ? r->lot_cap * 2 : 8;
		struct lot *grown = vipcare__mem_resize(&r->e->mem, r->lots, r->lot_cap * sizeof(*grown),
							cap * sizeof(*grown));

		if (grown == NULL)
			return NULL;
		r->lots = grown;
		r->lot_cap = cap;
	}
	memmove(&r->lots[i + 1], &r->lots[i], (r->lot_count - i) * sizeof(*r->lots));
	r->lots[i].year = year;
	r->lots[i].points = 0;
	r->lot_count++;
	return &r->lots[i];
}

static int64_t take(int64_t *from, int64_t want)
{
	int64_t got = *from < want ? *from : want;

	*from -= got;
	return got;
}

/* The known original of the refund at entry @pos, or VIPCARE__NONE. */
static uint32_t original_of(const struct run *r, uint32_t pos)
{
	uint32_t i;

	for (i = vipcare__head(&r->e->refund_note_last, r->cust); i != VIPCARE__NONE;) {
		const struct vipcare__refund_note *n = vipcare__blocks_at(&r->e->refund_notes, i);

		if (n->pos == pos)
			return n->original;
		i = n->prev;
	}
	return VIPCARE__NONE;
}

static int transaction(struct run *r, const struct event *ev)
{
	int32_t date = ev->date;

	if (ev->amount > 0) {
		int64_t earned = points_for(r, ev->amount, date), left;
		struct lot *lot;

		if (in_period(r, date))
			r->issued += earned;
		left = earned - take(&r->debt, earned);
		if (left > 0) {
			lot = lot_of(r, year_of(r, date));
			if (lot == NULL)
				return VIPCARE_E_NO_MEMORY;
			lot->points += left;
		}
	} else {
		uint32_t orig = original_of(r, ev->order);
		int32_t basis = date, lot_year = 0;
		int64_t owed;
		size_t i;

		if (orig != VIPCARE__NONE) {
			basis = vipcare__ts_date(vipcare__entry_at(r->e, orig)->ts);
			lot_year = year_of(r, basis);
		}
		owed = points_for(r, -ev->amount, basis);
		if (in_period(r, date))
			r->issued -= owed;
		for (i = 0; orig != VIPCARE__NONE && i < r->lot_count; i++) {
			if (r->lots[i].year == lot_year)
				owed -= take(&r->lots[i].points, owed);
		}
		for (i = r->lot_count; i-- > 0 && owed > 0;)
			owed -= take(&r->lots[i].points, owed);
		r->debt += owed;
	}
	return VIPCARE_OK;
}

static void redemption(struct run *r, const struct event *ev)
{
	int64_t want = ev->amount, have = 0;
	size_t i;
	int covered;

	for (i = 0; i < r->lot_count; i++)
		have += r->lots[i].points;
	covered = r->debt == 0 && have >= want;

	if (ev->order == UINT32_MAX)
		r->extra_covered = covered;
	else
		r->uncovered += !covered;
	if (in_period(r, ev->date))
		r->redeemed += want;
	for (i = 0; i < r->lot_count && want > 0; i++)
		want -= take(&r->lots[i].points, want);
	r->debt += want;
}

/*
 * Replays customer @cust up to @until (the last second included), with
 * an extra redemption @extra (NULL for none) recorded after every other.
 */
static int replay(struct run *r, struct vipcare_engine *e, uint32_t cust, int64_t until,
		  const struct event *extra)
{
	const struct vipcare__cust *c = vipcare__cust_at(e, cust);
	struct event *events;
	size_t n = 0, cap, i;
	int32_t expired_through = INT32_MIN;
	uint32_t k;
	int rc;

	r->e = e;
	r->cust = cust;
	r->c = c;
	r->expiry_years = e->policy.points_expiry_years;
	rc = vipcare__summaries_prepare(e);
	if (rc == VIPCARE_OK)
		rc = vipcare__summary(e, cust, &r->sum);
	if (rc != VIPCARE_OK)
		return rc;
	cap = (size_t)c->txn_count + 1;
	for (k = vipcare__head(&e->points_last, cust); k != VIPCARE__NONE;
	     k = ((const struct vipcare__points_redemption *)vipcare__blocks_at(&e->points_redemptions, k))->prev)
		cap++;
	/* room for the events twice: the transactions, the redemptions, and a merge */
	events = vipcare__mem_alloc(&e->mem, 2 * cap * sizeof(*events));
	if (events == NULL)
		return VIPCARE_E_NO_MEMORY;
	{
		/*
		 * The transactions in recording order: the chunks come newest
		 * first, so each entry goes to its own position, then the ones
		 * after @until are left out.
		 */
		const struct vipcare__chunk *chunk = c->chunk;
		uint64_t end = c->txn_count;
		unsigned kk = c->chunks;

		for (; chunk != NULL; chunk = chunk->prev) {
			uint64_t first = vipcare__chunk_start(--kk), j;

			for (j = first; j < end; j++) {
				const struct vipcare__entry *en = &chunk->entries[j - first];
				struct event *ev = &events[j];

				ev->ts = en->ts;
				ev->type = 0;
				ev->order = (uint32_t)j;
				ev->amount = en->amount;
			}
			end = first;
		}
		for (i = 0; i < c->txn_count; i++) {
			if (events[i].ts > until)
				continue;
			events[n] = events[i];
			events[n++].date = vipcare__ts_date(events[i].ts);
		}
	}
	{
		/* the redemptions, chained newest first, turned to recording order */
		size_t first = n, a, b;

		for (k = vipcare__head(&e->points_last, cust); k != VIPCARE__NONE;) {
			const struct vipcare__points_redemption *p = vipcare__blocks_at(&e->points_redemptions, k);

			if (p->ts <= until) {
				events[n].ts = p->ts;
				events[n].date = vipcare__ts_date(p->ts);
				events[n].type = 1;
				events[n].order = k;
				events[n++].amount = p->points;
			}
			k = p->prev;
		}
		for (a = first, b = n; a + 1 < b; a++, b--) {
			struct event t = events[a];

			events[a] = events[b - 1];
			events[b - 1] = t;
		}
		if (extra != NULL && extra->ts <= until) {
			events[n] = *extra;
			events[n++].date = vipcare__ts_date(extra->ts);
		}
		/*
		 * Each part is mostly in time order already: merge them, and
		 * sort only a part that is not.
		 */
		for (i = 1; i < first; i++) {
			if (event_order(&events[i - 1], &events[i]) > 0) {
				qsort(events, first, sizeof(*events), event_order);
				break;
			}
		}
		for (i = first + 1; i < n; i++) {
			if (event_order(&events[i - 1], &events[i]) > 0) {
				qsort(events + first, n - first, sizeof(*events), event_order);
				break;
			}
		}
		if (first < n && first > 0 && event_order(&events[first - 1], &events[first]) > 0) {
			struct event *merged = events + cap;
			size_t x = 0, y = first, o = 0;

			while (x < first || y < n) {
				if (y == n || (x < first && event_order(&events[x], &events[y]) <= 0))
					merged[o++] = events[x++];
				else
					merged[o++] = events[y++];
			}
			memcpy(events, merged, n * sizeof(*events));
		}
	}
	for (i = 0; i < n && rc == VIPCARE_OK; i++) {
		int32_t year = year_of(r, events[i].date);

		if (year != expired_through) {
			expire_before(r, year);
			expired_through = year;
		}
		if (events[i].type == 0)
			rc = transaction(r, &events[i]);
		else
			redemption(r, &events[i]);
	}
	if (rc == VIPCARE_OK && until <= VIPCARE_TIMESTAMP_MAX)
		expire_before(r, year_of(r, vipcare__ts_date(until)));
	vipcare__mem_free(&e->mem, events, 2 * cap * sizeof(*events));
	return rc;
}

static void run_init(struct run *r)
{
	memset(r, 0, sizeof(*r));
	r->from = 1;
	r->to = 0;
	r->extra_covered = 1;
	r->year_first = 1;
	r->year_last = 0;
}

static void run_release(struct run *r)
{
	if (r->e != NULL)
		vipcare__mem_free(&r->e->mem, r->lots, r->lot_cap * sizeof(*r->lots));
}

static int64_t balance_of(const struct run *r)
{
	int64_t sum = 0;
	size_t i;

	for (i = 0; i < r->lot_count; i++)
		sum += r->lots[i].points;
	return sum - r->debt;
}

VIPCARE_API int vipcare_engine_points_balance(struct vipcare_engine *e, const char *customer_id,
					      int32_t asof, int64_t *balance, int32_t *next_expiry,
					      int64_t *next_expiry_points)
{
	struct run r;
	uint32_t cust;
	size_t i;
	int rc;

	if (e == NULL || customer_id == NULL || balance == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	if (asof < VIPCARE_DATE_MIN || asof > VIPCARE_DATE_MAX)
		return vipcare__fail(e->last_error, VIPCARE_E_DATE,
				     "points date %ld is outside 1900-01-01 .. 9999-12-31", (long)asof);
	cust = vipcare__known_customer(e, customer_id);
	if (cust == VIPCARE__NONE)
		return VIPCARE_E_UNKNOWN_CUSTOMER;
	run_init(&r);
	rc = replay(&r, e, cust, ((int64_t)asof + 1) * 86400 - 1, NULL);
	if (rc != VIPCARE_OK) {
		run_release(&r);
		return vipcare__fail(e->last_error, rc, "no memory for the points of a customer");
	}
	*balance = balance_of(&r);
	if (next_expiry != NULL)
		*next_expiry = VIPCARE_DATE_NONE;
	if (next_expiry_points != NULL)
		*next_expiry_points = 0;
	for (i = 0; i < r.lot_count; i++) {
		if (r.lots[i].points <= 0)
			continue;
		if (next_expiry != NULL)
			*next_expiry = vipcare__days_from_civil(r.lots[i].year + r.expiry_years, 12, 31);
		if (next_expiry_points != NULL)
			*next_expiry_points = r.lots[i].points;
		break;
	}
	run_release(&r);
	return VIPCARE_OK;
}

/* The points of the period for the KPIs, and the balance at its end. */
int vipcare__points_kpi(struct vipcare_engine *e, uint32_t cust, int32_t from, int32_t to,
			int64_t *issued, int64_t *redeemed, int64_t *expired, int64_t *outstanding)
{
	struct run r;
	int rc;

	run_init(&r);
	r.from = from;
	r.to = to;
	rc = replay(&r, e, cust, ((int64_t)to + 1) * 86400 - 1, NULL);
	*issued = r.issued;
	*redeemed = r.redeemed;
	*expired = r.expired;
	*outstanding = balance_of(&r);
	run_release(&r);
	return rc;
}

static int points_equal(const void *owner, uint32_t index, const char *s, size_t len)
{
	const struct vipcare_engine *e = owner;
	const struct vipcare__points_redemption *p = vipcare__blocks_at(&e->points_redemptions, index);

	return vipcare__pool_equal(&e->pool, p->id, s, len);
}

/* A retried redemption: the same content answers again, other content is a duplicate. */
static int retry(struct vipcare_engine *e, uint32_t found, const char *quoted, uint32_t cust,
		 int64_t at, int64_t points, const char *reason)
{
	const struct vipcare__points_redemption *p = vipcare__blocks_at(&e->points_redemptions, found);
	uint32_t number = reason == NULL ? 0 :
			  vipcare__interned_find(&e->pool, &e->points_reasons, reason, strlen(reason));

	if (p->customer == cust && p->ts == at && p->points == points && p->reason == number &&
	    (reason == NULL || number != 0))
		return VIPCARE_OK;
	return vipcare__fail(e->last_error, VIPCARE_E_DUPLICATE,
			     "points redemption %s is already recorded with other content", quoted);
}

/*
 * Checks a points redemption's values and its customer: VIPCARE_OK with
 * the customer's number, the id's hash and its quoted form, or a status
 * with the message.
 */
static int check_values(struct vipcare_engine *e, const char *redemption_id, const char *customer_id,
			int64_t at, int64_t points, const char *reason, char *quoted, size_t quoted_size,
			uint32_t *cust, uint32_t *hash)
{
	size_t len;
	int rc;

	if (e == NULL || redemption_id == NULL || customer_id == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	len = strlen(redemption_id);
	rc = vipcare__check_id(e->last_error, "points redemption id", redemption_id, len);
	if (rc != VIPCARE_OK)
		return rc;
	vipcare__quote(quoted, quoted_size, redemption_id, len);
	if (reason != NULL) {
		rc = vipcare__check_id(e->last_error, "points redemption reason", reason, strlen(reason));
		if (rc != VIPCARE_OK)
			return rc;
	}
	if (points < 1 || points > INT64_C(1000000000000000))
		return vipcare__fail(e->last_error, VIPCARE_E_RANGE,
				     "points redemption %s: %lld points is not 1 .. 10^15", quoted,
				     (long long)points);
	if (at < VIPCARE_TIMESTAMP_MIN || at > VIPCARE_TIMESTAMP_MAX)
		return vipcare__fail(e->last_error, VIPCARE_E_TIMESTAMP,
				     "points redemption %s: timestamp %lld is outside 1900 .. 9999", quoted,
				     (long long)at);
	*cust = vipcare__known_customer(e, customer_id);
	if (*cust == VIPCARE__NONE)
		return VIPCARE_E_UNKNOWN_CUSTOMER;
	*hash = vipcare__hash(redemption_id, len);
	return VIPCARE_OK;
}

/*
 * Keeps an accepted redemption: everything reserved first, then journaled
 * when @journal (before it changes the engine, durability.h), then kept.
 */
static int keep(struct vipcare_engine *e, const char *redemption_id, const char *customer_id,
		uint32_t cust, uint32_t hash, int64_t at, int64_t points, const char *reason,
		const char *quoted, int journal)
{
	struct vipcare__points_redemption *p;
	uint32_t id_ref = 0, reason_ref = 0;
	int rc;

	if (e->points_redemptions.count >= (size_t)UINT32_MAX - 1)
		return vipcare__fail(e->last_error, VIPCARE_E_LIMIT,
				     "the engine holds its maximum of points redemptions");
	rc = vipcare__index_reserve(&e->mem, &e->points_index);
	if (rc == VIPCARE_OK)
		rc = vipcare__blocks_reserve(&e->mem, &e->points_redemptions);
	if (rc == VIPCARE_OK)
		rc = vipcare__heads_cover(&e->mem, &e->points_last, e->customers.count);
	if (rc == VIPCARE_OK)
		rc = vipcare__pool_add(&e->mem, &e->pool, redemption_id, strlen(redemption_id), &id_ref);
	if (rc == VIPCARE_OK && reason != NULL)
		rc = vipcare__intern(&e->mem, &e->pool, &e->points_reasons, reason, strlen(reason),
				     &reason_ref);
	if (rc != VIPCARE_OK)
		return vipcare__fail(e->last_error, rc, "no room for points redemption %s: %s", quoted,
				     vipcare_strerror(rc));
	if (journal && e->journal != NULL &&
	    (rc = vipcare__log_points_redemption(e, redemption_id, customer_id, at, points, reason)) !=
		    VIPCARE_OK)
		return rc;
	p = vipcare__blocks_push(&e->points_redemptions);
	p->ts = at;
	p->points = points;
	p->id = id_ref;
	p->customer = cust;
	p->reason = reason_ref;
	p->prev = e->points_last.at[cust];
	e->points_last.at[cust] = (uint32_t)(e->points_redemptions.count - 1);
	vipcare__index_insert(&e->points_index, hash, (uint32_t)(e->points_redemptions.count - 1));
	e->generation++;
	return VIPCARE_OK;
}

VIPCARE_API int vipcare_engine_redeem_points(struct vipcare_engine *e, const char *redemption_id,
					     const char *customer_id, int64_t at, int64_t points,
					     const char *reason)
{
	struct run without, with;
	struct event extra;
	char quoted[64];
	uint32_t hash = 0, found, cust = 0;
	int rc;

	rc = check_values(e, redemption_id, customer_id, at, points, reason, quoted, sizeof(quoted),
			  &cust, &hash);
	if (rc != VIPCARE_OK)
		return rc;
	found = vipcare__index_find(&e->points_index, points_equal, e, redemption_id,
				    strlen(redemption_id), hash);
	if (found != VIPCARE__NONE)
		return retry(e, found, quoted, cust, at, points, reason);

	/* accepted when it is covered and leaves every covered redemption covered */
	run_init(&without);
	run_init(&with);
	extra.ts = at;
	extra.type = 1;
	extra.order = UINT32_MAX;
	extra.amount = points;
	rc = replay(&without, e, cust, INT64_MAX, NULL);
	if (rc == VIPCARE_OK)
		rc = replay(&with, e, cust, INT64_MAX, &extra);
	if (rc == VIPCARE_OK && (!with.extra_covered || with.uncovered != without.uncovered)) {
		/* the balance at that time, for the message */
		struct run at_time;
		int64_t have;

		run_init(&at_time);
		rc = replay(&at_time, e, cust, at, NULL);
		have = balance_of(&at_time);
		run_release(&at_time);
		run_release(&without);
		run_release(&with);
		if (rc != VIPCARE_OK)
			return vipcare__fail(e->last_error, rc, "no memory for the points of a customer");
		if (with.extra_covered)
			return vipcare__fail(e->last_error, VIPCARE_E_REFUSED,
					     "points redemption %s of %lld refused: insufficient_points "
					     "(it would leave a later redemption uncovered)",
					     quoted, (long long)points);
		return vipcare__fail(e->last_error, VIPCARE_E_REFUSED,
				     "points redemption %s of %lld refused: insufficient_points "
				     "(balance %lld)",
				     quoted, (long long)points, (long long)have);
	}
	run_release(&without);
	run_release(&with);
	if (rc != VIPCARE_OK)
		return vipcare__fail(e->last_error, rc, "no memory for the points of a customer");
	return keep(e, redemption_id, customer_id, cust, hash, at, points, reason, quoted, 1);
}

/*
 * Keeps a points redemption read from a snapshot or journal, with the same
 * checks of its values but not of its coverage: that held when it was
 * accepted, and a snapshot gives the redemptions after every transaction,
 * refunds recorded later included.
 */
int vipcare__points_redemption_restore(struct vipcare_engine *e, const char *redemption_id,
				       const char *customer_id, int64_t at, int64_t points,
				       const char *reason)
{
	char quoted[64];
	uint32_t hash = 0, cust = 0;
	int rc = check_values(e, redemption_id, customer_id, at, points, reason, quoted, sizeof(quoted),
			      &cust, &hash);

	if (rc != VIPCARE_OK)
		return rc;
	if (vipcare__index_find(&e->points_index, points_equal, e, redemption_id, strlen(redemption_id),
				hash) != VIPCARE__NONE)
		return vipcare__fail(e->last_error, VIPCARE_E_DUPLICATE,
				     "points redemption %s was recorded already", quoted);
	return keep(e, redemption_id, customer_id, cust, hash, at, points, reason, quoted, 0);
}

VIPCARE_API size_t vipcare_engine_points_redemption_count(const struct vipcare_engine *e)
{
	return e == NULL ? 0 : e->points_redemptions.count;
}
