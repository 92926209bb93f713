"""The policy: default, from file and text, to text, settings, tiers, and
the engine's own copy."""

import os
import tempfile
import unittest
from decimal import Decimal

import vipcare

from .helpers import GOLD, m, sale

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))


class PolicyTest(unittest.TestCase):
    def test_default_policy(self):
        p = vipcare.Policy()
        self.assertEqual(p.tiers, ("member", "gold", "platinum", "diamond"))
        self.assertEqual([p.tier_min_spend(t) for t in p.tiers],
                         [None, Decimal("10000.00"), Decimal("50000.00"), Decimal("100000.00")])
        self.assertEqual([p.tier_min_visits(t) for t in p.tiers], [None, None, None, 52])
        self.assertEqual({k: p[k] for k in vipcare.Policy.setting_names()},
                         {"window_days": 365, "retain_days": 0, "lapse_days": 90, "overdue_days": 14,
                          "sla_minutes": 120, "conversion_days": 30})
        self.assertEqual(p.vip_min_tier, "gold")
        self.assertEqual(p.benefits, ("birthday_coupon", "free_parking_hours", "priority_checkout",
                                      "dedicated_advisor", "vip_event_invite", "welcome_gift"))
        self.assertEqual([p.benefit_quota("free_parking_hours", t) for t in p.tiers],
                         [None, (2, "day"), (3, "day"), (5, "day")])
        self.assertEqual(p.benefit_quota("priority_checkout", "platinum"), (None, "unlimited"))
        self.assertEqual(p.benefit_quota("welcome_gift", "member"), (1, "lifetime"))
        self.assertEqual(p.benefit_window("birthday_coupon"), ("birthday_month", 0))
        self.assertEqual(p.care_channels("lapse"), ("phone", "wechat", "sms"))
        self.assertEqual(p.care_min_tier("lapse"), "gold")
        self.assertTrue(p.care_marketing("birthday"))
        self.assertFalse(p.care_marketing("welcome"))
        self.assertEqual([p.advisor_period(t) for t in p.tiers], [None, None, "quarter", "month"])
        p.validate()

    def test_file_and_text_round_trip(self):
        p = vipcare.Policy.from_file(os.path.join(TOP, "docs", "default-policy.ini"))
        self.assertEqual(p, vipcare.Policy())
        q = vipcare.Policy.from_text("[program]\nretain_days = 30\n[tier.gold]\nmin_spend = 8000\n")
        self.assertEqual(q["retain_days"], 30)
        self.assertEqual(q.tier_min_spend("gold"), Decimal("8000.00"))
        self.assertNotEqual(q, p)
        # to_text gives back an equal policy
        self.assertEqual(vipcare.Policy.from_text(q.to_text()), q)
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "mall.ini")
            with open(path, "w", encoding="utf-8") as f:
                f.write(q.to_text())
            self.assertEqual(vipcare.Policy.from_file(path), q)

    def test_a_failed_load_changes_nothing(self):
        p = vipcare.Policy()
        with self.assertRaises(vipcare.PolicyValueError) as caught:
            p.load_text("[program]\nretain_days = 7\nlapse_days = -1\n", "bad.ini")
        self.assertTrue(str(caught.exception).startswith("bad.ini:3:"), str(caught.exception))
        self.assertEqual(str(caught.exception), p.last_error)
        self.assertEqual(p["retain_days"], 0)
        self.assertEqual(p, vipcare.Policy())

    def test_setters_and_validation(self):
        p = vipcare.Policy()
        self.assertEqual(vipcare.Policy.setting_bounds("window_days")[0], 1)
        with self.assertRaises(vipcare.OutOfRangeError):
            p["window_days"] = 0
        with self.assertRaises(vipcare.OutOfRangeError):
            p["window_dayz"] = 30
        p.name = "Example Mall VIP"
        self.assertEqual(p.name, "Example Mall VIP")
        p.tiers = ["member", "silver", "gold", "platinum", "diamond"]
        with self.assertRaises(vipcare.PolicyInvalidError) as caught:
            p.validate()
        self.assertIn("silver", str(caught.exception))
        p.set_tier_min_spend("silver", "5000")
        p.set_benefit_quota("free_parking_hours", (1, "day"), tier="silver")
        p.set_benefit_min_tier("free_parking_hours", "silver")
        with self.assertRaises(vipcare.PolicyInvalidError) as caught:
            p.validate()
        self.assertEqual(str(caught.exception),
                         'benefit "welcome_gift" needs a quota for tier "silver" (min_tier is "member")')
        p.set_benefit_quota("welcome_gift", (1, "lifetime"), tier="silver")
        p.validate()
        self.assertEqual(p.tier_rank("silver"), 1)
        with self.assertRaises(vipcare.UnknownTierError):
            p.tier_rank("bronze")

    def test_engine_keeps_its_own_copy(self):
        p = vipcare.Policy()
        p["retain_days"] = 30
        with vipcare.Engine(p) as e:
            p["retain_days"] = 0
            p.set_tier_min_spend("gold", "1")
            sale(e, "S1", "K", "2024-06-01T12:00", GOLD)
            self.assertEqual(e.score("K", "2025-06-15").decided_by, "retention")
            self.assertEqual(e.policy["retain_days"], 30)
            self.assertEqual(e.policy.tier_min_spend("gold"), GOLD)
            copy = e.policy
            copy["retain_days"] = 1
            self.assertEqual(e.policy["retain_days"], 30)
        # an engine refuses a policy that does not validate
        p.tiers = ["member", "silver"]
        with self.assertRaises(vipcare.PolicyInvalidError):
            vipcare.Engine(p)
        self.assertEqual(m(1), Decimal("0.01"))


if __name__ == "__main__":
    unittest.main()
