import importlib.util
import os
from datetime import datetime

from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import CxCase


@tagged("post_install", "-at_install")
class TestJourney(CxCase):
    def _journey(self, user=None):
        return (
            self.env["cx.journey"]
            .with_user(user or self.advisor)
            .create({"partner_id": self.customer.id, "vehicle_id": self.vehicle.id})
        )

    def _count(self, journey):
        return self.env["cx.touchpoint"].search_count([("journey_id", "=", journey.id)])

    def _touch(self, journey, key, emotion, pain=False, minute=0):
        return (
            self.env["cx.touchpoint"]
            .with_user(self.advisor)
            .create(
                {
                    "journey_id": journey.id,
                    "stage_id": self.stage[key].id,
                    "emotion": emotion,
                    "pain_point": pain,
                    "date": datetime(2026, 3, 1, 9, minute),
                }
            )
        )

    def test_seeded_stages(self):
        stages = self.env["cx.touchpoint.stage"].search([])
        self.assertEqual(len(stages), 11)
        self.assertEqual(
            stages.filtered("is_moment_of_truth"),
            self.stage["booking"] | self.stage["reception"] | self.stage["delivery"],
        )
        self.assertEqual(stages[0], self.stage["booking"])
        self.assertEqual(
            stages[-1], self.env.ref("cx_experience.cx_touchpoint_stage_follow_up")
        )
        self.assertEqual(self.stage["booking"].channel, "online")

    def test_peak_end_worked_example(self):
        journey = self._journey()
        # recorded out of order: the end is the last by stage order, then time
        self._touch(journey, "delivery", 1, minute=50)
        self._touch(journey, "booking", 2, minute=0)
        self._touch(
            journey, "waiting", -3, pain="Waited 40 minutes, no update", minute=30
        )
        self._touch(journey, "arrival", -1, pain="No parking space", minute=5)
        self._touch(journey, "reception", 4, minute=10)
        self.assertEqual(journey.touchpoint_count, 5)
        self.assertEqual(journey.emotion_peak, 4)
        self.assertEqual(journey.emotion_trough, -3)
        self.assertEqual(journey.emotion_end, 1)
        self.assertEqual(journey.peak_end_score, 2.5)
        self.assertEqual(journey.pain_point_count, 2)
        self.assertFalse(journey.negative_moment_of_truth)
        # the delivery goes wrong: the car is not washed
        delivery = journey.touchpoint_ids.filtered(
            lambda t: t.stage_id == self.stage["delivery"]
        )
        delivery.write({"emotion": -4, "pain_point": "Car not washed"})
        self.assertEqual(journey.emotion_end, -4)
        self.assertEqual(journey.emotion_trough, -4)
        # the peak is the most intense moment: -4 ties +4 and the bad one wins
        self.assertEqual(journey.emotion_peak, -4)
        self.assertEqual(journey.peak_end_score, -4.0)
        self.assertEqual(journey.pain_point_count, 3)
        self.assertTrue(journey.negative_moment_of_truth)
        delivery.with_user(self.manager).unlink()  # advisors cannot (12.4)
        self.assertEqual(journey.emotion_end, -3)
        self.assertEqual(journey.emotion_peak, 4)
        self.assertEqual(journey.peak_end_score, 0.5)
        self.assertFalse(journey.negative_moment_of_truth)

    def test_inline_entry_from_journey_form(self):
        journey = self._journey()
        with Form(journey.with_user(self.advisor)) as form:
            with form.touchpoint_ids.new() as line:
                line.stage_id = self.stage["reception"]
                line.emotion = 3
            with form.touchpoint_ids.new() as line:
                line.stage_id = self.stage["delivery"]
                line.emotion = 5
        self.assertEqual(journey.touchpoint_ids.user_id, self.advisor)
        self.assertEqual(journey.peak_end_score, 5.0)

    def test_emotion_range_python_and_sql(self):
        journey = self._journey()
        with self.assertRaisesMsg(ValidationError, "between -5 and \\+5"):
            self._touch(journey, "arrival", 6)
        with self.assertRaisesMsg(ValidationError, "between -5 and \\+5"):
            self._touch(journey, "arrival", -6)
        self.assertFalse(self._count(journey))
        touchpoint = self._touch(journey, "arrival", 5)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            with self.env.cr.savepoint():
                self.env.cr.execute(
                    "UPDATE cx_touchpoint SET emotion = 9 WHERE id = %s",
                    [touchpoint.id],
                )

    def test_touchpoint_company_must_match_journey(self):
        other = self.env["res.company"].create({"name": "Other dealership"})
        journey = self._journey()
        with self.assertRaisesMsg(ValidationError, "Company"):
            self.env["cx.touchpoint"].create(
                {
                    "journey_id": journey.id,
                    "stage_id": self.stage["arrival"].id,
                    "company_id": other.id,
                }
            )
        self.assertFalse(self._count(journey))

    def test_advisor_sees_own_company_only(self):
        other = self.env["res.company"].create({"name": "Other dealership"})
        foreign = self.env["cx.journey"].create(
            {"partner_id": self.customer.id, "company_id": other.id}
        )
        self.env["cx.touchpoint"].create(
            {"journey_id": foreign.id, "stage_id": self.stage["arrival"].id}
        )
        journeys = self.env["cx.journey"].with_user(self.advisor).search([])
        self.assertNotIn(foreign, journeys)
        self.assertFalse(
            self.env["cx.touchpoint"]
            .with_user(self.advisor)
            .search([("journey_id", "=", foreign.id)])
        )
        with self.assertRaises(AccessError):
            foreign.touchpoint_ids.with_user(self.advisor).read(["emotion"])
        with self.assertRaises(AccessError):
            self.env["cx.touchpoint"].with_user(self.employee).search([])

    def test_stages_configured_by_managers_only(self):
        with self.assertRaises(AccessError):
            self.env["cx.touchpoint.stage"].with_user(self.advisor).create(
                {"name": "Car wash"}
            )
        stage = (
            self.env["cx.touchpoint.stage"]
            .with_user(self.manager)
            .create({"name": "Car wash", "channel": "offline", "sequence": 85})
        )
        self.assertEqual(stage.channel, "offline")

    def test_sla_breaches(self):
        journey = self._journey()
        journey.write(
            {
                "booking_requested_at": datetime(2026, 3, 1, 9, 0),
                "booking_confirmed_at": datetime(2026, 3, 1, 9, 4),
                "pre_arrival_notice_at": datetime(2026, 3, 2, 8, 50),
                "arrival_at": datetime(2026, 3, 2, 9, 0),
            }
        )
        self.assertFalse(journey.sla_booking_breach)
        self.assertTrue(journey.sla_pre_arrival_breach)
        self.assertFalse(journey.sla_delivery_report_breach)
        journey.pre_arrival_notice_at = datetime(2026, 3, 2, 8, 40)
        journey.booking_confirmed_at = datetime(2026, 3, 1, 9, 7)
        self.assertTrue(journey.sla_booking_breach)
        self.assertFalse(journey.sla_pre_arrival_breach)
        journey.action_done()
        self.assertTrue(journey.sla_delivery_report_breach)
        self.assertEqual(journey.sla_breach_count, 2)
        journey.with_context(cx_stamp="delivery_report_sent_at").action_cx_stamp()
        self.assertTrue(journey.delivery_report_sent_at)
        self.assertEqual(journey.sla_breach_count, 1)
        # countable in reports
        groups = self.env["cx.journey"]._read_group(
            [("id", "=", journey.id)], [], ["sla_breach_count:sum"]
        )
        self.assertEqual(groups[0][0], 1)

    def test_emotion_by_stage_report(self):
        for emotions in ((2, -2), (4, 0)):
            journey = self._journey()
            self._touch(journey, "reception", emotions[0])
            self._touch(journey, "waiting", emotions[1], pain="Long wait")
        groups = dict(
            self.env["cx.touchpoint"]
            .with_user(self.manager)
            ._read_group(
                [("partner_id", "=", self.customer.id)], ["stage_id"], ["emotion:avg"]
            )
        )
        self.assertEqual(groups[self.stage["reception"]], 3)
        self.assertEqual(groups[self.stage["waiting"]], -1)
        pains = dict(
            self.env["cx.touchpoint"]._read_group(
                [("partner_id", "=", self.customer.id)],
                ["stage_id"],
                ["pain_point_count:sum"],
            )
        )
        self.assertEqual(pains[self.stage["waiting"]], 2)
        self.assertEqual(pains[self.stage["reception"]], 0)

    def test_emotion_curve_action(self):
        journey = self._journey()
        action = journey.with_user(self.advisor).action_emotion_curve()
        self.assertEqual(action["res_model"], "cx.touchpoint")
        self.assertEqual(action["domain"], [("journey_id", "=", journey.id)])
        self.assertTrue(action["view_mode"].startswith("graph"))

    def test_follow_up_call_beside_the_score(self):
        """The follow-up call after the visit is shown beside the score."""
        follow_up = self.env.ref("cx_experience.cx_touchpoint_stage_follow_up")
        self.assertTrue(follow_up.after_visit)
        journey = self._journey()
        self._touch(journey, "waiting", -3, minute=10)
        self._touch(journey, "delivery", 5, minute=50)
        self.assertEqual(journey.peak_end_score, 5.0)
        self.env["cx.touchpoint"].with_user(self.advisor).create(
            {
                "journey_id": journey.id,
                "stage_id": follow_up.id,
                "emotion": -2,
                "date": datetime(2026, 3, 2, 9, 0),
            }
        )
        self.assertEqual(journey.touchpoint_count, 3)
        self.assertEqual(journey.emotion_end, 5)
        self.assertEqual(journey.peak_end_score, 5.0)
        self.assertEqual(journey.emotion_after_visit, -2)

    def test_migration_recomputes_stored_scores(self):
        """Upgrading to 19.0.1.0.3 recomputes what the old rule stored."""
        journey = self._journey()
        self._touch(journey, "reception", 2, minute=10)
        self._touch(journey, "waiting", -3, minute=20)
        self._touch(journey, "delivery", 2, minute=50)
        self.assertEqual(journey.peak_end_score, -0.5)
        follow_up = self.env.ref("cx_experience.cx_touchpoint_stage_follow_up")
        follow_up.after_visit = False
        self.env.flush_all()
        # what the old rule stored: max emotion 2, end 2
        self.env.cr.execute(
            "UPDATE cx_journey SET emotion_peak = 2, peak_end_score = 2.0"
            " WHERE id = %s",
            [journey.id],
        )
        self.env.invalidate_all()
        path = os.path.join(
            os.path.dirname(__file__), "../migrations/19.0.1.0.3/post-migrate.py"
        )
        spec = importlib.util.spec_from_file_location("cx_migrate_1_0_3", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.migrate(self.env.cr, "19.0.1.0.2")
        self.env.invalidate_all()
        self.assertTrue(follow_up.after_visit)
        self.assertEqual(journey.emotion_peak, -3)
        self.assertEqual(journey.peak_end_score, -0.5)
