/*
 * libvipcare — the care rules of a policy: the default rule of each care
 * kind and the advisor periods (DESIGN §6), setters and getters, their
 * part of the whole-policy check, of equality and of a tier list change.
 * The [care.KIND] sections of the policy file are read in policy-file.c
 * and written in policy-write.c; the agenda that uses them is elsewhere.
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"

#define FOLLOWUP_DAYS_MAX 36525
#define LEAD_DAYS_MAX 366

static const char *const kind_names[VIPCARE_CARE_KINDS] = {
	"welcome", "followup_3d", "birthday", "lapse", "advisor_contact", "tier_change",
};

VIPCARE_API const char *vipcare_care_kind_name(int kind)
{
	return kind >= 0 && kind < VIPCARE_CARE_KINDS ? kind_names[kind] : NULL;
}

VIPCARE_API int vipcare_care_kind_from_name(const char *name)
{
	int k;

	if (name == NULL)
		return VIPCARE_E_RANGE;
	for (k = 0; k < VIPCARE_CARE_KINDS; k++)
		if (strcmp(name, kind_names[k]) == 0)
			return k;
	return VIPCARE_E_RANGE;
}

/* ------------------------------------------------------------------ */
/* The default care rules (DESIGN §6), for the default tiers           */
/* ------------------------------------------------------------------ */

#define END (-1)

struct default_care {
	int min_tier; /* rank of the default tiers */
	int marketing;
	int32_t days;
	int channels[VIPCARE_CHANNEL_COUNT + 1]; /* ended by END */
};

static const struct default_care default_care[VIPCARE_CARE_KINDS] = {
	[VIPCARE_CARE_WELCOME] = { 0, 0, 0,
				   { VIPCARE_CHANNEL_WECHAT, VIPCARE_CHANNEL_SMS, VIPCARE_CHANNEL_APP,
				     VIPCARE_CHANNEL_EMAIL, END } },
	[VIPCARE_CARE_FOLLOWUP_3D] = { 0, 0, 3,
				       { VIPCARE_CHANNEL_SMS, VIPCARE_CHANNEL_WECHAT,
					 VIPCARE_CHANNEL_PHONE, END } },
	[VIPCARE_CARE_BIRTHDAY] = { 0, 1, 7,
				    { VIPCARE_CHANNEL_WECHAT, VIPCARE_CHANNEL_SMS, VIPCARE_CHANNEL_APP,
				      VIPCARE_CHANNEL_EMAIL, END } },
	[VIPCARE_CARE_LAPSE] = { 1, 1, 0,
				 { VIPCARE_CHANNEL_PHONE, VIPCARE_CHANNEL_WECHAT, VIPCARE_CHANNEL_SMS,
				   END } },
	[VIPCARE_CARE_ADVISOR_CONTACT] = { 0, 0, 0,
					   { VIPCARE_CHANNEL_PHONE, VIPCARE_CHANNEL_WECHAT, END } },
	[VIPCARE_CARE_TIER_CHANGE] = { 0, 0, 0,
				       { VIPCARE_CHANNEL_WECHAT, VIPCARE_CHANNEL_SMS,
					 VIPCARE_CHANNEL_APP, VIPCARE_CHANNEL_EMAIL, END } },
};

void vipcare__care_set_default(struct vipcare_policy *p)
{
	int k, c, r;

	memset(p->care, 0, sizeof(p->care));
	for (k = 0; k < VIPCARE_CARE_KINDS; k++) {
		const struct default_care *d = &default_care[k];
		struct vipcare__care *care = &p->care[k];

		care->enabled = 1;
		care->min_tier = d->min_tier;
		care->marketing = d->marketing;
		care->days = d->days;
		for (c = 0; d->channels[c] != END; c++)
			care->channels[c] = (int8_t)d->channels[c];
		care->channel_count = c;
	}
	/* member, gold, platinum, diamond */
	for (r = 0; r < VIPCARE_TIERS_MAX; r++)
		p->advisor_period[r] = -1;
	p->advisor_period[2] = VIPCARE_PERIOD_QUARTER;
	p->advisor_period[3] = VIPCARE_PERIOD_MONTH;
}

/* ------------------------------------------------------------------ */
/* Tier list changes, equality, the whole-policy check                 */
/* ------------------------------------------------------------------ */

