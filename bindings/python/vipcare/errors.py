"""Exceptions: one class per status code of enum vipcare_status.

Every failing call of the library raises the class of its status code,
whose message is the library's detailed message for that call (the
``_last_error()`` of the handle the call was made on, or the ``errbuf`` of
a parser). Classes are grouped as the codes are, by hundreds, so that
``except PolicyError`` catches every policy problem. The groups of bad
values also derive from ``ValueError``, the refusals of records and
benefits do not.
"""


class LibraryNotFound(ImportError):
    """libvipcare.so.1 could not be loaded, or is too old for this package."""


class VipcareError(Exception):
    """A call of libvipcare failed.

    Attributes: ``status`` (the negative code), ``strerror`` (the library's
    static text for the code) and ``message`` (the detailed message: which
    field, which value, where).
    """

    status = None

    def __init__(self, message, status=None, strerror=None):
        super().__init__(message)
        if status is not None:
            self.status = status
        self.message = message
        self.strerror = strerror


# General errors: -1 .. -99
class InvalidArgumentError(VipcareError, ValueError):
    status = -1


class OutOfMemoryError(VipcareError, MemoryError):
    status = -2


class BufferTooSmallError(VipcareError):
    status = -3


class FileError(VipcareError, OSError):
    """VIPCARE_E_IO: a file could not be read or written."""

    status = -4


class StaleError(VipcareError):
    """The engine changed while a cursor over it was open."""

    status = -5


class LimitError(VipcareError):
    status = -6


# Values: -100 .. -199
class BadValueError(VipcareError, ValueError):
    """A value was malformed or out of range (group -100 .. -199)."""


class DateError(BadValueError):
    status = -100


class TimestampError(BadValueError):
    status = -101


class MoneyError(BadValueError):
    status = -102


class IdError(BadValueError):
    status = -103


class OutOfRangeError(BadValueError):
    status = -104


# Policy: -200 .. -299
class PolicyError(VipcareError, ValueError):
    """A policy file or policy setting was refused (group -200 .. -299)."""


class PolicySyntaxError(PolicyError):
    status = -200


class PolicyKeyError(PolicyError):
    status = -201


class PolicyValueError(PolicyError):
    status = -202


class PolicyInvalidError(PolicyError):
    status = -203


class UnknownTierError(PolicyError):
    status = -204


# Recorded data: -300 .. -399
class RecordError(VipcareError):
    """A record was refused by the engine (group -300 .. -399)."""


class DuplicateError(RecordError):
    status = -300


class UnknownCustomerError(RecordError):
    status = -301


class RefundOfRefundError(RecordError):
    status = -302


class RefundCustomerError(RecordError):
    status = -303


class RefundExceedsError(RecordError):
    status = -304


class IncompleteError(RecordError):
    status = -305


class UnknownTransactionError(RecordError):
    status = -306


# Benefits: -400 .. -499
class BenefitError(VipcareError):
    """A benefit call was refused (group -400 .. -499)."""


class RefusedError(BenefitError):
    """A redemption was refused: ``reason`` names why (``quota_exhausted``,
    ``tier_too_low``...), and ``decision`` is the BenefitDecision the refusal
    rests on."""

    status = -400

    def __init__(self, message, status=None, strerror=None, decision=None):
        super().__init__(message, status, strerror)
        self.decision = decision
        self.reason = decision.reason if decision is not None else None


# Stored and exchanged data (KPI states...): -500 .. -599
class DataError(VipcareError, ValueError):
    """Bytes or states that cannot be used (group -500 .. -599)."""


class CorruptError(DataError):
    """Truncated, failing their checksum, or contradicting themselves."""

    status = -500


class VersionError(DataError):
    """Written by a newer format version than the loaded library reads."""

    status = -501


class ForeignError(DataError):
    """Not data of the expected kind at all."""

    status = -502


class MismatchError(DataError):
    """Two things that must match do not (a KPI state's period, policy)."""

    status = -503


_BY_STATUS = {
    cls.status: cls
    for cls in (
        InvalidArgumentError, OutOfMemoryError, BufferTooSmallError, FileError, StaleError,
        LimitError, DateError, TimestampError, MoneyError, IdError, OutOfRangeError,
        PolicySyntaxError, PolicyKeyError, PolicyValueError, PolicyInvalidError,
        UnknownTierError, DuplicateError, UnknownCustomerError, RefundOfRefundError,
        RefundCustomerError, RefundExceedsError, IncompleteError, UnknownTransactionError,
        RefusedError, CorruptError, VersionError, ForeignError, MismatchError,
    )
}

# A code added to the library after this package: the class of its group.
_BY_GROUP = {0: VipcareError, 1: BadValueError, 2: PolicyError, 3: RecordError, 4: BenefitError, 5: DataError}


def error_class(status):
    """The exception class of a (negative) status code."""
    cls = _BY_STATUS.get(status)
    if cls is None:
        cls = _BY_GROUP.get(-status // 100, VipcareError)
    return cls
