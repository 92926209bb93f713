/*
 * Tier scoring (DESIGN §4) with the default policy unless said otherwise:
 * member (base), gold ≥ 10,000.00, platinum ≥ 50,000.00, diamond ≥
 * 100,000.00 and 52 visits, over 365 days.
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

#include "engine-private.h" /* the tier history is internal: checked white-box */
#include "helpers.h"

#define GOLD 1000000       /* 10,000.00 */
#define PLATINUM 5000000   /* 50,000.00 */
#define DIAMOND 10000000   /* 100,000.00 */

struct fixture {
	struct vipcare_engine *engine;
	struct vipcare_score *score;
};

static int setup_with(void **state, struct vipcare_policy *policy)
{
	struct fixture *f = test_calloc(1, sizeof(*f));

	assert_int_equal(vipcare_engine_new(&f->engine, policy), VIPCARE_OK);
	assert_int_equal(vipcare_score_new(&f->score), VIPCARE_OK);
	*state = f;
	return 0;
}

static int setup(void **state)
{
	return setup_with(state, NULL);
}

static int setup_retain30(void **state)
{
	struct vipcare_policy *p = NULL;
	int rc;

	assert_int_equal(vipcare_policy_new(&p), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set(p, VIPCARE_SETTING_RETAIN_DAYS, 30), VIPCARE_OK);
	rc = setup_with(state, p);
	vipcare_policy_unref(p);
	return rc;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	vipcare_score_unref(f->score);
	vipcare_engine_unref(f->engine);
	test_free(f);
	return 0;
}

static const struct vipcare_score *score(struct fixture *f, const char *customer, const char *asof)
{
	assert_int_equal(vipcare_engine_score(f->engine, customer, day_of(asof), f->score), VIPCARE_OK);
	return f->score;
}

static void assert_tier(const struct vipcare_score *s, const char *tier, int decided_by)
{
	assert_string_equal(vipcare_score_tier_name(s), tier);
	assert_int_equal(vipcare_score_decided_by(s), decided_by);
}

static void test_threshold_exact_and_one_fen_below(void **state)
{
	struct fixture *f = *state;
	const struct vipcare_score *s;

	sale(f->engine, "A1", "AT", "2025-03-01T11:00", GOLD);
	sale(f->engine, "B1", "BELOW", "2025-03-01T11:00", GOLD - 1);
	s = score(f, "AT", "2025-06-30");
	assert_tier(s, "gold", VIPCARE_DECIDED_BY_METRICS);
	assert_int_equal(vipcare_score_tier(s), 1);
	assert_int_equal(vipcare_score_net_spend(s), GOLD);
	assert_int_equal(vipcare_score_visits(s), 1);
	assert_string_equal(vipcare_score_next_tier_name(s), "platinum");
	assert_int_equal(vipcare_score_spend_to_next(s), PLATINUM - GOLD);
	assert_int_equal(vipcare_score_visits_to_next(s), 0);
	s = score(f, "BELOW", "2025-06-30");
	assert_tier(s, "member", VIPCARE_DECIDED_BY_BASE);
	assert_int_equal(vipcare_score_spend_to_next(s), 1);
	assert_string_equal(vipcare_score_next_tier_name(s), "gold");
	assert_int_equal(vipcare_score_tier_expires(s), VIPCARE_DATE_NONE);
	assert_int_equal(vipcare_score_is_member(s), 1);
}

static void test_window_edges(void **state)
{
	struct fixture *f = *state;
	const struct vipcare_score *s;

	/* the window of 2025-12-31 is 2025-01-01 .. 2025-12-31 */
	sale(f->engine, "O1", "OUT", "2024-12-31T23:59:59", GOLD);
	sale(f->engine, "I1", "IN", "2025-01-01T00:00:00", GOLD);
	s = score(f, "OUT", "2025-12-31");
	assert_tier(s, "member", VIPCARE_DECIDED_BY_BASE);
	assert_int_equal(vipcare_score_net_spend(s), 0);
	assert_int_equal(vipcare_score_visits(s), 0);
	assert_int_equal(vipcare_score_lifetime_spend(s), GOLD);
	assert_int_equal(vipcare_score_last_sale(s), day_of("2024-12-31"));
	s = score(f, "OUT", "2025-12-30");
	assert_tier(s, "gold", VIPCARE_DECIDED_BY_METRICS);
	assert_int_equal(vipcare_score_tier_expires(s), day_of("2025-12-30"));
	s = score(f, "IN", "2025-12-31");
	assert_tier(s, "gold", VIPCARE_DECIDED_BY_METRICS);
	assert_int_equal(vipcare_score_net_spend(s), GOLD);
	/* it leaves the window on 2026-01-01: the tier is held through 2025-12-31 */
	assert_int_equal(vipcare_score_tier_expires(s), day_of("2025-12-31"));
}

