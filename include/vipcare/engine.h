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
 *
 * Thread-safe.
 * @param[in] channel a value of enum vipcare_channel
 * @return static text owned by the library, never to be freed; NULL for an
 *         unknown channel
 * @since 1.0
 */
VIPCARE_API const char *vipcare_channel_name(int channel);

/**
 * @brief The channel of a name.
 *
 * Thread-safe. Names are those of vipcare_channel_name(), compared
 * bytewise (case-sensitive).
 * @param[in] name a NUL-terminated channel name, or NULL
 * @return the channel (0 .. VIPCARE_CHANNEL_COUNT - 1), or VIPCARE_E_RANGE
 *         for an unknown name or NULL
 * @since 1.0
 */
VIPCARE_API int vipcare_channel_from_name(const char *name);

/* ------------------------------------------------------------------ */
/* Customer records                                                    */
/* ------------------------------------------------------------------ */

/**
 * @brief Creates an empty customer record: no id, no birthday, no joined
 * date, no consent, not opted out, no advisor, no override.
 *
 * @param[out] out receives the record, with one reference owned by the
 *        caller (release it with vipcare_customer_unref()); set to NULL on
 *        error
 * @return VIPCARE_OK; VIPCARE_E_INVALID_ARGUMENT when @p out is NULL;
 *         VIPCARE_E_NO_MEMORY
 * @since 1.0
 */
VIPCARE_API int vipcare_customer_new(struct vipcare_customer **out);

/**
 * @brief Takes a reference.
 *
 * @param[in] customer a record, or NULL (then nothing happens)
 * @return @p customer, now holding one more reference that the caller
 *         owns; NULL when @p customer is NULL
 * @since 1.0
 */
VIPCARE_API struct vipcare_customer *vipcare_customer_ref(struct vipcare_customer *customer);

/**
 * @brief Drops a reference; the last one frees the record.
 *
 * Nothing an engine recorded from the record is affected.
 * @param[in] customer a record whose reference the caller gives up, or
 *        NULL (then nothing happens)
 * @return NULL
 * @since 1.0
 */
VIPCARE_API struct vipcare_customer *vipcare_customer_unref(struct vipcare_customer *customer);

/**
 * @brief The detailed message of the last failed call on this record.
 *
 * @param[in] customer a record, or NULL
 * @return text owned by the record, valid as long as the record; the next
 *         failing call on the record replaces its content and
 *         vipcare_customer_clear() empties it. "" when no call has failed,
 *         and a static "" when @p customer is NULL.
 * @since 1.0
 */
VIPCARE_API const char *vipcare_customer_last_error(const struct vipcare_customer *customer);

/**
 * @brief Empties the record for reuse, as vipcare_customer_new() made it.
 *
 * Every field and the last error are cleared; the references are kept.
 * @param[in,out] customer a record, or NULL (then nothing happens)
 * @since 1.0
 */
VIPCARE_API void vipcare_customer_clear(struct vipcare_customer *customer);

/**
 * @brief Sets the external id: 1 .. VIPCARE_ID_MAX bytes of printable
 * UTF-8 (no control characters), case-sensitive.
 *
 * @param[in,out] customer the record
 * @param[in] id the NUL-terminated id, copied into the record
 * @return VIPCARE_OK; VIPCARE_E_INVALID_ARGUMENT when @p customer is NULL;
 *         VIPCARE_E_ID when @p id is NULL, empty, too long or not printable
 *         UTF-8 (the id is then unchanged)
 * @since 1.0
 */
VIPCARE_API int vipcare_customer_set_id(struct vipcare_customer *customer, const char *id);

/**
 * @brief The id.
 *
 * @param[in] customer a record, or NULL
 * @return text owned by the record, valid until the id is set again, the
 *         record is cleared or refilled, or it is released; "" when unset
 *         or when @p customer is NULL
 * @since 1.0
 */
VIPCARE_API const char *vipcare_customer_id(const struct vipcare_customer *customer);

