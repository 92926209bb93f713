/*
 * KPI states of slices merge into exactly the state of the whole: a
 * generated mall (transactions, refunds, surveys, service requests, care
 * records) is split into 1, 2, 3 and 7 slices by fixed random partitions
 * of its customers; each slice is an engine of its own, and the merged
 * state's bytes equal the whole's. Serialised bytes are refused when they
 * are truncated, bit-flipped, of another version or not a state at all.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

#define CUSTOMERS 240
#define FROM "2025-01-01"
#define TO "2025-12-31"

static uint32_t lcg(uint32_t *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	return *seed >> 8;
}

/* A number in [0, n), from two draws (one draw has 24 bits). */
static int64_t draw(uint32_t *seed, int64_t n)
{
	uint64_t hi = lcg(seed), lo = lcg(seed);

	return (int64_t)(((hi << 24) | lo) % (uint64_t)n);
}

/* Everything one customer did, replayable into any engine. */
struct event {
	int type; /* 0 transaction, 1 survey, 2 service, 3 care, 4 points redemption */
	char id[24];
	int64_t ts;
	int64_t amount;
	int kind, value;
	int64_t second; /* first response */
	char original[24];
	char occasion[24];
	int32_t date;
};

struct mall {
	struct event *events[CUSTOMERS];
	int count[CUSTOMERS];
};

static void make_mall(struct mall *m, uint32_t seed)
{
	const int64_t base = (int64_t)day_of("2024-06-01") * 86400;
	int c, i;

	for (c = 0; c < CUSTOMERS; c++) {
		int n = (int)(lcg(&seed) % 30), sales = 0, refunds = 0;
		struct event *ev = calloc(72, sizeof(*ev));

		assert_non_null(ev);
		m->events[c] = ev;
		m->count[c] = 0;
		for (i = 0; i < n; i++) {
			struct event *e = &ev[m->count[c]++];
			/* heavy-tailed: a few big spenders reach the VIP tiers */
			int64_t amount = 100 + (int64_t)(lcg(&seed) % 20000);

			if (c % 17 == 0)
				amount *= 60;
			e->type = 0;
			snprintf(e->id, sizeof(e->id), "T%d-%d", c, i);
			/* every 11th customer stops buying before 2025: the churn */
			e->ts = base + draw(&seed, (c % 11 == 0 ? 200 : 600) * 86400);
			if (sales > 0 && refunds < 2 && lcg(&seed) % 6 == 0) {
				refunds++;
				e->kind = VIPCARE_TXN_REFUND;
				/* a refund of the customer's first sale: 2 at most, a sixth of it each */
				snprintf(e->original, sizeof(e->original), "T%d-0", c);
				e->amount = 1 + ev[0].amount / 2 / 3;
			} else {
				e->kind = VIPCARE_TXN_SALE;
				e->amount = amount;
				sales++;
			}
		}
		for (i = 0; i < 3; i++) {
			struct event *e = &ev[m->count[c]++];

			e->type = 1;
			e->ts = base + draw(&seed, 600 * 86400);
			e->kind = (int)(lcg(&seed) % 2);
			e->value = e->kind == VIPCARE_SURVEY_NPS ? (int)(lcg(&seed) % 11) :
								   1 + (int)(lcg(&seed) % 5);
		}
		for (i = 0; i < 2; i++) {
			struct event *e = &ev[m->count[c]++];

			e->type = 2;
			snprintf(e->id, sizeof(e->id), "S%d-%d", c, i);
			e->ts = base + draw(&seed, 600 * 86400);
			e->kind = (int)(lcg(&seed) % 2);
			e->second = lcg(&seed) % 4 == 0 ? VIPCARE_TIMESTAMP_NONE :
							 e->ts + draw(&seed, 3 * 86400);
		}
		for (i = 0; i < 2; i++) {
			struct event *e = &ev[m->count[c]++];

			/* refused when the customer has too few points: the same in every slice */
			e->type = 4;
			snprintf(e->id, sizeof(e->id), "P%d-%d", c, i);
			e->ts = base + draw(&seed, 600 * 86400);
			e->amount = 1 + draw(&seed, 3000);
		}
		for (i = 0; i < 3; i++) {
			struct event *e = &ev[m->count[c]++];

			e->type = 3;
			e->kind = i == 0 ? VIPCARE_CARE_WELCOME : i == 1 ? VIPCARE_CARE_LAPSE : VIPCARE_CARE_BIRTHDAY;
			e->date = day_of("2024-06-01") + (int32_t)(lcg(&seed) % 600);
			e->value = (int)(lcg(&seed) % 3);
			snprintf(e->occasion, sizeof(e->occasion), "%s",
				 i == 0 ? "once" : i == 1 ? "2025-03-01" : "2025");
		}
	}
}

