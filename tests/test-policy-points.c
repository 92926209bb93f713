/*
 * libvipcare — tests of the points rules of a policy: the defaults (DESIGN
 * §5b, §8), the setters and getters, the [points] section of the policy
 * file and its interplay with [tiers] order, writing the rules back and
 * policy equality.
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

/* The tiers are exactly @names, with exactly these multipliers (hundredths). */
static void assert_multipliers(const struct vipcare_policy *p, const char *const *names,
			       const int64_t *hundredths, int count)
{
	int r;

	assert_int_equal(vipcare_policy_tier_count(p), count);
	for (r = 0; r < count; r++) {
		assert_string_equal(vipcare_policy_tier_name(p, r), names[r]);
		assert_int_equal(vipcare_policy_points_multiplier(p, r), hundredths[r]);
	}
	assert_int_equal(vipcare_policy_points_multiplier(p, count), VIPCARE_E_INVALID_ARGUMENT);
}

static const char *const default_tiers[] = { "member", "gold", "platinum", "diamond" };

/* DESIGN §8: 1 point per 1.00; member 1, gold 1, platinum 1.5, diamond 2; 1 year. */
static void assert_default_points(const struct vipcare_policy *p)
{
	static const int64_t multipliers[] = { 100, 100, 150, 200 };

	assert_int_equal(vipcare_policy_points_unit(p), 100);
	assert_int_equal(vipcare_policy_points_expiry_years(p), 1);
	assert_multipliers(p, default_tiers, multipliers, 4);
}

/* Gives every benefit a min_tier and every tier a quota, after a change of tiers. */
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
/* Defaults, setters and getters                                       */
/* ------------------------------------------------------------------ */

static void test_defaults(void **state)
{
	struct vipcare_policy *p = new_policy(), *copy = NULL;

	(void)state;
	assert_default_points(p);
	assert_int_equal(vipcare_policy_points_multiplier(p, -1), VIPCARE_E_INVALID_ARGUMENT);
	/* a copy has them too */
	assert_int_equal(vipcare_policy_copy(&copy, p), VIPCARE_OK);
	assert_default_points(copy);
	assert_true(vipcare_policy_equal(p, copy));
	assert_int_equal(vipcare_policy_validate(p), VIPCARE_OK);
	/* NULL */
	assert_int_equal(vipcare_policy_points_unit(NULL), VIPCARE_E_INVALID_ARGUMENT);
	assert_int_equal(vipcare_policy_points_expiry_years(NULL), VIPCARE_E_INVALID_ARGUMENT);
	assert_int_equal(vipcare_policy_points_multiplier(NULL, 0), VIPCARE_E_INVALID_ARGUMENT);
	assert_int_equal(vipcare_policy_set_points_unit(NULL, 100), VIPCARE_E_INVALID_ARGUMENT);
	assert_int_equal(vipcare_policy_set_points_expiry_years(NULL, 1),
			 VIPCARE_E_INVALID_ARGUMENT);
	assert_int_equal(vipcare_policy_set_points_multiplier(NULL, 0, 100),
			 VIPCARE_E_INVALID_ARGUMENT);
	vipcare_policy_unref(copy);
	vipcare_policy_unref(p);
}

static void test_set_get(void **state)
{
	static const int64_t changed[] = { 0, 105, 100000, 199 };
	struct vipcare_policy *p = new_policy();

	(void)state;
	/* the ends of each range */
	assert_int_equal(vipcare_policy_set_points_unit(p, 1), VIPCARE_OK);
	assert_int_equal(vipcare_policy_points_unit(p), 1);
	assert_int_equal(vipcare_policy_set_points_unit(p, 100000000), VIPCARE_OK);
	assert_int_equal(vipcare_policy_points_unit(p), 100000000);
	assert_int_equal(vipcare_policy_set_points_unit(p, 250), VIPCARE_OK);
	assert_int_equal(vipcare_policy_points_unit(p), 250);
	assert_int_equal(vipcare_policy_set_points_expiry_years(p, 0), VIPCARE_OK);
	assert_int_equal(vipcare_policy_points_expiry_years(p), 0);
	assert_int_equal(vipcare_policy_set_points_expiry_years(p, 100), VIPCARE_OK);
	assert_int_equal(vipcare_policy_points_expiry_years(p), 100);
	assert_int_equal(vipcare_policy_set_points_multiplier(p, 0, 0), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_points_multiplier(p, 1, 105), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_points_multiplier(p, 2, 100000), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_points_multiplier(p, 3, 199), VIPCARE_OK);
	assert_multipliers(p, default_tiers, changed, 4);
	/* setters check their own value only */
	assert_int_equal(vipcare_policy_validate(p), VIPCARE_OK);
	vipcare_policy_unref(p);
}

