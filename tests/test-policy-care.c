/*
 * libvipcare — tests of the care rules of a policy: the defaults (DESIGN
 * §6), setters and getters, the [care.KIND] sections of the policy file,
 * tier list changes and writing the rules back.
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

#define SMS VIPCARE_CHANNEL_SMS
#define WECHAT VIPCARE_CHANNEL_WECHAT
#define PHONE VIPCARE_CHANNEL_PHONE
#define EMAIL VIPCARE_CHANNEL_EMAIL
#define APP VIPCARE_CHANNEL_APP
#define END (-1)
#define NO_DAYS (-999) /* the kind has no days: the getter refuses it */

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

/* The channels of a kind, exactly: @expected ends with END. */
static void assert_channels(const struct vipcare_policy *p, int kind, const int *expected)
{
	int got[VIPCARE_CHANNEL_COUNT + 1];
	int n = 0, i;

	while (expected[n] != END)
		n++;
	for (i = 0; i <= VIPCARE_CHANNEL_COUNT; i++)
		got[i] = -99;
	assert_int_equal(vipcare_policy_care_channels(p, kind, got, VIPCARE_CHANNEL_COUNT), n);
	for (i = 0; i < n; i++)
		assert_int_equal(got[i], expected[i]);
	/* nothing written past the list */
	assert_int_equal(got[n], -99);
}

static void assert_care(const struct vipcare_policy *p, int kind, int enabled, int min_tier,
			int marketing, int32_t days, const int *channels)
{
	assert_int_equal(vipcare_policy_care_enabled(p, kind), enabled);
	assert_int_equal(vipcare_policy_care_min_tier(p, kind), min_tier);
	assert_int_equal(vipcare_policy_care_marketing(p, kind), marketing);
	if (days == NO_DAYS)
		assert_int_equal(vipcare_policy_care_days(p, kind), VIPCARE_E_INVALID_ARGUMENT);
	else
		assert_int_equal(vipcare_policy_care_days(p, kind), days);
	assert_channels(p, kind, channels);
}

/* ------------------------------------------------------------------ */
/* The defaults (DESIGN §6, §8)                                        */
/* ------------------------------------------------------------------ */

static const int welcome_channels[] = { WECHAT, SMS, APP, EMAIL, END };
static const int followup_channels[] = { SMS, WECHAT, PHONE, END };
static const int birthday_channels[] = { WECHAT, SMS, APP, EMAIL, END };
static const int lapse_channels[] = { PHONE, WECHAT, SMS, END };
static const int advisor_channels[] = { PHONE, WECHAT, END };
static const int tier_change_channels[] = { WECHAT, SMS, APP, EMAIL, END };

static void assert_default_care(const struct vipcare_policy *p)
{
	assert_care(p, VIPCARE_CARE_WELCOME, 1, 0, 0, NO_DAYS, welcome_channels);
	assert_care(p, VIPCARE_CARE_FOLLOWUP_3D, 1, 0, 0, 3, followup_channels);
	assert_care(p, VIPCARE_CARE_BIRTHDAY, 1, 0, 1, 7, birthday_channels);
	assert_care(p, VIPCARE_CARE_LAPSE, 1, 1, 1, NO_DAYS, lapse_channels);
	assert_care(p, VIPCARE_CARE_ADVISOR_CONTACT, 1, 0, 0, NO_DAYS, advisor_channels);
	assert_care(p, VIPCARE_CARE_TIER_CHANGE, 1, 0, 0, NO_DAYS, tier_change_channels);
	assert_int_equal(vipcare_policy_advisor_period(p, 0), -1);
	assert_int_equal(vipcare_policy_advisor_period(p, 1), -1);
	assert_int_equal(vipcare_policy_advisor_period(p, 2), VIPCARE_PERIOD_QUARTER);
	assert_int_equal(vipcare_policy_advisor_period(p, 3), VIPCARE_PERIOD_MONTH);
	assert_int_equal(vipcare_policy_advisor_period(p, 4), VIPCARE_E_INVALID_ARGUMENT);
}

static void test_default_care(void **state)
{
	struct vipcare_policy *p = new_policy();

	(void)state;
	assert_default_care(p);
	assert_int_equal(vipcare_policy_validate(p), VIPCARE_OK);
	vipcare_policy_unref(p);
}

static void test_kind_names(void **state)
{
	static const char *const names[] = {
		"welcome", "followup_3d", "birthday", "lapse", "advisor_contact", "tier_change",
	};
	int k;

	(void)state;
	assert_int_equal(VIPCARE_CARE_KINDS, 6);
	for (k = 0; k < VIPCARE_CARE_KINDS; k++) {
		assert_string_equal(vipcare_care_kind_name(k), names[k]);
		assert_int_equal(vipcare_care_kind_from_name(names[k]), k);
	}
	assert_int_equal(VIPCARE_CARE_WELCOME, 0);
	assert_int_equal(VIPCARE_CARE_TIER_CHANGE, 5);
	assert_null(vipcare_care_kind_name(-1));
	assert_null(vipcare_care_kind_name(6));
	assert_int_equal(vipcare_care_kind_from_name(NULL), VIPCARE_E_RANGE);
	assert_int_equal(vipcare_care_kind_from_name(""), VIPCARE_E_RANGE);
	assert_int_equal(vipcare_care_kind_from_name("Welcome"), VIPCARE_E_RANGE);
	assert_int_equal(vipcare_care_kind_from_name("followup"), VIPCARE_E_RANGE);
	assert_int_equal(vipcare_care_kind_from_name("lapse "), VIPCARE_E_RANGE);
}

/* ------------------------------------------------------------------ */
/* Setters and getters                                                 */
/* ------------------------------------------------------------------ */

