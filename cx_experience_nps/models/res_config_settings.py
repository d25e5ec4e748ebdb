from odoo import fields, models
from odoo.exceptions import UserError


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
    cx_nps_passive_hours = fields.Integer(
        related="company_id.cx_nps_passive_hours", readonly=False
    )
    cx_nps_promoter_hours = fields.Integer(
        related="company_id.cx_nps_promoter_hours", readonly=False
    )
    cx_nps_service_manager_id = fields.Many2one(
        related="company_id.cx_nps_service_manager_id", readonly=False
    )
    cx_nps_automation_active = fields.Boolean(
        string="Surveys sent automatically",
        compute="_compute_cx_nps_automation_active",
        help="The automated action that schedules the survey when a visit is done "
        "is active.",
    )

    def _compute_cx_nps_automation_active(self):
        automation = self._cx_nps_automation()
        for settings in self:
            settings.cx_nps_automation_active = bool(automation.active)

    def _cx_nps_automation(self):
        """The automated action that schedules the NPS survey of a done visit (the
        one home of that rule; archived or deleted means no survey is sent)."""
        return (
            (
                self.env.ref(
                    "cx_experience_nps.base_automation_cx_nps_service_done",
                    raise_if_not_found=False,
                )
                or self.env["base.automation"]
            )
            .sudo()
            .with_context(active_test=False)
        )

    def action_cx_nps_open_automation(self):
        """Open the survey's automated action to tune its delay and conditions."""
        automation = self._cx_nps_automation()
        if not automation:
            raise UserError(
                self.env._(
                    "Surveys: the automated action that sends them was deleted; "
                    "update the NPS module to restore it."
                )
            )
        return {
            "type": "ir.actions.act_window",
            "res_model": "base.automation",
            "res_id": automation.id,
            "view_mode": "form",
            "target": "current",
        }
