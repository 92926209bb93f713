/*
 * bench-durability — what durability costs.
 *
 * 1. The recording rate of single sales (one vipcare_engine_add_transaction()
 *    call each), with no state folder and with the journal in each
 *    durability mode, and of batches of 64 (vipcare_engine_add_transactions(),
 *    one flush per batch with VIPCARE_DURABILITY_EVERY_CALL).
 * 2. A snapshot of a mall of N customers and M transactions: its size, the
 *    time to save it (vipcare_engine_save_snapshot(): written, flushed,
 *    renamed) and to load it into an empty engine.
 *
 *   bench-durability [--customers N] [--transactions M] [--calls K]
 *                    [--synced-calls S] [--dir DIR]
 *
 * The defaults are the sizes of the issue, 1,000,000 customers and
 * 20,000,000 transactions (about 4 GB of memory); DIR (default $TMPDIR or
 * /tmp) must be on the disk to be measured, since a flush to a tmpfs costs
 * nothing.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <vipcare/vipcare.h>

#include "bench-util.h"

static const char *program = "bench-durability";

static void remove_folder(const char *dir)
{
	static const char *const names[] = {
		"state.snapshot", "state.snapshot.tmp", "state.journal", "state.journal.tmp",
		"state.lock", "copy.snapshot", "copy.snapshot.tmp",
	};
	char path[1024];
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		unlink(path);
	}
	rmdir(dir);
}

static void add_customers(struct vipcare_engine *e, size_t customers, uint64_t *seed)
{
	struct vipcare_customer *c;
	char id[32];
	size_t i;
	int rc;

	if (vipcare_customer_new(&c) != VIPCARE_OK)
		die(program, "setup", NULL, VIPCARE_E_NO_MEMORY);
	for (i = 0; i < customers; i++) {
		vipcare_customer_clear(c);
		format_id(id, 'C', i, 8);
		vipcare_customer_set_id(c, id);
		vipcare_customer_set_birthday(c, (int32_t)(1 + rng(seed) % 12), (int32_t)(1 + rng(seed) % 28));
		vipcare_customer_set_joined(c, (int32_t)(BENCH_START / 86400 - 365 + (int64_t)(rng(seed) % 365)));
		vipcare_customer_set_consent(c, VIPCARE_CHANNEL_WECHAT, 1);
		if ((rc = vipcare_engine_add_customer(e, c)) != VIPCARE_OK)
			die(program, "customer", e, rc);
	}
	vipcare_customer_unref(c);
}

/* Records @calls sales one call each, or in batches of 64; returns the seconds. */
static double record_sales(struct vipcare_engine *e, size_t calls, int batched, size_t customers,
			   uint64_t *seed)
{
	struct vipcare_transaction *batch[64];
	char id[32], cust[32];
	size_t i, k, done;
	double t0;
	int rc;

	for (k = 0; k < 64; k++) {
		if (vipcare_transaction_new(&batch[k]) != VIPCARE_OK)
			die(program, "setup", NULL, VIPCARE_E_NO_MEMORY);
	}
	t0 = now();
	for (i = 0; i < calls; i++) {
		struct vipcare_transaction *t = batch[i % 64];

		format_id(id, 'T', i, 10);
		format_id(cust, 'C', (size_t)(rng(seed) % customers), 8);
		vipcare_transaction_set_id(t, id);
		vipcare_transaction_set_customer(t, cust);
		vipcare_transaction_set_timestamp(t, BENCH_START + (int64_t)i);
		vipcare_transaction_set_amount(t, 1000 + (int64_t)(rng(seed) % 400000));
		vipcare_transaction_set_store(t, "S042");
		if (!batched) {
			if ((rc = vipcare_engine_add_transaction(e, t)) != VIPCARE_OK)
				die(program, "sale", e, rc);
		} else if (i % 64 == 63 || i + 1 == calls) {
			rc = vipcare_engine_add_transactions(e, (const struct vipcare_transaction *const *)batch,
							     i % 64 + 1, &done);
			if (rc != VIPCARE_OK)
				die(program, "batch", e, rc);
		}
	}
	rc = vipcare_engine_flush(e);
	if (rc != VIPCARE_OK)
		die(program, "flush", e, rc);
	t0 = now() - t0;
	for (k = 0; k < 64; k++)
		vipcare_transaction_unref(batch[k]);
	return t0;
}

