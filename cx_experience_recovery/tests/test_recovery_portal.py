from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestRecoveryPortal(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = new_test_user(
            cls.env, "rec_portal_customer", groups="base.group_portal", name="Sun Mei"
        )
        cls.customer = cls.portal_user.partner_id
        complaint = cls.env["helpdesk.ticket.category"].create(
            {"name": "Complaint", "cx_is_complaint": True}
        )
        cls.ticket = cls.env["helpdesk.ticket"].create(
            {
                "name": "Scratch after the car wash",
                "description": "<p>There is a scratch.</p>",
                "partner_id": cls.customer.id,
                "category_id": complaint.id,
            }
        )
        cls.case = cls.ticket.cx_recovery_case_ids
        cls.tier = cls.env.ref("cx_experience.cx_tier_vip")
        cls.tier.name = "TIER-SECRET-9Q"
        cls.customer.sudo().cx_tier_id = cls.tier
        cls.case.internal_note = "<p>SECRET-NOTE angry customer</p>"
        cls.env["cx.recovery.compensation"].create(
            {"case_id": cls.case.id, "cost": 8642.97, "description": "Gift box 9H"}
        )

    def test_portal_ticket_hides_case(self):
        self.assertTrue(self.case)
        self.authenticate("rec_portal_customer", "rec_portal_customer")
        response = self.url_open(f"/my/ticket/{self.ticket.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Scratch after the car wash", response.text)
        for secret in (
            "SECRET-NOTE",
            "8,642.97",
            "8642.97",
            "Gift box 9H",
            self.case.name,
            "Recovery",
            "TIER-SECRET-9Q",
            "Planned rituals",
        ):
            self.assertNotIn(secret, response.text)
