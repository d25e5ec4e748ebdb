from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import BaseCase, tagged

from ..tools import visit_messages
from .common import CxCase


@tagged("post_install", "-at_install")
class TestVisitMessageRules(BaseCase):
    def test_which_messages_are_transactional(self):
        for moment in ("booking", "reminder", "pre_arrival", "progress", "report"):
            self.assertTrue(visit_messages.is_transactional(moment), moment)
        self.assertFalse(visit_messages.is_transactional("thank_you"))
        self.assertEqual(visit_messages.stamp_of("booking"), "booking_confirmed_at")
        self.assertEqual(visit_messages.stamp_of("report"), "delivery_report_sent_at")
        self.assertIsNone(visit_messages.stamp_of("thank_you"))

    def test_due_times(self):
        today = fields.Date.to_date("2026-12-06")
        self.assertTrue(visit_messages.reminder_due(today + timedelta(days=1), today))
        self.assertFalse(visit_messages.reminder_due(today + timedelta(days=2), today))
        now = fields.Datetime.to_datetime("2026-12-06 10:00:00")
        self.assertTrue(
            visit_messages.pre_arrival_due(now + timedelta(minutes=15), now, 15)
        )
        self.assertFalse(
            visit_messages.pre_arrival_due(now + timedelta(minutes=16), now, 15)
        )
        self.assertFalse(
            visit_messages.pre_arrival_due(now - timedelta(minutes=1), now, 15)
        )


