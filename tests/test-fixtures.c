/*
 * Files that cross machines have one byte order: a KPI state computed
 * from a fixed data set must serialise to exactly the bytes committed in
 * tests/fixtures/ (written on x86-64), and those bytes must read back to
 * the same values. The cross CI stages run this test on s390x (big-endian)
 * and armhf (32-bit), so the claim is proven, not asserted.
 *
 * VIPCARE_WRITE_FIXTURES=1 rewrites the fixtures (only on purpose: a
 * format change is an ABI matter, see docs/abi.md).
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

#ifndef VIPCARE_SOURCE_DIR
#define VIPCARE_SOURCE_DIR "."
#endif

#define KPI_FIXTURE VIPCARE_SOURCE_DIR "/tests/fixtures/kpi-state-v1.bin"

/* A small mall that touches every block of the state, amounts near the limits included. */
static struct vipcare_engine *fixture_engine(void)
{
	struct vipcare_engine *e = NULL;

	assert_int_equal(vipcare_engine_new(&e, NULL), VIPCARE_OK);
	sale(e, "T1", "ANNA", "2024-11-02T10:00", 1200000);
	sale(e, "T2", "ANNA", "2025-02-01T10:00", 4500000);
	refund(e, "T3", "ANNA", "2025-03-01T10:00", 100000, "T2");
	sale(e, "T4", "BO", "2025-05-05T18:30", 12345);
	sale(e, "T5", "BO", "2025-05-06T18:30", 99);
	sale(e, "T6", "CAI", "2024-10-15T12:00", 5000);
	/* a big spender: sums far beyond 32 bits */
	sale(e, "T7", "DIA", "2025-01-02T09:00", INT64_C(900000000000000));
	assert_int_equal(vipcare_engine_add_survey(e, "ANNA", ts_of("2025-03-02T10:00"), VIPCARE_SURVEY_NPS, 10),
			 VIPCARE_OK);
	assert_int_equal(vipcare_engine_add_survey(e, "BO", ts_of("2025-05-07T10:00"), VIPCARE_SURVEY_CSAT, 4),
			 VIPCARE_OK);
	assert_int_equal(vipcare_engine_add_service_request(e, "S1", "BO", VIPCARE_SERVICE_COMPLAINT,
							    ts_of("2025-05-07T10:00"),
							    ts_of("2025-05-07T12:45"), VIPCARE_TIMESTAMP_NONE),
			 VIPCARE_OK);
	assert_int_equal(vipcare_engine_record_care(e, "ANNA", VIPCARE_CARE_WELCOME, "once",
						    day_of("2024-11-03"), VIPCARE_OUTCOME_REACHED),
			 VIPCARE_OK);
	assert_int_equal(vipcare_engine_redeem_points(e, "P1", "ANNA", ts_of("2025-04-01T10:00"), 5000, NULL),
			 VIPCARE_OK);
	return e;
}

static void *read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n > 0);
	rewind(f);
	buf = malloc((size_t)n);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*size = (size_t)n;
	return buf;
}

static void test_kpi_state_bytes_are_the_same_everywhere(void **state)
{
	struct vipcare_engine *e = fixture_engine();
	struct vipcare_kpi_state *s = NULL, *back = NULL;
	char err[VIPCARE_ERRBUF_SIZE];
	void *bytes, *fixture;
	size_t size, fixture_size;
	int64_t num, den;

	(void)state;
	assert_int_equal(vipcare_kpi_state_new(&s, e, day_of("2025-01-01"), day_of("2025-12-31")), VIPCARE_OK);
	assert_int_equal(vipcare_kpi_state_serialize(s, &bytes, &size), VIPCARE_OK);
	if (getenv("VIPCARE_WRITE_FIXTURES") != NULL) {
		FILE *f = fopen(KPI_FIXTURE, "wb");

		assert_non_null(f);
		assert_int_equal(fwrite(bytes, 1, size, f), size);
		fclose(f);
	}
	fixture = read_file(KPI_FIXTURE, &fixture_size);
	/* computed here, byte for byte what x86-64 wrote */
	assert_int_equal(size, fixture_size);
	assert_memory_equal(bytes, fixture, size);
	/* and x86-64's bytes read back to the values */
	assert_int_equal(vipcare_kpi_state_deserialize(&back, fixture, fixture_size, err, sizeof(err)),
			 VIPCARE_OK);
	assert_int_equal(vipcare_kpi_get(back, VIPCARE_KPI_MEMBERS, &num, &den), VIPCARE_OK);
	assert_int_equal(num, 4);
	/* 45,000.00 - 1,000.00 + 123.45 + 0.99 + 9,000,000,000,000.00 */
	assert_int_equal(vipcare_kpi_get(back, VIPCARE_KPI_SALES_NET, &num, &den), VIPCARE_OK);
	assert_int_equal(num, INT64_C(900000004412444));
	assert_int_equal(vipcare_kpi_get(back, VIPCARE_KPI_SERVICE_FIRST_RESPONSE_P50, &num, &den), VIPCARE_OK);
	assert_int_equal(num, 165);
	assert_int_equal(den, 1);
	assert_int_equal(vipcare_kpi_get(back, VIPCARE_KPI_POINTS_REDEEMED, &num, &den), VIPCARE_OK);
	assert_int_equal(num, 5000);
	free(fixture);
	vipcare_free(bytes);
	vipcare_kpi_state_unref(back);
	vipcare_kpi_state_unref(s);
	vipcare_engine_unref(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kpi_state_bytes_are_the_same_everywhere),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