static void free_mall(struct mall *m)
{
	int c;

	for (c = 0; c < CUSTOMERS; c++)
		free(m->events[c]);
}

/* Loads customer @c (its record, then its events in order) into @e. */
static void load_customer(struct vipcare_engine *e, const struct mall *m, int c)
{
	struct vipcare_customer *rec = NULL;
	char id[16];
	int i;

	snprintf(id, sizeof(id), "C%03d", c);
	assert_int_equal(vipcare_customer_new(&rec), VIPCARE_OK);
	assert_int_equal(vipcare_customer_set_id(rec, id), VIPCARE_OK);
	if (c % 5 != 0)
		assert_int_equal(vipcare_customer_set_joined(rec, day_of("2024-01-01") + c), VIPCARE_OK);
	if (c % 3 != 0)
		assert_int_equal(vipcare_customer_set_birthday(rec, 1 + c % 12, 1 + c % 28), VIPCARE_OK);
	assert_int_equal(vipcare_customer_set_consent(rec, c % VIPCARE_CHANNEL_COUNT, 1), VIPCARE_OK);
	assert_int_equal(vipcare_customer_set_marketing_opt_out(rec, c % 7 == 0), VIPCARE_OK);
	assert_int_equal(vipcare_engine_add_customer(e, rec), VIPCARE_OK);
	vipcare_customer_unref(rec);
	for (i = 0; i < m->count[c]; i++) {
		const struct event *ev = &m->events[c][i];
		char when[32];
		int64_t t;

		switch (ev->type) {
		case 0:
			assert_int_equal(vipcare_timestamp_format(when, sizeof(when), ev->ts), VIPCARE_OK);
			assert_int_equal(record(e, ev->id, id, when, ev->amount, ev->kind,
						ev->kind == VIPCARE_TXN_REFUND ? ev->original : NULL),
					 VIPCARE_OK);
			break;
		case 1:
			assert_int_equal(vipcare_engine_add_survey(e, id, ev->ts, ev->kind, ev->value),
					 VIPCARE_OK);
			break;
		case 2:
			t = ev->second;
			assert_int_equal(vipcare_engine_add_service_request(e, ev->id, id, ev->kind, ev->ts, t,
									    VIPCARE_TIMESTAMP_NONE),
					 VIPCARE_OK);
			break;
		case 4:
			t = vipcare_engine_redeem_points(e, ev->id, id, ev->ts, ev->amount, NULL);
			assert_true(t == VIPCARE_OK || t == VIPCARE_E_REFUSED);
			break;
		default:
			assert_int_equal(vipcare_engine_record_care(e, id, ev->kind, ev->occasion, ev->date,
								    ev->value),
					 VIPCARE_OK);
			break;
		}
	}
}

static struct vipcare_kpi_state *state_of(struct vipcare_engine *e)
{
	struct vipcare_kpi_state *s = NULL;

	assert_int_equal(vipcare_kpi_state_new(&s, e, day_of(FROM), day_of(TO)), VIPCARE_OK);
	return s;
}

static void bytes_of(const struct vipcare_kpi_state *s, void **out, size_t *size)
{
	assert_int_equal(vipcare_kpi_state_serialize(s, out, size), VIPCARE_OK);
}

