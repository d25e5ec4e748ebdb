from odoo import api, fields, models


class ReportCxMonthly(models.AbstractModel):
    """Adds the recovery KPIs of the month to the monthly CX report."""

    _inherit = "report.cx_experience_nps.report_cx_monthly"

    @api.model
    def _cx_company_data(self, company, date_from, date_to):
        data = super()._cx_company_data(company, date_from, date_to)
        data["recovery"] = (
            self.env["cx.recovery.report"]
            .with_company(company)
            ._cx_kpis(
                [
                    ("company_id", "=", company.id),
                    ("date_start", ">=", fields.Datetime.to_datetime(date_from)),
                    ("date_start", "<", fields.Datetime.to_datetime(date_to)),
                ]
            )
        )
        return data