static void test_enabled_and_marketing(void **state)
{
	struct vipcare_policy *p = new_policy(), *d = new_policy();

	(void)state;
	assert_int_equal(vipcare_policy_set_care_enabled(p, VIPCARE_CARE_LAPSE, 0), VIPCARE_OK);
	assert_int_equal(vipcare_policy_care_enabled(p, VIPCARE_CARE_LAPSE), 0);
	assert_false(vipcare_policy_equal(p, d));
	assert_int_equal(vipcare_policy_validate(p), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_care_enabled(p, VIPCARE_CARE_LAPSE, 2), VIPCARE_E_RANGE);
	assert_string_equal(vipcare_policy_last_error(p), "care \"lapse\": enabled 2; 0 or 1 expected");
	assert_int_equal(vipcare_policy_set_care_enabled(p, VIPCARE_CARE_LAPSE, -1), VIPCARE_E_RANGE);
	assert_int_equal(vipcare_policy_care_enabled(p, VIPCARE_CARE_LAPSE), 0);
	assert_int_equal(vipcare_policy_set_care_enabled(p, VIPCARE_CARE_LAPSE, 1), VIPCARE_OK);
	assert_true(vipcare_policy_equal(p, d));

	assert_int_equal(vipcare_policy_set_care_marketing(p, VIPCARE_CARE_WELCOME, 1), VIPCARE_OK);
	assert_int_equal(vipcare_policy_care_marketing(p, VIPCARE_CARE_WELCOME), 1);
	assert_false(vipcare_policy_equal(p, d));
	assert_int_equal(vipcare_policy_set_care_marketing(p, VIPCARE_CARE_BIRTHDAY, 0), VIPCARE_OK);
	assert_int_equal(vipcare_policy_care_marketing(p, VIPCARE_CARE_BIRTHDAY), 0);
	assert_int_equal(vipcare_policy_set_care_marketing(p, VIPCARE_CARE_BIRTHDAY, 3),
			 VIPCARE_E_RANGE);
	assert_string_equal(vipcare_policy_last_error(p),
			    "care \"birthday\": marketing 3; 0 or 1 expected");
	assert_int_equal(vipcare_policy_care_marketing(p, VIPCARE_CARE_BIRTHDAY), 0);

	/* bad kinds and NULL */
	assert_int_equal(vipcare_policy_set_care_enabled(p, 6, 1), VIPCARE_E_INVALID_ARGUMENT);
	assert_string_equal(vipcare_policy_last_error(p), "care kind 6 is not a care kind (0..5)");
	assert_int_equal(vipcare_policy_set_care_enabled(p, -1, 1), VIPCARE_E_INVALID_ARGUMENT);
	assert_int_equal(vipcare_policy_set_care_marketing(p, 6, 1), VIPCARE_E_INVALID_ARGUMENT);
	assert_int_equal(vipcare_policy_set_care_enabled(NULL, 0, 1), VIPCARE_E_INVALID_ARGUMENT);
	assert_int_equal(vipcare_policy_set_care_marketing(NULL, 0, 1), VIPCARE_E_INVALID_ARGUMENT);
	assert_int_equal(vipcare_policy_care_enabled(p, 6), VIPCARE_E_INVALID_ARGUMENT);
	assert_int_equal(vipcare_policy_care_enabled(NULL, 0), VIPCARE_E_INVALID_ARGUMENT);
	assert_int_equal(vipcare_policy_care_marketing(p, -1), VIPCARE_E_INVALID_ARGUMENT);
	assert_int_equal(vipcare_policy_care_marketing(NULL, 0), VIPCARE_E_INVALID_ARGUMENT);
	vipcare_policy_unref(d);
	vipcare_policy_unref(p);
}

static void test_min_tier(void **state)
{
	struct vipcare_policy *p = new_policy();

	(void)state;
	assert_int_equal(vipcare_policy_set_care_min_tier(p, VIPCARE_CARE_BIRTHDAY, 3), VIPCARE_OK);
	assert_int_equal(vipcare_policy_care_min_tier(p, VIPCARE_CARE_BIRTHDAY), 3);
	assert_int_equal(vipcare_policy_set_care_min_tier(p, VIPCARE_CARE_LAPSE, 0), VIPCARE_OK);
	assert_int_equal(vipcare_policy_care_min_tier(p, VIPCARE_CARE_LAPSE), 0);
	assert_int_equal(vipcare_policy_set_care_min_tier(p, VIPCARE_CARE_LAPSE, 4),
			 VIPCARE_E_INVALID_ARGUMENT);
	assert_string_equal(vipcare_policy_last_error(p),
			    "care \"lapse\": rank 4 is not a tier rank (0..3)");
	assert_int_equal(vipcare_policy_set_care_min_tier(p, VIPCARE_CARE_LAPSE, -1),
			 VIPCARE_E_INVALID_ARGUMENT);
	assert_int_equal(vipcare_policy_care_min_tier(p, VIPCARE_CARE_LAPSE), 0);
	assert_int_equal(vipcare_policy_set_care_min_tier(p, 6, 0), VIPCARE_E_INVALID_ARGUMENT);
	assert_int_equal(vipcare_policy_set_care_min_tier(NULL, 0, 0), VIPCARE_E_INVALID_ARGUMENT);
	assert_int_equal(vipcare_policy_care_min_tier(p, 6), VIPCARE_E_INVALID_ARGUMENT);
	assert_int_equal(vipcare_policy_care_min_tier(NULL, 0), VIPCARE_E_INVALID_ARGUMENT);
	assert_int_equal(vipcare_policy_validate(p), VIPCARE_OK);
	vipcare_policy_unref(p);
}

