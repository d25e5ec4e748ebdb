from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import RecoveryCase


@tagged("post_install", "-at_install")
class TestOneFirstCall(RecoveryCase):
    """A detractor with a recovery case has one first-call duty, owned by the service
    manager; doing it (or closing the case) closes the NPS follow-up by its real time."""

    def setUp(self):
        super().setUp()
        # the demo's state: no NPS service manager set, and an earlier CX manager by id
        self.company.cx_nps_service_manager_id = False
        self.detractor_call = self.env.ref(
            "cx_experience_nps.mail_activity_type_cx_nps_detractor_call"
        )

    def _detractor(self):
        with freeze_time(self.start):
            response = self._response(3)
        case = response.cx_recovery_case_ids
        self.assertEqual(len(case), 1)
        return response, case

    def _first_call_duties(self, response, case):
        """Open first calls: the response's own, the case's first call."""
        follow_ups = self.env["cx.nps.response"]._cx_follow_up_activity_types()
        return response.activity_ids.filtered(
            lambda a: a.activity_type_id in follow_ups
        ) | case.activity_ids.filtered(
            lambda a: a == self._line(case, "first_contact").activity_id
        )

    def test_one_duty_one_owner(self):
        response, case = self._detractor()
        first_call = self._line(case, "first_contact")
        duties = self._first_call_duties(response, case)
        self.assertEqual(len(duties), 1, duties.mapped("summary"))
        self.assertEqual(duties.user_id, self.manager)
        self.assertEqual(first_call.user_id, self.manager)
        self.assertEqual(response.follow_up_user_id, self.manager)
        self.assertEqual(response.follow_up_deadline, first_call.deadline)
        sla = timedelta(hours=self.company.cx_nps_detractor_hours)
        self.assertEqual(response.follow_up_deadline, self.start + sla)
        # escalations of the NPS follow-up go to the same service manager
        self.assertEqual(self.company._cx_nps_service_manager(), self.manager)

    def test_detractor_sla_is_one_setting(self):
        """The detractor SLA of the settings moves the NPS follow-up, the playbook's
        first call and the report's reference together (One home 3)."""
        settings = Form(self.env["res.config.settings"])
        settings.cx_nps_detractor_hours = 12
        settings.save().execute()
        response, case = self._detractor()
        first_call = self._line(case, "first_contact")
        self.assertEqual(first_call.deadline, self.start + timedelta(hours=12))
        self.assertEqual(response.follow_up_deadline, first_call.deadline)
        kpis = self.env["cx.recovery.report"]._cx_kpis([("id", "=", case.id)])
        self.assertEqual(kpis["ref_first_contact_hours"], 12)
        # the playbook's first call names no hours of its own
        step = self.detractor_playbook.step_ids.filtered(
            lambda s: s.kind == "first_contact"
        )
        self.assertEqual(step.offset_hours, 0)
        self.assertNotRegex(step.with_context(lang="en_US").name, r"\d")

    def test_call_done_closes_follow_up_on_time(self):
        response, case = self._detractor()
        call_time = self.start + timedelta(hours=5)
        with freeze_time(call_time):
            self._line(case, "first_contact").with_user(self.manager).action_done()
        self.env.invalidate_all()
        self.assertEqual(response.follow_up_done_date, call_time)
        self.assertFalse(response.follow_up_overdue)
        self.assertFalse(self._first_call_duties(response, case))
        with freeze_time(self.start + timedelta(hours=30)):
            self.assertFalse(self.env["cx.nps.response"]._cron_escalate_follow_ups())
        self.assertFalse(response.follow_up_escalated)

    def test_late_call_counts_late(self):
        response, case = self._detractor()
        with freeze_time(self.start + timedelta(hours=25)):
            escalated = self.env["cx.nps.response"]._cron_escalate_follow_ups()
        self.assertEqual(escalated, response)
        call_time = self.start + timedelta(hours=30)
        with freeze_time(call_time):
            self._line(case, "first_contact").with_user(self.manager).action_done()
        self.assertEqual(response.follow_up_done_date, call_time)
        self.assertTrue(response.follow_up_overdue)

    def test_response_button_does_the_case_call(self):
        """The NPS "Followed up" button on a detractor with a case is the case's call."""
        response, case = self._detractor()
        call_time = self.start + timedelta(hours=2)
        with freeze_time(call_time):
            response.with_user(self.manager).action_cx_follow_up_done()
        line = self._line(case, "first_contact")
        self.assertTrue(line.done)
        self.assertEqual(line.date_done, call_time)
        self.assertEqual(case.date_first_contact, call_time)
        self.assertEqual(response.follow_up_done_date, call_time)
        self.assertEqual(case.stage, "contacted")

    def test_closing_case_closes_follow_up(self):
        response, case = self._detractor()
        close_time = datetime(2026, 3, 3, 12, 0)
        with freeze_time(close_time):
            wizard = (
                self.env["cx.recovery.close.wizard"]
                .with_user(self.manager)
                .create(
                    {
                        "case_id": case.id,
                        "outcome": "not_recovered",
                        "reason": "The customer sold the car and does not answer.",
                    }
                )
            )
            wizard.action_close()
        self.assertEqual(response.follow_up_done_date, close_time)
        self.assertFalse(response.follow_up_overdue)
        self.assertFalse(self._first_call_duties(response, case))
        with freeze_time(self.start + timedelta(days=3)):
            self.assertFalse(self.env["cx.nps.response"]._cron_escalate_follow_ups())

    def test_passive_keeps_its_follow_up(self):
        with freeze_time(self.start):
            response = self._response(7)
        self.assertFalse(response.cx_recovery_case_ids)
        self.assertEqual(len(response.activity_ids), 1)
        self.assertEqual(response.follow_up_user_id, self.advisor)

    def test_service_manager_setting_owns_the_call(self):
        self.company.cx_nps_service_manager_id = self.manager2
        response, case = self._detractor()
        self.assertEqual(self._line(case, "first_contact").user_id, self.manager2)
        self.assertEqual(response.follow_up_user_id, self.manager2)
        self.assertEqual(response._cx_follow_up_activities().user_id, self.manager2)

    def test_mark_done_on_the_activity_is_the_step(self):
        """The chatter's "Mark Done" on a step's activity does the step, rules included."""
        response, case = self._detractor()
        day3 = self._line(case, "follow_up")
        with self.assertRaisesRegex(UserError, "finish .* first"):
            day3.activity_id.with_user(self.manager).action_feedback("Called")
        call_time = self.start + timedelta(hours=3)
        with freeze_time(call_time):
            self._line(case, "first_contact").activity_id.with_user(
                self.manager
            ).action_feedback("Called, booked a meeting")
        line = self._line(case, "first_contact")
        self.assertTrue(line.done)
        self.assertEqual(line.done_by_id, self.manager)
        self.assertEqual(case.stage, "contacted")
        self.assertEqual(response.follow_up_done_date, call_time)
