/*
 * Durability: snapshots and state folders (include/vipcare/durability.h,
 * docs/durability.md).
 *
 * - Round trips on a generated mall (customers with and without records,
 *   sales, linked and unlinked refunds, overrides, care records,
 *   redemptions, points redemptions, surveys, service requests): saved
 *   and loaded, or journaled and replayed, the engine answers every call
 *   as the original (scores, agenda, KPI state bytes, checkout quotas,
 *   points balances); the interval mode's flushes; an engine that holds
 *   data starting a folder.
 * - Torn writes: the journal cut at every byte of its last record, and
 *   every bit of that record flipped: opening keeps every record before
 *   it and reports the damage; damage before the last record, and any
 *   damage to a snapshot, is refused.
 * - Refusals: truncated, damaged, newer, foreign files, a journal of
 *   another folder or generation, each with its status and a message
 *   naming the file and the byte.
 * - A crash between a checkpoint's two renames; the folder's lock.
 * - A full disk (a file size limit, in a child process; POSIX only): the
 *   failing call returns VIPCARE_E_IO and changes nothing, later calls
 *   work once there is room, nothing acknowledged is lost.
 * - Every allocation failing in turn while a snapshot loads; the bytes an
 *   engine counts stay those it holds across a load.
 * - The bytes of a small snapshot and journal are the same on every
 *   machine (compared with bytes written on x86-64, as the cross stage
 *   runs this test on s390x, armhf and Windows).
 */
#ifndef _WIN32
#define _POSIX_C_SOURCE 200809L /* mkdtemp, fork, pipe, setrlimit, strtok_r */
#endif
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifdef _WIN32
#include <direct.h>
#include <windows.h>
#else
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#endif

#include <vipcare/vipcare.h>

#include "durability-private.h" /* the in-memory readers and writers, the CRC */
#include "helpers.h"

/* ---------------------------------------------------------------- files */

static const char *const state_files[] = {
	"state.snapshot", "state.snapshot.tmp", "state.journal", "state.journal.tmp",
	"state.lock", "copy.snapshot", "copy.snapshot.tmp", "other.snapshot",
};

/* @dir/@name, with the separator the library uses for a state folder's files */
static void path_in(char *out, size_t size, const char *dir, const char *name)
{
	char sep = strchr(dir, '\\') != NULL && strchr(dir, '/') == NULL ? '\\' : '/';

	snprintf(out, size, "%s%c%s", dir, sep, name);
}

static void make_dir(char *out, size_t size)
{
#ifdef _WIN32
	char base[MAX_PATH];
	static int serial;
	DWORD n = GetTempPathA(MAX_PATH, base);

	assert_true(n > 0 && n < MAX_PATH);
	for (;;) {
		snprintf(out, size, "%svipcare-durability-%lu-%d", base,
			 (unsigned long)GetCurrentProcessId(), serial++);
		if (_mkdir(out) == 0)
			return;
	}
#else
	const char *tmp = getenv("TMPDIR");

	snprintf(out, size, "%s/vipcare-durability-XXXXXX", tmp != NULL && tmp[0] ? tmp : "/tmp");
	assert_non_null(mkdtemp(out));
#endif
}

static void remove_dir(const char *dir)
{
	char path[1024];
	size_t i;

	for (i = 0; i < sizeof(state_files) / sizeof(state_files[0]); i++) {
		path_in(path, sizeof(path), dir, state_files[i]);
		remove(path);
	}
#ifdef _WIN32
	_rmdir(dir);
#else
	rmdir(dir);
#endif
}

static void sleep_ms(unsigned ms)
{
#ifdef _WIN32
	Sleep(ms);
#else
	struct timespec ts = { (time_t)(ms / 1000), (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0)
		;
#endif
}

static unsigned char *read_all(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf;
	long n;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n >= 0);
	assert_int_equal(fseek(f, 0, SEEK_SET), 0);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*size = (size_t)n;
	return buf;
}

static void write_all(const char *path, const void *data, size_t size)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	if (size > 0)
		assert_int_equal(fwrite(data, 1, size, f), size);
	assert_int_equal(fclose(f), 0);
}

static size_t file_size(const char *path)
{
	size_t n;

	free(read_all(path, &n));
	return n;
}

static int file_exists(const char *path)
{
	FILE *f = fopen(path, "rb");

	if (f != NULL)
		fclose(f);
	return f != NULL;
}

/* ---------------------------------------------------------------- a generated mall */

static uint64_t next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15u);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

#define DAY0 19723 /* 2024-01-01 */
#define DAYS 730

/* The sales recorded, to refund them. */
struct sale_note {
	char id[16];
	char customer[16];
	int64_t left;
};

struct mall {
	uint64_t seed;
	int with_points; /* whether the mix has points redemptions */
	uint64_t accepted; /* calls that changed the engine: each one record */
	int customers; /* ids C0000 .. */
	int txns;      /* ids T00000 .. attempted */
	int redemptions, points, services;
	struct sale_note *sales;
	size_t sale_count;
	/* the (customer, kind, occasion) of every care record attempted */
	char (*care)[64];
	size_t care_count;
	uint64_t outcome_sum; /* a fold of every call's status, equal for equal runs */
};

static void mall_free(struct mall *m)
{
	free(m->sales);
	free(m->care);
	memset(m, 0, sizeof(*m));
}

static int64_t random_ts(uint64_t *s)
{
	return (int64_t)(DAY0 + (int64_t)(next(s) % DAYS)) * 86400 + (int64_t)(next(s) % 86400);
}

static void customer_id(char *buf, uint64_t *s, const struct mall *m)
{
	snprintf(buf, 16, "C%04d", (int)(next(s) % (uint64_t)m->customers));
}

static const char *const tier_names[] = { "member", "gold", "platinum", "diamond" };
static const char *const benefit_ids[] = {
	"birthday_coupon", "free_parking_hours", "priority_checkout", "dedicated_advisor",
	"vip_event_invite", "welcome_gift",
};
static const char *const occasions[] = { "once", "2024", "2025", "2025-03-01", "2025-06-01:gold" };

static int step_customer(struct vipcare_engine *e, uint64_t *s, struct mall *m, const char *id)
{
	struct vipcare_customer *c;
	int rc;

	assert_int_equal(vipcare_customer_new(&c), VIPCARE_OK);
	assert_int_equal(vipcare_customer_set_id(c, id), VIPCARE_OK);
	if (next(s) % 5 != 0) {
		int32_t month = (int32_t)(1 + next(s) % 12);

		assert_int_equal(vipcare_customer_set_birthday(c, month, next(s) % 7 == 0 && month == 2
									      ? 29
									      : (int32_t)(1 + next(s) % 28)),
				 VIPCARE_OK);
	}
	if (next(s) % 3 != 0)
		assert_int_equal(vipcare_customer_set_joined(c, (int32_t)(DAY0 - 200 + next(s) % 600)),
				 VIPCARE_OK);
	assert_int_equal(vipcare_customer_set_consent(c, VIPCARE_CHANNEL_SMS, (int)(next(s) % 2)), VIPCARE_OK);
	assert_int_equal(vipcare_customer_set_consent(c, VIPCARE_CHANNEL_WECHAT, (int)(next(s) % 2)), VIPCARE_OK);
	assert_int_equal(vipcare_customer_set_consent(c, VIPCARE_CHANNEL_PHONE, (int)(next(s) % 2)), VIPCARE_OK);
	assert_int_equal(vipcare_customer_set_consent(c, VIPCARE_CHANNEL_APP, (int)(next(s) % 2)), VIPCARE_OK);
	assert_int_equal(vipcare_customer_set_marketing_opt_out(c, next(s) % 6 == 0), VIPCARE_OK);
	if (next(s) % 2) {
		char advisor[16];

		snprintf(advisor, sizeof(advisor), "A%d", (int)(next(s) % 5));
		assert_int_equal(vipcare_customer_set_advisor(c, advisor), VIPCARE_OK);
	}
	if (next(s) % 8 == 0)
		assert_int_equal(vipcare_customer_set_override(c, tier_names[next(s) % 4],
							       next(s) % 2 ? VIPCARE_DATE_NONE
									   : (int32_t)(DAY0 + next(s) % DAYS)),
				 VIPCARE_OK);
	rc = vipcare_engine_add_customer(e, c);
	vipcare_customer_unref(c);
	(void)m;
	return rc;
}

static int step_sale(struct vipcare_engine *e, uint64_t *s, struct mall *m)
{
	struct vipcare_transaction *t;
	char id[16], cust[16], store[16], category[16];
	int who = (int)(next(s) % (uint64_t)m->customers), rc;
	int64_t amount = who < m->customers / 10 ? 200000 + (int64_t)(next(s) % 2000000)
						 : 1000 + (int64_t)(next(s) % 100000);

	snprintf(id, sizeof(id), "T%05d", m->txns++);
	snprintf(cust, sizeof(cust), "C%04d", who);
	snprintf(store, sizeof(store), "S%d", (int)(next(s) % 9));
	snprintf(category, sizeof(category), "K%d", (int)(next(s) % 6));
	assert_int_equal(vipcare_transaction_new(&t), VIPCARE_OK);
	assert_int_equal(vipcare_transaction_set_id(t, id), VIPCARE_OK);
	assert_int_equal(vipcare_transaction_set_customer(t, cust), VIPCARE_OK);
	assert_int_equal(vipcare_transaction_set_timestamp(t, random_ts(s)), VIPCARE_OK);
	assert_int_equal(vipcare_transaction_set_amount(t, amount), VIPCARE_OK);
	if (next(s) % 4 != 0)
		assert_int_equal(vipcare_transaction_set_store(t, store), VIPCARE_OK);
	if (next(s) % 4 != 0)
		assert_int_equal(vipcare_transaction_set_category(t, category), VIPCARE_OK);
	/* a sale's original is ignored: it must not come back as one */
	if (next(s) % 10 == 0)
		assert_int_equal(vipcare_transaction_set_original(t, "T00000"), VIPCARE_OK);
	rc = vipcare_engine_add_transaction(e, t);
	vipcare_transaction_unref(t);
	if (rc == VIPCARE_OK) {
		struct sale_note *n;

		m->sales = realloc(m->sales, (m->sale_count + 1) * sizeof(*m->sales));
		assert_non_null(m->sales);
		n = &m->sales[m->sale_count++];
		memcpy(n->id, id, sizeof(id));
		memcpy(n->customer, cust, sizeof(cust));
		n->left = amount;
	}
	return rc;
}

static int step_refund(struct vipcare_engine *e, uint64_t *s, struct mall *m)
{
	struct vipcare_transaction *t;
	char id[16], original[16];
	struct sale_note *n = NULL;
	uint64_t how = next(s) % 10;
	int rc;

	snprintf(id, sizeof(id), "T%05d", m->txns++);
	assert_int_equal(vipcare_transaction_new(&t), VIPCARE_OK);
	assert_int_equal(vipcare_transaction_set_id(t, id), VIPCARE_OK);
	assert_int_equal(vipcare_transaction_set_kind(t, VIPCARE_TXN_REFUND), VIPCARE_OK);
	assert_int_equal(vipcare_transaction_set_timestamp(t, random_ts(s)), VIPCARE_OK);
	if (how < 7 && m->sale_count > 0) {
		/* a known original: part of what is left, or too much (refused) */
		n = &m->sales[next(s) % m->sale_count];
		assert_int_equal(vipcare_transaction_set_customer(t, n->customer), VIPCARE_OK);
		assert_int_equal(vipcare_transaction_set_original(t, n->id), VIPCARE_OK);
		assert_int_equal(vipcare_transaction_set_amount(t, how == 6 ? n->left + 1
									   : 1 + (n->left > 2 ? (int64_t)(next(s) % (uint64_t)(n->left / 2)) : 0)),
				 VIPCARE_OK);
	} else {
		char cust[16];

		customer_id(cust, s, m);
		assert_int_equal(vipcare_transaction_set_customer(t, cust), VIPCARE_OK);
		assert_int_equal(vipcare_transaction_set_amount(t, 100 + (int64_t)(next(s) % 5000)), VIPCARE_OK);
		/* an original not recorded yet (it may come later), or none */
		if (how < 9) {
			snprintf(original, sizeof(original), "T%05d", m->txns + (int)(next(s) % 40));
			assert_int_equal(vipcare_transaction_set_original(t, original), VIPCARE_OK);
		}
	}
	rc = vipcare_engine_add_transaction(e, t);
	if (rc == VIPCARE_OK && n != NULL)
		n->left -= vipcare_transaction_amount(t);
	vipcare_transaction_unref(t);
	return rc;
}

static int step_care(struct vipcare_engine *e, uint64_t *s, struct mall *m)
{
	char cust[16];
	int kind = (int)(next(s) % VIPCARE_CARE_KINDS);
	const char *occasion = occasions[next(s) % 5];

	customer_id(cust, s, m);
	m->care = realloc(m->care, (m->care_count + 1) * sizeof(*m->care));
	assert_non_null(m->care);
	snprintf(m->care[m->care_count++], 64, "%s %d %s", cust, kind, occasion);
	return vipcare_engine_record_care(e, cust, kind, occasion,
					  (int32_t)(DAY0 + next(s) % DAYS), (int)(next(s) % 3));
}

