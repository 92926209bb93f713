/*
 * libvipcare — VIP customer care for shopping malls.
 * SPDX-License-Identifier: MIT
 */
#ifndef VIPCARE_POLICY_H
#define VIPCARE_POLICY_H

/**
 * @file policy.h
 * @brief The mall's programme rules: tiers, their thresholds, the
 * benefits and the programme's settings, built in code or read from a
 * policy file.
 *
 * A new policy is the default policy of the mall programme (member, gold,
 * platinum, diamond over a 365-day window). It can be changed by setters
 * or by loading a policy file (see docs/policy.md) over it. An engine takes
 * its own copy when it is created, so a policy may be changed or released
 * afterwards without touching any engine.
 */

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A policy: the tiers, benefits and settings of a VIP programme. @since 1.0 */
struct vipcare_policy;

/** The most tiers a policy can hold. @since 1.0 */
#define VIPCARE_TIERS_MAX 16
/** The longest tier name, in bytes. @since 1.0 */
#define VIPCARE_TIER_NAME_MAX 32

/**
 * @brief The numeric settings of a policy, for vipcare_policy_set() and
 * vipcare_policy_get(). Values are pinned; new settings are only added.
 * @since 1.0
 */
enum vipcare_setting {
	/** Days in the scoring window ending on the scoring date (1 ..). @since 1.0 */
	VIPCARE_SETTING_WINDOW_DAYS = 1,
	/** Days a tier is held after the last day it qualified (0 ..). @since 1.0 */
	VIPCARE_SETTING_RETAIN_DAYS = 2,
	/** Days without a sale after which a customer has lapsed (1 ..). @since 1.0 */
	VIPCARE_SETTING_LAPSE_DAYS = 3,
	/** Days an unanswered care item stays on the agenda (0 ..). @since 1.0 */
	VIPCARE_SETTING_OVERDUE_DAYS = 4,
	/** Minutes within which a service request should be answered (0 ..). @since 1.0 */
	VIPCARE_SETTING_SLA_MINUTES = 5,
	/** Days after a care contact in which a sale counts as converted (1 ..). @since 1.0 */
	VIPCARE_SETTING_CONVERSION_DAYS = 6,
};

/**
 * @brief Creates a policy holding the default policy.
 *
 * @param[out] out receives the new policy, with one reference owned by the
 *        caller (release it with vipcare_policy_unref()); set to NULL on
 *        error
 * @return VIPCARE_OK; VIPCARE_E_INVALID_ARGUMENT when @p out is NULL;
 *         VIPCARE_E_NO_MEMORY
 * @since 1.0
 */
VIPCARE_API int vipcare_policy_new(struct vipcare_policy **out);

/**
 * @brief Creates an independent copy of a policy.
 *
 * The copy holds the same rules and an empty last error; changing either
 * policy afterwards does not change the other.
 *
 * @param[out] out receives the copy, with one reference owned by the caller
 *        (release it with vipcare_policy_unref()); set to NULL on error
 * @param[in] policy the policy to copy, borrowed for the call; this may be
 *        the policy of an engine (vipcare_engine_policy())
 * @return VIPCARE_OK; VIPCARE_E_INVALID_ARGUMENT when @p out or @p policy
 *         is NULL; VIPCARE_E_NO_MEMORY
 * @since 1.0
 */
VIPCARE_API int vipcare_policy_copy(struct vipcare_policy **out, const struct vipcare_policy *policy);

/**
 * @brief Takes a reference.
 *
 * @param[in] policy a policy, or NULL (then nothing happens)
 * @return @p policy, now holding one more reference that the caller owns;
 *         NULL when @p policy is NULL
 * @since 1.0
 */
VIPCARE_API struct vipcare_policy *vipcare_policy_ref(struct vipcare_policy *policy);

/**
 * @brief Drops a reference; the last one frees the policy.
 *
 * Engines made from the policy are not affected: each holds its own copy.
 *
 * @param[in] policy a policy whose reference the caller gives up, or NULL
 *        (then nothing happens)
 * @return NULL, so that `p = vipcare_policy_unref(p);` clears the pointer
 * @since 1.0
 */
VIPCARE_API struct vipcare_policy *vipcare_policy_unref(struct vipcare_policy *policy);

/**
 * @brief The detailed message of the last call on this policy that failed.
 *
 * @param[in] policy a policy, or NULL
 * @return text owned by the policy, valid as long as the policy; a later
 *         failing call on the policy replaces its content, and a call that
 *         succeeds leaves it as it was. "" when no call has failed yet,
 *         and a static "" when @p policy is NULL. Calls that fail because
 *         @p policy itself is NULL write no message.
 * @since 1.0
 */
