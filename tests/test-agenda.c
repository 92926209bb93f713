/*
 * The care agenda (DESIGN §6): each kind on its due date and not a day
 * before or after, stable occasion keys, the advisor's anchor, tier
 * changes, channels, suppression, the overdue window, records and order.
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

#define GOLD 1000000

static struct vipcare_engine *engine_with(int64_t overdue, int64_t retain)
{
	struct vipcare_policy *p = NULL;
	struct vipcare_engine *e = NULL;

	assert_int_equal(vipcare_policy_new(&p), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set(p, VIPCARE_SETTING_OVERDUE_DAYS, overdue), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set(p, VIPCARE_SETTING_RETAIN_DAYS, retain), VIPCARE_OK);
	assert_int_equal(vipcare_engine_new(&e, p), VIPCARE_OK);
	vipcare_policy_unref(p);
	return e;
}

static void customer(struct vipcare_engine *e, const char *id, const char *joined, int month, int day,
		     unsigned consent, int opt_out, const char *override)
{
	struct vipcare_customer *c = NULL;
	int ch;

	assert_int_equal(vipcare_customer_new(&c), VIPCARE_OK);
	assert_int_equal(vipcare_customer_set_id(c, id), VIPCARE_OK);
	if (joined != NULL)
		assert_int_equal(vipcare_customer_set_joined(c, day_of(joined)), VIPCARE_OK);
	assert_int_equal(vipcare_customer_set_birthday(c, month, day), VIPCARE_OK);
	for (ch = 0; ch < VIPCARE_CHANNEL_COUNT; ch++)
		assert_int_equal(vipcare_customer_set_consent(c, ch, (consent >> ch) & 1u), VIPCARE_OK);
	assert_int_equal(vipcare_customer_set_marketing_opt_out(c, opt_out), VIPCARE_OK);
	assert_int_equal(vipcare_customer_set_advisor(c, "ADV1"), VIPCARE_OK);
	if (override != NULL)
		assert_int_equal(vipcare_customer_set_override(c, override, VIPCARE_DATE_NONE), VIPCARE_OK);
	assert_int_equal(vipcare_engine_add_customer(e, c), VIPCARE_OK);
	vipcare_customer_unref(c);
}

/* The agenda of [from, to] as "due customer kind occasion" lines. */
static void agenda_text(struct vipcare_engine *e, const char *from, const char *to, char *out,
			size_t size)
{
	struct vipcare_agenda *a = NULL;
	size_t i, used = 0;
	char due[VIPCARE_DATE_BUFSIZE];

	assert_int_equal(vipcare_agenda_new(&a, e, day_of(from), day_of(to)), VIPCARE_OK);
	out[0] = '\0';
	for (i = 0; i < vipcare_agenda_count(a); i++) {
		vipcare_date_format(due, sizeof(due), vipcare_agenda_due(a, i));
		used += (size_t)snprintf(out + used, size - used, "%s %s %s %s\n", due,
					 vipcare_agenda_customer(a, i),
					 vipcare_care_kind_name(vipcare_agenda_kind(a, i)),
					 vipcare_agenda_occasion(a, i));
		assert_true(used < size);
	}
	vipcare_agenda_unref(a);
}

static void expect_day(struct vipcare_engine *e, const char *day, const char *expected)
{
	char text[4096];

	agenda_text(e, day, day, text, sizeof(text));
	assert_string_equal(text, expected);
}

static void test_welcome_and_followup(void **state)
{
	struct vipcare_engine *e = engine_with(0, 0);

	(void)state;
	sale(e, "T1", "ANNA", "2025-03-10T10:00", 5000);
	sale(e, "T2", "ANNA", "2025-03-11T10:00", 5000);
	expect_day(e, "2025-03-09", "");
	expect_day(e, "2025-03-10", "2025-03-10 ANNA welcome once\n");
	expect_day(e, "2025-03-11", "");
	expect_day(e, "2025-03-12", "");
	expect_day(e, "2025-03-13", "2025-03-13 ANNA followup_3d once\n");
	expect_day(e, "2025-03-14", "");
	vipcare_engine_unref(e);
}

static void test_lapse(void **state)
{
	struct vipcare_engine *e = engine_with(0, 0);

	(void)state;
	/* gold: 90 days after its last sale, and again only after a new sale and a new gap */
	sale(e, "G1", "GUS", "2025-01-10T10:00", GOLD);
	sale(e, "G2", "GUS", "2025-05-01T10:00", GOLD);
	/* a sale 50 days later: no lapse for the first one */
	sale(e, "H1", "HAL", "2025-01-10T10:00", GOLD);
	sale(e, "H2", "HAL", "2025-03-01T10:00", GOLD);
	/* a member: lapse is for gold and up */
	sale(e, "M1", "MIA", "2025-01-10T10:00", 500);
	expect_day(e, "2025-04-09", "");
	expect_day(e, "2025-04-10", "2025-04-10 GUS lapse 2025-01-10\n");
	expect_day(e, "2025-04-11", "");
	expect_day(e, "2025-05-30", "2025-05-30 HAL lapse 2025-03-01\n");
	expect_day(e, "2025-07-30", "2025-07-30 GUS lapse 2025-05-01\n");
	vipcare_engine_unref(e);
}

