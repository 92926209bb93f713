#!/usr/bin/python3
"""nightly -- the CRM's nightly batch from Python: load a mall's CSV files,
rescore every member as of a date, list the care agenda (who to contact,
why, through which channel) and report the KPIs.

    VIPCARE_LIBRARY=build/lib/libvipcare.so.1 /usr/bin/python3 examples/python/nightly.py \\
        --data examples/python/data --asof 2025-12-31 --from 2025-12-25 --to 2025-12-31 --out /tmp/nightly

The data folder holds the files of DESIGN §10 (transactions.csv required;
customers.csv, surveys.csv, service.csv, care.csv and redemptions.csv read
when present), columns found by name in any order. The results are written
as the `vipcare` command writes them: score.csv (one row per member, by
customer id), agenda.csv (in agenda order) and kpi.json (the KPIs of
--kpi-from .. --asof), to --out or, without it, to standard output;
the suppressed counts go to standard error. A bad row stops the run with
exit status 2 and `FILE:LINE:COLUMN: reason` (the row itself is never
printed: it may hold personal data).
"""

import argparse
import csv
import datetime
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
# Run from the source tree: the package is in bindings/python.
sys.path.insert(0, os.path.join(HERE, "..", "..", "bindings", "python"))

import vipcare  # noqa: E402

SCORE_COLUMNS = ("customer_id,tier,net_spend,visits,first_sale,last_sale,lifetime_spend,decided_by,"
                 "next_tier,spend_to_next,visits_to_next,tier_expires").split(",")
AGENDA_COLUMNS = "due,customer_id,kind,occasion,priority,channel,advisor,tier".split(",")


class BadRow(Exception):
    """A bad row or file, with where it is: FILE:LINE:COLUMN: reason."""


class Table:
    """One CSV file read by column names (UTF-8, optional BOM, RFC 4180)."""

    def __init__(self, path, required, optional):
        self.path = path
        self.name = os.path.basename(path)
        self.file = open(path, newline="", encoding="utf-8-sig")
        self.reader = csv.reader(self.file)
        header = next(self.reader, None)
        if header is None:
            raise BadRow("%s:1:1: the file is empty: a header row is required" % path)
        self.columns = {}
        for index, name in enumerate(header):
            if name in self.columns:
                raise BadRow("%s:1:%d: column %r appears twice" % (path, index + 1, name))
            self.columns[name] = index
        for name in required:
            if name not in self.columns:
                raise BadRow("%s:1:1: the required column %r is missing" % (path, name))
        unknown = [n for n in header if n not in required and n not in optional]
        if unknown:
            print("%s: warning: unknown column(s) ignored: %s" % (path, ", ".join(unknown)), file=sys.stderr)
        self.width = len(header)

    def rows(self):
        """Yields (line, row) with row a dict of the known columns (absent
        optional columns are "")."""
        while True:
            line = self.reader.line_num + 1
            fields = next(self.reader, None)
            if fields is None:
                self.file.close()
                return
            if len(fields) != self.width:
                raise BadRow("%s:%d:1: %d fields where the header has %d" % (self.path, line, len(fields), self.width))
            yield line, {name: fields[i] for name, i in self.columns.items()}

    def fail(self, line, column, message):
        col = self.columns.get(column, 0) + 1 if column else 1
        raise BadRow("%s:%d:%d: %s" % (self.path, line, col, message))


def birthday_of(text):
    """`MM-DD` or `YYYY-MM-DD` (a real date) as (month, day); "" unknown."""
    if not text:
        return None
    if len(text) == 5 and text[2] == "-" and text[:2].isdigit() and text[3:].isdigit():
        return int(text[:2]), int(text[3:])
    day = vipcare.Customer(joined=text).joined  # the library's date parser
    return day.month, day.day


def load_customers(engine, path):
    table = Table(path, ["customer_id"], ["birthday", "joined", "consent", "marketing_opt_out", "advisor",
                                         "override_tier", "override_until"])
    record = vipcare.Customer()
    for line, row in table.rows():
        column = "customer_id"
        try:
            record.clear()
            record.id = row["customer_id"]
            column = "birthday"
            record.birthday = birthday_of(row.get("birthday", ""))
            column = "joined"
            record.joined = row.get("joined") or None
            column = "consent"
            consent = row.get("consent", "")
            record.consent = consent.split(";") if consent else ()
            column = "marketing_opt_out"
            if row.get("marketing_opt_out", "") not in ("", "0", "1"):
                table.fail(line, column, "marketing_opt_out must be empty, 0 or 1")
            record.marketing_opt_out = row.get("marketing_opt_out") == "1"
            column = "advisor"
            record.advisor = row.get("advisor") or None
            column = "override_tier"
            if row.get("override_until") and not row.get("override_tier"):
                table.fail(line, "override_until", "override_until without override_tier")
            record.set_override(row.get("override_tier") or None, row.get("override_until") or None)
            column = "customer_id"
            engine.add_customer(record)
        except vipcare.VipcareError as exc:
            table.fail(line, column, str(exc))
    record.close()


