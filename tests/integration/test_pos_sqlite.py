"""examples/pos-sqlite end to end against a real SQLite file: a till's
database built from tests/data/integration, loaded, followed as new orders
arrive, asked for checkout screens and redemptions, restarted; every
answer compared with the CSV route (`vipcare score|benefits|kpi` on the
same data). Then the follow-up of 1,000 new orders on a generated mall,
timed.

    VIPCARE_BUILD=build /usr/bin/python3 -m unittest -v tests/integration/test_pos_sqlite.py
"""

import json
import os
import shutil
import sqlite3
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from common import (DATA, MEMBERS, POS_SQLITE, PosServer, TillDatabase, copy_folder,  # noqa: E402
                    export_redemptions, generate_mall, pos, read_csv, require, ts_key, vipcare)

CUTOFF = "2025-06-15T00:00:00"   # the till's database at first holds what happened before
LATE_CARDS = {"M15", "M16"}     # member rows the till writes only later (cards issued at another till)
SCREEN_TIMES = ("2025-06-30T18:30", "2025-07-01T10:00")
ASOF = "2025-06-30"
KPI_FROM, KPI_TO = "2025-06-01", "2025-06-30"
POS_FILES = ("customers.csv", "transactions.csv")  # what a till knows (its redemptions are exported)


def is_sale(t):
    return (t.get("kind") or "sale") == "sale"


