/*
 * Helpers shared by the benchmark programs: a clock, a seeded generator
 * (the same mall on every machine), cheap id formatting and sorting of
 * timings.
 */
#ifndef VIPCARE_BENCH_UTIL_H
#define VIPCARE_BENCH_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <vipcare/vipcare.h>

static inline double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* splitmix64 */
static inline uint64_t rng(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15u);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

/* "C00000042": snprintf would cost more than the engine call it feeds. */
static inline void format_id(char *buf, char prefix, size_t value, int digits)
{
	int i;

	buf[0] = prefix;
	for (i = digits; i > 0; i--) {
		buf[i] = (char)('0' + value % 10);
		value /= 10;
	}
	buf[digits + 1] = '\0';
}

static inline int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static inline void die(const char *program, const char *what, struct vipcare_engine *e, int rc)
{
	fprintf(stderr, "%s: %s: %s: %s\n", program, what, vipcare_strerror(rc),
		e ? vipcare_engine_last_error(e) : "");
	exit(1);
}

#endif
