from odoo import api, fields, models

from .cx_recovery_playbook import TRIGGERS


class CxRecoveryRule(models.Model):
    """Which playbook a new recovery case follows: first matching rule by sequence.

    Conditions are checked by :meth:`_cx_rule_matches`; add a condition by adding a
    field and extending that method (call super, then test the field).
    """

    _name = "cx.recovery.rule"
    _description = "Recovery playbook rule"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", help="Empty: every company.")
    trigger = fields.Selection(TRIGGERS, required=True, default="detractor")
    playbook_id = fields.Many2one(
        "cx.recovery.playbook", required=True, ondelete="restrict"
    )
    only_falling_trend = fields.Boolean(
        string="Only when the trend is falling",
        help="Matches only customers whose recent experience trend is falling "
        "(see res.partner._cx_recovery_trend).",
    )
    tier_ids = fields.Many2many(
        "cx.tier",
        string="Customer tiers",
        help="Matches only customers in one of these tiers; empty: every customer.",
    )
    escalate = fields.Boolean(
        help="The case goes to the service manager with a high priority.",
    )
    first_contact_hours = fields.Float(
        string="First-contact SLA override (hours)",
        help="Replaces the playbook's first-contact deadline; 0 keeps the playbook's.",
    )

    _first_contact_positive = models.Constraint(
        "CHECK (first_contact_hours >= 0)",
        "The first-contact SLA override cannot be negative.",
    )

    def _cx_rule_matches(self, context):
        """Whether this rule applies to ``context``.

        ``context``: dict with ``trigger``, ``partner`` (res.partner), ``company``
        (res.company) and ``trend`` ('falling', 'rising', 'stable' or None).
        """
        self.ensure_one()
        if self.trigger != context.get("trigger"):
            return False
        if self.company_id and self.company_id != context.get("company"):
            return False
        if self.only_falling_trend and context.get("trend") != "falling":
            return False
        if self.tier_ids:
            # the tier is staff-only: read it as superuser, it never leaves the
            # rule; the customer's tier at the case's company
            partner = context.get("partner")
            company = context.get("company") or self.env.company
            if (
                not partner
                or partner.sudo().with_company(company).cx_tier_id not in self.tier_ids
            ):
                return False
        return True

    @api.model
    def _cx_find_rule(self, context):
        """First active rule matching ``context`` (see :meth:`_cx_rule_matches`)."""
        for rule in self.search([("trigger", "=", context.get("trigger"))]):
            if rule._cx_rule_matches(context):
                return rule
        return self.browse()