static int step(struct vipcare_engine *e, uint64_t *s, struct mall *m)
{
	uint64_t what = next(s) % 100;
	char cust[16], id[16];

	if (what < 40)
		return step_sale(e, s, m);
	if (what < 48) {
		customer_id(cust, s, m);
		return step_customer(e, s, m, cust);
	}
	if (what < 52) {
		customer_id(cust, s, m);
		return vipcare_engine_set_override(e, cust, next(s) % 3 ? tier_names[next(s) % 4] : NULL,
						   next(s) % 2 ? VIPCARE_DATE_NONE
							       : (int32_t)(DAY0 + next(s) % DAYS));
	}
	if (what < 60)
		return step_care(e, s, m);
	if (what < 70) {
		customer_id(cust, s, m);
		snprintf(id, sizeof(id), "R%04d", m->redemptions++);
		return vipcare_engine_redeem(e, id, cust, benefit_ids[next(s) % 6], random_ts(s),
					     (int32_t)(1 + next(s) % 3), NULL);
	}
	if (what < 75) {
		customer_id(cust, s, m);
		return vipcare_engine_add_survey(e, cust, random_ts(s), (int)(next(s) % 2),
						 (int)(1 + next(s) % 5));
	}
	if (what < 80) {
		int64_t opened = random_ts(s);

		customer_id(cust, s, m);
		snprintf(id, sizeof(id), "Q%04d", m->services++);
		return vipcare_engine_add_service_request(
			e, id, cust, (int)(next(s) % 2), opened,
			next(s) % 4 ? opened + (int64_t)(next(s) % 20000) : VIPCARE_TIMESTAMP_NONE,
			next(s) % 3 ? opened + 20000 + (int64_t)(next(s) % 90000) : VIPCARE_TIMESTAMP_NONE);
	}
	if (what < 85 && m->with_points) {
		customer_id(cust, s, m);
		snprintf(id, sizeof(id), "P%04d", m->points++);
		return vipcare_engine_redeem_points(e, id, cust, random_ts(s),
						    1 + (int64_t)(next(s) % 3000),
						    next(s) % 2 ? "parking" : NULL);
	}
	return step_refund(e, s, m);
}

/*
 * Points redemptions are journaled once lib/points.c calls
 * vipcare__log_points_redemption() (docs/durability.md); until then the
 * malls of the journal's tests leave them out, and snapshots (which hold
 * them) test them.
 */
#define JOURNAL_HAS_POINTS 1

/* The customers' records: most of them, before anything else. */
static void mall_start_with(struct vipcare_engine *e, uint64_t seed, int customers, int with_points,
			    struct mall *m)
{
	char id[16];
	int i;

	memset(m, 0, sizeof(*m));
	m->seed = seed;
	m->with_points = with_points;
	m->customers = customers;
	for (i = 0; i < customers; i++) {
		/* a tenth come later, or with a transaction only */
		if (i % 10 == 3)
			continue;
		snprintf(id, sizeof(id), "C%04d", i);
		assert_int_equal(step_customer(e, &m->seed, m, id), VIPCARE_OK);
		m->accepted++;
	}
}

/* A mall for a state folder. */
static void mall_start(struct vipcare_engine *e, uint64_t seed, int customers, struct mall *m)
{
	mall_start_with(e, seed, customers, JOURNAL_HAS_POINTS, m);
}

/* @steps more calls, a mix of every state-changing call. */
static void mall_run(struct vipcare_engine *e, struct mall *m, int steps)
{
	int i, rc;

	for (i = 0; i < steps; i++) {
		rc = step(e, &m->seed, m);
		if (rc == VIPCARE_OK)
			m->accepted++;
		m->outcome_sum = m->outcome_sum * 31 + (uint64_t)(rc + 1000);
	}
}

/* ---------------------------------------------------------------- comparing engines */

static void same_customer(struct vipcare_engine *a, struct vipcare_engine *b, const char *id)
{
	struct vipcare_customer *x, *y;
	int32_t mx, dx, my, dy, jx, jy;
	int rx, ry, ch;

	assert_int_equal(vipcare_customer_new(&x), VIPCARE_OK);
	assert_int_equal(vipcare_customer_new(&y), VIPCARE_OK);
	rx = vipcare_engine_get_customer(a, id, x);
	ry = vipcare_engine_get_customer(b, id, y);
	assert_int_equal(rx, ry);
	if (rx == VIPCARE_OK) {
		assert_string_equal(vipcare_customer_id(x), vipcare_customer_id(y));
		assert_int_equal(vipcare_customer_birthday(x, &mx, &dx), vipcare_customer_birthday(y, &my, &dy));
		assert_int_equal(mx, my);
		assert_int_equal(dx, dy);
		assert_int_equal(vipcare_customer_joined(x), vipcare_customer_joined(y));
		for (ch = 0; ch < VIPCARE_CHANNEL_COUNT; ch++)
			assert_int_equal(vipcare_customer_consent(x, ch), vipcare_customer_consent(y, ch));
		assert_int_equal(vipcare_customer_marketing_opt_out(x), vipcare_customer_marketing_opt_out(y));
		assert_string_equal(vipcare_customer_advisor(x), vipcare_customer_advisor(y));
		assert_string_equal(vipcare_customer_override_tier(x), vipcare_customer_override_tier(y));
		assert_int_equal(vipcare_customer_override_until(x), vipcare_customer_override_until(y));
		assert_int_equal(vipcare_engine_effective_joined(a, id, &jx), VIPCARE_OK);
		assert_int_equal(vipcare_engine_effective_joined(b, id, &jy), VIPCARE_OK);
		assert_int_equal(jx, jy);
	}
	vipcare_customer_unref(x);
	vipcare_customer_unref(y);
}

static void same_score(struct vipcare_engine *a, struct vipcare_engine *b, const char *id,
		       int32_t asof, struct vipcare_score *x, struct vipcare_score *y)
{
	int rx = vipcare_engine_score(a, id, asof, x), ry = vipcare_engine_score(b, id, asof, y);

	assert_int_equal(rx, ry);
	if (rx != VIPCARE_OK)
		return;
	assert_int_equal(vipcare_score_is_member(x), vipcare_score_is_member(y));
	assert_int_equal(vipcare_score_tier(x), vipcare_score_tier(y));
	assert_true(vipcare_score_net_spend(x) == vipcare_score_net_spend(y));
	assert_int_equal(vipcare_score_visits(x), vipcare_score_visits(y));
	assert_int_equal(vipcare_score_first_sale(x), vipcare_score_first_sale(y));
	assert_int_equal(vipcare_score_last_sale(x), vipcare_score_last_sale(y));
	assert_true(vipcare_score_lifetime_spend(x) == vipcare_score_lifetime_spend(y));
	assert_int_equal(vipcare_score_decided_by(x), vipcare_score_decided_by(y));
	assert_int_equal(vipcare_score_next_tier(x), vipcare_score_next_tier(y));
	assert_true(vipcare_score_spend_to_next(x) == vipcare_score_spend_to_next(y));
	assert_int_equal(vipcare_score_visits_to_next(x), vipcare_score_visits_to_next(y));
	assert_int_equal(vipcare_score_tier_expires(x), vipcare_score_tier_expires(y));
}

static void same_checkout(struct vipcare_engine *a, struct vipcare_engine *b, const char *id,
			  int64_t at, struct vipcare_checkout *x, struct vipcare_checkout *y)
{
	size_t i;

	assert_int_equal(vipcare_engine_checkout(a, id, at, x), VIPCARE_OK);
	assert_int_equal(vipcare_engine_checkout(b, id, at, y), VIPCARE_OK);
	assert_int_equal(vipcare_checkout_count(x), vipcare_checkout_count(y));
	assert_int_equal(vipcare_checkout_tier(x), vipcare_checkout_tier(y));
	for (i = 0; i < vipcare_checkout_count(x); i++) {
		assert_string_equal(vipcare_checkout_benefit(x, i), vipcare_checkout_benefit(y, i));
		assert_int_equal(vipcare_checkout_reason(x, i), vipcare_checkout_reason(y, i));
		assert_int_equal(vipcare_checkout_left(x, i), vipcare_checkout_left(y, i));
		assert_int_equal(vipcare_checkout_period_end(x, i), vipcare_checkout_period_end(y, i));
	}
}

static void same_points(struct vipcare_engine *a, struct vipcare_engine *b, const char *id,
			int32_t asof)
{
	int64_t bx = 0, by = 0, px = 0, py = 0;
	int32_t ex = 0, ey = 0;
	int rx = vipcare_engine_points_balance(a, id, asof, &bx, &ex, &px);
	int ry = vipcare_engine_points_balance(b, id, asof, &by, &ey, &py);

	assert_int_equal(rx, ry);
	assert_true(bx == by);
	assert_int_equal(ex, ey);
	assert_true(px == py);
}

static void same_transaction(struct vipcare_engine *a, struct vipcare_engine *b, const char *id)
{
	struct vipcare_transaction *x, *y;
	int rx, ry;

	assert_int_equal(vipcare_transaction_new(&x), VIPCARE_OK);
	assert_int_equal(vipcare_transaction_new(&y), VIPCARE_OK);
	rx = vipcare_engine_get_transaction(a, id, x);
	ry = vipcare_engine_get_transaction(b, id, y);
	assert_int_equal(rx, ry);
	if (rx == VIPCARE_OK) {
		assert_string_equal(vipcare_transaction_customer(x), vipcare_transaction_customer(y));
		assert_true(vipcare_transaction_timestamp(x) == vipcare_transaction_timestamp(y));
		assert_true(vipcare_transaction_amount(x) == vipcare_transaction_amount(y));
		assert_int_equal(vipcare_transaction_kind(x), vipcare_transaction_kind(y));
		assert_string_equal(vipcare_transaction_store(x), vipcare_transaction_store(y));
		assert_string_equal(vipcare_transaction_category(x), vipcare_transaction_category(y));
		assert_string_equal(vipcare_transaction_original(x), vipcare_transaction_original(y));
	}
	vipcare_transaction_unref(x);
	vipcare_transaction_unref(y);
}

static void same_agenda(struct vipcare_engine *a, struct vipcare_engine *b, int32_t from, int32_t to)
{
	struct vipcare_agenda *x, *y;
	size_t i;
	int k;

	assert_int_equal(vipcare_agenda_new(&x, a, from, to), VIPCARE_OK);
	assert_int_equal(vipcare_agenda_new(&y, b, from, to), VIPCARE_OK);
	assert_int_equal(vipcare_agenda_count(x), vipcare_agenda_count(y));
	for (i = 0; i < vipcare_agenda_count(x); i++) {
		assert_int_equal(vipcare_agenda_due(x, i), vipcare_agenda_due(y, i));
		assert_string_equal(vipcare_agenda_customer(x, i), vipcare_agenda_customer(y, i));
		assert_int_equal(vipcare_agenda_kind(x, i), vipcare_agenda_kind(y, i));
		assert_string_equal(vipcare_agenda_occasion(x, i), vipcare_agenda_occasion(y, i));
		assert_int_equal(vipcare_agenda_tier(x, i), vipcare_agenda_tier(y, i));
		assert_int_equal(vipcare_agenda_channel(x, i), vipcare_agenda_channel(y, i));
		assert_string_equal(vipcare_agenda_advisor(x, i) ? vipcare_agenda_advisor(x, i) : "",
				    vipcare_agenda_advisor(y, i) ? vipcare_agenda_advisor(y, i) : "");
	}
	for (k = 0; k < VIPCARE_CARE_KINDS; k++)
		assert_int_equal(vipcare_agenda_suppressed(x, k), vipcare_agenda_suppressed(y, k));
	vipcare_agenda_unref(x);
	vipcare_agenda_unref(y);
}

static void same_kpis(struct vipcare_engine *a, struct vipcare_engine *b, int32_t from, int32_t to)
{
	struct vipcare_kpi_state *x, *y;
	void *bx, *by;
	size_t nx, ny;

	assert_int_equal(vipcare_kpi_state_new(&x, a, from, to), VIPCARE_OK);
	assert_int_equal(vipcare_kpi_state_new(&y, b, from, to), VIPCARE_OK);
	assert_int_equal(vipcare_kpi_state_serialize(x, &bx, &nx), VIPCARE_OK);
	assert_int_equal(vipcare_kpi_state_serialize(y, &by, &ny), VIPCARE_OK);
	assert_int_equal(nx, ny);
	assert_memory_equal(bx, by, nx);
	vipcare_free(bx);
	vipcare_free(by);
	vipcare_kpi_state_unref(x);
	vipcare_kpi_state_unref(y);
}

