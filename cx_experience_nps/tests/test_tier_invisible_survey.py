from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestTierInvisibleSurvey(HttpCase):
    """Customers never learn their tier: the survey pages and invitation don't show it."""

    def test_survey_page_and_invite_hide_tier(self):
        customer = self.env["res.partner"].create(
            {"name": "Tier Secret", "email": "tier.secret@example.com"}
        )
        brand = self.env["fleet.vehicle.model.brand"].create({"name": "NIO"})
        model = self.env["fleet.vehicle.model"].create(
            {"name": "ET7", "brand_id": brand.id}
        )
        vehicle = self.env["fleet.vehicle"].create(
            {"model_id": model.id, "driver_id": customer.id}
        )
        service_type = self.env["fleet.service.type"].create(
            {"name": "Maintenance", "category": "service"}
        )
        today = fields.Date.today()
        self.env["fleet.vehicle.log.services"].create(
            [
                {
                    "vehicle_id": vehicle.id,
                    "service_type_id": service_type.id,
                    "date": today - relativedelta(days=20 * i),
                    "amount": 12345.67,
                    "state": "done",
                }
                for i in range(1, 8)
            ]
        )
        self.env["cx.tier.run"]._cx_recompute_tiers(partner_ids=customer.ids)
        vip = self.env.ref("cx_experience.cx_tier_vip")
        self.assertEqual(customer.cx_tier_id, vip)
        ltv = "%.0f" % customer.cx_ltv
        survey = self.env.ref("cx_experience_nps.survey_after_service_nps")
        answer = survey._create_answer(partner=customer)
        response = self.url_open(answer.get_start_url())
        self.assertEqual(response.status_code, 200)
        for secret in (vip.name, ltv):
            self.assertNotIn(secret, response.text)
        invite = self.env.ref("survey.mail_template_user_input_invite")
        rendered = invite._generate_template(answer.ids, ("subject", "body_html"))[
            answer.id
        ]
        for secret in (vip.name, ltv):
            self.assertNotIn(secret, rendered["body_html"])
