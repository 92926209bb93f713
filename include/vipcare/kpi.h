/*
 * libvipcare — VIP customer care for shopping malls.
 * SPDX-License-Identifier: MIT
 */
#ifndef VIPCARE_KPI_H
#define VIPCARE_KPI_H

/**
 * @file kpi.h
 * @brief What the management reviews: survey responses and service
 * requests recorded in the engine, and the KPIs of a period (DESIGN §7)
 * as a state that can be serialised and merged across slices of the
 * customers.
 *
 * A **slice** is an engine that holds some of the customers with all of
 * their data (transactions, care records, surveys, service requests), for
 * example the customers whose id hashes to one worker. The KPI states of
 * the slices of any partition of the customers, merged, equal the state of
 * one engine holding them all, bit for bit (see docs/kpi.md).
 */

#include "common.h"
#include "engine.h"
#include "policy.h"

#ifdef __cplusplus
extern "C" {
#endif

/** "No timestamp": an absent first response or resolution. @since 1.0 */
#define VIPCARE_TIMESTAMP_NONE INT64_MIN

/** The kind of a survey response. Values pinned. @since 1.0 */
enum vipcare_survey_kind {
	VIPCARE_SURVEY_NPS = 0,  /**< `nps`: 0..10, would you recommend us @since 1.0 */
	VIPCARE_SURVEY_CSAT = 1, /**< `csat`: 1..5, how satisfied @since 1.0 */
};

/** The kind of a service request. Values pinned. @since 1.0 */
enum vipcare_service_kind {
	VIPCARE_SERVICE_INQUIRY = 0,   /**< `inquiry` @since 1.0 */
	VIPCARE_SERVICE_COMPLAINT = 1, /**< `complaint` @since 1.0 */
};

/**
 * @brief The name of a survey kind ("nps", "csat"). Thread-safe.
 * @param kind a value of enum vipcare_survey_kind
 * @return static text, or NULL for an unknown value
 * @since 1.0
 */
VIPCARE_API const char *vipcare_survey_kind_name(int kind);

/**
 * @brief The survey kind of a name. Thread-safe.
 * @param[in] name the name, not necessarily NUL-terminated
 * @param len its length in bytes
 * @return a value of enum vipcare_survey_kind, or VIPCARE_E_INVALID_ARGUMENT
 * @since 1.0
 */
VIPCARE_API int vipcare_survey_kind_from_name(const char *name, size_t len);

/**
 * @brief The name of a service request kind ("inquiry", "complaint").
 * Thread-safe.
 * @param kind a value of enum vipcare_service_kind
 * @return static text, or NULL for an unknown value
 * @since 1.0
 */
VIPCARE_API const char *vipcare_service_kind_name(int kind);

/**
 * @brief The service request kind of a name. Thread-safe.
 * @param[in] name the name, not necessarily NUL-terminated
 * @param len its length in bytes
 * @return a value of enum vipcare_service_kind, or VIPCARE_E_INVALID_ARGUMENT
 * @since 1.0
 */
VIPCARE_API int vipcare_service_kind_from_name(const char *name, size_t len);

/**
 * @brief Records a survey response of a known customer.
 *
 * A customer may answer any number of surveys.
 *
 * @param[in] engine the engine
 * @param[in] customer_id a customer the engine knows
 * @param ts when it was answered (seconds since 1970-01-01T00:00:00 local)
 * @param kind a value of enum vipcare_survey_kind
 * @param score 0..10 for `nps`, 1..5 for `csat`
 * @return VIPCARE_OK; VIPCARE_E_UNKNOWN_CUSTOMER; VIPCARE_E_TIMESTAMP for a
 *         timestamp outside 1900 .. 9999; VIPCARE_E_RANGE for a score out
 *         of its kind's range; VIPCARE_E_INVALID_ARGUMENT for an unknown
 *         kind; VIPCARE_E_NO_MEMORY. The message names the field and
 *         value. On error nothing is recorded.
 * @since 1.0
 */
VIPCARE_API int vipcare_engine_add_survey(struct vipcare_engine *engine, const char *customer_id,
					  int64_t ts, int kind, int score);

/**
 * @brief Records a service request of a known customer.
 *
 * @param[in] engine the engine
 * @param[in] request_id the request's id (an id of 1..64 bytes); the first
 *        request with an id wins
 * @param[in] customer_id a customer the engine knows
 * @param kind a value of enum vipcare_service_kind
 * @param opened when it was opened
 * @param first_response the first answer to the customer, not before
 *        @p opened, or VIPCARE_TIMESTAMP_NONE while unanswered
 * @param resolved when it was resolved, not before @p opened, or
 *        VIPCARE_TIMESTAMP_NONE
 * @return VIPCARE_OK; VIPCARE_E_DUPLICATE for an id already recorded;
 *         VIPCARE_E_ID for a bad id; VIPCARE_E_UNKNOWN_CUSTOMER;
 *         VIPCARE_E_TIMESTAMP for a timestamp outside 1900 .. 9999;
 *         VIPCARE_E_RANGE for a first response or resolution before the
 *         opening; VIPCARE_E_INVALID_ARGUMENT for an unknown kind;
 *         VIPCARE_E_NO_MEMORY. On error nothing is recorded.
 * @since 1.0
 */
VIPCARE_API int vipcare_engine_add_service_request(struct vipcare_engine *engine,
						   const char *request_id, const char *customer_id,
						   int kind, int64_t opened, int64_t first_response,
						   int64_t resolved);

/**
 * @brief The number of survey responses the engine holds.
 * @param[in] engine the engine, or NULL
 * @return the count; 0 for NULL
 * @since 1.0
 */
VIPCARE_API size_t vipcare_engine_survey_count(const struct vipcare_engine *engine);

/**
 * @brief The number of service requests the engine holds.
 * @param[in] engine the engine, or NULL
 * @return the count; 0 for NULL
 * @since 1.0
 */
VIPCARE_API size_t vipcare_engine_service_count(const struct vipcare_engine *engine);

/**
 * @brief The KPIs of DESIGN §7, each read as a numerator and a
 * denominator with vipcare_kpi_get(). Values pinned; new ones are only
 * added at the end.
 *
 * Plain values have a denominator of 1. A ratio whose denominator is 0
 * has no value. The value of a ratio is num / den as a fraction, except
 * where noted.
 * @since 1.0
 */
enum vipcare_kpi {
	VIPCARE_KPI_MEMBERS = 0,      /**< `members`: effective joined by `to` @since 1.0 */
	VIPCARE_KPI_NEW_MEMBERS = 1,  /**< `new_members`: first sale ever in the period @since 1.0 */
	VIPCARE_KPI_ACTIVE = 2,       /**< `active`: a sale in the period @since 1.0 */
	VIPCARE_KPI_SALES_NET = 3,    /**< `sales_net`: every transaction dated in the period, minor units @since 1.0 */
	VIPCARE_KPI_SALES_COUNT = 4,  /**< `sales_count`: sales in the period @since 1.0 */
	/** `avg_ticket`: sales_net / sales_count, money (rounded half away from zero) @since 1.0 */
	VIPCARE_KPI_AVG_TICKET = 5,
	VIPCARE_KPI_REPURCHASE_RATE = 6, /**< `repurchase_rate`: 2+ visits / active @since 1.0 */
	VIPCARE_KPI_CHURN_RATE = 7,      /**< `churn_rate` @since 1.0 */
	VIPCARE_KPI_VIP_CHURN_RATE = 8,  /**< `vip_churn_rate` @since 1.0 */
	VIPCARE_KPI_VIP_SALES_SHARE = 9, /**< `vip_sales_share`: money / money @since 1.0 */
	VIPCARE_KPI_NPS = 10,            /**< `nps`: (promoters - detractors) / responses, x 100 @since 1.0 */
	VIPCARE_KPI_NPS_PROMOTERS = 11,  /**< `nps_promoters`: scores 9..10 @since 1.0 */
	VIPCARE_KPI_NPS_PASSIVES = 12,   /**< `nps_passives`: scores 7..8 @since 1.0 */
	VIPCARE_KPI_NPS_DETRACTORS = 13, /**< `nps_detractors`: scores 0..6 @since 1.0 */
	VIPCARE_KPI_CSAT = 14,           /**< `csat`: scores 4..5 / responses, x 100 @since 1.0 */
	VIPCARE_KPI_SERVICE_OPENED = 15,     /**< `service_opened`: requests opened in the period @since 1.0 */
	VIPCARE_KPI_SERVICE_ANSWERED = 16,   /**< `service_answered`: of those, answered at any time @since 1.0 */
	VIPCARE_KPI_SERVICE_COMPLAINTS = 17, /**< `service_complaints`: of those, complaints @since 1.0 */
	/** `service_first_response_p50`: minutes / 1, or 0 / 0 when none answered @since 1.0 */
	VIPCARE_KPI_SERVICE_FIRST_RESPONSE_P50 = 18,
	/** `service_first_response_p90`: minutes / 1, or 0 / 0 when none answered @since 1.0 */
	VIPCARE_KPI_SERVICE_FIRST_RESPONSE_P90 = 19,
	/** `service_within_sla`: answered within sla_minutes / opened @since 1.0 */
	VIPCARE_KPI_SERVICE_WITHIN_SLA = 20,
	/** `service_complaints_per_1000_active`: complaints / active, x 1000 @since 1.0 */
	VIPCARE_KPI_SERVICE_COMPLAINTS_PER_1000_ACTIVE = 21,
	VIPCARE_KPI_CARE_DUE = 22,         /**< `care_due`: care items due in the period @since 1.0 */
	VIPCARE_KPI_CARE_DONE = 23,        /**< `care_done`: with a care record / due @since 1.0 */
	VIPCARE_KPI_CARE_DONE_ON_TIME = 24, /**< `care_done_on_time`: first record by the due date / due @since 1.0 */
	/** `care_conversion`: reached contacts followed by a sale / reached contacts @since 1.0 */
	VIPCARE_KPI_CARE_CONVERSION = 25,
	/** `care_conversion_sales`: gross sales in the contacts' windows, minor units @since 1.0 */
	VIPCARE_KPI_CARE_CONVERSION_SALES = 26,
	/** `points_issued`: earned by sales in the period less taken back by its refunds @since 1.0 */
	VIPCARE_KPI_POINTS_ISSUED = 27,
	/** `points_redeemed`: spent by points redemptions dated in the period @since 1.0 */
	VIPCARE_KPI_POINTS_REDEEMED = 28,
	/** `points_expired`: expired on a date in the period @since 1.0 */
	VIPCARE_KPI_POINTS_EXPIRED = 29,
	/** `points_outstanding`: every balance at the end of `to`, negatives included @since 1.0 */
	VIPCARE_KPI_POINTS_OUTSTANDING = 30,
};

/**
 * @brief The name of a KPI (its key in the policy's `[targets]`, and the
 * flattened key of the command's output), for example "repurchase_rate"
 * or "care_done". Thread-safe.
 * @param kpi a value of enum vipcare_kpi
 * @return static text, or NULL past the last KPI: names can be listed by
 *         counting up from 0 until NULL
 * @since 1.0
 */
VIPCARE_API const char *vipcare_kpi_name(int kpi);

/**
 * @brief The KPI of a name. Thread-safe.
 * @param[in] name the name, not necessarily NUL-terminated
 * @param len its length in bytes
 * @return a value of enum vipcare_kpi, or VIPCARE_E_INVALID_ARGUMENT
 * @since 1.0
 */
VIPCARE_API int vipcare_kpi_from_name(const char *name, size_t len);

/** What a per-tier figure counts (vipcare_kpi_tier_get()). Values pinned. @since 1.0 */
enum vipcare_kpi_tier_figure {
	VIPCARE_KPI_TIER_CUSTOMERS = 0,   /**< members in the tier as of `to` @since 1.0 */
	VIPCARE_KPI_TIER_SALES_NET = 1,   /**< their sales_net in the period @since 1.0 */
	VIPCARE_KPI_TIER_SALES_COUNT = 2, /**< their sales in the period @since 1.0 */
};

/** The KPIs of one period over one slice of customers. @since 1.0 */
struct vipcare_kpi_state;

/**
 * @brief Computes every KPI of [from, to] over the customers an engine
 * holds, with the engine's policy.
 *
 * The state keeps no reference to the engine: it can outlive it, be
 * serialised, sent elsewhere and merged.
 *
 * @param[out] out receives the new state (reference count 1); NULL on error
 * @param[in] engine the engine
 * @param from the first day of the period
 * @param to its last day (both included)
 * @return VIPCARE_OK; VIPCARE_E_DATE for a date outside 1900-01-01 ..
 *         9999-12-31; VIPCARE_E_INVALID_ARGUMENT when @p to is before
 *         @p from; VIPCARE_E_NO_MEMORY. The message is in the engine's
 *         last error.
 * @since 1.0
 */
VIPCARE_API int vipcare_kpi_state_new(struct vipcare_kpi_state **out, struct vipcare_engine *engine,
				      int32_t from, int32_t to);

/**
 * @brief Takes a reference.
 * @param[in] state the state, or NULL
 * @return @p state
 * @since 1.0
 */
VIPCARE_API struct vipcare_kpi_state *vipcare_kpi_state_ref(struct vipcare_kpi_state *state);

/**
 * @brief Releases a reference; the last one frees the state.
 * @param[in] state the state, or NULL
 * @return NULL
 * @since 1.0
 */
VIPCARE_API struct vipcare_kpi_state *vipcare_kpi_state_unref(struct vipcare_kpi_state *state);

/**
 * @brief The message of the last failed call on this state.
 * @param[in] state the state
 * @return a message ("" when none), owned by the state; "" for NULL
 * @since 1.0
 */
VIPCARE_API const char *vipcare_kpi_state_last_error(const struct vipcare_kpi_state *state);

/**
 * @brief The first day of the state's period.
 * @param[in] state the state
 * @return the date, or VIPCARE_DATE_NONE for NULL
 * @since 1.0
 */
VIPCARE_API int32_t vipcare_kpi_state_from(const struct vipcare_kpi_state *state);

/**
 * @brief The last day of the state's period.
 * @param[in] state the state
 * @return the date, or VIPCARE_DATE_NONE for NULL
 * @since 1.0
 */
VIPCARE_API int32_t vipcare_kpi_state_to(const struct vipcare_kpi_state *state);

/**
 * @brief The number of tiers of the policy the state was computed with.
 * @param[in] state the state
 * @return the count; 0 for NULL
 * @since 1.0
 */
VIPCARE_API size_t vipcare_kpi_state_tier_count(const struct vipcare_kpi_state *state);

/**
 * @brief The name of a tier of the state's policy, lowest first.
 * @param[in] state the state
 * @param tier the tier's rank
 * @return the name, owned by the state; NULL when out of range
 * @since 1.0
 */
VIPCARE_API const char *vipcare_kpi_state_tier_name(const struct vipcare_kpi_state *state,
						    size_t tier);

/**
 * @brief A KPI as numerator and denominator.
 * @param[in] state the state
 * @param kpi a value of enum vipcare_kpi
 * @param[out] num receives the numerator
 * @param[out] den receives the denominator (1 for plain values; 0 when a
 *        ratio has no value)
 * @return VIPCARE_OK, or VIPCARE_E_INVALID_ARGUMENT
 * @since 1.0
 */
VIPCARE_API int vipcare_kpi_get(const struct vipcare_kpi_state *state, int kpi, int64_t *num,
				int64_t *den);

/**
 * @brief A per-tier figure (tier as of `to`).
 * @param[in] state the state
 * @param tier the tier's rank
 * @param figure a value of enum vipcare_kpi_tier_figure
 * @param[out] value receives the figure
 * @return VIPCARE_OK, or VIPCARE_E_INVALID_ARGUMENT
 * @since 1.0
 */
VIPCARE_API int vipcare_kpi_tier_get(const struct vipcare_kpi_state *state, size_t tier,
				     int figure, int64_t *value);

/**
 * @brief A cell of the tier migration matrix: members as of `to` that
 * were in tier @p from_tier on `from` - 1 and are in @p to_tier on `to`.
 * @param[in] state the state
 * @param from_tier the rank on `from` - 1, or -1 for "none" (not yet a
 *        member then)
 * @param to_tier the rank on `to`
 * @param[out] count receives the count
 * @return VIPCARE_OK, or VIPCARE_E_INVALID_ARGUMENT
 * @since 1.0
 */
VIPCARE_API int vipcare_kpi_migration(const struct vipcare_kpi_state *state, int from_tier,
				      size_t to_tier, int64_t *count);

/**
 * @brief Adds another slice's state into this one.
 *
 * Both must be of the same period and computed under the same policy
 * (the state keeps a fingerprint of it). Every count and sum is added and
 * the first-response histograms are merged, so the result is exactly the
 * state of the union of the slices.
 *
 * @param[in,out] into the state that receives the sum
 * @param[in] other the state added; unchanged
 * @return VIPCARE_OK; VIPCARE_E_MISMATCH when the periods or policies
 *         differ (the message says which); VIPCARE_E_RANGE when a sum
 *         would overflow; VIPCARE_E_NO_MEMORY. On error @p into is
 *         unchanged.
 * @since 1.0
 */
VIPCARE_API int vipcare_kpi_state_merge(struct vipcare_kpi_state *into,
					const struct vipcare_kpi_state *other);

/**
 * @brief Serialises a state to bytes: versioned, checksummed (CRC-32),
 * little-endian whatever the machine. Equal states give equal bytes.
 * @param[in] state the state
 * @param[out] out receives the bytes, freed with vipcare_free()
 * @param[out] size receives their count
 * @return VIPCARE_OK, VIPCARE_E_INVALID_ARGUMENT or VIPCARE_E_NO_MEMORY
 * @since 1.0
 */
VIPCARE_API int vipcare_kpi_state_serialize(const struct vipcare_kpi_state *state, void **out,
					    size_t *size);

/**
 * @brief Reads a state back from bytes, validating everything.
 *
 * Never trusts the input: a buffer that is truncated, damaged (checksum),
 * of a newer format version, not a KPI state at all, or inconsistent
 * (counts that contradict each other) is refused.
 *
 * @param[out] out receives the new state; NULL on error
 * @param[in] data the bytes
 * @param size their count
 * @param[out] errbuf receives the message on error (may be NULL)
 * @param errbuf_size its size; VIPCARE_ERRBUF_SIZE holds any message
 * @return VIPCARE_OK; VIPCARE_E_FOREIGN (not a KPI state);
 *         VIPCARE_E_VERSION (a newer format); VIPCARE_E_CORRUPT
 *         (truncated, checksum or content); VIPCARE_E_NO_MEMORY
 * @since 1.0
 */
VIPCARE_API int vipcare_kpi_state_deserialize(struct vipcare_kpi_state **out, const void *data,
					      size_t size, char *errbuf, size_t errbuf_size);

/**
 * @brief The KPIs as the JSON object of DESIGN §10 (`vipcare kpi --format
 * json`): `from`, `to` and every KPI under its key, money as decimal
 * strings, ratios as `{"value", "num", "den"}` with `value` null when the
 * denominator is 0. Ratio values have 6 fraction digits, rounded half away
 * from zero, computed with integers only.
 * @param[in] state the state
 * @param[out] out receives NUL-terminated text ending in a newline, freed
 *        with vipcare_free()
 * @return VIPCARE_OK, VIPCARE_E_INVALID_ARGUMENT or VIPCARE_E_NO_MEMORY
 * @since 1.0
 */
VIPCARE_API int vipcare_kpi_state_to_json(const struct vipcare_kpi_state *state, char **out);

/**
 * @brief The KPIs as CSV: a header `kpi,value,num,den` and one row per KPI
 * in enum order, then `tier.NAME.customers|sales_net|sales_count|avg_ticket`
 * rows and `migration.FROM.TO` rows (docs/kpi.md).
 * @param[in] state the state
 * @param[out] out receives the text, freed with vipcare_free()
 * @return VIPCARE_OK, VIPCARE_E_INVALID_ARGUMENT or VIPCARE_E_NO_MEMORY
 * @since 1.0
 */
VIPCARE_API int vipcare_kpi_state_to_csv(const struct vipcare_kpi_state *state, char **out);

/** How a target compares (DESIGN §8 `[targets]`). Values pinned. @since 1.0 */
enum vipcare_target_op {
	VIPCARE_TARGET_NONE = 0, /**< no target for this KPI @since 1.0 */
	VIPCARE_TARGET_MIN = 1,  /**< `min X`: met when the value is at least X @since 1.0 */
	VIPCARE_TARGET_MAX = 2,  /**< `max X`: met when the value is at most X @since 1.0 */
};

/** A KPI measured against its target. Values pinned. @since 1.0 */
enum vipcare_target_result {
	VIPCARE_TARGET_UNJUDGED = 0, /**< no target, or the KPI has no value @since 1.0 */
	VIPCARE_TARGET_MET = 1,      /**< @since 1.0 */
	VIPCARE_TARGET_MISSED = 2,   /**< @since 1.0 */
};

/**
 * @brief Sets or removes a KPI's target.
 *
 * A target's value is in the KPI's own unit times 1,000,000: a fraction
 * for rates (0.60 → 600000), points for `nps` and `csat` (40 →
 * 40000000), minutes for first-response percentiles, units of money (not
 * minor units) for `sales_net`, `avg_ticket` and `care_conversion_sales`,
 * plain numbers for counts.
 * @param[in,out] policy the policy
 * @param kpi a value of enum vipcare_kpi
 * @param op a value of enum vipcare_target_op (VIPCARE_TARGET_NONE removes it)
 * @param value_micros the value times 1,000,000
 * @return VIPCARE_OK or VIPCARE_E_INVALID_ARGUMENT
 * @since 1.0
 */
VIPCARE_API int vipcare_policy_set_target(struct vipcare_policy *policy, int kpi, int op,
					  int64_t value_micros);

/**
 * @brief A KPI's target.
 * @param[in] policy the policy
 * @param kpi a value of enum vipcare_kpi
 * @param[out] value_micros receives the value times 1,000,000 (0 when none; may be NULL)
 * @return a value of enum vipcare_target_op, or VIPCARE_E_INVALID_ARGUMENT
 * @since 1.0
 */
VIPCARE_API int vipcare_policy_target(const struct vipcare_policy *policy, int kpi,
				      int64_t *value_micros);

/**
 * @brief Whether a state's KPI meets the policy's target for it, compared
 * exactly (no rounding, no floating point).
 * @param[in] state the state
 * @param[in] policy the policy whose targets apply
 * @param kpi a value of enum vipcare_kpi
 * @return a value of enum vipcare_target_result, or VIPCARE_E_INVALID_ARGUMENT
 * @since 1.0
 */
VIPCARE_API int vipcare_kpi_target_check(const struct vipcare_kpi_state *state,
					 const struct vipcare_policy *policy, int kpi);

#ifdef __cplusplus
}
#endif

#endif /* VIPCARE_KPI_H */
