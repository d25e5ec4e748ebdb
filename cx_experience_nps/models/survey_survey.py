from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError


class SurveySurvey(models.Model):
    _inherit = "survey.survey"

    cx_is_nps_survey = fields.Boolean(
        string="NPS survey",
        help="Answers of this survey create NPS responses (its NPS score question is "
        "marked explicitly on the question).",
    )

    # an NPS survey is answered once, from the customer's own link
    _CX_NPS_ACCESS = {"access_mode": "token", "is_attempts_limited": True}

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("cx_is_nps_survey") for vals in vals_list):
            self._cx_check_nps_manager()
        for vals in vals_list:
            if vals.get("cx_is_nps_survey"):
                self._cx_nps_access_defaults(vals)
        return super().create(vals_list)

    def write(self, vals):
        if "cx_is_nps_survey" in vals:
            self._cx_check_nps_manager()
            if vals["cx_is_nps_survey"]:
                vals = self._cx_nps_access_defaults(dict(vals))
        return super().write(vals)

    @api.model
    def _cx_nps_access_defaults(self, vals):
        for key, value in self._CX_NPS_ACCESS.items():
            vals.setdefault(key, value)
        vals.setdefault("attempts_limit", 1)
        return vals

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

    @api.constrains(
        "cx_is_nps_survey", "access_mode", "is_attempts_limited", "attempts_limit"
    )
    def _check_cx_nps_one_attempt(self):
        for survey in self.filtered("cx_is_nps_survey"):
            if (
                survey.access_mode != "token"
                or not survey.is_attempts_limited
                or survey.attempts_limit != 1
            ):
                raise ValidationError(
                    self.env._(
                        "Survey %(survey)s: an NPS survey is answered once, from the "
                        "customer's own link (access: invited people only, limited to "
                        "1 attempt).",
                        survey=survey.title,
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
