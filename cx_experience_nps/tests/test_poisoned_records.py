from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged

from .common import CxNpsCommon


@tagged("post_install", "-at_install")
class TestPoisonedInvitations(CxNpsCommon, TransactionCase):
    """Trust 8: one archived survey or unknown language never stops the sending."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_dealer()
        with freeze_time("2026-03-02 09:00:00"):
            cls.good = cls._customer("Good Customer", street="1 Good Road")
            cls.lost = cls._customer("Lost Survey", street="2 Lost Road")
            cls.foreign = cls._customer("Foreign Lang", street="3 Far Road")
            services = cls._visit(cls.good) | cls._visit(cls.lost)
            services |= cls._visit(cls.foreign)
            services.write({"state": "done"})
        Invitation = cls.env["cx.nps.invitation"]
        cls.inv_good, cls.inv_lost, cls.inv_foreign = (
            Invitation.search([("partner_id", "=", partner.id)])
            for partner in (cls.good, cls.lost, cls.foreign)
        )
        archived = cls.survey.copy()
        archived.active = False
        cls.inv_lost.survey_id = archived
        # a language deactivated after the customers were imported
        cls.env.flush_all()
        cls.env.cr.execute(
            "UPDATE res_partner SET lang = 'xx_XX' WHERE id = %s", [cls.foreign.id]
        )
        cls.foreign.invalidate_recordset(["lang"])

    def test_bad_invitations_fail_alone(self):
        with (
            freeze_time("2026-03-03 10:00:00"),
            self.assertLogs("odoo.addons.cx_experience.batch", "WARNING") as logs,
        ):
            self._send_due()
        self.assertEqual(self.inv_good.state, "sent")
        self.assertTrue(self.inv_good.mail_id)
        self.assertEqual(self.inv_lost.state, "failed")
        self.assertIn("archived", self.inv_lost.skip_reason)
        self.assertFalse(self.inv_lost.user_input_id)
        self.assertEqual(self.inv_foreign.state, "failed")
        self.assertIn("xx_XX", self.inv_foreign.skip_reason)
        self.assertFalse(self.inv_foreign.user_input_id)
        self.assertEqual(len(logs.records), 2)
        for invitation in self.inv_lost | self.inv_foreign:
            self.assertIn(invitation.skip_reason, str(invitation.message_ids[:1].body))
        # the next run does not retry them for ever
        with freeze_time("2026-03-03 11:00:00"):
            self._send_due()
        self.assertEqual(self.inv_lost.state, "failed")
        # an advisor cannot resend, a manager can once the cause is mended
        with self.assertRaises(AccessError):
            self.inv_lost.with_user(self.advisor).action_cx_retry()
        self.inv_lost.survey_id = self.survey
        self.inv_lost.with_user(self.manager).action_cx_retry()
        self.assertEqual(self.inv_lost.state, "scheduled")
        with freeze_time("2026-03-03 12:00:00"):
            self._send_due()
        self.assertEqual(self.inv_lost.state, "sent")

    def test_bad_reminder_fails_alone(self):
        self.inv_lost.survey_id = self.survey
        self.env.cr.execute(
            "UPDATE res_partner SET lang = NULL WHERE id = %s", [self.foreign.id]
        )
        self.foreign.invalidate_recordset(["lang"])
        with freeze_time("2026-03-03 10:00:00"):
            self._send_due()
        invitations = self.inv_good | self.inv_lost | self.inv_foreign
        self.assertEqual(set(invitations.mapped("state")), {"sent"})
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE res_partner SET lang = 'xx_XX' WHERE id = %s", [self.foreign.id]
        )
        self.foreign.invalidate_recordset(["lang"])
        first_mails = invitations.mail_id
        with (
            freeze_time("2026-03-07 10:00:00"),
            self.assertLogs("odoo.addons.cx_experience.batch", "WARNING"),
            self._no_commit(),
        ):
            result = self.env["cx.nps.invitation"]._cron_follow_up()
        self.assertEqual(result["reminded"], self.inv_good | self.inv_lost)
        reminders = (self.inv_good | self.inv_lost).mail_id
        self.assertEqual(len(reminders), 2)
        self.assertFalse(reminders & first_mails)
        self.assertIn(self.inv_foreign.mail_id, first_mails)
        self.assertTrue(self.inv_foreign.date_reminded)  # not retried every hour
        self.assertIn("xx_XX", str(self.inv_foreign.message_ids[:1].body))
