/*
 * Care records: the outcomes of the contacts the staff made (DESIGN §3,
 * §6): validated, kept per customer, several per occasion, and looked up
 * by customer, kind and occasion.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include <vipcare/vipcare.h>

#include "helpers.h"

static struct vipcare_engine *engine_with_customers(void)
{
	struct vipcare_engine *e = NULL;
	struct vipcare_customer *c = NULL;

	assert_int_equal(vipcare_engine_new(&e, NULL), VIPCARE_OK);
	sale(e, "T1", "ANNA", "2025-03-01T10:00", 100000);
	/* a known customer who is not a member: records are accepted */
	assert_int_equal(vipcare_customer_new(&c), VIPCARE_OK);
	assert_int_equal(vipcare_customer_set_id(c, "BEN"), VIPCARE_OK);
	assert_int_equal(vipcare_engine_add_customer(e, c), VIPCARE_OK);
	vipcare_customer_unref(c);
	return e;
}

static void test_outcome_names(void **state)
{
	(void)state;
	assert_string_equal(vipcare_care_outcome_name(VIPCARE_OUTCOME_REACHED), "reached");
	assert_string_equal(vipcare_care_outcome_name(VIPCARE_OUTCOME_NO_ANSWER), "no_answer");
	assert_string_equal(vipcare_care_outcome_name(VIPCARE_OUTCOME_DECLINED), "declined");
	assert_null(vipcare_care_outcome_name(3));
	assert_int_equal(vipcare_care_outcome_from_name("declined"), VIPCARE_OUTCOME_DECLINED);
	assert_int_equal(vipcare_care_outcome_from_name("Reached"), VIPCARE_E_RANGE);
	assert_int_equal(vipcare_care_outcome_from_name(NULL), VIPCARE_E_RANGE);
}

static void test_records_are_kept_and_found(void **state)
{
	struct vipcare_engine *e = engine_with_customers();

	(void)state;
	assert_int_equal(vipcare_engine_care_recorded(e, "ANNA", VIPCARE_CARE_WELCOME, "once"), 0);
	assert_int_equal(vipcare_engine_record_care(e, "ANNA", VIPCARE_CARE_WELCOME, "once",
						    day_of("2025-03-01"), VIPCARE_OUTCOME_NO_ANSWER),
			 VIPCARE_OK);
	/* any outcome takes the item off the agenda */
	assert_int_equal(vipcare_engine_care_recorded(e, "ANNA", VIPCARE_CARE_WELCOME, "once"), 1);
	/* the same occasion under another kind, or another occasion, is another item */
	assert_int_equal(vipcare_engine_care_recorded(e, "ANNA", VIPCARE_CARE_FOLLOWUP_3D, "once"), 0);
	assert_int_equal(vipcare_engine_care_recorded(e, "ANNA", VIPCARE_CARE_BIRTHDAY, "2025"), 0);
	/* several records for one occasion are all kept */
	assert_int_equal(vipcare_engine_record_care(e, "ANNA", VIPCARE_CARE_WELCOME, "once",
						    day_of("2025-03-02"), VIPCARE_OUTCOME_REACHED),
			 VIPCARE_OK);
	assert_int_equal(vipcare_engine_record_care(e, "ANNA", VIPCARE_CARE_TIER_CHANGE,
						    "2025-03-01:gold", day_of("2025-03-04"),
						    VIPCARE_OUTCOME_DECLINED),
			 VIPCARE_OK);
	assert_int_equal(vipcare_engine_record_care(e, "BEN", VIPCARE_CARE_BIRTHDAY, "2025",
						    day_of("2025-05-01"), VIPCARE_OUTCOME_REACHED),
			 VIPCARE_OK);
	assert_int_equal(vipcare_engine_care_count(e), 4);
	assert_int_equal(vipcare_engine_care_recorded(e, "ANNA", VIPCARE_CARE_TIER_CHANGE,
						      "2025-03-01:gold"), 1);
	assert_int_equal(vipcare_engine_care_recorded(e, "BEN", VIPCARE_CARE_BIRTHDAY, "2025"), 1);
	assert_int_equal(vipcare_engine_care_recorded(e, "ANNA", VIPCARE_CARE_BIRTHDAY, "2025"), 0);
	assert_int_equal(vipcare_engine_care_recorded(e, "NOBODY", VIPCARE_CARE_BIRTHDAY, "2025"), 0);
	assert_int_equal(vipcare_engine_care_recorded(e, "ANNA", 6, "once"), VIPCARE_E_RANGE);
	/* customers recorded after the first care record are covered too */
	sale(e, "T2", "CARL", "2025-04-01T10:00", 100);
	assert_int_equal(vipcare_engine_record_care(e, "CARL", VIPCARE_CARE_WELCOME, "once",
						    day_of("2025-04-01"), VIPCARE_OUTCOME_REACHED),
			 VIPCARE_OK);
	assert_int_equal(vipcare_engine_care_recorded(e, "CARL", VIPCARE_CARE_WELCOME, "once"), 1);
	vipcare_engine_unref(e);
}

