"""Customer and transaction records, reading them back, and the batched
recording of transactions."""

import datetime
import unittest
from decimal import Decimal

import vipcare

from .helpers import d, m


class RecordsTest(unittest.TestCase):
    def setUp(self):
        self.engine = vipcare.Engine()
        self.addCleanup(self.engine.close)

    def test_customer_round_trip(self):
        c = vipcare.Customer("C0042", birthday=datetime.date(1990, 12, 8), joined="2024-05-01",
                             consent={"sms", "app"}, marketing_opt_out=True, advisor="ADV7",
                             override_tier="gold", override_until=d("2025-12-31"))
        self.assertEqual(c.as_dict(), {
            "id": "C0042", "birthday": (12, 8), "joined": d("2024-05-01"), "consent": frozenset({"sms", "app"}),
            "marketing_opt_out": True, "advisor": "ADV7", "override_tier": "gold", "override_until": d("2025-12-31")})
        self.engine.add_customer(c)
        back = self.engine.get_customer("C0042")
        self.assertEqual(back.as_dict(), c.as_dict())
        # the record is reusable: the engine copied what it keeps
        c.fill("C0043")
        self.assertEqual(c.as_dict()["birthday"], None)
        self.engine.add_customer(c)
        self.assertEqual(self.engine.customer_count, 2)
        self.assertEqual(self.engine.get_customer("C0042").advisor, "ADV7")
        with self.assertRaises(vipcare.DuplicateError):
            self.engine.add_customer(id="C0042")
        with self.assertRaises(vipcare.UnknownCustomerError):
            self.engine.get_customer("NOBODY")
        with self.assertRaises(vipcare.UnknownTierError):
            self.engine.add_customer(id="C9", override_tier="bronze")

    def test_transaction_round_trip(self):
        t = vipcare.Transaction("POS7-000123", "C0042", datetime.datetime(2025, 3, 1, 10, 15), Decimal("12500.00"),
                                store="S01", category="fashion")
        self.engine.add_transaction(t)
        r = vipcare.Transaction("POS7-000124", "C0042", "2025-03-02T09:00", "500", "refund", original="POS7-000123")
        self.engine.add_transaction(r)
        self.assertEqual(self.engine.get_transaction("POS7-000123").as_dict(), {
            "id": "POS7-000123", "customer": "C0042", "ts": datetime.datetime(2025, 3, 1, 10, 15),
            "amount": Decimal("12500.00"), "kind": "sale", "store": "S01", "category": "fashion", "original": None})
        back = self.engine.get_transaction("POS7-000124")
        self.assertEqual((back.kind, back.amount, back.original), ("refund", Decimal("500.00"), "POS7-000123"))
        self.assertEqual(self.engine.effective_joined("C0042"), d("2025-03-01"))
        self.assertEqual(self.engine.score("C0042", "2025-03-02").net_spend, Decimal("12000.00"))
        with self.assertRaises(vipcare.UnknownTransactionError):
            self.engine.get_transaction("NOPE")
        with self.assertRaises(vipcare.OutOfRangeError):
            t.kind = "return"

    def test_batch_of_mappings_and_records(self):
        e = self.engine
        rows = [{"id": "T%03d" % i, "customer": "C%d" % (i % 7), "ts": "2025-01-%02dT12:00" % (1 + i % 28),
                 "amount": m(10000 + i)} for i in range(200)]
        rows[50] = vipcare.Transaction("T050", "C1", "2025-02-01T12:00", "1.00")
        self.assertEqual(e.add_transactions(rows), 200)
        self.assertEqual(e.transaction_count, 200)
        self.assertEqual(e.get_transaction("T199").amount, m(10199))
        self.assertEqual(e.get_transaction("T050").amount, Decimal("1.00"))
        # stops at the first failure: the library's refusal...
        more = [{"id": "U%d" % i, "customer": "C1", "ts": "2025-03-01", "amount": 1} for i in range(100)]
        more[70]["id"] = "T001"
        with self.assertRaises(vipcare.DuplicateError) as caught:
            e.add_transactions(iter(more))
        self.assertEqual((caught.exception.index, caught.exception.recorded), (70, 70))
        self.assertIn('"T001"', str(caught.exception))
        self.assertEqual(e.transaction_count, 270)
        # ...or a bad value in a mapping, with the records before it recorded
        bad = [{"id": "V%d" % i, "customer": "C1", "ts": "2025-03-01", "amount": "1.00"} for i in range(10)]
        bad[6]["amount"] = "1.001"
        with self.assertRaises(vipcare.MoneyError) as caught:
            e.add_transactions(bad)
        self.assertEqual(caught.exception.index, 6)
        self.assertEqual(e.transaction_count, 276)
        self.assertEqual(e.add_transactions([]), 0)


if __name__ == "__main__":
    unittest.main()
