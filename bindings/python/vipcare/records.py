"""Customer and transaction records: reusable C records with Python
properties.

A record is filled with its properties (or the constructor's keywords),
handed to ``Engine.add_customer()`` or ``Engine.add_transaction()``, and may
then be cleared and filled again: the engine copies what it keeps. Every
setter is checked by the library at once, so a bad value fails on the line
that set it, with the library's message.
"""

import ctypes

from ._clib import lib
from ._handle import Handle, new_handle
from ._values import (
    CHANNELS, TXN_KINDS, c_text, check, date_from_c, date_to_c, fail, money_from_c, money_to_c,
    text, timestamp_from_c, timestamp_to_c,
)


class Customer(Handle):
    """A customer record: ``id``; ``birthday`` as ``(month, day)`` (a date
    also works, its year is not kept) or None; ``joined`` date or None;
    ``consent`` a set of channel names (``sms``, ``wechat``, ``phone``,
    ``email``, ``app``); ``marketing_opt_out``; ``advisor`` or None; and an
    override set with ``set_override(tier, until)``."""

    _unref_name = "vipcare_customer_unref"

    def __init__(self, id=None, *, birthday=None, joined=None, consent=(), marketing_opt_out=False,
                 advisor=None, override_tier=None, override_until=None):
        self._adopt(new_handle(lib.vipcare_customer_new))
        self.fill(id=id, birthday=birthday, joined=joined, consent=consent,
                  marketing_opt_out=marketing_opt_out, advisor=advisor,
                  override_tier=override_tier, override_until=override_until)

    @classmethod
    def _empty(cls):
        record = cls.__new__(cls)
        record._adopt(new_handle(lib.vipcare_customer_new))
        return record

    def fill(self, id=None, *, birthday=None, joined=None, consent=(), marketing_opt_out=False,
             advisor=None, override_tier=None, override_until=None):
        """Clears the record and sets the fields given."""
        lib.vipcare_customer_clear(self._h)
        if id is not None:
            self.id = id
        if birthday is not None:
            self.birthday = birthday
        if joined is not None:
            self.joined = joined
        if consent:
            self.consent = consent
        if marketing_opt_out:
            self.marketing_opt_out = marketing_opt_out
        if advisor is not None:
            self.advisor = advisor
        if override_tier is not None:
            self.set_override(override_tier, override_until)
        return self

    def _check(self, rc):
        return check(rc, lib.vipcare_customer_last_error, self._h)

    def clear(self):
        lib.vipcare_customer_clear(self._h)

    @property
    def last_error(self):
        return text(lib.vipcare_customer_last_error(self._h))

    @property
    def id(self):
        return text(lib.vipcare_customer_id(self._h))

    @id.setter
    def id(self, value):
        self._check(lib.vipcare_customer_set_id(self._h, c_text(value, "customer id")))

    @property
    def birthday(self):
        month, day = ctypes.c_int32(), ctypes.c_int32()
        known = self._check(lib.vipcare_customer_birthday(self._h, ctypes.byref(month), ctypes.byref(day)))
        return (month.value, day.value) if known else None

    @birthday.setter
    def birthday(self, value):
        if value is None:
            month, day = 0, 0
        elif hasattr(value, "month") and hasattr(value, "day"):
            month, day = value.month, value.day
        else:
            month, day = value
        self._check(lib.vipcare_customer_set_birthday(self._h, month, day))

    @property
    def joined(self):
        return date_from_c(lib.vipcare_customer_joined(self._h))

    @joined.setter
    def joined(self, value):
        self._check(lib.vipcare_customer_set_joined(self._h, date_to_c(value, "joined", optional=True)))

    @property
    def consent(self):
        h = self._h
        return frozenset(name for value, name in CHANNELS.by_value.items()
                         if self._check(lib.vipcare_customer_consent(h, value)) == 1)

    @consent.setter
    def consent(self, channels):
        if isinstance(channels, str):
            channels = [channels]
        wanted = {CHANNELS.value(c) for c in channels}
        for value in CHANNELS.by_value:
            self._check(lib.vipcare_customer_set_consent(self._h, value, 1 if value in wanted else 0))

    @property
    def marketing_opt_out(self):
        return bool(self._check(lib.vipcare_customer_marketing_opt_out(self._h)))

    @marketing_opt_out.setter
    def marketing_opt_out(self, value):
        self._check(lib.vipcare_customer_set_marketing_opt_out(self._h, 1 if value else 0))

    @property
    def advisor(self):
        return text(lib.vipcare_customer_advisor(self._h)) or None

    @advisor.setter
    def advisor(self, value):
        self._check(lib.vipcare_customer_set_advisor(self._h, c_text(value, "advisor", optional=True)))

    def set_override(self, tier, until=None):
        """A manual tier override by tier name, applying on every date up to
        ``until`` (None: no end); ``tier`` None removes it."""
        self._check(lib.vipcare_customer_set_override(
            self._h, c_text(tier, "override tier", optional=True), date_to_c(until, "override_until", optional=True)))

    @property
    def override_tier(self):
        return text(lib.vipcare_customer_override_tier(self._h)) or None

    @property
    def override_until(self):
        return date_from_c(lib.vipcare_customer_override_until(self._h))

    def as_dict(self):
        return {"id": self.id, "birthday": self.birthday, "joined": self.joined, "consent": self.consent,
                "marketing_opt_out": self.marketing_opt_out, "advisor": self.advisor,
                "override_tier": self.override_tier, "override_until": self.override_until}

    def __repr__(self):
        if self.closed:
            return "<vipcare.Customer (closed)>"
        return "<vipcare.Customer %r>" % (self.id,)


