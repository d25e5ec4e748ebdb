from freezegun import freeze_time

from odoo.tests import TransactionCase, tagged

from .common import CxNpsCommon


@tagged("post_install", "-at_install")
class TestNpsDispatch(CxNpsCommon, TransactionCase):
    """Sending due invitations is set-wise: queries do not grow with the batch."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_dealer()

    def _due(self, count, prefix):
        with freeze_time("2026-03-02 09:00:00"):
            services = self.env["fleet.vehicle.log.services"]
            for index in range(count):
                customer = self._customer(
                    f"{prefix} Customer {index}", street=f"{index} {prefix} Road"
                )
                services |= self._visit(customer)
            services.write({"state": "done"})
        invitations = self.env["cx.nps.invitation"].search(
            [("service_id", "in", services.ids)], order="id"
        )
        self.assertEqual(len(invitations), count)
        self.env.flush_all()
        self.env.invalidate_all()
        return invitations

    def _count_send(self, invitations):
        with freeze_time("2026-03-03 10:00:00"):
            start = self.cr.sql_log_count
            invitations._cx_send()
            self.env.flush_all()
            return self.cr.sql_log_count - start

    def test_queries_bounded(self):
        small = self._count_send(self._due(2, "Small"))
        large = self._due(8, "Large")
        queries = self._count_send(large)
        self.assertLessEqual(queries, small + 4, "dispatch queries grow with n")
        self.assertEqual(set(large.mapped("state")), {"sent"})
        answers = large.user_input_id
        self.assertEqual(len(answers), 8)
        self.assertTrue(all(answers.mapped("cx_invited")))
        self.assertEqual(answers.partner_id, large.partner_id)
        self.assertEqual(len(large.mail_id), 8)
        for invitation in large:
            self.assertIn(
                invitation.user_input_id.access_token, invitation.mail_id.body_html
            )
            self.assertEqual(
                invitation.user_input_id.predefined_question_ids,
                self.survey.question_ids,
            )
        # no per-invitation tracking message, no creation message on the answers
        Message = self.env["mail.message"]
        self.assertFalse(
            Message.search_count(
                [("model", "=", "survey.user_input"), ("res_id", "in", answers.ids)]
            )
        )
        self.assertFalse(
            Message.search_count(
                [
                    ("model", "=", "cx.nps.invitation"),
                    ("res_id", "in", large.ids),
                    ("tracking_value_ids", "!=", False),
                ]
            )
        )

    def test_other_answers_untracked(self):
        answer = self.survey._create_answer(partner=self.customer)
        self.assertFalse(answer.cx_invited)
        answer._mark_in_progress()
        self.assertEqual(answer.state, "in_progress")