/* One line of the recording table: @mode < 0 is no state folder. */
static void recording(const char *base, const char *what, int mode, uint32_t interval_ms,
		      size_t calls, int batched)
{
	struct vipcare_engine *e = NULL;
	uint64_t seed = 7, bytes = 0;
	size_t customers = 1000;
	char dir[1024];
	double s;
	int rc;

	snprintf(dir, sizeof(dir), "%s/bench-durability-%ld", base, (long)getpid());
	remove_folder(dir);
	if (vipcare_engine_new(&e, NULL) != VIPCARE_OK)
		die(program, "setup", NULL, VIPCARE_E_NO_MEMORY);
	add_customers(e, customers, &seed);
	if (mode >= 0 && (rc = vipcare_engine_open_state(e, dir, mode, interval_ms)) != VIPCARE_OK)
		die(program, "open_state", e, rc);
	s = record_sales(e, calls, batched, customers, &seed);
	if (mode >= 0)
		vipcare_engine_state_figure(e, VIPCARE_STATE_JOURNAL_BYTES, &bytes);
	printf("%-34s %9zu sales %8.3f s %12.0f sales/s %9.2f us/sale  journal %6.1f B/sale\n", what,
	       calls, s, (double)calls / s, s * 1e6 / (double)calls,
	       mode >= 0 ? (double)(bytes - 40) / (double)calls : 0.0);
	vipcare_engine_unref(e);
	remove_folder(dir);
}

int main(int argc, char **argv)
{
	size_t customers = 1000000, transactions = 20000000, calls = 200000, synced = 2000, i;
	const char *base = getenv("TMPDIR");
	struct vipcare_engine *e = NULL, *loaded = NULL;
	uint64_t seed = 20251123;
	char dir[1024], path[1100];
	struct stat st;
	double t0, save_s, load_s;
	int rc;

	if (base == NULL || base[0] == '\0')
		base = "/tmp";
	for (i = 1; i + 1 < (size_t)argc; i += 2) {
		if (strcmp(argv[i], "--customers") == 0)
			customers = strtoul(argv[i + 1], NULL, 10);
		else if (strcmp(argv[i], "--transactions") == 0)
			transactions = strtoul(argv[i + 1], NULL, 10);
		else if (strcmp(argv[i], "--calls") == 0)
			calls = strtoul(argv[i + 1], NULL, 10);
		else if (strcmp(argv[i], "--synced-calls") == 0)
			synced = strtoul(argv[i + 1], NULL, 10);
		else if (strcmp(argv[i], "--dir") == 0)
			base = argv[i + 1];
	}
	if (customers == 0 || calls == 0 || synced == 0) {
		fprintf(stderr, "usage: bench-durability [--customers N] [--transactions M] [--calls K] "
				"[--synced-calls S] [--dir DIR]\n");
		return 1;
	}

	printf("recording (1,000 customers; folder in %s)\n", base);
	recording(base, "no state folder, single calls", -1, 0, calls, 0);
	recording(base, "interval 100 ms, single calls", VIPCARE_DURABILITY_INTERVAL, 100, calls, 0);
	recording(base, "interval 10 ms, single calls", VIPCARE_DURABILITY_INTERVAL, 10, calls, 0);
	recording(base, "every call, single calls", VIPCARE_DURABILITY_EVERY_CALL, 0, synced, 0);
	recording(base, "every call, batches of 64", VIPCARE_DURABILITY_EVERY_CALL, 0, synced * 32, 1);

	printf("\nsnapshot of %zu customers and %zu transactions\n", customers, transactions);
	if (vipcare_engine_new(&e, NULL) != VIPCARE_OK || vipcare_engine_new(&loaded, NULL) != VIPCARE_OK)
		die(program, "setup", NULL, VIPCARE_E_NO_MEMORY);
	t0 = now();
	add_customers(e, customers, &seed);
	bench_load_transactions(program, e, customers, transactions, &seed);
	printf("built in memory in %.1f s (%.1f MB)\n", now() - t0,
	       (double)vipcare_engine_memory_used(e) / 1e6);
	snprintf(dir, sizeof(dir), "%s/bench-durability-%ld", base, (long)getpid());
	remove_folder(dir);
	if (mkdir(dir, 0777) != 0)
		die(program, dir, NULL, VIPCARE_E_IO);
	snprintf(path, sizeof(path), "%s/copy.snapshot", dir);
	t0 = now();
	if ((rc = vipcare_engine_save_snapshot(e, path)) != VIPCARE_OK)
		die(program, "save", e, rc);
	save_s = now() - t0;
	if (stat(path, &st) != 0)
		die(program, path, NULL, VIPCARE_E_IO);
	t0 = now();
	if ((rc = vipcare_engine_load_snapshot(loaded, path)) != VIPCARE_OK)
		die(program, "load", loaded, rc);
	load_s = now() - t0;
	if (vipcare_engine_transaction_count(loaded) != vipcare_engine_transaction_count(e) ||
	    vipcare_engine_customer_count(loaded) != vipcare_engine_customer_count(e))
		die(program, "load: counts differ", loaded, VIPCARE_E_CORRUPT);
	printf("snapshot %.1f MB (%.1f bytes per transaction)\n", (double)st.st_size / 1e6,
	       (double)st.st_size / (double)(transactions ? transactions : 1));
	printf("save %.2f s (%.0f MB/s), load %.2f s (%.0f transactions/s)\n", save_s,
	       (double)st.st_size / 1e6 / save_s, load_s, (double)transactions / load_s);
	vipcare_engine_unref(e);
	vipcare_engine_unref(loaded);
	remove_folder(dir);
	return 0;
}
