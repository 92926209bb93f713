"""KPIs (DESIGN §7): a KPI state of one period over one slice of
customers, its results as plain dicts, its bytes, and merging.

A KpiState is computed from an engine (``engine.kpi_state(start, end)``),
keeps no reference to it, turns into bytes (``bytes(state)``: versioned,
checksummed, the same on every machine) and back
(``KpiState.from_bytes(data)``), and merges with the state of another slice
of customers (``state.merge(other)``): the merged states of the slices of
any partition of the customers equal the state of one engine holding them
all. This is what lets the same code run on many machines.
"""

import ctypes
import datetime
import json
import re
from decimal import Decimal

from ._clib import lib
from ._handle import Handle
from ._values import c_text, check, date_from_c, fail, text

_NEEDED = "vipcare_kpi_state_new"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def available():
    """Whether the loaded library has the KPI calls (include/vipcare/kpi.h)."""
    return lib.has(_NEEDED)


def _require():
    if not available():
        raise NotImplementedError(
            "the loaded libvipcare (%s, %s) has no KPI calls: it predates include/vipcare/kpi.h"
            % (lib.version_string, lib.path))


def _kpi_names():
    names = []
    if not available():
        return names
    for value in range(256):
        name = lib.vipcare_kpi_name(value)
        if name is None:
            break
        names.append(text(name))
    return names


def kpi_names():
    """Every KPI's name, in enum vipcare_kpi order (``members``,
    ``new_members`` ... ``care_conversion_sales``): the keys of targets and
    of KpiState.get()."""
    return list(_kpi_names())


def kpi_value(name):
    """The enum vipcare_kpi value of a name."""
    _require()
    if isinstance(name, int) and not isinstance(name, bool):
        return name
    raw = c_text(name, "kpi")
    value = lib.vipcare_kpi_from_name(raw, len(raw))
    if value < 0:
        fail(-104, "unknown KPI %r (expected one of: %s)" % (name, ", ".join(_kpi_names())))
    return value


def _take_text(function, handle):
    out = ctypes.c_void_p()
    rc = function(handle, ctypes.byref(out))
    if rc < 0:
        fail(rc, text(lib.vipcare_kpi_state_last_error(handle)))
    try:
        return ctypes.string_at(out.value).decode("utf-8")
    finally:
        lib.vipcare_free(out.value)


def _plain(value, key=None):
    """The library's JSON as Python values: money strings as Decimal, the
    period's dates as date, ratio values (JSON numbers) as exact Decimal,
    counts as int, null as None."""
    if isinstance(value, dict):
        return {k: _plain(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        if key in ("from", "to") and _DATE.match(value):
            return datetime.date.fromisoformat(value)
        return Decimal(value)
    return value


class KpiState(Handle):
    """The KPIs of one period over one slice of customers."""

    _unref_name = "vipcare_kpi_state_unref"

    def __init__(self, engine, start, end):
        _require()
        from ._values import date_to_c
        out = ctypes.c_void_p()
        rc = lib.vipcare_kpi_state_new(ctypes.byref(out), engine._h, date_to_c(start, "from"), date_to_c(end, "to"))
        if rc < 0:
            fail(rc, text(lib.vipcare_engine_last_error(engine._h)))
        self._adopt(out.value)

    @classmethod
    def from_bytes(cls, data):
        """Reads a state back from bytes(state), validating everything
        (CorruptError, VersionError, ForeignError otherwise)."""
        _require()
        data = bytes(data)
        out = ctypes.c_void_p()
        err = ctypes.create_string_buffer(256)
        rc = lib.vipcare_kpi_state_deserialize(ctypes.byref(out), data, len(data), err, 256)
        if rc < 0:
            fail(rc, text(err.value))
        state = cls.__new__(cls)
        state._adopt(out.value)
        return state

    def __bytes__(self):
        out = ctypes.c_void_p()
        size = ctypes.c_size_t()
        rc = lib.vipcare_kpi_state_serialize(self._h, ctypes.byref(out), ctypes.byref(size))
        if rc < 0:
            fail(rc, text(lib.vipcare_kpi_state_last_error(self._h)))
        try:
            return ctypes.string_at(out.value, size.value)
        finally:
            lib.vipcare_free(out.value)

    def merge(self, other):
        """Adds another slice's state (same period, same policy) into this
        one; on error (MismatchError...) this state is unchanged. Returns
        self."""
        if not isinstance(other, KpiState):
            other = KpiState.from_bytes(other)
        check(lib.vipcare_kpi_state_merge(self._h, other._h), lib.vipcare_kpi_state_last_error, self._h)
        return self

    @classmethod
    def merged(cls, states):
        """The merge of several states (KpiState objects or their bytes),
        as a new state; the inputs are unchanged."""
        result = None
        for state in states:
            if result is None:
                result = cls.from_bytes(bytes(state) if isinstance(state, KpiState) else state)
            else:
                result.merge(state)
        if result is None:
            raise ValueError("KpiState.merged: no state given")
        return result

    @property
    def start(self):
        return date_from_c(lib.vipcare_kpi_state_from(self._h))

    @property
    def end(self):
        return date_from_c(lib.vipcare_kpi_state_to(self._h))

    @property
    def tiers(self):
        h = self._h
        return tuple(text(lib.vipcare_kpi_state_tier_name(h, r)) for r in range(lib.vipcare_kpi_state_tier_count(h)))

    def get(self, kpi):
        """A KPI as (numerator, denominator) integers: money in minor units,
        den 1 for plain values, 0 when a ratio has no value."""
        num, den = ctypes.c_int64(), ctypes.c_int64()
        check(lib.vipcare_kpi_get(self._h, kpi_value(kpi), ctypes.byref(num), ctypes.byref(den)),
              lib.vipcare_kpi_state_last_error, self._h)
        return num.value, den.value

    def migration(self, from_tier, to_tier):
        """Members now in ``to_tier`` that were in ``from_tier`` (None: not
        yet a member) the day before the period."""
        tiers = self.tiers
        count = ctypes.c_int64()
        f = -1 if from_tier is None else tiers.index(from_tier)
        check(lib.vipcare_kpi_migration(self._h, f, tiers.index(to_tier), ctypes.byref(count)),
              lib.vipcare_kpi_state_last_error, self._h)
        return count.value

    def to_json(self):
        """The command's JSON (DESIGN §10), as text."""
        return _take_text(lib.vipcare_kpi_state_to_json, self._h)

    def to_csv(self):
        return _take_text(lib.vipcare_kpi_state_to_csv, self._h)

    def as_dict(self):
        """The KPIs as a plain dict with exactly the keys of the command's
        JSON: money as Decimal, ratio values as exact Decimal (6 fraction
        digits, as the library rounds them) or None, counts as int, ``from``
        and ``to`` as date."""
        return _plain(json.loads(self.to_json(), parse_float=Decimal))

    def target(self, kpi, policy):
        """Whether the KPI meets the policy's target: ``"met"``,
        ``"missed"``, or None (no target, or no value)."""
        rc = lib.vipcare_kpi_target_check(self._h, policy._h, kpi_value(kpi))
        if rc < 0:
            fail(rc, None)
        return {0: None, 1: "met", 2: "missed"}.get(rc)

    def __eq__(self, other):
        if not isinstance(other, KpiState):
            return NotImplemented
        return bytes(self) == bytes(other)

    __hash__ = None

    def __repr__(self):
        if self.closed:
            return "<vipcare.KpiState (closed)>"
        return "<vipcare.KpiState %s .. %s>" % (self.start, self.end)