/* Every observable result of @a and @b over mall @m is the same. */
static void assert_same(struct vipcare_engine *a, struct vipcare_engine *b, const struct mall *m)
{
	static const int32_t dates[] = { DAY0 + 100, DAY0 + 400, DAY0 + 729, DAY0 + 900 };
	struct vipcare_score *x, *y;
	struct vipcare_checkout *cx, *cy;
	char id[16];
	size_t i;
	int k, d;

	assert_int_equal(vipcare_engine_customer_count(a), vipcare_engine_customer_count(b));
	assert_int_equal(vipcare_engine_transaction_count(a), vipcare_engine_transaction_count(b));
	assert_int_equal(vipcare_engine_redemption_count(a), vipcare_engine_redemption_count(b));
	assert_int_equal(vipcare_engine_points_redemption_count(a), vipcare_engine_points_redemption_count(b));
	assert_int_equal(vipcare_engine_care_count(a), vipcare_engine_care_count(b));
	assert_int_equal(vipcare_engine_survey_count(a), vipcare_engine_survey_count(b));
	assert_int_equal(vipcare_engine_service_count(a), vipcare_engine_service_count(b));
	assert_int_equal(vipcare_score_new(&x), VIPCARE_OK);
	assert_int_equal(vipcare_score_new(&y), VIPCARE_OK);
	assert_int_equal(vipcare_checkout_new(&cx), VIPCARE_OK);
	assert_int_equal(vipcare_checkout_new(&cy), VIPCARE_OK);
	for (k = 0; k < m->customers; k++) {
		snprintf(id, sizeof(id), "C%04d", k);
		same_customer(a, b, id);
		for (d = 0; d < 4; d++) {
			same_score(a, b, id, dates[d], x, y);
			same_points(a, b, id, dates[d]);
		}
		same_checkout(a, b, id, (int64_t)(DAY0 + 410) * 86400 + 43200, cx, cy);
		same_checkout(a, b, id, (int64_t)(DAY0 + 729) * 86400 + 72000, cx, cy);
	}
	for (k = 0; k < m->txns; k++) {
		snprintf(id, sizeof(id), "T%05d", k);
		same_transaction(a, b, id);
	}
	for (i = 0; i < m->care_count; i++) {
		char cust[16], occasion[64];
		int kind;

		assert_int_equal(sscanf(m->care[i], "%15s %d %63s", cust, &kind, occasion), 3);
		assert_int_equal(vipcare_engine_care_recorded(a, cust, kind, occasion),
				 vipcare_engine_care_recorded(b, cust, kind, occasion));
	}
	same_agenda(a, b, DAY0 + 365, DAY0 + 729);
	same_agenda(a, b, DAY0 + 60, DAY0 + 90);
	same_kpis(a, b, DAY0 + 366, DAY0 + 729);
	same_kpis(a, b, DAY0 + 182, DAY0 + 273);
	vipcare_score_unref(x);
	vipcare_score_unref(y);
	vipcare_checkout_unref(cx);
	vipcare_checkout_unref(cy);
}

/* The records of a snapshot of @e: one per customer (record and override together), transaction... */
static uint64_t held_records(const struct vipcare_engine *e)
{
	return vipcare_engine_customer_count(e) + vipcare_engine_transaction_count(e) +
	       vipcare_engine_redemption_count(e) + vipcare_engine_care_count(e) +
	       vipcare_engine_survey_count(e) + vipcare_engine_service_count(e) +
	       vipcare_engine_points_redemption_count(e);
}

static struct vipcare_engine *new_engine(void)
{
	struct vipcare_engine *e = NULL;

	assert_int_equal(vipcare_engine_new(&e, NULL), VIPCARE_OK);
	return e;
}

static uint64_t figure(struct vipcare_engine *e, int which)
{
	uint64_t v = UINT64_MAX;

	assert_int_equal(vipcare_engine_state_figure(e, which, &v), VIPCARE_OK);
	return v;
}

static void expect_message(struct vipcare_engine *e, const char *part)
{
	if (strstr(vipcare_engine_last_error(e), part) == NULL)
		fail_msg("message \"%s\" lacks \"%s\"", vipcare_engine_last_error(e), part);
}

static void expect_text(const char *text, const char *part)
{
	if (strstr(text, part) == NULL)
		fail_msg("\"%s\" lacks \"%s\"", text, part);
}

/* ---------------------------------------------------------------- round trips */

static void test_snapshot_round_trip(void **state)
{
	struct vipcare_engine *a = new_engine(), *b = new_engine(), *c = new_engine();
	char dir[512], path[1024], other[1024], tmp[1100];
	unsigned char *x, *y;
	size_t nx, ny;
	struct mall m;

	(void)state;
	mall_start_with(a, 1, 150, 1, &m);
	mall_run(a, &m, 4000);
	make_dir(dir, sizeof(dir));
	path_in(path, sizeof(path), dir, "copy.snapshot");
	path_in(other, sizeof(other), dir, "other.snapshot");
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	assert_int_equal(vipcare_engine_save_snapshot(a, path), VIPCARE_OK);
	assert_false(file_exists(tmp));
	assert_int_equal(vipcare_engine_load_snapshot(b, path), VIPCARE_OK);
	assert_same(a, b, &m);

	/* saved again, the records are the same bytes: only the header's store id differs */
	assert_int_equal(vipcare_engine_save_snapshot(b, other), VIPCARE_OK);
	x = read_all(path, &nx);
	y = read_all(other, &ny);
	assert_int_equal(nx, ny);
	assert_memory_equal(x + VIPCARE__SNAPSHOT_HEADER, y + VIPCARE__SNAPSHOT_HEADER,
			    nx - VIPCARE__SNAPSHOT_HEADER);
	assert_memory_equal(x, y, 16);
	free(x);
	free(y);

	/* only an empty engine loads; a refused load changes nothing */
	assert_int_equal(vipcare_engine_load_snapshot(b, path), VIPCARE_E_INVALID_ARGUMENT);
	expect_message(b, "already holds");
	assert_same(a, b, &m);
	/* a missing file is an I/O error that names it */
	path_in(tmp, sizeof(tmp), dir, "state.snapshot");
	assert_int_equal(vipcare_engine_load_snapshot(c, tmp), VIPCARE_E_IO);
	expect_message(c, tmp);
	assert_int_equal(vipcare_engine_customer_count(c), 0);
	mall_free(&m);
	vipcare_engine_unref(a);
	vipcare_engine_unref(b);
	vipcare_engine_unref(c);
	remove_dir(dir);
}

static void test_journal_round_trip(void **state)
{
	struct vipcare_engine *ref = new_engine(), *e = new_engine(), *copy;
	struct vipcare__journal_scan scan;
	struct mall m, n;
	char dir[512], journal[1024], snapshot[1024];
	unsigned char *bytes;
	size_t size;
	uint64_t before_checkpoint, snapshot_records;

	(void)state;
	make_dir(dir, sizeof(dir));
	path_in(journal, sizeof(journal), dir, "state.journal");
	path_in(snapshot, sizeof(snapshot), dir, "state.snapshot");
	assert_int_equal(vipcare_engine_open_state(e, dir, VIPCARE_DURABILITY_EVERY_CALL, 0), VIPCARE_OK);
	assert_true(figure(e, VIPCARE_STATE_GENERATION) == 0);
	assert_true(figure(e, VIPCARE_STATE_JOURNAL_BYTES) == VIPCARE__JOURNAL_HEADER);
	assert_string_equal(vipcare_engine_state_note(e), "");
	mall_start(e, 2, 90, &m);
	mall_run(e, &m, 1500);
	mall_start(ref, 2, 90, &n);
	mall_run(ref, &n, 1500);
	/* journaled, every call answered as without a journal */
	assert_true(m.outcome_sum == n.outcome_sum);

	/* every acknowledged call is in the file already, before any close */
	bytes = read_all(journal, &size);
	assert_true(size == figure(e, VIPCARE_STATE_JOURNAL_BYTES));
	copy = new_engine();
	assert_int_equal(vipcare__journal_replay_memory(copy, bytes, size, &scan), VIPCARE_OK);
	assert_true(scan.records == m.accepted);
	assert_true(scan.dropped_bytes == 0);
	assert_same(ref, copy, &n);
	vipcare_engine_unref(copy);
	free(bytes);
	assert_false(file_exists(snapshot));
	assert_int_equal(vipcare_engine_close_state(e), VIPCARE_OK);
	assert_int_equal(vipcare_engine_state_figure(e, VIPCARE_STATE_GENERATION, &before_checkpoint),
			 VIPCARE_E_INVALID_ARGUMENT);
	vipcare_engine_unref(e);

	/* reopened: replayed */
	e = new_engine();
	assert_int_equal(vipcare_engine_open_state(e, dir, VIPCARE_DURABILITY_EVERY_CALL, 0), VIPCARE_OK);
	assert_true(figure(e, VIPCARE_STATE_SNAPSHOT_RECORDS) == 0);
	assert_true(figure(e, VIPCARE_STATE_JOURNAL_RECORDS) == m.accepted);
	assert_true(figure(e, VIPCARE_STATE_DROPPED_BYTES) == 0);
	assert_same(ref, e, &n);

	/* a checkpoint: a snapshot of generation 1, an empty journal */
	assert_int_equal(vipcare_engine_checkpoint(e), VIPCARE_OK);
	assert_true(figure(e, VIPCARE_STATE_GENERATION) == 1);
	assert_true(figure(e, VIPCARE_STATE_JOURNAL_BYTES) == VIPCARE__JOURNAL_HEADER);
	assert_int_equal(file_size(journal), VIPCARE__JOURNAL_HEADER);
	assert_true(file_exists(snapshot));
	before_checkpoint = m.accepted;
	snapshot_records = held_records(ref);
	mall_run(e, &m, 700);
	mall_run(ref, &n, 700);
	assert_true(m.outcome_sum == n.outcome_sum);
	vipcare_engine_unref(e); /* no close: the release closes the folder */

	e = new_engine();
	assert_int_equal(vipcare_engine_open_state(e, dir, VIPCARE_DURABILITY_EVERY_CALL, 0), VIPCARE_OK);
	assert_true(figure(e, VIPCARE_STATE_GENERATION) == 1);
	assert_true(figure(e, VIPCARE_STATE_SNAPSHOT_RECORDS) == snapshot_records);
	assert_true(figure(e, VIPCARE_STATE_JOURNAL_RECORDS) == m.accepted - before_checkpoint);
	assert_same(ref, e, &n);

	/* a retried redemption is answered again after a restart, and not journaled again */
	{
		const int64_t at = (int64_t)(DAY0 + 700) * 86400 + 3600;
		struct vipcare_checkout *out;
		char cust[16] = "", chosen[VIPCARE_BENEFIT_ID_MAX + 1];
		const char *benefit = NULL;
		uint64_t bytes_before;
		int k;
		size_t i;

		assert_int_equal(vipcare_checkout_new(&out), VIPCARE_OK);
		for (k = 0; k < m.customers && benefit == NULL; k++) {
			snprintf(cust, sizeof(cust), "C%04d", k);
			assert_int_equal(vipcare_engine_checkout(ref, cust, at, out), VIPCARE_OK);
			for (i = 0; i < vipcare_checkout_count(out) && benefit == NULL; i++) {
				if (vipcare_checkout_eligible(out, i) == 1) {
					snprintf(chosen, sizeof(chosen), "%s", vipcare_checkout_benefit(out, i));
					benefit = chosen;
				}
			}
		}
		assert_non_null(benefit);
		assert_int_equal(vipcare_engine_redeem(ref, "RX", cust, benefit, at, 1, NULL), VIPCARE_OK);
		assert_int_equal(vipcare_engine_redeem(e, "RX", cust, benefit, at, 1, out), VIPCARE_OK);
		assert_int_equal(vipcare_checkout_replayed(out), 0);
		vipcare_engine_unref(e);
		e = new_engine();
		assert_int_equal(vipcare_engine_open_state(e, dir, VIPCARE_DURABILITY_EVERY_CALL, 0),
				 VIPCARE_OK);
		bytes_before = figure(e, VIPCARE_STATE_JOURNAL_BYTES);
		assert_int_equal(vipcare_engine_redeem(e, "RX", cust, benefit, at, 1, out), VIPCARE_OK);
		assert_int_equal(vipcare_checkout_replayed(out), 1);
		assert_true(figure(e, VIPCARE_STATE_JOURNAL_BYTES) == bytes_before);
		assert_int_equal(vipcare_engine_redeem(e, "RX", cust, benefit, at, 2, out),
				 VIPCARE_E_DUPLICATE);
		vipcare_checkout_unref(out);
	}
	assert_same(ref, e, &n);
	mall_free(&m);
	mall_free(&n);
	vipcare_engine_unref(e);
	vipcare_engine_unref(ref);
	remove_dir(dir);
}

