from odoo import api, fields, models


class CxJourney(models.Model):
    """The touchpoints of one visit (or of a lifecycle episode) of a customer."""

    _name = "cx.journey"
    _description = "Customer journey"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True, readonly=False)
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, tracking=True
    )
    vehicle_id = fields.Many2one("fleet.vehicle", index=True, check_company=True)
    service_id = fields.Many2one(
        "fleet.vehicle.log.services",
        string="Visit",
        index=True,
        ondelete="set null",
        check_company=True,
    )
    advisor_id = fields.Many2one(
        "res.users",
        string="Service advisor",
        index=True,
        tracking=True,
        default=lambda self: self.env.user,
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    kind = fields.Selection(
        [("visit", "Visit"), ("lifecycle", "Lifecycle episode")],
        required=True,
        default="visit",
    )
    date_start = fields.Datetime(
        string="Start", default=fields.Datetime.now, required=True
    )
    state = fields.Selection(
        [("open", "In progress"), ("done", "Done"), ("cancel", "Cancelled")],
        required=True,
        default="open",
        tracking=True,
    )

    @api.depends("partner_id", "vehicle_id", "date_start")
    def _compute_name(self):
        for journey in self:
            parts = [
                journey.partner_id.name,
                journey.vehicle_id.license_plate,
                journey.date_start and fields.Date.to_string(journey.date_start),
            ]
            journey.name = " / ".join(p for p in parts if p) or self.env._(
                "New journey"
            )

    def action_done(self):
        self.write({"state": "done"})

    def action_cancel(self):
        self.write({"state": "cancel"})

    def action_reopen(self):
        self.write({"state": "open"})
