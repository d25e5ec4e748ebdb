from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    company_currency_id = fields.Many2one(
        "res.currency", related="company_id.currency_id", readonly=True
    )
    cx_recovery_manager_id = fields.Many2one(
        related="company_id.cx_recovery_manager_id", readonly=False
    )
    cx_recovery_advisor_limit = fields.Monetary(
        related="company_id.cx_recovery_advisor_limit",
        readonly=False,
        currency_field="company_currency_id",
    )
    cx_recovery_compensation_cap = fields.Monetary(
        related="company_id.cx_recovery_compensation_cap",
        readonly=False,
        currency_field="company_currency_id",
    )
    cx_recovery_min_options = fields.Integer(
        related="company_id.cx_recovery_min_options", readonly=False
    )
    cx_recovery_resurvey_expiry_days = fields.Integer(
        related="company_id.cx_recovery_resurvey_expiry_days", readonly=False
    )
    cx_recovery_ref_passive_pct = fields.Float(
        related="company_id.cx_recovery_ref_passive_pct", readonly=False
    )
    cx_recovery_ref_promoter_pct = fields.Float(
        related="company_id.cx_recovery_ref_promoter_pct", readonly=False
    )
    cx_recovery_ref_cost = fields.Monetary(
        related="company_id.cx_recovery_ref_cost",
        readonly=False,
        currency_field="company_currency_id",
    )
