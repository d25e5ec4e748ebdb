from odoo.exceptions import UserError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged

from .common import CxNpsCommon


@tagged("post_install", "-at_install")
class TestNpsSurvey(CxNpsCommon, TransactionCase):
    """Answering the seeded NPS survey creates exactly one NPS response."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.survey = cls.env.ref("cx_experience_nps.survey_after_service_nps")
        cls.customer = cls.env["res.partner"].create(
            {"name": "Liu Yang", "email": "liu.yang@example.com"}
        )
        cls._cx_fleet("NIO", "ET5")
        cls.advisor = cls.env["res.users"].create(
            {"name": "Advisor", "login": "adv_nps"}
        )
        cls.vehicle = cls._cx_vehicle(cls.customer)
        cls.service = cls.env["fleet.vehicle.log.services"].create(
            {
                "vehicle_id": cls.vehicle.id,
                "advisor_id": cls.advisor.id,
                "service_type_id": cls.service_type.id,
            }
        )

    def _answer_invited(self, score, reason="", root_cause=None):
        """An answer of the survey as an NPS invitation issues it, submitted."""
        answer = self.survey._create_answer(partner=self.customer)
        answer.write({"cx_service_id": self.service.id, "cx_invited": True})
        self._answer(answer, score, reason, root_cause)
        return answer

    def test_survey_is_token_only_with_marked_score(self):
        self.assertEqual(self.survey.access_mode, "token")
        self.assertEqual(
            self.survey.question_ids.filtered(
                lambda q: q.cx_nps_role == "score"
            ).scale_max,
            10,
        )
        self.assertEqual(self.env.company.cx_nps_survey_id, self.survey)

    def test_answer_creates_detractor_response(self):
        answer = self._answer_invited(3, "Waited two hours", "waiting_time")
        response = answer.cx_nps_response_ids
        self.assertEqual(len(response), 1)
        self.assertEqual(response.score, 3)
        self.assertEqual(response.category, "detractor")
        self.assertEqual(response.nps_value, -100)
        self.assertEqual(response.reason, "Waited two hours")
        self.assertEqual(response.root_cause, "waiting_time")
        self.assertEqual(response.vehicle_id, self.vehicle)
        self.assertEqual(response.advisor_id, self.advisor)
        # a second completion of the same token does not create a second response
        answer._mark_done()
        self.assertEqual(len(answer.cx_nps_response_ids), 1)

    def test_only_answers_we_issued_make_responses(self):
        """A link shared by survey's own invite or a retry is no NPS rating (12.1)."""
        answer = self.survey._create_answer(partner=self.customer)
        q_score = self.survey.question_ids.filtered(lambda q: q.cx_nps_role == "score")
        answer._save_lines(q_score, "0")
        answer._mark_done()
        self.assertFalse(answer.cx_nps_response_ids)
        self.assertFalse(
            self.env["cx.nps.response"].search([("user_input_id", "=", answer.id)])
        )

    def test_nps_survey_allows_one_attempt(self):
        """An NPS survey is token-only with one attempt, whoever flags it (12.1)."""
        self.assertEqual(self.survey.access_mode, "token")
        self.assertTrue(self.survey.is_attempts_limited)
        self.assertEqual(self.survey.attempts_limit, 1)
        manager = new_test_user(
            self.env,
            "nps_attempts_manager",
            groups="cx_experience.group_cx_manager,survey.group_survey_manager",
        )
        survey = (
            self.env["survey.survey"]
            .with_user(manager)
            .create({"title": "Workshop NPS", "cx_is_nps_survey": True})
        )
        self.assertEqual(survey.access_mode, "token")
        self.assertTrue(survey.is_attempts_limited)
        self.assertEqual(survey.attempts_limit, 1)
        for vals in (
            {"access_mode": "public"},
            {"is_attempts_limited": False},
            {"attempts_limit": 3},
        ):
            with self.assertRaisesRegex(ValidationError, "answered once"):
                survey.write(vals)
        # a second attempt on the same invitation is refused by survey itself
        answer = self._answer_invited(9)
        with self.assertRaisesRegex(UserError, "No attempts left"):
            self.survey._create_answer(
                partner=self.customer, invite_token=answer.invite_token
            )

    def test_promoter(self):
        response = self._answer_invited(10).cx_nps_response_ids
        self.assertEqual(response.category, "promoter")
        self.assertFalse(response.root_cause)

    def test_survey_rejects_scores_outside_0_10(self):
        q_score = self.survey.question_ids.filtered(lambda q: q.cx_nps_role == "score")
        self.assertFalse(q_score.validate_question("10"))
        for bad in ("11", "-1", "x"):
            self.assertIn(q_score.id, q_score.validate_question(bad))

    def test_survey_translated_in_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["cx_experience_nps"], ["zh_CN"], overwrite=True
        )
        survey = self.survey.with_context(lang="zh_CN")
        self.assertEqual(survey.title, "售后服务 NPS 调研")
        q_score = survey.question_ids.filtered(lambda q: q.cx_nps_role == "score")
        self.assertEqual(q_score.title, "您有多大可能向朋友推荐我们？")
        self.assertIn(
            "等待时间",
            survey.question_ids.suggested_answer_ids.mapped("value"),
        )

    def test_settings_show_the_survey_automation(self):
        """The survey rule lives in one automated action; the settings show it."""
        admin = self.env.ref("base.user_admin")
        settings = self.env["res.config.settings"].with_user(admin).create({})
        self.assertTrue(settings.cx_nps_automation_active)
        action = settings.action_cx_nps_open_automation()
        automation = self.env.ref(
            "cx_experience_nps.base_automation_cx_nps_service_done"
        )
        self.assertEqual(
            (action["res_model"], action["res_id"]),
            (
                "base.automation",
                automation.id,
            ),
        )
        automation.active = False
        settings = self.env["res.config.settings"].with_user(admin).create({})
        self.assertFalse(settings.cx_nps_automation_active)
        arch = settings.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn("action_cx_nps_open_automation", arch)
