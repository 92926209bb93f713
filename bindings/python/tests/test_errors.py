"""Errors: one exception class per status code, carrying the library's
detailed message; the binding's own checks before a call."""

import datetime
import unittest
from decimal import Decimal

import vipcare
from vipcare import errors

from .helpers import m, sale

# Every code of enum vipcare_status (include/vipcare/common.h).
STATUSES = {
    -1: "InvalidArgumentError", -2: "OutOfMemoryError", -3: "BufferTooSmallError", -4: "FileError",
    -5: "StaleError", -6: "LimitError", -100: "DateError", -101: "TimestampError", -102: "MoneyError",
    -103: "IdError", -104: "OutOfRangeError", -200: "PolicySyntaxError", -201: "PolicyKeyError",
    -202: "PolicyValueError", -203: "PolicyInvalidError", -204: "UnknownTierError",
    -300: "DuplicateError", -301: "UnknownCustomerError", -302: "RefundOfRefundError",
    -303: "RefundCustomerError", -304: "RefundExceedsError", -305: "IncompleteError",
    -306: "UnknownTransactionError", -400: "RefusedError", -500: "CorruptError", -501: "VersionError",
    -502: "ForeignError", -503: "MismatchError",
}


class StatusClassesTest(unittest.TestCase):
    def test_one_class_per_status(self):
        for status, name in STATUSES.items():
            cls = vipcare.error_class(status)
            self.assertEqual(cls.__name__, name)
            self.assertEqual(cls.status, status)
            self.assertTrue(issubclass(cls, vipcare.VipcareError))
            # the library knows the code: its text is not "unknown status"
            self.assertNotEqual(vipcare.strerror(status), "unknown status", status)
        self.assertEqual(vipcare.strerror(-300), "duplicate id")
        self.assertEqual(vipcare.strerror(-9999), "unknown status")

    def test_groups(self):
        self.assertTrue(issubclass(vipcare.DateError, ValueError))
        self.assertTrue(issubclass(vipcare.PolicyKeyError, vipcare.PolicyError))
        self.assertTrue(issubclass(vipcare.RefundExceedsError, vipcare.RecordError))
        self.assertTrue(issubclass(vipcare.FileError, OSError))
        # a code added to the library later gets its group's class
        self.assertIs(vipcare.error_class(-150), errors.BadValueError)
        self.assertIs(vipcare.error_class(-250), errors.PolicyError)
        self.assertIs(vipcare.error_class(-399), errors.RecordError)
        self.assertIs(vipcare.error_class(-450), errors.BenefitError)
        self.assertIs(vipcare.error_class(-599), errors.DataError)
        self.assertIs(vipcare.error_class(-7), vipcare.VipcareError)


class LibraryMessagesTest(unittest.TestCase):
    def setUp(self):
        self.engine = vipcare.Engine()
        self.addCleanup(self.engine.close)

    def test_engine_message(self):
        e = self.engine
        sale(e, "T1", "C1", "2025-01-01T10:00", m(100))
        with self.assertRaises(vipcare.DuplicateError) as caught:
            sale(e, "T1", "C1", "2025-01-02T10:00", m(200))
        exc = caught.exception
        self.assertEqual(exc.status, -300)
        self.assertEqual(exc.strerror, "duplicate id")
        self.assertEqual(str(exc), e.last_error)
        self.assertEqual(exc.message, 'transaction "T1" was already recorded; this one is ignored')
        self.assertEqual(e.transaction_count, 1)

    def test_refund_messages(self):
        e = self.engine
        sale(e, "S1", "A", "2025-01-01T10:00", m(10000))
        sale(e, "S2", "B", "2025-01-01T10:00", m(10000))
        with self.assertRaises(vipcare.RefundExceedsError) as caught:
            e.add_transaction(id="R1", customer="A", ts="2025-01-02", amount=Decimal("100.01"), kind="refund",
                              original="S1")
        self.assertIn('"S1"', str(caught.exception))
        with self.assertRaises(vipcare.RefundCustomerError):
            e.add_transaction(id="R2", customer="A", ts="2025-01-02", amount=1, kind="refund", original="S2")
        e.add_transaction(id="R3", customer="A", ts="2025-01-02", amount=1, kind="refund", original="S1")
        with self.assertRaises(vipcare.RefundOfRefundError):
            e.add_transaction(id="R4", customer="A", ts="2025-01-02", amount=1, kind="refund", original="R3")
        with self.assertRaises(vipcare.IncompleteError) as caught:
            e.add_transaction(id="R5", customer="A", amount=1)
        self.assertEqual(str(caught.exception), e.last_error)
        self.assertEqual(e.transaction_count, 3)

    def test_record_setter_message(self):
        # the record's own last error, raised by the setter that failed
        c = vipcare.Customer()
        with self.assertRaises(vipcare.IdError) as caught:
            c.id = "X" * 65
        self.assertEqual(str(caught.exception), c.last_error)
        self.assertNotEqual(c.last_error, "")
        with self.assertRaises(vipcare.DateError) as caught:
            c.birthday = (2, 30)
        self.assertEqual(str(caught.exception), c.last_error)
        t = vipcare.Transaction()
        with self.assertRaises(vipcare.MoneyError) as caught:
            t.amount = 0
        self.assertEqual(str(caught.exception), t.last_error)
        c.close()
        t.close()

    def test_parser_messages(self):
        with self.assertRaises(vipcare.MoneyError) as caught:
            vipcare.Transaction(amount="12.345")
        self.assertIn("12.345", str(caught.exception))
        self.assertTrue(str(caught.exception).startswith("amount: "))
        with self.assertRaises(vipcare.TimestampError) as caught:
            vipcare.Transaction(ts="2025-13-01T10:00")
        self.assertIn("2025-13-01T10:00", str(caught.exception))
        with self.assertRaises(vipcare.DateError):
            vipcare.Customer(joined="2025-02-29")

    def test_policy_message_names_file_line_column(self):
        with self.assertRaises(vipcare.PolicyKeyError) as caught:
            vipcare.Policy.from_text("[program]\nwindow_dayz = 30\n", "mall.ini")
        self.assertTrue(str(caught.exception).startswith("mall.ini:2:"), str(caught.exception))
        self.assertIn("window_dayz", str(caught.exception))
        with self.assertRaises(vipcare.FileError) as caught:
            vipcare.Policy.from_file("/nonexistent/mall.ini")
        self.assertIn("/nonexistent/mall.ini", str(caught.exception))

    def test_binding_checks_before_the_call(self):
        # wrong Python types and NUL characters never reach the library
        with self.assertRaises(TypeError):
            vipcare.Transaction(amount=12.5)
        with self.assertRaises(ValueError) as caught:
            self.engine.score("C1\0X", "2025-01-01")
        self.assertIn("NUL", str(caught.exception))
        with self.assertRaises(ValueError) as caught:
            vipcare.Transaction(ts=datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone.utc))
        self.assertIn("time zone", str(caught.exception))
        with self.assertRaises(TypeError):
            vipcare.Engine(policy="default")
        with self.assertRaises(TypeError):
            self.engine.redeem("R1", "C1", "free_parking_hours", "2025-01-01", 1.0)


if __name__ == "__main__":
    unittest.main()