static void test_everything_after_the_date_is_invisible(void **state)
{
	struct fixture *f = *state;
	const struct vipcare_score *s;

	sale(f->engine, "T1", "C", "2025-01-10T10:00", 5000);
	sale(f->engine, "T2", "C", "2025-02-10T10:00", 7000);
	sale(f->engine, "T3", "C", "2025-03-10T10:00", GOLD);
	s = score(f, "C", "2025-02-10");
	assert_int_equal(vipcare_score_net_spend(s), 12000);
	assert_int_equal(vipcare_score_lifetime_spend(s), 12000);
	assert_int_equal(vipcare_score_visits(s), 2);
	assert_int_equal(vipcare_score_first_sale(s), day_of("2025-01-10"));
	assert_int_equal(vipcare_score_last_sale(s), day_of("2025-02-10"));
	assert_tier(s, "member", VIPCARE_DECIDED_BY_BASE);
	s = score(f, "C", "2025-01-09");
	assert_int_equal(vipcare_score_is_member(s), 0);
	assert_int_equal(vipcare_score_first_sale(s), VIPCARE_DATE_NONE);
	assert_int_equal(vipcare_score_last_sale(s), VIPCARE_DATE_NONE);
	assert_int_equal(vipcare_score_lifetime_spend(s), 0);
}

static void test_visits_threshold(void **state)
{
	struct fixture *f = *state;
	const struct vipcare_score *s;
	char id[32], when[32];
	int32_t start = day_of("2025-01-06"), d;
	int week;

	/* 52 weekly visits of 2,000.00: 104,000.00 and 52 visits */
	for (week = 0; week < 52; week++) {
		char text[VIPCARE_DATE_BUFSIZE];

		d = start + 7 * week;
		assert_int_equal(vipcare_date_format(text, sizeof(text), d), VIPCARE_OK);
		snprintf(when, sizeof(when), "%sT15:00", text);
		snprintf(id, sizeof(id), "W%d", week);
		sale(f->engine, id, "WEEKLY", when, 200000);
		if (week < 51) {
			snprintf(id, sizeof(id), "X%d", week);
			sale(f->engine, id, "ALMOST", when, 200000);
		}
	}
	/* the 52nd purchase of ALMOST falls on a day it already visited */
	sale(f->engine, "X51", "ALMOST", "2025-01-06T18:00", 200000);
	s = score(f, "WEEKLY", "2025-12-29");
	assert_tier(s, "diamond", VIPCARE_DECIDED_BY_METRICS);
	assert_int_equal(vipcare_score_visits(s), 52);
	assert_int_equal(vipcare_score_net_spend(s), 10400000);
	assert_int_equal(vipcare_score_next_tier(s), -1);
	assert_null(vipcare_score_next_tier_name(s));
	assert_int_equal(vipcare_score_spend_to_next(s), 0);
	assert_int_equal(vipcare_score_visits_to_next(s), 0);
	/* the first visit (2025-01-06) leaves on 2026-01-06: 51 visits from then */
	assert_int_equal(vipcare_score_tier_expires(s), day_of("2026-01-05"));
	s = score(f, "ALMOST", "2025-12-29");
	assert_tier(s, "platinum", VIPCARE_DECIDED_BY_METRICS);
	assert_int_equal(vipcare_score_visits(s), 51);
	assert_int_equal(vipcare_score_net_spend(s), 10400000);
	assert_int_equal(vipcare_score_visits_to_next(s), 1);
	assert_int_equal(vipcare_score_spend_to_next(s), 0);
}

/*
 * A day runs from its first second to its last: sales at 00:00:00 and
 * 23:59:59 are one visit, and one at 00:00:00 the next day another
 * (scoring tells a transaction of the day before it by its seconds).
 */
static void test_a_day_from_its_first_to_its_last_second(void **state)
{
	struct fixture *f = *state;
	const struct vipcare_score *s;

	sale(f->engine, "E1", "EDGES", "2025-03-10T00:00:00", GOLD / 2);
	sale(f->engine, "E2", "EDGES", "2025-03-10T23:59:59", GOLD / 2);
	sale(f->engine, "E3", "EDGES", "2025-03-11T00:00:00", 100);
	s = score(f, "EDGES", "2025-12-31");
	assert_tier(s, "gold", VIPCARE_DECIDED_BY_METRICS);
	assert_int_equal(vipcare_score_visits(s), 2);
	assert_int_equal(vipcare_score_net_spend(s), GOLD + 100);
	assert_int_equal(vipcare_score_first_sale(s), day_of("2025-03-10"));
	assert_int_equal(vipcare_score_last_sale(s), day_of("2025-03-11"));
	/* both halves leave together on 2026-03-10 */
	assert_int_equal(vipcare_score_tier_expires(s), day_of("2026-03-09"));
}

