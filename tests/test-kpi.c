/*
 * The KPIs of a period (DESIGN §7) on a hand-made mall of 20 customers,
 * every number computed by hand below and asserted exactly through the
 * getters, the JSON text of DESIGN §10 and the default targets; then the
 * edge cases one by one, and the recording of survey responses and
 * service requests with its errors.
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

#define CH(name) (1u << VIPCARE_CHANNEL_##name)

enum { MEMBER, GOLD, PLATINUM, DIAMOND, NONE = -1 };

static struct vipcare_engine *new_engine(void)
{
	struct vipcare_engine *e = NULL;

	assert_int_equal(vipcare_engine_new(&e, NULL), VIPCARE_OK);
	return e;
}

/* A customer record; @joined NULL for none, month 0 for no birthday, @advisor and @override may be NULL. */
static void customer(struct vipcare_engine *e, const char *id, const char *joined, int month, int day,
		     unsigned consent, int opt_out, const char *advisor, const char *override)
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
	if (advisor != NULL)
		assert_int_equal(vipcare_customer_set_advisor(c, advisor), VIPCARE_OK);
	if (override != NULL)
		assert_int_equal(vipcare_customer_set_override(c, override, VIPCARE_DATE_NONE), VIPCARE_OK);
	assert_int_equal(vipcare_engine_add_customer(e, c), VIPCARE_OK);
	vipcare_customer_unref(c);
}

static void survey(struct vipcare_engine *e, const char *id, const char *when, int kind, int score)
{
	assert_int_equal(vipcare_engine_add_survey(e, id, ts_of(when), kind, score), VIPCARE_OK);
}

/* A service request; @answered NULL while unanswered. */
static void request(struct vipcare_engine *e, const char *id, const char *customer_id, int kind,
		    const char *opened, const char *answered)
{
	assert_int_equal(vipcare_engine_add_service_request(
				 e, id, customer_id, kind, ts_of(opened),
				 answered != NULL ? ts_of(answered) : VIPCARE_TIMESTAMP_NONE,
				 VIPCARE_TIMESTAMP_NONE),
			 VIPCARE_OK);
}

static void care(struct vipcare_engine *e, const char *id, int kind, const char *occasion,
		 const char *date, int outcome)
{
	assert_int_equal(vipcare_engine_record_care(e, id, kind, occasion, day_of(date), outcome),
			 VIPCARE_OK);
}

static struct vipcare_kpi_state *kpis(struct vipcare_engine *e, const char *from, const char *to)
{
	struct vipcare_kpi_state *s = NULL;

	assert_int_equal(vipcare_kpi_state_new(&s, e, day_of(from), day_of(to)), VIPCARE_OK);
	assert_non_null(s);
	return s;
}

/* Asserts a KPI's numerator and denominator, naming the KPI and the caller's line when they differ. */
#define expect(s, kpi, num, den) expect_at(s, kpi, num, den, __FILE__, __LINE__)

static void expect_at(const struct vipcare_kpi_state *s, int kpi, int64_t num, int64_t den,
		      const char *file, int line)
{
	int64_t n = -12345, d = -12345;

	assert_int_equal(vipcare_kpi_get(s, kpi, &n, &d), VIPCARE_OK);
	if (n != num || d != den) {
		print_error("%s: %lld / %lld, expected %lld / %lld\n", vipcare_kpi_name(kpi),
			    (long long)n, (long long)d, (long long)num, (long long)den);
		_fail(file, line);
	}
}

static void expect_tier(const struct vipcare_kpi_state *s, int tier, int64_t customers,
			int64_t sales_net, int64_t sales_count)
{
	int64_t v = -1;

	assert_int_equal(vipcare_kpi_tier_get(s, (size_t)tier, VIPCARE_KPI_TIER_CUSTOMERS, &v), VIPCARE_OK);
	assert_int_equal(v, customers);
	assert_int_equal(vipcare_kpi_tier_get(s, (size_t)tier, VIPCARE_KPI_TIER_SALES_NET, &v), VIPCARE_OK);
	assert_int_equal(v, sales_net);
	assert_int_equal(vipcare_kpi_tier_get(s, (size_t)tier, VIPCARE_KPI_TIER_SALES_COUNT, &v), VIPCARE_OK);
	assert_int_equal(v, sales_count);
}

/* The migration matrix, rows none, member, gold, platinum, diamond. */
static void expect_migration(const struct vipcare_kpi_state *s, const int64_t expected[5][4])
{
	int64_t v;
	int from;
	size_t to;

	for (from = NONE; from <= DIAMOND; from++) {
		for (to = 0; to < 4; to++) {
			v = -1;
			assert_int_equal(vipcare_kpi_migration(s, from, to, &v), VIPCARE_OK);
			if (v != expected[from + 1][to]) {
				print_error("migration %d -> %zu: %lld, expected %lld\n", from, to,
					    (long long)v, (long long)expected[from + 1][to]);
				fail();
			}
		}
	}
}

static char *json_of(const struct vipcare_kpi_state *s)
{
	char *text = NULL;

	assert_int_equal(vipcare_kpi_state_to_json(s, &text), VIPCARE_OK);
	assert_non_null(text);
	return text;
}

/* Asserts that @text holds @part. */
static void expect_in(const char *text, const char *part)
{
	if (strstr(text, part) == NULL) {
		print_error("not found: %s\nin:\n%s", part, text);
		fail();
	}
}

