"""Conversions between Python values and the library's dates, timestamps,
money and text, and the checks that turn a status into an exception.

Dates are ``datetime.date``, timestamps naive ``datetime.datetime`` (local
civil time, as in the library: no time zone is ever applied), money
``decimal.Decimal`` with two fraction digits. Text forms (``"2025-03-01"``,
``"2025-03-01T10:00"``, ``"12.50"``) are accepted too and parsed by the
library's own parsers, so they follow its rules exactly and fail with its
messages.
"""

import ctypes
import datetime
import decimal

from ._clib import lib
from .errors import error_class

DATE_NONE = -(2 ** 31)
_EPOCH_DATE = datetime.date(1970, 1, 1)
_EPOCH = datetime.datetime(1970, 1, 1)
_EPOCH_ORDINAL = _EPOCH_DATE.toordinal()
_ERRBUF_SIZE = 256
_INT64_MIN, _INT64_MAX = -(2 ** 63), 2 ** 63 - 1


def fail(status, message):
    """Raises the exception of a status with a message."""
    cls = error_class(status)
    if not message:
        message = text(lib.vipcare_strerror(status))
    raise cls(message, status=status, strerror=text(lib.vipcare_strerror(status)))


def check(status, last_error, handle):
    """Raises when status is negative, with the handle's detailed message."""
    if status < 0:
        fail(status, text(last_error(handle)))
    return status


def text(raw):
    """A C string from the library (bytes or None) as str or None."""
    if raw is None:
        return None
    return raw.decode("utf-8", "replace")


def c_text(value, what, optional=False):
    """A str for the library: UTF-8 bytes, refusing NUL bytes (C would cut
    the text there without a word)."""
    if value is None:
        if optional:
            return None
        raise TypeError("%s: expected a str, got None" % what)
    if isinstance(value, bytes):
        raw = value
    elif isinstance(value, str):
        raw = value.encode("utf-8")
    else:
        raise TypeError("%s: expected a str, got %s" % (what, type(value).__name__))
    if b"\0" in raw:
        raise ValueError("%s: %r holds a NUL character" % (what, value))
    return raw


# ------------------------------------------------------------------ dates


def date_to_c(value, what="date", optional=False):
    """A date, a datetime (its date) or a text form, as the library's int32
    day number; None gives VIPCARE_DATE_NONE when optional."""
    if value is None:
        if optional:
            return DATE_NONE
        raise TypeError("%s: expected a date, got None" % what)
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.toordinal() - _EPOCH_ORDINAL
    if isinstance(value, str):
        return parse_date(value, what)
    raise TypeError("%s: expected a datetime.date or text, got %s" % (what, type(value).__name__))


def date_from_c(days):
    """The library's day number as a date; None for VIPCARE_DATE_NONE."""
    if days == DATE_NONE:
        return None
    return datetime.date.fromordinal(days + _EPOCH_ORDINAL)


def parse_date(value, what="date"):
    raw = c_text(value, what)
    out = ctypes.c_int32()
    err = ctypes.create_string_buffer(_ERRBUF_SIZE)
    rc = lib.vipcare_date_parse(ctypes.byref(out), raw, len(raw), err, _ERRBUF_SIZE)
    if rc < 0:
        fail(rc, "%s: %s" % (what, text(err.value)))
    return out.value


# ------------------------------------------------------------- timestamps


def timestamp_to_c(value, what="timestamp"):
    """A naive datetime (local civil time), a date (its midnight) or a text
    form, as the library's int64 seconds. Fractions of a second are
    dropped (the library counts whole seconds). An aware datetime is
    refused: the library never converts time zones, so neither do we."""
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:  # the common case, kept fast for the till
            return ((value.toordinal() - _EPOCH_ORDINAL) * 86400 + value.hour * 3600 + value.minute * 60
                    + value.second)
        if value.tzinfo.utcoffset(value) is not None:
            raise ValueError(
                "%s: %s has a time zone; libvipcare works in local civil time: pass "
                "a naive datetime (for example value.replace(tzinfo=None))" % (what, value.isoformat())
            )
        delta = value.replace(tzinfo=None) - _EPOCH
        return delta.days * 86400 + delta.seconds
    if isinstance(value, datetime.date):
        return (value.toordinal() - _EPOCH_ORDINAL) * 86400
    if isinstance(value, str):
        raw = c_text(value, what)
        out = ctypes.c_int64()
        err = ctypes.create_string_buffer(_ERRBUF_SIZE)
        rc = lib.vipcare_timestamp_parse(ctypes.byref(out), raw, len(raw), err, _ERRBUF_SIZE)
        if rc < 0:
            fail(rc, "%s: %s" % (what, text(err.value)))
        return out.value
    raise TypeError("%s: expected a datetime.datetime or text, got %s" % (what, type(value).__name__))