/* A refused set returns @status, leaves @message and changes nothing. */
static void expect_set_error(int what, int rank, int64_t value, int status, const char *message)
{
	struct vipcare_policy *p = new_policy(), *before = NULL;
	int rc;

	assert_int_equal(vipcare_policy_copy(&before, p), VIPCARE_OK);
	if (what == 0)
		rc = vipcare_policy_set_points_unit(p, value);
	else if (what == 1)
		rc = vipcare_policy_set_points_expiry_years(p, (int32_t)value);
	else
		rc = vipcare_policy_set_points_multiplier(p, rank, value);
	assert_int_equal(rc, status);
	assert_string_equal(vipcare_policy_last_error(p), message);
	assert_true(vipcare_policy_equal(p, before));
	assert_default_points(p);
	vipcare_policy_unref(before);
	vipcare_policy_unref(p);
}

static void test_set_errors(void **state)
{
	(void)state;
	expect_set_error(0, 0, 0, VIPCARE_E_RANGE, "points unit 0 is not 1 .. 100000000 minor units");
	expect_set_error(0, 0, -100, VIPCARE_E_RANGE,
			 "points unit -100 is not 1 .. 100000000 minor units");
	expect_set_error(0, 0, 100000001, VIPCARE_E_RANGE,
			 "points unit 100000001 is not 1 .. 100000000 minor units");
	expect_set_error(0, 0, INT64_MIN, VIPCARE_E_RANGE,
			 "points unit -9223372036854775808 is not 1 .. 100000000 minor units");
	expect_set_error(1, 0, -1, VIPCARE_E_RANGE, "points expiry_years -1 is not 0 .. 100");
	expect_set_error(1, 0, 101, VIPCARE_E_RANGE, "points expiry_years 101 is not 0 .. 100");
	expect_set_error(2, 2, -1, VIPCARE_E_RANGE,
			 "points multiplier of platinum: -1 hundredths is not 0 .. 100000");
	expect_set_error(2, 3, 100001, VIPCARE_E_RANGE,
			 "points multiplier of diamond: 100001 hundredths is not 0 .. 100000");
	expect_set_error(2, 4, 100, VIPCARE_E_INVALID_ARGUMENT, "rank 4 is not a tier rank (0..3)");
	expect_set_error(2, -1, 100, VIPCARE_E_INVALID_ARGUMENT,
			 "rank -1 is not a tier rank (0..3)");
}

/* vipcare_policy_set_tiers(): multipliers follow their tier's name; a new tier earns 1. */
static void test_set_tiers(void **state)
{
	static const char *const five[] = { "member", "silver", "gold", "platinum", "diamond" };
	static const int64_t five_m[] = { 120, 100, 110, 150, 200 };
	static const char *const two[] = { "platinum", "member" };
	static const int64_t two_m[] = { 150, 120 };
	static const char *const back[] = { "platinum", "member", "gold", "diamond" };
	static const int64_t back_m[] = { 150, 120, 100, 100 };
	struct vipcare_policy *p = new_policy();

	(void)state;
	assert_int_equal(vipcare_policy_set_points_multiplier(p, 0, 120), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_points_multiplier(p, 1, 110), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_tiers(p, five, 5), VIPCARE_OK);
	assert_multipliers(p, five, five_m, 5);
	/* the base tier keeps its multiplier (it only loses thresholds) */
	assert_int_equal(vipcare_policy_set_tiers(p, two, 2), VIPCARE_OK);
	assert_multipliers(p, two, two_m, 2);
	/* a dropped tier that comes back is a new tier: gold and diamond earn 1 */
	assert_int_equal(vipcare_policy_set_tiers(p, back, 4), VIPCARE_OK);
	assert_multipliers(p, back, back_m, 4);
	/* a refused list changes nothing */
	assert_int_equal(vipcare_policy_set_tiers(p, five, 0), VIPCARE_E_RANGE);
	assert_multipliers(p, back, back_m, 4);
	vipcare_policy_unref(p);
}

/* ------------------------------------------------------------------ */
/* The [points] section                                                */
/* ------------------------------------------------------------------ */

static void test_file_points(void **state)
{
	static const char text[] = "[points]   # DESIGN §8\n"
				   "unit = 2                    ; 1 point per 2.00\n"
				   "expiry_years=3\n"
				   "multiplier.gold = 1.25\n"
				   "\tmultiplier.platinum =1.5\n"
				   "multiplier.member = 0\n";
	static const int64_t expected[] = { 0, 125, 150, 200 };
	struct vipcare_policy *p = new_policy();

	(void)state;
	assert_int_equal(load(p, text), VIPCARE_OK);
	assert_string_equal(vipcare_policy_last_error(p), "");
	assert_int_equal(vipcare_policy_points_unit(p), 200);
	assert_int_equal(vipcare_policy_points_expiry_years(p), 3);
	/* diamond is not mentioned: it keeps its multiplier */
	assert_multipliers(p, default_tiers, expected, 4);
	/* an empty section changes nothing */
	assert_int_equal(load(p, "[points]\n"), VIPCARE_OK);
	assert_int_equal(vipcare_policy_points_unit(p), 200);
	assert_multipliers(p, default_tiers, expected, 4);
	/* one key changes that key only */
	assert_int_equal(load(p, "[points]\nexpiry_years = 0\n"), VIPCARE_OK);
	assert_int_equal(vipcare_policy_points_expiry_years(p), 0);
	assert_int_equal(vipcare_policy_points_unit(p), 200);
	vipcare_policy_unref(p);
}

