import psycopg2
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import RecoveryCase


@tagged("post_install", "-at_install")
class TestRecoveryGuards(RecoveryCase):
    """12.2, 12.5, 13.10: the guards hold whatever context a client sends."""

    def _case(self):
        with freeze_time(self.start):
            return self._response(3).cx_recovery_case_ids

    def test_advisor_cannot_approve_her_own_compensation_by_context(self):
        case = self._case()
        self.env["cx.recovery.compensation"].with_user(self.advisor).create(
            {"case_id": case.id, "cost": 5000.0}
        )
        self.assertEqual(case.approval_state, "to_approve")
        attacker = case.with_user(self.advisor).with_context(cx_recovery_approving=True)
        with self.assertRaisesRegex(UserError, "Approve button"):
            attacker.write(
                {"approved_by_id": self.advisor.id, "approved_total": 5000.0}
            )
        with self.assertRaisesRegex(UserError, "Only a CX manager"):
            attacker.action_approve_compensation()
        case.invalidate_recordset()
        self.assertFalse(case.approved_by_id)
        self.assertEqual(case.approval_state, "to_approve")
        # the manager's button still works, and records who approved
        case.with_user(self.manager2).action_approve_compensation()
        self.assertEqual(case.approved_by_id, self.manager2)
        self.assertEqual(case.approval_state, "approved")

    def test_context_keys_do_not_close_a_case(self):
        case = self._case()
        for key in ("cx_recovery_resurvey", "cx_recovery_force_close"):
            attacker = case.with_user(self.advisor).with_context(**{key: True})
            for stage in ("recovered", "not_recovered"):
                with self.assertRaisesRegex(UserError, "required step"):
                    attacker.write({"stage": stage})
        self.assertEqual(case.stage, "new")
        kpis = (
            self.env["cx.recovery.report"]
            .with_user(self.manager)
            ._cx_kpis([("case_id", "=", case.id)])
        )
        self.assertEqual(kpis["recovered"], 0)

    def test_closed_case_cannot_be_reopened(self):
        case = self._case()
        wizard = (
            self.env["cx.recovery.close.wizard"]
            .with_user(self.advisor)
            .create(
                {
                    "case_id": case.id,
                    "outcome": "not_recovered",
                    "reason": "Customer refuses contact",
                }
            )
        )
        wizard.action_close()
        self.assertEqual(case.stage, "not_recovered")
        for user in (self.advisor, self.manager):
            with self.assertRaisesRegex(UserError, "cannot be reopened"):
                case.with_user(user).write({"stage": "contacted"})
        self.assertEqual(case.stage, "not_recovered")

    def test_start_recovery_needs_cx_group(self):
        fleet_user = new_test_user(
            self.env, "rec_fleet_only", groups="fleet.fleet_group_user"
        )
        with self.assertRaisesRegex(AccessError, "Only customer-experience"):
            self.service.with_user(fleet_user).action_cx_start_recovery()
        portal = new_test_user(self.env, "rec_portal_guard", groups="base.group_portal")
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "Noise after repair",
                "description": "<p>noise</p>",
                "partner_id": portal.partner_id.id,
            }
        )
        with self.assertRaisesRegex(AccessError, "Only customer-experience"):
            ticket.with_user(portal).action_cx_start_recovery()
        with self.assertRaisesRegex(AccessError, "Only customer-experience"):
            portal.partner_id.with_user(portal).action_cx_start_recovery()
        self.assertFalse(
            self.env["cx.recovery.case"].search(
                [("partner_id", "=", portal.partner_id.id)]
            )
        )
        # an advisor still starts it
        action = self.service.with_user(self.advisor).action_cx_start_recovery()
        self.assertEqual(action["res_model"], "cx.recovery.case")

    def test_sla_inputs_written_by_their_actions_only(self):
        """12.4: deadlines, done dates and first-contact times are not editable."""
        case = self._case()
        line = self._line(case, "first_contact")
        attacks = (
            {"deadline": "2030-01-01 00:00:00"},
            {"done": True},
            {"date_done": "2026-03-02 18:30:00"},
            {"late_notified": True},
        )
        for user in (self.advisor, self.manager):
            for vals in attacks:
                with self.assertRaisesRegex(UserError, "Done button only"):
                    line.with_user(user).write(vals)
            for vals in (
                {"date_first_contact": "2026-03-02 18:30:00"},
                {"date_start": "2026-03-03 18:00:00"},
            ):
                with self.assertRaisesRegex(UserError, "never by hand"):
                    case.with_user(user).write(vals)
        with self.assertRaisesRegex(UserError, "Done button only"):
            self.env["cx.recovery.case.step"].with_user(self.manager).create(
                {
                    "case_id": case.id,
                    "name": "Fake call",
                    "deadline": "2030-01-01 00:00:00",
                    "done": True,
                }
            )
        self.assertFalse(line.done)
        self.assertFalse(case.date_first_contact)
        # the responsible may be changed; Done records the real time
        line.with_user(self.manager).write({"user_id": self.advisor.id})
        with freeze_time(self.start.replace(hour=20)):
            line.with_user(self.advisor).action_done()
        self.assertTrue(line.done)
        self.assertEqual(case.date_first_contact, self.start.replace(hour=20))

    def test_case_owner_never_the_customer_or_a_bot(self):
        """12.6: playbook owner, company's recovery manager, advisor's team leader."""
        portal = new_test_user(self.env, "rec_portal_owner", groups="base.group_portal")
        public = self.env.ref("base.public_user")
        Case = self.env["cx.recovery.case"]

        def start(user):
            return (
                Case.with_user(user)
                .sudo()
                ._cx_start_cases(
                    [
                        {
                            "partner_id": self.customer.id,
                            "origin_type": "manual",
                            "advisor_id": self.advisor.id,
                        }
                    ]
                )
            )

        for user in (portal, public, self.env.ref("base.user_root")):
            case = start(user)
            self.assertEqual(case.owner_id, self.manager, user.login)
            case.sudo().unlink()
        # the playbook's owner first
        self.detractor_playbook.owner_id = self.manager2
        case = start(portal)
        self.assertEqual(case.owner_id, self.manager2)
        case.sudo().unlink()
        # no playbook owner, no recovery manager: the leader of the advisor's team
        self.detractor_playbook.owner_id = False
        self.company.cx_recovery_manager_id = False
        self.env["cx.advisor.team"].create(
            {
                "name": "Team Li",
                "leader_id": self.manager2.id,
                "member_ids": [(4, self.advisor.id)],
            }
        )
        case = start(portal)
        self.assertEqual(case.owner_id, self.manager2)
        # a portal user cannot be made owner, nor the recovery manager
        with self.assertRaisesRegex(ValidationError, "cannot own"):
            case.owner_id = portal
        with self.assertRaisesRegex(ValidationError, "Recovery service manager"):
            self.company.cx_recovery_manager_id = portal

    def test_company_gets_a_recovery_manager_by_default(self):
        company = self.env["res.company"].create({"name": "Second dealer"})
        self.assertTrue(company.cx_recovery_manager_id)
        self.assertFalse(company.cx_recovery_manager_id.share)


