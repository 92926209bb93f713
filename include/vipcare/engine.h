/*
 * libvipcare — VIP customer care for shopping malls.
 * SPDX-License-Identifier: MIT
 */
#ifndef VIPCARE_ENGINE_H
#define VIPCARE_ENGINE_H

/**
 * @file engine.h
 * @brief The engine that holds a mall's state, and the customer and
 * transaction records it takes.
 *
 * Customers and transactions are given to the engine through reusable
 * record handles: fill a vipcare_customer or vipcare_transaction with its
 * setters, hand it to vipcare_engine_add_customer() or
 * vipcare_engine_add_transaction(), then fill it again for the next one.
 * The engine copies what it keeps; recording allocates nothing per
 * transaction beyond the engine's own block storage.
 *
 * Threads: one engine is used by one thread at a time; distinct engines are
 * independent.
 */

#include "common.h"
#include "policy.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The state of one mall: its policy, customers and transactions. @since 1.0 */
struct vipcare_engine;
/** A reusable customer record. @since 1.0 */
struct vipcare_customer;
/** A reusable transaction record. @since 1.0 */
struct vipcare_transaction;

/** The longest customer, transaction, store, category or advisor id, in bytes. @since 1.0 */
#define VIPCARE_ID_MAX 64
/** The largest amount of one transaction, in minor units (10^15). @since 1.0 */
#define VIPCARE_AMOUNT_MAX INT64_C(1000000000000000)

/** The contact channels a customer may consent to. Values pinned. @since 1.0 */
enum vipcare_channel {
	VIPCARE_CHANNEL_SMS = 0,    /**< text message @since 1.0 */
	VIPCARE_CHANNEL_WECHAT = 1, /**< WeChat @since 1.0 */
	VIPCARE_CHANNEL_PHONE = 2,  /**< a call @since 1.0 */
	VIPCARE_CHANNEL_EMAIL = 3,  /**< e-mail @since 1.0 */
	VIPCARE_CHANNEL_APP = 4,    /**< the mall's app @since 1.0 */
};
/** The number of channels. @since 1.0 */
#define VIPCARE_CHANNEL_COUNT 5

/** The kinds of transaction. Values pinned. @since 1.0 */
enum vipcare_txn_kind {
	VIPCARE_TXN_SALE = 0,   /**< a purchase @since 1.0 */
	VIPCARE_TXN_REFUND = 1, /**< money given back @since 1.0 */
};

/**
 * @brief The name of a channel ("sms", "wechat", "phone", "email", "app").
 * Thread-safe.
 * @return static text, or NULL for an unknown channel
 * @since 1.0
 */
VIPCARE_API const char *vipcare_channel_name(int channel);

/**
 * @brief The channel of a name. Thread-safe.
 * @return the channel (0 ..), or VIPCARE_E_RANGE for an unknown name
 * @since 1.0
 */
VIPCARE_API int vipcare_channel_from_name(const char *name);

/* ------------------------------------------------------------------ */
/* Customer records                                                    */
/* ------------------------------------------------------------------ */

/**
 * @brief Creates an empty customer record: no id, no birthday, no joined
 * date, no consent, not opted out, no advisor, no override.
 * @param[out] out the record, with one reference
 * @return VIPCARE_OK, VIPCARE_E_INVALID_ARGUMENT or VIPCARE_E_NO_MEMORY
 * @since 1.0
 */
VIPCARE_API int vipcare_customer_new(struct vipcare_customer **out);

/** @brief Takes a reference. @return @p customer @since 1.0 */
VIPCARE_API struct vipcare_customer *vipcare_customer_ref(struct vipcare_customer *customer);

/** @brief Drops a reference; NULL is a no-op. @return NULL @since 1.0 */
VIPCARE_API struct vipcare_customer *vipcare_customer_unref(struct vipcare_customer *customer);

/**
 * @brief The detailed message of the last failed call on this record.
 * @return text owned by the record; "" when none failed
 * @since 1.0
 */
VIPCARE_API const char *vipcare_customer_last_error(const struct vipcare_customer *customer);

/**
 * @brief Empties the record for reuse, as vipcare_customer_new() made it.
 * @since 1.0
 */
VIPCARE_API void vipcare_customer_clear(struct vipcare_customer *customer);

