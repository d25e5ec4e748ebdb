from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .cx_nps_response import ROOT_CAUSES


class SurveyQuestion(models.Model):
    _inherit = "survey.question"

    cx_nps_role = fields.Selection(
        [
            ("score", "NPS score (0-10)"),
            ("reason", "Reason for the score"),
            ("root_cause", "Root cause"),
        ],
        string="NPS role",
        help="Marks which question of an NPS survey holds the score, the reason and the "
        "root cause: never guessed from the wording.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("cx_nps_role") for vals in vals_list):
            self.env["survey.survey"]._cx_check_nps_manager()
        return super().create(vals_list)

    def write(self, vals):
        if "cx_nps_role" in vals:
            self.env["survey.survey"]._cx_check_nps_manager()
        return super().write(vals)

    @api.constrains("cx_nps_role", "question_type", "scale_min", "scale_max")
    def _check_cx_nps_role(self):
        expected = {
            "score": ("scale",),
            "reason": ("text_box", "char_box"),
            "root_cause": ("simple_choice",),
        }
        self.survey_id._check_cx_nps_question()
        for question in self.filtered("cx_nps_role"):
            if question.question_type not in expected[question.cx_nps_role]:
                raise ValidationError(
                    self.env._(
                        "Question '%(title)s': its NPS role needs a question of type "
                        "%(types)s.",
                        title=question.title,
                        types=", ".join(expected[question.cx_nps_role]),
                    )
                )
            if question.cx_nps_role == "score" and (
                question.scale_min != 0 or question.scale_max != 10
            ):
                raise ValidationError(
                    self.env._(
                        "Question '%(title)s': an NPS score question goes from 0 to 10.",
                        title=question.title,
                    )
                )

    def validate_question(self, answer, comment=None):
        """The NPS score is required on the server too: core skips the mandatory check
        on surveys that let people go back, so an empty page would finish the answer
        (and its invitation) with no score."""
        errors = super().validate_question(answer, comment)
        if errors or self.cx_nps_role != "score":
            return errors
        if isinstance(answer, str):
            answer = answer.strip()
        # the controller hands an empty field over as [] (0 is a score)
        if (
            answer is None
            or answer is False
            or (isinstance(answer, (str, list, dict)) and not answer)
        ):
            return {
                self.id: self.constr_error_msg
                or self.env._("Please choose a score from 0 to 10.")
            }
        return errors

    def _validate_scale(self, answer):
        """Core survey accepts any number on a scale: refuse values outside its range."""
        errors = super()._validate_scale(answer)
        if errors or answer in (None, False, ""):
            return errors
        try:
            value = int(answer)
        except (TypeError, ValueError):
            value = None
        if value is None or not self.scale_min <= value <= self.scale_max:
            return {
                self.id: self.env._(
                    "Please choose a value between %(min)s and %(max)s.",
                    min=self.scale_min,
                    max=self.scale_max,
                )
            }
        return {}


class SurveyQuestionAnswer(models.Model):
    _inherit = "survey.question.answer"

    cx_root_cause = fields.Selection(ROOT_CAUSES, string="NPS root cause")
