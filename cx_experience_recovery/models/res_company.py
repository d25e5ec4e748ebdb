from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    cx_recovery_manager_id = fields.Many2one(
        "res.users",
        string="Recovery service manager",
        default=lambda self: self._cx_default_recovery_manager(),
        domain=[("share", "=", False)],
        help="Makes the first call of detractor recoveries and owns their cases "
        "(unless the playbook names an owner).",
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

    _cx_recovery_limits_positive = models.Constraint(
        "CHECK (cx_recovery_advisor_limit >= 0 AND cx_recovery_compensation_cap >= 0 "
        "AND cx_recovery_min_options >= 0 AND cx_recovery_ref_cost >= 0 "
        "AND cx_recovery_ref_passive_pct BETWEEN 0 AND 100 "
        "AND cx_recovery_ref_promoter_pct BETWEEN 0 AND 100)",
        "Recovery limits, minimum options and reference costs cannot be negative; "
        "reference percentages lie between 0 and 100.",
    )

    @api.model
    def _cx_default_recovery_manager(self):
        """The first active CX manager who is a real employee, else the administrator."""
        managers = self.env.ref(
            "cx_experience.group_cx_manager", raise_if_not_found=False
        )
        users = managers.sudo().all_user_ids if managers else self.env["res.users"]
        users = users.filtered(self.env["cx.recovery.case"]._cx_can_own).sorted("id")
        return users[:1] or self.env.ref("base.user_admin", raise_if_not_found=False)

    def _cx_nps_service_manager(self):
        """With no NPS service manager set, the recovery service manager is the one:
        the detractor's first call and its escalations reach the same person."""
        self.ensure_one()
        manager = self.sudo().cx_recovery_manager_id
        if not self.cx_nps_service_manager_id and self.env[
            "cx.recovery.case"
        ]._cx_can_own(manager):
            return manager
        return super()._cx_nps_service_manager()

    @api.constrains("cx_recovery_manager_id")
    def _check_cx_recovery_manager(self):
        for company in self:
            user = company.cx_recovery_manager_id
            if user and not self.env["cx.recovery.case"]._cx_can_own(user):
                raise ValidationError(
                    self.env._(
                        "Recovery service manager: %(user)s is not an employee who can "
                        "call customers (portal, public or bot user).",
                        user=user.name,
                    )
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
