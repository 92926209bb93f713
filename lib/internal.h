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

#if defined(__MINGW32__)
/* C99 and later get mingw-w64's own printf, which knows %zu; msvcrt's does not */
#define VIPCARE__PRINTF(f, a) __attribute__((format(gnu_printf, f, a)))
#elif defined(__GNUC__)
#define VIPCARE__PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define VIPCARE__PRINTF(f, a)
#endif

/* CRC-32 (IEEE 802.3, as zlib) of @n bytes. */
uint32_t vipcare__crc32(const unsigned char *p, size_t n);

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
 * bytes). When @optional, NULL or "" stores "" instead of failing. On
 * success the id's length goes to @dst_len unless it is NULL; on failure
 * neither @dst nor @dst_len changes.
 */
int vipcare__copy_id(char *msg, char *dst, unsigned char *dst_len, const char *what, const char *value,
		     int optional);

/* Checks a tier name: [A-Za-z0-9_-]{1,32}, never "none". 1 valid, 0 not. */
int vipcare__tier_name_ok(const char *name, size_t len);

/* Calendar arithmetic (proleptic Gregorian), no range checks. */
int vipcare__is_leap(int32_t year);
int vipcare__month_days(int32_t year, int32_t month);
int32_t vipcare__days_from_civil(int32_t year, int32_t month, int32_t day);
void vipcare__civil_from_days(int32_t days, int32_t *year, int32_t *month, int32_t *day);
/* The date of a birthday in @year: 29 February is 28 February in common years. */
int32_t vipcare__birthday_in(int32_t year, int month, int day);
/* Floor division of a timestamp into its date (the day before for a time before 1970), no range check. */
static inline int32_t vipcare__ts_date(int64_t ts)
{
	return (int32_t)(ts / 86400 - (ts % 86400 < 0));
}

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

/* A quota for one tier of a benefit. */
struct vipcare__quota {
	int8_t set;    /* 0: the tier has no quota */
	int8_t period; /* enum vipcare_period */
	int32_t count; /* uses per period; 0 for unlimited */
};

struct vipcare__benefit {
	char id[VIPCARE_BENEFIT_ID_MAX + 1];
	char name[VIPCARE_BENEFIT_NAME_MAX + 1];
	int min_tier;                                 /* rank */
	int window;                                   /* enum vipcare_window */
	int32_t window_days;                          /* N of birthday±N, first_N_days */
	int is_default;                               /* one of the §8 defaults: never removed */
	struct vipcare__quota quota[VIPCARE_TIERS_MAX]; /* by tier rank */
};

/* The rule of one care kind. */
struct vipcare__care {
	int enabled;
	int min_tier;     /* rank */
	int marketing;
	int32_t days;     /* followup_3d: days; birthday: lead_days; 0 otherwise */
	int channel_count;
	int8_t channels[VIPCARE_CHANNEL_COUNT]; /* enum vipcare_channel, preferred first */
};

/* The KPIs of enum vipcare_kpi. */
#define VIPCARE__KPI_COUNT 31

/* A KPI's target: enum vipcare_target_op and the value x 1,000,000. */
struct vipcare__target {
	int op;
	int64_t micros;
};

struct vipcare_policy {
	int refcount;
	char name[VIPCARE__POLICY_NAME_MAX + 1];
	int64_t settings[VIPCARE__SETTING_COUNT]; /* index = enum vipcare_setting */
	int vip_min_tier;
	int tier_count;
	struct vipcare__tier tiers[VIPCARE_TIERS_MAX];
	int benefit_count;
	struct vipcare__benefit benefits[VIPCARE_BENEFITS_MAX];
	struct vipcare__care care[VIPCARE_CARE_KINDS];
	int8_t advisor_period[VIPCARE_TIERS_MAX]; /* by tier rank: enum vipcare_period, -1 none */
	struct vipcare__target targets[VIPCARE__KPI_COUNT]; /* index = enum vipcare_kpi */
	/* points (DESIGN §5b, §8 [points]) */
	int64_t points_unit;          /* minor units of money per point */
	int32_t points_expiry_years;
	int64_t points_multiplier[VIPCARE_TIERS_MAX]; /* hundredths, by tier rank */
	char last_error[VIPCARE__MSG_SIZE];
};

