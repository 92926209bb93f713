/*
 * libvipcare — the care agenda (DESIGN §6): for every member, the care
 * items due in a date range (and the overdue ones before it) that have no
 * care record, with their tier, channel and occasion key, in the agenda's
 * order.
 *
 * Every item's date and key come from what the engine holds: the first
 * sale, the lapse dates and the tier history of the customer's compact
 * summary (summary.c), its birthday and the care records, so the agenda
 * is a pure function of the state and the dates, and costs one pass over
 * the customers and their summaries.
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine-private.h"

struct item {
	const char *customer; /* the engine's copy of the id */
	int32_t due;
	uint32_t cust;
	uint8_t kind;
	int8_t channel; /* -1: no_channel */
	uint8_t tier;
	char occasion[VIPCARE_OCCASION_MAX + 1];
};

struct vipcare_agenda {
	int refcount;
	struct vipcare_engine *engine;
	struct item *items;
	size_t count, capacity;
	size_t suppressed[VIPCARE_CARE_KINDS];
};

/* What the generation of one customer's items needs. */
#define BIRTHDAY_YEARS 4

struct context {
	struct vipcare_engine *e;
	struct vipcare_agenda *a;
	uint32_t cust;
	const struct vipcare__cust *c;
	int32_t first, last; /* the range, overdue days included */
	int32_t first_year, last_year; /* the years of first and last */
	/*
	 * Birthday items' due dates by [year - first_year][month * 32 + day],
	 * for short ranges (BIRTHDAY_YEARS years at most); empty otherwise.
	 */
	int32_t (*birthday_due)[13 * 32];
	struct vipcare__summary_view sum;
	const int32_t *history; /* (start, tier) pairs */
	long stretches;         /* those that start by the range's end */
	/* the KPIs' count of the items due instead of a list, when not NULL */
	struct vipcare__care_tally *tally;
	int has_records; /* the customer has a care record */
	int rc;
};

static int tier_on(const struct context *x, int32_t date)
{
	long k = 0;

	while (k + 1 < x->stretches && x->history[2 * (k + 1)] <= date)
		k++;
	return x->history[2 * k + 1];
}

/*
 * Whether an item due on @due passes the cheap filters (range, rule,
 * tier), so that its occasion key is worth writing. Counting for the
 * KPIs, it also settles the items of a customer without any care record.
 */
static int wanted(struct context *x, int kind, int32_t due)
{
	const struct vipcare__care *rule = &x->e->policy.care[kind];

	if (x->rc != VIPCARE_OK || due < x->first || due > x->last || !rule->enabled ||
	    tier_on(x, due) < rule->min_tier)
		return 0;
	if (x->tally != NULL && !x->has_records) {
		if (!(rule->marketing && (x->c->flags & VIPCARE__CUST_OPT_OUT)))
			x->tally->due++;
		return 0;
	}
	return 1;
}

/* Lists an item due on @due, after the policy's filters, the records and the opt-out. */
static void offer(struct context *x, int kind, int32_t due, const char *occasion)
{
	const struct vipcare__care *rule = &x->e->policy.care[kind];
	struct item *it;
	int tier, i;

	if (x->rc != VIPCARE_OK || due < x->first || due > x->last || !rule->enabled)
		return;
	tier = tier_on(x, due);
	if (tier < rule->min_tier)
		return;
	if (x->tally != NULL) {
		/* every item due, recorded or not; suppressed ones are not due */
		int32_t done;

		if (rule->marketing && (x->c->flags & VIPCARE__CUST_OPT_OUT))
			return;
		done = vipcare__care_first_date(x->e, x->cust, kind, occasion);
		x->tally->due++;
		x->tally->done += done != VIPCARE_DATE_NONE;
		x->tally->on_time += done != VIPCARE_DATE_NONE && done <= due;
		return;
	}
	if (vipcare__care_recorded(x->e, x->cust, kind, occasion))
		return;
	if (rule->marketing && (x->c->flags & VIPCARE__CUST_OPT_OUT)) {
		x->a->suppressed[kind]++;
		return;
	}
	if (x->a->count == x->a->capacity) {
		size_t cap = x->a->capacity ? x->a->capacity * 2 : 256;
		struct item *grown = vipcare__mem_resize(&x->e->mem, x->a->items,
							 x->a->capacity * sizeof(*grown), cap * sizeof(*grown));

		if (grown == NULL) {
			x->rc = VIPCARE_E_NO_MEMORY;
			return;
		}
		x->a->items = grown;
		x->a->capacity = cap;
	}
	it = &x->a->items[x->a->count++];
	it->customer = vipcare__pool_str(&x->e->pool, x->c->id);
	it->due = due;
	it->cust = x->cust;
	it->kind = (uint8_t)kind;
	it->tier = (uint8_t)tier;
	it->channel = -1;
	for (i = 0; i < rule->channel_count; i++) {
		if (x->c->consent & (1u << rule->channels[i])) {
			it->channel = rule->channels[i];
			break;
		}
	}
	snprintf(it->occasion, sizeof(it->occasion), "%s", occasion);
}

