from datetime import datetime

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import CxCase


@tagged("post_install", "-at_install")
class TestKpiInputs(CxCase):
    """12.4: the advisor rated by NPS cannot suppress surveys, exhaust a customer's
    contact budget or delete the touchpoints that make the journey's score."""

    def test_do_not_disturb_set_by_managers(self):
        as_advisor = self.customer.with_user(self.advisor)
        with self.assertRaisesRegex(AccessError, "Do not disturb"):
            as_advisor.write({"cx_do_not_disturb": True})
        with self.assertRaisesRegex(AccessError, "Do not disturb"):
            self.env["res.partner"].with_user(self.advisor).create(
                {"name": "Silenced", "cx_do_not_disturb": True}
            )
        self.assertFalse(self.customer.cx_do_not_disturb)
        # the advisor still edits the rest of the profile
        as_advisor.write({"cx_drink": "Green tea"})
        # one request, one user: what the setup left pending is not this change's
        self.env.flush_all()
        self.env.cr.precommit.clear()
        self.customer.with_user(self.manager).write({"cx_do_not_disturb": True})
        self.assertTrue(self.customer.cx_do_not_disturb)
        self.assertTrue(self.env["res.partner"]._fields["cx_do_not_disturb"].tracking)
        # who changed it and when stays in the contact's chatter
        self.env.flush_all()
        self.env.cr.precommit.run()
        tracking = self.env["mail.tracking.value"].search(
            [
                ("mail_message_id.model", "=", "res.partner"),
                ("mail_message_id.res_id", "=", self.customer.id),
                ("field_id.name", "=", "cx_do_not_disturb"),
            ]
        )
        self.assertEqual(len(tracking), 1)
        self.assertEqual(tracking.mail_message_id.author_id, self.manager.partner_id)
        self.assertTrue(tracking.new_value_integer)

    def test_contact_log_written_by_the_system_only(self):
        with self.assertRaises(AccessError):
            self.env["cx.contact.log"].with_user(self.advisor).create(
                {"partner_id": self.customer.id, "kind": "survey", "state": "sent"}
            )
        log = self.env["cx.contact.log"]._log(self.customer, "survey")
        with self.assertRaises(AccessError):
            log.with_user(self.advisor).write({"state": "sent"})
        self.assertEqual(log.with_user(self.advisor).partner_id, self.customer)

    def test_advisor_cannot_delete_touchpoints(self):
        journey = (
            self.env["cx.journey"]
            .with_user(self.advisor)
            .create({"partner_id": self.customer.id, "vehicle_id": self.vehicle.id})
        )
        touchpoint = (
            self.env["cx.touchpoint"]
            .with_user(self.advisor)
            .create(
                {
                    "journey_id": journey.id,
                    "stage_id": self.stage["waiting"].id,
                    "emotion": -3,
                    "pain_point": "Waited two hours",
                    "date": datetime(2026, 3, 1, 9, 0),
                }
            )
        )
        with self.assertRaises(AccessError):
            touchpoint.with_user(self.advisor).unlink()
        self.assertTrue(touchpoint.exists())
        touchpoint.with_user(self.manager).unlink()
