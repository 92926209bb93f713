/*
 * Benefits at the till (DESIGN §5, §8) with the default policy's benefits:
 * birthday_coupon (gold+, 1 per year, birthday month), free_parking_hours
 * (gold 2, platinum 3, diamond 5 per day), priority_checkout (platinum+,
 * unlimited), dedicated_advisor (diamond), vip_event_invite (platinum+, 1
 * per quarter), welcome_gift (all, 1 per lifetime, first 30 days).
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

#define GOLD 1000000     /* 10,000.00 */
#define PLATINUM 5000000 /* 50,000.00 */

struct fixture {
	struct vipcare_engine *engine;
	struct vipcare_checkout *list;
};

static void add_customer(struct vipcare_engine *e, const char *id, int32_t month, int32_t day)
{
	struct vipcare_customer *c = NULL;

	assert_int_equal(vipcare_customer_new(&c), VIPCARE_OK);
	assert_int_equal(vipcare_customer_set_id(c, id), VIPCARE_OK);
	assert_int_equal(vipcare_customer_set_birthday(c, month, day), VIPCARE_OK);
	assert_int_equal(vipcare_engine_add_customer(e, c), VIPCARE_OK);
	vipcare_customer_unref(c);
}

static int setup_with(void **state, struct vipcare_policy *policy)
{
	struct fixture *f = test_calloc(1, sizeof(*f));

	assert_int_equal(vipcare_engine_new(&f->engine, policy), VIPCARE_OK);
	assert_int_equal(vipcare_checkout_new(&f->list), VIPCARE_OK);
	add_customer(f->engine, "GOLD1", 3, 15);
	sale(f->engine, "G1", "GOLD1", "2025-01-10T10:00", GOLD + 200000);
	add_customer(f->engine, "PLAT", 12, 31);
	sale(f->engine, "P1", "PLAT", "2025-02-01T10:00", PLATINUM + 1000000);
	add_customer(f->engine, "MEM", 2, 29);
	sale(f->engine, "M1", "MEM", "2025-01-10T10:00", 5000);
	add_customer(f->engine, "NOBDAY", 0, 0);
	sale(f->engine, "N1", "NOBDAY", "2025-01-10T10:00", GOLD);
	add_customer(f->engine, "NEWBIE", 1, 2);
	*state = f;
	return 0;
}

static int setup(void **state)
{
	return setup_with(state, NULL);
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	vipcare_checkout_unref(f->list);
	vipcare_engine_unref(f->engine);
	test_free(f);
	return 0;
}

/* Checks one benefit and returns the list for its one decision. */
static const struct vipcare_checkout *check(struct fixture *f, const char *customer,
					    const char *benefit, const char *when)
{
	assert_int_equal(vipcare_engine_check_benefit(f->engine, customer, benefit, ts_of(when), f->list),
			 VIPCARE_OK);
	assert_int_equal(vipcare_checkout_count(f->list), 1);
	assert_string_equal(vipcare_checkout_benefit(f->list, 0), benefit);
	return f->list;
}

static void assert_decision(const struct vipcare_checkout *l, size_t i, int reason, int32_t left,
			    const char *period_end)
{
	assert_string_equal(vipcare_reason_name(vipcare_checkout_reason(l, i)), vipcare_reason_name(reason));
	assert_int_equal(vipcare_checkout_eligible(l, i), reason == VIPCARE_REASON_OK);
	assert_int_equal(vipcare_checkout_left(l, i), left);
	if (period_end == NULL)
		assert_int_equal(vipcare_checkout_period_end(l, i), VIPCARE_DATE_NONE);
	else
		assert_int_equal(vipcare_checkout_period_end(l, i), day_of(period_end));
}

static int redeem(struct fixture *f, const char *id, const char *customer, const char *benefit,
		  const char *when, int32_t quantity)
{
	return vipcare_engine_redeem(f->engine, id, customer, benefit, ts_of(when), quantity, f->list);
}

