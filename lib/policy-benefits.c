/*
 * libvipcare — the benefits of a policy: the defaults, setters and
 * getters, their part of the whole-policy check and of equality. The
 * [benefit.ID] sections of the policy file are read in policy-file.c and
 * written in policy-write.c; checks at the till are in benefits.c.
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"

static const char *const period_names[] = {
	"day", "week", "month", "quarter", "year", "lifetime", "unlimited",
};

#define PERIOD_COUNT ((int)(sizeof(period_names) / sizeof(period_names[0])))

VIPCARE_API const char *vipcare_period_name(int period)
{
	return period >= 0 && period < PERIOD_COUNT ? period_names[period] : NULL;
}

int vipcare__benefit_id_ok(const char *id, size_t len)
{
	size_t i;

	if (len < 1 || len > VIPCARE_BENEFIT_ID_MAX)
		return 0;
	for (i = 0; i < len; i++) {
		char c = id[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '.' || c == '-'))
			return 0;
	}
	return 1;
}

/* ------------------------------------------------------------------ */
/* The default benefits (DESIGN §8), for the default tiers             */
/* ------------------------------------------------------------------ */

struct default_benefit {
	const char *id;
	const char *name;
	int min_tier;
	int window;
	int32_t window_days;
	/*
	 * by rank of member, gold, platinum, diamond: uses per period, 0 for
	 * no quota (an unlimited quota is marked 1)
	 */
	int period;
	int32_t count[4];
};

static const struct default_benefit default_benefits[] = {
	{ "birthday_coupon", "Birthday coupon", 1, VIPCARE_WINDOW_BIRTHDAY_MONTH, 0,
	  VIPCARE_PERIOD_YEAR, { 0, 1, 1, 1 } },
	{ "free_parking_hours", "Free parking (hours)", 1, VIPCARE_WINDOW_ALWAYS, 0,
	  VIPCARE_PERIOD_DAY, { 0, 2, 3, 5 } },
	{ "priority_checkout", "Priority checkout", 2, VIPCARE_WINDOW_ALWAYS, 0,
	  VIPCARE_PERIOD_UNLIMITED, { 0, 0, 1, 1 } },
	{ "dedicated_advisor", "Dedicated advisor", 3, VIPCARE_WINDOW_ALWAYS, 0,
	  VIPCARE_PERIOD_UNLIMITED, { 0, 0, 0, 1 } },
	{ "vip_event_invite", "VIP event invitation", 2, VIPCARE_WINDOW_ALWAYS, 0,
	  VIPCARE_PERIOD_QUARTER, { 0, 0, 1, 1 } },
	{ "welcome_gift", "Welcome gift", 0, VIPCARE_WINDOW_FIRST_DAYS, 30,
	  VIPCARE_PERIOD_LIFETIME, { 1, 1, 1, 1 } },
};

#define DEFAULT_COUNT ((int)(sizeof(default_benefits) / sizeof(default_benefits[0])))

void vipcare__benefits_set_default(struct vipcare_policy *p)
{
	int i, r;

	memset(p->benefits, 0, sizeof(p->benefits));
	for (i = 0; i < DEFAULT_COUNT; i++) {
		const struct default_benefit *d = &default_benefits[i];
		struct vipcare__benefit *b = &p->benefits[i];

		strcpy(b->id, d->id);
		strcpy(b->name, d->name);
		b->min_tier = d->min_tier;
		b->window = d->window;
		b->window_days = d->window_days;
		b->is_default = 1;
		for (r = 0; r < 4; r++) {
			if (d->count[r] == 0)
				continue;
			b->quota[r].set = 1;
			b->quota[r].period = (int8_t)d->period;
			b->quota[r].count = d->period == VIPCARE_PERIOD_UNLIMITED ? 0 : d->count[r];
		}
	}
	p->benefit_count = DEFAULT_COUNT;
}

/* ------------------------------------------------------------------ */
/* Tier list changes, equality, the whole-policy check                 */
/* ------------------------------------------------------------------ */

