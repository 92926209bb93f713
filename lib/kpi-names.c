/*
 * libvipcare — the names of the KPIs, survey kinds and service request
 * kinds (thread-safe look-ups of static tables).
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "internal.h"

static const char *const kpi_names[VIPCARE__KPI_COUNT] = {
	"members",
	"new_members",
	"active",
	"sales_net",
	"sales_count",
	"avg_ticket",
	"repurchase_rate",
	"churn_rate",
	"vip_churn_rate",
	"vip_sales_share",
	"nps",
	"nps_promoters",
	"nps_passives",
	"nps_detractors",
	"csat",
	"service_opened",
	"service_answered",
	"service_complaints",
	"service_first_response_p50",
	"service_first_response_p90",
	"service_within_sla",
	"service_complaints_per_1000_active",
	"care_due",
	"care_done",
	"care_done_on_time",
	"care_conversion",
	"care_conversion_sales",
	"points_issued",
	"points_redeemed",
	"points_expired",
	"points_outstanding",
};

static const char *const survey_names[] = { "nps", "csat" };
static const char *const service_names[] = { "inquiry", "complaint" };

/* The index of @name among @names, or VIPCARE_E_INVALID_ARGUMENT. */
static int find(const char *const *names, int count, const char *name, size_t len)
{
	int i;

	if (name == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	for (i = 0; i < count; i++) {
		if (strlen(names[i]) == len && memcmp(names[i], name, len) == 0)
			return i;
	}
	return VIPCARE_E_INVALID_ARGUMENT;
}

VIPCARE_API const char *vipcare_kpi_name(int kpi)
{
	return kpi >= 0 && kpi < VIPCARE__KPI_COUNT ? kpi_names[kpi] : NULL;
}

VIPCARE_API int vipcare_kpi_from_name(const char *name, size_t len)
{
	return find(kpi_names, VIPCARE__KPI_COUNT, name, len);
}

VIPCARE_API const char *vipcare_survey_kind_name(int kind)
{
	return kind >= 0 && kind < 2 ? survey_names[kind] : NULL;
}

VIPCARE_API int vipcare_survey_kind_from_name(const char *name, size_t len)
{
	return find(survey_names, 2, name, len);
}

VIPCARE_API const char *vipcare_service_kind_name(int kind)
{
	return kind >= 0 && kind < 2 ? service_names[kind] : NULL;
}

VIPCARE_API int vipcare_service_kind_from_name(const char *name, size_t len)
{
	return find(service_names, 2, name, len);
}