static void test_every_reason(void **state)
{
	struct fixture *f = *state;
	const struct vipcare_checkout *l;

	l = check(f, "NOBODY", "free_parking_hours", "2025-06-10T12:00");
	assert_decision(l, 0, VIPCARE_REASON_UNKNOWN_CUSTOMER, 0, NULL);
	assert_int_equal(vipcare_checkout_tier(l), -1);
	assert_null(vipcare_checkout_tier_name(l));
	l = check(f, "GOLD1", "spa_day", "2025-06-10T12:00");
	assert_decision(l, 0, VIPCARE_REASON_UNKNOWN_BENEFIT, 0, NULL);
	l = check(f, "MEM", "free_parking_hours", "2025-06-10T12:00");
	assert_decision(l, 0, VIPCARE_REASON_TIER_TOO_LOW, 0, NULL);
	assert_string_equal(vipcare_checkout_tier_name(l), "member");
	l = check(f, "NOBDAY", "birthday_coupon", "2025-06-10T12:00");
	assert_decision(l, 0, VIPCARE_REASON_UNKNOWN_BIRTHDAY, 1, "2025-12-31");
	l = check(f, "GOLD1", "birthday_coupon", "2025-06-10T12:00");
	assert_decision(l, 0, VIPCARE_REASON_OUTSIDE_WINDOW, 1, "2025-12-31");
	l = check(f, "GOLD1", "birthday_coupon", "2025-03-01T09:00");
	assert_decision(l, 0, VIPCARE_REASON_OK, 1, "2025-12-31");
	assert_string_equal(vipcare_checkout_tier_name(l), "gold");
	assert_int_equal(redeem(f, "R1", "GOLD1", "free_parking_hours", "2025-06-10T09:00", 2), VIPCARE_OK);
	l = check(f, "GOLD1", "free_parking_hours", "2025-06-10T12:00");
	assert_decision(l, 0, VIPCARE_REASON_QUOTA_EXHAUSTED, 0, "2025-06-10");
	l = check(f, "PLAT", "priority_checkout", "2025-06-10T12:00");
	assert_decision(l, 0, VIPCARE_REASON_OK, -1, NULL);
	assert_string_equal(vipcare_reason_name(VIPCARE_REASON_QUOTA_EXHAUSTED), "quota_exhausted");
	assert_string_equal(vipcare_reason_name(VIPCARE_REASON_INSUFFICIENT_POINTS), "insufficient_points");
	assert_null(vipcare_reason_name(8));
}

static void test_checkout_lists_every_benefit(void **state)
{
	struct fixture *f = *state;
	const struct vipcare_checkout *l = f->list;
	static const char *const ids[] = { "birthday_coupon", "free_parking_hours", "priority_checkout",
					   "dedicated_advisor", "vip_event_invite", "welcome_gift" };
	size_t i;

	assert_int_equal(vipcare_engine_checkout(f->engine, "PLAT", ts_of("2025-12-20T15:30"), f->list),
			 VIPCARE_OK);
	assert_int_equal(vipcare_checkout_count(l), 6);
	for (i = 0; i < 6; i++)
		assert_string_equal(vipcare_checkout_benefit(l, i), ids[i]);
	assert_string_equal(vipcare_checkout_customer(l), "PLAT");
	assert_int_equal(vipcare_checkout_at(l), ts_of("2025-12-20T15:30"));
	assert_string_equal(vipcare_checkout_tier_name(l), "platinum");
	assert_decision(l, 0, VIPCARE_REASON_OK, 1, "2025-12-31");
	assert_decision(l, 1, VIPCARE_REASON_OK, 3, "2025-12-20");
	assert_decision(l, 2, VIPCARE_REASON_OK, -1, NULL);
	assert_decision(l, 3, VIPCARE_REASON_TIER_TOO_LOW, 0, NULL);
	assert_decision(l, 4, VIPCARE_REASON_OK, 1, "2025-12-31");
	/* first sale 2025-02-01: day 30 was 2025-03-02 */
	assert_decision(l, 5, VIPCARE_REASON_OUTSIDE_WINDOW, 1, NULL);
	/* an unknown customer is not an error */
	assert_int_equal(vipcare_engine_checkout(f->engine, "NOBODY", ts_of("2025-12-20T15:30"), f->list),
			 VIPCARE_OK);
	assert_int_equal(vipcare_checkout_count(l), 6);
	for (i = 0; i < 6; i++)
		assert_decision(l, i, VIPCARE_REASON_UNKNOWN_CUSTOMER, 0, NULL);
	assert_int_equal(vipcare_engine_checkout(f->engine, "PLAT", VIPCARE_TIMESTAMP_MAX + 1, f->list),
			 VIPCARE_E_TIMESTAMP);
}