void vipcare__benefits_retier(struct vipcare_policy *p, const int *old_rank, int count)
{
	struct vipcare__quota quota[VIPCARE_TIERS_MAX];
	int i, r, min;

	for (i = 0; i < p->benefit_count && i < VIPCARE_BENEFITS_MAX; i++) {
		struct vipcare__benefit *b = &p->benefits[i];

		memset(quota, 0, sizeof(quota));
		min = -1;
		for (r = 0; r < count && r < VIPCARE_TIERS_MAX; r++) {
			if (old_rank[r] < 0 || old_rank[r] >= VIPCARE_TIERS_MAX)
				continue;
			quota[r] = b->quota[old_rank[r]];
			if (old_rank[r] == b->min_tier)
				min = r;
		}
		memcpy(b->quota, quota, sizeof(quota));
		b->min_tier = min;
	}
}

static int quota_equal(const struct vipcare__quota *a, const struct vipcare__quota *b)
{
	if (a->set != b->set)
		return 0;
	return !a->set || (a->period == b->period && a->count == b->count);
}

/*
 * Quotas of the tiers below min_tier are never used (such a customer is
 * refused before the quota is looked at), so they are not compared: a
 * policy file's `quota` sets them, and that must not tell two policies
 * with the same rules apart.
 */
int vipcare__benefits_equal(const struct vipcare_policy *a, const struct vipcare_policy *b)
{
	int i, r;

	if (a->benefit_count != b->benefit_count)
		return 0;
	for (i = 0; i < a->benefit_count && i < VIPCARE_BENEFITS_MAX; i++) {
		const struct vipcare__benefit *x = &a->benefits[i], *y = &b->benefits[i];
		int from = x->min_tier > 0 ? x->min_tier : 0;

		if (strcmp(x->id, y->id) != 0 || strcmp(x->name, y->name) != 0 ||
		    x->min_tier != y->min_tier || x->window != y->window ||
		    x->window_days != y->window_days || x->is_default != y->is_default)
			return 0;
		for (r = from; r < a->tier_count && r < VIPCARE_TIERS_MAX; r++)
			if (!quota_equal(&x->quota[r], &y->quota[r]))
				return 0;
	}
	return 1;
}

static void blame(struct vipcare__benefit_fault *fault, int benefit, int rank, int kind)
{
	if (fault == NULL)
		return;
	fault->benefit = benefit;
	fault->rank = rank;
	fault->kind = kind;
}

static int quota_ok(const struct vipcare__quota *q)
{
	if (q->period < 0 || q->period >= PERIOD_COUNT)
		return 0;
	if (q->period == VIPCARE_PERIOD_UNLIMITED)
		return q->count == 0;
	return q->count >= 1 && q->count <= VIPCARE__QUOTA_MAX;
}

static int window_ok(int window, int32_t days)
{
	switch (window) {
	case VIPCARE_WINDOW_ALWAYS:
	case VIPCARE_WINDOW_BIRTHDAY_MONTH:
		return days == 0;
	case VIPCARE_WINDOW_BIRTHDAY_DAYS:
		return days >= 0 && days <= VIPCARE__BIRTHDAY_DAYS_MAX;
	case VIPCARE_WINDOW_FIRST_DAYS:
		return days >= 1 && days <= VIPCARE__FIRST_DAYS_MAX;
	default:
		return 0;
	}
}

/*
 * Benefits are checked in the policy's order, each whole before the next,
 * so the message is about the first benefit that breaks a rule.
 */
int vipcare__policy_check_benefits(const struct vipcare_policy *p, char *msg,
				   struct vipcare__benefit_fault *fault)
{
	char text[VIPCARE__MSG_SIZE / 2];
	int i, j, r, status;

