from odoo import api, fields, models


class CxTierHistory(models.Model):
    """One tier change of a customer, written by the tier recompute (movements report).

    Staff only: the advisor's "moved up / dropped" activity sits here, never on the
    contact that every employee can read.
    """

    _name = "cx.tier.history"
    _description = "Customer tier movement"
    _inherit = ["mail.thread", "mail.activity.mixin"]
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
    annual_spend = fields.Float(string="Annual spend", aggregator="avg")
    visit_count = fields.Integer(string="Visits", aggregator="avg")

    @api.depends("partner_id", "new_tier_id")
    def _compute_display_name(self):
        for move in self:
            move.display_name = "%s → %s" % (
                move.partner_id.display_name or "",
                move.new_tier_id.name or "",
            )
