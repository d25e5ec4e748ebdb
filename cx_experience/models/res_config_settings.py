from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    cx_contact_budget = fields.Integer(
        related="company_id.cx_contact_budget", readonly=False
    )
    cx_contact_budget_days = fields.Integer(
        related="company_id.cx_contact_budget_days", readonly=False
    )