static void test_channels(void **state)
{
	static const int all[] = { APP, EMAIL, PHONE, WECHAT, SMS, END };
	static const int one[] = { PHONE, END };
	static const int none[] = { END };
	struct vipcare_policy *p = new_policy(), *d = new_policy();
	const int repeat[] = { SMS, WECHAT, SMS };
	const int unknown[] = { SMS, 5 };
	const int negative[] = { -1 };
	const int six[] = { SMS, WECHAT, PHONE, EMAIL, APP, SMS };
	int got[2] = { -99, -99 };

	(void)state;
	assert_int_equal(vipcare_policy_set_care_channels(p, VIPCARE_CARE_WELCOME, all, 5),
			 VIPCARE_OK);
	assert_channels(p, VIPCARE_CARE_WELCOME, all);
	assert_int_equal(vipcare_policy_set_care_channels(p, VIPCARE_CARE_LAPSE, one, 1),
			 VIPCARE_OK);
	assert_channels(p, VIPCARE_CARE_LAPSE, one);
	/* no channel at all: every item is no_channel */
	assert_int_equal(vipcare_policy_set_care_channels(p, VIPCARE_CARE_BIRTHDAY, NULL, 0),
			 VIPCARE_OK);
	assert_channels(p, VIPCARE_CARE_BIRTHDAY, none);
	assert_int_equal(vipcare_policy_validate(p), VIPCARE_OK);
	assert_false(vipcare_policy_equal(p, d));

	/* errors leave the list */
	assert_int_equal(vipcare_policy_set_care_channels(p, VIPCARE_CARE_LAPSE, repeat, 3),
			 VIPCARE_E_RANGE);
	assert_string_equal(vipcare_policy_last_error(p),
			    "care \"lapse\": channel \"sms\" is listed twice");
	assert_int_equal(vipcare_policy_set_care_channels(p, VIPCARE_CARE_LAPSE, unknown, 2),
			 VIPCARE_E_RANGE);
	assert_string_equal(vipcare_policy_last_error(p),
			    "care \"lapse\": channel 5 is not a channel (0..4)");
	assert_int_equal(vipcare_policy_set_care_channels(p, VIPCARE_CARE_LAPSE, negative, 1),
			 VIPCARE_E_RANGE);
	assert_int_equal(vipcare_policy_set_care_channels(p, VIPCARE_CARE_LAPSE, six, 6),
			 VIPCARE_E_RANGE);
	assert_string_equal(vipcare_policy_last_error(p),
			    "care \"lapse\": 6 channels given; 0..5 expected");
	assert_int_equal(vipcare_policy_set_care_channels(p, VIPCARE_CARE_LAPSE, NULL, 1),
			 VIPCARE_E_INVALID_ARGUMENT);
	assert_int_equal(vipcare_policy_set_care_channels(p, 6, one, 1), VIPCARE_E_INVALID_ARGUMENT);
	assert_int_equal(vipcare_policy_set_care_channels(NULL, 0, one, 1),
			 VIPCARE_E_INVALID_ARGUMENT);
	assert_channels(p, VIPCARE_CARE_LAPSE, one);

	/* the getter: the count even past the room, nothing written past it */
	assert_int_equal(vipcare_policy_care_channels(p, VIPCARE_CARE_WELCOME, NULL, 0), 5);
	assert_int_equal(vipcare_policy_care_channels(p, VIPCARE_CARE_WELCOME, got, 1), 5);
	assert_int_equal(got[0], APP);
	assert_int_equal(got[1], -99);
	assert_int_equal(vipcare_policy_care_channels(p, VIPCARE_CARE_WELCOME, NULL, 1),
			 VIPCARE_E_INVALID_ARGUMENT);
	assert_int_equal(vipcare_policy_care_channels(p, 6, got, 2), VIPCARE_E_INVALID_ARGUMENT);
	assert_int_equal(vipcare_policy_care_channels(NULL, 0, got, 2), VIPCARE_E_INVALID_ARGUMENT);

	/* back to the defaults: equal again */
	assert_int_equal(vipcare_policy_set_care_channels(p, VIPCARE_CARE_WELCOME, welcome_channels,
							  4),
			 VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_care_channels(p, VIPCARE_CARE_LAPSE, lapse_channels, 3),
			 VIPCARE_OK);
	assert_false(vipcare_policy_equal(p, d));
	assert_int_equal(vipcare_policy_set_care_channels(p, VIPCARE_CARE_BIRTHDAY,
							  birthday_channels, 4),
			 VIPCARE_OK);
	assert_true(vipcare_policy_equal(p, d));
	vipcare_policy_unref(d);
	vipcare_policy_unref(p);
}

static void test_days(void **state)
{
	struct vipcare_policy *p = new_policy();

	(void)state;
	assert_int_equal(vipcare_policy_set_care_days(p, VIPCARE_CARE_FOLLOWUP_3D, 0), VIPCARE_OK);
	assert_int_equal(vipcare_policy_care_days(p, VIPCARE_CARE_FOLLOWUP_3D), 0);
	assert_int_equal(vipcare_policy_set_care_days(p, VIPCARE_CARE_FOLLOWUP_3D, 36525),
			 VIPCARE_OK);
	assert_int_equal(vipcare_policy_care_days(p, VIPCARE_CARE_FOLLOWUP_3D), 36525);
	assert_int_equal(vipcare_policy_set_care_days(p, VIPCARE_CARE_FOLLOWUP_3D, 36526),
			 VIPCARE_E_RANGE);
	assert_string_equal(vipcare_policy_last_error(p),
			    "care \"followup_3d\": days 36526 is outside 0..36525");
	assert_int_equal(vipcare_policy_set_care_days(p, VIPCARE_CARE_FOLLOWUP_3D, -1),
			 VIPCARE_E_RANGE);
	assert_int_equal(vipcare_policy_care_days(p, VIPCARE_CARE_FOLLOWUP_3D), 36525);

	assert_int_equal(vipcare_policy_set_care_days(p, VIPCARE_CARE_BIRTHDAY, 366), VIPCARE_OK);
	assert_int_equal(vipcare_policy_care_days(p, VIPCARE_CARE_BIRTHDAY), 366);
	assert_int_equal(vipcare_policy_set_care_days(p, VIPCARE_CARE_BIRTHDAY, 367),
			 VIPCARE_E_RANGE);
	assert_string_equal(vipcare_policy_last_error(p),
			    "care \"birthday\": lead_days 367 is outside 0..366");
	assert_int_equal(vipcare_policy_set_care_days(p, VIPCARE_CARE_BIRTHDAY, 0), VIPCARE_OK);
	assert_int_equal(vipcare_policy_care_days(p, VIPCARE_CARE_BIRTHDAY), 0);

	/* the other kinds have no days (lapse's are [program] lapse_days) */
	assert_int_equal(vipcare_policy_set_care_days(p, VIPCARE_CARE_LAPSE, 30),
			 VIPCARE_E_INVALID_ARGUMENT);
	assert_string_equal(vipcare_policy_last_error(p),
			    "care kind 3 has no days; followup_3d (1) or birthday (2) expected");
	assert_int_equal(vipcare_policy_set_care_days(p, VIPCARE_CARE_WELCOME, 0),
			 VIPCARE_E_INVALID_ARGUMENT);
	assert_int_equal(vipcare_policy_set_care_days(p, 6, 0), VIPCARE_E_INVALID_ARGUMENT);
	assert_int_equal(vipcare_policy_set_care_days(NULL, VIPCARE_CARE_BIRTHDAY, 0),
			 VIPCARE_E_INVALID_ARGUMENT);
	assert_int_equal(vipcare_policy_care_days(p, VIPCARE_CARE_TIER_CHANGE),
			 VIPCARE_E_INVALID_ARGUMENT);
	assert_int_equal(vipcare_policy_care_days(NULL, VIPCARE_CARE_BIRTHDAY),
			 VIPCARE_E_INVALID_ARGUMENT);
	assert_int_equal(vipcare_policy_validate(p), VIPCARE_OK);
	vipcare_policy_unref(p);
}

