"""Points through the binding: the worked example of docs/points.md and
the exact expectations of tests/test-points.c."""

import datetime
import unittest

import vipcare

from .helpers import d, m, refund, sale


class PointsTest(unittest.TestCase):
    def setUp(self):
        self.engine = vipcare.Engine()

    def tearDown(self):
        self.engine.close()

    def test_worked_example_of_the_docs(self):
        e = self.engine
        sale(e, "M1", "MEI", "2024-11-20T15:00", m(80000))
        sale(e, "M2", "MEI", "2025-02-14T19:30", m(950000))
        sale(e, "M3", "MEI", "2025-05-01T11:00", m(4500000))
        refund(e, "M4", "MEI", "2025-06-10T10:00", m(500000), "M3")
        e.redeem_points("MR1", "MEI", datetime.datetime(2025, 9, 1, 9, 0), 500, reason="parking")
        self.assertEqual(e.points_balance("MEI", d("2025-05-01")).balance, 77800)
        self.assertEqual(e.points_balance("MEI", d("2025-06-10")).balance, 70300)
        b = e.points_balance("MEI", d("2025-12-31"))
        self.assertEqual((b.balance, b.next_expiry, b.next_expiry_points), (69800, d("2025-12-31"), 300))
        b = e.points_balance("MEI", d("2026-01-01"))
        self.assertEqual((b.balance, b.next_expiry, b.next_expiry_points), (69500, d("2026-12-31"), 69500))
        self.assertEqual(e.points_redemption_count, 1)
        self.assertEqual(e.kpis(d("2025-01-01"), d("2025-12-31"))["points"],
                         {"issued": 69500, "redeemed": 500, "expired": 0, "outstanding": 69800})

    def test_refused_retried_and_duplicate(self):
        e = self.engine
        sale(e, "L1", "L", "2024-12-31T12:00", m(1000))
        sale(e, "L2", "L", "2025-01-01T12:00", m(2000))
        at = datetime.datetime(2025, 6, 1, 10, 0)
        e.redeem_points("R1", "L", at, 25)
        e.redeem_points("R1", "L", at, 25)  # a retry spends nothing more
        self.assertEqual(e.points_balance("L", d("2025-06-01")).balance, 5)
        with self.assertRaises(vipcare.RefusedError) as caught:
            e.redeem_points("R2", "L", datetime.datetime(2025, 7, 1), 6)
        self.assertEqual(caught.exception.reason, "insufficient_points")
        self.assertEqual(str(caught.exception),
                         'points redemption "R2" of 6 refused: insufficient_points (balance 5)')
        with self.assertRaises(vipcare.VipcareError):
            e.redeem_points("R1", "L", at, 24)
        with self.assertRaises(vipcare.VipcareError):
            e.points_balance("NOBODY", d("2025-01-01"))


if __name__ == "__main__":
    unittest.main()