/**
 * @brief Sets the external id: 1 .. VIPCARE_ID_MAX bytes of printable
 * UTF-8 (no control characters), case-sensitive.
 * @return VIPCARE_OK, VIPCARE_E_INVALID_ARGUMENT or VIPCARE_E_ID
 * @since 1.0
 */
VIPCARE_API int vipcare_customer_set_id(struct vipcare_customer *customer, const char *id);

/** @brief The id, "" when unset. @return text owned by the record @since 1.0 */
VIPCARE_API const char *vipcare_customer_id(const struct vipcare_customer *customer);

/**
 * @brief Sets the birthday (the year is not kept); 0, 0 makes it unknown.
 * @param customer the record
 * @param month 1 .. 12
 * @param day 1 .. the month's length in a leap year (29 February is allowed)
 * @return VIPCARE_OK, VIPCARE_E_INVALID_ARGUMENT or VIPCARE_E_DATE
 * @since 1.0
 */
VIPCARE_API int vipcare_customer_set_birthday(struct vipcare_customer *customer, int32_t month,
					      int32_t day);

/**
 * @brief The birthday.
 * @param customer the record
 * @param[out] month 1 .. 12, or 0 when unknown (may be NULL)
 * @param[out] day 1 .. 31, or 0 when unknown (may be NULL)
 * @return 1 when known, 0 when unknown, VIPCARE_E_INVALID_ARGUMENT
 * @since 1.0
 */
VIPCARE_API int vipcare_customer_birthday(const struct vipcare_customer *customer, int32_t *month,
					  int32_t *day);

/**
 * @brief Sets the date the customer joined the programme, or
 * VIPCARE_DATE_NONE.
 * @return VIPCARE_OK, VIPCARE_E_INVALID_ARGUMENT or VIPCARE_E_DATE
 * @since 1.0
 */
VIPCARE_API int vipcare_customer_set_joined(struct vipcare_customer *customer, int32_t joined);

/** @brief The joined date, or VIPCARE_DATE_NONE. @since 1.0 */
VIPCARE_API int32_t vipcare_customer_joined(const struct vipcare_customer *customer);

/**
 * @brief Sets whether the customer consented to be contacted on a channel.
 * @param customer the record
 * @param channel a value of enum vipcare_channel
 * @param consent 1 or 0
 * @return VIPCARE_OK, VIPCARE_E_INVALID_ARGUMENT or VIPCARE_E_RANGE
 * @since 1.0
 */
VIPCARE_API int vipcare_customer_set_consent(struct vipcare_customer *customer, int channel,
					     int consent);

/**
 * @brief Whether the customer consented to a channel.
 * @return 1, 0, or VIPCARE_E_RANGE / VIPCARE_E_INVALID_ARGUMENT
 * @since 1.0
 */
VIPCARE_API int vipcare_customer_consent(const struct vipcare_customer *customer, int channel);

/**
 * @brief Sets the marketing opt-out (1: no marketing contacts).
 * @return VIPCARE_OK, VIPCARE_E_INVALID_ARGUMENT or VIPCARE_E_RANGE
 * @since 1.0
 */
VIPCARE_API int vipcare_customer_set_marketing_opt_out(struct vipcare_customer *customer,
						       int opt_out);

/** @brief The marketing opt-out: 1, 0 or VIPCARE_E_INVALID_ARGUMENT. @since 1.0 */
VIPCARE_API int vipcare_customer_marketing_opt_out(const struct vipcare_customer *customer);

/**
 * @brief Sets the advisor id (an id as for customers), or NULL / "" for none.
 * @return VIPCARE_OK, VIPCARE_E_INVALID_ARGUMENT or VIPCARE_E_ID
 * @since 1.0
 */
VIPCARE_API int vipcare_customer_set_advisor(struct vipcare_customer *customer, const char *advisor);

/** @brief The advisor id, "" when none. @return text owned by the record @since 1.0 */
VIPCARE_API const char *vipcare_customer_advisor(const struct vipcare_customer *customer);

/**
 * @brief Sets a manual tier override by tier name, applying on every date
 * up to @p until (VIPCARE_DATE_NONE: no end); NULL or "" removes it. The
 * tier name is checked against the engine's policy when the record is
 * added.
 * @return VIPCARE_OK, VIPCARE_E_INVALID_ARGUMENT, VIPCARE_E_ID or VIPCARE_E_DATE
 * @since 1.0
 */
VIPCARE_API int vipcare_customer_set_override(struct vipcare_customer *customer, const char *tier,
					      int32_t until);

