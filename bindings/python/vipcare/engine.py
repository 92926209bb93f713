"""The engine: a mall's state, and what it answers (scores, the checkout
screen, benefits, the care agenda)."""

import ctypes
import datetime
import itertools
from collections import namedtuple

from ._clib import lib
from ._handle import Handle, new_handle
from ._values import (
    _EPOCH_ORDINAL, CARE_KINDS, CHANNELS, DATE_NONE, DECIDED_BY, OUTCOMES, REASONS, c_text, check,
    date_from_c, date_to_c, fail, money_from_c, text, timestamp_from_c, timestamp_to_c,
)
from .errors import RefusedError
from .policy import Policy
from .records import Customer, Transaction

#: One customer's tier as of a date, with the metrics and the explanation
#: behind it (DESIGN §4). Money is Decimal, dates are date or None.
#: ``next_tier``, ``spend_to_next`` and ``visits_to_next`` are None at the
#: top tier; ``tier_expires`` is None for the base tier and a tier that
#: never falls.
Score = namedtuple("Score", (
    "customer", "asof", "is_member", "tier", "tier_rank", "net_spend", "visits", "first_sale",
    "last_sale", "lifetime_spend", "decided_by", "next_tier", "spend_to_next", "visits_to_next",
    "tier_expires",
))

#: One benefit's decision (DESIGN §5): ``left`` is None for an unlimited
#: quota, ``period_end`` None for unlimited and lifetime quotas and for the
#: reasons before the quota (unknown_customer, unknown_benefit,
#: tier_too_low). ``name`` is the benefit's display name in the engine's
#: policy (None for an unknown benefit).
BenefitDecision = namedtuple("BenefitDecision", ("benefit", "name", "eligible", "reason", "left", "period_end"))

#: One care item of the agenda (DESIGN §6): ``priority`` is the tier's
#: rank, ``channel`` None for no_channel, ``advisor`` None when none.
AgendaItem = namedtuple("AgendaItem", ("due", "customer", "kind", "occasion", "priority", "channel", "advisor", "tier"))


#: A customer's points as of a date (Engine.points_balance).
PointsBalance = namedtuple("PointsBalance", "customer asof balance next_expiry next_expiry_points")


def _score_from(h, tiers):
    next_rank = lib.vipcare_score_next_tier(h)
    top = next_rank < 0
    return Score(
        customer=text(lib.vipcare_score_customer(h)),
        asof=date_from_c(lib.vipcare_score_asof(h)),
        is_member=bool(lib.vipcare_score_is_member(h)),
        tier=text(lib.vipcare_score_tier_name(h)),
        tier_rank=lib.vipcare_score_tier(h),
        net_spend=money_from_c(lib.vipcare_score_net_spend(h)),
        visits=lib.vipcare_score_visits(h),
        first_sale=date_from_c(lib.vipcare_score_first_sale(h)),
        last_sale=date_from_c(lib.vipcare_score_last_sale(h)),
        lifetime_spend=money_from_c(lib.vipcare_score_lifetime_spend(h)),
        decided_by=DECIDED_BY.name(lib.vipcare_score_decided_by(h)),
        next_tier=None if top else tiers[next_rank],
        spend_to_next=None if top else money_from_c(lib.vipcare_score_spend_to_next(h)),
        visits_to_next=None if top else lib.vipcare_score_visits_to_next(h),
        tier_expires=date_from_c(lib.vipcare_score_tier_expires(h)),
    )


class Checkout:
    """The checkout screen: every benefit of the policy, in its order, with
    its decision for one customer at one time. ``tier`` is None for an
    unknown card. Iterating gives BenefitDecision values; ``screen[id]``
    looks one up by benefit id."""

    __slots__ = ("customer", "at", "tier", "tier_rank", "decisions")

    def __init__(self, customer, at, tier, tier_rank, decisions):
        self.customer = customer
        self.at = at
        self.tier = tier
        self.tier_rank = tier_rank
        self.decisions = decisions

    def __iter__(self):
        return iter(self.decisions)

    def __len__(self):
        return len(self.decisions)

    def __getitem__(self, benefit):
        for decision in self.decisions:
            if decision.benefit == benefit:
                return decision
        raise KeyError(benefit)

    def eligible(self):
        """The decisions the customer may use now."""
        return [d for d in self.decisions if d.eligible]

    def __repr__(self):
        return "<vipcare.Checkout %r at %s tier=%s: %d benefits, %d eligible>" % (
            self.customer, self.at.isoformat(), self.tier, len(self.decisions), len(self.eligible()))


