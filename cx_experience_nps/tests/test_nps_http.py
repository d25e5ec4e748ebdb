from datetime import datetime, timedelta

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from .common import CxNpsCommon

STAFF_ONLY = ("tier", "LTV", "lifetime value", "internal note", "Do not disturb")


@tagged("post_install", "-at_install")
class TestNpsSurveyPages(CxNpsCommon, HttpCase):
    """The customer's side: survey pages through the controller, tokens, the tour."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_dealer()
        cls.customer.comment = "<p>Internal note: difficult customer</p>"

    def _invitation(self):
        service = self._visit(self.customer)
        service.write({"state": "done"})
        invitation = service.cx_nps_invitation_ids
        invitation.date_scheduled = datetime.now() - timedelta(minutes=1)
        self._send_due()
        self.assertEqual(invitation.state, "sent")
        return invitation

    def test_page_and_mail_show_no_staff_data(self):
        invitation = self._invitation()
        page = self.url_open(invitation.user_input_id.get_start_url())
        self.assertEqual(page.status_code, 200)
        self.assertIn("After-service NPS", page.text)
        for mail_or_page in (page.text, invitation.mail_id.body_html):
            for word in STAFF_ONLY:
                self.assertNotIn(word.lower(), mail_or_page.lower())
        self.assertNotIn("difficult customer", page.text)

    def test_wrong_foreign_and_expired_tokens_refused(self):
        invitation = self._invitation()
        answer = invitation.user_input_id
        survey_token = answer.survey_id.access_token
        page = self.url_open(f"/survey/start/{survey_token}?answer_token=nope")
        self.assertIn("Survey Access Error", page.text)
        # a token of another survey's answer
        other = self.env["survey.survey"].create(
            {"title": "Other", "access_mode": "token"}
        )
        self.env["survey.question"].create(
            {"survey_id": other.id, "title": "Q", "question_type": "char_box"}
        )
        foreign = other._create_answer(partner=self.customer)
        page = self.url_open(
            f"/survey/start/{survey_token}?answer_token={foreign.access_token}"
        )
        self.assertIn("Survey Access Error", page.text)
        # no token at all on a token-only survey
        page = self.url_open(f"/survey/start/{survey_token}")
        self.assertNotIn("How likely are you", page.text)
        # expired answer
        answer.deadline = datetime.now() - timedelta(hours=1)
        page = self.url_open(answer.get_start_url())
        self.assertIn("survey expired", page.text)
        self.assertNotIn("How likely are you", page.text)

    def test_staff_never_read_a_live_survey_link(self):
        """12.4: the advisor cannot read the customer's token (field, mail, note)."""
        invitation = self._invitation()
        token = invitation.user_input_id.access_token
        self.assertIn(token, invitation.mail_id.body_html)
        as_advisor = invitation.with_user(self.advisor)
        with self.assertRaises(AccessError):
            as_advisor.read(["survey_url"])
        for user in (self.advisor, self.manager):
            bodies = " ".join(
                str(m.body) for m in self.env["mail.message"].with_user(user).search([])
            )
            self.assertNotIn(token, bodies, user.login)
        self.assertIn(invitation.partner_id, invitation.mail_id.recipient_ids)

    def test_retry_refused_on_an_invitation(self):
        """ "Take again" and /survey/retry never give a second answer (12.1)."""
        invitation = self._invitation()
        answer = invitation.user_input_id
        q_score = self.survey.question_ids.filtered(lambda q: q.cx_nps_role == "score")
        answer._save_lines(q_score, "2")
        answer._mark_done()
        self.assertEqual(len(invitation.response_id), 1)
        done_page = self.url_open(answer.get_start_url())
        self.assertIn("Thank you for your feedback", done_page.text)
        self.assertNotIn("/survey/retry/", done_page.text)
        Answer = self.env["survey.user_input"]
        before = Answer.search_count([("survey_id", "=", self.survey.id)])
        retry = self.url_open(
            f"/survey/retry/{self.survey.access_token}/{answer.access_token}"
        )
        self.assertEqual(retry.status_code, 200)
        self.assertIn("Thank you for your feedback", retry.text)
        self.assertNotIn("How likely are you", retry.text)
        self.assertEqual(
            Answer.search_count([("survey_id", "=", self.survey.id)]), before
        )
        self.assertEqual(
            self.env["cx.nps.response"].search_count(
                [("partner_id", "=", self.customer.id)]
            ),
            1,
        )

    def test_score_required_on_the_server(self):
        """An empty page does not finish the answer nor its invitation (13.10)."""
        invitation = self._invitation()
        answer = invitation.user_input_id
        q_score = self.survey.question_ids.filtered(lambda q: q.cx_nps_role == "score")
        q_reason = self.survey.question_ids.filtered(
            lambda q: q.cx_nps_role == "reason"
        )
        self.assertEqual(list(q_score.validate_question("")), [q_score.id])
        self.assertEqual(list(q_score.validate_question([])), [q_score.id])
        self.assertFalse(q_score.validate_question("0"))
        tokens = f"{self.survey.access_token}/{answer.access_token}"
        self.make_jsonrpc_request(f"/survey/begin/{tokens}")
        result = self.make_jsonrpc_request(
            f"/survey/submit/{tokens}",
            {str(q_score.id): "", str(q_reason.id): "Nothing to say"},
        )
        self.assertEqual(result[1].get("error"), "validation", result)
        self.assertIn("0 to 10", result[1]["fields"][str(q_score.id)])
        self.env.invalidate_all()
        self.assertNotEqual(answer.state, "done")
        self.assertEqual(invitation.state, "opened")
        self.assertFalse(invitation.response_id)
        # with a score it goes through
        self.make_jsonrpc_request(
            f"/survey/submit/{tokens}", {str(q_score.id): "9", str(q_reason.id): "Ok"}
        )
        self.env.invalidate_all()
        self.assertEqual(answer.state, "done")
        self.assertEqual(invitation.response_id.score, 9)

    def test_tour_customer_answers(self):
        invitation = self._invitation()
        self.start_tour(
            invitation.user_input_id.get_start_url(), "cx_nps_survey_tour", login=None
        )
        self.assertEqual(invitation.state, "answered")
        response = invitation.response_id
        self.assertEqual(response.score, 3)
        self.assertEqual(response.category, "detractor")
        self.assertEqual(response.root_cause, "waiting_time")
        self.assertEqual(response.reason, "The car was not ready when promised")
        self.assertEqual(response._cx_follow_up_activities().user_id, self.manager)