static void assert_same_state(const struct vipcare_kpi_state *a, const struct vipcare_kpi_state *b)
{
	void *x, *y;
	size_t nx, ny;
	char *jx, *jy;

	bytes_of(a, &x, &nx);
	bytes_of(b, &y, &ny);
	assert_int_equal(nx, ny);
	assert_memory_equal(x, y, nx);
	/* and so every KPI as text */
	assert_int_equal(vipcare_kpi_state_to_json(a, &jx), VIPCARE_OK);
	assert_int_equal(vipcare_kpi_state_to_json(b, &jy), VIPCARE_OK);
	assert_string_equal(jx, jy);
	vipcare_free(x);
	vipcare_free(y);
	vipcare_free(jx);
	vipcare_free(jy);
}

static void check_partition(const struct mall *m, const struct vipcare_kpi_state *whole, int slices,
			    uint32_t seed)
{
	struct vipcare_engine *e[7];
	struct vipcare_kpi_state *merged = NULL, *via_bytes = NULL;
	int c, k;

	for (k = 0; k < slices; k++)
		assert_int_equal(vipcare_engine_new(&e[k], NULL), VIPCARE_OK);
	for (c = 0; c < CUSTOMERS; c++)
		load_customer(e[lcg(&seed) % (uint32_t)slices], m, c);
	for (k = 0; k < slices; k++) {
		struct vipcare_kpi_state *s = state_of(e[k]), *back = NULL;
		void *bytes;
		size_t size;
		char err[VIPCARE_ERRBUF_SIZE];

		/* each slice's state also travels as bytes */
		bytes_of(s, &bytes, &size);
		assert_int_equal(vipcare_kpi_state_deserialize(&back, bytes, size, err, sizeof(err)),
				 VIPCARE_OK);
		vipcare_free(bytes);
		if (merged == NULL) {
			merged = s;
			via_bytes = back;
			continue;
		}
		assert_int_equal(vipcare_kpi_state_merge(merged, s), VIPCARE_OK);
		assert_int_equal(vipcare_kpi_state_merge(via_bytes, back), VIPCARE_OK);
		vipcare_kpi_state_unref(s);
		vipcare_kpi_state_unref(back);
	}
	assert_same_state(merged, whole);
	assert_same_state(via_bytes, whole);
	vipcare_kpi_state_unref(merged);
	vipcare_kpi_state_unref(via_bytes);
	for (k = 0; k < slices; k++)
		vipcare_engine_unref(e[k]);
}

static void test_merged_slices_equal_the_whole(void **state)
{
	struct mall m;
	struct vipcare_engine *all = NULL;
	struct vipcare_kpi_state *whole;
	int64_t num, den;
	int c;
	static const int slices[] = { 1, 2, 3, 7 };
	size_t i;

	(void)state;
	make_mall(&m, 2025u);
	assert_int_equal(vipcare_engine_new(&all, NULL), VIPCARE_OK);
	for (c = 0; c < CUSTOMERS; c++)
		load_customer(all, &m, c);
	whole = state_of(all);
	/* the data set exercises every block: none of these is empty */
	assert_int_equal(vipcare_kpi_get(whole, VIPCARE_KPI_CHURN_RATE, &num, &den), VIPCARE_OK);
	assert_true(num > 0 && den > num);
	assert_int_equal(vipcare_kpi_get(whole, VIPCARE_KPI_VIP_CHURN_RATE, &num, &den), VIPCARE_OK);
	assert_true(den > 0);
	assert_int_equal(vipcare_kpi_get(whole, VIPCARE_KPI_SERVICE_FIRST_RESPONSE_P90, &num, &den),
			 VIPCARE_OK);
	assert_int_equal(den, 1);
	assert_int_equal(vipcare_kpi_get(whole, VIPCARE_KPI_CARE_CONVERSION, &num, &den), VIPCARE_OK);
	assert_true(num > 0 && den > num);
	assert_int_equal(vipcare_kpi_get(whole, VIPCARE_KPI_CARE_DONE, &num, &den), VIPCARE_OK);
	assert_true(num > 0 && den > num);
	assert_int_equal(vipcare_kpi_tier_get(whole, 2, VIPCARE_KPI_TIER_CUSTOMERS, &num), VIPCARE_OK);
	assert_true(num > 0);
	assert_int_equal(vipcare_kpi_get(whole, VIPCARE_KPI_POINTS_REDEEMED, &num, &den), VIPCARE_OK);
	assert_true(num > 0);
	for (i = 0; i < sizeof(slices) / sizeof(slices[0]); i++) {
		check_partition(&m, whole, slices[i], 7u * (uint32_t)i + 1u);
		check_partition(&m, whole, slices[i], 1000u + (uint32_t)i);
	}
	vipcare_kpi_state_unref(whole);
	vipcare_engine_unref(all);
	free_mall(&m);
}