class Transaction(Handle):
    """A sale or refund record: ``id``, ``customer``, ``ts`` (a naive
    datetime or text), ``amount`` (a positive Decimal, int or text: the kind
    carries the sign), ``kind`` (``sale`` or ``refund``), ``store``,
    ``category`` and, for refunds, ``original`` (the refunded sale's id)."""

    _unref_name = "vipcare_transaction_unref"

    def __init__(self, id=None, customer=None, ts=None, amount=None, kind="sale", *, store=None,
                 category=None, original=None):
        self._adopt(new_handle(lib.vipcare_transaction_new))
        self.fill(id, customer, ts, amount, kind, store=store, category=category, original=original)

    def fill(self, id=None, customer=None, ts=None, amount=None, kind="sale", *, store=None,
             category=None, original=None):
        """Clears the record and sets the fields given."""
        h = self._h
        lib.vipcare_transaction_clear(h)
        if id is not None:
            self._check(lib.vipcare_transaction_set_id(h, c_text(id, "transaction id")))
        if customer is not None:
            self._check(lib.vipcare_transaction_set_customer(h, c_text(customer, "customer id")))
        if ts is not None:
            self._check(lib.vipcare_transaction_set_timestamp(h, timestamp_to_c(ts, "ts")))
        if amount is not None:
            self._check(lib.vipcare_transaction_set_amount(h, money_to_c(amount, "amount")))
        if kind != "sale" and kind is not None:
            self.kind = kind
        if store:
            self.store = store
        if category:
            self.category = category
        if original:
            self.original = original
        return self

    def _check(self, rc):
        return check(rc, lib.vipcare_transaction_last_error, self._h)

    def clear(self):
        lib.vipcare_transaction_clear(self._h)

    @property
    def last_error(self):
        return text(lib.vipcare_transaction_last_error(self._h))

    @property
    def id(self):
        return text(lib.vipcare_transaction_id(self._h))

    @id.setter
    def id(self, value):
        self._check(lib.vipcare_transaction_set_id(self._h, c_text(value, "transaction id")))

    @property
    def customer(self):
        return text(lib.vipcare_transaction_customer(self._h))

    @customer.setter
    def customer(self, value):
        self._check(lib.vipcare_transaction_set_customer(self._h, c_text(value, "customer id")))

    @property
    def ts(self):
        return timestamp_from_c(lib.vipcare_transaction_timestamp(self._h))

    @ts.setter
    def ts(self, value):
        self._check(lib.vipcare_transaction_set_timestamp(self._h, timestamp_to_c(value, "ts")))

    @property
    def amount(self):
        return money_from_c(lib.vipcare_transaction_amount(self._h))

    @amount.setter
    def amount(self, value):
        self._check(lib.vipcare_transaction_set_amount(self._h, money_to_c(value, "amount")))

    @property
    def kind(self):
        return "refund" if self._check(lib.vipcare_transaction_kind(self._h)) == TXN_KINDS["refund"] else "sale"

    @kind.setter
    def kind(self, value):
        if value not in TXN_KINDS:
            fail(-104, "transaction kind: %r is neither 'sale' nor 'refund'" % (value,))
        self._check(lib.vipcare_transaction_set_kind(self._h, TXN_KINDS[value]))

    @property
    def store(self):
        return text(lib.vipcare_transaction_store(self._h)) or None

    @store.setter
    def store(self, value):
        self._check(lib.vipcare_transaction_set_store(self._h, c_text(value, "store", optional=True)))

    @property
    def category(self):
        return text(lib.vipcare_transaction_category(self._h)) or None

    @category.setter
    def category(self, value):
        self._check(lib.vipcare_transaction_set_category(self._h, c_text(value, "category", optional=True)))

    @property
    def original(self):
        return text(lib.vipcare_transaction_original(self._h)) or None

    @original.setter
    def original(self, value):
        self._check(lib.vipcare_transaction_set_original(self._h, c_text(value, "original", optional=True)))

    def as_dict(self):
        return {"id": self.id, "customer": self.customer, "ts": self.ts, "amount": self.amount,
                "kind": self.kind, "store": self.store, "category": self.category, "original": self.original}

    def __repr__(self):
        if self.closed:
            return "<vipcare.Transaction (closed)>"
        return "<vipcare.Transaction %r %s %s of %r>" % (self.id, self.kind, self.amount, self.customer)
