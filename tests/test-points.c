/*
 * Points (DESIGN §5b, §11): accrual at the tier of the sale date with
 * integer arithmetic, lots by calendar year and their expiry, refunds
 * taking back what they earned, redemptions spending the oldest lots,
 * idempotent and never overspending, and the KPIs' points block. Every
 * expected number is worked out in the comments.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "helpers.h"

static int setup(void **state)
{
	struct vipcare_engine *e = NULL;

	if (vipcare_engine_new(&e, NULL) != VIPCARE_OK)
		return -1;
	*state = e;
	return 0;
}

static int teardown(void **state)
{
	vipcare_engine_unref(*state);
	return 0;
}

static int64_t balance(struct vipcare_engine *e, const char *customer, const char *asof)
{
	int64_t b = 0;

	assert_int_equal(vipcare_engine_points_balance(e, customer, day_of(asof), &b, NULL, NULL),
			 VIPCARE_OK);
	return b;
}

static void assert_expiry(struct vipcare_engine *e, const char *customer, const char *asof,
			  const char *date, int64_t points)
{
	int64_t b = 0, n = -1;
	int32_t d = 0;

	assert_int_equal(vipcare_engine_points_balance(e, customer, day_of(asof), &b, &d, &n), VIPCARE_OK);
	if (date == NULL)
		assert_int_equal(d, VIPCARE_DATE_NONE);
	else
		assert_int_equal(d, day_of(date));
	assert_int_equal(n, points);
}

static int redeem(struct vipcare_engine *e, const char *id, const char *customer, const char *when,
		  int64_t points)
{
	return vipcare_engine_redeem_points(e, id, customer, ts_of(when), points, "parking");
}

static void test_default_rules(void **state)
{
	struct vipcare_policy *p = NULL;

	(void)state;
	assert_int_equal(vipcare_policy_new(&p), VIPCARE_OK);
	assert_int_equal(vipcare_policy_points_unit(p), 100);
	assert_int_equal(vipcare_policy_points_expiry_years(p), 1);
	assert_int_equal(vipcare_policy_points_multiplier(p, 0), 100);
	assert_int_equal(vipcare_policy_points_multiplier(p, 1), 100);
	assert_int_equal(vipcare_policy_points_multiplier(p, 2), 150);
	assert_int_equal(vipcare_policy_points_multiplier(p, 3), 200);
	assert_int_equal(vipcare_policy_points_multiplier(p, 4), VIPCARE_E_INVALID_ARGUMENT);
	assert_int_equal(vipcare_policy_set_points_unit(p, 0), VIPCARE_E_RANGE);
	assert_int_equal(vipcare_policy_set_points_expiry_years(p, -1), VIPCARE_E_RANGE);
	assert_int_equal(vipcare_policy_set_points_multiplier(p, 1, -1), VIPCARE_E_RANGE);
	vipcare_policy_unref(p);
}

/* 50,000.00 on 2025-03-01 makes P platinum that day (the sale included): x 1.5. */
static void test_multiplier_floor(void **state)
{
	struct vipcare_engine *e = *state;

	sale(e, "P1", "P", "2025-03-01T10:00", 5000000);
	assert_int_equal(balance(e, "P", "2025-02-28"), 0);
	/* floor(50000.00 x 1.5 / 1.00) = 75000 */
	assert_int_equal(balance(e, "P", "2025-03-01"), 75000);
	/* 123.45 at x 1.5: floor(185.175) = 185 */
	sale(e, "P2", "P", "2025-03-02T10:00", 12345);
	assert_int_equal(balance(e, "P", "2025-03-02"), 75185);
}

