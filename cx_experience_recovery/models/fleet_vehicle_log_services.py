from odoo import models


class FleetVehicleLogServices(models.Model):
    _inherit = "fleet.vehicle.log.services"

    def action_cx_start_recovery(self):
        """Open (or reuse) a first-failure recovery case for this visit's customer."""
        self.ensure_one()
        self.env["cx.recovery.case"]._cx_check_can_start()
        case = self.env["cx.recovery.case"]._cx_start_from_services(self)
        return (
            case[:1]
            .with_env(self.env)
            ._get_records_action(name=self.env._("Recovery case"))
        )