/*
 * ---------------------------------------------------------------------
 * The hand-made mall: the default policy (member; gold 10,000.00;
 * platinum 50,000.00; diamond 100,000.00 and 52 visits; window 365 days;
 * vip_min_tier gold, lapse_days 90, sla_minutes 120, conversion_days 30)
 * and the period [2025-05-01, 2025-05-31].
 *
 *   from - 1                    2025-04-30 (the "before" tier of the migration and VIP churn)
 *   churn base window           [2025-01-31, 2025-04-30] = [from - 90, from - 1]
 *   churned when                no sale in May and last sale + 90 <= 2025-05-31,
 *                               i.e. last sale <= 2025-03-02
 *   lapse items due in May      sale dates L in [2025-01-31, 2025-03-02] alone in (L, L + 90]
 *
 * Each customer, with what it adds up to (tier on 04-30 -> tier on 05-31):
 *
 * C01  joined 2024-01-10; 12,000.00 on 2024-09-01 (gold from then on), 500.00
 *      on 2025-01-30 (one day before the base window: not in the base),
 *      800.00 on 05-05 and 1,200.00 on 05-20. gold -> gold. Active, 2 visits,
 *      net 2,000.00, 2 sales. Its lapse for 2025-01-30 is due 04-30: before
 *      the period, and the KPIs have no overdue extension: not due.
 * C02  no customer record; 10,500.00 on 2025-01-31 (first day of the base
 *      window; gold), 3,000.00 on 2025-06-05 (after `to`). gold -> gold.
 *      Base, churned (01-31 <= 03-02), VIP base, VIP churned. Lapse
 *      "2025-01-31" due 05-01 (gold that day): reached 05-12, done late; the
 *      contact's window (05-12, 06-11] holds the 06-05 sale: converted, 3,000.00.
 * C03  joined 2025-03-01; 11,000.00 on 03-20 (gold). gold -> gold. Base, not
 *      churned (03-20 > 03-02: its lapse is not over by 05-31), VIP base.
 * C04  joined 2024-11-01; 300.00 on 2025-03-02. member -> member. Base,
 *      churned (03-02 + 90 = 05-31, the last day counts). Its lapse due 05-31
 *      is not for members.
 * C05  joined 2024-06-01; 500.00 on 03-05, 700.00 on 05-15. member -> member.
 *      Base, not churned (a sale in May). Active, 1 visit, net 700.00. A
 *      reached care contact on 04-28 (before the period) is no conversion,
 *      although the 05-15 sale is within 30 days of it.
 * C06  record without joined date; 2,000.00 and 500.00 both on 05-03: one
 *      visit. none -> member. New, active, no repurchase, net 2,500.00, 2 sales.
 *      welcome 05-03 (reached 05-03: on time; no sale after 05-03 within 30
 *      days, the same day's sales are not "after": not converted),
 *      followup_3d 05-06 (no_answer 05-07: done, late).
 * C07  joined 2025-04-20; 9,000.00 on 05-10, 1,500.00 on 05-25 (gold from
 *      05-25), 200.00 on 06-01 (after `to`). member -> gold. New, active,
 *      2 visits, net 10,500.00, 2 sales. welcome 05-10 (reached 05-10: on
 *      time; window (05-10, 06-09]: 1,500.00 + 200.00 = 1,700.00),
 *      followup_3d 05-13 (no record), tier_change "2025-05-25:gold" 05-25
 *      (reached 05-26: late; window (05-26, 06-25]: 200.00, counted again:
 *      sales are counted per contact).
 * C08  joined 2024-01-01; 60,000.00 on 2024-08-15 (platinum from then on,
 *      through 2025-08-14), 5,000.00 on 05-20, refund of 1,000.00 of it on
 *      05-22. platinum -> platinum. Active, 1 visit, net 4,000.00, 1 sale.
 *      advisor_contact quarterly from the anchor 2024-08-15: 2024-11-15,
 *      2025-02-15, 2025-05-15 ("2025-Q2"): no_answer 05-16, done, late.
 * C09  joined 2024-06-01 with an override to diamond (no end); 5,000.00 on
 *      04-10, 20,000.00 on 05-08, 30,000.00 on 05-09. diamond -> diamond.
 *      Base (04-10), not churned, VIP base. Active, 2 visits, net 50,000.00.
 *      advisor_contact monthly from 2024-06-01: due 2025-05-01 ("2025-05"):
 *      declined 05-01, done on time.
 * C10  no record; 15,000.00 on 2024-05-20: gold through 2025-05-19, member
 *      from 05-20; 100.00 on 2025-02-25. gold -> member. Base, churned
 *      (02-25 <= 03-02), VIP base and VIP churned: gold on 04-30, whatever
 *      its tier on 05-31. tier_change "2025-05-20:member" due 05-20, no
 *      record; its lapse "2025-02-25" due 05-26 is not for members.
 * C11  no record; 400.00 on 05-12 refunded whole on 05-14. none -> member.
 *      New, active (the sale happened), 1 visit, net 0.00, 1 sale.
 *      welcome 05-12 (reached 06-02: done, late; dated after the period: no
 *      conversion), followup_3d 05-15 (no record).
 * C12  no record; 2,000.00 on 04-25, refund of 500.00 of it on 05-02.
 *      member -> member. Net -500.00 in the period, no sale, not active.
 *      Base, not churned (04-25 > 03-02).
 * C13  joined 2024-10-01, opted out of marketing, birthday 05-20; 10,000.00
 *      on 2024-12-01 (exactly the gold threshold), 100.00 on 2025-02-20.
 *      gold -> gold. Base, churned, VIP base, VIP churned. Its birthday
 *      item (due 05-13) and lapse "2025-02-20" (due 05-21) are marketing:
 *      suppressed, not due.
 * C14  joined 2023-05-01, birthday 05-25; 300.00 on 2024-12-24, 200.00 on
 *      05-16, 600.00 on 05-30, 400.00 on 06-14, 900.00 on 06-16.
 *      member -> member. Active, 2 visits, net 800.00, 2 sales. birthday
 *      "2025" due 05-18: reached 05-16, on time; window (05-16, 06-15]:
 *      600.00 + 400.00 = 1,000.00.
 * C15  joined 2025-05-15, birthday 05-19, no sale. none -> member. Its
 *      birthday item would be due 05-12, before it joined: none.
 * C16  joined 2025-06-10: not a member by `to`; its survey and request left out.
 * C17  record without joined date, no transaction: not a member; its
 *      survey, request and reached care record are left out.
 * C18  first seen in a sale on 2025-06-03: not a member by `to`.
 * C19  joined 2024-02-02; first sale ever 150.00 on 05-28. member -> member.
 *      New (first sale ever in May, although joined before), active,
 *      1 visit. welcome 05-28 and followup_3d 05-31, no record.
 * C20  record without joined date; 55,000.00 on 05-05 (platinum at once),
 *      5,000.00 on 05-30, 1,000.00 on 06-04 (after `to`). none -> platinum.
 *      New, active, 2 visits, net 60,000.00. welcome 05-05 (declined 05-06:
 *      done, late), followup_3d 05-08 (no record), tier_change
 *      "2025-05-05:platinum" 05-05 (reached 05-05: on time; window
 *      (05-05, 06-04], its 30th day included: 5,000.00 + 1,000.00). Its
 *      first advisor contact is due 08-05.
 *
 * Totals:
 *   members      17: all but C16, C17, C18
 *   new_members   5: C06 C07 C11 C19 C20
 *   active       10: C01 C05 C06 C07 C08 C09 C11 C14 C19 C20
 *   sales_count  16: 2+1+2+2+1+2+1+2+1+2
 *   sales_net    2,000 + 700 + 2,500 + 10,500 + 4,000 + 50,000 + 0 - 500
 *                + 800 + 150 + 60,000 = 130,150.00
 *   avg_ticket   13,015,000 / 16 = 813,437.5 minor units -> 8,134.38 (half away from zero)
 *   repurchase   5 / 10 (C01 C07 C09 C14 C20; C06's two sales are one visit)
 *   churn        4 / 8 (base C02 C03 C04 C05 C09 C10 C12 C13; churned C02 C04 C10 C13)
 *   vip_churn    3 / 5 (VIP base C02 C03 C09 C10 C13; churned C02 C10 C13)
 *   vip share    gold and up on 05-31: C01 2,000 + C02 0 + C03 0 + C07 10,500
 *                + C13 0 + C08 4,000 + C20 60,000 + C09 50,000 = 126,500.00
 *                / 130,150.00 = 0.97195543... -> 0.971955
 *   per tier     member   9 customers, net 700 + 2,500 + 0 - 500 + 800 + 150
 *                           = 3,650.00, 7 sales, avg 365,000 / 7 = 52,142.86 -> 521.43
 *                gold     5, 2,000 + 10,500 = 12,500.00, 4 sales, avg 3,125.00
 *                platinum 2, 4,000 + 60,000 = 64,000.00, 3 sales, avg 21,333.33
 *                diamond  1, 50,000.00, 2 sales, avg 25,000.00
 *   migration    none -> member 3 (C06 C11 C15), none -> platinum 1 (C20),
 *                member -> member 5 (C04 C05 C12 C14 C19), member -> gold 1 (C07),
 *                gold -> member 1 (C10), gold -> gold 4 (C01 C02 C03 C13),
 *                platinum -> platinum 1 (C08), diamond -> diamond 1 (C09)
 *
 * Surveys (members only, dated in May):
 *   nps   C01 10, C02 9, C08 10, C09 9 (05-31 23:59:59): 4 promoters;
 *         C03 8, C05 7: 2 passives; C06 6, C07 0, C14 3 (05-01 00:00): 3
 *         detractors. (4 - 3) / 9 x 100 = 11.111111. Left out: C01's of
 *         04-30 23:59:59 and 06-01 00:00, C16's and C17's.
 *   csat  C01 5, C05 4, C06 3, C09 1, C14 4, C20 2, C15 5 and 4 (one before
 *         C15 joined: it is a member by `to`): 5 of 8 score 4..5 -> 62.500000.
 *
 * Service requests opened in May by members (minutes = floor(seconds / 60)):
 *   S01 C19 complaint 30 (30:59)   S02 C19 inquiry 120     S03 C01 inquiry 120 (120:59)
 *   S04 C05 complaint 121          S05 C09 inquiry 1440    S06 C14 complaint 45 (answered
 *   after `to`)  S07 C02 complaint never answered          S12 C07 inquiry 0
 *   S13 C06 inquiry 5              S14 C08 inquiry 59      S15 C13 complaint 180
 *   S16 C03 inquiry 2
 *   Left out: S08 (opened 04-30), S09 (06-01), S10 (C17), S11 (C16).
 *   opened 12, answered 11, complaints 5 (S01 S04 S06 S07 S15).
 *   Sorted minutes 0 2 5 30 45 59 120 120 121 180 1440: p50 = rank
 *   ceil(5.5) = 6 -> 59; p90 = rank ceil(9.9) = 10 -> 180. Within 120
 *   minutes: 8 / 12. Complaints per 1,000 active: 5 / 10 x 1000 = 500.
 *
 * Care (items due in May, suppressed ones left out):
 *   C02 1 (done late), C06 2 (done, one on time), C07 3 (2 done, 1 on time),
 *   C08 1 (done late), C09 1 (on time), C10 1 (not done), C11 2 (1 done
 *   late), C14 1 (on time), C19 2 (not done), C20 3 (2 done, 1 on time):
 *   due 17, done 11, on time 5.
 *   Reached contacts dated in May: C02, C06, C07 x 2, C14, C20 = 6; followed
 *   by a sale: all but C06's = 5. Sales in their windows: 3,000 + 1,700 +
 *   200 + 1,000 + 6,000 = 11,900.00.
 *
 * Points (DESIGN §5b: 1 point per 1.00 at the multiplier of the tier on the
 * sale date, that sale included: member and gold 1, platinum 1.5, diamond
 * 2; a refund with a known original takes back at the original's
 * multiplier):
 *   issued in May   C01 800 + 1,200; C05 700; C06 2,500; C07 9,000 (member)
 *                   + 1,500 (gold with it); C08 7,500 - 1,500; C09 40,000 +
 *                   60,000; C11 400 - 400; C12 -500; C14 200 + 600; C19 150;
 *                   C20 82,500 + 7,500 = 212,150
 *   balances on 04-30  C01 12,500, C02 10,500, C03 11,000, C04 300, C05 500,
 *                   C08 90,000, C09 10,000, C10 15,100, C12 2,000, C13 10,100,
 *                   C14 300 = 162,300; nothing redeemed, nothing expires in May
 *                   (the lots of 2024 last through 2025-12-31)
 *   outstanding on 05-31  162,300 + 212,150 = 374,450
 * ---------------------------------------------------------------------
 */
/*
 * The mall is built whole (slice 0) or as one of two slices of its
 * customers: C01..C10 (slice 1) and C11..C20 (slice 2), each customer
 * with all of its data.
 */
static int in_slice(int slice, const char *id)
{
	return slice == 0 || (slice == 1) == (strcmp(id, "C10") <= 0);
}

#define join(e, id, ...) do { if (in_slice(slice, id)) customer(e, id, __VA_ARGS__); } while (0)
#define buy(e, txn, id, ...) do { if (in_slice(slice, id)) sale(e, txn, id, __VA_ARGS__); } while (0)
#define take_back(e, txn, id, ...) do { if (in_slice(slice, id)) refund(e, txn, id, __VA_ARGS__); } while (0)
#define answer(e, id, ...) do { if (in_slice(slice, id)) survey(e, id, __VA_ARGS__); } while (0)
#define ask(e, req, id, ...) do { if (in_slice(slice, id)) request(e, req, id, __VA_ARGS__); } while (0)
#define contact(e, id, ...) do { if (in_slice(slice, id)) care(e, id, __VA_ARGS__); } while (0)

static struct vipcare_engine *hand_made_mall(int slice)
{
	struct vipcare_engine *e = new_engine();

	join(e, "C01", "2024-01-10", 3, 15, CH(WECHAT) | CH(SMS), 0, "A1", NULL);
	buy(e, "T0101", "C01", "2024-09-01T12:00", 1200000);
	buy(e, "T0100", "C01", "2025-01-30T10:00", 50000);
	buy(e, "T0102", "C01", "2025-05-05T10:00", 80000);
	buy(e, "T0103", "C01", "2025-05-20T18:00", 120000);

	buy(e, "T0201", "C02", "2025-01-31T11:00", 1050000);
	buy(e, "T0202", "C02", "2025-06-05T15:00", 300000);
	contact(e, "C02", VIPCARE_CARE_LAPSE, "2025-01-31", "2025-05-12", VIPCARE_OUTCOME_REACHED);

	join(e, "C03", "2025-03-01", 0, 0, CH(PHONE), 0, NULL, NULL);
	buy(e, "T0301", "C03", "2025-03-20T10:00", 1100000);

	join(e, "C04", "2024-11-01", 12, 1, CH(SMS), 0, NULL, NULL);
	buy(e, "T0401", "C04", "2025-03-02T10:00", 30000);

	join(e, "C05", "2024-06-01", 1, 20, CH(SMS) | CH(WECHAT), 0, NULL, NULL);
	buy(e, "T0501", "C05", "2025-03-05T10:00", 50000);
	buy(e, "T0502", "C05", "2025-05-15T10:00", 70000);
	contact(e, "C05", VIPCARE_CARE_BIRTHDAY, "2025", "2025-04-28", VIPCARE_OUTCOME_REACHED);