static void test_interval_mode(void **state)
{
	struct vipcare_engine *ref = new_engine(), *e = new_engine();
	struct mall m, n;
	char dir[512];
	uint64_t unflushed;

	(void)state;
	make_dir(dir, sizeof(dir));
	assert_int_equal(vipcare_engine_open_state(e, dir, VIPCARE_DURABILITY_INTERVAL, 0), VIPCARE_E_RANGE);
	expect_message(e, "interval 0 ms");
	assert_int_equal(vipcare_engine_open_state(e, dir, VIPCARE_DURABILITY_INTERVAL,
						   VIPCARE_INTERVAL_MAX_MS + 1),
			 VIPCARE_E_RANGE);
	assert_int_equal(vipcare_engine_open_state(e, dir, 2, 10), VIPCARE_E_RANGE);
	expect_message(e, "durability 2");
	/* an hour: nothing is flushed by the clock during the test */
	assert_int_equal(vipcare_engine_open_state(e, dir, VIPCARE_DURABILITY_INTERVAL, 3600000),
			 VIPCARE_OK);
	assert_int_equal(vipcare_engine_open_state(e, dir, VIPCARE_DURABILITY_INTERVAL, 10),
			 VIPCARE_E_INVALID_ARGUMENT);
	expect_message(e, "records into");
	mall_start(e, 3, 40, &m);
	mall_run(e, &m, 300);
	mall_start(ref, 3, 40, &n);
	mall_run(ref, &n, 300);
	unflushed = figure(e, VIPCARE_STATE_UNFLUSHED_BYTES);
	assert_true(unflushed > 0);
	assert_true(unflushed == figure(e, VIPCARE_STATE_JOURNAL_BYTES) - VIPCARE__JOURNAL_HEADER);
	assert_int_equal(vipcare_engine_flush(e), VIPCARE_OK);
	assert_true(figure(e, VIPCARE_STATE_UNFLUSHED_BYTES) == 0);
	mall_run(e, &m, 200);
	mall_run(ref, &n, 200);
	assert_true(figure(e, VIPCARE_STATE_UNFLUSHED_BYTES) > 0);
	/* written to the system at each call: a crash of the program loses none of it */
	assert_int_equal(vipcare_engine_close_state(e), VIPCARE_OK);
	vipcare_engine_unref(e);
	e = new_engine();
	assert_int_equal(vipcare_engine_open_state(e, dir, VIPCARE_DURABILITY_INTERVAL, 200), VIPCARE_OK);
	assert_true(figure(e, VIPCARE_STATE_JOURNAL_RECORDS) == m.accepted);
	assert_same(ref, e, &n);
	/* the first call at least the interval after the oldest unflushed record flushes it all */
	assert_int_equal(record(e, "LATE-1", "C0001", "2025-05-05T10:00", 1000, VIPCARE_TXN_SALE, NULL),
			 VIPCARE_OK);
	sleep_ms(250);
	assert_int_equal(record(e, "LATE-2", "C0001", "2025-05-05T10:01", 1000, VIPCARE_TXN_SALE, NULL),
			 VIPCARE_OK);
	assert_true(figure(e, VIPCARE_STATE_UNFLUSHED_BYTES) == 0);
	mall_free(&m);
	mall_free(&n);
	vipcare_engine_unref(e);
	vipcare_engine_unref(ref);
	remove_dir(dir);
}

static void test_open_with_an_engine_that_holds_data(void **state)
{
	struct vipcare_engine *ref = new_engine(), *e = new_engine(), *other = new_engine();
	struct mall m, n;
	char dir[512], snapshot[1024];

	(void)state;
	make_dir(dir, sizeof(dir));
	path_in(snapshot, sizeof(snapshot), dir, "state.snapshot");
	mall_start(e, 4, 50, &m);
	mall_run(e, &m, 400);
	mall_start(ref, 4, 50, &n);
	mall_run(ref, &n, 400);
	/* an engine filled in memory starts the folder with a first checkpoint */
	assert_int_equal(vipcare_engine_open_state(e, dir, VIPCARE_DURABILITY_EVERY_CALL, 0), VIPCARE_OK);
	assert_true(figure(e, VIPCARE_STATE_GENERATION) == 1);
	assert_true(file_exists(snapshot));
	mall_run(e, &m, 100);
	mall_run(ref, &n, 100);
	vipcare_engine_unref(e);
	mall_free(&m);
	/* a folder with a state takes only an empty engine */
	mall_start(other, 5, 3, &m);
	assert_int_equal(vipcare_engine_open_state(other, dir, VIPCARE_DURABILITY_EVERY_CALL, 0),
			 VIPCARE_E_INVALID_ARGUMENT);
	expect_message(other, "holds a state already");
	mall_free(&m);
	e = new_engine();
	assert_int_equal(vipcare_engine_open_state(e, dir, VIPCARE_DURABILITY_EVERY_CALL, 0), VIPCARE_OK);
	assert_same(ref, e, &n);
	mall_free(&n);
	vipcare_engine_unref(e);
	vipcare_engine_unref(other);
	vipcare_engine_unref(ref);
	remove_dir(dir);
}

/* ---------------------------------------------------------------- torn writes */

/* A folder holding a journal of a few calls; the last, a transaction, at [*start, *end). */
static void journal_with_last_record(char *dir, size_t size, uint64_t *start, uint64_t *end,
				     uint64_t *records)
{
	struct vipcare_engine *e = new_engine();
	struct mall m;

	make_dir(dir, size);
	assert_int_equal(vipcare_engine_open_state(e, dir, VIPCARE_DURABILITY_EVERY_CALL, 0), VIPCARE_OK);
	mall_start(e, 6, 8, &m);
	mall_run(e, &m, 40);
	*start = figure(e, VIPCARE_STATE_JOURNAL_BYTES);
	assert_int_equal(record(e, "LAST-SALE-0001", "C0001", "2025-06-30T18:45:10", 123456,
				VIPCARE_TXN_SALE, NULL),
			 VIPCARE_OK);
	*end = figure(e, VIPCARE_STATE_JOURNAL_BYTES);
	*records = m.accepted + 1;
	mall_free(&m);
	vipcare_engine_unref(e);
}

/* Opens @dir whose journal lost its last record, @dropped bytes of it left at @start. */
static void expect_torn_open(const char *dir, uint64_t start, uint64_t dropped, uint64_t records,
			     size_t txns)
{
	struct vipcare_engine *e = new_engine();
	struct vipcare_transaction *t;
	char journal[1024], at[64];
	int rc = vipcare_engine_open_state(e, dir, VIPCARE_DURABILITY_EVERY_CALL, 0);

	if (rc != VIPCARE_OK)
		fail_msg("open failed (%d): %s", rc, vipcare_engine_last_error(e));
	assert_true(figure(e, VIPCARE_STATE_JOURNAL_RECORDS) == records - 1);
	assert_true(figure(e, VIPCARE_STATE_DROPPED_BYTES) == dropped);
	assert_true(figure(e, VIPCARE_STATE_DROPPED_AT) == (dropped ? start : 0));
	if (dropped) {
		snprintf(at, sizeof(at), "from byte %llu", (unsigned long long)start);
		expect_text(vipcare_engine_state_note(e), at);
		expect_text(vipcare_engine_state_note(e), "state.journal");
	} else {
		assert_string_equal(vipcare_engine_state_note(e), "");
	}
	assert_int_equal(vipcare_engine_transaction_count(e), txns - 1);
	assert_int_equal(vipcare_transaction_new(&t), VIPCARE_OK);
	assert_int_equal(vipcare_engine_get_transaction(e, "LAST-SALE-0001", t),
			 VIPCARE_E_UNKNOWN_TRANSACTION);
	vipcare_transaction_unref(t);
	/* the torn bytes are cut off: new records follow whole ones */
	path_in(journal, sizeof(journal), dir, "state.journal");
	assert_true(file_size(journal) == start);
	vipcare_engine_unref(e);
}

static void test_torn_last_record(void **state)
{
	struct vipcare_engine *e;
	char dir[512], copy[512], journal[1024], copy_journal[1024];
	unsigned char *bytes, *damaged;
	uint64_t start, end, records, cut;
	size_t size, txns, i;
	int bit;

	(void)state;
	journal_with_last_record(dir, sizeof(dir), &start, &end, &records);
	path_in(journal, sizeof(journal), dir, "state.journal");
	bytes = read_all(journal, &size);
	assert_true(size == end);
	assert_true(end - start > 30);
	e = new_engine();
	assert_int_equal(vipcare_engine_open_state(e, dir, VIPCARE_DURABILITY_EVERY_CALL, 0), VIPCARE_OK);
	txns = vipcare_engine_transaction_count(e);
	assert_true(figure(e, VIPCARE_STATE_JOURNAL_RECORDS) == records);
	vipcare_engine_unref(e);

	make_dir(copy, sizeof(copy));
	path_in(copy_journal, sizeof(copy_journal), copy, "state.journal");
	/* cut at every byte of the last record */
	for (cut = start; cut < end; cut++) {
		write_all(copy_journal, bytes, (size_t)cut);
		expect_torn_open(copy, start, cut - start, records, txns);
	}
	/* every bit of the last record flipped */
	damaged = malloc(size);
	assert_non_null(damaged);
	for (i = (size_t)start; i < size; i++) {
		for (bit = 0; bit < 8; bit++) {
			memcpy(damaged, bytes, size);
			damaged[i] ^= (unsigned char)(1u << bit);
			write_all(copy_journal, damaged, size);
			expect_torn_open(copy, start, end - start, records, txns);
		}
	}
	/* after the repair, recording goes on and reopens whole */
	e = new_engine();
	assert_int_equal(vipcare_engine_open_state(e, copy, VIPCARE_DURABILITY_EVERY_CALL, 0), VIPCARE_OK);
	assert_int_equal(record(e, "AFTER-REPAIR", "C0002", "2025-07-01T09:00", 5000, VIPCARE_TXN_SALE,
				NULL),
			 VIPCARE_OK);
	vipcare_engine_unref(e);
	e = new_engine();
	assert_int_equal(vipcare_engine_open_state(e, copy, VIPCARE_DURABILITY_EVERY_CALL, 0), VIPCARE_OK);
	assert_true(figure(e, VIPCARE_STATE_JOURNAL_RECORDS) == records);
	assert_true(figure(e, VIPCARE_STATE_DROPPED_BYTES) == 0);
	assert_int_equal(vipcare_engine_transaction_count(e), txns);
	vipcare_engine_unref(e);
	free(damaged);
	free(bytes);
	remove_dir(copy);
	remove_dir(dir);
}

static void test_damage_before_the_last_record_is_refused(void **state)
{
	struct vipcare_engine *e;
	char dir[512], journal[1024], at[64];
	unsigned char *bytes;
	uint64_t start, end, records, value;
	size_t size;

	(void)state;
	journal_with_last_record(dir, sizeof(dir), &start, &end, &records);
	path_in(journal, sizeof(journal), dir, "state.journal");
	bytes = read_all(journal, &size);
	/* a flipped bit in the first record: the records after it are intact */
	bytes[VIPCARE__JOURNAL_HEADER + 9] ^= 0x10;
	write_all(journal, bytes, size);
	e = new_engine();
	assert_int_equal(vipcare_engine_open_state(e, dir, VIPCARE_DURABILITY_EVERY_CALL, 0),
			 VIPCARE_E_CORRUPT);
	expect_message(e, journal);
	snprintf(at, sizeof(at), "record at byte %d", VIPCARE__JOURNAL_HEADER);
	expect_message(e, at);
	expect_message(e, "fails its checksum");
	expect_message(e, "intact record follows");
	/* nothing was loaded, no folder is open, the file is as it was */
	assert_int_equal(vipcare_engine_customer_count(e), 0);
	assert_int_equal(vipcare_engine_state_figure(e, VIPCARE_STATE_GENERATION, &value),
			 VIPCARE_E_INVALID_ARGUMENT);
	assert_true(file_size(journal) == size);
	vipcare_engine_unref(e);

	/* the header damaged */
	bytes[VIPCARE__JOURNAL_HEADER + 9] ^= 0x10;
	bytes[20] ^= 1;
	write_all(journal, bytes, size);
	e = new_engine();
	assert_int_equal(vipcare_engine_open_state(e, dir, VIPCARE_DURABILITY_EVERY_CALL, 0),
			 VIPCARE_E_CORRUPT);
	expect_message(e, "header (bytes 0 .. 39) fails its checksum");
	vipcare_engine_unref(e);
	/* the header cut short */
	write_all(journal, bytes, 30);
	e = new_engine();
	assert_int_equal(vipcare_engine_open_state(e, dir, VIPCARE_DURABILITY_EVERY_CALL, 0),
			 VIPCARE_E_CORRUPT);
	expect_message(e, "truncated: the file ends at byte 30, inside its 40-byte header");
	vipcare_engine_unref(e);
	free(bytes);
	remove_dir(dir);
}

/* ---------------------------------------------------------------- damaged snapshots */

static void small_snapshot(unsigned char **bytes, size_t *size, struct mall *m,
			   struct vipcare_engine **engine)
{
	struct vipcare_engine *e = new_engine();

	mall_start_with(e, 7, 12, 1, m);
	mall_run(e, m, 60);
	assert_int_equal(vipcare__snapshot_save_memory(e, 0x5eed, 1, bytes, size), VIPCARE_OK);
	*engine = e;
}

