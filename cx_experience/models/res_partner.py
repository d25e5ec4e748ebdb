from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResPartner(models.Model):
    _inherit = "res.partner"

    cx_do_not_disturb = fields.Boolean(
        string="Do not disturb",
        groups="cx_experience.group_cx_advisor",
        help="No survey, ritual or other proactive CX contact is sent to this customer.",
    )
    cx_preferred_channel = fields.Selection(
        [("phone", "Phone"), ("sms", "SMS"), ("wechat", "WeChat"), ("email", "Email")],
        string="Preferred contact channel",
        groups="cx_experience.group_cx_advisor",
    )
    cx_birthday = fields.Date(
        string="Birthday", groups="cx_experience.group_cx_advisor"
    )
    cx_family_member_ids = fields.One2many(
        "cx.family.member",
        "partner_id",
        string="Family members",
        groups="cx_experience.group_cx_advisor",
    )
    cx_journey_ids = fields.One2many(
        "cx.journey",
        "partner_id",
        string="Journeys",
        groups="cx_experience.group_cx_advisor",
    )
    cx_journey_count = fields.Integer(
        compute="_compute_cx_journey_count", groups="cx_experience.group_cx_advisor"
    )

    @api.constrains("cx_birthday")
    def _check_cx_birthday(self):
        today = fields.Date.context_today(self)
        for partner in self:
            if partner.cx_birthday and partner.cx_birthday > today:
                raise ValidationError(
                    self.env._(
                        "Birthday of %(name)s cannot be in the future.",
                        name=partner.display_name,
                    )
                )

    def _compute_cx_journey_count(self):
        counts = dict(
            self.env["cx.journey"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.cx_journey_count = counts.get(partner, 0)

    def _cx_contact_allowed(self, kind, when=None, ignore_budget=False):
        """Customers of ``self`` that may receive a proactive CX contact of ``kind``.

        Returns ``(allowed_partners, {partner_id: reason})`` for the refused ones, set-wise:
        do-not-disturb, no contact data for the preferred channel is left to callers;
        the contact budget (company setting) counts ``cx.contact.log`` rows in the window.
        """
        Log = self.env["cx.contact.log"].sudo()
        refused = {}
        for partner in self.sudo().filtered("cx_do_not_disturb"):
            refused[partner.id] = self.env._("Do not disturb")
        if not ignore_budget:
            counts = Log._count_recent(
                self.filtered(lambda p: p.id not in refused), when
            )
            for partner in self.filtered(lambda p: p.id in counts):
                company = partner.company_id or self.env.company
                budget = company.cx_contact_budget
                if budget and counts[partner.id] >= budget:
                    refused[partner.id] = self.env._(
                        "Contact budget reached (%(count)s contacts in %(days)s days)",
                        count=counts[partner.id],
                        days=company.cx_contact_budget_days,
                    )
        return self.filtered(lambda p: p.id not in refused), refused

    def _cx_briefing_sections(self, service=None):
        """Sections of the pre-visit briefing of this customer (staff only).

        Each addon extends this (call super, append its sections): a list of dicts
        ``{"key": str, "sequence": int, "title": str, "lines": [str, ...]}`` rendered by
        the briefing card and its PDF in ``sequence`` order. ``service`` is the visit
        being prepared, if any.
        """
        self.ensure_one()
        return []

    def action_cx_journeys(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cx_experience.cx_journey_action"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action
