/*
 * libvipcare — tests of the benefits of a policy: the defaults, setters and
 * getters, their rules, the [benefit.ID] sections of the policy file and
 * writing them back.
 * SPDX-License-Identifier: MIT
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vipcare/vipcare.h>

#ifndef VIPCARE_SOURCE_DIR
#define VIPCARE_SOURCE_DIR "."
#endif

/* Indexes of the default benefits, in the policy's order. */
enum {
	BIRTHDAY_COUPON,
	FREE_PARKING,
	PRIORITY_CHECKOUT,
	DEDICATED_ADVISOR,
	VIP_EVENT_INVITE,
	WELCOME_GIFT,
	DEFAULT_BENEFITS
};

#define NONE (-1) /* no quota: the period the getter reports */

static struct vipcare_policy *new_policy(void)
{
	struct vipcare_policy *p = NULL;

	assert_int_equal(vipcare_policy_new(&p), VIPCARE_OK);
	assert_non_null(p);
	return p;
}

static int load(struct vipcare_policy *p, const char *text)
{
	return vipcare_policy_load_string(p, text, strlen(text), "mall.ini");
}

static size_t index_of(const struct vipcare_policy *p, const char *id)
{
	size_t index = 999;

	assert_int_equal(vipcare_policy_benefit_index(p, id, &index), VIPCARE_OK);
	return index;
}

static void assert_quota(const struct vipcare_policy *p, size_t index, int rank, int period,
			 int32_t count)
{
	int got_period = -99;
	int32_t got_count = -99;

	assert_int_equal(vipcare_policy_benefit_quota(p, index, rank, &got_period, &got_count),
			 period == NONE ? 0 : 1);
	assert_int_equal(got_period, period);
	assert_int_equal(got_count, count);
}

/* One benefit: id, name, min_tier, window, and the quotas of 4 tiers. */
static void assert_benefit(const struct vipcare_policy *p, size_t index, const char *id,
			   const char *name, int min_tier, int window, int32_t days,
			   const int period[4], const int32_t count[4])
{
	int32_t got_days = -99;
	int r;

	assert_string_equal(vipcare_policy_benefit_id(p, index), id);
	assert_string_equal(vipcare_policy_benefit_name(p, index), name);
	assert_int_equal(vipcare_policy_benefit_min_tier(p, index), min_tier);
	assert_int_equal(vipcare_policy_benefit_window(p, index, &got_days), window);
	assert_int_equal(got_days, days);
	for (r = 0; r < 4; r++)
		assert_quota(p, index, r, period[r], count[r]);
}

/* ------------------------------------------------------------------ */
/* The default benefits (DESIGN §8)                                    */
/* ------------------------------------------------------------------ */

static void assert_default_benefits(const struct vipcare_policy *p)
{
	static const int year[4] = { NONE, VIPCARE_PERIOD_YEAR, VIPCARE_PERIOD_YEAR,
				     VIPCARE_PERIOD_YEAR };
	static const int32_t coupons[4] = { 0, 1, 1, 1 };
	static const int day[4] = { NONE, VIPCARE_PERIOD_DAY, VIPCARE_PERIOD_DAY,
				    VIPCARE_PERIOD_DAY };
	static const int32_t hours[4] = { 0, 2, 3, 5 };
	static const int from_platinum[4] = { NONE, NONE, VIPCARE_PERIOD_UNLIMITED,
					      VIPCARE_PERIOD_UNLIMITED };
	static const int from_diamond[4] = { NONE, NONE, NONE, VIPCARE_PERIOD_UNLIMITED };
	static const int32_t zero[4] = { 0, 0, 0, 0 };
	static const int quarter[4] = { NONE, NONE, VIPCARE_PERIOD_QUARTER,
					VIPCARE_PERIOD_QUARTER };
	static const int32_t invites[4] = { 0, 0, 1, 1 };
	static const int lifetime[4] = { VIPCARE_PERIOD_LIFETIME, VIPCARE_PERIOD_LIFETIME,
					 VIPCARE_PERIOD_LIFETIME, VIPCARE_PERIOD_LIFETIME };
	static const int32_t gifts[4] = { 1, 1, 1, 1 };

	assert_int_equal(vipcare_policy_benefit_count(p), DEFAULT_BENEFITS);
	assert_benefit(p, BIRTHDAY_COUPON, "birthday_coupon", "Birthday coupon", 1,
		       VIPCARE_WINDOW_BIRTHDAY_MONTH, 0, year, coupons);
	assert_benefit(p, FREE_PARKING, "free_parking_hours", "Free parking (hours)", 1,
		       VIPCARE_WINDOW_ALWAYS, 0, day, hours);
	assert_benefit(p, PRIORITY_CHECKOUT, "priority_checkout", "Priority checkout", 2,
		       VIPCARE_WINDOW_ALWAYS, 0, from_platinum, zero);
	assert_benefit(p, DEDICATED_ADVISOR, "dedicated_advisor", "Dedicated advisor", 3,
		       VIPCARE_WINDOW_ALWAYS, 0, from_diamond, zero);
	assert_benefit(p, VIP_EVENT_INVITE, "vip_event_invite", "VIP event invitation", 2,
		       VIPCARE_WINDOW_ALWAYS, 0, quarter, invites);
	assert_benefit(p, WELCOME_GIFT, "welcome_gift", "Welcome gift", 0,
		       VIPCARE_WINDOW_FIRST_DAYS, 30, lifetime, gifts);
}

static void test_default_benefits(void **state)
{
	struct vipcare_policy *p = new_policy();
	size_t index = 999;

	(void)state;
	assert_default_benefits(p);
	assert_int_equal(index_of(p, "birthday_coupon"), BIRTHDAY_COUPON);
	assert_int_equal(index_of(p, "welcome_gift"), WELCOME_GIFT);
	assert_int_equal(vipcare_policy_benefit_index(p, "Welcome_gift", &index), VIPCARE_E_RANGE);
	assert_int_equal(index, 999);
	assert_int_equal(vipcare_policy_benefit_index(p, NULL, &index), VIPCARE_E_INVALID_ARGUMENT);
	assert_int_equal(vipcare_policy_benefit_index(p, "welcome_gift", NULL),
			 VIPCARE_E_INVALID_ARGUMENT);
	assert_int_equal(vipcare_policy_benefit_index(NULL, "welcome_gift", &index),
			 VIPCARE_E_INVALID_ARGUMENT);
	assert_null(vipcare_policy_benefit_id(p, DEFAULT_BENEFITS));
	assert_null(vipcare_policy_benefit_id(NULL, 0));
	assert_null(vipcare_policy_benefit_name(p, DEFAULT_BENEFITS));
	assert_int_equal(vipcare_policy_benefit_count(NULL), 0);
	assert_int_equal(vipcare_policy_validate(p), VIPCARE_OK);
	assert_string_equal(vipcare_policy_last_error(p), "");
	vipcare_policy_unref(p);
}

static void test_period_names(void **state)
{
	(void)state;
	assert_string_equal(vipcare_period_name(VIPCARE_PERIOD_DAY), "day");
	assert_string_equal(vipcare_period_name(VIPCARE_PERIOD_WEEK), "week");
	assert_string_equal(vipcare_period_name(VIPCARE_PERIOD_MONTH), "month");
	assert_string_equal(vipcare_period_name(VIPCARE_PERIOD_QUARTER), "quarter");
	assert_string_equal(vipcare_period_name(VIPCARE_PERIOD_YEAR), "year");
	assert_string_equal(vipcare_period_name(VIPCARE_PERIOD_LIFETIME), "lifetime");
	assert_string_equal(vipcare_period_name(VIPCARE_PERIOD_UNLIMITED), "unlimited");
	assert_null(vipcare_period_name(-1));
	assert_null(vipcare_period_name(7));
}

/* ------------------------------------------------------------------ */
/* Setters and getters                                                 */
/* ------------------------------------------------------------------ */

