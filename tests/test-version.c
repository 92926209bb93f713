/*
 * The header's version, the library's runtime version and the project's
 * version agree; strerror covers every status.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include <vipcare/vipcare.h>

static void test_versions_agree(void **state)
{
	(void)state;
	assert_string_equal(vipcare_version_string(), VIPCARE_EXPECTED_VERSION);
	assert_string_equal(VIPCARE_VERSION_STRING, VIPCARE_EXPECTED_VERSION);
	assert_int_equal(vipcare_version_number(), VIPCARE_VERSION_NUMBER);
	assert_int_equal(VIPCARE_VERSION_NUMBER, 10000);
}

static void test_strerror(void **state)
{
	static const int codes[] = {
		VIPCARE_OK, VIPCARE_E_INVALID_ARGUMENT, VIPCARE_E_NO_MEMORY,
		VIPCARE_E_BUFFER_TOO_SMALL, VIPCARE_E_IO, VIPCARE_E_STALE, VIPCARE_E_LIMIT,
		VIPCARE_E_DATE, VIPCARE_E_TIMESTAMP, VIPCARE_E_MONEY, VIPCARE_E_ID, VIPCARE_E_RANGE,
		VIPCARE_E_POLICY_SYNTAX, VIPCARE_E_POLICY_KEY, VIPCARE_E_POLICY_VALUE,
		VIPCARE_E_POLICY_INVALID, VIPCARE_E_UNKNOWN_TIER, VIPCARE_E_DUPLICATE,
		VIPCARE_E_UNKNOWN_CUSTOMER, VIPCARE_E_REFUND_OF_REFUND, VIPCARE_E_REFUND_CUSTOMER,
		VIPCARE_E_REFUND_EXCEEDS, VIPCARE_E_INCOMPLETE, VIPCARE_E_UNKNOWN_TRANSACTION,
		VIPCARE_E_REFUSED,
	};
	size_t i, j;

	(void)state;
	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		assert_string_not_equal(vipcare_strerror(codes[i]), "unknown status");
		for (j = 0; j < i; j++)
			assert_string_not_equal(vipcare_strerror(codes[i]), vipcare_strerror(codes[j]));
	}
	assert_string_equal(vipcare_strerror(-9999), "unknown status");
	assert_string_equal(vipcare_strerror(VIPCARE_E_DUPLICATE), "duplicate id");
	/* pinned values never move */
	assert_int_equal(VIPCARE_E_DUPLICATE, -300);
	assert_int_equal(VIPCARE_E_POLICY_SYNTAX, -200);
	assert_int_equal(VIPCARE_E_DATE, -100);
	assert_int_equal(VIPCARE_E_REFUSED, -400);
	assert_string_equal(vipcare_strerror(VIPCARE_E_REFUSED), "benefit refused");
	vipcare_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_versions_agree),
		cmocka_unit_test(test_strerror),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