/**
 * @brief Sets the birthday (the year is not kept); 0, 0 makes it unknown.
 *
 * @param[in,out] customer the record
 * @param[in] month 1 .. 12, or 0 together with @p day 0
 * @param[in] day 1 .. the month's length in a leap year (29 February is
 *        allowed), or 0 together with @p month 0
 * @return VIPCARE_OK; VIPCARE_E_INVALID_ARGUMENT when @p customer is NULL;
 *         VIPCARE_E_DATE for a day that does not exist (the birthday is
 *         then unchanged)
 * @since 1.0
 */
VIPCARE_API int vipcare_customer_set_birthday(struct vipcare_customer *customer, int32_t month,
					      int32_t day);

/**
 * @brief The birthday.
 *
 * @param[in] customer the record
 * @param[out] month receives 1 .. 12, or 0 when unknown; may be NULL;
 *        untouched on error
 * @param[out] day receives 1 .. 31, or 0 when unknown; may be NULL;
 *        untouched on error
 * @return 1 when known, 0 when unknown, or VIPCARE_E_INVALID_ARGUMENT when
 *         @p customer is NULL
 * @since 1.0
 */
VIPCARE_API int vipcare_customer_birthday(const struct vipcare_customer *customer, int32_t *month,
					  int32_t *day);

/**
 * @brief Sets the date the customer joined the programme, or
 * VIPCARE_DATE_NONE.
 *
 * @param[in,out] customer the record
 * @param[in] joined a date, VIPCARE_DATE_MIN .. VIPCARE_DATE_MAX, or
 *        VIPCARE_DATE_NONE for none
 * @return VIPCARE_OK; VIPCARE_E_INVALID_ARGUMENT when @p customer is NULL;
 *         VIPCARE_E_DATE for any other value (the date is then unchanged)
 * @since 1.0
 */
VIPCARE_API int vipcare_customer_set_joined(struct vipcare_customer *customer, int32_t joined);

/**
 * @brief The joined date.
 *
 * @param[in] customer a record, or NULL
 * @return the joined date, or VIPCARE_DATE_NONE when unset or when
 *         @p customer is NULL
 * @since 1.0
 */
VIPCARE_API int32_t vipcare_customer_joined(const struct vipcare_customer *customer);

/**
 * @brief Sets whether the customer consented to be contacted on a channel.
 *
 * @param[in,out] customer the record
 * @param[in] channel a value of enum vipcare_channel
 * @param[in] consent 1 or 0
 * @return VIPCARE_OK; VIPCARE_E_INVALID_ARGUMENT when @p customer is NULL;
 *         VIPCARE_E_RANGE for an unknown @p channel or a @p consent other
 *         than 0 and 1 (the consent is then unchanged)
 * @since 1.0
 */
VIPCARE_API int vipcare_customer_set_consent(struct vipcare_customer *customer, int channel,
					     int consent);

/**
 * @brief Whether the customer consented to a channel.
 *
 * @param[in] customer the record
 * @param[in] channel a value of enum vipcare_channel
 * @return 1 or 0; VIPCARE_E_INVALID_ARGUMENT when @p customer is NULL;
 *         VIPCARE_E_RANGE for an unknown @p channel
 * @since 1.0
 */
VIPCARE_API int vipcare_customer_consent(const struct vipcare_customer *customer, int channel);

/**
 * @brief Sets the marketing opt-out (1: no marketing contacts).
 *
 * @param[in,out] customer the record
 * @param[in] opt_out 1 or 0
 * @return VIPCARE_OK; VIPCARE_E_INVALID_ARGUMENT when @p customer is NULL;
 *         VIPCARE_E_RANGE for a value other than 0 and 1 (the opt-out is
 *         then unchanged)
 * @since 1.0
 */
VIPCARE_API int vipcare_customer_set_marketing_opt_out(struct vipcare_customer *customer,
						       int opt_out);

/**
 * @brief The marketing opt-out.
 *
 * @param[in] customer the record
 * @return 1 when opted out, 0 when not, or VIPCARE_E_INVALID_ARGUMENT when
 *         @p customer is NULL
 * @since 1.0
 */
VIPCARE_API int vipcare_customer_marketing_opt_out(const struct vipcare_customer *customer);