static void test_add_benefit(void **state)
{
	static const int none[4] = { NONE, NONE, NONE, NONE };
	static const int32_t zero[4] = { 0, 0, 0, 0 };
	struct vipcare_policy *p = new_policy();
	char id[80];
	size_t index = 999;
	int i;

	(void)state;
	assert_int_equal(vipcare_policy_add_benefit(p, "spa", &index), VIPCARE_OK);
	assert_int_equal(index, DEFAULT_BENEFITS);
	assert_int_equal(vipcare_policy_benefit_count(p), DEFAULT_BENEFITS + 1);
	/* name = id, min_tier = base, window = always, no quota yet */
	assert_benefit(p, index, "spa", "spa", 0, VIPCARE_WINDOW_ALWAYS, 0, none, zero);
	assert_int_equal(vipcare_policy_validate(p), VIPCARE_E_POLICY_INVALID);
	assert_string_equal(vipcare_policy_last_error(p),
			    "benefit \"spa\" needs a quota for tier \"member\" (min_tier is "
			    "\"member\")");
	assert_int_equal(vipcare_policy_set_benefit_quota(p, index, -1, VIPCARE_PERIOD_MONTH, 1),
			 VIPCARE_OK);
	assert_int_equal(vipcare_policy_validate(p), VIPCARE_OK);

	/* the index may be NULL; every allowed character, 64 bytes at most */
	assert_int_equal(vipcare_policy_add_benefit(p, "Car-wash_2.0", NULL), VIPCARE_OK);
	assert_int_equal(index_of(p, "Car-wash_2.0"), DEFAULT_BENEFITS + 1);
	memset(id, 'x', 64);
	id[64] = '\0';
	assert_int_equal(vipcare_policy_add_benefit(p, id, &index), VIPCARE_OK);
	assert_int_equal(index, DEFAULT_BENEFITS + 2);

	/* refused: nothing changes */
	index = 999;
	id[64] = 'x';
	id[65] = '\0';
	assert_int_equal(vipcare_policy_add_benefit(p, id, &index), VIPCARE_E_ID);
	assert_string_equal(vipcare_policy_last_error(p),
			    "benefit id \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...\" is not "
			    "valid; [A-Za-z0-9_.-]{1,64} expected");
	assert_int_equal(vipcare_policy_add_benefit(p, "spa day", &index), VIPCARE_E_ID);
	assert_string_equal(vipcare_policy_last_error(p),
			    "benefit id \"spa day\" is not valid; [A-Za-z0-9_.-]{1,64} expected");
	assert_int_equal(vipcare_policy_add_benefit(p, "", &index), VIPCARE_E_ID);
	assert_int_equal(vipcare_policy_add_benefit(p, "spa\xc3\xa9", &index), VIPCARE_E_ID);
	assert_int_equal(vipcare_policy_add_benefit(p, "spa", &index), VIPCARE_E_DUPLICATE);
	assert_string_equal(vipcare_policy_last_error(p), "benefit \"spa\" is already in the policy");
	assert_int_equal(vipcare_policy_add_benefit(p, "welcome_gift", &index), VIPCARE_E_DUPLICATE);
	assert_int_equal(vipcare_policy_add_benefit(p, NULL, &index), VIPCARE_E_INVALID_ARGUMENT);
	assert_string_equal(vipcare_policy_last_error(p), "the benefit id is NULL");
	assert_int_equal(vipcare_policy_add_benefit(NULL, "spa2", &index),
			 VIPCARE_E_INVALID_ARGUMENT);
	assert_int_equal(index, 999);
	assert_int_equal(vipcare_policy_benefit_count(p), DEFAULT_BENEFITS + 3);

	/* the limit */
	for (i = DEFAULT_BENEFITS + 3; i < VIPCARE_BENEFITS_MAX; i++) {
		snprintf(id, sizeof(id), "extra%d", i);
		assert_int_equal(vipcare_policy_add_benefit(p, id, &index), VIPCARE_OK);
		assert_int_equal(index, i);
	}
	assert_int_equal(vipcare_policy_benefit_count(p), VIPCARE_BENEFITS_MAX);
	assert_string_equal(vipcare_policy_benefit_id(p, VIPCARE_BENEFITS_MAX - 1), "extra63");
	assert_int_equal(vipcare_policy_add_benefit(p, "one_more", &index), VIPCARE_E_LIMIT);
	assert_string_equal(vipcare_policy_last_error(p),
			    "benefit \"one_more\": a policy holds at most 64 benefits");
	/* a duplicate is a duplicate, even when full */
	assert_int_equal(vipcare_policy_add_benefit(p, "extra63", &index), VIPCARE_E_DUPLICATE);
	assert_int_equal(vipcare_policy_benefit_count(p), VIPCARE_BENEFITS_MAX);
	vipcare_policy_unref(p);
}

static void test_benefit_name(void **state)
{
	struct vipcare_policy *p = new_policy();
	char name[130];

	(void)state;
	assert_int_equal(vipcare_policy_set_benefit_name(p, FREE_PARKING, "免费停车 (小时)"),
			 VIPCARE_OK);
	assert_string_equal(vipcare_policy_benefit_name(p, FREE_PARKING), "免费停车 (小时)");
	memset(name, 'n', 128);
	name[128] = '\0';
	assert_int_equal(vipcare_policy_set_benefit_name(p, FREE_PARKING, name), VIPCARE_OK);
	assert_string_equal(vipcare_policy_benefit_name(p, FREE_PARKING), name);
	name[128] = 'n';
	name[129] = '\0';
	assert_int_equal(vipcare_policy_set_benefit_name(p, FREE_PARKING, name), VIPCARE_E_RANGE);
	assert_int_equal(vipcare_policy_set_benefit_name(p, FREE_PARKING, ""), VIPCARE_E_RANGE);
	assert_string_equal(vipcare_policy_last_error(p),
			    "benefit \"free_parking_hours\": the name \"\" is 0 bytes long; "
			    "1..128 expected");
	assert_int_equal(vipcare_policy_set_benefit_name(p, FREE_PARKING, "Parking #1"),
			 VIPCARE_E_RANGE);
	assert_string_equal(vipcare_policy_last_error(p),
			    "benefit \"free_parking_hours\": the name \"Parking #1\" holds '#' or "
			    "';', which start a comment in a policy file (byte 9)");
	assert_int_equal(vipcare_policy_set_benefit_name(p, FREE_PARKING, "Parking "),
			 VIPCARE_E_RANGE);
	assert_int_equal(vipcare_policy_set_benefit_name(p, FREE_PARKING, "Par\tking"),
			 VIPCARE_E_RANGE);
	assert_int_equal(vipcare_policy_set_benefit_name(p, FREE_PARKING, "caf\xc3"),
			 VIPCARE_E_RANGE);
	assert_int_equal(vipcare_policy_set_benefit_name(p, FREE_PARKING, NULL),
			 VIPCARE_E_INVALID_ARGUMENT);
	assert_string_equal(vipcare_policy_last_error(p),
			    "benefit \"free_parking_hours\": the name is NULL");
	assert_int_equal(vipcare_policy_set_benefit_name(p, DEFAULT_BENEFITS, "Spa"),
			 VIPCARE_E_INVALID_ARGUMENT);
	assert_string_equal(vipcare_policy_last_error(p),
			    "benefit index 6 is out of range (the policy has 6 benefits)");
	assert_int_equal(vipcare_policy_set_benefit_name(NULL, 0, "Spa"), VIPCARE_E_INVALID_ARGUMENT);
	name[128] = '\0';
	assert_string_equal(vipcare_policy_benefit_name(p, FREE_PARKING), name);
	assert_null(vipcare_policy_benefit_name(NULL, 0));
	vipcare_policy_unref(p);
}

static void test_benefit_min_tier(void **state)
{
	struct vipcare_policy *p = new_policy();

	(void)state;
	assert_int_equal(vipcare_policy_set_benefit_min_tier(p, DEDICATED_ADVISOR, 0), VIPCARE_OK);
	assert_int_equal(vipcare_policy_benefit_min_tier(p, DEDICATED_ADVISOR), 0);
	/* a lower min_tier needs quotas for the tiers now included */
	assert_int_equal(vipcare_policy_validate(p), VIPCARE_E_POLICY_INVALID);
	assert_string_equal(vipcare_policy_last_error(p),
			    "benefit \"dedicated_advisor\" needs a quota for tier \"member\" "
			    "(min_tier is \"member\")");
	assert_int_equal(vipcare_policy_set_benefit_min_tier(p, DEDICATED_ADVISOR, 3), VIPCARE_OK);
	assert_int_equal(vipcare_policy_validate(p), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_benefit_min_tier(p, DEDICATED_ADVISOR, 4),
			 VIPCARE_E_INVALID_ARGUMENT);
	assert_string_equal(vipcare_policy_last_error(p), "rank 4 is not a tier rank (0..3)");
	assert_int_equal(vipcare_policy_set_benefit_min_tier(p, DEDICATED_ADVISOR, -1),
			 VIPCARE_E_INVALID_ARGUMENT);
	assert_int_equal(vipcare_policy_set_benefit_min_tier(p, DEFAULT_BENEFITS, 1),
			 VIPCARE_E_INVALID_ARGUMENT);
	assert_int_equal(vipcare_policy_set_benefit_min_tier(NULL, 0, 1), VIPCARE_E_INVALID_ARGUMENT);
	assert_int_equal(vipcare_policy_benefit_min_tier(p, DEDICATED_ADVISOR), 3);
	assert_int_equal(vipcare_policy_benefit_min_tier(p, DEFAULT_BENEFITS),
			 VIPCARE_E_INVALID_ARGUMENT);
	assert_int_equal(vipcare_policy_benefit_min_tier(NULL, 0), VIPCARE_E_INVALID_ARGUMENT);
	vipcare_policy_unref(p);
}