TXN_FIELDS = (("txn_id", "id"), ("customer_id", "customer"), ("ts", "ts"), ("amount", "amount"),
              ("kind", "kind"), ("store", "store"), ("category", "category"), ("ref_txn_id", "original"))


def load_transactions(engine, path):
    """Recorded in batches through Engine.add_transactions(); on a failure,
    the row is found again by its index to name its line and column."""
    table = Table(path, ["txn_id", "customer_id", "ts", "amount"], ["kind", "store", "category", "ref_txn_id"])
    lines = []

    def records():
        for line, row in table.rows():
            lines.append((line, row))
            yield {field: (row.get(column) or None) for column, field in TXN_FIELDS}

    try:
        return engine.add_transactions(records())
    except vipcare.VipcareError as exc:
        line, row = lines[exc.index]
        table.fail(line, failing_column(exc, row), str(exc))


def failing_column(exc, row):
    """The column a refused transaction row is about."""
    if isinstance(exc, vipcare.DuplicateError):
        return "txn_id"
    if isinstance(exc, (vipcare.RefundOfRefundError, vipcare.RefundCustomerError, vipcare.RefundExceedsError)):
        return "ref_txn_id"
    probe = vipcare.Transaction()
    for column, field in TXN_FIELDS:
        try:
            if row.get(column):
                setattr(probe, field, row[column])
        except vipcare.VipcareError:
            return column
    return None


def load_care(engine, path):
    table = Table(path, ["customer_id", "kind", "occasion", "date", "outcome"], [])
    for line, row in table.rows():
        try:
            engine.record_care(row["customer_id"], row["kind"], row["occasion"], row["date"], row["outcome"])
        except vipcare.OutOfRangeError as exc:
            table.fail(line, "outcome" if "outcome" in str(exc) else "kind", str(exc))
        except vipcare.DateError as exc:
            table.fail(line, "date", str(exc))
        except vipcare.VipcareError as exc:
            table.fail(line, "occasion" if isinstance(exc, vipcare.IdError) else "customer_id", str(exc))


def load_redemptions(engine, path):
    table = Table(path, ["redemption_id", "customer_id", "benefit", "ts"], ["qty"])
    for line, row in table.rows():
        qty = row.get("qty") or "1"
        if not qty.isdigit() or int(qty) < 1:
            table.fail(line, "qty", "qty %r is not an integer of 1 or more" % qty[:40])
        try:
            engine.redeem(row["redemption_id"], row["customer_id"], row["benefit"], row["ts"], int(qty))
        except vipcare.RefusedError as exc:
            table.fail(line, "benefit", exc.reason)
        except vipcare.VipcareError as exc:
            table.fail(line, "ts" if isinstance(exc, vipcare.TimestampError) else "redemption_id", str(exc))


def load_surveys(engine, path):
    table = Table(path, ["customer_id", "ts", "kind", "score"], [])
    for line, row in table.rows():
        if not row["score"].isdigit():
            table.fail(line, "score", "score %r is not an integer" % row["score"][:40])
        try:
            engine.add_survey(row["customer_id"], row["ts"], row["kind"], int(row["score"]))
        except vipcare.TimestampError as exc:
            table.fail(line, "ts", str(exc))
        except vipcare.OutOfRangeError as exc:
            table.fail(line, "kind" if "kind" in str(exc) else "score", str(exc))
        except vipcare.VipcareError as exc:
            table.fail(line, "customer_id", str(exc))


def load_service(engine, path):
    table = Table(path, ["request_id", "customer_id", "kind", "opened"], ["first_response", "resolved"])
    for line, row in table.rows():
        column = "opened"
        try:
            engine.add_service_request(row["request_id"], row["customer_id"], row["kind"], row["opened"],
                                       row.get("first_response") or None, row.get("resolved") or None)
        except vipcare.TimestampError as exc:
            table.fail(line, next((c for c in ("first_response", "resolved") if c in str(exc)), column), str(exc))
        except vipcare.OutOfRangeError as exc:
            table.fail(line, "kind" if "kind" in str(exc) else "first_response", str(exc))
        except vipcare.VipcareError as exc:
            table.fail(line, "customer_id" if isinstance(exc, vipcare.UnknownCustomerError) else "request_id", str(exc))


