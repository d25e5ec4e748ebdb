from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    cx_nps_survey_id = fields.Many2one(
        related="company_id.cx_nps_survey_id", readonly=False
    )
    cx_nps_delay_days = fields.Integer(
        related="company_id.cx_nps_delay_days", readonly=False
    )
    cx_nps_recent_days = fields.Integer(
        related="company_id.cx_nps_recent_days", readonly=False
    )
    cx_nps_satisfaction_survey_id = fields.Many2one(
        related="company_id.cx_nps_satisfaction_survey_id", readonly=False
    )
    cx_nps_satisfaction_delay_days = fields.Integer(
        related="company_id.cx_nps_satisfaction_delay_days", readonly=False
    )
    cx_nps_reminder_days = fields.Integer(
        related="company_id.cx_nps_reminder_days", readonly=False
    )
    cx_nps_expiry_days = fields.Integer(
        related="company_id.cx_nps_expiry_days", readonly=False
    )
    cx_nps_fatigue_days = fields.Integer(
        related="company_id.cx_nps_fatigue_days", readonly=False
    )
    cx_nps_oem_blackout_days = fields.Integer(
        related="company_id.cx_nps_oem_blackout_days", readonly=False
    )
    cx_nps_min_responses = fields.Integer(
        related="company_id.cx_nps_min_responses", readonly=False
    )
    cx_nps_detractor_hours = fields.Integer(
        related="company_id.cx_nps_detractor_hours", readonly=False
    )
    cx_nps_passive_days = fields.Integer(
        related="company_id.cx_nps_passive_days", readonly=False
    )
    cx_nps_promoter_days = fields.Integer(
        related="company_id.cx_nps_promoter_days", readonly=False
    )
    cx_nps_service_manager_id = fields.Many2one(
        related="company_id.cx_nps_service_manager_id", readonly=False
    )
