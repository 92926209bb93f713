#!/usr/bin/python3
"""nightly -- a mall back office's nightly batch against PostgreSQL: read
the members, orders, care log, surveys and service requests, score every
member, and write the day's care agenda and the period's KPIs back.

    VIPCARE_LIBRARY=build/lib/libvipcare.so.1 /usr/bin/python3 examples/erp-postgres/nightly.py \\
        --dsn "dbname=mall" --date 2025-07-01

Tables: examples/erp-postgres/schema.sql. For the batch day D (default:
today) it writes

  member_score            every member's tier as of D (one row per member)
  care_agenda             the care agenda of D (overdue items included)
  care_agenda_suppressed  marketing items of D left off for opted-out members
  kpi_snapshot            the KPIs of the period that holds D - 1, from its
                          first day to D - 1 (--period; default month)
  vipcare_rejects         input rows the library refused, with the reason

all in one transaction, and idempotently: a row is inserted, updated or
deleted only when its content differs, so a second run for the same day
with the same input changes nothing (it reports 0 everywhere, and the rows
keep their PostgreSQL row versions). It prints what it did (--json: as one
JSON object). Exit status: 0 done, 1 bad usage, 2 bad policy, 3 database
failure, another batch running, or psycopg2 or libvipcare missing.

Requires Debian's python3-psycopg2 and the Python binding (bindings/python,
found from here; the library through VIPCARE_LIBRARY or its SONAME).
"""

import argparse
import calendar
import datetime
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
# Run from the source tree: the binding is in bindings/python.
sys.path.insert(0, os.path.join(HERE, "..", "..", "bindings", "python"))

try:
    import psycopg2  # Debian: python3-psycopg2
except ImportError as exc:  # reported by main(), after --help had its chance
    psycopg2, MISSING = None, "psycopg2 is missing (Debian: apt-get install python3-psycopg2): %s" % exc
try:
    import vipcare
except ImportError as exc:
    vipcare, MISSING = None, str(exc)

# pg_try_advisory_lock key: one nightly batch per database at a time ('vipc').
LOCK_KEY = 0x76697063
CHANNELS = ("sms", "wechat", "phone", "email", "app")
FETCH = 5000  # rows per round trip of the server-side cursors


class BatchError(Exception):
    """A failure that stops the batch, with its exit status."""

    def __init__(self, message, status=3):
        super().__init__(message)
        self.status = status