static void test_refunds_lower_spend_not_visits(void **state)
{
	struct fixture *f = *state;
	const struct vipcare_score *s;

	sale(f->engine, "S1", "R", "2025-04-01T10:00", 1200000);
	refund(f->engine, "R1", "R", "2025-04-03T10:00", 300000, "S1");
	s = score(f, "R", "2025-04-02");
	assert_tier(s, "gold", VIPCARE_DECIDED_BY_METRICS);
	s = score(f, "R", "2025-04-03");
	assert_tier(s, "member", VIPCARE_DECIDED_BY_BASE);
	assert_int_equal(vipcare_score_net_spend(s), 900000);
	assert_int_equal(vipcare_score_visits(s), 1);
	assert_int_equal(vipcare_score_spend_to_next(s), 100000);
	assert_int_equal(vipcare_score_lifetime_spend(s), 900000);
	assert_int_equal(vipcare_score_last_sale(s), day_of("2025-04-01"));
}

static void test_refund_can_make_spend_negative(void **state)
{
	struct fixture *f = *state;
	const struct vipcare_score *s;

	sale(f->engine, "S1", "N", "2024-03-01", 50000);
	refund(f->engine, "R1", "N", "2025-04-03", 50000, "S1");
	s = score(f, "N", "2025-04-03");
	assert_int_equal(vipcare_score_net_spend(s), -50000);
	assert_int_equal(vipcare_score_visits(s), 0);
	assert_int_equal(vipcare_score_spend_to_next(s), GOLD + 50000);
	assert_int_equal(vipcare_score_lifetime_spend(s), 0);
}

static void test_retention_keeps_the_tier(void **state)
{
	struct fixture *f = *state;
	const struct vipcare_score *s;

	/* retain_days = 30: qualified last on 2025-05-31, held through 2025-06-30 */
	sale(f->engine, "S1", "KEEP", "2024-06-01T12:00", GOLD);
	s = score(f, "KEEP", "2025-05-31");
	assert_tier(s, "gold", VIPCARE_DECIDED_BY_METRICS);
	assert_int_equal(vipcare_score_tier_expires(s), day_of("2025-06-30"));
	s = score(f, "KEEP", "2025-06-15");
	assert_tier(s, "gold", VIPCARE_DECIDED_BY_RETENTION);
	assert_int_equal(vipcare_score_net_spend(s), 0);
	/* the gap to the next tier is measured from the window's real spend */
	assert_int_equal(vipcare_score_spend_to_next(s), PLATINUM);
	assert_int_equal(vipcare_score_tier_expires(s), day_of("2025-06-30"));
	s = score(f, "KEEP", "2025-06-30");
	assert_tier(s, "gold", VIPCARE_DECIDED_BY_RETENTION);
	s = score(f, "KEEP", "2025-07-01");
	assert_tier(s, "member", VIPCARE_DECIDED_BY_BASE);
}

static void test_retention_keeps_the_higher_tier_after_a_fall(void **state)
{
	struct fixture *f = *state;
	const struct vipcare_score *s;

	/* platinum until a refund on 2025-05-10 brings spend to gold */
	sale(f->engine, "S1", "P", "2025-01-10", PLATINUM + 100000);
	refund(f->engine, "R1", "P", "2025-05-10", 300000, "S1");
	s = score(f, "P", "2025-05-20");
	assert_tier(s, "platinum", VIPCARE_DECIDED_BY_RETENTION);
	/* platinum is held through 2025-05-09 + 30; gold carries on but is lower */
	assert_int_equal(vipcare_score_tier_expires(s), day_of("2025-06-08"));
	s = score(f, "P", "2025-06-09");
	assert_tier(s, "gold", VIPCARE_DECIDED_BY_METRICS);
	/* the sale leaves on 2026-01-10, the refund stays: held to 2026-01-09 + 30 */
	assert_int_equal(vipcare_score_tier_expires(s), day_of("2026-02-08"));
}

