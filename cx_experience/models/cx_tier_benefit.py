from odoo import fields, models


class CxTierBenefit(models.Model):
    """A service benefit granted to a tier (dedicated advisor, loaner car...)."""

    _name = "cx.tier.benefit"
    _description = "Tier benefit"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", index=True)
