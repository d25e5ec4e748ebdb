from odoo.tests import Form, tagged

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
        wechat = self.env.ref("cx_experience.cx_channel_wechat")
        self.customer.write(
            {"cx_preferred_channel_id": wechat.id, "cx_do_not_disturb": True}
        )
        self.assertEqual(ticket.cx_preferred_channel_id, wechat)
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


@tagged("post_install", "-at_install")
class TestRecoveryViews(RecoveryCase):
    """The forms staff use load and save with their own rights."""

    def test_ticket_form_with_cx_panel(self):
        category = self.env["helpdesk.ticket.category"].create(
            {"name": "Complaint", "cx_is_complaint": True}
        )
        form = Form(self.env["helpdesk.ticket"].with_user(self.advisor))
        form.name = "Door scratched"
        form.description = "<p>Scratch on the door</p>"
        form.partner_id = self.customer
        form.category_id = category
        ticket = form.save()
        self.assertEqual(len(ticket.cx_recovery_case_ids), 1)

    def test_playbook_and_settings_forms(self):
        form = Form(self.env["cx.recovery.playbook"].with_user(self.manager))
        form.name = "VIP recovery"
        with form.step_ids.new() as step:
            step.name = "Call within 2 hours"
            step.kind = "first_contact"
            step.offset_hours = 2
            step.gate_stage = "contacted"
        playbook = form.save()
        self.assertEqual(playbook.step_count, 1)
        settings = Form(self.env["res.config.settings"])
        settings.cx_recovery_advisor_limit = 1500
        settings.save().execute()
        self.assertEqual(self.company.cx_recovery_advisor_limit, 1500)
