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
 *
 * Scoring every member is one pass over each member's chunks of entries,
 * which are in time order for almost every customer, into its days; the
 * segments are then made only as far as the score needs them (see
 * score_days()), and the cursor brings the chunks of the next members
 * into the cache together before it scores them (warm_members()).
 * docs/tiers.md tells the whole sweep.
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>
#include <string.h>

#include "engine-private.h"

/* For the cursor's copies of the per-customer steps: a call a member is too many. */
#if defined(__GNUC__)
#define ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define ALWAYS_INLINE inline
#endif

struct vipcare_score {
	int refcount;
	char customer[VIPCARE_ID_MAX + 1];
	char tier_name[VIPCARE_TIER_NAME_MAX + 1];
	char next_name[VIPCARE_TIER_NAME_MAX + 1];
	struct vipcare__result r;
};

/*
 * What scoring reads of the policy, read once per cursor (or per single
 * score) rather than per customer: a missing threshold is the lowest
 * value, so that qualifying is two comparisons a tier.
 */
struct score_rules {
	int tier_count;
	int32_t window, retain;
	int64_t min_spend[VIPCARE_TIERS_MAX];
	int32_t min_visits[VIPCARE_TIERS_MAX];
	/*
	 * Nonzero when every tier above asks at least as much as this one:
	 * then a window reaches the tier or one above it exactly when it
	 * meets the tier's own thresholds. Every tier above the base of a
	 * valid policy is (policy.c, check_rising()); kept rather than
	 * assumed, so that tier_expires stays right for any rules.
	 */
	unsigned char nested[VIPCARE_TIERS_MAX];
};

