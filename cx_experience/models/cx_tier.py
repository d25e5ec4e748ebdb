from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import tiers as tier_rules


class CxTier(models.Model):
    """A customer tier (VIP, high value, active, regular), highest first.

    Customers never learn their tier: it is staff-only and never rendered in what is
    sent out. The last tier by sequence is everyone else.
    """

    _name = "cx.tier"
    _description = "Customer tier"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(
        default=10, help="Highest tier first: a lower sequence is a higher tier."
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", index=True, help="Empty: shared by all companies."
    )
    min_annual_spend = fields.Float(
        string="Annual spend above",
        help="Average yearly spend over the window must be strictly above this.",
    )
    min_visits = fields.Integer(
        string="Visits above",
        help="Done visits within the window must be strictly above this.",
    )
    window_years = fields.Integer(string="Window (years)", default=1, required=True)
    benefit_ids = fields.Many2many("cx.tier.benefit", string="Benefits")
    resource_share = fields.Float(
        string="Resource share (%)",
        help="Share of the service resources (40/30/20/10).",
    )
    color = fields.Integer()
    description = fields.Text(translate=True)
    partner_count = fields.Integer(compute="_compute_partner_count", string="Customers")

    _window_positive = models.Constraint(
        "CHECK (window_years > 0)", "The window (years) of a tier must be positive."
    )
    _spend_positive = models.Constraint(
        "CHECK (min_annual_spend >= 0)",
        "The annual spend of a tier cannot be negative.",
    )
    _visits_positive = models.Constraint(
        "CHECK (min_visits >= 0)", "The visits of a tier cannot be negative."
    )
    _share_range = models.Constraint(
        "CHECK (resource_share >= 0 AND resource_share <= 100)",
        "The resource share of a tier is between 0 and 100 %.",
    )

    def _compute_partner_count(self):
        counts = dict(
            self.env["res.partner"]
            .sudo()
            ._read_group([("cx_tier_id", "in", self.ids)], ["cx_tier_id"], ["__count"])
        )
        for tier in self:
            tier.partner_count = counts.get(tier, 0)

    @api.model
    def _cx_active_tiers(self, company=None):
        """Active tiers for ``company`` (shared ones included), highest first."""
        company = company or self.env.company
        return self.sudo().search([("company_id", "in", [False, company.id])])

    def _cx_rules(self):
        return [
            tier_rules.TierRule(
                tier.id, tier.min_annual_spend, tier.min_visits, tier.window_years
            )
            for tier in self
        ]

    @api.constrains(
        "sequence",
        "min_annual_spend",
        "min_visits",
        "window_years",
        "active",
        "company_id",
    )
    def _check_order(self):
        labels = {
            "min_annual_spend": self.env._("Annual spend above must not be negative."),
            "min_visits": self.env._("Visits above must not be negative."),
            "window_years": self.env._("Window (years) must be positive."),
            "order_spend": self.env._(
                "Annual spend above is lower than the tier below it: a higher tier "
                "cannot need less."
            ),
            "order_visits": self.env._(
                "Visits above is lower than the tier below it: a higher tier cannot "
                "need less."
            ),
        }
        companies = self.mapped("company_id") or self.env.company
        for company in companies:
            tiers = self._cx_active_tiers(company)
            problems = tier_rules.check_order(tiers._cx_rules())
            if problems:
                tier_id, problem = problems[0]
                raise ValidationError(
                    self.env._(
                        "Tier %(tier)s: %(problem)s",
                        tier=self.browse(tier_id).name,
                        problem=labels[problem],
                    )
                )