/**
 * @brief The override's tier name, "" when none.
 * @return text owned by the record
 * @since 1.0
 */
VIPCARE_API const char *vipcare_customer_override_tier(const struct vipcare_customer *customer);

/** @brief The override's last day, VIPCARE_DATE_NONE when none or no end. @since 1.0 */
VIPCARE_API int32_t vipcare_customer_override_until(const struct vipcare_customer *customer);

/* ------------------------------------------------------------------ */
/* Transaction records                                                 */
/* ------------------------------------------------------------------ */

/**
 * @brief Creates an empty transaction record (kind sale, nothing else set).
 * @param[out] out the record, with one reference
 * @return VIPCARE_OK, VIPCARE_E_INVALID_ARGUMENT or VIPCARE_E_NO_MEMORY
 * @since 1.0
 */
VIPCARE_API int vipcare_transaction_new(struct vipcare_transaction **out);

/** @brief Takes a reference. @return @p txn @since 1.0 */
VIPCARE_API struct vipcare_transaction *vipcare_transaction_ref(struct vipcare_transaction *txn);

/** @brief Drops a reference; NULL is a no-op. @return NULL @since 1.0 */
VIPCARE_API struct vipcare_transaction *vipcare_transaction_unref(struct vipcare_transaction *txn);

/**
 * @brief The detailed message of the last failed call on this record.
 * @return text owned by the record; "" when none failed
 * @since 1.0
 */
VIPCARE_API const char *vipcare_transaction_last_error(const struct vipcare_transaction *txn);

/** @brief Empties the record for reuse. @since 1.0 */
VIPCARE_API void vipcare_transaction_clear(struct vipcare_transaction *txn);

/**
 * @brief Sets the transaction id (unique within an engine).
 * @return VIPCARE_OK, VIPCARE_E_INVALID_ARGUMENT or VIPCARE_E_ID
 * @since 1.0
 */
VIPCARE_API int vipcare_transaction_set_id(struct vipcare_transaction *txn, const char *id);

/**
 * @brief Sets the customer id.
 * @return VIPCARE_OK, VIPCARE_E_INVALID_ARGUMENT or VIPCARE_E_ID
 * @since 1.0
 */
VIPCARE_API int vipcare_transaction_set_customer(struct vipcare_transaction *txn,
						 const char *customer_id);

/**
 * @brief Sets the timestamp.
 * @return VIPCARE_OK, VIPCARE_E_INVALID_ARGUMENT or VIPCARE_E_TIMESTAMP
 * @since 1.0
 */
VIPCARE_API int vipcare_transaction_set_timestamp(struct vipcare_transaction *txn, int64_t ts);

/**
 * @brief Sets the amount: minor units, 1 .. VIPCARE_AMOUNT_MAX (the kind
 * carries the sign).
 * @return VIPCARE_OK, VIPCARE_E_INVALID_ARGUMENT or VIPCARE_E_MONEY
 * @since 1.0
 */
VIPCARE_API int vipcare_transaction_set_amount(struct vipcare_transaction *txn, int64_t amount);

/**
 * @brief Sets the kind, a value of enum vipcare_txn_kind.
 * @return VIPCARE_OK, VIPCARE_E_INVALID_ARGUMENT or VIPCARE_E_RANGE
 * @since 1.0
 */
VIPCARE_API int vipcare_transaction_set_kind(struct vipcare_transaction *txn, int kind);

/**
 * @brief Sets the store id, or NULL / "" for none.
 * @return VIPCARE_OK, VIPCARE_E_INVALID_ARGUMENT or VIPCARE_E_ID
 * @since 1.0
 */
VIPCARE_API int vipcare_transaction_set_store(struct vipcare_transaction *txn, const char *store);

/**
 * @brief Sets the category, or NULL / "" for none.
 * @return VIPCARE_OK, VIPCARE_E_INVALID_ARGUMENT or VIPCARE_E_ID
 * @since 1.0
 */
VIPCARE_API int vipcare_transaction_set_category(struct vipcare_transaction *txn,
						 const char *category);

/**
 * @brief Sets the original transaction id of a refund, or NULL / "" for
 * none (ignored on a sale).
 * @return VIPCARE_OK, VIPCARE_E_INVALID_ARGUMENT or VIPCARE_E_ID
 * @since 1.0
 */
VIPCARE_API int vipcare_transaction_set_original(struct vipcare_transaction *txn,
						 const char *original_id);