/* A small state's bytes, for the damage tests. */
static void small_state_bytes(void **out, size_t *size)
{
	struct vipcare_engine *e = NULL;
	struct vipcare_kpi_state *s;

	assert_int_equal(vipcare_engine_new(&e, NULL), VIPCARE_OK);
	sale(e, "T1", "A", "2025-02-01T10:00", 1500000);
	sale(e, "T2", "B", "2024-12-01T10:00", 2000);
	assert_int_equal(vipcare_engine_add_service_request(e, "S1", "A", VIPCARE_SERVICE_COMPLAINT,
							    ts_of("2025-02-02T10:00"),
							    ts_of("2025-02-02T11:30"),
							    VIPCARE_TIMESTAMP_NONE),
			 VIPCARE_OK);
	s = state_of(e);
	bytes_of(s, out, size);
	vipcare_kpi_state_unref(s);
	vipcare_engine_unref(e);
}

static void test_damaged_bytes_are_refused(void **state)
{
	struct vipcare_kpi_state *s = NULL;
	char err[VIPCARE_ERRBUF_SIZE];
	unsigned char *bytes, *copy;
	size_t size, n, bit;
	void *raw;

	(void)state;
	small_state_bytes(&raw, &size);
	bytes = raw;
	assert_int_equal(vipcare_kpi_state_deserialize(&s, bytes, size, err, sizeof(err)), VIPCARE_OK);
	vipcare_kpi_state_unref(s);
	copy = malloc(size);
	assert_non_null(copy);
	/* every truncation */
	for (n = 0; n < size; n++) {
		memcpy(copy, bytes, n);
		s = (struct vipcare_kpi_state *)1;
		assert_true(vipcare_kpi_state_deserialize(&s, copy, n, err, sizeof(err)) < 0);
		assert_null(s);
		assert_true(strlen(err) > 0);
	}
	assert_int_equal(vipcare_kpi_state_deserialize(&s, bytes, 7, err, sizeof(err)), VIPCARE_E_FOREIGN);
	assert_int_equal(vipcare_kpi_state_deserialize(&s, bytes, size - 1, err, sizeof(err)),
			 VIPCARE_E_CORRUPT);
	assert_string_equal(err, "KPI state truncated: 600 bytes, its header announces 601");
	/* every single bit flipped */
	for (bit = 0; bit < size * 8; bit++) {
		memcpy(copy, bytes, size);
		copy[bit / 8] ^= (unsigned char)(1u << (bit % 8));
		assert_true(vipcare_kpi_state_deserialize(&s, copy, size, err, sizeof(err)) < 0);
		assert_null(s);
	}
	/* a newer version, and data that is not a state */
	memcpy(copy, bytes, size);
	copy[8] = 2;
	assert_int_equal(vipcare_kpi_state_deserialize(&s, copy, size, err, sizeof(err)), VIPCARE_E_VERSION);
	assert_string_equal(err, "KPI state of format version 2; this library reads up to 1");
	memcpy(copy, "SQLite format 3", 15);
	assert_int_equal(vipcare_kpi_state_deserialize(&s, copy, size, err, sizeof(err)), VIPCARE_E_FOREIGN);
	assert_string_equal(err, "not a KPI state: the first 8 bytes are not \"VIPCKPI\\0\"");
	/* one byte too many */
	memcpy(copy, bytes, size);
	{
		unsigned char *longer = malloc(size + 1);

		assert_non_null(longer);
		memcpy(longer, bytes, size);
		longer[size] = 0;
		assert_int_equal(vipcare_kpi_state_deserialize(&s, longer, size + 1, err, sizeof(err)),
				 VIPCARE_E_CORRUPT);
		assert_string_equal(err, "KPI state with 1 bytes after its end");
		free(longer);
	}
	free(copy);
	vipcare_free(raw);
}