static void date_text(char *buf, int32_t date)
{
	vipcare_date_format(buf, VIPCARE_DATE_BUFSIZE, date);
}

/* The label of the period of @period that contains @date. */
static void period_label(char *buf, size_t size, int period, int32_t date)
{
	int32_t y, m, d, thursday, wy, wm, wd;

	vipcare__civil_from_days(date, &y, &m, &d);
	switch (period) {
	case VIPCARE_PERIOD_DAY:
		date_text(buf, date);
		return;
	case VIPCARE_PERIOD_WEEK:
		/* the ISO week-year is the year of the week's Thursday */
		thursday = date - (vipcare_date_weekday(date) - 1) + 3;
		vipcare__civil_from_days(thursday, &wy, &wm, &wd);
		snprintf(buf, size, "%04d-W%02d", (int)wy,
			 (int)((thursday - vipcare__days_from_civil(wy, 1, 1)) / 7 + 1));
		return;
	case VIPCARE_PERIOD_MONTH:
		snprintf(buf, size, "%04d-%02d", (int)y, (int)m);
		return;
	case VIPCARE_PERIOD_QUARTER:
		snprintf(buf, size, "%04d-Q%d", (int)y, (int)((m - 1) / 3 + 1));
		return;
	default:
		snprintf(buf, size, "%04d", (int)y);
		return;
	}
}

/* anchor + k periods, counted from the anchor (31 Jan -> 29 Feb -> 31 Mar). */
static int32_t advance(int32_t anchor, int period, int32_t k)
{
	int32_t out = VIPCARE_DATE_NONE;

	switch (period) {
	case VIPCARE_PERIOD_DAY:
		return anchor + k;
	case VIPCARE_PERIOD_WEEK:
		return anchor + 7 * k;
	case VIPCARE_PERIOD_MONTH:
		vipcare_date_add_months(&out, anchor, k);
		return out;
	case VIPCARE_PERIOD_QUARTER:
		vipcare_date_add_months(&out, anchor, 3 * k);
		return out;
	default:
		vipcare_date_add_months(&out, anchor, 12 * k);
		return out;
	}
}

/* The latest reached advisor_contact record dated in (after, until]. */
static int32_t last_reached(const struct context *x, int32_t after, int32_t until)
{
	const struct vipcare_engine *e = x->e;
	int32_t best = VIPCARE_DATE_NONE;
	uint32_t i;

	if (x->cust >= e->care_last_count)
		return best;
	for (i = e->care_last[x->cust]; i != VIPCARE__NONE;) {
		const struct vipcare__care_record *r = vipcare__blocks_at(&e->care_records, i);

		if (r->kind == VIPCARE_CARE_ADVISOR_CONTACT && r->outcome == VIPCARE_OUTCOME_REACHED &&
		    r->date > after && r->date <= until && (best == VIPCARE_DATE_NONE || r->date > best))
			best = r->date;
		i = r->prev;
	}
	return best;
}