/*
 * 1 when @rank is a tier rank of @policy; else 0, with the reason in the
 * policy's last error (a caller returns VIPCARE_E_INVALID_ARGUMENT).
 */
int vipcare__tier_rank_ok(struct vipcare_policy *policy, int rank);

/* Writes the tier names of @p, "a, b, c", into @buf (cut to @size). */
void vipcare__tier_list(char *buf, size_t size, const struct vipcare_policy *p);

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

/*
 * The two halves of vipcare__policy_check(), for the policy file, which
 * blames a line differently for each: the programme, settings and tiers
 * (@fault as above), then the benefits (policy-benefits.c).
 */
int vipcare__policy_check_tiers(const struct vipcare_policy *p, char *msg,
				struct vipcare__policy_fault *fault);

/*
 * Checks a display name (the programme's, a benefit's): 1 .. @max bytes
 * of UTF-8 that survive a policy file. Returns VIPCARE_OK, or
 * VIPCARE_E_RANGE with "@what \"name\" <problem>" written to @msg.
 */
int vipcare__check_name(char *msg, const char *what, const char *name, size_t max);

/* ------------------------------------------------------------------ */
/* Benefits of a policy (policy-benefits.c)                            */
/* ------------------------------------------------------------------ */

#define VIPCARE__QUOTA_MAX 1000000        /* uses per period */
#define VIPCARE__BIRTHDAY_DAYS_MAX 366    /* N of birthday±N */
#define VIPCARE__FIRST_DAYS_MAX 36525     /* N of first_N_days */

/* Checks a benefit id: [A-Za-z0-9_.-]{1,64}. 1 valid, 0 not. */
int vipcare__benefit_id_ok(const char *id, size_t len);

/* Replaces the benefits of @p by the defaults; @p has the default tiers. */
void vipcare__benefits_set_default(struct vipcare_policy *p);

/* 1 when @a and @b have the same benefits, in the same order. */
int vipcare__benefits_equal(const struct vipcare_policy *a, const struct vipcare_policy *b);

/*
 * Follows a new tier list: @old_rank[r] is the rank that new rank r had
 * (-1 for a new tier), for @count new ranks. Quotas follow their tier's
 * name; a min_tier whose tier is gone becomes -1, which the check refuses.
 */
void vipcare__benefits_retier(struct vipcare_policy *p, const int *old_rank, int count);

/* Care rules of a policy (policy-care.c). */
void vipcare__care_set_default(struct vipcare_policy *p);
int vipcare__care_equal(const struct vipcare_policy *a, const struct vipcare_policy *b);
/* Follows a new tier list, as vipcare__benefits_retier() does. */
void vipcare__care_retier(struct vipcare_policy *p, const int *old_rank, int count);
int vipcare__policy_check_care(const struct vipcare_policy *p, char *msg);

/* What a failed benefit check blames. */
#define VIPCARE__BENEFIT_FAULT_OTHER 0
#define VIPCARE__BENEFIT_FAULT_MIN_TIER 1 /* min_tier is not a tier (its tier was dropped) */
#define VIPCARE__BENEFIT_FAULT_QUOTA 2    /* a tier at or above min_tier has no quota */

struct vipcare__benefit_fault {
	int benefit; /* its index, -1 when no benefit is to blame */
	int rank;    /* VIPCARE__BENEFIT_FAULT_QUOTA: the tier without a quota */
	int kind;    /* VIPCARE__BENEFIT_FAULT_* */
};

/*
 * The benefit half of vipcare__policy_check(). A message about one benefit
 * starts with `benefit "ID"`, so that a caller can put a file's section
 * name in its place.
 */
int vipcare__policy_check_benefits(const struct vipcare_policy *p, char *msg,
				   struct vipcare__benefit_fault *fault);

/* The same as the public getter, for internal callers. */
static inline int64_t vipcare__setting(const struct vipcare_policy *p, int setting)
{
	return p->settings[setting];
}

#endif /* VIPCARE_INTERNAL_H */