static void test_file_ranges(void **state)
{
	static const int64_t top[] = { 100000, 1, 150, 710 };
	struct vipcare_policy *p = new_policy();

	(void)state;
	assert_int_equal(load(p, "[points]\nunit = 0.01\nexpiry_years = 100\n"
				 "multiplier.member = 1000\nmultiplier.gold = 0.01\n"
				 "multiplier.diamond = 007.1\n"),
			 VIPCARE_OK);
	assert_int_equal(vipcare_policy_points_unit(p), 1);
	assert_int_equal(vipcare_policy_points_expiry_years(p), 100);
	assert_multipliers(p, default_tiers, top, 4);
	assert_int_equal(load(p, "[points]\nunit = 1000000.00\nexpiry_years = 000\n"), VIPCARE_OK);
	assert_int_equal(vipcare_policy_points_unit(p), 100000000);
	assert_int_equal(vipcare_policy_points_expiry_years(p), 0);
	vipcare_policy_unref(p);
}

/* DESIGN §8's example section gives the default rules. */
static void test_file_design_example(void **state)
{
	static const char text[] = "[points]\n"
				   "unit = 1.00                               # money per point\n"
				   "expiry_years = 1\n"
				   "multiplier.platinum = 1.5\n"
				   "multiplier.diamond = 2\n";
	struct vipcare_policy *p = new_policy(), *d = new_policy();

	(void)state;
	assert_int_equal(vipcare_policy_set_points_unit(p, 500), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_points_multiplier(p, 2, 300), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_points_multiplier(p, 3, 300), VIPCARE_OK);
	assert_false(vipcare_policy_equal(p, d));
	assert_int_equal(load(p, text), VIPCARE_OK);
	assert_true(vipcare_policy_equal(p, d));
	assert_default_points(p);
	vipcare_policy_unref(d);
	vipcare_policy_unref(p);
}

/*
 * Loads @text over a policy whose points rules differ from the defaults,
 * expects @status and the exact @message, and checks that nothing changed.
 */
static void expect_error(const char *text, int status, const char *message)
{
	static const int64_t before_m[] = { 100, 125, 150, 200 };
	struct vipcare_policy *p = new_policy(), *before = NULL;

	assert_int_equal(vipcare_policy_set_points_unit(p, 250), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_points_expiry_years(p, 2), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_points_multiplier(p, 1, 125), VIPCARE_OK);
	assert_int_equal(vipcare_policy_copy(&before, p), VIPCARE_OK);
	assert_int_equal(load(p, text), status);
	assert_string_equal(vipcare_policy_last_error(p), message);
	assert_true(vipcare_policy_equal(p, before));
	assert_int_equal(vipcare_policy_points_unit(p), 250);
	assert_int_equal(vipcare_policy_points_expiry_years(p), 2);
	assert_multipliers(p, default_tiers, before_m, 4);
	assert_string_equal(vipcare_policy_name(p), "VIP Programme");
	vipcare_policy_unref(before);
	vipcare_policy_unref(p);
}

/* Lines 1..4 change the name, so that a failure must undo them; [points] is line 5. */
#define PRE "# Joy City\n[program]\nname = Changed Mall\n\n[points]\n"
#define UNIT_RULE "expected an amount 0.01..1000000.00 (at most 2 fraction digits), found "
#define MULTIPLIER_RULE                                                                         \
	"expected a multiplier 0.00..1000.00 (at most 2 fraction digits), found "
#define TIER_RULE "expected a tier name [A-Za-z0-9_-]{1,32} other than \"none\", found "
#define TIERS "(member, gold, platinum, diamond)"

