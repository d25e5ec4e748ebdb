from datetime import date, datetime, timedelta
from unittest.mock import patch

import psycopg2.errors

from odoo import SUPERUSER_ID, api, fields
from odoo.exceptions import ValidationError
from odoo.sql_db import db_connect
from odoo.tests import tagged
from odoo.tools import mute_logger

from ..tools.visits import BOOKING_HORIZON_DAYS, in_future, too_far_ahead
from .common import CxCase


@tagged("post_install", "-at_install")
class TestVisitEdges(CxCase):
    """Implausible dates are refused; a cancelled visit leaves no work behind."""

    def test_horizon_rule(self):
        today = date(2026, 3, 2)
        self.assertEqual(BOOKING_HORIZON_DAYS, 365)
        self.assertFalse(too_far_ahead(today + timedelta(days=365), today))
        self.assertTrue(too_far_ahead(today + timedelta(days=366), today))
        self.assertFalse(too_far_ahead(today - timedelta(days=3000), today))
        self.assertFalse(too_far_ahead(False, today))

    def test_far_future_visit_refused(self):
        today = fields.Date.context_today(self.env.user)
        with self.assertRaisesMsg(ValidationError, "Date: .* more than 365 days"):
            self._service(date=today + timedelta(days=730))
        service = self._service(date=today + timedelta(days=30))
        with self.assertRaisesMsg(ValidationError, "Date: "):
            service.write({"date": today + timedelta(days=800)})
        self.assertEqual(service.date, today + timedelta(days=30))

    def test_cancelled_visit_leaves_no_work(self):
        today = fields.Date.context_today(self.env.user)
        service = self._service(date=today + timedelta(days=3))
        briefing_type = self.env.ref("cx_experience.mail_activity_type_cx_briefing")
        self.assertEqual(service.activity_ids.activity_type_id, briefing_type)
        service.write({"state": "running"})
        item = service.sudo().cx_checklist_ids.item_ids.filtered(
            lambda i: i.checklist_id.template_id.required_for_done is False
        )[:1]
        item.with_user(self.advisor).write({"result": "finding", "note": "Tyre worn"})
        item.with_user(self.advisor).action_follow_up_activity()
        self.assertEqual(len(service.activity_ids), 2)
        # a CX activity of someone else's on the visit stays
        other = service.activity_schedule(
            "mail.mail_activity_data_todo", summary="Order the part"
        )
        service.write({"state": "cancelled"})
        self.assertEqual(service.sudo().cx_journey_ids.state, "cancel")
        self.assertEqual(service.activity_ids, other)
        note = service.message_ids.filtered(
            lambda m: "Visit cancelled" in (m.body or "")
        )
        self.assertEqual(len(note), 1)
        self.assertIn("2 pending CX activities", note.body)
        self.assertIn("Pre-visit briefing", note.body)


