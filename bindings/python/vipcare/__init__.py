"""libvipcare from Python: VIP customer care for shopping malls.

A thin client of the library's public C API through ctypes (standard
library only). The library is loaded by its SONAME, libvipcare.so.1; set
VIPCARE_LIBRARY to the path of another copy (a build tree's
``build/lib/libvipcare.so.1``) to use that one. See docs/bindings.md.

    import vipcare
    from decimal import Decimal

    with vipcare.Engine() as engine:
        engine.add_transaction(id="POS7-000123", customer="C0042",
                               ts="2025-03-01T10:00", amount=Decimal("12500.00"))
        print(engine.score("C0042", "2025-03-31").tier)      # gold

Dates are datetime.date, timestamps naive datetime.datetime (local civil
time), money decimal.Decimal; text forms are accepted wherever a value is
given. Every failing call raises a VipcareError subclass carrying the
library's detailed message.
"""

from ._clib import ENVIRONMENT_VARIABLE, SONAME, WRITTEN_FOR, lib as _lib
from ._values import CARE_KINDS as _CARE_KINDS, CHANNELS as _CHANNELS, format_money as _format_money
from .engine import (Agenda, AgendaItem, BenefitDecision, Checkout, Engine, PointsBalance, Redemption, Score,
                     ScoreCursor)
from .errors import *  # noqa: F401,F403 (the exception classes)
from .errors import VipcareError, error_class
from .kpi import KpiState, available as kpi_available, kpi_names
from .policy import Policy
from .records import Customer, Transaction

__version__ = "1.0.0"

#: The path the library was loaded from (the SONAME unless VIPCARE_LIBRARY is set).
library_path = _lib.path
#: The loaded library's version, as text ("1.0.0") and as a number (10000).
library_version = _lib.version_string
library_version_number = _lib.version_number

#: The channel names, in the library's order.
CHANNELS = tuple(_CHANNELS)
#: The care kinds, in the agenda's order.
CARE_KINDS = tuple(_CARE_KINDS)


def strerror(status):
    """The library's static text for a status code."""
    return _lib.vipcare_strerror(status).decode("utf-8")


def format_money(amount):
    """An amount as the library writes it (exactly 2 fraction digits)."""
    from ._values import money_to_c
    return _format_money(money_to_c(amount))


__all__ = [
    "Agenda", "AgendaItem", "BenefitDecision", "Checkout", "Customer", "Engine", "Policy",
    "PointsBalance", "Redemption", "Score", "ScoreCursor", "Transaction", "VipcareError", "error_class", "strerror",
    "format_money", "library_path", "library_version", "library_version_number", "CHANNELS",
    "CARE_KINDS", "ENVIRONMENT_VARIABLE", "SONAME", "WRITTEN_FOR", "KpiState", "kpi_available", "kpi_names",
]