static void test_file_bad_unit(void **state)
{
	(void)state;
	expect_error(PRE "unit = 0\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:6:8: [points] unit: " UNIT_RULE "\"0\"");
	expect_error(PRE "unit = 0.00\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:6:8: [points] unit: " UNIT_RULE "\"0.00\"");
	expect_error(PRE "unit = -1.00\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:6:8: [points] unit: " UNIT_RULE "\"-1.00\"");
	expect_error(PRE "unit = 1000000.01\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:6:8: [points] unit: " UNIT_RULE "\"1000000.01\"");
	/* money syntax: never rounded, no separators, signs, exponents or currency */
	expect_error(PRE "unit = 1.001\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:6:8: [points] unit: " UNIT_RULE "\"1.001\"");
	expect_error(PRE "unit = 1,00\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:6:8: [points] unit: " UNIT_RULE "\"1,00\"");
	expect_error(PRE "unit = +1\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:6:8: [points] unit: " UNIT_RULE "\"+1\"");
	expect_error(PRE "unit = 1e2\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:6:8: [points] unit: " UNIT_RULE "\"1e2\"");
	expect_error(PRE "unit = 1 000\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:6:8: [points] unit: " UNIT_RULE "\"1 000\"");
	/* columns count characters */
	expect_error(PRE "unit\u00a0= \u00a51\n", VIPCARE_E_POLICY_KEY,
		     "mall.ini:6:1: unknown key \"unit\u00a0\" in [points]; expected one of: unit, "
		     "expiry_years, multiplier.TIER");
	expect_error(PRE "  unit = \u00a51\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:6:10: [points] unit: " UNIT_RULE "\"\u00a51\"");
	/* an empty value is an error, pointing past the '=' */
	expect_error(PRE "unit =   # later\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:6:7: [points] unit: " UNIT_RULE "\"\"");
	/* far beyond int64_t: refused, never wrapped */
	expect_error(PRE "unit = 99999999999999999999\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:6:8: [points] unit: " UNIT_RULE "\"99999999999999999999\"");
}

static void test_file_bad_expiry(void **state)
{
	(void)state;
	expect_error(PRE "expiry_years = -1\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:6:16: [points] expiry_years: expected an integer 0..100, found "
		     "\"-1\"");
	expect_error(PRE "expiry_years = 101\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:6:16: [points] expiry_years: expected an integer 0..100, found "
		     "\"101\"");
	expect_error(PRE "expiry_years = 1.0\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:6:16: [points] expiry_years: expected an integer 0..100, found "
		     "\"1.0\"");
	expect_error(PRE "expiry_years = 1 year\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:6:16: [points] expiry_years: expected an integer 0..100, found "
		     "\"1 year\"");
	expect_error(PRE "expiry_years = 18446744073709551617\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:6:16: [points] expiry_years: expected an integer 0..100, found "
		     "\"18446744073709551617\"");
}

static void test_file_bad_multiplier(void **state)
{
	(void)state;
	expect_error(PRE "multiplier.gold = 1.555\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:6:19: [points] multiplier.gold: " MULTIPLIER_RULE "\"1.555\"");
	expect_error(PRE "multiplier.gold = -1\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:6:19: [points] multiplier.gold: " MULTIPLIER_RULE "\"-1\"");
	expect_error(PRE "multiplier.platinum = 1000.01\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:6:23: [points] multiplier.platinum: " MULTIPLIER_RULE "\"1000.01\"");
	expect_error(PRE "multiplier.platinum = x1.5\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:6:23: [points] multiplier.platinum: " MULTIPLIER_RULE "\"x1.5\"");
	expect_error(PRE "multiplier.platinum = 150%\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:6:23: [points] multiplier.platinum: " MULTIPLIER_RULE "\"150%\"");
	expect_error(PRE "multiplier.diamond = .5\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:6:22: [points] multiplier.diamond: " MULTIPLIER_RULE "\".5\"");
	/* the value is checked before the tier: it is a property of the line alone */
	expect_error(PRE "multiplier.silver = 1.555\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:6:21: [points] multiplier.silver: " MULTIPLIER_RULE "\"1.555\"");
}

static void test_file_bad_key(void **state)
{
	(void)state;
	/* a multiplier for every tier at once is not a key: each tier says its own */
	expect_error(PRE "multiplier = 2\n", VIPCARE_E_POLICY_KEY,
		     "mall.ini:6:1: unknown key \"multiplier\" in [points]; expected one of: unit, "
		     "expiry_years, multiplier.TIER");
	expect_error(PRE "multiplier. = 2\n", VIPCARE_E_POLICY_KEY,
		     "mall.ini:6:1: unknown key \"multiplier.\" in [points]; expected one of: unit, "
		     "expiry_years, multiplier.TIER");
	expect_error(PRE "Unit = 1\n", VIPCARE_E_POLICY_KEY,
		     "mall.ini:6:1: unknown key \"Unit\" in [points]; expected one of: unit, "
		     "expiry_years, multiplier.TIER");
	expect_error(PRE "expiry_days = 365\n", VIPCARE_E_POLICY_KEY,
		     "mall.ini:6:1: unknown key \"expiry_days\" in [points]; expected one of: "
		     "unit, expiry_years, multiplier.TIER");
	expect_error(PRE "  multiplier.gold star = 2\n", VIPCARE_E_POLICY_KEY,
		     "mall.ini:6:3: [points] multiplier.TIER: " TIER_RULE "\"gold star\"");
	expect_error(PRE "multiplier.none = 2\n", VIPCARE_E_POLICY_KEY,
		     "mall.ini:6:1: [points] multiplier.TIER: " TIER_RULE "\"none\"");
	expect_error(PRE "multiplier.gold.x = 2\n", VIPCARE_E_POLICY_KEY,
		     "mall.ini:6:1: [points] multiplier.TIER: " TIER_RULE "\"gold.x\"");
	/* tier names are case-sensitive: Gold is a tier the policy does not have */
	expect_error(PRE "multiplier.Gold = 2\n", VIPCARE_E_UNKNOWN_TIER,
		     "mall.ini:6:1: [points] multiplier.Gold: tier \"Gold\" is not one of the "
		     "tiers " TIERS);
	expect_error(PRE "unit = 2\n\n  multiplier.silver = 1.2\n", VIPCARE_E_UNKNOWN_TIER,
		     "mall.ini:8:3: [points] multiplier.silver: tier \"silver\" is not one of the "
		     "tiers " TIERS);
}

