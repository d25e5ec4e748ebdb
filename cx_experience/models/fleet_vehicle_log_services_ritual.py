from odoo import api, models


class FleetVehicleLogServices(models.Model):
    _inherit = "fleet.vehicle.log.services"  # pylint: disable=consider-merging-classes-inherited

    @api.model_create_multi
    def create(self, vals_list):
        services = super().create(vals_list)
        done = services.filtered(lambda s: s.state == "done")
        if done:
            self.env["cx.ritual"]._cx_detect(
                vehicles=done.vehicle_id, triggers=["first_service"]
            )
        return services

    def write(self, vals):
        res = super().write(vals)
        if vals.get("state") == "done":
            self.env["cx.ritual"]._cx_detect(
                vehicles=self.vehicle_id, triggers=["first_service"]
            )
        return res
