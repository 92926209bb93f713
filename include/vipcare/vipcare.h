/*
 * libvipcare — VIP customer care for shopping malls.
 * SPDX-License-Identifier: MIT
 */
#ifndef VIPCARE_H
#define VIPCARE_H

/**
 * @file vipcare.h
 * @brief The whole public API of libvipcare: include this one header.
 *
 * @mainpage libvipcare
 *
 * An embeddable C library that runs a shopping mall's VIP customer care:
 * it scores customers into tiers and explains why (score.h), from the
 * customers and transactions an engine holds (engine.h), under the mall's
 * policy (policy.h), with exact dates and money (calendar.h).
 *
 * Conventions: every function that can fail returns an `int` status, 0 on
 * success and a negative enum vipcare_status on failure; the detailed
 * message is read from the handle with its `_last_error()` function.
 * Handles are opaque and reference-counted (`_ref`, `_unref`; unref of NULL
 * does nothing). Strings returned by getters are owned by their object.
 *
 * Threads: one engine (and the handles made from it) is used by one thread
 * at a time; distinct engines are independent; vipcare_strerror(), the
 * version functions and the calendar and money functions are thread-safe.
 */

#include "common.h"
#include "version.h"
#include "calendar.h"
#include "policy.h"
#include "engine.h"
#include "score.h"
#include "benefits.h"
#include "care.h"
#include "kpi.h"
#include "durability.h"
#include "points.h"

#endif /* VIPCARE_H */
