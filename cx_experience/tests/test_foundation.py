from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestFoundation(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.advisor = new_test_user(
            cls.env, "cx_f_advisor", groups="cx_experience.group_cx_advisor"
        )
        cls.manager = new_test_user(
            cls.env, "cx_f_manager", groups="cx_experience.group_cx_manager"
        )
        cls.employee = new_test_user(cls.env, "cx_f_employee", groups="base.group_user")
        cls.customer = cls.env["res.partner"].create({"name": "陈静 (Chen Jing)"})
        brand = cls.env["fleet.vehicle.model.brand"].create({"name": "BYD"})
        model = cls.env["fleet.vehicle.model"].create(
            {"name": "Han EV", "brand_id": brand.id}
        )
        cls.service_type = cls.env["fleet.service.type"].create(
            {"name": "Maintenance", "category": "service"}
        )
        cls.vehicle = cls.env["fleet.vehicle"].create(
            {
                "model_id": model.id,
                "driver_id": cls.customer.id,
                "manager_id": cls.advisor.id,
                "license_plate": "粤B·12345",
            }
        )

    def test_manager_implies_advisor(self):
        self.assertTrue(self.manager.has_group("cx_experience.group_cx_advisor"))
        self.assertFalse(self.advisor.has_group("cx_experience.group_cx_manager"))

    def test_service_advisor_defaults_to_vehicle_manager(self):
        service = (
            self.env["fleet.vehicle.log.services"]
            .with_user(self.advisor)
            .create(
                {"vehicle_id": self.vehicle.id, "service_type_id": self.service_type.id}
            )
        )
        self.assertEqual(service.advisor_id, self.advisor)

    def test_journey_as_advisor(self):
        journey = (
            self.env["cx.journey"]
            .with_user(self.advisor)
            .create({"partner_id": self.customer.id, "vehicle_id": self.vehicle.id})
        )
        self.assertIn("粤B·12345", journey.name)
        self.assertEqual(self.customer.with_user(self.advisor).cx_journey_count, 1)
        with self.assertRaises(AccessError):
            journey.with_user(self.employee).read(["name"])

    def test_profile_fields_staff_only(self):
        self.customer.cx_do_not_disturb = True
        with self.assertRaises(AccessError):
            self.customer.with_user(self.employee).read(["cx_do_not_disturb"])

    def test_birthday_in_future_refused(self):
        with self.assertRaisesRegex(ValidationError, "Birthday"):
            self.customer.cx_birthday = fields.Date.today() + timedelta(days=1)

    def test_contact_budget(self):
        self.env.company.cx_contact_budget = 2
        other = self.env["res.partner"].create({"name": "Other"})
        dnd = self.env["res.partner"].create(
            {"name": "Quiet", "cx_do_not_disturb": True}
        )
        log = self.env["cx.contact.log"]
        log._log(self.customer + self.customer, "survey")
        allowed, refused = (self.customer | other | dnd)._cx_contact_allowed("ritual")
        self.assertEqual(allowed, other)
        self.assertIn("budget", refused[self.customer.id])
        self.assertEqual(refused[dnd.id], "Do not disturb")
        allowed, refused = self.customer._cx_contact_allowed(
            "recovery", ignore_budget=True
        )
        self.assertEqual(allowed, self.customer)

    def test_family_member_rules(self):
        Member = self.env["cx.family.member"].with_user(self.advisor)
        member = Member.create(
            {
                "partner_id": self.customer.id,
                "name": "朵朵",
                "relation": "child",
                "notes": "child seat",
            }
        )
        self.assertEqual(
            self.customer.with_user(self.advisor).cx_family_member_ids, member
        )
        with self.assertRaisesRegex(ValidationError, "needs a name"):
            Member.create({"partner_id": self.customer.id, "name": " "})
        with self.assertRaisesRegex(ValidationError, "future"):
            member.birthday = fields.Date.today() + timedelta(days=3)

    def test_briefing_sections_hook(self):
        self.assertIsInstance(self.customer._cx_briefing_sections(), list)
