/*
 * The crash test: nothing acknowledged is ever lost, nothing is there twice.
 *
 * In each of 200 rounds (fixed seeds) a child process opens one state
 * folder with VIPCARE_DURABILITY_EVERY_CALL and records a mix of events
 * (sales, customers, redemptions, care records, survey responses, service
 * requests, now and then a checkpoint), and tells the parent through a pipe
 * the id of each event whose call returned VIPCARE_OK. The parent kills it
 * with SIGKILL after a random time: while it opens the folder, in the
 * middle of a record, of a flush, of a checkpoint. The parent then opens
 * the folder itself: the opening must succeed, every event ever
 * acknowledged must be there, and each kind must hold exactly what was
 * acknowledged plus at most the one event whose call was under way. The
 * folder is kept from round to round, so the journal and the snapshots
 * grow as in a till's life.
 *
 * A process crash is what is tested here (the system's cache survives
 * it); power cuts are the disk's part, and the torn writes they leave are
 * tested in test-durability.c.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <vipcare/vipcare.h>

#define ROUNDS 200
#define CUSTOMERS 50
#define KILL_AFTER_MS 30 /* the longest a child lives */
#define DAY0 20089        /* 2025-01-01 */

static uint64_t next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15u);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

/* ---------------------------------------------------------------- the child */

/* Tells the parent of an acknowledged event: its kind, then one or two words. */
static void tell(int fd, char kind, const char *a, const char *b)
{
	char line[128];
	int n = snprintf(line, sizeof(line), "%c%s%s%s%s\n", kind, a ? " " : "", a ? a : "",
			 b ? " " : "", b ? b : "");

	/* one write under PIPE_BUF: the line arrives whole or not at all */
	if (n <= 0 || n >= (int)sizeof(line) || write(fd, line, (size_t)n) != n)
		_exit(3);
}

static int setup_customers(struct vipcare_engine *e, struct vipcare_customer *c, int out)
{
	char id[16];
	int i;

	for (i = 0; i < CUSTOMERS; i++) {
		snprintf(id, sizeof(id), "C%02d", i);
		if (vipcare_engine_get_customer(e, id, c) == VIPCARE_OK)
			continue;
		vipcare_customer_clear(c);
		vipcare_customer_set_id(c, id);
		vipcare_customer_set_joined(c, DAY0);
		/* diamond: every redemption of dedicated_advisor is accepted */
		vipcare_customer_set_override(c, "diamond", VIPCARE_DATE_NONE);
		if (vipcare_engine_add_customer(e, c) != VIPCARE_OK)
			return -1;
		tell(out, 'K', id, NULL);
	}
	return 0;
}

static void child(const char *dir, int round, int out)
{
	struct vipcare_engine *e = NULL;
	struct vipcare_customer *c = NULL;
	struct vipcare_transaction *t = NULL;
	uint64_t s = 0xc0ffee + (uint64_t)round * 7919;
	char id[32], cust[16], occasion[32];
	int k;

	if (vipcare_engine_new(&e, NULL) != VIPCARE_OK || vipcare_customer_new(&c) != VIPCARE_OK ||
	    vipcare_transaction_new(&t) != VIPCARE_OK)
		_exit(4);
	if (vipcare_engine_open_state(e, dir, VIPCARE_DURABILITY_EVERY_CALL, 0) != VIPCARE_OK) {
		fprintf(stderr, "child %d: %s\n", round, vipcare_engine_last_error(e));
		_exit(5);
	}
	if (setup_customers(e, c, out) != 0)
		_exit(6);
	for (k = 0; k < 100000; k++) {
		uint64_t what = next(&s) % 100;
		int64_t ts = (int64_t)(DAY0 + (int64_t)(next(&s) % 300)) * 86400 + 36000;

		snprintf(cust, sizeof(cust), "C%02d", (int)(next(&s) % CUSTOMERS));
		if (what < 40) {
			snprintf(id, sizeof(id), "T%d-%d", round, k);
			vipcare_transaction_clear(t);
			vipcare_transaction_set_id(t, id);
			vipcare_transaction_set_customer(t, cust);
			vipcare_transaction_set_timestamp(t, ts);
			vipcare_transaction_set_amount(t, 100 + (int64_t)(next(&s) % 100000));
			vipcare_transaction_set_store(t, "S1");
			if (vipcare_engine_add_transaction(e, t) == VIPCARE_OK)
				tell(out, 'T', id, NULL);
		} else if (what < 50) {
			snprintf(id, sizeof(id), "N%d-%d", round, k);
			vipcare_customer_clear(c);
			vipcare_customer_set_id(c, id);
			vipcare_customer_set_joined(c, DAY0 + 1);
			if (vipcare_engine_add_customer(e, c) == VIPCARE_OK)
				tell(out, 'N', id, NULL);
		} else if (what < 65) {
			snprintf(id, sizeof(id), "R%d-%d", round, k);
			if (vipcare_engine_redeem(e, id, cust, "dedicated_advisor", ts, 1, NULL) == VIPCARE_OK)
				tell(out, 'R', id, NULL);
		} else if (what < 80) {
			snprintf(occasion, sizeof(occasion), "o%d-%d", round, k);
			if (vipcare_engine_record_care(e, cust, (int)(next(&s) % VIPCARE_CARE_KINDS), occasion,
						       DAY0 + 10, VIPCARE_OUTCOME_REACHED) == VIPCARE_OK)
				tell(out, 'C', cust, occasion);
		} else if (what < 88) {
			if (vipcare_engine_add_survey(e, cust, ts, VIPCARE_SURVEY_CSAT, 4) == VIPCARE_OK)
				tell(out, 'V', NULL, NULL);
		} else if (what < 97) {
			snprintf(id, sizeof(id), "Q%d-%d", round, k);
			if (vipcare_engine_add_service_request(e, id, cust, VIPCARE_SERVICE_INQUIRY, ts,
							       ts + 600, VIPCARE_TIMESTAMP_NONE) == VIPCARE_OK)
				tell(out, 'Q', id, NULL);
		} else {
			if (vipcare_engine_checkpoint(e) != VIPCARE_OK) {
				fprintf(stderr, "child %d: %s\n", round, vipcare_engine_last_error(e));
				_exit(7);
			}
		}
	}
	_exit(0);
}

