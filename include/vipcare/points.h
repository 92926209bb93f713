/*
 * libvipcare — VIP customer care for shopping malls.
 * SPDX-License-Identifier: MIT
 */
#ifndef VIPCARE_POINTS_H
#define VIPCARE_POINTS_H

/**
 * @file points.h
 * @brief Points (DESIGN §5b): earned on every sale at the multiplier of
 * the customer's tier on the sale date, kept in lots by calendar year,
 * expiring after the policy's years, taken back by refunds, and spent by
 * points redemptions, oldest lots first.
 *
 * Points are not stored per sale: a balance is worked out from the
 * customer's transactions, tier history and points redemptions when asked
 * (docs/points.md), so recording a sale costs nothing more and every
 * figure is a pure function of the engine's state.
 */

#include "common.h"
#include "engine.h"
#include "policy.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @brief Sets the money per point (`[points] unit`), in minor units.
 * @param[in,out] policy the policy
 * @param unit minor units per point, 1 .. 100000000 (100.00 is 10000)
 * @return VIPCARE_OK; VIPCARE_E_INVALID_ARGUMENT for NULL; VIPCARE_E_RANGE
 *         for a unit out of range (the message in the policy's last error)
 * @since 1.0
 */
VIPCARE_API int vipcare_policy_set_points_unit(struct vipcare_policy *policy, int64_t unit);

/**
 * @brief The money per point, in minor units (default 100: 1.00).
 * @param[in] policy the policy
 * @return the unit; VIPCARE_E_INVALID_ARGUMENT for NULL
 * @since 1.0
 */
VIPCARE_API int64_t vipcare_policy_points_unit(const struct vipcare_policy *policy);

/**
 * @brief Sets how many calendar years after the year earned points stay
 * (`[points] expiry_years`): points of year Y are in the balance through
 * 31 December of Y + years.
 * @param[in,out] policy the policy
 * @param years 0 .. 100
 * @return VIPCARE_OK; VIPCARE_E_INVALID_ARGUMENT for NULL; VIPCARE_E_RANGE
 * @since 1.0
 */
VIPCARE_API int vipcare_policy_set_points_expiry_years(struct vipcare_policy *policy, int32_t years);

/**
 * @brief The points' expiry years (default 1).
 * @param[in] policy the policy
 * @return the years; VIPCARE_E_INVALID_ARGUMENT for NULL
 * @since 1.0
 */
VIPCARE_API int32_t vipcare_policy_points_expiry_years(const struct vipcare_policy *policy);

/**
 * @brief Sets the points multiplier of a tier (`[points] multiplier.TIER`),
 * in hundredths: 1.5 is 150.
 * @param[in,out] policy the policy
 * @param rank a tier rank
 * @param hundredths 0 .. 100000 (0 .. 1000.00)
 * @return VIPCARE_OK; VIPCARE_E_INVALID_ARGUMENT for NULL or a bad rank;
 *         VIPCARE_E_RANGE
 * @since 1.0
 */
VIPCARE_API int vipcare_policy_set_points_multiplier(struct vipcare_policy *policy, int rank,
						     int64_t hundredths);

/**
 * @brief The points multiplier of a tier, in hundredths (defaults: member
 * 100, gold 100, platinum 150, diamond 200; a tier without one earns 100).
 * @param[in] policy the policy
 * @param rank a tier rank
 * @return the multiplier; VIPCARE_E_INVALID_ARGUMENT for NULL or a bad rank
 * @since 1.0
 */
VIPCARE_API int64_t vipcare_policy_points_multiplier(const struct vipcare_policy *policy, int rank);

/**
 * @brief A customer's points balance as of the end of a date.
 *
 * @param[in] engine the engine
 * @param[in] customer_id a customer the engine knows
 * @param asof the date (its whole day counts)
 * @param[out] balance receives the unexpired points less any debt (may be
 *        negative when refunds took back points already spent or expired)
 * @param[out] next_expiry receives the last day of the oldest lot that
 *        still holds points (31 December), or VIPCARE_DATE_NONE; may be NULL
 * @param[out] next_expiry_points receives the points that expire after
 *        that day, or 0; may be NULL
 * @return VIPCARE_OK; VIPCARE_E_UNKNOWN_CUSTOMER; VIPCARE_E_DATE;
 *         VIPCARE_E_INVALID_ARGUMENT; VIPCARE_E_NO_MEMORY
 * @since 1.0
 */
VIPCARE_API int vipcare_engine_points_balance(struct vipcare_engine *engine, const char *customer_id,
					      int32_t asof, int64_t *balance, int32_t *next_expiry,
					      int64_t *next_expiry_points);

/**
 * @brief Spends points: idempotent on the redemption id, oldest unexpired
 * lots first, and never overspending.
 *
 * The redemption is accepted when, with it, every accepted points
 * redemption of the customer stays covered at its own time (DESIGN §11).
 * A retry with the same id and the same content answers VIPCARE_OK again
 * and spends nothing more.
 *
 * @param[in] engine the engine
 * @param[in] redemption_id its id (1..64 bytes)
 * @param[in] customer_id a customer the engine knows
 * @param at when the points are spent
 * @param points how many, 1 .. 10^15
 * @param[in] reason what they were spent on (an id of 1..64 bytes, for
 *        example "parking"), or NULL
 * @return VIPCARE_OK; VIPCARE_E_REFUSED (`insufficient_points`: the
 *         message gives the balance at that time); VIPCARE_E_DUPLICATE for
 *         a repeated id with other content; VIPCARE_E_UNKNOWN_CUSTOMER;
 *         VIPCARE_E_ID; VIPCARE_E_RANGE; VIPCARE_E_TIMESTAMP;
 *         VIPCARE_E_NO_MEMORY. On error nothing is recorded.
 * @since 1.0
 */
VIPCARE_API int vipcare_engine_redeem_points(struct vipcare_engine *engine, const char *redemption_id,
					     const char *customer_id, int64_t at, int64_t points,
					     const char *reason);

/**
 * @brief The number of accepted points redemptions the engine holds.
 * @param[in] engine the engine, or NULL
 * @return the count; 0 for NULL
 * @since 1.0
 */
VIPCARE_API size_t vipcare_engine_points_redemption_count(const struct vipcare_engine *engine);

#ifdef __cplusplus
}
#endif

#endif /* VIPCARE_POINTS_H */