static void test_override_precedence_and_end(void **state)
{
	struct fixture *f = *state;
	const struct vipcare_score *s;
	struct vipcare_customer *c = NULL;

	sale(f->engine, "S1", "O", "2025-03-01", 2 * GOLD);
	assert_int_equal(vipcare_engine_set_override(f->engine, "O", "diamond", day_of("2025-06-30")),
			 VIPCARE_OK);
	s = score(f, "O", "2025-06-30");
	assert_tier(s, "diamond", VIPCARE_DECIDED_BY_OVERRIDE);
	/* metrics are gold, below diamond: the tier ends with the override */
	assert_int_equal(vipcare_score_tier_expires(s), day_of("2025-06-30"));
	assert_int_equal(vipcare_score_next_tier(s), -1);
	/* the override applies on every date up to its end, even before the first sale */
	s = score(f, "O", "2025-01-01");
	assert_tier(s, "diamond", VIPCARE_DECIDED_BY_OVERRIDE);
	assert_int_equal(vipcare_score_is_member(s), 0);
	s = score(f, "O", "2025-07-01");
	assert_tier(s, "gold", VIPCARE_DECIDED_BY_METRICS);
	assert_int_equal(vipcare_score_tier_expires(s), day_of("2026-02-28"));

	/* a demotion to the base tier without end */
	assert_int_equal(vipcare_engine_set_override(f->engine, "O", "member", VIPCARE_DATE_NONE),
			 VIPCARE_OK);
	s = score(f, "O", "2025-07-01");
	assert_tier(s, "member", VIPCARE_DECIDED_BY_OVERRIDE);
	assert_int_equal(vipcare_score_tier_expires(s), VIPCARE_DATE_NONE);
	assert_string_equal(vipcare_score_next_tier_name(s), "gold");
	assert_int_equal(vipcare_score_spend_to_next(s), 0);

	/* an override without end never falls */
	assert_int_equal(vipcare_engine_set_override(f->engine, "O", "platinum", VIPCARE_DATE_NONE),
			 VIPCARE_OK);
	s = score(f, "O", "2030-01-01");
	assert_tier(s, "platinum", VIPCARE_DECIDED_BY_OVERRIDE);
	assert_int_equal(vipcare_score_tier_expires(s), VIPCARE_DATE_NONE);

	/* removing it returns to the metrics; an unknown tier changes nothing */
	assert_int_equal(vipcare_engine_set_override(f->engine, "O", "bronze", VIPCARE_DATE_NONE),
			 VIPCARE_E_UNKNOWN_TIER);
	assert_non_null(strstr(vipcare_engine_last_error(f->engine), "\"bronze\""));
	s = score(f, "O", "2030-01-01");
	assert_tier(s, "platinum", VIPCARE_DECIDED_BY_OVERRIDE);
	assert_int_equal(vipcare_engine_set_override(f->engine, "O", NULL, VIPCARE_DATE_NONE),
			 VIPCARE_OK);
	s = score(f, "O", "2025-07-01");
	assert_tier(s, "gold", VIPCARE_DECIDED_BY_METRICS);
	assert_int_equal(vipcare_engine_set_override(f->engine, "NOBODY", "gold", VIPCARE_DATE_NONE),
			 VIPCARE_E_UNKNOWN_CUSTOMER);

	/* given in the customer record */
	assert_int_equal(vipcare_customer_new(&c), VIPCARE_OK);
	assert_int_equal(vipcare_customer_set_id(c, "VIPGUEST"), VIPCARE_OK);
	assert_int_equal(vipcare_customer_set_joined(c, day_of("2025-01-01")), VIPCARE_OK);
	assert_int_equal(vipcare_customer_set_override(c, "platinum", day_of("2025-12-31")), VIPCARE_OK);
	assert_int_equal(vipcare_engine_add_customer(f->engine, c), VIPCARE_OK);
	s = score(f, "VIPGUEST", "2025-02-01");
	assert_tier(s, "platinum", VIPCARE_DECIDED_BY_OVERRIDE);
	assert_int_equal(vipcare_score_tier_expires(s), day_of("2025-12-31"));
	s = score(f, "VIPGUEST", "2026-01-01");
	assert_tier(s, "member", VIPCARE_DECIDED_BY_BASE);
	vipcare_customer_unref(c);
}

static void test_override_ending_into_equal_metrics(void **state)
{
	struct fixture *f = *state;
	const struct vipcare_score *s;

	/* metrics hold gold past the override's end: the tier expires with the metrics */
	sale(f->engine, "S1", "G", "2025-03-01", GOLD);
	assert_int_equal(vipcare_engine_set_override(f->engine, "G", "gold", day_of("2025-04-30")),
			 VIPCARE_OK);
	s = score(f, "G", "2025-04-01");
	assert_tier(s, "gold", VIPCARE_DECIDED_BY_OVERRIDE);
	assert_int_equal(vipcare_score_tier_expires(s), day_of("2026-02-28"));
}

static void test_tier_expires_ignores_a_rise(void **state)
{
	struct fixture *f = *state;
	const struct vipcare_score *s;

	/* gold on 45,000.00; when the refund leaves, spend rises to platinum */
	sale(f->engine, "S1", "UP", "2025-02-01", PLATINUM + 500000);
	refund(f->engine, "R1", "UP", "2025-01-15", 1000000, "ELSEWHERE");
	s = score(f, "UP", "2025-06-01");
	assert_tier(s, "gold", VIPCARE_DECIDED_BY_METRICS);
	assert_int_equal(vipcare_score_net_spend(s), 4500000);
	assert_int_equal(vipcare_score_tier_expires(s), day_of("2026-01-31"));
}

static void test_tier_expires_overlapping_sales(void **state)
{
	struct fixture *f = *state;
	const struct vipcare_score *s;

	sale(f->engine, "S1", "TWO", "2025-01-01", GOLD);
	sale(f->engine, "S2", "TWO", "2025-06-01", GOLD);
	s = score(f, "TWO", "2025-06-01");
	assert_tier(s, "gold", VIPCARE_DECIDED_BY_METRICS);
	assert_int_equal(vipcare_score_tier_expires(s), day_of("2026-05-31"));
	s = score(f, "TWO", "2025-05-31");
	assert_int_equal(vipcare_score_tier_expires(s), day_of("2025-12-31"));
}

