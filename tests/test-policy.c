/*
 * libvipcare — tests of the policy: the default programme, setters and
 * getters, the whole-policy check and the policy file.
 * SPDX-License-Identifier: MIT
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vipcare/vipcare.h>

#ifndef VIPCARE_SOURCE_DIR
#define VIPCARE_SOURCE_DIR "."
#endif

static struct vipcare_policy *new_policy(void)
{
	struct vipcare_policy *p = NULL;

	assert_int_equal(vipcare_policy_new(&p), VIPCARE_OK);
	assert_non_null(p);
	return p;
}

static int64_t setting(const struct vipcare_policy *p, int s)
{
	int64_t v = -1;

	assert_int_equal(vipcare_policy_get(p, s, &v), VIPCARE_OK);
	return v;
}

static void assert_tier(const struct vipcare_policy *p, int rank, const char *name, int has_spend,
			int64_t spend, int has_visits, int32_t visits)
{
	int64_t s = -1;
	int32_t v = -1;

	assert_string_equal(vipcare_policy_tier_name(p, rank), name);
	assert_int_equal(vipcare_policy_tier_min_spend(p, rank, &s), has_spend);
	assert_true(s == spend);
	assert_int_equal(vipcare_policy_tier_min_visits(p, rank, &v), has_visits);
	assert_int_equal(v, visits);
}

static int load(struct vipcare_policy *p, const char *text)
{
	return vipcare_policy_load_string(p, text, strlen(text), "mall.ini");
}

/*
 * These tests change the tier list for the sake of thresholds. Benefits
 * follow their tiers by name (test-policy-benefits.c): here a benefit whose
 * lowest tier went gets the base tier, and a tier without a quota an
 * unlimited one, so that only the thresholds decide.
 */
static void settle_benefits(struct vipcare_policy *p)
{
	size_t b, count = vipcare_policy_benefit_count(p);
	int r, tiers = (int)vipcare_policy_tier_count(p);

	for (b = 0; b < count; b++) {
		if (vipcare_policy_benefit_min_tier(p, b) < 0)
			assert_int_equal(vipcare_policy_set_benefit_min_tier(p, b, 0), VIPCARE_OK);
		for (r = 0; r < tiers; r++)
			if (vipcare_policy_benefit_quota(p, b, r, NULL, NULL) == 0)
				assert_int_equal(vipcare_policy_set_benefit_quota(
							 p, b, r, VIPCARE_PERIOD_UNLIMITED, 0),
						 VIPCARE_OK);
	}
}

/* ------------------------------------------------------------------ */
/* The default policy, setters and getters                             */
/* ------------------------------------------------------------------ */

static void test_default_policy(void **state)
{
	struct vipcare_policy *p = new_policy();

	(void)state;
	assert_string_equal(vipcare_policy_name(p), "VIP Programme");
	assert_int_equal(setting(p, VIPCARE_SETTING_WINDOW_DAYS), 365);
	assert_int_equal(setting(p, VIPCARE_SETTING_RETAIN_DAYS), 0);
	assert_int_equal(setting(p, VIPCARE_SETTING_LAPSE_DAYS), 90);
	assert_int_equal(setting(p, VIPCARE_SETTING_OVERDUE_DAYS), 14);
	assert_int_equal(setting(p, VIPCARE_SETTING_SLA_MINUTES), 120);
	assert_int_equal(setting(p, VIPCARE_SETTING_CONVERSION_DAYS), 30);
	assert_int_equal(vipcare_policy_tier_count(p), 4);
	assert_tier(p, 0, "member", 0, 0, 0, 0);
	assert_tier(p, 1, "gold", 1, 1000000, 0, 0);
	assert_tier(p, 2, "platinum", 1, 5000000, 0, 0);
	assert_tier(p, 3, "diamond", 1, 10000000, 1, 52);
	assert_null(vipcare_policy_tier_name(p, 4));
	assert_null(vipcare_policy_tier_name(p, -1));
	assert_int_equal(vipcare_policy_vip_min_tier(p), 1);
	assert_int_equal(vipcare_policy_validate(p), VIPCARE_OK);
	assert_string_equal(vipcare_policy_last_error(p), "");
	vipcare_policy_unref(p);
}

static void test_setting_names_and_bounds(void **state)
{
	static const struct {
		int setting;
		const char *name;
		int64_t min, max;
	} expected[] = {
		{ VIPCARE_SETTING_WINDOW_DAYS, "window_days", 1, 36525 },
		{ VIPCARE_SETTING_RETAIN_DAYS, "retain_days", 0, 36525 },
		{ VIPCARE_SETTING_LAPSE_DAYS, "lapse_days", 1, 36525 },
		{ VIPCARE_SETTING_OVERDUE_DAYS, "overdue_days", 0, 36525 },
		{ VIPCARE_SETTING_SLA_MINUTES, "sla_minutes", 0, 5256000 },
		{ VIPCARE_SETTING_CONVERSION_DAYS, "conversion_days", 1, 36525 },
	};
	int64_t min = -1, max = -1;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(expected) / sizeof(expected[0]); i++) {
		assert_string_equal(vipcare_setting_name(expected[i].setting), expected[i].name);
		assert_int_equal(vipcare_setting_bounds(expected[i].setting, &min, &max), VIPCARE_OK);
		assert_int_equal(min, expected[i].min);
		assert_int_equal(max, expected[i].max);
	}
	assert_int_equal(vipcare_setting_bounds(VIPCARE_SETTING_WINDOW_DAYS, NULL, NULL), VIPCARE_OK);
	assert_null(vipcare_setting_name(0));
	assert_null(vipcare_setting_name(7));
	assert_int_equal(vipcare_setting_bounds(0, &min, &max), VIPCARE_E_INVALID_ARGUMENT);
	assert_int_equal(vipcare_setting_bounds(7, &min, &max), VIPCARE_E_INVALID_ARGUMENT);
}

static void test_set_and_get_settings(void **state)
{
	struct vipcare_policy *p = new_policy();
	int64_t v = 0;
	int s;

	(void)state;
	for (s = VIPCARE_SETTING_WINDOW_DAYS; s <= VIPCARE_SETTING_CONVERSION_DAYS; s++) {
		int64_t min = 0, max = 0;

		assert_int_equal(vipcare_setting_bounds(s, &min, &max), VIPCARE_OK);
		assert_int_equal(vipcare_policy_set(p, s, min), VIPCARE_OK);
		assert_int_equal(setting(p, s), min);
		assert_int_equal(vipcare_policy_set(p, s, max), VIPCARE_OK);
		assert_int_equal(setting(p, s), max);
		assert_int_equal(vipcare_policy_set(p, s, max + 1), VIPCARE_E_RANGE);
		assert_int_equal(vipcare_policy_set(p, s, min - 1), VIPCARE_E_RANGE);
		assert_int_equal(setting(p, s), max);
	}
	assert_int_equal(vipcare_policy_set(p, VIPCARE_SETTING_WINDOW_DAYS, 0), VIPCARE_E_RANGE);
	assert_string_equal(vipcare_policy_last_error(p), "window_days 0 is outside 1..36525");
	assert_int_equal(vipcare_policy_set(p, VIPCARE_SETTING_SLA_MINUTES, 5256001),
			 VIPCARE_E_RANGE);
	assert_string_equal(vipcare_policy_last_error(p), "sla_minutes 5256001 is outside 0..5256000");
	assert_int_equal(vipcare_policy_set(p, 9, 1), VIPCARE_E_INVALID_ARGUMENT);
	assert_string_equal(vipcare_policy_last_error(p), "unknown setting 9");
	assert_int_equal(vipcare_policy_get(p, 0, &v), VIPCARE_E_INVALID_ARGUMENT);
	assert_int_equal(vipcare_policy_get(p, VIPCARE_SETTING_LAPSE_DAYS, NULL),
			 VIPCARE_E_INVALID_ARGUMENT);
	assert_int_equal(vipcare_policy_get(NULL, VIPCARE_SETTING_LAPSE_DAYS, &v),
			 VIPCARE_E_INVALID_ARGUMENT);
	assert_int_equal(vipcare_policy_set(NULL, VIPCARE_SETTING_LAPSE_DAYS, 5),
			 VIPCARE_E_INVALID_ARGUMENT);
	vipcare_policy_unref(p);
}

