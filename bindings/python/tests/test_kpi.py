"""KPIs through the binding (include/vipcare/kpi.h): exact figures of a
small mall worked out by hand from DESIGN §7, results as plain dicts,
bytes and merging.

When the source tree has include/vipcare/kpi.h, the library built from it
must export the KPI calls: the tests then fail, not skip, without them."""

import os
import unittest
from decimal import Decimal

import vipcare

from .helpers import d, m, sale

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
HEADER = os.path.join(TOP, "include", "vipcare", "kpi.h")


def require_kpis(test):
    if vipcare.kpi_available():
        return
    if os.path.exists(HEADER):
        test.fail("%s declares the KPI calls but the loaded %s does not export %s"
                  % (HEADER, vipcare.library_path, ", ".join(vipcare._lib.missing())))
    test.skipTest("this libvipcare has no KPI calls")


def march_mall(customers=("A", "B", "C")):
    """The mall of the expectations below, holding only some customers (a
    slice) when asked: every record of a customer goes with it."""
    e = vipcare.Engine()
    if "A" in customers:
        sale(e, "A1", "A", "2025-01-10T10:00", m(1200000))    # gold from 2025-01-10
        sale(e, "A2", "A", "2025-03-05T10:00", m(10000))
        sale(e, "A3", "A", "2025-03-20T10:00", m(20000))
        e.add_survey("A", "2025-03-21T12:00", "nps", 10)
        e.add_survey("A", "2025-03-21T12:00", "csat", 5)
        e.add_service_request("S1", "A", "complaint", "2025-03-02T10:00", "2025-03-02T11:30")  # 90 minutes
        e.record_care("A", "birthday", "2025", "2025-03-01", "reached")
    if "B" in customers:
        sale(e, "B1", "B", "2025-03-10T10:00", m(5000))       # first sale ever: a new member
        e.add_transaction(id="B2", customer="B", ts="2025-03-12T10:00", amount=m(2000), kind="refund",
                          original="B1")
        e.add_survey("B", "2025-03-13T09:00", "nps", 6)
        e.add_survey("B", "2025-03-13T09:00", "csat", 3)
        e.add_service_request("S2", "B", "inquiry", "2025-03-03T09:00", "2025-03-03T13:00",
                              "2025-03-04T09:00")  # 240 minutes
        e.record_care("B", "welcome", "once", "2025-03-11", "reached")
    if "C" in customers:
        sale(e, "C1", "C", "2024-12-15T10:00", m(30000))      # lapses on 2025-03-15
        e.add_survey("C", "2025-03-30T09:00", "nps", 8)
        e.add_service_request("S3", "C", "inquiry", "2025-03-25T09:00")                      # unanswered
    return e


