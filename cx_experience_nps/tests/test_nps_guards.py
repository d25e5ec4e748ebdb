from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestNpsGuards(TransactionCase):
    """12.5: a survey officer cannot turn a survey into an NPS survey over RPC."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.officer = new_test_user(
            cls.env, "nps_survey_officer", groups="survey.group_survey_manager"
        )
        cls.cx_manager = new_test_user(
            cls.env,
            "nps_cx_manager",
            groups="cx_experience.group_cx_manager,survey.group_survey_manager",
        )
        cls.survey = cls.env["survey.survey"].create({"title": "Coffee corner"})
        cls.question = cls.env["survey.question"].create(
            {
                "survey_id": cls.survey.id,
                "title": "How likely?",
                "question_type": "scale",
            }
        )

    def test_officer_cannot_flag_nps(self):
        survey = self.survey.with_user(self.officer)
        with self.assertRaisesRegex(AccessError, "only customer-experience managers"):
            survey.write({"cx_is_nps_survey": True})
        with self.assertRaisesRegex(AccessError, "only customer-experience managers"):
            self.question.with_user(self.officer).write({"cx_nps_role": "score"})
        with self.assertRaisesRegex(AccessError, "only customer-experience managers"):
            self.env["survey.survey"].with_user(self.officer).create(
                {"title": "Fake NPS", "cx_is_nps_survey": True}
            )
        self.assertFalse(self.survey.cx_is_nps_survey)
        self.assertFalse(self.question.cx_nps_role)
        # the officer still edits the survey's other fields
        survey.write({"title": "Coffee corner (2)"})

    def test_cx_manager_flags_nps(self):
        self.question.with_user(self.cx_manager).write({"cx_nps_role": "score"})
        self.survey.with_user(self.cx_manager).write({"cx_is_nps_survey": True})
        self.assertTrue(self.survey.cx_is_nps_survey)