static void test_next_tier_gaps(void **state)
{
	struct fixture *f = *state;
	const struct vipcare_score *s;
	char id[16], when[32];
	int i;

	sale(f->engine, "G1", "G30", "2025-05-01", 3 * GOLD);
	s = score(f, "G30", "2025-05-01");
	assert_tier(s, "gold", VIPCARE_DECIDED_BY_METRICS);
	assert_int_equal(vipcare_score_spend_to_next(s), 2000000);
	assert_int_equal(vipcare_score_visits_to_next(s), 0);
	for (i = 0; i < 10; i++) {
		snprintf(id, sizeof(id), "P%d", i);
		snprintf(when, sizeof(when), "2025-05-%02dT10:00", i + 1);
		sale(f->engine, id, "P60", when, 600000);
	}
	s = score(f, "P60", "2025-05-31");
	assert_tier(s, "platinum", VIPCARE_DECIDED_BY_METRICS);
	assert_string_equal(vipcare_score_next_tier_name(s), "diamond");
	assert_int_equal(vipcare_score_next_tier(s), 3);
	assert_int_equal(vipcare_score_spend_to_next(s), 4000000);
	assert_int_equal(vipcare_score_visits_to_next(s), 42);
}

static void test_unknown_customer_and_bad_date(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(vipcare_engine_score(f->engine, "NOBODY", day_of("2025-01-01"), f->score),
			 VIPCARE_E_UNKNOWN_CUSTOMER);
	assert_non_null(strstr(vipcare_engine_last_error(f->engine), "\"NOBODY\""));
	sale(f->engine, "S1", "C", "2025-01-01", 100);
	assert_int_equal(vipcare_engine_score(f->engine, "C", VIPCARE_DATE_MAX + 1, f->score),
			 VIPCARE_E_DATE);
	assert_int_equal(vipcare_engine_score(f->engine, "C", VIPCARE_DATE_MAX, f->score), VIPCARE_OK);
	assert_int_equal(vipcare_engine_score(f->engine, "C", VIPCARE_DATE_MIN, f->score), VIPCARE_OK);
	assert_string_equal(vipcare_decided_by_name(VIPCARE_DECIDED_BY_RETENTION), "retention");
	assert_null(vipcare_decided_by_name(4));
}

static void test_cursor_walks_members_in_id_order(void **state)
{
	struct fixture *f = *state;
	struct vipcare_score_cursor *cur = NULL;
	const struct vipcare_score *s = NULL;
	struct vipcare_customer *c = NULL;
	static const char *const expected[] = { "A", "B", "a", "a10", "a9", "b" };
	size_t i;

	sale(f->engine, "1", "b", "2025-01-01", GOLD);
	sale(f->engine, "2", "a9", "2025-01-02", 100);
	sale(f->engine, "3", "a10", "2025-01-03", PLATINUM);
	sale(f->engine, "4", "B", "2025-01-04", 100);
	sale(f->engine, "5", "A", "2025-01-05", 100);
	sale(f->engine, "6", "a", "2025-01-06", 100);
	sale(f->engine, "7", "LATER", "2025-03-01", 100);
	assert_int_equal(vipcare_customer_new(&c), VIPCARE_OK);
	assert_int_equal(vipcare_customer_set_id(c, "NOSALE"), VIPCARE_OK);
	assert_int_equal(vipcare_engine_add_customer(f->engine, c), VIPCARE_OK);
	vipcare_customer_unref(c);

	assert_int_equal(vipcare_score_cursor_new(&cur, f->engine, day_of("2025-02-01")), VIPCARE_OK);
	assert_int_equal(vipcare_score_cursor_count(cur), 6);
	for (i = 0; i < 6; i++) {
		assert_int_equal(vipcare_score_cursor_next(cur, &s), 1);
		assert_string_equal(vipcare_score_customer(s), expected[i]);
		/* the same as scoring the customer alone */
		assert_int_equal(vipcare_engine_score(f->engine, expected[i], day_of("2025-02-01"), f->score),
				 VIPCARE_OK);
		assert_int_equal(vipcare_score_tier(s), vipcare_score_tier(f->score));
		assert_int_equal(vipcare_score_net_spend(s), vipcare_score_net_spend(f->score));
		assert_int_equal(vipcare_score_tier_expires(s), vipcare_score_tier_expires(f->score));
	}
	assert_int_equal(vipcare_score_cursor_next(cur, &s), 0);
	assert_null(s);
	vipcare_score_cursor_unref(cur);

	/* a change to the engine makes an open cursor stale */
	assert_int_equal(vipcare_score_cursor_new(&cur, f->engine, day_of("2025-02-01")), VIPCARE_OK);
	assert_int_equal(vipcare_score_cursor_next(cur, &s), 1);
	assert_string_equal(vipcare_score_tier_name(s), "member");
	sale(f->engine, "8", "A", "2025-01-07", 100);
	assert_int_equal(vipcare_score_cursor_next(cur, &s), VIPCARE_E_STALE);
	vipcare_score_cursor_unref(cur);
}

/* ------------------------------------------------------------------ */
/* A brute-force model of §4, checked against the library on random data */
/* ------------------------------------------------------------------ */

struct model_txn {
	int32_t date;
	int64_t amount; /* signed */
};

