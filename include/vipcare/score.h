/*
 * libvipcare — VIP customer care for shopping malls.
 * SPDX-License-Identifier: MIT
 */
#ifndef VIPCARE_SCORE_H
#define VIPCARE_SCORE_H

/**
 * @file score.h
 * @brief Tier scoring: a customer's tier as of a date, with the metrics
 * and the explanation behind it.
 *
 * Everything dated after the scoring date is invisible. The window is the
 * `window_days` days ending on the scoring date. See docs/tiers.md.
 */

#include "common.h"
#include "engine.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The result of scoring one customer as of one date. @since 1.0 */
struct vipcare_score;
/** A walk over every member's score as of one date. @since 1.0 */
struct vipcare_score_cursor;

/** Why the customer has its tier. Values pinned. @since 1.0 */
enum vipcare_decided_by {
	/** The base tier: no higher tier qualified or was held. @since 1.0 */
	VIPCARE_DECIDED_BY_BASE = 0,
	/** The window ending on the scoring date meets the tier's thresholds. @since 1.0 */
	VIPCARE_DECIDED_BY_METRICS = 1,
	/** Held from a recent qualification (retain_days). @since 1.0 */
	VIPCARE_DECIDED_BY_RETENTION = 2,
	/** Set by a manual override. @since 1.0 */
	VIPCARE_DECIDED_BY_OVERRIDE = 3,
};

/**
 * @brief The name of a decided_by value ("base", "metrics", "retention",
 * "override"). Thread-safe.
 * @return static text, or NULL for an unknown value
 * @since 1.0
 */
VIPCARE_API const char *vipcare_decided_by_name(int decided_by);

/**
 * @brief Creates an empty score, to be filled by vipcare_engine_score().
 * @param[out] out the score, with one reference
 * @return VIPCARE_OK, VIPCARE_E_INVALID_ARGUMENT or VIPCARE_E_NO_MEMORY
 * @since 1.0
 */
VIPCARE_API int vipcare_score_new(struct vipcare_score **out);

/** @brief Takes a reference. @return @p score @since 1.0 */
VIPCARE_API struct vipcare_score *vipcare_score_ref(struct vipcare_score *score);

/** @brief Drops a reference; NULL is a no-op. @return NULL @since 1.0 */
VIPCARE_API struct vipcare_score *vipcare_score_unref(struct vipcare_score *score);

/**
 * @brief Scores one known customer as of a date.
 *
 * A known customer that is not a member as of the date is scored too
 * (vipcare_score_is_member() tells); it has no sales, so its tier is the
 * base tier unless an override applies.
 * @param engine the engine
 * @param customer_id the id
 * @param asof the scoring date
 * @param[out] out the score to fill
 * @return VIPCARE_OK, VIPCARE_E_INVALID_ARGUMENT, VIPCARE_E_DATE,
 *         VIPCARE_E_UNKNOWN_CUSTOMER or VIPCARE_E_NO_MEMORY
 * @since 1.0
 */
VIPCARE_API int vipcare_engine_score(struct vipcare_engine *engine, const char *customer_id,
				     int32_t asof, struct vipcare_score *out);

