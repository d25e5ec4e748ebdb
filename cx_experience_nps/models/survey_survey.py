from odoo import api, fields, models
from odoo.exceptions import ValidationError


class SurveySurvey(models.Model):
    _inherit = "survey.survey"

    cx_is_nps_survey = fields.Boolean(
        string="NPS survey",
        help="Answers of this survey create NPS responses (its NPS score question is "
        "marked explicitly on the question).",
    )

    @api.constrains("cx_is_nps_survey")
    def _check_cx_nps_question(self):
        for survey in self.filtered("cx_is_nps_survey"):
            score_questions = survey.question_ids.filtered(
                lambda q: q.cx_nps_role == "score"
            )
            if len(score_questions) > 1:
                raise ValidationError(
                    self.env._(
                        "Survey %(survey)s has more than one NPS score question.",
                        survey=survey.title,
                    )
                )