static void test_file_repeated(void **state)
{
	char text[1024];
	size_t used;
	int i;

	(void)state;
	expect_error(PRE "unit = 1\nunit = 1\n", VIPCARE_E_POLICY_SYNTAX,
		     "mall.ini:7:1: [points] unit repeated (first on line 6)");
	expect_error(PRE "expiry_years = 1\nunit = 1\n\texpiry_years = 2\n", VIPCARE_E_POLICY_SYNTAX,
		     "mall.ini:8:2: [points] expiry_years repeated (first on line 6)");
	expect_error(PRE "multiplier.gold = 1\nmultiplier.platinum = 2\n  multiplier.gold = 1\n",
		     VIPCARE_E_POLICY_SYNTAX,
		     "mall.ini:8:3: [points] multiplier.gold repeated (first on line 6)");
	expect_error(PRE "unit = 1\n[points]\n", VIPCARE_E_POLICY_SYNTAX,
		     "mall.ini:7:1: section [points] repeated (first on line 5)");
	/* a policy holds 16 tiers: the 17th multiplier cannot name a distinct one */
	used = (size_t)snprintf(text, sizeof(text), "%s", PRE);
	for (i = 1; i <= 17; i++)
		used += (size_t)snprintf(text + used, sizeof(text) - used, "multiplier.t%d = 1\n", i);
	expect_error(text, VIPCARE_E_POLICY_VALUE,
		     "mall.ini:22:1: [points] multiplier.t17: more than 16 multiplier.TIER keys; a "
		     "policy holds at most 16 tiers");
}

/* A file is applied whole or not at all. */
static void test_file_applied_whole(void **state)
{
	(void)state;
	/* an error read after a good [points] */
	expect_error("[points]\nunit = 5\nmultiplier.gold = 3\n\n[tier.gold]\nmin_spend = x\n",
		     VIPCARE_E_POLICY_VALUE,
		     "mall.ini:6:13: [tier.gold] min_spend: expected an amount "
		     "0.00..10000000000000.00 (at most 2 fraction digits) or none, found \"x\"");
	/* an error of the whole policy, found after applying */
	expect_error("[points]\nunit = 5\nexpiry_years = 9\n\n[tier.platinum]\nmin_spend = 100\n",
		     VIPCARE_E_POLICY_INVALID,
		     "mall.ini:6: [tier.platinum] min_spend: tier \"platinum\": min_spend 100.00 is "
		     "below min_spend 10000.00 of the lower tier \"gold\"");
	/* an unknown tier in [points] after good sections */
	expect_error("[program]\nname = X\n[targets]\nnps = min 1\n[points]\nunit = 3\n"
		     "multiplier.black = 3\n",
		     VIPCARE_E_UNKNOWN_TIER,
		     "mall.ini:7:1: [points] multiplier.black: tier \"black\" is not one of the "
		     "tiers " TIERS);
}

/* ------------------------------------------------------------------ */
/* [tiers] order                                                       */
/* ------------------------------------------------------------------ */

#define SILVER                                                                                  \
	"[tiers]\norder = member, silver, gold, platinum, diamond\n\n"                         \
	"[tier.silver]\nmin_spend = 3000\n\n"                                                  \
	"[benefit.welcome_gift]\nquota.silver = 1 per lifetime\n"