VIPCARE_API const char *vipcare_policy_last_error(const struct vipcare_policy *policy);

/**
 * @brief Reads a policy file over this policy.
 *
 * Anything the file does not give keeps its current value. The whole
 * result is validated; on any error the policy is left exactly as it was
 * (only its last error changes) and the last error names the file, line,
 * key and what was expected. A file larger than 1 MiB is refused.
 * @param[in,out] policy the policy to change
 * @param[in] path a NUL-terminated file path, borrowed for the call
 * @return VIPCARE_OK; VIPCARE_E_INVALID_ARGUMENT when @p policy or @p path
 *         is NULL; VIPCARE_E_IO when the file cannot be opened or read;
 *         VIPCARE_E_POLICY_SYNTAX (also for a file over 1 MiB),
 *         VIPCARE_E_POLICY_KEY, VIPCARE_E_POLICY_VALUE,
 *         VIPCARE_E_POLICY_INVALID, VIPCARE_E_UNKNOWN_TIER or
 *         VIPCARE_E_NO_MEMORY
 * @since 1.0
 */
VIPCARE_API int vipcare_policy_load_file(struct vipcare_policy *policy, const char *path);

/**
 * @brief Reads policy text over this policy, as vipcare_policy_load_file().
 *
 * @param[in,out] policy the policy to change
 * @param[in] text the text, UTF-8, not necessarily NUL-terminated, borrowed
 *        for the call; never NULL, even when @p len is 0
 * @param[in] len the length of @p text in bytes, at most 1 MiB (1048576)
 * @param[in] name the name used for the text in messages (a file name),
 *        borrowed for the call, or NULL for "<policy>"
 * @return VIPCARE_OK; VIPCARE_E_INVALID_ARGUMENT when @p policy or @p text
 *         is NULL; VIPCARE_E_POLICY_SYNTAX (also when @p len is over
 *         1 MiB), VIPCARE_E_POLICY_KEY, VIPCARE_E_POLICY_VALUE,
 *         VIPCARE_E_POLICY_INVALID, VIPCARE_E_UNKNOWN_TIER or
 *         VIPCARE_E_NO_MEMORY
 * @since 1.0
 */
VIPCARE_API int vipcare_policy_load_string(struct vipcare_policy *policy, const char *text,
					   size_t len, const char *name);

/**
 * @brief Writes the whole effective policy as policy file text.
 *
 * Loading the text over a default policy gives an equal policy. The
 * policy's last error is not changed.
 * @param[in] policy the policy
 * @param[out] out receives NUL-terminated text owned by the caller, freed
 *        with vipcare_free(); set to NULL on error
 * @return VIPCARE_OK; VIPCARE_E_INVALID_ARGUMENT when @p out or @p policy
 *         is NULL; VIPCARE_E_NO_MEMORY
 * @since 1.0
 */
VIPCARE_API int vipcare_policy_to_text(const struct vipcare_policy *policy, char **out);

/**
 * @brief Checks the policy as a whole.
 *
 * The rules: 1 .. VIPCARE_TIERS_MAX tiers with valid, distinct names; a
 * non-empty programme name; every setting within vipcare_setting_bounds();
 * no threshold on the base tier and at least one, within range, on every
 * other tier; a threshold that a tier has is also set, and not lower, on
 * every higher tier; two neighbouring tiers never ask for the same; the
 * VIP tier is a listed rank. Tier rules are checked from the base tier
 * up, so the message is about the lowest tier involved. Then the benefits,
 * in order: a valid, distinct id, a valid name and window, a lowest tier
 * that is a listed rank, and a quota for every tier from it up.
 * @param[in,out] policy the policy; only its last error is written
 * @return VIPCARE_OK; VIPCARE_E_INVALID_ARGUMENT when @p policy is NULL;
 *         VIPCARE_E_POLICY_INVALID (the last error names the first broken
 *         rule)
 * @since 1.0
 */
VIPCARE_API int vipcare_policy_validate(struct vipcare_policy *policy);

/**
 * @brief Compares two policies.
 *
 * Compares the programme name, the settings, the tiers (names and
 * thresholds, in order), the VIP tier and the benefits (in order, every
 * part; quotas of tiers below a benefit's lowest tier are never used and
 * not compared); the last errors are ignored.
 * @param[in] a a policy, or NULL
 * @param[in] b a policy, or NULL
 * @return 1 when they hold the same rules, 0 when not or when either is
 *         NULL
 * @since 1.0
 */