static void test_advisor_period(void **state)
{
	struct vipcare_policy *p = new_policy(), *d = new_policy();

	(void)state;
	assert_int_equal(vipcare_policy_set_advisor_period(p, 0, VIPCARE_PERIOD_DAY), VIPCARE_OK);
	assert_int_equal(vipcare_policy_advisor_period(p, 0), VIPCARE_PERIOD_DAY);
	assert_int_equal(vipcare_policy_set_advisor_period(p, 1, VIPCARE_PERIOD_YEAR), VIPCARE_OK);
	assert_int_equal(vipcare_policy_advisor_period(p, 1), VIPCARE_PERIOD_YEAR);
	assert_int_equal(vipcare_policy_set_advisor_period(p, 3, -1), VIPCARE_OK);
	assert_int_equal(vipcare_policy_advisor_period(p, 3), -1);
	assert_false(vipcare_policy_equal(p, d));
	assert_int_equal(vipcare_policy_validate(p), VIPCARE_OK);

	assert_int_equal(vipcare_policy_set_advisor_period(p, 2, VIPCARE_PERIOD_LIFETIME),
			 VIPCARE_E_RANGE);
	assert_string_equal(vipcare_policy_last_error(p),
			    "tier \"platinum\": advisor period 5 is not day, week, month, quarter, "
			    "year (0..4) or none (-1)");
	assert_int_equal(vipcare_policy_set_advisor_period(p, 2, VIPCARE_PERIOD_UNLIMITED),
			 VIPCARE_E_RANGE);
	assert_int_equal(vipcare_policy_set_advisor_period(p, 2, -2), VIPCARE_E_RANGE);
	assert_int_equal(vipcare_policy_advisor_period(p, 2), VIPCARE_PERIOD_QUARTER);
	assert_int_equal(vipcare_policy_set_advisor_period(p, 4, VIPCARE_PERIOD_DAY),
			 VIPCARE_E_INVALID_ARGUMENT);
	assert_string_equal(vipcare_policy_last_error(p), "rank 4 is not a tier rank (0..3)");
	assert_int_equal(vipcare_policy_set_advisor_period(p, -1, VIPCARE_PERIOD_DAY),
			 VIPCARE_E_INVALID_ARGUMENT);
	assert_int_equal(vipcare_policy_set_advisor_period(NULL, 0, VIPCARE_PERIOD_DAY),
			 VIPCARE_E_INVALID_ARGUMENT);
	assert_int_equal(vipcare_policy_advisor_period(p, -1), VIPCARE_E_INVALID_ARGUMENT);
	assert_int_equal(vipcare_policy_advisor_period(NULL, 0), VIPCARE_E_INVALID_ARGUMENT);

	assert_int_equal(vipcare_policy_set_advisor_period(p, 0, -1), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_advisor_period(p, 1, -1), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_advisor_period(p, 3, VIPCARE_PERIOD_MONTH), VIPCARE_OK);
	assert_true(vipcare_policy_equal(p, d));
	vipcare_policy_unref(d);
	vipcare_policy_unref(p);
}

static void test_equal_and_copy(void **state)
{
	struct vipcare_policy *p = new_policy(), *q = NULL;

	(void)state;
	assert_int_equal(vipcare_policy_set_care_days(p, VIPCARE_CARE_BIRTHDAY, 10), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_advisor_period(p, 1, VIPCARE_PERIOD_WEEK), VIPCARE_OK);
	assert_int_equal(vipcare_policy_copy(&q, p), VIPCARE_OK);
	assert_true(vipcare_policy_equal(p, q));
	assert_int_equal(vipcare_policy_care_days(q, VIPCARE_CARE_BIRTHDAY), 10);
	assert_int_equal(vipcare_policy_advisor_period(q, 1), VIPCARE_PERIOD_WEEK);
	assert_int_equal(vipcare_policy_set_care_min_tier(q, VIPCARE_CARE_TIER_CHANGE, 1),
			 VIPCARE_OK);
	assert_false(vipcare_policy_equal(p, q));
	assert_int_equal(vipcare_policy_set_care_min_tier(q, VIPCARE_CARE_TIER_CHANGE, 0),
			 VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_care_days(q, VIPCARE_CARE_FOLLOWUP_3D, 4), VIPCARE_OK);
	assert_false(vipcare_policy_equal(p, q));
	vipcare_policy_unref(q);
	vipcare_policy_unref(p);
}

/* ------------------------------------------------------------------ */
/* [care.KIND] errors: one test per kind                               */
/* ------------------------------------------------------------------ */

/* Lines 1..5: valid changes, so that a failure must undo them. */
#define PRE "# Joy City mall\n[care.welcome]\nchannels = sms\nmarketing = 1\n\n"

/*
 * Loads @text as "mall.ini" over a policy whose care rules differ from the
 * default, expects @status and the exact @message, and checks that the
 * policy did not change.
 */