@tagged("post_install", "-at_install")
class TestImplausibleInput(CxCase):
    """What happened cannot be dated in the future; odometers do not go negative."""

    def test_in_future_rule(self):
        now = datetime(2026, 3, 2, 9, 0)
        self.assertFalse(in_future(now + timedelta(minutes=5), now))
        self.assertTrue(in_future(now + timedelta(minutes=6), now))
        self.assertFalse(in_future(date(2026, 3, 2), now))
        self.assertTrue(in_future(date(2026, 3, 3), now))
        self.assertTrue(in_future(date(2026, 3, 3), date(2026, 3, 2)))
        self.assertFalse(in_future(False, now))

    def test_touchpoint_and_stamps_not_in_future(self):
        journey = (
            self.env["cx.journey"]
            .with_user(self.advisor)
            .create({"partner_id": self.customer.id, "vehicle_id": self.vehicle.id})
        )
        tomorrow = datetime.now() + timedelta(days=1)
        with self.assertRaisesMsg(ValidationError, "Time: .*future"):
            self.env["cx.touchpoint"].with_user(self.advisor).create(
                {
                    "journey_id": journey.id,
                    "stage_id": self.stage["arrival"].id,
                    "emotion": 2,
                    "date": tomorrow,
                }
            )
        with self.assertRaisesMsg(ValidationError, "Arrival: .*future"):
            journey.write({"arrival_at": tomorrow})
        now = datetime.now().replace(microsecond=0)
        with self.assertRaisesMsg(ValidationError, "Booking confirmed: .*before"):
            journey.write(
                {
                    "booking_requested_at": now,
                    "booking_confirmed_at": now - timedelta(minutes=3),
                }
            )
        journey.write(
            {
                "booking_requested_at": now - timedelta(minutes=3),
                "booking_confirmed_at": now,
            }
        )
        self.assertFalse(journey.sla_booking_breach)

    def test_odometer_plausible(self):
        Odometer = self.env["fleet.vehicle.odometer"]
        with self.assertRaisesMsg(ValidationError, "Odometer Value: -5.0 is negative"):
            Odometer.create({"vehicle_id": self.vehicle.id, "value": -5})
        with self.assertRaisesMsg(ValidationError, "Date: .*in the future"):
            Odometer.create(
                {
                    "vehicle_id": self.vehicle.id,
                    "value": 100,
                    "date": date.today() + timedelta(days=2),
                }
            )
        reading = Odometer.create({"vehicle_id": self.vehicle.id, "value": 100})
        self.assertEqual(reading.value, 100)

    def test_concurrent_readings_serialised(self):
        """Two readings of one car saved at once cannot both pass the check: the
        second waits for the first (13.10)."""
        connection = db_connect(self.env.cr.dbname)
        with connection.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            brand = env["fleet.vehicle.model.brand"].create({"name": "Raced"})
            model = env["fleet.vehicle.model"].create(
                {"name": "Raced", "brand_id": brand.id}
            )
            car_id = env["fleet.vehicle"].create({"model_id": model.id}).id
            ids = (car_id, model.id, brand.id)
            cr.commit()  # pylint: disable=invalid-commit

        def cleanup():
            with connection.cursor() as cr:
                car, model, brand = ids
                cr.execute(
                    "DELETE FROM fleet_vehicle_odometer WHERE vehicle_id = %s", [car]
                )
                cr.execute("DELETE FROM fleet_vehicle WHERE id = %s", [car])
                cr.execute("DELETE FROM fleet_vehicle_model WHERE id = %s", [model])
                cr.execute(
                    "DELETE FROM fleet_vehicle_model_brand WHERE id = %s", [brand]
                )
                cr.commit()  # pylint: disable=invalid-commit

        self.addCleanup(cleanup)
        # two advisors' saves: A is not committed yet when B saves
        with connection.cursor() as cr_a, connection.cursor() as cr_b:
            env_a = api.Environment(cr_a, SUPERUSER_ID, {})
            env_a["fleet.vehicle.odometer"].create(
                {"vehicle_id": car_id, "value": 5000, "date": date.today()}
            )
            env_a.flush_all()
            cr_b.execute("SET LOCAL lock_timeout = '300ms'")
            env_b = api.Environment(cr_b, SUPERUSER_ID, {})
            with (
                mute_logger("odoo.sql_db"),
                self.assertRaises(psycopg2.errors.LockNotAvailable),
            ):
                env_b["fleet.vehicle.odometer"].create(
                    {"vehicle_id": car_id, "value": 4000, "date": date.today()}
                )
                env_b.flush_all()
            cr_b.rollback()
            cr_a.rollback()


@tagged("post_install", "-at_install")
class TestVisitLifecycle(CxCase):
    """The visit's transitions run from one entry point whatever the path."""

    def test_one_entry_point(self):
        Service = type(self.env["fleet.vehicle.log.services"])
        with patch.object(Service, "_cx_on_done", autospec=True) as on_done:
            service = self._service(state="running")
            service.sudo().cx_checklist_ids.action_mark_all_done()
            service.write({"state": "done"})  # statusbar and RPC
            service.write({"state": "done"})  # saved again: no new transition
            self.assertEqual(on_done.call_count, 1)
            self.assertEqual(on_done.call_args.args[0], service)
            # the go-live import (a CX manager) goes through it too
            result = (
                self.env["fleet.vehicle.log.services"]
                .with_user(self.manager)
                .load(
                    ["vehicle_id/.id", "service_type_id/.id", "state"],
                    [[str(self.vehicle.id), str(self.service_type.id), "done"]],
                )
            )
            self.assertEqual(on_done.call_count, 2)
            self.assertEqual(on_done.call_args.args[0].ids, result["ids"])
        with patch.object(Service, "_cx_on_cancelled", autospec=True) as on_cancel:
            other = self._service()
            other.write({"state": "cancelled"})
            on_cancel.assert_called_once()


@tagged("post_install", "-at_install")
class TestStatButtons(CxCase):
    """The stat buttons open their records through one helper."""

    def test_related_action(self):
        customer = self.customer.with_user(self.advisor)
        action = customer.action_cx_journeys()
        self.assertEqual(action["res_model"], "cx.journey")
        self.assertEqual(action["domain"], [("partner_id", "=", self.customer.id)])
        self.assertEqual(action["context"], {"default_partner_id": self.customer.id})
        action = customer.action_cx_vehicles()
        self.assertEqual(action["domain"], [("driver_id", "=", self.customer.id)])
        with self.assertRaises(ValueError):
            (self.customer | self.advisor.partner_id).action_cx_journeys()

    def test_counts(self):
        self._service(state="running")
        self._service(state="running")
        nobody = self.env["res.partner"].create({"name": "Nobody"})
        partners = (self.customer | nobody).with_user(self.advisor)
        self.assertEqual(partners.mapped("cx_vehicle_count"), [1, 0])
        self.assertEqual(partners.mapped("cx_service_count"), [2, 0])
        self.assertEqual(partners.mapped("cx_journey_count"), [2, 0])
