from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    cx_nps_survey_id = fields.Many2one(
        related="company_id.cx_nps_survey_id", readonly=False
    )
