"""Tier scoring through the binding: the same data and the same exact
expectations as tests/test-score.c (default policy unless said)."""

import unittest
from decimal import Decimal

import vipcare

from .helpers import DIAMOND, GOLD, PLATINUM, d, engine_with, m, refund, sale


class ScoreTest(unittest.TestCase):
    def setUp(self):
        self.engine = vipcare.Engine()

    def tearDown(self):
        self.engine.close()

    def assertTier(self, score, tier, decided_by):
        self.assertEqual((score.tier, score.decided_by), (tier, decided_by))

    def test_threshold_exact_and_one_fen_below(self):
        e = self.engine
        sale(e, "A1", "AT", "2025-03-01T11:00", GOLD)
        sale(e, "B1", "BELOW", "2025-03-01T11:00", GOLD - m(1))
        s = e.score("AT", "2025-06-30")
        self.assertTier(s, "gold", "metrics")
        self.assertEqual(s.tier_rank, 1)
        self.assertEqual(s.net_spend, Decimal("10000.00"))
        self.assertEqual(str(s.net_spend), "10000.00")
        self.assertEqual(s.visits, 1)
        self.assertEqual(s.next_tier, "platinum")
        self.assertEqual(s.spend_to_next, PLATINUM - GOLD)
        self.assertEqual(s.visits_to_next, 0)
        s = e.score("BELOW", d("2025-06-30"))
        self.assertTier(s, "member", "base")
        self.assertEqual(s.spend_to_next, Decimal("0.01"))
        self.assertEqual(s.next_tier, "gold")
        self.assertIsNone(s.tier_expires)
        self.assertTrue(s.is_member)

    def test_window_edges(self):
        e = self.engine
        sale(e, "O1", "OUT", "2024-12-31T23:59:59", GOLD)
        sale(e, "I1", "IN", "2025-01-01T00:00:00", GOLD)
        s = e.score("OUT", "2025-12-31")
        self.assertTier(s, "member", "base")
        self.assertEqual((s.net_spend, s.visits, s.lifetime_spend), (0, 0, GOLD))
        self.assertEqual(s.last_sale, d("2024-12-31"))
        s = e.score("OUT", "2025-12-30")
        self.assertTier(s, "gold", "metrics")
        self.assertEqual(s.tier_expires, d("2025-12-30"))
        s = e.score("IN", "2025-12-31")
        self.assertTier(s, "gold", "metrics")
        self.assertEqual(s.tier_expires, d("2025-12-31"))

    def test_everything_after_the_date_is_invisible(self):
        e = self.engine
        sale(e, "T1", "C", "2025-01-10T10:00", m(5000))
        sale(e, "T2", "C", "2025-02-10T10:00", m(7000))
        sale(e, "T3", "C", "2025-03-10T10:00", GOLD)
        s = e.score("C", "2025-02-10")
        self.assertEqual((s.net_spend, s.lifetime_spend, s.visits), (m(12000), m(12000), 2))
        self.assertEqual((s.first_sale, s.last_sale), (d("2025-01-10"), d("2025-02-10")))
        self.assertTier(s, "member", "base")
        s = e.score("C", "2025-01-09")
        self.assertFalse(s.is_member)
        self.assertIsNone(s.first_sale)
        self.assertIsNone(s.last_sale)
        self.assertEqual(s.lifetime_spend, 0)

    def test_visits_threshold(self):
        e = self.engine
        start = d("2025-01-06")
        import datetime
        for week in range(52):
            when = datetime.datetime.combine(start + datetime.timedelta(days=7 * week), datetime.time(15))
            sale(e, "W%d" % week, "WEEKLY", when, m(200000))
            if week < 51:
                sale(e, "X%d" % week, "ALMOST", when, m(200000))
        sale(e, "X51", "ALMOST", "2025-01-06T18:00", m(200000))
        s = e.score("WEEKLY", "2025-12-29")
        self.assertTier(s, "diamond", "metrics")
        self.assertEqual((s.visits, s.net_spend), (52, m(10400000)))
        # at the top tier the next tier and both gaps are empty
        self.assertEqual((s.next_tier, s.spend_to_next, s.visits_to_next), (None, None, None))
        self.assertEqual(s.tier_expires, d("2026-01-05"))
        s = e.score("ALMOST", "2025-12-29")
        self.assertTier(s, "platinum", "metrics")
        self.assertEqual((s.visits, s.net_spend, s.visits_to_next, s.spend_to_next), (51, m(10400000), 1, 0))

    def test_refunds_lower_spend_not_visits(self):
        e = self.engine
        sale(e, "S1", "R", "2025-04-01T10:00", m(1200000))
        refund(e, "R1", "R", "2025-04-03T10:00", m(300000), "S1")
        self.assertTier(e.score("R", "2025-04-02"), "gold", "metrics")
        s = e.score("R", "2025-04-03")
        self.assertTier(s, "member", "base")
        self.assertEqual((s.net_spend, s.visits, s.spend_to_next, s.lifetime_spend), (m(900000), 1, m(100000), m(900000)))
        self.assertEqual(s.last_sale, d("2025-04-01"))

    def test_refund_can_make_spend_negative(self):
        e = self.engine
        sale(e, "S1", "N", "2024-03-01", m(50000))
        refund(e, "R1", "N", "2025-04-03", m(50000), "S1")
        s = e.score("N", "2025-04-03")
        self.assertEqual(s.net_spend, Decimal("-500.00"))
        self.assertEqual(str(s.net_spend), "-500.00")
        self.assertEqual((s.visits, s.spend_to_next, s.lifetime_spend), (0, GOLD + m(50000), 0))

    def test_override_precedence_and_end(self):
        e = self.engine
        sale(e, "S1", "O", "2025-03-01", 2 * GOLD)
        e.set_override("O", "diamond", d("2025-06-30"))
        s = e.score("O", "2025-06-30")
        self.assertTier(s, "diamond", "override")
        self.assertEqual(s.tier_expires, d("2025-06-30"))
        self.assertIsNone(s.next_tier)
        s = e.score("O", "2025-01-01")
        self.assertTier(s, "diamond", "override")
        self.assertFalse(s.is_member)
        s = e.score("O", "2025-07-01")
        self.assertTier(s, "gold", "metrics")
        self.assertEqual(s.tier_expires, d("2026-02-28"))
        e.set_override("O", "member")
        s = e.score("O", "2025-07-01")
        self.assertTier(s, "member", "override")
        self.assertIsNone(s.tier_expires)
        self.assertEqual((s.next_tier, s.spend_to_next), ("gold", 0))
        e.set_override("O", "platinum", None)
        s = e.score("O", "2030-01-01")
        self.assertTier(s, "platinum", "override")
        self.assertIsNone(s.tier_expires)
        with self.assertRaises(vipcare.UnknownTierError) as caught:
            e.set_override("O", "bronze")
        self.assertIn('"bronze"', str(caught.exception))
        self.assertTier(e.score("O", "2030-01-01"), "platinum", "override")
        e.set_override("O", None)
        self.assertTier(e.score("O", "2025-07-01"), "gold", "metrics")
        with self.assertRaises(vipcare.UnknownCustomerError):
            e.set_override("NOBODY", "gold")
        # given in the customer record
        e.add_customer(vipcare.Customer("VIPGUEST", joined=d("2025-01-01"), override_tier="platinum",
                                        override_until="2025-12-31"))
        s = e.score("VIPGUEST", "2025-02-01")
        self.assertTier(s, "platinum", "override")
        self.assertEqual(s.tier_expires, d("2025-12-31"))
        self.assertTier(e.score("VIPGUEST", "2026-01-01"), "member", "base")

    def test_tier_expires_ignores_a_rise(self):
        e = self.engine
        sale(e, "S1", "UP", "2025-02-01", PLATINUM + m(500000))
        refund(e, "R1", "UP", "2025-01-15", m(1000000), "ELSEWHERE")
        s = e.score("UP", "2025-06-01")
        self.assertTier(s, "gold", "metrics")
        self.assertEqual(s.net_spend, Decimal("45000.00"))
        self.assertEqual(s.tier_expires, d("2026-01-31"))

    def test_next_tier_gaps(self):
        e = self.engine
        sale(e, "G1", "G30", "2025-05-01", 3 * GOLD)
        s = e.score("G30", "2025-05-01")
        self.assertTier(s, "gold", "metrics")
        self.assertEqual((s.spend_to_next, s.visits_to_next), (m(2000000), 0))
        for i in range(10):
            sale(e, "P%d" % i, "P60", "2025-05-%02dT10:00" % (i + 1), m(600000))
        s = e.score("P60", "2025-05-31")
        self.assertTier(s, "platinum", "metrics")
        self.assertEqual((s.next_tier, s.spend_to_next, s.visits_to_next), ("diamond", m(4000000), 42))

    def test_unknown_customer_and_bad_date(self):
        e = self.engine
        with self.assertRaises(vipcare.UnknownCustomerError) as caught:
            e.score("NOBODY", "2025-01-01")
        self.assertIn('"NOBODY"', str(caught.exception))
        self.assertEqual(caught.exception.status, -301)
        self.assertEqual(str(caught.exception), e.last_error)
        sale(e, "S1", "C", "2025-01-01", m(100))
        # a date the library refuses, given as text: its parser's message
        with self.assertRaises(vipcare.DateError) as caught:
            e.score("C", "2025-02-30")
        self.assertIn("2025-02-30", str(caught.exception))
        self.assertEqual(e.score("C", "9999-12-31").asof, d("9999-12-31"))
        self.assertEqual(e.score("C", "1900-01-01").asof, d("1900-01-01"))
        # a date object outside the library's range: the library says so
        import datetime
        with self.assertRaises(vipcare.DateError):
            e.score("C", datetime.date(1899, 12, 31))