/* The earliest reached advisor_contact record dated in (after, until]. */
static int32_t next_reached(const struct context *x, int32_t after, int32_t until)
{
	const struct vipcare_engine *e = x->e;
	int32_t best = VIPCARE_DATE_NONE;
	uint32_t i;

	if (x->cust >= e->care_last_count)
		return best;
	for (i = e->care_last[x->cust]; i != VIPCARE__NONE;) {
		const struct vipcare__care_record *r = vipcare__blocks_at(&e->care_records, i);

		if (r->kind == VIPCARE_CARE_ADVISOR_CONTACT && r->outcome == VIPCARE_OUTCOME_REACHED &&
		    r->date > after && r->date <= until && (best == VIPCARE_DATE_NONE || r->date < best))
			best = r->date;
		i = r->prev;
	}
	return best;
}

/* The items of one anchor's series due in [x->first, min(limit, x->last)]. */
static void advisor_series(struct context *x, int period, int32_t anchor, int32_t limit)
{
	char label[VIPCARE_OCCASION_MAX + 1];
	int32_t due, n;

	for (n = 1;; n++) {
		due = advance(anchor, period, n);
		if (due == VIPCARE_DATE_NONE || due > limit || due > x->last)
			break;
		if (due < x->first)
			continue;
		if (!wanted(x, VIPCARE_CARE_ADVISOR_CONTACT, due))
			continue;
		period_label(label, sizeof(label), period, due);
		offer(x, VIPCARE_CARE_ADVISOR_CONTACT, due, label);
	}
}

/*
 * The agenda lists each stretch's series from its latest reached contact
 * (what is still owed). The KPIs count every item as it fell due: the
 * series from the stretch's start, restarted at each reached contact, an
 * item due on the day of a contact included before the restart.
 */
static void advisor_items(struct context *x)
{
	const struct vipcare_policy *p = &x->e->policy;
	long k;

	for (k = 0; k < x->stretches; k++) {
		int32_t start = x->history[2 * k];
		int32_t end = k + 1 < x->stretches ? x->history[2 * (k + 1)] - 1 : x->last;
		int period = p->advisor_period[x->history[2 * k + 1]];
		int32_t anchor, reached;

		if (period < 0 || end < x->first)
			continue;
		if (x->tally != NULL) {
			for (anchor = start;; anchor = reached) {
				reached = next_reached(x, anchor, end);
				advisor_series(x, period, anchor, reached != VIPCARE_DATE_NONE ? reached : end);
				if (reached == VIPCARE_DATE_NONE)
					break;
			}
			continue;
		}
		reached = last_reached(x, start, end);
		anchor = reached != VIPCARE_DATE_NONE ? reached : start;
		advisor_series(x, period, anchor, end);
	}
}

static void customer_items(struct context *x)
{
	const struct vipcare_policy *p = &x->e->policy;
	int32_t joined = vipcare__effective_joined(x->c);
	int32_t lapse = (int32_t)p->settings[VIPCARE_SETTING_LAPSE_DAYS];
	int32_t first_sale = x->sum.first_sale, y;
	char text[VIPCARE_OCCASION_MAX + 1];
	long k;

	/* a lapse after each sale date with no sale in the lapse days after it */
	for (k = 0; k < x->sum.lapses; k++) {
		int32_t at = x->sum.lapse_dates[k];

		if (at + lapse < x->first)
			continue;
		if (at + lapse > x->last)
			break;
		if (!wanted(x, VIPCARE_CARE_LAPSE, at + lapse))
			continue;
		date_text(text, at);
		offer(x, VIPCARE_CARE_LAPSE, at + lapse, text);
	}
	if (first_sale != VIPCARE_DATE_NONE) {
		int32_t followup = first_sale + p->care[VIPCARE_CARE_FOLLOWUP_3D].days;

		if (wanted(x, VIPCARE_CARE_WELCOME, first_sale))
			offer(x, VIPCARE_CARE_WELCOME, first_sale, "once");
		if (wanted(x, VIPCARE_CARE_FOLLOWUP_3D, followup))
			offer(x, VIPCARE_CARE_FOLLOWUP_3D, followup, "once");
	}
	if (x->c->birthday_month != 0) {
		/* a birthday early in the next year is due late in this one */
		for (y = x->first_year; y <= x->last_year + 1; y++) {
			int32_t due = x->birthday_due != NULL ?
					      x->birthday_due[y - x->first_year][x->c->birthday_month * 32 +
										 x->c->birthday_day] :
					      vipcare__birthday_in(y, x->c->birthday_month, x->c->birthday_day) -
						      p->care[VIPCARE_CARE_BIRTHDAY].days;

			if (due >= joined && wanted(x, VIPCARE_CARE_BIRTHDAY, due)) {
				snprintf(text, sizeof(text), "%04d", (int)y);
				offer(x, VIPCARE_CARE_BIRTHDAY, due, text);
			}
		}
	}
	advisor_items(x);
	for (k = 0; k < x->stretches; k++) {
		int32_t start = x->history[2 * k];
		int tier = x->history[2 * k + 1];

		if ((k == 0 && tier == 0) || !wanted(x, VIPCARE_CARE_TIER_CHANGE, start))
			continue;
		date_text(text, start);
		snprintf(text + 10, sizeof(text) - 10, ":%s", p->tiers[tier].name);
		offer(x, VIPCARE_CARE_TIER_CHANGE, start, text);
	}
}

