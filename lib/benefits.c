/*
 * libvipcare — benefits at the till (DESIGN §5): the decision for one
 * benefit, the checkout screen and redemptions.
 *
 * A decision needs the customer's tier on the date (scoring, see
 * score.c), the customer's birthday or first sale for the window, and the
 * uses already recorded in the quota's current period, which are read
 * from the customer's own chain of redemptions.
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>
#include <string.h>

#include "durability-private.h"

struct decision {
	char benefit[VIPCARE_BENEFIT_ID_MAX + 1];
	int reason;
	int32_t left;       /* -1: unlimited */
	int32_t period_end; /* VIPCARE_DATE_NONE: none */
};

struct vipcare_checkout {
	int refcount;
	char customer[VIPCARE_ID_MAX + 1];
	char tier_name[VIPCARE_TIER_NAME_MAX + 1];
	int64_t at;
	int tier; /* -1: unknown customer */
	int replayed;
	size_t count;
	struct decision decisions[VIPCARE_BENEFITS_MAX];
};

static const char *const reason_names[] = {
	"ok", "unknown_customer", "unknown_benefit", "tier_too_low",
	"unknown_birthday", "outside_window", "quota_exhausted", "insufficient_points",
};

VIPCARE_API const char *vipcare_reason_name(int reason)
{
	if (reason < 0 || reason > VIPCARE_REASON_INSUFFICIENT_POINTS)
		return NULL;
	return reason_names[reason];
}

/* What a decision needs to know of the customer on the date. */
struct situation {
	uint32_t cust; /* VIPCARE__NONE: unknown */
	int32_t date;
	int tier;
	int32_t first_sale;
};

/* The first and last day of the quota period containing @date. */
static void period_bounds(int period, int32_t date, int32_t *start, int32_t *end)
{
	int32_t y, m, d, first_month;

	vipcare__civil_from_days(date, &y, &m, &d);
	switch (period) {
	case VIPCARE_PERIOD_DAY:
		*start = *end = date;
		return;
	case VIPCARE_PERIOD_WEEK:
		*start = date - (vipcare_date_weekday(date) - 1);
		*end = *start + 6;
		return;
	case VIPCARE_PERIOD_MONTH:
		*start = vipcare__days_from_civil(y, m, 1);
		*end = *start + vipcare__month_days(y, m) - 1;
		return;
	case VIPCARE_PERIOD_QUARTER:
		first_month = (m - 1) / 3 * 3 + 1;
		*start = vipcare__days_from_civil(y, first_month, 1);
		*end = vipcare__days_from_civil(y, first_month + 2, vipcare__month_days(y, first_month + 2));
		return;
	case VIPCARE_PERIOD_YEAR:
		*start = vipcare__days_from_civil(y, 1, 1);
		*end = vipcare__days_from_civil(y, 12, 31);
		return;
	default: /* lifetime */
		*start = INT32_MIN;
		*end = INT32_MAX;
		return;
	}
}

/* Uses of benefit @b recorded for customer @c dated in [start, end]. */
static int64_t used_in(const struct vipcare_engine *e, const struct vipcare__cust *c, uint32_t b,
		       int32_t start, int32_t end)
{
	int64_t used = 0;
	uint32_t i;

	for (i = c->last_redemption; i != VIPCARE__NONE;) {
		const struct vipcare__redemption *r = vipcare__redemption_at(e, i);

		if (r->benefit == b) {
			int32_t date = vipcare__ts_date(r->ts);

			if (date >= start && date <= end)
				used += r->quantity;
		}
		i = r->prev;
	}
	return used;
}

/* The window's reason: VIPCARE_REASON_OK when @date is inside it. */
static int window_reason(const struct vipcare__benefit *b, const struct vipcare__cust *c,
			 const struct situation *s)
{
	int32_t y, m, d, year;

	switch (b->window) {
	case VIPCARE_WINDOW_BIRTHDAY_MONTH:
	case VIPCARE_WINDOW_BIRTHDAY_DAYS:
		if (c->birthday_month == 0)
			return VIPCARE_REASON_UNKNOWN_BIRTHDAY;
		vipcare__civil_from_days(s->date, &y, &m, &d);
		if (b->window == VIPCARE_WINDOW_BIRTHDAY_MONTH)
			return m == c->birthday_month ? VIPCARE_REASON_OK : VIPCARE_REASON_OUTSIDE_WINDOW;
		/* the birthdays of the year before, of and after the date */
		for (year = y - 1; year <= y + 1; year++) {
			int32_t bd = vipcare__birthday_in(year, c->birthday_month, c->birthday_day);

			if (s->date >= bd - b->window_days && s->date <= bd + b->window_days)
				return VIPCARE_REASON_OK;
		}
		return VIPCARE_REASON_OUTSIDE_WINDOW;
	case VIPCARE_WINDOW_FIRST_DAYS:
		if (s->first_sale == VIPCARE_DATE_NONE || s->date > s->first_sale + b->window_days - 1)
			return VIPCARE_REASON_OUTSIDE_WINDOW;
		return VIPCARE_REASON_OK;
	default:
		return VIPCARE_REASON_OK;
	}
}

