from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import CxCase


@tagged("post_install", "-at_install")
class TestRepairProgress(CxCase):
    """Issue 14 point 2: repair stages as data, moved in one click, each move a
    touchpoint on the journey."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.technician = cls._cx_staff("cx_t14_technician", "fleet.fleet_group_user")
        cls.rs = {
            key: cls.env.ref(f"cx_experience.cx_repair_stage_{key}")
            for key in (
                "received",
                "diagnosing",
                "repairing",
                "quality_check",
                "washing",
                "ready",
                "delivered",
            )
        }

    def test_seeded_stages_fill_the_bar(self):
        stages = self.env["cx.repair.stage"].search([])
        self.assertEqual(
            stages[:7], self.env["cx.repair.stage"].concat(*self.rs.values())
        )
        self.assertEqual(
            [self.rs[k].progress for k in ("received", "diagnosing", "repairing")],
            [10, 20, 60],
        )
        self.assertEqual(self.rs["quality_check"].progress, 90)
        self.assertTrue(self.rs["repairing"].notify_customer)
        self.assertTrue(self.rs["ready"].notify_customer)
        self.assertFalse(self.rs["washing"].notify_customer)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.rs["washing"].progress = 120
            self.env.flush_all()

    def test_start_receives_the_car_and_clicks_move_it(self):
        service = self._service(state="new")
        self.assertFalse(service.cx_repair_stage_id)
        service.write({"state": "running"})
        self.assertEqual(service.cx_repair_stage_id, self.rs["received"])
        self.assertEqual(service.cx_repair_progress, 10)
        # a technician without any CX group moves it on in one click
        service.with_user(self.technician).action_cx_next_repair_stage()
        self.assertEqual(service.cx_repair_stage_id, self.rs["diagnosing"])
        self.assertEqual(service.cx_repair_progress, 20)
        self.assertTrue(service.cx_repair_stage_at)
        moves = service.cx_touchpoint_ids.filtered("repair_stage_id").sorted("id")
        self.assertEqual(
            moves.repair_stage_id, self.rs["received"] | self.rs["diagnosing"]
        )
        self.assertEqual(moves[-1].user_id, self.technician)
        self.assertEqual(
            moves[-1].stage_id,
            self.env.ref("cx_experience.cx_touchpoint_stage_diagnosis"),
        )
        self.assertTrue(all(moves.mapped("is_event")))

    def test_moves_do_not_change_what_the_customer_remembers(self):
        service = self._service(state="running")
        journey = service.cx_journey_ids
        self.env["cx.touchpoint"].create(
            {
                "journey_id": journey.id,
                "stage_id": self.stage["reception"].id,
                "emotion": 4,
            }
        )
        service.cx_repair_stage_id = self.rs["quality_check"]
        self.assertEqual(journey.emotion_end, 4)
        self.assertEqual(journey.peak_end_score, 4.0)
        self.assertEqual(journey.touchpoint_count, 3)

    def test_a_booked_visit_moved_in_starts(self):
        service = self._service(state="new")
        service.with_user(self.advisor).cx_repair_stage_id = self.rs["diagnosing"]
        self.assertEqual(service.state, "running")
        self.assertEqual(
            service.cx_touchpoint_ids.filtered("repair_stage_id").user_id, self.advisor
        )

    def test_delivered_closes_through_the_checklist(self):
        service = self._service(state="running")
        self.assertTrue(service.cx_checklist_todo)
        with self.assertRaisesMsg(UserError, "delivery checklist"):
            service.with_user(self.advisor).cx_repair_stage_id = self.rs["delivered"]
        self.assertEqual(service.cx_repair_stage_id, self.rs["received"])
        service.with_user(self.manager).action_cx_override_done()
        self.assertEqual(service.state, "done")
        self.assertEqual(service.cx_repair_stage_id, self.rs["delivered"])
        with self.assertRaisesMsg(UserError, "cannot move on from Delivered"):
            service.action_cx_next_repair_stage()
        # the customer's side (portal or public user) never moves the car
        with self.assertRaises(AccessError):
            service.with_user(
                self.env.ref("base.public_user")
            ).action_cx_next_repair_stage()

    def test_workshop_board_shows_every_stage(self):
        self._service(state="running")
        Services = self.env["fleet.vehicle.log.services"].with_user(self.technician)
        groups = Services.with_context(read_group_expand=True).formatted_read_group(
            [("state", "=", "running")], ["cx_repair_stage_id"], ["__count"]
        )
        names = [g["cx_repair_stage_id"][1] for g in groups if g["cx_repair_stage_id"]]
        self.assertEqual(len(names), 7)
        counts = {
            g["cx_repair_stage_id"][0]: g["__count"]
            for g in groups
            if g["cx_repair_stage_id"]
        }
        self.assertEqual(counts[self.rs["received"].id], 1)
        action = self.env.ref("cx_experience.cx_workshop_action")
        self.assertIn("cx_workshop_today", action.context)
