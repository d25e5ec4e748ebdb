from datetime import datetime

from freezegun import freeze_time

from odoo.tests import TransactionCase, new_test_user, tagged

from .common import CxNpsCommon


@tagged("post_install", "-at_install")
class TestNpsFatigue(CxNpsCommon, TransactionCase):
    """Skipped invitations keep their reason, in the invitation and the contact log."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_dealer()

    def _done_and_send(self, customers, **visit_vals):
        with freeze_time("2026-03-02 09:00:00"):
            services = self.env["fleet.vehicle.log.services"]
            for customer in customers:
                services |= self._visit(customer, **visit_vals)
            services.write({"state": "done"})
        with freeze_time("2026-03-03 10:00:00"):
            self._send_due()
        return self.env["cx.nps.invitation"].search(
            [("service_id", "in", services.ids)], order="id"
        )

    def _assert_skipped(self, invitation, reason):
        self.assertEqual(invitation.state, "skipped")
        self.assertIn(reason, invitation.skip_reason)
        self.assertFalse(invitation.user_input_id)
        log = self.env["cx.contact.log"].search(
            [
                ("partner_id", "=", invitation.partner_id.id),
                ("res_model", "=", "cx.nps.invitation"),
                ("res_id", "=", invitation.id),
            ]
        )
        self.assertEqual(log.state, "skipped")
        self.assertIn(reason, log.reason)

    def test_do_not_disturb(self):
        customer = self._customer("Quiet Customer", cx_do_not_disturb=True)
        self._assert_skipped(self._done_and_send(customer), "Do not disturb")

    def test_company_and_employee_and_unreachable(self):
        fleet_customer = self._customer("Fleet Rental Ltd", is_company=True)
        driver = self._customer("Fleet Driver", parent_id=fleet_customer.id)
        employee = new_test_user(self.env, "cx_nps_employee").partner_id
        unreachable = self.env["res.partner"].create({"name": "No Contact"})
        invitations = self._done_and_send(
            fleet_customer | driver | employee | unreachable
        )
        self._assert_skipped(invitations[0], "Company or fleet customer")
        self._assert_skipped(invitations[1], "Company or fleet customer")
        self._assert_skipped(invitations[2], "Employee")
        self._assert_skipped(invitations[3], "No email address")

    def test_wechat_preference_falls_back_with_its_reason(self):
        """WeChat has no sender: the survey goes by email, the log says why, and
        nothing is ever reported sent on WeChat (One home 2)."""
        wechat = self.env.ref("cx_experience.cx_channel_wechat")
        customer = self._customer("WeChat Fan", cx_preferred_channel_id=wechat.id)
        invitation = self._done_and_send(customer)
        self.assertEqual(invitation.state, "sent")
        self.assertEqual(invitation.channel_id.code, "email")
        log = self.env["cx.contact.log"].search(
            [("res_model", "=", "cx.nps.invitation"), ("res_id", "=", invitation.id)]
        )
        self.assertEqual((log.state, log.channel_id.code), ("sent", "email"))
        self.assertIn("WeChat", log.reason)
        self.assertFalse(
            self.env["cx.contact.log"].search_count(
                [("channel_id", "=", wechat.id), ("state", "=", "sent")]
            )
        )

    def test_quiet_hours_defer_the_survey(self):
        """Due at 23:00 in Beijing: the survey waits until 08:00, then goes out."""
        self.company.write({"cx_quiet_hour_start": 21.0, "cx_quiet_hour_end": 8.0})
        self.company.partner_id.tz = "Asia/Shanghai"
        customer = self._customer("Night Owl")
        with freeze_time("2026-03-02 09:00:00"):
            service = self._visit(customer)
            service.write({"state": "done"})
        invitation = self.env["cx.nps.invitation"].search(
            [("service_id", "=", service.id)]
        )
        with freeze_time("2026-03-03 15:00:00"):  # 23:00 in Beijing
            self._send_due()
        self.assertEqual(invitation.state, "scheduled")
        self.assertEqual(invitation.date_scheduled, datetime(2026, 3, 4, 0, 0))
        with freeze_time("2026-03-04 00:05:00"):  # 08:05 in Beijing
            self._send_due()
        self.assertEqual(invitation.state, "sent")

    def test_blacklisted_email_is_skipped(self):
        customer = self._customer("Unsubscribed", phone=False)
        self.env["mail.blacklist"].create({"email": customer.email})
        self._assert_skipped(self._done_and_send(customer), "blacklisted")

    def test_household_window(self):
        spouse = self._customer("Liu Spouse", street="1  lake road")
        invitations = self._done_and_send(self.customer | spouse)
        self.assertEqual(invitations[0].state, "sent")
        self._assert_skipped(invitations[1], "Household already surveyed")
        # next visit within 30 days: skipped; after 30 days: sent
        with freeze_time("2026-03-20 09:00:00"):
            service = self._visit(self.customer)
            service.write({"state": "done"})
        with freeze_time("2026-03-21 10:00:00"):
            self._send_due()
        invitation = service.cx_nps_invitation_ids
        self._assert_skipped(invitation, "already surveyed on 2026-03-03")
        with freeze_time("2026-04-10 09:00:00"):
            service = self._visit(spouse)
            service.write({"state": "done"})
        with freeze_time("2026-04-11 10:00:00"):
            self._send_due()
        self.assertEqual(service.cx_nps_invitation_ids.state, "sent")

    def test_family_partners_share_household(self):
        child = self._customer("Liu Junior", parent_id=self.customer.id)
        child.street = "Elsewhere 5"
        invitations = self._done_and_send(self.customer | child)
        self.assertEqual(invitations[0].state, "sent")
        self._assert_skipped(invitations[1], "Household already surveyed")

    def test_oem_blackout(self):
        self.company.cx_nps_oem_blackout_days = 7
        invitation = self._done_and_send(self.customer, date="2026-03-02")
        self._assert_skipped(invitation, "OEM survey blackout")

    def test_contact_budget(self):
        self.company.cx_contact_budget = 1
        with freeze_time("2026-03-01 09:00:00"):
            self.env["cx.contact.log"]._log(self.customer, "ritual")
        invitation = self._done_and_send(self.customer)
        self._assert_skipped(invitation, "Contact budget reached")
