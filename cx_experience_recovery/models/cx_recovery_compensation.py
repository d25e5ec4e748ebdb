from odoo import api, fields, models
from odoo.exceptions import ValidationError

COMPENSATION_TYPES = [
    ("discount", "Discount (%)"),
    ("free_wash", "Free washes"),
    ("voucher", "Voucher"),
    ("gift", "Gift"),
    ("refund", "Refund"),
]


class CxRecoveryCompensation(models.Model):
    """What the dealer gives to exceed expectations, and what it costs."""

    _name = "cx.recovery.compensation"
    _description = "Recovery compensation"
    _order = "case_id, id"

    case_id = fields.Many2one(
        "cx.recovery.case", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="case_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="case_id.currency_id")
    compensation_type = fields.Selection(
        COMPENSATION_TYPES, string="Type", required=True, default="voucher"
    )
    quantity = fields.Float(
        required=True,
        default=1.0,
        help="Percentage for a discount, number of washes, vouchers or gifts.",
    )
    cost = fields.Monetary(
        required=True,
        currency_field="currency_id",
        help="What this compensation costs the dealer, in company currency.",
    )
    description = fields.Char()

    _cost_positive = models.Constraint(
        "CHECK (cost >= 0)", "Cost: a compensation cost cannot be negative."
    )
    _quantity_positive = models.Constraint(
        "CHECK (quantity > 0)", "Quantity: a compensation quantity must be positive."
    )

    @api.model_create_multi
    def create(self, vals_list):
        cases = self.env["cx.recovery.case"].browse(
            {vals.get("case_id") for vals in vals_list if vals.get("case_id")}
        )
        cases._cx_check_compensation_unlocked()
        return super().create(vals_list)

    def write(self, vals):
        self.env["cx.recovery.case"]._cx_check_not_moved(self, vals)
        self.case_id._cx_check_compensation_unlocked()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_locked(self):
        self.case_id._cx_check_compensation_unlocked()

    @api.constrains("cost", "quantity", "compensation_type")
    def _check_sane(self):
        for line in self:
            cap = line.case_id.company_id.cx_recovery_compensation_cap
            if cap and line.cost > cap:
                raise ValidationError(
                    self.env._(
                        "Cost: %(cost)s is above the sanity cap of %(cap)s per "
                        "compensation line.",
                        cost=line.cost,
                        cap=cap,
                    )
                )
            if line.compensation_type == "discount" and line.quantity > 100:
                raise ValidationError(
                    self.env._("Quantity: a discount cannot exceed 100 %.")
                )
            if line.compensation_type == "free_wash" and line.quantity > 50:
                raise ValidationError(
                    self.env._("Quantity: more than 50 free washes is not plausible.")
                )
