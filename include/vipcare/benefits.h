/*
 * libvipcare — VIP customer care for shopping malls.
 * SPDX-License-Identifier: MIT
 */
#ifndef VIPCARE_BENEFITS_H
#define VIPCARE_BENEFITS_H

/**
 * @file benefits.h
 * @brief Benefits at the till: what a customer may use right now, and
 * using it.
 *
 * A cashier scans a member card; the POS asks the engine for the checkout
 * screen (vipcare_engine_checkout()): every benefit of the policy with its
 * decision, the quota left in the current period and the period's last
 * day. Using one is vipcare_engine_redeem(), idempotent on the redemption
 * id so that a POS may retry. The rules are in docs/benefits.md.
 */

#include "common.h"
#include "engine.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @brief Decisions about benefits for one customer at one time: the
 * checkout screen, a single check, or the answer to a redemption. A
 * reusable handle: each call fills it anew.
 * @since 1.0
 */
struct vipcare_checkout;

/**
 * @brief Why a benefit may or may not be used, checked in this order.
 * Values pinned.
 * @since 1.0
 */
enum vipcare_reason {
	/** Eligible. @since 1.0 */
	VIPCARE_REASON_OK = 0,
	/** The engine does not know the customer. @since 1.0 */
	VIPCARE_REASON_UNKNOWN_CUSTOMER = 1,
	/** The policy has no such benefit. @since 1.0 */
	VIPCARE_REASON_UNKNOWN_BENEFIT = 2,
	/** The customer's tier on that date is below the benefit's lowest tier. @since 1.0 */
	VIPCARE_REASON_TIER_TOO_LOW = 3,
	/** A birthday benefit, and the customer's birthday is unknown. @since 1.0 */
	VIPCARE_REASON_UNKNOWN_BIRTHDAY = 4,
	/** Outside the benefit's window (birthday month or days, first days). @since 1.0 */
	VIPCARE_REASON_OUTSIDE_WINDOW = 5,
	/** Nothing (or not enough) left of the quota in this period. @since 1.0 */
	VIPCARE_REASON_QUOTA_EXHAUSTED = 6,
	/** A points redemption larger than the balance it may use (points.h). @since 1.0 */
	VIPCARE_REASON_INSUFFICIENT_POINTS = 7,
};

/**
 * @brief The name of a reason ("ok", "unknown_customer", "unknown_benefit",
 * "tier_too_low", "unknown_birthday", "outside_window", "quota_exhausted",
 * "insufficient_points").
 * Thread-safe.
 * @param reason a value of enum vipcare_reason
 * @return static text, or NULL for an unknown value
 * @since 1.0
 */
VIPCARE_API const char *vipcare_reason_name(int reason);

/**
 * @brief Creates an empty decision list.
 * @param[out] out receives the handle, with one reference owned by the
 *        caller; set to NULL on error
 * @return VIPCARE_OK; VIPCARE_E_INVALID_ARGUMENT when @p out is NULL;
 *         VIPCARE_E_NO_MEMORY
 * @since 1.0
 */
VIPCARE_API int vipcare_checkout_new(struct vipcare_checkout **out);

/**
 * @brief Takes a reference.
 * @param[in] checkout a handle, or NULL
 * @return @p checkout
 * @since 1.0
 */
VIPCARE_API struct vipcare_checkout *vipcare_checkout_ref(struct vipcare_checkout *checkout);

/**
 * @brief Drops a reference; the last one frees the handle. NULL is a no-op.
 * @param[in] checkout a handle, or NULL
 * @return NULL
 * @since 1.0
 */
VIPCARE_API struct vipcare_checkout *vipcare_checkout_unref(struct vipcare_checkout *checkout);

/**
 * @brief The checkout screen: every benefit of the engine's policy, in the
 * policy's order, with its decision for one customer at one time.
 *
 * One call; the decisions live in @p out until it is filled again, and
 * nothing is left for the caller to free one by one. An unknown customer
 * is not an error: every decision then says unknown_customer.
 * @param[in,out] engine the engine (its working memory is used)
 * @param[in] customer_id the customer
 * @param at the local time of the checkout (seconds since 1970-01-01)
 * @param[out] out the list to fill
 * @return VIPCARE_OK; VIPCARE_E_INVALID_ARGUMENT for a NULL argument;
 *         VIPCARE_E_TIMESTAMP for an @p at out of range; VIPCARE_E_NO_MEMORY
 * @since 1.0
 */
VIPCARE_API int vipcare_engine_checkout(struct vipcare_engine *engine, const char *customer_id,
					int64_t at, struct vipcare_checkout *out);

/**
 * @brief One benefit's decision for one customer at one time.
 * @param[in,out] engine the engine
 * @param[in] customer_id the customer
 * @param[in] benefit_id the benefit
 * @param at the local time
 * @param[out] out receives one decision
 * @return as vipcare_engine_checkout()
 * @since 1.0
 */
VIPCARE_API int vipcare_engine_check_benefit(struct vipcare_engine *engine, const char *customer_id,
					     const char *benefit_id, int64_t at,
					     struct vipcare_checkout *out);