static void expect_error(const char *text, int status, const char *message)
{
	static const int lapse[] = { WECHAT };
	struct vipcare_policy *p = new_policy(), *before = NULL;

	assert_int_equal(vipcare_policy_set_care_days(p, VIPCARE_CARE_BIRTHDAY, 10), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_care_enabled(p, VIPCARE_CARE_LAPSE, 0), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_care_channels(p, VIPCARE_CARE_LAPSE, lapse, 1),
			 VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_advisor_period(p, 1, VIPCARE_PERIOD_WEEK), VIPCARE_OK);
	assert_int_equal(vipcare_policy_copy(&before, p), VIPCARE_OK);
	assert_int_equal(load(p, text), status);
	assert_string_equal(vipcare_policy_last_error(p), message);
	assert_true(vipcare_policy_equal(p, before));
	assert_int_equal(vipcare_policy_care_marketing(p, VIPCARE_CARE_WELCOME), 0);
	assert_int_equal(vipcare_policy_care_channels(p, VIPCARE_CARE_WELCOME, NULL, 0), 4);
	assert_int_equal(vipcare_policy_care_days(p, VIPCARE_CARE_BIRTHDAY), 10);
	assert_int_equal(vipcare_policy_care_enabled(p, VIPCARE_CARE_LAPSE), 0);
	assert_int_equal(vipcare_policy_advisor_period(p, 1), VIPCARE_PERIOD_WEEK);
	vipcare_policy_unref(before);
	vipcare_policy_unref(p);
}

static void test_file_unknown_kind(void **state)
{
	(void)state;
	expect_error(PRE "[care.gift]\nenabled = 1\n", VIPCARE_E_POLICY_KEY,
		     "mall.ini:6:1: section [care.KIND]: unknown care kind \"gift\"; expected "
		     "welcome, followup_3d, birthday, lapse, advisor_contact or tier_change");
	expect_error(PRE "[care.Birthday]\n", VIPCARE_E_POLICY_KEY,
		     "mall.ini:6:1: section [care.KIND]: unknown care kind \"Birthday\"; expected "
		     "welcome, followup_3d, birthday, lapse, advisor_contact or tier_change");
	expect_error(PRE "[care.]\n", VIPCARE_E_POLICY_KEY,
		     "mall.ini:6:1: section [care.KIND]: unknown care kind \"\"; expected "
		     "welcome, followup_3d, birthday, lapse, advisor_contact or tier_change");
	/* a kind appears once */
	expect_error(PRE "[care.welcome]\n", VIPCARE_E_POLICY_SYNTAX,
		     "mall.ini:6:1: section [care.welcome] repeated (first on line 2)");
}

static void test_file_key_not_for_kind(void **state)
{
	(void)state;
	expect_error(PRE "[care.birthday]\ndays = 3\n", VIPCARE_E_POLICY_KEY,
		     "mall.ini:7:1: [care.birthday] days: not a key of care kind \"birthday\"; "
		     "expected one of: enabled, min_tier, channels, marketing, lead_days");
	expect_error(PRE "[care.followup_3d]\n  lead_days = 3\n", VIPCARE_E_POLICY_KEY,
		     "mall.ini:7:3: [care.followup_3d] lead_days: not a key of care kind "
		     "\"followup_3d\"; expected one of: enabled, min_tier, channels, marketing, days");
	expect_error(PRE "[care.lapse]\ndays = 30\n", VIPCARE_E_POLICY_KEY,
		     "mall.ini:7:1: [care.lapse] days: not a key of care kind \"lapse\"; expected "
		     "one of: enabled, min_tier, channels, marketing");
	expect_error(PRE "[care.tier_change]\nperiod.gold = month\n", VIPCARE_E_POLICY_KEY,
		     "mall.ini:7:1: [care.tier_change] period.gold: not a key of care kind "
		     "\"tier_change\"; expected one of: enabled, min_tier, channels, marketing");
	/* an unknown key lists the keys of the kind */
	expect_error(PRE "[care.birthday]\nlead_day = 3\n", VIPCARE_E_POLICY_KEY,
		     "mall.ini:7:1: unknown key \"lead_day\" in [care.birthday]; expected one of: "
		     "enabled, min_tier, channels, marketing, lead_days");
	expect_error(PRE "[care.advisor_contact]\nperiod = month\n", VIPCARE_E_POLICY_KEY,
		     "mall.ini:7:1: unknown key \"period\" in [care.advisor_contact]; expected one "
		     "of: enabled, min_tier, channels, marketing, period.TIER");
	/* a repeated key */
	expect_error(PRE "[care.lapse]\nenabled = 1\nenabled = 0\n", VIPCARE_E_POLICY_SYNTAX,
		     "mall.ini:8:1: [care.lapse] enabled repeated (first on line 7)");
}

static void test_file_bad_channel(void **state)
{
	(void)state;
	expect_error(PRE "[care.tier_change]\nchannels = sms, fax, app\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:7:17: [care.tier_change] channels: expected a channel sms, wechat, "
		     "phone, email or app, found \"fax\"");
	expect_error(PRE "[care.tier_change]\nchannels = SMS\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:7:12: [care.tier_change] channels: expected a channel sms, wechat, "
		     "phone, email or app, found \"SMS\"");
	expect_error(PRE "[care.tier_change]\nchannels = sms,,app\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:7:16: [care.tier_change] channels: expected a channel sms, wechat, "
		     "phone, email or app, found \"\"");
	expect_error(PRE "[care.tier_change]\nchannels = none, sms\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:7:12: [care.tier_change] channels: expected a channel sms, wechat, "
		     "phone, email or app, found \"none\"");
	expect_error(PRE "[care.tier_change]\nchannels =\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:7:11: [care.tier_change] channels: expected a comma-separated list "
		     "of sms, wechat, phone, email, app, or none, found \"\"");
}

static void test_file_repeated_channel(void **state)
{
	(void)state;
	expect_error(PRE "[care.tier_change]\nchannels = wechat, sms, wechat\n",
		     VIPCARE_E_POLICY_VALUE,
		     "mall.ini:7:25: [care.tier_change] channels: channel \"wechat\" is listed "
		     "twice");
}

