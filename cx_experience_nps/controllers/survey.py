from odoo import http
from odoo.http import request

from odoo.addons.survey.controllers.main import Survey


class CxSurvey(Survey):
    """One answer per NPS invitation or re-survey: its link cannot be taken again."""

    @http.route()
    def survey_retry(self, survey_token, answer_token, **post):
        survey_sudo, answer_sudo = self._fetch_from_access_token(
            survey_token, answer_token
        )
        if answer_sudo and answer_sudo._cx_issued_by_us():
            # survey's own page of that answer: the thank-you page once answered,
            # the expiry page past its deadline
            return request.redirect(
                f"/survey/start/{survey_sudo.access_token}"
                f"?answer_token={answer_sudo.access_token}"
            )
        return super().survey_retry(survey_token, answer_token, **post)
