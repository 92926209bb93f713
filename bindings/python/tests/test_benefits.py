"""Benefits at the till through the binding: the fixture and the exact
expectations of tests/test-benefits.c."""

import datetime
import unittest

import vipcare

from .helpers import GOLD, PLATINUM, d, m, sale

IDS = ("birthday_coupon", "free_parking_hours", "priority_checkout", "dedicated_advisor",
       "vip_event_invite", "welcome_gift")


def weekly_policy():
    p = vipcare.Policy()
    p.add_benefit("coffee", quota=(1, "week"))
    p.add_benefit("valet", quota=(2, "month"))
    p.add_benefit("cake", quota=(1, "year"), window=("birthday_days", 7))
    p.validate()
    return p


class BenefitsTest(unittest.TestCase):
    policy = None

    def setUp(self):
        self.engine = vipcare.Engine(self.policy() if self.policy else None)
        e = self.engine
        e.add_customer(id="GOLD1", birthday=(3, 15))
        sale(e, "G1", "GOLD1", "2025-01-10T10:00", GOLD + m(200000))
        e.add_customer(id="PLAT", birthday=(12, 31))
        sale(e, "P1", "PLAT", "2025-02-01T10:00", PLATINUM + m(1000000))
        e.add_customer(id="MEM", birthday=(2, 29))
        sale(e, "M1", "MEM", "2025-01-10T10:00", m(5000))
        e.add_customer(id="NOBDAY", birthday=None)
        sale(e, "N1", "NOBDAY", "2025-01-10T10:00", GOLD)
        e.add_customer(id="NEWBIE", birthday=(1, 2))

    def tearDown(self):
        self.engine.close()

    def check(self, customer, benefit, when, reason, left, period_end):
        decision = self.engine.check_benefit(customer, benefit, when)
        self.assertDecision(decision, benefit, reason, left, period_end)
        return decision

    def assertDecision(self, decision, benefit, reason, left, period_end):
        self.assertEqual(decision.benefit, benefit)
        self.assertEqual(decision.reason, reason)
        self.assertEqual(decision.eligible, reason == "ok")
        self.assertEqual(decision.left, left)
        self.assertEqual(decision.period_end, d(period_end) if period_end else None)


