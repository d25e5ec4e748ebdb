from datetime import timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from .common import RecoveryCase


@tagged("post_install", "-at_install")
class TestRecoveryKpi(RecoveryCase):
    """Worked example: four detractors in March 2026.

    A: called after 2 h, 300 of washes, re-survey 8 (passive) -> recovered.
    B: called after 6 h, 1500 approved, re-survey 10 (promoter) -> recovered.
    C: called after 4 h, no compensation, re-survey 3 -> not recovered.
    D: not called yet.
    """

    def _case(self, name, hours, cost, resurvey):
        partner = self.env["res.partner"].create(
            {"name": name, "email": f"{name.lower()}@example.com"}
        )
        with freeze_time(self.start):
            case = self._response(3, partner=partner).cx_recovery_case_ids
        with freeze_time(self.start + timedelta(hours=hours)):
            if cost > self.company.cx_recovery_advisor_limit:
                self.env["cx.recovery.compensation"].with_user(self.advisor).create(
                    {"case_id": case.id, "cost": cost}
                )
                case.with_user(self.manager2).action_approve_compensation()
                self._walk_to_follow_up(case, cost=None)
            else:
                self._walk_to_follow_up(case, cost=cost)
            for line in case.step_line_ids.filtered(lambda s: s.kind == "follow_up"):
                line.with_user(self.advisor).action_done()
        self._answer(case.resurvey_input_id, resurvey)
        return case

    def test_worked_example(self):
        cases = (
            self._case("A", 2, 300.0, 8)
            | self._case("B", 6, 1500.0, 10)
            | self._case("C", 4, 0.0, 3)
        )
        self._response(3, partner=self.env["res.partner"].create({"name": "D"}))
        self.assertEqual(
            cases.mapped("stage"), ["recovered", "recovered", "not_recovered"]
        )
        Report = self.env["cx.recovery.report"].with_user(self.manager)
        domain = [("playbook_id", "=", self.detractor_playbook.id)]
        kpis = Report._cx_kpis(domain)
        self.assertEqual(kpis["cases"], 4)
        self.assertEqual(kpis["first_contact_hours"], 4.0)
        self.assertEqual(kpis["sla_compliance"], 100.0)
        self.assertEqual(kpis["resurveyed"], 3)
        self.assertEqual(kpis["to_passive_pct"], 33.3)
        self.assertEqual(kpis["to_promoter_pct"], 33.3)
        self.assertEqual(kpis["recovered"], 2)
        self.assertEqual(kpis["total_cost"], 1800.0)
        self.assertEqual(kpis["avg_cost"], 450.0)
        self.assertEqual(kpis["cost_per_recovered"], 900.0)
        self.assertEqual(
            (kpis["ref_passive_pct"], kpis["ref_promoter_pct"], kpis["ref_cost"]),
            (67.0, 23.0, 850.0),
        )
        # the pivot's aggregates per month agree with the pooled figures
        self.env.flush_all()
        [(month, count, hours, passive, promoter, cost, recovered)] = (
            Report._read_group(
                domain,
                ["date_start:month"],
                [
                    "case_count:sum",
                    "first_contact_hours:avg",
                    "to_passive_pct:avg",
                    "to_promoter_pct:avg",
                    "compensation_cost:sum",
                    "recovered_count:sum",
                ],
            )
        )
        self.assertEqual(month.month, 3)
        self.assertEqual((count, hours, cost, recovered), (4, 4.0, 1800.0, 2))
        self.assertAlmostEqual(passive, 100 / 3, places=2)
        self.assertAlmostEqual(promoter, 100 / 3, places=2)

    def test_pdf_section_renders(self):
        self._case("A", 2, 300.0, 8)
        html = self.env["ir.qweb"]._render(
            "cx_experience_recovery.cx_report_recovery_section",
            {
                "recovery_kpis": None,
                "company": self.company,
                "date_from": self.start - timedelta(days=1),
                "date_to": self.start + timedelta(days=31),
            },
        )
        self.assertIn("Detractors turned passive", html)
        self.assertIn("100.0", html)
        self.assertIn("67.0", html)

    def test_kpi_pdf_of_selected_cases(self):
        case = self._case("A", 2, 300.0, 8)
        html, _type = (
            self.env["ir.actions.report"]
            .with_user(self.manager)
            ._render_qweb_html(
                "cx_experience_recovery.action_report_cx_recovery_kpis", case.ids
            )
        )
        html = html.decode()
        self.assertIn("Recovery KPIs", html)
        self.assertIn("Cost per recovered customer", html)
        self.assertIn("850.00", html)
