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

/* Two years of trading from 2025-01-01, as a benchmark's mall has it. */
#define BENCH_START ((int64_t)20089 * 86400)
#define BENCH_SPAN ((int64_t)730 * 86400)

/*
 * Records @customers customers C00000000.. with a joined date, a birthday,
 * one consented channel and 1 in 10 opted out of marketing.
 */
static inline void bench_load_customers(const char *program, struct vipcare_engine *e,
					size_t customers, uint64_t *seed)
{
	struct vipcare_customer *c = NULL;
	char id[32];
	size_t i;
	int rc;

	if (vipcare_customer_new(&c) != VIPCARE_OK)
		die(program, "setup", NULL, VIPCARE_E_NO_MEMORY);
	for (i = 0; i < customers; i++) {
		uint64_t x = rng(seed);

		vipcare_customer_clear(c);
		format_id(id, 'C', i, 8);
		vipcare_customer_set_id(c, id);
		vipcare_customer_set_joined(c, (int32_t)(19000 + x % 1000));
		vipcare_customer_set_birthday(c, (int32_t)(1 + rng(seed) % 12), (int32_t)(1 + rng(seed) % 28));
		vipcare_customer_set_consent(c, (int)(x % VIPCARE_CHANNEL_COUNT), 1);
		vipcare_customer_set_marketing_opt_out(c, x % 10 == 0);
		if ((rc = vipcare_engine_add_customer(e, c)) != VIPCARE_OK)
			die(program, "customer", e, rc);
	}
	vipcare_customer_unref(c);
}

/*
 * Records @transactions transactions of customers "C00000000" ..: in time
 * order as a POS export would be, a fifth of them from the most loyal
 * twentieth of the customers, one in fifty a refund; in batches of
 * BENCH_BATCH (the vipcare command's batch). Returns the seconds spent inside
 * vipcare_engine_add_transactions(): the recording itself, without making
 * the rows.
 */
#define BENCH_BATCH 256
static inline double bench_load_transactions(const char *program, struct vipcare_engine *e,
					     size_t customers, size_t transactions, uint64_t *seed)
{
	struct vipcare_transaction *batch[BENCH_BATCH];
	char id[32], cust[32];
	size_t i, k, done;
	double recording = 0.0, t0;
	int rc;

	for (k = 0; k < BENCH_BATCH; k++) {
		if (vipcare_transaction_new(&batch[k]) != VIPCARE_OK)
			die(program, "setup", NULL, VIPCARE_E_NO_MEMORY);
	}
	for (i = 0; i < transactions; i++) {
		struct vipcare_transaction *t = batch[i % BENCH_BATCH];
		uint64_t x = rng(seed);
		size_t who = x % 5 == 0 ? (size_t)(rng(seed) % (customers / 20 + 1))
					 : (size_t)(rng(seed) % customers);

		format_id(id, 'T', i, 10);
		format_id(cust, 'C', who, 8);
		vipcare_transaction_set_id(t, id);
		vipcare_transaction_set_customer(t, cust);
		vipcare_transaction_set_timestamp(t, BENCH_START + (int64_t)((double)BENCH_SPAN * (double)i /
									   (double)transactions));
		vipcare_transaction_set_amount(t, 1000 + (int64_t)(rng(seed) % 400000));
		vipcare_transaction_set_kind(t, x % 50 == 7 ? VIPCARE_TXN_REFUND : VIPCARE_TXN_SALE);
		if (i % BENCH_BATCH == BENCH_BATCH - 1 || i + 1 == transactions) {
			t0 = now();
			rc = vipcare_engine_add_transactions(e, (const struct vipcare_transaction *const *)batch,
							     i % BENCH_BATCH + 1, &done);
			recording += now() - t0;
			if (rc != VIPCARE_OK)
				die(program, "transaction", e, rc);
		}
	}
	for (k = 0; k < BENCH_BATCH; k++)
		vipcare_transaction_unref(batch[k]);
	return recording;
}

#endif