/**
 * @brief Uses a benefit: records @p quantity uses in the period that
 * contains @p at, or refuses.
 *
 * The redemption id makes it idempotent: a redemption id already recorded
 * with the same customer, benefit, time and quantity answers VIPCARE_OK
 * again and spends nothing more (vipcare_checkout_replayed() says so); the
 * same id with other content is VIPCARE_E_DUPLICATE. A refusal records
 * nothing, so a refused id may be tried again later. A quantity above what
 * is left is refused whole. A redemption dated in the past counts in the
 * period it belongs to. Redemptions are part of the engine's state.
 * @param[in,out] engine the engine
 * @param[in] redemption_id an id as for transactions, unique among redemptions
 * @param[in] customer_id the customer (it must be known)
 * @param[in] benefit_id the benefit
 * @param at the local time of the use
 * @param quantity 1 .. 1000000
 * @param[out] out receives the decision the answer rests on (the quota
 *        left after this redemption when it was recorded); may be NULL
 * @return VIPCARE_OK when recorded now or before; VIPCARE_E_REFUSED with
 *         the reason in @p out and in the engine's last error;
 *         VIPCARE_E_DUPLICATE; VIPCARE_E_INVALID_ARGUMENT; VIPCARE_E_ID;
 *         VIPCARE_E_TIMESTAMP; VIPCARE_E_RANGE for a bad quantity;
 *         VIPCARE_E_LIMIT or VIPCARE_E_NO_MEMORY
 * @since 1.0
 */
VIPCARE_API int vipcare_engine_redeem(struct vipcare_engine *engine, const char *redemption_id,
				      const char *customer_id, const char *benefit_id, int64_t at,
				      int32_t quantity, struct vipcare_checkout *out);

/**
 * @brief The number of redemptions the engine has recorded.
 * @param[in] engine the engine, or NULL
 * @return the count; 0 for NULL
 * @since 1.0
 */
VIPCARE_API size_t vipcare_engine_redemption_count(const struct vipcare_engine *engine);

/**
 * @brief The number of decisions in the list.
 * @param[in] checkout the list, or NULL
 * @return the count; 0 for NULL or an empty list
 * @since 1.0
 */
VIPCARE_API size_t vipcare_checkout_count(const struct vipcare_checkout *checkout);

/**
 * @brief The customer the decisions are for.
 * @param[in] checkout the list
 * @return text owned by the list, valid until it is filled again; "" for
 *         NULL or an empty list
 * @since 1.0
 */
VIPCARE_API const char *vipcare_checkout_customer(const struct vipcare_checkout *checkout);

/**
 * @brief The time the decisions are for.
 * @param[in] checkout the list
 * @return the timestamp; 0 for NULL or an empty list
 * @since 1.0
 */
VIPCARE_API int64_t vipcare_checkout_at(const struct vipcare_checkout *checkout);

/**
 * @brief The customer's tier on the date of the time the decisions are for.
 * @param[in] checkout the list
 * @return the tier's rank; -1 for an unknown customer, NULL or an empty list
 * @since 1.0
 */
VIPCARE_API int vipcare_checkout_tier(const struct vipcare_checkout *checkout);

/**
 * @brief The name of that tier.
 * @param[in] checkout the list
 * @return text owned by the list; NULL for an unknown customer, NULL or an
 *         empty list
 * @since 1.0
 */
VIPCARE_API const char *vipcare_checkout_tier_name(const struct vipcare_checkout *checkout);

/**
 * @brief Whether the last redemption answered was already recorded (a retry).
 * @param[in] checkout the list filled by vipcare_engine_redeem()
 * @return 1 when it was, 0 otherwise or for NULL
 * @since 1.0
 */
VIPCARE_API int vipcare_checkout_replayed(const struct vipcare_checkout *checkout);

/**
 * @brief The benefit of decision @p index.
 * @param[in] checkout the list
 * @param index 0 .. count - 1
 * @return text owned by the list; NULL for NULL or a bad index
 * @since 1.0
 */
VIPCARE_API const char *vipcare_checkout_benefit(const struct vipcare_checkout *checkout,
						 size_t index);

/**
 * @brief Whether the benefit may be used now.
 * @param[in] checkout the list
 * @param index 0 .. count - 1
 * @return 1 eligible, 0 not; VIPCARE_E_INVALID_ARGUMENT for NULL or a bad index
 * @since 1.0
 */
VIPCARE_API int vipcare_checkout_eligible(const struct vipcare_checkout *checkout, size_t index);

/**
 * @brief Why, a value of enum vipcare_reason.
 * @param[in] checkout the list
 * @param index 0 .. count - 1
 * @return the reason; VIPCARE_E_INVALID_ARGUMENT for NULL or a bad index
 * @since 1.0
 */
VIPCARE_API int vipcare_checkout_reason(const struct vipcare_checkout *checkout, size_t index);

/**
 * @brief The uses left of the quota in the current period:
 * max(0, quota − used); 0 for unknown_customer, unknown_benefit and
 * tier_too_low.
 * @param[in] checkout the list
 * @param index 0 .. count - 1
 * @return the count; -1 for an unlimited quota, NULL or a bad index
 * @since 1.0
 */
VIPCARE_API int32_t vipcare_checkout_left(const struct vipcare_checkout *checkout, size_t index);

/**
 * @brief The last day of the quota's current period.
 * @param[in] checkout the list
 * @param index 0 .. count - 1
 * @return the date; VIPCARE_DATE_NONE for unlimited and lifetime quotas,
 *         for unknown_customer, unknown_benefit and tier_too_low, for NULL
 *         or a bad index
 * @since 1.0
 */
VIPCARE_API int32_t vipcare_checkout_period_end(const struct vipcare_checkout *checkout,
						size_t index);

#ifdef __cplusplus
}
#endif

#endif /* VIPCARE_BENEFITS_H */