@tagged("post_install", "-at_install")
class TestVisitMessages(CxCase):
    """Issue 14 point 4: a message at each moment, sent by itself, once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.write({"email": "service@dealer.example", "phone": "021-5555"})
        cls.customer.write({"email": "wang.lei@example.com", "lang": "en_US"})
        cls.advisor.partner_id.phone = "138 0000 1234"
        cls.tomorrow = fields.Date.context_today(cls.env.user) + timedelta(days=1)

    def _messages(self, service, moment=None):
        messages = self.env["cx.visit.message"].search(
            [("service_id", "=", service.id)]
        )
        return messages.filtered(lambda m: m.moment == moment) if moment else messages

    def _send(self):
        return self.env["cx.visit.message"]._cx_send_due()

    def _journey(self, service):
        return service.cx_journey_ids.filtered(lambda j: j.kind == "visit")

    def test_booking_confirmed_once_and_stamped(self):
        service = self._service(state="new", date=self.tomorrow, cx_expected_hours=2)
        booking = self._messages(service, "booking")
        self.assertEqual(len(booking), 1)
        self.assertTrue(booking.transactional)
        self._send()
        self.assertEqual(booking.state, "sent")
        self.assertEqual(
            booking.channel_id, self.env.ref("cx_experience.cx_channel_email")
        )
        mail = booking.mail_id
        self.assertIn(self.customer, mail.recipient_ids)
        self.assertIn("is confirmed", mail.subject)
        self.assertIn(self.advisor.name, mail.body_html)
        self.assertIn("138 0000 1234", mail.body_html)
        self.assertIn("/cx/visit/", mail.body_html)
        journey = self._journey(service)
        self.assertTrue(journey.booking_requested_at)
        self.assertTrue(journey.booking_confirmed_at)
        self.assertFalse(journey.sla_booking_breach)
        log = self.env["cx.contact.log"].search(
            [("res_model", "=", "cx.visit.message"), ("res_id", "=", booking.id)]
        )
        self.assertEqual(log.kind, "service")
        # cancelled and booked again: still one confirmation
        service.write({"state": "cancelled"})
        service.write({"state": "new"})
        self.assertEqual(len(self._messages(service, "booking")), 1)
        self.assertFalse(self._send())

    def test_dnd_and_blacklist_stop_the_thank_you_not_the_service(self):
        self.customer.cx_do_not_disturb = True
        self.env["mail.blacklist"].sudo()._add(self.customer.email)
        service = self._service(state="new", date=self.tomorrow)
        self._send()
        self.assertEqual(self._messages(service, "booking").state, "sent")
        service.write({"state": "running"})
        service.with_user(self.manager).action_cx_override_done()
        self._send()
        self.assertEqual(self._messages(service, "report").state, "sent")
        thank_you = self._messages(service, "thank_you")
        self.assertEqual(thank_you.state, "queued", "not before 30 minutes")
        with freeze_time(fields.Datetime.now() + timedelta(minutes=31)):
            self._send()
        self.assertEqual(thank_you.state, "skipped")
        self.assertIn("Do not disturb", thank_you.reason)
        # service messages are not counted in the contact budget
        counts = self.env["cx.contact.log"]._count_recent(self.customer)
        self.assertFalse(counts.get(self.customer.id))

    def test_blacklist_stops_the_courtesy_message(self):
        self.env["mail.blacklist"].sudo()._add(self.customer.email)
        service = self._service(state="running")
        service.with_user(self.manager).action_cx_override_done()
        with freeze_time(fields.Datetime.now() + timedelta(minutes=31)):
            self._send()
        self.assertEqual(self._messages(service, "report").state, "sent")
        thank_you = self._messages(service, "thank_you")
        self.assertEqual(thank_you.state, "skipped")
        self.assertIn("blacklisted", thank_you.reason)

    def test_progress_once_per_notified_stage(self):
        service = self._service(state="running")
        rs = lambda key: self.env.ref(f"cx_experience.cx_repair_stage_{key}")  # noqa: E731
        service.cx_repair_stage_id = rs("diagnosing")
        self.assertFalse(self._messages(service, "progress"))
        service.cx_repair_stage_id = rs("repairing")
        service.cx_repair_stage_id = rs("diagnosing")
        service.cx_repair_stage_id = rs("repairing")
        service.cx_repair_stage_id = rs("ready")
        progress = self._messages(service, "progress")
        self.assertEqual(progress.repair_stage_id, rs("repairing") | rs("ready"))
        self._send()
        self.assertEqual(set(progress.mapped("state")), {"sent"})
        ready = progress.filtered(lambda m: m.repair_stage_id == rs("ready"))
        self.assertIn("Ready for pickup", ready.mail_id.subject)

    def test_delivery_report_call_and_journey(self):
        service = self._service(
            state="running",
            description="Battery module replaced",
            amount=2380,
            cx_warranty="12 months",
            cx_next_service_odometer=20000,
        )
        service.with_user(self.manager).action_cx_override_done()
        self._send()
        report = self._messages(service, "report")
        self.assertEqual(report.state, "sent")
        body = report.mail_id.body_html
        for text in ("Battery module replaced", "2,380", "12 months", "20000"):
            self.assertIn(text, body)
        self.assertTrue(self._journey(service).delivery_report_sent_at)
        self.assertFalse(self._journey(service).sla_delivery_report_breach)
        call = service.activity_ids.filtered(
            lambda a: a.activity_type_id
            == self.env.ref("cx_experience.mail_activity_type_cx_personal_call")
        )
        self.assertEqual(call.user_id, self.advisor)
        self.assertEqual(
            call.date_deadline, fields.Date.context_today(service) + timedelta(days=1)
        )

    def test_imported_done_visits_send_nothing(self):
        service = self.env["fleet.vehicle.log.services"].create(
            {
                "vehicle_id": self.vehicle.id,
                "service_type_id": self.service_type.id,
                "state": "done",
            }
        )
        self.assertFalse(self._messages(service))
        self.env.company.cx_visit_messages = False
        booked = self._service(state="new", date=self.tomorrow)
        self.assertFalse(self._messages(booked))

    def test_reminder_the_day_before_and_technician_on_the_way(self):
        service = self._service(state="new", date=self.tomorrow)
        Services = self.env["fleet.vehicle.log.services"]
        Services._cx_queue_reminders()
        Services._cx_queue_reminders()
        self.assertEqual(len(self._messages(service, "reminder")), 1)
        now = fields.Datetime.now()
        mobile = self._service(
            state="new",
            cx_mobile_service=True,
            cx_technician_eta=now + timedelta(minutes=40),
        )
        Services._cx_queue_pre_arrival()
        self.assertFalse(self._messages(mobile, "pre_arrival"))
        with freeze_time(now + timedelta(minutes=26)):
            Services._cx_queue_pre_arrival()
            self._send()
        notice = self._messages(mobile, "pre_arrival")
        self.assertEqual(notice.state, "sent")
        self.assertIn("on the way", notice.mail_id.subject)
        self.assertTrue(self._journey(mobile).pre_arrival_notice_at)

    def test_no_channel_is_said(self):
        self.customer.email = False
        self.customer.cx_preferred_channel_id = self.env.ref(
            "cx_experience.cx_channel_sms"
        )
        service = self._service(state="new", date=self.tomorrow)
        self._send()
        booking = self._messages(service, "booking")
        self.assertEqual(booking.state, "skipped")
        self.assertIn("No mobile number", booking.reason)
        self.assertIn("No email address", booking.reason)

    def test_messages_carry_no_staff_only_data(self):
        self.customer.write(
            {"cx_drink": "Americano, no sugar", "comment": "argues about invoices"}
        )
        service = self._service(
            state="new", date=self.tomorrow, notes="Internal: cost 812"
        )
        service.write({"state": "running"})
        service.with_user(self.manager).action_cx_override_done()
        self._send()
        for message in self._messages(service).filtered("mail_id"):
            text = message.mail_id.body_html + message.mail_id.subject
            for secret in ("Americano", "argues about invoices", "cost 812"):
                self.assertNotIn(secret, text)
        for template in self.env["mail.template"].search(
            [("model", "=", "cx.visit.message")]
        ):
            self.assertFalse(template._cx_staff_only_references(), template.name)

    def test_in_the_customers_language_and_channel(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["cx_experience"], ["zh_CN"])
        self.customer.lang = "zh_CN"
        service = self._service(state="running")
        service.cx_repair_stage_id = self.env.ref(
            "cx_experience.cx_repair_stage_repairing"
        )
        self._send()
        progress = self._messages(service, "progress")
        self.assertIn("维修中", progress.mail_id.subject)
        self.assertIn("尊敬的", progress.mail_id.body_html)
        self.assertNotIn("Dear", progress.mail_id.body_html)
        # a customer who prefers SMS gets the short version there, with the link
        other = self.env["res.partner"].create(
            {
                "name": "Li Na",
                "phone": "+86 139 1111 2222",
                "lang": "zh_CN",
                "cx_preferred_channel_id": self.env.ref(
                    "cx_experience.cx_channel_sms"
                ).id,
            }
        )
        vehicle = self._cx_vehicle(other, manager_id=self.advisor.id)
        booked = self._service(state="new", date=self.tomorrow, vehicle_id=vehicle.id)
        self._send()
        booking = self._messages(booked, "booking")
        self.assertEqual(booking.state, "sent")
        self.assertEqual(
            booking.channel_id, self.env.ref("cx_experience.cx_channel_sms")
        )
        sms = self.env["sms.sms"].sudo().search([("partner_id", "=", other.id)])
        self.assertEqual(len(sms), 1)
        self.assertIn("已确认", sms.body)
        self.assertIn("/cx/visit/", sms.body)

    def test_reminders_wait_for_daytime_confirmations_do_not(self):
        self.env.company.write({"cx_quiet_hour_start": 21.0, "cx_quiet_hour_end": 8.0})
        self.customer.tz = "Asia/Shanghai"
        night = fields.Datetime.to_datetime("2026-12-06 15:00:00")  # 23:00 in Shanghai
        with freeze_time(night):
            booked = self._service(state="new", date=fields.Date.to_date("2026-12-07"))
            self.env["fleet.vehicle.log.services"]._cx_queue_reminders()
            self._send()
        self.assertEqual(self._messages(booked, "booking").state, "sent")
        reminder = self._messages(booked, "reminder")
        self.assertEqual(reminder.state, "queued")
        with freeze_time(night + timedelta(hours=9, minutes=1)):  # 08:01
            self._send()
        self.assertEqual(reminder.state, "sent")