@tagged("post_install", "-at_install")
class TestRecoveryLocks(RecoveryCase):
    """Trust 9: what a manager approved and what a closed case counted stays put."""

    def test_approved_compensation_and_choice_are_locked(self):
        with freeze_time(self.start):
            case = self._response(3).cx_recovery_case_ids
            other = self._response(
                2, partner=self.env["res.partner"].create({"name": "Wu"})
            ).cx_recovery_case_ids
        Option = self.env["cx.recovery.option"].with_user(self.advisor)
        Compensation = self.env["cx.recovery.compensation"].with_user(self.advisor)
        options = Option.create(
            [{"case_id": case.id, "name": n} for n in ("Loaner", "Pick-up", "Wash")]
        )
        options[0].action_choose()
        line = Compensation.create(
            {"case_id": case.id, "compensation_type": "voucher", "cost": 5000.0}
        )
        case.with_user(self.manager2).action_approve_compensation()
        self.assertEqual(case.approval_state, "approved")
        # nobody but the system changes what was approved, not even its approver
        for user in (self.advisor, self.manager2):
            with self.assertRaisesRegex(UserError, "reset the approval"):
                line.with_user(user).write({"compensation_type": "refund"})
            with self.assertRaisesRegex(UserError, "reset the approval"):
                line.with_user(user).unlink()
            with self.assertRaisesRegex(UserError, "reset the approval"):
                Compensation.with_user(user).create({"case_id": case.id, "cost": 1})
            with self.assertRaisesRegex(UserError, "reset the approval"):
                options[1].with_user(user).action_choose()
            with self.assertRaisesRegex(UserError, "reset the approval"):
                options[0].with_user(user).name = "Two loaners"
        # nor moves a line or an option to another case
        with self.assertRaisesRegex(UserError, "cannot be moved"):
            options[2].with_user(self.advisor).case_id = other
        with self.assertRaisesRegex(UserError, "cannot be moved"):
            line.with_user(self.manager).case_id = other
        # an advisor cannot reset; a manager can, and the case needs approval again
        with self.assertRaisesRegex(AccessError, "Only a CX manager"):
            case.with_user(self.advisor).action_reset_compensation_approval()
        case.with_user(self.manager).action_reset_compensation_approval()
        self.assertFalse(case.approved_by_id)
        self.assertIn("approval reset", case.message_ids[0].body)
        line.with_user(self.advisor).cost = 4000.0
        self.assertEqual(case.approval_state, "to_approve")
        options[1].with_user(self.advisor).action_choose()
        self.assertEqual(case.chosen_option_id, options[1])
        self.assertEqual(line.case_id, case)
        self.assertEqual(options[2].case_id, case)

    def test_closed_case_is_locked(self):
        with freeze_time(self.start):
            case = self._response(3).cx_recovery_case_ids
        option = self.env["cx.recovery.option"].create(
            {"case_id": case.id, "name": "Loaner"}
        )
        line = self.env["cx.recovery.compensation"].create(
            {"case_id": case.id, "cost": 200.0}
        )
        self.env["cx.recovery.close.wizard"].with_user(self.manager).create(
            {"case_id": case.id, "outcome": "not_recovered", "reason": "No answer"}
        ).action_close()
        for user in (self.advisor, self.manager):
            with self.assertRaisesRegex(UserError, "is closed"):
                line.with_user(user).cost = 100.0
            with self.assertRaisesRegex(UserError, "is closed"):
                self.env["cx.recovery.compensation"].with_user(user).create(
                    {"case_id": case.id, "cost": 1.0}
                )
            with self.assertRaisesRegex(UserError, "is closed"):
                option.with_user(user).name = "Other"
            with self.assertRaisesRegex(UserError, "is closed"):
                self.env["cx.recovery.option"].with_user(user).create(
                    {"case_id": case.id, "name": "Late idea"}
                )
            with self.assertRaisesRegex(UserError, "closed"):
                option.with_user(user).action_choose()
        self.assertEqual(line.cost, 200.0)

    def test_sql_checks(self):
        with freeze_time(self.start):
            case = self._response(3).cx_recovery_case_ids
        line = self.env["cx.recovery.compensation"].create(
            {"case_id": case.id, "cost": 200.0}
        )
        self.env.flush_all()
        statements = [
            ("UPDATE cx_recovery_compensation SET cost = -1 WHERE id = %s", line.id),
            ("UPDATE cx_recovery_compensation SET quantity = 0 WHERE id = %s", line.id),
            (
                "UPDATE res_company SET cx_recovery_advisor_limit = -5 WHERE id = %s",
                case.company_id.id,
            ),
            (
                "UPDATE res_company SET cx_recovery_ref_promoter_pct = 150"
                " WHERE id = %s",
                case.company_id.id,
            ),
            (
                "UPDATE res_company SET cx_contact_budget = -1 WHERE id = %s",
                case.company_id.id,
            ),
        ]
        for statement, record_id in statements:
            with (
                self.subTest(statement=statement),
                mute_logger("odoo.sql_db"),
                self.assertRaises(psycopg2.errors.CheckViolation),
                self.env.cr.savepoint(),
            ):
                self.env.cr.execute(statement, [record_id])