static void test_set_name(void **state)
{
	struct vipcare_policy *p = new_policy();
	char long_name[130];

	(void)state;
	assert_int_equal(vipcare_policy_set_name(p, "Joy City 悦会员"), VIPCARE_OK);
	assert_string_equal(vipcare_policy_name(p), "Joy City 悦会员");
	memset(long_name, 'a', 128);
	long_name[128] = '\0';
	assert_int_equal(vipcare_policy_set_name(p, long_name), VIPCARE_OK);
	assert_string_equal(vipcare_policy_name(p), long_name);
	long_name[128] = 'a';
	long_name[129] = '\0';
	assert_int_equal(vipcare_policy_set_name(p, long_name), VIPCARE_E_RANGE);
	assert_int_equal(vipcare_policy_set_name(p, ""), VIPCARE_E_RANGE);
	assert_string_equal(vipcare_policy_last_error(p),
			    "the programme name \"\" is 0 bytes long; 1..128 expected");
	assert_int_equal(vipcare_policy_set_name(p, "Mall #1"), VIPCARE_E_RANGE);
	assert_string_equal(vipcare_policy_last_error(p),
			    "the programme name \"Mall #1\" holds '#' or ';', which start a "
			    "comment in a policy file (byte 6)");
	assert_int_equal(vipcare_policy_set_name(p, "VIP; Gold"), VIPCARE_E_RANGE);
	assert_int_equal(vipcare_policy_set_name(p, " VIP"), VIPCARE_E_RANGE);
	assert_int_equal(vipcare_policy_set_name(p, "VIP\t"), VIPCARE_E_RANGE);
	assert_int_equal(vipcare_policy_set_name(p, "V\nIP"), VIPCARE_E_RANGE);
	assert_string_equal(vipcare_policy_last_error(p),
			    "the programme name \"V\\x0aIP\" holds a control character (byte 2)");
	assert_int_equal(vipcare_policy_set_name(p, "caf\xc3"), VIPCARE_E_RANGE);
	assert_int_equal(vipcare_policy_set_name(p, NULL), VIPCARE_E_INVALID_ARGUMENT);
	assert_string_equal(vipcare_policy_name(p), long_name + 1);
	assert_null(vipcare_policy_name(NULL));
	vipcare_policy_unref(p);
}

static void test_thresholds(void **state)
{
	struct vipcare_policy *p = new_policy();
	int64_t spend = -1;
	int32_t visits = -1;

	(void)state;
	assert_int_equal(vipcare_policy_set_tier_min_spend(p, 1, 1, 0), VIPCARE_OK);
	assert_tier(p, 1, "gold", 1, 0, 0, 0);
	assert_int_equal(vipcare_policy_set_tier_min_spend(p, 3, 1, INT64_C(1000000000000000)),
			 VIPCARE_OK);
	assert_tier(p, 3, "diamond", 1, INT64_C(1000000000000000), 1, 52);
	assert_int_equal(vipcare_policy_set_tier_min_spend(p, 3, 1, INT64_C(1000000000000001)),
			 VIPCARE_E_RANGE);
	assert_string_equal(vipcare_policy_last_error(p),
			    "tier \"diamond\": min_spend 10000000000000.01 is outside "
			    "0.00..10000000000000.00");
	assert_int_equal(vipcare_policy_set_tier_min_spend(p, 2, 1, -1), VIPCARE_E_RANGE);
	assert_int_equal(vipcare_policy_set_tier_min_visits(p, 2, 1, 36525), VIPCARE_OK);
	assert_tier(p, 2, "platinum", 1, 5000000, 1, 36525);
	assert_int_equal(vipcare_policy_set_tier_min_visits(p, 2, 1, 36526), VIPCARE_E_RANGE);
	assert_string_equal(vipcare_policy_last_error(p),
			    "tier \"platinum\": min_visits 36526 is outside 0..36525");
	assert_int_equal(vipcare_policy_set_tier_min_visits(p, 2, 1, -1), VIPCARE_E_RANGE);
	/* clearing ignores the value */
	assert_int_equal(vipcare_policy_set_tier_min_visits(p, 2, 0, -7), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_tier_min_spend(p, 3, 0, 99), VIPCARE_OK);
	assert_int_equal(vipcare_policy_tier_min_spend(p, 3, &spend), 0);
	assert_true(spend == 0);
	assert_int_equal(vipcare_policy_tier_min_visits(p, 2, &visits), 0);
	assert_int_equal(visits, 0);
	assert_int_equal(vipcare_policy_tier_min_visits(p, 3, NULL), 1);
	/* the base tier has no thresholds, not even a cleared one */
	assert_int_equal(vipcare_policy_set_tier_min_spend(p, 0, 1, 100), VIPCARE_E_INVALID_ARGUMENT);
	assert_string_equal(vipcare_policy_last_error(p),
			    "tier \"member\" is the base tier and cannot have thresholds");
	assert_int_equal(vipcare_policy_set_tier_min_visits(p, 0, 0, 0), VIPCARE_E_INVALID_ARGUMENT);
	assert_int_equal(vipcare_policy_set_tier_min_spend(p, 4, 1, 100), VIPCARE_E_INVALID_ARGUMENT);
	assert_string_equal(vipcare_policy_last_error(p), "rank 4 is not a tier rank (0..3)");
	assert_int_equal(vipcare_policy_set_tier_min_visits(p, -1, 1, 1), VIPCARE_E_INVALID_ARGUMENT);
	assert_int_equal(vipcare_policy_tier_min_spend(p, 4, &spend), VIPCARE_E_INVALID_ARGUMENT);
	assert_int_equal(vipcare_policy_tier_min_visits(NULL, 1, &visits),
			 VIPCARE_E_INVALID_ARGUMENT);
	vipcare_policy_unref(p);
}

static void test_tier_ranks_and_vip(void **state)
{
	struct vipcare_policy *p = new_policy();
	int rank = -1;

	(void)state;
	assert_int_equal(vipcare_policy_tier_rank(p, "platinum", &rank), VIPCARE_OK);
	assert_int_equal(rank, 2);
	assert_int_equal(vipcare_policy_tier_rank(p, "Platinum", &rank), VIPCARE_E_UNKNOWN_TIER);
	assert_int_equal(vipcare_policy_tier_rank(p, NULL, &rank), VIPCARE_E_INVALID_ARGUMENT);
	assert_int_equal(vipcare_policy_set_vip_min_tier(p, 3), VIPCARE_OK);
	assert_int_equal(vipcare_policy_vip_min_tier(p), 3);
	assert_int_equal(vipcare_policy_set_vip_min_tier(p, 4), VIPCARE_E_INVALID_ARGUMENT);
	assert_string_equal(vipcare_policy_last_error(p), "rank 4 is not a tier rank (0..3)");
	assert_int_equal(vipcare_policy_vip_min_tier(p), 3);
	assert_int_equal(vipcare_policy_vip_min_tier(NULL), VIPCARE_E_INVALID_ARGUMENT);
	assert_int_equal(vipcare_policy_tier_count(NULL), 0);
	vipcare_policy_unref(p);
}