VIPCARE_API int vipcare_policy_equal(const struct vipcare_policy *a, const struct vipcare_policy *b);

/**
 * @brief Sets the programme's display name.
 *
 * The name is 1 .. 128 bytes of valid UTF-8 that survive a trip through a
 * policy file: no control characters, no `#` or `;`, no space or tab at
 * either end.
 * @param[in,out] policy the policy
 * @param[in] name the NUL-terminated name, copied into the policy
 * @return VIPCARE_OK; VIPCARE_E_INVALID_ARGUMENT when @p policy or @p name
 *         is NULL; VIPCARE_E_RANGE for a name that breaks the rules above
 *         (the name is then unchanged)
 * @since 1.0
 */
VIPCARE_API int vipcare_policy_set_name(struct vipcare_policy *policy, const char *name);

/**
 * @brief The programme's display name.
 *
 * @param[in] policy a policy, or NULL
 * @return text owned by the policy, valid as long as the policy; its
 *         content changes when the name is set again (by
 *         vipcare_policy_set_name() or a policy file). NULL when @p policy
 *         is NULL.
 * @since 1.0
 */
VIPCARE_API const char *vipcare_policy_name(const struct vipcare_policy *policy);

/**
 * @brief Sets a numeric setting.
 *
 * @param[in,out] policy the policy
 * @param[in] setting a value of enum vipcare_setting
 * @param[in] value within vipcare_setting_bounds() of @p setting
 * @return VIPCARE_OK; VIPCARE_E_INVALID_ARGUMENT when @p policy is NULL or
 *         @p setting is unknown; VIPCARE_E_RANGE when @p value is out of
 *         bounds (the setting is then unchanged)
 * @since 1.0
 */
VIPCARE_API int vipcare_policy_set(struct vipcare_policy *policy, int setting, int64_t value);

/**
 * @brief Reads a numeric setting.
 *
 * @param[in] policy the policy
 * @param[in] setting a value of enum vipcare_setting
 * @param[out] out receives its value; untouched on error
 * @return VIPCARE_OK, or VIPCARE_E_INVALID_ARGUMENT when @p policy or
 *         @p out is NULL or @p setting is unknown
 * @since 1.0
 */
VIPCARE_API int vipcare_policy_get(const struct vipcare_policy *policy, int setting, int64_t *out);

/**
 * @brief The allowed range of a numeric setting.
 *
 * Thread-safe.
 * @param[in] setting a value of enum vipcare_setting
 * @param[out] min receives the lowest allowed value; may be NULL;
 *        untouched on error
 * @param[out] max receives the highest allowed value; may be NULL;
 *        untouched on error
 * @return VIPCARE_OK, or VIPCARE_E_INVALID_ARGUMENT for an unknown
 *         @p setting
 * @since 1.0
 */
VIPCARE_API int vipcare_setting_bounds(int setting, int64_t *min, int64_t *max);

/**
 * @brief The policy file key of a numeric setting ("window_days"...).
 *
 * Thread-safe.
 * @param[in] setting a value of enum vipcare_setting
 * @return static text owned by the library, never to be freed; NULL for an
 *         unknown setting
 * @since 1.0
 */
VIPCARE_API const char *vipcare_setting_name(int setting);

/**
 * @brief Replaces the list of tiers, lowest first; the first is the base.
 *
 * A name that stays listed above the base keeps its thresholds; a new name,
 * and whichever name becomes the base tier, starts with no thresholds.
 * When the VIP tier is no longer listed it becomes the second tier (or the
 * base when only one is listed). Benefit quotas follow their tier's name
 * too (a new name has none, the base tier keeps its own); a benefit whose
 * lowest tier is no longer listed has none until one is set again. The
 * result is not validated: call vipcare_policy_validate(), which asks for
 * thresholds on new tiers, quotas where a benefit reaches a tier without
 * one, and a lowest tier for every benefit.
 * @param[in,out] policy the policy
 * @param[in] names @p count NUL-terminated tier names, borrowed for the
 *        call and copied: each `[A-Za-z0-9_-]{1,32}`, not `none`, no repeats
 * @param[in] count 1 .. VIPCARE_TIERS_MAX
 * @return VIPCARE_OK; VIPCARE_E_INVALID_ARGUMENT when @p policy, @p names or
 *         one of the names is NULL, or a name is repeated; VIPCARE_E_RANGE
 *         when @p count is out of range; VIPCARE_E_ID for a malformed name.
 *         On error only the policy's last error changes.
 * @since 1.0
 */