/**
 * @brief Sets the advisor id (an id as for customers), or NULL / "" for none.
 *
 * @param[in,out] customer the record
 * @param[in] advisor the NUL-terminated advisor id, copied into the
 *        record; NULL or "" for none
 * @return VIPCARE_OK; VIPCARE_E_INVALID_ARGUMENT when @p customer is NULL;
 *         VIPCARE_E_ID for an id that is too long or not printable UTF-8
 *         (the advisor is then unchanged)
 * @since 1.0
 */
VIPCARE_API int vipcare_customer_set_advisor(struct vipcare_customer *customer, const char *advisor);

/**
 * @brief The advisor id.
 *
 * @param[in] customer a record, or NULL
 * @return text owned by the record, valid until the advisor is set again,
 *         the record is cleared or refilled, or it is released; "" when
 *         none or when @p customer is NULL
 * @since 1.0
 */
VIPCARE_API const char *vipcare_customer_advisor(const struct vipcare_customer *customer);

/**
 * @brief Sets a manual tier override by tier name, applying on every date
 * up to @p until; NULL or "" removes it.
 *
 * Only the form of the name is checked here; whether the engine's policy
 * has the tier is checked when the record is added
 * (vipcare_engine_add_customer()).
 * @param[in,out] customer the record
 * @param[in] tier the NUL-terminated tier name (`[A-Za-z0-9_-]{1,32}`, not
 *        `none`), copied into the record; NULL or "" removes the override
 *        and @p until is then ignored
 * @param[in] until the last day it applies, VIPCARE_DATE_MIN ..
 *        VIPCARE_DATE_MAX, or VIPCARE_DATE_NONE for no end
 * @return VIPCARE_OK; VIPCARE_E_INVALID_ARGUMENT when @p customer is NULL;
 *         VIPCARE_E_ID for a malformed tier name; VIPCARE_E_DATE for an
 *         invalid @p until. On error the override is unchanged.
 * @since 1.0
 */
VIPCARE_API int vipcare_customer_set_override(struct vipcare_customer *customer, const char *tier,
					      int32_t until);

/**
 * @brief The override's tier name.
 *
 * @param[in] customer a record, or NULL
 * @return text owned by the record, valid until the override is set again,
 *         the record is cleared or refilled, or it is released; "" when
 *         there is no override or when @p customer is NULL
 * @since 1.0
 */
VIPCARE_API const char *vipcare_customer_override_tier(const struct vipcare_customer *customer);

/**
 * @brief The override's last day.
 *
 * @param[in] customer a record, or NULL
 * @return the last day the override applies, or VIPCARE_DATE_NONE when
 *         there is no override, when it has no end, or when @p customer is
 *         NULL
 * @since 1.0
 */
VIPCARE_API int32_t vipcare_customer_override_until(const struct vipcare_customer *customer);

/* ------------------------------------------------------------------ */
/* Transaction records                                                 */
/* ------------------------------------------------------------------ */

/**
 * @brief Creates an empty transaction record (kind sale, nothing else set).
 *
 * @param[out] out receives the record, with one reference owned by the
 *        caller (release it with vipcare_transaction_unref()); set to NULL
 *        on error
 * @return VIPCARE_OK; VIPCARE_E_INVALID_ARGUMENT when @p out is NULL;
 *         VIPCARE_E_NO_MEMORY
 * @since 1.0
 */
VIPCARE_API int vipcare_transaction_new(struct vipcare_transaction **out);

/**
 * @brief Takes a reference.
 *
 * @param[in] txn a record, or NULL (then nothing happens)
 * @return @p txn, now holding one more reference that the caller owns;
 *         NULL when @p txn is NULL
 * @since 1.0
 */
VIPCARE_API struct vipcare_transaction *vipcare_transaction_ref(struct vipcare_transaction *txn);

/**
 * @brief Drops a reference; the last one frees the record.
 *
 * Nothing an engine recorded from the record is affected.
 * @param[in] txn a record whose reference the caller gives up, or NULL
 *        (then nothing happens)
 * @return NULL
 * @since 1.0
 */
VIPCARE_API struct vipcare_transaction *vipcare_transaction_unref(struct vipcare_transaction *txn);

