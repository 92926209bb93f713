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
#define VIPCARE_OCCASION_MAX 48

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

/**
 * @brief The care agenda of a date range: whom to contact, why, through
 * which channel. Computed once when opened; items are read by index.
 * @since 1.0
 */
struct vipcare_agenda;

/**
 * @brief Computes the agenda for [@p from, @p to]: every care item due in
 * it, and the overdue items due in the `overdue_days` before @p from, that
 * have no care record; ordered by due date, then tier (highest first),
 * then kind, then customer id and occasion bytewise. Marketing items of
 * customers who opted out are not listed but counted per kind.
 *
 * The agenda is a pure function of the engine's state and the dates. It
 * keeps the engine alive; later changes to the engine do not change it.
 * @param[out] out receives the agenda, with one reference owned by the
 *        caller; set to NULL on error
 * @param[in,out] engine the engine
 * @param from the first day
 * @param to the last day, not before @p from
 * @return VIPCARE_OK; VIPCARE_E_INVALID_ARGUMENT for NULL or @p to before
 *         @p from; VIPCARE_E_DATE for a date out of range;
 *         VIPCARE_E_NO_MEMORY
 * @since 1.0
 */
VIPCARE_API int vipcare_agenda_new(struct vipcare_agenda **out, struct vipcare_engine *engine,
				   int32_t from, int32_t to);

/**
 * @brief Takes a reference.
 * @param[in] agenda an agenda, or NULL
 * @return @p agenda
 * @since 1.0
 */
VIPCARE_API struct vipcare_agenda *vipcare_agenda_ref(struct vipcare_agenda *agenda);

/**
 * @brief Drops a reference; the last one frees the agenda. NULL is a no-op.
 * @param[in] agenda an agenda, or NULL
 * @return NULL
 * @since 1.0
 */
VIPCARE_API struct vipcare_agenda *vipcare_agenda_unref(struct vipcare_agenda *agenda);

/**
 * @brief The number of items.
 * @param[in] agenda the agenda, or NULL
 * @return the count; 0 for NULL
 * @since 1.0
 */
VIPCARE_API size_t vipcare_agenda_count(const struct vipcare_agenda *agenda);

/**
 * @brief An item's due date.
 * @param[in] agenda the agenda
 * @param index 0 .. count - 1
 * @return the date; VIPCARE_DATE_NONE for NULL or a bad index
 * @since 1.0
 */
VIPCARE_API int32_t vipcare_agenda_due(const struct vipcare_agenda *agenda, size_t index);

/**
 * @brief An item's customer.
 * @param[in] agenda the agenda
 * @param index 0 .. count - 1
 * @return text owned by the agenda's engine, valid as long as the agenda;
 *         NULL for NULL or a bad index
 * @since 1.0
 */
VIPCARE_API const char *vipcare_agenda_customer(const struct vipcare_agenda *agenda, size_t index);

/**
 * @brief An item's kind, a value of enum vipcare_care_kind.
 * @param[in] agenda the agenda
 * @param index 0 .. count - 1
 * @return the kind; VIPCARE_E_INVALID_ARGUMENT for NULL or a bad index
 * @since 1.0
 */
VIPCARE_API int vipcare_agenda_kind(const struct vipcare_agenda *agenda, size_t index);

/**
 * @brief An item's occasion key: `once` (welcome, followup_3d), the
 * birthday's year (`2025`), the last sale's date of a lapse
 * (`2025-03-01`), the due date's period of an advisor contact (`2025-05`,
 * `2025-Q2`, `2025-W07`, `2025-05-14`, `2025`), or the date and the new
 * tier of a tier change (`2025-05-14:gold`). The same item has the same
 * key on every run.
 * @param[in] agenda the agenda
 * @param index 0 .. count - 1
 * @return text owned by the agenda; NULL for NULL or a bad index
 * @since 1.0
 */
VIPCARE_API const char *vipcare_agenda_occasion(const struct vipcare_agenda *agenda, size_t index);

/**
 * @brief An item's tier: the customer's tier on the due date; its rank is
 * the item's priority (0 for the base tier).
 * @param[in] agenda the agenda
 * @param index 0 .. count - 1
 * @return the rank; VIPCARE_E_INVALID_ARGUMENT for NULL or a bad index
 * @since 1.0
 */
VIPCARE_API int vipcare_agenda_tier(const struct vipcare_agenda *agenda, size_t index);

/**
 * @brief An item's channel: the first of the kind's channels the customer
 * consented to.
 * @param[in] agenda the agenda
 * @param index 0 .. count - 1
 * @return a value of enum vipcare_channel, or -1 for `no_channel`, NULL or
 *         a bad index
 * @since 1.0
 */
VIPCARE_API int vipcare_agenda_channel(const struct vipcare_agenda *agenda, size_t index);

/**
 * @brief The advisor of an item's customer.
 * @param[in] agenda the agenda
 * @param index 0 .. count - 1
 * @return text owned by the agenda's engine; "" when the customer has no
 *         advisor; NULL for NULL or a bad index
 * @since 1.0
 */
VIPCARE_API const char *vipcare_agenda_advisor(const struct vipcare_agenda *agenda, size_t index);

/**
 * @brief How many items of a kind were not listed because the kind is
 * marketing and the customer opted out of marketing.
 * @param[in] agenda the agenda
 * @param kind a value of enum vipcare_care_kind
 * @return the count; 0 for NULL or a bad kind
 * @since 1.0
 */
VIPCARE_API size_t vipcare_agenda_suppressed(const struct vipcare_agenda *agenda, int kind);

#ifdef __cplusplus
}
#endif

#endif /* VIPCARE_CARE_H */
