/*
 * libvipcare — VIP customer care for shopping malls.
 * SPDX-License-Identifier: MIT
 */
#ifndef VIPCARE_CARE_H
#define VIPCARE_CARE_H

/**
 * @file care.h
 * @brief The care contacts the staff made: their outcomes are recorded in
 * the engine, and an item with any record never comes back on the agenda.
 *
 * The kinds of care and their rules are in policy.h (enum
 * vipcare_care_kind); see docs/policy.md.
 */

#include "common.h"
#include "engine.h"
#include "policy.h"

#ifdef __cplusplus
extern "C" {
#endif

/** How a care contact went. Values pinned. @since 1.0 */
enum vipcare_care_outcome {
	VIPCARE_OUTCOME_REACHED = 0,   /**< `reached`: the customer was spoken to @since 1.0 */
	VIPCARE_OUTCOME_NO_ANSWER = 1, /**< `no_answer` @since 1.0 */
	VIPCARE_OUTCOME_DECLINED = 2,  /**< `declined`: the customer did not want it @since 1.0 */
};

/** The longest occasion key, in bytes. @since 1.0 */
#define VIPCARE_OCCASION_MAX 32

/**
 * @brief The name of an outcome ("reached", "no_answer", "declined").
 * Thread-safe.
 * @param outcome a value of enum vipcare_care_outcome
 * @return static text, or NULL for an unknown value
 * @since 1.0
 */
VIPCARE_API const char *vipcare_care_outcome_name(int outcome);

/**
 * @brief The outcome of a name. Thread-safe.
 * @param[in] name an outcome name
 * @return the outcome (0 ..), or VIPCARE_E_RANGE for an unknown or NULL name
 * @since 1.0
 */
VIPCARE_API int vipcare_care_outcome_from_name(const char *name);

/**
 * @brief Records the outcome of a care contact.
 *
 * Several records for the same customer, kind and occasion are kept (a
 * `no_answer` then a `reached`); any one of them takes the item off the
 * agenda for good. Care records are part of the engine's state.
 * @param[in,out] engine the engine
 * @param[in] customer_id a known customer (a non-member is accepted)
 * @param kind a value of enum vipcare_care_kind
 * @param[in] occasion the item's occasion key (`once`, `2025`,
 *        `2025-03-01`, `2025-Q2`, `2025-05-14:gold` ...): 1 ..
 *        VIPCARE_OCCASION_MAX bytes of printable ASCII
 * @param date the day of the contact
 * @param outcome a value of enum vipcare_care_outcome
 * @return VIPCARE_OK; VIPCARE_E_INVALID_ARGUMENT for NULL; VIPCARE_E_RANGE
 *         for a bad kind or outcome; VIPCARE_E_ID for a bad occasion key;
 *         VIPCARE_E_DATE; VIPCARE_E_UNKNOWN_CUSTOMER; VIPCARE_E_LIMIT or
 *         VIPCARE_E_NO_MEMORY. On error nothing is recorded.
 * @since 1.0
 */
VIPCARE_API int vipcare_engine_record_care(struct vipcare_engine *engine, const char *customer_id,
					   int kind, const char *occasion, int32_t date, int outcome);

/**
 * @brief The number of care records the engine holds.
 * @param[in] engine the engine, or NULL
 * @return the count; 0 for NULL
 * @since 1.0
 */
VIPCARE_API size_t vipcare_engine_care_count(const struct vipcare_engine *engine);

/**
 * @brief Whether a care item has a record (any outcome, any date).
 * @param[in,out] engine the engine
 * @param[in] customer_id the customer
 * @param kind a value of enum vipcare_care_kind
 * @param[in] occasion the occasion key
 * @return 1 when recorded, 0 when not (also for an unknown customer or
 *         occasion); VIPCARE_E_INVALID_ARGUMENT for NULL; VIPCARE_E_RANGE
 *         for a bad kind
 * @since 1.0
 */
VIPCARE_API int vipcare_engine_care_recorded(struct vipcare_engine *engine, const char *customer_id,
					     int kind, const char *occasion);

#ifdef __cplusplus
}
#endif

#endif /* VIPCARE_CARE_H */
