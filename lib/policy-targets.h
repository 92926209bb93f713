/*
 * libvipcare — the KPI targets of a policy (policy-targets.c), for the
 * policy object, the policy file reader and its writer. Nothing here is
 * part of the ABI.
 * SPDX-License-Identifier: MIT
 */
#ifndef VIPCARE_POLICY_TARGETS_H
#define VIPCARE_POLICY_TARGETS_H

#include "internal.h"

/* Room for any target as text: "min -1000000000000.000000". */
#define VIPCARE__TARGET_TEXT_SIZE 32

/* Sets the targets of the default policy (DESIGN §8); the others have none. */
void vipcare__targets_set_default(struct vipcare_policy *p);

/* 1 when @a and @b have the same targets. */
int vipcare__targets_equal(const struct vipcare_policy *a, const struct vipcare_policy *b);

/*
 * Reads a `[targets]` value of KPI @kpi: "min X", "max X" or "none". On
 * success fills @out and returns VIPCARE_OK. Otherwise returns
 * VIPCARE_E_POLICY_VALUE with the reason in @why (at most one quoted
 * excerpt of @text, no file or key) and in @at the byte offset in @text
 * that the reason is about (the number, or 0 for the whole value).
 */
int vipcare__target_parse(int kpi, const char *text, size_t len, struct vipcare__target *out,
			  char *why, size_t why_size, size_t *at);

/*
 * Writes a target as a `[targets]` value ("min 0.60", "max 120", "none"),
 * in its canonical form: rates and money with at least 2 fraction digits,
 * everything else with none unless needed, never a trailing zero beyond.
 */
void vipcare__target_text(char *buf, size_t size, int kpi, const struct vipcare__target *target);

#endif /* VIPCARE_POLICY_TARGETS_H */