class RetentionTest(unittest.TestCase):
    def setUp(self):
        self.engine = engine_with(retain_days=30)

    def tearDown(self):
        self.engine.close()

    def test_retention_keeps_the_tier(self):
        e = self.engine
        sale(e, "S1", "KEEP", "2024-06-01T12:00", GOLD)
        s = e.score("KEEP", "2025-05-31")
        self.assertEqual((s.tier, s.decided_by, s.tier_expires), ("gold", "metrics", d("2025-06-30")))
        s = e.score("KEEP", "2025-06-15")
        self.assertEqual((s.tier, s.decided_by, s.net_spend, s.spend_to_next, s.tier_expires),
                         ("gold", "retention", 0, PLATINUM, d("2025-06-30")))
        self.assertEqual(e.score("KEEP", "2025-06-30").decided_by, "retention")
        self.assertEqual(e.score("KEEP", "2025-07-01").tier, "member")

    def test_retention_keeps_the_higher_tier_after_a_fall(self):
        e = self.engine
        sale(e, "S1", "P", "2025-01-10", PLATINUM + m(100000))
        refund(e, "R1", "P", "2025-05-10", m(300000), "S1")
        s = e.score("P", "2025-05-20")
        self.assertEqual((s.tier, s.decided_by, s.tier_expires), ("platinum", "retention", d("2025-06-08")))
        s = e.score("P", "2025-06-09")
        self.assertEqual((s.tier, s.decided_by, s.tier_expires), ("gold", "metrics", d("2026-02-08")))


