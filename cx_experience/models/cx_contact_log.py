from datetime import timedelta

from odoo import api, fields, models


class CxContactLog(models.Model):
    """One outbound CX contact (survey, ritual, follow-up...) or a skipped one.

    The contact budget counts the sent rows; skipped rows keep the reason so nothing is
    silently dropped.
    """

    _name = "cx.contact.log"
    _description = "CX contact log"
    _order = "date desc, id desc"

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    kind = fields.Selection(
        [
            ("survey", "Survey"),
            ("ritual", "Ritual"),
            ("follow_up", "Follow-up"),
            ("recovery", "Recovery"),
            ("service", "Service message"),
            ("other", "Other"),
        ],
        required=True,
        default="other",
    )
    channel_id = fields.Many2one("cx.channel", ondelete="restrict")
    state = fields.Selection(
        [("sent", "Sent"), ("skipped", "Skipped")], required=True, default="sent"
    )
    reason = fields.Char(
        help="Why the contact was skipped, or why it went out on another channel "
        "than the customer's preferred one."
    )
    res_model = fields.Char(string="Document model")
    res_id = fields.Many2oneReference(string="Document", model_field="res_model")
    user_id = fields.Many2one("res.users", default=lambda self: self.env.user)

    _partner_date_idx = models.Index("(partner_id, date DESC) WHERE state = 'sent'")

    @api.model
    def _count_recent(self, partners, when=None):
        """{partner_id: sent contacts in the company's budget window}, one query."""
        if not partners:
            return {}
        when = when or fields.Datetime.now()
        days = self.env.company.cx_contact_budget_days or 30
        groups = self._read_group(
            [
                ("partner_id", "in", partners.ids),
                ("state", "=", "sent"),
                # service messages the customer asked for are not marketing
                ("kind", "!=", "service"),
                ("date", ">", when - timedelta(days=days)),
                ("date", "<=", when),
            ],
            ["partner_id"],
            ["__count"],
        )
        return {partner.id: count for partner, count in groups}

    @api.model
    def _log(
        self, partners, kind, records=None, channel=None, state="sent", reasons=None
    ):
        """Log one contact per partner (``records`` aligned with ``partners`` if given)
        on ``channel`` (a cx.channel or its code); ``reasons``: {partner id: why it was
        skipped, or why it went out on another channel than the preferred one}."""
        reasons = reasons or {}
        channel = self.env["cx.channel"]._cx_get(channel)
        vals = []
        for index, partner in enumerate(partners):
            record = records[index] if records else None
            vals.append(
                {
                    "partner_id": partner.id,
                    "company_id": (
                        record
                        and "company_id" in record._fields
                        and record.company_id.id
                    )
                    or self.env.company.id,
                    "kind": kind,
                    "channel_id": channel.id,
                    "state": state,
                    "reason": reasons.get(partner.id),
                    "res_model": record._name if record else False,
                    "res_id": record.id if record else False,
                }
            )
        return self.sudo().create(vals)