static void test_tier_specific_quotas_and_a_rise_during_the_day(void **state)
{
	struct fixture *f = *state;
	const struct vipcare_checkout *l;
	char id[16], when[32];
	int week;

	l = check(f, "GOLD1", "free_parking_hours", "2025-06-10T08:00");
	assert_decision(l, 0, VIPCARE_REASON_OK, 2, "2025-06-10");
	l = check(f, "PLAT", "free_parking_hours", "2025-06-10T08:00");
	assert_decision(l, 0, VIPCARE_REASON_OK, 3, "2025-06-10");
	for (week = 0; week < 52; week++) {
		char text[VIPCARE_DATE_BUFSIZE];

		assert_int_equal(vipcare_date_format(text, sizeof(text), day_of("2025-01-06") + 7 * week),
				 VIPCARE_OK);
		snprintf(when, sizeof(when), "%sT11:00", text);
		snprintf(id, sizeof(id), "D%d", week);
		sale(f->engine, id, "DIA", when, 200000);
	}
	l = check(f, "DIA", "free_parking_hours", "2025-12-29T18:00");
	assert_decision(l, 0, VIPCARE_REASON_OK, 5, "2025-12-29");
	assert_string_equal(vipcare_checkout_tier_name(l), "diamond");

	/* gold spends its 2 hours, then a big purchase makes it platinum that day */
	assert_int_equal(redeem(f, "P-1", "GOLD1", "free_parking_hours", "2025-06-10T10:00", 2), VIPCARE_OK);
	l = check(f, "GOLD1", "free_parking_hours", "2025-06-10T10:05");
	assert_decision(l, 0, VIPCARE_REASON_QUOTA_EXHAUSTED, 0, "2025-06-10");
	sale(f->engine, "G2", "GOLD1", "2025-06-10T12:00", 4000000);
	l = check(f, "GOLD1", "free_parking_hours", "2025-06-10T13:00");
	assert_decision(l, 0, VIPCARE_REASON_OK, 1, "2025-06-10");
	assert_string_equal(vipcare_checkout_tier_name(l), "platinum");
}

static void test_quota_resets_at_period_boundaries(void **state)
{
	struct fixture *f = *state;
	const struct vipcare_checkout *l;

	/* day */
	assert_int_equal(redeem(f, "D1", "GOLD1", "free_parking_hours", "2025-06-10T23:59:59", 2),
			 VIPCARE_OK);
	l = check(f, "GOLD1", "free_parking_hours", "2025-06-10T23:59:59");
	assert_decision(l, 0, VIPCARE_REASON_QUOTA_EXHAUSTED, 0, "2025-06-10");
	l = check(f, "GOLD1", "free_parking_hours", "2025-06-11T00:00");
	assert_decision(l, 0, VIPCARE_REASON_OK, 2, "2025-06-11");
	/* quarter */
	assert_int_equal(redeem(f, "Q1", "PLAT", "vip_event_invite", "2025-03-31T20:00", 1), VIPCARE_OK);
	l = check(f, "PLAT", "vip_event_invite", "2025-03-01T08:00");
	assert_decision(l, 0, VIPCARE_REASON_QUOTA_EXHAUSTED, 0, "2025-03-31");
	l = check(f, "PLAT", "vip_event_invite", "2025-04-01T08:00");
	assert_decision(l, 0, VIPCARE_REASON_OK, 1, "2025-06-30");
	/* year */
	assert_int_equal(redeem(f, "Y1", "PLAT", "birthday_coupon", "2025-12-31T10:00", 1), VIPCARE_OK);
	l = check(f, "PLAT", "birthday_coupon", "2025-12-31T23:00");
	assert_decision(l, 0, VIPCARE_REASON_QUOTA_EXHAUSTED, 0, "2025-12-31");
	/* by then PLAT needs a purchase in the window to be gold or above */
	l = check(f, "PLAT", "birthday_coupon", "2026-12-01T10:00");
	assert_decision(l, 0, VIPCARE_REASON_TIER_TOO_LOW, 0, NULL);
	sale(f->engine, "P2", "PLAT", "2026-06-01T10:00", GOLD);
	l = check(f, "PLAT", "birthday_coupon", "2026-12-01T10:00");
	assert_decision(l, 0, VIPCARE_REASON_OK, 1, "2026-12-31");
	/* lifetime never resets */
	sale(f->engine, "NB1", "NEWBIE", "2025-05-05T10:00", 1000);
	assert_int_equal(redeem(f, "W1", "NEWBIE", "welcome_gift", "2025-05-05T10:05", 1), VIPCARE_OK);
	l = check(f, "NEWBIE", "welcome_gift", "2025-05-06T10:00");
	assert_decision(l, 0, VIPCARE_REASON_QUOTA_EXHAUSTED, 0, NULL);
	l = check(f, "NEWBIE", "welcome_gift", "2035-05-06T10:00");
	assert_decision(l, 0, VIPCARE_REASON_OUTSIDE_WINDOW, 0, NULL);
}