	blame(fault, -1, -1, VIPCARE__BENEFIT_FAULT_OTHER);
	if (p->benefit_count < 0 || p->benefit_count > VIPCARE_BENEFITS_MAX)
		return vipcare__fail(msg, VIPCARE_E_POLICY_INVALID,
				     "the policy has %d benefits; 0..%d expected", p->benefit_count,
				     VIPCARE_BENEFITS_MAX);
	for (i = 0; i < p->benefit_count; i++) {
		const struct vipcare__benefit *b = &p->benefits[i];
		const char *end = memchr(b->id, '\0', sizeof(b->id));
		size_t len = end != NULL ? (size_t)(end - b->id) : sizeof(b->id);
		char what[VIPCARE_BENEFIT_ID_MAX + 32];

		blame(fault, i, -1, VIPCARE__BENEFIT_FAULT_OTHER);
		if (!vipcare__benefit_id_ok(b->id, len)) {
			vipcare__quote(text, sizeof(text), b->id, len);
			return vipcare__fail(msg, VIPCARE_E_POLICY_INVALID,
					     "benefit id %s is not valid; [A-Za-z0-9_.-]{1,64} expected",
					     text);
		}
		for (j = 0; j < i; j++)
			if (strcmp(p->benefits[j].id, b->id) == 0)
				return vipcare__fail(msg, VIPCARE_E_POLICY_INVALID,
						     "benefit \"%s\" is listed twice (%d and %d)", b->id,
						     j, i);
		if (memchr(b->name, '\0', sizeof(b->name)) == NULL)
			return vipcare__fail(msg, VIPCARE_E_POLICY_INVALID,
					     "benefit \"%s\": the name is too long", b->id);
		snprintf(what, sizeof(what), "benefit \"%s\": the name", b->id);
		status = vipcare__check_name(msg, what, b->name, VIPCARE_BENEFIT_NAME_MAX);
		if (status != VIPCARE_OK)
			return VIPCARE_E_POLICY_INVALID;
		blame(fault, i, -1, VIPCARE__BENEFIT_FAULT_MIN_TIER);
		if (b->min_tier < 0 || b->min_tier >= p->tier_count) {
			vipcare__tier_list(text, sizeof(text), p);
			return vipcare__fail(msg, VIPCARE_E_POLICY_INVALID,
					     "benefit \"%s\" has no min_tier: its tier is no longer "
					     "listed; one of the tiers (%s) expected",
					     b->id, text);
		}
		blame(fault, i, -1, VIPCARE__BENEFIT_FAULT_OTHER);
		if (!window_ok(b->window, b->window_days))
			return vipcare__fail(msg, VIPCARE_E_POLICY_INVALID,
					     "benefit \"%s\" has window %d with N %ld; always, "
					     "birthday_month, birthday±N (N 0..366) or first_N_days "
					     "(N 1..36525) expected",
					     b->id, b->window, (long)b->window_days);
		for (r = b->min_tier; r < p->tier_count && r < VIPCARE_TIERS_MAX; r++) {
			const struct vipcare__quota *q = &b->quota[r];

			blame(fault, i, r, VIPCARE__BENEFIT_FAULT_QUOTA);
			if (!q->set)
				return vipcare__fail(msg, VIPCARE_E_POLICY_INVALID,
						     "benefit \"%s\" needs a quota for tier \"%s\" "
						     "(min_tier is \"%s\")",
						     b->id, p->tiers[r].name,
						     p->tiers[b->min_tier].name);
			blame(fault, i, r, VIPCARE__BENEFIT_FAULT_OTHER);
			if (!quota_ok(q))
				return vipcare__fail(msg, VIPCARE_E_POLICY_INVALID,
						     "benefit \"%s\": the quota of tier \"%s\" (%ld per "
						     "period %d) is not valid",
						     b->id, p->tiers[r].name, (long)q->count,
						     (int)q->period);
		}
	}
	blame(fault, -1, -1, VIPCARE__BENEFIT_FAULT_OTHER);
	return VIPCARE_OK;
}

/* ------------------------------------------------------------------ */
/* The API                                                             */
/* ------------------------------------------------------------------ */

static struct vipcare__benefit *benefit_at(struct vipcare_policy *policy, size_t index)
{
	if (index >= (size_t)policy->benefit_count) {
		vipcare__fail(policy->last_error, VIPCARE_E_INVALID_ARGUMENT,
			      "benefit index %zu is out of range (the policy has %d benefits)", index,
			      policy->benefit_count);
		return NULL;
	}
	return &policy->benefits[index];
}

static const struct vipcare__benefit *benefit_of(const struct vipcare_policy *policy, size_t index)
{
	if (policy == NULL || index >= (size_t)policy->benefit_count)
		return NULL;
	return &policy->benefits[index];
}

