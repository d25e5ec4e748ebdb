from odoo import fields, models


class CxJourney(models.Model):
    _inherit = "cx.journey"

    cx_nps_response_ids = fields.One2many(
        "cx.nps.response", "journey_id", string="NPS responses"
    )