static int setup_weekly(void **state)
{
	struct vipcare_policy *p = NULL;
	size_t index = 0;
	int rc;

	assert_int_equal(vipcare_policy_new(&p), VIPCARE_OK);
	assert_int_equal(vipcare_policy_add_benefit(p, "coffee", &index), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_benefit_quota(p, index, -1, VIPCARE_PERIOD_WEEK, 1), VIPCARE_OK);
	assert_int_equal(vipcare_policy_add_benefit(p, "valet", &index), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_benefit_quota(p, index, -1, VIPCARE_PERIOD_MONTH, 2), VIPCARE_OK);
	assert_int_equal(vipcare_policy_add_benefit(p, "cake", &index), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_benefit_quota(p, index, -1, VIPCARE_PERIOD_YEAR, 1), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_benefit_window(p, index, VIPCARE_WINDOW_BIRTHDAY_DAYS, 7),
			 VIPCARE_OK);
	assert_int_equal(vipcare_policy_validate(p), VIPCARE_OK);
	rc = setup_with(state, p);
	vipcare_policy_unref(p);
	return rc;
}

static void test_iso_week_and_month_boundaries(void **state)
{
	struct fixture *f = *state;
	const struct vipcare_checkout *l;

	/* Sunday 2024-12-29 ends ISO week 2024-W52; Monday 2024-12-30 starts 2025-W01 */
	sale(f->engine, "E1", "MEM", "2024-12-01T10:00", 100);
	assert_int_equal(redeem(f, "C1", "MEM", "coffee", "2024-12-29T18:00", 1), VIPCARE_OK);
	l = check(f, "MEM", "coffee", "2024-12-29T19:00");
	assert_decision(l, 0, VIPCARE_REASON_QUOTA_EXHAUSTED, 0, "2024-12-29");
	l = check(f, "MEM", "coffee", "2024-12-30T08:00");
	assert_decision(l, 0, VIPCARE_REASON_OK, 1, "2025-01-05");
	/* the new week runs across the new year */
	assert_int_equal(redeem(f, "C2", "MEM", "coffee", "2024-12-31T08:00", 1), VIPCARE_OK);
	l = check(f, "MEM", "coffee", "2025-01-05T21:00");
	assert_decision(l, 0, VIPCARE_REASON_QUOTA_EXHAUSTED, 0, "2025-01-05");
	l = check(f, "MEM", "coffee", "2025-01-06T00:00");
	assert_decision(l, 0, VIPCARE_REASON_OK, 1, "2025-01-12");
	/* month: February 2024 has 29 days */
	assert_int_equal(redeem(f, "V1", "MEM", "valet", "2024-02-29T12:00", 2), VIPCARE_OK);
	l = check(f, "MEM", "valet", "2024-02-01T12:00");
	assert_decision(l, 0, VIPCARE_REASON_QUOTA_EXHAUSTED, 0, "2024-02-29");
	l = check(f, "MEM", "valet", "2024-03-01T00:00");
	assert_decision(l, 0, VIPCARE_REASON_OK, 2, "2024-03-31");
}

static void test_birthday_windows(void **state)
{
	struct fixture *f = *state;
	const struct vipcare_checkout *l;

	/* NEWBIE's birthday is 2 January: ±7 days runs across the year end */
	l = check(f, "NEWBIE", "cake", "2024-12-26T10:00");
	assert_decision(l, 0, VIPCARE_REASON_OK, 1, "2024-12-31");
	l = check(f, "NEWBIE", "cake", "2024-12-25T23:59");
	assert_decision(l, 0, VIPCARE_REASON_OUTSIDE_WINDOW, 1, "2024-12-31");
	l = check(f, "NEWBIE", "cake", "2025-01-09T10:00");
	assert_decision(l, 0, VIPCARE_REASON_OK, 1, "2025-12-31");
	l = check(f, "NEWBIE", "cake", "2025-01-10T00:00");
	assert_decision(l, 0, VIPCARE_REASON_OUTSIDE_WINDOW, 1, "2025-12-31");
	/* MEM was born on 29 February: 28 February in common years */
	l = check(f, "MEM", "cake", "2025-02-21T10:00");
	assert_decision(l, 0, VIPCARE_REASON_OK, 1, "2025-12-31");
	l = check(f, "MEM", "cake", "2025-02-20T10:00");
	assert_decision(l, 0, VIPCARE_REASON_OUTSIDE_WINDOW, 1, "2025-12-31");
	l = check(f, "MEM", "cake", "2025-03-07T10:00");
	assert_decision(l, 0, VIPCARE_REASON_OK, 1, "2025-12-31");
	l = check(f, "MEM", "cake", "2025-03-08T10:00");
	assert_decision(l, 0, VIPCARE_REASON_OUTSIDE_WINDOW, 1, "2025-12-31");
	l = check(f, "MEM", "cake", "2024-03-07T10:00");
	assert_decision(l, 0, VIPCARE_REASON_OK, 1, "2024-12-31");
	l = check(f, "MEM", "cake", "2024-03-08T10:00");
	assert_decision(l, 0, VIPCARE_REASON_OUTSIDE_WINDOW, 1, "2024-12-31");
	l = check(f, "NOBDAY", "cake", "2025-01-01T10:00");
	assert_decision(l, 0, VIPCARE_REASON_UNKNOWN_BIRTHDAY, 1, "2025-12-31");
}