	join(e, "C06", NULL, 0, 0, CH(SMS), 0, NULL, NULL);
	buy(e, "T0601", "C06", "2025-05-03T10:00", 200000);
	buy(e, "T0602", "C06", "2025-05-03T16:00", 50000);
	contact(e, "C06", VIPCARE_CARE_WELCOME, "once", "2025-05-03", VIPCARE_OUTCOME_REACHED);
	contact(e, "C06", VIPCARE_CARE_FOLLOWUP_3D, "once", "2025-05-07", VIPCARE_OUTCOME_NO_ANSWER);

	join(e, "C07", "2025-04-20", 11, 11, CH(WECHAT), 0, NULL, NULL);
	buy(e, "T0701", "C07", "2025-05-10T12:00", 900000);
	buy(e, "T0702", "C07", "2025-05-25T12:00", 150000);
	buy(e, "T0703", "C07", "2025-06-01T12:00", 20000);
	contact(e, "C07", VIPCARE_CARE_WELCOME, "once", "2025-05-10", VIPCARE_OUTCOME_REACHED);
	contact(e, "C07", VIPCARE_CARE_TIER_CHANGE, "2025-05-25:gold", "2025-05-26",
	     VIPCARE_OUTCOME_REACHED);

	join(e, "C08", "2024-01-01", 8, 8, CH(PHONE) | CH(WECHAT), 0, "A2", NULL);
	buy(e, "T0801", "C08", "2024-08-15T10:00", 6000000);
	buy(e, "T0802", "C08", "2025-05-20T10:00", 500000);
	take_back(e, "T0803", "C08", "2025-05-22T10:00", 100000, "T0802");
	contact(e, "C08", VIPCARE_CARE_ADVISOR_CONTACT, "2025-Q1", "2025-02-16", VIPCARE_OUTCOME_NO_ANSWER);
	contact(e, "C08", VIPCARE_CARE_ADVISOR_CONTACT, "2025-Q2", "2025-05-16", VIPCARE_OUTCOME_NO_ANSWER);

	join(e, "C09", "2024-06-01", 0, 0, CH(PHONE), 0, "A3", "diamond");
	buy(e, "T0901", "C09", "2025-04-10T10:00", 500000);
	buy(e, "T0902", "C09", "2025-05-08T10:00", 2000000);
	buy(e, "T0903", "C09", "2025-05-09T10:00", 3000000);
	contact(e, "C09", VIPCARE_CARE_ADVISOR_CONTACT, "2025-05", "2025-05-01", VIPCARE_OUTCOME_DECLINED);

	buy(e, "T1001", "C10", "2024-05-20T10:00", 1500000);
	buy(e, "T1002", "C10", "2025-02-25T10:00", 10000);

	buy(e, "T1101", "C11", "2025-05-12T10:00", 40000);
	take_back(e, "T1102", "C11", "2025-05-14T10:00", 40000, "T1101");
	contact(e, "C11", VIPCARE_CARE_WELCOME, "once", "2025-06-02", VIPCARE_OUTCOME_REACHED);

	buy(e, "T1201", "C12", "2025-04-25T10:00", 200000);
	take_back(e, "T1202", "C12", "2025-05-02T10:00", 50000, "T1201");

	join(e, "C13", "2024-10-01", 5, 20, CH(WECHAT) | CH(SMS), 1, "A1", NULL);
	buy(e, "T1301", "C13", "2024-12-01T10:00", 1000000);
	buy(e, "T1302", "C13", "2025-02-20T10:00", 10000);

	join(e, "C14", "2023-05-01", 5, 25, CH(WECHAT), 0, NULL, NULL);
	buy(e, "T1401", "C14", "2024-12-24T10:00", 30000);
	buy(e, "T1402", "C14", "2025-05-16T10:00", 20000);
	buy(e, "T1403", "C14", "2025-05-30T10:00", 60000);
	buy(e, "T1404", "C14", "2025-06-14T10:00", 40000);
	buy(e, "T1405", "C14", "2025-06-16T10:00", 90000);
	contact(e, "C14", VIPCARE_CARE_BIRTHDAY, "2025", "2025-05-16", VIPCARE_OUTCOME_REACHED);

	join(e, "C15", "2025-05-15", 5, 19, CH(APP), 0, NULL, NULL);
	join(e, "C16", "2025-06-10", 0, 0, CH(SMS), 0, NULL, NULL);
	join(e, "C17", NULL, 5, 17, CH(SMS), 0, NULL, NULL);
	contact(e, "C17", VIPCARE_CARE_BIRTHDAY, "2025", "2025-05-10", VIPCARE_OUTCOME_REACHED);
	buy(e, "T1801", "C18", "2025-06-03T10:00", 100000);

	join(e, "C19", "2024-02-02", 9, 9, CH(SMS), 0, NULL, NULL);
	buy(e, "T1901", "C19", "2025-05-28T10:00", 15000);

	join(e, "C20", NULL, 0, 0, CH(WECHAT) | CH(APP), 0, "A2", NULL);
	buy(e, "T2001", "C20", "2025-05-05T10:00", 5500000);
	buy(e, "T2002", "C20", "2025-05-30T10:00", 500000);
	buy(e, "T2003", "C20", "2025-06-04T20:00", 100000);
	contact(e, "C20", VIPCARE_CARE_WELCOME, "once", "2025-05-06", VIPCARE_OUTCOME_DECLINED);
	contact(e, "C20", VIPCARE_CARE_TIER_CHANGE, "2025-05-05:platinum", "2025-05-05",
	     VIPCARE_OUTCOME_REACHED);

	/* NPS */
	answer(e, "C01", "2025-05-06T12:00", VIPCARE_SURVEY_NPS, 10);
	answer(e, "C01", "2025-04-30T23:59:59", VIPCARE_SURVEY_NPS, 10);
	answer(e, "C01", "2025-06-01T00:00:00", VIPCARE_SURVEY_NPS, 0);
	answer(e, "C02", "2025-05-02T12:00", VIPCARE_SURVEY_NPS, 9);
	answer(e, "C03", "2025-05-07T12:00", VIPCARE_SURVEY_NPS, 8);
	answer(e, "C05", "2025-05-15T12:00", VIPCARE_SURVEY_NPS, 7);
	answer(e, "C06", "2025-05-04T12:00", VIPCARE_SURVEY_NPS, 6);
	answer(e, "C07", "2025-05-26T12:00", VIPCARE_SURVEY_NPS, 0);
	answer(e, "C08", "2025-05-20T12:00", VIPCARE_SURVEY_NPS, 10);
	answer(e, "C09", "2025-05-31T23:59:59", VIPCARE_SURVEY_NPS, 9);
	answer(e, "C14", "2025-05-01T00:00:00", VIPCARE_SURVEY_NPS, 3);
	answer(e, "C16", "2025-05-10T12:00", VIPCARE_SURVEY_NPS, 10);
	answer(e, "C17", "2025-05-10T12:00", VIPCARE_SURVEY_NPS, 10);
	/* CSAT */
	answer(e, "C01", "2025-05-06T12:05", VIPCARE_SURVEY_CSAT, 5);
	answer(e, "C05", "2025-05-15T12:05", VIPCARE_SURVEY_CSAT, 4);
	answer(e, "C06", "2025-05-04T12:05", VIPCARE_SURVEY_CSAT, 3);
	answer(e, "C09", "2025-05-09T12:05", VIPCARE_SURVEY_CSAT, 1);
	answer(e, "C14", "2025-05-16T12:05", VIPCARE_SURVEY_CSAT, 4);
	answer(e, "C20", "2025-05-30T12:05", VIPCARE_SURVEY_CSAT, 2);
	answer(e, "C15", "2025-05-20T12:05", VIPCARE_SURVEY_CSAT, 5);
	answer(e, "C15", "2025-05-10T12:05", VIPCARE_SURVEY_CSAT, 4);
	answer(e, "C16", "2025-05-10T12:05", VIPCARE_SURVEY_CSAT, 5);
	answer(e, "C17", "2025-05-10T12:05", VIPCARE_SURVEY_CSAT, 5);

	/* service requests */
	ask(e, "S01", "C19", VIPCARE_SERVICE_COMPLAINT, "2025-05-02T10:00", "2025-05-02T10:30:59");
	ask(e, "S02", "C19", VIPCARE_SERVICE_INQUIRY, "2025-05-03T09:00", "2025-05-03T11:00:00");
	ask(e, "S03", "C01", VIPCARE_SERVICE_INQUIRY, "2025-05-10T09:00", "2025-05-10T11:00:59");
	ask(e, "S04", "C05", VIPCARE_SERVICE_COMPLAINT, "2025-05-11T09:00", "2025-05-11T11:01:00");
	ask(e, "S05", "C09", VIPCARE_SERVICE_INQUIRY, "2025-05-20T14:00", "2025-05-21T14:00");
	ask(e, "S06", "C14", VIPCARE_SERVICE_COMPLAINT, "2025-05-31T23:30", "2025-06-01T00:15");
	ask(e, "S07", "C02", VIPCARE_SERVICE_COMPLAINT, "2025-05-25T10:00", NULL);
	ask(e, "S08", "C20", VIPCARE_SERVICE_INQUIRY, "2025-04-30T23:59", "2025-05-01T00:10");
	ask(e, "S09", "C03", VIPCARE_SERVICE_INQUIRY, "2025-06-01T00:00", "2025-06-01T00:05");
	ask(e, "S10", "C17", VIPCARE_SERVICE_COMPLAINT, "2025-05-05T10:00", "2025-05-05T10:01");
	ask(e, "S11", "C16", VIPCARE_SERVICE_INQUIRY, "2025-05-06T10:00", "2025-05-06T10:01");
	ask(e, "S12", "C07", VIPCARE_SERVICE_INQUIRY, "2025-05-15T08:00", "2025-05-15T08:00");
	ask(e, "S13", "C06", VIPCARE_SERVICE_INQUIRY, "2025-05-18T10:00", "2025-05-18T10:05:30");
	ask(e, "S14", "C08", VIPCARE_SERVICE_INQUIRY, "2025-05-21T09:00", "2025-05-21T09:59:59");
	ask(e, "S15", "C13", VIPCARE_SERVICE_COMPLAINT, "2025-05-22T12:00", "2025-05-22T15:00");
	ask(e, "S16", "C03", VIPCARE_SERVICE_INQUIRY, "2025-05-27T10:00", "2025-05-27T10:02");

	if (slice == 0) {
		assert_int_equal(vipcare_engine_customer_count(e), 20);
		assert_int_equal(vipcare_engine_survey_count(e), 23);
		assert_int_equal(vipcare_engine_service_count(e), 16);
	}
	return e;
}