VIPCARE_API int vipcare_policy_set_tiers(struct vipcare_policy *policy, const char *const *names,
					 size_t count);

/**
 * @brief The number of tiers.
 *
 * @param[in] policy a policy, or NULL
 * @return 1 .. VIPCARE_TIERS_MAX, or 0 when @p policy is NULL
 * @since 1.0
 */
VIPCARE_API size_t vipcare_policy_tier_count(const struct vipcare_policy *policy);

/**
 * @brief The name of the tier of a rank (0 is the base tier).
 *
 * @param[in] policy a policy, or NULL
 * @param[in] rank 0 .. vipcare_policy_tier_count() - 1
 * @return text owned by the policy, valid until the list of tiers is
 *         replaced (vipcare_policy_set_tiers(), a policy file) or the policy
 *         is released; NULL when @p policy is NULL or @p rank is out of
 *         range
 * @since 1.0
 */
VIPCARE_API const char *vipcare_policy_tier_name(const struct vipcare_policy *policy, int rank);

/**
 * @brief The rank of a tier name.
 *
 * Names are compared bytewise (case-sensitive).
 * @param[in] policy the policy
 * @param[in] name a NUL-terminated tier name
 * @param[out] rank receives 0 (base) .. count - 1; untouched on error
 * @return VIPCARE_OK; VIPCARE_E_INVALID_ARGUMENT when @p policy, @p name or
 *         @p rank is NULL; VIPCARE_E_UNKNOWN_TIER when no tier has that name
 * @since 1.0
 */
VIPCARE_API int vipcare_policy_tier_rank(const struct vipcare_policy *policy, const char *name,
					 int *rank);

/**
 * @brief Sets or clears a tier's lowest net spend over the window.
 *
 * @param[in,out] policy the policy
 * @param[in] rank 1 .. count - 1 (the base tier has no thresholds)
 * @param[in] has non-zero to set, 0 to clear
 * @param[in] min_spend minor units, 0 .. 10^15 (ignored when clearing)
 * @return VIPCARE_OK; VIPCARE_E_INVALID_ARGUMENT when @p policy is NULL or
 *         @p rank is 0 or out of range; VIPCARE_E_RANGE when @p min_spend is
 *         out of range (the threshold is then unchanged)
 * @since 1.0
 */
VIPCARE_API int vipcare_policy_set_tier_min_spend(struct vipcare_policy *policy, int rank, int has,
						  int64_t min_spend);

/**
 * @brief Sets or clears a tier's lowest number of visits over the window.
 *
 * @param[in,out] policy the policy
 * @param[in] rank 1 .. count - 1 (the base tier has no thresholds)
 * @param[in] has non-zero to set, 0 to clear
 * @param[in] min_visits 0 .. 36525 (ignored when clearing)
 * @return VIPCARE_OK; VIPCARE_E_INVALID_ARGUMENT when @p policy is NULL or
 *         @p rank is 0 or out of range; VIPCARE_E_RANGE when @p min_visits
 *         is out of range (the threshold is then unchanged)
 * @since 1.0
 */
VIPCARE_API int vipcare_policy_set_tier_min_visits(struct vipcare_policy *policy, int rank, int has,
						   int32_t min_visits);

/**
 * @brief A tier's spend threshold.
 *
 * @param[in] policy the policy
 * @param[in] rank 0 .. count - 1
 * @param[out] min_spend receives the threshold in minor units, 0 when the
 *        tier has none; may be NULL; untouched on error
 * @return 1 when the tier has a spend threshold, 0 when not, or
 *         VIPCARE_E_INVALID_ARGUMENT when @p policy is NULL or @p rank is
 *         out of range
 * @since 1.0
 */
VIPCARE_API int vipcare_policy_tier_min_spend(const struct vipcare_policy *policy, int rank,
					      int64_t *min_spend);

/**
 * @brief A tier's visits threshold.
 *
 * @param[in] policy the policy
 * @param[in] rank 0 .. count - 1
 * @param[out] min_visits receives the threshold, 0 when the tier has none;
 *        may be NULL; untouched on error
 * @return 1 when the tier has a visits threshold, 0 when not, or
 *         VIPCARE_E_INVALID_ARGUMENT when @p policy is NULL or @p rank is
 *         out of range
 * @since 1.0
 */
VIPCARE_API int vipcare_policy_tier_min_visits(const struct vipcare_policy *policy, int rank,
					       int32_t *min_visits);