static void test_birthday(void **state)
{
	struct vipcare_engine *e = engine_with(0, 0);

	(void)state;
	customer(e, "BEA", "2024-01-01", 1, 2, 1, 0, NULL);
	customer(e, "LEAP", "2020-01-01", 2, 29, 1, 0, NULL);
	customer(e, "NOB", "2020-01-01", 0, 0, 1, 0, NULL);
	/* 7 days before 2 January 2025, across the year end */
	expect_day(e, "2024-12-25", "");
	expect_day(e, "2024-12-26", "2024-12-26 BEA birthday 2025\n");
	expect_day(e, "2024-12-27", "");
	/* 29 February: 28 February in common years */
	expect_day(e, "2025-02-21", "2025-02-21 LEAP birthday 2025\n");
	expect_day(e, "2025-02-22", "");
	expect_day(e, "2024-02-21", "");
	expect_day(e, "2024-02-22", "2024-02-22 LEAP birthday 2024\n");
	/* not before the customer joined */
	expect_day(e, "2023-12-26", "");
	vipcare_engine_unref(e);
}

static void test_advisor_contact(void **state)
{
	struct vipcare_engine *e = engine_with(0, 0);
	char text[4096];

	(void)state;
	customer(e, "DIA", "2025-01-31", 0, 0, 1u << VIPCARE_CHANNEL_PHONE, 0, "diamond");
	customer(e, "PLA", "2025-01-15", 0, 0, 1u << VIPCARE_CHANNEL_PHONE, 0, "platinum");
	/* monthly from the joined date, clamped to the month's end */
	agenda_text(e, "2025-02-01", "2025-04-30", text, sizeof(text));
	assert_string_equal(text, "2025-02-28 DIA advisor_contact 2025-02\n"
				  "2025-03-31 DIA advisor_contact 2025-03\n"
				  "2025-04-15 PLA advisor_contact 2025-Q2\n"
				  "2025-04-30 DIA advisor_contact 2025-04\n");
	/* a reached contact moves the anchor; no_answer does not */
	assert_int_equal(vipcare_engine_record_care(e, "DIA", VIPCARE_CARE_ADVISOR_CONTACT, "2025-03",
						    day_of("2025-03-05"), VIPCARE_OUTCOME_REACHED),
			 VIPCARE_OK);
	agenda_text(e, "2025-03-01", "2025-05-31", text, sizeof(text));
	assert_string_equal(text, "2025-04-05 DIA advisor_contact 2025-04\n"
				  "2025-04-15 PLA advisor_contact 2025-Q2\n"
				  "2025-05-05 DIA advisor_contact 2025-05\n");
	assert_int_equal(vipcare_engine_record_care(e, "DIA", VIPCARE_CARE_ADVISOR_CONTACT, "2025-04",
						    day_of("2025-04-05"), VIPCARE_OUTCOME_NO_ANSWER),
			 VIPCARE_OK);
	agenda_text(e, "2025-04-01", "2025-05-31", text, sizeof(text));
	assert_string_equal(text, "2025-04-15 PLA advisor_contact 2025-Q2\n"
				  "2025-05-05 DIA advisor_contact 2025-05\n");
	vipcare_engine_unref(e);
}

static void test_tier_change_up_and_down(void **state)
{
	struct vipcare_engine *e = engine_with(0, 30);

	(void)state;
	sale(e, "V1", "VIC", "2025-01-05T10:00", 500);
	sale(e, "V2", "VIC", "2025-02-10T10:00", GOLD);
	expect_day(e, "2025-02-10", "2025-02-10 VIC tier_change 2025-02-10:gold\n");
	expect_day(e, "2025-02-09", "");
	/* the sale leaves the window on 2026-02-10; retention holds gold 30 days more */
	expect_day(e, "2026-03-11", "");
	expect_day(e, "2026-03-12", "2026-03-12 VIC tier_change 2026-03-12:member\n");
	/* a customer joining gold has its change on the joined date */
	sale(e, "U1", "UMA", "2025-06-01T10:00", GOLD);
	expect_day(e, "2025-06-01", "2025-06-01 UMA welcome once\n"
				    "2025-06-01 UMA tier_change 2025-06-01:gold\n");
	vipcare_engine_unref(e);
}

