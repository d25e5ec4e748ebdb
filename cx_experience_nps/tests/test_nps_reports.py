from datetime import datetime, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged

from .common import CxNpsCommon


@tagged("post_install", "-at_install")
class TestNpsReports(CxNpsCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_dealer()
        cls.team = cls.env["cx.advisor.team"].create(
            {"name": "Express lane", "member_ids": [(6, 0, cls.advisor.ids)]}
        )
        cls.other_advisor = new_test_user(
            cls.env, "cx_nps_advisor_2", groups="cx_experience.group_cx_advisor"
        )
        Response = cls.env["cx.nps.response"]
        now = datetime.now()
        # advisor: 5 promoters, 3 passives, 2 detractors -> NPS 30
        scores = [10] * 5 + [8] * 3 + [3] * 2
        Response.create(
            [
                {
                    "partner_id": cls.customer.id,
                    "advisor_id": cls.advisor.id,
                    "score": s,
                    "root_cause": "waiting_time" if s < 7 else "communication",
                    "date": now,
                }
                for s in scores
            ]
            + [
                {
                    "partner_id": cls.customer.id,
                    "advisor_id": cls.other_advisor.id,
                    "score": 2,
                    "date": now,
                }
            ]
        )

    def test_team_and_leaderboard(self):
        Board = self.env["cx.nps.leaderboard"].with_user(self.manager)
        row = Board.search(
            [("dimension", "=", "advisor"), ("advisor_id", "=", self.advisor.id)]
        )
        self.assertEqual(row.response_count, 10)
        self.assertEqual(row.nps_score, 30)
        self.assertEqual(row.band, "good")
        # below the minimum of 30 responses: not ranked, no interval
        self.assertFalse(row.reliable)
        self.assertFalse(row.ci_low)
        self.company.cx_nps_min_responses = 10
        row.invalidate_recordset()
        self.assertTrue(row.reliable)
        self.assertLess(row.ci_low, 30)
        self.assertGreater(row.ci_high, 30)
        team_row = Board.search(
            [("dimension", "=", "team"), ("team_id", "=", self.team.id)]
        )
        self.assertEqual(team_row.response_count, 10)
        self.assertEqual(team_row.name, "Express lane")

    def test_nps_by_month_and_model(self):
        groups = (
            self.env["cx.nps.response"]
            .with_user(self.manager)
            ._read_group(
                [("advisor_id", "=", self.advisor.id)],
                ["team_id", "date:month"],
                ["nps_value:avg", "__count"],
            )
        )
        self.assertEqual(len(groups), 1)
        self.assertEqual(groups[0][0], self.team)
        self.assertEqual(groups[0][2:], (30, 10))

    def test_funnel_counts(self):
        Invitation = self.env["cx.nps.invitation"]
        base = {
            "partner_id": self.customer.id,
            "advisor_id": self.advisor.id,
            "date_scheduled": "2026-02-01 09:00:00",
        }
        states = ["sent", "opened", "answered", "answered", "bounced", "skipped"]
        Invitation.create(
            [
                {
                    **base,
                    "state": state,
                    "date_sent": "2026-02-02 09:00:00" if state != "skipped" else False,
                    "date_opened": "2026-02-02 10:00:00"
                    if state in ("opened", "answered")
                    else False,
                }
                for state in states
            ]
            + [{**base, "state": "scheduled"}]
        )
        Invitation.flush_model()
        row = (
            self.env["cx.nps.funnel"]
            .with_user(self.manager)
            .search([("advisor_id", "=", self.advisor.id)])
        )
        self.assertEqual(len(row), 1)
        self.assertEqual(str(row.month), "2026-02-01")
        self.assertEqual(row.scheduled_count, 6)
        self.assertEqual(row.skipped_count, 1)
        self.assertEqual(row.sent_count, 5)
        self.assertEqual(row.delivered_count, 4)
        self.assertEqual(row.opened_count, 3)
        self.assertEqual(row.answered_count, 2)
        self.assertEqual(row.response_rate, 50)

    def test_monthly_pdf_renders(self):
        today = datetime.now().date().replace(day=1)
        wizard = (
            self.env["cx.nps.report.wizard"]
            .with_user(self.manager)
            .create({"month": today})
        )
        action = wizard.action_print()
        self.assertEqual(action["report_name"], "cx_experience_nps.report_cx_monthly")
        html, _kind = (
            self.env["ir.actions.report"]
            .with_user(self.manager)
            ._render_qweb_pdf(
                "cx_experience_nps.report_cx_monthly",
                self.company.ids,
                data=action["data"],
            )
        )
        html = html.decode()
        self.assertIn("CX report", html)
        self.assertIn(self.advisor.name, html)
        self.assertIn("not ranked", html)
        self.assertIn("Waiting time", html)
        self.assertIn("Follow-up SLA compliance", html)
        self.assertIn('name="cx_report_extra"', html)
        data = self.env["report.cx_experience_nps.report_cx_monthly"]._cx_company_data(
            self.company,
            today,
            today.replace(month=today.month % 12 + 1)
            if today.month < 12
            else today.replace(year=today.year + 1, month=1),
        )
        self.assertEqual(data["month"]["count"], 11)
        detractor_sla = data["sla"][0]
        self.assertEqual(detractor_sla["total"], 3)
        self.assertEqual(detractor_sla["open"], 3)

    def test_monthly_report_mailed_once(self):
        next_month = datetime.now().date().replace(day=28) + timedelta(days=5)
        with freeze_time(next_month), self._no_commit():
            Company = self.env["res.company"]
            mails = Company._cron_cx_monthly_report()
            self.assertEqual(len(mails), 1)
            self.assertIn(self.manager.partner_id, mails.recipient_ids)
            self.assertTrue(mails.attachment_ids.name.startswith("CX report"))
            self.assertFalse(Company._cron_cx_monthly_report())
        # advisor ranking and compensation: no employee finds the PDF (12.3)
        employee = new_test_user(
            self.env, "cx_monthly_employee", groups="base.group_user"
        )
        attachments = self.env["ir.attachment"].with_user(employee)
        self.assertFalse(attachments.search([("name", "like", "CX report")]))
        with self.assertRaises(AccessError):
            mails.attachment_ids.with_user(employee).read(["raw"])

    def test_monthly_report_one_company_failing_alone(self):
        """Loop edges 1: one company's report that cannot be rendered is logged and
        skipped (retried next run); the other companies get theirs."""
        next_month = datetime.now().date().replace(day=28) + timedelta(days=5)
        company_b = self.env["res.company"].create({"name": "Dealer B"})
        self.env["cx.nps.response"].create(
            {
                "partner_id": self.env["res.partner"].create({"name": "B client"}).id,
                "score": 9,
                "date": datetime.now(),
                "company_id": company_b.id,
            }
        )
        self.manager.company_ids |= company_b
        Report = type(self.env["ir.actions.report"])
        render = Report._render_qweb_pdf

        def broken_for_b(report, report_ref, res_ids=None, data=None):
            if res_ids == company_b.ids:
                raise ValueError("wkhtmltopdf crashed")
            return render(report, report_ref, res_ids, data=data)

        with (
            freeze_time(next_month),
            patch.object(Report, "_render_qweb_pdf", broken_for_b),
            self.assertLogs("odoo.addons.cx_experience.batch", "WARNING") as logs,
            self._no_commit(),
        ):
            mails = self.env["res.company"]._cron_cx_monthly_report()
        self.assertEqual(len(mails), 1)
        self.assertIn(self.company.name, mails.subject)
        self.assertIn("wkhtmltopdf crashed", logs.output[0])
        self.assertFalse(company_b.cx_nps_last_report_month)
