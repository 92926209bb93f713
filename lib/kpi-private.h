/*
 * libvipcare — the layout of a KPI state. Nothing here is part of the ABI;
 * the serialised form is described in kpi-state.c and docs/kpi.md.
 * SPDX-License-Identifier: MIT
 */
#ifndef VIPCARE_KPI_PRIVATE_H
#define VIPCARE_KPI_PRIVATE_H

#include "internal.h"

/*
 * The counts and sums of a state, in their serialised order. Every one is
 * a sum over customers (or their transactions, responses, requests), so
 * the state of a union of slices is the sum of theirs.
 */
enum vipcare__kpi_count {
	K_MEMBERS,
	K_NEW_MEMBERS,
	K_ACTIVE,
	K_SALES_NET,
	K_SALES_COUNT,
	K_REPURCHASE,     /* active customers with 2 or more visits */
	K_CHURN_BASE,
	K_CHURN,
	K_VIP_CHURN_BASE,
	K_VIP_CHURN,
	K_VIP_SALES_NET,
	K_NPS_PROMOTERS,
	K_NPS_PASSIVES,
	K_NPS_DETRACTORS,
	K_CSAT_RESPONSES,
	K_CSAT_SATISFIED, /* scores 4..5 */
	K_SERVICE_OPENED,
	K_SERVICE_ANSWERED,
	K_SERVICE_COMPLAINTS,
	K_SERVICE_WITHIN_SLA,
	K_CARE_DUE,
	K_CARE_DONE,
	K_CARE_ON_TIME,
	K_CARE_REACHED,   /* reached contacts dated in the period */
	K_CARE_CONVERTED, /* of those, followed by a sale within conversion_days */
	K_CARE_CONVERSION_SALES,
	K_POINTS_ISSUED,
	K_POINTS_REDEEMED,
	K_POINTS_EXPIRED,
	K_POINTS_OUTSTANDING,
	K__COUNT
};

/* One bucket of the first-response histogram: whole minutes and how many. */
struct vipcare__minutes {
	int64_t minutes;
	int64_t count;
};

struct vipcare_kpi_state {
	int refcount;
	int32_t from, to;
	uint64_t policy_fingerprint;
	int tier_count;
	char tier_names[VIPCARE_TIERS_MAX][VIPCARE_TIER_NAME_MAX + 1];
	int64_t counts[K__COUNT];
	int64_t tier_customers[VIPCARE_TIERS_MAX];
	int64_t tier_sales_net[VIPCARE_TIERS_MAX];
	int64_t tier_sales_count[VIPCARE_TIERS_MAX];
	/* [from tier + 1][to tier], row 0: none */
	int64_t migration[VIPCARE_TIERS_MAX + 1][VIPCARE_TIERS_MAX];
	/* ascending minutes, counts > 0 */
	struct vipcare__minutes *histogram;
	size_t histogram_len, histogram_cap;
	char last_error[VIPCARE__MSG_SIZE];
};

/* A new, empty state (all zero) or NULL. */
struct vipcare_kpi_state *vipcare__kpi_state_alloc(void);

/* The first-response minutes at percentile @p (nearest rank), or -1 when none. */
int64_t vipcare__kpi_percentile(const struct vipcare_kpi_state *s, int p);

#endif /* VIPCARE_KPI_PRIVATE_H */
