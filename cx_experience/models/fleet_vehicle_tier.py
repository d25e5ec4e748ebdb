from odoo import api, fields, models

# Fields of a vehicle that move its driver's tier figures (customer of the visits
# without purchaser, advisor fallback, tier of a driver without visits).
TIER_FIELDS = {"driver_id", "manager_id", "active"}


class FleetVehicle(models.Model):
    """Flags the drivers of changed vehicles for the daily tier recompute."""

    _inherit = "fleet.vehicle"  # pylint: disable=consider-merging-classes-inherited

    driver_id = fields.Many2one(index="btree_not_null")

    @api.model_create_multi
    def create(self, vals_list):
        vehicles = super().create(vals_list)
        self.env["res.partner"]._cx_mark_tier_dirty(
            vehicles.sudo().mapped("driver_id.id")
        )
        return vehicles

    def write(self, vals):
        if not TIER_FIELDS & set(vals):
            return super().write(vals)
        before = set(self.sudo().mapped("driver_id.id"))
        res = super().write(vals)
        self.env["res.partner"]._cx_mark_tier_dirty(
            before | set(self.sudo().mapped("driver_id.id"))
        )
        return res