static void test_bad_records_are_refused(void **state)
{
	struct vipcare_engine *e = engine_with_customers();
	const int32_t d = day_of("2025-03-01");
	char long_key[60];

	(void)state;
	assert_int_equal(vipcare_engine_record_care(e, "NOBODY", VIPCARE_CARE_WELCOME, "once", d,
						    VIPCARE_OUTCOME_REACHED),
			 VIPCARE_E_UNKNOWN_CUSTOMER);
	assert_non_null(strstr(vipcare_engine_last_error(e), "\"NOBODY\""));
	assert_int_equal(vipcare_engine_record_care(e, "ANNA", 6, "once", d, VIPCARE_OUTCOME_REACHED),
			 VIPCARE_E_RANGE);
	assert_non_null(strstr(vipcare_engine_last_error(e), "care kind 6"));
	assert_int_equal(vipcare_engine_record_care(e, "ANNA", VIPCARE_CARE_WELCOME, "once", d, 3),
			 VIPCARE_E_RANGE);
	assert_non_null(strstr(vipcare_engine_last_error(e), "outcome 3"));
	assert_int_equal(vipcare_engine_record_care(e, "ANNA", VIPCARE_CARE_WELCOME, "on ce", d,
						    VIPCARE_OUTCOME_REACHED),
			 VIPCARE_E_ID);
	assert_non_null(strstr(vipcare_engine_last_error(e), "\"on ce\""));
	assert_int_equal(vipcare_engine_record_care(e, "ANNA", VIPCARE_CARE_WELCOME, "", d,
						    VIPCARE_OUTCOME_REACHED),
			 VIPCARE_E_ID);
	memset(long_key, 'k', 49);
	long_key[49] = '\0';
	assert_int_equal(vipcare_engine_record_care(e, "ANNA", VIPCARE_CARE_WELCOME, long_key, d,
						    VIPCARE_OUTCOME_REACHED),
			 VIPCARE_E_ID);
	assert_int_equal(vipcare_engine_record_care(e, "ANNA", VIPCARE_CARE_WELCOME, "once",
						    VIPCARE_DATE_MAX + 1, VIPCARE_OUTCOME_REACHED),
			 VIPCARE_E_DATE);
	assert_int_equal(vipcare_engine_record_care(NULL, "ANNA", VIPCARE_CARE_WELCOME, "once", d,
						    VIPCARE_OUTCOME_REACHED),
			 VIPCARE_E_INVALID_ARGUMENT);
	/* nothing was recorded by the refused calls */
	assert_int_equal(vipcare_engine_care_count(e), 0);
	assert_int_equal(vipcare_engine_care_recorded(e, "ANNA", VIPCARE_CARE_WELCOME, "once"), 0);
	vipcare_engine_unref(e);
}

static void test_many_records(void **state)
{
	struct vipcare_engine *e = NULL;
	char cust[16], occasion[16];
	int i;

	(void)state;
	assert_int_equal(vipcare_engine_new(&e, NULL), VIPCARE_OK);
	for (i = 0; i < 3000; i++) {
		snprintf(cust, sizeof(cust), "C%d", i);
		snprintf(occasion, sizeof(occasion), "T%d", i);
		sale(e, occasion, cust, "2025-01-01T10:00", 100);
	}
	for (i = 0; i < 30000; i++) {
		snprintf(cust, sizeof(cust), "C%d", i % 3000);
		snprintf(occasion, sizeof(occasion), "%d", 2000 + i / 3000);
		assert_int_equal(vipcare_engine_record_care(e, cust, VIPCARE_CARE_BIRTHDAY, occasion,
							    day_of("2025-01-01") + i % 365,
							    i % 3),
				 VIPCARE_OK);
	}
	assert_int_equal(vipcare_engine_care_count(e), 30000);
	assert_int_equal(vipcare_engine_care_recorded(e, "C2999", VIPCARE_CARE_BIRTHDAY, "2009"), 1);
	assert_int_equal(vipcare_engine_care_recorded(e, "C2999", VIPCARE_CARE_BIRTHDAY, "2010"), 0);
	assert_int_equal(vipcare_engine_care_recorded(e, "C0", VIPCARE_CARE_LAPSE, "2000"), 0);
	vipcare_engine_unref(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_outcome_names),
		cmocka_unit_test(test_records_are_kept_and_found),
		cmocka_unit_test(test_bad_records_are_refused),
		cmocka_unit_test(test_many_records),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
