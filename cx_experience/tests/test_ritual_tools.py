from datetime import date

from odoo.tests import BaseCase, tagged

from ..tools import rituals


@tagged("post_install", "-at_install")
class TestRitualTools(BaseCase):
    def test_feb_29(self):
        born = date(2000, 2, 29)
        self.assertEqual(rituals.anniversary(born, 2027), date(2027, 2, 28))
        self.assertEqual(rituals.anniversary(born, 2028), date(2028, 2, 29))
        self.assertEqual(
            rituals.next_anniversary(born, date(2027, 2, 20)), date(2027, 2, 28)
        )
        self.assertEqual(
            rituals.next_anniversary(born, date(2027, 3, 1)), date(2028, 2, 29)
        )

    def test_next_anniversary(self):
        bought = date(2024, 6, 15)
        self.assertEqual(
            rituals.next_anniversary(bought, date(2026, 6, 15)), date(2026, 6, 15)
        )
        self.assertEqual(
            rituals.next_anniversary(bought, date(2026, 6, 16)), date(2027, 6, 15)
        )
        # never the purchase day itself
        self.assertEqual(
            rituals.next_anniversary(bought, date(2024, 6, 1)), date(2025, 6, 15)
        )

    def test_due_within(self):
        today = date(2027, 5, 1)
        self.assertTrue(rituals.due_within(date(2027, 5, 1), today, 0))
        self.assertTrue(rituals.due_within(date(2027, 5, 15), today, 14))
        self.assertFalse(rituals.due_within(date(2027, 5, 16), today, 14))
        self.assertFalse(rituals.due_within(date(2027, 4, 30), today, 14))

    def test_projection(self):
        readings = [(date(2027, 1, 1), 90000), (date(2027, 1, 31), 93000)]
        # 100 km/day, 7,000 km left -> 70 days after the last reading
        self.assertEqual(rituals.km_per_day(readings), 100)
        self.assertEqual(rituals.projected_date(readings, 100000), date(2027, 4, 11))
        # a new, faster reading re-plans earlier
        readings.append((date(2027, 2, 10), 96000))
        self.assertEqual(rituals.projected_date(readings, 100000), date(2027, 3, 9))

    def test_projection_skips_too_few_readings(self):
        self.assertIsNone(rituals.projected_date([], 100000))
        self.assertIsNone(rituals.projected_date([(date(2027, 1, 1), 90000)], 100000))
        # readings too close in time, or an odometer that does not move
        self.assertIsNone(
            rituals.projected_date(
                [(date(2027, 1, 1), 90000), (date(2027, 1, 3), 91000)], 100000
            )
        )
        self.assertIsNone(
            rituals.projected_date(
                [(date(2027, 1, 1), 90000), (date(2027, 3, 1), 90000)], 100000
            )
        )

    def test_crossing(self):
        readings = [(date(2027, 1, 1), 99000), (date(2027, 2, 1), 100500)]
        self.assertEqual(rituals.projected_date(readings, 100000), date(2027, 2, 1))
        self.assertIsNone(rituals.crossing_date(readings, 200000))