struct vipcare_score_cursor {
	int refcount;
	struct vipcare_engine *engine;
	uint64_t generation;
	int32_t asof;
	struct vipcare__member *members;
	size_t count, capacity, next;
	size_t longest; /* the most transactions of one member */
	struct score_rules rules;
	/* the tiers whose names the score holds, -2 for none */
	int named_tier, named_next;
	size_t warm_end;   /* the members before it have their chunks in the cache */
	unsigned warm_sum; /* what warming read, kept so that the reads are made */
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
 * Sorts days[0, n) by date and merges the entries of one date: only for a
 * customer whose transactions were recorded out of time order. Returns
 * the number of days left.
 */
static size_t sort_days(struct vipcare__day *days, size_t n)
{
	size_t i, out;

	if (n > 32) {
		qsort(days, n, sizeof(*days), day_order);
	} else {
		for (i = 1; i < n; i++) {
			struct vipcare__day d = days[i];
			size_t j = i;

			for (; j > 0 && days[j - 1].date > d.date; j--)
				days[j] = days[j - 1];
			days[j] = d;
		}
	}
	for (i = 0, out = 0; i < n; i++) {
		if (out > 0 && days[out - 1].date == days[i].date) {
			days[out - 1].sales += days[i].sales;
			days[out - 1].net += days[i].net;
		} else {
			days[out++] = days[i];
		}
	}
	return out;
}

/* The first day for every transaction: no timestamp the library accepts is before it. */
#define EVERY_DAY INT32_MIN

/* What collect_days() gives besides the days. */
struct collected {
	int64_t lifetime;     /* the net of every transaction up to asof */
	int64_t days_net;     /* the net of the days, */
	int32_t days_visits;  /* and how many of them have a sale */
	int32_t early_first;  /* the first sale dated before the days, or VIPCARE_DATE_NONE */
};

/* A transaction dated before the days: only its amount and, for a sale, its time count. */
static inline void add_early(int64_t *net, int64_t *first, int64_t ts, int64_t amount)
{
	*net += amount;
	if (amount > 0 && ts < *first)
		*first = ts;
}

/* The chunks of customer @c, oldest first, into @chain; returns how many. */
static unsigned chunk_chain(const struct vipcare__cust *c, const struct vipcare__chunk **chain)
{
	const struct vipcare__chunk *chunk;
	unsigned k;

	for (chunk = c->chunk, k = c->chunks; chunk != NULL; chunk = chunk->prev)
		chain[--k] = chunk;
	return c->chunks;
}

/*
 * Entries [*en, *last) of chunk @k of the @chunks of @chain, of a customer
 * with @count transactions: every chunk but the newest is full.
 */
static inline void chunk_entries(const struct vipcare__chunk *const *chain, unsigned k,
				 unsigned chunks, uint64_t count, const struct vipcare__entry **en,
				 const struct vipcare__entry **last)
{
	*en = chain[k]->entries;
	*last = *en + (k + 1 < chunks ? (uint64_t)VIPCARE__CHUNK_FIRST << k
				      : count - vipcare__chunk_start(k));
}

/*
 * Collects the customer's transactions dated from @from up to @asof into
 * days, sorted, one entry per date, in one pass over its chunks from
 * the oldest (the chain is newest first, each chunk in recording order).
 * Recording order is time order for almost every customer, so a
 * transaction of the same day as the one before (a timestamp within that
 * day's 86,400 seconds: one subtraction and one comparison) is added to
 * its day and nothing is sorted; only a customer recorded out of order
 * has its days sorted and merged again. A transaction before @from, which
 * scoring does not need by the day, only counts in @out's lifetime net
 * and its first sale (its last sale before the days is only needed
 * when no day has a sale: early_last_sale() finds it then). The days'
 * net and visits are summed in @out as each day is closed (for a score
 * with no retention those are the window's). Returns the number of days,
 * or -1 when out of memory. The cursor has its own copy inlined;
 * collect_days() is the one the others call.
 */
static ALWAYS_INLINE long collect_days_inline(struct vipcare__mem *m, struct vipcare__scratch *s,
					      const struct vipcare__cust *c, int32_t asof,
					      int32_t from, struct collected *out)
{
	/* dated up to asof: before the first second of the next day */
	const int64_t end = ((int64_t)asof + 1) * 86400, from_ts = (int64_t)from * 86400;
	/* the seconds of the days: one unsigned comparison tells a timestamp outside them */
	const uint64_t span = (uint64_t)(end - from_ts);
	const struct vipcare__chunk *chain[UINT8_MAX + 1];
	/* the day being summed, kept out of memory until the next date */
	struct vipcare__day *days, *next, spare, *day = &spare;
	/*
	 * The first second of that day; before the first day one no timestamp
	 * is within 86,400 seconds of (the library's timestamps lie within a
	 * few thousand years of 1970).
	 */
	int64_t day_ts = INT64_MIN, day_net = 0, early_net = 0, days_net = 0;
	int64_t early_first = INT64_MAX;
	int32_t day_sales = 0, days_visits = 0;
	size_t n;
	unsigned k, chunks;
	int disorder = 0;

	if (scratch_grow(m, &s->days, &s->day_capacity, c->txn_count, sizeof(*s->days)) != 0)
		return -1;
	days = next = s->days;
	chunks = chunk_chain(c, chain);
	for (k = 0; k < chunks; k++) {
		const struct vipcare__entry *en, *last;

		chunk_entries(chain, k, chunks, c->txn_count, &en, &last);
		/* in time order, the transactions before the days come first: a short loop */
		for (; en < last && en->ts < from_ts; en++)
			add_early(&early_net, &early_first, en->ts, en->amount);
		for (; en < last; en++) {
			int64_t ts = en->ts, amount = en->amount;

			/* the day being summed is in [from, asof]: nothing else to check */
			if ((uint64_t)ts - (uint64_t)day_ts >= 86400u) {
				uint64_t since = (uint64_t)ts - (uint64_t)from_ts;

				if (since >= span) {
					/* before from or after asof */
					if (ts < from_ts)
						add_early(&early_net, &early_first, ts, amount);
					continue;
				}
				/* from a day's first second on, the days since from are an unsigned division */
				since /= 86400u;
				day->sales = day_sales;
				day->net = day_net;
				days_net += day_net;
				days_visits += day_sales != 0;
				/* another day, and not a later one */
				if (ts < day_ts)
					disorder = 1;
				day = next++;
				day->date = (int32_t)(from + (int64_t)since);
				day_ts = from_ts + (int64_t)since * 86400;
				day_sales = 0;
				day_net = 0;
			}
			day_sales += amount > 0;
			day_net += amount;
		}
	}
	day->sales = day_sales;
	day->net = day_net;
	days_net += day_net;
	days_visits += day_sales != 0;
	n = (size_t)(next - days);
	if (disorder) {
		size_t i;

		/* days of one date merge: count the visits again */
		n = sort_days(days, n);
		for (i = 0, days_visits = 0; i < n; i++)
			days_visits += days[i].sales > 0;
	}
	s->day_count = n;
	out->lifetime = early_net + days_net;
	out->days_net = days_net;
	out->days_visits = days_visits;
	out->early_first =
		early_first == INT64_MAX ? VIPCARE_DATE_NONE : vipcare__ts_date(early_first);
	return (long)n;
}

static long collect_days(struct vipcare__mem *m, struct vipcare__scratch *s,
			 const struct vipcare__cust *c, int32_t asof, int32_t from,
			 struct collected *out)
{
	return collect_days_inline(m, s, c, asof, from, out);
}

/*
 * The last sale of customer @c dated before @from, or VIPCARE_DATE_NONE:
 * a second pass over its chunks, for a score whose days have no sale.
 */
static int32_t early_last_sale(const struct vipcare__cust *c, int32_t from)
{
	const int64_t from_ts = (int64_t)from * 86400;
	const struct vipcare__chunk *chain[UINT8_MAX + 1];
	int64_t early_last = INT64_MIN;
	unsigned k, chunks = chunk_chain(c, chain);

	for (k = 0; k < chunks; k++) {
		const struct vipcare__entry *en, *last;

		for (chunk_entries(chain, k, chunks, c->txn_count, &en, &last); en < last; en++) {
			if (en->ts < from_ts && en->amount > 0 && en->ts > early_last)
				early_last = en->ts;
		}
	}
	return early_last == INT64_MIN ? VIPCARE_DATE_NONE : vipcare__ts_date(early_last);
}

static void rules_init(const struct vipcare_policy *p, struct score_rules *rules)
{
	int rank;

	rules->tier_count = p->tier_count;
	rules->window = (int32_t)p->settings[VIPCARE_SETTING_WINDOW_DAYS];
	rules->retain = (int32_t)p->settings[VIPCARE_SETTING_RETAIN_DAYS];
	for (rank = 0; rank < p->tier_count; rank++) {
		const struct vipcare__tier *t = &p->tiers[rank];

		rules->min_spend[rank] = t->has_min_spend ? t->min_spend : INT64_MIN;
		rules->min_visits[rank] = t->has_min_visits ? t->min_visits : INT32_MIN;
	}
	for (rank = 0; rank < p->tier_count; rank++) {
		int above;

		rules->nested[rank] = 1;
		for (above = rank + 1; above < p->tier_count; above++) {
			if (rules->min_spend[above] < rules->min_spend[rank] ||
			    rules->min_visits[above] < rules->min_visits[rank])
				rules->nested[rank] = 0;
		}
	}
}

/* The highest tier whose every threshold the window meets (a missing threshold is the lowest value). */
static inline int rules_qualify(const struct score_rules *rules, int64_t spend, int32_t visits)
{
	int rank;

	for (rank = rules->tier_count - 1; rank > 0; rank--) {
		if (spend >= rules->min_spend[rank] && visits >= rules->min_visits[rank])
			return rank;
	}
	return 0;
}

/*
 * A sweep over days d[0, n) in date order: days [leave, enter) are in the
 * window, spend and visits their sums. The qualified tier can only change
 * on a day one enters (its date) or leaves (its date + window).
 */
struct sweep {
	const struct vipcare__day *d;
	size_t n, enter, leave;
	int64_t spend;
	int32_t visits;
	int32_t window;
};

/* Starts the sweep on day @from: the days of the window that ends on @from are in. */
static inline void sweep_start(struct sweep *w, const struct vipcare__day *d, size_t n,
			       int32_t window, int32_t from)
{
	w->d = d;
	w->n = n;
	w->window = window;
	w->spend = 0;
	w->visits = 0;
	for (w->leave = 0; w->leave < n && d[w->leave].date < from - window + 1; w->leave++)
		;
	for (w->enter = w->leave; w->enter < n && d[w->enter].date <= from; w->enter++) {
		w->spend += d[w->enter].net;
		w->visits += d[w->enter].sales > 0;
	}
}

/* The next day a day enters or leaves the window, INT64_MAX when none. */
static inline int64_t sweep_next(const struct sweep *w)
{
	int64_t next_enter = w->enter < w->n ? w->d[w->enter].date : INT64_MAX;
	int64_t next_leave = w->leave < w->enter ? (int64_t)w->d[w->leave].date + w->window : INT64_MAX;

	return next_enter < next_leave ? next_enter : next_leave;
}

/* Moves the window to day @at, the value sweep_next() gave. */
static inline void sweep_to(struct sweep *w, int64_t at)
{
	const struct vipcare__day *d = w->d;

	for (; w->enter < w->n && d[w->enter].date == at; w->enter++) {
		w->spend += d[w->enter].net;
		w->visits += d[w->enter].sales > 0;
	}
	for (; w->leave < w->enter && (int64_t)d[w->leave].date + w->window == at; w->leave++) {
		w->spend -= d[w->leave].net;
		w->visits -= d[w->leave].sales > 0;
	}
}

/*
 * Builds the segments of the qualified tier from @from on, over the
 * scratch's days d[0, n): segment i holds from its start to the next
 * segment's start - 1, the last one for ever. Returns the number of
 * segments, or -1 when out of memory.
 */
static long build_segments(const struct score_rules *rules, struct vipcare__mem *m,
			   struct vipcare__scratch *s, size_t n, int32_t from)
{
	struct sweep w;
	size_t count = 0;
	int tier;