/* A well-formed state whose content lies: the checksum is right, the content is not. */
static void test_inconsistent_content_is_refused(void **state)
{
	struct vipcare_kpi_state *s = NULL;
	char err[VIPCARE_ERRBUF_SIZE];
	unsigned char *bytes;
	size_t size, at, i;
	uint32_t crc;
	void *raw;

	(void)state;
	small_state_bytes(&raw, &size);
	bytes = raw;
	/* body: from, to, fingerprint, tier count, 4 names (member gold platinum diamond), count of counts */
	at = 24 + 4 + 4 + 8 + 4 + (1 + 6) + (1 + 4) + (1 + 8) + (1 + 7) + 4;
	/* members (the first count) set to 0: fewer members than active customers */
	memset(bytes + at, 0, 8);
	crc = 0xffffffffu;
	for (i = 0; i < size - 4; i++) {
		int b;

		crc ^= bytes[i];
		for (b = 0; b < 8; b++)
			crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
	}
	crc = ~crc;
	for (i = 0; i < 4; i++)
		bytes[size - 4 + i] = (unsigned char)(crc >> (8 * i));
	assert_int_equal(vipcare_kpi_state_deserialize(&s, bytes, size, err, sizeof(err)), VIPCARE_E_CORRUPT);
	assert_string_equal(err, "KPI state damaged at byte 597: more active, new or repeat customers than members");
	vipcare_free(raw);
}

static void test_merge_refuses_other_periods_and_policies(void **state)
{
	struct vipcare_engine *a = NULL, *b = NULL;
	struct vipcare_policy *p = NULL;
	struct vipcare_kpi_state *x = NULL, *y = NULL, *z = NULL;
	void *before, *after;
	size_t nb, na;

	(void)state;
	assert_int_equal(vipcare_policy_new(&p), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set(p, VIPCARE_SETTING_LAPSE_DAYS, 60), VIPCARE_OK);
	assert_int_equal(vipcare_engine_new(&a, NULL), VIPCARE_OK);
	assert_int_equal(vipcare_engine_new(&b, p), VIPCARE_OK);
	sale(a, "T1", "A", "2025-02-01T10:00", 1500000);
	sale(b, "T2", "B", "2025-02-01T10:00", 1500000);
	x = state_of(a);
	assert_int_equal(vipcare_kpi_state_new(&y, a, day_of(FROM), day_of("2025-06-30")), VIPCARE_OK);
	z = state_of(b);
	bytes_of(x, &before, &nb);
	assert_int_equal(vipcare_kpi_state_merge(x, y), VIPCARE_E_MISMATCH);
	assert_string_equal(vipcare_kpi_state_last_error(x),
			    "cannot merge KPI states of different periods: 2025-01-01 .. 2025-12-31 "
			    "and 2025-01-01 .. 2025-06-30");
	assert_int_equal(vipcare_kpi_state_merge(x, z), VIPCARE_E_MISMATCH);
	assert_non_null(strstr(vipcare_kpi_state_last_error(x), "under different policies"));
	/* a refused merge changed nothing */
	bytes_of(x, &after, &na);
	assert_int_equal(na, nb);
	assert_memory_equal(before, after, na);
	vipcare_free(before);
	vipcare_free(after);
	vipcare_kpi_state_unref(x);
	vipcare_kpi_state_unref(y);
	vipcare_kpi_state_unref(z);
	vipcare_engine_unref(a);
	vipcare_engine_unref(b);
	vipcare_policy_unref(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_merged_slices_equal_the_whole),
		cmocka_unit_test(test_damaged_bytes_are_refused),
		cmocka_unit_test(test_inconsistent_content_is_refused),
		cmocka_unit_test(test_merge_refuses_other_periods_and_policies),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
