from datetime import date, timedelta

from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

from ..tools import rituals


@tagged("post_install", "-at_install")
class TestRitualTools(TransactionCase):
    """The ritual date rules, evaluated by PostgreSQL as the daily detection runs them."""

    def _next(self, day, today):
        expression = rituals.next_anniversary_sql(SQL("%s::date", day), today)
        return self.env.execute_query(SQL("SELECT %s", expression))[0][0]

    def _due(self, readings, threshold):
        rows = (
            SQL(", ").join(
                SQL("(1, %s::date, %s::float8)", day, value) for day, value in readings
            )
            if readings
            else SQL("(1, NULL::date, NULL::float8)")
        )
        query = rituals.odometer_due_sql(SQL("VALUES %s", rows), threshold)
        result = self.env.execute_query(query)
        return result[0][1] if result else None

    def test_feb_29(self):
        born = date(2000, 2, 29)
        self.assertEqual(self._next(born, date(2027, 2, 20)), date(2027, 2, 28))
        self.assertEqual(self._next(born, date(2027, 3, 1)), date(2028, 2, 29))
        self.assertEqual(self._next(born, date(2028, 2, 29)), date(2028, 2, 29))

    def test_next_anniversary(self):
        bought = date(2024, 6, 15)
        self.assertEqual(self._next(bought, date(2026, 6, 15)), date(2026, 6, 15))
        self.assertEqual(self._next(bought, date(2026, 6, 16)), date(2027, 6, 15))
        # never the purchase day itself
        self.assertEqual(self._next(bought, date(2024, 6, 1)), date(2025, 6, 15))
        self.assertEqual(self._next(bought, date(2024, 6, 15)), date(2025, 6, 15))

    def test_horizon(self):
        today = date(2027, 5, 1)
        self.assertEqual(rituals.horizon(today, 14), date(2027, 5, 15))
        self.assertEqual(rituals.horizon(today, 0), today)
        self.assertEqual(rituals.horizon(today, -3), today)

    def test_projection(self):
        readings = [(date(2027, 1, 1), 90000), (date(2027, 1, 31), 93000)]
        # 100 km/day, 7,000 km left -> 70 days after the last reading
        self.assertEqual(self._due(readings, 100000), date(2027, 4, 11))
        # a new, faster reading re-plans earlier
        readings.append((date(2027, 2, 10), 96000))
        self.assertEqual(self._due(readings, 100000), date(2027, 3, 9))

    def test_projection_skips_too_few_readings(self):
        self.assertIsNone(self._due([], 100000))
        self.assertIsNone(self._due([(date(2027, 1, 1), 90000)], 100000))
        # readings too close in time, or an odometer that does not move
        self.assertIsNone(
            self._due([(date(2027, 1, 1), 90000), (date(2027, 1, 3), 91000)], 100000)
        )
        self.assertIsNone(
            self._due([(date(2027, 1, 1), 90000), (date(2027, 3, 1), 90000)], 100000)
        )

    def test_projection_uses_last_readings(self):
        # an old slow period does not count: the last 5 readings do
        readings = [(date(2026, 1, 1), 10000)] + [
            (date(2027, 1, 1) + timedelta(days=10 * i), 90000 + 1000 * i)
            for i in range(5)
        ]
        # 100 km/day over the last 40 days, 6,000 km left -> 60 days after 2027-02-10
        self.assertEqual(self._due(readings, 100000), date(2027, 4, 11))

    def test_crossing(self):
        readings = [(date(2027, 1, 1), 99000), (date(2027, 2, 1), 100500)]
        self.assertEqual(self._due(readings, 100000), date(2027, 2, 1))
        readings = [(date(2027, 1, 1), 99000), (date(2027, 1, 3), 99100)]
        self.assertIsNone(self._due(readings, 200000))