/* G rises from member to gold to platinum within a year: x1, x1, x1.5. */
static void test_tier_change_changes_the_rate(void **state)
{
	struct vipcare_engine *e = *state;

	sale(e, "G1", "G", "2025-01-10T10:00", 10000);   /* member: 100 */
	sale(e, "G2", "G", "2025-02-01T10:00", 1200000); /* 12,100.00 in the window: gold, 12000 */
	sale(e, "G3", "G", "2025-03-01T10:00", 4000000); /* 52,100.00: platinum, 60000 */
	assert_int_equal(balance(e, "G", "2025-01-31"), 100);
	assert_int_equal(balance(e, "G", "2025-02-01"), 12100);
	assert_int_equal(balance(e, "G", "2025-03-01"), 72100);
}

/*
 * L earns 10 in 2024 and 20 in 2025. The 2024 lot is in the balance
 * through 2025-12-31 and expired on 2026-01-01.
 */
static void test_lots_across_a_year_end_and_expiry_day(void **state)
{
	struct vipcare_engine *e = *state;

	sale(e, "L1", "L", "2024-12-31T23:59:59", 1000);
	sale(e, "L2", "L", "2025-01-01T00:00", 2000);
	assert_int_equal(balance(e, "L", "2025-12-31"), 30);
	assert_expiry(e, "L", "2025-12-31", "2025-12-31", 10);
	assert_int_equal(balance(e, "L", "2026-01-01"), 20);
	assert_expiry(e, "L", "2026-01-01", "2026-12-31", 20);
	assert_int_equal(balance(e, "L", "2026-12-31"), 20);
	assert_int_equal(balance(e, "L", "2027-01-01"), 0);
	assert_expiry(e, "L", "2027-01-01", NULL, 0);
}

/* 25 points from lots of 10 (2024) and 20 (2025): 10 + 15, 5 left in 2025's. */
static void test_redemption_spans_two_lots(void **state)
{
	struct vipcare_engine *e = *state;

	sale(e, "L1", "L", "2024-12-31T12:00", 1000);
	sale(e, "L2", "L", "2025-01-01T12:00", 2000);
	assert_int_equal(redeem(e, "R1", "L", "2025-06-01T10:00", 25), VIPCARE_OK);
	assert_int_equal(balance(e, "L", "2025-05-31"), 30);
	assert_int_equal(balance(e, "L", "2025-06-01"), 5);
	assert_expiry(e, "L", "2025-06-01", "2026-12-31", 5);
	assert_int_equal(balance(e, "L", "2026-01-01"), 5);
	assert_int_equal(vipcare_engine_points_redemption_count(e), 1);

	/* a retry with the same content answers again and spends nothing more */
	assert_int_equal(redeem(e, "R1", "L", "2025-06-01T10:00", 25), VIPCARE_OK);
	assert_int_equal(vipcare_engine_points_redemption_count(e), 1);
	assert_int_equal(balance(e, "L", "2025-06-01"), 5);
	/* the same id with other content is a duplicate */
	assert_int_equal(redeem(e, "R1", "L", "2025-06-01T10:00", 24), VIPCARE_E_DUPLICATE);
	assert_string_equal(vipcare_engine_last_error(e),
			    "points redemption \"R1\" is already recorded with other content");

	/* overspend refused, nothing recorded */
	assert_int_equal(redeem(e, "R2", "L", "2025-07-01T10:00", 6), VIPCARE_E_REFUSED);
	assert_string_equal(vipcare_engine_last_error(e),
			    "points redemption \"R2\" of 6 refused: insufficient_points (balance 5)");
	assert_int_equal(vipcare_engine_points_redemption_count(e), 1);
	assert_int_equal(redeem(e, "R3", "L", "2025-07-01T10:00", 5), VIPCARE_OK);
	assert_int_equal(balance(e, "L", "2025-07-01"), 0);
}

/*
 * K: T1 200 and T2 100 points in 2025, 250 spent (50 left). Refunding
 * 150.00 of T1 takes back 150: 50 from T1's lot, the other 100 become
 * debt. Nothing is redeemable then; new points pay the debt first.
 */