/* due date, tier (highest first), kind, customer id, occasion */
static int item_order(const void *pa, const void *pb)
{
	const struct item *a = pa, *b = pb;
	int c;

	if (a->due != b->due)
		return a->due < b->due ? -1 : 1;
	if (a->tier != b->tier)
		return a->tier > b->tier ? -1 : 1;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (a->cust != b->cust && (c = strcmp(a->customer, b->customer)) != 0)
		return c;
	return strcmp(a->occasion, b->occasion);
}

/*
 * One pass over every member for the items due in [first, last]: listed
 * into @a, or counted into @tally.
 */
static int care_pass(struct vipcare_engine *e, int32_t first, int32_t last,
		     struct vipcare_agenda *a, struct vipcare__care_tally *tally)
{
	struct context x;
	int32_t birthday_due[BIRTHDAY_YEARS][13 * 32];
	size_t i;

	memset(&x, 0, sizeof(x));
	x.e = e;
	x.a = a;
	x.tally = tally;
	x.first = first;
	x.last = last;
	{
		int32_t m, d;

		vipcare__civil_from_days(x.first, &x.first_year, &m, &d);
		vipcare__civil_from_days(x.last, &x.last_year, &m, &d);
	}
	if (x.last_year + 1 - x.first_year < BIRTHDAY_YEARS) {
		int32_t y, m, d;

		x.birthday_due = birthday_due;
		for (y = x.first_year; y <= x.last_year + 1; y++)
			for (m = 1; m <= 12; m++)
				for (d = 1; d <= 31; d++)
					birthday_due[y - x.first_year][m * 32 + d] =
						vipcare__birthday_in(y, (int)m, (int)d) -
						e->policy.care[VIPCARE_CARE_BIRTHDAY].days;
	}
	x.rc = vipcare__summaries_prepare(e);
	for (i = 0; i < e->customers.count && x.rc == VIPCARE_OK; i++) {
		x.cust = (uint32_t)i;
		x.c = vipcare__cust_at(e, x.cust);
		x.has_records = x.cust < e->care_last_count && e->care_last[x.cust] != VIPCARE__NONE;
		x.rc = vipcare__summary(e, x.cust, &x.sum);
		if (x.rc != VIPCARE_OK)
			break;
		/* the history as of the range's end: the stretches that start by then */
		x.history = x.sum.history;
		x.stretches = 0;
		while (x.stretches < x.sum.stretches && x.history[2 * x.stretches] <= last)
			x.stretches++;
		if (x.stretches > 0)
			customer_items(&x);
	}
	vipcare__summaries_trim(e);
	return x.rc;
}

int vipcare__care_tally(struct vipcare_engine *e, int32_t from, int32_t to,
			struct vipcare__care_tally *tally)
{
	memset(tally, 0, sizeof(*tally));
	return care_pass(e, from, to, NULL, tally);
}