	if (scratch_grow(m, &s->segments, &s->segment_capacity, 2 * n + 1, sizeof(*s->segments)) != 0)
		return -1;
	sweep_start(&w, s->days, n, rules->window, from);
	s->segments[count].start = from;
	s->segments[count++].tier = rules_qualify(rules, w.spend, w.visits);
	for (;;) {
		int64_t at = sweep_next(&w);

		if (at == INT64_MAX)
			break;
		sweep_to(&w, at);
		tier = rules_qualify(rules, w.spend, w.visits);
		if (tier != s->segments[count - 1].tier) {
			s->segments[count].start = (int32_t)at;
			s->segments[count++].tier = tier;
		}
	}
	return (long)count;
}

/*
 * The segments of build_segments() from a first one (open_start,
 * open_tier) on, with the days all dated up to asof: the closed segments
 * up to asof are in seg[0, count), the open one is the last that started
 * by asof.
 */
struct timeline {
	struct vipcare__segment *seg;
	size_t count;
	int64_t open_start;
	int open_tier;
};

/* Whether the window qualifies for @tier or a tier above it. */
static inline int rules_reach(const struct score_rules *rules, int tier, int64_t spend, int32_t visits)
{
	int rank;

	for (rank = tier; rank < rules->tier_count; rank++) {
		if (spend >= rules->min_spend[rank] && visits >= rules->min_visits[rank])
			return 1;
	}
	return 0;
}

/*
 * tier_expires: the last day @tier is held from @start on, read off the
 * segments in order: the first day from @start on whose retention span
 * [d - retain, d] sees no segment at @tier or above, minus one;
 * VIPCARE_DATE_NONE when it is held for ever.
 * A segment at the tier or above that starts by the day found so far
 * pushes that day past its own end + retain.
 *
 * The segments up to asof are tl's; after asof the days only leave the
 * window, one a date, and only whether a segment is at @tier or above
 * matters (two neighbours on the same side of it give the same day as
 * one), so the sweep @w (standing at asof) goes on day by day and stops
 * as soon as the next segment at the tier or above could only start after
 * the day found: for a tier held by the metrics alone, at the first day
 * that leaves the window below the tier.
 */
static int32_t expires(const struct score_rules *rules, struct sweep *w, const struct timeline *tl,
		       int tier, int64_t start)
{
	const int32_t retain = rules->retain, window = w->window;
	const struct vipcare__day *d = w->d;
	int64_t cur = start, open_start = tl->open_start, spend = w->spend;
	int32_t visits = w->visits;
	int open_reach = tl->open_tier >= tier;
	size_t i;

	for (i = 0; i < tl->count; i++) {
		int64_t next = i + 1 < tl->count ? tl->seg[i + 1].start : tl->open_start;

		if (tl->seg[i].tier < tier)
			continue;
		if (tl->seg[i].start > cur)
			return (int32_t)(cur - 1);
		if (next + retain > cur)
			cur = next + retain;
	}
	/* every day is in by asof: from here on they leave, in date order */
	i = w->leave;
	if (open_reach && rules->nested[tier]) {
		const int64_t min_spend = rules->min_spend[tier];
		const int32_t min_visits = rules->min_visits[tier];

		/*
		 * While the window stays at the tier, a day leaving changes
		 * nothing but the sums: two comparisons a day (the tiers
		 * above ask more) up to the day that takes it below the tier,
		 * which then ends the open segment as in the loop below.
		 */
		for (; i < w->n; i++) {
			spend -= d[i].net;
			visits -= d[i].sales > 0;
			if (spend < min_spend)
				break;
			if (visits < min_visits)
				break;
		}
		if (i < w->n) {
			int64_t at = (int64_t)d[i].date + window;

			/* the open segment started by asof, before cur: no gap before it */
			if (at + retain > cur)
				cur = at + retain;
			open_start = at;
			open_reach = 0;
			if (at >= cur)
				return (int32_t)(cur - 1);
			i++;
		}
	}
	for (; i < w->n; i++) {
		int64_t at = (int64_t)d[i].date + window;
		int reach;

		spend -= d[i].net;
		visits -= d[i].sales > 0;
		reach = rules_reach(rules, tier, spend, visits);
		if (reach == open_reach)
			continue;
		/* the open segment ends the day before at */
		if (open_reach) {
			if (open_start > cur)
				return (int32_t)(cur - 1);
			if (at + retain > cur)
				cur = at + retain;
		}
		open_start = at;
		open_reach = reach;
		/* no later segment at the tier or above can start by cur */
		if (reach ? at > cur : at >= cur)
			return (int32_t)(cur - 1);
	}
	/* the open segment lasts for ever */
	if (open_reach && open_start <= cur)
		return VIPCARE_DATE_NONE;
	return (int32_t)(cur - 1);
}

/*
 * The first day scoring reads by the day: that of the window of the first
 * day retention looks back to. Earlier transactions only count in the
 * lifetime spend and the first and last sale.
 */
static int32_t scoring_from(const struct score_rules *rules, int32_t asof)
{
	return asof - rules->retain - rules->window + 1;
}

/*
 * Scores customer @c as of @asof into @r, from its days up to @asof in
 * s->days[0, n) (or -1 when collecting them ran out of memory), which
 * are those from scoring_from() on, and what @early says of the others
 * and of the days; @is_member is whether it has joined by @asof.
 *
 * The result is that of the segments of build_segments() from asof -
 * retain_days on and the rules of DESIGN §4 read off them, but only as
 * much of them is made as the result needs: with no retention the tier
 * on asof is the window's own, and tier_expires stops the sweep after
 * asof at the first fall below the tier that retention does not cover
 * (for a base-tier customer it is not swept at all). Inlined in its two
 * callers, the cursor's above all.
 */
static ALWAYS_INLINE int score_days(const struct score_rules *rules, struct vipcare__mem *m,
				    struct vipcare__scratch *s, const struct vipcare__cust *c,
				    int32_t asof, int is_member, long n,
				    const struct collected *early, struct vipcare__result *r)
{
	const struct vipcare__day *d = s->days;
	const int32_t window = rules->window, retain = rules->retain;
	const int32_t from = asof - retain;
	int32_t first_sale, last_sale;
	struct sweep w;
	struct timeline tl;
	int overridden, held, tier;
	size_t i;

	memset(r, 0, sizeof(*r));
	r->asof = asof;
	r->is_member = is_member;
	r->first_sale = r->last_sale = VIPCARE_DATE_NONE;
	if (n < 0)
		return VIPCARE_E_NO_MEMORY;
	r->lifetime = early->lifetime;
	/* a sale counted early is older than every day */
	first_sale = early->early_first;
	if (first_sale == VIPCARE_DATE_NONE) {
		for (i = 0; i < (size_t)n; i++) {
			if (d[i].sales > 0) {
				first_sale = d[i].date;
				break;
			}
		}
	}
	r->first_sale = first_sale;
	last_sale = VIPCARE_DATE_NONE;
	for (i = (size_t)n; i-- > 0;) {
		if (d[i].sales > 0) {
			last_sale = d[i].date;
			break;
		}
	}
	/* no day has a sale: the last is the last before them, if there is a first */
	if (last_sale == VIPCARE_DATE_NONE && early->early_first != VIPCARE_DATE_NONE)
		last_sale = early_last_sale(c, scoring_from(rules, asof));
	r->last_sale = last_sale;
	if (retain == 0) {
		/* the days are those of the window: collect_days() summed them */
		i = 0;
		r->net_spend = early->days_net;
		r->visits = early->days_visits;
	} else {
		/* the window, from the newest day back */
		for (i = (size_t)n; i > 0 && d[i - 1].date > asof - window; i--) {
			r->net_spend += d[i - 1].net;
			r->visits += d[i - 1].sales > 0;
		}
	}

	w.d = d;
	w.n = (size_t)n;
	w.window = window;
	tl.count = 0;
	tl.seg = NULL;
	tl.open_start = from;
	if (retain == 0) {
		/* the first segment starts on asof: the window just summed */
		w.leave = i;
		w.enter = (size_t)n;
		w.spend = r->net_spend;
		w.visits = r->visits;
		tl.open_tier = rules_qualify(rules, w.spend, w.visits);
		held = tl.open_tier;
	} else {
		if (scratch_grow(m, &s->segments, &s->segment_capacity, 2 * (size_t)n + 1,
				 sizeof(*s->segments)) != 0)
			return VIPCARE_E_NO_MEMORY;
		tl.seg = s->segments;
		sweep_start(&w, d, (size_t)n, window, from);
		tl.open_tier = rules_qualify(rules, w.spend, w.visits);
		held = tl.open_tier;
		/* the segments that start by asof: the highest is held, the last qualified */
		for (;;) {
			int64_t at = sweep_next(&w);
			int t;

			if (at > asof)
				break;
			sweep_to(&w, at);
			t = rules_qualify(rules, w.spend, w.visits);
			if (t == tl.open_tier)
				continue;
			tl.seg[tl.count].start = (int32_t)tl.open_start;
			tl.seg[tl.count++].tier = tl.open_tier;
			tl.open_start = at;
			tl.open_tier = t;
			if (t > held)
				held = t;
		}
	}
	overridden = c->override_tier >= 0 &&
		     (c->override_until == VIPCARE_DATE_NONE || asof <= c->override_until);
	if (overridden) {
		tier = c->override_tier;
		r->decided_by = VIPCARE_DECIDED_BY_OVERRIDE;
	} else {
		tier = held;
		r->decided_by = held == 0 ? VIPCARE_DECIDED_BY_BASE
			      : tl.open_tier == held ? VIPCARE_DECIDED_BY_METRICS
						     : VIPCARE_DECIDED_BY_RETENTION;
	}
	r->tier = tier;
	if (tier == 0 || (overridden && c->override_until == VIPCARE_DATE_NONE))
		r->tier_expires = VIPCARE_DATE_NONE;
	else
		r->tier_expires = expires(rules, &w, &tl, tier,
					  overridden ? (int64_t)c->override_until + 1 : (int64_t)asof + 1);
	/* held beyond the calendar: through its last day, the last a date can name */
	if (r->tier_expires != VIPCARE_DATE_NONE && r->tier_expires > VIPCARE_DATE_MAX)
		r->tier_expires = VIPCARE_DATE_MAX;
	/* the tier above, and what the window lacks for it */
	r->next_tier = -1;
	if (tier + 1 < rules->tier_count) {
		r->next_tier = tier + 1;
		if (rules->min_spend[tier + 1] > r->net_spend)
			r->spend_to_next = rules->min_spend[tier + 1] - r->net_spend;
		if (rules->min_visits[tier + 1] > r->visits)
			r->visits_to_next = rules->min_visits[tier + 1] - r->visits;
	}
	return VIPCARE_OK;
}

/* Scores customer @cust with the scratch @s. */
static int score_one(struct vipcare_engine *e, const struct score_rules *rules,
		     struct vipcare__scratch *s, uint32_t cust, int32_t asof, struct vipcare__result *r)
{
	const struct vipcare__cust *c = vipcare__cust_at(e, cust);
	int32_t joined = vipcare__effective_joined(c);
	struct collected early;
	long n = collect_days(&e->mem, s, c, asof, scoring_from(rules, asof), &early);

