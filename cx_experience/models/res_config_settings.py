from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    cx_contact_budget = fields.Integer(
        related="company_id.cx_contact_budget", readonly=False
    )
    cx_contact_budget_days = fields.Integer(
        related="company_id.cx_contact_budget_days", readonly=False
    )
    cx_visit_link_days = fields.Integer(
        related="company_id.cx_visit_link_days", readonly=False
    )
    cx_visit_messages = fields.Boolean(
        related="company_id.cx_visit_messages", readonly=False
    )
    cx_pre_arrival_minutes = fields.Integer(
        related="company_id.cx_pre_arrival_minutes", readonly=False
    )
    cx_quiet_hour_start = fields.Float(
        related="company_id.cx_quiet_hour_start", readonly=False
    )
    cx_quiet_hour_end = fields.Float(
        related="company_id.cx_quiet_hour_end", readonly=False
    )

    # tiers

    cx_ltv_expected_years = fields.Float(
        related="company_id.cx_ltv_expected_years", readonly=False
    )
    cx_ltv_referral_step = fields.Float(
        related="company_id.cx_ltv_referral_step", readonly=False
    )
    cx_ltv_referral_cap = fields.Float(
        related="company_id.cx_ltv_referral_cap", readonly=False
    )

    def action_cx_recompute_tiers(self):
        return self.env["res.partner"].action_cx_recompute_tiers()