#: The answer to a redemption that was recorded: ``replayed`` is True when
#: the id was recorded before (a retry; nothing more was spent);
#: ``decision`` holds the quota left after it.
Redemption = namedtuple("Redemption", ("id", "customer", "benefit", "at", "quantity", "replayed", "decision", "tier"))


class ScoreCursor(Handle):
    """A walk over every member's score as of a date, in customer id order
    (bytewise). An iterator of Score values; ``len()`` is the number of
    members. The engine must not change while it is open (StaleError)."""

    _unref_name = "vipcare_score_cursor_unref"

    def __init__(self, engine, asof):
        self._tiers = engine._tiers
        self._out = ctypes.c_void_p()
        self._adopt(new_handle(lib.vipcare_score_cursor_new, engine._h, date_to_c(asof, "asof")))
        # The cursor holds a reference to the engine, so this pointer stays
        # valid for as long as the cursor, whatever happens to the Engine.
        self._engine_ptr = engine._h
        self._count = lib.vipcare_score_cursor_count(self._ptr)

    def __iter__(self):
        return self

    def __next__(self):
        h = self.__dict__.get("_ptr")
        if h is None:
            raise StopIteration
        rc = lib.vipcare_score_cursor_next(h, ctypes.byref(self._out))
        if rc == 1:
            return _score_from(self._out.value, self._tiers)
        if rc == 0:
            self.close()
            raise StopIteration
        fail(rc, text(lib.vipcare_engine_last_error(self._engine_ptr)))

    def __len__(self):
        """The number of members as of the date (fixed when opened)."""
        return self._count


class Agenda(Handle):
    """The care agenda of a date range (DESIGN §6), computed once: a
    sequence of AgendaItem values in agenda order. ``suppressed`` maps each
    marketing kind to the number of items not listed because the customer
    opted out of marketing (zeros included)."""

    _unref_name = "vipcare_agenda_unref"

    def __init__(self, engine, start, end):
        self._tiers = engine._tiers
        self._adopt(new_handle(lib.vipcare_agenda_new, engine._h, date_to_c(start, "from"), date_to_c(end, "to")))
        self._len = lib.vipcare_agenda_count(self._ptr)
        self.start = date_from_c(date_to_c(start, "from"))
        self.end = date_from_c(date_to_c(end, "to"))
        h = self._ptr
        self.suppressed = {
            CARE_KINDS.name(k): lib.vipcare_agenda_suppressed(h, k)
            for k in CARE_KINDS.by_value if k in engine._marketing_kinds
        }

    def __len__(self):
        return self._len

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._len))]
        if index < 0:
            index += self._len
        if not 0 <= index < self._len:
            raise IndexError("agenda index %d out of range (%d items)" % (index, self._len))
        h = self._h
        rank = lib.vipcare_agenda_tier(h, index)
        channel = lib.vipcare_agenda_channel(h, index)
        return AgendaItem(
            due=date_from_c(lib.vipcare_agenda_due(h, index)),
            customer=text(lib.vipcare_agenda_customer(h, index)),
            kind=CARE_KINDS.name(lib.vipcare_agenda_kind(h, index)),
            occasion=text(lib.vipcare_agenda_occasion(h, index)),
            priority=rank,
            channel=CHANNELS.name(channel) if channel >= 0 else None,
            advisor=text(lib.vipcare_agenda_advisor(h, index)) or None,
            tier=self._tiers[rank],
        )

    def __iter__(self):
        for i in range(self._len):
            yield self[i]


