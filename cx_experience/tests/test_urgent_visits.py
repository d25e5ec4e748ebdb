from datetime import timedelta

from freezegun import freeze_time
from lxml import etree

from odoo import fields
from odoo.tests import BaseCase, tagged

from ..tools import mot_sla
from .common import CxCase


@tagged("post_install", "-at_install")
class TestUrgentRules(BaseCase):
    def test_two_hours_to_reception(self):
        asked = fields.Datetime.to_datetime("2026-12-06 20:35:00")
        deadline = mot_sla.urgent_deadline(asked)
        self.assertEqual(deadline, asked + timedelta(hours=2))
        self.assertFalse(mot_sla.urgent_breach(deadline, deadline, deadline))
        self.assertTrue(
            mot_sla.urgent_breach(deadline, deadline + timedelta(minutes=1), deadline)
        )
        self.assertTrue(
            mot_sla.urgent_breach(deadline, None, deadline + timedelta(seconds=1))
        )
        self.assertFalse(
            mot_sla.urgent_at_risk(deadline, None, asked + timedelta(minutes=89))
        )
        self.assertTrue(
            mot_sla.urgent_at_risk(deadline, None, asked + timedelta(minutes=90))
        )
        self.assertFalse(mot_sla.urgent_at_risk(deadline, asked, deadline))


@tagged("post_install", "-at_install")
class TestUrgentVisits(CxCase):
    """Issue 14 point 5: a broken-down car is taken in within 2 hours."""

    def test_urgent_visit_breaches_at_two_hours(self):
        asked = fields.Datetime.now().replace(microsecond=0)
        with freeze_time(asked):
            service = self._service(state="new", cx_urgent=True)
            calm = self._service(state="new")
        self.assertEqual(service.cx_urgent_deadline, asked + timedelta(hours=2))
        Services = self.env["fleet.vehicle.log.services"]
        with freeze_time(asked + timedelta(minutes=80)):
            self.assertFalse(Services._cron_cx_urgent_visits())
        with freeze_time(asked + timedelta(minutes=91)):
            self.assertEqual(Services._cron_cx_urgent_visits(), service)
            self.assertFalse(Services._cron_cx_urgent_visits(), "warned once")
        warning = service.activity_ids.filtered(
            lambda a: "Urgent visit at risk" in a.summary
        )
        self.assertEqual(warning.user_id, self.env.company._cx_service_manager())
        self.assertTrue(warning.user_id.has_group("cx_experience.group_cx_manager"))
        self.assertFalse(service.cx_urgent_breach)
        with freeze_time(asked + timedelta(hours=2, seconds=1)):
            Services._cron_cx_urgent_visits()
        self.assertTrue(service.cx_urgent_breach)
        self.assertFalse(calm.cx_urgent_breach)
        # received late: the breach stays, with the time of reception
        with freeze_time(asked + timedelta(hours=2, minutes=5)):
            service.write({"state": "running"})
        self.assertEqual(service.cx_received_at, asked + timedelta(hours=2, minutes=5))
        self.assertTrue(service.cx_urgent_breach)

    def test_received_in_time_and_first_on_the_board(self):
        asked = fields.Datetime.now().replace(microsecond=0)
        with freeze_time(asked):
            first = self._service(state="new")
            urgent = self._service(state="new")
        with freeze_time(asked + timedelta(minutes=5)):
            urgent.with_user(self.advisor).cx_urgent = True
        self.assertEqual(
            urgent.cx_urgent_deadline, asked + timedelta(hours=2, minutes=5)
        )
        with freeze_time(asked + timedelta(minutes=70)):
            urgent.with_user(self.advisor).action_cx_next_repair_stage()
            self.env["fleet.vehicle.log.services"]._cron_cx_urgent_visits()
        self.assertEqual(urgent.cx_received_at, asked + timedelta(minutes=70))
        self.assertFalse(urgent.cx_urgent_breach)
        self.assertFalse(
            urgent.activity_ids.filtered(lambda a: "Urgent" in (a.summary or ""))
        )
        # the workshop board lists urgent cars first
        view = self.env.ref(
            "cx_experience.fleet_vehicle_log_services_view_kanban_workshop"
        )
        order = etree.fromstring(view.arch).get("default_order")
        self.assertTrue(order.startswith("cx_urgent desc"))
        board = (
            self.env["fleet.vehicle.log.services"]
            .with_user(self.advisor)
            .search([("id", "in", (first | urgent).ids)], order=order)
        )
        self.assertEqual(board[0], urgent)