static void test_snapshot_cut_anywhere_is_refused(void **state)
{
	struct vipcare_engine *a, *e;
	unsigned char *bytes;
	size_t size, cut;
	struct mall m;

	(void)state;
	small_snapshot(&bytes, &size, &m, &a);
	for (cut = 0; cut < size; cut++) {
		e = new_engine();
		assert_int_equal(vipcare__snapshot_load_memory(e, bytes, cut), VIPCARE_E_CORRUPT);
		expect_message(e, cut == 0 ? "the file is empty" : "truncated");
		assert_int_equal(vipcare_engine_customer_count(e), 0);
		assert_int_equal(vipcare_engine_transaction_count(e), 0);
		vipcare_engine_unref(e);
	}
	e = new_engine();
	assert_int_equal(vipcare__snapshot_load_memory(e, bytes, size), VIPCARE_OK);
	assert_same(a, e, &m);
	vipcare_engine_unref(e);
	vipcare_free(bytes);
	mall_free(&m);
	vipcare_engine_unref(a);
}

static void test_snapshot_flipped_bits_are_refused(void **state)
{
	struct vipcare_engine *a, *e;
	unsigned char *bytes, *lengths;
	size_t size, i;
	struct mall m;
	int bit, rc;

	(void)state;
	small_snapshot(&bytes, &size, &m, &a);
	/* where the blocks' length fields are: a flip there may cut a block short */
	lengths = calloc(size, 1);
	assert_non_null(lengths);
	for (i = VIPCARE__SNAPSHOT_HEADER; i < size; i += 16 + (size_t)vipcare__get_le(bytes + i + 12, 4))
		memset(lengths + i + 12, 1, 4);
	assert_true(i == size);
	/* every bit of the header, then one bit of every other byte */
	for (i = 0; i < size; i++) {
		for (bit = 0; bit < 8; bit++) {
			if (i >= VIPCARE__SNAPSHOT_HEADER && bit != (int)(i % 8))
				continue;
			bytes[i] ^= (unsigned char)(1u << bit);
			e = new_engine();
			rc = vipcare__snapshot_load_memory(e, bytes, size);
			if (i < 8) {
				assert_int_equal(rc, VIPCARE_E_FOREIGN);
				expect_message(e, "not a vipcare snapshot");
			} else if (i < VIPCARE__SNAPSHOT_HEADER) {
				assert_int_equal(rc, VIPCARE_E_CORRUPT);
				expect_message(e, i >= 12 && i < 16 ? "header (byte 12)" : "header (bytes 0 .. 39) fails its checksum");
			} else if (lengths[i]) {
				assert_int_equal(rc, VIPCARE_E_CORRUPT);
				if (strstr(vipcare_engine_last_error(e), "fails its checksum") == NULL &&
				    strstr(vipcare_engine_last_error(e), "gives its length as") == NULL)
					expect_message(e, "truncated");
			} else {
				assert_int_equal(rc, VIPCARE_E_CORRUPT);
				expect_message(e, "fails its checksum");
			}
			assert_int_equal(vipcare_engine_customer_count(e), 0);
			vipcare_engine_unref(e);
			bytes[i] ^= (unsigned char)(1u << bit);
		}
	}
	free(lengths);
	vipcare_free(bytes);
	mall_free(&m);
	vipcare_engine_unref(a);
}

/* Sets the version of the file in @bytes and makes its header's checksum right again. */
static void set_version(unsigned char *bytes, uint32_t version)
{
	vipcare__put_le(bytes + 8, version, 4);
	vipcare__put_le(bytes + 36, vipcare__crc32(bytes, 36), 4);
}

static void test_newer_and_foreign_files_are_refused(void **state)
{
	static const char csv[] = "customer_id,tier\nC0001,gold\n";
	struct vipcare_engine *a, *e;
	char dir[512], path[1024], journal[1024];
	unsigned char *bytes, header[VIPCARE__JOURNAL_HEADER];
	size_t size;
	struct mall m;

	(void)state;
	small_snapshot(&bytes, &size, &m, &a);
	make_dir(dir, sizeof(dir));
	path_in(path, sizeof(path), dir, "copy.snapshot");
	path_in(journal, sizeof(journal), dir, "state.journal");

	/* a newer format */
	set_version(bytes, 2);
	write_all(path, bytes, size);
	e = new_engine();
	assert_int_equal(vipcare_engine_load_snapshot(e, path), VIPCARE_E_VERSION);
	expect_message(e, path);
	expect_message(e, "format version 2 (header, byte 8)");
	expect_message(e, "reads version 1");
	vipcare_engine_unref(e);
	/* not a snapshot at all */
	write_all(path, csv, sizeof(csv) - 1);
	e = new_engine();
	assert_int_equal(vipcare_engine_load_snapshot(e, path), VIPCARE_E_FOREIGN);
	expect_message(e, path);
	expect_message(e, "not a vipcare snapshot");
	vipcare_engine_unref(e);
	/* a journal is not a snapshot */
	vipcare__journal_header(header, 1, 0);
	write_all(path, header, sizeof(header));
	e = new_engine();
	assert_int_equal(vipcare_engine_load_snapshot(e, path), VIPCARE_E_FOREIGN);
	vipcare_engine_unref(e);
	/* nor a snapshot a journal */
	set_version(bytes, 1);
	write_all(journal, bytes, size);
	e = new_engine();
	assert_int_equal(vipcare_engine_open_state(e, dir, VIPCARE_DURABILITY_EVERY_CALL, 0),
			 VIPCARE_E_FOREIGN);
	expect_message(e, journal);
	expect_message(e, "not a vipcare journal");
	vipcare_engine_unref(e);
	/* a newer journal */
	vipcare__journal_header(header, 1, 0);
	set_version(header, 7);
	write_all(journal, header, sizeof(header));
	e = new_engine();
	assert_int_equal(vipcare_engine_open_state(e, dir, VIPCARE_DURABILITY_EVERY_CALL, 0),
			 VIPCARE_E_VERSION);
	expect_message(e, "format version 7");
	/* the refused file is left as it was */
	assert_int_equal(file_size(journal), VIPCARE__JOURNAL_HEADER);
	vipcare_engine_unref(e);
	vipcare_free(bytes);
	mall_free(&m);
	vipcare_engine_unref(a);
	remove_dir(dir);
}

/* A folder after @checkpoints checkpoints, 30 calls before each and after the last. */
static void folder_with_checkpoints(char *dir, size_t size, uint64_t seed, int checkpoints)
{
	struct vipcare_engine *e = new_engine();
	struct mall m;
	int i;

	make_dir(dir, size);
	assert_int_equal(vipcare_engine_open_state(e, dir, VIPCARE_DURABILITY_EVERY_CALL, 0), VIPCARE_OK);
	mall_start(e, seed, 20, &m);
	for (i = 0; i < checkpoints; i++) {
		mall_run(e, &m, 30);
		assert_int_equal(vipcare_engine_checkpoint(e), VIPCARE_OK);
	}
	mall_run(e, &m, 30);
	mall_free(&m);
	vipcare_engine_unref(e);
}

static void copy_file(const char *from, const char *to)
{
	unsigned char *bytes;
	size_t size;

	bytes = read_all(from, &size);
	write_all(to, bytes, size);
	free(bytes);
}

static void test_journal_of_another_folder_or_generation(void **state)
{
	struct vipcare_engine *e;
	char a[512], b[512], a_journal[1024], b_journal[1024], a_snapshot[1024], b_snapshot[1024];
	char old[1024];

	(void)state;
	folder_with_checkpoints(a, sizeof(a), 8, 1);
	folder_with_checkpoints(b, sizeof(b), 9, 2);
	path_in(a_journal, sizeof(a_journal), a, "state.journal");
	path_in(b_journal, sizeof(b_journal), b, "state.journal");
	path_in(a_snapshot, sizeof(a_snapshot), a, "state.snapshot");
	path_in(b_snapshot, sizeof(b_snapshot), b, "state.snapshot");
	path_in(old, sizeof(old), a, "other.snapshot");

	/* b's journal beside a's snapshot */
	copy_file(a_journal, old);
	copy_file(b_journal, a_journal);
	e = new_engine();
	assert_int_equal(vipcare_engine_open_state(e, a, VIPCARE_DURABILITY_EVERY_CALL, 0),
			 VIPCARE_E_MISMATCH);
	expect_message(e, "belongs to another state folder");
	expect_message(e, a_journal);
	assert_int_equal(vipcare_engine_customer_count(e), 0);
	vipcare_engine_unref(e);
	copy_file(old, a_journal);

	/* an older snapshot put back under a newer journal */
	e = new_engine();
	assert_int_equal(vipcare_engine_open_state(e, a, VIPCARE_DURABILITY_EVERY_CALL, 0), VIPCARE_OK);
	assert_int_equal(vipcare_engine_checkpoint(e), VIPCARE_OK);
	assert_true(figure(e, VIPCARE_STATE_GENERATION) == 2);
	vipcare_engine_unref(e);
	{
		/* the snapshot of generation 1 back: its header's generation set back */
		unsigned char *bytes;
		size_t size;

		bytes = read_all(a_snapshot, &size);
		vipcare__put_le(bytes + 24, 1, 8);
		vipcare__put_le(bytes + 36, vipcare__crc32(bytes, 36), 4);
		write_all(a_snapshot, bytes, size);
		free(bytes);
	}
	e = new_engine();
	assert_int_equal(vipcare_engine_open_state(e, a, VIPCARE_DURABILITY_EVERY_CALL, 0),
			 VIPCARE_E_MISMATCH);
	expect_message(e, "continues snapshot generation 2");
	expect_message(e, "an older snapshot was put back");
	vipcare_engine_unref(e);

	/* a journal after a checkpoint, without its snapshot */
	remove(b_snapshot);
	e = new_engine();
	assert_int_equal(vipcare_engine_open_state(e, b, VIPCARE_DURABILITY_EVERY_CALL, 0),
			 VIPCARE_E_MISMATCH);
	expect_message(e, "continues snapshot generation 2");
	expect_message(e, "is missing");
	vipcare_engine_unref(e);
	remove_dir(a);
	remove_dir(b);
}

static void test_crash_between_a_checkpoints_renames(void **state)
{
	struct vipcare_engine *ref = new_engine(), *e = new_engine();
	char dir[512], journal[1024], old_journal[1024], tmp[1024];
	struct mall m, n;

	(void)state;
	make_dir(dir, sizeof(dir));
	path_in(journal, sizeof(journal), dir, "state.journal");
	path_in(old_journal, sizeof(old_journal), dir, "other.snapshot");
	assert_int_equal(vipcare_engine_open_state(e, dir, VIPCARE_DURABILITY_EVERY_CALL, 0), VIPCARE_OK);
	mall_start(e, 10, 30, &m);
	mall_start(ref, 10, 30, &n);
	mall_run(e, &m, 200);
	mall_run(ref, &n, 200);
	assert_int_equal(vipcare_engine_checkpoint(e), VIPCARE_OK);
	mall_run(e, &m, 200);
	mall_run(ref, &n, 200);
	/* the journal of generation 1, with 200 calls' records */
	copy_file(journal, old_journal);
	/* the next checkpoint puts its snapshot in place; the crash comes before the new journal */
	assert_int_equal(vipcare_engine_checkpoint(e), VIPCARE_OK);
	vipcare_engine_unref(e);
	copy_file(old_journal, journal);
	/* and left half-written temporary files */
	path_in(tmp, sizeof(tmp), dir, "state.snapshot.tmp");
	write_all(tmp, "VIPCSN", 6);
	path_in(tmp, sizeof(tmp), dir, "state.journal.tmp");
	write_all(tmp, "VIPC", 4);

	e = new_engine();
	assert_int_equal(vipcare_engine_open_state(e, dir, VIPCARE_DURABILITY_EVERY_CALL, 0), VIPCARE_OK);
	expect_text(vipcare_engine_state_note(e), "older than the snapshot (generation 2)");
	assert_true(figure(e, VIPCARE_STATE_GENERATION) == 2);
	assert_true(figure(e, VIPCARE_STATE_JOURNAL_RECORDS) == 0);
	assert_true(figure(e, VIPCARE_STATE_SNAPSHOT_RECORDS) == held_records(ref));
	/* nothing twice, nothing lost */
	assert_same(ref, e, &n);
	assert_int_equal(file_size(journal), VIPCARE__JOURNAL_HEADER);
	assert_false(file_exists(tmp));
	mall_run(e, &m, 50);
	mall_run(ref, &n, 50);
	vipcare_engine_unref(e);
	e = new_engine();
	assert_int_equal(vipcare_engine_open_state(e, dir, VIPCARE_DURABILITY_EVERY_CALL, 0), VIPCARE_OK);
	assert_string_equal(vipcare_engine_state_note(e), "");
	assert_same(ref, e, &n);
	mall_free(&m);
	mall_free(&n);
	vipcare_engine_unref(e);
	vipcare_engine_unref(ref);
	remove_dir(dir);
}

