/*
 * libvipcare — VIP customer care for shopping malls.
 * SPDX-License-Identifier: MIT
 */
#ifndef VIPCARE_POLICY_H
#define VIPCARE_POLICY_H

/**
 * @file policy.h
 * @brief The mall's programme rules: tiers, their thresholds and the
 * programme's settings, built in code or read from a policy file.
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

/** A policy: the tiers and settings of a VIP programme. @since 1.0 */
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
 * @param[out] out the new policy, with one reference; NULL on error
 * @return VIPCARE_OK, VIPCARE_E_INVALID_ARGUMENT or VIPCARE_E_NO_MEMORY
 * @since 1.0
 */
VIPCARE_API int vipcare_policy_new(struct vipcare_policy **out);

/**
 * @brief Creates an independent copy of a policy.
 * @param[out] out the copy, with one reference; NULL on error
 * @param policy the policy to copy
 * @return VIPCARE_OK, VIPCARE_E_INVALID_ARGUMENT or VIPCARE_E_NO_MEMORY
 * @since 1.0
 */
VIPCARE_API int vipcare_policy_copy(struct vipcare_policy **out, const struct vipcare_policy *policy);

/**
 * @brief Takes a reference.
 * @param policy a policy, or NULL
 * @return @p policy
 * @since 1.0
 */
VIPCARE_API struct vipcare_policy *vipcare_policy_ref(struct vipcare_policy *policy);

/**
 * @brief Drops a reference; the last one frees the policy. NULL is a no-op.
 * @param policy a policy, or NULL
 * @return NULL
 * @since 1.0
 */
VIPCARE_API struct vipcare_policy *vipcare_policy_unref(struct vipcare_policy *policy);

/**
 * @brief The detailed message of the last call on this policy that failed.
 * @param policy a policy
 * @return text owned by the policy, valid until its next failing call;
 *         "" when no call failed
 * @since 1.0
 */
VIPCARE_API const char *vipcare_policy_last_error(const struct vipcare_policy *policy);

/**
 * @brief Reads a policy file over this policy.
 *
 * Anything the file does not give keeps its current value. The whole
 * result is validated; on any error the policy is left exactly as it was
 * and the last error names the file, line, key and what was expected.
 * @param policy the policy to change
 * @param path a file path
 * @return VIPCARE_OK, VIPCARE_E_IO, VIPCARE_E_POLICY_SYNTAX,
 *         VIPCARE_E_POLICY_KEY, VIPCARE_E_POLICY_VALUE,
 *         VIPCARE_E_POLICY_INVALID, VIPCARE_E_UNKNOWN_TIER or VIPCARE_E_NO_MEMORY
 * @since 1.0
 */
VIPCARE_API int vipcare_policy_load_file(struct vipcare_policy *policy, const char *path);

/**
 * @brief Reads policy text over this policy, as vipcare_policy_load_file().
 * @param policy the policy to change
 * @param text the text, UTF-8, not necessarily NUL-terminated
 * @param len its length in bytes
 * @param name the name used for the text in messages (a file name), or NULL
 *        for "<policy>"
 * @return as vipcare_policy_load_file()
 * @since 1.0
 */
VIPCARE_API int vipcare_policy_load_string(struct vipcare_policy *policy, const char *text,
					   size_t len, const char *name);

/**
 * @brief Writes the whole effective policy as policy file text.
 *
 * Loading the text over a default policy gives an equal policy.
 * @param policy the policy
 * @param[out] out NUL-terminated text; free it with vipcare_free()
 * @return VIPCARE_OK, VIPCARE_E_INVALID_ARGUMENT or VIPCARE_E_NO_MEMORY
 * @since 1.0
 */
VIPCARE_API int vipcare_policy_to_text(const struct vipcare_policy *policy, char **out);

/**
 * @brief Checks the policy as a whole: tier names, thresholds rising with
 * the tiers, the VIP tier being listed.
 * @param policy the policy
 * @return VIPCARE_OK or VIPCARE_E_POLICY_INVALID (the last error says why)
 * @since 1.0
 */
VIPCARE_API int vipcare_policy_validate(struct vipcare_policy *policy);

/**
 * @brief Compares two policies.
 * @return 1 when they hold the same rules, 0 when not (or either is NULL)
 * @since 1.0
 */
VIPCARE_API int vipcare_policy_equal(const struct vipcare_policy *a, const struct vipcare_policy *b);

/**
 * @brief Sets the programme's display name (1 .. 128 bytes of UTF-8 text).
 * @return VIPCARE_OK, VIPCARE_E_INVALID_ARGUMENT or VIPCARE_E_RANGE
 * @since 1.0
 */
VIPCARE_API int vipcare_policy_set_name(struct vipcare_policy *policy, const char *name);

/**
 * @brief The programme's display name.
 * @return text owned by the policy, valid until it is changed
 * @since 1.0
 */
VIPCARE_API const char *vipcare_policy_name(const struct vipcare_policy *policy);

/**
 * @brief Sets a numeric setting.
 * @param policy the policy
 * @param setting a value of enum vipcare_setting
 * @param value within vipcare_setting_bounds()
 * @return VIPCARE_OK, VIPCARE_E_INVALID_ARGUMENT (unknown setting) or
 *         VIPCARE_E_RANGE
 * @since 1.0
 */
VIPCARE_API int vipcare_policy_set(struct vipcare_policy *policy, int setting, int64_t value);