/**
 * @brief The detailed message of the last failed call on this record.
 *
 * @param[in] txn a record, or NULL
 * @return text owned by the record, valid as long as the record; the next
 *         failing call on the record replaces its content and
 *         vipcare_transaction_clear() empties it. "" when no call has
 *         failed, and a static "" when @p txn is NULL.
 * @since 1.0
 */
VIPCARE_API const char *vipcare_transaction_last_error(const struct vipcare_transaction *txn);

/**
 * @brief Empties the record for reuse, as vipcare_transaction_new() made
 * it: kind sale, nothing else set.
 *
 * Every field and the last error are cleared; the references are kept.
 * @param[in,out] txn a record, or NULL (then nothing happens)
 * @since 1.0
 */
VIPCARE_API void vipcare_transaction_clear(struct vipcare_transaction *txn);

/**
 * @brief Sets the transaction id (unique within an engine): 1 ..
 * VIPCARE_ID_MAX bytes of printable UTF-8, case-sensitive.
 *
 * @param[in,out] txn the record
 * @param[in] id the NUL-terminated id, copied into the record
 * @return VIPCARE_OK; VIPCARE_E_INVALID_ARGUMENT when @p txn is NULL;
 *         VIPCARE_E_ID when @p id is NULL, empty, too long or not printable
 *         UTF-8 (the id is then unchanged)
 * @since 1.0
 */
VIPCARE_API int vipcare_transaction_set_id(struct vipcare_transaction *txn, const char *id);

/**
 * @brief Sets the customer id.
 *
 * @param[in,out] txn the record
 * @param[in] customer_id the NUL-terminated customer id, copied into the
 *        record
 * @return VIPCARE_OK; VIPCARE_E_INVALID_ARGUMENT when @p txn is NULL;
 *         VIPCARE_E_ID when @p customer_id is NULL, empty, too long or not
 *         printable UTF-8 (the customer id is then unchanged)
 * @since 1.0
 */
VIPCARE_API int vipcare_transaction_set_customer(struct vipcare_transaction *txn,
						 const char *customer_id);

/**
 * @brief Sets the timestamp.
 *
 * @param[in,out] txn the record
 * @param[in] ts a timestamp, VIPCARE_TIMESTAMP_MIN .. VIPCARE_TIMESTAMP_MAX
 * @return VIPCARE_OK; VIPCARE_E_INVALID_ARGUMENT when @p txn is NULL;
 *         VIPCARE_E_TIMESTAMP when @p ts is out of range (the timestamp is
 *         then unchanged)
 * @since 1.0
 */
VIPCARE_API int vipcare_transaction_set_timestamp(struct vipcare_transaction *txn, int64_t ts);

/**
 * @brief Sets the amount: minor units, 1 .. VIPCARE_AMOUNT_MAX (the kind
 * carries the sign).
 *
 * @param[in,out] txn the record
 * @param[in] amount minor units, 1 .. VIPCARE_AMOUNT_MAX
 * @return VIPCARE_OK; VIPCARE_E_INVALID_ARGUMENT when @p txn is NULL;
 *         VIPCARE_E_MONEY when @p amount is out of range (the amount is then
 *         unchanged)
 * @since 1.0
 */
VIPCARE_API int vipcare_transaction_set_amount(struct vipcare_transaction *txn, int64_t amount);

/**
 * @brief Sets the kind, a value of enum vipcare_txn_kind.
 *
 * @param[in,out] txn the record
 * @param[in] kind VIPCARE_TXN_SALE or VIPCARE_TXN_REFUND
 * @return VIPCARE_OK; VIPCARE_E_INVALID_ARGUMENT when @p txn is NULL;
 *         VIPCARE_E_RANGE for any other value (the kind is then unchanged)
 * @since 1.0
 */
VIPCARE_API int vipcare_transaction_set_kind(struct vipcare_transaction *txn, int kind);

/**
 * @brief Sets the store id, or NULL / "" for none.
 *
 * @param[in,out] txn the record
 * @param[in] store the NUL-terminated store id (an id as for customers),
 *        copied into the record; NULL or "" for none
 * @return VIPCARE_OK; VIPCARE_E_INVALID_ARGUMENT when @p txn is NULL;
 *         VIPCARE_E_ID for an id that is too long or not printable UTF-8
 *         (the store is then unchanged)
 * @since 1.0
 */