/*
 * Advisor periods follow their tier's name; a new tier has none. A
 * min_tier follows its name too. When its tier leaves the list it cannot
 * be refused the way a benefit's is (a care rule is the staff's duty, not
 * something handed out, and no kind may silently stop): a kind for every
 * member (min_tier the base tier) stays with the new base tier, any other
 * moves to the second tier, as the VIP tier does.
 */
void vipcare__care_retier(struct vipcare_policy *p, const int *old_rank, int count)
{
	int8_t period[VIPCARE_TIERS_MAX];
	int k, r;

	for (r = 0; r < VIPCARE_TIERS_MAX; r++) {
		int old = r < count ? old_rank[r] : -1;

		period[r] = old >= 0 && old < VIPCARE_TIERS_MAX ? p->advisor_period[old] : -1;
	}
	memcpy(p->advisor_period, period, sizeof(period));
	for (k = 0; k < VIPCARE_CARE_KINDS; k++) {
		struct vipcare__care *care = &p->care[k];
		int min = -1;

		for (r = 0; r < count && r < VIPCARE_TIERS_MAX; r++)
			if (old_rank[r] >= 0 && old_rank[r] == care->min_tier)
				min = r;
		if (min < 0)
			min = care->min_tier <= 0 || count < 2 ? 0 : 1;
		care->min_tier = min;
	}
}

int vipcare__care_equal(const struct vipcare_policy *a, const struct vipcare_policy *b)
{
	int k, c, r;

	for (k = 0; k < VIPCARE_CARE_KINDS; k++) {
		const struct vipcare__care *x = &a->care[k], *y = &b->care[k];

		if (x->enabled != y->enabled || x->min_tier != y->min_tier ||
		    x->marketing != y->marketing || x->days != y->days ||
		    x->channel_count != y->channel_count)
			return 0;
		for (c = 0; c < x->channel_count && c < VIPCARE_CHANNEL_COUNT; c++)
			if (x->channels[c] != y->channels[c])
				return 0;
	}
	for (r = 0; r < a->tier_count && r < VIPCARE_TIERS_MAX; r++)
		if (a->advisor_period[r] != b->advisor_period[r])
			return 0;
	return 1;
}

static int days_max(int kind)
{
	if (kind == VIPCARE_CARE_FOLLOWUP_3D)
		return FOLLOWUP_DAYS_MAX;
	if (kind == VIPCARE_CARE_BIRTHDAY)
		return LEAD_DAYS_MAX;
	return 0;
}

/* The care rules are checked in the kinds' order, after the tiers. */
int vipcare__policy_check_care(const struct vipcare_policy *p, char *msg)
{
	int k, c, j, r;

	for (k = 0; k < VIPCARE_CARE_KINDS; k++) {
		const struct vipcare__care *care = &p->care[k];
		const char *name = kind_names[k];

		if ((care->enabled != 0 && care->enabled != 1) ||
		    (care->marketing != 0 && care->marketing != 1))
			return vipcare__fail(msg, VIPCARE_E_POLICY_INVALID,
					     "care \"%s\": enabled %d and marketing %d; 0 or 1 expected",
					     name, care->enabled, care->marketing);
		if (care->min_tier < 0 || care->min_tier >= p->tier_count)
			return vipcare__fail(msg, VIPCARE_E_POLICY_INVALID,
					     "care \"%s\": min_tier rank %d is not a tier rank (0..%d)",
					     name, care->min_tier, p->tier_count - 1);
		if (care->days < 0 || care->days > days_max(k))
			return vipcare__fail(msg, VIPCARE_E_POLICY_INVALID,
					     "care \"%s\": days %ld is outside 0..%d", name,
					     (long)care->days, days_max(k));
		if (care->channel_count < 0 || care->channel_count > VIPCARE_CHANNEL_COUNT)
			return vipcare__fail(msg, VIPCARE_E_POLICY_INVALID,
					     "care \"%s\" has %d channels; 0..%d expected", name,
					     care->channel_count, VIPCARE_CHANNEL_COUNT);
		for (c = 0; c < care->channel_count; c++) {
			if (vipcare_channel_name(care->channels[c]) == NULL)
				return vipcare__fail(msg, VIPCARE_E_POLICY_INVALID,
						     "care \"%s\": channel %d is not a channel", name,
						     (int)care->channels[c]);
			for (j = 0; j < c; j++)
				if (care->channels[j] == care->channels[c])
					return vipcare__fail(msg, VIPCARE_E_POLICY_INVALID,
							     "care \"%s\": channel \"%s\" is listed "
							     "twice",
							     name,
							     vipcare_channel_name(care->channels[c]));
		}
	}
	for (r = 0; r < p->tier_count && r < VIPCARE_TIERS_MAX; r++)
		if (p->advisor_period[r] < -1 || p->advisor_period[r] > VIPCARE_PERIOD_YEAR)
			return vipcare__fail(msg, VIPCARE_E_POLICY_INVALID,
					     "care \"advisor_contact\": the period of tier \"%s\" (%d) "
					     "is not day, week, month, quarter, year or none",
					     p->tiers[r].name, (int)p->advisor_period[r]);
	return VIPCARE_OK;
}

