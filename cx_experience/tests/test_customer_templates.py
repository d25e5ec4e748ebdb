from datetime import date

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import new_test_user, tagged

from .common_tiers import CxTierRitualCase


@tagged("post_install", "-at_install")
class TestCustomerTemplates(CxTierRitualCase):
    """Trust 9: mails to customers never carry staff-only data."""

    def _customer_templates(self):
        templates = self.env["mail.template"].search([("model", "=like", "cx.%")])
        return templates | self.env["cx.ritual.type"].search([]).mail_template_id

    def test_no_customer_template_uses_a_staff_only_field(self):
        templates = self._customer_templates()
        self.assertGreaterEqual(len(templates), 5)
        staff_only = self.env["mail.template"]._cx_staff_only_names()
        for name in ("cx_ltv", "cx_tier_id", "cx_profile_notes", "cx_annual_spend"):
            self.assertIn(name, staff_only)
        for template in templates:
            with self.subTest(template=template.name):
                self.assertEqual(template._cx_staff_only_references(), [])

    def test_template_editor_cannot_mail_the_ltv(self):
        editor = new_test_user(
            self.env,
            "cx_template_editor",
            groups="base.group_user,mail.group_mail_template_editor",
        )
        template = self.env.ref("cx_experience.mail_template_ritual_birthday")
        for field, value in (
            ("subject", "Happy birthday {{ object.partner_id.cx_ltv }}"),
            (
                "body_html",
                '<p>Your tier: <t t-out="object.partner_id.cx_tier_id.name"/></p>',
            ),
            ("subject", "{{ object.partner_id.sudo().name }}"),
            ("body_html", '<p t-out="object.note"/>'),
        ):
            with (
                self.subTest(value=value),
                self.assertRaisesRegex(ValidationError, "cannot use"),
            ):
                template.with_user(editor).write({field: value})
        template.invalidate_recordset()
        self.assertNotIn("cx_ltv", template.subject)

    @freeze_time("2027-05-10")
    def test_a_template_changed_behind_the_check_is_not_sent(self):
        """Changed in SQL (or by an import): checked again before sending."""
        template = self.env.ref("cx_experience.mail_template_ritual_birthday")
        partner, _v = self._customer("Lucky", cx_birthday=date(1980, 5, 10))
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE mail_template SET subject = jsonb_build_object("
            "'en_US', 'LTV {{ object.partner_id.cx_ltv }}') WHERE id = %s",
            [template.id],
        )
        template.invalidate_recordset()
        ritual_model = self.env["cx.ritual"]
        ritual_model._cx_detect()
        with self.assertLogs("odoo.addons.cx_experience.batch", "WARNING"):
            ritual_model._cx_send_due_greetings()
        ritual = ritual_model.search([("partner_id", "=", partner.id)])
        self.assertEqual(ritual.contact_state, "failed")
        self.assertIn("cx_ltv", ritual.contact_reason)
        self.assertFalse(
            self.env["mail.mail"].search(
                [("model", "=", "cx.ritual"), ("res_id", "=", ritual.id)]
            )
        )
