/*
 * libvipcare — VIP customer care for shopping malls.
 * SPDX-License-Identifier: MIT
 */
#ifndef VIPCARE_VERSION_H
#define VIPCARE_VERSION_H

/**
 * @file version.h
 * @brief The version of the headers and of the library at run time.
 *
 * Compare VIPCARE_VERSION_NUMBER (what the caller was compiled against)
 * with vipcare_version_number() (what was loaded): a library whose major
 * number differs, or whose number is lower, lacks what the caller expects.
 */

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Major version of the headers. @since 1.0 */
#define VIPCARE_VERSION_MAJOR 1
/** Minor version of the headers. @since 1.0 */
#define VIPCARE_VERSION_MINOR 0
/** Patch version of the headers. @since 1.0 */
#define VIPCARE_VERSION_PATCH 0
/** The version of the headers as text. @since 1.0 */
#define VIPCARE_VERSION_STRING "1.0.0"
/** The version of the headers as major * 10000 + minor * 100 + patch. @since 1.0 */
#define VIPCARE_VERSION_NUMBER \
	(VIPCARE_VERSION_MAJOR * 10000 + VIPCARE_VERSION_MINOR * 100 + VIPCARE_VERSION_PATCH)

/**
 * @brief The version of the library loaded at run time.
 *
 * Thread-safe. Compare it with VIPCARE_VERSION_NUMBER, the version the
 * caller was compiled against.
 *
 * @return major * 10000 + minor * 100 + patch, in the form of
 *         VIPCARE_VERSION_NUMBER (10000 for 1.0.0)
 * @since 1.0
 */
VIPCARE_API uint32_t vipcare_version_number(void);

/**
 * @brief The version of the library loaded at run time, as text.
 *
 * Thread-safe.
 *
 * @return static text owned by the library, never NULL and never to be
 *         freed, such as "1.0.0"
 * @since 1.0
 */
VIPCARE_API const char *vipcare_version_string(void);

#ifdef __cplusplus
}
#endif

#endif /* VIPCARE_VERSION_H */
