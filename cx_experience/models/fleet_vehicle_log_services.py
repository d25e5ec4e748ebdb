from odoo import api, fields, models


class FleetVehicleLogServices(models.Model):
    _inherit = "fleet.vehicle.log.services"

    advisor_id = fields.Many2one(
        "res.users",
        string="Service advisor",
        compute="_compute_advisor_id",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
        help="Advisor in charge of this visit; defaults to the vehicle's manager.",
    )
    cx_journey_ids = fields.One2many("cx.journey", "service_id", string="Journeys")

    @api.depends("vehicle_id")
    def _compute_advisor_id(self):
        for service in self:
            if not service.advisor_id:
                service.advisor_id = service.vehicle_id.manager_id