VIPCARE_API int vipcare_agenda_new(struct vipcare_agenda **out, struct vipcare_engine *e,
				   int32_t from, int32_t to)
{
	struct vipcare_agenda *a;
	int rc;

	if (out == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	*out = NULL;
	if (e == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	if (from < VIPCARE_DATE_MIN || to > VIPCARE_DATE_MAX)
		return vipcare__fail(e->last_error, VIPCARE_E_DATE,
				     "agenda dates must be within 1900-01-01 .. 9999-12-31");
	if (to < from)
		return vipcare__fail(e->last_error, VIPCARE_E_INVALID_ARGUMENT,
				     "the agenda's last day is before its first");
	a = vipcare__mem_calloc(&e->mem, 1, sizeof(*a));
	if (a == NULL)
		return vipcare__fail(e->last_error, VIPCARE_E_NO_MEMORY, "no memory for an agenda");
	rc = care_pass(e, from - (int32_t)e->policy.settings[VIPCARE_SETTING_OVERDUE_DAYS], to, a,
		       NULL);
	if (rc != VIPCARE_OK) {
		vipcare__mem_free(&e->mem, a->items, a->capacity * sizeof(*a->items));
		vipcare__mem_free(&e->mem, a, sizeof(*a));
		return vipcare__fail(e->last_error, rc, "no memory for the agenda's items");
	}
	if (a->count > 1)
		qsort(a->items, a->count, sizeof(*a->items), item_order);
	a->refcount = 1;
	a->engine = vipcare_engine_ref(e);
	*out = a;
	return VIPCARE_OK;
}

VIPCARE_API struct vipcare_agenda *vipcare_agenda_ref(struct vipcare_agenda *a)
{
	if (a != NULL)
		a->refcount++;
	return a;
}

VIPCARE_API struct vipcare_agenda *vipcare_agenda_unref(struct vipcare_agenda *a)
{
	struct vipcare_engine *e;

	if (a == NULL || --a->refcount > 0)
		return NULL;
	e = a->engine;
	vipcare__mem_free(&e->mem, a->items, a->capacity * sizeof(*a->items));
	vipcare__mem_free(&e->mem, a, sizeof(*a));
	vipcare_engine_unref(e);
	return NULL;
}

static const struct item *item_at(const struct vipcare_agenda *a, size_t index)
{
	return a == NULL || index >= a->count ? NULL : &a->items[index];
}

VIPCARE_API size_t vipcare_agenda_count(const struct vipcare_agenda *a)
{
	return a == NULL ? 0 : a->count;
}

VIPCARE_API int32_t vipcare_agenda_due(const struct vipcare_agenda *a, size_t index)
{
	const struct item *it = item_at(a, index);

	return it == NULL ? VIPCARE_DATE_NONE : it->due;
}

VIPCARE_API const char *vipcare_agenda_customer(const struct vipcare_agenda *a, size_t index)
{
	const struct item *it = item_at(a, index);

	return it == NULL ? NULL : it->customer;
}

VIPCARE_API int vipcare_agenda_kind(const struct vipcare_agenda *a, size_t index)
{
	const struct item *it = item_at(a, index);

	return it == NULL ? VIPCARE_E_INVALID_ARGUMENT : it->kind;
}

VIPCARE_API const char *vipcare_agenda_occasion(const struct vipcare_agenda *a, size_t index)
{
	const struct item *it = item_at(a, index);

	return it == NULL ? NULL : it->occasion;
}

VIPCARE_API int vipcare_agenda_tier(const struct vipcare_agenda *a, size_t index)
{
	const struct item *it = item_at(a, index);

	return it == NULL ? VIPCARE_E_INVALID_ARGUMENT : it->tier;
}

VIPCARE_API int vipcare_agenda_channel(const struct vipcare_agenda *a, size_t index)
{
	const struct item *it = item_at(a, index);

	return it == NULL ? -1 : it->channel;
}

VIPCARE_API const char *vipcare_agenda_advisor(const struct vipcare_agenda *a, size_t index)
{
	const struct item *it = item_at(a, index);

	if (it == NULL)
		return NULL;
	return vipcare__interned_str(&a->engine->pool, &a->engine->advisors,
				     vipcare__cust_at(a->engine, it->cust)->advisor);
}

VIPCARE_API size_t vipcare_agenda_suppressed(const struct vipcare_agenda *a, int kind)
{
	if (a == NULL || kind < 0 || kind >= VIPCARE_CARE_KINDS)
		return 0;
	return a->suppressed[kind];
}
