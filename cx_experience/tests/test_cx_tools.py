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
        # seed 000: a professional repair (+3) but the car is handed back dirty (-4):
        # the dirty car is both the most intense moment and the end
        result = peak_end.analyse([1, 3, -4])
        self.assertEqual(result["peak"], -4)
        self.assertEqual(result["score"], -4.0)

    def test_peak_is_the_most_intense_moment(self):
        # seed 001: 峰值 = 体验过程中最强烈的时刻(无论是正面还是负面)
        # a -3 wait outweighs a +2 welcome; the old max() rule scored this 2.0
        result = peak_end.analyse([2, -3, 2])
        self.assertEqual(result["peak"], -3)
        self.assertEqual(result["score"], -0.5)
        # ties: the negative moment, then the latest
        self.assertEqual(peak_end.peak_index([4, -4, 1]), 1)
        self.assertEqual(peak_end.peak_index([3, 1, 3]), 2)
        self.assertEqual(peak_end.peak_index([-2, -2]), 1)

    def test_seed_battery_repair_journey(self):
        # seed 000's battery visit: booking "tomorrow afternoon" -2, coffee at the
        # reception +2, an hour without news -3, the technician's video of the
        # swollen battery +3, car handed back unwashed -4 (the end experience)
        result = peak_end.analyse([-2, 2, -3, 3, -4])
        self.assertEqual((result["peak"], result["end"]), (-4, -4))
        self.assertEqual(result["score"], -4.0)

    def test_seed_ice_water(self):
        # seed 000: B adds 30 s of slightly warmer water after the same pain, and is
        # remembered as less painful than A
        cold_a = peak_end.analyse([-4])
        cold_b = peak_end.analyse([-4, -3])
        self.assertEqual(cold_a["peak"], cold_b["peak"])
        self.assertGreater(cold_b["score"], cold_a["score"])

    def test_seed_nio_wow_moment(self):
        # seed 000's NIO centre, 0-10 ratings shifted to emotions (-5): the routine
        # visit 8,7,8,8,7 is "not bad" (a passive); the designed wow at the end of the
        # repair and the card at leaving make it a promoter's memory
        routine = peak_end.analyse([3, 2, 3, 3, 2])
        designed = peak_end.analyse([3, 2, 5, 3, 5])
        self.assertEqual(routine["score"], 2.5)
        self.assertEqual(designed["score"], 5.0)

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