def period_of(day, period):
    """The first and last day of the period (day .. year) that holds @day."""
    if period == "day":
        return day, day
    if period == "week":
        start = day - datetime.timedelta(days=day.weekday())  # ISO: Monday first
        return start, start + datetime.timedelta(days=6)
    if period == "month":
        return day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1])
    if period == "quarter":
        first = 3 * ((day.month - 1) // 3) + 1
        end = datetime.date(day.year, first + 2, calendar.monthrange(day.year, first + 2)[1])
        return datetime.date(day.year, first, 1), end
    return datetime.date(day.year, 1, 1), datetime.date(day.year, 12, 31)


def rows(conn, name, query):
    """The rows of a query through a server-side cursor, FETCH at a time:
    a large orders table never sits in memory twice."""
    with conn.cursor(name=name) as cur:
        cur.itersize = FETCH
        cur.execute(query)
        for row in cur:
            yield row


class Loader:
    """Reads the input tables into an engine; rows the library refuses are
    kept as rejects (source, key, reason) and the load goes on."""

    def __init__(self, conn, engine):
        self.conn = conn
        self.engine = engine
        self.rejects = {}
        self.counts = {}

    def reject(self, source, key, reason):
        self.rejects[(source, str(key))] = reason

    def count(self, source, accepted):
        self.counts[source] = self.counts.get(source, 0) + accepted

    def members(self):
        query = ("SELECT member_id, birth_year, birth_month, birth_day, joined_on, "
                 + ", ".join("consent_" + c for c in CHANNELS)
                 + ", marketing_opt_out, advisor_id, tier_override, override_until"
                 " FROM members ORDER BY member_id")
        record = vipcare.Customer()
        accepted = 0
        for row in rows(self.conn, "vipcare_members", query):
            member, year, month, day, joined = row[:5]
            consent = {c for c, flag in zip(CHANNELS, row[5:10]) if flag}
            opt_out, advisor, tier, until = row[10:]
            column = "member_id"
            try:
                record.clear()
                record.id = member
                column = "birth_year, birth_month, birth_day"
                if (month is None) != (day is None):
                    raise ValueError("give birth_month and birth_day, or neither")
                if year is not None:
                    if month is None:
                        raise ValueError("birth_year without birth_month and birth_day")
                    try:
                        datetime.date(year, month, day)  # DESIGN §11: a full date must exist
                    except ValueError:
                        raise ValueError("%04d-%02d-%02d is not a date" % (year, month, day)) from None
                if month is not None:
                    record.birthday = (month, day)
                column = "joined_on"
                record.joined = joined
                record.consent = consent
                record.marketing_opt_out = bool(opt_out)
                column = "advisor_id"
                record.advisor = advisor
                column = "override_until"
                if until is not None and tier is None:
                    raise ValueError("set without a tier_override")
                column = "tier_override"
                record.set_override(tier, until)
                column = "member_id"
                self.engine.add_customer(record)
                accepted += 1
            except (ValueError, vipcare.VipcareError) as exc:
                self.reject("members", member, "%s: %s" % (column, exc))
        record.close()
        self.count("members", accepted)

    def orders(self):
        """Sales first, then returns, each in time order: a return always
        finds its sale, whatever order the ERP entered them in."""
        for kind, library_kind in (("sale", "sale"), ("return", "refund")):
            query = ("SELECT order_id, member_id, ordered_at, amount, store_id, category, original_order_id"
                     " FROM orders WHERE kind = '%s' ORDER BY ordered_at, order_id" % kind)
            batch = []
            for row in rows(self.conn, "vipcare_orders_" + kind, query):
                batch.append(row)
                if len(batch) == FETCH:
                    self._record(batch, library_kind)
                    batch = []
            self._record(batch, library_kind)

    def _record(self, batch, kind):
        """Records a batch through the library's batched call; a refused
        order becomes a reject and the batch goes on after it."""
        def record(row):
            return {"id": row[0], "customer": row[1], "ts": row[2], "amount": row[3], "kind": kind,
                    "store": row[4], "category": row[5], "original": row[6] if kind == "refund" else None}

        start = 0
        while start < len(batch):
            try:
                done = self.engine.add_transactions(record(r) for r in batch[start:])
                self.count("orders", done)
                return
            except vipcare.VipcareError as exc:
                self.count("orders", exc.index)
                self.reject("orders", batch[start + exc.index][0], str(exc))
                start += exc.index + 1

    def care_log(self):
        query = "SELECT id, member_id, kind, occasion, contacted_on, outcome FROM care_log ORDER BY id"
        accepted = 0
        for key, member, kind, occasion, day, outcome in rows(self.conn, "vipcare_care", query):
            try:
                self.engine.record_care(member, kind, occasion, day, outcome)
                accepted += 1
            except vipcare.VipcareError as exc:
                self.reject("care_log", key, str(exc))
        self.count("care_log", accepted)

    def surveys(self):
        query = "SELECT id, member_id, answered_at, kind, score FROM survey_responses ORDER BY id"
        accepted = 0
        for key, member, at, kind, score in rows(self.conn, "vipcare_surveys", query):
            try:
                self.engine.add_survey(member, at, kind, score)
                accepted += 1
            except vipcare.VipcareError as exc:
                self.reject("survey_responses", key, str(exc))
        self.count("survey_responses", accepted)

    def service(self):
        query = ("SELECT request_id, member_id, kind, opened_at, first_response_at, resolved_at"
                 " FROM service_requests ORDER BY opened_at, request_id")
        accepted = 0
        for key, member, kind, opened, first, resolved in rows(self.conn, "vipcare_service", query):
            try:
                self.engine.add_service_request(key, member, kind, opened, first, resolved)
                accepted += 1
            except vipcare.VipcareError as exc:
                self.reject("service_requests", key, str(exc))
        self.count("service_requests", accepted)


# ---------------------------------------------------------------- output rows

def score_rows(engine, day):
    out = []
    with engine.scores(day) as cursor:
        for s in cursor:
            out.append((s.customer, day, s.tier, s.net_spend, s.visits, s.first_sale, s.last_sale,
                        s.lifetime_spend, s.decided_by, s.next_tier, s.spend_to_next, s.visits_to_next,
                        s.tier_expires))
    return out


def agenda_rows(engine, day):
    with engine.agenda(day, day) as agenda:
        items = [(day, i.customer, i.kind, i.occasion, i.due, n, i.priority, i.channel, i.advisor, i.tier)
                 for n, i in enumerate(agenda, 1)]
        suppressed = [(day, kind, count) for kind, count in agenda.suppressed.items()]
    return items, suppressed


def kpi_rows(engine, policy, start, end):
    """One row per line of the library's KPI CSV (kpi,value,num,den), with
    the policy's target and whether it is met, judged by the library."""
    state = engine.kpi_state(start, end)
    names = set(vipcare.kpi_names())
    out = []
    lines = state.to_csv().splitlines()
    if not lines or lines[0] != "kpi,value,num,den":
        raise BatchError("the library's KPI CSV has an unexpected header: %r" % (lines[:1],))
    for line in lines[1:]:
        kpi, value, num, den = line.split(",")
        target = met = None
        if kpi in names:
            goal = policy.target(kpi)
            if goal is not None:
                target = "%s %s" % (goal[0], format(goal[1], "f"))  # 'min 0.6', 'max 120'
                verdict = state.target(kpi, policy)
                met = None if verdict is None else verdict == "met"
        out.append((start, end, kpi, value or None, num, den, target, met))
    state.close()
    return out


# ---------------------------------------------------------------- writing

TABLES = {
    # table: (key columns, other columns, the rows a run replaces)
    "member_score": (("member_id",), ("as_of", "tier", "net_spend", "visits", "first_sale", "last_sale",
                                      "lifetime_spend", "decided_by", "next_tier", "spend_to_next",
                                      "visits_to_next", "tier_expires"), None),
    "care_agenda": (("agenda_date", "member_id", "kind", "occasion"),
                    ("due", "position", "priority", "channel", "advisor_id", "tier"), "agenda_date = %(day)s"),
    "care_agenda_suppressed": (("agenda_date", "kind"), ("suppressed",), "agenda_date = %(day)s"),
    "kpi_snapshot": (("period_from", "period_to", "kpi"), ("value", "num", "den", "target", "target_met"),
                     "period_from = %(from)s AND period_to = %(to)s"),
    "vipcare_rejects": (("source", "source_id"), ("reason",), None),
}


def merge(cur, table, data, scope):
    """Makes the rows of @table in the run's scope equal @data, touching
    only rows whose content differs. Returns (inserted, updated, deleted)."""
    keys, others = TABLES[table][:2]
    where = TABLES[table][2]
    columns = keys + others
    cur.execute("CREATE TEMP TABLE new_rows ON COMMIT DROP AS SELECT %s FROM %s WITH NO DATA"
                % (", ".join(columns), table))
    if data:
        placeholders = "(" + ", ".join(["%s"] * len(columns)) + ")"
        for first in range(0, len(data), 1000):
            chunk = data[first:first + 1000]
            values = ",".join(cur.mogrify(placeholders, row).decode() for row in chunk)
            cur.execute("INSERT INTO new_rows VALUES " + values)
    scope_sql = " AND " + cur.mogrify(where, scope).decode() if where else ""
    match = " AND ".join("n.%s = t.%s" % (k, k) for k in keys)
    cur.execute("DELETE FROM %s t WHERE NOT EXISTS (SELECT 1 FROM new_rows n WHERE %s)%s"
                % (table, match, scope_sql))
    deleted = cur.rowcount
    changed = " OR ".join("t.%s IS DISTINCT FROM EXCLUDED.%s" % (c, c) for c in others)
    cur.execute("INSERT INTO %s AS t (%s) SELECT %s FROM new_rows ON CONFLICT (%s) DO UPDATE SET %s WHERE %s"
                " RETURNING (xmax = 0)" % (table, ", ".join(columns), ", ".join(columns), ", ".join(keys),
                                           ", ".join("%s = EXCLUDED.%s" % (c, c) for c in others), changed))
    flags = [r[0] for r in cur.fetchall()]
    cur.execute("DROP TABLE new_rows")
    inserted = sum(1 for f in flags if f)
    return inserted, len(flags) - inserted, deleted


# ---------------------------------------------------------------- the batch

def run(args):
    timings = {}
    t0 = time.monotonic()
    try:
        policy = vipcare.Policy.from_file(args.policy) if args.policy else vipcare.Policy()
    except vipcare.VipcareError as exc:  # the message names file:line:column
        raise BatchError(str(exc), 2) from None
    day = args.date
    if args.kpi_from or args.kpi_to:
        kpi_from = args.kpi_from or period_of(args.kpi_to, args.period)[0]
        kpi_to = args.kpi_to or day - datetime.timedelta(days=1)
    else:
        kpi_to = day - datetime.timedelta(days=1)  # the last complete day
        kpi_from = period_of(kpi_to, args.period)[0]
    if kpi_to < kpi_from:
        raise BatchError("the KPI period %s .. %s ends before it starts" % (kpi_from, kpi_to), 1)

    try:
        conn = psycopg2.connect(args.dsn)
    except psycopg2.Error as exc:
        raise BatchError("cannot connect (%s): %s" % (args.dsn or "libpq defaults", str(exc).strip()))
    try:
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute("SELECT pg_try_advisory_lock(%s)", (LOCK_KEY,))
            if not cur.fetchone()[0]:
                raise BatchError("another nightly batch is running on this database (advisory lock %d)"
                                 % LOCK_KEY)
        conn.autocommit = False
        # One snapshot for everything read, and the writes in the same
        # transaction: the outputs always match one state of the inputs.
        conn.set_session(isolation_level="REPEATABLE READ")

        engine = vipcare.Engine(policy)
        loader = Loader(conn, engine)
        loader.members()
        loader.orders()
        loader.surveys()
        loader.service()
        loader.care_log()
        timings["read"] = time.monotonic() - t0

        t1 = time.monotonic()
        scores = score_rows(engine, day)
        agenda, suppressed = agenda_rows(engine, day)
        kpis = kpi_rows(engine, policy, kpi_from, kpi_to)
        rejects = [(s, k, r) for (s, k), r in sorted(loader.rejects.items())]
        timings["compute"] = time.monotonic() - t1

        t2 = time.monotonic()
        scope = {"day": day, "from": kpi_from, "to": kpi_to}
        changes = {}
        with conn.cursor() as cur:
            for table, data in (("member_score", scores), ("care_agenda", agenda),
                                ("care_agenda_suppressed", suppressed), ("kpi_snapshot", kpis),
                                ("vipcare_rejects", rejects)):
                changes[table] = dict(zip(("inserted", "updated", "deleted"), merge(cur, table, data, scope)))
        conn.commit()
        timings["write"] = time.monotonic() - t2
        engine.close()
    except psycopg2.Error as exc:
        conn.rollback()
        if exc.pgcode in ("42P01", "42703"):  # undefined table or column
            raise BatchError("not the schema of examples/erp-postgres/schema.sql: %s"
                             % str(exc).strip().splitlines()[0], 2) from None
        raise BatchError("the database refused: %s" % str(exc).strip()) from None
    except vipcare.VipcareError as exc:  # out of memory, a limit: nothing is written
        conn.rollback()
        raise BatchError("libvipcare: %s" % exc) from None
    finally:
        conn.close()  # also releases the advisory lock
    timings["total"] = time.monotonic() - t0
    return {
        "date": day.isoformat(), "kpi_from": kpi_from.isoformat(), "kpi_to": kpi_to.isoformat(),
        "read": loader.counts, "rejected": len(rejects), "members_scored": len(scores),
        "agenda_items": len(agenda), "suppressed": {k: n for _, k, n in suppressed},
        "kpi_rows": len(kpis), "changes": changes,
        "seconds": {k: round(v, 3) for k, v in timings.items()},
    }


def report(summary):
    read = ", ".join("%s %d" % kv for kv in summary["read"].items())
    print("nightly %s: read %s; %d rejected" % (summary["date"], read, summary["rejected"]))
    print("  scored %d members; %d care items (suppressed: %s); KPIs %s .. %s (%d rows)" % (
        summary["members_scored"], summary["agenda_items"],
        " ".join("%s=%d" % kv for kv in summary["suppressed"].items()) or "none",
        summary["kpi_from"], summary["kpi_to"], summary["kpi_rows"]))
    for table, c in summary["changes"].items():
        print("  %-23s inserted %d, updated %d, deleted %d" % (table, c["inserted"], c["updated"], c["deleted"]))
    s = summary["seconds"]
    print("  %.2f s (read %.2f, compute %.2f, write %.2f)" % (s["total"], s["read"], s["compute"], s["write"]))


def date_arg(text):
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError("%r is not a date YYYY-MM-DD" % text[:40]) from None


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dsn", default="", help="libpq connection string (default: PG* variables)")
    parser.add_argument("--date", type=date_arg, default=datetime.date.today(),
                        help="the batch day D: scores as of D, the agenda of D (default: today)")
    parser.add_argument("--period", choices=("day", "week", "month", "quarter", "year"), default="month",
                        help="the KPI period: the one that holds D - 1, up to D - 1 (default: month)")
    parser.add_argument("--kpi-from", type=date_arg, help="the KPI period's first day (overrides --period)")
    parser.add_argument("--kpi-to", type=date_arg, help="the KPI period's last day (default: D - 1)")
    parser.add_argument("--policy", help="a policy file (default: the default policy)")
    parser.add_argument("--json", action="store_true", help="print the summary as one JSON object")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return 1 if exc.code == 2 else exc.code  # bad usage is 1, as for the vipcare command
    if psycopg2 is None or vipcare is None:
        print("nightly: %s" % MISSING, file=sys.stderr)
        return 3
    try:
        summary = run(args)
    except BatchError as exc:
        print("nightly: %s" % exc, file=sys.stderr)
        return exc.status
    if args.json:
        print(json.dumps(summary, sort_keys=True))
    else:
        report(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
