"""Dates, timestamps and money: the binding's conversions agree with the
library's own parsers and formatters."""

import ctypes
import datetime
import unittest
from decimal import Decimal

import vipcare
from vipcare import _values
from vipcare._clib import lib


def library_date(text):
    out = ctypes.c_int32()
    raw = text.encode()
    assert lib.vipcare_date_parse(ctypes.byref(out), raw, len(raw), None, 0) == 0
    return out.value


def library_format_date(days):
    buf = ctypes.create_string_buffer(11)
    assert lib.vipcare_date_format(buf, 11, days) == 0
    return buf.value.decode()


def library_format_ts(seconds):
    buf = ctypes.create_string_buffer(20)
    assert lib.vipcare_timestamp_format(buf, 20, seconds) == 0
    return buf.value.decode()


class DatesTest(unittest.TestCase):
    def test_dates_agree_with_the_library(self):
        day = datetime.date(1900, 1, 1)
        samples = [day + datetime.timedelta(days=k) for k in range(0, 2932897, 997)]
        samples += [datetime.date(9999, 12, 31), datetime.date(1970, 1, 1), datetime.date(2024, 2, 29)]
        for value in samples:
            days = _values.date_to_c(value)
            self.assertEqual(days, library_date(value.isoformat()))
            self.assertEqual(_values.date_from_c(days), value)
            self.assertEqual(library_format_date(days), value.isoformat())
        self.assertEqual(_values.date_to_c(datetime.date(1900, 1, 1)), -25567)
        self.assertEqual(_values.date_to_c(datetime.date(9999, 12, 31)), 2932896)
        self.assertEqual(_values.date_to_c("20250301"), library_date("2025-03-01"))
        self.assertIsNone(_values.date_from_c(_values.DATE_NONE))

    def test_timestamps_agree_with_the_library(self):
        for text in ("1900-01-01T00:00:00", "1969-12-31T23:59:59", "2025-03-01T10:15:30", "9999-12-31T23:59:59"):
            value = datetime.datetime.fromisoformat(text)
            seconds = _values.timestamp_to_c(value)
            self.assertEqual(seconds, _values.timestamp_to_c(text))
            self.assertEqual(library_format_ts(seconds), text)
            self.assertEqual(_values.timestamp_from_c(seconds), value)
        # a space for T, a bare date, and fractions of a second dropped
        self.assertEqual(_values.timestamp_to_c("2025-03-01 10:15"), _values.timestamp_to_c("2025-03-01T10:15:00"))
        self.assertEqual(_values.timestamp_to_c(datetime.date(2025, 3, 1)), _values.timestamp_to_c("2025-03-01"))
        self.assertEqual(_values.timestamp_to_c(datetime.datetime(2025, 3, 1, 10, 15, 30, 999999)),
                         _values.timestamp_to_c("2025-03-01T10:15:30"))
        self.assertEqual(_values.timestamp_to_c(datetime.datetime(1969, 12, 31, 23, 59, 59, 500000)), -1)


class MoneyTest(unittest.TestCase):
    def test_money_is_exact(self):
        cases = {Decimal("0.10"): 10, Decimal("12.5"): 1250, Decimal("-1234.50"): -123450, Decimal("1.500"): 150,
                 Decimal("1E+3"): 100000, 7: 700, "3.2": 320, "-0.05": -5, Decimal("92233720368547758.07"): 2 ** 63 - 1}
        for value, minor in cases.items():
            self.assertEqual(_values.money_to_c(value), minor, value)
        for minor in (0, 5, -5, 123456, -123450, 2 ** 63 - 1, -(2 ** 63)):
            amount = _values.money_from_c(minor)
            self.assertEqual(str(amount), _values.format_money(minor))
            self.assertEqual(_values.money_to_c(amount), minor)
        self.assertEqual(vipcare.format_money(Decimal("1234.5")), "1234.50")

    def test_money_refuses_what_it_cannot_hold(self):
        for bad in (Decimal("0.001"), Decimal("1.005"), Decimal("NaN"), Decimal("Infinity"),
                    Decimal("92233720368547758.08"), "1,000.00", "1e3", "12.345", " 12", ""):
            with self.assertRaises(vipcare.MoneyError, msg=repr(bad)):
                _values.money_to_c(bad)
        for bad in (1.5, True, None, [1]):
            with self.assertRaises(TypeError, msg=repr(bad)):
                _values.money_to_c(bad)


if __name__ == "__main__":
    unittest.main()