static void test_refund_after_its_lot_was_spent(void **state)
{
	struct vipcare_engine *e = *state;

	sale(e, "T1", "K", "2025-02-01T10:00", 20000);
	sale(e, "T2", "K", "2025-03-01T10:00", 10000);
	assert_int_equal(redeem(e, "KR1", "K", "2025-04-01T10:00", 250), VIPCARE_OK);
	refund(e, "T3", "K", "2025-05-01T10:00", 15000, "T1");
	assert_int_equal(balance(e, "K", "2025-04-30"), 50);
	assert_int_equal(balance(e, "K", "2025-05-01"), -100);
	assert_expiry(e, "K", "2025-05-01", NULL, 0);
	assert_int_equal(redeem(e, "KR2", "K", "2025-05-02T10:00", 1), VIPCARE_E_REFUSED);
	assert_string_equal(vipcare_engine_last_error(e),
			    "points redemption \"KR2\" of 1 refused: insufficient_points (balance -100)");
	sale(e, "T4", "K", "2025-06-01T10:00", 3000);
	assert_int_equal(balance(e, "K", "2025-06-01"), -70);
	sale(e, "T5", "K", "2025-07-01T10:00", 10000);
	assert_int_equal(balance(e, "K", "2025-07-01"), 30);
	/* debt never expires, paid debt is gone: 30 left in 2025's lot */
	assert_int_equal(balance(e, "K", "2026-12-31"), 30);
	assert_int_equal(balance(e, "K", "2027-01-01"), 0);
}

/*
 * A refund of an unknown original takes back at the refund date's
 * multiplier, from the newest lots: U is platinum (x1.5) on 2025-03-05.
 */
static void test_refund_of_an_unknown_original(void **state)
{
	struct vipcare_engine *e = *state;

	sale(e, "U1", "U", "2025-03-01T10:00", 6000000); /* 90000 */
	refund(e, "U2", "U", "2025-03-05T10:00", 10000, "ELSEWHERE-9"); /* 150 */
	assert_int_equal(balance(e, "U", "2025-03-05"), 89850);
}

/*
 * A known original's refund takes back at the original's multiplier, even
 * when the tier fell since: V was platinum on 2025-03-01 and is member
 * after the window passed; the refund of 2026-06-01 takes 1.5 x 100 = 150
 * from the 2025 lot.
 */
static void test_refund_uses_the_originals_multiplier(void **state)
{
	struct vipcare_engine *e = *state;

	sale(e, "V1", "V", "2025-03-01T10:00", 6000000); /* platinum: 90000, lot 2025 */
	refund(e, "V2", "V", "2026-06-01T10:00", 10000, "V1");
	assert_int_equal(balance(e, "V", "2026-06-01"), 89850);
	assert_expiry(e, "V", "2026-06-01", "2026-12-31", 89850);
}

/* A backdated redemption that would uncover a later one is refused. */
static void test_every_redemption_stays_covered(void **state)
{
	struct vipcare_engine *e = *state;

	sale(e, "W1", "W", "2025-01-10T10:00", 10000); /* 100 */
	assert_int_equal(redeem(e, "WR1", "W", "2025-03-01T10:00", 80), VIPCARE_OK);
	assert_int_equal(redeem(e, "WR2", "W", "2025-02-01T10:00", 30), VIPCARE_E_REFUSED);
	assert_string_equal(vipcare_engine_last_error(e),
			    "points redemption \"WR2\" of 30 refused: insufficient_points "
			    "(it would leave a later redemption uncovered)");
	assert_int_equal(redeem(e, "WR3", "W", "2025-02-01T10:00", 20), VIPCARE_OK);
	assert_int_equal(balance(e, "W", "2025-03-01"), 0);
}

