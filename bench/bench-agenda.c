/*
 * bench-agenda — the staff's morning: with 1,000,000 customers and
 * 20,000,000 transactions loaded (birthdays, consent, some opted out),
 * times the care agenda of one day, median and spread over several runs.
 *
 * It reports three figures: the first agenda after loading (which builds
 * every customer's compact summary from its transactions), the agenda of
 * one day from up-to-date summaries (median of the runs: the morning job),
 * and the agenda after a day of new sales (20,000 transactions, whose
 * customers' summaries are rebuilt).
 *
 *   bench-agenda [--customers N] [--transactions M] [--runs R]
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
	struct vipcare_agenda *a = NULL;
	const int32_t today = 20089 + 729;
	uint64_t seed = 20251123;
	double times[32];
	char id[32];

	for (i = 1; i + 1 < (size_t)argc; i += 2) {
		if (strcmp(argv[i], "--customers") == 0)
			customers = strtoul(argv[i + 1], NULL, 10);
		else if (strcmp(argv[i], "--transactions") == 0)
			transactions = strtoul(argv[i + 1], NULL, 10);
		else if (strcmp(argv[i], "--runs") == 0)
			runs = atoi(argv[i + 1]);
	}
	if (customers == 0 || runs < 1 || runs > 32) {
		fprintf(stderr, "usage: bench-agenda [--customers N] [--transactions M] [--runs 1..32]\n");
		return 1;
	}
	if (vipcare_engine_new(&e, NULL) != VIPCARE_OK)
		die("bench-agenda", "setup", NULL, VIPCARE_E_NO_MEMORY);
	bench_load_customers("bench-agenda", e, customers, &seed);
	bench_load_transactions("bench-agenda", e, customers, transactions, &seed);
	printf("libvipcare %s: %zu customers, %zu transactions, agenda of one day (overdue 14 days)\n",
	       vipcare_version_string(), customers, transactions);
	{
		size_t before = vipcare_engine_memory_used(e);
		double t0 = now();

		if ((rc = vipcare_agenda_new(&a, e, today, today)) != VIPCARE_OK)
			die("bench-agenda", "agenda", e, rc);
		printf("first agenda after loading (builds every summary) %.3f s, %zu items\n",
		       now() - t0, vipcare_agenda_count(a));
		vipcare_agenda_unref(a);
		printf("the summaries take %.1f bytes per customer\n",
		       (double)(vipcare_engine_memory_used(e) - before) / (double)customers);
	}
	for (r = 0; r < runs; r++) {
		double t0 = now();

		if ((rc = vipcare_agenda_new(&a, e, today, today)) != VIPCARE_OK)
			die("bench-agenda", "agenda", e, rc);
		times[r] = now() - t0;
		if (r == runs - 1)
			printf("items %zu, suppressed birthday %zu, lapse %zu\n", vipcare_agenda_count(a),
			       vipcare_agenda_suppressed(a, VIPCARE_CARE_BIRTHDAY),
			       vipcare_agenda_suppressed(a, VIPCARE_CARE_LAPSE));
		vipcare_agenda_unref(a);
	}
	qsort(times, (size_t)runs, sizeof(double), cmp_double);
	printf("agenda of one day from the summaries: median %.3f s (min %.3f, max %.3f, %d runs)\n",
	       times[runs / 2], times[0], times[runs - 1], runs);
	{
		struct vipcare_transaction *t = NULL;
		double t0;

		if (vipcare_transaction_new(&t) != VIPCARE_OK)
			die("bench-agenda", "setup", NULL, VIPCARE_E_NO_MEMORY);
		for (i = 0; i < 20000; i++) {
			vipcare_transaction_clear(t);
			format_id(id, 'N', i, 8);
			vipcare_transaction_set_id(t, id);
			format_id(id, 'C', (size_t)(rng(&seed) % customers), 8);
			vipcare_transaction_set_customer(t, id);
			vipcare_transaction_set_timestamp(t, (int64_t)today * 86400 + 36000);
			vipcare_transaction_set_amount(t, 1000 + (int64_t)(rng(&seed) % 500000));
			if ((rc = vipcare_engine_add_transaction(e, t)) != VIPCARE_OK)
				die("bench-agenda", "new sale", e, rc);
		}
		t0 = now();
		if ((rc = vipcare_agenda_new(&a, e, today + 1, today + 1)) != VIPCARE_OK)
			die("bench-agenda", "agenda", e, rc);
		printf("agenda of the next day after 20,000 new sales %.3f s, %zu items\n", now() - t0,
		       vipcare_agenda_count(a));
		vipcare_agenda_unref(a);
		vipcare_transaction_unref(t);
	}
	vipcare_engine_unref(e);
	return 0;
}