static void test_file_bad_flag(void **state)
{
	(void)state;
	expect_error(PRE "[care.lapse]\nenabled = yes\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:7:11: [care.lapse] enabled: expected 0 or 1, found \"yes\"");
	expect_error(PRE "[care.lapse]\nmarketing = 2\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:7:13: [care.lapse] marketing: expected 0 or 1, found \"2\"");
	expect_error(PRE "[care.lapse]\nmarketing = 01\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:7:13: [care.lapse] marketing: expected 0 or 1, found \"01\"");
}

static void test_file_bad_days(void **state)
{
	(void)state;
	expect_error(PRE "[care.followup_3d]\ndays = 36526\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:7:8: [care.followup_3d] days: expected an integer 0..36525, found "
		     "\"36526\"");
	expect_error(PRE "[care.followup_3d]\ndays = -1\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:7:8: [care.followup_3d] days: expected an integer 0..36525, found "
		     "\"-1\"");
	expect_error(PRE "[care.followup_3d]\ndays = 3 days\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:7:8: [care.followup_3d] days: expected an integer 0..36525, found "
		     "\"3 days\"");
}

static void test_file_lead_days_out_of_range(void **state)
{
	(void)state;
	expect_error(PRE "[care.birthday]\nlead_days = 367\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:7:13: [care.birthday] lead_days: expected an integer 0..366, found "
		     "\"367\"");
}

static void test_file_bad_period(void **state)
{
	(void)state;
	expect_error(PRE "[care.advisor_contact]\nperiod.gold = fortnight\n",
		     VIPCARE_E_POLICY_VALUE,
		     "mall.ini:7:15: [care.advisor_contact] period.gold: expected day, week, "
		     "month, quarter, year or none, found \"fortnight\"");
	expect_error(PRE "[care.advisor_contact]\nperiod.gold = lifetime\n",
		     VIPCARE_E_POLICY_VALUE,
		     "mall.ini:7:15: [care.advisor_contact] period.gold: expected day, week, "
		     "month, quarter, year or none, found \"lifetime\"");
	expect_error(PRE "[care.advisor_contact]\nperiod.gold = Month\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:7:15: [care.advisor_contact] period.gold: expected day, week, "
		     "month, quarter, year or none, found \"Month\"");
	expect_error(PRE "[care.advisor_contact]\nperiod.gold = 1 per month\n",
		     VIPCARE_E_POLICY_VALUE,
		     "mall.ini:7:15: [care.advisor_contact] period.gold: expected day, week, "
		     "month, quarter, year or none, found \"1 per month\"");
	expect_error(PRE "[care.advisor_contact]\nperiod.gold star = month\n",
		     VIPCARE_E_POLICY_KEY,
		     "mall.ini:7:1: [care.advisor_contact] period.TIER: expected a tier name "
		     "[A-Za-z0-9_-]{1,32} other than \"none\", found \"gold star\"");
	expect_error(PRE "[care.advisor_contact]\nperiod.gold = week\nperiod.gold = day\n",
		     VIPCARE_E_POLICY_SYNTAX,
		     "mall.ini:8:1: [care.advisor_contact] period.gold repeated (first on line 7)");
}

static void test_file_period_unknown_tier(void **state)
{
	(void)state;
	expect_error(PRE "[care.advisor_contact]\nperiod.silver = week\n", VIPCARE_E_UNKNOWN_TIER,
		     "mall.ini:7:1: [care.advisor_contact] period.silver: tier \"silver\" is not "
		     "one of the tiers (member, gold, platinum, diamond)");
	/* the final tier list counts, wherever [tiers] is in the file */
	expect_error(PRE "[care.advisor_contact]\n  period.platinum = week\n[tiers]\n"
			 "order = member, gold, diamond\n",
		     VIPCARE_E_UNKNOWN_TIER,
		     "mall.ini:7:3: [care.advisor_contact] period.platinum: tier \"platinum\" is "
		     "not one of the tiers (member, gold, diamond) listed by [tiers] order");
}

static void test_file_unknown_min_tier(void **state)
{
	(void)state;
	expect_error(PRE "[care.lapse]\nmin_tier = black\n", VIPCARE_E_UNKNOWN_TIER,
		     "mall.ini:7:12: [care.lapse] min_tier: tier \"black\" is not one of the tiers "
		     "(member, gold, platinum, diamond)");
	expect_error(PRE "[care.lapse]\nmin_tier = none\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:7:12: [care.lapse] min_tier: expected a tier name "
		     "[A-Za-z0-9_-]{1,32} other than \"none\", found \"none\"");
}

/* ------------------------------------------------------------------ */
/* Loading                                                             */
/* ------------------------------------------------------------------ */

static void test_file_sets_care(void **state)
{
	static const char text[] = "[care.lapse]\n"
				   "channels = wechat   # phone calls annoy\n"
				   "min_tier = platinum\n"
				   "[care.birthday]\n"
				   "lead_days = 0\n"
				   "marketing = 0\n"
				   "[care.followup_3d]\n"
				   "days = 36525\n"
				   "enabled = 0\n"
				   "[care.tier_change]\n"
				   "channels = none\n"
				   "[care.advisor_contact]\n"
				   "period.member = year\n"
				   "period.diamond = none\n"
				   "period.gold = day\n";
	static const int wechat[] = { WECHAT, END };
	static const int none[] = { END };
	struct vipcare_policy *p = new_policy();

	(void)state;
	assert_int_equal(load(p, text), VIPCARE_OK);
	assert_string_equal(vipcare_policy_last_error(p), "");
	assert_care(p, VIPCARE_CARE_WELCOME, 1, 0, 0, NO_DAYS, welcome_channels);
	assert_care(p, VIPCARE_CARE_FOLLOWUP_3D, 0, 0, 0, 36525, followup_channels);
	assert_care(p, VIPCARE_CARE_BIRTHDAY, 1, 0, 0, 0, birthday_channels);
	assert_care(p, VIPCARE_CARE_LAPSE, 1, 2, 1, NO_DAYS, wechat);
	assert_care(p, VIPCARE_CARE_ADVISOR_CONTACT, 1, 0, 0, NO_DAYS, advisor_channels);
	assert_care(p, VIPCARE_CARE_TIER_CHANGE, 1, 0, 0, NO_DAYS, none);
	assert_int_equal(vipcare_policy_advisor_period(p, 0), VIPCARE_PERIOD_YEAR);
	assert_int_equal(vipcare_policy_advisor_period(p, 1), VIPCARE_PERIOD_DAY);
	assert_int_equal(vipcare_policy_advisor_period(p, 2), VIPCARE_PERIOD_QUARTER);
	assert_int_equal(vipcare_policy_advisor_period(p, 3), -1);
	assert_int_equal(vipcare_policy_validate(p), VIPCARE_OK);
	/* an empty section changes nothing; what a file leaves out is kept */
	assert_int_equal(load(p, "[care.lapse]\n[care.birthday]\nenabled = 1\n"), VIPCARE_OK);
	assert_care(p, VIPCARE_CARE_LAPSE, 1, 2, 1, NO_DAYS, wechat);
	assert_care(p, VIPCARE_CARE_BIRTHDAY, 1, 0, 0, 0, birthday_channels);
	vipcare_policy_unref(p);
}

