from odoo import api, fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    def _default_cx_nps_survey(self):
        return self.env.ref(
            "cx_experience_nps.survey_after_service_nps", raise_if_not_found=False
        )

    cx_nps_survey_id = fields.Many2one(
        "survey.survey",
        string="NPS survey",
        domain=[("cx_is_nps_survey", "=", True)],
        default=_default_cx_nps_survey,
        help="Survey sent after a service; its score question is marked as NPS score.",
    )

    @api.model
    def _cx_set_default_nps_survey(self):
        """Give the seeded NPS survey to companies that have none (install, new data)."""
        survey = self._default_cx_nps_survey()
        if survey:
            self.sudo().search(
                [("cx_nps_survey_id", "=", False)]
            ).cx_nps_survey_id = survey
