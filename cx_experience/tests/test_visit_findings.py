import base64
import re
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import BaseCase, tagged

from ..tools import findings
from .test_visit_page import PNG, VisitPageCase


@tagged("post_install", "-at_install")
class TestFindingRules(BaseCase):
    def test_a_choice_is_made_once(self):
        self.assertEqual(findings.check_decision("proposed", "approved"), "approved")
        with self.assertRaises(ValueError):
            findings.check_decision("approved", "declined")
        with self.assertRaises(ValueError):
            findings.check_decision("proposed", "maybe")

    def test_only_declined_safety_comes_back(self):
        self.assertTrue(findings.needs_follow_up("safety", "declined"))
        self.assertFalse(findings.needs_follow_up("safety", "approved"))
        self.assertFalse(findings.needs_follow_up("comfort", "declined"))


@tagged("post_install", "-at_install")
class TestVisitFindings(VisitPageCase):
    """Issue 14 point 3: extra findings and the customer's choice."""

    def setUp(self):
        super().setUp()
        self.service.write({"state": "running"})
        Finding = self.env["cx.visit.finding"].with_user(self.advisor)
        self.brakes = Finding.create(
            {
                "service_id": self.service.id,
                "name": "Front brake pads worn to 2 mm",
                "description": "Braking distance is longer: replace before a long trip.",
                "urgency": "safety",
                "price": 680,
                "photo": base64.b64encode(PNG),
            }
        )
        self.wipers = Finding.create(
            {
                "service_id": self.service.id,
                "name": "Wiper blades streaking",
                "urgency": "comfort",
                "price": 120,
            }
        )

    def _choose(self, finding, decision, path=None):
        page = self.url_open(path or self._path())
        csrf = re.search(r'csrf_token: "([^"]+)"', page.text).group(1)
        return self.url_open(
            (path or self._path()) + "/finding/%s" % finding.id,
            data={"csrf_token": csrf, "decision": decision},
            allow_redirects=False,
        )

    def test_customer_approves_one_and_declines_another(self):
        page = self.url_open(self._path())
        self.assertIn("Front brake pads worn to 2 mm", page.text)
        self.assertIn("680", page.text)
        self.assertIn("Safety", page.text)
        photo = self.url_open(self._path() + "/finding/%s/photo" % self.brakes.id)
        self.assertEqual(photo.status_code, 200)
        amount = self.service.amount
        response = self._choose(self.wipers, "approved")
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self.wipers.state, "approved")
        self.assertTrue(self.wipers.decided_at)
        self.assertEqual(
            self.wipers.decision_channel_id,
            self.env.ref("cx_experience.cx_channel_portal"),
        )
        self.assertFalse(self.wipers.recorded_by_id)
        self.assertEqual(self.service.amount, amount + 120)
        note = self.service.message_ids.filtered(
            lambda m: "Wiper blades" in (m.body or "")
        )
        self.assertEqual(note.author_id, self.customer)
        self._choose(self.brakes, "declined")
        self.assertEqual(self.brakes.state, "declined")
        self.assertEqual(self.service.amount, amount + 120)
        reminder = self.service.activity_ids.filtered(
            lambda a: "Front brake pads" in a.summary
        )
        self.assertEqual(reminder.user_id, self.advisor)
        self.assertEqual(
            reminder.date_deadline,
            fields.Date.context_today(self.service)
            + timedelta(days=findings.DECLINED_SAFETY_FOLLOW_UP_DAYS),
        )
        # a second click (another tab) changes nothing
        self._choose(self.brakes, "approved")
        self.assertEqual(self.brakes.state, "declined")
        page = self.url_open(self._path())
        self.assertIn("o_cx_finding_approved", page.text)
        self.assertIn("o_cx_finding_declined", page.text)
        self.assertNotIn("o_cx_approve", page.text)
        # the report lists what the customer declined
        self.service.with_user(self.manager).action_cx_override_done()
        page = self.url_open(self._path())
        report = page.text[page.text.index("o_cx_report") :]
        self.assertIn("Not done at your request", report)
        self.assertIn("Front brake pads worn to 2 mm", report)
        for secret in self._secrets():
            self.assertNotIn(secret, page.text)

    def test_advisor_records_a_phone_answer(self):
        self.brakes.with_user(self.advisor).action_cx_approve_by_phone()
        self.assertEqual(
            self.brakes.decision_channel_id,
            self.env.ref("cx_experience.cx_channel_phone"),
        )
        self.assertEqual(self.brakes.recorded_by_id, self.advisor)
        with self.assertRaisesMsg(UserError, "already Approved"):
            self.brakes.with_user(self.advisor).action_cx_decline_by_phone()
        with self.assertRaisesMsg(UserError, "Price: .* already chosen"):
            self.brakes.with_user(self.advisor).price = 1
        self.assertFalse(
            self.service.activity_ids.filtered(lambda a: "brake" in (a.summary or ""))
        )

    def test_choices_stay_with_their_visit(self):
        other_visit = self.env["fleet.vehicle.log.services"].create(
            {
                "vehicle_id": self.vehicle.id,
                "service_type_id": self.service_type.id,
                "state": "running",
            }
        )
        path = self._path(other_visit)
        page = self.url_open(path)
        self.assertNotIn("Front brake pads", page.text)
        response = self._choose(self.brakes, "approved", path=path)
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.brakes.state, "proposed")
        # no forged choice without the page's CSRF token
        self.url_open(
            self._path() + "/finding/%s" % self.brakes.id, data={"decision": "approved"}
        )
        self.assertEqual(self.brakes.state, "proposed")

    def test_findings_are_staff_only(self):
        fleet_user = self._cx_staff("cx_t14_find_fleet", "fleet.fleet_group_user")
        for user in (fleet_user, self.env.ref("base.public_user")):
            with self.assertRaises(AccessError):
                self.env["cx.visit.finding"].with_user(user).search([])

    def test_offered_from_the_checklist_not_on_a_closed_visit(self):
        item = self.service.cx_checklist_ids.item_ids[:1]
        item.write({"result": "finding", "note": "12V battery at 40%"})
        action = item.with_user(self.advisor).action_cx_offer_finding()
        finding = self.env["cx.visit.finding"].browse(action["res_id"])
        self.assertEqual(finding.checklist_item_id, item)
        self.assertIn("12V battery at 40%", finding.name)
        self.assertEqual(item.action_cx_offer_finding()["res_id"], finding.id)
        self.service.with_user(self.manager).action_cx_override_done()
        with self.assertRaisesMsg(UserError, "is closed"):
            self.env["cx.visit.finding"].create(
                {"service_id": self.service.id, "name": "Late"}
            )
