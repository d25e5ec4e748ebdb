from odoo import fields, models


class CxTierHistory(models.Model):
    """One tier change of a customer, written by the tier recompute (movements report)."""

    _name = "cx.tier.history"
    _description = "Customer tier movement"
    _order = "date desc, id desc"

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one("res.company", index=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    old_tier_id = fields.Many2one("cx.tier", string="From tier", ondelete="set null")
    new_tier_id = fields.Many2one("cx.tier", string="To tier", ondelete="set null")
    direction = fields.Selection(
        [("new", "New"), ("up", "Up"), ("down", "Down")], required=True
    )
    advisor_id = fields.Many2one("res.users", string="Service advisor")
    ltv = fields.Float(string="Lifetime value", aggregator="avg")