static void test_benefit_quota(void **state)
{
	struct vipcare_policy *p = new_policy();
	int period = -99;
	int32_t count = -99;

	(void)state;
	assert_int_equal(vipcare_policy_set_benefit_quota(p, FREE_PARKING, 1, VIPCARE_PERIOD_WEEK, 1),
			 VIPCARE_OK);
	assert_quota(p, FREE_PARKING, 1, VIPCARE_PERIOD_WEEK, 1);
	assert_quota(p, FREE_PARKING, 2, VIPCARE_PERIOD_DAY, 3);
	assert_int_equal(vipcare_policy_set_benefit_quota(p, FREE_PARKING, 3, VIPCARE_PERIOD_MONTH,
							  1000000),
			 VIPCARE_OK);
	assert_quota(p, FREE_PARKING, 3, VIPCARE_PERIOD_MONTH, 1000000);
	/* every tier at once; an unlimited quota has no count */
	assert_int_equal(vipcare_policy_set_benefit_quota(p, FREE_PARKING, -1,
							  VIPCARE_PERIOD_UNLIMITED, 77),
			 VIPCARE_OK);
	assert_quota(p, FREE_PARKING, 0, VIPCARE_PERIOD_UNLIMITED, 0);
	assert_quota(p, FREE_PARKING, 3, VIPCARE_PERIOD_UNLIMITED, 0);
	assert_int_equal(vipcare_policy_set_benefit_quota(p, FREE_PARKING, 2, VIPCARE_PERIOD_LIFETIME,
							  3),
			 VIPCARE_OK);
	assert_quota(p, FREE_PARKING, 2, VIPCARE_PERIOD_LIFETIME, 3);
	assert_quota(p, FREE_PARKING, 1, VIPCARE_PERIOD_UNLIMITED, 0);

	/* refused: nothing changes */
	assert_int_equal(vipcare_policy_set_benefit_quota(p, FREE_PARKING, 2, VIPCARE_PERIOD_DAY, 0),
			 VIPCARE_E_RANGE);
	assert_string_equal(vipcare_policy_last_error(p),
			    "benefit \"free_parking_hours\": a quota of 0 per day is outside "
			    "1..1000000");
	assert_int_equal(vipcare_policy_set_benefit_quota(p, FREE_PARKING, 2, VIPCARE_PERIOD_YEAR,
							  1000001),
			 VIPCARE_E_RANGE);
	assert_int_equal(vipcare_policy_set_benefit_quota(p, FREE_PARKING, -1, VIPCARE_PERIOD_DAY, -5),
			 VIPCARE_E_RANGE);
	assert_int_equal(vipcare_policy_set_benefit_quota(p, FREE_PARKING, 2, 7, 1), VIPCARE_E_RANGE);
	assert_string_equal(vipcare_policy_last_error(p),
			    "benefit \"free_parking_hours\": period 7 is not a period (0..6)");
	assert_int_equal(vipcare_policy_set_benefit_quota(p, FREE_PARKING, 2, -1, 1), VIPCARE_E_RANGE);
	assert_int_equal(vipcare_policy_set_benefit_quota(p, FREE_PARKING, 4, VIPCARE_PERIOD_DAY, 1),
			 VIPCARE_E_INVALID_ARGUMENT);
	assert_string_equal(vipcare_policy_last_error(p), "rank 4 is not a tier rank (0..3)");
	assert_int_equal(vipcare_policy_set_benefit_quota(p, FREE_PARKING, -2, VIPCARE_PERIOD_DAY, 1),
			 VIPCARE_E_INVALID_ARGUMENT);
	assert_int_equal(vipcare_policy_set_benefit_quota(p, DEFAULT_BENEFITS, 1, VIPCARE_PERIOD_DAY,
							  1),
			 VIPCARE_E_INVALID_ARGUMENT);
	assert_int_equal(vipcare_policy_set_benefit_quota(NULL, 0, 1, VIPCARE_PERIOD_DAY, 1),
			 VIPCARE_E_INVALID_ARGUMENT);
	assert_quota(p, FREE_PARKING, 2, VIPCARE_PERIOD_LIFETIME, 3);

	/* getters: no quota, NULL outs, bad arguments */
	assert_quota(p, BIRTHDAY_COUPON, 0, NONE, 0);
	assert_int_equal(vipcare_policy_benefit_quota(p, FREE_PARKING, 2, NULL, NULL), 1);
	assert_int_equal(vipcare_policy_benefit_quota(p, FREE_PARKING, 4, &period, &count),
			 VIPCARE_E_INVALID_ARGUMENT);
	assert_int_equal(vipcare_policy_benefit_quota(p, FREE_PARKING, -1, &period, &count),
			 VIPCARE_E_INVALID_ARGUMENT);
	assert_int_equal(vipcare_policy_benefit_quota(p, DEFAULT_BENEFITS, 0, &period, &count),
			 VIPCARE_E_INVALID_ARGUMENT);
	assert_int_equal(vipcare_policy_benefit_quota(NULL, 0, 0, &period, &count),
			 VIPCARE_E_INVALID_ARGUMENT);
	assert_int_equal(period, -99);
	assert_int_equal(count, -99);
	vipcare_policy_unref(p);
}

static void test_benefit_window(void **state)
{
	struct vipcare_policy *p = new_policy();
	int32_t days = -99;

	(void)state;
	assert_int_equal(vipcare_policy_set_benefit_window(p, BIRTHDAY_COUPON,
							   VIPCARE_WINDOW_BIRTHDAY_DAYS, 0),
			 VIPCARE_OK);
	assert_int_equal(vipcare_policy_benefit_window(p, BIRTHDAY_COUPON, &days),
			 VIPCARE_WINDOW_BIRTHDAY_DAYS);
	assert_int_equal(days, 0);
	assert_int_equal(vipcare_policy_set_benefit_window(p, BIRTHDAY_COUPON,
							   VIPCARE_WINDOW_BIRTHDAY_DAYS, 366),
			 VIPCARE_OK);
	assert_int_equal(vipcare_policy_benefit_window(p, BIRTHDAY_COUPON, &days),
			 VIPCARE_WINDOW_BIRTHDAY_DAYS);
	assert_int_equal(days, 366);
	assert_int_equal(vipcare_policy_set_benefit_window(p, BIRTHDAY_COUPON,
							   VIPCARE_WINDOW_BIRTHDAY_DAYS, 367),
			 VIPCARE_E_RANGE);
	assert_string_equal(vipcare_policy_last_error(p),
			    "benefit \"birthday_coupon\": birthday±367 is outside birthday±0..366");
	assert_int_equal(vipcare_policy_set_benefit_window(p, BIRTHDAY_COUPON,
							   VIPCARE_WINDOW_BIRTHDAY_DAYS, -1),
			 VIPCARE_E_RANGE);
	assert_int_equal(vipcare_policy_set_benefit_window(p, WELCOME_GIFT,
							   VIPCARE_WINDOW_FIRST_DAYS, 1),
			 VIPCARE_OK);
	assert_int_equal(vipcare_policy_benefit_window(p, WELCOME_GIFT, &days),
			 VIPCARE_WINDOW_FIRST_DAYS);
	assert_int_equal(days, 1);
	assert_int_equal(vipcare_policy_set_benefit_window(p, WELCOME_GIFT,
							   VIPCARE_WINDOW_FIRST_DAYS, 36525),
			 VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_benefit_window(p, WELCOME_GIFT,
							   VIPCARE_WINDOW_FIRST_DAYS, 0),
			 VIPCARE_E_RANGE);
	assert_string_equal(vipcare_policy_last_error(p),
			    "benefit \"welcome_gift\": first_0_days is outside "
			    "first_1_days..first_36525_days");
	assert_int_equal(vipcare_policy_set_benefit_window(p, WELCOME_GIFT,
							   VIPCARE_WINDOW_FIRST_DAYS, 36526),
			 VIPCARE_E_RANGE);
	assert_int_equal(vipcare_policy_benefit_window(p, WELCOME_GIFT, &days),
			 VIPCARE_WINDOW_FIRST_DAYS);
	assert_int_equal(days, 36525);
	/* N is ignored, and kept as 0, where the window has none */
	assert_int_equal(vipcare_policy_set_benefit_window(p, WELCOME_GIFT, VIPCARE_WINDOW_ALWAYS, 9),
			 VIPCARE_OK);
	assert_int_equal(vipcare_policy_benefit_window(p, WELCOME_GIFT, &days),
			 VIPCARE_WINDOW_ALWAYS);
	assert_int_equal(days, 0);
	assert_int_equal(vipcare_policy_set_benefit_window(p, WELCOME_GIFT,
							   VIPCARE_WINDOW_BIRTHDAY_MONTH, -4),
			 VIPCARE_OK);
	assert_int_equal(vipcare_policy_benefit_window(p, WELCOME_GIFT, NULL),
			 VIPCARE_WINDOW_BIRTHDAY_MONTH);
	assert_int_equal(vipcare_policy_set_benefit_window(p, WELCOME_GIFT, 4, 1), VIPCARE_E_RANGE);
	assert_string_equal(vipcare_policy_last_error(p),
			    "benefit \"welcome_gift\": window 4 is not a window (0..3)");
	assert_int_equal(vipcare_policy_set_benefit_window(p, WELCOME_GIFT, -1, 1), VIPCARE_E_RANGE);
	assert_int_equal(vipcare_policy_set_benefit_window(p, DEFAULT_BENEFITS,
							   VIPCARE_WINDOW_ALWAYS, 0),
			 VIPCARE_E_INVALID_ARGUMENT);
	assert_int_equal(vipcare_policy_set_benefit_window(NULL, 0, VIPCARE_WINDOW_ALWAYS, 0),
			 VIPCARE_E_INVALID_ARGUMENT);
	assert_int_equal(vipcare_policy_benefit_window(p, DEFAULT_BENEFITS, &days),
			 VIPCARE_E_INVALID_ARGUMENT);
	assert_int_equal(vipcare_policy_benefit_window(NULL, 0, &days), VIPCARE_E_INVALID_ARGUMENT);
	assert_int_equal(vipcare_policy_benefit_window(p, WELCOME_GIFT, NULL),
			 VIPCARE_WINDOW_BIRTHDAY_MONTH);
	assert_int_equal(vipcare_policy_validate(p), VIPCARE_OK);
	vipcare_policy_unref(p);
}