static void test_hand_made_mall(void **state)
{
	struct vipcare_engine *e = hand_made_mall(0);
	struct vipcare_kpi_state *s = kpis(e, "2025-05-01", "2025-05-31");
	static const int64_t migration[5][4] = {
		/* to: member gold platinum diamond */
		{ 3, 0, 1, 0 }, /* none */
		{ 5, 1, 0, 0 }, /* member */
		{ 1, 4, 0, 0 }, /* gold */
		{ 0, 0, 1, 0 }, /* platinum */
		{ 0, 0, 0, 1 }, /* diamond */
	};

	(void)state;
	assert_int_equal(vipcare_kpi_state_from(s), day_of("2025-05-01"));
	assert_int_equal(vipcare_kpi_state_to(s), day_of("2025-05-31"));
	assert_int_equal(vipcare_kpi_state_tier_count(s), 4);
	assert_string_equal(vipcare_kpi_state_tier_name(s, 0), "member");
	assert_string_equal(vipcare_kpi_state_tier_name(s, 3), "diamond");
	assert_null(vipcare_kpi_state_tier_name(s, 4));

	expect(s, VIPCARE_KPI_MEMBERS, 17, 1);
	expect(s, VIPCARE_KPI_NEW_MEMBERS, 5, 1);
	expect(s, VIPCARE_KPI_ACTIVE, 10, 1);
	expect(s, VIPCARE_KPI_SALES_NET, 13015000, 1);
	expect(s, VIPCARE_KPI_SALES_COUNT, 16, 1);
	expect(s, VIPCARE_KPI_AVG_TICKET, 13015000, 16);
	expect(s, VIPCARE_KPI_REPURCHASE_RATE, 5, 10);
	expect(s, VIPCARE_KPI_CHURN_RATE, 4, 8);
	expect(s, VIPCARE_KPI_VIP_CHURN_RATE, 3, 5);
	expect(s, VIPCARE_KPI_VIP_SALES_SHARE, 12650000, 13015000);

	expect_tier(s, MEMBER, 9, 365000, 7);
	expect_tier(s, GOLD, 5, 1250000, 4);
	expect_tier(s, PLATINUM, 2, 6400000, 3);
	expect_tier(s, DIAMOND, 1, 5000000, 2);
	expect_migration(s, migration);

	expect(s, VIPCARE_KPI_NPS, 1, 9);
	expect(s, VIPCARE_KPI_NPS_PROMOTERS, 4, 1);
	expect(s, VIPCARE_KPI_NPS_PASSIVES, 2, 1);
	expect(s, VIPCARE_KPI_NPS_DETRACTORS, 3, 1);
	expect(s, VIPCARE_KPI_CSAT, 5, 8);

	expect(s, VIPCARE_KPI_SERVICE_OPENED, 12, 1);
	expect(s, VIPCARE_KPI_SERVICE_ANSWERED, 11, 1);
	expect(s, VIPCARE_KPI_SERVICE_COMPLAINTS, 5, 1);
	expect(s, VIPCARE_KPI_SERVICE_FIRST_RESPONSE_P50, 59, 1);
	expect(s, VIPCARE_KPI_SERVICE_FIRST_RESPONSE_P90, 180, 1);
	expect(s, VIPCARE_KPI_SERVICE_WITHIN_SLA, 8, 12);
	expect(s, VIPCARE_KPI_SERVICE_COMPLAINTS_PER_1000_ACTIVE, 5, 10);

	expect(s, VIPCARE_KPI_CARE_DUE, 17, 1);
	expect(s, VIPCARE_KPI_CARE_DONE, 11, 17);
	expect(s, VIPCARE_KPI_CARE_DONE_ON_TIME, 5, 17);
	expect(s, VIPCARE_KPI_CARE_CONVERSION, 5, 6);
	expect(s, VIPCARE_KPI_CARE_CONVERSION_SALES, 1190000, 1);

	expect(s, VIPCARE_KPI_POINTS_ISSUED, 212150, 1);
	expect(s, VIPCARE_KPI_POINTS_REDEEMED, 0, 1);
	expect(s, VIPCARE_KPI_POINTS_EXPIRED, 0, 1);
	expect(s, VIPCARE_KPI_POINTS_OUTSTANDING, 374450, 1);

	vipcare_kpi_state_unref(s);
	vipcare_engine_unref(e);
}

/*
 * The same state as the JSON of DESIGN §10, checked by hand from the
 * numbers above: ratio values with 6 fraction digits rounded half away
 * from zero (8/12 = 0.6666667 -> 0.666667, 11/17 = 0.6470588 -> 0.647059, 5/17 = 0.2941176 -> 0.294118,
 * 5/6 = 0.8333333 -> 0.833333, 126500/130150 = 0.9719554 -> 0.971955),
 * NPS and CSAT x 100, complaints per 1,000 active x 1000, money as strings,
 * points as integers.
 */
static const char mall_json[] =
	"{\n"
	"  \"from\": \"2025-05-01\",\n"
	"  \"to\": \"2025-05-31\",\n"
	"  \"members\": 17,\n"
	"  \"new_members\": 5,\n"
	"  \"active\": 10,\n"
	"  \"sales_net\": \"130150.00\",\n"
	"  \"sales_count\": 16,\n"
	"  \"avg_ticket\": {\"value\": \"8134.38\", \"num\": \"130150.00\", \"den\": 16, \"per_tier\": {\n"
	"    \"member\": {\"customers\": 9, \"sales_net\": \"3650.00\", \"sales_count\": 7, \"avg_ticket\": \"521.43\"},\n"
	"    \"gold\": {\"customers\": 5, \"sales_net\": \"12500.00\", \"sales_count\": 4, \"avg_ticket\": \"3125.00\"},\n"
	"    \"platinum\": {\"customers\": 2, \"sales_net\": \"64000.00\", \"sales_count\": 3, \"avg_ticket\": \"21333.33\"},\n"
	"    \"diamond\": {\"customers\": 1, \"sales_net\": \"50000.00\", \"sales_count\": 2, \"avg_ticket\": \"25000.00\"}\n"
	"  }},\n"
	"  \"repurchase_rate\": {\"value\": 0.500000, \"num\": 5, \"den\": 10},\n"
	"  \"churn_rate\": {\"value\": 0.500000, \"num\": 4, \"den\": 8},\n"
	"  \"vip_churn_rate\": {\"value\": 0.600000, \"num\": 3, \"den\": 5},\n"
	"  \"vip_sales_share\": {\"value\": 0.971955, \"num\": \"126500.00\", \"den\": \"130150.00\"},\n"
	"  \"tier_distribution\": {\"member\": 9, \"gold\": 5, \"platinum\": 2, \"diamond\": 1},\n"
	"  \"tier_migration\": {\n"
	"    \"none\": {\"member\": 3, \"gold\": 0, \"platinum\": 1, \"diamond\": 0},\n"
	"    \"member\": {\"member\": 5, \"gold\": 1, \"platinum\": 0, \"diamond\": 0},\n"
	"    \"gold\": {\"member\": 1, \"gold\": 4, \"platinum\": 0, \"diamond\": 0},\n"
	"    \"platinum\": {\"member\": 0, \"gold\": 0, \"platinum\": 1, \"diamond\": 0},\n"
	"    \"diamond\": {\"member\": 0, \"gold\": 0, \"platinum\": 0, \"diamond\": 1}\n"
	"  },\n"
	"  \"nps\": {\"value\": 11.111111, \"num\": 1, \"den\": 9, \"promoters\": 4, \"passives\": 2, \"detractors\": 3},\n"
	"  \"csat\": {\"value\": 62.500000, \"num\": 5, \"den\": 8},\n"
	"  \"service\": {\"opened\": 12, \"answered\": 11, \"complaints\": 5, "
	"\"first_response_p50\": 59, \"first_response_p90\": 180, "
	"\"within_sla\": {\"value\": 0.666667, \"num\": 8, \"den\": 12}, "
	"\"complaints_per_1000_active\": {\"value\": 500.000000, \"num\": 5, \"den\": 10}},\n"
	"  \"care\": {\"due\": 17, \"done\": {\"value\": 0.647059, \"num\": 11, \"den\": 17}, "
	"\"done_on_time\": {\"value\": 0.294118, \"num\": 5, \"den\": 17}, "
	"\"conversion\": {\"value\": 0.833333, \"num\": 5, \"den\": 6}, "
	"\"conversion_sales\": \"11900.00\"},\n"
	"  \"points\": {\"issued\": 212150, \"redeemed\": 0, \"expired\": 0, \"outstanding\": 374450}\n"
	"}\n";

static void test_hand_made_mall_json(void **state)
{
	struct vipcare_engine *e = hand_made_mall(0);
	struct vipcare_kpi_state *s = kpis(e, "2025-05-01", "2025-05-31");
	char *json = json_of(s);

	char *csv = NULL;

	(void)state;
	assert_string_equal(json, mall_json);
	vipcare_free(json);

	/* the CSV: kpi,value,num,den, one row per KPI, then per tier and per migration cell */
	assert_int_equal(vipcare_kpi_state_to_csv(s, &csv), VIPCARE_OK);
	assert_memory_equal(csv, "kpi,value,num,den\nmembers,17,17,1\n", 34);
	expect_in(csv, "\navg_ticket,8134.38,130150.00,16\n");
	expect_in(csv, "\nvip_sales_share,0.971955,126500.00,130150.00\n");
	expect_in(csv, "\nnps,11.111111,1,9\n");
	expect_in(csv, "\nservice_first_response_p90,180,180,1\n");
	expect_in(csv, "\ncare_conversion_sales,11900.00,11900.00,1\n");
	expect_in(csv, "\ntier.member.avg_ticket,521.43,3650.00,7\n");
	expect_in(csv, "\nmigration.none.platinum,1,1,1\nmigration.none.diamond,0,0,1\n");
	assert_non_null(strstr(csv, "migration.diamond.diamond,1,1,1\n"));
	assert_string_equal(strstr(csv, "migration.diamond.diamond,1,1,1\n"), "migration.diamond.diamond,1,1,1\n");
	vipcare_free(csv);
	vipcare_kpi_state_unref(s);
	vipcare_engine_unref(e);
}

/*
 * The default targets of DESIGN §8 against the mall's month:
 * repurchase 0.5 < min 0.60: missed; nps 11.1 < min 40: missed;
 * churn 0.5 > max 0.05: missed; csat 62.5 < min 85: missed;
 * vip_sales_share 0.97 >= min 0.45: met; p50 59 <= max 120: met;
 * every other KPI has no target: unjudged.
 */
