/*
 * libvipcare — VIP customer care for shopping malls.
 * SPDX-License-Identifier: MIT
 */
#ifndef VIPCARE_COMMON_H
#define VIPCARE_COMMON_H

/**
 * @file common.h
 * @brief Export macro, status codes and error text shared by every part of
 * the API.
 */

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @def VIPCARE_API
 * @brief Marks a function exported by the library.
 *
 * Define it before including any vipcare header to override it, for example
 * to an empty value when the sources are vendored into a program.
 * @since 1.0
 */
#ifndef VIPCARE_API
#if defined(_WIN32) && defined(VIPCARE_BUILDING_DLL)
#define VIPCARE_API __declspec(dllexport)
#elif defined(_WIN32) && defined(VIPCARE_USING_DLL)
#define VIPCARE_API __declspec(dllimport)
#elif defined(__GNUC__) && __GNUC__ >= 4
#define VIPCARE_API __attribute__((visibility("default")))
#else
#define VIPCARE_API
#endif
#endif

/**
 * @brief Status codes returned by every function that can fail.
 *
 * 0 is success and every error is negative. The values are part of the ABI:
 * they are grouped by hundreds, pinned and never reused. New codes are only
 * ever added.
 * @since 1.0
 */
enum vipcare_status {
	/** Success. @since 1.0 */
	VIPCARE_OK = 0,

	/* General errors: -1 .. -99 */
	/** An argument was NULL, out of range or otherwise unusable. @since 1.0 */
	VIPCARE_E_INVALID_ARGUMENT = -1,
	/** An allocation failed; nothing was changed. @since 1.0 */
	VIPCARE_E_NO_MEMORY = -2,
	/** The caller's buffer is too small for the result. @since 1.0 */
	VIPCARE_E_BUFFER_TOO_SMALL = -3,
	/** A file could not be read or written. @since 1.0 */
	VIPCARE_E_IO = -4,
	/** The engine changed while a cursor over it was open. @since 1.0 */
	VIPCARE_E_STALE = -5,
	/** A built-in limit was reached (see the function's documentation). @since 1.0 */
	VIPCARE_E_LIMIT = -6,

	/* Values: -100 .. -199 */
	/** A date is malformed or outside 1900-01-01 .. 9999-12-31. @since 1.0 */
	VIPCARE_E_DATE = -100,
	/** A timestamp is malformed or out of range. @since 1.0 */
	VIPCARE_E_TIMESTAMP = -101,
	/** An amount of money is malformed or out of range. @since 1.0 */
	VIPCARE_E_MONEY = -102,
	/** An identifier is empty, too long or holds a forbidden byte. @since 1.0 */
	VIPCARE_E_ID = -103,
	/** A number or enumerated value is outside its allowed range. @since 1.0 */
	VIPCARE_E_RANGE = -104,

	/* Policy: -200 .. -299 */
	/** The policy file is not well formed (line without '=', repeated key...). @since 1.0 */
	VIPCARE_E_POLICY_SYNTAX = -200,
	/** An unknown section or key in a policy file. @since 1.0 */
	VIPCARE_E_POLICY_KEY = -201,
	/** A policy value has the wrong form or is out of range. @since 1.0 */
	VIPCARE_E_POLICY_VALUE = -202,
	/** The policy as a whole is inconsistent (tier thresholds...). @since 1.0 */
	VIPCARE_E_POLICY_INVALID = -203,
	/** A tier name that the policy does not list. @since 1.0 */
	VIPCARE_E_UNKNOWN_TIER = -204,

	/* Recorded data: -300 .. -399 */
	/** An id already recorded for this kind of record; the first one stays. @since 1.0 */
	VIPCARE_E_DUPLICATE = -300,
	/** A customer id the engine does not know. @since 1.0 */
	VIPCARE_E_UNKNOWN_CUSTOMER = -301,
	/** A refund whose known original is itself a refund. @since 1.0 */
	VIPCARE_E_REFUND_OF_REFUND = -302,
	/** A refund whose known original is another customer's sale. @since 1.0 */
	VIPCARE_E_REFUND_CUSTOMER = -303,
	/** A refund that would take back more than what is left of its original. @since 1.0 */
	VIPCARE_E_REFUND_EXCEEDS = -304,
	/** A record lacks a required field (id, customer, timestamp, amount). @since 1.0 */
	VIPCARE_E_INCOMPLETE = -305,
	/** A transaction id the engine does not know. @since 1.0 */
	VIPCARE_E_UNKNOWN_TRANSACTION = -306,

	/* Benefits: -400 .. -499 */
	/** A benefit redemption was refused; the decision says why. @since 1.0 */
	VIPCARE_E_REFUSED = -400,

	/* Stored and exchanged data (KPI states, snapshots, journals): -500 .. -599 */
	/** Bytes that are truncated, fail their checksum or contradict themselves. @since 1.0 */
	VIPCARE_E_CORRUPT = -500,
	/** Bytes written by a newer format version than this library reads. @since 1.0 */
	VIPCARE_E_VERSION = -501,
	/** Bytes that are not of the expected kind at all. @since 1.0 */
	VIPCARE_E_FOREIGN = -502,
	/** Two things that must match do not (period, policy). @since 1.0 */
	VIPCARE_E_MISMATCH = -503,
};

/**
 * @brief Static English text for a status code.
 *
 * Thread-safe. The detailed message for a failed call (which field, which
 * value, where) is read from the handle the call was made on, with the
 * handle's `_last_error()` function.
 *
 * @param[in] status a value of enum vipcare_status; any other value is
 *        accepted too
 * @return static text owned by the library, never NULL and never to be
 *         freed; "success" for VIPCARE_OK and "unknown status" for a value
 *         that is not in enum vipcare_status
 * @since 1.0
 */
VIPCARE_API const char *vipcare_strerror(int status);

/**
 * @brief Frees memory that the library handed to the caller.
 *
 * Use it for results documented as "freed with vipcare_free()" (such as
 * the text of vipcare_policy_to_text()), never for handles (they have
 * `_unref()`) and never for memory of another allocator. It does not go
 * through an engine's custom allocator.
 *
 * @param[in] ptr memory returned by the library, or NULL (then nothing
 *        happens); ownership passes to the library and @p ptr is invalid
 *        afterwards
 * @since 1.0
 */
VIPCARE_API void vipcare_free(void *ptr);

#ifdef __cplusplus
}
#endif

#endif /* VIPCARE_COMMON_H */