static void test_one_engine_per_folder(void **state)
{
	struct vipcare_engine *a = new_engine(), *b = new_engine();
	char dir[512];

	(void)state;
	make_dir(dir, sizeof(dir));
	assert_int_equal(vipcare_engine_open_state(a, dir, VIPCARE_DURABILITY_EVERY_CALL, 0), VIPCARE_OK);
	assert_int_equal(record(a, "T1", "C1", "2025-01-01T10:00", 100, VIPCARE_TXN_SALE, NULL),
			 VIPCARE_OK);
	assert_int_equal(vipcare_engine_open_state(b, dir, VIPCARE_DURABILITY_EVERY_CALL, 0), VIPCARE_E_IO);
	expect_message(b, "in use by another engine");
	expect_message(b, "state.lock");
	assert_int_equal(vipcare_engine_close_state(a), VIPCARE_OK);
	/* closed: the engine keeps its state and journals nothing more */
	assert_int_equal(record(a, "T2", "C1", "2025-01-02T10:00", 100, VIPCARE_TXN_SALE, NULL),
			 VIPCARE_OK);
	assert_int_equal(vipcare_engine_close_state(a), VIPCARE_OK);
	assert_int_equal(vipcare_engine_open_state(b, dir, VIPCARE_DURABILITY_EVERY_CALL, 0), VIPCARE_OK);
	assert_int_equal(vipcare_engine_transaction_count(b), 1);
	assert_int_equal(vipcare_engine_checkpoint(a), VIPCARE_E_INVALID_ARGUMENT);
	expect_message(a, "no state folder open");
	vipcare_engine_unref(a);
	vipcare_engine_unref(b);
	remove_dir(dir);
}

static void test_a_policy_without_what_the_file_names(void **state)
{
	struct vipcare_engine *a = NULL, *b = new_engine();
	struct vipcare_policy *p = NULL;
	unsigned char *bytes;
	size_t size, spa;
	int rank;

	(void)state;
	/* a mall's own benefit, redeemed, then the policy that had it gone */
	assert_int_equal(vipcare_policy_new(&p), VIPCARE_OK);
	assert_int_equal(vipcare_policy_add_benefit(p, "spa_voucher", &spa), VIPCARE_OK);
	for (rank = 0; rank < 4; rank++)
		assert_int_equal(vipcare_policy_set_benefit_quota(p, spa, rank, VIPCARE_PERIOD_UNLIMITED, 0),
				 VIPCARE_OK);
	assert_int_equal(vipcare_engine_new(&a, p), VIPCARE_OK);
	assert_int_equal(record(a, "T1", "C1", "2025-01-01T10:00", 100, VIPCARE_TXN_SALE, NULL),
			 VIPCARE_OK);
	assert_int_equal(vipcare_engine_redeem(a, "R1", "C1", "spa_voucher", ts_of("2025-01-01T11:00"), 1,
					       NULL),
			 VIPCARE_OK);
	assert_int_equal(vipcare__snapshot_save_memory(a, 1, 0, &bytes, &size), VIPCARE_OK);
	assert_int_equal(vipcare__snapshot_load_memory(b, bytes, size), VIPCARE_E_MISMATCH);
	expect_message(b, "redemption record at byte");
	expect_message(b, "benefit \"spa_voucher\" is not in the engine's policy");
	assert_int_equal(vipcare_engine_customer_count(b), 0);
	vipcare_free(bytes);
	vipcare_engine_unref(b);

	/* an override naming a tier the policy lacks */
	b = new_engine();
	assert_int_equal(vipcare_engine_set_override(a, "C1", "diamond", VIPCARE_DATE_NONE), VIPCARE_OK);
	assert_int_equal(vipcare__snapshot_save_memory(a, 1, 0, &bytes, &size), VIPCARE_OK);
	vipcare_engine_unref(a);
	{
		static const char *const three[] = { "member", "gold", "platinum" };
		struct vipcare_policy *q = NULL;
		size_t k;

		assert_int_equal(vipcare_policy_new(&q), VIPCARE_OK);
		assert_int_equal(vipcare_policy_set_tiers(q, three, 3), VIPCARE_OK);
		/* the diamond-only benefit goes to platinum */
		assert_int_equal(vipcare_policy_benefit_index(q, "dedicated_advisor", &k), VIPCARE_OK);
		assert_int_equal(vipcare_policy_set_benefit_min_tier(q, k, 2), VIPCARE_OK);
		assert_int_equal(vipcare_policy_set_benefit_quota(q, k, 2, VIPCARE_PERIOD_UNLIMITED, 0),
				 VIPCARE_OK);
		assert_int_equal(vipcare_policy_add_benefit(q, "spa_voucher", &spa), VIPCARE_OK);
		for (rank = 0; rank < 3; rank++)
			assert_int_equal(vipcare_policy_set_benefit_quota(q, spa, rank,
									  VIPCARE_PERIOD_UNLIMITED, 0),
					 VIPCARE_OK);
		if (vipcare_policy_validate(q) != VIPCARE_OK)
			fail_msg("%s", vipcare_policy_last_error(q));
		vipcare_engine_unref(b);
		assert_int_equal(vipcare_engine_new(&b, q), VIPCARE_OK);
		vipcare_policy_unref(q);
	}
	assert_int_equal(vipcare__snapshot_load_memory(b, bytes, size), VIPCARE_E_MISMATCH);
	expect_message(b, "customer record at byte");
	expect_message(b, "\"diamond\"");
	assert_int_equal(vipcare_engine_customer_count(b), 0);
	vipcare_free(bytes);
	vipcare_policy_unref(p);
	vipcare_engine_unref(b);
}

/* ---------------------------------------------------------------- allocation failures */

struct budget {
	long left; /* allocations that still succeed; < 0: all of them */
};

static void *tight_realloc(void *ptr, size_t size, void *user_data)
{
	struct budget *b = user_data;

	if (b->left == 0)
		return NULL;
	if (b->left > 0)
		b->left--;
	return realloc(ptr, size);
}

static void plain_free(void *ptr, void *user_data)
{
	(void)user_data;
	free(ptr);
}

static void test_every_allocation_failing_while_loading(void **state)
{
	struct vipcare_engine *a, *e;
	struct budget budget;
	unsigned char *bytes;
	size_t size, used;
	struct mall m;
	long k;
	int rc = VIPCARE_E_NO_MEMORY;

	(void)state;
	small_snapshot(&bytes, &size, &m, &a);
	for (k = 0; rc == VIPCARE_E_NO_MEMORY; k++) {
		budget.left = -1;
		assert_int_equal(vipcare_engine_new_with_allocator(&e, NULL, tight_realloc, plain_free, &budget),
				 VIPCARE_OK);
		used = vipcare_engine_memory_used(e);
		budget.left = k;
		rc = vipcare__snapshot_load_memory(e, bytes, size);
		budget.left = -1;
		if (rc == VIPCARE_E_NO_MEMORY) {
			/* a failed load leaves the engine as it was */
			assert_int_equal(vipcare_engine_customer_count(e), 0);
			assert_int_equal(vipcare_engine_memory_used(e), used);
		} else {
			assert_int_equal(rc, VIPCARE_OK);
			assert_same(a, e, &m);
		}
		vipcare_engine_unref(e);
	}
	assert_true(k > 20);
	vipcare_free(bytes);
	mall_free(&m);
	vipcare_engine_unref(a);
}

/* An allocator that knows how many bytes are live: each block carries its size. */
static void *counting_realloc(void *ptr, size_t size, void *user_data)
{
	size_t *live = user_data, old = 0;
	unsigned char *block = ptr == NULL ? NULL : (unsigned char *)ptr - 16;

	if (block != NULL)
		memcpy(&old, block, sizeof(old));
	block = realloc(block, size + 16);
	if (block == NULL)
		return NULL;
	memcpy(block, &size, sizeof(size));
	*live += size - old;
	return block + 16;
}

static void counting_free(void *ptr, void *user_data)
{
	size_t *live = user_data, old;
	unsigned char *block = (unsigned char *)ptr - 16;

	memcpy(&old, block, sizeof(old));
	*live -= old;
	free(block);
}

static void test_memory_counted_across_a_load(void **state)
{
	struct vipcare_engine *a, *e;
	struct vipcare_score_cursor *cursor = NULL;
	struct vipcare_agenda *agenda = NULL;
	unsigned char *bytes;
	size_t size, live = 0;
	struct mall m;

	(void)state;
	small_snapshot(&bytes, &size, &m, &a);
	assert_int_equal(vipcare_engine_new_with_allocator(&e, NULL, counting_realloc, counting_free, &live),
			 VIPCARE_OK);
	/* an empty engine's cursor and agenda hold memory of its allocator through the load */
	assert_int_equal(vipcare_score_cursor_new(&cursor, e, DAY0), VIPCARE_OK);
	assert_int_equal(vipcare_agenda_new(&agenda, e, DAY0, DAY0 + 30), VIPCARE_OK);
	assert_int_equal(vipcare_engine_memory_used(e), live);
	assert_int_equal(vipcare__snapshot_load_memory(e, bytes, size), VIPCARE_OK);
	assert_int_equal(vipcare_engine_memory_used(e), live);
	assert_same(a, e, &m);
	vipcare_score_cursor_unref(cursor);
	vipcare_agenda_unref(agenda);
	assert_int_equal(vipcare_engine_memory_used(e), live);
	vipcare_engine_unref(e);
	assert_int_equal(live, 0);
	vipcare_free(bytes);
	mall_free(&m);
	vipcare_engine_unref(a);
}

/* ---------------------------------------------------------------- a full disk */

#ifndef _WIN32
/* In the child, cmocka's assertions would return into a copy of the runner. */
#define CHILD_CHECK(cond)                                                                      \
	do {                                                                                   \
		if (!(cond)) {                                                                 \
			fprintf(stderr, "child: line %d: %s (%s)\n", __LINE__, #cond,           \
				vipcare_engine_last_error(e));                                 \
			_exit(1);                                                              \
		}                                                                              \
	} while (0)

static void set_file_limit(rlim_t bytes)
{
	struct rlimit rl;

	getrlimit(RLIMIT_FSIZE, &rl);
	rl.rlim_cur = bytes;
	setrlimit(RLIMIT_FSIZE, &rl);
}

/* Tells the parent an acknowledged transaction id. */
static void acknowledge(int fd, const char *id)
{
	char line[32];
	int n = snprintf(line, sizeof(line), "%s\n", id);

	if (write(fd, line, (size_t)n) != n)
		_exit(3);
}

static int sale_in(struct vipcare_engine *e, const char *id)
{
	return record(e, id, "C7", "2025-03-03T12:00", 4200, VIPCARE_TXN_SALE, NULL);
}

static void full_disk_child(const char *dir, int out, int durability)
{
	struct vipcare_engine *e = NULL;
	struct vipcare_transaction *batch[20];
	char id[32], journal[1024], tmp[1100];
	struct stat st;
	uint64_t size;
	size_t count, done = 0, i;
	int rc, k;

	signal(SIGXFSZ, SIG_IGN);
	path_in(journal, sizeof(journal), dir, "state.journal");
	CHILD_CHECK(vipcare_engine_new(&e, NULL) == VIPCARE_OK);
	CHILD_CHECK(vipcare_engine_open_state(e, dir, durability, 60000) == VIPCARE_OK);
	for (k = 0; k < 10; k++) {
		snprintf(id, sizeof(id), "A%02d", k);
		CHILD_CHECK(sale_in(e, id) == VIPCARE_OK);
		acknowledge(out, id);
	}
	CHILD_CHECK(vipcare_engine_flush(e) == VIPCARE_OK);
	/* room for about three more records */
	size = figure(e, VIPCARE_STATE_JOURNAL_BYTES);
	set_file_limit((rlim_t)size + 130);
	for (k = 0;; k++) {
		snprintf(id, sizeof(id), "B%02d", k);
		count = vipcare_engine_transaction_count(e);
		rc = sale_in(e, id);
		if (rc != VIPCARE_OK)
			break;
		acknowledge(out, id);
	}
	/* the failing call: an I/O error that says why, and nothing changed */
	CHILD_CHECK(k >= 2 && k <= 4);
	CHILD_CHECK(rc == VIPCARE_E_IO);
	CHILD_CHECK(strstr(vipcare_engine_last_error(e), "not recorded") != NULL);
	CHILD_CHECK(strstr(vipcare_engine_last_error(e), "size limit") != NULL);
	CHILD_CHECK(strstr(vipcare_engine_last_error(e), journal) != NULL);
	CHILD_CHECK(vipcare_engine_transaction_count(e) == count);
	CHILD_CHECK(stat(journal, &st) == 0 && (uint64_t)st.st_size == figure(e, VIPCARE_STATE_JOURNAL_BYTES));
	CHILD_CHECK(sale_in(e, id) == VIPCARE_E_IO);
	CHILD_CHECK(vipcare_engine_add_survey(e, "C7", 1740000000, VIPCARE_SURVEY_NPS, 9) == VIPCARE_E_IO);
	CHILD_CHECK(vipcare_engine_survey_count(e) == 0);
	/* a checkpoint that does not fit leaves the folder as it was */
	set_file_limit(100);
	CHILD_CHECK(vipcare_engine_checkpoint(e) == VIPCARE_E_IO);
	CHILD_CHECK(strstr(vipcare_engine_last_error(e), "state.snapshot.tmp") != NULL);
	snprintf(tmp, sizeof(tmp), "%s/state.snapshot.tmp", dir);
	CHILD_CHECK(stat(tmp, &st) != 0);
	CHILD_CHECK(figure(e, VIPCARE_STATE_GENERATION) == 0);

	/* room again: the same call works */
	set_file_limit(RLIM_INFINITY);
	CHILD_CHECK(sale_in(e, id) == VIPCARE_OK);
	acknowledge(out, id);

	/* a batch that runs out of room part way: what was recorded is acknowledged */
	set_file_limit((rlim_t)figure(e, VIPCARE_STATE_JOURNAL_BYTES) + 200);
	for (i = 0; i < 20; i++) {
		CHILD_CHECK(vipcare_transaction_new(&batch[i]) == VIPCARE_OK);
		snprintf(id, sizeof(id), "D%02d", (int)i);
		vipcare_transaction_set_id(batch[i], id);
		vipcare_transaction_set_customer(batch[i], "C8");
		vipcare_transaction_set_timestamp(batch[i], 1740000000 + (int64_t)i);
		vipcare_transaction_set_amount(batch[i], 999);
	}
	rc = vipcare_engine_add_transactions(e, (const struct vipcare_transaction *const *)batch, 20, &done);
	CHILD_CHECK(rc == VIPCARE_E_IO);
	CHILD_CHECK(done >= 2 && done < 20);
	for (i = 0; i < done; i++)
		acknowledge(out, vipcare_transaction_id(batch[i]));
	set_file_limit(RLIM_INFINITY);
	rc = vipcare_engine_add_transactions(e, (const struct vipcare_transaction *const *)(batch + done),
					     20 - done, &i);
	CHILD_CHECK(rc == VIPCARE_OK && i == 20 - done);
	for (i = done; i < 20; i++)
		acknowledge(out, vipcare_transaction_id(batch[i]));
	for (i = 0; i < 20; i++)
		vipcare_transaction_unref(batch[i]);
	CHILD_CHECK(vipcare_engine_checkpoint(e) == VIPCARE_OK);
	CHILD_CHECK(sale_in(e, "E00") == VIPCARE_OK);
	acknowledge(out, "E00");
	CHILD_CHECK(vipcare_engine_close_state(e) == VIPCARE_OK);
	vipcare_engine_unref(e);
	_exit(0);
}

