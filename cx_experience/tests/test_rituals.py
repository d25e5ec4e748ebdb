from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common_tiers import CxTierRitualCase


@tagged("post_install", "-at_install")
class TestRituals(CxTierRitualCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Ritual = cls.env["cx.ritual"]
        cls.t_birthday = cls.env.ref("cx_experience.cx_ritual_type_birthday")
        cls.t_anniversary = cls.env.ref(
            "cx_experience.cx_ritual_type_purchase_anniversary"
        )
        cls.t_family = cls.env.ref("cx_experience.cx_ritual_type_family_birthday")
        cls.t_first = cls.env.ref("cx_experience.cx_ritual_type_first_service")
        cls.t_odometer = cls.env.ref("cx_experience.cx_ritual_type_odometer")
        cls.t_birthday.lead_days = 14

    def _rituals(self, partner, ritual_type=None):
        domain = [("partner_id", "=", partner.id)]
        if ritual_type:
            domain.append(("type_id", "=", ritual_type.id))
        return self.Ritual.search(domain)

    @freeze_time("2027-05-01")
    def test_birthday_within_lead_time_idempotent(self):
        soon, _v = self._customer("Soon", cx_birthday=date(1980, 5, 10))
        later, _v = self._customer("Later", cx_birthday=date(1980, 6, 30))
        self.Ritual._cx_detect()
        ritual = self._rituals(soon, self.t_birthday)
        self.assertEqual(len(ritual), 1)
        self.assertEqual(ritual.due_date, date(2027, 5, 10))
        self.assertEqual(ritual.occasion, "2027")
        self.assertEqual(ritual.user_id, self.advisor)
        self.assertEqual(ritual.activity_id.user_id, self.advisor)
        self.assertEqual(ritual.activity_id.date_deadline, date(2027, 5, 10))
        self.assertFalse(self._rituals(later, self.t_birthday))
        # rerun (second cron run): nothing new
        self.assertFalse(self.Ritual._cx_detect())
        self.assertEqual(len(self._rituals(soon, self.t_birthday)), 1)
        # the unique index refuses a duplicate occurrence
        with mute_logger("odoo.sql_db"), self.assertRaises(Exception):  # noqa: B017
            with self.env.cr.savepoint():
                ritual.copy()

    def test_birthday_29_february(self):
        partner, _v = self._customer("Leap", cx_birthday=date(2000, 2, 29))
        with freeze_time("2027-02-20"):
            self.Ritual._cx_detect()
        ritual = self._rituals(partner, self.t_birthday)
        self.assertEqual(ritual.due_date, date(2027, 2, 28))
        with freeze_time("2028-02-20"):
            self.Ritual._cx_detect()
        rituals = self._rituals(partner, self.t_birthday)
        self.assertEqual(
            rituals.mapped("due_date"), [date(2027, 2, 28), date(2028, 2, 29)]
        )
        self.assertEqual(rituals.mapped("occasion"), ["2027", "2028"])

    @freeze_time("2027-05-01")
    def test_purchase_anniversary(self):
        partner, vehicle = self._customer("Owner")
        vehicle.acquisition_date = date(2024, 5, 8)
        other, far = self._customer("Far owner")
        far.acquisition_date = date(2024, 9, 8)
        self.Ritual._cx_detect()
        ritual = self._rituals(partner, self.t_anniversary)
        self.assertEqual(ritual.vehicle_id, vehicle)
        self.assertEqual(ritual.due_date, date(2027, 5, 8))
        self.assertFalse(self._rituals(other, self.t_anniversary))

    @freeze_time("2027-05-01")
    def test_family_birthday(self):
        partner, _v = self._customer("Parent")
        member = self.env["cx.family.member"].create(
            {"partner_id": partner.id, "name": "朵朵", "birthday": date(2021, 5, 5)}
        )
        self.Ritual._cx_detect()
        ritual = self._rituals(partner, self.t_family)
        self.assertEqual(ritual.family_member_id, member)
        self.assertEqual(ritual.due_date, date(2027, 5, 5))
        self.assertIn("朵朵", ritual.name)

    @freeze_time("2027-05-01")
    def test_first_service_on_done(self):
        partner, vehicle = self._customer("New car")
        service = self._visits(vehicle, [(0, 300)], state="new")
        self.assertFalse(self._rituals(partner, self.t_first))
        service.state = "done"
        ritual = self._rituals(partner, self.t_first)
        self.assertEqual(ritual.occasion, "first")
        self.assertEqual(ritual.due_date, date(2027, 5, 1))
        self._visits(vehicle, [(0, 500)])
        self.Ritual._cx_detect()
        self.assertEqual(len(self._rituals(partner, self.t_first)), 1)
        # an old customer whose first visit was long ago is history, not a ritual
        old, _v = self._customer("Old car", [(400, 300), (10, 200)])
        self.Ritual._cx_detect()
        self.assertFalse(self._rituals(old, self.t_first))

    def test_odometer_projection_and_replan(self):
        partner, vehicle = self._customer("Driver")
        Odometer = self.env["fleet.vehicle.odometer"]
        with freeze_time("2027-04-01"):
            Odometer.create(
                {"vehicle_id": vehicle.id, "date": date(2027, 3, 1), "value": 90000}
            )
            # one reading only: skipped, not guessed
            self.assertFalse(self._rituals(partner, self.t_odometer))
            Odometer.create(
                {"vehicle_id": vehicle.id, "date": date(2027, 4, 1), "value": 96200}
            )
            # 200 km/day, 3,800 km left -> 19 days
            ritual = self._rituals(partner, self.t_odometer)
            self.assertEqual(ritual.due_date, date(2027, 4, 20))
            self.assertEqual(ritual.occasion, "100000")
            self.assertEqual(ritual.vehicle_id, vehicle)
        with freeze_time("2027-04-05"):
            Odometer.create(
                {"vehicle_id": vehicle.id, "date": date(2027, 4, 5), "value": 98600}
            )
            # re-planned earlier, same occurrence: 8,600 km in 35 days, 1,400 left
            self.assertEqual(self._rituals(partner, self.t_odometer), ritual)
            self.assertEqual(ritual.due_date, date(2027, 4, 11))
            self.assertEqual(ritual.activity_id.date_deadline, date(2027, 4, 11))
            Odometer.create(
                {"vehicle_id": vehicle.id, "date": date(2027, 4, 5), "value": 100100}
            )
            self.assertEqual(ritual.due_date, date(2027, 4, 5))
            self.Ritual._cx_detect()
            self.assertEqual(len(self._rituals(partner, self.t_odometer)), 1)

    def test_odometer_threshold_configurable_and_far_vehicle(self):
        self.t_odometer.odometer_threshold = 50000
        partner, vehicle = self._customer("Slow")
        with freeze_time("2027-04-01"):
            self.env["fleet.vehicle.odometer"].create(
                [
                    {
                        "vehicle_id": vehicle.id,
                        "date": date(2027, 1, 1),
                        "value": 10000,
                    },
                    {
                        "vehicle_id": vehicle.id,
                        "date": date(2027, 3, 1),
                        "value": 11000,
                    },
                ]
            )
            self.assertFalse(self._rituals(partner, self.t_odometer))
        with self.assertRaisesRegex(ValidationError, "Odometer threshold"):
            self.t_odometer.odometer_threshold = 0

    def test_odometer_going_back_refused(self):
        _partner, vehicle = self._customer("Back")
        Odometer = self.env["fleet.vehicle.odometer"]
        Odometer.create(
            {"vehicle_id": vehicle.id, "date": date(2026, 1, 1), "value": 5000}
        )
        with self.assertRaisesRegex(ValidationError, "Odometer Value"):
            Odometer.create(
                {"vehicle_id": vehicle.id, "date": date(2026, 2, 1), "value": 4000}
            )

    def test_greetings_wait_for_the_end_of_quiet_hours(self):
        self.env.company.write({"cx_quiet_hour_start": 21.0, "cx_quiet_hour_end": 8.0})
        owl, _v = self._customer(
            "Owl", cx_birthday=date(1980, 5, 10), tz="Asia/Shanghai"
        )
        with freeze_time("2027-05-10 15:00:00"):  # 23:00 in Beijing
            self.Ritual._cx_detect()
            self.Ritual._cx_send_due_greetings()
            ritual = self._rituals(owl, self.t_birthday)
            self.assertFalse(ritual.contact_state)
        with freeze_time("2027-05-11 01:30:00"):  # 09:30 in Beijing
            self.Ritual._cx_send_due_greetings()
            self.assertEqual(ritual.contact_state, "sent")

    @freeze_time("2027-05-10")
    def test_greetings_honour_blacklist_and_channel(self):
        """Greetings are emails: a blacklisted address is skipped with its reason; a
        customer preferring WeChat is greeted by email, the log says why."""
        blocked, _v = self._customer("Blocked", cx_birthday=date(1980, 5, 10))
        wechat = self.env.ref("cx_experience.cx_channel_wechat")
        fan, _v = self._customer(
            "Fan", cx_birthday=date(1981, 5, 10), cx_preferred_channel_id=wechat.id
        )
        self.env["mail.blacklist"].create({"email": blocked.email})
        self.Ritual._cx_detect()
        self.Ritual._cx_send_due_greetings()
        Log = self.env["cx.contact.log"]
        ritual = self._rituals(blocked, self.t_birthday)
        self.assertEqual(ritual.contact_state, "skipped")
        self.assertIn("blacklisted", ritual.contact_reason)
        self.assertFalse(
            self.env["mail.mail"].search([("recipient_ids", "in", blocked.ids)])
        )
        ritual = self._rituals(fan, self.t_birthday)
        self.assertEqual(ritual.contact_state, "sent")
        log = Log.search([("partner_id", "=", fan.id), ("kind", "=", "ritual")])
        self.assertEqual((log.state, log.channel_id.code), ("sent", "email"))
        self.assertIn("WeChat", log.reason)

    @freeze_time("2027-05-10")
    def test_greetings_respect_dnd_and_budget(self):
        happy, _v = self._customer("Happy", cx_birthday=date(1980, 5, 10))
        quiet, _v = self._customer(
            "Quiet", cx_birthday=date(1981, 5, 10), cx_do_not_disturb=True
        )
        busy, _v = self._customer("Busy", cx_birthday=date(1982, 5, 10))
        self.env.company.cx_contact_budget = 1
        self.env["cx.contact.log"]._log(busy, "survey")
        self.Ritual._cx_detect()
        self.Ritual._cx_send_due_greetings()
        Log = self.env["cx.contact.log"]
        happy_ritual = self._rituals(happy, self.t_birthday)
        self.assertEqual(happy_ritual.contact_state, "sent")
        mail = self.env["mail.mail"].search(
            [("model", "=", "cx.ritual"), ("res_id", "=", happy_ritual.id)]
        )
        self.assertIn(happy, mail.recipient_ids)
        self.assertEqual(
            Log.search([("partner_id", "=", happy.id), ("kind", "=", "ritual")]).state,
            "sent",
        )
        for partner, reason in ((quiet, "Do not disturb"), (busy, "budget")):
            ritual = self._rituals(partner, self.t_birthday)
            self.assertEqual(ritual.contact_state, "skipped")
            self.assertIn(reason, ritual.contact_reason)
            log = Log.search([("partner_id", "=", partner.id), ("kind", "=", "ritual")])
            self.assertEqual(log.state, "skipped")
            self.assertIn(reason, log.reason)
            mails = self.env["mail.mail"].search([("recipient_ids", "in", partner.ids)])
            self.assertFalse(
                mails,
                "%s: %s %s %s"
                % (
                    partner.name,
                    mails.subject,
                    mails.recipient_ids.mapped("name"),
                    mails.body_html,
                ),
            )
        # rerun: no second greeting
        self.Ritual._cx_send_due_greetings()
        self.assertEqual(Log.search_count([("partner_id", "=", happy.id)]), 1)

    @freeze_time("2027-05-01")
    def test_mark_done_as_advisor(self):
        partner, _v = self._customer("Done", cx_birthday=date(1980, 5, 3))
        self.Ritual._cx_detect()
        ritual = self._rituals(partner, self.t_birthday).with_user(self.advisor)
        activity = ritual.activity_id
        ritual.note = "Cake and song in the lounge, he was moved."
        ritual.action_done()
        self.assertEqual(ritual.state, "done")
        self.assertEqual(ritual.done_date, date(2027, 5, 1))
        self.assertFalse(activity.active)  # done: kept in the activity history
        self.assertFalse(ritual.activity_ids)
        with self.assertRaises(UserError):
            ritual.action_done()
        # the advisor's calendar view loads
        views = self.Ritual.with_user(self.advisor).get_views([(False, "calendar")])
        self.assertIn("calendar", views["views"])

    @freeze_time("2027-05-01")
    def test_briefing_shows_rituals_and_tier(self):
        partner, _v = self._customer(
            "Brief", [(10, 3000), (20, 3000), (30, 3000)], cx_birthday=date(1980, 5, 3)
        )
        self.env["cx.tier.run"]._cx_recompute_tiers(partner_ids=partner.ids)
        self.Ritual._cx_detect()
        sections = {
            s["key"]: s for s in partner.with_user(self.advisor)._cx_briefing_sections()
        }
        self.assertIn("Active", sections["cx_tier"]["lines"][0])
        self.assertTrue(
            any("2027-05-03" in line for line in sections["cx_rituals"]["lines"])
        )

    def test_greeting_template_in_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["cx_experience"], ["zh_CN"])
        partner, _v = self._customer("Chen", lang="zh_CN")
        ritual = self.Ritual.create(
            {
                "type_id": self.t_birthday.id,
                "partner_id": partner.id,
                "occasion": "2099",
                "due_date": "2099-01-01",
            }
        )
        template = self.t_birthday.mail_template_id
        rendered = template._generate_template(ritual.ids, ("subject", "body_html"))[
            ritual.id
        ]
        self.assertIn("生日快乐", rendered["subject"])
        self.assertIn("9折券", rendered["body_html"])
        self.assertEqual(self.t_birthday.with_context(lang="zh_CN").name, "车主生日")

    @freeze_time("2027-05-01")
    def test_concurrent_planner_does_not_fail_a_save(self):
        """Rituals a concurrent run committed after our snapshot are skipped, not an
        IntegrityError for the advisor whose save planned them (13.10)."""
        soon, _v = self._customer("Raced", cx_birthday=date(1980, 5, 10))
        other, _v = self._customer("Other", cx_birthday=date(1980, 5, 12))
        self.Ritual._cx_detect()
        ritual = self._rituals(soon, self.t_birthday)
        fresh = self._rituals(other, self.t_birthday)
        vals = [
            {
                "type_id": r.type_id.id,
                "partner_id": r.partner_id.id,
                "occasion": r.occasion,
                "due_date": r.due_date,
                "company_id": r.company_id.id,
            }
            for r in ritual | fresh
        ]
        fresh.activity_id.unlink()
        fresh.unlink()
        created = self.Ritual._cx_create_rituals(vals)
        self.assertEqual(created.partner_id, other)
        self.assertEqual(len(self._rituals(soon, self.t_birthday)), 1)

    @freeze_time("2027-05-10")
    def test_greetings_in_claimed_batches(self):
        """Greetings go out in batches; each handles its rituals once (13.10)."""
        for i in range(3):
            self._customer(f"Batch {i}", cx_birthday=date(1980, 5, 10))
        self.Ritual._cx_detect()
        first = self.Ritual._cx_send_due_greetings(limit=2)
        self.assertEqual(len(first), 2)
        self.assertEqual(set(first.mapped("contact_state")), {"sent"})
        second = self.Ritual._cx_send_due_greetings(limit=2)
        self.assertEqual(len(second), 1)
        self.assertFalse(first & second)
        self.assertFalse(self.Ritual._cx_send_due_greetings(limit=2))