/**
 * @brief Sets the lowest tier that counts as VIP (KPIs, churn).
 *
 * @param[in,out] policy the policy
 * @param[in] rank 0 .. count - 1
 * @return VIPCARE_OK, or VIPCARE_E_INVALID_ARGUMENT when @p policy is NULL
 *         or @p rank is out of range
 * @since 1.0
 */
VIPCARE_API int vipcare_policy_set_vip_min_tier(struct vipcare_policy *policy, int rank);

/**
 * @brief The lowest tier that counts as VIP.
 *
 * @param[in] policy a policy, or NULL
 * @return its rank (0 .. count - 1), or VIPCARE_E_INVALID_ARGUMENT when
 *         @p policy is NULL
 * @since 1.0
 */
VIPCARE_API int vipcare_policy_vip_min_tier(const struct vipcare_policy *policy);


/* ------------------------------------------------------------------ */
/* Benefits                                                            */
/* ------------------------------------------------------------------ */

/** The most benefits a policy can hold. @since 1.0 */
#define VIPCARE_BENEFITS_MAX 64
/** The longest benefit id, in bytes (`[A-Za-z0-9_.-]{1,64}`). @since 1.0 */
#define VIPCARE_BENEFIT_ID_MAX 64
/** The longest benefit display name, in bytes of UTF-8. @since 1.0 */
#define VIPCARE_BENEFIT_NAME_MAX 128

/**
 * @brief The period a benefit's quota counts over. Values pinned.
 *
 * Periods follow the local calendar: a day; an ISO week, Monday to Sunday;
 * a calendar month; a calendar quarter; a calendar year; the customer's
 * whole life (never resets); or no quota at all.
 * @since 1.0
 */
enum vipcare_period {
	VIPCARE_PERIOD_DAY = 0,       /**< `N per day` @since 1.0 */
	VIPCARE_PERIOD_WEEK = 1,      /**< `N per week` (ISO, Monday first) @since 1.0 */
	VIPCARE_PERIOD_MONTH = 2,     /**< `N per month` @since 1.0 */
	VIPCARE_PERIOD_QUARTER = 3,   /**< `N per quarter` @since 1.0 */
	VIPCARE_PERIOD_YEAR = 4,      /**< `N per year` @since 1.0 */
	VIPCARE_PERIOD_LIFETIME = 5,  /**< `N per lifetime` @since 1.0 */
	VIPCARE_PERIOD_UNLIMITED = 6, /**< `unlimited`: no count @since 1.0 */
};

/**
 * @brief When a benefit may be used. Values pinned.
 * @since 1.0
 */
enum vipcare_window {
	/** Any day: `always`. @since 1.0 */
	VIPCARE_WINDOW_ALWAYS = 0,
	/** The month of the customer's birthday: `birthday_month`. @since 1.0 */
	VIPCARE_WINDOW_BIRTHDAY_MONTH = 1,
	/** N days either side of the birthday: `birthday±N` (N 0 .. 366). @since 1.0 */
	VIPCARE_WINDOW_BIRTHDAY_DAYS = 2,
	/** The first N days from the first sale, that day being day 1: `first_N_days` (N ≥ 1). @since 1.0 */
	VIPCARE_WINDOW_FIRST_DAYS = 3,
};

/**
 * @brief The policy file word of a period ("day", "week", "month",
 * "quarter", "year", "lifetime", "unlimited"). Thread-safe.
 * @param period a value of enum vipcare_period
 * @return static text, or NULL for an unknown period
 * @since 1.0
 */
VIPCARE_API const char *vipcare_period_name(int period);

/**
 * @brief The number of benefits, in the policy's order (the defaults first).
 * @param[in] policy the policy, or NULL
 * @return 0 .. VIPCARE_BENEFITS_MAX; 0 for NULL
 * @since 1.0
 */
VIPCARE_API size_t vipcare_policy_benefit_count(const struct vipcare_policy *policy);

/**
 * @brief The id of a benefit.
 * @param[in] policy the policy
 * @param index 0 .. vipcare_policy_benefit_count() - 1
 * @return text owned by the policy, valid until its benefits change; NULL
 *         when @p policy is NULL or @p index out of range
 * @since 1.0
 */
VIPCARE_API const char *vipcare_policy_benefit_id(const struct vipcare_policy *policy, size_t index);

/**
 * @brief The index of a benefit id.
 * @param[in] policy the policy
 * @param[in] id a benefit id
 * @param[out] index its index
 * @return VIPCARE_OK; VIPCARE_E_INVALID_ARGUMENT for a NULL argument;
 *         VIPCARE_E_RANGE when the policy has no such benefit
 * @since 1.0
 */