static void full_disk(int durability)
{
	struct vipcare_engine *e;
	struct vipcare_transaction *t;
	char dir[512], acked[4096], *line, *save = NULL;
	size_t got = 0, count = 0;
	ssize_t n;
	int fds[2], status = 0;
	pid_t pid;

	make_dir(dir, sizeof(dir));
	assert_int_equal(pipe(fds), 0);
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(fds[0]);
		full_disk_child(dir, fds[1], durability);
	}
	close(fds[1]);
	while ((n = read(fds[0], acked + got, sizeof(acked) - 1 - got)) > 0)
		got += (size_t)n;
	close(fds[0]);
	acked[got] = '\0';
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	/* every acknowledged sale is there, and nothing else */
	e = new_engine();
	assert_int_equal(vipcare_engine_open_state(e, dir, VIPCARE_DURABILITY_EVERY_CALL, 0), VIPCARE_OK);
	assert_int_equal(vipcare_transaction_new(&t), VIPCARE_OK);
	for (line = strtok_r(acked, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
		if (vipcare_engine_get_transaction(e, line, t) != VIPCARE_OK)
			fail_msg("acknowledged sale %s is lost", line);
		count++;
	}
	assert_true(count >= 30);
	assert_int_equal(vipcare_engine_transaction_count(e), count);
	assert_int_equal(vipcare_engine_survey_count(e), 0);
	vipcare_transaction_unref(t);
	vipcare_engine_unref(e);
	remove_dir(dir);
}
#endif

static void test_full_disk_every_call(void **state)
{
	(void)state;
#ifdef _WIN32
	skip();
#else
	full_disk(VIPCARE_DURABILITY_EVERY_CALL);
#endif
}

static void test_full_disk_interval(void **state)
{
	(void)state;
#ifdef _WIN32
	skip();
#else
	full_disk(VIPCARE_DURABILITY_INTERVAL);
#endif
}

/* ---------------------------------------------------------------- the same bytes everywhere */

/* One of every state-changing call, with fixed values. */
static void fixture_calls(struct vipcare_engine *e, int with_points)
{
	struct vipcare_customer *c;

	assert_int_equal(vipcare_customer_new(&c), VIPCARE_OK);
	assert_int_equal(vipcare_customer_set_id(c, "ALICE"), VIPCARE_OK);
	assert_int_equal(vipcare_customer_set_birthday(c, 3, 15), VIPCARE_OK);
	assert_int_equal(vipcare_customer_set_joined(c, day_of("2024-01-10")), VIPCARE_OK);
	assert_int_equal(vipcare_customer_set_consent(c, VIPCARE_CHANNEL_SMS, 1), VIPCARE_OK);
	assert_int_equal(vipcare_customer_set_consent(c, VIPCARE_CHANNEL_APP, 1), VIPCARE_OK);
	assert_int_equal(vipcare_customer_set_advisor(c, "ADV1"), VIPCARE_OK);
	assert_int_equal(vipcare_customer_set_override(c, "gold", day_of("2025-12-31")), VIPCARE_OK);
	assert_int_equal(vipcare_engine_add_customer(e, c), VIPCARE_OK);
	vipcare_customer_clear(c);
	assert_int_equal(vipcare_customer_set_id(c, "CAROL"), VIPCARE_OK);
	assert_int_equal(vipcare_customer_set_marketing_opt_out(c, 1), VIPCARE_OK);
	assert_int_equal(vipcare_engine_add_customer(e, c), VIPCARE_OK);
	vipcare_customer_unref(c);
	assert_int_equal(record(e, "T1", "ALICE", "2025-01-02T10:00", 123450, VIPCARE_TXN_SALE, NULL),
			 VIPCARE_OK);
	assert_int_equal(record(e, "T2", "ALICE", "2025-01-05T11:00", 20000, VIPCARE_TXN_REFUND, "T1"),
			 VIPCARE_OK);
	assert_int_equal(record(e, "T3", "BOB", "2025-01-03T09:30", 9999, VIPCARE_TXN_SALE, NULL),
			 VIPCARE_OK);
	assert_int_equal(record(e, "T4", "BOB", "2025-01-04T16:20:05", 500, VIPCARE_TXN_REFUND,
				"POS-OLD-7"),
			 VIPCARE_OK);
	assert_int_equal(vipcare_engine_set_override(e, "BOB", "platinum", VIPCARE_DATE_NONE), VIPCARE_OK);
	assert_int_equal(vipcare_engine_record_care(e, "ALICE", VIPCARE_CARE_WELCOME, "once",
						    day_of("2025-01-03"), VIPCARE_OUTCOME_REACHED),
			 VIPCARE_OK);
	assert_int_equal(vipcare_engine_redeem(e, "R1", "ALICE", "free_parking_hours",
					       ts_of("2025-01-02T11:00"), 2, NULL),
			 VIPCARE_OK);
	assert_int_equal(vipcare_engine_add_survey(e, "BOB", ts_of("2025-01-06T08:00"), VIPCARE_SURVEY_NPS, 9),
			 VIPCARE_OK);
	assert_int_equal(vipcare_engine_add_service_request(e, "Q1", "ALICE", VIPCARE_SERVICE_COMPLAINT,
							    ts_of("2025-01-07T10:00"),
							    ts_of("2025-01-07T10:30"),
							    VIPCARE_TIMESTAMP_NONE),
			 VIPCARE_OK);
	if (with_points)
		assert_int_equal(vipcare_engine_redeem_points(e, "P1", "ALICE", ts_of("2025-01-08T10:00"),
							      100, "gift"),
				 VIPCARE_OK);
}

/* The values of fixture_calls(), read back. */
static void check_fixture_engine(struct vipcare_engine *e, int with_points)
{
	struct vipcare_customer *c;
	struct vipcare_transaction *t;
	struct vipcare_checkout *out;
	int32_t month, day, expiry;
	int64_t balance, expiring;

	assert_int_equal(vipcare_engine_customer_count(e), 3);
	assert_int_equal(vipcare_engine_transaction_count(e), 4);
	assert_int_equal(vipcare_customer_new(&c), VIPCARE_OK);
	assert_int_equal(vipcare_engine_get_customer(e, "ALICE", c), VIPCARE_OK);
	assert_int_equal(vipcare_customer_birthday(c, &month, &day), 1);
	assert_int_equal(month, 3);
	assert_int_equal(day, 15);
	assert_int_equal(vipcare_customer_joined(c), day_of("2024-01-10"));
	assert_int_equal(vipcare_customer_consent(c, VIPCARE_CHANNEL_SMS), 1);
	assert_int_equal(vipcare_customer_consent(c, VIPCARE_CHANNEL_WECHAT), 0);
	assert_int_equal(vipcare_customer_consent(c, VIPCARE_CHANNEL_APP), 1);
	assert_string_equal(vipcare_customer_advisor(c), "ADV1");
	assert_string_equal(vipcare_customer_override_tier(c), "gold");
	assert_int_equal(vipcare_customer_override_until(c), day_of("2025-12-31"));
	assert_int_equal(vipcare_engine_get_customer(e, "BOB", c), VIPCARE_OK);
	assert_string_equal(vipcare_customer_override_tier(c), "platinum");
	assert_int_equal(vipcare_customer_override_until(c), VIPCARE_DATE_NONE);
	assert_int_equal(vipcare_customer_joined(c), VIPCARE_DATE_NONE);
	assert_int_equal(vipcare_engine_get_customer(e, "CAROL", c), VIPCARE_OK);
	assert_int_equal(vipcare_customer_marketing_opt_out(c), 1);
	assert_int_equal(vipcare_customer_birthday(c, &month, &day), 0);
	vipcare_customer_unref(c);
	assert_int_equal(vipcare_transaction_new(&t), VIPCARE_OK);
	assert_int_equal(vipcare_engine_get_transaction(e, "T1", t), VIPCARE_OK);
	assert_true(vipcare_transaction_timestamp(t) == ts_of("2025-01-02T10:00"));
	assert_true(vipcare_transaction_amount(t) == 123450);
	assert_string_equal(vipcare_transaction_store(t), "");
	assert_int_equal(vipcare_engine_get_transaction(e, "T2", t), VIPCARE_OK);
	assert_int_equal(vipcare_transaction_kind(t), VIPCARE_TXN_REFUND);
	assert_true(vipcare_transaction_amount(t) == 20000);
	assert_string_equal(vipcare_transaction_original(t), "T1");
	assert_int_equal(vipcare_engine_get_transaction(e, "T4", t), VIPCARE_OK);
	assert_true(vipcare_transaction_timestamp(t) == ts_of("2025-01-04T16:20:05"));
	assert_string_equal(vipcare_transaction_customer(t), "BOB");
	assert_string_equal(vipcare_transaction_original(t), "POS-OLD-7");
	vipcare_transaction_unref(t);
	assert_int_equal(vipcare_engine_care_recorded(e, "ALICE", VIPCARE_CARE_WELCOME, "once"), 1);
	assert_int_equal(vipcare_engine_redemption_count(e), 1);
	assert_int_equal(vipcare_checkout_new(&out), VIPCARE_OK);
	assert_int_equal(vipcare_engine_check_benefit(e, "ALICE", "free_parking_hours",
						      ts_of("2025-01-02T20:00"), out),
			 VIPCARE_OK);
	assert_int_equal(vipcare_checkout_reason(out, 0), VIPCARE_REASON_QUOTA_EXHAUSTED);
	assert_int_equal(vipcare_checkout_left(out, 0), 0);
	vipcare_checkout_unref(out);
	assert_int_equal(vipcare_engine_survey_count(e), 1);
	assert_int_equal(vipcare_engine_service_count(e), 1);
	assert_int_equal(vipcare_engine_points_redemption_count(e), with_points);
	/* 1234 points earned at gold, 200 taken back by the refund, 100 spent */
	assert_int_equal(vipcare_engine_points_balance(e, "ALICE", day_of("2025-02-01"), &balance, &expiry,
						       &expiring),
			 VIPCARE_OK);
	assert_true(balance == (with_points ? 934 : 1034));
}

/*
 * Written on x86-64 by fixture_calls() (VIPCARE_PRINT_FIXTURES=1 prints
 * them again): the snapshot with store id 0x0123456789abcdef and
 * generation 5, and the journal's records after its header.
 */