static void test_bad_calls(void **state)
{
	struct vipcare_engine *e = *state;
	int64_t b;

	sale(e, "B1", "B", "2025-01-10T10:00", 10000);
	assert_int_equal(redeem(e, "X1", "NOBODY", "2025-02-01T10:00", 1), VIPCARE_E_UNKNOWN_CUSTOMER);
	assert_int_equal(redeem(e, "X2", "B", "2025-02-01T10:00", 0), VIPCARE_E_RANGE);
	assert_string_equal(vipcare_engine_last_error(e),
			    "points redemption \"X2\": 0 points is not 1 .. 10^15");
	assert_int_equal(redeem(e, "", "B", "2025-02-01T10:00", 1), VIPCARE_E_ID);
	assert_int_equal(vipcare_engine_points_balance(e, "NOBODY", day_of("2025-01-01"), &b, NULL, NULL),
			 VIPCARE_E_UNKNOWN_CUSTOMER);
	assert_int_equal(vipcare_engine_points_balance(e, "B", VIPCARE_DATE_NONE, &b, NULL, NULL),
			 VIPCARE_E_DATE);
	assert_int_equal(vipcare_engine_points_redemption_count(e), 0);
}

/*
 * The KPIs' points block for 2025:
 * - A: 100 in 2024; in 2025 earns 50, spends 30 (from the 2024 lot: 70
 *   left), a refund of 20.00 of its 2025 sale takes back 20 (30 left).
 *   issued 50 - 20 = 30, redeemed 30, expired 0, outstanding 70 + 30 = 100.
 * - B: 40 in 2023, expired on 2025-01-01 (in the period); earns 10 in 2025.
 *   issued 10, expired 40, outstanding 10.
 * Totals: issued 40, redeemed 30, expired 40, outstanding 110; and
 * outstanding(to) - outstanding(from - 1) = 110 - (100 + 40) = -30
 * = issued - redeemed - expired = 40 - 30 - 40.
 */
static void test_kpi_points_block(void **state)
{
	struct vipcare_engine *e = *state;
	struct vipcare_kpi_state *s = NULL;
	int64_t num, den;
	char *json = NULL;

	sale(e, "A1", "A", "2024-06-01T10:00", 10000);
	sale(e, "A2", "A", "2025-02-01T10:00", 5000);
	assert_int_equal(redeem(e, "AR1", "A", "2025-03-01T10:00", 30), VIPCARE_OK);
	refund(e, "A3", "A", "2025-04-01T10:00", 2000, "A2");
	sale(e, "B1", "B", "2023-05-01T10:00", 4000);
	sale(e, "B2", "B", "2025-06-01T10:00", 1000);
	assert_int_equal(balance(e, "A", "2024-12-31") + balance(e, "B", "2024-12-31"), 140);
	assert_int_equal(vipcare_kpi_state_new(&s, e, day_of("2025-01-01"), day_of("2025-12-31")),
			 VIPCARE_OK);
	assert_int_equal(vipcare_kpi_get(s, VIPCARE_KPI_POINTS_ISSUED, &num, &den), VIPCARE_OK);
	assert_int_equal(num, 40);
	assert_int_equal(den, 1);
	assert_int_equal(vipcare_kpi_get(s, VIPCARE_KPI_POINTS_REDEEMED, &num, &den), VIPCARE_OK);
	assert_int_equal(num, 30);
	assert_int_equal(vipcare_kpi_get(s, VIPCARE_KPI_POINTS_EXPIRED, &num, &den), VIPCARE_OK);
	assert_int_equal(num, 40);
	assert_int_equal(vipcare_kpi_get(s, VIPCARE_KPI_POINTS_OUTSTANDING, &num, &den), VIPCARE_OK);
	assert_int_equal(num, 110);
	assert_int_equal(vipcare_kpi_state_to_json(s, &json), VIPCARE_OK);
	assert_non_null(strstr(json, "\"points\": {\"issued\": 40, \"redeemed\": 30, \"expired\": 40, "
				     "\"outstanding\": 110}\n}\n"));
	vipcare_free(json);
	vipcare_kpi_state_unref(s);
}

