"""The care agenda and care records through the binding: the data and the
exact expectations of tests/test-agenda.c."""

import unittest

import vipcare

from .helpers import GOLD, d, engine_with, m, sale


def customer(e, cid, joined, month, day, consent, opt_out, override=None):
    e.add_customer(id=cid, joined=joined, birthday=(month, day) if month else None, consent=consent,
                   marketing_opt_out=opt_out, advisor="ADV1", override_tier=override)


def lines(e, start, end):
    with e.agenda(start, end) as agenda:
        return "".join("%s %s %s %s\n" % (i.due.isoformat(), i.customer, i.kind, i.occasion) for i in agenda)


class AgendaTest(unittest.TestCase):
    def engine(self, overdue=0, retain=0):
        e = engine_with(overdue_days=overdue, retain_days=retain)
        self.addCleanup(e.close)
        return e

    def expect_day(self, e, day, expected):
        self.assertEqual(lines(e, day, day), expected)

    def test_welcome_and_followup(self):
        e = self.engine()
        sale(e, "T1", "ANNA", "2025-03-10T10:00", m(5000))
        sale(e, "T2", "ANNA", "2025-03-11T10:00", m(5000))
        self.expect_day(e, "2025-03-09", "")
        self.expect_day(e, "2025-03-10", "2025-03-10 ANNA welcome once\n")
        self.expect_day(e, "2025-03-11", "")
        self.expect_day(e, "2025-03-13", "2025-03-13 ANNA followup_3d once\n")
        self.expect_day(e, "2025-03-14", "")

    def test_lapse(self):
        e = self.engine()
        sale(e, "G1", "GUS", "2025-01-10T10:00", GOLD)
        sale(e, "G2", "GUS", "2025-05-01T10:00", GOLD)
        sale(e, "H1", "HAL", "2025-01-10T10:00", GOLD)
        sale(e, "H2", "HAL", "2025-03-01T10:00", GOLD)
        sale(e, "M1", "MIA", "2025-01-10T10:00", m(500))
        self.expect_day(e, "2025-04-09", "")
        self.expect_day(e, "2025-04-10", "2025-04-10 GUS lapse 2025-01-10\n")
        self.expect_day(e, "2025-04-11", "")
        self.expect_day(e, "2025-05-30", "2025-05-30 HAL lapse 2025-03-01\n")
        self.expect_day(e, "2025-07-30", "2025-07-30 GUS lapse 2025-05-01\n")

    def test_birthday(self):
        e = self.engine()
        customer(e, "BEA", "2024-01-01", 1, 2, {"sms"}, False)
        customer(e, "LEAP", "2020-01-01", 2, 29, {"sms"}, False)
        customer(e, "NOB", "2020-01-01", 0, 0, {"sms"}, False)
        self.expect_day(e, "2024-12-25", "")
        self.expect_day(e, "2024-12-26", "2024-12-26 BEA birthday 2025\n")
        self.expect_day(e, "2025-02-21", "2025-02-21 LEAP birthday 2025\n")
        self.expect_day(e, "2025-02-22", "")
        self.expect_day(e, "2024-02-22", "2024-02-22 LEAP birthday 2024\n")
        self.expect_day(e, "2023-12-26", "")

    def test_advisor_contact(self):
        e = self.engine()
        customer(e, "DIA", "2025-01-31", 0, 0, {"phone"}, False, "diamond")
        customer(e, "PLA", "2025-01-15", 0, 0, {"phone"}, False, "platinum")
        self.assertEqual(lines(e, "2025-02-01", "2025-04-30"),
                         "2025-02-28 DIA advisor_contact 2025-02\n"
                         "2025-03-31 DIA advisor_contact 2025-03\n"
                         "2025-04-15 PLA advisor_contact 2025-Q2\n"
                         "2025-04-30 DIA advisor_contact 2025-04\n")
        e.record_care("DIA", "advisor_contact", "2025-03", d("2025-03-05"), "reached")
        self.assertTrue(e.care_recorded("DIA", "advisor_contact", "2025-03"))
        self.assertEqual(lines(e, "2025-03-01", "2025-05-31"),
                         "2025-04-05 DIA advisor_contact 2025-04\n"
                         "2025-04-15 PLA advisor_contact 2025-Q2\n"
                         "2025-05-05 DIA advisor_contact 2025-05\n")
        e.record_care("DIA", "advisor_contact", "2025-04", "2025-04-05", "no_answer")
        self.assertEqual(lines(e, "2025-04-01", "2025-05-31"),
                         "2025-04-15 PLA advisor_contact 2025-Q2\n"
                         "2025-05-05 DIA advisor_contact 2025-05\n")
        self.assertEqual(e.care_count, 2)

    def test_tier_change_up_and_down(self):
        e = self.engine(retain=30)
        sale(e, "V1", "VIC", "2025-01-05T10:00", m(500))
        sale(e, "V2", "VIC", "2025-02-10T10:00", GOLD)
        self.expect_day(e, "2025-02-10", "2025-02-10 VIC tier_change 2025-02-10:gold\n")
        self.expect_day(e, "2025-02-09", "")
        self.expect_day(e, "2026-03-11", "")
        self.expect_day(e, "2026-03-12", "2026-03-12 VIC tier_change 2026-03-12:member\n")
        sale(e, "U1", "UMA", "2025-06-01T10:00", GOLD)
        self.expect_day(e, "2025-06-01", "2025-06-01 UMA welcome once\n2025-06-01 UMA tier_change 2025-06-01:gold\n")

    def test_channels_and_suppression(self):
        e = self.engine()
        customer(e, "C-SMS", None, 0, 0, {"sms"}, False)
        customer(e, "C-NONE", None, 0, 0, set(), False)
        customer(e, "C-APPMAIL", None, 0, 0, {"app", "email"}, False)
        customer(e, "C-OPTOUT", "2024-01-01", 5, 10, {"wechat"}, True)
        for i, cid in enumerate(("C-SMS", "C-NONE", "C-APPMAIL")):
            sale(e, "T%d" % (i + 1), cid, "2025-05-03T10:00", m(100))
        agenda = e.agenda("2025-05-03", "2025-05-03")
        self.assertEqual(len(agenda), 3)
        channels = {item.customer: item.channel for item in agenda}
        self.assertEqual(channels, {"C-SMS": "sms", "C-NONE": None, "C-APPMAIL": "app"})
        for item in agenda:
            self.assertEqual((item.advisor, item.priority, item.tier), ("ADV1", 0, "member"))
        # every marketing kind is listed, zeros included
        self.assertEqual(agenda.suppressed, {"birthday": 1, "lapse": 0})
        self.assertEqual(agenda[-1], agenda[2])
        with self.assertRaises(IndexError):
            agenda[3]

    def test_overdue_records_and_order(self):
        e = self.engine(overdue=14)
        sale(e, "T1", "ZED", "2025-03-10T10:00", m(100))
        self.expect_day(e, "2025-03-24", "2025-03-10 ZED welcome once\n2025-03-13 ZED followup_3d once\n")
        self.expect_day(e, "2025-03-25", "2025-03-13 ZED followup_3d once\n")
        e.record_care("ZED", "followup_3d", "once", "2025-03-20", "declined")
        self.expect_day(e, "2025-03-25", "")
        for i, cid in enumerate(("b", "B", "a")):
            sale(e, "A%d" % (i + 1), cid, "2025-06-01T10:00", m(100))
        sale(e, "A4", "GOLDY", "2025-06-01T10:00", GOLD)
        self.assertEqual(lines(e, "2025-06-15", "2025-06-15"),
                         "2025-06-01 GOLDY welcome once\n"
                         "2025-06-01 GOLDY tier_change 2025-06-01:gold\n"
                         "2025-06-01 B welcome once\n"
                         "2025-06-01 a welcome once\n"
                         "2025-06-01 b welcome once\n"
                         "2025-06-04 GOLDY followup_3d once\n"
                         "2025-06-04 B followup_3d once\n"
                         "2025-06-04 a followup_3d once\n"
                         "2025-06-04 b followup_3d once\n")

    def test_bad_care_records(self):
        e = self.engine()
        sale(e, "T1", "ZED", "2025-03-10T10:00", m(100))
        with self.assertRaises(vipcare.OutOfRangeError) as caught:
            e.record_care("ZED", "wellcome", "once", "2025-03-20", "reached")
        self.assertIn("'wellcome'", str(caught.exception))
        with self.assertRaises(vipcare.OutOfRangeError):
            e.record_care("ZED", "welcome", "once", "2025-03-20", "maybe")
        with self.assertRaises(vipcare.UnknownCustomerError) as caught:
            e.record_care("NOBODY", "welcome", "once", "2025-03-20", "reached")
        self.assertEqual(str(caught.exception), e.last_error)
        with self.assertRaises(vipcare.IdError):
            e.record_care("ZED", "welcome", "x" * 49, "2025-03-20", "reached")
        with self.assertRaises(vipcare.InvalidArgumentError):
            e.agenda("2025-03-20", "2025-03-19")
        self.assertEqual(e.care_count, 0)


if __name__ == "__main__":
    unittest.main()