/** @brief The id, "" when unset. @since 1.0 */
VIPCARE_API const char *vipcare_transaction_id(const struct vipcare_transaction *txn);
/** @brief The customer id, "" when unset. @since 1.0 */
VIPCARE_API const char *vipcare_transaction_customer(const struct vipcare_transaction *txn);
/** @brief The timestamp, 0 when unset. @since 1.0 */
VIPCARE_API int64_t vipcare_transaction_timestamp(const struct vipcare_transaction *txn);
/** @brief The amount in minor units (positive), 0 when unset. @since 1.0 */
VIPCARE_API int64_t vipcare_transaction_amount(const struct vipcare_transaction *txn);
/** @brief The kind, a value of enum vipcare_txn_kind. @since 1.0 */
VIPCARE_API int vipcare_transaction_kind(const struct vipcare_transaction *txn);
/** @brief The store id, "" when none. @since 1.0 */
VIPCARE_API const char *vipcare_transaction_store(const struct vipcare_transaction *txn);
/** @brief The category, "" when none. @since 1.0 */
VIPCARE_API const char *vipcare_transaction_category(const struct vipcare_transaction *txn);
/** @brief The original transaction id, "" when none. @since 1.0 */
VIPCARE_API const char *vipcare_transaction_original(const struct vipcare_transaction *txn);

/* ------------------------------------------------------------------ */
/* The engine                                                          */
/* ------------------------------------------------------------------ */

/**
 * @brief A memory allocator for one engine: `realloc_fn(NULL, n, ud)`
 * allocates, `realloc_fn(p, n, ud)` resizes, `free_fn(p, ud)` frees
 * (NULL is a no-op). @since 1.0
 */
typedef void *(*vipcare_realloc_fn)(void *ptr, size_t size, void *user_data);
/** @brief Frees memory from a vipcare_realloc_fn. @since 1.0 */
typedef void (*vipcare_free_fn)(void *ptr, void *user_data);

/**
 * @brief Creates an empty engine with its own copy of a policy.
 * @param[out] out the engine, with one reference
 * @param policy a valid policy, or NULL for the default policy
 * @return VIPCARE_OK, VIPCARE_E_INVALID_ARGUMENT, VIPCARE_E_POLICY_INVALID or
 *         VIPCARE_E_NO_MEMORY
 * @since 1.0
 */
VIPCARE_API int vipcare_engine_new(struct vipcare_engine **out, const struct vipcare_policy *policy);

/**
 * @brief Creates an engine whose every allocation goes through the caller's
 * allocator.
 * @param[out] out the engine, with one reference
 * @param policy a valid policy, or NULL for the default policy
 * @param realloc_fn allocates and resizes
 * @param free_fn frees
 * @param user_data passed to both
 * @return as vipcare_engine_new()
 * @since 1.0
 */
VIPCARE_API int vipcare_engine_new_with_allocator(struct vipcare_engine **out,
						  const struct vipcare_policy *policy,
						  vipcare_realloc_fn realloc_fn,
						  vipcare_free_fn free_fn, void *user_data);

/** @brief Takes a reference. @return @p engine @since 1.0 */
VIPCARE_API struct vipcare_engine *vipcare_engine_ref(struct vipcare_engine *engine);

/** @brief Drops a reference; the last frees the engine. NULL is a no-op. @return NULL @since 1.0 */
VIPCARE_API struct vipcare_engine *vipcare_engine_unref(struct vipcare_engine *engine);

/**
 * @brief The detailed message of the last failed call on this engine.
 * @return text owned by the engine, valid until its next failing call;
 *         "" when none failed
 * @since 1.0
 */
VIPCARE_API const char *vipcare_engine_last_error(const struct vipcare_engine *engine);

/**
 * @brief The engine's own policy.
 * @return a policy owned by the engine, valid as long as the engine; do
 *         not change or unref it (copy it with vipcare_policy_copy())
 * @since 1.0
 */
VIPCARE_API const struct vipcare_policy *vipcare_engine_policy(const struct vipcare_engine *engine);

/**
 * @brief Records a customer.
 *
 * A customer first seen in a transaction may be given its record later; a
 * second record for the same id is VIPCARE_E_DUPLICATE and the first stays.
 * @param engine the engine
 * @param customer a record with at least an id
 * @return VIPCARE_OK, VIPCARE_E_INVALID_ARGUMENT, VIPCARE_E_INCOMPLETE,
 *         VIPCARE_E_DUPLICATE, VIPCARE_E_UNKNOWN_TIER, VIPCARE_E_LIMIT or
 *         VIPCARE_E_NO_MEMORY
 * @since 1.0
 */
