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
 * "override").
 *
 * Thread-safe.
 * @param[in] decided_by a value of enum vipcare_decided_by
 * @return static text owned by the library, never to be freed; NULL for an
 *         unknown value
 * @since 1.0
 */
VIPCARE_API const char *vipcare_decided_by_name(int decided_by);

/**
 * @brief Creates an empty score, to be filled by vipcare_engine_score().
 *
 * Until it is filled its getters give the values they give for no tier
 * history: customer "", scoring date VIPCARE_DATE_NONE, rank 0, no next
 * tier.
 * @param[out] out receives the score, with one reference owned by the
 *        caller (release it with vipcare_score_unref()); set to NULL on
 *        error
 * @return VIPCARE_OK; VIPCARE_E_INVALID_ARGUMENT when @p out is NULL;
 *         VIPCARE_E_NO_MEMORY
 * @since 1.0
 */
VIPCARE_API int vipcare_score_new(struct vipcare_score **out);

/**
 * @brief Takes a reference.
 *
 * Only for scores from vipcare_score_new(), never for one handed out by a
 * cursor.
 * @param[in] score a score, or NULL (then nothing happens)
 * @return @p score, now holding one more reference that the caller owns;
 *         NULL when @p score is NULL
 * @since 1.0
 */
VIPCARE_API struct vipcare_score *vipcare_score_ref(struct vipcare_score *score);

/**
 * @brief Drops a reference; the last one frees the score.
 *
 * Only for scores from vipcare_score_new(), never for one handed out by a
 * cursor.
 * @param[in] score a score whose reference the caller gives up, or NULL
 *        (then nothing happens)
 * @return NULL
 * @since 1.0
 */
VIPCARE_API struct vipcare_score *vipcare_score_unref(struct vipcare_score *score);

/**
 * @brief Scores one known customer as of a date.
 *
 * A known customer that is not a member as of the date is scored too
 * (vipcare_score_is_member() tells). It has no transactions up to the
 * date, so its metrics are 0 and its tier is the one that zero metrics
 * qualify for (the base tier, unless a tier's thresholds are all 0), or
 * its override when one applies.
 * @param[in,out] engine the engine; it keeps working memory for scoring,
 *        and its last error explains any failure but
 *        VIPCARE_E_INVALID_ARGUMENT
 * @param[in] customer_id the NUL-terminated id of a known customer
 * @param[in] asof the scoring date, VIPCARE_DATE_MIN .. VIPCARE_DATE_MAX
 * @param[out] out a score owned by the caller (from vipcare_score_new()),
 *        overwritten on success; untouched on VIPCARE_E_INVALID_ARGUMENT,
 *        VIPCARE_E_DATE and VIPCARE_E_UNKNOWN_CUSTOMER, its content
 *        unspecified after VIPCARE_E_NO_MEMORY
 * @return VIPCARE_OK; VIPCARE_E_INVALID_ARGUMENT when @p engine,
 *         @p customer_id or @p out is NULL; VIPCARE_E_DATE for an invalid
 *         @p asof; VIPCARE_E_UNKNOWN_CUSTOMER; VIPCARE_E_NO_MEMORY
 * @since 1.0
 */
VIPCARE_API int vipcare_engine_score(struct vipcare_engine *engine, const char *customer_id,
				     int32_t asof, struct vipcare_score *out);

/**
 * @brief The customer id.
 *
 * @param[in] score a score, or NULL
 * @return text owned by the score, valid until the score is filled again
 *         or released (for a cursor's score: until the cursor's next
 *         vipcare_score_cursor_next() call or its release); "" for a score
 *         never filled or when @p score is NULL
 * @since 1.0
 */
VIPCARE_API const char *vipcare_score_customer(const struct vipcare_score *score);

/**
 * @brief The scoring date.
 *
 * @param[in] score a score, or NULL
 * @return the date the score is as of, or VIPCARE_DATE_NONE for a score
 *         never filled or when @p score is NULL
 * @since 1.0
 */
VIPCARE_API int32_t vipcare_score_asof(const struct vipcare_score *score);

/**
 * @brief Whether the customer is a member as of the scoring date.
 *
 * A customer is a member when its effective joined date
 * (vipcare_engine_effective_joined()) is on or before the date.
 * @param[in] score a score, or NULL
 * @return 1 when a member, 0 when not or when @p score is NULL
 * @since 1.0
 */