static void test_set_tiers_keeps_thresholds(void **state)
{
	static const char *const renamed[] = { "basic", "gold", "diamond", "elite" };
	static const char *const shorter[] = { "gold", "platinum" };
	static const char *const without_vip[] = { "member", "silver", "platinum" };
	struct vipcare_policy *p = new_policy();

	(void)state;
	assert_int_equal(vipcare_policy_set_tiers(p, renamed, 4), VIPCARE_OK);
	assert_int_equal(vipcare_policy_tier_count(p), 4);
	assert_tier(p, 0, "basic", 0, 0, 0, 0);
	assert_tier(p, 1, "gold", 1, 1000000, 0, 0);
	assert_tier(p, 2, "diamond", 1, 10000000, 1, 52);
	assert_tier(p, 3, "elite", 0, 0, 0, 0);
	assert_int_equal(vipcare_policy_vip_min_tier(p), 1); /* still gold */
	/* a new tier needs thresholds before the policy is valid */
	assert_int_equal(vipcare_policy_validate(p), VIPCARE_E_POLICY_INVALID);
	assert_string_equal(vipcare_policy_last_error(p),
			    "tier \"elite\" has no thresholds; every tier above the base tier "
			    "\"basic\" needs min_spend and/or min_visits");
	assert_int_equal(vipcare_policy_set_tier_min_visits(p, 3, 1, 100), VIPCARE_OK);
	assert_int_equal(vipcare_policy_validate(p), VIPCARE_E_POLICY_INVALID);
	assert_string_equal(vipcare_policy_last_error(p),
			    "tier \"elite\" has no min_spend, but the lower tier \"diamond\" has "
			    "min_spend 100000.00");
	assert_int_equal(vipcare_policy_set_tier_min_spend(p, 3, 1, 20000000), VIPCARE_OK);
	settle_benefits(p);
	assert_int_equal(vipcare_policy_validate(p), VIPCARE_OK);

	/* the VIP tier follows its name; a base tier loses its thresholds */
	assert_int_equal(vipcare_policy_set_vip_min_tier(p, 1), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_tiers(p, shorter, 2), VIPCARE_OK);
	assert_tier(p, 0, "gold", 0, 0, 0, 0);
	assert_tier(p, 1, "platinum", 0, 0, 0, 0);
	assert_int_equal(vipcare_policy_vip_min_tier(p), 0);

	/* the VIP tier unlisted: it becomes the second tier */
	vipcare_policy_unref(p);
	p = new_policy();
	assert_int_equal(vipcare_policy_set_vip_min_tier(p, 3), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_tiers(p, without_vip, 3), VIPCARE_OK);
	assert_int_equal(vipcare_policy_vip_min_tier(p), 1);
	assert_tier(p, 2, "platinum", 1, 5000000, 0, 0);
	assert_int_equal(vipcare_policy_set_tiers(p, without_vip, 1), VIPCARE_OK);
	assert_int_equal(vipcare_policy_vip_min_tier(p), 0);
	settle_benefits(p);
	assert_int_equal(vipcare_policy_validate(p), VIPCARE_OK);
	vipcare_policy_unref(p);
}

static void test_set_tiers_errors(void **state)
{
	static const char *const repeat[] = { "member", "gold", "gold" };
	static const char *const bad[] = { "member", "gold star" };
	static const char *const none[] = { "member", "none" };
	static const char *const with_null[] = { "member", NULL };
	const char *many[VIPCARE_TIERS_MAX + 1];
	struct vipcare_policy *p = new_policy(), *before = NULL;
	int i;

	(void)state;
	for (i = 0; i <= VIPCARE_TIERS_MAX; i++)
		many[i] = "t";
	assert_int_equal(vipcare_policy_copy(&before, p), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_tiers(p, repeat, 3), VIPCARE_E_INVALID_ARGUMENT);
	assert_string_equal(vipcare_policy_last_error(p), "tier \"gold\" is listed twice");
	assert_int_equal(vipcare_policy_set_tiers(p, bad, 2), VIPCARE_E_ID);
	assert_string_equal(vipcare_policy_last_error(p),
			    "tier name \"gold star\" is not valid; [A-Za-z0-9_-]{1,32} other than "
			    "\"none\" expected");
	assert_int_equal(vipcare_policy_set_tiers(p, none, 2), VIPCARE_E_ID);
	assert_int_equal(vipcare_policy_set_tiers(p, with_null, 2), VIPCARE_E_INVALID_ARGUMENT);
	assert_int_equal(vipcare_policy_set_tiers(p, repeat, 0), VIPCARE_E_RANGE);
	assert_int_equal(vipcare_policy_set_tiers(p, many, VIPCARE_TIERS_MAX + 1), VIPCARE_E_RANGE);
	assert_string_equal(vipcare_policy_last_error(p), "17 tiers given; 1..16 expected");
	assert_int_equal(vipcare_policy_set_tiers(p, NULL, 2), VIPCARE_E_INVALID_ARGUMENT);
	assert_true(vipcare_policy_equal(p, before));
	vipcare_policy_unref(before);
	vipcare_policy_unref(p);
}

static void test_validate_errors(void **state)
{
	struct vipcare_policy *p = new_policy();

	(void)state;
	/* not rising */
	assert_int_equal(vipcare_policy_set_tier_min_spend(p, 2, 1, 400000), VIPCARE_OK);
	assert_int_equal(vipcare_policy_validate(p), VIPCARE_E_POLICY_INVALID);
	assert_string_equal(vipcare_policy_last_error(p),
			    "tier \"platinum\": min_spend 4000.00 is below min_spend 10000.00 of "
			    "the lower tier \"gold\"");
	/* adjacent tiers equal */
	assert_int_equal(vipcare_policy_set_tier_min_spend(p, 2, 1, 1000000), VIPCARE_OK);
	assert_int_equal(vipcare_policy_validate(p), VIPCARE_E_POLICY_INVALID);
	assert_string_equal(vipcare_policy_last_error(p),
			    "tiers \"gold\" and \"platinum\" have the same thresholds (min_spend "
			    "10000.00); a higher tier must ask for more");
	/* equal spend is fine when visits rise */
	assert_int_equal(vipcare_policy_set_tier_min_visits(p, 2, 1, 12), VIPCARE_OK);
	assert_int_equal(vipcare_policy_validate(p), VIPCARE_OK);
	/* visits on a lower tier missing on the higher one */
	assert_int_equal(vipcare_policy_set_tier_min_visits(p, 3, 0, 0), VIPCARE_OK);
	assert_int_equal(vipcare_policy_validate(p), VIPCARE_E_POLICY_INVALID);
	assert_string_equal(vipcare_policy_last_error(p),
			    "tier \"diamond\" has no min_visits, but the lower tier \"platinum\" "
			    "has min_visits 12");
	assert_int_equal(vipcare_policy_set_tier_min_visits(p, 3, 1, 12), VIPCARE_OK);
	assert_int_equal(vipcare_policy_validate(p), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_tier_min_visits(p, 3, 1, 11), VIPCARE_OK);
	assert_int_equal(vipcare_policy_validate(p), VIPCARE_E_POLICY_INVALID);
	assert_string_equal(vipcare_policy_last_error(p),
			    "tier \"diamond\": min_visits 11 is below min_visits 12 of the lower "
			    "tier \"platinum\"");
	/* a tier without thresholds */
	assert_int_equal(vipcare_policy_set_tier_min_spend(p, 1, 0, 0), VIPCARE_OK);
	assert_int_equal(vipcare_policy_validate(p), VIPCARE_E_POLICY_INVALID);
	assert_string_equal(vipcare_policy_last_error(p),
			    "tier \"gold\" has no thresholds; every tier above the base tier "
			    "\"member\" needs min_spend and/or min_visits");
	assert_int_equal(vipcare_policy_validate(NULL), VIPCARE_E_INVALID_ARGUMENT);
	vipcare_policy_unref(p);
}