/* The birthday_coupon etc. need what a new tier list asks of them. */
#define JADE_BENEFITS                                                                     \
	"[tier.jade]\nmin_spend = 60000\n"                                                 \
	"[benefit.welcome_gift]\nmin_tier = basic\nquota = 1 per lifetime\n"               \
	"[benefit.birthday_coupon]\nquota.jade = 1 per year\n"                             \
	"[benefit.free_parking_hours]\nquota.jade = 3 per day\n"                           \
	"[benefit.priority_checkout]\nmin_tier = jade\nquota = unlimited\n"                \
	"[benefit.vip_event_invite]\nmin_tier = jade\nquota = 1 per quarter\n"

static void test_file_tier_order_follows_names(void **state)
{
	static const char *const without_gold[] = { "member", "platinum", "diamond" };
	static const char *const only_base[] = { "member" };
	struct vipcare_policy *p = new_policy();

	(void)state;
	/* platinum renamed jade: a new tier has no period; diamond keeps its own */
	assert_int_equal(load(p, "[tiers]\norder = basic, gold, jade, diamond\n" JADE_BENEFITS),
			 VIPCARE_OK);
	assert_int_equal(vipcare_policy_advisor_period(p, 0), -1);
	assert_int_equal(vipcare_policy_advisor_period(p, 1), -1);
	assert_int_equal(vipcare_policy_advisor_period(p, 2), -1);
	assert_int_equal(vipcare_policy_advisor_period(p, 3), VIPCARE_PERIOD_MONTH);
	/* the base tier renamed: the kinds for every member stay with the base */
	assert_int_equal(vipcare_policy_care_min_tier(p, VIPCARE_CARE_WELCOME), 0);
	assert_int_equal(vipcare_policy_care_min_tier(p, VIPCARE_CARE_ADVISOR_CONTACT), 0);
	assert_int_equal(vipcare_policy_care_min_tier(p, VIPCARE_CARE_LAPSE), 1); /* gold */
	assert_int_equal(vipcare_policy_validate(p), VIPCARE_OK);
	vipcare_policy_unref(p);

	/* the same file giving the new tier a period, before the order that lists it */
	p = new_policy();
	assert_int_equal(load(p, "[care.advisor_contact]\nperiod.jade = quarter\n"
				 "[care.lapse]\nmin_tier = jade\n"
				 "[tiers]\norder = basic, gold, jade, diamond\n" JADE_BENEFITS),
			 VIPCARE_OK);
	assert_int_equal(vipcare_policy_advisor_period(p, 2), VIPCARE_PERIOD_QUARTER);
	assert_int_equal(vipcare_policy_advisor_period(p, 3), VIPCARE_PERIOD_MONTH);
	assert_int_equal(vipcare_policy_care_min_tier(p, VIPCARE_CARE_LAPSE), 2);
	vipcare_policy_unref(p);

	/* a dropped tier: periods move with their names, a lost min_tier goes to rank 1 */
	p = new_policy();
	assert_int_equal(vipcare_policy_set_tiers(p, without_gold, 3), VIPCARE_OK);
	assert_int_equal(vipcare_policy_advisor_period(p, 0), -1);
	assert_int_equal(vipcare_policy_advisor_period(p, 1), VIPCARE_PERIOD_QUARTER);
	assert_int_equal(vipcare_policy_advisor_period(p, 2), VIPCARE_PERIOD_MONTH);
	assert_int_equal(vipcare_policy_care_min_tier(p, VIPCARE_CARE_LAPSE), 1);
	assert_int_equal(vipcare_policy_care_min_tier(p, VIPCARE_CARE_BIRTHDAY), 0);
	/* one tier left: everything is for it */
	assert_int_equal(vipcare_policy_set_tiers(p, only_base, 1), VIPCARE_OK);
	assert_int_equal(vipcare_policy_care_min_tier(p, VIPCARE_CARE_LAPSE), 0);
	assert_int_equal(vipcare_policy_advisor_period(p, 0), -1);
	assert_int_equal(vipcare_policy_advisor_period(p, 1), VIPCARE_E_INVALID_ARGUMENT);
	vipcare_policy_unref(p);
}

/* ------------------------------------------------------------------ */
/* Writing back                                                        */
/* ------------------------------------------------------------------ */

