from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError


class SurveySurvey(models.Model):
    _inherit = "survey.survey"

    cx_is_nps_survey = fields.Boolean(
        string="NPS survey",
        help="Answers of this survey create NPS responses (its NPS score question is "
        "marked explicitly on the question).",
    )

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("cx_is_nps_survey") for vals in vals_list):
            self._cx_check_nps_manager()
        return super().create(vals_list)

    def write(self, vals):
        if "cx_is_nps_survey" in vals:
            self._cx_check_nps_manager()
        return super().write(vals)

    @api.model
    def _cx_check_nps_manager(self):
        """NPS answers feed advisors' scores and recovery cases: CX managers decide
        which surveys count, not every survey officer (checked on the user, not on a
        view)."""
        if self.env.su or self.env.user.has_group("cx_experience.group_cx_manager"):
            return
        raise AccessError(
            self.env._(
                "NPS survey / NPS role: only customer-experience managers can decide "
                "which surveys and questions count as NPS."
            )
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