VIPCARE_API int vipcare_engine_add_customer(struct vipcare_engine *engine,
					    const struct vipcare_customer *customer);

/**
 * @brief Records a sale or a refund.
 *
 * A transaction id seen before is VIPCARE_E_DUPLICATE and changes nothing
 * (POS terminals retry). A customer not seen before is created with no
 * consent. A refund whose original is known must be of a sale of the same
 * customer, and the refunds of a sale never exceed its amount.
 * @param engine the engine
 * @param txn a record with id, customer, timestamp and amount
 * @return VIPCARE_OK, VIPCARE_E_INVALID_ARGUMENT, VIPCARE_E_INCOMPLETE,
 *         VIPCARE_E_DUPLICATE, VIPCARE_E_REFUND_OF_REFUND,
 *         VIPCARE_E_REFUND_CUSTOMER, VIPCARE_E_REFUND_EXCEEDS,
 *         VIPCARE_E_LIMIT or VIPCARE_E_NO_MEMORY
 * @since 1.0
 */
VIPCARE_API int vipcare_engine_add_transaction(struct vipcare_engine *engine,
					       const struct vipcare_transaction *txn);

/**
 * @brief Changes a known customer's tier override (the state a CRM
 * manager sets by hand).
 * @param engine the engine
 * @param customer_id a known customer
 * @param tier a tier name of the engine's policy, or NULL / "" to remove
 * @param until the last day it applies, or VIPCARE_DATE_NONE for no end
 * @return VIPCARE_OK, VIPCARE_E_INVALID_ARGUMENT, VIPCARE_E_UNKNOWN_CUSTOMER,
 *         VIPCARE_E_UNKNOWN_TIER or VIPCARE_E_DATE
 * @since 1.0
 */
VIPCARE_API int vipcare_engine_set_override(struct vipcare_engine *engine, const char *customer_id,
					    const char *tier, int32_t until);

/**
 * @brief Reads back what the engine holds for a customer.
 *
 * The joined date read back is the one given, not the effective one.
 * @param engine the engine
 * @param customer_id the id
 * @param[out] out a record to fill (cleared first)
 * @return VIPCARE_OK, VIPCARE_E_INVALID_ARGUMENT or VIPCARE_E_UNKNOWN_CUSTOMER
 * @since 1.0
 */
VIPCARE_API int vipcare_engine_get_customer(struct vipcare_engine *engine, const char *customer_id,
					    struct vipcare_customer *out);

/**
 * @brief Reads back a recorded transaction.
 * @param engine the engine
 * @param txn_id the id
 * @param[out] out a record to fill (cleared first)
 * @return VIPCARE_OK, VIPCARE_E_INVALID_ARGUMENT or
 *         VIPCARE_E_UNKNOWN_TRANSACTION
 * @since 1.0
 */
VIPCARE_API int vipcare_engine_get_transaction(struct vipcare_engine *engine, const char *txn_id,
					       struct vipcare_transaction *out);

/**
 * @brief The effective joined date of a customer: the earlier of its
 * joined date and its first transaction.
 * @param engine the engine
 * @param customer_id the id
 * @param[out] out the date, or VIPCARE_DATE_NONE when it is not a member
 * @return VIPCARE_OK, VIPCARE_E_INVALID_ARGUMENT or VIPCARE_E_UNKNOWN_CUSTOMER
 * @since 1.0
 */
VIPCARE_API int vipcare_engine_effective_joined(struct vipcare_engine *engine,
						const char *customer_id, int32_t *out);

/** @brief The number of known customers (members or not). @since 1.0 */
VIPCARE_API size_t vipcare_engine_customer_count(const struct vipcare_engine *engine);

/** @brief The number of recorded transactions. @since 1.0 */
VIPCARE_API size_t vipcare_engine_transaction_count(const struct vipcare_engine *engine);

/**
 * @brief The bytes the engine holds from its allocator right now.
 * @since 1.0
 */
VIPCARE_API size_t vipcare_engine_memory_used(const struct vipcare_engine *engine);

#ifdef __cplusplus
}
#endif

#endif /* VIPCARE_ENGINE_H */