/* ------------------------------------------------------------------ */
/* Equality, copies, new tier lists                                    */
/* ------------------------------------------------------------------ */

static void test_equal_and_copy(void **state)
{
	struct vipcare_policy *p = new_policy(), *q = NULL;

	(void)state;
	assert_int_equal(vipcare_policy_add_benefit(p, "spa", NULL), VIPCARE_OK);
	assert_int_equal(vipcare_policy_copy(&q, p), VIPCARE_OK);
	assert_true(vipcare_policy_equal(p, q));
	assert_string_equal(vipcare_policy_benefit_id(q, DEFAULT_BENEFITS), "spa");
	/* every part of a benefit counts */
	assert_int_equal(vipcare_policy_set_benefit_name(q, DEFAULT_BENEFITS, "Spa"), VIPCARE_OK);
	assert_false(vipcare_policy_equal(p, q));
	assert_int_equal(vipcare_policy_set_benefit_name(q, DEFAULT_BENEFITS, "spa"), VIPCARE_OK);
	assert_true(vipcare_policy_equal(p, q));
	assert_int_equal(vipcare_policy_set_benefit_window(q, WELCOME_GIFT,
							   VIPCARE_WINDOW_FIRST_DAYS, 31),
			 VIPCARE_OK);
	assert_false(vipcare_policy_equal(p, q));
	assert_int_equal(vipcare_policy_set_benefit_window(q, WELCOME_GIFT,
							   VIPCARE_WINDOW_FIRST_DAYS, 30),
			 VIPCARE_OK);
	assert_true(vipcare_policy_equal(p, q));
	assert_int_equal(vipcare_policy_set_benefit_quota(q, FREE_PARKING, 3, VIPCARE_PERIOD_DAY, 6),
			 VIPCARE_OK);
	assert_false(vipcare_policy_equal(p, q));
	assert_int_equal(vipcare_policy_set_benefit_quota(q, FREE_PARKING, 3, VIPCARE_PERIOD_DAY, 5),
			 VIPCARE_OK);
	assert_true(vipcare_policy_equal(p, q));
	assert_int_equal(vipcare_policy_set_benefit_min_tier(q, DEDICATED_ADVISOR, 2), VIPCARE_OK);
	assert_false(vipcare_policy_equal(p, q));
	assert_int_equal(vipcare_policy_set_benefit_min_tier(q, DEDICATED_ADVISOR, 3), VIPCARE_OK);
	assert_true(vipcare_policy_equal(p, q));
	/* a quota below min_tier is never used, so it does not count */
	assert_int_equal(vipcare_policy_set_benefit_quota(q, DEDICATED_ADVISOR, 0, VIPCARE_PERIOD_DAY,
							  1),
			 VIPCARE_OK);
	assert_true(vipcare_policy_equal(p, q));
	/* one benefit more */
	assert_int_equal(vipcare_policy_add_benefit(q, "car_wash", NULL), VIPCARE_OK);
	assert_false(vipcare_policy_equal(p, q));
	vipcare_policy_unref(q);
	vipcare_policy_unref(p);
}

static void test_set_tiers_follows_names(void **state)
{
	static const char *const more[] = { "member", "silver", "gold", "platinum", "diamond" };
	static const char *const renamed[] = { "member", "gold", "jade", "diamond" };
	struct vipcare_policy *p = new_policy();

	(void)state;
	/* a new tier starts with no quota; the others keep theirs by name */
	assert_int_equal(vipcare_policy_set_tiers(p, more, 5), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_tier_min_spend(p, 1, 1, 300000), VIPCARE_OK);
	assert_int_equal(vipcare_policy_benefit_min_tier(p, FREE_PARKING), 2);
	assert_quota(p, FREE_PARKING, 1, NONE, 0);
	assert_quota(p, FREE_PARKING, 2, VIPCARE_PERIOD_DAY, 2);
	assert_quota(p, FREE_PARKING, 4, VIPCARE_PERIOD_DAY, 5);
	assert_int_equal(vipcare_policy_benefit_min_tier(p, WELCOME_GIFT), 0);
	assert_quota(p, WELCOME_GIFT, 1, NONE, 0);
	assert_quota(p, WELCOME_GIFT, 2, VIPCARE_PERIOD_LIFETIME, 1);
	assert_int_equal(vipcare_policy_validate(p), VIPCARE_E_POLICY_INVALID);
	assert_string_equal(vipcare_policy_last_error(p),
			    "benefit \"welcome_gift\" needs a quota for tier \"silver\" (min_tier "
			    "is \"member\")");
	assert_int_equal(vipcare_policy_set_benefit_quota(p, WELCOME_GIFT, 1,
							  VIPCARE_PERIOD_LIFETIME, 1),
			 VIPCARE_OK);
	assert_int_equal(vipcare_policy_validate(p), VIPCARE_OK);

	/* a min_tier whose tier goes is lost: the policy is invalid until one is set */
	vipcare_policy_unref(p);
	p = new_policy();
	assert_int_equal(vipcare_policy_set_tiers(p, renamed, 4), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_tier_min_spend(p, 2, 1, 5000000), VIPCARE_OK);
	assert_int_equal(vipcare_policy_benefit_min_tier(p, PRIORITY_CHECKOUT),
			 VIPCARE_E_INVALID_ARGUMENT);
	assert_int_equal(vipcare_policy_benefit_min_tier(p, BIRTHDAY_COUPON), 1);
	/* benefits are checked in the policy's order */
	assert_int_equal(vipcare_policy_validate(p), VIPCARE_E_POLICY_INVALID);
	assert_string_equal(vipcare_policy_last_error(p),
			    "benefit \"birthday_coupon\" needs a quota for tier \"jade\" (min_tier "
			    "is \"gold\")");
	assert_int_equal(vipcare_policy_set_benefit_quota(p, BIRTHDAY_COUPON, 2, VIPCARE_PERIOD_YEAR,
							  1),
			 VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_benefit_quota(p, FREE_PARKING, 2, VIPCARE_PERIOD_DAY, 3),
			 VIPCARE_OK);
	assert_int_equal(vipcare_policy_validate(p), VIPCARE_E_POLICY_INVALID);
	assert_string_equal(vipcare_policy_last_error(p),
			    "benefit \"priority_checkout\" has no min_tier: its tier is no longer "
			    "listed; one of the tiers (member, gold, jade, diamond) expected");
	assert_int_equal(vipcare_policy_set_benefit_min_tier(p, PRIORITY_CHECKOUT, 2), VIPCARE_OK);
	assert_int_equal(vipcare_policy_validate(p), VIPCARE_E_POLICY_INVALID);
	assert_string_equal(vipcare_policy_last_error(p),
			    "benefit \"priority_checkout\" needs a quota for tier \"jade\" "
			    "(min_tier is \"jade\")");
	assert_int_equal(vipcare_policy_set_benefit_quota(p, PRIORITY_CHECKOUT, 2,
							  VIPCARE_PERIOD_UNLIMITED, 0),
			 VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_benefit_min_tier(p, VIP_EVENT_INVITE, 2), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_benefit_quota(p, VIP_EVENT_INVITE, 2,
							  VIPCARE_PERIOD_QUARTER, 1),
			 VIPCARE_OK);
	assert_int_equal(vipcare_policy_validate(p), VIPCARE_E_POLICY_INVALID);
	assert_string_equal(vipcare_policy_last_error(p),
			    "benefit \"welcome_gift\" needs a quota for tier \"jade\" "
			    "(min_tier is \"member\")");
	assert_int_equal(vipcare_policy_set_benefit_quota(p, WELCOME_GIFT, 2, VIPCARE_PERIOD_LIFETIME,
							  1),
			 VIPCARE_OK);
	assert_int_equal(vipcare_policy_validate(p), VIPCARE_OK);
	vipcare_policy_unref(p);
}

/* ------------------------------------------------------------------ */
/* [benefit.ID] errors: one test per kind                              */
/* ------------------------------------------------------------------ */

/* Lines 1..5: valid changes, so that a failure must undo them. */
#define PRE "# Joy City mall\n[benefit.welcome_gift]\nname = Hello gift\nquota = 2 per lifetime\n\n"

/*
 * Loads @text as "mall.ini" over a policy whose benefits differ from the
 * default, expects @status and the exact @message, and checks that the
 * policy did not change.
 */
static void expect_error(const char *text, int status, const char *message)
{
	struct vipcare_policy *p = new_policy(), *before = NULL;

	assert_int_equal(vipcare_policy_add_benefit(p, "spa", NULL), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_benefit_quota(p, DEFAULT_BENEFITS, -1,
							  VIPCARE_PERIOD_MONTH, 2),
			 VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_benefit_quota(p, FREE_PARKING, 3, VIPCARE_PERIOD_DAY, 8),
			 VIPCARE_OK);
	assert_int_equal(vipcare_policy_copy(&before, p), VIPCARE_OK);
	assert_int_equal(load(p, text), status);
	assert_string_equal(vipcare_policy_last_error(p), message);
	assert_true(vipcare_policy_equal(p, before));
	assert_int_equal(vipcare_policy_benefit_count(p), DEFAULT_BENEFITS + 1);
	assert_string_equal(vipcare_policy_benefit_name(p, WELCOME_GIFT), "Welcome gift");
	assert_quota(p, WELCOME_GIFT, 0, VIPCARE_PERIOD_LIFETIME, 1);
	assert_quota(p, FREE_PARKING, 3, VIPCARE_PERIOD_DAY, 8);
	vipcare_policy_unref(before);
	vipcare_policy_unref(p);
}