/* Decides benefit @b (an index of the engine's policy) for @s into @out. */
static void decide(const struct vipcare_engine *e, uint32_t b, const struct situation *s,
		   struct decision *out)
{
	const struct vipcare__benefit *ben = &e->policy.benefits[b];
	const struct vipcare__cust *c;
	const struct vipcare__quota *q;
	int32_t start, end;
	int64_t used;

	strcpy(out->benefit, ben->id);
	out->left = 0;
	out->period_end = VIPCARE_DATE_NONE;
	if (s->cust == VIPCARE__NONE) {
		out->reason = VIPCARE_REASON_UNKNOWN_CUSTOMER;
		return;
	}
	if (s->tier < ben->min_tier) {
		out->reason = VIPCARE_REASON_TIER_TOO_LOW;
		return;
	}
	c = vipcare__cust_at(e, s->cust);
	q = &ben->quota[s->tier];
	if (q->period == VIPCARE_PERIOD_UNLIMITED) {
		out->left = -1;
	} else {
		period_bounds(q->period, s->date, &start, &end);
		used = used_in(e, c, b, start, end);
		out->left = used >= q->count ? 0 : (int32_t)(q->count - used);
		if (q->period != VIPCARE_PERIOD_LIFETIME)
			out->period_end = end;
	}
	out->reason = window_reason(ben, c, s);
	if (out->reason == VIPCARE_REASON_OK && out->left == 0)
		out->reason = VIPCARE_REASON_QUOTA_EXHAUSTED;
}