class KpiTest(unittest.TestCase):
    def setUp(self):
        require_kpis(self)

    def test_figures_of_a_small_mall(self):
        with march_mall() as e:
            self.assertEqual((e.survey_count, e.service_count), (5, 3))
            state = e.kpi_state("2025-03-01", "2025-03-31")
        expected = {
            "members": (3, 1),
            "new_members": (1, 1),            # B
            "active": (2, 1),                 # A, B
            "sales_net": (33000, 1),          # 100 + 200 + 50 - 20 (the refund on its own date)
            "sales_count": (3, 1),
            "avg_ticket": (33000, 3),         # 110.00
            "repurchase_rate": (1, 2),        # A visited twice
            "churn_rate": (1, 2),             # base A, C (a sale in the 90 days before); C lapsed by 03-15
            "vip_churn_rate": (0, 1),         # A was gold on 02-28 and did not churn
            "vip_sales_share": (30000, 33000),  # A is gold on 03-31
            "nps": (0, 3),                    # 1 promoter, 1 passive, 1 detractor
            "nps_promoters": (1, 1),
            "nps_passives": (1, 1),
            "nps_detractors": (1, 1),
            "csat": (1, 2),
            "service_opened": (3, 1),
            "service_answered": (2, 1),
            "service_complaints": (1, 1),
            "service_first_response_p50": (90, 1),   # nearest rank over [90, 240]
            "service_first_response_p90": (240, 1),
            "service_within_sla": (1, 3),
            "service_complaints_per_1000_active": (1, 2),
            "care_due": (2, 1),               # B's welcome (03-10) and follow-up (03-13)
            "care_done": (1, 2),              # the welcome, recorded 03-11
            "care_done_on_time": (0, 2),      # ... a day late
            "care_conversion": (1, 2),        # A's contact on 03-01 was followed by sales; B's was not
            "care_conversion_sales": (30000, 1),
        }
        got = {name: state.get(name) for name in expected}
        self.assertEqual(got, expected)
        self.assertEqual((state.start, state.end), (d("2025-03-01"), d("2025-03-31")))
        self.assertEqual(state.tiers, ("member", "gold", "platinum", "diamond"))
        self.assertEqual(state.migration("gold", "gold"), 1)
        self.assertEqual(state.migration(None, "member"), 1)
        self.assertEqual(state.migration("member", "member"), 1)
        self.assertEqual(state.migration("member", "gold"), 0)

    def test_results_as_a_plain_dict(self):
        with march_mall() as e:
            kpis = e.kpis("2025-03-01", "2025-03-31")
        for key in ("from", "to", "members", "new_members", "active", "sales_net", "sales_count", "avg_ticket",
                    "repurchase_rate", "churn_rate", "vip_churn_rate", "vip_sales_share", "tier_distribution",
                    "tier_migration", "nps", "csat", "service", "care"):
            self.assertIn(key, kpis)
        self.assertEqual((kpis["from"], kpis["to"]), (d("2025-03-01"), d("2025-03-31")))
        self.assertEqual(kpis["members"], 3)
        self.assertEqual(kpis["sales_net"], Decimal("330.00"))
        self.assertEqual(kpis["avg_ticket"]["value"], Decimal("110.00"))
        self.assertEqual(kpis["repurchase_rate"]["value"], Decimal("0.5"))
        self.assertEqual((kpis["repurchase_rate"]["num"], kpis["repurchase_rate"]["den"]), (1, 2))
        self.assertEqual(kpis["vip_sales_share"]["num"], Decimal("300.00"))
        self.assertEqual(kpis["tier_distribution"], {"member": 2, "gold": 1, "platinum": 0, "diamond": 0})
        self.assertEqual(kpis["tier_migration"]["none"]["member"], 1)
        self.assertEqual(kpis["tier_migration"]["gold"]["gold"], 1)
        self.assertEqual((kpis["nps"]["promoters"], kpis["nps"]["passives"], kpis["nps"]["detractors"]), (1, 1, 1))
        self.assertEqual(kpis["csat"]["value"], Decimal("50"))
        self.assertEqual((kpis["service"]["first_response_p50"], kpis["service"]["first_response_p90"]), (90, 240))
        self.assertEqual(kpis["care"]["conversion_sales"], Decimal("300.00"))

    def test_slices_merge_to_the_whole(self):
        with march_mall() as whole_engine:
            whole = whole_engine.kpi_state("2025-03-01", "2025-03-31")
        for parts in ((("A",), ("B", "C")), (("A", "C"), ("B",)), (("A",), ("B",), ("C",))):
            states = []
            for part in parts:
                with march_mall(part) as e:
                    states.append(bytes(e.kpi_state("2025-03-01", "2025-03-31")))
            merged = vipcare.KpiState.merged(states)
            self.assertEqual(bytes(merged), bytes(whole), parts)
            self.assertEqual(merged.as_dict(), whole.as_dict())
        # bytes come back to an equal state
        self.assertEqual(vipcare.KpiState.from_bytes(bytes(whole)), whole)

    def test_bad_bytes_and_mismatches(self):
        with march_mall() as e:
            march = e.kpi_state("2025-03-01", "2025-03-31")
            april = e.kpi_state("2025-04-01", "2025-04-30")
        data = bytearray(bytes(march))
        with self.assertRaises(vipcare.errors.DataError):
            vipcare.KpiState.from_bytes(data[:-1])
        data[len(data) // 2] ^= 0x40
        with self.assertRaises(vipcare.errors.CorruptError) as caught:
            vipcare.KpiState.from_bytes(data)
        self.assertNotEqual(str(caught.exception), "")
        with self.assertRaises(vipcare.errors.DataError):
            vipcare.KpiState.from_bytes(b"not a KPI state at all, just some text")
        before = bytes(march)
        with self.assertRaises(vipcare.errors.MismatchError) as caught:
            march.merge(april)
        self.assertEqual(str(caught.exception), vipcare._lib.vipcare_kpi_state_last_error(march._h).decode())
        self.assertEqual(bytes(march), before)

    def test_targets(self):
        p = vipcare.Policy()
        self.assertEqual(p.target("repurchase_rate"), ("min", Decimal("0.6")))
        self.assertEqual(p.target("nps"), ("min", Decimal("40")))
        self.assertIsNone(p.target("members"))
        p.set_target("members", "min", 3)
        with vipcare.Engine(p) as e, march_mall() as whole:
            self.assertEqual(e.policy.target("members"), ("min", Decimal("3")))
            state = whole.kpi_state("2025-03-01", "2025-03-31")
            self.assertEqual(state.target("members", p), "met")
            self.assertEqual(state.target("repurchase_rate", p), "missed")   # 0.5 < 0.60
            self.assertEqual(state.target("churn_rate", p), "missed")        # 0.5 > 0.05
            self.assertIsNone(state.target("sales_count", p))
        with self.assertRaises(vipcare.OutOfRangeError):
            p.set_target("members", "min", Decimal("0.0000001"))
        with self.assertRaises(vipcare.OutOfRangeError):
            p.target("no_such_kpi")

    def test_bad_surveys_and_requests(self):
        with march_mall() as e:
            with self.assertRaises(vipcare.OutOfRangeError) as caught:
                e.add_survey("A", "2025-03-01", "nps", 11)
            self.assertEqual(str(caught.exception), e.last_error)
            with self.assertRaises(vipcare.OutOfRangeError):
                e.add_survey("A", "2025-03-01", "ces", 3)
            with self.assertRaises(vipcare.UnknownCustomerError):
                e.add_survey("NOBODY", "2025-03-01", "nps", 9)
            with self.assertRaises(vipcare.DuplicateError):
                e.add_service_request("S1", "A", "inquiry", "2025-03-01")
            with self.assertRaises(vipcare.OutOfRangeError):
                e.add_service_request("S9", "A", "inquiry", "2025-03-05T10:00", "2025-03-05T09:59")
            self.assertEqual((e.survey_count, e.service_count), (5, 3))


if __name__ == "__main__":
    unittest.main()