class TestPosSqlite(unittest.TestCase):
    """The scenario runs once (setUpClass); each test checks one part of it."""

    @classmethod
    def setUpClass(cls):
        require(POS_SQLITE, "pos-sqlite")
        cls.tmp = tempfile.mkdtemp(prefix="vipcare-pos-")
        cls.addClassCleanup(shutil.rmtree, cls.tmp, True)
        cls.db_path = path = os.path.join(cls.tmp, "till.db")
        customers = read_csv(os.path.join(DATA, "customers.csv"))
        txns = read_csv(os.path.join(DATA, "transactions.csv"))
        redemptions = read_csv(os.path.join(DATA, "redemptions.csv"))
        cls.first_txns = [t for t in txns if ts_key(t["ts"]) < CUTOFF]
        cls.later_txns = [t for t in txns if ts_key(t["ts"]) >= CUTOFF]
        cls.first_members = [c for c in customers if c["customer_id"] not in LATE_CARDS]

        # The till's database as it stands when pos-sqlite first starts.
        db = TillDatabase(path)
        cls.addClassCleanup(db.close)
        db.add_members(cls.first_members)
        db.add_transactions(cls.first_txns)
        db.add_order("ANON-1", None, "2025-06-01 12:00:00", [("dining", 4500)], "S9")  # no member card
        db.add_redemptions([r for r in redemptions if ts_key(r["ts"]) < CUTOFF])
        cls.max_first = db.query("SELECT (SELECT max(member_id) FROM members), (SELECT max(order_id) FROM orders),"
                                 " (SELECT max(refund_id) FROM refunds), (SELECT max(seq) FROM redemptions)")[0]
        cls.first_follow = json.loads(pos(path, "follow")[1])
        cls.second_follow = json.loads(pos(path, "follow")[1])

        # The till's process from now on: one engine kept across commands.
        server = PosServer(path)
        cls.addClassCleanup(server.close)
        # The till goes on: new cards, new orders (a refund without its card),
        # two orders the library must refuse, and a redemption granted at
        # another till once M04 had become diamond.
        db.add_members([c for c in customers if c["customer_id"] in LATE_CARDS])
        db.add_transactions(cls.later_txns, no_card={"K2"})
        cls.bad_zero = db.add_order("BAD-ZERO", "M13", "2025-06-20 12:00:00", [("gift", 500), ("discount", -500)])
        cls.bad_real = db.add_order("BAD-REAL", "M13", "2025-06-21 12:00:00", [("gift", 12.5)])
        db.add_redemptions([r for r in redemptions if ts_key(r["ts"]) >= CUTOFF])
        cls.max_later = db.query("SELECT (SELECT max(member_id) FROM members), (SELECT max(order_id) FROM orders),"
                                 " (SELECT max(refund_id) FROM refunds), (SELECT max(seq) FROM redemptions)")[0]
        cls.follow = json.loads(server.ask("follow"))

        # The cashier scans M07 (gold since an order of 2025-06-28) and uses benefits.
        cls.checkout_before = json.loads(server.ask("checkout M07 2025-06-30T18:00"))
        cls.redeemed = json.loads(server.ask("redeem POS-R1 M07 free_parking_hours 2 2025-06-30T18:05"))
        cls.retry = json.loads(server.ask("redeem POS-R1 M07 free_parking_hours 2 2025-06-30T18:05"))
        cls.refused = json.loads(server.ask("redeem POS-R2 M07 free_parking_hours 1 2025-06-30T18:10"))
        cls.coupon = json.loads(server.ask("redeem POS-R3 M07 birthday_coupon 1 2025-06-30T18:06"))
        cls.conflict = server.ask("redeem POS-R1 M07 free_parking_hours 1 2025-06-30T18:05")
        # The write-back fails (a trigger stands in for a full disk): the
        # engine must not keep what the database lost.
        db.db.execute("CREATE TRIGGER fail_write BEFORE INSERT ON redemptions WHEN NEW.redemption_id = 'POS-FAIL'"
                      " BEGIN SELECT RAISE(ABORT, 'disk full (simulated)'); END")
        cls.parking_before_failure = json.loads(server.ask("checkout M01 2025-06-30T18:20"))
        cls.failed = server.ask("redeem POS-FAIL M01 free_parking_hours 3 2025-06-30T18:20")
        cls.parking_after_failure = json.loads(server.ask("checkout M01 2025-06-30T18:20"))
        db.db.execute("DROP TRIGGER fail_write")

        cls.cards = sorted({c["customer_id"] for c in customers} | {t["customer_id"] for t in txns}) + ["NO-SUCH-CARD"]
        cls.screens = {(card, at): json.loads(server.ask("checkout %s %s" % (card, at)))
                       for card in cls.cards for at in SCREEN_TIMES}
        cls.scores = server.ask("scores " + ASOF)
        cls.kpis = json.loads(server.ask("kpi %s %s" % (KPI_FROM, KPI_TO)))
        cls.checkpoint = db.query("SELECT last_member_id, last_order_id, last_refund_id, last_redemption_seq"
                                  " FROM vipcare_checkpoint WHERE consumer = 'pos-sqlite'")
        cls.rejects = db.query("SELECT source, source_id, reason, noticed_at FROM vipcare_rejects"
                               " ORDER BY source, source_id")
        cls.written = db.query("SELECT seq, redemption_id, card_no, benefit, redeemed_at, qty, after_member_id,"
                               " after_order_id, after_refund_id FROM redemptions WHERE redemption_id LIKE 'POS-%'"
                               " ORDER BY seq")
        cls.m20 = db.query("SELECT member_id FROM members WHERE card_no = 'M20'")[0][0]
        cls.l2 = db.query("SELECT refund_id FROM refunds WHERE receipt_no = 'L2'")[0][0]
        cls.quit_status = server.close()
        cls.server_log = server.errors()

        # A restart: a new process comes to the same state from the database.
        cls.restart_screens = {(card, SCREEN_TIMES[0]): json.loads(pos(path, "checkout", card, SCREEN_TIMES[0])[1])
                               for card in ("M04", "M07", "M01")}
        cls.restart_follow = json.loads(pos(path, "follow")[1])
        cls.rejects_after_restart = db.query("SELECT source, source_id, reason, noticed_at FROM vipcare_rejects"
                                             " ORDER BY source, source_id")

        # The CSV route on the same data: the data folder's customers and
        # transactions, and the till's redemptions table in its order.
        before = copy_folder(DATA, os.path.join(cls.tmp, "csv-before"), POS_FILES + ("redemptions.csv",))
        cls.csv_checkout_before = json.loads(vipcare(
            "benefits", "--data", before, "--customer", "M07", "--at", "2025-06-30T18:00", "--format", "json")[0])
        folder = copy_folder(DATA, os.path.join(cls.tmp, "csv"), POS_FILES)
        cls.exported = export_redemptions(path, os.path.join(folder, "redemptions.csv"))
        cls.csv_screens = {(card, at): json.loads(vipcare(
            "benefits", "--data", folder, "--customer", card, "--at", at, "--format", "json")[0])
            for card in cls.cards for at in SCREEN_TIMES}
        cls.csv_scores, _, cls.csv_rejects = vipcare("score", "--data", folder, "--asof", ASOF)
        cls.csv_kpis = json.loads(vipcare("kpi", "--data", folder, "--from", KPI_FROM, "--to", KPI_TO)[0])

    # ------------------------------------------------------------ loading

    def test_initial_load_takes_every_row(self):
        members = [c for c in self.first_members if c["customer_id"] != "M20"]  # M20's birthday is 1990-02-29
        self.assertEqual(self.first_follow["members"], len(members))
        self.assertEqual(self.first_follow["orders"], sum(1 for t in self.first_txns if is_sale(t)))
        self.assertEqual(self.first_follow["refunds"], sum(1 for t in self.first_txns if not is_sale(t)))
        self.assertEqual(self.first_follow["redemptions"], 3)
        self.assertEqual(self.first_follow["anonymous"], 1)
        self.assertEqual(self.first_follow["rejected"], 1)
        self.assertEqual(tuple(self.first_follow["checkpoint"][k] for k in
                               ("members", "orders", "refunds", "redemptions")), tuple(self.max_first))

    def test_second_run_finds_nothing_new(self):
        for key in ("members", "orders", "refunds", "redemptions", "anonymous", "rejected"):
            self.assertEqual(self.second_follow[key], 0, key)
        self.assertEqual(self.second_follow["checkpoint"], self.first_follow["checkpoint"])

    def test_follow_takes_the_new_rows(self):
        self.assertEqual(self.follow["members"], len(LATE_CARDS))
        self.assertEqual(self.follow["orders"], sum(1 for t in self.later_txns if is_sale(t)))
        # L2 refunds more than its order: refused; K2 came without its card
        self.assertEqual(self.follow["refunds"], sum(1 for t in self.later_txns if not is_sale(t)) - 1)
        self.assertEqual(self.follow["redemptions"], 1)
        self.assertEqual(self.follow["rejected"], 3)
        self.assertEqual(self.follow["anonymous"], 0)
        self.assertEqual(tuple(self.follow["checkpoint"][k] for k in ("members", "orders", "refunds", "redemptions")),
                         tuple(self.max_later))

    def test_rejects_are_recorded_once_with_their_reason(self):
        by_key = {(r[0], r[1]): r[2] for r in self.rejects}
        self.assertEqual(len(self.rejects), 4, self.rejects)
        self.assertEqual(by_key[("members", self.m20)],
                         'birthday: invalid date "1990-02-29": February 1990 has 28 days')
        self.assertEqual(by_key[("refunds", self.l2)], 'refund "L2" of 800.00 exceeds the 500.00 left of original "L1"')
        self.assertEqual(by_key[("orders", self.bad_zero)],
                         "order_lines.amount: the lines sum to 0.00; a sale is above 0.00")
        self.assertEqual(by_key[("orders", self.bad_real)],
                         "order_lines.amount of line 1: not an integer of minor units")
        self.assertEqual(self.rejects_after_restart, self.rejects)
        # the CSV route refuses the same two rows of the data folder
        self.assertEqual(sorted((r["file"], r["row"].split(",")[0]) for r in self.csv_rejects),
                         [("customers.csv", "M20"), ("transactions.csv", "L2")])

    def test_checkpoint_is_stored(self):
        self.assertEqual(len(self.checkpoint), 1)
        self.assertEqual(self.checkpoint[0][:3], tuple(self.max_later[:3]))
        self.assertEqual(self.checkpoint[0][3], self.written[-1][0])  # the last redemption written

    # ------------------------------------------------------------ the till

    def test_checkout_equals_csv_route(self):
        self.assertEqual(self.checkout_before, self.csv_checkout_before)
        self.assertEqual(self.checkout_before["tier"], "gold")
        parking = [b for b in self.checkout_before["benefits"] if b["benefit"] == "free_parking_hours"][0]
        self.assertEqual((parking["eligible"], parking["left"], parking["period_end"]), (True, 2, "2025-06-30"))

    def test_redemption_is_recorded_and_written_back(self):
        r = self.redeemed
        self.assertEqual((r["status"], r["reason"], r["left"], r["period_end"]),
                         ("recorded", "ok", 0, "2025-06-30"))
        self.assertEqual(self.written[0][1:6], ("POS-R1", "M07", "free_parking_hours", "2025-06-30T18:05:00", 2))
        self.assertEqual(r["seq"], self.written[0][0])
        # written with the rows the engine held: a restart replays it there
        self.assertEqual(self.written[0][6:], tuple(self.max_later[:3]))

    def test_retry_spends_nothing_more(self):
        self.assertEqual((self.retry["status"], self.retry["seq"], self.retry["left"]), ("replayed", None, 0))
        self.assertEqual([w[1] for w in self.written], ["POS-R1", "POS-R3"])

    def test_refusal_writes_nothing(self):
        self.assertEqual((self.refused["status"], self.refused["reason"], self.refused["left"]),
                         ("refused", "quota_exhausted", 0))
        self.assertNotIn("POS-R2", [w[1] for w in self.written])

    def test_second_benefit_follows_in_order(self):
        self.assertEqual((self.coupon["status"], self.coupon["left"], self.coupon["period_end"]),
                         ("recorded", 0, "2025-12-31"))
        self.assertEqual(self.written[1][0], self.written[0][0] + 1)

    def test_same_id_other_content_is_an_error(self):
        self.assertTrue(self.conflict.startswith("error: redeem: "), self.conflict)
        self.assertIn("POS-R1", self.conflict)

    def test_failed_write_back_is_not_granted(self):
        self.assertEqual(self.failed, "error: redemption POS-FAIL NOT recorded: %s: writing the redemption:"
                                      " disk full (simulated)\n" % self.db_path)
        parking = [b for b in self.parking_after_failure["benefits"] if b["benefit"] == "free_parking_hours"][0]
        self.assertEqual((parking["eligible"], parking["left"]), (True, 3))  # platinum: 3 a day, none used
        self.assertEqual(self.parking_after_failure, self.parking_before_failure)
        self.assertNotIn("POS-FAIL", [w[1] for w in self.written])

    def test_every_screen_equals_csv_route(self):
        self.assertEqual(len(self.screens), 2 * len(self.cards))
        for key, screen in self.screens.items():
            self.assertEqual(screen, self.csv_screens[key], key)
        self.assertIsNone(self.screens[("NO-SUCH-CARD", SCREEN_TIMES[0])]["tier"])
        self.assertEqual(self.screens[("M04", SCREEN_TIMES[0])]["tier"], "diamond")

    def test_redemptions_exported_in_their_order(self):
        self.assertEqual([r[0] for r in self.exported], ["RD1", "RD2", "RD3", "RD4", "POS-R1", "POS-R3"])

    def test_scores_equal_csv_route(self):
        self.assertEqual(self.scores, self.csv_scores)
        self.assertIn("M07,gold,10500.00,2,2025-05-20,2025-06-28,10500.00,metrics,platinum,39500.00,0,2026-05-19\n",
                      self.scores)
        # the 17 of customers.csv (M20 too: its row was refused, its sale
        # made it a member) and M06, M18, M19, known from their orders alone
        self.assertEqual(len(self.scores.splitlines()), 1 + 20)

    def test_kpis_equal_csv_route(self):
        self.assertEqual(self.kpis, self.csv_kpis)
        self.assertEqual((self.kpis["from"], self.kpis["to"]), (KPI_FROM, KPI_TO))

    def test_restart_comes_to_the_same_state(self):
        for key, screen in self.restart_screens.items():
            self.assertEqual(screen, self.screens[key], key)
        for k in ("members", "orders", "refunds", "redemptions", "rejected"):
            self.assertEqual(self.restart_follow[k], 0, k)
        self.assertEqual(self.quit_status, 0, self.server_log)

    # ------------------------------------------------------------ errors

    def test_bad_database_and_usage(self):
        empty = os.path.join(self.tmp, "empty.db")
        sqlite3.connect(empty).close()
        rc, _, err = pos(empty, "follow", check=False)
        self.assertEqual(rc, 2)
        self.assertIn("not the schema of examples/pos-sqlite/schema.sql: no such table", err)
        rc, _, err = pos(os.path.join(self.tmp, "missing.db"), "follow", check=False)
        self.assertEqual(rc, 3)
        self.assertIn("cannot open", err)
        rc, _, err = pos(self.db_path, "redeem", "X1", "M07", "free_parking_hours", "0", check=False)
        self.assertEqual((rc, err), (1, "pos-sqlite: redeem: quantity '0' is not 1 .. 1000000\n"))
        rc, _, err = pos(self.db_path, "checkout", "M07", "2025-13-01", check=False)
        self.assertEqual(rc, 1)
        self.assertIn("2025-13-01", err)


