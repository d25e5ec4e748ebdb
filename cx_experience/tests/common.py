from contextlib import contextmanager

from odoo.tests import TransactionCase, new_test_user


class CxCase(TransactionCase):
    """Fixtures: an advisor, a manager, a customer with a BYD and a service type."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.advisor = new_test_user(
            cls.env, "cx_t4_advisor", groups="cx_experience.group_cx_advisor"
        )
        cls.manager = new_test_user(
            cls.env, "cx_t4_manager", groups="cx_experience.group_cx_manager"
        )
        cls.employee = new_test_user(
            cls.env, "cx_t4_employee", groups="base.group_user"
        )
        cls.customer = cls.env["res.partner"].create({"name": "王磊 (Wang Lei)"})
        brand = cls.env["fleet.vehicle.model.brand"].create({"name": "NIO"})
        cls.model = cls.env["fleet.vehicle.model"].create(
            {"name": "ES6", "brand_id": brand.id}
        )
        cls.service_type = cls.env["fleet.service.type"].create(
            {"name": "Maintenance", "category": "service"}
        )
        cls.vehicle = cls.env["fleet.vehicle"].create(
            {
                "model_id": cls.model.id,
                "driver_id": cls.customer.id,
                "manager_id": cls.advisor.id,
                "license_plate": "沪A·88888",
                "acquisition_date": "2024-05-01",
            }
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

    @contextmanager
    def assertRaisesMsg(self, exception, regex):
        """``assertRaises`` (rolled back to a savepoint) checking the message too."""
        with self.assertRaises(exception) as cm:
            yield cm
        self.assertRegex(str(cm.exception), regex)
