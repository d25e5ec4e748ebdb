from datetime import date

from odoo.tests import BaseCase, tagged

from ..tools import nps


@tagged("post_install", "-at_install")
class TestNpsTools(BaseCase):
    def test_classify_edges(self):
        self.assertEqual(nps.classify(0), nps.DETRACTOR)
        self.assertEqual(nps.classify(6), nps.DETRACTOR)
        self.assertEqual(nps.classify(7), nps.PASSIVE)
        self.assertEqual(nps.classify(8), nps.PASSIVE)
        self.assertEqual(nps.classify(9), nps.PROMOTER)
        self.assertEqual(nps.classify(10), nps.PROMOTER)
        for bad in (-1, 11, None, True):
            with self.assertRaises(ValueError):
                nps.classify(bad)

    def test_worked_example(self):
        # 50 promoters, 30 passives, 20 detractors -> NPS 30 (issue 6)
        self.assertEqual(nps.nps(50, 30, 20), 30.0)
        self.assertIsNone(nps.nps(0, 0, 0))

    def test_bands(self):
        self.assertEqual(nps.band(-0.1), "poor")
        self.assertEqual(nps.band(0), "average")
        self.assertEqual(nps.band(29.9), "average")
        self.assertEqual(nps.band(30), "good")
        self.assertEqual(nps.band(50), "excellent")
        self.assertEqual(nps.band(70), "excellent")
        self.assertEqual(nps.band(70.1), "world_class")

    def test_interval_contains_nps_and_narrows(self):
        low, high = nps.confidence_interval(50, 30, 20)
        self.assertLess(low, 30)
        self.assertGreater(high, 30)
        low2, high2 = nps.confidence_interval(500, 300, 200)
        self.assertLess(high2 - low2, high - low)
        self.assertIsNone(nps.confidence_interval(0, 0, 0))

    def test_interval_worked_example(self):
        # MeasuringU adjusted Wald, by hand: n_adj = 100 + 3 = 103,
        # p_pro = 50.75 / 103 = 0.49272, p_det = 20.75 / 103 = 0.20146,
        # NPS_adj = 0.29126, var = (0.49272 + 0.20146 - 0.29126²) / 103 = 0.0059159,
        # margin = 1.96 * sqrt(0.0059159) = 0.15075 -> 14.05 .. 44.20
        low, high = nps.confidence_interval(50, 30, 20)
        self.assertAlmostEqual(low, 14.05, places=2)
        self.assertAlmostEqual(high, 44.20, places=2)
        # all promoters stays within 100
        low, high = nps.confidence_interval(10, 0, 0)
        self.assertLessEqual(high, 100)
        self.assertGreater(low, 40)

    def test_household_address_key(self):
        self.assertEqual(
            nps.address_key(" 1  Lake Road", "310 000", "Hangzhou"),
            nps.address_key("1 lake road", "310000", "HANGZHOU"),
        )
        self.assertIsNone(nps.address_key("", "310000", "Hangzhou"))
        self.assertIsNone(nps.address_key("1 Lake Road", "", ""))

    def test_follow_up_delay(self):
        self.assertEqual(nps.follow_up_delay(nps.DETRACTOR), 24)
        self.assertEqual(nps.follow_up_delay(nps.PASSIVE), 72)
        self.assertEqual(nps.follow_up_delay(nps.PROMOTER), 168)
        hours = {nps.DETRACTOR: 12, nps.PASSIVE: 30, nps.PROMOTER: 5}
        self.assertEqual(nps.follow_up_delay(nps.PASSIVE, hours), 30)
        with self.assertRaises(ValueError):
            nps.follow_up_delay("unknown")

    def test_emotion_from_score(self):
        self.assertEqual(nps.emotion_from_score(0), -5)
        self.assertEqual(nps.emotion_from_score(5), 0)
        self.assertEqual(nps.emotion_from_score(10), 5)
        with self.assertRaises(ValueError):
            nps.emotion_from_score(11)

    def test_recent_visit(self):
        today = date(2026, 3, 10)
        self.assertTrue(nps.is_recent_visit(date(2026, 3, 10), today, 7))
        self.assertTrue(nps.is_recent_visit(date(2026, 3, 3), today, 7))
        self.assertFalse(nps.is_recent_visit(date(2026, 3, 2), today, 7))
        self.assertFalse(nps.is_recent_visit(date(2025, 5, 1), today, 7))
        self.assertTrue(nps.is_recent_visit(None, today, 7))
        self.assertFalse(nps.is_recent_visit(date(2026, 3, 9), today, 0))