VIPCARE_API int vipcare_transaction_set_store(struct vipcare_transaction *txn, const char *store);

/**
 * @brief Sets the category, or NULL / "" for none.
 *
 * @param[in,out] txn the record
 * @param[in] category the NUL-terminated category (an id as for
 *        customers), copied into the record; NULL or "" for none
 * @return VIPCARE_OK; VIPCARE_E_INVALID_ARGUMENT when @p txn is NULL;
 *         VIPCARE_E_ID for a category that is too long or not printable
 *         UTF-8 (the category is then unchanged)
 * @since 1.0
 */
VIPCARE_API int vipcare_transaction_set_category(struct vipcare_transaction *txn,
						 const char *category);

/**
 * @brief Sets the original transaction id of a refund, or NULL / "" for
 * none.
 *
 * The engine ignores it on a sale: vipcare_engine_add_transaction() does
 * not record it then.
 * @param[in,out] txn the record
 * @param[in] original_id the NUL-terminated id of the refunded sale,
 *        copied into the record; NULL or "" for none
 * @return VIPCARE_OK; VIPCARE_E_INVALID_ARGUMENT when @p txn is NULL;
 *         VIPCARE_E_ID for an id that is too long or not printable UTF-8
 *         (the original id is then unchanged)
 * @since 1.0
 */
VIPCARE_API int vipcare_transaction_set_original(struct vipcare_transaction *txn,
						 const char *original_id);

/**
 * @brief The transaction id.
 *
 * @param[in] txn a record, or NULL
 * @return text owned by the record, valid until the id is set again, the
 *         record is cleared or refilled, or it is released; "" when unset
 *         or when @p txn is NULL
 * @since 1.0
 */
VIPCARE_API const char *vipcare_transaction_id(const struct vipcare_transaction *txn);

/**
 * @brief The customer id.
 *
 * @param[in] txn a record, or NULL
 * @return text owned by the record, valid until the customer id is set
 *         again, the record is cleared or refilled, or it is released; ""
 *         when unset or when @p txn is NULL
 * @since 1.0
 */
VIPCARE_API const char *vipcare_transaction_customer(const struct vipcare_transaction *txn);

/**
 * @brief The timestamp.
 *
 * 0 is also a valid timestamp (1970-01-01T00:00:00): an unset timestamp
 * cannot be told from it here, but vipcare_engine_add_transaction()
 * refuses a record whose timestamp was never set.
 * @param[in] txn a record, or NULL
 * @return the timestamp, or 0 when unset or when @p txn is NULL
 * @since 1.0
 */
VIPCARE_API int64_t vipcare_transaction_timestamp(const struct vipcare_transaction *txn);

/**
 * @brief The amount.
 *
 * @param[in] txn a record, or NULL
 * @return the amount in minor units (positive, also for a refund), or 0
 *         when unset or when @p txn is NULL
 * @since 1.0
 */
VIPCARE_API int64_t vipcare_transaction_amount(const struct vipcare_transaction *txn);

/**
 * @brief The kind.
 *
 * @param[in] txn a record, or NULL
 * @return VIPCARE_TXN_SALE (also when unset) or VIPCARE_TXN_REFUND, or
 *         VIPCARE_E_INVALID_ARGUMENT when @p txn is NULL
 * @since 1.0
 */
VIPCARE_API int vipcare_transaction_kind(const struct vipcare_transaction *txn);

/**
 * @brief The store id.
 *
 * @param[in] txn a record, or NULL
 * @return text owned by the record, valid until the store is set again,
 *         the record is cleared or refilled, or it is released; "" when
 *         none or when @p txn is NULL
 * @since 1.0
 */
VIPCARE_API const char *vipcare_transaction_store(const struct vipcare_transaction *txn);

/**
 * @brief The category.
 *
 * @param[in] txn a record, or NULL
 * @return text owned by the record, valid until the category is set again,
 *         the record is cleared or refilled, or it is released; "" when
 *         none or when @p txn is NULL
 * @since 1.0
 */
VIPCARE_API const char *vipcare_transaction_category(const struct vipcare_transaction *txn);

