from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    cx_contact_budget = fields.Integer(
        string="CX contact budget",
        default=4,
        help="Maximum outbound customer-experience contacts (surveys, rituals, "
        "follow-ups) per customer in any 30-day window. 0 means no limit.",
    )
    cx_contact_budget_days = fields.Integer(
        string="CX contact budget window (days)",
        default=30,
    )

    _cx_contact_budget_positive = models.Constraint(
        "CHECK (cx_contact_budget >= 0 AND cx_contact_budget_days >= 1)",
        "The CX contact budget cannot be negative and its window lasts at least one "
        "day.",
    )