static void test_file_order(void **state)
{
	static const char *const five[] = { "member", "silver", "gold", "platinum", "diamond" };
	static const int64_t kept[] = { 100, 100, 100, 175, 200 };
	static const int64_t given[] = { 100, 110, 100, 175, 200 };
	static const char *const three[] = { "gold", "platinum", "diamond" };
	static const int64_t based[] = { 130, 175, 200 };
	struct vipcare_policy *p = new_policy();

	(void)state;
	/* tiers still listed keep their multiplier by name; a new tier earns 1.00 */
	assert_int_equal(vipcare_policy_set_points_multiplier(p, 2, 175), VIPCARE_OK);
	assert_int_equal(load(p, SILVER), VIPCARE_OK);
	assert_multipliers(p, five, kept, 5);
	/* [points] may come before [tiers]: its tiers are those of the final list */
	vipcare_policy_unref(p);
	p = new_policy();
	assert_int_equal(vipcare_policy_set_points_multiplier(p, 2, 175), VIPCARE_OK);
	assert_int_equal(load(p, "[points]\nmultiplier.silver = 1.10\n\n" SILVER), VIPCARE_OK);
	assert_multipliers(p, five, given, 5);
	/* a tier that becomes the base keeps its multiplier */
	vipcare_policy_unref(p);
	p = new_policy();
	assert_int_equal(vipcare_policy_set_points_multiplier(p, 2, 175), VIPCARE_OK);
	assert_int_equal(load(p, "[tiers]\norder = gold, platinum, diamond\n"
				 "[benefit.welcome_gift]\nmin_tier = gold\n"
				 "[points]\nmultiplier.gold = 1.3\n"),
			 VIPCARE_OK);
	assert_multipliers(p, three, based, 3);
	vipcare_policy_unref(p);
}

static void test_file_order_unlisted(void **state)
{
	(void)state;
	/* a multiplier naming a tier the new list dropped */
	expect_error("[tiers]\norder = member, gold, platinum\n"
		     "[benefit.dedicated_advisor]\nmin_tier = platinum\n"
		     "[points]\nmultiplier.platinum = 2\nmultiplier.diamond = 3\n",
		     VIPCARE_E_UNKNOWN_TIER,
		     "mall.ini:7:1: [points] multiplier.diamond: tier \"diamond\" is not one of the "
		     "tiers (member, gold, platinum) listed by [tiers] order");
	/* renaming is a new tier: the old name is gone */
	expect_error("[points]\nmultiplier.gold = 1.2\n"
		     "[tiers]\norder = member, stable, platinum, diamond\n"
		     "[tier.stable]\nmin_spend = 10000\n"
		     "[benefit.birthday_coupon]\nmin_tier = stable\n"
		     "[benefit.free_parking_hours]\nmin_tier = stable\nquota.stable = 2 per day\n",
		     VIPCARE_E_UNKNOWN_TIER,
		     "mall.ini:2:1: [points] multiplier.gold: tier \"gold\" is not one of the tiers "
		     "(member, stable, platinum, diamond) listed by [tiers] order");
}

/* ------------------------------------------------------------------ */
/* Writing back, equality                                              */
/* ------------------------------------------------------------------ */

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

/* The [points] section of @text, from its blank line up to the blank line of [targets]. */
static void assert_points_text(const char *text, const char *section)
{
	const char *at = strstr(text, "\n\n[points]\n"), *end;

	assert_non_null(at);
	at++;
	end = strstr(at, "\n\n[targets]\n");
	assert_non_null(end);
	end++;
	assert_int_equal((size_t)(end - at), strlen(section));
	assert_memory_equal(at, section, strlen(section));
	/* one [points] section only */
	assert_null(strstr(end, "[points]"));
}

static void test_write_default(void **state)
{
	struct vipcare_policy *p = new_policy();
	char *text = round_trip(p);

	(void)state;
	assert_points_text(text, "\n[points]\n"
				 "unit = 1.00\n"
				 "expiry_years = 1\n"
				 "multiplier.member = 1.00\n"
				 "multiplier.gold = 1.00\n"
				 "multiplier.platinum = 1.50\n"
				 "multiplier.diamond = 2.00\n");
	/* right after the last benefit */
	assert_non_null(strstr(text, "window = first_30_days\n\n[points]\n"));
	vipcare_free(text);
	vipcare_policy_unref(p);
}

static void test_write_changed(void **state)
{
	struct vipcare_policy *p = new_policy();
	char *text;

	(void)state;
	assert_int_equal(vipcare_policy_set_points_unit(p, 1), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_points_expiry_years(p, 0), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_points_multiplier(p, 0, 0), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_points_multiplier(p, 1, 105), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_points_multiplier(p, 2, 100000), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_points_multiplier(p, 3, 199), VIPCARE_OK);
	text = round_trip(p);
	assert_points_text(text, "\n[points]\n"
				 "unit = 0.01\n"
				 "expiry_years = 0\n"
				 "multiplier.member = 0.00\n"
				 "multiplier.gold = 1.05\n"
				 "multiplier.platinum = 1000.00\n"
				 "multiplier.diamond = 1.99\n");
	vipcare_free(text);
	assert_int_equal(vipcare_policy_set_points_unit(p, 100000000), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_points_expiry_years(p, 100), VIPCARE_OK);
	text = round_trip(p);
	assert_non_null(strstr(text, "\n[points]\nunit = 1000000.00\nexpiry_years = 100\n"));
	vipcare_free(text);
	vipcare_policy_unref(p);
}

