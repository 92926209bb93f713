"""examples/erp-postgres end to end against a real PostgreSQL server: the
test starts its own server (initdb, pg_ctl; a Unix socket in a temporary
folder, no TCP port; as the postgres user when run as root), loads
tests/data/integration into the back office's tables, runs the nightly
batch twice for the same day, then for the next day, then after the staff
logged a contact and a member changed consent, and compares every table
with the CSV route (`vipcare score|agenda|kpi` on the same data). Then the
batch on a generated mall of VIPCARE_INTEGRATION_MEMBERS members, timed.
The server is stopped at the end, whatever happens (module cleanup, atexit
and SIGTERM/SIGINT/SIGHUP handlers).

    VIPCARE_BUILD=build /usr/bin/python3 -m unittest -v tests/integration/test_erp_postgres.py
"""

import atexit
import datetime
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest
from decimal import Decimal

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from common import (DATA, LIBRARY, MEMBERS, PG_BIN, PgCluster, copy_folder, generate_mall,  # noqa: E402
                    load_erp, nightly, read_csv, require, write_csv, vipcare)

CLUSTER = None
DAY, NEXT_DAY = "2025-07-01", "2025-07-02"
ERP_FILES = ("customers.csv", "transactions.csv", "surveys.csv", "service.csv", "care.csv")

SCORE_SQL = ("SELECT member_id AS customer_id, tier, net_spend, visits, first_sale, last_sale, lifetime_spend,"
             " decided_by, next_tier, spend_to_next, visits_to_next, tier_expires FROM member_score"
             " ORDER BY member_id COLLATE \"C\"")
AGENDA_SQL = ("SELECT due, member_id AS customer_id, kind, occasion, priority,"
              " coalesce(channel, 'no_channel') AS channel, advisor_id AS advisor, tier"
              " FROM care_agenda WHERE agenda_date = '%s' ORDER BY position")
KPI_SQL = ("SELECT kpi, value, num, den FROM kpi_snapshot WHERE period_from = '%s' AND period_to = '%s'"
           " ORDER BY kpi COLLATE \"C\"")
SNAPSHOT_SQL = {
    "member_score": "SELECT xmin, * FROM member_score ORDER BY member_id COLLATE \"C\"",
    "care_agenda": "SELECT xmin, * FROM care_agenda ORDER BY agenda_date, position",
    "care_agenda_suppressed": "SELECT xmin, * FROM care_agenda_suppressed ORDER BY agenda_date, kind",
    "kpi_snapshot": "SELECT xmin, * FROM kpi_snapshot ORDER BY period_from, period_to, kpi COLLATE \"C\"",
    "vipcare_rejects": "SELECT xmin, * FROM vipcare_rejects ORDER BY source, source_id COLLATE \"C\"",
}
# DESIGN §8: the default policy's targets
DEFAULT_TARGETS = {"repurchase_rate": "min 0.6", "nps": "min 40", "churn_rate": "max 0.05", "csat": "min 85",
                   "vip_sales_share": "min 0.45", "service_first_response_p50": "max 120"}


def stop_cluster(*_):
    if CLUSTER is not None:
        CLUSTER.stop()


def on_signal(signum, _frame):
    stop_cluster()
    sys.exit(128 + signum)


def setUpModule():
    global CLUSTER
    require(LIBRARY, "libvipcare.so.1")
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, on_signal)
    atexit.register(stop_cluster)
    CLUSTER = PgCluster()
    unittest.addModuleCleanup(stop_cluster)
    CLUSTER.start()


def kpi_rows(csv_text):
    lines = csv_text.splitlines()
    return {line.split(",")[0]: line for line in lines[1:]}


def snapshot(db):
    return {table: CLUSTER.psql(db, sql, csv_out=True) for table, sql in SNAPSHOT_SQL.items()}


def day_rows(snap, table, day):
    return [line for line in snap[table].splitlines()[1:] if line.split(",")[1] == day]


