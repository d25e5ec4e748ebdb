from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common_tiers import CxTierRitualCase


@tagged("post_install", "-at_install")
class TestPoisonedGreetings(CxTierRitualCase):
    """Trust 8: one customer in a language that is not installed never stops the
    greetings of the others."""

    @freeze_time("2027-05-10")
    def test_unknown_language_fails_alone(self):
        Ritual = self.env["cx.ritual"]
        birthday = self.env.ref("cx_experience.cx_ritual_type_birthday")
        happy, _v = self._customer("Happy", cx_birthday=date(1980, 5, 10))
        foreign, _v = self._customer("Foreign", cx_birthday=date(1981, 5, 10))
        other, _v = self._customer("Other", cx_birthday=date(1982, 5, 10))
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE res_partner SET lang = 'xx_XX' WHERE id = %s", [foreign.id]
        )
        foreign.invalidate_recordset(["lang"])
        Ritual._cx_detect()
        with self.assertLogs("odoo.addons.cx_experience.batch", "WARNING") as logs:
            Ritual._cx_send_due_greetings()
        rituals = {
            partner: Ritual.search(
                [("partner_id", "=", partner.id), ("type_id", "=", birthday.id)]
            )
            for partner in (happy, foreign, other)
        }
        self.assertEqual(rituals[happy].contact_state, "sent")
        self.assertEqual(rituals[other].contact_state, "sent")
        failed = rituals[foreign]
        self.assertEqual(failed.contact_state, "failed")
        self.assertIn("xx_XX", failed.contact_reason)
        self.assertIn("xx_XX", str(failed.message_ids[:1].body))
        self.assertEqual(len(logs.records), 1)
        mails = self.env["mail.mail"].search(
            [("model", "=", "cx.ritual"), ("res_id", "in", failed.ids)]
        )
        self.assertFalse(mails)
        self.assertEqual(
            self.env["cx.contact.log"].search_count(
                [("partner_id", "=", foreign.id), ("kind", "=", "ritual")]
            ),
            0,
        )
        # not retried on the next run
        Ritual._cx_send_due_greetings()
        self.assertEqual(failed.contact_state, "failed")