static const char changed_care_text[] = "conversion_days = 30\n"
					"\n"
					"[care.welcome]\n"
					"enabled = 0\n"
					"min_tier = member\n"
					"channels = wechat, sms, app, email\n"
					"marketing = 0\n"
					"\n"
					"[care.followup_3d]\n"
					"enabled = 1\n"
					"min_tier = gold\n"
					"days = 0\n"
					"channels = sms, wechat, phone\n"
					"marketing = 0\n"
					"\n"
					"[care.birthday]\n"
					"enabled = 1\n"
					"min_tier = member\n"
					"lead_days = 366\n"
					"channels = wechat, sms, app, email\n"
					"marketing = 0\n"
					"\n"
					"[care.lapse]\n"
					"enabled = 1\n"
					"min_tier = platinum\n"
					"channels = none\n"
					"marketing = 1\n"
					"\n"
					"[care.advisor_contact]\n"
					"enabled = 1\n"
					"min_tier = member\n"
					"channels = phone, wechat\n"
					"marketing = 0\n"
					"period.member = none\n"
					"period.gold = week\n"
					"period.platinum = day\n"
					"period.diamond = year\n"
					"\n"
					"[care.tier_change]\n"
					"enabled = 1\n"
					"min_tier = member\n"
					"channels = app\n"
					"marketing = 1\n"
					"\n"
					"[tiers]\n";

static void test_write_round_trip(void **state)
{
	static const int app[] = { APP };
	struct vipcare_policy *p = new_policy(), *q = new_policy(), *d = new_policy();
	char *text = NULL, *again = NULL;

	(void)state;
	assert_int_equal(vipcare_policy_set_care_enabled(p, VIPCARE_CARE_WELCOME, 0), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_care_min_tier(p, VIPCARE_CARE_FOLLOWUP_3D, 1),
			 VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_care_days(p, VIPCARE_CARE_FOLLOWUP_3D, 0), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_care_days(p, VIPCARE_CARE_BIRTHDAY, 366), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_care_marketing(p, VIPCARE_CARE_BIRTHDAY, 0), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_care_min_tier(p, VIPCARE_CARE_LAPSE, 2), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_care_channels(p, VIPCARE_CARE_LAPSE, NULL, 0),
			 VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_advisor_period(p, 1, VIPCARE_PERIOD_WEEK), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_advisor_period(p, 2, VIPCARE_PERIOD_DAY), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_advisor_period(p, 3, VIPCARE_PERIOD_YEAR), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_care_channels(p, VIPCARE_CARE_TIER_CHANGE, app, 1),
			 VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_care_marketing(p, VIPCARE_CARE_TIER_CHANGE, 1),
			 VIPCARE_OK);
	assert_int_equal(vipcare_policy_validate(p), VIPCARE_OK);

	assert_int_equal(vipcare_policy_to_text(p, &text), VIPCARE_OK);
	assert_non_null(text);
	assert_non_null(strstr(text, changed_care_text));
	/* over a default policy: equal, and written again the same */
	assert_int_equal(vipcare_policy_load_string(q, text, strlen(text), "written.ini"),
			 VIPCARE_OK);
	assert_true(vipcare_policy_equal(p, q));
	assert_false(vipcare_policy_equal(q, d));
	assert_int_equal(vipcare_policy_to_text(q, &again), VIPCARE_OK);
	assert_string_equal(again, text);
	vipcare_free(again);
	/* over the policy itself, too: nothing changes */
	assert_int_equal(vipcare_policy_load_string(p, text, strlen(text), "written.ini"),
			 VIPCARE_OK);
	assert_true(vipcare_policy_equal(p, q));
	/* the text states every care rule: it resets a changed one */
	assert_int_equal(vipcare_policy_set_care_enabled(q, VIPCARE_CARE_WELCOME, 1), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_advisor_period(q, 0, VIPCARE_PERIOD_MONTH), VIPCARE_OK);
	assert_false(vipcare_policy_equal(p, q));
	assert_int_equal(vipcare_policy_load_string(q, text, strlen(text), "written.ini"),
			 VIPCARE_OK);
	assert_true(vipcare_policy_equal(p, q));
	vipcare_free(text);
	vipcare_policy_unref(d);
	vipcare_policy_unref(q);
	vipcare_policy_unref(p);
}

static void test_default_policy_file(void **state)
{
	const char *path = VIPCARE_SOURCE_DIR "/docs/default-policy.ini";
	struct vipcare_policy *p = new_policy(), *d = new_policy();

	(void)state;
	assert_int_equal(vipcare_policy_load_file(p, path), VIPCARE_OK);
	assert_true(vipcare_policy_equal(p, d));
	assert_default_care(p);
	/* it states every care rule, so it also resets changed ones */
	assert_int_equal(vipcare_policy_set_care_enabled(p, VIPCARE_CARE_LAPSE, 0), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_care_days(p, VIPCARE_CARE_BIRTHDAY, 30), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_care_channels(p, VIPCARE_CARE_WELCOME, NULL, 0),
			 VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_advisor_period(p, 1, VIPCARE_PERIOD_WEEK), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_care_marketing(p, VIPCARE_CARE_ADVISOR_CONTACT, 1),
			 VIPCARE_OK);
	assert_false(vipcare_policy_equal(p, d));
	assert_int_equal(vipcare_policy_load_file(p, path), VIPCARE_OK);
	assert_true(vipcare_policy_equal(p, d));
	assert_default_care(p);
	vipcare_policy_unref(d);
	vipcare_policy_unref(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_care),
		cmocka_unit_test(test_kind_names),
		cmocka_unit_test(test_enabled_and_marketing),
		cmocka_unit_test(test_min_tier),
		cmocka_unit_test(test_channels),
		cmocka_unit_test(test_days),
		cmocka_unit_test(test_advisor_period),
		cmocka_unit_test(test_equal_and_copy),
		cmocka_unit_test(test_file_unknown_kind),
		cmocka_unit_test(test_file_key_not_for_kind),
		cmocka_unit_test(test_file_bad_channel),
		cmocka_unit_test(test_file_repeated_channel),
		cmocka_unit_test(test_file_bad_flag),
		cmocka_unit_test(test_file_bad_days),
		cmocka_unit_test(test_file_lead_days_out_of_range),
		cmocka_unit_test(test_file_bad_period),
		cmocka_unit_test(test_file_period_unknown_tier),
		cmocka_unit_test(test_file_unknown_min_tier),
		cmocka_unit_test(test_file_sets_care),
		cmocka_unit_test(test_file_tier_order_follows_names),
		cmocka_unit_test(test_write_round_trip),
		cmocka_unit_test(test_default_policy_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
