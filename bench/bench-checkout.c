/*
 * bench-checkout — the till's latency: with 1,000,000 customers and
 * 20,000,000 transactions loaded, times the checkout call (every benefit
 * for one customer) and redeem, one call at a time over random customers,
 * and reports the median and the 99th percentile in microseconds.
 *
 *   bench-checkout [--customers N] [--transactions M] [--calls K]
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <vipcare/vipcare.h>

#include "bench-util.h"

static void report(const char *what, double *us, size_t n)
{
	qsort(us, n, sizeof(double), cmp_double);
	printf("%-10s median %.2f us, p99 %.2f us, max %.1f us (%zu calls)\n", what, us[n / 2],
	       us[(size_t)((double)n * 0.99)], us[n - 1], n);
}

int main(int argc, char **argv)
{
	size_t customers = 1000000, transactions = 20000000, calls = 100000, i;
	struct vipcare_engine *e = NULL;
	struct vipcare_customer *c = NULL;
	struct vipcare_checkout *list = NULL;
		const int64_t till = BENCH_START + BENCH_SPAN - 3600;
	uint64_t seed = 20251123;
	double *us;
	char id[32], cust[32];
	int rc;

	for (i = 1; i + 1 < (size_t)argc; i += 2) {
		if (strcmp(argv[i], "--customers") == 0)
			customers = strtoul(argv[i + 1], NULL, 10);
		else if (strcmp(argv[i], "--transactions") == 0)
			transactions = strtoul(argv[i + 1], NULL, 10);
		else if (strcmp(argv[i], "--calls") == 0)
			calls = strtoul(argv[i + 1], NULL, 10);
	}
	if (customers == 0 || calls == 0) {
		fprintf(stderr, "usage: bench-checkout [--customers N] [--transactions M] [--calls K]\n");
		return 1;
	}
	us = malloc(calls * sizeof(double));
	if (us == NULL || vipcare_engine_new(&e, NULL) != VIPCARE_OK || vipcare_customer_new(&c) != VIPCARE_OK ||
	    vipcare_checkout_new(&list) != VIPCARE_OK)
		die("bench-checkout", "setup", NULL, VIPCARE_E_NO_MEMORY);
	for (i = 0; i < customers; i++) {
		vipcare_customer_clear(c);
		format_id(id, 'C', i, 8);
		vipcare_customer_set_id(c, id);
		vipcare_customer_set_birthday(c, (int32_t)(1 + rng(&seed) % 12), (int32_t)(1 + rng(&seed) % 28));
		if ((rc = vipcare_engine_add_customer(e, c)) != VIPCARE_OK)
			die("bench-checkout", "customer", e, rc);
	}
	bench_load_transactions("bench-checkout", e, customers, transactions, &seed);
	printf("libvipcare %s: %zu customers, %zu transactions, %zu benefits\n", vipcare_version_string(),
	       customers, transactions, vipcare_policy_benefit_count(vipcare_engine_policy(e)));

	for (i = 0; i < calls; i++) {
		double t0;

		format_id(cust, 'C', (size_t)(rng(&seed) % customers), 8);
		t0 = now();
		rc = vipcare_engine_checkout(e, cust, till, list);
		us[i] = (now() - t0) * 1e6;
		if (rc != VIPCARE_OK)
			die("bench-checkout", "checkout", e, rc);
	}
	report("checkout", us, calls);

	for (i = 0; i < calls; i++) {
		double t0;

		format_id(cust, 'C', (size_t)(rng(&seed) % customers), 8);
		format_id(id, 'R', i, 9);
		t0 = now();
		/* parking for gold and up, refused for members: both paths are timed */
		rc = vipcare_engine_redeem(e, id, cust, "free_parking_hours", till, 1, list);
		us[i] = (now() - t0) * 1e6;
		if (rc != VIPCARE_OK && rc != VIPCARE_E_REFUSED)
			die("bench-checkout", "redeem", e, rc);
	}
	report("redeem", us, calls);
	printf("redemptions recorded %zu\n", vipcare_engine_redemption_count(e));

	vipcare_checkout_unref(list);
	vipcare_customer_unref(c);
	vipcare_engine_unref(e);
	free(us);
	return 0;
}