struct model {
	const struct vipcare_policy *policy;
	int32_t window, retain;
	int tiers;
};

static int model_qualified(const struct model *m, const struct model_txn *t, int n, int32_t asof,
			   int32_t d, int64_t *spend_out, int32_t *visits_out)
{
	int64_t spend = 0;
	int32_t visits = 0, last_visit = VIPCARE_DATE_NONE;
	int i, rank;

	/* t is sorted by date */
	for (i = 0; i < n; i++) {
		if (t[i].date > asof || t[i].date > d || t[i].date < d - m->window + 1)
			continue;
		spend += t[i].amount;
		if (t[i].amount > 0 && t[i].date != last_visit) {
			visits++;
			last_visit = t[i].date;
		}
	}
	if (spend_out != NULL)
		*spend_out = spend;
	if (visits_out != NULL)
		*visits_out = visits;
	for (rank = m->tiers - 1; rank > 0; rank--) {
		int64_t min_spend = 0;
		int32_t min_visits = 0;
		int has_spend = vipcare_policy_tier_min_spend(m->policy, rank, &min_spend);
		int has_visits = vipcare_policy_tier_min_visits(m->policy, rank, &min_visits);

		if ((!has_spend || spend >= min_spend) && (!has_visits || visits >= min_visits))
			return rank;
	}
	return 0;
}

static int model_tier(const struct model *m, const struct model_txn *t, int n, int32_t asof,
		      int32_t d, int override_tier, int32_t until)
{
	int32_t q;
	int best = 0;

	if (override_tier >= 0 && (until == VIPCARE_DATE_NONE || d <= until))
		return override_tier;
	for (q = d - m->retain; q <= d; q++) {
		int tier = model_qualified(m, t, n, asof, q, NULL, NULL);

		if (tier > best)
			best = tier;
	}
	return best;
}

/*
 * The tier history up to @until against the model day by day: every day
 * from the effective joined date, Tier(d) of the model must equal the
 * tier of the library's history segment containing d.
 */
static void check_history(struct vipcare_engine *e, const struct model *m, const struct model_txn *t,
			  int n, const char *cid, int32_t until, int override_tier, int32_t o_until)
{
	const struct vipcare__segment *h = NULL;
	int32_t joined = t[0].date, d, q;
	int qualified[1200];
	long count, k = 0;

	count = vipcare__tier_history(e, vipcare__engine_find_customer(e, cid, strlen(cid)), until, &h);
	if (joined > until) {
		assert_int_equal(count, 0);
		return;
	}
	assert_true(count >= 1);
	assert_int_equal(h[0].start, joined);
	/* the qualified tier of every day the retention span can reach */
	for (q = joined - m->retain; q <= until; q++)
		qualified[q - (joined - m->retain)] = model_qualified(m, t, n, until, q, NULL, NULL);
	for (d = joined; d <= until; d++) {
		int expected = 0;

		if (override_tier >= 0 && (o_until == VIPCARE_DATE_NONE || d <= o_until)) {
			expected = override_tier;
		} else {
			for (q = d - m->retain; q <= d; q++) {
				if (qualified[q - (joined - m->retain)] > expected)
					expected = qualified[q - (joined - m->retain)];
			}
		}
		while (k + 1 < count && h[k + 1].start <= d)
			k++;
		assert_int_equal(h[k].tier, expected);
	}
	/* consecutive segments differ: each start is a real change */
	for (k = 1; k < count; k++) {
		assert_true(h[k].tier != h[k - 1].tier);
		assert_true(h[k].start > h[k - 1].start);
	}
	assert_true(h[count - 1].start <= until);
}

/*
 * The customer's compact summary (summary.c) against what it condenses:
 * for @until, the stretches that start by then are exactly the tier
 * history up to @until; the lapse dates are the sale dates of the model
 * with no other sale in the lapse days after them; the first sale is the
 * model's.
 */
static void check_summary(struct vipcare_engine *e, const struct model *m, const struct model_txn *t,
			  int n, const char *cid, int32_t until)
{
	uint32_t cust = vipcare__engine_find_customer(e, cid, strlen(cid));
	const struct vipcare__segment *h = NULL;
	struct vipcare__summary_view v;
	int32_t lapse, first_sale = VIPCARE_DATE_NONE, prev = VIPCARE_DATE_NONE;
	int32_t lapses[40];
	int64_t setting = 0;
	long count, k, stretches = 0;
	int i, nl = 0;

	assert_int_equal(vipcare_policy_get(m->policy, VIPCARE_SETTING_LAPSE_DAYS, &setting), VIPCARE_OK);
	lapse = (int32_t)setting;

	assert_int_equal(vipcare__summaries_prepare(e), VIPCARE_OK);
	assert_int_equal(vipcare__summary(e, cust, &v), VIPCARE_OK);
	/* copy out before the history call reuses the scratch (it does not touch summaries) */
	while (stretches < v.stretches && v.history[2 * stretches] <= until)
		stretches++;
	count = vipcare__tier_history(e, cust, until, &h);
	assert_int_equal(stretches, count);
	for (k = 0; k < count; k++) {
		assert_int_equal(v.history[2 * k], h[k].start);
		assert_int_equal(v.history[2 * k + 1], h[k].tier);
	}
	/* t[] is sorted by date; sales are the positive amounts */
	for (i = 0; i < n; i++) {
		if (t[i].amount <= 0)
			continue;
		if (first_sale == VIPCARE_DATE_NONE)
			first_sale = t[i].date;
		if (prev != VIPCARE_DATE_NONE && t[i].date > prev + lapse)
			lapses[nl++] = prev;
		prev = t[i].date;
	}
	if (prev != VIPCARE_DATE_NONE)
		lapses[nl++] = prev;
	assert_int_equal(v.first_sale, first_sale);
	assert_int_equal(v.lapses, nl);
	for (i = 0; i < nl; i++)
		assert_int_equal(v.lapse_dates[i], lapses[i]);
}

