from datetime import datetime

from odoo.tests import BaseCase, tagged

from ..tools import recovery as rt


@tagged("post_install", "-at_install")
class TestRecoveryTools(BaseCase):
    def test_step_deadline_and_hours(self):
        start = datetime(2026, 3, 2, 18, 0)
        self.assertEqual(rt.step_deadline(start, 72), datetime(2026, 3, 5, 18, 0))
        # a first contact: rule override, else the step's, else the company's SLA
        self.assertEqual(rt.step_offset("first_contact", 0, 0, 12), 12)
        self.assertEqual(rt.step_offset("first_contact", 4, 0, 12), 4)
        self.assertEqual(rt.step_offset("first_contact", 4, 2, 12), 2)
        self.assertEqual(rt.step_offset("listen", 24, 2, 12), 24)
        self.assertEqual(rt.hours_between(start, datetime(2026, 3, 2, 18, 30)), 0.5)
        self.assertIsNone(rt.hours_between(start, None))

    def test_blocking_steps(self):
        steps = [
            ("Call", "contacted", True, True),
            ("Listen", "solution_agreed", True, False),
            ("Optional", "solution_agreed", False, False),
            ("Follow-up", "recovered", True, False),
        ]
        self.assertEqual(rt.blocking_steps("contacted", steps), [])
        self.assertEqual(rt.blocking_steps("executing", steps), ["Listen"])
        self.assertEqual(rt.blocking_steps("recovered", steps), ["Listen", "Follow-up"])

    def test_trend(self):
        self.assertIsNone(rt.trend([9]))
        self.assertEqual(rt.trend([9, 4]), "falling")
        self.assertEqual(rt.trend([4, 9]), "rising")
        self.assertEqual(rt.trend([7, 7]), "stable")
        self.assertEqual(rt.combined_trend("stable", "falling"), "falling")
        self.assertEqual(rt.combined_trend(None, "rising"), "rising")
        self.assertIsNone(rt.combined_trend(None, None))

    def test_kpis_pooled(self):
        def row(hours, done, on_time, category, recovered, cost):
            return {
                "first_contact_hours": hours,
                "steps_done": done,
                "steps_on_time": on_time,
                "closed": category is not None,
                "resurvey_category": category,
                "recovered": recovered,
                "cost": cost,
            }

        values = rt.kpis(
            [
                row(2.0, 8, 8, "passive", True, 800.0),
                row(6.0, 2, 0, "promoter", True, 900.0),
                row(None, 0, 0, None, False, 0.0),
                row(0.0, 8, 6, "detractor", False, 300.0),
            ]
        )
        self.assertEqual(values["cases"], 4)
        self.assertEqual(values["first_contact_hours"], 2.67)
        # pooled: 14 on time of 18 done, not the average of per-case rates
        self.assertEqual(values["sla_compliance"], 77.8)
        self.assertEqual(values["to_passive_pct"], 33.3)
        self.assertEqual(values["to_promoter_pct"], 33.3)
        self.assertEqual(values["total_cost"], 2000.0)
        self.assertEqual(values["avg_cost"], 500.0)
        self.assertEqual(values["cost_per_recovered"], 1000.0)