def timestamp_from_c(seconds):
    return _EPOCH + datetime.timedelta(seconds=seconds)


# ------------------------------------------------------------------ money


def money_to_c(value, what="amount"):
    """A Decimal, an int (whole units) or a text form as minor units.

    At most two fraction digits: more are refused, never rounded (DESIGN
    §2). A float is refused: binary floating point cannot hold 0.10.
    """
    if isinstance(value, bool) or isinstance(value, float):
        raise TypeError(
            "%s: %r is a %s; money is a decimal.Decimal, an int or text such as '12.50'"
            % (what, value, type(value).__name__)
        )
    if isinstance(value, int):
        value = decimal.Decimal(value)
    if isinstance(value, decimal.Decimal):
        if not value.is_finite():
            fail(-102, "%s: %s is not an amount of money" % (what, value))
        # Exact integer arithmetic on the digits: no decimal context rounds.
        sign, digits, exponent = value.as_tuple()
        coefficient = int("".join(map(str, digits)) or "0")
        shift = exponent + 2
        if shift >= 0:
            minor = coefficient * 10 ** shift
        else:
            minor, rest = divmod(coefficient, 10 ** -shift)
            if rest:
                fail(-102, "%s: %s has more than 2 fraction digits" % (what, value))
        if sign:
            minor = -minor
        if not _INT64_MIN <= minor <= _INT64_MAX:
            fail(-102, "%s: %s is out of range" % (what, value))
        return minor
    if isinstance(value, str):
        raw = c_text(value, what)
        out = ctypes.c_int64()
        err = ctypes.create_string_buffer(_ERRBUF_SIZE)
        rc = lib.vipcare_money_parse(ctypes.byref(out), raw, len(raw), err, _ERRBUF_SIZE)
        if rc < 0:
            fail(rc, "%s: %s" % (what, text(err.value)))
        return out.value
    raise TypeError("%s: expected a decimal.Decimal, int or text, got %s" % (what, type(value).__name__))


def money_from_c(minor):
    """Minor units as a Decimal with exactly two fraction digits."""
    return decimal.Decimal(minor).scaleb(-2)


def format_money(minor):
    """The library's own text of an amount (``-1234.50``)."""
    buf = ctypes.create_string_buffer(24)
    rc = lib.vipcare_money_format(buf, 24, minor)
    if rc < 0:
        fail(rc, None)
    return text(buf.value)


# ---------------------------------------------------------- named values


class Names:
    """A pinned C enumeration read from the library's own name function
    (``vipcare_channel_name(0)`` ...), so that values added later are
    known without a change here."""

    def __init__(self, what, name_fn, first=0, limit=64):
        self.what = what
        self.by_value = {}
        for value in range(first, limit):
            name = name_fn(value)
            if name is None:
                if value > first:
                    break
                continue
            self.by_value[value] = text(name)
        self.by_name = {name: value for value, name in self.by_value.items()}

    def value(self, name):
        if isinstance(name, int) and not isinstance(name, bool) and name in self.by_value:
            return name
        try:
            return self.by_name[name]
        except (KeyError, TypeError):
            fail(-104, "unknown %s %r (expected one of: %s)" % (self.what, name, ", ".join(self.by_name)))

    def name(self, value):
        return self.by_value.get(value)

    def __iter__(self):
        return iter(self.by_name)


CHANNELS = Names("channel", lib.vipcare_channel_name)
CARE_KINDS = Names("care kind", lib.vipcare_care_kind_name)
OUTCOMES = Names("care outcome", lib.vipcare_care_outcome_name)
REASONS = Names("reason", lib.vipcare_reason_name)
DECIDED_BY = Names("decided_by", lib.vipcare_decided_by_name)
PERIODS = Names("period", lib.vipcare_period_name)
SETTINGS = Names("setting", lib.vipcare_setting_name, first=1)
TXN_KINDS = {"sale": 0, "refund": 1}
WINDOWS = {"always": 0, "birthday_month": 1, "birthday_days": 2, "first_days": 3}
