"""A mall's CSV data folder (DESIGN §10): writing a synthetic one, and
loading the customers of one partition into an engine.

A partition is the set of customers whose id hashes to it: partition_of()
uses CRC-32 of the id's UTF-8 bytes, the same in every process and on
every machine (Python's own hash() of a str is not: it is salted per
process). Every record of a customer (transactions, surveys, service
requests, care records) goes to the customer's partition, which is what
makes the KPI states of the partitions mergeable into the whole.
"""

import csv
import datetime
import os
import random
import sys
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
# Run from the source tree: the package is in bindings/python.
_PACKAGE = os.path.join(HERE, "..", "..", "bindings", "python")
if os.path.isdir(_PACKAGE) and _PACKAGE not in sys.path:
    sys.path.insert(0, _PACKAGE)

import vipcare  # noqa: E402

FILES = ("customers.csv", "transactions.csv", "surveys.csv", "service.csv", "care.csv")


def partition_of(customer_id, partitions):
    """The partition (0 .. partitions - 1) of a customer id."""
    return zlib.crc32(customer_id.encode("utf-8")) % partitions


# ---------------------------------------------------------------- writing


def generate(folder, members=2000, seed=7, year=2025):
    """Writes a synthetic mall of one year into folder: every file of
    DESIGN §10 that the KPIs read. The same seed gives the same files."""
    rng = random.Random(seed)
    os.makedirs(folder, exist_ok=True)
    start = datetime.datetime(year, 1, 1)
    channels = ["sms", "wechat", "phone", "email", "app"]
    with open(os.path.join(folder, "customers.csv"), "w", newline="", encoding="utf-8") as fc, \
            open(os.path.join(folder, "transactions.csv"), "w", newline="", encoding="utf-8") as ft, \
            open(os.path.join(folder, "surveys.csv"), "w", newline="", encoding="utf-8") as fs, \
            open(os.path.join(folder, "service.csv"), "w", newline="", encoding="utf-8") as fr, \
            open(os.path.join(folder, "care.csv"), "w", newline="", encoding="utf-8") as fk:
        customers, txns, surveys, service, care = (csv.writer(f, lineterminator="\n") for f in (fc, ft, fs, fr, fk))
        customers.writerow(["customer_id", "birthday", "joined", "consent", "marketing_opt_out", "advisor"])
        txns.writerow(["txn_id", "customer_id", "ts", "amount", "kind", "store", "category", "ref_txn_id"])
        surveys.writerow(["customer_id", "ts", "kind", "score"])
        service.writerow(["request_id", "customer_id", "kind", "opened", "first_response", "resolved"])
        care.writerow(["customer_id", "kind", "occasion", "date", "outcome"])
        txn_no = request_no = 0
        for n in range(members):
            cid = "M%06d" % n
            joined = start - datetime.timedelta(days=rng.randrange(0, 900))
            consent = ";".join(c for c in channels if rng.random() < 0.4)
            customers.writerow([cid, "%02d-%02d" % (1 + rng.randrange(12), 1 + rng.randrange(28)),
                                joined.date().isoformat(), consent, int(rng.random() < 0.1),
                                "ADV%d" % rng.randrange(5) if rng.random() < 0.3 else ""])
            # a few big spenders, many small ones
            visits = rng.choice([0, 1, 2, 3, 5, 8, 12, 20, 40, 60])
            spend = rng.choice([80, 200, 500, 1500, 3000])
            sales = []
            for _ in range(visits):
                when = start + datetime.timedelta(seconds=rng.randrange(365 * 86400))
                txn_no += 1
                amount = rng.randrange(100, spend * 100 + 101)
                txns.writerow(["T%08d" % txn_no, cid, when.isoformat(), "%d.%02d" % divmod(amount, 100), "sale",
                               "S%02d" % rng.randrange(20), rng.choice(["fashion", "food", "beauty", "kids"]), ""])
                sales.append(("T%08d" % txn_no, when, amount))
            for txn_id, when, amount in sales:
                if rng.random() < 0.04:
                    txn_no += 1
                    back = when + datetime.timedelta(days=rng.randrange(1, 20))
                    part = rng.randrange(1, amount + 1)
                    txns.writerow(["T%08d" % txn_no, cid, back.isoformat(), "%d.%02d" % divmod(part, 100), "refund",
                                   "", "", txn_id])
            for _ in range(rng.choice([0, 0, 1, 2])):
                when = start + datetime.timedelta(seconds=rng.randrange(365 * 86400))
                kind = rng.choice(["nps", "csat"])
                surveys.writerow([cid, when.isoformat(), kind, rng.randrange(0, 11) if kind == "nps" else
                                  rng.randrange(1, 6)])
            for _ in range(rng.choice([0, 0, 0, 1, 2])):
                request_no += 1
                opened = start + datetime.timedelta(seconds=rng.randrange(365 * 86400))
                answered = opened + datetime.timedelta(minutes=rng.randrange(0, 600)) if rng.random() < 0.85 else None
                resolved = answered + datetime.timedelta(hours=rng.randrange(1, 72)) if answered and rng.random() < 0.7 \
                    else None
                service.writerow(["R%07d" % request_no, cid, rng.choice(["inquiry", "complaint"]), opened.isoformat(),
                                  answered.isoformat() if answered else "", resolved.isoformat() if resolved else ""])
            if sales and rng.random() < 0.5:
                first = min(s[1] for s in sales).date()
                care.writerow([cid, "welcome", "once", (first + datetime.timedelta(days=rng.randrange(0, 3))).isoformat(),
                               rng.choice(["reached", "reached", "no_answer", "declined"])])