class TestPosIdleFollow(unittest.TestCase):
    """serve N takes what the till writes while nobody asks."""

    def test_idle_follow_stores_the_checkpoint(self):
        tmp = tempfile.mkdtemp(prefix="vipcare-pos-idle-")
        self.addCleanup(shutil.rmtree, tmp, True)
        path = os.path.join(tmp, "till.db")
        db = TillDatabase(path)
        self.addCleanup(db.close)
        db.add_members(read_csv(os.path.join(DATA, "customers.csv"))[:3])
        server = PosServer(path, every=1)
        self.addCleanup(server.close)
        self.assertIn('"orders": 0', server.ask("follow"))
        order = db.add_order("IDLE-1", "M01", "2025-06-30 10:00:00", [("fashion", 1000000)])
        deadline = time.monotonic() + 15
        stored = None
        while time.monotonic() < deadline:
            stored = db.query("SELECT last_order_id FROM vipcare_checkpoint")
            if stored and stored[0][0] == order:
                break
            time.sleep(0.2)
        self.assertEqual(stored, [(order,)], server.errors())
        score = json.loads(server.ask("score M01 2025-06-30"))
        self.assertEqual((score["tier"], score["net_spend"]), ("gold", "10000.00"))
        self.assertIn("followed members +0, orders +1", server.errors())