static void test_hand_made_mall_targets(void **state)
{
	struct vipcare_engine *e = hand_made_mall(0);
	struct vipcare_kpi_state *s = kpis(e, "2025-05-01", "2025-05-31");
	struct vipcare_policy *p = NULL;
	int64_t micros = -1;
	int kpi;

	(void)state;
	assert_int_equal(vipcare_policy_new(&p), VIPCARE_OK);
	assert_int_equal(vipcare_policy_target(p, VIPCARE_KPI_REPURCHASE_RATE, &micros), VIPCARE_TARGET_MIN);
	assert_int_equal(micros, 600000);
	assert_int_equal(vipcare_policy_target(p, VIPCARE_KPI_NPS, &micros), VIPCARE_TARGET_MIN);
	assert_int_equal(micros, 40000000);
	assert_int_equal(vipcare_policy_target(p, VIPCARE_KPI_CHURN_RATE, &micros), VIPCARE_TARGET_MAX);
	assert_int_equal(micros, 50000);
	assert_int_equal(vipcare_policy_target(p, VIPCARE_KPI_CSAT, &micros), VIPCARE_TARGET_MIN);
	assert_int_equal(micros, 85000000);
	assert_int_equal(vipcare_policy_target(p, VIPCARE_KPI_VIP_SALES_SHARE, &micros), VIPCARE_TARGET_MIN);
	assert_int_equal(micros, 450000);
	assert_int_equal(vipcare_policy_target(p, VIPCARE_KPI_SERVICE_FIRST_RESPONSE_P50, &micros),
			 VIPCARE_TARGET_MAX);
	assert_int_equal(micros, 120000000);

	for (kpi = 0; vipcare_kpi_name(kpi) != NULL; kpi++) {
		int expected = VIPCARE_TARGET_UNJUDGED;

		switch (kpi) {
		case VIPCARE_KPI_REPURCHASE_RATE:
		case VIPCARE_KPI_NPS:
		case VIPCARE_KPI_CHURN_RATE:
		case VIPCARE_KPI_CSAT:
			expected = VIPCARE_TARGET_MISSED;
			break;
		case VIPCARE_KPI_VIP_SALES_SHARE:
		case VIPCARE_KPI_SERVICE_FIRST_RESPONSE_P50:
			expected = VIPCARE_TARGET_MET;
			break;
		default:
			break;
		}
		if (vipcare_kpi_target_check(s, p, kpi) != expected) {
			print_error("target of %s: %d, expected %d\n", vipcare_kpi_name(kpi),
				    vipcare_kpi_target_check(s, p, kpi), expected);
			fail();
		}
	}
	assert_true(kpi > VIPCARE_KPI_CARE_CONVERSION_SALES);

	/* exact comparisons, no rounding: a target equal to the value is met either way */
	assert_int_equal(vipcare_policy_set_target(p, VIPCARE_KPI_REPURCHASE_RATE, VIPCARE_TARGET_MIN,
						   500000), VIPCARE_OK);
	assert_int_equal(vipcare_kpi_target_check(s, p, VIPCARE_KPI_REPURCHASE_RATE), VIPCARE_TARGET_MET);
	assert_int_equal(vipcare_policy_set_target(p, VIPCARE_KPI_REPURCHASE_RATE, VIPCARE_TARGET_MIN,
						   500001), VIPCARE_OK);
	assert_int_equal(vipcare_kpi_target_check(s, p, VIPCARE_KPI_REPURCHASE_RATE),
			 VIPCARE_TARGET_MISSED);
	/* care_done 11 / 17 = 0.6470588...: min 0.647059 is missed, min 0.647058 met */
	assert_int_equal(vipcare_policy_set_target(p, VIPCARE_KPI_CARE_DONE, VIPCARE_TARGET_MIN, 647059),
			 VIPCARE_OK);
	assert_int_equal(vipcare_kpi_target_check(s, p, VIPCARE_KPI_CARE_DONE), VIPCARE_TARGET_MISSED);
	assert_int_equal(vipcare_policy_set_target(p, VIPCARE_KPI_CARE_DONE, VIPCARE_TARGET_MIN, 647058),
			 VIPCARE_OK);
	assert_int_equal(vipcare_kpi_target_check(s, p, VIPCARE_KPI_CARE_DONE), VIPCARE_TARGET_MET);
	/* money in units: sales_net 130,150.00 against min 130150.00 and min 130150.01 */
	assert_int_equal(vipcare_policy_set_target(p, VIPCARE_KPI_SALES_NET, VIPCARE_TARGET_MIN,
						   INT64_C(130150000000)), VIPCARE_OK);
	assert_int_equal(vipcare_kpi_target_check(s, p, VIPCARE_KPI_SALES_NET), VIPCARE_TARGET_MET);
	assert_int_equal(vipcare_policy_set_target(p, VIPCARE_KPI_SALES_NET, VIPCARE_TARGET_MIN,
						   INT64_C(130150010000)), VIPCARE_OK);
	assert_int_equal(vipcare_kpi_target_check(s, p, VIPCARE_KPI_SALES_NET), VIPCARE_TARGET_MISSED);
	/* complaints per 1,000 active: 500 */
	assert_int_equal(vipcare_policy_set_target(p, VIPCARE_KPI_SERVICE_COMPLAINTS_PER_1000_ACTIVE,
						   VIPCARE_TARGET_MAX, INT64_C(500000000)), VIPCARE_OK);
	assert_int_equal(vipcare_kpi_target_check(s, p, VIPCARE_KPI_SERVICE_COMPLAINTS_PER_1000_ACTIVE),
			 VIPCARE_TARGET_MET);
	assert_int_equal(vipcare_policy_set_target(p, VIPCARE_KPI_SERVICE_COMPLAINTS_PER_1000_ACTIVE,
						   VIPCARE_TARGET_MAX, INT64_C(499999999)), VIPCARE_OK);
	assert_int_equal(vipcare_kpi_target_check(s, p, VIPCARE_KPI_SERVICE_COMPLAINTS_PER_1000_ACTIVE),
			 VIPCARE_TARGET_MISSED);

	vipcare_policy_unref(p);
	vipcare_kpi_state_unref(s);
	vipcare_engine_unref(e);
}

/*
 * The mall as two slices, C01..C10 and C11..C20 (docs/kpi.md): each
 * slice's state holds its own counts and first-response histogram, and
 * the merged state is the whole's, byte for byte.
 *   churn        slice 1: base C02 C03 C04 C05 C09 C10, churned C02 C04 C10: 3 / 6
 *                slice 2: base C12 C13, churned C13: 1 / 2; merged 4 / 8
 *   first response minutes  slice 1: 0 2 5 59 120 121 1440 (p50 rank 4: 59)
 *                slice 2: 30 45 120 180 (p50 rank 2: 45); merged p50 59
 */
static void test_mall_in_two_slices(void **state)
{
	struct vipcare_engine *whole = hand_made_mall(0), *one = hand_made_mall(1), *two = hand_made_mall(2);
	struct vipcare_kpi_state *all = kpis(whole, "2025-05-01", "2025-05-31");
	struct vipcare_kpi_state *a = kpis(one, "2025-05-01", "2025-05-31");
	struct vipcare_kpi_state *b = kpis(two, "2025-05-01", "2025-05-31");
	void *bytes_all = NULL, *bytes_merged = NULL;
	size_t size_all = 0, size_merged = 0;
	char *json;

	(void)state;
	expect(a, VIPCARE_KPI_MEMBERS, 10, 1);
	expect(b, VIPCARE_KPI_MEMBERS, 7, 1);
	expect(a, VIPCARE_KPI_CHURN_RATE, 3, 6);
	expect(b, VIPCARE_KPI_CHURN_RATE, 1, 2);
	expect(a, VIPCARE_KPI_SERVICE_ANSWERED, 7, 1);
	expect(b, VIPCARE_KPI_SERVICE_ANSWERED, 4, 1);
	expect(a, VIPCARE_KPI_SERVICE_FIRST_RESPONSE_P50, 59, 1);
	expect(b, VIPCARE_KPI_SERVICE_FIRST_RESPONSE_P50, 45, 1);

	assert_int_equal(vipcare_kpi_state_merge(a, b), VIPCARE_OK);
	expect(a, VIPCARE_KPI_CHURN_RATE, 4, 8);
	expect(a, VIPCARE_KPI_SERVICE_FIRST_RESPONSE_P50, 59, 1);
	expect(a, VIPCARE_KPI_SERVICE_FIRST_RESPONSE_P90, 180, 1);
	json = json_of(a);
	assert_string_equal(json, mall_json);
	vipcare_free(json);
	assert_int_equal(vipcare_kpi_state_serialize(all, &bytes_all, &size_all), VIPCARE_OK);
	assert_int_equal(vipcare_kpi_state_serialize(a, &bytes_merged, &size_merged), VIPCARE_OK);
	assert_int_equal(size_merged, size_all);
	assert_memory_equal(bytes_merged, bytes_all, size_all);

	vipcare_free(bytes_all);
	vipcare_free(bytes_merged);
	vipcare_kpi_state_unref(all);
	vipcare_kpi_state_unref(a);
	vipcare_kpi_state_unref(b);
	vipcare_engine_unref(whole);
	vipcare_engine_unref(one);
	vipcare_engine_unref(two);
}

/* ------------------------------------------------------------------ edge cases */

/*
 * No sale in the period: two members who bought in April and June, one
 * complaint in May. Nothing to divide by: avg_ticket, repurchase,
 * vip_sales_share and complaints per 1,000 active have no value.
 */