class DefaultPolicyBenefits(BenefitsTest):
    def test_every_reason(self):
        e = self.engine
        self.check("NOBODY", "free_parking_hours", "2025-06-10T12:00", "unknown_customer", 0, None)
        self.assertIsNone(e.checkout("NOBODY", "2025-06-10T12:00").tier)
        self.check("GOLD1", "spa_day", "2025-06-10T12:00", "unknown_benefit", 0, None)
        self.check("MEM", "free_parking_hours", "2025-06-10T12:00", "tier_too_low", 0, None)
        self.check("NOBDAY", "birthday_coupon", "2025-06-10T12:00", "unknown_birthday", 1, "2025-12-31")
        self.check("GOLD1", "birthday_coupon", "2025-06-10T12:00", "outside_window", 1, "2025-12-31")
        self.check("GOLD1", "birthday_coupon", "2025-03-01T09:00", "ok", 1, "2025-12-31")
        e.redeem("R1", "GOLD1", "free_parking_hours", "2025-06-10T09:00", 2)
        self.check("GOLD1", "free_parking_hours", "2025-06-10T12:00", "quota_exhausted", 0, "2025-06-10")
        # unlimited: left is None
        self.check("PLAT", "priority_checkout", "2025-06-10T12:00", "ok", None, None)

    def test_checkout_lists_every_benefit(self):
        e = self.engine
        at = datetime.datetime(2025, 12, 20, 15, 30)
        screen = e.checkout("PLAT", at)
        self.assertEqual(tuple(x.benefit for x in screen), IDS)
        self.assertEqual(len(screen), 6)
        self.assertEqual((screen.customer, screen.at, screen.tier, screen.tier_rank), ("PLAT", at, "platinum", 2))
        self.assertDecision(screen[IDS[0]], IDS[0], "ok", 1, "2025-12-31")
        self.assertDecision(screen[IDS[1]], IDS[1], "ok", 3, "2025-12-20")
        self.assertDecision(screen[IDS[2]], IDS[2], "ok", None, None)
        self.assertDecision(screen[IDS[3]], IDS[3], "tier_too_low", 0, None)
        self.assertDecision(screen[IDS[4]], IDS[4], "ok", 1, "2025-12-31")
        self.assertDecision(screen[IDS[5]], IDS[5], "outside_window", 1, None)
        self.assertEqual(screen["free_parking_hours"].name, "Free parking (hours)")
        self.assertEqual([x.benefit for x in screen.eligible()], [IDS[0], IDS[1], IDS[2], IDS[4]])
        with self.assertRaises(KeyError):
            screen["spa_day"]
        unknown = e.checkout("NOBODY", at)
        self.assertEqual(len(unknown), 6)
        for x in unknown:
            self.assertDecision(x, x.benefit, "unknown_customer", 0, None)
        with self.assertRaises(vipcare.TimestampError):
            e.checkout("PLAT", "10000-01-01T00:00")

    def test_tier_specific_quotas_and_a_rise_during_the_day(self):
        e = self.engine
        self.check("GOLD1", "free_parking_hours", "2025-06-10T08:00", "ok", 2, "2025-06-10")
        self.check("PLAT", "free_parking_hours", "2025-06-10T08:00", "ok", 3, "2025-06-10")
        start = d("2025-01-06")
        e.add_transactions(
            {"id": "D%d" % w, "customer": "DIA", "amount": m(200000),
             "ts": datetime.datetime.combine(start + datetime.timedelta(days=7 * w), datetime.time(11))}
            for w in range(52))
        self.check("DIA", "free_parking_hours", "2025-12-29T18:00", "ok", 5, "2025-12-29")
        self.assertEqual(e.checkout("DIA", "2025-12-29T18:00").tier, "diamond")
        e.redeem("P-1", "GOLD1", "free_parking_hours", "2025-06-10T10:00", 2)
        self.check("GOLD1", "free_parking_hours", "2025-06-10T10:05", "quota_exhausted", 0, "2025-06-10")
        sale(e, "G2", "GOLD1", "2025-06-10T12:00", m(4000000))
        self.check("GOLD1", "free_parking_hours", "2025-06-10T13:00", "ok", 1, "2025-06-10")
        self.assertEqual(e.checkout("GOLD1", "2025-06-10T13:00").tier, "platinum")

    def test_quota_resets_at_period_boundaries(self):
        e = self.engine
        e.redeem("D1", "GOLD1", "free_parking_hours", "2025-06-10T23:59:59", 2)
        self.check("GOLD1", "free_parking_hours", "2025-06-10T23:59:59", "quota_exhausted", 0, "2025-06-10")
        self.check("GOLD1", "free_parking_hours", "2025-06-11T00:00", "ok", 2, "2025-06-11")
        e.redeem("Q1", "PLAT", "vip_event_invite", "2025-03-31T20:00", 1)
        self.check("PLAT", "vip_event_invite", "2025-03-01T08:00", "quota_exhausted", 0, "2025-03-31")
        self.check("PLAT", "vip_event_invite", "2025-04-01T08:00", "ok", 1, "2025-06-30")
        e.redeem("Y1", "PLAT", "birthday_coupon", "2025-12-31T10:00", 1)
        self.check("PLAT", "birthday_coupon", "2025-12-31T23:00", "quota_exhausted", 0, "2025-12-31")
        self.check("PLAT", "birthday_coupon", "2026-12-01T10:00", "tier_too_low", 0, None)
        sale(e, "P2", "PLAT", "2026-06-01T10:00", GOLD)
        self.check("PLAT", "birthday_coupon", "2026-12-01T10:00", "ok", 1, "2026-12-31")
        sale(e, "NB1", "NEWBIE", "2025-05-05T10:00", m(1000))
        e.redeem("W1", "NEWBIE", "welcome_gift", "2025-05-05T10:05", 1)
        self.check("NEWBIE", "welcome_gift", "2025-05-06T10:00", "quota_exhausted", 0, None)
        self.check("NEWBIE", "welcome_gift", "2035-05-06T10:00", "outside_window", 0, None)

    def test_birthday_month(self):
        e = self.engine
        sale(e, "M2", "MEM", "2025-01-20T10:00", GOLD)
        self.check("MEM", "birthday_coupon", "2025-02-01T00:00", "ok", 1, "2025-12-31")
        self.check("MEM", "birthday_coupon", "2025-02-28T23:59", "ok", 1, "2025-12-31")
        self.check("MEM", "birthday_coupon", "2025-03-01T00:00", "outside_window", 1, "2025-12-31")
        self.check("MEM", "birthday_coupon", "2025-01-31T23:59", "outside_window", 1, "2025-12-31")

    def test_first_days_window(self):
        e = self.engine
        self.check("NEWBIE", "welcome_gift", "2025-05-01T10:00", "outside_window", 1, None)
        sale(e, "NB1", "NEWBIE", "2025-05-05T16:00", m(1000))
        self.check("NEWBIE", "welcome_gift", "2025-05-05T08:00", "ok", 1, None)
        self.check("NEWBIE", "welcome_gift", "2025-06-03T23:59", "ok", 1, None)
        self.check("NEWBIE", "welcome_gift", "2025-06-04T00:00", "outside_window", 1, None)
        self.check("NEWBIE", "welcome_gift", "2025-05-04T23:59", "outside_window", 1, None)

    def test_redemption_is_idempotent(self):
        e = self.engine
        first = e.redeem("POS1-77", "PLAT", "free_parking_hours", "2025-06-10T09:00", 2)
        self.assertFalse(first.replayed)
        self.assertDecision(first.decision, "free_parking_hours", "ok", 1, "2025-06-10")
        again = e.redeem("POS1-77", "PLAT", "free_parking_hours", "2025-06-10T09:00", 2)
        self.assertTrue(again.replayed)
        self.assertEqual(e.redemption_count, 1)
        self.check("PLAT", "free_parking_hours", "2025-06-10T10:00", "ok", 1, "2025-06-10")
        with self.assertRaises(vipcare.DuplicateError) as caught:
            e.redeem("POS1-77", "PLAT", "free_parking_hours", "2025-06-10T09:00", 1)
        self.assertIn('"POS1-77"', str(caught.exception))
        with self.assertRaises(vipcare.DuplicateError):
            e.redeem("POS1-77", "GOLD1", "free_parking_hours", "2025-06-10T09:00", 2)
        with self.assertRaises(vipcare.RefusedError) as caught:
            e.redeem("POS1-78", "PLAT", "free_parking_hours", "2025-06-10T11:00", 2)
        self.assertEqual(caught.exception.reason, "quota_exhausted")
        self.assertDecision(caught.exception.decision, "free_parking_hours", "quota_exhausted", 1, "2025-06-10")
        self.assertIn("quota_exhausted", str(caught.exception))
        self.assertEqual(e.redemption_count, 1)
        self.assertDecision(e.redeem("POS1-78", "PLAT", "free_parking_hours", "2025-06-10T11:00", 1).decision,
                            "free_parking_hours", "ok", 0, "2025-06-10")
        e.redeem("POS1-10", "PLAT", "free_parking_hours", "2025-06-01T09:00", 3)
        self.check("PLAT", "free_parking_hours", "2025-06-01T20:00", "quota_exhausted", 0, "2025-06-01")
        self.check("PLAT", "free_parking_hours", "2025-06-02T20:00", "ok", 3, "2025-06-02")
        for rid, who, benefit, reason in [("X1", "NOBODY", "free_parking_hours", "unknown_customer"),
                                          ("X2", "MEM", "free_parking_hours", "tier_too_low"),
                                          ("X3", "PLAT", "massage", "unknown_benefit")]:
            with self.assertRaises(vipcare.RefusedError) as caught:
                e.redeem(rid, who, benefit, "2025-06-10T09:00", 1)
            self.assertEqual(caught.exception.reason, reason)
        with self.assertRaises(vipcare.OutOfRangeError):
            e.redeem("X4", "PLAT", "free_parking_hours", "2025-06-10T09:00", 0)
        with self.assertRaises(vipcare.IdError):
            e.redeem("", "PLAT", "free_parking_hours", "2025-06-10T09:00", 1)
        self.assertDecision(e.redeem("U1", "PLAT", "priority_checkout", "2025-06-10T09:00", 1000).decision,
                            "priority_checkout", "ok", None, None)
        self.assertEqual(e.redemption_count, 4)