# ---------------------------------------------------------------- loading


class BadRow(Exception):
    """A row the library refused: FILE:LINE: reason (never the row itself)."""


def _rows(path, keep):
    """(line, row) of the rows of a CSV file whose customer_id passes keep."""
    with open(path, newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        line = 1
        for row in reader:
            if keep(row["customer_id"]):
                yield line + 1, row
            line = reader.line_num


def load(folder, partition=0, partitions=1, policy=None):
    """An engine holding the customers of one partition of a data folder,
    with all of their records. policy is a vipcare.Policy or None."""
    keep = (lambda cid: True) if partitions == 1 else (lambda cid: partition_of(cid, partitions) == partition)
    engine = vipcare.Engine(policy)
    where = None
    try:
        path = os.path.join(folder, "customers.csv")
        record = vipcare.Customer()
        for where, row in _rows(path, keep):
            record.fill(row["customer_id"], birthday=tuple(int(x) for x in row["birthday"].split("-")[-2:])
                        if row["birthday"] else None, joined=row["joined"] or None,
                        consent=row["consent"].split(";") if row["consent"] else (),
                        marketing_opt_out=row["marketing_opt_out"] == "1", advisor=row["advisor"] or None)
            engine.add_customer(record)
        record.close()

        path = os.path.join(folder, "transactions.csv")
        lines = []

        def txns():
            for line, row in _rows(path, keep):
                lines.append(line)
                yield {"id": row["txn_id"], "customer": row["customer_id"], "ts": row["ts"], "amount": row["amount"],
                       "kind": row["kind"] or "sale", "store": row["store"] or None,
                       "category": row["category"] or None, "original": row["ref_txn_id"] or None}
        try:
            engine.add_transactions(txns())
        except vipcare.VipcareError as exc:
            where = lines[exc.index]
            raise

        path = os.path.join(folder, "surveys.csv")
        for where, row in _rows(path, keep):
            engine.add_survey(row["customer_id"], row["ts"], row["kind"], int(row["score"]))
        path = os.path.join(folder, "service.csv")
        for where, row in _rows(path, keep):
            engine.add_service_request(row["request_id"], row["customer_id"], row["kind"], row["opened"],
                                       row["first_response"] or None, row["resolved"] or None)
        path = os.path.join(folder, "care.csv")
        for where, row in _rows(path, keep):
            engine.record_care(row["customer_id"], row["kind"], row["occasion"], row["date"], row["outcome"])
    except (vipcare.VipcareError, ValueError) as exc:
        engine.close()
        raise BadRow("%s:%s: %s" % (path, where, exc)) from None
    return engine