/** @brief The customer id. @return text owned by the score @since 1.0 */
VIPCARE_API const char *vipcare_score_customer(const struct vipcare_score *score);
/** @brief The scoring date. @since 1.0 */
VIPCARE_API int32_t vipcare_score_asof(const struct vipcare_score *score);
/** @brief 1 when the customer is a member as of the date (effective joined ≤ date), else 0. @since 1.0 */
VIPCARE_API int vipcare_score_is_member(const struct vipcare_score *score);
/** @brief The tier's rank (0 is the base tier). @since 1.0 */
VIPCARE_API int vipcare_score_tier(const struct vipcare_score *score);
/** @brief The tier's name. @return text owned by the score @since 1.0 */
VIPCARE_API const char *vipcare_score_tier_name(const struct vipcare_score *score);
/** @brief Net spend (sales − refunds) in the window, minor units; may be negative. @since 1.0 */
VIPCARE_API int64_t vipcare_score_net_spend(const struct vipcare_score *score);
/** @brief Visits in the window: distinct dates with at least one sale. @since 1.0 */
VIPCARE_API int32_t vipcare_score_visits(const struct vipcare_score *score);
/** @brief The first sale's date up to the scoring date, or VIPCARE_DATE_NONE. @since 1.0 */
VIPCARE_API int32_t vipcare_score_first_sale(const struct vipcare_score *score);
/** @brief The last sale's date up to the scoring date, or VIPCARE_DATE_NONE. @since 1.0 */
VIPCARE_API int32_t vipcare_score_last_sale(const struct vipcare_score *score);
/** @brief Net spend of every transaction up to the scoring date. @since 1.0 */
VIPCARE_API int64_t vipcare_score_lifetime_spend(const struct vipcare_score *score);
/** @brief Why the tier is what it is, a value of enum vipcare_decided_by. @since 1.0 */
VIPCARE_API int vipcare_score_decided_by(const struct vipcare_score *score);
/** @brief The rank of the tier above, or -1 at the top tier. @since 1.0 */
VIPCARE_API int vipcare_score_next_tier(const struct vipcare_score *score);
/** @brief The name of the tier above, or NULL at the top tier. @since 1.0 */
VIPCARE_API const char *vipcare_score_next_tier_name(const struct vipcare_score *score);
/**
 * @brief Spend still missing for the tier above: max(0, its min_spend −
 * net spend); 0 when it has no spend threshold or at the top tier.
 * @since 1.0
 */
VIPCARE_API int64_t vipcare_score_spend_to_next(const struct vipcare_score *score);
/**
 * @brief Visits still missing for the tier above; 0 when it has no visits
 * threshold or at the top tier.
 * @since 1.0
 */
VIPCARE_API int32_t vipcare_score_visits_to_next(const struct vipcare_score *score);
/**
 * @brief The last day the tier is held if nothing more is bought, or
 * VIPCARE_DATE_NONE for the base tier and a tier that never falls.
 * @since 1.0
 */
VIPCARE_API int32_t vipcare_score_tier_expires(const struct vipcare_score *score);

/**
 * @brief Opens a walk over every member as of a date, in customer id order
 * (bytewise).
 *
 * The cursor keeps the engine alive. It allocates its working memory once;
 * nothing is allocated per customer. The engine must not change while the
 * cursor is open: vipcare_score_cursor_next() then returns VIPCARE_E_STALE.
 * @param[out] out the cursor, with one reference
 * @param engine the engine
 * @param asof the scoring date
 * @return VIPCARE_OK, VIPCARE_E_INVALID_ARGUMENT, VIPCARE_E_DATE or
 *         VIPCARE_E_NO_MEMORY
 * @since 1.0
 */
VIPCARE_API int vipcare_score_cursor_new(struct vipcare_score_cursor **out,
					 struct vipcare_engine *engine, int32_t asof);

/** @brief Takes a reference. @return @p cursor @since 1.0 */
VIPCARE_API struct vipcare_score_cursor *vipcare_score_cursor_ref(struct vipcare_score_cursor *cursor);

/** @brief Drops a reference; NULL is a no-op. @return NULL @since 1.0 */
VIPCARE_API struct vipcare_score_cursor *vipcare_score_cursor_unref(struct vipcare_score_cursor *cursor);

/**
 * @brief Scores the next member.
 * @param cursor the cursor
 * @param[out] out a score owned by the cursor, valid until the next call
 * @return 1 when a score was produced, 0 at the end, VIPCARE_E_STALE or
 *         VIPCARE_E_INVALID_ARGUMENT
 * @since 1.0
 */
VIPCARE_API int vipcare_score_cursor_next(struct vipcare_score_cursor *cursor,
					  const struct vipcare_score **out);

/** @brief The number of members the cursor walks over. @since 1.0 */
VIPCARE_API size_t vipcare_score_cursor_count(const struct vipcare_score_cursor *cursor);

#ifdef __cplusplus
}
#endif

#endif /* VIPCARE_SCORE_H */
