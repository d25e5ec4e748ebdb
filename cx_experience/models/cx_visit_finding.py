from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import format_amount

from ..tools import findings


class CxVisitFinding(models.Model):
    """Extra work found on the car, offered to the customer who approves or
    declines it (on the visit page, or by phone through the advisor)."""

    _name = "cx.visit.finding"
    _description = "Finding offered to the customer"
    _inherit = ["mail.thread"]
    _order = "service_id, sequence, id"
    _check_company_auto = True

    service_id = fields.Many2one(
        "fleet.vehicle.log.services",
        string="Visit",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(
        related="service_id.company_id", store=True, index=True, string="Company"
    )
    partner_id = fields.Many2one(
        related="service_id.purchaser_id", store=True, index=True, string="Customer"
    )
    currency_id = fields.Many2one(related="service_id.currency_id")
    name = fields.Char(string="Finding", required=True)
    description = fields.Text(
        help="What the customer reads: the finding in plain words."
    )
    photo = fields.Image(max_width=1920, max_height=1920)
    price = fields.Monetary(currency_field="currency_id", tracking=True)
    urgency = fields.Selection(
        [
            ("safety", "Safety"),
            ("comfort", "Comfort"),
            ("can_wait", "Can wait"),
        ],
        required=True,
        default="comfort",
        tracking=True,
    )
    checklist_item_id = fields.Many2one(
        "cx.checklist.item",
        string="Checklist item",
        index="btree_not_null",
        ondelete="set null",
        help="The item of the proactive-discovery checklist this finding comes from.",
    )
    state = fields.Selection(
        [
            ("proposed", "Waiting for the customer"),
            ("approved", "Approved"),
            ("declined", "Declined"),
        ],
        string="Customer's choice",
        required=True,
        default="proposed",
        readonly=True,
        tracking=True,
    )
    decided_at = fields.Datetime(string="Chosen at", readonly=True, copy=False)
    decision_channel_id = fields.Many2one(
        "cx.channel", string="Chosen through", readonly=True, copy=False
    )
    recorded_by_id = fields.Many2one(
        "res.users",
        string="Recorded by",
        readonly=True,
        copy=False,
        help="The advisor who recorded the customer's answer (empty: the customer "
        "chose on the visit page).",
    )

    _price_positive = models.Constraint(
        "CHECK (price >= 0)",
        "Price: a finding's price cannot be negative.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        findings_ = super().create(vals_list)
        closed = findings_.filtered(
            lambda f: f.service_id.state in ("done", "cancelled")
        )
        if closed:
            raise UserError(
                self.env._(
                    "Visit: %(visit)s is closed; offer the finding at the next visit.",
                    visit=closed[0].service_id.display_name,
                )
            )
        return findings_

    def write(self, vals):
        if {"price", "service_id"} & set(vals):
            decided = self.filtered(lambda f: f.state != "proposed")
            if decided:
                raise UserError(
                    self.env._(
                        "Price: %(finding)s was already chosen by the customer; offer "
                        "a new finding instead.",
                        finding=decided[0].name,
                    )
                )
        return super().write(vals)

    def action_cx_approve_by_phone(self):
        """Advisor: the customer approved on the phone."""
        return self._cx_decide(
            "approved", self.env.ref("cx_experience.cx_channel_phone")
        )

    def action_cx_decline_by_phone(self):
        """Advisor: the customer declined on the phone."""
        return self._cx_decide(
            "declined", self.env.ref("cx_experience.cx_channel_phone")
        )

    def _cx_decide(self, decision, channel, by_customer=False):
        """Record the customer's choice: its time and channel; an approved finding
        is added to the visit, a declined safety finding comes back to the advisor.

        ``by_customer``: the customer chose on the page (called as superuser by the
        page, after the token check), else the current user records it.
        """
        now = fields.Datetime.now()
        for finding in self:
            try:
                findings.check_decision(finding.state, decision)
            except ValueError as exc:
                raise UserError(
                    self.env._(
                        "Customer's choice: %(finding)s is already %(state)s.",
                        finding=finding.name,
                        state=dict(
                            finding._fields["state"]._description_selection(self.env)
                        )[finding.state],
                    )
                ) from exc
            finding.write(
                {
                    "state": decision,
                    "decided_at": now,
                    "decision_channel_id": channel.id,
                    "recorded_by_id": False if by_customer else self.env.user.id,
                }
            )
            finding._cx_after_decision(by_customer)
        return True

    def _cx_after_decision(self, by_customer=False):
        self.ensure_one()
        service = self.sudo().service_id
        if self.state == "approved":
            service.amount = (service.amount or 0.0) + self.price
        label = (
            self.env._("approved")
            if self.state == "approved"
            else self.env._("declined")
        )
        service.message_post(
            body=Markup("<p>%s</p>")
            % self.env._(
                "Finding %(finding)s (%(price)s) %(choice)s by the customer through "
                "%(channel)s.",
                finding=self.name,
                price=format_amount(self.env, self.price, self.currency_id),
                choice=label,
                channel=self.decision_channel_id.name,
            ),
            subtype_xmlid="mail.mt_note",
            author_id=self.partner_id.id if by_customer else None,
        )
        if findings.needs_follow_up(self.urgency, self.state):
            service.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=fields.Date.context_today(self)
                + timedelta(days=findings.DECLINED_SAFETY_FOLLOW_UP_DAYS),
                summary=self.env._(
                    "Declined safety finding: %(finding)s", finding=self.name
                ),
                note=self.env._(
                    "The customer declined a safety finding. Call them again and "
                    "offer to book the repair."
                ),
                user_id=(service.advisor_id or self.env.user).id,
            )