VIPCARE_API int vipcare_score_is_member(const struct vipcare_score *score);

/**
 * @brief The tier's rank in the engine's policy (0 is the base tier).
 *
 * @param[in] score a score, or NULL
 * @return the rank (0 .. tier count - 1), or VIPCARE_E_INVALID_ARGUMENT
 *         when @p score is NULL
 * @since 1.0
 */
VIPCARE_API int vipcare_score_tier(const struct vipcare_score *score);

/**
 * @brief The tier's name.
 *
 * @param[in] score a score, or NULL
 * @return text owned by the score, valid until the score is filled again
 *         or released (for a cursor's score: until the cursor's next
 *         vipcare_score_cursor_next() call or its release); "" for a score
 *         never filled or when @p score is NULL
 * @since 1.0
 */
VIPCARE_API const char *vipcare_score_tier_name(const struct vipcare_score *score);

/**
 * @brief Net spend (sales - refunds) in the window.
 *
 * A refund counts on its own date, in the window that holds that date.
 * @param[in] score a score, or NULL
 * @return minor units, possibly negative; 0 when @p score is NULL
 * @since 1.0
 */
VIPCARE_API int64_t vipcare_score_net_spend(const struct vipcare_score *score);

/**
 * @brief Visits in the window: distinct dates with at least one sale.
 *
 * @param[in] score a score, or NULL
 * @return the number of visits, or 0 when @p score is NULL
 * @since 1.0
 */
VIPCARE_API int32_t vipcare_score_visits(const struct vipcare_score *score);

/**
 * @brief The date of the first sale up to the scoring date.
 *
 * @param[in] score a score, or NULL
 * @return the date, or VIPCARE_DATE_NONE when there was no sale or when
 *         @p score is NULL
 * @since 1.0
 */
VIPCARE_API int32_t vipcare_score_first_sale(const struct vipcare_score *score);

/**
 * @brief The date of the last sale up to the scoring date.
 *
 * @param[in] score a score, or NULL
 * @return the date, or VIPCARE_DATE_NONE when there was no sale or when
 *         @p score is NULL
 * @since 1.0
 */
VIPCARE_API int32_t vipcare_score_last_sale(const struct vipcare_score *score);

/**
 * @brief Net spend (sales - refunds) of every transaction up to the
 * scoring date, window or not.
 *
 * @param[in] score a score, or NULL
 * @return minor units, possibly negative; 0 when @p score is NULL
 * @since 1.0
 */
VIPCARE_API int64_t vipcare_score_lifetime_spend(const struct vipcare_score *score);

/**
 * @brief Why the tier is what it is.
 *
 * @param[in] score a score, or NULL
 * @return a value of enum vipcare_decided_by, or VIPCARE_E_INVALID_ARGUMENT
 *         when @p score is NULL
 * @since 1.0
 */
VIPCARE_API int vipcare_score_decided_by(const struct vipcare_score *score);

/**
 * @brief The rank of the tier above the customer's tier.
 *
 * @param[in] score a score, or NULL
 * @return the rank, or -1 at the top tier, for a score never filled, or
 *         when @p score is NULL
 * @since 1.0
 */
VIPCARE_API int vipcare_score_next_tier(const struct vipcare_score *score);

/**
 * @brief The name of the tier above the customer's tier.
 *
 * @param[in] score a score, or NULL
 * @return text owned by the score, valid as vipcare_score_tier_name();
 *         NULL at the top tier, for a score never filled, or when @p score
 *         is NULL
 * @since 1.0
 */
VIPCARE_API const char *vipcare_score_next_tier_name(const struct vipcare_score *score);

/**
 * @brief Spend still missing for the tier above.
 *
 * @param[in] score a score, or NULL
 * @return minor units: max(0, its min_spend - net spend); 0 when it has no
 *         spend threshold, at the top tier, or when @p score is NULL
 * @since 1.0
 */
VIPCARE_API int64_t vipcare_score_spend_to_next(const struct vipcare_score *score);

