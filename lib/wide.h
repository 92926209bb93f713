/*
 * libvipcare — 128-bit unsigned arithmetic for exact products of two
 * 64-bit numbers (a pair of uint64_t, since not every compiler the library
 * supports has a 128-bit type, 32-bit ARM among them).
 * SPDX-License-Identifier: MIT
 */
#ifndef VIPCARE_WIDE_H
#define VIPCARE_WIDE_H

#include <stdint.h>

struct vipcare__u128 {
	uint64_t hi, lo;
};

static inline struct vipcare__u128 vipcare__mul64(uint64_t a, uint64_t b)
{
	uint64_t a0 = a & 0xffffffffu, a1 = a >> 32, b0 = b & 0xffffffffu, b1 = b >> 32;
	uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
	uint64_t mid = (p00 >> 32) + (p01 & 0xffffffffu) + (p10 & 0xffffffffu);
	struct vipcare__u128 r;

	r.lo = (mid << 32) | (p00 & 0xffffffffu);
	r.hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
	return r;
}

static inline int vipcare__cmp128(struct vipcare__u128 a, struct vipcare__u128 b)
{
	if (a.hi != b.hi)
		return a.hi < b.hi ? -1 : 1;
	return (a.lo > b.lo) - (a.lo < b.lo);
}

/* a / d and a % d, by long division (d > 0). */
static inline struct vipcare__u128 vipcare__divmod128(struct vipcare__u128 a, uint64_t d,
						      uint64_t *rem)
{
	struct vipcare__u128 q = { 0, 0 };
	uint64_t r = 0;
	int i;

	for (i = 127; i >= 0; i--) {
		uint64_t bit = i >= 64 ? (a.hi >> (i - 64)) & 1u : (a.lo >> i) & 1u;
		uint64_t carry = r >> 63;

		r = (r << 1) | bit;
		if (carry || r >= d) {
			r -= d;
			if (i >= 64)
				q.hi |= (uint64_t)1 << (i - 64);
			else
				q.lo |= (uint64_t)1 << i;
		}
	}
	*rem = r;
	return q;
}

/* floor(a x b / d) for a, b >= 0 and d > 0, saturated at INT64_MAX. */
static inline int64_t vipcare__muldiv(uint64_t a, uint64_t b, uint64_t d)
{
	uint64_t rem;
	struct vipcare__u128 q;

	if (b == 0 || a <= UINT64_MAX / b) {
		uint64_t p = a * b / d;

		return p > (uint64_t)INT64_MAX ? INT64_MAX : (int64_t)p;
	}
	q = vipcare__divmod128(vipcare__mul64(a, b), d, &rem);
	return q.hi != 0 || q.lo > (uint64_t)INT64_MAX ? INT64_MAX : (int64_t)q.lo;
}

#endif /* VIPCARE_WIDE_H */