static void test_birthday_month(void **state)
{
	struct fixture *f = *state;
	const struct vipcare_checkout *l;

	sale(f->engine, "M2", "MEM", "2025-01-20T10:00", GOLD);
	/* 29 February: the month is February in common years too */
	l = check(f, "MEM", "birthday_coupon", "2025-02-01T00:00");
	assert_decision(l, 0, VIPCARE_REASON_OK, 1, "2025-12-31");
	l = check(f, "MEM", "birthday_coupon", "2025-02-28T23:59");
	assert_decision(l, 0, VIPCARE_REASON_OK, 1, "2025-12-31");
	l = check(f, "MEM", "birthday_coupon", "2025-03-01T00:00");
	assert_decision(l, 0, VIPCARE_REASON_OUTSIDE_WINDOW, 1, "2025-12-31");
	l = check(f, "MEM", "birthday_coupon", "2025-01-31T23:59");
	assert_decision(l, 0, VIPCARE_REASON_OUTSIDE_WINDOW, 1, "2025-12-31");
}

static void test_first_days_window(void **state)
{
	struct fixture *f = *state;
	const struct vipcare_checkout *l;

	/* no sale yet: outside the window */
	l = check(f, "NEWBIE", "welcome_gift", "2025-05-01T10:00");
	assert_decision(l, 0, VIPCARE_REASON_OUTSIDE_WINDOW, 1, NULL);
	sale(f->engine, "NB1", "NEWBIE", "2025-05-05T16:00", 1000);
	/* the first sale day is day 1, so day 30 is 2025-06-03 */
	l = check(f, "NEWBIE", "welcome_gift", "2025-05-05T08:00");
	assert_decision(l, 0, VIPCARE_REASON_OK, 1, NULL);
	l = check(f, "NEWBIE", "welcome_gift", "2025-06-03T23:59");
	assert_decision(l, 0, VIPCARE_REASON_OK, 1, NULL);
	l = check(f, "NEWBIE", "welcome_gift", "2025-06-04T00:00");
	assert_decision(l, 0, VIPCARE_REASON_OUTSIDE_WINDOW, 1, NULL);
	l = check(f, "NEWBIE", "welcome_gift", "2025-05-04T23:59");
	assert_decision(l, 0, VIPCARE_REASON_OUTSIDE_WINDOW, 1, NULL);
}