static void test_no_sales_in_period(void **state)
{
	struct vipcare_engine *e = new_engine();
	struct vipcare_kpi_state *s;
	char *json;

	(void)state;
	sale(e, "T1", "ANNA", "2025-04-30T23:59:59", 1200000);
	customer(e, "BEN", "2025-01-15", 0, 0, 0, 0, NULL, NULL);
	sale(e, "T2", "BEN", "2025-06-01T00:00:00", 30000);
	request(e, "R1", "BEN", VIPCARE_SERVICE_COMPLAINT, "2025-05-10T10:00", "2025-05-10T10:20");
	s = kpis(e, "2025-05-01", "2025-05-31");

	expect(s, VIPCARE_KPI_MEMBERS, 2, 1);
	expect(s, VIPCARE_KPI_NEW_MEMBERS, 0, 1);
	expect(s, VIPCARE_KPI_ACTIVE, 0, 1);
	expect(s, VIPCARE_KPI_SALES_NET, 0, 1);
	expect(s, VIPCARE_KPI_SALES_COUNT, 0, 1);
	expect(s, VIPCARE_KPI_AVG_TICKET, 0, 0);
	expect(s, VIPCARE_KPI_REPURCHASE_RATE, 0, 0);
	/* ANNA (gold) bought on 04-30: in the churn base, not lapsed by 05-31 */
	expect(s, VIPCARE_KPI_CHURN_RATE, 0, 1);
	expect(s, VIPCARE_KPI_VIP_CHURN_RATE, 0, 1);
	expect(s, VIPCARE_KPI_VIP_SALES_SHARE, 0, 0);
	expect(s, VIPCARE_KPI_SERVICE_COMPLAINTS_PER_1000_ACTIVE, 1, 0);
	expect_tier(s, MEMBER, 1, 0, 0);
	expect_tier(s, GOLD, 1, 0, 0);

	json = json_of(s);
	expect_in(json, "  \"sales_net\": \"0.00\",\n  \"sales_count\": 0,\n");
	expect_in(json, "\"avg_ticket\": {\"value\": null, \"num\": \"0.00\", \"den\": 0, \"per_tier\": {\n"
			"    \"member\": {\"customers\": 1, \"sales_net\": \"0.00\", \"sales_count\": 0, "
			"\"avg_ticket\": null},\n"
			"    \"gold\": {\"customers\": 1, \"sales_net\": \"0.00\", \"sales_count\": 0, "
			"\"avg_ticket\": null},\n");
	expect_in(json, "\"repurchase_rate\": {\"value\": null, \"num\": 0, \"den\": 0}");
	expect_in(json, "\"churn_rate\": {\"value\": 0.000000, \"num\": 0, \"den\": 1}");
	expect_in(json, "\"vip_sales_share\": {\"value\": null, \"num\": \"0.00\", \"den\": \"0.00\"}");
	expect_in(json, "\"complaints_per_1000_active\": {\"value\": null, \"num\": 1, \"den\": 0}");
	vipcare_free(json);
	vipcare_kpi_state_unref(s);
	vipcare_engine_unref(e);
}

/* No survey answered: NPS and CSAT have no value, their counts are 0. */
static void test_no_surveys(void **state)
{
	struct vipcare_engine *e = new_engine();
	struct vipcare_kpi_state *s;
	char *json;

	(void)state;
	sale(e, "T1", "ANNA", "2025-05-10T10:00", 10000);
	/* answered outside the period only */
	survey(e, "ANNA", "2025-04-30T23:59:59", VIPCARE_SURVEY_NPS, 10);
	survey(e, "ANNA", "2025-06-01T00:00:00", VIPCARE_SURVEY_CSAT, 5);
	s = kpis(e, "2025-05-01", "2025-05-31");

	expect(s, VIPCARE_KPI_NPS, 0, 0);
	expect(s, VIPCARE_KPI_NPS_PROMOTERS, 0, 1);
	expect(s, VIPCARE_KPI_NPS_PASSIVES, 0, 1);
	expect(s, VIPCARE_KPI_NPS_DETRACTORS, 0, 1);
	expect(s, VIPCARE_KPI_CSAT, 0, 0);
	json = json_of(s);
	expect_in(json, "  \"nps\": {\"value\": null, \"num\": 0, \"den\": 0, \"promoters\": 0, "
			"\"passives\": 0, \"detractors\": 0},\n"
			"  \"csat\": {\"value\": null, \"num\": 0, \"den\": 0},\n");
	vipcare_free(json);
	vipcare_kpi_state_unref(s);

	/* an NPS of only detractors is negative: (0 - 2) / 3 x 100 = -66.666667 */
	survey(e, "ANNA", "2025-05-02T10:00", VIPCARE_SURVEY_NPS, 0);
	survey(e, "ANNA", "2025-05-03T10:00", VIPCARE_SURVEY_NPS, 6);
	survey(e, "ANNA", "2025-05-04T10:00", VIPCARE_SURVEY_NPS, 7);
	s = kpis(e, "2025-05-01", "2025-05-31");
	expect(s, VIPCARE_KPI_NPS, -2, 3);
	json = json_of(s);
	expect_in(json, "  \"nps\": {\"value\": -66.666667, \"num\": -2, \"den\": 3, \"promoters\": 0, "
			"\"passives\": 1, \"detractors\": 2},\n");
	vipcare_free(json);
	vipcare_kpi_state_unref(s);
	vipcare_engine_unref(e);
}

/*
 * A customer whose only sale is refunded: the sale happened (a visit, an
 * active and new customer, a sale counted) and the refund takes its
 * money back, so sales_net and the average ticket are 0.00.
 */
static void test_only_sale_refunded(void **state)
{
	struct vipcare_engine *e = new_engine();
	struct vipcare_kpi_state *s;
	char *json;

	(void)state;
	sale(e, "T1", "ANNA", "2025-05-10T10:00", 25000);
	refund(e, "T2", "ANNA", "2025-05-11T10:00", 25000, "T1");
	s = kpis(e, "2025-05-01", "2025-05-31");

	expect(s, VIPCARE_KPI_MEMBERS, 1, 1);
	expect(s, VIPCARE_KPI_NEW_MEMBERS, 1, 1);
	expect(s, VIPCARE_KPI_ACTIVE, 1, 1);
	expect(s, VIPCARE_KPI_SALES_NET, 0, 1);
	expect(s, VIPCARE_KPI_SALES_COUNT, 1, 1);
	expect(s, VIPCARE_KPI_AVG_TICKET, 0, 1);
	expect(s, VIPCARE_KPI_REPURCHASE_RATE, 0, 1);
	expect(s, VIPCARE_KPI_VIP_SALES_SHARE, 0, 0);
	expect_tier(s, MEMBER, 1, 0, 1);
	json = json_of(s);
	expect_in(json, "\"avg_ticket\": {\"value\": \"0.00\", \"num\": \"0.00\", \"den\": 1,");
	vipcare_free(json);
	vipcare_kpi_state_unref(s);
	vipcare_engine_unref(e);
}

/*
 * A refund in the period for a sale before it counts on its own date: the
 * period's sales_net goes negative, with no sale and no active customer;
 * the month of the sale keeps its full amount.
 */
static void test_refund_of_earlier_sale(void **state)
{
	struct vipcare_engine *e = new_engine();
	struct vipcare_kpi_state *s;
	char *json;

	(void)state;
	sale(e, "T1", "ANNA", "2025-04-20T10:00", 1200000);
	sale(e, "T2", "BEN", "2025-05-20T10:00", 10000);
	refund(e, "T3", "ANNA", "2025-05-02T10:00", 300000, "T1");
	s = kpis(e, "2025-05-01", "2025-05-31");

	expect(s, VIPCARE_KPI_ACTIVE, 1, 1);
	expect(s, VIPCARE_KPI_SALES_NET, -290000, 1);
	expect(s, VIPCARE_KPI_SALES_COUNT, 1, 1);
	expect(s, VIPCARE_KPI_AVG_TICKET, -290000, 1);
	/* ANNA: 12,000.00 - 3,000.00 = 9,000.00 in the window of 05-31: member again */
	expect_tier(s, MEMBER, 2, -290000, 1);
	expect_tier(s, GOLD, 0, 0, 0);
	expect(s, VIPCARE_KPI_VIP_SALES_SHARE, 0, -290000);
	json = json_of(s);
	expect_in(json, "  \"sales_net\": \"-2900.00\",\n");
	expect_in(json, "\"avg_ticket\": {\"value\": \"-2900.00\", \"num\": \"-2900.00\", \"den\": 1,");
	expect_in(json, "\"vip_sales_share\": {\"value\": 0.000000, \"num\": \"0.00\", \"den\": \"-2900.00\"}");
	vipcare_free(json);
	vipcare_kpi_state_unref(s);

	s = kpis(e, "2025-04-01", "2025-04-30");
	expect(s, VIPCARE_KPI_SALES_NET, 1200000, 1);
	expect(s, VIPCARE_KPI_SALES_COUNT, 1, 1);
	vipcare_kpi_state_unref(s);
	vipcare_engine_unref(e);
}

/*
 * A request never answered is opened (and a complaint) but not answered
 * and not within the SLA; with no answered request the percentiles have
 * no value (JSON null).
 */
static void test_request_never_answered(void **state)
{
	struct vipcare_engine *e = new_engine();
	struct vipcare_kpi_state *s;
	char *json;

	(void)state;
	sale(e, "T1", "ANNA", "2025-05-10T10:00", 10000);
	request(e, "R1", "ANNA", VIPCARE_SERVICE_COMPLAINT, "2025-05-11T10:00", NULL);
	s = kpis(e, "2025-05-01", "2025-05-31");

	expect(s, VIPCARE_KPI_SERVICE_OPENED, 1, 1);
	expect(s, VIPCARE_KPI_SERVICE_ANSWERED, 0, 1);
	expect(s, VIPCARE_KPI_SERVICE_COMPLAINTS, 1, 1);
	expect(s, VIPCARE_KPI_SERVICE_FIRST_RESPONSE_P50, 0, 0);
	expect(s, VIPCARE_KPI_SERVICE_FIRST_RESPONSE_P90, 0, 0);
	expect(s, VIPCARE_KPI_SERVICE_WITHIN_SLA, 0, 1);
	expect(s, VIPCARE_KPI_SERVICE_COMPLAINTS_PER_1000_ACTIVE, 1, 1);
	json = json_of(s);
	expect_in(json, "  \"service\": {\"opened\": 1, \"answered\": 0, \"complaints\": 1, "
			"\"first_response_p50\": null, \"first_response_p90\": null, "
			"\"within_sla\": {\"value\": 0.000000, \"num\": 0, \"den\": 1}, "
			"\"complaints_per_1000_active\": {\"value\": 1000.000000, \"num\": 1, \"den\": 1}},\n");
	vipcare_free(json);
	/* in the CSV, a KPI with no value has an empty value */
	assert_int_equal(vipcare_kpi_state_to_csv(s, &json), VIPCARE_OK);
	expect_in(json, "\nservice_first_response_p50,,0,0\nservice_first_response_p90,,0,0\n");
	expect_in(json, "\nnps,,0,0\n");
	vipcare_free(json);
	vipcare_kpi_state_unref(s);

	/* one answered beside it (1 min 59 s: 1 minute): both percentiles are that one */
	request(e, "R2", "ANNA", VIPCARE_SERVICE_INQUIRY, "2025-05-12T10:00", "2025-05-12T10:01:59");
	s = kpis(e, "2025-05-01", "2025-05-31");
	expect(s, VIPCARE_KPI_SERVICE_FIRST_RESPONSE_P50, 1, 1);
	expect(s, VIPCARE_KPI_SERVICE_FIRST_RESPONSE_P90, 1, 1);
	expect(s, VIPCARE_KPI_SERVICE_WITHIN_SLA, 1, 2);
	vipcare_kpi_state_unref(s);
	vipcare_engine_unref(e);
}

