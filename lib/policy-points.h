/*
 * libvipcare — the points rules of a policy (policy-points.c), for the
 * policy object, the policy file reader and its writer. Nothing here is
 * part of the ABI.
 * SPDX-License-Identifier: MIT
 */
#ifndef VIPCARE_POLICY_POINTS_H
#define VIPCARE_POLICY_POINTS_H

#include "internal.h"

#define VIPCARE__POINTS_UNIT_MAX INT64_C(100000000)
#define VIPCARE__POINTS_EXPIRY_MAX 100
#define VIPCARE__POINTS_MULTIPLIER_MAX INT64_C(100000)
/* the multiplier of a tier that was given none: 1.00 */
#define VIPCARE__POINTS_MULTIPLIER_ONE INT64_C(100)

/* Sets the points rules of the default policy (DESIGN §8). */
void vipcare__points_set_default(struct vipcare_policy *p);

/* 1 when @a and @b have the same points rules; both have the same tier count. */
int vipcare__points_equal(const struct vipcare_policy *a, const struct vipcare_policy *b);

/*
 * Follows a new tier list, as vipcare__care_retier() does: @old_rank[r] is
 * the rank that new rank r had (-1 for a new tier), for @count new ranks.
 * A tier that stays listed keeps its multiplier; a new one earns 1.00.
 */
void vipcare__points_retier(struct vipcare_policy *p, const int *old_rank, int count);

#endif /* VIPCARE_POLICY_POINTS_H */
