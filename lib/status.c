/*
 * libvipcare — status text, the library's free function and its version.
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>

#include "internal.h"

VIPCARE_API const char *vipcare_strerror(int status)
{
	switch (status) {
	case VIPCARE_OK: return "success";
	case VIPCARE_E_INVALID_ARGUMENT: return "invalid argument";
	case VIPCARE_E_NO_MEMORY: return "out of memory";
	case VIPCARE_E_BUFFER_TOO_SMALL: return "buffer too small";
	case VIPCARE_E_IO: return "input/output error";
	case VIPCARE_E_STALE: return "the engine changed while a cursor was open";
	case VIPCARE_E_LIMIT: return "a built-in limit was reached";
	case VIPCARE_E_DATE: return "invalid date";
	case VIPCARE_E_TIMESTAMP: return "invalid timestamp";
	case VIPCARE_E_MONEY: return "invalid amount of money";
	case VIPCARE_E_ID: return "invalid identifier";
	case VIPCARE_E_RANGE: return "value out of range";
	case VIPCARE_E_POLICY_SYNTAX: return "policy file syntax error";
	case VIPCARE_E_POLICY_KEY: return "unknown policy section or key";
	case VIPCARE_E_POLICY_VALUE: return "invalid policy value";
	case VIPCARE_E_POLICY_INVALID: return "inconsistent policy";
	case VIPCARE_E_UNKNOWN_TIER: return "unknown tier";
	case VIPCARE_E_DUPLICATE: return "duplicate id";
	case VIPCARE_E_UNKNOWN_CUSTOMER: return "unknown customer";
	case VIPCARE_E_REFUND_OF_REFUND: return "refund of a refund";
	case VIPCARE_E_REFUND_CUSTOMER: return "refund of another customer's sale";
	case VIPCARE_E_REFUND_EXCEEDS: return "refund exceeds what is left of its sale";
	case VIPCARE_E_INCOMPLETE: return "a required field is missing";
	case VIPCARE_E_UNKNOWN_TRANSACTION: return "unknown transaction";
	case VIPCARE_E_REFUSED: return "benefit refused";
	case VIPCARE_E_CORRUPT: return "damaged data";
	case VIPCARE_E_VERSION: return "data of a newer format version";
	case VIPCARE_E_FOREIGN: return "not data of this kind";
	case VIPCARE_E_MISMATCH: return "mismatch";
	}
	return "unknown status";
}

VIPCARE_API void vipcare_free(void *ptr)
{
	free(ptr);
}

VIPCARE_API uint32_t vipcare_version_number(void)
{
	return VIPCARE_VERSION_NUMBER;
}

VIPCARE_API const char *vipcare_version_string(void)
{
	return VIPCARE_VERSION_STRING;
}