/*
 * A period of one day, 2025-05-15: the day's first and last second
 * count, the days either side do not; the churn base is
 * [2025-02-14, 2025-05-14]; the migration runs from 05-14 to 05-15.
 */
static void test_one_day_period(void **state)
{
	struct vipcare_engine *e = new_engine();
	struct vipcare_kpi_state *s;

	(void)state;
	/* ANNA: first sale ever on the day, two sales, one visit; gold on the day */
	sale(e, "A1", "ANNA", "2025-05-15T00:00:00", 1000000);
	sale(e, "A2", "ANNA", "2025-05-15T23:59:59", 5000);
	/* BEN: in the base (02-14 and 05-14), nothing on the day, not lapsed */
	sale(e, "B1", "BEN", "2025-02-14T10:00", 20000);
	sale(e, "B2", "BEN", "2025-05-14T23:59:59", 30000);
	sale(e, "B3", "BEN", "2025-05-16T00:00:00", 40000);
	/* CARL: in the base with 02-14 only: 02-14 + 90 = 05-15, churned */
	sale(e, "C1", "CARL", "2025-02-14T10:00", 1200000);
	/* DORA: 02-13 is before the base window */
	sale(e, "D1", "DORA", "2025-02-13T10:00", 20000);
	survey(e, "BEN", "2025-05-15T23:59:59", VIPCARE_SURVEY_CSAT, 5);
	survey(e, "BEN", "2025-05-16T00:00:00", VIPCARE_SURVEY_CSAT, 1);
	survey(e, "BEN", "2025-05-14T23:59:59", VIPCARE_SURVEY_CSAT, 1);
	request(e, "R1", "DORA", VIPCARE_SERVICE_INQUIRY, "2025-05-15T23:00", "2025-05-16T01:00");
	s = kpis(e, "2025-05-15", "2025-05-15");

	expect(s, VIPCARE_KPI_MEMBERS, 4, 1);
	expect(s, VIPCARE_KPI_NEW_MEMBERS, 1, 1);
	expect(s, VIPCARE_KPI_ACTIVE, 1, 1);
	expect(s, VIPCARE_KPI_SALES_NET, 1005000, 1);
	expect(s, VIPCARE_KPI_SALES_COUNT, 2, 1);
	expect(s, VIPCARE_KPI_AVG_TICKET, 1005000, 2);
	expect(s, VIPCARE_KPI_REPURCHASE_RATE, 0, 1);
	expect(s, VIPCARE_KPI_CHURN_RATE, 1, 2);
	/* CARL (12,000.00) was gold on 05-14 */
	expect(s, VIPCARE_KPI_VIP_CHURN_RATE, 1, 1);
	expect(s, VIPCARE_KPI_VIP_SALES_SHARE, 1005000, 1005000);
	expect(s, VIPCARE_KPI_CSAT, 1, 1);
	expect(s, VIPCARE_KPI_SERVICE_OPENED, 1, 1);
	expect(s, VIPCARE_KPI_SERVICE_FIRST_RESPONSE_P50, 120, 1);
	expect(s, VIPCARE_KPI_SERVICE_WITHIN_SLA, 1, 1);
	/*
	 * ANNA's welcome and tier_change "2025-05-15:gold" and CARL's lapse
	 * "2025-02-14" fall on the day; ANNA's followup on 05-18
	 */
	expect(s, VIPCARE_KPI_CARE_DUE, 3, 1);
	expect(s, VIPCARE_KPI_CARE_DONE, 0, 3);
	{
		static const int64_t migration[5][4] = {
			{ 0, 1, 0, 0 }, /* none -> gold: ANNA */
			{ 2, 0, 0, 0 }, /* BEN, DORA */
			{ 0, 1, 0, 0 }, /* CARL */
			{ 0, 0, 0, 0 },
			{ 0, 0, 0, 0 },
		};

		expect_migration(s, migration);
	}
	vipcare_kpi_state_unref(s);
	vipcare_engine_unref(e);
}

/*
 * Ratio values have 6 fraction digits, rounded half away from zero:
 * 1 / 128 = 0.0078125 -> 0.007813; NPS (0 - 1) / 512 x 100 = -0.1953125
 * -> -0.195313; an average ticket of -0.5 minor units -> -0.01.
 */
static void test_ratio_rounding_half_away_from_zero(void **state)
{
	struct vipcare_engine *e = new_engine();
	struct vipcare_kpi_state *s;
	char id[16], txn[16];
	char *json;
	int i;

	(void)state;
	for (i = 0; i < 128; i++) {
		snprintf(id, sizeof(id), "R%03d", i);
		snprintf(txn, sizeof(txn), "T%03d", i);
		sale(e, txn, id, "2025-05-10T10:00", 10000);
	}
	sale(e, "T128", "R000", "2025-05-11T10:00", 10000);
	survey(e, "R000", "2025-05-12T10:00", VIPCARE_SURVEY_NPS, 0);
	for (i = 1; i < 512; i++) {
		snprintf(id, sizeof(id), "R%03d", i % 128);
		survey(e, id, "2025-05-12T10:00", VIPCARE_SURVEY_NPS, 7);
	}
	s = kpis(e, "2025-05-01", "2025-05-31");
	expect(s, VIPCARE_KPI_REPURCHASE_RATE, 1, 128);
	expect(s, VIPCARE_KPI_NPS, -1, 512);
	json = json_of(s);
	expect_in(json, "\"repurchase_rate\": {\"value\": 0.007813, \"num\": 1, \"den\": 128}");
	expect_in(json, "\"nps\": {\"value\": -0.195313, \"num\": -1, \"den\": 512, \"promoters\": 0, "
			"\"passives\": 511, \"detractors\": 1}");
	vipcare_free(json);
	vipcare_kpi_state_unref(s);
	vipcare_engine_unref(e);

	/* net -0.01 over 2 sales: -0.005 -> -0.01 */
	e = new_engine();
	sale(e, "A1", "ANNA", "2025-04-10T10:00", 100000);
	sale(e, "B1", "BEN", "2025-05-05T10:00", 100);
	sale(e, "C1", "CARL", "2025-05-06T10:00", 100);
	refund(e, "A2", "ANNA", "2025-05-07T10:00", 201, "A1");
	s = kpis(e, "2025-05-01", "2025-05-31");
	expect(s, VIPCARE_KPI_AVG_TICKET, -1, 2);
	json = json_of(s);
	expect_in(json, "\"avg_ticket\": {\"value\": \"-0.01\", \"num\": \"-0.01\", \"den\": 2, \"per_tier\": {\n"
			"    \"member\": {\"customers\": 3, \"sales_net\": \"-0.01\", \"sales_count\": 2, "
			"\"avg_ticket\": \"-0.01\"},\n");
	vipcare_free(json);
	vipcare_kpi_state_unref(s);
	vipcare_engine_unref(e);
}

/*
 * DIA, diamond by override since 2025-01-31: her advisor's monthly
 * contacts fall on 02-28, 03-31, 04-30 and 05-31 ("2025-05"). Whatever the
 * outcome of the contact made on 05-31, the item was due in May and was
 * done on its due date (DESIGN §7: done = with any care record, on time =
 * earliest record <= due date).
 */
static void expect_advisor_item(int outcome, int64_t done)
{
	struct vipcare_engine *e = new_engine();
	struct vipcare_kpi_state *s;

	customer(e, "DIA", "2025-01-31", 0, 0, CH(PHONE), 0, "A1", "diamond");
	if (outcome >= 0)
		care(e, "DIA", VIPCARE_CARE_ADVISOR_CONTACT, "2025-05", "2025-05-31", outcome);
	s = kpis(e, "2025-05-01", "2025-05-31");
	print_message("advisor contact of 2025-05-31 recorded as %s\n",
		      outcome >= 0 ? vipcare_care_outcome_name(outcome) : "(no record)");
	expect(s, VIPCARE_KPI_CARE_DUE, 1, 1);
	expect(s, VIPCARE_KPI_CARE_DONE, done, 1);
	expect(s, VIPCARE_KPI_CARE_DONE_ON_TIME, done, 1);
	vipcare_kpi_state_unref(s);
	vipcare_engine_unref(e);
}

static void test_advisor_contact_done_on_its_day(void **state)
{
	(void)state;
	expect_advisor_item(-1, 0);
	expect_advisor_item(VIPCARE_OUTCOME_NO_ANSWER, 1);
	expect_advisor_item(VIPCARE_OUTCOME_DECLINED, 1);
	/*
	 * A reached contact also moves the anchor (the next one is due
	 * 06-30), but the item it answered stays due and done.
	 */
	expect_advisor_item(VIPCARE_OUTCOME_REACHED, 1);
}

/* ------------------------------------------------------------------ recording */

static void test_survey_score_out_of_range(void **state)
{
	struct vipcare_engine *e = new_engine();
	int64_t at = ts_of("2025-05-10T10:00");

	(void)state;
	sale(e, "T1", "ANNA", "2025-05-10T10:00", 10000);
	assert_int_equal(vipcare_engine_add_survey(e, "ANNA", at, VIPCARE_SURVEY_NPS, 11), VIPCARE_E_RANGE);
	assert_string_equal(vipcare_engine_last_error(e), "nps score 11 is not 0..10");
	assert_int_equal(vipcare_engine_add_survey(e, "ANNA", at, VIPCARE_SURVEY_NPS, -1), VIPCARE_E_RANGE);
	assert_string_equal(vipcare_engine_last_error(e), "nps score -1 is not 0..10");
	assert_int_equal(vipcare_engine_add_survey(e, "ANNA", at, VIPCARE_SURVEY_CSAT, 0), VIPCARE_E_RANGE);
	assert_string_equal(vipcare_engine_last_error(e), "csat score 0 is not 1..5");
	assert_int_equal(vipcare_engine_add_survey(e, "ANNA", at, VIPCARE_SURVEY_CSAT, 6), VIPCARE_E_RANGE);
	assert_string_equal(vipcare_engine_last_error(e), "csat score 6 is not 1..5");
	assert_int_equal(vipcare_engine_add_survey(e, "ANNA", at, 2, 5), VIPCARE_E_INVALID_ARGUMENT);
	assert_string_equal(vipcare_engine_last_error(e), "survey kind 2 is not nps (0) or csat (1)");
	/* the ends of each range are accepted */
	survey(e, "ANNA", "2025-05-10T10:00", VIPCARE_SURVEY_NPS, 0);
	survey(e, "ANNA", "2025-05-10T10:00", VIPCARE_SURVEY_NPS, 10);
	survey(e, "ANNA", "2025-05-10T10:00", VIPCARE_SURVEY_CSAT, 1);
	survey(e, "ANNA", "2025-05-10T10:00", VIPCARE_SURVEY_CSAT, 5);
	assert_int_equal(vipcare_engine_survey_count(e), 4);
	assert_int_equal(vipcare_survey_kind_from_name("csat", 4), VIPCARE_SURVEY_CSAT);
	assert_int_equal(vipcare_survey_kind_from_name("CSAT", 4), VIPCARE_E_INVALID_ARGUMENT);
	assert_string_equal(vipcare_survey_kind_name(VIPCARE_SURVEY_NPS), "nps");
	vipcare_engine_unref(e);
}

