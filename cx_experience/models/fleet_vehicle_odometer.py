from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain
from odoo.tools import SQL

from ..tools.visits import in_future


class FleetVehicleOdometer(models.Model):
    _inherit = "fleet.vehicle.odometer"

    @api.constrains("date", "value")
    def _check_cx_odometer_plausible(self):
        """No negative reading, no reading dated in the future."""
        today = fields.Date.context_today(self)
        for reading in self:
            if reading.value < 0:
                raise ValidationError(
                    self.env._(
                        "Odometer Value: %(value)s is negative.", value=reading.value
                    )
                )
            if in_future(reading.date, today):
                raise ValidationError(
                    self.env._(
                        "Date: the odometer reading of %(vehicle)s is dated %(date)s, "
                        "in the future.",
                        vehicle=reading.vehicle_id.display_name,
                        date=reading.date,
                    )
                )

    @api.constrains("vehicle_id", "date", "value")
    def _check_cx_odometer_not_back(self):
        """A reading cannot be lower than an earlier one (nor higher than a later one).

        The vehicle's row is updated first: a concurrent reading of the same car
        waits here, then fails to serialise and is retried on a snapshot that sees
        this one, instead of both passing the check.
        """
        vehicle_ids = tuple(set(self.vehicle_id.ids))
        if vehicle_ids:
            self.env.cr.execute(
                SQL(
                    "UPDATE fleet_vehicle SET write_date = write_date WHERE id IN %s",
                    vehicle_ids,
                )
            )
        for reading in self:
            if not reading.date:
                continue
            wrong = self.search_count(
                Domain("vehicle_id", "=", reading.vehicle_id.id)
                & Domain("id", "!=", reading.id)
                & (
                    (
                        Domain("date", "<", reading.date)
                        & Domain("value", ">", reading.value)
                    )
                    | (
                        Domain("date", ">", reading.date)
                        & Domain("value", "<", reading.value)
                    )
                    | (
                        Domain("date", "=", reading.date)
                        & Domain("id", "<", reading.id)
                        & Domain("value", ">", reading.value)
                    )
                ),
                limit=1,
            )
            if wrong:
                raise ValidationError(
                    self.env._(
                        "Odometer Value %(value)s of %(vehicle)s goes back: readings "
                        "cannot decrease over time.",
                        value=reading.value,
                        vehicle=reading.vehicle_id.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        readings = super().create(vals_list)
        self.env["cx.ritual"]._cx_detect(
            vehicles=readings.vehicle_id, triggers=["odometer"]
        )
        return readings

    def write(self, vals):
        res = super().write(vals)
        if {"value", "date"} & set(vals):
            self.env["cx.ritual"]._cx_detect(
                vehicles=self.vehicle_id, triggers=["odometer"]
            )
        return res