class WeeklyPolicyBenefits(BenefitsTest):
    policy = staticmethod(weekly_policy)

    def test_iso_week_and_month_boundaries(self):
        e = self.engine
        sale(e, "E1", "MEM", "2024-12-01T10:00", m(100))
        e.redeem("C1", "MEM", "coffee", "2024-12-29T18:00", 1)
        self.check("MEM", "coffee", "2024-12-29T19:00", "quota_exhausted", 0, "2024-12-29")
        self.check("MEM", "coffee", "2024-12-30T08:00", "ok", 1, "2025-01-05")
        e.redeem("C2", "MEM", "coffee", "2024-12-31T08:00", 1)
        self.check("MEM", "coffee", "2025-01-05T21:00", "quota_exhausted", 0, "2025-01-05")
        self.check("MEM", "coffee", "2025-01-06T00:00", "ok", 1, "2025-01-12")
        e.redeem("V1", "MEM", "valet", "2024-02-29T12:00", 2)
        self.check("MEM", "valet", "2024-02-01T12:00", "quota_exhausted", 0, "2024-02-29")
        self.check("MEM", "valet", "2024-03-01T00:00", "ok", 2, "2024-03-31")

    def test_birthday_windows(self):
        cases = [("NEWBIE", "2024-12-26T10:00", "ok", "2024-12-31"),
                 ("NEWBIE", "2024-12-25T23:59", "outside_window", "2024-12-31"),
                 ("NEWBIE", "2025-01-09T10:00", "ok", "2025-12-31"),
                 ("NEWBIE", "2025-01-10T00:00", "outside_window", "2025-12-31"),
                 ("MEM", "2025-02-21T10:00", "ok", "2025-12-31"),
                 ("MEM", "2025-02-20T10:00", "outside_window", "2025-12-31"),
                 ("MEM", "2025-03-07T10:00", "ok", "2025-12-31"),
                 ("MEM", "2025-03-08T10:00", "outside_window", "2025-12-31"),
                 ("MEM", "2024-03-07T10:00", "ok", "2024-12-31"),
                 ("MEM", "2024-03-08T10:00", "outside_window", "2024-12-31"),
                 ("NOBDAY", "2025-01-01T10:00", "unknown_birthday", "2025-12-31")]
        for customer, when, reason, end in cases:
            with self.subTest(customer=customer, when=when):
                self.check(customer, "cake", when, reason, 1, end)

    def test_the_policy_built_in_python(self):
        p = self.engine.policy
        self.assertEqual(p.benefits[-3:], ("coffee", "valet", "cake"))
        self.assertEqual(p.benefit_quota("coffee", "member"), (1, "week"))
        self.assertEqual(p.benefit_window("cake"), ("birthday_days", 7))
        self.assertEqual(p.benefit_min_tier("cake"), "member")


if __name__ == "__main__":
    unittest.main()