/**
 * @brief The original transaction id of a refund.
 *
 * @param[in] txn a record, or NULL
 * @return text owned by the record, valid until the original id is set
 *         again, the record is cleared or refilled, or it is released; ""
 *         when none or when @p txn is NULL
 * @since 1.0
 */
VIPCARE_API const char *vipcare_transaction_original(const struct vipcare_transaction *txn);

/* ------------------------------------------------------------------ */
/* The engine                                                          */
/* ------------------------------------------------------------------ */

/**
 * @brief Allocates or resizes memory for one engine, as realloc() does.
 *
 * @param[in] ptr NULL to allocate, or a block from this function to resize
 *        (its contents are kept up to the smaller size)
 * @param[in] size the size wanted, in bytes
 * @param[in] user_data the pointer given to
 *        vipcare_engine_new_with_allocator()
 * @return the block, or NULL on failure, in which case @p ptr must be left
 *         valid and unchanged
 * @since 1.0
 */
typedef void *(*vipcare_realloc_fn)(void *ptr, size_t size, void *user_data);

/**
 * @brief Frees memory from a vipcare_realloc_fn.
 *
 * @param[in] ptr a block from the engine's vipcare_realloc_fn; the library
 *        never passes NULL
 * @param[in] user_data the pointer given to
 *        vipcare_engine_new_with_allocator()
 * @since 1.0
 */
typedef void (*vipcare_free_fn)(void *ptr, void *user_data);

/**
 * @brief Creates an empty engine with its own copy of a policy.
 *
 * Memory comes from the C library's realloc() and free().
 * @param[out] out receives the engine, with one reference owned by the
 *        caller (release it with vipcare_engine_unref()); set to NULL on
 *        error
 * @param[in] policy a policy that passes vipcare_policy_validate(), copied
 *        (so it may be changed or released afterwards); NULL for the
 *        default policy
 * @return VIPCARE_OK; VIPCARE_E_INVALID_ARGUMENT when @p out is NULL;
 *         VIPCARE_E_POLICY_INVALID when @p policy does not validate (no
 *         message is kept: vipcare_policy_validate() tells why);
 *         VIPCARE_E_NO_MEMORY
 * @since 1.0
 */
VIPCARE_API int vipcare_engine_new(struct vipcare_engine **out, const struct vipcare_policy *policy);

/**
 * @brief Creates an engine whose every allocation goes through the caller's
 * allocator.
 *
 * The allocator also serves the engine's score cursors; it must stay
 * usable until the engine is freed.
 * @param[out] out receives the engine, with one reference owned by the
 *        caller (release it with vipcare_engine_unref()); set to NULL on
 *        error
 * @param[in] policy a policy that passes vipcare_policy_validate(), copied;
 *        NULL for the default policy
 * @param[in] realloc_fn allocates and resizes; must not be NULL
 * @param[in] free_fn frees; must not be NULL
 * @param[in] user_data passed to both, owned by the caller; may be NULL
 * @return as vipcare_engine_new(), and VIPCARE_E_INVALID_ARGUMENT also when
 *         @p realloc_fn or @p free_fn is NULL
 * @since 1.0
 */
VIPCARE_API int vipcare_engine_new_with_allocator(struct vipcare_engine **out,
						  const struct vipcare_policy *policy,
						  vipcare_realloc_fn realloc_fn,
						  vipcare_free_fn free_fn, void *user_data);

/**
 * @brief Takes a reference.
 *
 * @param[in] engine an engine, or NULL (then nothing happens)
 * @return @p engine, now holding one more reference that the caller owns;
 *         NULL when @p engine is NULL
 * @since 1.0
 */
VIPCARE_API struct vipcare_engine *vipcare_engine_ref(struct vipcare_engine *engine);

/**
 * @brief Drops a reference; the last one frees the engine and everything it
 * holds.
 *
 * An open score cursor holds its own reference, so the engine lives on
 * until the cursor is released too.
 * @param[in] engine an engine whose reference the caller gives up, or NULL
 *        (then nothing happens)
 * @return NULL
 * @since 1.0
 */
VIPCARE_API struct vipcare_engine *vipcare_engine_unref(struct vipcare_engine *engine);