class Engine(Handle):
    """A mall's state under a policy: customers, transactions, redemptions
    and care records. ``Engine()`` uses the default policy; ``Engine(policy)``
    copies the policy given (it must validate).

    One engine, and what is made from it, is used by one thread at a time.
    """

    _unref_name = "vipcare_engine_unref"
    BATCH = 64  # records per vipcare_engine_add_transactions() call

    def __init__(self, policy=None):
        if policy is not None and not isinstance(policy, Policy):
            raise TypeError("policy: expected a vipcare.Policy or None, got %s" % type(policy).__name__)
        self._adopt(new_handle(lib.vipcare_engine_new, policy._h if policy is not None else None))
        own = lib.vipcare_engine_policy(self._ptr)
        # The engine's policy never changes: names are looked up once.
        self._tiers = tuple(text(lib.vipcare_policy_tier_name(own, r)) for r in range(lib.vipcare_policy_tier_count(own)))
        self._benefit_names = {
            text(lib.vipcare_policy_benefit_id(own, i)): text(lib.vipcare_policy_benefit_name(own, i))
            for i in range(lib.vipcare_policy_benefit_count(own))
        }
        self._marketing_kinds = {k for k in CARE_KINDS.by_value if lib.vipcare_policy_care_marketing(own, k) == 1}
        self._checkout = None
        self._score = None
        self._customer = None
        self._batch = None

    def _check(self, rc):
        return check(rc, lib.vipcare_engine_last_error, self._h)

    def _fail(self, rc):
        fail(rc, text(lib.vipcare_engine_last_error(self._h)))

    # Reusable C handles of this engine, made on first use and released
    # with it (each by its own finalizer).
    def _checkout_handle(self):
        if self._checkout is None:
            self._checkout = _Scratch("vipcare_checkout_new", "vipcare_checkout_unref")
        return self._checkout._h

    def _score_handle(self):
        if self._score is None:
            self._score = _Scratch("vipcare_score_new", "vipcare_score_unref")
        return self._score._h

    @property
    def last_error(self):
        """The detailed message of the last failed call on this engine."""
        return text(lib.vipcare_engine_last_error(self._h))

    @property
    def policy(self):
        """A copy of the engine's own policy."""
        return Policy._adopting(new_handle(lib.vipcare_policy_copy, lib.vipcare_engine_policy(self._h)))

    @property
    def tiers(self):
        return self._tiers

    # ------------------------------------------------------- recording

    def add_customer(self, customer=None, **fields):
        """Records a customer: a Customer record, or its fields as keywords
        (``add_customer(id="C1", birthday=(3, 15), consent={"sms"})``)."""
        if customer is None:
            if self._customer is None:
                self._customer = Customer._empty()
            customer = self._customer.fill(**fields)
        elif fields:
            raise TypeError("add_customer: give a Customer or keywords, not both")
        self._check(lib.vipcare_engine_add_customer(self._h, customer._h))

    def add_transaction(self, txn=None, **fields):
        """Records a sale or refund: a Transaction record, or its fields as
        keywords (``add_transaction(id="T1", customer="C1",
        ts="2025-03-01T10:00", amount=Decimal("120.00"))``)."""
        if txn is None:
            txn = self._batch_handles()[0].fill(**fields)
        elif fields:
            raise TypeError("add_transaction: give a Transaction or keywords, not both")
        self._check(lib.vipcare_engine_add_transaction(self._h, txn._h))

    def _batch_handles(self):
        if self._batch is None:
            self._batch = [Transaction() for _ in range(self.BATCH)]
        return self._batch

    def add_transactions(self, records):
        """Records many transactions in order through the library's batched
        call, 64 at a time. Each item is a Transaction or a mapping of its
        fields (``{"id": ..., "customer": ..., "ts": ..., "amount": ...}``);
        mappings go through reusable records, so nothing is allocated per
        row. Stops at the first record that fails and raises its error, with
        ``index`` (its position) and ``recorded`` (how many were recorded,
        all before it) set on the exception. Returns the count recorded."""
        pool = None
        recorded = 0
        iterator = iter(records)
        while True:
            chunk = list(itertools.islice(iterator, self.BATCH))
            if not chunk:
                return recorded
            handles = []
            for k, item in enumerate(chunk):
                if isinstance(item, Transaction):
                    handles.append(item._h)
                    continue
                if pool is None:
                    pool = self._batch_handles()
                try:
                    handles.append(pool[k].fill(**item)._h)
                except Exception as exc:
                    # Records before this one in the chunk are recorded
                    # first, so the failure point is the same as the
                    # library's own.
                    if handles:
                        recorded += self._add_chunk(handles, recorded)
                    exc.index = recorded
                    exc.recorded = recorded
                    raise
            recorded += self._add_chunk(handles, recorded)

    def _add_chunk(self, handles, before):
        array = (ctypes.c_void_p * len(handles))(*handles)
        done = ctypes.c_size_t()
        rc = lib.vipcare_engine_add_transactions(self._h, array, len(handles), ctypes.byref(done))
        if rc < 0:
            try:
                self._fail(rc)
            except Exception as exc:
                exc.index = before + done.value
                exc.recorded = before + done.value
                raise
        return done.value

    def set_override(self, customer, tier, until=None):
        """Sets a known customer's tier override (None removes it), applying
        on every date up to ``until`` (None: no end)."""
        self._check(lib.vipcare_engine_set_override(
            self._h, c_text(customer, "customer id"), c_text(tier, "tier", optional=True),
            date_to_c(until, "until", optional=True)))

    def get_customer(self, customer):
        """What the engine holds for a customer, as a new Customer record."""
        record = Customer._empty()
        self._check(lib.vipcare_engine_get_customer(self._h, c_text(customer, "customer id"), record._h))
        return record

    def get_transaction(self, txn_id):
        """A recorded transaction, as a new Transaction record."""
        record = Transaction()
        self._check(lib.vipcare_engine_get_transaction(self._h, c_text(txn_id, "transaction id"), record._h))
        return record

    def effective_joined(self, customer):
        """The earlier of the joined date and the first transaction, or None."""
        out = ctypes.c_int32()
        self._check(lib.vipcare_engine_effective_joined(self._h, c_text(customer, "customer id"), ctypes.byref(out)))
        return date_from_c(out.value)

    @property
    def customer_count(self):
        return lib.vipcare_engine_customer_count(self._h)

    @property
    def transaction_count(self):
        return lib.vipcare_engine_transaction_count(self._h)

    @property
    def redemption_count(self):
        return lib.vipcare_engine_redemption_count(self._h)

    @property
    def care_count(self):
        return lib.vipcare_engine_care_count(self._h)

    @property
    def memory_used(self):
        return lib.vipcare_engine_memory_used(self._h)

    # --------------------------------------------------------- scoring

    def score(self, customer, asof):
        """One known customer's Score as of a date."""
        h = self._score_handle()
        self._check(lib.vipcare_engine_score(self._h, c_text(customer, "customer id"), date_to_c(asof, "asof"), h))
        return _score_from(h, self._tiers)

    def scores(self, asof):
        """A ScoreCursor over every member as of a date (an iterator of
        Score values, in customer id order); use it in a ``with`` block or
        let it run to the end to release it at once."""
        return ScoreCursor(self, asof)

    # -------------------------------------------------------- benefits

    def _decision(self, h, i, _benefit=lib.vipcare_checkout_benefit, _reason=lib.vipcare_checkout_reason,
                  _left=lib.vipcare_checkout_left, _end=lib.vipcare_checkout_period_end,
                  _reasons=REASONS.by_value, _none=DATE_NONE, _epoch=_EPOCH_ORDINAL,
                  _fromordinal=datetime.date.fromordinal):
        # The till's hot path: plain positional work, no helper calls.
        benefit = _benefit(h, i).decode("utf-8")
        left = _left(h, i)
        reason = _reason(h, i)
        end = _end(h, i)
        return BenefitDecision(benefit, self._benefit_names.get(benefit), reason == 0, _reasons.get(reason),
                               None if left < 0 else left, None if end == _none else _fromordinal(end + _epoch))

    def checkout(self, customer, at):
        """The checkout screen for a scanned card at a time: a Checkout with
        every benefit's decision. An unknown card is not an error (every
        decision says unknown_customer, tier is None)."""
        h = self._checkout_handle()
        at_c = timestamp_to_c(at, "at")
        self._check(lib.vipcare_engine_checkout(self._h, c_text(customer, "customer id"), at_c, h))
        rank = lib.vipcare_checkout_tier(h)
        decision = self._decision
        return Checkout(
            customer=text(lib.vipcare_checkout_customer(h)),
            at=timestamp_from_c(at_c),
            tier=self._tiers[rank] if rank >= 0 else None,
            tier_rank=rank if rank >= 0 else None,
            decisions=tuple([decision(h, i) for i in range(lib.vipcare_checkout_count(h))]),
        )

    def check_benefit(self, customer, benefit, at):
        """One benefit's BenefitDecision for a customer at a time."""
        h = self._checkout_handle()
        self._check(lib.vipcare_engine_check_benefit(
            self._h, c_text(customer, "customer id"), c_text(benefit, "benefit"), timestamp_to_c(at, "at"), h))
        return self._decision(h, 0)

    def redeem(self, redemption_id, customer, benefit, at, quantity=1):
        """Uses a benefit, idempotent on the redemption id (a retry returns
        the first answer, ``replayed`` True). A refusal raises RefusedError
        whose ``reason`` says why and whose ``decision`` holds the quota."""
        h = self._checkout_handle()
        if not isinstance(quantity, int) or isinstance(quantity, bool):
            raise TypeError("quantity: expected an int, got %s" % type(quantity).__name__)
        at_c = timestamp_to_c(at, "at")
        rc = lib.vipcare_engine_redeem(
            self._h, c_text(redemption_id, "redemption id"), c_text(customer, "customer id"),
            c_text(benefit, "benefit"), at_c, quantity, h)
        if rc == -400:
            raise RefusedError(self.last_error, status=rc, strerror=text(lib.vipcare_strerror(rc)),
                               decision=self._decision(h, 0))
        self._check(rc)
        rank = lib.vipcare_checkout_tier(h)
        return Redemption(
            id=redemption_id, customer=customer, benefit=benefit, at=timestamp_from_c(at_c),
            quantity=quantity, replayed=bool(lib.vipcare_checkout_replayed(h)),
            decision=self._decision(h, 0), tier=self._tiers[rank] if rank >= 0 else None)

    # ----------------------------------------------------------- points

    def points_balance(self, customer, asof):
        """A customer's points as of the end of a date: a PointsBalance with
        ``balance`` (negative when refunds took back points already spent),
        ``next_expiry`` (a date, or None) and ``next_expiry_points``."""
        balance, expiry, points = ctypes.c_int64(), ctypes.c_int32(), ctypes.c_int64()
        self._check(lib.vipcare_engine_points_balance(
            self._h, c_text(customer, "customer id"), date_to_c(asof, "asof"),
            ctypes.byref(balance), ctypes.byref(expiry), ctypes.byref(points)))
        return PointsBalance(customer, asof, balance.value, date_from_c(expiry.value), points.value)

    def redeem_points(self, redemption_id, customer, at, points, reason=None):
        """Spends points, idempotent on the redemption id; a redemption the
        balance does not cover raises RefusedError (``insufficient_points``)."""
        if not isinstance(points, int) or isinstance(points, bool):
            raise TypeError("points: expected an int, got %s" % type(points).__name__)
        rc = lib.vipcare_engine_redeem_points(
            self._h, c_text(redemption_id, "redemption id"), c_text(customer, "customer id"),
            timestamp_to_c(at, "at"), points, c_text(reason, "reason", optional=True))
        if rc == -400:
            error = RefusedError(self.last_error, status=rc, strerror=text(lib.vipcare_strerror(rc)),
                                 decision=None)
            error.reason = "insufficient_points"
            raise error
        self._check(rc)

    @property
    def points_redemption_count(self):
        return lib.vipcare_engine_points_redemption_count(self._h)

    # ------------------------------------------------------------- care

    def record_care(self, customer, kind, occasion, date, outcome):
        """Records the outcome (``reached``, ``no_answer``, ``declined``) of a
        care contact of a kind (``welcome``, ``birthday``...) for an
        occasion key (``once``, ``2025``, ``2025-Q2``...) on a date."""
        self._check(lib.vipcare_engine_record_care(
            self._h, c_text(customer, "customer id"), CARE_KINDS.value(kind), c_text(occasion, "occasion"),
            date_to_c(date, "date"), OUTCOMES.value(outcome)))

    def care_recorded(self, customer, kind, occasion):
        """Whether a care item has a record (any outcome, any date)."""
        return bool(self._check(lib.vipcare_engine_care_recorded(
            self._h, c_text(customer, "customer id"), CARE_KINDS.value(kind), c_text(occasion, "occasion"))))

    def agenda(self, start, end):
        """The care Agenda for [start, end] (dates or text)."""
        return Agenda(self, start, end)

    # --------------------------------------------- surveys, service, KPIs

    def add_survey(self, customer, ts, kind, score):
        """Records a survey response of a known customer: kind ``nps``
        (score 0..10) or ``csat`` (1..5)."""
        from .kpi import _require
        _require()
        self._check(lib.vipcare_engine_add_survey(
            self._h, c_text(customer, "customer id"), timestamp_to_c(ts, "ts"), _kind("survey kind", kind,
                                                                                     lib.vipcare_survey_kind_name),
            score))

    def add_service_request(self, request_id, customer, kind, opened, first_response=None, resolved=None):
        """Records a service request (kind ``inquiry`` or ``complaint``);
        ``first_response`` and ``resolved`` are None while they have not
        happened."""
        from .kpi import _require
        _require()
        none = -(2 ** 63)
        self._check(lib.vipcare_engine_add_service_request(
            self._h, c_text(request_id, "request id"), c_text(customer, "customer id"),
            _kind("service kind", kind, lib.vipcare_service_kind_name), timestamp_to_c(opened, "opened"),
            none if first_response is None else timestamp_to_c(first_response, "first_response"),
            none if resolved is None else timestamp_to_c(resolved, "resolved")))

    @property
    def survey_count(self):
        from .kpi import _require
        _require()
        return lib.vipcare_engine_survey_count(self._h)

    @property
    def service_count(self):
        from .kpi import _require
        _require()
        return lib.vipcare_engine_service_count(self._h)

    def kpi_state(self, start, end):
        """The KpiState of [start, end] over this engine's customers."""
        from .kpi import KpiState
        return KpiState(self, start, end)

    def kpis(self, start, end):
        """The KPIs of [start, end] as a plain dict with the keys of the
        command's JSON (DESIGN §10)."""
        with self.kpi_state(start, end) as state:
            return state.as_dict()

    def __repr__(self):
        if self.closed:
            return "<vipcare.Engine (closed)>"
        return "<vipcare.Engine %d customers, %d transactions>" % (self.customer_count, self.transaction_count)


def _kind(what, name, name_fn):
    """The value of a kind name, from the library's own name function."""
    for value in range(16):
        known = name_fn(value)
        if known is None:
            break
        if known.decode() == name:
            return value
    names = []
    for value in range(16):
        known = name_fn(value)
        if known is None:
            break
        names.append(known.decode())
    fail(-104, "unknown %s %r (expected one of: %s)" % (what, name, ", ".join(names)))


class _Scratch(Handle):
    """A reusable C result handle (score, checkout list) owned by an engine."""

    def __init__(self, new_name, unref_name):
        self._unref_name = unref_name
        self._adopt(new_handle(getattr(lib, new_name)))