/**
 * @brief Reads a numeric setting.
 * @param policy the policy
 * @param setting a value of enum vipcare_setting
 * @param[out] out its value
 * @return VIPCARE_OK or VIPCARE_E_INVALID_ARGUMENT
 * @since 1.0
 */
VIPCARE_API int vipcare_policy_get(const struct vipcare_policy *policy, int setting, int64_t *out);

/**
 * @brief The allowed range of a numeric setting. Thread-safe.
 * @param setting a value of enum vipcare_setting
 * @param[out] min may be NULL
 * @param[out] max may be NULL
 * @return VIPCARE_OK or VIPCARE_E_INVALID_ARGUMENT
 * @since 1.0
 */
VIPCARE_API int vipcare_setting_bounds(int setting, int64_t *min, int64_t *max);

/**
 * @brief The policy file key of a numeric setting ("window_days"...).
 * Thread-safe.
 * @return static text, or NULL for an unknown setting
 * @since 1.0
 */
VIPCARE_API const char *vipcare_setting_name(int setting);

/**
 * @brief Replaces the list of tiers, lowest first; the first is the base.
 *
 * Thresholds of names that stay listed are kept; a new name starts with no
 * thresholds (vipcare_policy_validate() then asks for some). When the VIP
 * tier is no longer listed it becomes the second tier (or the base).
 * @param policy the policy
 * @param names @p count tier names, each `[A-Za-z0-9_-]{1,32}`, not `none`,
 *        no repeats
 * @param count 1 .. VIPCARE_TIERS_MAX
 * @return VIPCARE_OK, VIPCARE_E_INVALID_ARGUMENT, VIPCARE_E_RANGE or VIPCARE_E_ID
 * @since 1.0
 */
VIPCARE_API int vipcare_policy_set_tiers(struct vipcare_policy *policy, const char *const *names,
					 size_t count);

/**
 * @brief The number of tiers.
 * @return 1 .. VIPCARE_TIERS_MAX, or 0 for NULL
 * @since 1.0
 */
VIPCARE_API size_t vipcare_policy_tier_count(const struct vipcare_policy *policy);

/**
 * @brief The name of the tier of a rank (0 is the base tier).
 * @return text owned by the policy, or NULL when @p rank is out of range
 * @since 1.0
 */
VIPCARE_API const char *vipcare_policy_tier_name(const struct vipcare_policy *policy, int rank);

/**
 * @brief The rank of a tier name.
 * @param policy the policy
 * @param name a tier name
 * @param[out] rank 0 (base) .. count - 1
 * @return VIPCARE_OK or VIPCARE_E_UNKNOWN_TIER
 * @since 1.0
 */
VIPCARE_API int vipcare_policy_tier_rank(const struct vipcare_policy *policy, const char *name,
					 int *rank);

/**
 * @brief Sets or clears a tier's lowest net spend over the window.
 * @param policy the policy
 * @param rank 1 .. count - 1 (the base tier has no thresholds)
 * @param has 1 to set, 0 to clear
 * @param min_spend minor units, 0 .. 10^15 (ignored when clearing)
 * @return VIPCARE_OK, VIPCARE_E_INVALID_ARGUMENT or VIPCARE_E_RANGE
 * @since 1.0
 */
VIPCARE_API int vipcare_policy_set_tier_min_spend(struct vipcare_policy *policy, int rank, int has,
						  int64_t min_spend);

/**
 * @brief Sets or clears a tier's lowest number of visits over the window.
 * @param policy the policy
 * @param rank 1 .. count - 1
 * @param has 1 to set, 0 to clear
 * @param min_visits 0 .. 36525 (ignored when clearing)
 * @return VIPCARE_OK, VIPCARE_E_INVALID_ARGUMENT or VIPCARE_E_RANGE
 * @since 1.0
 */
VIPCARE_API int vipcare_policy_set_tier_min_visits(struct vipcare_policy *policy, int rank, int has,
						   int32_t min_visits);

/**
 * @brief A tier's spend threshold.
 * @param policy the policy
 * @param rank a tier rank
 * @param[out] min_spend the threshold, 0 when it has none (may be NULL)
 * @return 1 when the tier has a spend threshold, 0 when not, or
 *         VIPCARE_E_INVALID_ARGUMENT
 * @since 1.0
 */
VIPCARE_API int vipcare_policy_tier_min_spend(const struct vipcare_policy *policy, int rank,
					      int64_t *min_spend);

/**
 * @brief A tier's visits threshold.
 * @param policy the policy
 * @param rank a tier rank
 * @param[out] min_visits the threshold, 0 when it has none (may be NULL)
 * @return 1 when the tier has a visits threshold, 0 when not, or
 *         VIPCARE_E_INVALID_ARGUMENT
 * @since 1.0
 */
VIPCARE_API int vipcare_policy_tier_min_visits(const struct vipcare_policy *policy, int rank,
					       int32_t *min_visits);

/**
 * @brief Sets the lowest tier that counts as VIP (KPIs, churn).
 * @param policy the policy
 * @param rank a tier rank
 * @return VIPCARE_OK or VIPCARE_E_INVALID_ARGUMENT
 * @since 1.0
 */
VIPCARE_API int vipcare_policy_set_vip_min_tier(struct vipcare_policy *policy, int rank);

/**
 * @brief The lowest tier that counts as VIP.
 * @return its rank, or VIPCARE_E_INVALID_ARGUMENT for NULL
 * @since 1.0
 */
VIPCARE_API int vipcare_policy_vip_min_tier(const struct vipcare_policy *policy);

#ifdef __cplusplus
}
#endif

#endif /* VIPCARE_POLICY_H */
