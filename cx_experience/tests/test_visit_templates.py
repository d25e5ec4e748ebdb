from datetime import timedelta

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import CxCase


@tagged("post_install", "-at_install")
class TestVisitTemplates(CxCase):
    """Issue 14 point 6: the dealer edits the customer's messages in each language,
    and no edit can put staff-only data in them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["cx_experience"], ["zh_CN"])
        cls.customer.write({"email": "wang.lei@example.com", "lang": "zh_CN"})
        cls.booking = cls.env.ref("cx_experience.mail_template_cx_visit_booking")

    def test_manager_edits_the_words_per_language(self):
        templates = (
            self.env["mail.template"]
            .with_user(self.manager)
            .search([("model", "=", "cx.visit.message")])
        )
        self.assertEqual(len(templates), 6)
        template = self.booking.with_user(self.manager)
        template.with_context(
            lang="zh_CN"
        ).subject = "{{ object.dealer_name }}:您的预约已确认"
        template.with_context(
            lang="en_US"
        ).subject = "Booked at {{ object.dealer_name }}"
        service = self._service(
            state="new", date=fields.Date.today() + timedelta(days=1)
        )
        self.env["cx.visit.message"]._cx_send_due()
        mail = service.cx_message_ids.mail_id
        self.assertEqual(mail.subject, "%s:您的预约已确认" % self.env.company.name)
        self.assertIn(self.env.company.name, mail.body_html)
        self.assertIn(self.advisor.name, mail.body_html)

    def test_no_edit_reaches_staff_only_data(self):
        template = self.booking.with_user(self.manager)
        for expression in (
            "{{ object.partner_id.cx_ltv }}",
            "{{ object.service_id.cx_access_token }}",
            "{{ object.partner_id.sudo().comment }}",
        ):
            with self.assertRaisesMsg(ValidationError, "cannot use"):
                template.subject = expression
