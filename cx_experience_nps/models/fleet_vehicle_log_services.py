from odoo import fields, models


class FleetVehicleLogServices(models.Model):
    _inherit = "fleet.vehicle.log.services"

    cx_nps_response_ids = fields.One2many(
        "cx.nps.response",
        "service_id",
        string="NPS responses",
        groups="cx_experience.group_cx_advisor",
    )
    cx_nps_invitation_ids = fields.One2many(
        "cx.nps.invitation",
        "service_id",
        string="NPS invitations",
        groups="cx_experience.group_cx_advisor",
    )

    def _cx_nps_schedule_invitations(self):
        """Called by the automated action when a visit is set to done."""
        return self.env["cx.nps.invitation"]._cx_schedule_for_services(self)
