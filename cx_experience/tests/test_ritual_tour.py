from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestRitualTour(HttpCase):
    def test_advisor_marks_ritual_done(self):
        advisor = new_test_user(
            self.env, "cx_tour_advisor", groups="cx_experience.group_cx_advisor"
        )
        partner = self.env["res.partner"].create({"name": "Tour Customer"})
        ritual = self.env["cx.ritual"].create(
            {
                "type_id": self.env.ref("cx_experience.cx_ritual_type_birthday").id,
                "partner_id": partner.id,
                "occasion": "tour",
                "due_date": fields.Date.today() + timedelta(days=2),
                "user_id": advisor.id,
            }
        )
        self.start_tour(
            "/odoo/action-cx_experience.cx_ritual_action",
            "cx_ritual_mark_done",
            login="cx_tour_advisor",
        )
        self.assertEqual(ritual.state, "done")
        self.assertIn("birthday song", ritual.note)