static uint32_t lcg(uint32_t *seed)
{
	*seed = *seed * 1664525u + 1013904223u;
	return *seed >> 8;
}

static int txn_by_date(const void *a, const void *b)
{
	const struct model_txn *x = a, *y = b;

	return (x->date > y->date) - (x->date < y->date);
}

static void check_against_model(struct vipcare_policy *policy, uint32_t seed)
{
	struct vipcare_engine *e = NULL;
	struct vipcare_score *s = NULL;
	struct vipcare_checkout *screen = NULL;
	struct model m;
	int64_t w = 0, r = 0;
	int cust;
	const int32_t base = day_of("2024-01-01");

	assert_int_equal(vipcare_engine_new(&e, policy), VIPCARE_OK);
	assert_int_equal(vipcare_score_new(&s), VIPCARE_OK);
	assert_int_equal(vipcare_checkout_new(&screen), VIPCARE_OK);
	assert_int_equal(vipcare_policy_get(policy, VIPCARE_SETTING_WINDOW_DAYS, &w), VIPCARE_OK);
	assert_int_equal(vipcare_policy_get(policy, VIPCARE_SETTING_RETAIN_DAYS, &r), VIPCARE_OK);
	m.policy = policy;
	m.window = (int32_t)w;
	m.retain = (int32_t)r;
	m.tiers = (int)vipcare_policy_tier_count(policy);

	for (cust = 0; cust < 120; cust++) {
		struct model_txn t[40];
		int64_t sale_left[40];
		char cid[16], tid[32], when[40], date_text[VIPCARE_DATE_BUFSIZE];
		int n = (int)(lcg(&seed) % 40), i, k, override_tier = -1;
		int32_t until = VIPCARE_DATE_NONE;

		snprintf(cid, sizeof(cid), "M%03d", cust);
		for (i = 0; i < n; i++) {
			int is_refund = i > 0 && lcg(&seed) % 5 == 0;
			int32_t date = base + (int32_t)(lcg(&seed) % 500);
			int64_t amount = 1 + (int64_t)(lcg(&seed) % 1500000);

			assert_int_equal(vipcare_date_format(date_text, sizeof(date_text), date), VIPCARE_OK);
			snprintf(when, sizeof(when), "%sT%02u:00", date_text, (unsigned)(lcg(&seed) % 24));
			snprintf(tid, sizeof(tid), "%s-%d", cid, i);
			sale_left[i] = 0;
			if (is_refund) {
				int orig = (int)(lcg(&seed) % (unsigned)i);
				char orig_id[32];

				if (t[orig].amount > 0 && sale_left[orig] > 0) {
					amount = 1 + (int64_t)(lcg(&seed) % (uint64_t)sale_left[orig]);
					sale_left[orig] -= amount;
					snprintf(orig_id, sizeof(orig_id), "%s-%d", cid, orig);
				} else {
					snprintf(orig_id, sizeof(orig_id), "ELSEWHERE-%d", i);
				}
				refund(e, tid, cid, when, amount, orig_id);
				t[i].amount = -amount;
			} else {
				sale(e, tid, cid, when, amount);
				t[i].amount = amount;
				sale_left[i] = amount;
			}
			t[i].date = date;
			if (i == n / 2) {
				/* taken now, so that the later transactions must make it stale */
				struct vipcare__summary_view early;

				assert_int_equal(vipcare__summaries_prepare(e), VIPCARE_OK);
				assert_int_equal(vipcare__summary(e, vipcare__engine_find_customer(e, cid,
											strlen(cid)), &early),
						 VIPCARE_OK);
			}
		}
		if (n > 0 && lcg(&seed) % 6 == 0) {
			override_tier = (int)(lcg(&seed) % (unsigned)m.tiers);
			until = lcg(&seed) % 3 == 0 ? VIPCARE_DATE_NONE : base + (int32_t)(lcg(&seed) % 600);
			assert_int_equal(vipcare_engine_set_override(e, cid,
								     vipcare_policy_tier_name(policy, override_tier),
								     until), VIPCARE_OK);
		}
		qsort(t, (size_t)n, sizeof(t[0]), txn_by_date);
		if (n == 0)
			continue;
		check_history(e, &m, t, n, cid, base + 699, override_tier, until);
		check_summary(e, &m, t, n, cid, base + 699);
		check_summary(e, &m, t, n, cid, base + (int32_t)(lcg(&seed) % 700));
		check_summary(e, &m, t, n, cid, VIPCARE_DATE_MAX);
		check_history(e, &m, t, n, cid, base + (int32_t)(lcg(&seed) % 700), override_tier, until);
		for (k = 0; k < 6; k++) {
			int32_t asof = base + (int32_t)(lcg(&seed) % 700);
			int64_t spend = 0;
			int32_t visits = 0, expires = VIPCARE_DATE_NONE, d;
			int tier = model_tier(&m, t, n, asof, asof, override_tier, until);
			int qualified = model_qualified(&m, t, n, asof, asof, &spend, &visits);

			assert_int_equal(vipcare_engine_score(e, cid, asof, s), VIPCARE_OK);
			assert_int_equal(vipcare_score_tier(s), tier);
			/* the checkout's own, shorter path to the tier agrees */
			assert_int_equal(vipcare_engine_checkout(e, cid, (int64_t)asof * 86400 + 43200, screen),
					 VIPCARE_OK);
			assert_int_equal(vipcare_checkout_tier(screen), tier);
			assert_int_equal(vipcare_score_net_spend(s), spend);
			assert_int_equal(vipcare_score_visits(s), visits);
			if (override_tier >= 0 && (until == VIPCARE_DATE_NONE || asof <= until))
				assert_int_equal(vipcare_score_decided_by(s), VIPCARE_DECIDED_BY_OVERRIDE);
			else if (tier == 0)
				assert_int_equal(vipcare_score_decided_by(s), VIPCARE_DECIDED_BY_BASE);
			else if (qualified == tier)
				assert_int_equal(vipcare_score_decided_by(s), VIPCARE_DECIDED_BY_METRICS);
			else
				assert_int_equal(vipcare_score_decided_by(s), VIPCARE_DECIDED_BY_RETENTION);
			if (tier > 0 && !(override_tier >= 0 && until == VIPCARE_DATE_NONE)) {
				int32_t horizon = asof + m.window + m.retain + 2;

				if (until != VIPCARE_DATE_NONE && until + m.window + m.retain + 2 > horizon)
					horizon = until + m.window + m.retain + 2;
				for (d = asof + 1; d <= horizon; d++) {
					if (model_tier(&m, t, n, asof, d, override_tier, until) < tier) {
						expires = d - 1;
						break;
					}
				}
			}
			assert_int_equal(vipcare_score_tier_expires(s), expires);
		}
	}
	vipcare_checkout_unref(screen);
	vipcare_score_unref(s);
	vipcare_engine_unref(e);
}