	return score_days(rules, &e->mem, s, c, asof, joined != VIPCARE_DATE_NONE && joined <= asof,
			  n, &early, r);
}

int vipcare__score_customer(struct vipcare_engine *e, uint32_t cust, int32_t asof,
			    struct vipcare__result *r)
{
	struct score_rules rules;

	rules_init(&e->policy, &rules);
	return score_one(e, &rules, &e->scratch, cust, asof, r);
}

int vipcare__tier_on(struct vipcare_engine *e, uint32_t cust, int32_t date, int *tier,
		     int32_t *first_sale)
{
	const struct vipcare__cust *c = vipcare__cust_at(e, cust);
	struct score_rules rules;
	int32_t window, retain;
	int64_t spend = 0;
	struct collected early;
	long n = collect_days(&e->mem, &e->scratch, c, date, EVERY_DAY, &early), i, count;
	int32_t visits = 0;

	if (n < 0)
		return VIPCARE_E_NO_MEMORY;
	rules_init(&e->policy, &rules);
	window = rules.window;
	retain = rules.retain;
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
		*tier = rules_qualify(&rules, spend, visits);
		return VIPCARE_OK;
	}
	count = build_segments(&rules, &e->mem, &e->scratch, (size_t)n, date - retain);
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
	const struct vipcare__cust *c = vipcare__cust_at(e, cust);
	struct score_rules rules;
	int32_t retain;
	int32_t joined = vipcare__effective_joined(c);
	int overridden = c->override_tier >= 0;
	int32_t o_until = c->override_until;
	size_t n = 0, head = 0, tail = 0, next = 0;
	struct collected early;
	long days, count;