/* Other tier lists: a multiplier line for every tier, and only those. */
static void test_write_other_tiers(void **state)
{
	static const char *const five[] = { "member", "silver", "gold", "platinum", "diamond" };
	static const char *const three[] = { "member", "gold", "platinum" };
	struct vipcare_policy *p = new_policy();
	char *text;

	(void)state;
	assert_int_equal(vipcare_policy_set_tiers(p, five, 5), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_tier_min_spend(p, 1, 1, 300000), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_points_multiplier(p, 1, 110), VIPCARE_OK);
	settle_benefits(p);
	assert_int_equal(vipcare_policy_validate(p), VIPCARE_OK);
	text = round_trip(p);
	assert_points_text(text, "\n[points]\n"
				 "unit = 1.00\n"
				 "expiry_years = 1\n"
				 "multiplier.member = 1.00\n"
				 "multiplier.silver = 1.10\n"
				 "multiplier.gold = 1.00\n"
				 "multiplier.platinum = 1.50\n"
				 "multiplier.diamond = 2.00\n");
	vipcare_free(text);

	assert_int_equal(vipcare_policy_set_tiers(p, three, 3), VIPCARE_OK);
	settle_benefits(p);
	assert_int_equal(vipcare_policy_validate(p), VIPCARE_OK);
	text = round_trip(p);
	assert_points_text(text, "\n[points]\n"
				 "unit = 1.00\n"
				 "expiry_years = 1\n"
				 "multiplier.member = 1.00\n"
				 "multiplier.gold = 1.00\n"
				 "multiplier.platinum = 1.50\n");
	vipcare_free(text);
	vipcare_policy_unref(p);
}

/* Text written by hand comes back in the writer's form, and stays so. */
static void test_text_policy_text(void **state)
{
	static const char text[] = "[points]\n"
				   "multiplier.diamond = 3\n"
				   "unit = 2\n"
				   "multiplier.gold = 1.5\n"
				   "multiplier.platinum = 01.50\n"
				   "expiry_years = 02\n";
	struct vipcare_policy *p = new_policy();
	char *written;

	(void)state;
	assert_int_equal(load(p, text), VIPCARE_OK);
	written = round_trip(p);
	assert_points_text(written, "\n[points]\n"
				    "unit = 2.00\n"
				    "expiry_years = 2\n"
				    "multiplier.member = 1.00\n"
				    "multiplier.gold = 1.50\n"
				    "multiplier.platinum = 1.50\n"
				    "multiplier.diamond = 3.00\n");
	vipcare_free(written);
	vipcare_policy_unref(p);
}

static void test_equal(void **state)
{
	static const char *const three[] = { "member", "gold", "platinum" };
	struct vipcare_policy *a = new_policy(), *b = new_policy();

	(void)state;
	assert_true(vipcare_policy_equal(a, b));
	/* the unit */
	assert_int_equal(vipcare_policy_set_points_unit(a, 101), VIPCARE_OK);
	assert_false(vipcare_policy_equal(a, b));
	assert_false(vipcare_policy_equal(b, a));
	assert_int_equal(vipcare_policy_set_points_unit(b, 101), VIPCARE_OK);
	assert_true(vipcare_policy_equal(a, b));
	/* the expiry */
	assert_int_equal(vipcare_policy_set_points_expiry_years(b, 2), VIPCARE_OK);
	assert_false(vipcare_policy_equal(a, b));
	assert_int_equal(vipcare_policy_set_points_expiry_years(a, 2), VIPCARE_OK);
	assert_true(vipcare_policy_equal(a, b));
	/* each multiplier, the base tier's too */
	assert_int_equal(vipcare_policy_set_points_multiplier(a, 0, 101), VIPCARE_OK);
	assert_false(vipcare_policy_equal(a, b));
	assert_int_equal(vipcare_policy_set_points_multiplier(b, 0, 101), VIPCARE_OK);
	assert_true(vipcare_policy_equal(a, b));
	assert_int_equal(vipcare_policy_set_points_multiplier(b, 3, 201), VIPCARE_OK);
	assert_false(vipcare_policy_equal(a, b));
	/* the tier that differed leaves the list of both: equal again */
	assert_int_equal(vipcare_policy_set_tiers(a, three, 3), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_tiers(b, three, 3), VIPCARE_OK);
	assert_true(vipcare_policy_equal(a, b));
	vipcare_policy_unref(b);
	vipcare_policy_unref(a);
}

