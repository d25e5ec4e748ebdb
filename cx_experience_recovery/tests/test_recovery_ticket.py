from odoo.tests import tagged

from .common import RecoveryCase


@tagged("post_install", "-at_install")
class TestRecoveryTicket(RecoveryCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Category = cls.env["helpdesk.ticket.category"]
        cls.complaint = Category.create({"name": "Complaint", "cx_is_complaint": True})
        cls.question = Category.create({"name": "Question"})

    def _ticket(self, category, user=None):
        return (
            self.env["helpdesk.ticket"]
            .with_user(user or self.advisor)
            .create(
                {
                    "name": "Noise after repair",
                    "description": "<p>The noise is back.</p>",
                    "partner_id": self.customer.id,
                    "category_id": category.id,
                }
            )
        )

    def test_complaint_ticket_opens_case(self):
        ticket = self._ticket(self.complaint)
        case = ticket.cx_recovery_case_ids
        self.assertEqual(len(case), 1)
        self.assertEqual(case.origin_type, "complaint")
        self.assertEqual(
            case.playbook_id, self.env.ref("cx_experience_recovery.playbook_complaint")
        )
        self.assertEqual(case.vehicle_id, self.vehicle)
        # editing the ticket never duplicates the case
        ticket.write({"category_id": self.complaint.id, "priority": "2"})
        self.assertEqual(len(ticket.cx_recovery_case_ids), 1)
        action = ticket.action_cx_start_recovery()
        self.assertEqual(action["res_id"], case.id)

    def test_other_ticket_manual_case_and_panel(self):
        self._response(4)
        ticket = self._ticket(self.question)
        self.assertFalse(ticket.cx_recovery_case_ids)
        self.customer.write(
            {"cx_preferred_channel": "wechat", "cx_do_not_disturb": True}
        )
        self.assertEqual(ticket.cx_preferred_channel, "wechat")
        self.assertTrue(ticket.cx_do_not_disturb)
        self.assertEqual(ticket.cx_last_nps_score, 4)
        self.assertIn("rude", ticket.cx_last_nps_reason)
        action = ticket.action_cx_start_recovery()
        case = self.env["cx.recovery.case"].browse(action["res_id"])
        self.assertEqual(case.ticket_id, ticket)
        self.assertEqual(ticket.cx_recovery_case_count, 1)
        # switching to a complaint category reuses the open case of the ticket
        ticket.category_id = self.complaint
        self.assertEqual(ticket.cx_recovery_case_ids, case)


@tagged("post_install", "-at_install")
class TestRecoveryFirstFailure(RecoveryCase):
    def test_repeat_repair_opens_first_failure_case(self):
        action = self.service.with_user(self.advisor).action_cx_start_recovery()
        case = self.env["cx.recovery.case"].browse(action["res_id"])
        self.assertEqual(case.origin_type, "first_failure")
        self.assertEqual(case.partner_id, self.customer)
        self.assertEqual(case.advisor_id, self.advisor)
        self.assertEqual(case.playbook_id, self.detractor_playbook)
        again = self.service.with_user(self.advisor).action_cx_start_recovery()
        self.assertEqual(again["res_id"], case.id)