/* ---------------------------------------------------------------- the parent */

struct acks {
	char **lines;
	size_t count, capacity;
	/* per kind: T N R C V Q K */
	size_t per_kind[7];
};

static const char kinds[] = "TNRCVQK";

static void add_ack(struct acks *a, const char *line)
{
	const char *k = strchr(kinds, line[0]);

	assert_non_null(k);
	if (a->count == a->capacity) {
		a->capacity = a->capacity ? a->capacity * 2 : 1024;
		a->lines = realloc(a->lines, a->capacity * sizeof(char *));
		assert_non_null(a->lines);
	}
	a->lines[a->count] = strdup(line);
	assert_non_null(a->lines[a->count]);
	a->count++;
	a->per_kind[k - kinds]++;
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

/*
 * Reads the child's lines into @a until @deadline (ms; < 0: none), until
 * @a holds @until lines, or until the pipe closes (then returns 0).
 */
static int read_acks(int fd, struct acks *a, char *buf, size_t *len, size_t size, double deadline,
		     size_t until)
{
	for (;;) {
		struct pollfd p = { fd, POLLIN, 0 };
		double left = deadline - now_ms();
		ssize_t n;
		char *nl;
		int rc;

		if ((deadline >= 0 && left <= 0) || a->count >= until)
			return 1;
		rc = poll(&p, 1, deadline < 0 ? -1 : (int)left + 1);
		if (rc < 0 && errno == EINTR)
			continue;
		if (rc == 0)
			continue;
		n = read(fd, buf + *len, size - 1 - *len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return 0;
		*len += (size_t)n;
		buf[*len] = '\0';
		while ((nl = strchr(buf, '\n')) != NULL) {
			*nl = '\0';
			add_ack(a, buf);
			memmove(buf, nl + 1, *len - (size_t)(nl + 1 - buf) + 1);
			*len -= (size_t)(nl + 1 - buf);
		}
	}
}

/* Every event ever acknowledged is in @e. */
static void check_present(struct vipcare_engine *e, const struct acks *a)
{
	struct vipcare_transaction *t;
	struct vipcare_customer *c;
	char cust[16], occasion[32];
	size_t i;
	int rc;

	assert_int_equal(vipcare_transaction_new(&t), VIPCARE_OK);
	assert_int_equal(vipcare_customer_new(&c), VIPCARE_OK);
	for (i = 0; i < a->count; i++) {
		const char *line = a->lines[i], *id = line + 2;

		switch (line[0]) {
		case 'T':
			rc = vipcare_engine_get_transaction(e, id, t);
			break;
		case 'N':
		case 'K':
			rc = vipcare_engine_get_customer(e, id, c);
			if (rc == VIPCARE_OK && vipcare_customer_joined(c) == VIPCARE_DATE_NONE)
				rc = -1; /* known, but its record lost */
			break;
		case 'R':
			/* another customer's content: a duplicate when the id is there, else refused */
			rc = vipcare_engine_redeem(e, id, "NOBODY", "dedicated_advisor", 0, 1, NULL);
			rc = rc == VIPCARE_E_DUPLICATE ? VIPCARE_OK : -1;
			break;
		case 'C':
			assert_int_equal(sscanf(id, "%15s %31s", cust, occasion), 2);
			rc = 0;
			for (int k = 0; k < VIPCARE_CARE_KINDS && rc != 1; k++)
				rc = vipcare_engine_care_recorded(e, cust, k, occasion);
			rc = rc == 1 ? VIPCARE_OK : -1;
			break;
		case 'Q':
			/* refused as a duplicate before its unknown customer is looked at */
			rc = vipcare_engine_add_service_request(e, id, "NOBODY", VIPCARE_SERVICE_INQUIRY, 0,
								VIPCARE_TIMESTAMP_NONE,
								VIPCARE_TIMESTAMP_NONE);
			rc = rc == VIPCARE_E_DUPLICATE ? VIPCARE_OK : -1;
			break;
		default: /* 'V': counted below */
			rc = VIPCARE_OK;
			break;
		}
		if (rc != VIPCARE_OK)
			fail_msg("acknowledged event \"%s\" is lost", line);
	}
	vipcare_transaction_unref(t);
	vipcare_customer_unref(c);
}

/* What the folder holds of each kind. */
static void counts_of(struct vipcare_engine *e, size_t *n)
{
	n[0] = vipcare_engine_transaction_count(e);
	n[1] = vipcare_engine_customer_count(e); /* with the setup's customers */
	n[2] = vipcare_engine_redemption_count(e);
	n[3] = vipcare_engine_care_count(e);
	n[4] = vipcare_engine_survey_count(e);
	n[5] = vipcare_engine_service_count(e);
}

static void test_killed_at_random_moments(void **state)
{
	struct acks acks = { NULL, 0, 0, { 0 } };
	size_t held[6] = { 0 }, before[7], now[6], extra, i, acked_now;
	char dir[512], buf[4096];
	const char *tmp = getenv("TMPDIR");
	uint64_t s = 20251123;
	int round, killed_early = 0, killed_late = 0;
	double start = now_ms();

	(void)state;
	snprintf(dir, sizeof(dir), "%s/vipcare-crash-XXXXXX", tmp != NULL && tmp[0] ? tmp : "/tmp");
	assert_non_null(mkdtemp(dir));
	for (round = 0; round < ROUNDS; round++) {
		struct vipcare_engine *e = NULL;
		int fds[2], status = 0, rc;
		size_t len = 0;
		double deadline;
		pid_t pid;

		memcpy(before, acks.per_kind, sizeof(before));
		assert_int_equal(pipe(fds), 0);
		fflush(NULL);
		pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			close(fds[0]);
			child(dir, round, fds[1]);
		}
		close(fds[1]);
		/*
		 * Even rounds count the time from the start, so that some kills
		 * come while the child opens the folder; odd rounds from its
		 * first acknowledged event, so that half the kills come while it
		 * records, however slow the machine (valgrind).
		 */
		if (round % 2 == 1 &&
		    read_acks(fds[0], &acks, buf, &len, sizeof(buf), -1, acks.count + 1) == 0)
			fail_msg("round %d: the child ended before it was killed", round);
		deadline = now_ms() + (double)(next(&s) % (KILL_AFTER_MS * 1000)) / 1000.0;
		if (read_acks(fds[0], &acks, buf, &len, sizeof(buf), deadline, SIZE_MAX) == 0)
			fail_msg("round %d: the child ended before it was killed", round);
		kill(pid, SIGKILL);
		/* what it wrote before it died is acknowledged too */
		read_acks(fds[0], &acks, buf, &len, sizeof(buf), -1, SIZE_MAX);
		close(fds[0]);
		assert_int_equal(waitpid(pid, &status, 0), pid);
		assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);

		assert_int_equal(vipcare_engine_new(&e, NULL), VIPCARE_OK);
		rc = vipcare_engine_open_state(e, dir, VIPCARE_DURABILITY_EVERY_CALL, 0);
		if (rc != VIPCARE_OK)
			fail_msg("round %d: reopening failed: %s", round, vipcare_engine_last_error(e));
		check_present(e, &acks);
		/*
		 * Exactly once: each kind holds what it held, plus what was
		 * acknowledged since, plus at most the one call under way.
		 */
		counts_of(e, now);
		extra = 0;
		acked_now = 0;
		for (i = 0; i < 6; i++) {
			size_t acked = acks.per_kind[i] - before[i];

			if (i == 1)
				acked += acks.per_kind[6] - before[6]; /* the setup's customers */
			acked_now += acked;
			if (now[i] < held[i] + acked)
				fail_msg("round %d: kind %c holds %zu, fewer than %zu held and acknowledged",
					 round, kinds[i], now[i], held[i] + acked);
			extra += now[i] - held[i] - acked;
		}
		if (extra > 1)
			fail_msg("round %d: %zu events are there that were not acknowledged", round, extra);
		if (acked_now == 0)
			killed_early++;
		else
			killed_late++;
		memcpy(held, now, sizeof(held));
		assert_int_equal(vipcare_engine_close_state(e), VIPCARE_OK);
		vipcare_engine_unref(e);
	}
	/* the kills came while the child recorded, in half the rounds at least */
	assert_true(killed_late >= ROUNDS / 2);
	print_message("%d rounds in %.1f s: %zu events acknowledged, %d rounds killed before the first\n",
		      ROUNDS, (now_ms() - start) / 1000.0, acks.count, killed_early);
	for (i = 0; i < acks.count; i++)
		free(acks.lines[i]);
	free(acks.lines);
	{
		static const char *const names[] = {
			"state.snapshot", "state.snapshot.tmp", "state.journal", "state.journal.tmp",
			"state.lock",
		};
		char path[1024];

		for (i = 0; i < 5; i++) {
			snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
			remove(path);
		}
		rmdir(dir);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_killed_at_random_moments),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