	*out = NULL;
	if (joined == VIPCARE_DATE_NONE || joined > until)
		return 0;
	days = collect_days(&e->mem, s, c, until, EVERY_DAY, &early);
	if (days < 0)
		return VIPCARE_E_NO_MEMORY;
	rules_init(&e->policy, &rules);
	retain = rules.retain;
	count = build_segments(&rules, &e->mem, s, (size_t)days, joined - retain);
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

/*
 * The first 16 bytes of the id, big-endian, sort most ids on their own.
 * The customer record by its address (customers never move): 32 bytes.
 */
struct vipcare__member {
	uint64_t key_hi, key_lo;
	const struct vipcare__cust *c;
	const char *id;
};

static uint64_t be64(const unsigned char *b)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < 8; i++)
		v = (v << 8) | b[i];
	return v;
}

/*
 * The member's key, from the id's first bytes kept in the customer record
 * (the pool is read only for an id longer than those). A short id is
 * copied whole from the record, a fixed copy, and the bytes past its end
 * masked off.
 */
static void member_key(const struct vipcare_engine *e, const struct vipcare__cust *c,
		       struct vipcare__member *mb)
{
	unsigned char b[16] = { 0 };
	size_t len = c->key_len;

	mb->id = vipcare__pool_str(&e->pool, c->id);
	if (len > VIPCARE__KEY_INLINE)
		memcpy(b, mb->id, len < 16 ? len : 16);
	else
		memcpy(b, c->key, sizeof(c->key));
	mb->key_hi = be64(b);
	mb->key_lo = be64(b + 8);
	if (len < 8) {
		mb->key_hi &= ~(UINT64_MAX >> (8 * len));
		mb->key_lo = 0;
	} else if (len < 16) {
		mb->key_lo &= ~(UINT64_MAX >> (8 * (len - 8)));
	}
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

/* Byte @b (0 .. 15, most significant first) of the 16 bytes @hi then @lo. */
static unsigned byte_of(uint64_t hi, uint64_t lo, unsigned b)
{
	return (unsigned)((b < 8 ? hi >> (56 - 8 * b) : lo >> (120 - 8 * b)) & 0xffu);
}

static unsigned key_byte(const struct vipcare__member *mb, unsigned b)
{
	return byte_of(mb->key_hi, mb->key_lo, b);
}

/*
 * Sorts the members by id: a stable radix sort on the key, least
 * significant byte first and only over the bytes that differ between
 * members, then each run of equal keys (ids sharing their first 16 bytes)
 * by the rest of the id. The same order as qsort() with member_order(),
 * at a few passes over the array instead of n log n comparisons; qsort()
 * when there is no memory for the second array.
 */
static void sort_members(struct vipcare__mem *m, struct vipcare__member *members, size_t n)
{
	const size_t bytes = n * sizeof(*members) + 16 * 256 * sizeof(size_t);
	struct vipcare__member *other, *src = members, *dst;
	uint64_t differ_hi = 0, differ_lo = 0;
	size_t(*count)[256];
	size_t i, j;
	unsigned b;

	other = n < 2 ? NULL : vipcare__mem_alloc(m, bytes);
	if (other == NULL) {
		qsort(members, n, sizeof(*members), member_order);
		return;
	}
	count = (size_t(*)[256])(void *)(other + n);
	memset(count, 0, 16 * 256 * sizeof(size_t));
	for (i = 1; i < n; i++) {
		differ_hi |= members[i].key_hi ^ members[0].key_hi;
		differ_lo |= members[i].key_lo ^ members[0].key_lo;
	}
	for (i = 0; i < n; i++) {
		for (b = 0; b < 16; b++) {
			if (byte_of(differ_hi, differ_lo, b) != 0)
				count[b][key_byte(&members[i], b)]++;
		}
	}
	dst = other;
	for (b = 16; b-- > 0;) {
		size_t at = 0, v;
		struct vipcare__member *swap;

		if (byte_of(differ_hi, differ_lo, b) == 0)
			continue;
		for (v = 0; v < 256; v++) {
			size_t k = count[b][v];

			count[b][v] = at;
			at += k;
		}
		for (i = 0; i < n; i++)
			dst[count[b][key_byte(&src[i], b)]++] = src[i];
		swap = src;
		src = dst;
		dst = swap;
	}
	if (src != members)
		memcpy(members, src, n * sizeof(*members));
	vipcare__mem_free(m, other, bytes);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && members[j].key_hi == members[i].key_hi &&
				members[j].key_lo == members[i].key_lo;
		     j++)
			;
		if (j - i > 1)
			qsort(members + i, j - i, sizeof(*members), member_order);
	}
}