VIPCARE_API size_t vipcare_policy_benefit_count(const struct vipcare_policy *policy)
{
	return policy != NULL ? (size_t)policy->benefit_count : 0;
}

VIPCARE_API const char *vipcare_policy_benefit_id(const struct vipcare_policy *policy, size_t index)
{
	const struct vipcare__benefit *b = benefit_of(policy, index);

	return b != NULL ? b->id : NULL;
}

VIPCARE_API int vipcare_policy_benefit_index(const struct vipcare_policy *policy, const char *id,
					     size_t *index)
{
	int i;

	if (policy == NULL || id == NULL || index == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	for (i = 0; i < policy->benefit_count; i++) {
		if (strcmp(policy->benefits[i].id, id) == 0) {
			*index = (size_t)i;
			return VIPCARE_OK;
		}
	}
	return VIPCARE_E_RANGE;
}

VIPCARE_API int vipcare_policy_add_benefit(struct vipcare_policy *policy, const char *id,
					   size_t *index)
{
	struct vipcare__benefit *b;
	char quoted[64];
	size_t len;
	int i;

	if (policy == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	if (id == NULL)
		return vipcare__fail(policy->last_error, VIPCARE_E_INVALID_ARGUMENT,
				     "the benefit id is NULL");
	len = strlen(id);
	if (!vipcare__benefit_id_ok(id, len)) {
		vipcare__quote(quoted, sizeof(quoted), id, len);
		return vipcare__fail(policy->last_error, VIPCARE_E_ID,
				     "benefit id %s is not valid; [A-Za-z0-9_.-]{1,64} expected",
				     quoted);
	}
	for (i = 0; i < policy->benefit_count; i++)
		if (strcmp(policy->benefits[i].id, id) == 0)
			return vipcare__fail(policy->last_error, VIPCARE_E_DUPLICATE,
					     "benefit \"%s\" is already in the policy", id);
	if (policy->benefit_count >= VIPCARE_BENEFITS_MAX)
		return vipcare__fail(policy->last_error, VIPCARE_E_LIMIT,
				     "benefit \"%s\": a policy holds at most %d benefits", id,
				     VIPCARE_BENEFITS_MAX);
	b = &policy->benefits[policy->benefit_count];
	memset(b, 0, sizeof(*b));
	memcpy(b->id, id, len + 1);
	/* an id is a valid name: the till shows something until a name is set */
	memcpy(b->name, id, len + 1);
	b->min_tier = 0;
	b->window = VIPCARE_WINDOW_ALWAYS;
	if (index != NULL)
		*index = (size_t)policy->benefit_count;
	policy->benefit_count++;
	return VIPCARE_OK;
}

VIPCARE_API int vipcare_policy_set_benefit_name(struct vipcare_policy *policy, size_t index,
						const char *name)
{
	struct vipcare__benefit *b;
	char what[VIPCARE_BENEFIT_ID_MAX + 32];
	int status;

	if (policy == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	b = benefit_at(policy, index);
	if (b == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	if (name == NULL)
		return vipcare__fail(policy->last_error, VIPCARE_E_INVALID_ARGUMENT,
				     "benefit \"%s\": the name is NULL", b->id);
	snprintf(what, sizeof(what), "benefit \"%s\": the name", b->id);
	status = vipcare__check_name(policy->last_error, what, name, VIPCARE_BENEFIT_NAME_MAX);
	if (status != VIPCARE_OK)
		return status;
	memcpy(b->name, name, strlen(name) + 1);
	return VIPCARE_OK;
}

VIPCARE_API const char *vipcare_policy_benefit_name(const struct vipcare_policy *policy,
						    size_t index)
{
	const struct vipcare__benefit *b = benefit_of(policy, index);

	return b != NULL ? b->name : NULL;
}

VIPCARE_API int vipcare_policy_set_benefit_min_tier(struct vipcare_policy *policy, size_t index,
						    int rank)
{
	struct vipcare__benefit *b;

	if (policy == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	b = benefit_at(policy, index);
	if (b == NULL || !vipcare__tier_rank_ok(policy, rank))
		return VIPCARE_E_INVALID_ARGUMENT;
	b->min_tier = rank;
	return VIPCARE_OK;
}

VIPCARE_API int vipcare_policy_benefit_min_tier(const struct vipcare_policy *policy, size_t index)
{
	const struct vipcare__benefit *b = benefit_of(policy, index);

	if (b == NULL || b->min_tier < 0)
		return VIPCARE_E_INVALID_ARGUMENT;
	return b->min_tier;
}

VIPCARE_API int vipcare_policy_set_benefit_quota(struct vipcare_policy *policy, size_t index,
						 int rank, int period, int32_t count)
{
	struct vipcare__benefit *b;
	struct vipcare__quota q;
	int r;

	if (policy == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	b = benefit_at(policy, index);
	if (b == NULL || (rank != -1 && !vipcare__tier_rank_ok(policy, rank)))
		return VIPCARE_E_INVALID_ARGUMENT;
	if (period < 0 || period >= PERIOD_COUNT)
		return vipcare__fail(policy->last_error, VIPCARE_E_RANGE,
				     "benefit \"%s\": period %d is not a period (0..%d)", b->id,
				     period, PERIOD_COUNT - 1);
	if (period != VIPCARE_PERIOD_UNLIMITED && (count < 1 || count > VIPCARE__QUOTA_MAX))
		return vipcare__fail(policy->last_error, VIPCARE_E_RANGE,
				     "benefit \"%s\": a quota of %ld per %s is outside 1..%d", b->id,
				     (long)count, period_names[period], VIPCARE__QUOTA_MAX);
	q.set = 1;
	q.period = (int8_t)period;
	q.count = period == VIPCARE_PERIOD_UNLIMITED ? 0 : count;
	if (rank >= 0) {
		b->quota[rank] = q;
		return VIPCARE_OK;
	}
	for (r = 0; r < policy->tier_count; r++)
		b->quota[r] = q;
	return VIPCARE_OK;
}

VIPCARE_API int vipcare_policy_benefit_quota(const struct vipcare_policy *policy, size_t index,
					     int rank, int *period, int32_t *count)
{
	const struct vipcare__benefit *b = benefit_of(policy, index);
	const struct vipcare__quota *q;

	if (b == NULL || rank < 0 || rank >= policy->tier_count)
		return VIPCARE_E_INVALID_ARGUMENT;
	q = &b->quota[rank];
	if (period != NULL)
		*period = q->set ? q->period : -1;
	if (count != NULL)
		*count = q->set ? q->count : 0;
	return q->set ? 1 : 0;
}

VIPCARE_API int vipcare_policy_set_benefit_window(struct vipcare_policy *policy, size_t index,
						  int window, int32_t days)
{
	struct vipcare__benefit *b;

	if (policy == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	b = benefit_at(policy, index);
	if (b == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	if (window < VIPCARE_WINDOW_ALWAYS || window > VIPCARE_WINDOW_FIRST_DAYS)
		return vipcare__fail(policy->last_error, VIPCARE_E_RANGE,
				     "benefit \"%s\": window %d is not a window (0..3)", b->id, window);
	if (window == VIPCARE_WINDOW_ALWAYS || window == VIPCARE_WINDOW_BIRTHDAY_MONTH)
		days = 0;
	if (window == VIPCARE_WINDOW_BIRTHDAY_DAYS && (days < 0 || days > VIPCARE__BIRTHDAY_DAYS_MAX))
		return vipcare__fail(policy->last_error, VIPCARE_E_RANGE,
				     "benefit \"%s\": birthday±%ld is outside birthday±0..366", b->id,
				     (long)days);
	if (window == VIPCARE_WINDOW_FIRST_DAYS && (days < 1 || days > VIPCARE__FIRST_DAYS_MAX))
		return vipcare__fail(policy->last_error, VIPCARE_E_RANGE,
				     "benefit \"%s\": first_%ld_days is outside first_1_days.."
				     "first_36525_days",
				     b->id, (long)days);
	b->window = window;
	b->window_days = days;
	return VIPCARE_OK;
}

VIPCARE_API int vipcare_policy_benefit_window(const struct vipcare_policy *policy, size_t index,
					      int32_t *days)
{
	const struct vipcare__benefit *b = benefit_of(policy, index);

	if (b == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	if (days != NULL)
		*days = b->window_days;
	return b->window;
}