static void test_channels_and_suppression(void **state)
{
	struct vipcare_engine *e = engine_with(0, 0);
	struct vipcare_agenda *a = NULL;
	size_t i;

	(void)state;
	/* welcome goes through wechat, sms, app, email, in that order of preference */
	customer(e, "C-SMS", NULL, 0, 0, 1u << VIPCARE_CHANNEL_SMS, 0, NULL);
	customer(e, "C-NONE", NULL, 0, 0, 0, 0, NULL);
	customer(e, "C-APPMAIL", NULL, 0, 0, (1u << VIPCARE_CHANNEL_APP) | (1u << VIPCARE_CHANNEL_EMAIL), 0,
		 NULL);
	customer(e, "C-OPTOUT", "2024-01-01", 5, 10, 1u << VIPCARE_CHANNEL_WECHAT, 1, NULL);
	sale(e, "T1", "C-SMS", "2025-05-03T10:00", 100);
	sale(e, "T2", "C-NONE", "2025-05-03T10:00", 100);
	sale(e, "T3", "C-APPMAIL", "2025-05-03T10:00", 100);
	assert_int_equal(vipcare_agenda_new(&a, e, day_of("2025-05-03"), day_of("2025-05-03")), VIPCARE_OK);
	/* three welcomes; the opted-out customer's birthday is not among them */
	assert_int_equal(vipcare_agenda_count(a), 3);
	for (i = 0; i < 3; i++) {
		const char *who = vipcare_agenda_customer(a, i);

		assert_string_equal(vipcare_agenda_advisor(a, i), "ADV1");
		assert_int_equal(vipcare_agenda_tier(a, i), 0);
		if (strcmp(who, "C-SMS") == 0)
			assert_int_equal(vipcare_agenda_channel(a, i), VIPCARE_CHANNEL_SMS);
		else if (strcmp(who, "C-NONE") == 0)
			assert_int_equal(vipcare_agenda_channel(a, i), -1);
		else if (strcmp(who, "C-APPMAIL") == 0)
			assert_int_equal(vipcare_agenda_channel(a, i), VIPCARE_CHANNEL_APP);
		else
			fail_msg("unexpected customer %s", who);
	}
	/* the opted-out customer's birthday (marketing) is counted, not listed */
	assert_int_equal(vipcare_agenda_suppressed(a, VIPCARE_CARE_BIRTHDAY), 1);
	assert_int_equal(vipcare_agenda_suppressed(a, VIPCARE_CARE_WELCOME), 0);
	vipcare_agenda_unref(a);
	vipcare_engine_unref(e);
}

static void test_overdue_records_and_order(void **state)
{
	struct vipcare_engine *e = engine_with(14, 0);
	char text[4096];

	(void)state;
	sale(e, "T1", "ZED", "2025-03-10T10:00", 100);
	/* overdue for 14 days, then gone */
	expect_day(e, "2025-03-24", "2025-03-10 ZED welcome once\n2025-03-13 ZED followup_3d once\n");
	expect_day(e, "2025-03-25", "2025-03-13 ZED followup_3d once\n");
	/* a record of any outcome takes the item off for good */
	assert_int_equal(vipcare_engine_record_care(e, "ZED", VIPCARE_CARE_FOLLOWUP_3D, "once",
						    day_of("2025-03-20"), VIPCARE_OUTCOME_DECLINED),
			 VIPCARE_OK);
	expect_day(e, "2025-03-25", "");
	/* same day: higher tier first, then kind order, then customer id bytewise */
	sale(e, "A1", "b", "2025-06-01T10:00", 100);
	sale(e, "A2", "B", "2025-06-01T10:00", 100);
	sale(e, "A3", "a", "2025-06-01T10:00", 100);
	sale(e, "A4", "GOLDY", "2025-06-01T10:00", GOLD);
	agenda_text(e, "2025-06-15", "2025-06-15", text, sizeof(text));
	assert_string_equal(text, "2025-06-01 GOLDY welcome once\n"
				  "2025-06-01 GOLDY tier_change 2025-06-01:gold\n"
				  "2025-06-01 B welcome once\n"
				  "2025-06-01 a welcome once\n"
				  "2025-06-01 b welcome once\n"
				  "2025-06-04 GOLDY followup_3d once\n"
				  "2025-06-04 B followup_3d once\n"
				  "2025-06-04 a followup_3d once\n"
				  "2025-06-04 b followup_3d once\n");
	vipcare_engine_unref(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_welcome_and_followup),
		cmocka_unit_test(test_lapse),
		cmocka_unit_test(test_birthday),
		cmocka_unit_test(test_advisor_contact),
		cmocka_unit_test(test_tier_change_up_and_down),
		cmocka_unit_test(test_channels_and_suppression),
		cmocka_unit_test(test_overdue_records_and_order),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