static void test_copy_equal_ref(void **state)
{
	struct vipcare_policy *p = new_policy(), *q = NULL, *d = new_policy();

	(void)state;
	assert_int_equal(vipcare_policy_set(p, VIPCARE_SETTING_RETAIN_DAYS, 30), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set(p, VIPCARE_SETTING_WINDOW_DAYS, 0), VIPCARE_E_RANGE);
	assert_int_equal(vipcare_policy_copy(&q, p), VIPCARE_OK);
	assert_true(vipcare_policy_equal(p, q));
	assert_false(vipcare_policy_equal(p, d));
	assert_string_equal(vipcare_policy_last_error(q), "");
	assert_int_equal(vipcare_policy_set_tier_min_visits(q, 1, 1, 0), VIPCARE_OK);
	assert_false(vipcare_policy_equal(p, q));
	assert_int_equal(vipcare_policy_set_tier_min_visits(q, 1, 0, 0), VIPCARE_OK);
	assert_true(vipcare_policy_equal(p, q));
	assert_int_equal(vipcare_policy_set_name(q, "Other"), VIPCARE_OK);
	assert_false(vipcare_policy_equal(p, q));
	assert_false(vipcare_policy_equal(p, NULL));
	assert_false(vipcare_policy_equal(NULL, NULL));
	assert_ptr_equal(vipcare_policy_ref(p), p);
	assert_null(vipcare_policy_unref(p));
	assert_int_equal(setting(p, VIPCARE_SETTING_RETAIN_DAYS), 30); /* still alive */
	assert_null(vipcare_policy_unref(p));
	assert_null(vipcare_policy_unref(NULL));
	assert_null(vipcare_policy_ref(NULL));
	assert_int_equal(vipcare_policy_new(NULL), VIPCARE_E_INVALID_ARGUMENT);
	q = vipcare_policy_unref(q);
	assert_int_equal(vipcare_policy_copy(&q, NULL), VIPCARE_E_INVALID_ARGUMENT);
	assert_null(q);
	assert_string_equal(vipcare_policy_last_error(NULL), "");
	vipcare_policy_unref(d);
}

/* ------------------------------------------------------------------ */
/* Policy file errors: one test per kind                               */
/* ------------------------------------------------------------------ */

/* Lines 1..5: valid changes, so that a failure must undo them. */
#define PRE "# Joy City mall\n[program]\nname = Changed Mall\nretain_days = 3\n\n"

/*
 * Loads @len bytes of @text as "mall.ini" over a policy that differs from
 * the default, expects @status and the exact @message, and checks that the
 * policy did not change.
 */
static void expect_error(const char *text, size_t len, int status, const char *message)
{
	struct vipcare_policy *p = new_policy(), *before = NULL;

	assert_int_equal(vipcare_policy_set(p, VIPCARE_SETTING_RETAIN_DAYS, 7), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_tier_min_visits(p, 3, 1, 40), VIPCARE_OK);
	assert_int_equal(vipcare_policy_copy(&before, p), VIPCARE_OK);
	assert_int_equal(vipcare_policy_load_string(p, text, len, "mall.ini"), status);
	assert_string_equal(vipcare_policy_last_error(p), message);
	assert_true(vipcare_policy_equal(p, before));
	assert_int_equal(setting(p, VIPCARE_SETTING_RETAIN_DAYS), 7);
	assert_string_equal(vipcare_policy_name(p), "VIP Programme");
	vipcare_policy_unref(before);
	vipcare_policy_unref(p);
}

static void expect_text_error(const char *text, int status, const char *message)
{
	expect_error(text, strlen(text), status, message);
}

static void test_file_unknown_section(void **state)
{
	(void)state;
	expect_text_error(PRE "[benefits]\n", VIPCARE_E_POLICY_KEY,
			  "mall.ini:6:1: unknown section [benefits]; expected [program], [tiers], "
			  "[tier.NAME], [benefit.ID], [care.KIND], [points] or [targets]");
	expect_text_error(PRE "[Program]\n", VIPCARE_E_POLICY_KEY,
			  "mall.ini:6:1: unknown section [Program]; expected [program], [tiers], "
			  "[tier.NAME], [benefit.ID], [care.KIND], [points] or [targets]");
}

static void test_file_unknown_key(void **state)
{
	(void)state;
	expect_text_error(PRE "[tier.gold]\nmin_spnd = 20000\n", VIPCARE_E_POLICY_KEY,
			  "mall.ini:7:1: unknown key \"min_spnd\" in [tier.gold]; expected one "
			  "of: min_spend, min_visits");
	expect_text_error(PRE "Window_days = 30\n", VIPCARE_E_POLICY_KEY,
			  "mall.ini:6:1: unknown key \"Window_days\" in [program]; expected one "
			  "of: name, window_days, retain_days, vip_min_tier, lapse_days, "
			  "overdue_days, sla_minutes, conversion_days");
}

static void test_file_points_section(void **state)
{
	struct vipcare_policy *p = new_policy();

	(void)state;
	/* [points] is read (tests/test-policy-points.c); the spacing rules hold for it too */
	assert_int_equal(load(p, PRE "  [ targets ]  # now\n[ points ]\nunit = 2.50\n"),
			 VIPCARE_OK);
	assert_int_equal(vipcare_policy_points_unit(p), 250);
	assert_string_equal(vipcare_policy_name(p), "Changed Mall");
	vipcare_policy_unref(p);
}

static void test_file_repeated_section(void **state)
{
	(void)state;
	expect_text_error(PRE "[tiers]\n[program]\n", VIPCARE_E_POLICY_SYNTAX,
			  "mall.ini:7:1: section [program] repeated (first on line 2)");
	expect_text_error(PRE "[tier.gold]\n[tier.platinum]\n[tier.gold]\n",
			  VIPCARE_E_POLICY_SYNTAX,
			  "mall.ini:8:1: section [tier.gold] repeated (first on line 6)");
}

static void test_file_repeated_key(void **state)
{
	(void)state;
	expect_text_error(PRE "lapse_days = 60\nlapse_days = 61\n", VIPCARE_E_POLICY_SYNTAX,
			  "mall.ini:7:1: [program] lapse_days repeated (first on line 6)");
	expect_text_error(PRE "[tier.gold]\nmin_spend = 1\n  min_spend = none\n",
			  VIPCARE_E_POLICY_SYNTAX,
			  "mall.ini:8:3: [tier.gold] min_spend repeated (first on line 7)");
}

static void test_file_key_before_section(void **state)
{
	(void)state;
	expect_text_error("# Joy City\nname = Joy City VIP\n[program]\n", VIPCARE_E_POLICY_SYNTAX,
			  "mall.ini:2:1: key \"name\" before any section; a policy file starts "
			  "with a [section] line");
}

static void test_file_line_without_equals(void **state)
{
	(void)state;
	expect_text_error(PRE "window_days 400\n", VIPCARE_E_POLICY_SYNTAX,
			  "mall.ini:6:1: expected \"key = value\" or a [section] line, found "
			  "\"window_days 400\"");
	expect_text_error(PRE "  = 400\n", VIPCARE_E_POLICY_SYNTAX,
			  "mall.ini:6:3: expected \"key = value\", found \"= 400\"");
}

static void test_file_malformed_header(void **state)
{
	(void)state;
	expect_text_error(PRE "[tier.gold\n", VIPCARE_E_POLICY_SYNTAX,
			  "mall.ini:6:1: malformed section header \"[tier.gold\"; expected "
			  "\"[name]\"");
	expect_text_error(PRE "[program] name = x\n", VIPCARE_E_POLICY_SYNTAX,
			  "mall.ini:6:1: malformed section header \"[program] name = x\"; expected "
			  "\"[name]\"");
	expect_text_error(PRE "[ ]\n", VIPCARE_E_POLICY_SYNTAX,
			  "mall.ini:6:1: malformed section header \"[ ]\"; expected \"[name]\"");
	expect_text_error(PRE "[[tiers]]\n", VIPCARE_E_POLICY_SYNTAX,
			  "mall.ini:6:1: malformed section header \"[[tiers]]\"; expected "
			  "\"[name]\"");
}