VIPCARE_API int vipcare_score_cursor_new(struct vipcare_score_cursor **out,
					 struct vipcare_engine *e, int32_t asof)
{
	struct vipcare_score_cursor *cur;
	const struct vipcare__cust *c = NULL;
	size_t i, n = 0, capacity;
	int sorted = 1;

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
	/* room for every customer, so that the customers are read once */
	capacity = e->customers.count ? e->customers.count : 1;
	cur->members = vipcare__mem_alloc(&e->mem, capacity * sizeof(*cur->members));
	if (cur->members == NULL) {
		vipcare__mem_free(&e->mem, cur, sizeof(*cur));
		return vipcare__fail(e->last_error, VIPCARE_E_NO_MEMORY,
				     "no memory to list %zu customers", e->customers.count);
	}
	for (i = 0; i < e->customers.count; i++) {
		struct vipcare__member *mb;
		int32_t joined;

		/* the next record in its block, or the first of the next block */
		c = (i & (((size_t)1 << VIPCARE__CUST_BLOCK_BITS) - 1)) != 0 ? c + 1
									  : vipcare__cust_at(e, (uint32_t)i);

		joined = vipcare__effective_joined(c);
		if (joined == VIPCARE_DATE_NONE || joined > asof)
			continue;
		mb = &cur->members[n++];
		mb->c = c;
		if (c->txn_count > cur->longest)
			cur->longest = c->txn_count;
		member_key(e, c, mb);
		/* customers are mostly recorded in id order: then there is nothing to sort */
		if (sorted && n > 1 && member_order(mb - 1, mb) > 0)
			sorted = 0;
	}
	if (!sorted)
		sort_members(&e->mem, cur->members, n);
	cur->count = n;
	cur->capacity = capacity;
	/* all the working memory next() needs, so that it allocates nothing */
	if (scratch_grow(&e->mem, &cur->scratch.days, &cur->scratch.day_capacity, cur->longest,
			 sizeof(*cur->scratch.days)) != 0 ||
	    scratch_grow(&e->mem, &cur->scratch.segments, &cur->scratch.segment_capacity,
			 2 * cur->longest + 1, sizeof(*cur->scratch.segments)) != 0) {
		vipcare__scratch_release(&e->mem, &cur->scratch);
		vipcare__mem_free(&e->mem, cur->members, capacity * sizeof(*cur->members));
		vipcare__mem_free(&e->mem, cur, sizeof(*cur));
		return vipcare__fail(e->last_error, VIPCARE_E_NO_MEMORY,
				     "no memory to score %zu members", n);
	}
	rules_init(&e->policy, &cur->rules);
	cur->named_tier = cur->named_next = -2;
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
	vipcare__mem_free(&e->mem, cur->members, cur->capacity * sizeof(*cur->members));
	vipcare__mem_free(&e->mem, cur, sizeof(*cur));
	vipcare_engine_unref(e);
	return NULL;
}