static void test_redemption_is_idempotent(void **state)
{
	struct fixture *f = *state;
	const struct vipcare_checkout *l = f->list;

	assert_int_equal(redeem(f, "POS1-77", "PLAT", "free_parking_hours", "2025-06-10T09:00", 2), VIPCARE_OK);
	assert_int_equal(vipcare_checkout_replayed(l), 0);
	assert_decision(l, 0, VIPCARE_REASON_OK, 1, "2025-06-10");
	/* the POS retries: the same answer, nothing more spent */
	assert_int_equal(redeem(f, "POS1-77", "PLAT", "free_parking_hours", "2025-06-10T09:00", 2), VIPCARE_OK);
	assert_int_equal(vipcare_checkout_replayed(l), 1);
	assert_int_equal(vipcare_engine_redemption_count(f->engine), 1);
	l = check(f, "PLAT", "free_parking_hours", "2025-06-10T10:00");
	assert_decision(l, 0, VIPCARE_REASON_OK, 1, "2025-06-10");
	/* the same id with other content is refused */
	assert_int_equal(redeem(f, "POS1-77", "PLAT", "free_parking_hours", "2025-06-10T09:00", 1),
			 VIPCARE_E_DUPLICATE);
	assert_non_null(strstr(vipcare_engine_last_error(f->engine), "\"POS1-77\""));
	assert_int_equal(redeem(f, "POS1-77", "GOLD1", "free_parking_hours", "2025-06-10T09:00", 2),
			 VIPCARE_E_DUPLICATE);
	/* more than is left is refused whole and spends nothing */
	assert_int_equal(redeem(f, "POS1-78", "PLAT", "free_parking_hours", "2025-06-10T11:00", 2),
			 VIPCARE_E_REFUSED);
	assert_decision(f->list, 0, VIPCARE_REASON_QUOTA_EXHAUSTED, 1, "2025-06-10");
	assert_non_null(strstr(vipcare_engine_last_error(f->engine), "quota_exhausted"));
	assert_int_equal(vipcare_engine_redemption_count(f->engine), 1);
	/* a refused id is not taken: it may succeed later */
	assert_int_equal(redeem(f, "POS1-78", "PLAT", "free_parking_hours", "2025-06-10T11:00", 1), VIPCARE_OK);
	assert_decision(f->list, 0, VIPCARE_REASON_OK, 0, "2025-06-10");
	/* a redemption dated in the past counts in its own period */
	assert_int_equal(redeem(f, "POS1-10", "PLAT", "free_parking_hours", "2025-06-01T09:00", 3), VIPCARE_OK);
	l = check(f, "PLAT", "free_parking_hours", "2025-06-01T20:00");
	assert_decision(l, 0, VIPCARE_REASON_QUOTA_EXHAUSTED, 0, "2025-06-01");
	l = check(f, "PLAT", "free_parking_hours", "2025-06-02T20:00");
	assert_decision(l, 0, VIPCARE_REASON_OK, 3, "2025-06-02");
	/* refusals for the other reasons */
	assert_int_equal(redeem(f, "X1", "NOBODY", "free_parking_hours", "2025-06-10T09:00", 1),
			 VIPCARE_E_REFUSED);
	assert_int_equal(vipcare_checkout_reason(f->list, 0), VIPCARE_REASON_UNKNOWN_CUSTOMER);
	assert_int_equal(redeem(f, "X2", "MEM", "free_parking_hours", "2025-06-10T09:00", 1),
			 VIPCARE_E_REFUSED);
	assert_int_equal(vipcare_checkout_reason(f->list, 0), VIPCARE_REASON_TIER_TOO_LOW);
	assert_int_equal(redeem(f, "X3", "PLAT", "massage", "2025-06-10T09:00", 1), VIPCARE_E_REFUSED);
	assert_int_equal(vipcare_checkout_reason(f->list, 0), VIPCARE_REASON_UNKNOWN_BENEFIT);
	assert_int_equal(redeem(f, "X4", "PLAT", "free_parking_hours", "2025-06-10T09:00", 0), VIPCARE_E_RANGE);
	assert_int_equal(redeem(f, "", "PLAT", "free_parking_hours", "2025-06-10T09:00", 1), VIPCARE_E_ID);
	/* unlimited quotas take any quantity */
	assert_int_equal(redeem(f, "U1", "PLAT", "priority_checkout", "2025-06-10T09:00", 1000), VIPCARE_OK);
	assert_decision(f->list, 0, VIPCARE_REASON_OK, -1, NULL);
	assert_int_equal(vipcare_engine_redemption_count(f->engine), 4);
	/* the answer's decision may be left out */
	assert_int_equal(vipcare_engine_redeem(f->engine, "U2", "PLAT", "priority_checkout",
					       ts_of("2025-06-10T09:00"), 1, NULL), VIPCARE_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_every_reason, setup, teardown),
		cmocka_unit_test_setup_teardown(test_checkout_lists_every_benefit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tier_specific_quotas_and_a_rise_during_the_day, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_quota_resets_at_period_boundaries, setup, teardown),
		cmocka_unit_test_setup_teardown(test_iso_week_and_month_boundaries, setup_weekly, teardown),
		cmocka_unit_test_setup_teardown(test_birthday_windows, setup_weekly, teardown),
		cmocka_unit_test_setup_teardown(test_birthday_month, setup, teardown),
		cmocka_unit_test_setup_teardown(test_first_days_window, setup, teardown),
		cmocka_unit_test_setup_teardown(test_redemption_is_idempotent, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