static void test_response_before_opened(void **state)
{
	struct vipcare_engine *e = new_engine();
	int64_t opened = ts_of("2025-05-10T10:00");

	(void)state;
	sale(e, "T1", "ANNA", "2025-05-10T10:00", 10000);
	assert_int_equal(vipcare_engine_add_service_request(e, "R1", "ANNA", VIPCARE_SERVICE_INQUIRY,
							    opened, opened - 60, VIPCARE_TIMESTAMP_NONE),
			 VIPCARE_E_RANGE);
	assert_string_equal(vipcare_engine_last_error(e),
			    "service request \"R1\": first_response is 60 s before it was opened");
	assert_int_equal(vipcare_engine_add_service_request(e, "R1", "ANNA", VIPCARE_SERVICE_INQUIRY,
							    opened, opened, opened - 1),
			 VIPCARE_E_RANGE);
	assert_string_equal(vipcare_engine_last_error(e),
			    "service request \"R1\": resolved is 1 s before it was opened");
	assert_int_equal(vipcare_engine_add_service_request(e, "R1", "ANNA", 7, opened,
							    VIPCARE_TIMESTAMP_NONE, VIPCARE_TIMESTAMP_NONE),
			 VIPCARE_E_INVALID_ARGUMENT);
	assert_string_equal(vipcare_engine_last_error(e),
			    "service request \"R1\": kind 7 is not inquiry (0) or complaint (1)");
	assert_int_equal(vipcare_engine_service_count(e), 0);
	/* a refused request leaves its id free: answered at the very second it was opened */
	assert_int_equal(vipcare_engine_add_service_request(e, "R1", "ANNA", VIPCARE_SERVICE_INQUIRY,
							    opened, opened, opened),
			 VIPCARE_OK);
	assert_int_equal(vipcare_engine_service_count(e), 1);
	vipcare_engine_unref(e);
}

/* The first request with an id wins: the repeat's content is not taken. */
static void test_duplicate_request_id(void **state)
{
	struct vipcare_engine *e = new_engine();
	struct vipcare_kpi_state *s;
	int64_t opened = ts_of("2025-05-10T10:00");

	(void)state;
	sale(e, "T1", "ANNA", "2025-05-10T10:00", 10000);
	request(e, "R1", "ANNA", VIPCARE_SERVICE_INQUIRY, "2025-05-10T10:00", "2025-05-10T10:10");
	assert_int_equal(vipcare_engine_add_service_request(e, "R1", "ANNA", VIPCARE_SERVICE_COMPLAINT,
							    opened, opened + 3 * 3600,
							    VIPCARE_TIMESTAMP_NONE),
			 VIPCARE_E_DUPLICATE);
	assert_string_equal(vipcare_engine_last_error(e), "service request \"R1\" is already recorded");
	assert_int_equal(vipcare_engine_service_count(e), 1);
	s = kpis(e, "2025-05-01", "2025-05-31");
	expect(s, VIPCARE_KPI_SERVICE_OPENED, 1, 1);
	expect(s, VIPCARE_KPI_SERVICE_COMPLAINTS, 0, 1);
	expect(s, VIPCARE_KPI_SERVICE_FIRST_RESPONSE_P50, 10, 1);
	vipcare_kpi_state_unref(s);
	vipcare_engine_unref(e);
}

static void test_unknown_customer(void **state)
{
	struct vipcare_engine *e = new_engine();
	int64_t at = ts_of("2025-05-10T10:00");

	(void)state;
	sale(e, "T1", "ANNA", "2025-05-10T10:00", 10000);
	assert_int_equal(vipcare_engine_add_survey(e, "NOBODY", at, VIPCARE_SURVEY_NPS, 9),
			 VIPCARE_E_UNKNOWN_CUSTOMER);
	assert_string_equal(vipcare_engine_last_error(e),
			    "survey response for customer \"NOBODY\", who is not known");
	assert_int_equal(vipcare_engine_add_service_request(e, "R1", "NOBODY", VIPCARE_SERVICE_INQUIRY,
							    at, VIPCARE_TIMESTAMP_NONE,
							    VIPCARE_TIMESTAMP_NONE),
			 VIPCARE_E_UNKNOWN_CUSTOMER);
	assert_string_equal(vipcare_engine_last_error(e),
			    "service request for customer \"NOBODY\", who is not known");
	/* ids are case-sensitive */
	assert_int_equal(vipcare_engine_add_survey(e, "anna", at, VIPCARE_SURVEY_NPS, 9),
			 VIPCARE_E_UNKNOWN_CUSTOMER);
	assert_int_equal(vipcare_engine_survey_count(e), 0);
	assert_int_equal(vipcare_engine_service_count(e), 0);
	assert_int_equal(vipcare_engine_customer_count(e), 1);
	vipcare_engine_unref(e);
}

/*
 * A customer known only by its record, without joined date and without
 * transactions, is not a member: its surveys, requests and care records
 * are accepted and left out of every KPI.
 */
static void test_record_without_joined_date(void **state)
{
	struct vipcare_engine *e = new_engine();
	struct vipcare_kpi_state *s;
	static const int64_t nobody[5][4] = { { 0 } };

	(void)state;
	customer(e, "GHOST", NULL, 5, 20, CH(SMS), 0, NULL, NULL);
	survey(e, "GHOST", "2025-05-10T10:00", VIPCARE_SURVEY_NPS, 10);
	survey(e, "GHOST", "2025-05-10T10:00", VIPCARE_SURVEY_CSAT, 5);
	request(e, "R1", "GHOST", VIPCARE_SERVICE_COMPLAINT, "2025-05-10T10:00", "2025-05-10T10:05");
	care(e, "GHOST", VIPCARE_CARE_BIRTHDAY, "2025", "2025-05-12", VIPCARE_OUTCOME_REACHED);
	s = kpis(e, "2025-05-01", "2025-05-31");

	expect(s, VIPCARE_KPI_MEMBERS, 0, 1);
	expect(s, VIPCARE_KPI_NPS, 0, 0);
	expect(s, VIPCARE_KPI_CSAT, 0, 0);
	expect(s, VIPCARE_KPI_SERVICE_OPENED, 0, 1);
	expect(s, VIPCARE_KPI_SERVICE_COMPLAINTS, 0, 1);
	expect(s, VIPCARE_KPI_CARE_DUE, 0, 1);
	expect(s, VIPCARE_KPI_CARE_CONVERSION, 0, 0);
	expect_tier(s, MEMBER, 0, 0, 0);
	expect_migration(s, nobody);
	vipcare_kpi_state_unref(s);

	/* its first sale makes it a member from that day: then everything counts */
	sale(e, "G1", "GHOST", "2025-05-20T10:00", 10000);
	s = kpis(e, "2025-05-01", "2025-05-31");
	expect(s, VIPCARE_KPI_MEMBERS, 1, 1);
	expect(s, VIPCARE_KPI_NPS, 1, 1);
	expect(s, VIPCARE_KPI_SERVICE_OPENED, 1, 1);
	/* the reached contact of 05-12 is followed by the sale of 05-20 */
	expect(s, VIPCARE_KPI_CARE_CONVERSION, 1, 1);
	expect(s, VIPCARE_KPI_CARE_CONVERSION_SALES, 10000, 1);
	vipcare_kpi_state_unref(s);
	vipcare_engine_unref(e);
}

static void test_period_arguments(void **state)
{
	struct vipcare_engine *e = new_engine();
	struct vipcare_kpi_state *s = (struct vipcare_kpi_state *)1;

	(void)state;
	assert_int_equal(vipcare_kpi_state_new(&s, e, day_of("2025-05-31"), day_of("2025-05-01")),
			 VIPCARE_E_INVALID_ARGUMENT);
	assert_null(s);
	assert_string_equal(vipcare_engine_last_error(e), "the KPI period's last day is before its first");
	assert_int_equal(vipcare_kpi_state_new(&s, e, VIPCARE_DATE_NONE, day_of("2025-05-01")),
			 VIPCARE_E_DATE);
	assert_string_equal(vipcare_engine_last_error(e),
			    "KPI period dates must be within 1900-01-01 .. 9999-12-31");
	assert_int_equal(vipcare_kpi_state_new(&s, NULL, 0, 0), VIPCARE_E_INVALID_ARGUMENT);
	assert_int_equal(vipcare_kpi_state_new(NULL, e, 0, 0), VIPCARE_E_INVALID_ARGUMENT);
	vipcare_engine_unref(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hand_made_mall),
		cmocka_unit_test(test_hand_made_mall_json),
		cmocka_unit_test(test_hand_made_mall_targets),
		cmocka_unit_test(test_mall_in_two_slices),
		cmocka_unit_test(test_no_sales_in_period),
		cmocka_unit_test(test_no_surveys),
		cmocka_unit_test(test_only_sale_refunded),
		cmocka_unit_test(test_refund_of_earlier_sale),
		cmocka_unit_test(test_request_never_answered),
		cmocka_unit_test(test_one_day_period),
		cmocka_unit_test(test_ratio_rounding_half_away_from_zero),
		cmocka_unit_test(test_advisor_contact_done_on_its_day),
		cmocka_unit_test(test_survey_score_out_of_range),
		cmocka_unit_test(test_response_before_opened),
		cmocka_unit_test(test_duplicate_request_id),
		cmocka_unit_test(test_unknown_customer),
		cmocka_unit_test(test_record_without_joined_date),
		cmocka_unit_test(test_period_arguments),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
