from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import RecoveryCase

CX_GROUPS = ("cx_experience.group_cx_advisor", "cx_experience.group_cx_manager")
OPERATIONS = ("read", "write", "create", "unlink")
# reports that rank the advisors: their managers read them, not the advisors
MANAGER_ONLY = {"cx.nps.funnel", "cx.nps.leaderboard"}
# configuration the workshop reads to move a car on (no customer data)
WORKSHOP_READABLE = {"cx.repair.stage"}


@tagged("post_install", "-at_install")
class TestAccessMatrix(RecoveryCase):
    """Trust 3, 7: every CX model and every staff-only field, for every kind of
    user: nobody outside the CX groups, nobody of another dealer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.company_b = env["res.company"].create({"name": "Dealer B"})
        cls.outsiders = {
            "public": env.ref("base.public_user"),
            "portal": new_test_user(env, "mx_portal", groups="base.group_portal"),
            "employee": new_test_user(env, "mx_employee", groups="base.group_user"),
            "fleet user": new_test_user(
                env, "mx_fleet", groups="base.group_user,fleet.fleet_group_user"
            ),
        }
        cls.other_advisor = new_test_user(
            env,
            "mx_advisor_b",
            groups="cx_experience.group_cx_advisor,helpdesk_mgmt.group_helpdesk_user",
            company_id=cls.company_b.id,
            company_ids=[cls.company_b.id],
        )
        cls.cx_models = sorted(
            name
            for name, model in env.registry.items()
            if name.startswith("cx.") and not model._abstract and not model._transient
        )
        cls.staff_fields = [
            (name, fname)
            for name, model in env.registry.items()
            if not model._abstract
            for fname, field in model._fields.items()
            if any(group in (field.groups or "") for group in CX_GROUPS)
        ]

    def test_cx_models_closed_to_outsiders(self):
        self.assertGreater(len(self.cx_models), 20)
        for label, user in self.outsiders.items():
            for model in self.cx_models:
                for operation in OPERATIONS:
                    with self.subTest(user=label, model=model, operation=operation):
                        expected = (
                            label == "fleet user"
                            and model in WORKSHOP_READABLE
                            and operation == "read"
                        )
                        self.assertEqual(
                            self.env[model].with_user(user).has_access(operation),
                            expected,
                        )
        for user in (self.advisor, self.manager, self.other_advisor):
            for model in self.cx_models:
                readable = model not in MANAGER_ONLY or user == self.manager
                with self.subTest(user=user.login, model=model):
                    self.assertEqual(
                        self.env[model].with_user(user).has_access("read"), readable
                    )

    def test_staff_only_fields_closed_to_outsiders(self):
        names = {fname for _model, fname in self.staff_fields}
        for expected in ("cx_ltv", "cx_tier_id", "cx_drink", "cx_profile_notes"):
            self.assertIn(expected, names)
        for label, user in self.outsiders.items():
            for model, fname in self.staff_fields:
                Model = self.env[model].with_user(user)
                with self.subTest(user=label, field=f"{model}.{fname}"):
                    self.assertFalse(
                        Model._has_field_access(Model._fields[fname], "read")
                    )
        for model, fname in self.staff_fields:
            Model = self.env[model].with_user(self.advisor)
            with self.subTest(user="advisor", field=f"{model}.{fname}"):
                self.assertTrue(Model._has_field_access(Model._fields[fname], "read"))
        # through read() too, the door an RPC client uses
        for label in ("employee", "fleet user"):
            with (
                self.subTest(user=label),
                self.assertRaises(AccessError),
            ):
                self.customer.with_user(self.outsiders[label]).read(["cx_ltv"])

    def test_every_company_record_has_a_company_rule(self):
        Rule = self.env["ir.rule"].sudo()
        for model in self.cx_models:
            field = self.env[model]._fields.get("company_id")
            if not field or not field.store:
                continue
            with self.subTest(model=model):
                rules = Rule.search([("model_id.model", "=", model)])
                self.assertTrue(
                    any("company_ids" in (rule.domain_force or "") for rule in rules)
                )

    def test_other_dealer_reads_nothing(self):
        with freeze_time(self.start):
            response = self._response(3)
        case = response.cx_recovery_case_ids
        self.assertTrue(case)
        other = self.other_advisor
        for record in (case, response, case.step_line_ids[:1]):
            with self.subTest(model=record._name):
                self.assertFalse(
                    self.env[record._name]
                    .with_user(other)
                    .search([("id", "in", record.ids)])
                )
                with self.assertRaises(AccessError):
                    record.with_user(other).read(["id"])

    def test_nothing_readable_outside_the_cx_groups_names_a_tier_or_ltv(self):
        """Run the tiers, an NPS detractor and a compensated recovery case, then
        scan what an employee outside the CX groups can read."""
        env = self.env
        today = fields.Date.context_today(self.customer)
        env["fleet.vehicle.log.services"].create(
            [
                {
                    "vehicle_id": self.vehicle.id,
                    "purchaser_id": self.customer.id,
                    "service_type_id": self.service.service_type_id.id,
                    "date": fields.Date.subtract(today, days=30 * i),
                    "amount": 40000,
                    "state": "done",
                }
                for i in range(1, 6)
            ]
        )
        env["cx.tier.run"]._cx_recompute_tiers(partner_ids=self.customer.ids)
        tier = self.customer.cx_tier_id
        self.assertTrue(tier)
        ltv = "%.0f" % self.customer.cx_ltv
        spend = "%.0f" % self.customer.cx_annual_spend
        with freeze_time(self.start):
            case = self._response(2).cx_recovery_case_ids
        env["cx.recovery.compensation"].create(
            {"case_id": case.id, "cost": 4321.0, "description": "Gift box"}
        )
        env.flush_all()
        secrets = [tier.name, ltv, spend, "4321", "4,321"]
        employee = self.outsiders["employee"]
        readable = [
            (message.body or "") + (message.subject or "")
            for message in env["mail.message"].with_user(employee).search([])
        ]
        readable += [
            (activity.sudo().note or "") + (activity.sudo().summary or "")
            for activity in env["mail.activity"].with_user(employee).search([])
        ]
        readable += [
            attachment.name + (attachment.index_content or "")
            for attachment in env["ir.attachment"].with_user(employee).search([]).sudo()
            # the web client's compiled CSS/JS is no customer data
            if not (attachment.url or "").startswith("/web/assets/")
        ]
        text = "\n".join(str(chunk) for chunk in readable)
        for secret in secrets:
            with self.subTest(secret=secret):
                self.assertNotIn(secret, text)