/*
 * How many members the cursor brings into the cache at once. The chunks
 * of different customers lie apart in the arena (each on its own page,
 * as often as not), and reaching a member's older chunk means reading its
 * newer one first: scored one after the other, every chunk is a cache and
 * TLB miss waited for alone. The cursor instead reads the chunks of the
 * next WARM_BATCH members a link at a time across all of them, so that
 * their misses are waited for together. (Plain loads: a prefetch
 * instruction that misses the TLB may be dropped.)
 */
#define WARM_BATCH 32

/* Reads one byte of every cache line of [p, p + bytes), the first 16 lines at most. */
static unsigned touch_bytes(const void *p, size_t bytes)
{
	const volatile unsigned char *at = p;
	unsigned sum = 0;
	size_t off;

	if (bytes > 16 * 64)
		bytes = 16 * 64;
	for (off = 0; off < bytes; off += 64)
		sum += at[off];
	return sum + at[bytes - 1];
}

/* Brings the chunks of members [from, to) into the cache, newest first. */
static void warm_members(struct vipcare_score_cursor *cur, size_t from, size_t to)
{
	const struct vipcare__chunk *chunk[WARM_BATCH];
	size_t bytes[WARM_BATCH];
	unsigned k[WARM_BATCH];
	size_t n = to - from, j, live = 0;
	unsigned sum = 0;

	for (j = 0; j < n; j++) {
		const struct vipcare__cust *c = cur->members[from + j].c;

		chunk[j] = c->chunk;
		if (chunk[j] == NULL)
			continue;
		k[j] = c->chunks - 1u;
		bytes[j] = sizeof(*chunk[j]) +
			   (c->txn_count - vipcare__chunk_start(k[j])) * sizeof(struct vipcare__entry);
		live++;
	}
	while (live > 0) {
		for (j = 0; j < n; j++) {
			if (chunk[j] == NULL)
				continue;
			sum += touch_bytes(chunk[j], bytes[j]);
			chunk[j] = chunk[j]->prev;
			if (chunk[j] == NULL) {
				live--;
				continue;
			}
			bytes[j] = vipcare__chunk_bytes(--k[j]);
		}
	}
	cur->warm_sum += sum;
}

