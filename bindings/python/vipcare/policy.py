"""The policy: tiers, benefits, care rules and settings of a VIP programme."""

import ctypes
import os
from decimal import Decimal

from ._clib import lib
from ._handle import Handle, new_handle
from ._values import (
    CARE_KINDS, CHANNELS, PERIODS, SETTINGS, WINDOWS, c_text, check, fail, money_from_c,
    money_to_c, text,
)


class Policy(Handle):
    """A policy. ``Policy()`` is the default policy (DESIGN §8).

    ``Policy.from_file(path)`` and ``Policy.from_text(text)`` read a policy
    file over the default policy; ``to_text()`` writes the whole effective
    policy back. Settings are read and written by their policy-file key
    (``policy["window_days"] = 90``). An engine copies the policy it is
    made with, so changing a policy afterwards changes no engine.
    """

    _unref_name = "vipcare_policy_unref"

    def __init__(self):
        self._adopt(new_handle(lib.vipcare_policy_new))

    @classmethod
    def _adopting(cls, pointer):
        policy = cls.__new__(cls)
        policy._adopt(pointer)
        return policy

    @classmethod
    def from_file(cls, path):
        """The default policy with a policy file read over it."""
        policy = cls()
        policy.load_file(path)
        return policy

    @classmethod
    def from_text(cls, text_, name=None):
        """The default policy with policy text read over it; ``name`` is
        used for the text in messages (``name:line:column``)."""
        policy = cls()
        policy.load_text(text_, name)
        return policy

    def _check(self, rc):
        return check(rc, lib.vipcare_policy_last_error, self._h)

    @property
    def last_error(self):
        return text(lib.vipcare_policy_last_error(self._h))

    def load_file(self, path):
        """Reads a policy file over this policy; on error nothing changes."""
        self._check(lib.vipcare_policy_load_file(self._h, c_text(os.fspath(path), "path")))

    def load_text(self, text_, name=None):
        """Reads policy text over this policy; on error nothing changes."""
        raw = text_.encode("utf-8") if isinstance(text_, str) else bytes(text_)
        self._check(lib.vipcare_policy_load_string(self._h, raw, len(raw), c_text(name, "name", True)))

    def to_text(self):
        """The whole effective policy as policy-file text."""
        out = ctypes.c_void_p()
        rc = lib.vipcare_policy_to_text(self._h, ctypes.byref(out))
        if rc < 0:
            fail(rc, None)
        try:
            return ctypes.string_at(out.value).decode("utf-8")
        finally:
            lib.vipcare_free(out.value)

    def validate(self):
        """Checks the policy as a whole; raises PolicyInvalidError naming
        the first broken rule."""
        self._check(lib.vipcare_policy_validate(self._h))

    def copy(self):
        """An independent copy."""
        return Policy._adopting(new_handle(lib.vipcare_policy_copy, self._h))

    def __eq__(self, other):
        if not isinstance(other, Policy):
            return NotImplemented
        return bool(lib.vipcare_policy_equal(self._h, other._h))

    __hash__ = None

    # -------------------------------------------------------- settings

    @property
    def name(self):
        return text(lib.vipcare_policy_name(self._h))

    @name.setter
    def name(self, value):
        self._check(lib.vipcare_policy_set_name(self._h, c_text(value, "name")))

    @staticmethod
    def setting_names():
        """The numeric settings' keys (``window_days``, ``retain_days``...)."""
        return list(SETTINGS)

    @staticmethod
    def setting_bounds(key):
        """The allowed (min, max) of a numeric setting."""
        lo, hi = ctypes.c_int64(), ctypes.c_int64()
        rc = lib.vipcare_setting_bounds(SETTINGS.value(key), ctypes.byref(lo), ctypes.byref(hi))
        if rc < 0:
            fail(rc, None)
        return lo.value, hi.value

    def __getitem__(self, key):
        out = ctypes.c_int64()
        self._check(lib.vipcare_policy_get(self._h, SETTINGS.value(key), ctypes.byref(out)))
        return out.value

    def __setitem__(self, key, value):
        if not isinstance(value, int) or isinstance(value, bool):
            raise TypeError("setting %s: expected an int, got %s" % (key, type(value).__name__))
        self._check(lib.vipcare_policy_set(self._h, SETTINGS.value(key), value))

    # ----------------------------------------------------------- tiers

    @property
    def tiers(self):
        """The tier names, lowest (the base tier) first."""
        h = self._h
        return tuple(text(lib.vipcare_policy_tier_name(h, r)) for r in range(lib.vipcare_policy_tier_count(h)))

    @tiers.setter
    def tiers(self, names):
        raw = [c_text(n, "tier name") for n in names]
        array = (ctypes.c_char_p * max(1, len(raw)))(*raw)
        self._check(lib.vipcare_policy_set_tiers(self._h, array, len(raw)))

    def tier_rank(self, tier):
        """The rank of a tier name (0 is the base tier); an int is checked
        and returned as it is."""
        if isinstance(tier, int) and not isinstance(tier, bool):
            if not 0 <= tier < lib.vipcare_policy_tier_count(self._h):
                fail(-204, "tier rank %d: the policy has %d tiers" % (tier, lib.vipcare_policy_tier_count(self._h)))
            return tier
        rank = ctypes.c_int()
        self._check(lib.vipcare_policy_tier_rank(self._h, c_text(tier, "tier"), ctypes.byref(rank)))
        return rank.value

    def tier_min_spend(self, tier):
        """A tier's spend threshold as a Decimal, or None when it has none."""
        out = ctypes.c_int64()
        has = self._check(lib.vipcare_policy_tier_min_spend(self._h, self.tier_rank(tier), ctypes.byref(out)))
        return money_from_c(out.value) if has else None

    def set_tier_min_spend(self, tier, amount):
        """Sets a tier's spend threshold; None clears it."""
        rank = self.tier_rank(tier)
        if amount is None:
            self._check(lib.vipcare_policy_set_tier_min_spend(self._h, rank, 0, 0))
        else:
            self._check(lib.vipcare_policy_set_tier_min_spend(self._h, rank, 1, money_to_c(amount, "min_spend")))

    def tier_min_visits(self, tier):
        """A tier's visits threshold, or None when it has none."""
        out = ctypes.c_int32()
        has = self._check(lib.vipcare_policy_tier_min_visits(self._h, self.tier_rank(tier), ctypes.byref(out)))
        return out.value if has else None

    def set_tier_min_visits(self, tier, visits):
        """Sets a tier's visits threshold; None clears it."""
        rank = self.tier_rank(tier)
        if visits is None:
            self._check(lib.vipcare_policy_set_tier_min_visits(self._h, rank, 0, 0))
        else:
            self._check(lib.vipcare_policy_set_tier_min_visits(self._h, rank, 1, visits))

    @property
    def vip_min_tier(self):
        """The lowest tier that counts as VIP (KPIs), by name."""
        return text(lib.vipcare_policy_tier_name(self._h, self._check(lib.vipcare_policy_vip_min_tier(self._h))))

    @vip_min_tier.setter
    def vip_min_tier(self, tier):
        self._check(lib.vipcare_policy_set_vip_min_tier(self._h, self.tier_rank(tier)))

    # -------------------------------------------------------- benefits

    @property
    def benefits(self):
        """The benefit ids, in the policy's order (the checkout's order)."""
        h = self._h
        return tuple(text(lib.vipcare_policy_benefit_id(h, i)) for i in range(lib.vipcare_policy_benefit_count(h)))

    def _benefit_index(self, benefit):
        index = ctypes.c_size_t()
        self._check(lib.vipcare_policy_benefit_index(self._h, c_text(benefit, "benefit"), ctypes.byref(index)))
        return index.value

    def add_benefit(self, benefit, name=None, min_tier=None, quota=None, window=None):
        """Appends a benefit (name = id, lowest tier the base, window
        ``always`` unless given); ``quota`` as for set_benefit_quota()
        applies to every tier. Validate the policy afterwards."""
        index = ctypes.c_size_t()
        self._check(lib.vipcare_policy_add_benefit(self._h, c_text(benefit, "benefit"), ctypes.byref(index)))
        if name is not None:
            self.set_benefit_name(benefit, name)
        if min_tier is not None:
            self.set_benefit_min_tier(benefit, min_tier)
        if quota is not None:
            self.set_benefit_quota(benefit, quota)
        if window is not None:
            self.set_benefit_window(benefit, *((window,) if isinstance(window, str) else window))

    def benefit_name(self, benefit):
        return text(lib.vipcare_policy_benefit_name(self._h, self._benefit_index(benefit)))

    def set_benefit_name(self, benefit, name):
        self._check(lib.vipcare_policy_set_benefit_name(self._h, self._benefit_index(benefit), c_text(name, "name")))

    def benefit_min_tier(self, benefit):
        rank = self._check(lib.vipcare_policy_benefit_min_tier(self._h, self._benefit_index(benefit)))
        return text(lib.vipcare_policy_tier_name(self._h, rank))

    def set_benefit_min_tier(self, benefit, tier):
        self._check(lib.vipcare_policy_set_benefit_min_tier(self._h, self._benefit_index(benefit), self.tier_rank(tier)))

    def benefit_quota(self, benefit, tier):
        """A benefit's quota for a tier: ``(count, period)`` such as
        ``(2, "day")``, ``(None, "unlimited")``, or None when the tier has no
        quota."""
        period, count = ctypes.c_int(), ctypes.c_int32()
        has = self._check(lib.vipcare_policy_benefit_quota(
            self._h, self._benefit_index(benefit), self.tier_rank(tier), ctypes.byref(period), ctypes.byref(count)))
        if not has:
            return None
        name = PERIODS.name(period.value)
        return (None if name == "unlimited" else count.value, name)

    def set_benefit_quota(self, benefit, quota, tier=None):
        """Sets a benefit's quota for one tier, or every tier when ``tier``
        is None: ``"unlimited"`` or ``(count, period)`` with a period of
        day, week, month, quarter, year or lifetime."""
        if quota == "unlimited" or quota == (None, "unlimited"):
            count, period = 0, PERIODS.value("unlimited")
        else:
            count, period = quota[0], PERIODS.value(quota[1])
        rank = -1 if tier is None else self.tier_rank(tier)
        self._check(lib.vipcare_policy_set_benefit_quota(self._h, self._benefit_index(benefit), rank, period, count))

    def benefit_window(self, benefit):
        """``("always", 0)``, ``("birthday_month", 0)``, ``("birthday_days", N)``
        (birthday±N) or ``("first_days", N)``."""
        days = ctypes.c_int32()
        window = self._check(lib.vipcare_policy_benefit_window(self._h, self._benefit_index(benefit), ctypes.byref(days)))
        names = {v: k for k, v in WINDOWS.items()}
        return (names.get(window, str(window)), days.value)

    def set_benefit_window(self, benefit, window, days=0):
        if window not in WINDOWS:
            fail(-104, "unknown benefit window %r (expected one of: %s)" % (window, ", ".join(WINDOWS)))
        self._check(lib.vipcare_policy_set_benefit_window(self._h, self._benefit_index(benefit), WINDOWS[window], days))

    # ------------------------------------------------------- care rules

    def care_enabled(self, kind):
        return bool(self._check(lib.vipcare_policy_care_enabled(self._h, CARE_KINDS.value(kind))))

    def set_care_enabled(self, kind, enabled):
        self._check(lib.vipcare_policy_set_care_enabled(self._h, CARE_KINDS.value(kind), 1 if enabled else 0))

    def care_marketing(self, kind):
        return bool(self._check(lib.vipcare_policy_care_marketing(self._h, CARE_KINDS.value(kind))))

    def set_care_marketing(self, kind, marketing):
        self._check(lib.vipcare_policy_set_care_marketing(self._h, CARE_KINDS.value(kind), 1 if marketing else 0))

    def care_min_tier(self, kind):
        rank = self._check(lib.vipcare_policy_care_min_tier(self._h, CARE_KINDS.value(kind)))
        return text(lib.vipcare_policy_tier_name(self._h, rank))

    def set_care_min_tier(self, kind, tier):
        self._check(lib.vipcare_policy_set_care_min_tier(self._h, CARE_KINDS.value(kind), self.tier_rank(tier)))

    def care_channels(self, kind):
        """A care kind's channels, most preferred first."""
        array = (ctypes.c_int * 16)()
        n = self._check(lib.vipcare_policy_care_channels(self._h, CARE_KINDS.value(kind), array, 16))
        return tuple(CHANNELS.name(array[i]) for i in range(min(n, 16)))

    def set_care_channels(self, kind, channels):
        values = [CHANNELS.value(c) for c in channels]
        array = (ctypes.c_int * max(1, len(values)))(*values)
        self._check(lib.vipcare_policy_set_care_channels(self._h, CARE_KINDS.value(kind), array, len(values)))

    def advisor_period(self, tier):
        """How often an advisor contacts a tier's customers (``month``...),
        or None."""
        # -1 is both "none" and VIPCARE_E_INVALID_ARGUMENT here; the rank
        # and the handle are checked first, so -1 can only mean none.
        period = lib.vipcare_policy_advisor_period(self._h, self.tier_rank(tier))
        return PERIODS.name(period) if period >= 0 else None

    def set_advisor_period(self, tier, period):
        value = -1 if period is None else PERIODS.value(period)
        self._check(lib.vipcare_policy_set_advisor_period(self._h, self.tier_rank(tier), value))

    # ---------------------------------------------------------- targets

    def target(self, kpi):
        """A KPI's target (DESIGN §8 ``[targets]``) as ``("min", value)`` or
        ``("max", value)`` with an exact Decimal in the KPI's own unit
        (a fraction for rates, points for nps and csat, minutes, money in
        units), or None."""
        from .kpi import kpi_value
        micros = ctypes.c_int64()
        op = self._check(lib.vipcare_policy_target(self._h, kpi_value(kpi), ctypes.byref(micros)))
        if op == 0:
            return None
        return ("min" if op == 1 else "max", (Decimal(micros.value) / 1000000).normalize())

    def set_target(self, kpi, op, value=None):
        """Sets a KPI's target: op ``"min"`` or ``"max"`` and a Decimal, int
        or text value with at most 6 fraction digits; op None removes it."""
        from .kpi import kpi_value
        ops = {None: 0, "min": 1, "max": 2}
        if op not in ops:
            fail(-104, "target %s: the operator must be 'min' or 'max', not %r" % (kpi, op))
        micros = 0
        if op is not None:
            exact = Decimal(value) if isinstance(value, (int, str)) else value
            if not isinstance(exact, Decimal) or not exact.is_finite():
                raise TypeError("target %s: expected a Decimal, int or text, got %r" % (kpi, value))
            micros = exact * 1000000
            if micros != micros.to_integral_value():
                fail(-104, "target %s: %s has more than 6 fraction digits" % (kpi, value))
            micros = int(micros)
        self._check(lib.vipcare_policy_set_target(self._h, kpi_value(kpi), ops[op], micros))

    def __repr__(self):
        if self.closed:
            return "<vipcare.Policy (closed)>"
        return "<vipcare.Policy %r tiers=%s>" % (self.name, ",".join(self.tiers))