static void test_file_bad_quota_syntax(void **state)
{
	(void)state;
	expect_error(PRE "[benefit.free_parking_hours]\nquota.gold = 2 per fortnight\n",
		     VIPCARE_E_POLICY_VALUE,
		     "mall.ini:7:14: [benefit.free_parking_hours] quota.gold: expected \"N per "
		     "day|week|month|quarter|year|lifetime\" or \"unlimited\", found \"2 per "
		     "fortnight\"");
	expect_error(PRE "[benefit.spa]\nquota = two per day\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:7:9: [benefit.spa] quota: expected \"N per "
		     "day|week|month|quarter|year|lifetime\" or \"unlimited\", found \"two per "
		     "day\"");
	expect_error(PRE "[benefit.spa]\nquota = 2 day\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:7:9: [benefit.spa] quota: expected \"N per "
		     "day|week|month|quarter|year|lifetime\" or \"unlimited\", found \"2 day\"");
	expect_error(PRE "[benefit.spa]\nquota = 2per day\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:7:9: [benefit.spa] quota: expected \"N per "
		     "day|week|month|quarter|year|lifetime\" or \"unlimited\", found \"2per day\"");
	expect_error(PRE "[benefit.spa]\nquota = -2 per day\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:7:9: [benefit.spa] quota: expected \"N per "
		     "day|week|month|quarter|year|lifetime\" or \"unlimited\", found \"-2 per "
		     "day\"");
	expect_error(PRE "[benefit.spa]\nquota = Unlimited\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:7:9: [benefit.spa] quota: expected \"N per "
		     "day|week|month|quarter|year|lifetime\" or \"unlimited\", found "
		     "\"Unlimited\"");
	expect_error(PRE "[benefit.spa]\nquota =\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:7:8: [benefit.spa] quota: expected \"N per "
		     "day|week|month|quarter|year|lifetime\" or \"unlimited\", found \"\"");
}

static void test_file_bad_period(void **state)
{
	(void)state;
	expect_error(PRE "[benefit.spa]\nquota = 1 per days\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:7:9: [benefit.spa] quota: expected \"N per "
		     "day|week|month|quarter|year|lifetime\" or \"unlimited\", found \"1 per "
		     "days\"");
	expect_error(PRE "[benefit.spa]\nquota = 1 per unlimited\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:7:9: [benefit.spa] quota: expected \"N per "
		     "day|week|month|quarter|year|lifetime\" or \"unlimited\", found \"1 per "
		     "unlimited\"");
	expect_error(PRE "[benefit.spa]\nquota.gold = 1 per Month\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:7:14: [benefit.spa] quota.gold: expected \"N per "
		     "day|week|month|quarter|year|lifetime\" or \"unlimited\", found \"1 per "
		     "Month\"");
}

static void test_file_quota_count_out_of_range(void **state)
{
	(void)state;
	expect_error(PRE "[benefit.spa]\nquota = 0 per day\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:7:9: [benefit.spa] quota: expected a count 1..1000000 before "
		     "\"per\", found \"0\"");
	expect_error(PRE "[benefit.spa]\nquota.diamond = 1000001 per year\n",
		     VIPCARE_E_POLICY_VALUE,
		     "mall.ini:7:17: [benefit.spa] quota.diamond: expected a count 1..1000000 "
		     "before \"per\", found \"1000001\"");
	expect_error(PRE "[benefit.spa]\nquota = 99999999999999999999 per week\n",
		     VIPCARE_E_POLICY_VALUE,
		     "mall.ini:7:9: [benefit.spa] quota: expected a count 1..1000000 before "
		     "\"per\", found \"99999999999999999999\"");
}

static void test_file_unknown_window(void **state)
{
	static const char *const windows[] = {
		"weekends", "Always", "birthday", "birthday_week", "birthday+7", "birthday±",
		"birthday±-1", "birthday± 7", "first_days", "first_x_days", "first_30_day",
	};
	char text[256], message[512];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(windows) / sizeof(windows[0]); i++) {
		snprintf(text, sizeof(text), PRE "[benefit.spa]\nwindow = %s\n", windows[i]);
		snprintf(message, sizeof(message),
			 "mall.ini:7:10: [benefit.spa] window: expected always, birthday_month, "
			 "birthday±N (N 0..366) or first_N_days (N 1..36525), found \"%s\"",
			 windows[i]);
		expect_error(text, VIPCARE_E_POLICY_VALUE, message);
	}
}

static void test_file_birthday_days_out_of_range(void **state)
{
	(void)state;
	expect_error(PRE "[benefit.birthday_coupon]\nwindow = birthday±367\n",
		     VIPCARE_E_POLICY_VALUE,
		     "mall.ini:7:10: [benefit.birthday_coupon] window: expected always, "
		     "birthday_month, birthday±N (N 0..366) or first_N_days (N 1..36525), found "
		     "\"birthday±367\"");
}

static void test_file_first_days_out_of_range(void **state)
{
	(void)state;
	expect_error(PRE "[benefit.spa]\nwindow = first_0_days\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:7:10: [benefit.spa] window: expected always, birthday_month, "
		     "birthday±N (N 0..366) or first_N_days (N 1..36525), found \"first_0_days\"");
	expect_error(PRE "[benefit.spa]\nwindow = first_36526_days\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:7:10: [benefit.spa] window: expected always, birthday_month, "
		     "birthday±N (N 0..366) or first_N_days (N 1..36525), found "
		     "\"first_36526_days\"");
}

static void test_file_unknown_tier_in_quota(void **state)
{
	(void)state;
	expect_error(PRE "[benefit.free_parking_hours]\nquota.silver = 1 per day\n",
		     VIPCARE_E_UNKNOWN_TIER,
		     "mall.ini:7:1: [benefit.free_parking_hours] quota.silver: tier \"silver\" is "
		     "not one of the tiers (member, gold, platinum, diamond)");
	/* the final tier list counts, wherever [tiers] is in the file */
	expect_error(PRE "[benefit.spa]\n  quota.platinum = 1 per day\n[tiers]\n"
			 "order = member, gold, diamond\n",
		     VIPCARE_E_UNKNOWN_TIER,
		     "mall.ini:7:3: [benefit.spa] quota.platinum: tier \"platinum\" is not one of "
		     "the tiers (member, gold, diamond) listed by [tiers] order");
	expect_error(PRE "[benefit.spa]\nquota.gold star = 1 per day\n", VIPCARE_E_POLICY_KEY,
		     "mall.ini:7:1: [benefit.spa] quota.TIER: expected a tier name "
		     "[A-Za-z0-9_-]{1,32} other than \"none\", found \"gold star\"");
}

static void test_file_unknown_tier_in_min_tier(void **state)
{
	(void)state;
	expect_error(PRE "[benefit.spa]\nmin_tier = black\n", VIPCARE_E_UNKNOWN_TIER,
		     "mall.ini:7:12: [benefit.spa] min_tier: tier \"black\" is not one of the tiers "
		     "(member, gold, platinum, diamond)");
	expect_error(PRE "[benefit.spa]\nmin_tier = gold star\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:7:12: [benefit.spa] min_tier: expected a tier name "
		     "[A-Za-z0-9_-]{1,32} other than \"none\", found \"gold star\"");
}

static void test_file_missing_quota(void **state)
{
	(void)state;
	/* a new benefit: every tier from the base up needs one */
	expect_error(PRE "[benefit.car_wash]\nquota.gold = 1 per week\n", VIPCARE_E_POLICY_INVALID,
		     "mall.ini:6:1: [benefit.car_wash] needs a quota for tier \"member\" (min_tier "
		     "is \"member\")");
	expect_error(PRE "\n\n[benefit.car_wash]\nmin_tier = gold\nquota.gold = 1 per week\n"
			 "quota.diamond = 2 per week\n",
		     VIPCARE_E_POLICY_INVALID,
		     "mall.ini:8:1: [benefit.car_wash] needs a quota for tier \"platinum\" "
		     "(min_tier is \"gold\")");
	/* a default benefit whose min_tier goes down */
	expect_error(PRE "[benefit.dedicated_advisor]\nmin_tier = platinum\n",
		     VIPCARE_E_POLICY_INVALID,
		     "mall.ini:6:1: [benefit.dedicated_advisor] needs a quota for tier "
		     "\"platinum\" (min_tier is \"platinum\")");
	/*
	 * a new tier without a quota, for a benefit the file does not mention
	 * (PRE's `quota` for welcome_gift covers every tier, silver included)
	 */
	expect_error(PRE "[tiers]\norder = member, silver, gold, platinum, diamond\n"
			 "[tier.silver]\nmin_spend = 3000\n",
		     VIPCARE_E_POLICY_INVALID,
		     "mall.ini:7: [tiers] order: benefit \"spa\" needs a quota for tier "
		     "\"silver\" (min_tier is \"member\")");
	/* a min_tier whose tier is no longer listed */
	expect_error(PRE "[tiers]\norder = member, gold, diamond\n", VIPCARE_E_POLICY_INVALID,
		     "mall.ini:7: [tiers] order: benefit \"priority_checkout\" has min_tier "
		     "\"platinum\", which is no longer listed; give [benefit.priority_checkout] a "
		     "min_tier of the tiers (member, gold, diamond)");
}