static void test_file_bad_integer(void **state)
{
	(void)state;
	expect_text_error(PRE "window_days = -30\n", VIPCARE_E_POLICY_VALUE,
			  "mall.ini:6:15: [program] window_days: expected an integer 1..36525, "
			  "found \"-30\"");
	expect_text_error(PRE "window_days = +30\n", VIPCARE_E_POLICY_VALUE,
			  "mall.ini:6:15: [program] window_days: expected an integer 1..36525, "
			  "found \"+30\"");
	expect_text_error(PRE "sla_minutes = 1 20\n", VIPCARE_E_POLICY_VALUE,
			  "mall.ini:6:15: [program] sla_minutes: expected an integer 0..5256000, "
			  "found \"1 20\"");
	expect_text_error(PRE "lapse_days = 90.0\n", VIPCARE_E_POLICY_VALUE,
			  "mall.ini:6:14: [program] lapse_days: expected an integer 1..36525, "
			  "found \"90.0\"");
	expect_text_error(PRE "lapse_days =\n", VIPCARE_E_POLICY_VALUE,
			  "mall.ini:6:13: [program] lapse_days: expected an integer 1..36525, "
			  "found \"\"");
	expect_text_error(PRE "[tier.diamond]\nmin_visits = fifty\n", VIPCARE_E_POLICY_VALUE,
			  "mall.ini:7:14: [tier.diamond] min_visits: expected an integer 0..36525 "
			  "or none, found \"fifty\"");
}

static void test_file_integer_out_of_range(void **state)
{
	(void)state;
	expect_text_error(PRE "window_days = 0\n", VIPCARE_E_POLICY_VALUE,
			  "mall.ini:6:15: [program] window_days: expected an integer 1..36525, "
			  "found \"0\"");
	expect_text_error(PRE "overdue_days = 36526\n", VIPCARE_E_POLICY_VALUE,
			  "mall.ini:6:16: [program] overdue_days: expected an integer 0..36525, "
			  "found \"36526\"");
	expect_text_error(PRE "conversion_days = 18446744073709551617\n", VIPCARE_E_POLICY_VALUE,
			  "mall.ini:6:19: [program] conversion_days: expected an integer "
			  "1..36525, found \"18446744073709551617\"");
	expect_text_error(PRE "[tier.diamond]\nmin_visits = 36526\n", VIPCARE_E_POLICY_VALUE,
			  "mall.ini:7:14: [tier.diamond] min_visits: expected an integer 0..36525 "
			  "or none, found \"36526\"");
}

static void test_file_bad_money(void **state)
{
	(void)state;
	expect_text_error(PRE "[tier.gold]\nmin_spend = 10000.001\n", VIPCARE_E_POLICY_VALUE,
			  "mall.ini:7:13: [tier.gold] min_spend: expected an amount "
			  "0.00..10000000000000.00 (at most 2 fraction digits) or none, found "
			  "\"10000.001\"");
	expect_text_error(PRE "[tier.gold]\nmin_spend = 10,000\n", VIPCARE_E_POLICY_VALUE,
			  "mall.ini:7:13: [tier.gold] min_spend: expected an amount "
			  "0.00..10000000000000.00 (at most 2 fraction digits) or none, found "
			  "\"10,000\"");
	expect_text_error(PRE "[tier.gold]\nmin_spend = -5\n", VIPCARE_E_POLICY_VALUE,
			  "mall.ini:7:13: [tier.gold] min_spend: expected an amount "
			  "0.00..10000000000000.00 (at most 2 fraction digits) or none, found "
			  "\"-5\"");
	expect_text_error(PRE "[tier.gold]\nmin_spend = 10000000000000.01\n",
			  VIPCARE_E_POLICY_VALUE,
			  "mall.ini:7:13: [tier.gold] min_spend: expected an amount "
			  "0.00..10000000000000.00 (at most 2 fraction digits) or none, found "
			  "\"10000000000000.01\"");
}

static void test_file_bad_tier_name(void **state)
{
	(void)state;
	expect_text_error(PRE "[tiers]\norder = member, gold star\n", VIPCARE_E_POLICY_VALUE,
			  "mall.ini:7:17: [tiers] order: expected a tier name [A-Za-z0-9_-]{1,32} "
			  "other than \"none\", found \"gold star\"");
	expect_text_error(PRE "[tiers]\norder = member, none\n", VIPCARE_E_POLICY_VALUE,
			  "mall.ini:7:17: [tiers] order: expected a tier name [A-Za-z0-9_-]{1,32} "
			  "other than \"none\", found \"none\"");
	expect_text_error(PRE "[tiers]\norder = member,, gold\n", VIPCARE_E_POLICY_VALUE,
			  "mall.ini:7:16: [tiers] order: expected a tier name [A-Za-z0-9_-]{1,32} "
			  "other than \"none\", found \"\"");
	expect_text_error(PRE "[tier.gold!]\n", VIPCARE_E_POLICY_VALUE,
			  "mall.ini:6:1: section [tier.NAME]: expected a tier name "
			  "[A-Za-z0-9_-]{1,32} other than \"none\", found \"gold!\"");
	expect_text_error(PRE "vip_min_tier = Gold Card\n", VIPCARE_E_POLICY_VALUE,
			  "mall.ini:6:16: [program] vip_min_tier: expected a tier name "
			  "[A-Za-z0-9_-]{1,32} other than \"none\", found \"Gold Card\"");
}

static void test_file_list_repeat(void **state)
{
	(void)state;
	expect_text_error(PRE "[tiers]\norder = member, gold, platinum, gold\n",
			  VIPCARE_E_POLICY_VALUE,
			  "mall.ini:7:33: [tiers] order: tier \"gold\" is listed twice");
	expect_text_error(PRE "[tiers]\norder = a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q\n",
			  VIPCARE_E_POLICY_VALUE, "mall.ini:7:41: [tiers] order: more than 16 tiers");
}

static void test_file_unknown_tier_section(void **state)
{
	(void)state;
	expect_text_error(PRE "[tier.silver]\nmin_spend = 5000\n", VIPCARE_E_UNKNOWN_TIER,
			  "mall.ini:6:1: [tier.silver]: tier \"silver\" is not one of the tiers "
			  "(member, gold, platinum, diamond)");
	/* [tiers] order is applied first, wherever it is in the file */
	expect_text_error(PRE "[tier.diamond]\nmin_visits = 60\n[tiers]\n"
			      "order = member, gold, platinum\n",
			  VIPCARE_E_UNKNOWN_TIER,
			  "mall.ini:6:1: [tier.diamond]: tier \"diamond\" is not one of the tiers "
			  "(member, gold, platinum) listed by [tiers] order");
}

static void test_file_unknown_vip_tier(void **state)
{
	(void)state;
	expect_text_error(PRE "vip_min_tier = black\n", VIPCARE_E_UNKNOWN_TIER,
			  "mall.ini:6:16: [program] vip_min_tier: tier \"black\" is not one of the "
			  "tiers (member, gold, platinum, diamond)");
	expect_text_error(PRE "vip_min_tier = diamond\n[tiers]\norder = member, gold, platinum\n",
			  VIPCARE_E_UNKNOWN_TIER,
			  "mall.ini:6:16: [program] vip_min_tier: tier \"diamond\" is not one of the "
			  "tiers (member, gold, platinum)");
}

static void test_file_thresholds_not_rising(void **state)
{
	(void)state;
	expect_text_error(PRE "[tier.platinum]\nmin_spend = 4000\n", VIPCARE_E_POLICY_INVALID,
			  "mall.ini:7: [tier.platinum] min_spend: tier \"platinum\": min_spend "
			  "4000.00 is below min_spend 10000.00 of the lower tier \"gold\"");
	/* the lower tier's line is blamed when only it was changed */
	expect_text_error(PRE "[tier.gold]\nmin_spend = 60000\n", VIPCARE_E_POLICY_INVALID,
			  "mall.ini:7: [tier.gold] min_spend: tier \"platinum\": min_spend "
			  "50000.00 is below min_spend 60000.00 of the lower tier \"gold\"");
	/* a threshold of a lower tier missing on the higher one */
	expect_text_error(PRE "[tier.gold]\nmin_visits = 12\n", VIPCARE_E_POLICY_INVALID,
			  "mall.ini:7: [tier.gold] min_visits: tier \"platinum\" has no "
			  "min_visits, but the lower tier \"gold\" has min_visits 12");
	expect_text_error(PRE "[tier.diamond]\nmin_spend = none\n", VIPCARE_E_POLICY_INVALID,
			  "mall.ini:7: [tier.diamond] min_spend: tier \"diamond\" has no "
			  "min_spend, but the lower tier \"platinum\" has min_spend 50000.00");
}