/* docs/default-policy.ini states the points rules: it resets a changed policy. */
static void test_default_policy_file(void **state)
{
	const char *path = VIPCARE_SOURCE_DIR "/docs/default-policy.ini";
	struct vipcare_policy *p = new_policy(), *d = new_policy();
	int r;

	(void)state;
	assert_int_equal(vipcare_policy_set_points_unit(p, 7), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_points_expiry_years(p, 0), VIPCARE_OK);
	for (r = 0; r < 4; r++)
		assert_int_equal(vipcare_policy_set_points_multiplier(p, r, 999), VIPCARE_OK);
	assert_false(vipcare_policy_equal(p, d));
	assert_int_equal(vipcare_policy_load_file(p, path), VIPCARE_OK);
	assert_true(vipcare_policy_equal(p, d));
	assert_default_points(p);
	vipcare_policy_unref(d);
	vipcare_policy_unref(p);
}

/*
 * A file with every section a policy can hold: [program], [tiers], 16
 * [tier.NAME], 64 [benefit.ID], 6 [care.KIND], [points] with 16
 * multipliers and [targets], 90 sections in all.
 */
static void test_file_every_section(void **state)
{
	static const char *const kinds[] = { "welcome", "followup_3d", "birthday",
					     "lapse", "advisor_contact", "tier_change" };
	static const char *const defaults[] = { "birthday_coupon", "free_parking_hours",
						"priority_checkout", "dedicated_advisor",
						"vip_event_invite", "welcome_gift" };
	const size_t size = 64 * 1024;
	char *text = malloc(size), names[16][16];
	struct vipcare_policy *p = new_policy();
	int64_t micros = 0;
	size_t used = 0;
	int i;

	(void)state;
	assert_non_null(text);
	for (i = 0; i < 16; i++)
		snprintf(names[i], sizeof(names[i]), "%s", i < 4 ? default_tiers[i] : "t");
	for (i = 4; i < 16; i++)
		snprintf(names[i], sizeof(names[i]), "t%d", i);
#define ADD(...) (used += (size_t)snprintf(text + used, size - used, __VA_ARGS__))
	ADD("[program]\nname = Every section\n\n[tiers]\norder = %s", names[0]);
	for (i = 1; i < 16; i++)
		ADD(", %s", names[i]);
	ADD("\n\n[tier.member]\nmin_spend = none\n\n[tier.gold]\nmin_spend = 10000\n\n"
	    "[tier.platinum]\nmin_spend = 50000\n\n[tier.diamond]\nmin_visits = 52\n");
	for (i = 4; i < 16; i++)
		ADD("\n[tier.%s]\nmin_spend = %d\nmin_visits = %d\n", names[i], 100000 + 1000 * i,
		    52 + i);
	for (i = 0; i < 6; i++)
		ADD("\n[benefit.%s]\nquota = 1 per day\n", defaults[i]);
	for (i = 6; i < 64; i++)
		ADD("\n[benefit.b%d]\nquota = unlimited\n", i);
	for (i = 0; i < 6; i++)
		ADD("\n[care.%s]\nenabled = 1\n", kinds[i]);
	ADD("\n[points]\nunit = 0.50\n");
	for (i = 0; i < 16; i++)
		ADD("multiplier.%s = 1.%02d\n", names[i], i);
	ADD("\n[targets]\nnps = min 10\n");
#undef ADD
	assert_true(used < size);
	assert_int_equal(load(p, text), VIPCARE_OK);
	assert_string_equal(vipcare_policy_last_error(p), "");
	assert_string_equal(vipcare_policy_name(p), "Every section");
	assert_int_equal(vipcare_policy_tier_count(p), 16);
	assert_int_equal(vipcare_policy_benefit_count(p), 64);
	assert_int_equal(vipcare_policy_points_unit(p), 50);
	for (i = 0; i < 16; i++) {
		assert_string_equal(vipcare_policy_tier_name(p, i), names[i]);
		assert_int_equal(vipcare_policy_points_multiplier(p, i), 100 + i);
	}
	assert_int_equal(vipcare_policy_target(p, VIPCARE_KPI_NPS, &micros), VIPCARE_TARGET_MIN);
	assert_int_equal(micros, 10000000);
	free(text);
	vipcare_policy_unref(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_set_get),
		cmocka_unit_test(test_set_errors),
		cmocka_unit_test(test_set_tiers),
		cmocka_unit_test(test_file_points),
		cmocka_unit_test(test_file_ranges),
		cmocka_unit_test(test_file_design_example),
		cmocka_unit_test(test_file_bad_unit),
		cmocka_unit_test(test_file_bad_expiry),
		cmocka_unit_test(test_file_bad_multiplier),
		cmocka_unit_test(test_file_bad_key),
		cmocka_unit_test(test_file_repeated),
		cmocka_unit_test(test_file_applied_whole),
		cmocka_unit_test(test_file_order),
		cmocka_unit_test(test_file_order_unlisted),
		cmocka_unit_test(test_write_default),
		cmocka_unit_test(test_write_changed),
		cmocka_unit_test(test_write_other_tiers),
		cmocka_unit_test(test_text_policy_text),
		cmocka_unit_test(test_equal),
		cmocka_unit_test(test_default_policy_file),
		cmocka_unit_test(test_file_every_section),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