def batch(dsn, *args):
    rc, summary, err = nightly(dsn, *args)
    if rc != 0:
        raise RuntimeError("nightly.py %s exited %d: %s" % (" ".join(args), rc, err))
    return summary


class TestNightlyBatch(unittest.TestCase):
    """The scenario runs once (setUpClass); each test checks one part of it."""

    @classmethod
    def setUpClass(cls):
        pg = CLUSTER
        pg.create_database("mall")
        load_erp(pg, "mall", DATA)
        dsn = pg.dsn("mall")
        cls.tmp = tempfile.mkdtemp(prefix="vipcare-erp-")
        cls.addClassCleanup(shutil.rmtree, cls.tmp, True)

        cls.first = batch(dsn, "--date", DAY)
        cls.after_first = snapshot("mall")
        cls.second = batch(dsn, "--date", DAY)
        cls.after_second = snapshot("mall")
        cls.third = batch(dsn, "--date", NEXT_DAY)
        cls.after_third = snapshot("mall")
        # The staff reached M05 for the birthday; M05 now accepts text messages.
        pg.psql("mall", "INSERT INTO care_log (member_id, kind, occasion, contacted_on, outcome)"
                        " VALUES ('M05', 'birthday', '2025', '2025-07-02', 'reached');"
                        " UPDATE members SET consent_sms = true WHERE member_id = 'M05'")
        cls.fourth = batch(dsn, "--date", NEXT_DAY)
        cls.after_fourth = snapshot("mall")
        cls.tables = {
            "score": pg.psql("mall", SCORE_SQL, csv_out=True),
            "agenda": pg.psql("mall", AGENDA_SQL % DAY, csv_out=True),
            "agenda_next": pg.psql("mall", AGENDA_SQL % NEXT_DAY, csv_out=True),
            "kpi": pg.psql("mall", KPI_SQL % ("2025-06-01", "2025-06-30"), csv_out=True),
            "kpi_next": pg.psql("mall", KPI_SQL % (NEXT_DAY[:8] + "01", DAY), csv_out=True),
            "targets": pg.psql("mall", "SELECT kpi, value, target, target_met FROM kpi_snapshot WHERE period_to"
                                       " = '2025-06-30' AND target IS NOT NULL ORDER BY kpi", csv_out=True),
            "suppressed": pg.psql("mall", "SELECT kind, suppressed FROM care_agenda_suppressed WHERE agenda_date"
                                          " = '%s' ORDER BY kind" % DAY, csv_out=True),
            "rejects": pg.psql("mall", "SELECT source, source_id, reason FROM vipcare_rejects ORDER BY source",
                               csv_out=True),
            "settings": pg.psql("mall", "SELECT current_setting('listen_addresses') || '|' ||"
                                        " current_setting('unix_socket_directories')"),
        }

        # The CSV route on the same data.
        folder = copy_folder(DATA, os.path.join(cls.tmp, "csv"), ERP_FILES)
        cls.csv = {}
        cls.csv["score"] = vipcare("score", "--data", folder, "--asof", NEXT_DAY)[0]
        cls.csv["score_day"] = vipcare("score", "--data", folder, "--asof", DAY)[0]
        out, err, cls.csv_rejects = vipcare("agenda", "--data", folder, "--from", DAY, "--to", DAY)
        cls.csv["agenda"], cls.csv["agenda_stderr"] = out, err
        cls.csv["agenda_next_before"] = vipcare("agenda", "--data", folder, "--from", NEXT_DAY, "--to", NEXT_DAY)[0]
        cls.csv["kpi"] = vipcare("kpi", "--data", folder, "--from", "2025-06-01", "--to", "2025-06-30",
                                 "--format", "csv")[0]
        cls.csv["kpi_next"] = vipcare("kpi", "--data", folder, "--from", DAY, "--to", DAY, "--format", "csv")[0]
        # ... and on the changed data
        customers = read_csv(os.path.join(folder, "customers.csv"))
        for c in customers:
            if c["customer_id"] == "M05":
                c["consent"] = "sms"
        write_csv(os.path.join(folder, "customers.csv"), list(customers[0].keys()), customers)
        with open(os.path.join(folder, "care.csv"), "a", encoding="utf-8") as f:
            f.write("M05,birthday,2025,2025-07-02,reached\n")
        cls.csv["agenda_next"] = vipcare("agenda", "--data", folder, "--from", NEXT_DAY, "--to", NEXT_DAY)[0]

    def test_server_listens_on_its_own_socket_only(self):
        self.assertEqual(self.tables["settings"].strip(), "|" + CLUSTER.socket)

    def test_first_run_reads_and_writes_everything(self):
        s = self.first
        self.assertEqual((s["date"], s["kpi_from"], s["kpi_to"]), (DAY, "2025-06-01", "2025-06-30"))
        self.assertEqual(s["read"], {"members": 16, "orders": 124, "care_log": 6, "survey_responses": 7,
                                     "service_requests": 5})
        self.assertEqual(s["rejected"], 2)
        for table, rows in (("member_score", s["members_scored"]), ("care_agenda", s["agenda_items"]),
                            ("care_agenda_suppressed", 2), ("kpi_snapshot", s["kpi_rows"]),
                            ("vipcare_rejects", 2)):
            self.assertEqual(s["changes"][table], {"inserted": rows, "updated": 0, "deleted": 0}, table)
        self.assertEqual(s["members_scored"], 20)

    def test_member_score_equals_csv_route(self):
        self.assertEqual(self.after_first["member_score"].count("\n") - 1, 20)
        # member_score's columns: xmin, member_id, as_of, then those of the command's score
        day_scores = [",".join([f[1]] + f[3:]) for f in
                      (line.split(",") for line in self.after_first["member_score"].splitlines()[1:])]
        self.assertEqual(day_scores, self.csv["score_day"].splitlines()[1:])
        # after the last run (as of the next day), the whole table as the command prints it
        self.assertEqual(self.tables["score"], self.csv["score"])

    def test_care_agenda_equals_csv_route(self):
        self.assertEqual(self.tables["agenda"], self.csv["agenda"])
        self.assertEqual(self.first["agenda_items"], len(self.csv["agenda"].splitlines()) - 1)
        self.assertIn("2025-06-28,M07,tier_change,2025-06-28:gold,1,wechat,A1,gold\n", self.tables["agenda"])

    def test_suppressed_counts_equal_csv_route(self):
        self.assertIn("suppressed: birthday=1 lapse=1", self.csv["agenda_stderr"])
        self.assertEqual(self.tables["suppressed"], "kind,suppressed\nbirthday,1\nlapse,1\n")

    def test_kpi_snapshot_equals_csv_route(self):
        self.assertEqual(kpi_rows(self.tables["kpi"]), kpi_rows(self.csv["kpi"]))
        self.assertEqual(len(kpi_rows(self.csv["kpi"])), self.first["kpi_rows"])

    def test_kpi_targets_are_the_policys(self):
        rows = [line.split(",") for line in self.tables["targets"].splitlines()[1:]]
        self.assertEqual({r[0]: r[2] for r in rows}, DEFAULT_TARGETS)
        for kpi, value, target, met in rows:
            op, goal = target.split()
            expected = Decimal(value) >= Decimal(goal) if op == "min" else Decimal(value) <= Decimal(goal)
            self.assertEqual(met, "t" if expected else "f", kpi)

    def test_rejects_equal_csv_route(self):
        self.assertEqual(self.tables["rejects"],
                         'source,source_id,reason\n'
                         'members,M20,"birth_year, birth_month, birth_day: 1990-02-29 is not a date"\n'
                         'orders,L2,"refund ""L2"" of 800.00 exceeds the 500.00 left of original ""L1"""\n')
        self.assertEqual(sorted((r["file"], r["row"].split(",")[0]) for r in self.csv_rejects),
                         [("customers.csv", "M20"), ("transactions.csv", "L2")])

    def test_second_run_for_the_same_day_changes_nothing(self):
        for table, c in self.second["changes"].items():
            self.assertEqual(c, {"inserted": 0, "updated": 0, "deleted": 0}, table)
        # not one row rewritten: every row keeps its row version (xmin)
        self.assertEqual(self.after_second, self.after_first)

    def test_next_day_adds_its_rows_and_keeps_the_first(self):
        for table in ("care_agenda", "care_agenda_suppressed"):
            self.assertEqual(day_rows(self.after_third, table, DAY), day_rows(self.after_first, table, DAY), table)
        self.assertEqual(self.third["changes"]["care_agenda"]["deleted"], 0)
        june = [line for line in self.after_third["kpi_snapshot"].splitlines() if ",2025-06-01,2025-06-30," in line]
        self.assertEqual(june, [line for line in self.after_first["kpi_snapshot"].splitlines()
                                if ",2025-06-01,2025-06-30," in line])
        self.assertEqual(len(june), self.first["kpi_rows"])
        self.assertEqual((self.third["kpi_from"], self.third["kpi_to"]), (DAY, DAY))
        self.assertEqual(kpi_rows(self.tables["kpi_next"]), kpi_rows(self.csv["kpi_next"]))
        self.assertEqual(self.third["changes"]["member_score"]["updated"], 20)  # as_of moved on
        self.assertEqual(self.third["changes"]["vipcare_rejects"], {"inserted": 0, "updated": 0, "deleted": 0})

    def test_changed_input_changes_only_what_differs(self):
        c = self.fourth["changes"]
        # M05's birthday item is done; its two other items now go by SMS
        self.assertEqual(c["care_agenda"], {"inserted": 0, "updated": 2, "deleted": 1})
        for table in ("member_score", "kpi_snapshot", "vipcare_rejects", "care_agenda_suppressed"):
            self.assertEqual(c[table], {"inserted": 0, "updated": 0, "deleted": 0}, table)
        self.assertEqual(self.tables["agenda_next"], self.csv["agenda_next"])
        self.assertNotEqual(self.csv["agenda_next"], self.csv["agenda_next_before"])
        unchanged = [line for line in self.after_fourth["care_agenda"].splitlines() if ",M05," not in line]
        self.assertEqual(unchanged, [line for line in self.after_third["care_agenda"].splitlines()
                                     if ",M05," not in line])

    def test_one_batch_at_a_time(self):
        # another session holds the batch's advisory lock ('vipc')
        holder = subprocess.Popen(
            [os.path.join(PG_BIN, "psql"), "-X", "-q", "-h", CLUSTER.socket, "-U", "postgres", "-d", "mall",
             "-c", "SELECT pg_advisory_lock(1986621539)", "-c", "SELECT pg_sleep(60)"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.addCleanup(holder.wait)
        self.addCleanup(holder.kill)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and CLUSTER.psql(
                "mall", "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted").strip() != "1":
            time.sleep(0.1)
        rc, _, err = nightly(CLUSTER.dsn("mall"), "--date", DAY)
        self.assertEqual((rc, err), (3, "nightly: another nightly batch is running on this database"
                                        " (advisory lock 1986621539)\n"))

    def test_bad_policy_and_connection(self):
        bad = os.path.join(self.tmp, "bad.ini")
        with open(bad, "w") as f:
            f.write("[program]\nwindow_dayz = 30\n")
        rc, _, err = nightly(CLUSTER.dsn("mall"), "--date", DAY, "--policy", bad)
        self.assertEqual(rc, 2)
        self.assertIn("window_dayz", err)
        rc, _, err = nightly("host=%s dbname=no_such_db user=postgres" % CLUSTER.socket, "--date", DAY)
        self.assertEqual(rc, 3)
        self.assertIn("no_such_db", err)
        CLUSTER.psql("postgres", "CREATE DATABASE no_tables")
        rc, _, err = nightly(CLUSTER.dsn("no_tables"), "--date", DAY)
        self.assertEqual((rc, err), (2, 'nightly: not the schema of examples/erp-postgres/schema.sql: relation'
                                        ' "members" does not exist\n'))


@unittest.skipIf(MEMBERS == 0, "VIPCARE_INTEGRATION_MEMBERS=0")
class TestNightlyGeneratedMall(unittest.TestCase):
    """The batch on a generated mall: equal to the CSV route, timed."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="vipcare-erp-big-")
        cls.addClassCleanup(shutil.rmtree, cls.tmp, True)
        mall = generate_mall(MEMBERS, os.path.join(cls.tmp, "mall"))
        CLUSTER.create_database("mall_big")
        t0 = time.monotonic()
        load_erp(CLUSTER, "mall_big", mall)
        cls.load_seconds = time.monotonic() - t0
        last = max(t["ts"][:10] for t in read_csv(os.path.join(mall, "transactions.csv"))[-50:])
        day = datetime.date.fromisoformat(last) + datetime.timedelta(days=1)
        cls.day = day.isoformat()
        cls.kpi_from, cls.kpi_to = last[:8] + "01", last
        dsn = CLUSTER.dsn("mall_big")
        t0 = time.monotonic()
        cls.first = batch(dsn, "--date", cls.day)
        cls.first_wall = time.monotonic() - t0
        t0 = time.monotonic()
        cls.second = batch(dsn, "--date", cls.day)
        cls.second_wall = time.monotonic() - t0
        cls.tables = {
            "score": CLUSTER.psql("mall_big", SCORE_SQL, csv_out=True),
            "agenda": CLUSTER.psql("mall_big", AGENDA_SQL % cls.day, csv_out=True),
            "kpi": CLUSTER.psql("mall_big", KPI_SQL % (cls.kpi_from, cls.kpi_to), csv_out=True),
        }
        folder = copy_folder(mall, os.path.join(cls.tmp, "csv"), ERP_FILES)
        cls.csv = {
            "score": vipcare("score", "--data", folder, "--asof", cls.day)[0],
            "agenda": vipcare("agenda", "--data", folder, "--from", cls.day, "--to", cls.day)[0],
            "kpi": vipcare("kpi", "--data", folder, "--from", cls.kpi_from, "--to", cls.kpi_to, "--format",
                           "csv")[0],
        }
        s1, s2 = cls.first["seconds"], cls.second["seconds"]
        sys.stderr.write("\n[timing] erp-postgres nightly, %d members, %d orders: first run %.2f s (read %.2f,"
                         " compute %.2f, write %.2f; %.2f s wall with Python's start), second run %.2f s"
                         " (%.2f s wall); loading the tables %.2f s\n"
                         % (MEMBERS, cls.first["read"]["orders"], s1["total"], s1["read"], s1["compute"],
                            s1["write"], cls.first_wall, s2["total"], cls.second_wall, cls.load_seconds))

    def test_tables_equal_csv_route(self):
        self.assertEqual(self.tables["score"], self.csv["score"])
        self.assertEqual(self.tables["agenda"], self.csv["agenda"])
        self.assertEqual(kpi_rows(self.tables["kpi"]), kpi_rows(self.csv["kpi"]))
        self.assertEqual(self.first["members_scored"], len(self.csv["score"].splitlines()) - 1)

    def test_second_run_changes_nothing(self):
        for table, c in self.second["changes"].items():
            self.assertEqual(c, {"inserted": 0, "updated": 0, "deleted": 0}, table)
        self.assertEqual(self.first["rejected"], 0)


if __name__ == "__main__":
    unittest.main()
