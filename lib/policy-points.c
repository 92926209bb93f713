/*
 * libvipcare — the points rules of a policy: money per point, expiry
 * years, and a multiplier per tier (DESIGN §5b, §8): the defaults, the
 * setters and getters, equality, and multipliers following a new tier list.
 * The [points] section of the policy file is read in policy-file.c and
 * written in policy-write.c.
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "policy-points.h"

void vipcare__points_set_default(struct vipcare_policy *p)
{
	int r;

	p->points_unit = 100;
	p->points_expiry_years = 1;
	for (r = 0; r < VIPCARE_TIERS_MAX; r++)
		p->points_multiplier[r] = VIPCARE__POINTS_MULTIPLIER_ONE;
	/* member 1, gold 1, platinum 1.5, diamond 2 */
	p->points_multiplier[2] = 150;
	p->points_multiplier[3] = 200;
}

int vipcare__points_equal(const struct vipcare_policy *a, const struct vipcare_policy *b)
{
	int r;

	if (a->points_unit != b->points_unit || a->points_expiry_years != b->points_expiry_years)
		return 0;
	/* ranks past the tier list hold nothing a caller can see */
	for (r = 0; r < a->tier_count && r < VIPCARE_TIERS_MAX; r++)
		if (a->points_multiplier[r] != b->points_multiplier[r])
			return 0;
	return 1;
}

void vipcare__points_retier(struct vipcare_policy *p, const int *old_rank, int count)
{
	int64_t multiplier[VIPCARE_TIERS_MAX];
	int r;

	/* by name, as advisor periods and quotas: a renamed tier is a new tier */
	for (r = 0; r < VIPCARE_TIERS_MAX; r++) {
		int old = r < count ? old_rank[r] : -1;

		multiplier[r] = old >= 0 && old < VIPCARE_TIERS_MAX ? p->points_multiplier[old]
								    : VIPCARE__POINTS_MULTIPLIER_ONE;
	}
	memcpy(p->points_multiplier, multiplier, sizeof(multiplier));
}

VIPCARE_API int vipcare_policy_set_points_unit(struct vipcare_policy *p, int64_t unit)
{
	if (p == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	if (unit < 1 || unit > VIPCARE__POINTS_UNIT_MAX)
		return vipcare__fail(p->last_error, VIPCARE_E_RANGE,
				     "points unit %lld is not 1 .. %lld minor units", (long long)unit,
				     (long long)VIPCARE__POINTS_UNIT_MAX);
	p->points_unit = unit;
	return VIPCARE_OK;
}

VIPCARE_API int64_t vipcare_policy_points_unit(const struct vipcare_policy *p)
{
	return p == NULL ? VIPCARE_E_INVALID_ARGUMENT : p->points_unit;
}

VIPCARE_API int vipcare_policy_set_points_expiry_years(struct vipcare_policy *p, int32_t years)
{
	if (p == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	if (years < 0 || years > VIPCARE__POINTS_EXPIRY_MAX)
		return vipcare__fail(p->last_error, VIPCARE_E_RANGE,
				     "points expiry_years %ld is not 0 .. %d", (long)years,
				     VIPCARE__POINTS_EXPIRY_MAX);
	p->points_expiry_years = years;
	return VIPCARE_OK;
}

VIPCARE_API int32_t vipcare_policy_points_expiry_years(const struct vipcare_policy *p)
{
	return p == NULL ? VIPCARE_E_INVALID_ARGUMENT : p->points_expiry_years;
}

VIPCARE_API int vipcare_policy_set_points_multiplier(struct vipcare_policy *p, int rank,
						     int64_t hundredths)
{
	if (p == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	if (!vipcare__tier_rank_ok(p, rank))
		return VIPCARE_E_INVALID_ARGUMENT;
	if (hundredths < 0 || hundredths > VIPCARE__POINTS_MULTIPLIER_MAX)
		return vipcare__fail(p->last_error, VIPCARE_E_RANGE,
				     "points multiplier of %s: %lld hundredths is not 0 .. %lld",
				     p->tiers[rank].name, (long long)hundredths,
				     (long long)VIPCARE__POINTS_MULTIPLIER_MAX);
	p->points_multiplier[rank] = hundredths;
	return VIPCARE_OK;
}

VIPCARE_API int64_t vipcare_policy_points_multiplier(const struct vipcare_policy *p, int rank)
{
	if (p == NULL || rank < 0 || rank >= p->tier_count)
		return VIPCARE_E_INVALID_ARGUMENT;
	return p->points_multiplier[rank];
}
