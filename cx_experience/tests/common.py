from contextlib import contextmanager
from unittest.mock import patch

from odoo.tests import TransactionCase, new_test_user

ADVISOR = "cx_experience.group_cx_advisor"
MANAGER = "cx_experience.group_cx_manager"


class CxFixtures:
    """The building blocks of every CX test base, here and in the addons built on
    this one (as event_sms reuses event's): staff, a fleet model and service type,
    vehicles, crons that do not commit and messages checked with their exception."""

    @classmethod
    def _cx_staff(cls, login, groups=ADVISOR, **vals):
        """A user of ``groups`` (the advisor group by default)."""
        return new_test_user(cls.env, login, groups=groups, **vals)

    @classmethod
    def _cx_fleet(cls, brand="NIO", model="ES6"):
        """Set ``cls.model`` (a vehicle model of ``brand``) and ``cls.service_type``."""
        brand = cls.env["fleet.vehicle.model.brand"].create({"name": brand})
        cls.model = cls.env["fleet.vehicle.model"].create(
            {"name": model, "brand_id": brand.id}
        )
        cls.service_type = cls.env["fleet.service.type"].create(
            {"name": "Maintenance", "category": "service"}
        )

    @classmethod
    def _cx_quiet_hours_off(cls):
        """No quiet hours for the company: tests freeze time at any hour; the quiet
        hours' own tests set them."""
        cls.env.company.write({"cx_quiet_hour_start": 0.0, "cx_quiet_hour_end": 0.0})

    @classmethod
    def _cx_vehicle(cls, customer, **vals):
        """A vehicle of ``cls.model`` driven by ``customer``."""
        return cls.env["fleet.vehicle"].create(
            {"model_id": cls.model.id, "driver_id": customer.id, **vals}
        )

    @classmethod
    def _cx_patch_commits(cls):
        """For the whole class: cron methods commit their batches through
        ``_commit_progress``; tests must not."""
        cls.startClassPatcher(cls._cx_commit_patcher())

    @classmethod
    def _cx_commit_patcher(cls):
        return patch.object(
            type(cls.env["ir.cron"]), "_commit_progress", return_value=1.0
        )

    @contextmanager
    def _no_commit(self):
        """Within the block, cron methods do not commit."""
        with self._cx_commit_patcher():
            yield

    @contextmanager
    def assertRaisesMsg(self, exception, regex):
        """``assertRaises`` (rolled back to a savepoint) checking the message too."""
        with self.assertRaises(exception) as cm:
            yield cm
        self.assertRegex(str(cm.exception), regex)


class CxCase(CxFixtures, TransactionCase):
    """Fixtures: an advisor, a manager, a customer with a NIO and a service type."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.advisor = cls._cx_staff("cx_t4_advisor")
        cls.manager = cls._cx_staff("cx_t4_manager", MANAGER)
        cls.employee = cls._cx_staff("cx_t4_employee", "base.group_user")
        cls.customer = cls.env["res.partner"].create({"name": "王磊 (Wang Lei)"})
        cls._cx_fleet()
        cls._cx_quiet_hours_off()
        cls.vehicle = cls._cx_vehicle(
            cls.customer,
            manager_id=cls.advisor.id,
            license_plate="沪A·88888",
            acquisition_date="2024-05-01",
        )
        cls.stage = {
            key: cls.env.ref(f"cx_experience.cx_touchpoint_stage_{key}")
            for key in ("booking", "arrival", "reception", "waiting", "delivery")
        }

    def _service(self, user=None, **vals):
        values = {
            "vehicle_id": self.vehicle.id,
            "service_type_id": self.service_type.id,
        }
        values.update(vals)
        return (
            self.env["fleet.vehicle.log.services"]
            .with_user(user or self.advisor)
            .create(values)
        )