VIPCARE_API int vipcare_checkout_new(struct vipcare_checkout **out)
{
	struct vipcare_checkout *c;

	if (out == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	c = calloc(1, sizeof(*c));
	*out = c;
	if (c == NULL)
		return VIPCARE_E_NO_MEMORY;
	c->refcount = 1;
	c->tier = -1;
	return VIPCARE_OK;
}

VIPCARE_API struct vipcare_checkout *vipcare_checkout_ref(struct vipcare_checkout *c)
{
	if (c != NULL)
		c->refcount++;
	return c;
}

VIPCARE_API struct vipcare_checkout *vipcare_checkout_unref(struct vipcare_checkout *c)
{
	if (c != NULL && --c->refcount == 0)
		free(c);
	return NULL;
}

/*
 * Finds the customer and its tier and first sale on the date of @at, and
 * starts @out for them.
 */
static int situate(struct vipcare_engine *e, const char *customer_id, int64_t at,
		   struct situation *s, struct vipcare_checkout *out)
{
	size_t len = strlen(customer_id);
	int rc;

	if (at < VIPCARE_TIMESTAMP_MIN || at > VIPCARE_TIMESTAMP_MAX)
		return vipcare__fail(e->last_error, VIPCARE_E_TIMESTAMP,
				     "time %lld is outside 1900-01-01T00:00:00 .. 9999-12-31T23:59:59",
				     (long long)at);
	s->date = vipcare__ts_date(at);
	s->cust = len == 0 || len > VIPCARE_ID_MAX ? VIPCARE__NONE
						      : vipcare__engine_find_customer(e, customer_id, len);
	s->tier = -1;
	s->first_sale = VIPCARE_DATE_NONE;
	out->count = 0;
	out->at = at;
	out->replayed = 0;
	out->tier = -1;
	out->tier_name[0] = '\0';
	if (len <= VIPCARE_ID_MAX)
		memcpy(out->customer, customer_id, len + 1);
	else
		out->customer[0] = '\0';
	if (s->cust == VIPCARE__NONE)
		return VIPCARE_OK;
	rc = vipcare__tier_on(e, s->cust, s->date, &s->tier, &s->first_sale);
	if (rc != VIPCARE_OK)
		return vipcare__fail(e->last_error, rc, "no memory to score the customer");
	out->tier = s->tier;
	strcpy(out->tier_name, e->policy.tiers[s->tier].name);
	return VIPCARE_OK;
}

VIPCARE_API int vipcare_engine_checkout(struct vipcare_engine *e, const char *customer_id, int64_t at,
					struct vipcare_checkout *out)
{
	struct situation s;
	int i, rc;

	if (e == NULL || customer_id == NULL || out == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	rc = situate(e, customer_id, at, &s, out);
	if (rc != VIPCARE_OK)
		return rc;
	for (i = 0; i < e->policy.benefit_count; i++)
		decide(e, (uint32_t)i, &s, &out->decisions[i]);
	out->count = (size_t)e->policy.benefit_count;
	return VIPCARE_OK;
}

/* The policy index of a benefit id, or VIPCARE__NONE. */
static uint32_t find_benefit(const struct vipcare_engine *e, const char *id)
{
	size_t index;

	if (vipcare_policy_benefit_index(&e->policy, id, &index) != VIPCARE_OK)
		return VIPCARE__NONE;
	return (uint32_t)index;
}

/* Fills @d with an unknown_benefit decision (or unknown_customer first). */
static void undecided(struct decision *d, const char *benefit_id, int reason)
{
	size_t len = strlen(benefit_id);

	if (len > VIPCARE_BENEFIT_ID_MAX)
		len = VIPCARE_BENEFIT_ID_MAX;
	memcpy(d->benefit, benefit_id, len);
	d->benefit[len] = '\0';
	d->reason = reason;
	d->left = 0;
	d->period_end = VIPCARE_DATE_NONE;
}

/* One decision: the customer's, then the benefit's existence come first. */
static void decide_one(const struct vipcare_engine *e, const char *benefit_id,
		       const struct situation *s, struct vipcare_checkout *out)
{
	uint32_t b = find_benefit(e, benefit_id);

	if (s->cust == VIPCARE__NONE)
		undecided(&out->decisions[0], benefit_id, VIPCARE_REASON_UNKNOWN_CUSTOMER);
	else if (b == VIPCARE__NONE)
		undecided(&out->decisions[0], benefit_id, VIPCARE_REASON_UNKNOWN_BENEFIT);
	else
		decide(e, b, s, &out->decisions[0]);
	out->count = 1;
}

VIPCARE_API int vipcare_engine_check_benefit(struct vipcare_engine *e, const char *customer_id,
					     const char *benefit_id, int64_t at,
					     struct vipcare_checkout *out)
{
	struct situation s;
	int rc;

	if (e == NULL || customer_id == NULL || benefit_id == NULL || out == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	rc = situate(e, customer_id, at, &s, out);
	if (rc != VIPCARE_OK)
		return rc;
	decide_one(e, benefit_id, &s, out);
	return VIPCARE_OK;
}

static int redemption_equal(const void *owner, uint32_t index, const char *s, size_t len)
{
	const struct vipcare_engine *e = owner;

	return vipcare__pool_equal(&e->pool, vipcare__redemption_at(e, index)->id, s, len);
}

VIPCARE_API size_t vipcare_engine_redemption_count(const struct vipcare_engine *e)
{
	return e == NULL ? 0 : e->redemptions.count;
}

/* A retried redemption: the same content answers again, other content is a duplicate. */
static int replay(struct vipcare_engine *e, uint32_t index, const char *quoted,
		  const char *customer_id, uint32_t benefit, int64_t at, int32_t quantity,
		  struct vipcare_checkout *out)
{
	const struct vipcare__redemption *r = vipcare__redemption_at(e, index);
	const struct vipcare__cust *c = vipcare__cust_at(e, r->customer);
	struct vipcare_checkout scratch;
	struct situation s;
	int rc;

	if (strcmp(vipcare__pool_str(&e->pool, c->id), customer_id) != 0 || r->benefit != benefit ||
	    r->ts != at || r->quantity != quantity)
		return vipcare__fail(e->last_error, VIPCARE_E_DUPLICATE,
				     "redemption %s was recorded with other content; this one is refused",
				     quoted);
	if (out == NULL)
		out = &scratch;
	rc = situate(e, customer_id, at, &s, out);
	if (rc != VIPCARE_OK)
		return rc;
	decide(e, benefit, &s, &out->decisions[0]);
	out->count = 1;
	out->replayed = 1;
	return VIPCARE_OK;
}

/*
 * Keeps an accepted redemption of customer @cust (@customer_id): its record
 * goes to the journal first, when the engine has one.
 */
static int keep_redemption(struct vipcare_engine *e, const char *redemption_id, uint32_t hash,
			   const char *quoted, uint32_t cust, const char *customer_id,
			   uint32_t benefit, int64_t at, int32_t quantity)
{
	struct vipcare__redemption *r;
	struct vipcare__cust *c;
	uint32_t index, id_ref = 0;
	int rc;

	if (e->redemptions.count >= (size_t)UINT32_MAX - 1)
		return vipcare__fail(e->last_error, VIPCARE_E_LIMIT,
				     "the engine holds its maximum of redemptions");
	rc = vipcare__index_reserve(&e->mem, &e->redemption_index);
	if (rc == VIPCARE_OK)
		rc = vipcare__blocks_reserve(&e->mem, &e->redemptions);
	if (rc == VIPCARE_OK)
		rc = vipcare__pool_add(&e->mem, &e->pool, redemption_id, strlen(redemption_id), &id_ref);
	if (rc != VIPCARE_OK)
		return vipcare__fail(e->last_error, rc, "no room for redemption %s: %s", quoted,
				     vipcare_strerror(rc));
	if (e->journal != NULL &&
	    (rc = vipcare__log_redemption(e, redemption_id, customer_id, e->policy.benefits[benefit].id,
					  at, quantity)) != VIPCARE_OK)
		return rc;
	index = (uint32_t)e->redemptions.count;
	r = vipcare__blocks_push(&e->redemptions);
	c = vipcare__cust_at(e, cust);
	r->ts = at;
	r->id = id_ref;
	r->customer = cust;
	r->prev = c->last_redemption;
	r->quantity = quantity;
	r->benefit = benefit;
	c->last_redemption = index;
	vipcare__index_insert(&e->redemption_index, hash, index);
	e->generation++;
	return VIPCARE_OK;
}

VIPCARE_API int vipcare_engine_redeem(struct vipcare_engine *e, const char *redemption_id,
				      const char *customer_id, const char *benefit_id, int64_t at,
				      int32_t quantity, struct vipcare_checkout *out)
{
	struct vipcare_checkout scratch;
	struct decision *d;
	struct situation s;
	char quoted[64];
	size_t len;
	uint32_t hash, found, benefit;
	int rc;

	if (e == NULL || redemption_id == NULL || customer_id == NULL || benefit_id == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	len = strlen(redemption_id);
	rc = vipcare__check_id(e->last_error, "redemption id", redemption_id, len);
	if (rc != VIPCARE_OK)
		return rc;
	vipcare__quote(quoted, sizeof(quoted), redemption_id, len);
	if (quantity < 1 || quantity > 1000000)
		return vipcare__fail(e->last_error, VIPCARE_E_RANGE,
				     "redemption %s: quantity %ld is not 1..1000000", quoted, (long)quantity);
	if (out == NULL)
		out = &scratch;
	benefit = find_benefit(e, benefit_id);
	hash = vipcare__hash(redemption_id, len);
	found = vipcare__index_find(&e->redemption_index, redemption_equal, e, redemption_id, len, hash);
	if (found != VIPCARE__NONE)
		return replay(e, found, quoted, customer_id, benefit, at, quantity, out);

	rc = situate(e, customer_id, at, &s, out);
	if (rc != VIPCARE_OK)
		return rc;
	decide_one(e, benefit_id, &s, out);
	d = &out->decisions[0];
	if (d->reason == VIPCARE_REASON_OK && d->left >= 0 && quantity > d->left)
		d->reason = VIPCARE_REASON_QUOTA_EXHAUSTED;
	if (d->reason != VIPCARE_REASON_OK)
		return vipcare__fail(e->last_error, VIPCARE_E_REFUSED,
				     "redemption %s of %d refused: %s (%ld left)", quoted, (int)quantity,
				     vipcare_reason_name(d->reason), (long)(d->left < 0 ? 0 : d->left));

	rc = keep_redemption(e, redemption_id, hash, quoted, s.cust, customer_id, benefit, at,
			     quantity);
	if (rc != VIPCARE_OK)
		return rc;
	if (d->left > 0)
		d->left -= quantity;
	return VIPCARE_OK;
}

int vipcare__redemption_restore(struct vipcare_engine *e, const char *redemption_id,
				const char *customer_id, const char *benefit_id, int64_t at,
				int32_t quantity)
{
	char quoted[64], benefit_quoted[64];
	size_t len = strlen(redemption_id);
	uint32_t hash, cust, benefit;
	int rc = vipcare__check_id(e->last_error, "redemption id", redemption_id, len);

	if (rc != VIPCARE_OK)
		return rc;
	vipcare__quote(quoted, sizeof(quoted), redemption_id, len);
	if (quantity < 1 || quantity > 1000000)
		return vipcare__fail(e->last_error, VIPCARE_E_RANGE,
				     "redemption %s: quantity %ld is not 1..1000000", quoted, (long)quantity);
	if (at < VIPCARE_TIMESTAMP_MIN || at > VIPCARE_TIMESTAMP_MAX)
		return vipcare__fail(e->last_error, VIPCARE_E_TIMESTAMP,
				     "redemption %s: time %lld is outside 1900-01-01T00:00:00 .. 9999-12-31T23:59:59",
				     quoted, (long long)at);
	cust = vipcare__known_customer(e, customer_id);
	if (cust == VIPCARE__NONE)
		return VIPCARE_E_UNKNOWN_CUSTOMER;
	benefit = find_benefit(e, benefit_id);
	if (benefit == VIPCARE__NONE) {
		vipcare__quote(benefit_quoted, sizeof(benefit_quoted), benefit_id, strlen(benefit_id));
		return vipcare__fail(e->last_error, VIPCARE_E_MISMATCH,
				     "redemption %s: benefit %s is not in the engine's policy", quoted,
				     benefit_quoted);
	}
	hash = vipcare__hash(redemption_id, len);
	if (vipcare__index_find(&e->redemption_index, redemption_equal, e, redemption_id, len, hash) !=
	    VIPCARE__NONE)
		return vipcare__fail(e->last_error, VIPCARE_E_DUPLICATE,
				     "redemption %s was recorded already", quoted);
	return keep_redemption(e, redemption_id, hash, quoted, cust, customer_id, benefit, at,
			       quantity);
}

VIPCARE_API size_t vipcare_checkout_count(const struct vipcare_checkout *c)
{
	return c == NULL ? 0 : c->count;
}

VIPCARE_API const char *vipcare_checkout_customer(const struct vipcare_checkout *c)
{
	return c == NULL ? "" : c->customer;
}

VIPCARE_API int64_t vipcare_checkout_at(const struct vipcare_checkout *c)
{
	return c == NULL ? 0 : c->at;
}

VIPCARE_API int vipcare_checkout_tier(const struct vipcare_checkout *c)
{
	return c == NULL ? -1 : c->tier;
}

VIPCARE_API const char *vipcare_checkout_tier_name(const struct vipcare_checkout *c)
{
	return c == NULL || c->tier < 0 ? NULL : c->tier_name;
}

VIPCARE_API int vipcare_checkout_replayed(const struct vipcare_checkout *c)
{
	return c == NULL ? 0 : c->replayed;
}

static const struct decision *decision_at(const struct vipcare_checkout *c, size_t index)
{
	return c == NULL || index >= c->count ? NULL : &c->decisions[index];
}

VIPCARE_API const char *vipcare_checkout_benefit(const struct vipcare_checkout *c, size_t index)
{
	const struct decision *d = decision_at(c, index);

	return d == NULL ? NULL : d->benefit;
}

VIPCARE_API int vipcare_checkout_eligible(const struct vipcare_checkout *c, size_t index)
{
	const struct decision *d = decision_at(c, index);

	return d == NULL ? VIPCARE_E_INVALID_ARGUMENT : d->reason == VIPCARE_REASON_OK;
}

VIPCARE_API int vipcare_checkout_reason(const struct vipcare_checkout *c, size_t index)
{
	const struct decision *d = decision_at(c, index);

	return d == NULL ? VIPCARE_E_INVALID_ARGUMENT : d->reason;
}

VIPCARE_API int32_t vipcare_checkout_left(const struct vipcare_checkout *c, size_t index)
{
	const struct decision *d = decision_at(c, index);

	return d == NULL ? -1 : d->left;
}

VIPCARE_API int32_t vipcare_checkout_period_end(const struct vipcare_checkout *c, size_t index)
{
	const struct decision *d = decision_at(c, index);

	return d == NULL ? VIPCARE_DATE_NONE : d->period_end;
}
