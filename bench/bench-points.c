/*
 * bench-points — points at a mall group's scale: with 1,000,000 customers
 * and 20,000,000 transactions loaded (and 100,000 points redemptions),
 * times a balance query for random customers (median and 99th
 * percentile), and what accrual costs per sale inside it (points are
 * worked out when asked, so recording a sale costs nothing more).
 *
 *   bench-points [--customers N] [--transactions M] [--queries Q]
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vipcare/vipcare.h>

#include "bench-util.h"

int main(int argc, char **argv)
{
	size_t customers = 1000000, transactions = 20000000, queries = 20000, i, accepted = 0;
	struct vipcare_engine *e = NULL;
	uint64_t seed = 20251123;
	double *times;
	char id[32], cust[32];
	int rc;

	for (i = 1; i + 1 < (size_t)argc; i += 2) {
		if (strcmp(argv[i], "--customers") == 0)
			customers = strtoul(argv[i + 1], NULL, 10);
		else if (strcmp(argv[i], "--transactions") == 0)
			transactions = strtoul(argv[i + 1], NULL, 10);
		else if (strcmp(argv[i], "--queries") == 0)
			queries = strtoul(argv[i + 1], NULL, 10);
	}
	if (customers == 0 || queries == 0) {
		fprintf(stderr, "usage: bench-points [--customers N] [--transactions M] [--queries Q]\n");
		return 1;
	}
	times = calloc(queries, sizeof(*times));
	if (times == NULL || vipcare_engine_new(&e, NULL) != VIPCARE_OK)
		die("bench-points", "setup", NULL, VIPCARE_E_NO_MEMORY);
	bench_load_transactions("bench-points", e, customers, transactions, &seed);
	for (i = 0; i < customers / 10; i++) {
		format_id(id, 'P', i, 8);
		format_id(cust, 'C', (size_t)(rng(&seed) % customers), 8);
		rc = vipcare_engine_redeem_points(e, id, cust,
						  BENCH_START + (int64_t)(rng(&seed) % (uint64_t)BENCH_SPAN),
						  1 + (int64_t)(rng(&seed) % 2000), "parking");
		if (rc == VIPCARE_OK)
			accepted++;
		else if (rc != VIPCARE_E_REFUSED)
			die("bench-points", "redeem", e, rc);
	}
	printf("libvipcare %s: %zu customers, %zu transactions, %zu points redemptions accepted of %zu\n",
	       vipcare_version_string(), customers, transactions, accepted, customers / 10);
	for (i = 0; i < queries; i++) {
		int64_t balance;
		double t0;

		format_id(cust, 'C', (size_t)(rng(&seed) % customers), 8);
		t0 = now();
		rc = vipcare_engine_points_balance(e, cust, (int32_t)(BENCH_START / 86400) + 729, &balance,
						   NULL, NULL);
		times[i] = now() - t0;
		if (rc != VIPCARE_OK && rc != VIPCARE_E_UNKNOWN_CUSTOMER)
			die("bench-points", "balance", e, rc);
	}
	qsort(times, queries, sizeof(double), cmp_double);
	printf("balance query: median %.2f us, p99 %.2f us (%zu queries); per sale replayed %.0f ns\n",
	       times[queries / 2] * 1e6, times[queries * 99 / 100] * 1e6, queries,
	       times[queries / 2] * 1e9 / ((double)transactions / (double)customers));
	free(times);
	vipcare_engine_unref(e);
	return 0;
}