@unittest.skipIf(MEMBERS == 0, "VIPCARE_INTEGRATION_MEMBERS=0")
class TestPosFollowThousandOrders(unittest.TestCase):
    """A generated mall: its history in the till's database, then 1,000 new
    orders followed; the result equals the CSV route."""

    @classmethod
    def setUpClass(cls):
        require(POS_SQLITE, "pos-sqlite")
        cls.tmp = tempfile.mkdtemp(prefix="vipcare-pos-big-")
        cls.addClassCleanup(shutil.rmtree, cls.tmp, True)
        mall = generate_mall(MEMBERS, os.path.join(cls.tmp, "mall"))
        txns = read_csv(os.path.join(mall, "transactions.csv"))
        sales = 0
        start = len(txns)
        while sales < 1000:  # the tail that holds the last 1,000 sales
            start -= 1
            sales += is_sale(txns[start])
        cls.tail = txns[start:]
        cutoff = ts_key(cls.tail[0]["ts"])
        redemptions = read_csv(os.path.join(mall, "redemptions.csv"))
        path = os.path.join(cls.tmp, "till.db")
        db = TillDatabase(path)
        cls.addClassCleanup(db.close)
        db.add_members(read_csv(os.path.join(mall, "customers.csv")))
        db.add_transactions_bulk(txns[:start])
        db.add_redemptions([r for r in redemptions if ts_key(r["ts"]) < cutoff])

        t0 = time.monotonic()
        cls.load = json.loads(pos(path, "follow")[1])
        cls.load_seconds = time.monotonic() - t0
        server = PosServer(path)
        cls.addClassCleanup(server.close)
        cls.ready = json.loads(server.ask("follow"))
        db.add_transactions(cls.tail)
        db.add_redemptions([r for r in redemptions if ts_key(r["ts"]) >= cutoff])
        t0 = time.monotonic()
        cls.follow = json.loads(server.ask("follow"))
        cls.follow_seconds = time.monotonic() - t0
        cls.asof = cls.tail[-1]["ts"][:10]
        month = cls.asof[:8] + "01"
        cls.scores = server.ask("scores " + cls.asof)
        cls.kpis = json.loads(server.ask("kpi %s %s" % (month, cls.asof)))
        server.close()
        folder = copy_folder(mall, os.path.join(cls.tmp, "csv"), POS_FILES + ("redemptions.csv",))
        cls.csv_scores = vipcare("score", "--data", folder, "--asof", cls.asof)[0]
        cls.csv_kpis = json.loads(vipcare("kpi", "--data", folder, "--from", month, "--to", cls.asof)[0])
        sys.stderr.write("\n[timing] pos-sqlite, %d members, %d transactions: initial load %.2f s (one-shot"
                         " process, follow %.1f ms); follow-up of 1,000 new orders (+%d refunds, +%d redemptions):"
                         " %.1f ms in the engine's process, %.1f ms round trip\n"
                         % (MEMBERS, len(txns), cls.load_seconds, cls.load["ms"], cls.follow["refunds"],
                            cls.follow["redemptions"], cls.follow["ms"], cls.follow_seconds * 1000))

    def test_thousand_orders_followed(self):
        self.assertEqual(self.ready["orders"], 0)
        self.assertEqual(self.follow["orders"], 1000)
        self.assertEqual(self.follow["refunds"], sum(1 for t in self.tail if not is_sale(t)))
        self.assertEqual(self.follow["rejected"], 0)
        self.assertEqual(self.load["rejected"], 0)

    def test_scores_equal_csv_route(self):
        self.assertEqual(self.scores, self.csv_scores)
        self.assertGreater(len(self.scores.splitlines()), MEMBERS // 2)

    def test_kpis_equal_csv_route(self):
        self.assertEqual(self.kpis, self.csv_kpis)


if __name__ == "__main__":
    unittest.main()