VIPCARE_API int vipcare_policy_benefit_index(const struct vipcare_policy *policy, const char *id,
					     size_t *index);

/**
 * @brief Appends a benefit: its name is its id, its lowest tier the base
 * tier, its window `always`, and it has no quota yet (every tier at or
 * above its lowest tier needs one before the policy validates).
 * @param[in,out] policy the policy
 * @param[in] id `[A-Za-z0-9_.-]{1,64}`, not yet in the policy
 * @param[out] index receives its index (may be NULL)
 * @return VIPCARE_OK; VIPCARE_E_INVALID_ARGUMENT for NULL; VIPCARE_E_ID for
 *         a malformed id; VIPCARE_E_DUPLICATE when the id is there already;
 *         VIPCARE_E_LIMIT past VIPCARE_BENEFITS_MAX
 * @since 1.0
 */
VIPCARE_API int vipcare_policy_add_benefit(struct vipcare_policy *policy, const char *id,
					   size_t *index);

/**
 * @brief Sets a benefit's display name.
 * @param[in,out] policy the policy
 * @param index a benefit index
 * @param[in] name 1 .. VIPCARE_BENEFIT_NAME_MAX bytes of UTF-8 without
 *        control characters, `#` or `;`, nor spaces at either end (so that
 *        it survives a policy file)
 * @return VIPCARE_OK; VIPCARE_E_INVALID_ARGUMENT for NULL or a bad index;
 *         VIPCARE_E_RANGE for a name that is not allowed
 * @since 1.0
 */
VIPCARE_API int vipcare_policy_set_benefit_name(struct vipcare_policy *policy, size_t index,
						const char *name);

/**
 * @brief A benefit's display name.
 * @param[in] policy the policy
 * @param index a benefit index
 * @return text owned by the policy, valid until it changes; NULL for a
 *         NULL policy or a bad index
 * @since 1.0
 */
VIPCARE_API const char *vipcare_policy_benefit_name(const struct vipcare_policy *policy,
						    size_t index);

/**
 * @brief Sets the lowest tier that may use a benefit.
 * @param[in,out] policy the policy
 * @param index a benefit index
 * @param rank a tier rank
 * @return VIPCARE_OK or VIPCARE_E_INVALID_ARGUMENT
 * @since 1.0
 */
VIPCARE_API int vipcare_policy_set_benefit_min_tier(struct vipcare_policy *policy, size_t index,
						    int rank);

/**
 * @brief The lowest tier that may use a benefit.
 * @param[in] policy the policy
 * @param index a benefit index
 * @return its rank, or VIPCARE_E_INVALID_ARGUMENT for a NULL policy or a
 *         bad index, and for a benefit whose lowest tier was taken off the
 *         tier list by vipcare_policy_set_tiers() until one is set again
 * @since 1.0
 */
VIPCARE_API int vipcare_policy_benefit_min_tier(const struct vipcare_policy *policy, size_t index);

/**
 * @brief Sets a benefit's quota for one tier, or for every tier.
 * @param[in,out] policy the policy
 * @param index a benefit index
 * @param rank a tier rank, or -1 for every tier of the current list
 * @param period a value of enum vipcare_period
 * @param count how many uses per period, 1 .. 1000000 (ignored for
 *        VIPCARE_PERIOD_UNLIMITED)
 * @return VIPCARE_OK; VIPCARE_E_INVALID_ARGUMENT for NULL, a bad index or
 *         rank; VIPCARE_E_RANGE for a bad period or count
 * @since 1.0
 */
VIPCARE_API int vipcare_policy_set_benefit_quota(struct vipcare_policy *policy, size_t index,
						 int rank, int period, int32_t count);

/**
 * @brief A benefit's quota for one tier.
 * @param[in] policy the policy
 * @param index a benefit index
 * @param rank a tier rank
 * @param[out] period its period, a value of enum vipcare_period; -1 when
 *        the tier has no quota (may be NULL)
 * @param[out] count uses per period; 0 for unlimited and when the tier has
 *        no quota (may be NULL)
 * @return 1 when the tier has a quota, 0 when not; VIPCARE_E_INVALID_ARGUMENT
 * @since 1.0
 */
VIPCARE_API int vipcare_policy_benefit_quota(const struct vipcare_policy *policy, size_t index,
					     int rank, int *period, int32_t *count);