static void test_file_bad_id(void **state)
{
	(void)state;
	expect_error(PRE "[benefit.spa day]\nquota = 1 per day\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:6:1: section [benefit.ID]: expected a benefit id [A-Za-z0-9_.-]{1,64}, "
		     "found \"spa day\"");
	expect_error(PRE "[benefit.]\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:6:1: section [benefit.ID]: expected a benefit id [A-Za-z0-9_.-]{1,64}, "
		     "found \"\"");
	expect_error(PRE "[benefit.spa/1]\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:6:1: section [benefit.ID]: expected a benefit id [A-Za-z0-9_.-]{1,64}, "
		     "found \"spa/1\"");
	/* 65 bytes */
	expect_error(PRE "[benefit.ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-]\n",
		     VIPCARE_E_POLICY_VALUE,
		     "mall.ini:6:1: section [benefit.ID]: expected a benefit id [A-Za-z0-9_.-]{1,64}, "
		     "found \"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmn...\"");
	/* ids are case-sensitive: this is a new benefit, which needs quotas */
	expect_error(PRE "[benefit.Welcome_gift]\n", VIPCARE_E_POLICY_INVALID,
		     "mall.ini:6:1: [benefit.Welcome_gift] needs a quota for tier \"member\" "
		     "(min_tier is \"member\")");
}

static void test_file_repeated_key(void **state)
{
	(void)state;
	expect_error(PRE "[benefit.welcome_gift]\n", VIPCARE_E_POLICY_SYNTAX,
		     "mall.ini:6:1: section [benefit.welcome_gift] repeated (first on line 2)");
	expect_error(PRE "[benefit.spa]\nquota = 1 per day\nquota = 2 per day\n",
		     VIPCARE_E_POLICY_SYNTAX,
		     "mall.ini:8:1: [benefit.spa] quota repeated (first on line 7)");
	expect_error(PRE "[benefit.spa]\nquota.gold = 1 per day\nquota.platinum = 1 per day\n"
			 "\tquota.gold = 2 per day\n",
		     VIPCARE_E_POLICY_SYNTAX,
		     "mall.ini:9:2: [benefit.spa] quota.gold repeated (first on line 7)");
	expect_error(PRE "[benefit.spa]\nwindow = always\nname = Spa\nwindow = always\n",
		     VIPCARE_E_POLICY_SYNTAX,
		     "mall.ini:9:1: [benefit.spa] window repeated (first on line 7)");
}

static void test_file_unknown_key(void **state)
{
	(void)state;
	expect_error(PRE "[benefit.spa]\nquotas = 1 per day\n", VIPCARE_E_POLICY_KEY,
		     "mall.ini:7:1: unknown key \"quotas\" in [benefit.spa]; expected one of: name, "
		     "min_tier, quota, quota.TIER, window");
	expect_error(PRE "[benefit.spa]\nquota. = 1 per day\n", VIPCARE_E_POLICY_KEY,
		     "mall.ini:7:1: unknown key \"quota.\" in [benefit.spa]; expected one of: name, "
		     "min_tier, quota, quota.TIER, window");
	expect_error(PRE "[benefit.spa]\nQuota.gold = 1 per day\n", VIPCARE_E_POLICY_KEY,
		     "mall.ini:7:1: unknown key \"Quota.gold\" in [benefit.spa]; expected one of: "
		     "name, min_tier, quota, quota.TIER, window");
	expect_error(PRE "[benefits]\n", VIPCARE_E_POLICY_KEY,
		     "mall.ini:6:1: unknown section [benefits]; expected [program], [tiers], "
		     "[tier.NAME], [benefit.ID], [care.KIND], [points] or [targets]");
}

static void test_file_bad_name(void **state)
{
	char text[512], name[130];

	(void)state;
	memset(name, 'n', 129);
	name[129] = '\0';
	snprintf(text, sizeof(text), PRE "[benefit.spa]\nname = %s\n", name);
	expect_error(text, VIPCARE_E_POLICY_VALUE,
		     "mall.ini:7:8: [benefit.spa] name: expected a name of 1..128 bytes, found "
		     "\"nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn...\"");
	expect_error(PRE "[benefit.spa]\nname = # no name\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:7:7: [benefit.spa] name: expected a name of 1..128 bytes, found "
		     "\"\"");
}

static void test_file_too_many_benefits(void **state)
{
	struct vipcare_policy *p = new_policy();
	size_t size = 100 * 80, len = 0;
	char *text = malloc(size);
	int i;

	(void)state;
	assert_non_null(text);
	/* 58 new benefits fill the policy */
	for (i = 0; i < VIPCARE_BENEFITS_MAX - DEFAULT_BENEFITS; i++)
		len += (size_t)snprintf(text + len, size - len, "[benefit.b%d]\nquota = unlimited\n",
					i);
	assert_int_equal(vipcare_policy_load_string(p, text, len, "mall.ini"), VIPCARE_OK);
	assert_int_equal(vipcare_policy_benefit_count(p), VIPCARE_BENEFITS_MAX);
	/* the same file over a policy with one benefit more: the last one is too many */
	vipcare_policy_unref(p);
	p = new_policy();
	assert_int_equal(vipcare_policy_add_benefit(p, "spa", NULL), VIPCARE_OK);
	assert_int_equal(vipcare_policy_load_string(p, text, len, "mall.ini"),
			 VIPCARE_E_POLICY_VALUE);
	assert_string_equal(vipcare_policy_last_error(p),
			    "mall.ini:115:1: [benefit.b57]: a policy holds at most 64 benefits");
	assert_int_equal(vipcare_policy_benefit_count(p), DEFAULT_BENEFITS + 1);
	/* more sections than a policy can hold benefits */
	len = 0;
	for (i = 0; i <= VIPCARE_BENEFITS_MAX; i++)
		len += (size_t)snprintf(text + len, size - len, "[benefit.b%d]\n", i);
	assert_int_equal(vipcare_policy_load_string(p, text, len, "mall.ini"),
			 VIPCARE_E_POLICY_VALUE);
	assert_string_equal(vipcare_policy_last_error(p),
			    "mall.ini:65:1: more than 64 [benefit.ID] sections; a policy holds at "
			    "most 64 benefits");
	free(text);
	vipcare_policy_unref(p);
}

/* ------------------------------------------------------------------ */
/* Files that load                                                     */
/* ------------------------------------------------------------------ */

static void test_file_changes_default_benefit(void **state)
{
	static const char text[] = "[benefit.free_parking_hours]\n"
				   "name = Parking hours # shown at the till\n"
				   "quota = 4 per week\n"
				   "quota.diamond = unlimited     ; whatever the line order\n"
				   "[benefit.birthday_coupon]\n"
				   "min_tier = member\n"
				   "quota.member = 1\tper   year\n"
				   "window = birthday±7\n"
				   "[benefit.welcome_gift]\n"
				   "window = first_7_days\n";
	struct vipcare_policy *p = new_policy();
	int32_t days = 0;

	(void)state;
	assert_int_equal(load(p, text), VIPCARE_OK);
	assert_int_equal(vipcare_policy_benefit_count(p), DEFAULT_BENEFITS);
	assert_string_equal(vipcare_policy_benefit_name(p, FREE_PARKING), "Parking hours");
	assert_int_equal(vipcare_policy_benefit_min_tier(p, FREE_PARKING), 1);
	assert_quota(p, FREE_PARKING, 0, VIPCARE_PERIOD_WEEK, 4);
	assert_quota(p, FREE_PARKING, 1, VIPCARE_PERIOD_WEEK, 4);
	assert_quota(p, FREE_PARKING, 2, VIPCARE_PERIOD_WEEK, 4);
	assert_quota(p, FREE_PARKING, 3, VIPCARE_PERIOD_UNLIMITED, 0);
	assert_int_equal(vipcare_policy_benefit_min_tier(p, BIRTHDAY_COUPON), 0);
	assert_quota(p, BIRTHDAY_COUPON, 0, VIPCARE_PERIOD_YEAR, 1);
	assert_quota(p, BIRTHDAY_COUPON, 3, VIPCARE_PERIOD_YEAR, 1);
	assert_int_equal(vipcare_policy_benefit_window(p, BIRTHDAY_COUPON, &days),
			 VIPCARE_WINDOW_BIRTHDAY_DAYS);
	assert_int_equal(days, 7);
	assert_int_equal(vipcare_policy_benefit_window(p, WELCOME_GIFT, &days),
			 VIPCARE_WINDOW_FIRST_DAYS);
	assert_int_equal(days, 7);
	assert_quota(p, WELCOME_GIFT, 2, VIPCARE_PERIOD_LIFETIME, 1);
	assert_string_equal(vipcare_policy_benefit_name(p, PRIORITY_CHECKOUT), "Priority checkout");
	assert_int_equal(vipcare_policy_validate(p), VIPCARE_OK);
	/* birthday±0 and a window back to always */
	assert_int_equal(load(p, "[benefit.birthday_coupon]\nwindow = birthday±0\n"
				 "[benefit.welcome_gift]\nwindow = always\n"),
			 VIPCARE_OK);
	assert_int_equal(vipcare_policy_benefit_window(p, BIRTHDAY_COUPON, &days),
			 VIPCARE_WINDOW_BIRTHDAY_DAYS);
	assert_int_equal(days, 0);
	assert_int_equal(vipcare_policy_benefit_window(p, WELCOME_GIFT, &days),
			 VIPCARE_WINDOW_ALWAYS);
	assert_int_equal(days, 0);
	vipcare_policy_unref(p);
}

