/*
 * bench-score — loads a generated mall into an engine and scores every
 * member as of one date, reporting load and scoring time (median and
 * spread over several runs), bytes per customer and per transaction, and
 * the process's peak memory. A benchmark, not a test: run it by hand or
 * with bench/run-score.sh.
 *
 *   bench-score [--customers N] [--transactions M] [--runs R]
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <vipcare/vipcare.h>

#include "bench-util.h"

struct run {
	double load, recording, open, score, single_us;
	size_t bytes_customers, bytes_total;
	long members, per_tier[VIPCARE_TIERS_MAX];
};

static void one_run(size_t customers, size_t transactions, struct run *r)
{
	struct vipcare_engine *e = NULL;
	struct vipcare_customer *c = NULL;
	struct vipcare_score_cursor *cur = NULL;
	const struct vipcare_score *s;
	uint64_t seed = 20251123;
	char id[32];
	double t0;
	size_t i;
	int rc;

	memset(r, 0, sizeof(*r));
	if (vipcare_engine_new(&e, NULL) != VIPCARE_OK || vipcare_customer_new(&c) != VIPCARE_OK)
		die("bench-score", "setup", NULL, VIPCARE_E_NO_MEMORY);
	t0 = now();
	for (i = 0; i < customers; i++) {
		vipcare_customer_clear(c);
		format_id(id, 'C', i, 8);
		vipcare_customer_set_id(c, id);
		vipcare_customer_set_joined(c, (int32_t)(19000 + rng(&seed) % 1000));
		vipcare_customer_set_birthday(c, (int32_t)(1 + rng(&seed) % 12), (int32_t)(1 + rng(&seed) % 28));
		vipcare_customer_set_consent(c, VIPCARE_CHANNEL_WECHAT, 1);
		rc = vipcare_engine_add_customer(e, c);
		if (rc != VIPCARE_OK)
			die("bench-score", "customer", e, rc);
	}
	r->bytes_customers = vipcare_engine_memory_used(e);
	r->recording = bench_load_transactions("bench-score", e, customers, transactions, &seed);
	r->load = now() - t0;
	r->bytes_total = vipcare_engine_memory_used(e);

	t0 = now();
	rc = vipcare_score_cursor_new(&cur, e, (int32_t)(20089 + 729));
	if (rc != VIPCARE_OK)
		die("bench-score", "cursor", e, rc);
	r->open = now() - t0;
	while ((rc = vipcare_score_cursor_next(cur, &s)) == 1) {
		r->members++;
		r->per_tier[vipcare_score_tier(s)]++;
	}
	if (rc < 0)
		die("bench-score", "scoring", e, rc);
	r->score = now() - t0;
	vipcare_score_cursor_unref(cur);

	/* the POS path: one customer at a time, at random */
	{
		struct vipcare_score *one = NULL;
		const int lookups = 10000;
		int j;

		if (vipcare_score_new(&one) != VIPCARE_OK)
			die("bench-score", "score", e, VIPCARE_E_NO_MEMORY);
		t0 = now();
		for (j = 0; j < lookups; j++) {
			format_id(id, 'C', (size_t)(rng(&seed) % customers), 8);
			rc = vipcare_engine_score(e, id, (int32_t)(20089 + 729), one);
			if (rc != VIPCARE_OK)
				die("bench-score", "score one", e, rc);
		}
		r->single_us = (now() - t0) / lookups * 1e6;
		vipcare_score_unref(one);
	}
	vipcare_customer_unref(c);
	vipcare_engine_unref(e);
}

static void report(const char *what, double *v, int n)
{
	qsort(v, (size_t)n, sizeof(double), cmp_double);
	printf("%-22s median %.3f s  (min %.3f, max %.3f, %d runs)\n", what, v[n / 2], v[0], v[n - 1], n);
}

int main(int argc, char **argv)
{
	size_t customers = 1000000, transactions = 20000000;
	int runs = 3, i;
	double load[32], recording[32], open[32], score[32], single[32];
	struct run r;
	struct rusage ru;

	for (i = 1; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--customers") == 0)
			customers = strtoul(argv[i + 1], NULL, 10);
		else if (strcmp(argv[i], "--transactions") == 0)
			transactions = strtoul(argv[i + 1], NULL, 10);
		else if (strcmp(argv[i], "--runs") == 0)
			runs = atoi(argv[i + 1]);
	}
	if (customers == 0 || runs < 1 || runs > 32) {
		fprintf(stderr, "usage: bench-score [--customers N] [--transactions M] [--runs 1..32]\n");
		return 1;
	}
	printf("libvipcare %s: %zu customers, %zu transactions, scoring as of 2026-12-30\n",
	       vipcare_version_string(), customers, transactions);
	for (i = 0; i < runs; i++) {
		one_run(customers, transactions, &r);
		load[i] = r.load;
		recording[i] = r.recording;
		open[i] = r.open;
		single[i] = r.single_us;
		score[i] = r.score;
		fprintf(stderr, "run %d: load %.3f s (recording %.3f s), score %.3f s (cursor open %.3f s)\n",
			i + 1, r.load, r.recording, r.score, r.open);
	}
	report("load", load, runs);
	report("  of which recording", recording, runs);
	report("score", score, runs);
	report("  of which cursor open", open, runs);
	qsort(single, (size_t)runs, sizeof(double), cmp_double);
	printf("%-22s median %.1f us (min %.1f, max %.1f, 10,000 random customers a run)\n",
	       "score one customer", single[runs / 2], single[0], single[runs - 1]);
	printf("members scored %ld: member %ld, gold %ld, platinum %ld, diamond %ld\n", r.members,
	       r.per_tier[0], r.per_tier[1], r.per_tier[2], r.per_tier[3]);
	printf("engine memory %.1f MiB: %.1f bytes per customer, %.1f bytes per transaction\n",
	       (double)r.bytes_total / 1048576.0, (double)r.bytes_customers / (double)customers,
	       transactions ? (double)(r.bytes_total - r.bytes_customers) / (double)transactions : 0.0);
	getrusage(RUSAGE_SELF, &ru);
	printf("peak resident memory %.1f MiB\n", (double)ru.ru_maxrss / 1024.0);
	return 0;
}