static const unsigned char fixture_snapshot[] = {
	0x56, 0x49, 0x50, 0x43, 0x53, 0x4e, 0x41, 0x50, 0x01, 0x00, 0x00, 0x00,
	0x28, 0x00, 0x00, 0x00, 0xef, 0xcd, 0xab, 0x89, 0x67, 0x45, 0x23, 0x01,
	0x05, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x6c, 0xc2, 0xaa, 0x6b, 0xab, 0x41, 0xa0, 0x35, 0x01, 0x00, 0x00, 0x00,
	0x03, 0x00, 0x00, 0x00, 0x58, 0x00, 0x00, 0x00, 0x01, 0x01, 0x00, 0x05,
	0x41, 0x4c, 0x49, 0x43, 0x45, 0xa8, 0xb4, 0x02, 0x03, 0x0f, 0x11, 0x00,
	0x04, 0x41, 0x44, 0x56, 0x31, 0x00, 0x04, 0x67, 0x6f, 0x6c, 0x64, 0xca,
	0xbf, 0x02, 0x01, 0x03, 0x00, 0x05, 0x43, 0x41, 0x52, 0x4f, 0x4c, 0xff,
	0xff, 0xff, 0xff, 0x0f, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff,
	0xff, 0xff, 0xff, 0x0f, 0x01, 0x00, 0x00, 0x03, 0x42, 0x4f, 0x42, 0xff,
	0xff, 0xff, 0xff, 0x0f, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x08, 0x70,
	0x6c, 0x61, 0x74, 0x69, 0x6e, 0x75, 0x6d, 0xff, 0xff, 0xff, 0xff, 0x0f,
	0x9f, 0xf4, 0xe0, 0x54, 0x02, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00,
	0x5d, 0x00, 0x00, 0x00, 0x02, 0x00, 0x02, 0x54, 0x31, 0x01, 0xc0, 0x8e,
	0xb3, 0xf7, 0x0c, 0xba, 0xc4, 0x07, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x02, 0x00, 0x02, 0x54, 0x32, 0x01, 0xe0, 0x98, 0xd3, 0xf7, 0x0c,
	0xa0, 0x9c, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x54, 0x31,
	0x02, 0x00, 0x02, 0x54, 0x33, 0x03, 0xb0, 0xb8, 0xbd, 0xf7, 0x0c, 0x8f,
	0x4e, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x02, 0x54,
	0x34, 0x03, 0xea, 0xfe, 0xca, 0xf7, 0x0c, 0xf4, 0x03, 0x01, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x09, 0x50, 0x4f, 0x53, 0x2d, 0x4f, 0x4c, 0x44, 0x2d,
	0x37, 0xb7, 0x1f, 0x57, 0xe1, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00,
	0x00, 0x20, 0x00, 0x00, 0x00, 0x05, 0x00, 0x02, 0x52, 0x31, 0x01, 0x00,
	0x12, 0x66, 0x72, 0x65, 0x65, 0x5f, 0x70, 0x61, 0x72, 0x6b, 0x69, 0x6e,
	0x67, 0x5f, 0x68, 0x6f, 0x75, 0x72, 0x73, 0xe0, 0xc6, 0xb3, 0xf7, 0x0c,
	0x02, 0x0d, 0xfd, 0xa2, 0xcf, 0x04, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00,
	0x00, 0x0d, 0x00, 0x00, 0x00, 0x04, 0x01, 0x00, 0x00, 0x04, 0x6f, 0x6e,
	0x63, 0x65, 0xf6, 0xb9, 0x02, 0x00, 0x70, 0x1a, 0x76, 0x52, 0x05, 0x00,
	0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x09, 0x00, 0x00, 0x00, 0x06, 0x03,
	0x80, 0xb6, 0xdc, 0xf7, 0x0c, 0x00, 0x09, 0x16, 0x4d, 0xe4, 0x85, 0x06,
	0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x1b, 0x00, 0x00, 0x00, 0x07,
	0x00, 0x02, 0x51, 0x31, 0x01, 0x01, 0xc0, 0xec, 0xe7, 0xf7, 0x0c, 0xd0,
	0x88, 0xe8, 0xf7, 0x0c, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0x01, 0x0c, 0xd1, 0x38, 0xc9, 0x07, 0x00, 0x00, 0x00, 0x01, 0x00,
	0x00, 0x00, 0x12, 0x00, 0x00, 0x00, 0x08, 0x00, 0x02, 0x50, 0x31, 0x01,
	0xc0, 0xb2, 0xf2, 0xf7, 0x0c, 0x64, 0x00, 0x04, 0x67, 0x69, 0x66, 0x74,
	0x2c, 0x92, 0x54, 0xcf, 0x0f, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x38, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};

static const unsigned char fixture_journal[] = {
	0xcc, 0x6a, 0xef, 0x00, 0x1e, 0x00, 0x00, 0x00, 0x01, 0x01, 0x00, 0x05,
	0x41, 0x4c, 0x49, 0x43, 0x45, 0xa8, 0xb4, 0x02, 0x03, 0x0f, 0x11, 0x00,
	0x04, 0x41, 0x44, 0x56, 0x31, 0x00, 0x04, 0x67, 0x6f, 0x6c, 0x64, 0xca,
	0xbf, 0x02, 0xfa, 0x01, 0x9c, 0xee, 0x1a, 0x00, 0x00, 0x00, 0x01, 0x03,
	0x00, 0x05, 0x43, 0x41, 0x52, 0x4f, 0x4c, 0xff, 0xff, 0xff, 0xff, 0x0f,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0x0f,
	0xdb, 0xe8, 0x3b, 0xf4, 0x1b, 0x00, 0x00, 0x00, 0x02, 0x00, 0x02, 0x54,
	0x31, 0x00, 0x05, 0x41, 0x4c, 0x49, 0x43, 0x45, 0xc0, 0x8e, 0xb3, 0xf7,
	0x0c, 0xba, 0xc4, 0x07, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xbc,
	0x75, 0x97, 0x65, 0x1d, 0x00, 0x00, 0x00, 0x02, 0x00, 0x02, 0x54, 0x32,
	0x00, 0x05, 0x41, 0x4c, 0x49, 0x43, 0x45, 0xe0, 0x98, 0xd3, 0xf7, 0x0c,
	0xa0, 0x9c, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x54, 0x31,
	0x48, 0xb0, 0x5a, 0x38, 0x18, 0x00, 0x00, 0x00, 0x02, 0x00, 0x02, 0x54,
	0x33, 0x00, 0x03, 0x42, 0x4f, 0x42, 0xb0, 0xb8, 0xbd, 0xf7, 0x0c, 0x8f,
	0x4e, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xd2, 0x91, 0xf0, 0xc4,
	0x21, 0x00, 0x00, 0x00, 0x02, 0x00, 0x02, 0x54, 0x34, 0x00, 0x03, 0x42,
	0x4f, 0x42, 0xea, 0xfe, 0xca, 0xf7, 0x0c, 0xf4, 0x03, 0x01, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x09, 0x50, 0x4f, 0x53, 0x2d, 0x4f, 0x4c, 0x44, 0x2d,
	0x37, 0x29, 0x35, 0x11, 0xe6, 0x15, 0x00, 0x00, 0x00, 0x03, 0x00, 0x03,
	0x42, 0x4f, 0x42, 0x00, 0x08, 0x70, 0x6c, 0x61, 0x74, 0x69, 0x6e, 0x75,
	0x6d, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x91, 0x45, 0x29, 0x5b, 0x13, 0x00,
	0x00, 0x00, 0x04, 0x00, 0x05, 0x41, 0x4c, 0x49, 0x43, 0x45, 0x00, 0x00,
	0x04, 0x6f, 0x6e, 0x63, 0x65, 0xf6, 0xb9, 0x02, 0x00, 0x6e, 0x7d, 0x17,
	0x3f, 0x26, 0x00, 0x00, 0x00, 0x05, 0x00, 0x02, 0x52, 0x31, 0x00, 0x05,
	0x41, 0x4c, 0x49, 0x43, 0x45, 0x00, 0x12, 0x66, 0x72, 0x65, 0x65, 0x5f,
	0x70, 0x61, 0x72, 0x6b, 0x69, 0x6e, 0x67, 0x5f, 0x68, 0x6f, 0x75, 0x72,
	0x73, 0xe0, 0xc6, 0xb3, 0xf7, 0x0c, 0x02, 0xb4, 0xd2, 0x7d, 0x71, 0x0d,
	0x00, 0x00, 0x00, 0x06, 0x00, 0x03, 0x42, 0x4f, 0x42, 0x80, 0xb6, 0xdc,
	0xf7, 0x0c, 0x00, 0x09, 0x66, 0xd0, 0xef, 0x74, 0x21, 0x00, 0x00, 0x00,
	0x07, 0x00, 0x02, 0x51, 0x31, 0x00, 0x05, 0x41, 0x4c, 0x49, 0x43, 0x45,
	0x01, 0xc0, 0xec, 0xe7, 0xf7, 0x0c, 0xd0, 0x88, 0xe8, 0xf7, 0x0c, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0xb5, 0x22, 0xb3,
	0x35, 0x18, 0x00, 0x00, 0x00, 0x08, 0x00, 0x02, 0x50, 0x31, 0x00, 0x05,
	0x41, 0x4c, 0x49, 0x43, 0x45, 0xc0, 0xb2, 0xf2, 0xf7, 0x0c, 0x64, 0x00,
	0x04, 0x67, 0x69, 0x66, 0x74,
};

static void print_bytes(const char *name, const unsigned char *p, size_t n)
{
	size_t i;

	printf("static const unsigned char %s[] = {", name);
	for (i = 0; i < n; i++)
		printf("%s0x%02x,", i % 12 == 0 ? "\n\t" : " ", p[i]);
	printf("\n};\n");
}

static void test_bytes_are_the_same_on_every_machine(void **state)
{
	struct vipcare_engine *e = new_engine(), *back;
	struct vipcare__journal_scan scan;
	unsigned char *bytes, *journal, *replay;
	char dir[512], path[1024];
	size_t size, journal_size;

	(void)state;
	fixture_calls(e, 1);
	check_fixture_engine(e, 1);
	assert_int_equal(vipcare__snapshot_save_memory(e, UINT64_C(0x0123456789abcdef), 5, &bytes, &size),
			 VIPCARE_OK);
	vipcare_engine_unref(e);
	make_dir(dir, sizeof(dir));
	e = new_engine();
	assert_int_equal(vipcare_engine_open_state(e, dir, VIPCARE_DURABILITY_EVERY_CALL, 0), VIPCARE_OK);
	fixture_calls(e, JOURNAL_HAS_POINTS);
	vipcare_engine_unref(e);
	path_in(path, sizeof(path), dir, "state.journal");
	journal = read_all(path, &journal_size);
	remove_dir(dir);
	if (getenv("VIPCARE_PRINT_FIXTURES") != NULL) {
		print_bytes("fixture_snapshot", bytes, size);
		print_bytes("fixture_journal", journal + VIPCARE__JOURNAL_HEADER,
			    journal_size - VIPCARE__JOURNAL_HEADER);
	}
	/* written here, the bytes are those written on x86-64 */
	assert_int_equal(size, sizeof(fixture_snapshot));
	assert_memory_equal(bytes, fixture_snapshot, size);
	assert_int_equal(journal_size - VIPCARE__JOURNAL_HEADER, sizeof(fixture_journal));
	assert_memory_equal(journal + VIPCARE__JOURNAL_HEADER, fixture_journal, sizeof(fixture_journal));
	/* and those bytes read back here to the same values */
	back = new_engine();
	assert_int_equal(vipcare__snapshot_load_memory(back, fixture_snapshot, sizeof(fixture_snapshot)),
			 VIPCARE_OK);
	check_fixture_engine(back, 1);
	vipcare_engine_unref(back);
	replay = malloc(VIPCARE__JOURNAL_HEADER + sizeof(fixture_journal));
	assert_non_null(replay);
	vipcare__journal_header(replay, 1, 0);
	memcpy(replay + VIPCARE__JOURNAL_HEADER, fixture_journal, sizeof(fixture_journal));
	back = new_engine();
	assert_int_equal(vipcare__journal_replay_memory(back, replay,
							VIPCARE__JOURNAL_HEADER + sizeof(fixture_journal),
							&scan),
			 VIPCARE_OK);
	assert_true(scan.records == 11 + JOURNAL_HAS_POINTS);
	check_fixture_engine(back, JOURNAL_HAS_POINTS);
	vipcare_engine_unref(back);
	free(replay);
	free(journal);
	vipcare_free(bytes);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_snapshot_round_trip),
		cmocka_unit_test(test_journal_round_trip),
		cmocka_unit_test(test_interval_mode),
		cmocka_unit_test(test_open_with_an_engine_that_holds_data),
		cmocka_unit_test(test_torn_last_record),
		cmocka_unit_test(test_damage_before_the_last_record_is_refused),
		cmocka_unit_test(test_snapshot_cut_anywhere_is_refused),
		cmocka_unit_test(test_snapshot_flipped_bits_are_refused),
		cmocka_unit_test(test_newer_and_foreign_files_are_refused),
		cmocka_unit_test(test_journal_of_another_folder_or_generation),
		cmocka_unit_test(test_crash_between_a_checkpoints_renames),
		cmocka_unit_test(test_one_engine_per_folder),
		cmocka_unit_test(test_a_policy_without_what_the_file_names),
		cmocka_unit_test(test_every_allocation_failing_while_loading),
		cmocka_unit_test(test_memory_counted_across_a_load),
		cmocka_unit_test(test_full_disk_every_call),
		cmocka_unit_test(test_full_disk_interval),
		cmocka_unit_test(test_bytes_are_the_same_on_every_machine),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
