from odoo import api, fields, models

# Fields of a done visit that move its customer's tier figures (advisor included).
TIER_FIELDS = {
    "state",
    "date",
    "amount",
    "purchaser_id",
    "vehicle_id",
    "active",
    "advisor_id",
}


class FleetVehicleLogServices(models.Model):
    """Flags the customers of changed done visits for the daily tier recompute."""

    _inherit = "fleet.vehicle.log.services"  # pylint: disable=consider-merging-classes-inherited

    purchaser_id = fields.Many2one(index="btree_not_null")

    _cx_done_date_idx = models.Index("(date) WHERE state = 'done'")

    def _cx_tier_customers(self):
        """Customers (purchaser, else driver) of the done visits of ``self``."""
        return {
            service.purchaser_id.id or service.vehicle_id.driver_id.id
            for service in self.sudo()
            if service.state == "done"
        }

    @api.model_create_multi
    def create(self, vals_list):
        services = super().create(vals_list)
        self.env["res.partner"]._cx_mark_tier_dirty(services._cx_tier_customers())
        return services

    def write(self, vals):
        if not TIER_FIELDS & set(vals):
            return super().write(vals)
        before = self._cx_tier_customers()
        res = super().write(vals)
        self.env["res.partner"]._cx_mark_tier_dirty(before | self._cx_tier_customers())
        return res

    def unlink(self):
        self.env["res.partner"]._cx_mark_tier_dirty(self._cx_tier_customers())
        return super().unlink()
