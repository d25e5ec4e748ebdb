import re
from datetime import datetime, timedelta

from odoo.tests import Form, new_test_user, tagged

from .common import RecoveryCase


@tagged("post_install", "-at_install")
class TestRecoveryIntegration(RecoveryCase):
    """Recovery wired to tiers, rituals and the monthly CX report."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vip = cls.env.ref("cx_experience.cx_tier_vip")
        cls.regular = cls.env.ref("cx_experience.cx_tier_regular")
        cls.vip_rule = cls.env.ref("cx_experience_recovery.rule_detractor_vip")

    def test_vip_detractor_gets_shorter_first_contact(self):
        self.customer.sudo().cx_tier_id = self.vip
        regular = self.env["res.partner"].create({"name": "Wang Fang"})
        regular.sudo().cx_tier_id = self.regular
        vip_case = self._response(3).cx_recovery_case_ids
        regular_case = self._response(3, partner=regular).cx_recovery_case_ids
        self.assertEqual(vip_case.rule_id, self.vip_rule)
        self.assertFalse(vip_case.escalated)
        self.assertEqual(
            self._line(vip_case, "first_contact").deadline,
            self.start + timedelta(hours=4),
        )
        self.assertEqual(
            regular_case.rule_id, self.env.ref("cx_experience_recovery.rule_detractor")
        )
        self.assertEqual(
            self._line(regular_case, "first_contact").deadline,
            self.start + timedelta(hours=self.company.cx_nps_detractor_hours),
        )

    def test_tier_condition_reads_tier_as_superuser(self):
        self.customer.sudo().cx_tier_id = self.vip
        clerk = new_test_user(self.env, "rec_clerk", groups="base.group_user")
        context = {
            "trigger": "detractor",
            "partner": self.customer.with_user(clerk),
            "company": self.company,
            "trend": None,
        }
        self.assertTrue(self.vip_rule._cx_rule_matches(context))
        self.customer.sudo().cx_tier_id = False
        self.assertFalse(self.vip_rule._cx_rule_matches(context))
        self.assertFalse(self.vip_rule._cx_rule_matches(dict(context, partner=None)))

    def test_ticket_panel_tier_and_planned_rituals(self):
        self.customer.sudo().cx_tier_id = self.vip
        Ritual = self.env["cx.ritual"]
        birthday = self.env.ref("cx_experience.cx_ritual_type_birthday")
        planned = Ritual.create(
            {
                "type_id": birthday.id,
                "partner_id": self.customer.id,
                "occasion": "2099",
                "due_date": "2099-05-01",
            }
        )
        Ritual.create(
            {
                "type_id": birthday.id,
                "partner_id": self.customer.id,
                "occasion": "2025",
                "due_date": "2025-05-01",
                "state": "done",
            }
        )
        other = self.env["res.partner"].create({"name": "Liu Yang"})
        Ritual.create(
            {
                "type_id": birthday.id,
                "partner_id": other.id,
                "occasion": "2099",
                "due_date": "2099-06-01",
            }
        )
        category = self.env["helpdesk.ticket.category"].create({"name": "Question"})
        form = Form(self.env["helpdesk.ticket"].with_user(self.advisor))
        form.name = "Booking question"
        form.description = "<p>When can I come?</p>"
        form.partner_id = self.customer
        form.category_id = category
        self.assertEqual(form.cx_tier_id, self.vip)
        ticket = form.save()
        self.assertEqual(ticket.cx_tier_id, self.vip)
        self.assertEqual(ticket.cx_open_ritual_ids, planned)

    def test_monthly_pdf_has_recovery_section(self):
        self._response(3)
        second = self.env["res.partner"].create({"name": "Chen Lei"})
        self._response(2, partner=second)
        third = self.env["res.partner"].create({"name": "Zhao Min"})
        self._response(1, date=datetime(2026, 4, 2, 9, 0), partner=third)
        html, _kind = (
            self.env["ir.actions.report"]
            .with_user(self.manager)
            ._render_qweb_pdf(
                "cx_experience_nps.report_cx_monthly",
                self.company.ids,
                data={"date_from": "2026-03-01", "date_to": "2026-04-01"},
            )
        )
        html = html.decode()
        self.assertIn("CX report 2026-03", html)
        self.assertIn("cx_recovery_section", html)
        self.assertIn("Detractors turned promoter", html)
        # two cases in March; the April one is in next month's report
        self.assertRegex(html, r"Recovery cases</td>\s*<td[^>]*>2</td>")
        data = self.env["report.cx_experience_nps.report_cx_monthly"]._cx_company_data(
            self.company, datetime(2026, 4, 1).date(), datetime(2026, 5, 1).date()
        )
        self.assertEqual(data["recovery"]["cases"], 1)
        self.assertTrue(re.search(r"Recovery</h3>", html))
