from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    cx_recovery_manager_id = fields.Many2one(
        "res.users",
        string="Recovery service manager",
        help="Makes the first call of detractor recoveries and owns escalated cases.",
    )
    cx_recovery_advisor_limit = fields.Monetary(
        string="Advisor compensation limit",
        default=1000.0,
        currency_field="currency_id",
        help="Total compensation of a case above this needs a manager's approval.",
    )
    cx_recovery_compensation_cap = fields.Monetary(
        string="Compensation sanity cap",
        default=20000.0,
        currency_field="currency_id",
        help="No single compensation line may cost more than this.",
    )
    cx_recovery_min_options = fields.Integer(
        string="Minimum options", default=3, help="Options to propose before agreeing."
    )
    cx_recovery_resurvey_expiry_days = fields.Integer(
        string="Re-survey link expires after (days)",
        default=14,
        help="The customer's re-survey link stops working this many days after it is "
        "sent.",
    )
    cx_recovery_ref_passive_pct = fields.Float(
        string="Reference: detractors turned passive (%)", default=67.0
    )
    cx_recovery_ref_promoter_pct = fields.Float(
        string="Reference: detractors turned promoter (%)", default=23.0
    )
    cx_recovery_ref_cost = fields.Monetary(
        string="Reference: cost per recovered customer",
        default=850.0,
        currency_field="currency_id",
    )

    @api.constrains("cx_recovery_resurvey_expiry_days")
    def _check_cx_recovery_resurvey_expiry_days(self):
        if any(company.cx_recovery_resurvey_expiry_days < 1 for company in self):
            raise ValidationError(
                self.env._(
                    "Re-survey link expires after (days): at least one day; a link "
                    "that never expires can be answered by anybody who finds it."
                )
            )