/**
 * @brief Sets when a benefit may be used.
 * @param[in,out] policy the policy
 * @param index a benefit index
 * @param window a value of enum vipcare_window
 * @param days N for VIPCARE_WINDOW_BIRTHDAY_DAYS (0 .. 366) and
 *        VIPCARE_WINDOW_FIRST_DAYS (1 .. 36525); ignored otherwise
 * @return VIPCARE_OK; VIPCARE_E_INVALID_ARGUMENT for NULL or a bad index;
 *         VIPCARE_E_RANGE for a bad window or N
 * @since 1.0
 */
VIPCARE_API int vipcare_policy_set_benefit_window(struct vipcare_policy *policy, size_t index,
						  int window, int32_t days);

/**
 * @brief When a benefit may be used.
 * @param[in] policy the policy
 * @param index a benefit index
 * @param[out] days N of `birthday±N` and `first_N_days`, 0 otherwise (may
 *        be NULL)
 * @return a value of enum vipcare_window, or VIPCARE_E_INVALID_ARGUMENT
 * @since 1.0
 */
VIPCARE_API int vipcare_policy_benefit_window(const struct vipcare_policy *policy, size_t index,
					      int32_t *days);

/* ------------------------------------------------------------------ */
/* Care rules                                                          */
/* ------------------------------------------------------------------ */

/**
 * @brief The kinds of care contact the staff owe their customers, in the
 * agenda's order. Values pinned.
 * @since 1.0
 */
enum vipcare_care_kind {
	VIPCARE_CARE_WELCOME = 0,         /**< `welcome`: on the first sale date @since 1.0 */
	VIPCARE_CARE_FOLLOWUP_3D = 1,     /**< `followup_3d`: days after the first sale @since 1.0 */
	VIPCARE_CARE_BIRTHDAY = 2,        /**< `birthday`: lead days before the birthday @since 1.0 */
	VIPCARE_CARE_LAPSE = 3,           /**< `lapse`: lapse_days after a last sale @since 1.0 */
	VIPCARE_CARE_ADVISOR_CONTACT = 4, /**< `advisor_contact`: every period of the tier @since 1.0 */
	VIPCARE_CARE_TIER_CHANGE = 5,     /**< `tier_change`: on the date the tier changes @since 1.0 */
};
/** The number of care kinds. @since 1.0 */
#define VIPCARE_CARE_KINDS 6

/**
 * @brief The name of a care kind ("welcome", "followup_3d", "birthday",
 * "lapse", "advisor_contact", "tier_change"). Thread-safe.
 * @param kind a value of enum vipcare_care_kind
 * @return static text, or NULL for an unknown kind
 * @since 1.0
 */
VIPCARE_API const char *vipcare_care_kind_name(int kind);

/**
 * @brief The care kind of a name. Thread-safe.
 * @param[in] name a care kind name
 * @return the kind (0 ..), or VIPCARE_E_RANGE for an unknown or NULL name
 * @since 1.0
 */
VIPCARE_API int vipcare_care_kind_from_name(const char *name);

/**
 * @brief Turns a care kind on or off.
 * @param[in,out] policy the policy
 * @param kind a value of enum vipcare_care_kind
 * @param enabled 1 or 0
 * @return VIPCARE_OK; VIPCARE_E_INVALID_ARGUMENT for NULL or a bad kind;
 *         VIPCARE_E_RANGE for a value other than 0 and 1
 * @since 1.0
 */
VIPCARE_API int vipcare_policy_set_care_enabled(struct vipcare_policy *policy, int kind, int enabled);

/**
 * @brief Whether a care kind is on.
 * @param[in] policy the policy
 * @param kind a value of enum vipcare_care_kind
 * @return 1 or 0; VIPCARE_E_INVALID_ARGUMENT for NULL or a bad kind
 * @since 1.0
 */
VIPCARE_API int vipcare_policy_care_enabled(const struct vipcare_policy *policy, int kind);

/**
 * @brief Sets the lowest tier a care kind is for (the tier on the item's
 * due date).
 * @param[in,out] policy the policy
 * @param kind a value of enum vipcare_care_kind
 * @param rank a tier rank
 * @return VIPCARE_OK or VIPCARE_E_INVALID_ARGUMENT
 * @since 1.0
 */
VIPCARE_API int vipcare_policy_set_care_min_tier(struct vipcare_policy *policy, int kind, int rank);

/**
 * @brief The lowest tier a care kind is for.
 * @param[in] policy the policy
 * @param kind a value of enum vipcare_care_kind
 * @return its rank; VIPCARE_E_INVALID_ARGUMENT for NULL or a bad kind
 * @since 1.0
 */
VIPCARE_API int vipcare_policy_care_min_tier(const struct vipcare_policy *policy, int kind);

