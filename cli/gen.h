/*
 * libvipcare — the vipcare command: what the parts of `generate` share
 * (the random numbers, the mall's rows, the generator's state).
 * SPDX-License-Identifier: MIT
 */
#ifndef VIPCARE_CLI_GEN_H
#define VIPCARE_CLI_GEN_H

#include <stdlib.h>

#include "cli.h"

/* ------------------------------------------------------------------ random numbers */

struct rng {
	uint64_t s[4];
};

static inline uint64_t splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15u);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

static inline void rng_seed(struct rng *r, uint64_t seed, uint64_t stream)
{
	uint64_t x = seed ^ (stream * 0xd1b54a32d192ed03u);
	int i;

	for (i = 0; i < 4; i++)
		r->s[i] = splitmix(&x);
}

static inline uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static inline uint64_t rng_next(struct rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

/* 0 .. n - 1 */
static inline uint32_t rng_below(struct rng *r, uint32_t n)
{
	return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

/* true with a chance of @per_mille in 1000 */
static inline int rng_chance(struct rng *r, uint32_t per_mille)
{
	return rng_below(r, 1000) < per_mille;
}

/* picks an index by integer weights */
static inline int rng_weighted(struct rng *r, const uint32_t *weights, int n)
{
	uint32_t total = 0, x;
	int i;

	for (i = 0; i < n; i++)
		total += weights[i];
	x = rng_below(r, total);
	for (i = 0; i < n - 1; i++) {
		if (x < weights[i])
			return i;
		x -= weights[i];
	}
	return n - 1;
}

/* ------------------------------------------------------------------ the mall */

#define STORES 40
#define DAY 86400

extern const char *const gen_categories[10];
extern const uint32_t gen_category_level[10];

enum benefit_wish {
	WISH_BIRTHDAY_COUPON,
	WISH_PARKING,
	WISH_PRIORITY,
	WISH_ADVISOR,
	WISH_EVENT,
	WISH_WELCOME,
};
extern const char *const gen_benefit_ids[];
extern const char *const gen_points_reasons[];

struct member {
	int64_t budget;      /* yuan a year */
	int64_t earned_cur;  /* points earned at x1 in points_year */
	int64_t earned_prev; /* and in the year before */
	int64_t owed;        /* points refunds took back (at x2) and points spent */
	int32_t visits;      /* visits a year */
	int32_t first_visit; /* VIPCARE_DATE_NONE: never shops */
	int32_t stop;        /* no visit after this day */
	int32_t points_year;
	uint32_t next;       /* the next member in the same visit-day bucket */
	int8_t birth_month;  /* 0: unknown */
	int8_t birth_day;
	uint8_t store;       /* favourite store */
	uint8_t visited;
};

enum { ROW_SALE, ROW_REFUND, ROW_POINTS };

struct day_row {
	int64_t ts;
	int64_t amount; /* sale, refund: minor units; points: points wanted */
	uint64_t ref;   /* refund: the original's number, 0 for none */
	uint32_t seq;
	uint32_t member;
	uint8_t type;
	uint8_t store;
	uint8_t refund_days; /* sale: refunded this many days later (0: never) */
	uint8_t refund_pct;  /* sale: the percentage refunded */
};

struct survey_row {
	int64_t ts;
	uint32_t seq;
	uint32_t member;
	uint8_t csat;
	uint8_t score;
};

struct service_row {
	int64_t opened;
	int64_t first_response; /* -1: none */
	int64_t resolved;       /* -1: none */
	uint32_t seq;
	uint32_t member;
	uint8_t complaint;
};

struct wish {
	int64_t ts;
	uint32_t seq;
	uint32_t member;
	uint8_t benefit;
	uint8_t qty;
};

struct care_row {
	int32_t date;
	uint32_t seq;
	uint32_t member;
	uint8_t kind;
	uint8_t outcome;
	char occasion[VIPCARE_OCCASION_MAX + 1];
};

/* A growable array. */
struct vec {
	void *items;
	size_t count;
	size_t cap;
	size_t size;
};

#define REFUND_RING 64 /* refunds come at most 30 days after their sale */
#define TXN_BATCH 256

struct gen {
	const struct generate_params *p;
	const char *command;
	struct rng rng;
	struct member *members;
	int id_width;
	uint32_t seq;
	uint64_t txn_count;
	uint64_t points_count;
	uint64_t service_count;
	int32_t days;
	uint32_t *bucket; /* first member visiting on each day, or UINT32_MAX */
	struct vec today;
	struct vec refunds[REFUND_RING];
	struct vec surveys;
	struct vec service;
	struct vec wishes;
	struct vec care;
	FILE *customers, *transactions, *surveys_f, *service_f, *care_f, *redemptions_f, *points_f;
	struct vipcare_engine *engine;
	struct vipcare_customer *customer;
	struct vipcare_transaction *txns[TXN_BATCH];
	size_t pending;
	int failed;
};

/* A growable array of items of v->size bytes; NULL when out of memory. */
void *vec_push(struct vec *v);
/* qsort() of a vector; an empty one may have no array at all. */
void vec_sort(struct vec *v, int (*compare)(const void *, const void *));

/* "C000042": the generator's id of member @index. */
void member_id(const struct gen *g, uint32_t index, char *buf, size_t size);
void write_ts(FILE *f, int64_t ts);
/* Says what failed (once) and marks the run failed; returns -1. */
int gen_fail(struct gen *g, const char *what);

/* gen-customers.c: customers.csv, and the same records into the engine */
int gen_customers(struct gen *g);
/* gen-days.c: transactions, surveys, service requests and points, day by day */
int gen_days(struct gen *g);
/* gen-library.c: care records and redemptions, as the library allows them */
int gen_care(struct gen *g);
int gen_redemptions(struct gen *g);

#endif
