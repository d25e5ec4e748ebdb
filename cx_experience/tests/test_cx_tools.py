from datetime import date, datetime

from odoo.tests import BaseCase, tagged

from ..tools import lifecycle, mot_sla, peak_end


@tagged("post_install", "-at_install")
class TestPeakEnd(BaseCase):
    def test_worked_example(self):
        # booking +2, arrival -1, reception +4 (peak), waiting -3 (trough), delivery +1
        result = peak_end.analyse([2, -1, 4, -3, 1])
        self.assertEqual(result["peak"], 4)
        self.assertEqual(result["trough"], -3)
        self.assertEqual(result["end"], 1)
        self.assertEqual(result["score"], 2.5)

    def test_seed_unwashed_car(self):
        # seed 000: a professional repair (+3) but the car is handed back dirty (-4)
        result = peak_end.analyse([1, 3, -4])
        self.assertEqual(result["score"], -0.5)

    def test_empty_and_bad(self):
        self.assertEqual(peak_end.analyse([])["score"], 0.0)
        for bad in (6, -6, 1.5, True, None):
            with self.assertRaises(ValueError):
                peak_end.analyse([bad])


@tagged("post_install", "-at_install")
class TestLifecycleRules(BaseCase):
    def test_boundaries(self):
        acq = date(2025, 1, 10)
        self.assertFalse(lifecycle.stage(acq, date(2025, 1, 9)))
        self.assertFalse(lifecycle.stage(False, date(2025, 1, 9)))
        self.assertEqual(lifecycle.stage(acq, acq), lifecycle.PURCHASE)
        self.assertEqual(lifecycle.stage(acq, date(2025, 1, 17)), lifecycle.PURCHASE)
        self.assertEqual(lifecycle.stage(acq, date(2025, 1, 18)), lifecycle.BREAK_IN)
        self.assertEqual(lifecycle.stage(acq, date(2025, 7, 9)), lifecycle.BREAK_IN)
        self.assertEqual(lifecycle.stage(acq, date(2025, 7, 10)), lifecycle.STABLE)
        self.assertEqual(lifecycle.stage(acq, date(2028, 1, 9)), lifecycle.STABLE)
        self.assertEqual(lifecycle.stage(acq, date(2028, 1, 10)), lifecycle.DECLINE)

    def test_next_change(self):
        acq = date(2025, 1, 10)
        self.assertEqual(lifecycle.next_change(acq, date(2025, 1, 1)), acq)
        self.assertEqual(lifecycle.next_change(acq, acq), date(2025, 1, 18))
        self.assertEqual(
            lifecycle.next_change(acq, date(2025, 1, 18)), date(2025, 7, 10)
        )
        self.assertEqual(
            lifecycle.next_change(acq, date(2025, 7, 10)), date(2028, 1, 10)
        )
        self.assertFalse(lifecycle.next_change(acq, date(2028, 1, 10)))

    def test_latest(self):
        self.assertEqual(lifecycle.latest(["decline", "break_in"]), "break_in")
        self.assertFalse(lifecycle.latest([False]))


@tagged("post_install", "-at_install")
class TestMomentOfTruthSla(BaseCase):
    def test_booking(self):
        req = datetime(2026, 3, 1, 9, 0)
        self.assertFalse(mot_sla.booking_breach(req, datetime(2026, 3, 1, 9, 5)))
        self.assertTrue(mot_sla.booking_breach(req, datetime(2026, 3, 1, 9, 5, 1)))
        self.assertFalse(mot_sla.booking_breach(req, None))
        self.assertTrue(
            mot_sla.booking_breach(req, None, now=datetime(2026, 3, 1, 9, 6))
        )

    def test_pre_arrival(self):
        arrival = datetime(2026, 3, 1, 9, 0)
        self.assertFalse(
            mot_sla.pre_arrival_breach(datetime(2026, 3, 1, 8, 45), arrival)
        )
        self.assertTrue(
            mot_sla.pre_arrival_breach(datetime(2026, 3, 1, 8, 46), arrival)
        )
        self.assertTrue(mot_sla.pre_arrival_breach(None, arrival))
        self.assertFalse(mot_sla.pre_arrival_breach(None, None))

    def test_delivery_report(self):
        self.assertTrue(mot_sla.delivery_report_breach(True, None))
        self.assertFalse(mot_sla.delivery_report_breach(True, datetime(2026, 3, 1)))
        self.assertFalse(mot_sla.delivery_report_breach(False, None))
