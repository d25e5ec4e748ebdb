from datetime import date

from freezegun import freeze_time

from odoo.fields import Domain
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import RecoveryCase


@tagged("post_install", "-at_install")
class TestResurveyNotNps(RecoveryCase):
    """A re-survey answer is a recovery outcome, not a second rating of the visit."""

    def _recovered_case(self):
        with freeze_time(self.start):
            case = self._response(3).cx_recovery_case_ids
        with freeze_time("2026-03-10 10:00:00"):
            self._walk_to_follow_up(case)
            for line in case.step_line_ids.filtered(lambda s: s.kind == "follow_up"):
                line.with_user(self.advisor).action_done()
            self._answer(case.resurvey_input_id, 8)
        self.assertEqual(case.stage, "recovered")
        return case

    def test_resurvey_kept_out_of_nps_figures(self):
        case = self._recovered_case()
        resurvey = case.resurvey_response_id
        self.assertEqual(resurvey.score, 8)
        self.assertFalse(resurvey.counts_in_nps)
        self.assertTrue(case.nps_response_id.counts_in_nps)
        # no second NPS follow-up, no case of its own
        self.assertFalse(resurvey.follow_up_deadline)
        self.assertFalse(resurvey.activity_ids)
        self.assertFalse(resurvey.cx_recovery_case_ids)
        # leaderboard: one rating of the advisor, a detractor
        self.env.flush_all()
        row = self.env["cx.nps.leaderboard"].search(
            [("dimension", "=", "advisor"), ("advisor_id", "=", self.advisor.id)]
        )
        self.assertEqual(row.response_count, 1)
        self.assertEqual(row.detractor_count, 1)
        # the monthly report: March has one answer (the visit's), NPS -100
        data = self.env["report.cx_experience_nps.report_cx_monthly"]._cx_company_data(
            self.company, date(2026, 3, 1), date(2026, 4, 1)
        )
        self.assertEqual(data["month"]["count"], 1)
        self.assertEqual(data["month"]["nps"], -100)
        self.assertEqual([r["count"] for r in data["leaderboard"]], [1])
        # NPS analysis shows the visit's answer only
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cx_experience_nps.cx_nps_response_action_analysis"
        )
        domain = Domain(safe_eval(action["domain"])) & Domain(
            "company_id", "=", self.company.id
        )
        analysed = self.env["cx.nps.response"].with_user(self.manager).search(domain)
        self.assertIn(case.nps_response_id, analysed)
        self.assertNotIn(resurvey, analysed)
        # ... and the recovery KPIs count it as a conversion
        kpis = (
            self.env["cx.recovery.report"]
            .with_user(self.manager)
            ._cx_kpis([("case_id", "=", case.id)])
        )
        self.assertEqual(kpis["resurveyed"], 1)
        self.assertEqual(kpis["to_passive_pct"], 100.0)