/**
 * @brief The detailed message of the last failed call on this engine.
 *
 * Calls on the engine's score cursors write here too.
 * @param[in] engine an engine, or NULL
 * @return text owned by the engine, valid as long as the engine; the next
 *         failing call on the engine replaces its content. "" when no call
 *         has failed, and a static "" when @p engine is NULL.
 * @since 1.0
 */
VIPCARE_API const char *vipcare_engine_last_error(const struct vipcare_engine *engine);

/**
 * @brief The engine's own policy.
 *
 * @param[in] engine an engine, or NULL
 * @return a policy owned by the engine, valid as long as the engine; do
 *         not change or unref it (copy it with vipcare_policy_copy()).
 *         NULL when @p engine is NULL.
 * @since 1.0
 */
VIPCARE_API const struct vipcare_policy *vipcare_engine_policy(const struct vipcare_engine *engine);

/**
 * @brief Records a customer.
 *
 * A customer first seen in a transaction may be given its record later; a
 * second record for the same id is VIPCARE_E_DUPLICATE and the first stays.
 * @param[in,out] engine the engine
 * @param[in] customer a record with at least an id, borrowed for the call:
 *        the engine copies what it keeps, so the record may be cleared and
 *        reused at once
 * @return VIPCARE_OK; VIPCARE_E_INVALID_ARGUMENT when @p engine or
 *         @p customer is NULL; VIPCARE_E_INCOMPLETE without an id;
 *         VIPCARE_E_DUPLICATE; VIPCARE_E_UNKNOWN_TIER when the override
 *         names a tier the engine's policy lacks; VIPCARE_E_LIMIT or
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
 * customer, and the refunds of a sale never exceed its amount; the
 * original of a refund may also be unknown, and is then kept as given.
 * @param[in,out] engine the engine
 * @param[in] txn a record with id, customer, timestamp and amount, borrowed
 *        for the call: the engine copies what it keeps
 * @return VIPCARE_OK; VIPCARE_E_INVALID_ARGUMENT when @p engine or @p txn
 *         is NULL; VIPCARE_E_INCOMPLETE; VIPCARE_E_DUPLICATE;
 *         VIPCARE_E_REFUND_OF_REFUND, VIPCARE_E_REFUND_CUSTOMER,
 *         VIPCARE_E_REFUND_EXCEEDS; VIPCARE_E_LIMIT (also when the
 *         customer's total would exceed what the engine sums exactly) or
 *         VIPCARE_E_NO_MEMORY. On error nothing is recorded.
 * @since 1.0
 */
VIPCARE_API int vipcare_engine_add_transaction(struct vipcare_engine *engine,
					       const struct vipcare_transaction *txn);

/**
 * @brief Records many sales and refunds in order, faster than one call each.
 *
 * The result is exactly that of calling vipcare_engine_add_transaction()
 * on each record in turn, stopping at the first one that fails. The engine
 * looks some records ahead and touches the memory they will need, so that
 * the waits for memory of many records overlap: importing millions of
 * transactions this way takes about half the time. A batch of 64 or more
 * records gets the full benefit.
 * @param[in,out] engine the engine
 * @param[in] txns @p count records, borrowed for the call
 * @param count the number of records; 0 does nothing
 * @param[out] done the number of records recorded, from the first: all of
 *        them on success; on failure, the index of the record that failed
 *        (whose message is in vipcare_engine_last_error())
 * @return VIPCARE_OK when every record was recorded; the status of the
 *         first record that failed, as vipcare_engine_add_transaction()
 *         gives it (the records before it stay recorded, the ones after it
 *         are not looked at); VIPCARE_E_INVALID_ARGUMENT when @p engine or
 *         @p done is NULL, @p txns is NULL with a @p count above 0, or a
 *         record is NULL (then nothing is recorded)
 * @since 1.0
 */
VIPCARE_API int vipcare_engine_add_transactions(struct vipcare_engine *engine,
						const struct vipcare_transaction *const *txns,
						size_t count, size_t *done);

