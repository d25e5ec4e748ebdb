from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import tagged

from .common import CxCase


@tagged("post_install", "-at_install")
class TestLifecycle(CxCase):
    def _vehicle(self, acquisition, driver=None):
        vehicle = self.env["fleet.vehicle"].create(
            {
                "model_id": self.model.id,
                "driver_id": (driver or self.customer).id,
                "manager_id": self.advisor.id,
                "acquisition_date": acquisition,
            }
        )
        self.env.flush_all()  # stored stages are computed "today": inside the freeze
        return vehicle

    def _run(self, day):
        with freeze_time(day):
            self.env["fleet.vehicle"]._cx_update_lifecycle()

    def test_boundaries_by_daily_cron(self):
        customer = self.env["res.partner"].create({"name": "Emily Zhou"})
        with freeze_time("2026-01-01"):
            vehicle = self._vehicle(date(2026, 1, 1), customer)
        self.assertEqual(vehicle.cx_lifecycle_stage, "purchase")
        self.assertEqual(customer.cx_lifecycle_stage, "purchase")
        self.assertEqual(vehicle.cx_lifecycle_next_date, date(2026, 1, 9))
        self._run("2026-01-08")  # day 7
        self.assertEqual(vehicle.cx_lifecycle_stage, "purchase")
        self._run("2026-01-09")  # day 8
        self.assertEqual(vehicle.cx_lifecycle_stage, "break_in")
        self.assertEqual(customer.cx_lifecycle_stage, "break_in")
        self._run("2026-06-30")
        self.assertEqual(vehicle.cx_lifecycle_stage, "break_in")
        self._run("2026-07-01")  # month 6
        self.assertEqual(vehicle.cx_lifecycle_stage, "stable")
        self._run("2028-12-31")
        self.assertEqual(vehicle.cx_lifecycle_stage, "stable")
        self._run("2029-01-01")  # year 3
        self.assertEqual(vehicle.cx_lifecycle_stage, "decline")
        self.assertEqual(customer.cx_lifecycle_stage, "decline")
        self.assertFalse(vehicle.cx_lifecycle_next_date)

    def test_cron_touches_only_the_vehicles_that_move(self):
        with freeze_time("2026-01-01"):
            moving = self._vehicle(date(2026, 1, 1))
            still = self._vehicle(date(2025, 12, 1))
        self.env.flush_all()
        with freeze_time("2026-01-09"):
            todo = self.env["fleet.vehicle"].search(
                [("cx_lifecycle_next_date", "<=", date(2026, 1, 9))]
            )
            self.assertIn(moving, todo)
            self.assertNotIn(still, todo)
            self.assertEqual(
                self.env["fleet.vehicle"]._cx_update_lifecycle(limit=100), (1, 0)
            )
        self.assertEqual(moving.cx_lifecycle_stage, "break_in")
        self.assertEqual(still.cx_lifecycle_stage, "break_in")
        # customer follows the newest vehicle
        self.assertEqual(self.customer.cx_lifecycle_stage, "break_in")

    def test_customer_stage_from_newest_vehicle(self):
        customer = self.env["res.partner"].create({"name": "刘洋"})
        with freeze_time("2026-03-01"):
            self._vehicle(date(2020, 1, 1), customer)
            self.assertEqual(customer.cx_lifecycle_stage, "decline")
            self._vehicle(date(2026, 2, 1), customer)
            self.assertEqual(customer.cx_lifecycle_stage, "break_in")

    def test_churn_risk_nodes(self):
        activity_type = self.env.ref(
            "cx_experience.mail_activity_type_cx_churn_follow_up"
        )
        with freeze_time("2026-01-01"):
            vehicle = self._vehicle(date(2026, 1, 1))
            old = self._vehicle(date(2020, 1, 1))
        with freeze_time("2026-01-08"):
            flagged = self.env["fleet.vehicle"]._cx_flag_churn_risks()
            self.assertEqual(flagged, vehicle)
            self.assertTrue(vehicle.cx_churn_delivery)
            self.assertFalse(old.cx_churn_delivery)
            activity = vehicle.activity_ids.filtered(
                lambda a: a.activity_type_id == activity_type
            )
            self.assertEqual(len(activity), 1)
            self.assertEqual(activity.user_id, self.advisor)
            self.assertIn("one week after delivery", activity.summary)
            # idempotent
            self.assertFalse(self.env["fleet.vehicle"]._cx_flag_churn_risks())
        # first service done on Jan 20 -> node one month later
        with freeze_time("2026-01-20"):
            service = self.env["fleet.vehicle.log.services"].create(
                {
                    "vehicle_id": vehicle.id,
                    "service_type_id": self.service_type.id,
                    "date": "2026-01-20",
                    "state": "done",
                }
            )
        with freeze_time("2026-02-18"):
            self.assertFalse(self.env["fleet.vehicle"]._cx_flag_churn_risks())
        with freeze_time("2026-02-19"):
            self.assertEqual(self.env["fleet.vehicle"]._cx_flag_churn_risks(), vehicle)
            self.assertTrue(vehicle.cx_churn_first_service)
            self.assertEqual(len(vehicle.activity_ids), 2)
        # first failure, flagged on the visit
        self.assertFalse(vehicle.cx_churn_first_failure)
        service.with_user(self.advisor).cx_fault_repair = True
        self.assertTrue(vehicle.cx_churn_first_failure)
        self.assertEqual(len(vehicle.activity_ids), 3)
        self.assertTrue(
            vehicle.activity_ids.filtered(lambda a: "first failure" in a.summary)
        )
        self._service(vehicle_id=vehicle.id, cx_fault_repair=True)
        self.assertEqual(len(vehicle.activity_ids), 3)

    def test_cron_runs_in_batches(self):
        cron = self.env.ref("cx_experience.ir_cron_cx_lifecycle")
        self.assertEqual(cron.interval_type, "days")
        with freeze_time("2026-01-01"):
            vehicles = self._vehicle(date(2026, 1, 1)) | self._vehicle(date(2026, 1, 1))
            vehicles |= self._vehicle(date(2026, 1, 1))
        with (
            freeze_time("2026-01-09"),
            patch.object(
                type(self.env["ir.cron"]), "_commit_progress", return_value=60.0
            ) as progress,
        ):
            self.env["fleet.vehicle"]._cron_cx_lifecycle(batch=2)
        self.assertEqual(set(vehicles.mapped("cx_lifecycle_stage")), {"break_in"})
        self.assertEqual([c.args[0] for c in progress.call_args_list[:2]], [2, 1])
        self.assertTrue(all(vehicles.mapped("cx_churn_delivery")))

    def test_cron_is_set_wise(self):
        """The daily update costs the same queries for 2 or 20 moving vehicles."""

        def queries_for(count, acquisition):
            with freeze_time("2026-01-01"):
                for _i in range(count):
                    self._vehicle(acquisition)
            with freeze_time("2026-01-09"):
                self.env.invalidate_all()
                before = self.env.cr.sql_log_count
                self.env["fleet.vehicle"]._cx_update_lifecycle()
                return self.env.cr.sql_log_count - before

        few = queries_for(2, date(2026, 1, 1))
        many = queries_for(20, date(2025, 12, 31))
        self.assertLessEqual(many, few + 2)
