/*
 * bench-kpi — the management's weekly numbers: with 1,000,000 customers,
 * 20,000,000 transactions, 500,000 survey responses, 200,000 service
 * requests and 300,000 care records loaded, times every KPI of one year
 * (vipcare_kpi_state_new), median and spread over several runs, and
 * reports the size of the serialised state and the time to serialise,
 * read back and merge it.
 *
 *   bench-kpi [--customers N] [--transactions M] [--runs R]
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vipcare/vipcare.h>

#include "bench-util.h"

int main(int argc, char **argv)
{
	size_t customers = 1000000, transactions = 20000000, i;
	int runs = 5, r, rc;
	struct vipcare_engine *e = NULL;
	struct vipcare_kpi_state *s = NULL, *back = NULL;
	/* the last full year of the benchmark's two years of transactions */
	const int32_t from = (int32_t)(BENCH_START / 86400) + 365, to = from + 364;
	uint64_t seed = 20251123;
	double times[32], t0;
	char id[32], cust[32], err[VIPCARE_ERRBUF_SIZE];
	void *bytes = NULL;
	size_t size = 0;

	for (i = 1; i + 1 < (size_t)argc; i += 2) {
		if (strcmp(argv[i], "--customers") == 0)
			customers = strtoul(argv[i + 1], NULL, 10);
		else if (strcmp(argv[i], "--transactions") == 0)
			transactions = strtoul(argv[i + 1], NULL, 10);
		else if (strcmp(argv[i], "--runs") == 0)
			runs = atoi(argv[i + 1]);
	}
	if (customers == 0 || runs < 1 || runs > 32) {
		fprintf(stderr, "usage: bench-kpi [--customers N] [--transactions M] [--runs 1..32]\n");
		return 1;
	}
	if (vipcare_engine_new(&e, NULL) != VIPCARE_OK)
		die("bench-kpi", "setup", NULL, VIPCARE_E_NO_MEMORY);
	bench_load_customers("bench-kpi", e, customers, &seed);
	bench_load_transactions("bench-kpi", e, customers, transactions, &seed);
	for (i = 0; i < customers / 2; i++) {
		int64_t ts = BENCH_START + (int64_t)(rng(&seed) % (uint64_t)BENCH_SPAN);
		int kind = (int)(rng(&seed) % 2);

		format_id(cust, 'C', (size_t)(rng(&seed) % customers), 8);
		rc = vipcare_engine_add_survey(e, cust, ts, kind,
					       kind == VIPCARE_SURVEY_NPS ? (int)(rng(&seed) % 11) :
									    1 + (int)(rng(&seed) % 5));
		if (rc != VIPCARE_OK)
			die("bench-kpi", "survey", e, rc);
	}
	for (i = 0; i < customers / 5; i++) {
		int64_t ts = BENCH_START + (int64_t)(rng(&seed) % (uint64_t)BENCH_SPAN);

		format_id(id, 'S', i, 8);
		format_id(cust, 'C', (size_t)(rng(&seed) % customers), 8);
		rc = vipcare_engine_add_service_request(e, id, cust, (int)(rng(&seed) % 2), ts,
							rng(&seed) % 10 == 0 ? VIPCARE_TIMESTAMP_NONE :
									       ts + (int64_t)(rng(&seed) % 20000),
							VIPCARE_TIMESTAMP_NONE);
		if (rc != VIPCARE_OK)
			die("bench-kpi", "service request", e, rc);
	}
	for (i = 0; i < customers * 3 / 10; i++) {
		format_id(cust, 'C', (size_t)(rng(&seed) % customers), 8);
		rc = vipcare_engine_record_care(e, cust, VIPCARE_CARE_LAPSE, "2025-01-01",
						from + (int32_t)(rng(&seed) % 365), (int)(rng(&seed) % 3));
		if (rc != VIPCARE_OK)
			die("bench-kpi", "care record", e, rc);
	}
	printf("libvipcare %s: %zu customers, %zu transactions, %zu surveys, %zu service requests, "
	       "%zu care records; KPIs of one year\n",
	       vipcare_version_string(), customers, transactions, vipcare_engine_survey_count(e),
	       vipcare_engine_service_count(e), vipcare_engine_care_count(e));
	t0 = now();
	if ((rc = vipcare_kpi_state_new(&s, e, from, to)) != VIPCARE_OK)
		die("bench-kpi", "kpi", e, rc);
	printf("first KPIs after loading (builds every summary) %.3f s\n", now() - t0);
	vipcare_kpi_state_unref(s);
	for (r = 0; r < runs; r++) {
		t0 = now();
		if ((rc = vipcare_kpi_state_new(&s, e, from, to)) != VIPCARE_OK)
			die("bench-kpi", "kpi", e, rc);
		times[r] = now() - t0;
		if (r + 1 < runs)
			vipcare_kpi_state_unref(s);
	}
	qsort(times, (size_t)runs, sizeof(double), cmp_double);
	printf("every KPI of one year: median %.3f s (min %.3f, max %.3f, %d runs)\n", times[runs / 2],
	       times[0], times[runs - 1], runs);
	t0 = now();
	if (vipcare_kpi_state_serialize(s, &bytes, &size) != VIPCARE_OK)
		die("bench-kpi", "serialize", NULL, VIPCARE_E_NO_MEMORY);
	printf("serialised state %zu bytes (%.1f us)", size, (now() - t0) * 1e6);
	t0 = now();
	if (vipcare_kpi_state_deserialize(&back, bytes, size, err, sizeof(err)) != VIPCARE_OK) {
		fprintf(stderr, "bench-kpi: %s\n", err);
		return 1;
	}
	printf(", read back %.1f us", (now() - t0) * 1e6);
	t0 = now();
	if (vipcare_kpi_state_merge(back, s) != VIPCARE_OK)
		die("bench-kpi", "merge", NULL, VIPCARE_E_NO_MEMORY);
	printf(", merged %.1f us\n", (now() - t0) * 1e6);
	{
		int64_t num, den;

		vipcare_kpi_get(s, VIPCARE_KPI_ACTIVE, &num, &den);
		printf("active %lld", (long long)num);
		vipcare_kpi_get(s, VIPCARE_KPI_REPURCHASE_RATE, &num, &den);
		printf(", repurchase %lld/%lld", (long long)num, (long long)den);
		vipcare_kpi_get(s, VIPCARE_KPI_CARE_DUE, &num, &den);
		printf(", care items due %lld\n", (long long)num);
	}
	vipcare_free(bytes);
	vipcare_kpi_state_unref(back);
	vipcare_kpi_state_unref(s);
	vipcare_engine_unref(e);
	return 0;
}