/* ------------------------------------------------------------------ */
/* The API                                                             */
/* ------------------------------------------------------------------ */

static struct vipcare__care *care_at(struct vipcare_policy *policy, int kind)
{
	if (kind < 0 || kind >= VIPCARE_CARE_KINDS) {
		vipcare__fail(policy->last_error, VIPCARE_E_INVALID_ARGUMENT,
			      "care kind %d is not a care kind (0..%d)", kind,
			      VIPCARE_CARE_KINDS - 1);
		return NULL;
	}
	return &policy->care[kind];
}

static const struct vipcare__care *care_of(const struct vipcare_policy *policy, int kind)
{
	if (policy == NULL || kind < 0 || kind >= VIPCARE_CARE_KINDS)
		return NULL;
	return &policy->care[kind];
}

static int flag_ok(struct vipcare_policy *policy, int kind, const char *what, int value)
{
	if (value == 0 || value == 1)
		return 1;
	vipcare__fail(policy->last_error, VIPCARE_E_RANGE, "care \"%s\": %s %d; 0 or 1 expected",
		      kind_names[kind], what, value);
	return 0;
}

VIPCARE_API int vipcare_policy_set_care_enabled(struct vipcare_policy *policy, int kind,
						int enabled)
{
	struct vipcare__care *care;

	if (policy == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	care = care_at(policy, kind);
	if (care == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	if (!flag_ok(policy, kind, "enabled", enabled))
		return VIPCARE_E_RANGE;
	care->enabled = enabled;
	return VIPCARE_OK;
}

VIPCARE_API int vipcare_policy_care_enabled(const struct vipcare_policy *policy, int kind)
{
	const struct vipcare__care *care = care_of(policy, kind);

	return care != NULL ? care->enabled : VIPCARE_E_INVALID_ARGUMENT;
}

VIPCARE_API int vipcare_policy_set_care_min_tier(struct vipcare_policy *policy, int kind, int rank)
{
	struct vipcare__care *care;

	if (policy == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	care = care_at(policy, kind);
	if (care == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	if (rank < 0 || rank >= policy->tier_count)
		return vipcare__fail(policy->last_error, VIPCARE_E_INVALID_ARGUMENT,
				     "care \"%s\": rank %d is not a tier rank (0..%d)",
				     kind_names[kind], rank, policy->tier_count - 1);
	care->min_tier = rank;
	return VIPCARE_OK;
}

VIPCARE_API int vipcare_policy_care_min_tier(const struct vipcare_policy *policy, int kind)
{
	const struct vipcare__care *care = care_of(policy, kind);

	return care != NULL ? care->min_tier : VIPCARE_E_INVALID_ARGUMENT;
}

VIPCARE_API int vipcare_policy_set_care_marketing(struct vipcare_policy *policy, int kind,
						  int marketing)
{
	struct vipcare__care *care;

	if (policy == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	care = care_at(policy, kind);
	if (care == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	if (!flag_ok(policy, kind, "marketing", marketing))
		return VIPCARE_E_RANGE;
	care->marketing = marketing;
	return VIPCARE_OK;
}

VIPCARE_API int vipcare_policy_care_marketing(const struct vipcare_policy *policy, int kind)
{
	const struct vipcare__care *care = care_of(policy, kind);

	return care != NULL ? care->marketing : VIPCARE_E_INVALID_ARGUMENT;
}

VIPCARE_API int vipcare_policy_set_care_channels(struct vipcare_policy *policy, int kind,
						 const int *channels, size_t count)
{
	struct vipcare__care *care;
	size_t i, j;

	if (policy == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	care = care_at(policy, kind);
	if (care == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	if (count > VIPCARE_CHANNEL_COUNT)
		return vipcare__fail(policy->last_error, VIPCARE_E_RANGE,
				     "care \"%s\": %zu channels given; 0..%d expected",
				     kind_names[kind], count, VIPCARE_CHANNEL_COUNT);
	if (channels == NULL && count > 0)
		return vipcare__fail(policy->last_error, VIPCARE_E_INVALID_ARGUMENT,
				     "care \"%s\": the channel list is NULL", kind_names[kind]);
	for (i = 0; i < count; i++) {
		if (vipcare_channel_name(channels[i]) == NULL)
			return vipcare__fail(policy->last_error, VIPCARE_E_RANGE,
					     "care \"%s\": channel %d is not a channel (0..%d)",
					     kind_names[kind], channels[i], VIPCARE_CHANNEL_COUNT - 1);
		for (j = 0; j < i; j++)
			if (channels[j] == channels[i])
				return vipcare__fail(policy->last_error, VIPCARE_E_RANGE,
						     "care \"%s\": channel \"%s\" is listed twice",
						     kind_names[kind],
						     vipcare_channel_name(channels[i]));
	}
	memset(care->channels, 0, sizeof(care->channels));
	for (i = 0; i < count; i++)
		care->channels[i] = (int8_t)channels[i];
	care->channel_count = (int)count;
	return VIPCARE_OK;
}

VIPCARE_API int vipcare_policy_care_channels(const struct vipcare_policy *policy, int kind,
					     int *channels, size_t capacity)
{
	const struct vipcare__care *care = care_of(policy, kind);
	int c;

	if (care == NULL || (channels == NULL && capacity > 0))
		return VIPCARE_E_INVALID_ARGUMENT;
	for (c = 0; c < care->channel_count && (size_t)c < capacity; c++)
		channels[c] = care->channels[c];
	return care->channel_count;
}

VIPCARE_API int vipcare_policy_set_care_days(struct vipcare_policy *policy, int kind, int32_t days)
{
	if (policy == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	if (kind != VIPCARE_CARE_FOLLOWUP_3D && kind != VIPCARE_CARE_BIRTHDAY)
		return vipcare__fail(policy->last_error, VIPCARE_E_INVALID_ARGUMENT,
				     "care kind %d has no days; followup_3d (%d) or birthday (%d) "
				     "expected",
				     kind, VIPCARE_CARE_FOLLOWUP_3D, VIPCARE_CARE_BIRTHDAY);
	if (days < 0 || days > days_max(kind))
		return vipcare__fail(policy->last_error, VIPCARE_E_RANGE,
				     "care \"%s\": %s %ld is outside 0..%d", kind_names[kind],
				     kind == VIPCARE_CARE_BIRTHDAY ? "lead_days" : "days", (long)days,
				     days_max(kind));
	policy->care[kind].days = days;
	return VIPCARE_OK;
}

VIPCARE_API int32_t vipcare_policy_care_days(const struct vipcare_policy *policy, int kind)
{
	if (policy == NULL || (kind != VIPCARE_CARE_FOLLOWUP_3D && kind != VIPCARE_CARE_BIRTHDAY))
		return VIPCARE_E_INVALID_ARGUMENT;
	return policy->care[kind].days;
}

VIPCARE_API int vipcare_policy_set_advisor_period(struct vipcare_policy *policy, int rank,
						  int period)
{
	if (policy == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	if (!vipcare__tier_rank_ok(policy, rank))
		return VIPCARE_E_INVALID_ARGUMENT;
	if (period < -1 || period > VIPCARE_PERIOD_YEAR)
		return vipcare__fail(policy->last_error, VIPCARE_E_RANGE,
				     "tier \"%s\": advisor period %d is not day, week, month, "
				     "quarter, year (0..4) or none (-1)",
				     policy->tiers[rank].name, period);
	policy->advisor_period[rank] = (int8_t)period;
	return VIPCARE_OK;
}

VIPCARE_API int vipcare_policy_advisor_period(const struct vipcare_policy *policy, int rank)
{
	if (policy == NULL || rank < 0 || rank >= policy->tier_count)
		return VIPCARE_E_INVALID_ARGUMENT;
	return policy->advisor_period[rank];
}