static void test_file_new_benefits_in_file_order(void **state)
{
	static const char text[] = "[benefit.spa]\n"
				   "min_tier = platinum\n"
				   "quota = 1 per month\n"
				   "[benefit.priority_checkout]\n"
				   "name = Fast lane\n"
				   "[benefit.car_wash]\n"
				   "quota = 2 per quarter\n"
				   "window = birthday_month\n"
				   "[program]\n"
				   "name = Joy City VIP\n";
	static const int spa_period[4] = { NONE, NONE, VIPCARE_PERIOD_MONTH, VIPCARE_PERIOD_MONTH };
	static const int32_t spa_count[4] = { 0, 0, 1, 1 };
	static const int wash_period[4] = { VIPCARE_PERIOD_QUARTER, VIPCARE_PERIOD_QUARTER,
					    VIPCARE_PERIOD_QUARTER, VIPCARE_PERIOD_QUARTER };
	static const int32_t wash_count[4] = { 2, 2, 2, 2 };
	struct vipcare_policy *p = new_policy();

	(void)state;
	assert_int_equal(load(p, text), VIPCARE_OK);
	assert_int_equal(vipcare_policy_benefit_count(p), DEFAULT_BENEFITS + 2);
	assert_string_equal(vipcare_policy_benefit_id(p, PRIORITY_CHECKOUT), "priority_checkout");
	assert_string_equal(vipcare_policy_benefit_name(p, PRIORITY_CHECKOUT), "Fast lane");
	/* name = id, window = always unless given; quota = sets the tiers below min_tier too */
	assert_string_equal(vipcare_policy_benefit_id(p, DEFAULT_BENEFITS), "spa");
	assert_string_equal(vipcare_policy_benefit_name(p, DEFAULT_BENEFITS), "spa");
	assert_int_equal(vipcare_policy_benefit_min_tier(p, DEFAULT_BENEFITS), 2);
	assert_int_equal(vipcare_policy_benefit_window(p, DEFAULT_BENEFITS, NULL),
			 VIPCARE_WINDOW_ALWAYS);
	assert_quota(p, DEFAULT_BENEFITS, 2, spa_period[2], spa_count[2]);
	assert_quota(p, DEFAULT_BENEFITS, 3, spa_period[3], spa_count[3]);
	assert_quota(p, DEFAULT_BENEFITS, 0, VIPCARE_PERIOD_MONTH, 1);
	assert_benefit(p, DEFAULT_BENEFITS + 1, "car_wash", "car_wash", 0,
		       VIPCARE_WINDOW_BIRTHDAY_MONTH, 0, wash_period, wash_count);
	assert_string_equal(vipcare_policy_name(p), "Joy City VIP");
	/* loading again changes them in place */
	assert_int_equal(load(p, "[benefit.car_wash]\nname = Car wash\n[benefit.valet]\n"
				 "quota = unlimited\n"),
			 VIPCARE_OK);
	assert_int_equal(vipcare_policy_benefit_count(p), DEFAULT_BENEFITS + 3);
	assert_string_equal(vipcare_policy_benefit_name(p, DEFAULT_BENEFITS + 1), "Car wash");
	assert_string_equal(vipcare_policy_benefit_id(p, DEFAULT_BENEFITS + 2), "valet");
	vipcare_policy_unref(p);
}

static void test_file_tier_order_and_quotas(void **state)
{
	/*
	 * silver is new, platinum is renamed jade: both are new tiers, which
	 * need quotas, and min_tier platinum must be given again
	 */
	static const char text[] = "[tiers]\n"
				   "order = member, silver, gold, jade, diamond\n"
				   "[tier.silver]\n"
				   "min_spend = 3000\n"
				   "[tier.jade]\n"
				   "min_spend = 40000\n"
				   "[benefit.welcome_gift]\n"
				   "quota.silver = 1 per lifetime\n"
				   "quota.jade = 1 per lifetime\n"
				   "[benefit.free_parking_hours]\n"
				   "quota.jade = 3 per day\n"
				   "[benefit.birthday_coupon]\n"
				   "quota.jade = 1 per year\n"
				   "[benefit.priority_checkout]\n"
				   "min_tier = jade\n"
				   "quota = unlimited\n"
				   "[benefit.vip_event_invite]\n"
				   "min_tier = jade\n"
				   "quota.jade = 1 per quarter\n"
				   "[benefit.dedicated_advisor]\n"
				   "name = Personal shopper\n";
	struct vipcare_policy *p = new_policy();

	(void)state;
	assert_int_equal(load(p, text), VIPCARE_OK);
	assert_int_equal(vipcare_policy_tier_count(p), 5);
	assert_int_equal(vipcare_policy_benefit_min_tier(p, WELCOME_GIFT), 0);
	assert_quota(p, WELCOME_GIFT, 1, VIPCARE_PERIOD_LIFETIME, 1);
	assert_quota(p, WELCOME_GIFT, 4, VIPCARE_PERIOD_LIFETIME, 1);
	/* gold kept its quotas by name, at its new rank */
	assert_int_equal(vipcare_policy_benefit_min_tier(p, FREE_PARKING), 2);
	assert_quota(p, FREE_PARKING, 1, NONE, 0);
	assert_quota(p, FREE_PARKING, 2, VIPCARE_PERIOD_DAY, 2);
	assert_quota(p, FREE_PARKING, 3, VIPCARE_PERIOD_DAY, 3);
	assert_quota(p, FREE_PARKING, 4, VIPCARE_PERIOD_DAY, 5);
	assert_int_equal(vipcare_policy_benefit_min_tier(p, PRIORITY_CHECKOUT), 3);
	assert_quota(p, PRIORITY_CHECKOUT, 4, VIPCARE_PERIOD_UNLIMITED, 0);
	assert_int_equal(vipcare_policy_benefit_min_tier(p, VIP_EVENT_INVITE), 3);
	assert_quota(p, VIP_EVENT_INVITE, 3, VIPCARE_PERIOD_QUARTER, 1);
	assert_quota(p, VIP_EVENT_INVITE, 4, VIPCARE_PERIOD_QUARTER, 1);
	assert_int_equal(vipcare_policy_benefit_min_tier(p, DEDICATED_ADVISOR), 4);
	assert_int_equal(vipcare_policy_benefit_min_tier(p, BIRTHDAY_COUPON), 2);
	assert_int_equal(vipcare_policy_validate(p), VIPCARE_OK);
	vipcare_policy_unref(p);

	/* the same without the jade quota of the birthday coupon: the section is blamed */
	p = new_policy();
	{
		const char *cut = strstr(text, "quota.jade = 1 per year\n");
		char broken[sizeof(text)];
		size_t head = (size_t)(cut - text);

		memcpy(broken, text, head);
		strcpy(broken + head, cut + strlen("quota.jade = 1 per year\n"));
		assert_int_equal(load(p, broken), VIPCARE_E_POLICY_INVALID);
		assert_string_equal(vipcare_policy_last_error(p),
				    "mall.ini:12:1: [benefit.birthday_coupon] needs a quota for tier "
				    "\"jade\" (min_tier is \"gold\")");
	}
	assert_int_equal(vipcare_policy_tier_count(p), 4);
	assert_default_benefits(p);
	vipcare_policy_unref(p);
}

/* ------------------------------------------------------------------ */
/* Writing back                                                        */
/* ------------------------------------------------------------------ */

static const char default_benefits_text[] = "\n"
					    "[benefit.birthday_coupon]\n"
					    "name = Birthday coupon\n"
					    "min_tier = gold\n"
					    "quota = 1 per year\n"
					    "window = birthday_month\n"
					    "\n"
					    "[benefit.free_parking_hours]\n"
					    "name = Free parking (hours)\n"
					    "min_tier = gold\n"
					    "quota.gold = 2 per day\n"
					    "quota.platinum = 3 per day\n"
					    "quota.diamond = 5 per day\n"
					    "window = always\n"
					    "\n"
					    "[benefit.priority_checkout]\n"
					    "name = Priority checkout\n"
					    "min_tier = platinum\n"
					    "quota = unlimited\n"
					    "window = always\n"
					    "\n"
					    "[benefit.dedicated_advisor]\n"
					    "name = Dedicated advisor\n"
					    "min_tier = diamond\n"
					    "quota = unlimited\n"
					    "window = always\n"
					    "\n"
					    "[benefit.vip_event_invite]\n"
					    "name = VIP event invitation\n"
					    "min_tier = platinum\n"
					    "quota = 1 per quarter\n"
					    "window = always\n"
					    "\n"
					    "[benefit.welcome_gift]\n"
					    "name = Welcome gift\n"
					    "min_tier = member\n"
					    "quota = 1 per lifetime\n"
					    "window = first_30_days\n";

