import re
from datetime import timedelta

import psycopg2
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import RecoveryCase


@tagged("post_install", "-at_install")
class TestRecoveryCase(RecoveryCase):
    def test_detractor_opens_case_with_six_steps(self):
        response = self._response(3)
        case = response.cx_recovery_case_ids
        self.assertEqual(len(case), 1)
        self.assertEqual(case.playbook_id, self.detractor_playbook)
        self.assertEqual(case.origin_type, "detractor")
        self.assertEqual(case.stage, "new")
        self.assertEqual(case.date_start, self.start)
        self.assertEqual(case.vehicle_id, self.vehicle)
        self.assertEqual(case.owner_id, self.manager)  # seed 001: the manager calls
        self.assertEqual(case.main_root_cause_id.nps_root_cause, "repair_quality")
        self.assertIn("rude", case.customer_words)
        # the six steps of seed 001, step 6 as three follow-ups with their deadlines
        kinds = case.step_line_ids.mapped("kind")
        self.assertEqual(
            kinds,
            [
                "first_contact",
                "listen",
                "apology",
                "options",
                "execute",
                "follow_up",
                "follow_up",
                "follow_up",
            ],
        )
        call = self._line(case, "first_contact")
        sla = timedelta(hours=self.company.cx_nps_detractor_hours)
        self.assertEqual(call.deadline, self.start + sla)
        self.assertEqual(call.channel_id.code, "phone")
        self.assertEqual(call.user_id, self.manager)
        # one activity per step for the responsible user, due on the step's day
        activities = case.activity_ids
        self.assertEqual(len(activities), 8)
        self.assertEqual(call.activity_id.user_id, self.manager)
        self.assertEqual(
            call.activity_id.activity_type_id,
            self.env.ref("mail.mail_activity_data_call"),
        )
        self.assertEqual(call.activity_id.date_deadline, call.deadline.date())
        follow_ups = case.step_line_ids.filtered(lambda s: s.kind == "follow_up")
        self.assertEqual(follow_ups.activity_id.user_id, self.advisor)

    def test_passive_and_promoter_open_no_case(self):
        self.assertFalse(self._response(7).cx_recovery_case_ids)
        self.assertFalse(self._response(10).cx_recovery_case_ids)

    def test_no_duplicate_case(self):
        response = self._response(2)
        case = response.cx_recovery_case_ids
        Case = self.env["cx.recovery.case"]
        self.assertEqual(Case._cx_start_from_nps(response), case)
        with self.assertRaisesRegex(ValidationError, "already has the open recovery"):
            Case.create(
                {
                    "partner_id": self.customer.id,
                    "origin_type": "detractor",
                    "nps_response_id": response.id,
                }
            )
        # the manual case of the customer: started twice, still one
        first = Case._cx_start_cases(
            [{"partner_id": self.customer.id, "origin_type": "manual"}]
        )
        again = Case._cx_start_cases(
            [{"partner_id": self.customer.id, "origin_type": "manual"}] * 2
        )
        self.assertEqual(first, again)

    def test_manual_case_from_customer(self):
        action = self.customer.with_user(self.advisor).action_cx_start_recovery()
        case = self.env["cx.recovery.case"].browse(action["res_id"])
        self.assertEqual(case.origin_type, "manual")
        self.assertEqual(case.playbook_id, self.detractor_playbook)
        self.assertEqual(
            self.customer.with_user(self.advisor).cx_recovery_case_count, 1
        )

    def test_manual_case_in_the_form(self):
        form = Form(self.env["cx.recovery.case"].with_user(self.advisor))
        form.partner_id = self.customer
        form.vehicle_id = self.vehicle
        case = form.save()
        self.assertEqual(case.playbook_id, self.detractor_playbook)
        self.assertEqual(case.owner_id, self.advisor)
        self.assertEqual(len(case.step_line_ids), 8)
        self.assertTrue(case.name.startswith("REC/"))

    def test_falling_trend_escalates(self):
        self._response(9, date=self.start - timedelta(days=60))
        case = self._response(4).cx_recovery_case_ids
        self.assertTrue(case.escalated)
        self.assertEqual(case.priority, "1")
        self.assertEqual(case.owner_id, self.manager)
        self.assertEqual(
            self._line(case, "first_contact").deadline, self.start + timedelta(hours=4)
        )
        self.assertEqual(
            self.customer._cx_recovery_trend(), {self.customer.id: "falling"}
        )

    def test_falling_journey_emotion_escalates(self):
        """A customer whose last visit felt worse than the one before is escalated."""
        stage = self.env.ref("cx_experience.cx_touchpoint_stage_delivery")
        for days, emotion in ((90, 4), (10, -3)):
            self.env["cx.journey"].create(
                {
                    "partner_id": self.customer.id,
                    "date_start": self.start - timedelta(days=days),
                    "touchpoint_ids": [
                        (
                            0,
                            0,
                            {
                                "stage_id": stage.id,
                                "emotion": emotion,
                                "date": self.start - timedelta(days=days),
                            },
                        )
                    ],
                }
            )
        self.assertEqual(
            self.customer._cx_recovery_trend(), {self.customer.id: "falling"}
        )
        case = self._response(5).cx_recovery_case_ids
        self.assertTrue(case.escalated)

    def test_stage_jump_and_options_rules(self):
        case = self._response(3).cx_recovery_case_ids.with_user(self.advisor)
        with self.assertRaisesRegex(UserError, "required step"):
            case.stage = "solution_agreed"
        self._line(case, "first_contact").with_user(self.manager).action_done()
        self.assertEqual(case.stage, "contacted")
        self.assertEqual(
            case.date_first_contact.date(), case.step_line_ids[0].date_done.date()
        )
        with self.assertRaisesRegex(UserError, "root cause"):
            case.root_cause_tag_ids = False
            self._line(case, "listen").action_done()
        case.root_cause_tag_ids = self.tag_attitude
        self._line(case, "listen").action_done()
        self._line(case, "apology").action_done()
        Option = self.env["cx.recovery.option"].with_user(self.advisor)
        options = Option.create(
            [{"case_id": case.id, "name": n} for n in ("Loaner car", "Discount")]
        )
        options[0].action_choose()
        with self.assertRaisesRegex(UserError, "at least 3 options"):
            self._line(case, "options").action_done()
        options |= Option.create({"case_id": case.id, "name": "Pick-up and return"})
        # the customer chooses exactly one option: choosing another replaces it
        options[2].action_choose()
        self.assertEqual(case.chosen_option_id, options[2])
        self.assertEqual(options.filtered("is_chosen"), options[2])
        other = self._response(
            2, partner=self.env["res.partner"].create({"name": "Wu"})
        )
        foreign = Option.create(
            {"case_id": other.cx_recovery_case_ids.id, "name": "Voucher"}
        )
        with self.assertRaisesRegex(ValidationError, "is not an option of"):
            case.chosen_option_id = foreign
        self._line(case, "options").action_done()
        self.assertEqual(case.stage, "solution_agreed")
        with self.assertRaisesRegex(UserError, "required step"):
            case.stage = "recovered"

    def test_compensation_approval(self):
        case = self._response(3).cx_recovery_case_ids
        Compensation = self.env["cx.recovery.compensation"].with_user(self.advisor)
        # the database refuses it; RPC clients read the constraint's message
        with (
            self.assertRaises(psycopg2.errors.CheckViolation) as caught,
            mute_logger("odoo.sql_db"),
            self.env.cr.savepoint(),
        ):
            Compensation.create({"case_id": case.id, "cost": -10})
        self.assertIn(
            "Cost: a compensation cost cannot be negative",
            Compensation._sql_error_to_message(caught.exception),
        )
        with (
            self.assertRaisesRegex(ValidationError, "sanity cap"),
            self.env.cr.savepoint(),
        ):
            Compensation.create({"case_id": case.id, "cost": 50000})
        with (
            self.assertRaisesRegex(ValidationError, "100 %"),
            self.env.cr.savepoint(),
        ):
            Compensation.create(
                {
                    "case_id": case.id,
                    "compensation_type": "discount",
                    "quantity": 120,
                    "cost": 1,
                }
            )
        self.assertFalse(
            self.env["cx.recovery.compensation"].search([("case_id", "=", case.id)])
        )
        # a manager owning the case adds an over-limit compensation
        case.owner_id = self.manager
        Compensation.with_user(self.manager).create(
            {"case_id": case.id, "compensation_type": "voucher", "cost": 800}
        )
        Compensation.create(
            {
                "case_id": case.id,
                "compensation_type": "free_wash",
                "quantity": 3,
                "cost": 450,
            }
        )
        self.assertEqual(case.compensation_total, 1250)
        self.assertEqual(case.approval_state, "to_approve")
        with self.assertRaisesRegex(UserError, "Only a CX manager"):
            case.with_user(self.advisor).action_approve_compensation()
        with self.assertRaisesRegex(UserError, "your own over-limit"):
            case.with_user(self.manager).action_approve_compensation()
        self.assertFalse(case.approved_by_id)
        with self.assertRaisesRegex(UserError, "Approve button"):
            case.with_user(self.advisor).approved_by_id = self.advisor
        case.with_user(self.manager2).action_approve_compensation()
        self.assertEqual(case.approval_state, "approved")
        self.assertEqual(case.approved_by_id, self.manager2)
        self.assertTrue(case.approved_date)
        self.assertIn("approved by", case.message_ids[0].body)
        # the approved compensation is locked; a manager resets the approval to
        # raise it, and the raised compensation needs a new approval
        with self.assertRaisesRegex(UserError, "reset the approval"):
            Compensation.create({"case_id": case.id, "cost": 100})
        case.with_user(self.manager).action_reset_compensation_approval()
        Compensation.create({"case_id": case.id, "cost": 100})
        self.assertEqual(case.approval_state, "to_approve")

    def test_execution_needs_approval(self):
        case = self._response(3).cx_recovery_case_ids
        with self.assertRaisesRegex(UserError, "must approve it before execution"):
            self._walk_to_follow_up(case, cost=1500)
        self.assertEqual(case.stage, "solution_agreed")
        case.with_user(self.manager2).action_approve_compensation()
        case.with_user(self.advisor).action_start_execution()
        self.assertEqual(case.stage, "executing")

    def test_follow_up_deadlines_and_sla(self):
        with freeze_time(self.start):
            case = self._response(3).cx_recovery_case_ids
        follow_ups = case.step_line_ids.filtered(lambda s: s.kind == "follow_up")
        self.assertEqual(
            follow_ups.mapped("deadline"),
            [self.start + timedelta(days=d) for d in (3, 7, 30)],
        )
        self.assertEqual(
            follow_ups.activity_id.mapped("date_deadline"),
            [(self.start + timedelta(days=d)).date() for d in (3, 7, 30)],
        )
        with freeze_time(self.start + timedelta(hours=2)):
            self._walk_to_follow_up(case)
        self.assertEqual(case.stage, "follow_up")
        self.assertEqual(case.first_contact_hours, 2.0)
        with freeze_time(self.start + timedelta(days=3)):
            follow_ups[0].with_user(self.advisor).action_done()
            self.assertEqual(follow_ups[0].sla_state, "on_time")
        with freeze_time(self.start + timedelta(days=8)):
            follow_ups[1].invalidate_recordset(["sla_state"])
            self.assertEqual(follow_ups[1].sla_state, "late")
            follow_ups[1].with_user(self.advisor).action_done()
            self.assertEqual(follow_ups[1].sla_state, "late")
            self.assertFalse(follow_ups[1].sla_met)
        self.assertFalse(case.resurvey_input_id)
        self.assertEqual(case.steps_done_count, 7)
        self.assertEqual(case.steps_on_time_count, 6)

    def test_late_steps_warned_once(self):
        with freeze_time(self.start):
            case = self._response(3).cx_recovery_case_ids
        Step = self.env["cx.recovery.case.step"]
        with freeze_time(self.start + timedelta(hours=25)):
            late = Step._cx_warn_late_steps()
            self.assertEqual(
                late.mapped("kind"), ["first_contact", "listen", "apology"]
            )
            self.assertEqual(case.priority, "1")
            self.assertIn("Late step(s)", case.message_ids[0].body)
            self.assertFalse(Step._cx_warn_late_steps())

    def _walk_to_resurvey(self):
        case = self._response(3).cx_recovery_case_ids
        self._walk_to_follow_up(case)
        for line in case.step_line_ids.filtered(lambda s: s.kind == "follow_up"):
            line.with_user(self.advisor).action_done()
        return case

    def test_resurvey_recovered(self):
        # a budget of one contact already used: the re-survey bypasses the fatigue window
        self.company.cx_contact_budget = 1
        self.env["cx.contact.log"]._log(self.customer, "survey")
        case = self._walk_to_resurvey()
        user_input = case.resurvey_input_id
        self.assertTrue(user_input)
        self.assertEqual(user_input.cx_recovery_case_id, case)
        self.assertEqual(user_input.survey_id, self.company.cx_nps_survey_id)
        mail = self.env["mail.mail"].search(
            [
                ("recipient_ids", "in", self.customer.ids),
                ("body_html", "like", user_input.access_token),
            ]
        )
        self.assertEqual(len(mail), 1)
        # 12.4: the live link is in no message staff can read, nor in a field
        self.assertFalse(mail.model)
        self.assertEqual(mail.author_id, self.company.partner_id)
        for user in (self.advisor, self.manager):
            bodies = " ".join(
                str(m.body) for m in self.env["mail.message"].with_user(user).search([])
            )
            self.assertNotIn(user_input.access_token, bodies, user.login)
            with self.assertRaises(AccessError):
                case.with_user(user).read(["resurvey_url"])
        self.assertIn("Re-survey sent", case.message_ids[0].body)
        # the compensation cost (300) never reaches the customer (links aside: their
        # port or token may contain the digits)
        self.assertNotIn("300", re.sub(r"https?://[^\s\"']+", "", mail.body_html))
        log = self.env["cx.contact.log"].search(
            [("partner_id", "=", self.customer.id), ("kind", "=", "recovery")]
        )
        self.assertEqual(log.res_id, case.id)
        self._answer(user_input, 8)
        self.assertEqual(case.stage, "recovered")
        self.assertEqual(case.resurvey_category, "passive")
        self.assertTrue(case.date_closed)
        # the re-survey answer opened no new case
        self.assertEqual(
            self.env["cx.recovery.case"].search_count(
                [("partner_id", "=", self.customer.id)]
            ),
            1,
        )

    def test_resurvey_link_expires_and_is_answered_once(self):
        """The re-survey link expires (setting, 14 days) and a retry of it is no
        second outcome and opens no case (12.1)."""
        self.assertEqual(self.company.cx_recovery_resurvey_expiry_days, 14)
        self.company.cx_recovery_resurvey_expiry_days = 10
        case = self._walk_to_resurvey()
        user_input = case.resurvey_input_id
        self.assertAlmostEqual(
            user_input.deadline,
            case.resurvey_date + timedelta(days=10),
            delta=timedelta(minutes=1),
        )
        self.assertTrue(user_input._cx_issued_by_us())
        self._answer(user_input, 8)
        self.assertEqual(case.stage, "recovered")
        # what survey's retry route would create: same customer and invite token,
        # without our marks
        retry = self.survey._create_answer(
            partner=self.customer,
            check_attempts=False,
            invite_token=user_input.invite_token,
        )
        self.assertFalse(retry._cx_issued_by_us())
        self._answer(retry, 0)
        self.assertFalse(retry.cx_nps_response_ids)
        self.assertEqual(case.resurvey_category, "passive")
        self.assertEqual(
            self.env["cx.recovery.case"].search_count(
                [("partner_id", "=", self.customer.id)]
            ),
            1,
        )
        with self.assertRaisesRegex(ValidationError, "Re-survey link expires"):
            self.company.cx_recovery_resurvey_expiry_days = 0

    def test_resurvey_never_silently_dropped(self):
        """A blacklisted address gets no re-survey: the case says why, the contact
        log keeps the skip (One home 2)."""
        self.env["mail.blacklist"].create({"email": self.customer.email})
        case = self._walk_to_resurvey()
        self.assertFalse(case.resurvey_input_id)
        self.assertTrue(
            case.message_ids.filtered(
                lambda m: "Re-survey not sent" in (m.body or "")
                and "blacklisted" in m.body
            )
        )
        log = self.env["cx.contact.log"].search(
            [("res_model", "=", "cx.recovery.case"), ("res_id", "=", case.id)]
        )
        self.assertEqual(log.state, "skipped")
        self.assertIn("blacklisted", log.reason)

    def test_resurvey_not_recovered(self):
        case = self._walk_to_resurvey()
        self._answer(case.resurvey_input_id, 5)
        self.assertEqual(case.stage, "not_recovered")
        self.assertEqual(
            self.env["cx.recovery.case"].search_count(
                [("partner_id", "=", self.customer.id)]
            ),
            1,
        )

    def test_close_without_resurvey_needs_reason(self):
        case = self._response(3).cx_recovery_case_ids
        action = case.with_user(self.advisor).action_close()
        wizard_form = Form(
            self.env[action["res_model"]]
            .with_user(self.advisor)
            .with_context(**action["context"])
        )
        wizard_form.outcome = "recovered"
        wizard_form.reason = "Customer confirmed by phone"
        wizard = wizard_form.save()
        with self.assertRaisesRegex(UserError, "required step"):
            wizard.action_close()
        wizard.outcome = "not_recovered"
        wizard.reason = " "
        with self.assertRaisesRegex(UserError, "Reason"):
            wizard.action_close()
        wizard.reason = "Customer moved away and refuses contact"
        wizard.action_close()
        self.assertEqual(case.stage, "not_recovered")
        self.assertEqual(case.close_reason, "Customer moved away and refuses contact")
        self.assertFalse(case.activity_ids)
        # a new detractor answer after closing opens a new case again
        self.assertTrue(self._response(2).cx_recovery_case_ids)

    def test_multi_company_and_access(self):
        case = self._response(3).cx_recovery_case_ids
        other_company = self.env["res.company"].create({"name": "Other dealer"})
        outsider = self.env["res.users"].create(
            {
                "name": "Outsider",
                "login": "rec_outsider",
                "company_id": other_company.id,
                "company_ids": [(6, 0, other_company.ids)],
                "group_ids": [
                    (6, 0, self.env.ref("cx_experience.group_cx_advisor").ids)
                ],
            }
        )
        self.assertFalse(
            self.env["cx.recovery.case"]
            .with_user(outsider)
            .search([("id", "=", case.id)])
        )
        portal = self.env["res.users"].create(
            {
                "name": "Portal",
                "login": "rec_portal",
                "group_ids": [(6, 0, self.env.ref("base.group_portal").ids)],
            }
        )
        with self.assertRaises(AccessError):
            case.with_user(portal).read(["name"])
        with self.assertRaises(AccessError):
            case.with_user(self.advisor).unlink()
