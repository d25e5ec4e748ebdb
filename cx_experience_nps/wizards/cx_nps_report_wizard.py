from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError


class CxNpsReportWizard(models.TransientModel):
    """Pick the month of the CX report PDF."""

    _name = "cx.nps.report.wizard"
    _description = "Monthly CX report"

    @api.model
    def _default_month(self):
        return fields.Date.context_today(self).replace(day=1) - relativedelta(months=1)

    month = fields.Date(required=True, default=_default_month)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )

    def action_print(self):
        self.ensure_one()
        if not self.month:
            raise UserError(self.env._("Choose the month of the report."))
        date_from = self.month.replace(day=1)
        return self.env.ref("cx_experience_nps.action_report_cx_monthly").report_action(
            self.company_id,
            data={
                "date_from": fields.Date.to_string(date_from),
                "date_to": fields.Date.to_string(date_from + relativedelta(months=1)),
            },
        )
