from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged

from .common_tiers import CxTierRitualCase


@tagged("post_install", "-at_install")
class TestStaffOnlyDoors(HttpCase, CxTierRitualCase):
    """12.3: tier, spend, LTV and the profile stay behind the CX groups through
    chatter, activities, attachments and the briefing PDF route."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.employee = new_test_user(
            cls.env, "cx_door_employee", groups="base.group_user"
        )
        cls.fleet_user = new_test_user(
            cls.env, "cx_door_fleet", groups="fleet.fleet_group_user"
        )
        cls.customer, cls.vehicle = cls._customer(
            "Door VIP",
            [(30 * i, 15000) for i in range(1, 8)],
            cx_drink="Americano, no sugar",
            cx_family_member_ids=[
                fields.Command.create({"name": "Duoduo", "relation": "child"})
            ],
        )
        # a regular recompute (not the first run): VIP reached, advisor warned
        cls.env["cx.tier.run"]._cx_recompute_tiers(partner_ids=cls.customer.ids)

    def _secrets(self):
        self.assertEqual(self.customer.cx_tier_id, self.vip)
        return (
            self.vip.name,
            "%.0f" % self.customer.cx_ltv,
            "%.0f" % self.customer.cx_annual_spend,
        )

    def test_nothing_readable_outside_cx_groups_tells_the_tier(self):
        secrets = self._secrets()
        # the advisor does get the news, on the staff-only tier movement
        activity = self.env["mail.activity"].search(
            [("res_model", "=", "cx.tier.history"), ("user_id", "=", self.advisor.id)]
        )
        self.assertIn(self.vip.name, activity.with_user(self.advisor).summary)
        for user in (self.employee, self.fleet_user):
            env = self.env(user=user)
            texts = []
            for message in env["mail.message"].search([]):
                texts += [message.body or "", message.subject or ""]
            for act in env["mail.activity"].search([]):
                texts += [act.summary or "", str(act.note or "")]
            texts += env["ir.attachment"].search([]).mapped("name")
            text = " ".join(texts)
            for secret in secrets:
                self.assertNotIn(secret, text, user.login)
            with self.assertRaises(AccessError):
                env["cx.tier.history"].search([]).read(["ltv"])
            with self.assertRaises(AccessError):
                activity.with_user(user).read(["summary"])

    def test_briefing_refused_outside_cx_groups(self):
        service = self._visits(self.vehicle, [(-3, 0)], state="new")
        service.purchaser_id = self.customer
        with self.assertRaisesRegex(AccessError, "Pre-visit briefing"):
            service.with_user(self.fleet_user)._cx_briefing_sections()
        self.authenticate("cx_door_fleet", "cx_door_fleet")
        page = self.url_open(
            f"/report/pdf/cx_experience.report_cx_briefing/{service.id}"
        )
        self.assertNotEqual(page.status_code, 200)
        for secret in ("Americano", "Duoduo"):
            self.assertNotIn(secret, page.text)
        # an advisor reads it
        sections = service.with_user(self.advisor)._cx_briefing_sections()
        self.assertIn("Americano", str(sections))
