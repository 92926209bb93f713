"""The Python examples run, and print what the library decides for their
data (worked out by hand below from DESIGN §4 and §6)."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

import vipcare

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
EXAMPLES = os.path.join(TOP, "examples", "python")


def run(script, *args):
    return subprocess.run([sys.executable, os.path.join(EXAMPLES, script), *args], capture_output=True, text=True,
                          timeout=120)


class NightlyTest(unittest.TestCase):
    def test_scores_and_agenda_of_the_example_data(self):
        with tempfile.TemporaryDirectory() as out:
            result = run("nightly.py", "--asof", "2025-12-31", "--from", "2025-12-20", "--to", "2025-12-31",
                         "--out", out)
            self.assertEqual(result.returncode, 0, result.stderr)
            with open(os.path.join(out, "score.csv"), encoding="utf-8") as f:
                scores = f.read().splitlines()
            with open(os.path.join(out, "agenda.csv"), encoding="utf-8") as f:
                agenda = f.read().splitlines()
            kpi_path = os.path.join(out, "kpi.json")
            kpis = None
            if vipcare.kpi_available():
                with open(kpi_path, encoding="utf-8") as f:
                    kpis = json.load(f)
        self.assertEqual(scores[0], "customer_id,tier,net_spend,visits,first_sale,last_sale,lifetime_spend,"
                                    "decided_by,next_tier,spend_to_next,visits_to_next,tier_expires")
        self.assertEqual(scores[1:], [
            # 18000 + 22500.50 + 16000 + 3400; the 2025-01-05 sale leaves the window on 2026-01-05
            "C001,platinum,59900.50,4,2025-01-05,2025-12-24,59900.50,metrics,diamond,40099.50,48,2026-01-04",
            # 7000 + 6200 - 1200 (refund of T0005) + 2500; 7500 left once 2025-02-02 leaves
            "C002,gold,14500.00,3,2025-02-02,2025-12-22,14500.00,metrics,platinum,35500.00,0,2026-02-01",
            "C003,member,470.00,2,2025-01-10,2025-08-08,470.00,base,gold,9530.00,0,",
            # the override to diamond ends 2026-03-31; at the top tier the gaps are empty
            "C004,diamond,0.00,0,2024-10-01,2024-10-01,9000.00,override,,,,2026-03-31",
            "C005,member,88.80,1,2025-12-27,2025-12-27,88.80,base,gold,9911.20,0,",
            # first seen in a transaction; the refund of an unknown original still counts
            "C006,member,9550.00,1,2025-04-01,2025-04-01,9550.00,base,gold,450.00,0,",
            # joined on 2025-12-20 and has bought nothing: a member all the same
            "C007,member,0.00,0,,,0.00,base,gold,10000.00,0,",
        ])
        self.assertEqual(agenda, [
            "due,customer_id,kind,occasion,priority,channel,advisor,tier",
            # welcome through app (C005's only consent); the follow-up's channels are sms, wechat, phone
            "2025-12-27,C005,welcome,once,0,app,,member",
            "2025-12-30,C005,followup_3d,once,0,no_channel,,member",
        ])
        self.assertIn("suppressed: birthday=0 lapse=0", result.stderr)
        if kpis is not None:
            # December 2025 (--kpi-from defaults to the month of --asof)
            self.assertEqual((kpis["from"], kpis["to"]), ("2025-12-01", "2025-12-31"))
            # sales of C005 (88.80), C002 (2,500.00) and C001 (3,400.00); C005's first ever
            self.assertEqual((kpis["members"], kpis["new_members"], kpis["active"]), (7, 1, 3))
            self.assertEqual((kpis["sales_net"], kpis["sales_count"]), ("5988.80", 3))
            # first responses after 75 and 210 minutes; one within the 120 minutes of the SLA
            service = kpis["service"]
            self.assertEqual((service["first_response_p50"], service["first_response_p90"]), (75, 210))
            self.assertEqual((service["within_sla"]["num"], service["within_sla"]["den"]), (1, 2))
            # one promoter (9), one detractor (6)
            self.assertEqual((kpis["nps"]["num"], kpis["nps"]["den"], kpis["nps"]["promoters"]), (0, 2, 1))
        self.assertIn("loaded 7 customers, 14 transactions, 2 care records, 2 redemptions", result.stderr)

    def test_a_bad_row_names_file_line_and_column(self):
        with tempfile.TemporaryDirectory() as data:
            for name in ("customers.csv", "transactions.csv"):
                shutil.copy(os.path.join(EXAMPLES, "data", name), data)
            path = os.path.join(data, "transactions.csv")
            with open(path, encoding="utf-8") as f:
                lines = f.read().splitlines()
            lines[5] = lines[5].replace("6200.00", "6200.005")
            with open(path, "w", encoding="utf-8") as f:
                f.write("\n".join(lines) + "\n")
            result = run("nightly.py", "--data", data)
        self.assertEqual(result.returncode, 2)
        self.assertIn("transactions.csv:6:4: amount: ", result.stderr)
        self.assertIn("6200.005", result.stderr)
        # the row itself is never echoed
        self.assertNotIn("S02,beauty", result.stderr)

    def test_a_duplicate_transaction_id(self):
        with tempfile.TemporaryDirectory() as data:
            path = os.path.join(data, "transactions.csv")
            with open(path, "w", encoding="utf-8") as f:
                f.write("ts,txn_id,amount,customer_id\n2025-01-01,T1,10,C1\n2025-01-02,T1,10,C1\n")
            result = run("nightly.py", "--data", data)
        self.assertEqual(result.returncode, 2)
        self.assertIn('transactions.csv:3:2: transaction "T1" was already recorded', result.stderr)


class CheckoutTest(unittest.TestCase):
    def test_the_session(self):
        result = run("checkout.py")
        self.assertEqual(result.returncode, 0, result.stderr)
        lines = result.stdout.splitlines()
        self.assertIn("[2025-12-06T10:15] card LIN, tier platinum", lines)
        self.assertIn("  -> free_parking_hours x2 for LIN: done (already recorded: a retry), 1 left", lines)
        self.assertIn('  -> free_parking_hours x2 for LIN: refused, redemption "TILL3-0002" of 2 refused: '
                      'quota_exhausted (1 left)', lines)
        self.assertIn("[2025-12-06T12:00] card GUEST, tier none (unknown card)", lines)


if __name__ == "__main__":
    unittest.main()