static void test_matches_brute_force_model(void **state)
{
	struct vipcare_policy *p = NULL;

	(void)state;
	assert_int_equal(vipcare_policy_new(&p), VIPCARE_OK);
	check_against_model(p, 12345u);
	/* a short window, retention and a reachable visits threshold */
	assert_int_equal(vipcare_policy_set(p, VIPCARE_SETTING_WINDOW_DAYS, 90), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set(p, VIPCARE_SETTING_RETAIN_DAYS, 45), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set(p, VIPCARE_SETTING_LAPSE_DAYS, 30), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_tier_min_spend(p, 1, 1, 500000), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_tier_min_spend(p, 2, 1, 1500000), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_tier_min_spend(p, 3, 1, 3000000), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_tier_min_visits(p, 3, 1, 5), VIPCARE_OK);
	assert_int_equal(vipcare_policy_validate(p), VIPCARE_OK);
	check_against_model(p, 777u);
	vipcare_policy_unref(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_threshold_exact_and_one_fen_below, setup, teardown),
		cmocka_unit_test_setup_teardown(test_window_edges, setup, teardown),
		cmocka_unit_test_setup_teardown(test_everything_after_the_date_is_invisible, setup, teardown),
		cmocka_unit_test_setup_teardown(test_visits_threshold, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_day_from_its_first_to_its_last_second, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_refunds_lower_spend_not_visits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refund_can_make_spend_negative, setup, teardown),
		cmocka_unit_test_setup_teardown(test_retention_keeps_the_tier, setup_retain30, teardown),
		cmocka_unit_test_setup_teardown(test_retention_keeps_the_higher_tier_after_a_fall,
						setup_retain30, teardown),
		cmocka_unit_test_setup_teardown(test_override_precedence_and_end, setup, teardown),
		cmocka_unit_test_setup_teardown(test_override_ending_into_equal_metrics, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tier_expires_ignores_a_rise, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tier_expires_overlapping_sales, setup, teardown),
		cmocka_unit_test_setup_teardown(test_next_tier_gaps, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_customer_and_bad_date, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cursor_walks_members_in_id_order, setup, teardown),
		cmocka_unit_test(test_matches_brute_force_model),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