/**
 * @brief Sets whether a care kind is marketing (not listed for customers
 * who opted out of marketing; counted as suppressed).
 * @param[in,out] policy the policy
 * @param kind a value of enum vipcare_care_kind
 * @param marketing 1 or 0
 * @return VIPCARE_OK; VIPCARE_E_INVALID_ARGUMENT; VIPCARE_E_RANGE
 * @since 1.0
 */
VIPCARE_API int vipcare_policy_set_care_marketing(struct vipcare_policy *policy, int kind,
						  int marketing);

/**
 * @brief Whether a care kind is marketing.
 * @param[in] policy the policy
 * @param kind a value of enum vipcare_care_kind
 * @return 1 or 0; VIPCARE_E_INVALID_ARGUMENT for NULL or a bad kind
 * @since 1.0
 */
VIPCARE_API int vipcare_policy_care_marketing(const struct vipcare_policy *policy, int kind);

/**
 * @brief Sets the channels of a care kind, most preferred first: an item
 * goes through the first one the customer consented to.
 * @param[in,out] policy the policy
 * @param kind a value of enum vipcare_care_kind
 * @param[in] channels @p count values of enum vipcare_channel, no repeats
 * @param count 0 .. VIPCARE_CHANNEL_COUNT (0: every item is `no_channel`)
 * @return VIPCARE_OK; VIPCARE_E_INVALID_ARGUMENT for NULL or a bad kind;
 *         VIPCARE_E_RANGE for an unknown channel, a repeat or a bad count
 * @since 1.0
 */
VIPCARE_API int vipcare_policy_set_care_channels(struct vipcare_policy *policy, int kind,
						 const int *channels, size_t count);

/**
 * @brief The channels of a care kind.
 * @param[in] policy the policy
 * @param kind a value of enum vipcare_care_kind
 * @param[out] channels receives up to @p capacity channels (may be NULL
 *        when @p capacity is 0)
 * @param capacity the room in @p channels
 * @return the number of channels of the kind (which may exceed
 *         @p capacity); VIPCARE_E_INVALID_ARGUMENT for NULL or a bad kind
 * @since 1.0
 */
VIPCARE_API int vipcare_policy_care_channels(const struct vipcare_policy *policy, int kind,
					     int *channels, size_t capacity);

/**
 * @brief Sets the days of a care kind that has them: `followup_3d`'s days
 * after the first sale (`days`, 0 .. 36525) and `birthday`'s lead days
 * before the birthday (`lead_days`, 0 .. 366).
 * @param[in,out] policy the policy
 * @param kind VIPCARE_CARE_FOLLOWUP_3D or VIPCARE_CARE_BIRTHDAY
 * @param days the days
 * @return VIPCARE_OK; VIPCARE_E_INVALID_ARGUMENT for NULL or another kind;
 *         VIPCARE_E_RANGE
 * @since 1.0
 */
VIPCARE_API int vipcare_policy_set_care_days(struct vipcare_policy *policy, int kind, int32_t days);

/**
 * @brief The days of `followup_3d` or `birthday`.
 * @param[in] policy the policy
 * @param kind VIPCARE_CARE_FOLLOWUP_3D or VIPCARE_CARE_BIRTHDAY
 * @return the days; VIPCARE_E_INVALID_ARGUMENT for NULL or another kind
 * @since 1.0
 */
VIPCARE_API int32_t vipcare_policy_care_days(const struct vipcare_policy *policy, int kind);

/**
 * @brief Sets how often an advisor contacts customers of a tier.
 * @param[in,out] policy the policy
 * @param rank a tier rank
 * @param period VIPCARE_PERIOD_DAY .. VIPCARE_PERIOD_YEAR, or -1 for none
 *        (no advisor contact for that tier)
 * @return VIPCARE_OK; VIPCARE_E_INVALID_ARGUMENT for NULL or a bad rank;
 *         VIPCARE_E_RANGE for another period
 * @since 1.0
 */
VIPCARE_API int vipcare_policy_set_advisor_period(struct vipcare_policy *policy, int rank,
						  int period);

/**
 * @brief How often an advisor contacts customers of a tier.
 * @param[in] policy the policy
 * @param rank a tier rank
 * @return VIPCARE_PERIOD_DAY .. VIPCARE_PERIOD_YEAR, -1 for none;
 *         VIPCARE_E_INVALID_ARGUMENT for NULL or a bad rank
 * @since 1.0
 */
VIPCARE_API int vipcare_policy_advisor_period(const struct vipcare_policy *policy, int rank);

#ifdef __cplusplus
}
#endif

#endif /* VIPCARE_POLICY_H */
