from odoo import api, fields, models

from odoo.addons.cx_experience.actions import related_action, set_counts


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    cx_recovery_case_ids = fields.One2many(
        "cx.recovery.case",
        "ticket_id",
        string="Recovery cases",
        groups="cx_experience.group_cx_advisor",
    )
    cx_recovery_case_count = fields.Integer(
        compute="_compute_cx_recovery_case_count",
        groups="cx_experience.group_cx_advisor",
    )
    cx_preferred_channel_id = fields.Many2one(
        related="partner_id.cx_preferred_channel_id",
        groups="cx_experience.group_cx_advisor",
    )
    cx_do_not_disturb = fields.Boolean(
        related="partner_id.cx_do_not_disturb",
        groups="cx_experience.group_cx_advisor",
    )
    cx_tier_id = fields.Many2one(
        related="partner_id.cx_tier_id",
        string="Customer tier",
        groups="cx_experience.group_cx_advisor",
    )
    cx_open_ritual_ids = fields.Many2many(
        "cx.ritual",
        string="Planned rituals",
        compute="_compute_cx_open_ritual_ids",
        groups="cx_experience.group_cx_advisor",
        help="The customer's rituals still to be celebrated.",
    )
    cx_last_nps_score = fields.Integer(
        string="Last NPS score",
        compute="_compute_cx_last_nps",
        groups="cx_experience.group_cx_advisor",
    )
    cx_last_nps_reason = fields.Text(
        string="Last NPS reason",
        compute="_compute_cx_last_nps",
        groups="cx_experience.group_cx_advisor",
    )
    cx_last_nps_date = fields.Datetime(
        string="Last NPS date",
        compute="_compute_cx_last_nps",
        groups="cx_experience.group_cx_advisor",
    )

    def _compute_cx_recovery_case_count(self):
        set_counts(self, "cx_recovery_case_count", "cx.recovery.case", "ticket_id")

    @api.depends("partner_id")
    def _compute_cx_open_ritual_ids(self):
        rituals = self.env["cx.ritual"].search(
            [("partner_id", "in", self.partner_id.ids), ("state", "=", "planned")]
        )
        for ticket in self:
            ticket.cx_open_ritual_ids = rituals.filtered(
                lambda r, p=ticket.partner_id: r.partner_id == p
            )

    @api.depends("partner_id")
    def _compute_cx_last_nps(self):
        last = self.partner_id._cx_last_nps_responses()
        for ticket in self:
            response = last.get(ticket.partner_id.id)
            ticket.cx_last_nps_score = response.score if response else 0
            ticket.cx_last_nps_reason = response.reason if response else False
            ticket.cx_last_nps_date = response.date if response else False

    @api.model_create_multi
    def create(self, vals_list):
        tickets = super().create(vals_list)
        tickets._cx_open_complaint_cases()
        return tickets

    def write(self, vals):
        res = super().write(vals)
        if "category_id" in vals or "partner_id" in vals:
            self._cx_open_complaint_cases()
        return res

    def _cx_open_complaint_cases(self):
        complaints = self.sudo().filtered(
            lambda t: t.category_id.cx_is_complaint and t.partner_id
        )
        if complaints:
            self.env["cx.recovery.case"]._cx_start_from_tickets(complaints)

    def action_cx_start_recovery(self):
        """Open (or reuse) the recovery case of this ticket and show it."""
        self.ensure_one()
        self.env["cx.recovery.case"]._cx_check_can_start()
        case = self.env["cx.recovery.case"]._cx_start_from_tickets(
            self, trigger="complaint" if self.category_id.cx_is_complaint else "manual"
        )
        return (
            case[:1]
            .with_env(self.env)
            ._get_records_action(name=self.env._("Recovery case"))
        )

    def action_cx_recovery_cases(self):
        action = related_action(
            self, "cx_experience_recovery.cx_recovery_case_action", "ticket_id"
        )
        return action