static void test_file_adjacent_tiers_equal(void **state)
{
	(void)state;
	expect_text_error(PRE "[tier.platinum]\nmin_spend = 10000.00\n", VIPCARE_E_POLICY_INVALID,
			  "mall.ini:7: [tier.platinum] min_spend: tiers \"gold\" and \"platinum\" "
			  "have the same thresholds (min_spend 10000.00); a higher tier must ask "
			  "for more");
}

static void test_file_tier_without_thresholds(void **state)
{
	(void)state;
	expect_text_error(PRE "[tiers]\norder = member, silver, gold, platinum, diamond\n",
			  VIPCARE_E_POLICY_INVALID,
			  "mall.ini:7: [tiers] order: tier \"silver\" has no thresholds; every tier "
			  "above the base tier \"member\" needs min_spend and/or min_visits");
	expect_text_error(PRE "[tier.gold]\nmin_spend = none\n", VIPCARE_E_POLICY_INVALID,
			  "mall.ini:7: [tier.gold] min_spend: tier \"gold\" has no thresholds; "
			  "every tier above the base tier \"member\" needs min_spend and/or "
			  "min_visits");
	/* nor may the base tier have any */
	expect_text_error(PRE "[tier.member]\nmin_visits = 1\n", VIPCARE_E_POLICY_INVALID,
			  "mall.ini:7: [tier.member] min_visits: tier \"member\" is the base tier "
			  "and cannot have thresholds (it has min_visits 1)");
}

static void test_file_nul_byte(void **state)
{
	static const char text[] = PRE "name = Joy\0City\n";

	(void)state;
	expect_error(text, sizeof(text) - 1, VIPCARE_E_POLICY_SYNTAX,
		     "mall.ini:6:11: [program] name: found a NUL byte; UTF-8 text without "
		     "control characters expected");
	expect_error("\0", 1, VIPCARE_E_POLICY_SYNTAX,
		     "mall.ini:1:1: found a NUL byte; UTF-8 text without control characters "
		     "expected");
}

static void test_file_invalid_utf8(void **state)
{
	(void)state;
	expect_text_error(PRE "name = Caf\xe9 VIP\n", VIPCARE_E_POLICY_SYNTAX,
			  "mall.ini:6:11: [program] name: found the byte 0xe9, which is not UTF-8; "
			  "UTF-8 text without control characters expected");
	/* in a comment too, and after multi-byte characters (columns count characters) */
	expect_text_error(PRE "# 会员 \xc0\xaf\n", VIPCARE_E_POLICY_SYNTAX,
			  "mall.ini:6:6: found the byte 0xc0, which is not UTF-8; UTF-8 text "
			  "without control characters expected");
	expect_text_error(PRE "name = A\x01 B\n", VIPCARE_E_POLICY_SYNTAX,
			  "mall.ini:6:9: [program] name: found the control character 0x01; UTF-8 "
			  "text without control characters expected");
	expect_text_error(PRE "name = A\rB\n", VIPCARE_E_POLICY_SYNTAX,
			  "mall.ini:6:9: [program] name: found the control character 0x0d; UTF-8 "
			  "text without control characters expected");
}

static void test_file_bad_name(void **state)
{
	char text[300];

	(void)state;
	expect_text_error("[program]\nname =   # no name\n", VIPCARE_E_POLICY_VALUE,
			  "mall.ini:2:7: [program] name: expected a name of 1..128 bytes, found "
			  "\"\"");
	snprintf(text, sizeof(text), "[program]\nname = %0129d\n", 0);
	expect_text_error(text, VIPCARE_E_POLICY_VALUE,
			  "mall.ini:2:8: [program] name: expected a name of 1..128 bytes, found "
			  "\"0000000000000000000000000000000000000000...\"");
	expect_text_error("[program]\nname = Joy\tCity\n", VIPCARE_E_POLICY_VALUE,
			  "mall.ini:2:8: [program] name: the programme name \"Joy\\x09City\" holds a "
			  "control character (byte 4)");
}

static void test_file_not_found(void **state)
{
	struct vipcare_policy *p = new_policy(), *before = NULL;
	char expected[256];

	(void)state;
	assert_int_equal(vipcare_policy_copy(&before, p), VIPCARE_OK);
	assert_int_equal(vipcare_policy_load_file(p, "/nonexistent-vipcare-dir/mall.ini"),
			 VIPCARE_E_IO);
	snprintf(expected, sizeof(expected),
		 "/nonexistent-vipcare-dir/mall.ini: cannot open the policy file: %s",
		 strerror(ENOENT));
	assert_string_equal(vipcare_policy_last_error(p), expected);
	assert_true(vipcare_policy_equal(p, before));
	assert_int_equal(vipcare_policy_load_file(p, NULL), VIPCARE_E_INVALID_ARGUMENT);
	assert_int_equal(vipcare_policy_load_file(NULL, "mall.ini"), VIPCARE_E_INVALID_ARGUMENT);
	vipcare_policy_unref(before);
	vipcare_policy_unref(p);
}