/**
 * @brief Visits still missing for the tier above.
 *
 * @param[in] score a score, or NULL
 * @return max(0, its min_visits - visits); 0 when it has no visits
 *         threshold, at the top tier, or when @p score is NULL
 * @since 1.0
 */
VIPCARE_API int32_t vipcare_score_visits_to_next(const struct vipcare_score *score);

/**
 * @brief The last day the tier is held if nothing more is bought or
 * refunded after the scoring date.
 *
 * Retention (`retain_days`) is counted in. A tier set by an override with
 * an end is held at least to that end, and longer when the metrics or
 * retention keep it.
 * @param[in] score a score, or NULL
 * @return the date, or VIPCARE_DATE_NONE for the base tier, a tier that
 *         never falls (such as an override without an end), a score never
 *         filled, or when @p score is NULL
 * @since 1.0
 */
VIPCARE_API int32_t vipcare_score_tier_expires(const struct vipcare_score *score);

/**
 * @brief Opens a walk over every member as of a date, in customer id order
 * (bytewise).
 *
 * The cursor keeps the engine alive. Opening lists the members and their
 * transactions up to the date and sizes the working memory for the member
 * with the most transactions, all from the engine's allocator;
 * vipcare_score_cursor_next() allocates nothing. The
 * engine must not change (a customer or transaction added, an override
 * set) while the cursor is open: vipcare_score_cursor_next() then returns
 * VIPCARE_E_STALE.
 * @param[out] out receives the cursor, with one reference owned by the
 *        caller (release it with vipcare_score_cursor_unref()); set to NULL
 *        on error
 * @param[in,out] engine the engine, which the cursor takes a reference to;
 *        its last error explains any failure but
 *        VIPCARE_E_INVALID_ARGUMENT
 * @param[in] asof the scoring date, VIPCARE_DATE_MIN .. VIPCARE_DATE_MAX
 * @return VIPCARE_OK; VIPCARE_E_INVALID_ARGUMENT when @p out or @p engine
 *         is NULL; VIPCARE_E_DATE for an invalid @p asof;
 *         VIPCARE_E_NO_MEMORY
 * @since 1.0
 */
VIPCARE_API int vipcare_score_cursor_new(struct vipcare_score_cursor **out,
					 struct vipcare_engine *engine, int32_t asof);

/**
 * @brief Takes a reference.
 *
 * @param[in] cursor a cursor, or NULL (then nothing happens)
 * @return @p cursor, now holding one more reference that the caller owns;
 *         NULL when @p cursor is NULL
 * @since 1.0
 */
VIPCARE_API struct vipcare_score_cursor *vipcare_score_cursor_ref(struct vipcare_score_cursor *cursor);

/**
 * @brief Drops a reference; the last one frees the cursor, with the score
 * it hands out, and drops its reference to the engine.
 *
 * @param[in] cursor a cursor whose reference the caller gives up, or NULL
 *        (then nothing happens)
 * @return NULL
 * @since 1.0
 */
VIPCARE_API struct vipcare_score_cursor *vipcare_score_cursor_unref(struct vipcare_score_cursor *cursor);

/**
 * @brief Scores the next member.
 *
 * Once the engine has changed, every call returns VIPCARE_E_STALE.
 * @param[in,out] cursor the cursor
 * @param[out] out receives a score owned by the cursor (never unref it),
 *        valid until the next call on this cursor or its release; set to
 *        NULL when the call does not return 1 (but untouched when
 *        @p cursor is NULL)
 * @return 1 when a score was produced, 0 at the end;
 *         VIPCARE_E_INVALID_ARGUMENT when @p cursor or @p out is NULL;
 *         VIPCARE_E_STALE, also explained in the engine's last error.
 * @since 1.0
 */
VIPCARE_API int vipcare_score_cursor_next(struct vipcare_score_cursor *cursor,
					  const struct vipcare_score **out);

/**
 * @brief The number of members the cursor walks over.
 *
 * Fixed when the cursor is opened.
 * @param[in] cursor a cursor, or NULL
 * @return the number of members as of the cursor's date, or 0 when
 *         @p cursor is NULL
 * @since 1.0
 */
VIPCARE_API size_t vipcare_score_cursor_count(const struct vipcare_score_cursor *cursor);

#ifdef __cplusplus
}
#endif

#endif /* VIPCARE_SCORE_H */
