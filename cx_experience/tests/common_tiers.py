from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import TransactionCase

from .common import MANAGER, CxFixtures


class CxTierRitualCase(CxFixtures, TransactionCase):
    """Fixtures: advisors, a fleet model and service type, customers with visits."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.advisor = cls._cx_staff("cx_t_advisor")
        cls.manager = cls._cx_staff("cx_t_manager", MANAGER)
        cls._cx_fleet("BYD", "Han EV")
        cls._cx_quiet_hours_off()
        cls.vip = cls.env.ref("cx_experience.cx_tier_vip")
        cls.high = cls.env.ref("cx_experience.cx_tier_high_value")
        cls.active = cls.env.ref("cx_experience.cx_tier_active")
        cls.regular = cls.env.ref("cx_experience.cx_tier_regular")

    @classmethod
    def _customer(cls, name, visits=(), advisor=None, **vals):
        """A customer with a vehicle and done visits ``[(days_ago, amount), ...]``."""
        partner = cls.env["res.partner"].create(
            {
                "name": name,
                "email": "%s@example.com" % name.lower().replace(" ", "."),
                **vals,
            }
        )
        vehicle = cls._cx_vehicle(
            partner, manager_id=(advisor or cls.advisor).id, acquisition_date=False
        )
        cls._visits(vehicle, visits)
        return partner, vehicle

    @classmethod
    def _visits(cls, vehicle, visits, state="done"):
        today = fields.Date.context_today(cls.env["res.partner"])
        return cls.env["fleet.vehicle.log.services"].create(
            [
                {
                    "vehicle_id": vehicle.id,
                    "service_type_id": cls.service_type.id,
                    "date": today - relativedelta(days=days_ago),
                    "amount": amount,
                    "state": state,
                }
                for days_ago, amount in visits
            ]
        )