static void write_file(const char *path, const char *text, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static void test_file_too_big(void **state)
{
	const size_t limit = 1024 * 1024;
	const char *path = "test-policy-big.ini";
	char *text = malloc(limit + 1);
	struct vipcare_policy *p = new_policy(), *before = NULL;

	(void)state;
	assert_non_null(text);
	memset(text, '\n', limit + 1);
	memcpy(text, "[program]\n", 10);
	assert_int_equal(vipcare_policy_copy(&before, p), VIPCARE_OK);
	assert_int_equal(vipcare_policy_load_string(p, text, limit + 1, "mall.ini"),
			 VIPCARE_E_POLICY_SYNTAX);
	assert_string_equal(vipcare_policy_last_error(p),
			    "mall.ini: the policy text is 1048577 bytes long; at most 1048576 "
			    "allowed");
	write_file(path, text, limit + 1);
	assert_int_equal(vipcare_policy_load_file(p, path), VIPCARE_E_POLICY_SYNTAX);
	assert_string_equal(vipcare_policy_last_error(p),
			    "test-policy-big.ini: the policy file is more than 1048576 bytes long");
	assert_true(vipcare_policy_equal(p, before));
	/* exactly at the limit is fine */
	write_file(path, text, limit);
	assert_int_equal(vipcare_policy_load_file(p, path), VIPCARE_OK);
	assert_true(vipcare_policy_equal(p, before));
	assert_int_equal(remove(path), 0);
	free(text);
	vipcare_policy_unref(before);
	vipcare_policy_unref(p);
}

/* ------------------------------------------------------------------ */
/* Policy files that load                                              */
/* ------------------------------------------------------------------ */

static void test_file_comments_bom_crlf(void **state)
{
	static const char text[] = "\xef\xbb\xbf# written on a POS terminal\r\n"
				   "[program] ; the programme\r\n"
				   "name = Joy City VIP # the flagship mall\r\n"
				   "window_days=180;half a year\r\n"
				   "\t retain_days\t=\t7 \r\n"
				   "\r\n"
				   "   ; a whole-line comment\r\n"
				   "[tier.gold]#gold\r\n"
				   "min_spend = 12000.5\r\n"
				   "[ tier.diamond ]\n"
				   "min_visits = 60";
	struct vipcare_policy *p = new_policy();

	(void)state;
	assert_int_equal(load(p, text), VIPCARE_OK);
	assert_string_equal(vipcare_policy_last_error(p), "");
	assert_string_equal(vipcare_policy_name(p), "Joy City VIP");
	assert_int_equal(setting(p, VIPCARE_SETTING_WINDOW_DAYS), 180);
	assert_int_equal(setting(p, VIPCARE_SETTING_RETAIN_DAYS), 7);
	assert_int_equal(setting(p, VIPCARE_SETTING_LAPSE_DAYS), 90);
	assert_tier(p, 1, "gold", 1, 1200050, 0, 0);
	/* one threshold given keeps the other */
	assert_tier(p, 3, "diamond", 1, 10000000, 1, 60);
	/* columns after a BOM count from the first character */
	expect_text_error("\xef\xbb\xbf[prog]\n", VIPCARE_E_POLICY_KEY,
			  "mall.ini:1:1: unknown section [prog]; expected [program], [tiers], "
			  "[tier.NAME], [benefit.ID], [care.KIND], [points] or [targets]");
	vipcare_policy_unref(p);
}

static void test_file_empty_and_comments_only(void **state)
{
	struct vipcare_policy *p = new_policy(), *d = new_policy();

	(void)state;
	assert_int_equal(vipcare_policy_load_string(p, "", 0, NULL), VIPCARE_OK);
	assert_int_equal(load(p, "\xef\xbb\xbf"), VIPCARE_OK);
	assert_int_equal(load(p, "# nothing\n; at all\n\n   \n"), VIPCARE_OK);
	assert_int_equal(load(p, "[program]\n[tiers]\n[tier.gold]\n"), VIPCARE_OK);
	assert_true(vipcare_policy_equal(p, d));
	/* the name argument may be NULL */
	assert_int_equal(vipcare_policy_load_string(p, "x", 1, NULL), VIPCARE_E_POLICY_SYNTAX);
	assert_string_equal(vipcare_policy_last_error(p),
			    "<policy>:1:1: expected \"key = value\" or a [section] line, found "
			    "\"x\"");
	assert_int_equal(vipcare_policy_load_string(p, NULL, 0, "mall.ini"),
			 VIPCARE_E_INVALID_ARGUMENT);
	assert_string_equal(vipcare_policy_last_error(p), "mall.ini: the policy text is NULL");
	assert_int_equal(vipcare_policy_load_string(NULL, "", 0, NULL), VIPCARE_E_INVALID_ARGUMENT);
	vipcare_policy_unref(d);
	vipcare_policy_unref(p);
}

static void test_file_order_with_new_tier(void **state)
{
	/* the [tier.silver] section comes before the order that lists it */
	static const char text[] = "[tier.silver]\n"
				   "min_spend = 5000\n"
				   "[tiers]\n"
				   "order = member, silver, gold, platinum, diamond\n"
				   "[program]\n"
				   "lapse_days = 60\n"
				   "[benefit.welcome_gift]  # every tier needs a quota\n"
				   "quota.silver = 1 per lifetime\n";
	struct vipcare_policy *p = new_policy();

	(void)state;
	assert_int_equal(load(p, text), VIPCARE_OK);
	assert_int_equal(vipcare_policy_tier_count(p), 5);
	assert_tier(p, 0, "member", 0, 0, 0, 0);
	assert_tier(p, 1, "silver", 1, 500000, 0, 0);
	assert_tier(p, 2, "gold", 1, 1000000, 0, 0);
	assert_tier(p, 3, "platinum", 1, 5000000, 0, 0);
	assert_tier(p, 4, "diamond", 1, 10000000, 1, 52);
	assert_int_equal(vipcare_policy_vip_min_tier(p), 2); /* still gold */
	assert_int_equal(setting(p, VIPCARE_SETTING_LAPSE_DAYS), 60);
	vipcare_policy_unref(p);
}

static void test_file_replaces_tiers(void **state)
{
	static const char text[] = "[tiers]\n"
				   "order = basic, gold, black   # lowest first\n"
				   "[tier.black]\n"
				   "min_spend = 200000\n"
				   "min_visits = 24\n"
				   "[tier.gold]\n"
				   "min_visits = 6\n"
				   "[program]\n"
				   "vip_min_tier = black\n"
				   /* benefits follow their tiers by name */
				   "[benefit.welcome_gift]\n"
				   "min_tier = basic\n"
				   "quota = 1 per lifetime\n"
				   "[benefit.birthday_coupon]\n"
				   "quota.black = 1 per year\n"
				   "[benefit.free_parking_hours]\n"
				   "quota.black = 5 per day\n"
				   "[benefit.priority_checkout]\n"
				   "min_tier = black\n"
				   "quota = unlimited\n"
				   "[benefit.dedicated_advisor]\n"
				   "min_tier = black\n"
				   "quota = unlimited\n"
				   "[benefit.vip_event_invite]\n"
				   "min_tier = black\n"
				   "quota.black = 1 per quarter\n";
	struct vipcare_policy *p = new_policy();

	(void)state;
	assert_int_equal(load(p, text), VIPCARE_OK);
	assert_int_equal(vipcare_policy_tier_count(p), 3);
	assert_tier(p, 0, "basic", 0, 0, 0, 0);
	assert_tier(p, 1, "gold", 1, 1000000, 1, 6);
	assert_tier(p, 2, "black", 1, 20000000, 1, 24);
	assert_int_equal(vipcare_policy_vip_min_tier(p), 2);
	/* "none" takes a threshold away */
	assert_int_equal(load(p, "[tier.gold]\nmin_spend = none\n[tier.black]\nmin_spend = none\n"),
			 VIPCARE_OK);
	assert_tier(p, 1, "gold", 0, 0, 1, 6);
	assert_tier(p, 2, "black", 0, 0, 1, 24);
	/* a tier that becomes the base tier loses its thresholds */
	assert_int_equal(load(p, "[tiers]\norder = gold, black\n"
				 "[benefit.welcome_gift]\nmin_tier = gold\n"),
			 VIPCARE_OK);
	assert_tier(p, 0, "gold", 0, 0, 0, 0);
	assert_tier(p, 1, "black", 0, 0, 1, 24);
	assert_int_equal(vipcare_policy_vip_min_tier(p), 1);
	vipcare_policy_unref(p);
}

static void test_file_load_file(void **state)
{
	static const char text[] = "[program]\nsla_minutes = 60\n";
	const char *path = "test-policy-small.ini";
	struct vipcare_policy *p = new_policy();

	(void)state;
	write_file(path, text, sizeof(text) - 1);
	assert_int_equal(vipcare_policy_load_file(p, path), VIPCARE_OK);
	assert_int_equal(setting(p, VIPCARE_SETTING_SLA_MINUTES), 60);
	write_file(path, "[program]\nsla_minutes = 60\nsla_minutes = 61\n", 44);
	assert_int_equal(vipcare_policy_load_file(p, path), VIPCARE_E_POLICY_SYNTAX);
	assert_string_equal(vipcare_policy_last_error(p),
			    "test-policy-small.ini:3:1: [program] sla_minutes repeated (first on "
			    "line 2)");
	assert_int_equal(remove(path), 0);
	vipcare_policy_unref(p);
}

/* ------------------------------------------------------------------ */
/* Writing the policy back                                             */
/* ------------------------------------------------------------------ */

static const char default_text[] =
	"# VIP programme policy, written by libvipcare " VIPCARE_VERSION_STRING ".\n"
	"# Read over the default policy it gives this policy back; the format is\n"
	"# described in docs/policy.md.\n"
	"\n"
	"[program]\n"
	"name = VIP Programme\n"
	"window_days = 365\n"
	"retain_days = 0\n"
	"vip_min_tier = gold\n"
	"lapse_days = 90\n"
	"overdue_days = 14\n"
	"sla_minutes = 120\n"
	"conversion_days = 30\n"
	"\n"
	"[care.welcome]\n"
	"enabled = 1\n"
	"min_tier = member\n"
	"channels = wechat, sms, app, email\n"
	"marketing = 0\n"
	"\n"
	"[care.followup_3d]\n"
	"enabled = 1\n"
	"min_tier = member\n"
	"days = 3\n"
	"channels = sms, wechat, phone\n"
	"marketing = 0\n"
	"\n"
	"[care.birthday]\n"
	"enabled = 1\n"
	"min_tier = member\n"
	"lead_days = 7\n"
	"channels = wechat, sms, app, email\n"
	"marketing = 1\n"
	"\n"
	"[care.lapse]\n"
	"enabled = 1\n"
	"min_tier = gold\n"
	"channels = phone, wechat, sms\n"
	"marketing = 1\n"
	"\n"
	"[care.advisor_contact]\n"
	"enabled = 1\n"
	"min_tier = member\n"
	"channels = phone, wechat\n"
	"marketing = 0\n"
	"period.member = none\n"
	"period.gold = none\n"
	"period.platinum = quarter\n"
	"period.diamond = month\n"
	"\n"
	"[care.tier_change]\n"
	"enabled = 1\n"
	"min_tier = member\n"
	"channels = wechat, sms, app, email\n"
	"marketing = 0\n"
	"\n"
	"[tiers]\n"
	"order = member, gold, platinum, diamond\n"
	"\n"
	"[tier.gold]\n"
	"min_spend = 10000.00\n"
	"\n"
	"[tier.platinum]\n"
	"min_spend = 50000.00\n"
	"\n"
	"[tier.diamond]\n"
	"min_spend = 100000.00\n"
	"min_visits = 52\n"
	"\n"
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
	"window = first_30_days\n"
	"\n"
	"[points]\n"
	"unit = 1.00\n"
	"expiry_years = 1\n"
	"multiplier.member = 1.00\n"
	"multiplier.gold = 1.00\n"
	"multiplier.platinum = 1.50\n"
	"multiplier.diamond = 2.00\n"
	"\n"
	"[targets]\n"
	"repurchase_rate = min 0.60\n"
	"churn_rate = max 0.05\n"
	"vip_sales_share = min 0.45\n"
	"nps = min 40\n"
	"csat = min 85\n"
	"service_first_response_p50 = max 120\n";

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

static void test_write_default(void **state)
{
	struct vipcare_policy *p = new_policy();
	char *text = round_trip(p);

	(void)state;
	assert_string_equal(text, default_text);
	vipcare_free(text);
	assert_int_equal(vipcare_policy_to_text(p, NULL), VIPCARE_E_INVALID_ARGUMENT);
	assert_int_equal(vipcare_policy_to_text(NULL, &text), VIPCARE_E_INVALID_ARGUMENT);
	assert_null(text);
	vipcare_policy_unref(p);
}

static void test_write_modified(void **state)
{
	static const char *const renamed[] = { "member", "silver", "jade", "black" };
	static const char expected_tiers[] = "[tiers]\n"
					     "order = member, silver, jade, black\n"
					     "\n"
					     "[tier.silver]\n"
					     "min_spend = 8000.00\n"
					     "\n"
					     "[tier.jade]\n"
					     "min_spend = 30000.00\n"
					     "min_visits = 12\n"
					     "\n"
					     "[tier.black]\n"
					     "min_spend = 80000.50\n"
					     "min_visits = 24\n";
	struct vipcare_policy *p = new_policy();
	char *text;

	(void)state;
	assert_int_equal(vipcare_policy_set_tiers(p, renamed, 4), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_tier_min_spend(p, 1, 1, 800000), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_tier_min_spend(p, 2, 1, 3000000), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_tier_min_visits(p, 2, 1, 12), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_tier_min_spend(p, 3, 1, 8000050), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_tier_min_visits(p, 3, 1, 24), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set(p, VIPCARE_SETTING_RETAIN_DAYS, 30), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_vip_min_tier(p, 2), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_name(p, "Joy City 悦会员"), VIPCARE_OK);
	settle_benefits(p);
	assert_int_equal(vipcare_policy_validate(p), VIPCARE_OK);
	text = round_trip(p);
	assert_non_null(strstr(text, "\nname = Joy City 悦会员\n"));
	assert_non_null(strstr(text, "\nretain_days = 30\n"));
	assert_non_null(strstr(text, "\nvip_min_tier = jade\n"));
	assert_non_null(strstr(text, expected_tiers));
	vipcare_free(text);
	vipcare_policy_unref(p);
}

static void test_write_none_where_needed(void **state)
{
	static const char *const names[] = { "member", "gold", "diamond" };
	static const char *const based[] = { "platinum", "gold", "vip" };
	struct vipcare_policy *p = new_policy();
	char *text;

	(void)state;
	/* default names without a default threshold must say "none" */
	assert_int_equal(vipcare_policy_set_tiers(p, names, 3), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_tier_min_spend(p, 1, 0, 0), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_tier_min_visits(p, 1, 1, 6), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_tier_min_spend(p, 2, 0, 0), VIPCARE_OK);
	settle_benefits(p);
	assert_int_equal(vipcare_policy_validate(p), VIPCARE_OK);
	text = round_trip(p);
	assert_non_null(strstr(text, "[tier.gold]\nmin_spend = none\nmin_visits = 6\n"));
	assert_non_null(strstr(text, "[tier.diamond]\nmin_spend = none\nmin_visits = 52\n"));
	vipcare_free(text);
	/* a default tier name as the base tier, a new name on top */
	assert_int_equal(vipcare_policy_set_tiers(p, based, 3), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_tier_min_visits(p, 2, 1, 100), VIPCARE_OK);
	settle_benefits(p);
	assert_int_equal(vipcare_policy_validate(p), VIPCARE_OK);
	text = round_trip(p);
	assert_non_null(strstr(text, "[tier.vip]\nmin_visits = 100\n"));
	assert_null(strstr(text, "[tier.platinum]"));
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
	/* it states every value, so it also resets a changed policy */
	assert_int_equal(vipcare_policy_set_name(p, "Changed"), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set(p, VIPCARE_SETTING_RETAIN_DAYS, 30), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set(p, VIPCARE_SETTING_SLA_MINUTES, 30), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_tier_min_spend(p, 1, 1, 1), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_vip_min_tier(p, 3), VIPCARE_OK);
	assert_int_equal(vipcare_policy_load_file(p, path), VIPCARE_OK);
	assert_true(vipcare_policy_equal(p, d));
	vipcare_policy_unref(d);
	vipcare_policy_unref(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_policy),
		cmocka_unit_test(test_setting_names_and_bounds),
		cmocka_unit_test(test_set_and_get_settings),
		cmocka_unit_test(test_set_name),
		cmocka_unit_test(test_thresholds),
		cmocka_unit_test(test_tier_ranks_and_vip),
		cmocka_unit_test(test_set_tiers_keeps_thresholds),
		cmocka_unit_test(test_set_tiers_errors),
		cmocka_unit_test(test_validate_errors),
		cmocka_unit_test(test_copy_equal_ref),
		cmocka_unit_test(test_file_unknown_section),
		cmocka_unit_test(test_file_unknown_key),
		cmocka_unit_test(test_file_points_section),
		cmocka_unit_test(test_file_repeated_section),
		cmocka_unit_test(test_file_repeated_key),
		cmocka_unit_test(test_file_key_before_section),
		cmocka_unit_test(test_file_line_without_equals),
		cmocka_unit_test(test_file_malformed_header),
		cmocka_unit_test(test_file_bad_integer),
		cmocka_unit_test(test_file_integer_out_of_range),
		cmocka_unit_test(test_file_bad_money),
		cmocka_unit_test(test_file_bad_tier_name),
		cmocka_unit_test(test_file_bad_name),
		cmocka_unit_test(test_file_list_repeat),
		cmocka_unit_test(test_file_unknown_tier_section),
		cmocka_unit_test(test_file_unknown_vip_tier),
		cmocka_unit_test(test_file_thresholds_not_rising),
		cmocka_unit_test(test_file_adjacent_tiers_equal),
		cmocka_unit_test(test_file_tier_without_thresholds),
		cmocka_unit_test(test_file_nul_byte),
		cmocka_unit_test(test_file_invalid_utf8),
		cmocka_unit_test(test_file_not_found),
		cmocka_unit_test(test_file_too_big),
		cmocka_unit_test(test_file_comments_bom_crlf),
		cmocka_unit_test(test_file_empty_and_comments_only),
		cmocka_unit_test(test_file_order_with_new_tier),
		cmocka_unit_test(test_file_replaces_tiers),
		cmocka_unit_test(test_file_load_file),
		cmocka_unit_test(test_write_default),
		cmocka_unit_test(test_write_modified),
		cmocka_unit_test(test_write_none_where_needed),
		cmocka_unit_test(test_default_policy_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