VIPCARE_API int vipcare_score_cursor_next(struct vipcare_score_cursor *cur,
					  const struct vipcare_score **out)
{
	struct vipcare_engine *e;
	const struct vipcare__cust *c;
	struct collected early;
	long n;
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
	if (cur->next == cur->warm_end) {
		cur->warm_end = cur->next + WARM_BATCH < cur->count ? cur->next + WARM_BATCH : cur->count;
		warm_members(cur, cur->next, cur->warm_end);
	}
	c = cur->members[cur->next].c;
	n = collect_days_inline(&e->mem, &cur->scratch, c, cur->asof,
				scoring_from(&cur->rules, cur->asof), &early);
	/* every member listed has joined by asof */
	rc = score_days(&cur->rules, &e->mem, &cur->scratch, c, cur->asof, 1, n, &early,
			&cur->score.r);
	if (rc != VIPCARE_OK) {
		cur->named_tier = cur->named_next = -2;
		return vipcare__fail(e->last_error, rc, "no memory to score a customer");
	}
	/*
	 * The id from the customer record when it is short enough to be kept
	 * there whole: all the record's bytes, a fixed copy of a few moves
	 * (those past the id's end are cut off by the NUL).
	 */
	if (c->key_len <= VIPCARE__KEY_INLINE)
		memcpy(cur->score.customer, c->key, sizeof(c->key));
	else
		memcpy(cur->score.customer, cur->members[cur->next].id, c->key_len);
	cur->score.customer[c->key_len] = '\0';
	/*
	 * The policy cannot change under a cursor: a name is copied when the
	 * tier changes, the whole array (a fixed copy, no call).
	 */
	if (cur->score.r.tier != cur->named_tier) {
		memcpy(cur->score.tier_name, e->policy.tiers[cur->score.r.tier].name,
		       sizeof(cur->score.tier_name));
		cur->named_tier = cur->score.r.tier;
	}
	if (cur->score.r.next_tier != cur->named_next) {
		if (cur->score.r.next_tier >= 0)
			memcpy(cur->score.next_name, e->policy.tiers[cur->score.r.next_tier].name,
			       sizeof(cur->score.next_name));
		else
			cur->score.next_name[0] = '\0';
		cur->named_next = cur->score.r.next_tier;
	}
	cur->next++;
	*out = &cur->score;
	return 1;
}

VIPCARE_API size_t vipcare_score_cursor_count(const struct vipcare_score_cursor *cur)
{
	return cur == NULL ? 0 : cur->count;
}