/*
 * Writes @p out, loads the text over a default policy, and checks that the
 * result equals @p and writes the same text. Returns the text.
 */
static char *round_trip(const struct vipcare_policy *p)
{
	struct vipcare_policy *q = new_policy();
	char *text = NULL, *again = NULL;

	assert_int_equal(vipcare_policy_to_text(p, &text), VIPCARE_OK);
	assert_non_null(text);
	assert_int_equal(vipcare_policy_load_string(q, text, strlen(text), "written.ini"),
			 VIPCARE_OK);
	assert_true(vipcare_policy_equal(p, q));
	assert_int_equal(vipcare_policy_to_text(q, &again), VIPCARE_OK);
	assert_string_equal(again, text);
	vipcare_free(again);
	vipcare_policy_unref(q);
	return text;
}

static void test_write_default_benefits(void **state)
{
	struct vipcare_policy *p = new_policy();
	char *text = round_trip(p);
	const char *targets = strstr(text, "\n\n[points]\n");
	size_t tail = strlen(default_benefits_text);

	(void)state;
	/* the benefits come after the last tier, right before the points */
	assert_non_null(targets);
	assert_true((size_t)(targets + 1 - text) > tail);
	assert_memory_equal(targets + 1 - tail, default_benefits_text, tail);
	assert_non_null(strstr(text, "min_visits = 52\n\n[benefit.birthday_coupon]\n"));
	vipcare_free(text);
	vipcare_policy_unref(p);
}

static void test_write_modified_and_added(void **state)
{
	static const char *const tiers[] = { "basic", "gold", "jade", "black" };
	static const char spa[] = "\n[benefit.spa]\n"
				  "name = Spa = relax (60 min)\n"
				  "min_tier = jade\n"
				  "quota.jade = 1 per month\n"
				  "quota.black = 1000000 per week\n"
				  "window = birthday±366\n";
	static const char valet[] = "\n[benefit.valet]\n"
				    "name = 代客泊车\n"
				    "min_tier = basic\n"
				    "quota = 2 per day\n"
				    "window = first_36525_days\n";
	static const char parking[] = "\n[benefit.free_parking_hours]\n"
				      "name = Free parking (hours)\n"
				      "min_tier = gold\n"
				      "quota.gold = 2 per day\n"
				      "quota.jade = 4 per day\n"
				      "quota.black = 5 per day\n"
				      "window = always\n";
	struct vipcare_policy *p = new_policy();
	size_t spa_index = 0, valet_index = 0;
	char *text;
	int b;

	(void)state;
	/* new tiers: the benefits follow, and get what the new tiers need */
	assert_int_equal(vipcare_policy_set_tiers(p, tiers, 4), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_tier_min_spend(p, 2, 1, 4000000), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_tier_min_spend(p, 3, 1, 9000000), VIPCARE_OK);
	for (b = 0; b < DEFAULT_BENEFITS; b++) {
		if (vipcare_policy_benefit_min_tier(p, (size_t)b) < 0)
			assert_int_equal(vipcare_policy_set_benefit_min_tier(p, (size_t)b, 2),
					 VIPCARE_OK);
		assert_int_equal(vipcare_policy_set_benefit_quota(p, (size_t)b, 2,
								  VIPCARE_PERIOD_UNLIMITED, 0),
				 VIPCARE_OK);
		assert_int_equal(vipcare_policy_set_benefit_quota(p, (size_t)b, 3,
								  VIPCARE_PERIOD_UNLIMITED, 0),
				 VIPCARE_OK);
	}
	assert_int_equal(vipcare_policy_set_benefit_quota(p, FREE_PARKING, 2, VIPCARE_PERIOD_DAY, 4),
			 VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_benefit_quota(p, FREE_PARKING, 3, VIPCARE_PERIOD_DAY, 5),
			 VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_benefit_min_tier(p, DEDICATED_ADVISOR, 3), VIPCARE_OK);
	assert_int_equal(vipcare_policy_add_benefit(p, "spa", &spa_index), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_benefit_name(p, spa_index, "Spa = relax (60 min)"),
			 VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_benefit_min_tier(p, spa_index, 2), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_benefit_quota(p, spa_index, 2, VIPCARE_PERIOD_MONTH, 1),
			 VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_benefit_quota(p, spa_index, 3, VIPCARE_PERIOD_WEEK,
							  1000000),
			 VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_benefit_window(p, spa_index,
							   VIPCARE_WINDOW_BIRTHDAY_DAYS, 366),
			 VIPCARE_OK);
	assert_int_equal(vipcare_policy_add_benefit(p, "valet", &valet_index), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_benefit_name(p, valet_index, "代客泊车"), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_benefit_quota(p, valet_index, -1, VIPCARE_PERIOD_DAY, 2),
			 VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_benefit_window(p, valet_index,
							   VIPCARE_WINDOW_FIRST_DAYS, 36525),
			 VIPCARE_OK);
	assert_int_equal(vipcare_policy_validate(p), VIPCARE_OK);
	text = round_trip(p);
	assert_non_null(strstr(text, spa));
	assert_non_null(strstr(text, valet));
	assert_non_null(strstr(text, parking));
	/* in the policy's order: the defaults, then spa, then valet */
	assert_true(strstr(text, "[benefit.welcome_gift]") < strstr(text, "[benefit.spa]"));
	assert_true(strstr(text, "[benefit.spa]") < strstr(text, "[benefit.valet]"));
	assert_non_null(strstr(text, "\n[benefit.dedicated_advisor]\nname = Dedicated advisor\n"
				     "min_tier = black\nquota = unlimited\nwindow = always\n"));
	vipcare_free(text);
	vipcare_policy_unref(p);
}

static void test_default_policy_file(void **state)
{
	const char *path = VIPCARE_SOURCE_DIR "/docs/default-policy.ini";
	struct vipcare_policy *p = new_policy(), *d = new_policy();

	(void)state;
	assert_int_equal(vipcare_policy_load_file(p, path), VIPCARE_OK);
	assert_true(vipcare_policy_equal(p, d));
	/*
	 * `quota` set the tiers below min_tier too: never used, so not compared;
	 * free_parking_hours gives each tier its own
	 */
	assert_quota(p, BIRTHDAY_COUPON, 0, VIPCARE_PERIOD_YEAR, 1);
	assert_quota(p, PRIORITY_CHECKOUT, 1, VIPCARE_PERIOD_UNLIMITED, 0);
	assert_quota(p, FREE_PARKING, 0, NONE, 0);
	assert_quota(p, FREE_PARKING, 3, VIPCARE_PERIOD_DAY, 5);
	/* it states every benefit, so it also resets changed ones */
	assert_int_equal(vipcare_policy_set_benefit_name(p, WELCOME_GIFT, "Hello"), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_benefit_min_tier(p, BIRTHDAY_COUPON, 3), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_benefit_quota(p, FREE_PARKING, 3, VIPCARE_PERIOD_WEEK, 9),
			 VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_benefit_window(p, BIRTHDAY_COUPON,
							   VIPCARE_WINDOW_BIRTHDAY_DAYS, 3),
			 VIPCARE_OK);
	assert_false(vipcare_policy_equal(p, d));
	assert_int_equal(vipcare_policy_load_file(p, path), VIPCARE_OK);
	assert_true(vipcare_policy_equal(p, d));
	vipcare_policy_unref(d);
	vipcare_policy_unref(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_benefits),
		cmocka_unit_test(test_period_names),
		cmocka_unit_test(test_add_benefit),
		cmocka_unit_test(test_benefit_name),
		cmocka_unit_test(test_benefit_min_tier),
		cmocka_unit_test(test_benefit_quota),
		cmocka_unit_test(test_benefit_window),
		cmocka_unit_test(test_equal_and_copy),
		cmocka_unit_test(test_set_tiers_follows_names),
		cmocka_unit_test(test_file_bad_quota_syntax),
		cmocka_unit_test(test_file_bad_period),
		cmocka_unit_test(test_file_quota_count_out_of_range),
		cmocka_unit_test(test_file_unknown_window),
		cmocka_unit_test(test_file_birthday_days_out_of_range),
		cmocka_unit_test(test_file_first_days_out_of_range),
		cmocka_unit_test(test_file_unknown_tier_in_quota),
		cmocka_unit_test(test_file_unknown_tier_in_min_tier),
		cmocka_unit_test(test_file_missing_quota),
		cmocka_unit_test(test_file_bad_id),
		cmocka_unit_test(test_file_repeated_key),
		cmocka_unit_test(test_file_unknown_key),
		cmocka_unit_test(test_file_bad_name),
		cmocka_unit_test(test_file_too_many_benefits),
		cmocka_unit_test(test_file_changes_default_benefit),
		cmocka_unit_test(test_file_new_benefits_in_file_order),
		cmocka_unit_test(test_file_tier_order_and_quotas),
		cmocka_unit_test(test_write_default_benefits),
		cmocka_unit_test(test_write_modified_and_added),
		cmocka_unit_test(test_default_policy_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