class CursorTest(unittest.TestCase):
    def test_cursor_walks_members_in_id_order(self):
        with vipcare.Engine() as e:
            for i, (cid, when, amount) in enumerate([
                    ("b", "2025-01-01", GOLD), ("a9", "2025-01-02", m(100)), ("a10", "2025-01-03", PLATINUM),
                    ("B", "2025-01-04", m(100)), ("A", "2025-01-05", m(100)), ("a", "2025-01-06", m(100)),
                    ("LATER", "2025-03-01", m(100))]):
                sale(e, str(i + 1), cid, when, amount)
            e.add_customer(id="NOSALE")
            with e.scores("2025-02-01") as cursor:
                self.assertEqual(len(cursor), 6)
                scores = list(cursor)
            self.assertEqual([s.customer for s in scores], ["A", "B", "a", "a10", "a9", "b"])
            # the same as scoring each customer alone
            for s in scores:
                self.assertEqual(s, e.score(s.customer, "2025-02-01"))
            self.assertEqual([s.tier for s in scores], ["member", "member", "member", "platinum", "member", "gold"])
            # a finished cursor has released its handle
            self.assertTrue(cursor.closed)

            # a change to the engine makes an open cursor stale
            cursor = e.scores("2025-02-01")
            self.assertEqual(next(cursor).tier, "member")
            sale(e, "8", "A", "2025-01-07", m(100))
            with self.assertRaises(vipcare.StaleError) as caught:
                next(cursor)
            self.assertEqual(caught.exception.status, -5)
            self.assertNotEqual(str(caught.exception), "")
            cursor.close()


if __name__ == "__main__":
    unittest.main()
