/*
 * libvipcare — the vipcare command: the KPI report as one HTML file.
 * SPDX-License-Identifier: MIT
 */
#ifndef VIPCARE_CLI_REPORT_H
#define VIPCARE_CLI_REPORT_H

#include "cli.h"

/*
 * Writes the report of @state: every KPI beside the target of @policy,
 * the charts, and the care agenda of @agenda_day (@agenda).
 */
void report_write_html(FILE *f, const struct vipcare_kpi_state *state,
		       const struct vipcare_policy *policy, const struct vipcare_agenda *agenda,
		       int32_t agenda_day);

/* One line per KPI that has a target: value, target, met or MISSED. */
void report_write_targets(FILE *f, const struct vipcare_kpi_state *state,
			  const struct vipcare_policy *policy);
/* How many targets are met (returned) and missed (@missed). */
int report_targets_met(const struct vipcare_kpi_state *state, const struct vipcare_policy *policy,
		       int *missed);

#endif