/* The worked example of docs/points.md, number for number. */
static void test_worked_example_of_the_docs(void **state)
{
	struct vipcare_engine *e = *state;
	struct vipcare_kpi_state *s = NULL;
	int64_t num, den;

	sale(e, "M1", "MEI", "2024-11-20T15:00", 80000);   /* member x1: 800, lot 2024 */
	sale(e, "M2", "MEI", "2025-02-14T19:30", 950000);  /* 10,300.00: gold x1: 9500 */
	sale(e, "M3", "MEI", "2025-05-01T11:00", 4500000); /* 55,300.00: platinum x1.5: 67500 */
	refund(e, "M4", "MEI", "2025-06-10T10:00", 500000, "M3"); /* at M3's x1.5: 7500 back */
	assert_int_equal(redeem(e, "MR1", "MEI", "2025-09-01T09:00", 500), VIPCARE_OK);
	assert_int_equal(balance(e, "MEI", "2024-12-31"), 800);
	assert_int_equal(balance(e, "MEI", "2025-02-14"), 10300);
	assert_int_equal(balance(e, "MEI", "2025-05-01"), 77800);
	assert_int_equal(balance(e, "MEI", "2025-06-10"), 70300);
	assert_int_equal(balance(e, "MEI", "2025-09-01"), 69800);
	assert_expiry(e, "MEI", "2025-12-31", "2025-12-31", 300);
	assert_int_equal(balance(e, "MEI", "2026-01-01"), 69500);
	assert_expiry(e, "MEI", "2026-01-01", "2026-12-31", 69500);
	assert_int_equal(vipcare_kpi_state_new(&s, e, day_of("2025-01-01"), day_of("2025-12-31")),
			 VIPCARE_OK);
	assert_int_equal(vipcare_kpi_get(s, VIPCARE_KPI_POINTS_ISSUED, &num, &den), VIPCARE_OK);
	assert_int_equal(num, 69500);
	assert_int_equal(vipcare_kpi_get(s, VIPCARE_KPI_POINTS_REDEEMED, &num, &den), VIPCARE_OK);
	assert_int_equal(num, 500);
	assert_int_equal(vipcare_kpi_get(s, VIPCARE_KPI_POINTS_EXPIRED, &num, &den), VIPCARE_OK);
	assert_int_equal(num, 0);
	assert_int_equal(vipcare_kpi_get(s, VIPCARE_KPI_POINTS_OUTSTANDING, &num, &den), VIPCARE_OK);
	assert_int_equal(num, 69800);
	vipcare_kpi_state_unref(s);
	assert_int_equal(vipcare_kpi_state_new(&s, e, day_of("2026-01-01"), day_of("2026-12-31")),
			 VIPCARE_OK);
	assert_int_equal(vipcare_kpi_get(s, VIPCARE_KPI_POINTS_EXPIRED, &num, &den), VIPCARE_OK);
	assert_int_equal(num, 300);
	/* the 2025 lot is in the balance through 2026-12-31 */
	assert_int_equal(vipcare_kpi_get(s, VIPCARE_KPI_POINTS_OUTSTANDING, &num, &den), VIPCARE_OK);
	assert_int_equal(num, 69500);
	vipcare_kpi_state_unref(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_rules),
		cmocka_unit_test_setup_teardown(test_multiplier_floor, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tier_change_changes_the_rate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lots_across_a_year_end_and_expiry_day, setup, teardown),
		cmocka_unit_test_setup_teardown(test_redemption_spans_two_lots, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refund_after_its_lot_was_spent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refund_of_an_unknown_original, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refund_uses_the_originals_multiplier, setup, teardown),
		cmocka_unit_test_setup_teardown(test_every_redemption_stays_covered, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_calls, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kpi_points_block, setup, teardown),
		cmocka_unit_test_setup_teardown(test_worked_example_of_the_docs, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
