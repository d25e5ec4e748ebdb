from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import RecoveryCase


@tagged("post_install", "-at_install")
class TestResurveyAfterFollowUps(RecoveryCase):
    """Seed 001's six steps run in full: the calls of day 3, 7 and 30 come before the
    re-survey, and the case closes when both are done."""

    def _case_at_follow_up(self):
        with freeze_time(self.start):
            case = self._response(3).cx_recovery_case_ids
        with freeze_time(self.start + timedelta(hours=2)):
            self._walk_to_follow_up(case)
        self.assertEqual(case.stage, "follow_up")
        return case

    def _follow_ups(self, case):
        return case.step_line_ids.filtered(lambda s: s.kind == "follow_up")

    def test_resurvey_refused_before_last_follow_up(self):
        case = self._case_at_follow_up()
        day3, day7, day30 = self._follow_ups(case)
        with freeze_time(self.start + timedelta(days=3)):
            day3.with_user(self.advisor).action_done()
        self.assertTrue(case.follow_up_pending)
        with self.assertRaisesRegex(UserError, "Care call on day 30"):
            case.with_user(self.manager).action_send_resurvey()
        self.assertFalse(case.resurvey_input_id)
        with freeze_time(self.start + timedelta(days=7)):
            day7.with_user(self.advisor).action_done()
        self.assertFalse(case.resurvey_input_id)
        with freeze_time(self.start + timedelta(days=30)):
            day30.with_user(self.advisor).action_done()
        self.assertFalse(case.follow_up_pending)
        # after the day-30 care call, the re-survey goes out by itself
        self.assertTrue(case.resurvey_input_id)
        self.assertEqual(case.stage, "follow_up")
        self._answer(case.resurvey_input_id, 9)
        self.assertEqual(case.stage, "recovered")

    def test_early_answer_keeps_pending_follow_ups(self):
        """A re-survey sent before this rule (or by hand under sudo) and answered early
        records the outcome; the case closes after the day-30 call."""
        case = self._case_at_follow_up()
        day3, day7, day30 = self._follow_ups(case)
        user_input = self.survey.sudo()._create_answer(
            partner=self.customer, check_attempts=False, cx_recovery_case_id=case.id
        )
        case.sudo().write(
            {"resurvey_input_id": user_input.id, "resurvey_date": fields.Datetime.now()}
        )
        self._answer(user_input, 8)
        self.assertEqual(case.stage, "follow_up")
        self.assertEqual(case.resurvey_category, "passive")
        pending = (day3 | day7 | day30).activity_id
        self.assertEqual(len(pending), 3)
        self.assertTrue(all(a.exists() for a in pending))
        for day, line in ((3, day3), (7, day7)):
            with freeze_time(self.start + timedelta(days=day)):
                line.with_user(self.advisor).action_done()
            self.assertEqual(case.stage, "follow_up")
        with freeze_time(self.start + timedelta(days=30)):
            day30.with_user(self.advisor).action_done()
        self.assertEqual(case.stage, "recovered")
        # no second re-survey
        self.assertEqual(case.resurvey_input_id, user_input)
