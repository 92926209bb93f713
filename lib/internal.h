/*
 * libvipcare — internal declarations shared by the library's sources.
 * Nothing here is part of the ABI.
 * SPDX-License-Identifier: MIT
 */
#ifndef VIPCARE_INTERNAL_H
#define VIPCARE_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "vipcare/vipcare.h"

#if defined(__GNUC__)
#define VIPCARE__PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define VIPCARE__PRINTF(f, a)
#endif

/* Size of the detailed message kept on every handle. */
#define VIPCARE__MSG_SIZE 512

/*
 * Writes a formatted message into a handle's message buffer (size
 * VIPCARE__MSG_SIZE) and returns @status, so that an error path is one
 * statement: return vipcare__fail(h->last_error, VIPCARE_E_ID, "...", ...).
 */
int vipcare__fail(char *msg, int status, const char *fmt, ...) VIPCARE__PRINTF(3, 4);

/* The same for a caller's buffer, which may be NULL or of size 0. */
int vipcare__fail_buf(char *buf, size_t size, int status, const char *fmt, ...)
	VIPCARE__PRINTF(4, 5);

/*
 * Writes @len bytes of @text into @out (size @size) as a quoted,
 * printable excerpt for messages: at most 40 bytes, control bytes as \xNN,
 * "..." when cut. Never echoes more than one field.
 */
void vipcare__quote(char *out, size_t size, const char *text, size_t len);

/*
 * Checks an external id: 1 .. VIPCARE_ID_MAX bytes of valid UTF-8 without
 * control characters (C0, DEL, C1). Returns VIPCARE_OK or VIPCARE_E_ID with
 * a message naming @what ("customer id"...) written to @msg.
 */
int vipcare__check_id(char *msg, const char *what, const char *id, size_t len);

/*
 * Checks @value as an id and copies it into @dst (VIPCARE_ID_MAX + 1
 * bytes). When @optional, NULL or "" stores "" instead of failing.
 */
int vipcare__copy_id(char *msg, char *dst, const char *what, const char *value, int optional);

/* Checks a tier name: [A-Za-z0-9_-]{1,32}, never "none". 1 valid, 0 not. */
int vipcare__tier_name_ok(const char *name, size_t len);

/* Calendar arithmetic (proleptic Gregorian), no range checks. */
int vipcare__is_leap(int32_t year);
int vipcare__month_days(int32_t year, int32_t month);
int32_t vipcare__days_from_civil(int32_t year, int32_t month, int32_t day);
void vipcare__civil_from_days(int32_t days, int32_t *year, int32_t *month, int32_t *day);
/* Floor division of a timestamp into its date, no range check. */
int32_t vipcare__ts_date(int64_t ts);

/* ------------------------------------------------------------------ */
/* Policy                                                              */
/* ------------------------------------------------------------------ */

#define VIPCARE__SETTING_COUNT 7 /* enum vipcare_setting values 1..6 */
#define VIPCARE__POLICY_NAME_MAX 128
#define VIPCARE__SPEND_MAX INT64_C(1000000000000000)
#define VIPCARE__VISITS_MAX 36525

struct vipcare__tier {
	char name[VIPCARE_TIER_NAME_MAX + 1];
	int has_min_spend;
	int64_t min_spend;
	int has_min_visits;
	int32_t min_visits;
};

struct vipcare_policy {
	int refcount;
	char name[VIPCARE__POLICY_NAME_MAX + 1];
	int64_t settings[VIPCARE__SETTING_COUNT]; /* index = enum vipcare_setting */
	int vip_min_tier;
	int tier_count;
	struct vipcare__tier tiers[VIPCARE_TIERS_MAX];
	char last_error[VIPCARE__MSG_SIZE];
};

/* Fills @p with the default policy (keeps refcount and last_error). */
void vipcare__policy_set_default(struct vipcare_policy *p);

/* Where a whole-policy check failed, so that a policy file can name the line. */
#define VIPCARE__FAULT_SPEND 1
#define VIPCARE__FAULT_VISITS 2

struct vipcare__policy_fault {
	int rank;   /* the tier to blame, -1 when no tier is */
	int fields; /* the thresholds involved: VIPCARE__FAULT_* bits */
	int pair;   /* 1 when the tier below shares the blame */
};

/*
 * Validates the rules of @p as a whole; on failure writes the reason to
 * @msg (size VIPCARE__MSG_SIZE), where it failed to @fault (may be NULL)
 * and returns VIPCARE_E_POLICY_INVALID.
 */
int vipcare__policy_check(const struct vipcare_policy *p, char *msg,
			  struct vipcare__policy_fault *fault);

/* The same as the public getter, for internal callers. */
static inline int64_t vipcare__setting(const struct vipcare_policy *p, int setting)
{
	return p->settings[setting];
}

#endif /* VIPCARE_INTERNAL_H */