/**
 * @brief Changes a known customer's tier override (the state a CRM
 * manager sets by hand).
 *
 * @param[in,out] engine the engine
 * @param[in] customer_id the NUL-terminated id of a known customer
 * @param[in] tier a tier name of the engine's policy, or NULL / "" to
 *        remove the override (@p until is then ignored)
 * @param[in] until the last day it applies, VIPCARE_DATE_MIN ..
 *        VIPCARE_DATE_MAX, or VIPCARE_DATE_NONE for no end
 * @return VIPCARE_OK; VIPCARE_E_INVALID_ARGUMENT when @p engine or
 *         @p customer_id is NULL; VIPCARE_E_DATE for an invalid @p until
 *         (checked even when removing); VIPCARE_E_UNKNOWN_CUSTOMER;
 *         VIPCARE_E_UNKNOWN_TIER
 * @since 1.0
 */
VIPCARE_API int vipcare_engine_set_override(struct vipcare_engine *engine, const char *customer_id,
					    const char *tier, int32_t until);

/**
 * @brief Reads back what the engine holds for a customer.
 *
 * The joined date read back is the one given, not the effective one. A
 * customer only seen in transactions reads back with its id alone.
 * @param[in,out] engine the engine; only its last error may change
 * @param[in] customer_id the NUL-terminated id
 * @param[out] out a record owned by the caller, cleared (last error
 *        included) and filled on success; untouched on error
 * @return VIPCARE_OK; VIPCARE_E_INVALID_ARGUMENT when @p engine,
 *         @p customer_id or @p out is NULL; VIPCARE_E_UNKNOWN_CUSTOMER
 * @since 1.0
 */
VIPCARE_API int vipcare_engine_get_customer(struct vipcare_engine *engine, const char *customer_id,
					    struct vipcare_customer *out);

/**
 * @brief Reads back a recorded transaction.
 *
 * @param[in,out] engine the engine; only its last error may change
 * @param[in] txn_id the NUL-terminated id
 * @param[out] out a record owned by the caller, cleared (last error
 *        included) and filled on success; untouched on error
 * @return VIPCARE_OK; VIPCARE_E_INVALID_ARGUMENT when @p engine, @p txn_id
 *         or @p out is NULL; VIPCARE_E_UNKNOWN_TRANSACTION
 * @since 1.0
 */
VIPCARE_API int vipcare_engine_get_transaction(struct vipcare_engine *engine, const char *txn_id,
					       struct vipcare_transaction *out);

/**
 * @brief The effective joined date of a customer: the earlier of its
 * joined date and its first transaction's date.
 *
 * A customer is a member as of a date when this date is not later.
 * @param[in,out] engine the engine; only its last error may change
 * @param[in] customer_id the NUL-terminated id
 * @param[out] out receives the date, or VIPCARE_DATE_NONE when the
 *        customer has neither a joined date nor a transaction; untouched on
 *        error
 * @return VIPCARE_OK; VIPCARE_E_INVALID_ARGUMENT when @p engine,
 *         @p customer_id or @p out is NULL; VIPCARE_E_UNKNOWN_CUSTOMER
 * @since 1.0
 */
VIPCARE_API int vipcare_engine_effective_joined(struct vipcare_engine *engine,
						const char *customer_id, int32_t *out);

/**
 * @brief The number of known customers (members or not).
 *
 * Customers first seen in a transaction count, with or without a record.
 * @param[in] engine an engine, or NULL
 * @return the number of customers, or 0 when @p engine is NULL
 * @since 1.0
 */
VIPCARE_API size_t vipcare_engine_customer_count(const struct vipcare_engine *engine);

/**
 * @brief The number of recorded transactions.
 *
 * @param[in] engine an engine, or NULL
 * @return the number of sales and refunds recorded, or 0 when @p engine is
 *         NULL
 * @since 1.0
 */
VIPCARE_API size_t vipcare_engine_transaction_count(const struct vipcare_engine *engine);

/**
 * @brief The bytes the engine holds from its allocator right now.
 *
 * Includes the memory of its open score cursors.
 * @param[in] engine an engine, or NULL
 * @return the number of bytes, or 0 when @p engine is NULL
 * @since 1.0
 */
VIPCARE_API size_t vipcare_engine_memory_used(const struct vipcare_engine *engine);

#ifdef __cplusplus
}
#endif

#endif /* VIPCARE_ENGINE_H */
