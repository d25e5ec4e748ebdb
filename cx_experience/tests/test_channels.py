from psycopg2 import IntegrityError

from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import CxCase


@tagged("post_install", "-at_install")
class TestChannels(CxCase):
    """Channels are records; the route to a customer honours the preference, the
    blacklists and the senders that exist, and says why it fell back (One home 2)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Channel = cls.env["cx.channel"]
        cls.email = cls.env.ref("cx_experience.cx_channel_email")
        cls.wechat = cls.env.ref("cx_experience.cx_channel_wechat")
        cls.customer.write({"email": "wang.lei@example.cn", "phone": False})

    def _route(self, partner=None):
        partner = partner or self.customer
        return self.Channel._cx_route(partner)[partner.id]

    def test_wechat_preferred_is_never_sent(self):
        self.customer.cx_preferred_channel_id = self.wechat
        channel, note = self._route()
        self.assertEqual(channel, self.email)
        self.assertIn("WeChat", note)
        self.assertIn("Email", note)

    def test_preferred_channel_used_when_it_reaches(self):
        self.customer.cx_preferred_channel_id = self.email
        self.assertEqual(self._route(), (self.email, None))

    def test_blacklisted_email_is_not_used(self):
        self.env["mail.blacklist"].create({"email": "wang.lei@example.cn"})
        self.customer.cx_preferred_channel_id = self.email
        channel, note = self._route()
        self.assertFalse(channel)
        self.assertIn("Email address blacklisted", note)

    def test_new_channel_with_a_sender_is_one_record(self):
        newsletter = self.Channel.create(
            {"name": "Dealer mailbox", "code": "dealer_mail", "sender": "mail"}
        )
        self.customer.cx_preferred_channel_id = newsletter
        self.assertEqual(self._route(), (newsletter, None))
        # archived: the customer is reached on the next channel, with the reason
        newsletter.active = False
        channel, note = self._route()
        self.assertEqual(channel, self.email)
        self.assertIn("archived", note)

    def test_unreachable_customer_gets_a_reason(self):
        self.customer.email = False
        channel, note = self._route()
        self.assertFalse(channel)
        self.assertIn("No email address", note)

    def test_codes_are_unique(self):
        with (
            self.assertRaises(IntegrityError),
            mute_logger("odoo.sql_db"),
            self.cr.savepoint(),
        ):
            self.Channel.create({"name": "Mail again", "code": "email"})