def text(value):
    """A value as the command writes it: "" for none."""
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def write_scores(engine, asof, out):
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(SCORE_COLUMNS)
    with engine.scores(asof) as cursor:
        for s in cursor:
            writer.writerow([text(v) for v in (
                s.customer, s.tier, s.net_spend, s.visits, s.first_sale, s.last_sale, s.lifetime_spend,
                s.decided_by, s.next_tier, s.spend_to_next, s.visits_to_next, s.tier_expires)])
    return len(cursor)


def write_agenda(engine, start, end, out):
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(AGENDA_COLUMNS)
    with engine.agenda(start, end) as agenda:
        for item in agenda:
            writer.writerow([text(v) for v in (
                item.due, item.customer, item.kind, item.occasion, item.priority, item.channel or "no_channel",
                item.advisor, item.tier)])
        print("suppressed: " + " ".join("%s=%d" % kv for kv in agenda.suppressed.items()), file=sys.stderr)
        return len(agenda)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=os.path.join(HERE, "data"), help="the data folder (default: %(default)s)")
    parser.add_argument("--policy", help="a policy file (default: the default policy)")
    parser.add_argument("--asof", default="2025-12-31", help="the scoring date (default: %(default)s)")
    parser.add_argument("--from", dest="start", help="the agenda's first day (default: --asof)")
    parser.add_argument("--to", dest="end", help="the agenda's last day (default: --from)")
    parser.add_argument("--kpi-from", help="the KPI period's first day, up to --asof (default: --asof's month)")
    parser.add_argument("--out", help="write score.csv, agenda.csv and kpi.json into this folder")
    args = parser.parse_args(argv)
    start = args.start or args.asof
    end = args.end or start

    try:
        policy = vipcare.Policy.from_file(args.policy) if args.policy else vipcare.Policy()
        with vipcare.Engine(policy) as engine:
            loaders = [("customers.csv", load_customers), ("transactions.csv", load_transactions)]
            if vipcare.kpi_available():
                loaders += [("surveys.csv", load_surveys), ("service.csv", load_service)]
            loaders += [("care.csv", load_care), ("redemptions.csv", load_redemptions)]
            for name, loader in loaders:
                path = os.path.join(args.data, name)
                if os.path.exists(path) or name == "transactions.csv":
                    loader(engine, path)
            print("loaded %d customers, %d transactions, %d care records, %d redemptions" % (
                engine.customer_count, engine.transaction_count, engine.care_count, engine.redemption_count),
                file=sys.stderr)
            if args.out:
                os.makedirs(args.out, exist_ok=True)
                with open(os.path.join(args.out, "score.csv"), "w", encoding="utf-8", newline="") as f:
                    members = write_scores(engine, args.asof, f)
                with open(os.path.join(args.out, "agenda.csv"), "w", encoding="utf-8", newline="") as f:
                    items = write_agenda(engine, start, end, f)
            else:
                members = write_scores(engine, args.asof, sys.stdout)
                sys.stdout.write("\n")
                items = write_agenda(engine, start, end, sys.stdout)
            print("scored %d members as of %s; %d care items for %s .. %s" % (members, args.asof, items, start, end),
                  file=sys.stderr)
            if vipcare.kpi_available():
                kpi_from = args.kpi_from or args.asof[:8] + "01"
                kpis = engine.kpi_state(kpi_from, args.asof)
                if args.out:
                    with open(os.path.join(args.out, "kpi.json"), "w", encoding="utf-8") as f:
                        f.write(kpis.to_json())
                else:
                    sys.stdout.write("\n" + kpis.to_json())
                summary = kpis.as_dict()
                print("KPIs %s .. %s: %d members, %d active, sales %s, repurchase rate %s" % (
                    kpi_from, args.asof, summary["members"], summary["active"], summary["sales_net"],
                    summary["repurchase_rate"]["value"]), file=sys.stderr)
            else:
                print("KPIs: this libvipcare has no KPI calls", file=sys.stderr)
    except BadRow as exc:
        print("nightly: %s" % exc, file=sys.stderr)
        return 2
    except vipcare.PolicyError as exc:
        print("nightly: %s" % exc, file=sys.stderr)
        return 2
    except (vipcare.BadValueError, vipcare.InvalidArgumentError) as exc:
        print("nightly: %s" % exc, file=sys.stderr)
        return 1
    except OSError as exc:
        print("nightly: %s" % exc, file=sys.stderr)
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
