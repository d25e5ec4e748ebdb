from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from .common import CxCase


@tagged("post_install", "-at_install")
class TestProfile(CxCase):
    def test_profile_through_the_form(self):
        pets = self.env.ref("cx_experience.cx_lifestyle_tag_pets")
        with Form(self.customer.with_user(self.advisor)) as form:
            form.cx_drink = "Americano, no sugar"
            form.cx_preferred_channel_id = self.env.ref(
                "cx_experience.cx_channel_wechat"
            )
            form.cx_preferred_visit_time = "Saturday 9:00"
            form.cx_communication_style = "talkative"
            form.cx_tech_familiarity = "high"
            form.cx_interests = "Photography"
            form.cx_last_topic = "Daughter's piano exam"
            form.cx_last_topic_date = fields.Date.today()
            form.cx_lifestyle_tag_ids.add(pets)
            with form.cx_family_member_ids.new() as member:
                member.name = "朵朵"
                member.relation = "child"
                member.notes = "5, child seat"
        partner = self.customer.with_user(self.advisor)
        self.assertEqual(partner.cx_drink, "Americano, no sugar")
        self.assertEqual(partner.cx_lifestyle_tag_ids, pets)
        self.assertEqual(partner.cx_family_member_ids.name, "朵朵")

    def test_bad_input_nothing_saved(self):
        partner = self.customer.with_user(self.advisor)
        with self.assertRaisesMsg(ValidationError, "future"):
            partner.write(
                {
                    "cx_drink": "Tea",
                    "cx_birthday": fields.Date.today() + timedelta(days=1),
                }
            )
        self.customer.invalidate_recordset()
        self.assertFalse(self.customer.cx_drink)
        with self.assertRaisesMsg(ValidationError, "needs a name"):
            partner.write(
                {
                    "cx_drink": "Tea",
                    "cx_family_member_ids": [fields.Command.create({"name": "  "})],
                }
            )
        self.customer.invalidate_recordset()
        self.assertFalse(self.customer.cx_family_member_ids)

    def test_staff_only(self):
        self.customer.cx_drink = "Tea"
        for field in (
            "cx_drink",
            "cx_communication_style",
            "cx_lifestyle_tag_ids",
            "cx_lifecycle_stage",
        ):
            with self.assertRaises(AccessError):
                self.customer.with_user(self.employee).read([field])
        portal = self.env["res.users"].create(
            {
                "name": "Portal",
                "login": "cx_t4_portal",
                "group_ids": [
                    fields.Command.set([self.env.ref("base.group_portal").id])
                ],
            }
        )
        for model in (
            "cx.journey",
            "cx.touchpoint",
            "cx.checklist",
            "cx.family.member",
        ):
            with self.assertRaises(AccessError):
                self.env[model].with_user(portal).search([])

    def test_smart_buttons(self):
        self._service()  # booked for today: its journey starts
        partner = self.customer.with_user(self.advisor)
        self.assertEqual(partner.cx_journey_count, 1)
        self.env["cx.journey"].create({"partner_id": self.customer.id})
        partner = self.customer.with_user(self.advisor)
        self.assertEqual(partner.cx_vehicle_count, 1)
        self.assertEqual(partner.cx_service_count, 1)
        partner.invalidate_recordset()
        self.assertEqual(partner.cx_journey_count, 2)
        action = partner.action_cx_vehicles()
        self.assertEqual(action["domain"], [("driver_id", "=", self.customer.id)])
        action = partner.action_cx_services()
        self.assertEqual(action["domain"], [("purchaser_id", "=", self.customer.id)])

    def test_lifestyle_tags_configured_by_managers(self):
        tag = (
            self.env["cx.lifestyle.tag"]
            .with_user(self.advisor)
            .create({"name": "Skiing"})
        )
        with self.assertRaises(AccessError):
            tag.with_user(self.advisor).unlink()
        tag.with_user(self.manager).unlink()
