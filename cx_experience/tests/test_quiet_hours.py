from datetime import datetime

from odoo.tests import BaseCase, tagged

from ..tools import quiet_hours


@tagged("post_install", "-at_install")
class TestQuietHours(BaseCase):
    def test_over_midnight(self):
        self.assertEqual(
            quiet_hours.quiet_until(datetime(2027, 5, 10, 23, 15), 21.0, 8.0),
            datetime(2027, 5, 11, 8, 0),
        )
        self.assertEqual(
            quiet_hours.quiet_until(datetime(2027, 5, 11, 6, 0), 21.0, 8.0),
            datetime(2027, 5, 11, 8, 0),
        )
        self.assertIsNone(quiet_hours.quiet_until(datetime(2027, 5, 11, 8, 0), 21, 8))
        self.assertIsNone(quiet_hours.quiet_until(datetime(2027, 5, 11, 20, 59), 21, 8))

    def test_within_a_day_and_none(self):
        self.assertEqual(
            quiet_hours.quiet_until(datetime(2027, 5, 10, 12, 30), 12.0, 13.5),
            datetime(2027, 5, 10, 13, 30),
        )
        self.assertIsNone(
            quiet_hours.quiet_until(datetime(2027, 5, 10, 14, 0), 12, 13.5)
        )
        # the same hour twice: no quiet hours
        self.assertIsNone(quiet_hours.quiet_until(datetime(2027, 5, 10, 3, 0), 0, 0))
